"""The Tindak Lanjut page's forms by role: the unit's action plan and what was done with evidence; the judgement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, fmt, store
from lapas_metrics.ui.data import clear_caches, database
from lapas_metrics.ui.followup_data import REFUSALS
from lapas_metrics.ui.followup_screens import status_label
from lapas_metrics.ui.followup_thread import HELD_KEY
from lapas_metrics.ui.upload_screens import max_upload_mb
from lapas_metrics.ui.widgets import uploader_words

MESSAGE_KEY = "tl_pesan"
RESET_KEY = "tl_kosongkan"  # the form fields to empty on the next run (key -> empty value), after a write succeeded
ROUND_KEY = "tl_bukti_putaran"  # how many reports were sent: a new uploader (empty in the browser) after each
MAX_ACTIONS = 10
EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "csv", "txt", "zip"]


def show_message() -> None:
    """The sentence of the last write (kept over its rerun), and the fields that write emptied. A field is emptied
    by giving it its empty value, which the browser is sent too; a key merely dropped from the session leaves the
    old text on screen, ready to be sent twice."""
    for key, value in st.session_state.pop(RESET_KEY, {}).items():
        st.session_state[key] = value
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(message, icon="✅")


def _write(rekomendasi_id: int, action: Callable[[], object], message: str, emptied: dict[str, object]) -> None:
    """Run a store write; its refusal is one sentence on the page, its success a sentence after a rerun (the
    recommendation stays chosen, even when its new status takes it out of the list's choice)."""
    try:
        action()
    except REFUSALS as error:
        st.error(fmt.plain(error))
        return
    clear_caches()
    st.session_state[MESSAGE_KEY] = message
    # the picker is given its choice again: the browser then shows the option's new text (its new status)
    st.session_state[RESET_KEY] = {**emptied, "tl_pilih": rekomendasi_id}
    st.session_state[HELD_KEY] = rekomendasi_id
    st.rerun()


def plan_form(actor: auth.Actor, rekomendasi_id: int) -> None:
    """The action plan: several actions, each with the date it is planned to be done (store.submit_plan)."""
    st.markdown("**Rencana tindak lanjut** — aksi dan tanggal rencana selesainya")
    count = int(st.number_input("Jumlah aksi", min_value=1, max_value=MAX_ACTIONS, step=1, key="tl_jumlah_aksi"))
    with st.form("tl_rencana"):
        rows = []
        for number in range(count):
            left, right = st.columns([3, 1])
            uraian = left.text_input(f"Aksi {number + 1}", key=f"tl_aksi_{number}")
            st.session_state.setdefault(f"tl_aksi_tanggal_{number}", None)  # no value=: the key holds it
            tanggal = right.date_input("Tanggal rencana", format="DD/MM/YYYY", key=f"tl_aksi_tanggal_{number}")
            rows.append((uraian.strip(), tanggal))
        sent = st.form_submit_button("Kirim rencana", type="primary", key="tl_rencana_kirim")
    if not sent:
        return
    undated = [str(number + 1) for number, (uraian, tanggal) in enumerate(rows) if uraian and tanggal is None]
    if undated:
        st.error(f"Aksi {', '.join(undated)} belum diberi tanggal rencana; rencana belum dikirim.")
        return
    actions = [(uraian, tanggal) for uraian, tanggal in rows if uraian and isinstance(tanggal, dt.date)]
    emptied: dict[str, object] = {f"tl_aksi_{number}": "" for number in range(count)}
    emptied |= {f"tl_aksi_tanggal_{number}": None for number in range(count)}
    _write(
        rekomendasi_id,
        lambda: store.submit_plan(database(), rekomendasi_id, actions, actor),
        f"Rencana tindak lanjut dengan {len(actions)} aksi terkirim; auditor akan menilainya.",
        emptied,
    )


def done_form(actor: auth.Actor, rekomendasi_id: int) -> None:
    """What was done, its date and evidence files (store.report_done)."""
    st.markdown("**Pelaksanaan tindak lanjut** — yang sudah dilakukan, tanggalnya dan buktinya")
    sent_before = int(st.session_state.get(ROUND_KEY, 0))
    uploader = "tl_bukti" if not sent_before else f"tl_bukti_baru_{sent_before}"  # a file uploader takes no value
    uploader_words(uploader, max_upload_mb(), EVIDENCE_TYPES)
    st.session_state.setdefault("tl_tanggal", clock.today())  # no value=: the key holds it
    with st.form("tl_pelaksanaan"):
        uraian = st.text_area("Yang sudah dilaksanakan", key="tl_uraian")
        tanggal = st.date_input("Tanggal pelaksanaan", format="DD/MM/YYYY", key="tl_tanggal")
        uploaded = st.file_uploader("Berkas bukti", type=EVIDENCE_TYPES, accept_multiple_files=True, key=uploader)
        sent = st.form_submit_button("Kirim pelaksanaan", type="primary", key="tl_pelaksanaan_kirim")
    if not sent:
        return
    if not isinstance(tanggal, dt.date):
        st.error("Isi tanggal pelaksanaan; pelaksanaan belum dikirim.")
        return
    files = [(item.name, item.getvalue()) for item in uploaded or []]
    _write(
        rekomendasi_id,
        lambda: store.report_done(database(), rekomendasi_id, uraian.strip(), tanggal, files, actor),
        f"Pelaksanaan tindak lanjut terkirim dengan {len(files)} berkas bukti; auditor akan menilainya.",
        {"tl_uraian": "", "tl_tanggal": clock.today(), ROUND_KEY: sent_before + 1},
    )


def judge_form(actor: auth.Actor, rekomendasi_id: int, status: str) -> None:
    """The auditor's judgement with the four statuses; sesuai and tidak dapat ditindaklanjuti need a note."""
    st.markdown("**Penilaian tindak lanjut**")
    statuses = list(evaluation.TL_STATUSES)
    with st.form("tl_nilai"):
        chosen = st.selectbox(
            "Status",
            statuses,
            index=statuses.index(status) if status in statuses else 0,
            format_func=status_label,
            key="tl_nilai_status",
        )
        catatan = st.text_area(
            "Catatan penilaian",
            key="tl_nilai_catatan",
            help="Wajib untuk Sesuai dan Tidak dapat ditindaklanjuti (keduanya menutup rekomendasi).",
        )
        sent = st.form_submit_button("Simpan penilaian", type="primary", key="tl_nilai_kirim")
    if sent:
        _write(
            rekomendasi_id,
            lambda: store.judge(database(), rekomendasi_id, str(chosen), catatan.strip(), actor),
            f"Status rekomendasi menjadi {status_label(chosen)}.",
            {"tl_nilai_catatan": ""},
        )


def forms(actor: auth.Actor, row: pd.Series) -> None:
    """The forms the actor's role offers on this recommendation: an operator (own units) or admin answers an open
    one; an auditor or admin judges; a pimpinan reads only. The store checks every write again."""
    rekomendasi_id, status = int(row["rekomendasi_id"]), str(row["status"])
    answers, judges = actor.can("tindak_lanjut"), actor.can("nilai_tl")
    if not (answers or judges):
        st.caption("Anda dapat membaca tindak lanjut; menjawab dan menilai dilakukan oleh UPT dan auditor.")
        return
    if answers:
        if status in evaluation.CLOSING:
            st.caption(f"Rekomendasi ini sudah ditutup ({status_label(status)}); tidak dapat dijawab lagi.")
        else:
            plan_form(actor, rekomendasi_id)
            done_form(actor, rekomendasi_id)
    if judges:
        judge_form(actor, rekomendasi_id, status)
