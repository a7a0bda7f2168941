"""Data shaping for the pages (lapas_metrics.views) on literal frames: cards, deltas, rankings, risk, peers, tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import views


@pytest.mark.parametrize(
    ("name", "now", "before", "expected"),
    [
        ("nilai_produksi_rp", 1_055.0, 1_000.0, "+5,5 %"),
        ("nilai_produksi_rp", 978.0, 1_000.0, "-2,2 %"),
        ("penyerapan", 0.967, 0.966, "+0,1 poin"),
        ("okupansi", 1.40, 1.433, "-3,3 poin"),
        ("tingkat_partisipasi", 0.15493, 0.15473, "±0,0 poin"),
        ("skor_risiko", 25.0, 12.5, "+12,5 poin"),
        ("nilai_produksi_rp", 5.0, 0.0, None),  # relative change from 0
        ("penyerapan", np.nan, 0.9, None),
        ("penyerapan", 0.9, None, None),
    ],
)
def test_change(name: str, now: float, before: float, expected: str | None) -> None:
    assert views.change(name, now, before) == expected


def test_kpi_cards_from_group_totals_with_delta_colours() -> None:
    totals = pd.DataFrame(
        {
            "tahun": [2024, 2025],
            "nilai_produksi_rp": [1e9, 1.234e9],
            "okupansi": [1.2, 1.3],
            "pagu_efektif_rp": [4e11, 3.9e11],
        }
    )
    cards = views.kpi_cards(totals, 2025, ["nilai_produksi_rp", "okupansi", "pagu_efektif_rp"])
    assert [(c.label, c.value, c.delta, c.delta_color) for c in cards] == [
        ("Nilai produksi", "Rp 1,23 M", "+23,4 %", "normal"),
        ("Okupansi", "130,0 %", "+10,0 poin", "inverse"),  # more crowding is worse
        ("Pagu efektif", "Rp 390 M", "-2,5 %", "off"),  # neither good nor bad
    ]


def test_kpi_cards_pick_the_total_row_and_survive_a_missing_year() -> None:
    totals = pd.DataFrame({"kanwil": ["Jawa Barat", "Semua UPT"], "tahun": [2025, 2025], "penyerapan": [0.5, 0.9]})
    (card,) = views.kpi_cards(totals, 2025, ["penyerapan"])
    assert (card.value, card.delta) == ("90,0 %", None)
    (card,) = views.kpi_cards(totals, 2030, ["penyerapan"])
    assert (card.value, card.delta) == ("–", None)


ROWS = pd.DataFrame(
    {
        "kode_upt": ["A", "B", "C", "D"],
        "nama_upt": ["Lapas A", "Lapas B", "Lapas C", "Lapas D"],
        "tahun": [2025] * 4,
        "penyerapan": [0.9, np.nan, 0.7, 0.9],
        "skor_risiko": [0.0, 50.0, 25.0, 50.0],
        "penyerapan_rendah": [False, True, True, False],
        "lonjakan_akhir_tahun": [False, True, False, True],
        "anggaran_tinggi": [True, True, False, False],
        "nilai_produksi_rp": [0.0, 1e9, np.nan, 5e8],
        "tambahan_apbnp_rp": [0.0, 1e9, -5e8, np.nan],
        "pagu_awal_rp": [1e10, 2e10, 3e10, 4e10],
    }
)


def test_ranking_drops_empty_values_and_breaks_ties_by_name() -> None:
    ranked = views.ranking(ROWS, "penyerapan")
    assert ranked["kode_upt"].tolist() == ["A", "D", "C"]
    assert views.ranking(ROWS, "penyerapan", lowest_first=True)["kode_upt"].tolist() == ["C", "A", "D"]
    assert views.ranking(ROWS, "penyerapan", limit=1)["nilai"].tolist() == [0.9]
    assert views.ranking(ROWS, "tidak_ada").empty


def test_top_risk_lists_scored_flags_only() -> None:
    risk = views.top_risk(ROWS, n=5)
    assert risk["kode_upt"].tolist() == ["B", "D", "C"]  # A scores 0
    assert risk["bendera"].tolist() == [
        "Penyerapan rendah, Lonjakan akhir tahun",
        "Lonjakan akhir tahun",
        "Penyerapan rendah",
    ]
    assert risk["jumlah_bendera"].tolist() == [2, 1, 1]


def test_small_row_helpers() -> None:
    assert views.producing(ROWS)["kode_upt"].tolist() == ["B", "D"]
    assert views.nonzero(ROWS, "tambahan_apbnp_rp")["kode_upt"].tolist() == ["B", "C"]
    assert views.with_budget_columns(ROWS)["pagu_apbnp_rp"].tolist() == [1e10, 2.1e10, 2.95e10, 4e10]
    assert views.count_above(ROWS, "penyerapan", 0.8) == 2
    assert list(views.budget_series(ROWS)) == ["pagu_awal_rp", "pagu_apbnp_rp", "realisasi_rp"]
    assert list(views.budget_series(ROWS.assign(tambahan_apbnp_rp=0.0))) == ["pagu_awal_rp", "realisasi_rp"]
    table = views.unit_table(ROWS, ["penyerapan", "penyerapan", "kode_upt"], order_by="penyerapan")
    assert table.columns.tolist() == ["kode_upt", "nama_upt", "penyerapan"]
    assert table["kode_upt"].tolist() == ["A", "D", "C", "B"]  # empty last


def _figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_upt": ["I1", "I2", "I3", "R1", "X1"],
            "kanwil": ["Jawa Barat", "Jawa Barat", " jawa barat", "Jawa Barat", "Banten"],
            "tahun": [2025] * 5,
            "lapas_industri": [True, True, True, False, True],
            "nilai_produksi_rp": [2e9, 1e9, 3e9, 0.0, 9e9],
            "tingkat_partisipasi": [0.2, 0.1, np.nan, 0.4, 0.9],
        }
    )


def test_peer_comparison_uses_the_kanwil_median_and_industri_peers() -> None:
    comparison = views.peer_comparison(_figures(), "I1", 2025, ["nilai_produksi_rp", "tingkat_partisipasi"]).set_index(
        "angka"
    )
    production = comparison.loc["nilai_produksi_rp"]
    assert production["median_kanwil"] == 2e9  # Lapas Industri of Jawa Barat only: 1, 2, 3 M
    assert production["pembanding"] == "Lapas Industri se-kanwil"
    assert production["selisih"] == 0.0
    participation = comparison.loc["tingkat_partisipasi"]
    assert participation["median_kanwil"] == pytest.approx(0.2)  # 0.2, 0.1, 0.4 (empty left out; Banten is not a peer)
    assert participation["jumlah_pembanding"] == 3
    assert participation["pembanding"] == "UPT se-kanwil"
    assert views.peer_comparison(_figures(), "R1", 2025, ["nilai_produksi_rp"]).iloc[0]["median_kanwil"] == 1.5e9
    assert views.peer_comparison(_figures(), "I1", 2019).empty


def test_peer_table_formats_in_indonesian() -> None:
    comparison = views.peer_comparison(_figures(), "I2", 2025, ["nilai_produksi_rp", "tingkat_partisipasi"])
    table = views.peer_table(comparison)
    assert table.to_dict("records")[0] == {
        "Angka": "Nilai produksi",
        "Nilai UPT": "Rp 1.000.000.000",
        "Median pembanding": "Rp 2.000.000.000",
        "Selisih dari median": "-50,0 %",
        "Pembanding": "Lapas Industri se-kanwil",
    }
    assert views.peer_table(comparison, short=True)["Nilai UPT"].tolist() == ["Rp 1 M", "10,0 %"]


def test_products_per_bidang_and_top_products() -> None:
    products = pd.DataFrame(
        {
            "kode_upt": ["A", "B", "A"],
            "tahun": [2025, 2025, 2024],
            "bidang": ["Pangan", "Pangan", "Kerajinan"],
            "produk": ["Roti", "Roti", "Kursi"],
            "satuan": ["pcs", "pcs", "set"],
            "jumlah": [10, 5, 2],
            "nilai_produksi_rp": [1e6, 2e6, 5e6],
            "nilai_penjualan_rp": [1e6, 1e6, 4e6],
        }
    )
    assert views.production_by_bidang(products)[["tahun", "bidang", "nilai_produksi_rp"]].values.tolist() == [
        [2024, "Kerajinan", 5e6],
        [2025, "Pangan", 3e6],
    ]
    top = views.top_products(products)
    assert top[["produk", "jumlah", "nilai_produksi_rp", "jumlah_upt"]].values.tolist() == [
        ["Kursi", 2, 5e6, 1],
        ["Roti", 15, 3e6, 2],
    ]
    assert views.with_product_labels(top)["label"].tolist() == ["Kursi (Kerajinan)", "Roti (Pangan)"]
    assert views.top_products(products.iloc[0:0]).empty


def test_tables_have_indonesian_headers_and_formats() -> None:
    frame = pd.DataFrame(
        {
            "nama_upt": ["Lapas A"],
            "tahun": [2025],
            "pagu_awal_rp": [1234567.0],
            "penyerapan": [0.4123],
            "okupansi": [np.nan],
        }
    )
    text = views.text_table(frame)
    assert text.to_dict("records") == [
        {
            "Nama UPT": "Lapas A",
            "Tahun": "2025",
            "Pagu awal": "Rp 1.234.567",
            "Penyerapan anggaran": "41,2 %",
            "Okupansi": "–",
        }
    ]
    html = views.display_table(frame).to_html()
    assert "Rp 1.234.567" in html and "41,2 %" in html and "Penyerapan anggaran" in html


def test_with_names_keeps_units_of_the_same_name_apart() -> None:
    upt = pd.DataFrame({"kode_upt": ["A", "B", "C"], "nama_upt": ["Lapas Kota", "Lapas Kota", "Lapas C"]})
    frame = pd.DataFrame({"kode_upt": ["A", "A", "B", "C", "Z"]})
    assert views.with_names(frame, upt)["nama_upt"].tolist() == [
        "Lapas Kota (A)",
        "Lapas Kota (A)",
        "Lapas Kota (B)",
        "Lapas C",
        "Z",
    ]
    assert views.with_names(frame[frame["kode_upt"] != "B"], upt)["nama_upt"].tolist()[0] == "Lapas Kota"


@pytest.mark.parametrize(
    ("bulan", "headline", "card"),
    [
        (None, "TA 2026 vs TA 2025", "vs TA 2025"),
        (1, "TA 2026 s.d. Januari vs Januari 2025", "vs Jan 2025"),
        (3, "TA 2026 s.d. Maret vs Januari–Maret 2025", "vs Jan–Mar 2025"),
    ],
)
def test_what_a_year_is_compared_with_in_words(bulan, headline, card) -> None:
    compared = views.Compared(2026, bulan)
    assert compared.headline == headline
    assert compared.card_description == card
