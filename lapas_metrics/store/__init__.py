"""The DuckDB store, the only code that speaks SQL; callers use the names re-exported here (store.read_table)."""

from __future__ import annotations

from lapas_metrics.store.activity import activity_log, activity_path, log_activity
from lapas_metrics.store.batches import (
    STATUS_AKTIF,
    STATUS_DIBATALKAN,
    UPLOAD_LOG_COLUMNS,
    BatchResult,
    active_batch_of_file,
    batch_file,
    list_batches,
    load_batch,
    undo_batch,
    undo_preview,
)
from lapas_metrics.store.connection import StoreBusy, StoreDamaged, StoreError, StoreFull, db_stamp
from lapas_metrics.store.migrations import SCHEMA_VERSION
from lapas_metrics.store.originals import originals_dir, sweep_temporary
from lapas_metrics.store.reads import (
    file_sha256,
    known_upt,
    metric_frames,
    product_totals,
    read_table,
    table_counts,
    units_not_in,
    upt_upload_warnings,
    verify_database,
)
from lapas_metrics.store.transactions import get_meta, is_demo, migrate, reading, set_meta, writing

__all__ = [
    "SCHEMA_VERSION",
    "STATUS_AKTIF",
    "STATUS_DIBATALKAN",
    "UPLOAD_LOG_COLUMNS",
    "BatchResult",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "active_batch_of_file",
    "activity_log",
    "activity_path",
    "batch_file",
    "db_stamp",
    "file_sha256",
    "get_meta",
    "is_demo",
    "known_upt",
    "list_batches",
    "load_batch",
    "log_activity",
    "metric_frames",
    "migrate",
    "originals_dir",
    "product_totals",
    "read_table",
    "reading",
    "set_meta",
    "sweep_temporary",
    "table_counts",
    "undo_batch",
    "undo_preview",
    "units_not_in",
    "upt_upload_warnings",
    "verify_database",
    "writing",
]
