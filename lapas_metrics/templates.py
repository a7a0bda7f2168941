"""Upload templates of the twelve tables: the CSV and XLSX files operators fill in, and the column guide."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pandas as pd
import xlsxwriter

from lapas_metrics import auth, clock, fmt, schema, store
from lapas_metrics.schema import Column, Table

GUIDE_SHEET = "Petunjuk"
GUIDE_COLUMNS = ["kolom", "wajib", "isian", "satuan", "pilihan", "keterangan", "contoh"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_VALIDATED_ROWS = 5000  # rows of the XLSX template that carry the drop-down lists
UNIT_SHEET = "Kode UPT"
UNIT_COLUMNS = ["kode_upt", "nama_upt", "kanwil"]
# The example row's code when the database has no unit yet: plainly not a real one.
EXAMPLE_CODE = "CONTOH-KODE-UPT"

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
    schema.NOMOR,
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


def template_units(path: Path, actor: auth.Actor) -> pd.DataFrame:
    """The units a template offers `actor` (the columns of `upt`, by kode_upt): every unit, an operator's own
    only. Empty when the database does not exist yet or holds none of them."""
    if not Path(path).exists():
        return pd.DataFrame(columns=schema.UPT.column_names)
    units = store.read_table(path, "upt")
    if actor.peran == "operator":
        units = units[units["kode_upt"].str.upper().isin({code.upper() for code in actor.upt})]
    return units.reset_index(drop=True)


def example_unit(units: pd.DataFrame | None) -> dict[str, object] | None:
    """The unit of the example row: the first Lapas Industri of `units`, else the first unit; None if there is none."""
    if units is None or units.empty:
        return None
    industri = units[units["lapas_industri"].fillna(False).astype(bool)]
    chosen = (industri if not industri.empty else units).iloc[0]
    return {str(name): None if fmt.is_missing(value) else value for name, value in chosen.items()}


def template_named(path: Path, table: str, units: pd.DataFrame | None) -> dict[str, object]:
    """Example values for the columns of `table` that name a stored agreement or asset (template_units' `units`):
    the first of the example unit's, or of any offered unit for a table without kode_upt; "" for an optional
    column when there is none (a required one keeps the schema's example). A partner report's year is the last
    of its agreement's term, at most this year. Empty when the database does not exist."""
    spec = schema.get_table(table)
    unit = example_unit(units)
    if not Path(path).exists() or unit is None or units is None:
        return {}
    own = "kode_upt" in spec.column_names
    codes = {str(unit["kode_upt"]).upper()} if own else {str(code).upper() for code in units["kode_upt"]}
    stored = store.linked_rows(path, table)
    named: dict[str, object] = {}
    for ref in spec.references:
        if ref.table == "upt":
            continue
        rows = stored[ref.table]
        rows = rows[rows["kode_upt"].astype(str).str.upper().isin(codes)].sort_values(ref.column)
        if rows.empty:
            if not spec.column(ref.column).required:
                named[ref.column] = ""
            continue
        chosen = rows.iloc[0]
        named[ref.column] = str(chosen[ref.column])
        for rule in spec.rules:
            if isinstance(rule, schema.YearInTerm) and rule.via == ref.column:
                start = pd.Timestamp(chosen["tanggal_mulai"]).date()
                last = (schema.term_end(start, int(chosen["jangka_tahun"])) - datetime.timedelta(days=1)).year
                named[rule.column] = max(start.year, min(last, clock.today().year))
    return named


def unit_list(units: pd.DataFrame | None) -> pd.DataFrame:
    """The valid codes as the template lists them: UNIT_COLUMNS, by kode_upt."""
    if units is None or units.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    return units[UNIT_COLUMNS].sort_values("kode_upt").reset_index(drop=True)


def _kind_text(col: Column) -> str:
    """What goes in the cell, in words: 'rupiah ≥ 0', 'bulan', 'ya/tidak'."""
    at_least = " > 0" if col.positive else (" ≥ 0" if col.minimum == 0 else "")
    if col.maximum is not None and col.minimum is not None:
        at_least = f" {col.minimum:g}–{col.maximum:g}"
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
        schema.NOMOR: "nomor/kode (2–64 karakter)",
    }[col.kind]


def guide_frame(table: str, units: pd.DataFrame | None = None, named: dict[str, object] | None = None) -> pd.DataFrame:
    """One row per column of `table`: GUIDE_COLUMNS, from schema.Column (name, required, kind, unit, choices, description, example).

    `wajib` is "ya, kunci" for a column of the table's key, "ya" or "tidak" otherwise. The example of
    kode_upt is the template's (example_row). KeyError with the allowed names for an unknown table.
    """
    spec = schema.get_table(table)
    example_values = example_row(table, units, named)
    shown = {"kode_upt", *(named or {})}
    rows = []
    for col in spec.columns:
        wajib = "ya" if col.required else "tidak"
        if col.name in spec.key:
            wajib += ", kunci"
        example = str(example_values[col.name]) if col.name in shown else col.example
        rows.append([col.name, wajib, _kind_text(col), col.unit, _choices_text(col), col.description, example])
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


def example_row(
    table: str, units: pd.DataFrame | None = None, named: dict[str, object] | None = None
) -> dict[str, object]:
    """The example row of `table` by column, numbers as numbers: the schema's examples with the kode_upt of
    example_unit(units) (EXAMPLE_CODE when there is none) and the values of `named` (template_named: a stored
    agreement or asset); for `upt`, that unit's stored row itself, so the example uploaded unedited changes
    nothing. A missing value is ""."""
    spec = schema.get_table(table)
    unit = example_unit(units)
    row = {col.name: _example_value(col) for col in spec.columns} | dict(named or {})
    if "kode_upt" not in row:  # laporan_mitra, status_aset: their unit is the agreement's or the asset's
        return row
    if unit is None:
        row["kode_upt"] = EXAMPLE_CODE
    elif spec.name == "upt":
        row = {col.name: _stored_value(col, unit.get(col.name)) for col in spec.columns}
    else:
        row["kode_upt"] = str(unit["kode_upt"])
    return row


def _stored_value(col: Column, value: object) -> object:
    """A stored value as the template's cell holds it: ya/tidak, whole numbers as int, missing as ""."""
    if value is None:
        return ""
    if col.kind == schema.BOOL:
        return "ya" if value else "tidak"
    if col.kind in _NUMBER_KINDS:
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() else number
    return str(value)


def template_frame(
    table: str, units: pd.DataFrame | None = None, named: dict[str, object] | None = None
) -> pd.DataFrame:
    """The header and one example row of `table` (example_row), examples of number columns as numbers (so -6.9175
    stays a number when text is neutralised); KeyError naming the tables if unknown."""
    spec = schema.get_table(table)
    row = example_row(table, units, named)
    return pd.DataFrame([[row[name] for name in spec.column_names]], columns=spec.column_names)


def unit_line(units: pd.DataFrame | None) -> str:
    """The CSV template's first line, the valid codes: "# Kode UPT yang sah: LP-A (Lapas A, Jawa Barat); …".
    The importer looks for the header in the first rows and passes over this one."""
    listed = unit_list(units)
    if listed.empty:
        return f"# Belum ada UPT di basis data: {EXAMPLE_CODE} pada baris contoh hanya contoh, ganti dengan kode UPT yang sah."
    codes = " · ".join(f"{row.kode_upt} ({row.nama_upt}, {row.kanwil})" for row in listed.itertuples(index=False))
    return f"# Kode UPT yang sah: {codes}. Baris ini boleh dibiarkan; pemeriksa berkas melewatinya."


def template_csv(table: str, units: pd.DataFrame | None = None, named: dict[str, object] | None = None) -> bytes:
    """The CSV template: a first line naming the valid codes (unit_line), the header and one example row, UTF-8
    with BOM (so Excel shows accents), importable as is; text neutralised (fmt.csv_bytes)."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow([fmt.neutralise(unit_line(units))])
    body = fmt.csv_bytes(template_frame(table, units, named), lineterminator="\r\n")
    return body[:3] + line.getvalue().encode("utf-8") + body[3:]  # after the BOM


def _example_value(col: Column) -> object:
    """The example as the cell should hold it: a number for number columns, text otherwise."""
    if col.kind in _NUMBER_KINDS and col.example:
        number = float(col.example)
        return int(number) if number.is_integer() else number
    return col.example


def template_xlsx(table: str, units: pd.DataFrame | None = None, named: dict[str, object] | None = None) -> bytes:
    """The XLSX template: sheet `<table>` (header, example row of example_row, drop-down lists, a note on each
    header), sheet "Petunjuk" (the general notes and guide_frame) and sheet "Kode UPT" (unit_list: the codes
    the kode_upt column may hold). The importer reads the sheet named after the table.
    """
    spec: Table = schema.get_table(table)
    buffer = io.BytesIO()
    # Text stays text (the shared writer's options): no formula, link or number made from a string.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    listed = unit_list(units)
    _data_sheet(book, spec, example_row(table, units, named), len(listed), header)
    _guide_sheet(book, spec, guide_frame(table, units, named), header)
    _unit_sheet(book, listed, header)
    book.close()
    return buffer.getvalue()


def _data_sheet(
    book: xlsxwriter.Workbook, spec: Table, example: dict[str, object], unit_count: int, header: object
) -> None:
    """The sheet to fill in: header with notes, the example row, drop-down lists (kode_upt from the unit sheet)."""
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
        value = example[col.name]
        if isinstance(value, int | float):
            sheet.write_number(1, index, value, cell_format)
        elif value != "":
            sheet.write_string(1, index, fmt.neutralise(str(value)), cell_format)
        choices = _choices(col)
        rule_cells: dict[str, object] = {"error_type": "warning", "error_title": "Nilai tidak dikenal"}
        if choices:
            message = f"Pilihan {col.name}: {_choices_text(col)}"[:255]
            rule_cells |= {"validate": "list", "source": choices, "error_message": message}
        elif col.kind == schema.KODE and spec.name != "upt" and unit_count:
            # a new unit of the upt table is not in the list yet; a fact row's code must be
            source = f"='{UNIT_SHEET}'!$A$2:$A${unit_count + 1}"
            rule_cells |= {"validate": "list", "source": source, "error_message": f"Lihat lembar '{UNIT_SHEET}'."}
        else:
            continue
        sheet.data_validation(1, index, _VALIDATED_ROWS, index, rule_cells)


def _guide_sheet(book: xlsxwriter.Workbook, spec: Table, frame: pd.DataFrame, header: object) -> None:
    """The sheet "Petunjuk": the general notes, then one row per column (guide_frame)."""
    guide = book.add_worksheet(GUIDE_SHEET)
    title = book.add_format({"bold": True, "font_size": 13})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.write_string(0, 0, f"Petunjuk pengisian templat {spec.title} (lembar '{spec.name}')", title)
    notes = general_notes(spec.name)
    for row, note in enumerate(notes, start=1):
        guide.write_string(row, 0, fmt.neutralise(note))
    start = len(notes) + 2
    widths = {"kolom": 22, "wajib": 10, "isian": 20, "satuan": 8, "pilihan": 34, "keterangan": 60, "contoh": 24}
    for index, name in enumerate(GUIDE_COLUMNS):
        guide.set_column(index, index, widths[name], wrap)
        guide.write_string(start, index, name, header)
    for offset, (col, record) in enumerate(zip(spec.columns, frame.itertuples(index=False), strict=True), start=1):
        for index, value in enumerate(record):
            # the example of a number column is a number (-6.9175), not text to neutralise
            number = GUIDE_COLUMNS[index] == "contoh" and isinstance(_example_value(col), int | float)
            guide.write_string(start + offset, index, str(value) if number else fmt.neutralise(str(value)), wrap)


def _unit_sheet(book: xlsxwriter.Workbook, listed: pd.DataFrame, header: object) -> None:
    """The sheet "Kode UPT": kode_upt, nama_upt, kanwil of every unit offered, or a sentence when there is none."""
    sheet = book.add_worksheet(UNIT_SHEET)
    for index, (name, width) in enumerate(zip(UNIT_COLUMNS, (20, 40, 24), strict=True)):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, name, header)
    if listed.empty:
        sheet.write_string(1, 0, f"Belum ada UPT di basis data; {EXAMPLE_CODE} pada baris contoh hanya contoh.")
    for row, record in enumerate(listed.itertuples(index=False), start=1):
        for index, value in enumerate(record):
            sheet.write_string(row, index, fmt.neutralise("" if fmt.is_missing(value) else str(value)))
