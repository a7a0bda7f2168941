"""Partisipasi WBP: work participation (and its IKU form), training and certificates, premi, occupancy per UPT."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, ui, views

ui.within_frame()

CARDS = (
    "tingkat_partisipasi",
    "partisipasi_iku",
    "wbp_bekerja_rata2",
    "okupansi",
    "wbp_pelatihan",
    "wbp_bersertifikat",
    "premi_rp",
    "premi_per_wbp_bulan_rp",
)


SHARES = {"tingkat_partisipasi": "Tingkat partisipasi", "partisipasi_iku": "Partisipasi IKU"}
TABLE = (
    "penghuni_rata2",
    "okupansi",
    "wbp_bekerja_rata2",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "wbp_pelatihan",
    "wbp_bersertifikat",
    "premi_rp",
    "premi_per_wbp_bulan_rp",
)


def monthly_participation(scope: ui.Scope) -> None:
    tahun = scope.filters.tahun
    monthly = ui.trend("partisipasi", tahun, scope.codes)
    figure = charts.monthly_lines(monthly, SHARES, views.PCT, "Partisipasi kerja WBP per bulan", "Persentase")
    ui.chart(figure, key="pa_bulanan")
    st.caption(
        "Tingkat partisipasi = WBP bekerja / penghuni; partisipasi IKU = WBP bekerja / napi asimilasi. "
        + ui.trend_caption(scope)
    )


def participation_and_occupancy(scope: ui.Scope) -> None:
    rows = scope.rows
    st.subheader("Per UPT")
    shares, cut = views.top_rows(views.unit_table(rows, list(SHARES), order_by="tingkat_partisipasi"))
    figure = charts.grouped_bars(
        shares,
        "nama_upt",
        SHARES,
        views.PCT,
        f"Partisipasi kerja per UPT, {scope.period}{cut}",
        "Persentase",
        horizontal=True,
    )
    ui.chart(figure, key="pa_upt")

    ranked, cut = views.top_rows(views.ranking(rows, "okupansi"))
    figure = charts.ranking_bar(
        ranked,
        "nilai",
        f"Okupansi per UPT, {scope.period}{cut}",
        "Penghuni / kapasitas",
        views.PCT,
        reference=1.0,
        reference_label="kapasitas 100 %",
    )
    ui.chart(figure, key="pa_okupansi")
    st.caption(
        f"{views.count_above(rows, 'okupansi', 1.0)} dari {len(rows)} UPT menampung penghuni melebihi kapasitas."
    )


def training_and_premi(scope: ui.Scope) -> None:
    rows = scope.rows
    training, cut = views.top_rows(
        views.unit_table(rows, ["wbp_pelatihan", "wbp_bersertifikat"], order_by="wbp_pelatihan")
    )
    figure = charts.grouped_bars(
        training,
        "nama_upt",
        {"wbp_pelatihan": "Ikut pelatihan", "wbp_bersertifikat": "Bersertifikat"},
        views.COUNT,
        f"Pelatihan dan sertifikat WBP, {scope.period}{cut}",
        "WBP",
        horizontal=True,
    )
    ui.chart(figure, key="pa_pelatihan")

    ranked, cut = views.top_rows(views.ranking(rows, "premi_per_wbp_bulan_rp"))
    figure = charts.ranking_bar(
        ranked, "nilai", f"Premi per WBP bekerja per bulan, {scope.period}{cut}", "Premi per WBP per bulan", views.RP
    )
    ui.chart(figure, key="pa_premi")


def render() -> None:
    scope = ui.page_scope()
    if scope is None:
        return
    tahun = scope.filters.tahun
    if not views.has_values(scope.rows, ["penghuni_rata2", "wbp_bekerja_rata2"]):
        ui.no_data(f"UPT terpilih belum mengirim laporan partisipasi untuk TA {tahun}.")
        return
    ui.year_cards(scope, CARDS)
    monthly_participation(scope)
    participation_and_occupancy(scope)
    training_and_premi(scope)
    ui.table_per_unit(
        scope, "📋 Tabel partisipasi per UPT", TABLE, key="pa_tabel", file_name=f"partisipasi_{tahun}.csv"
    )


st.title("👷 Partisipasi WBP")
with ui.friendly_errors():
    render()
