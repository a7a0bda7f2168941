"""National-scale synthetic sets for the benchmarks (about 530 UPTs in 33 kanwil), and a big produksi CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from demo.common import BARANG_PROFILE, JENIS_BELANJA, MODAL_PROFILE, YEARS, ntpn, round_to, working_days, write_csv
from demo.national_partnership import national_partnership
from lapas_metrics import config, schema

NATIONAL_DIR = config.DATA_DIR / "national"  # ignored by git

# The 34 provinces before the 2022 splits; a kanwil per province.
PROVINSI = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu",
    "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat",
    "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
    "Maluku Utara", "Papua Barat", "Papua",
)  # fmt: skip

# (bidang, produk, satuan, price in rupiah) for the synthetic national catalogue.
KATALOG = (
    ("Percetakan", "Buku tulis", "pcs", 3_000), ("Percetakan", "Map", "pcs", 2_500),
    ("Percetakan", "Kalender", "pcs", 15_000), ("Manufaktur", "Komponen injeksi plastik", "pcs", 1_200),
    ("Manufaktur", "Paving block", "m2", 55_000), ("Manufaktur", "Batako", "pcs", 3_500),
    ("Agribisnis", "Sapi potong", "ekor", 18_500_000), ("Agribisnis", "Ikan lele", "kg", 18_000),
    ("Agribisnis", "Ikan nila", "kg", 26_000), ("Agribisnis", "Pakan ikan", "kg", 7_000),
    ("Agribisnis", "Sayuran hidroponik", "kg", 20_000), ("Agribisnis", "Telur ayam", "kg", 25_000),
    ("Pangan", "Bakso sapi", "kg", 85_000), ("Pangan", "Abon sapi", "kg", 260_000),
    ("Pangan", "Roti", "pcs", 5_000), ("Pangan", "Kopi bubuk", "kg", 120_000),
    ("Tekstil & Garmen", "Pakaian seragam", "pcs", 65_000), ("Tekstil & Garmen", "Batik tulis", "m", 150_000),
    ("Tekstil & Garmen", "Sepatu kulit", "pasang", 250_000), ("Kerajinan", "Kursi rotan", "set", 1_500_000),
    ("Kerajinan", "Mebel kayu", "pcs", 900_000), ("Kerajinan", "Kerajinan batok kelapa", "pcs", 25_000),
    ("Jasa", "Jasa laundry", "kg", 7_000), ("Lainnya", "Sabun cair", "liter", 15_000),
)  # fmt: skip


def national_upt(n_kanwil: int = 33, n_upt: int = 530) -> pd.DataFrame:
    """The synthetic national `upt` frame (codes like KW07-LP0123); depends only on the sizes, never on a seed.

    Same columns and dtypes as generate_demo()["upt"]; produksi_csv uses the default list.
    """
    if not 1 <= n_kanwil <= 99 or n_upt < 1:
        raise ValueError("n_kanwil harus 1–99 dan n_upt ≥ 1")
    rng = np.random.default_rng(n_kanwil * 100_003 + n_upt)
    idx = np.arange(n_upt)
    kanwil_no = idx % n_kanwil
    jenis = np.where(idx % 20 == 19, "LPKA", np.where(idx % 4 == 3, "Rutan", "Lapas"))
    prefix = np.select([jenis == "LPKA", jenis == "Rutan"], ["PA", "RT"], "LP")
    kelas = np.array(["I", "IIA", "IIB", "III"])[rng.integers(0, 4, n_upt)]
    kelas = np.where(jenis == "LPKA", np.where(kelas == "I", "I", "II"), kelas)
    kelas = np.where((jenis == "Rutan") & (kelas == "III"), "IIB", kelas)
    number = np.char.zfill((idx + 1).astype(str), 4)
    kanwil_code = np.char.zfill((kanwil_no + 1).astype(str), 2)
    kode = np.char.add(np.char.add(np.char.add("KW", kanwil_code), "-"), np.char.add(prefix, number))
    kanwil = np.where(
        kanwil_no < len(PROVINSI),
        np.array(PROVINSI)[np.minimum(kanwil_no, len(PROVINSI) - 1)],
        np.char.add("Kanwil ", kanwil_code),
    )
    nama = np.char.add(np.char.add(np.char.add(jenis, " Kelas "), kelas), np.char.add(" Contoh ", number))
    industri = (jenis == "Lapas") & (rng.random(n_upt) < 0.15)
    komoditas = np.array([k[1] for k in KATALOG])[rng.integers(0, len(KATALOG), n_upt)]
    return pd.DataFrame(
        {
            "kode_upt": kode,
            "nama_upt": nama,
            "jenis": jenis,
            "kelas": kelas,
            "kanwil": kanwil,
            "kabupaten_kota": np.char.add("Kabupaten Contoh ", number),
            "kapasitas": np.rint(np.exp(rng.normal(np.log(450), 0.7, n_upt))).astype(np.int64),
            "lapas_industri": industri,
            # numpy's stubs take no None scalar, though np.where(c, x, None) gives an object array
            "komoditas_utama": np.where(industri, komoditas, None),  # type: ignore[call-overload]
            "lat": np.nan,
            "lon": np.nan,
        }
    )


def _periode_labels(years: range) -> np.ndarray:
    return np.array([f"{y}-{m:02d}" for y in years for m in range(1, 13)])


def _national_produksi(
    rng: np.random.Generator,
    kode: np.ndarray,
    years: range,
    unit_index: np.ndarray,
    n_products: np.ndarray | int,
    n_rows: int | None,
) -> pd.DataFrame:
    """Produksi rows over `unit_index`: either every (unit, month, product < n_products) or exactly n_rows slots.

    A slot s maps one-to-one to (unit, month, product number), and product number k of
    unit u is catalogue item (5u + k) mod len(KATALOG), with a "tipe" suffix once the
    catalogue is used up: so keys are unique by construction.
    """
    labels = _periode_labels(years)
    n_months = len(labels)
    n_units = len(unit_index)
    if n_rows is None:
        per_unit = np.broadcast_to(np.asarray(n_products), (n_units,))
        unit_pos = np.repeat(np.arange(n_units), per_unit * n_months)
        within = np.concatenate([np.arange(p * n_months) for p in per_unit]) if n_units else np.zeros(0, int)
        month = within % n_months
        k = within // n_months
    else:
        s = np.arange(n_rows)
        unit_pos = s % n_units
        month = (s // n_units) % n_months
        k = s // (n_units * n_months)
        order = np.lexsort((k, month, unit_pos))
        unit_pos, month, k = unit_pos[order], month[order], k[order]
    unit = unit_index[unit_pos]
    item = (5 * unit + k) % len(KATALOG)
    variant = k // len(KATALOG)
    bidang = np.array([c[0] for c in KATALOG])[item]
    produk = np.array([c[1] for c in KATALOG], dtype=object)[item]
    if variant.max(initial=0) > 0:
        suffix = np.where(variant > 0, np.char.add(" tipe ", (variant + 1).astype(str)), "")
        produk = np.char.add(produk.astype(str), suffix)
    satuan = np.array([c[2] for c in KATALOG])[item]
    price = np.array([c[3] for c in KATALOG], dtype=float)[item]
    year_offset = month // 12
    jumlah = np.where(satuan == "ekor", rng.integers(1, 20, len(item)), rng.integers(10, 5_000, len(item)))
    nilai = np.rint(jumlah * price * 1.04**year_offset * rng.uniform(0.9, 1.1, len(item))).astype(np.int64)
    penjualan = np.rint(nilai * rng.uniform(0.7, 0.95, len(item))).astype(np.int64)
    return pd.DataFrame(
        {
            "kode_upt": kode[unit],
            "periode": labels[month],
            "bidang": bidang,
            "produk": produk,
            "jumlah": jumlah.astype(np.int64),
            "satuan": satuan,
            "nilai_produksi_rp": nilai,
            "nilai_penjualan_rp": penjualan,
        }
    )


def generate_national(
    directory: Path,
    seed: int = 53,
    n_kanwil: int = 33,
    n_upt: int = 530,
    years: range = range(2016, 2026),
    produksi_rows: int | None = None,
) -> dict[str, Path]:
    """Write a national-scale synthetic set (one `<table>.csv` per table) for benchmarks.

    Units are spread evenly over the kanwil; about 15 % of Lapas are Lapas Industri, and
    they (plus a fifth of the other units) report 3–4 products a month. With produksi_rows
    the produksi table has exactly that many rows instead. Vectorised; a few seconds.
    """
    directory = Path(directory)
    rng = np.random.default_rng(seed)  # the steps below draw from it in a fixed order
    upt = national_upt(n_kanwil, n_upt)
    kode = upt["kode_upt"].to_numpy()
    industri = upt["lapas_industri"].to_numpy()
    crowd = rng.uniform(0.8, 2.2, n_upt)  # occupants per place, for the occupancy and the food budget
    partisipasi = _national_partisipasi(rng, upt, crowd, years)
    producers = np.flatnonzero(industri | (rng.random(n_upt) < 0.2))
    if produksi_rows is None:
        produksi = _national_produksi(rng, kode, years, producers, np.where(industri[producers], 4, 3), None)
    else:
        produksi = _national_produksi(rng, kode, years, np.arange(n_upt), 0, produksi_rows)
    pnbp, target_pnbp = _national_pnbp(rng, produksi)
    anggaran, realisasi = _national_budget(rng, upt, crowd, years)
    frames = {
        "upt": upt,
        "produksi": produksi,
        "partisipasi": partisipasi,
        "pnbp": pnbp,
        "target_pnbp": target_pnbp,
        "anggaran": anggaran,
        "realisasi": realisasi,
    }
    frames |= national_partnership(seed + 1, upt, years, pnbp)
    return {name: write_csv(frames[name], name, directory / f"{name}.csv") for name in schema.TABLES}


def _national_partisipasi(rng: np.random.Generator, upt: pd.DataFrame, crowd: np.ndarray, years: range) -> pd.DataFrame:
    """Occupants drift with a slow trend around capacity × crowd; Lapas Industri put more WBP to work."""
    kode = upt["kode_upt"].to_numpy()
    kapasitas = upt["kapasitas"].to_numpy(float)
    industri = upt["lapas_industri"].to_numpy()
    n_upt, n_months = len(upt), len(years) * 12
    month = np.arange(n_months)
    trend = 1 + 0.003 * (month - n_months / 2)
    penghuni = np.rint(kapasitas[:, None] * crowd[:, None] * trend[None, :] * rng.normal(1, 0.02, (n_upt, n_months)))
    penghuni = np.clip(penghuni, 0, None).astype(np.int64)
    share = np.where(industri, rng.uniform(0.15, 0.45, n_upt), rng.uniform(0.02, 0.2, n_upt))
    wbp = np.minimum(
        np.rint(penghuni * share[:, None] * rng.normal(1, 0.05, (n_upt, n_months))).clip(0), penghuni
    ).astype(np.int64)
    napi = np.rint(penghuni * rng.uniform(0.3, 0.55, n_upt)[:, None]).astype(np.int64)
    napi_col = pd.array(napi.ravel(), dtype="Int64")
    napi_col[np.repeat(rng.random(n_upt) < 0.1, n_months)] = pd.NA
    pelatihan = rng.poisson(penghuni * 0.03)
    return pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_months),
            "periode": np.tile(_periode_labels(years), n_upt),
            "jumlah_penghuni": penghuni.ravel(),
            "napi_asimilasi": napi_col,
            "wbp_bekerja": wbp.ravel(),
            "wbp_pelatihan": pelatihan.ravel().astype(np.int64),
            "wbp_bersertifikat": rng.binomial(pelatihan, 0.3).ravel().astype(np.int64),
            "premi_dibayar_rp": round_to(wbp * rng.uniform(50_000, 250_000, n_upt)[:, None], 500).ravel(),
        }
    )


def _national_pnbp(rng: np.random.Generator, produksi: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pnbp, target_pnbp): one deposit of 2–6 % of the month's sales per unit and month; targets near the year's sales."""
    monthly = produksi.groupby(["kode_upt", "periode"], as_index=False, sort=True)["nilai_penjualan_rp"].sum()
    amount = np.maximum(np.rint(monthly["nilai_penjualan_rp"].to_numpy() * rng.uniform(0.02, 0.06, len(monthly))), 1)
    tanggal = working_days(rng, (monthly["periode"] + "-01").to_numpy().astype("datetime64[D]"))
    pnbp = pd.DataFrame(
        {
            "kode_upt": monthly["kode_upt"],
            "tanggal_setor": np.datetime_as_string(tanggal, unit="D"),
            "ntpn": ntpn(rng, len(monthly)),
            "jumlah_rp": amount.astype(np.int64),
            "uraian": "Setoran hasil penjualan",
        }
    )
    yearly = (
        monthly.assign(tahun_anggaran=monthly["periode"].str[:4].astype(np.int64))
        .groupby(["kode_upt", "tahun_anggaran"], as_index=False)["nilai_penjualan_rp"]
        .sum()
    )
    target_pnbp = yearly.assign(
        target_pnbp_rp=round_to(yearly["nilai_penjualan_rp"] * rng.uniform(0.03, 0.05, len(yearly)), 500_000)
    )[["kode_upt", "tahun_anggaran", "target_pnbp_rp"]]
    return pnbp, target_pnbp


def _national_budget(
    rng: np.random.Generator, upt: pd.DataFrame, crowd: np.ndarray, years: range
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(anggaran, realisasi): allocations sized on staff and occupants, a few blocked or revised, spent 85–100 %."""
    kode = upt["kode_upt"].to_numpy()
    kapasitas = upt["kapasitas"].to_numpy(float)
    n_upt, n_years = len(upt), len(years)
    n_months = n_years * 12
    year_values = np.array(years)
    staff = 35 + 0.11 * kapasitas
    pegawai = staff[:, None] * 95_000_000 * 1.04 ** (year_values - year_values[0])[None, :]
    barang = (kapasitas * crowd * 14_000 * 365 + 600_000_000)[:, None] * 1.04 ** (year_values - year_values[0])[None, :]
    modal = rng.uniform(0.15e9, 1.5e9, (n_upt, n_years))
    pagu = np.stack([pegawai, barang, modal], axis=2) * rng.uniform(0.95, 1.05, (n_upt, n_years, 3))
    pagu = round_to(pagu, 1_000)
    blokir = round_to(pagu * (rng.random(pagu.shape) < 0.1) * rng.uniform(0.02, 0.2, pagu.shape), 1_000)
    apbnp = np.where(rng.random(pagu.shape) < 0.05, round_to(pagu * rng.uniform(1.05, 1.5, pagu.shape), 1_000), -1)
    apbnp_col = pd.array(apbnp.ravel(), dtype="Int64")
    apbnp_col[apbnp.ravel() < 0] = pd.NA
    anggaran = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_years * 3),
            "tahun_anggaran": np.tile(np.repeat(year_values, 3), n_upt).astype(np.int64),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_upt * n_years),
            "pagu_awal_rp": pagu.ravel(),
            "pagu_apbnp_rp": apbnp_col,
            "blokir_rp": blokir.ravel(),
        }
    )
    effective = np.where(apbnp >= 0, apbnp, pagu) - blokir
    profile = np.stack(
        [np.full(12, 1 / 12), BARANG_PROFILE / BARANG_PROFILE.sum(), MODAL_PROFILE / MODAL_PROFILE.sum()]
    )  # (3, 12)
    rpd = effective[:, :, :, None] * profile[None, None, :, :]  # (unit, year, jenis, month)
    real = rpd * rng.uniform(0.85, 1.0, (n_upt, n_years, 3, 1)) * rng.normal(1, 0.08, rpd.shape).clip(0)
    realisasi = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_months * 3),
            "periode": np.tile(np.repeat(_periode_labels(years), 3), n_upt),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_upt * n_months),
            "rpd_rp": round_to(rpd, 1_000).transpose(0, 1, 3, 2).ravel(),
            "realisasi_rp": np.rint(real).astype(np.int64).transpose(0, 1, 3, 2).ravel(),
        }
    )
    return anggaran, realisasi


def produksi_csv(path: Path, n_rows: int, seed: int = 1) -> Path:
    """Write a valid `produksi` CSV of exactly n_rows rows (unique keys) for the national unit list.

    kode_upt values come from the default national list (33 kanwil, 530 UPTs), periods
    from 2016-01 to 2025-12; about 70 bytes a row (1,000,000 rows ≈ 70 MB).
    """
    if n_rows < 0:
        raise ValueError("n_rows harus ≥ 0")
    rng = np.random.default_rng(seed)
    upt = national_upt(33, 530)
    produksi = _national_produksi(rng, upt["kode_upt"].to_numpy(), YEARS, np.arange(len(upt)), 0, n_rows)
    return write_csv(produksi, "produksi", Path(path))
