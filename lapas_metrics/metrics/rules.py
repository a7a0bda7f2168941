"""What every flag is built from: its record (Flag), the figures and their peers, a check, a raised row, number pairs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike
from pandas import DataFrame, Series

from lapas_metrics import fmt
from lapas_metrics.metrics.catalog import MONTHS, PCT


class Settings(Protocol):
    """What a check or a sentence reads of the audit configuration (thresholds.AuditConfig)."""

    @property
    def thresholds(self) -> Mapping[str, float]: ...

    @property
    def anggaran_percentile(self) -> float: ...

    @property
    def anggaran_absolute_rp(self) -> float | None: ...


@dataclass(frozen=True)
class Check:
    """A flag checked on every row of the figures (arrays in row order)."""

    value: np.ndarray  # the figure compared
    limit: np.ndarray  # the threshold it was compared with (batas)
    evaluable: np.ndarray
    raised: np.ndarray
    # What the sentence adds: the peers' median, or for anggaran_tinggi whether the percentile raised it.
    detail: np.ndarray | None = None


@dataclass(frozen=True)
class FlagInput:
    """The yearly figures a check reads, with the settings in force. Peers of a row are the rows of
    the same kanwil (case-insensitive, trimmed) and tahun."""

    figures: DataFrame
    settings: Settings
    peers: list[np.ndarray]
    expected: np.ndarray  # bulan_diharapkan as float64

    @classmethod
    def of(cls, figures: DataFrame, settings: Settings) -> FlagInput:
        peers = [figures["kanwil"].astype(str).str.strip().str.casefold().to_numpy(), figures["tahun"].to_numpy()]
        return cls(figures, settings, peers, figures["bulan_diharapkan"].to_numpy(dtype="float64"))

    @property
    def every_row(self) -> np.ndarray:
        return np.ones(len(self.figures), dtype=bool)

    def col(self, name: str) -> np.ndarray:
        """A figure as float64, missing values as NaN."""
        return self.figures[name].to_numpy(dtype="float64", na_value=np.nan)

    def below(
        self, value: np.ndarray, limit: np.ndarray, evaluable: np.ndarray, detail: np.ndarray | None = None
    ) -> Check:
        """Raised where value < limit, among the evaluable rows where both are known."""
        evaluable = evaluable & ~np.isnan(value) & ~np.isnan(limit)
        return Check(value, limit, evaluable, evaluable & (value < limit), detail)

    def at_most(self, value: np.ndarray, limit: float) -> Check:
        """Raised where value <= limit, among the rows where the value is known."""
        limits = np.full(len(value), limit)
        known = ~np.isnan(value)
        return Check(value, limits, known, known & (value <= limits))

    def above(self, value: np.ndarray, limit: float, evaluable: ArrayLike = True) -> Check:
        """Raised where value > limit, among the evaluable rows where the value is known."""
        limits = np.full(len(value), limit)
        known = np.asarray(evaluable) & ~np.isnan(value)
        return Check(value, limits, known, known & (value > limits))

    def peer_median(self, values: np.ndarray) -> np.ndarray:
        """Per row: the median of `values` over its peers (NaN values left out)."""
        return Series(values).groupby(self.peers).transform("median").to_numpy(dtype="float64")

    def peer_quantile(self, values: np.ndarray, share: float) -> np.ndarray:
        """Per row: the `share` quantile (0-1, linear interpolation) of `values` over its peers."""
        return Series(values).groupby(self.peers).transform("quantile", share).to_numpy(dtype="float64")


@dataclass(frozen=True)
class Hit:
    """One raised flag on one row of the figures, as its sentence reads it."""

    row: Mapping[Hashable, Any]  # the row of yearly_figures
    check: Check
    i: int  # the row's position
    threshold: float  # the flag's threshold in force (NaN for a flag without one)
    settings: Settings

    @property
    def value(self) -> float:
        return float(self.check.value[self.i])

    @property
    def limit(self) -> float:
        return float(self.check.limit[self.i])

    @property
    def detail(self) -> float:
        """Check.detail of this row as a number (True = 1.0); NaN when the check has none."""
        return np.nan if self.check.detail is None else float(self.check.detail[self.i])

    @property
    def expected(self) -> float:
        return self.row["bulan_diharapkan"]


def pair(value: float, limit: float, show: Callable[[float, int], str]) -> tuple[str, str]:
    """value and limit formatted, with more decimals when rounding would make them look equal."""
    for decimals in (1, 2, 3, 4):
        shown = show(value, decimals), show(limit, decimals)
        if shown[0] != shown[1]:
            return shown
    return shown


def percent_pair(value: float, limit: float) -> tuple[str, str]:
    """value and limit as percentages in a sentence ('41,2%', '35%'), told apart."""
    return pair(value, limit, fmt.percent_compact)


def decimals_for(*values: float) -> int:
    """Decimals that show the smallest non-zero value with two significant digits (at least 2)."""
    sizes = [abs(v) for v in values if np.isfinite(v) and v != 0]
    if not sizes:
        return 2
    return int(max(2, 1 - np.floor(np.log10(min(sizes)))))


def months_note(expected: float) -> str:
    """' untuk 7 bulan' when a limit was scaled to part of a year; '' for a full year."""
    return "" if expected == 12 else f" untuk {int(expected)} bulan"


# A check gets the figures and the flag's threshold in force (NaN for a flag without one).
CheckRule = Callable[[FlagInput, float], Check]
SentenceRule = Callable[[Hit], str]


@dataclass(frozen=True)
class Flag:
    """One audit flag of METRICS.md "Audit flags" (and of its partnership section)."""

    name: str
    label: str  # Bahasa Indonesia, for filters, tables and findings
    short: str  # the narrow header of its column in the audit room (the label is the tooltip)
    rule: str  # the rule in words, "…" standing for the threshold (for anggaran_tinggi, the percentile)
    threshold: float | None  # the METRICS.md default; None when the flag has none
    weight: float | None  # the default weight in skor_risiko; None: never scored; 0: shown, never moves it
    check: CheckRule
    sentence: SentenceRule  # the sentence an auditor reads for a raised row
    value_kind: str = PCT  # the kind (catalog) of its nilai and batas: how findings show them
    threshold_kind: str = PCT  # PCT: a ratio typed and shown as a percentage; MONTHS: a number of months

    @property
    def scored(self) -> bool:
        """Counts in skor_risiko."""
        return self.weight is not None

    @property
    def threshold_scale(self) -> float:
        """What the threshold is multiplied by where it is typed (100 for a percentage, else 1)."""
        return 100.0 if self.threshold_kind == PCT else 1.0

    @property
    def threshold_unit(self) -> str:
        """The unit of the typed threshold: "%" or "bulan"."""
        return "%" if self.threshold_kind == PCT else "bulan"

    def show_threshold(self, value: float) -> str:
        """The threshold as a reader sees it: '90%', '12 bulan'."""
        if self.threshold_kind == MONTHS:
            return f"{fmt.number(value, 1).removesuffix(',0')} bulan"
        return fmt.percent_compact(value)

    def evaluate(self, data: FlagInput) -> Check:
        """The flag on every row of `data`, under data.settings."""
        return self.check(data, data.settings.thresholds.get(self.name, np.nan))
