"""Batches: writing a file's rows with history of the rows they replace, the upload log, undo, the original files."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar, cast

import duckdb
import pandas as pd

from lapas_metrics import auth, clock, schema
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.changes import incoming_view, key_join, same_values
from lapas_metrics.store.connection import StoreError, _count, _one
from lapas_metrics.store.links import batch_units
from lapas_metrics.store.originals import _discard_original, _keep_original, originals_dir
from lapas_metrics.store.transactions import reading, writing

UPLOAD_LOG_COLUMNS = schema.UPLOAD_LOG_COLUMNS
STATUS_AKTIF = "aktif"
STATUS_DIBATALKAN = "dibatalkan"

T = TypeVar("T")


@dataclass
class BatchResult:
    batch_id: int | None  # None when nothing was written (a repeated file)
    tabel: str
    baris_baru: int = 0
    baris_diganti: int = 0
    peringatan: list[str] = field(default_factory=list)
    duplikat_dari: int | None = None  # batch that already holds the same file
    baris_sama: int = 0  # rows equal to the stored ones: left as they were (DATA.md `baris_sama`)

    @property
    def message(self) -> str:
        if self.batch_id is None:
            return f"Berkas ini sudah pernah disimpan (batch {self.duplikat_dari}); tidak ada yang diubah."
        return (
            f"Batch {self.batch_id} disimpan ke tabel {self.tabel}: {self.baris_baru} baris baru, "
            f"{self.baris_diganti} baris diganti, {self.baris_sama} baris sama, {len(self.peringatan)} peringatan."
        )


def load_batch(
    path: Path,
    table_name: str,
    rows: pd.DataFrame,
    *,
    file_name: str,
    file_bytes: bytes,
    sha256: str,
    warnings: list[str] | None = None,
    user: str | None = None,
) -> BatchResult:
    """Write conformed rows as one batch in one transaction; rows with an existing key replace it, the old version goes to history.

    Raises StoreError (nothing written) when a fact row names a kode_upt not in `upt`.
    A file whose SHA-256 is already in an active batch of the same table writes nothing.
    """
    table = schema.get_table(table_name)
    warnings = list(warnings or [])
    keeper: _Background[tuple[str, bool]] | None = None
    try:
        with writing(path) as con:
            duplicate = _one(
                con,
                "SELECT batch_id FROM unggahan WHERE sha256 = ? AND tabel = ? AND status = ? ORDER BY batch_id LIMIT 1",
                [sha256, table.name, STATUS_AKTIF],
            )
            if duplicate:
                return BatchResult(None, table.name, duplikat_dari=int(duplicate[0]))
            batch_id = _count(con, "SELECT coalesce(max(batch_id), 0) + 1 FROM unggahan")
            # The original file is written to disk while DuckDB inserts the rows (I/O beside CPU);
            # it is on disk before the batch commits.
            keeper = _Background(_keep_original, path, file_bytes)
            inserted, replaced, unchanged = _write_rows(con, table, rows, batch_id)
            original, _ = keeper.result()
            _record_batch(
                con,
                [batch_id, table.name, file_name, sha256, inserted, replaced, unchanged, user, warnings],
                original,
                len(file_bytes),
            )
    except BaseException:
        if keeper is not None:
            _forget_original(path, keeper)
        raise
    log_activity(path, user, "unggah", f"batch {batch_id} {table.name} {file_name}")
    return BatchResult(batch_id, table.name, inserted, replaced, warnings, baris_sama=unchanged)


def _write_rows(
    con: duckdb.DuckDBPyConnection, table: schema.Table, rows: pd.DataFrame, batch_id: int
) -> tuple[int, int, int]:
    """Insert the batch's rows, replacing stored rows with the same key and other values; returns
    (inserted, replaced, unchanged). A row equal to the stored one is left as it is (DATA.md `baris_sama`)."""
    with incoming_view(con, table, rows, batch_id) as total:
        _refuse_unknown_references(con, table)
        replaced, unchanged = _replace_rows(con, table, batch_id)
        return total - replaced - unchanged, replaced, unchanged


def _forget_original(path: Path, keeper: _Background[tuple[str, bool]]) -> None:
    """After a failed batch: wait for its original file, and remove it if this batch created it."""
    kept = keeper.outcome()
    if kept is not None and kept[1]:
        _discard_original(path, kept[0])


def _refuse_unknown_references(con: duckdb.DuckDBPyConnection, table: schema.Table) -> None:
    """StoreError naming (up to 20) values of the incoming rows that name no row of the table they reference
    (kode_upt not in `upt`, a nomor_perjanjian not in `kemitraan`, ...); an empty optional reference names none."""
    for ref in table.references:
        unknown = con.execute(
            f"""SELECT DISTINCT {ref.column} FROM incoming WHERE {ref.column} IS NOT NULL
                AND {ref.column} NOT IN (SELECT {ref.column} FROM {ref.table}) ORDER BY 1 LIMIT 20"""
        ).fetchall()
        if unknown:
            names = ", ".join(r[0] for r in unknown)
            raise StoreError(f"{ref.column} tidak ada di {ref.listed_in}: {names}. Tidak ada yang disimpan.")


def _replace_rows(con: duckdb.DuckDBPyConnection, table: schema.Table, batch_id: int) -> tuple[int, int]:
    """Move the stored rows whose key is among the incoming ones and whose values differ to history,
    then insert the incoming rows except those equal to a stored one (which keep their batch_id).

    Returns (replaced, unchanged).
    """
    columns = table.column_names
    column_list = ", ".join(columns)
    insert = f"INSERT INTO {table.name} ({column_list}, batch_id) SELECT {column_list}, batch_id FROM incoming"
    if not _one(con, f"SELECT 1 FROM {table.name} LIMIT 1"):
        con.execute(insert)  # an empty table (a first load): nothing to compare
        return 0, 0
    join, differs = key_join(table, "t", "i"), f"NOT ({same_values(table, 't', 'i')})"
    con.execute(
        f"""INSERT INTO riwayat_{table.name} ({column_list}, batch_id, diganti_oleh)
            SELECT {", ".join("t." + c for c in columns)}, t.batch_id, {batch_id}
            FROM {table.name} t SEMI JOIN incoming i ON {join} AND {differs}"""
    )
    replaced = _count(con, f"SELECT count(*) FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id])
    if replaced:
        con.execute(f"DELETE FROM {table.name} t USING incoming i WHERE {join} AND {differs}")
    # what still meets a stored row by key now is equal to it
    unchanged = _count(con, f"SELECT count(*) FROM incoming i SEMI JOIN {table.name} t ON {join}")
    con.execute(insert + (f" i ANTI JOIN {table.name} t ON {join}" if unchanged else ""))
    return replaced, unchanged


class _Background(Generic[T]):
    """Run one function in a thread; result() waits for it and re-raises its error."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, *args), daemon=True)
        self._thread.start()

    def _run(self, function: Callable[..., T], *args: object) -> None:
        try:
            self._value = function(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller in result()
            self._error = error

    def outcome(self) -> T | None:
        """Wait for the function; its value, or None when it failed (the error is not raised)."""
        self._thread.join()
        return self._value if self._error is None else None

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)


def _record_batch(con: duckdb.DuckDBPyConnection, fields: list, original: str, size: int) -> None:
    """The batch's line in the upload log and the name of its original file, in the batch's transaction."""
    batch_id, table, file_name, sha256, inserted, replaced, unchanged, user, warnings = fields
    con.execute(
        """INSERT INTO unggahan (batch_id, tabel, nama_file, sha256, baris_baru, baris_diganti, baris_sama,
                                 waktu, pengguna, status, peringatan, waktu_batal)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""",
        [
            batch_id,
            table,
            file_name,
            sha256,
            inserted,
            replaced,
            unchanged,
            clock.utc_now(),
            user,
            STATUS_AKTIF,
            "\n".join(warnings) if warnings else None,
        ],
    )
    con.execute("INSERT INTO berkas_asli VALUES (?, ?, ?)", [batch_id, original, size])


def list_batches(path: Path) -> pd.DataFrame:
    """The upload log, newest first, with UPLOAD_LOG_COLUMNS."""
    with reading(path) as con:
        return con.execute(f"SELECT {', '.join(UPLOAD_LOG_COLUMNS)} FROM unggahan ORDER BY batch_id DESC").df()


def batch_file_refusal(path: Path, batch_id: int, actor: auth.Actor) -> str | None:
    """Why `actor` may not download the original file of batch `batch_id`, in one Indonesian sentence; None if allowed.

    Admin: every batch. Operator: a batch of a fact table whose rows (current, or kept in history since a later batch
    replaced them) all belong to the operator's UPT codes; not an `upt` batch (the unit list is admin's), nor a batch
    with no rows left (an undone one: its UPT cannot be checked). Other roles: none (the history page is not theirs).
    StoreError for an unknown batch.
    """
    with reading(path) as con:
        row = _one(con, "SELECT tabel FROM unggahan WHERE batch_id = ?", [batch_id])
        if row is None:
            raise StoreError(f"Batch {batch_id} tidak ada.")
        table = schema.get_table(row[0])
        codes = batch_units(con, table, batch_id)
    if actor.peran == "admin":
        return None
    if actor.peran != "operator":
        return f"Peran {auth.ROLE_NAMES.get(actor.peran, actor.peran)} tidak berwenang mengunduh berkas asli unggahan."
    if table.name == "upt":
        return f"Berkas asli batch {batch_id} (daftar UPT) hanya dapat diunduh admin."
    if not codes:
        return f"Berkas asli batch {batch_id} hanya dapat diunduh admin: barisnya tidak tersimpan lagi, jadi UPT-nya tidak dapat diperiksa."
    if not codes <= {code.upper() for code in actor.upt}:
        return f"Berkas asli batch {batch_id} berisi data UPT yang bukan wewenang Anda; Anda hanya boleh mengunduh berkas UPT Anda sendiri."
    return None


def batch_file(path: Path, batch_id: int, actor: auth.Actor = auth.SYSTEM_ACTOR) -> tuple[str, bytes]:
    """The original file name and bytes of a committed batch (from originals_dir); auth.Forbidden with
    batch_file_refusal's sentence unless `actor` may download it (the command line acts as admin)."""
    refusal = batch_file_refusal(path, batch_id, actor)
    if refusal is not None:
        raise auth.Forbidden(refusal)
    with reading(path) as con:
        row = _one(
            con,
            "SELECT u.nama_file, b.sha256 FROM unggahan u JOIN berkas_asli b USING (batch_id) WHERE batch_id = ?",
            [batch_id],
        )
    if row is None:
        raise StoreError(f"Batch {batch_id} tidak ada.")
    original = originals_dir(path) / row[1]
    if not original.exists():
        raise StoreError(f"Berkas asli batch {batch_id} tidak ditemukan di {originals_dir(path)}.")
    return row[0], original.read_bytes()


def active_batch_of_file(path: Path, table_name: str, sha256: str) -> int | None:
    """The active batch of `table_name` that already holds a file with this SHA-256 (None if none, or no database)."""
    if not Path(path).exists():
        return None
    table = schema.get_table(table_name)
    with reading(path) as con:
        row = _one(
            con,
            "SELECT min(batch_id) FROM unggahan WHERE sha256 = ? AND tabel = ? AND status = ?",
            [sha256, table.name, STATUS_AKTIF],
        )
    return int(row[0]) if row and row[0] is not None else None
