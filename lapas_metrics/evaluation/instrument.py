"""The evaluation instrument of EVALUATION.md: sections (bagian), items (butir), their scales and figure rules."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

# The levels of every scale, lowest first: 0 = tidak ada ... 4 = sepenuhnya (EVALUATION.md).
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)

# Which way a figure is better, as written in the TOML (`arah`).
NAIK: Final = "naik"  # higher is better: level k when value >= batas[k-1]
TURUN: Final = "turun"  # lower is better: level k when value <= batas[k-1]
Arah = Literal["naik", "turun"]


@dataclass(frozen=True)
class FigureRule:
    """A figure of METRICS.md and the four thresholds that suggest levels 1..4 of an item.

    batas[k-1] is the threshold of level k. With arah NAIK the thresholds rise and a value reaches
    level k when value >= batas[k-1]; with TURUN they fall and a value reaches level k when
    value <= batas[k-1]. A level in `ketat` compares strictly (> for NAIK, < for TURUN), which writes
    "capaian_pnbp > 0 -> 1" as batas[0] = 0 with ketat = {1}. The suggestion is the highest level
    reached, 0 when none is.
    """

    nama: str
    batas: tuple[float, float, float, float]
    arah: Arah = NAIK
    ketat: frozenset[int] = field(default_factory=frozenset)

    def level(self, value: float) -> int:
        """The level the value suggests (0..4); the caller keeps None and NaN away (see suggest.py)."""
        reached = 0
        for tingkat, threshold in enumerate(self.batas, start=1):
            strict = tingkat in self.ketat
            if self.arah == NAIK:
                ok = value > threshold if strict else value >= threshold
            else:
                ok = value < threshold if strict else value <= threshold
            if ok:
                reached = tingkat
        return reached

    def describe(self) -> str:
        """The rule in one Indonesian line, for the KKE and the page: "capaian_pnbp ≥ 1 → 4; ≥ 0,75 → 3; …"."""
        parts = []
        for tingkat in (4, 3, 2, 1):
            sign = {(NAIK, False): "≥", (NAIK, True): ">", (TURUN, False): "≤", (TURUN, True): "<"}[
                (self.arah, tingkat in self.ketat)
            ]
            parts.append(f"{sign} {_number(self.batas[tingkat - 1])} → {tingkat}")
        return f"{self.nama} " + "; ".join(parts) + "; selain itu → 0"


@dataclass(frozen=True)
class Item:
    """One item (butir): its criterion, weight inside its section, the five level descriptions (0..4),
    the evidence the auditor attaches or cites, its source and, optionally, the figure that suggests a level."""

    kode: str
    pertanyaan: str
    bobot: float
    skala: tuple[str, str, str, str, str]
    bukti: str
    sumber: str
    angka: FigureRule | None = None


@dataclass(frozen=True)
class Section:
    """One section (bagian): `kunci` names its score column `nilai_<kunci>`; bobot is its weight in the total."""

    kunci: str
    judul: str
    bobot: float
    items: tuple[Item, ...]

    @property
    def column(self) -> str:
        """The name of this section's score column: nilai_<kunci>."""
        return f"nilai_{self.kunci}"


@dataclass(frozen=True)
class Instrument:
    """A versioned instrument: `versi` (e.g. instrumen_lapas_industri_v1), its title and sections in order.

    digest is the SHA-256 of the TOML text it was loaded from (instrument_digest), so an evaluation
    keeps exactly the version it was made with; empty when built in code.
    """

    versi: str
    judul: str
    sections: tuple[Section, ...]
    digest: str = ""

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in section order then item order."""
        return tuple(item for section in self.sections for item in section.items)

    def item(self, kode: str) -> Item:
        """The item with this code; KeyError if there is none."""
        for candidate in self.items:
            if candidate.kode == kode:
                return candidate
        raise KeyError(kode)

    def section_of(self, kode: str) -> Section:
        """The section holding the item with this code; KeyError if there is none."""
        for section in self.sections:
            if any(item.kode == kode for item in section.items):
                return section
        raise KeyError(kode)

    def section(self, kunci: str) -> Section:
        """The section with this key; KeyError if there is none."""
        for section in self.sections:
            if section.kunci == kunci:
                return section
        raise KeyError(kunci)

    def score_columns(self) -> list[str]:
        """The score columns of this instrument in order: nilai_<kunci> per section."""
        return [section.column for section in self.sections]

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)


def instrument_digest(text: str | bytes) -> str:
    """The SHA-256 (hex) of an instrument's TOML: of the bytes as given, or of the text encoded as UTF-8."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _number(value: float) -> str:
    """A threshold as Indonesians write it: 0,75 and 1 (no trailing .0)."""
    if math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")
