"""The upload templates as the signed-in user downloads them: the database's real UPT codes, an operator's own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, templates
from lapas_metrics.ui.data import database, stamp


@st.cache_data(show_spinner=False, max_entries=16)
def _files(path: str, db_stamp: tuple[int, int], table: str, actor: auth.Actor) -> tuple[bytes, bytes, pd.DataFrame]:
    units = templates.template_units(Path(path), actor)
    named = templates.template_named(Path(path), table, units)
    return (
        templates.template_csv(table, units, named),
        templates.template_xlsx(table, units, named),
        templates.guide_frame(table, units, named),
    )


def template_files(table: str, actor: auth.Actor) -> tuple[bytes, bytes, pd.DataFrame]:
    """(CSV template, XLSX template, column guide) of `table` for `actor` (templates.template_units), cached
    until the database changes."""
    return _files(str(database()), stamp(), table, actor)
