"""The command-line output of METRICS.md: one row per UPT and year with every figure, flag and skor_risiko, and its CSV."""

from __future__ import annotations

from pandas import DataFrame

from lapas_metrics import fmt
from lapas_metrics.metrics.arrays import Years
from lapas_metrics.metrics.catalog import FIGURES
from lapas_metrics.metrics.flags import FLAGS
from lapas_metrics.metrics.inputs import MetricInputs
from lapas_metrics.metrics.scoring import audit_flags
from lapas_metrics.metrics.thresholds import AuditConfig, load_audit_config
from lapas_metrics.metrics.yearly import yearly_figures

METRICS_TABLE_COLUMNS = ("kode_upt", "nama_upt", "tahun", *FIGURES, *FLAGS, "skor_risiko")


def metrics_table(
    inputs: MetricInputs, tahun: Years, kanwil: str | None = None, config: AuditConfig | None = None
) -> DataFrame:
    """The command-line output of METRICS.md: METRICS_TABLE_COLUMNS (kode_upt, nama_upt, tahun, FIGURES,
    FLAGS as bool, skor_risiko), one row per UPT and year, sorted by kode_upt, tahun.

    kanwil filters rows (case-insensitive, surrounding spaces ignored; an unknown kanwil gives no rows)
    after the flags are computed, so peers are always the whole kanwil. config None reads
    load_audit_config().
    """
    config = config if config is not None else load_audit_config()
    figures = yearly_figures(inputs, tahun)
    flagged = audit_flags(figures, config)
    if kanwil is not None:
        wanted = kanwil.strip().casefold()
        flagged = flagged[flagged["kanwil"].astype(str).str.strip().str.casefold() == wanted]
    flagged = flagged.sort_values(["kode_upt", "tahun"], kind="stable")
    return flagged[list(METRICS_TABLE_COLUMNS)].reset_index(drop=True)


def metrics_csv(table: DataFrame) -> str:
    """`table` (e.g. metrics_table()) as CSV text: bool columns as true/false, empty figures as empty
    cells, ratios as plain decimals, money in rupiah, full float precision; text neutralised (fmt.csv_text)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == bool or str(out[column].dtype) == "boolean":
            out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return fmt.csv_text(out)
