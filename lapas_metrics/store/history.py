"""Reads of the batches' versions (current rows and the history of replaced ones): two batches of a table compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from lapas_metrics import auth, schema
from lapas_metrics.store.batches import STATUS_AKTIF
from lapas_metrics.store.connection import StoreError, _one
from lapas_metrics.store.links import batch_units, unit_rows
from lapas_metrics.store.transactions import reading

DIUBAH = "diubah"  # the key in both batches, some value different
HANYA_BARU = "hanya_baru"  # the key only among the later batch's rows
HANYA_LAMA = "hanya_lama"  # the key only among the earlier batch's rows
SAMA = "sama"  # the key in both, every value equal (counted, not listed)
CHANGES = (DIUBAH, HANYA_BARU, HANYA_LAMA)
COMPARISON_COLUMNS = ["perubahan", "kolom", "nilai_lama", "nilai_baru"]  # after the table's key columns


@dataclass
class BatchComparison:
    """What batch `baru` changed relative to the earlier batch `lama` of table `tabel`.

    `counts`: rows per DIUBAH, HANYA_BARU, HANYA_LAMA and SAMA. `rows`: the table's key columns then
    COMPARISON_COLUMNS, one line per changed column of a DIUBAH row, one line (kolom, nilai_lama and
    nilai_baru empty) for a row in one batch only; changed rows first, then by key; at most `limit` rows of
    the table (all their lines).
    """

    tabel: str
    lama: int
    baru: int
    counts: dict[str, int]
    rows: pd.DataFrame = field(repr=False)

    @property
    def total(self) -> int:
        """Rows that differ: changed, or in one batch only."""
        return sum(self.counts[change] for change in CHANGES)

    @property
    def shown(self) -> int:
        """Rows of the table that `rows` holds (a changed row may take several lines)."""
        key = schema.get_table(self.tabel).key
        return 0 if self.rows.empty else len(self.rows.drop_duplicates(list(key)))


def _versions(table: schema.Table, param: int) -> str:
    """The rows a batch wrote that still exist: current, or in history since a later batch replaced them."""
    columns = ", ".join(table.column_names)
    return (
        f"SELECT {columns} FROM {table.name} WHERE batch_id = ${param} "
        f"UNION ALL SELECT {columns} FROM riwayat_{table.name} WHERE batch_id = ${param}"
    )


def _joined(table: schema.Table) -> str:
    """Both batches' rows side by side by key: perubahan, the key, then lama__c, baru__c, beda__c per other column."""
    key = table.key
    others = [c for c in table.column_names if c not in key]
    differs = " OR ".join(f"a.{c} IS DISTINCT FROM b.{c}" for c in others) or "false"
    sides = ", ".join(
        f"a.{c} AS lama__{c}, b.{c} AS baru__{c}, a.{c} IS DISTINCT FROM b.{c} AS beda__{c}" for c in others
    )
    return f"""WITH a AS ({_versions(table, 1)}), b AS ({_versions(table, 2)})
        SELECT CASE WHEN a.{key[0]} IS NULL THEN '{HANYA_BARU}' WHEN b.{key[0]} IS NULL THEN '{HANYA_LAMA}'
                    WHEN {differs} THEN '{DIUBAH}' ELSE '{SAMA}' END AS perubahan,
               {", ".join(f"coalesce(a.{k}, b.{k}) AS {k}" for k in key)}{", " if sides else ""}{sides}
        FROM a FULL OUTER JOIN b ON {" AND ".join(f"a.{k} = b.{k}" for k in key)}"""


def _batch(con: duckdb.DuckDBPyConnection, batch_id: int, actor: auth.Actor) -> schema.Table:
    """The table of a batch `actor` may compare; StoreError (unknown, undone) or auth.Forbidden (scope)."""
    row = _one(con, "SELECT tabel, status FROM unggahan WHERE batch_id = ?", [batch_id])
    if row is None:
        raise StoreError(f"Batch {batch_id} tidak ada.")
    if row[1] != STATUS_AKTIF:
        raise StoreError(
            f"Batch {batch_id} sudah dibatalkan: barisnya tidak tersimpan lagi, jadi tidak dapat dibandingkan."
        )
    table = schema.get_table(row[0])
    codes: set[str] = set()
    if actor.peran == "operator" and table.name != "upt":
        codes = batch_units(con, table, batch_id)
    refusal = auth.batch_view_refusal(actor, batch_id, table.name, codes)
    if refusal:
        raise auth.Forbidden(refusal)
    return table


def compare_batches(
    path: Path, lama: int, baru: int, *, actor: auth.Actor, limit: int | None = None
) -> BatchComparison:
    """What batch `baru` changed relative to batch `lama` of the same table (BatchComparison; the two are put
    in order, the earlier first). Each batch's rows are the versions it wrote that still exist.

    Refused, in one Indonesian sentence: StoreError for the same batch twice, an unknown or undone batch, or
    batches of two tables; auth.Forbidden for a batch `actor` may not see (auth.batch_view_refusal).
    A row the later batch re-sent unchanged was not stored again (DATA.md `baris_sama`): it counts as HANYA_LAMA.
    """
    lama, baru = sorted((int(lama), int(baru)))
    if lama == baru:
        raise StoreError("Pilih dua batch yang berbeda untuk dibandingkan.")
    with reading(path) as con:
        table = _batch(con, lama, actor)
        later = _batch(con, baru, actor)
        if later.name != table.name:
            raise StoreError(
                f"Batch {lama} ({table.title}) dan batch {baru} ({later.title}) berasal dari tabel yang berbeda; "
                "hanya batch dari tabel yang sama yang dapat dibandingkan."
            )
        params = [lama, baru]
        joined = _joined(table)
        counts = dict.fromkeys((*CHANGES, SAMA), 0)
        for change, count in con.execute(f"SELECT perubahan, count(*) FROM ({joined}) GROUP BY 1", params).fetchall():
            counts[change] = int(count)
        order = " ".join(f"WHEN '{change}' THEN {rank}" for rank, change in enumerate(CHANGES))
        wide = con.execute(
            f"""SELECT * FROM ({joined}) WHERE perubahan <> '{SAMA}'
                ORDER BY CASE perubahan {order} END, {", ".join(table.key)}
                {"" if limit is None else f"LIMIT {int(limit)}"}""",
            params,
        ).df()
    return BatchComparison(table.name, lama, baru, counts, _long(table, wide))


def _long(table: schema.Table, wide: pd.DataFrame) -> pd.DataFrame:
    """The joined rows as lines: key, perubahan, kolom, nilai_lama, nilai_baru (values as Python objects)."""
    key = list(table.key)
    others = [c for c in table.column_names if c not in key]
    lines: list[list[object]] = []
    for record in wide.astype(object).where(wide.notna(), None).to_dict("records"):
        start = [record[k] for k in key]
        if record["perubahan"] != DIUBAH:
            lines.append([*start, record["perubahan"], None, None, None])
            continue
        for column in others:
            if record[f"beda__{column}"]:
                lines.append([*start, DIUBAH, column, record[f"lama__{column}"], record[f"baru__{column}"]])
    return pd.DataFrame(lines, columns=[*key, *COMPARISON_COLUMNS], dtype=object)


def comparable_batches(path: Path, actor: auth.Actor) -> pd.DataFrame:
    """The active batches `actor` may compare (auth.batch_view_refusal), newest first: batch_id, tabel.

    Admin: every active batch. Operator: active fact-table batches whose rows all belong to their UPT codes.
    Other roles: none. Empty when the database does not exist.
    """
    empty = pd.DataFrame({"batch_id": pd.Series(dtype="int64"), "tabel": pd.Series(dtype="object")})
    if not Path(path).exists() or actor.peran not in ("admin", "operator"):
        return empty
    with reading(path) as con:
        active = con.execute(
            "SELECT batch_id, tabel FROM unggahan WHERE status = ? ORDER BY batch_id DESC", [STATUS_AKTIF]
        ).df()
        if actor.peran == "admin":
            return active
        codes = sorted({code.upper() for code in actor.upt})
        allowed: set[int] = set()
        for table in schema.TABLES.values():
            if table.name == "upt":
                continue
            found = con.execute(
                f"""SELECT batch_id FROM ({unit_rows(table, table.name)}
                                          UNION ALL {unit_rows(table, "riwayat_" + table.name)})
                    GROUP BY batch_id HAVING bool_and(coalesce(list_contains(?::VARCHAR[], upper(kode_upt)), false))""",
                [codes],
            ).fetchall()
            allowed.update(int(batch_id) for (batch_id,) in found)
    return active[active["batch_id"].isin(allowed)].reset_index(drop=True)
