"""Read and write connections to a database at the current schema (migrated on open), and the meta table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from lapas_metrics.store.connection import _PROCESS_LOCK, StoreError, _connect, _one, translate
from lapas_metrics.store.migrations import SCHEMA_VERSION, _ensure_schema, _schema_version
from lapas_metrics.store.originals import sweep_temporary


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    """DuckDB's English errors about the file itself (damaged, disk full) as the store's Indonesian ones."""
    try:
        yield
    except (duckdb.Error, OSError) as error:
        translated = translate(error, path)
        if translated is None:
            raise
        raise translated from error


def read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every table: DuckDB checks a block's checksum only when it reads the block,
    so this finds damage anywhere in the data (a corrupt-file error). About 0.1 s per million rows."""
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    for name in names:
        con.execute(f'SELECT sum(hash(COLUMNS(*))) FROM "{name}"').fetchall()


@contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to an existing, current database, closed on exit."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"Basis data {path} belum ada. Buat dulu dengan: python -m lapas_metrics init --db {path} --demo"
        )
    with _PROCESS_LOCK, _translated(path):
        con = _connect(path, read_only=True)
        try:
            version = _schema_version(con)
            if version != SCHEMA_VERSION:
                con.close()
                migrate(path)
                con = _connect(path, read_only=True)
            yield con
        finally:
            con.close()


@contextmanager
def writing(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection inside one transaction: committed on success, rolled back on error.

    A damaged file is refused (StoreDamaged), never re-created: the whole file is read first
    (read_every_block), so a write never goes into a file with damage anywhere. A full disk is StoreFull.
    Holding the write lock, it first removes the temporary files that failed or killed writes left.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _PROCESS_LOCK, _translated(path):
        con = _connect(path, read_only=False)
        try:
            sweep_temporary(path)
            read_every_block(con)
            _ensure_schema(con, path)
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()


def migrate(path: Path) -> int:
    """Create the database if missing and bring its schema to SCHEMA_VERSION; returns the version."""
    with writing(path) as con:
        return _schema_version(con)


def set_meta(path: Path, key: str, value: str) -> None:
    with writing(path) as con:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def get_meta(path: Path, key: str) -> str | None:
    with reading(path) as con:
        row = _one(con, "SELECT nilai FROM meta WHERE kunci = ?", [key])
    return row[0] if row else None


def is_demo(path: Path) -> bool:
    """True when the database was loaded with the synthetic demo data."""
    return get_meta(path, "data_demo") == "ya"
