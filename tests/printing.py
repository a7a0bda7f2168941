"""Printing a workbook as LibreOffice does, for the print tests of the papers: the text of each PDF page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")
needs_office = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) dan pdftotext tidak terpasang: apt-get install libreoffice-calc-nogui poppler-utils",
)


def pdf_pages(book: Path) -> list[str]:
    """`book` (an .xlsx) converted to PDF beside it by LibreOffice, as the text of each non-empty page."""
    profile = (book.parent / "profil").as_uri()  # its own LibreOffice profile: parallel runs do not share a lock
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(book.parent),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = book.with_suffix(".pdf")
    text = subprocess.run([str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]
