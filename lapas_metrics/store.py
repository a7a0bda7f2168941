"""The DuckDB store: create and migrate, write batches with history, undo, read and aggregate; all SQL lives here."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from lapas_metrics import auth, config, schema

SCHEMA_VERSION = 3

# DuckDB refuses a second connection to one file with another configuration in the same
# process (read-only beside read-write), and a process holding the file locks out the
# others. So every operation opens, works and closes under this lock: the dashboard holds
# no lock while idle and a command-line ingest can run beside it.
_PROCESS_LOCK = threading.RLock()

UPLOAD_LOG_COLUMNS = schema.UPLOAD_LOG_COLUMNS
STATUS_AKTIF = "aktif"
STATUS_DIBATALKAN = "dibatalkan"


class StoreError(Exception):
    """A store operation that cannot be done; the message is Indonesian and meant for the user."""


class StoreBusy(StoreError):
    """Another process holds the database file longer than we are willing to wait."""


@dataclass
class BatchResult:
    batch_id: int | None  # None when nothing was written (a repeated file)
    tabel: str
    baris_baru: int = 0
    baris_diganti: int = 0
    peringatan: list[str] = field(default_factory=list)
    duplikat_dari: int | None = None  # batch that already holds the same file

    @property
    def message(self) -> str:
        if self.batch_id is None:
            return f"Berkas ini sudah pernah disimpan (batch {self.duplikat_dari}); tidak ada yang diubah."
        return (
            f"Batch {self.batch_id} disimpan ke tabel {self.tabel}: {self.baris_baru} baris baru, "
            f"{self.baris_diganti} baris diganti, {len(self.peringatan)} peringatan."
        )


# ---------------------------------------------------------------- connections


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple | None:
    """The first row of a query, reading the result to its end (a half-read result blocks the connection)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The first value of the first row of a query that always returns one (a count, a max)."""
    row = _one(con, sql, params)
    assert row is not None, sql
    return row[0]


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
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


@contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to an existing, current database, closed on exit."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"Basis data {path} belum ada. Buat dulu dengan: python -m lapas_metrics init --db {path} --demo"
        )
    with _PROCESS_LOCK:
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
    """A read-write connection inside one transaction: committed on success, rolled back on error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _PROCESS_LOCK:
        con = _connect(path, read_only=False)
        try:
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


def db_stamp(path: Path) -> tuple[int, int]:
    """Changes whenever the file is written (by this or another process): a cache key for loaders."""
    path = Path(path)
    stamp = (0, 0)
    for part in (path, Path(str(path) + ".wal")):
        if part.exists():
            info = part.stat()
            stamp = (stamp[0] + info.st_mtime_ns, stamp[1] + info.st_size)
    return stamp


# ---------------------------------------------------------------- schema and migrations


def _table_ddl(table: schema.Table, name: str, extra: str) -> str:
    columns = ", ".join(f"{c.name} {c.duckdb_type}" for c in table.columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({columns}, batch_id BIGINT NOT NULL{extra})"


def _baseline_v1(con: duckdb.DuckDBPyConnection) -> None:
    """The first released schema. Never edit it: later changes are migrations below."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR)")
    con.execute(
        """CREATE TABLE IF NOT EXISTS unggahan (
            batch_id BIGINT PRIMARY KEY, tabel VARCHAR NOT NULL, nama_file VARCHAR,
            sha256 VARCHAR NOT NULL, baris_baru BIGINT, baris_diganti BIGINT,
            waktu TIMESTAMP NOT NULL, pengguna VARCHAR, status VARCHAR NOT NULL)"""
    )
    con.execute("CREATE TABLE IF NOT EXISTS berkas (batch_id BIGINT PRIMARY KEY, isi BLOB)")
    for table in schema.TABLES.values():
        con.execute(_table_ddl(table, table.name, ""))
        con.execute(_table_ddl(table, f"riwayat_{table.name}", ", diganti_oleh BIGINT NOT NULL"))
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', '1')")


def _migrate_1_to_2(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # v2 keeps the importer's warnings and the time of an undo with each batch.
    con.execute("ALTER TABLE unggahan ADD COLUMN peringatan VARCHAR")
    con.execute("ALTER TABLE unggahan ADD COLUMN waktu_batal TIMESTAMP")


def _migrate_2_to_3(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # v3 keeps the original files beside the database (originals_dir) instead of as BLOBs in it:
    # writing a 70 MB file into DuckDB cost three times what the rows did (WAL, then checkpoint).
    con.execute(
        "CREATE TABLE berkas_asli (batch_id BIGINT PRIMARY KEY, sha256 VARCHAR NOT NULL, ukuran BIGINT NOT NULL)"
    )
    batch_ids = [r[0] for r in con.execute("SELECT batch_id FROM berkas ORDER BY batch_id").fetchall()]
    for batch_id in batch_ids:
        isi = _scalar(con, "SELECT isi FROM berkas WHERE batch_id = ?", [batch_id])
        data = bytes(isi) if isi is not None else b""
        name = _keep_original(path, data)
        con.execute("INSERT INTO berkas_asli VALUES (?, ?, ?)", [batch_id, name, len(data)])
    con.execute("DROP TABLE berkas")


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def originals_dir(path: Path) -> Path:
    """The folder of the original uploaded files beside the database (data/lapas.duckdb -> data/lapas.berkas/).

    Part of the store: back it up with the database file.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.berkas")


def _keep_original(path: Path, data: bytes) -> str:
    """Write an uploaded file to originals_dir under its SHA-256 (durably, atomically); returns that name.

    Written before the batch's transaction commits: a crash in between leaves an unreferenced file, never
    a batch without its file. Content-addressed, so the same file uploaded twice is stored once.
    """
    name = hashlib.sha256(data).hexdigest()
    folder = originals_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and target.stat().st_size == len(data):
        return name
    temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return name


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = _one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'")
    if not exists or not exists[0]:
        return 0
    row = _one(con, "SELECT nilai FROM meta WHERE kunci = 'schema_version'")
    return int(row[0]) if row else 0


def _ensure_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    version = _schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Basis data ini dibuat oleh versi aplikasi yang lebih baru (skema {version}); "
            f"versi ini mengenal skema {SCHEMA_VERSION}. Perbarui aplikasi."
        )
    if version == SCHEMA_VERSION:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        if version == 0:
            _baseline_v1(con)
            version = 1
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](con, path)
            version += 1
            con.execute("UPDATE meta SET nilai = ? WHERE kunci = 'schema_version'", [str(version)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


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


# ---------------------------------------------------------------- writing batches


def known_upt(path: Path) -> set[str]:
    """The kode_upt values in `upt` (upper case); empty when the database does not exist yet."""
    if not Path(path).exists():
        return set()
    with reading(path) as con:
        return {row[0] for row in con.execute("SELECT kode_upt FROM upt").fetchall()}


def _key_join(table: schema.Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{k} = {right}.{k}" for k in table.key)


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
    columns = table.column_names
    with writing(path) as con:
        duplicate = _one(
            con,
            "SELECT batch_id FROM unggahan WHERE sha256 = ? AND tabel = ? AND status = ? ORDER BY batch_id LIMIT 1",
            [sha256, table.name, STATUS_AKTIF],
        )
        if duplicate:
            return BatchResult(None, table.name, duplikat_dari=int(duplicate[0]))
        batch_id = int(_scalar(con, "SELECT coalesce(max(batch_id), 0) + 1 FROM unggahan"))
        # The original file is written to disk while DuckDB inserts the rows (I/O beside CPU);
        # it is on disk before the batch commits.
        keeper = _Background(_keep_original, path, file_bytes)
        # A view over the rows as Arrow, not a temp table: DuckDB scans it in place and in
        # parallel, so a million-row file is not copied once more before it reaches the table.
        incoming = pa.Table.from_pandas(rows[columns], preserve_index=False)
        con.register("incoming_frame", incoming)
        casts = ", ".join(f"CAST({c.name} AS {c.duckdb_type}) AS {c.name}" for c in table.columns)
        con.execute(
            f"CREATE TEMP VIEW incoming AS SELECT {casts}, CAST({batch_id} AS BIGINT) AS batch_id FROM incoming_frame"
        )
        try:
            if table.name != "upt":
                unknown = con.execute(
                    "SELECT DISTINCT kode_upt FROM incoming WHERE kode_upt NOT IN (SELECT kode_upt FROM upt) "
                    "ORDER BY 1 LIMIT 20"
                ).fetchall()
                if unknown:
                    names = ", ".join(r[0] for r in unknown)
                    raise StoreError(f"kode_upt tidak ada di daftar UPT: {names}. Tidak ada yang disimpan.")
            column_list = ", ".join(columns)
            join = _key_join(table, "t", "i")
            replaced = 0
            if _one(con, f"SELECT 1 FROM {table.name} LIMIT 1"):
                con.execute(
                    f"""INSERT INTO riwayat_{table.name}
                        SELECT {", ".join("t." + c for c in columns)}, t.batch_id, {batch_id}
                        FROM {table.name} t SEMI JOIN incoming i ON {join}"""
                )
                replaced = int(
                    _scalar(con, f"SELECT count(*) FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id])
                )
            if replaced:
                con.execute(f"DELETE FROM {table.name} t USING incoming i WHERE {join}")
            con.execute(
                f"INSERT INTO {table.name} ({column_list}, batch_id) SELECT {column_list}, batch_id FROM incoming"
            )
            inserted = len(incoming) - replaced
        finally:
            con.execute("DROP VIEW incoming")
            con.unregister("incoming_frame")
        original = keeper.result()
        _record_batch(
            con,
            [batch_id, table.name, file_name, sha256, inserted, replaced, user, warnings],
            original,
            len(file_bytes),
        )
    log_activity(path, user, "unggah", f"batch {batch_id} {table.name} {file_name}")
    return BatchResult(batch_id, table.name, inserted, replaced, warnings)


class _Background:
    """Run one function in a thread; result() waits for it and re-raises its error."""

    def __init__(self, function: Any, *args: Any) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, *args), daemon=True)
        self._thread.start()

    def _run(self, function: Any, *args: Any) -> None:
        try:
            self._value = function(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller in result()
            self._error = error

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _record_batch(con: duckdb.DuckDBPyConnection, fields: list, original: str, size: int) -> None:
    """The batch's line in the upload log and the name of its original file, in the batch's transaction."""
    batch_id, table, file_name, sha256, inserted, replaced, user, warnings = fields
    con.execute(
        "INSERT INTO unggahan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [
            batch_id,
            table,
            file_name,
            sha256,
            inserted,
            replaced,
            datetime.now(),
            user,
            STATUS_AKTIF,
            "\n".join(warnings) if warnings else None,
        ],
    )
    con.execute("INSERT INTO berkas_asli VALUES (?, ?, ?)", [batch_id, original, size])


def undo_batch(
    path: Path, batch_id: int, user: str | None = None, actor: auth.Actor = auth.SYSTEM_ACTOR
) -> BatchResult:
    """Revert one batch: remove its rows and restore the rows it replaced, exactly.

    Only roles allowed to undo ("batal": admin) may; others get auth.Forbidden.

    Refused (StoreError, nothing changed) for an unknown or already undone batch, for a batch
    whose rows a later active batch replaced (undo that one first), and for an `upt` batch
    that added units which now have facts.
    """
    auth.require(actor, "batal")
    user = user or actor.username
    path = Path(path)
    if not path.exists():
        raise StoreError(f"Basis data {path} belum ada.")
    with writing(path) as con:
        row = _one(con, "SELECT tabel, status FROM unggahan WHERE batch_id = ?", [batch_id])
        if row is None:
            raise StoreError(f"Batch {batch_id} tidak ada.")
        table_name, status = row
        if status != STATUS_AKTIF:
            raise StoreError(f"Batch {batch_id} sudah dibatalkan sebelumnya.")
        table = schema.get_table(table_name)
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
        if table.name == "upt":
            facts = " UNION ".join(f"SELECT kode_upt FROM {name}" for name in schema.FACT_TABLES)
            used = con.execute(
                f"""SELECT u.kode_upt FROM upt u
                    WHERE u.batch_id = ? AND u.kode_upt NOT IN (SELECT kode_upt FROM riwayat_upt WHERE diganti_oleh = ?)
                      AND u.kode_upt IN ({facts}) ORDER BY 1""",
                [batch_id, batch_id],
            ).fetchall()
            if used:
                names = ", ".join(r[0] for r in used)
                raise StoreError(
                    f"Batch {batch_id} tidak dapat dibatalkan: UPT {names} yang ditambahkannya sudah memiliki data."
                )
        removed = int(_scalar(con, f"SELECT count(*) FROM {table.name} WHERE batch_id = ?", [batch_id]))
        con.execute(f"DELETE FROM {table.name} WHERE batch_id = ?", [batch_id])
        columns = ", ".join(table.column_names)
        restored = int(_scalar(con, f"SELECT count(*) FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id]))
        con.execute(
            f"""INSERT INTO {table.name} ({columns}, batch_id)
                SELECT {columns}, batch_id FROM riwayat_{table.name} WHERE diganti_oleh = ?""",
            [batch_id],
        )
        con.execute(f"DELETE FROM riwayat_{table.name} WHERE diganti_oleh = ?", [batch_id])
        con.execute(
            "UPDATE unggahan SET status = ?, waktu_batal = ? WHERE batch_id = ?",
            [STATUS_DIBATALKAN, datetime.now(), batch_id],
        )
    log_activity(path, user, "batal", f"batch {batch_id} {table.name}")
    return BatchResult(batch_id, table.name, baris_baru=-removed + restored, baris_diganti=restored)


def undo_preview(path: Path, batch_id: int) -> dict[str, int | str]:
    """What undoing a batch would change: table, rows removed, rows restored."""
    with reading(path) as con:
        row = _one(con, "SELECT tabel, status FROM unggahan WHERE batch_id = ?", [batch_id])
        if row is None:
            raise StoreError(f"Batch {batch_id} tidak ada.")
        table_name = row[0]
        removed = _scalar(con, f"SELECT count(*) FROM {table_name} WHERE batch_id = ?", [batch_id])
        restored = _scalar(con, f"SELECT count(*) FROM riwayat_{table_name} WHERE diganti_oleh = ?", [batch_id])
    return {"tabel": table_name, "status": row[1], "baris_dihapus": int(removed), "baris_dipulihkan": int(restored)}


def activity_path(path: Path) -> Path:
    """The activity log's own DuckDB file beside the database (data/lapas.duckdb -> data/lapas.aktivitas.duckdb).

    Kept apart so that sign-ins and exports never change the database file: its SHA-256, printed
    on every working paper, then changes only when the data does.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.aktivitas{path.suffix or '.duckdb'}")


def log_activity(path: Path, user: str | None, action: str, detail: str = "") -> None:
    """Write one line to the activity log (sign-ins, uploads, undos, exports); never a password or a hash.

    Best effort: a busy log file does not undo or block the action it records.
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
    except StoreError:
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


# ---------------------------------------------------------------- reading


def list_batches(path: Path) -> pd.DataFrame:
    """The upload log, newest first, with UPLOAD_LOG_COLUMNS."""
    with reading(path) as con:
        return con.execute(f"SELECT {', '.join(UPLOAD_LOG_COLUMNS)} FROM unggahan ORDER BY batch_id DESC").df()


def batch_file(path: Path, batch_id: int) -> tuple[str, bytes]:
    """The original file name and bytes of a committed batch (from originals_dir)."""
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


def read_table(path: Path, table_name: str, with_batch: bool = False) -> pd.DataFrame:
    """All current rows of one of the seven tables, ordered by its key."""
    table = schema.get_table(table_name)
    columns = table.column_names + (["batch_id"] if with_batch else [])
    with reading(path) as con:
        return con.execute(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(table.key)}").df()


def table_counts(path: Path) -> dict[str, int]:
    """Row counts of the seven tables."""
    with reading(path) as con:
        return {name: int(_scalar(con, f"SELECT count(*) FROM {name}")) for name in schema.TABLES}


def metric_frames(path: Path) -> dict[str, pd.DataFrame]:
    """The inputs of metrics.MetricInputs, aggregated to UPT-month (and UPT-year) grain in DuckDB.

    Keys: upt, partisipasi, produksi (per kode_upt, periode, bidang), pnbp (per kode_upt and
    month of tanggal_setor), target_pnbp, anggaran, realisasi. Money comes back as float64.
    """
    queries = {
        "upt": """SELECT kode_upt, nama_upt, jenis, kelas, kanwil, kabupaten_kota, kapasitas,
                         lapas_industri, komoditas_utama FROM upt ORDER BY kode_upt""",
        "partisipasi": """SELECT kode_upt, periode, jumlah_penghuni, napi_asimilasi, wbp_bekerja,
                                 wbp_pelatihan, wbp_bersertifikat, CAST(premi_dibayar_rp AS DOUBLE) AS premi_dibayar_rp
                          FROM partisipasi ORDER BY kode_upt, periode""",
        "produksi": """SELECT kode_upt, periode, bidang,
                              CAST(sum(nilai_produksi_rp) AS DOUBLE) AS nilai_produksi_rp,
                              CAST(sum(nilai_penjualan_rp) AS DOUBLE) AS nilai_penjualan_rp
                       FROM produksi GROUP BY ALL ORDER BY kode_upt, periode, bidang""",
        "pnbp": """SELECT kode_upt, CAST(date_trunc('month', tanggal_setor) AS DATE) AS periode,
                          CAST(sum(jumlah_rp) AS DOUBLE) AS jumlah_rp
                   FROM pnbp GROUP BY ALL ORDER BY kode_upt, periode""",
        "target_pnbp": """SELECT kode_upt, tahun_anggaran, CAST(target_pnbp_rp AS DOUBLE) AS target_pnbp_rp
                          FROM target_pnbp ORDER BY kode_upt, tahun_anggaran""",
        "anggaran": """SELECT kode_upt, tahun_anggaran, jenis_belanja,
                              CAST(pagu_awal_rp AS DOUBLE) AS pagu_awal_rp,
                              CAST(pagu_apbnp_rp AS DOUBLE) AS pagu_apbnp_rp,
                              CAST(blokir_rp AS DOUBLE) AS blokir_rp
                       FROM anggaran ORDER BY kode_upt, tahun_anggaran, jenis_belanja""",
        "realisasi": """SELECT kode_upt, periode, jenis_belanja,
                               CAST(rpd_rp AS DOUBLE) AS rpd_rp, CAST(realisasi_rp AS DOUBLE) AS realisasi_rp
                        FROM realisasi ORDER BY kode_upt, periode, jenis_belanja""",
    }
    with reading(path) as con:
        frames = {name: con.execute(sql).df() for name, sql in queries.items()}
    for name in ("partisipasi", "produksi", "pnbp", "realisasi"):
        frames[name]["periode"] = pd.to_datetime(frames[name]["periode"])
    return frames


def product_totals(path: Path, years: list[int], kode_upt: list[str] | None = None) -> pd.DataFrame:
    """Production per kode_upt, tahun, bidang, produk, satuan: jumlah, nilai_produksi_rp, nilai_penjualan_rp."""
    where = "WHERE year(periode) IN (SELECT unnest(?))"
    params: list[object] = [years]
    if kode_upt is not None:
        where += " AND kode_upt IN (SELECT unnest(?))"
        params.append(kode_upt)
    with reading(path) as con:
        return con.execute(
            f"""SELECT kode_upt, CAST(year(periode) AS INTEGER) AS tahun, bidang, produk, satuan,
                       sum(jumlah) AS jumlah,
                       CAST(sum(nilai_produksi_rp) AS DOUBLE) AS nilai_produksi_rp,
                       CAST(sum(nilai_penjualan_rp) AS DOUBLE) AS nilai_penjualan_rp
                FROM produksi {where} GROUP BY ALL ORDER BY nilai_produksi_rp DESC""",
            params,
        ).df()


def file_sha256(path: Path) -> str:
    """SHA-256 of the database file as it is on disk (for working papers)."""
    digest = hashlib.sha256()
    with _PROCESS_LOCK, open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- upload page helpers


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


def units_not_in(path: Path, kode_upt: list[str]) -> pd.DataFrame:
    """Stored units whose kode_upt is not in `kode_upt` (case-insensitive): kode_upt, nama_upt, punya_data.

    punya_data is True when any fact table has a row of the unit. Empty when the database does not exist.
    """
    empty = pd.DataFrame({"kode_upt": [], "nama_upt": [], "punya_data": pd.Series([], dtype=bool)})
    if not Path(path).exists():
        return empty
    facts = " UNION ".join(f"SELECT DISTINCT kode_upt FROM {name}" for name in schema.FACT_TABLES)
    codes = sorted({str(kode).strip().upper() for kode in kode_upt})
    with reading(path) as con:
        missing = con.execute(
            f"""SELECT u.kode_upt, u.nama_upt, u.kode_upt IN ({facts}) AS punya_data
                FROM upt u WHERE upper(u.kode_upt) NOT IN (SELECT unnest(?::VARCHAR[]))
                ORDER BY punya_data DESC, u.kode_upt""",
            [codes],
        ).df()
    return missing if len(missing) else empty


def upt_upload_warnings(path: Path, rows: pd.DataFrame, shown: int = 20) -> list[str]:
    """For an upload of `upt`: one warning naming the stored units the file leaves out (they stay stored), or none."""
    missing = units_not_in(path, rows["kode_upt"].tolist())
    if missing.empty:
        return []
    names = [
        f"{kode} ({'sudah punya data' if has_data else 'belum punya data'})"
        for kode, has_data in zip(missing["kode_upt"].head(shown), missing["punya_data"].head(shown), strict=True)
    ]
    more = f" dan {len(missing) - shown} lainnya" if len(missing) > shown else ""
    return [
        f"{len(missing)} UPT yang ada di basis data tidak ada di berkas ini: {', '.join(names)}{more}. "
        "UPT tersebut tetap disimpan: unggahan daftar UPT hanya menambah dan memperbarui, tidak pernah menghapus."
    ]
