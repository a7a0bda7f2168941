"""The APBN-P path of the audit room: which years have additions for the units in scope, and the sentence offering them."""

from __future__ import annotations

from pandas import DataFrame

from lapas_metrics.audit.criteria import Criteria
from lapas_metrics.audit.selection import numbers, scope_mask


def years_with_additions(flagged: DataFrame, criteria: Criteria) -> list[int]:
    """The fiscal years, oldest first, in which some unit passing the unit filters of `criteria` (kanwil,
    jenis, kelas, Lapas Industri; its years ignored) has tambahan_apbnp_rp > 0: the years where
    "N tambahan APBN-P terbesar" can select anybody. A cut (< 0), zero or empty is no addition."""
    rows = flagged[scope_mask(flagged, criteria)]
    added = numbers(rows, "tambahan_apbnp_rp") > 0
    return sorted({int(year) for year in rows.loc[added, "tahun"]})


def years_without_additions(flagged: DataFrame, criteria: Criteria) -> list[int]:
    """The chosen years (criteria.tahun) that are not in years_with_additions, oldest first."""
    having = set(years_with_additions(flagged, criteria))
    return [year for year in criteria.tahun if year not in having]


def _years_text(years: list[int]) -> str:
    return ", ".join(f"TA {year}" for year in years)


def additions_note(without: list[int], having: list[int]) -> str:
    """'TA 2026 tidak memiliki tambahan APBN-P untuk UPT pada filter ini. Tambahan APBN-P ada pada TA 2016, TA 2017.'
    for the chosen years `without` additions and the years `having` them; '' when `without` is empty."""
    if not without:
        return ""
    first = f"{_years_text(without)} tidak memiliki tambahan APBN-P untuk UPT pada filter ini."
    if not having:
        return f"{first} Tidak ada tahun anggaran dengan tambahan APBN-P untuk UPT tersebut."
    return f"{first} Tambahan APBN-P ada pada {_years_text(having)}."
