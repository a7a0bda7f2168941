"""Files kept beside the database under their SHA-256: upload originals (data/lapas.berkas/), evaluation evidence."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from lapas_metrics.store.connection import disk_full, is_disk_full

# A file being written is named .<sha256>.tmp-<pid> until it is complete; the older form
# .<sha256>.<pid>.<thread>.tmp is recognised too, so that leftovers from before are swept.
_TEMPORARY = re.compile(r"^\.[0-9a-f]{64}\.(?:tmp-(\d+)|(\d+)\.\d+\.tmp)$")


def originals_dir(path: Path) -> Path:
    """The folder of the original uploaded files beside the database (data/lapas.duckdb -> data/lapas.berkas/).

    Part of the store: back it up with the database file.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.berkas")


def evidence_dir(path: Path) -> Path:
    """The folder of the evaluations' evidence files beside the database (data/lapas.duckdb -> data/lapas.bukti/).

    Kept as the originals are (by SHA-256, written durably before the transaction commits); back it up too.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.bukti")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_temporary(path: Path) -> list[Path]:
    """Remove the temporary files of writes that failed or were killed; returns the files removed.

    Called only under the database's write lock (store.writing), so no other write of this database
    is under way: a temporary file of this process or of a process that is gone is a leftover (a file
    of a live other process is left alone: another database with the same stem may be writing it).
    """
    removed = []
    for folder in (originals_dir(path), evidence_dir(path)):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            match = _TEMPORARY.match(entry.name)
            if match is None:
                continue
            pid = int(match.group(1) or match.group(2))
            if pid == os.getpid() or not _alive(pid):
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def _keep_original(path: Path, data: bytes) -> tuple[str, bool]:
    """Write an uploaded file to originals_dir under its SHA-256 (durably, atomically).

    Returns that name, and whether this call created the file (a failed batch then removes it).
    Written before the batch's transaction commits: a crash in between leaves an unreferenced file, never
    a batch without its file. Content-addressed, so the same file uploaded twice is stored once.
    The temporary file is removed whatever happens; a full disk is StoreFull.
    """
    return keep_file(originals_dir(path), path, data)


def keep_file(folder: Path, path: Path, data: bytes) -> tuple[str, bool]:
    """Write data to `folder` (originals_dir or evidence_dir of the database `path`) under its SHA-256,
    durably and atomically: (that name, whether this call created the file). See _keep_original."""
    name = hashlib.sha256(data).hexdigest()
    target = folder / name
    temporary = folder / f".{name}.tmp-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.stat().st_size == len(data):
            return name, False
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as error:
        if is_disk_full(error):
            raise disk_full(path) from error
        raise
    finally:
        temporary.unlink(missing_ok=True)
    return name, True


def _discard_original(path: Path, name: str) -> None:
    """Remove an original that a failed batch created (no committed batch can name it)."""
    discard_file(originals_dir(path), name)


def discard_file(folder: Path, name: str) -> None:
    """Remove a kept file that a failed write created (no committed row can name it)."""
    (folder / name).unlink(missing_ok=True)
