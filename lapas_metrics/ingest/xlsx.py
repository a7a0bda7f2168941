"""XLSX bytes -> the rows a sheet holds, streamed from its XML within Limits (no dimension or size is trusted)."""

from __future__ import annotations

import datetime
import io
import math
import posixpath
import re
import zipfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, cast
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.escape import unescape

from lapas_metrics.ingest.limits import Limits, Rejected

MAX_PARTS = 10_000  # a workbook has tens of parts; a zip of millions is a memory attack on its directory
DAMAGED = (
    "File XLSX tidak dapat dibaca: rusak, terpotong, atau bukan XLSX. Simpan ulang dari Excel atau "
    "LibreOffice, atau unggah sebagai CSV."
)
_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
_INTEGER = re.compile(r"-?\d+$")


@dataclass
class Rows:
    """The rows of one sheet that hold a value, in file order."""

    title: str
    titles: list[str]  # every worksheet of the book
    rownum: list[int] = field(default_factory=list)  # the sheet's row number of each row
    texts: list[list[str]] = field(default_factory=list)
    numbers: list[list[bool]] = field(default_factory=list)  # True where the cell held a number
    bad: list[tuple[int, int, str]] = field(default_factory=list)  # (row index, column index, problem)


class _Budget:
    """Bytes left to inflate over all parts read; the sizes a zip declares are checked and then not trusted."""

    def __init__(self, book: zipfile.ZipFile, limits: Limits) -> None:
        self.book, self.limits, self.left = book, limits, limits.unpacked_bytes

    def open(self, name: str) -> IO[bytes]:
        if self.book.getinfo(name).file_size > self.left:
            raise self.limits.too_big_unpacked()
        return cast(IO[bytes], _Counted(self.book.open(name), self))


class _Counted(io.RawIOBase):
    def __init__(self, member: IO[bytes], budget: _Budget) -> None:
        self.member, self.budget = member, budget

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.member.read(size if 0 < size <= 1 << 20 else 1 << 20)
        self.budget.left -= len(chunk)
        if self.budget.left < 0:
            raise self.budget.limits.too_big_unpacked()
        return chunk


def _parse(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    data: Callable[[str], None] | None = None,
) -> None:
    """Streams the XML through expat's callbacks: no tree is built, so memory does not grow with the part."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartDoctypeDeclHandler = _refuse_doctype  # no workbook part needs one; entities are a bomb
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data
    while chunk := stream.read(1 << 16):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _refuse_doctype(*_: object) -> None:
    raise Rejected(DAMAGED)


def _local(name: str) -> str:
    """'x:row' -> 'row': without namespace processing a prefix stays on the name."""
    return name[name.find(":") + 1 :]


class _Text:
    """The text of <si> or <is>: its <t> and rich-text runs, without phonetic guides (<rPh>)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.phonetic = 0
        self.collecting = False

    def start(self, tag: str) -> None:
        if tag == "t":
            self.collecting = not self.phonetic
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        if tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1

    def data(self, text: str) -> None:
        if self.collecting:
            self.parts.append(text)
            if len(self.parts) > 1000:  # a string of a million runs stays one string
                self.parts = ["".join(self.parts)]

    def pop(self) -> str:
        text, self.parts = "".join(self.parts), []
        return unescape(text) if "_x" in text else text


def _attributes(budget: _Budget, part: str, wanted: str) -> list[dict[str, str]]:
    """The attributes of every element named `wanted` in a small part (relationships, workbook, styles)."""
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag in wanted.split():
            found.append({"": tag, **attrs})

    _parse(budget.open(part), start)
    return found


def _relationships(budget: _Budget, name: str) -> dict[str, tuple[str, str]]:
    """{id: (type, part name)} of the relationships of the part `name`."""
    folder, base = posixpath.split(name)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in budget.book.NameToInfo:
        return {}
    found = {}
    for rel in _attributes(budget, rels_name, "Relationship"):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], part)
    return found


def _workbook(budget: _Budget) -> tuple[list[tuple[str, str]], bool, dict[str, str]]:
    """([(sheet title, part)], whether dates count from 1904, {relationship type: part})."""
    main = next((part for kind, part in _relationships(budget, "").values() if kind == "officeDocument"), None)
    main = main or "xl/workbook.xml"
    rels = _relationships(budget, main)
    sheets, date1904 = [], False
    for element in _attributes(budget, main, "workbookPr sheet"):
        if element[""] == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
            continue
        rid = next((v for k, v in element.items() if k.endswith(":id")), "")
        kind, part = rels.get(rid, ("", ""))
        if kind == "worksheet":  # chart sheets hold no cells
            sheets.append((element.get("name", ""), part))
    return sheets, date1904, {kind: part for kind, part in rels.values()}


class _Strings:
    """The shared strings, packed in one buffer: a table of a million short strings stays a few MB."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.ends = array("q")

    def add(self, text: str) -> None:
        self.buffer += text.encode("utf-8", "surrogatepass")
        self.ends.append(len(self.buffer))

    def __getitem__(self, index: int) -> str:
        start = self.ends[index - 1] if index else 0
        return self.buffer[start : self.ends[index]].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self.ends)


def _shared_strings(budget: _Budget, part: str | None) -> _Strings:
    strings, text = _Strings(), _Text()

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "si":
            strings.add(text.pop())
        else:
            text.end(tag)

    if part and part in budget.book.NameToInfo:
        _parse(budget.open(part), lambda name, _: text.start(_local(name)), end, text.data)
    return strings


def _date_styles(budget: _Budget, part: str | None) -> list[bool]:
    """Per cell style (the s attribute): True if its number format shows a date."""
    if not part or part not in budget.book.NameToInfo:
        return []
    formats: dict[str, str] = {str(key): value for key, value in BUILTIN_FORMATS.items()}
    dates: list[bool] = []
    section = ""  # <xf> of cell styles come first: only those of cellXfs number the s attribute
    for element in _attributes(budget, part, "numFmt xf cellStyleXfs cellXfs cellStyles dxfs extLst"):
        tag = element[""]
        if tag == "numFmt":
            formats[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif tag == "xf" and section == "cellXfs":
            code = formats.get(element.get("numFmtId", "0"), "")
            dates.append(is_date_format(code) and not is_timedelta_format(code))
        elif tag != "xf":
            section = tag
    return dates


# --- the sheet -----------------------------------------------------------------------------


@dataclass
class _Book:
    strings: _Strings
    dates: list[bool]
    epoch: datetime.datetime
    limits: Limits


def _column_number(ref: str | None, previous: int) -> int:
    """'C7' -> 3; a cell without a reference follows the one before."""
    match = _REF.match(ref) if ref else None
    if not match:
        return previous + 1
    number = 0
    for letter in match[1]:
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str, style: str, book: _Book) -> tuple[str, bool, str | None]:
    """A number cell's <v>: (text, is a number, problem); a number in a date format becomes the date."""
    is_date = style.isdigit() and int(style) < len(book.dates) and book.dates[int(style)]
    if _INTEGER.match(text) and not is_date:
        if len(text) > 300:  # Python's int() refuses thousands of digits; no column holds such a number
            return "", False, "angka terlalu panjang"
        return str(int(text)), True, None
    try:
        value = float(text)
    except ValueError:
        return "", False, f"'{text[:40]}' bukan angka"
    if not math.isfinite(value):
        return "", False, f"'{text[:40]}' bukan angka yang sah (NaN atau tak hingga)"
    if is_date:
        try:
            moment = from_excel(value, book.epoch)
        except (OverflowError, ValueError):
            return "", False, f"'{text[:40]}' bukan tanggal yang sah"
        if isinstance(moment, datetime.datetime):
            return moment.date().isoformat(), False, None
        return str(moment), False, None
    whole = value.is_integer() and abs(value) < 1e15
    return (str(int(value)) if whole else repr(value)), True, None


class _SheetReader:
    """The rows of one sheet, from expat's callbacks: only rows and cells that hold something count."""

    def __init__(self, book: _Book, rows: Rows) -> None:
        self.book, self.rows, self.limits = book, rows, book.limits
        self.number = self.column = 0
        self.texts: dict[int, str] = {}
        self.numbers: set[int] = set()
        self.bad: list[tuple[int, str]] = []
        self.kind, self.style, self.formula = "n", "", False
        self.value: list[str] | None = None  # the <v> being read
        self.inline: _Text | None = None  # the <is> being read
        self.collected, self.has_value = "", False  # the <v> read

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name if ":" not in name else _local(name)  # the hot path: millions of cells
        if tag == "c":
            self.column = _column_number(attrs.get("r"), self.column)
            self.kind, self.style, self.formula, self.value, self.inline = (
                attrs.get("t", "n"),
                attrs.get("s", ""),
                False,
                None,
                None,
            )
        elif tag == "v":
            self.value = []
        elif tag == "f":
            self.formula = True
        elif tag == "row":
            self.number = int(attrs.get("r") or self.number + 1)
            self.column = 0
        elif tag == "is":
            self.inline = _Text()
        elif self.inline is not None:
            self.inline.start(tag)

    def data(self, text: str) -> None:
        if self.value is not None:
            self.value.append(text)
        elif self.inline is not None:
            self.inline.data(text)

    def end(self, name: str) -> None:
        tag = name if ":" not in name else _local(name)
        if tag == "c":
            self.end_cell()
        elif tag == "row":
            self.end_row()
        elif tag == "v":
            self.collected, self.value, self.has_value = "".join(self.value or []), None, True
        elif self.inline is not None and tag != "is":
            self.inline.end(tag)

    def read_cell(self) -> tuple[str, bool, str | None]:
        """(text, is a number, problem) of the cell just ended."""
        kind = self.kind
        if kind == "inlineStr":
            return (self.inline.pop() if self.inline else ""), False, None
        text = self.collected if self.has_value else None
        if kind == "n" and self.formula and not (text or "").strip():  # <f> with an empty <v/> (openpyxl)
            text = None
        if text is None:
            if self.formula:
                return "", False, "rumus tanpa nilai tersimpan; buka file di Excel, simpan ulang, lalu unggah lagi"
            return "", False, None
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.book.strings):
                raise Rejected(DAMAGED)
            return self.book.strings[index], False, None
        if kind == "str":
            return (unescape(text) if "_x" in text else text), False, None
        if kind == "b":
            return ("true" if text.strip() in ("1", "true") else "false"), False, None
        if kind == "e":
            return "", False, f"sel berisi galat rumus {text[:20]}"
        if kind == "d":
            return text.strip()[:10], False, None
        return _number(text.strip(), self.style, self.book)

    def end_cell(self) -> None:
        text, is_number, problem = self.read_cell()
        self.has_value, self.inline = False, None
        if not text and problem is None:
            return
        if self.column > self.limits.columns:
            raise self.limits.too_many_columns(f"Baris {self.number}")
        if len(text) > self.limits.cell_chars:
            raise self.limits.too_long(f"Baris {self.number}, kolom ke-{self.column}")
        self.texts[self.column - 1] = text
        if is_number:
            self.numbers.add(self.column - 1)
        if problem:
            self.bad.append((self.column - 1, problem))

    def end_row(self) -> None:
        texts, rows = self.texts, self.rows
        if not texts:
            return
        if len(rows.rownum) >= self.limits.rows:
            raise self.limits.too_many_rows()
        width = max(texts) + 1
        rows.bad.extend((len(rows.rownum), column, problem) for column, problem in self.bad)
        rows.rownum.append(self.number)
        rows.texts.append([texts.get(i, "") for i in range(width)])
        rows.numbers.append([i in self.numbers for i in range(width)])
        self.texts, self.numbers, self.bad = {}, set(), []


def _open_book(data: bytes) -> zipfile.ZipFile:
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and int.from_bytes(data[end + 10 : end + 12], "little") > MAX_PARTS:
        raise Rejected(DAMAGED)
    return zipfile.ZipFile(io.BytesIO(data))


def read_rows(data: bytes, table_name: str, limits: Limits) -> Rows:
    """The rows of the worksheet titled after the table (case and spaces aside), else of the first worksheet.

    Only rows and cells the sheet holds are read: its <dimension> is ignored. Any damage, and any
    library's own error, comes out as one Indonesian Rejected."""
    try:
        with _open_book(data) as zipped:
            budget = _Budget(zipped, limits)
            sheets, date1904, parts = _workbook(budget)
            if not sheets:
                raise Rejected("File XLSX tidak berisi lembar kerja.")
            title, part = next(((t, p) for t, p in sheets if t.strip().lower() == table_name), sheets[0])
            epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
            book = _Book(_shared_strings(budget, parts.get("sharedStrings")), [], epoch, limits)
            book.dates = _date_styles(budget, parts.get("styles"))
            rows = Rows(title, [t for t, _ in sheets])
            reader = _SheetReader(book, rows)
            _parse(budget.open(part), reader.start, reader.end, reader.data)
            return rows
    except Rejected:
        raise
    except Exception as exc:  # zipfile, zlib, expat and int() each raise their own kinds on a damaged file
        raise Rejected(DAMAGED) from exc
