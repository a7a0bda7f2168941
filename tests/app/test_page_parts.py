"""A part's own rerun (ui.section, st.fragment) and the MetricInputs every session shares.

AppTest always reruns the whole script, so rerun_parts() asks its script runner for a rerun of the page's
fragments alone, as the browser does when a widget inside one of them changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.scriptrunner import RerunData
from streamlit.testing.v1 import AppTest, local_script_runner

from lapas_metrics import auth, metrics, store, ui
from lapas_metrics.__main__ import main
from tests.app.opening import open_tables
from tests.app.signing import PASSWORD, sign_in

PARTS = ["pages/ringkasan.py", "pages/produksi.py", "pages/partisipasi.py", "pages/anggaran.py"]
PRODUKSI = (
    "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    "LP-SUKAMISKIN,2025-12,Percetakan,Kalender meja tinjauan,1000,pcs,50000000000,0\n"
)


def rerun_parts(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Rerun only the page's parts (its fragments), as after a click inside one of them."""
    ids = list(app._fragment_storage._fragments)
    assert ids, "the page has no part that reruns alone"
    with monkeypatch.context() as patch:
        patch.setattr(local_script_runner, "RerunData", lambda **kw: RerunData(**kw, fragment_id_queue=list(ids)))
        app.run()
    return app


@pytest.fixture
def live_db(dashboard_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database that a test may write to."""
    db = tmp_path / "live.duckdb"
    shutil.copy(dashboard_db, db)
    shutil.copytree(store.originals_dir(dashboard_db), store.originals_dir(db))
    return db


@pytest.fixture
def users(live_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(live_db))
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("aud", "Pak Auditor", "auditor", [], PASSWORD)  # removing pim leaves a user: no demo mode
    st.cache_data.clear()
    st.cache_resource.clear()
    return live_db


def tables(app: AppTest) -> tuple[list[str], list[pd.DataFrame]]:
    return [box.label for box in app.expander], [table.value for table in app.dataframe]


@pytest.mark.parametrize("page", PARTS)
def test_every_part_reruns_alone_without_an_error(open_app, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    app = open_tables(open_app(page))
    shown = len(app.dataframe)
    rerun_parts(app, monkeypatch)
    assert not app.exception and not app.error
    assert not app.title  # only the parts ran
    assert len(app.dataframe) == shown  # the opened tables are drawn again


def test_a_part_rerun_after_a_write_shows_what_the_whole_page_shows(
    open_app, monkeypatch: pytest.MonkeyPatch, live_db: Path, tmp_path: Path
) -> None:
    # The part's arguments (the scope) hold the data of the page's last whole run; the table it loads
    # itself holds the new data: "Semua produk (22)" over 23 rows, beside a per-UPT table of the old data.
    app = open_tables(open_app("pages/produksi.py", db=live_db))
    labels, before = tables(app)
    assert "📋 Semua produk (22)" in labels and len(before) == 2
    source = tmp_path / "produksi_tambahan.csv"
    source.write_text(PRODUKSI)
    assert main(["ingest", "--db", str(live_db), "--table", "produksi", str(source)]) == 0

    rerun_parts(app, monkeypatch)
    labels, after = tables(app)
    assert app.title, "a part that reruns alone after a write reruns the whole page"
    assert "📋 Semua produk (23)" in labels  # a new label: the expander starts closed again, as before #16
    assert not after[-1].equals(before[1])  # the per-UPT table: the new production of LP-SUKAMISKIN


def test_a_part_rerun_with_no_write_stays_a_part(open_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_tables(open_app("pages/ringkasan.py"))
    rerun_parts(app, monkeypatch)
    rerun_parts(app, monkeypatch)
    assert not app.title and app.dataframe


def test_a_signed_in_part_rerun_stays_a_part(users: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the session's own records (sign-in, last seen) live beside the database, not in it: no page rerun
    app = sign_in("pim", "pages/anggaran.py")
    app.session_state["auth_touched"] = 0.0  # the session's record is looked up (and touched) again
    rerun_parts(app, monkeypatch)
    assert not app.title and app.get("plotly_chart") and not app.exception


def test_a_part_rerun_of_a_removed_user_goes_to_the_sign_in(users: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = sign_in("pim", "pages/anggaran.py")
    assert [t.value for t in app.title] == ["💰 Anggaran"]
    auth.remove_user("pim")
    rerun_parts(app, monkeypatch)
    assert [t.value for t in app.title] == ["🔐 Masuk"]
    assert not app.get("plotly_chart") and not app.dataframe and not app.exception


def test_a_part_rerun_after_the_idle_time_goes_to_the_sign_in(users: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = sign_in("pim", "pages/ringkasan.py")
    app.session_state["auth_last_seen"] = 0.0
    rerun_parts(app, monkeypatch)
    assert [t.value for t in app.title] == ["🔐 Masuk"]
    assert any("tidak aktif" in info.value for info in app.info)


def test_a_part_rerun_with_the_database_gone_says_so_in_a_sentence(
    open_app, monkeypatch: pytest.MonkeyPatch, live_db: Path
) -> None:
    app = open_tables(open_app("pages/anggaran.py", db=live_db))
    live_db.unlink()
    ui.clear_caches()
    rerun_parts(app, monkeypatch)
    assert not app.exception
    assert any("belum ada" in box.value for box in [*app.info, *app.error])


def _content(inputs: object) -> dict[str, int]:
    return {
        name: int(pd.util.hash_pandas_object(frame, index=True).sum()) + hash(tuple(map(str, frame.dtypes)))
        for name, frame in vars(inputs).items()
        if isinstance(frame, pd.DataFrame)
    }


def test_no_page_changes_the_inputs_every_session_shares(open_app, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[metrics.MetricInputs, dict[str, int]]] = []
    real = metrics.MetricInputs.from_store.__func__  # type: ignore[attr-defined]

    def recorded(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        inputs = real(cls, *args, **kwargs)
        built.append((inputs, _content(inputs)))
        return inputs

    monkeypatch.setattr(metrics.MetricInputs, "from_store", classmethod(recorded))
    app = open_app()
    for page in [*PARTS, "pages/profil_upt.py", "pages/kemitraan.py", "pages/audit.py", "pages/pkpt.py"]:
        app.switch_page(page)
        app.run()
        open_tables(app)
        assert not app.exception, (page, [e.value for e in app.exception])
        if app._fragment_storage._fragments:
            rerun_parts(app, monkeypatch)
    assert built
    assert all(_content(inputs) == content for inputs, content in built)
