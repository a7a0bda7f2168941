"""Sign-in state kept where no browser can clear it: failed attempts and sessions in the activity store; the users file."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import streamlit as st

from lapas_metrics import auth, store, upload
from lapas_metrics.__main__ import main

UPT_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
)
NAME = {"nama": "budi"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "lapas.duckdb"  # the activity store lives beside it; the database itself need not exist


def _wait(path: Path, keys: dict[str, str], now: float) -> float:
    counts = store.failed_sign_ins(path, keys)
    return max(
        auth.throttle_wait(*counts.get("nama", (0, 0.0)), now),
        auth.throttle_wait(*counts.get("alamat", (0, 0.0)), now, free=auth.FREE_PER_ADDRESS),
    )


def _fail(path: Path, keys: dict[str, str], times: int, now: float) -> None:
    for _ in range(times):
        store.record_failed_sign_in(path, keys, now, auth.FORGET_AFTER_S)


def test_failed_attempts_are_kept_in_the_activity_store_with_the_same_waits(db: Path) -> None:
    _fail(db, NAME, 3, now=100.0)
    assert _wait(db, NAME, 100.0) == 2.0
    _fail(db, NAME, 1, now=102.5)
    assert _wait(db, NAME, 103.0) == 3.5  # 4 s after the fourth failure
    assert _wait(db, {"nama": "ani"}, 103.0) == 0
    store.clear_failed_sign_ins(db, "nama", "budi")
    assert _wait(db, NAME, 103.0) == 0
    assert store.activity_path(db).exists()


def test_the_wait_survives_clearing_every_cache_and_a_new_process(db: Path) -> None:
    now = time.time()
    _fail(db, NAME, 4, now=now)
    st.cache_resource.clear()
    st.cache_data.clear()
    assert _wait(db, NAME, now) == 4.0
    other = subprocess.run(
        [sys.executable, "-c", f"from lapas_metrics import store; print(store.failed_sign_ins({str(db)!r}, {NAME!r}))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'nama': (4," in other.stdout


def test_failures_count_per_client_address_whatever_the_names(db: Path) -> None:
    for index in range(auth.FREE_PER_ADDRESS):
        _fail(db, {"nama": f"tebakan{index}", "alamat": "10.0.0.7"}, 1, now=200.0)
    assert _wait(db, {"nama": "nama-baru", "alamat": "10.0.0.7"}, 200.0) == 2.0
    assert _wait(db, {"nama": "nama-baru", "alamat": "10.0.0.8"}, 200.0) == 0


def test_a_count_starts_again_after_an_hour_without_failures(db: Path) -> None:
    _fail(db, NAME, 5, now=0.0)
    _fail(db, NAME, 1, now=auth.FORGET_AFTER_S + 1)
    assert store.failed_sign_ins(db, NAME)["nama"][0] == 1


def test_parallel_attempts_wait_their_turn(db: Path) -> None:
    inside: list[str] = []
    overlap: list[bool] = []

    def attempt(name: str) -> None:
        with store.sign_in_turn(db):
            overlap.append(bool(inside))
            inside.append(name)
            time.sleep(0.2)  # as long as an argon2 check
            store.record_failed_sign_in(db, {"nama": "budi"}, time.time(), auth.FORGET_AFTER_S)
            inside.remove(name)

    threads = [threading.Thread(target=attempt, args=(f"t{i}",)) for i in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlap == [False, False] and time.monotonic() - started >= 0.4
    assert store.failed_sign_ins(db, NAME)["nama"][0] == 2


def test_overlong_input_is_refused_before_any_work() -> None:
    users = {"budi": auth.User("budi", "Budi", "admin", [], "not-a-hash")}
    started = time.perf_counter()
    assert auth.verify(users, "b" * (auth.MAX_USERNAME + 1), "x") is None
    assert auth.verify(users, "budi", "x" * (auth.MAX_PASSWORD + 1)) is None
    assert time.perf_counter() - started < 0.05  # no argon2 run (0.15 s each)


# ---------------------------------------------------------------- sessions


def test_a_session_lives_until_idle_or_sign_out(db: Path) -> None:
    token, hashed = auth.new_session_token()
    assert len(token) >= 43 and hashed != token and hashed == auth.token_hash(token)
    store.start_session(db, hashed, "budi", now=1000.0)
    assert store.resume_session(db, hashed, idle_seconds=60, now=1050.0) == "budi"
    assert store.resume_session(db, hashed, idle_seconds=60, now=1100.0) == "budi"  # seen at 1050
    assert store.resume_session(db, auth.token_hash(token + "x"), idle_seconds=60, now=1100.0) is None
    assert store.end_sessions(db, token_hash=hashed) == 1
    assert store.resume_session(db, hashed, idle_seconds=60, now=1101.0) is None


def test_an_idle_session_ends_and_stays_ended(db: Path) -> None:
    _, hashed = auth.new_session_token()
    store.start_session(db, hashed, "budi", now=0.0)
    assert store.resume_session(db, hashed, idle_seconds=60, now=61.0) is None
    assert store.resume_session(db, hashed, idle_seconds=60, now=62.0) is None


def test_the_token_itself_is_never_stored(db: Path) -> None:
    token, hashed = auth.new_session_token()
    store.start_session(db, hashed, "budi", now=0.0)
    assert token.encode() not in store.activity_path(db).read_bytes()


# ---------------------------------------------------------------- user commands and the users file


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(tmp_path / "belum-ada.duckdb"))
    return path


@pytest.fixture
def upt_db(tmp_path: Path) -> Path:
    path = tmp_path / "upt.duckdb"
    store.migrate(path)
    upload.import_file(path, "upt", UPT_CSV.encode(), "upt.csv")
    return path


def test_user_add_refuses_upt_codes_not_in_the_database(users: Path, upt_db: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    args = ["user", "add", "budi", "--peran", "operator", "--upt", "LP-A", "LP-X", "lp-y", "--password-stdin"]
    assert main([*args, "--db", str(upt_db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "Galat: Kode UPT tidak ada di basis data: LP-X, LP-Y. Pengguna tidak ditambahkan."
    assert not users.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    assert (
        main(["user", "add", "budi", "--peran", "operator", "--upt", "lp-a", "--password-stdin", "--db", str(upt_db)])
        == 0
    )
    assert auth.load_users()["budi"].upt == ["LP-A"]


def test_user_remove_takes_the_user_out_and_ends_their_sessions(users: Path, tmp_path: Path, capsys) -> None:
    database = tmp_path / "belum-ada.duckdb"
    auth.add_user("budi", "Budi", "admin", [], "rahasia-123")
    auth.add_user("ani", "Ani", "admin", [], "rahasia-123")
    _, budi_session = auth.new_session_token()
    _, ani_session = auth.new_session_token()
    store.start_session(database, budi_session, "budi", now=time.time())
    store.start_session(database, ani_session, "ani", now=time.time())
    assert main(["user", "remove", "Budi"]) == 0
    assert "1 sesi diakhiri" in capsys.readouterr().out
    assert set(auth.load_users()) == {"ani"}
    assert store.resume_session(database, budi_session, 1800, time.time()) is None
    assert store.resume_session(database, ani_session, 1800, time.time()) == "ani"
    assert main(["user", "remove", "budi"]) == 1
    assert capsys.readouterr().err.strip() == "Galat: Pengguna budi tidak ada."


def test_the_users_file_is_never_readable_by_others_not_even_while_written(
    users: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.umask(0o022)  # the usual umask, under which a plain write_text makes 0644
    seen: list[tuple[str, int]] = []
    replace = os.replace

    def inspecting_replace(source: str, target: str) -> None:
        seen.append((str(source), stat.S_IMODE(os.stat(source).st_mode)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", inspecting_replace)
    # A chmod after writing leaves a moment of 0644: the file must be born 0600, so chmod does nothing here.
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    monkeypatch.setattr(os, "fchmod", lambda *args, **kwargs: None)
    auth.add_user("budi", "Budi", "admin", [], "rahasia-123")
    auth.set_password("budi", "rahasia-456")
    assert [mode for _, mode in seen] == [0o600, 0o600]
    assert all(Path(source).parent == users.parent for source, _ in seen)
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert sorted(p.name for p in users.parent.iterdir()) == ["users.toml"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(users: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.add_user("budi", "Budi", "admin", [], "rahasia-123")
    before = users.read_bytes()

    def failing_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        auth.add_user("ani", "Ani", "admin", [], "rahasia-123")
    assert users.read_bytes() == before
    assert sorted(p.name for p in users.parent.iterdir()) == ["users.toml"]


def test_the_activity_log_reads_when_only_sign_in_attempts_were_written(db: Path) -> None:
    _fail(db, NAME, 1, now=0.0)
    assert store.activity_log(db).empty


def test_sessions_unseen_for_a_week_are_dropped(db: Path) -> None:
    _, old = auth.new_session_token()
    store.start_session(db, old, "budi", now=0.0)
    _, new = auth.new_session_token()
    store.start_session(db, new, "budi", now=8 * 86400.0)
    assert store.end_sessions(db, username="budi") == 1
