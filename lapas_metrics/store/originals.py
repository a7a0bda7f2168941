"""The original uploaded files, kept beside the database under their SHA-256 (data/lapas.berkas/)."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path


def originals_dir(path: Path) -> Path:
    """The folder of the original uploaded files beside the database (data/lapas.duckdb -> data/lapas.berkas/).

    Part of the store: back it up with the database file.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.berkas")


def _keep_original(path: Path, data: bytes) -> str:
    """Write an uploaded file to originals_dir under its SHA-256 (durably, atomically); returns that name.

    Written before the batch's transaction commits: a crash in between leaves an unreferenced file, never
    a batch without its file. Content-addressed, so the same file uploaded twice is stored once.
    """
    name = hashlib.sha256(data).hexdigest()
    folder = originals_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and target.stat().st_size == len(data):
        return name
    temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return name
