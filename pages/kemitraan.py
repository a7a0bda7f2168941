"""Kemitraan dan Aset: agreements and their handover, partners' contributions, State assets idle first, the split of sales."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import ui

ui.within_frame()

st.title("🤝 Kemitraan dan Aset")
with ui.friendly_errors():
    ui.partnership_page()
