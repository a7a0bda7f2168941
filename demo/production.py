"""Jawa Barat demo, money earned: produksi per product line, PNBP deposits and their yearly targets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.catalogue import (
    AUCTION_HEAD,
    AUCTION_MONTH,
    AUCTION_PRICE,
    KERAJINAN,
    KUNINGAN_TARGET_YEARS,
    PNBP_SHARE_RANGE,
    PNBP_SHORTFALL,
    PRODUCTS,
    WARUNGKIARA,
    WARUNGKIARA_TARGET_2017,
)
from demo.common import FIRST_YEAR, N_MONTHS, month_index, ntpn, periode_index, round_to, working_days
from demo.population import covid_factor


def produksi_frame(rng: np.random.Generator, upt: pd.DataFrame) -> pd.DataFrame:
    months = np.arange(N_MONTHS)
    year = FIRST_YEAR + months // 12
    calendar_month = months % 12 + 1
    opening = month_index("2017-02")
    # New units take most of 2017 to reach their steady output.
    ramp = np.clip(0.4 + 0.6 * (months - opening) / (month_index("2017-12") - opening), 0.4, 1.0)
    growth_by_unit = {k: rng.uniform(0.0, 0.03) for k in PRODUCTS}
    # Handicraft work grows with the number of hands: scale it by the unit's size.
    size = upt.set_index("kode_upt")["kapasitas"].clip(250, 1_250) / 500
    periode = periode_index()
    frames = []
    for kode, products in PRODUCTS.items():
        for product in products:
            active = (months >= month_index(product.first)) & (months <= month_index(product.last))
            if product.bulan:
                active &= np.isin(calendar_month, product.bulan)
            level = product.jumlah_bulan * (1 + growth_by_unit[kode]) ** np.clip(year - 2017, 0, None)
            if product is KERAJINAN:
                level = level * size[kode]
            if product.first == "2017-02":
                level = level * ramp
            level = level * covid_factor()
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


def pnbp_frame(rng: np.random.Generator, produksi: pd.DataFrame) -> pd.DataFrame:
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
    tanggal = working_days(rng, rows["periode"].to_numpy().astype("datetime64[D]"))
    uraian = "Setoran hasil penjualan " + rows["produk"].fillna("").str.lower()
    uraian = uraian.where(rows["produk"].notna(), "Hasil lelang sapi milik negara melalui KPKNL")
    pnbp = pd.DataFrame(
        {
            "kode_upt": rows["kode_upt"],
            "tanggal_setor": pd.to_datetime(tanggal).astype("datetime64[us]"),
            "ntpn": ntpn(rng, len(rows)),
            "jumlah_rp": rows["jumlah_rp"].astype(np.int64),
            "uraian": uraian.astype(str),
            "nomor_perjanjian": pd.Series([None] * len(rows), dtype=object),  # tagged in demo/partnership.py
        }
    )
    return pnbp


def target_pnbp_frame(rng: np.random.Generator, pnbp: pd.DataFrame) -> pd.DataFrame:
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
    target = round_to(base * rng.uniform(0.85, 1.1, len(yearly)), 500_000)
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
