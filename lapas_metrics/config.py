"""Settings from the environment (database path, limits); the defaults run with no setup."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
DEMO_DIR = DATA_DIR / "demo"
DEFAULT_DB = DATA_DIR / "lapas.duckdb"
AUDIT_DEFAULTS_FILE = Path(__file__).resolve().parent / "audit_defaults.toml"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file: `explicit` if given, else $LAPAS_DB, else data/lapas.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("LAPAS_DB")
    return Path(env) if env else DEFAULT_DB


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        return default


def max_upload_bytes() -> int:
    """Largest file the importer accepts: $LAPAS_MAX_UPLOAD_MB megabytes, default 50."""
    return int(_number("LAPAS_MAX_UPLOAD_MB", 50) * 1024 * 1024)


def lock_wait_seconds() -> float:
    """How long a writer waits for another process's lock before giving up: $LAPAS_LOCK_WAIT_S, default 5."""
    return _number("LAPAS_LOCK_WAIT_S", 5.0)


def audit_config_path() -> Path:
    """The thresholds and weights of the audit flags: $LAPAS_AUDIT_CONFIG, default lapas_metrics/audit_defaults.toml."""
    env = os.environ.get("LAPAS_AUDIT_CONFIG")
    return Path(env) if env else AUDIT_DEFAULTS_FILE
