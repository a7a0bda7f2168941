"""Shared test settings and helpers: no test reads the developer's own users file; a process holding a lock."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_local_users(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Demo mode (no users) unless a test points LAPAS_USERS_FILE somewhere itself."""
    monkeypatch.setenv("LAPAS_USERS_FILE", str(Path(tmp_path_factory.getbasetemp()) / "no-users.toml"))


class LockHolder:
    """Another process that holds the DuckDB file's write lock until release()."""

    SCRIPT = (
        "import sys, duckdb\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "con.close()\n"
    )

    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.communicate("\n", timeout=30)


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], LockHolder]]:
    """lock_holder(db): start a process holding db's lock; every holder is released after the test."""
    holders: list[LockHolder] = []

    def hold(db: Path) -> LockHolder:
        holders.append(LockHolder(db))
        return holders[-1]

    yield hold
    for holder in holders:
        holder.release()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow files first (browser, then the dashboard under AppTest), so that with two workers
    (make test: -n 2 --dist loadfile) they run beside the quick unit tests instead of after them."""

    def weight(item: pytest.Item) -> int:
        parts = Path(str(item.path)).parts
        return 0 if "browser" in parts else 1 if "app" in parts else 2

    items.sort(key=weight)  # stable: the order inside each group is kept
