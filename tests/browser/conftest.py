"""The real dashboard server on a free port with a demo database, and Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from lapas_metrics import upload

PROJECT = Path(__file__).resolve().parents[2]
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
SCREENSHOTS = PROJECT / "tests" / "screenshots"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextmanager
def serve(folder: Path, database: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh `streamlit run app.py` on `database` (its log in `folder`); yields its base URL and stops it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder / f"streamlit_{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT,
        env={**os.environ, "LAPAS_DB": str(database), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data for the browser tests' servers, built once."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium tidak ditemukan di /usr/bin/chromium; pasang dengan: apt-get install chromium")
    database = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    upload.init_db(database, demo=True)
    return database


@pytest.fixture
def fresh_server(tmp_path: Path) -> Callable[..., AbstractContextManager[str]]:
    """fresh_server(database, env=None): a context manager that starts a new server and yields its URL, for
    tests that need the very first request after a start."""

    def start(database: Path, env: dict[str, str] | None = None) -> AbstractContextManager[str]:
        return serve(tmp_path, database, env)

    return start


# Module scope: the server and the Playwright driver end with the module that used them, so another
# browser test module can start its own sync_playwright afterwards.
@pytest.fixture(scope="module")
def dashboard_server(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on a demo database; yields its base URL and stops it afterwards."""
    with serve(tmp_path_factory.mktemp("server"), browser_db) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium through Playwright, one per test module."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium tidak ditemukan di /usr/bin/chromium; pasang dengan: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def dashboard_page(chromium) -> Iterator[object]:
    """A fresh browser tab (1400 px wide, downloads allowed) for one test."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
