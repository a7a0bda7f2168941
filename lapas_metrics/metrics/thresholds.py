"""The audit configuration: thresholds and weights of the flags (defaults from their records), read from TOML."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lapas_metrics import config as settings
from lapas_metrics.metrics.flags import DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS

# The peer percentile of anggaran_tinggi (METRICS.md).
DEFAULT_ANGGARAN_PERCENTILE = 75.0


@dataclass(frozen=True)
class AuditConfig:
    """Thresholds and weights of the audit flags (defaults from METRICS.md).

    thresholds: per flag but anggaran_tinggi. penyerapan_rendah and pnbp_di_bawah_target are scaled by
    bulan_diharapkan / 12; produktivitas_rendah and partisipasi_rendah are multiples of the peers'
    median; the others are compared as they are. weights: per flag of skor_risiko (>= 0).
    anggaran_percentile: the peer percentile (0-100) for anggaran_tinggi; anggaran_absolute_rp: an
    amount the auditor sets, raising anggaran_tinggi at or above it as well (None = not set).
    Partial mappings are completed from the defaults. Hashable, so it can be a cache key.
    """

    thresholds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    anggaran_percentile: float = DEFAULT_ANGGARAN_PERCENTILE
    anggaran_absolute_rp: float | None = None

    def __post_init__(self) -> None:
        for name, defaults in (("thresholds", DEFAULT_THRESHOLDS), ("weights", DEFAULT_WEIGHTS)):
            given = dict(getattr(self, name))
            unknown = set(given) - set(defaults)
            if unknown:
                raise ValueError(f"{name}: unknown flags {sorted(unknown)}; expected {list(defaults)}")
            object.__setattr__(self, name, {flag: float(given.get(flag, defaults[flag])) for flag in defaults})
        if any(weight < 0 for weight in self.weights.values()):
            raise ValueError("weights must be >= 0")
        if not 0 <= float(self.anggaran_percentile) <= 100:
            raise ValueError("anggaran_percentile must be within 0..100")
        object.__setattr__(self, "anggaran_percentile", float(self.anggaran_percentile))
        if self.anggaran_absolute_rp is not None:
            if float(self.anggaran_absolute_rp) < 0:
                raise ValueError("anggaran_absolute_rp must be >= 0")
            object.__setattr__(self, "anggaran_absolute_rp", float(self.anggaran_absolute_rp))

    def __hash__(self) -> int:
        return hash(
            (
                tuple(self.thresholds.items()),
                tuple(self.weights.items()),
                self.anggaran_percentile,
                self.anggaran_absolute_rp,
            )
        )

    def with_overrides(self, **changes: Any) -> AuditConfig:
        """A copy with some settings changed, for a page's what-if.

        Keys: a flag name (its threshold), thresholds={...} and weights={...} (merged into the
        current ones), anggaran_percentile, anggaran_absolute_rp (None clears it). Unknown keys raise.
        """
        thresholds = dict(self.thresholds)
        weights = dict(self.weights)
        scalars: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "thresholds":
                thresholds.update(value)
            elif key == "weights":
                weights.update(value)
            elif key in DEFAULT_THRESHOLDS:
                thresholds[key] = value
            elif key in ("anggaran_percentile", "anggaran_absolute_rp"):
                scalars[key] = value
            else:
                allowed = ["thresholds", "weights", "anggaran_percentile", "anggaran_absolute_rp", *DEFAULT_THRESHOLDS]
                raise TypeError(f"unknown setting {key!r}; allowed: {allowed}")
        return replace(self, thresholds=thresholds, weights=weights, **scalars)


def load_audit_config(path: Path | str | None = None) -> AuditConfig:
    """The audit configuration from a TOML file (default: config.audit_config_path()).

    Sections: [anggaran_tinggi] percentile, absolute_rp (optional); [thresholds]; [weights]. Keys
    left out keep the METRICS.md defaults; an unknown section or key raises ValueError naming the file.
    """
    source = Path(path) if path is not None else settings.audit_config_path()
    with source.open("rb") as handle:
        data = tomllib.load(handle)
    unknown = set(data) - {"anggaran_tinggi", "thresholds", "weights"}
    anggaran = dict(data.get("anggaran_tinggi", {}))
    unknown |= {f"anggaran_tinggi.{key}" for key in set(anggaran) - {"percentile", "absolute_rp"}}
    if unknown:
        raise ValueError(f"{source}: unknown settings {sorted(unknown)}")
    try:
        return AuditConfig(
            thresholds=data.get("thresholds", {}),
            weights=data.get("weights", {}),
            anggaran_percentile=anggaran.get("percentile", DEFAULT_ANGGARAN_PERCENTILE),
            anggaran_absolute_rp=anggaran.get("absolute_rp"),
        )
    except ValueError as error:
        raise ValueError(f"{source}: {error}") from error
