"""Synthetic, deterministic demo data outside the runtime package: the Jawa Barat set and national benchmark sets."""

from demo.catalogue import (
    APBNP_2016_NASIONAL,
    APBNP_2016_TAMBAHAN,
    AUCTION_HEAD,
    AUCTION_MONTH,
    AUCTION_PRICE,
    KANWIL,
    KODE_UPT,
    KUNINGAN_TARGET_YEARS,
    LOW_ABSORPTION,
    MISSING_MONTHS,
    MISSING_UNIT,
    PNBP_SHORTFALL,
    PRODUCTS,
    REFERENCE_CSV,
    SPIKE_UNIT_YEARS,
    WARUNGKIARA,
    Product,
)
from demo.common import YEARS
from demo.jabar import generate_demo, read_reference, write_demo_csv
from demo.national import NATIONAL_DIR, generate_national, national_upt, produksi_csv

__all__ = [
    "APBNP_2016_NASIONAL",
    "APBNP_2016_TAMBAHAN",
    "AUCTION_HEAD",
    "AUCTION_MONTH",
    "AUCTION_PRICE",
    "KANWIL",
    "KODE_UPT",
    "KUNINGAN_TARGET_YEARS",
    "LOW_ABSORPTION",
    "MISSING_MONTHS",
    "MISSING_UNIT",
    "NATIONAL_DIR",
    "PNBP_SHORTFALL",
    "PRODUCTS",
    "REFERENCE_CSV",
    "SPIKE_UNIT_YEARS",
    "WARUNGKIARA",
    "YEARS",
    "Product",
    "generate_demo",
    "generate_national",
    "national_upt",
    "produksi_csv",
    "read_reference",
    "write_demo_csv",
]
