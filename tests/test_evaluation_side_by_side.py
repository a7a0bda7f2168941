"""Evaluations side by side (views.evaluations, charts.section_heatmap): the filter, one period's matrix, the table over periods."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from lapas_metrics import charts, evaluation, views
from lapas_metrics.charts import base
from lapas_metrics.evaluation import Instrument, Item, Section

SCALE = ("a", "b", "c", "d", "e")
LONG = "Lapas Narkotika Kelas IIA Gunung Sindur"


def _section(kunci: str, judul: str, *codes: str) -> Section:
    items = tuple(Item(kode, "?", 1.0, SCALE, "bukti", "praktik pemeriksaan") for kode in codes)
    return Section(kunci, judul, 1.0, items)


V1 = Instrument(
    "v1", "Satu", (_section("dasar", "Dasar hukum dan kelembagaan", "B1.1"), _section("pnbp", "PNBP dan premi", "B2.1"))
)
V2 = Instrument("v2", "Dua", (_section("dasar", "Dasar hukum", "A.1"), _section("mitra", "Kemitraan", "M1", "M2")))


def _row(eid, kode, nama, tahun, versi, status, dasar, pnbp, mitra, total) -> dict[str, object]:
    return {
        "evaluasi_id": eid,
        "kode_upt": kode,
        "nama_upt": nama,
        "periode": f"TA {tahun}",
        "periode_mulai": dt.date(tahun, 1, 1),
        "versi_instrumen": versi,
        "status": status,
        "terkini": True,
        "nilai_dasar": dasar,
        "nilai_pnbp": pnbp,
        "nilai_mitra": mitra,
        "nilai_evaluasi": total,
        "predikat": evaluation.predikat(total) if total == total else None,
    }


NAN = math.nan
SCORES = pd.DataFrame(
    [
        _row(1, "LP-A", LONG, 2023, "v1", "final", 50.0, 70.0, NAN, 60.0),
        _row(2, "LP-A", LONG, 2024, "v1", "final", 75.0, NAN, NAN, 75.0),
        _row(3, "LP-B", "Lapas B", 2024, "v1", "final", 100.0, 80.0, NAN, 90.0),
        _row(4, "LP-C", "Lapas C", 2024, "v2", "final", 20.0, NAN, 40.0, 30.0),
        _row(5, "LP-B", "Lapas B", 2024, "v1", "draf", 10.0, 10.0, NAN, 10.0),  # a correction in draf
        _row(6, "LP-D", "Lapas D", 2024, "v1", "direviu", NAN, NAN, NAN, NAN),
    ]
)


def test_final_only_by_default_and_the_newest_per_unit_and_period():
    final = views.visible_scores(SCORES, None)
    assert final["evaluasi_id"].tolist() == [1, 2, 3, 4]
    every = views.visible_scores(SCORES, None, evaluation.STATES)
    assert every["evaluasi_id"].tolist() == [1, 2, 5, 4, 6]  # LP-B 2024: the draft correction over the final


def test_the_filter_keeps_the_units_of_the_sidebar():
    assert views.visible_scores(SCORES, ["LP-B", "LP-X"])["kode_upt"].tolist() == ["LP-B"]
    assert views.visible_scores(SCORES, []).empty


def test_periods_oldest_first_and_versions_most_used_first():
    assert views.period_labels(SCORES) == ["TA 2023", "TA 2024"]
    final = views.visible_scores(SCORES, None)
    assert views.period_versions(final, "TA 2024") == ["v1", "v2"]
    assert views.period_versions(final, "TA 2030") == []


def test_the_matrix_holds_one_version_lowest_total_first_with_nan_for_missing_sections():
    final = views.visible_scores(SCORES, None)
    matrix = views.section_matrix(final, V1, "TA 2024")
    assert matrix.units["kode_upt"].tolist() == ["LP-A", "LP-B"]  # 75 before 90; LP-C has v2
    assert matrix.sections == (
        ("nilai_dasar", "Dasar hukum dan kelembagaan", "B1"),
        ("nilai_pnbp", "PNBP dan premi", "B2"),
    )
    assert matrix.key == "B1 Dasar hukum dan kelembagaan · B2 PNBP dan premi"
    assert matrix.values[0, 0] == 75.0 and np.isnan(matrix.values[0, 1])
    assert matrix.values[1].tolist() == [100.0, 80.0]
    assert matrix.shown_of == 2 and matrix.versi == "v1"
    other = views.section_matrix(final, V2, "TA 2024")
    assert other.units["kode_upt"].tolist() == ["LP-C"] and other.values.tolist() == [[20.0, 40.0]]
    assert [code for _, _, code in other.sections] == ["A", "Bagian 2"]  # item codes without a shared prefix


def test_the_matrix_is_cut_to_the_lowest_units():
    matrix = views.section_matrix(views.visible_scores(SCORES, None), V1, "TA 2024", limit=1)
    assert matrix.units["kode_upt"].tolist() == ["LP-A"] and matrix.shown_of == 2


def test_a_unit_with_no_total_comes_last():
    every = views.visible_scores(SCORES, None, evaluation.STATES)
    matrix = views.section_matrix(every, V1, "TA 2024")
    assert matrix.units["kode_upt"].tolist() == ["LP-B", "LP-A", "LP-D"]
    assert np.isnan(matrix.values[2]).all()


def test_the_table_over_periods_writes_the_score_with_its_predikat():
    table = views.period_table(views.visible_scores(SCORES, None, evaluation.STATES))
    assert list(table.columns) == ["Kode UPT", "Nama UPT", "TA 2023", "TA 2024"]
    rows = table.set_index("Kode UPT")
    assert rows.loc["LP-A", "TA 2023"] == "60,00 · Terdefinisi"
    assert rows.loc["LP-A", "TA 2024"] == "75,00 · Terdefinisi"
    assert rows.loc["LP-B", "TA 2024"] == "10,00 · Rintisan (draf)"
    assert rows.loc["LP-B", "TA 2023"] == "–"
    assert rows.loc["LP-D", "TA 2024"] == "– (direviu)"
    assert table["Nama UPT"].tolist() == ["Lapas B", "Lapas C", "Lapas D", LONG]


def test_the_csv_rows_are_rounded_and_keep_canonical_names():
    frame = views.scores_csv_frame(views.visible_scores(SCORES.assign(nilai_evaluasi=60.123456), None))
    assert list(frame.columns) == [
        "kode_upt",
        "nama_upt",
        "periode",
        "versi_instrumen",
        "status",
        "nilai_dasar",
        "nilai_pnbp",
        "nilai_mitra",
        "nilai_evaluasi",
        "predikat",
    ]
    assert frame["nilai_evaluasi"].tolist() == [60.12] * 4


@pytest.mark.parametrize(("value", "text"), [(72.5, "72,50 (Terdefinisi)"), (90.0, "90,00 (Optimum)"), (NAN, "–")])
def test_score_with_predikat(value: float, text: str):
    assert views.score_with_predikat(value) == text


# ---------------------------------------------------------------- the heat map


def _heatmap():
    matrix = views.section_matrix(views.visible_scores(SCORES, None), V1, "TA 2024")
    return charts.section_heatmap(matrix, "Nilai per bagian instrumen, TA 2024").data[0]


def test_the_heatmap_values_text_and_fixed_scale():
    trace = _heatmap()
    assert trace.type == "heatmap" and (trace.zmin, trace.zmax) == (0, 100)
    assert [list(row) for row in trace.z] == [[75.0, None], [100.0, 80.0]]
    assert [list(row) for row in trace.text] == [["75,0", ""], ["100,0", "80,0"]]
    assert trace.texttemplate == "%{text}"


def test_the_heatmap_hover_names_section_score_predikat_and_total():
    trace = _heatmap()
    first = [list(cell) for cell in trace.customdata[0]]
    assert first[0] == [LONG, "B1 Dasar hukum dan kelembagaan", "75,00 (Terdefinisi)", "75,00 (Terdefinisi)"]
    assert first[1][2] == "–"  # the missing section
    assert "%{customdata[2]}" in trace.hovertemplate and trace.hoverongaps is False


def test_the_heatmap_wraps_unit_names_and_heads_columns_by_code_for_a_phone():
    trace = _heatmap()
    assert trace.y[0] == "Lapas Narkotika<br>Kelas IIA Gunung<br>Sindur"
    assert all(len(line) <= base.NAME_CHARS for name in trace.y for line in name.split("<br>"))
    assert list(trace.x) == ["B1", "B2"]  # six full titles do not fit 390 px; the caption says them


def test_names_in_the_heatmap_are_text_not_html():
    scores = SCORES.assign(nama_upt='<a href="http://contoh.invalid">klik</a>')
    matrix = views.section_matrix(views.visible_scores(scores, ["LP-A"]), V1, "TA 2024")
    trace = charts.section_heatmap(matrix, "J").data[0]
    assert "<a" not in trace.y[0] and "<a" not in trace.customdata[0][0][0]


def test_an_empty_matrix_is_the_empty_figure():
    matrix = views.section_matrix(views.visible_scores(SCORES, []), V1, "TA 2024")
    fig = charts.section_heatmap(matrix, "J")
    assert matrix.empty and not fig.data and fig.layout.annotations[0].text == charts.NO_DATA


def test_the_default_instrument_heads_its_columns_b1_to_b6():
    matrix = views.section_matrix(SCORES.iloc[:0], evaluation.default_instrument(), "TA 2024")
    assert [code for _, _, code in matrix.sections] == ["B1", "B2", "B3", "B4", "B5", "B6"]
