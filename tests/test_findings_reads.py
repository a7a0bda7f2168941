"""Reading findings in the store for each role on a real DuckDB in tmp_path: register, recommendations, thread, matrix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import auth, store
from lapas_metrics.evaluation import FindingError, NewFinding, NewRecommendation, open_recommendations, recap
from tests.test_findings_store import ADMIN, AUDITOR, FINDING, PIMPINAN, new_db

OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
OPERATOR_B = auth.Actor("opb", "Operator B", "operator", ("lp-b",))
OPERATOR_C = auth.Actor("opc", "Operator C", "operator", ("LP-C",))
DUE = dt.date(2025, 6, 30)
# T-C (LP-C, no amount) has recommendations numbered 1, 2 and 10; T-W (LP-C) is withdrawn.
OTHER = NewFinding(
    "T-C",
    "LP-C",
    "Mesin jahit rusak.",
    "SOP pemeliharaan.",
    tuple(NewRecommendation(nomor, f"Perbaiki {nomor}.", DUE) for nomor in ("10", "2", "1")),
    tanggal_temuan=dt.date(2025, 2, 1),
)
WITHDRAWN = dataclasses.replace(OTHER, nomor_temuan="T-W", rekomendasi=OTHER.rekomendasi[:1])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = new_db(tmp_path_factory.mktemp("reads"))
    temuan_a, _, withdrawn = store.record_findings(path, [FINDING, OTHER, WITHDRAWN], AUDITOR)
    store.withdraw_finding(path, withdrawn, "Ganda dengan T-C", AUDITOR)
    first = int(store.finding(path, temuan_a, ADMIN).rekomendasi["rekomendasi_id"].iloc[0])
    store.submit_plan(path, first, [("Menyetor PNBP", dt.date(2025, 3, 1))], OPERATOR_A)
    store.report_done(path, first, "PNBP disetor", dt.date(2025, 2, 20), [("setor.pdf", b"%PDF bukti")], OPERATOR_A)
    store.judge(path, first, "sesuai", "Bukti setor lengkap.", AUDITOR)
    store.edit_finding(path, temuan_a, {"sebab": "Bendahara lalai"}, AUDITOR, alasan="Hasil wawancara")
    return path


def test_recommendations_frame_has_its_columns_latest_judgement_and_follow_up(db: Path) -> None:
    recs = store.recommendations_frame(db, AUDITOR)
    assert tuple(recs.columns) == store.RECOMMENDATION_COLUMNS
    assert list(zip(recs["nomor_temuan"], recs["nomor_rekomendasi"], strict=True)) == [
        ("T-2025-LPA-01", "1"),
        ("T-2025-LPA-01", "2"),
        ("T-C", "1"),
        ("T-C", "2"),
        ("T-C", "10"),  # numbers as numbers
    ]
    first = recs.iloc[0]
    assert (first["kode_upt"], first["nama_upt"], first["kanwil"]) == ("LP-A", "Lapas Kelas IIA A", "Jawa Barat")
    assert (first["status"], first["catatan_status"], first["jumlah_tindak_lanjut"]) == (
        "sesuai",
        "Bukti setor lengkap.",
        2,
    )
    assert first["tindak_lanjut_terakhir"] == "PNBP disetor"
    assert first["tanggal_tindak_lanjut_terakhir"] == pd.Timestamp(2025, 2, 20)
    assert first["nilai_temuan_rp"] == 12_500_000.0 and first["status_temuan"] == "aktif"
    second = recs.iloc[1]
    assert second["penanggung_jawab"] == "LP-B" and second["jumlah_tindak_lanjut"] == 0
    assert pd.isna(second["tindak_lanjut_terakhir"]) and math.isnan(recs.iloc[2]["nilai_temuan_rp"])


def test_withdrawn_findings_only_when_asked_and_a_unit_filter(db: Path) -> None:
    assert "T-W" not in set(store.recommendations_frame(db, AUDITOR)["nomor_temuan"])
    withdrawn = store.recommendations_frame(db, AUDITOR, include_withdrawn=True)
    assert set(withdrawn.loc[withdrawn["nomor_temuan"] == "T-W", "status_temuan"]) == {"ditarik"}
    assert set(store.recommendations_frame(db, AUDITOR, kode_upt=["lp-c"])["nomor_temuan"]) == {"T-C"}
    assert store.recommendations_frame(db, AUDITOR, kode_upt=[]).empty


@pytest.mark.parametrize(
    ("actor", "visible"),
    [
        (OPERATOR_A, [("T-2025-LPA-01", "1"), ("T-2025-LPA-01", "2")]),
        (OPERATOR_B, [("T-2025-LPA-01", "2")]),  # only the recommendation LP-B is responsible for
        (OPERATOR_C, [("T-C", "1"), ("T-C", "2"), ("T-C", "10")]),
        (PIMPINAN, [("T-2025-LPA-01", "1"), ("T-2025-LPA-01", "2"), ("T-C", "1"), ("T-C", "2"), ("T-C", "10")]),
    ],
)
def test_an_operator_reads_only_the_recommendations_of_their_units(
    db: Path, actor: auth.Actor, visible: list[tuple[str, str]]
) -> None:
    recs = store.recommendations_frame(db, actor)
    assert list(zip(recs["nomor_temuan"], recs["nomor_rekomendasi"], strict=True)) == visible


def test_list_findings_counts_recommendations_and_is_scoped(db: Path) -> None:
    listed = store.list_findings(db, AUDITOR)
    assert tuple(listed.columns) == store.FINDING_COLUMNS
    got = listed[["nomor_temuan", "status", "jumlah_rekomendasi", "rekomendasi_terbuka"]].values.tolist()
    assert got == [["T-2025-LPA-01", "aktif", 2, 1], ["T-C", "aktif", 3, 3], ["T-W", "ditarik", 1, 1]]
    assert listed.loc[2, "alasan_ditarik"] == "Ganda dengan T-C"
    assert list(store.list_findings(db, AUDITOR, include_withdrawn=False)["nomor_temuan"]) == ["T-2025-LPA-01", "T-C"]
    assert list(store.list_findings(db, AUDITOR, kode_upt=["LP-A"])["nomor_temuan"]) == ["T-2025-LPA-01"]
    assert list(store.list_findings(db, OPERATOR_B)["nomor_temuan"]) == ["T-2025-LPA-01"]  # responsible for one
    assert list(store.list_findings(db, OPERATOR_C)["nomor_temuan"]) == ["T-C", "T-W"]
    assert store.list_findings(db, auth.Actor("opx", "X", "operator", ("LP-X",))).empty


def test_one_finding_whole_and_refused_outside_the_operators_units(db: Path) -> None:
    temuan_id = int(store.list_findings(db, AUDITOR)["temuan_id"].iloc[0])
    record = store.finding(db, temuan_id, OPERATOR_A)
    assert record["nomor_temuan"] == "T-2025-LPA-01" and record["sebab"] == "Bendahara lalai"
    assert record["nama_upt"] == "Lapas Kelas IIA A" and record.status == "aktif" and record.temuan_id == temuan_id
    assert list(record.rekomendasi["nomor_rekomendasi"]) == ["1", "2"]
    assert list(store.finding(db, temuan_id, OPERATOR_B).rekomendasi["nomor_rekomendasi"]) == ["2"]
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.finding(db, temuan_id, OPERATOR_C)
    with pytest.raises(FindingError, match="Temuan 999 tidak ada"):
        store.finding(db, 999, AUDITOR)


def test_the_thread_of_a_recommendation_oldest_first_with_its_evidence(db: Path) -> None:
    first = int(store.recommendations_frame(db, AUDITOR)["rekomendasi_id"].iloc[0])
    thread = store.followup_thread(db, first, OPERATOR_A)
    assert tuple(thread.columns) == store.THREAD_COLUMNS
    assert list(thread["jenis"]) == ["penilaian", "rencana", "pelaksanaan", "penilaian"]
    assert [None if pd.isna(v) else v for v in thread["status_baru"]] == [
        "belum_ditindaklanjuti",
        None,
        None,
        "sesuai",
    ]
    [(sha, name)] = thread.loc[2, "bukti"]
    assert name == "setor.pdf" and store.followup_file(db, sha, OPERATOR_A) == b"%PDF bukti"
    assert thread.loc[0, "bukti"] == [] and thread.loc[3, "catatan"] == "Bukti setor lengkap."
    assert list(thread["pengguna"]) == ["aud", "opa", "opa", "aud"]
    for other in (OPERATOR_B, OPERATOR_C):
        with pytest.raises(auth.Forbidden):
            store.followup_thread(db, first, other)
        with pytest.raises(auth.Forbidden):
            store.followup_file(db, sha, other)


def test_the_history_of_a_finding(db: Path) -> None:
    temuan_id = int(store.list_findings(db, AUDITOR)["temuan_id"].iloc[0])
    history = store.finding_history(db, temuan_id, PIMPINAN)
    assert tuple(history.columns) == store.FINDING_HISTORY_COLUMNS
    assert history[["field", "nilai_lama", "nilai_baru", "alasan", "pengguna"]].values.tolist() == [
        ["sebab", None, "Bendahara lalai", "Hasil wawancara", "aud"]
    ]
    with pytest.raises(auth.Forbidden):
        store.finding_history(db, temuan_id, OPERATOR_C)


def test_the_matrix_is_one_row_per_recommendation_of_active_findings(db: Path) -> None:
    matrix = store.findings_matrix(db, AUDITOR)
    assert tuple(matrix.columns) == store.MATRIX_COLUMNS
    assert list(matrix["nomor_temuan"]) == ["T-2025-LPA-01", "T-2025-LPA-01", "T-C", "T-C", "T-C"]
    assert list(matrix["status"])[:2] == ["sesuai", "belum_ditindaklanjuti"]
    assert list(store.findings_matrix(db, OPERATOR_C)["nomor_temuan"]) == ["T-C"] * 3


def test_the_recap_reads_the_stored_frame(db: Path) -> None:
    units = store.metric_frames(db)["upt"]
    figures = recap(store.recommendations_frame(db, AUDITOR), units, dt.date(2025, 7, 1)).set_index("kode_upt")
    assert figures.loc["LP-A", ["rekomendasi", "sesuai", "lewat_batas_waktu"]].tolist() == [2, 1, 1]
    assert figures.loc["LP-A", "persen_tl_sesuai"] == 0.5
    assert figures.loc["LP-A", "nilai_temuan_terbuka_rp"] == 12_500_000.0
    assert figures.loc["LP-C", ["rekomendasi", "lewat_batas_waktu"]].tolist() == [3, 3]
    assert figures.loc["LP-B", "rekomendasi"] == 0  # counted by the finding's unit, not the penanggung jawab
    listed = open_recommendations(store.recommendations_frame(db, AUDITOR), dt.date(2025, 7, 1))
    assert list(listed["hari_lewat_batas"]) == [1, 1, 1, 1]
    assert list(listed["umur_hari"]) == [167, 150, 150, 150]
