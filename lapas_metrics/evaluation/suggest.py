"""Levels suggested by the figures of METRICS.md, and the rule that overriding a suggestion needs a reason."""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

from lapas_metrics.evaluation.instrument import Instrument, Item
from lapas_metrics.evaluation.score import TIDAK_BERLAKU, Tingkat


def figure_value(item: Item, figures: Mapping[str, object]) -> float | None:
    """The value of the item's figure in a figures row (a mapping figure -> value, e.g. one row of
    yearly_figures as a dict or a Series); None when the item has no figure or the value is missing,
    empty, NaN or not a number."""
    if item.angka is None:
        return None
    value = figures.get(item.angka.nama)
    if value is None or isinstance(value, bool) or not isinstance(value, Real):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def suggested_level(item: Item, figures: Mapping[str, object]) -> int | None:
    """The level (0..4) the item's figure suggests for this figures row; None when there is nothing to go by."""
    value = figure_value(item, figures)
    if value is None or item.angka is None:
        return None
    return item.angka.level(value)


def suggestions(instrument: Instrument, figures: Mapping[str, object]) -> dict[str, int]:
    """kode -> suggested level, for the items of the instrument whose figure has a value in this row."""
    found = {}
    for item in instrument.items:
        level = suggested_level(item, figures)
        if level is not None:
            found[item.kode] = level
    return found


def is_override(tingkat: Tingkat, saran: int | None) -> bool:
    """Whether an answer departs from the suggestion: a level other than the suggested one, or tidak_berlaku
    where the data suggested a level. No suggestion, or no answer yet, is never an override."""
    if saran is None or tingkat is None:
        return False
    return tingkat == TIDAK_BERLAKU or tingkat != saran


def override_problem(
    kode: str, tingkat: Tingkat, saran: int | None, alasan: str | None, where: str = "catatan"
) -> str | None:
    """The Indonesian sentence when an override has no reason (None or blank), else None; `where` names
    the place the reason is written (the KKE has its own column "alasan")."""
    if is_override(tingkat, saran) and not (alasan or "").strip():
        shown = "tidak berlaku" if tingkat == TIDAK_BERLAKU else f"tingkat {tingkat}"
        return (
            f"Butir {kode}: jawaban {shown} berbeda dari tingkat {saran} yang disarankan data; "
            f"tuliskan alasannya di {where}."
        )
    return None
