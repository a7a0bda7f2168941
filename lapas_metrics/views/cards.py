"""KPI cards: a figure's value for a year with its change against the year before (the same months of it for a year in progress)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt
from lapas_metrics.views.labels import FIGURES, PCT, SCORE, format_figure, kind

KPI_FIGURES = (
    "nilai_produksi_rp",
    "pnbp_rp",
    "capaian_pnbp",
    "wbp_bekerja_rata2",
    "tingkat_partisipasi",
    "pagu_efektif_rp",
    "penyerapan",
    "okupansi",
)


@dataclass(frozen=True)
class Compared:
    """What a year is compared with: the whole year before, or for a year in progress (bulan = L, the
    latest month with data) months 1..L of both years (metrics.same_months_totals)."""

    tahun: int
    bulan: int | None = None

    @property
    def now_label(self) -> str:
        """'TA 2026 s.d. Januari' for a year in progress, 'TA 2026' for a whole year."""
        return f"TA {self.tahun}" if self.bulan is None else f"TA {self.tahun} s.d. {fmt.month_name(self.bulan)}"

    def _before(self, month: Callable[[object], str]) -> str:
        before = self.tahun - 1
        if self.bulan is None:
            return f"TA {before}"
        if self.bulan == 1:
            return f"{month(1)} {before}"
        return f"{month(1)}–{month(self.bulan)} {before}"

    @property
    def before_label(self) -> str:
        """'Januari 2025', 'Januari–Maret 2025', or 'TA 2025' for the whole year."""
        return self._before(fmt.month_name)

    @property
    def description(self) -> str:
        """A delta's description in full: 'vs Januari 2025', 'vs TA 2025'."""
        return f"vs {self.before_label}"

    @property
    def card_description(self) -> str:
        """The same, short enough for a card beside a long delta: 'vs Jan 2025', 'vs Jan–Mar 2025', 'vs TA 2025'."""
        return f"vs {self._before(fmt.month_short)}"

    @property
    def headline(self) -> str:
        """'TA 2026 s.d. Januari vs Januari 2025'; 'TA 2026 vs TA 2025' for a whole year."""
        return f"{self.now_label} {self.description}"

    def same_months(self, monthly: DataFrame) -> DataFrame:
        """A monthly series (a `periode` column) of this year and the year before, the year before cut to
        months 1..bulan for a year in progress (unchanged for a whole year)."""
        if self.bulan is None or len(monthly) == 0:
            return monthly
        periode = pd.to_datetime(monthly["periode"])
        return monthly[(periode.dt.year != self.tahun - 1) | (periode.dt.month <= self.bulan)]


@dataclass(frozen=True)
class Card:
    name: str
    label: str
    value: str
    delta: str | None  # '+5,5 %' (relative) or '-1,2 poin' (percentage points); None when not comparable
    help: str
    delta_color: str  # for st.metric: normal, inverse or off

    @property
    def flat(self) -> bool:
        """The change rounds to zero: shown grey, without an arrow."""
        return self.delta is not None and self.delta.lstrip("+-±").startswith("0,0 ")


def change(name: str, now: object, before: object) -> str | None:
    """The change of a figure against the previous year, as a card delta.

    Percentages change in percentage points ('+1,2 poin'); amounts and counts relatively ('-5,5 %').
    None when either value is missing, or for a relative change from 0.
    """
    if fmt.is_missing(now) or fmt.is_missing(before):
        return None
    now_f, before_f = float(now), float(before)  # type: ignore[arg-type]
    if kind(name) == PCT:
        diff, unit = (now_f - before_f) * 100, " poin"
    elif kind(name) == SCORE:
        diff, unit = now_f - before_f, " poin"
    else:
        if before_f == 0:
            return None
        diff, unit = (now_f / before_f - 1) * 100, " %"
    text = fmt.number(abs(diff), 1)
    sign = "±" if text == "0,0" else "-" if diff < 0 else "+"
    return f"{sign}{text}{unit}"


def _delta_color(name: str) -> str:
    better = FIGURES[name].better
    return "normal" if better > 0 else "inverse" if better < 0 else "off"


def kpi_cards(totals: DataFrame, tahun: int, names: Sequence[str] = KPI_FIGURES) -> list[Card]:
    """The cards of `names` for `tahun`, with the change against tahun - 1 (for a year in progress pass
    the totals of metrics.same_months_totals, so both rows cover the same months).

    totals: rows of metrics.group_totals (any `by`; the "Semua UPT"/by=None row per year is used when
    present, else the only row of the year). A year without a row gives '–' and no delta.
    """
    now, before = _total_row(totals, tahun), _total_row(totals, tahun - 1)
    cards = []
    for name in names:
        info = FIGURES[name]
        value_now = now.get(name) if now is not None else None
        value_before = before.get(name) if before is not None else None
        cards.append(
            Card(
                name=name,
                label=info.card or info.label,
                value=format_figure(name, value_now),
                delta=change(name, value_now, value_before),
                help=info.help,
                delta_color=_delta_color(name),
            )
        )
    return cards


def _total_row(totals: DataFrame, tahun: int) -> Mapping[str, Any] | None:
    rows = totals[pd.to_numeric(totals["tahun"]) == tahun] if len(totals) else totals
    if len(rows) == 0:
        return None
    for column in ("kanwil", "jenis", "kelas", "kabupaten_kota"):
        if column in rows.columns and (rows[column] == "Semua UPT").any():
            rows = rows[rows[column] == "Semua UPT"]
            break
    return cast("dict[str, Any]", rows.iloc[-1].to_dict())  # the columns are names
