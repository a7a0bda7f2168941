"""What the evaluation modules of the store share: their error, periods, team members, the header and role reads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import duckdb

from lapas_metrics import auth, clock, fmt
from lapas_metrics.evaluation import (
    DEFAULT_INSTRUMENT_FILE,
    FINAL,
    TIDAK_BERLAKU,
    Instrument,
    Tingkat,
    default_instrument,
    load_instrument,
    shipped_instrument,
)
from lapas_metrics.store.connection import StoreError, _count, _one

HEADER_COLUMNS = (
    "evaluasi_id",
    "kode_upt",
    "periode_mulai",
    "periode_selesai",
    "periode",
    "versi_instrumen",
    "status",
    "mengganti",
    "versi_evaluasi",
    "dibuat_oleh",
    "waktu_dibuat",
)
_YEAR = re.compile(r"(?:TA\s*)?(\d{4})", re.IGNORECASE)


class EvaluationError(StoreError):
    """An evaluation write or read that cannot be done; the message is Indonesian (one sentence, or the
    sentences of `problems` when several rows of an import are wrong). Nothing was changed."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


@dataclass(frozen=True)
class Period:
    """An evaluation's period: a fiscal year (1 January .. 31 December, label "TA 2024") or a date range."""

    mulai: dt.date
    selesai: dt.date
    label: str

    @property
    def tahun(self) -> int:
        """The fiscal year whose figures suggest the levels: the year the period ends in."""
        return self.selesai.year


@dataclass(frozen=True)
class TeamMember:
    """One person of an evaluation's team: user name, team role (evaluation.ROLES) and the name shown."""

    pengguna: str
    peran_tim: str
    nama: str = ""


def evaluation_period(periode: object) -> Period:
    """A Period from 2024, "2024" or "TA 2024" (a fiscal year), a Period, or a (start, end) pair of dates.

    EvaluationError for anything else, or a range that ends before it starts."""
    if isinstance(periode, Period):
        return periode
    if isinstance(periode, int) and not isinstance(periode, bool) and 1900 <= periode <= 2200:
        return Period(dt.date(periode, 1, 1), dt.date(periode, 12, 31), f"TA {periode}")
    if isinstance(periode, str) and (match := _YEAR.fullmatch(periode.strip())):
        return evaluation_period(int(match.group(1)))
    pair = _date_pair(periode)
    if pair is not None:
        mulai, selesai = pair
        if selesai < mulai:
            raise EvaluationError(
                f"Periode evaluasi berakhir ({fmt.long_date(selesai)}) sebelum dimulai ({fmt.long_date(mulai)})."
            )
        if (mulai.month, mulai.day, selesai.month, selesai.day) == (1, 1, 12, 31) and mulai.year == selesai.year:
            return evaluation_period(mulai.year)
        return Period(mulai, selesai, f"{fmt.long_date(mulai)} s.d. {fmt.long_date(selesai)}")
    raise EvaluationError(
        f"Periode evaluasi {periode!r} tidak dikenal: tulis tahun anggaran (mis. 2024) atau tanggal mulai dan selesai."
    )


def _date_pair(periode: object) -> tuple[dt.date, dt.date] | None:
    if not (isinstance(periode, tuple | list) and len(periode) == 2):
        return None
    try:
        return _as_date(periode[0]), _as_date(periode[1])
    except (TypeError, ValueError):
        return None


def _as_date(day: object) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    if isinstance(day, str):
        return dt.date.fromisoformat(day.strip())
    raise TypeError(day)


def team_members(team: Mapping[str, str] | Iterable[TeamMember]) -> list[TeamMember]:
    """The team as TeamMember (user names lower case): from a mapping user -> role or from members."""
    if isinstance(team, Mapping):
        members = [TeamMember(str(user), str(role)) for user, role in team.items()]
    else:
        members = list(team)
    return [
        TeamMember(member.pengguna.strip().lower(), member.peran_tim, member.nama.strip() or member.pengguna.strip())
        for member in members
    ]


def tingkat_text(tingkat: Tingkat) -> str | None:
    """How a level is kept in jawaban.tingkat: '0'..'4', 'tidak_berlaku', NULL for not answered."""
    return None if tingkat is None else str(tingkat)


def tingkat_value(text: object) -> Tingkat:
    """The level of a jawaban.tingkat cell: 0..4, TIDAK_BERLAKU or None."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    return TIDAK_BERLAKU if text == TIDAK_BERLAKU else int(str(text))


def header(con: duckdb.DuckDBPyConnection, evaluasi_id: int) -> dict[str, object]:
    """The evaluasi row as a dict (HEADER_COLUMNS); EvaluationError when there is none."""
    row = _one(con, f"SELECT {', '.join(HEADER_COLUMNS)} FROM evaluasi WHERE evaluasi_id = ?", [int(evaluasi_id)])
    if row is None:
        raise EvaluationError(f"Evaluasi {evaluasi_id} tidak ada.")
    return dict(zip(HEADER_COLUMNS, row, strict=True))


def team_role(con: duckdb.DuckDBPyConnection, evaluasi_id: int, username: str) -> str | None:
    """The team role of a user in one evaluation; None when not in its team."""
    row = _one(
        con,
        "SELECT peran_tim FROM tim_evaluasi WHERE evaluasi_id = ? AND pengguna = ?",
        [int(evaluasi_id), username.strip().lower()],
    )
    return str(row[0]) if row else None


def replaced_by(con: duckdb.DuckDBPyConnection, evaluasi_id: int) -> int | None:
    """The id of the correction that replaced this evaluation; None when none did."""
    row = _one(con, "SELECT min(evaluasi_id) FROM evaluasi WHERE mengganti = ?", [int(evaluasi_id)])
    return int(row[0]) if row and row[0] is not None else None


def next_number(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The next free number of a counter column (evaluasi_id, urutan)."""
    return _count(con, f"SELECT coalesce(max({column}), 0) + 1 FROM {table}")


def final_only(actor: auth.Actor) -> bool:
    """Whether the actor sees only final evaluations (pimpinan, operator)."""
    return actor.peran in auth.FINAL_ONLY_ROLES


def check_visible(actor: auth.Actor, evaluasi_id: int, status: object) -> None:
    """auth.Forbidden unless the actor may read this evaluation (lihat_evaluasi; final only for some roles)."""
    auth.require(actor, "lihat_evaluasi")
    if final_only(actor) and status != FINAL:
        role = auth.ROLE_NAMES.get(actor.peran, actor.peran)
        raise auth.Forbidden(f"Peran {role} hanya dapat melihat evaluasi final; evaluasi {evaluasi_id} belum final.")


def stored_instrument(con: duckdb.DuckDBPyConnection, versi: str) -> Instrument:
    """The instrument of this version as kept in `instrumen` (the shipped default also before it is stored);
    EvaluationError when it is not there."""
    row = _one(con, "SELECT teks FROM instrumen WHERE versi = ?", [versi])
    if row is None:
        shipped = shipped_instrument(versi)
        if shipped is not None:
            return shipped
        raise EvaluationError(f"Instrumen {versi} tidak ada di basis data.")
    return parsed_instrument(str(row[0]))


# Who stores the shipped default on its first use (an admin's upload names the admin).
SHIPPED_BY = "sistem"


def active_row(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """(versi, teks) of the active instrument; None while the shipped default is in force: none is stored, or
    the active one is an earlier shipped default the system stored on its first use (a newer version shipped
    since replaces it for new evaluations; an admin's own upload stays active until an admin changes it)."""
    row = _one(con, "SELECT versi, teks, diunggah_oleh FROM instrumen WHERE aktif ORDER BY waktu DESC LIMIT 1")
    if row is None or (row[2] == SHIPPED_BY and row[0] != default_instrument().versi):
        return None
    return str(row[0]), str(row[1])


def active_text(con: duckdb.DuckDBPyConnection) -> str | None:
    """The text of the active instrument; None while the shipped default is in force (active_row)."""
    row = active_row(con)
    return row[1] if row else None


def store_default(con: duckdb.DuckDBPyConnection) -> None:
    """Store the shipped default instrument if it is not stored yet (on first use), active when it is in force
    (no other is active, or only an earlier shipped default is)."""
    default = default_instrument()
    if _one(con, "SELECT 1 FROM instrumen WHERE versi = ?", [default.versi]) is not None:
        return
    in_force = active_row(con) is None
    text = DEFAULT_INSTRUMENT_FILE.read_bytes().decode("utf-8-sig")
    con.execute(
        "INSERT INTO instrumen VALUES (?, ?, ?, ?, ?, ?, ?)",
        [default.versi, default.digest, default.judul, text, SHIPPED_BY, clock.utc_now(), in_force],
    )
    if in_force:
        con.execute("UPDATE instrumen SET aktif = (versi = ?)", [default.versi])


@lru_cache(maxsize=32)
def parsed_instrument(text: str) -> Instrument:
    """An instrument's stored text read once per process (the text was validated when it was saved)."""
    return load_instrument(text)
