"""The shared Excel writer: a workbook in memory, sheets written from Column specs, number formats, inert text.

Every text cell that comes from the data and begins with =, +, -, @ (or a tab or carriage return) is
neutralised: prefixed with a single quote and written as a string, never a formula (formula injection,
OWASP "CSV injection"). Numbers stay numbers, negative ones too. Columns are sized to their text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from pandas import DataFrame
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from lapas_metrics.fmt import FORMULA_START, neutralise

DANGEROUS_START = FORMULA_START  # the one rule is fmt's (templates and the command line use it too)

# Excel number formats. Excel puts the separators of the reader's locale on these (1.234.567 in
# Indonesian Excel), so the format is written with the neutral "," and ".".
RUPIAH = '"Rp "#,##0'
PERCENT = "0.0%"
COUNT = "#,##0"
DECIMAL = "#,##0.0"
RATIO = "0.000"
YEAR = "0"
DATETIME = "dd/mm/yyyy hh:mm:ss"

# Text stays text: xlsxwriter would otherwise turn "=…" into a formula, "http…" into a link, "12" into a number.
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def missing(value: Any) -> bool:
    """True for None, NA, NaT, NaN and infinity: written as an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value) or math.isinf(value)
    return False


def yes_no(value: Any) -> str:
    return "ya" if bool(value) else "tidak"


@dataclass(frozen=True)
class PaperInfo:
    """What every printed page of a paper says: its title, unit and period in the page header; "Halaman N
    dari M", the export time (clock.stamp_text) and the database's SHA-256 in the footer."""

    title: str
    unit: str
    period: str
    exported: str
    database_sha256: str


@dataclass(frozen=True)
class Signer:
    """One line of the signature block: the role ("Disusun oleh"), the function ("Auditor"), and the name
    and date when they are known (empty: left as a line to fill in by hand)."""

    role: str
    function: str
    name: str = ""
    date: str = ""


HEADER_FOOTER_LIMIT = 255  # Excel refuses a longer page header or footer


def _header_text(text: str, limit: int) -> str:
    """Text for an Excel page header: line breaks made spaces, & doubled (it starts a code), at most `limit` characters."""
    escaped = " ".join(str(text).split()).replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    return (cut[:-1] if cut.endswith("&") and not cut.endswith("&&") else cut) + "…"


def page_header(info: PaperInfo) -> str:
    """The header code of every page: the title (bold) left, the unit centre, the period right."""
    return f'&L&"-,Bold"{_header_text(info.title, 90)}&C{_header_text(info.unit, 70)}&R{_header_text(info.period, 40)}'


def page_footer(info: PaperInfo) -> str:
    """The footer code of every page: page N of M left, the export time centre, the database SHA-256 right."""
    return (
        f"&L&8Halaman &P dari &N&C&8Diekspor {_header_text(info.exported, 50)}"
        f"&R&7SHA-256 basis data:\n{_header_text(info.database_sha256, 64)}"  # two lines: never over the centre
    )


SIGNATURE_HEAD = ("Peran", "Nama", "Paraf", "Tanggal")


@dataclass(frozen=True)
class Column:
    """One exported column: the frame's column, its header, its Excel number format (None = text),
    and an optional function turning a value into what is written (e.g. a flag into 'ya')."""

    name: str
    label: str
    number_format: str | None = None
    convert: Callable[[Any], Any] | None = None
    wrap: bool = False


class Book:
    """An xlsxwriter workbook in memory whose sheets share one set of cell formats; close() gives the bytes."""

    def __init__(self, properties: dict[str, Any]) -> None:
        self._buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self._buffer, _OPTIONS)
        self.book.set_properties(properties)
        self.formats: dict[str, Format] = {}

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, name)

    def close(self) -> bytes:
        self.book.close()
        return self._buffer.getvalue()


class Sheet:
    """A worksheet that remembers how wide each column's text is, to size the columns at the end."""

    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.sheet: Worksheet = book.book.add_worksheet(name)
        self.widths: dict[int, float] = {}
        self.wrapped: set[int] = set()

    def cell_format(self, number_format: str | None, extra: str = "") -> Format:
        """The shared format for a number format and a style: words of 'wrap head name title bold'."""
        key = f"{number_format}|{extra}"
        if key not in self.book.formats:
            spec: dict[str, Any] = {"valign": "top"}
            if number_format:
                spec["num_format"] = number_format
            if "wrap" in extra:
                spec["text_wrap"] = True
            if "head" in extra:
                spec.update({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
            if "name" in extra:
                spec.update(
                    {"italic": True, "font_color": "#5F6B7A", "bg_color": "#F2F5F9", "border": 1, "font_size": 8}
                )
                spec["text_wrap"] = True
            if "title" in extra:
                spec.update({"bold": True, "font_size": 14})
            if "bold" in extra:
                spec["bold"] = True
            if "box" in extra:
                spec.update({"border": 1, "valign": "vcenter"})
            self.book.formats[key] = self.book.book.add_format(spec)
        return self.book.formats[key]

    def _measure(self, col: int, text: str) -> None:
        longest = max((len(line) for line in text.splitlines()), default=0)
        self.widths[col] = max(self.widths.get(col, 0), longest)

    def write(self, row: int, col: int, value: Any, number_format: str | None = None, style: str = "") -> None:
        """Write one value by its type: blank, number, date-time or (neutralised) text."""
        cell_format = self.cell_format(number_format, style)
        if missing(value):
            self.sheet.write_blank(row, col, None, cell_format)
            return
        if isinstance(value, bool | np.bool_):
            value = yes_no(value)
        if isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            self.sheet.write_number(row, col, number, cell_format)
            self._measure(col, _shown_number(number, number_format))
            return
        if isinstance(value, datetime | date | pd.Timestamp):
            stamp = pd.Timestamp(value).to_pydatetime()
            date_format = self.cell_format(number_format or DATETIME, style)
            self.sheet.write_datetime(row, col, stamp.replace(tzinfo=None), date_format)
            self._measure(col, "00/00/0000 00:00:00")
            return
        text = neutralise(str(value))
        if not text:
            self.sheet.write_blank(row, col, None, cell_format)
            return
        self.sheet.write_string(row, col, text, cell_format)
        if "title" not in style:
            self._measure(col, text)

    def header(self, row: int, columns: Sequence[Column]) -> None:
        """Two header rows: the Indonesian label, then the canonical column name (as in METRICS.md and the CSV)."""
        for col, column in enumerate(columns):
            self.sheet.write_string(row, col, column.label, self.cell_format(None, "head"))
            self.sheet.write_string(row + 1, col, column.name, self.cell_format(None, "name"))
            # Neither the label nor the canonical name widens a column beyond its values: both wrap (the
            # name in a small font), so a paper stays readable when printed one page wide.
            self.widths[col] = max(self.widths.get(col, 0), min(max(len(word) for word in column.label.split()), 14), 6)

    def rows(self, frame: DataFrame, columns: Sequence[Column], first_row: int) -> int:
        """The header rows and one row per record from `first_row` on, nothing frozen; returns the row after."""
        self.header(first_row, columns)
        for n, record in enumerate(frame[[c.name for c in columns]].itertuples(index=False, name=None)):
            for col, (column, value) in enumerate(zip(columns, record, strict=True)):
                shown = column.convert(value) if column.convert else value
                self.write(first_row + 2 + n, col, shown, column.number_format, "wrap" if column.wrap else "")
                if column.wrap:
                    self.wrapped.add(col)
        return first_row + 2 + len(frame)

    def table(self, frame: DataFrame, columns: Sequence[Column], first_row: int = 0, freeze_cols: int = 0) -> int:
        """Header rows and one row per record; frozen header, filter on the name row. Returns the next free row."""
        self.rows(frame, columns, first_row)
        last = first_row + 1 + len(frame)
        self.sheet.freeze_panes(first_row + 2, freeze_cols)
        self.sheet.autofilter(first_row + 1, 0, max(last, first_row + 1), len(columns) - 1)
        self.sheet.set_row(first_row, 45)
        return last + 1

    def print_as(self, info: PaperInfo, repeat: tuple[int, int] | None = None, tall: int = 0) -> None:
        """Print settings of a paper: A4 landscape, one page wide and `tall` pages tall (0: as many as
        needed), the page header and footer of `info`, rows `repeat` (first, last; 0-based) repeated on top
        of every page."""
        sheet = self.sheet
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, tall)
        sheet.set_margins(left=0.4, right=0.4, top=0.8, bottom=0.8)
        sheet.set_header(page_header(info), {"margin": 0.3})
        sheet.set_footer(page_footer(info), {"margin": 0.3})
        if repeat is not None:
            sheet.repeat_rows(*repeat)

    def signatures(self, row: int, signers: Sequence[Signer], first_col: int = 0) -> int:
        """The signature block from `row` on, four columns from `first_col` (A-D by default): Peran, Nama,
        Paraf, Tanggal, one boxed row per signer (a blank name or date stays an empty box to fill in by
        hand). Returns the row after it."""
        head = self.cell_format(None, "head")
        for col, text in enumerate(SIGNATURE_HEAD, start=first_col):
            self.sheet.write_string(row, col, text, head)
        for n, signer in enumerate(signers, start=1):
            self.sheet.set_row(row + n, 36)
            cells = (f"{signer.role} ({signer.function})", signer.name, "", signer.date)
            for col, text in enumerate(cells, start=first_col):
                self.write(row + n, col, text, None, "box")
        for col in range(first_col, first_col + len(SIGNATURE_HEAD)):
            self.widths[col] = max(self.widths.get(col, 0), 14)
        return row + len(signers) + 1

    def fit(self, minimum: int = 8, maximum: int = 60, wide: int = 90) -> None:
        for col, width in self.widths.items():
            limit = wide if col in self.wrapped else maximum
            self.sheet.set_column(col, col, min(max(width + 2, minimum), limit))


def _shown_number(number: float, number_format: str | None) -> str:
    """About what Excel shows for a number in a format, to size the column."""
    if number_format == RUPIAH:
        return f"Rp {number:,.0f}"
    if number_format == PERCENT:
        return f"{number * 100:,.1f}%"
    if number_format in (COUNT, YEAR):
        return f"{number:,.0f}"
    if number_format == RATIO:
        return f"{number:,.3f}"
    if number_format == DECIMAL:
        return f"{number:,.1f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")
