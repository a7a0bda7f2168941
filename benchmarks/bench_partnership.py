"""Benchmark: every figure and flag with the partnership tables filled at national scale (issue 15).

Run from the project folder: .venv/bin/python -m benchmarks.bench_partnership
530 units, 2 agreements and 20 assets each, monthly asset checks over every year, two split rules per
unit. Target: one year of figures + flags within 0.5 s beyond start-up (reading the store apart).
"""

from __future__ import annotations

import time

from benchmarks.bench_metrics import best_of
from benchmarks.national import national_db
from benchmarks.partnership import partnership_rows, with_partnerships
from lapas_metrics import metrics, store


def main() -> None:
    path = national_db()
    config = metrics.load_audit_config()
    base = metrics.MetricInputs(**store.metric_frames(path))
    years = metrics.available_years(base)
    started = time.perf_counter()
    rows = partnership_rows(base.upt, years)
    inputs = with_partnerships(base, rows)
    built = time.perf_counter() - started
    latest = max(years)
    plain = best_of(5, lambda: metrics.audit_flags(metrics.yearly_figures(base, latest), config))
    one_year = best_of(5, lambda: metrics.audit_flags(metrics.yearly_figures(inputs, latest), config))
    all_years = best_of(3, lambda: metrics.audit_flags(metrics.yearly_figures(inputs), config))
    reasons = best_of(3, lambda: metrics.flag_reasons(metrics.yearly_figures(inputs), config))
    print(
        f"partnership tables: {len(rows['kemitraan']):,} kemitraan, {len(rows['aset']):,} aset, "
        f"{len(rows['status_aset']):,} status_aset rows ({len(inputs.status_aset):,} asset-years), "
        f"{len(rows['aturan_premi']):,} aturan_premi, {len(rows['setoran_mitra']):,} partner deposits "
        f"(built in {built:.2f} s)"
    )
    print(f"figures + flags, one year ({latest}), seven tables only: {plain:.3f} s")
    print(f"figures + flags, one year ({latest}), with partnerships: {one_year:.3f} s  (target 0.5 s)")
    print(f"figures + flags, all {len(years)} years, with partnerships: {all_years:.3f} s  (target 2 s)")
    print(f"flag sentences, all years:                          {reasons:.3f} s")
    print("PASS" if one_year <= 0.5 and all_years <= 2.0 else "MISS")


if __name__ == "__main__":
    main()
