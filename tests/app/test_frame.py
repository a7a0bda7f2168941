"""A page address run without app.py (Streamlit's old pages/ mode) reruns through the frame: sign-in, roles, filters.

No navigation_only here: AppTest resets Streamlit's pages/ flag before every run, as a fresh server has it
for its first request, so every run below starts with the page file alone and only ui.within_frame() brings
the frame back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import clock, fmt

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def first_request(dashboard_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _address(page: str, query: dict[str, str] | None = None) -> AppTest:
    """The app opened at a page's address: switch_page before the first run asks for the page by file name."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.switch_page(page)
    app.run()
    return app


def test_a_dashboard_address_runs_its_page_inside_the_frame(first_request: None) -> None:
    app = _address("pages/profil_upt.py", {"upt": "LP-BOGOR"})
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == ["🏢 Profil UPT"]  # drawn once: the run without the frame drew nothing
    assert app.sidebar.selectbox(key="f_tahun").value == 2025
    assert app.selectbox(key="f_upt").value == "LP-BOGOR"
    app.sidebar.selectbox(key="f_tahun").set_value(2024).run()  # again the page alone first, then the frame
    assert not app.exception
    assert [t.value for t in app.title] == ["🏢 Profil UPT"]
    # The caption ends with the as-of date since issue #12 (today by default).
    shown = f"Lapas Kelas IIA Bogor · Kanwil Jawa Barat · TA 2024 · Posisi data: {fmt.long_date(clock.today())}"
    assert any(c.value == shown for c in app.caption)


@pytest.mark.parametrize(("page", "title"), [("pages/unggah.py", "📤 Unggah Data"), ("pages/admin.py", "🛡️ Pengguna")])
def test_other_addresses_run_inside_the_frame(first_request: None, page: str, title: str) -> None:
    app = _address(page)
    assert not app.exception
    titles = [t.value for t in app.title]
    assert len(titles) == 1 and titles[0].startswith(title), titles
    assert any("Mode demo" in info.value for info in app.sidebar.info)


def test_the_sidebar_choices_outlive_pages_that_do_not_draw_them(first_request: None) -> None:
    app = _address("pages/ringkasan.py")
    app.sidebar.selectbox(key="f_tahun").set_value(2019).run()
    app.sidebar.checkbox(key="f_industri").check().run()
    app.switch_page("pages/unggah.py")
    app.run()
    assert not [s for s in app.sidebar.selectbox if s.key == "f_tahun"]  # no filters on Unggah Data
    app.switch_page("pages/tindak_lanjut.py")
    app.run()
    assert not app.exception
    assert not [s for s in app.sidebar.selectbox if s.key == "f_tahun"]  # the register reads no fiscal year
    assert app.sidebar.checkbox(key="f_industri").value is True
    app.switch_page("pages/ringkasan.py")
    app.run()
    assert app.sidebar.selectbox(key="f_tahun").value == 2019
    assert app.sidebar.checkbox(key="f_industri").value is True
