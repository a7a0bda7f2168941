"""Chart layouts that read at 390 px and 1280 px: wrapped names and titles, few ticks, month names, the modebar."""

from __future__ import annotations

import pandas as pd

from lapas_metrics import charts, fmt, views
from lapas_metrics.charts import base

LONG = "Lapas Narkotika Kelas IIA Gunung Sindur"
UNITS = pd.DataFrame(
    {
        "kode_upt": ["A", "B", "C"],
        "nama_upt": [LONG, "Lapas B", "Rutan Perempuan Kelas IIA Bandung"],
        "nilai": [3e9, 2e9, 1e9],
    }
)


def _lines(text: str) -> list[str]:
    return str(text).split("<br>")


def test_bar_names_wrap_at_about_eighteen_characters():
    fig = charts.ranking_bar(UNITS, "nilai", "Nilai produksi per UPT", "Nilai produksi", views.RP)
    names = list(fig.data[0].y)
    assert names[0] == "Lapas Narkotika<br>Kelas IIA Gunung<br>Sindur"
    assert all(len(line) <= base.NAME_CHARS for name in names for line in _lines(name))
    assert [name.replace("<br>", " ") for name in names] == UNITS["nama_upt"].tolist()
    grouped = charts.grouped_bars(UNITS, "nama_upt", {"nilai": "Nilai"}, views.RP, "J", "N", horizontal=True)
    assert grouped.data[0].y[0] == names[0]


def test_wrapped_names_get_room():
    short = UNITS.assign(nama_upt=["A", "B", "C"])
    tall = charts.ranking_bar(UNITS, "nilai", "J", "N", views.RP).layout.height
    flat = charts.ranking_bar(short, "nilai", "J", "N", views.RP).layout.height
    assert base.bar_height(30, lines=3) > base.bar_height(30) and tall >= flat


def test_long_titles_wrap_and_sit_below_the_modebar():
    title = "Pagu awal, pagu setelah APBN-P dan realisasi, TA 2025 (20 teratas)"
    fig = charts.ranking_bar(UNITS, "nilai", title, "N", views.RP)
    lines = _lines(fig.layout.title.text)
    assert len(lines) == 2 and all(len(line) <= base.TITLE_CHARS for line in lines)
    assert " ".join(lines) == title
    assert fig.layout.title.pad.t == base.TITLE_TOP > 0
    assert charts.ranking_bar(UNITS, "nilai", "Pendek", "N", views.RP).layout.title.text == "Pendek"


def test_the_modebar_shows_on_hover_with_few_buttons():
    assert charts.PLOTLY_CONFIG["displayModeBar"] == "hover"
    removed = set(charts.PLOTLY_CONFIG["modeBarButtonsToRemove"])
    assert {"zoomIn2d", "zoomOut2d", "pan2d", "lasso2d", "select2d"} <= removed
    assert charts.PLOTLY_CONFIG["displaylogo"] is False


def test_value_axes_have_few_ticks():
    fig = charts.ranking_bar(UNITS, "nilai", "J", "N", views.RP)
    assert fig.layout.xaxis.nticks == base.VALUE_TICKS <= 6
    months = pd.DataFrame({"periode": pd.date_range("2025-01-01", periods=12, freq="MS"), "x": range(12)})
    lines = charts.monthly_lines(months, {"x": "X"}, views.COUNT, "J", "N")
    assert lines.layout.yaxis.nticks == base.VALUE_TICKS


def test_month_axis_uses_short_names_and_may_turn_them():
    months = pd.DataFrame({"periode": pd.date_range("2025-01-01", periods=12, freq="MS"), "x": range(12)})
    fig = charts.monthly_lines(months, {"x": "X"}, views.COUNT, "J", "N")
    assert list(fig.layout.xaxis.categoryarray) == list(fmt.MONTHS_SHORT)
    assert all(len(name) <= 3 for name in fmt.MONTHS_SHORT)
    assert fig.layout.xaxis.tickangle is None  # plotly's auto: turned only when the names do not fit
    assert fig.layout.xaxis.dtick == 1
    assert charts.monthly_lines(months, {"x": "X"}, views.COUNT, "J", "N", compact=True).layout.xaxis.dtick == 2
