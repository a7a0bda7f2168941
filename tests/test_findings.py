"""The pure rules of findings (evaluation.findings): statuses, the checks of a new finding, edits and judgements."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from lapas_metrics.evaluation import (
    CLOSING,
    FINDING_FIELDS,
    RECOMMENDATION_FIELDS,
    TL_LABELS,
    TL_STATUSES,
    FindingError,
    NewFinding,
    NewRecommendation,
    edit_problems,
    finding_problems,
    judgement_problem,
    parse_status,
)

REC = NewRecommendation("1", "Setorkan PNBP ke kas negara.", dt.date(2025, 3, 31))
FINDING = NewFinding("T-2025-LPA-01", "LP-A", "PNBP belum disetor.", "PMK 2024.", (REC,))


def test_the_four_statuses_their_labels_and_the_closing_ones() -> None:
    assert TL_STATUSES == ("belum_ditindaklanjuti", "belum_sesuai", "sesuai", "tidak_dapat_ditindaklanjuti")
    assert [TL_LABELS[code] for code in TL_STATUSES] == [
        "Belum ditindaklanjuti",
        "Belum sesuai",
        "Sesuai",
        "Tidak dapat ditindaklanjuti",
    ]
    assert CLOSING == {"sesuai", "tidak_dapat_ditindaklanjuti"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sesuai", "sesuai"),
        ("Belum sesuai", "belum_sesuai"),
        ("  BELUM_DITINDAKLANJUTI ", "belum_ditindaklanjuti"),
        ("Tidak  dapat ditindaklanjuti", "tidak_dapat_ditindaklanjuti"),
    ],
)
def test_parse_status_reads_codes_and_labels(text: str, code: str) -> None:
    assert parse_status(text) == code


@pytest.mark.parametrize("text", ["selesai", "", None, "sesuai!"])
def test_parse_status_refuses_anything_else_in_indonesian(text: object) -> None:
    with pytest.raises(FindingError, match="tidak dikenal"):
        parse_status(text)


def test_a_complete_finding_has_no_problems() -> None:
    assert finding_problems(FINDING) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"nomor_temuan": "T"}, "Nomor temuan 'T' tidak sah"),
        ({"nomor_temuan": "T 01"}, "Nomor temuan 'T 01' tidak sah"),
        ({"nomor_temuan": "T" * 65}, "tidak sah"),
        ({"kondisi": "  "}, "kondisi wajib diisi"),
        ({"kriteria": ""}, "kriteria wajib diisi"),
        ({"kode_upt": ""}, "kode UPT wajib diisi"),
        ({"rekomendasi": ()}, "setidaknya satu rekomendasi"),
        ({"nilai_temuan_rp": Decimal("-1")}, "tidak boleh negatif"),
        ({"sumber": "bendera"}, "bendera wajib menyebut benderanya dan tahunnya"),
        ({"sumber": "bendera", "flag": "pnbp_rendah"}, "bendera wajib menyebut"),
        ({"sumber": "butir", "evaluasi_id": 3}, "butir evaluasi wajib menyebut evaluasi dan kode butirnya"),
        ({"sumber": "lain"}, "sumber 'lain' tidak dikenal"),
        ({"rekomendasi": (REC, dataclasses.replace(REC, rekomendasi="Lain."))}, "nomor rekomendasi 1 tertulis dua"),
        ({"rekomendasi": (dataclasses.replace(REC, rekomendasi=" "),)}, "teks rekomendasi wajib diisi"),
        ({"rekomendasi": (dataclasses.replace(REC, nomor=""),)}, "nomor rekomendasi wajib diisi"),
        ({"rekomendasi": (dataclasses.replace(REC, status="sesuai"),)}, "statusnya dinilai auditor"),
    ],
)
def test_finding_problems_name_what_is_wrong(changes: dict[str, object], words: str) -> None:
    problems = finding_problems(dataclasses.replace(FINDING, **changes))  # type: ignore[arg-type]
    assert any(words in problem for problem in problems), problems


def test_recommendation_numbers_are_unique_whatever_their_case() -> None:
    recs = (dataclasses.replace(REC, nomor="1a"), dataclasses.replace(REC, nomor="1A"))
    assert any("tertulis dua kali" in p for p in finding_problems(dataclasses.replace(FINDING, rekomendasi=recs)))


def test_an_imported_recommendation_may_carry_its_status() -> None:
    imported = dataclasses.replace(FINDING, sumber="impor", rekomendasi=(dataclasses.replace(REC, status="sesuai"),))
    assert finding_problems(imported) == []


def test_sources_with_their_references_pass() -> None:
    flagged = dataclasses.replace(FINDING, sumber="bendera", flag="pnbp_rendah", tahun_flag=2024)
    item = dataclasses.replace(FINDING, sumber="butir", evaluasi_id=1, kode_butir="B2.3")
    assert finding_problems(flagged) == [] and finding_problems(item) == []


def test_a_finding_error_keeps_its_problems() -> None:
    error = FindingError("Dua masalah.", ["satu", "dua"])
    assert error.problems == ["satu", "dua"] and str(error) == "Dua masalah."
    assert FindingError("Satu.").problems == ["Satu."] and isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("changes", "fields", "words"),
    [
        ({"kondisi": " "}, FINDING_FIELDS, "Kondisi tidak boleh dikosongkan"),
        ({"kriteria": ""}, FINDING_FIELDS, "Kriteria tidak boleh dikosongkan"),
        ({"nomor_temuan": "X-1"}, FINDING_FIELDS, "Kolom nomor_temuan tidak dapat diubah"),
        ({"nilai_temuan_rp": -5}, FINDING_FIELDS, "tidak boleh negatif"),
        ({"tanggal_temuan": "kemarin"}, FINDING_FIELDS, "Tanggal temuan wajib berupa tanggal"),
        ({"rekomendasi": ""}, RECOMMENDATION_FIELDS, "Teks rekomendasi tidak boleh dikosongkan"),
        ({"batas_waktu": None}, RECOMMENDATION_FIELDS, "Batas waktu wajib berupa tanggal"),
        ({"status": "sesuai"}, RECOMMENDATION_FIELDS, "Kolom status tidak dapat diubah"),
    ],
)
def test_edit_problems(changes: dict[str, object], fields: tuple[str, ...], words: str) -> None:
    assert any(words in problem for problem in edit_problems(changes, fields))


def test_an_edit_of_allowed_fields_passes() -> None:
    assert edit_problems({"judul": "", "sebab": "x", "nilai_temuan_rp": None}, FINDING_FIELDS) == []
    assert edit_problems({"batas_waktu": dt.date(2025, 1, 1)}, RECOMMENDATION_FIELDS) == []


@pytest.mark.parametrize(
    ("current", "status", "catatan", "words"),
    [
        ("belum_ditindaklanjuti", "selesai", "x", "tidak dikenal"),
        ("belum_sesuai", "belum_sesuai", "x", "sudah Belum sesuai"),
        ("belum_ditindaklanjuti", "sesuai", " ", "wajib disertai catatan"),
        ("belum_sesuai", "tidak_dapat_ditindaklanjuti", "", "wajib disertai catatan"),
    ],
)
def test_judgement_problem_refusals(current: str, status: str, catatan: str, words: str) -> None:
    assert words in (judgement_problem(current, status, catatan) or "")


@pytest.mark.parametrize(
    ("current", "status", "catatan"),
    [
        ("belum_ditindaklanjuti", "belum_sesuai", ""),  # not closing: no note needed
        ("belum_ditindaklanjuti", "sesuai", "Bukti setor lengkap."),
        ("sesuai", "belum_sesuai", ""),  # a reopen is a move like any other
    ],
)
def test_judgement_problem_allows_other_moves(current: str, status: str, catatan: str) -> None:
    assert judgement_problem(current, status, catatan) is None
