"""Uploaded bytes -> a sheet of strings: CSV (encoding, delimiter) and XLSX reading, and the header search."""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lapas_metrics import schema
from lapas_metrics.ingest import xlsx
from lapas_metrics.ingest.limits import Limits, Rejected
from lapas_metrics.schema import Table

HEADER_SEARCH_ROWS = 30  # title rows an operator may leave above the header
DELIMITERS = (",", ";", "\t")
_HEAD_BYTES = 1 << 20  # enough text to hold the title rows and the header


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


def match_header(cells: Sequence[str], table: Table) -> list[str | None]:
    names = _header_names(table)
    matched = []
    for cell in cells:
        name = names.get(normalize_header(cell))
        if name is None:  # "Kabupaten/Kota": punctuation between words read as a separator
            name = names.get(normalize_header(re.sub(r"[^\w\s()\[\]]", " ", str(cell))))
        matched.append(name)
    return matched


def _named(cells: Sequence[str], table: Table) -> int:
    return len({name for name in match_header(cells, table) if name})


def find_header(rows: Iterable[Sequence[str]], table: Table) -> tuple[int, list[str]]:
    """(row number, cells) of the first row naming every key column; (0, the row naming most columns) if none."""
    best: list[str] = []
    for number, cells in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=1):
        if set(table.key) <= set(match_header(cells, table)):
            return number, list(cells)
        if _named(cells, table) > _named(best, table):
            best = list(cells)
    return 0, best


def _no_header(best: list[str], table: Table) -> Rejected:
    if _named(best, table) >= 2:  # a row that looks like the header: name what it lacks
        named = set(match_header(best, table))
        return Rejected(f"Kolom wajib tidak ada: {', '.join(c for c in table.required_columns if c not in named)}.")
    return Rejected(
        f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama: baris judul harus memuat "
        f"kolom {', '.join(table.key)} (file CSV dengan pemisah koma, titik koma atau tab, atau XLSX)."
    )


# --- reading the file into strings ---------------------------------------------------------


@dataclass
class Sheet:
    header: list[str]
    cells: pd.DataFrame  # the rows below the header, all str, columns 0..n-1 as in the file
    rownum: np.ndarray  # spreadsheet row number of each row of `cells`
    native: pd.DataFrame | None = None  # XLSX: True where the cell held a number, not text
    bad: list[tuple[int, int, str]] = field(default_factory=list)  # XLSX: (row of `cells`, column, problem)


def read_sheet(data: bytes, file_name: str, table: Table, warnings: list[str], limits: Limits) -> Sheet:
    if not re.search(rb"\S", data):
        raise Rejected("File kosong.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, table, limits, warnings)
    if data.startswith(b"\xd0\xcf\x11\xe0") or file_name.lower().endswith((".xls", ".xlsx", ".xlsm")):
        raise Rejected("File tidak dapat dibaca: bukan XLSX yang utuh (format .xls lama tidak didukung).")
    try:
        return _within(_read_csv(data, table, "utf-8"), limits)
    except UnicodeError:  # Excel on Windows saves "CSV" in the ANSI code page
        return _within(_read_csv(data, table, "cp1252"), limits)


def _within(sheet: Sheet, limits: Limits) -> Sheet:
    """The CSV sheet, if it keeps to the limits on rows, columns and characters in a cell."""
    if len(sheet.cells) > limits.rows:
        raise limits.too_many_rows()
    if sheet.cells.shape[1] > limits.columns:
        raise limits.too_many_columns("File")
    for column in range(sheet.cells.shape[1]):
        lengths = pc.utf8_length(pa.array(sheet.cells[column]))
        longest = pc.max(lengths).as_py() or 0
        if longest > limits.cell_chars:
            row = int(sheet.rownum[pc.index(lengths, longest).as_py()])
            raise limits.too_long(f"Baris {row}, kolom ke-{column + 1}")
    return sheet


def _lines(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _read_csv(data: bytes, table: Table, encoding: str) -> Sheet:
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
        raise Rejected("File tidak dapat dibaca: bukan CSV atau XLSX.")
    if "\n" not in head and "\r" in head:  # old Mac line ends
        utf8, head = utf8.replace(b"\r", b"\n"), head.replace("\r", "\n")
    if len(utf8) - start > _HEAD_BYTES:
        head = head[: head.rfind("\n") + 1]
    candidates = []
    for delimiter in DELIMITERS:  # the delimiter is the one that yields the header
        reader = csv.reader(_lines(head), delimiter=delimiter)
        try:
            header_row, header = find_header(reader, table)
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
    return Sheet(header, cells, np.arange(header_row + 1, header_row + 1 + len(cells)))


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
    text = utf8[start:end].decode("utf-8")
    if "\r" in text:  # a bare CR ends a line as Excel reads it; the csv module would call it an error
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:  # an unclosed quote runs into a field longer than the csv module takes
        raise Rejected(
            f"File CSV tidak dapat dibaca mulai sekitar baris ke-{reader.line_num} setelah judul kolom: "
            'periksa tanda kutip (") yang tidak ditutup.'
        ) from exc
    width = max([width, *(len(record) for record in records)])
    padded = [record + [""] * (width - len(record)) for record in records]
    return pd.DataFrame(padded, columns=range(width), dtype="str")


def _read_xlsx(data: bytes, table: Table, limits: Limits, warnings: list[str]) -> Sheet:
    """The sheet named after the table, else the first, as the rows it holds; number cells are marked."""
    rows = xlsx.read_rows(data, table.name, limits)
    if len(rows.titles) > 1 and rows.title.strip().lower() != table.name:
        # Only a fallback is worth a word: a sheet named after the table is what the template asks for.
        warnings.append(
            f"Berkas berisi beberapa lembar dan tidak ada yang bernama '{table.name}'; "
            f"yang dibaca lembar pertama, '{rows.title}'."
        )
    header_index, header = find_header(rows.texts, table)
    if not header_index:
        raise _no_header(header, table)
    body, numbers = rows.texts[header_index:], rows.numbers[header_index:]
    width = max([len(header), *(len(row) for row in body)])
    cells = pd.DataFrame([row + [""] * (width - len(row)) for row in body], columns=range(width), dtype="str")
    native = pd.DataFrame([row + [False] * (width - len(row)) for row in numbers], columns=range(width), dtype=bool)
    bad = [(index - header_index, column, problem) for index, column, problem in rows.bad if index >= header_index]
    return Sheet(header, cells, np.array(rows.rownum[header_index:], dtype=np.int64), native, bad)
