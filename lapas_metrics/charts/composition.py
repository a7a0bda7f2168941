"""How a whole splits up and where a unit stands: the production treemap and the peer comparison bars."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from pandas import DataFrame
from plotly.subplots import make_subplots

from lapas_metrics import fmt, views
from lapas_metrics.charts.base import (
    BAD,
    GOOD,
    NEUTRAL,
    apply_layout,
    bar_height,
    chart_text,
    empty_figure,
    hover_texts,
    scaled_values,
    series_color,
)


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
    labels = [root, *map(chart_text, branches["bidang"]), *map(chart_text, leaves["produk"])]
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
            customdata=np.array(list(zip(hover_texts(values, views.RP), shares, strict=True)), dtype=object),
            texttemplate="<b>%{label}</b><br>%{customdata[0]}",
            hovertemplate="<b>%{label}</b><br>Nilai produksi: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            marker={
                "colors": [
                    None,
                    *[series_color("bidang", b, i) for i, b in enumerate(branches["bidang"])],
                    *[None] * len(leaves),
                ]
            },
            root={"color": "#f3f5f8"},
        )
    )
    fig = apply_layout(fig, title, "", "", height=460)
    fig.update_layout(margin={"l": 5, "r": 5, "t": 50, "b": 5})
    return fig


def peer_chart(comparison: DataFrame, title: str) -> go.Figure:
    """views.peer_comparison as diverging bars: the unit's difference from the median, one panel per
    unit of difference: amounts in percent ('Selisih (%)'), ratios in percentage points ('Selisih
    (poin persentase)'), each on its own axis so the two are never read on one scale.

    Green where the difference is good for the figure (higher production, lower deviation), red where
    it is not, grey for figures that are neither. Hover: the unit's value, the median and the peers.
    """
    rows = comparison[comparison["selisih"].notna()] if len(comparison) else comparison
    if len(rows) == 0:
        return empty_figure(title)
    panels = [(unit, rows[rows["satuan"] == unit]) for unit in (views.PERCENT, views.POINTS)]
    panels = [(unit, part) for unit, part in panels if len(part)]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[len(part) for _, part in panels],
        vertical_spacing=min(0.3, 110 / bar_height(len(rows), 28)),
    )
    for row, (unit, part) in enumerate(panels, start=1):
        fig.add_trace(_peer_bars(part), row=row, col=1)
        fig.add_vline(x=0, line={"color": "#333", "width": 1}, row=row, col=1)
        fig.update_yaxes(autorange="reversed", type="category", row=row, col=1)
        suffix = " %" if unit == views.PERCENT else ""
        fig.update_xaxes(title_text=views.GAP_AXIS[unit], tickformat=",~f", ticksuffix=suffix, nticks=6, row=row, col=1)
    fig.update_layout(showlegend=False)
    height = bar_height(len(rows), 28) + 60 * (len(panels) - 1)
    fig = apply_layout(fig, title, "", "", height=height)
    for row, (unit, _) in enumerate(panels, start=1):  # apply_layout titles every axis alike: put them back
        fig.update_xaxes(title_text=views.GAP_AXIS[unit], row=row, col=1)
    return fig


def _peer_bars(rows: DataFrame) -> go.Bar:
    direction = np.sign(rows["selisih"].to_numpy(dtype="float64")) * rows["better"].to_numpy(dtype="float64")
    colors = [GOOD if d > 0 else BAD if d < 0 else NEUTRAL for d in direction]
    values = [views.format_figure(n, v) for n, v in zip(rows["angka"], rows["nilai"], strict=True)]
    medians = [views.format_figure(n, v) for n, v in zip(rows["angka"], rows["median_kanwil"], strict=True)]
    gaps = views.peer_table(rows)["Selisih dari median"].tolist()
    return go.Bar(
        x=scaled_values(rows["selisih"], 0.01),
        y=[chart_text(label) for label in rows["label"]],
        orientation="h",
        marker={"color": colors},
        customdata=np.array(list(zip(values, medians, gaps, rows["pembanding"], strict=True)), dtype=object),
        hovertemplate=(
            "<b>%{y}</b><br>UPT: %{customdata[0]}<br>Median %{customdata[3]}: %{customdata[1]}"
            "<br>Selisih: %{customdata[2]}<extra></extra>"
        ),
    )
