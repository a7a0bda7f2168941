"""A file's rows against the stored ones by key: the incoming view, new / replaced / unchanged rows, changed values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from lapas_metrics import schema
from lapas_metrics.store.transactions import reading

DIFF_ROWS = 200  # replaced rows whose changed values a preview lists (the counts cover all of them)
POSITION = "urutan_berkas"  # the row's place in the file, in the preview's incoming view only


@dataclass
class ChangePreview:
    """What saving a checked file would do to its table, read before the save (DATA.md `baris_sama`).

    `perubahan` has one line per changed column of the first DIFF_ROWS replaced rows, in file order:
    the table's key columns, `kolom` (the changed column's name), `lama` (stored) and `baru` (the file's).
    """

    tabel: str
    baris_baru: int = 0
    baris_diganti: int = 0
    baris_sama: int = 0
    perubahan: pd.DataFrame = field(default_factory=pd.DataFrame)
    baris_ditampilkan: int = 0  # replaced rows listed in perubahan


def key_join(table: schema.Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{k} = {right}.{k}" for k in table.key)


def value_columns(table: schema.Table) -> list[str]:
    """The columns compared between a stored row and a file's row with the same key."""
    return [c for c in table.column_names if c not in table.key]


def same_values(table: schema.Table, left: str, right: str) -> str:
    """SQL: the two rows (already joined by key) hold equal values in every column; NULL equals NULL.

    Both sides are in the table's DuckDB types: DECIMAL money is compared exactly, text as the importer left it."""
    columns = value_columns(table)
    if not columns:
        return "true"
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in columns)


@contextmanager
def incoming_view(
    con: duckdb.DuckDBPyConnection, table: schema.Table, rows: pd.DataFrame, batch_id: int | None = None
) -> Iterator[int]:
    """A temp view `incoming` over the conformed rows in the table's DuckDB types; yields the row count.

    With batch_id it carries that batch_id (for the insert); without, the rows' place in the file (POSITION).
    A view over the rows as Arrow, not a temp table: DuckDB scans it in place and in parallel, so a
    million-row file is not copied once more before it reaches the table."""
    incoming = pa.Table.from_pandas(rows[table.column_names], preserve_index=False)
    if batch_id is None:
        incoming = incoming.append_column(POSITION, pa.array(range(len(incoming)), pa.int64()))
        extra = POSITION
    else:
        extra = f"CAST({batch_id} AS BIGINT) AS batch_id"
    con.register("incoming_frame", incoming)
    casts = ", ".join(f"CAST({c.name} AS {c.duckdb_type}) AS {c.name}" for c in table.columns)
    con.execute(f"CREATE TEMP VIEW incoming AS SELECT {casts}, {extra} FROM incoming_frame")
    try:
        yield len(incoming)
    finally:
        con.execute("DROP VIEW incoming")
        con.unregister("incoming_frame")


def change_preview(path: Path, table_name: str, rows: pd.DataFrame, limit: int = DIFF_ROWS) -> ChangePreview:
    """Read-only: how the rows of a checked file meet the stored ones (new, replaced, unchanged) and,
    for the first `limit` replaced rows, the stored and the new value of every changed column."""
    table = schema.get_table(table_name)
    if not Path(path).exists():
        return ChangePreview(table.name, baris_baru=len(rows), perubahan=_diff_frame(table, []))
    join, same = key_join(table, "t", "i"), same_values(table, "t", "i")
    with reading(path) as con, incoming_view(con, table, rows) as total:
        row = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {same}) FROM incoming i JOIN {table.name} t ON {join}"
        ).fetchone()
        matched, unchanged = (int(row[0]), int(row[1])) if row else (0, 0)
        pairs = ", ".join(f"t.{c}, i.{c}" for c in value_columns(table))
        keys = ", ".join(f"i.{k}" for k in table.key)
        found = con.execute(
            f"""SELECT {keys}, {pairs} FROM incoming i JOIN {table.name} t ON {join}
                WHERE NOT ({same}) ORDER BY i.{POSITION} LIMIT ?""",
            [limit],
        ).fetchall()
    return ChangePreview(
        table.name,
        baris_baru=total - matched,
        baris_diganti=matched - unchanged,
        baris_sama=unchanged,
        perubahan=_diff_frame(table, found),
        baris_ditampilkan=len(found),
    )


def _diff_frame(table: schema.Table, found: list[tuple]) -> pd.DataFrame:
    """One line per changed column of each (key..., stored, new, stored, new, ...) row."""
    values = value_columns(table)
    lines = []
    for row in found:
        key, pairs = row[: len(table.key)], row[len(table.key) :]
        for i, column in enumerate(values):
            old, new = pairs[2 * i], pairs[2 * i + 1]
            if old != new:
                lines.append((*key, column, old, new))
    return pd.DataFrame(lines, columns=[*table.key, "kolom", "lama", "baru"])
