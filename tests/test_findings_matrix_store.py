"""The findings matrix against a real database: checked without writing, stored all or nothing, by who may."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lapas_metrics import audit, auth, store
from tests import findings_db

AUDITOR = auth.Actor("ani", "Ani", "auditor")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return findings_db.units_db(tmp_path_factory.mktemp("units") / "lapas.duckdb")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(template, tmp_path / "lapas.duckdb"))


def test_a_check_writes_nothing_and_a_commit_stores_everything(db: Path) -> None:
    checked = audit.check_matrix(db, findings_db.MATRIX_CSV, "matriks.csv", AUDITOR)
    assert checked.ok and len(checked.findings) == 4
    assert store.list_findings(db, AUDITOR).empty
    done = audit.commit_matrix(db, checked, AUDITOR)
    assert done.stored and len(done.temuan_ids) == 4
    found = store.list_findings(db, AUDITOR)
    assert found["nomor_temuan"].tolist() == ["T-A1", "T-A2", "T-B1", "T-C1"]
    assert found.set_index("nomor_temuan")["nilai_temuan_rp"].to_dict()["T-B1"] == 4_000_000


def test_a_number_recorded_between_check_and_commit_is_the_stores_refusal(db: Path) -> None:
    checked = audit.check_matrix(db, findings_db.MATRIX_CSV, "matriks.csv", AUDITOR)
    first_only = findings_db.HEADER + "\n" + findings_db.MATRIX_ROWS[3] + "\n"
    assert audit.import_matrix(db, first_only.encode(), "satu.csv", AUDITOR).stored  # T-B1, meanwhile
    done = audit.commit_matrix(db, checked, AUDITOR)
    assert not done.stored and done.result.problem_count >= 1
    assert any("T-B1" in problem.pesan for problem in done.result.problems)
    assert store.list_findings(db, AUDITOR)["nomor_temuan"].tolist() == ["T-B1"]  # nothing else stored


@pytest.mark.parametrize("actor", [auth.Actor("budi", "Budi", "operator", ("LP-A",)), auth.Actor("p", "P", "pimpinan")])
def test_only_who_may_record_findings_imports(db: Path, actor: auth.Actor) -> None:
    with pytest.raises(auth.Forbidden):
        audit.import_matrix(db, findings_db.MATRIX_CSV, "matriks.csv", actor)
    assert store.list_findings(db, AUDITOR).empty


def test_a_rejected_file_is_never_committed(db: Path) -> None:
    checked = audit.check_matrix(db, findings_db.MATRIX_CSV.replace(b"LP-C", b"LP-X"), "matriks.csv", AUDITOR)
    assert not checked.ok
    assert not audit.commit_matrix(db, checked, AUDITOR).stored
    assert store.list_findings(db, AUDITOR).empty


def test_the_export_frame_holds_the_finding_dates(db: Path) -> None:
    assert audit.import_matrix(db, findings_db.MATRIX_CSV, "matriks.csv", AUDITOR).stored
    frame = audit.matrix_frame(db, AUDITOR)
    assert list(frame.columns) == [*store.MATRIX_COLUMNS, "tanggal_temuan"]
    assert len(frame) == 5
    dates = frame.drop_duplicates("nomor_temuan").set_index("nomor_temuan")["tanggal_temuan"]
    assert str(dates["T-A1"])[:10] == "2026-01-15"
