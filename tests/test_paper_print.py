"""The shared print settings of every Excel paper: A4 landscape, one page wide, repeated rows, header, footer, signatures."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from lapas_metrics.export.sheet import Book, Column, PaperInfo, Signer, page_footer, page_header

INFO = PaperInfo(
    title="Kertas kerja & uji",
    unit="Kanwil Jawa Barat",
    period="TA 2025",
    exported="1 Desember 2026 15.51 WIB",
    database_sha256="ab" * 32,
)


def _paper() -> openpyxl.Workbook:
    book = Book({"title": "uji"})
    sheet = book.sheet("Ringkasan")
    frame = pd.DataFrame({"kode_upt": ["A", "B"], "nilai": [1.0, 2.0]})
    next_row = sheet.table(frame, [Column("kode_upt", "Kode UPT"), Column("nilai", "Nilai")])
    sheet.signatures(
        next_row + 1,
        [Signer("Disusun oleh", "Auditor", "Budi", "1 Desember 2026"), Signer("Direviu oleh", "Pengendali Teknis")],
    )
    sheet.print_as(INFO, repeat=(0, 1))
    sheet.fit()
    return openpyxl.load_workbook(io.BytesIO(book.close()))


def test_a4_landscape_one_page_wide_with_repeated_header_rows() -> None:
    sheet = _paper()["Ringkasan"]
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # fitToWidth is left out when it is 1, the OOXML default; fitToHeight 0 = as many pages tall as needed.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.freeze_panes == "A3"


def test_page_header_and_footer_text() -> None:
    sheet = _paper()["Ringkasan"]
    assert "Kertas kerja && uji" in sheet.oddHeader.left.text  # && is how a header code shows one &
    assert sheet.oddHeader.center.text == "Kanwil Jawa Barat"
    assert sheet.oddHeader.right.text == "TA 2025"
    assert sheet.oddFooter.left.text == "Halaman &P dari &N"
    assert sheet.oddFooter.center.text == "Diekspor 1 Desember 2026 15.51 WIB"
    assert sheet.oddFooter.right.text == "SHA-256 basis data:\n" + "ab" * 32


def test_signature_block_names_the_preparer_and_leaves_the_reviewer_to_sign() -> None:
    sheet = _paper()["Ringkasan"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6, max_row=8, max_col=4)]
    assert rows[0] == ["Peran", "Nama", "Paraf", "Tanggal"]
    assert rows[1] == ["Disusun oleh (Auditor)", "Budi", None, "1 Desember 2026"]
    assert rows[2] == ["Direviu oleh (Pengendali Teknis)", None, None, None]
    assert sheet.cell(8, 2).border.bottom.style == "thin"


def test_header_codes_escape_ampersands_and_stay_within_excels_limit() -> None:
    long = PaperInfo("&" * 300, "U" * 300, "P" * 300, "E" * 300, "f" * 64)
    assert len(page_header(long)) <= 255 and len(page_footer(long)) <= 255
    assert "&&" in page_header(INFO)
