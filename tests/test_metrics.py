"""Figures, totals, monthly series and audit flags of spec/METRICS.md: literal rows -> values worked out by hand."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import metrics
from lapas_metrics.metrics import (
    FIGURES,
    FLAGS,
    METRICS_TABLE_COLUMNS,
    AuditConfig,
    MetricInputs,
    audit_flags,
    flag_reasons,
    flag_status,
    group_totals,
    load_audit_config,
    metrics_csv,
    metrics_table,
    monthly_absorption,
    monthly_participation,
    monthly_pnbp,
    monthly_production,
    yearly_figures,
)

NaN = float("nan")


# --------------------------------------------------------------------------- builders


def upt(kode="A", kanwil="Jawa Barat", kapasitas=100, lapas_industri=False, jenis="Lapas"):
    return {
        "kode_upt": kode,
        "nama_upt": f"{jenis} {kode}",
        "jenis": jenis,
        "kelas": "IIA",
        "kanwil": kanwil,
        "kabupaten_kota": "Kota Bandung",
        "kapasitas": kapasitas,
        "lapas_industri": lapas_industri,
        "komoditas_utama": None,
    }


def part(kode, periode, penghuni=100, bekerja=10, asimilasi=None, pelatihan=0, sertifikat=0, premi=0.0):
    return {
        "kode_upt": kode,
        "periode": periode,
        "jumlah_penghuni": penghuni,
        "napi_asimilasi": asimilasi,
        "wbp_bekerja": bekerja,
        "wbp_pelatihan": pelatihan,
        "wbp_bersertifikat": sertifikat,
        "premi_dibayar_rp": premi,
    }


def prod(kode, periode, nilai, jual=0.0, bidang="Pangan"):
    return {
        "kode_upt": kode,
        "periode": periode,
        "bidang": bidang,
        "nilai_produksi_rp": nilai,
        "nilai_penjualan_rp": jual,
    }


def pnbp(kode, periode, jumlah):
    return {"kode_upt": kode, "periode": periode, "jumlah_rp": jumlah}


def target(kode, tahun, jumlah):
    return {"kode_upt": kode, "tahun_anggaran": tahun, "target_pnbp_rp": jumlah}


def pagu(kode, tahun, awal, jenis="52", apbnp=None, blokir=0.0):
    return {
        "kode_upt": kode,
        "tahun_anggaran": tahun,
        "jenis_belanja": jenis,
        "pagu_awal_rp": awal,
        "pagu_apbnp_rp": apbnp,
        "blokir_rp": blokir,
    }


def real(kode, periode, realisasi, rpd=None, jenis="52"):
    return {"kode_upt": kode, "periode": periode, "jenis_belanja": jenis, "rpd_rp": rpd, "realisasi_rp": realisasi}


def make_inputs(upts=None, latest="2018-12", **rows) -> MetricInputs:
    """Inputs from lists of row dicts, as of the day the report of month `latest` is due (the 10th of
    the next month): by default 2017 and 2018 are full years."""
    frames = {name: pd.DataFrame(values) for name, values in rows.items()}
    as_of = (pd.Period(latest, "M") + 1).start_time + pd.Timedelta(days=9)
    return MetricInputs.from_frames(
        upt=pd.DataFrame(upts if upts is not None else [upt()]), tanggal_posisi=as_of, **frames
    )


def figure(inputs: MetricInputs, name: str, kode="A", tahun=2017):
    figures = yearly_figures(inputs, tahun)
    return figures.loc[figures["kode_upt"].eq(kode) & figures["tahun"].eq(tahun), name].item()


def assert_value(actual, expected):
    if isinstance(expected, float) and math.isnan(expected):
        assert pd.isna(actual), actual
    else:
        assert actual == pytest.approx(expected), actual


# --------------------------------------------------------------------------- participation

PARTICIPATION = make_inputs(
    partisipasi=[
        part("A", "2017-01", penghuni=120, bekerja=30, asimilasi=60, pelatihan=5, sertifikat=1, premi=1_400_000),
        part("A", "2017-02", penghuni=130, bekerja=40, asimilasi=None, pelatihan=3, sertifikat=2, premi=2_100_000),
    ]
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("penghuni_rata2", 125.0),  # (120 + 130) / 2
        ("okupansi", 1.25),  # 125 / kapasitas 100
        ("wbp_bekerja_rata2", 35.0),  # (30 + 40) / 2
        ("tingkat_partisipasi", 0.28),  # (30 + 40) / (120 + 130) = 70 / 250
        ("partisipasi_iku", 0.5),  # only January gives napi_asimilasi: 30 / 60
        ("wbp_pelatihan", 8.0),  # 5 + 3
        ("wbp_bersertifikat", 3.0),  # 1 + 2
        ("premi_rp", 3_500_000.0),  # 1.4 jt + 2.1 jt
        ("premi_per_wbp_bulan_rp", 50_000.0),  # 3.5 jt / 70 person-months
    ],
)
def test_participation_figures(name, expected):
    assert_value(figure(PARTICIPATION, name), expected)


def test_okupansi_is_empty_for_zero_capacity():
    inputs = make_inputs([upt(kapasitas=0)], partisipasi=[part("A", "2017-01", penghuni=120)])
    assert_value(figure(inputs, "okupansi"), NaN)  # 120 / 0 is not a number, and never inf
    assert_value(figure(inputs, "penghuni_rata2"), 120.0)


def test_partisipasi_iku_is_empty_without_napi_asimilasi():
    inputs = make_inputs(partisipasi=[part("A", "2017-01", bekerja=10), part("A", "2017-02", bekerja=20)])
    assert_value(figure(inputs, "partisipasi_iku"), NaN)
    assert_value(figure(inputs, "tingkat_partisipasi"), 0.15)  # 30 / 200


def test_partisipasi_iku_with_zero_napi_asimilasi_is_empty():
    inputs = make_inputs(partisipasi=[part("A", "2017-01", bekerja=0, asimilasi=0)])
    assert_value(figure(inputs, "partisipasi_iku"), NaN)


@pytest.mark.parametrize(
    "name", ["penghuni_rata2", "tingkat_partisipasi", "wbp_pelatihan", "premi_rp", "premi_per_wbp_bulan_rp"]
)
def test_participation_figures_are_empty_without_a_partisipasi_report(name):
    inputs = make_inputs(realisasi=[real("A", "2017-01", 100.0)])  # reported spending, no participation
    assert_value(figure(inputs, name), NaN)


# --------------------------------------------------------------------------- production and PNBP


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nilai_produksi_rp", 600.0),  # 100 + 200 (Jan, two bidang) + 300 (Dec)
        ("nilai_penjualan_rp", 50.0),  # 50 + empty (= 0) + 0
        ("pnbp_rp", 150.0),  # 100 + 50; the 2016 deposit belongs to 2016
        ("target_pnbp_rp", 200.0),
        ("capaian_pnbp", 0.75),  # 150 / 200
        ("realisasi_rp", 1000.0),  # 400 + 600
        ("produksi_per_rupiah", 0.6),  # 600 / 1000
        ("pnbp_per_rupiah", 0.15),  # 150 / 1000
    ],
)
def test_production_and_pnbp_figures(name, expected):
    inputs = make_inputs(
        produksi=[
            prod("A", "2017-01", 100.0, jual=50.0, bidang="Pangan"),
            prod("A", "2017-01", 200.0, jual=None, bidang="Percetakan"),
            prod("A", "2017-12", 300.0),
        ],
        pnbp=[pnbp("A", "2016-12", 999.0), pnbp("A", "2017-03", 100.0), pnbp("A", "2017-07", 50.0)],
        target_pnbp=[target("A", 2017, 200.0)],
        realisasi=[real("A", "2017-01", 400.0), real("A", "2017-02", 600.0)],
    )
    assert_value(figure(inputs, name), expected)


@pytest.mark.parametrize(("targets", "expected"), [([target("A", 2017, 0.0)], NaN), ([], NaN)])
def test_capaian_pnbp_is_empty_without_a_positive_target(targets, expected):
    inputs = make_inputs(pnbp=[pnbp("A", "2017-03", 100.0)], target_pnbp=targets)
    assert_value(figure(inputs, "capaian_pnbp"), expected)


def test_unit_with_no_production_produces_zero_and_has_no_growth():
    # Reported participation and spending in 2016 and 2017, never production.
    inputs = make_inputs(
        partisipasi=[part("A", "2016-01"), part("A", "2017-01")],
        realisasi=[real("A", "2016-01", 500.0), real("A", "2017-01", 500.0)],
    )
    assert_value(figure(inputs, "nilai_produksi_rp"), 0.0)
    assert_value(figure(inputs, "nilai_penjualan_rp"), 0.0)
    assert_value(figure(inputs, "pnbp_rp"), 0.0)  # no deposit is a deposit of nothing
    assert_value(figure(inputs, "produksi_per_rupiah"), 0.0)  # 0 / 500
    assert_value(figure(inputs, "pertumbuhan_produksi"), NaN)  # 0 / 0 - 1


def test_upt_year_without_any_monthly_row_is_unknown_not_zero():
    inputs = make_inputs([upt("A"), upt("B")], partisipasi=[part("A", "2017-01")], anggaran=[pagu("B", 2017, 1000.0)])
    for name in ("nilai_produksi_rp", "pnbp_rp", "realisasi_rp", "penghuni_rata2", "produksi_per_rupiah"):
        assert_value(figure(inputs, name, kode="B"), NaN)
    assert_value(figure(inputs, "pagu_efektif_rp", kode="B"), 1000.0)
    assert_value(figure(inputs, "kelengkapan", kode="B"), 0.0)  # 0 of 12 months reported


def test_realisasi_is_unknown_without_realisasi_rows_even_when_other_reports_came():
    inputs = make_inputs(partisipasi=[part("A", "2017-01")], anggaran=[pagu("A", 2017, 1000.0)])
    assert_value(figure(inputs, "realisasi_rp"), NaN)
    assert_value(figure(inputs, "penyerapan"), NaN)
    assert_value(figure(inputs, "biaya_per_wbp_rp"), NaN)


@pytest.mark.parametrize(
    ("produksi", "expected"),
    [
        ([prod("A", "2016-05", 100.0), prod("A", "2017-05", 150.0)], 0.5),  # 150 / 100 - 1
        ([prod("A", "2016-05", 200.0), prod("A", "2017-05", 50.0)], -0.75),  # 50 / 200 - 1
        ([prod("A", "2016-05", 0.0), prod("A", "2017-05", 50.0)], NaN),  # previous year 0
        ([prod("A", "2017-05", 50.0)], NaN),  # nothing reported in 2016
        ([prod("A", "2016-05", 80.0), part("A", "2017-05")], -1.0),  # reported 2017 without production: 0 / 80 - 1
    ],
)
def test_pertumbuhan_produksi_looks_at_the_previous_year_even_when_only_one_is_requested(produksi, expected):
    rows = {
        "produksi": [r for r in produksi if "bidang" in r],
        "partisipasi": [r for r in produksi if "bidang" not in r],
    }
    inputs = make_inputs(**rows)
    figures = yearly_figures(inputs, 2017)
    assert figures["tahun"].tolist() == [2017]
    assert_value(figures["pertumbuhan_produksi"].item(), expected)


# --------------------------------------------------------------------------- budget and spending

BUDGET = make_inputs(
    anggaran=[
        # APBN-P raised 51 from 1000 to 1200 with 100 blocked; 52 unrevised with 50 blocked.
        pagu("A", 2017, 1000.0, jenis="51", apbnp=1200.0, blokir=100.0),
        pagu("A", 2017, 500.0, jenis="52", apbnp=None, blokir=50.0),
        pagu("A", 2016, 9999.0, jenis="51"),
    ],
    realisasi=[
        real("A", "2017-01", 400.0, jenis="51"),
        real("A", "2017-06", 375.0, jenis="52"),
        real("A", "2017-11", 100.0, jenis="51"),
        real("A", "2017-12", 225.0, jenis="52"),
    ],
    partisipasi=[part("A", "2017-01", bekerja=40), part("A", "2017-02", bekerja=60)],
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pagu_awal_rp", 1500.0),  # 1000 + 500
        ("pagu_efektif_rp", 1550.0),  # (1200 - 100) + (500 - 50)
        ("tambahan_apbnp_rp", 200.0),  # (1200 - 1000) + (500 - 500)
        ("realisasi_rp", 1100.0),  # 400 + 375 + 100 + 225
        ("penyerapan", 1100 / 1550),
        ("konsentrasi_akhir_tahun", 325 / 1100),  # (Nov 100 + Dec 225) / 1100
        ("biaya_per_wbp_rp", 22.0),  # 1100 / wbp_bekerja_rata2 (40 + 60) / 2 = 50
    ],
)
def test_budget_figures(name, expected):
    assert_value(figure(BUDGET, name), expected)


def test_apbnp_cut_gives_negative_tambahan():
    inputs = make_inputs(anggaran=[pagu("A", 2017, 1000.0, apbnp=800.0)])
    assert_value(figure(inputs, "tambahan_apbnp_rp"), -200.0)  # 800 - 1000
    assert_value(figure(inputs, "pagu_efektif_rp"), 800.0)


def test_pagu_is_unknown_without_dipa():
    inputs = make_inputs(realisasi=[real("A", "2017-01", 100.0)])
    for name in ("pagu_awal_rp", "pagu_efektif_rp", "tambahan_apbnp_rp", "penyerapan"):
        assert_value(figure(inputs, name), NaN)


def test_deviasi_rpd_weighs_only_the_jenis_with_rpd():
    inputs = make_inputs(
        anggaran=[
            pagu("A", 2017, 3000.0, jenis="51"),
            pagu("A", 2017, 1000.0, jenis="52"),
            pagu("A", 2017, 6000.0, jenis="53"),  # no RPD for modal: its large pagu must not weigh
        ],
        realisasi=[
            real("A", "2017-01", 110.0, rpd=100.0, jenis="51"),  # |110 - 100| / 100 = 0.1
            real("A", "2017-02", 70.0, rpd=100.0, jenis="51"),  # |70 - 100| / 100 = 0.3 -> d_51 = 0.2
            real("A", "2017-01", 200.0, rpd=200.0, jenis="52"),  # 0
            real("A", "2017-02", 50.0, rpd=0.0, jenis="52"),  # rpd 0: left out -> d_52 = 0
            real("A", "2017-01", 900.0, rpd=None, jenis="53"),
        ],
    )
    # w_51 = 3000 / (3000 + 1000) = 0.75, w_52 = 0.25: 0.75 × 0.2 + 0.25 × 0 = 0.15
    assert_value(figure(inputs, "deviasi_rpd"), 0.15)


def test_deviasi_rpd_is_empty_without_any_rpd():
    inputs = make_inputs(anggaran=[pagu("A", 2017, 1000.0)], realisasi=[real("A", "2017-01", 100.0, rpd=None)])
    assert_value(figure(inputs, "deviasi_rpd"), NaN)


# --------------------------------------------------------------------------- months expected and reported


def test_all_years_present_in_any_table_and_every_upt():
    inputs = MetricInputs.from_frames(
        upt=pd.DataFrame([upt("B"), upt("A")]),
        partisipasi=pd.DataFrame([part("A", "2017-03")]),
        target_pnbp=pd.DataFrame([target("A", 2015, 1.0)]),
    )
    figures = yearly_figures(inputs)
    assert list(zip(figures["kode_upt"], figures["tahun"], strict=True)) == [
        ("A", 2015),
        ("A", 2017),
        ("B", 2015),
        ("B", 2017),
    ]
    assert list(figures.columns) == [*metrics.ID_COLUMNS, *FIGURES, "bulan_dilaporkan"]


@pytest.mark.parametrize(
    ("lapas_industri", "expected"),
    [
        # Months Jan-Mar expected (database ends 2017-03). partisipasi Jan-Mar, realisasi Jan and Mar:
        # reported = Jan, Mar -> 2 / 3.
        (False, 2 / 3),
        # A Lapas Industri also needs produksi, given only for January: 1 / 3.
        (True, 1 / 3),
    ],
)
def test_kelengkapan_counts_months_present_in_every_table(lapas_industri, expected):
    inputs = make_inputs(
        [upt(lapas_industri=lapas_industri)],
        latest="2017-03",
        partisipasi=[part("A", "2017-01"), part("A", "2017-02"), part("A", "2017-03")],
        realisasi=[real("A", "2017-01", 1.0, jenis="51"), real("A", "2017-03", 1.0, jenis="52")],
        produksi=[prod("A", "2017-01", 5.0), prod("A", "2017-01", 5.0, bidang="Jasa")],
    )
    assert figure(inputs, "bulan_diharapkan") == 3
    assert_value(figure(inputs, "kelengkapan"), expected)


def test_kelengkapan_is_empty_when_no_month_is_expected():
    inputs = make_inputs(latest="2016-12", anggaran=[pagu("A", 2017, 1.0)])
    assert figure(inputs, "bulan_diharapkan") == 0
    assert_value(figure(inputs, "kelengkapan"), NaN)


def test_kode_upt_of_fact_rows_matches_case_insensitively_and_unknown_units_are_ignored():
    inputs = make_inputs(
        [upt("LPSKM")],
        partisipasi=[part("lpskm", "2017-01", penghuni=50), part("NOPE", "2017-01", penghuni=999)],
    )
    figures = yearly_figures(inputs, 2017)
    assert figures["kode_upt"].tolist() == ["LPSKM"]
    assert_value(figures["penghuni_rata2"].item(), 50.0)


def test_empty_inputs_give_an_empty_frame_with_every_column():
    figures = yearly_figures(MetricInputs.from_frames(upt=pd.DataFrame([upt()])))
    assert figures.empty
    assert list(figures.columns) == [*metrics.ID_COLUMNS, *FIGURES, "bulan_dilaporkan"]


def test_no_ratio_is_ever_infinite():
    inputs = make_inputs(
        [upt(kapasitas=0)],
        partisipasi=[part("A", "2017-01", penghuni=0, bekerja=0, asimilasi=0, premi=10.0)],
        produksi=[prod("A", "2017-01", 100.0)],
        pnbp=[pnbp("A", "2017-01", 10.0)],
        target_pnbp=[target("A", 2017, 0.0)],
        anggaran=[pagu("A", 2017, 0.0)],
        realisasi=[real("A", "2017-01", 0.0, rpd=0.0)],
    )
    values = yearly_figures(inputs, 2017)[list(FIGURES)].to_numpy(dtype=float)
    assert not np.isinf(values).any()


# --------------------------------------------------------------------------- totals


def test_totals_are_ratios_of_sums_not_means_of_ratios():
    inputs = make_inputs(
        [upt("A"), upt("B")],
        anggaran=[pagu("A", 2017, 1000.0), pagu("B", 2017, 100.0)],
        realisasi=[real("A", "2017-01", 900.0), real("B", "2017-01", 10.0)],
    )
    per_upt = yearly_figures(inputs, 2017)["penyerapan"]
    assert per_upt.tolist() == pytest.approx([0.9, 0.1])  # mean of ratios would be 0.5
    totals = group_totals(inputs, 2017, by="kanwil")
    assert_value(totals["penyerapan"].iloc[0], 910 / 1100)  # (900 + 10) / (1000 + 100) = 0.827
    assert_value(totals["realisasi_rp"].iloc[0], 910.0)


def test_totals_rows_per_kanwil_and_for_all_upts():
    inputs = make_inputs(
        [upt("A", "Jawa Barat"), upt("B", "Banten"), upt("C", "Jawa Barat")],
        partisipasi=[
            part("A", "2017-01", penghuni=100, bekerja=10),
            part("A", "2017-02", penghuni=300, bekerja=30),
            part("B", "2017-01", penghuni=50, bekerja=40),
            part("C", "2017-01", penghuni=50, bekerja=0),
        ],
    )
    totals = group_totals(inputs, 2017, by="kanwil")
    assert totals["kanwil"].tolist() == ["Banten", "Jawa Barat", "Semua UPT"]
    assert totals["jumlah_upt"].tolist() == [1, 2, 3]
    # Jawa Barat: A's mean (100 + 300) / 2 = 200 plus C's 50; all UPTs add B's 50.
    assert totals["penghuni_rata2"].tolist() == pytest.approx([50, 250, 300])
    # Jawa Barat: (10 + 30 + 0) / (100 + 300 + 50) = 40 / 450; all: 80 / 500
    assert totals["tingkat_partisipasi"].tolist() == pytest.approx([0.8, 40 / 450, 0.16])


def test_totals_okupansi_leaves_out_units_of_zero_capacity():
    inputs = make_inputs(
        [upt("A", kapasitas=100), upt("B", kapasitas=0)],
        partisipasi=[part("A", "2017-01", penghuni=150), part("B", "2017-01", penghuni=80)],
    )
    totals = group_totals(inputs, 2017, by=None)
    assert list(totals.columns[:3]) == ["tahun", "jumlah_upt", "penghuni_rata2"]
    assert_value(totals["okupansi"].item(), 1.5)  # 150 / 100; B has no capacity to compare with
    assert_value(totals["penghuni_rata2"].item(), 230.0)  # 150 + 80


def test_totals_deviasi_weighs_every_upt_and_jenis_by_pagu():
    inputs = make_inputs(
        [upt("A"), upt("B")],
        anggaran=[pagu("A", 2017, 3000.0), pagu("B", 2017, 1000.0)],
        realisasi=[real("A", "2017-01", 120.0, rpd=100.0), real("B", "2017-01", 40.0, rpd=100.0)],
    )
    # d_A = 0.2, d_B = 0.6: (3000 × 0.2 + 1000 × 0.6) / 4000 = 0.3
    assert_value(group_totals(inputs, 2017, by=None)["deviasi_rpd"].item(), 0.3)


def test_totals_kelengkapan_and_filter_by_kode_upt():
    inputs = make_inputs(
        [upt("A"), upt("B"), upt("C")],
        latest="2017-02",
        partisipasi=[part("A", "2017-01"), part("A", "2017-02"), part("B", "2017-01"), part("C", "2017-01")],
        realisasi=[real("A", "2017-01", 1.0), real("A", "2017-02", 1.0), real("B", "2017-01", 1.0)],
    )
    totals = group_totals(inputs, 2017, by=None, kode_upt=["a", "B"])
    assert totals["jumlah_upt"].item() == 2
    assert_value(totals["kelengkapan"].item(), 0.75)  # (2 + 1) / (2 + 2)


# --------------------------------------------------------------------------- audit flags


def figures_frame(*rows, **common):
    """A figures frame as yearly_figures() returns it: every figure empty unless given."""
    base = {
        "kode_upt": "A",
        "nama_upt": "Lapas A",
        "kanwil": "Jawa Barat",
        "jenis": "Lapas",
        "kelas": "IIA",
        "lapas_industri": False,
        "tahun": 2017,
        **{name: NaN for name in FIGURES},
        "bulan_diharapkan": 12,
        "bulan_dilaporkan": 12,
    }
    records = [{**base, "kode_upt": f"U{i}", **common, **row} for i, row in enumerate(rows)]
    return pd.DataFrame(records)


DEFAULT = AuditConfig()


@pytest.mark.parametrize(
    ("flag", "row", "expected"),
    [
        ("penyerapan_rendah", {"penyerapan": 0.89}, True),
        ("penyerapan_rendah", {"penyerapan": 0.90}, False),  # strictly below 0.90
        ("penyerapan_rendah", {"penyerapan": 0.44, "bulan_diharapkan": 6}, True),  # 0.90 × 6 / 12 = 0.45
        ("penyerapan_rendah", {"penyerapan": 0.50, "bulan_diharapkan": 6}, False),
        ("penyerapan_melebihi", {"penyerapan": 1.01}, True),
        ("penyerapan_melebihi", {"penyerapan": 1.00}, False),
        ("lonjakan_akhir_tahun", {"konsentrasi_akhir_tahun": 0.36}, True),
        ("lonjakan_akhir_tahun", {"konsentrasi_akhir_tahun": 0.35}, False),
        ("lonjakan_akhir_tahun", {"konsentrasi_akhir_tahun": 0.90, "bulan_diharapkan": 11}, None),
        ("deviasi_rpd_tinggi", {"deviasi_rpd": 0.21}, True),
        ("deviasi_rpd_tinggi", {"deviasi_rpd": 0.20}, False),
        ("laporan_tidak_lengkap", {"kelengkapan": 0.74}, True),
        ("laporan_tidak_lengkap", {"kelengkapan": 0.75}, False),
        ("pnbp_di_bawah_target", {"capaian_pnbp": 0.74}, True),
        ("pnbp_di_bawah_target", {"capaian_pnbp": 0.75}, False),
        ("pnbp_di_bawah_target", {"capaian_pnbp": 0.37, "bulan_diharapkan": 6}, True),  # 0.75 × 6 / 12 = 0.375
        ("pnbp_di_bawah_target", {"capaian_pnbp": 0.40, "bulan_diharapkan": 6}, False),
        ("produktivitas_rendah", {"produksi_per_rupiah": 0.1}, None),  # not a Lapas Industri
        ("penyerapan_rendah", {}, None),  # empty figure: not evaluable
        ("deviasi_rpd_tinggi", {}, None),
        ("laporan_tidak_lengkap", {}, None),
        ("pnbp_di_bawah_target", {}, None),
    ],
)
def test_threshold_flags(flag, row, expected):
    figures = figures_frame(row)
    status = flag_status(figures, DEFAULT)[flag].iloc[0]
    assert (status is pd.NA) if expected is None else (status == expected)
    assert audit_flags(figures, DEFAULT)[flag].iloc[0] == bool(expected)  # not evaluable prints false


def test_anggaran_tinggi_at_the_75th_percentile_of_the_kanwil():
    figures = figures_frame(
        {"pagu_efektif_rp": 100.0},
        {"pagu_efektif_rp": 200.0},
        {"pagu_efektif_rp": 300.0},
        {"pagu_efektif_rp": 400.0},
        {"pagu_efektif_rp": NaN},  # no DIPA: not a peer, not evaluable
        {"pagu_efektif_rp": 50.0, "kanwil": "Banten"},  # a kanwil of one UPT: its own percentile
    )
    # Linear: position 0.75 × 3 = 2.25 between 300 and 400 -> 325.
    status = flag_status(figures, DEFAULT)["anggaran_tinggi"]
    assert status.tolist() == [False, False, False, True, pd.NA, True]


def test_anggaran_tinggi_also_at_the_auditors_amount():
    figures = figures_frame(*({"pagu_efektif_rp": v} for v in (100.0, 200.0, 300.0, 400.0)))
    config = DEFAULT.with_overrides(anggaran_absolute_rp=200.0)
    assert audit_flags(figures, config)["anggaran_tinggi"].tolist() == [False, True, True, True]
    # A lower percentile raises more: the median of 100..400 is 250.
    assert audit_flags(figures, DEFAULT.with_overrides(anggaran_percentile=50))["anggaran_tinggi"].tolist() == [
        False,
        False,
        True,
        True,
    ]


def test_produktivitas_rendah_compares_lapas_industri_of_the_same_kanwil():
    figures = figures_frame(
        {"produksi_per_rupiah": 0.2, "lapas_industri": True},
        {"produksi_per_rupiah": 1.0, "lapas_industri": True},
        {"produksi_per_rupiah": 1.2, "lapas_industri": True},
        {"produksi_per_rupiah": 0.01, "lapas_industri": False},  # not a peer, not judged
        {"produksi_per_rupiah": 0.01, "lapas_industri": False},
        {"produksi_per_rupiah": 0.3, "lapas_industri": True, "kanwil": "Banten"},  # alone: median itself
        {"produksi_per_rupiah": 1.0, "lapas_industri": True, "tahun": 2016},  # another year
    )
    # Jawa Barat 2017 Lapas Industri median = 1.0 -> batas 0.5: 0.2 is below.
    status = flag_status(figures, DEFAULT)["produktivitas_rendah"]
    assert status.tolist() == [True, False, False, pd.NA, pd.NA, False, False]


def test_partisipasi_rendah_compares_all_upts_of_the_same_kanwil_and_year():
    figures = figures_frame(
        {"tingkat_partisipasi": 0.10},
        {"tingkat_partisipasi": 0.30},
        {"tingkat_partisipasi": 0.40},
        {"tingkat_partisipasi": NaN},  # empty: not a peer
        {"tingkat_partisipasi": 0.01, "kanwil": "Banten"},  # a kanwil of one UPT: median is itself
    )
    # Jawa Barat median = 0.30 -> batas 0.15: 0.10 is below.
    status = flag_status(figures, DEFAULT)["partisipasi_rendah"]
    assert status.tolist() == [True, False, False, pd.NA, False]


def test_peers_ignore_the_case_of_kanwil():
    figures = figures_frame(
        {"tingkat_partisipasi": 0.10, "kanwil": "Jawa Barat"},
        {"tingkat_partisipasi": 0.30, "kanwil": "JAWA BARAT"},
        {"tingkat_partisipasi": 0.40, "kanwil": "jawa barat "},
    )
    assert flag_status(figures, DEFAULT)["partisipasi_rendah"].tolist() == [True, False, False]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # penyerapan 0.5: penyerapan_rendah raised (2) and penyerapan_melebihi evaluated (2);
        # kelengkapan 1.0 evaluated (1); every other figure empty -> 100 × 2 / 5 = 40.
        ({"penyerapan": 0.5, "kelengkapan": 1.0}, 40.0),
        # + a partial year: lonjakan not evaluable even with a figure -> still 2 / 5.
        ({"penyerapan": 0.3, "kelengkapan": 1.0, "konsentrasi_akhir_tahun": 0.9, "bulan_diharapkan": 6}, 40.0),
        # + deviasi 0.3 raised (1): (2 + 1) / (2 + 2 + 1 + 1) = 50.
        ({"penyerapan": 0.5, "kelengkapan": 1.0, "deviasi_rpd": 0.3}, 50.0),
        # every scored flag evaluable and none raised.
        (
            {
                "penyerapan": 0.95,
                "konsentrasi_akhir_tahun": 0.2,
                "deviasi_rpd": 0.1,
                "produksi_per_rupiah": 1.0,
                "lapas_industri": True,
                "tingkat_partisipasi": 0.5,
                "kelengkapan": 1.0,
                "capaian_pnbp": 1.0,
            },
            0.0,
        ),
        ({}, NaN),  # nothing evaluable
        ({"pagu_efektif_rp": 1e12}, NaN),  # anggaran_tinggi raised but it never scores
    ],
)
def test_skor_risiko(row, expected):
    assert_value(audit_flags(figures_frame(row), DEFAULT)["skor_risiko"].item(), expected)


def test_skor_risiko_with_overridden_weights():
    figures = figures_frame({"penyerapan": 0.5, "kelengkapan": 0.5})
    # default: (2 + 1) / (2 + 2 + 1) = 60; with penyerapan_rendah weight 0: 1 / (0 + 2 + 1) = 33.3
    assert_value(audit_flags(figures, DEFAULT)["skor_risiko"].item(), 60.0)
    config = DEFAULT.with_overrides(weights={"penyerapan_rendah": 0})
    assert_value(audit_flags(figures, config)["skor_risiko"].item(), 100 / 3)


def test_threshold_override_changes_the_flag():
    figures = figures_frame({"penyerapan": 0.6})
    assert audit_flags(figures, DEFAULT)["penyerapan_rendah"].item()
    assert not audit_flags(figures, DEFAULT.with_overrides(penyerapan_rendah=0.5))["penyerapan_rendah"].item()


def test_latest_partial_year_end_to_end():
    # The database ends in June 2018: 6 months expected, penyerapan_rendah batas 0.90 × 6 / 12 = 0.45.
    inputs = make_inputs(
        latest="2018-06",
        anggaran=[pagu("A", 2018, 1000.0)],
        realisasi=[real("A", "2018-01", 200.0), real("A", "2018-06", 200.0)],
    )
    figures = yearly_figures(inputs, 2018)
    assert figures["bulan_diharapkan"].item() == 6
    assert_value(figures["penyerapan"].item(), 0.4)  # 400 / 1000 < 0.45
    status = flag_status(figures, DEFAULT)
    assert status["penyerapan_rendah"].item() == True  # noqa: E712 (nullable boolean)
    assert status["lonjakan_akhir_tahun"].item() is pd.NA  # konsentrasi 0 is there, but not judged
    reasons = flag_reasons(figures, DEFAULT)
    sentence = reasons.loc[reasons["flag"].eq("penyerapan_rendah"), "kalimat"].item()
    assert sentence == "Penyerapan anggaran 40% dari pagu efektif (batas 45% untuk 6 bulan)."


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("row", "flag", "sentence"),
    [
        (
            {"konsentrasi_akhir_tahun": 0.41},
            "lonjakan_akhir_tahun",
            "Realisasi November–Desember 41% dari realisasi setahun (batas 35%).",
        ),
        (
            {"konsentrasi_akhir_tahun": 0.4123},
            "lonjakan_akhir_tahun",
            "Realisasi November–Desember 41,2% dari realisasi setahun (batas 35%).",
        ),
        (
            {"penyerapan": 0.62},
            "penyerapan_rendah",
            "Penyerapan anggaran 62% dari pagu efektif (batas 90%).",
        ),
        (
            {"penyerapan": 0.8999},
            "penyerapan_rendah",  # 90,0% would look like the limit: one more decimal
            "Penyerapan anggaran 89,99% dari pagu efektif (batas 90%).",
        ),
        (
            {"penyerapan": 1.043},
            "penyerapan_melebihi",
            "Realisasi 104,3% dari pagu efektif, melebihi pagu (batas 100%).",
        ),
        (
            {"deviasi_rpd": 0.275},
            "deviasi_rpd_tinggi",
            "Realisasi rata-rata menyimpang 27,5% dari rencana penarikan dana (RPD) (batas 20%).",
        ),
        (
            {"kelengkapan": 7 / 12, "bulan_dilaporkan": 7},
            "laporan_tidak_lengkap",
            "Laporan lengkap 7 dari 12 bulan (58,3%; batas 75%).",
        ),
        (
            {"capaian_pnbp": 0.4, "pnbp_rp": 12_000_000.0, "target_pnbp_rp": 30_000_000.0},
            "pnbp_di_bawah_target",
            "PNBP Rp 12 jt atau 40% dari target Rp 30 jt (batas 75%).",
        ),
        (
            {"capaian_pnbp": 0.5, "pnbp_rp": 15e6, "target_pnbp_rp": 30e6, "bulan_diharapkan": 9},
            "pnbp_di_bawah_target",
            "PNBP Rp 15 jt atau 50% dari target Rp 30 jt (batas 56,3% untuk 9 bulan).",
        ),
        (
            {"pagu_efektif_rp": 12_345_000_000.0},
            "anggaran_tinggi",  # alone in its kanwil: its own 75th percentile
            "Pagu efektif Rp 12,3 M mencapai persentil ke-75 pagu efektif UPT se-kanwil (batas Rp 12,3 M).",
        ),
    ],
)
def test_flag_sentence(row, flag, sentence):
    reasons = flag_reasons(figures_frame(row), DEFAULT)
    assert reasons.loc[reasons["flag"].eq(flag), "kalimat"].item() == sentence


def test_peer_flag_sentences_state_median_and_limit():
    figures = figures_frame(
        {"tingkat_partisipasi": 0.10, "produksi_per_rupiah": 0.2, "lapas_industri": True},
        {"tingkat_partisipasi": 0.30, "produksi_per_rupiah": 1.0, "lapas_industri": True},
        {"tingkat_partisipasi": 0.40, "produksi_per_rupiah": 1.2, "lapas_industri": True},
    )
    reasons = flag_reasons(figures, DEFAULT)
    assert reasons["kalimat"].tolist() == [
        "Nilai produksi Rp 0,20 per rupiah realisasi belanja (batas 0,50 = 50% dari median Lapas Industri "
        "se-kanwil 1,00).",
        "Tingkat partisipasi kerja 10% dari penghuni (batas 15% = 50% dari median UPT se-kanwil 30%).",
    ]
    assert reasons[["kode_upt", "tahun", "flag"]].values.tolist() == [
        ["U0", 2017, "produktivitas_rendah"],
        ["U0", 2017, "partisipasi_rendah"],
    ]
    assert reasons["batas"].tolist() == pytest.approx([0.5, 0.15])
    assert reasons["bobot"].tolist() == [2.0, 1.0]


def test_anggaran_sentence_for_the_auditors_amount():
    figures = figures_frame({"pagu_efektif_rp": 5e9}, {"pagu_efektif_rp": 50e9})
    reasons = flag_reasons(figures, DEFAULT.with_overrides(anggaran_absolute_rp=2e9))
    assert reasons["kalimat"].tolist() == [
        "Pagu efektif Rp 5 M mencapai jumlah yang ditetapkan auditor (batas Rp 2 M).",
        "Pagu efektif Rp 50 M mencapai persentil ke-75 pagu efektif UPT se-kanwil (batas Rp 38,8 M).",
    ]  # 5 + 0.75 × 45 = 38.75 M


def test_no_raised_flag_gives_an_empty_reason_table():
    reasons = flag_reasons(figures_frame({"penyerapan": 0.95}), DEFAULT)
    assert reasons.empty
    assert list(reasons.columns) == ["kode_upt", "tahun", "flag", "nilai", "batas", "bobot", "kalimat"]


# --------------------------------------------------------------------------- configuration


def test_default_file_holds_the_metrics_md_defaults():
    config = load_audit_config()
    assert config == AuditConfig()
    assert config.thresholds["penyerapan_rendah"] == 0.90
    assert config.weights["produktivitas_rendah"] == 2
    assert config.anggaran_percentile == 75
    assert config.anggaran_absolute_rp is None


def test_config_path_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "audit.toml"
    path.write_text("[anggaran_tinggi]\nabsolute_rp = 25_000_000_000\n[weights]\ndeviasi_rpd_tinggi = 3\n")
    monkeypatch.setenv("LAPAS_AUDIT_CONFIG", str(path))
    config = load_audit_config()
    assert config.anggaran_absolute_rp == 25e9
    assert config.weights["deviasi_rpd_tinggi"] == 3
    assert config.weights["penyerapan_rendah"] == 2  # left out: default
    assert config.thresholds == AuditConfig().thresholds


@pytest.mark.parametrize(
    "text",
    [
        "[thresholds]\npenyerapan_rendahh = 0.8\n",  # typo
        "[bobot]\npenyerapan_rendah = 1\n",
        "[anggaran_tinggi]\npersentil = 80\n",
        "[weights]\npenyerapan_rendah = -1\n",
        "[anggaran_tinggi]\npercentile = 120\n",
    ],
)
def test_bad_config_file_is_refused_naming_the_file(tmp_path, text):
    path = tmp_path / "audit.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match="audit.toml"):
        load_audit_config(path)


def test_with_overrides_changes_a_copy_only():
    base = AuditConfig()
    changed = base.with_overrides(penyerapan_rendah=0.8, weights={"partisipasi_rendah": 4}, anggaran_percentile=90)
    assert changed.thresholds["penyerapan_rendah"] == 0.8
    assert changed.weights["partisipasi_rendah"] == 4
    assert changed.weights["penyerapan_rendah"] == 2
    assert changed.anggaran_percentile == 90
    assert base == AuditConfig()
    assert hash(changed) != hash(base)
    assert hash(base.with_overrides()) == hash(base)


@pytest.mark.parametrize(
    ("changes", "error"),
    [({"threshold_x": 1}, TypeError), ({"weights": {"anggaran_tinggi": 1}}, ValueError)],
)
def test_with_overrides_refuses_unknown_settings(changes, error):
    with pytest.raises(error):
        AuditConfig().with_overrides(**changes)


# --------------------------------------------------------------------------- command-line table


def table_inputs():
    return make_inputs(
        [upt("C", "Jawa Barat"), upt("A", "Jawa Barat"), upt("B", "Banten")],
        partisipasi=[
            part("A", "2017-01", penghuni=100, bekerja=10),
            part("C", "2017-01", penghuni=100, bekerja=50),
            part("B", "2017-01", penghuni=100, bekerja=90),
        ],
    )


def test_metrics_table_columns_and_order():
    table = metrics_table(table_inputs(), 2017, None, DEFAULT)
    assert list(table.columns) == list(METRICS_TABLE_COLUMNS)
    flags_from = -1 - len(FLAGS)
    assert list(table.columns[3:flags_from]) == list(FIGURES)
    assert list(table.columns[flags_from:-1]) == list(FLAGS)
    assert table["kode_upt"].tolist() == ["A", "B", "C"]
    assert table[list(FLAGS)].dtypes.eq(bool).all()


def test_metrics_table_kanwil_filter_keeps_the_whole_kanwil_as_peers():
    everything = metrics_table(table_inputs(), 2017, None, DEFAULT)
    jabar = metrics_table(table_inputs(), 2017, " jawa BARAT", DEFAULT)
    assert jabar["kode_upt"].tolist() == ["A", "C"]
    pd.testing.assert_frame_equal(jabar, everything[everything["kode_upt"].isin(["A", "C"])].reset_index(drop=True))
    # Jawa Barat median tingkat_partisipasi (0.1 + 0.5) / 2 = 0.3 -> batas 0.15: A (0.1) is low.
    assert jabar["partisipasi_rendah"].tolist() == [True, False]
    assert metrics_table(table_inputs(), 2017, "Papua", DEFAULT).empty


def test_metrics_csv_prints_flags_as_true_false_and_empty_figures_as_empty():
    text = metrics_csv(metrics_table(table_inputs(), 2017, "Banten", DEFAULT))
    header, row = text.strip().split("\n")
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["partisipasi_rendah"] == "false"
    assert values["laporan_tidak_lengkap"] == "true"  # no realisasi: 0 of 12 months
    assert values["tingkat_partisipasi"] == "0.9"
    assert values["okupansi"] == "1.0"
    assert values["partisipasi_iku"] == ""


# --------------------------------------------------------------------------- monthly series

MONTHLY = make_inputs(
    [upt("A", "Jawa Barat", kapasitas=100), upt("B", "Jawa Barat", kapasitas=0), upt("C", "Banten", kapasitas=50)],
    latest="2017-03",
    produksi=[
        prod("A", "2017-01", 100.0, jual=10.0, bidang="Pangan"),
        prod("B", "2017-01", 50.0, jual=None, bidang="Pangan"),
        prod("B", "2017-01", 70.0, bidang="Jasa"),
        prod("C", "2017-02", 30.0),
    ],
    partisipasi=[
        part("A", "2017-01", penghuni=150, bekerja=30, asimilasi=60),
        part("B", "2017-01", penghuni=50, bekerja=20),
        part("A", "2017-02", penghuni=120, bekerja=12),
    ],
    anggaran=[pagu("A", 2017, 600.0, jenis="51"), pagu("A", 2017, 400.0, jenis="52", blokir=0.0)],
    realisasi=[
        real("A", "2017-01", 60.0, rpd=100.0, jenis="51"),
        real("A", "2017-01", 40.0, rpd=None, jenis="52"),
        real("A", "2017-03", 200.0, rpd=None, jenis="51"),
    ],
    pnbp=[pnbp("A", "2017-01", 30.0), pnbp("A", "2017-03", 90.0)],
    target_pnbp=[target("A", 2017, 1200.0)],
)


def test_monthly_production_per_kanwil_and_bidang():
    series = monthly_production(MONTHLY, by="kanwil")
    assert series.columns.tolist() == ["kanwil", "periode", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"]
    rows = series.assign(periode=series["periode"].dt.strftime("%Y-%m")).values.tolist()
    assert rows == [
        ["Banten", "2017-02", "Pangan", 30.0, 0.0],
        ["Jawa Barat", "2017-01", "Jasa", 70.0, 0.0],
        ["Jawa Barat", "2017-01", "Pangan", 150.0, 10.0],  # A 100 + B 50; sales 10 + empty
    ]


def test_monthly_participation_rates_per_month():
    series = monthly_participation(MONTHLY, kode_upt=["A", "B"], by=None)
    assert "kode_upt" not in series.columns
    january = series.iloc[0]
    assert_value(january["tingkat_partisipasi"], 0.25)  # (30 + 20) / (150 + 50)
    assert_value(january["okupansi"], 1.5)  # B has no capacity: 150 / 100
    assert_value(january["partisipasi_iku"], 0.5)  # only A gave napi_asimilasi: 30 / 60
    assert_value(series.iloc[1]["tingkat_partisipasi"], 0.1)  # February, A alone: 12 / 120


def test_monthly_absorption_shares_of_pagu_efektif():
    series = monthly_absorption(MONTHLY, kode_upt=["A"])
    # pagu efektif 600 + 400 = 1000. January: 100 spent, RPD 100; March: 200 spent, no RPD.
    assert series["periode"].dt.month.tolist() == [1, 3]
    assert series["realisasi_kumulatif_rp"].tolist() == [100.0, 300.0]
    assert series["penyerapan_bulanan"].tolist() == pytest.approx([0.1, 0.2])
    assert series["penyerapan_kumulatif"].tolist() == pytest.approx([0.1, 0.3])
    assert series["rencana_kumulatif"].tolist() == pytest.approx([0.1, 0.1])
    assert_value(series["rpd_rp"].iloc[1], NaN)
    assert series["pagu_efektif_rp"].tolist() == [1000.0, 1000.0]


def test_monthly_absorption_for_one_jenis_belanja():
    series = monthly_absorption(MONTHLY, kode_upt=["A"], jenis_belanja=["51"])
    assert series["penyerapan_kumulatif"].tolist() == pytest.approx([0.1, 260 / 600])  # (60 + 200) / 600


def test_monthly_pnbp_against_the_prorated_target():
    series = monthly_pnbp(MONTHLY, kode_upt=["A"])
    # target 1200 -> 100 a month; months Jan..Mar expected; February had no deposit.
    assert series["bulan"].tolist() == [1, 2, 3]
    assert series["pnbp_rp"].tolist() == [30.0, 0.0, 90.0]
    assert series["pnbp_kumulatif_rp"].tolist() == [30.0, 30.0, 120.0]
    assert series["target_prorata_rp"].tolist() == [100.0, 200.0, 300.0]
    assert series["capaian_prorata"].tolist() == pytest.approx([0.3, 0.15, 0.4])


# --------------------------------------------------------------------------- speed and conventions


def test_yearly_figures_for_many_units_stays_fast():
    # 300 UPTs × 36 months × 3 jenis: a smoke check that nothing loops per UPT in Python.
    import time

    kode = [f"U{i:03d}" for i in range(300)]
    months = pd.date_range("2015-01-01", "2017-12-01", freq="MS")
    grid = pd.MultiIndex.from_product([kode, months], names=["kode_upt", "periode"]).to_frame(index=False)
    inputs = MetricInputs.from_frames(
        upt=pd.DataFrame([upt(k, f"K{i % 10}", lapas_industri=i % 3 == 0) for i, k in enumerate(kode)]),
        partisipasi=grid.assign(
            jumlah_penghuni=100, wbp_bekerja=10, wbp_pelatihan=1, wbp_bersertifikat=0, premi_dibayar_rp=1.0
        ),
        realisasi=pd.concat([grid.assign(jenis_belanja=j, rpd_rp=10.0, realisasi_rp=9.0) for j in ("51", "52", "53")]),
        produksi=grid.assign(bidang="Pangan", nilai_produksi_rp=5.0, nilai_penjualan_rp=1.0),
    )
    start = time.perf_counter()
    flagged = audit_flags(yearly_figures(inputs), DEFAULT)
    assert time.perf_counter() - start < 2.0
    assert len(flagged) == 900
    assert flagged["kelengkapan"].eq(1.0).all()
    assert flagged["deviasi_rpd"].isna().all()  # no DIPA to weigh by


PACKAGE = Path(metrics.__file__).parent.parent


@pytest.mark.parametrize(
    "module", [*(f"metrics/{path.name}" for path in sorted((PACKAGE / "metrics").glob("*.py"))), "fmt.py"]
)
def test_metrics_modules_stay_pure_pandas(module):
    tree = ast.parse((PACKAGE / module).read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"streamlit", "plotly", "duckdb", "sqlite3"}


def test_flags_follow_the_rows_of_any_index():
    figures = figures_frame({"penyerapan": 0.5}, {"penyerapan": 0.95}).set_index(pd.Index([7, 3]))
    flagged = audit_flags(figures.iloc[::-1], DEFAULT)
    assert flagged.index.tolist() == [3, 7]
    assert flagged["penyerapan_rendah"].tolist() == [False, True]
    assert flag_status(figures, DEFAULT).index.tolist() == [7, 3]


def test_available_years_from_every_table():
    inputs = MetricInputs.from_frames(
        upt=pd.DataFrame([upt()]),
        realisasi=pd.DataFrame([real("A", "2016-04", 1.0)]),
        anggaran=pd.DataFrame([pagu("A", 2019, 1.0)]),
    )
    assert metrics.available_years(inputs) == [2016, 2019]
    assert metrics.available_years(MetricInputs.from_frames(upt=pd.DataFrame([upt()]))) == []


def test_productivity_sentence_keeps_two_significant_digits_of_small_ratios():
    # median of (0.0234, 0.08, 0.09) = 0.08; limit 0.5 × 0.08 = 0.04; the smallest, 0.0234, needs 3 decimals
    figures = figures_frame(
        {"produksi_per_rupiah": 0.0234, "lapas_industri": True},
        {"produksi_per_rupiah": 0.08, "lapas_industri": True},
        {"produksi_per_rupiah": 0.09, "lapas_industri": True},
    )
    reasons = flag_reasons(figures, DEFAULT)
    sentence = reasons.loc[reasons["flag"].eq("produktivitas_rendah"), "kalimat"].item()
    assert sentence == (
        "Nilai produksi Rp 0,023 per rupiah realisasi belanja (batas 0,040 = 50% dari median Lapas Industri "
        "se-kanwil 0,080)."
    )
