"""Reading evaluations for an actor: the list, one evaluation whole, its histories, the scores of many, the latest final."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lapas_metrics import auth
from lapas_metrics.evaluation import FINAL, Answer, Instrument, score_columns, score_row
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import (
    HEADER_COLUMNS,
    Period,
    check_visible,
    evaluation_period,
    final_only,
    header,
    stored_instrument,
    tingkat_value,
)
from lapas_metrics.store.transactions import reading

LIST_COLUMNS = (*HEADER_COLUMNS, "nama_upt", "diganti_oleh", "terkini")
ANSWER_COLUMNS = ("kode", "tingkat", "catatan", "saran", "angka_dikutip", "alasan", "diubah_oleh", "waktu")
EVIDENCE_COLUMNS = ("kode", "sha256", "nama_file", "ukuran", "pengguna", "waktu")
HISTORY_COLUMNS = ("urutan", "kode", "field", "nilai_lama", "nilai_baru", "pengguna", "waktu")
STATE_HISTORY_COLUMNS = ("urutan", "dari", "ke", "pengguna", "peran_tim", "waktu", "catatan")
SCORE_ID_COLUMNS = ("evaluasi_id", "kode_upt", "nama_upt", "periode", "periode_mulai", "versi_instrumen", "status")

# Every evaluation with its unit's name and whether a correction replaced it (terkini = not replaced).
_LISTED = """
    SELECT e.*, u.nama_upt, k.diganti_oleh, k.diganti_oleh IS NULL AS terkini
    FROM evaluasi e
    LEFT JOIN upt u USING (kode_upt)
    LEFT JOIN (SELECT mengganti, min(evaluasi_id) AS diganti_oleh FROM evaluasi
               WHERE mengganti IS NOT NULL GROUP BY mengganti) k ON k.mengganti = e.evaluasi_id
    WHERE (NOT ? OR e.status = 'final') AND (? IS NULL OR upper(e.kode_upt) = upper(?))
"""


@dataclass(frozen=True)
class EvaluationRecord:
    """One evaluation whole: its header (HEADER_COLUMNS and nama_upt), team (pengguna, nama, peran_tim),
    answers (ANSWER_COLUMNS; tingkat as 0..4, 'tidak_berlaku' or None) and evidence (EVIDENCE_COLUMNS)."""

    header: dict[str, object]
    tim: pd.DataFrame
    jawaban: pd.DataFrame
    bukti: pd.DataFrame

    @property
    def evaluasi_id(self) -> int:
        return int(self.header["evaluasi_id"])  # type: ignore[call-overload]

    @property
    def status(self) -> str:
        return str(self.header["status"])

    @property
    def versi_instrumen(self) -> str:
        return str(self.header["versi_instrumen"])

    def role_of(self, username: str) -> str | None:
        """The team role of a user in this evaluation; None when not in its team."""
        found = self.tim.loc[self.tim["pengguna"] == username.strip().lower(), "peran_tim"]
        return str(found.iloc[0]) if len(found) else None

    def answers(self) -> list[Answer]:
        """The stored answers as evaluation.Answer (for score_row, section_scores, lost_points)."""
        return [
            Answer(str(kode), tingkat, str(catatan or ""))
            for kode, tingkat, catatan in zip(
                self.jawaban["kode"], self.jawaban["tingkat"], self.jawaban["catatan"], strict=True
            )
        ]


def list_evaluations(path: Path, actor: auth.Actor, kode_upt: str | None = None) -> pd.DataFrame:
    """The evaluations the actor may see (pimpinan and operator: final ones), of one unit or all, ordered by
    kode_upt, period, evaluasi_id. Columns: LIST_COLUMNS (diganti_oleh: the correction that replaced it)."""
    auth.require(actor, "lihat_evaluasi")
    with reading(path) as con:
        listed = con.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM ({_LISTED}) ORDER BY kode_upt, periode_mulai, evaluasi_id",
            [final_only(actor), kode_upt, kode_upt],
        ).df()
    return listed


def evaluation(path: Path, evaluasi_id: int, actor: auth.Actor) -> EvaluationRecord:
    """One evaluation whole (EvaluationRecord), if the actor may see it (auth.Forbidden otherwise)."""
    with reading(path) as con:
        return _record(con, int(evaluasi_id), actor)


def _record(con: duckdb.DuckDBPyConnection, evaluasi_id: int, actor: auth.Actor) -> EvaluationRecord:
    record = header(con, evaluasi_id)
    check_visible(actor, evaluasi_id, record["status"])
    name = _one(con, "SELECT nama_upt FROM upt WHERE kode_upt = ?", [record["kode_upt"]])
    record["nama_upt"] = name[0] if name else None
    tim = con.execute(
        "SELECT pengguna, nama, peran_tim FROM tim_evaluasi WHERE evaluasi_id = ? ORDER BY pengguna", [evaluasi_id]
    ).df()
    jawaban = con.execute(
        f"SELECT {', '.join(ANSWER_COLUMNS)} FROM jawaban WHERE evaluasi_id = ? ORDER BY kode", [evaluasi_id]
    ).df()
    jawaban["tingkat"] = pd.Series(
        [tingkat_value(text) for text in jawaban["tingkat"]], index=jawaban.index, dtype=object
    )
    bukti = con.execute(
        f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM bukti WHERE evaluasi_id = ? ORDER BY kode, waktu", [evaluasi_id]
    ).df()
    return EvaluationRecord(record, tim, jawaban, bukti)


def answer_history(path: Path, evaluasi_id: int, actor: auth.Actor) -> pd.DataFrame:
    """Every change of the evaluation's answers in order: HISTORY_COLUMNS (field: tingkat, catatan, saran,
    angka_dikutip or alasan; the old and new value as text, None for empty)."""
    with reading(path) as con:
        check_visible(actor, evaluasi_id, header(con, evaluasi_id)["status"])
        return con.execute(
            f"SELECT {', '.join(HISTORY_COLUMNS)} FROM jawaban_riwayat WHERE evaluasi_id = ? ORDER BY urutan",
            [int(evaluasi_id)],
        ).df()


def state_history(path: Path, evaluasi_id: int, actor: auth.Actor) -> pd.DataFrame:
    """Every state change of the evaluation in order: STATE_HISTORY_COLUMNS (dari None for its start)."""
    with reading(path) as con:
        check_visible(actor, evaluasi_id, header(con, evaluasi_id)["status"])
        return con.execute(
            f"SELECT {', '.join(STATE_HISTORY_COLUMNS)} FROM status_evaluasi WHERE evaluasi_id = ? ORDER BY urutan",
            [int(evaluasi_id)],
        ).df()


def evaluation_for(path: Path, kode_upt: str, periode: object, actor: auth.Actor) -> int | None:
    """The id of the current evaluation (not replaced by a correction) of a unit and period that the actor
    may see; None when there is none. periode as for start_evaluation (2024, "TA 2024", a pair of dates)."""
    auth.require(actor, "lihat_evaluasi")
    period: Period = evaluation_period(periode)
    with reading(path) as con:
        row = _one(
            con,
            f"""SELECT max(evaluasi_id) FROM ({_LISTED})
                WHERE terkini AND periode_mulai = ? AND periode_selesai = ?""",
            [final_only(actor), kode_upt, kode_upt, period.mulai, period.selesai],
        )
    return int(row[0]) if row and row[0] is not None else None


def latest_final(path: Path, kode_upt: str, actor: auth.Actor) -> EvaluationRecord | None:
    """The unit's latest final evaluation (the period ending last; of its versions the newest final one), or None."""
    auth.require(actor, "lihat_evaluasi")
    with reading(path) as con:
        row = _one(
            con,
            """SELECT evaluasi_id FROM evaluasi WHERE upper(kode_upt) = upper(?) AND status = ?
               ORDER BY periode_selesai DESC, periode_mulai DESC, evaluasi_id DESC LIMIT 1""",
            [kode_upt, FINAL],
        )
        return _record(con, int(row[0]), actor) if row else None


def evaluation_scores(path: Path, actor: auth.Actor, kode_upt: str | None = None) -> pd.DataFrame:
    """One row per evaluation the actor may see (of one unit or all), scored with evaluation.score_row.

    Columns: SCORE_ID_COLUMNS (periode is the label, e.g. "TA 2024"), terkini (not replaced by a correction),
    one nilai_<kunci> per section of the instrument versions involved (their union in order; NaN where a
    version lacks the section or the section has no score), nilai_evaluasi (NaN when nothing is scored) and
    predikat (None then); unrounded. Ordered by kode_upt, periode_mulai, evaluasi_id. Read in two queries."""
    auth.require(actor, "lihat_evaluasi")
    params = [final_only(actor), kode_upt, kode_upt]
    with reading(path) as con:
        listed = con.execute(
            f"""SELECT {", ".join(SCORE_ID_COLUMNS)}, terkini FROM ({_LISTED})
                ORDER BY kode_upt, periode_mulai, evaluasi_id""",
            params,
        ).df()
        answers = con.execute(
            f"""SELECT j.evaluasi_id, j.kode, j.tingkat FROM jawaban j
                WHERE j.tingkat IS NOT NULL AND j.evaluasi_id IN (SELECT evaluasi_id FROM ({_LISTED}))
                ORDER BY j.evaluasi_id""",
            params,
        ).fetchall()
        instruments = {versi: stored_instrument(con, versi) for versi in listed["versi_instrumen"].unique()}
    return _scored(listed, answers, instruments)


def _scored(listed: pd.DataFrame, answers: list[tuple], instruments: dict[str, Instrument]) -> pd.DataFrame:
    columns: list[str] = []
    for instrument in instruments.values():
        columns += [column for column in score_columns(instrument) if column not in columns and column != "predikat"]
    columns = [column for column in columns if column != "nilai_evaluasi"] + ["nilai_evaluasi"]
    given = {
        evaluasi_id: [Answer(kode, tingkat_value(tingkat)) for _, kode, tingkat in rows]
        for evaluasi_id, rows in itertools.groupby(answers, key=lambda row: row[0])
    }
    values = np.full((len(listed), len(columns)), np.nan)
    names: list[str | None] = []
    position = {column: index for index, column in enumerate(columns)}
    for row, (evaluasi_id, versi) in enumerate(zip(listed["evaluasi_id"], listed["versi_instrumen"], strict=True)):
        scores = score_row(instruments[versi], given.get(int(evaluasi_id), []))
        names.append(scores.pop("predikat"))  # type: ignore[arg-type]
        for column, value in scores.items():
            if value is not None:
                values[row, position[column]] = value
    scored = pd.concat([listed.reset_index(drop=True), pd.DataFrame(values, columns=columns)], axis=1)
    scored["predikat"] = pd.Series(names, dtype=object)
    return scored
