"""What every chart shares: colours, fonts, axis units and formats, the layout, the empty figure, HTML export."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas import DataFrame

from lapas_metrics import fmt, schema, views

# Colours: one hue per series, readable when printed in grey too.
PALETTE = ("#1f5fa8", "#e07b00", "#2a9d5b", "#c0392b", "#7b4fa0", "#8c6d31", "#d45f9e", "#5f6b7a", "#17a2b8")
GOOD, BAD, NEUTRAL, MUTED = "#2a9d5b", "#c0392b", "#5f6b7a", "#9aa5b1"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
# The modebar shows only while the pointer is on a chart, and the title sits below its row (TITLE_TOP), so
# it never covers a title, however narrow the screen; it keeps the PNG download and the zoom reset.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": [
        "lasso2d",
        "select2d",
        "autoScale2d",
        "toggleSpikelines",
        "zoomIn2d",
        "zoomOut2d",
        "pan2d",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
TITLE_TOP = 30  # px above the title: the modebar's row
TITLE_CHARS = 44  # a title line that fits a 390 px phone at 16 px
NAME_CHARS = 18  # a bar name line: names wrap so the bars keep most of a narrow chart
VALUE_TICKS = 6  # most ticks on a value axis: readable at 390 px
NO_DATA = "Tidak ada data untuk ditampilkan."
# One colour per bidang on every chart and page, whichever bidang a selection happens to hold.
BIDANG_COLORS = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(schema.BIDANG)}


def series_color(stack: str, name: object, i: int) -> str:
    if stack == "bidang" and name in BIDANG_COLORS:
        return BIDANG_COLORS[str(name)]
    return PALETTE[i % len(PALETTE)]


# Axis units per kind: values are divided by the factor and the unit goes into the axis title.
_MONEY_UNITS = ((1e12, "Rp triliun"), (1e9, "Rp miliar"), (1e6, "Rp juta"))


# --------------------------------------------------------------------------- helpers


def axis_scale(values: Sequence[float] | np.ndarray, kind: str | None) -> tuple[float, str]:
    """(divisor, unit for the axis title) for plotted values of one kind."""
    if kind == views.RP:
        finite = np.abs(np.asarray(values, dtype="float64"))
        finite = finite[np.isfinite(finite)]
        largest = float(finite.max()) if len(finite) else 0.0
        for factor, unit in _MONEY_UNITS:
            if largest >= factor:
                return factor, unit
        return 1.0, "Rp"
    if kind == views.PCT:
        return 0.01, "%"
    if kind == views.RATIO:
        return 1.0, "Rp"
    if kind == views.SCORE:
        return 1.0, "0–100"
    if kind == views.MONTHS:
        return 1.0, "bulan"
    return 1.0, "orang" if kind == views.COUNT else ""


def title_with_unit(title: str, unit: str) -> str:
    return f"{title} ({unit})" if unit else title


def hover_texts(values: Sequence[object] | pd.Series | np.ndarray, kind: str | None) -> list[str]:
    return [views.format_value(v, kind) for v in list(values)]


def scaled_values(values: Sequence[float] | pd.Series | np.ndarray, factor: float) -> list[float | None]:
    array = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype="float64")
    return [None if np.isnan(v) else float(v / factor) for v in array]


def value_axis_format(kind: str | None) -> dict[str, object]:
    """Tick format of a value axis: Indonesian separators come from layout.separators."""
    if kind == views.PCT:
        return {"tickformat": ",~f", "ticksuffix": " %", "rangemode": "tozero", "nticks": VALUE_TICKS}
    if kind == views.RATIO:
        return {"tickformat": ",~r", "rangemode": "tozero", "nticks": VALUE_TICKS}
    return {"tickformat": ",~f", "rangemode": "tozero", "exponentformat": "none", "nticks": VALUE_TICKS}


def wrap_text(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters at spaces ('<br>' between them); a longer word stays whole."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def apply_layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int | None = None) -> go.Figure:
    # The title sits at the top of the container, below the modebar's row, and pushes the plot down
    # (automargin); the legend sits between them, so neither overlaps the other however many rows the
    # legend wraps to. A long title wraps, so it is not cut on a phone.
    fig.update_layout(
        title={
            "text": title if "<br>" in title else wrap_text(title, TITLE_CHARS),
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 0.985,
            "yanchor": "top",
            "automargin": True,
            "pad": {"l": 4, "t": TITLE_TOP},
            "font": {"size": 16},
        },
        separators=",.",
        template="plotly_white",
        font={"family": FONT, "size": 12},
        margin={"l": 10, "r": 20, "t": 16, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left", "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT}},
        height=height,
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    return fig


def empty_figure(title: str, message: str = NO_DATA) -> go.Figure:
    """A figure with the title and a sentence instead of data (pages show ui.no_data before this)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_layout(fig, title, "", "", height=260)


def month_labels(periode: pd.Series) -> list[str]:
    return [fmt.month_short(m) for m in pd.to_datetime(periode).dt.month]


def month_axis(fig: go.Figure, compact: bool = False) -> None:
    # Short names ('Jan'); a chart in a narrow column labels every other month, and plotly turns the
    # labels (plotly's tickangle default, auto) only when twelve do not fit side by side, as on a phone.
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(fmt.MONTHS_SHORT),
        tickfont={"size": 11},
        dtick=2 if compact else 1,
    )


def chart_text(value: object) -> str:
    """Data text (unit, product, group names) as plotly shows it: plotly renders a subset of HTML in
    labels, names and hovers (links among them), so `<`, `>` and `&` are written as entities."""
    return html.escape(str(value), quote=False)


def category_labels(frame: DataFrame, column: str, wrap: int | None = None) -> list[str]:
    """Category labels that stay apart: names are unique only within a kanwil, and a category axis
    would merge two units of the same name into one bar, so a repeated name gets its kode_upt.
    wrap: break each label into lines of about that many characters (bar names on a phone)."""
    labels = frame[column].astype(str)
    if "kode_upt" in frame.columns and labels.duplicated(keep=False).any():
        repeated = labels.duplicated(keep=False)
        labels = labels.where(~repeated, labels + " (" + frame["kode_upt"].astype(str) + ")")
    texts = [chart_text(label) for label in labels]
    return [wrap_text(text, wrap) for text in texts] if wrap else texts


def label_lines(labels: Sequence[str]) -> int:
    """The most lines any of the (wrapped) labels takes."""
    return max((label.count("<br>") + 1 for label in labels), default=1)


def bar_height(n_rows: int, per_row: int = 26, minimum: int = 300, lines: int = 1) -> int:
    """A horizontal bar chart's height: every bar gets room for its name's lines (13 px a line)."""
    return max(minimum, 130 + max(per_row, 13 * lines + 8) * n_rows)


# --------------------------------------------------------------------------- export


def figure_html(fig: go.Figure, include_plotlyjs: bool | str, width: int = 680, height: int | None = None) -> str:
    """A figure as an HTML fragment sized for an A4 page (680 px = 180 mm at 96 dpi), interactive,
    with no external requests: include_plotlyjs='inline' for the first chart, False for the others."""
    sized = go.Figure(fig)
    sized.update_layout(width=width, height=min(height or fig.layout.height or 400, 560), autosize=False)
    return sized.to_html(
        full_html=False,
        include_plotlyjs=include_plotlyjs,
        config={"displaylogo": False, "displayModeBar": False, "responsive": False},
    )
