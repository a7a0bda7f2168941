"""The activity log (sign-ins, uploads, undos, exports), failed sign-ins and sessions: a DuckDB file beside the database."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from lapas_metrics import clock
from lapas_metrics.store.connection import _PROCESS_LOCK, StoreError, _connect, _count, _one

try:
    import fcntl
except ImportError:  # Windows: the thread lock alone (one server process)
    fcntl = None  # type: ignore[assignment]


def activity_path(path: Path) -> Path:
    """The activity log's own DuckDB file beside the database (data/lapas.duckdb -> data/lapas.aktivitas.duckdb).

    Kept apart so that sign-ins and exports never change the database file: its SHA-256, printed
    on every working paper, then changes only when the data does.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.aktivitas{path.suffix or '.duckdb'}")


LOG_TABLE = (
    "CREATE TABLE IF NOT EXISTS log_aktivitas "
    "(waktu TIMESTAMP NOT NULL, pengguna VARCHAR, aksi VARCHAR NOT NULL, rincian VARCHAR)"
)
KEEP_SESSIONS_S = 7 * 86400  # records of sessions unseen for a week are dropped when a new one starts


def log_activity(path: Path, user: str | None, action: str, detail: str = "") -> None:
    """Write one line to the activity log (sign-ins, uploads, undos, exports); never a password or a hash.

    Best effort: a busy, damaged or full log file does not undo or block the action it records.
    """
    log_file = activity_path(path)
    try:
        with _PROCESS_LOCK:
            con = _connect(log_file, read_only=False)
            try:
                con.execute(LOG_TABLE)
                con.execute("INSERT INTO log_aktivitas VALUES (?, ?, ?, ?)", [clock.utc_now(), user, action, detail])
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


# ---------------------------------------------------------------- sign-in attempts and sessions
#
# Kept in the activity log's file, not in the server's memory: no browser can clear them (Streamlit's
# clear-cache message empties st.cache_*), and every server process on the database shares them.

_TURN = threading.Lock()


@contextmanager
def sign_in_turn(path: Path) -> Iterator[None]:
    """One sign-in attempt at a time: a thread lock within this process and, where the system has it, a
    file lock beside the activity log across processes. A second attempt waits until the first is checked."""
    lock_file = activity_path(path).with_suffix(".lock")
    with _TURN:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing releases the flock


def _activity_con(path: Path) -> duckdb.DuckDBPyConnection:
    """The activity log opened read-write with the sign-in and session tables in place (caller holds the lock)."""
    log_file = activity_path(path)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(log_file, read_only=False)
    con.execute(LOG_TABLE)  # the admin's log page reads it even when only sign-in attempts were written
    con.execute(
        "CREATE TABLE IF NOT EXISTS gagal_masuk (jenis VARCHAR NOT NULL, kunci VARCHAR NOT NULL, "
        "jumlah INTEGER NOT NULL, terakhir DOUBLE NOT NULL, PRIMARY KEY (jenis, kunci))"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS sesi (token_hash VARCHAR PRIMARY KEY, pengguna VARCHAR NOT NULL, "
        "dibuat DOUBLE NOT NULL, terakhir DOUBLE NOT NULL, berakhir BOOLEAN NOT NULL DEFAULT false)"
    )
    return con


def failed_sign_ins(path: Path, keys: dict[str, str]) -> dict[str, tuple[int, float]]:
    """The failed attempts counted under each key kind ({"nama": "budi", "alamat": "10.0.0.7"}): kind ->
    (count, time.time() of the last failure); (0, 0.0) for a key with none."""
    found = dict.fromkeys(keys, (0, 0.0))
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            for kind, key in keys.items():
                row = _one(con, "SELECT jumlah, terakhir FROM gagal_masuk WHERE jenis = ? AND kunci = ?", [kind, key])
                if row is not None:
                    found[kind] = (int(row[0]), float(row[1]))
        finally:
            con.close()
    return found


def record_failed_sign_in(path: Path, keys: dict[str, str], now: float, forget_after: float) -> None:
    """Count one failed attempt under each key; a count whose last failure is older than `forget_after`
    seconds starts again at one."""
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            for kind, key in keys.items():
                con.execute(
                    "INSERT INTO gagal_masuk VALUES (?, ?, 1, ?) ON CONFLICT (jenis, kunci) DO UPDATE SET "
                    "jumlah = CASE WHEN ? - gagal_masuk.terakhir > ? THEN 1 ELSE gagal_masuk.jumlah + 1 END, "
                    "terakhir = excluded.terakhir",
                    [kind, key, now, now, forget_after],
                )
        finally:
            con.close()


def clear_failed_sign_ins(path: Path, kind: str, key: str) -> None:
    """Forget the failed attempts under one key (a user name after a correct password)."""
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            con.execute("DELETE FROM gagal_masuk WHERE jenis = ? AND kunci = ?", [kind, key])
        finally:
            con.close()


def start_session(path: Path, token_hash: str, username: str, now: float) -> None:
    """Record a signed-in session under the hash of its token (the token itself is never stored)."""
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            con.execute("DELETE FROM sesi WHERE terakhir < ?", [now - KEEP_SESSIONS_S])
            con.execute("INSERT INTO sesi VALUES (?, ?, ?, ?, false)", [token_hash, username, now, now])
        finally:
            con.close()


def resume_session(path: Path, token_hash: str, idle_seconds: float, now: float) -> str | None:
    """The user of a live session (not ended, seen within `idle_seconds`), marked as seen now; else None,
    and a session found idle too long is ended."""
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            row = _one(con, "SELECT pengguna, terakhir FROM sesi WHERE token_hash = ? AND NOT berakhir", [token_hash])
            if row is None:
                return None
            if now - float(row[1]) > idle_seconds:
                con.execute("UPDATE sesi SET berakhir = true WHERE token_hash = ?", [token_hash])
                return None
            con.execute("UPDATE sesi SET terakhir = ? WHERE token_hash = ?", [now, token_hash])
            return str(row[0])
        finally:
            con.close()


def end_sessions(path: Path, token_hash: str | None = None, username: str | None = None) -> int:
    """End one session (by its token's hash) or every session of a user; the number ended."""
    if not activity_path(path).exists():
        return 0
    column, value = ("token_hash", token_hash) if token_hash is not None else ("pengguna", username)
    with _PROCESS_LOCK:
        con = _activity_con(path)
        try:
            where = f"{column} = ? AND NOT berakhir"
            ended = _count(con, f"SELECT count(*) FROM sesi WHERE {where}", [value])
            con.execute(f"UPDATE sesi SET berakhir = true WHERE {where}", [value])
            return ended
        finally:
            con.close()
