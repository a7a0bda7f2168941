"""The monthly series of the charts: production, participation, spending against plan, PNBP against target."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics.arrays import Years, as_years, floats, ratio, row_positions, year_month
from lapas_metrics.metrics.catalog import ALL_UPT
from lapas_metrics.metrics.inputs import MetricInputs, expected_months

Grouping = Literal["kode_upt", "kanwil"] | None


def _selected(
    inputs: MetricInputs, frame: DataFrame, kode_upt: Iterable[str] | None, by: Grouping, tahun: Years
) -> DataFrame:
    """Rows of `frame` for the chosen UPTs and years, with kode_upt in the upt table's spelling and
    a `_group` column holding the group label."""
    upt = inputs.upt.reset_index(drop=True)
    positions = row_positions(pd.Index(upt["kode_upt"]), frame["kode_upt"])
    keep = positions >= 0
    if "periode" in frame.columns:
        keep &= frame["periode"].notna().to_numpy()
    if kode_upt is not None:
        wanted = upt["kode_upt"].astype(str).str.casefold().isin({str(k).casefold() for k in kode_upt}).to_numpy()
        keep &= np.where(positions >= 0, wanted[np.maximum(positions, 0)], False)
    years = as_years(tahun)
    year_column = "tahun_anggaran" if "tahun_anggaran" in frame.columns else None
    if years is not None:
        year = (
            pd.to_numeric(frame[year_column]).to_numpy(dtype=np.int64)
            if year_column
            else year_month(frame["periode"])[0]
        )
        keep &= np.isin(year, years)
    rows = frame[keep].copy()
    chosen = upt.take(positions[keep])
    rows["kode_upt"] = chosen["kode_upt"].to_numpy()
    rows["_group"] = ALL_UPT if by is None else chosen[by].to_numpy()
    rows["_kapasitas"] = floats(chosen["kapasitas"])
    return rows


def _finish(series: DataFrame, by: Grouping, columns: list[str]) -> DataFrame:
    series = series.rename(columns={"_group": by}) if by is not None else series.drop(columns="_group")
    keys = [by] if by is not None else []
    return series[[*keys, *columns]].reset_index(drop=True)


def monthly_production(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """Production per month and bidang for the chosen UPTs (None = all), per UPT, kanwil or all together.

    Columns: `by` (kode_upt or kanwil; absent when by is None), periode, bidang, nilai_produksi_rp,
    nilai_penjualan_rp (empty sales count as 0). Only months and bidang with rows appear.
    """
    columns = ["periode", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"]
    rows = _selected(inputs, inputs.produksi, kode_upt, by, tahun)
    rows["nilai_penjualan_rp"] = rows["nilai_penjualan_rp"].fillna(0)
    series = rows.groupby(["_group", "periode", "bidang"], sort=True)[columns[2:]].sum(min_count=1).reset_index()
    return _finish(series, by, columns)


def monthly_participation(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """Participation per month for the chosen UPTs (None = all), per UPT, kanwil or all together.

    Columns: `by`, periode, jumlah_penghuni, wbp_bekerja, napi_asimilasi, kapasitas, tingkat_partisipasi
    (Σ wbp_bekerja / Σ jumlah_penghuni), okupansi (Σ jumlah_penghuni / Σ kapasitas over the reporting
    UPTs with kapasitas > 0), partisipasi_iku (Σ wbp_bekerja / Σ napi_asimilasi over the UPTs that gave
    napi_asimilasi). A zero or missing denominator gives NaN. Only months with rows appear.
    """
    columns = [
        "periode",
        "jumlah_penghuni",
        "wbp_bekerja",
        "napi_asimilasi",
        "kapasitas",
        "tingkat_partisipasi",
        "okupansi",
        "partisipasi_iku",
    ]
    rows = _selected(inputs, inputs.partisipasi, kode_upt, by, tahun)
    with_capacity = rows["_kapasitas"].gt(0)
    given = rows["napi_asimilasi"].notna()
    work = DataFrame(
        {
            "_group": rows["_group"],
            "periode": rows["periode"],
            "jumlah_penghuni": rows["jumlah_penghuni"].astype("float64"),
            "wbp_bekerja": rows["wbp_bekerja"].astype("float64"),
            "napi_asimilasi": rows["napi_asimilasi"].astype("float64"),
            "kapasitas": rows["_kapasitas"].where(with_capacity),
            "_penghuni_kap": rows["jumlah_penghuni"].astype("float64").where(with_capacity),
            "_bekerja_iku": rows["wbp_bekerja"].astype("float64").where(given),
        }
    )
    series = work.groupby(["_group", "periode"], sort=True).sum(min_count=1).reset_index()
    series["tingkat_partisipasi"] = ratio(series["wbp_bekerja"], series["jumlah_penghuni"])
    series["okupansi"] = ratio(series["_penghuni_kap"], series["kapasitas"])
    series["partisipasi_iku"] = ratio(series["_bekerja_iku"], series["napi_asimilasi"])
    return _finish(series, by, columns)


def monthly_absorption(
    inputs: MetricInputs,
    kode_upt: Iterable[str] | None = None,
    by: Grouping = "kode_upt",
    tahun: Years = None,
    jenis_belanja: Iterable[str] | None = None,
) -> DataFrame:
    """Spending against plan per month, as rupiah and as a share of the year's pagu efektif.

    Columns: `by`, periode, tahun, realisasi_rp, rpd_rp (NaN when no RPD was given that month),
    realisasi_kumulatif_rp, rpd_kumulatif_rp (running sums within the year; a month without RPD adds
    nothing, and rpd_kumulatif_rp is NaN before the year's first RPD), pagu_efektif_rp (of the group
    and year, Σ over its UPTs' DIPA rows), penyerapan_bulanan, rencana_bulanan (realisasi_rp and
    rpd_rp / pagu_efektif_rp), penyerapan_kumulatif, rencana_kumulatif
    (the running sums / pagu_efektif_rp; December's penyerapan_kumulatif is the year's penyerapan).
    A share is NaN without a pagu or with pagu 0. jenis_belanja restricts both spending and pagu
    (None = all). Only months with realisasi rows appear.
    """
    columns = [
        "periode",
        "tahun",
        "realisasi_rp",
        "rpd_rp",
        "realisasi_kumulatif_rp",
        "rpd_kumulatif_rp",
        "pagu_efektif_rp",
        "penyerapan_bulanan",
        "rencana_bulanan",
        "penyerapan_kumulatif",
        "rencana_kumulatif",
    ]
    spending = _selected(inputs, inputs.realisasi, kode_upt, by, tahun)
    budget = _selected(inputs, inputs.anggaran, kode_upt, by, tahun)
    if jenis_belanja is not None:
        kinds = {str(j) for j in jenis_belanja}
        spending = spending[spending["jenis_belanja"].astype(str).isin(kinds)]
        budget = budget[budget["jenis_belanja"].astype(str).isin(kinds)]
    series = (
        spending.groupby(["_group", "periode"], sort=True)[["realisasi_rp", "rpd_rp"]].sum(min_count=1).reset_index()
    )
    series["tahun"] = year_month(series["periode"])[0]
    running = series.groupby(["_group", "tahun"], sort=False)
    series["realisasi_kumulatif_rp"] = running["realisasi_rp"].cumsum()
    series["rpd_kumulatif_rp"] = series["rpd_rp"].fillna(0).groupby([series["_group"], series["tahun"]]).cumsum()
    series["rpd_kumulatif_rp"] = series["rpd_kumulatif_rp"].where(
        series["rpd_rp"].notna().groupby([series["_group"], series["tahun"]]).cummax()
    )
    apbnp = budget["pagu_apbnp_rp"].astype("float64")
    budget = budget.assign(
        pagu_efektif_rp=apbnp.fillna(budget["pagu_awal_rp"].astype("float64")) - budget["blokir_rp"].fillna(0),
        tahun=pd.to_numeric(budget["tahun_anggaran"]).astype(np.int64),
    )
    pagu = budget.groupby(["_group", "tahun"])["pagu_efektif_rp"].sum(min_count=1)
    series = series.merge(pagu.reset_index(), on=["_group", "tahun"], how="left")
    for share, amount in (
        ("penyerapan_bulanan", "realisasi_rp"),
        ("rencana_bulanan", "rpd_rp"),
        ("penyerapan_kumulatif", "realisasi_kumulatif_rp"),
        ("rencana_kumulatif", "rpd_kumulatif_rp"),
    ):
        series[share] = ratio(series[amount], series["pagu_efektif_rp"])
    return _finish(series, by, columns)


def monthly_pnbp(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """PNBP deposits per month against the pro-rated yearly target.

    Columns: `by`, periode, tahun, bulan, pnbp_rp (deposits in the month, 0 when none),
    pnbp_kumulatif_rp, target_pnbp_rp (the group's yearly target, NaN when no UPT has one),
    target_prorata_rp (target_pnbp_rp × bulan / 12), capaian_prorata (pnbp_kumulatif_rp /
    target_prorata_rp, NaN without a target or with target 0). Every group-year with a deposit or a
    target gets every month from January to bulan_diharapkan of that year (the months due by the
    as-of date, see MetricInputs.tanggal_posisi; a month without a deposit deposited nothing).
    """
    columns = [
        "periode",
        "tahun",
        "bulan",
        "pnbp_rp",
        "pnbp_kumulatif_rp",
        "target_pnbp_rp",
        "target_prorata_rp",
        "capaian_prorata",
    ]
    deposits = _selected(inputs, inputs.pnbp, kode_upt, by, tahun)
    targets = _selected(inputs, inputs.target_pnbp, kode_upt, by, tahun)
    year, month = year_month(deposits["periode"])
    monthly = (
        DataFrame({"_group": deposits["_group"], "tahun": year, "bulan": month, "pnbp_rp": deposits["jumlah_rp"]})
        .groupby(["_group", "tahun", "bulan"])["pnbp_rp"]
        .sum()
        .reset_index()
    )
    target = (
        targets.assign(tahun=pd.to_numeric(targets["tahun_anggaran"]).astype(np.int64))
        .groupby(["_group", "tahun"])["target_pnbp_rp"]
        .sum(min_count=1)
        .reset_index()
    )
    group_years = pd.concat([monthly[["_group", "tahun"]], target[["_group", "tahun"]]]).drop_duplicates()
    group_years["_bulan_diharapkan"] = expected_months(inputs, group_years["tahun"])
    grid = group_years.merge(DataFrame({"bulan": np.arange(1, 13, dtype=np.int64)}), how="cross")
    grid = grid[grid["bulan"] <= grid["_bulan_diharapkan"]]
    series = grid.merge(monthly, on=["_group", "tahun", "bulan"], how="left").merge(
        target, on=["_group", "tahun"], how="left"
    )
    series = series.sort_values(["_group", "tahun", "bulan"]).reset_index(drop=True)
    series["pnbp_rp"] = series["pnbp_rp"].fillna(0.0)
    series["pnbp_kumulatif_rp"] = series.groupby(["_group", "tahun"])["pnbp_rp"].cumsum()
    series["periode"] = pd.to_datetime(DataFrame({"year": series["tahun"], "month": series["bulan"], "day": 1}))
    series["target_prorata_rp"] = series["target_pnbp_rp"] * series["bulan"] / 12
    series["capaian_prorata"] = ratio(series["pnbp_kumulatif_rp"], series["target_prorata_rp"])
    return _finish(series, by, columns)
