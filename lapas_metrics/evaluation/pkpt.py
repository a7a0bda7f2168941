"""The annual plan (PKPT) of EVALUATION.md, pure: each unit's parts scaled and weighted, the ranking, the reason and the quarter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from lapas_metrics import fmt

# The parts of a unit's place in the plan, in the order the plan shows them.
PARTS = (
    "skor_risiko",
    "rekomendasi_terbuka",
    "rekomendasi_lewat_batas",
    "nilai_temuan_terbuka_rp",
    "tahun_sejak_evaluasi",
)
POINTS = tuple(f"poin_{part}" for part in PARTS)
DEFAULT_WEIGHTS = {
    "skor_risiko": 40.0,
    "rekomendasi_terbuka": 15.0,
    "rekomendasi_lewat_batas": 15.0,
    "nilai_temuan_terbuka_rp": 15.0,
    "tahun_sejak_evaluasi": 15.0,
}
DEFAULT_PER_QUARTER = 5
PART_LABELS = {
    "skor_risiko": "Skor risiko",
    "rekomendasi_terbuka": "Rekomendasi terbuka",
    "rekomendasi_lewat_batas": "Rekomendasi lewat batas waktu",
    "nilai_temuan_terbuka_rp": "Nilai temuan terbuka",
    "tahun_sejak_evaluasi": "Tahun sejak evaluasi final",
}
QUARTERS = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
UNIT_COLUMNS = ("kode_upt", "nama_upt", "kanwil")
PARTS_COLUMNS = (*UNIT_COLUMNS, *PARTS, "tahun_risiko", "tahun_evaluasi_terakhir")
PKPT_COLUMNS = (
    "peringkat",
    *UNIT_COLUMNS,
    "skor_pkpt",
    *PARTS,
    *POINTS,
    "tahun_risiko",
    "tahun_evaluasi_terakhir",
    "alasan",
    "triwulan_usulan",
)
WHOLE_PARTS = ("rekomendasi_terbuka", "rekomendasi_lewat_batas", "tahun_sejak_evaluasi")
MOST_REASONS = 3  # the reason names at most this many parts, the largest first
_SORT_DECIMALS = 9  # scores equal to this many decimals tie (float sums of equal parts in another order)


def scaled_parts(parts: pd.DataFrame) -> pd.DataFrame:
    """Each part of `parts` (PARTS columns, one row per ranked unit) on 0..1, same index.

    skor_risiko / 100 (empty: 0); the counts and the open amount / their largest value over these units
    (0 when that is 0 or the value is empty); tahun_sejak_evaluasi: never evaluated (empty) = 1, evaluated =
    years / (largest years among the evaluated + 1), years below 0 counted as 0."""
    scaled = pd.DataFrame(index=parts.index)
    risk = pd.to_numeric(parts["skor_risiko"], errors="coerce").astype("float64")
    scaled["skor_risiko"] = (risk / 100).fillna(0.0).clip(0.0, 1.0)
    for part in ("rekomendasi_terbuka", "rekomendasi_lewat_batas", "nilai_temuan_terbuka_rp"):
        values = pd.to_numeric(parts[part], errors="coerce").astype("float64").fillna(0.0).clip(lower=0.0)
        largest = float(values.max()) if len(values) else 0.0
        scaled[part] = values / largest if largest > 0 else 0.0 * values
    years = pd.to_numeric(parts["tahun_sejak_evaluasi"], errors="coerce").astype("float64").clip(lower=0.0)
    evaluated = years.dropna()
    largest_years = float(evaluated.max()) if len(evaluated) else 0.0
    scaled["tahun_sejak_evaluasi"] = (years / (largest_years + 1)).fillna(1.0)
    return scaled[list(PARTS)]


def normal_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """weight / Σ weights per part (DEFAULT_WEIGHTS for a part not given, and for None); all 0 when Σ is 0."""
    given = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(float(given[part]) for part in PARTS)
    return {part: float(given[part]) / total if total > 0 else 0.0 for part in PARTS}


def quarter(peringkat: int, per_quarter: int) -> str:
    """The proposed quarter of a rank: 1..per_quarter "Triwulan I", ... up to IV; beyond: "" (not proposed)."""
    index = (int(peringkat) - 1) // max(int(per_quarter), 1)
    return QUARTERS[index] if 0 <= index < len(QUARTERS) else ""


def _phrase(part: str, row: Mapping[Any, Any]) -> str:
    value = row[part]
    if part == "skor_risiko":
        year: Any = row.get("tahun_risiko")
        when = "" if fmt.is_missing(year) else f" pada TA {int(year)}"
        return f"skor risiko {fmt.number(value, 1)}{when}"
    if part == "rekomendasi_terbuka":
        return f"{fmt.number(value)} rekomendasi belum selesai"
    if part == "rekomendasi_lewat_batas":
        return f"{fmt.number(value)} rekomendasi lewat batas waktu"
    if part == "nilai_temuan_terbuka_rp":
        return f"nilai temuan terbuka {fmt.rupiah(value)}"
    if fmt.is_missing(value):
        return "belum pernah dievaluasi (final)"
    last: Any = row.get("tahun_evaluasi_terakhir")
    since = "" if fmt.is_missing(last) else f" (TA {int(last)})"
    return f"{fmt.number(value)} tahun sejak evaluasi final terakhir{since}"


def reason(row: Mapping[Any, Any]) -> str:
    """One Indonesian sentence naming the largest parts of a ranked row (its poin_ columns, the largest
    first, at most MOST_REASONS of those above 0), e.g. "Skor risiko 62,5 pada TA 2025, 3 rekomendasi lewat
    batas waktu dan belum pernah dievaluasi (final)."."""
    points = [(float(row[f"poin_{part}"]), order, part) for order, part in enumerate(PARTS)]
    chosen = [part for value, _, part in sorted(points, key=lambda item: (-item[0], item[1])) if value > 0]
    phrases = [_phrase(part, row) for part in chosen[:MOST_REASONS]]
    if not phrases:
        return "Tidak ada bagian yang menonjol: tanpa risiko, rekomendasi terbuka, atau jeda evaluasi."
    text = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " dan " + phrases[-1]
    return text[0].upper() + text[1:] + "."


def rank_units(
    parts: pd.DataFrame, weights: Mapping[str, float] | None = None, per_quarter: int = DEFAULT_PER_QUARTER
) -> pd.DataFrame:
    """The plan: PKPT_COLUMNS, one row per row of `parts` (PARTS_COLUMNS), best first.

    poin_<part> = 100 × weight / Σ weights × the scaled part (scaled_parts); skor_pkpt = Σ poin. Ranked by
    skor_pkpt descending, then skor_risiko descending (empty last), nilai_temuan_terbuka_rp descending,
    kode_upt; peringkat 1.. in that order; the WHOLE_PARTS come out as Int64 (years <NA>: never evaluated); triwulan_usulan from `quarter`; alasan from `reason`. Empty
    `parts` gives an empty frame with the columns."""
    frame = parts.reset_index(drop=True).copy()
    for column in PARTS_COLUMNS:
        if column not in frame.columns:
            frame[column] = np.nan
    for part in PARTS:
        frame[part] = pd.to_numeric(frame[part], errors="coerce").astype("float64")
    scaled = scaled_parts(frame)
    share = normal_weights(weights)
    for part in PARTS:
        frame[f"poin_{part}"] = 100 * share[part] * scaled[part]
    frame["skor_pkpt"] = frame[list(POINTS)].sum(axis=1) if len(frame) else pd.Series(dtype="float64")
    frame["_skor"] = frame["skor_pkpt"].round(_SORT_DECIMALS)
    frame["_risiko"] = frame["skor_risiko"].fillna(-np.inf)
    frame["_nilai"] = frame["nilai_temuan_terbuka_rp"].fillna(0.0)
    frame["_kode"] = frame["kode_upt"].astype(str)
    frame = frame.sort_values(
        ["_skor", "_risiko", "_nilai", "_kode"], ascending=[False, False, False, True], kind="stable"
    ).reset_index(drop=True)
    frame["peringkat"] = np.arange(1, len(frame) + 1, dtype="int64")
    for part in WHOLE_PARTS:  # counts and years are whole numbers (years empty: never evaluated)
        frame[part] = frame[part].round().astype("Int64")
    frame["alasan"] = [reason(row) for row in frame.to_dict("records")]
    frame["triwulan_usulan"] = [quarter(rank, per_quarter) for rank in frame["peringkat"]]
    return frame[list(PKPT_COLUMNS)]
