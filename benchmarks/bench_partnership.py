"""Benchmark: every figure and flag with the partnership tables filled at national scale (issue 15).

Run from the project folder: .venv/bin/python -m benchmarks.bench_partnership
530 units, 2 agreements and 20 assets each, monthly asset checks over every year (1.27 million
status_aset rows), two split rules per unit, a partner's deposit per agreement and year, all imported
through the importer into a copy of the national database (built once). Target: one year of figures
and flags within 0.5 s beyond start-up, reading the aggregates out of DuckDB included.
"""

from __future__ import annotations

from benchmarks.bench_metrics import best_of
from benchmarks.partnership import partnership_db
from lapas_metrics import metrics, store


def main() -> None:
    path = partnership_db()
    config = metrics.load_audit_config()
    load = best_of(3, lambda: store.metric_frames(path))
    inputs = metrics.MetricInputs(**store.metric_frames(path))
    years = metrics.available_years(inputs)
    latest = max(years)
    # The command line with --tahun reads that year's asset checks only (store.metric_frames(tahun=...)).
    load_year = best_of(3, lambda: store.metric_frames(path, tahun=latest))
    year_inputs = metrics.MetricInputs(**store.metric_frames(path, tahun=latest))
    one_year = best_of(5, lambda: metrics.audit_flags(metrics.yearly_figures(year_inputs, latest), config))
    all_years = best_of(3, lambda: metrics.audit_flags(metrics.yearly_figures(inputs), config))
    reasons = best_of(3, lambda: metrics.flag_reasons(metrics.yearly_figures(inputs), config))
    counts = store.table_counts(path)
    print(
        f"national database with partnerships: {counts['upt']} UPT, years {years[0]}–{latest}, "
        f"{counts['kemitraan']:,} kemitraan, {counts['laporan_mitra']:,} laporan_mitra, {counts['aset']:,} aset, "
        f"{counts['status_aset']:,} status_aset, {counts['aturan_premi']:,} aturan_premi, {counts['pnbp']:,} pnbp rows"
    )
    print(f"read aggregates from DuckDB, every year:            {load:.3f} s")
    print(f"read aggregates from DuckDB, {latest} (tahun=):       {load_year:.3f} s")
    print(
        f"figures + flags, one year ({latest}):                {one_year:.3f} s  (+ read {load_year + one_year:.3f} s; target 0.5 s)"
    )
    print(
        f"figures + flags, all {len(years)} years:                   {all_years:.3f} s  (+ read {load + all_years:.3f} s; target 2 s)"
    )
    print(f"flag sentences, all years (metrics.flag_reasons):   {reasons:.3f} s")
    print("PASS" if load_year + one_year <= 0.5 and load + all_years <= 2.0 else "MISS")


if __name__ == "__main__":
    main()
