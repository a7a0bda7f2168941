"""Users, roles and what each role may do; password hashes (argon2), sign-in throttling, idle expiry."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lapas_metrics import config

ROLES = ("pimpinan", "auditor", "operator", "admin")
ROLE_NAMES = {"pimpinan": "Pimpinan", "auditor": "Auditor", "operator": "Operator", "admin": "Admin"}

# What each action needs. Every role sees the dashboard pages; the rest is granted here only.
PERMISSIONS: dict[str, frozenset[str]] = {
    "lihat": frozenset(ROLES),
    "audit": frozenset({"auditor", "admin"}),
    "ekspor": frozenset({"auditor", "admin"}),
    "unggah": frozenset({"operator", "admin"}),
    "unggah_upt": frozenset({"admin"}),
    "batal": frozenset({"operator", "admin"}),  # an operator only their own batches: undo_refusal
    "kelola_pengguna": frozenset({"admin"}),
    "log_aktivitas": frozenset({"admin"}),
    # Starting, answering, attaching and moving an evaluation: the store also asks for the right team role in
    # that evaluation (evaluation.states), with no exception for admin.
    "evaluasi": frozenset({"auditor", "admin"}),
    "lihat_evaluasi": frozenset(ROLES),  # pimpinan and operator see final evaluations only (store reads)
    "kelola_instrumen": frozenset({"admin"}),
    # Findings and follow-up (EVALUATION.md). An operator sees and answers only the recommendations of their own
    # UPT codes (finding_scope_refusal); the store enforces it on every read and write.
    "temuan": frozenset({"auditor", "admin"}),  # record, edit, withdraw findings and recommendations; import
    "nilai_tl": frozenset({"auditor", "admin"}),  # judge a recommendation's follow-up (the four statuses)
    "tindak_lanjut": frozenset({"operator", "admin"}),  # answer with a plan, then with what was done and evidence
    "lihat_temuan": frozenset(ROLES),
}
# Roles that see only final evaluations (the others see drafts and reviews too).
FINAL_ONLY_ROLES = frozenset({"pimpinan", "operator"})
ACTION_WORDS = {
    "lihat": "melihat dasbor",
    "audit": "membuka ruang audit",
    "ekspor": "mengekspor kertas kerja",
    "unggah": "mengunggah data",
    "unggah_upt": "mengubah daftar UPT",
    "batal": "membatalkan batch",
    "kelola_pengguna": "mengelola pengguna",
    "log_aktivitas": "melihat log aktivitas",
    "evaluasi": "mengerjakan evaluasi",
    "lihat_evaluasi": "melihat evaluasi",
    "kelola_instrumen": "mengganti instrumen evaluasi",
    "temuan": "mencatat atau mengubah temuan",
    "nilai_tl": "menilai tindak lanjut",
    "tindak_lanjut": "menjawab rekomendasi",
    "lihat_temuan": "melihat temuan",
}
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MAX_USERNAME = 32  # no user name is longer (USERNAME): longer input is refused before any work
MAX_PASSWORD = 1024  # argon2 reads the whole password: a megabyte of input costs memory and time
MIN_PASSWORD = 8


class Forbidden(PermissionError):
    """An action the signed-in user's role does not allow; the message is Indonesian, for the user."""


class UserError(ValueError):
    """A bad user-management request (unknown user, bad name, short password)."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, the demo mode, or the local command line."""

    username: str
    nama: str
    peran: str
    upt: tuple[str, ...] = ()  # the UPT codes an operator may upload for (upper case)

    def can(self, action: str) -> bool:
        return self.peran in PERMISSIONS[action]

    @property
    def label(self) -> str:
        return f"{self.nama} ({ROLE_NAMES.get(self.peran, self.peran)})"


# With no user configured the app runs open on this machine (demo mode); the command line is a
# local tool run by whoever holds the database file, so it acts as admin too.
DEMO_ACTOR = Actor("demo", "Mode demo", "admin")
SYSTEM_ACTOR = Actor("sistem", "Baris perintah", "admin")


def require(actor: Actor, action: str) -> None:
    """Raise Forbidden unless `actor` may do `action`."""
    if not actor.can(action):
        raise Forbidden(f"Peran {ROLE_NAMES.get(actor.peran, actor.peran)} tidak berwenang {ACTION_WORDS[action]}.")


def check_upload(actor: Actor, table: str, kode_upt: list[str] | set[str]) -> None:
    """Raise Forbidden unless `actor` may write these rows: the upt list is admin's; an operator only
    writes rows of the UPT codes assigned to them (the message names the others)."""
    require(actor, "unggah")
    if table == "upt":
        require(actor, "unggah_upt")
        return
    if actor.peran == "admin":
        return
    allowed = {code.upper() for code in actor.upt}
    others = sorted({str(code).upper() for code in kode_upt} - allowed)
    if others:
        shown = ", ".join(others[:20]) + (f" dan {len(others) - 20} lainnya" if len(others) > 20 else "")
        raise Forbidden(
            f"Berkas berisi baris UPT yang bukan wewenang Anda: {shown}. "
            f"Anda hanya boleh mengunggah data {', '.join(sorted(allowed)) or '(tidak ada UPT)'}. Tidak ada yang disimpan."
        )


def _outside_scope(actor: Actor, kode_upt: set[str]) -> list[str]:
    """The codes among `kode_upt` that are not the operator's (all of them sorted, upper case)."""
    return sorted({str(code).upper() for code in kode_upt} - {code.upper() for code in actor.upt})


def undo_refusal(actor: Actor, batch_id: int, tabel: str, pengguna: str | None, kode_upt: set[str]) -> str | None:
    """Why `actor` may not undo batch `batch_id` (of table `tabel`, uploaded by `pengguna`, holding rows of
    `kode_upt`), in one Indonesian sentence; None when the role allows it (the batch's state is the store's).

    Admin: every batch. Operator: a batch of a fact table they uploaded themselves whose rows all belong to
    their own UPT codes (no rows left: not theirs to judge). Other roles: none.
    """
    if actor.peran == "admin":
        return None
    if not actor.can("batal"):
        return f"Peran {ROLE_NAMES.get(actor.peran, actor.peran)} tidak berwenang {ACTION_WORDS['batal']}."
    if tabel == "upt":
        return f"Batch {batch_id} (daftar UPT) hanya dapat dibatalkan admin."
    if (pengguna or "").lower() != actor.username.lower():
        who = f"oleh {pengguna}" if pengguna else "tanpa nama pengguna"
        return (
            f"Batch {batch_id} bukan unggahan Anda (diunggah {who}); "
            "Anda hanya dapat membatalkan batch yang Anda unggah sendiri."
        )
    others = _outside_scope(actor, kode_upt)
    if others or not kode_upt:
        shown = ", ".join(others[:20]) or "tidak dapat diperiksa"
        return (
            f"Batch {batch_id} berisi data UPT yang bukan wewenang Anda ({shown}); "
            f"Anda hanya dapat membatalkan batch UPT Anda sendiri ({', '.join(actor.upt) or 'tidak ada UPT'})."
        )
    return None


def batch_view_refusal(actor: Actor, batch_id: int, tabel: str, kode_upt: set[str]) -> str | None:
    """Why `actor` may not see the rows of batch `batch_id` (compare it with another), in one Indonesian
    sentence; None if allowed. The scope of the original-file download: admin every batch; an operator a
    batch of a fact table whose rows all belong to their UPT codes; other roles none."""
    if actor.peran == "admin":
        return None
    if actor.peran != "operator":
        return f"Peran {ROLE_NAMES.get(actor.peran, actor.peran)} tidak berwenang melihat isi batch unggahan."
    if tabel == "upt":
        return f"Isi batch {batch_id} (daftar UPT) hanya dapat dibandingkan admin."
    if not kode_upt or _outside_scope(actor, kode_upt):
        return (
            f"Batch {batch_id} berisi data UPT yang bukan wewenang Anda; "
            "Anda hanya dapat membandingkan batch UPT Anda sendiri."
        )
    return None


def finding_scope_refusal(actor: Actor, kode_upt: set[str] | list[str]) -> str | None:
    """Why `actor` may not see or answer findings of the units `kode_upt` (a finding's unit and its
    recommendation's penanggung jawab), in one Indonesian sentence; None if allowed. An operator only their own
    UPT codes (one of them is enough: the unit the finding is about or the one that must act); others every unit."""
    if actor.peran != "operator":
        return None
    if {str(code).upper() for code in kode_upt} & {code.upper() for code in actor.upt}:
        return None
    return (
        "Temuan ini milik UPT yang bukan wewenang Anda; "
        f"Anda hanya dapat melihat temuan UPT Anda sendiri ({', '.join(actor.upt) or 'tidak ada UPT'})."
    )


# ---------------------------------------------------------------- the users file


@dataclass
class User:
    username: str
    nama: str
    peran: str
    upt: list[str] = field(default_factory=list)
    password_hash: str = ""

    def actor(self) -> Actor:
        return Actor(self.username, self.nama, self.peran, tuple(code.upper() for code in self.upt))


def users_file() -> Path:
    """$LAPAS_USERS_FILE, else .streamlit/users.toml in the project (git-ignored): config.users_file()."""
    return config.users_file()


def load_users(path: Path | None = None) -> dict[str, User]:
    """The users of the file; empty when it does not exist. A malformed file raises UserError."""
    path = path or users_file()
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"Berkas pengguna {path} tidak dapat dibaca: {error}") from error
    users = {}
    for name, entry in raw.get("users", {}).items():
        peran = entry.get("peran", "")
        if peran not in ROLES:
            raise UserError(f"Berkas pengguna {path}: peran '{peran}' untuk {name} tidak dikenal.")
        users[name] = User(
            name, entry.get("nama", name), peran, list(entry.get("upt", [])), entry.get("password_hash", "")
        )
    return users


def save_users(users: dict[str, User], path: Path | None = None) -> None:
    """Write the users file, readable by its owner only at every moment: the temporary file is made
    with mode 0600 in the same folder (os.open through mkstemp), then moved over the old one."""
    path = path or users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "users": {
            u.username: {"nama": u.nama, "peran": u.peran, "upt": u.upt, "password_hash": u.password_hash}
            for u in sorted(users.values(), key=lambda u: u.username)
        }
    }
    text = (
        "# Pengguna dasbor Lapas Industri. Dikelola dengan: python -m lapas_metrics user add|passwd|remove|list\n"
        + tomli_w.dumps(body)
    )
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def auth_enabled(path: Path | None = None) -> bool:
    """True when at least one user is configured: the app then asks everyone to sign in."""
    return bool(load_users(path))


_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the user name is unknown, so that a wrong name takes as long as a wrong password.
    Made on first use: an argon2 hash costs 0.15 s and 64 MB, too much for every import of the store."""
    return _HASHER.hash("tidak-ada-pengguna-ini")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    return _HASHER.hash(password)


def verify(users: dict[str, User], username: str, password: str) -> Actor | None:
    """The Actor for a correct user name and password, else None (at once for over-long input)."""
    if len(username) > MAX_USERNAME or len(password) > MAX_PASSWORD:
        return None
    user = users.get(username.strip().lower())
    try:
        _HASHER.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user.actor() if user else None


def add_user(
    username: str,
    nama: str,
    peran: str,
    upt: list[str],
    password: str,
    path: Path | None = None,
    known_upt: set[str] | None = None,
) -> User:
    """Add a user; with `known_upt` (the database's codes) a UPT code not among them is refused, naming it."""
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise UserError("Nama pengguna: 2–32 huruf kecil, angka, titik, garis bawah atau tanda minus.")
    if peran not in ROLES:
        raise UserError(f"Peran harus salah satu dari: {', '.join(ROLES)}.")
    if peran == "operator" and not upt:
        raise UserError("Operator harus diberi setidaknya satu kode UPT (--upt).")
    unknown = sorted({code.upper() for code in upt} - {code.upper() for code in known_upt or set()})
    if known_upt is not None and unknown:
        raise UserError(f"Kode UPT tidak ada di basis data: {', '.join(unknown)}. Pengguna tidak ditambahkan.")
    users = load_users(path)
    if username in users:
        raise UserError(f"Pengguna {username} sudah ada; ganti kata sandinya dengan 'user passwd'.")
    user = User(username, nama or username, peran, [code.upper() for code in upt], hash_password(password))
    users[username] = user
    save_users(users, path)
    return user


def set_password(username: str, password: str, path: Path | None = None) -> None:
    users = load_users(path)
    user = users.get(username.strip().lower())
    if user is None:
        raise UserError(f"Pengguna {username} tidak ada.")
    user.password_hash = hash_password(password)
    save_users(users, path)


def remove_user(username: str, path: Path | None = None) -> User:
    """Take a user out of the users file; the caller ends their sessions (store.end_sessions)."""
    users = load_users(path)
    user = users.pop(username.strip().lower(), None)
    if user is None:
        raise UserError(f"Pengguna {username} tidak ada.")
    save_users(users, path)
    return user


def user_rows(path: Path | None = None) -> list[dict[str, str]]:
    """The users without their hashes: username, nama, peran, upt."""
    return [
        {"username": u.username, "nama": u.nama, "peran": u.peran, "upt": " ".join(u.upt)}
        for u in sorted(load_users(path).values(), key=lambda u: u.username)
    ]


# ---------------------------------------------------------------- sign-in throttling and idle expiry


FREE_PER_NAME = 3  # failed attempts for one user name before the waits begin
FREE_PER_ADDRESS = 10  # for one client address, whatever names it tries (colleagues may share one)
MAX_WAIT = 300.0
FORGET_AFTER_S = 3600.0  # a count starts again after an hour without failures


def throttle_wait(count: int, last: float, now: float, free: int = FREE_PER_NAME) -> float:
    """Seconds still to wait after `count` failures, the last at `last`: none for the first `free`, then
    2, 4, 8 … seconds (at most MAX_WAIT) after the last failure."""
    if count < free:
        return 0.0
    delay = min(2.0 ** (count - free + 1), MAX_WAIT)
    return max(0.0, last + delay - now)


class SignInThrottle:
    """throttle_wait per user name in memory: the rule on its own (the app keeps its counts in the store)."""

    FREE = FREE_PER_NAME
    MAX_WAIT = MAX_WAIT

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}

    def wait_seconds(self, username: str, now: float | None = None) -> float:
        count, last = self._failures.get(username.strip().lower(), (0, 0.0))
        return throttle_wait(count, last, time.monotonic() if now is None else now)

    def failed(self, username: str, now: float | None = None) -> None:
        key = username.strip().lower()
        count, _ = self._failures.get(key, (0, 0.0))
        self._failures[key] = (count + 1, time.monotonic() if now is None else now)

    def succeeded(self, username: str) -> None:
        self._failures.pop(username.strip().lower(), None)


def new_session_token() -> tuple[str, str]:
    """An unguessable session token for the browser's cookie and its hash, the only form stored."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def idle_minutes() -> float:
    """Minutes of inactivity after which a session signs out: $LAPAS_SESSION_IDLE_MIN, default 30."""
    return config.session_idle_minutes()


def expired(last_seen: float, now: float, minutes: float) -> bool:
    return now - last_seen > minutes * 60
