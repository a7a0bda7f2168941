"""Perbandingan Evaluasi: section scores per unit for one period (heat map), the units over periods, the instrument (admins)."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import charts, fmt, ui, views

ui.within_frame()

current = ui.require("lihat_evaluasi")
st.title("⚖️ Perbandingan Evaluasi")
st.caption(
    "Nilai evaluasi UPT berdampingan: nilai per bagian instrumen untuk satu periode, dan nilai evaluasi "
    "per periode. Predikat: < 40 Rintisan, 40–< 60 Berkembang, 60–< 80 Terdefinisi, 80–< 90 Terkelola, "
    "≥ 90 Optimum."
)

with ui.friendly_errors():
    statuses = ui.evaluation_statuses(current)
    codes = ui.evaluation_units()
    stored = ui.evaluation_scores(current)
    scores = views.visible_scores(stored, codes, statuses)
    if scores.empty:
        ui.no_data(ui.empty_sentence(current, stored, statuses))
    else:
        filters = ui.current_filters()
        periode = ui.period_choice(views.period_labels(scores), filters.tahun if filters else None)
        versi = ui.version_choice(scores, periode)
        matrix = views.section_matrix(scores, ui.evaluation_instrument(versi), periode)
        st.subheader(f"Nilai per bagian, {fmt.plain(periode)}")
        shown = f"{fmt.number(len(matrix.units))} dari {fmt.number(matrix.shown_of)} UPT"
        cut = " dengan nilai evaluasi terendah" if len(matrix.units) < matrix.shown_of else ""
        st.caption(
            f"{shown}{cut}, nilai terendah di atas; instrumen {fmt.plain(versi)}. Sel kosong: bagian tanpa nilai."
        )
        title = f"Nilai per bagian instrumen, {periode}"
        ui.chart(charts.section_heatmap(matrix, title), key="evc_heatmap")
        st.caption(fmt.plain(matrix.key))

        st.subheader("Nilai evaluasi per periode")
        st.dataframe(
            views.period_table(scores), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="evc_periods"
        )
        ui.download_csv(views.scores_csv_frame(scores), "nilai_evaluasi.csv", key="evc_csv")

    if current.can("kelola_instrumen"):
        ui.instrument_admin(current)
