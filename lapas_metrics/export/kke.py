"""The evaluation's field-work file, the KKE (Kertas Kerja Evaluasi): one row per item to fill in offline; bytes out.

Sheets: KKE (the items, their scale, evidence and figure, the cells to fill in with a validation list,
the signature block), Petunjuk (how to fill it in) and Info (hidden and protected: which evaluation,
unit, period and instrument version the file belongs to, checked by evaluation.read_kke).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from xlsxwriter.format import Format

from lapas_metrics import auth, clock, evaluation, views
from lapas_metrics.evaluation import Answer, Instrument, Item
from lapas_metrics.export.sheet import Book, Column, PaperInfo, Sheet, Signer, neutralise

TITLE = "Kertas Kerja Evaluasi (KKE) Lapas Industri"
COLUMNS = (
    Column("kode", "Kode butir"),
    Column("bagian", "Bagian", wrap=True),
    Column("pertanyaan", "Kriteria (pertanyaan)", wrap=True),
    Column("skala", "Skala tingkat", wrap=True),
    Column("bukti", "Bukti yang diperlukan", wrap=True),
    Column("angka", "Angka data dan saran", wrap=True),
    Column("saran_tingkat", "Saran tingkat"),
    Column("tingkat", "Tingkat (isi)"),
    Column("catatan", "Catatan", wrap=True),
    Column("alasan", "Alasan bila tingkat ≠ saran", wrap=True),
)
WIDTHS = {
    "kode": 8,
    "bagian": 14,
    "pertanyaan": 34,
    "skala": 40,
    "bukti": 26,
    "angka": 22,
    "saran_tingkat": 8,
    "tingkat": 11,
    "catatan": 26,
    "alasan": 22,
}
HEADER_ROW = 3  # 0-based: the label row; the canonical names are on the next row, the items below
FIRST_ITEM_ROW = HEADER_ROW + 2
TINGKAT_COL = [c.name for c in COLUMNS].index("tingkat")
INPUT_COLUMNS = ("tingkat", "catatan", "alasan")
LINE_POINTS = 14.0  # one line of 11-point text
GUIDE_WIDTH = 110
TINGKAT_HELP = (
    "Pilih 0, 1, 2, 3, 4 (lihat kolom Skala tingkat) atau tidak_berlaku. Bila berbeda dari Saran tingkat, "
    "tuliskan alasannya di kolom Alasan. Kosongkan bila belum dinilai."
)
GUIDE = (
    "Petunjuk pengisian Kertas Kerja Evaluasi (KKE)",
    "",
    "1. Lembar KKE memuat satu baris per butir instrumen. Jangan mengubah kolom Kode butir, dan jangan "
    "menambah, menghapus, atau mengganti nama lembar.",
    "2. Isi kolom Tingkat dengan 0, 1, 2, 3 atau 4 sesuai uraian di kolom Skala tingkat, atau "
    "tidak_berlaku bila butir tidak berlaku untuk UPT ini. Pilih dari daftar di sel.",
    "3. Kolom Catatan: tuliskan temuan lapangan dan bukti yang diperiksa (dokumen, foto, angka).",
    "4. Kolom Saran tingkat berisi tingkat yang disarankan data (kolom Angka data dan saran). Bila Anda "
    "memberi tingkat lain, kolom Alasan wajib diisi; sel yang masih kosong ditandai merah.",
    "5. Butir yang belum dinilai biarkan kosong: butir itu tidak diimpor dan tidak dihitung.",
    "6. Simpan sebagai XLSX dan impor kembali di halaman Evaluasi atau dengan perintah "
    "`evaluasi impor`. Berkas diperiksa utuh: bila ada kesalahan, tidak ada jawaban yang disimpan dan "
    "setiap kesalahan disebut baris, kolom, dan nilainya.",
    "7. Berkas ini hanya dapat diimpor ke evaluasi, UPT, periode, dan versi instrumen yang tertulis di "
    "bawah. Evaluasi yang sudah final tidak menerima impor.",
    "8. Sebagai ganti XLSX dapat diimpor CSV dengan kolom kode,tingkat,catatan (alasan pilihan).",
)


@dataclass(frozen=True)
class KkePaper:
    """Everything one KKE shows. team: (nama, peran_tim) pairs (evaluation.ROLES); answers: kode ->
    the current Answer (may be empty); suggestions: kode -> (suggested level, the figure's value) for
    the items whose figure has a value; exported_at: naive UTC (clock.utc_now)."""

    instrument: Instrument
    kode_upt: str
    nama_upt: str
    periode: str  # the period as people read it: "TA 2024"
    evaluasi_id: int | None
    status: str
    database_sha256: str
    exported_at: datetime
    team: Sequence[tuple[str, str]] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)
    suggestions: Mapping[str, tuple[int, float | None]] = field(default_factory=dict)


def paper_info(paper: KkePaper) -> PaperInfo:
    """The page header (title, unit, period) and footer (page N of M, export time, database SHA-256)."""
    return PaperInfo(
        title=TITLE,
        unit=f"{paper.nama_upt} ({paper.kode_upt})",
        period=paper.periode,
        exported=clock.stamp_text(paper.exported_at),
        database_sha256=paper.database_sha256,
    )


def members(paper: KkePaper, peran: str) -> str:
    """The names of the team in one role, joined by commas; empty when nobody holds it."""
    return ", ".join(nama for nama, role in paper.team if role == peran)


def signers(paper: KkePaper) -> list[Signer]:
    """Disusun oleh the ketua tim, Direviu oleh the pengendali teknis, Disetujui oleh the pengendali mutu:
    the names from the team, the dates left to write when each signs."""
    return [
        Signer("Disusun oleh", "Ketua Tim", members(paper, evaluation.KETUA_TIM)),
        Signer("Direviu oleh", "Pengendali Teknis", members(paper, evaluation.PENGENDALI_TEKNIS)),
        Signer("Disetujui oleh", "Pengendali Mutu", members(paper, evaluation.PENGENDALI_MUTU)),
    ]


def info_rows(paper: KkePaper) -> list[tuple[str, str]]:
    """The Info sheet: evaluation.INFO_KEYS first (what read_kke checks), then what the file records."""
    return [
        ("evaluasi_id", "" if paper.evaluasi_id is None else str(paper.evaluasi_id)),
        ("kode_upt", paper.kode_upt),
        ("periode", paper.periode),
        ("versi_instrumen", paper.instrument.versi),
        ("digest_instrumen", paper.instrument.digest),
        ("nama_upt", paper.nama_upt),
        ("status", paper.status),
        ("diekspor", clock.stamp_text(paper.exported_at, seconds=True)),
        ("sha256_basis_data", paper.database_sha256),
    ]


def scale_text(item: Item) -> str:
    """The five levels, one a line: "0 = …\\n1 = …"."""
    return "\n".join(f"{level} = {text}" for level, text in enumerate(item.skala))


def figure_text(item: Item, suggestion: tuple[int, float | None] | None) -> str:
    """The item's figure with the unit's value and the rule that suggests a level; empty without a figure."""
    if item.angka is None:
        return ""
    nama = item.angka.nama
    value = suggestion[1] if suggestion else None
    shown = views.format_figure(nama, value, short=False) if value is not None else "– (data belum ada)"
    return f"{views.label(nama)} ({nama}) = {shown}\nAturan: {item.angka.describe()}"


def item_cells(paper: KkePaper, item: Item) -> dict[str, object]:
    """One row of the KKE sheet: the item and, when answered, its level and note."""
    suggestion = paper.suggestions.get(item.kode)
    answer = paper.answers.get(item.kode)
    return {
        "kode": item.kode,
        "bagian": paper.instrument.section_of(item.kode).judul,
        "pertanyaan": item.pertanyaan,
        "skala": scale_text(item),
        "bukti": item.bukti,
        "angka": figure_text(item, suggestion),
        "saran_tingkat": suggestion[0] if suggestion else None,
        "tingkat": answer.tingkat if answer else None,
        "catatan": answer.catatan if answer else "",
        "alasan": "",
    }


def row_height(cells: Mapping[str, object]) -> float:
    """About the height (points) wrapped text needs in this row at WIDTHS (xlsxwriter sets no height by itself)."""
    lines = 1
    for column in COLUMNS:
        text = cells.get(column.name)
        if column.wrap and isinstance(text, str) and text:
            lines = max(lines, text_lines(text, WIDTHS[column.name]))
    return LINE_POINTS * lines + 2


def text_lines(text: str, width: float) -> int:
    """About how many lines a text takes wrapped in a column `width` characters wide."""
    return sum(max(1, math.ceil(len(line) / (width * 1.2))) for line in text.splitlines())


def _input_format(book: Book, wrap: bool) -> Format:
    """The fill-in cells: pale yellow, boxed."""
    key = f"input|{wrap}"
    if key not in book.formats:
        spec = {"valign": "top", "bg_color": "#FFF2CC", "border": 1, "text_wrap": wrap}
        book.formats[key] = book.book.add_format(spec)
    return book.formats[key]


def _write_input(sheet: Sheet, row: int, col: int, value: object) -> None:
    cell_format = _input_format(sheet.book, wrap=col != TINGKAT_COL)
    if value is None or value == "":
        sheet.sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, int):
        sheet.sheet.write_number(row, col, value, cell_format)
    else:
        sheet.sheet.write_string(row, col, neutralise(str(value)), cell_format)


def _items(sheet: Sheet, paper: KkePaper) -> int:
    """The item rows from FIRST_ITEM_ROW on; returns the row after the last."""
    row = FIRST_ITEM_ROW
    for row, item in enumerate(paper.instrument.items, start=FIRST_ITEM_ROW):
        cells = item_cells(paper, item)
        for col, column in enumerate(COLUMNS):
            if column.name in INPUT_COLUMNS:
                _write_input(sheet, row, col, cells[column.name])
            else:
                sheet.write(row, col, cells[column.name], None, "wrap" if column.wrap else "")
        sheet.sheet.set_row(row, row_height(cells))
    return row + 1


def _validation(sheet: Sheet, last_row: int) -> None:
    """The list on the tingkat cells, its input message, and a red mark on an override without a reason."""
    ws = sheet.sheet
    ws.data_validation(
        FIRST_ITEM_ROW,
        TINGKAT_COL,
        last_row,
        TINGKAT_COL,
        {
            "validate": "list",
            "source": list(evaluation.TINGKAT_CHOICES),
            "input_title": "Tingkat butir",
            "input_message": TINGKAT_HELP,
            "error_title": "Tingkat tidak sah",
            "error_message": "Tingkat harus 0, 1, 2, 3, 4 atau tidak_berlaku.",
        },
    )
    ws.write_comment(HEADER_ROW, TINGKAT_COL, TINGKAT_HELP, {"x_scale": 2, "y_scale": 1.5})
    saran, tingkat, alasan = (_letter(name) for name in ("saran_tingkat", "tingkat", "alasan"))
    first = FIRST_ITEM_ROW + 1
    ws.conditional_format(
        FIRST_ITEM_ROW,
        TINGKAT_COL + 2,
        last_row,
        TINGKAT_COL + 2,
        {
            "type": "formula",
            "criteria": f'=AND(${tingkat}{first}<>"",${saran}{first}<>"",'
            f'${tingkat}{first}&""<>${saran}{first}&"",${alasan}{first}="")',
            "format": sheet.book.book.add_format({"bg_color": "#F4CCCC"}),
        },
    )


def _letter(name: str) -> str:
    return "ABCDEFGHIJ"[[c.name for c in COLUMNS].index(name)]


def _kke_sheet(sheet: Sheet, paper: KkePaper) -> None:
    """Title lines, the header rows (repeated on every page), the items, the team and the signatures."""
    instrument = paper.instrument
    state = evaluation.STATE_LABELS.get(paper.status, paper.status)
    evaluasi = "belum dimulai" if paper.evaluasi_id is None else str(paper.evaluasi_id)
    sheet.write(0, 0, f"{TITLE}: {paper.nama_upt} ({paper.kode_upt}), {paper.periode}", None, "title")
    sheet.write(
        1,
        0,
        f"Instrumen {instrument.versi} · Evaluasi {evaluasi} · Status {state} · Diekspor "
        f"{clock.stamp_text(paper.exported_at)}",
        None,
        "",
    )
    sheet.header(HEADER_ROW, COLUMNS)
    sheet.sheet.set_row(HEADER_ROW, 32)
    last = _items(sheet, paper) - 1
    _validation(sheet, last)
    row = last + 2
    team = [f"{label.capitalize()}: {members(paper, role) or '–'}" for role, label in evaluation.ROLE_LABELS.items()]
    team_text = "Tim evaluasi: " + "; ".join(team) + "."
    wide = sum(WIDTHS[name] for name in ("pertanyaan", "skala", "bukti", "angka"))
    sheet.sheet.merge_range(row, 2, row, 5, neutralise(team_text), sheet.cell_format(None, "wrap"))
    sheet.sheet.set_row(row, LINE_POINTS * text_lines(team_text, wide) + 2)
    sheet.signatures(row + 2, signers(paper), first_col=2)
    for col, column in enumerate(COLUMNS):
        sheet.sheet.set_column(col, col, WIDTHS[column.name])
    sheet.sheet.freeze_panes(FIRST_ITEM_ROW, 1)
    sheet.print_as(paper_info(paper), repeat=(HEADER_ROW, HEADER_ROW + 1))


def _guide_sheet(sheet: Sheet, paper: KkePaper) -> None:
    sheet.write(0, 0, GUIDE[0], None, "title")
    for n, line in enumerate(GUIDE[1:], start=1):
        sheet.write(n, 0, line, None, "wrap")
        sheet.sheet.set_row(n, LINE_POINTS * text_lines(line, GUIDE_WIDTH) + 2)
    row = len(GUIDE) + 1
    for n, (key, value) in enumerate(info_rows(paper)[:5], start=row):
        sheet.write(n, 0, f"{key}: {value or '–'}", None, "")
    sheet.sheet.set_column(0, 0, GUIDE_WIDTH)
    sheet.print_as(paper_info(paper), tall=1)


def _info_sheet(sheet: Sheet, paper: KkePaper) -> None:
    sheet.sheet.write_string(0, 0, "kunci")
    sheet.sheet.write_string(0, 1, "nilai")
    for n, (key, value) in enumerate(info_rows(paper), start=1):
        sheet.sheet.write_string(n, 0, key)
        if value:
            sheet.sheet.write_string(n, 1, neutralise(value))
    sheet.sheet.set_column(0, 0, 20)
    sheet.sheet.set_column(1, 1, 70)
    sheet.sheet.hide()
    sheet.sheet.protect()


def kke_bytes(paper: KkePaper, actor: auth.Actor) -> bytes:
    """The KKE workbook (.xlsx): sheets KKE, Petunjuk and Info; auth.Forbidden unless `actor` may export.

    KKE is printed A4 landscape one page wide with its two header rows on every page, the title, unit
    and period in the page header and page N of M, the export time and the database SHA-256 in the
    footer. Text from the data is neutralised (never a formula)."""
    auth.require(actor, "ekspor")
    book = Book(
        {
            "title": f"{TITLE}: {paper.nama_upt} {paper.periode}",
            "subject": paper.instrument.judul,
            "author": "Dasbor Lapas Industri",
            "created": clock.local(paper.exported_at).replace(tzinfo=None),  # type: ignore[union-attr]
        }
    )
    _kke_sheet(book.sheet(evaluation.KKE_SHEET), paper)
    _guide_sheet(book.sheet(evaluation.GUIDE_SHEET), paper)
    _info_sheet(book.sheet(evaluation.INFO_SHEET), paper)
    return book.close()
