"""Settings, declared once in SETTINGS (environment name, default, help), and the folders of the project."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
DEMO_DIR = DATA_DIR / "demo"

PATH: Literal["path"] = "path"
NUMBER: Literal["number"] = "number"
TEXT: Literal["text"] = "text"
DATE: Literal["date"] = "date"


@dataclass(frozen=True)
class Setting:
    """One environment setting. `default` is written as the README shows it: a path relative to the
    project folder, a number, a text or a date. `help` is English, for the README's settings table (which a test keeps
    equal to these records)."""

    name: str
    default: str
    kind: Literal["path", "number", "text", "date"]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "LAPAS_DB",
        "data/lapas.duckdb",
        PATH,
        "The DuckDB file the dashboard shows and the command line writes (`--db` overrides it).",
    ),
    Setting("LAPAS_MAX_UPLOAD_MB", "50", NUMBER, "Largest file the importer accepts, in megabytes."),
    Setting(
        "LAPAS_LOCK_WAIT_S",
        "5",
        NUMBER,
        "Seconds a writer waits for another process's lock on the database before it says to retry.",
    ),
    Setting(
        "LAPAS_AUDIT_CONFIG",
        "lapas_metrics/audit_defaults.toml",
        PATH,
        "TOML file with the thresholds and weights of the audit flags.",
    ),
    Setting(
        "LAPAS_USERS_FILE",
        ".streamlit/users.toml",
        PATH,
        "The users, their roles and argon2 password hashes (outside git); no file or no user means demo mode.",
    ),
    Setting("LAPAS_SESSION_IDLE_MIN", "30", NUMBER, "Minutes of inactivity after which a signed-in session ends."),
    Setting("LAPAS_MAX_ROWS", "1000000", NUMBER, "Most rows with data an uploaded file may hold (CSV or XLSX)."),
    Setting("LAPAS_MAX_COLUMNS", "256", NUMBER, "Most columns with data an uploaded file may hold."),
    Setting("LAPAS_MAX_CELL_CHARS", "32767", NUMBER, "Most characters in one cell (Excel's own limit)."),
    Setting(
        "LAPAS_MAX_UNPACKED_MB",
        "32",
        NUMBER,
        "Most megabytes the parts of an XLSX may inflate to (a zip bomb is refused before it fills memory).",
    ),
    Setting(
        "LAPAS_ZONA_WAKTU",
        "Asia/Jakarta",
        TEXT,
        "IANA time zone in which pages, papers, CSV and the command line show times (the database keeps UTC).",
    ),
    Setting(
        "LAPAS_BATAS_HARI_LAPOR",
        "10",
        NUMBER,
        "Day of the next month a month's report is due (1-31, clamped to the month's end); decides bulan_diharapkan.",
    ),
    Setting(
        "LAPAS_PER_TANGGAL",
        "",
        DATE,
        "As-of date (YYYY-MM-DD) the dashboard opens with; empty or not a date: today (`--per-tanggal` on "
        "the command line).",
    ),
    Setting(
        "LAPAS_PKPT_BOBOT_RISIKO",
        "40",
        NUMBER,
        "Weight in the annual plan (PKPT) of skor_risiko of the latest complete year (a number >= 0).",
    ),
    Setting("LAPAS_PKPT_BOBOT_TERBUKA", "15", NUMBER, "Weight in the PKPT of the unit's open recommendations."),
    Setting(
        "LAPAS_PKPT_BOBOT_LEWAT_BATAS",
        "15",
        NUMBER,
        "Weight in the PKPT of its open recommendations past their deadline.",
    ),
    Setting(
        "LAPAS_PKPT_BOBOT_NILAI_TERBUKA",
        "15",
        NUMBER,
        "Weight in the PKPT of nilai_temuan_rp of its findings still open.",
    ),
    Setting(
        "LAPAS_PKPT_BOBOT_EVALUASI",
        "15",
        NUMBER,
        "Weight in the PKPT of the years since its last final evaluation (never evaluated counts the most).",
    ),
    Setting(
        "LAPAS_PKPT_PER_TRIWULAN",
        "5",
        NUMBER,
        "Units the PKPT proposes per quarter: ranks 1-5 Triwulan I, 6-10 Triwulan II, ...; beyond 4 quarters none.",
    ),
    Setting(
        "LAPAS_BEHIND_PROXY",
        "",
        TEXT,
        "Set to 1 by `serve` for its workers: the client is the last X-Forwarded-For entry (what its HAProxy "
        "appended); not for hand use.",
    ),
    Setting(
        "LAPAS_PROXY_ADDRESS",
        "",
        TEXT,
        "Set by `serve` for its workers: the address its HAProxy listens on (demo mode opens only when it is "
        "loopback); not for hand use.",
    ),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}

DEFAULT_DB = PROJECT_DIR / _BY_NAME["LAPAS_DB"].default
AUDIT_DEFAULTS_FILE = PROJECT_DIR / _BY_NAME["LAPAS_AUDIT_CONFIG"].default


def path_setting(name: str) -> Path:
    """The path in $name, else the setting's default under the project folder; KeyError if undeclared."""
    setting = _BY_NAME[name]
    if setting.kind != PATH:
        raise TypeError(f"{name} is not a path setting")
    raw = os.environ.get(name)
    return Path(raw) if raw else PROJECT_DIR / setting.default


def number_setting(name: str) -> float:
    """The number in $name; the setting's default when unset, empty or not a number; KeyError if undeclared."""
    setting = _BY_NAME[name]
    if setting.kind != NUMBER:
        raise TypeError(f"{name} is not a number setting")
    raw = os.environ.get(name)
    if raw:
        try:
            return float(raw)
        except ValueError:
            pass
    return float(setting.default)


def text_setting(name: str) -> str:
    """The text in $name (surrounding spaces dropped); the setting's default when unset or empty; KeyError if undeclared."""
    setting = _BY_NAME[name]
    if setting.kind != TEXT:
        raise TypeError(f"{name} is not a text setting")
    raw = (os.environ.get(name) or "").strip()
    return raw or setting.default


def date_setting(name: str) -> dt.date | None:
    """The date (YYYY-MM-DD) in $name; None when unset, empty or not a date (the caller takes today in
    the local zone, lapas_metrics.clock.today); KeyError if undeclared."""
    setting = _BY_NAME[name]
    if setting.kind != DATE:
        raise TypeError(f"{name} is not a date setting")
    raw = os.environ.get(name, "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return None


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file: `explicit` if given, else $LAPAS_DB, else data/lapas.duckdb."""
    return Path(explicit) if explicit else path_setting("LAPAS_DB")


def max_upload_bytes() -> int:
    """Largest file the importer accepts: $LAPAS_MAX_UPLOAD_MB megabytes, default 32."""
    return int(number_setting("LAPAS_MAX_UPLOAD_MB") * 1024 * 1024)


def lock_wait_seconds() -> float:
    """How long a writer waits for another process's lock before giving up: $LAPAS_LOCK_WAIT_S, default 5."""
    return number_setting("LAPAS_LOCK_WAIT_S")


def audit_config_path() -> Path:
    """The thresholds and weights of the audit flags: $LAPAS_AUDIT_CONFIG, default lapas_metrics/audit_defaults.toml."""
    return path_setting("LAPAS_AUDIT_CONFIG")


def users_file() -> Path:
    """The users file: $LAPAS_USERS_FILE, else .streamlit/users.toml in the project (git-ignored)."""
    return path_setting("LAPAS_USERS_FILE")


def session_idle_minutes() -> float:
    """Minutes of inactivity after which a session signs out: $LAPAS_SESSION_IDLE_MIN, default 30."""
    return number_setting("LAPAS_SESSION_IDLE_MIN")


def max_rows() -> int:
    """Most rows with data a file may hold: $LAPAS_MAX_ROWS, default 1,000,000."""
    return int(number_setting("LAPAS_MAX_ROWS"))


def max_columns() -> int:
    """Most columns with data a file may hold: $LAPAS_MAX_COLUMNS, default 256."""
    return int(number_setting("LAPAS_MAX_COLUMNS"))


def max_cell_chars() -> int:
    """Most characters in one cell: $LAPAS_MAX_CELL_CHARS, default 32,767."""
    return int(number_setting("LAPAS_MAX_CELL_CHARS"))


def max_unpacked_bytes() -> int:
    """Most bytes the parts of an XLSX may inflate to: $LAPAS_MAX_UNPACKED_MB megabytes, default 32."""
    return int(number_setting("LAPAS_MAX_UNPACKED_MB") * 1024 * 1024)


def time_zone_name() -> str:
    """The IANA zone of the times people read: $LAPAS_ZONA_WAKTU, default Asia/Jakarta (checked by lapas_metrics.clock)."""
    return text_setting("LAPAS_ZONA_WAKTU")


def batas_hari_lapor() -> int:
    """The day of the next month a month's report is due: $LAPAS_BATAS_HARI_LAPOR (whole, 1-31), default 10."""
    day = number_setting("LAPAS_BATAS_HARI_LAPOR")
    if day != day or day != int(day) or not 1 <= day <= 31:
        return int(_BY_NAME["LAPAS_BATAS_HARI_LAPOR"].default)
    return int(day)


def per_tanggal() -> dt.date | None:
    """The dashboard's as-of date: $LAPAS_PER_TANGGAL; None when unset (today)."""
    return date_setting("LAPAS_PER_TANGGAL")


# The PKPT's weights, per part of evaluation.pkpt (PARTS), and the setting of each.
PKPT_WEIGHT_SETTINGS = {
    "skor_risiko": "LAPAS_PKPT_BOBOT_RISIKO",
    "rekomendasi_terbuka": "LAPAS_PKPT_BOBOT_TERBUKA",
    "rekomendasi_lewat_batas": "LAPAS_PKPT_BOBOT_LEWAT_BATAS",
    "nilai_temuan_terbuka_rp": "LAPAS_PKPT_BOBOT_NILAI_TERBUKA",
    "tahun_sejak_evaluasi": "LAPAS_PKPT_BOBOT_EVALUASI",
}


def pkpt_weights() -> dict[str, float]:
    """part -> weight of the PKPT (the settings of PKPT_WEIGHT_SETTINGS, defaults 40/15/15/15/15); a weight that is not a
    finite number >= 0 takes its default."""
    weights = {}
    for part, name in PKPT_WEIGHT_SETTINGS.items():
        weight = number_setting(name)
        ok = weight == weight and weight not in (float("inf"), float("-inf")) and weight >= 0
        weights[part] = weight if ok else float(_BY_NAME[name].default)
    return weights


def pkpt_per_quarter() -> int:
    """Units the PKPT proposes per quarter: $LAPAS_PKPT_PER_TRIWULAN (whole, >= 1), default 5."""
    count = number_setting("LAPAS_PKPT_PER_TRIWULAN")
    if count != count or count != int(count) or count < 1:
        return int(_BY_NAME["LAPAS_PKPT_PER_TRIWULAN"].default)
    return int(count)


def behind_proxy() -> bool:
    """True in a worker of `python -m lapas_metrics serve` ($LAPAS_BEHIND_PROXY=1): requests come through its HAProxy."""
    return text_setting("LAPAS_BEHIND_PROXY") == "1"


def proxy_address() -> str:
    """The address the HAProxy of `serve` listens on ($LAPAS_PROXY_ADDRESS); '' when unset."""
    return text_setting("LAPAS_PROXY_ADDRESS")


def child_environment(values: dict[str, str]) -> dict[str, str]:
    """This process's environment with `values` set over it: what a process started by `serve` inherits."""
    return {**os.environ, **values}


def settings_table() -> str:
    """SETTINGS as the Markdown table of the README: setting, default, what it does."""
    lines = ["| setting | default | what it does |", "|---|---|---|"]
    lines += [f"| `{s.name}` | `{s.default}` | {s.help} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"
