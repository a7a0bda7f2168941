"""Roles and users: what each role may do, enforced in the store; the users file; throttling; no secrets shown."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lapas_metrics import auth, store, upload
from lapas_metrics.__main__ import main

UPT_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    "LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
TARGET_A = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-A,2017,1000000\n"
TARGET_AB = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-A,2017,1000000\nLP-B,2017,500000\n"

PIMPINAN = auth.Actor("pim", "Pimpinan", "pimpinan")
AUDITOR = auth.Actor("aud", "Auditor", "auditor")
OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
ADMIN = auth.Actor("adm", "Admin", "admin")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "auth.duckdb"
    store.migrate(path)
    upload.import_file(path, "upt", UPT_CSV.encode(), "upt.csv")
    return path


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (
            PIMPINAN,
            {"lihat", "lihat_evaluasi", "lihat_temuan"},
        ),  # lihat_evaluasi: final ones only (test_evaluation_store)
        (AUDITOR, {"lihat", "audit", "ekspor", "evaluasi", "lihat_evaluasi", "temuan", "nilai_tl", "lihat_temuan"}),
        (
            OPERATOR_A,
            {"lihat", "unggah", "batal", "lihat_evaluasi", "tindak_lanjut", "lihat_temuan"},
        ),  # batal: their own batches only (test_history)
        (ADMIN, set(auth.PERMISSIONS)),
    ],
)
def test_each_role_has_exactly_its_permissions(actor: auth.Actor, allowed: set[str]) -> None:
    assert {action for action in auth.PERMISSIONS if actor.can(action)} == allowed


def test_an_operator_uploads_rows_of_their_own_unit(db: Path) -> None:
    result, batch = upload.import_file(db, "target_pnbp", TARGET_A, "t.csv", actor=OPERATOR_A)
    assert batch is not None and batch.baris_baru == 1
    assert store.list_batches(db).iloc[0]["pengguna"] == "opa"


def test_an_operator_file_with_another_units_rows_is_rejected_naming_them(db: Path) -> None:
    result, batch = upload.import_file(db, "target_pnbp", TARGET_AB, "t.csv", actor=OPERATOR_A)
    assert batch is None
    assert "LP-B" in result.problems[-1].pesan and "bukan wewenang" in result.problems[-1].pesan
    assert store.read_table(db, "target_pnbp").empty


@pytest.mark.parametrize("actor", [PIMPINAN, AUDITOR])
def test_roles_without_upload_are_refused_before_anything_is_read(db: Path, actor: auth.Actor) -> None:
    with pytest.raises(auth.Forbidden, match="tidak berwenang mengunggah"):
        upload.import_file(db, "target_pnbp", TARGET_A, "t.csv", actor=actor)
    assert store.read_table(db, "target_pnbp").empty


def test_only_admin_changes_the_upt_list(db: Path) -> None:
    with pytest.raises(auth.Forbidden, match="daftar UPT"):
        upload.import_file(db, "upt", UPT_CSV.replace("100", "120").encode(), "upt2.csv", actor=OPERATOR_A)
    _, batch = upload.import_file(db, "upt", UPT_CSV.replace("100", "120").encode(), "upt2.csv", actor=ADMIN)
    assert batch is not None


@pytest.mark.parametrize("actor", [PIMPINAN, AUDITOR, auth.Actor("opx", "Operator X", "operator", ("LP-A",))])
def test_only_admin_undoes_another_users_batch(db: Path, actor: auth.Actor) -> None:
    _, batch = upload.import_file(db, "target_pnbp", TARGET_A, "t.csv", actor=OPERATOR_A)
    with pytest.raises(auth.Forbidden, match="membatalkan batch"):
        store.undo_batch(db, batch.batch_id, actor=actor)
    store.undo_batch(db, batch.batch_id, actor=ADMIN)
    assert store.read_table(db, "target_pnbp").empty


def test_uploads_and_undos_are_in_the_activity_log_with_the_user(db: Path) -> None:
    _, batch = upload.import_file(db, "target_pnbp", TARGET_A, "t.csv", actor=OPERATOR_A)
    store.undo_batch(db, batch.batch_id, actor=ADMIN)
    log = store.activity_log(db)
    assert list(zip(log["pengguna"], log["aksi"], strict=True))[:2] == [("adm", "batal"), ("opa", "unggah")]


# ---------------------------------------------------------------- users file and passwords


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(tmp_path / "belum-ada.duckdb"))  # no database: UPT codes go unchecked
    return path


def test_no_users_means_demo_mode(users: Path) -> None:
    assert not auth.auth_enabled()


def test_a_user_signs_in_with_the_right_password_only(users: Path) -> None:
    auth.add_user("budi", "Budi", "operator", ["lp-a"], "rahasia-123")
    assert auth.auth_enabled()
    found = auth.verify(auth.load_users(), "Budi", "rahasia-123")
    assert found == auth.Actor("budi", "Budi", "operator", ("LP-A",))
    assert auth.verify(auth.load_users(), "budi", "salah-sekali") is None
    assert auth.verify(auth.load_users(), "tidakada", "rahasia-123") is None


def test_passwords_are_stored_only_as_salted_argon2_hashes(users: Path) -> None:
    auth.add_user("ani", "Ani", "admin", [], "rahasia-123")
    auth.add_user("eko", "Eko", "admin", [], "rahasia-123")
    text = users.read_text()
    assert "rahasia-123" not in text
    hashes = [u.password_hash for u in auth.load_users().values()]
    assert all(h.startswith("$argon2id$") for h in hashes) and hashes[0] != hashes[1]
    assert users.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("name", "peran", "upt", "password", "message"),
    [
        ("x", "admin", [], "rahasia-123", "Nama pengguna"),
        ("budi", "raja", [], "rahasia-123", "Peran harus"),
        ("budi", "operator", [], "rahasia-123", "setidaknya satu kode UPT"),
        ("budi", "admin", [], "pendek", "minimal 8"),
    ],
)
def test_bad_user_requests_are_refused(users: Path, name, peran, upt, password, message) -> None:
    with pytest.raises(auth.UserError, match=message):
        auth.add_user(name, "", peran, upt, password)


def test_cli_user_add_passwd_list_never_shows_a_password_or_hash(users: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    assert main(["user", "add", "budi", "--peran", "operator", "--upt", "LP-A", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("baru-sekali-1\n"))
    assert main(["user", "passwd", "budi", "--password-stdin"]) == 0
    assert main(["user", "list", "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert "budi,budi,operator,LP-A" in out.out
    assert "argon2" not in out.out + out.err and "rahasia" not in out.out + out.err
    assert auth.verify(auth.load_users(), "budi", "baru-sekali-1") is not None


def test_cli_passwd_for_an_unknown_user_fails_in_one_line(users: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    assert main(["user", "passwd", "siapa", "--password-stdin"]) == 1
    assert capsys.readouterr().err.strip() == "Galat: Pengguna siapa tidak ada."


# ---------------------------------------------------------------- throttling and idle expiry


def test_failed_sign_ins_are_slowed_down_after_three() -> None:
    throttle = auth.SignInThrottle()
    for _ in range(3):
        assert throttle.wait_seconds("budi", now=100.0) == 0
        throttle.failed("budi", now=100.0)
    # the 4th attempt must wait 2 s after the last failure, the 5th 4 s
    assert throttle.wait_seconds("budi", now=100.0) == 2.0
    assert throttle.wait_seconds("budi", now=102.5) == 0
    throttle.failed("budi", now=102.5)
    assert throttle.wait_seconds("budi", now=103.0) == 3.5
    assert throttle.wait_seconds("ani", now=103.0) == 0
    throttle.succeeded("budi")
    assert throttle.wait_seconds("budi", now=103.0) == 0


@pytest.mark.parametrize(("idle_s", "expected"), [(60, False), (30 * 60, False), (30 * 60 + 1, True)])
def test_a_session_expires_after_the_idle_time(idle_s: int, expected: bool) -> None:
    assert auth.expired(last_seen=1000.0, now=1000.0 + idle_s, minutes=30) is expected
