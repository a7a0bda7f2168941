"""Exports as bytes (Excel workbooks, CSV): the shared sheet writer, the audit working paper, the evaluation KKE, the findings matrix, the PKPT; no Streamlit, no database."""

from lapas_metrics.export.findings_matrix import matrix_bytes
from lapas_metrics.export.kke import KkePaper, kke_bytes
from lapas_metrics.export.pkpt import plan_bytes
from lapas_metrics.export.sheet import (
    COUNT,
    DANGEROUS_START,
    DATETIME,
    DECIMAL,
    PERCENT,
    RATIO,
    RUPIAH,
    YEAR,
    Book,
    Column,
    PaperInfo,
    Sheet,
    Signer,
    neutralise,
)
from lapas_metrics.export.working_paper import (
    CLEAR,
    NOT_EVALUABLE,
    RAISED,
    SHEETS,
    WorkingPaper,
    data_columns,
    source_columns,
    summary_columns,
    summary_csv,
    workbook_bytes,
)

__all__ = [
    "CLEAR",
    "COUNT",
    "DANGEROUS_START",
    "DATETIME",
    "DECIMAL",
    "KkePaper",
    "NOT_EVALUABLE",
    "PERCENT",
    "RAISED",
    "RATIO",
    "RUPIAH",
    "SHEETS",
    "YEAR",
    "Book",
    "Column",
    "PaperInfo",
    "Sheet",
    "Signer",
    "WorkingPaper",
    "data_columns",
    "kke_bytes",
    "matrix_bytes",
    "neutralise",
    "plan_bytes",
    "source_columns",
    "summary_columns",
    "summary_csv",
    "workbook_bytes",
]
