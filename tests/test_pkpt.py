"""The annual plan (PKPT), pure: parts scaled and weighted by hand, the order with its ties, reasons and quarters."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import config
from lapas_metrics.evaluation import pkpt

NEVER = np.nan


def parts(*rows: tuple) -> pd.DataFrame:
    """kode_upt, skor_risiko, rekomendasi_terbuka, rekomendasi_lewat_batas, nilai_temuan_terbuka_rp,
    tahun_sejak_evaluasi per row; the unit named after its code, kanwil Jawa Barat, risk year 2025."""
    frame = pd.DataFrame(rows, columns=["kode_upt", *pkpt.PARTS])
    frame["nama_upt"] = "Lapas " + frame["kode_upt"]
    frame["kanwil"] = "Jawa Barat"
    frame["tahun_risiko"] = 2025
    frame["tahun_evaluasi_terakhir"] = [np.nan if math.isnan(y) else 2027 - y for y in frame["tahun_sejak_evaluasi"]]
    return frame


# A: the most open work; B never evaluated; C no risk figure (empty), evaluated 3 years ago; D the most risk.
FOUR = parts(
    ("LP-A", 50.0, 4, 2, 1_000_000.0, 1.0),
    ("LP-B", 25.0, 2, 0, 0.0, NEVER),
    ("LP-C", np.nan, 0, 0, 0.0, 3.0),
    ("LP-D", 100.0, 0, 0, 0.0, 0.0),
)


def test_each_part_is_scaled_as_the_spec_says() -> None:
    scaled = pkpt.scaled_parts(FOUR).set_axis(FOUR["kode_upt"])
    assert scaled["skor_risiko"].tolist() == [0.5, 0.25, 0.0, 1.0]  # / 100, empty = 0
    assert scaled["rekomendasi_terbuka"].tolist() == [1.0, 0.5, 0.0, 0.0]  # / the largest, 4
    assert scaled["rekomendasi_lewat_batas"].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert scaled["nilai_temuan_terbuka_rp"].tolist() == [1.0, 0.0, 0.0, 0.0]
    # evaluated: years / (3 + 1); never evaluated: 1
    assert scaled["tahun_sejak_evaluasi"].tolist() == [0.25, 1.0, 0.75, 0.0]


def test_points_and_order_worked_by_hand() -> None:
    plan = pkpt.rank_units(FOUR)
    assert list(plan.columns) == list(pkpt.PKPT_COLUMNS)
    assert plan["kode_upt"].tolist() == ["LP-A", "LP-D", "LP-B", "LP-C"]
    assert plan["peringkat"].tolist() == [1, 2, 3, 4]
    # A: 40×0.5 + 15×1 + 15×1 + 15×1 + 15×0.25; D: 40×1; B: 40×0.25 + 15×0.5 + 15×1; C: 15×0.75
    assert plan["skor_pkpt"].tolist() == pytest.approx([68.75, 40.0, 32.5, 11.25])
    a = plan.iloc[0]
    assert [a[name] for name in pkpt.POINTS] == pytest.approx([20.0, 15.0, 15.0, 15.0, 3.75])
    b = plan.set_index("kode_upt").loc["LP-B"]
    assert pd.isna(b["tahun_sejak_evaluasi"]) and b["poin_tahun_sejak_evaluasi"] == pytest.approx(15.0)
    c = plan.set_index("kode_upt").loc["LP-C"]
    assert math.isnan(c["skor_risiko"]) and c["poin_skor_risiko"] == 0.0


def test_the_reason_names_the_largest_parts_first() -> None:
    plan = pkpt.rank_units(FOUR).set_index("kode_upt")
    # A's three largest: risk 20, then open 15 and overdue 15 (equal points keep the parts' order)
    assert plan.loc["LP-A", "alasan"] == (
        "Skor risiko 50,0 pada TA 2025, 4 rekomendasi belum selesai dan 2 rekomendasi lewat batas waktu."
    )
    assert plan.loc["LP-B", "alasan"] == (
        "Belum pernah dievaluasi (final), skor risiko 25,0 pada TA 2025 dan 2 rekomendasi belum selesai."
    )
    assert plan.loc["LP-C", "alasan"] == "3 tahun sejak evaluasi final terakhir (TA 2024)."
    assert plan.loc["LP-D", "alasan"] == "Skor risiko 100,0 pada TA 2025."


def test_an_open_amount_is_told_in_rupiah() -> None:
    plan = pkpt.rank_units(parts(("LP-A", 0.0, 1, 0, 2_500_000.0, 0.0)), {"nilai_temuan_terbuka_rp": 100})
    assert plan.loc[0, "alasan"].startswith("Nilai temuan terbuka Rp 2.500.000")


def test_ties_go_to_the_higher_risk_then_the_larger_open_amount_then_the_code() -> None:
    weights = {"skor_risiko": 1, "rekomendasi_terbuka": 0, "rekomendasi_lewat_batas": 0}
    weights |= {"nilai_temuan_terbuka_rp": 1, "tahun_sejak_evaluasi": 0}
    plan = pkpt.rank_units(
        parts(
            ("LP-Z", 0.0, 0, 0, 1_000.0, 0.0),  # 50 points from the amount, no risk
            ("LP-Y", 100.0, 0, 0, 0.0, 0.0),  # 50 points from the risk: before Z
            ("LP-X", 50.0, 0, 0, 500.0, 0.0),  # 25 + 25: the same 50, risk 50: between them
            ("LP-W", 0.0, 0, 0, 0.0, 0.0),  # 0 points
            ("LP-V", 0.0, 0, 0, 0.0, 0.0),  # 0 points, the same as W: by code
        ),
        weights,
    )
    assert plan["skor_pkpt"].tolist() == pytest.approx([50, 50, 50, 0, 0])
    assert plan["kode_upt"].tolist() == ["LP-Y", "LP-X", "LP-Z", "LP-V", "LP-W"]


def test_an_empty_risk_ranks_after_a_zero_risk_at_equal_points() -> None:
    plan = pkpt.rank_units(parts(("LP-A", np.nan, 0, 0, 0.0, 0.0), ("LP-B", 0.0, 0, 0, 0.0, 0.0)))
    assert plan["kode_upt"].tolist() == ["LP-B", "LP-A"]


def test_equal_units_with_no_open_amount_are_ordered_by_code() -> None:
    plan = pkpt.rank_units(parts(("LP-B", 10.0, 1, 0, 0.0, 1.0), ("LP-A", 10.0, 1, 0, 0.0, 1.0)))
    assert plan["kode_upt"].tolist() == ["LP-A", "LP-B"]


def test_all_zero_parts_give_zero_points_and_no_division_by_zero() -> None:
    plan = pkpt.rank_units(parts(("LP-B", 0.0, 0, 0, 0.0, 0.0), ("LP-A", 0.0, 0, 0, 0.0, 0.0)))
    assert plan["skor_pkpt"].tolist() == [0.0, 0.0]
    assert plan[list(pkpt.POINTS)].to_numpy().tolist() == [[0.0] * 5, [0.0] * 5]
    assert plan["kode_upt"].tolist() == ["LP-A", "LP-B"]
    assert plan.loc[0, "alasan"].startswith("Tidak ada bagian yang menonjol")


def test_every_unit_never_evaluated_scores_the_most_years() -> None:
    scaled = pkpt.scaled_parts(parts(("LP-A", 0.0, 0, 0, 0.0, NEVER), ("LP-B", 0.0, 0, 0, 0.0, NEVER)))
    assert scaled["tahun_sejak_evaluasi"].tolist() == [1.0, 1.0]


def test_a_unit_never_evaluated_outranks_the_longest_wait() -> None:
    plan = pkpt.rank_units(
        parts(("LP-A", 0.0, 0, 0, 0.0, 9.0), ("LP-B", 0.0, 0, 0, 0.0, NEVER)), {"tahun_sejak_evaluasi": 100}
    )
    assert plan["kode_upt"].tolist() == ["LP-B", "LP-A"]
    assert plan["skor_pkpt"].tolist() == pytest.approx(
        [100 * 100 / 185, 100 * 100 / 185 * 9 / 10]
    )  # 100 of 40+15+15+15+100


def test_weights_are_shares_of_their_sum() -> None:
    assert pkpt.normal_weights(None) == {"skor_risiko": 0.4, **dict.fromkeys(pkpt.PARTS[1:], 0.15)}
    doubled = pkpt.normal_weights({part: 2 * weight for part, weight in pkpt.DEFAULT_WEIGHTS.items()})
    assert doubled == pytest.approx(pkpt.normal_weights(None))
    assert set(pkpt.normal_weights(dict.fromkeys(pkpt.PARTS, 0)).values()) == {0.0}


def test_the_weights_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in config.PKPT_WEIGHT_SETTINGS.values():
        monkeypatch.delenv(name, raising=False)
    assert config.pkpt_weights() == pkpt.DEFAULT_WEIGHTS
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_RISIKO", "0")
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_EVALUASI", "-5")  # not >= 0: the default
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_TERBUKA", "45")
    assert config.pkpt_weights() == {**pkpt.DEFAULT_WEIGHTS, "skor_risiko": 0.0, "rekomendasi_terbuka": 45.0}
    plan = pkpt.rank_units(FOUR, config.pkpt_weights())
    # without risk: A 45/90×100 + 15/90×100×(1 + 1 + 0.25), B 50×0.5 + 15/90×100×1, D 0, C 15/90×100×0.75
    assert plan["kode_upt"].tolist() == ["LP-A", "LP-B", "LP-C", "LP-D"]
    assert plan["skor_pkpt"].tolist() == pytest.approx([50 + 37.5, 25 + 100 / 6, 12.5, 0.0])


def test_the_per_quarter_count_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAPAS_PKPT_PER_TRIWULAN", raising=False)
    assert config.pkpt_per_quarter() == 5
    monkeypatch.setenv("LAPAS_PKPT_PER_TRIWULAN", "3")
    assert config.pkpt_per_quarter() == 3
    for bad in ("0", "2.5", "banyak"):
        monkeypatch.setenv("LAPAS_PKPT_PER_TRIWULAN", bad)
        assert config.pkpt_per_quarter() == 5


@pytest.mark.parametrize(
    ("peringkat", "expected"),
    [(1, "Triwulan I"), (5, "Triwulan I"), (6, "Triwulan II"), (15, "Triwulan III"), (20, "Triwulan IV"), (21, "")],
)
def test_ranks_fill_the_quarters_five_at_a_time(peringkat: int, expected: str) -> None:
    assert pkpt.quarter(peringkat, 5) == expected


def test_the_plan_proposes_per_quarter_units_and_no_more_than_four_quarters() -> None:
    many = parts(*[(f"LP-{n:02d}", float(100 - n), 0, 0, 0.0, 0.0) for n in range(10)])
    plan = pkpt.rank_units(many, per_quarter=2)
    assert plan["kode_upt"].tolist()[:3] == ["LP-00", "LP-01", "LP-02"]
    assert plan["triwulan_usulan"].tolist() == [
        *["Triwulan I"] * 2,
        *["Triwulan II"] * 2,
        *["Triwulan III"] * 2,
        *["Triwulan IV"] * 2,
        "",
        "",
    ]


def test_no_units_give_an_empty_plan_with_its_columns() -> None:
    plan = pkpt.rank_units(pd.DataFrame(columns=list(pkpt.PARTS_COLUMNS)))
    assert plan.empty and list(plan.columns) == list(pkpt.PKPT_COLUMNS)
