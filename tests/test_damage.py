"""A damaged or foreign database file and a full disk: one Indonesian sentence, nothing written, no leftover."""

from __future__ import annotations

import errno
import os
import random
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import demo
from lapas_metrics import store, upload
from lapas_metrics.__main__ import main
from lapas_metrics.store import batches, originals

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
OTHER_UPT_CSV = UPT_CSV.replace(b"LP-", b"LX-")
DAMAGED = "rusak atau bukan basis data aplikasi ini"
FULL = "Ruang disk untuk basis data"


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _scramble_middle(data: bytes) -> bytes:
    """Random bytes over the middle half: the header is intact, the data blocks are not."""
    damaged = bytearray(data)
    noise = random.Random(11)
    for i in range(len(data) // 4, 3 * len(data) // 4):
        damaged[i] = noise.randrange(256)
    return bytes(damaged)


# Each damage a file may suffer, as DuckDB 2.0.1 reports it (in English, which the store maps):
DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": _truncate,  # "Could not read enough bytes from file"
    "cut_in_the_header": lambda data: data[:100],  # idem, at open
    "random_bytes_in_the_middle": _scramble_middle,  # "Corrupt database file: computed checksum ..."
    "random_bytes_over_the_header": lambda data: data[:4096] + random.Random(3).randbytes(100) + data[4196:],
    "empty": lambda data: b"",  # "exists, but it is not a valid DuckDB database file"
    "a_csv_file": lambda data: UPT_CSV * 100,  # idem
    "an_sqlite_file": lambda data: b"SQLite format 3\x00" + bytes(5000),  # DuckDB would fetch a reader online
}


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, loaded once; each test damages a copy."""
    path = tmp_path_factory.mktemp("sound") / "lapas.duckdb"
    upload.init_db(path, demo=True)
    return path


@pytest.fixture(params=list(DAMAGES))
def damaged(request: pytest.FixtureRequest, sound: Path, tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    path.write_bytes(DAMAGES[request.param](sound.read_bytes()))
    return path


def _leftovers(db: Path) -> list[str]:
    """Every file beside the database but the database and the activity log."""
    ignore = {db.name, store.activity_path(db).name, store.activity_path(db).name + ".wal"}
    return sorted(str(p.relative_to(db.parent)) for p in db.parent.rglob("*") if p.is_file() and p.name not in ignore)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "command",
    [
        ["init"],
        ["init", "--demo"],
        ["ingest", "--table", "upt", "UPT"],
        ["undo", "1"],
        ["batches"],
        ["metrics"],
    ],
)
def test_command_line_refuses_a_damaged_file_in_one_sentence(
    damaged: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    source = damaged.parent / "upt.csv"
    source.write_bytes(OTHER_UPT_CSV)
    before = damaged.read_bytes()
    argv = [str(source) if part == "UPT" else part for part in command]
    code, _, err = run([*argv, "--db", str(damaged)], capsys)
    assert code == 1
    assert err.count("\n") == 1 and DAMAGED in err, err
    assert damaged.read_bytes() == before, "the damaged file was written"
    assert not Path(str(damaged) + ".wal").exists()
    assert _leftovers(damaged) == ["upt.csv"]


def test_store_refuses_to_write_into_a_damaged_file(damaged: Path) -> None:
    before = damaged.read_bytes()
    rows = pd.DataFrame({"kode_upt": ["LX-A"], "tahun_anggaran": [2020], "target_pnbp_rp": [1.0]})
    with pytest.raises(store.StoreDamaged, match=DAMAGED):
        store.load_batch(damaged, "target_pnbp", rows, file_name="t.csv", file_bytes=b"t", sha256="t")
    with pytest.raises(store.StoreDamaged):
        store.migrate(damaged)
    with pytest.raises(store.StoreDamaged):
        store.undo_batch(damaged, 1)
    assert damaged.read_bytes() == before
    assert _leftovers(damaged) == []


def test_a_damaged_file_is_never_read_as_a_new_database(damaged: Path) -> None:
    with pytest.raises(store.StoreDamaged):
        upload.init_db(damaged)
    with pytest.raises(store.StoreDamaged):
        store.verify_database(damaged, thorough=True)


def test_another_duckdb_file_is_not_taken_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lain.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE pelanggan AS SELECT 1 AS id")
    before = path.read_bytes()
    code, _, err = run(["init", "--db", str(path)], capsys)
    assert code == 1 and "basis data DuckDB lain" in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_a_sound_database_passes_the_thorough_check(sound: Path) -> None:
    store.verify_database(sound, thorough=True)


# ---------------------------------------------------------------- temporary files and a full disk


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    upload.init_db(path)
    _, batch = upload.import_file(path, "upt", UPT_CSV, "upt.csv")
    assert batch is not None
    return path


def _temporary_files(db: Path) -> list[str]:
    folder = store.originals_dir(db)
    return sorted(p.name for p in folder.iterdir() if not (len(p.name) == 64 and "." not in p.name))


def _fail_fsync(error: OSError) -> Callable[[int], None]:
    def fsync(fd: int) -> None:
        raise error

    return fsync


def test_a_write_failing_mid_file_leaves_no_temporary_file(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.list_batches(db)
    with monkeypatch.context() as patch:
        patch.setattr(originals.os, "fsync", _fail_fsync(OSError(errno.EIO, "Input/output error")))
        with pytest.raises(OSError):
            upload.import_file(db, "upt", OTHER_UPT_CSV, "lain.csv")
    assert _temporary_files(db) == []
    assert store.list_batches(db).equals(before)
    _, batch = upload.import_file(db, "upt", OTHER_UPT_CSV, "lain.csv")
    assert batch is not None and batch.batch_id == 2


def test_a_full_disk_while_keeping_the_file_is_one_sentence(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.list_batches(db)
    names_before = sorted(os.listdir(store.originals_dir(db)))
    source = db.parent / "lain.csv"
    source.write_bytes(OTHER_UPT_CSV)
    monkeypatch.setattr(originals.os, "fsync", _fail_fsync(OSError(errno.ENOSPC, "No space left on device")))
    code, _, err = run(["ingest", "--db", str(db), "--table", "upt", str(source)], capsys)
    assert code == 1 and err.count("\n") == 1 and FULL in err and "No space" not in err, err
    assert store.list_batches(db).equals(before)
    assert sorted(os.listdir(store.originals_dir(db))) == names_before  # no temporary, no original


def test_a_full_disk_inside_duckdb_is_one_sentence_and_stores_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.list_batches(db)
    names_before = sorted(os.listdir(store.originals_dir(db)))

    def full(*args: object) -> None:
        raise duckdb.IOException('IO Error: Could not write file "lapas.duckdb.wal": No space left on device')

    with monkeypatch.context() as patch:
        patch.setattr(batches, "_record_batch", full)
        with pytest.raises(store.StoreFull, match=FULL):
            upload.import_file(db, "upt", OTHER_UPT_CSV, "lain.csv")
    assert store.list_batches(db).equals(before)
    assert sorted(os.listdir(store.originals_dir(db))) == names_before  # the original it wrote is removed
    _, batch = upload.import_file(db, "upt", OTHER_UPT_CSV, "lain.csv")
    assert batch is not None and batch.batch_id == 2


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root and mount; skipped otherwise)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount tmpfs: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_is_one_sentence_and_leaves_no_temporary_file(tiny_disk: Path, tmp_path: Path) -> None:
    db = tiny_disk / "lapas.duckdb"
    upload.init_db(db)
    units = demo.national_upt()
    units["lapas_industri"] = units["lapas_industri"].map({True: "ya", False: "tidak"})
    _, batch = upload.import_file(db, "upt", units.to_csv(index=False).encode(), "upt.csv")
    assert batch is not None
    big = demo.produksi_csv(tmp_path / "produksi.csv", 100_000).read_bytes()  # 7 MB on a 3 MB disk
    for _attempt in range(2):  # the second try meets a disk as full as the first left it
        with pytest.raises(store.StoreFull, match=FULL):
            upload.import_file(db, "produksi", big, "produksi.csv")
        assert _temporary_files(db) == []
        assert store.table_counts(db)["produksi"] == 0
    _, batch = upload.import_file(db, "upt", units.head(3).to_csv(index=False).encode(), "upt3.csv")
    assert batch is not None and batch.batch_id == 2


def test_leftover_temporary_files_are_swept_by_the_next_write(db: Path) -> None:
    folder = store.originals_dir(db)
    dead = subprocess.Popen(["true"])
    dead.wait()
    sha = "a" * 64
    leftovers = [f".{sha}.tmp-{dead.pid}", f".{sha}.tmp-{os.getpid()}", f".{sha}.{dead.pid}.140000.tmp"]
    live_other = f".{sha}.tmp-1"  # pid 1 is alive: another database with the same stem may be writing it
    for name in [*leftovers, live_other]:
        (folder / name).write_bytes(b"x" * 1000)
    _, batch = upload.import_file(db, "upt", OTHER_UPT_CSV, "lain.csv")
    assert batch is not None
    assert _temporary_files(db) == [live_other]
