"""The what-if of the audit room: thresholds and weights typed on the page against the configuration file's."""

from __future__ import annotations

import math
from collections.abc import Mapping

from pandas import DataFrame

from lapas_metrics import metrics
from lapas_metrics.audit.labels import FLAG_LABELS, RULES


def what_if(
    defaults: metrics.AuditConfig, thresholds: Mapping[str, float], weights: Mapping[str, float]
) -> metrics.AuditConfig | None:
    """The session configuration for thresholds and weights typed on the page: `defaults` with the
    values that differ (by more than 1e-9) overridden, or None when nothing differs."""
    changed_t = {
        f: float(v) for f, v in thresholds.items() if not math.isclose(v, defaults.thresholds[f], abs_tol=1e-9)
    }
    changed_w = {f: float(v) for f, v in weights.items() if not math.isclose(v, defaults.weights[f], abs_tol=1e-9)}
    if not changed_t and not changed_w:
        return None
    return defaults.with_overrides(thresholds=changed_t, weights=changed_w)


def config_table(config: metrics.AuditConfig, defaults: metrics.AuditConfig) -> DataFrame:
    """Thresholds and weights in use against the configuration file's: flag, bendera, aturan, ambang,
    ambang_bawaan, bobot, bobot_bawaan, diubah (True when either differs). One row per flag of
    skor_risiko, in metrics.FLAGS order."""
    records = []
    for flag in metrics.SCORED_FLAGS:
        ambang, ambang_bawaan = config.thresholds[flag], defaults.thresholds[flag]
        bobot, bobot_bawaan = config.weights[flag], defaults.weights[flag]
        records.append(
            {
                "flag": flag,
                "bendera": FLAG_LABELS[flag],
                "aturan": RULES[flag],
                "ambang": ambang,
                "ambang_bawaan": ambang_bawaan,
                "bobot": bobot,
                "bobot_bawaan": bobot_bawaan,
                "diubah": not (
                    math.isclose(ambang, ambang_bawaan, abs_tol=1e-9)
                    and math.isclose(bobot, bobot_bawaan, abs_tol=1e-9)
                ),
            }
        )
    return DataFrame.from_records(records)
