"""Cached loaders: the database file, its stamp, and every frame a page reads from it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st

from lapas_metrics import config, metrics, store

AUDIT_CONFIG_KEY = "audit_config"


def database() -> Path:
    """The DuckDB file this server shows ($LAPAS_DB or data/lapas.duckdb)."""
    return config.db_path()


def stamp() -> tuple[int, int]:
    """Part of every loader's cache key: a write by any process gives new data on the next rerun."""
    return store.db_stamp(database())


def clear_caches() -> None:
    """After a write: every loader reads again."""
    st.cache_data.clear()


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


def metric_inputs() -> metrics.MetricInputs:
    """The store's aggregates as metrics.MetricInputs (cached until the file changes)."""
    path = database()
    return metrics.MetricInputs.from_store(_frames(str(path), stamp()))


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
def _figures(path: str, db_stamp: tuple[int, int], audit: metrics.AuditConfig) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    return metrics.audit_flags(metrics.yearly_figures(inputs), audit)


def figures(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """yearly_figures for every UPT and year, with the flags and skor_risiko of `audit` (default: this session's)."""
    return _figures(str(database()), stamp(), audit or audit_config())


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_reasons(path: str, db_stamp: tuple[int, int], audit: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.flag_reasons(_figures(path, db_stamp, audit), audit)


def flag_reasons(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_reasons for every UPT and year (peers: the whole kanwil), cached."""
    return _flag_reasons(str(database()), stamp(), audit or audit_config())


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_status(path: str, db_stamp: tuple[int, int], audit_config_: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.flag_status(_figures(path, db_stamp, audit_config_), audit_config_)


def flag_status(audit_config_: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_status of ui.figures() (same index: raised, not raised, not evaluable), cached."""
    return _flag_status(str(database()), stamp(), audit_config_ or audit_config())


# ---------------------------------------------------------------- totals and series


@st.cache_data(show_spinner=False, max_entries=16)
def _products(path: str, db_stamp: tuple[int, int], years: tuple[int, ...], kode: tuple[str, ...]) -> pd.DataFrame:
    return store.product_totals(Path(path), list(years), list(kode))


def product_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """Production per UPT, year, bidang and product (store.product_totals), cached."""
    return _products(str(database()), stamp(), tuple(years), tuple(kode_upt))


@st.cache_data(show_spinner=False, max_entries=32)
def _group_totals(path: str, db_stamp: tuple[int, int], years: tuple[int, ...], kode: tuple[str, ...]) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    return metrics.group_totals(inputs, list(years), by=None, kode_upt=list(kode))


def group_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """metrics.group_totals(by=None) of the given units: one row per year (ratios of sums), cached."""
    return _group_totals(str(database()), stamp(), tuple(int(y) for y in years), tuple(kode_upt))


_MONTHLY = {
    "produksi": metrics.monthly_production,
    "partisipasi": metrics.monthly_participation,
    "anggaran": metrics.monthly_absorption,
    "pnbp": metrics.monthly_pnbp,
}


@st.cache_data(show_spinner=False, max_entries=32)
def _monthly(
    path: str, db_stamp: tuple[int, int], series: str, years: tuple[int, ...], kode: tuple[str, ...], per_upt: bool
) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    by: Literal["kode_upt"] | None = "kode_upt" if per_upt else None
    return _MONTHLY[series](inputs, kode_upt=list(kode), by=by, tahun=list(years))


def monthly(series: str, years: list[int], kode_upt: list[str], per_upt: bool = False) -> pd.DataFrame:
    """A monthly series of metrics ('produksi', 'partisipasi', 'anggaran' = absorption, 'pnbp') for the
    given units and years, all units together (or per kode_upt with per_upt), cached."""
    return _monthly(str(database()), stamp(), series, tuple(int(y) for y in years), tuple(kode_upt), per_upt)


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
