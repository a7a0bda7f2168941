"""The Jawa Barat demo's facts and stories: unit codes, capacities, occupancy anchors, products, budgets, cases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lapas_metrics import config

# Reference facts copied from shared/data (names, jenis, kelas, kabupaten/kota, the ten
# Lapas Industri of 2017, capacities with their sources); shared/ is not in the repo.
REFERENCE_CSV = config.DATA_DIR / "reference" / "upt_jawa_barat.csv"
KANWIL = "Jawa Barat"

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
# APBN-P 2016 was enacted in late June, so its construction money is drawn Jul–Dec.
APBNP_PROFILE = np.array([0, 0, 0, 0, 0, 0, 1, 1.5, 2, 2, 2, 1.5])
