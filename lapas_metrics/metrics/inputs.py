"""The seven input tables of the figures: their columns, MetricInputs with its coercion, and the years they cover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics.arrays import year_month
from lapas_metrics.metrics.asof import DEFAULT_BATAS_HARI_LAPOR, months_expected

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
# The tables with a periode (a month); the others are per tahun_anggaran.
MONTHLY_TABLES = ("partisipasi", "produksi", "pnbp", "realisasi")


@dataclass(frozen=True)
class MetricInputs:
    """The seven tables as the store aggregates them (columns in INPUT_COLUMNS; money float64 rupiah).

    upt: one row per UPT. partisipasi: UPT-month. produksi: UPT-month-bidang, summed over products.
    pnbp: UPT-month of tanggal_setor, summed. target_pnbp, anggaran: per tahun_anggaran (anggaran per
    jenis_belanja "51"/"52"/"53", pagu_apbnp_rp NaN = no revision). realisasi: UPT-month-jenis_belanja,
    rpd_rp NaN = not given. Any frame may be empty; fact rows whose kode_upt is not in `upt` are ignored.

    tanggal_posisi: the as-of date of METRICS.md "A year in progress" (None = today, read when a figure
    is computed); with batas_hari_lapor (the day of the next month a month's report is due) it decides
    bulan_diharapkan of every year. The one place that decides it: see expected_months.
    sampai_bulan: set by metrics.through_month for the same-months comparison: the monthly frames then
    hold only months 1..sampai_bulan of each year, and no year expects more months than that.
    """

    upt: DataFrame
    partisipasi: DataFrame
    produksi: DataFrame
    pnbp: DataFrame
    target_pnbp: DataFrame
    anggaran: DataFrame
    realisasi: DataFrame
    tanggal_posisi: dt.date | None = None
    batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR
    sampai_bulan: int | None = None

    @classmethod
    def from_frames(
        cls, tanggal_posisi: Any = None, batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR, **frames: DataFrame
    ) -> MetricInputs:
        """Inputs from loosely typed frames (tests, CSV): missing tables become empty, dtypes are coerced.

        periode -> datetime64 at the first of the month, money and counts -> float64, kapasitas -> Int64,
        lapas_industri -> bool, tahun_anggaran -> int64, jenis_belanja -> str. Unknown table names raise.
        """
        unknown = set(frames) - set(INPUT_COLUMNS)
        if unknown:
            raise TypeError(f"unknown tables {sorted(unknown)}; expected {list(INPUT_COLUMNS)}")
        built = {name: _coerce(frames.get(name), name) for name in INPUT_COLUMNS}
        posisi = None if tanggal_posisi is None else pd.Timestamp(tanggal_posisi).date()
        return cls._of(built, posisi, batas_hari_lapor)

    @classmethod
    def from_store(
        cls,
        frames: Mapping[str, DataFrame],
        tanggal_posisi: dt.date | None = None,
        batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR,
    ) -> MetricInputs:
        """Inputs from store.metric_frames as they come (no coercion): the same as MetricInputs(**frames),
        typed as the seven frames, as of tanggal_posisi (None = today)."""
        return cls._of(frames, tanggal_posisi, batas_hari_lapor)

    @classmethod
    def _of(cls, frames: Mapping[str, DataFrame], posisi: dt.date | None, batas_hari_lapor: int) -> MetricInputs:
        return cls(
            upt=frames["upt"],
            partisipasi=frames["partisipasi"],
            produksi=frames["produksi"],
            pnbp=frames["pnbp"],
            target_pnbp=frames["target_pnbp"],
            anggaran=frames["anggaran"],
            realisasi=frames["realisasi"],
            tanggal_posisi=posisi,
            batas_hari_lapor=int(batas_hari_lapor),
        )

    @property
    def posisi(self) -> dt.date:
        """The as-of date in force: tanggal_posisi, else today."""
        return self.tanggal_posisi if self.tanggal_posisi is not None else dt.date.today()


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
    for name in MONTHLY_TABLES:
        frame = getattr(inputs, name)
        if len(frame):
            year, _ = year_month(frame["periode"])
            years.update(int(y) for y in np.unique(year) if y >= 0)
    for frame in (inputs.target_pnbp, inputs.anggaran):
        if len(frame):
            years.update(int(y) for y in pd.to_numeric(frame["tahun_anggaran"]).dropna().unique())
    return sorted(years)


def expected_months(inputs: MetricInputs, years: Any) -> np.ndarray:
    """bulan_diharapkan per year of `years` under the inputs' as-of date and deadline (metrics.asof),
    capped at inputs.sampai_bulan for a same-months comparison."""
    expected = months_expected(years, inputs.posisi, inputs.batas_hari_lapor)
    return expected if inputs.sampai_bulan is None else np.minimum(expected, inputs.sampai_bulan)
