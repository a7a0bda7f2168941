"""The follow-up in the store on a real DuckDB in tmp_path: plans and what was done (with evidence), judgements, scope."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from lapas_metrics import auth, store
from lapas_metrics.evaluation import FindingError
from tests.test_findings_store import ADMIN, AUDITOR, FINDING, PIMPINAN, actions, new_db, query, snapshot

OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
OPERATOR_B = auth.Actor("opb", "Operator B", "operator", ("LP-B",))
OPERATOR_C = auth.Actor("opc", "Operator C", "operator", ("LP-C",))
PLAN = [("Menyetor PNBP tertunda", dt.date(2025, 3, 1)), ("Menegur bendahara", dt.date(2025, 3, 15))]
PDF = b"%PDF-1.4 bukti setor"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return new_db(tmp_path)


@pytest.fixture
def recs(db: Path) -> dict[str, int]:
    """The finding of LP-A with recommendation 1 (LP-A answers) and 2 (LP-B is responsible): nomor -> id."""
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    rows = query(db, "SELECT nomor_rekomendasi, rekomendasi_id FROM rekomendasi WHERE temuan_id = ?", [temuan_id])
    return dict(rows)


def status(db: Path, rekomendasi_id: int) -> str:
    return query(db, "SELECT status FROM rekomendasi WHERE rekomendasi_id = ?", [rekomendasi_id])[0][0]


def test_the_unit_submits_a_plan_and_the_status_does_not_move(db: Path, recs: dict[str, int]) -> None:
    ids = store.submit_plan(db, recs["1"], PLAN, OPERATOR_A)
    assert len(ids) == 2
    got = query(db, "SELECT tindak_lanjut_id, jenis, uraian, tanggal, pengguna FROM tindak_lanjut ORDER BY 1")
    assert got == [
        (ids[0], "rencana", "Menyetor PNBP tertunda", dt.date(2025, 3, 1), "opa"),
        (ids[1], "rencana", "Menegur bendahara", dt.date(2025, 3, 15), "opa"),
    ]
    assert status(db, recs["1"]) == "belum_ditindaklanjuti"
    assert "tl_rencana" in actions(db)


def test_the_responsible_unit_answers_another_units_finding_and_a_third_one_cannot(
    db: Path,
    recs: dict[str, int],
) -> None:
    store.submit_plan(db, recs["2"], PLAN[:1], OPERATOR_B)  # LP-B is the penanggung jawab of recommendation 2
    before = snapshot(db)
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.submit_plan(db, recs["1"], PLAN, OPERATOR_B)
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.report_done(db, recs["2"], "Sudah", dt.date(2025, 1, 20), [("a.pdf", PDF)], OPERATOR_C)
    assert snapshot(db) == before


@pytest.mark.parametrize("actor", [AUDITOR, PIMPINAN])
def test_only_the_unit_and_admin_answer(db: Path, recs: dict[str, int], actor: auth.Actor) -> None:
    with pytest.raises(auth.Forbidden, match="tidak berwenang menjawab rekomendasi"):
        store.submit_plan(db, recs["1"], PLAN, actor)
    with pytest.raises(auth.Forbidden, match="tidak berwenang menjawab rekomendasi"):
        store.report_done(db, recs["1"], "Sudah", dt.date(2025, 1, 20), [], actor)
    store.submit_plan(db, recs["1"], PLAN[:1], ADMIN)
    assert query(db, "SELECT pengguna FROM tindak_lanjut") == [("adm",)]


@pytest.mark.parametrize(
    ("plan", "words"),
    [([], "setidaknya satu aksi"), ([(" ", dt.date(2025, 3, 1))], "wajib diberi uraian"), ([("x", None)], "tanggal")],
)
def test_a_bad_plan_is_refused(db: Path, recs: dict[str, int], plan: list, words: str) -> None:
    before = snapshot(db)
    with pytest.raises(FindingError, match=words):
        store.submit_plan(db, recs["1"], plan, OPERATOR_A)
    assert snapshot(db) == before


def test_what_was_done_keeps_its_evidence_by_sha256_readable_within_scope(db: Path, recs: dict[str, int]) -> None:
    files = [("C:\\scan\\setor.pdf", PDF), ("foto.jpg", b"\xff\xd8 foto"), ("salinan.pdf", PDF)]
    tindak_lanjut_id = store.report_done(db, recs["1"], "PNBP disetor", dt.date(2025, 2, 1), files, OPERATOR_A)
    sha = hashlib.sha256(PDF).hexdigest()
    kept = query(
        db, "SELECT tindak_lanjut_id, sha256, nama_file, ukuran, pengguna FROM bukti_tindak_lanjut ORDER BY nama_file"
    )
    assert kept == [
        (tindak_lanjut_id, hashlib.sha256(b"\xff\xd8 foto").hexdigest(), "foto.jpg", 7, "opa"),
        (tindak_lanjut_id, sha, "setor.pdf", len(PDF), "opa"),  # the same bytes once, under the first name
    ]
    assert (store.evidence_dir(db) / sha).read_bytes() == PDF
    assert query(db, "SELECT jenis, uraian, tanggal FROM tindak_lanjut") == [
        ("pelaksanaan", "PNBP disetor", dt.date(2025, 2, 1))
    ]
    for reader in (OPERATOR_A, AUDITOR, PIMPINAN, ADMIN):
        assert store.followup_file(db, sha, reader) == PDF
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.followup_file(db, sha, OPERATOR_C)
    with pytest.raises(FindingError, match="tidak tercatat"):
        store.followup_file(db, "0" * 64, AUDITOR)
    assert status(db, recs["1"]) == "belum_ditindaklanjuti"
    assert "tl_pelaksanaan" in actions(db)


def test_empty_too_large_or_future_evidence_is_refused_and_nothing_kept(
    db: Path,
    recs: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAPAS_MAX_UPLOAD_MB", "0.001")  # 1,048 bytes
    before = snapshot(db)
    with pytest.raises(FindingError, match="kosong"):
        store.report_done(db, recs["1"], "x", dt.date(2025, 2, 1), [("a.pdf", PDF), ("b.pdf", b"")], OPERATOR_A)
    with pytest.raises(FindingError, match="lebih besar dari batas"):
        store.report_done(db, recs["1"], "x", dt.date(2025, 2, 1), [("besar.pdf", b"x" * 2000)], OPERATOR_A)
    with pytest.raises(FindingError, match="setelah hari ini"):
        store.report_done(db, recs["1"], "x", dt.date.today() + dt.timedelta(days=2), [], OPERATOR_A)
    with pytest.raises(FindingError, match="Uraian pelaksanaan"):
        store.report_done(db, recs["1"], " ", dt.date(2025, 2, 1), [], OPERATOR_A)
    assert snapshot(db) == before
    assert not store.evidence_dir(db).exists() or not any(store.evidence_dir(db).iterdir())


def test_the_auditor_judges_closing_needs_a_note_and_every_move_is_kept(db: Path, recs: dict[str, int]) -> None:
    rekomendasi_id = recs["1"]
    before = snapshot(db)
    with pytest.raises(FindingError, match="wajib disertai catatan"):
        store.judge(db, rekomendasi_id, "sesuai", " ", AUDITOR)
    with pytest.raises(FindingError, match="sudah Belum ditindaklanjuti"):
        store.judge(db, rekomendasi_id, "belum_ditindaklanjuti", "", AUDITOR)
    with pytest.raises(FindingError, match="tidak dikenal"):
        store.judge(db, rekomendasi_id, "selesai", "x", AUDITOR)
    assert snapshot(db) == before
    store.judge(db, rekomendasi_id, "Belum sesuai", "", AUDITOR)
    store.judge(db, rekomendasi_id, "sesuai", "Bukti setor lengkap.", AUDITOR)
    store.judge(db, rekomendasi_id, "belum_sesuai", "Setoran ternyata kurang.", ADMIN)  # a reopen
    moves = query(
        db,
        "SELECT status_lama, status_baru, catatan, pengguna FROM penilaian_tindak_lanjut WHERE rekomendasi_id = ? ORDER BY urutan",
        [rekomendasi_id],
    )
    assert moves == [
        (None, "belum_ditindaklanjuti", None, "aud"),
        ("belum_ditindaklanjuti", "belum_sesuai", None, "aud"),
        ("belum_sesuai", "sesuai", "Bukti setor lengkap.", "aud"),
        ("sesuai", "belum_sesuai", "Setoran ternyata kurang.", "adm"),
    ]
    assert status(db, rekomendasi_id) == "belum_sesuai"
    assert "tl_nilai" in actions(db)


@pytest.mark.parametrize("actor", [OPERATOR_A, PIMPINAN])
def test_an_operator_or_pimpinan_cannot_judge(db: Path, recs: dict[str, int], actor: auth.Actor) -> None:
    before = snapshot(db)
    with pytest.raises(auth.Forbidden, match="tidak berwenang menilai tindak lanjut"):
        store.judge(db, recs["1"], "sesuai", "Beres.", actor)
    assert snapshot(db) == before


def test_a_closed_recommendation_or_a_withdrawn_finding_is_not_answered(db: Path, recs: dict[str, int]) -> None:
    store.judge(db, recs["1"], "tidak_dapat_ditindaklanjuti", "Bendahara sudah wafat.", AUDITOR)
    before = snapshot(db)
    with pytest.raises(FindingError, match="sudah ditutup"):
        store.submit_plan(db, recs["1"], PLAN, OPERATOR_A)
    with pytest.raises(FindingError, match="sudah ditutup"):
        store.report_done(db, recs["1"], "x", dt.date(2025, 2, 1), [("a.pdf", PDF)], OPERATOR_A)
    assert snapshot(db) == before
    [(temuan_id,)] = query(db, "SELECT temuan_id FROM temuan")
    store.withdraw_finding(db, temuan_id, "Salah UPT", AUDITOR)
    before = snapshot(db)
    with pytest.raises(FindingError, match="sudah ditarik"):
        store.submit_plan(db, recs["2"], PLAN, OPERATOR_B)
    with pytest.raises(FindingError, match="sudah ditarik"):
        store.judge(db, recs["2"], "sesuai", "x", AUDITOR)
    assert snapshot(db) == before


def test_every_write_is_in_the_activity_log(db: Path, recs: dict[str, int]) -> None:
    store.submit_plan(db, recs["1"], PLAN, OPERATOR_A)
    store.report_done(db, recs["1"], "Disetor", dt.date(2025, 2, 1), [("a.pdf", PDF)], OPERATOR_A)
    store.judge(db, recs["1"], "sesuai", "Lengkap.", AUDITOR)
    [(temuan_id,)] = query(db, "SELECT temuan_id FROM temuan")
    store.edit_finding(db, temuan_id, {"sebab": "Lalai"}, AUDITOR)
    store.add_recommendation(db, temuan_id, dataclasses.replace(FINDING.rekomendasi[0], nomor="3"), AUDITOR)
    store.edit_recommendation(db, recs["2"], {"rekomendasi": "Tegur tertulis."}, AUDITOR)
    store.withdraw_finding(db, temuan_id, "Ganda", AUDITOR)
    expected = {"temuan_catat", "tl_rencana", "tl_pelaksanaan", "tl_nilai", "temuan_ubah", "rekomendasi_tambah"}
    assert expected | {"rekomendasi_ubah", "temuan_tarik"} <= set(actions(db))
    log = store.activity_log(db)
    assert set(log.loc[log["aksi"] == "tl_rencana", "pengguna"]) == {"opa"}
