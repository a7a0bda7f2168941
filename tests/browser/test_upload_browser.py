"""The real server and headless Chromium: a bad file through the real uploader gets its report with row numbers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lapas_metrics import config, store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium tidak ada: pasang dengan `apt-get install -y chromium`"
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright belum terpasang: pip install -r requirements-dev.txt"
)

# Row 3: an unknown kind of unit and a negative capacity; row 4: a latitude outside Indonesia.
BAD_UPT = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri,komoditas_utama,lat,lon\n"
    b"LP-UJI1,Lapas Uji Satu,Lapas,IIA,Jawa Barat,Kota Bandung,300,ya,,,\n"
    b"LP-UJI2,Lapas Uji Dua,Penjara,IIA,Jawa Barat,Kota Bandung,-5,ya,,,\n"
    b"LP-UJI3,Lapas Uji Tiga,Lapas,IIB,Jawa Barat,Kota Bogor,200,tidak,,45,107\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    db = folder / "lapas.duckdb"
    store.init_db(db, demo=True)
    port = _free_port()
    log = (folder / "streamlit.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(config.PROJECT_DIR / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],  # fmt: skip
        cwd=config.PROJECT_DIR,
        env={**os.environ, "LAPAS_DB": str(db)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start: {(folder / 'streamlit.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_bad_file_through_the_real_uploader(server: str) -> None:
    expect = sync_api.expect
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1300})
            # Through the sidebar, as a user would: in Streamlit 1.67 a direct /unggah URL matches
            # pages/unggah.py and runs it without app.py.
            page.goto(server)
            page.get_by_test_id("stSidebarNav").get_by_text("Unggah Data").click()
            expect(page.get_by_role("heading", name="Unggah Data")).to_be_visible(timeout=30_000)
            uploader = page.locator("input[type=file]")
            expect(uploader).to_be_attached(timeout=30_000)
            uploader.set_input_files(files=[{"name": "upt_salah.csv", "mimeType": "text/csv", "buffer": BAD_UPT}])
            expect(page.get_by_text("ditolak: 3 masalah")).to_be_visible(timeout=30_000)
            report = page.locator("[data-testid='stTable']")
            expect(report.get_by_text("Baris 3, kolom jenis: 'Penjara'")).to_be_visible(timeout=30_000)
            expect(report.get_by_text("Baris 3, kolom kapasitas: -5 tidak boleh negatif")).to_be_visible()
            expect(report.get_by_text("Baris 4, kolom lat")).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_role("button", name="Simpan ke basis data")).to_have_count(0)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "unggah_berkas_salah.png"), full_page=True)
        finally:
            browser.close()
