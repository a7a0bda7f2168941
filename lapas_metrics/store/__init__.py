"""The DuckDB store, the only code that speaks SQL; callers use the names re-exported here (store.read_table)."""

from __future__ import annotations

from lapas_metrics.store.activity import (
    activity_log,
    activity_path,
    clear_failed_sign_ins,
    end_sessions,
    failed_sign_ins,
    log_activity,
    record_failed_sign_in,
    resume_session,
    sign_in_turn,
    start_session,
)
from lapas_metrics.store.batches import (
    STATUS_AKTIF,
    STATUS_DIBATALKAN,
    UPLOAD_LOG_COLUMNS,
    BatchResult,
    active_batch_of_file,
    batch_file,
    batch_file_refusal,
    list_batches,
    load_batch,
)
from lapas_metrics.store.changes import DIFF_ROWS, ChangePreview, change_preview
from lapas_metrics.store.connection import StoreBusy, StoreDamaged, StoreError, StoreFull, db_stamp
from lapas_metrics.store.history import BatchComparison, comparable_batches, compare_batches
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
from lapas_metrics.store.undo import undo_batch, undo_preview, undo_refusal

__all__ = [
    "SCHEMA_VERSION",
    "STATUS_AKTIF",
    "STATUS_DIBATALKAN",
    "UPLOAD_LOG_COLUMNS",
    "BatchComparison",
    "DIFF_ROWS",
    "BatchResult",
    "ChangePreview",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "active_batch_of_file",
    "activity_log",
    "activity_path",
    "batch_file",
    "batch_file_refusal",
    "change_preview",
    "clear_failed_sign_ins",
    "comparable_batches",
    "compare_batches",
    "db_stamp",
    "end_sessions",
    "failed_sign_ins",
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
    "record_failed_sign_in",
    "resume_session",
    "set_meta",
    "sign_in_turn",
    "start_session",
    "sweep_temporary",
    "table_counts",
    "undo_batch",
    "undo_preview",
    "undo_refusal",
    "units_not_in",
    "upt_upload_warnings",
    "verify_database",
    "writing",
]
