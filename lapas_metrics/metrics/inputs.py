"""The seven input tables of the figures: their columns, MetricInputs with its coercion, and the years they cover."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pandas import DataFrame

from lapas_metrics.metrics.arrays import year_month

INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "upt": (
        "kode_upt",
        "nama_upt",
        "jenis",
        "kelas",
        "kanwil",
        "kabupaten_kota",
        "kapasitas",
        "lapas_industri",
        "komoditas_utama",
    ),
    "partisipasi": (
        "kode_upt",
        "periode",
        "jumlah_penghuni",
        "napi_asimilasi",
        "wbp_bekerja",
        "wbp_pelatihan",
        "wbp_bersertifikat",
        "premi_dibayar_rp",
    ),
    "produksi": ("kode_upt", "periode", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"),
    "pnbp": ("kode_upt", "periode", "jumlah_rp"),
    "target_pnbp": ("kode_upt", "tahun_anggaran", "target_pnbp_rp"),
    "anggaran": ("kode_upt", "tahun_anggaran", "jenis_belanja", "pagu_awal_rp", "pagu_apbnp_rp", "blokir_rp"),
    "realisasi": ("kode_upt", "periode", "jenis_belanja", "rpd_rp", "realisasi_rp"),
}
_TEXT_COLUMNS = {"kode_upt", "nama_upt", "jenis", "kelas", "kanwil", "kabupaten_kota", "komoditas_utama", "bidang"}
_MONTHLY_TABLES = ("partisipasi", "produksi", "pnbp", "realisasi")


@dataclass(frozen=True)
class MetricInputs:
    """The seven tables as the store aggregates them (columns in INPUT_COLUMNS; money float64 rupiah).

    upt: one row per UPT. partisipasi: UPT-month. produksi: UPT-month-bidang, summed over products.
    pnbp: UPT-month of tanggal_setor, summed. target_pnbp, anggaran: per tahun_anggaran (anggaran per
    jenis_belanja "51"/"52"/"53", pagu_apbnp_rp NaN = no revision). realisasi: UPT-month-jenis_belanja,
    rpd_rp NaN = not given. Any frame may be empty; fact rows whose kode_upt is not in `upt` are ignored.

    latest_periode: the latest month in the whole database. Leave None when the frames hold the whole
    database (it is then the latest `periode` of the four monthly frames); set it when the store hands
    over frames cut to a few years, so that bulan_diharapkan stays right.
    """

    upt: DataFrame
    partisipasi: DataFrame
    produksi: DataFrame
    pnbp: DataFrame
    target_pnbp: DataFrame
    anggaran: DataFrame
    realisasi: DataFrame
    latest_periode: pd.Timestamp | None = None

    @classmethod
    def from_frames(cls, latest_periode: Any = None, **frames: DataFrame) -> MetricInputs:
        """Inputs from loosely typed frames (tests, CSV): missing tables become empty, dtypes are coerced.

        periode -> datetime64 at the first of the month, money and counts -> float64, kapasitas -> Int64,
        lapas_industri -> bool, tahun_anggaran -> int64, jenis_belanja -> str. Unknown table names raise.
        """
        unknown = set(frames) - set(INPUT_COLUMNS)
        if unknown:
            raise TypeError(f"unknown tables {sorted(unknown)}; expected {list(INPUT_COLUMNS)}")
        built = {name: _coerce(frames.get(name), name) for name in INPUT_COLUMNS}
        latest = None if latest_periode is None else pd.Timestamp(latest_periode)
        return cls(**built, latest_periode=latest)

    @classmethod
    def from_store(cls, frames: Mapping[str, DataFrame]) -> MetricInputs:
        """Inputs from store.metric_frames as they come (no coercion): the same as MetricInputs(**frames),
        typed as the seven frames with latest_periode left None (the frames hold the whole database)."""
        return cls(**frames, latest_periode=None)


def _coerce(frame: DataFrame | None, table: str) -> DataFrame:
    columns = INPUT_COLUMNS[table]
    frame = DataFrame(columns=list(columns)) if frame is None else frame.copy()
    for column in columns:
        if column not in frame.columns:
            frame[column] = np.nan
    out = DataFrame(index=frame.index)
    for column in columns:
        values = frame[column]
        if column == "periode":
            out[column] = pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()
        elif column == "kapasitas":
            out[column] = pd.to_numeric(values).astype("Int64")
        elif column == "lapas_industri":
            out[column] = values.fillna(False).astype(bool)
        elif column == "tahun_anggaran":
            out[column] = pd.to_numeric(values).astype("int64")
        elif column == "jenis_belanja":
            out[column] = values.astype(str)
        elif column in _TEXT_COLUMNS:
            out[column] = values.astype("str") if column != "komoditas_utama" else values
        else:
            out[column] = pd.to_numeric(values).astype("float64")
    return out.reset_index(drop=True)


def available_years(inputs: MetricInputs) -> list[int]:
    """Every year present in any table (periode years and tahun_anggaran), ascending; [] when all are empty."""
    years: set[int] = set()
    for name in _MONTHLY_TABLES:
        frame = getattr(inputs, name)
        if len(frame):
            year, _ = year_month(frame["periode"])
            years.update(int(y) for y in np.unique(year) if y >= 0)
    for frame in (inputs.target_pnbp, inputs.anggaran):
        if len(frame):
            years.update(int(y) for y in pd.to_numeric(frame["tahun_anggaran"]).dropna().unique())
    return sorted(years)


def latest_periode(inputs: MetricInputs) -> pd.Timestamp | None:
    """The latest month in the database: inputs.latest_periode, else the latest periode of the monthly tables."""
    if inputs.latest_periode is not None:
        return pd.Timestamp(inputs.latest_periode)
    latest = [pd.to_datetime(getattr(inputs, name)["periode"]).max() for name in _MONTHLY_TABLES]
    latest = [stamp for stamp in latest if pd.notna(stamp)]
    return max(latest) if latest else None


def months_expected(years: ArrayLike, latest: pd.Timestamp | None) -> np.ndarray:
    """bulan_diharapkan per year: 12 before the latest year, its month count in it, 0 after it (or with no data)."""
    year = np.asarray(years, dtype=np.int64)
    if latest is None:
        return np.zeros(len(year), dtype=np.int64)
    return np.where(year < latest.year, 12, np.where(year == latest.year, latest.month, 0)).astype(np.int64)
