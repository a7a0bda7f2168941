"""Command line: temuan impor|ekspor, tindak-lanjut rekap and pkpt on a real DuckDB, with hand-worked figures."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lapas_metrics import auth, config, store
from lapas_metrics.__main__ import main
from lapas_metrics.audit.matrix_import import import_matrix
from lapas_metrics.evaluation import followup, pkpt
from tests import findings_db
from tests.test_cli_words import ENGLISH

AS_OF = "2026-12-01"
ROOT = Path(__file__).resolve().parent.parent


def run(*argv: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def units_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return findings_db.units_db(tmp_path_factory.mktemp("units") / "lapas.duckdb")


@pytest.fixture(scope="module")
def filled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = findings_db.units_db(tmp_path_factory.mktemp("filled") / "lapas.duckdb")
    assert import_matrix(path, findings_db.MATRIX_CSV, "matriks.csv", auth.SYSTEM_ACTOR).stored
    findings_db.evaluations(path)
    return path


@pytest.fixture
def db(units_template: Path, tmp_path: Path) -> Path:
    """The four units, nothing else (a copy for this test)."""
    return Path(shutil.copy(units_template, tmp_path / "lapas.duckdb"))


@pytest.fixture
def matrix_file(tmp_path: Path) -> Path:
    path = tmp_path / "matriks.csv"
    path.write_bytes(findings_db.MATRIX_CSV)
    return path


@pytest.fixture
def filled(filled_template: Path, tmp_path: Path) -> Path:
    """tests/findings_db.py's database: the matrix imported, the evaluations (a copy for this test)."""
    return Path(shutil.copy(filled_template, tmp_path / "terisi.duckdb"))


@pytest.fixture(autouse=True)
def default_plan_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*config.PKPT_WEIGHT_SETTINGS.values(), "LAPAS_PKPT_PER_TRIWULAN"):
        monkeypatch.delenv(name, raising=False)


def test_a_good_matrix_is_imported_with_its_counts(db: Path, matrix_file: Path, capsys) -> None:
    code, out, err = run("temuan", "impor", "--db", db, matrix_file, capsys=capsys)
    assert code == 0 and err == ""
    assert out == "Impor matriks.csv: 4 temuan dengan 5 rekomendasi dicatat (T-A1 s.d. T-C1).\n"
    found = store.list_findings(db, auth.SYSTEM_ACTOR)
    assert found["nomor_temuan"].tolist() == ["T-A1", "T-A2", "T-B1", "T-C1"]
    assert set(found["sumber"]) == {"impor"}
    statuses = store.recommendations_frame(db, auth.SYSTEM_ACTOR).set_index(["nomor_temuan", "nomor_rekomendasi"])
    assert statuses["status"].to_dict() == {
        ("T-A1", "1"): "belum_ditindaklanjuti",
        ("T-A1", "2"): "sesuai",
        ("T-A2", "1"): "belum_sesuai",
        ("T-B1", "1"): "belum_ditindaklanjuti",
        ("T-C1", "1"): "tidak_dapat_ditindaklanjuti",
    }


def test_a_bad_matrix_is_refused_row_by_row_and_nothing_is_stored(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "salah.csv"
    lines = findings_db.MATRIX_CSV.decode().splitlines()
    lines[1] = lines[1].replace("LP-A", "LP-X")  # T-A1 rec 1: an unknown unit
    lines[3] = lines[3].replace("2027-03-31", "31-31-2027")  # T-A2: no date
    bad.write_text("\n".join(lines) + "\n")
    code, out, err = run("temuan", "impor", "--db", db, bad, capsys=capsys)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "Berkas salah.csv ditolak: 2 masalah; tidak ada yang disimpan.",
        "- Baris 2, kolom kode_upt: 'LP-X' tidak ada di daftar UPT",
        "- Baris 4, kolom batas_waktu: '31-31-2027' bukan tanggal yang dikenali (contoh: 2017-03-15 atau 15/03/2017)",
    ]
    assert store.list_findings(db, auth.SYSTEM_ACTOR).empty


def test_rows_of_one_finding_that_disagree_are_refused(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "beda.csv"
    bad.write_bytes(findings_db.MATRIX_CSV.replace(b"PMK,Lalai,Kas kurang,1000000,2", b"PMK,Lalai,Kas kurang,900000,2"))
    code, _, err = run("temuan", "impor", "--db", db, bad, capsys=capsys)
    assert code == 2
    assert "- Baris 3, kolom nilai_temuan_rp: berbeda dengan baris 2 untuk temuan T-A1" in err
    assert store.list_findings(db, auth.SYSTEM_ACTOR).empty


def test_the_same_file_twice_is_refused_as_already_recorded(db: Path, matrix_file: Path, capsys) -> None:
    assert run("temuan", "impor", "--db", db, matrix_file, capsys=capsys)[0] == 0
    code, out, err = run("temuan", "impor", "--db", db, matrix_file, capsys=capsys)
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "Berkas matriks.csv ditolak: 4 masalah; tidak ada yang disimpan."
    assert err.count("sudah tercatat") == 4
    assert len(store.list_findings(db, auth.SYSTEM_ACTOR)) == 4


def test_a_missing_file_is_one_line(db: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run("temuan", "impor", "--db", db, tmp_path / "tidak-ada.xlsx", capsys=capsys)
    assert code == 1 and out == "" and err.startswith("Galat: Berkas ") and err.count("\n") == 1


def test_the_export_reads_back_into_a_fresh_database(filled: Path, db: Path, tmp_path: Path) -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "temuan", "ekspor", "--db", str(filled)],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr.decode()
    assert exported.stdout.startswith(b"PK\x03\x04")
    copy = tmp_path / "matriks.xlsx"
    copy.write_bytes(exported.stdout)
    fresh = db  # the same four units, no finding
    assert main(["temuan", "impor", "--db", str(fresh), str(copy)]) == 0
    columns = [*store.MATRIX_COLUMNS]
    before = store.findings_matrix(filled, auth.SYSTEM_ACTOR)[columns]
    after = store.findings_matrix(fresh, auth.SYSTEM_ACTOR)[columns]
    assert after.drop(columns=["tindak_lanjut_terakhir", "tanggal_tindak_lanjut_terakhir"]).equals(
        before.drop(columns=["tindak_lanjut_terakhir", "tanggal_tindak_lanjut_terakhir"])
    )
    dates = ["nomor_temuan", "tanggal_temuan"]
    assert store.list_findings(fresh, auth.SYSTEM_ACTOR)[dates].equals(
        store.list_findings(filled, auth.SYSTEM_ACTOR)[dates]
    )


def test_the_export_to_a_file_says_what_it_wrote(filled: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "keluar.xlsx"
    code, out, _ = run("temuan", "ekspor", "--db", filled, "--keluar", target, capsys=capsys)
    assert code == 0 and out == f"Matriks temuan (4 temuan, 5 rekomendasi) ditulis ke {target}.\n"
    assert target.read_bytes().startswith(b"PK\x03\x04")


def test_the_export_is_not_written_to_a_terminal(filled: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run("temuan", "ekspor", "--db", filled, capsys=capsys)
    assert code == 1 and out == "" and "tidak ditampilkan di terminal" in err


RECAP = [
    # kode_upt, rekomendasi, sesuai, belum_sesuai, belum_ditindaklanjuti, tidak_dapat, persen, lewat, nilai
    ["LP-A", "3", "1", "1", "1", "0", str(1 / 3), "1", "1000000.0"],
    ["LP-B", "1", "0", "0", "1", "0", "0.0", "1", "4000000.0"],
    ["LP-C", "1", "0", "0", "0", "1", "0.0", "0", "0.0"],
    ["LP-D", "0", "0", "0", "0", "0", "", "0", "0.0"],  # no recommendation: no percentage
]


def test_the_recap_csv_has_exactly_its_columns_and_the_hand_worked_numbers(filled: Path, capsys) -> None:
    code, out, err = run(
        "tindak-lanjut", "rekap", "--db", filled, "--per-tanggal", AS_OF, "--format", "csv", capsys=capsys
    )
    assert code == 0 and err == ""
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == list(followup.RECAP_COLUMNS)
    assert lines[1:] == RECAP


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        ("2026-06-30", {"LP-A": "0", "LP-B": "0"}),  # T-A1 rec 1 is due that day: not yet past
        ("2026-07-01", {"LP-A": "1", "LP-B": "0"}),
        ("2026-12-01", {"LP-A": "1", "LP-B": "1"}),  # T-B1 was due on 30 November
        ("2027-04-01", {"LP-A": "2", "LP-B": "1"}),  # T-A2 was due on 31 March 2027
    ],
)
def test_the_as_of_date_moves_what_is_overdue(filled: Path, capsys, as_of: str, overdue: dict[str, str]) -> None:
    out = run("tindak-lanjut", "rekap", "--db", filled, "--per-tanggal", as_of, "--format", "csv", capsys=capsys)[1]
    found = {row["kode_upt"]: row["lewat_batas_waktu"] for row in rows(out)}
    assert {unit: found[unit] for unit in overdue} == overdue and found["LP-C"] == "0"


def test_the_recap_per_kanwil_sums_its_units(filled: Path, capsys) -> None:
    args = ("tindak-lanjut", "rekap", "--db", filled, "--per-tanggal", AS_OF, "--per", "kanwil", "--format", "csv")
    lines = list(csv.reader(io.StringIO(run(*args, capsys=capsys)[1])))
    assert lines[0] == ["kanwil", *followup.RECAP_COLUMNS[1:]]
    assert lines[1:] == [
        ["Banten", "0", "0", "0", "0", "0", "", "0", "0.0"],
        ["Jawa Barat", "5", "1", "1", "2", "1", "0.2", "2", "5000000.0"],
    ]


def test_the_recap_table_is_for_people(filled: Path, capsys) -> None:
    code, out, _ = run("tindak-lanjut", "rekap", "--db", filled, "--per-tanggal", AS_OF, capsys=capsys)
    assert code == 0 and "33,3 %" in out and "Rp 4.000.000" in out


PLAN = [
    # peringkat, kode_upt, skor_pkpt (see tests/test_pkpt_plan.py for the hand-worked points)
    ["1", "LP-B", "52.50"],
    ["2", "LP-A", "41.25"],
    ["3", "LP-D", "15.00"],
    ["4", "LP-C", "11.25"],
]


def test_the_plan_csv_ranks_the_units_as_worked_by_hand(filled: Path, capsys) -> None:
    code, out, err = run(
        "pkpt", "--db", filled, "--tahun", 2027, "--per-tanggal", AS_OF, "--format", "csv", capsys=capsys
    )
    assert code == 0 and err == ""
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == list(pkpt.PKPT_COLUMNS)
    plan = rows(out)
    assert [[row["peringkat"], row["kode_upt"], row["skor_pkpt"]] for row in plan] == PLAN
    b = plan[0]
    assert [b[name] for name in pkpt.POINTS] == ["0.00", "7.50", "15.00", "15.00", "15.00"]
    assert (b["skor_risiko"], b["rekomendasi_terbuka"], b["rekomendasi_lewat_batas"]) == ("", "1", "1")
    assert (b["nilai_temuan_terbuka_rp"], b["tahun_sejak_evaluasi"], b["tahun_evaluasi_terakhir"]) == (
        "4000000.0",
        "",
        "",
    )
    assert plan[1]["tahun_sejak_evaluasi"] == "2" and plan[1]["tahun_evaluasi_terakhir"] == "2025"
    assert {row["triwulan_usulan"] for row in plan} == {"Triwulan I"}


def test_the_plan_of_a_kanwil_and_the_quarters_from_the_setting(filled: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAPAS_PKPT_PER_TRIWULAN", "1")
    args = ("pkpt", "--db", filled, "--tahun", 2027, "--per-tanggal", AS_OF, "--format", "csv")
    plan = rows(run(*args, capsys=capsys)[1])
    assert [(row["kode_upt"], row["triwulan_usulan"]) for row in plan] == [
        ("LP-B", "Triwulan I"),
        ("LP-A", "Triwulan II"),
        ("LP-D", "Triwulan III"),
        ("LP-C", "Triwulan IV"),
    ]
    plan = rows(run(*args, "--kanwil", "jawa barat", capsys=capsys)[1])
    assert [row["kode_upt"] for row in plan] == ["LP-B", "LP-A", "LP-C"]
    plan = rows(run(*args, "--lapas-industri", capsys=capsys)[1])
    assert [row["kode_upt"] for row in plan] == ["LP-A", "LP-C"]


def test_the_plan_weights_come_from_the_settings(filled: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_EVALUASI", "0")  # years no longer count: C and D score nothing
    args = ("pkpt", "--db", filled, "--tahun", 2027, "--per-tanggal", AS_OF, "--format", "csv")
    plan = rows(run(*args, capsys=capsys)[1])
    # weights 40/15/15/15/0 of 85: A 100×(15 + 15 + 15×0.25)/85 = 39.71; B 100×(7.5 + 15 + 15)/85 = 44.12
    assert [[row["kode_upt"], row["skor_pkpt"]] for row in plan] == [
        ["LP-B", "44.12"],
        ["LP-A", "39.71"],
        ["LP-C", "0.00"],
        ["LP-D", "0.00"],
    ]


def test_the_plan_table_is_for_people(filled: Path, capsys) -> None:
    code, out, _ = run("pkpt", "--db", filled, "--tahun", 2027, "--per-tanggal", AS_OF, capsys=capsys)
    assert code == 0 and "52,50" in out and "Triwulan I" in out


def test_an_unknown_kanwil_is_one_line(filled: Path, capsys) -> None:
    code, out, err = run("pkpt", "--db", filled, "--tahun", 2027, "--kanwil", "Bali", capsys=capsys)
    assert code == 1 and out == "" and err == "Galat: Tidak ada UPT di kanwil 'Bali'.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["temuan"],
        ["temuan", "hapus"],
        ["temuan", "impor"],
        ["tindak-lanjut"],
        ["tindak-lanjut", "rekap", "--per", "provinsi"],
        ["tindak-lanjut", "rekap", "--per-tanggal", "1 Desember 2026"],
        ["pkpt"],
        ["pkpt", "--tahun", "depan"],
        ["pkpt", "--tahun", "2027", "--format", "xml"],
        ["pkpt", "--tahun", "2027", "--per-tanggal", "2026-02-30"],
    ],
)
def test_bad_arguments_are_told_in_indonesian_with_exit_2(argv: list[str], capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and err.count("\n") == 1
    assert not ENGLISH.search(err), err


def test_a_database_that_does_not_exist_is_named(tmp_path: Path, capsys) -> None:
    code, _, err = run("pkpt", "--db", tmp_path / "tidak.duckdb", "--tahun", 2027, capsys=capsys)
    assert code == 1 and "tidak ada. Buat dulu" in err


def test_an_undecidable_number_style_is_settled_with_locale(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "gaya.csv"
    source.write_bytes(findings_db.MATRIX_CSV.replace(b",4000000,", b",4.000,"))  # 4 thousand or 4?
    code, _, err = run("temuan", "impor", "--db", db, source, capsys=capsys)
    assert code == 2 and "Gaya angka tidak dapat ditentukan" in err and "--locale" in err
    code, _, err = run("temuan", "impor", "--db", db, "--locale", "id", "--user", "Ani", source, capsys=capsys)
    assert code == 0, err
    found = store.list_findings(db, auth.SYSTEM_ACTOR).set_index("nomor_temuan")
    assert found.loc["T-B1", "nilai_temuan_rp"] == 4000.0
    assert set(found["dibuat_oleh"]) == {"ani"}
