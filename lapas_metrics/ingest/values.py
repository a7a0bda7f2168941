"""Text cells -> values, one distinct text at a time: dates, periods, years, lookups, codes and text columns."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lapas_metrics import schema
from lapas_metrics.schema import Column

Dtype = Literal["str", "Int64", "float64", "datetime64[us]", "boolean"]
DTYPES: dict[str, Dtype] = {
    **dict.fromkeys((schema.KODE, schema.TEXT, schema.CHOICE, schema.JENIS_BELANJA, schema.NTPN, schema.NOMOR), "str"),
    **dict.fromkeys((schema.INT, schema.YEAR), "Int64"),
    **dict.fromkeys((schema.DECIMAL, schema.MONEY), "float64"),
    **dict.fromkeys((schema.PERIOD, schema.DATE), "datetime64[us]"),
    schema.BOOL: "boolean",
}
NONE = np.zeros(0, dtype=np.intp)  # no rows
Issue = tuple[np.ndarray, Callable[[int], str]]  # rows (positions) with one problem, its text for a row

# --- text values, one distinct text at a time -----------------------------------------------

_MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?")
_DAY_FIRST = re.compile(r"(?:(?P<d>\d{1,2})[/.-])?(?P<m>\d{1,2})[/.-](?P<y>\d{4})")
_MONTH_NAME = re.compile(r"(?P<name>[a-z]+)\.?[\s,/-]*(?P<y>\d{4})")
_BOOLEANS = {"ya": True, "y": True, "true": True, "1": True, "tidak": False, "n": False, "false": False, "0": False}
_Convert = Callable[[str], tuple[object, str | None]]  # text -> (value, problem)


def _calendar(text: str, month_only: bool) -> datetime.date | None:
    """The date written in `text` (day 1 for a month), or None."""
    text = " ".join(text.lower().split())
    match = _ISO.fullmatch(text) or _DAY_FIRST.fullmatch(text) or (month_only and _MONTH_NAME.fullmatch(text))
    if not match or (not month_only and match["d"] is None):
        return None
    parts = match.groupdict()
    month = _MONTHS.get(parts["name"], 0) if "name" in parts else int(parts["m"])
    try:
        day = datetime.date(int(parts["y"]), month, int(parts.get("d") or 1))
    except ValueError:
        return None
    return day.replace(day=1) if month_only else day


def _calendar_converter(month_only: bool, last_year: int) -> _Convert:
    what = "periode yang dikenali (contoh: 2017-01, 01/2017, Januari 2017)"
    if not month_only:
        what = "tanggal yang dikenali (contoh: 2017-03-15 atau 15/03/2017)"

    def convert(text: str) -> tuple[object, str | None]:
        day = _calendar(text, month_only)
        if day is None:
            return None, f"'{text}' bukan {what}"
        if not 2000 <= day.year <= last_year:
            return None, f"'{text}' di luar rentang tahun 2000–{last_year}"
        return np.datetime64(day, "us"), None

    return convert


def _year_converter(first_year: int, last_year: int) -> _Convert:
    def convert(text: str) -> tuple[object, str | None]:
        if not re.fullmatch(r"\d{4}", text):
            return None, f"'{text}' bukan tahun yang dikenali (contoh: 2017)"
        if not first_year <= int(text) <= last_year:
            return None, f"'{text}' di luar rentang tahun {first_year}–{last_year}"
        return int(text), None

    return convert


def _lookup_converter(allowed: dict[str, object], what: str, choices: str) -> _Convert:
    def convert(text: str) -> tuple[object, str | None]:
        value = allowed.get(" ".join(text.lower().split()))
        return (value, None) if value is not None else (None, f"'{text}' bukan {what} yang sah (pilihan: {choices})")

    return convert


def converter(col: Column, known: tuple[set[str], str] | None, today: datetime.date) -> Callable[[pd.Index], tuple]:
    """For one column: its distinct stripped texts -> (conformed values, {index of text: problem}).

    `known`: for a column that references another table, the keys it may hold (upper case) and where they are
    listed ("daftar UPT"); a value not among them is a problem."""
    if col.kind in (schema.TEXT, schema.KODE, schema.NTPN, schema.NOMOR):
        return lambda texts: _vector_text(texts, col, known)
    if col.kind in (schema.PERIOD, schema.DATE):
        convert = _calendar_converter(col.kind == schema.PERIOD, today.year + 1)
    elif col.kind == schema.YEAR:
        convert = _year_converter(int(col.minimum or 2000), today.year + 1)
    elif col.kind == schema.BOOL:
        convert = _lookup_converter(dict(_BOOLEANS), "nilai ya/tidak", "ya/tidak, y/n, true/false, 1/0")
    elif col.kind == schema.JENIS_BELANJA:
        names = {word: kode for kode, (_, words) in schema.JENIS_BELANJA_NAMES.items() for word in words}
        shown = ", ".join(f"{kode} ({title})" for kode, (title, _) in schema.JENIS_BELANJA_NAMES.items())
        convert = _lookup_converter(dict(names), "jenis belanja", shown)
    else:
        convert = _lookup_converter({c.lower(): c for c in col.choices}, f"nilai {col.name}", ", ".join(col.choices))

    def each(texts: pd.Index) -> tuple[list, dict[int, str]]:
        values, problems = [], {}
        for i, text in enumerate(texts):
            value, problem = convert(text) if text else (None, None)
            values.append(value)
            if problem:
                problems[i] = problem
        return values, problems

    return each


def _vector_text(texts: pd.Index, col: Column, known: tuple[set[str], str] | None) -> tuple[pd.Index, dict[int, str]]:
    """Text kinds are checked with string ops, so a million distinct NTPN stay fast."""
    if col.kind == schema.TEXT:
        return texts, {}
    pattern, rule = (
        r"[A-Za-z0-9._-]{2,32}",
        "kode UPT yang sah (2–32 huruf, angka, titik, garis bawah atau tanda minus)",
    )
    if col.kind == schema.NTPN:
        pattern, rule = r"[A-Za-z0-9]{16}", "NTPN yang sah (16 huruf/angka)"
    elif col.kind == schema.NOMOR:
        pattern, rule = r"(?s).{2,64}", f"{col.name} yang sah (2–64 karakter)"
    upper, filled = texts.str.upper(), texts != ""
    bad = ~texts.str.fullmatch(pattern) & filled
    problems = {int(i): f"'{texts[int(i)]}' bukan {rule}" for i in np.flatnonzero(bad)}
    if known is not None:
        keys, listed_in = known
        unknown = ~upper.isin(keys) & ~bad & filled
        problems.update({int(i): f"'{texts[int(i)]}' tidak ada di {listed_in}" for i in np.flatnonzero(unknown)})
    return upper, problems


def _factorize(text: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize through arrow's dictionary encoding: about twice as fast on string columns."""
    encoded = pc.dictionary_encode(pa.array(text))
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return NONE, pd.Index([], dtype="str")
    # arrow encodes chunk by chunk; each chunk's dictionary extends the one before
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in chunks])
    return codes, pd.Index(chunks[-1].dictionary.to_pandas(), dtype="str")


def text_column(
    text: pd.Series, col: Column, convert: Callable[[pd.Index], tuple], key: bool
) -> tuple[pd.Series, list[Issue], np.ndarray | None]:
    """A text column conformed through its distinct values: (values, issues, codes of the values if `key`)."""
    row_codes, uniques = _factorize(text)
    stripped = uniques.str.strip()
    values, problems = convert(stripped)
    is_empty = np.asarray(stripped == "", dtype=bool)
    dtype = DTYPES[col.kind]
    if dtype == "str" and not is_empty.any() and pd.Index(values).equals(uniques):
        series = text  # the common case, already clean: no copy
    else:
        # pandas-stubs types pd.array only for one literal dtype, not for a dtype chosen at run time
        conformed: pd.api.extensions.ExtensionArray = pd.array(values, dtype=cast(Any, dtype))
        if is_empty.any():
            conformed[is_empty] = None  # an empty optional text is missing, not ""
        series = pd.Series(conformed.take(row_codes), copy=False)
    issues: list[Issue] = []
    if col.required and is_empty.any():
        issues.append((np.flatnonzero(is_empty[row_codes]), lambda p: "wajib diisi"))
    if problems:
        issues.append((np.flatnonzero(np.isin(row_codes, list(problems))), lambda p: problems[row_codes[p]]))
    if not key:
        return series, issues, None
    value_codes = pd.factorize(values if isinstance(values, pd.Index) else np.asarray(values, dtype=object))[0]
    if np.array_equal(value_codes, np.arange(len(value_codes))):
        return series, issues, row_codes
    return series, issues, value_codes[row_codes]  # "lp1" and "LP1" are one kode
