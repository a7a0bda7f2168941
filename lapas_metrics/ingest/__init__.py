"""File bytes -> conformed rows and problems for one table of spec/DATA.md; pure, no database."""

from lapas_metrics.ingest.conform import (
    MAX_PROBLEMS,
    IngestResult,
    Problem,
    read_table_upload,
    read_upload,
    template_csv,
    template_frame,
)
from lapas_metrics.ingest.read import DELIMITERS, HEADER_SEARCH_ROWS, normalize_header
from lapas_metrics.ingest.rules import row_units

__all__ = [
    "DELIMITERS",
    "HEADER_SEARCH_ROWS",
    "MAX_PROBLEMS",
    "IngestResult",
    "Problem",
    "normalize_header",
    "read_table_upload",
    "read_upload",
    "row_units",
    "template_csv",
    "template_frame",
]
