"""Anggaran: pagu awal, APBN-P and realisasi per UPT, cumulative absorption, year-end spending and RPD deviation."""

from __future__ import annotations

import dataclasses

import streamlit as st

from lapas_metrics import charts, ui, views

ui.within_frame()

CARDS = (
    "pagu_awal_rp",
    "pagu_efektif_rp",
    "realisasi_rp",
    "penyerapan",
    "tambahan_apbnp_rp",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
)
CURVES = 5  # units whose own curve is drawn by default: the lowest absorption
TABLE = (
    "pagu_awal_rp",
    "tambahan_apbnp_rp",
    "pagu_apbnp_rp",
    "pagu_efektif_rp",
    "realisasi_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
)


def budget_bars(scope: ui.Scope) -> None:
    """Pagu awal, APBN-P and realisasi per UPT, and the APBN-P changes."""
    rows, tahun = scope.rows, scope.filters.tahun
    st.subheader("Pagu dan realisasi per UPT")
    series = views.budget_series(rows)
    budget, cut = views.top_rows(views.unit_table(rows, list(series), order_by="pagu_apbnp_rp"))
    title = "Pagu awal, pagu setelah APBN-P dan realisasi" if len(series) == 3 else "Pagu awal dan realisasi"
    figure = charts.grouped_bars(
        budget, "nama_upt", series, views.RP, f"{title}, {scope.period}{cut}", "Anggaran", horizontal=True
    )
    ui.chart(figure, key="ag_pagu")

    changed = views.ranking(views.nonzero(rows, "tambahan_apbnp_rp"), "tambahan_apbnp_rp")
    if changed.empty:
        st.info(f"Tidak ada perubahan pagu lewat APBN-P pada TA {tahun} untuk UPT terpilih.", icon="ℹ️")
        return
    changed, cut = views.top_rows(changed)
    figure = charts.ranking_bar(
        changed, "nilai", f"Tambahan APBN-P per UPT, {scope.period}{cut}", "Tambahan APBN-P", views.RP
    )
    ui.chart(figure, key="ag_apbnp")
    st.caption("Nilai negatif berarti pagu dipotong pada APBN-P.")


def absorption_curves(scope: ui.Scope) -> None:
    """Cumulative absorption of all chosen units against plan, and the curves of the units compared."""
    tahun = scope.filters.tahun
    st.subheader("Penyerapan kumulatif bulanan")
    left, right = st.columns(2)
    with left:
        absorption = ui.trend("anggaran", tahun, scope.codes)
        figure = charts.monthly_lines(
            absorption,
            {"penyerapan_kumulatif": "Realisasi", "rencana_kumulatif": "Rencana (RPD)"},
            views.PCT,
            "Penyerapan kumulatif seluruh UPT terpilih",
            "Persen pagu efektif",
        )
        ui.chart(figure, key="ag_kumulatif")
        st.caption(ui.trend_caption(scope, "; titik-titik: rencana (RPD)"))
    with right:
        compared_curves(scope)


@ui.section  # choosing the units reruns their curves alone
def compared_curves(scope: ui.Scope) -> None:
    rows, tahun = scope.rows, scope.filters.tahun
    lowest = views.ranking(rows, "penyerapan", lowest_first=True)
    chosen = ui.upt_multiselect(
        rows, lowest["kode_upt"].head(CURVES).tolist(), key="ag_upt_kurva", label="UPT yang dibandingkan"
    )
    per_unit = (
        views.with_names(ui.monthly("anggaran", [tahun], chosen, per_upt=True), scope.inputs.upt) if chosen else None
    )
    if per_unit is None or per_unit.empty:
        ui.no_data("Pilih satu atau beberapa UPT untuk melihat kurva penyerapannya.")
        return
    figure = charts.monthly_lines(
        per_unit,
        {"penyerapan_kumulatif": "Realisasi"},
        views.PCT,
        f"Penyerapan kumulatif per UPT, {scope.period}",
        "Persen pagu efektif",
        group="nama_upt",
    )
    ui.chart(figure, key="ag_kurva_upt")
    st.caption(f"Bawaan: {CURVES} UPT dengan penyerapan terendah.")


def threshold_ranking(scope: ui.Scope, name: str, flag: str, title: str, axis: str, key: str) -> None:
    """The units ranked by `name`, with the threshold of the audit flag `flag` as a red line."""
    ranked, cut = views.top_rows(views.ranking(scope.rows, name))
    limit = ui.audit_config().thresholds[flag]
    figure = charts.ranking_bar(
        ranked,
        "nilai",
        f"{title}, {scope.period}{cut}",
        axis,
        views.PCT,
        reference=limit,
        reference_label=f"batas {views.format_value(limit, views.PCT)}",
    )
    ui.chart(figure, key=key)


def spending_pattern(scope: ui.Scope) -> None:
    """Year-end concentration and deviation from the RPD per UPT."""
    st.subheader("Pola penarikan dana")
    threshold_ranking(
        scope,
        "konsentrasi_akhir_tahun",
        "lonjakan_akhir_tahun",
        "Realisasi November–Desember per UPT",
        "Bagian realisasi setahun",
        key="ag_konsentrasi",
    )
    threshold_ranking(
        scope,
        "deviasi_rpd",
        "deviasi_rpd_tinggi",
        "Deviasi realisasi dari RPD per UPT",
        "Deviasi rata-rata",
        key="ag_deviasi",
    )
    st.caption("Garis merah: batas bendera audit (dapat diubah auditor di Ruang Audit).")


def render() -> None:
    scope = ui.page_scope()
    if scope is None:
        return
    scope = dataclasses.replace(scope, rows=views.with_budget_columns(scope.rows))
    tahun = scope.filters.tahun
    if not views.has_values(scope.rows, ["pagu_awal_rp", "realisasi_rp"]):
        ui.no_data(f"Belum ada data pagu atau realisasi untuk UPT terpilih pada TA {tahun}.")
        return
    ui.year_cards(scope, CARDS)
    budget_bars(scope)
    absorption_curves(scope)
    spending_pattern(scope)
    ui.table_per_unit(scope, "📋 Tabel anggaran per UPT", TABLE, key="ag_tabel", file_name=f"anggaran_{tahun}.csv")


st.title("💰 Anggaran")
with ui.friendly_errors():
    render()
