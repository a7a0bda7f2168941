"""Raw access to a DuckDB file: the store's errors, the process lock, opening with lock waits, one-row queries."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb

from lapas_metrics import config

# DuckDB refuses a second connection to one file with another configuration in the same
# process (read-only beside read-write), and a process holding the file locks out the
# others. So every operation opens, works and closes under this lock: the dashboard holds
# no lock while idle and a command-line ingest can run beside it.
_PROCESS_LOCK = threading.RLock()


class StoreError(Exception):
    """A store operation that cannot be done; the message is Indonesian and meant for the user."""


class StoreBusy(StoreError):
    """Another process holds the database file longer than we are willing to wait."""


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple | None:
    """The first row of a query, reading the result to its end (a half-read result blocks the connection)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    """The integer a query always returns in its first row (a count, the next batch number)."""
    row = _one(con, sql, params)
    assert row is not None, sql
    return int(row[0])


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while another process holds its lock, up to config.lock_wait_seconds()."""
    deadline = time.monotonic() + config.lock_wait_seconds()
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if not _is_lock_error(error):
                raise StoreError(f"Basis data {path} tidak dapat dibuka: {error}") from error
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"Basis data {path} sedang dipakai proses lain untuk menulis. Tunggu sebentar lalu coba lagi."
                ) from error
            time.sleep(0.1)


def db_stamp(path: Path) -> tuple[int, int]:
    """Changes whenever the file is written (by this or another process): a cache key for loaders."""
    path = Path(path)
    stamp = (0, 0)
    for part in (path, Path(str(path) + ".wal")):
        if part.exists():
            info = part.stat()
            stamp = (stamp[0] + info.st_mtime_ns, stamp[1] + info.st_size)
    return stamp
