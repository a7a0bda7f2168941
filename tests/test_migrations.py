"""Migrations: the frozen v1 baseline, and real v1 and v2 files (tests/fixtures) opened by today's code."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from lapas_metrics import schema, store, upload
from lapas_metrics.store import migrations

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = FIXTURES / "source"
# (fixture, its schema version, its batches, the batch it holds as undone)
OLD_FILES = {"v1": (1, 5, None), "v2": (2, 6, 6)}
DATA_AND_HISTORY = [*schema.TABLES, *(f"riwayat_{name}" for name in schema.TABLES)]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table of the file, rows sorted, read with DuckDB alone (no migration on open)."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}


def shape(db: Path) -> dict[str, list[tuple]]:
    """Per table: its columns in order (name, type, nullable) and its constraints (kind, columns)."""
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY table_name, column_index"
        ).fetchall()
        constraints = con.execute(
            "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
            "WHERE database_name = current_database() ORDER BY ALL"
        ).fetchall()
    tables: dict[str, list[tuple]] = {}
    for table, *column in columns:
        tables.setdefault(table, []).append(tuple(column))
    for table, *constraint in constraints:
        tables[table].append(tuple(constraint))
    return tables


@pytest.fixture(params=list(OLD_FILES))
def old(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    """A copy of one committed fixture in tmp_path, never the fixture itself."""
    copy = tmp_path / f"lapas_{request.param}.duckdb"
    shutil.copyfile(FIXTURES / f"lapas_{request.param}.duckdb", copy)
    return request.param, copy


def test_the_fixtures_are_small_and_at_their_versions() -> None:
    for name, (version, batches, _) in OLD_FILES.items():
        fixture = FIXTURES / f"lapas_{name}.duckdb"
        assert fixture.stat().st_size < 2 * 1024 * 1024
        tables = snapshot(fixture)
        assert tables["meta"] == [("schema_version", str(version))]
        assert len(tables["unggahan"]) == len(tables["berkas"]) == batches


def test_the_frozen_baseline_lays_the_schema_of_the_v1_file(tmp_path: Path) -> None:
    fresh = tmp_path / "baseline.duckdb"
    with duckdb.connect(str(fresh)) as con:
        migrations._baseline_v1(con)
    assert shape(fresh) == shape(FIXTURES / "lapas_v1.duckdb")


def test_a_migrated_old_file_has_the_schema_of_a_new_one(old: tuple[str, Path], tmp_path: Path) -> None:
    _, path = old
    new = tmp_path / "new.duckdb"
    store.migrate(new)
    assert store.migrate(path) == store.SCHEMA_VERSION
    assert shape(path) == shape(new)


def test_an_old_file_opened_for_reading_reaches_the_current_version(old: tuple[str, Path]) -> None:
    _, path = old
    assert len(store.read_table(path, "upt")) == 2
    with duckdb.connect(str(path), read_only=True) as con:
        version = con.execute("SELECT nilai FROM meta WHERE kunci = 'schema_version'").fetchall()
    assert version == [(str(store.SCHEMA_VERSION),)]


def test_rows_and_history_survive_exactly(old: tuple[str, Path]) -> None:
    _, path = old
    before = snapshot(path)
    store.migrate(path)
    after = snapshot(path)
    for name in DATA_AND_HISTORY:
        if name not in before:  # a table of a later version (v7's partnership tables): there, and empty
            assert after[name] == [], name
            continue
        # a column added since (v7's pnbp.nomor_perjanjian) comes after the old ones, empty in every old row
        width = len(before[name][0]) if before[name] else 0
        assert [row[:width] for row in after[name]] == before[name], name
        assert all(value is None for row in after[name] for value in row[width:]), name
    assert after["riwayat_target_pnbp"] == [("LP-SUKAMISKIN", 2024, Decimal("175000000.50"), 2, 4)]
    assert [row[:1] + row[6:7] + row[-2:] for row in after["riwayat_upt"]] == [("LP-CIREBON", 450, 1, 5)]
    assert [len(after[name]) for name in ("upt", "target_pnbp", "produksi")] == [2, 4, 3]


def test_the_upload_log_survives_with_the_columns_added_since(old: tuple[str, Path]) -> None:
    name, path = old
    before = snapshot(path)["unggahan"]
    store.migrate(path)
    after = snapshot(path)["unggahan"]
    # v2 added peringatan and waktu_batal, v4 baris_sama: NULL for the old batches (not counted then)
    assert after == [(*row, None, None, None) if name == "v1" else (*row, None) for row in before]
    assert store.list_batches(path)["baris_sama"].isna().all()
    log = store.list_batches(path).set_index("batch_id")
    _, batches, undone = OLD_FILES[name]
    assert list(log.index) == list(range(batches, 0, -1))
    assert (log["status"] == store.STATUS_DIBATALKAN).sum() == (undone is not None)
    if undone is not None:
        assert log.loc[undone, "status"] == store.STATUS_DIBATALKAN and log.loc[undone, "waktu_batal"] is not None


def test_stored_files_move_beside_the_database_byte_for_byte(old: tuple[str, Path]) -> None:
    _, path = old
    before = snapshot(path)
    names = {row[0]: row[2] for row in before["unggahan"]}
    store.migrate(path)
    after = snapshot(path)
    assert "berkas" not in after
    expected = []
    for batch_id, isi in before["berkas"]:
        assert isi == (SOURCE / names[batch_id]).read_bytes()
        assert store.batch_file(path, batch_id) == (names[batch_id], isi)
        expected.append((batch_id, hashlib.sha256(isi).hexdigest(), len(isi)))
    assert after["berkas_asli"] == sorted(expected, key=repr)
    assert sorted(p.name for p in store.originals_dir(path).iterdir()) == sorted({row[1] for row in expected})


TARGET_CSV = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-CIREBON,2024,91000000\n"


def test_import_and_undo_work_on_a_migrated_file(old: tuple[str, Path]) -> None:
    name, path = old
    _, batches, _ = OLD_FILES[name]
    result, batch = upload.import_file(path, "target_pnbp", TARGET_CSV, "target_baru.csv", user="operator1")
    assert result.ok and batch is not None
    assert (batch.batch_id, batch.baris_baru, batch.baris_diganti) == (batches + 1, 0, 1)
    store.undo_batch(path, batch.batch_id)
    # then an undo of a batch the old code wrote restores the row it replaced, from the old history
    store.undo_batch(path, 4)
    targets = store.read_table(path, "target_pnbp", with_batch=True)
    assert targets.set_index(["kode_upt", "tahun_anggaran"])[["target_pnbp_rp", "batch_id"]].to_dict("index") == {
        ("LP-CIREBON", 2024): {"target_pnbp_rp": 90000000.0, "batch_id": 2},
        ("LP-SUKAMISKIN", 2023): {"target_pnbp_rp": 150000000.0, "batch_id": 2},
        ("LP-SUKAMISKIN", 2024): {"target_pnbp_rp": 175000000.5, "batch_id": 2},
    }
    assert snapshot(path)["riwayat_target_pnbp"] == []
    assert store.batch_file(path, batches + 1) == ("target_baru.csv", TARGET_CSV)


def test_a_version_1_database_is_migrated_without_losing_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        migrations._baseline_v1(con)
        con.execute(
            "INSERT INTO upt VALUES ('A1','Lapas A','Lapas','I','Jawa Barat','Kota Bandung',10,true,NULL,NULL,NULL,1)"
        )
        con.execute("INSERT INTO unggahan VALUES (1,'upt','upt.csv','abc',1,0,now(),'op','aktif')")
    assert store.read_table(path, "upt")["nama_upt"].tolist() == ["Lapas A"]
    with duckdb.connect(str(path), read_only=True) as con:
        version = con.execute("SELECT nilai FROM meta WHERE kunci='schema_version'").fetchall()[0][0]
        log_columns = [r[0] for r in con.execute("DESCRIBE unggahan").fetchall()]
    assert version == str(store.SCHEMA_VERSION)
    assert "peringatan" in log_columns
    assert store.list_batches(path)["nama_file"].tolist() == ["upt.csv"]


def test_a_version_2_database_moves_its_stored_files_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    with duckdb.connect(str(path)) as con:
        migrations._baseline_v1(con)
        migrations._migrate_1_to_2(con, path)
        con.execute("UPDATE meta SET nilai = '2' WHERE kunci = 'schema_version'")
        con.execute("INSERT INTO unggahan VALUES (1,'upt','upt.csv','abc',0,0,now(),'op','aktif',NULL,NULL)")
        con.execute("INSERT INTO berkas VALUES (1, ?)", [b"kode_upt\nA1\n"])
    assert store.batch_file(path, 1) == ("upt.csv", b"kode_upt\nA1\n")
    assert [p.name for p in store.originals_dir(path).iterdir()] == [hashlib.sha256(b"kode_upt\nA1\n").hexdigest()]
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "berkas" not in tables and "berkas_asli" in tables


def test_a_database_from_a_newer_release_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    store.migrate(path)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET nilai = '99' WHERE kunci = 'schema_version'")
    with pytest.raises(store.StoreError, match="lebih baru"):
        store.migrate(path)


def test_a_migrated_file_counts_an_unchanged_row_apart_and_keeps_its_old_batch(old: tuple[str, Path]) -> None:
    name, path = old
    _, batches, _ = OLD_FILES[name]
    same = b"kode_upt,tahun_anggaran,target_pnbp_rp\nLP-CIREBON,2024,90000000\nLP-CIREBON,2022,1\n"
    result, batch = upload.import_file(path, "target_pnbp", same, "target_sama.csv")
    assert result.ok and batch is not None
    assert (batch.baris_baru, batch.baris_diganti, batch.baris_sama) == (1, 0, 1)
    log = store.list_batches(path).set_index("batch_id")
    assert log.loc[batches + 1, ["baris_baru", "baris_diganti", "baris_sama"]].tolist() == [1, 0, 1]
    targets = store.read_table(path, "target_pnbp", with_batch=True).set_index(["kode_upt", "tahun_anggaran"])
    assert targets.loc[("LP-CIREBON", 2024), "batch_id"] == 2
    assert len(snapshot(path)["riwayat_target_pnbp"]) == 1  # only the row the old code replaced
