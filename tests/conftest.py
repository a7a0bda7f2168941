"""Shared test settings: no test reads the developer's own users file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_local_users(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Demo mode (no users) unless a test points LAPAS_USERS_FILE somewhere itself."""
    monkeypatch.setenv("LAPAS_USERS_FILE", str(Path(tmp_path_factory.getbasetemp()) / "no-users.toml"))
