"""The findings matrix: read back like an upload (rows, columns, values; all or nothing) and exported so it reads back."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from lapas_metrics import auth, evaluation
from lapas_metrics.evaluation import matrix
from lapas_metrics.export import PaperInfo
from lapas_metrics.export.findings_matrix import matrix_bytes

TODAY = dt.date(2026, 12, 1)
UNITS = ["LP-A", "LP-B"]
HEADER = "nomor_temuan,judul,kondisi,kriteria,sebab,akibat,nilai_temuan_rp,nomor_rekomendasi,rekomendasi,kode_upt,batas_waktu,status"
GOOD = [
    "T-2017-01,PNBP terlambat,PNBP disetor terlambat,PMK 2016,Lalai,Kas berkurang,1500000,1,Setor PNBP,LP-A,2017-06-30,",
    "T-2017-01,PNBP terlambat,PNBP disetor terlambat,PMK 2016,Lalai,Kas berkurang,1500000,2,Tegur bendahara,LP-A,2017-07-31,Sesuai",
    "T-2017-02,,Aset tidak dicatat,SAK,,,,1,Catat BMN,LP-B,2018-01-31,belum_sesuai",
]
INFO = PaperInfo("Matriks Temuan dan Tindak Lanjut", "Semua UPT", "Posisi 1 Desember 2026", "1 Desember 2026", "0" * 64)


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def read(data: bytes, name: str = "matriks.csv", **options: object) -> matrix.MatrixResult:
    options.setdefault("known_upt", UNITS)
    return matrix.read_matrix(data, name, today=TODAY, **options)  # type: ignore[arg-type]


def messages(result: matrix.MatrixResult) -> list[str]:
    return [problem.pesan for problem in result.problems]


def test_a_good_matrix_gives_one_finding_per_nomor_with_its_recommendations_in_order() -> None:
    result = read(csv(*GOOD))
    assert result.ok and result.rows == 3 and result.recommendation_count == 3
    first, second = result.findings
    assert first.nomor_temuan == "T-2017-01" and first.kode_upt == "LP-A" and first.sumber == "impor"
    assert (first.judul, first.kondisi, first.kriteria, first.sebab, first.akibat) == (
        "PNBP terlambat",
        "PNBP disetor terlambat",
        "PMK 2016",
        "Lalai",
        "Kas berkurang",
    )
    assert first.nilai_temuan_rp == Decimal("1500000") and first.tanggal_temuan is None
    assert [(r.nomor, r.rekomendasi, r.batas_waktu, r.status) for r in first.rekomendasi] == [
        ("1", "Setor PNBP", dt.date(2017, 6, 30), "belum_ditindaklanjuti"),  # empty status: the start
        ("2", "Tegur bendahara", dt.date(2017, 7, 31), "sesuai"),  # a label
    ]
    assert second.nilai_temuan_rp is None and second.judul == "" and second.rekomendasi[0].status == "belum_sesuai"
    assert second.rekomendasi[0].penanggung_jawab == ""  # = the finding's unit


def test_title_rows_indonesian_numbers_day_first_dates_and_semicolons_are_read_as_an_upload_is() -> None:
    data = (
        b"Matriks Temuan Itjen;;;\n\n"
        b"Nomor Temuan;Kondisi;Kriteria;Nilai Temuan (Rp);Nomor Rekomendasi;Rekomendasi;Kode UPT;Batas Waktu;"
        b"Penanggung Jawab;Tanggal Temuan\n"
        b"T-1;k;c;Rp 1.234.567,50;1;r;lp-a;31/03/2027;lp-b;15/02/2017\n"
    )
    result = read(data)
    assert result.ok, messages(result)
    (finding,) = result.findings
    assert finding.nilai_temuan_rp == Decimal("1234567.5") and finding.kode_upt == "LP-A"
    assert finding.tanggal_temuan == dt.date(2017, 2, 15)
    assert (
        finding.rekomendasi[0].batas_waktu == dt.date(2027, 3, 31) and finding.rekomendasi[0].penanggung_jawab == "LP-B"
    )


def test_every_problem_names_its_row_column_and_value_and_nothing_is_returned() -> None:
    result = read(
        csv(
            "T-1,,k,c,,,-5,1,r,LP-X,2017-13-01,",
            "T-2,,,c,,,abc,1,r,LP-A,2017-01-31,",
        )
    )
    assert not result.ok and result.findings == []
    assert result.problem_count == 5
    assert messages(result) == [
        "Baris 2, kolom nilai_temuan_rp: -5 tidak boleh negatif",
        "Baris 2, kolom kode_upt: 'LP-X' tidak ada di daftar UPT",
        "Baris 2, kolom batas_waktu: '2017-13-01' bukan tanggal yang dikenali (contoh: 2017-03-15 atau 15/03/2017)",
        "Baris 3, kolom kondisi: wajib diisi",
        "Baris 3, kolom nilai_temuan_rp: 'abc' bukan angka yang dikenali (contoh: 1234567, 1.234.567 atau Rp 1.234.567,50)",
    ]
    assert [(p.baris, p.kolom, p.nilai) for p in result.problems][:2] == [
        (2, "nilai_temuan_rp", "-5"),
        (2, "kode_upt", "LP-X"),
    ]


def test_an_unknown_status_is_a_row_problem() -> None:
    result = read(csv("T-1,,k,c,,,,1,r,LP-A,2017-01-31,selesai"))
    assert messages(result) == [
        "Baris 2, kolom status: Status tindak lanjut 'selesai' tidak dikenal: tulis salah satu dari Belum "
        "ditindaklanjuti, Belum sesuai, Sesuai, Tidak dapat ditindaklanjuti."
    ]


def test_rows_of_one_finding_must_agree_on_the_findings_columns() -> None:
    result = read(
        csv(
            "T-1,Judul,k,c,,,100,1,r,LP-A,2017-01-31,",
            "t-1,Judul,k lain,c,,,200,2,r,LP-A,2017-01-31,",  # the same finding, case aside
            "T-1,Judul,k,c,,,100,3,r,LP-B,2017-01-31,",
        )
    )
    assert messages(result) == [
        "Baris 3, kolom kondisi: berbeda dengan baris 2 untuk temuan T-1; setiap baris satu temuan harus sama "
        "pada kolom temuan.",
        "Baris 3, kolom nilai_temuan_rp: berbeda dengan baris 2 untuk temuan T-1; setiap baris satu temuan harus "
        "sama pada kolom temuan.",
        "Baris 4, kolom kode_upt: berbeda dengan baris 2 untuk temuan T-1; setiap baris satu temuan harus sama "
        "pada kolom temuan.",
    ]
    assert [p.nilai for p in result.problems] == ["k lain", "200", "LP-B"]


def test_spaces_and_line_breaks_inside_a_text_are_not_a_disagreement() -> None:
    result = read(csv('T-1,,"dua  kata",c,,,,1,r,LP-A,2017-01-31,', 'T-1,,"dua\nkata",c,,,,2,r,LP-A,2017-01-31,'))
    assert result.ok and result.findings[0].kondisi == "dua  kata"


def test_a_number_already_in_the_register_is_refused_as_already_recorded() -> None:
    result = read(csv(*GOOD), registered=["t-2017-02"])
    assert messages(result) == [
        "Baris 4, kolom nomor_temuan: temuan T-2017-02 sudah tercatat di register; impor hanya menambah temuan "
        "baru (ubah temuan yang ada di halaman Temuan)."
    ]


def test_a_recommendation_number_twice_in_a_finding_is_refused() -> None:
    result = read(csv("T-1,,k,c,,,,1,r,LP-A,2017-01-31,", "T-1,,k,c,,,,1,s,LP-A,2017-02-28,"))
    assert messages(result) == ["Baris 3: kunci (T-1, 1) sama dengan baris 2"]


def test_the_checks_of_a_new_finding_apply_and_are_told_on_its_first_row() -> None:
    result = read(
        csv(
            "T-1,,k,c,,,,1,r,LP-A,2017-01-31,",
            "T-1,,k,c,,,,a/1,s,LP-A,2017-02-28,",
            "T-1,,k,c,,,,A/1,t,LP-A,2017-02-28,",
        )
    )
    assert messages(result) == ["Baris 2: Temuan T-1: nomor rekomendasi A/1 tertulis dua kali."]


@pytest.mark.parametrize(
    ("nomor", "column", "sentence"),
    [
        ("T 1", "nomor_temuan", "nomor temuan 2–64 karakter"),
        ("T", "nomor_temuan", "nomor temuan 2–64 karakter"),
    ],
)
def test_a_bad_number_is_a_row_problem(nomor: str, column: str, sentence: str) -> None:
    result = read(csv(f"{nomor},,k,c,,,,1,r,LP-A,2017-01-31,"))
    assert [(p.baris, p.kolom, p.nilai) for p in result.problems] == [(2, column, nomor)]
    assert sentence in result.problems[0].pesan


def test_a_finding_dated_after_today_is_refused() -> None:
    data = csv("T-1,,k,c,,,,1,r,LP-A,2027-01-31,,2026-12-02", header=HEADER + ",tanggal_temuan")
    assert messages(read(data)) == ["Baris 2, kolom tanggal_temuan: tanggal temuan setelah hari ini (2026-12-01)."]


def test_a_deadline_years_ahead_is_read() -> None:
    result = read(csv("T-1,,k,c,,,,1,r,LP-A,2035-12-31,"))
    assert result.ok and result.findings[0].rekomendasi[0].batas_waktu == dt.date(2035, 12, 31)


def test_a_missing_required_column_is_one_file_problem() -> None:
    result = read(
        csv(
            "T-1,k,1,r,LP-A,2017-01-31",
            header="nomor_temuan,kondisi,nomor_rekomendasi,rekomendasi,kode_upt,batas_waktu",
        )
    )
    assert messages(result) == ["Kolom wajib tidak ada: kriteria."] and result.problems[0].baris is None


def test_at_most_fifty_problems_are_listed_with_the_total() -> None:
    rows = [f"T-{n},,k,c,,,,1,r,LP-X,2017-01-31," for n in range(60)]
    result = read(csv(*rows))
    assert result.problem_count == 60 and len(result.problems) == 50


def test_many_findings_past_the_value_checks_are_capped_too() -> None:
    rows = [f"T-{n},,k,c,,,,1,r,LP-A,2017-01-31," for n in range(60)]
    result = read(csv(*rows), registered=[f"T-{n}" for n in range(60)])
    assert result.problem_count == 60 and len(result.problems) == 50
    assert result.problems[0].baris == 2 and result.findings == []


def test_without_a_unit_list_the_units_are_left_to_the_store() -> None:
    assert matrix.read_matrix(csv(*GOOD).replace(b"LP-B", b"LP-Z"), "m.csv", today=TODAY).ok


def test_a_file_that_is_no_matrix_is_one_sentence() -> None:
    assert messages(read(b"\x00\x01\x02 bukan berkas")) == ["File tidak dapat dibaca: bukan CSV atau XLSX."]
    assert messages(read(b"")) == ["File kosong."]
    too_big = read(csv(*GOOD), max_bytes=10)
    assert too_big.problem_count == 1 and "melebihi batas" in too_big.problems[0].pesan


# ---------------------------------------------------------------- the export


def matrix_frame() -> pd.DataFrame:
    """Rows as store.findings_matrix gives them (MATRIX_COLUMNS), with text a spreadsheet would run as a formula."""
    base = {
        "judul": "PNBP",
        "kondisi": '=HYPERLINK("x")\nbaris dua',
        "kriteria": "PMK",
        "sebab": "",
        "akibat": "-rugi",
        "nilai_temuan_rp": 1234567.5,
        "kode_upt": "LP-A",
    }
    return pd.DataFrame(
        [
            {
                **base,
                "nomor_temuan": "T-1",
                "nomor_rekomendasi": "1",
                "rekomendasi": "Setor",
                "batas_waktu": dt.date(2027, 3, 31),
                "status": "belum_sesuai",
                "penanggung_jawab": "LP-B",
                "tindak_lanjut_terakhir": "+disetor sebagian",
                "tanggal_tindak_lanjut_terakhir": pd.Timestamp("2026-05-01"),
            },
            {
                **base,
                "nomor_temuan": "T-1",
                "nomor_rekomendasi": "2",
                "rekomendasi": "Tegur",
                "batas_waktu": dt.date(2027, 4, 30),
                "status": "sesuai",
                "penanggung_jawab": "",
                "tindak_lanjut_terakhir": None,
                "tanggal_tindak_lanjut_terakhir": None,
            },
            {
                "nomor_temuan": "T-2",
                "judul": "",
                "kondisi": "k",
                "kriteria": "c",
                "sebab": "",
                "akibat": "",
                "nilai_temuan_rp": float("nan"),
                "nomor_rekomendasi": "1",
                "rekomendasi": "r",
                "kode_upt": "LP-B",
                "batas_waktu": dt.date(2017, 3, 31),
                "status": "belum_ditindaklanjuti",
                "penanggung_jawab": "",
                "tindak_lanjut_terakhir": None,
                "tanggal_tindak_lanjut_terakhir": None,
            },
        ]
    )


def sheet_rows(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Matriks"]
    return list(book["Matriks"].iter_rows(values_only=True))


def test_the_export_holds_the_import_columns_first_then_the_follow_up() -> None:
    rows = sheet_rows(matrix_bytes(matrix_frame(), INFO, auth.SYSTEM_ACTOR))
    assert rows[0][0] == "Matriks Temuan dan Tindak Lanjut: Semua UPT"
    assert list(rows[4]) == [
        *matrix.IMPORT_COLUMNS,
        "penanggung_jawab",
        "tindak_lanjut_terakhir",
        "tanggal_tindak_lanjut_terakhir",
    ]
    first = dict(zip(rows[4], rows[5], strict=True))
    assert first["status"] == "Belum sesuai" and first["nilai_temuan_rp"] == 1234567.5
    assert first["kondisi"] == '\'=HYPERLINK("x")\nbaris dua' and first["akibat"] == "'-rugi"  # never a formula
    assert first["batas_waktu"] == dt.datetime(2027, 3, 31)
    assert first["tindak_lanjut_terakhir"] == "'+disetor sebagian"
    assert first["tanggal_tindak_lanjut_terakhir"] == dt.datetime(2026, 5, 1)
    assert dict(zip(rows[4], rows[6], strict=True))["status"] == "Sesuai"
    assert len(rows) == 8


def test_the_export_reads_back_as_the_same_findings() -> None:
    result = read(matrix_bytes(matrix_frame(), INFO, auth.SYSTEM_ACTOR), "matriks.xlsx")
    assert result.ok and result.warnings == [], messages(result)
    first, second = result.findings
    assert first.kondisi == '=HYPERLINK("x")\nbaris dua' and first.akibat == "-rugi"
    assert first.nilai_temuan_rp == Decimal("1234567.5") and second.nilai_temuan_rp is None
    assert [(r.nomor, r.batas_waktu, r.status, r.penanggung_jawab) for r in first.rekomendasi] == [
        ("1", dt.date(2027, 3, 31), "belum_sesuai", "LP-B"),
        ("2", dt.date(2027, 4, 30), "sesuai", ""),
    ]
    assert second.rekomendasi[0].batas_waktu == dt.date(2017, 3, 31)


def test_the_export_keeps_the_finding_date_when_the_frame_has_it() -> None:
    frame = matrix_frame().assign(tanggal_temuan=dt.date(2017, 2, 15))
    data = matrix_bytes(frame, INFO, auth.SYSTEM_ACTOR)
    assert "tanggal_temuan" in sheet_rows(data)[4]
    assert {finding.tanggal_temuan for finding in read(data, "m.xlsx").findings} == {dt.date(2017, 2, 15)}


def test_an_empty_register_exports_the_header_only_and_reads_back_as_no_rows() -> None:
    data = matrix_bytes(matrix_frame().iloc[0:0], INFO, auth.SYSTEM_ACTOR)
    assert len(sheet_rows(data)) == 5
    assert messages(read(data, "m.xlsx")) == ["File tidak berisi baris data di bawah baris judul kolom."]


@pytest.mark.parametrize("peran", ["pimpinan", "operator"])
def test_only_who_may_export_gets_the_matrix(peran: str) -> None:
    with pytest.raises(auth.Forbidden):
        matrix_bytes(matrix_frame(), INFO, auth.Actor("x", "X", peran, ("LP-A",)))


def test_the_import_columns_are_the_contracts() -> None:
    assert evaluation.TL_LABELS["belum_sesuai"] == "Belum sesuai"
    assert matrix.IMPORT_COLUMNS == (
        "nomor_temuan", "judul", "kondisi", "kriteria", "sebab", "akibat", "nilai_temuan_rp",
        "nomor_rekomendasi", "rekomendasi", "kode_upt", "batas_waktu", "status",
    )  # fmt: skip
