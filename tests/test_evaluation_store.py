"""Evaluations in the store on a real DuckDB in tmp_path: start, answers and their history, evidence, states, corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import auth, config, evaluation, metrics, store, upload
from lapas_metrics.evaluation import TIDAK_BERLAKU, Answer

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
# LP-A in 2024: 35 of 100 inmates work every month, tingkat_partisipasi 0.35 -> B3.2 suggests level 3.
PARTISIPASI_CSV = (
    b"kode_upt,periode,jumlah_penghuni,napi_asimilasi,wbp_bekerja,wbp_pelatihan,wbp_bersertifikat,premi_dibayar_rp\n"
    + b"".join(f"LP-A,2024-{month:02d},100,40,35,5,2,1000000\n".encode() for month in range(1, 13))
)

KETUA = auth.Actor("ketua", "Ketua Tim", "auditor")
ANGGOTA = auth.Actor("anggota", "Anggota Tim", "auditor")
DALNIS = auth.Actor("dalnis", "Pengendali Teknis", "auditor")
DALMUTU = auth.Actor("dalmutu", "Pengendali Mutu", "auditor")
OUTSIDER = auth.Actor("lain", "Auditor lain", "auditor")
ADMIN = auth.Actor("adm", "Admin", "admin")
PIMPINAN = auth.Actor("pim", "Pimpinan", "pimpinan")
OPERATOR = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
TEAM = {"ketua": "ketua_tim", "anggota": "anggota", "dalnis": "pengendali_teknis", "dalmutu": "pengendali_mutu"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    for table, data in (("upt", UPT_CSV), ("partisipasi", PARTISIPASI_CSV)):
        result, batch = upload.import_file(path, table, data, f"{table}.csv", actor=ADMIN)
        assert batch is not None, [p.pesan for p in result.problems]
    return path


@pytest.fixture
def draft(db: Path) -> int:
    return store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA)


def rows(frame: pd.DataFrame) -> list[list[object]]:
    """A frame's rows as lists, missing values as None (pandas 3 shows a missing string as NaN)."""
    return [[None if pd.isna(value) else value for value in row] for row in frame.values.tolist()]


def finalise(db: Path, evaluasi_id: int) -> None:
    store.transition(db, evaluasi_id, "direviu", DALNIS)
    store.transition(db, evaluasi_id, "final", DALMUTU)


# ---------------------------------------------------------------- start


def test_start_keeps_unit_fiscal_year_active_version_and_team(db: Path, draft: int) -> None:
    record = store.evaluation(db, draft, KETUA)
    header = record.header
    assert (header["kode_upt"], header["periode"], header["status"]) == ("LP-A", "TA 2024", "draf")
    assert (header["periode_mulai"], header["periode_selesai"]) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert header["versi_instrumen"] == evaluation.default_instrument().versi
    assert header["mengganti"] is None and header["versi_evaluasi"] == 1 and header["dibuat_oleh"] == "ketua"
    assert dict(zip(record.tim["pengguna"], record.tim["peran_tim"], strict=True)) == TEAM
    assert rows(store.state_history(db, draft, KETUA)[["dari", "ke", "pengguna"]]) == [[None, "draf", "ketua"]]
    assert any(a == "evaluasi_mulai" for a in store.activity_log(db)["aksi"])


def test_a_date_range_is_a_period_too(db: Path) -> None:
    evaluasi_id = store.start_evaluation(db, "lp-b", (dt.date(2024, 1, 1), dt.date(2024, 6, 30)), TEAM, KETUA)
    header = store.evaluation(db, evaluasi_id, KETUA).header
    assert header["kode_upt"] == "LP-B" and header["periode"] == "1 Januari 2024 s.d. 30 Juni 2024"


@pytest.mark.parametrize(
    ("kode", "periode", "team", "words"),
    [
        ("LP-X", 2024, TEAM, "tidak ada di daftar UPT"),
        ("LP-A", "tahun lalu", TEAM, "tidak dikenal"),
        ("LP-A", ("2024-06-30", "2024-01-01"), TEAM, "sebelum dimulai"),
        ("LP-A", 2024, {"ketua": "ketua_tim", "dalnis": "pengendali_teknis"}, "tepat satu pengendali mutu"),
        ("LP-A", 2024, {**TEAM, "anggota": "juru_tulis"}, "tidak dikenal"),
    ],
)
def test_a_bad_start_is_one_indonesian_refusal_and_stores_nothing(
    db: Path, kode: str, periode: object, team: dict[str, str], words: str
) -> None:
    with pytest.raises(store.EvaluationError, match=words):
        store.start_evaluation(db, kode, periode, team, KETUA)
    assert store.list_evaluations(db, ADMIN).empty


def test_a_second_evaluation_of_the_same_unit_and_period_is_refused(db: Path, draft: int) -> None:
    with pytest.raises(store.EvaluationError, match=f"evaluasi {draft}"):
        store.start_evaluation(db, "LP-A", "TA 2024", TEAM, KETUA)


@pytest.mark.parametrize("actor", [OPERATOR, PIMPINAN])
def test_only_auditors_and_admins_start(db: Path, actor: auth.Actor) -> None:
    with pytest.raises(auth.Forbidden, match="mengerjakan evaluasi"):
        store.start_evaluation(db, "LP-A", 2024, TEAM, actor)
    assert store.start_evaluation(db, "LP-A", 2024, TEAM, ADMIN) == 1


# ---------------------------------------------------------------- answers


def test_the_suggestion_comes_from_the_units_figures_of_the_year(db: Path) -> None:
    found = store.suggestions_for(db, "LP-A", 2024)
    assert found["B3.2"] == (3, pytest.approx(0.35))
    assert store.suggestions_for(db, "LP-B", 2024).get("B3.2") is None
    assert "B3.2" not in store.suggestions_for(db, "LP-A", 2030)  # no partisipasi that year


def test_suggestions_from_the_units_own_frames_equal_those_of_all_frames(db: Path) -> None:
    assert store.metric_frames(db, "lp-a")["upt"]["kode_upt"].tolist() == ["LP-A"]
    inputs = metrics.MetricInputs.from_store(store.metric_frames(db), dt.date(2024, 12, 31), config.batas_hari_lapor())
    figures = metrics.yearly_figures(inputs, 2024)
    row = {str(k): v for k, v in figures[figures["kode_upt"] == "LP-A"].iloc[0].items()}
    expected = evaluation.suggestions(evaluation.default_instrument(), row)
    assert {kode: level for kode, (level, _) in store.suggestions_for(db, "LP-A", 2024).items()} == expected


def test_an_answer_is_stored_with_the_suggestion_and_the_cited_figure(db: Path, draft: int) -> None:
    assert store.record_answer(db, draft, "B3.2", 3, "Sesuai data.", ANGGOTA) == [
        "tingkat",
        "catatan",
        "saran",
        "angka_dikutip",
    ]
    row = store.evaluation(db, draft, KETUA).jawaban.set_index("kode").loc["B3.2"]
    assert (row["tingkat"], row["saran"], row["catatan"], row["diubah_oleh"]) == (3, 3, "Sesuai data.", "anggota")
    assert row["angka_dikutip"] == pytest.approx(0.35)
    assert store.record_answer(db, draft, "B3.2", "3", "Sesuai data.", ANGGOTA) == []  # nothing changed, nothing kept


def test_an_override_of_the_suggestion_needs_a_reason(db: Path, draft: int) -> None:
    with pytest.raises(store.EvaluationError, match="Butir B3.2.*alasan"):
        store.record_answer(db, draft, "B3.2", 1, "", ANGGOTA)
    assert store.evaluation(db, draft, KETUA).jawaban.empty
    store.record_answer(db, draft, "B3.2", 1, "", ANGGOTA, alasan="Daftar hadir tidak sesuai laporan.")
    row = store.evaluation(db, draft, KETUA).jawaban.iloc[0]
    assert (row["tingkat"], row["saran"], row["alasan"]) == (1, 3, "Daftar hadir tidak sesuai laporan.")


def test_a_section_is_saved_with_one_read_each_item_judged_on_its_own(
    db: Path, draft: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = []
    original = store.evaluation_answers.suggestions_for
    monkeypatch.setattr(
        store.evaluation_answers, "suggestions_for", lambda *a, **k: reads.append(a) or original(*a, **k)
    )
    entries = [("B1.1", 2, "SK ada.", None, None), ("B3.2", 1, "", None, None), ("B1.2", 9, "", None, None)]
    changed, problems = store.record_item_answers(db, draft, entries, ANGGOTA)
    assert len(reads) == 1  # the unit's figures are read once for the whole section
    assert list(changed) == ["B1.1"] and changed["B1.1"][:2] == ["tingkat", "catatan"]
    assert len(problems) == 2 and "B3.2" in problems[1] and "alasan" in problems[1]  # override without a reason
    assert "tingkat harus 0, 1, 2, 3, 4" in problems[0]
    assert list(store.evaluation(db, draft, KETUA).jawaban["kode"]) == ["B1.1"]


def test_a_bad_level_or_code_is_refused(db: Path, draft: int) -> None:
    with pytest.raises(store.EvaluationError, match="tingkat harus 0, 1, 2, 3, 4"):
        store.record_answer(db, draft, "B1.1", 5, "", ANGGOTA)
    with pytest.raises(store.EvaluationError, match="Butir Z9 tidak ada"):
        store.record_answer(db, draft, "Z9", 2, "", ANGGOTA)


@pytest.mark.parametrize("actor", [DALNIS, DALMUTU, OUTSIDER, ADMIN])
def test_only_the_field_team_answers(db: Path, draft: int, actor: auth.Actor) -> None:
    with pytest.raises(store.EvaluationError, match="Hanya ketua tim dan anggota"):
        store.record_answer(db, draft, "B1.1", 2, "", actor)


def test_every_answer_change_is_kept_with_old_new_who_and_when(db: Path, draft: int) -> None:
    store.record_answer(db, draft, "B1.1", 2, "SK ada.", ANGGOTA)
    store.record_answer(db, draft, "B1.1", 4, "SK dan SOP ada.", KETUA)
    history = store.answer_history(db, draft, KETUA)
    tingkat = history[history["field"] == "tingkat"]
    assert rows(tingkat[["nilai_lama", "nilai_baru", "pengguna"]]) == [[None, "2", "anggota"], ["2", "4", "ketua"]]
    catatan = history[history["field"] == "catatan"]
    assert rows(catatan[["nilai_lama", "nilai_baru"]]) == [[None, "SK ada."], ["SK ada.", "SK dan SOP ada."]]
    assert history["waktu"].notna().all() and history["urutan"].is_monotonic_increasing


def test_an_import_is_stored_whole_in_one_transaction(db: Path, draft: int) -> None:
    store.record_answer(db, draft, "B1.2", 3, "Dijawab di halaman.", ANGGOTA)
    answers = [
        Answer("B1.1", 4, "Lengkap."),
        Answer("B3.2", 3),
        Answer("B1.3", TIDAK_BERLAKU, "Tidak ada mitra."),
        Answer("B1.2"),
    ]
    assert store.record_answers(db, draft, answers, KETUA, "kke.xlsx") == 3
    jawaban = store.evaluation(db, draft, KETUA).jawaban.set_index("kode")
    assert jawaban.loc["B1.1", "tingkat"] == 4 and jawaban.loc["B1.3", "tingkat"] == TIDAK_BERLAKU
    assert jawaban.loc["B1.2", "tingkat"] == 3 and jawaban.loc["B1.2", "catatan"] == "Dijawab di halaman."  # blank kept
    assert "evaluasi_impor" in set(store.activity_log(db)["aksi"])


def test_an_import_with_one_bad_row_stores_nothing(db: Path, draft: int) -> None:
    answers = [Answer("B1.1", 4), Answer("B3.2", 0)]
    with pytest.raises(store.EvaluationError, match="1 butir") as refused:
        store.record_answers(db, draft, answers, KETUA, "kke.xlsx")
    assert len(refused.value.problems) == 1 and "B3.2" in refused.value.problems[0]
    assert store.evaluation(db, draft, KETUA).jawaban.empty
    with pytest.raises(store.EvaluationError, match="dijawab lebih dari sekali"):
        store.record_answers(db, draft, [Answer("B1.1", 4), Answer("B1.1", 3)], KETUA, "kke.xlsx")
    assert store.record_answers(db, draft, answers, KETUA, "kke.xlsx", reasons={"B3.2": "Bengkel tutup."}) == 2


# ---------------------------------------------------------------- evidence


def test_evidence_is_kept_by_sha256_beside_the_database_and_deduplicated(db: Path, draft: int) -> None:
    data = b"%PDF-1.4 SK penetapan Lapas Industri"
    sha, added = store.attach_evidence(db, draft, "B1.1", data, "C:\\dokumen\\sk.pdf", ANGGOTA)
    assert sha == hashlib.sha256(data).hexdigest() and added
    assert (store.evidence_dir(db) / sha).read_bytes() == data
    assert store.attach_evidence(db, draft, "B1.1", data, "sk.pdf", ANGGOTA) == (sha, False)
    assert store.attach_evidence(db, draft, "B1.2", data, "sk-lagi.pdf", KETUA) == (sha, True)
    bukti = store.evaluation(db, draft, KETUA).bukti
    assert bukti[["kode", "nama_file", "ukuran"]].values.tolist() == [
        ["B1.1", "sk.pdf", len(data)],
        ["B1.2", "sk-lagi.pdf", len(data)],
    ]
    assert [p.name for p in store.evidence_dir(db).iterdir()] == [sha]
    assert store.evidence_file(db, sha, DALNIS) == data


def test_evidence_too_large_or_empty_is_refused(db: Path, draft: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_MAX_UPLOAD_MB", "1")
    with pytest.raises(store.EvaluationError, match="lebih besar dari batas 1 MB"):
        store.attach_evidence(db, draft, "B1.1", b"x" * (1024 * 1024 + 1), "foto.jpg", ANGGOTA)
    with pytest.raises(store.EvaluationError, match="kosong"):
        store.attach_evidence(db, draft, "B1.1", b"", "foto.jpg", ANGGOTA)
    assert not store.evidence_dir(db).exists() or not any(store.evidence_dir(db).iterdir())


def test_evidence_refused_by_the_state_leaves_no_file(db: Path, draft: int) -> None:
    finalise(db, draft)
    with pytest.raises(store.EvaluationError, match="sudah final"):
        store.attach_evidence(db, draft, "B1.1", b"foto", "foto.jpg", ANGGOTA)
    assert not any(store.evidence_dir(db).glob("*")) if store.evidence_dir(db).exists() else True


# ---------------------------------------------------------------- states


def test_review_by_pengendali_teknis_and_final_by_pengendali_mutu(db: Path, draft: int) -> None:
    with pytest.raises(store.EvaluationError, match="Hanya pengendali teknis"):
        store.transition(db, draft, "direviu", KETUA)
    with pytest.raises(store.EvaluationError, match="Hanya pengendali teknis"):
        store.transition(db, draft, "direviu", ADMIN)  # admin holds no team role here
    store.transition(db, draft, "direviu", DALNIS, "Sudah diperiksa.")
    with pytest.raises(store.EvaluationError, match="sudah direviu"):
        store.record_answer(db, draft, "B1.1", 2, "", ANGGOTA)
    with pytest.raises(store.EvaluationError, match="Hanya pengendali mutu"):
        store.transition(db, draft, "final", DALNIS)
    store.transition(db, draft, "final", DALMUTU)
    states = store.state_history(db, draft, KETUA)
    assert rows(states[["dari", "ke", "pengguna", "peran_tim"]]) == [
        [None, "draf", "ketua", "ketua_tim"],
        ["draf", "direviu", "dalnis", "pengendali_teknis"],
        ["direviu", "final", "dalmutu", "pengendali_mutu"],
    ]
    assert states["catatan"].tolist()[1] == "Sudah diperiksa."


def test_a_final_evaluation_refuses_edits_imports_and_moves(db: Path, draft: int) -> None:
    store.record_answer(db, draft, "B1.1", 2, "", ANGGOTA)
    finalise(db, draft)
    with pytest.raises(store.EvaluationError, match="sudah final"):
        store.record_answer(db, draft, "B1.1", 3, "", ANGGOTA)
    with pytest.raises(store.EvaluationError, match="sudah final"):
        store.record_answers(db, draft, [Answer("B1.1", 4)], KETUA, "kke.xlsx")
    with pytest.raises(store.EvaluationError, match="sudah final"):
        store.transition(db, draft, "draf", DALNIS)
    assert store.evaluation(db, draft, KETUA).jawaban["tingkat"].tolist() == [2]


def test_a_correction_is_a_new_draft_version_pointing_to_the_final_one(db: Path, draft: int) -> None:
    store.record_answer(db, draft, "B1.1", 2, "SK ada.", ANGGOTA)
    store.attach_evidence(db, draft, "B1.1", b"sk", "sk.pdf", ANGGOTA)
    with pytest.raises(store.EvaluationError, match="masih dapat diubah"):
        store.start_correction(db, draft, KETUA)
    finalise(db, draft)
    with pytest.raises(store.EvaluationError, match="Hanya anggota tim"):
        store.start_correction(db, draft, OUTSIDER)
    correction = store.start_correction(db, draft, KETUA)
    record = store.evaluation(db, correction, KETUA)
    assert (record.status, record.header["mengganti"], record.header["versi_evaluasi"]) == ("draf", draft, 2)
    assert record.jawaban[["kode", "tingkat", "catatan"]].values.tolist() == [["B1.1", 2, "SK ada."]]
    assert record.bukti["nama_file"].tolist() == ["sk.pdf"]
    assert store.answer_history(db, correction, KETUA)["nilai_baru"].tolist() == ["SK ada.", "2"]
    store.record_answer(db, correction, "B1.1", 4, "SK ada.", ANGGOTA)
    assert store.evaluation(db, draft, KETUA).jawaban["tingkat"].tolist() == [2]  # the final one is untouched
    with pytest.raises(store.EvaluationError, match=f"sudah dikoreksi oleh versi {correction}"):
        store.start_correction(db, draft, KETUA)
    listed = store.list_evaluations(db, KETUA).set_index("evaluasi_id")
    assert listed.loc[draft, "diganti_oleh"] == correction and not listed.loc[draft, "terkini"]
    assert store.evaluation_for(db, "LP-A", 2024, KETUA) == correction


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("actor", [PIMPINAN, OPERATOR])
def test_pimpinan_and_operator_see_only_final_evaluations(db: Path, draft: int, actor: auth.Actor) -> None:
    other = store.start_evaluation(db, "LP-B", 2024, TEAM, KETUA)
    sha, _ = store.attach_evidence(db, other, "B1.1", b"foto draf", "foto.jpg", ANGGOTA)
    finalise(db, draft)
    assert store.list_evaluations(db, actor)["evaluasi_id"].tolist() == [draft]
    assert store.evaluation_scores(db, actor)["evaluasi_id"].tolist() == [draft]
    assert store.list_evaluations(db, KETUA)["evaluasi_id"].tolist() == [draft, other]
    with pytest.raises(auth.Forbidden, match="hanya dapat melihat evaluasi final"):
        store.evaluation(db, other, actor)
    with pytest.raises(auth.Forbidden):
        store.answer_history(db, other, actor)
    with pytest.raises(auth.Forbidden):
        store.evidence_file(db, sha, actor)
    assert store.evaluation_for(db, "LP-B", 2024, actor) is None
    latest = store.latest_final(db, "LP-A", actor)
    assert latest is not None and latest.evaluasi_id == draft
    assert store.latest_final(db, "LP-B", actor) is None


def test_evidence_file_of_an_unknown_hash_is_refused(db: Path) -> None:
    with pytest.raises(store.EvaluationError, match="tidak tercatat"):
        store.evidence_file(db, "0" * 64, ADMIN)


def test_start_with_mengganti_needs_a_final_evaluation_of_the_same_unit_and_period(db: Path, draft: int) -> None:
    with pytest.raises(store.EvaluationError, match="Hanya evaluasi final"):
        store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA, mengganti=draft)
    finalise(db, draft)
    with pytest.raises(store.EvaluationError, match="UPT dan periode yang sama"):
        store.start_evaluation(db, "LP-A", 2023, TEAM, KETUA, mengganti=draft)
    new = store.start_evaluation(db, "LP-A", 2024, TEAM, KETUA, mengganti=draft)
    header = store.evaluation(db, new, KETUA).header
    assert (header["mengganti"], header["versi_evaluasi"], header["status"]) == (draft, 2, "draf")
