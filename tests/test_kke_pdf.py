"""The KKE as LibreOffice prints it: one page wide, header rows and page header on every page, signatures at the end."""

from __future__ import annotations

from datetime import datetime

import pytest

from lapas_metrics import auth, evaluation, export
from tests.printing import needs_office, pdf_pages

pytestmark = needs_office


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of each PDF page of a KKE with its team, one answer and one suggestion."""
    instrument = evaluation.default_instrument()
    first = instrument.items[0]
    figure = next(item for item in instrument.items if item.angka is not None)
    paper = export.KkePaper(
        instrument=instrument,
        kode_upt="LPIISKM",
        nama_upt="Lapas Kelas IIA Sukamiskin",
        periode="TA 2024",
        evaluasi_id=7,
        status=evaluation.DRAF,
        database_sha256="ab" * 32,
        exported_at=datetime(2026, 12, 1, 8, 51),
        team=[("Ani Ketua", evaluation.KETUA_TIM), ("Citra Dalnis", evaluation.PENGENDALI_TEKNIS)],
        answers={first.kode: evaluation.Answer(first.kode, 3, "SK ada")},
        suggestions={figure.kode: (3, 0.8)},
    )
    folder = tmp_path_factory.mktemp("kke")
    book = folder / "kke.xlsx"
    book.write_bytes(export.kke_bytes(paper, auth.Actor("aud", "Auditor Satu", "auditor")))
    return pdf_pages(book)


def test_every_kke_page_is_one_page_wide_with_its_header_rows(pages: list[str]) -> None:
    kke = [page for page in pages if "saran_tingkat" in page]
    assert len(kke) >= 2, "the KKE should run over several pages"
    for page in kke:  # the first and the last column on every page: no column strips
        assert "kode" in page and "pertanyaan" in page and "alasan" in page
    codes = [item.kode for item in evaluation.default_instrument().items]
    printed = "".join(kke)
    assert all(code in printed for code in codes)


def test_every_page_has_the_page_header_and_footer(pages: list[str]) -> None:
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert "Kertas Kerja Evaluasi (KKE) Lapas Industri" in page
        assert "Lapas Kelas IIA Sukamiskin (LPIISKM)" in page and "TA 2024" in page
        assert f"Halaman {number} dari {total}" in page


def test_the_last_kke_page_carries_the_signatures(pages: list[str]) -> None:
    last = [page for page in pages if "saran_tingkat" in page][-1]
    assert "Disusun oleh (Ketua Tim)" in last and "Ani Ketua" in last
    assert "Direviu oleh (Pengendali Teknis)" in last and "Citra Dalnis" in last
    assert "Disetujui oleh (Pengendali Mutu)" in last
