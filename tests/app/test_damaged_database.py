"""The dashboard on a damaged database file: the Indonesian sentence, no exception, no page that could write."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

DAMAGED = "rusak atau bukan basis data aplikasi ini"


def _scramble_middle(data: bytes) -> bytes:
    damaged = bytearray(data)
    noise = random.Random(11)
    for i in range(len(data) // 4, 3 * len(data) // 4):
        damaged[i] = noise.randrange(256)
    return bytes(damaged)


DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "random_bytes_in_the_middle": _scramble_middle,
    "not_a_database": lambda data: b"kode_upt,nama_upt\nLP-A,Lapas A\n" * 50,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize("page", [None, "pages/unggah.py", "pages/riwayat.py"])
def test_dashboard_on_a_damaged_file_says_so(
    open_app, dashboard_db: Path, tmp_path: Path, damage: str, page: str | None
) -> None:
    db = tmp_path / "lapas.duckdb"
    db.write_bytes(DAMAGES[damage](dashboard_db.read_bytes()))
    before = db.read_bytes()
    app = open_app(page=page, db=db)
    assert not app.exception, [e.value for e in app.exception]
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and DAMAGED in errors[0], errors
    assert not app.get("file_uploader") and not app.button, "a page that writes was shown"
    assert db.read_bytes() == before
