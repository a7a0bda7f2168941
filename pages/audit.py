"""Ruang Audit: choose audit targets by budget and flags, see why a unit stands out, export the working paper."""

from __future__ import annotations

import streamlit as st
from pandas import DataFrame, Series

from lapas_metrics import audit, charts, fmt, metrics, ui, views

ui.within_frame()


def unit_header(row: Series) -> None:
    """The chosen UPT-year: its name, kind and four key figures."""
    st.subheader(f"📌 {fmt.plain(row['nama_upt'])} · TA {int(row['tahun'])}")
    kind = "Lapas Industri" if row["lapas_industri"] else row["jenis"]
    st.caption(" · ".join(fmt.plain(part) for part in (row["kode_upt"], row["kanwil"], kind)))
    cards = st.columns(4)
    ui.kpi(
        cards[0],
        "Skor risiko",
        views.format_figure("skor_risiko", row["skor_risiko"]),
        help=views.FIGURES["skor_risiko"].help,
    )
    ui.kpi(cards[1], "Pagu efektif", views.format_figure("pagu_efektif_rp", row["pagu_efektif_rp"]))
    ui.kpi(cards[2], "Penyerapan anggaran", views.format_figure("penyerapan", row["penyerapan"]))
    ui.kpi(
        cards[3], "Realisasi Nov–Des", views.format_figure("konsentrasi_akhir_tahun", row["konsentrasi_akhir_tahun"])
    )


def absorption_and_budget(figures: DataFrame, kode: str, tahun: int) -> None:
    """Absorption against RPD in the year, and production against budget over the years."""
    history = views.unit_years(figures, kode)
    left, right = st.columns(2)
    with left:
        absorption = ui.monthly("anggaran", [tahun], [kode])
        curves = {"penyerapan_kumulatif": "Realisasi kumulatif", "rencana_kumulatif": "Rencana (RPD) kumulatif"}
        if views.has_values(absorption, curves):
            figure = charts.monthly_lines(
                absorption, curves, views.PCT, f"Penyerapan kumulatif TA {tahun} terhadap RPD", "Persen pagu efektif"
            )
            ui.chart(figure, key="au_penyerapan")
        else:
            ui.no_data(f"Belum ada realisasi pada TA {tahun}.")
    with right:
        budget = {"pagu_efektif_rp": "Pagu efektif", "realisasi_rp": "Realisasi"}
        title = "Pagu efektif dan realisasi per tahun (tidak ada produksi tercatat)"
        if views.has_values(history, ["nilai_produksi_rp"]):
            budget["nilai_produksi_rp"] = "Nilai produksi"
            title = "Produksi terhadap anggaran per tahun"
        if views.has_values(history, budget):
            figure = charts.grouped_bars(history, "tahun", budget, views.RP, title, "Rupiah", "Tahun")
            ui.chart(figure, key="au_produksi")
        else:
            ui.no_data("Belum ada data anggaran atau produksi.")


def productivity(figures: DataFrame, kode: str, nama: str, config: metrics.AuditConfig) -> None:
    history = audit.productivity_history(figures, kode, config)
    if not views.has_values(history, ["produksi_per_rupiah", "median"]):
        return
    lines = {
        "produksi_per_rupiah": nama,
        "median": "Median Lapas Industri se-kanwil",
        "batas": "Batas bendera produktivitas rendah",
    }
    figure = charts.category_lines(
        history,
        "tahun",
        lines,
        views.RATIO,
        "Nilai produksi per rupiah realisasi belanja",
        "Produksi per rupiah",
        "Tahun",
    )
    ui.chart(figure, key="au_produktivitas")


def peers(figures: DataFrame, kode: str, nama: str, tahun: int) -> None:
    comparison = views.peer_comparison(figures, kode, tahun)
    if not comparison["selisih"].notna().any():
        ui.no_data("Belum ada pembanding se-kanwil untuk tahun ini.")
        return
    figure = charts.peer_chart(comparison, f"{nama} terhadap median kanwil, TA {tahun}")
    ui.chart(figure, key="au_median")
    st.caption("Hijau: lebih baik dari median; merah: lebih buruk; abu-abu: tidak baik atau buruk (mis. besar pagu).")
    with st.expander("Angka dan median pembanding"):
        st.dataframe(
            views.peer_table(comparison),
            key="au_median_tabel",
            hide_index=True,
            placeholder=fmt.MISSING,
            width="stretch",
        )


def details(
    summary: DataFrame,
    position: int,
    figures: DataFrame,
    reasons: DataFrame,
    config: metrics.AuditConfig,
    may_record: bool,
) -> None:
    """The chosen row: its flag sentences (each with "Catat temuan" for whoever records findings), absorption
    against RPD, production against budget, peers."""
    row = summary.iloc[position]
    kode, tahun, nama = str(row["kode_upt"]), int(row["tahun"]), str(row["nama_upt"])
    unit_header(row)
    ui.flag_finding_lines(reasons, kode, tahun, may_record)
    absorption_and_budget(figures, kode, tahun)
    productivity(figures, kode, nama, config)
    peers(figures, kode, nama, tahun)


def render(may_export: bool, may_record: bool) -> None:
    filters = ui.current_filters()
    if filters is None:
        ui.no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return
    inputs = ui.metric_inputs()
    st.caption(
        f"{fmt.plain(filters.label)} · kanwil, jenis, kelas dan «Hanya Lapas Industri» mengikuti filter di bilah samping."
    )
    criteria = ui.audit_criteria(filters, ui.available_years(inputs))
    config = ui.what_if_editor()
    if not criteria.tahun:
        ui.no_data("Pilih sedikitnya satu tahun anggaran.")
        return

    figures = ui.figures(config)
    selected = audit.select_targets(figures, criteria)
    summary = audit.summary_table(selected, ui.flag_status(config), criteria.amount_column)
    st.subheader(audit.result_title(summary))
    st.caption(f"{criteria.budget_text}. Bendera: {criteria.flag_text}. Urutan: {criteria.order_text}.")
    if config != ui.default_audit_config():
        st.warning("Ambang atau bobot bendera sedang diubah (what-if) untuk sesi ini.", icon="⚙️")
    explained = ui.apbnp_years(figures, criteria)
    if summary.empty:
        if not explained:
            ui.no_data("Tidak ada UPT yang memenuhi kriteria ini. Longgarkan kriteria anggaran atau filter bendera.")
        return

    remembered = st.session_state.get("audit_pilihan")
    position = ui.audit_table(summary, remembered, config, criteria.amount_column)
    st.caption(
        f"Pilih satu baris untuk melihat alasan bendera dan grafiknya. {audit.MARK_RAISED} menyala · "
        f"{audit.MARK_NOT_EVALUABLE} tidak dapat dinilai. Arahkan penunjuk ke judul kolom untuk aturannya."
    )

    reasons = ui.flag_reasons(config)
    if may_export:
        found = audit.findings(reasons, selected)
        build = ui.working_paper(
            criteria,
            config,
            summary,
            found,
            audit.underlying_data(figures, selected),
            audit.percentile_table(figures, criteria),
        )
        ui.audit_downloads(build, ui.summary_csv(summary), audit.file_stem(criteria))
        st.caption(
            f"Kertas kerja Excel: lembar Kriteria, Ringkasan, Temuan ({fmt.number(len(found))} bendera), Data, Sumber."
        )
    else:
        st.caption("Ekspor kertas kerja tersedia untuk peran auditor dan admin.")

    if position is not None:
        row = summary.iloc[position]
        st.session_state["audit_pilihan"] = (str(row["kode_upt"]), int(row["tahun"]))
        st.divider()
        details(summary, position, figures, reasons, config, may_record)


st.title("🔎 Ruang Audit")
current = ui.require("audit")
with ui.friendly_errors():
    render(current.can("ekspor"), current.can("temuan"))
