"""The as-of date and the reporting deadline as settings and on the command line (`metrics --per-tanggal`)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import config
from lapas_metrics.__main__ import main

UPT_CSV = (
    "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    "LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
)
PARTISIPASI_CSV = (
    "kode_upt,periode,jumlah_penghuni,napi_asimilasi,wbp_bekerja,wbp_pelatihan,wbp_bersertifikat,premi_dibayar_rp\n"
    "LP-A,2017-01,150,80,30,5,2,3000000\n"
)


@pytest.mark.parametrize(("raw", "expected"), [(None, 10), ("", 10), ("15", 15), ("31", 31), ("0", 10), ("9.5", 10)])
def test_batas_hari_lapor_setting(monkeypatch: pytest.MonkeyPatch, raw, expected) -> None:
    if raw is None:
        monkeypatch.delenv("LAPAS_BATAS_HARI_LAPOR", raising=False)
    else:
        monkeypatch.setenv("LAPAS_BATAS_HARI_LAPOR", raw)
    assert config.batas_hari_lapor() == expected


@pytest.mark.parametrize(("raw", "expected"), [("2026-02-15", dt.date(2026, 2, 15)), ("", None), ("besok", None)])
def test_per_tanggal_setting_is_today_unless_a_date(monkeypatch: pytest.MonkeyPatch, raw, expected) -> None:
    monkeypatch.setenv("LAPAS_PER_TANGGAL", raw)
    assert config.per_tanggal() == expected  # None: the caller takes today in the local zone


def run(*argv: str, capsys) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "cli.duckdb"
    (tmp_path / "upt.csv").write_text(UPT_CSV)
    (tmp_path / "partisipasi.csv").write_text(PARTISIPASI_CSV)
    assert run("init", "--db", str(path), capsys=capsys)[0] == 0
    for table in ("upt", "partisipasi"):
        assert run("ingest", "--db", str(path), "--table", table, str(tmp_path / f"{table}.csv"), capsys=capsys)[0] == 0
    return path


@pytest.mark.parametrize(("as_of", "expected"), [("2017-02-09", "0"), ("2017-02-10", "1"), ("2017-06-30", "5")])
def test_metrics_per_tanggal_decides_the_months_expected(db: Path, capsys, as_of: str, expected: str) -> None:
    code, out, _ = run(
        "metrics", "--db", str(db), "--tahun", "2017", "--per-tanggal", as_of, "--format", "csv", capsys=capsys
    )
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert code == 0 and table["bulan_diharapkan"].tolist() == [expected]


def test_metrics_without_per_tanggal_is_as_of_today(db: Path, capsys) -> None:
    code, out, _ = run("metrics", "--db", str(db), "--tahun", "2017", "--format", "csv", capsys=capsys)
    assert code == 0 and pd.read_csv(io.StringIO(out))["bulan_diharapkan"].tolist() == [12]


@pytest.mark.parametrize("bad", ["2026-02-30", "15-02-2026", "kemarin", "20260215", ""])
def test_a_bad_per_tanggal_is_one_indonesian_sentence_and_exit_2(db: Path, capsys, bad: str) -> None:
    code, out, err = run("metrics", "--db", str(db), "--per-tanggal", bad, capsys=capsys)
    assert code == 2 and out == ""
    assert (
        err.strip()
        == f"Galat: --per-tanggal '{bad}' bukan tanggal yang sah; tulis tahun-bulan-tanggal, mis. 2026-02-15."
    )


def test_the_help_of_per_tanggal_is_indonesian(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["metrics", "--help"])
    assert "posisi data per tanggal ini (bawaan: hari ini)" in " ".join(capsys.readouterr().out.split())
