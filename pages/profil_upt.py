"""Profil UPT: one unit over the years — production, participation, budget, PNBP, flags, peers, and its HTML report."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, fmt, report, ui, views

ui.within_frame()

FACTS = ("nilai_produksi_rp", "capaian_pnbp", "tingkat_partisipasi", "okupansi", "penyerapan", "skor_risiko")
NO_FLAG = "Tidak ada bendera audit yang menyala."

# Each section draws itself and returns what the HTML report repeats of it.


def flags(unit: ui.UnitScope) -> list[report.Section]:
    tahun = unit.filters.tahun
    st.subheader(f"🚩 Bendera audit {unit.period}")
    reasons = views.unit_reasons(ui.flag_reasons(), unit.kode, tahun)
    if reasons.empty:
        st.success(NO_FLAG, icon="✅")
    else:
        for item in reasons.itertuples(index=False):
            st.markdown(f"- **{item.label}** — {fmt.plain(item.kalimat)}")
    items = [f"{item.label}: {item.kalimat}" for item in reasons.itertuples(index=False)]
    return [report.Section(f"Bendera audit {unit.period}", items=items, empty_text=NO_FLAG)]


def findings(unit: ui.UnitScope) -> list[report.Section]:
    current = ui.actor()
    if current is None:
        return []
    return ui.unit_findings_section(current, unit.kode, ui.as_of_date())


def production(unit: ui.UnitScope) -> list[report.Section]:
    kode, tahun = unit.kode, unit.filters.tahun
    st.subheader("🏭 Produksi per bidang dan produk")
    by_bidang = views.production_by_bidang(ui.product_totals(unit.history["tahun"].tolist(), [kode]))
    if not views.has_values(by_bidang, ["nilai_produksi_rp"]):
        ui.no_data(f"{fmt.plain(unit.name)} tidak mencatat produksi.")
        return []
    figure = charts.stacked_bars(
        by_bidang,
        "tahun",
        "bidang",
        "nilai_produksi_rp",
        views.RP,
        "Nilai produksi per bidang",
        "Nilai produksi",
        "Tahun",
    )
    ui.chart(figure, key="pf_produksi")
    sections = [report.Section("Nilai produksi per bidang", figure=figure)]
    top = views.top_products(ui.product_totals([tahun], [kode]))
    if top.empty:
        ui.no_data(f"Tidak ada produksi pada TA {tahun}.")
        return sections
    products = top.drop(columns="jumlah_upt")
    st.markdown(f"**Produk {unit.period}**")
    ui.table(products, key="pf_produk", file_name=f"produk_{kode}_{tahun}.csv")
    return [*sections, report.Section(f"Produk {unit.period}", table=views.text_table(products))]


def participation(unit: ui.UnitScope) -> list[report.Section]:
    st.subheader("👷 Partisipasi kerja dan okupansi")
    lines = {"tingkat_partisipasi": "Tingkat partisipasi", "partisipasi_iku": "Partisipasi IKU", "okupansi": "Okupansi"}
    if not views.has_values(unit.history, lines):
        ui.no_data("Belum ada laporan partisipasi.")
        return []
    figure = charts.category_lines(
        unit.history, "tahun", lines, views.PCT, "Partisipasi kerja dan okupansi per tahun", "Persentase", "Tahun"
    )
    ui.chart(figure, key="pf_partisipasi")
    return [report.Section("Partisipasi kerja dan okupansi", figure=figure)]


def budget(unit: ui.UnitScope) -> list[report.Section]:
    tahun, history = unit.filters.tahun, unit.history
    st.subheader("💰 Anggaran")
    sections = []
    left, right = st.columns(2)
    bars = {"pagu_awal_rp": "Pagu awal", "pagu_apbnp_rp": "Pagu setelah APBN-P", "realisasi_rp": "Realisasi"}
    with left:
        if views.has_values(history, bars):
            figure = charts.grouped_bars(
                history, "tahun", bars, views.RP, "Pagu dan realisasi per tahun", "Anggaran", "Tahun"
            )
            ui.chart(figure, key="pf_anggaran")
            sections.append(report.Section("Pagu dan realisasi per tahun", figure=figure))
        else:
            ui.no_data("Belum ada data anggaran.")
    with right:
        absorption = ui.monthly("anggaran", [tahun], [unit.kode])
        curves = {"penyerapan_kumulatif": "Realisasi kumulatif", "rencana_kumulatif": "Rencana (RPD) kumulatif"}
        if views.has_values(absorption, curves):
            figure = charts.monthly_lines(
                absorption, curves, views.PCT, f"Penyerapan kumulatif {unit.period} terhadap RPD", "Persen pagu efektif"
            )
            ui.chart(figure, key="pf_penyerapan")
            sections.append(report.Section(f"Penyerapan kumulatif {unit.period}", figure=figure))
        else:
            ui.no_data(f"Belum ada realisasi pada TA {tahun}.")
    return sections


def pnbp(unit: ui.UnitScope) -> list[report.Section]:
    st.subheader("🧾 PNBP terhadap target")
    bars = {"pnbp_rp": "PNBP disetor", "target_pnbp_rp": "Target PNBP"}
    if not views.has_values(unit.history, bars):
        ui.no_data(f"{fmt.plain(unit.name)} tidak menyetor PNBP dan tidak memiliki target PNBP.")
        return []
    figure = charts.grouped_bars(
        unit.history, "tahun", bars, views.RP, "PNBP disetor dan target per tahun", "PNBP", "Tahun"
    )
    ui.chart(figure, key="pf_pnbp")
    return [report.Section("PNBP disetor dan target", figure=figure)]


def peers(unit: ui.UnitScope) -> list[report.Section]:
    kode, tahun = unit.kode, unit.filters.tahun
    st.subheader(f"📏 Dibandingkan median kanwil, {unit.period}")
    comparison = views.peer_comparison(ui.figures(), kode, tahun)
    sections = []
    if comparison["selisih"].notna().any():
        figure = charts.peer_chart(comparison, f"{unit.name} terhadap median pembanding, {unit.period}")
        ui.chart(figure, key="pf_median")
        table = views.peer_table(comparison, short=True)
        sections.append(report.Section(f"Dibandingkan median kanwil, {unit.period}", figure=figure, table=table))
    else:
        ui.no_data("Belum ada pembanding untuk tahun ini.")
    st.caption("Hijau: lebih baik dari median; merah: lebih buruk; abu-abu: tidak baik atau buruk (mis. besar pagu).")
    st.dataframe(
        views.peer_table(comparison), key="pf_median_tabel", hide_index=True, placeholder=fmt.MISSING, width="stretch"
    )
    ui.download_csv(comparison.drop(columns=["label", "better"]), f"median_{kode}_{tahun}.csv", key="pf_median_csv")
    return sections


def yearly(unit: ui.UnitScope) -> list[report.Section]:
    st.subheader("📋 Angka per tahun")
    every = views.unit_table(unit.history, ["tahun", *FACTS, *views.KPI_FIGURES, "kelengkapan"])
    ui.table(every.drop(columns=["kode_upt", "nama_upt"]), key="pf_tahunan", file_name=f"profil_{unit.kode}.csv")
    key_figures = views.unit_table(unit.history, ["tahun", *FACTS]).drop(columns=["kode_upt", "nama_upt"])
    return [report.Section("Angka per tahun", table=views.text_table(key_figures, short=True))]


def report_download(unit: ui.UnitScope, facts: list[views.Card], sections: list[report.Section]) -> None:
    demo = ui.is_demo_data()
    facts_text = [(card.label, card.value) for card in facts]
    title, subtitle = f"Profil UPT — {unit.name}", f"{unit.kode} · {unit.filters.label}"
    ui.download_html(
        lambda: report.upt_report(
            title,
            subtitle,
            facts_text,
            sections,
            demo=demo,
            paper=ui.paper_info(title, unit.name, unit.period),
            signers=ui.signers(),
        ),
        file_name=f"profil_{unit.kode}_{unit.filters.tahun}.html",
        key="pf_laporan",
    )
    st.caption("Laporan HTML mandiri: grafik interaktif, bisa dibuka tanpa internet, dan dicetak rapi di kertas A4.")


def render() -> None:
    unit = ui.unit_scope()
    if unit is None:
        return
    facts = ui.unit_cards(unit, FACTS)
    current = ui.actor()
    if current is not None:
        ui.latest_evaluation(unit.kode, current)
    sections = [
        *flags(unit),
        *findings(unit),
        *production(unit),
        *participation(unit),
        *budget(unit),
        *pnbp(unit),
        *peers(unit),
        *yearly(unit),
    ]
    st.divider()
    report_download(unit, facts, sections)


st.title("🏢 Profil UPT")
with ui.friendly_errors():
    render()
