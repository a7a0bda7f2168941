"""Safety of writes: concurrent uploads do not interleave, a busy file makes the writer wait, and a
writer killed mid-import leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import demo
from lapas_metrics import config, store, upload

# Imports one produksi file the way upload.import_file does, saying "writing" just before the
# write starts. With "before_commit" it also stops inside the transaction, after every row is
# written and before COMMIT, so that a kill there is certain to hit an open transaction. With
# "keeping_file" it stops with the original file written under its temporary name.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from lapas_metrics import ingest, store
    from lapas_metrics.store import batches

    db, source, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    data = source.read_bytes()
    result = ingest.read_upload(data, source.name, "produksi", known_upt=store.known_upt(db))
    assert result.ok, result.problems[:3]
    if point == "before_commit":
        record = batches._record_batch

        def record_then_stop(con, *args):
            record(con, *args)
            print("inside", flush=True)
            time.sleep(120)

        batches._record_batch = record_then_stop
    if point == "keeping_file":
        from lapas_metrics.store import originals

        def stop_before_rename(source, target):
            print("temporary", flush=True)
            time.sleep(120)

        originals.os.replace = stop_before_rename
    print("writing", flush=True)
    store.load_batch(db, "produksi", result.rows, file_name=source.name, file_bytes=data, sha256=result.sha256)
    print("done", flush=True)
    """
)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table of the file (data, history, log, stored files), rows sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def upt_csv(path: Path) -> bytes:
    units = demo.national_upt()
    units["lapas_industri"] = units["lapas_industri"].map({True: "ya", False: "tidak"})
    return units.to_csv(index=False).encode()


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the 530 national units and 1,000 produksi rows that the large import will replace."""
    folder = tmp_path_factory.mktemp("national")
    db = folder / "base.duckdb"
    store.migrate(db)
    _, batch = upload.import_file(db, "upt", upt_csv(db), "upt.csv")
    assert batch is not None and batch.batch_id == 1
    earlier = demo.produksi_csv(folder / "produksi_awal.csv", 1_000, seed=2)
    _, batch = upload.import_file(db, "produksi", earlier.read_bytes(), earlier.name)
    assert batch is not None and batch.baris_baru == 1_000
    return db


@pytest.fixture
def db(national: Path, tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    path.write_bytes(national.read_bytes())
    return path


def _start_writer(db: Path, source: Path, point: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(config.PROJECT_DIR)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(source), point],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=config.PROJECT_DIR,
        env=env,
    )


def _wait_for(process: subprocess.Popen[str], marker: str) -> None:
    line = process.stdout.readline().strip()
    if line != marker:
        process.kill()
        raise AssertionError(f"writer said {line!r} instead of {marker!r}: {process.stderr.read()}")


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_killed_inside_the_transaction_leaves_the_database_unchanged(db: Path, tmp_path: Path) -> None:
    before = snapshot(db)
    source = demo.produksi_csv(tmp_path / "produksi_besar.csv", 200_000)
    writer = _start_writer(db, source, "before_commit")
    _wait_for(writer, "writing")
    _wait_for(writer, "inside")  # every row written, the batch logged, COMMIT not yet run
    _kill(writer)
    assert writer.returncode == -signal.SIGKILL
    assert snapshot(db) == before
    # and the database takes the same file afterwards
    _, batch = upload.import_file(db, "produksi", source.read_bytes(), source.name)
    assert batch is not None and (batch.baris_baru, batch.baris_diganti) == (199_000, 1_000)


def test_killed_mid_write_leaves_the_database_unchanged(national: Path, db: Path, tmp_path: Path) -> None:
    """SIGKILL as soon as the file starts to change: the result is the old database, never part of a batch.

    If the writer was quicker than the kill, the whole batch must be there; then we start again
    from the old database with a file twice as large, so that the kill lands mid-write."""
    before = snapshot(db)
    before_rows = len(store.read_table(db, "produksi"))
    rows = 200_000
    for _attempt in range(3):
        source = demo.produksi_csv(tmp_path / f"produksi_{rows}.csv", rows)
        writer = _start_writer(db, source, "during_write")
        _wait_for(writer, "writing")
        stamp = store.db_stamp(db)
        deadline = time.monotonic() + 30
        while store.db_stamp(db) == stamp and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        finished = writer.poll() is not None
        if not finished:
            _kill(writer)
        if snapshot(db) == before:
            assert not finished or writer.returncode != 0, "the writer finished but nothing was stored"
            return
        # not killed in time: the batch must be complete; start again from the old database
        assert len(store.read_table(db, "produksi")) == before_rows - 1_000 + rows
        assert store.list_batches(db).iloc[0]["baris_diganti"] == 1_000
        Path(str(db) + ".wal").unlink(missing_ok=True)
        db.write_bytes(national.read_bytes())
        rows *= 2
    raise AssertionError("the kill never landed mid-write")


def test_killed_while_keeping_the_file_leaves_no_temporary_file_after_the_next_upload(db: Path, tmp_path: Path) -> None:
    before = snapshot(db)
    source = demo.produksi_csv(tmp_path / "produksi.csv", 20_000)
    writer = _start_writer(db, source, "keeping_file")
    _wait_for(writer, "writing")
    _wait_for(writer, "temporary")
    _kill(writer)
    folder = store.originals_dir(db)
    left = [p.name for p in folder.iterdir() if ".tmp" in p.name]
    assert left == [f".{file_sha256(source)}.tmp-{writer.pid}"]  # what the kill leaves, named to be found
    assert snapshot(db) == before
    _, batch = upload.import_file(db, "produksi", source.read_bytes(), source.name)
    assert batch is not None and batch.batch_id == 3
    assert [p.name for p in folder.iterdir() if ".tmp" in p.name] == []


def _disjoint_files(folder: Path, rows: int) -> tuple[bytes, bytes]:
    produksi = pd.read_csv(demo.produksi_csv(folder / "a.csv", rows), dtype=str)
    other = produksi.assign(produk=produksi["produk"] + " (B)")
    return produksi.to_csv(index=False).encode(), other.to_csv(index=False).encode()


def test_two_sessions_uploading_at_once_both_commit(db: Path, tmp_path: Path) -> None:
    first, second = _disjoint_files(tmp_path, 20_000)
    before = len(store.read_table(db, "produksi"))
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def send(name: str, data: bytes) -> None:
        start.wait()
        try:
            results[name] = upload.import_file(db, "produksi", data, name)[1]
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[name] = error

    threads = [threading.Thread(target=send, args=item) for item in (("a.csv", first), ("b.csv", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    batches = [results["a.csv"], results["b.csv"]]
    assert all(isinstance(batch, store.BatchResult) for batch in batches), batches
    assert sorted(batch.batch_id for batch in batches) == [3, 4]
    # the 1,000 rows already stored are replaced once, by whichever upload came first
    assert sum(batch.baris_baru for batch in batches) == 40_000 - 1_000
    assert sum(batch.baris_diganti for batch in batches) == 1_000
    assert len(store.read_table(db, "produksi")) == before + 39_000
    log = store.list_batches(db).set_index("batch_id")
    assert sorted(log.loc[[3, 4], "nama_file"]) == ["a.csv", "b.csv"]


def test_a_writer_waits_for_another_process_then_commits(db: Path, tmp_path: Path, lock_holder) -> None:
    first, _ = _disjoint_files(tmp_path, 2_000)
    holder = lock_holder(db)
    result: list[object] = []
    writer = threading.Thread(target=lambda: result.append(upload.import_file(db, "produksi", first, "a.csv")[1]))
    writer.start()
    writer.join(timeout=0.5)
    assert writer.is_alive(), "the writer did not wait for the lock"
    holder.release()
    writer.join(timeout=30)
    assert isinstance(result[0], store.BatchResult) and result[0].batch_id == 3


def test_a_writer_that_waits_too_long_is_told_to_retry(db: Path, monkeypatch: pytest.MonkeyPatch, lock_holder) -> None:
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", "0.2")
    lock_holder(db)
    with pytest.raises(store.StoreBusy, match="coba lagi"):
        store.load_batch(db, "upt", pd.DataFrame(), file_name="x.csv", file_bytes=b"", sha256="x")
