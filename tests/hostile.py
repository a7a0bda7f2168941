"""Hostile and damaged XLSX files, built from their XML at test time (shared by tests and benchmarks/bench_hostile)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PRODUKSI = ["kode_upt", "periode", "bidang", "produk", "jumlah", "satuan", "nilai_produksi_rp"]
ROW = ["LP1", "2017-01", "Jasa", "Cuci", 1, "kg", 100]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def column_letters(number: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: object) -> str:
    """A cell as Excel writes it: numbers as <v>, text inline; a tuple (attributes, content) is a raw cell."""
    if isinstance(value, tuple):
        attributes, content = value
        return f'<c r="{ref}"{attributes}>{content}</c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_rows(rows: Sequence[Sequence[object]], first: int = 1) -> str:
    out = []
    for number, values in enumerate(rows, start=first):
        cells = "".join(cell(f"{column_letters(i)}{number}", v) for i, v in enumerate(values, 1) if v is not None)
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet_xml(rows_xml: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}<sheetData>{rows_xml}</sheetData></worksheet>'


def package(sheet: str | Iterable[bytes], shared: str | Iterable[bytes] | None = None) -> bytes:
    """A workbook of one sheet; `sheet` and `shared` are XML text or chunks of bytes (streamed in)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, part in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if part is None:
                continue
            if isinstance(part, str):
                book.writestr(name, part)
                continue
            with book.open(name, "w", force_zip64=True) as member:
                for chunk in part:
                    member.write(chunk)
    return buffer.getvalue()


def produksi_xlsx(rows: Sequence[Sequence[object]], dimension: str | None = None) -> bytes:
    """A produksi sheet: the header, then `rows`."""
    return package(sheet_xml(sheet_rows([PRODUKSI, *rows]), dimension))


# --- the hostile files ---------------------------------------------------------------------


def huge_dimension() -> bytes:
    """About 1 KB: the whole grid declared, the header, and one cell in the very last row and column."""
    rows = sheet_rows([PRODUKSI]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return package(sheet_xml(rows, "A1:XFD1048576"))


def shared_strings_bomb(megabytes: int = 334) -> bytes:
    """About 1 MB on disk, `megabytes` of shared strings once inflated."""

    def chunks() -> Iterable[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        for column in PRODUKSI:
            yield f"<si><t>{column}</t></si>".encode()
        block = (b"<si><t>" + b"x" * 1000 + b"</t></si>") * 1000
        for _ in range(megabytes * 2**20 // len(block)):
            yield block
        yield b"</sst>"

    header = "".join(f'<c r="{column_letters(i)}1" t="s"><v>{i - 1}</v></c>' for i in range(1, 8))
    return package(sheet_xml(f'<row r="1">{header}</row>'), chunks())


def many_rows(count: int) -> bytes:
    """`count` filled data rows (a sheet as large as a real big upload)."""

    def chunks() -> Iterable[bytes]:
        head, tail = sheet_xml("<!---->").split("<!---->")
        yield (head + sheet_rows([PRODUKSI])).encode()
        for start in range(2, count + 2, 10_000):
            rows = [[*ROW[:3], f"Produk {n}", *ROW[4:]] for n in range(start, min(start + 10_000, count + 2))]
            yield sheet_rows(rows, start).encode()
        yield tail.encode()

    return package(chunks())


def empty_rows_bomb(megabytes: int = 1000) -> bytes:
    """A sheet of `megabytes` of empty <row/> elements: small on disk, long to inflate."""

    def chunks() -> Iterable[bytes]:
        head, tail = sheet_xml("<!---->").split("<!---->")
        yield (head + sheet_rows([PRODUKSI])).encode()
        block = b"<row/>" * 200_000
        for _ in range(megabytes * 2**20 // len(block)):
            yield block
        yield tail.encode()

    return package(chunks())


def wide_row(columns: int = 16384) -> bytes:
    """One data row with a filled cell in each of `columns` columns."""
    values = [*ROW, *range(len(ROW) + 1, columns + 1)]
    return produksi_xlsx([values])


def long_cell(chars: int = 40_000) -> bytes:
    return produksi_xlsx([[*ROW[:3], "x" * chars, *ROW[4:]]])


def billion_laughs() -> bytes:
    """Nested entities in the sheet's doctype."""
    entities = '<!ENTITY a0 "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    rows = sheet_rows([PRODUKSI]).replace("<t>kode_upt</t>", "<t>&a9;</t>")
    body = sheet_xml(rows).replace('<?xml version="1.0" encoding="UTF-8"?>', "")
    return package(f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>{body}')


HOSTILE = {
    "huge_dimension": huge_dimension,
    "shared_strings_bomb": shared_strings_bomb,
    "empty_rows_bomb": empty_rows_bomb,
    "wide_row": wide_row,
    "long_cell": long_cell,
    "billion_laughs": billion_laughs,
}
