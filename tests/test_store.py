"""Store: a real DuckDB file in tmp_path: schema, batches, replace with history, undo, locks (migrations: test_migrations)."""

from __future__ import annotations

import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lapas_metrics import schema, store, upload


def upt_rows(*codes: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_upt": list(codes),
            "nama_upt": [f"Lapas {c}" for c in codes],
            "jenis": ["Lapas"] * len(codes),
            "kelas": ["IIA"] * len(codes),
            "kanwil": ["Jawa Barat"] * len(codes),
            "kabupaten_kota": ["Kota Bandung"] * len(codes),
            "kapasitas": pd.array([100] * len(codes), dtype="Int64"),
            "lapas_industri": pd.array([True] * len(codes), dtype="boolean"),
            "komoditas_utama": [None] * len(codes),
            "lat": [None] * len(codes),
            "lon": [None] * len(codes),
        }
    )


def target_rows(values: dict[tuple[str, int], float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_upt": [k for k, _ in values],
            "tahun_anggaran": pd.array([y for _, y in values], dtype="Int64"),
            "target_pnbp_rp": list(values.values()),
        }
    )


def load(db: Path, table: str, rows: pd.DataFrame, sha: str) -> store.BatchResult:
    return store.load_batch(db, table, rows, file_name=f"{sha}.csv", file_bytes=sha.encode(), sha256=sha)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table of the file, rows sorted, for before/after comparisons."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    load(path, "upt", upt_rows("A1", "B2"), "upt-1")
    return path


def test_new_database_has_the_seven_tables_with_the_contract_columns(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    assert store.migrate(path) == store.SCHEMA_VERSION
    with duckdb.connect(str(path), read_only=True) as con:
        for table in schema.TABLES.values():
            described = {r[0]: r[1] for r in con.execute(f"DESCRIBE {table.name}").fetchall()}
            # v7 added pnbp.nomor_perjanjian with ALTER TABLE, after batch_id: SQL names its columns, never their order
            assert [name for name in described if name != "batch_id"] == table.column_names
            assert described["batch_id"] == "BIGINT"
            assert [described[c.name] for c in table.columns] == [c.duckdb_type for c in table.columns], table.name


def test_money_is_stored_exactly_to_the_sen(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 0.1, ("A1", 2018): 0.2, ("B2", 2017): 1234567.5}), "t")
    with duckdb.connect(str(db), read_only=True) as con:
        total = con.execute("SELECT sum(target_pnbp_rp) FROM target_pnbp").fetchall()[0][0]
        kind = con.execute("SELECT typeof(target_pnbp_rp) FROM target_pnbp LIMIT 1").fetchall()[0][0]
    assert total == Decimal("1234567.80")
    assert kind.startswith("DECIMAL")


def test_a_row_with_an_existing_key_is_replaced_and_the_old_version_kept(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 100.0, ("A1", 2018): 200.0}), "first")
    result = load(db, "target_pnbp", target_rows({("A1", 2017): 150.0, ("B2", 2017): 50.0}), "second")
    assert (result.baris_baru, result.baris_diganti) == (1, 1)
    current = store.read_table(db, "target_pnbp").set_index(["kode_upt", "tahun_anggaran"])["target_pnbp_rp"]
    assert current.to_dict() == {("A1", 2017): 150.0, ("A1", 2018): 200.0, ("B2", 2017): 50.0}
    with duckdb.connect(str(db), read_only=True) as con:
        kept = con.execute("SELECT target_pnbp_rp, batch_id, diganti_oleh FROM riwayat_target_pnbp").fetchall()
    assert kept == [(Decimal("100.00"), 2, 3)]


def test_undo_restores_the_exact_prior_values(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 100.25, ("A1", 2018): 200.0}), "first")
    before = snapshot(db)
    second = load(db, "target_pnbp", target_rows({("A1", 2017): 999.99, ("B2", 2017): 50.0}), "second")
    store.undo_batch(db, second.batch_id)
    after = snapshot(db)
    for name in before:
        if name not in ("unggahan", "berkas_asli"):
            assert after[name] == before[name], name


def test_undo_marks_the_batch_and_keeps_its_file(db: Path) -> None:
    batch = load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "only")
    store.undo_batch(db, batch.batch_id)
    log = store.list_batches(db).set_index("batch_id")
    assert log.loc[batch.batch_id, "status"] == store.STATUS_DIBATALKAN
    assert store.batch_file(db, batch.batch_id) == ("only.csv", b"only")
    assert store.read_table(db, "target_pnbp").empty


def test_the_same_file_twice_is_a_no_op(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "same")
    before = snapshot(db)
    again = load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "same")
    assert again.batch_id is None and again.duplikat_dari == 2
    assert "sudah pernah disimpan" in again.message
    assert snapshot(db) == before


def test_a_file_undone_may_be_loaded_again(db: Path) -> None:
    first = load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "same")
    store.undo_batch(db, first.batch_id)
    again = load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "same")
    assert again.batch_id == first.batch_id + 1


@pytest.mark.parametrize(
    ("batch_id", "message"),
    [(99, "Batch 99 tidak ada"), (2, "sudah dibatalkan")],
)
def test_undo_of_an_unknown_or_undone_batch_is_refused(db: Path, batch_id: int, message: str) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "t")
    store.undo_batch(db, 2)
    before = snapshot(db)
    with pytest.raises(store.StoreError, match=message):
        store.undo_batch(db, batch_id)
    assert snapshot(db) == before


def test_undo_of_a_batch_whose_rows_a_later_batch_replaced_is_refused(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("A1", 2017): 100.0}), "first")
    load(db, "target_pnbp", target_rows({("A1", 2017): 150.0}), "second")
    before = snapshot(db)
    with pytest.raises(store.StoreError, match="diganti oleh batch 3"):
        store.undo_batch(db, 2)
    assert snapshot(db) == before
    store.undo_batch(db, 3)
    store.undo_batch(db, 2)
    assert store.read_table(db, "target_pnbp").empty


def test_facts_for_an_unknown_unit_change_nothing(db: Path) -> None:
    before = snapshot(db)
    with pytest.raises(store.StoreError, match="ZZ9"):
        load(db, "target_pnbp", target_rows({("A1", 2017): 1.0, ("ZZ9", 2017): 2.0}), "bad")
    assert snapshot(db) == before


def test_undo_of_an_upt_batch_whose_units_have_facts_is_refused(db: Path) -> None:
    load(db, "target_pnbp", target_rows({("B2", 2017): 1.0}), "t")
    with pytest.raises(store.StoreError, match="B2"):
        store.undo_batch(db, 1)


def test_an_error_inside_a_write_rolls_everything_back(db: Path) -> None:
    before = snapshot(db)
    with pytest.raises(RuntimeError), store.writing(db) as con:
        con.execute("DELETE FROM upt")
        raise RuntimeError("crash in the middle")
    assert snapshot(db) == before


def test_originals_are_kept_once_per_content_beside_the_database(db: Path) -> None:
    first = load(db, "target_pnbp", target_rows({("A1", 2017): 1.0}), "same-bytes")
    store.undo_batch(db, first.batch_id)
    load(db, "target_pnbp", target_rows({("A1", 2017): 1.0}), "same-bytes")
    names = sorted(p.name for p in store.originals_dir(db).iterdir())
    assert len(names) == 2  # the upt file of the fixture and this one, stored once for two batches
    assert store.batch_file(db, first.batch_id) == ("same-bytes.csv", b"same-bytes")


def test_reading_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="init"):
        store.read_table(tmp_path / "none.duckdb", "upt")


def test_a_writer_waits_for_a_short_lock_held_by_another_process(db: Path, monkeypatch, lock_holder) -> None:
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", "20")
    holder = lock_holder(db)
    threading.Timer(1.0, holder.release).start()
    result = load(db, "target_pnbp", target_rows({("A1", 2017): 1.0}), "waited")
    assert result.batch_id == 2


def test_a_writer_gives_up_on_a_long_lock_with_a_clear_message(db: Path, monkeypatch, lock_holder) -> None:
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", "0.5")
    lock_holder(db)
    with pytest.raises(store.StoreBusy, match="sedang dipakai proses lain"):
        load(db, "target_pnbp", target_rows({("A1", 2017): 1.0}), "busy")


def test_the_stamp_changes_when_another_process_writes(db: Path) -> None:
    before = store.db_stamp(db)
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import duckdb; duckdb.connect({str(db)!r}).execute(\"INSERT INTO meta VALUES ('x','y')\")",
        ],
        check=True,
    )
    assert store.db_stamp(db) != before


TARGET_CSV = b"kode_upt,tahun_anggaran,target_pnbp_rp\nA1,2017,1000\n"


def test_check_file_writes_nothing_and_commit_checked_writes_it_once(db: Path) -> None:
    before = snapshot(db)
    checked = upload.check_file(db, "target_pnbp", TARGET_CSV, "t.csv")
    assert checked.ok and snapshot(db) == before
    _, batch = upload.commit_checked(db, checked, TARGET_CSV)
    assert batch is not None and batch.baris_baru == 1
    assert store.batch_file(db, batch.batch_id) == ("t.csv", TARGET_CSV)


def test_commit_checked_refuses_bytes_other_than_the_checked_ones(db: Path) -> None:
    checked = upload.check_file(db, "target_pnbp", TARGET_CSV, "t.csv")
    before = snapshot(db)
    with pytest.raises(store.StoreError, match="berbeda dari yang diperiksa"):
        upload.commit_checked(db, checked, TARGET_CSV.replace(b"1000", b"9999"))
    assert snapshot(db) == before
