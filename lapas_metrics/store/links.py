"""How the rows of one table meet another's: the UPT a table's rows belong to, and the keys other rows still name."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from lapas_metrics import schema
from lapas_metrics.store.changes import incoming_view
from lapas_metrics.store.reads import read_table
from lapas_metrics.store.transactions import reading


def unit_rows(table: schema.Table, source: str) -> str:
    """SQL: (kode_upt, batch_id) of every row of `source` (the table or its riwayat_ table).

    A table without kode_upt (laporan_mitra, status_aset) takes the unit of the agreement or asset it names
    (Table.unit_reference, its current row); NULL when that row is gone."""
    ref = table.unit_reference
    if ref is None:
        return f"SELECT kode_upt, batch_id FROM {source}"
    return f"SELECT p.kode_upt, r.batch_id FROM {source} r LEFT JOIN {ref.table} p ON r.{ref.column} = p.{ref.column}"


def batch_units(con: duckdb.DuckDBPyConnection, table: schema.Table, batch_id: int) -> set[str]:
    """The kode_upt of a batch's rows, current or kept in history since a later batch replaced them (upper case)."""
    rows = con.execute(
        f"""SELECT kode_upt FROM ({unit_rows(table, table.name)}) WHERE batch_id = $1
            UNION SELECT kode_upt FROM ({unit_rows(table, "riwayat_" + table.name)}) WHERE batch_id = $1""",
        [batch_id],
    ).fetchall()
    return {str(code).upper() for (code,) in rows}


def still_named(con: duckdb.DuckDBPyConnection, table: schema.Table, batch_id: int) -> str | None:
    """Why batch `batch_id` of `table` cannot be undone because other rows name keys it added, in one sentence; None
    if none do. A key the batch only replaced stays after the undo (its older version comes back), so only the keys
    it added count: undoing them would leave rows (facts of a unit, reports of an agreement, checks of an asset)
    naming nothing."""
    referrers = schema.referrers(table.name)
    if not referrers:
        return None
    key = table.key[0]
    naming = " UNION ALL ".join(
        f"SELECT '{other.name}' AS tabel, batch_id, {ref.column} AS kunci FROM {other.name}" for other, ref in referrers
    )
    found = con.execute(
        f"""WITH added AS (
                SELECT {key} AS kunci FROM {table.name} WHERE batch_id = $1
                  AND {key} NOT IN (SELECT {key} FROM riwayat_{table.name} WHERE diganti_oleh = $1))
            SELECT n.kunci, n.tabel, n.batch_id FROM ({naming}) n JOIN added USING (kunci) ORDER BY ALL""",
        [batch_id],
    ).fetchall()
    if not found:
        return None
    keys = sorted({str(kunci) for kunci, _, _ in found})
    tables = sorted({str(tabel) for _, tabel, _ in found})
    batches = sorted({int(batch) for _, _, batch in found})
    shown = ", ".join(keys[:20]) + (f" dan {len(keys) - 20} lainnya" if len(keys) > 20 else "")
    return (
        f"Batch {batch_id} tidak dapat dibatalkan: {table.noun} {shown} yang ditambahkannya sudah memiliki data "
        f"(tabel {', '.join(tables)}, batch {', '.join(str(b) for b in batches)}). Batalkan dulu batch tersebut."
    )


def replacement_conflicts(path: Path, table_name: str, rows: pd.DataFrame) -> list[str]:
    """Sentences for rows of a checked file that would replace a stored row other rows still depend on: a new
    kode_upt for an agreement or asset that rows of its old unit name (a deposit, an asset: SameUnit), or a new
    term that leaves a partner report's year outside it (YearInTerm). Empty when there is none or no database."""
    table = schema.get_table(table_name)
    referrers = schema.referrers(table.name)
    if not referrers or table.name == "upt" or not Path(path).exists():
        return []
    key = table.key[0]
    found: list[str] = []
    with reading(path) as con, incoming_view(con, table, rows):
        for other, ref in referrers:
            if any(isinstance(rule, schema.SameUnit) and rule.via == ref.column for rule in other.rules):
                moved = con.execute(
                    f"""SELECT i.{key}, t.kode_upt, i.kode_upt, count(*) FROM incoming i
                        JOIN {table.name} t ON t.{key} = i.{key} JOIN {other.name} o ON o.{ref.column} = i.{key}
                        WHERE t.kode_upt <> i.kode_upt AND o.kode_upt = t.kode_upt GROUP BY ALL ORDER BY 1 LIMIT 20"""
                ).fetchall()
                found += [
                    f"{table.noun.capitalize()} {kunci}: kode_upt diganti dari {old} menjadi {new}, padahal {n} baris "
                    f"{other.name} UPT {old} menamainya. Ganti baris itu dulu, atau biarkan kode_upt-nya."
                    for kunci, old, new, n in moved
                ]
            if any(isinstance(rule, schema.YearInTerm) and rule.via == ref.column for rule in other.rules):
                outside = con.execute(
                    f"""SELECT i.{key}, list_sort(list(DISTINCT o.tahun)) FROM incoming i
                        JOIN {other.name} o ON o.{ref.column} = i.{key}
                        WHERE o.tahun < year(i.tanggal_mulai) OR o.tahun > year(
                            CAST(i.tanggal_mulai + to_years(CAST(i.jangka_tahun AS INTEGER)) AS DATE) - 1)
                        GROUP BY 1 ORDER BY 1 LIMIT 20"""
                ).fetchall()
                found += [
                    f"{table.noun.capitalize()} {kunci}: jangka yang baru tidak lagi mencakup {other.name} tahun "
                    f"{', '.join(str(year) for year in years)}. Ubah jangkanya, atau batalkan dulu batch laporan itu."
                    for kunci, years in outside
                ]
    return found


def linked_rows(path: Path, table_name: str) -> dict[str, pd.DataFrame]:
    """The current rows of the tables other than `upt` that `table_name` references ({"kemitraan": frame}), for
    the importer's checks (ingest.read_upload's `linked`); empty frames when the database does not exist yet."""
    table = schema.get_table(table_name)
    names = [ref.table for ref in table.references if ref.table != "upt"]
    if not Path(path).exists():
        return {name: pd.DataFrame(columns=schema.TABLES[name].column_names) for name in names}
    return {name: read_table(path, name) for name in names}
