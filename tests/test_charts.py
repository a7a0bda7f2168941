"""Chart builders and the HTML report on small literal frames: titles, axis units, Indonesian hover text, empty input."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import charts, report, views


def _hover(fig, trace: int = 0) -> list[str]:
    return [row[0] for row in fig.data[trace].customdata]


def _title(fig) -> str:
    return fig.layout.title.text


UNITS = pd.DataFrame(
    {
        "kode_upt": ["A", "B", "C"],
        "nama_upt": ["Lapas A", "Lapas B", "Lapas C"],
        "nilai": [450_000_000.0, 1_234_567_890.0, 12_500_000.0],
    }
)


def test_ranking_bar_money_in_the_best_unit_with_indonesian_hover() -> None:
    fig = charts.ranking_bar(UNITS, "nilai", "Nilai produksi per UPT", "Nilai produksi", views.RP)
    assert _title(fig) == "Nilai produksi per UPT"
    assert fig.layout.xaxis.title.text == "Nilai produksi (Rp miliar)"
    assert fig.layout.separators == ",."
    assert list(fig.data[0].x) == pytest.approx([0.45, 1.23456789, 0.0125])
    assert _hover(fig) == ["Rp 450 jt", "Rp 1,23 M", "Rp 12,5 jt"]
    assert list(fig.data[0].y) == ["Lapas A", "Lapas B", "Lapas C"]
    assert fig.layout.yaxis.autorange == "reversed"  # first row on top


def test_repeated_unit_names_keep_their_own_bars() -> None:
    frame = UNITS.assign(nama_upt=["Lapas Kelas IIA Kota", "Lapas Kelas IIA Kota", "Lapas C"])
    fig = charts.ranking_bar(frame, "nilai", "Judul", "Nilai", views.RP)
    assert [y.replace("<br>", " ") for y in fig.data[0].y] == [
        "Lapas Kelas IIA Kota (A)",
        "Lapas Kelas IIA Kota (B)",
        "Lapas C",
    ]


def test_ranking_bar_percent_with_reference_line() -> None:
    frame = UNITS.assign(nilai=[0.4123, 1.5, None])
    fig = charts.ranking_bar(frame, "nilai", "Okupansi", "Penghuni / kapasitas", views.PCT, reference=1.0)
    assert fig.layout.xaxis.title.text == "Penghuni / kapasitas (%)"
    assert fig.layout.xaxis.ticksuffix == " %"
    assert list(fig.data[0].x) == pytest.approx([41.23, 150.0, None], nan_ok=True) or fig.data[0].x[2] is None
    assert _hover(fig) == ["41,2 %", "150,0 %", "–"]
    assert fig.layout.shapes[0].x0 == pytest.approx(100.0)
    assert fig.layout.annotations[0].text == "100,0 %"


def test_count_and_ratio_axes() -> None:
    counts = charts.ranking_bar(UNITS.assign(nilai=[1234567, 12, 0]), "nilai", "WBP", "WBP bekerja", views.COUNT)
    assert counts.layout.xaxis.title.text == "WBP bekerja (orang)"
    assert _hover(counts) == ["1.234.567", "12", "0"]
    ratio = charts.ranking_bar(
        UNITS.assign(nilai=[0.1235, 0.07, 0.0]), "nilai", "Produktivitas", "Produksi per Rp 1", views.RATIO
    )
    assert ratio.layout.xaxis.title.text == "Produksi per Rp 1 (Rp)"
    assert _hover(ratio) == ["0,124", "0,070", "0,000"]


def test_grouped_bars_per_year_and_per_unit() -> None:
    years = pd.DataFrame({"tahun": [2024, 2025], "pagu_awal_rp": [2e10, 2.5e10], "realisasi_rp": [1.9e10, None]})
    fig = charts.grouped_bars(
        years,
        "tahun",
        {"pagu_awal_rp": "Pagu awal", "realisasi_rp": "Realisasi"},
        views.RP,
        "Pagu",
        "Anggaran",
        "Tahun",
    )
    assert [trace.name for trace in fig.data] == ["Pagu awal", "Realisasi"]
    assert list(fig.data[0].x) == ["2024", "2025"]
    assert fig.layout.yaxis.title.text == "Anggaran (Rp miliar)"
    assert fig.layout.xaxis.title.text == "Tahun"
    assert _hover(fig, 1) == ["Rp 19 M", "–"]
    flat = charts.grouped_bars(
        years, "tahun", {"pagu_awal_rp": "Pagu awal"}, views.RP, "Pagu", "Anggaran", horizontal=True
    )
    assert flat.data[0].orientation == "h"
    assert flat.layout.xaxis.title.text == "Anggaran (Rp miliar)"


def test_stacked_months_have_indonesian_month_labels_and_hover() -> None:
    monthly = pd.DataFrame(
        {
            "periode": pd.to_datetime(["2017-05-01", "2017-08-01", "2017-05-01"]),
            "bidang": ["Pangan", "Pangan", "Kerajinan"],
            "nilai_produksi_rp": [450e6, 500e6, 1_500_000.0],
        }
    )
    fig = charts.stacked_bars(
        monthly,
        "periode",
        "bidang",
        "nilai_produksi_rp",
        views.RP,
        "Produksi bulanan",
        "Nilai produksi",
        "Bulan",
        months=True,
    )
    pangan = next(trace for trace in fig.data if trace.name == "Pangan")
    assert list(pangan.x) == ["Mei", "Agu"]
    assert [row[0] for row in pangan.customdata] == ["Mei 2017", "Agustus 2017"]
    assert [row[1] for row in pangan.customdata] == ["Rp 450 jt", "Rp 500 jt"]
    assert list(fig.layout.xaxis.categoryarray)[:3] == ["Jan", "Feb", "Mar"]
    assert fig.layout.yaxis.title.text == "Nilai produksi (Rp juta)"
    assert pangan.marker.color == charts.BIDANG_COLORS["Pangan"]


def test_monthly_lines_one_line_per_year_earlier_dashed() -> None:
    series = pd.DataFrame(
        {
            "periode": pd.to_datetime(["2016-01-01", "2016-02-01", "2017-01-01", "2017-12-01"]),
            "tingkat_partisipasi": [0.15, 0.16, 0.412, 0.2],
        }
    )
    fig = charts.monthly_lines(
        series, {"tingkat_partisipasi": "Partisipasi"}, views.PCT, "Partisipasi per bulan", "WBP bekerja / penghuni"
    )
    assert [trace.name for trace in fig.data] == ["Partisipasi 2016", "Partisipasi 2017"]
    assert fig.data[0].line.dash == "dash" and fig.data[1].line.dash == "solid"
    assert list(fig.data[1].x) == ["Jan", "Des"]
    assert [row[0] for row in fig.data[1].customdata] == ["Januari 2017", "Desember 2017"]
    assert [row[1] for row in fig.data[1].customdata] == ["41,2 %", "20,0 %"]
    assert fig.layout.yaxis.title.text == "WBP bekerja / penghuni (%)"
    assert fig.layout.xaxis.title.text == "Bulan"


def test_monthly_lines_per_group() -> None:
    series = pd.DataFrame(
        {
            "periode": pd.to_datetime(["2025-01-01", "2025-02-01"] * 2),
            "nama_upt": ["Lapas A", "Lapas A", "Lapas B", "Lapas B"],
            "penyerapan_kumulatif": [0.05, 0.1, 0.07, 0.2],
        }
    )
    fig = charts.monthly_lines(
        series, {"penyerapan_kumulatif": "Realisasi"}, views.PCT, "Kurva", "Persen pagu", group="nama_upt", compact=True
    )
    assert [trace.name for trace in fig.data] == ["Lapas A", "Lapas B"]
    assert fig.layout.xaxis.dtick == 2


def test_category_lines() -> None:
    years = pd.DataFrame({"tahun": [2024, 2025], "okupansi": [1.2, 1.5]})
    fig = charts.category_lines(
        years, "tahun", {"okupansi": "Okupansi"}, views.PCT, "Okupansi per tahun", "Persentase", "Tahun"
    )
    assert _hover(fig) == ["120,0 %", "150,0 %"]
    assert fig.layout.xaxis.title.text == "Tahun"
    assert fig.layout.yaxis.title.text == "Persentase (%)"


def test_treemap_bidang_to_product() -> None:
    products = pd.DataFrame(
        {
            "bidang": ["Pangan", "Pangan", "Kerajinan"],
            "produk": ["Roti", "Abon", "Kursi"],
            "nilai_produksi_rp": [300e6, 100e6, 600e6],
        }
    )
    fig = charts.production_treemap(products, "Produksi per bidang")
    tree = fig.data[0]
    assert _title(fig) == "Produksi per bidang"
    assert list(tree.labels) == ["Semua bidang", "Kerajinan", "Pangan", "Kursi", "Abon", "Roti"]
    assert dict(zip(tree.labels, (row[0] for row in tree.customdata), strict=True))["Pangan"] == "Rp 400 jt"
    assert dict(zip(tree.labels, (row[1] for row in tree.customdata), strict=True))["Kursi"] == "60,0 % dari total"
    assert tree.values[0] == pytest.approx(1e9)


def test_peer_chart_colours_follow_what_is_better() -> None:
    comparison = pd.DataFrame(
        {
            "angka": ["tingkat_partisipasi", "deviasi_rpd", "pagu_efektif_rp", "okupansi"],
            "label": ["Partisipasi", "Deviasi", "Pagu", "Okupansi"],
            "nilai": [0.2, 0.3, 2e10, None],
            "median_kanwil": [0.1, 0.2, 1e10, 1.2],
            "selisih": [0.1, 0.1, 1.0, None],
            "satuan": ["poin", "poin", "%", "poin"],
            "better": [1, -1, 0, -1],
            "pembanding": ["UPT se-kanwil"] * 4,
            "jumlah_pembanding": [30] * 4,
        }
    )
    fig = charts.peer_chart(comparison, "Dibandingkan median")
    # amounts in percent on one panel, ratios in percentage points on another; no bar without a difference
    assert [list(trace.y) for trace in fig.data] == [["Pagu"], ["Partisipasi", "Deviasi"]]
    assert [list(trace.marker.color) for trace in fig.data] == [[charts.NEUTRAL], [charts.GOOD, charts.BAD]]
    assert [row[0] for row in fig.data[1].customdata] == ["20,0 %", "30,0 %"]
    assert [row[2] for row in fig.data[1].customdata] == ["+10,0 poin", "+10,0 poin"]
    assert fig.layout.xaxis.title.text == "Selisih (%)"
    assert fig.layout.xaxis2.title.text == "Selisih (poin persentase)"


@pytest.mark.parametrize(
    "build",
    [
        lambda empty: charts.ranking_bar(empty, "nilai", "Judul", "Nilai", views.RP),
        lambda empty: charts.grouped_bars(empty, "tahun", {"nilai": "Nilai"}, views.RP, "Judul", "Nilai"),
        lambda empty: charts.stacked_bars(empty, "tahun", "bidang", "nilai", views.RP, "Judul", "Nilai"),
        lambda empty: charts.category_lines(empty, "tahun", {"nilai": "Nilai"}, views.PCT, "Judul", "Nilai"),
        lambda empty: charts.monthly_lines(empty, {"nilai": "Nilai"}, views.PCT, "Judul", "Nilai"),
        lambda empty: charts.production_treemap(empty.assign(nilai_produksi_rp=[]), "Judul"),
        lambda empty: charts.peer_chart(empty.assign(selisih=[]), "Judul"),
    ],
)
def test_empty_frames_give_a_titled_figure_with_a_sentence(build) -> None:
    empty = pd.DataFrame(
        {"nama_upt": [], "tahun": [], "bidang": [], "periode": pd.Series([], dtype="datetime64[ns]"), "nilai": []}
    )
    fig = build(empty)
    assert _title(fig) == "Judul"
    assert not fig.data
    assert fig.layout.annotations[0].text == charts.NO_DATA


def test_monthly_lines_with_only_empty_values_is_empty() -> None:
    series = pd.DataFrame({"periode": pd.to_datetime(["2025-01-01"]), "nilai": [None]})
    fig = charts.monthly_lines(series, {"nilai": "Nilai"}, views.PCT, "Judul", "Nilai")
    assert not fig.data


# --------------------------------------------------------------------------- export and report


def test_figure_html_is_sized_for_a4_and_inlines_plotly_once() -> None:
    fig = charts.ranking_bar(UNITS, "nilai", "Judul", "Nilai", views.RP)
    first = charts.figure_html(fig, include_plotlyjs=True)
    later = charts.figure_html(fig, include_plotlyjs=False)
    assert len(first) > 1_000_000  # plotly.js itself
    assert len(later) < 100_000
    assert '"width":680' in later
    assert not [tag for tag in re.findall(r"<script[^>]*>", first) if "src=" in tag]
    assert fig.layout.width is None  # the figure on screen is untouched


def test_report_is_self_contained_and_prints_on_a4() -> None:
    fig = charts.ranking_bar(UNITS, "nilai", "Nilai produksi", "Nilai", views.RP)
    sections = [
        report.Section("Bendera <audit>", items=["Penyerapan 41,2% (batas 35%)."]),
        report.Section("Grafik 1", figure=fig),
        report.Section("Grafik 2", figure=fig, table=pd.DataFrame({"Angka": ["Okupansi"], "Nilai": ["150,0 %"]})),
        report.Section("Kosong", empty_text="Tidak ada bendera audit yang menyala."),
    ]
    page = report.upt_report(
        "Profil UPT — Lapas <A>", "LP-A · TA 2025", [("Nilai produksi", "Rp 1,23 M")], sections, demo=True
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4" in page
    assert "page-break-inside: avoid" in page and "break-inside: avoid" in page
    assert "Lapas &lt;A&gt;" in page and "Bendera &lt;audit&gt;" in page
    assert "Data demo (sintetis)" in page
    assert "Rp 1,23 M" in page and "150,0 %" in page and "Tidak ada bendera audit" in page
    assert not [tag for tag in re.findall(r"<(?:script|link|img)[^>]*>", page) if "src=" in tag or "href=" in tag]
    outside_scripts = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert "http" not in outside_scripts  # nothing fetched: works offline
    assert page.count('<div class="chart">') == 2
    assert page.count("Plotly.newPlot") == 2
    assert len(re.findall(r"plotly\.js v\d", page)) == 1  # the library once, inline


# --------------------------------------------------------------------------- layering

PROJECT = Path(__file__).resolve().parents[1]
DASHBOARD_PAGES = ["ringkasan.py", "profil_upt.py", "produksi.py", "partisipasi.py", "anggaran.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize(
    "module",
    [*(f"views/{path.name}" for path in sorted((PROJECT / "lapas_metrics" / "views").glob("*.py"))), "report.py"],
)
def test_shaping_and_report_modules_import_no_plotly_streamlit_or_sql(module: str) -> None:
    assert not _imports(PROJECT / "lapas_metrics" / module) & {"plotly", "streamlit", "duckdb"}


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_dashboard_pages_stay_thin(page: str) -> None:
    path = PROJECT / "pages" / page
    source = path.read_text(encoding="utf-8")
    assert not _imports(path) & {"plotly", "duckdb", "pandas"}
    assert ".groupby(" not in source and "SELECT " not in source
    assert "ui.friendly_errors()" in source
    assert ":material/" not in source  # emoji icons only: the icon font needs the internet


LINK = '<a href="http://contoh.invalid">klik</a>'


def test_names_from_files_are_chart_text_not_html() -> None:
    """Plotly renders <a>, <b>, <img>-like tags in labels; a unit or product name from an uploaded file
    must show as the characters it holds."""
    units = UNITS.assign(nama_upt=[LINK, "Lapas B", "Lapas C"])
    bars = charts.ranking_bar(units, "nilai", "Judul", "Nilai", views.RP)
    assert bars.data[0].y[0].replace("<br>", " ") == '&lt;a href="http://contoh.invalid"&gt;klik&lt;/a&gt;'
    products = pd.DataFrame({"bidang": ["Pangan"], "produk": [LINK], "nilai_produksi_rp": [1e6]})
    tree = charts.production_treemap(products, "Judul").data[0]
    assert all("<a" not in str(label) for label in tree.labels)
    stacked = charts.stacked_bars(
        pd.DataFrame({"tahun": [2024], "bidang": [LINK], "nilai": [1e6]}),
        "tahun",
        "bidang",
        "nilai",
        views.RP,
        "J",
        "N",
    )
    assert "<a" not in stacked.data[0].name
