"""Findings in the store on a real DuckDB in tmp_path: recording (one, an import), edits, withdrawal, recommendations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from lapas_metrics import auth, store, upload
from lapas_metrics.evaluation import FindingError, NewFinding, NewRecommendation

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
    b"LP-C,Lapas Kelas I C,Lapas,I,Jawa Timur,Kota Malang,300,ya\n"
)
ADMIN = auth.Actor("adm", "Admin", "admin")
AUDITOR = auth.Actor("aud", "Auditor", "auditor")
PIMPINAN = auth.Actor("pim", "Pimpinan", "pimpinan")
OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
DEADLINE = dt.date(2025, 6, 30)
REC = NewRecommendation("1", "Setorkan PNBP yang tertunda ke kas negara.", DEADLINE)
FINDING = NewFinding(
    "T-2025-LPA-01",
    "lp-a",
    "PNBP Rp 12.500.000 belum disetor.",
    "PMK tentang PNBP.",
    (REC, NewRecommendation("2", "Tegur bendahara.", DEADLINE, penanggung_jawab="LP-B")),
    judul="PNBP terlambat",
    nilai_temuan_rp=Decimal("12500000"),
    tanggal_temuan=dt.date(2025, 1, 15),
)
TABLES = ("temuan", "rekomendasi", "tindak_lanjut", "bukti_tindak_lanjut", "penilaian_tindak_lanjut", "temuan_riwayat")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return new_db(tmp_path)


def new_db(tmp_path: Path) -> Path:
    """A database in tmp_path with the three units of UPT_CSV."""
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    result, batch = upload.import_file(path, "upt", UPT_CSV, "upt.csv", actor=ADMIN)
    assert batch is not None, [p.pesan for p in result.problems]
    return path


def query(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with store.reading(db) as con:
        return con.execute(sql, params or []).fetchall()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: query(db, f"SELECT * FROM {table} ORDER BY ALL") for table in TABLES}


def actions(db: Path) -> list[str]:
    return list(store.activity_log(db)["aksi"])


def test_a_finding_is_stored_with_its_recommendations_and_their_first_status(db: Path) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    [row] = query(
        db, "SELECT nomor_temuan, kode_upt, nilai_temuan_rp, tanggal_temuan, sumber, status, dibuat_oleh FROM temuan"
    )
    assert row == ("T-2025-LPA-01", "LP-A", Decimal("12500000.00"), dt.date(2025, 1, 15), "manual", "aktif", "aud")
    recs = query(
        db, "SELECT temuan_id, nomor_rekomendasi, penanggung_jawab, batas_waktu, status FROM rekomendasi ORDER BY 2"
    )
    assert recs == [
        (temuan_id, "1", "LP-A", DEADLINE, "belum_ditindaklanjuti"),  # "" = the finding's unit
        (temuan_id, "2", "LP-B", DEADLINE, "belum_ditindaklanjuti"),
    ]
    firsts = query(db, "SELECT status_lama, status_baru, pengguna FROM penilaian_tindak_lanjut")
    assert firsts == [(None, "belum_ditindaklanjuti", "aud")] * 2
    assert "temuan_catat" in actions(db)


def test_an_import_keeps_its_statuses_with_the_import_note(db: Path) -> None:
    recs = (dataclasses.replace(REC, status="sesuai"), dataclasses.replace(REC, nomor="2", catatan_status="Lunas."))
    imported = dataclasses.replace(FINDING, sumber="impor", rekomendasi=recs)
    store.record_findings(db, [imported], ADMIN)
    got = query(db, "SELECT status_lama, status_baru, catatan FROM penilaian_tindak_lanjut ORDER BY rekomendasi_id")
    assert got == [(None, "sesuai", "Status dari impor matriks"), (None, "belum_ditindaklanjuti", "Lunas.")]


def test_a_finding_without_a_date_is_dated_today(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lapas_metrics.clock.today", lambda: dt.date(2026, 3, 4))
    store.record_finding(db, dataclasses.replace(FINDING, tanggal_temuan=None), AUDITOR)
    assert query(db, "SELECT tanggal_temuan FROM temuan") == [(dt.date(2026, 3, 4),)]


def test_an_import_is_all_or_nothing_and_names_every_problem(db: Path) -> None:
    good = dataclasses.replace(FINDING, nomor_temuan="T-1")
    unknown_unit = dataclasses.replace(FINDING, nomor_temuan="T-2", kode_upt="LP-X")
    unknown_responsible = dataclasses.replace(
        FINDING, nomor_temuan="T-3", rekomendasi=(dataclasses.replace(REC, penanggung_jawab="LP-Y"),)
    )
    no_kondisi = dataclasses.replace(FINDING, nomor_temuan="T-4", kondisi=" ")
    with pytest.raises(FindingError) as refused:
        store.record_findings(db, [good, unknown_unit, unknown_responsible, no_kondisi], ADMIN)
    problems = refused.value.problems
    assert len(problems) == 3 and "3 masalah" in str(refused.value)
    assert any("kode UPT LP-X tidak ada di daftar UPT" in p for p in problems)
    assert any("penanggung jawab LP-Y tidak ada di daftar UPT" in p for p in problems)
    assert any("kondisi wajib diisi" in p for p in problems)
    assert snapshot(db) == {table: [] for table in TABLES}


def test_a_nomor_temuan_already_recorded_or_twice_in_the_batch_is_refused(db: Path) -> None:
    store.record_finding(db, FINDING, AUDITOR)
    before = snapshot(db)
    with pytest.raises(FindingError, match="sudah tercatat"):
        store.record_finding(db, dataclasses.replace(FINDING, nomor_temuan="t-2025-lpa-01"), AUDITOR)
    twice = [dataclasses.replace(FINDING, nomor_temuan=n) for n in ("T-9", "t-9")]
    with pytest.raises(FindingError, match="T-9 tertulis 2 kali"):
        store.record_findings(db, twice, AUDITOR)
    assert snapshot(db) == before


def test_a_butir_finding_needs_an_evaluation_of_that_unit_and_an_item_of_its_instrument(db: Path) -> None:
    team = {"aud": "ketua_tim", "dalnis": "pengendali_teknis", "dalmutu": "pengendali_mutu"}
    evaluasi_id = store.start_evaluation(db, "LP-A", 2024, team, AUDITOR)
    item = dataclasses.replace(FINDING, sumber="butir", evaluasi_id=evaluasi_id, kode_butir="B9.9")
    with pytest.raises(FindingError, match="butir B9.9 tidak ada dalam instrumen"):
        store.record_finding(db, item, AUDITOR)
    with pytest.raises(FindingError, match="evaluasi 999 tidak ada"):
        store.record_finding(db, dataclasses.replace(item, evaluasi_id=999), AUDITOR)
    with pytest.raises(FindingError, match="bukan LP-B"):
        store.record_finding(db, dataclasses.replace(item, kode_upt="LP-B", kode_butir="B1.1"), AUDITOR)
    store.record_finding(db, dataclasses.replace(item, kode_butir="B1.1"), AUDITOR)
    assert query(db, "SELECT sumber, evaluasi_id, kode_butir FROM temuan") == [("butir", evaluasi_id, "B1.1")]


@pytest.mark.parametrize("actor", [OPERATOR_A, PIMPINAN])
def test_only_auditor_and_admin_record_findings(db: Path, actor: auth.Actor) -> None:
    with pytest.raises(auth.Forbidden, match="tidak berwenang mencatat atau mengubah temuan"):
        store.record_finding(db, FINDING, actor)
    assert snapshot(db) == {table: [] for table in TABLES}


def test_an_edit_keeps_who_when_old_new_and_why(db: Path) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    changes = {"kondisi": "PNBP Rp 10.000.000 belum disetor.", "nilai_temuan_rp": 10_000_000, "judul": "PNBP terlambat"}
    assert store.edit_finding(db, temuan_id, changes, ADMIN, alasan="Angka dikoreksi") == 2  # judul unchanged
    assert query(db, "SELECT kondisi, nilai_temuan_rp FROM temuan") == [
        ("PNBP Rp 10.000.000 belum disetor.", Decimal("10000000.00"))
    ]
    history = query(
        db,
        "SELECT field, nilai_lama, nilai_baru, alasan, pengguna, waktu IS NOT NULL FROM temuan_riwayat ORDER BY urutan",
    )
    assert history == [
        (
            "kondisi",
            "PNBP Rp 12.500.000 belum disetor.",
            "PNBP Rp 10.000.000 belum disetor.",
            "Angka dikoreksi",
            "adm",
            True,
        ),
        ("nilai_temuan_rp", "12500000.00", "10000000.00", "Angka dikoreksi", "adm", True),
    ]
    assert store.edit_finding(db, temuan_id, {"judul": "PNBP terlambat"}, ADMIN) == 0
    assert "temuan_ubah" in actions(db)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"kondisi": ""}, "Kondisi tidak boleh dikosongkan"),
        ({"kriteria": "  "}, "Kriteria tidak boleh dikosongkan"),
        ({"nomor_temuan": "T-X"}, "tidak dapat diubah"),
        ({"nilai_temuan_rp": -1}, "tidak boleh negatif"),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(db: Path, changes: dict[str, object], words: str) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    before = snapshot(db)
    with pytest.raises(FindingError, match=words):
        store.edit_finding(db, temuan_id, changes, AUDITOR)
    assert snapshot(db) == before


@pytest.mark.parametrize("actor", [OPERATOR_A, PIMPINAN])
def test_an_operator_or_pimpinan_cannot_edit_withdraw_or_add(db: Path, actor: auth.Actor) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    [(rekomendasi_id,)] = query(db, "SELECT min(rekomendasi_id) FROM rekomendasi")
    before = snapshot(db)
    for write in (
        lambda: store.edit_finding(db, temuan_id, {"judul": "x"}, actor),
        lambda: store.withdraw_finding(db, temuan_id, "salah", actor),
        lambda: store.add_recommendation(db, temuan_id, dataclasses.replace(REC, nomor="3"), actor),
        lambda: store.edit_recommendation(db, rekomendasi_id, {"rekomendasi": "x"}, actor),
    ):
        with pytest.raises(auth.Forbidden):
            write()
    assert snapshot(db) == before


def test_a_withdrawn_finding_keeps_its_row_and_reason_and_is_not_edited(db: Path) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    with pytest.raises(FindingError, match="Alasan penarikan temuan wajib diisi"):
        store.withdraw_finding(db, temuan_id, "  ", AUDITOR)
    store.withdraw_finding(db, temuan_id, "Temuan ganda dengan T-2025-LPA-02", AUDITOR)
    [row] = query(db, "SELECT status, alasan_ditarik, ditarik_oleh, waktu_ditarik IS NOT NULL, kondisi FROM temuan")
    assert row == ("ditarik", "Temuan ganda dengan T-2025-LPA-02", "aud", True, "PNBP Rp 12.500.000 belum disetor.")
    assert query(db, "SELECT count(*) FROM rekomendasi") == [(2,)]
    assert query(db, "SELECT field, nilai_lama, nilai_baru, alasan FROM temuan_riwayat") == [
        ("status", "aktif", "ditarik", "Temuan ganda dengan T-2025-LPA-02")
    ]
    before = snapshot(db)
    with pytest.raises(FindingError, match="sudah ditarik"):
        store.edit_finding(db, temuan_id, {"judul": "baru"}, AUDITOR)
    with pytest.raises(FindingError, match="sudah ditarik"):
        store.withdraw_finding(db, temuan_id, "lagi", AUDITOR)
    with pytest.raises(FindingError, match="sudah ditarik"):
        store.add_recommendation(db, temuan_id, dataclasses.replace(REC, nomor="3"), AUDITOR)
    assert snapshot(db) == before
    assert "temuan_tarik" in actions(db)


def test_a_recommendation_is_added_with_a_new_number_and_a_known_responsible_unit(db: Path) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    before = snapshot(db)
    with pytest.raises(FindingError, match="sudah ada"):
        store.add_recommendation(db, temuan_id, REC, AUDITOR)
    with pytest.raises(FindingError, match="Penanggung jawab LP-Z tidak ada"):
        store.add_recommendation(db, temuan_id, dataclasses.replace(REC, nomor="3", penanggung_jawab="LP-Z"), AUDITOR)
    with pytest.raises(FindingError, match="statusnya dinilai auditor"):
        store.add_recommendation(db, temuan_id, dataclasses.replace(REC, nomor="3", status="sesuai"), AUDITOR)
    with pytest.raises(FindingError, match="Temuan 99 tidak ada"):
        store.add_recommendation(db, 99, dataclasses.replace(REC, nomor="3"), AUDITOR)
    assert snapshot(db) == before
    new_id = store.add_recommendation(
        db, temuan_id, dataclasses.replace(REC, nomor="3", penanggung_jawab="lp-c"), AUDITOR
    )
    assert query(
        db, "SELECT nomor_rekomendasi, penanggung_jawab, status FROM rekomendasi WHERE rekomendasi_id = ?", [new_id]
    ) == [("3", "LP-C", "belum_ditindaklanjuti")]
    assert query(db, "SELECT rekomendasi_id, field, nilai_baru FROM temuan_riwayat") == [
        (new_id, "tambah_rekomendasi", "3")
    ]
    assert "rekomendasi_tambah" in actions(db)


def test_a_recommendation_edit_keeps_its_history(db: Path) -> None:
    store.record_finding(db, FINDING, AUDITOR)
    [(rekomendasi_id,)] = query(db, "SELECT min(rekomendasi_id) FROM rekomendasi")
    changes = {"batas_waktu": dt.date(2025, 9, 30), "penanggung_jawab": "lp-c"}
    assert store.edit_recommendation(db, rekomendasi_id, changes, AUDITOR, alasan="Diperpanjang") == 2
    assert query(db, "SELECT field, nilai_lama, nilai_baru, alasan FROM temuan_riwayat ORDER BY urutan") == [
        ("batas_waktu", "2025-06-30", "2025-09-30", "Diperpanjang"),
        ("penanggung_jawab", "LP-A", "LP-C", "Diperpanjang"),
    ]
    before = snapshot(db)
    with pytest.raises(FindingError, match="Penanggung jawab LP-Q tidak ada"):
        store.edit_recommendation(db, rekomendasi_id, {"penanggung_jawab": "LP-Q"}, AUDITOR)
    with pytest.raises(FindingError, match="Kolom status tidak dapat diubah"):
        store.edit_recommendation(db, rekomendasi_id, {"status": "sesuai"}, AUDITOR)
    with pytest.raises(FindingError, match="Rekomendasi 999 tidak ada"):
        store.edit_recommendation(db, 999, {"rekomendasi": "x"}, AUDITOR)
    assert snapshot(db) == before
    assert "rekomendasi_ubah" in actions(db)


def test_a_date_edit_keeps_the_day_and_the_same_day_again_changes_nothing(db: Path) -> None:
    temuan_id = store.record_finding(db, FINDING, AUDITOR)
    assert store.edit_finding(db, temuan_id, {"tanggal_temuan": dt.datetime(2025, 1, 20, 9, 30)}, AUDITOR) == 1
    assert store.edit_finding(db, temuan_id, {"tanggal_temuan": dt.date(2025, 1, 20)}, AUDITOR) == 0
    assert query(db, "SELECT tanggal_temuan FROM temuan") == [(dt.date(2025, 1, 20),)]
    assert query(db, "SELECT field, nilai_lama, nilai_baru FROM temuan_riwayat") == [
        ("tanggal_temuan", "2025-01-15", "2025-01-20")
    ]
