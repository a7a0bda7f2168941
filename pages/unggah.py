"""Unggah Data: templates, then one report file checked row by row and stored as one batch."""

from __future__ import annotations

import math

import streamlit as st

from lapas_metrics import fmt, schema, store, templates, ui, upload, views

ui.within_frame()

current = ui.require("unggah")
st.title("📤 Unggah Data")
st.caption(
    "Unggah laporan bulanan dalam CSV atau XLSX. Berkas diperiksa dulu baris demi baris; hanya berkas yang "
    "seluruhnya benar yang dapat disimpan. Data lama yang tergantikan tetap tersimpan dan dapat dipulihkan "
    "di halaman **Riwayat Unggahan**."
)

# Only roles that may change the unit list see it; the store refuses it for the others anyway.
table = st.selectbox(
    "1. Tabel tujuan",
    [name for name in schema.TABLES if name != "upt" or current.can("unggah_upt")],
    format_func=lambda name: schema.TABLES[name].title,
    key="upload_table",
)
spec = schema.TABLES[table]
template_csv, template_xlsx, guide = ui.template_files(table, current)

downloads = st.container(horizontal=True)
downloads.download_button(
    "⬇️ Templat CSV",
    template_csv,
    file_name=f"templat_{table}.csv",
    mime="text/csv",
    on_click="ignore",
    key="template_csv",
    help="Baris daftar kode UPT yang sah, baris judul kolom dan satu baris contoh; dapat langsung diisi dan diunggah.",
)
downloads.download_button(
    "⬇️ Templat XLSX",
    template_xlsx,
    file_name=f"templat_{table}.xlsx",
    mime=templates.XLSX_MIME,
    on_click="ignore",
    key="template_xlsx",
    help=f"Lembar '{table}' untuk diisi (dengan daftar pilihan), lembar 'Petunjuk' yang menjelaskan tiap kolom "
    f"dan lembar '{templates.UNIT_SHEET}' berisi kode UPT yang sah.",
)
with st.expander(f"Petunjuk kolom — {spec.title}"):
    st.markdown("\n".join(f"- {note}" for note in templates.general_notes(table)))
    st.table(guide.rename(columns=str.capitalize), hide_index=True)

style = st.radio(
    "Gaya angka",
    list(ui.NUMBER_STYLES),
    horizontal=True,
    key="upload_locale",
    help="Otomatis: gaya angka dikenali dari isi berkas. Pilih Indonesia atau Inggris bila pemeriksaan "
    "menyatakan gaya angka tidak dapat ditentukan.",
)
locale = ui.NUMBER_STYLES[style]
limit_mb = ui.max_upload_mb()
FILE_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "xls"]
ui.uploader_words("upload_file", limit_mb, FILE_TYPES)
uploaded = st.file_uploader(
    "2. Berkas laporan (CSV atau XLSX)",
    type=FILE_TYPES,
    key="upload_file",
    max_upload_size=max(1, math.ceil(limit_mb)),
    help="CSV dengan pemisah koma, titik koma atau tab; atau XLSX (lembar pertama, atau lembar bernama tabel).",
)
st.caption(f"Ukuran berkas paling besar {fmt.number(limit_mb, 0 if limit_mb >= 1 else 3)} MB.")

if uploaded is None:
    st.info("Pilih tabel, unduh templatnya bila perlu, lalu pilih berkas untuk diperiksa.")
    st.stop()

too_big = ui.size_problem(uploaded.size)
if too_big:
    st.error(too_big)
    st.stop()

data = uploaded.getvalue()
with st.spinner("Memeriksa berkas…"), ui.friendly_errors():
    result = ui.check_upload(table, data, uploaded.name, locale, current)

st.subheader("3. Hasil pemeriksaan")
stored_in = None
if result.ok:
    with ui.friendly_errors():
        stored_in = ui.stored_batch_of(table, result.sha256)
done = st.session_state.get("upload_done")
# the summary of this session's last commit, while that batch is still active
just_saved = isinstance(done, dict) and done.get("sha256") == result.sha256 and done.get("batch_id") == stored_in
if just_saved:
    st.success(
        f"Tersimpan sebagai batch {done['batch_id']} di tabel {spec.title}: "
        f"{fmt.number(done['baris_baru'])} baris baru, {fmt.number(done['baris_diganti'])} baris diganti, "
        f"{fmt.number(done['baris_sama'])} baris sama, {fmt.number(done['peringatan'])} peringatan. "
        "Semua halaman kini memakai data baru."
    )
    saved = st.columns(4)
    saved[0].metric("Baris baru", fmt.number(done["baris_baru"]), border=True)
    saved[1].metric("Baris diganti", fmt.number(done["baris_diganti"]), border=True)
    saved[2].metric("Baris sama", fmt.number(done["baris_sama"]), border=True)
    saved[3].metric("Peringatan", fmt.number(done["peringatan"]), border=True)

if result.warnings:
    st.warning(
        f"**{len(result.warnings)} peringatan** (berkas tetap dapat disimpan):\n"
        + "\n".join(f"- {fmt.plain(ui.page_message(w))}" for w in result.warnings)
    )

if not result.ok:
    shown = len(result.problems)
    st.error(
        f"Berkas **{fmt.plain(uploaded.name)}** ditolak: {fmt.number(result.problem_count)} masalah ditemukan, "
        "tidak ada yang disimpan. Perbaiki berkas lalu unggah lagi."
    )
    counts = f"Menampilkan {fmt.number(shown)} dari {fmt.number(result.problem_count)} masalah"
    st.caption(
        f"{counts}; {fmt.number(len(result.warnings))} peringatan. Nomor baris = nomor baris di spreadsheet (judul kolom = baris 1)."
    )
    st.table(ui.report_table(result), hide_index=True)
    ui.download_csv(
        ui.problem_frame(result), f"laporan_pemeriksaan_{table}.csv", "⬇️ Unduh laporan (CSV)", key="upload_report_csv"
    )
    st.stop()

n_rows = len(result.rows)
st.markdown(f"**Pratinjau** — {fmt.number(min(n_rows, ui.PREVIEW_ROWS))} baris pertama dari {fmt.number(n_rows)} baris")
st.dataframe(
    views.relabel(ui.preview_frame(result.rows, table)),
    hide_index=True,
    placeholder=fmt.MISSING,
    width="stretch",
    key="upload_preview",
)
if just_saved:
    st.stop()

st.caption(f"Tidak ada masalah; {fmt.number(len(result.warnings))} peringatan.")
if stored_in is not None:
    st.info(f"Berkas ini sudah pernah disimpan (batch {stored_in}); tidak ada yang diubah.")
    st.stop()

with st.spinner("Membandingkan dengan data tersimpan…"), ui.friendly_errors():
    changes = ui.change_preview(result, locale)
st.success(
    f"Berkas valid: {fmt.number(n_rows)} baris siap disimpan ke tabel {spec.title} ({ui.count_sentence(changes)})."
)
ui.show_changes(changes)
if st.button("Simpan ke basis data", type="primary", key="upload_commit"):
    try:
        with st.spinner("Menyimpan…"):
            checked, batch = upload.commit_checked(ui.database(), result, data, actor=current)
    except store.StoreBusy as error:
        st.warning(f"{fmt.plain(error)} Berkas belum disimpan.")
        st.stop()
    except store.StoreError as error:
        st.error(fmt.plain(error))
        st.stop()
    if batch is None:
        st.error(
            "Berkas tidak disimpan: " + " ".join(fmt.plain(ui.page_message(p.pesan)) for p in checked.problems[:5])
        )
    elif batch.batch_id is None:
        st.info(fmt.plain(batch.message))
    else:
        ui.clear_caches()
        st.session_state["upload_done"] = {
            "sha256": result.sha256,
            "batch_id": batch.batch_id,
            "baris_baru": batch.baris_baru,
            "baris_diganti": batch.baris_diganti,
            "baris_sama": batch.baris_sama,
            "peringatan": len(batch.peringatan),
        }
        st.rerun()  # the sidebar filters and every page read the new data
