"""Synthetic, deterministic demo data: the 33 UPTs of Kanwil Jawa Barat 2016–2025, and national-scale benchmark sets."""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lapas_metrics import config, schema

# Reference facts copied from shared/data (names, jenis, kelas, kabupaten/kota, the ten
# Lapas Industri of 2017, capacities with their sources); shared/ is not in the repo.
REFERENCE_CSV = config.DATA_DIR / "reference" / "upt_jawa_barat.csv"
NATIONAL_DIR = config.DATA_DIR / "national"

YEARS = range(2016, 2026)
FIRST_YEAR = YEARS[0]
N_MONTHS = len(YEARS) * 12
KANWIL = "Jawa Barat"
JENIS_BELANJA = ("51", "52", "53")

# Invented, stable codes (real kode satker are not used): the kind of unit, then the place.
# LP Lapas, LPN Lapas Narkotika, LPK Lapas Khusus, LPP Lapas Perempuan, LPKA, RUTAN,
# RUTANP Rutan Perempuan.
KODE_UPT: dict[str, str] = {
    "Lapas Kelas I Cirebon": "LP-CIREBON",
    "Lapas Kelas I Sukamiskin": "LP-SUKAMISKIN",
    "Lapas Kelas IIA Cikarang": "LP-CIKARANG",
    "Lapas Kelas IIA Karawang": "LP-KARAWANG",
    "Lapas Kelas IIA Bogor": "LP-BOGOR",
    "Lapas Kelas IIB Sukabumi": "LP-SUKABUMI",
    "Lapas Kelas IIA Cibinong": "LP-CIBINONG",
    "Lapas Kelas IIA Kuningan": "LP-KUNINGAN",
    "Lapas Kelas IIA Warungkiara": "LP-WARUNGKIARA",
    "Lapas Narkotika Kelas IIA Gunung Sindur": "LPN-GUNUNGSINDUR",
    "Lapas Khusus Kelas IIA Gunung Sindur": "LPK-GUNUNGSINDUR",
    "Lapas Khusus Kelas IIB Sentul": "LPK-SENTUL",
    "Lapas Kelas IIA Bekasi": "LP-BEKASI",
    "Lapas Kelas IIB Tasikmalaya": "LP-TASIKMALAYA",
    "Lapas Kelas IIA Garut": "LP-GARUT",
    "Lapas Narkotika Kelas IIA Cirebon": "LPN-CIREBON",
    "Lapas Narkotika Kelas IIA Bandung": "LPN-BANDUNG",
    "Lapas Kelas IIA Banceuy": "LP-BANCEUY",
    "Lapas Perempuan Kelas IIA Bandung": "LPP-BANDUNG",
    "Lapas Kelas IIA Subang": "LP-SUBANG",
    "Lapas Kelas IIB Sumedang": "LP-SUMEDANG",
    "Lapas Kelas IIB Ciamis": "LP-CIAMIS",
    "Lapas Kelas IIB Majalengka": "LP-MAJALENGKA",
    "Lapas Kelas IIB Indramayu": "LP-INDRAMAYU",
    "Lapas Kelas IIB Banjar": "LP-BANJAR",
    "Lapas Kelas IIB Cianjur": "LP-CIANJUR",
    "Lapas Kelas IIB Purwakarta": "LP-PURWAKARTA",
    "LPKA Kelas II Bandung": "LPKA-BANDUNG",
    "Rutan Kelas I Bandung": "RUTAN-BANDUNG",
    "Rutan Perempuan Kelas IIA Bandung": "RUTANP-BANDUNG",
    "Rutan Kelas I Cirebon": "RUTAN-CIREBON",
    "Rutan Kelas I Depok": "RUTAN-DEPOK",
    "Rutan Kelas IIB Garut": "RUTAN-GARUT",
}

# SYNTHETIC capacities: no public figure was found for these 15 units. Chosen so that the
# 33 units hold about 17,700 places, near the 18,030 Jawa Barat reported in Sep 2025
# (jpnn.com citing SDP). Every other unit takes `kapasitas` from the reference CSV.
SYNTHETIC_KAPASITAS: dict[str, int] = {
    "LP-CIREBON": 450,
    "LP-CIBINONG": 1200,
    "LP-KUNINGAN": 350,
    "LPN-CIREBON": 1100,
    "LPN-BANDUNG": 1300,
    "LPP-BANDUNG": 500,
    "LP-SUBANG": 550,
    "LP-CIAMIS": 250,
    "LP-MAJALENGKA": 300,
    "LP-INDRAMAYU": 400,
    "LP-BANJAR": 150,
    "LP-PURWAKARTA": 350,
    "RUTAN-CIREBON": 300,
    "RUTAN-DEPOK": 900,
    "RUTAN-GARUT": 200,
}

# Occupancy / capacity of the whole set, anchored on two reported figures: 19,898 for
# 15,816 places in Jun 2020 (tribunnews.com, after the COVID-19 asimilasi releases) and
# 26,256 for 18,030 in Sep 2025 (jpnn.com). The other anchors are synthetic. Capacity is
# one static figure per UPT, so the ratios are reproduced, not the absolute totals.
OCCUPANCY_ANCHORS: tuple[tuple[str, float], ...] = (
    ("2016-01", 1.38),
    ("2019-12", 1.50),
    ("2020-03", 1.50),
    ("2020-06", 19_898 / 15_816),
    ("2021-09", 1.32),
    ("2025-09", 26_256 / 18_030),
    ("2025-12", 1.46),
)
# Occupancy / capacity of single units around Sep 2021, where reported: Tasikmalaya 381 for
# 88, Bekasi 1,825 for 470 (jabarekspres.com), Sumedang "up to three times" (tribunnews.com,
# Aug 2021), Cikarang 1,757 WBP (c. 2019–2021) for 1,130; Cianjur 40 % over capacity in Jan
# 2026 (jpnn.com), scaled back to 2021. The seven units matakota.com listed as *not*
# overcrowded in Sep 2021 get a synthetic ratio below 1. Other units share the remainder.
OCCUPANCY_2021: dict[str, float] = {
    "LP-TASIKMALAYA": 381 / 88,
    "LP-BEKASI": 1_825 / 470,
    "LP-SUMEDANG": 3.0,
    "LP-CIKARANG": 1_757 / 1_130,
    "LP-CIANJUR": 1.27,
    "LP-SUKAMISKIN": 0.80,
    "LPK-GUNUNGSINDUR": 0.55,
    "LPK-SENTUL": 0.65,
    "LP-GARUT": 0.90,
    "LPKA-BANDUNG": 0.45,
    "RUTAN-BANDUNG": 0.90,
    "RUTANP-BANDUNG": 0.80,
}


@dataclass(frozen=True)
class Product:
    """One product line of a UPT: steady monthly quantity and its 2017 unit price."""

    bidang: str
    produk: str
    satuan: str
    harga_2017: int
    jumlah_bulan: float
    first: str = "2017-02"  # Lapas Industri opened on 4 Feb 2017
    last: str = "2025-12"
    bulan: tuple[int, ...] = ()  # seasonal: only these calendar months
    count: bool = False  # whole animals: Poisson draws instead of a smooth series


# Pre-2017 kegiatan kerja of the ten future Lapas Industri: small handicraft, every month,
# so that each Lapas Industri reports produksi every month (kelengkapan counts it).
KERAJINAN = Product("Kerajinan", "Kerajinan tangan", "pcs", 35_000, 180, first="2016-01")

# Commodities of the ten Lapas Industri of 2017 (reference CSV); products, quantities and
# prices are synthetic, sized so a Lapas Industri produces about Rp0.7–3 bn a year.
PRODUCTS: dict[str, tuple[Product, ...]] = {
    "LP-SUKAMISKIN": (
        KERAJINAN,
        Product("Percetakan", "Buku tulis", "pcs", 3_000, 25_000),
        Product("Percetakan", "Map", "pcs", 2_500, 6_000),
        Product("Percetakan", "Kalender", "pcs", 15_000, 4_000, bulan=(10, 11, 12)),
    ),
    "LP-CIKARANG": (
        KERAJINAN,
        Product("Manufaktur", "Komponen injeksi plastik", "pcs", 1_200, 120_000),
        Product("Manufaktur", "Kemasan plastik injeksi", "pcs", 900, 60_000),
    ),
    "LP-CIREBON": (
        KERAJINAN,
        Product("Tekstil & Garmen", "Pakaian seragam", "pcs", 65_000, 800),
        Product("Kerajinan", "Kursi rotan", "set", 1_500_000, 20),
        Product("Kerajinan", "Keranjang rotan", "pcs", 40_000, 300),
    ),
    "LP-KARAWANG": (
        KERAJINAN,
        Product("Agribisnis", "Ikan lele", "kg", 18_000, 3_000),
        Product("Agribisnis", "Ikan nila", "kg", 26_000, 1_500),
    ),
    "LP-BOGOR": (
        KERAJINAN,
        Product("Pangan", "Bakso sapi", "kg", 85_000, 900),
        Product("Pangan", "Bakso ayam", "kg", 60_000, 400),
    ),
    "LP-SUKABUMI": (
        KERAJINAN,
        Product("Pangan", "Abon sapi", "kg", 260_000, 200),
        Product("Pangan", "Abon ikan", "kg", 180_000, 100),
    ),
    "LP-CIBINONG": (
        KERAJINAN,
        Product("Agribisnis", "Sapi potong", "ekor", 18_500_000, 8, count=True),
        Product("Agribisnis", "Pupuk kompos", "kg", 1_200, 6_000),
    ),
    # Story (a): the fattening programme never took off after the APBN-P 2016 money.
    "LP-KUNINGAN": (
        KERAJINAN,
        Product("Agribisnis", "Sapi potong", "ekor", 18_500_000, 1, count=True),
        Product("Agribisnis", "Pupuk kompos", "kg", 1_200, 1_500),
    ),
    # Story (d): 200 head in Feb 2017 (reference CSV); state cattle auctioned in Aug 2017;
    # then fodder only, and from 2019 a fee for keeping a private partner's cattle.
    "LP-WARUNGKIARA": (
        KERAJINAN,
        Product("Agribisnis", "Sapi potong", "ekor", 18_500_000, 3, last="2017-07", count=True),
        Product("Agribisnis", "Hijauan pakan ternak", "kg", 500, 2_000, first="2017-09", last="2018-12"),
        Product("Jasa", "Jasa pemeliharaan sapi mitra", "ekor", 250_000, 60, first="2019-01"),
    ),
    "LPN-GUNUNGSINDUR": (
        KERAJINAN,
        Product("Agribisnis", "Ikan lele", "kg", 18_000, 1_500),
        Product("Agribisnis", "Pakan ikan", "kg", 7_000, 4_000),
    ),
    # A little production in ordinary Lapas (reference CSV notes: Garut coconut crafts,
    # Subang rice fields and fish ponds); not reported every month, which is fine for them.
    "LP-GARUT": (Product("Kerajinan", "Kerajinan batok kelapa", "pcs", 25_000, 220, first="2016-01"),),
    "LP-SUBANG": (
        Product("Agribisnis", "Gabah kering panen", "kg", 5_000, 6_000, first="2018-01", bulan=(3, 4, 8, 9)),
        Product("Agribisnis", "Ikan nila", "kg", 26_000, 300, first="2018-01"),
    ),
    "LPP-BANDUNG": (Product("Tekstil & Garmen", "Mukena dan jahitan", "pcs", 90_000, 150, first="2016-01"),),
}

# Share of sales deposited as PNBP: reported PNBP is tens of millions of rupiah a year per
# Lapas (Lapas I Malang Rp93.5 jt in 2021; Lapas Kendari Rp19.5 jt, 102 % of target).
PNBP_SHARE_RANGE = (0.025, 0.045)

# APBN-P 2016 gave Rp197,838,525,000 for building and renovating Lapas Industri nationally
# (tribunnews.com, 7 Jun 2016). Synthetic split: the ten Jawa Barat units get Rp50.5 bn,
# about 25.5 % of it; Cikarang's workshop was built with it (reference CSV).
APBNP_2016_NASIONAL = 197_838_525_000
APBNP_2016_TAMBAHAN: dict[str, int] = {
    "LP-CIKARANG": 9_000_000_000,
    "LP-KUNINGAN": 8_500_000_000,  # story (a)
    "LP-SUKAMISKIN": 5_000_000_000,
    "LP-WARUNGKIARA": 5_000_000_000,
    "LP-CIREBON": 4_500_000_000,
    "LP-KARAWANG": 4_500_000_000,
    "LP-CIBINONG": 4_500_000_000,
    "LP-BOGOR": 3_500_000_000,
    "LP-SUKABUMI": 3_000_000_000,
    "LPN-GUNUNGSINDUR": 3_000_000_000,
}

# The stories auditors should find (data/demo/SUMBER.md tells them).
SPIKE_UNIT_YEARS = (("LP-BANCEUY", 2019), ("RUTAN-DEPOK", 2023))  # story (b)
MISSING_UNIT = "LP-SUKABUMI"  # story (c): no reports Jun–Oct 2021
MISSING_MONTHS = ("2021-06", "2021-07", "2021-08", "2021-09", "2021-10")
WARUNGKIARA = "LP-WARUNGKIARA"  # story (d)
AUCTION_MONTH = "2017-08"
AUCTION_HEAD = 170
AUCTION_PRICE = 17_000_000  # per head, below the market price of a fattened bull
LOW_ABSORPTION = ("LP-MAJALENGKA", 2018)  # penyerapan_rendah: a failed modal tender
PNBP_SHORTFALL = ("LP-BOGOR", 2023)  # pnbp_di_bawah_target: a quarter of the usual deposits
KUNINGAN_TARGET_YEARS = (2017, 2018)  # targets set on the plan, before it failed
WARUNGKIARA_TARGET_2017 = 60_000_000  # set on the 200-head plan, before the auction

# Approximate months of THR (before Idul Fitri) and gaji ke-13 in each year's payroll.
THR_MONTH = {2016: 6, 2017: 6, 2018: 6, 2019: 5, 2020: 5, 2021: 5, 2022: 4, 2023: 4, 2024: 4, 2025: 3}
GAJI13_MONTH = {2016: 7, 2017: 6, 2018: 7, 2019: 7, 2020: 8, 2021: 8, 2022: 6, 2023: 6, 2024: 6, 2025: 6}
# Monthly draw-down profiles of DIPA Halaman III: goods ramp up, capital works pay late.
BARANG_PROFILE = np.array([0.5, 0.8, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.2, 1.6])
MODAL_PROFILE = np.array([0, 0, 0.2, 0.5, 0.8, 1, 1, 1.2, 1.3, 1.5, 1.8, 2.5])
# APBN-P 2016 was enacted in late June, so its construction money is drawn Jul–Dec.
APBNP_PROFILE = np.array([0, 0, 0, 0, 0, 0, 1, 1.5, 2, 2, 2, 1.5])

NTPN_ALPHABET = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", dtype=np.uint8)


def _month_index(periode: str) -> int:
    year, month = periode.split("-")
    return (int(year) - FIRST_YEAR) * 12 + int(month) - 1


def _round_to(values: np.ndarray, step: int) -> np.ndarray:
    return (np.rint(np.asarray(values, dtype=float) / step) * step).astype(np.int64)


def read_reference(path: Path = REFERENCE_CSV) -> pd.DataFrame:
    """The reference facts of the 33 UPTs of Jawa Barat, as in data/reference/upt_jawa_barat.csv."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _upt_frame(reference: pd.DataFrame) -> pd.DataFrame:
    kode = reference["nama_upt"].map(KODE_UPT)
    if kode.isna().any():
        raise ValueError(f"UPT tanpa kode: {list(reference.loc[kode.isna(), 'nama_upt'])}")
    known = pd.to_numeric(reference["kapasitas"], errors="coerce")
    synthetic = kode.map(SYNTHETIC_KAPASITAS)
    kapasitas = known.fillna(synthetic)
    if kapasitas.isna().any():
        raise ValueError("kapasitas tidak lengkap")
    industri = reference["lapas_industri_2017"].str.lower().eq("ya")
    return pd.DataFrame(
        {
            "kode_upt": kode.astype(str),
            "nama_upt": reference["nama_upt"],
            "jenis": reference["jenis"],
            "kelas": reference["kelas"],
            "kanwil": KANWIL,
            "kabupaten_kota": reference["kabupaten_kota"],
            "kapasitas": kapasitas.astype(np.int64),
            "lapas_industri": industri.astype(bool),
            "komoditas_utama": reference["komoditas_2017"].where(industri, None),
            # Coordinates are left empty: the reference has no sourced positions.
            "lat": np.nan,
            "lon": np.nan,
        }
    )


def _periode_index() -> pd.DatetimeIndex:
    return pd.date_range(f"{FIRST_YEAR}-01-01", periods=N_MONTHS, freq="MS")


def _occupancy(rng: np.random.Generator, upt: pd.DataFrame) -> np.ndarray:
    """Occupants at month end, shape (units, months)."""
    kapasitas = upt["kapasitas"].to_numpy(float)
    kode = upt["kode_upt"].tolist()
    anchor_x = [_month_index(p) for p, _ in OCCUPANCY_ANCHORS]
    anchor_y = [r for _, r in OCCUPANCY_ANCHORS]
    curve = np.interp(np.arange(N_MONTHS), anchor_x, anchor_y)
    level_2021 = float(np.interp(_month_index("2021-09"), anchor_x, anchor_y))
    pinned = np.array([k in OCCUPANCY_2021 for k in kode])
    relative = np.array([OCCUPANCY_2021.get(k, 0.0) / level_2021 for k in kode])
    # The free units share what the pinned ones leave, so the capacity-weighted mean of
    # `relative` is 1 and the set follows the anchored curve.
    jitter = rng.uniform(0.8, 1.2, len(kode))
    free_weight = (kapasitas * jitter)[~pinned].sum()
    base = (kapasitas.sum() - (kapasitas * relative)[pinned].sum()) / free_weight
    relative = np.where(pinned, relative, base * jitter)
    drift = np.cumsum(rng.normal(0, 0.006, (len(kode), N_MONTHS)), axis=1)
    drift -= drift.mean(axis=1, keepdims=True)
    noise = rng.normal(0, 0.005, (len(kode), N_MONTHS))
    penghuni = kapasitas[:, None] * relative[:, None] * curve[None, :] * np.exp(drift + noise)
    return np.rint(penghuni).astype(np.int64)


def _covid_factor() -> np.ndarray:
    """Work and production slowed while visits and movements were restricted (Apr 2020–Jun 2021)."""
    factor = np.ones(N_MONTHS)
    factor[_month_index("2020-04") : _month_index("2020-12") + 1] = 0.7
    factor[_month_index("2021-01") : _month_index("2021-06") + 1] = 0.85
    return factor


def _partisipasi(rng: np.random.Generator, upt: pd.DataFrame, penghuni: np.ndarray) -> pd.DataFrame:
    n_units = len(upt)
    months = np.arange(N_MONTHS)
    year = FIRST_YEAR + months // 12
    calendar_month = months % 12 + 1
    jenis = upt["jenis"].to_numpy()
    kode = upt["kode_upt"].to_numpy()
    industri = upt["lapas_industri"].to_numpy()
    opening = _month_index("2017-02")

    # Share of occupants in work: most units 5–25 %; a Rutan holds mostly detainees, who work less;
    # Cikarang reached 864 of 1,757 WBP (c. 2019–2021, reference README).
    share = np.empty((n_units, N_MONTHS))
    for i in range(n_units):
        if industri[i]:
            before = rng.uniform(0.05, 0.10)
            target = 0.49 if kode[i] == "LP-CIKARANG" else rng.uniform(0.15, 0.28)
            ramp_end = _month_index("2019-01") if kode[i] == "LP-CIKARANG" else _month_index("2018-01")
            ramp = np.clip((months - opening) / (ramp_end - opening), 0, 1)
            share[i] = before + (target - before) * ramp
            if kode[i] == WARUNGKIARA:
                share[i, _month_index("2017-09") :] = 0.04
                share[i, _month_index("2019-01") :] = 0.08
        elif jenis[i] == "Rutan":
            share[i] = rng.uniform(0.05, 0.09)
        elif jenis[i] == "LPKA":
            share[i] = rng.uniform(0.08, 0.14)
        else:
            share[i] = rng.uniform(0.06, 0.16)
    share *= _covid_factor()[None, :] * rng.normal(1, 0.05, (n_units, N_MONTHS))
    wbp_bekerja = np.minimum(np.rint(penghuni * np.clip(share, 0, None)).astype(np.int64), penghuni)

    # Sentenced inmates eligible for assimilation: a Rutan holds mostly detainees.
    eligible = np.where(jenis == "Rutan", rng.uniform(0.12, 0.22, n_units), rng.uniform(0.35, 0.55, n_units))
    eligible = np.where(jenis == "LPKA", rng.uniform(0.30, 0.45, n_units), eligible)
    napi = np.rint(penghuni * eligible[:, None] * rng.normal(1, 0.03, (n_units, N_MONTHS))).astype(np.int64)
    napi = np.clip(napi, 0, penghuni)
    # Some units did not report the IKU denominator in some years (all Rutan in 2016).
    missing_year = rng.random((n_units, len(YEARS))) < 0.10
    missing_year[:, 0] |= jenis == "Rutan"
    napi_missing = missing_year[:, year - FIRST_YEAR]

    training_rate = np.where(industri, rng.uniform(0.03, 0.05, n_units), rng.uniform(0.01, 0.03, n_units))
    training_rate = np.where(jenis == "LPKA", 0.05, training_rate)
    wbp_pelatihan = rng.poisson(penghuni * training_rate[:, None] * _covid_factor()[None, :])
    # Courses end with the quarter: most certificates are handed out in Mar, Jun, Sep, Dec.
    cert_p = np.where(np.isin(calendar_month, (3, 6, 9, 12)), 0.55, 0.12)
    wbp_bersertifikat = rng.binomial(wbp_pelatihan, np.broadcast_to(cert_p, wbp_pelatihan.shape))

    premi_rate = np.where(industri, rng.uniform(120_000, 220_000, n_units), rng.uniform(40_000, 90_000, n_units))
    premi_rate = np.where(kode == "LP-CIKARANG", 300_000, premi_rate)
    rate = np.where(industri[:, None] & (months[None, :] < opening), 60_000, premi_rate[:, None])
    rate = rate * 1.04 ** (year - 2017)[None, :]
    premi = _round_to(wbp_bekerja * rate * rng.normal(1, 0.05, (n_units, N_MONTHS)), 500)
    premi = np.clip(premi, 0, None)

    napi_col = pd.array(napi.ravel(), dtype="Int64")
    napi_col[napi_missing.ravel()] = pd.NA
    return pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, N_MONTHS),
            "periode": np.tile(_periode_index(), n_units),
            "jumlah_penghuni": penghuni.ravel(),
            "napi_asimilasi": napi_col,
            "wbp_bekerja": wbp_bekerja.ravel(),
            "wbp_pelatihan": wbp_pelatihan.ravel().astype(np.int64),
            "wbp_bersertifikat": wbp_bersertifikat.ravel().astype(np.int64),
            "premi_dibayar_rp": premi.ravel(),
        }
    )


def _produksi(rng: np.random.Generator, upt: pd.DataFrame) -> pd.DataFrame:
    months = np.arange(N_MONTHS)
    year = FIRST_YEAR + months // 12
    calendar_month = months % 12 + 1
    opening = _month_index("2017-02")
    # New units take most of 2017 to reach their steady output.
    ramp = np.clip(0.4 + 0.6 * (months - opening) / (_month_index("2017-12") - opening), 0.4, 1.0)
    growth_by_unit = {k: rng.uniform(0.0, 0.03) for k in PRODUCTS}
    # Handicraft work grows with the number of hands: scale it by the unit's size.
    size = upt.set_index("kode_upt")["kapasitas"].clip(250, 1_250) / 500
    periode = _periode_index()
    frames = []
    for kode, products in PRODUCTS.items():
        for product in products:
            active = (months >= _month_index(product.first)) & (months <= _month_index(product.last))
            if product.bulan:
                active &= np.isin(calendar_month, product.bulan)
            level = product.jumlah_bulan * (1 + growth_by_unit[kode]) ** np.clip(year - 2017, 0, None)
            if product is KERAJINAN:
                level = level * size[kode]
            if product.first == "2017-02":
                level = level * ramp
            level = level * _covid_factor()
            if product.count:
                jumlah = rng.poisson(level).astype(float)
            else:
                jumlah = np.rint(np.clip(level * rng.normal(1, 0.12, N_MONTHS), 0, None))
            harga = product.harga_2017 * 1.04 ** (year - 2017) * rng.normal(1, 0.03, N_MONTHS)
            nilai = np.rint(jumlah * harga).astype(np.int64)
            # Stock carried over: sales run a little below what was produced.
            penjualan = np.rint(nilai * rng.uniform(0.75, 0.95, N_MONTHS)).astype(np.int64)
            keep = active & (jumlah > 0)
            frames.append(
                pd.DataFrame(
                    {
                        "kode_upt": kode,
                        "periode": periode[keep],
                        "bidang": product.bidang,
                        "produk": product.produk,
                        "jumlah": jumlah[keep].astype(np.int64),
                        "satuan": product.satuan,
                        "nilai_produksi_rp": nilai[keep],
                        "nilai_penjualan_rp": penjualan[keep],
                    }
                )
            )
    produksi = pd.concat(frames, ignore_index=True)
    # Story (d): the state's cattle at Warungkiara were auctioned in Aug 2017.
    auction = pd.DataFrame(
        {
            "kode_upt": [WARUNGKIARA],
            "periode": [pd.Timestamp(f"{AUCTION_MONTH}-01")],
            "bidang": ["Agribisnis"],
            "produk": ["Sapi potong"],
            "jumlah": [AUCTION_HEAD],
            "satuan": ["ekor"],
            "nilai_produksi_rp": [AUCTION_HEAD * 18_500_000 * 104 // 100],
            "nilai_penjualan_rp": [AUCTION_HEAD * AUCTION_PRICE],
        }
    )
    produksi = pd.concat([produksi, auction], ignore_index=True)
    produksi["jumlah"] = produksi["jumlah"].astype(np.int64)
    return produksi


def _working_days(rng: np.random.Generator, month_start: np.ndarray) -> np.ndarray:
    """A random working day (Mon–Fri) in each month of `month_start` (datetime64[D], first days)."""
    next_month = (month_start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    n_days = np.busday_count(month_start, next_month)
    return np.busday_offset(month_start, rng.integers(0, n_days), roll="forward")


def _ntpn(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` distinct 16-character codes of A–Z 0–9."""
    codes = NTPN_ALPHABET[rng.integers(0, 36, (n, 16))].view("S16").ravel().astype(str)
    while len(np.unique(codes)) < n:  # collisions are astronomically rare; stay exact anyway
        _, first = np.unique(codes, return_index=True)
        dup = np.setdiff1d(np.arange(n), first)
        codes[dup] = NTPN_ALPHABET[rng.integers(0, 36, (len(dup), 16))].view("S16").ravel().astype(str)
    return codes


def _pnbp(rng: np.random.Generator, produksi: pd.DataFrame) -> pd.DataFrame:
    auction_row = (
        (produksi["kode_upt"] == WARUNGKIARA)
        & (produksi["produk"] == "Sapi potong")
        & (produksi["periode"] == pd.Timestamp(f"{AUCTION_MONTH}-01"))
    )
    ordinary = produksi[~auction_row]
    monthly = ordinary.groupby(["kode_upt", "periode"], as_index=False).agg(
        penjualan=("nilai_penjualan_rp", "sum"),
    )
    top = (
        ordinary.sort_values(
            ["kode_upt", "periode", "nilai_penjualan_rp", "produk"], ascending=[True, True, False, True]
        )
        .drop_duplicates(["kode_upt", "periode"])
        .set_index(["kode_upt", "periode"])["produk"]
    )
    monthly["produk"] = top.reindex(pd.MultiIndex.from_frame(monthly[["kode_upt", "periode"]])).to_numpy()
    units = sorted(monthly["kode_upt"].unique())
    share = dict(zip(units, rng.uniform(*PNBP_SHARE_RANGE, len(units)), strict=True))
    expected = monthly["penjualan"] * monthly["kode_upt"].map(share) * rng.normal(1, 0.1, len(monthly))
    shortfall = (monthly["kode_upt"] == PNBP_SHORTFALL[0]) & (monthly["periode"].dt.year == PNBP_SHORTFALL[1])
    amount = np.where(shortfall, expected * 0.25, expected)
    monthly["jumlah"] = np.maximum(np.rint(amount), 1).astype(np.int64)
    # Bigger months are deposited in two transfers.
    split = (monthly["jumlah"] > 10_000_000) & (rng.random(len(monthly)) < 0.6)
    first_part = np.rint(monthly["jumlah"] * rng.uniform(0.3, 0.7, len(monthly))).astype(np.int64)
    rows = pd.DataFrame(
        {
            "kode_upt": np.concatenate([monthly["kode_upt"], monthly.loc[split, "kode_upt"]]),
            "periode": np.concatenate([monthly["periode"], monthly.loc[split, "periode"]]),
            "jumlah_rp": np.concatenate(
                [np.where(split, first_part, monthly["jumlah"]), (monthly["jumlah"] - first_part)[split]]
            ),
            "produk": np.concatenate([monthly["produk"], monthly.loc[split, "produk"]]),
        }
    )
    auction = pd.DataFrame(
        {
            "kode_upt": [WARUNGKIARA],
            "periode": [pd.Timestamp(f"{AUCTION_MONTH}-01")],
            "jumlah_rp": [AUCTION_HEAD * AUCTION_PRICE],
            "produk": [None],
        }
    )
    rows = pd.concat([rows, auction], ignore_index=True)
    tanggal = _working_days(rng, rows["periode"].to_numpy().astype("datetime64[D]"))
    uraian = "Setoran hasil penjualan " + rows["produk"].fillna("").str.lower()
    uraian = uraian.where(rows["produk"].notna(), "Hasil lelang sapi milik negara melalui KPKNL")
    pnbp = pd.DataFrame(
        {
            "kode_upt": rows["kode_upt"],
            "tanggal_setor": pd.to_datetime(tanggal).astype("datetime64[us]"),
            "ntpn": _ntpn(rng, len(rows)),
            "jumlah_rp": rows["jumlah_rp"].astype(np.int64),
            "uraian": uraian.astype(str),
        }
    )
    return pnbp


def _target_pnbp(rng: np.random.Generator, pnbp: pd.DataFrame) -> pd.DataFrame:
    yearly = (
        pnbp.assign(tahun_anggaran=pnbp["tanggal_setor"].dt.year, lelang=pnbp["uraian"].str.startswith("Hasil lelang"))
        .loc[lambda f: ~f["lelang"]]
        .groupby(["kode_upt", "tahun_anggaran"], as_index=False)["jumlah_rp"]
        .sum()
    )
    base = yearly["jumlah_rp"].astype(float).to_numpy()
    bogor = yearly["kode_upt"] == PNBP_SHORTFALL[0]
    shortfall = bogor & (yearly["tahun_anggaran"] == PNBP_SHORTFALL[1])
    neighbours = bogor & yearly["tahun_anggaran"].isin([PNBP_SHORTFALL[1] - 1, PNBP_SHORTFALL[1] + 1])
    base = np.where(shortfall, yearly.loc[neighbours, "jumlah_rp"].mean(), base)
    # Story (a): the 2017–2018 targets assumed a herd like Cibinong's.
    kuningan = (yearly["kode_upt"] == "LP-KUNINGAN") & yearly["tahun_anggaran"].isin(KUNINGAN_TARGET_YEARS)
    base = np.where(kuningan, base * 4, base)
    # Targets are set a little above or below what the unit then deposits (capaian 0.9–1.2).
    target = _round_to(base * rng.uniform(0.85, 1.1, len(yearly)), 500_000)
    target = np.where(
        (yearly["kode_upt"] == WARUNGKIARA) & (yearly["tahun_anggaran"] == 2017), WARUNGKIARA_TARGET_2017, target
    )
    return pd.DataFrame(
        {
            "kode_upt": yearly["kode_upt"],
            "tahun_anggaran": yearly["tahun_anggaran"].astype(np.int64),
            "target_pnbp_rp": np.maximum(target, 500_000),
        }
    )


def _budget(rng: np.random.Generator, upt: pd.DataFrame, penghuni: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """anggaran (unit × year × jenis) and realisasi (unit × month × jenis) with RPD."""
    n_units, n_years = len(upt), len(YEARS)
    kode = upt["kode_upt"].to_numpy()
    jenis = upt["jenis"].to_numpy()
    kapasitas = upt["kapasitas"].to_numpy(float)
    industri = upt["lapas_industri"].to_numpy()
    years = np.array(YEARS)
    mean_penghuni = penghuni.reshape(n_units, n_years, 12).mean(axis=2)

    # Belanja pegawai: staff grow with capacity and with the crowd they guard; pay rises 3 % a year plus the general
    # raises of 5 % in 2019 (PP 15/2019) and 8 % in 2024 (PP 5/2024). Synthetic levels.
    staff = 35 + 0.05 * kapasitas + 0.07 * mean_penghuni.mean(axis=1) + np.where(jenis == "Rutan", 10, 0)
    per_staff = (
        95_000_000 * 1.03 ** (years - 2016) * np.where(years >= 2019, 1.05, 1) * np.where(years >= 2024, 1.08, 1)
    )
    pegawai = staff[:, None] * per_staff[None, :] * rng.uniform(0.97, 1.03, (n_units, n_years))
    # Belanja barang: inmates' food (about Rp14,000 a day in 2016, synthetic), operations,
    # and raw materials for the Lapas Industri.
    food = mean_penghuni * 14_000 * 1.04 ** (years - 2016)[None, :] * 365 * rng.uniform(0.95, 1.05, (n_units, n_years))
    operations = (600_000_000 + 400_000 * kapasitas)[:, None] * 1.03 ** (years - 2016)[None, :]
    materials = np.where(
        industri[:, None],
        np.where(years[None, :] >= 2017, rng.uniform(0.8e9, 1.6e9, (n_units, n_years)), 0.3e9),
        0,
    )
    barang = food + operations + materials
    modal = np.where(
        industri[:, None] & (years[None, :] >= 2017),
        rng.uniform(0.4e9, 1.2e9, (n_units, n_years)),
        rng.uniform(0.15e9, 0.8e9, (n_units, n_years)),
    )
    modal += (rng.random((n_units, n_years)) < 0.10) * rng.uniform(1.5e9, 3.5e9, (n_units, n_years))
    index = {k: i for i, k in enumerate(kode)}
    for unit, year in (*SPIKE_UNIT_YEARS, LOW_ABSORPTION):
        i, y = index[unit], year - FIRST_YEAR
        modal[i, y] = max(3.0e9, 0.4 * pegawai[i, y])  # a renovation project that year
    pagu_awal = np.stack([_round_to(a, 1_000) for a in (pegawai, barang, modal)], axis=2)

    pagu_apbnp = np.full(pagu_awal.shape, -1, dtype=np.int64)  # -1 = no revision
    for unit, extra in APBNP_2016_TAMBAHAN.items():
        pagu_apbnp[index[unit], 0, 2] = pagu_awal[index[unit], 0, 2] + extra
    # 2020: goods budgets cut to fund the COVID-19 response (Perpres 54/2020).
    y2020 = 2020 - FIRST_YEAR
    pagu_apbnp[:, y2020, 1] = _round_to(pagu_awal[:, y2020, 1] * rng.uniform(0.88, 0.95, n_units), 1_000)

    blokir = np.zeros(pagu_awal.shape, dtype=np.int64)
    # Blocked money: capital works in 2020 (refocusing) and 2025 (Inpres 1/2025 efficiency
    # cuts, which also hit goods); a little goods money in a few other unit-years.
    blokir[:, y2020, 2] = _round_to(
        pagu_awal[:, y2020, 2] * rng.uniform(0.2, 0.5, n_units) * (rng.random(n_units) < 0.5), 1_000
    )
    y2025 = 2025 - FIRST_YEAR
    blokir[:, y2025, 1] = _round_to(pagu_awal[:, y2025, 1] * rng.uniform(0.08, 0.18, n_units), 1_000)
    blokir[:, y2025, 2] = _round_to(pagu_awal[:, y2025, 2] * rng.uniform(0.3, 0.6, n_units), 1_000)
    other = (rng.random((n_units, n_years)) < 0.08) & (years[None, :] != 2020) & (years[None, :] != 2025)
    blokir[:, :, 1] = np.where(
        other, _round_to(pagu_awal[:, :, 1] * rng.uniform(0.02, 0.05, (n_units, n_years)), 1_000), blokir[:, :, 1]
    )
    effective = np.where(pagu_apbnp >= 0, pagu_apbnp, pagu_awal) - blokir

    # RPD: the effective allocation spread over the months by the profile of its jenis.
    profile = np.zeros((n_units, n_years, 3, 12))
    for y, year in enumerate(YEARS):
        payroll = np.ones(12)
        payroll[THR_MONTH[year] - 1] += 1
        payroll[GAJI13_MONTH[year] - 1] += 1
        profile[:, y, 0] = payroll / payroll.sum()
    profile[:, :, 1] = BARANG_PROFILE / BARANG_PROFILE.sum()
    profile[:, :, 2] = MODAL_PROFILE / MODAL_PROFILE.sum()
    rpd = effective[..., None] * profile
    for unit, extra in APBNP_2016_TAMBAHAN.items():
        i = index[unit]
        rpd[i, 0, 2] = (effective[i, 0, 2] - extra) * profile[i, 0, 2] + extra * APBNP_PROFILE / APBNP_PROFILE.sum()
    rpd = _round_to(rpd, 1_000)

    # Realisation tracks the plan: most units absorb 90–98 % of the year's money.
    absorption = np.stack(
        [
            rng.uniform(0.96, 0.995, (n_units, n_years)),
            rng.uniform(0.90, 0.98, (n_units, n_years)),
            rng.uniform(0.90, 0.99, (n_units, n_years)),
        ],
        axis=2,
    )
    noise_sd = np.array([0.02, 0.08, 0.15])
    noise = np.clip(1 + rng.normal(0, 1, (n_units, n_years, 3, 12)) * noise_sd[None, None, :, None], 0, None)
    realisasi = rpd * absorption[..., None] * noise

    i, y = index[LOW_ABSORPTION[0]], LOW_ABSORPTION[1] - FIRST_YEAR
    realisasi[i, y, 2] = rpd[i, y, 2] * 0.08  # the tender failed: only design costs were paid
    realisasi[i, y, 1] = rpd[i, y, 1] * 0.85 * noise[i, y, 1]
    for unit, year in SPIKE_UNIT_YEARS:
        i, y = index[unit], year - FIRST_YEAR
        for j in (1, 2):
            total = realisasi[i, y, j].sum()
            early = rpd[i, y, j, :10] * 0.25 * noise[i, y, j, :10]
            rest = max(total - early.sum(), 0.0)
            realisasi[i, y, j] = np.concatenate([early, [rest * 0.4, rest * 0.6]])
    # Noise must not push a unit over its allocation (penyerapan_melebihi is not a story here).
    over = realisasi.sum(axis=3) / np.maximum(effective, 1)
    realisasi *= np.where(over > 0.995, 0.995 / np.maximum(over, 1e-9), 1)[..., None]
    realisasi = np.rint(realisasi).astype(np.int64)

    apbnp_col = pd.array(pagu_apbnp.ravel(), dtype="Int64")
    apbnp_col[pagu_apbnp.ravel() < 0] = pd.NA
    anggaran = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_years * 3),
            "tahun_anggaran": np.tile(np.repeat(years, 3), n_units).astype(np.int64),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_units * n_years),
            "pagu_awal_rp": pagu_awal.ravel(),
            "pagu_apbnp_rp": apbnp_col,
            "blokir_rp": blokir.ravel(),
        }
    )
    # realisasi rows: unit, month, jenis (months of a year stay together).
    periode = _periode_index()
    realisasi_frame = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, N_MONTHS * 3),
            "periode": np.tile(np.repeat(periode, 3), n_units),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_units * N_MONTHS),
            "rpd_rp": rpd.transpose(0, 1, 3, 2).ravel(),
            "realisasi_rp": realisasi.transpose(0, 1, 3, 2).ravel(),
        }
    )
    return anggaran, realisasi_frame


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(schema.TABLES[table].key)
    if table == "pnbp":
        key = ["kode_upt", "tanggal_setor", "ntpn"]
    return frame.sort_values(key, kind="stable").reset_index(drop=True)[schema.TABLES[table].column_names]


def generate_demo(seed: int = 2017) -> dict[str, pd.DataFrame]:
    """Demo frames for the 33 UPTs of Jawa Barat, Jan 2016–Dec 2025, one per table of DATA.md.

    Keys: upt, produksi, partisipasi, pnbp, target_pnbp, anggaran, realisasi; columns in
    DATA.md order. `periode` and `tanggal_setor` are datetime64 (first of the month for a
    periode), `jenis_belanja` is "51"/"52"/"53", money and counts are int64, optional
    values left empty are <NA> (nullable Int64) or None. Same seed, same frames.
    """
    rng = np.random.default_rng(seed)
    upt = _upt_frame(read_reference())
    penghuni = _occupancy(rng, upt)
    partisipasi = _partisipasi(rng, upt, penghuni)
    produksi = _produksi(rng, upt)
    pnbp = _pnbp(rng, produksi)
    target_pnbp = _target_pnbp(rng, pnbp)
    anggaran, realisasi = _budget(rng, upt, penghuni)

    # Story (c): Sukabumi sent no reports for five months (treasury deposits still exist).
    gap = pd.to_datetime([f"{p}-01" for p in MISSING_MONTHS])
    partisipasi = partisipasi[~((partisipasi["kode_upt"] == MISSING_UNIT) & partisipasi["periode"].isin(gap))]
    realisasi = realisasi[~((realisasi["kode_upt"] == MISSING_UNIT) & realisasi["periode"].isin(gap))]
    produksi = produksi[~((produksi["kode_upt"] == MISSING_UNIT) & produksi["periode"].isin(gap))]

    frames = {
        "upt": upt,
        "produksi": produksi,
        "partisipasi": partisipasi,
        "pnbp": pnbp,
        "target_pnbp": target_pnbp,
        "anggaran": anggaran,
        "realisasi": realisasi,
    }
    return {name: _sorted(frame, name) for name, frame in frames.items()}


def _csv_ready(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Format as the templates expect: YYYY-MM, YYYY-MM-DD, ya/tidak, plain integers, empty = missing."""
    out = frame.copy()
    for column in schema.TABLES[table].columns:
        values = out[column.name]
        if column.kind == schema.PERIOD and pd.api.types.is_datetime64_any_dtype(values):
            out[column.name] = values.dt.strftime("%Y-%m")
        elif column.kind == schema.DATE and pd.api.types.is_datetime64_any_dtype(values):
            out[column.name] = values.dt.strftime("%Y-%m-%d")
        elif column.kind == schema.BOOL:
            out[column.name] = values.map({True: "ya", False: "tidak"})
        elif column.kind in (schema.MONEY, schema.INT, schema.YEAR) or column.name == "jumlah":
            if pd.api.types.is_float_dtype(values):
                values = values.round()
            out[column.name] = values.astype("Int64")
    return out


def _write_csv(frame: pd.DataFrame, table: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _csv_ready(frame, table).to_csv(path, index=False, encoding="utf-8", lineterminator="\n", na_rep="")
    return path


def write_demo_csv(directory: Path, seed: int = 2017) -> dict[str, Path]:
    """Write `<table>.csv` for each table of generate_demo(seed) into `directory`; returns the paths."""
    directory = Path(directory)
    frames = generate_demo(seed)
    return {name: _write_csv(frame, name, directory / f"{name}.csv") for name, frame in frames.items()}


# ---------------------------------------------------------------------------------------
# National scale, for benchmarks only (written under data/national/, ignored by git).

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
    rng = np.random.default_rng(seed)
    upt = national_upt(n_kanwil, n_upt)
    kode = upt["kode_upt"].to_numpy()
    kapasitas = upt["kapasitas"].to_numpy(float)
    industri = upt["lapas_industri"].to_numpy()
    n_years = len(years)
    n_months = n_years * 12
    labels = _periode_labels(years)
    month = np.arange(n_months)

    crowd = rng.uniform(0.8, 2.2, n_upt)
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
    partisipasi = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_months),
            "periode": np.tile(labels, n_upt),
            "jumlah_penghuni": penghuni.ravel(),
            "napi_asimilasi": napi_col,
            "wbp_bekerja": wbp.ravel(),
            "wbp_pelatihan": pelatihan.ravel().astype(np.int64),
            "wbp_bersertifikat": rng.binomial(pelatihan, 0.3).ravel().astype(np.int64),
            "premi_dibayar_rp": _round_to(wbp * rng.uniform(50_000, 250_000, n_upt)[:, None], 500).ravel(),
        }
    )

    producers = np.flatnonzero(industri | (rng.random(n_upt) < 0.2))
    if produksi_rows is None:
        produksi = _national_produksi(rng, kode, years, producers, np.where(industri[producers], 4, 3), None)
    else:
        produksi = _national_produksi(rng, kode, years, np.arange(n_upt), 0, produksi_rows)

    monthly = produksi.groupby(["kode_upt", "periode"], as_index=False, sort=True)["nilai_penjualan_rp"].sum()
    amount = np.maximum(np.rint(monthly["nilai_penjualan_rp"].to_numpy() * rng.uniform(0.02, 0.06, len(monthly))), 1)
    tanggal = _working_days(rng, (monthly["periode"] + "-01").to_numpy().astype("datetime64[D]"))
    pnbp = pd.DataFrame(
        {
            "kode_upt": monthly["kode_upt"],
            "tanggal_setor": np.datetime_as_string(tanggal, unit="D"),
            "ntpn": _ntpn(rng, len(monthly)),
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
        target_pnbp_rp=_round_to(yearly["nilai_penjualan_rp"] * rng.uniform(0.03, 0.05, len(yearly)), 500_000)
    )[["kode_upt", "tahun_anggaran", "target_pnbp_rp"]]

    year_values = np.array(years)
    staff = 35 + 0.11 * kapasitas
    pegawai = staff[:, None] * 95_000_000 * 1.04 ** (year_values - year_values[0])[None, :]
    barang = (kapasitas * crowd * 14_000 * 365 + 600_000_000)[:, None] * 1.04 ** (year_values - year_values[0])[None, :]
    modal = rng.uniform(0.15e9, 1.5e9, (n_upt, n_years))
    pagu = np.stack([pegawai, barang, modal], axis=2) * rng.uniform(0.95, 1.05, (n_upt, n_years, 3))
    pagu = _round_to(pagu, 1_000)
    blokir = _round_to(pagu * (rng.random(pagu.shape) < 0.1) * rng.uniform(0.02, 0.2, pagu.shape), 1_000)
    apbnp = np.where(rng.random(pagu.shape) < 0.05, _round_to(pagu * rng.uniform(1.05, 1.5, pagu.shape), 1_000), -1)
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
    rpd = _round_to(rpd, 1_000).transpose(0, 1, 3, 2).ravel()
    real = np.rint(real).astype(np.int64).transpose(0, 1, 3, 2).ravel()
    realisasi = pd.DataFrame(
        {
            "kode_upt": np.repeat(kode, n_months * 3),
            "periode": np.tile(np.repeat(labels, 3), n_upt),
            "jenis_belanja": np.tile(JENIS_BELANJA, n_upt * n_months),
            "rpd_rp": rpd,
            "realisasi_rp": real,
        }
    )
    frames = {
        "upt": upt,
        "produksi": produksi,
        "partisipasi": partisipasi,
        "pnbp": pnbp,
        "target_pnbp": target_pnbp,
        "anggaran": anggaran,
        "realisasi": realisasi,
    }
    return {name: _write_csv(frame, name, directory / f"{name}.csv") for name, frame in frames.items()}


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
    return _write_csv(produksi, "produksi", Path(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lapas_metrics.demo", description="Tulis data demo (CSV).")
    parser.add_argument("--out", type=Path, default=config.DEMO_DIR, help="folder tujuan (bawaan: data/demo)")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--national", action="store_true", help="tulis set nasional (bawaan: data/national)")
    parser.add_argument("--produksi-rows", type=int, default=None, help="dengan --national: jumlah baris produksi")
    args = parser.parse_args(argv)
    if args.national:
        out = args.out if args.out != config.DEMO_DIR else NATIONAL_DIR
        paths = generate_national(out, produksi_rows=args.produksi_rows)
    else:
        paths = write_demo_csv(args.out, seed=args.seed)
    for name, path in paths.items():
        print(f"{name}: {path} ({math.ceil(path.stat().st_size / 1024)} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
