"""Heat maps: the section scores of an evaluation per unit (rows units, columns sections, colour 0–100)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lapas_metrics import fmt, views
from lapas_metrics.charts.base import NAME_CHARS, apply_layout, category_labels, chart_text, empty_figure

# 0 red, 50 pale yellow, 100 blue: a diverging scale that colour-blind readers and grey prints tell apart.
SCORE_COLORS = ((0.0, "#b2182b"), (0.4, "#f4a582"), (0.6, "#fbf3c8"), (0.8, "#92c5de"), (1.0, "#2166ac"))


def section_heatmap(matrix: views.SectionMatrix, title: str) -> go.Figure:
    """One row per unit (the matrix's order, first on top), one column per section, coloured by the section
    score on a fixed 0–100 scale, headed by the section's short code, the score written in the cell ('72,5'; empty where a section has no score,
    drawn as a gap). Hover: unit, section, score with its predikat, and the unit's nilai_evaluasi."""
    if matrix.empty:
        return empty_figure(title)
    units = category_labels(matrix.units, "nama_upt", wrap=NAME_CHARS)
    # Columns are headed by the section's short code (B1 …): six full titles do not fit a 390 px phone; the
    # title is in the hover and matrix.key says it under the chart.
    sections = [chart_text(code) for _, _, code in matrix.sections]
    totals = [views.score_with_predikat(value) for value in matrix.units["nilai_evaluasi"]]
    text = [["" if np.isnan(value) else fmt.number(value, 1) for value in row] for row in matrix.values]
    hover = np.array(
        [
            [
                [chart_text(name), chart_text(f"{code} {judul}"), views.score_with_predikat(value), total]
                for (_, judul, code), value in zip(matrix.sections, row, strict=True)
            ]
            for name, row, total in zip(matrix.units["nama_upt"], matrix.values, totals, strict=True)
        ],
        dtype=object,
    )
    fig = go.Figure(
        go.Heatmap(
            z=[[None if np.isnan(value) else float(value) for value in row] for row in matrix.values],
            x=sections,
            y=units,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            customdata=hover,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}"
            "<br>Nilai evaluasi: %{customdata[3]}<extra></extra>",
            zmin=0,
            zmax=100,
            colorscale=[list(stop) for stop in SCORE_COLORS],
            xgap=2,
            ygap=2,
            hoverongaps=False,
            colorbar={
                "orientation": "h",
                "title": {"text": "Nilai (0–100)", "side": "top"},
                "thickness": 10,
                "len": 1,
                "y": -0.02,
                "yanchor": "top",
                "yref": "paper",
                "tickvals": [0, 40, 60, 80, 90, 100],
            },
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, zeroline=False)
    fig.update_xaxes(type="category", side="top", tickangle=0, tickfont={"size": 11}, showgrid=False, zeroline=False)
    lines = max((label.count("<br>") + 1 for label in units), default=1)
    height = 160 + max(28, 13 * lines + 10) * len(units)
    return apply_layout(fig, title, "", "", height=height)
