"""Figure builders: frames in, plotly Figures out, with Indonesian titles, axis units and hover text."""

from lapas_metrics.charts import bars, composition, heatmap, lines
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
from lapas_metrics.charts.memo import kept

# What pages and reports call: each builder answers from the figures this process already built. The
# modules call one another's builders directly, so a figure one of them changes is never a kept one.
grouped_bars = kept(bars.grouped_bars)
ranking_bar = kept(bars.ranking_bar)
stacked_bars = kept(bars.stacked_bars)
stacked_counts = kept(bars.stacked_counts)
peer_chart = kept(composition.peer_chart)
production_treemap = kept(composition.production_treemap)
section_heatmap = kept(heatmap.section_heatmap)
category_lines = kept(lines.category_lines)
monthly_lines = kept(lines.monthly_lines)

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
