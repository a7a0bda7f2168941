"""Ruang Audit through AppTest on the demo database: criteria, flag filter, what-if and reset, row choice, downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import upload

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(scope="module", autouse=True)
def demo_db(tmp_path_factory: pytest.TempPathFactory):
    """One demo database for the module, served through $LAPAS_DB (read only: the page never writes)."""
    path = tmp_path_factory.mktemp("audit") / "demo.duckdb"
    upload.init_db(path, demo=True)
    before = os.environ.get("LAPAS_DB")
    os.environ["LAPAS_DB"] = str(path)
    st.cache_data.clear()
    yield path
    st.cache_data.clear()
    if before is None:
        os.environ.pop("LAPAS_DB", None)
    else:
        os.environ["LAPAS_DB"] = before


@pytest.fixture
def at(navigation_only: None) -> AppTest:
    st.cache_data.clear()
    test = AppTest.from_file(str(APP), default_timeout=30)
    test.run()
    test.switch_page("pages/audit.py").run()
    assert not test.exception, test.exception
    return test


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def result(at: AppTest):
    """The result table as shown (display labels), or None when the page says nothing matches."""
    tables = [d for d in at.dataframe if d.key and d.key.startswith("audit_tabel_")]
    return tables[0].value if tables else None


def names(at: AppTest) -> list[str]:
    shown = result(at)
    return [] if shown is None else shown["Nama UPT"].tolist()


def what_if_shown(at: AppTest) -> bool:
    return any("what-if" in str(w.value) for w in at.warning)


def headings(at: AppTest) -> list[str]:
    return [str(h.value) for h in at.subheader]


def test_percentile_and_flag_filter_change_the_rows(at):
    # Default: the sidebar's latest year (2025), pagu at or above the kanwil's 75th percentile: 33 units -> 9.
    assert len(names(at)) == 9
    assert "Hasil: 9 UPT" in headings(at)
    at.slider(key="audit_persentil").set_value(50)
    assert len(names(run(at))) == 17
    at.multiselect(key="audit_bendera").set_value(["partisipasi_rendah"])
    assert names(run(at)) == ["Rutan Kelas I Bandung"]
    at.multiselect(key="audit_bendera").set_value(["partisipasi_rendah", "anggaran_tinggi"])
    assert len(names(run(at))) == 9  # any of the two: every unit above the 75th percentile has anggaran_tinggi
    at.toggle(key="audit_semua").set_value(True)
    assert names(run(at)) == ["Rutan Kelas I Bandung"]  # both


def test_top_n_and_amount_are_alternatives(at):
    at.radio(key="audit_mode").set_value("top_pagu")
    run(at)
    at.number_input(key="audit_top_n").set_value(3)
    assert len(names(run(at))) == 3
    at.radio(key="audit_mode").set_value("nominal")
    run(at)
    at.number_input(key="audit_nominal").set_value(1000.0)  # Rp 1 T: nobody
    run(at)
    assert result(at) is None
    assert "Hasil: tidak ada UPT yang memenuhi kriteria" in headings(at)


def test_what_if_threshold_changes_flags_and_reset_restores(at):
    # 2019, every unit with a pagu, only year-end spikes: LP-BANCEUY spent 45% in November-December.
    at.multiselect(key="audit_tahun").set_value([2019])
    at.slider(key="audit_persentil").set_value(0)
    at.multiselect(key="audit_bendera").set_value(["lonjakan_akhir_tahun"])
    assert names(run(at)) == ["Lapas Kelas IIA Banceuy"]
    assert not what_if_shown(at)

    at.number_input(key="audit_t_lonjakan_akhir_tahun").set_value(50.0)  # 45% is no longer above the bar
    run(at)
    assert result(at) is None
    assert "audit_config" in at.session_state
    assert what_if_shown(at)

    at.button(key="audit_reset").click()
    run(at)
    assert names(at) == ["Lapas Kelas IIA Banceuy"]
    assert at.number_input(key="audit_t_lonjakan_akhir_tahun").value == pytest.approx(35.0)
    assert "audit_config" not in at.session_state
    assert not what_if_shown(at)


def test_what_if_threshold_in_months_is_typed_in_months(at):
    # serah_terima_dekat: "ends within 12 months", typed as 12 (bulan), not as a percentage.
    run(at)
    handover = at.number_input(key="audit_t_serah_terima_dekat")
    assert handover.value == pytest.approx(12.0)
    assert handover.label == "Ambang Serah terima dekat (bulan)"
    assert at.number_input(key="audit_t_aset_menganggur").value == pytest.approx(10.0)  # 10 %
    handover.set_value(6.0)
    run(at)
    assert at.session_state["audit_config"].thresholds["serah_terima_dekat"] == 6.0


def test_choosing_a_row_shows_its_reasons_and_charts(at):
    at.multiselect(key="audit_tahun").set_value([2019])
    at.slider(key="audit_persentil").set_value(0)
    run(at)
    shown = names(at)
    assert f"📌 {shown[0]} · TA 2019" in headings(at)  # the first row is chosen by default
    banceuy = shown.index("Lapas Kelas IIA Banceuy")
    assert banceuy > 0

    table = next(d for d in at.dataframe if d.key and d.key.startswith("audit_tabel_"))
    at.session_state[table.key] = {"selection": {"rows": [banceuy], "columns": [], "cells": []}}
    run(at)
    assert "📌 Lapas Kelas IIA Banceuy · TA 2019" in headings(at)
    assert any("Lonjakan akhir tahun" in str(m.value) and "45,2%" in str(m.value) for m in at.markdown)
    chart_keys = {chart.proto.id for chart in at.get("plotly_chart")}
    assert any("au_penyerapan" in key for key in chart_keys)
    assert any("au_produksi" in key for key in chart_keys)
    assert any("au_median" in key for key in chart_keys)


def test_download_buttons_exist(at):
    keys = [button.key for button in at.get("download_button")]
    assert keys == ["audit_xlsx", "audit_csv"]


def test_apbnp_criterion_on_a_year_without_additions_offers_the_years_that_have_them(at):
    # The demo's Jawa Barat has APBN-P additions only in 2016 (2020 has cuts); the sidebar starts at 2025.
    at.radio(key="audit_mode").set_value("top_apbnp")
    run(at)
    assert result(at) is None
    notes = [str(info.value) for info in at.info]
    assert (
        "TA 2025 tidak memiliki tambahan APBN-P untuk UPT pada filter ini. Tambahan APBN-P ada pada TA 2016." in notes
    )
    assert not any("Longgarkan" in note for note in notes)  # the sentence explains the empty result
    assert [b.key for b in at.button if b.key and b.key.startswith("audit_apbnp_")] == ["audit_apbnp_2016"]

    at.button(key="audit_apbnp_2016").click()
    run(at)
    assert at.sidebar.selectbox(key="f_tahun").value == 2016
    assert at.multiselect(key="audit_tahun").value == [2016]
    assert not any("tidak memiliki tambahan APBN-P" in str(info.value) for info in at.info)
    shown = result(at)
    # The five largest additions (ties at the fifth kept), the largest first, the amount right after the name.
    assert shown.columns.tolist()[:3] == ["Nama UPT", "Tambahan APBN-P", "Tahun"]
    assert shown["Nama UPT"].tolist()[:2] == ["Lapas Kelas IIA Cikarang", "Lapas Kelas IIA Kuningan"]
    amounts = shown["Tambahan APBN-P"].tolist()
    assert amounts == sorted(amounts, reverse=True) and amounts[0] == 9e9 and len(amounts) == 7
    assert not [c for c in shown.columns if "_" in str(c)]  # labels, not column names


def test_result_follows_the_pagu_with_the_pagu_after_the_name(at):
    shown = result(at)
    assert shown.columns.tolist()[:2] == ["Nama UPT", "Pagu efektif"]
    pagu = shown["Pagu efektif"].tolist()
    assert pagu == sorted(pagu, reverse=True)
    assert any("Urutan: Pagu efektif terbesar dahulu, lalu nama UPT." in str(c.value) for c in at.caption)
