"""What goes out: every CSV and XLSX neutralises formula text with fmt's one function; user text escaped for markdown."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lapas_metrics import auth, export, fmt, metrics, schema, store, templates, upload
from lapas_metrics.__main__ import main

HYPERLINK = '=HYPERLINK("http://x")'
SUM = "@SUM(1)"
UPT_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def run(*argv: str, capsys) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


# ---------------------------------------------------------------- the one function


@pytest.mark.parametrize("text", [HYPERLINK, SUM, "+1", "-1+2", "\tx", "\rx"])
def test_formula_text_is_quoted(text: str) -> None:
    assert fmt.neutralise(text) == "'" + text


def test_the_audit_room_uses_the_same_function() -> None:
    assert export.neutralise is fmt.neutralise
    assert export.DANGEROUS_START == fmt.FORMULA_START


def test_inert_frame_touches_text_only() -> None:
    frame = pd.DataFrame({"nama": [HYPERLINK, "Lapas A", None], "nilai": [-5, 0, 3], "rasio": [-0.5, 1.0, None]})
    out = fmt.inert_frame(frame)
    assert out["nama"].tolist()[:2] == ["'" + HYPERLINK, "Lapas A"]
    assert out["nama"].isna().tolist() == [False, False, True]
    assert out["nilai"].tolist() == [-5, 0, 3]  # a negative number is not text
    assert out["nilai"].dtype == frame["nilai"].dtype
    assert frame["nama"].iloc[0] == HYPERLINK  # the input is not changed


def test_csv_bytes_has_a_bom_and_inert_text_and_numbers_as_numbers() -> None:
    data = fmt.csv_bytes(pd.DataFrame({SUM: [HYPERLINK], "n": [-7]}))
    assert data.startswith("\ufeff".encode())
    assert rows_of(data.decode("utf-8-sig")) == [{"'" + SUM: "'" + HYPERLINK, "n": "-7"}]


# ---------------------------------------------------------------- each output


@pytest.fixture
def evil_upt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The upt table with a formula as the example and description of nama_upt (templates echo them)."""
    spec = schema.TABLES["upt"]
    columns = tuple(
        dataclasses.replace(col, example=HYPERLINK, description=SUM) if col.name == "nama_upt" else col
        for col in spec.columns
    )
    monkeypatch.setitem(schema.TABLES, "upt", dataclasses.replace(spec, columns=columns))


def test_template_csv_is_inert(evil_upt: None) -> None:
    code_line, body = templates.template_csv("upt").decode("utf-8-sig").split("\r\n", 1)  # issue 12: codes first
    assert code_line.startswith('"#')
    rows = rows_of(body)
    assert rows[0]["nama_upt"] == "'" + HYPERLINK
    assert rows[0]["lat"] == "-6.9175"  # a number example stays a number


def test_template_xlsx_is_inert(evil_upt: None) -> None:
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("upt")))
    sheet = book["upt"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("nama_upt") + 1).value == "'" + HYPERLINK
    assert sheet.cell(2, header.index("lat") + 1).value == pytest.approx(-6.9175)
    guide = [[cell.value for cell in row] for row in book[templates.GUIDE_SHEET].iter_rows()]
    nama = next(row for row in guide if row[0] == "nama_upt")
    assert ("'" + SUM) in nama and ("'" + HYPERLINK) in nama
    assert not any(str(value).startswith(("=", "@")) for row in guide for value in row if value is not None)


def test_cli_batches_csv_is_inert(tmp_path: Path, capsys) -> None:
    db = tmp_path / "cli.duckdb"
    evil_name = tmp_path / f"{SUM}.csv"
    evil_name.write_text(UPT_CSV)
    assert run("init", "--db", str(db), capsys=capsys)[0] == 0
    assert run("ingest", "--db", str(db), "--table", "upt", str(evil_name), "--user=-2+3", capsys=capsys)[0] == 0
    code, out = run("batches", "--db", str(db), "--format", "csv", capsys=capsys)
    assert code == 0
    row = rows_of(out)[0]
    assert (row["nama_file"], row["batch_id"], row["baris_baru"]) == (f"'{SUM}.csv", "1", "1")
    assert store.list_batches(db)["pengguna"].tolist() == ["-2+3"]  # stored as given, quoted only on the way out


def test_cli_user_list_csv_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    auth.add_user("jahil", HYPERLINK, "auditor", [], "rahasia-123")
    code, out = run("user", "list", "--format", "csv", capsys=capsys)
    assert code == 0
    assert rows_of(out)[0]["nama"] == "'" + HYPERLINK


def test_cli_template_is_inert(evil_upt: None, capsys) -> None:
    code, out = run("template", "--table", "upt", capsys=capsys)
    assert code == 0
    assert rows_of(out)[0]["nama_upt"] == "'" + HYPERLINK


def test_metrics_csv_is_inert() -> None:
    table = pd.DataFrame(
        {"kode_upt": [SUM], "nama_upt": [HYPERLINK], "tahun": [2024], "selisih_rp": [-1500.0], "f": [True]}
    )
    row = rows_of(metrics.metrics_csv(table))[0]
    assert row == {
        "kode_upt": "'" + SUM,
        "nama_upt": "'" + HYPERLINK,
        "tahun": "2024",
        "selisih_rp": "-1500.0",
        "f": "true",
    }


def test_cli_metrics_csv_is_inert(tmp_path: Path, capsys) -> None:
    db = tmp_path / "m.duckdb"
    upload.init_db(db, demo=True)
    with store.writing(db) as con:
        con.execute("UPDATE upt SET nama_upt = ? WHERE kode_upt = 'LP-BOGOR'", [HYPERLINK])
    code, out = run("metrics", "--db", str(db), "--format", "csv", capsys=capsys)
    assert code == 0
    names = {row["kode_upt"]: row["nama_upt"] for row in rows_of(out)}
    assert names["LP-BOGOR"] == "'" + HYPERLINK


# ---------------------------------------------------------------- markdown


UNESCAPED = re.compile(r"(?<!\\)(\]\(|!\[|\*\*|__|<[a-z/])")


@pytest.mark.parametrize(
    "text", ["[klik](http://x)", "![x](http://x/y.png)", "**tebal**", "<img src=x>", "a\n# judul", "$x$", "www.x.id"]
)
def test_plain_leaves_no_markdown(text: str) -> None:
    shown = fmt.plain(text)
    assert not UNESCAPED.search(shown)
    assert "\n" not in shown
    assert re.sub(r"\\(.)", r"\1", shown) == text.replace("\n", " ")  # the text reads the same
