"""Profil UPT against the median: ratios differ in percentage points, amounts in percent, and each says which."""

from __future__ import annotations

import pandas as pd
import pytest

from lapas_metrics import charts, views

FIGURES = pd.DataFrame(
    {
        "tahun": [2025] * 3,
        "kode_upt": ["A", "B", "C"],
        "kanwil": ["Jawa Barat"] * 3,
        "lapas_industri": [False] * 3,
        "tingkat_partisipasi": [0.30, 0.20, 0.10],
        "pagu_efektif_rp": [3e9, 2e9, 1e9],
    }
)


def test_a_ratio_differs_in_points_an_amount_in_percent():
    comparison = views.peer_comparison(FIGURES, "A", 2025, ["tingkat_partisipasi", "pagu_efektif_rp"]).set_index(
        "angka"
    )
    assert comparison.loc["tingkat_partisipasi", "satuan"] == views.POINTS
    assert comparison.loc["tingkat_partisipasi", "selisih"] == pytest.approx(0.10)  # 30 % - 20 % = 10 poin, not +50 %
    assert comparison.loc["pagu_efektif_rp", "satuan"] == views.PERCENT
    assert comparison.loc["pagu_efektif_rp", "selisih"] == pytest.approx(0.5)  # 3 M / 2 M - 1
    table = views.peer_table(comparison.reset_index()).set_index("Angka")["Selisih dari median"]
    assert table.to_dict() == {"Tingkat partisipasi kerja": "+10,0 poin", "Pagu efektif": "+50,0 %"}


def test_every_peer_figure_has_a_unit():
    comparison = views.peer_comparison(FIGURES.assign(**{n: 1.0 for n in views.PEER_FIGURES}), "A", 2025)
    kinds = {name: views.kind(name) for name in comparison["angka"]}
    for name, unit in zip(comparison["angka"], comparison["satuan"], strict=True):
        assert unit == (views.POINTS if kinds[name] == views.PCT else views.PERCENT), name


def test_points_against_a_zero_median_still_compare():
    zero = FIGURES.assign(tingkat_partisipasi=[0.1, 0.0, 0.0])
    row = views.peer_comparison(zero, "A", 2025, ["tingkat_partisipasi"]).iloc[0]
    assert row["selisih"] == pytest.approx(0.1)


def test_the_chart_puts_points_and_percent_on_separate_axes():
    comparison = views.peer_comparison(FIGURES, "A", 2025, ["tingkat_partisipasi", "pagu_efektif_rp"])
    fig = charts.peer_chart(comparison, "A terhadap median")
    assert [list(trace.y) for trace in fig.data] == [["Pagu efektif"], ["Tingkat partisipasi kerja"]]
    assert fig.data[0].xaxis == "x" and fig.data[1].xaxis == "x2"
    assert (fig.layout.xaxis.title.text, fig.layout.xaxis2.title.text) == ("Selisih (%)", "Selisih (poin persentase)")
    assert list(fig.data[1].x) == pytest.approx([10.0])  # 10 poin
    only_amounts = charts.peer_chart(comparison[comparison["satuan"] == views.PERCENT], "J")
    assert len(only_amounts.data) == 1 and only_amounts.layout.xaxis.title.text == "Selisih (%)"
