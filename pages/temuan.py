"""Temuan & Rekomendasi: the register of findings, a new finding, a finding's detail, the matrix in and out."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import auth, ui, views

ui.within_frame()

REGISTER, NEW, MATRIX = "📋 Daftar temuan", "📝 Catat temuan", "📊 Impor & ekspor matriks"


def render(current: auth.Actor) -> None:
    filters = ui.current_filters()
    if filters is None:
        ui.no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return
    upt = ui.metric_inputs().upt
    numbers = ui.finding_numbers(current)
    ui.finding_message()
    names = [REGISTER]
    if current.can("temuan"):
        names.append(NEW)
    if current.can("temuan") or current.can("ekspor"):
        names.append(MATRIX)
    # a "Catat temuan" click in Ruang Audit or Evaluasi lands on the form it filled; one part needs no tabs
    default = NEW if ui.finding_draft() and NEW in names else REGISTER
    shown = st.tabs(names, default=default) if len(names) > 1 else [st.container()]
    tabs = dict(zip(names, shown, strict=True))
    with tabs[REGISTER]:
        rows = ui.finding_register(current, filters.codes(upt), " · ".join(filters.unit_words))
        temuan_id = ui.finding_choice(rows)
        if temuan_id is not None:
            ui.finding_detail(temuan_id, current, upt)
    if NEW in tabs:
        with tabs[NEW]:
            ui.new_finding_form(current, views.picker_order(upt), numbers)
    if MATRIX in tabs:
        with tabs[MATRIX]:
            ui.finding_matrix(current)


st.title("📋 Temuan & Rekomendasi")
st.caption(
    "Register temuan hasil pemeriksaan beserta rekomendasinya: dari bendera di Ruang Audit, dari butir evaluasi, "
    "dicatat langsung, atau diimpor dari matriks Excel. Tindak lanjut dinilai di halaman Tindak Lanjut."
)
current = ui.require("lihat_temuan")
with ui.friendly_errors():
    render(current)
