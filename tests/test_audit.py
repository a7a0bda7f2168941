"""Audit-room selection (lapas_metrics.audit): literal frames, expected rows worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lapas_metrics import audit, metrics
from lapas_metrics.audit import Criteria
from lapas_metrics.metrics import FIGURES, FLAGS, AuditConfig

NaN = float("nan")


def flagged(*rows: dict) -> pd.DataFrame:
    """A frame shaped like metrics.audit_flags output: every figure empty and every flag False unless given."""
    base = {
        "kode_upt": "X",
        "nama_upt": "Lapas X",
        "kanwil": "Jawa Barat",
        "jenis": "Lapas",
        "kelas": "IIA",
        "lapas_industri": False,
        "tahun": 2019,
        **{name: NaN for name in FIGURES},
        "bulan_diharapkan": 12,
        "bulan_dilaporkan": 12,
        **{flag: False for flag in FLAGS},
        "skor_risiko": 0.0,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def codes(frame: pd.DataFrame) -> list[str]:
    return frame["kode_upt"].tolist()


# Kanwil "Jawa Barat", 2019: pagu 10, 20, 30, 40 and one unit without pagu.
# Kanwil "Banten", 2019: pagu 5 and 100. Jawa Barat 2020: one unit, pagu 1.
PEERS = flagged(
    {"kode_upt": "A1", "pagu_efektif_rp": 10.0, "lapas_industri": True},
    {"kode_upt": "A2", "pagu_efektif_rp": 20.0},
    {"kode_upt": "A3", "pagu_efektif_rp": 30.0, "lapas_industri": True},
    {"kode_upt": "A4", "pagu_efektif_rp": 40.0},
    {"kode_upt": "A5", "pagu_efektif_rp": NaN},
    {"kode_upt": "B1", "kanwil": "Banten", "pagu_efektif_rp": 5.0},
    {"kode_upt": "B2", "kanwil": "Banten", "pagu_efektif_rp": 100.0},
    {"kode_upt": "A1", "tahun": 2020, "pagu_efektif_rp": 1.0, "lapas_industri": True},
)


# --------------------------------------------------------------------------- percentile


def test_percentile_is_linear_over_the_kanwil_and_year_peers_with_a_pagu():
    thresholds = audit.pagu_percentile(PEERS, 75)
    # Jawa Barat 2019, sorted 10 20 30 40 (A5 has none): position 0.75 × 3 = 2.25 -> 30 + 0.25 × 10 = 32.5
    assert thresholds[0] == pytest.approx(32.5)
    assert thresholds[4] == pytest.approx(32.5)
    # Banten: 5 and 100, position 0.75 × 1 -> 5 + 0.75 × 95 = 76.25
    assert thresholds[5] == pytest.approx(76.25)
    # Jawa Barat 2020: a single unit is its own percentile
    assert thresholds[7] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("persentil", "expected"),
    [
        (75, ["B2", "A4"]),  # 40 >= 32.5; 100 >= 76.25
        (50, ["B2", "A4", "A3"]),  # Jawa Barat: position 1.5 -> 25, so 30 and 40; Banten: 52.5 -> 100
        (0, ["B2", "A4", "A3", "A2", "A1", "B1"]),  # the minimum: every unit with a pagu, A5 never
        (100, ["B2", "A4"]),  # the maximum only
    ],
)
def test_select_by_percentile(persentil, expected):
    selected = audit.select_targets(PEERS, Criteria(tahun=(2019,), persentil=persentil))
    assert codes(selected) == expected  # same skor (0): pagu descending


def test_percentile_peers_ignore_the_unit_filters():
    # Among all Jawa Barat units the 75th percentile is 32.5, so A3 (30) is out even though among the two
    # Lapas Industri (10, 30) it would be 10 + 0.75 × 20 = 25 and A3 would be in.
    only_industri = Criteria(tahun=(2019,), kanwil="Jawa Barat", hanya_industri=True, persentil=75)
    assert codes(audit.select_targets(PEERS, only_industri)) == []
    # At the 50th percentile (25) A3 is in; A4 is not a Lapas Industri.
    assert codes(audit.select_targets(PEERS, Criteria(tahun=(2019,), hanya_industri=True, persentil=50))) == ["A3"]


def test_kanwil_filter_is_case_insensitive_and_keeps_the_peers():
    selected = audit.select_targets(PEERS, Criteria(tahun=(2019,), kanwil="  banten ", persentil=75))
    assert codes(selected) == ["B2"]


def test_percentile_table_lists_each_kanwil_year_shown():
    table = audit.percentile_table(PEERS, Criteria(tahun=(2019, 2020), persentil=75))
    assert table["kanwil"].tolist() == ["Banten", "Jawa Barat", "Jawa Barat"]
    assert table["tahun"].tolist() == [2019, 2019, 2020]
    assert table["jumlah_upt"].tolist() == [2, 4, 1]  # A5 has no pagu
    assert table["ambang_rp"].tolist() == pytest.approx([76.25, 32.5, 1.0])


# --------------------------------------------------------------------------- amount and top N


@pytest.mark.parametrize(
    ("nominal", "expected"),
    [
        (30.0, ["B2", "A4", "A3"]),  # at or above: 30 is in
        (30.01, ["B2", "A4"]),
        (0.0, ["B2", "A4", "A3", "A2", "A1", "B1"]),  # A5 (no pagu) never
    ],
)
def test_select_by_amount(nominal, expected):
    assert codes(audit.select_targets(PEERS, Criteria(tahun=(2019,), mode="nominal", nominal_rp=nominal))) == expected


def test_top_n_pagu_is_per_kanwil_and_year():
    selected = audit.select_targets(PEERS, Criteria(tahun=(2019, 2020), mode="top_pagu", top_n=1))
    # Jawa Barat 2019: A4 (40); Banten 2019: B2 (100); Jawa Barat 2020: A1 (1)
    assert list(zip(codes(selected), selected["tahun"], strict=True)) == [("B2", 2019), ("A4", 2019), ("A1", 2020)]


def test_top_n_ranks_among_the_filtered_units():
    # The Lapas Industri of Jawa Barat 2019 are A1 (10) and A3 (30): the largest is A3, though A4 is larger.
    selected = audit.select_targets(PEERS, Criteria(tahun=(2019,), hanya_industri=True, mode="top_pagu", top_n=1))
    assert codes(selected) == ["A3"]


def test_top_n_keeps_ties_at_the_boundary():
    frame = flagged(
        {"kode_upt": "T1", "pagu_efektif_rp": 50.0},
        {"kode_upt": "T2", "pagu_efektif_rp": 50.0},
        {"kode_upt": "T3", "pagu_efektif_rp": 20.0},
    )
    # Ranks with method "min": 1, 1, 3 -> top 1 keeps both 50s; top 2 as well; top 3 all.
    assert codes(audit.select_targets(frame, Criteria(tahun=(2019,), mode="top_pagu", top_n=1))) == ["T1", "T2"]
    assert codes(audit.select_targets(frame, Criteria(tahun=(2019,), mode="top_pagu", top_n=2))) == ["T1", "T2"]
    assert len(audit.select_targets(frame, Criteria(tahun=(2019,), mode="top_pagu", top_n=3))) == 3


def test_top_n_apbnp_counts_only_additions():
    frame = flagged(
        {"kode_upt": "P1", "pagu_efektif_rp": 10.0, "tambahan_apbnp_rp": 0.0},
        {"kode_upt": "P2", "pagu_efektif_rp": 20.0, "tambahan_apbnp_rp": 5e8},
        {"kode_upt": "P3", "pagu_efektif_rp": 30.0, "tambahan_apbnp_rp": -3e8},  # a cut is not an addition
        {"kode_upt": "P4", "pagu_efektif_rp": 40.0, "tambahan_apbnp_rp": NaN},
        {"kode_upt": "P5", "pagu_efektif_rp": 50.0, "tambahan_apbnp_rp": 2e9},
    )
    assert codes(audit.select_targets(frame, Criteria(tahun=(2019,), mode="top_apbnp", top_n=1))) == ["P5"]
    # N larger than the units with an addition: only P5 and P2 (sorted by pagu: 50, 20)
    assert codes(audit.select_targets(frame, Criteria(tahun=(2019,), mode="top_apbnp", top_n=5))) == ["P5", "P2"]


# Jawa Barat: an addition in 2016 and 2018 (2018 only for a Rutan), a cut in 2020, nothing in 2019 and 2021.
# Banten: an addition in 2021.
APBNP_YEARS = flagged(
    {"kode_upt": "J1", "tahun": 2016, "tambahan_apbnp_rp": 3e9},
    {"kode_upt": "J2", "tahun": 2016, "tambahan_apbnp_rp": 0.0},
    {"kode_upt": "J1", "tahun": 2018, "tambahan_apbnp_rp": 0.0},
    {"kode_upt": "J3", "tahun": 2018, "jenis": "Rutan", "tambahan_apbnp_rp": 1e9},
    {"kode_upt": "J1", "tahun": 2019, "tambahan_apbnp_rp": NaN},
    {"kode_upt": "J1", "tahun": 2020, "tambahan_apbnp_rp": -2e9},  # a cut is not an addition
    {"kode_upt": "J1", "tahun": 2021, "tambahan_apbnp_rp": 0.0},
    {"kode_upt": "B1", "kanwil": "Banten", "tahun": 2021, "tambahan_apbnp_rp": 4e9},
)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(tahun=(2019,), mode="top_apbnp"), [2016, 2018, 2021]),
        (Criteria(tahun=(2019,), mode="top_apbnp", kanwil=" jawa barat"), [2016, 2018]),
        (Criteria(tahun=(2019,), mode="top_apbnp", kanwil="Jawa Barat", jenis=("Lapas",)), [2016]),
        (Criteria(tahun=(2019,), mode="top_apbnp", hanya_industri=True), []),
    ],
    ids=["every_kanwil", "one_kanwil", "one_jenis", "nobody_in_scope"],
)
def test_years_with_additions_follow_the_unit_filters_not_the_chosen_years(criteria, expected):
    assert audit.years_with_additions(APBNP_YEARS, criteria) == expected


def test_years_without_additions_are_the_chosen_ones_without():
    criteria = Criteria(tahun=(2016, 2019, 2020), mode="top_apbnp", kanwil="Jawa Barat")
    assert audit.years_without_additions(APBNP_YEARS, criteria) == [2019, 2020]
    # The selection agrees: only 2016 gives a row.
    assert codes(audit.select_targets(APBNP_YEARS, criteria)) == ["J1"]


@pytest.mark.parametrize(
    ("without", "having", "note"),
    [
        ([], [2016], ""),
        (
            [2026],
            [2016, 2017],
            "TA 2026 tidak memiliki tambahan APBN-P untuk UPT pada filter ini. "
            "Tambahan APBN-P ada pada TA 2016, TA 2017.",
        ),
        (
            [2019, 2020],
            [],
            "TA 2019, TA 2020 tidak memiliki tambahan APBN-P untuk UPT pada filter ini. "
            "Tidak ada tahun anggaran dengan tambahan APBN-P untuk UPT tersebut.",
        ),
    ],
)
def test_additions_note(without, having, note):
    assert audit.additions_note(without, having) == note


# --------------------------------------------------------------------------- flags


FLAGGED = flagged(
    {"kode_upt": "F1", "pagu_efektif_rp": 10.0, "lonjakan_akhir_tahun": True},
    {"kode_upt": "F2", "pagu_efektif_rp": 20.0, "deviasi_rpd_tinggi": True},
    {"kode_upt": "F3", "pagu_efektif_rp": 30.0, "lonjakan_akhir_tahun": True, "deviasi_rpd_tinggi": True},
    {"kode_upt": "F4", "pagu_efektif_rp": 40.0},
)


@pytest.mark.parametrize(
    ("flags", "require_all", "expected"),
    [
        ((), False, ["F4", "F3", "F2", "F1"]),  # no flag filter
        (("lonjakan_akhir_tahun",), False, ["F3", "F1"]),
        (("lonjakan_akhir_tahun", "deviasi_rpd_tinggi"), False, ["F3", "F2", "F1"]),  # any
        (("lonjakan_akhir_tahun", "deviasi_rpd_tinggi"), True, ["F3"]),  # all
        (("penyerapan_melebihi",), False, []),
    ],
)
def test_flag_filter_any_or_all(flags, require_all, expected):
    criteria = Criteria(tahun=(2019,), mode="nominal", nominal_rp=0, bendera=flags, semua_bendera=require_all)
    assert codes(audit.select_targets(FLAGGED, criteria)) == expected


def test_flag_order_in_criteria_follows_metrics():
    criteria = Criteria(tahun=(2019,), bendera=("deviasi_rpd_tinggi", "lonjakan_akhir_tahun"))
    assert criteria.bendera == ("lonjakan_akhir_tahun", "deviasi_rpd_tinggi")
    with pytest.raises(ValueError):
        Criteria(tahun=(2019,), bendera=("bukan_bendera",))


# --------------------------------------------------------------------------- order


# Risk order and amount order differ: by skor_risiko R1 R2 R3 R4, by addition R4 R2 R3 R1, by pagu R3 R1 R4 R2.
RISK_VS_AMOUNT = flagged(
    {"kode_upt": "R1", "nama_upt": "Lapas D", "skor_risiko": 90.0, "pagu_efektif_rp": 30.0, "tambahan_apbnp_rp": 1e8},
    {"kode_upt": "R2", "nama_upt": "Lapas B", "skor_risiko": 60.0, "pagu_efektif_rp": 10.0, "tambahan_apbnp_rp": 5e8},
    {"kode_upt": "R3", "nama_upt": "Lapas C", "skor_risiko": 40.0, "pagu_efektif_rp": 40.0, "tambahan_apbnp_rp": 4e8},
    {"kode_upt": "R4", "nama_upt": "Lapas A", "skor_risiko": 10.0, "pagu_efektif_rp": 20.0, "tambahan_apbnp_rp": 9e8},
)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(tahun=(2019,), mode="top_apbnp", top_n=10), ["R4", "R2", "R3", "R1"]),
        (Criteria(tahun=(2019,), mode="top_pagu", top_n=10), ["R3", "R1", "R4", "R2"]),
        (Criteria(tahun=(2019,), mode="nominal", nominal_rp=0), ["R3", "R1", "R4", "R2"]),
        (Criteria(tahun=(2019,), mode="persentil", persentil=0), ["R3", "R1", "R4", "R2"]),
    ],
    ids=["top_apbnp", "top_pagu", "nominal", "persentil"],
)
def test_result_is_sorted_by_the_amount_of_the_criterion_not_the_risk_score(criteria, expected):
    assert codes(audit.select_targets(RISK_VS_AMOUNT, criteria)) == expected


def test_amount_ties_are_sorted_by_name_then_kode_then_tahun():
    frame = flagged(
        {"kode_upt": "T1", "nama_upt": "lapas zeta", "tambahan_apbnp_rp": 5e8},
        {"kode_upt": "T2", "nama_upt": "Lapas Alfa", "tambahan_apbnp_rp": 5e8, "skor_risiko": 99.0},
        {"kode_upt": "T3", "nama_upt": "Lapas Beta", "tambahan_apbnp_rp": 7e8},
        {"kode_upt": "T0", "nama_upt": "Lapas Alfa", "tambahan_apbnp_rp": 5e8},  # same name as T2: kode T0 first
        {"kode_upt": "T0", "nama_upt": "Lapas Alfa", "tambahan_apbnp_rp": 5e8, "tahun": 2018},  # then tahun
        {"kode_upt": "T4", "nama_upt": "Lapas Awal", "tambahan_apbnp_rp": NaN},  # no amount: last
    )
    ordered = audit.sort_targets(frame, "tambahan_apbnp_rp")
    assert list(zip(codes(ordered), ordered["tahun"], strict=True)) == [
        ("T3", 2019),
        ("T0", 2018),
        ("T0", 2019),
        ("T2", 2019),
        ("T1", 2019),  # "lapas zeta" after "Lapas Alfa": names compared without case
        ("T4", 2019),
    ]


def test_criteria_name_their_amount_and_order():
    apbnp = Criteria(tahun=(2019,), mode="top_apbnp")
    assert apbnp.amount_column == "tambahan_apbnp_rp"
    assert apbnp.order_text == "Tambahan APBN-P terbesar dahulu, lalu nama UPT"
    for mode in ("persentil", "nominal", "top_pagu"):
        assert Criteria(tahun=(2019,), mode=mode).amount_column == "pagu_efektif_rp"
    assert dict(apbnp.describe())["Urutan"] == "Tambahan APBN-P terbesar dahulu, lalu nama UPT, kode UPT dan tahun"


def test_selection_keeps_the_index_labels_for_flag_status():
    selected = audit.select_targets(PEERS, Criteria(tahun=(2019,), persentil=75))
    assert selected.index.tolist() == [6, 3]


# --------------------------------------------------------------------------- what-if


def figures(*rows: dict) -> pd.DataFrame:
    """yearly_figures-shaped rows (no flags yet)."""
    return flagged(*rows).drop(columns=[*FLAGS, "skor_risiko"])


def test_what_if_threshold_removes_a_flag_and_changes_the_score():
    rows = figures({"kode_upt": "W1", "pagu_efektif_rp": 10.0, "konsentrasi_akhir_tahun": 0.40, "penyerapan": 0.95})
    defaults = AuditConfig()
    before = metrics.audit_flags(rows, defaults)
    # Evaluable: penyerapan_rendah (2), penyerapan_melebihi (2), lonjakan_akhir_tahun (2); the others'
    # figures are empty. Raised: lonjakan (0.40 > 0.35) -> 100 × 2 / 6 = 33.3
    assert bool(before["lonjakan_akhir_tahun"].iloc[0])
    assert before["skor_risiko"].iloc[0] == pytest.approx(100 * 2 / 6)

    raised = audit.what_if(defaults, {"lonjakan_akhir_tahun": 0.45}, {})
    after = metrics.audit_flags(rows, raised)
    assert not bool(after["lonjakan_akhir_tahun"].iloc[0])  # 0.40 is not above 0.45
    assert after["skor_risiko"].iloc[0] == 0.0

    criteria = Criteria(tahun=(2019,), mode="nominal", bendera=("lonjakan_akhir_tahun",))
    assert codes(audit.select_targets(before, criteria)) == ["W1"]
    assert codes(audit.select_targets(after, criteria)) == []


def test_what_if_weight_changes_the_score():
    rows = figures({"kode_upt": "W1", "konsentrasi_akhir_tahun": 0.40, "penyerapan": 0.95})
    # lonjakan weight 4: 100 × 4 / (2 + 2 + 4) = 50
    heavier = audit.what_if(AuditConfig(), {}, {"lonjakan_akhir_tahun": 4})
    assert metrics.audit_flags(rows, heavier)["skor_risiko"].iloc[0] == pytest.approx(50.0)


def test_what_if_without_change_is_none():
    defaults = AuditConfig()
    # 35 % typed on the page comes back as 35 / 100: equal to the default within rounding
    assert (
        audit.what_if(defaults, {"lonjakan_akhir_tahun": 35 / 100, "penyerapan_rendah": 0.9}, {"deviasi_rpd_tinggi": 1})
        is None
    )


def test_config_table_marks_what_changed():
    defaults = AuditConfig()
    table = audit.config_table(defaults.with_overrides(lonjakan_akhir_tahun=0.5), defaults)
    assert table["flag"].tolist() == list(metrics.SCORED_FLAGS)
    changed = table.set_index("flag")
    assert bool(changed.loc["lonjakan_akhir_tahun", "diubah"])
    assert changed.loc["lonjakan_akhir_tahun", "ambang"] == 0.5
    assert changed.loc["lonjakan_akhir_tahun", "ambang_bawaan"] == 0.35
    assert not changed.drop(index="lonjakan_akhir_tahun")["diubah"].any()


# --------------------------------------------------------------------------- working-paper tables


def test_summary_table_marks_flags_that_cannot_be_judged():
    rows = figures(
        {"kode_upt": "M1", "pagu_efektif_rp": 10.0, "konsentrasi_akhir_tahun": 0.40, "penyerapan": 0.95},
        {"kode_upt": "M2", "pagu_efektif_rp": 20.0, "konsentrasi_akhir_tahun": 0.10, "penyerapan": 0.95},
    )
    config = AuditConfig()
    scored = metrics.audit_flags(rows, config)
    selected = audit.select_targets(scored, Criteria(tahun=(2019,), mode="nominal"))
    summary = audit.summary_table(selected, metrics.flag_status(scored, config))
    assert summary.columns.tolist() == list(audit.SUMMARY_COLUMNS)
    assert summary["kode_upt"].tolist() == ["M2", "M1"]  # the larger pagu first
    assert summary["lonjakan_akhir_tahun"].tolist() == [False, True]
    assert summary["deviasi_rpd_tinggi"].isna().all()  # no deviasi_rpd: not evaluable
    assert summary["jumlah_bendera"].tolist() == [0, 1]
    marks = audit.flag_marks(summary)
    assert marks["lonjakan_akhir_tahun"].tolist() == [audit.MARK_CLEAR, audit.MARK_RAISED]
    assert marks["deviasi_rpd_tinggi"].tolist() == [audit.MARK_NOT_EVALUABLE] * 2


def test_the_amount_of_the_criterion_follows_the_name():
    selected = audit.select_targets(RISK_VS_AMOUNT, Criteria(tahun=(2019,), mode="top_apbnp"))
    summary = audit.summary_table(selected, lead="tambahan_apbnp_rp")
    assert summary.columns.tolist()[:4] == ["kode_upt", "nama_upt", "tambahan_apbnp_rp", "kanwil"]
    assert sorted(summary.columns) == sorted(audit.SUMMARY_COLUMNS)  # the same columns, moved
    assert audit.SUMMARY_COLUMNS[:3] == ("kode_upt", "nama_upt", "pagu_efektif_rp")
    assert audit.screen_table(summary, "tambahan_apbnp_rp").columns.tolist()[:3] == [
        "nama_upt",
        "tambahan_apbnp_rp",
        "tahun",
    ]
    several = summary.assign(kanwil=["A", "B", "A", "B"])  # kanwil after the amount when it varies
    assert audit.screen_table(several, "tambahan_apbnp_rp").columns.tolist()[:3] == [
        "nama_upt",
        "tambahan_apbnp_rp",
        "kanwil",
    ]
    pagu = audit.screen_table(audit.summary_table(selected)).columns.tolist()
    assert pagu[:2] == ["nama_upt", "pagu_efektif_rp"] and pagu.count("pagu_efektif_rp") == 1
    with pytest.raises(ValueError):
        audit.summary_columns("nama_upt")


def test_findings_follow_the_result_order():
    rows = figures(
        {"kode_upt": "R1", "pagu_efektif_rp": 10.0, "konsentrasi_akhir_tahun": 0.40, "deviasi_rpd": 0.5},
        {"kode_upt": "R2", "pagu_efektif_rp": 20.0, "konsentrasi_akhir_tahun": 0.50},
    )
    config = AuditConfig()
    scored = metrics.audit_flags(rows, config)
    selected = audit.select_targets(scored, Criteria(tahun=(2019,), mode="nominal"))
    found = audit.findings(metrics.flag_reasons(scored, config), selected)
    # R1: lonjakan + deviasi -> 100 × 3 / 3 = 100; R2: lonjakan -> 100 × 2 / 2 = 100; same score: pagu 20 first
    assert list(zip(found["kode_upt"], found["flag"], strict=True)) == [
        ("R2", "anggaran_tinggi"),  # 20 >= the 75th percentile 10 + 0.75 × 10 = 17.5
        ("R2", "lonjakan_akhir_tahun"),
        ("R1", "lonjakan_akhir_tahun"),
        ("R1", "deviasi_rpd_tinggi"),
    ]
    assert found.columns.tolist() == list(audit.FINDING_COLUMNS)
    assert found["kalimat"].iloc[1] == "Realisasi November–Desember 50% dari realisasi setahun (batas 35%)."


def test_underlying_data_holds_every_year_of_the_selected_units():
    rows = figures(
        {"kode_upt": "D1", "tahun": 2018, "pagu_efektif_rp": 1.0},
        {"kode_upt": "D1", "tahun": 2019, "pagu_efektif_rp": 9.0},
        {"kode_upt": "D2", "tahun": 2019, "pagu_efektif_rp": 1.0},
    )
    scored = metrics.audit_flags(rows, AuditConfig())
    selected = audit.select_targets(scored, Criteria(tahun=(2019,), mode="top_pagu", top_n=1))
    data = audit.underlying_data(scored, selected)
    assert list(zip(data["kode_upt"], data["tahun"], data["dalam_hasil"], strict=True)) == [
        ("D1", 2018, False),
        ("D1", 2019, True),
    ]


def test_source_batches_are_the_active_ones_oldest_first():
    batches = pd.DataFrame(
        {
            "batch_id": [5, 4, 3, 2, 1],
            "tabel": ["realisasi", "produksi", "anggaran", "lain", "upt"],
            "nama_file": ["r.csv", "p.csv", "a.csv", "x.csv", "u.csv"],
            "sha256": ["e", "d", "c", "b", "a"],
            "baris_baru": [1, 1, 1, 1, 1],
            "baris_diganti": [0, 0, 0, 0, 0],
            "waktu": pd.to_datetime(["2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02", "2024-01-01"]),
            "pengguna": ["a"] * 5,
            "status": ["aktif", "dibatalkan", "aktif", "aktif", "aktif"],
            "peringatan": [None] * 5,
            "waktu_batal": [None] * 5,
        }
    )
    assert audit.source_batches(batches)["batch_id"].tolist() == [1, 3, 5]


def test_productivity_history_against_the_lapas_industri_median():
    rows = figures(
        {"kode_upt": "L1", "lapas_industri": True, "produksi_per_rupiah": 0.02},
        {"kode_upt": "L2", "lapas_industri": True, "produksi_per_rupiah": 0.06},
        {"kode_upt": "L3", "lapas_industri": True, "produksi_per_rupiah": 0.10},
        {"kode_upt": "N1", "lapas_industri": False, "produksi_per_rupiah": 0.0},  # not a peer
    )
    history = audit.productivity_history(rows, "L1", AuditConfig())
    # median of 0.02, 0.06, 0.10 = 0.06; batas = 0.5 × 0.06 = 0.03
    assert history["median"].tolist() == pytest.approx([0.06])
    assert history["batas"].tolist() == pytest.approx([0.03])
    assert audit.productivity_history(rows, "N1", AuditConfig()).empty


def test_criteria_describe_in_indonesian():
    items = dict(Criteria(tahun=(2020, 2019), kanwil="Jawa Barat", mode="top_pagu", top_n=3).describe())
    assert items["Tahun anggaran"] == "2019, 2020"
    assert items["Kriteria anggaran"].startswith("3 pagu efektif terbesar per kanwil per tahun")
    assert math.isclose(Criteria(tahun=(2019,)).persentil, 75.0)


@pytest.mark.parametrize(
    ("criteria", "stem"),
    [
        (Criteria(tahun=(2019,), kanwil="Jawa Barat"), "kertas_kerja_audit_jawa-barat_TA2019"),
        (Criteria(tahun=(2021, 2019, 2020)), "kertas_kerja_audit_semua-kanwil_TA2019-2020-2021"),
        (
            Criteria(tahun=(2016, 2017, 2018, 2025), kanwil="DKI / Jakarta"),
            "kertas_kerja_audit_dki-jakarta_TA2016-2025",
        ),
    ],
)
def test_file_stem(criteria, stem):
    assert audit.file_stem(criteria) == stem
