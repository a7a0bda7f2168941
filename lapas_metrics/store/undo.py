"""Undoing a batch: who may (admin any, an operator their own), what it would change, and the undo itself."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lapas_metrics import auth, clock, schema
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.batches import STATUS_AKTIF, STATUS_DIBATALKAN, BatchResult
from lapas_metrics.store.connection import StoreError, _count, _one
from lapas_metrics.store.links import batch_units, still_named
from lapas_metrics.store.transactions import reading, writing


def undo_batch(
    path: Path, batch_id: int, user: str | None = None, actor: auth.Actor = auth.SYSTEM_ACTOR
) -> BatchResult:
    """Revert one batch: remove its rows and restore the rows it replaced, exactly; logged as "batal" with the user.

    Who may (auth.undo_refusal, auth.Forbidden with its sentence otherwise): admin any batch; an operator a
    batch they uploaded themselves whose rows all belong to their UPT codes; other roles none.

    Refused (StoreError, nothing changed) for an unknown or already undone batch, for a batch
    whose rows a later active batch replaced (undo that one first, named), and for a batch that added
    keys other rows now name (links.still_named: an `upt` batch whose units have facts, a `kemitraan`
    batch whose agreements have reports, deposits or assets, an `aset` batch whose assets were checked).
    """
    auth.require(actor, "batal")
    user = user or actor.username
    path = Path(path)
    if not path.exists():
        raise StoreError(f"Basis data {path} belum ada.")
    with writing(path) as con:
        table = _undoable_table(con, batch_id, actor)
        removed = _count(con, f"SELECT count(*) FROM {table.name} WHERE batch_id = ?", [batch_id])
        con.execute(f"DELETE FROM {table.name} WHERE batch_id = ?", [batch_id])
        columns = ", ".join(table.column_names)
        restored = _count(con, f"SELECT count(*) FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id])
        con.execute(
            f"""INSERT INTO {table.name} ({columns}, batch_id)
                SELECT {columns}, batch_id FROM riwayat_{table.name} WHERE diganti_oleh = ?""",
            [batch_id],
        )
        con.execute(f"DELETE FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id])
        con.execute(
            "UPDATE unggahan SET status = ?, waktu_batal = ? WHERE batch_id = ?",
            [STATUS_DIBATALKAN, clock.utc_now(), batch_id],
        )
    log_activity(path, user, "batal", f"batch {batch_id} {table.name}")
    return BatchResult(batch_id, table.name, baris_baru=-removed + restored, baris_diganti=restored)


def _refusal_in(
    con: duckdb.DuckDBPyConnection, batch_id: int, actor: auth.Actor
) -> tuple[schema.Table | None, str | None, str | None]:
    """(table, state refusal, role refusal) of undoing `batch_id` as `actor`: the sentences of StoreError and
    auth.Forbidden. The state comes first: an undone batch has no rows left whose UPT could be checked."""
    row = _one(con, "SELECT tabel, status, pengguna FROM unggahan WHERE batch_id = ?", [batch_id])
    if row is None:
        return None, f"Batch {batch_id} tidak ada.", None
    table_name, status, pengguna = row
    if status != STATUS_AKTIF:
        return None, f"Batch {batch_id} sudah dibatalkan sebelumnya.", None
    table = schema.get_table(table_name)
    codes = set() if table.name == "upt" or actor.peran == "admin" else batch_units(con, table, batch_id)
    return table, None, auth.undo_refusal(actor, batch_id, table.name, pengguna, codes)


def undo_refusal(path: Path, batch_id: int, actor: auth.Actor) -> str | None:
    """Why `actor` may not undo batch `batch_id`, in one Indonesian sentence (unknown, already undone, not
    theirs, not their UPT); None when they may try. A later batch that replaced its rows, or an `upt` batch
    whose units now have facts, is said by undo_batch itself when it is confirmed."""
    with reading(path) as con:
        _, state, role = _refusal_in(con, batch_id, actor)
    return state or role


def _undoable_table(con: duckdb.DuckDBPyConnection, batch_id: int, actor: auth.Actor) -> schema.Table:
    """The table of a batch `actor` may undo now; StoreError (state) or auth.Forbidden (role) saying why not."""
    table, state, role = _refusal_in(con, batch_id, actor)
    if state or table is None:
        raise StoreError(state or f"Batch {batch_id} tidak ada.")
    if role:
        raise auth.Forbidden(role)
    later = con.execute(
        f"SELECT DISTINCT diganti_oleh FROM riwayat_{table.name} WHERE batch_id = ? ORDER BY 1",
        [batch_id],
    ).fetchall()
    if later:
        names = ", ".join(str(r[0]) for r in later)
        raise StoreError(
            f"Batch {batch_id} tidak dapat dibatalkan: sebagian barisnya sudah diganti oleh batch {names}. "
            "Batalkan batch yang lebih baru itu dulu."
        )
    named = still_named(con, table, batch_id)
    if named:
        raise StoreError(named)
    return table


def undo_preview(path: Path, batch_id: int) -> dict[str, int | str]:
    """What undoing a batch would change: table, rows removed, rows restored."""
    with reading(path) as con:
        row = _one(con, "SELECT tabel, status FROM unggahan WHERE batch_id = ?", [batch_id])
        if row is None:
            raise StoreError(f"Batch {batch_id} tidak ada.")
        table_name = row[0]
        removed = _count(con, f"SELECT count(*) FROM {table_name} WHERE batch_id = ?", [batch_id])
        restored = _count(con, f"SELECT count(*) FROM riwayat_{table_name} WHERE diganti_oleh = ?", [batch_id])
    return {"tabel": table_name, "status": row[1], "baris_dihapus": removed, "baris_dipulihkan": restored}
