"""upload.check_file gives the save's verdict (UPT scope, role) before the save; refused attempts in the activity log."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import __main__ as cli
from lapas_metrics import auth, store, upload

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas A,Lapas,I,Jawa Barat,Kota Bandung,500,ya\n"
    b"LP-B,Lapas B,Lapas,IIA,Jawa Barat,Kota Bogor,300,tidak\n"
)
TARGETS = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-A,2025,1000\nLP-B,2025,2000\n"
OWN_TARGET = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-A,2025,1000\n"
OPERATOR = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
LEADER = auth.Actor("pim", "Pimpinan", "pimpinan")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    upload.init_db(path)
    assert upload.import_file(path, "upt", UPT_CSV, "upt.csv")[1] is not None
    return path


def refusals(db: Path) -> pd.DataFrame:
    log = store.activity_log(db)
    return log[log["aksi"] == upload.REFUSED_ACTION]


def test_the_check_refuses_an_operators_rows_of_another_unit_as_the_save_would(db: Path) -> None:
    result = upload.check_file(db, "target_pnbp", TARGETS, "target.csv", actor=OPERATOR)
    assert not result.ok and result.problem_count == 1
    problem = result.problems[0]
    assert (problem.baris, problem.kolom) == (None, "kode_upt")
    assert "LP-B" in problem.pesan and "bukan wewenang" in problem.pesan
    # the save refuses with the same sentence
    saved, batch = upload.import_file(db, "target_pnbp", TARGETS, "target.csv", actor=OPERATOR)
    assert batch is None and saved.problems[0].pesan == problem.pesan
    assert store.read_table(db, "target_pnbp").empty


def test_the_check_passes_an_operators_own_rows_and_the_save_agrees(db: Path) -> None:
    result = upload.check_file(db, "target_pnbp", OWN_TARGET, "target.csv", actor=OPERATOR)
    assert result.ok
    _, batch = upload.commit_checked(db, result, OWN_TARGET, actor=OPERATOR)
    assert batch is not None and batch.baris_baru == 1
    assert refusals(db).empty


def test_the_check_refuses_the_unit_list_and_a_role_that_may_not_upload(db: Path) -> None:
    unit_list = upload.check_file(db, "upt", UPT_CSV, "upt.csv", actor=OPERATOR)
    assert not unit_list.ok and "tidak berwenang mengubah daftar UPT" in unit_list.problems[0].pesan
    leader = upload.check_file(db, "target_pnbp", OWN_TARGET, "target.csv", actor=LEADER)
    assert not leader.ok and "tidak berwenang mengunggah" in leader.problems[0].pesan
    with pytest.raises(auth.Forbidden) as refused:
        upload.import_file(db, "target_pnbp", OWN_TARGET, "target.csv", actor=LEADER)
    assert leader.problems[0].pesan == str(refused.value)


def test_a_refused_check_is_in_the_activity_log_with_user_table_file_and_reason(db: Path) -> None:
    upload.check_file(db, "target_pnbp", TARGETS, "target_opa.csv", actor=OPERATOR)
    logged = refusals(db)
    assert len(logged) == 1
    line = logged.iloc[0]
    assert line["pengguna"] == "opa"
    assert "target_pnbp target_opa.csv" in line["rincian"] and "ditolak saat pemeriksaan" in line["rincian"]
    assert "LP-B" in line["rincian"]


def test_a_refusal_at_the_save_is_logged_too(db: Path) -> None:
    # checked by an admin, then saved by the operator: the save applies the operator's scope again
    checked = upload.check_file(db, "target_pnbp", TARGETS, "target.csv")
    assert checked.ok and refusals(db).empty
    result, batch = upload.commit_checked(db, checked, TARGETS, actor=OPERATOR)
    assert batch is None and "bukan wewenang" in result.problems[0].pesan
    logged = refusals(db)
    assert len(logged) == 1 and "ditolak saat penyimpanan" in logged.iloc[0]["rincian"]
    assert logged.iloc[0]["pengguna"] == "opa"


def test_the_command_line_logs_a_refused_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "salah.csv"
    source.write_bytes(b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-TIDAKADA,2025,1000\n")
    code = cli.main(["ingest", "--db", str(db), "--table", "target_pnbp", "--user", "budi", str(source)])
    assert code == 1 and "LP-TIDAKADA" in capsys.readouterr().err
    logged = refusals(db)
    assert len(logged) == 1 and logged.iloc[0]["pengguna"] == "budi"
    assert "target_pnbp salah.csv" in logged.iloc[0]["rincian"] and "LP-TIDAKADA" in logged.iloc[0]["rincian"]


def test_batches_csv_carries_the_three_counts(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "t1.csv", tmp_path / "t2.csv"
    first.write_bytes(TARGETS)
    second.write_bytes(TARGETS.replace(b"2000", b"2500") + b"LP-A,2026,10\n")
    for source in (first, second):
        assert cli.main(["ingest", "--db", str(db), "--table", "target_pnbp", str(source)]) == 0
    assert "1 baris baru, 1 baris diganti, 1 baris sama" in capsys.readouterr().out
    assert cli.main(["batches", "--db", str(db), "--format", "csv"]) == 0
    log = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert ["baris_baru", "baris_diganti", "baris_sama"] == [c for c in log.columns if c.startswith("baris_")]
    assert log[["batch_id", "baris_baru", "baris_diganti", "baris_sama"]].values.tolist() == [
        [3, 1, 1, 1],
        [2, 2, 0, 0],
        [1, 2, 0, 0],
    ]
