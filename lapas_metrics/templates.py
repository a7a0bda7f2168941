"""Upload templates of the seven tables: the CSV and XLSX files operators fill in, and the column guide."""

from __future__ import annotations

import io

import pandas as pd
import xlsxwriter

from lapas_metrics import fmt, schema
from lapas_metrics.schema import Column, Table

GUIDE_SHEET = "Petunjuk"
GUIDE_COLUMNS = ["kolom", "wajib", "isian", "satuan", "pilihan", "keterangan", "contoh"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_VALIDATED_ROWS = 5000  # rows of the XLSX template that carry the drop-down lists

# Kinds the spreadsheet must keep as text: Excel would turn "2017-01" into a date and
# drop the leading zeros of an NTPN.
_TEXT_KINDS = {
    schema.KODE,
    schema.TEXT,
    schema.CHOICE,
    schema.NTPN,
    schema.PERIOD,
    schema.DATE,
    schema.JENIS_BELANJA,
}
_NUMBER_KINDS = {schema.INT, schema.DECIMAL, schema.MONEY, schema.YEAR}


def _choices(col: Column) -> list[str]:
    if col.kind == schema.BOOL:
        return ["ya", "tidak"]
    if col.kind == schema.JENIS_BELANJA:
        return list(schema.JENIS_BELANJA_NAMES)
    return list(col.choices)


def _choices_text(col: Column) -> str:
    if col.kind == schema.JENIS_BELANJA:
        return ", ".join(f"{kode} ({title})" for kode, (title, _) in schema.JENIS_BELANJA_NAMES.items())
    return ", ".join(_choices(col))


def _kind_text(col: Column) -> str:
    """What goes in the cell, in words: 'rupiah ≥ 0', 'bulan', 'ya/tidak'."""
    at_least = " > 0" if col.positive else (" ≥ 0" if col.minimum == 0 else "")
    return {
        schema.KODE: "kode UPT",
        schema.TEXT: "teks",
        schema.CHOICE: "salah satu pilihan",
        schema.INT: "bilangan bulat" + at_least,
        schema.DECIMAL: "angka" + at_least,
        schema.MONEY: "rupiah" + at_least,
        schema.BOOL: "ya/tidak",
        schema.PERIOD: "bulan (periode)",
        schema.DATE: "tanggal",
        schema.YEAR: "tahun (4 angka)",
        schema.NTPN: "NTPN (16 huruf/angka)",
        schema.JENIS_BELANJA: "kode jenis belanja",
    }[col.kind]


def guide_frame(table: str) -> pd.DataFrame:
    """One row per column of `table`: GUIDE_COLUMNS, from schema.Column (name, required, kind, unit, choices, description, example).

    `wajib` is "ya, kunci" for a column of the table's key, "ya" or "tidak" otherwise.
    KeyError with the allowed names for an unknown table.
    """
    spec = schema.get_table(table)
    rows = []
    for col in spec.columns:
        wajib = "ya" if col.required else "tidak"
        if col.name in spec.key:
            wajib += ", kunci"
        rows.append([col.name, wajib, _kind_text(col), col.unit, _choices_text(col), col.description, col.example])
    return pd.DataFrame(rows, columns=GUIDE_COLUMNS)


def general_notes(table: str) -> list[str]:
    """The sentences above the column guide: key, formats, what happens to a repeated key."""
    spec = schema.get_table(table)
    aliases = ", ".join(f"{alias} = {target}" for alias, target in spec.aliases.items())
    notes = [
        f"Satu baris = satu data {spec.title.lower()}. Kunci baris: {', '.join(spec.key)}.",
        "Baris yang kuncinya sudah ada di basis data menggantikan data lama; versi lama disimpan "
        "dan dapat dipulihkan dengan membatalkan unggahan (halaman Riwayat Unggahan).",
        "Jangan mengubah judul kolom di baris pertama; kolom lain yang tidak dikenal diabaikan. "
        "Hapus atau timpa baris contoh sebelum mengunggah.",
        "Angka boleh ditulis 1234567, 1.234.567 atau Rp 1.234.567,50; periode boleh 2017-01, "
        "01/2017 atau Januari 2017; tanggal 2017-03-15 atau 15/03/2017.",
        "Berkas ditolak seluruhnya bila ada satu saja kesalahan; laporan menyebut nomor baris, "
        "kolom dan nilai yang salah.",
    ]
    if aliases:
        notes.append(f"Nama kolom lain yang juga dikenali: {aliases}.")
    return notes


def template_frame(table: str) -> pd.DataFrame:
    """The header and one example row of `table`, examples of number columns as numbers (so -6.9175 stays a number
    when text is neutralised); KeyError naming the tables if unknown."""
    spec = schema.get_table(table)
    return pd.DataFrame([[_example_value(col) for col in spec.columns]], columns=spec.column_names)


def template_csv(table: str) -> bytes:
    """The CSV template: the header and one example row, UTF-8 with BOM (so Excel shows accents), importable as is;
    text neutralised (fmt.csv_bytes)."""
    return fmt.csv_bytes(template_frame(table), lineterminator="\r\n")


def _example_value(col: Column) -> object:
    """The example as the cell should hold it: a number for number columns, text otherwise."""
    if col.kind in _NUMBER_KINDS and col.example:
        number = float(col.example)
        return int(number) if number.is_integer() else number
    return col.example


def template_xlsx(table: str) -> bytes:
    """The XLSX template: sheet `<table>` (header, example row, drop-down lists, a note on each header)
    and sheet "Petunjuk" (the general notes and guide_frame). The importer reads the sheet named after the table.
    """
    spec: Table = schema.get_table(table)
    buffer = io.BytesIO()
    # Text stays text (the shared writer's options): no formula, link or number made from a string.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    formats = {
        schema.MONEY: book.add_format({"num_format": "#,##0"}),
        schema.INT: book.add_format({"num_format": "0"}),
        schema.YEAR: book.add_format({"num_format": "0"}),
        schema.DECIMAL: book.add_format({"num_format": "General"}),
    }

    sheet = book.add_worksheet(spec.name)
    sheet.freeze_panes(1, 0)
    for index, col in enumerate(spec.columns):
        cell_format = text if col.kind in _TEXT_KINDS else formats.get(col.kind)
        sheet.set_column(index, index, max(14, len(col.name) + 4), cell_format)
        sheet.write_string(0, index, col.name, header)
        rule = f"{'Wajib' if col.required else 'Opsional'}; {_kind_text(col)}. {col.description}"
        sheet.write_comment(0, index, rule, {"x_scale": 2, "y_scale": 1.5})
        value = _example_value(col)
        if isinstance(value, int | float):
            sheet.write_number(1, index, value, cell_format)
        else:
            sheet.write_string(1, index, fmt.neutralise(str(value)), cell_format)
        choices = _choices(col)
        if choices:
            sheet.data_validation(
                1,
                index,
                _VALIDATED_ROWS,
                index,
                {
                    "validate": "list",
                    "source": choices,
                    "error_type": "warning",
                    "error_title": "Nilai tidak dikenal",
                    "error_message": f"Pilihan {col.name}: {_choices_text(col)}"[:255],
                },
            )

    guide = book.add_worksheet(GUIDE_SHEET)
    title = book.add_format({"bold": True, "font_size": 13})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.write_string(0, 0, f"Petunjuk pengisian templat {spec.title} (lembar '{spec.name}')", title)
    notes = general_notes(table)
    for row, note in enumerate(notes, start=1):
        guide.write_string(row, 0, fmt.neutralise(note))
    start = len(notes) + 2
    frame = guide_frame(table)
    widths = {"kolom": 22, "wajib": 10, "isian": 20, "satuan": 8, "pilihan": 34, "keterangan": 60, "contoh": 24}
    for index, name in enumerate(GUIDE_COLUMNS):
        guide.set_column(index, index, widths[name], wrap)
        guide.write_string(start, index, name, header)
    for offset, (col, record) in enumerate(zip(spec.columns, frame.itertuples(index=False), strict=True), start=1):
        for index, value in enumerate(record):
            # the example of a number column is a number (-6.9175), not text to neutralise
            number = GUIDE_COLUMNS[index] == "contoh" and isinstance(_example_value(col), int | float)
            guide.write_string(start + offset, index, str(value) if number else fmt.neutralise(str(value)), wrap)
    book.close()
    return buffer.getvalue()
