"""Evaluations: starting one for a unit and period with its team, moving it draf -> direviu -> final, corrections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from lapas_metrics import auth, clock
from lapas_metrics.evaluation import (
    DRAF,
    StateError,
    check_correction,
    check_team,
    check_transition,
    default_instrument,
)
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import (
    EvaluationError,
    Period,
    TeamMember,
    active_row,
    evaluation_period,
    header,
    next_number,
    replaced_by,
    store_default,
    team_members,
    team_role,
)
from lapas_metrics.store.transactions import writing


def start_evaluation(
    path: Path,
    kode_upt: str,
    periode: object,
    team: Mapping[str, str] | Iterable[TeamMember],
    actor: auth.Actor,
    versi: str | None = None,
    mengganti: int | None = None,
) -> int:
    """Start an evaluation in draf; returns its evaluasi_id.

    periode: a fiscal year (2024, "TA 2024") or a (start, end) pair of dates (evaluation_period). team: user ->
    team role, or TeamMember records (evaluation.check_team: one ketua tim, pengendali teknis and pengendali
    mutu). versi: the instrument version (None = the active one). mengganti: the final evaluation of the same
    unit and period this one corrects (start_correction also copies its answers). Refused (EvaluationError,
    nothing stored) for an unknown unit or version, a bad team, or when the unit already has a current
    evaluation for that period. Auditor and admin (evaluasi)."""
    auth.require(actor, "evaluasi")
    period = evaluation_period(periode)
    members = team_members(team)
    _check_team(members)
    with writing(path) as con:
        kode = _unit(con, kode_upt)
        versi = _version(con, versi)
        version = 1 if mengganti is None else _replaceable(con, int(mengganti), kode, period) + 1
        _refuse_second(con, kode, period, mengganti)
        evaluasi_id = _create(con, (kode, period, versi, mengganti, version), members, actor, "")
    log_activity(path, actor.username, "evaluasi_mulai", f"evaluasi {evaluasi_id} {kode} {period.label} {versi}")
    return evaluasi_id


def transition(path: Path, evaluasi_id: int, to: str, actor: auth.Actor, catatan: str = "") -> None:
    """Move an evaluation to state `to` (evaluation.check_transition with the actor's role in its team:
    draf -> direviu and back by the pengendali teknis, direviu -> final by the pengendali mutu); every move is
    kept in status_evaluasi with who, their team role, when and the note. Admin has no role of its own here."""
    auth.require(actor, "evaluasi")
    with writing(path) as con:
        record = header(con, evaluasi_id)
        role = team_role(con, evaluasi_id, actor.username)
        try:
            check_transition(str(record["status"]), to, role)
        except StateError as error:
            raise EvaluationError(str(error)) from error
        con.execute("UPDATE evaluasi SET status = ? WHERE evaluasi_id = ?", [to, int(evaluasi_id)])
        _record_state(con, int(evaluasi_id), record["status"], to, actor, role, catatan)
    log_activity(path, actor.username, "evaluasi_status", f"evaluasi {evaluasi_id} {record['status']} -> {to}")


def start_correction(path: Path, final_id: int, actor: auth.Actor) -> int:
    """A new version in draf of a final evaluation (same unit, period, instrument version and team), with its
    answers and evidence copied and `mengganti` pointing to it; returns the new evaluasi_id. Only a final
    evaluation not corrected yet (evaluation.check_correction), by a member of its team."""
    auth.require(actor, "evaluasi")
    with writing(path) as con:
        record = header(con, final_id)
        try:
            check_correction(str(record["status"]), replaced_by(con, final_id))
        except StateError as error:
            raise EvaluationError(str(error)) from error
        if team_role(con, final_id, actor.username) is None:
            raise EvaluationError(f"Hanya anggota tim evaluasi {final_id} yang dapat membuat versi koreksinya.")
        members = [
            TeamMember(str(user), str(role), str(name or user))
            for user, name, role in con.execute(
                "SELECT pengguna, nama, peran_tim FROM tim_evaluasi WHERE evaluasi_id = ? ORDER BY pengguna",
                [int(final_id)],
            ).fetchall()
        ]
        period = Period(record["periode_mulai"], record["periode_selesai"], str(record["periode"]))  # type: ignore[arg-type]
        facts = (
            record["kode_upt"],
            period,
            record["versi_instrumen"],
            int(final_id),
            int(str(record["versi_evaluasi"])) + 1,
        )
        new_id = _create(con, facts, members, actor, f"koreksi atas evaluasi {final_id}")
        _copy_answers(con, int(final_id), new_id, actor)
    log_activity(path, actor.username, "evaluasi_koreksi", f"evaluasi {new_id} mengganti {final_id}")
    return new_id


def _check_team(members: list[TeamMember]) -> None:
    users = [member.pengguna for member in members]
    doubled = sorted({user for user in users if users.count(user) > 1})
    if doubled:
        raise EvaluationError(
            f"Satu orang hanya memegang satu peran dalam tim (tertulis dua kali: {', '.join(doubled)})."
        )
    if any(not user for user in users):
        raise EvaluationError("Setiap anggota tim harus memiliki nama pengguna.")
    try:
        check_team({member.pengguna: member.peran_tim for member in members})
    except StateError as error:
        raise EvaluationError(str(error)) from error


def _unit(con: duckdb.DuckDBPyConnection, kode_upt: str) -> str:
    row = _one(con, "SELECT kode_upt FROM upt WHERE upper(kode_upt) = upper(?)", [str(kode_upt).strip()])
    if row is None:
        raise EvaluationError(f"Kode UPT {kode_upt} tidak ada di daftar UPT; evaluasi tidak dibuat.")
    return str(row[0])


def _version(con: duckdb.DuckDBPyConnection, versi: str | None) -> str:
    """The instrument version a new evaluation uses (None = the active one); the shipped default is stored now
    if this is its first use."""
    default = default_instrument().versi
    if versi is None:
        active = active_row(con)
        versi = active[0] if active else default
    if versi == default:
        store_default(con)
    elif _one(con, "SELECT 1 FROM instrumen WHERE versi = ?", [versi]) is None:
        raise EvaluationError(f"Instrumen versi {versi} tidak ada di basis data; evaluasi tidak dibuat.")
    return versi


def _replaceable(con: duckdb.DuckDBPyConnection, mengganti: int, kode: str, period: Period) -> int:
    """The version number of the evaluation a new one corrects, after checking it may be corrected by it."""
    record = header(con, mengganti)
    try:
        check_correction(str(record["status"]), replaced_by(con, mengganti))
    except StateError as error:
        raise EvaluationError(str(error)) from error
    if record["kode_upt"] != kode or (record["periode_mulai"], record["periode_selesai"]) != (
        period.mulai,
        period.selesai,
    ):
        raise EvaluationError(f"Koreksi harus untuk UPT dan periode yang sama dengan evaluasi {mengganti}.")
    return int(str(record["versi_evaluasi"]))


def _refuse_second(con: duckdb.DuckDBPyConnection, kode: str, period: Period, mengganti: int | None) -> None:
    """EvaluationError when the unit has a current evaluation (not replaced by a correction) of this period
    other than the one being corrected."""
    row = _one(
        con,
        """SELECT e.evaluasi_id FROM evaluasi e
           WHERE e.kode_upt = ? AND e.periode_mulai = ? AND e.periode_selesai = ?
             AND NOT EXISTS (SELECT 1 FROM evaluasi k WHERE k.mengganti = e.evaluasi_id)
             AND e.evaluasi_id IS DISTINCT FROM ?
           ORDER BY e.evaluasi_id LIMIT 1""",
        [kode, period.mulai, period.selesai, mengganti],
    )
    if row is not None:
        raise EvaluationError(
            f"UPT {kode} sudah memiliki evaluasi {period.label} (evaluasi {row[0]}); "
            "lanjutkan evaluasi itu atau buat versi koreksinya."
        )


def _create(
    con: duckdb.DuckDBPyConnection,
    facts: tuple[object, Period, object, int | None, int],
    members: list[TeamMember],
    actor: auth.Actor,
    catatan: str,
) -> int:
    kode, period, versi, mengganti, version = facts
    evaluasi_id = next_number(con, "evaluasi", "evaluasi_id")
    con.execute(
        "INSERT INTO evaluasi VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [evaluasi_id, kode, period.mulai, period.selesai, period.label, versi, DRAF, mengganti, version]
        + [actor.username, clock.utc_now()],
    )
    con.executemany(
        "INSERT INTO tim_evaluasi VALUES (?, ?, ?, ?)",
        [[evaluasi_id, member.pengguna, member.nama, member.peran_tim] for member in members],
    )
    _record_state(con, evaluasi_id, None, DRAF, actor, team_role(con, evaluasi_id, actor.username), catatan)
    return evaluasi_id


def _record_state(
    con: duckdb.DuckDBPyConnection,
    evaluasi_id: int,
    dari: object,
    ke: str,
    actor: auth.Actor,
    role: str | None,
    catatan: str,
) -> None:
    con.execute(
        "INSERT INTO status_evaluasi VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [next_number(con, "status_evaluasi", "urutan"), evaluasi_id, dari, ke, actor.username, role]
        + [clock.utc_now(), catatan.strip()],
    )


def _copy_answers(con: duckdb.DuckDBPyConnection, old_id: int, new_id: int, actor: auth.Actor) -> None:
    """Copy the answers and evidence rows of a final evaluation into its correction; each copied value enters
    the correction's answer history (empty -> value, by the actor who made the correction)."""
    now = clock.utc_now()
    con.execute(
        """INSERT INTO jawaban SELECT ?, kode, tingkat, catatan, saran, angka_dikutip, alasan, diubah_oleh, waktu
           FROM jawaban WHERE evaluasi_id = ?""",
        [new_id, old_id],
    )
    con.execute(
        "INSERT INTO bukti SELECT ?, kode, sha256, nama_file, ukuran, pengguna, waktu FROM bukti WHERE evaluasi_id = ?",
        [new_id, old_id],
    )
    start = next_number(con, "jawaban_riwayat", "urutan")
    con.execute(
        """INSERT INTO jawaban_riwayat
           SELECT ? + row_number() OVER (ORDER BY kode, field) - 1, ?, kode, field, NULL, nilai, ?, ?
           FROM (UNPIVOT (SELECT kode, tingkat, catatan, CAST(saran AS VARCHAR) AS saran,
                                 CAST(angka_dikutip AS VARCHAR) AS angka_dikutip, alasan
                          FROM jawaban WHERE evaluasi_id = ?)
                 ON tingkat, catatan, saran, angka_dikutip, alasan INTO NAME field VALUE nilai)
           WHERE nilai IS NOT NULL AND nilai <> ''""",
        [start, new_id, actor.username, now, new_id],
    )
