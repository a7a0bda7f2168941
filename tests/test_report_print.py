"""The HTML unit report printed on A4 by Chromium: the papers' header, footer and signature block on paper."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import report
from lapas_metrics.export import PaperInfo, Signer

INFO = PaperInfo('Profil UPT — Lapas <A> "Uji"', "Lapas A", "TA 2025", "1 Desember 2026 15.51 WIB", "d" * 64)
SIGNERS = [
    Signer("Disusun oleh", "Pengguna", "Pimpinan Satu", "1 Desember 2026"),
    Signer("Direviu oleh", "Pengendali Teknis"),
]


def _page(sections: int = 1) -> str:
    table = pd.DataFrame({"Angka": [f"Baris {n}" for n in range(40)], "Nilai": ["1"] * 40})
    parts = [report.Section(f"Bagian {n}", table=table) for n in range(sections)]
    return report.upt_report("Profil UPT — Lapas A", "LP-A · TA 2025", [], parts, paper=INFO, signers=SIGNERS)


def test_the_page_boxes_carry_the_header_and_footer_as_css_strings() -> None:
    page = _page()
    assert '@top-left { content: "Profil UPT — Lapas \\3C A> \\"Uji\\""' in page
    assert '@bottom-left { content: "Halaman " counter(page) " dari " counter(pages)' in page
    assert '"Diekspor 1 Desember 2026 15.51 WIB" "\\A" "SHA-256 basis data: ' + "d" * 64 in page
    assert "</style>" not in page.split("<style>")[1].split("</style>")[0]


def test_the_signature_block_leaves_unknown_names_to_sign() -> None:
    page = _page()
    assert "<th>Peran</th><th>Nama</th><th>Paraf</th><th>Tanggal</th>" in page
    assert "<td>Disusun oleh (Pengguna)</td><td>Pimpinan Satu</td><td></td><td>1 Desember 2026</td>" in page
    assert "<td>Direviu oleh (Pengendali Teknis)</td><td></td><td></td><td></td>" in page


def test_without_paper_info_no_page_boxes() -> None:
    page = report.upt_report("Judul", "Sub", [], [])
    assert "@top-left" not in page and '<table class="sign">' not in page


CHROMIUM, PDFTOTEXT = Path("/usr/bin/chromium"), shutil.which("pdftotext")


@pytest.mark.skipif(
    not CHROMIUM.exists() or PDFTOTEXT is None,
    reason="Chromium dan pdftotext tidak terpasang: apt-get install chromium poppler-utils",
)
def test_chromium_prints_every_page_with_header_footer_and_page_count(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM))
        tab = browser.new_page()
        tab.set_content(_page(sections=4))
        (tmp_path / "laporan.pdf").write_bytes(tab.pdf(prefer_css_page_size=True, print_background=True))
        browser.close()
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(tmp_path / "laporan.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
        assert "Lapas A" in page and "TA 2025" in page and "Diekspor 1 Desember 2026 15.51 WIB" in page
    assert "Direviu oleh (Pengendali Teknis)" in pages[-1]
