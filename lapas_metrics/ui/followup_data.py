"""Cached loaders of the follow-up and PKPT pages: the actor's recommendations, recaps, overdue list, thread, plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import audit, auth, evaluation, store
from lapas_metrics.evaluation import followup
from lapas_metrics.ui.data import database, metric_inputs, stamp

# What a refused write raises: one Indonesian sentence (FindingError also lists .problems).
REFUSALS = (evaluation.FindingError, store.StoreError, auth.Forbidden)
UNIT_COLUMNS = ["kode_upt", "nama_upt", "kanwil"]


@st.cache_data(show_spinner=False, max_entries=8)
def _all_recommendations(path: str, db_stamp: tuple[int, int], actor: auth.Actor) -> pd.DataFrame:
    return store.recommendations_frame(Path(path), actor)


@st.cache_data(show_spinner=False, max_entries=16)
def _recommendations(path: str, db_stamp: tuple[int, int], actor: auth.Actor, codes: tuple[str, ...]) -> pd.DataFrame:
    frame = _all_recommendations(path, db_stamp, actor)
    return frame[frame["kode_upt"].isin(codes)].reset_index(drop=True)


def recommendations(actor: auth.Actor, codes: Sequence[str]) -> pd.DataFrame:
    """store.recommendations_frame as `actor` sees it (active findings only), of the findings of `codes`, cached."""
    return _recommendations(str(database()), stamp(), actor, tuple(codes))


def scope_units(actor: auth.Actor, codes: Sequence[str]) -> pd.DataFrame:
    """kode_upt, nama_upt, kanwil of the units the recap counts: `codes` (the sidebar's units); an operator's
    only where they may see findings (their own units, or one they answer for)."""
    upt = metric_inputs().upt
    units = upt[upt["kode_upt"].isin(codes)]
    if actor.peran == "operator":
        seen = set(actor.upt) | set(recommendations(actor, codes)["kode_upt"])
        units = units[units["kode_upt"].isin(seen)]
    return units[UNIT_COLUMNS].sort_values("kode_upt").reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=16)
def _recap(
    path: str,
    db_stamp: tuple[int, int],
    actor: auth.Actor,
    codes: tuple[str, ...],
    units: pd.DataFrame,
    as_of: dt.date,
    by: str,
) -> pd.DataFrame:
    return followup.recap(_recommendations(path, db_stamp, actor, codes), units, as_of, by=by)


def recap(actor: auth.Actor, codes: Sequence[str], as_of: dt.date, by: str = "kode_upt") -> pd.DataFrame:
    """followup.recap of the scope's units (scope_units) as of `as_of`, per unit or by="kanwil", cached."""
    return _recap(str(database()), stamp(), actor, tuple(codes), scope_units(actor, codes), as_of, by)


@st.cache_data(show_spinner=False, max_entries=16)
def _open(
    path: str, db_stamp: tuple[int, int], actor: auth.Actor, codes: tuple[str, ...], as_of: dt.date
) -> pd.DataFrame:
    return followup.open_recommendations(_recommendations(path, db_stamp, actor, codes), as_of)


def open_recommendations(actor: auth.Actor, codes: Sequence[str], as_of: dt.date) -> pd.DataFrame:
    """followup.open_recommendations of the scope: open ones with umur_hari, hari_lewat_batas, overdue first."""
    return _open(str(database()), stamp(), actor, tuple(codes), as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def _thread(path: str, db_stamp: tuple[int, int], actor: auth.Actor, rekomendasi_id: int) -> pd.DataFrame:
    return store.followup_thread(Path(path), rekomendasi_id, actor)


def thread(actor: auth.Actor, rekomendasi_id: int) -> pd.DataFrame:
    """store.followup_thread of one recommendation (plans, what was done, judgements; oldest first), cached."""
    return _thread(str(database()), stamp(), actor, int(rekomendasi_id))


@st.cache_data(show_spinner=False, max_entries=16)
def _unit_findings(path: str, db_stamp: tuple[int, int], actor: auth.Actor, kode_upt: str) -> pd.DataFrame:
    return store.list_findings(Path(path), actor, kode_upt=[kode_upt])


def unit_findings(actor: auth.Actor, kode_upt: str) -> pd.DataFrame:
    """store.list_findings of one unit (withdrawn ones too) as `actor` sees them, cached."""
    return _unit_findings(str(database()), stamp(), actor, kode_upt)


@st.cache_data(show_spinner=False, max_entries=16)
def _pkpt(
    path: str,
    db_stamp: tuple[int, int],
    actor: auth.Actor,
    tahun: int,
    as_of: dt.date,
    codes: tuple[str, ...],
) -> pd.DataFrame:
    return audit.pkpt_plan(Path(path), actor, tahun, as_of, kode_upt=list(codes))


def pkpt_plan(actor: auth.Actor, tahun: int, as_of: dt.date, codes: Sequence[str]) -> pd.DataFrame:
    """audit.pkpt_plan of the units `codes` for the plan year `tahun` as of `as_of` (PKPT_COLUMNS), cached."""
    return _pkpt(str(database()), stamp(), actor, int(tahun), as_of, tuple(codes))
