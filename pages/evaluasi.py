"""Evaluasi: one unit and period evaluated with the instrument: team, answers, evidence, KKE, score, sign-off."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import store, ui

ui.within_frame()


def render() -> None:
    current = ui.require("lihat_evaluasi")
    choice = ui.evaluation_choice()
    if choice is None:
        return
    ui.evaluation_message()
    evaluasi_id = store.evaluation_for(ui.database(), choice.kode, choice.tahun, current)
    if evaluasi_id is None:
        if current.can("evaluasi"):
            ui.evaluation_start_form(current, choice)
        else:
            ui.no_data(f"Belum ada evaluasi final {choice.nama} untuk {choice.periode}.")
        return
    record = store.evaluation(ui.database(), evaluasi_id, current)
    instrument = store.instrument_of(ui.database(), record.versi_instrumen)
    found = ui.evaluation_suggestions(record, instrument)
    ui.evaluation_summary(record, instrument, current)
    ui.evaluation_sign_off(record, current)
    ui.evaluation_score(instrument, record)
    ui.evaluation_answers(record, instrument, found, current)
    ui.evaluation_kke(record, instrument, found, current)
    ui.evaluation_history(record, current)


st.title("📝 Evaluasi")
st.caption(
    "Evaluasi Lapas Industri dengan instrumen: susun tim, jawab butir demi butir (di sini atau di KKE Excel), "
    "lalu reviu oleh pengendali teknis dan penetapan final oleh pengendali mutu."
)
with ui.friendly_errors():
    render()
