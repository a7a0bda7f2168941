"""The schema: its version, the frozen v1 baseline as literal DDL, and each migration to the current version."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lapas_metrics.store.connection import StoreDamaged, StoreError, _one
from lapas_metrics.store.originals import _keep_original

SCHEMA_VERSION = 7

# The first schema, statement for statement as _baseline_v1 laid it (built from schema.py) from commit
# 2e42179 until it was frozen here. Never edit it, nor build it from schema.py again: a change to the
# schema is a new migration below, and a new database is this baseline plus every migration.
# tests/fixtures/lapas_v1.duckdb was laid by that old code; test_migrations checks that the two agree.
V1_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR)",
    """CREATE TABLE IF NOT EXISTS unggahan (
        batch_id BIGINT PRIMARY KEY, tabel VARCHAR NOT NULL, nama_file VARCHAR,
        sha256 VARCHAR NOT NULL, baris_baru BIGINT, baris_diganti BIGINT,
        waktu TIMESTAMP NOT NULL, pengguna VARCHAR, status VARCHAR NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS berkas (batch_id BIGINT PRIMARY KEY, isi BLOB)",
    """CREATE TABLE IF NOT EXISTS upt (
        kode_upt VARCHAR, nama_upt VARCHAR, jenis VARCHAR, kelas VARCHAR, kanwil VARCHAR, kabupaten_kota VARCHAR,
        kapasitas BIGINT, lapas_industri BOOLEAN, komoditas_utama VARCHAR, lat DOUBLE, lon DOUBLE,
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_upt (
        kode_upt VARCHAR, nama_upt VARCHAR, jenis VARCHAR, kelas VARCHAR, kanwil VARCHAR, kabupaten_kota VARCHAR,
        kapasitas BIGINT, lapas_industri BOOLEAN, komoditas_utama VARCHAR, lat DOUBLE, lon DOUBLE,
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS produksi (
        kode_upt VARCHAR, periode DATE, bidang VARCHAR, produk VARCHAR, jumlah DOUBLE, satuan VARCHAR,
        nilai_produksi_rp DECIMAL(18,2), nilai_penjualan_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_produksi (
        kode_upt VARCHAR, periode DATE, bidang VARCHAR, produk VARCHAR, jumlah DOUBLE, satuan VARCHAR,
        nilai_produksi_rp DECIMAL(18,2), nilai_penjualan_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS partisipasi (
        kode_upt VARCHAR, periode DATE, jumlah_penghuni BIGINT, napi_asimilasi BIGINT, wbp_bekerja BIGINT,
        wbp_pelatihan BIGINT, wbp_bersertifikat BIGINT, premi_dibayar_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_partisipasi (
        kode_upt VARCHAR, periode DATE, jumlah_penghuni BIGINT, napi_asimilasi BIGINT, wbp_bekerja BIGINT,
        wbp_pelatihan BIGINT, wbp_bersertifikat BIGINT, premi_dibayar_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS pnbp (
        kode_upt VARCHAR, tanggal_setor DATE, ntpn VARCHAR, jumlah_rp DECIMAL(18,2), uraian VARCHAR,
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_pnbp (
        kode_upt VARCHAR, tanggal_setor DATE, ntpn VARCHAR, jumlah_rp DECIMAL(18,2), uraian VARCHAR,
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS target_pnbp (
        kode_upt VARCHAR, tahun_anggaran INTEGER, target_pnbp_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_target_pnbp (
        kode_upt VARCHAR, tahun_anggaran INTEGER, target_pnbp_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS anggaran (
        kode_upt VARCHAR, tahun_anggaran INTEGER, jenis_belanja VARCHAR, pagu_awal_rp DECIMAL(18,2),
        pagu_apbnp_rp DECIMAL(18,2), blokir_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_anggaran (
        kode_upt VARCHAR, tahun_anggaran INTEGER, jenis_belanja VARCHAR, pagu_awal_rp DECIMAL(18,2),
        pagu_apbnp_rp DECIMAL(18,2), blokir_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS realisasi (
        kode_upt VARCHAR, periode DATE, jenis_belanja VARCHAR, rpd_rp DECIMAL(18,2), realisasi_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS riwayat_realisasi (
        kode_upt VARCHAR, periode DATE, jenis_belanja VARCHAR, rpd_rp DECIMAL(18,2), realisasi_rp DECIMAL(18,2),
        batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)""",
)


def _baseline_v1(con: duckdb.DuckDBPyConnection) -> None:
    """The first released schema (V1_DDL). Never edit it: later changes are migrations below."""
    for ddl in V1_DDL:
        con.execute(ddl)
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
        row = _one(con, "SELECT isi FROM berkas WHERE batch_id = ?", [batch_id])
        data = bytes(row[0]) if row and row[0] is not None else b""
        name, _ = _keep_original(path, data)
        con.execute("INSERT INTO berkas_asli VALUES (?, ?, ?)", [batch_id, name, len(data)])
    con.execute("DROP TABLE berkas")


def _migrate_3_to_4(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # v4 counts apart the rows a batch found equal to the stored ones (DATA.md `baris_sama`). Batches written
    # before it did not tell them apart (they counted them as baris_diganti), so theirs is NULL: not counted.
    con.execute("ALTER TABLE unggahan ADD COLUMN baris_sama BIGINT")


# v5: the evaluations of EVALUATION.md. Tingkat is kept as text ('0'..'4', 'tidak_berlaku'; NULL = not answered).
V5_DDL: tuple[str, ...] = (
    """CREATE TABLE instrumen (
        versi VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL, judul VARCHAR NOT NULL, teks VARCHAR NOT NULL,
        diunggah_oleh VARCHAR, waktu TIMESTAMP NOT NULL, aktif BOOLEAN NOT NULL)""",
    """CREATE TABLE evaluasi (
        evaluasi_id BIGINT PRIMARY KEY, kode_upt VARCHAR NOT NULL, periode_mulai DATE NOT NULL,
        periode_selesai DATE NOT NULL, periode VARCHAR NOT NULL, versi_instrumen VARCHAR NOT NULL,
        status VARCHAR NOT NULL, mengganti BIGINT, versi_evaluasi INTEGER NOT NULL,
        dibuat_oleh VARCHAR, waktu_dibuat TIMESTAMP NOT NULL)""",
    """CREATE TABLE tim_evaluasi (
        evaluasi_id BIGINT NOT NULL, pengguna VARCHAR NOT NULL, nama VARCHAR, peran_tim VARCHAR NOT NULL,
        PRIMARY KEY (evaluasi_id, pengguna))""",
    """CREATE TABLE jawaban (
        evaluasi_id BIGINT NOT NULL, kode VARCHAR NOT NULL, tingkat VARCHAR, catatan VARCHAR, saran INTEGER,
        angka_dikutip DOUBLE, alasan VARCHAR, diubah_oleh VARCHAR, waktu TIMESTAMP NOT NULL,
        PRIMARY KEY (evaluasi_id, kode))""",
    """CREATE TABLE jawaban_riwayat (
        urutan BIGINT PRIMARY KEY, evaluasi_id BIGINT NOT NULL, kode VARCHAR NOT NULL, field VARCHAR NOT NULL,
        nilai_lama VARCHAR, nilai_baru VARCHAR, pengguna VARCHAR, waktu TIMESTAMP NOT NULL)""",
    """CREATE TABLE bukti (
        evaluasi_id BIGINT NOT NULL, kode VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, nama_file VARCHAR NOT NULL,
        ukuran BIGINT NOT NULL, pengguna VARCHAR, waktu TIMESTAMP NOT NULL,
        PRIMARY KEY (evaluasi_id, kode, sha256))""",
    """CREATE TABLE status_evaluasi (
        urutan BIGINT PRIMARY KEY, evaluasi_id BIGINT NOT NULL, dari VARCHAR, ke VARCHAR NOT NULL,
        pengguna VARCHAR, peran_tim VARCHAR, waktu TIMESTAMP NOT NULL, catatan VARCHAR)""",
)


def _migrate_4_to_5(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # v5 holds evaluations. The shipped default instrument is stored on first use (the first evaluation made
    # with it), not here: its 40 KB of text would grow every new, empty file by two blocks.
    for ddl in V5_DDL:
        con.execute(ddl)


# v6: findings, recommendations and their follow-up (EVALUATION.md "Finding", "Follow-up"). Nothing here is ever
# deleted: a withdrawn finding keeps its row (status 'ditarik', with the reason); every edit of a finding or a
# recommendation is a temuan_riwayat row (who, when, field, old and new); every judgement of a recommendation is
# a penilaian_tindak_lanjut row, the first one the status it started with.
V6_DDL: tuple[str, ...] = (
    """CREATE TABLE temuan (
        temuan_id BIGINT PRIMARY KEY, nomor_temuan VARCHAR NOT NULL, kode_upt VARCHAR NOT NULL, judul VARCHAR,
        kondisi VARCHAR NOT NULL, kriteria VARCHAR NOT NULL, sebab VARCHAR, akibat VARCHAR,
        nilai_temuan_rp DECIMAL(18,2), tanggal_temuan DATE NOT NULL, sumber VARCHAR NOT NULL,
        evaluasi_id BIGINT, kode_butir VARCHAR, flag VARCHAR, tahun_flag INTEGER, nilai_flag DOUBLE,
        batas_flag DOUBLE, status VARCHAR NOT NULL, alasan_ditarik VARCHAR, ditarik_oleh VARCHAR,
        waktu_ditarik TIMESTAMP, dibuat_oleh VARCHAR, waktu_dibuat TIMESTAMP NOT NULL)""",
    """CREATE TABLE rekomendasi (
        rekomendasi_id BIGINT PRIMARY KEY, temuan_id BIGINT NOT NULL, nomor_rekomendasi VARCHAR NOT NULL,
        rekomendasi VARCHAR NOT NULL, penanggung_jawab VARCHAR NOT NULL, batas_waktu DATE NOT NULL,
        status VARCHAR NOT NULL, dibuat_oleh VARCHAR, waktu_dibuat TIMESTAMP NOT NULL)""",
    """CREATE TABLE tindak_lanjut (
        tindak_lanjut_id BIGINT PRIMARY KEY, rekomendasi_id BIGINT NOT NULL, jenis VARCHAR NOT NULL,
        uraian VARCHAR NOT NULL, tanggal DATE, pengguna VARCHAR, waktu TIMESTAMP NOT NULL)""",
    """CREATE TABLE bukti_tindak_lanjut (
        tindak_lanjut_id BIGINT NOT NULL, sha256 VARCHAR NOT NULL, nama_file VARCHAR NOT NULL,
        ukuran BIGINT NOT NULL, pengguna VARCHAR, waktu TIMESTAMP NOT NULL,
        PRIMARY KEY (tindak_lanjut_id, sha256))""",
    """CREATE TABLE penilaian_tindak_lanjut (
        urutan BIGINT PRIMARY KEY, rekomendasi_id BIGINT NOT NULL, status_lama VARCHAR, status_baru VARCHAR NOT NULL,
        catatan VARCHAR, pengguna VARCHAR, waktu TIMESTAMP NOT NULL)""",
    """CREATE TABLE temuan_riwayat (
        urutan BIGINT PRIMARY KEY, temuan_id BIGINT NOT NULL, rekomendasi_id BIGINT, field VARCHAR NOT NULL,
        nilai_lama VARCHAR, nilai_baru VARCHAR, alasan VARCHAR, pengguna VARCHAR, waktu TIMESTAMP NOT NULL)""",
)


def _migrate_5_to_6(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    for ddl in V6_DDL:
        con.execute(ddl)


# v7: the partnership tables of DATA.md (agreements, partner reports, State assets, their checks, split rules), each
# with its riwayat_ table as the seven have, and the agreement a PNBP deposit may name. Literal, like V1_DDL: the
# columns in schema.py order, then batch_id (and diganti_oleh in history).
_V7_TABLES = {
    "kemitraan": """kode_upt VARCHAR, nomor_perjanjian VARCHAR, skema VARCHAR, mitra VARCHAR, objek VARCHAR,
        tanggal_mulai DATE, jangka_tahun BIGINT, nilai_investasi_rp DECIMAL(18,2), kontribusi_tetap_rp DECIMAL(18,2),
        bagi_hasil_persen DOUBLE, serah_terima BOOLEAN""",
    "laporan_mitra": """nomor_perjanjian VARCHAR, tahun INTEGER, omzet_rp DECIMAL(18,2), wbp_dipekerjakan BIGINT,
        upah_wbp_rp DECIMAL(18,2)""",
    "aset": """kode_upt VARCHAR, kode_aset VARCHAR, nama_aset VARCHAR, kategori VARCHAR, tahun_perolehan INTEGER,
        nilai_perolehan_rp DECIMAL(18,2), sumber_dana VARCHAR, nomor_perjanjian VARCHAR""",
    "status_aset": "kode_aset VARCHAR, periode DATE, kondisi VARCHAR, dipakai BOOLEAN",
    "aturan_premi": """kode_upt VARCHAR, berlaku_mulai DATE, premi_persen DOUBLE, pnbp_persen DOUBLE,
        modal_persen DOUBLE, dasar_hukum VARCHAR""",
}
V7_DDL: tuple[str, ...] = (
    *(
        ddl
        for name, columns in _V7_TABLES.items()
        for ddl in (
            f"CREATE TABLE {name} ({columns}, batch_id BIGINT NOT NULL)",
            f"CREATE TABLE riwayat_{name} ({columns}, batch_id BIGINT NOT NULL, diganti_oleh BIGINT NOT NULL)",
        )
    ),
    # Added at the end (after batch_id): every statement names its columns, none relies on their order.
    "ALTER TABLE pnbp ADD COLUMN nomor_perjanjian VARCHAR",
    "ALTER TABLE riwayat_pnbp ADD COLUMN nomor_perjanjian VARCHAR",
)


def _migrate_6_to_7(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    for ddl in V7_DDL:
        con.execute(ddl)


MIGRATIONS = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
    5: _migrate_5_to_6,
    6: _migrate_6_to_7,
}


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = _one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'")
    if not exists or not exists[0]:
        return 0
    row = _one(con, "SELECT nilai FROM meta WHERE kunci = 'schema_version'")
    return int(row[0]) if row else 0


def _ensure_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Bring an open read-write connection's file to SCHEMA_VERSION in one transaction (nothing if it is there)."""
    version = _schema_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Basis data ini dibuat oleh versi aplikasi yang lebih baru (skema {version}); "
            f"versi ini mengenal skema {SCHEMA_VERSION}. Perbarui aplikasi."
        )
    if version == SCHEMA_VERSION:
        return
    if version == 0 and _one(con, "SELECT count(*) FROM information_schema.tables") != (0,):
        # A DuckDB file with tables but without our meta table is someone else's (or lost its meta):
        # laying the baseline over it would pass it off as ours.
        raise StoreDamaged(
            f"Berkas {path} adalah basis data DuckDB lain, bukan basis data aplikasi ini; tidak ada yang diubah."
        )
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
