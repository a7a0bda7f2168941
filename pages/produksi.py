"""Produksi: production by bidang, product and UPT, and production per rupiah spent."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, ui, views

ui.within_frame()

CARDS = ("nilai_produksi_rp", "nilai_penjualan_rp", "pnbp_rp", "produksi_per_rupiah")
TOP_PRODUCTS = 15


TABLE = (
    "nilai_produksi_rp",
    "nilai_penjualan_rp",
    "pertumbuhan_produksi",
    "produksi_per_rupiah",
    "pnbp_rp",
    "capaian_pnbp",
)


def bidang_and_months(scope: ui.Scope) -> None:
    tahun = scope.filters.tahun
    products = ui.product_totals([tahun], scope.codes)
    left, right = st.columns(2)
    with left:
        figure = charts.production_treemap(products, f"Nilai produksi per bidang dan produk, {scope.period}")
        ui.chart(figure, key="pr_treemap")
    with right:
        monthly = ui.monthly("produksi", [tahun], scope.codes)
        figure = charts.stacked_bars(
            monthly,
            "periode",
            "bidang",
            "nilai_produksi_rp",
            views.RP,
            f"Nilai produksi bulanan per bidang, {scope.period}",
            "Nilai produksi",
            "Bulan",
            months=True,
        )
        ui.chart(figure, key="pr_bulanan")


def top_products(scope: ui.Scope) -> None:
    tahun = scope.filters.tahun
    st.subheader("Produk dengan nilai produksi terbesar")
    top = views.top_products(ui.product_totals([tahun], scope.codes))
    shown = views.with_product_labels(top.head(TOP_PRODUCTS))
    figure = charts.ranking_bar(
        shown,
        "nilai_produksi_rp",
        f"{len(shown)} produk teratas, {scope.period}",
        "Nilai produksi",
        views.RP,
        label_column="label",
    )
    ui.chart(figure, key="pr_produk")
    all_products(scope, len(top))


@ui.section
def all_products(scope: ui.Scope, count: int) -> None:
    box = ui.on_open(f"📋 Semua produk ({count})", key="pr_produk_buka")
    if box is not None:
        tahun = scope.filters.tahun
        with box:
            ui.table(
                views.top_products(ui.product_totals([tahun], scope.codes)),
                key="pr_produk_tabel",
                file_name=f"produk_{tahun}.csv",
            )


def production_per_unit(scope: ui.Scope) -> None:
    rows, tahun = scope.rows, scope.filters.tahun
    st.subheader("Produksi per UPT")
    makers = views.producing(rows)
    ranked, cut = views.top_rows(views.ranking(makers, "nilai_produksi_rp"))
    figure = charts.ranking_bar(ranked, "nilai", f"Nilai produksi per UPT, TA {tahun}{cut}", "Nilai produksi", views.RP)
    ui.chart(figure, key="pr_upt")
    ranked, cut = views.top_rows(views.ranking(makers, "produksi_per_rupiah"))
    figure = charts.ranking_bar(
        ranked,
        "nilai",
        f"Nilai produksi per rupiah belanja, TA {tahun}{cut}",
        "Nilai produksi per Rp 1 belanja",
        views.RATIO,
    )
    ui.chart(figure, key="pr_per_rupiah")
    st.caption(
        f"{len(makers)} dari {len(rows)} UPT mencatat produksi. Produksi per rupiah = nilai produksi dibagi "
        "realisasi belanja UPT (Rp per Rp 1)."
    )
    ui.table_per_unit(
        scope, "📋 Tabel produksi per UPT", TABLE, key="pr_upt_tabel", file_name=f"produksi_upt_{tahun}.csv"
    )


def render() -> None:
    scope = ui.page_scope()
    if scope is None:
        return
    tahun = scope.filters.tahun
    if not views.has_values(ui.product_totals([tahun], scope.codes), ["nilai_produksi_rp"]):
        ui.no_data(f"UPT terpilih tidak mencatat produksi pada TA {tahun}.")
        return
    ui.year_cards(scope, CARDS)
    bidang_and_months(scope)
    top_products(scope)
    production_per_unit(scope)


st.title("🏭 Produksi")
with ui.friendly_errors():
    render()
