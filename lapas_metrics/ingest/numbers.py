"""Number cells: the number style of a file (1.234.567,50 or 1,234,567.50), scanning and range checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lapas_metrics import schema
from lapas_metrics.ingest.values import DTYPES, NONE, Issue
from lapas_metrics.schema import Column

NUMBER_KINDS = (schema.INT, schema.DECIMAL, schema.MONEY)
# A BIGINT holds 9.2e18, but a number goes through a float64 on its way: beyond 2**53 it would be stored
# rounded, so the bound is the largest whole number a float64 holds exactly. A DECIMAL (a DOUBLE) column
# keeps the same bound: a larger quantity would be stored with its last digits changed, silently.
INT_MAX = 2**53 - 1
_BOUNDS = {"lat": (-11.0, 6.0), "lon": (95.0, 141.0)}  # inside Indonesia
_STYLE_NAMES = {"id": "gaya Indonesia (1.234.567,50)", "en": "gaya Inggris (1,234,567.50)"}

# --- numbers ------------------------------------------------------------------------------

# Whole-cell patterns for pyarrow's RE2, which runs over arrow strings without a Python loop.
_PLAIN = r"^-?\d+$"
_ID_NUMBER = r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"  # 1.234.567,50
_EN_NUMBER = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"  # 1,234,567.50


@dataclass
class Numbers:
    """One numeric column: the values that need no number style, and the texts that do."""

    values: np.ndarray  # float64; NaN where empty or still to be read in a style
    empty: np.ndarray
    positions: np.ndarray  # rows whose text has a separator, so needs a style
    styled: pa.ChunkedArray | pa.Array  # their texts, without "Rp", ",-" and spaces
    is_id: np.ndarray  # per styled text: valid in Indonesian style
    is_en: np.ndarray
    whole: bool = False  # every value was read from plain digits: no rounding needed


def _mask(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _floats(text: pa.ChunkedArray | pa.Array, mask: np.ndarray) -> np.ndarray:
    return pc.cast(pc.filter(text, pa.array(mask)), pa.float64()).to_numpy(zero_copy_only=False)


def _whole_numbers(text: pa.ChunkedArray | pa.Array, mask: np.ndarray | None) -> np.ndarray:
    """The texts under `mask` as numbers; ArrowInvalid if one is not plain digits.

    A sample is cast first: a cast that fails late in a million rows costs more than the slow path."""
    chosen = text if mask is None else pc.filter(text, pa.array(mask))
    pc.cast(chosen.slice(0, 1000), pa.int64())
    return pc.cast(chosen, pa.int64()).to_numpy(zero_copy_only=False).astype("float64")


def scan_numbers(raw: pd.Series, native: np.ndarray | None) -> Numbers:
    text = pa.array(raw)
    empty = _mask(pc.equal(text, ""))
    native = np.zeros(len(raw), dtype=bool) if native is None else native & ~empty
    if not native.any():
        try:  # fast path: a column of plain digits is one arrow cast
            filled = _whole_numbers(text, ~empty if empty.any() else None)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            if empty.any():
                values = np.full(len(raw), np.nan)
                values[~empty], filled = filled, values
            no = np.zeros(0, dtype=bool)
            return Numbers(filled, empty, NONE, pa.array([], pa.string()), no, no, whole=True)
    # String functions rather than one regex: several times faster on a million cells.
    values = np.full(len(raw), np.nan)
    text = pc.utf8_trim_whitespace(text)
    rupiah = pc.starts_with(text, "rp", ignore_case=True)
    if pc.any(rupiah).as_py():  # "Rp 1.234.567", "Rp. 1.234.567"
        text = pc.utf8_ltrim(pc.if_else(rupiah, pc.utf8_slice_codeunits(text, 2), text), ". \u00a0")
    for space in (" ", "\u00a0"):  # "1 234 567"
        if pc.any(pc.match_substring(text, space)).as_py():
            text = pc.replace_substring(text, space, "")
    dash = _mask(pc.ends_with(text, ",-"))  # "Rp 1.234.567,-": a rupiah written the Indonesian way
    if dash.any():
        text = pc.if_else(pa.array(dash), pc.utf8_slice_codeunits(text, 0, -2), text)
    empty = _mask(pc.equal(text, ""))
    native &= ~empty
    if native.any():  # an XLSX number cell, written the Python way: 1234567.5
        values[native] = _floats(text, native)
    plain = ~empty & ~native & ~_mask(pc.match_substring(text, ".")) & ~_mask(pc.match_substring(text, ","))
    try:
        values[plain] = _whole_numbers(text, plain)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        plain &= _mask(pc.match_substring_regex(text, _PLAIN))
        values[plain] = _floats(text, plain)  # 19 digits and more overflow int64: the range check tells them
    styled = ~empty & ~native & ~plain
    positions, texts = np.flatnonzero(styled), pc.filter(text, pa.array(styled))
    is_id = _mask(pc.match_substring_regex(texts, _ID_NUMBER))
    is_en = _mask(pc.match_substring_regex(texts, _EN_NUMBER)) & ~dash[positions]
    return Numbers(values, empty, positions, texts, is_id, is_en)


def choose_style(scans: dict[str, Numbers], rownum: np.ndarray) -> tuple[str | None, str | None]:
    """(style, file-level problem) from the texts that can be read one way only."""
    examples: dict[str, str] = {}
    for name, scan in scans.items():
        for style, mask in (("id", scan.is_id & ~scan.is_en), ("en", scan.is_en & ~scan.is_id)):
            if style not in examples and mask.any():
                first = int(np.argmax(mask))
                examples[style] = f"'{scan.styled[first]}' (baris {rownum[scan.positions[first]]}, kolom {name})"
        both = scan.is_id & scan.is_en
        if "both" not in examples and both.any():
            first = int(np.argmax(both))
            examples["both"] = f"'{scan.styled[first]}' (baris {rownum[scan.positions[first]]}, kolom {name})"
    if "id" in examples and "en" in examples:
        return None, (
            f"Angka dalam file memakai dua gaya sekaligus: {_STYLE_NAMES['id']}, mis. {examples['id']}, dan "
            f"{_STYLE_NAMES['en']}, mis. {examples['en']}. Samakan gayanya, atau pilih satu gaya dengan "
            "--locale id atau --locale en."
        )
    if "id" in examples or "en" in examples:
        return ("id" if "id" in examples else "en"), None
    if "both" in examples:  # never guess: 1.234 is a thousand in one style and one in the other
        return None, (
            f"Gaya angka tidak dapat ditentukan: {examples['both']} dapat dibaca dua cara dan tidak ada angka lain "
            "yang menunjukkan gayanya. Pilih gaya angka: --locale id (1.234.567,50) atau --locale en (1,234,567.50)."
        )
    return None, None


def _read_numbers(scan: Numbers, style: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, unreadable rows, rows valid only in the other style) once the style is known.

    With no style (none found, or the file's styles clash) the texts that need one stay NaN
    and are no problem of their row: the file-level problem covers them."""
    if not len(scan.positions):
        return scan.values, NONE, NONE
    unreadable = scan.positions[~scan.is_id & ~scan.is_en]
    if style is None:
        return scan.values, unreadable, NONE
    ok = scan.is_id if style == "id" else scan.is_en
    if style == "id":
        text = pc.replace_substring(pc.replace_substring(scan.styled, ".", ""), ",", ".")
    else:
        text = pc.replace_substring(scan.styled, ",", "")
    values = scan.values.copy()
    values[scan.positions[ok]] = _floats(text, ok)
    return values, unreadable, scan.positions[~ok & (scan.is_id | scan.is_en)]


def number_column(
    col: Column, scan: Numbers, style: str | None, value_of: Callable[[int], str]
) -> tuple[pd.Series, list[Issue]]:
    values, unreadable, other_style = _read_numbers(scan, style)
    example = "contoh: 1234567, 1.234.567 atau Rp 1.234.567,50"
    issues: list[Issue] = [
        (np.flatnonzero(scan.empty) if col.required else NONE, lambda p: "wajib diisi"),
        (unreadable, lambda p: f"'{value_of(p)}' bukan angka yang dikenali ({example})"),
        (other_style, lambda p: f"'{value_of(p)}' bukan angka dalam {_STYLE_NAMES[style or 'id']}"),
    ]
    with np.errstate(invalid="ignore"):  # NaN compares False: an empty cell breaks no range
        if col.positive:
            issues.append((np.flatnonzero(values <= 0), lambda p: f"{value_of(p)} harus lebih dari 0"))
        elif col.minimum is not None and col.maximum is not None:
            low, high = col.minimum, col.maximum
            outside = np.flatnonzero((values < low) | (values > high))
            issues.append((outside, lambda p: f"{value_of(p)} di luar rentang {low:g}–{high:g}"))
        elif col.minimum is not None:
            issues.append((np.flatnonzero(values < col.minimum), lambda p: f"{value_of(p)} tidak boleh negatif"))
        if col.name in _BOUNDS:
            low, high = _BOUNDS[col.name]
            outside = np.flatnonzero((values < low) | (values > high))
            issues.append((outside, lambda p: f"{value_of(p)} di luar wilayah Indonesia ({low:g} sampai {high:g})"))
        issues.append((np.flatnonzero(np.isinf(values)), lambda p: f"'{value_of(p)}' bukan angka yang sah"))
        if col.kind == schema.MONEY:
            limit = f"{schema.MONEY_MAX:,}".replace(",", ".")
            too_big = (values > schema.MONEY_MAX) | ((values < -schema.MONEY_MAX) & (col.minimum is None))
            issues.append((np.flatnonzero(too_big), lambda p: f"{value_of(p)} melebihi batas Rp {limit}"))
            values = values if scan.whole else np.round(values, 2)
        if col.kind in (schema.INT, schema.DECIMAL):
            most = f"{INT_MAX:,}".replace(",", ".")
            too_big = np.abs(values) > INT_MAX
            issues.append((np.flatnonzero(too_big), lambda p: f"{value_of(p)} terlalu besar (batas {most})"))
            values = np.where(too_big, np.nan, values) if too_big.any() else values
        if col.kind == schema.INT and not scan.whole:
            fraction = np.flatnonzero(np.mod(values, 1) > 0)
            issues.append((fraction, lambda p: f"'{value_of(p)}' harus bilangan bulat"))
            values = np.where(np.mod(values, 1) > 0, np.nan, values) if len(fraction) else values
    if col.default is not None and scan.empty.any():
        values = np.where(scan.empty, cast(float, col.default), values)  # a number column's default is a number
    return pd.Series(values, copy=False).astype(DTYPES[col.kind]), issues
