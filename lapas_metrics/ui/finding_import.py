"""Temuan & Rekomendasi: the Excel matrix in (checked whole, stored only when every row is valid) and out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, fmt, templates
from lapas_metrics.audit.matrix_import import check_matrix, commit_matrix, matrix_frame
from lapas_metrics.evaluation.matrix import MatrixResult
from lapas_metrics.export.findings_matrix import matrix_bytes
from lapas_metrics.ingest import Problem
from lapas_metrics.ui.data import clear_caches, database
from lapas_metrics.ui.finding_form import MESSAGE_KEY
from lapas_metrics.ui.papers import paper_info
from lapas_metrics.ui.session import log_quietly
from lapas_metrics.ui.upload_screens import NUMBER_STYLES, max_upload_mb
from lapas_metrics.ui.widgets import uploader_words

MATRIX_TYPES = ["xlsx", "csv"]
MATRIX_TITLE = "Matriks Temuan dan Tindak Lanjut"


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """The matrix check's problems as the upload page shows them: Baris, Kolom, Nilai, Pesan (plain text)."""
    rows = [
        ["" if p.baris is None else str(p.baris), p.kolom or "", "" if p.nilai is None else str(p.nilai), p.pesan]
        for p in problems
    ]
    table = pd.DataFrame(rows, columns=["Baris", "Kolom", "Nilai", "Pesan"])
    return table.astype(object).map(lambda cell: fmt.plain(cell) if cell else "")


def _refused(result: MatrixResult, name: str) -> None:
    st.error(
        f"Berkas **{fmt.plain(name)}** ditolak: {fmt.number(result.problem_count)} masalah ditemukan, "
        "tidak ada temuan yang disimpan. Perbaiki berkas lalu impor lagi."
    )
    st.table(problem_table(list(result.problems)), hide_index=True)


def matrix_import(actor: auth.Actor) -> None:
    """Upload the matrix (one row per recommendation), see its row problems in Indonesian, and store every
    finding of it at once (audit.check_matrix against this database, then audit.commit_matrix: all or nothing)."""
    st.subheader("Impor matriks temuan")
    st.caption(
        "Satu baris per rekomendasi: nomor_temuan, judul, kondisi, kriteria, sebab, akibat, nilai_temuan_rp, "
        "nomor_rekomendasi, rekomendasi, kode_upt, batas_waktu, status. Berkas diperiksa utuh; tidak ada yang "
        "disimpan sebelum semua baris benar."
    )
    style = st.radio(
        "Gaya angka",
        list(NUMBER_STYLES),
        horizontal=True,
        key="tm_impor_gaya",
        help="Otomatis: gaya angka dikenali dari isi berkas. Pilih Indonesia atau Inggris bila pemeriksaan "
        "menyatakan gaya angka tidak dapat ditentukan.",
    )
    uploader_words("tm_impor_berkas", max_upload_mb(), MATRIX_TYPES)
    uploaded = st.file_uploader("Berkas matriks (XLSX atau CSV)", type=MATRIX_TYPES, key="tm_impor_berkas")
    if uploaded is None:
        return
    result = check_matrix(database(), uploaded.getvalue(), uploaded.name, actor, NUMBER_STYLES[str(style)])
    if not result.ok:
        _refused(result, uploaded.name)
        return
    findings, count = len(result.findings), result.recommendation_count
    for warning in result.warnings:
        st.warning(fmt.plain(warning))
    st.success(f"Berkas valid: {fmt.number(findings)} temuan dengan {fmt.number(count)} rekomendasi siap disimpan.")
    if st.button("Simpan temuan dari matriks", key="tm_impor_simpan", type="primary"):
        done = commit_matrix(database(), result, actor)
        if not done.stored:
            _refused(done.result, uploaded.name)
            return
        clear_caches()
        st.session_state[MESSAGE_KEY] = (
            f"{fmt.number(findings)} temuan dengan {fmt.number(count)} rekomendasi dari {uploaded.name} tercatat."
        )
        st.rerun()


def matrix_file(actor: auth.Actor) -> bytes:
    """The matriks temuan dan tindak lanjut now (audit.matrix_frame: the register's rows with their dates ->
    export.matrix_bytes), logged."""
    frame = matrix_frame(database(), actor)
    info = paper_info(MATRIX_TITLE, "Semua UPT", f"Posisi {fmt.long_date(clock.today())}")
    data = matrix_bytes(frame, info, actor)
    log_quietly(actor.username, "ekspor", f"matriks temuan, {len(frame)} rekomendasi")
    return data


def matrix_export(actor: auth.Actor) -> None:
    """The download of the matrix of every active finding, one row per recommendation."""
    st.subheader("Ekspor matriks temuan dan tindak lanjut")
    st.caption(
        "Kolom impor lebih dahulu (berkas yang diubah dapat diimpor kembali), lalu penanggung jawab, tindak lanjut "
        "terakhir dan tanggalnya. Temuan yang ditarik tidak ikut."
    )
    st.download_button(
        "⬇️ Unduh matriks (XLSX)",
        lambda: matrix_file(actor),
        file_name="matriks_temuan_tindak_lanjut.xlsx",
        mime=templates.XLSX_MIME,
        key="tm_ekspor",
        on_click="ignore",
    )


def matrix(actor: auth.Actor) -> None:
    """The matrix tab: the import for whoever records findings, the export for whoever exports."""
    if actor.can("temuan"):
        matrix_import(actor)
    if actor.can("ekspor"):
        matrix_export(actor)
