"""Raw access to a DuckDB file: the store's errors (DuckDB's English mapped to Indonesian), the process lock, opening."""

from __future__ import annotations

import errno
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


class StoreDamaged(StoreError):
    """The database file is damaged or not this application's DuckDB file: it is neither read nor written."""


class StoreFull(StoreError):
    """The disk under the database is full: the write was rolled back, nothing is stored."""


# No extension is loaded or installed behind our back: a file of another kind (an SQLite file
# named .duckdb) otherwise makes DuckDB try to download a reader from the internet.
_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}

# DuckDB 2.0's words (English) for a file that is damaged or of another kind, seen on truncated
# files, random bytes over the header or a data block, text, an empty file and an SQLite file.
_DAMAGE_WORDS = (
    "corrupt database file",
    "not a valid duckdb database file",
    "could not read enough bytes",
    "checksum",
    "is an existing extension",
    "database has been invalidated",
)
_FULL_WORDS = ("no space left on device", "disk quota exceeded", "disk is full")
_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def damaged(path: Path) -> StoreDamaged:
    return StoreDamaged(
        f"Berkas basis data {path} rusak atau bukan basis data aplikasi ini, jadi tidak dibaca dan tidak ditulis; "
        "pulihkan dari cadangan (berkas ini tidak akan ditimpa)."
    )


def disk_full(path: Path) -> StoreFull:
    return StoreFull(
        f"Ruang disk untuk basis data {path} penuh, jadi tidak ada yang disimpan; kosongkan ruang disk lalu coba lagi."
    )


def is_disk_full(error: OSError) -> bool:
    return error.errno in _FULL_ERRNOS


def translate(error: Exception, path: Path) -> StoreError | None:
    """The Indonesian StoreError for a DuckDB error about the file (damaged, disk full); None for any other."""
    if isinstance(error, OSError) and is_disk_full(error):
        return disk_full(path)
    if not isinstance(error, duckdb.Error):
        return None
    text = str(error).lower()
    if any(words in text for words in _FULL_WORDS):
        return disk_full(path)
    if any(words in text for words in _DAMAGE_WORDS):
        return damaged(path)
    if "permission denied" in text:
        return StoreError(f"Basis data {path} tidak dapat dibuka: izin berkas tidak cukup.")
    return None


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
            return duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
        except duckdb.Error as error:
            if not _is_lock_error(error):
                translated = translate(error, path)
                if translated is None and path.exists():
                    translated = damaged(path)
                raise translated or StoreError(f"Basis data {path} tidak dapat dibuka.") from error
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
