"""A worker behind the HAProxy of `serve` (LAPAS_BEHIND_PROXY=1): the client from X-Forwarded-For, demo mode on loopback only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lapas_metrics import auth, store
from lapas_metrics.ui import session

PASSWORD = "rahasia-123"


@pytest.fixture
def forwarded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The X-Forwarded-For headers of the session's request: fill the list in the test."""
    headers: list[str] = []
    monkeypatch.setattr(session, "_forwarded_for", lambda: list(headers))
    return headers


@pytest.fixture
def behind_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_BEHIND_PROXY", "1")
    monkeypatch.setenv("LAPAS_PROXY_ADDRESS", "127.0.0.1")


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LocalHost", True),
        ("10.0.0.7", False),
        ("0.0.0.0", False),
        ("::", False),
        ("2001:db8::1", False),
        ("", False),
        ("bukan-alamat", False),
    ],
)
def test_loopback_addresses(address: str, loopback: bool) -> None:
    assert session.is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("headers", "client"),
    [
        ([], None),
        ([""], None),
        (["10.0.0.7"], "10.0.0.7"),
        # a client may send its own header; HAProxy's entry comes last, on the same line or a line of its own
        (["127.0.0.1, 10.0.0.7"], "10.0.0.7"),
        (["127.0.0.1", "10.0.0.7"], "10.0.0.7"),
        ([" 10.0.0.7 , "], "10.0.0.7"),
        (["2001:db8::1"], "2001:db8::1"),
    ],
)
def test_the_client_is_the_last_forwarded_entry(headers: list[str], client: str | None) -> None:
    assert session.forwarded_client(headers) == client


def test_without_the_setting_forwarded_headers_do_not_name_the_client(forwarded: list[str]) -> None:
    forwarded.append("10.0.0.7")
    assert session._client_ip() is None  # as before: the connection's own address (none under AppTest)


def test_behind_the_proxy_the_client_is_the_address_it_forwarded_for(forwarded: list[str], behind_proxy: None) -> None:
    forwarded.append("127.0.0.1, 203.0.113.9")
    assert session._client_ip() == "203.0.113.9"
    forwarded[:] = ["127.0.0.1"]
    assert session._client_ip() is None


def test_behind_the_proxy_demo_mode_opens_for_this_machine(open_app, forwarded: list[str], behind_proxy: None) -> None:
    forwarded.append("127.0.0.1")
    app = open_app()
    assert not app.exception and not app.error
    assert any("Mode demo" in info.value for info in app.sidebar.info) and app.title


@pytest.mark.parametrize(
    ("headers", "proxy_address"),
    [
        (["10.0.0.7"], "127.0.0.1"),  # another computer, through a proxy on loopback
        (["127.0.0.1, 10.0.0.7"], "127.0.0.1"),  # the same, naming loopback itself before HAProxy's entry
        ([], "127.0.0.1"),  # no entry: who asked is unknown
        (["127.0.0.1"], "0.0.0.0"),  # a proxy listening on the network
        (["127.0.0.1"], ""),
    ],
)
def test_behind_the_proxy_demo_mode_refuses_everyone_else(
    open_app, forwarded: list[str], monkeypatch: pytest.MonkeyPatch, headers: list[str], proxy_address: str
) -> None:
    monkeypatch.setenv("LAPAS_BEHIND_PROXY", "1")
    monkeypatch.setenv("LAPAS_PROXY_ADDRESS", proxy_address)
    forwarded.extend(headers)
    app = open_app()
    assert [e.value for e in app.error] == [session.DEMO_ONLY_HERE]
    assert not app.title and not app.get("plotly_chart")


def test_the_sign_in_throttle_counts_per_real_client(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dashboard_db: Path,
    forwarded: list[str],
    behind_proxy: None,
) -> None:
    # A copy: the session's shared database keeps its activity log for the tests that read it.
    db = tmp_path / "lapas.duckdb"
    shutil.copy(dashboard_db, db)
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    monkeypatch.setenv("LAPAS_DB", str(db))
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    forwarded.append("203.0.113.9")
    assert session._attempt("pim", "salah") == (None, "Nama pengguna atau kata sandi salah.")
    forwarded[:] = ["198.51.100.4"]
    assert session._attempt("pim", "salah-lagi") == (None, "Nama pengguna atau kata sandi salah.")
    by_address = {
        address: store.failed_sign_ins(db, {"alamat": address})["alamat"][0]
        for address in ("203.0.113.9", "198.51.100.4", "127.0.0.1")
    }
    assert by_address == {"203.0.113.9": 1, "198.51.100.4": 1, "127.0.0.1": 0}
