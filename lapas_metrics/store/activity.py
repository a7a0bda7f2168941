"""The activity log (sign-ins, uploads, undos, exports) in its own DuckDB file beside the database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from lapas_metrics.store.connection import _PROCESS_LOCK, StoreError, _connect


def activity_path(path: Path) -> Path:
    """The activity log's own DuckDB file beside the database (data/lapas.duckdb -> data/lapas.aktivitas.duckdb).

    Kept apart so that sign-ins and exports never change the database file: its SHA-256, printed
    on every working paper, then changes only when the data does.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.aktivitas{path.suffix or '.duckdb'}")


def log_activity(path: Path, user: str | None, action: str, detail: str = "") -> None:
    """Write one line to the activity log (sign-ins, uploads, undos, exports); never a password or a hash.

    Best effort: a busy, damaged or full log file does not undo or block the action it records.
    """
    log_file = activity_path(path)
    try:
        with _PROCESS_LOCK:
            con = _connect(log_file, read_only=False)
            try:
                con.execute(
                    "CREATE TABLE IF NOT EXISTS log_aktivitas "
                    "(waktu TIMESTAMP NOT NULL, pengguna VARCHAR, aksi VARCHAR NOT NULL, rincian VARCHAR)"
                )
                con.execute("INSERT INTO log_aktivitas VALUES (?, ?, ?, ?)", [datetime.now(), user, action, detail])
            finally:
                con.close()
    except (StoreError, duckdb.Error):
        pass


def activity_log(path: Path, limit: int = 1000) -> pd.DataFrame:
    """The activity log, newest first: waktu, pengguna, aksi, rincian (empty when nothing was logged yet)."""
    log_file = activity_path(path)
    columns = ["waktu", "pengguna", "aksi", "rincian"]
    if not log_file.exists():
        return pd.DataFrame(columns=columns)
    with _PROCESS_LOCK:
        con = _connect(log_file, read_only=True)
        try:
            return con.execute(
                f"SELECT {', '.join(columns)} FROM log_aktivitas ORDER BY waktu DESC LIMIT ?", [limit]
            ).df()
        finally:
            con.close()
