"""Figure builders: frames in, plotly Figures out, with Indonesian titles, axis units and hover text."""

from lapas_metrics.charts.bars import grouped_bars, ranking_bar, stacked_bars, stacked_counts
from lapas_metrics.charts.base import (
    BAD,
    BIDANG_COLORS,
    FONT,
    GOOD,
    MUTED,
    NEUTRAL,
    NO_DATA,
    PALETTE,
    PLOTLY_CONFIG,
    empty_figure,
    figure_html,
)
from lapas_metrics.charts.composition import peer_chart, production_treemap
from lapas_metrics.charts.heatmap import section_heatmap
from lapas_metrics.charts.lines import category_lines, monthly_lines

__all__ = [
    "BAD",
    "BIDANG_COLORS",
    "FONT",
    "GOOD",
    "MUTED",
    "NEUTRAL",
    "NO_DATA",
    "PALETTE",
    "PLOTLY_CONFIG",
    "category_lines",
    "empty_figure",
    "figure_html",
    "grouped_bars",
    "monthly_lines",
    "peer_chart",
    "production_treemap",
    "ranking_bar",
    "section_heatmap",
    "stacked_bars",
    "stacked_counts",
]
