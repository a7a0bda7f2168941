"""Reading an instrument from TOML: every problem collected and told in Indonesian (InstrumentError), the default file."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from lapas_metrics.evaluation.instrument import NAIK, TURUN, FigureRule, Instrument, Item, Section, instrument_digest
from lapas_metrics.metrics import FIGURES

# The instrument new evaluations are made with until an admin saves another. v2 adds the partnership and
# asset figures to items B2.3 and B6.2; v1 stays beside it unchanged (an evaluation keeps its version's text).
DEFAULT_INSTRUMENT_FILE = Path(__file__).with_name("instrumen_lapas_industri_v2.toml")

# snake_case: it names a DuckDB column nilai_<kunci> and a CSV header.
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
TOP_FIELDS = ("versi", "judul", "bagian")
SECTION_FIELDS = ("kunci", "judul", "bobot", "butir")
ITEM_FIELDS = ("kode", "pertanyaan", "bobot", "skala", "bukti", "sumber", "angka")
FIGURE_FIELDS = ("nama", "arah", "batas", "ketat")


class InstrumentError(ValueError):
    """An instrument that cannot be used; `problems` holds every problem found, one Indonesian sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def load_instrument(text: str | bytes) -> Instrument:
    """The instrument written in a TOML text (bytes are read as UTF-8, a BOM allowed).

    Layout: top-level `versi` and `judul`; `[[bagian]]` with kunci, judul, bobot; `[[bagian.butir]]`
    with kode, pertanyaan, bobot, skala (5 one-line descriptions, levels 0..4), bukti, sumber and an
    optional `[bagian.butir.angka]` with nama (a figure of METRICS.md), arah ("naik" or "turun"),
    batas (4 thresholds of levels 1..4) and ketat (levels compared strictly), see FigureRule.
    Raises InstrumentError with every problem found; the digest is taken of the text as given.
    """
    digest = instrument_digest(text)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InstrumentError(["Berkas instrumen harus berupa teks UTF-8."]) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError([_syntax_sentence(error)]) from error
    problems: list[str] = []
    instrument = _instrument(data, problems)
    if problems:
        raise InstrumentError(problems)
    return Instrument(instrument.versi, instrument.judul, instrument.sections, digest)


@lru_cache(maxsize=1)
def default_instrument() -> Instrument:
    """instrumen_lapas_industri_v2, the instrument shipped beside this module (read once, on first call)."""
    return load_instrument(DEFAULT_INSTRUMENT_FILE.read_bytes())


@lru_cache(maxsize=8)
def shipped_instrument(versi: str) -> Instrument | None:
    """A version shipped beside this module (instrumen_lapas_industri_v1, _v2: the file named after its versi),
    or None. An evaluation made with an older shipped default keeps reading it after the default moves on."""
    if not re.fullmatch(r"instrumen_[a-z0-9_]+", str(versi)):
        return None
    path = DEFAULT_INSTRUMENT_FILE.with_name(f"{versi}.toml")
    if not path.is_file():
        return None
    instrument = load_instrument(path.read_bytes())
    return instrument if instrument.versi == versi else None


def _syntax_sentence(error: tomllib.TOMLDecodeError) -> str:
    """tomllib's English message reduced to its position, in Indonesian."""
    found = re.search(r"line (\d+), column (\d+)", str(error))
    where = f" pada baris {found.group(1)}, kolom {found.group(2)}" if found else ""
    return f"Berkas instrumen tidak dapat dibaca sebagai TOML: ada kesalahan penulisan{where}."


def _instrument(data: Mapping[str, Any], problems: list[str]) -> Instrument:
    who = "Instrumen"
    _unknown_fields(who, data, TOP_FIELDS, problems)
    versi = _text(who, data, "versi", problems)
    if versi and not KEY_PATTERN.fullmatch(versi):
        problems.append(f"{who}: versi harus huruf kecil, angka dan garis bawah, diawali huruf (tertulis {versi!r}).")
    judul = _text(who, data, "judul", problems)
    raw_sections = data.get("bagian")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append(f"{who}: belum ada bagian; tulis setiap bagian sebagai [[bagian]].")
        return Instrument(versi, judul, ())
    sections = []
    keys: set[str] = set()
    codes: set[str] = set()
    for number, raw in enumerate(raw_sections, start=1):
        section = _section(number, raw, problems, codes)
        if section.kunci:
            if section.kunci in keys:
                problems.append(
                    f"Bagian {section.kunci}: kunci dipakai lebih dari satu bagian; kunci harus unik dalam instrumen."
                )
            keys.add(section.kunci)
        sections.append(section)
    return Instrument(versi, judul, tuple(sections))


def _section(number: int, raw: Mapping[str, Any], problems: list[str], codes: set[str]) -> Section:
    kunci_raw = raw.get("kunci")
    named = isinstance(kunci_raw, str) and bool(KEY_PATTERN.fullmatch(kunci_raw))
    who = f"Bagian {kunci_raw}" if named else f"Bagian ke-{number}"
    _unknown_fields(who, raw, SECTION_FIELDS, problems)
    kunci = _text(who, raw, "kunci", problems)
    if kunci and not named:
        problems.append(f"{who}: kunci harus huruf kecil, angka dan garis bawah, diawali huruf (tertulis {kunci!r}).")
    judul = _text(who, raw, "judul", problems)
    bobot = _weight(who, raw, problems)
    raw_items = raw.get("butir")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(f"{who}: belum ada butir; tulis setiap butir sebagai [[bagian.butir]].")
        raw_items = []
    items = []
    for position, raw_item in enumerate(raw_items, start=1):
        item = _item(f"{who.lower()}" if named else f"bagian ke-{number}", position, raw_item, problems)
        if item.kode:
            if item.kode in codes:
                problems.append(
                    f"Butir {item.kode}: kode dipakai lebih dari satu butir; kode harus unik dalam instrumen."
                )
            codes.add(item.kode)
        items.append(item)
    return Section(kunci if named else "", judul, bobot, tuple(items))


def _item(where: str, position: int, raw: Mapping[str, Any], problems: list[str]) -> Item:
    kode_raw = raw.get("kode")
    who = f"Butir {kode_raw}" if isinstance(kode_raw, str) and kode_raw.strip() else f"Butir ke-{position} {where}"
    _unknown_fields(who, raw, ITEM_FIELDS, problems)
    kode = _text(who, raw, "kode", problems)
    if kode and (kode != kode.strip() or " " in kode):
        problems.append(f"{who}: kode tidak boleh berisi spasi (tertulis {kode!r}).")
    pertanyaan = _text(who, raw, "pertanyaan", problems)
    bobot = _weight(who, raw, problems)
    skala = _scale(who, raw.get("skala"), problems)
    bukti = _text(who, raw, "bukti", problems)
    sumber = _text(who, raw, "sumber", problems)
    angka = None
    if "angka" in raw:
        angka = _figure_rule(who, raw["angka"], problems)
    return Item(kode, pertanyaan, bobot, skala, bukti, sumber, angka)


def _scale(who: str, raw: Any, problems: list[str]) -> tuple[str, str, str, str, str]:
    if raw is None:
        problems.append(f"{who}: skala wajib diisi dengan 5 uraian untuk tingkat 0 sampai 4.")
        return ("", "", "", "", "")
    if not isinstance(raw, list) or len(raw) != 5:
        count = len(raw) if isinstance(raw, list) else _shown(raw)
        problems.append(f"{who}: skala harus berisi tepat 5 uraian untuk tingkat 0 sampai 4 (tertulis {count}).")
        return ("", "", "", "", "")
    for tingkat, description in enumerate(raw):
        if not isinstance(description, str) or not description.strip() or "\n" in description.strip():
            problems.append(f"{who}: uraian tingkat {tingkat} pada skala harus satu baris teks yang tidak kosong.")
    texts = [description.strip() if isinstance(description, str) else "" for description in raw]
    return (texts[0], texts[1], texts[2], texts[3], texts[4])


def _figure_rule(who: str, raw: Any, problems: list[str]) -> FigureRule | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{who}: angka harus berupa tabel [bagian.butir.angka] berisi nama, arah dan batas.")
        return None
    before = len(problems)
    _unknown_fields(f"{who} (angka)", raw, FIGURE_FIELDS, problems)
    nama = _text(who, raw, "nama", problems, label="angka.nama")
    if nama and nama not in FIGURES:
        problems.append(f"{who}: angka.nama {nama!r} bukan angka METRICS.md (yang dikenal: {', '.join(FIGURES)}).")
    arah = raw.get("arah", NAIK)
    if arah not in (NAIK, TURUN):
        problems.append(f"{who}: angka.arah harus 'naik' atau 'turun' (tertulis {_shown(arah)}).")
    batas = _thresholds(who, raw.get("batas"), arah, problems)
    ketat = raw.get("ketat", [])
    if not isinstance(ketat, list) or any(isinstance(k, bool) or k not in (1, 2, 3, 4) for k in ketat):
        problems.append(f"{who}: angka.ketat hanya boleh berisi tingkat 1 sampai 4 (tertulis {_shown(ketat)}).")
        ketat = []
    if len(problems) > before or batas is None:
        return None
    return FigureRule(nama, batas, arah, frozenset(ketat))


def _thresholds(who: str, raw: Any, arah: Any, problems: list[str]) -> tuple[float, float, float, float] | None:
    if not isinstance(raw, list) or len(raw) != 4:
        count = len(raw) if isinstance(raw, list) else _shown(raw)
        problems.append(f"{who}: angka.batas harus berisi 4 angka, batas tingkat 1 sampai 4 (tertulis {count}).")
        return None
    if not all(_is_number(value) for value in raw):
        problems.append(f"{who}: angka.batas harus berisi angka saja (tertulis {_shown(raw)}).")
        return None
    values = tuple(float(value) for value in raw)
    rising = all(low < high for low, high in zip(values, values[1:], strict=False))
    falling = all(high > low for high, low in zip(values, values[1:], strict=False))
    if arah == NAIK and not rising:
        problems.append(
            f"{who}: angka.batas harus naik dari tingkat 1 ke tingkat 4 untuk arah 'naik' (tertulis {_shown(raw)})."
        )
        return None
    if arah == TURUN and not falling:
        problems.append(
            f"{who}: angka.batas harus turun dari tingkat 1 ke tingkat 4 untuk arah 'turun' (tertulis {_shown(raw)})."
        )
        return None
    return (values[0], values[1], values[2], values[3])


def _text(who: str, raw: Mapping[str, Any], name: str, problems: list[str], label: str = "") -> str:
    label = label or name
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(f"{who}: {label} wajib diisi.")
        return ""
    if not isinstance(value, str):
        problems.append(f"{who}: {label} harus berupa teks (tertulis {_shown(value)}).")
        return ""
    return value.strip()


def _weight(who: str, raw: Mapping[str, Any], problems: list[str]) -> float:
    value = raw.get("bobot")
    if value is None:
        problems.append(f"{who}: bobot wajib diisi dengan angka lebih dari 0.")
        return 0.0
    if not _is_number(value):
        problems.append(f"{who}: bobot harus berupa angka lebih dari 0 (tertulis {_shown(value)}).")
        return 0.0
    if value <= 0:
        problems.append(f"{who}: bobot harus lebih dari 0 (tertulis {_shown(value)}).")
        return 0.0
    return float(value)


def _unknown_fields(who: str, raw: Mapping[str, Any], known: tuple[str, ...], problems: list[str]) -> None:
    for name in raw:
        if name not in known:
            problems.append(f"{who}: kolom {name!r} tidak dikenal (yang dikenal: {', '.join(known)}).")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _shown(value: Any) -> str:
    """A written value as the admin wrote it: -1, 0.5, 'teks', [1, 2]."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)
