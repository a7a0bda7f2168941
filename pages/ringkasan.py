"""Ringkasan: the kanwil at a glance — KPI cards against last year, a ranking of UPTs, monthly trends, units at risk."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, fmt, ui, views

ui.within_frame()

# The three monthly trends: series, figure, legend, unit, title, axis, chart key, sentence when empty.
TRENDS = (
    (
        "produksi",
        "nilai_produksi_rp",
        "Nilai produksi",
        views.RP,
        "Nilai produksi per bulan",
        "Nilai produksi",
        "tr_produksi",
        "Tidak ada produksi tercatat untuk UPT terpilih.",
    ),
    (
        "partisipasi",
        "tingkat_partisipasi",
        "Partisipasi",
        views.PCT,
        "Tingkat partisipasi kerja per bulan",
        "WBP bekerja / penghuni",
        "tr_partisipasi",
        "Tidak ada laporan partisipasi untuk UPT terpilih.",
    ),
    (
        "anggaran",
        "penyerapan_kumulatif",
        "Realisasi",
        views.PCT,
        "Penyerapan anggaran kumulatif",
        "Realisasi / pagu efektif",
        "tr_penyerapan",
        "Tidak ada realisasi anggaran untuk UPT terpilih.",
    ),
)


def key_figures(scope: ui.Scope) -> None:
    st.subheader(f"Angka utama {scope.period}")
    ui.year_cards(scope)
    st.caption(
        f"{len(scope.codes)} UPT. Rasio dihitung dari jumlah seluruh UPT terpilih, bukan rata-rata rasio per UPT."
    )


@ui.section  # the sort order reruns the ranking alone
def unit_ranking(scope: ui.Scope) -> None:
    rows, tahun = scope.rows, scope.filters.tahun
    st.subheader("Peringkat UPT")
    left, right = st.columns([3, 1])
    name = left.selectbox("Urutkan menurut", views.RANKING_FIGURES, format_func=views.label, key="rk_angka")
    order = right.radio("Urutan", ["Tertinggi", "Terendah"], horizontal=True, key="rk_urutan")
    ranked = views.ranking(rows, name, lowest_first=order == "Terendah")
    label = views.label(name)
    if ranked.empty:
        ui.no_data(f"Belum ada angka {label.lower()} untuk UPT terpilih pada TA {tahun}.")
        return
    shown, cut = views.top_rows(ranked)
    title = f"{label} per UPT, {scope.period}{cut}"
    ui.chart(charts.ranking_bar(shown, "nilai", title, label, views.kind(name)), key="rk_chart")
    if len(ranked) < len(rows):
        st.caption(f"{len(rows) - len(ranked)} UPT tidak memiliki angka {label.lower()} pada tahun ini.")


def monthly_trends(scope: ui.Scope) -> None:
    tahun = scope.filters.tahun
    st.subheader("Tren bulanan")
    frames = {
        "produksi": views.monthly_total(ui.trend("produksi", tahun, scope.codes)),
        "partisipasi": ui.trend("partisipasi", tahun, scope.codes),
        "anggaran": ui.trend("anggaran", tahun, scope.codes),
    }
    for column, (series, figure_name, legend, unit, title, axis, key, empty) in zip(st.columns(3), TRENDS, strict=True):
        with column:
            if views.has_values(frames[series], [figure_name]):
                figure = charts.monthly_lines(frames[series], {figure_name: legend}, unit, title, axis, compact=True)
                ui.chart(figure, key=key)
            else:
                ui.no_data(empty)
    st.caption(ui.trend_caption(scope))


def units_at_risk(scope: ui.Scope) -> None:
    st.subheader("UPT yang perlu perhatian")
    risk = views.top_risk(scope.rows, n=5)
    if risk.empty:
        st.success(f"Tidak ada UPT dengan bendera audit berbobot pada TA {scope.filters.tahun}.", icon="✅")
        return
    st.caption("Skor risiko 0–100 dari bendera audit yang menyala. Klik nama UPT untuk membuka profilnya.")
    for item in risk.itertuples(index=False):
        with st.container(border=True):
            name_column, score_column, flag_column = st.columns([3, 1, 5], vertical_alignment="center")
            name_column.page_link(
                "pages/profil_upt.py", label=fmt.plain(item.nama_upt), icon="🏢", query_params={"upt": item.kode_upt}
            )
            score_column.markdown(f"**Skor {views.format_figure('skor_risiko', item.skor_risiko)}**")
            flag_column.markdown(f"⚠️ {fmt.plain(item.bendera)}")


def render() -> None:
    scope = ui.page_scope()
    if scope is None:
        return
    key_figures(scope)
    unit_ranking(scope)
    monthly_trends(scope)
    units_at_risk(scope)
    ui.table_per_unit(
        scope,
        "📋 Tabel angka per UPT",
        ["skor_risiko", *views.KPI_FIGURES, "kelengkapan"],
        key="rk_tabel",
        file_name=f"ringkasan_{scope.filters.tahun}.csv",
    )


st.title("📊 Ringkasan")
with ui.friendly_errors():
    render()
