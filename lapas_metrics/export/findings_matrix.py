"""The matriks temuan dan tindak lanjut as Excel: one row per recommendation, the import columns first so an edited export reads back."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lapas_metrics import auth, fmt
from lapas_metrics.evaluation import matrix
from lapas_metrics.evaluation.findings import TL_LABELS
from lapas_metrics.export.kke import LINE_POINTS, text_lines
from lapas_metrics.export.sheet import RUPIAH, Book, Column, PaperInfo, neutralise

DATE = "dd/mm/yyyy"
HEADER_ROW = 3  # 0-based: the label row; the canonical names (what the import reads) on the next row
# The labels of the key columns do not read as their names, so the import takes the name row as the header.
COLUMNS = {
    "nomor_temuan": Column("nomor_temuan", "No. temuan"),
    "judul": Column("judul", "Judul temuan", wrap=True),
    "kondisi": Column("kondisi", "Kondisi", wrap=True),
    "kriteria": Column("kriteria", "Kriteria", wrap=True),
    "sebab": Column("sebab", "Sebab", wrap=True),
    "akibat": Column("akibat", "Akibat", wrap=True),
    "nilai_temuan_rp": Column("nilai_temuan_rp", "Nilai temuan (Rp)", RUPIAH),
    "nomor_rekomendasi": Column("nomor_rekomendasi", "No. rekomendasi"),
    "rekomendasi": Column("rekomendasi", "Rekomendasi", wrap=True),
    "kode_upt": Column("kode_upt", "UPT"),
    "batas_waktu": Column("batas_waktu", "Batas waktu", DATE),
    "status": Column("status", "Status tindak lanjut", convert=lambda code: TL_LABELS.get(str(code), code)),
    "penanggung_jawab": Column("penanggung_jawab", "Penanggung jawab"),
    "tanggal_temuan": Column("tanggal_temuan", "Tanggal temuan", DATE),
    "tindak_lanjut_terakhir": Column("tindak_lanjut_terakhir", "Tindak lanjut terakhir", wrap=True),
    "tanggal_tindak_lanjut_terakhir": Column("tanggal_tindak_lanjut_terakhir", "Tanggal tindak lanjut terakhir", DATE),
}
ORDER = (
    *matrix.IMPORT_COLUMNS,
    "penanggung_jawab",
    "tanggal_temuan",
    "tindak_lanjut_terakhir",
    "tanggal_tindak_lanjut_terakhir",
)
# Column widths (characters): wide texts wrap; the whole matrix prints one A3 page wide.
WIDTHS = {
    "nomor_temuan": 15,
    "judul": 18,
    "kondisi": 32,
    "kriteria": 26,
    "sebab": 22,
    "akibat": 22,
    "nilai_temuan_rp": 15,
    "nomor_rekomendasi": 9,
    "rekomendasi": 32,
    "kode_upt": 11,
    "batas_waktu": 11,
    "status": 25,
    "penanggung_jawab": 11,
    "tanggal_temuan": 11,
    "tindak_lanjut_terakhir": 28,
    "tanggal_tindak_lanjut_terakhir": 11,
}
A3 = 8  # xlsxwriter's paper code


def matrix_columns(frame: pd.DataFrame) -> list[Column]:
    """The columns written: ORDER, leaving out tanggal_temuan when the frame has none (every other one is
    written, empty when the frame lacks it)."""
    return [COLUMNS[name] for name in ORDER if name != "tanggal_temuan" or name in frame.columns]


def _day(value: Any) -> Any:
    """A date cell: a date (any of date, datetime64, ISO text) or None."""
    if fmt.is_missing(value) or value == "":
        return None
    return pd.Timestamp(value).date()


def row_heights(frame: pd.DataFrame, columns: list[Column]) -> list[float]:
    """About the height (points) each row's wrapped text needs at WIDTHS (xlsxwriter sets none by itself)."""
    wrapped = [column.name for column in columns if column.wrap]
    heights = []
    for record in frame[wrapped].itertuples(index=False, name=None):
        lines = [
            text_lines(text, WIDTHS[name]) for name, text in zip(wrapped, record, strict=True) if isinstance(text, str)
        ]
        heights.append(LINE_POINTS * max([1, *lines]) + 2)
    return heights


def matrix_bytes(frame: pd.DataFrame, info: PaperInfo, actor: auth.Actor) -> bytes:
    """The matrix workbook (.xlsx), one sheet "Matriks": the title, the unit scope and export time, the two
    header rows (label, then the column name the import reads), one row per recommendation of `frame`
    (store.findings_matrix: MATRIX_COLUMNS, tanggal_temuan optional). Statuses as their labels, money in
    rupiah, dates dd/mm/yyyy; text neutralised (never a formula). Printed A3 landscape one page wide with
    the header rows on every page. auth.Forbidden unless `actor` may export (ekspor)."""
    auth.require(actor, "ekspor")
    columns = matrix_columns(frame)
    shown = frame.reindex(columns=[column.name for column in columns]).copy()
    for name in ("batas_waktu", "tanggal_temuan", "tanggal_tindak_lanjut_terakhir"):
        if name in shown.columns:
            shown[name] = pd.Series([_day(value) for value in shown[name]], index=shown.index, dtype=object)
    book = Book({"title": info.title, "subject": matrix.MATRIX_TITLE, "author": "Dasbor Lapas Industri"})
    sheet = book.sheet("Matriks")
    sheet.write(0, 0, f"{info.title}: {info.unit}", None, "title")
    subtitle = f"{info.period} · Diekspor {info.exported} · {len(frame)} rekomendasi"
    sheet.sheet.write_string(1, 0, neutralise(subtitle))  # not measured: it runs across the columns
    sheet.table(shown, columns, first_row=HEADER_ROW, freeze_cols=1)
    for index, column in enumerate(columns):
        sheet.sheet.set_column(index, index, WIDTHS[column.name])
    for offset, height in enumerate(row_heights(shown, columns)):
        sheet.sheet.set_row(HEADER_ROW + 2 + offset, height)
    sheet.print_as(info, repeat=(HEADER_ROW, HEADER_ROW + 1))
    sheet.sheet.set_paper(A3)
    return book.close()
