"""METRICS.md "A year in progress": as-of date, reporting deadline, same-months growth and comparison, default year."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from lapas_metrics import metrics
from lapas_metrics.metrics import MetricInputs, group_totals, yearly_figures

NaN = float("nan")
UNITS = ("A", "B", "C")


def upt(kode: str, lapas_industri: bool = False) -> dict:
    return {
        "kode_upt": kode,
        "nama_upt": f"Lapas {kode}",
        "jenis": "Lapas",
        "kelas": "IIA",
        "kanwil": "Jawa Barat",
        "kabupaten_kota": "Kota Bandung",
        "kapasitas": 100,
        "lapas_industri": lapas_industri,
        "komoditas_utama": None,
    }


def part(kode: str, periode: str) -> dict:
    return {"kode_upt": kode, "periode": periode, "jumlah_penghuni": 100, "wbp_bekerja": 10}


def real(kode: str, periode: str, realisasi: float = 100.0) -> dict:
    return {"kode_upt": kode, "periode": periode, "jenis_belanja": "52", "realisasi_rp": realisasi}


def prod(kode: str, periode: str, nilai: float) -> dict:
    return {"kode_upt": kode, "periode": periode, "bidang": "Pangan", "nilai_produksi_rp": nilai}


def month(year: int, m: int) -> str:
    return f"{year}-{m:02d}"


def inputs_as_of(as_of: str, upts=UNITS, **rows) -> MetricInputs:
    return MetricInputs.from_frames(
        upt=pd.DataFrame([upt(k) for k in upts]),
        tanggal_posisi=as_of,
        **{name: pd.DataFrame(values) for name, values in rows.items()},
    )


def january_database(as_of: str = "2026-02-15", reported_2026=("A",)) -> MetricInputs:
    """Every unit reported all of 2025 (production 100 a month, realisasi 100, PNBP 10, pagu 2400 and
    target 240 a year); the units of reported_2026 uploaded January 2026 (production 50, realisasi 100,
    PNBP 5); 2026 has its pagu (2400) and target (240)."""
    rows: dict[str, list] = {"partisipasi": [], "realisasi": [], "produksi": [], "pnbp": []}
    for kode in UNITS:
        months = [month(2025, m) for m in range(1, 13)] + ([month(2026, 1)] if kode in reported_2026 else [])
        for periode in months:
            rows["partisipasi"].append(part(kode, periode))
            rows["realisasi"].append(real(kode, periode))
            rows["produksi"].append(prod(kode, periode, 50.0 if periode.startswith("2026") else 100.0))
            rows["pnbp"].append({"kode_upt": kode, "periode": periode, "jumlah_rp": 5.0 if "2026" in periode else 10.0})
    budget = [
        {"kode_upt": k, "tahun_anggaran": y, "jenis_belanja": "52", "pagu_awal_rp": 2400.0}
        for k in UNITS
        for y in (2025, 2026)
    ]
    targets = [{"kode_upt": k, "tahun_anggaran": y, "target_pnbp_rp": 240.0} for k in UNITS for y in (2025, 2026)]
    return inputs_as_of(as_of, **rows, anggaran=budget, target_pnbp=targets)


def value(figures: pd.DataFrame, name: str, kode: str = "A", tahun: int = 2026) -> float:
    return figures.loc[figures["kode_upt"].eq(kode) & figures["tahun"].eq(tahun), name].item()


def assert_value(actual, expected) -> None:
    if isinstance(expected, float) and math.isnan(expected):
        assert pd.isna(actual), actual
    else:
        assert actual == pytest.approx(expected), actual


# --------------------------------------------------------------------------- the deadline


@pytest.mark.parametrize(
    ("year", "m", "batas", "due"),
    [
        (2026, 1, 10, dt.date(2026, 2, 10)),
        (2026, 12, 10, dt.date(2027, 1, 10)),  # December's report is due in January of the next year
        (2026, 1, 31, dt.date(2026, 2, 28)),  # February has no 31st: clamped to its last day
        (2028, 1, 31, dt.date(2028, 2, 29)),  # a leap year
        (2026, 3, 31, dt.date(2026, 4, 30)),
        (2026, 4, 31, dt.date(2026, 5, 31)),
    ],
)
def test_a_months_report_is_due_on_the_batas_day_of_the_next_month(year, m, batas, due):
    assert metrics.due_date(year, m, batas) == due


@pytest.mark.parametrize(
    ("year", "as_of", "batas", "expected"),
    [
        (2026, "2026-02-09", 10, 0),  # January not due yet
        (2026, "2026-02-10", 10, 1),  # due on the 10th: counts on that day
        (2026, "2026-02-11", 10, 1),
        (2026, "2026-12-31", 10, 11),  # November due 10 December; December only on 10 January
        (2025, "2026-01-09", 10, 11),  # the year before is still in progress until its December is due
        (2025, "2026-01-10", 10, 12),
        (2027, "2026-12-31", 10, 0),  # a future year
        (2020, "2026-12-31", 10, 12),  # a past year
        (2026, "2026-02-27", 31, 0),  # batas 31: January due 28 February (clamped)
        (2026, "2026-02-28", 31, 1),
    ],
)
def test_bulan_diharapkan_counts_the_months_due_by_the_as_of_date(year, as_of, batas, expected):
    assert metrics.months_due(year, dt.date.fromisoformat(as_of), batas) == expected
    inputs = MetricInputs.from_frames(
        upt=pd.DataFrame([upt("A")]),
        tanggal_posisi=as_of,
        batas_hari_lapor=batas,
        partisipasi=pd.DataFrame([part("A", month(year, 1))]),
    )
    assert value(yearly_figures(inputs, year), "bulan_diharapkan", tahun=year) == expected


def test_without_an_as_of_date_it_is_today():
    inputs = inputs_as_of(None, partisipasi=[part("A", "2000-01")])
    assert inputs.posisi == dt.date.today()


def test_one_early_report_does_not_make_every_other_unit_late():
    # 20 February 2026: only January is due. A already sent February; B sent January. Under the old
    # "latest periode of any table" rule two months were expected and B was half complete.
    inputs = inputs_as_of(
        "2026-02-20",
        upts=("A", "B"),
        partisipasi=[part("A", "2026-01"), part("A", "2026-02"), part("B", "2026-01")],
        realisasi=[real("A", "2026-01"), real("A", "2026-02"), real("B", "2026-01")],
    )
    figures = yearly_figures(inputs, 2026)
    assert figures["bulan_diharapkan"].tolist() == [1, 1]
    assert figures["kelengkapan"].tolist() == [1.0, 1.0]


def test_kelengkapan_counts_only_months_due_and_is_empty_before_any():
    rows = {"partisipasi": [part("A", "2026-01")], "realisasi": [real("A", "2026-01")]}
    assert_value(value(yearly_figures(inputs_as_of("2026-03-10", upts=("A",), **rows), 2026), "kelengkapan"), 0.5)
    assert_value(value(yearly_figures(inputs_as_of("2026-02-09", upts=("A",), **rows), 2026), "kelengkapan"), NaN)


def test_the_january_upload_leaves_the_other_units_complete_for_the_year_before():
    figures = metrics.audit_flags(yearly_figures(january_database(), [2025, 2026]), metrics.load_audit_config())
    last_year = figures[figures["tahun"].eq(2025)]
    assert last_year["kelengkapan"].tolist() == [1.0, 1.0, 1.0]
    assert not last_year["laporan_tidak_lengkap"].any()
    # In 2026 only January is due: A is complete, B and C are late by one month of one.
    this_year = figures[figures["tahun"].eq(2026)]
    assert this_year["bulan_diharapkan"].tolist() == [1, 1, 1]
    assert this_year["laporan_tidak_lengkap"].tolist() == [False, True, True]


# --------------------------------------------------------------------------- same-months growth


def production_inputs(as_of: str) -> MetricInputs:
    """A: 2025 Jan 100, Feb 100, Mar-Dec 200 each; 2026 Jan 110, Feb 120. B: 2025 Jan 100, Feb 300, Mar-Dec
    0; 2026 Jan 60. C: 2025 only (Jan 100), and a 2026 partisipasi row."""
    rows = [prod("A", month(2025, m), 100.0 if m <= 2 else 200.0) for m in range(1, 13)]
    rows += [prod("A", "2026-01", 110.0), prod("A", "2026-02", 120.0)]
    rows += [prod("B", "2025-01", 100.0), prod("B", "2025-02", 300.0), prod("B", "2026-01", 60.0)]
    rows += [prod("C", "2025-01", 100.0)]
    return inputs_as_of(as_of, produksi=rows, partisipasi=[part("C", "2026-01")])


@pytest.mark.parametrize(
    ("kode", "expected"),
    [
        ("A", (110 + 120) / (100 + 100) - 1),  # L = February: 0.15, not 230 / 2200 - 1
        ("B", 60 / 100 - 1),  # L = January: -0.40
        ("C", NaN),  # no production row in 2026: nothing to compare
    ],
)
def test_pertumbuhan_produksi_of_a_year_in_progress_uses_the_units_own_months(kode, expected):
    assert_value(value(yearly_figures(production_inputs("2026-03-15"), 2026), "pertumbuhan_produksi", kode), expected)


def test_pertumbuhan_produksi_of_a_complete_year_compares_whole_years():
    figures = yearly_figures(production_inputs("2027-01-10"), 2026)
    assert_value(value(figures, "pertumbuhan_produksi", "A"), 230 / 2200 - 1)
    assert_value(value(figures, "pertumbuhan_produksi", "B"), 60 / 400 - 1)


def test_a_group_compares_the_latest_month_of_any_of_its_units():
    # L of the group = February (A): (110 + 120 + 60) / (A 100 + 100, B 100 + 300) - 1 = 290 / 600 - 1.
    # C produced nothing in 2026 but reported: its 0 against its January 2025 (100) counts too.
    totals = group_totals(production_inputs("2026-03-15"), 2026, by=None)
    assert_value(totals["pertumbuhan_produksi"].item(), 290 / 700 - 1)
    only_ab = group_totals(production_inputs("2026-03-15"), 2026, by=None, kode_upt=["A", "B"])
    assert_value(only_ab["pertumbuhan_produksi"].item(), 290 / 600 - 1)


# --------------------------------------------------------------------------- the default year


@pytest.mark.parametrize(
    ("as_of", "reported", "expected"),
    [
        ("2026-02-15", ("A",), 2025),  # one of three sent January: fewer than half
        ("2026-02-15", ("A", "B"), 2026),  # two of three: at least half
        ("2026-02-05", ("A", "B", "C"), 2025),  # January not due yet: 2026 expects no month
        ("2026-01-09", (), 2025),  # December 2025 not due yet, but 2025 expects 11 months, all reported
    ],
)
def test_the_default_year(as_of, reported, expected):
    assert metrics.default_year(january_database(as_of, reported)) == expected


def test_the_default_year_looks_at_the_units_in_scope():
    inputs = january_database("2026-02-15", ("A",))
    assert metrics.default_year(inputs, ["A"]) == 2026
    assert metrics.default_year(inputs, ["A", "B"]) == 2026  # one of two is half
    assert metrics.default_year(inputs, ["B", "C"]) == 2025


def test_the_default_year_with_only_future_budgets_is_the_latest_year():
    inputs = inputs_as_of(
        "2026-02-15",
        anggaran=[{"kode_upt": "A", "tahun_anggaran": 2027, "jenis_belanja": "52", "pagu_awal_rp": 1.0}],
    )
    assert metrics.default_year(inputs) == 2027
    assert metrics.default_year(inputs_as_of("2026-02-15")) is None


# --------------------------------------------------------------------------- same-months totals


def test_a_year_in_progress_is_compared_over_the_same_months_and_units_of_the_year_before():
    compared = metrics.same_months_totals(january_database(), 2026)
    assert (compared.bulan, compared.jumlah_upt, compared.jumlah_upt_lingkup) == (1, 1, 3)
    before, now = (compared.totals[compared.totals["tahun"].eq(y)].iloc[0] for y in (2025, 2026))
    # Only A has reported 2026: its January 2026 against its January 2025 (100), not against the
    # year's 3600 of all three units, nor the January of all three (300).
    assert before["nilai_produksi_rp"] == 100.0
    assert now["nilai_produksi_rp"] == 50.0
    assert before["pnbp_rp"] == 10.0 and now["pnbp_rp"] == 5.0
    # Budgets stay whole: realisasi of January / the year's pagu efektif, on both sides.
    assert before["pagu_efektif_rp"] == now["pagu_efektif_rp"] == 2400.0
    assert_value(before["penyerapan"], 100 / 2400)
    assert_value(now["penyerapan"], 100 / 2400)
    assert_value(before["capaian_pnbp"], 10 / 240)
    assert_value(now["capaian_pnbp"], 5 / 240)
    assert before["bulan_diharapkan"] == 1 and before["kelengkapan"] == 1.0


def test_two_units_reported_compare_both():
    compared = metrics.same_months_totals(january_database(reported_2026=("A", "B")), 2026)
    assert compared.jumlah_upt == 2
    assert compared.totals.loc[compared.totals["tahun"].eq(2025), "nilai_produksi_rp"].item() == 200.0


def test_the_same_months_are_those_of_the_units_compared():
    compared = metrics.same_months_totals(january_database(), 2026, ["B", "C"])
    assert compared.bulan is None  # B and C have nothing in 2026: whole years
    assert compared.totals.loc[compared.totals["tahun"].eq(2025), "nilai_produksi_rp"].item() == 2400.0


def test_a_complete_year_is_compared_whole():
    compared = metrics.same_months_totals(january_database("2027-01-10"), 2026)
    assert compared.bulan is None
    assert compared.totals.loc[compared.totals["tahun"].eq(2025), "nilai_produksi_rp"].item() == 3600.0


def test_monthly_pnbp_runs_to_the_months_due():
    deposits = metrics.monthly_pnbp(january_database(), by=None, tahun=2026)
    assert deposits["bulan"].tolist() == [1]
