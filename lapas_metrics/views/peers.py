"""Peer comparison: where a unit stands against the median of its kanwil's units (or Lapas Industri) in one year."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt
from lapas_metrics.views.labels import FIGURES, PCT, format_figure

# The unit of a difference from the median: ratios (percentages) in percentage points, amounts in percent.
POINTS, PERCENT = "poin", "%"
GAP_AXIS = {POINTS: "Selisih (poin persentase)", PERCENT: "Selisih (%)"}

# Figures compared with the peers' median on the Profil UPT page.
PEER_FIGURES = (
    "nilai_produksi_rp",
    "produksi_per_rupiah",
    "pnbp_rp",
    "capaian_pnbp",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "okupansi",
    "premi_per_wbp_bulan_rp",
    "pagu_efektif_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
    "kelengkapan",
)
# For a Lapas Industri these are compared with the Lapas Industri of its kanwil only: most other
# units produce nothing, and a median of zeros says nothing (as for the produktivitas_rendah flag).
INDUSTRY_FIGURES = frozenset(
    {"nilai_produksi_rp", "nilai_penjualan_rp", "produksi_per_rupiah", "pnbp_rp", "capaian_pnbp", "pnbp_per_rupiah"}
)


def peer_comparison(figures: DataFrame, kode_upt: str, tahun: int, names: Sequence[str] = PEER_FIGURES) -> DataFrame:
    """Where a unit stands against the median of its kanwil's units in one year.

    Columns: angka (figure name), label, nilai (the unit's), median_kanwil (median over the kanwil's
    units of that year whose figure is not empty; for INDUSTRY_FIGURES of a Lapas Industri, over the
    kanwil's Lapas Industri), selisih and its satuan: for a percentage (PCT) the difference in
    percentage points (nilai - median; 0,05 = 5 poin), for an amount or another ratio the relative
    difference (nilai / median - 1; NaN when the median is 0); NaN when either is empty. better
    (+1/-1/0), pembanding (who the peers are, in words), jumlah_pembanding. Empty when the unit has no
    row that year.
    """
    columns = [
        "angka",
        "label",
        "nilai",
        "median_kanwil",
        "selisih",
        "satuan",
        "better",
        "pembanding",
        "jumlah_pembanding",
    ]
    year = figures[figures["tahun"] == tahun]
    unit = year[year["kode_upt"] == kode_upt]
    if len(unit) == 0:
        return DataFrame({name: [] for name in columns})
    row = unit.iloc[0]
    kanwil = str(row["kanwil"]).strip().casefold()
    peers = year[year["kanwil"].astype(str).str.strip().str.casefold() == kanwil]
    industry = bool(row["lapas_industri"])
    records = []
    for name in names:
        if name not in year.columns:
            continue
        group = peers[peers["lapas_industri"].astype(bool)] if industry and name in INDUSTRY_FIGURES else peers
        values = pd.to_numeric(group[name], errors="coerce").dropna()
        median = float(values.median()) if len(values) else np.nan
        value = float(row[name]) if not fmt.is_missing(row[name]) else np.nan
        unit_of_gap = POINTS if FIGURES[name].kind == PCT else PERCENT
        gap = _gap(value, median, unit_of_gap)
        who = "Lapas Industri se-kanwil" if group is not peers else "UPT se-kanwil"
        records.append(
            {
                "angka": name,
                "label": FIGURES[name].label,
                "nilai": value,
                "median_kanwil": median,
                "selisih": gap,
                "satuan": unit_of_gap,
                "better": FIGURES[name].better,
                "pembanding": who,
                "jumlah_pembanding": int(len(values)),
            }
        )
    return DataFrame.from_records(records, columns=columns)


def peer_table(comparison: DataFrame, short: bool = False) -> DataFrame:
    """peer_comparison as text for the screen and the report: Angka, Nilai UPT, Median pembanding,
    Selisih dari median, Pembanding. Money in full rupiah, or short ('Rp 1,23 M') with short=True."""
    return DataFrame(
        {
            "Angka": comparison["label"],
            "Nilai UPT": [
                format_figure(n, v, short) for n, v in zip(comparison["angka"], comparison["nilai"], strict=True)
            ],
            "Median pembanding": [
                format_figure(n, v, short)
                for n, v in zip(comparison["angka"], comparison["median_kanwil"], strict=True)
            ],
            "Selisih dari median": [
                signed_gap(v, u) for v, u in zip(comparison["selisih"], comparison["satuan"], strict=True)
            ],
            "Pembanding": comparison["pembanding"],
        }
    )


def _gap(value: float, median: float, unit: str) -> float:
    if np.isnan(value) or np.isnan(median):
        return np.nan
    if unit == POINTS:
        return value - median
    return value / median - 1 if median else np.nan


def signed_gap(value: object, unit: str) -> str:
    """A difference from the median as text: '+5,0 poin' (percentage points) or '-12,3 %' (relative)."""
    if fmt.is_missing(value):
        return fmt.MISSING
    text = fmt.percent(abs(float(value)), 1)  # type: ignore[arg-type]
    if unit == POINTS:
        text = text.replace(" %", " poin")
    return ("-" if float(value) < 0 and not text.startswith("0,0") else "+") + text  # type: ignore[arg-type]
