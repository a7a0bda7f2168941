"""The partnership, asset and split-rule figures of METRICS.md, per UPT and year, on the grid of the yearly figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas import DataFrame, Series

from lapas_metrics.metrics.arrays import floats, row_positions, sum_by, year_month
from lapas_metrics.metrics.inputs import SERAH_TERIMA_BAWAAN, MetricInputs

Parts = dict[str, np.ndarray]

# kemitraan_berakhir_dalam_bulan looks this many months ahead of the as-of date (METRICS.md).
BULAN_KE_DEPAN = 24


@dataclass(frozen=True)
class Cells:
    """The grid of the yearly figures: cell = position of the UPT in `kode_index` * n_years + (year - first)."""

    kode_index: pd.Index
    first: int
    n_years: int

    @property
    def size(self) -> int:
        return len(self.kode_index) * self.n_years

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.n_years, dtype=np.int64)


def _text(values: Series) -> pd.Index:
    return pd.Index(values.astype("object").where(values.notna(), "").astype(str))


def _first_of(index: pd.Index) -> tuple[pd.Index, np.ndarray]:
    """The distinct keys of `index` and the position of each one's first row."""
    unique = ~index.duplicated()
    return pd.Index(index[unique]), np.flatnonzero(unique)


@dataclass(frozen=True)
class _Keys:
    """A key column (nomor_perjanjian, kode_aset), compared case-insensitively and without surrounding
    spaces: exact matches are looked up first, only the others are folded (the costly part)."""

    exact: tuple[pd.Index, np.ndarray]
    folded: tuple[pd.Index, np.ndarray]

    @classmethod
    def of(cls, values: Series) -> _Keys:
        text = _text(values)
        return cls(_first_of(text), _first_of(pd.Index(text.str.strip().str.casefold())))

    def positions(self, keys: Series) -> np.ndarray:
        """The row of each key (its first, should it repeat), -1 when absent."""
        (exact, rows), (folded, folded_rows) = self.exact, self.folded
        if len(keys) == 0 or len(exact) == 0:
            return np.full(len(keys), -1, dtype=np.int64)
        text = _text(keys)
        found = exact.get_indexer(text)
        positions = np.where(found >= 0, rows[np.maximum(found, 0)], -1).astype(np.int64)
        missing = found < 0
        if missing.any():
            again = folded.get_indexer(pd.Index(text[missing].str.strip().str.casefold()))
            positions[missing] = np.where(again >= 0, folded_rows[np.maximum(again, 0)], -1)
        return positions


def _days(stamps: Series) -> np.ndarray:
    """Dates as whole days since 1970 (int64)."""
    return pd.to_datetime(stamps).to_numpy().astype("datetime64[D]").astype(np.int64)


def _day_of(year: int, month: int, day: int) -> int:
    return int(np.datetime64(dt.date(year, month, day), "D").astype(np.int64))


def tanggal_berakhir(tanggal_mulai: Series, jangka_tahun: Series) -> Series:
    """tanggal_mulai + jangka_tahun years (DATA.md); 29 February becomes 28 February in a year that has none."""
    start = pd.to_datetime(tanggal_mulai)
    year = start.dt.year + pd.to_numeric(jangka_tahun)
    month, day = start.dt.month, start.dt.day
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = day.where(~((month == 2) & (day == 29) & ~leap), 28)
    return pd.to_datetime(DataFrame({"year": year, "month": month, "day": day}), errors="coerce")


@dataclass(frozen=True)
class _Agreements:
    """The agreements of known units with a start and a term: their unit, term and contribution rules."""

    unit: np.ndarray  # position in the grid's kode_index
    keys: _Keys  # nomor_perjanjian, for laporan_mitra and pnbp
    start: np.ndarray  # days
    end: np.ndarray  # days: tanggal_berakhir, the first day after the term
    end_ymd: tuple[np.ndarray, np.ndarray, np.ndarray]
    start_month: np.ndarray  # year * 12 + month - 1 of tanggal_mulai
    tetap: np.ndarray
    bagi_hasil: np.ndarray
    serah_terima: np.ndarray

    @classmethod
    def of(cls, kemitraan: DataFrame, cells: Cells) -> _Agreements:
        unit = row_positions(cells.kode_index, kemitraan["kode_upt"])
        end = tanggal_berakhir(kemitraan["tanggal_mulai"], kemitraan["jangka_tahun"])
        start = pd.to_datetime(kemitraan["tanggal_mulai"])
        keep = ((unit >= 0) & start.notna().to_numpy() & end.notna().to_numpy()).astype(bool)
        frame, start, end = kemitraan[keep], start[keep], end[keep]
        skema = frame["skema"].astype(str).str.strip().str.upper().isin(SERAH_TERIMA_BAWAAN)
        serah = frame["serah_terima"].astype("boolean").fillna(skema).astype(bool)
        return cls(
            unit=unit[keep],
            keys=_Keys.of(frame["nomor_perjanjian"]),
            start=_days(start),
            end=_days(end),
            end_ymd=(end.dt.year.to_numpy(np.int64), end.dt.month.to_numpy(np.int64), end.dt.day.to_numpy(np.int64)),
            start_month=(start.dt.year * 12 + start.dt.month - 1).to_numpy(np.int64),
            tetap=np.nan_to_num(floats(frame["kontribusi_tetap_rp"])),
            bagi_hasil=np.nan_to_num(floats(frame["bagi_hasil_persen"])),
            serah_terima=serah.to_numpy(),
        )

    def locate(self, nomor: Series) -> np.ndarray:
        """Position of each nomor_perjanjian among the agreements, -1 when unknown or empty."""
        return self.keys.positions(nomor)


def _contributions(inputs: MetricInputs, deals: _Agreements, cells: Cells) -> Parts:
    """jumlah_kemitraan_aktif, kontribusi_seharusnya_rp and kontribusi_disetor_rp per cell.

    A term runs from tanggal_mulai up to, not including, tanggal_berakhir. It is active in a year when
    it covers any day of it; the months of the year inside the term are the months from the month of
    tanggal_mulai up to, not including, the month of tanggal_berakhir, so a term that starts mid-month
    counts its first month whole and not the month it ends in: every term has 12 × jangka_tahun months.
    """
    size, years = cells.size, cells.years
    year_start = np.array([_day_of(int(y), 1, 1) for y in years], dtype=np.int64)
    year_next = np.array([_day_of(int(y) + 1, 1, 1) for y in years], dtype=np.int64)
    active = (deals.start[:, None] < year_next[None, :]) & (deals.end[:, None] > year_start[None, :])
    end_month = deals.end_ymd[0] * 12 + deals.end_ymd[1] - 1
    inside = np.minimum(end_month[:, None], years[None, :] * 12 + 12) - np.maximum(
        deals.start_month[:, None], years[None, :] * 12
    )
    omzet = np.zeros(active.shape)
    reports = inputs.laporan_mitra
    if len(reports) and len(deals.unit):
        deal = deals.locate(reports["nomor_perjanjian"])
        offset = pd.to_numeric(reports["tahun"]).to_numpy(dtype=np.int64) - cells.first
        ok = (deal >= 0) & (offset >= 0) & (offset < cells.n_years)
        np.add.at(omzet, (deal[ok], offset[ok]), np.nan_to_num(floats(reports["omzet_rp"])[ok]))
    due = deals.tetap[:, None] * np.maximum(inside, 0) / 12 + deals.bagi_hasil[:, None] / 100 * omzet
    key = (deals.unit[:, None] * cells.n_years + np.arange(cells.n_years)[None, :])[active]
    count = np.bincount(key, minlength=size)
    owed = np.bincount(key, weights=due[active], minlength=size)
    paid, deposited = _partner_deposits(inputs.pnbp, deals, cells)
    return {
        "jumlah_kemitraan_aktif": count.astype(np.int64),
        "kontribusi_seharusnya_rp": np.where(count > 0, owed, np.nan),
        "kontribusi_disetor_rp": np.where((count > 0) | deposited, np.nan_to_num(paid), np.nan),
    }


def _partner_deposits(pnbp: DataFrame, deals: _Agreements, cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Σ pnbp.jumlah_rp per cell of the deposits that name an agreement, counted for the agreement's unit
    in the year of tanggal_setor; and whether the cell has any such deposit."""
    size = cells.size
    if "nomor_perjanjian" not in pnbp.columns or len(pnbp) == 0 or len(deals.unit) == 0:
        return np.full(size, np.nan), np.zeros(size, dtype=bool)
    year, _ = year_month(pnbp["periode"])
    offset = year - cells.first
    named = pnbp["nomor_perjanjian"].notna().to_numpy() & (offset >= 0) & (offset < cells.n_years)
    deposits, offset = pnbp[named], offset[named]
    deal = deals.locate(deposits["nomor_perjanjian"])
    ok = deal >= 0
    key = deals.unit[deal[ok]] * cells.n_years + offset[ok]
    return sum_by(key, floats(deposits["jumlah_rp"])[ok], size), np.bincount(key, minlength=size) > 0


def _handover(deals: _Agreements, cells: Cells, posisi: dt.date) -> Parts:
    """kemitraan_berakhir_dalam_bulan: from the as-of date of the year (tanggal_posisi, or 31 December for
    a year that ended before it) to the nearest tanggal_berakhir on or after it of an agreement with
    serah_terima, in whole months rounded up (the least N with tanggal_berakhir ≤ that date + N months),
    if at most BULAN_KE_DEPAN; else empty."""
    nearest = np.full(cells.size, np.inf)
    handed = deals.serah_terima
    ey, em, ed = (part[handed] for part in deals.end_ymd)
    end, unit = deals.end[handed], deals.unit[handed]
    for offset, year in enumerate(cells.years):
        ref = min(posisi, dt.date(int(year), 12, 31))
        ahead = end >= _day_of(ref.year, ref.month, ref.day)
        months = (ey * 12 + em) - (ref.year * 12 + ref.month) + (ed > ref.day)
        ahead &= months <= BULAN_KE_DEPAN
        np.minimum.at(nearest, unit[ahead] * cells.n_years + offset, months[ahead].astype(float))
    return {"kemitraan_berakhir_dalam_bulan": np.where(np.isfinite(nearest), nearest, np.nan)}


def _assets(inputs: MetricInputs, cells: Cells) -> Parts:
    """nilai_aset_rp (assets acquired in or before the year) and nilai_aset_menganggur_rp (of those, the
    ones checked in the year and not in use at any check); the latter empty when no asset of the unit
    acquired by then was checked that year."""
    aset, n_years = inputs.aset, cells.n_years
    unit = row_positions(cells.kode_index, aset["kode_upt"])
    acquired = pd.to_numeric(aset["tahun_perolehan"]).to_numpy(dtype=np.int64) - cells.first
    value = np.nan_to_num(floats(aset["nilai_perolehan_rp"]))
    keep = (unit >= 0) & (acquired < n_years)
    first_cell = unit[keep] * n_years + np.maximum(acquired[keep], 0)
    added = np.bincount(first_cell, weights=value[keep], minlength=cells.size).reshape(-1, n_years)
    counted = np.bincount(first_cell, minlength=cells.size).reshape(-1, n_years)
    total = np.where(np.cumsum(counted, axis=1) > 0, np.cumsum(added, axis=1), np.nan).ravel()
    checks, used = _checks(inputs.status_aset, _Keys.of(aset["kode_aset"]), len(aset), cells)
    owned = (np.arange(n_years)[None, :] >= acquired[:, None]) & (unit >= 0)[:, None]
    checked = (checks > 0) & owned
    idle = checked & (used == 0)
    key = unit[:, None] * n_years + np.arange(n_years)[None, :]
    any_checked = np.bincount(key[checked], minlength=cells.size) > 0
    idle_value = np.bincount(key[idle], weights=np.broadcast_to(value[:, None], idle.shape)[idle], minlength=cells.size)
    return {"nilai_aset_rp": total, "nilai_aset_menganggur_rp": np.where(any_checked, idle_value, np.nan)}


def _checks(status: DataFrame, assets: _Keys, n_assets: int, cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Per asset (rows of aset) and year of the grid: how many checks saw it, and how many saw it in use."""
    offset = pd.to_numeric(status["tahun"]).to_numpy(dtype=np.int64) - cells.first
    in_grid = (offset >= 0) & (offset < cells.n_years)
    asset = assets.positions(status["kode_aset"][in_grid])
    ok = asset >= 0
    key = asset[ok] * cells.n_years + offset[in_grid][ok]
    size = n_assets * cells.n_years
    counts = (floats(status[name])[in_grid][ok] for name in ("jumlah_diperiksa", "jumlah_dipakai"))
    checks, used = (np.bincount(key, weights=np.nan_to_num(c), minlength=size) for c in counts)
    return checks.reshape(n_assets, cells.n_years), used.reshape(n_assets, cells.n_years)


def _split_rules(inputs: MetricInputs, cells: Cells, sales: np.ndarray, known: np.ndarray) -> Parts:
    """premi_seharusnya_rp, pnbp_seharusnya_rp and bulan_tanpa_aturan from the monthly sales (`sales`, cells
    × 12, 0 for a month without sales) and the rule in force each month: the unit's rule with the latest
    berlaku_mulai on or before that month. A month without a rule in force adds 0; both sums are empty
    when no rule is in force in any month of the year, and all three when the unit reported nothing
    that year (`known`: nilai_penjualan_rp is not empty)."""
    rules = inputs.aturan_premi
    n_upt = len(cells.kode_index)
    unit = row_positions(cells.kode_index, rules["kode_upt"])
    year, month = year_month(rules["berlaku_mulai"])
    keep = (unit >= 0) & (year >= 0)
    stride = np.int64(1 << 32)
    rule_key = unit[keep] * stride + year[keep] * 12 + month[keep] - 1
    order = np.argsort(rule_key, kind="stable")
    rule_key = rule_key[order]
    premi = np.nan_to_num(floats(rules["premi_persen"])[keep][order])
    pnbp = np.nan_to_num(floats(rules["pnbp_persen"])[keep][order])
    cell_unit = np.repeat(np.arange(n_upt, dtype=np.int64), cells.n_years)
    month_index = np.tile(cells.years, n_upt)[:, None] * 12 + np.arange(12)[None, :]
    wanted = cell_unit[:, None] * stride + month_index
    if len(rule_key) == 0:
        in_force = np.zeros(wanted.shape, dtype=bool)
        premi_rate = pnbp_rate = np.zeros(wanted.shape)
    else:
        at = np.maximum(np.searchsorted(rule_key, wanted, side="right") - 1, 0)
        in_force = (rule_key[at] <= wanted) & (rule_key[at] // stride == cell_unit[:, None])
        premi_rate, pnbp_rate = premi[at], pnbp[at]
    due_premi = np.where(in_force, sales * premi_rate / 100, 0).sum(axis=1)
    due_pnbp = np.where(in_force, sales * pnbp_rate / 100, 0).sum(axis=1)
    ruled = in_force.any(axis=1) & known
    return {
        "premi_seharusnya_rp": np.where(ruled, due_premi, np.nan),
        "pnbp_seharusnya_rp": np.where(ruled, due_pnbp, np.nan),
        "bulan_tanpa_aturan": np.where(known, ((sales > 0) & ~in_force).sum(axis=1), np.nan),
    }


def partnership_parts(inputs: MetricInputs, cells: Cells, sales: np.ndarray, known: np.ndarray) -> Parts:
    """Every partnership figure of METRICS.md that is a sum, count or month per cell (the ratios
    capaian_kontribusi and porsi_aset_menganggur are built from them with the others).

    sales: nilai_penjualan_rp per cell and month (cells × 12, 0 without sales); known: per cell, whether
    nilai_penjualan_rp is known (the unit reported something that year)."""
    deals = _Agreements.of(inputs.kemitraan, cells)
    return (
        _contributions(inputs, deals, cells)
        | _handover(deals, cells, inputs.posisi)
        | _assets(inputs, cells)
        | _split_rules(inputs, cells, sales, known)
    )


def months_until(tanggal_berakhir: Series, posisi: dt.date) -> Series:
    """Whole months from `posisi` to each tanggal_berakhir, rounded up as kemitraan_berakhir_dalam_bulan
    counts them (the least N with tanggal_berakhir ≤ posisi + N months; 0 on the day itself); <NA> for a
    date before `posisi` or a missing one."""
    end = pd.to_datetime(tanggal_berakhir)
    months = (end.dt.year * 12 + end.dt.month) - (posisi.year * 12 + posisi.month) + (end.dt.day > posisi.day)
    ahead = end.notna() & (end >= pd.Timestamp(posisi))
    return months.astype("Int64").where(ahead, pd.NA)
