"""Evaluations side by side: store.evaluation_scores filtered, one period's section scores per unit, units over periods."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt
from lapas_metrics.evaluation import FINAL, STATE_LABELS, Instrument, Section, predikat

HEAT_ROWS = 50  # units in the heat map (the lowest totals); the table and the CSV hold them all
SCORE_DECIMALS_SHOWN = 2
CSV_ID_COLUMNS = ("kode_upt", "nama_upt", "periode", "versi_instrumen", "status")


def visible_scores(scores: DataFrame, codes: Sequence[str] | None, statuses: Sequence[str] = (FINAL,)) -> DataFrame:
    """The rows of store.evaluation_scores of the units `codes` (None = every unit) in `statuses`, one per
    unit and period: the newest evaluation (a correction over the one it replaces; among final ones only,
    the newest final). Same columns, ordered by kode_upt and period; empty in, empty out."""
    keep = scores["status"].isin(list(statuses))
    if codes is not None:
        keep &= scores["kode_upt"].isin(list(codes))
    chosen = scores[keep].sort_values(["kode_upt", "periode_mulai", "periode", "evaluasi_id"], kind="stable")
    chosen = chosen.drop_duplicates(["kode_upt", "periode"], keep="last")
    return chosen.reset_index(drop=True)


def period_labels(scores: DataFrame) -> list[str]:
    """The periods of the scores ('TA 2024', a date range), oldest start first."""
    ordered = scores.sort_values(["periode_mulai", "periode"], kind="stable")
    return list(dict.fromkeys(str(label) for label in ordered["periode"]))


def period_versions(scores: DataFrame, periode: str) -> list[str]:
    """The instrument versions used in one period, the most used first (ties by name); empty when none."""
    counts = scores.loc[scores["periode"] == periode, "versi_instrumen"].astype(str).value_counts()
    return sorted(counts.index, key=lambda versi: (-int(counts[versi]), versi))


@dataclass(frozen=True)
class SectionMatrix:
    """One period's section scores of one instrument version, a row per unit (the lowest total first).

    units: kode_upt, nama_upt, nilai_evaluasi, predikat, status; sections: (nilai_<kunci>, judul, short code
    as in section_code) in the instrument's order; values: units × sections, NaN where a section has no score; shown_of: how many
    units the period and version hold before the cut to HEAT_ROWS."""

    units: DataFrame
    sections: tuple[tuple[str, str, str], ...]
    values: np.ndarray
    versi: str
    periode: str
    shown_of: int

    @property
    def empty(self) -> bool:
        return len(self.units) == 0

    @property
    def key(self) -> str:
        """The column codes in words, for under the heat map: 'B1 Dasar hukum dan kelembagaan · B2 …'."""
        return " · ".join(f"{code} {judul}" for _, judul, code in self.sections)


def section_code(section: Section, number: int) -> str:
    """A column header short enough for six columns on a 390 px phone: the prefix its item codes share
    before their last '.' ('B1' for B1.1, B1.2, …), else 'Bagian <number>' (1 = the first section)."""
    prefixes = {item.kode.rsplit(".", 1)[0] for item in section.items if "." in item.kode}
    if len(prefixes) == 1 and all("." in item.kode for item in section.items):
        return prefixes.pop()
    return f"Bagian {number}"


def section_matrix(scores: DataFrame, instrument: Instrument, periode: str, limit: int = HEAT_ROWS) -> SectionMatrix:
    """The section scores of the units evaluated in `periode` with this instrument version (visible_scores
    rows), lowest nilai_evaluasi first (no total last, then by name), at most `limit` units."""
    rows = scores[(scores["periode"] == periode) & (scores["versi_instrumen"] == instrument.versi)]
    rows = rows.assign(_none=rows["nilai_evaluasi"].isna()).sort_values(
        ["_none", "nilai_evaluasi", "nama_upt", "kode_upt"], kind="stable"
    )
    shown = rows.head(limit)
    sections = tuple(
        (section.column, section.judul, section_code(section, number))
        for number, section in enumerate(instrument.sections, start=1)
    )
    values = np.full((len(shown), len(sections)), np.nan)
    for index, (column, _, _) in enumerate(sections):
        if column in shown.columns:
            values[:, index] = pd.to_numeric(shown[column], errors="coerce").to_numpy(dtype="float64")
    units = shown[["kode_upt", "nama_upt", "nilai_evaluasi", "predikat", "status"]].reset_index(drop=True)
    units = units.assign(nama_upt=units["nama_upt"].fillna(units["kode_upt"]).astype(str))
    return SectionMatrix(units, sections, values, instrument.versi, periode, len(rows))


def score_text(value: object) -> str:
    """A score as shown: '72,50'; missing -> '–'."""
    return fmt.number(value, SCORE_DECIMALS_SHOWN)


def score_with_predikat(value: object) -> str:
    """'72,50 (Terdefinisi)': the score with the band of EVALUATION.md; missing -> '–'."""
    if fmt.is_missing(value):
        return fmt.MISSING
    return f"{score_text(value)} ({predikat(float(value))})"  # type: ignore[arg-type]


def period_table(scores: DataFrame) -> DataFrame:
    """Units over periods for the screen: Kode UPT, Nama UPT, then one column per period (oldest first)
    whose cell is nilai_evaluasi with its predikat ('72,50 · Terdefinisi'), the status named when not final,
    '–' where the unit has no evaluation or no score. One row per unit, by name."""
    periods = period_labels(scores)
    units = scores[["kode_upt", "nama_upt"]].drop_duplicates("kode_upt")
    units = units.assign(nama_upt=units["nama_upt"].fillna(units["kode_upt"]).astype(str))
    units = units.sort_values(["nama_upt", "kode_upt"], kind="stable").reset_index(drop=True)
    cells = {
        (str(kode), str(periode)): _cell(total, name, str(status))
        for kode, periode, total, name, status in zip(
            scores["kode_upt"],
            scores["periode"],
            scores["nilai_evaluasi"],
            scores["predikat"],
            scores["status"],
            strict=True,
        )
    }
    table = DataFrame({"Kode UPT": units["kode_upt"].astype(str), "Nama UPT": units["nama_upt"]})
    for periode in periods:
        table[periode] = [cells.get((kode, periode), fmt.MISSING) for kode in table["Kode UPT"]]
    return table


def _cell(total: object, name: object, status: str) -> str:
    text = fmt.MISSING if fmt.is_missing(total) else f"{score_text(total)} · {name}"
    return text if status == FINAL else f"{text} ({STATE_LABELS.get(status, status).lower()})"


def scores_csv_frame(scores: DataFrame) -> DataFrame:
    """The rows for the CSV download: CSV_ID_COLUMNS, every nilai_<kunci> with a value, nilai_evaluasi and
    predikat, scores rounded to 2 decimals (as `evaluasi nilai` writes them)."""
    sections = [
        column
        for column in scores.columns
        if column.startswith("nilai_") and column != "nilai_evaluasi" and scores[column].notna().any()
    ]
    frame = scores[[*CSV_ID_COLUMNS, *sections, "nilai_evaluasi", "predikat"]].copy()
    for column in [*sections, "nilai_evaluasi"]:
        frame[column] = frame[column].round(SCORE_DECIMALS_SHOWN)
    return frame.reset_index(drop=True)
