"""Profil UPT: one unit over the years — production, participation, budget, PNBP, flags, peers, and its HTML report."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, report, ui, views

ui.within_frame()

FACTS = ("nilai_produksi_rp", "capaian_pnbp", "tingkat_partisipasi", "okupansi", "penyerapan", "skor_risiko")


def render() -> None:
    filters = ui.current_filters()
    if filters is None:
        ui.no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return
    inputs = ui.metric_inputs()
    units = filters.units(inputs.upt)
    if units.empty:
        st.caption(filters.label)
        ui.no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return
    kode = ui.upt_picker(views.picker_order(units), key="f_upt", label="UPT")
    if kode is None:
        ui.no_data()
        return
    history = views.unit_years(ui.figures(), kode)
    unit_name = views.unit_name(units, kode)
    st.caption(f"{unit_name} · {filters.label}")
    tahun = filters.tahun
    if views.year_rows(history, tahun, [kode]).empty:
        ui.no_data(f"{unit_name} belum memiliki data untuk TA {tahun}.")
        return
    facts = views.kpi_cards(history, tahun, FACTS)
    ui.kpi_row(facts, per_row=3, description=f"vs TA {tahun - 1}")

    sections: list[report.Section] = []

    st.subheader(f"🚩 Bendera audit TA {tahun}")
    reasons = views.unit_reasons(ui.flag_reasons(), kode, tahun)
    if reasons.empty:
        st.success("Tidak ada bendera audit yang menyala.", icon="✅")
    else:
        for item in reasons.itertuples(index=False):
            st.markdown(f"- **{item.label}** — {item.kalimat}")
    sections.append(
        report.Section(
            f"Bendera audit TA {tahun}",
            items=[f"{item.label}: {item.kalimat}" for item in reasons.itertuples(index=False)],
            empty_text="Tidak ada bendera audit yang menyala.",
        )
    )

    st.subheader("🏭 Produksi per bidang dan produk")
    products = ui.product_totals(history["tahun"].tolist(), [kode])
    by_bidang = views.production_by_bidang(products)
    if not views.has_values(by_bidang, ["nilai_produksi_rp"]):
        ui.no_data(f"{unit_name} tidak mencatat produksi.")
    else:
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
        sections.append(report.Section("Nilai produksi per bidang", figure=figure))
        top = views.top_products(ui.product_totals([tahun], [kode]))
        if top.empty:
            ui.no_data(f"Tidak ada produksi pada TA {tahun}.")
        else:
            st.markdown(f"**Produk TA {tahun}**")
            ui.table(top.drop(columns="jumlah_upt"), key="pf_produk", file_name=f"produk_{kode}_{tahun}.csv")
            sections.append(
                report.Section(f"Produk TA {tahun}", table=views.text_table(top.drop(columns="jumlah_upt")))
            )

    st.subheader("👷 Partisipasi kerja dan okupansi")
    columns = {
        "tingkat_partisipasi": "Tingkat partisipasi",
        "partisipasi_iku": "Partisipasi IKU",
        "okupansi": "Okupansi",
    }
    if views.has_values(history, columns):
        figure = charts.category_lines(
            history, "tahun", columns, views.PCT, "Partisipasi kerja dan okupansi per tahun", "Persentase", "Tahun"
        )
        ui.chart(figure, key="pf_partisipasi")
        sections.append(report.Section("Partisipasi kerja dan okupansi", figure=figure))
    else:
        ui.no_data("Belum ada laporan partisipasi.")

    st.subheader("💰 Anggaran")
    left, right = st.columns(2)
    budget = {"pagu_awal_rp": "Pagu awal", "pagu_apbnp_rp": "Pagu setelah APBN-P", "realisasi_rp": "Realisasi"}
    with left:
        if views.has_values(history, budget):
            figure = charts.grouped_bars(
                history, "tahun", budget, views.RP, "Pagu dan realisasi per tahun", "Anggaran", "Tahun"
            )
            ui.chart(figure, key="pf_anggaran")
            sections.append(report.Section("Pagu dan realisasi per tahun", figure=figure))
        else:
            ui.no_data("Belum ada data anggaran.")
    with right:
        absorption = ui.monthly("anggaran", [tahun], [kode])
        curves = {"penyerapan_kumulatif": "Realisasi kumulatif", "rencana_kumulatif": "Rencana (RPD) kumulatif"}
        if views.has_values(absorption, curves):
            figure = charts.monthly_lines(
                absorption, curves, views.PCT, f"Penyerapan kumulatif TA {tahun} terhadap RPD", "Persen pagu efektif"
            )
            ui.chart(figure, key="pf_penyerapan")
            sections.append(report.Section(f"Penyerapan kumulatif TA {tahun}", figure=figure))
        else:
            ui.no_data(f"Belum ada realisasi pada TA {tahun}.")

    st.subheader("🧾 PNBP terhadap target")
    pnbp = {"pnbp_rp": "PNBP disetor", "target_pnbp_rp": "Target PNBP"}
    if views.has_values(history, pnbp):
        figure = charts.grouped_bars(
            history, "tahun", pnbp, views.RP, "PNBP disetor dan target per tahun", "PNBP", "Tahun"
        )
        ui.chart(figure, key="pf_pnbp")
        sections.append(report.Section("PNBP disetor dan target", figure=figure))
    else:
        ui.no_data(f"{unit_name} tidak menyetor PNBP dan tidak memiliki target PNBP.")

    st.subheader(f"📏 Dibandingkan median kanwil, TA {tahun}")
    comparison = views.peer_comparison(ui.figures(), kode, tahun)
    if comparison["selisih"].notna().any():
        figure = charts.peer_chart(comparison, f"{unit_name} terhadap median pembanding, TA {tahun}")
        ui.chart(figure, key="pf_median")
        sections.append(
            report.Section(
                f"Dibandingkan median kanwil, TA {tahun}", figure=figure, table=views.peer_table(comparison, short=True)
            )
        )
    else:
        ui.no_data("Belum ada pembanding untuk tahun ini.")
    st.caption("Hijau: lebih baik dari median; merah: lebih buruk; abu-abu: tidak baik atau buruk (mis. besar pagu).")
    st.dataframe(views.peer_table(comparison), key="pf_median_tabel", hide_index=True, width="stretch")
    ui.download_csv(comparison.drop(columns=["label", "better"]), f"median_{kode}_{tahun}.csv", key="pf_median_csv")

    st.subheader("📋 Angka per tahun")
    yearly = views.unit_table(history, ["tahun", *FACTS, *views.KPI_FIGURES, "kelengkapan"])
    ui.table(yearly.drop(columns=["kode_upt", "nama_upt"]), key="pf_tahunan", file_name=f"profil_{kode}.csv")
    key_figures = views.unit_table(history, ["tahun", *FACTS]).drop(columns=["kode_upt", "nama_upt"])
    sections.append(report.Section("Angka per tahun", table=views.text_table(key_figures, short=True)))

    st.divider()
    demo = ui.is_demo_data()
    facts_text = [(card.label, card.value) for card in facts]
    subtitle = f"{kode} · {filters.label}"
    ui.download_html(
        lambda: report.upt_report(f"Profil UPT — {unit_name}", subtitle, facts_text, sections, demo=demo),
        file_name=f"profil_{kode}_{tahun}.html",
        key="pf_laporan",
    )
    st.caption("Laporan HTML mandiri: grafik interaktif, bisa dibuka tanpa internet, dan dicetak rapi di kertas A4.")


st.title("🏢 Profil UPT")
with ui.friendly_errors():
    render()
