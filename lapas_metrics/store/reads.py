"""Reading the seven tables: current rows, counts, the aggregated inputs of the metrics, units and their facts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from lapas_metrics import metrics, schema
from lapas_metrics.metrics.arrays import as_years
from lapas_metrics.store.connection import _PROCESS_LOCK, _count
from lapas_metrics.store.transactions import read_every_block, reading


def verify_database(path: Path, thorough: bool = False) -> None:
    """Open an existing database and read its schema version: StoreDamaged when the file is damaged or
    not this application's, StoreBusy when another process holds it too long; nothing when it is sound.
    `thorough` reads every block of the file too (read_every_block), finding damage inside the data."""
    with reading(path) as con:
        _count(con, "SELECT count(*) FROM meta")
        if thorough:
            read_every_block(con)


def known_upt(path: Path) -> set[str]:
    """The kode_upt values in `upt` (upper case); empty when the database does not exist yet."""
    if not Path(path).exists():
        return set()
    with reading(path) as con:
        return {row[0] for row in con.execute("SELECT kode_upt FROM upt").fetchall()}


def read_table(path: Path, table_name: str, with_batch: bool = False) -> pd.DataFrame:
    """All current rows of one of the tables of schema.TABLES, ordered by its key."""
    table = schema.get_table(table_name)
    columns = table.column_names + (["batch_id"] if with_batch else [])
    with reading(path) as con:
        return con.execute(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(table.key)}").df()


def table_counts(path: Path) -> dict[str, int]:
    """Row counts of the tables of schema.TABLES."""
    with reading(path) as con:
        return {name: _count(con, f"SELECT count(*) FROM {name}") for name in schema.TABLES}


# One row per asset and year: an asset is idle in a year when it was checked and never in use. The
# largest table (a row per asset and month), so it can be read for the years asked only.
STATUS_ASET_QUERY = """SELECT s.kode_aset, CAST(year(s.periode) AS BIGINT) AS tahun,
                              CAST(count(*) AS DOUBLE) AS jumlah_diperiksa,
                              CAST(count(*) FILTER (WHERE s.dipakai) AS DOUBLE) AS jumlah_dipakai, a.kode_upt
                       FROM status_aset s JOIN aset a USING (kode_aset) {where}
                       GROUP BY s.kode_aset, year(s.periode), a.kode_upt ORDER BY s.kode_aset, tahun"""
STATUS_ASET_OF_YEARS = "WHERE s.periode >= make_date(?, 1, 1) AND s.periode < make_date(?, 1, 1)"
# The partnership tables as metrics.MetricInputs reads them (DATA.md "Partnerships, assets and split rules").
PARTNERSHIP_QUERIES = {
    "kemitraan": """SELECT kode_upt, nomor_perjanjian, skema, tanggal_mulai, CAST(jangka_tahun AS BIGINT) AS jangka_tahun,
                           CAST(kontribusi_tetap_rp AS DOUBLE) AS kontribusi_tetap_rp,
                           CAST(bagi_hasil_persen AS DOUBLE) AS bagi_hasil_persen, serah_terima
                    FROM kemitraan ORDER BY kode_upt, nomor_perjanjian""",
    "laporan_mitra": """SELECT l.nomor_perjanjian, CAST(l.tahun AS BIGINT) AS tahun,
                               CAST(l.omzet_rp AS DOUBLE) AS omzet_rp, k.kode_upt
                        FROM laporan_mitra l JOIN kemitraan k USING (nomor_perjanjian)
                        ORDER BY l.nomor_perjanjian, l.tahun""",
    "aset": """SELECT kode_upt, kode_aset, CAST(tahun_perolehan AS BIGINT) AS tahun_perolehan,
                      CAST(nilai_perolehan_rp AS DOUBLE) AS nilai_perolehan_rp
               FROM aset ORDER BY kode_upt, kode_aset""",
    "status_aset": STATUS_ASET_QUERY.format(where=""),
    "aturan_premi": """SELECT kode_upt, berlaku_mulai, CAST(premi_persen AS DOUBLE) AS premi_persen,
                              CAST(pnbp_persen AS DOUBLE) AS pnbp_persen
                       FROM aturan_premi ORDER BY kode_upt, berlaku_mulai""",
}


def metric_frames(path: Path, kode_upt: str | None = None, tahun: metrics.Years = None) -> dict[str, pd.DataFrame]:
    """The inputs of metrics.MetricInputs, aggregated to UPT-month (and UPT-year) grain in DuckDB.

    Keys: upt, partisipasi, produksi (per kode_upt, periode, bidang), pnbp (per kode_upt, month of
    tanggal_setor and nomor_perjanjian, NULL for a deposit that names no agreement), target_pnbp,
    anggaran, realisasi, and the partnership tables (PARTNERSHIP_QUERIES): kemitraan, laporan_mitra,
    aset, status_aset (counted per asset and year: jumlah_diperiksa, jumlah_dipakai), aturan_premi.
    Money and percentages come back as float64. kode_upt: only that unit's rows (any case), for its
    own yearly figures (none depends on other units); laporan_mitra and status_aset carry the kode_upt
    of their agreement or asset for that. tahun: a year or several (None = every year): status_aset
    then holds the years from the first to the last of them only, which is all the figures of those
    years read of it (the other tables are read whole).
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
                          CAST(sum(jumlah_rp) AS DOUBLE) AS jumlah_rp, nomor_perjanjian
                   FROM pnbp GROUP BY ALL ORDER BY kode_upt, periode, nomor_perjanjian NULLS FIRST""",
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
        **PARTNERSHIP_QUERIES,
    }
    params: dict[str, list[object]] = {name: [] for name in queries}
    years = as_years(tahun)
    if years:
        queries["status_aset"] = STATUS_ASET_QUERY.format(where=STATUS_ASET_OF_YEARS)
        params["status_aset"] = [years[0], years[-1] + 1]
    if kode_upt is not None:
        queries = {name: f"SELECT * FROM ({sql}) WHERE upper(kode_upt) = upper(?)" for name, sql in queries.items()}
        params = {name: [*values, kode_upt] for name, values in params.items()}
    with reading(path) as con:
        frames = {name: con.execute(sql, params[name]).df() for name, sql in queries.items()}
    for name, column in (*((n, "periode") for n in metrics.MONTHLY_TABLES), ("aturan_premi", "berlaku_mulai")):
        frames[name][column] = pd.to_datetime(frames[name][column])
    frames["kemitraan"]["tanggal_mulai"] = pd.to_datetime(frames["kemitraan"]["tanggal_mulai"])
    frames["kemitraan"]["serah_terima"] = frames["kemitraan"]["serah_terima"].astype("boolean")
    frames["pnbp"]["nomor_perjanjian"] = frames["pnbp"]["nomor_perjanjian"].astype("object")
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
