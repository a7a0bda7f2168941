"""Words on screen: no table shows a raw column or action name, and the sidebar filters only where pages use them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from opening import closed_tables, open_tables
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, metrics, schema, store, views

APP = Path(__file__).resolve().parents[2] / "app.py"
PASSWORD = "rahasia-123"
PAGES = [
    "pages/ringkasan.py",
    "pages/profil_upt.py",
    "pages/produksi.py",
    "pages/partisipasi.py",
    "pages/anggaran.py",
    "pages/kemitraan.py",
    "pages/audit.py",
    "pages/unggah.py",
    "pages/riwayat.py",
    "pages/admin.py",
]
FILTERED = PAGES[:7]
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
RAW_NAMES = (
    {c.name for t in schema.TABLES.values() for c in t.columns}
    | {f.name for f in metrics.FIGURE_CATALOG}
    | set(views.COLUMN_LABELS)
)
ACTIONS = set(views.ACTION_LABELS)
PRODUKSI_CSV = (
    "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    "LP-SUKAMISKIN,2025-12,Percetakan,Buku tulis,1200,pcs,18000000,15000000\n"
)


def _raw(header: object) -> bool:
    text = str(header)
    return bool(SNAKE.match(text)) or text in RAW_NAMES


def _headers(app: AppTest) -> list[tuple[str, str]]:
    """(element key or kind, header) of every dataframe and table on the page."""
    found = []
    for element in [*app.dataframe, *app.table]:
        frame = element.value
        found += [(getattr(element, "key", None) or element.type, str(column)) for column in frame.columns]
    return found


def _raw_headers(app: AppTest) -> list[tuple[str, str]]:
    return [(key, header) for key, header in _headers(app) if _raw(header)]


def test_the_sweep_would_see_a_raw_name():
    assert _raw("target_pnbp_rp") and _raw("username") and _raw("gagal_masuk") and _raw("nama_upt")
    assert not _raw("Target PNBP") and not _raw("Nama pengguna")


@pytest.mark.parametrize("page", PAGES)
def test_no_table_on_a_page_shows_a_raw_column_name(open_app, page: str) -> None:
    app = open_tables(open_app(page))
    assert not closed_tables(app)
    assert not app.exception, [e.value for e in app.exception]
    assert _headers(app) or page in ("pages/unggah.py",), "the sweep found no table to check"
    assert not _raw_headers(app), _raw_headers(app)


def test_the_upload_preview_and_table_picker_use_labels(open_app, tmp_path: Path) -> None:
    app = open_app("pages/unggah.py")
    picker = app.selectbox(key="upload_table")
    titles = {spec.title for spec in schema.TABLES.values()}
    assert set(picker.options) <= titles and not [o for o in picker.options if _raw(o)], picker.options
    picker.set_value("produksi")
    app.file_uploader(key="upload_file").set_value(("produksi.csv", PRODUKSI_CSV.encode(), "text/csv"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.dataframe, [e.value for e in [*app.error, *app.table]]
    # The preview of the file's rows (the table of changed values, when a row is replaced, follows it).
    preview = next(frame.value for frame in app.dataframe if "Nilai tersimpan" not in frame.value.columns)
    changes = [frame.value for frame in app.dataframe if "Nilai tersimpan" in frame.value.columns]
    assert not [c for frame in changes for c in frame.columns if _raw(c)]
    assert "Nilai produksi" in preview.columns and "Kode UPT" in preview.columns
    assert not [c for c in preview.columns if _raw(c)], list(preview.columns)


def test_the_activity_log_shows_actions_and_headers_in_words(
    dashboard_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None
) -> None:
    store.activity_path(dashboard_db).unlink(missing_ok=True)
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    auth.add_user("adm", "Admin Kanwil", "admin", [], PASSWORD)
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input("tamu")
    app.text_input(key="auth_password").input("salah-sekali")
    app.button[0].click()
    app.run()
    app.text_input(key="auth_username").input("adm")
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    app.switch_page("pages/admin.py").run()
    assert not app.exception, [e.value for e in app.exception]
    users, log = (frame.value for frame in app.dataframe)
    assert list(users.columns) == ["Nama pengguna", "Nama", "Peran", "UPT"]
    assert list(log.columns) == ["Waktu", "Pengguna", "Aksi", "Rincian"]
    assert {"Gagal masuk", "Masuk"} <= set(log["Aksi"])
    assert not set(log["Aksi"]) & ACTIONS
    assert all(str(when).endswith(" WIB") for when in log["Waktu"])  # stored UTC, read in Jakarta


@pytest.mark.parametrize("page", PAGES)
def test_the_sidebar_filters_show_only_on_pages_that_use_them(open_app, page: str) -> None:
    app = open_app(page)
    assert not app.exception, [e.value for e in app.exception]
    keys = {widget.key for widget in app.sidebar.selectbox} | {widget.key for widget in app.sidebar.multiselect}
    if page in FILTERED:
        assert "f_tahun" in keys
    else:
        assert not keys & {"f_tahun", "f_kanwil"}, keys
        assert not [t for t in app.sidebar.markdown if "Filter" in str(t.value)]
