"""What goes out, on the pages: inert CSV downloads, file and user text shown as text, originals by UPT scope."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from opening import open_tables
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, fmt, store, upload

APP = Path(__file__).resolve().parents[2] / "app.py"
PASSWORD = "rahasia-123"
LINK, IMAGE, BOLD = "[klik](http://x)", "![x](http://x/y.png)", "**tebal**"
HYPERLINK, SUM = '=HYPERLINK("http://x")', "@SUM(1)"
HEADER = "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp"
# A valid file whose extra column is named like a link and whose product is an image.
EVIL_GOOD = f"{HEADER},{LINK}\nLP-BOGOR,2026-01,Pangan,{IMAGE},10,pcs,50000,40000,x\n".encode()
# A rejected file whose unit code is a formula (the report quotes it).
EVIL_BAD = f"{HEADER}\n{SUM},2026-01,Pangan,{BOLD},{LINK},pcs,50000,40000\n".encode()


@pytest.fixture
def db(dashboard_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Iterator[Path]:
    path = tmp_path / "lapas.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("LAPAS_DB", str(path))
    st.cache_data.clear()
    yield path
    st.cache_data.clear()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes each download button of a run hands out, by file name (recorded as Streamlit stores them)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Path) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    auth.add_user("opa", f"{LINK} {IMAGE} {BOLD}", "operator", ["LP-SUKAMISKIN"], PASSWORD)
    auth.add_user("adm", "Admin Kanwil", "admin", [], PASSWORD)
    st.cache_resource.clear()
    return path


def open_page(page: str) -> AppTest:
    """The page with its tables open (ui.on_open builds a table only once its expander is opened)."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.switch_page(page).run()
    open_tables(app)
    assert not app.exception, app.exception
    return app


def sign_in(username: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    assert not app.exception, app.exception
    return app


def upload_file(app: AppTest, table: str, name: str, data: bytes) -> AppTest:
    app.selectbox(key="upload_table").set_value(table)
    app.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def markdown_bodies(app: AppTest) -> list[str]:
    """Every text Streamlit renders as markdown: bodies, alerts, headings, and the labels that take markdown."""
    bodies = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "subheader", "header"):
        bodies += [str(element.value) for element in app.get(kind)]
    for kind in ("button", "download_button", "expander", "metric", "page_link", "selectbox", "radio"):
        bodies += [str(getattr(element, "label", getattr(element.proto, "label", ""))) for element in app.get(kind)]
    return bodies


def assert_shown_as_text(app: AppTest, *texts: str) -> None:
    bodies = "\n".join(markdown_bodies(app))
    for text in texts:
        assert text not in bodies, text  # the raw markdown would render as a link, an image or bold
        assert "](" + "http" not in bodies.replace("\\]", "")
    assert any(fmt.plain(text) in bodies for text in texts), "the text is not shown at all"


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# ---------------------------------------------------------------- user text shown as text


def test_a_file_header_and_product_shown_as_text_then_in_the_history(db: Path) -> None:
    app = upload_file(open_page("pages/unggah.py"), "produksi", f"{BOLD}.csv", EVIL_GOOD)
    assert any("tidak dikenal diabaikan" in w.value for w in app.warning)
    assert_shown_as_text(app, LINK)
    app.button(key="upload_commit").click().run()
    assert not app.exception, app.exception
    history = open_page("pages/riwayat.py")
    assert_shown_as_text(history, LINK, BOLD)
    assert any(b.key == "hist_download" for b in history.get("download_button"))


def test_a_rejected_files_name_and_report_are_text(db: Path, downloads: dict[str, bytes]) -> None:
    app = upload_file(open_page("pages/unggah.py"), "produksi", f"{LINK}.csv", EVIL_BAD)
    assert any("ditolak" in e.value for e in app.error)
    assert_shown_as_text(app, LINK, BOLD)
    # st.table renders markdown in its cells: the report quotes the file's values as text
    report_cells = "\n".join(t.value.to_csv() for t in app.table if "Pesan" in t.value.columns)
    assert fmt.plain(LINK) in report_cells and LINK not in report_cells
    report = rows_of(downloads["laporan_pemeriksaan_produksi.csv"])
    assert "'" + SUM in [row["nilai"] for row in report]
    assert LINK in [row["nilai"] for row in report]  # the CSV holds the value itself


def test_a_users_display_name_is_text(users: Path) -> None:
    app = sign_in("opa")
    assert any(fmt.plain(LINK) in c.value for c in app.sidebar.caption)
    assert_shown_as_text(app, LINK, IMAGE, BOLD)


# ---------------------------------------------------------------- downloads


def test_the_activity_log_download_is_inert(db: Path, downloads: dict[str, bytes]) -> None:
    store.log_activity(db, HYPERLINK, "masuk", SUM)
    open_page("pages/admin.py")
    rows = rows_of(downloads["log_aktivitas.csv"])
    mine = [row for row in rows if row["pengguna"] == "'" + HYPERLINK]
    assert mine and mine[0]["rincian"] == "'" + SUM


def test_a_page_table_download_is_inert(db: Path, downloads: dict[str, bytes]) -> None:
    with store.writing(db) as con:
        con.execute("UPDATE upt SET nama_upt = ? WHERE kode_upt = 'LP-BOGOR'", [HYPERLINK])
    open_page("pages/produksi.py")
    tables = [name for name in downloads if name.startswith("produksi_upt_")]
    assert tables, list(downloads)
    names = [row["nama_upt"] for row in rows_of(downloads[tables[0]])]
    assert "'" + HYPERLINK in names and HYPERLINK not in names


# ---------------------------------------------------------------- originals by UPT scope


def own_batch(db: Path) -> int:
    data = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-SUKAMISKIN,2027,1000\n"
    _, batch = upload.import_file(db, "target_pnbp", data, "target_sukamiskin.csv")
    assert batch is not None and batch.batch_id is not None
    return batch.batch_id


def test_an_operator_gets_the_original_of_their_own_batch_only(users: Path, db: Path) -> None:
    mine = own_batch(db)
    demo = int(store.list_batches(db).query("tabel == 'produksi'")["batch_id"].iloc[0])
    app = sign_in("opa")
    app.switch_page("pages/riwayat.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="hist_batch").value == mine
    assert any(b.key == "hist_download" for b in app.get("download_button"))
    app.selectbox(key="hist_batch").set_value(demo).run()
    assert not app.exception, app.exception
    assert not any(b.key == "hist_download" for b in app.get("download_button"))
    assert any("bukan wewenang Anda" in c.value for c in app.caption)


def test_an_admin_gets_every_original(users: Path, db: Path) -> None:
    demo = int(store.list_batches(db).query("tabel == 'upt'")["batch_id"].iloc[0])
    app = sign_in("adm")
    app.switch_page("pages/riwayat.py").run()
    app.selectbox(key="hist_batch").set_value(demo).run()
    assert not app.exception, app.exception
    assert any(b.key == "hist_download" for b in app.get("download_button"))
