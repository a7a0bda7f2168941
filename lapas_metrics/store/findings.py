"""Writing findings and recommendations: record (one or an import of many), edit, withdraw, add and edit recommendations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from lapas_metrics import auth, clock
from lapas_metrics.evaluation import (
    AKTIF,
    BUTIR,
    DITARIK,
    FINDING_FIELDS,
    IMPOR,
    MANUAL,
    NOTE_FROM_IMPORT,
    RECOMMENDATION_FIELDS,
    TL_START,
    FindingError,
    NewFinding,
    NewRecommendation,
    edit_problems,
    finding_problems,
    money,
    recommendation_problems,
)
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import EvaluationError, next_number, stored_instrument
from lapas_metrics.store.finding_common import (
    add_history,
    add_judgement,
    check_active,
    rekomendasi_row,
    temuan_row,
    text_value,
    unit_codes,
)
from lapas_metrics.store.transactions import writing

SHOWN_PROBLEMS = 20  # the message of a refused import names this many problems; `problems` holds them all


def record_finding(path: Path, finding: NewFinding, actor: auth.Actor) -> int:
    """record_findings for one finding; returns its temuan_id."""
    return record_findings(path, [finding], actor)[0]


def record_findings(path: Path, findings: Sequence[NewFinding], actor: auth.Actor) -> list[int]:
    """Store new findings with their recommendations, all or nothing; returns their temuan_id in order.

    Refused as a whole (FindingError with every problem in `problems`, nothing stored) for what
    evaluation.finding_problems finds, an unknown kode_upt or penanggung jawab, a nomor_temuan already in the
    register or twice in the batch (any case), an unknown evaluation or item of a butir finding. Needs
    `temuan`; an imported status other than the start also `nilai_tl`. Every recommendation gets its first
    penilaian_tindak_lanjut row (from nothing to its status, with its note; imports without one get
    NOTE_FROM_IMPORT). A finding whose tanggal_temuan is None is dated clock.today()."""
    auth.require(actor, "temuan")
    findings = list(findings)
    if not findings:
        raise FindingError("Tidak ada temuan untuk dicatat.")
    if any(rec.status != TL_START for finding in findings for rec in finding.rekomendasi):
        auth.require(actor, "nilai_tl")
    problems = [problem for finding in findings for problem in finding_problems(finding)]
    problems += _doubled_in_batch(findings)
    with writing(path) as con:
        units = unit_codes(con)
        problems += _register_problems(con, findings, units)
        if problems:
            many = len(problems) > 1
            head = f"{len(problems)} masalah" if many else "1 masalah"
            shown = " ".join(problems[:SHOWN_PROBLEMS])
            more = f" (dan {len(problems) - SHOWN_PROBLEMS} lainnya)" if len(problems) > SHOWN_PROBLEMS else ""
            raise FindingError(f"Temuan tidak dicatat ({head}): {shown}{more}", problems)
        ids = _insert(con, findings, units, actor)
    numbers = ", ".join(finding.nomor_temuan.strip() for finding in findings[:10])
    more = f" dan {len(findings) - 10} lainnya" if len(findings) > 10 else ""
    log_activity(path, actor.username, "temuan_catat", f"{len(findings)} temuan: {numbers}{more}")
    return ids


def _doubled_in_batch(findings: list[NewFinding]) -> list[str]:
    seen: dict[str, int] = {}
    for finding in findings:
        key = str(finding.nomor_temuan or "").strip().upper()
        seen[key] = seen.get(key, 0) + 1
    return [f"Nomor temuan {key} tertulis {count} kali." for key, count in seen.items() if key and count > 1]


def _register_problems(
    con: duckdb.DuckDBPyConnection, findings: list[NewFinding], units: Mapping[str, str]
) -> list[str]:
    """What the register and the upt list refuse: unknown units, numbers already recorded, unknown evaluations."""
    taken = {str(nomor).upper() for (nomor,) in con.execute("SELECT nomor_temuan FROM temuan").fetchall()}
    problems = []
    for finding in findings:
        nomor = str(finding.nomor_temuan or "").strip()
        if nomor.upper() in taken:
            problems.append(f"Nomor temuan {nomor} sudah tercatat di register temuan.")
        kode = str(finding.kode_upt or "").strip()
        if kode and kode.upper() not in units:
            problems.append(f"Temuan {nomor}: kode UPT {kode} tidak ada di daftar UPT.")
        for rec in finding.rekomendasi:
            jawab = str(rec.penanggung_jawab or "").strip()
            if jawab and jawab.upper() not in units:
                problems.append(
                    f"Temuan {nomor} rekomendasi {rec.nomor}: penanggung jawab {jawab} tidak ada di daftar UPT."
                )
        if finding.sumber == BUTIR and finding.evaluasi_id is not None:
            problems += _item_problems(con, finding, units)
    return problems


def _item_problems(con: duckdb.DuckDBPyConnection, finding: NewFinding, units: Mapping[str, str]) -> list[str]:
    nomor = str(finding.nomor_temuan).strip()
    row = _one(con, "SELECT kode_upt, versi_instrumen FROM evaluasi WHERE evaluasi_id = ?", [int(finding.evaluasi_id)])  # type: ignore[arg-type]
    if row is None:
        return [f"Temuan {nomor}: evaluasi {finding.evaluasi_id} tidak ada."]
    if str(row[0]).upper() != str(finding.kode_upt).strip().upper():
        return [
            f"Temuan {nomor}: evaluasi {finding.evaluasi_id} adalah evaluasi UPT {row[0]}, bukan {finding.kode_upt}."
        ]
    try:
        instrument = stored_instrument(con, str(row[1]))
    except EvaluationError as error:
        return [f"Temuan {nomor}: {error}"]
    if str(finding.kode_butir).strip() not in {item.kode for item in instrument.items}:
        return [f"Temuan {nomor}: butir {finding.kode_butir} tidak ada dalam instrumen {instrument.versi}."]
    return []


def _insert(
    con: duckdb.DuckDBPyConnection, findings: list[NewFinding], units: Mapping[str, str], actor: auth.Actor
) -> list[int]:
    now, today = clock.utc_now(), clock.today()
    first_temuan = next_number(con, "temuan", "temuan_id")
    first_rec = next_number(con, "rekomendasi", "rekomendasi_id")
    first_judgement = next_number(con, "penilaian_tindak_lanjut", "urutan")
    temuan_rows: list[list[object]] = []
    rec_rows: list[list[object]] = []
    judgement_rows: list[list[object]] = []
    for offset, finding in enumerate(findings):
        temuan_id, kode = first_temuan + offset, units[str(finding.kode_upt).strip().upper()]
        temuan_rows.append(
            [temuan_id, finding.nomor_temuan.strip(), kode, _optional(finding.judul), finding.kondisi.strip()]
            + [finding.kriteria.strip(), _optional(finding.sebab), _optional(finding.akibat)]
            + [money(finding.nilai_temuan_rp), finding.tanggal_temuan or today, finding.sumber, finding.evaluasi_id]
            + [_optional(finding.kode_butir), _optional(finding.flag), finding.tahun_flag, finding.nilai_flag]
            + [finding.batas_flag, AKTIF, None, None, None, actor.username, now]
        )
        for rec in finding.rekomendasi:
            rekomendasi_id = first_rec + len(rec_rows)
            jawab = units[rec.penanggung_jawab.strip().upper()] if rec.penanggung_jawab.strip() else kode
            rec_rows.append(
                [rekomendasi_id, temuan_id, rec.nomor.strip(), rec.rekomendasi.strip(), jawab, rec.batas_waktu]
                + [rec.status, actor.username, now]
            )
            note = rec.catatan_status.strip() or (NOTE_FROM_IMPORT if finding.sumber == IMPOR else None)
            judgement_rows.append(
                [first_judgement + len(judgement_rows), rekomendasi_id, None, rec.status, note, actor.username, now]
            )
    con.executemany(f"INSERT INTO temuan VALUES ({', '.join('?' * 23)})", temuan_rows)
    con.executemany("INSERT INTO rekomendasi VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rec_rows)
    con.executemany("INSERT INTO penilaian_tindak_lanjut VALUES (?, ?, ?, ?, ?, ?, ?)", judgement_rows)
    return [first_temuan + offset for offset in range(len(findings))]


def _optional(text: object) -> str | None:
    return None if text is None or not str(text).strip() else str(text).strip()


def _new_value(field: str, value: object) -> object:
    """An edited value as stored: text stripped (empty optional text = NULL), money as Decimal, dates as given."""
    if field == "nilai_temuan_rp":
        return money(value)
    if field in ("tanggal_temuan", "batas_waktu"):
        return value.date() if isinstance(value, dt.datetime) else value
    return _optional(value)


def edit_finding(path: Path, temuan_id: int, changes: Mapping[str, object], actor: auth.Actor, alasan: str = "") -> int:
    """Change fields of a finding (evaluation.FINDING_FIELDS: judul, kondisi, kriteria, sebab, akibat,
    nilai_temuan_rp, tanggal_temuan); returns how many changed. One temuan_riwayat row per changed field (old,
    new, who, when, alasan). Refused: a withdrawn finding, kondisi or kriteria made empty, a negative amount, any
    other field. Needs `temuan` (auditor, admin)."""
    auth.require(actor, "temuan")
    problems = edit_problems(changes, FINDING_FIELDS)
    if problems:
        raise FindingError(" ".join(problems), problems)
    with writing(path) as con:
        finding = temuan_row(con, temuan_id)
        check_active(finding, "diubah")
        new = {field: _new_value(field, value) for field, value in changes.items()}
        changed = [
            (field, finding[field], value)
            for field, value in new.items()
            if text_value(finding[field]) != text_value(value)
        ]
        if changed:
            assignments = ", ".join(f"{field} = ?" for field, _, _ in changed)
            con.execute(
                f"UPDATE temuan SET {assignments} WHERE temuan_id = ?",
                [value for _, _, value in changed] + [int(temuan_id)],
            )
            add_history(con, int(temuan_id), None, changed, alasan, actor)
    if changed:
        fields = ", ".join(field for field, _, _ in changed)
        log_activity(path, actor.username, "temuan_ubah", f"temuan {finding['nomor_temuan']}: {fields}")
    return len(changed)


def withdraw_finding(path: Path, temuan_id: int, alasan: str, actor: auth.Actor) -> None:
    """Withdraw a finding (status 'ditarik' with who, when and why, and a temuan_riwayat row); its row and its
    recommendations stay. alasan is required; a finding already withdrawn is refused. Needs `temuan`."""
    auth.require(actor, "temuan")
    if not str(alasan or "").strip():
        raise FindingError("Alasan penarikan temuan wajib diisi.")
    with writing(path) as con:
        finding = temuan_row(con, temuan_id)
        check_active(finding, "ditarik lagi")
        con.execute(
            "UPDATE temuan SET status = ?, alasan_ditarik = ?, ditarik_oleh = ?, waktu_ditarik = ? WHERE temuan_id = ?",
            [DITARIK, alasan.strip(), actor.username, clock.utc_now(), int(temuan_id)],
        )
        add_history(con, int(temuan_id), None, [("status", AKTIF, DITARIK)], alasan, actor)
    log_activity(path, actor.username, "temuan_tarik", f"temuan {finding['nomor_temuan']}: {alasan.strip()}")


def add_recommendation(path: Path, temuan_id: int, rec: NewRecommendation, actor: auth.Actor) -> int:
    """Add a recommendation (status the start) to an active finding; returns its rekomendasi_id. Its number must
    be new in the finding, its penanggung jawab ("" = the finding's unit) in the upt list. Kept in
    temuan_riwayat (field tambah_rekomendasi) and as its first penilaian_tindak_lanjut row. Needs `temuan`."""
    auth.require(actor, "temuan")
    with writing(path) as con:
        finding = temuan_row(con, temuan_id)
        label = f"Temuan {finding['nomor_temuan']} rekomendasi {str(rec.nomor or '').strip() or '(tanpa nomor)'}"
        problems = recommendation_problems(rec, label, MANUAL)
        if problems:
            raise FindingError(" ".join(problems), problems)
        check_active(finding, "diberi rekomendasi baru")
        numbers = con.execute("SELECT upper(nomor_rekomendasi) FROM rekomendasi WHERE temuan_id = ?", [int(temuan_id)])
        if rec.nomor.strip().upper() in {number for (number,) in numbers.fetchall()}:
            raise FindingError(f"{label} sudah ada; pakai nomor lain.")
        jawab = _responsible(con, rec.penanggung_jawab or str(finding["kode_upt"]))
        rekomendasi_id = next_number(con, "rekomendasi", "rekomendasi_id")
        con.execute(
            "INSERT INTO rekomendasi VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rekomendasi_id, int(temuan_id), rec.nomor.strip(), rec.rekomendasi.strip(), jawab, rec.batas_waktu]
            + [TL_START, actor.username, clock.utc_now()],
        )
        add_judgement(con, rekomendasi_id, None, TL_START, "", actor)
        add_history(con, int(temuan_id), rekomendasi_id, [("tambah_rekomendasi", None, rec.nomor.strip())], "", actor)
    log_activity(
        path, actor.username, "rekomendasi_tambah", f"temuan {finding['nomor_temuan']} rekomendasi {rec.nomor}"
    )
    return rekomendasi_id


def _responsible(con: duckdb.DuckDBPyConnection, kode: str) -> str:
    units = unit_codes(con)
    found = units.get(str(kode).strip().upper())
    if found is None:
        raise FindingError(f"Penanggung jawab {kode} tidak ada di daftar UPT.")
    return found


def edit_recommendation(
    path: Path, rekomendasi_id: int, changes: Mapping[str, object], actor: auth.Actor, alasan: str = ""
) -> int:
    """Change a recommendation's text, penanggung jawab (a kode_upt of the upt list) or batas waktu; returns how
    many fields changed, each kept in temuan_riwayat with old, new, who, when and alasan. Its status moves only by
    judge. Refused for a withdrawn finding or an empty text. Needs `temuan`."""
    auth.require(actor, "temuan")
    problems = edit_problems(changes, RECOMMENDATION_FIELDS)
    if problems:
        raise FindingError(" ".join(problems), problems)
    with writing(path) as con:
        rec = rekomendasi_row(con, rekomendasi_id)
        finding = temuan_row(con, int(rec["temuan_id"]))  # type: ignore[call-overload]
        check_active(finding, "diubah")
        new = {field: _new_value(field, value) for field, value in changes.items()}
        if "penanggung_jawab" in new:
            new["penanggung_jawab"] = _responsible(con, str(new["penanggung_jawab"]))
        changed = [(f, rec[f], value) for f, value in new.items() if text_value(rec[f]) != text_value(value)]
        if changed:
            con.execute(
                f"UPDATE rekomendasi SET {', '.join(f'{field} = ?' for field, _, _ in changed)} WHERE rekomendasi_id = ?",
                [value for _, _, value in changed] + [int(rekomendasi_id)],
            )
            add_history(con, int(rec["temuan_id"]), int(rekomendasi_id), changed, alasan, actor)  # type: ignore[call-overload]
    if changed:
        fields = ", ".join(field for field, _, _ in changed)
        detail = f"temuan {finding['nomor_temuan']} rekomendasi {rec['nomor_rekomendasi']}: {fields}"
        log_activity(path, actor.username, "rekomendasi_ubah", detail)
    return len(changed)
