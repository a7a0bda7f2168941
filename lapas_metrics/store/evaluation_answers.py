"""Answers of an evaluation: one item, a whole KKE import in one transaction, evidence files, suggested levels."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path

import duckdb

from lapas_metrics import auth, clock, config, metrics
from lapas_metrics.evaluation import (
    Answer,
    AnswerError,
    Instrument,
    StateError,
    Tingkat,
    answers_by_code,
    check_edit,
    figure_value,
    override_problem,
    parse_tingkat,
    suggested_level,
)
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import (
    EvaluationError,
    check_visible,
    header,
    next_number,
    stored_instrument,
    team_role,
    tingkat_text,
)
from lapas_metrics.store.instruments import active_instrument
from lapas_metrics.store.originals import discard_file, evidence_dir, keep_file
from lapas_metrics.store.reads import metric_frames
from lapas_metrics.store.transactions import reading, writing

Suggestions = dict[str, tuple[int, float]]
# The fields of jawaban whose every change is kept in jawaban_riwayat.
ANSWER_FIELDS = ("tingkat", "catatan", "saran", "angka_dikutip", "alasan")


def suggestions_for(
    path: Path, kode_upt: str, tahun: int, instrument: Instrument | None = None, tanggal_posisi: dt.date | None = None
) -> Suggestions:
    """kode -> (suggested level, figure value) for the items of `instrument` (None = the active one) whose
    figure has a value for the unit in fiscal year `tahun`, as of tanggal_posisi (None = 31 December of
    tahun): metrics.yearly_figures on store.metric_frames, evaluation.suggested_level. Empty when the unit
    has no figures that year. The page, the KKE and the stored `saran` all come from here."""
    instrument = instrument or active_instrument(path)
    posisi = tanggal_posisi or dt.date(int(tahun), 12, 31)
    inputs = metrics.MetricInputs.from_store(metric_frames(path, kode_upt), posisi, config.batas_hari_lapor())
    figures = metrics.yearly_figures(inputs, int(tahun))
    rows = figures[figures["kode_upt"].str.upper() == str(kode_upt).strip().upper()]
    if rows.empty:
        return {}
    row = {str(name): value for name, value in rows.iloc[0].items()}
    found: Suggestions = {}
    for item in instrument.items:
        level, value = suggested_level(item, row), figure_value(item, row)
        if level is not None and value is not None:
            found[item.kode] = (level, value)
    return found


def record_answer(
    path: Path,
    evaluasi_id: int,
    kode: str,
    tingkat: object,
    catatan: str | None,
    actor: auth.Actor,
    alasan: str | None = None,
    angka: float | None = None,
) -> list[str]:
    """Store the answer to one item (tingkat 0..4, tidak_berlaku, or empty; a note); returns the fields changed.

    saran is the level the unit's figures suggest now (suggestions_for), angka_dikutip the figure cited
    (`angka`, else the unit's value). An answer other than the suggestion needs a reason: `alasan`, else the
    note (evaluation.override_problem). Only ketua tim and anggota of this evaluation, only in draf
    (evaluation.check_edit). Every changed field is kept in jawaban_riwayat (old, new, who, when)."""
    changed, problems = record_item_answers(path, evaluasi_id, [(kode, tingkat, catatan, alasan, angka)], actor)
    if problems:
        raise EvaluationError(problems[0])
    return changed.get(kode, [])


ItemAnswer = tuple[str, object, str | None, str | None, float | None]  # kode, tingkat, catatan, alasan, angka


def record_item_answers(
    path: Path, evaluasi_id: int, entries: list[ItemAnswer], actor: auth.Actor
) -> tuple[dict[str, list[str]], list[str]]:
    """record_answer for several items (a section of the page) with the unit's figures read once and one
    write: each item is judged on its own (a refused one is a sentence in the problems, the others are
    stored). Returns (kode -> fields changed, for the items that changed; the problems)."""
    auth.require(actor, "evaluasi")
    problems: list[str] = []
    levels: list[tuple[str, Tingkat, str | None, str | None, float | None]] = []
    for kode, tingkat, catatan, alasan, angka in entries:
        try:
            levels.append((kode, parse_tingkat(tingkat, kode), catatan, alasan, angka))
        except AnswerError as error:
            problems.append(str(error))
    if not levels:
        return {}, problems
    instrument, found = _context(path, evaluasi_id, actor)
    codes = {item.kode for item in instrument.items}
    planned: dict[str, Mapping[str, object]] = {}
    for kode, level, catatan, alasan, angka in levels:
        if kode not in codes:
            problems.append(f"Butir {kode} tidak ada dalam instrumen {instrument.versi}.")
            continue
        try:
            planned[kode] = _values(kode, level, catatan or "", alasan, angka, found)
        except EvaluationError as error:
            problems.append(str(error))
    changed: dict[str, list[str]] = {}
    if planned:
        now = clock.utc_now()
        with writing(path) as con:
            _check_edit(con, evaluasi_id, actor)
            for kode, values in planned.items():
                fields = _apply(con, int(evaluasi_id), kode, values, actor, now)
                if fields:
                    changed[kode] = fields
    for kode, fields in changed.items():
        log_activity(
            path, actor.username, "evaluasi_jawab", f"evaluasi {evaluasi_id} butir {kode}: {', '.join(fields)}"
        )
    return changed, problems


def record_answers(
    path: Path,
    evaluasi_id: int,
    answers: list[Answer],
    actor: auth.Actor,
    source: str,
    reasons: Mapping[str, str] | None = None,
) -> int:
    """Store a whole KKE (or CSV) import in one transaction: all answers or none; returns the items changed.

    answers: the rows read from the file (evaluation.Answer); reasons: kode -> the reason for an override (the
    note stands in when none is given). An empty level or note in the file leaves the stored one as it is (a
    KKE exported before an answer was given on the page does not erase it). Refused as a whole
    (EvaluationError with every problem in `problems`) for an unknown or repeated code, an override without a
    reason, or an evaluation not in draf; the same roles as record_answer. `source` names the file (log)."""
    auth.require(actor, "evaluasi")
    instrument, found = _context(path, evaluasi_id, actor)
    try:
        indexed = answers_by_code(instrument, answers)
    except AnswerError as error:
        raise EvaluationError(str(error)) from error
    reasons = dict(reasons or {})
    now = clock.utc_now()
    with writing(path) as con:
        _check_edit(con, evaluasi_id, actor)
        stored = _stored_answers(con, int(evaluasi_id))
        planned, problems = {}, []
        for kode, answer in indexed.items():
            kept = stored.get(kode, {})
            if not kept and answer.tingkat is None and not answer.catatan.strip():
                continue  # an empty row of the file for an item never answered: nothing to keep
            level = answer.tingkat if answer.tingkat is not None else _stored_level(kept)
            note = answer.catatan.strip() or str(kept.get("catatan") or "")
            values = _values(kode, level, note, reasons.get(kode) or kept.get("alasan"), None, found, check=False)
            problem = override_problem(kode, level, values["saran"], values["alasan"] or note)  # type: ignore[arg-type]
            if problem:
                problems.append(problem)
            planned[kode] = values
        if problems:
            raise EvaluationError(
                f"Impor {source} tidak disimpan: {len(problems)} butir perlu diperbaiki. " + " ".join(problems),
                problems,
            )
        changed = [kode for kode, values in planned.items() if _apply(con, int(evaluasi_id), kode, values, actor, now)]
    log_activity(
        path, actor.username, "evaluasi_impor", f"evaluasi {evaluasi_id} {source}: {len(changed)} butir diubah"
    )
    return len(changed)


def attach_evidence(
    path: Path, evaluasi_id: int, kode: str, data: bytes, file_name: str, actor: auth.Actor
) -> tuple[str, bool]:
    """Keep an evidence file of one item beside the database (evidence_dir, by SHA-256, as upload originals
    are: the same bytes are stored once); returns (sha256, whether a new bukti row was added: False when the
    same file was already attached to this item). Empty files and files over config.max_upload_bytes() are
    refused; the same roles and state as record_answer."""
    auth.require(actor, "evaluasi")
    name = Path(str(file_name or "").replace("\\", "/")).name.strip() or "bukti"
    limit = config.max_upload_bytes()
    if not data:
        raise EvaluationError(f"Berkas bukti {name} kosong; tidak disimpan.")
    if len(data) > limit:
        raise EvaluationError(
            f"Berkas bukti {name} lebih besar dari batas {limit // (1024 * 1024)} MB; tidak disimpan."
        )
    folder = evidence_dir(path)
    kept: tuple[str, bool] | None = None
    try:
        with writing(path) as con:
            instrument = _check_edit(con, evaluasi_id, actor)
            if kode not in {item.kode for item in instrument.items}:
                raise EvaluationError(f"Butir {kode} tidak ada dalam instrumen {instrument.versi}.")
            kept = keep_file(folder, path, data)
            sha = kept[0]
            key = [int(evaluasi_id), kode, sha]
            if _one(con, "SELECT 1 FROM bukti WHERE evaluasi_id = ? AND kode = ? AND sha256 = ?", key):
                return sha, False
            con.execute(
                "INSERT INTO bukti VALUES (?, ?, ?, ?, ?, ?, ?)",
                [*key, name, len(data), actor.username, clock.utc_now()],
            )
    except BaseException:
        if kept is not None and kept[1]:
            discard_file(folder, kept[0])
        raise
    log_activity(path, actor.username, "evaluasi_bukti", f"evaluasi {evaluasi_id} butir {kode} {name} {sha[:12]}")
    return sha, True


def evidence_file(path: Path, sha: str, actor: auth.Actor) -> bytes:
    """The bytes of an evidence file, for an actor who may see an evaluation it is attached to (pimpinan and
    operator: a final one). EvaluationError when no such evidence is recorded or its file is missing."""
    auth.require(actor, "lihat_evaluasi")
    with reading(path) as con:
        rows = con.execute(
            """SELECT b.evaluasi_id, e.status FROM bukti b JOIN evaluasi e USING (evaluasi_id)
               WHERE b.sha256 = ? ORDER BY (e.status = 'final') DESC, b.evaluasi_id""",
            [str(sha)],
        ).fetchall()
    if not rows:
        raise EvaluationError("Berkas bukti ini tidak tercatat pada evaluasi mana pun.")
    check_visible(actor, int(rows[0][0]), rows[0][1])
    target = evidence_dir(path) / str(sha)
    if not target.is_file():
        raise EvaluationError(
            f"Berkas bukti {str(sha)[:12]}… hilang dari folder {evidence_dir(path)}; pulihkan dari cadangan."
        )
    return target.read_bytes()


def _context(path: Path, evaluasi_id: int, actor: auth.Actor) -> tuple[Instrument, Suggestions]:
    """The instrument of an evaluation and the unit's suggestions for its period (read before the write: the
    figures are read with a read-only connection); the state and role are checked again inside the write."""
    with reading(path) as con:
        instrument = _check_edit(con, evaluasi_id, actor)
        record = header(con, evaluasi_id)
    end: dt.date = record["periode_selesai"]  # type: ignore[assignment]
    return instrument, suggestions_for(path, str(record["kode_upt"]), end.year, instrument, end)


def _check_edit(con: duckdb.DuckDBPyConnection, evaluasi_id: int, actor: auth.Actor) -> Instrument:
    record = header(con, evaluasi_id)
    try:
        check_edit(str(record["status"]), team_role(con, evaluasi_id, actor.username))
    except StateError as error:
        raise EvaluationError(str(error)) from error
    return stored_instrument(con, str(record["versi_instrumen"]))


def _values(
    kode: str,
    level: Tingkat,
    catatan: str,
    alasan: object,
    angka: float | None,
    found: Suggestions,
    check: bool = True,
) -> dict[str, object]:
    saran, value = found.get(kode, (None, None))
    reason = str(alasan).strip() if alasan is not None and str(alasan).strip() else None
    if check:
        problem = override_problem(kode, level, saran, reason or catatan)
        if problem:
            raise EvaluationError(problem)
    if angka is not None and not (isinstance(angka, int | float) and math.isfinite(angka)):
        raise EvaluationError(f"Butir {kode}: angka yang dikutip harus berupa bilangan (tertulis {angka!r}).")
    cited = float(angka) if angka is not None else value
    return {
        "tingkat": tingkat_text(level),
        "catatan": catatan.strip(),
        "saran": saran,
        "angka_dikutip": cited,
        "alasan": reason,
    }


def _stored_answers(con: duckdb.DuckDBPyConnection, evaluasi_id: int) -> dict[str, dict[str, object]]:
    cursor = con.execute(f"SELECT kode, {', '.join(ANSWER_FIELDS)} FROM jawaban WHERE evaluasi_id = ?", [evaluasi_id])
    return {row[0]: dict(zip(ANSWER_FIELDS, row[1:], strict=True)) for row in cursor.fetchall()}


def _stored_level(kept: Mapping[str, object]) -> Tingkat:
    text = kept.get("tingkat")
    return None if text is None else parse_tingkat(str(text))


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _apply(
    con: duckdb.DuckDBPyConnection,
    evaluasi_id: int,
    kode: str,
    values: Mapping[str, object],
    actor: auth.Actor,
    now: dt.datetime,
) -> list[str]:
    """Write one answer when it differs from the stored one, each changed field into jawaban_riwayat; the fields changed."""
    old = _stored_answer(con, evaluasi_id, kode)
    changed = [field for field in ANSWER_FIELDS if _text(old.get(field)) != _text(values[field])]
    if not changed:
        return []
    row = [values[field] for field in ANSWER_FIELDS]
    if old:
        con.execute(
            f"UPDATE jawaban SET {', '.join(f'{field} = ?' for field in ANSWER_FIELDS)}, diubah_oleh = ?, waktu = ? "
            "WHERE evaluasi_id = ? AND kode = ?",
            [*row, actor.username, now, evaluasi_id, kode],
        )
    else:
        con.execute(
            "INSERT INTO jawaban VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [evaluasi_id, kode, *row, actor.username, now]
        )
    start = next_number(con, "jawaban_riwayat", "urutan")
    con.executemany(
        "INSERT INTO jawaban_riwayat VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [start + offset, evaluasi_id, kode, field, _text(old.get(field)), _text(values[field]), actor.username, now]
            for offset, field in enumerate(changed)
        ],
    )
    return changed


def _stored_answer(con: duckdb.DuckDBPyConnection, evaluasi_id: int, kode: str) -> dict[str, object]:
    row = _one(
        con, f"SELECT {', '.join(ANSWER_FIELDS)} FROM jawaban WHERE evaluasi_id = ? AND kode = ?", [evaluasi_id, kode]
    )
    return dict(zip(ANSWER_FIELDS, row, strict=True)) if row else {}
