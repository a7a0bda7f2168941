"""The audit working paper as an Excel workbook and the result table as CSV; bytes out, no Streamlit, no database.

Every text cell that comes from the data and begins with =, +, -, @ (or a tab or carriage return) is
neutralised: prefixed with a single quote and written as a string, never a formula (formula injection,
OWASP "CSV injection"). Numbers stay numbers, negative ones too. Sort orders come from lapas_metrics.audit,
so the same database and criteria give the same cells; only the export time differs.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from pandas import DataFrame

from lapas_metrics import audit, auth, metrics, views

SHEETS = ("Kriteria", "Ringkasan", "Temuan", "Data", "Sumber")
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

# Excel number formats. Excel puts the separators of the reader's locale on these (1.234.567 in
# Indonesian Excel), so the format is written with the neutral "," and ".".
RUPIAH = '"Rp "#,##0'
PERCENT = "0.0%"
COUNT = "#,##0"
DECIMAL = "#,##0.0"
RATIO = "0.000"
YEAR = "0"
DATETIME = "dd/mm/yyyy hh:mm:ss"

# Cell text for the flag columns of Ringkasan (and what the Kriteria sheet says they mean).
RAISED, CLEAR, NOT_EVALUABLE = "ya", "tidak", "t.d."

_KIND_FORMATS = {
    views.RP: RUPIAH,
    views.PCT: PERCENT,
    views.COUNT: COUNT,
    views.RATIO: RATIO,
    views.SCORE: DECIMAL,
    views.MONTHS: YEAR,
}
# Means of people per month are not whole numbers.
_DECIMAL_COUNTS = {"penghuni_rata2", "wbp_bekerja_rata2"}


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made inert: "'" + text; other text unchanged."""
    return "'" + text if text.startswith(DANGEROUS_START) else text


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value) or math.isinf(value)
    return False


# --------------------------------------------------------------------------- the paper


@dataclass(frozen=True)
class WorkingPaper:
    """Everything one export shows. summary: audit.summary_table; findings: audit.findings; data:
    audit.underlying_data; sources: audit.source_batches; percentiles: audit.percentile_table (empty
    unless the criterion is a percentile). database: the file's name as the auditor knows it;
    exported_at: local time of the export; exported_by: who exported (the signed-in user)."""

    criteria: audit.Criteria
    config: metrics.AuditConfig
    defaults: metrics.AuditConfig
    summary: DataFrame
    findings: DataFrame
    data: DataFrame
    sources: DataFrame
    database: str
    database_sha256: str
    app_version: str
    exported_at: datetime
    percentiles: DataFrame = field(default_factory=DataFrame)
    demo: bool = False
    exported_by: str = ""


@dataclass(frozen=True)
class Column:
    """One exported column: the frame's column, its header, its Excel number format (None = text),
    and an optional function turning a value into what is written (e.g. a flag into 'ya')."""

    name: str
    label: str
    number_format: str | None = None
    convert: Callable[[Any], Any] | None = None
    wrap: bool = False


def _figure_column(name: str) -> Column:
    kind = views.kind(name)
    number_format = DECIMAL if name in _DECIMAL_COUNTS else _KIND_FORMATS.get(kind) if kind else None
    return Column(name, views.label(name), number_format)


def _yes_no(value: Any) -> str:
    return "ya" if bool(value) else "tidak"


def _flag_text(value: Any) -> str:
    if _missing(value):
        return NOT_EVALUABLE
    return RAISED if bool(value) else CLEAR


def _id_column(name: str) -> Column:
    if name == "tahun":
        return Column(name, "Tahun", YEAR)
    if name == "lapas_industri":
        return Column(name, "Lapas Industri", None, _yes_no)
    return Column(name, views.label(name))


def summary_columns() -> list[Column]:
    """The columns of the Ringkasan sheet, in audit.SUMMARY_COLUMNS order."""
    columns = [_id_column(name) for name in audit.SUMMARY_IDS]
    columns += [_figure_column(name) for name in audit.KEY_FIGURES]
    columns += [Column(flag, audit.FLAG_LABELS[flag], None, _flag_text) for flag in metrics.FLAGS]
    columns += [Column("jumlah_bendera", "Jumlah bendera", COUNT), Column("skor_risiko", "Skor risiko", DECIMAL)]
    return columns


def _finding_format(flag: str) -> str:
    if flag == "anggaran_tinggi":
        return RUPIAH
    if flag == "produktivitas_rendah":
        return RATIO
    return PERCENT


def data_columns() -> list[Column]:
    """The columns of the Data sheet, in audit.DATA_COLUMNS order."""
    columns = [_id_column(name) for name in metrics.ID_COLUMNS]
    columns += [_figure_column(name) for name in (*metrics.FIGURES, *metrics.EXTRA_COLUMNS)]
    columns.append(Column("dalam_hasil", "Dalam hasil pemilihan", None, lambda v: "ya" if bool(v) else ""))
    return columns


def source_columns() -> list[Column]:
    return [
        Column("batch_id", "Batch", YEAR),
        Column("tabel", "Tabel"),
        Column("nama_file", "Nama berkas"),
        Column("sha256", "SHA-256 berkas"),
        Column("baris_baru", "Baris baru", COUNT),
        Column("baris_diganti", "Baris diganti", COUNT),
        Column("waktu", "Waktu unggah", DATETIME),
        Column("pengguna", "Pengguna"),
        Column("status", "Status"),
    ]


# --------------------------------------------------------------------------- writing cells


class _Sheet:
    """A worksheet that remembers how wide each column's text is, to size the columns at the end."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, formats: dict[str, Any]) -> None:
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.book = book
        self.widths: dict[int, float] = {}
        self.wrapped: set[int] = set()

    def _fmt(self, number_format: str | None, extra: str = "") -> Any:
        key = f"{number_format}|{extra}"
        if key not in self.formats:
            spec: dict[str, Any] = {"valign": "top"}
            if number_format:
                spec["num_format"] = number_format
            if "wrap" in extra:
                spec["text_wrap"] = True
            if "head" in extra:
                spec.update({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
            if "name" in extra:
                spec.update({"italic": True, "font_color": "#5F6B7A", "bg_color": "#F2F5F9", "border": 1})
            if "title" in extra:
                spec.update({"bold": True, "font_size": 14})
            if "bold" in extra:
                spec["bold"] = True
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def _measure(self, col: int, text: str) -> None:
        longest = max((len(line) for line in text.splitlines()), default=0)
        self.widths[col] = max(self.widths.get(col, 0), longest)

    def write(self, row: int, col: int, value: Any, number_format: str | None = None, style: str = "") -> None:
        """Write one value by its type: blank, number, date-time or (neutralised) text."""
        cell_format = self._fmt(number_format, style)
        if _missing(value):
            self.sheet.write_blank(row, col, None, cell_format)
            return
        if isinstance(value, bool | np.bool_):
            value = _yes_no(value)
        if isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            self.sheet.write_number(row, col, number, cell_format)
            self._measure(col, _shown_number(number, number_format))
            return
        if isinstance(value, datetime | date | pd.Timestamp):
            stamp = pd.Timestamp(value).to_pydatetime()
            self.sheet.write_datetime(row, col, stamp.replace(tzinfo=None), self._fmt(number_format or DATETIME, style))
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
            self.sheet.write_string(row, col, column.label, self._fmt(None, "head"))
            self.sheet.write_string(row + 1, col, column.name, self._fmt(None, "name"))
            self._measure(col, column.name)
            # A label may wrap over two lines; it should not widen the column beyond its values.
            self.widths[col] = max(self.widths.get(col, 0), min(len(column.label), 18))

    def table(self, frame: DataFrame, columns: Sequence[Column], first_row: int = 0, freeze_cols: int = 0) -> int:
        """Header rows and one row per record; frozen header, filter on the name row. Returns the next free row."""
        self.header(first_row, columns)
        for n, record in enumerate(frame[[c.name for c in columns]].itertuples(index=False, name=None)):
            row = first_row + 2 + n
            for col, (column, value) in enumerate(zip(columns, record, strict=True)):
                shown = column.convert(value) if column.convert else value
                self.write(row, col, shown, column.number_format, "wrap" if column.wrap else "")
                if column.wrap:
                    self.wrapped.add(col)
        last = first_row + 1 + len(frame)
        self.sheet.freeze_panes(first_row + 2, freeze_cols)
        self.sheet.autofilter(first_row + 1, 0, max(last, first_row + 1), len(columns) - 1)
        self.sheet.set_row(first_row, 32)
        return last + 1

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


# --------------------------------------------------------------------------- sheets


def _criteria_sheet(sheet: _Sheet, paper: WorkingPaper) -> None:
    stamp = paper.exported_at
    offset = stamp.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    items: list[tuple[str, Any, str | None]] = [
        ("Judul", "Kertas kerja pemilihan objek audit Lapas Industri", None),
        ("Waktu ekspor", stamp.strftime("%d/%m/%Y %H:%M:%S") + zone, None),
        ("Diekspor oleh", paper.exported_by or "–", None),
        ("Basis data", paper.database, None),
        ("SHA-256 basis data", paper.database_sha256, None),
        ("Versi aplikasi", paper.app_version, None),
        ("Jenis data", "Data demo (sintetis)" if paper.demo else "Data unggahan", None),
        *((label, value, None) for label, value in paper.criteria.describe()),
        ("Persentil bendera Anggaran tinggi", paper.config.anggaran_percentile, None),
        ("Jumlah baris hasil (UPT × tahun)", len(paper.summary), COUNT),
        ("Jumlah UPT", paper.summary["kode_upt"].nunique() if len(paper.summary) else 0, COUNT),
        ("Jumlah temuan (bendera menyala)", len(paper.findings), COUNT),
        (
            "Pengaturan bendera",
            "Diubah untuk sesi ini (what-if)" if paper.config != paper.defaults else "Bawaan berkas konfigurasi",
            None,
        ),
    ]
    if paper.config.anggaran_absolute_rp is not None:
        items.append(("Batas nominal bendera Anggaran tinggi", paper.config.anggaran_absolute_rp, RUPIAH))
    sheet.sheet.write_string(0, 0, "Butir", sheet._fmt(None, "head"))
    sheet.sheet.write_string(0, 1, "Nilai", sheet._fmt(None, "head"))
    for n, (label, value, number_format) in enumerate(items, start=1):
        sheet.write(n, 0, label, None, "bold")
        sheet.write(n, 1, value, number_format)
    sheet.sheet.freeze_panes(1, 0)
    row = len(items) + 2

    sheet.write(row, 0, "Ambang dan bobot bendera", None, "bold")
    columns = [
        Column("bendera", "Bendera"),
        Column("aturan", "Aturan (… = ambang)"),
        Column("ambang", "Ambang", PERCENT),
        Column("ambang_bawaan", "Ambang bawaan", PERCENT),
        Column("bobot", "Bobot"),
        Column("bobot_bawaan", "Bobot bawaan"),
        Column("diubah", "Diubah (what-if)", None, lambda v: "ya" if v else ""),
    ]
    table = audit.config_table(paper.config, paper.defaults)
    sheet.header(row + 1, columns)
    for n, record in enumerate(table[[c.name for c in columns]].itertuples(index=False, name=None)):
        for col, (column, value) in enumerate(zip(columns, record, strict=True)):
            sheet.write(row + 3 + n, col, column.convert(value) if column.convert else value, column.number_format)
    row += 3 + len(table) + 1

    if len(paper.percentiles):
        sheet.write(row, 0, "Ambang persentil pagu efektif per kanwil dan tahun", None, "bold")
        columns = [
            Column("kanwil", "Kanwil"),
            Column("tahun", "Tahun", YEAR),
            Column("jumlah_upt", "UPT pembanding", COUNT),
            Column("ambang_rp", "Ambang pagu efektif", RUPIAH),
        ]
        sheet.header(row + 1, columns)
        for n, record in enumerate(paper.percentiles[[c.name for c in columns]].itertuples(index=False, name=None)):
            for col, (column, value) in enumerate(zip(columns, record, strict=True)):
                sheet.write(row + 3 + n, col, value, column.number_format)
        row += 3 + len(paper.percentiles) + 1

    notes = [
        "Satu baris Ringkasan = satu UPT pada satu tahun anggaran.",
        f"Kolom bendera: {RAISED} = menyala; {CLEAR} = dinilai, tidak menyala; {NOT_EVALUABLE} = tidak dapat dinilai (angkanya kosong atau bendera tidak berlaku).",
        "Skor risiko (0–100) = 100 × Σ bobot bendera yang menyala / Σ bobot bendera yang dapat dinilai; Anggaran tinggi tidak dihitung.",
        "Pembanding persentil dan median: UPT se-kanwil pada tahun yang sama (spec/METRICS.md).",
        "Teks dari data yang diawali =, +, - atau @ diberi awalan ' agar tidak dijalankan sebagai rumus.",
    ]
    sheet.write(row, 0, "Keterangan", None, "bold")
    for n, note in enumerate(notes, start=1):
        sheet.sheet.write_string(row + n, 0, note)
    sheet.fit(maximum=70)
    sheet.sheet.set_column(0, 0, 36)


def _findings_columns() -> list[Column]:
    return [
        Column("kode_upt", "Kode UPT"),
        Column("nama_upt", "Nama UPT"),
        Column("tahun", "Tahun", YEAR),
        Column("flag", "Kode bendera"),
        Column("bendera", "Bendera"),
        Column("nilai", "Nilai"),
        Column("batas", "Batas"),
        Column("bobot", "Bobot"),
        Column("kalimat", "Keterangan", None, None, wrap=True),
    ]


def _findings_sheet(sheet: _Sheet, findings: DataFrame) -> None:
    columns = _findings_columns()
    sheet.header(0, columns)
    for n, record in enumerate(findings[[c.name for c in columns]].itertuples(index=False, name=None)):
        number_format = _finding_format(str(record[3]))
        for col, (column, value) in enumerate(zip(columns, record, strict=True)):
            shown_format = number_format if column.name in ("nilai", "batas") else column.number_format
            sheet.write(n + 2, col, value, shown_format, "wrap" if column.wrap else "")
    sheet.wrapped.add(len(columns) - 1)
    sheet.sheet.freeze_panes(2, 2)
    sheet.sheet.autofilter(1, 0, max(1 + len(findings), 1), len(columns) - 1)
    sheet.sheet.set_row(0, 32)
    sheet.fit()


def workbook_bytes(paper: WorkingPaper, actor: auth.Actor) -> bytes:
    """The working paper (.xlsx) with the sheets SHEETS; auth.Forbidden unless `actor` may export.

    Kriteria: the export's provenance (time, database SHA-256, app version), the criteria, thresholds
    and weights in use against the configuration file's, and the percentile per kanwil-year.
    Ringkasan: audit.summary_table; Temuan: one row per raised flag with its sentence; Data: the
    yearly figures of the selected UPTs; Sumber: the active upload batches the figures come from.
    Table sheets have two frozen header rows (label, canonical name) and a filter.
    """
    auth.require(actor, "ekspor")
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties(
        {
            "title": "Kertas kerja pemilihan objek audit Lapas Industri",
            "subject": paper.criteria.budget_text,
            "author": "Dasbor Lapas Industri",
            "created": paper.exported_at.replace(tzinfo=None),
        }
    )
    formats: dict[str, Any] = {}
    _criteria_sheet(_Sheet(book, "Kriteria", formats), paper)

    ringkasan = _Sheet(book, "Ringkasan", formats)
    ringkasan.table(paper.summary, summary_columns(), freeze_cols=2)
    ringkasan.fit(maximum=45)

    _findings_sheet(_Sheet(book, "Temuan", formats), paper.findings)

    data = _Sheet(book, "Data", formats)
    data.table(paper.data, data_columns(), freeze_cols=2)
    data.fit(maximum=45)

    sumber = _Sheet(book, "Sumber", formats)
    sumber.table(paper.sources, source_columns())
    sumber.fit(maximum=70)

    book.close()
    return buffer.getvalue()


# --------------------------------------------------------------------------- CSV


def summary_csv(summary: DataFrame, actor: auth.Actor) -> bytes:
    """auth.Forbidden unless `actor` may export; else audit.summary_table as CSV (UTF-8 with BOM so Excel reads it): canonical column names, money in
    rupiah and ratios as plain decimals, flags true/false (empty = not evaluable), lapas_industri
    true/false, empty figures as empty cells; text neutralised like the workbook."""
    auth.require(actor, "ekspor")
    out = summary[list(audit.SUMMARY_COLUMNS)].copy()
    for column in (*metrics.FLAGS, "lapas_industri"):
        out[column] = [("" if _missing(v) else "true" if bool(v) else "false") for v in out[column]]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [v if _missing(v) else neutralise(str(v)) for v in out[column]]
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
