"""Rows of the yearly figures for the pages: one year's units, rankings, the riskiest units, budget columns, a unit's years."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics import SCORED_FLAGS
from lapas_metrics.views.labels import FLAG_LABELS

RANKING_FIGURES = (
    "nilai_produksi_rp",
    "produksi_per_rupiah",
    "pnbp_rp",
    "capaian_pnbp",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "wbp_bekerja_rata2",
    "okupansi",
    "pagu_efektif_rp",
    "realisasi_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
    "premi_per_wbp_bulan_rp",
    "kelengkapan",
    "skor_risiko",
)


def year_rows(figures: DataFrame, tahun: int, kode_upt: Iterable[str]) -> DataFrame:
    """The rows of `figures` (ui.figures / yearly_figures) for one year and the given units, by name."""
    wanted = set(kode_upt)
    rows = figures[(figures["tahun"] == tahun) & figures["kode_upt"].isin(wanted)]
    return rows.sort_values("nama_upt", kind="stable").reset_index(drop=True)


def ranking(rows: DataFrame, name: str, lowest_first: bool = False, limit: int | None = None) -> DataFrame:
    """Units ordered on one figure, best-placed first: columns kode_upt, nama_upt, nilai.

    Highest first unless lowest_first; units whose figure is empty are left out; ties by name.
    """
    if name not in rows.columns:
        return DataFrame({"kode_upt": [], "nama_upt": [], "nilai": []})
    ranked = rows[["kode_upt", "nama_upt", name]].rename(columns={name: "nilai"})
    ranked = ranked[ranked["nilai"].notna()]
    ranked = ranked.assign(nilai=ranked["nilai"].astype("float64"))
    ranked = ranked.sort_values(["nilai", "nama_upt"], ascending=[lowest_first, True], kind="stable")
    if limit is not None:
        ranked = ranked.head(limit)
    return ranked.reset_index(drop=True)


MAX_BARS = 40  # units per bar chart: a whole kanwil fits; all kanwil show the top of the list


def top_rows(frame: DataFrame, n: int = MAX_BARS) -> tuple[DataFrame, str]:
    """The first n rows of a sorted frame, and a title suffix saying so when rows were cut
    (' (40 teratas dari 530 UPT)'), else ''."""
    if len(frame) <= n:
        return frame, ""
    return frame.head(n), f" ({n} teratas dari {len(frame)} UPT)"


def top_risk(rows: DataFrame, n: int = 5, flags: Sequence[str] = tuple(FLAG_LABELS)) -> DataFrame:
    """The n units with the highest skor_risiko above 0: kode_upt, nama_upt, skor_risiko,
    jumlah_bendera (raised scored flags), bendera (their labels, comma separated)."""
    columns = ["kode_upt", "nama_upt", "skor_risiko", "jumlah_bendera", "bendera"]
    if len(rows) == 0 or "skor_risiko" not in rows.columns:
        return DataFrame({name: [] for name in columns})
    risky = rows[rows["skor_risiko"].fillna(0) > 0]
    raised = [flag for flag in flags if flag in risky.columns and flag in SCORED_FLAGS]
    names = [
        ", ".join(FLAG_LABELS[flag] for flag in raised if bool(record[flag]))
        for record in risky[raised].to_dict("records")
    ]
    risky = risky.assign(
        jumlah_bendera=risky[raised].astype(bool).sum(axis=1).astype("int64") if raised else 0,
        bendera=names,
    )
    risky = risky.sort_values(["skor_risiko", "nama_upt"], ascending=[False, True], kind="stable").head(n)
    return risky[columns].reset_index(drop=True)


def nonzero(rows: DataFrame, name: str) -> DataFrame:
    """The rows whose figure is given and not 0 (e.g. units whose pagu changed in the APBN-P)."""
    return rows[rows[name].fillna(0) != 0]


def producing(rows: DataFrame) -> DataFrame:
    """The rows of units that produced anything (nilai_produksi_rp > 0)."""
    return rows[rows["nilai_produksi_rp"].fillna(0) > 0]


def with_budget_columns(rows: DataFrame) -> DataFrame:
    """`rows` plus pagu_apbnp_rp = pagu_awal_rp + tambahan_apbnp_rp (the pagu after APBN-P, before blokir)."""
    return rows.assign(pagu_apbnp_rp=rows["pagu_awal_rp"] + rows["tambahan_apbnp_rp"].fillna(0))


def budget_series(rows: DataFrame) -> dict[str, str]:
    """The budget columns worth drawing, with their legend labels: pagu awal, pagu after APBN-P (only
    when some unit's pagu changed, else it repeats pagu awal), realisasi."""
    series = {"pagu_awal_rp": "Pagu awal", "pagu_apbnp_rp": "Pagu setelah APBN-P", "realisasi_rp": "Realisasi"}
    if len(nonzero(rows, "tambahan_apbnp_rp")) == 0:
        del series["pagu_apbnp_rp"]
    return series


def unit_years(figures: DataFrame, kode_upt: str) -> DataFrame:
    """One unit's rows over every year, oldest first, with the budget columns."""
    rows = figures[figures["kode_upt"] == kode_upt].sort_values("tahun")
    return with_budget_columns(rows).reset_index(drop=True)


def unit_reasons(reasons: DataFrame, kode_upt: str, tahun: int) -> DataFrame:
    """The raised flags of one unit and year (metrics.flag_reasons rows) with their labels:
    columns flag, label, kalimat, bobot."""
    rows = reasons[(reasons["kode_upt"] == kode_upt) & (reasons["tahun"] == tahun)]
    return rows.assign(label=rows["flag"].map(FLAG_LABELS))[["flag", "label", "kalimat", "bobot"]].reset_index(
        drop=True
    )


def has_values(frame: DataFrame, columns: Iterable[str]) -> bool:
    """True when any of `columns` holds a non-empty, non-zero value (so a chart has something to show)."""
    present = [c for c in columns if c in frame.columns]
    if not present or len(frame) == 0:
        return False
    values = frame[present].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy(dtype="float64")
    return bool(np.any(values != 0))


def count_above(rows: DataFrame, name: str, limit: float) -> int:
    """How many rows have the figure strictly above `limit` (e.g. okupansi above 1.0 = overcrowded)."""
    return int((pd.to_numeric(rows[name], errors="coerce") > limit).sum())
