"""The annual plan (PKPT) assembled from the store: each unit's risk, open recommendations and last final evaluation, ranked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from lapas_metrics import auth, config, metrics, store
from lapas_metrics.evaluation import followup, pkpt
from lapas_metrics.evaluation.findings import CLOSING
from lapas_metrics.evaluation.states import FINAL

PKPT_COLUMNS = pkpt.PKPT_COLUMNS


def risk_year(years: Iterable[int], tahun: int, as_of: dt.date, batas_hari_lapor: int) -> int | None:
    """The latest complete year for a plan of `tahun`: the latest year Y < tahun among `years` (the years
    with data) whose bulan_diharapkan on `as_of` is 12; None when there is none."""
    complete = [int(y) for y in years if int(y) < tahun and metrics.months_due(int(y), as_of, batas_hari_lapor) == 12]
    return max(complete) if complete else None


def last_final_years(evaluations: pd.DataFrame) -> pd.Series:
    """kode_upt (upper case) -> the year of the period of the unit's latest final evaluation (the year its
    period ends; store.list_evaluations columns). Units without a final evaluation are absent."""
    finals = evaluations[evaluations["status"] == FINAL]
    if finals.empty:
        return pd.Series(dtype="int64")
    years = pd.to_datetime(finals["periode_selesai"]).dt.year.astype("int64")
    return years.groupby(finals["kode_upt"].astype(str).str.upper()).max()


def plan_parts(
    units: pd.DataFrame,
    risk: pd.DataFrame,
    recap: pd.DataFrame,
    finals: pd.Series,
    tahun: int,
    tahun_risiko: int | None,
) -> pd.DataFrame:
    """pkpt.PARTS_COLUMNS, one row per unit of `units` (kode_upt, nama_upt, kanwil), in their order.

    risk: kode_upt, skor_risiko of tahun_risiko (a unit absent or empty: NaN). recap: followup.recap per
    unit (rekomendasi, sesuai, tidak_dapat_ditindaklanjuti, lewat_batas_waktu, nilai_temuan_terbuka_rp);
    rekomendasi_terbuka = rekomendasi − the closed ones. finals: last_final_years; tahun_sejak_evaluasi =
    tahun − that year (NaN: never)."""
    parts = pd.DataFrame({column: units[column].to_numpy(dtype=object) for column in pkpt.UNIT_COLUMNS})
    codes = parts["kode_upt"].astype(str).str.upper()
    scores = pd.Series(risk["skor_risiko"].to_numpy(dtype="float64"), index=risk["kode_upt"].astype(str).str.upper())
    parts["skor_risiko"] = codes.map(scores).astype("float64").to_numpy()
    figures = recap.assign(_kode=recap["kode_upt"].astype(str).str.upper()).set_index("_kode")
    closed = sum(figures[status] for status in sorted(CLOSING))
    counts = {
        "rekomendasi_terbuka": figures["rekomendasi"] - closed,
        "rekomendasi_lewat_batas": figures["lewat_batas_waktu"],
        "nilai_temuan_terbuka_rp": figures["nilai_temuan_terbuka_rp"],
    }
    for part, values in counts.items():
        parts[part] = codes.map(values).fillna(0).astype("float64").to_numpy()
    last = codes.map(finals).astype("float64")
    parts["tahun_sejak_evaluasi"] = (tahun - last).to_numpy()
    parts["tahun_risiko"] = np.nan if tahun_risiko is None else float(tahun_risiko)
    parts["tahun_evaluasi_terakhir"] = last.to_numpy()
    for column in ("rekomendasi_terbuka", "rekomendasi_lewat_batas"):
        parts[column] = parts[column].astype("int64")
    for column in ("tahun_risiko", "tahun_evaluasi_terakhir"):
        parts[column] = parts[column].astype("Int64")
    return parts[list(pkpt.PARTS_COLUMNS)]


def _units(frames: dict[str, pd.DataFrame], actor: auth.Actor, kode_upt: Iterable[str] | None) -> pd.DataFrame:
    """The upt list narrowed to `kode_upt` (any case) and, for an operator, to their own units."""
    units = frames["upt"][list(pkpt.UNIT_COLUMNS)]
    codes = units["kode_upt"].astype(str).str.upper()
    keep = pd.Series(True, index=units.index)
    if kode_upt is not None:
        keep &= codes.isin({str(code).strip().upper() for code in kode_upt})
    if actor.peran == "operator":
        keep &= codes.isin({code.upper() for code in actor.upt})
    return units[keep].reset_index(drop=True)


def pkpt_plan(
    path: Path, actor: auth.Actor, tahun: int, as_of: dt.date, kode_upt: Iterable[str] | None = None
) -> pd.DataFrame:
    """The PKPT of `tahun` on `as_of`: PKPT_COLUMNS, one row per unit of the upt list (narrowed by
    `kode_upt`, the page's filters or the CLI's --kanwil; an operator: their own units), best first.

    Parts (EVALUATION.md "Annual plan"): skor_risiko of the latest complete year (risk_year: the latest year
    with data before `tahun` whose 12 months are due on `as_of`; the flags with the whole kanwil as peers, as
    `metrics` computes them), the open and overdue recommendations and the open amount on `as_of`
    (followup.recap over store.recommendations_frame: active findings, counted by the finding's unit) and the
    years since the latest final evaluation; weights and the per-quarter count from the settings
    (config.pkpt_weights, config.pkpt_per_quarter); scaled over the units ranked. Needs `lihat_temuan`."""
    auth.require(actor, "lihat_temuan")
    frames = store.metric_frames(path)
    units = _units(frames, actor, kode_upt)
    batas = config.batas_hari_lapor()
    inputs = metrics.MetricInputs.from_store(frames, as_of, batas)
    year = risk_year(metrics.available_years(inputs), tahun, as_of, batas)
    risk = pd.DataFrame({"kode_upt": pd.Series(dtype=object), "skor_risiko": pd.Series(dtype="float64")})
    if year is not None:
        risk = metrics.metrics_table(inputs, year, None, metrics.load_audit_config())[["kode_upt", "skor_risiko"]]
    recommendations = store.recommendations_frame(path, actor)
    recap = followup.recap(recommendations, units, as_of)
    finals = last_final_years(store.list_evaluations(path, actor))
    parts = plan_parts(units, risk, recap, finals, tahun, year)
    return pkpt.rank_units(parts, config.pkpt_weights(), config.pkpt_per_quarter())
