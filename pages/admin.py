"""Admin: the configured users (never their hashes) and the activity log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, fmt, store, ui, views

ui.within_frame()

ui.require("log_aktivitas")
st.title("🛡️ Pengguna & Log Aktivitas")

st.subheader("Pengguna")
users = pd.DataFrame(auth.user_rows(), columns=["username", "nama", "peran", "upt"])
if users.empty:
    st.info(
        "Belum ada pengguna: dasbor berjalan dalam mode demo (semua fitur terbuka). "
        "Tambahkan pengguna dengan `python -m lapas_metrics user add NAMA --peran admin`."
    )
else:
    st.dataframe(views.relabel(users), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="admin_users")
st.caption("Pengguna dikelola dengan `python -m lapas_metrics user add|passwd|list` di server.")

st.subheader("Log aktivitas")
with ui.friendly_errors():
    log = store.activity_log(ui.database())
if log.empty:
    ui.no_data("Log aktivitas masih kosong.")
else:
    # The database keeps UTC; the log reads in the local zone ('1 Desember 2026 15.51.07 WIB').
    local = log.assign(waktu=clock.stamp_column(log["waktu"], seconds=True))
    shown = views.relabel(local.assign(aksi=log["aksi"].map(views.action_label)))
    st.dataframe(shown, hide_index=True, placeholder=fmt.MISSING, width="stretch", key="admin_log")
    ui.download_csv(local, "log_aktivitas.csv", key="admin_log_csv")
