"""The yearly figures of groups of UPTs (kanwil, jenis, kelas, kabupaten/kota and all together), ratios recomputed from sums."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics.arrays import Years, floats, ratio
from lapas_metrics.metrics.catalog import ALL_UPT, EXTRA_COLUMNS, FIGURES
from lapas_metrics.metrics.inputs import MetricInputs
from lapas_metrics.metrics.yearly import (
    PRODUKSI_LALU_SAMPAI,
    RATIOS,
    SMALLEST,
    SUMMED,
    previous_production,
    requested_years,
    yearly_parts,
)


def group_totals(
    inputs: MetricInputs,
    tahun: Years = None,
    by: Literal["kanwil", "jenis", "kelas", "kabupaten_kota"] | None = "kanwil",
    kode_upt: Iterable[str] | None = None,
) -> DataFrame:
    """The yearly figures for groups of UPTs: per `by` value and year, plus one "Semua UPT" row per year.

    Columns: `by` (the group's value, "Semua UPT" on the total rows; absent when by is None),
    tahun, jumlah_upt, FIGURES, bulan_dilaporkan. kode_upt restricts the UPTs (None = all).
    Sorted by tahun, then group, with "Semua UPT" last.

    Every ratio is recomputed from summed numerators and denominators, never averaged, over the UPTs
    whose own ratio is defined (both parts known and a non-zero denominator): a UPT with kapasitas 0
    adds neither occupants nor capacity to okupansi. penghuni_rata2 and wbp_bekerja_rata2 are the sums
    of the UPTs' monthly means (the group's average occupancy); deviasi_rpd weighs every
    (UPT, jenis_belanja) d_j by its pagu_efektif; kelengkapan is months reported over months expected,
    summed over UPTs; kemitraan_berakhir_dalam_bulan is the smallest of the group's (its nearest
    handover). Sums are NaN when no UPT in the group has the figure.

    pertumbuhan_produksi of a year in progress (bulan_diharapkan < 12) compares months 1..L on both
    sides, L the latest month of the year with produksi data among the group's units (not each unit's
    own L, so a unit that reported fewer months counts as having produced nothing since); empty when
    no unit of the group has a produksi row that year.
    """
    years = requested_years(inputs, tahun)
    keys = [] if by is None else [by]
    columns = [*keys, "tahun", "jumlah_upt", *FIGURES, *EXTRA_COLUMNS]
    if not years or len(inputs.upt) == 0:
        return DataFrame(columns=columns)
    parts = yearly_parts(inputs, years)
    if kode_upt is not None:
        wanted = {str(k).casefold() for k in kode_upt}
        parts = parts[parts["kode_upt"].astype(str).str.casefold().isin(wanted)]
    frames = []
    if by is not None:
        parts = parts.assign(**{by: inputs.upt.set_index("kode_upt")[by].reindex(parts["kode_upt"]).to_numpy()})
        frames.append(_group_figures(parts, [by, "tahun"]).assign(_last=0))
    frames.append(_group_figures(parts, ["tahun"]).assign(_last=1, **({by: ALL_UPT} if by else {})))
    totals = pd.concat(frames, ignore_index=True)
    totals = totals.sort_values(["tahun", "_last", *keys], kind="stable").reset_index(drop=True)
    return totals[columns]


def _group_growth_base(parts: DataFrame, keys: list[str]) -> DataFrame:
    """parts with _nilai_produksi_lalu taken over months 1..L of the group (see group_totals)."""
    latest = parts.groupby(keys, sort=False, dropna=False)["_bulan_produksi"].transform("max").to_numpy()
    running = parts[list(PRODUKSI_LALU_SAMPAI)].to_numpy(dtype="float64")
    expected = parts["bulan_diharapkan"].to_numpy(dtype=np.int64)
    previous = previous_production(expected, latest, floats(parts["_produksi_tahun_lalu"]), running)
    return parts.assign(_nilai_produksi_lalu=previous)


def _group_figures(parts: DataFrame, keys: list[str]) -> DataFrame:
    if len(parts) == 0:
        return DataFrame(columns=[*keys, "jumlah_upt", *FIGURES, *EXTRA_COLUMNS])
    parts = _group_growth_base(parts, keys)
    columns: dict[str, Any] = {key: parts[key].to_numpy() for key in keys}
    columns |= {name: floats(parts[name]) for name in (*SUMMED, *SMALLEST)}
    for name, num, den in RATIOS:
        numerator, denominator = floats(parts[num]), floats(parts[den])
        defined = ~np.isnan(numerator) & ~np.isnan(denominator) & (denominator != 0)
        columns[f"{name}__num"] = np.where(defined, numerator, np.nan)
        columns[f"{name}__den"] = np.where(defined, denominator, np.nan)
    grouped = DataFrame(columns).groupby(keys, sort=True, dropna=False)
    sums = grouped.sum(min_count=1)
    smallest = grouped[list(SMALLEST)].min()
    totals = {
        "jumlah_upt": grouped.size().to_numpy(),
        **{name: sums[name].to_numpy() for name in SUMMED},
        **{name: smallest[name].to_numpy() for name in SMALLEST},
        "bulan_diharapkan": parts.groupby(keys, sort=True, dropna=False)["bulan_diharapkan"].max().to_numpy(),
        **{name: ratio(sums[f"{name}__num"], sums[f"{name}__den"]) for name, _, _ in RATIOS},
    }
    totals["pertumbuhan_produksi"] = totals["pertumbuhan_produksi"] - 1
    totals["bulan_dilaporkan"] = np.nan_to_num(totals["bulan_dilaporkan"]).astype(np.int64)
    totals["jumlah_kemitraan_aktif"] = np.nan_to_num(totals["jumlah_kemitraan_aktif"]).astype(np.int64)
    frame = pd.concat([sums.index.to_frame(index=False), DataFrame(totals)], axis=1)
    return frame[[*keys, "jumlah_upt", *FIGURES, *EXTRA_COLUMNS]]
