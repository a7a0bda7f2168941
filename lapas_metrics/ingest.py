"""File bytes -> conformed rows and problems for one table of spec/DATA.md; pure, no database."""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lapas_metrics import config, schema
from lapas_metrics.schema import Column, Table

MAX_PROBLEMS = 50
HEADER_SEARCH_ROWS = 30  # title rows an operator may leave above the header
DELIMITERS = (",", ";", "\t")
_HEAD_BYTES = 1 << 20  # enough text to hold the title rows and the header
_Dtype = Literal["str", "Int64", "float64", "datetime64[us]", "boolean"]
_DTYPES: dict[str, _Dtype] = {
    **dict.fromkeys((schema.KODE, schema.TEXT, schema.CHOICE, schema.JENIS_BELANJA, schema.NTPN), "str"),
    **dict.fromkeys((schema.INT, schema.YEAR), "Int64"),
    **dict.fromkeys((schema.DECIMAL, schema.MONEY), "float64"),
    **dict.fromkeys((schema.PERIOD, schema.DATE), "datetime64[us]"),
    schema.BOOL: "boolean",
}
_NUMBER_KINDS = (schema.INT, schema.DECIMAL, schema.MONEY)
_BOUNDS = {"lat": (-11.0, 6.0), "lon": (95.0, 141.0)}  # inside Indonesia
_STYLE_NAMES = {"id": "gaya Indonesia (1.234.567,50)", "en": "gaya Inggris (1,234,567.50)"}
_NONE = np.zeros(0, dtype=np.intp)


@dataclass(frozen=True)
class Problem:
    baris: int | None  # spreadsheet row number (header row counted); None for the whole file
    kolom: str | None
    nilai: str | None
    pesan: str


@dataclass
class IngestResult:
    table: str
    rows: pd.DataFrame
    problems: list[Problem]  # the first MAX_PROBLEMS, file-level first, then in row order
    problem_count: int
    warnings: list[str]
    sha256: str
    file_name: str

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


class _Rejected(Exception):
    """A problem that stops reading the file: the result's one file-level Problem."""


def read_upload(
    data: bytes,
    file_name: str,
    table: str,
    *,
    locale: str | None = None,
    known_upt: Iterable[str] | None = None,
    max_bytes: int | None = None,
    today: datetime.date | None = None,
) -> IngestResult:
    """Read one uploaded CSV/XLSX file for `table` into conformed rows, or say what is wrong.

    A bad file or an unknown table name never raises: it comes back as a file-level Problem
    (baris None). `rows` has the table's columns in schema order, typed as in _DTYPES, one
    row per data row of the file in file order; it is empty (with the columns) whenever any
    problem was found. `locale` forces the number style: "id" (1.234.567,50) or "en"
    (1,234,567.50); anything else is a ValueError. `known_upt`, when given, makes a kode_upt
    not in it a problem in the fact tables. `max_bytes` defaults to config.max_upload_bytes().
    """
    if locale not in (None, "id", "en"):
        raise ValueError(f"locale harus 'id' atau 'en', bukan {locale!r}")
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    spec = schema.TABLES.get(str(table).strip().lower())
    if spec is None:
        problem = Problem(
            None, None, str(table), f"Tabel '{table}' tidak dikenal. Pilihan: {', '.join(schema.TABLES)}."
        )
        return IngestResult(str(table), pd.DataFrame(), [problem], 1, warnings, digest, file_name)
    limit = config.max_upload_bytes() if max_bytes is None else max_bytes
    known = None
    if known_upt is not None and spec.name in schema.FACT_TABLES:
        known = {str(kode).strip().upper() for kode in known_upt}
    try:
        if len(data) > limit:
            size, most = (f"{n / 2**20:.1f}".replace(".", ",") for n in (len(data), limit))
            raise _Rejected(f"File berukuran {size} MB melebihi batas {most} MB.")
        sheet = _read_sheet(data, file_name, spec, warnings)
        rows, report = _conform(sheet, spec, locale, known, today or datetime.date.today(), warnings)
    except _Rejected as exc:
        problem = Problem(None, None, None, str(exc))
        return IngestResult(spec.name, _empty_frame(spec), [problem], 1, warnings, digest, file_name)
    return IngestResult(spec.name, rows, report.problems(), report.count, warnings, digest, file_name)


def template_frame(table: str) -> pd.DataFrame:
    """The header and one example row of `table`; KeyError naming the tables if unknown."""
    spec = schema.get_table(table)
    return pd.DataFrame([[col.example for col in spec.columns]], columns=spec.column_names)


def template_csv(table: str) -> str:
    return template_frame(table).to_csv(index=False)


# --- headers -------------------------------------------------------------------------------

_UNIT = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalize_header(text: str) -> str:
    """'Nilai Produksi (Rp)' -> 'nilai_produksi', 'KODE_UPT' -> 'kode_upt', 'Pagu APBN-P' -> 'pagu_apbnp'."""
    text = re.sub(r"[\s_]+", "_", _UNIT.sub(" ", str(text).lower()).strip())
    return re.sub("_+", "_", re.sub(r"[^a-z0-9_]", "", text)).strip("_")


def _header_names(table: Table) -> dict[str, str]:
    names = {col.name: col.name for col in table.columns}
    names.update({col.name.removesuffix("_rp"): col.name for col in table.columns if col.kind == schema.MONEY})
    names.update({normalize_header(alias): target for alias, target in table.aliases.items()})
    return names


def _match_header(cells: Sequence[str], table: Table) -> list[str | None]:
    names = _header_names(table)
    matched = []
    for cell in cells:
        name = names.get(normalize_header(cell))
        if name is None:  # "Kabupaten/Kota": punctuation between words read as a separator
            name = names.get(normalize_header(re.sub(r"[^\w\s()\[\]]", " ", str(cell))))
        matched.append(name)
    return matched


def _named(cells: Sequence[str], table: Table) -> int:
    return len({name for name in _match_header(cells, table) if name})


def _find_header(rows: Iterable[Sequence[str]], table: Table) -> tuple[int, list[str]]:
    """(row number, cells) of the first row naming every key column; (0, the row naming most columns) if none."""
    best: list[str] = []
    for number, cells in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=1):
        if set(table.key) <= set(_match_header(cells, table)):
            return number, list(cells)
        if _named(cells, table) > _named(best, table):
            best = list(cells)
    return 0, best


def _no_header(best: list[str], table: Table) -> _Rejected:
    if _named(best, table) >= 2:  # a row that looks like the header: name what it lacks
        named = set(_match_header(best, table))
        return _Rejected(f"Kolom wajib tidak ada: {', '.join(c for c in table.required_columns if c not in named)}.")
    return _Rejected(
        f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama: baris judul harus memuat "
        f"kolom {', '.join(table.key)} (file CSV dengan pemisah koma, titik koma atau tab, atau XLSX)."
    )


# --- reading the file into strings ---------------------------------------------------------


@dataclass
class _Sheet:
    header: list[str]
    cells: pd.DataFrame  # the rows below the header, all str, columns 0..n-1 as in the file
    rownum: np.ndarray  # spreadsheet row number of each row of `cells`
    native: pd.DataFrame | None = None  # XLSX: True where the cell held a number, not text


def _read_sheet(data: bytes, file_name: str, table: Table, warnings: list[str]) -> _Sheet:
    if not re.search(rb"\S", data):
        raise _Rejected("File kosong.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, table, warnings)
    if data.startswith(b"\xd0\xcf\x11\xe0") or file_name.lower().endswith((".xls", ".xlsx", ".xlsm")):
        raise _Rejected("File tidak dapat dibaca: bukan XLSX yang utuh (format .xls lama tidak didukung).")
    try:
        return _read_csv(data, table, "utf-8")
    except UnicodeError:  # Excel on Windows saves "CSV" in the ANSI code page
        return _read_csv(data, table, "cp1252")


def _lines(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _read_csv(data: bytes, table: Table, encoding: str) -> _Sheet:
    start = 0
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    if encoding == "utf-8":
        utf8, start = data, 3 if data.startswith(codecs.BOM_UTF8) else 0
        head = codecs.getincrementaldecoder("utf-8")().decode(data[start : start + _HEAD_BYTES], final=False)
    else:
        utf8 = data.decode(encoding, errors="replace").encode("utf-8")
        head = utf8[:_HEAD_BYTES].decode("utf-8", errors="ignore")
    if "\x00" in head:
        raise _Rejected("File tidak dapat dibaca: bukan CSV atau XLSX.")
    if "\n" not in head and "\r" in head:  # old Mac line ends
        utf8, head = utf8.replace(b"\r", b"\n"), head.replace("\r", "\n")
    if len(utf8) - start > _HEAD_BYTES:
        head = head[: head.rfind("\n") + 1]
    candidates = []
    for delimiter in DELIMITERS:  # the delimiter is the one that yields the header
        reader = csv.reader(_lines(head), delimiter=delimiter)
        try:
            header_row, header = _find_header(reader, table)
        except csv.Error:
            continue
        candidates.append((header_row > 0, _named(header, table), delimiter, header_row, header, reader.line_num))
    found, _, delimiter, header_row, header, lines = max(
        candidates, key=lambda c: c[:2], default=(False, 0, ",", 0, [], 0)
    )
    if not found:
        raise _no_header(header, table)
    for _ in range(lines):
        start = utf8.find(b"\n", start) + 1 or len(utf8)
    cells = _parse_csv_body(utf8, start, delimiter, len(header))
    return _Sheet(header, cells, np.arange(header_row + 1, header_row + 1 + len(cells)))


def _parse_csv_body(utf8: bytes, start: int, delimiter: str, width: int) -> pd.DataFrame:
    """The records of utf8[start:], one per spreadsheet row (blank lines kept as blank rows)."""
    end = len(utf8)
    while end > start and utf8[end - 1] in b"\r\n":
        end -= 1
    names = [str(i) for i in range(width)]
    quoted = utf8.find(b'"', start, end) >= 0
    try:
        read = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(memoryview(utf8)[start:end])),  # no copy of a 50 MB file
            read_options=pa_csv.ReadOptions(column_names=names),
            # A blank line then fails (one field, not `width`), and only quoted line breaks need
            # the slower, serial chunker.
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),  # what pandas keeps: no copy
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        # Blank lines and quoted line breaks are where pyarrow's rows stop matching the
        # spreadsheet's row numbers: then the csv module takes over.
        if not quoted or read.num_rows == utf8.count(b"\n", start, end) + 1:
            return read.to_pandas().set_axis(range(width), axis=1)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            raise UnicodeError(str(exc)) from exc
    records = list(csv.reader(_lines(utf8[start:end].decode("utf-8")), delimiter=delimiter))
    width = max([width, *(len(record) for record in records)])
    padded = [record + [""] * (width - len(record)) for record in records]
    return pd.DataFrame(padded, columns=range(width), dtype="str")


def _read_xlsx(data: bytes, table: Table, warnings: list[str]) -> _Sheet:
    import openpyxl  # only XLSX uploads pay for the import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            sheet = next((ws for ws in sheets if ws.title.strip().lower() == table.name), sheets[0])
            rows = [[_xlsx_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise _Rejected(f"File XLSX tidak dapat dibaca (rusak atau bukan XLSX): {exc}") from exc
    if len(sheets) > 1 and sheet.title.strip().lower() != table.name:
        # Only a fallback is worth a word: a sheet named after the table is what the template asks for.
        warnings.append(
            f"Berkas berisi beberapa lembar dan tidak ada yang bernama '{table.name}'; "
            f"yang dibaca lembar pertama, '{sheet.title}'."
        )
    header_row, header = _find_header(([text for text, _ in row] for row in rows), table)
    if not header_row:
        raise _no_header(header, table)
    body = rows[header_row:]
    width = max([len(header), *(len(row) for row in body)])
    body = [row + [("", False)] * (width - len(row)) for row in body]
    cells = pd.DataFrame([[text for text, _ in row] for row in body], columns=range(width), dtype="str")
    native = pd.DataFrame([[number for _, number in row] for row in body], columns=range(width), dtype=bool)
    return _Sheet(header, cells, np.arange(header_row + 1, header_row + 1 + len(body)), native)


def _xlsx_cell(value: object) -> tuple[str, bool]:
    """Cell text, and whether it held a number (which then needs no number style)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return str(value).lower(), False
    if isinstance(value, int | float):
        whole = isinstance(value, int) or (value.is_integer() and abs(value) < 1e15)
        return (str(int(value)) if whole else repr(value)), True
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), False
    if isinstance(value, datetime.date):
        return value.isoformat(), False
    return str(value), False


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


def _year_converter(last_year: int) -> _Convert:
    def convert(text: str) -> tuple[object, str | None]:
        if not re.fullmatch(r"\d{4}", text):
            return None, f"'{text}' bukan tahun yang dikenali (contoh: 2017)"
        if not 2000 <= int(text) <= last_year:
            return None, f"'{text}' di luar rentang tahun 2000–{last_year}"
        return int(text), None

    return convert


def _lookup_converter(allowed: dict[str, object], what: str, choices: str) -> _Convert:
    def convert(text: str) -> tuple[object, str | None]:
        value = allowed.get(" ".join(text.lower().split()))
        return (value, None) if value is not None else (None, f"'{text}' bukan {what} yang sah (pilihan: {choices})")

    return convert


def _converter(col: Column, known_upt: set[str] | None, today: datetime.date) -> Callable[[pd.Index], tuple]:
    """For one column: its distinct stripped texts -> (conformed values, {index of text: problem})."""
    if col.kind in (schema.TEXT, schema.KODE, schema.NTPN):
        return lambda texts: _vector_text(texts, col, known_upt)
    if col.kind in (schema.PERIOD, schema.DATE):
        convert = _calendar_converter(col.kind == schema.PERIOD, today.year + 1)
    elif col.kind == schema.YEAR:
        convert = _year_converter(today.year + 1)
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


def _vector_text(texts: pd.Index, col: Column, known_upt: set[str] | None) -> tuple[pd.Index, dict[int, str]]:
    """Text kinds are checked with string ops, so a million distinct NTPN stay fast."""
    if col.kind == schema.TEXT:
        return texts, {}
    pattern, rule = (
        r"[A-Za-z0-9._-]{2,32}",
        "kode UPT yang sah (2–32 huruf, angka, titik, garis bawah atau tanda minus)",
    )
    if col.kind == schema.NTPN:
        pattern, rule = r"[A-Za-z0-9]{16}", "NTPN yang sah (16 huruf/angka)"
    upper, filled = texts.str.upper(), texts != ""
    bad = ~texts.str.fullmatch(pattern) & filled
    problems = {int(i): f"'{texts[int(i)]}' bukan {rule}" for i in np.flatnonzero(bad)}
    if known_upt is not None and col.kind == schema.KODE:
        unknown = ~upper.isin(known_upt) & ~bad & filled
        problems.update({int(i): f"'{texts[int(i)]}' tidak ada di daftar UPT" for i in np.flatnonzero(unknown)})
    return upper, problems


def _factorize(text: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize through arrow's dictionary encoding: about twice as fast on string columns."""
    encoded = pc.dictionary_encode(pa.array(text))
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return _NONE, pd.Index([], dtype="str")
    # arrow encodes chunk by chunk; each chunk's dictionary extends the one before
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in chunks])
    return codes, pd.Index(chunks[-1].dictionary.to_pandas(), dtype="str")


# --- numbers ------------------------------------------------------------------------------

# Whole-cell patterns for pyarrow's RE2, which runs over arrow strings without a Python loop.
_PLAIN = r"^-?\d+$"
_ID_NUMBER = r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"  # 1.234.567,50
_EN_NUMBER = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"  # 1,234,567.50


@dataclass
class _Numbers:
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


def _scan_numbers(raw: pd.Series, native: np.ndarray | None) -> _Numbers:
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
            return _Numbers(filled, empty, _NONE, pa.array([], pa.string()), no, no, whole=True)
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
        values[plain] = _whole_numbers(text, plain)
    styled = ~empty & ~native & ~plain
    positions, texts = np.flatnonzero(styled), pc.filter(text, pa.array(styled))
    is_id = _mask(pc.match_substring_regex(texts, _ID_NUMBER))
    is_en = _mask(pc.match_substring_regex(texts, _EN_NUMBER)) & ~dash[positions]
    return _Numbers(values, empty, positions, texts, is_id, is_en)


def _choose_style(scans: dict[str, _Numbers], rownum: np.ndarray) -> tuple[str | None, str | None]:
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


def _read_numbers(scan: _Numbers, style: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, unreadable rows, rows valid only in the other style) once the style is known.

    With no style (none found, or the file's styles clash) the texts that need one stay NaN
    and are no problem of their row: the file-level problem covers them."""
    if not len(scan.positions):
        return scan.values, _NONE, _NONE
    unreadable = scan.positions[~scan.is_id & ~scan.is_en]
    if style is None:
        return scan.values, unreadable, _NONE
    ok = scan.is_id if style == "id" else scan.is_en
    if style == "id":
        text = pc.replace_substring(pc.replace_substring(scan.styled, ".", ""), ",", ".")
    else:
        text = pc.replace_substring(scan.styled, ",", "")
    values = scan.values.copy()
    values[scan.positions[ok]] = _floats(text, ok)
    return values, unreadable, scan.positions[~ok & (scan.is_id | scan.is_en)]


# --- columns ------------------------------------------------------------------------------

_Issue = tuple[np.ndarray, Callable[[int], str]]  # rows (positions) with one problem, its text for a row


def _number_column(
    col: Column, scan: _Numbers, style: str | None, value_of: Callable[[int], str]
) -> tuple[pd.Series, list[_Issue]]:
    values, unreadable, other_style = _read_numbers(scan, style)
    example = "contoh: 1234567, 1.234.567 atau Rp 1.234.567,50"
    issues: list[_Issue] = [
        (np.flatnonzero(scan.empty) if col.required else _NONE, lambda p: "wajib diisi"),
        (unreadable, lambda p: f"'{value_of(p)}' bukan angka yang dikenali ({example})"),
        (other_style, lambda p: f"'{value_of(p)}' bukan angka dalam {_STYLE_NAMES[style or 'id']}"),
    ]
    with np.errstate(invalid="ignore"):  # NaN compares False: an empty cell breaks no range
        if col.positive:
            issues.append((np.flatnonzero(values <= 0), lambda p: f"{value_of(p)} harus lebih dari 0"))
        elif col.minimum is not None:
            issues.append((np.flatnonzero(values < col.minimum), lambda p: f"{value_of(p)} tidak boleh negatif"))
        if col.name in _BOUNDS:
            low, high = _BOUNDS[col.name]
            outside = np.flatnonzero((values < low) | (values > high))
            issues.append((outside, lambda p: f"{value_of(p)} di luar wilayah Indonesia ({low:g} sampai {high:g})"))
        if col.kind == schema.MONEY:
            limit = f"{schema.MONEY_MAX:,}".replace(",", ".")
            too_big = np.flatnonzero(values > schema.MONEY_MAX)
            issues.append((too_big, lambda p: f"{value_of(p)} melebihi batas Rp {limit}"))
            values = values if scan.whole else np.round(values, 2)
        if col.kind == schema.INT and not scan.whole:
            fraction = np.flatnonzero(np.mod(values, 1) > 0)
            issues.append((fraction, lambda p: f"'{value_of(p)}' harus bilangan bulat"))
            values = np.where(np.mod(values, 1) > 0, np.nan, values) if len(fraction) else values
    if col.default is not None and scan.empty.any():
        values = np.where(scan.empty, cast(float, col.default), values)  # a number column's default is a number
    return pd.Series(values, copy=False).astype(_DTYPES[col.kind]), issues


def _text_column(text: pd.Series, col: Column, convert: Callable, key: bool) -> tuple[pd.Series, list[_Issue], Any]:
    """A text column conformed through its distinct values: (values, issues, codes of the values if `key`)."""
    row_codes, uniques = _factorize(text)
    stripped = uniques.str.strip()
    values, problems = convert(stripped)
    is_empty = np.asarray(stripped == "", dtype=bool)
    dtype = _DTYPES[col.kind]
    if dtype == "str" and not is_empty.any() and pd.Index(values).equals(uniques):
        series = text  # the common case, already clean: no copy
    else:
        # pandas-stubs types pd.array only for one literal dtype, not for a dtype chosen at run time
        conformed: pd.api.extensions.ExtensionArray = pd.array(values, dtype=cast(Any, dtype))
        if is_empty.any():
            conformed[is_empty] = None  # an empty optional text is missing, not ""
        series = pd.Series(conformed.take(row_codes), copy=False)
    issues: list[_Issue] = []
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


# --- problems ----------------------------------------------------------------------------


class _Report:
    """Problems by row; a message is only built for the first MAX_PROBLEMS rows of each check."""

    def __init__(self, rownum: np.ndarray) -> None:
        self.rownum = rownum
        self.file: list[Problem] = []
        self.rows: list[tuple[int, int, Problem]] = []
        self.count = 0

    def add_file(self, pesan: str) -> None:
        self.file.append(Problem(None, None, None, pesan))
        self.count += 1

    def add(self, positions: np.ndarray, order: int, kolom: str | None, describe: Callable[[int], tuple]) -> None:
        """`describe(position)` -> (offending value, the message after 'Baris N, kolom K: ')."""
        self.count += len(positions)
        for pos in positions[:MAX_PROBLEMS]:
            nilai, text = describe(int(pos))
            row = int(self.rownum[pos])
            where = f"Baris {row}, kolom {kolom}: " if kolom else f"Baris {row}: "
            self.rows.append((row, order, Problem(row, kolom, nilai, where + text)))

    def problems(self) -> list[Problem]:
        ordered = [problem for _, _, problem in sorted(self.rows, key=lambda item: item[:2])]
        return (self.file + ordered)[:MAX_PROBLEMS]


def _repeats(codes: list[np.ndarray], valid: np.ndarray, rownum: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
    """Valid rows whose codes all match an earlier valid row, and {row position: that row's number} for
    the first MAX_PROBLEMS of them."""
    rows = None if valid.all() else np.flatnonzero(valid)
    combined = np.zeros(len(valid) if rows is None else len(rows), dtype=np.int64)
    for column in codes:
        column = column if rows is None else column[rows]
        cardinality = int(column.max(initial=0)) + 1
        if int(combined.max(initial=0)) >= 2**62 // cardinality:  # keep the combined code inside int64
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined *= cardinality
        combined += column
    if not len(combined):
        return _NONE, {}
    if combined.max() < 16 * len(combined):  # the usual case, told cheaply: no two rows alike
        seen = np.zeros(int(combined.max()) + 1, dtype=bool)
        seen[combined] = True
        if np.count_nonzero(seen) == len(combined):
            return _NONE, {}
    group = pd.factorize(combined)[0]  # numbered in order of first appearance
    is_first = group > np.maximum.accumulate(np.concatenate([[-1], group[:-1]]))
    later = np.flatnonzero(~is_first)
    earlier = np.flatnonzero(is_first)[group[later]]
    if rows is not None:
        later, earlier = rows[later], rows[earlier]
    first = later[:MAX_PROBLEMS].tolist()
    return later, dict(zip(first, rownum[earlier[:MAX_PROBLEMS]].tolist(), strict=True))


def _cross_checks(table: Table, raw: dict, out: dict, codes: dict, bad: np.ndarray, report: _Report) -> None:
    """Rules across columns and rows; rows that already have a problem are left out."""
    later, first = _repeats([codes[name] for name in table.key], ~bad, report.rownum)

    def key(pos: int) -> tuple[str, str]:
        shown = ", ".join(str(raw[name].iat[pos]).strip() for name in table.key)
        return shown, f"kunci ({shown}) sama dengan baris {first[pos]}"

    report.add(later, len(table.columns), None, key)
    if table.name == "partisipasi":
        working, occupants = out["wbp_bekerja"], out["jumlah_penghuni"]
        over = np.flatnonzero((working > occupants).fillna(False).to_numpy(dtype=bool))
        report.add(
            over,
            table.column_names.index("wbp_bekerja"),
            "wbp_bekerja",
            lambda p: (str(working.iat[p]), f"{working.iat[p]} melebihi jumlah_penghuni ({occupants.iat[p]})"),
        )
    if table.name == "upt":
        nama, kanwil = out["nama_upt"], out["kanwil"]
        spaced = [names.str.lower().str.replace(r"\s+", " ", regex=True) for names in (kanwil, nama)]
        later, same = _repeats([pd.factorize(names)[0] for names in spaced], ~bad, report.rownum)
        report.add(
            later,
            table.column_names.index("nama_upt"),
            "nama_upt",
            lambda p: (nama.iat[p], f"'{nama.iat[p]}' sudah dipakai di baris {same[p]} dalam kanwil {kanwil.iat[p]}"),
        )


# --- conforming ----------------------------------------------------------------------------


def _empty_frame(table: Table) -> pd.DataFrame:
    return pd.DataFrame({col.name: pd.Series([], dtype=_DTYPES[col.kind]) for col in table.columns})


def _drop_layout_rows(sheet: _Sheet, used: list[int], warnings: list[str]) -> _Sheet:
    """Without blank rows (nothing in the table's columns) and a closing Jumlah/Total row.

    Row numbers stay those of the file. A row with text only in ignored columns (the
    pre-numbered "No" column of an unfilled template) counts as blank."""
    cells = sheet.cells
    blank: np.ndarray | None = None  # candidate rows, narrowed column by column
    for column in used:
        part = cells[column] if blank is None else cells[column].iloc[blank]
        is_blank = ((part == "") | part.str.isspace()).to_numpy(dtype=bool)
        blank = np.flatnonzero(is_blank) if blank is None else blank[is_blank]
        if not len(blank):
            break
    drop = set() if blank is None else set(blank.tolist())
    last = len(cells) - 1
    while last in drop:
        last -= 1
    if last >= 0:
        first_cell = next((text.strip() for text in cells.iloc[last] if text.strip()), "")
        if re.match(r"(jumlah|total)\b", first_cell, re.IGNORECASE):
            drop.add(last)
            warnings.append(f"Baris {sheet.rownum[last]} ('{first_cell}') dianggap baris jumlah dan dilewati.")
    if not drop:
        return sheet
    kept = np.ones(len(cells), dtype=bool)
    kept[list(drop)] = False
    keep: np.ndarray | slice = kept
    if not kept[min(drop) :].any():
        keep = slice(0, min(drop))  # only closing rows go: a slice copies nothing
    native = None if sheet.native is None else sheet.native[keep].reset_index(drop=True)
    return _Sheet(sheet.header, cells[keep].reset_index(drop=True), sheet.rownum[keep], native)


def _map_columns(sheet: _Sheet, table: Table, warnings: list[str]) -> dict[str, int]:
    """{canonical column: position in the file}; rejects a missing required or doubled column."""
    columns: dict[str, int] = {}
    ignored = []
    header = sheet.header + [""] * (sheet.cells.shape[1] - len(sheet.header))
    for position, (text, name) in enumerate(zip(header, _match_header(header, table), strict=True)):
        if name is None and text.strip():
            ignored.append(text.strip())
        elif name is None and (sheet.cells[position].str.strip() != "").any():
            warnings.append(f"Kolom ke-{position + 1} tanpa judul berisi data dan diabaikan.")
        elif name in columns:
            raise _Rejected(f"Kolom {name} muncul lebih dari sekali (judul '{header[columns[name]]}' dan '{text}').")
        elif name is not None:
            columns[name] = position
    missing = [name for name in table.required_columns if name not in columns]
    if missing:
        raise _Rejected(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    if ignored:
        warnings.append(f"Kolom yang tidak dikenal diabaikan: {', '.join(ignored)}.")
    return columns


def _value_and_problem(
    value_of: Callable[[int], str], describe: Callable[[int], str]
) -> Callable[[int], tuple[str, str]]:
    """For _Report.add: a row position -> (its text, its problem)."""
    return lambda p: (value_of(p), describe(p))


def _conform(
    sheet: _Sheet, table: Table, locale: str | None, known_upt: set[str] | None, today: datetime.date, warnings: list
) -> tuple[pd.DataFrame, _Report]:
    columns = _map_columns(sheet, table, warnings)
    sheet = _drop_layout_rows(sheet, list(columns.values()), warnings)
    if sheet.cells.empty:
        raise _Rejected("File tidak berisi baris data di bawah baris judul kolom.")
    n = len(sheet.cells)
    raw = {name: sheet.cells[position] for name, position in columns.items()}
    native = {name: None if sheet.native is None else sheet.native[pos].to_numpy() for name, pos in columns.items()}
    scans = {
        c.name: _scan_numbers(raw[c.name], native[c.name])
        for c in table.columns
        if c.name in raw and c.kind in _NUMBER_KINDS
    }
    report = _Report(sheet.rownum)
    style, style_problem = (locale, None) if locale else _choose_style(scans, sheet.rownum)
    if style_problem:
        report.add_file(style_problem)
    out: dict[str, pd.Series] = {}
    codes: dict[str, np.ndarray] = {}  # codes of the conformed values, for the key check
    bad = np.zeros(n, dtype=bool)
    for order, col in enumerate(table.columns):
        if col.name not in raw:
            out[col.name] = pd.Series([col.default] * n, dtype=_DTYPES[col.kind])
            continue

        def value_of(pos: int, text: pd.Series = raw[col.name]) -> str:
            return str(text.iat[pos]).strip()

        if col.name in scans:
            out[col.name], issues = _number_column(col, scans[col.name], style, value_of)
        else:
            convert = _converter(col, known_upt, today)
            out[col.name], issues, codes[col.name] = _text_column(raw[col.name], col, convert, col.name in table.key)
        for positions, describe in issues:
            bad[positions] = True
            report.add(positions, order, col.name, _value_and_problem(value_of, describe))
    _cross_checks(table, raw, out, codes, bad, report)
    if report.count:
        return _empty_frame(table), report
    return pd.DataFrame(out, copy=False), report
