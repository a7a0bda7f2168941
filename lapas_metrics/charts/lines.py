"""Line charts: lines over a category axis (years) and monthly lines, this year against earlier years."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas import DataFrame

from lapas_metrics import fmt
from lapas_metrics.charts.base import (
    PALETTE,
    apply_layout,
    axis_scale,
    chart_text,
    empty_figure,
    hover_texts,
    month_axis,
    month_labels,
    scaled_values,
    title_with_unit,
    value_axis_format,
)


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
    factor, unit = axis_scale(
        np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind
    )
    categories = frame[x].astype(str).tolist()
    fig = go.Figure()
    for i, (column, name) in enumerate(columns.items()):
        fig.add_trace(
            go.Scatter(
                x=categories,
                y=scaled_values(frame[column], factor),
                name=name,
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2.5},
                customdata=np.array([[text] for text in hover_texts(frame[column], kind)], dtype=object),
                hovertemplate=f"<b>%{{x}}</b><br>{name}: %{{customdata[0]}}<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(**value_axis_format(kind))
    return apply_layout(fig, title, x_title, title_with_unit(value_title, unit), height=400)


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
    factor, unit = axis_scale(
        np.concatenate([frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in columns]), kind
    )
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
                trace_name = chart_text(" ".join(pieces))
                dashed = year != latest
                heads = [fmt.period_label(p) for p in part["periode"]]
                fig.add_trace(
                    go.Scatter(
                        x=month_labels(part["periode"]),
                        y=scaled_values(part[column], factor),
                        name=trace_name,
                        mode="lines+markers",
                        opacity=0.55 if dashed else 1.0,
                        line={
                            "color": color,
                            "width": 1.8 if dashed else 2.6,
                            "dash": "dash" if dashed else ("dot" if (c > 0 and not group) else "solid"),
                        },
                        marker={"size": 5},
                        customdata=np.array(
                            list(zip(heads, hover_texts(part[column], kind), strict=True)), dtype=object
                        ),
                        hovertemplate=f"<b>%{{customdata[0]}}</b><br>{trace_name}: %{{customdata[1]}}<extra></extra>",
                    )
                )
                n_trace += 1
    if n_trace == 0:
        return empty_figure(title)
    month_axis(fig, compact)
    fig.update_yaxes(**value_axis_format(kind))
    return apply_layout(fig, title, x_title, title_with_unit(value_title, unit), height=420)
