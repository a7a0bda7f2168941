"""What both demo generators share: the years, budget profiles, rounding, deposit dates, NTPN codes, CSV writing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lapas_metrics import schema

YEARS = range(2016, 2026)
FIRST_YEAR = YEARS[0]
N_MONTHS = len(YEARS) * 12
JENIS_BELANJA = ("51", "52", "53")
# Monthly draw-down profiles of DIPA Halaman III: goods ramp up, capital works pay late.
BARANG_PROFILE = np.array([0.5, 0.8, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.2, 1.6])
MODAL_PROFILE = np.array([0, 0, 0.2, 0.5, 0.8, 1, 1, 1.2, 1.3, 1.5, 1.8, 2.5])

NTPN_ALPHABET = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", dtype=np.uint8)


def month_index(periode: str) -> int:
    """Months from January of FIRST_YEAR to 'YYYY-MM'."""
    year, month = periode.split("-")
    return (int(year) - FIRST_YEAR) * 12 + int(month) - 1


def round_to(values: np.ndarray, step: int) -> np.ndarray:
    return (np.rint(np.asarray(values, dtype=float) / step) * step).astype(np.int64)


def periode_index() -> pd.DatetimeIndex:
    """The first day of every month of YEARS."""
    return pd.date_range(f"{FIRST_YEAR}-01-01", periods=N_MONTHS, freq="MS")


def working_days(rng: np.random.Generator, month_start: np.ndarray) -> np.ndarray:
    """A random working day (Mon–Fri) in each month of `month_start` (datetime64[D], first days)."""
    next_month = (month_start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    n_days = np.busday_count(month_start, next_month)
    return np.busday_offset(month_start, rng.integers(0, n_days), roll="forward")


def ntpn(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` distinct 16-character codes of A–Z 0–9."""
    codes = NTPN_ALPHABET[rng.integers(0, 36, (n, 16))].view("S16").ravel().astype(str)
    while len(np.unique(codes)) < n:  # collisions are astronomically rare; stay exact anyway
        _, first = np.unique(codes, return_index=True)
        dup = np.setdiff1d(np.arange(n), first)
        codes[dup] = NTPN_ALPHABET[rng.integers(0, 36, (len(dup), 16))].view("S16").ravel().astype(str)
    return codes


def csv_ready(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Format as the templates expect: YYYY-MM, YYYY-MM-DD, ya/tidak, plain integers, empty = missing."""
    out = frame.copy()
    for column in schema.TABLES[table].columns:
        values = out[column.name]
        if column.kind == schema.PERIOD and pd.api.types.is_datetime64_any_dtype(values):
            out[column.name] = values.dt.strftime("%Y-%m")
        elif column.kind == schema.DATE and pd.api.types.is_datetime64_any_dtype(values):
            out[column.name] = values.dt.strftime("%Y-%m-%d")
        elif column.kind == schema.BOOL:
            out[column.name] = values.map({True: "ya", False: "tidak"})
        elif column.kind in (schema.MONEY, schema.INT, schema.YEAR) or column.name == "jumlah":
            if pd.api.types.is_float_dtype(values):
                values = values.round()
            out[column.name] = values.astype("Int64")
    return out


def write_csv(frame: pd.DataFrame, table: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_ready(frame, table).to_csv(path, index=False, encoding="utf-8", lineterminator="\n", na_rep="")
    return path
