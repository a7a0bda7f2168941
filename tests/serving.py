"""HAProxy for the tests of `serve`: the command, skipped without it except in CI (CI=true), where its absence fails."""

from __future__ import annotations

import os
import shutil

import pytest


def haproxy() -> str:
    """The haproxy command; skipped without it, except in CI (CI=true), where its absence fails."""
    found = shutil.which("haproxy")
    if found is None:
        message = "haproxy is not installed (apt-get install haproxy)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found
