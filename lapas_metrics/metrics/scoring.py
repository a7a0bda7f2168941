"""The flags applied to yearly figures: flag_status, audit_flags with skor_risiko, and flag_reasons with their sentences."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pandas import DataFrame, Series

from lapas_metrics.metrics.arrays import ratio
from lapas_metrics.metrics.flags import FLAG_CATALOG, FLAGS, SCORED_FLAGS
from lapas_metrics.metrics.rules import Check, FlagInput, Hit
from lapas_metrics.metrics.thresholds import AuditConfig

REASON_COLUMNS = ("kode_upt", "tahun", "flag", "nilai", "batas", "bobot", "kalimat")


def _checks(figures: DataFrame, config: AuditConfig) -> dict[str, Check]:
    """Every flag checked on every row of `figures`, in FLAGS order."""
    data = FlagInput.of(figures, config)
    return {flag.name: flag.evaluate(data) for flag in FLAG_CATALOG}


def flag_status(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """Per row of yearly_figures(): one nullable-boolean column per flag (FLAGS): True raised, False
    evaluated and not raised, <NA> not evaluable (its figure is empty, a Lapas-Industri-only flag on
    another UPT, lonjakan_akhir_tahun in a year with bulan_diharapkan < 12). Same index as `figures`.

    Peers are the rows of `figures` with the same kanwil (case-insensitive) and tahun whose figure is
    not empty, so pass the whole kanwil even when showing part of it.
    """
    checks = _checks(figures, config)
    status = {flag: pd.arrays.BooleanArray(check.raised.copy(), ~check.evaluable) for flag, check in checks.items()}
    return DataFrame(status, index=figures.index)[list(FLAGS)]


def _score(checks: dict[str, Check], weights: Mapping[str, float]) -> np.ndarray:
    raised = sum(weights[flag] * checks[flag].raised for flag in SCORED_FLAGS)
    evaluable = sum(weights[flag] * checks[flag].evaluable for flag in SCORED_FLAGS)
    return 100 * ratio(raised, evaluable)


def audit_flags(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """`figures` (from yearly_figures) plus one bool column per flag (FLAGS) and skor_risiko.

    A flag is False when not raised and when not evaluable (flag_status() tells the two apart).
    skor_risiko = 100 × Σ weights of the raised flags / Σ weights of the evaluable flags, over
    SCORED_FLAGS (all but anggaran_tinggi); NaN when no flag is evaluable or their weights sum to 0.
    Peers: see flag_status().
    """
    checks = _checks(figures, config)
    flagged = figures.copy()
    for flag in FLAGS:
        flagged[flag] = checks[flag].raised.astype(bool)
    flagged["skor_risiko"] = _score(checks, config.weights)
    return flagged


def flag_reasons(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """The raised flags, one row each, with the sentence an auditor reads.

    Columns: kode_upt, tahun, flag, nilai (the figure), batas (the threshold it crossed), bobot (its
    weight in skor_risiko; NaN for anggaran_tinggi), kalimat (one sentence in Bahasa Indonesia with
    the figure and the threshold, e.g. "Realisasi November–Desember 41,2% dari realisasi setahun
    (batas 35%)."). Sorted like `figures`, then in FLAGS order. Peers: see flag_status().
    """
    checks = _checks(figures, config)
    records = []
    rows = figures.to_dict("records")
    for order, flag in enumerate(FLAG_CATALOG):
        check = checks[flag.name]
        threshold = config.thresholds.get(flag.name, np.nan)
        for i in map(int, np.flatnonzero(check.raised)):
            hit = Hit(rows[i], check, i, threshold, config)
            records.append(
                {
                    "_row": i,
                    "_order": order,
                    "kode_upt": hit.row["kode_upt"],
                    "tahun": int(hit.row["tahun"]),
                    "flag": flag.name,
                    "nilai": hit.value,
                    "batas": hit.limit,
                    "bobot": config.weights.get(flag.name, np.nan),
                    "kalimat": flag.sentence(hit),
                }
            )
    if not records:
        dtypes = {"kode_upt": "str", "tahun": "int64", "flag": "str", "kalimat": "str"}
        return DataFrame({name: Series(dtype=dtypes.get(name, "float64")) for name in REASON_COLUMNS})
    reasons = DataFrame.from_records(records).sort_values(["_row", "_order"])
    return reasons[list(REASON_COLUMNS)].reset_index(drop=True)
