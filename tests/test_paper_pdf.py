"""The demo working paper as LibreOffice prints it: one page wide, header rows on every page, page N of M."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from lapas_metrics import audit, auth, export, metrics, store, upload
from tests.printing import needs_office, pdf_pages

pytestmark = needs_office
AUDITOR = auth.Actor("aud", "Auditor Satu", "auditor")


def demo_paper(db: Path, tahun: int) -> bytes:
    """The working paper of the demo data for one year and Jawa Barat, built as Ruang Audit builds it."""
    inputs = metrics.MetricInputs.from_store(store.metric_frames(db))
    config = metrics.AuditConfig()
    figures = metrics.audit_flags(metrics.yearly_figures(inputs), config)
    criteria = audit.Criteria(tahun=(tahun,), kanwil="Jawa Barat", mode="persentil", persentil=0)
    selected = audit.select_targets(figures, criteria)
    reasons = metrics.flag_reasons(figures, config)
    paper = export.WorkingPaper(
        criteria=criteria,
        config=config,
        defaults=config,
        summary=audit.summary_table(selected, metrics.flag_status(figures, config)),
        findings=audit.findings(reasons, selected),
        data=audit.underlying_data(figures, selected),
        sources=audit.source_batches(store.list_batches(db)),
        database=db.name,
        database_sha256=store.file_sha256(db),
        app_version="uji",
        exported_at=datetime(2026, 12, 1, 8, 51, tzinfo=UTC),
        percentiles=audit.percentile_table(figures, criteria),
        demo=True,
        exported_by=AUDITOR.label,
        preparer=AUDITOR.nama,
    )
    return export.workbook_bytes(paper, AUDITOR)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of each PDF page of the demo working paper for 2017, as LibreOffice prints it."""
    folder = tmp_path_factory.mktemp("kertas")
    db = folder / "lapas.duckdb"
    upload.init_db(db, demo=True)
    book = folder / "kertas_kerja.xlsx"
    book.write_bytes(demo_paper(db, 2017))
    return pdf_pages(book)


def test_ringkasan_fits_one_page_wide(pages: list[str]) -> None:
    ringkasan = [page for page in pages if "jumlah_bendera" in page]
    assert ringkasan, "no Ringkasan page in the PDF"
    # One page wide: every page with the last column also has the first two (no column strips).
    for page in ringkasan:
        assert "kode_upt" in page and "nama_upt" in page and "skor_risiko" in page
    assert len(ringkasan) <= 2


def test_every_page_has_the_header_footer_and_page_count(pages: list[str]) -> None:
    total = len(pages)
    assert total <= 15, f"{total} pages"
    for number, page in enumerate(pages, start=1):
        assert "Kertas kerja pemilihan objek audit Lapas Industri" in page
        assert "Kanwil Jawa Barat" in page and "TA 2017" in page
        assert f"Halaman {number} dari {total}" in page
        assert "Diekspor 1 Desember 2026 15.51 WIB" in page


def test_table_header_rows_repeat_on_every_page_of_a_long_sheet(pages: list[str]) -> None:
    data = [page for page in pages if "dalam_hasil" in page or "Dalam hasil" in page]
    assert len(data) >= 1
    assert all("kode_upt" in page for page in data)


def test_the_cover_carries_the_signature_block(pages: list[str]) -> None:
    cover = pages[0]
    assert "Disusun oleh (Auditor)" in cover and "Auditor Satu" in cover and "1 Desember 2026" in cover
    assert "Direviu oleh (Pengendali Teknis)" in cover
