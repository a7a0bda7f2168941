"""Time as people read it: the database keeps naive UTC; pages, papers, CSV and the command line show LAPAS_ZONA_WAKTU."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from lapas_metrics import config, fmt

# Indonesia's three zones by the names people use; another IANA zone shows its own abbreviation.
_ZONE_WORDS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class ZoneError(ValueError):
    """LAPAS_ZONA_WAKTU names no time zone; the message is one Indonesian sentence."""


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ZoneError(
            f"Zona waktu LAPAS_ZONA_WAKTU «{name}» tidak dikenal; contoh yang benar: Asia/Jakarta (WIB), "
            "Asia/Makassar (WITA), Asia/Jayapura (WIT)."
        ) from error


def zone() -> ZoneInfo:
    """The zone of the times people read (config.time_zone_name); ZoneError when the setting names none."""
    return _zone(config.time_zone_name())


def utc_now() -> dt.datetime:
    """Now as the database keeps it: naive UTC, whatever the machine's own zone is."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def local(stamp: object) -> dt.datetime | None:
    """A stored time (naive = UTC; an aware one keeps its instant) in the local zone; None when missing."""
    if fmt.is_missing(stamp):
        return None
    moment = pd.Timestamp(stamp)  # type: ignore[arg-type]
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    return moment.tz_convert(zone()).to_pydatetime()


def today() -> dt.date:
    """Today's date in the local zone (at 23.00 UTC it is already tomorrow in Jakarta)."""
    return dt.datetime.now(zone()).date()


def zone_word(moment: dt.datetime) -> str:
    """WIB, WITA or WIT for Indonesia's zones; else the zone's abbreviation, or UTC+hh.mm."""
    key = getattr(moment.tzinfo, "key", "")
    if key in _ZONE_WORDS:
        return _ZONE_WORDS[key]
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}.{abs(minutes) % 60:02d}"


def date_text(day: object) -> str:
    """A date as words: 2026-12-01 -> '1 Desember 2026'; missing -> '–' (fmt.long_date)."""
    return fmt.long_date(day)  # type: ignore[arg-type]


def stamp_text(stamp: object, seconds: bool = False) -> str:
    """A stored time as people read it: '1 Desember 2026 15.51 WIB' (naive = UTC); missing -> '–'."""
    moment = local(stamp)
    if moment is None:
        return fmt.MISSING
    clock = f"{moment.hour:02d}.{moment.minute:02d}" + (f".{moment.second:02d}" if seconds else "")
    return f"{date_text(moment)} {clock} {zone_word(moment)}"


def local_column(values: pd.Series) -> pd.Series:
    """A column of stored times (naive = UTC) as naive local times, e.g. to filter by the dates people
    see; missing stays NaT. Same index."""
    moments = pd.to_datetime(values)
    if moments.dt.tz is None:
        moments = moments.dt.tz_localize("UTC")
    return moments.dt.tz_convert(zone()).dt.tz_localize(None)


def stamp_column(values: pd.Series, seconds: bool = False) -> pd.Series:
    """stamp_text of every value of a column of stored times (for tables and CSV), same index."""
    return pd.Series([stamp_text(value, seconds) for value in values], index=values.index, dtype=object)
