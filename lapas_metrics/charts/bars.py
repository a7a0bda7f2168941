"""Bar charts: a ranking, grouped bars, bars stacked by a category."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from pandas import DataFrame

from lapas_metrics import fmt, views
from lapas_metrics.charts.base import (
    BAD,
    NAME_CHARS,
    PALETTE,
    VALUE_TICKS,
    apply_layout,
    axis_scale,
    bar_height,
    category_labels,
    chart_text,
    empty_figure,
    hover_texts,
    label_lines,
    month_axis,
    month_labels,
    scaled_values,
    series_color,
    title_with_unit,
    value_axis_format,
)


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
    factor, unit = axis_scale(list(values) + ([reference] if reference is not None else []), kind)
    labels = category_labels(frame, label_column, wrap=NAME_CHARS)
    fig = go.Figure(
        go.Bar(
            x=scaled_values(values, factor),
            y=labels,
            orientation="h",
            marker={"color": list(colors) if colors is not None else PALETTE[0]},
            customdata=np.array([[text] for text in hover_texts(values, kind)], dtype=object),
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
    fig.update_xaxes(**value_axis_format(kind))
    height = bar_height(len(frame), lines=label_lines(labels))
    return apply_layout(fig, title, title_with_unit(value_title, unit), "", height=height)


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
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """One bar per row of `frame` and per column of `columns` ({column: legend label}).

    Vertical by default (categories on x, e.g. tahun); horizontal puts categories on y, first row on
    top (e.g. UPT names). All columns share one kind and axis. colors: {column: colour} where a column
    has a colour of its own (e.g. a follow-up status), else the palette in order.
    """
    if len(frame) == 0 or not columns:
        return empty_figure(title)
    factor, unit = axis_scale(
        np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind
    )
    categories = category_labels(frame, category, wrap=NAME_CHARS if horizontal else None)
    fig = go.Figure()
    for i, (column, name) in enumerate(columns.items()):
        values = scaled_values(frame[column], factor)
        axis = {"y": categories, "x": values, "orientation": "h"} if horizontal else {"x": categories, "y": values}
        fig.add_trace(
            go.Bar(
                **axis,
                name=name,
                marker={"color": (colors or {}).get(column, PALETTE[i % len(PALETTE)])},
                customdata=np.array([[text] for text in hover_texts(frame[column], kind)], dtype=object),
                hovertemplate=f"<b>%{{{'y' if horizontal else 'x'}}}</b><br>{name}: %{{customdata[0]}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack" if stacked else "group", bargap=0.2, bargroupgap=0.05)
    value_axis = title_with_unit(value_title, unit)
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(**value_axis_format(kind))
        per_row = (18 * len(columns) + 10) if not stacked else 26
        height = bar_height(len(frame), per_row=per_row, lines=label_lines(categories))
        return apply_layout(fig, title, value_axis, category_title, height=height)
    fig.update_xaxes(type="category")
    fig.update_yaxes(**value_axis_format(kind))
    return apply_layout(fig, title, category_title, value_axis, height=420)


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
    factor, unit = axis_scale(
        frame.groupby(category)[value].sum(min_count=1).to_numpy(dtype="float64", na_value=np.nan), kind
    )
    fig = go.Figure()
    for i, (name, part) in enumerate(frame.groupby(stack, sort=True)):
        if months:
            x = month_labels(part[category])
            heads = [fmt.period_label(p) for p in part[category]]
        else:
            x = [chart_text(label) for label in part[category]]
            heads = x
        texts = hover_texts(part[value], kind)
        fig.add_trace(
            go.Bar(
                x=x,
                y=scaled_values(part[value], factor),
                name=chart_text(name),
                marker={"color": series_color(stack, name, i)},
                customdata=np.array(list(zip(heads, texts, strict=True)), dtype=object).reshape(-1, 2),
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{name}: %{{customdata[1]}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    if months:
        month_axis(fig)
    else:
        fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(**value_axis_format(kind))
    return apply_layout(fig, title, category_title, title_with_unit(value_title, unit), height=420)


def stacked_counts(
    frame: DataFrame,
    category: str,
    columns: Mapping[str, str],
    title: str,
    value_title: str,
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars per row of `frame` (first on top), stacked by the count columns of `columns` ({column:
    legend label}), e.g. recommendations by status: whole-number ticks, no unit ('orang' is for people)."""
    fig = grouped_bars(frame, category, columns, None, title, value_title, horizontal=True, stacked=True, colors=colors)
    if len(frame) and columns:
        largest = float(frame[list(columns)].sum(axis=1).max())
        if largest <= VALUE_TICKS:
            fig.update_xaxes(tick0=0, dtick=1)
        fig.update_xaxes(tickformat=",d")
    return fig
