"""Cached loaders: the database file, its stamp, the as-of date, and every frame a page reads from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st

from lapas_metrics import clock, config, metrics, store, views

AUDIT_CONFIG_KEY = "audit_config"
AS_OF_KEY = "f_per_tanggal"  # the sidebar's date input

# Part of every figure loader's cache key: the as-of date and the reporting deadline.
AsOf = tuple[dt.date, int]


def database() -> Path:
    """The DuckDB file this server shows ($LAPAS_DB or data/lapas.duckdb)."""
    return config.db_path()


def stamp() -> tuple[int, int]:
    """Part of every loader's cache key: a write by any process gives new data on the next rerun."""
    return store.db_stamp(database())


def clear_caches() -> None:
    """After a write: every loader reads again."""
    st.cache_data.clear()
    _inputs.clear()


@st.cache_data(show_spinner=False, max_entries=4)
def _frames(path: str, db_stamp: tuple[int, int]) -> dict[str, pd.DataFrame]:
    return store.metric_frames(Path(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _is_demo(path: str, db_stamp: tuple[int, int]) -> bool:
    return store.is_demo(Path(path))


def is_demo_data() -> bool:
    """True when the database holds the synthetic demo data (reports say so too)."""
    path = database()
    return path.exists() and _is_demo(str(path), stamp())


def as_of_date() -> dt.date:
    """The as-of date of this session: the sidebar's choice, else $LAPAS_PER_TANGGAL, else today."""
    chosen = st.session_state.get(AS_OF_KEY)
    return chosen if isinstance(chosen, dt.date) else config.per_tanggal() or clock.today()


def as_of() -> AsOf:
    """(as-of date, batas_hari_lapor): what decides bulan_diharapkan, in every figure loader's key."""
    return as_of_date(), config.batas_hari_lapor()


# Shared, not copied: every session of the process reads the same MetricInputs (built once per file
# stamp and as-of date), which no metric function changes. A data cache would unpickle the frames for
# each call, several times a rerun in every session.
@st.cache_resource(show_spinner=False, max_entries=4)
def _inputs(path: str, db_stamp: tuple[int, int], posisi: AsOf) -> metrics.MetricInputs:
    return metrics.MetricInputs.from_store(_frames(path, db_stamp), *posisi)


def metric_inputs() -> metrics.MetricInputs:
    """The store's aggregates as metrics.MetricInputs as of this session's date (cached until the file changes)."""
    return _inputs(str(database()), stamp(), as_of())


# ---------------------------------------------------------------- audit configuration


@st.cache_resource(show_spinner=False)
def _default_audit_config() -> metrics.AuditConfig:
    return metrics.load_audit_config()


def default_audit_config() -> metrics.AuditConfig:
    """The thresholds and weights of the configuration file, without this session's what-if."""
    return _default_audit_config()


def audit_config() -> metrics.AuditConfig:
    """The audit thresholds and weights of this session: the configuration file, or the page's what-if."""
    override = st.session_state.get(AUDIT_CONFIG_KEY)
    return override if isinstance(override, metrics.AuditConfig) else _default_audit_config()


def set_audit_config(config: metrics.AuditConfig | None) -> None:
    """Make `config` this session's what-if (every page then uses it); None goes back to the file."""
    if config is None:
        st.session_state.pop(AUDIT_CONFIG_KEY, None)
    else:
        st.session_state[AUDIT_CONFIG_KEY] = config


# ---------------------------------------------------------------- figures and flags


@st.cache_data(show_spinner=False, max_entries=8)
def _figures(path: str, db_stamp: tuple[int, int], posisi: AsOf, audit: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.audit_flags(metrics.yearly_figures(_inputs(path, db_stamp, posisi)), audit)


def figures(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """yearly_figures for every UPT and year as of this session's date, with the flags and skor_risiko
    of `audit` (default: this session's)."""
    return _figures(str(database()), stamp(), as_of(), audit or audit_config())


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_reasons(path: str, db_stamp: tuple[int, int], posisi: AsOf, audit: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.flag_reasons(_figures(path, db_stamp, posisi, audit), audit)


def flag_reasons(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_reasons for every UPT and year (peers: the whole kanwil), cached."""
    return _flag_reasons(str(database()), stamp(), as_of(), audit or audit_config())


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_status(
    path: str, db_stamp: tuple[int, int], posisi: AsOf, audit_config_: metrics.AuditConfig
) -> pd.DataFrame:
    return metrics.flag_status(_figures(path, db_stamp, posisi, audit_config_), audit_config_)


def flag_status(audit_config_: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_status of ui.figures() (same index: raised, not raised, not evaluable), cached."""
    return _flag_status(str(database()), stamp(), as_of(), audit_config_ or audit_config())


@st.cache_data(show_spinner=False, max_entries=16)
def _default_year(path: str, db_stamp: tuple[int, int], posisi: AsOf, kode: tuple[str, ...] | None) -> int | None:
    return metrics.default_year(_inputs(path, db_stamp, posisi), kode)


def default_year(kode_upt: Iterable[str] | None = None) -> int | None:
    """metrics.default_year of the units (None = all) as of this session's date, cached."""
    kode = None if kode_upt is None else tuple(kode_upt)
    return _default_year(str(database()), stamp(), as_of(), kode)


# ---------------------------------------------------------------- totals and series


@st.cache_data(show_spinner=False, max_entries=16)
def _products(path: str, db_stamp: tuple[int, int], years: tuple[int, ...], kode: tuple[str, ...]) -> pd.DataFrame:
    return store.product_totals(Path(path), list(years), list(kode))


def product_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """Production per UPT, year, bidang and product (store.product_totals), cached."""
    return _products(str(database()), stamp(), tuple(years), tuple(kode_upt))


@st.cache_data(show_spinner=False, max_entries=32)
def _group_totals(
    path: str, db_stamp: tuple[int, int], posisi: AsOf, years: tuple[int, ...], kode: tuple[str, ...]
) -> pd.DataFrame:
    return metrics.group_totals(_inputs(path, db_stamp, posisi), list(years), by=None, kode_upt=list(kode))


def group_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """metrics.group_totals(by=None) of the given units: one row per year (ratios of sums), cached."""
    return _group_totals(str(database()), stamp(), as_of(), tuple(int(y) for y in years), tuple(kode_upt))


@st.cache_data(show_spinner=False, max_entries=32)
def _same_months(
    path: str, db_stamp: tuple[int, int], posisi: AsOf, tahun: int, kode: tuple[str, ...]
) -> metrics.SameMonths:
    return metrics.same_months_totals(_inputs(path, db_stamp, posisi), tahun, list(kode))


def same_months(tahun: int, kode_upt: list[str]) -> metrics.SameMonths:
    """metrics.same_months_totals of the given units for tahun against the year before, cached."""
    return _same_months(str(database()), stamp(), as_of(), int(tahun), tuple(kode_upt))


def compared(tahun: int, kode_upt: list[str]) -> views.Compared:
    """What tahun is compared with for these units: the whole year before, or its months 1..L."""
    return views.Compared(int(tahun), same_months(tahun, kode_upt).bulan)


_MONTHLY = {
    "produksi": metrics.monthly_production,
    "partisipasi": metrics.monthly_participation,
    "anggaran": metrics.monthly_absorption,
    "pnbp": metrics.monthly_pnbp,
}


@st.cache_data(show_spinner=False, max_entries=32)
def _monthly(
    path: str,
    db_stamp: tuple[int, int],
    posisi: AsOf,
    series: str,
    years: tuple[int, ...],
    kode: tuple[str, ...],
    per_upt: bool,
) -> pd.DataFrame:
    inputs = _inputs(path, db_stamp, posisi)
    by: Literal["kode_upt"] | None = "kode_upt" if per_upt else None
    return _MONTHLY[series](inputs, kode_upt=list(kode), by=by, tahun=list(years))


def monthly(series: str, years: list[int], kode_upt: list[str], per_upt: bool = False) -> pd.DataFrame:
    """A monthly series of metrics ('produksi', 'partisipasi', 'anggaran' = absorption, 'pnbp') for the
    given units and years, all units together (or per kode_upt with per_upt), cached."""
    return _monthly(str(database()), stamp(), as_of(), series, tuple(int(y) for y in years), tuple(kode_upt), per_upt)


@st.cache_data(show_spinner=False, max_entries=32)
def _reporting(path: str, db_stamp: tuple[int, int], posisi: AsOf, tahun: int, kode: tuple[str, ...]) -> list[str]:
    return metrics.reporting_units(_inputs(path, db_stamp, posisi), tahun, list(kode))


def trend(series: str, tahun: int, kode_upt: list[str]) -> pd.DataFrame:
    """monthly(series) of tahun and the year before for a trend chart; for a year in progress both years
    over the same months 1..L and the same units (those that have reported in tahun), as the cards."""
    comparison = compared(tahun, kode_upt)
    if comparison.bulan is not None:
        kode_upt = _reporting(str(database()), stamp(), as_of(), int(tahun), tuple(kode_upt)) or kode_upt
    return comparison.same_months(monthly(series, [tahun - 1, tahun], kode_upt))


@st.cache_data(show_spinner=False, max_entries=16)
def _partnership(path: str, db_stamp: tuple[int, int], kode: tuple[str, ...], tahun: int) -> dict[str, pd.DataFrame]:
    return store.partnership_rows(Path(path), list(kode), tahun)


def partnership_rows(kode_upt: list[str], tahun: int) -> dict[str, pd.DataFrame]:
    """store.partnership_rows of the units (agreements, assets with the checks of tahun, split rules), cached."""
    return _partnership(str(database()), stamp(), tuple(kode_upt), int(tahun))


# ---------------------------------------------------------------- upload log


@st.cache_data(show_spinner=False, max_entries=4)
def _upload_log(path: str, db_stamp: tuple[int, int]) -> pd.DataFrame:
    return store.list_batches(Path(path))


def upload_log() -> pd.DataFrame:
    """store.list_batches (UPLOAD_LOG_COLUMNS, newest first), cached until the file changes; empty without a database."""
    path = database()
    if not path.exists():
        return pd.DataFrame(columns=store.UPLOAD_LOG_COLUMNS)
    return _upload_log(str(path), stamp())
