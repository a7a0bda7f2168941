"""The audit working paper: the workbook of SHEETS and the result table as CSV; bytes out, no Streamlit, no database.

Sort orders come from lapas_metrics.audit, so the same database and criteria give the same cells; only
the export time differs. Text from the data is neutralised by the shared writer (export.sheet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from pandas import DataFrame

from lapas_metrics import audit, auth, clock, metrics, views
from lapas_metrics.export.sheet import (
    COUNT,
    DECIMAL,
    PERCENT,
    RATIO,
    RUPIAH,
    YEAR,
    Book,
    Column,
    PaperInfo,
    Sheet,
    Signer,
    missing,
    neutralise,
    yes_no,
)

SHEETS = ("Kriteria", "Ringkasan", "Temuan", "Data", "Sumber")
TITLE = "Kertas kerja pemilihan objek audit Lapas Industri"

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
    preparer: str = ""
    reviewer: str = ""


def _figure_column(name: str) -> Column:
    kind = views.kind(name)
    number_format = DECIMAL if name in _DECIMAL_COUNTS else _KIND_FORMATS.get(kind) if kind else None
    return Column(name, views.label(name), number_format)


def _flag_text(value: Any) -> str:
    if missing(value):
        return NOT_EVALUABLE
    return RAISED if bool(value) else CLEAR


def _id_column(name: str) -> Column:
    if name == "tahun":
        return Column(name, "Tahun", YEAR)
    if name == "lapas_industri":
        return Column(name, "Lapas Industri", None, yes_no)
    return Column(name, views.label(name), wrap=name == "nama_upt")


def _summary_column(name: str) -> Column:
    if name in audit.SUMMARY_IDS:
        return _id_column(name)
    if name in metrics.FLAGS:
        return Column(name, audit.FLAG_LABELS[name], None, _flag_text)
    if name == "jumlah_bendera":
        return Column(name, "Jumlah bendera", COUNT)
    if name == "skor_risiko":
        return Column(name, "Skor risiko", DECIMAL)
    return _figure_column(name)


def summary_columns(order: Sequence[str] = audit.SUMMARY_COLUMNS) -> list[Column]:
    """The columns of the Ringkasan sheet in `order` (the summary's own: the criterion's amount after the name)."""
    return [_summary_column(name) for name in order]


def _finding_format(flag: str) -> str:
    """The number format of a finding's nilai and batas: the kind its flag record declares."""
    return _KIND_FORMATS[metrics.FLAG_BY_NAME[flag].value_kind]


def _threshold_format(flag: str) -> str:
    """The number format of a flag's threshold: a percentage, or a number of months."""
    return _KIND_FORMATS[metrics.FLAG_BY_NAME[flag].threshold_kind]


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
        Column("waktu", "Waktu unggah"),
        Column("pengguna", "Pengguna"),
        Column("status", "Status"),
    ]


# --------------------------------------------------------------------------- sheets


def _criteria_items(paper: WorkingPaper) -> list[tuple[str, Any, str | None]]:
    """(label, value, number format) of the provenance and criteria block at the top of Kriteria."""
    items: list[tuple[str, Any, str | None]] = [
        ("Judul", TITLE, None),
        ("Waktu ekspor", clock.stamp_text(paper.exported_at, seconds=True), None),
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
    return items


CONFIG_COLUMNS = (
    Column("bendera", "Bendera"),
    Column("aturan", "Aturan (… = ambang)"),
    Column("ambang", "Ambang", PERCENT),
    Column("ambang_bawaan", "Ambang bawaan", PERCENT),
    Column("bobot", "Bobot"),
    Column("bobot_bawaan", "Bobot bawaan"),
    Column("diubah", "Diubah (what-if)", None, lambda v: "ya" if v else ""),
)
PERCENTILE_COLUMNS = (
    Column("kanwil", "Kanwil"),
    Column("tahun", "Tahun", YEAR),
    Column("jumlah_upt", "UPT pembanding", COUNT),
    Column("ambang_rp", "Ambang pagu efektif", RUPIAH),
)
CRITERIA_NOTES = (
    "Satu baris Ringkasan = satu UPT pada satu tahun anggaran.",
    f"Kolom bendera: {RAISED} = menyala; {CLEAR} = dinilai, tidak menyala; {NOT_EVALUABLE} = tidak dapat dinilai (angkanya kosong atau bendera tidak berlaku).",
    "Skor risiko (0–100) = 100 × Σ bobot bendera yang menyala / Σ bobot bendera yang dapat dinilai; Anggaran tinggi tidak dihitung.",
    "Pembanding persentil dan median: UPT se-kanwil pada tahun yang sama. Aturan tiap bendera: tabel «Ambang dan bobot bendera» di atas; di dasbor: Ruang Audit › Ambang dan bobot bendera.",
    "Teks dari data yang diawali =, +, - atau @ diberi awalan ' agar tidak dijalankan sebagai rumus.",
)


def paper_info(paper: WorkingPaper) -> PaperInfo:
    """The page header and footer of every sheet: title, kanwil, fiscal years, export time, database SHA-256."""
    years = ", ".join(str(y) for y in paper.criteria.tahun) or "–"
    return PaperInfo(
        title=TITLE,
        unit=f"Kanwil {paper.criteria.kanwil}" if paper.criteria.kanwil else "Semua kanwil",
        period=f"TA {years}",
        exported=clock.stamp_text(paper.exported_at),
        database_sha256=paper.database_sha256,
    )


def signers(paper: WorkingPaper) -> list[Signer]:
    """Disusun oleh: the one who exported, on the export date; Direviu oleh: the pengendali teknis when
    known, else a line to sign (the date too: a review is dated when it is done)."""
    exported = clock.local(paper.exported_at)
    return [
        Signer("Disusun oleh", "Auditor", paper.preparer, clock.date_text(exported) if paper.preparer else ""),
        Signer("Direviu oleh", "Pengendali Teknis", paper.reviewer),
    ]


def _config_rows(sheet: Sheet, table: DataFrame, first_row: int) -> int:
    """The thresholds and weights (CONFIG_COLUMNS), each threshold in its flag's format; returns the row after."""
    sheet.header(first_row, CONFIG_COLUMNS)
    for n, record in enumerate(table.to_dict("records")):
        for col, column in enumerate(CONFIG_COLUMNS):
            value = column.convert(record[column.name]) if column.convert else record[column.name]
            shown = _threshold_format(record["flag"]) if column.name in ("ambang", "ambang_bawaan") else None
            sheet.write(first_row + 2 + n, col, value, shown or column.number_format)
    return first_row + 2 + len(table)


def _criteria_sheet(sheet: Sheet, paper: WorkingPaper) -> None:
    """Kriteria, the cover: the title and signature block (where a KKA carries them, on top), the
    provenance and criteria, the thresholds and weights, the percentiles, the notes."""
    sheet.write(0, 0, TITLE, None, "title")
    first = sheet.signatures(2, signers(paper)) + 1
    items = _criteria_items(paper)
    sheet.sheet.write_string(first, 0, "Butir", sheet.cell_format(None, "head"))
    sheet.sheet.write_string(first, 1, "Nilai", sheet.cell_format(None, "head"))
    for n, (label, value, number_format) in enumerate(items, start=first + 1):
        sheet.write(n, 0, label, None, "bold")
        sheet.write(n, 1, value, number_format)
    row = first + len(items) + 2

    sheet.write(row, 0, "Ambang dan bobot bendera", None, "bold")
    row = _config_rows(sheet, audit.config_table(paper.config, paper.defaults), row + 1) + 1
    if len(paper.percentiles):
        sheet.write(row, 0, "Ambang persentil pagu efektif per kanwil dan tahun", None, "bold")
        row = sheet.rows(paper.percentiles, PERCENTILE_COLUMNS, row + 1) + 1

    sheet.write(row, 0, "Keterangan", None, "bold")
    for n, note in enumerate(CRITERIA_NOTES, start=1):
        sheet.sheet.write_string(row + n, 0, note)
    sheet.fit(maximum=70)
    sheet.sheet.set_column(0, 0, 36)
    sheet.print_as(paper_info(paper), tall=1)  # the cover on one sheet of paper


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


def _findings_sheet(sheet: Sheet, findings: DataFrame, info: PaperInfo) -> None:
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
    sheet.print_as(info, repeat=(0, 1))


def workbook_bytes(paper: WorkingPaper, actor: auth.Actor) -> bytes:
    """The working paper (.xlsx) with the sheets SHEETS; auth.Forbidden unless `actor` may export.

    Kriteria: the export's provenance (time, database SHA-256, app version), the criteria, thresholds
    and weights in use against the configuration file's, and the percentile per kanwil-year.
    Ringkasan: audit.summary_table; Temuan: one row per raised flag with its sentence; Data: the
    yearly figures of the selected UPTs; Sumber: the active upload batches the figures come from.
    Table sheets have two frozen header rows (label, canonical name) and a filter.
    """
    auth.require(actor, "ekspor")
    book = Book(
        {
            "title": TITLE,
            "subject": paper.criteria.budget_text,
            "author": "Dasbor Lapas Industri",
            "created": clock.local(paper.exported_at).replace(tzinfo=None),  # type: ignore[union-attr]
        }
    )
    info = paper_info(paper)
    _criteria_sheet(book.sheet("Kriteria"), paper)

    ringkasan = book.sheet("Ringkasan")
    ringkasan.table(paper.summary, summary_columns(list(paper.summary.columns)), freeze_cols=2)
    ringkasan.fit(maximum=30, wide=30)
    ringkasan.print_as(info, repeat=(0, 1))

    _findings_sheet(book.sheet("Temuan"), paper.findings, info)

    data = book.sheet("Data")
    data.table(paper.data, data_columns(), freeze_cols=2)
    data.fit(maximum=30, wide=30)
    data.print_as(info, repeat=(0, 1))

    sumber = book.sheet("Sumber")
    sources = (
        paper.sources.assign(waktu=clock.stamp_column(paper.sources["waktu"])) if len(paper.sources) else paper.sources
    )
    sumber.table(sources, source_columns())
    sumber.fit(maximum=70)
    sumber.print_as(info, repeat=(0, 1))
    return book.close()


# --------------------------------------------------------------------------- CSV


def summary_csv(summary: DataFrame, actor: auth.Actor) -> bytes:
    """auth.Forbidden unless `actor` may export; else audit.summary_table as CSV (UTF-8 with BOM so Excel reads it): canonical column names in the summary's order, money in
    rupiah and ratios as plain decimals, flags true/false (empty = not evaluable), lapas_industri
    true/false, empty figures as empty cells; text neutralised like the workbook."""
    auth.require(actor, "ekspor")
    out = summary[[name for name in summary.columns if name in set(audit.SUMMARY_COLUMNS)]].copy()
    for column in (*metrics.FLAGS, "lapas_industri"):
        out[column] = [("" if missing(v) else "true" if bool(v) else "false") for v in out[column]]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [v if missing(v) else neutralise(str(v)) for v in out[column]]
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
