"""The real server and headless Chromium: a bad file through the real uploader gets its report with row numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright belum terpasang: pip install -r requirements-dev.txt"
)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

# Row 3: an unknown kind of unit and a negative capacity; row 4: a latitude outside Indonesia.
BAD_UPT = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri,komoditas_utama,lat,lon\n"
    b"LP-UJI1,Lapas Uji Satu,Lapas,IIA,Jawa Barat,Kota Bandung,300,ya,,,\n"
    b"LP-UJI2,Lapas Uji Dua,Penjara,IIA,Jawa Barat,Kota Bandung,-5,ya,,,\n"
    b"LP-UJI3,Lapas Uji Tiga,Lapas,IIB,Jawa Barat,Kota Bogor,200,tidak,,45,107\n"
)


def test_bad_file_through_the_real_uploader(dashboard_server: str, dashboard_page) -> None:
    expect = sync_api.expect
    page = dashboard_page
    page.set_viewport_size({"width": 1400, "height": 1300})
    # Through the sidebar, as a user would.
    page.goto(dashboard_server)
    page.get_by_test_id("stSidebarNav").get_by_text("Unggah Data").click()
    expect(page.get_by_role("heading", name="Unggah Data")).to_be_visible(timeout=30_000)
    uploader = page.locator("input[type=file]")
    expect(uploader).to_be_attached(timeout=30_000)
    # Streamlit's English in the uploader is replaced by Indonesian words (ui.uploader_words).
    after = "sel => getComputedStyle(document.querySelector(sel), '::after').content"
    scope = ".st-key-upload_file "
    button = scope + '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    assert page.evaluate(after, button) == '"Pilih berkas"'
    hint = scope + '[data-testid="stFileUploaderDropzoneInstructions"] span'
    assert page.evaluate(after, hint).startswith('"Paling besar 50 MB per berkas')
    assert page.evaluate("sel => getComputedStyle(document.querySelector(sel)).fontSize", button) == "0px"
    uploader.set_input_files(files=[{"name": "upt_salah.csv", "mimeType": "text/csv", "buffer": BAD_UPT}])
    expect(page.get_by_text("ditolak: 3 masalah")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stFileChipName"] + div')).to_be_hidden()  # Streamlit's "384.0B"
    report = page.locator("[data-testid='stTable']")
    expect(report.get_by_text("Baris 3, kolom jenis: 'Penjara'")).to_be_visible(timeout=30_000)
    expect(report.get_by_text("Baris 3, kolom kapasitas: -5 tidak boleh negatif")).to_be_visible()
    expect(report.get_by_text("Baris 4, kolom lat")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("button", name="Simpan ke basis data")).to_have_count(0)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "unggah_berkas_salah.png"), full_page=True)
