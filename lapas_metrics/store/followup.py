"""The follow-up of a recommendation: the unit's action plan and what it did (with evidence), the auditor's judgement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from lapas_metrics import auth, clock, config
from lapas_metrics.evaluation import (
    PELAKSANAAN,
    RENCANA,
    TL_LABELS,
    FindingError,
    judgement_problem,
    parse_status,
)
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.evaluation_common import next_number
from lapas_metrics.store.finding_common import (
    add_judgement,
    check_active,
    check_open,
    check_scope,
    rekomendasi_row,
    temuan_row,
)
from lapas_metrics.store.originals import discard_file, evidence_dir, keep_file
from lapas_metrics.store.transactions import reading, writing


def _answerable(
    con: duckdb.DuckDBPyConnection, rekomendasi_id: int, actor: auth.Actor
) -> tuple[dict[str, object], dict[str, object]]:
    """The recommendation and its finding, when the actor may answer it now: in scope (an operator: the
    finding's unit or the penanggung jawab is theirs), the finding active, the recommendation open."""
    rec = rekomendasi_row(con, rekomendasi_id)
    finding = temuan_row(con, int(rec["temuan_id"]))  # type: ignore[call-overload]
    check_scope(actor, {str(finding["kode_upt"]), str(rec["penanggung_jawab"])})
    check_active(finding, "dijawab")
    check_open(rec, finding)
    return rec, finding


def _day(value: object, what: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise FindingError(f"{what} wajib berupa tanggal.")
    return value.date() if isinstance(value, dt.datetime) else value


def _label(rec: dict[str, object], finding: dict[str, object]) -> str:
    return f"temuan {finding['nomor_temuan']} rekomendasi {rec['nomor_rekomendasi']}"


def submit_plan(
    path: Path, rekomendasi_id: int, actions: Sequence[tuple[str, dt.date]], actor: auth.Actor
) -> list[int]:
    """The unit's action plan for a recommendation: one tindak_lanjut row (jenis 'rencana') per (action, planned
    date); returns their ids in order. Needs `tindak_lanjut` (operator: their units only); refused for a
    closed recommendation or a withdrawn finding, an empty plan, an action without text or date. The status
    does not move: only the auditor judges."""
    auth.require(actor, "tindak_lanjut")
    planned = [(str(uraian or "").strip(), _day(tanggal, "Tanggal rencana")) for uraian, tanggal in actions]
    if not planned:
        raise FindingError("Rencana tindak lanjut wajib berisi setidaknya satu aksi.")
    if any(not uraian for uraian, _ in planned):
        raise FindingError("Setiap aksi rencana tindak lanjut wajib diberi uraian.")
    with writing(path) as con:
        rec, finding = _answerable(con, rekomendasi_id, actor)
        start, now = next_number(con, "tindak_lanjut", "tindak_lanjut_id"), clock.utc_now()
        ids = [start + offset for offset in range(len(planned))]
        con.executemany(
            "INSERT INTO tindak_lanjut VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [tindak_lanjut_id, int(rekomendasi_id), RENCANA, uraian, tanggal, actor.username, now]
                for tindak_lanjut_id, (uraian, tanggal) in zip(ids, planned, strict=True)
            ],
        )
    log_activity(path, actor.username, "tl_rencana", f"{_label(rec, finding)}: {len(ids)} aksi")
    return ids


def _checked_files(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The evidence files with clean names, the same bytes once; FindingError for an empty or too large one."""
    limit, kept, seen = config.max_upload_bytes(), [], set()
    for file_name, data in files:
        name = Path(str(file_name or "").replace("\\", "/")).name.strip() or "bukti"
        if not data:
            raise FindingError(f"Berkas bukti {name} kosong; tidak ada yang disimpan.")
        if len(data) > limit:
            raise FindingError(
                f"Berkas bukti {name} lebih besar dari batas {limit // (1024 * 1024)} MB; tidak ada yang disimpan."
            )
        if bytes(data) not in seen:
            seen.add(bytes(data))
            kept.append((name, bytes(data)))
    return kept


def report_done(
    path: Path,
    rekomendasi_id: int,
    uraian: str,
    tanggal: dt.date,
    files: Sequence[tuple[str, bytes]],
    actor: auth.Actor,
) -> int:
    """What the unit did for a recommendation, on `tanggal` (not after today), with evidence files (name, bytes),
    kept like evaluation evidence: by SHA-256 under store.evidence_dir, the same bytes once; empty files and
    files over config.max_upload_bytes() are refused. Returns the tindak_lanjut id (jenis 'pelaksanaan'). The
    same rules as submit_plan; the status does not move."""
    auth.require(actor, "tindak_lanjut")
    text, day = str(uraian or "").strip(), _day(tanggal, "Tanggal pelaksanaan")
    if not text:
        raise FindingError("Uraian pelaksanaan tindak lanjut wajib diisi.")
    if day > clock.today():
        raise FindingError("Tanggal pelaksanaan tidak boleh setelah hari ini.")
    checked, folder, created = _checked_files(files), evidence_dir(path), []
    try:
        with writing(path) as con:
            rec, finding = _answerable(con, rekomendasi_id, actor)
            tindak_lanjut_id, now = next_number(con, "tindak_lanjut", "tindak_lanjut_id"), clock.utc_now()
            con.execute(
                "INSERT INTO tindak_lanjut VALUES (?, ?, ?, ?, ?, ?, ?)",
                [tindak_lanjut_id, int(rekomendasi_id), PELAKSANAAN, text, day, actor.username, now],
            )
            rows = []
            for name, data in checked:
                sha, new = keep_file(folder, path, data)
                if new:
                    created.append(sha)
                rows.append([tindak_lanjut_id, sha, name, len(data), actor.username, now])
            if rows:
                con.executemany("INSERT INTO bukti_tindak_lanjut VALUES (?, ?, ?, ?, ?, ?)", rows)
    except BaseException:
        for sha in created:
            discard_file(folder, sha)
        raise
    log_activity(path, actor.username, "tl_pelaksanaan", f"{_label(rec, finding)}: {len(checked)} berkas bukti")
    return tindak_lanjut_id


def judge(path: Path, rekomendasi_id: int, status: str, catatan: str, actor: auth.Actor) -> None:
    """The auditor's judgement of a recommendation's follow-up: its status moves to `status` (a code or label of
    the four) and the move is kept in penilaian_tindak_lanjut (old, new, note, who, when). sesuai and
    tidak_dapat_ditindaklanjuti close it and need a note; the same status as now is refused; a reopen is a move
    like any other. Needs `nilai_tl` (auditor, admin); a withdrawn finding is refused."""
    auth.require(actor, "nilai_tl")
    code = parse_status(status)
    note = str(catatan or "").strip()
    with writing(path) as con:
        rec = rekomendasi_row(con, rekomendasi_id)
        finding = temuan_row(con, int(rec["temuan_id"]))  # type: ignore[call-overload]
        check_active(finding, "dinilai")
        problem = judgement_problem(str(rec["status"]), code, note)
        if problem:
            raise FindingError(problem)
        con.execute("UPDATE rekomendasi SET status = ? WHERE rekomendasi_id = ?", [code, int(rekomendasi_id)])
        add_judgement(con, int(rekomendasi_id), str(rec["status"]), code, note, actor)
    detail = f"{_label(rec, finding)}: {TL_LABELS[str(rec['status'])]} -> {TL_LABELS[code]}"
    log_activity(path, actor.username, "tl_nilai", detail)


def followup_file(path: Path, sha256: str, actor: auth.Actor) -> bytes:
    """The bytes of a follow-up evidence file, for an actor who may read a recommendation it is attached to
    (an operator: one of their units'). FindingError when no follow-up names it or its file is missing."""
    auth.require(actor, "lihat_temuan")
    with reading(path) as con:
        rows = con.execute(
            """SELECT DISTINCT t.kode_upt, r.penanggung_jawab FROM bukti_tindak_lanjut b
               JOIN tindak_lanjut l USING (tindak_lanjut_id) JOIN rekomendasi r USING (rekomendasi_id)
               JOIN temuan t USING (temuan_id) WHERE b.sha256 = ?""",
            [str(sha256)],
        ).fetchall()
    if not rows:
        raise FindingError("Berkas bukti ini tidak tercatat pada tindak lanjut mana pun.")
    refusals = [auth.finding_scope_refusal(actor, {str(kode), str(jawab)}) for kode, jawab in rows]
    if all(refusals):
        raise auth.Forbidden(str(refusals[0]))
    target = evidence_dir(path) / str(sha256)
    if not target.is_file():
        raise FindingError(
            f"Berkas bukti {str(sha256)[:12]}… hilang dari folder {evidence_dir(path)}; pulihkan dari cadangan."
        )
    return target.read_bytes()
