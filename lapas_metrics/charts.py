"""Figure builders: frames in, plotly Figures out, with Indonesian titles, axis units and hover text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas import DataFrame

from lapas_metrics import fmt, schema, views

# Colours: one hue per series, readable when printed in grey too.
PALETTE = ("#1f5fa8", "#e07b00", "#2a9d5b", "#c0392b", "#7b4fa0", "#8c6d31", "#d45f9e", "#5f6b7a", "#17a2b8")
GOOD, BAD, NEUTRAL, MUTED = "#2a9d5b", "#c0392b", "#5f6b7a", "#9aa5b1"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
NO_DATA = "Tidak ada data untuk ditampilkan."
# One colour per bidang on every chart and page, whichever bidang a selection happens to hold.
BIDANG_COLORS = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(schema.BIDANG)}


def _color(stack: str, name: object, i: int) -> str:
    if stack == "bidang" and name in BIDANG_COLORS:
        return BIDANG_COLORS[str(name)]
    return PALETTE[i % len(PALETTE)]


# Axis units per kind: values are divided by the factor and the unit goes into the axis title.
_MONEY_UNITS = ((1e12, "Rp triliun"), (1e9, "Rp miliar"), (1e6, "Rp juta"))


# --------------------------------------------------------------------------- helpers


def _scale(values: Sequence[float] | np.ndarray, kind: str | None) -> tuple[float, str]:
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


def _title_with_unit(title: str, unit: str) -> str:
    return f"{title} ({unit})" if unit else title


def _texts(values: Sequence[object] | pd.Series | np.ndarray, kind: str | None) -> list[str]:
    return [views.format_value(v, kind) for v in list(values)]


def _scaled(values: Sequence[float] | pd.Series | np.ndarray, factor: float) -> list[float | None]:
    array = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype="float64")
    return [None if np.isnan(v) else float(v / factor) for v in array]


def _value_axis(kind: str | None) -> dict[str, object]:
    """Tick format of a value axis: Indonesian separators come from layout.separators."""
    if kind == views.PCT:
        return {"tickformat": ",~f", "ticksuffix": " %", "rangemode": "tozero"}
    if kind == views.RATIO:
        return {"tickformat": ",~r", "rangemode": "tozero"}
    return {"tickformat": ",~f", "rangemode": "tozero", "exponentformat": "none"}


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int | None = None) -> go.Figure:
    # The title sits at the top of the container and pushes the plot down (automargin); the legend
    # sits between them, so neither overlaps the other however many rows the legend wraps to.
    fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 0.985,
            "yanchor": "top",
            "automargin": True,
            "pad": {"l": 4},
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
    return _layout(fig, title, "", "", height=260)


def _month_labels(periode: pd.Series) -> list[str]:
    return [fmt.month_short(m) for m in pd.to_datetime(periode).dt.month]


def _month_axis(fig: go.Figure, compact: bool = False) -> None:
    # Horizontal labels; a narrow chart labels every other month rather than turning them sideways.
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(fmt.MONTHS_SHORT),
        tickangle=0,
        dtick=2 if compact else 1,
    )


def _labels(frame: DataFrame, column: str) -> list[str]:
    """Category labels that stay apart: names are unique only within a kanwil, and a category axis
    would merge two units of the same name into one bar, so a repeated name gets its kode_upt."""
    labels = frame[column].astype(str)
    if "kode_upt" in frame.columns and labels.duplicated(keep=False).any():
        repeated = labels.duplicated(keep=False)
        labels = labels.where(~repeated, labels + " (" + frame["kode_upt"].astype(str) + ")")
    return labels.tolist()


def _bar_height(n_rows: int, per_row: int = 26, minimum: int = 300) -> int:
    return max(minimum, 130 + per_row * n_rows)


# --------------------------------------------------------------------------- bars


def ranking_bar(
    frame: DataFrame,
    value: str,
    title: str,
    value_title: str,
    kind: str | None,
    label_column: str = "nama_upt",
    reference: float | None = None,
    reference_label: str = "",
    colors: Sequence[str] | None = None,
) -> go.Figure:
    """Horizontal bars, first row of `frame` on top (frame comes sorted, e.g. views.ranking).

    reference draws a dashed vertical line at that value (in the figure's own unit, e.g. 1.0 = 100 %).
    Hover: the label and the value in Indonesian ('Rp 1,23 M', '41,2 %').
    """
    if len(frame) == 0:
        return empty_figure(title)
    values = frame[value]
    factor, unit = _scale(list(values) + ([reference] if reference is not None else []), kind)
    labels = _labels(frame, label_column)
    fig = go.Figure(
        go.Bar(
            x=_scaled(values, factor),
            y=labels,
            orientation="h",
            marker={"color": list(colors) if colors is not None else PALETTE[0]},
            customdata=np.array([[text] for text in _texts(values, kind)], dtype=object),
            hovertemplate="<b>%{y}</b><br>" + value_title + ": %{customdata[0]}<extra></extra>",
        )
    )
    if reference is not None:
        fig.add_vline(
            x=reference / factor,
            line={"dash": "dash", "color": BAD, "width": 1.5},
            annotation_text=reference_label or views.format_value(reference, kind),
            annotation_position="top",
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(**_value_axis(kind))
    return _layout(fig, title, _title_with_unit(value_title, unit), "", height=_bar_height(len(frame)))


def grouped_bars(
    frame: DataFrame,
    category: str,
    columns: Mapping[str, str],
    kind: str | None,
    title: str,
    value_title: str,
    category_title: str = "",
    horizontal: bool = False,
    stacked: bool = False,
) -> go.Figure:
    """One bar per row of `frame` and per column of `columns` ({column: legend label}).

    Vertical by default (categories on x, e.g. tahun); horizontal puts categories on y, first row on
    top (e.g. UPT names). All columns share one kind and axis.
    """
    if len(frame) == 0 or not columns:
        return empty_figure(title)
    factor, unit = _scale(np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind)
    categories = _labels(frame, category)
    fig = go.Figure()
    for i, (column, name) in enumerate(columns.items()):
        values = _scaled(frame[column], factor)
        axis = {"y": categories, "x": values, "orientation": "h"} if horizontal else {"x": categories, "y": values}
        fig.add_trace(
            go.Bar(
                **axis,
                name=name,
                marker={"color": PALETTE[i % len(PALETTE)]},
                customdata=np.array([[text] for text in _texts(frame[column], kind)], dtype=object),
                hovertemplate=f"<b>%{{{'y' if horizontal else 'x'}}}</b><br>{name}: %{{customdata[0]}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack" if stacked else "group", bargap=0.2, bargroupgap=0.05)
    value_axis = _title_with_unit(value_title, unit)
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(**_value_axis(kind))
        height = _bar_height(len(frame), per_row=(18 * len(columns) + 10) if not stacked else 26)
        return _layout(fig, title, value_axis, category_title, height=height)
    fig.update_xaxes(type="category")
    fig.update_yaxes(**_value_axis(kind))
    return _layout(fig, title, category_title, value_axis, height=420)


def stacked_bars(
    frame: DataFrame,
    category: str,
    stack: str,
    value: str,
    kind: str | None,
    title: str,
    value_title: str,
    category_title: str = "",
    months: bool = False,
) -> go.Figure:
    """Vertical bars per `category`, stacked by `stack` (e.g. tahun × bidang).

    months=True: `category` is a periode column of one year, shown as 'Jan'..'Des' with the month and
    year ('Januari 2025') in the hover.
    """
    if len(frame) == 0:
        return empty_figure(title)
    factor, unit = _scale(
        frame.groupby(category)[value].sum(min_count=1).to_numpy(dtype="float64", na_value=np.nan), kind
    )
    fig = go.Figure()
    for i, (name, part) in enumerate(frame.groupby(stack, sort=True)):
        if months:
            x = _month_labels(part[category])
            heads = [fmt.period_label(p) for p in part[category]]
        else:
            x = part[category].astype(str).tolist()
            heads = x
        texts = _texts(part[value], kind)
        fig.add_trace(
            go.Bar(
                x=x,
                y=_scaled(part[value], factor),
                name=str(name),
                marker={"color": _color(stack, name, i)},
                customdata=np.array(list(zip(heads, texts, strict=True)), dtype=object).reshape(-1, 2),
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{name}: %{{customdata[1]}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    if months:
        _month_axis(fig)
    else:
        fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(**_value_axis(kind))
    return _layout(fig, title, category_title, _title_with_unit(value_title, unit), height=420)


# --------------------------------------------------------------------------- lines


def category_lines(
    frame: DataFrame,
    x: str,
    columns: Mapping[str, str],
    kind: str | None,
    title: str,
    value_title: str,
    x_title: str = "",
) -> go.Figure:
    """Lines with markers over a category axis (e.g. tahun), one per column of `columns`."""
    if len(frame) == 0 or not columns:
        return empty_figure(title)
    factor, unit = _scale(np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind)
    categories = frame[x].astype(str).tolist()
    fig = go.Figure()
    for i, (column, name) in enumerate(columns.items()):
        fig.add_trace(
            go.Scatter(
                x=categories,
                y=_scaled(frame[column], factor),
                name=name,
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2.5},
                customdata=np.array([[text] for text in _texts(frame[column], kind)], dtype=object),
                hovertemplate=f"<b>%{{x}}</b><br>{name}: %{{customdata[0]}}<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(**_value_axis(kind))
    return _layout(fig, title, x_title, _title_with_unit(value_title, unit), height=400)


def monthly_lines(
    frame: DataFrame,
    columns: Mapping[str, str],
    kind: str | None,
    title: str,
    value_title: str,
    group: str | None = None,
    x_title: str = "Bulan",
    compact: bool = False,
) -> go.Figure:
    """Monthly lines on a January–December axis: one line per column of `columns`, per year in the
    frame's periode, and per value of `group` (e.g. nama_upt) when given.

    The latest year is drawn solid, earlier years dashed and lighter, so 'this year against last year'
    reads at a glance; a second column is dotted. Hover: 'Januari 2025' and the value in Indonesian.
    compact labels every other month, for charts in narrow columns.
    """
    if len(frame) == 0 or not columns:
        return empty_figure(title)
    frame = frame.assign(_tahun=pd.to_datetime(frame["periode"]).dt.year)
    years = sorted(frame["_tahun"].unique())
    latest = years[-1]
    factor, unit = _scale(np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind)
    groups = list(frame.groupby(group, sort=True)) if group else [(None, frame)]
    fig = go.Figure()
    n_trace = 0
    for g, (group_value, part_g) in enumerate(groups):
        for c, (column, name) in enumerate(columns.items()):
            color = PALETTE[(g if group else c) % len(PALETTE)]
            for year in years:
                part = part_g[part_g["_tahun"] == year].sort_values("periode")
                if len(part) == 0 or part[column].isna().all():
                    continue
                pieces = [str(group_value)] if group else []
                if len(columns) > 1 or not group:
                    pieces.append(name)
                if len(years) > 1:
                    pieces.append(str(year))
                trace_name = " ".join(pieces)
                dashed = year != latest
                heads = [fmt.period_label(p) for p in part["periode"]]
                fig.add_trace(
                    go.Scatter(
                        x=_month_labels(part["periode"]),
                        y=_scaled(part[column], factor),
                        name=trace_name,
                        mode="lines+markers",
                        opacity=0.55 if dashed else 1.0,
                        line={
                            "color": color,
                            "width": 1.8 if dashed else 2.6,
                            "dash": "dash" if dashed else ("dot" if (c > 0 and not group) else "solid"),
                        },
                        marker={"size": 5},
                        customdata=np.array(list(zip(heads, _texts(part[column], kind), strict=True)), dtype=object),
                        hovertemplate=f"<b>%{{customdata[0]}}</b><br>{trace_name}: %{{customdata[1]}}<extra></extra>",
                    )
                )
                n_trace += 1
    if n_trace == 0:
        return empty_figure(title)
    _month_axis(fig, compact)
    fig.update_yaxes(**_value_axis(kind))
    return _layout(fig, title, x_title, _title_with_unit(value_title, unit), height=420)


# --------------------------------------------------------------------------- treemap, peers


def production_treemap(products: DataFrame, title: str, value: str = "nilai_produksi_rp") -> go.Figure:
    """Treemap bidang → produk of store.product_totals rows (summed over units and years).

    Hover and labels: rupiah short and the share of the total ('12,3 % dari total')."""
    rows = products[products[value].fillna(0) > 0] if len(products) else products
    if len(rows) == 0:
        return empty_figure(title)
    leaves = rows.groupby(["bidang", "produk"], as_index=False, sort=True)[value].sum()
    branches = leaves.groupby("bidang", as_index=False, sort=True)[value].sum()
    total = float(leaves[value].sum())
    root = "Semua bidang"
    ids = [
        root,
        *[f"b/{b}" for b in branches["bidang"]],
        *[f"p/{b}/{p}" for b, p in zip(leaves["bidang"], leaves["produk"], strict=True)],
    ]
    labels = [root, *branches["bidang"].tolist(), *leaves["produk"].tolist()]
    parents = ["", *[root] * len(branches), *[f"b/{b}" for b in leaves["bidang"]]]
    values = [total, *branches[value].tolist(), *leaves[value].tolist()]
    shares = [fmt.percent(v / total, 1) + " dari total" if total else fmt.MISSING for v in values]
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            customdata=np.array(list(zip(_texts(values, views.RP), shares, strict=True)), dtype=object),
            texttemplate="<b>%{label}</b><br>%{customdata[0]}",
            hovertemplate="<b>%{label}</b><br>Nilai produksi: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            marker={
                "colors": [
                    None,
                    *[_color("bidang", b, i) for i, b in enumerate(branches["bidang"])],
                    *[None] * len(leaves),
                ]
            },
            root={"color": "#f3f5f8"},
        )
    )
    fig = _layout(fig, title, "", "", height=460)
    fig.update_layout(margin={"l": 5, "r": 5, "t": 50, "b": 5})
    return fig


def peer_chart(comparison: DataFrame, title: str) -> go.Figure:
    """views.peer_comparison as diverging bars: the unit's difference from the median, in percent.

    Green where the difference is good for the figure (higher production, lower deviation), red where
    it is not, grey for figures that are neither. Hover: the unit's value, the median and the peers.
    """
    rows = comparison[comparison["selisih"].notna()] if len(comparison) else comparison
    if len(rows) == 0:
        return empty_figure(title)
    direction = np.sign(rows["selisih"].to_numpy(dtype="float64")) * rows["better"].to_numpy(dtype="float64")
    colors = [GOOD if d > 0 else BAD if d < 0 else NEUTRAL for d in direction]
    values = [views.format_figure(n, v) for n, v in zip(rows["angka"], rows["nilai"], strict=True)]
    medians = [views.format_figure(n, v) for n, v in zip(rows["angka"], rows["median_kanwil"], strict=True)]
    gaps = views.peer_table(rows)["Selisih dari median"].tolist()
    fig = go.Figure(
        go.Bar(
            x=_scaled(rows["selisih"], 0.01),
            y=rows["label"].tolist(),
            orientation="h",
            marker={"color": colors},
            customdata=np.array(list(zip(values, medians, gaps, rows["pembanding"], strict=True)), dtype=object),
            hovertemplate=(
                "<b>%{y}</b><br>UPT: %{customdata[0]}<br>Median %{customdata[3]}: %{customdata[1]}"
                "<br>Selisih: %{customdata[2]}<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=0, line={"color": "#333", "width": 1})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(tickformat=",~f", ticksuffix=" %", zeroline=True)
    return _layout(fig, title, "Selisih terhadap median pembanding (%)", "", height=_bar_height(len(rows), 28))


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
