"""Fixtures for the dashboard pages under AppTest: one demo database per session, fresh caches per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lapas_metrics import ui, upload

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data in a DuckDB file, built once (the dashboard only reads it)."""
    path = tmp_path_factory.mktemp("dashboard") / "demo.duckdb"
    upload.init_db(path, demo=True)
    return path


@pytest.fixture
def navigation_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py through st.navigation on every AppTest run.

    Streamlit treats a folder named pages/ beside the entry file as a v1 multipage app until
    st.navigation runs once, and AppTest resets that flag before every run, as if each run were the
    first request after a server start: the run executes the page file alone, whose ui.within_frame()
    reruns it through app.py (tests/app/test_frame.py proves that without this fixture). That rerun
    doubles every run and drops a button click made in it (a click lasts one run), so the flag is
    pinned here. The real server shares the flag process-wide: only its first run is affected.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def open_app(
    dashboard_db: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None
) -> Iterator[Callable[..., AppTest]]:
    """open_app(page=None, db=None, query=None): the app run once on its default page, then on `page` if given."""
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    ui.clear_caches()

    def open_page(page: str | None = None, db: Path | None = None, query: dict[str, str] | None = None) -> AppTest:
        if db is not None:
            monkeypatch.setenv("LAPAS_DB", str(db))
        app = AppTest.from_file(str(APP), default_timeout=30)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        app.run()
        if page is not None:
            app.switch_page(page)
            app.run()
        return app

    yield open_page
    ui.clear_caches()
