"""The benchmark generator of findings (benchmarks.findings) writes rows the store reads and the recap counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.findings import PER_FINDING, PER_UNIT, finding_frames
from lapas_metrics import auth, evaluation, store
from tests.test_findings_store import new_db

AUDITOR = auth.Actor("aud", "Auditor", "auditor")


def test_generated_findings_are_read_back_and_counted(tmp_path: Path) -> None:
    path = new_db(tmp_path)
    codes = ["LP-A", "LP-B", "LP-C"]
    frames = finding_frames(codes)
    assert len(frames["temuan"]) == 3 * PER_UNIT and len(frames["rekomendasi"]) == 3 * PER_UNIT * PER_FINDING
    assert frames["temuan"]["nomor_temuan"].is_unique
    with store.writing(path) as con:
        for table, frame in frames.items():
            con.register("rows", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows")
            con.unregister("rows")
    recs = store.recommendations_frame(path, AUDITOR, include_withdrawn=True)
    assert len(recs) == 3 * PER_UNIT * PER_FINDING
    assert set(recs["status"]) <= set(evaluation.TL_STATUSES) and set(recs["penanggung_jawab"]) <= set(codes)
    # Every status other than the start was reached by a judgement from the start.
    moved = recs[recs["status"] != evaluation.TL_START]
    assert (moved["catatan_status"] == "Dinilai dari bukti yang disampaikan.").all()
    assert (moved["jumlah_tindak_lanjut"] >= 2).all()
    figures = evaluation.recap(recs, store.metric_frames(path)["upt"], dt.date(2026, 1, 1))
    active = recs[recs["status_temuan"] == evaluation.AKTIF]
    assert (
        figures["rekomendasi"].sum() == len(active) and figures["sesuai"].sum() == (active["status"] == "sesuai").sum()
    )
