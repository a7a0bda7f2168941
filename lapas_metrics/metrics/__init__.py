"""The figures, totals, monthly series and audit flags of spec/METRICS.md, in pure pandas on the store's aggregates.

Modules, lowest first: arrays (numpy helpers), asof (the as-of date and reporting deadline: months
due), inputs (MetricInputs), catalog (the figures declared once), partnership (the partnership, asset
and split-rule figures), yearly (yearly_figures), totals (group_totals), progress (a year in progress:
default_year, same_months_totals), series (monthly_*), rules, partnership_flags and flags (the flags
declared once, each with its check and sentence), thresholds (AuditConfig), scoring (flag_status,
audit_flags, flag_reasons), table (metrics_table, metrics_csv).
"""

from lapas_metrics.metrics.arrays import Years
from lapas_metrics.metrics.asof import DEFAULT_BATAS_HARI_LAPOR, due_date, months_due, months_expected
from lapas_metrics.metrics.catalog import (
    ALL_UPT,
    COUNT,
    EXTRA_COLUMNS,
    FIGURE_BY_NAME,
    FIGURE_CATALOG,
    FIGURES,
    ID_COLUMNS,
    MONTHS,
    PCT,
    RATIO,
    RP,
    SCORE,
    Figure,
)
from lapas_metrics.metrics.flags import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    FLAG_BY_NAME,
    FLAG_CATALOG,
    FLAGS,
    SCORED_FLAGS,
    Flag,
)
from lapas_metrics.metrics.inputs import (
    INPUT_COLUMNS,
    MONTHLY_TABLES,
    PARTNERSHIP_TABLES,
    MetricInputs,
    available_years,
    expected_months,
)
from lapas_metrics.metrics.partnership import BULAN_KE_DEPAN, months_until, tanggal_berakhir
from lapas_metrics.metrics.progress import (
    SameMonths,
    default_year,
    in_progress,
    latest_month,
    reporting_units,
    same_months_totals,
    through_month,
)
from lapas_metrics.metrics.scoring import audit_flags, flag_reasons, flag_status
from lapas_metrics.metrics.series import (
    Grouping,
    monthly_absorption,
    monthly_participation,
    monthly_pnbp,
    monthly_production,
)
from lapas_metrics.metrics.table import METRICS_TABLE_COLUMNS, metrics_csv, metrics_table
from lapas_metrics.metrics.thresholds import DEFAULT_ANGGARAN_PERCENTILE, AuditConfig, load_audit_config
from lapas_metrics.metrics.totals import group_totals
from lapas_metrics.metrics.yearly import yearly_figures

__all__ = [
    "ALL_UPT",
    "BULAN_KE_DEPAN",
    "COUNT",
    "DEFAULT_BATAS_HARI_LAPOR",
    "DEFAULT_ANGGARAN_PERCENTILE",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "EXTRA_COLUMNS",
    "FIGURES",
    "FIGURE_BY_NAME",
    "FIGURE_CATALOG",
    "FLAGS",
    "FLAG_BY_NAME",
    "FLAG_CATALOG",
    "ID_COLUMNS",
    "INPUT_COLUMNS",
    "METRICS_TABLE_COLUMNS",
    "MONTHLY_TABLES",
    "MONTHS",
    "PARTNERSHIP_TABLES",
    "PCT",
    "RATIO",
    "RP",
    "SCORE",
    "SCORED_FLAGS",
    "AuditConfig",
    "Figure",
    "Flag",
    "Grouping",
    "MetricInputs",
    "SameMonths",
    "Years",
    "audit_flags",
    "available_years",
    "default_year",
    "due_date",
    "expected_months",
    "flag_reasons",
    "flag_status",
    "group_totals",
    "in_progress",
    "latest_month",
    "load_audit_config",
    "metrics_csv",
    "metrics_table",
    "monthly_absorption",
    "monthly_participation",
    "monthly_pnbp",
    "monthly_production",
    "months_due",
    "months_expected",
    "months_until",
    "reporting_units",
    "same_months_totals",
    "tanggal_berakhir",
    "through_month",
    "yearly_figures",
]
