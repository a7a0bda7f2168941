"""The as-of date and the reporting deadline (METRICS.md "A year in progress"): which months of a year are due."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
from numpy.typing import ArrayLike

DEFAULT_BATAS_HARI_LAPOR = 10


def due_date(year: int, month: int, batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR) -> dt.date:
    """The day the report of `month` of `year` is due: day batas_hari_lapor of the next month.

    A batas beyond the length of that month (31 for February) is clamped to its last day, and one below
    1 counts as 1, so every month has exactly one due date."""
    due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)
    last_day = calendar.monthrange(due_year, due_month)[1]
    return dt.date(due_year, due_month, min(max(int(batas_hari_lapor), 1), last_day))


def months_due(year: int, tanggal_posisi: dt.date, batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR) -> int:
    """bulan_diharapkan of one year: the months whose report is due on or before tanggal_posisi
    (12 for a past year, 0 for a future one)."""
    if year < tanggal_posisi.year - 1:
        return 12
    if year > tanggal_posisi.year:
        return 0
    return sum(due_date(year, month, batas_hari_lapor) <= tanggal_posisi for month in range(1, 13))


def months_expected(
    years: ArrayLike, tanggal_posisi: dt.date, batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR
) -> np.ndarray:
    """bulan_diharapkan per year of `years` (int64), see months_due."""
    year = np.asarray(years, dtype=np.int64)
    due = {int(y): months_due(int(y), tanggal_posisi, batas_hari_lapor) for y in np.unique(year)}
    return np.array([due[int(y)] for y in year], dtype=np.int64)
