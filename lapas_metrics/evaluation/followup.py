"""The figures of the follow-up (EVALUATION.md): recommendations by status per unit or kanwil, overdue and open ones."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.evaluation.findings import CLOSING, DITARIK, TL_STATUSES

RECAP_COLUMNS = (
    "kode_upt",
    "rekomendasi",
    "sesuai",
    "belum_sesuai",
    "belum_ditindaklanjuti",
    "tidak_dapat_ditindaklanjuti",
    "persen_tl_sesuai",
    "lewat_batas_waktu",
    "nilai_temuan_terbuka_rp",
)
COUNT_COLUMNS = ("rekomendasi", *TL_STATUSES, "lewat_batas_waktu")
OPEN_EXTRA_COLUMNS = ("umur_hari", "hari_lewat_batas", "lewat_batas_waktu")
BY = ("kode_upt", "kanwil")


def _days(dates: pd.Series) -> pd.Series:
    """Dates (date objects, datetime64, ISO text) as datetime64 days."""
    return pd.to_datetime(dates).dt.normalize()


def _active(recommendations: DataFrame) -> DataFrame:
    """The recommendations of findings not withdrawn (all of them when the frame has no status_temuan)."""
    if "status_temuan" not in recommendations.columns:
        return recommendations
    return recommendations[recommendations["status_temuan"] != DITARIK]


def _is_open(recommendations: DataFrame) -> pd.Series:
    return ~recommendations["status"].isin(CLOSING)


def _overdue(recommendations: DataFrame, as_of: dt.date) -> pd.Series:
    return _is_open(recommendations) & (_days(recommendations["batas_waktu"]) < pd.Timestamp(as_of))


def _unit_counts(recommendations: DataFrame, as_of: dt.date) -> DataFrame:
    """kode_upt -> the COUNT_COLUMNS and nilai_temuan_terbuka_rp of its active findings' recommendations."""
    counts = pd.DataFrame({"kode_upt": recommendations["kode_upt"].astype(object), "rekomendasi": 1})
    for status in TL_STATUSES:
        counts[status] = (recommendations["status"] == status).astype("int64")
    counts["lewat_batas_waktu"] = _overdue(recommendations, as_of).astype("int64")
    summed = counts.groupby("kode_upt").sum()
    # Each finding's amount once, however many of its recommendations are still open; NULL counts 0.
    still_open = recommendations[_is_open(recommendations)].drop_duplicates("temuan_id")
    amounts = pd.to_numeric(still_open["nilai_temuan_rp"], errors="coerce").fillna(0.0).astype("float64")
    summed["nilai_temuan_terbuka_rp"] = amounts.groupby(still_open["kode_upt"].astype(object)).sum()
    return summed


def recap(recommendations: DataFrame, units: DataFrame, as_of: dt.date, by: str = "kode_upt") -> DataFrame:
    """The follow-up figures per unit (by="kode_upt") or per kanwil (by="kanwil") on `as_of`.

    recommendations: store.recommendations_frame (kode_upt is the finding's unit; recommendations of
    withdrawn findings are left out). units: the upt list (kode_upt, nama_upt, kanwil): one row for every unit,
    sorted by kode_upt, columns kode_upt, nama_upt, kanwil and RECAP_COLUMNS[1:]; by kanwil one row per kanwil
    of `units`, sorted, columns kanwil and RECAP_COLUMNS[1:] (sums; the percentage is a ratio of sums).
    Counts by the current status; lewat_batas_waktu = open (not in CLOSING) with batas_waktu < as_of;
    persen_tl_sesuai = sesuai / rekomendasi (0.5 for half), NaN when a row has no recommendation;
    nilai_temuan_terbuka_rp = Σ nilai_temuan_rp of the findings (each once) with an open recommendation."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    base = pd.DataFrame({"kode_upt": units["kode_upt"].astype(object)})
    for column in ("nama_upt", "kanwil"):
        base[column] = units[column].astype(object) if column in units.columns else None
    base = base.sort_values("kode_upt", kind="mergesort").reset_index(drop=True)
    counts = _unit_counts(_active(recommendations), as_of)
    merged = base.join(counts, on="kode_upt")
    for column in COUNT_COLUMNS:
        merged[column] = merged[column].fillna(0).astype("int64")
    merged["nilai_temuan_terbuka_rp"] = merged["nilai_temuan_terbuka_rp"].fillna(0.0).astype("float64")
    summed = [*COUNT_COLUMNS, "nilai_temuan_terbuka_rp"]
    if by == "kanwil":
        merged = merged.groupby("kanwil", dropna=False, sort=True)[summed].sum().reset_index()
        keys = ["kanwil"]
    else:
        keys = ["kode_upt", "nama_upt", "kanwil"]
    merged["persen_tl_sesuai"] = np.where(
        merged["rekomendasi"] > 0, merged["sesuai"] / merged["rekomendasi"].where(merged["rekomendasi"] > 0), np.nan
    ).astype("float64")
    return merged[[*keys, *RECAP_COLUMNS[1:]]].reset_index(drop=True)


def open_recommendations(recommendations: DataFrame, as_of: dt.date) -> DataFrame:
    """The open recommendations (status not in CLOSING) of active findings on `as_of`, with umur_hari = as_of −
    tanggal_temuan in days, hari_lewat_batas = as_of − batas_waktu when that is > 0 (else 0) and
    lewat_batas_waktu (bool: batas_waktu < as_of). The input's columns first; overdue first, most days past
    first, then nomor_temuan and nomor_rekomendasi. Empty in, empty out (with the extra columns)."""
    active = _active(recommendations)
    still_open = active[_is_open(active)].copy()
    day = pd.Timestamp(as_of)
    age = (day - _days(still_open["tanggal_temuan"])).dt.days
    past = (day - _days(still_open["batas_waktu"])).dt.days
    still_open["umur_hari"] = age.astype("int64")
    still_open["hari_lewat_batas"] = past.clip(lower=0).astype("int64")
    still_open["lewat_batas_waktu"] = (past > 0).astype(bool)
    order = ["lewat_batas_waktu", "hari_lewat_batas"]
    order += [column for column in ("nomor_temuan", "nomor_rekomendasi") if column in still_open.columns]
    ascending = [False, False] + [True] * (len(order) - 2)
    return still_open.sort_values(order, ascending=ascending, kind="mergesort").reset_index(drop=True)
