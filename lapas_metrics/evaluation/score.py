"""The score of an evaluation (EVALUATION.md): item, section and total scores, predikat, the items that cost points."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from pandas import DataFrame

from lapas_metrics.evaluation.instrument import LEVELS, Instrument, Section

TIDAK_BERLAKU = "tidak_berlaku"
Tingkat = int | str | None  # 0..4, TIDAK_BERLAKU, or None = not answered yet

# Scores are kept to 9 decimals: that removes floating-point noise (a mathematically exact 60 computed
# as 59.99999999999999) and never changes a score as shown (2 decimals). predikat compares this value,
# not the 2-decimal display: 59.996 is shown as "60,00" and stays Berkembang.
SCORE_DECIMALS = 9

# The bands of predikat, highest first: a score at or above the lower bound takes the name.
PREDIKAT_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "Optimum"),
    (80.0, "Terkelola"),
    (60.0, "Terdefinisi"),
    (40.0, "Berkembang"),
    (0.0, "Rintisan"),
)
SCORE_EXTRA_COLUMNS = ("nilai_evaluasi", "predikat")
SECTION_SCORE_COLUMNS = ("kunci", "judul", "bobot", "butir", "dijawab", "tidak_berlaku", "nilai")
LOST_POINT_COLUMNS = ("kode", "kunci", "pertanyaan", "tingkat", "nilai_butir", "poin_hilang")


class AnswerError(ValueError):
    """An answer that cannot be scored; the message is one Indonesian sentence."""


@dataclass(frozen=True)
class Answer:
    """The answer to one item: tingkat 0..4, TIDAK_BERLAKU, or None (not answered yet), and a note."""

    kode: str
    tingkat: Tingkat = None
    catatan: str = ""

    def __post_init__(self) -> None:
        if not (self.tingkat is None or self.tingkat == TIDAK_BERLAKU or _is_level(self.tingkat)):
            raise AnswerError(
                f"Butir {self.kode}: tingkat harus 0, 1, 2, 3, 4 atau {TIDAK_BERLAKU} (tertulis {self.tingkat!r})."
            )

    @property
    def applicable_level(self) -> int | None:
        """The level when answered and applicable, else None."""
        return self.tingkat if _is_level(self.tingkat) else None  # type: ignore[return-value]


def parse_tingkat(value: object, kode: str = "") -> Tingkat:
    """A level as typed in a KKE cell or a CSV: 0..4 (also "3" and 3.0), tidak_berlaku (any case, space or
    underscore), or empty (None, "", NaN) for not answered. Anything else raises AnswerError naming the item."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int) and value in LEVELS:
        return value
    elif isinstance(value, float) and value.is_integer() and int(value) in LEVELS:
        return int(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "_")
        if not text:
            return None
        if text == TIDAK_BERLAKU:
            return TIDAK_BERLAKU
        if text.isdigit() and int(text) in LEVELS:
            return int(text)
    who = f"Butir {kode}: tingkat" if kode else "Tingkat"
    raise AnswerError(f"{who} harus 0, 1, 2, 3, 4 atau {TIDAK_BERLAKU} (tertulis {value!r}).")


def item_score(tingkat: Tingkat) -> float | None:
    """level / 4; None for not applicable or not answered."""
    return tingkat / 4 if _is_level(tingkat) else None  # type: ignore[operator]


def answers_by_code(instrument: Instrument, answers: Iterable[Answer] | Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers keyed by item code; AnswerError for a code the instrument does not have or given twice.
    Items with no answer are simply absent (not answered)."""
    given = answers.values() if isinstance(answers, Mapping) else answers
    known = {item.kode for item in instrument.items}
    indexed: dict[str, Answer] = {}
    for answer in given:
        if answer.kode not in known:
            raise AnswerError(f"Butir {answer.kode} tidak ada dalam instrumen {instrument.versi}.")
        if answer.kode in indexed:
            raise AnswerError(f"Butir {answer.kode} dijawab lebih dari sekali.")
        indexed[answer.kode] = answer
    return indexed


def section_score(section: Section, answers: Mapping[str, Answer]) -> float | None:
    """100 × Σ(bobot × item score) / Σ bobot over the section's items answered and applicable; None when none is.

    answers: keyed by item code (answers_by_code); missing codes are not answered."""
    weighted = 0.0
    weights = 0.0
    for item in section.items:
        answer = answers.get(item.kode)
        score = item_score(answer.tingkat) if answer else None
        if score is not None:
            weighted += item.bobot * score
            weights += item.bobot
    return round(100 * weighted / weights, SCORE_DECIMALS) if weights else None


def nilai_evaluasi(instrument: Instrument, answers: Iterable[Answer] | Mapping[str, Answer]) -> float | None:
    """The total: Σ(section weight × section score) / Σ section weight over sections with a score; None when none has."""
    return _total(instrument, _section_values(instrument, answers_by_code(instrument, answers)))


def predikat(nilai: float | None) -> str | None:
    """The level name of a total score: < 40 Rintisan, 40–< 60 Berkembang, 60–< 80 Terdefinisi, 80–< 90
    Terkelola, ≥ 90 Optimum; None for None or NaN. The score is compared as given (see SCORE_DECIMALS)."""
    if nilai is None or math.isnan(nilai):
        return None
    for lower, name in PREDIKAT_BANDS:
        if nilai >= lower:
            return name
    return PREDIKAT_BANDS[-1][1]


def score_row(
    instrument: Instrument, answers: Iterable[Answer] | Mapping[str, Answer]
) -> dict[str, float | str | None]:
    """One evaluation's scores as a flat record: nilai_<kunci> per section (None when it has no score),
    nilai_evaluasi and predikat, in that order (the columns of `evaluasi nilai`), unrounded (9 decimals)."""
    values = _section_values(instrument, answers_by_code(instrument, answers))
    total = _total(instrument, values)
    row: dict[str, float | str | None] = {section.column: values[section.kunci] for section in instrument.sections}
    row["nilai_evaluasi"] = total
    row["predikat"] = predikat(total)
    return row


def score_columns(instrument: Instrument) -> list[str]:
    """The keys of score_row in order: nilai_<kunci> per section, nilai_evaluasi, predikat."""
    return [*instrument.score_columns(), *SCORE_EXTRA_COLUMNS]


def section_scores(instrument: Instrument, answers: Iterable[Answer] | Mapping[str, Answer]) -> DataFrame:
    """One row per section in instrument order: kunci, judul, bobot, butir (items), dijawab (answered,
    applicable or not), tidak_berlaku (answered not applicable), nilai (None when no item is answered and
    applicable). The total is nilai_evaluasi / score_row."""
    indexed = answers_by_code(instrument, answers)
    rows = []
    for section in instrument.sections:
        given = [indexed[item.kode] for item in section.items if item.kode in indexed]
        rows.append(
            {
                "kunci": section.kunci,
                "judul": section.judul,
                "bobot": section.bobot,
                "butir": len(section.items),
                "dijawab": sum(answer.tingkat is not None for answer in given),
                "tidak_berlaku": sum(answer.tingkat == TIDAK_BERLAKU for answer in given),
                "nilai": section_score(section, indexed),
            }
        )
    frame = pd.DataFrame(rows, columns=list(SECTION_SCORE_COLUMNS))
    frame["nilai"] = frame["nilai"].astype("float64")
    return frame


def lost_points(instrument: Instrument, answers: Iterable[Answer] | Mapping[str, Answer]) -> DataFrame:
    """The items that pulled the score down, the costliest first (ties in instrument order).

    poin_hilang = 100 × (W_s / Σ W over sections with a score) × (w_i / Σ w over the section's items answered
    and applicable) × (1 − item score): the points of nilai_evaluasi the item lost, so nilai_evaluasi + Σ
    poin_hilang = 100. Only answered, applicable items below level 4 appear. Columns: kode, kunci (its
    section), pertanyaan, tingkat, nilai_butir (level / 4), poin_hilang; empty when nothing was lost."""
    indexed = answers_by_code(instrument, answers)
    values = _section_values(instrument, indexed)
    scored_weight = sum(section.bobot for section in instrument.sections if values[section.kunci] is not None)
    rows = []
    for section in instrument.sections:
        if values[section.kunci] is None:
            continue
        scored = [(item, indexed[item.kode]) for item in section.items if item.kode in indexed]
        scored = [(item, answer) for item, answer in scored if item_score(answer.tingkat) is not None]
        item_weight = sum(item.bobot for item, _ in scored)
        for item, answer in scored:
            score = item_score(answer.tingkat) or 0.0
            lost = 100 * (section.bobot / scored_weight) * (item.bobot / item_weight) * (1 - score)
            if lost > 0:
                rows.append(
                    [item.kode, section.kunci, item.pertanyaan, answer.tingkat, score, round(lost, SCORE_DECIMALS)]
                )
    frame = pd.DataFrame(rows, columns=list(LOST_POINT_COLUMNS))
    frame["order"] = range(len(frame))
    frame = frame.sort_values(["poin_hilang", "order"], ascending=[False, True], kind="stable")
    return frame.drop(columns="order").reset_index(drop=True)


def _section_values(instrument: Instrument, indexed: Mapping[str, Answer]) -> dict[str, float | None]:
    return {section.kunci: section_score(section, indexed) for section in instrument.sections}


def _total(instrument: Instrument, values: Mapping[str, float | None]) -> float | None:
    weighted = 0.0
    weights = 0.0
    for section in instrument.sections:
        value = values[section.kunci]
        if value is not None:
            weighted += section.bobot * value
            weights += section.bobot
    return round(weighted / weights, SCORE_DECIMALS) if weights else None


def _is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in LEVELS
