"""PKPT: next year's evaluation plan, units ranked from their risk, open follow-up and years since evaluation."""

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
    scope = " · ".join(filters.unit_words)
    st.caption(fmt.plain(f"{scope} · Posisi data: {fmt.long_date(as_of)}"))
    ui.pkpt(current, filters.codes(ui.metric_inputs().upt), as_of, scope)


st.title("🗓️ PKPT")
st.caption(
    "Usulan Program Kerja Pengawasan Tahunan: UPT diurutkan untuk evaluasi tahun depan dari skor risiko, "
    "rekomendasi yang masih terbuka dan lewat batas waktu, nilai temuan terbuka, dan lamanya sejak evaluasi final."
)
with ui.friendly_errors():
    render()
