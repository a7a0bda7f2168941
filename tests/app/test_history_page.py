"""Riwayat Unggahan through AppTest: two batches compared (changed values, cap, CSV) and an operator's undo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, schema, store, upload

# The demo's batches are one per table (twelve since the partnership issue); the upload here comes next.
MINE = len(schema.TABLES) + 1

APP = Path(__file__).resolve().parents[2] / "app.py"
PASSWORD = "rahasia-123"
# Row 1 replaces demo batch 2's LP-BOGOR 2016-01 Kerajinan tangan (Rp 4.178.806), row 2 is new.
GOOD = (
    b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
    b"LP-BOGOR,2016-01,Kerajinan,Kerajinan tangan,140,pcs,4200000,4000000\n"
    b"LP-BOGOR,2026-01,Pangan,Roti uji,10,pcs,50000,40000\n"
)
OPERATOR = auth.Actor("opb", "Operator Bogor", "operator", ("LP-BOGOR",))


@pytest.fixture
def db(dashboard_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Path:
    """A copy of the demo database (its batches by "sistem") plus batch MINE, GOOD uploaded by operator opb."""
    path = tmp_path / "lapas.duckdb"
    shutil.copy(dashboard_db, path)
    _, batch = upload.import_file(path, "produksi", GOOD, "produksi_jan.csv", actor=OPERATOR)
    assert batch is not None and batch.batch_id == MINE
    monkeypatch.setenv("LAPAS_DB", str(path))
    st.cache_data.clear()
    yield path
    st.cache_data.clear()


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def history_page() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.switch_page("pages/riwayat.py").run()
    assert not app.exception, app.exception
    return app


def signed_in_history(users: Path, username: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    app.switch_page("pages/riwayat.py").run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def users(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    auth.add_user("opb", "Operator Bogor", "operator", ["LP-BOGOR"], PASSWORD)
    auth.add_user("opb2", "Operator Bogor kedua", "operator", ["LP-BOGOR"], PASSWORD)
    return path


def test_comparing_two_batches_shows_the_changed_value_and_caps_the_rows(db: Path) -> None:
    app = history_page()
    app.selectbox(key="cmp_table").set_value("produksi").run()
    assert app.selectbox(key="cmp_later").value == MINE and app.selectbox(key="cmp_earlier").value == 2
    assert f"Batch {MINE} dibanding batch 2" in texts(app.markdown) and "1 baris diubah" in texts(app.markdown)
    view = next(d.value for d in app.dataframe if "Perubahan" in d.value.columns)
    changed = view[view["Perubahan"] == "Diubah"].set_index("Kolom")
    assert changed.loc["Nilai produksi", "Batch 2"] == "Rp 4.178.806"
    assert changed.loc["Nilai produksi", f"Batch {MINE}"] == "Rp 4.200.000"
    assert changed.loc["Nilai produksi", "Periode"] == "Januari 2016"
    assert "nilai_produksi_rp" not in view.to_string()
    assert "Menampilkan 200 dari" in texts(app.caption)
    assert [b.label for b in app.get("download_button") if "perbandingan" in b.label]


def test_only_active_batches_of_one_table_are_offered(db: Path) -> None:
    """Produksi is the only table with two batches; the earlier batch is one of the same table."""
    app = history_page()
    assert app.selectbox(key="cmp_table").options == [schema.PRODUKSI.title]
    assert [option.split(" · ")[0] for option in app.selectbox(key="cmp_later").options] == [f"Batch {MINE}", "Batch 2"]
    assert [option.split(" · ")[0] for option in app.selectbox(key="cmp_earlier").options] == ["Batch 2"]


def test_an_operator_undoes_their_own_batch_after_confirming(users: Path, db: Path) -> None:
    app = signed_in_history(users, "opb")
    app.selectbox(key="hist_batch").set_value(MINE).run()
    assert not [b for b in app.button if b.key == "undo_confirm"]
    app.button(key="undo_start").click().run()
    assert f"Membatalkan batch {MINE}" in texts(app.warning)
    assert store.list_batches(db).iloc[0]["status"] == "aktif"  # nothing changed before confirming
    app.button(key="undo_confirm").click().run()
    assert not app.exception, app.exception
    assert f"Batch {MINE}" in texts(app.success) and "dibatalkan" in texts(app.success)
    assert store.list_batches(db).iloc[0]["status"] == "dibatalkan"
    log = store.activity_log(db)
    assert (log.iloc[0]["pengguna"], log.iloc[0]["aksi"]) == ("opb", "batal")


def test_an_operator_sees_why_they_may_not_undo_a_batch(users: Path, db: Path) -> None:
    app = signed_in_history(users, "opb2")
    app.selectbox(key="hist_batch").set_value(MINE).run()
    assert not [b for b in app.button if b.key == "undo_start"]
    assert f"Batch {MINE} bukan unggahan Anda (diunggah oleh opb)" in texts(app.caption)
    assert store.list_batches(db).iloc[0]["status"] == "aktif"
