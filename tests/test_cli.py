"""Command line: exit codes and messages of init, ingest, batches, undo, template and metrics."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import __main__ as cli
from lapas_metrics import metrics, schema, store
from lapas_metrics.__main__ import BATCH_COLUMNS, main

UPT_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    "LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
PARTISIPASI_CSV = (
    "kode_upt,periode,jumlah_penghuni,napi_asimilasi,wbp_bekerja,wbp_pelatihan,wbp_bersertifikat,premi_dibayar_rp\n"
    "LP-A,2017-01,150,80,30,5,2,3000000\n"
    "LP-B,2017-01,70,,7,0,0,700000\n"
)


def run(*argv: str, capsys) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "cli.duckdb"
    (tmp_path / "upt.csv").write_text(UPT_CSV)
    assert run("init", "--db", str(path), capsys=capsys)[0] == 0
    assert run("ingest", "--db", str(path), "--table", "upt", str(tmp_path / "upt.csv"), capsys=capsys)[0] == 0
    return path


def test_init_creates_an_empty_database(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.duckdb"
    code, out, _ = run("init", "--db", str(path), capsys=capsys)
    assert code == 0 and "Basis data siap" in out
    assert store.table_counts(path) == {name: 0 for name in schema.TABLES}


def test_ingest_commits_and_prints_a_summary(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    code, out, _ = run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    assert code == 0
    assert "2 baris baru, 0 baris diganti" in out
    assert len(store.read_table(db, "partisipasi")) == 2


def test_ingest_rejects_a_bad_file_with_the_row_and_column_and_changes_nothing(
    db: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(PARTISIPASI_CSV.replace("LP-B,2017-01,70,,7", "LP-B,2017-01,70,,90"))
    code, _, err = run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    assert code == 1
    assert "Baris 3, kolom wbp_bekerja: 90 melebihi jumlah_penghuni (70)" in err
    assert store.read_table(db, "partisipasi").empty
    assert len(store.list_batches(db)) == 1


def test_the_same_file_twice_says_so_and_exits_0(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    code, out, _ = run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    assert code == 0 and "sudah pernah disimpan (batch 2)" in out
    assert len(store.list_batches(db)) == 2


def test_batches_prints_the_log_newest_first_as_csv(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    code, out, _ = run("batches", "--db", str(db), "--format", "csv", capsys=capsys)
    log = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert list(log.columns) == BATCH_COLUMNS
    assert log["batch_id"].tolist() == [2, 1]
    assert log["tabel"].tolist() == ["partisipasi", "upt"]


def test_undo_reverts_a_batch_and_refuses_a_second_time(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    assert run("undo", "--db", str(db), "2", capsys=capsys)[0] == 0
    assert store.read_table(db, "partisipasi").empty
    code, _, err = run("undo", "--db", str(db), "2", capsys=capsys)
    assert code == 1 and "sudah dibatalkan" in err


def test_undo_of_an_unknown_batch_fails_clearly(db: Path, capsys) -> None:
    code, _, err = run("undo", "--db", str(db), "42", capsys=capsys)
    assert code == 1 and err.strip() == "Galat: Batch 42 tidak ada."


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_template_prints_the_header_and_one_example_row(table: str, capsys) -> None:
    code, out, _ = run("template", "--table", table, capsys=capsys)
    frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert code == 0
    assert list(frame.columns) == schema.TABLES[table].column_names
    assert len(frame) == 1


def test_metrics_prints_one_row_per_upt_with_flags_as_true_false(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    code, out, _ = run("metrics", "--db", str(db), "--tahun", "2017", "--format", "csv", capsys=capsys)
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert code == 0
    assert list(table.columns) == list(metrics.METRICS_TABLE_COLUMNS)
    assert table["kode_upt"].tolist() == ["LP-A", "LP-B"]
    # tingkat_partisipasi of LP-A: 30 / 150 = 0.2
    assert float(table.loc[0, "tingkat_partisipasi"]) == pytest.approx(0.2)
    assert set(table["partisipasi_rendah"]) <= {"true", "false"}


def test_metrics_for_a_year_without_data_exits_1(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    code, _, err = run("metrics", "--db", str(db), "--tahun", "2030", capsys=capsys)
    assert code == 1 and "Tidak ada data untuk tahun 2030" in err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["ingest", "--table", "nope", "x.csv"], 2, "pilihan 'nope' tidak ada"),
        (["frobnicate"], 2, "pilihan 'frobnicate' tidak ada"),
        (["undo", "--db", "{db}", "satu"], 2, "bukan bilangan bulat"),
        (["ingest", "--db", "{db}", "--table", "upt", "{tmp}/missing.csv"], 1, "tidak ada atau tidak dapat dibaca"),
        (["batches", "--db", "{tmp}/none.duckdb"], 1, "tidak ada"),
    ],
)
def test_bad_arguments_get_one_line_and_a_non_zero_exit(
    db: Path, tmp_path: Path, capsys, argv: list[str], code: int, message: str
) -> None:
    filled = [a.format(db=db, tmp=tmp_path) for a in argv]
    got, out, err = run(*filled, capsys=capsys)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unreadable_file_is_rejected_without_a_traceback(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "garbage.xlsx"
    source.write_bytes(b"PK\x03\x04 this is not really a spreadsheet")
    done = subprocess.run(
        [sys.executable, "-m", "lapas_metrics", "ingest", "--db", str(db), "--table", "upt", str(source)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "ditolak" in done.stderr


def test_init_demo_loads_every_table_through_the_importer(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.duckdb"
    code, out, _ = run("init", "--db", str(path), "--demo", capsys=capsys)
    assert code == 0
    counts = store.table_counts(path)
    assert counts["upt"] == 33 and all(counts[name] > 0 for name in schema.TABLES)
    assert store.is_demo(path)
    assert len(store.list_batches(path)) == len(schema.TABLES)


PARTISIPASI_HEADER = PARTISIPASI_CSV.splitlines()[0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing column", "kode_upt,periode,jumlah_penghuni\nLP-A,2017-01,150\n", "wbp_bekerja"),
        (
            "bad number",
            PARTISIPASI_HEADER + "\nLP-A,2017-01,seratus,80,30,5,2,3000000\n",
            "Baris 2, kolom jumlah_penghuni",
        ),
        (
            "negative",
            PARTISIPASI_HEADER + "\nLP-A,2017-01,150,80,30,5,-2,3000000\n",
            "Baris 2, kolom wbp_bersertifikat",
        ),
        ("unknown unit", PARTISIPASI_HEADER + "\nLP-Z,2017-01,150,80,30,5,2,3000000\n", "LP-Z"),
        ("duplicate key", PARTISIPASI_CSV + "LP-A,2017-01,150,80,30,5,2,3000000\n", "Baris 4"),
        (
            "working > occupants",
            PARTISIPASI_HEADER + "\nLP-A,2017-01,150,80,300,5,2,3000000\n",
            "melebihi jumlah_penghuni",
        ),
        (
            "period out of range",
            PARTISIPASI_HEADER + "\nLP-A,1999-12,150,80,30,5,2,3000000\n",
            "Baris 2, kolom periode",
        ),
        ("bad period", PARTISIPASI_HEADER + "\nLP-A,Juni 20017,150,80,30,5,2,3000000\n", "Baris 2, kolom periode"),
        ("empty file", "", "kosong"),
    ],
)
def test_every_kind_of_rejection_leaves_every_table_as_it_was(
    db: Path, tmp_path: Path, capsys, name: str, content: str, words: str
) -> None:
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV)
    run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    before = {table: store.read_table(db, table, with_batch=True) for table in schema.TABLES}
    log_before = store.list_batches(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, _, err = run("ingest", "--db", str(db), "--table", "partisipasi", str(bad), capsys=capsys)
    assert code == 1, name
    assert words in err, err
    for table in schema.TABLES:
        pd.testing.assert_frame_equal(store.read_table(db, table, with_batch=True), before[table])
    pd.testing.assert_frame_equal(store.list_batches(db), log_before)


def test_a_file_over_the_size_limit_is_refused_before_reading(db: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAPAS_MAX_UPLOAD_MB", "0.0001")
    source = tmp_path / "partisipasi.csv"
    source.write_text(PARTISIPASI_CSV * 3)
    code, _, err = run("ingest", "--db", str(db), "--table", "partisipasi", str(source), capsys=capsys)
    assert code == 1 and "lebih besar dari batas" in err
    assert store.read_table(db, "partisipasi").empty


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (OSError(28, "No space left on device", "/data/users.toml"), "Ruang disk penuh (/data/users.toml)"),
        (PermissionError(13, "Permission denied", "/data/x"), "Tidak ada izin"),
        (RuntimeError("something broke inside a library"), "Galat tak terduga (RuntimeError)"),
    ],
)
def test_an_unforeseen_failure_is_one_indonesian_line_without_the_library_text(
    failure: Exception, expected: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    def fail(_args: object) -> int:
        raise failure

    monkeypatch.setitem(cli.COMMANDS, "init", fail)
    code, out, err = run("init", "--db", str(tmp_path / "x.duckdb"), capsys=capsys)
    assert code == 1 and out == ""
    assert expected in err and len(err.strip().splitlines()) == 1
    assert "No space" not in err and "Permission denied" not in err and "something broke" not in err
