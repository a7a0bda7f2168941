"""The partnership, asset and split-rule figures and flags of METRICS.md: literal rows -> values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import audit, metrics
from lapas_metrics.metrics import AuditConfig, MetricInputs, audit_flags, flag_reasons, flag_status, yearly_figures
from lapas_metrics.metrics.partnership import tanggal_berakhir

NaN = float("nan")
JT = 1e6  # one juta rupiah
POSISI = dt.date(2022, 5, 20)  # 2022 expects January–April (April's report was due on 10 May)
DEFAULT = AuditConfig()
NEW_FLAGS = ("kontribusi_kurang", "aset_menganggur", "premi_kurang_bayar", "pnbp_kurang_setor", "serah_terima_dekat")


def upt(kode, lapas_industri=True):
    return {
        "kode_upt": kode,
        "nama_upt": f"Lapas {kode}",
        "jenis": "Lapas",
        "kelas": "IIA",
        "kanwil": "Jawa Barat",
        "kabupaten_kota": "Kab. Bekasi",
        "kapasitas": 100,
        "lapas_industri": lapas_industri,
    }


def month(kode, periode, premi=0.0, jual=0.0, realisasi=100 * JT):
    """One complete month of the seven tables' monthly reports for a unit."""
    return {
        "partisipasi": {
            "kode_upt": kode,
            "periode": periode,
            "jumlah_penghuni": 100,
            "wbp_bekerja": 40,
            "premi_dibayar_rp": premi,
        },
        "produksi": {
            "kode_upt": kode,
            "periode": periode,
            "bidang": "Manufaktur",
            "nilai_produksi_rp": 20 * JT,
            "nilai_penjualan_rp": jual,
        },
        "realisasi": {"kode_upt": kode, "periode": periode, "jenis_belanja": "52", "realisasi_rp": realisasi},
    }


def months(kode, year, premi=0.0, jual=0.0, last=12):
    return [month(kode, f"{year}-{m:02d}-01", premi, jual) for m in range(1, last + 1)]


def deposit(kode, tanggal, jumlah, nomor=None):
    return {"kode_upt": kode, "periode": tanggal, "jumlah_rp": jumlah, "nomor_perjanjian": nomor}


def agreement(kode, nomor, mulai, jangka, skema="KSO", tetap=0.0, bagi=0.0, serah=None):
    return {
        "kode_upt": kode,
        "nomor_perjanjian": nomor,
        "skema": skema,
        "tanggal_mulai": mulai,
        "jangka_tahun": jangka,
        "kontribusi_tetap_rp": tetap,
        "bagi_hasil_persen": bagi,
        "serah_terima": serah,
    }


def check(kode_aset, periode, dipakai):
    return {"kode_aset": kode_aset, "periode": periode, "kondisi": "baik", "dipakai": dipakai}


def rule(kode, mulai, premi, pnbp):
    return {
        "kode_upt": kode,
        "berlaku_mulai": mulai,
        "premi_persen": premi,
        "pnbp_persen": pnbp,
        "modal_persen": 100 - premi - pnbp,
    }


def inputs_of(reports, upts=("A", "B", "C", "D", "E"), posisi=POSISI, partnership=True, **extra):
    frames = {name: [r[name] for r in reports] for name in ("partisipasi", "produksi", "realisasi")}
    tables = {name: pd.DataFrame(rows) for name, rows in frames.items()}
    tables["upt"] = pd.DataFrame([upt(k) for k in upts])
    for name, rows in extra.items():
        if partnership or name == "pnbp":
            tables[name] = pd.DataFrame(rows)
    return MetricInputs.from_frames(tanggal_posisi=posisi, **tables)


# A: a Lapas Industri with two agreements, three assets, a split rule that starts in April 2020 and
# changes in October 2020. B: no partnership data at all. C: an agreement of another scheme. D: a rule
# from 2019 and a PNBP shortfall. E: a rule but no sales.
REPORTS = [
    *months("A", 2020, premi=1 * JT, jual=10 * JT),
    *months("A", 2021, premi=3 * JT, jual=10 * JT),
    *months("A", 2022, premi=3 * JT, jual=10 * JT, last=4),
    *months("B", 2020, premi=2 * JT, jual=5 * JT),
    *months("B", 2021, premi=2 * JT),
    *months("C", 2021),
    *months("D", 2021, premi=0.5 * JT),
    month("D", "2021-03-01", premi=0.5 * JT, jual=10 * JT),
    month("D", "2021-06-01", premi=0.5 * JT, jual=10 * JT),
    *months("E", 2021, premi=1 * JT),
]
PARTNERSHIP = {
    "pnbp": [
        deposit("A", "2020-05-04", 30 * JT),
        deposit("A", "2020-09-10", 40 * JT, "PKS-01/2020"),
        deposit("A", "2020-11-10", 14 * JT, " pks-01/2020 "),  # the number in another case
        deposit("A", "2021-06-01", 50 * JT),
        deposit("A", "2021-12-20", 120 * JT, "PKS-01/2020"),
        deposit("A", "2022-02-14", 15 * JT, "PKS-01/2020"),
        deposit("B", "2021-03-01", 5 * JT),
        deposit("D", "2021-07-01", 6 * JT),
    ],
    "kemitraan": [
        # starts mid-year and mid-month: 2020-07-15 + 2 years = 2022-07-15; a BGS hands over by default
        agreement("A", "PKS-01/2020", "2020-07-15", 2, "BGS", tetap=120 * JT, bagi=5),
        # ends within 2020 (on 1 March, after two months of the year); a KSO does not hand over
        agreement("A", "PKS-07/2015", "2015-03-01", 5, "KSO", tetap=60 * JT),
        # a BGS that says it does not hand over; and a KSO that does
        agreement("C", "PKS-C1", "2019-01-01", 3, "BGS", tetap=12 * JT, serah=False),
        agreement("C", "PKS-C2", "2016-06-30", 6, "KSO", serah=True),
    ],
    "laporan_mitra": [{"nomor_perjanjian": "pks-01/2020", "tahun": 2020, "omzet_rp": 1000 * JT}],
    "aset": [
        {"kode_upt": "A", "kode_aset": "M1", "tahun_perolehan": 2016, "nilai_perolehan_rp": 500 * JT},
        {"kode_upt": "A", "kode_aset": "M2", "tahun_perolehan": 2016, "nilai_perolehan_rp": 300 * JT},
        {"kode_upt": "A", "kode_aset": "M3", "tahun_perolehan": 2021, "nilai_perolehan_rp": 200 * JT},
    ],
    "status_aset": [
        check("M1", "2020-03-01", False),  # checked twice in 2020, in use once: not idle
        check("M1", "2020-09-01", True),
        check("m2", "2020-03-01", False),  # idle at both checks (its code in another case)
        check("M2", "2020-09-01", False),
        check("M3", "2021-06-01", False),
    ],
    "aturan_premi": [
        rule("A", "2020-04-01", 50, 30),
        rule("A", "2020-10-01", 40, 40),
        rule("D", "2019-01-01", 30, 60),
        rule("E", "2021-01-01", 40, 40),
    ],
}


@pytest.fixture(scope="module")
def figures():
    return yearly_figures(inputs_of(REPORTS, **PARTNERSHIP), [2019, 2020, 2021, 2022])


def cell(figures, kode, tahun, name):
    row = figures[(figures["kode_upt"] == kode) & (figures["tahun"] == tahun)]
    assert len(row) == 1
    return row[name].item()


def assert_value(actual, expected):
    if isinstance(expected, float) and math.isnan(expected):
        assert actual is None or pd.isna(actual), actual
    else:
        assert actual == pytest.approx(expected), actual


# --------------------------------------------------------------------------- agreements


def test_tanggal_berakhir_adds_the_term_and_29_february_becomes_28():
    ends = tanggal_berakhir(pd.Series(pd.to_datetime(["2016-02-29", "2016-02-29", "2020-07-15"])), pd.Series([1, 4, 2]))
    assert list(ends.dt.date) == [dt.date(2017, 2, 28), dt.date(2020, 2, 29), dt.date(2022, 7, 15)]


@pytest.mark.parametrize(
    ("tahun", "aktif", "seharusnya"),
    [
        (2019, 1, 60 * JT),  # PKS-07/2015 only, a full year
        # PKS-01/2020 from 15 July: July–December = 6 months × 120 jt / 12 + 5% of omzet 1.000 jt;
        # PKS-07/2015 ends on 1 March: January–February = 2 months × 60 jt / 12
        (2020, 2, 60 * JT + 50 * JT + 10 * JT),
        (2021, 1, 120 * JT),  # no laporan_mitra: bagi hasil 0
        (2022, 1, 60 * JT),  # ends 15 July: January–June (the month it ends in is not counted)
    ],
)
def test_contribution_due_counts_the_months_inside_the_term(figures, tahun, aktif, seharusnya):
    assert cell(figures, "A", tahun, "jumlah_kemitraan_aktif") == aktif
    assert_value(cell(figures, "A", tahun, "kontribusi_seharusnya_rp"), seharusnya)


def test_a_term_has_twelve_months_a_year_whatever_day_it_starts(figures):
    # 120 jt a year for 2 years: 60 + 120 + 60 = 240 jt over 2020-2022 (the bagi hasil of 2020 apart).
    tetap = [cell(figures, "A", y, "kontribusi_seharusnya_rp") for y in (2020, 2021, 2022)]
    assert sum(tetap) - 50 * JT - 10 * JT == pytest.approx(240 * JT)


@pytest.mark.parametrize(
    ("tahun", "disetor", "capaian"),
    [
        (2019, 0.0, 0.0),  # an active agreement and no deposit: nothing paid
        (2020, 54 * JT, 54 / 120),  # two deposits naming PKS-01/2020 (one in lower case); not the 30 jt
        (2021, 120 * JT, 1.0),
        (2022, 15 * JT, 15 / 60),
    ],
)
def test_contribution_paid_is_the_deposits_naming_the_units_agreements(figures, tahun, disetor, capaian):
    assert_value(cell(figures, "A", tahun, "kontribusi_disetor_rp"), disetor)
    assert_value(cell(figures, "A", tahun, "capaian_kontribusi"), capaian)
    # Deposits that name an agreement are PNBP all the same.
    assert cell(figures, "A", 2021, "pnbp_rp") == pytest.approx(170 * JT)


@pytest.mark.parametrize(
    ("kode", "tahun", "bulan"),
    [
        ("A", 2019, NaN),  # PKS-01/2020 ends 2022-07-15, beyond 24 months of 2019-12-31
        ("A", 2020, 19.0),  # from 2020-12-31 to 2022-07-15: 18 months and a half, rounded up
        ("A", 2021, 7.0),  # from 2021-12-31
        ("A", 2022, 2.0),  # from the as-of date 2022-05-20 (2022 has not ended): 1 month and 25 days
        ("C", 2021, 6.0),  # PKS-C2 (a KSO with serah_terima) ends 2022-06-30; PKS-C1 (a BGS without) ignored
        ("C", 2022, 2.0),  # 2022-05-20 to 2022-06-30
    ],
)
def test_months_to_the_nearest_handover(figures, kode, tahun, bulan):
    assert_value(cell(figures, kode, tahun, "kemitraan_berakhir_dalam_bulan"), bulan)


def test_an_agreement_that_has_ended_is_no_longer_counted(figures):
    # PKS-07/2015 (no handover) ended on 2020-03-01; PKS-C1 ended on 2022-01-01.
    assert cell(figures, "C", 2022, "jumlah_kemitraan_aktif") == 1
    assert_value(cell(figures, "C", 2021, "kontribusi_seharusnya_rp"), 12 * JT)
    assert_value(cell(figures, "C", 2022, "kontribusi_seharusnya_rp"), 0.0)  # PKS-C2 owes nothing fixed


# --------------------------------------------------------------------------- assets


@pytest.mark.parametrize(
    ("tahun", "nilai", "menganggur", "porsi"),
    [
        (2019, 800 * JT, NaN, NaN),  # not checked in 2019: idle value unknown
        (2020, 800 * JT, 300 * JT, 0.375),  # M1 checked twice, used once: not idle; M2 idle at both
        (2021, 1000 * JT, 200 * JT, 0.2),  # M3 bought in 2021 and idle at its only check
        (2022, 1000 * JT, NaN, NaN),
    ],
)
def test_asset_value_and_idle_assets(figures, tahun, nilai, menganggur, porsi):
    assert_value(cell(figures, "A", tahun, "nilai_aset_rp"), nilai)
    assert_value(cell(figures, "A", tahun, "nilai_aset_menganggur_rp"), menganggur)
    assert_value(cell(figures, "A", tahun, "porsi_aset_menganggur"), porsi)


def test_status_rows_are_counted_per_asset_and_year():
    inputs = MetricInputs.from_frames(status_aset=pd.DataFrame(PARTNERSHIP["status_aset"]))
    counted = inputs.status_aset.assign(kode_aset=lambda f: f["kode_aset"].str.upper())
    counted = counted.groupby(["kode_aset", "tahun"])[["jumlah_diperiksa", "jumlah_dipakai"]].sum()
    assert counted.loc[("M1", 2020)].tolist() == [2, 1]
    assert counted.loc[("M2", 2020)].tolist() == [2, 0]


# --------------------------------------------------------------------------- split rules


@pytest.mark.parametrize(
    ("kode", "tahun", "premi", "pnbp", "tanpa_aturan"),
    [
        # 10 jt sales a month; no rule in January–March, 50/30 in April–September, 40/40 from October
        ("A", 2020, 6 * 5 * JT + 3 * 4 * JT, 6 * 3 * JT + 3 * 4 * JT, 3),
        ("A", 2021, 12 * 4 * JT, 12 * 4 * JT, 0),  # the October 2020 rule is still in force
        ("A", 2019, NaN, NaN, 0),  # before any rule, and no sales (the unit reported nothing: all unknown)
        ("D", 2021, 2 * 3 * JT, 2 * 6 * JT, 0),  # the 2019 rule; sales in March and June only
        ("E", 2021, 0.0, 0.0, 0),  # a rule and no sales: nothing due
        ("B", 2020, NaN, NaN, 12),  # sales every month and no rule at all
        ("B", 2021, NaN, NaN, 0),  # no rule and no sales
    ],
)
def test_premi_and_pnbp_due_under_the_rule_in_force(figures, kode, tahun, premi, pnbp, tanpa_aturan):
    assert_value(cell(figures, kode, tahun, "premi_seharusnya_rp"), premi)
    assert_value(cell(figures, kode, tahun, "pnbp_seharusnya_rp"), pnbp)
    if kode == "A" and tahun == 2019:
        assert_value(cell(figures, kode, tahun, "bulan_tanpa_aturan"), NaN)
    else:
        assert cell(figures, kode, tahun, "bulan_tanpa_aturan") == tanpa_aturan


# --------------------------------------------------------------------------- flags


@pytest.fixture(scope="module")
def status(figures):
    return flag_status(figures, DEFAULT).assign(kode_upt=figures["kode_upt"], tahun=figures["tahun"])


def flag_of(status, kode, tahun, flag):
    value = status[(status["kode_upt"] == kode) & (status["tahun"] == tahun)][flag].item()
    return None if pd.isna(value) else bool(value)


@pytest.mark.parametrize(
    ("flag", "kode", "tahun", "expected"),
    [
        ("kontribusi_kurang", "A", 2020, True),  # 45% < 90%
        ("kontribusi_kurang", "A", 2021, False),  # 100%
        ("kontribusi_kurang", "A", 2022, True),  # 25% < 90% × 4 / 12 = 30%
        ("kontribusi_kurang", "C", 2022, None),  # nothing due: capaian empty
        ("kontribusi_kurang", "B", 2021, None),
        ("aset_menganggur", "A", 2020, True),  # 37,5% > 10%
        ("aset_menganggur", "A", 2021, True),  # 20%
        ("aset_menganggur", "A", 2019, None),  # no check that year
        ("aset_menganggur", "B", 2021, None),
        ("premi_kurang_bayar", "A", 2020, None),  # three months of sales without a rule
        ("premi_kurang_bayar", "A", 2021, True),  # 36 jt paid < 90% of 48 jt
        ("premi_kurang_bayar", "D", 2021, False),  # 6 jt paid = 6 jt due
        ("premi_kurang_bayar", "E", 2021, None),  # nothing due
        ("premi_kurang_bayar", "B", 2020, None),  # sales without a rule
        ("premi_kurang_bayar", "B", 2021, None),  # no rule, no sales
        ("pnbp_kurang_setor", "A", 2021, False),  # 170 jt deposited, 48 jt due
        ("pnbp_kurang_setor", "D", 2021, True),  # 6 jt < 90% of 12 jt
        ("pnbp_kurang_setor", "A", 2020, None),
        ("serah_terima_dekat", "A", 2020, False),  # 19 months
        ("serah_terima_dekat", "A", 2021, True),  # 7 months
        ("serah_terima_dekat", "A", 2019, None),
        ("serah_terima_dekat", "B", 2021, None),
    ],
)
def test_partnership_flags_raised_not_raised_not_evaluable(status, flag, kode, tahun, expected):
    assert flag_of(status, kode, tahun, flag) is expected


def test_a_unit_without_partnership_data_keeps_its_score(status):
    """B has none of the five tables: none of the five flags is evaluable, so its skor_risiko is what it
    was before they existed (the same rows without any partnership frame, and by hand)."""
    b = status[status["kode_upt"] == "B"]
    assert b[list(NEW_FLAGS)].isna().all().all()
    with_tables = audit_flags(yearly_figures(inputs_of(REPORTS, **PARTNERSHIP), [2020, 2021]), DEFAULT)
    without = audit_flags(yearly_figures(inputs_of(REPORTS, partnership=False, **PARTNERSHIP), [2020, 2021]), DEFAULT)
    assert not without[list(NEW_FLAGS)].to_numpy().any()
    b_with = with_tables[with_tables["kode_upt"] == "B"]["skor_risiko"].to_numpy()
    b_without = without[without["kode_upt"] == "B"]["skor_risiko"].to_numpy()
    np.testing.assert_allclose(b_with, b_without)
    # And every unit's score in a database without the five tables is the score over the old flags alone.
    old = [flag for flag in metrics.SCORED_FLAGS if flag not in NEW_FLAGS]
    state = flag_status(yearly_figures(inputs_of(REPORTS, partnership=False, **PARTNERSHIP), [2020, 2021]), DEFAULT)
    assert state[list(NEW_FLAGS)].isna().all().all()
    weights = pd.Series(DEFAULT.weights)[old]
    raised = (state[old].fillna(False).astype(bool) * weights).sum(axis=1)
    evaluable = (state[old].notna() * weights).sum(axis=1)
    np.testing.assert_allclose(without["skor_risiko"].to_numpy(), (100 * raised / evaluable).to_numpy())


def test_serah_terima_dekat_is_shown_but_never_moves_the_score(figures):
    a2021 = figures[(figures["kode_upt"] == "A") & (figures["tahun"] == 2021)]
    shown = audit_flags(a2021, DEFAULT)
    assert shown["serah_terima_dekat"].item()
    quiet = audit_flags(a2021, DEFAULT.with_overrides(serah_terima_dekat=1))
    assert not quiet["serah_terima_dekat"].item()
    assert shown["skor_risiko"].item() == pytest.approx(quiet["skor_risiko"].item())
    reasons = flag_reasons(a2021, DEFAULT)
    assert reasons.set_index("flag").loc["serah_terima_dekat", "bobot"] == 0


def test_defaults_of_the_five_flags():
    assert {flag: DEFAULT.thresholds[flag] for flag in NEW_FLAGS} == {
        "kontribusi_kurang": 0.90,
        "aset_menganggur": 0.10,
        "premi_kurang_bayar": 0.90,
        "pnbp_kurang_setor": 0.90,
        "serah_terima_dekat": 12,
    }
    assert {flag: DEFAULT.weights[flag] for flag in NEW_FLAGS} == {
        "kontribusi_kurang": 2,
        "aset_menganggur": 2,
        "premi_kurang_bayar": 2,
        "pnbp_kurang_setor": 2,
        "serah_terima_dekat": 0,
    }


@pytest.mark.parametrize(
    ("kode", "tahun", "flag", "sentence"),
    [
        (
            "A",
            2020,
            "kontribusi_kurang",
            "Kontribusi mitra disetor Rp 54 jt atau 45% dari kontribusi seharusnya Rp 120 jt (batas 90%).",
        ),
        (
            "A",
            2022,
            "kontribusi_kurang",
            "Kontribusi mitra disetor Rp 15 jt atau 25% dari kontribusi seharusnya Rp 60 jt (batas 30% untuk 4 bulan).",
        ),
        (
            "A",
            2020,
            "aset_menganggur",
            "Aset tidak dipakai senilai Rp 300 jt atau 37,5% dari nilai aset Rp 800 jt (batas 10%).",
        ),
        (
            "A",
            2021,
            "premi_kurang_bayar",
            "Premi dibayar Rp 36 jt atau 75% dari premi menurut aturan pembagian Rp 48 jt (batas 90%).",
        ),
        (
            "D",
            2021,
            "pnbp_kurang_setor",
            "PNBP disetor Rp 6 jt atau 50% dari PNBP menurut aturan pembagian Rp 12 jt (batas 90%).",
        ),
        (
            "A",
            2021,
            "serah_terima_dekat",
            "Perjanjian kemitraan yang asetnya diserahterimakan kepada negara berakhir dalam 7 bulan (batas 12 bulan).",
        ),
    ],
)
def test_partnership_flag_sentences(figures, kode, tahun, flag, sentence):
    reasons = flag_reasons(figures, DEFAULT)
    row = reasons[(reasons["kode_upt"] == kode) & (reasons["tahun"] == tahun) & (reasons["flag"] == flag)]
    assert row["kalimat"].tolist() == [sentence]


# --------------------------------------------------------------------------- totals and output


def test_kanwil_totals_are_ratios_of_sums_and_the_nearest_handover(figures):
    inputs = inputs_of(REPORTS, **PARTNERSHIP)
    totals = metrics.group_totals(inputs, 2021, by="kanwil")
    row = totals[totals["kanwil"] == "Jawa Barat"].iloc[0]
    assert row["jumlah_kemitraan_aktif"] == 3  # A: PKS-01/2020; C: PKS-C1 and PKS-C2
    assert row["kontribusi_seharusnya_rp"] == pytest.approx(120 * JT + 12 * JT)
    assert row["kontribusi_disetor_rp"] == pytest.approx(120 * JT)  # C deposited nothing
    assert row["capaian_kontribusi"] == pytest.approx(120 / 132)
    assert row["porsi_aset_menganggur"] == pytest.approx(0.2)
    assert row["kemitraan_berakhir_dalam_bulan"] == 6  # C's, nearer than A's 7
    assert row["bulan_tanpa_aturan"] == 0


def test_metrics_csv_has_the_new_figures_and_flags_under_their_names():
    table = metrics.metrics_table(inputs_of(REPORTS, **PARTNERSHIP), 2021, None, DEFAULT)
    for name in (*NEW_FLAGS, "capaian_kontribusi", "kemitraan_berakhir_dalam_bulan", "bulan_tanpa_aturan"):
        assert name in table.columns
    text = metrics.metrics_csv(table)
    header, *rows = text.splitlines()
    columns = header.split(",")
    a = dict(zip(columns, next(r for r in rows if r.startswith("A,")).split(","), strict=True))
    assert a["premi_kurang_bayar"] == "true" and a["kontribusi_kurang"] == "false"
    assert float(a["capaian_kontribusi"]) == 1.0 and a["kemitraan_berakhir_dalam_bulan"] == "7.0"


def test_the_store_shape_without_partnership_frames_still_works():
    frames = {name: getattr(inputs_of(REPORTS), name) for name in ("upt", "partisipasi", "produksi", "realisasi")}
    frames |= {name: getattr(MetricInputs.from_frames(), name) for name in ("pnbp", "target_pnbp", "anggaran")}
    inputs = MetricInputs.from_store(frames, POSISI)
    assert len(inputs.kemitraan) == 0 and list(inputs.aset.columns) == list(metrics.INPUT_COLUMNS["aset"])
    figures = yearly_figures(inputs, 2021)
    assert (figures["jumlah_kemitraan_aktif"] == 0).all()
    assert figures["kontribusi_seharusnya_rp"].isna().all()


def test_thresholds_in_months_read_as_months_where_auditors_see_them():
    record = metrics.FLAG_BY_NAME["serah_terima_dekat"]
    assert (record.threshold_scale, record.threshold_unit, record.value_kind) == (1.0, "bulan", metrics.MONTHS)
    assert "berakhir dalam ≤ 12 bulan" in audit.flag_help("serah_terima_dekat", DEFAULT)
    assert "> 10%" in audit.flag_help("aset_menganggur", DEFAULT)
    assert metrics.FLAG_BY_NAME["kontribusi_kurang"].threshold_scale == 100.0
