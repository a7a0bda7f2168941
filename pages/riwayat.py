"""Riwayat Unggahan: the upload log, the original file of each batch, undo with a confirmation step, two batches compared."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from lapas_metrics import clock, fmt, schema, store, ui

ui.within_frame()

current = ui.require("unggah")
st.title("🗂️ Riwayat Unggahan")
st.caption(
    "Setiap unggahan disimpan sebagai satu batch beserta berkas aslinya. Membatalkan batch menghapus baris "
    "yang ditulisnya dan memulihkan data lama yang digantikannya, persis seperti sebelum diunggah. Operator "
    "dapat membatalkan batch yang diunggahnya sendiri untuk UPT-nya; admin dapat membatalkan batch mana pun."
)

flash = st.session_state.pop("undo_done", None)
if flash:
    st.success(flash)

with ui.friendly_errors():
    batches = ui.upload_log()
if batches.empty:
    st.info("Belum ada unggahan. Unggah laporan di halaman **Unggah Data**.")
    st.stop()

dates = clock.local_column(batches["waktu"]).dt.date
first, last = dates.min(), max(dates.max(), clock.today())
columns = st.columns([2, 2, 1])
tables = columns[0].multiselect(
    "Tabel",
    list(schema.TABLES),
    format_func=lambda name: schema.TABLES[name].title,
    placeholder="Semua tabel",
    key="hist_tables",
    select_all=False,
)
period = columns[1].date_input("Tanggal unggah", value=(first, last), format="DD/MM/YYYY", key="hist_dates")
status_label = columns[2].selectbox("Status", ["Semua", *ui.STATUS_LABELS.values()], key="hist_status")
start = period[0] if len(period) > 0 else None
end = period[1] if len(period) > 1 else start
status = None if status_label == "Semua" else status_label
shown = ui.filter_batches(batches, tables, start, end, status)

st.caption(f"{fmt.number(len(shown))} dari {fmt.number(len(batches))} batch, terbaru di atas.")
st.dataframe(
    ui.batch_log_table(shown),
    hide_index=True,
    placeholder=fmt.MISSING,
    width="stretch",
    key="hist_table",
    column_config={
        "Batch": st.column_config.NumberColumn(format="%d", width="small"),
        "Peringatan": st.column_config.TextColumn(width="medium"),
    },
)
if shown.empty:
    ui.no_data("Tidak ada batch untuk pilihan filter ini.")
    st.stop()

st.subheader("Rincian batch")
by_id = shown.set_index("batch_id")


def _label(batch_id: int) -> str:
    row = by_id.loc[batch_id]
    waktu = clock.stamp_text(row["waktu"])
    title = schema.TABLES[row["tabel"]].title if row["tabel"] in schema.TABLES else row["tabel"]
    return f"Batch {batch_id} · {title} · {row['nama_file']} · {waktu}"


choices = by_id.index.tolist()
if st.session_state.get("hist_batch") not in choices:
    st.session_state["hist_batch"] = choices[0]
batch_id = int(st.selectbox("Pilih batch", choices, format_func=_label, key="hist_batch"))
row = by_id.loc[batch_id]
file_name = PurePath(str(row["nama_file"])).name or f"batch_{batch_id}"
pengguna = "" if pd.isna(row["pengguna"]) else f" · **Pengguna:** {fmt.plain(row['pengguna'])}"
st.markdown(
    f"**Tabel:** {schema.get_table(str(row['tabel'])).title} · **Baris baru:** {fmt.number(row['baris_baru'])} · "
    f"**Baris diganti:** {fmt.number(row['baris_diganti'])} · **Status:** {row['status']}{pengguna}"
)
if isinstance(row["peringatan"], str) and row["peringatan"]:
    lines = row["peringatan"].splitlines()
    st.warning("**Peringatan saat diunggah:**\n" + "\n".join(f"- {fmt.plain(line)}" for line in lines))

with ui.friendly_errors():
    refusal = store.batch_file_refusal(ui.database(), batch_id, current)
if refusal is None:
    st.download_button(
        f"⬇️ Unduh berkas asli ({fmt.plain(file_name)})",
        data=lambda: store.batch_file(ui.database(), batch_id, actor=current)[1],
        file_name=file_name,
        on_click="ignore",
        key="hist_download",
    )
else:
    st.caption(refusal)

with ui.friendly_errors():
    ui.undo_section(batch_id, row, current)
    ui.compare_section(batches, current)
