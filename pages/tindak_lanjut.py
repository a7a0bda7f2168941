"""Tindak Lanjut: the follow-up of recommendations per kanwil and unit, each one's thread, the forms by role."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import fmt, ui

ui.within_frame()


def render() -> None:
    current = ui.require("lihat_temuan")
    filters = ui.current_filters()
    if filters is None:
        ui.no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return
    as_of = ui.as_of_date()
    st.caption(fmt.plain(" · ".join([*filters.unit_words, f"Posisi data: {fmt.long_date(as_of)}"])))
    codes = filters.codes(ui.metric_inputs().upt)
    ui.followup_message()
    ui.followup_link(current, codes, as_of)
    if not ui.followup_monitoring(current, codes, as_of):
        return
    st.divider()
    chosen = ui.followup_choice(current, codes, as_of)
    if chosen is None:
        return
    ui.followup_thread(current, chosen)
    ui.followup_forms(current, chosen)


st.title("📌 Tindak Lanjut")
st.caption(
    "Pemantauan tindak lanjut rekomendasi hasil evaluasi: status per kanwil dan per UPT, rekomendasi yang lewat "
    "batas waktu, lalu riwayat dan jawaban tiap rekomendasi."
)
with ui.friendly_errors():
    render()
