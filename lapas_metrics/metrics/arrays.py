"""The numpy helpers the figures are built with: sums and means per cell, safe ratios, years of a periode."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pandas import Series

Years = int | Iterable[int] | None


def floats(values: Series) -> np.ndarray:
    """`values` as float64, missing values as NaN."""
    return values.to_numpy(dtype="float64", na_value=np.nan)


def year_month(periode: Series) -> tuple[np.ndarray, np.ndarray]:
    """Year and month as int64; NaT gives year -1 (outside every grid)."""
    stamps = pd.to_datetime(periode)
    year = stamps.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    month = stamps.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    return np.nan_to_num(year, nan=-1).astype(np.int64), np.nan_to_num(month, nan=1).astype(np.int64)


def row_positions(kode_index: pd.Index, kode: Series) -> np.ndarray:
    """Row position of each kode_upt in `kode_index`, -1 if absent; kode_upt compares case-insensitively."""
    if len(kode) == 0:
        return np.zeros(0, dtype=np.int64)
    positions = kode_index.get_indexer(pd.Index(kode)).astype(np.int64)
    missing = positions < 0
    if missing.any() and len(kode_index):
        folded = Series(np.arange(len(kode_index)), index=kode_index.astype(str).str.casefold())
        folded = folded[~folded.index.duplicated()]
        found = folded.reindex(kode[missing].astype(str).str.casefold().to_numpy())
        positions[missing] = found.fillna(-1).to_numpy(dtype=np.int64)
    return positions


def sum_by(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sum of the non-missing values per key; NaN where a key has none."""
    given = ~np.isnan(values)
    total = np.bincount(key[given], weights=values[given], minlength=size)
    count = np.bincount(key[given], minlength=size)
    return np.where(count > 0, total, np.nan)


def mean_by(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Mean of the non-missing values per key; NaN where a key has none."""
    given = ~np.isnan(values)
    total = np.bincount(key[given], weights=values[given], minlength=size)
    count = np.bincount(key[given], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def ratio(numerator: ArrayLike, denominator: ArrayLike) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero or missing (never inf)."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((den != 0) & ~np.isnan(den), num / np.where(den == 0, 1, den), np.nan)


def as_years(tahun: Years) -> list[int] | None:
    """A year or several as a sorted list without repeats; None stays None (every year)."""
    if tahun is None:
        return None
    if isinstance(tahun, (int, np.integer)):
        return [int(tahun)]
    return sorted({int(y) for y in tahun})
