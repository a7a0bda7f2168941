"""Parts of a page that rerun alone (st.fragment) when only their own widgets change, and tables built only while open."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from lapas_metrics import views
from lapas_metrics.ui.data import stamp
from lapas_metrics.ui.frame import PAGE_STAMP_KEY, Scope, _framed, friendly_errors
from lapas_metrics.ui.session import actor
from lapas_metrics.ui.widgets import table

Body = TypeVar("Body", bound=Callable[..., None])


def section(body: Body) -> Body:
    """`body` as a part of the page that reruns alone when one of its own widgets changes (a sort order, an
    opened table): the rest of the page is not computed again. Its rerun still checks the session first
    (an expired or ended one goes back through app.py to the sign-in), reruns the whole page when the
    database was written since the page ran (its arguments hold the older data), and shows a store
    problem as a sentence, as app.py does for a whole run."""

    @st.fragment
    @functools.wraps(body)
    def part(*args: Any, **kwargs: Any) -> None:
        # a rerun of this part alone: app.py decides what the browser sees
        if not getattr(_framed, "active", False) and (
            actor() is None or st.session_state.get(PAGE_STAMP_KEY) != stamp()
        ):
            st.rerun(scope="app")
        with friendly_errors():
            body(*args, **kwargs)

    return part  # type: ignore[return-value]


def on_open(label: str, key: str) -> ExpanderContainer | None:
    """An expander whose content is built only while it is open (opening it reruns the section it is in):
    the container to fill, or None while it is closed. A long table then costs nothing until asked for."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


@section
def table_per_unit(scope: Scope, label: str, figures: Sequence[str], key: str, file_name: str) -> None:
    """The dashboard pages' table of `figures` per UPT of the scope (views.unit_table, with its CSV download
    `file_name`), under an expander `label` built only once opened (its key: `key` + "_buka")."""
    box = on_open(label, key=f"{key}_buka")
    if box is not None:
        with box:
            table(views.unit_table(scope.rows, list(figures)), key=key, file_name=file_name)
