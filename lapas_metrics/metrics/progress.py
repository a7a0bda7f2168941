"""A year in progress (METRICS.md): the default year, the latest month with data, the same-months comparison of totals."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics.metrics.arrays import row_positions, year_month
from lapas_metrics.metrics.inputs import MONTHLY_TABLES, MetricInputs, available_years, expected_months
from lapas_metrics.metrics.totals import group_totals
from lapas_metrics.metrics.yearly import yearly_parts


def _chosen(inputs: MetricInputs, frame: DataFrame, kode_upt: Iterable[str] | None) -> np.ndarray:
    """Which rows of `frame` belong to a unit of `upt` (and of kode_upt, when given)."""
    positions = row_positions(pd.Index(inputs.upt["kode_upt"]), frame["kode_upt"])
    keep = positions >= 0
    if kode_upt is not None:
        wanted = inputs.upt["kode_upt"].astype(str).str.casefold().isin({str(k).casefold() for k in kode_upt})
        keep &= np.where(keep, wanted.to_numpy()[np.maximum(positions, 0)], False)
    return keep


def latest_month(
    inputs: MetricInputs, tahun: int, kode_upt: Iterable[str] | None = None, tables: Iterable[str] = MONTHLY_TABLES
) -> int | None:
    """The latest month (1-12) of `tahun` with a row in any of `tables` (the monthly ones by default) for
    the given units (None = all); None when they have no row that year."""
    codes = None if kode_upt is None else list(kode_upt)
    latest = 0
    for name in tables:
        frame = getattr(inputs, name)
        if len(frame) == 0:
            continue
        year, month = year_month(frame["periode"])
        inside = (year == tahun) & _chosen(inputs, frame, codes)
        if inside.any():
            latest = max(latest, int(month[inside].max()))
    return latest or None


def in_progress(inputs: MetricInputs, tahun: int) -> bool:
    """True when `tahun` has bulan_diharapkan < 12 at the inputs' as-of date."""
    return int(expected_months(inputs, [tahun])[0]) < 12


def default_year(inputs: MetricInputs, kode_upt: Iterable[str] | None = None) -> int | None:
    """The year the pages open on (METRICS.md "A year in progress"): the latest year with data and
    bulan_diharapkan >= 1 in which at least half of the units in scope (kode_upt; None = every unit)
    have reported at least one month, otherwise the year before (when it has data; else that year).

    "Reported a month" is kelengkapan's reported month (a row in partisipasi and realisasi, and in
    produksi for a Lapas Industri, among months 1..bulan_diharapkan): bulan_dilaporkan >= 1. Without
    any year that expects a month (only budgets of future years), the latest year; None without data."""
    years = available_years(inputs)
    if not years:
        return None
    due = [year for year, months in zip(years, expected_months(inputs, years), strict=True) if months >= 1]
    if not due:
        return years[-1]
    latest = due[-1]
    parts = yearly_parts(inputs, [latest])
    if kode_upt is not None:
        wanted = {str(k).casefold() for k in kode_upt}
        parts = parts[parts["kode_upt"].astype(str).str.casefold().isin(wanted)]
    if len(parts) and 2 * int((parts["bulan_dilaporkan"] >= 1).sum()) >= len(parts):
        return latest
    return latest - 1 if latest - 1 in years else latest


def through_month(inputs: MetricInputs, bulan: int) -> MetricInputs:
    """The inputs with the monthly tables cut to months 1..bulan of every year (budgets stay whole), and
    no year expecting more than `bulan` months: the ground of a same-months comparison. The partners'
    deposits are pnbp rows and are cut with it; the partnership tables stay whole (agreements and split
    rules have no month of report, asset checks are counted per year)."""
    cut = {}
    for name in MONTHLY_TABLES:
        frame = getattr(inputs, name)
        _, month = year_month(frame["periode"])
        cut[name] = frame[month <= bulan] if len(frame) else frame
    return dataclasses.replace(inputs, **cut, sampai_bulan=int(bulan))


def reporting_units(inputs: MetricInputs, tahun: int, kode_upt: Iterable[str] | None = None) -> list[str]:
    """The units (of kode_upt; None = all) with a row of `tahun` in any monthly table, in upt's order."""
    codes = None if kode_upt is None else list(kode_upt)
    found: set[str] = set()
    for name in MONTHLY_TABLES:
        frame = getattr(inputs, name)
        if len(frame) == 0:
            continue
        year, _ = year_month(frame["periode"])
        positions = row_positions(pd.Index(inputs.upt["kode_upt"]), frame["kode_upt"])
        inside = (year == tahun) & _chosen(inputs, frame, codes)
        found.update(inputs.upt["kode_upt"].to_numpy()[positions[inside]].tolist())
    return [kode for kode in inputs.upt["kode_upt"] if kode in found]


@dataclass(frozen=True)
class SameMonths:
    """The totals a KPI card compares: `tahun` and the year before, over months 1..bulan of both and the
    units that have reported in tahun (jumlah_upt of jumlah_upt_lingkup) when tahun is in progress;
    bulan None: whole years of every unit. totals: group_totals(by=None) rows of both years."""

    tahun: int
    bulan: int | None
    totals: DataFrame
    jumlah_upt: int  # the units compared
    jumlah_upt_lingkup: int  # the units asked for


def same_months_totals(inputs: MetricInputs, tahun: int, kode_upt: Iterable[str] | None = None) -> SameMonths:
    """group_totals(by=None) of the units for tahun - 1 and tahun, compared like with like.

    A complete year (bulan_diharapkan 12) is compared whole with the whole year before. A year in
    progress is compared over months 1..L on both sides, L the latest month of tahun with a row in any
    monthly table among the units (latest_month), and over the units that have such a row on both
    sides too: in a January when one unit of 33 has reported, its January is compared with its own
    January, not with the January of all 33. Without any row that year, whole years of every unit
    (tahun then has no figures to compare). Budget figures are yearly, not monthly: pagu_*_rp and
    target_pnbp_rp stay whole on both sides, so penyerapan is realisasi of months 1..L / pagu efektif
    of each year and capaian_pnbp is PNBP of months 1..L / target of each year (both years measured
    alike). kelengkapan then counts months 1..L at most."""
    codes = list(inputs.upt["kode_upt"]) if kode_upt is None else list(kode_upt)
    bulan = latest_month(inputs, tahun, codes) if in_progress(inputs, tahun) else None
    if bulan is None:
        totals = group_totals(inputs, [tahun - 1, tahun], by=None, kode_upt=codes)
        return SameMonths(tahun, None, totals, len(codes), len(codes))
    reporting = reporting_units(inputs, tahun, codes)
    totals = group_totals(through_month(inputs, bulan), [tahun - 1, tahun], by=None, kode_upt=reporting)
    return SameMonths(tahun, bulan, totals, len(reporting), len(codes))
