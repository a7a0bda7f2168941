"""Benchmark: every figure and flag of METRICS.md on the national-scale database, one year and all years.

Run from the project folder: .venv/bin/python -m benchmarks.bench_metrics
Targets (issue 3), after the process has started: one year within 0.5 s, all years within 2 s.
The time to read the aggregates out of DuckDB is printed apart, and also counted in the totals.
"""

from __future__ import annotations

import time

from benchmarks.national import national_db
from lapas_metrics import metrics, store


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    path = national_db()
    config = metrics.load_audit_config()
    load = best_of(3, lambda: store.metric_frames(path))
    inputs = metrics.MetricInputs(**store.metric_frames(path))
    years = metrics.available_years(inputs)
    latest = max(years)
    one_year = best_of(5, lambda: metrics.audit_flags(metrics.yearly_figures(inputs, latest), config))
    all_years = best_of(5, lambda: metrics.audit_flags(metrics.yearly_figures(inputs), config))
    reasons = best_of(3, lambda: metrics.flag_reasons(metrics.yearly_figures(inputs), config))
    counts = store.table_counts(path)
    print(
        f"national database: {counts['upt']} UPT, years {years[0]}–{latest}, "
        f"{counts['partisipasi']:,} partisipasi, {counts['realisasi']:,} realisasi, {counts['produksi']:,} produksi rows"
    )
    print(f"read aggregates from DuckDB (store.metric_frames):  {load:.3f} s")
    print(
        f"figures + flags, one year ({latest}):                {one_year:.3f} s  (+ read {load + one_year:.3f} s; target 0.5 s)"
    )
    print(
        f"figures + flags, all {len(years)} years:                   {all_years:.3f} s  (+ read {load + all_years:.3f} s; target 2 s)"
    )
    print(f"flag sentences, all years (metrics.flag_reasons):   {reasons:.3f} s")
    ok = load + one_year <= 0.5 and load + all_years <= 2.0
    print("PASS" if ok else "MISS")


if __name__ == "__main__":
    main()
