"""The audit room's words for the flags: label, narrow column header and rule, all read from the flag records of metrics."""

from __future__ import annotations

from lapas_metrics import metrics, views

# One vocabulary with the other pages: the flag labels of views.
FLAG_LABELS: dict[str, str] = views.FLAG_LABELS
# Narrow table headers for the flag columns (the full label is the column's tooltip).
FLAG_SHORT: dict[str, str] = {flag.name: flag.short for flag in metrics.FLAG_CATALOG}
# The rule of each threshold in words, "…" standing for the threshold (shown as a percentage).
RULES: dict[str, str] = {flag.name: flag.rule for flag in metrics.FLAG_CATALOG if flag.threshold is not None}
