"""Production for the pages: totals per bidang, the top products, monthly sums."""

from __future__ import annotations

import pandas as pd
from pandas import DataFrame


def production_by_bidang(products: DataFrame) -> DataFrame:
    """store.product_totals rows summed per tahun and bidang: tahun, bidang, nilai_produksi_rp, nilai_penjualan_rp."""
    columns = ["tahun", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"]
    if len(products) == 0:
        return DataFrame({name: [] for name in columns})
    summed = products.groupby(["tahun", "bidang"], as_index=False, sort=True)[columns[2:]].sum(min_count=1)
    return summed[columns]


def top_products(products: DataFrame, n: int | None = None) -> DataFrame:
    """Products ranked on nilai_produksi_rp: bidang, produk, satuan, jumlah, nilai_produksi_rp,
    nilai_penjualan_rp, jumlah_upt (units making it). Highest first; n limits the rows."""
    columns = ["bidang", "produk", "satuan", "jumlah", "nilai_produksi_rp", "nilai_penjualan_rp", "jumlah_upt"]
    if len(products) == 0:
        return DataFrame({name: [] for name in columns})
    grouped = products.groupby(["bidang", "produk", "satuan"], as_index=False, sort=False)
    summed = grouped.agg(
        jumlah=("jumlah", "sum"),
        nilai_produksi_rp=("nilai_produksi_rp", "sum"),
        nilai_penjualan_rp=("nilai_penjualan_rp", "sum"),
        jumlah_upt=("kode_upt", "nunique"),
    )
    summed = summed.sort_values(["nilai_produksi_rp", "produk"], ascending=[False, True], kind="stable")
    if n is not None:
        summed = summed.head(n)
    return summed[columns].reset_index(drop=True)


def with_product_labels(products: DataFrame) -> DataFrame:
    """`products` plus label = 'produk (bidang)', the name a chart shows."""
    return products.assign(label=products["produk"].astype(str) + " (" + products["bidang"].astype(str) + ")")


def monthly_total(production: DataFrame) -> DataFrame:
    """metrics.monthly_production rows summed over bidang (and groups): periode, nilai_produksi_rp, nilai_penjualan_rp."""
    columns = ["periode", "nilai_produksi_rp", "nilai_penjualan_rp"]
    if len(production) == 0:
        return DataFrame(
            {"periode": pd.Series(dtype="datetime64[ns]"), "nilai_produksi_rp": [], "nilai_penjualan_rp": []}
        )
    return production.groupby("periode", as_index=False, sort=True)[columns[1:]].sum(min_count=1)
