"""Sign-in and roles through AppTest: demo banner, sign-in, pages per role, throttling, idle expiry."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, store
from lapas_metrics.ui import session

APP = Path(__file__).resolve().parents[2] / "app.py"
PASSWORD = "rahasia-123"


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dashboard_db: Path, navigation_only: None) -> Path:
    path = tmp_path / "users.toml"
    # Failed attempts and sessions live in the activity log beside the shared database: start each test clean.
    store.activity_path(dashboard_db).unlink(missing_ok=True)
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("aud", "Pak Auditor", "auditor", [], PASSWORD)
    auth.add_user("opa", "Operator Sukamiskin", "operator", ["LP-SUKAMISKIN"], PASSWORD)
    auth.add_user("adm", "Admin Kanwil", "admin", [], PASSWORD)
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def sign_in(username: str, password: str = PASSWORD) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(password)
    app.button[0].click()  # the form's submit button
    app.run()
    return app


def page_titles(app: AppTest) -> list[str]:
    return [t.value for t in app.title]


def all_text(app: AppTest) -> str:
    parts = [e.value for e in app.markdown] + [e.value for e in app.caption] + [e.value for e in app.error]
    parts += [e.value for e in app.info] + [e.value for e in app.title]
    return "\n".join(str(p) for p in parts)


def test_demo_mode_shows_the_banner_and_every_page(open_app) -> None:
    app = open_app()
    assert not app.exception
    assert any("Mode demo" in info.value for info in app.sidebar.info)
    for page, title in [("pages/audit.py", "Audit"), ("pages/unggah.py", "Unggah"), ("pages/admin.py", "Pengguna")]:
        app.switch_page(page)
        app.run()
        assert not app.exception
        assert any(title in t for t in page_titles(app)), page


def test_with_users_the_dashboard_asks_to_sign_in_first(users: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    assert page_titles(app) == ["🔐 Masuk"]
    assert not app.sidebar.selectbox  # no filters, no data before sign-in


def open_address_signed_out(page: str, username: str) -> AppTest:
    """The app opened at a page's address while signed out (switch_page before the first run), then signed in."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.switch_page(page)
    app.run()
    assert page_titles(app) == ["🔐 Masuk"]
    assert not app.sidebar.selectbox
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    assert not app.exception
    if page not in ("pages/unggah.py", "pages/riwayat.py", "pages/admin.py"):  # the pages without filters
        assert app.sidebar.selectbox(key="f_tahun").value == 2025
    return app


def test_a_page_address_signed_out_asks_to_sign_in_then_opens_that_page(users: Path) -> None:
    app = open_address_signed_out("pages/produksi.py", "pim")
    assert page_titles(app) == ["🏭 Produksi"]


def test_a_page_address_the_role_may_not_open_says_so_after_sign_in(users: Path) -> None:
    app = open_address_signed_out("pages/admin.py", "pim")
    assert page_titles(app) == []
    assert [e.value for e in app.error] == ["Halaman ini tidak tersedia untuk peran Anda."]
    assert "Log aktivitas" not in all_text(app)


def test_a_wrong_password_is_refused_and_logged_without_the_password(users: Path, dashboard_db: Path) -> None:
    app = sign_in("pim", "salah-sekali")
    assert "Nama pengguna atau kata sandi salah." in [e.value for e in app.error]
    log = store.activity_log(dashboard_db)
    assert log.iloc[0]["aksi"] == "gagal_masuk" and log.iloc[0]["pengguna"] == "pim"
    assert "salah-sekali" not in log.to_csv()


def test_repeated_failures_are_slowed_down(users: Path) -> None:
    app = sign_in("aud", "salah-1")
    for attempt in range(3):
        app.text_input(key="auth_password").input(f"salah-{attempt + 2}")
        app.button[0].click()
        app.run()
    assert any("Terlalu banyak percobaan gagal" in e.value for e in app.error)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    assert page_titles(app) == ["🔐 Masuk"]  # even the right password waits out the delay


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("pim", [], ["pages/audit.py", "pages/unggah.py", "pages/admin.py"]),
        ("aud", ["pages/audit.py"], ["pages/unggah.py", "pages/admin.py"]),
        ("opa", ["pages/unggah.py", "pages/riwayat.py"], ["pages/audit.py", "pages/admin.py"]),
        ("adm", ["pages/audit.py", "pages/unggah.py", "pages/admin.py"], []),
    ],
)
def test_each_role_sees_its_pages(users: Path, username: str, visible: list[str], hidden: list[str]) -> None:
    app = sign_in(username)
    assert not app.exception
    assert any("Masuk sebagai" in c.value for c in app.sidebar.caption)
    names = {
        "pages/audit.py": "Audit",
        "pages/unggah.py": "Unggah",
        "pages/riwayat.py": "Riwayat",
        "pages/admin.py": "Pengguna",
    }
    for page in visible:
        app.switch_page(page)
        app.run()
        assert any(names[page] in t for t in page_titles(app)), page
    for page in hidden:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)


def test_an_operator_cannot_undo_another_users_batch_from_the_history_page(users: Path) -> None:
    """Issue 12: an operator undoes only their own batches (tests/app/test_history_page.py); the demo's are sistem's."""
    app = sign_in("opa")
    app.switch_page("pages/riwayat.py")
    app.run()
    assert not app.exception
    assert not [b for b in app.button if b.key == "undo_start"]
    assert any("bukan unggahan Anda (diunggah oleh sistem)" in c.value for c in app.caption)


def test_an_operator_file_with_another_units_rows_is_rejected_on_the_page(users: Path, dashboard_db: Path) -> None:
    before = len(store.list_batches(dashboard_db))
    app = sign_in("opa")
    app.switch_page("pages/unggah.py")
    app.run()
    app.selectbox(key="upload_table").select("target_pnbp")
    app.run()
    data = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-SUKAMISKIN,2026,1000\nLP-BOGOR,2026,2000\n"
    app.file_uploader(key="upload_file").set_value(("target.csv", data, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    # the check already applies the save's rules: refused at the check step, never "Berkas valid" first
    assert not [b for b in app.button if b.key == "upload_commit"]
    assert not any("Berkas valid" in s.value for s in app.success)
    assert "ditolak: 1 masalah" in all_text(app)
    message = [t.value for t in app.table if "Pesan" in t.value.columns][0]["Pesan"].iloc[0]
    assert "LP-BOGOR" in message and "bukan wewenang" in message
    assert len(store.list_batches(dashboard_db)) == before
    log = store.activity_log(dashboard_db)
    refused = log[log["aksi"] == "unggah_ditolak"]
    assert refused["pengguna"].tolist() == ["opa"] and "target.csv" in refused["rincian"].iloc[0]


def test_a_session_expires_after_the_idle_time(users: Path) -> None:
    app = sign_in("pim")
    assert "🔐 Masuk" not in page_titles(app)
    app.session_state["auth_last_seen"] = 0.0
    app.run()
    assert page_titles(app) == ["🔐 Masuk"]
    assert any("Sesi berakhir" in i.value for i in app.info)


def test_no_password_or_hash_is_ever_shown(users: Path) -> None:
    app = sign_in("adm")
    app.switch_page("pages/admin.py")
    app.run()
    shown = all_text(app) + "".join(df.value.to_csv() for df in app.dataframe)
    assert "argon2" not in shown and PASSWORD not in shown
    assert "opa" in shown


# ---------------------------------------------------------------- the network: demo mode on this machine only


@pytest.fixture
def network_address() -> Iterator[None]:
    """The server told to listen on every interface (--server.address 0.0.0.0)."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_the_shipped_config_listens_on_loopback_only() -> None:
    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def test_demo_mode_refuses_to_open_when_the_server_listens_on_the_network(open_app, network_address) -> None:
    app = open_app()
    assert [e.value for e in app.error] == [session.DEMO_ONLY_HERE]
    assert "tambahkan pengguna" in session.DEMO_ONLY_HERE
    assert not app.title and not app.get("plotly_chart")


def test_demo_mode_refuses_a_request_from_another_computer(open_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "_client_ip", lambda: "10.0.0.7")
    app = open_app()
    assert [e.value for e in app.error] == [session.DEMO_ONLY_HERE]
    assert not app.title


def test_with_users_the_network_is_allowed_and_asks_to_sign_in(users: Path, network_address) -> None:
    app = sign_in("pim")
    assert "🔐 Masuk" not in page_titles(app) and not app.error


def test_the_wait_survives_a_cleared_cache_and_a_new_session(users: Path) -> None:
    app = sign_in("aud", "salah-1")
    for attempt in range(3):
        app.text_input(key="auth_password").input(f"salah-{attempt + 2}")
        app.button[0].click()
        app.run()
    st.cache_resource.clear()  # what any browser can ask of the server
    st.cache_data.clear()
    again = sign_in("aud")
    assert page_titles(again) == ["🔐 Masuk"]
    assert any("Terlalu banyak percobaan gagal" in e.value for e in again.error)


def test_an_overlong_user_name_is_refused_before_any_work(users: Path, dashboard_db: Path, monkeypatch) -> None:
    assert sign_in("x" * 500).text_input(key="auth_username").max_chars == auth.MAX_USERNAME  # the form's limit
    # A client that skips the form's limit is refused by the server before the throttle or argon2 run.
    monkeypatch.setattr(store, "sign_in_turn", lambda path: pytest.fail("no work for an overlong name"))
    assert session._attempt("x" * 500, "apa-saja") == (None, "Nama pengguna atau kata sandi terlalu panjang.")
    assert session._attempt("pim", "x" * 5000) == (None, "Nama pengguna atau kata sandi terlalu panjang.")


def test_a_removed_user_is_signed_out_at_once(users: Path) -> None:
    app = sign_in("pim")
    assert "🔐 Masuk" not in page_titles(app)
    auth.remove_user("pim")
    app.run()
    assert page_titles(app) == ["🔐 Masuk"]
