"""The figures, totals, monthly series and audit flags of spec/METRICS.md, in pure pandas on the store's aggregates."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas import DataFrame, Series

from lapas_metrics import config as settings
from lapas_metrics import fmt

# --------------------------------------------------------------------------- inputs

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


# --------------------------------------------------------------------------- names

ID_COLUMNS = ("kode_upt", "nama_upt", "kanwil", "jenis", "kelas", "lapas_industri", "tahun")
FIGURES = (
    "penghuni_rata2",
    "okupansi",
    "wbp_bekerja_rata2",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "wbp_pelatihan",
    "wbp_bersertifikat",
    "premi_rp",
    "premi_per_wbp_bulan_rp",
    "nilai_produksi_rp",
    "nilai_penjualan_rp",
    "pnbp_rp",
    "target_pnbp_rp",
    "capaian_pnbp",
    "pagu_awal_rp",
    "pagu_efektif_rp",
    "tambahan_apbnp_rp",
    "realisasi_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
    "produksi_per_rupiah",
    "pnbp_per_rupiah",
    "bulan_diharapkan",
    "kelengkapan",
    "pertumbuhan_produksi",
)
# Not a METRICS.md figure: the numerator of kelengkapan, kept so totals and flag sentences can use it.
EXTRA_COLUMNS = ("bulan_dilaporkan",)
FLAGS = (
    "anggaran_tinggi",
    "penyerapan_rendah",
    "penyerapan_melebihi",
    "lonjakan_akhir_tahun",
    "deviasi_rpd_tinggi",
    "produktivitas_rendah",
    "partisipasi_rendah",
    "laporan_tidak_lengkap",
    "pnbp_di_bawah_target",
)
# anggaran_tinggi selects what auditors look at; it is not a risk, so it never enters skor_risiko.
SCORED_FLAGS = FLAGS[1:]
METRICS_TABLE_COLUMNS = ("kode_upt", "nama_upt", "tahun", *FIGURES, *FLAGS, "skor_risiko")
ALL_UPT = "Semua UPT"

# Ratios as (figure, numerator part, denominator part). One table serves a UPT and a group of UPTs,
# so a kanwil total is the same formula applied to sums.
_RATIOS = (
    ("okupansi", "penghuni_rata2", "kapasitas"),
    ("tingkat_partisipasi", "_bekerja_sum", "_penghuni_sum"),
    ("partisipasi_iku", "_bekerja_iku_sum", "_asimilasi_sum"),
    ("premi_per_wbp_bulan_rp", "premi_rp", "_bekerja_sum"),
    ("capaian_pnbp", "pnbp_rp", "target_pnbp_rp"),
    ("penyerapan", "realisasi_rp", "pagu_efektif_rp"),
    ("konsentrasi_akhir_tahun", "_realisasi_novdes", "realisasi_rp"),
    ("deviasi_rpd", "_deviasi_num", "_deviasi_den"),
    ("biaya_per_wbp_rp", "realisasi_rp", "wbp_bekerja_rata2"),
    ("produksi_per_rupiah", "nilai_produksi_rp", "realisasi_rp"),
    ("pnbp_per_rupiah", "pnbp_rp", "realisasi_rp"),
    ("kelengkapan", "bulan_dilaporkan", "bulan_diharapkan"),
    ("pertumbuhan_produksi", "nilai_produksi_rp", "_nilai_produksi_lalu"),
)
_SUMMED = (
    "penghuni_rata2",
    "wbp_bekerja_rata2",
    "wbp_pelatihan",
    "wbp_bersertifikat",
    "premi_rp",
    "nilai_produksi_rp",
    "nilai_penjualan_rp",
    "pnbp_rp",
    "target_pnbp_rp",
    "pagu_awal_rp",
    "pagu_efektif_rp",
    "tambahan_apbnp_rp",
    "realisasi_rp",
    "bulan_dilaporkan",
)

Years = int | Iterable[int] | None
Grouping = Literal["kode_upt", "kanwil"] | None


# --------------------------------------------------------------------------- array helpers


def _floats(values: Series) -> np.ndarray:
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _year_month(periode: Series) -> tuple[np.ndarray, np.ndarray]:
    """Year and month as int64; NaT gives year -1 (outside every grid)."""
    stamps = pd.to_datetime(periode)
    year = stamps.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    month = stamps.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    return np.nan_to_num(year, nan=-1).astype(np.int64), np.nan_to_num(month, nan=1).astype(np.int64)


def _positions(kode_index: pd.Index, kode: Series) -> np.ndarray:
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


def _sum(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sum of the non-missing values per key; NaN where a key has none."""
    given = ~np.isnan(values)
    total = np.bincount(key[given], weights=values[given], minlength=size)
    count = np.bincount(key[given], minlength=size)
    return np.where(count > 0, total, np.nan)


def _mean(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    given = ~np.isnan(values)
    total = np.bincount(key[given], weights=values[given], minlength=size)
    count = np.bincount(key[given], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _ratio(numerator: Any, denominator: Any) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero or missing (never inf)."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((den != 0) & ~np.isnan(den), num / np.where(den == 0, 1, den), np.nan)


def _as_years(tahun: Years) -> list[int] | None:
    if tahun is None:
        return None
    if isinstance(tahun, (int, np.integer)):
        return [int(tahun)]
    return sorted({int(y) for y in tahun})


def available_years(inputs: MetricInputs) -> list[int]:
    """Every year present in any table (periode years and tahun_anggaran), ascending; [] when all are empty."""
    years: set[int] = set()
    for name in _MONTHLY_TABLES:
        frame = getattr(inputs, name)
        if len(frame):
            year, _ = _year_month(frame["periode"])
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


def months_expected(years: Any, latest: pd.Timestamp | None) -> np.ndarray:
    """bulan_diharapkan per year: 12 before the latest year, its month count in it, 0 after it (or with no data)."""
    years = np.asarray(years, dtype=np.int64)
    if latest is None:
        return np.zeros(len(years), dtype=np.int64)
    return np.where(years < latest.year, 12, np.where(years == latest.year, latest.month, 0)).astype(np.int64)


# --------------------------------------------------------------------------- yearly figures


def _yearly_parts(inputs: MetricInputs, years: list[int]) -> DataFrame:
    """Per UPT and requested year: the UPT's attributes, every figure that is a sum or mean, and the
    hidden parts (_name) the ratios are built from. Rows sorted by kode_upt, tahun."""
    upt = inputs.upt.sort_values("kode_upt", kind="stable").reset_index(drop=True)
    n_upt, first = len(upt), years[0] - 1  # one year earlier for pertumbuhan_produksi
    n_years = years[-1] - first + 1
    size = n_upt * n_years  # cell = position of the UPT * n_years + (year - first)
    kode_index = pd.Index(upt["kode_upt"])
    latest = latest_periode(inputs)
    expected_per_year = months_expected(np.arange(first, first + n_years), latest)
    expected = np.tile(expected_per_year, n_upt)
    lapas_industri = np.repeat(upt["lapas_industri"].fillna(False).astype(bool).to_numpy(), n_years)

    def locate(frame: DataFrame, year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        positions = _positions(kode_index, frame["kode_upt"])
        offset = year - first
        inside = (positions >= 0) & (offset >= 0) & (offset < n_years)
        return (positions * n_years + offset)[inside], inside

    def monthly(frame: DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        year, month = _year_month(frame["periode"])
        key, inside = locate(frame, year)
        present = np.bincount(key * 12 + month[inside] - 1, minlength=size * 12).reshape(size, 12) > 0
        return key, inside, month[inside], present

    parts: dict[str, np.ndarray] = {}

    # partisipasi: one report per month; without any row in the year its figures are unknown (NaN).
    part = inputs.partisipasi
    key, inside, _, part_months = monthly(part)
    n_part = np.bincount(key, minlength=size)
    penghuni = _floats(part["jumlah_penghuni"])[inside]
    bekerja = _floats(part["wbp_bekerja"])[inside]
    asimilasi = _floats(part["napi_asimilasi"])[inside]
    with_asimilasi = ~np.isnan(asimilasi)
    parts["penghuni_rata2"] = _mean(key, penghuni, size)
    parts["wbp_bekerja_rata2"] = _mean(key, bekerja, size)
    parts["_penghuni_sum"] = _sum(key, penghuni, size)
    parts["_bekerja_sum"] = _sum(key, bekerja, size)
    parts["_bekerja_iku_sum"] = _sum(key[with_asimilasi], bekerja[with_asimilasi], size)
    parts["_asimilasi_sum"] = _sum(key[with_asimilasi], asimilasi[with_asimilasi], size)
    parts["wbp_pelatihan"] = _sum(key, _floats(part["wbp_pelatihan"])[inside], size)
    parts["wbp_bersertifikat"] = _sum(key, _floats(part["wbp_bersertifikat"])[inside], size)
    parts["premi_rp"] = _sum(key, _floats(part["premi_dibayar_rp"])[inside], size)

    prod = inputs.produksi
    key, inside, _, prod_months = monthly(prod)
    n_prod = np.bincount(key, minlength=size)
    nilai_produksi = _sum(key, _floats(prod["nilai_produksi_rp"])[inside], size)
    # nilai_penjualan_rp is optional on the template; empty means 0.
    nilai_penjualan = _sum(key, np.nan_to_num(_floats(prod["nilai_penjualan_rp"])[inside]), size)

    pnbp = inputs.pnbp
    key, inside, _, _ = monthly(pnbp)
    n_pnbp = np.bincount(key, minlength=size)
    pnbp_rp = _sum(key, _floats(pnbp["jumlah_rp"])[inside], size)

    real = inputs.realisasi
    key_r, inside_r, month_r, real_months = monthly(real)
    n_real = np.bincount(key_r, minlength=size)
    realisasi = _floats(real["realisasi_rp"])[inside_r]
    rpd = _floats(real["rpd_rp"])[inside_r]
    realisasi_rp = _sum(key_r, realisasi, size)
    novdes = month_r >= 11
    realisasi_novdes = _sum(key_r[novdes], realisasi[novdes], size)

    # Production and PNBP deposits: a UPT that reported anything that year and has no row for them
    # produced or deposited nothing (0), so produktivitas_rendah and pnbp_di_bawah_target can still be
    # raised; without any monthly row that year nothing is known (NaN). Spending is different: every
    # UPT pays salaries (belanja 51) every month, so a year without realisasi rows is unreported, not
    # zero spending (NaN), and kelengkapan catches the gap.
    active = (n_part + n_prod + n_pnbp + n_real) > 0
    for name, values in (
        ("nilai_produksi_rp", nilai_produksi),
        ("nilai_penjualan_rp", nilai_penjualan),
        ("pnbp_rp", pnbp_rp),
    ):
        parts[name] = np.where(active & np.isnan(values), 0.0, values)
    parts["realisasi_rp"] = realisasi_rp
    parts["_realisasi_novdes"] = np.where((n_real > 0) & np.isnan(realisasi_novdes), 0.0, realisasi_novdes)

    target = inputs.target_pnbp
    key, inside = locate(target, pd.to_numeric(target["tahun_anggaran"]).to_numpy(dtype=np.int64))
    parts["target_pnbp_rp"] = _sum(key, _floats(target["target_pnbp_rp"])[inside], size)

    # anggaran: no DIPA row means no budget is known (NaN), never 0.
    budget = inputs.anggaran
    key_a, inside_a = locate(budget, pd.to_numeric(budget["tahun_anggaran"]).to_numpy(dtype=np.int64))
    awal = _floats(budget["pagu_awal_rp"])[inside_a]
    apbnp = _floats(budget["pagu_apbnp_rp"])[inside_a]
    blokir = np.nan_to_num(_floats(budget["blokir_rp"])[inside_a])
    revised = np.where(np.isnan(apbnp), awal, apbnp)
    efektif = revised - blokir
    parts["pagu_awal_rp"] = _sum(key_a, awal, size)
    parts["pagu_efektif_rp"] = _sum(key_a, efektif, size)
    parts["tambahan_apbnp_rp"] = _sum(key_a, revised - awal, size)

    # deviasi_rpd: d_j per jenis_belanja over months with rpd_rp > 0, weighted by pagu_efektif of j
    # among the j that have a d_j (and a DIPA row to weigh them by).
    jenis_codes, jenis_names = pd.factorize(
        pd.concat([budget["jenis_belanja"].astype(str), real["jenis_belanja"].astype(str)], ignore_index=True)
    )
    n_jenis = max(len(jenis_names), 1)
    jenis_a = jenis_codes[: len(budget)][inside_a]
    jenis_r = jenis_codes[len(budget) :][inside_r]
    planned = rpd > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        deviation = np.abs(realisasi - rpd) / np.where(planned, rpd, 1)
    planned &= ~np.isnan(deviation)
    d_j = _mean(key_r[planned] * n_jenis + jenis_r[planned], deviation[planned], size * n_jenis)
    pagu_j = _sum(key_a * n_jenis + jenis_a, efektif, size * n_jenis)
    weighed = ~np.isnan(d_j) & ~np.isnan(pagu_j)
    has_weight = weighed.reshape(size, n_jenis).any(axis=1)
    parts["_deviasi_num"] = np.where(
        has_weight, np.where(weighed, pagu_j * np.nan_to_num(d_j), 0).reshape(size, n_jenis).sum(axis=1), np.nan
    )
    parts["_deviasi_den"] = np.where(
        has_weight, np.where(weighed, pagu_j, 0).reshape(size, n_jenis).sum(axis=1), np.nan
    )

    # kelengkapan: a month counts when partisipasi and realisasi (and produksi for a Lapas Industri)
    # all have a row for it, among the months expected.
    reported = part_months & real_months & (prod_months | ~lapas_industri[:, None])
    reported &= np.arange(12)[None, :] < expected[:, None]
    parts["bulan_dilaporkan"] = reported.sum(axis=1).astype(np.int64)
    parts["bulan_diharapkan"] = expected

    cells = (np.arange(n_upt)[:, None] * n_years + (np.asarray(years) - first)[None, :]).ravel()
    frame = upt.take(np.repeat(np.arange(n_upt), len(years)))[
        ["kode_upt", "nama_upt", "kanwil", "jenis", "kelas", "lapas_industri"]
    ].reset_index(drop=True)
    frame["lapas_industri"] = frame["lapas_industri"].fillna(False).astype(bool)
    frame["tahun"] = np.tile(np.asarray(years, dtype=np.int64), n_upt)
    columns: dict[str, np.ndarray] = {
        "kapasitas": np.repeat(_floats(upt["kapasitas"]), len(years)),
        "_nilai_produksi_lalu": parts["nilai_produksi_rp"][cells - 1],
    }
    columns.update({name: values[cells] for name, values in parts.items()})
    return pd.concat([frame, DataFrame(columns)], axis=1)


def _with_ratios(parts: DataFrame) -> DataFrame:
    ratios = {name: _ratio(parts[num], parts[den]) for name, num, den in _RATIOS}
    ratios["pertumbuhan_produksi"] = ratios["pertumbuhan_produksi"] - 1
    return parts.assign(**ratios)


def _empty_figures() -> DataFrame:
    frame = DataFrame({name: Series(dtype="float64") for name in (*ID_COLUMNS, *FIGURES, *EXTRA_COLUMNS)})
    return frame.astype(
        {"kode_upt": "str", "nama_upt": "str", "kanwil": "str", "jenis": "str", "kelas": "str"}
        | {"lapas_industri": "bool", "tahun": "int64", "bulan_diharapkan": "int64", "bulan_dilaporkan": "int64"}
    )


def yearly_figures(inputs: MetricInputs, tahun: Years = None) -> DataFrame:
    """Every figure of METRICS.md "Yearly figures per UPT", one row per UPT in `upt` and requested year.

    tahun: a year, several, or None for every year present in any table. Columns: ID_COLUMNS
    (kode_upt, nama_upt, kanwil, jenis, kelas, lapas_industri, tahun), FIGURES in METRICS.md order
    (plus target_pnbp_rp next to pnbp_rp), then bulan_dilaporkan (months reported, the numerator of
    kelengkapan). Sorted by kode_upt, tahun. No UPT or no year: an empty frame with these columns.

    Empty and zero rules:
    - a ratio whose denominator is zero or missing is NaN, never 0 or inf (okupansi with kapasitas 0,
      partisipasi_iku without napi_asimilasi, pertumbuhan_produksi after a year without production);
    - figures of `partisipasi` (means and sums) are NaN when the UPT sent no partisipasi row that year;
    - nilai_produksi_rp, nilai_penjualan_rp and pnbp_rp are 0 when the UPT has a row in any monthly
      table that year but none in theirs (nothing produced or deposited), NaN when it has no monthly
      row at all that year;
    - realisasi_rp is NaN without any realisasi row that year (every UPT pays salaries monthly, so no
      row means not reported; kelengkapan flags it), and so are the ratios built on it;
    - pagu_*_rp are NaN without a DIPA (anggaran) row, target_pnbp_rp NaN without a target row;
    - bulan_diharapkan: 12 for years before the latest periode in the database (see
      MetricInputs.latest_periode), its month for the latest year, 0 for later (budget-only) years and
      when there is no monthly data at all, so kelengkapan is then NaN;
    - deviasi_rpd only weighs the jenis_belanja that have both a d_j and a DIPA row for j; NaN when none.
    pertumbuhan_produksi always looks at the previous year, also when only one year is requested.
    """
    years = _as_years(tahun)
    if years is None:
        years = available_years(inputs)
    if not years or len(inputs.upt) == 0:
        return _empty_figures()
    figures = _with_ratios(_yearly_parts(inputs, years))
    return figures[[*ID_COLUMNS, *FIGURES, *EXTRA_COLUMNS]]


# --------------------------------------------------------------------------- totals


def group_totals(
    inputs: MetricInputs,
    tahun: Years = None,
    by: Literal["kanwil", "jenis", "kelas", "kabupaten_kota"] | None = "kanwil",
    kode_upt: Iterable[str] | None = None,
) -> DataFrame:
    """The yearly figures for groups of UPTs: per `by` value and year, plus one "Semua UPT" row per year.

    Columns: `by` (the group's value, "Semua UPT" on the total rows; absent when by is None),
    tahun, jumlah_upt, FIGURES, bulan_dilaporkan. kode_upt restricts the UPTs (None = all).
    Sorted by tahun, then group, with "Semua UPT" last.

    Every ratio is recomputed from summed numerators and denominators, never averaged, over the UPTs
    whose own ratio is defined (both parts known and a non-zero denominator): a UPT with kapasitas 0
    adds neither occupants nor capacity to okupansi. penghuni_rata2 and wbp_bekerja_rata2 are the sums
    of the UPTs' monthly means (the group's average occupancy); deviasi_rpd weighs every
    (UPT, jenis_belanja) d_j by its pagu_efektif; kelengkapan is months reported over months expected,
    summed over UPTs. Sums are NaN when no UPT in the group has the figure.
    """
    years = _as_years(tahun)
    if years is None:
        years = available_years(inputs)
    keys = [] if by is None else [by]
    columns = [*keys, "tahun", "jumlah_upt", *FIGURES, *EXTRA_COLUMNS]
    if not years or len(inputs.upt) == 0:
        return DataFrame(columns=columns)
    parts = _yearly_parts(inputs, years)
    if kode_upt is not None:
        wanted = {str(k).casefold() for k in kode_upt}
        parts = parts[parts["kode_upt"].astype(str).str.casefold().isin(wanted)]
    frames = []
    if by is not None:
        parts = parts.assign(**{by: inputs.upt.set_index("kode_upt")[by].reindex(parts["kode_upt"]).to_numpy()})
        frames.append(_group_figures(parts, [by, "tahun"]).assign(_last=0))
    frames.append(_group_figures(parts, ["tahun"]).assign(_last=1, **({by: ALL_UPT} if by else {})))
    totals = pd.concat(frames, ignore_index=True)
    totals = totals.sort_values(["tahun", "_last", *keys], kind="stable").reset_index(drop=True)
    return totals[columns]


def _group_figures(parts: DataFrame, keys: list[str]) -> DataFrame:
    if len(parts) == 0:
        return DataFrame(columns=[*keys, "jumlah_upt", *FIGURES, *EXTRA_COLUMNS])
    columns: dict[str, Any] = {key: parts[key].to_numpy() for key in keys}
    columns |= {name: _floats(parts[name]) for name in _SUMMED}
    for name, num, den in _RATIOS:
        numerator, denominator = _floats(parts[num]), _floats(parts[den])
        defined = ~np.isnan(numerator) & ~np.isnan(denominator) & (denominator != 0)
        columns[f"{name}__num"] = np.where(defined, numerator, np.nan)
        columns[f"{name}__den"] = np.where(defined, denominator, np.nan)
    grouped = DataFrame(columns).groupby(keys, sort=True, dropna=False)
    sums = grouped.sum(min_count=1)
    totals = {
        "jumlah_upt": grouped.size().to_numpy(),
        **{name: sums[name].to_numpy() for name in _SUMMED},
        "bulan_diharapkan": parts.groupby(keys, sort=True, dropna=False)["bulan_diharapkan"].max().to_numpy(),
        **{name: _ratio(sums[f"{name}__num"], sums[f"{name}__den"]) for name, _, _ in _RATIOS},
    }
    totals["pertumbuhan_produksi"] = totals["pertumbuhan_produksi"] - 1
    totals["bulan_dilaporkan"] = np.nan_to_num(totals["bulan_dilaporkan"]).astype(np.int64)
    frame = pd.concat([sums.index.to_frame(index=False), DataFrame(totals)], axis=1)
    return frame[[*keys, "jumlah_upt", *FIGURES, *EXTRA_COLUMNS]]


# --------------------------------------------------------------------------- monthly series


def _selected(
    inputs: MetricInputs, frame: DataFrame, kode_upt: Iterable[str] | None, by: Grouping, tahun: Years
) -> DataFrame:
    """Rows of `frame` for the chosen UPTs and years, with kode_upt in the upt table's spelling and
    a `_group` column holding the group label."""
    upt = inputs.upt.reset_index(drop=True)
    positions = _positions(pd.Index(upt["kode_upt"]), frame["kode_upt"])
    keep = positions >= 0
    if "periode" in frame.columns:
        keep &= frame["periode"].notna().to_numpy()
    if kode_upt is not None:
        wanted = upt["kode_upt"].astype(str).str.casefold().isin({str(k).casefold() for k in kode_upt}).to_numpy()
        keep &= np.where(positions >= 0, wanted[np.maximum(positions, 0)], False)
    years = _as_years(tahun)
    year_column = "tahun_anggaran" if "tahun_anggaran" in frame.columns else None
    if years is not None:
        year = (
            pd.to_numeric(frame[year_column]).to_numpy(dtype=np.int64)
            if year_column
            else _year_month(frame["periode"])[0]
        )
        keep &= np.isin(year, years)
    rows = frame[keep].copy()
    chosen = upt.take(positions[keep])
    rows["kode_upt"] = chosen["kode_upt"].to_numpy()
    rows["_group"] = ALL_UPT if by is None else chosen[by].to_numpy()
    rows["_kapasitas"] = _floats(chosen["kapasitas"])
    return rows


def _finish(series: DataFrame, by: Grouping, columns: list[str]) -> DataFrame:
    series = series.rename(columns={"_group": by}) if by is not None else series.drop(columns="_group")
    keys = [by] if by is not None else []
    return series[[*keys, *columns]].reset_index(drop=True)


def monthly_production(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """Production per month and bidang for the chosen UPTs (None = all), per UPT, kanwil or all together.

    Columns: `by` (kode_upt or kanwil; absent when by is None), periode, bidang, nilai_produksi_rp,
    nilai_penjualan_rp (empty sales count as 0). Only months and bidang with rows appear.
    """
    columns = ["periode", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"]
    rows = _selected(inputs, inputs.produksi, kode_upt, by, tahun)
    rows["nilai_penjualan_rp"] = rows["nilai_penjualan_rp"].fillna(0)
    series = rows.groupby(["_group", "periode", "bidang"], sort=True)[columns[2:]].sum(min_count=1).reset_index()
    return _finish(series, by, columns)


def monthly_participation(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """Participation per month for the chosen UPTs (None = all), per UPT, kanwil or all together.

    Columns: `by`, periode, jumlah_penghuni, wbp_bekerja, napi_asimilasi, kapasitas, tingkat_partisipasi
    (Σ wbp_bekerja / Σ jumlah_penghuni), okupansi (Σ jumlah_penghuni / Σ kapasitas over the reporting
    UPTs with kapasitas > 0), partisipasi_iku (Σ wbp_bekerja / Σ napi_asimilasi over the UPTs that gave
    napi_asimilasi). A zero or missing denominator gives NaN. Only months with rows appear.
    """
    columns = [
        "periode",
        "jumlah_penghuni",
        "wbp_bekerja",
        "napi_asimilasi",
        "kapasitas",
        "tingkat_partisipasi",
        "okupansi",
        "partisipasi_iku",
    ]
    rows = _selected(inputs, inputs.partisipasi, kode_upt, by, tahun)
    with_capacity = rows["_kapasitas"].gt(0)
    given = rows["napi_asimilasi"].notna()
    work = DataFrame(
        {
            "_group": rows["_group"],
            "periode": rows["periode"],
            "jumlah_penghuni": rows["jumlah_penghuni"].astype("float64"),
            "wbp_bekerja": rows["wbp_bekerja"].astype("float64"),
            "napi_asimilasi": rows["napi_asimilasi"].astype("float64"),
            "kapasitas": rows["_kapasitas"].where(with_capacity),
            "_penghuni_kap": rows["jumlah_penghuni"].astype("float64").where(with_capacity),
            "_bekerja_iku": rows["wbp_bekerja"].astype("float64").where(given),
        }
    )
    series = work.groupby(["_group", "periode"], sort=True).sum(min_count=1).reset_index()
    series["tingkat_partisipasi"] = _ratio(series["wbp_bekerja"], series["jumlah_penghuni"])
    series["okupansi"] = _ratio(series["_penghuni_kap"], series["kapasitas"])
    series["partisipasi_iku"] = _ratio(series["_bekerja_iku"], series["napi_asimilasi"])
    return _finish(series, by, columns)


def monthly_absorption(
    inputs: MetricInputs,
    kode_upt: Iterable[str] | None = None,
    by: Grouping = "kode_upt",
    tahun: Years = None,
    jenis_belanja: Iterable[str] | None = None,
) -> DataFrame:
    """Spending against plan per month, as rupiah and as a share of the year's pagu efektif.

    Columns: `by`, periode, tahun, realisasi_rp, rpd_rp (NaN when no RPD was given that month),
    realisasi_kumulatif_rp, rpd_kumulatif_rp (running sums within the year; a month without RPD adds
    nothing, and rpd_kumulatif_rp is NaN before the year's first RPD), pagu_efektif_rp (of the group
    and year, Σ over its UPTs' DIPA rows), penyerapan_bulanan, rencana_bulanan (realisasi_rp and
    rpd_rp / pagu_efektif_rp), penyerapan_kumulatif, rencana_kumulatif
    (the running sums / pagu_efektif_rp; December's penyerapan_kumulatif is the year's penyerapan).
    A share is NaN without a pagu or with pagu 0. jenis_belanja restricts both spending and pagu
    (None = all). Only months with realisasi rows appear.
    """
    columns = [
        "periode",
        "tahun",
        "realisasi_rp",
        "rpd_rp",
        "realisasi_kumulatif_rp",
        "rpd_kumulatif_rp",
        "pagu_efektif_rp",
        "penyerapan_bulanan",
        "rencana_bulanan",
        "penyerapan_kumulatif",
        "rencana_kumulatif",
    ]
    spending = _selected(inputs, inputs.realisasi, kode_upt, by, tahun)
    budget = _selected(inputs, inputs.anggaran, kode_upt, by, tahun)
    if jenis_belanja is not None:
        kinds = {str(j) for j in jenis_belanja}
        spending = spending[spending["jenis_belanja"].astype(str).isin(kinds)]
        budget = budget[budget["jenis_belanja"].astype(str).isin(kinds)]
    series = (
        spending.groupby(["_group", "periode"], sort=True)[["realisasi_rp", "rpd_rp"]].sum(min_count=1).reset_index()
    )
    series["tahun"] = _year_month(series["periode"])[0]
    running = series.groupby(["_group", "tahun"], sort=False)
    series["realisasi_kumulatif_rp"] = running["realisasi_rp"].cumsum()
    series["rpd_kumulatif_rp"] = series["rpd_rp"].fillna(0).groupby([series["_group"], series["tahun"]]).cumsum()
    series["rpd_kumulatif_rp"] = series["rpd_kumulatif_rp"].where(
        series["rpd_rp"].notna().groupby([series["_group"], series["tahun"]]).cummax()
    )
    apbnp = budget["pagu_apbnp_rp"].astype("float64")
    budget = budget.assign(
        pagu_efektif_rp=apbnp.fillna(budget["pagu_awal_rp"].astype("float64")) - budget["blokir_rp"].fillna(0),
        tahun=pd.to_numeric(budget["tahun_anggaran"]).astype(np.int64),
    )
    pagu = budget.groupby(["_group", "tahun"])["pagu_efektif_rp"].sum(min_count=1)
    series = series.merge(pagu.reset_index(), on=["_group", "tahun"], how="left")
    for share, amount in (
        ("penyerapan_bulanan", "realisasi_rp"),
        ("rencana_bulanan", "rpd_rp"),
        ("penyerapan_kumulatif", "realisasi_kumulatif_rp"),
        ("rencana_kumulatif", "rpd_kumulatif_rp"),
    ):
        series[share] = _ratio(series[amount], series["pagu_efektif_rp"])
    return _finish(series, by, columns)


def monthly_pnbp(
    inputs: MetricInputs, kode_upt: Iterable[str] | None = None, by: Grouping = "kode_upt", tahun: Years = None
) -> DataFrame:
    """PNBP deposits per month against the pro-rated yearly target.

    Columns: `by`, periode, tahun, bulan, pnbp_rp (deposits in the month, 0 when none),
    pnbp_kumulatif_rp, target_pnbp_rp (the group's yearly target, NaN when no UPT has one),
    target_prorata_rp (target_pnbp_rp × bulan / 12), capaian_prorata (pnbp_kumulatif_rp /
    target_prorata_rp, NaN without a target or with target 0). Every group-year with a deposit or a
    target gets every month from January to bulan_diharapkan of that year (a month without a deposit
    deposited nothing).
    """
    columns = [
        "periode",
        "tahun",
        "bulan",
        "pnbp_rp",
        "pnbp_kumulatif_rp",
        "target_pnbp_rp",
        "target_prorata_rp",
        "capaian_prorata",
    ]
    deposits = _selected(inputs, inputs.pnbp, kode_upt, by, tahun)
    targets = _selected(inputs, inputs.target_pnbp, kode_upt, by, tahun)
    year, month = _year_month(deposits["periode"])
    monthly = (
        DataFrame({"_group": deposits["_group"], "tahun": year, "bulan": month, "pnbp_rp": deposits["jumlah_rp"]})
        .groupby(["_group", "tahun", "bulan"])["pnbp_rp"]
        .sum()
        .reset_index()
    )
    target = (
        targets.assign(tahun=pd.to_numeric(targets["tahun_anggaran"]).astype(np.int64))
        .groupby(["_group", "tahun"])["target_pnbp_rp"]
        .sum(min_count=1)
        .reset_index()
    )
    group_years = pd.concat([monthly[["_group", "tahun"]], target[["_group", "tahun"]]]).drop_duplicates()
    group_years["_bulan_diharapkan"] = months_expected(group_years["tahun"], latest_periode(inputs))
    grid = group_years.merge(DataFrame({"bulan": np.arange(1, 13, dtype=np.int64)}), how="cross")
    grid = grid[grid["bulan"] <= grid["_bulan_diharapkan"]]
    series = grid.merge(monthly, on=["_group", "tahun", "bulan"], how="left").merge(
        target, on=["_group", "tahun"], how="left"
    )
    series = series.sort_values(["_group", "tahun", "bulan"]).reset_index(drop=True)
    series["pnbp_rp"] = series["pnbp_rp"].fillna(0.0)
    series["pnbp_kumulatif_rp"] = series.groupby(["_group", "tahun"])["pnbp_rp"].cumsum()
    series["periode"] = pd.to_datetime(DataFrame({"year": series["tahun"], "month": series["bulan"], "day": 1}))
    series["target_prorata_rp"] = series["target_pnbp_rp"] * series["bulan"] / 12
    series["capaian_prorata"] = _ratio(series["pnbp_kumulatif_rp"], series["target_prorata_rp"])
    return _finish(series, by, columns)


# --------------------------------------------------------------------------- audit configuration

DEFAULT_THRESHOLDS: dict[str, float] = {
    "penyerapan_rendah": 0.90,  # × bulan_diharapkan / 12
    "penyerapan_melebihi": 1.00,
    "lonjakan_akhir_tahun": 0.35,
    "deviasi_rpd_tinggi": 0.20,
    "produktivitas_rendah": 0.5,  # × peers' median
    "partisipasi_rendah": 0.5,  # × peers' median
    "laporan_tidak_lengkap": 0.75,
    "pnbp_di_bawah_target": 0.75,  # × bulan_diharapkan / 12
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "penyerapan_rendah": 2,
    "penyerapan_melebihi": 2,
    "lonjakan_akhir_tahun": 2,
    "deviasi_rpd_tinggi": 1,
    "produktivitas_rendah": 2,
    "partisipasi_rendah": 1,
    "laporan_tidak_lengkap": 1,
    "pnbp_di_bawah_target": 1,
}


@dataclass(frozen=True)
class AuditConfig:
    """Thresholds and weights of the audit flags (defaults from METRICS.md).

    thresholds: per flag but anggaran_tinggi. penyerapan_rendah and pnbp_di_bawah_target are scaled by
    bulan_diharapkan / 12; produktivitas_rendah and partisipasi_rendah are multiples of the peers'
    median; the others are compared as they are. weights: per flag of skor_risiko (>= 0).
    anggaran_percentile: the peer percentile (0-100) for anggaran_tinggi; anggaran_absolute_rp: an
    amount the auditor sets, raising anggaran_tinggi at or above it as well (None = not set).
    Partial mappings are completed from the defaults. Hashable, so it can be a cache key.
    """

    thresholds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    anggaran_percentile: float = 75.0
    anggaran_absolute_rp: float | None = None

    def __post_init__(self) -> None:
        for name, defaults in (("thresholds", DEFAULT_THRESHOLDS), ("weights", DEFAULT_WEIGHTS)):
            given = dict(getattr(self, name))
            unknown = set(given) - set(defaults)
            if unknown:
                raise ValueError(f"{name}: unknown flags {sorted(unknown)}; expected {list(defaults)}")
            object.__setattr__(self, name, {flag: float(given.get(flag, defaults[flag])) for flag in defaults})
        if any(weight < 0 for weight in self.weights.values()):
            raise ValueError("weights must be >= 0")
        if not 0 <= float(self.anggaran_percentile) <= 100:
            raise ValueError("anggaran_percentile must be within 0..100")
        object.__setattr__(self, "anggaran_percentile", float(self.anggaran_percentile))
        if self.anggaran_absolute_rp is not None:
            if float(self.anggaran_absolute_rp) < 0:
                raise ValueError("anggaran_absolute_rp must be >= 0")
            object.__setattr__(self, "anggaran_absolute_rp", float(self.anggaran_absolute_rp))

    def __hash__(self) -> int:
        return hash(
            (
                tuple(self.thresholds.items()),
                tuple(self.weights.items()),
                self.anggaran_percentile,
                self.anggaran_absolute_rp,
            )
        )

    def with_overrides(self, **changes: Any) -> AuditConfig:
        """A copy with some settings changed, for a page's what-if.

        Keys: a flag name (its threshold), thresholds={...} and weights={...} (merged into the
        current ones), anggaran_percentile, anggaran_absolute_rp (None clears it). Unknown keys raise.
        """
        thresholds = dict(self.thresholds)
        weights = dict(self.weights)
        scalars: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "thresholds":
                thresholds.update(value)
            elif key == "weights":
                weights.update(value)
            elif key in DEFAULT_THRESHOLDS:
                thresholds[key] = value
            elif key in ("anggaran_percentile", "anggaran_absolute_rp"):
                scalars[key] = value
            else:
                allowed = ["thresholds", "weights", "anggaran_percentile", "anggaran_absolute_rp", *DEFAULT_THRESHOLDS]
                raise TypeError(f"unknown setting {key!r}; allowed: {allowed}")
        return replace(self, thresholds=thresholds, weights=weights, **scalars)


def load_audit_config(path: Path | str | None = None) -> AuditConfig:
    """The audit configuration from a TOML file (default: config.audit_config_path()).

    Sections: [anggaran_tinggi] percentile, absolute_rp (optional); [thresholds]; [weights]. Keys
    left out keep the METRICS.md defaults; an unknown section or key raises ValueError naming the file.
    """
    source = Path(path) if path is not None else settings.audit_config_path()
    with source.open("rb") as handle:
        data = tomllib.load(handle)
    unknown = set(data) - {"anggaran_tinggi", "thresholds", "weights"}
    anggaran = dict(data.get("anggaran_tinggi", {}))
    unknown |= {f"anggaran_tinggi.{key}" for key in set(anggaran) - {"percentile", "absolute_rp"}}
    if unknown:
        raise ValueError(f"{source}: unknown settings {sorted(unknown)}")
    try:
        return AuditConfig(
            thresholds=data.get("thresholds", {}),
            weights=data.get("weights", {}),
            anggaran_percentile=anggaran.get("percentile", 75.0),
            anggaran_absolute_rp=anggaran.get("absolute_rp"),
        )
    except ValueError as error:
        raise ValueError(f"{source}: {error}") from error


# --------------------------------------------------------------------------- audit flags


@dataclass(frozen=True)
class _Check:
    value: np.ndarray  # the figure compared
    limit: np.ndarray  # the threshold it was compared with (batas)
    evaluable: np.ndarray
    raised: np.ndarray
    detail: np.ndarray | None = None  # the peers' median or percentile, for the sentence


def _checks(figures: DataFrame, config: AuditConfig) -> dict[str, _Check]:
    peers = [figures["kanwil"].astype(str).str.strip().str.casefold().to_numpy(), figures["tahun"].to_numpy()]
    t = config.thresholds
    expected = figures["bulan_diharapkan"].to_numpy(dtype="float64")

    def col(name: str) -> np.ndarray:
        return figures[name].to_numpy(dtype="float64", na_value=np.nan)

    def below(value: np.ndarray, limit: np.ndarray, evaluable: np.ndarray, detail: Any = None) -> _Check:
        evaluable = evaluable & ~np.isnan(value) & ~np.isnan(limit)
        return _Check(value, limit, evaluable, evaluable & (value < limit), detail)

    def above(value: np.ndarray, limit: float, evaluable: Any = True) -> _Check:
        limits = np.full(len(value), limit)
        evaluable = np.asarray(evaluable) & ~np.isnan(value)
        return _Check(value, limits, evaluable, evaluable & (value > limits))

    def peer_median(values: np.ndarray) -> np.ndarray:
        return Series(values).groupby(peers).transform("median").to_numpy(dtype="float64")

    checks: dict[str, _Check] = {}
    pagu = col("pagu_efektif_rp")
    quantile = Series(pagu).groupby(peers).transform("quantile", config.anggaran_percentile / 100)
    percentile = quantile.to_numpy(dtype="float64")
    by_percentile = pagu >= percentile
    raised = by_percentile.copy()
    limit = percentile.copy()
    if config.anggaran_absolute_rp is not None:
        by_amount = pagu >= config.anggaran_absolute_rp
        raised |= by_amount
        limit = np.where(by_amount & ~by_percentile, config.anggaran_absolute_rp, limit)
    evaluable = ~np.isnan(pagu)
    checks["anggaran_tinggi"] = _Check(pagu, limit, evaluable, evaluable & raised, by_percentile)

    all_rows = np.ones(len(figures), dtype=bool)
    checks["penyerapan_rendah"] = below(col("penyerapan"), t["penyerapan_rendah"] * expected / 12, all_rows)
    checks["penyerapan_melebihi"] = above(col("penyerapan"), t["penyerapan_melebihi"])
    checks["lonjakan_akhir_tahun"] = above(col("konsentrasi_akhir_tahun"), t["lonjakan_akhir_tahun"], expected == 12)
    checks["deviasi_rpd_tinggi"] = above(col("deviasi_rpd"), t["deviasi_rpd_tinggi"])
    industri = figures["lapas_industri"].fillna(False).astype(bool).to_numpy()
    median = peer_median(np.where(industri, col("produksi_per_rupiah"), np.nan))
    checks["produktivitas_rendah"] = below(
        col("produksi_per_rupiah"), t["produktivitas_rendah"] * median, industri, median
    )
    median = peer_median(col("tingkat_partisipasi"))
    checks["partisipasi_rendah"] = below(col("tingkat_partisipasi"), t["partisipasi_rendah"] * median, all_rows, median)
    checks["laporan_tidak_lengkap"] = below(
        col("kelengkapan"), np.full(len(figures), t["laporan_tidak_lengkap"]), all_rows
    )
    checks["pnbp_di_bawah_target"] = below(col("capaian_pnbp"), t["pnbp_di_bawah_target"] * expected / 12, all_rows)
    return checks


def flag_status(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """Per row of yearly_figures(): one nullable-boolean column per flag (FLAGS): True raised, False
    evaluated and not raised, <NA> not evaluable (its figure is empty, a Lapas-Industri-only flag on
    another UPT, lonjakan_akhir_tahun in a year with bulan_diharapkan < 12). Same index as `figures`.

    Peers are the rows of `figures` with the same kanwil (case-insensitive) and tahun whose figure is
    not empty, so pass the whole kanwil even when showing part of it.
    """
    checks = _checks(figures, config)
    status = {flag: pd.arrays.BooleanArray(check.raised.copy(), ~check.evaluable) for flag, check in checks.items()}
    return DataFrame(status, index=figures.index)[list(FLAGS)]


def _score(checks: dict[str, _Check], weights: Mapping[str, float]) -> np.ndarray:
    raised = sum(weights[flag] * checks[flag].raised for flag in SCORED_FLAGS)
    evaluable = sum(weights[flag] * checks[flag].evaluable for flag in SCORED_FLAGS)
    return 100 * _ratio(raised, evaluable)


def audit_flags(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """`figures` (from yearly_figures) plus one bool column per flag (FLAGS) and skor_risiko.

    A flag is False when not raised and when not evaluable (flag_status() tells the two apart).
    skor_risiko = 100 × Σ weights of the raised flags / Σ weights of the evaluable flags, over
    SCORED_FLAGS (all but anggaran_tinggi); NaN when no flag is evaluable or their weights sum to 0.
    Peers: see flag_status().
    """
    checks = _checks(figures, config)
    flagged = figures.copy()
    for flag in FLAGS:
        flagged[flag] = checks[flag].raised.astype(bool)
    flagged["skor_risiko"] = _score(checks, config.weights)
    return flagged


def _pair(value: float, limit: float, show: Callable[..., str]) -> tuple[str, str]:
    """value and limit formatted, with more decimals when rounding would make them look equal."""
    for decimals in (1, 2, 3, 4):
        pair = show(value, decimals), show(limit, decimals)
        if pair[0] != pair[1]:
            return pair
    return pair


def _percent_pair(value: float, limit: float) -> tuple[str, str]:
    return _pair(value, limit, fmt.percent_compact)


def _decimals_for(*values: float) -> int:
    """Decimals that show the smallest non-zero value with two significant digits (at least 2)."""
    sizes = [abs(v) for v in values if np.isfinite(v) and v != 0]
    if not sizes:
        return 2
    return int(max(2, 1 - np.floor(np.log10(min(sizes)))))


def _months_note(expected: float) -> str:
    return "" if expected == 12 else f" untuk {int(expected)} bulan"


def _sentence(flag: str, row: Mapping[Any, Any], check: _Check, i: int, config: AuditConfig) -> str:
    value, limit = float(check.value[i]), float(check.limit[i])
    expected = row["bulan_diharapkan"]
    if flag == "anggaran_tinggi":
        if check.detail is not None and check.detail[i]:
            percentile = fmt.number(config.anggaran_percentile, 1).removesuffix(",0")
            return (
                f"Pagu efektif {fmt.rupiah_short(value)} mencapai persentil ke-{percentile} "
                f"pagu efektif UPT se-kanwil (batas {fmt.rupiah_short(limit)})."
            )
        return (
            f"Pagu efektif {fmt.rupiah_short(value)} mencapai jumlah yang ditetapkan auditor "
            f"(batas {fmt.rupiah_short(limit)})."
        )
    if flag == "penyerapan_rendah":
        shown, bound = _percent_pair(value, limit)
        return f"Penyerapan anggaran {shown} dari pagu efektif (batas {bound}{_months_note(expected)})."
    if flag == "penyerapan_melebihi":
        shown, bound = _percent_pair(value, limit)
        return f"Realisasi {shown} dari pagu efektif, melebihi pagu (batas {bound})."
    if flag == "lonjakan_akhir_tahun":
        shown, bound = _percent_pair(value, limit)
        return f"Realisasi November–Desember {shown} dari realisasi setahun (batas {bound})."
    if flag == "deviasi_rpd_tinggi":
        shown, bound = _percent_pair(value, limit)
        return f"Realisasi rata-rata menyimpang {shown} dari rencana penarikan dana (RPD) (batas {bound})."
    share = fmt.percent_compact(config.thresholds.get(flag, np.nan))
    if flag == "produktivitas_rendah":
        median_value = check.detail[i] if check.detail is not None else np.nan
        # Rupiah of production per rupiah spent is often a few hundredths: two significant digits of
        # the smallest number, so "0,023 (batas 0,040)" and not "0,02 (batas 0,04)".
        decimals = _decimals_for(value, limit, median_value)
        shown, bound = _pair(value, limit, lambda x, d: fmt.number(x, max(d, decimals)))
        median = fmt.number(median_value, decimals)
        return (
            f"Nilai produksi Rp {shown} per rupiah realisasi belanja (batas {bound} = {share} "
            f"dari median Lapas Industri se-kanwil {median})."
        )
    if flag == "partisipasi_rendah":
        shown, bound = _percent_pair(value, limit)
        median = fmt.percent_compact(check.detail[i] if check.detail is not None else np.nan)
        return (
            f"Tingkat partisipasi kerja {shown} dari penghuni (batas {bound} = {share} "
            f"dari median UPT se-kanwil {median})."
        )
    if flag == "laporan_tidak_lengkap":
        shown, bound = _percent_pair(value, limit)
        return (
            f"Laporan lengkap {int(row['bulan_dilaporkan'])} dari {int(expected)} bulan ({shown}; batas {bound})."
            if "bulan_dilaporkan" in row
            else f"Kelengkapan laporan {shown} (batas {bound})."
        )
    if flag == "pnbp_di_bawah_target":
        shown, bound = _percent_pair(value, limit)
        return (
            f"PNBP {fmt.rupiah_short(row['pnbp_rp'])} atau {shown} dari target "
            f"{fmt.rupiah_short(row['target_pnbp_rp'])} (batas {bound}{_months_note(expected)})."
        )
    raise KeyError(flag)


def flag_reasons(figures: DataFrame, config: AuditConfig) -> DataFrame:
    """The raised flags, one row each, with the sentence an auditor reads.

    Columns: kode_upt, tahun, flag, nilai (the figure), batas (the threshold it crossed), bobot (its
    weight in skor_risiko; NaN for anggaran_tinggi), kalimat (one sentence in Bahasa Indonesia with
    the figure and the threshold, e.g. "Realisasi November–Desember 41,2% dari realisasi setahun
    (batas 35%)."). Sorted like `figures`, then in FLAGS order. Peers: see flag_status().
    """
    checks = _checks(figures, config)
    records = []
    rows = figures.to_dict("records")
    order = {flag: n for n, flag in enumerate(FLAGS)}
    for flag, check in checks.items():
        for i in map(int, np.flatnonzero(check.raised)):
            row = rows[i]
            records.append(
                {
                    "_row": i,
                    "_order": order[flag],
                    "kode_upt": row["kode_upt"],
                    "tahun": int(row["tahun"]),
                    "flag": flag,
                    "nilai": float(check.value[i]),
                    "batas": float(check.limit[i]),
                    "bobot": config.weights.get(flag, np.nan),
                    "kalimat": _sentence(flag, row, check, i, config),
                }
            )
    columns = ["kode_upt", "tahun", "flag", "nilai", "batas", "bobot", "kalimat"]
    if not records:
        dtypes = {"kode_upt": "str", "tahun": "int64", "flag": "str", "kalimat": "str"}
        return DataFrame({name: Series(dtype=dtypes.get(name, "float64")) for name in columns})
    reasons = DataFrame.from_records(records).sort_values(["_row", "_order"])
    return reasons[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- command-line table


def metrics_table(
    inputs: MetricInputs, tahun: Years, kanwil: str | None = None, config: AuditConfig | None = None
) -> DataFrame:
    """The command-line output of METRICS.md: METRICS_TABLE_COLUMNS (kode_upt, nama_upt, tahun, FIGURES,
    FLAGS as bool, skor_risiko), one row per UPT and year, sorted by kode_upt, tahun.

    kanwil filters rows (case-insensitive, surrounding spaces ignored; an unknown kanwil gives no rows)
    after the flags are computed, so peers are always the whole kanwil. config None reads
    load_audit_config().
    """
    config = config if config is not None else load_audit_config()
    figures = yearly_figures(inputs, tahun)
    flagged = audit_flags(figures, config)
    if kanwil is not None:
        wanted = kanwil.strip().casefold()
        flagged = flagged[flagged["kanwil"].astype(str).str.strip().str.casefold() == wanted]
    flagged = flagged.sort_values(["kode_upt", "tahun"], kind="stable")
    return flagged[list(METRICS_TABLE_COLUMNS)].reset_index(drop=True)


def metrics_csv(table: DataFrame) -> str:
    """`table` (e.g. metrics_table()) as CSV text: bool columns as true/false, empty figures as empty
    cells, ratios as plain decimals, money in rupiah, full float precision."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == bool or str(out[column].dtype) == "boolean":
            out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out.to_csv(index=False, lineterminator="\n")
