"""The input tables of the figures (the seven and the partnership five): their columns, MetricInputs with its coercion, the years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas import DataFrame, Series

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
    # nomor_perjanjian: the agreement a deposit is a partner's contribution to (empty for other deposits).
    "pnbp": ("kode_upt", "periode", "jumlah_rp", "nomor_perjanjian"),
    "target_pnbp": ("kode_upt", "tahun_anggaran", "target_pnbp_rp"),
    "anggaran": ("kode_upt", "tahun_anggaran", "jenis_belanja", "pagu_awal_rp", "pagu_apbnp_rp", "blokir_rp"),
    "realisasi": ("kode_upt", "periode", "jenis_belanja", "rpd_rp", "realisasi_rp"),
    # The partnership tables of DATA.md (metrics.partnership), each optional: empty when not uploaded.
    "kemitraan": (
        "kode_upt",
        "nomor_perjanjian",
        "skema",
        "tanggal_mulai",
        "jangka_tahun",
        "kontribusi_tetap_rp",
        "bagi_hasil_persen",
        "serah_terima",
    ),
    "laporan_mitra": ("nomor_perjanjian", "tahun", "omzet_rp"),
    "aset": ("kode_upt", "kode_aset", "tahun_perolehan", "nilai_perolehan_rp"),
    # Per asset and year: how many checks saw it, and how many of them saw it in use (see _status_per_year).
    "status_aset": ("kode_aset", "tahun", "jumlah_diperiksa", "jumlah_dipakai"),
    "aturan_premi": ("kode_upt", "berlaku_mulai", "premi_persen", "pnbp_persen"),
}
_TEXT_COLUMNS = {
    "kode_upt",
    "nama_upt",
    "jenis",
    "kelas",
    "kanwil",
    "kabupaten_kota",
    "komoditas_utama",
    "bidang",
    "skema",
    "kode_aset",
}
_DATES = {"tanggal_mulai"}
_INTEGERS = {"tahun_anggaran", "tahun", "jangka_tahun", "tahun_perolehan"}
# The tables with a periode (a month); the others are per tahun_anggaran.
MONTHLY_TABLES = ("partisipasi", "produksi", "pnbp", "realisasi")
# Agreement schemes whose object passes to the State at the end unless the agreement says otherwise (DATA.md).
SERAH_TERIMA_BAWAAN = frozenset({"BGS", "BSG", "KPBU"})
PARTNERSHIP_TABLES = ("kemitraan", "laporan_mitra", "aset", "status_aset", "aturan_premi")


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

    The partnership tables (DATA.md "Partnerships, assets and split rules"), empty by default so every
    caller of the seven works as before: kemitraan one row per agreement (tanggal_mulai datetime64,
    serah_terima boolean, <NA> = the scheme's default), laporan_mitra per agreement and tahun, aset one
    row per asset, status_aset per asset and year (jumlah_diperiksa checks, jumlah_dipakai of them in
    use), aturan_premi one row per unit and berlaku_mulai (a month). pnbp.nomor_perjanjian names the
    agreement of a partner's deposit (<NA> for other deposits).
    """

    upt: DataFrame
    partisipasi: DataFrame
    produksi: DataFrame
    pnbp: DataFrame
    target_pnbp: DataFrame
    anggaran: DataFrame
    realisasi: DataFrame
    kemitraan: DataFrame = field(default_factory=lambda: _coerce(None, "kemitraan"))
    laporan_mitra: DataFrame = field(default_factory=lambda: _coerce(None, "laporan_mitra"))
    aset: DataFrame = field(default_factory=lambda: _coerce(None, "aset"))
    status_aset: DataFrame = field(default_factory=lambda: _coerce(None, "status_aset"))
    aturan_premi: DataFrame = field(default_factory=lambda: _coerce(None, "aturan_premi"))
    tanggal_posisi: dt.date | None = None
    batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR
    sampai_bulan: int | None = None

    @classmethod
    def from_frames(
        cls, tanggal_posisi: Any = None, batas_hari_lapor: int = DEFAULT_BATAS_HARI_LAPOR, **frames: DataFrame
    ) -> MetricInputs:
        """Inputs from loosely typed frames (tests, CSV): missing tables become empty, dtypes are coerced.

        periode and berlaku_mulai -> datetime64 at the first of the month, tanggal_mulai -> datetime64,
        money, counts and percentages -> float64, kapasitas -> Int64, lapas_industri -> bool, serah_terima ->
        boolean, years -> int64, jenis_belanja -> str. status_aset may be given as DATA.md's rows
        (kode_aset, periode, dipakai): they are counted per asset and year. Unknown table names raise.
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
        typed as the frames, as of tanggal_posisi (None = today). A partnership frame left out is empty."""
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
            kemitraan=_given(frames, "kemitraan"),
            laporan_mitra=_given(frames, "laporan_mitra"),
            aset=_given(frames, "aset"),
            status_aset=_given(frames, "status_aset"),
            aturan_premi=_given(frames, "aturan_premi"),
            tanggal_posisi=posisi,
            batas_hari_lapor=int(batas_hari_lapor),
        )

    @property
    def posisi(self) -> dt.date:
        """The as-of date in force: tanggal_posisi, else today."""
        return self.tanggal_posisi if self.tanggal_posisi is not None else dt.date.today()


def _given(frames: Mapping[str, DataFrame], name: str) -> DataFrame:
    """A partnership frame as given, or an empty one when left out (a store or caller of the seven)."""
    return frames[name] if name in frames else _coerce(None, name)


def _status_per_year(frame: DataFrame) -> DataFrame:
    """status_aset as DATA.md's rows (kode_aset, periode, dipakai) counted per asset and year."""
    periode = pd.to_datetime(frame["periode"])
    dipakai = frame["dipakai"].astype("boolean").fillna(False).astype(bool) if "dipakai" in frame else False
    rows = DataFrame({"kode_aset": frame["kode_aset"].astype(str), "tahun": periode.dt.year, "dipakai": dipakai})
    counted = rows.dropna(subset=["tahun"]).groupby(["kode_aset", "tahun"], sort=True)["dipakai"]
    return DataFrame({"jumlah_diperiksa": counted.size(), "jumlah_dipakai": counted.sum()}).reset_index()


def _coerce_column(values: Series, column: str) -> Any:
    if column in ("periode", "berlaku_mulai"):
        return pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()
    if column in _DATES:
        return pd.to_datetime(values).astype("datetime64[us]")
    if column == "kapasitas":
        return pd.to_numeric(values).astype("Int64")
    if column == "lapas_industri":
        return values.fillna(False).astype(bool)
    if column == "serah_terima":
        return values.astype("boolean")
    if column in _INTEGERS:
        return pd.to_numeric(values).astype("int64")
    if column == "jenis_belanja":
        return values.astype(str)
    if column == "nomor_perjanjian":
        return values.astype("object").where(values.notna(), None)
    if column == "komoditas_utama":
        return values
    if column in _TEXT_COLUMNS:
        return values.astype("str")
    return pd.to_numeric(values).astype("float64")


def _coerce(frame: DataFrame | None, table: str) -> DataFrame:
    columns = INPUT_COLUMNS[table]
    frame = DataFrame(columns=list(columns)) if frame is None else frame.copy()
    if table == "status_aset" and "periode" in frame.columns:
        frame = _status_per_year(frame)
    for column in columns:
        if column not in frame.columns:
            frame[column] = np.nan
    out = DataFrame(index=frame.index)
    for column in columns:
        out[column] = _coerce_column(frame[column], column)
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
