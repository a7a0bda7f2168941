"""Command line: evaluasi mulai, kke, impor and nilai on a real DuckDB with the demo data."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lapas_metrics import auth, cli_evaluation, evaluation, fmt, store, upload
from lapas_metrics.__main__ import main
from lapas_metrics.evaluation.load import DEFAULT_INSTRUMENT_FILE
from tests.test_cli_words import ENGLISH

UNIT = "LP-BANJAR"
TEAM = "ketua_tim=ani,pengendali_teknis=citra,pengendali_mutu=dedi,anggota=budi"
SCORE_HEADER = [
    "kode_upt",
    "periode",
    "versi_instrumen",
    "status",
    "nilai_dasar_hukum",
    "nilai_sarana_aset",
    "nilai_wbp",
    "nilai_produksi_pemasaran",
    "nilai_pnbp_premi",
    "nilai_kemitraan",
    "nilai_evaluasi",
    "predikat",
]
# Two sections answered (B1.3 not applicable, B1.5 against its suggestion of 4), four left unanswered.
ANSWERS: dict[str, object] = {"B1.1": 4, "B1.2": 3, "B1.3": "tidak_berlaku", "B1.4": 2, "B1.5": 0, "B2.1": 1, "B2.2": 4}
# EVALUATION.md by hand, with the weights of instrumen_lapas_industri_v2 (those of v1):
# dasar_hukum (15; B1.1..B1.5 weigh 2, 2, 1, 1, 1): 100 × (2×4/4 + 2×3/4 + 1×2/4 + 1×0/4) / (2+2+1+1) = 400/6 = 66.67
# sarana_aset (20; B2.1 weighs 3, B2.2 2): 100 × (3×1/4 + 2×4/4) / (3+2) = 275/5 = 55.00
# nilai_evaluasi = (15 × 400/6 + 20 × 55) / (15 + 20) = 2100/35 = 60.00 -> Terdefinisi (60 ≤ n < 80)
EXPECTED_SCORES = {
    "nilai_dasar_hukum": "66.67",
    "nilai_sarana_aset": "55.00",
    "nilai_wbp": "",
    "nilai_produksi_pemasaran": "",
    "nilai_pnbp_premi": "",
    "nilai_kemitraan": "",
    "nilai_evaluasi": "60.00",
    "predikat": "Terdefinisi",
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    upload.init_db(path, demo=True)
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    shutil.copy(demo_db, path)
    return path


def run(*argv: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def start(db: Path, capsys: pytest.CaptureFixture[str], unit: str = UNIT) -> int:
    code, out, err = run(
        "evaluasi", "mulai", "--db", db, "--upt", unit, "--periode", "2024", "--tim", TEAM, capsys=capsys
    )
    assert code == 0, err
    assert out.startswith("Evaluasi ") and "TA 2024" in out
    evaluasi_id = store.evaluation_for(db, unit, 2024, auth.SYSTEM_ACTOR)
    assert evaluasi_id is not None
    return evaluasi_id


def export_kke(db: Path, target: Path, capsys: pytest.CaptureFixture[str], *extra: object) -> Path:
    code, out, err = run(
        "evaluasi", "kke", "--db", db, "--upt", UNIT, "--periode", "2024", "--keluar", target, *extra, capsys=capsys
    )
    assert code == 0, err
    assert str(target) in out
    return target


def item_rows(ws) -> dict[str, int]:
    codes = {item.kode for item in evaluation.default_instrument().items}
    return {str(row[0].value): row[0].row for row in ws.iter_rows(min_row=1) if row[0].value in codes}


def fill(path: Path, cells: dict[str, dict[str, object]]) -> Path:
    """The KKE filled in as an auditor does in Excel: {kode: {column name: value}}; saved in place."""
    book = openpyxl.load_workbook(path)
    ws = book[evaluation.KKE_SHEET]
    names = [cell.value for cell in ws[5]]
    rows = item_rows(ws)
    for kode, values in cells.items():
        for name, value in values.items():
            ws.cell(rows[kode], names.index(name) + 1, value)
    book.save(path)
    return path


def filled_answers() -> dict[str, dict[str, object]]:
    return {kode: {"tingkat": level, "alasan": "diperiksa di lapangan"} for kode, level in ANSWERS.items()}


def info(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)[evaluation.INFO_SHEET]
    return {str(row[0].value): str(row[1].value or "") for row in ws.iter_rows(min_row=2)}


def score_rows(db: Path, capsys: pytest.CaptureFixture[str], *extra: object) -> tuple[list[str], list[dict[str, str]]]:
    code, out, err = run("evaluasi", "nilai", "--db", db, "--format", "csv", *extra, capsys=capsys)
    assert code == 0, err
    reader = csv.DictReader(io.StringIO(out))
    return list(reader.fieldnames or []), list(reader)


def one_line(err: str) -> str:
    assert err.startswith("Galat: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --------------------------------------------------------------------------- the whole round


def test_start_export_fill_import_and_score_equal_the_hand_computation(db, tmp_path, capsys) -> None:
    instrument = evaluation.default_instrument()
    assert [s.bobot for s in instrument.sections[:2]] == [15, 20]
    assert [i.bobot for i in instrument.sections[0].items] == [2, 2, 1, 1, 1]
    assert [i.bobot for i in instrument.sections[1].items[:2]] == [3, 2]
    evaluasi_id = start(db, capsys)
    paper = fill(export_kke(db, tmp_path / "kke.xlsx", capsys), filled_answers())
    code, out, err = run(
        "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys
    )
    assert code == 0, err
    assert f"7 butir diubah pada evaluasi {evaluasi_id}" in out and "60,00 (Terdefinisi)" in out
    header, rows = score_rows(db, capsys)
    assert header == SCORE_HEADER
    assert rows == [
        {"kode_upt": UNIT, "periode": "TA 2024", "versi_instrumen": instrument.versi, "status": "draf"}
        | EXPECTED_SCORES
    ]
    history = store.answer_history(db, evaluasi_id, auth.SYSTEM_ACTOR)
    assert set(history["pengguna"]) == {"ani"}
    stored = store.evaluation(db, evaluasi_id, auth.SYSTEM_ACTOR).jawaban.set_index("kode")
    assert stored.loc["B1.5", "alasan"] == "diperiksa di lapangan" and stored.loc["B1.5", "saran"] == 4


def test_the_kke_of_a_started_evaluation_holds_its_answers_and_team(db, tmp_path, capsys) -> None:
    evaluasi_id = start(db, capsys)
    paper = fill(export_kke(db, tmp_path / "kke.xlsx", capsys), filled_answers())
    assert (
        run(
            "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "budi", paper, capsys=capsys
        )[0]
        == 0
    )
    again = export_kke(db, tmp_path / "lagi.xlsx", capsys)
    assert info(again)["evaluasi_id"] == str(evaluasi_id) and info(again)["kode_upt"] == UNIT
    ws = openpyxl.load_workbook(again)[evaluation.KKE_SHEET]
    names = [cell.value for cell in ws[5]]
    rows = item_rows(ws)
    assert ws.cell(rows["B1.1"], names.index("tingkat") + 1).value == 4
    assert ws.cell(rows["B1.3"], names.index("tingkat") + 1).value == "tidak_berlaku"
    assert ws.cell(rows["B2.3"], names.index("tingkat") + 1).value is None
    text = " ".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value)
    assert "Ketua tim: ani" in text and "Pengendali mutu: dedi" in text


def test_an_empty_kke_before_the_start_is_imported_after_it(db, tmp_path, capsys) -> None:
    paper = export_kke(db, tmp_path / "kosong.xlsx", capsys)
    assert info(paper)["evaluasi_id"] == "" and info(paper)["periode"] == "TA 2024"
    assert store.evaluation_for(db, UNIT, 2024, auth.SYSTEM_ACTOR) is None
    fill(paper, filled_answers())
    start(db, capsys)
    assert (
        run("evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys)[
            0
        ]
        == 0
    )
    assert score_rows(db, capsys)[1][0]["nilai_evaluasi"] == "60.00"


def test_the_kke_goes_to_stdout_as_xlsx_bytes(db, capsys) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "evaluasi", "kke", "--db", str(db), "--upt", UNIT, "--periode", "2024"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"PK\x03\x04")
    assert evaluation.KKE_SHEET in openpyxl.load_workbook(io.BytesIO(result.stdout)).sheetnames


def test_the_kke_is_not_written_to_a_terminal(db, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run("evaluasi", "kke", "--db", db, "--upt", UNIT, "--periode", "2024", capsys=capsys)
    assert code == 1 and out == ""
    assert "> kke.xlsx" in one_line(err) and "--keluar" in err


def test_a_csv_of_kode_tingkat_catatan_is_imported(db, tmp_path, capsys) -> None:
    evaluasi_id = start(db, capsys)
    source = tmp_path / "jawaban.csv"
    lines = [f"{kode},{level},diperiksa di lapangan" for kode, level in ANSWERS.items()]
    source.write_text("kode,tingkat,catatan\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(
        "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", source, capsys=capsys
    )
    assert code == 0, err
    levels = store.evaluation(db, evaluasi_id, auth.SYSTEM_ACTOR).jawaban.set_index("kode")["tingkat"].to_dict()
    assert levels == ANSWERS
    assert (
        score_rows(db, capsys, "--upt", UNIT)[1][0]
        == {
            "kode_upt": UNIT,
            "periode": "TA 2024",
            "versi_instrumen": "instrumen_lapas_industri_v2",
            "status": "draf",
        }
        | EXPECTED_SCORES
    )


# --------------------------------------------------------------------------- refusals


def test_a_bad_kke_names_row_column_and_value_and_stores_nothing(db, tmp_path, capsys) -> None:
    evaluasi_id = start(db, capsys)
    paper = export_kke(db, tmp_path / "kke.xlsx", capsys)
    cells = filled_answers() | {"B1.1": {"tingkat": 5}, "B2.2": {"tingkat": "banyak"}}
    fill(paper, cells)
    rows = item_rows(openpyxl.load_workbook(paper)[evaluation.KKE_SHEET])
    code, out, err = run(
        "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys
    )
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "Berkas kke.xlsx ditolak: 2 masalah; tidak ada yang disimpan."
    assert lines[1].startswith(f"- Baris {rows['B1.1']}, kolom tingkat: ") and "'5'" in lines[1]
    assert lines[2].startswith(f"- Baris {rows['B2.2']}, kolom tingkat: ") and "'banyak'" in lines[2]
    assert len(lines) == 3
    assert store.evaluation(db, evaluasi_id, auth.SYSTEM_ACTOR).jawaban.empty
    assert store.answer_history(db, evaluasi_id, auth.SYSTEM_ACTOR).empty


def test_at_most_fifty_problems_are_shown_with_the_total(db, tmp_path, capsys) -> None:
    start(db, capsys)
    source = tmp_path / "salah.csv"
    source.write_text("kode,tingkat,catatan\n" + "".join(f"X{n},1,\n" for n in range(60)), encoding="utf-8")
    code, _, err = run(
        "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", source, capsys=capsys
    )
    lines = err.splitlines()
    assert code == 1 and lines[0] == "Berkas salah.csv ditolak: 60 masalah; tidak ada yang disimpan."
    assert len([line for line in lines if line.startswith("- Baris ")]) == 50
    assert lines[-1] == "(menampilkan 50 dari 60 masalah)"


def test_a_final_evaluation_refuses_the_import_and_a_correction_replaces_it_in_nilai(db, tmp_path, capsys) -> None:
    evaluasi_id = start(db, capsys)
    paper = fill(export_kke(db, tmp_path / "kke.xlsx", capsys), filled_answers())
    assert (
        run("evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys)[
            0
        ]
        == 0
    )
    store.transition(db, evaluasi_id, evaluation.DIREVIU, auth.Actor("citra", "Citra", "auditor"))
    store.transition(db, evaluasi_id, evaluation.FINAL, auth.Actor("dedi", "Dedi", "auditor"))
    before = store.answer_history(db, evaluasi_id, auth.SYSTEM_ACTOR)
    fill(paper, {"B1.1": {"tingkat": 0}})
    code, out, err = run(
        "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys
    )
    assert code == 1 and out == ""
    assert "sudah final dan tidak menerima impor" in one_line(err)
    assert store.answer_history(db, evaluasi_id, auth.SYSTEM_ACTOR).equals(before)
    assert score_rows(db, capsys)[1][0]["status"] == "final"
    store.start_correction(db, evaluasi_id, auth.Actor("ani", "Ani", "auditor"))
    rows = score_rows(db, capsys)[1]
    assert [(row["status"], row["nilai_evaluasi"]) for row in rows] == [("draf", "60.00")]


def test_import_without_an_evaluation_says_how_to_start_one(db, tmp_path, capsys) -> None:
    source = tmp_path / "jawaban.csv"
    source.write_text("kode,tingkat,catatan\nB1.1,4,\n", encoding="utf-8")
    code, _, err = run("evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", source, capsys=capsys)
    assert code == 1
    assert "belum memiliki evaluasi TA 2024" in one_line(err) and "evaluasi mulai" in err and "--tim" in err


def test_import_names_who_may_import_when_the_user_is_not_an_editor(db, tmp_path, capsys) -> None:
    evaluasi_id = start(db, capsys)
    source = tmp_path / "jawaban.csv"
    source.write_text("kode,tingkat,catatan\nB1.1,4,\n", encoding="utf-8")
    for user in ([], ["--user", "citra"]):
        code, _, err = run(
            "evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", *user, source, capsys=capsys
        )
        assert code == 1 and "ani, budi" in one_line(err) and "--user" in err
    assert store.evaluation(db, evaluasi_id, auth.SYSTEM_ACTOR).jawaban.empty


@pytest.mark.parametrize("command", ["mulai", "kke", "impor"])
def test_a_bad_period_is_one_indonesian_line_exit_2(db, tmp_path, command, capsys) -> None:
    extra = {"mulai": ["--tim", TEAM], "kke": ["--keluar", tmp_path / "k.xlsx"], "impor": [tmp_path / "k.csv"]}[command]
    code, _, err = run("evaluasi", command, "--db", db, "--upt", UNIT, "--periode", "20x4", *extra, capsys=capsys)
    assert code == 2 and "'20x4' bukan periode yang sah" in one_line(err)


@pytest.mark.parametrize("command", ["mulai", "kke", "impor", "nilai"])
def test_an_unknown_unit_is_one_indonesian_line_exit_1(db, tmp_path, command, capsys) -> None:
    source = tmp_path / "k.csv"
    source.write_text("kode,tingkat,catatan\n", encoding="utf-8")
    period = [] if command == "nilai" else ["--periode", "2024"]
    extra = {"mulai": ["--tim", TEAM], "kke": ["--keluar", tmp_path / "k.xlsx"], "impor": [source], "nilai": []}[
        command
    ]
    code, _, err = run("evaluasi", command, "--db", db, "--upt", "LP-TIDAKADA", *period, *extra, capsys=capsys)
    assert code == 1 and "Kode UPT LP-TIDAKADA tidak ada di daftar UPT" in one_line(err)
    assert not (tmp_path / "k.xlsx").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ini bukan = = toml [", "tidak dapat dipakai: 1 masalah."),
        (DEFAULT_INSTRUMENT_FILE.read_text(encoding="utf-8").replace("bobot = 15", "bobot = -1", 1), "bobot"),
    ],
    ids=["not-toml", "negative-weight"],
)
def test_a_bad_instrument_file_is_told_in_indonesian(db, tmp_path, text, expected, capsys) -> None:
    source = tmp_path / "instrumen.toml"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "k.xlsx"
    code, out, err = run(
        "evaluasi",
        "kke",
        "--db",
        db,
        "--upt",
        UNIT,
        "--periode",
        "2024",
        "--instrumen",
        source,
        "--keluar",
        target,
        capsys=capsys,
    )
    assert code == 1 and out == "" and not target.exists()
    lines = err.splitlines()
    assert lines[0].startswith("Galat: Berkas instrumen instrumen.toml tidak dapat dipakai: ") and expected in err
    assert len(lines) >= 2 and all(line.startswith("- ") for line in lines[1:])
    assert "Traceback" not in err and "Error" not in err


def test_a_missing_instrument_file_is_one_line(db, tmp_path, capsys) -> None:
    code, _, err = run(
        "evaluasi",
        "kke",
        "--db",
        db,
        "--upt",
        UNIT,
        "--periode",
        "2024",
        "--instrumen",
        tmp_path / "x.toml",
        "--keluar",
        tmp_path / "k.xlsx",
        capsys=capsys,
    )
    assert code == 1 and "tidak ada atau tidak dapat dibaca" in one_line(err)


def test_an_empty_kke_of_an_instrument_file_and_its_refusal_once_started(db, tmp_path, capsys) -> None:
    source = tmp_path / "instrumen.toml"
    text = DEFAULT_INSTRUMENT_FILE.read_text(encoding="utf-8")
    source.write_text(
        text.replace('versi = "instrumen_lapas_industri_v2"', 'versi = "instrumen_uji_v9"', 1), encoding="utf-8"
    )
    paper = export_kke(db, tmp_path / "uji.xlsx", capsys, "--instrumen", source)
    assert info(paper)["versi_instrumen"] == "instrumen_uji_v9"
    start(db, capsys)
    code, _, err = run(
        "evaluasi",
        "kke",
        "--db",
        db,
        "--upt",
        UNIT,
        "--periode",
        "2024",
        "--instrumen",
        source,
        "--keluar",
        tmp_path / "b.xlsx",
        capsys=capsys,
    )
    assert code == 1 and "instrumen_lapas_industri_v2" in one_line(err) and "tanpa --instrumen" in err


# --------------------------------------------------------------------------- mulai


def test_team_names_come_from_the_users_file(db, tmp_path, monkeypatch, capsys) -> None:
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(users))
    auth.add_user("ani", "Ani Ketua", "auditor", [], "sandi-yang-panjang", path=users)
    evaluasi_id = start(db, capsys)
    tim = store.evaluation(db, evaluasi_id, auth.SYSTEM_ACTOR).tim.set_index("pengguna")["nama"].to_dict()
    assert tim == {"ani": "Ani Ketua", "budi": "budi", "citra": "citra", "dedi": "dedi"}


def test_start_reports_the_team_and_notes_unknown_users(db, tmp_path, monkeypatch, capsys) -> None:
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(users))
    auth.add_user("ani", "Ani Ketua", "auditor", [], "sandi-yang-panjang", path=users)
    code, out, err = run(
        "evaluasi",
        "mulai",
        "--db",
        db,
        "--upt",
        UNIT,
        "--periode",
        "2024",
        "--tim",
        TEAM,
        "--user",
        "ani",
        capsys=capsys,
    )
    assert code == 0 and "ketua tim: Ani Ketua" in out and "anggota: budi" in out
    assert err.startswith("Catatan: budi, citra, dedi tidak ada di berkas pengguna")
    listed = store.list_evaluations(db, auth.SYSTEM_ACTOR)
    assert listed["dibuat_oleh"].tolist() == ["ani"]


@pytest.mark.parametrize(
    ("team", "code", "words"),
    [
        ("ketua_tim=ani,pengendali_teknis=citra", 1, "tepat satu pengendali mutu"),
        ("ketua_tim=ani,pengendali_teknis=ani,pengendali_mutu=dedi", 1, "tertulis dua kali: ani"),
        ("ketua=ani", 2, "peran 'ketua' tidak dikenal"),
        ("ani", 2, "'ani' bukan peran=nama_pengguna"),
        (",", 2, "tim kosong"),
    ],
)
def test_a_bad_team_is_one_line_and_starts_nothing(db, team, code, words, capsys) -> None:
    got, _, err = run("evaluasi", "mulai", "--db", db, "--upt", UNIT, "--periode", "2024", "--tim", team, capsys=capsys)
    assert got == code and words in one_line(err)
    assert store.list_evaluations(db, auth.SYSTEM_ACTOR).empty


def test_a_second_start_of_the_same_unit_and_period_is_refused(db, capsys) -> None:
    evaluasi_id = start(db, capsys)
    code, _, err = run(
        "evaluasi", "mulai", "--db", db, "--upt", UNIT, "--periode", "TA 2024", "--tim", TEAM, capsys=capsys
    )
    assert code == 1 and f"(evaluasi {evaluasi_id})" in one_line(err)


@pytest.mark.parametrize(
    ("text", "label"),
    [("2024", "TA 2024"), ("TA 2023", "TA 2023"), ("2024-01-01..2024-06-30", "1 Januari 2024 s.d. 30 Juni 2024")],
)
def test_periods_of_the_command_line(text, label) -> None:
    period = cli_evaluation.period_arg(text)
    assert period.label == label
    assert cli_evaluation.period_arg(cli_evaluation.period_text(period)) == period


# --------------------------------------------------------------------------- nilai


def test_scores_are_rounded_half_up_to_two_decimals_and_empty_when_none() -> None:
    table = pd.DataFrame(
        {
            "kode_upt": ["=LP-A", "LP-B"],
            "periode": ["TA 2024", "TA 2024"],
            "versi_instrumen": ["v1", "v1"],
            "status": ["draf", "final"],
            "nilai_a": [2.675, float("nan")],
            "nilai_evaluasi": [59.995, float("nan")],
            "predikat": ["Berkembang", None],
        }
    )
    rows = list(csv.reader(io.StringIO(cli_evaluation.scores_csv(table))))
    assert rows[1:] == [
        ["'=LP-A", "TA 2024", "v1", "draf", "2.68", "60.00", "Berkembang"],
        ["LP-B", "TA 2024", "v1", "final", "", "", ""],
    ]


@pytest.mark.parametrize(
    ("value", "text"), [(66.666666667, "66.67"), (60, "60.00"), (0.125, "0.13"), (None, ""), (float("nan"), "")]
)
def test_decimal_text(value, text) -> None:
    assert fmt.decimal_text(value) == text


def test_nilai_for_people_and_with_no_evaluation(db, tmp_path, capsys) -> None:
    header, rows = score_rows(db, capsys)
    assert header == SCORE_HEADER and rows == []
    code, out, _ = run("evaluasi", "nilai", "--db", db, capsys=capsys)
    assert code == 0 and out == "Belum ada evaluasi.\n"
    start(db, capsys)
    paper = fill(export_kke(db, tmp_path / "kke.xlsx", capsys), filled_answers())
    assert (
        run("evaluasi", "impor", "--db", db, "--upt", UNIT, "--periode", "2024", "--user", "ani", paper, capsys=capsys)[
            0
        ]
        == 0
    )
    code, out, _ = run("evaluasi", "nilai", "--db", db, "--upt", UNIT.lower(), capsys=capsys)
    assert code == 0
    assert "66,67" in out and "55,00" in out and "60,00" in out and "Terdefinisi" in out and "Draf" in out
    assert score_rows(db, capsys, "--upt", "LP-BOGOR")[1] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluasi"],
        ["evaluasi", "hapus"],
        ["evaluasi", "mulai", "--upt", UNIT, "--periode", "2024"],
        ["evaluasi", "nilai", "--format", "xml"],
        ["evaluasi", "impor", "--upt", UNIT, "--periode", "2024"],
    ],
)
def test_argparse_errors_of_evaluasi_are_indonesian(argv, capsys) -> None:
    assert main(argv) == 2
    err = one_line(capsys.readouterr().err)
    assert not ENGLISH.search(err), err


def test_review_and_sign_off_from_the_command_line_by_the_team_roles(db, capsys) -> None:
    start(db, capsys)
    base = ("evaluasi", "status", "--db", db, "--upt", UNIT, "--periode", "2024")
    code, out, err = run(*base, "--ke", "final", "--user", "dedi", capsys=capsys)
    assert code == 1 and out == "" and err.startswith("Galat: ") and err.count("\n") == 1  # not reviewed yet
    code, out, err = run(*base, "--ke", "direviu", "--user", "ani", capsys=capsys)
    assert code == 1 and err.startswith("Galat: ")  # the ketua tim does not review
    code, out, _ = run(*base, "--ke", "direviu", "--user", "citra", "--catatan", "cukup", capsys=capsys)
    assert code == 0 and "kini berstatus direviu" in out
    code, out, _ = run(*base, "--ke", "final", "--user", "dedi", capsys=capsys)
    assert code == 0 and "kini berstatus final" in out
    assert score_rows(db, capsys)[1][0]["status"] == "final"
