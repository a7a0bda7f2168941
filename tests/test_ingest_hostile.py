"""Hostile and damaged files: bounded by what they hold, answered in one Indonesian line, nothing bad stored."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import hostile
import openpyxl
import pytest
from hostile import PRODUKSI, ROW

from lapas_metrics import config, schema
from lapas_metrics.ingest import IngestResult, read_upload
from lapas_metrics.ingest.xlsx import DAMAGED

TODAY = datetime.date(2024, 6, 1)
PROJECT = Path(__file__).resolve().parent.parent
PARTISIPASI = schema.PARTISIPASI.column_names
LIBRARY_TEXT = ("zip", "invalid literal", "Error", "error", "line 1", "column", "token", "Traceback")


def read(data: bytes, file_name: str = "data.xlsx", table: str = "produksi") -> IngestResult:
    return read_upload(data, file_name, table, today=TODAY)


def rejected(result: IngestResult) -> list[str]:
    assert not result.ok
    assert result.rows.empty
    return [problem.pesan for problem in result.problems]


def file_message(result: IngestResult) -> str:
    (message,) = rejected(result)
    assert result.problems[0].baris is None
    assert "\n" not in message
    return message


def csv(*rows: str, header: list[str] = PRODUKSI) -> bytes:
    return ("\n".join([",".join(header), *rows]) + "\n").encode()


def partisipasi_xlsx(jumlah_penghuni: object) -> bytes:
    rows = [PARTISIPASI, ["LP1", "2017-01", jumlah_penghuni, 0, 1, 1, 1, 10]]
    return hostile.package(hostile.sheet_xml(hostile.sheet_rows(rows)))


# --- bounded by what the file holds -----------------------------------------------------------


def test_a_claimed_grid_with_one_far_cell_is_answered_by_the_column_limit():
    data = hostile.huge_dimension()
    assert len(data) < 5_000
    assert file_message(read(data)) == (
        "Baris 1048576 berisi data di luar 256 kolom pertama; hapus kolom yang tidak dipakai."
    )


def test_a_far_row_alone_is_no_problem():
    rows = hostile.sheet_rows([PRODUKSI, ROW]) + hostile.sheet_rows([ROW[:3] + ["Lain", *ROW[4:]]], first=1048576)
    result = read(hostile.package(hostile.sheet_xml(rows, "A1:XFD1048576")))
    assert result.ok, result.problems
    assert len(result.rows) == 2


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: hostile.shared_strings_bomb(megabytes=3), "melebihi batas 1 MB"),
        (lambda: hostile.empty_rows_bomb(megabytes=3), "melebihi batas 1 MB"),
    ],
)
def test_inflating_past_the_unpacked_limit_is_refused(monkeypatch, build, expected):
    monkeypatch.setenv("LAPAS_MAX_UNPACKED_MB", "1")
    data = build()
    assert len(data) < 100_000
    assert expected in file_message(read(data))


def test_a_part_larger_than_its_zip_entry_claims_is_refused_as_damaged():
    data = hostile.produksi_xlsx([ROW] * 50)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    central = data.find(b"PK\x01\x02" + data[data.find(b"PK\x01\x02") + 4 : data.find(b"PK\x01\x02") + 4])
    patched = bytearray(data)
    entry = patched.find(b"xl/worksheets/sheet1.xml", central) - 46  # its central directory entry
    assert patched[entry : entry + 4] == b"PK\x01\x02"
    patched[entry + 24 : entry + 28] = (info.file_size // 10).to_bytes(4, "little")
    assert file_message(read(bytes(patched))) == DAMAGED


def test_columns_beyond_the_limit(monkeypatch):
    monkeypatch.setenv("LAPAS_MAX_COLUMNS", "20")
    assert "di luar 20 kolom pertama" in file_message(read(hostile.wide_row(columns=30)))
    assert "di luar 20 kolom pertama" in file_message(read(csv(",".join(["LP1"] * 30)), "a.csv"))


def test_rows_beyond_the_limit(monkeypatch):
    monkeypatch.setenv("LAPAS_MAX_ROWS", "5")
    rows = [[*ROW[:3], f"Produk {i}", *ROW[4:]] for i in range(10)]
    assert (
        file_message(read(hostile.produksi_xlsx(rows)))
        == "File berisi lebih dari 5 baris; pecah menjadi beberapa file."
    )
    text = [",".join(str(v) for v in row) for row in rows]
    assert "lebih dari 5 baris" in file_message(read(csv(*text), "a.csv"))


def test_a_cell_beyond_the_length_limit():
    assert file_message(read(hostile.long_cell(40_000))) == "Baris 2, kolom ke-4: isi sel lebih dari 32.767 karakter."
    row = ",".join(["LP1", "2017-01", "Jasa", "x" * 40_000, "1", "kg", "100"])
    assert file_message(read(csv(row), "a.csv")) == "Baris 2, kolom ke-4: isi sel lebih dari 32.767 karakter."


def test_entities_in_a_doctype_are_refused():
    assert file_message(read(hostile.billion_laughs())) == DAMAGED


def test_limits_are_settings_with_the_documented_defaults():
    assert (config.max_rows(), config.max_columns(), config.max_cell_chars()) == (1_000_000, 256, 32_767)
    assert config.max_unpacked_bytes() == 32 * 2**20


# --- every row the sheet has ------------------------------------------------------------------


@pytest.mark.parametrize("dimension", ["A1:H3", "A1"])
def test_the_declared_dimension_is_not_trusted(dimension):
    rows = [[*ROW[:3], f"Produk {i}", *ROW[4:]] for i in range(10)]
    result = read(hostile.produksi_xlsx(rows, dimension))
    assert result.ok, result.problems
    assert result.rows["produk"].tolist() == [f"Produk {i}" for i in range(10)]


# --- never a crash or foreign text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "file_name", "expected"),
    [
        (partisipasi_xlsx(("", "<v>12345678901234567890</v>")), "p.xlsx", "Baris 2, kolom jumlah_penghuni: "),
        (
            csv("LP1,2017-01,12345678901234567890,0,1,1,1,10", header=PARTISIPASI),
            "p.csv",
            "Baris 2, kolom jumlah_penghuni: ",
        ),
        (partisipasi_xlsx(("", "<v>1e999</v>")), "p.xlsx", "Baris 2, kolom jumlah_penghuni: '1e999' bukan angka"),
        (
            csv("LP1,2017-01,1e999,0,1,1,1,10", header=PARTISIPASI),
            "p.csv",
            "Baris 2, kolom jumlah_penghuni: '1e999' bukan",
        ),
        (partisipasi_xlsx(("", "<v>NaN</v>")), "p.xlsx", "Baris 2, kolom jumlah_penghuni: 'NaN' bukan angka yang sah"),
        (partisipasi_xlsx(("", "<v>INF</v>")), "p.xlsx", "Baris 2, kolom jumlah_penghuni: 'INF' bukan angka yang sah"),
        (
            csv("LP1,2017-01,inf,0,1,1,1,10", header=PARTISIPASI),
            "p.csv",
            "Baris 2, kolom jumlah_penghuni: 'inf' bukan angka",
        ),
        (
            partisipasi_xlsx(("", "<v>9007199254740993</v>")),
            "p.xlsx",
            "Baris 2, kolom jumlah_penghuni: 9007199254740993 terlalu besar",
        ),
    ],
)
def test_numbers_no_column_can_hold_are_row_and_column_problems(data, file_name, expected):
    (message,) = rejected(read(data, file_name, "partisipasi"))
    assert message.startswith(expected), message


def test_a_quantity_too_large_to_keep_exactly_is_a_row_and_column_problem():
    """jumlah is a DOUBLE: a 19-digit quantity would be stored with its last digits changed."""
    (message,) = rejected(read(csv("LP1,2017-01,Jasa,Cuci,1234567890123456789,kg,100"), "a.csv"))
    assert message.startswith("Baris 2, kolom jumlah: 1234567890123456789 terlalu besar"), message


def test_a_bare_cr_beside_a_quoted_field_ends_the_line():
    data = csv('LP1,2017-01,Jasa,"Cuci",1,kg,100\r"LP1",2017-02,Jasa,Cuci,1,kg,100')
    result = read(data, "a.csv")
    assert result.ok, result.problems
    assert result.rows["periode"].dt.month.tolist() == [1, 2]


def test_an_unclosed_quote_is_answered_in_indonesian():
    data = csv('LP1,2017-01,Jasa,"Cuci,1,kg,100\r' + "\n".join(["LP1,2017-02,Jasa,x" * 20_000]))
    message = file_message(read(data, "a.csv"))
    assert "tanda kutip" in message or "karakter" in message


def _good_xlsx() -> bytes:
    return hostile.produksi_xlsx([ROW] * 20)


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        (_good_xlsx()[: len(_good_xlsx()) // 2], "a.xlsx"),
        (_good_xlsx()[:-30], "a.xlsx"),
        (b"PK\x03\x04" + b"\x00" * 200, "a.xlsx"),
        (csv(",".join(map(str, ROW))), "a.xlsx"),
        (hostile.package("<worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>"), "a.xlsx"),
        (hostile.package(hostile.sheet_xml('<row r="x"><c t="s"><v>7</v></c></row>')), "a.xlsx"),
    ],
    ids=["truncated", "no-directory-end", "not-a-zip", "csv-named-xlsx", "bad-xml", "bad-references"],
)
def test_damaged_workbooks_get_one_indonesian_line(data, file_name):
    message = file_message(read(data, file_name))
    assert message.startswith("File ")
    assert not any(text in message for text in LIBRARY_TEXT), message


def test_the_command_line_prints_no_library_text_or_warning(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(_good_xlsx()[:500])
    env = {**os.environ, "LAPAS_DB": str(tmp_path / "lapas.duckdb"), "PYTHONWARNINGS": "default"}
    subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "init"], cwd=PROJECT, env=env, check=True, capture_output=True
    )
    for path in (bad, tmp_path / "nan.xlsx"):
        if path.name == "nan.xlsx":
            path.write_bytes(partisipasi_xlsx(("", "<v>NaN</v>")))
        table = "partisipasi" if path.name == "nan.xlsx" else "produksi"
        done = subprocess.run(
            [sys.executable, "-m", "lapas_metrics", "ingest", "--table", table, str(path)],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert lines[0].startswith(f"Berkas {path.name} ditolak: "), done.stderr
        assert all(line.startswith("- Baris 2, kolom ") or line == f"- {DAMAGED}" for line in lines[1:]), done.stderr
        assert not any(text in done.stderr for text in ("Warning", "Traceback", "zip", "invalid literal"))


# --- never a bad value stored -----------------------------------------------------------------


def test_nul_past_the_first_megabyte_is_a_row_and_column_problem():
    rows = [f"LP1,2017-01,Jasa,Produk {i},1,kg,100" for i in range(40_000)]
    rows.append("LP1,2017-02,Jasa,Cu\x00ci,1,kg,100")
    data = csv(*rows)
    assert len(data) > 2**20
    (message,) = rejected(read(data, "a.csv"))
    assert message == "Baris 40002, kolom produk: berisi karakter NUL (file rusak atau bukan teks)"


def test_nul_in_an_xlsx_cell_is_a_row_and_column_problem():
    (message,) = rejected(read(hostile.produksi_xlsx([[*ROW[:3], "Cu_x0000_ci", *ROW[4:]]])))
    assert message == "Baris 2, kolom produk: berisi karakter NUL (file rusak atau bukan teks)"


@pytest.mark.parametrize("column", [6, 7])  # nilai_produksi_rp (required), nilai_penjualan_rp (optional)
def test_a_formula_without_a_cached_value_is_not_read_as_empty(column):
    header = [*PRODUKSI, "nilai_penjualan_rp"]
    values = [*ROW, 50]
    values[column] = ("", "<f>SUM(G1:G9)</f>")
    data = hostile.package(hostile.sheet_xml(hostile.sheet_rows([header, values])))
    (message,) = rejected(read(data))
    assert message == (
        f"Baris 2, kolom {header[column]}: rumus tanpa nilai tersimpan; buka file di Excel, simpan ulang, lalu unggah lagi"
    )


def test_a_formula_with_its_cached_value_is_read():
    values = [*ROW[:6], ("", "<f>SUM(A1)</f><v>250</v>")]
    result = read(hostile.produksi_xlsx([values]))
    assert result.ok and result.rows["nilai_produksi_rp"].tolist() == [250.0]


def test_an_error_cell_is_a_row_and_column_problem():
    values = [*ROW[:6], (' t="e"', "<f>1/0</f><v>#DIV/0!</v>")]
    (message,) = rejected(read(hostile.produksi_xlsx([values])))
    assert message == "Baris 2, kolom nilai_produksi_rp: sel berisi galat rumus #DIV/0!"


def test_money_beyond_the_column_type_is_rejected_not_wrapped():
    (message,) = rejected(read(csv("LP1,2017-01,Jasa,Cuci,1,kg,99999999999999999"), "a.csv"))
    assert message == "Baris 2, kolom nilai_produksi_rp: 99999999999999999 melebihi batas Rp 10.000.000.000.000"
    assert schema.MONEY_MAX == 10**13


# --- closing rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_total_row_followed_by_a_signature_block_is_skipped_with_a_warning(kind):
    rows = [ROW, ["Jumlah", None, None, None, 1, None, 100], [], ["Bandung, 31 Januari 2017"], ["Kepala Lapas"]]
    if kind == "csv":
        data = csv(*(",".join("" if v is None else str(v) for v in row) for row in rows))
    else:
        data = hostile.produksi_xlsx(rows)
    result = read(data, f"a.{kind}")
    assert result.ok, result.problems
    assert len(result.rows) == 1
    assert result.warnings == [
        "Baris 3 ('Jumlah') dianggap baris jumlah dan dilewati, bersama 2 baris di bawahnya (tanda tangan atau catatan)."
    ]


def test_a_total_row_above_more_data_is_not_skipped():
    result = read(csv("LP1,2017-01,Jasa,Cuci,1,kg,100", "Total,,,,1,,100", "LP1,2017-02,Jasa,Cuci,1,kg,100"), "a.csv")
    assert not result.ok
    assert result.problems[0].pesan == "Baris 3, kolom periode: wajib diisi"


# --- what Excel and LibreOffice write still reads ---------------------------------------------


def test_shared_strings_styles_and_excel_dates():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "produksi"
    sheet.append(PRODUKSI)
    sheet.append(["LP1", datetime.datetime(2017, 3, 1), "Jasa", "Cuci", 1.5, "kg", 100])
    sheet["B2"].number_format = "mmm-yy"
    buffer = io.BytesIO()
    book.save(buffer)
    result = read(buffer.getvalue())
    assert result.ok, result.problems
    assert result.rows["periode"].tolist() == [datetime.datetime(2017, 3, 1)]
    assert result.rows["jumlah"].tolist() == [1.5]
