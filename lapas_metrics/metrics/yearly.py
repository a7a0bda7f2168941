"""The yearly figures per UPT (METRICS.md "Yearly figures per UPT"), built in one pass per source table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics.arrays import Years, as_years, floats, mean_by, ratio, row_positions, sum_by, year_month
from lapas_metrics.metrics.catalog import EXTRA_COLUMNS, FIGURES, ID_COLUMNS
from lapas_metrics.metrics.inputs import MetricInputs, available_years, expected_months
from lapas_metrics.metrics.partnership import Cells, partnership_parts

# Ratios as (figure, numerator part, denominator part). One table serves a UPT and a group of UPTs,
# so a kanwil total is the same formula applied to sums.
RATIOS = (
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
    ("capaian_kontribusi", "kontribusi_disetor_rp", "kontribusi_seharusnya_rp"),
    ("porsi_aset_menganggur", "nilai_aset_menganggur_rp", "nilai_aset_rp"),
)
# Figures that are sums or means per UPT, summed again for a group of UPTs.
SUMMED = (
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
    "jumlah_kemitraan_aktif",
    "kontribusi_seharusnya_rp",
    "kontribusi_disetor_rp",
    "nilai_aset_rp",
    "nilai_aset_menganggur_rp",
    "premi_seharusnya_rp",
    "pnbp_seharusnya_rp",
    "bulan_tanpa_aturan",
)
# Figures whose group value is the smallest of its units' (the group's nearest handover).
SMALLEST = ("kemitraan_berakhir_dalam_bulan",)

Parts = dict[str, np.ndarray]


@dataclass(frozen=True)
class _Rows:
    """The rows of one table that fall in a cell of the grid: `key` their cell, `inside` which rows do."""

    key: np.ndarray
    inside: np.ndarray


@dataclass(frozen=True)
class _Monthly(_Rows):
    """_Rows of a monthly table, with their month (1-12) and, per cell, the months that have a row."""

    month: np.ndarray
    present: np.ndarray  # bool, cells × 12

    @property
    def count(self) -> np.ndarray:
        """Rows per cell (how many the UPT sent that year)."""
        return np.bincount(self.key, minlength=len(self.present))


@dataclass(frozen=True)
class _Grid:
    """One cell per UPT (sorted by kode_upt) and year, from the year before the first requested (for
    pertumbuhan_produksi) to the last: cell = position of the UPT * n_years + (year - first)."""

    upt: DataFrame
    kode_index: pd.Index
    first: int
    n_years: int
    expected: np.ndarray  # bulan_diharapkan per cell

    @classmethod
    def build(cls, inputs: MetricInputs, years: list[int]) -> _Grid:
        upt = inputs.upt.sort_values("kode_upt", kind="stable").reset_index(drop=True)
        first = years[0] - 1
        n_years = years[-1] - first + 1
        expected_per_year = expected_months(inputs, np.arange(first, first + n_years))
        return cls(upt, pd.Index(upt["kode_upt"]), first, n_years, np.tile(expected_per_year, len(upt)))

    @property
    def size(self) -> int:
        return len(self.upt) * self.n_years

    def locate(self, frame: DataFrame, year: np.ndarray) -> _Rows:
        positions = row_positions(self.kode_index, frame["kode_upt"])
        offset = year - self.first
        inside = (positions >= 0) & (offset >= 0) & (offset < self.n_years)
        return _Rows((positions * self.n_years + offset)[inside], inside)

    def budget_year(self, frame: DataFrame) -> _Rows:
        """The rows of a table keyed by tahun_anggaran (target_pnbp, anggaran)."""
        return self.locate(frame, pd.to_numeric(frame["tahun_anggaran"]).to_numpy(dtype=np.int64))

    def monthly(self, frame: DataFrame) -> _Monthly:
        year, month = year_month(frame["periode"])
        rows = self.locate(frame, year)
        months = month[rows.inside]
        present = np.bincount(rows.key * 12 + months - 1, minlength=self.size * 12).reshape(self.size, 12) > 0
        return _Monthly(rows.key, rows.inside, months, present)


def _participation(part: DataFrame, rows: _Monthly, size: int) -> Parts:
    """partisipasi: one report per month; without any row in the year its figures are unknown (NaN)."""
    key, inside = rows.key, rows.inside
    penghuni = floats(part["jumlah_penghuni"])[inside]
    bekerja = floats(part["wbp_bekerja"])[inside]
    asimilasi = floats(part["napi_asimilasi"])[inside]
    with_asimilasi = ~np.isnan(asimilasi)
    return {
        "penghuni_rata2": mean_by(key, penghuni, size),
        "wbp_bekerja_rata2": mean_by(key, bekerja, size),
        "_penghuni_sum": sum_by(key, penghuni, size),
        "_bekerja_sum": sum_by(key, bekerja, size),
        "_bekerja_iku_sum": sum_by(key[with_asimilasi], bekerja[with_asimilasi], size),
        "_asimilasi_sum": sum_by(key[with_asimilasi], asimilasi[with_asimilasi], size),
        "wbp_pelatihan": sum_by(key, floats(part["wbp_pelatihan"])[inside], size),
        "wbp_bersertifikat": sum_by(key, floats(part["wbp_bersertifikat"])[inside], size),
        "premi_rp": sum_by(key, floats(part["premi_dibayar_rp"])[inside], size),
    }


def _production_and_deposits(
    inputs: MetricInputs, prod: _Monthly, pnbp: _Monthly, active: np.ndarray, size: int
) -> Parts:
    """Production and PNBP deposits: a UPT that reported anything that year (`active`) and has no row
    for them produced or deposited nothing (0), so produktivitas_rendah and pnbp_di_bawah_target can
    still be raised; without any monthly row that year nothing is known (NaN)."""
    produksi = inputs.produksi
    sums = {
        "nilai_produksi_rp": sum_by(prod.key, floats(produksi["nilai_produksi_rp"])[prod.inside], size),
        # nilai_penjualan_rp is optional on the template; empty means 0.
        "nilai_penjualan_rp": sum_by(
            prod.key, np.nan_to_num(floats(produksi["nilai_penjualan_rp"])[prod.inside]), size
        ),
        "pnbp_rp": sum_by(pnbp.key, floats(inputs.pnbp["jumlah_rp"])[pnbp.inside], size),
    }
    return {name: np.where(active & np.isnan(values), 0.0, values) for name, values in sums.items()}


def _spending(real: DataFrame, rows: _Monthly, size: int) -> Parts:
    """realisasi: every UPT pays salaries (belanja 51) every month, so a year without realisasi rows is
    unreported, not zero spending (NaN), and kelengkapan catches the gap."""
    realisasi = floats(real["realisasi_rp"])[rows.inside]
    novdes = rows.month >= 11
    realisasi_novdes = sum_by(rows.key[novdes], realisasi[novdes], size)
    return {
        "realisasi_rp": sum_by(rows.key, realisasi, size),
        "_realisasi_novdes": np.where((rows.count > 0) & np.isnan(realisasi_novdes), 0.0, realisasi_novdes),
    }


def _target(target: DataFrame, rows: _Rows, size: int) -> Parts:
    return {"target_pnbp_rp": sum_by(rows.key, floats(target["target_pnbp_rp"])[rows.inside], size)}


def _pagu(budget: DataFrame, rows: _Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per DIPA row in the grid: pagu awal, pagu after APBN-P (awal when not revised), and pagu
    efektif (that less blokir)."""
    awal = floats(budget["pagu_awal_rp"])[rows.inside]
    apbnp = floats(budget["pagu_apbnp_rp"])[rows.inside]
    blokir = np.nan_to_num(floats(budget["blokir_rp"])[rows.inside])
    revised = np.where(np.isnan(apbnp), awal, apbnp)
    return awal, revised, revised - blokir


def _budget(budget: DataFrame, rows: _Rows, size: int) -> Parts:
    """anggaran: no DIPA row means no budget is known (NaN), never 0."""
    awal, revised, efektif = _pagu(budget, rows)
    return {
        "pagu_awal_rp": sum_by(rows.key, awal, size),
        "pagu_efektif_rp": sum_by(rows.key, efektif, size),
        "tambahan_apbnp_rp": sum_by(rows.key, revised - awal, size),
    }


def _deviation(budget: DataFrame, budget_rows: _Rows, real: DataFrame, real_rows: _Monthly, size: int) -> Parts:
    """deviasi_rpd: d_j per jenis_belanja over months with rpd_rp > 0, weighted by pagu_efektif of j
    among the j that have a d_j (and a DIPA row to weigh them by)."""
    jenis_codes, jenis_names = pd.factorize(
        pd.concat([budget["jenis_belanja"].astype(str), real["jenis_belanja"].astype(str)], ignore_index=True)
    )
    n_jenis = max(len(jenis_names), 1)
    jenis_a = jenis_codes[: len(budget)][budget_rows.inside]
    jenis_r = jenis_codes[len(budget) :][real_rows.inside]
    realisasi = floats(real["realisasi_rp"])[real_rows.inside]
    rpd = floats(real["rpd_rp"])[real_rows.inside]
    planned = rpd > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        deviation = np.abs(realisasi - rpd) / np.where(planned, rpd, 1)
    planned &= ~np.isnan(deviation)
    key_r = real_rows.key
    d_j = mean_by(key_r[planned] * n_jenis + jenis_r[planned], deviation[planned], size * n_jenis)
    _, _, efektif = _pagu(budget, budget_rows)
    pagu_j = sum_by(budget_rows.key * n_jenis + jenis_a, efektif, size * n_jenis)
    weighed = ~np.isnan(d_j) & ~np.isnan(pagu_j)
    has_weight = weighed.reshape(size, n_jenis).any(axis=1)
    numerator = np.where(weighed, pagu_j * np.nan_to_num(d_j), 0).reshape(size, n_jenis).sum(axis=1)
    denominator = np.where(weighed, pagu_j, 0).reshape(size, n_jenis).sum(axis=1)
    return {
        "_deviasi_num": np.where(has_weight, numerator, np.nan),
        "_deviasi_den": np.where(has_weight, denominator, np.nan),
    }


def _completeness(grid: _Grid, part: _Monthly, prod: _Monthly, real: _Monthly) -> Parts:
    """kelengkapan: a month counts when partisipasi and realisasi (and produksi for a Lapas Industri)
    all have a row for it, among the months expected."""
    lapas_industri = np.repeat(grid.upt["lapas_industri"].fillna(False).astype(bool).to_numpy(), grid.n_years)
    reported = part.present & real.present & (prod.present | ~lapas_industri[:, None])
    reported &= np.arange(12)[None, :] < grid.expected[:, None]
    return {"bulan_dilaporkan": reported.sum(axis=1).astype(np.int64), "bulan_diharapkan": grid.expected}


# Per cell, Σ nilai_produksi_rp of months 1..m of the year (m = 1..12): the previous year's side of
# a same-months pertumbuhan_produksi, for one unit (its own latest month) or a group (the group's).
PRODUKSI_SAMPAI = tuple(f"_produksi_sampai_{m}" for m in range(1, 13))
PRODUKSI_LALU_SAMPAI = tuple(f"_produksi_lalu_sampai_{m}" for m in range(1, 13))  # the same, of the year before


def _growth(produksi: DataFrame, rows: _Monthly, size: int) -> Parts:
    """The latest month of each cell with a produksi row (_bulan_produksi, 0 when none) and the
    running sums of nilai_produksi_rp over the months (PRODUKSI_SAMPAI; a month without a row adds 0)."""
    values = floats(produksi["nilai_produksi_rp"])[rows.inside]
    monthly = sum_by(rows.key * 12 + rows.month - 1, values, size * 12).reshape(size, 12)
    running = np.cumsum(np.nan_to_num(monthly), axis=1)
    latest = np.where(rows.present.any(axis=1), 12 - np.argmax(rows.present[:, ::-1], axis=1), 0)
    return {"_bulan_produksi": latest.astype(np.int64)} | {
        name: running[:, m] for m, name in enumerate(PRODUKSI_SAMPAI)
    }


def previous_production(expected: np.ndarray, latest: np.ndarray, full: np.ndarray, running: np.ndarray) -> np.ndarray:
    """The denominator of pertumbuhan_produksi per row: the previous year's nilai_produksi_rp (`full`) for
    a complete year (bulan_diharapkan 12); for a year in progress its months 1..latest (`running`, rows ×
    12, the previous year's running sums), NaN when latest is 0 (no production this year to compare) or
    the previous year is unknown."""
    month = np.clip(latest, 1, 12) - 1
    same_months = np.where((latest > 0) & ~np.isnan(full), running[np.arange(len(latest)), month], np.nan)
    return np.where(expected >= 12, full, same_months)


def _parts_frame(grid: _Grid, years: list[int], parts: Parts) -> DataFrame:
    """The cells of the requested years as rows: the UPT's attributes, then kapasitas and the parts."""
    n_upt = len(grid.upt)
    cells = (np.arange(n_upt)[:, None] * grid.n_years + (np.asarray(years) - grid.first)[None, :]).ravel()
    frame = grid.upt.take(np.repeat(np.arange(n_upt), len(years)))[
        ["kode_upt", "nama_upt", "kanwil", "jenis", "kelas", "lapas_industri"]
    ].reset_index(drop=True)
    frame["lapas_industri"] = frame["lapas_industri"].fillna(False).astype(bool)
    frame["tahun"] = np.tile(np.asarray(years, dtype=np.int64), n_upt)
    previous = np.column_stack([parts[name][cells - 1] for name in PRODUKSI_SAMPAI])
    columns: Parts = {
        "kapasitas": np.repeat(floats(grid.upt["kapasitas"]), len(years)),
        "_produksi_tahun_lalu": parts["nilai_produksi_rp"][cells - 1],
        "_nilai_produksi_lalu": previous_production(
            grid.expected[cells], parts["_bulan_produksi"][cells], parts["nilai_produksi_rp"][cells - 1], previous
        ),
    }
    columns.update({name: values[cells] for name, values in parts.items() if name not in PRODUKSI_SAMPAI})
    columns.update({name: previous[:, m] for m, name in enumerate(PRODUKSI_LALU_SAMPAI)})
    return pd.concat([frame, DataFrame(columns)], axis=1)


def yearly_parts(inputs: MetricInputs, years: list[int]) -> DataFrame:
    """Per UPT and requested year: the UPT's attributes, every figure that is a sum or mean, and the
    hidden parts (_name) the ratios are built from. Rows sorted by kode_upt, tahun."""
    grid = _Grid.build(inputs, years)
    size = grid.size
    part, prod = grid.monthly(inputs.partisipasi), grid.monthly(inputs.produksi)
    pnbp, real = grid.monthly(inputs.pnbp), grid.monthly(inputs.realisasi)
    budget = grid.budget_year(inputs.anggaran)
    active = (part.count + prod.count + pnbp.count + real.count) > 0
    parts = _participation(inputs.partisipasi, part, size)
    parts |= _production_and_deposits(inputs, prod, pnbp, active, size)
    parts |= _spending(inputs.realisasi, real, size)
    parts |= _target(inputs.target_pnbp, grid.budget_year(inputs.target_pnbp), size)
    parts |= _budget(inputs.anggaran, budget, size)
    parts |= _deviation(inputs.anggaran, budget, inputs.realisasi, real, size)
    parts |= _completeness(grid, part, prod, real)
    parts |= _growth(inputs.produksi, prod, size)
    parts |= _partnership(inputs, grid, prod, parts["nilai_penjualan_rp"])
    return _parts_frame(grid, years, parts)


def _partnership(inputs: MetricInputs, grid: _Grid, prod: _Monthly, penjualan: np.ndarray) -> Parts:
    """The partnership figures (metrics.partnership) on the same grid, from the monthly sales."""
    values = np.nan_to_num(floats(inputs.produksi["nilai_penjualan_rp"])[prod.inside])
    sales = np.bincount(prod.key * 12 + prod.month - 1, weights=values, minlength=grid.size * 12)
    cells = Cells(grid.kode_index, grid.first, grid.n_years)
    return partnership_parts(inputs, cells, sales.reshape(grid.size, 12), ~np.isnan(penjualan))


def _with_ratios(parts: DataFrame) -> DataFrame:
    ratios = {name: ratio(parts[num], parts[den]) for name, num, den in RATIOS}
    ratios["pertumbuhan_produksi"] = ratios["pertumbuhan_produksi"] - 1
    return parts.assign(**ratios)


def _empty_figures() -> DataFrame:
    frame = DataFrame({name: pd.Series(dtype="float64") for name in (*ID_COLUMNS, *FIGURES, *EXTRA_COLUMNS)})
    return frame.astype(
        {"kode_upt": "str", "nama_upt": "str", "kanwil": "str", "jenis": "str", "kelas": "str"}
        | {"lapas_industri": "bool", "tahun": "int64", "bulan_diharapkan": "int64", "bulan_dilaporkan": "int64"}
        | {"jumlah_kemitraan_aktif": "int64"}
    )


def requested_years(inputs: MetricInputs, tahun: Years) -> list[int]:
    """`tahun` as a sorted list; None means every year present in any table."""
    years = as_years(tahun)
    return available_years(inputs) if years is None else years


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
    - bulan_diharapkan: the months of the year whose report is due (day inputs.batas_hari_lapor of the
      next month) on or before the as-of date inputs.tanggal_posisi (today when None): 12 for a past
      year, 0 for a future one, so kelengkapan is then NaN. One early report changes nothing here;
    - deviasi_rpd only weighs the jenis_belanja that have both a d_j and a DIPA row for j; NaN when none.
    - the partnership figures (metrics.partnership): jumlah_kemitraan_aktif is 0 without an agreement
      active that year, and kontribusi_seharusnya_rp then empty; kontribusi_disetor_rp is empty without
      an active agreement or a deposit naming one; nilai_aset_rp is empty without an asset acquired by
      then, nilai_aset_menganggur_rp without a check that year of such an asset; premi_ and
      pnbp_seharusnya_rp are empty when no split rule is in force in any month of the year, and with
      bulan_tanpa_aturan when the unit reported nothing that year; kemitraan_berakhir_dalam_bulan is
      empty without a handover within 24 months. So a unit without partnership data has none of the
      five partnership flags evaluable and keeps its skor_risiko.
    pertumbuhan_produksi always looks at the previous year, also when only one year is requested; for
    a year in progress (bulan_diharapkan < 12) over the same months 1..L on both sides, L the latest
    month of the year with a produksi row of that UPT (NaN when it has none).
    """
    years = requested_years(inputs, tahun)
    if not years or len(inputs.upt) == 0:
        return _empty_figures()
    figures = _with_ratios(yearly_parts(inputs, years))
    return figures[[*ID_COLUMNS, *FIGURES, *EXTRA_COLUMNS]]
