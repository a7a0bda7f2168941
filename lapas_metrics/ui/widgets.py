"""Widgets every screen uses: the no-data sentence, unit pickers, KPI cards, charts, tables and downloads."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, cast

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lapas_metrics import charts, fmt, views

_DeltaColor = Literal["normal", "inverse", "off"]  # what views.Card.delta_color holds


def no_data(message: str = "Tidak ada data untuk pilihan filter ini.") -> None:
    """The friendly sentence a page shows instead of an empty chart."""
    st.info(message)


# ---------------------------------------------------------------- pickers


def upt_picker(units: pd.DataFrame, key: str = "f_upt", label: str = "UPT") -> str | None:
    """A select box of the units (by name); returns the chosen kode_upt, remembering it across pages."""
    if units.empty:
        return None
    names = dict(zip(units["kode_upt"], units["nama_upt"], strict=True))
    codes = list(names)
    wanted = st.query_params.get("upt")
    if wanted in names and st.session_state.get("_upt_from_link") != wanted:
        st.session_state[key] = wanted
        st.session_state["_upt_from_link"] = wanted
    if st.session_state.get(key) not in names:
        st.session_state[key] = codes[0]
    return st.selectbox(label, codes, format_func=lambda code: f"{names[code]} ({code})", key=key)


def upt_multiselect(units: pd.DataFrame, default: list[str], key: str, label: str = "UPT") -> list[str]:
    """A multiselect of units (by name) returning kode_upt values; a remembered choice keeps only the
    units still offered (the sidebar filters may have removed some)."""
    names = dict(zip(units["kode_upt"], units["nama_upt"], strict=True))
    if key in st.session_state:
        st.session_state[key] = [code for code in st.session_state[key] if code in names]
    chosen = st.multiselect(
        label,
        list(names),
        default=None if key in st.session_state else [code for code in default if code in names],
        format_func=lambda code: names.get(code, code),
        key=key,
        placeholder="Pilih UPT",
        select_all=False,  # Streamlit's option reads "Select all" in English and cannot be renamed
    )
    return list(chosen)


# ---------------------------------------------------------------- cards, charts, tables


def kpi(
    column: DeltaGenerator,
    label: str,
    value: str,
    delta: str | None = None,
    help: str | None = None,
    inverse: bool = False,
) -> None:
    """One KPI card: a metric with its change against the previous year."""
    column.metric(label, value, delta=delta, delta_color="inverse" if inverse else "normal", help=help, border=True)


def kpi_row(cards: Sequence[views.Card], per_row: int = 4, description: str | None = None) -> None:
    """views.Card items as bordered metrics, `per_row` to a row; description says what the delta
    compares with (e.g. 'vs TA 2024')."""
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start : start + per_row], strict=False):
            column.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color="off" if card.flat else cast(_DeltaColor, card.delta_color),
                delta_arrow="off" if card.flat else "auto",
                delta_description=description if card.delta else None,
                help=card.help or None,
                border=True,
            )


# figure is Any: only lapas_metrics.charts may import plotly, and it names no figure type for others.
def chart(figure: Any, key: str) -> None:
    """A plotly figure from lapas_metrics.charts, full width, with the dashboard's modebar settings."""
    st.plotly_chart(figure, key=key, width="stretch", config=charts.PLOTLY_CONFIG, theme=None)


def table(
    frame: pd.DataFrame,
    key: str,
    file_name: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> None:
    """A table with Indonesian headers and formats (views.display_table), and its CSV download
    (canonical column names, plain numbers) when file_name is given."""
    st.dataframe(
        views.display_table(frame), key=key, hide_index=True, placeholder=fmt.MISSING, width="stretch", height=height
    )
    if file_name:
        download_csv(frame, file_name, key=f"{key}_csv")


# ---------------------------------------------------------------- downloads


def download_csv(frame: pd.DataFrame, file_name: str, label: str = "Unduh tabel (CSV)", key: str | None = None) -> None:
    """A download button for a table as CSV (UTF-8 with BOM so Excel reads it), text neutralised (fmt.csv_bytes)."""
    data = fmt.csv_bytes(frame)
    st.download_button(label, data, file_name=file_name, mime="text/csv", key=key or f"dl_{file_name}")


def download_html(build: Callable[[], str], file_name: str, key: str, label: str = "Unduh laporan (HTML)") -> None:
    """A download button for an HTML document; build() runs only when the button is clicked."""
    st.download_button(label, build, file_name=file_name, mime="text/html", key=key, icon="📄")


# ---------------------------------------------------------------- Streamlit's own English in the uploader


def uploader_words_css(key: str, limit_mb: float, types: Sequence[str]) -> str:
    """The style sheet that shows Indonesian words in the file uploader `key` instead of Streamlit's English
    ("Upload", "50MB per file • CSV, …", "384.0B"), which st.file_uploader cannot set: the English text is
    drawn at size 0 and the Indonesian one in its place (::after). Scoped to that uploader's container."""
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '', key)}"
    size = fmt.number(limit_mb, 0 if limit_mb >= 1 else 3)
    kinds = ", ".join(kind.upper() for kind in types)
    button = f'{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    hint = f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] span'
    return (
        f"<style>{button} {{ font-size: 0; }}"
        f'{button}::after {{ content: "Pilih berkas"; font-size: 0.875rem; }}'
        f"{hint} {{ font-size: 0; }}"
        f'{hint}::after {{ content: "Paling besar {size} MB per berkas • {kinds}"; font-size: 0.875rem; }}'
        f'{scope} [data-testid="stFileChipName"] + div {{ display: none; }}</style>'
    )


def uploader_words(key: str, limit_mb: float, types: Sequence[str]) -> None:
    """Draw uploader_words_css for the uploader `key` (before or after the uploader, anywhere on the page)."""
    st.html(uploader_words_css(key, limit_mb, types))
