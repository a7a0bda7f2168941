"""Router and frame of the dashboard: page config, sign-in, navigation by role, the shared sidebar filters."""

from __future__ import annotations

import streamlit as st

from lapas_metrics import ui

st.set_page_config(page_title="Lapas Industri — Kanwil Jawa Barat", page_icon="🏭", layout="wide")

# url_path differs from the file names on purpose: Streamlit treats a pages/ folder as an old-style
# multipage app until st.navigation first runs, and a first visit to /<file name> would then run the
# page without this frame. A path that matches no file always goes through app.py.
DASHBOARD = [
    st.Page("pages/ringkasan.py", title="Ringkasan", icon="📊", default=True, url_path="ringkasan"),
    st.Page("pages/profil_upt.py", title="Profil UPT", icon="🏢", url_path="profil-upt"),
    st.Page("pages/produksi.py", title="Produksi", icon="🏭", url_path="produksi-industri"),
    st.Page("pages/partisipasi.py", title="Partisipasi WBP", icon="👷", url_path="partisipasi-wbp"),
    st.Page("pages/anggaran.py", title="Anggaran", icon="💰", url_path="anggaran-belanja"),
]
AUDIT = st.Page("pages/audit.py", title="Ruang Audit", icon="🔎", url_path="ruang-audit")
UPLOAD = st.Page("pages/unggah.py", title="Unggah Data", icon="📤", url_path="unggah-data")
HISTORY = st.Page("pages/riwayat.py", title="Riwayat Unggahan", icon="🗂️", url_path="riwayat-unggahan")
ADMIN = st.Page("pages/admin.py", title="Pengguna & Log", icon="🛡️", url_path="pengguna-log")

current = ui.actor()
if current is None:
    st.navigation([st.Page(ui.sign_in_page, title="Masuk", icon="🔐", url_path="masuk")]).run()
    st.stop()

pages: dict[str, list] = {"Dasbor": list(DASHBOARD)}
if current.can("audit"):
    pages["Pemeriksaan"] = [AUDIT]
if current.can("unggah"):
    pages["Data"] = [UPLOAD, HISTORY]
if current.can("log_aktivitas"):
    pages.setdefault("Data", []).append(ADMIN)

navigation = st.navigation(pages)
ui.account_box(current)
st.session_state["_filters"] = None
if ui.database_ready():
    with ui.friendly_errors():
        ui.demo_note()
        st.session_state["_filters"] = ui.sidebar_filters(ui.metric_inputs())
navigation.run()
