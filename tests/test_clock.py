"""Times as people read them: stored naive UTC shown in LAPAS_ZONA_WAKTU as '1 Desember 2026 15.51 WIB'."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lapas_metrics import __main__ as cli
from lapas_metrics import clock, store, upload


@pytest.fixture(autouse=True)
def _zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAPAS_ZONA_WAKTU", raising=False)


def test_a_stored_utc_time_reads_in_jakarta_by_default() -> None:
    assert clock.stamp_text(dt.datetime(2026, 12, 1, 8, 51, 39)) == "1 Desember 2026 15.51 WIB"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Makassar", "1 Desember 2026 16.51 WITA"),
        ("Asia/Jayapura", "1 Desember 2026 17.51 WIT"),
        ("UTC", "1 Desember 2026 08.51 UTC"),
        ("Europe/Amsterdam", "1 Desember 2026 09.51 CET"),
    ],
)
def test_the_zone_follows_the_setting(monkeypatch: pytest.MonkeyPatch, zone: str, expected: str) -> None:
    monkeypatch.setenv("LAPAS_ZONA_WAKTU", zone)
    assert clock.stamp_text(dt.datetime(2026, 12, 1, 8, 51)) == expected


def test_a_late_utc_evening_is_the_next_day_in_jakarta() -> None:
    assert clock.stamp_text(pd.Timestamp("2026-12-31 20:15:00")) == "1 Januari 2027 03.15 WIB"


def test_an_aware_time_keeps_its_instant() -> None:
    jakarta = dt.datetime(2026, 12, 1, 15, 51, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert clock.stamp_text(jakarta) == "1 Desember 2026 15.51 WIB"


def test_seconds_on_request_and_missing_as_a_dash() -> None:
    assert clock.stamp_text(dt.datetime(2026, 1, 5, 0, 0, 7), seconds=True) == "5 Januari 2026 07.00.07 WIB"
    assert clock.stamp_text(None) == "–"
    assert clock.stamp_text(pd.NaT) == "–"


def test_an_unknown_zone_is_one_indonesian_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_ZONA_WAKTU", "Mars/Olympus")
    with pytest.raises(clock.ZoneError, match="tidak dikenal; contoh yang benar: Asia/Jakarta"):
        clock.stamp_text(dt.datetime(2026, 12, 1))


def test_utc_now_is_naive_utc() -> None:
    now = clock.utc_now()
    assert now.tzinfo is None
    assert abs((dt.datetime.now(dt.UTC).replace(tzinfo=None) - now).total_seconds()) < 5


def test_date_text_and_column() -> None:
    assert clock.date_text(dt.date(2026, 12, 1)) == "1 Desember 2026"
    column = clock.stamp_column(pd.Series([pd.Timestamp("2017-02-01 01:00"), None], index=[5, 6]))
    assert column.to_dict() == {5: "1 Februari 2017 08.00 WIB", 6: "–"}


def test_local_column_gives_the_dates_people_see() -> None:
    local = clock.local_column(pd.Series([pd.Timestamp("2026-12-01 17:30"), pd.NaT]))
    assert local.iloc[0] == pd.Timestamp("2026-12-02 00:30")  # past midnight in Jakarta
    assert pd.isna(local.iloc[1])


def test_the_command_line_shows_upload_times_in_wib(tmp_path, capsys) -> None:

    db = tmp_path / "lapas.duckdb"
    upload.init_db(db, demo=True)
    first = store.list_batches(db)["waktu"].iloc[-1]
    assert cli.main(["batches", "--db", str(db), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert clock.stamp_text(first) in out and " WIB" in out


def test_an_unknown_zone_on_the_command_line_is_one_sentence(tmp_path, capsys, monkeypatch) -> None:

    db = tmp_path / "lapas.duckdb"
    upload.init_db(db, demo=True)
    monkeypatch.setenv("LAPAS_ZONA_WAKTU", "Bulan/Purnama")
    assert cli.main(["batches", "--db", str(db), "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Galat: Zona waktu LAPAS_ZONA_WAKTU «Bulan/Purnama» tidak dikenal") and err.count("\n") == 1


def test_the_store_writes_utc(tmp_path) -> None:

    db = tmp_path / "lapas.duckdb"
    upload.init_db(db, demo=True)
    written = pd.Timestamp(store.list_batches(db)["waktu"].iloc[0])
    assert abs((pd.Timestamp(clock.utc_now()) - written).total_seconds()) < 120
