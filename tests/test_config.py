"""Settings declared once: the README's table lists exactly SETTINGS, and the accessors read the environment."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lapas_metrics import auth, config

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `(?P<name>[A-Z_]+)` \| `(?P<default>[^`]*)` \| (?P<help>.*) \|$")


def readme_rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(m["name"], m["default"], m["help"]) for line in text.splitlines() if (m := ROW.match(line))]


def test_the_readme_table_lists_exactly_the_declared_settings_and_defaults() -> None:
    declared = [(s.name, s.default, s.help) for s in config.SETTINGS]
    assert readme_rows() == declared, "paste config.settings_table() into the README's Settings section"


def test_the_readme_holds_the_table_as_settings_table_writes_it() -> None:
    assert config.settings_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_variable_the_package_reads_is_declared() -> None:
    """Names passed to a config accessor, and LAPAS_* strings anywhere in the package, are settings."""
    declared = {s.name for s in config.SETTINGS}
    used = set()
    for path in (ROOT / "lapas_metrics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.update(re.findall(r"\bLAPAS_[A-Z_]+\b", node.value))
    assert used <= declared


def test_only_config_reads_the_environment() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "lapas_metrics").rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") and path.name != "config.py"
    ]
    assert offenders == []


def test_defaults_with_nothing_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert config.db_path() == config.PROJECT_DIR / "data" / "lapas.duckdb" == config.DEFAULT_DB
    assert config.max_upload_bytes() == 50 * 1024 * 1024
    assert config.lock_wait_seconds() == 5.0
    assert config.audit_config_path() == config.PROJECT_DIR / "lapas_metrics" / "audit_defaults.toml"
    assert config.audit_config_path() == config.AUDIT_DEFAULTS_FILE and config.AUDIT_DEFAULTS_FILE.is_file()
    assert auth.users_file() == config.PROJECT_DIR / ".streamlit" / "users.toml"
    assert auth.idle_minutes() == 30.0


def test_values_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAPAS_DB", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("LAPAS_MAX_UPLOAD_MB", "1.5")
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", "0.25")
    monkeypatch.setenv("LAPAS_AUDIT_CONFIG", str(tmp_path / "audit.toml"))
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    monkeypatch.setenv("LAPAS_SESSION_IDLE_MIN", "5")
    assert config.db_path() == tmp_path / "x.duckdb"
    assert config.db_path("given.duckdb") == Path("given.duckdb")
    assert config.max_upload_bytes() == int(1.5 * 1024 * 1024)
    assert config.lock_wait_seconds() == 0.25
    assert config.audit_config_path() == tmp_path / "audit.toml"
    assert auth.users_file() == tmp_path / "users.toml"
    assert auth.idle_minutes() == 5.0


@pytest.mark.parametrize("raw", ["", "lima", "5 menit"])
def test_a_number_that_is_empty_or_not_a_number_falls_back_to_the_default(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("LAPAS_SESSION_IDLE_MIN", raw)
    monkeypatch.setenv("LAPAS_LOCK_WAIT_S", raw)
    assert auth.idle_minutes() == 30.0
    assert config.lock_wait_seconds() == 5.0


def test_an_undeclared_or_mistyped_setting_is_an_error() -> None:
    with pytest.raises(KeyError):
        config.number_setting("LAPAS_NOT_DECLARED")
    with pytest.raises(TypeError):
        config.number_setting("LAPAS_DB")
    with pytest.raises(TypeError):
        config.path_setting("LAPAS_LOCK_WAIT_S")
