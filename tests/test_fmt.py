"""Indonesian formatting helpers: given value -> expected text."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import fmt

MISSING_VALUES = [None, float("nan"), np.nan, pd.NA, pd.NaT, math.inf]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234567.5, 0, "1.234.568"),  # half rounds up
        (1234.5678, 2, "1.234,57"),
        (0.2145, 2, "0,21"),
        (2.675, 2, "2,68"),  # the written 2.675, not its binary neighbour 2.67499…
        (0, 0, "0"),
        (-0.004, 2, "0,00"),  # no "-0,00"
        (-1234.5, 1, "-1.234,5"),
        (np.int64(42), 0, "42"),
        (np.float64(999.95), 1, "1.000,0"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "Rp 1.234.567"),
        (1234567.4, "Rp 1.234.567"),
        (950000, "Rp 950.000"),
        (0, "Rp 0"),
        (-1500, "-Rp 1.500"),
        (-0.2, "Rp 0"),
    ],
)
def test_rupiah(value, expected):
    assert fmt.rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_567_890, "Rp 1,23 M"),  # miliar, three significant digits
        (12_345_678_901, "Rp 12,3 M"),
        (123_456_789_012, "Rp 123 M"),
        (10_000_000_000, "Rp 10 M"),  # trailing zeros dropped
        (450_000_000, "Rp 450 jt"),
        (1_500_000, "Rp 1,5 jt"),
        (1_200_000_000_000, "Rp 1,2 T"),
        (2_500_000_000_000_000, "Rp 2.500 T"),
        (950_000, "Rp 950.000"),  # below a million: full rupiah
        (999_999.6, "Rp 1 jt"),  # rounds up into the next unit
        (999_600_000, "Rp 1 M"),
        (-2_340_000_000, "-Rp 2,34 M"),
    ],
)
def test_rupiah_short(value, expected):
    assert fmt.rupiah_short(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.412, 1, "41,2 %"),
        (0.41, 1, "41,0 %"),
        (1.05, 0, "105 %"),
        (0.00125, 2, "0,13 %"),
        (-0.1, 1, "-10,0 %"),
    ],
)
def test_percent(value, decimals, expected):
    assert fmt.percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.41, 1, "41%"),  # as in METRICS.md: "41% dari realisasi setahun (batas 35%)"
        (0.412, 1, "41,2%"),
        (0.35, 1, "35%"),
        (0.675, 1, "67,5%"),
        (0.7499, 2, "74,99%"),
        (0.5625, 1, "56,3%"),
    ],
)
def test_percent_compact(value, decimals, expected):
    assert fmt.percent_compact(value, decimals) == expected


@pytest.mark.parametrize(("month", "expected"), [(1, "Januari"), (8, "Agustus"), (12, "Desember"), (2.0, "Februari")])
def test_month_name(month, expected):
    assert fmt.month_name(month) == expected


@pytest.mark.parametrize("month", [0, 13, 1.5])
def test_month_name_outside_the_year_raises(month):
    with pytest.raises(ValueError):
        fmt.month_name(month)


@pytest.mark.parametrize(("month", "expected"), [(1, "Jan"), (8, "Agu"), (10, "Okt"), (12, "Des")])
def test_month_short(month, expected):
    assert fmt.month_short(month) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (pd.Timestamp("2017-01-01"), "Januari 2017"),
        (pd.Timestamp("2017-08-31 13:00"), "Agustus 2017"),
        (dt.date(2020, 12, 1), "Desember 2020"),
        ("2019-05", "Mei 2019"),
    ],
)
def test_period_label(period, expected):
    assert fmt.period_label(period) == expected


@pytest.mark.parametrize(
    "helper",
    [fmt.number, fmt.rupiah, fmt.rupiah_short, fmt.percent, fmt.percent_compact, fmt.month_name, fmt.month_short],
)
@pytest.mark.parametrize("value", MISSING_VALUES, ids=repr)
def test_missing_prints_a_dash(helper, value):
    assert helper(value) == "–"


@pytest.mark.parametrize("value", [None, pd.NaT, float("nan")], ids=repr)
def test_period_label_missing(value):
    assert fmt.period_label(value) == "–"
