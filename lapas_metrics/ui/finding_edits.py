"""Temuan & Rekomendasi: the writes on one finding: edit with a reason, withdraw, add or change a recommendation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, fmt, store
from lapas_metrics.ui.data import clear_caches, database
from lapas_metrics.ui.finding_common import REFUSALS, show_refusal, text
from lapas_metrics.ui.finding_form import DEADLINE_DAYS, MESSAGE_KEY, unit_names

# the fields of temuan_riwayat as people read them (a withdrawal changes the status)
FIELD_LABELS = {name: word.capitalize() for name, word in evaluation.FIELD_WORDS.items()} | {"status": "Status"}
TEXT_FIELDS = ("judul", "kondisi", "kriteria", "sebab", "akibat")


def _write(action: object, message: str) -> None:
    try:
        action()  # type: ignore[operator]
    except REFUSALS as error:
        show_refusal(error)
        return
    clear_caches()
    st.session_state[MESSAGE_KEY] = message
    st.rerun()


def _changes(header: dict[str, object], key: str) -> dict[str, object]:
    """The edit form's fields that differ from the stored finding."""
    state = st.session_state
    changes: dict[str, object] = {}
    for name in TEXT_FIELDS:
        value = str(state.get(f"{key}_{name}") or "").strip()
        if value != text(header.get(name)).strip():
            changes[name] = value
    nilai = state.get(f"{key}_nilai")
    stored = header.get("nilai_temuan_rp")
    before = None if fmt.is_missing(stored) else Decimal(str(stored))
    after = None if nilai is None else Decimal(str(nilai))
    if after != before:
        changes["nilai_temuan_rp"] = after
    tanggal = state.get(f"{key}_tanggal")
    if tanggal is not None and tanggal != pd.Timestamp(header["tanggal_temuan"]).date():  # type: ignore[arg-type]
        changes["tanggal_temuan"] = tanggal
    return changes


def edit_form(temuan_id: int, header: dict[str, object], version: int, actor: auth.Actor) -> None:
    """Change the finding's texts, amount or date with a reason (store.edit_finding keeps old and new)."""
    # the history's length is in the keys: after a save the fields show the stored values again
    key = f"tm_ubah_{temuan_id}_{version}"
    stored = header.get("nilai_temuan_rp")
    with st.expander("✏️ Ubah temuan", key=f"tm_ubah_buka_{temuan_id}"), st.form(f"{key}_form"):
        for name in TEXT_FIELDS:
            widget = st.text_input if name == "judul" else st.text_area
            widget(FIELD_LABELS[name], value=text(header.get(name)), key=f"{key}_{name}")
        st.number_input(
            "Nilai temuan (Rp, boleh kosong)",
            min_value=0,
            value=None if fmt.is_missing(stored) else int(Decimal(str(stored))),
            step=1_000_000,
            key=f"{key}_nilai",
        )
        st.date_input(
            "Tanggal temuan",
            value=pd.Timestamp(header["tanggal_temuan"]).date(),  # type: ignore[arg-type]
            format="DD/MM/YYYY",
            key=f"{key}_tanggal",
        )
        alasan = st.text_input("Alasan perubahan", key=f"{key}_alasan")
        sent = st.form_submit_button("Simpan perubahan", type="primary", key="tm_ubah_simpan")
    if not sent:
        return
    changes = _changes(header, key)
    if not changes:
        st.info("Tidak ada isian yang berubah; tidak ada yang disimpan.")
        return
    words = ", ".join(FIELD_LABELS[name].lower() for name in changes)
    _write(
        lambda: store.edit_finding(database(), temuan_id, changes, actor, alasan=str(alasan).strip()),
        f"Perubahan tersimpan ({words}); nilai lama tetap ada di riwayat.",
    )


def withdraw_form(temuan_id: int, actor: auth.Actor) -> None:
    """Withdraw the finding with a reason (store.withdraw_finding): it stays in the register as 'Ditarik'."""
    with st.expander("↩️ Tarik temuan", key=f"tm_tarik_buka_{temuan_id}"):
        st.caption("Temuan yang ditarik tetap tercatat beserta alasannya; rekomendasinya tidak lagi dihitung.")
        alasan = st.text_input("Alasan penarikan", key=f"tm_tarik_alasan_{temuan_id}")
        if st.button("Tarik temuan ini", key="tm_tarik"):
            _write(
                lambda: store.withdraw_finding(database(), temuan_id, str(alasan).strip(), actor),
                "Temuan ditarik; barisnya tetap ada dengan alasannya.",
            )


def _next_number(recommendations: pd.DataFrame) -> str:
    numbers = [int(n) for n in recommendations["nomor_rekomendasi"].astype(str) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


def add_recommendation_form(
    temuan_id: int, header: dict[str, object], recommendations: pd.DataFrame, units: pd.DataFrame, actor: auth.Actor
) -> None:
    """Add a recommendation to the finding (store.add_recommendation); its unit is the finding's by default."""
    kode = str(header["kode_upt"])
    names = unit_names(units, kode)
    key = f"tm_rek_baru_{temuan_id}_{len(recommendations)}"
    with st.expander("➕ Tambah rekomendasi", key=f"tm_rek_baru_buka_{temuan_id}"), st.form(f"{key}_form"):
        first, second, third = st.columns([1, 2, 1.4])
        nomor = first.text_input("Nomor", value=_next_number(recommendations), key=f"{key}_nomor")
        pj = second.selectbox(
            "Penanggung jawab (UPT)", list(names), format_func=lambda code: names.get(code, code), key=f"{key}_pj"
        )
        batas = third.date_input(
            "Batas waktu",
            value=clock.today() + dt.timedelta(days=DEADLINE_DAYS),
            format="DD/MM/YYYY",
            key=f"{key}_batas",
        )
        isi = st.text_area("Isi rekomendasi", key=f"{key}_teks", height=68)
        sent = st.form_submit_button("Tambah rekomendasi", type="primary", key="tm_rek_baru_simpan")
    if sent:
        rec = evaluation.NewRecommendation(
            nomor=str(nomor).strip(), rekomendasi=str(isi).strip(), batas_waktu=batas, penanggung_jawab=str(pj)
        )
        _write(
            lambda: store.add_recommendation(database(), temuan_id, rec, actor),
            f"Rekomendasi {rec.nomor} ditambahkan.",
        )


def _recommendation_changes(row: dict[str, object], key: str) -> dict[str, object]:
    state = st.session_state
    changes: dict[str, object] = {}
    isi = str(state.get(f"{key}_teks") or "").strip()
    if isi != text(row["rekomendasi"]).strip():
        changes["rekomendasi"] = isi
    pj = state.get(f"{key}_pj")
    if pj is not None and str(pj) != str(row["penanggung_jawab"]):
        changes["penanggung_jawab"] = str(pj)
    batas = state.get(f"{key}_batas")
    if batas is not None and batas != pd.Timestamp(row["batas_waktu"]).date():  # type: ignore[arg-type]
        changes["batas_waktu"] = batas
    return changes


def edit_recommendation_form(
    temuan_id: int, recommendations: pd.DataFrame, units: pd.DataFrame, actor: auth.Actor
) -> None:
    """Change a recommendation's text, responsible unit or deadline with a reason (store.edit_recommendation
    keeps old and new); its status moves only by the auditor's judgement on the follow-up page."""
    rows = {int(row["rekomendasi_id"]): row for row in recommendations.to_dict("records")}
    with st.expander("🗓️ Ubah rekomendasi", key=f"tm_rek_ubah_buka_{temuan_id}"):
        chosen = st.selectbox(
            "Rekomendasi",
            list(rows),
            format_func=lambda i: f"{rows[i]['nomor_rekomendasi']} — {text(rows[i]['rekomendasi'])[:60]}",
            key=f"tm_rek_ubah_pilih_{temuan_id}",
        )
        if chosen is None:
            return
        row = {str(k): v for k, v in rows[int(chosen)].items()}
        # the recommendation and its state are in the key: after a save the fields show the stored values
        stamp = f"{row['penanggung_jawab']}_{pd.Timestamp(row['batas_waktu']).date()}_{len(text(row['rekomendasi']))}"  # type: ignore[arg-type]
        key = f"tm_rek_ubah_{chosen}_{stamp}"
        names = unit_names(units, str(row["penanggung_jawab"]))
        with st.form(f"{key}_form"):
            st.text_area("Isi rekomendasi", value=text(row["rekomendasi"]), key=f"{key}_teks", height=68)
            left, right = st.columns([2, 1.4])
            left.selectbox(
                "Penanggung jawab (UPT)", list(names), format_func=lambda code: names.get(code, code), key=f"{key}_pj"
            )
            right.date_input(
                "Batas waktu",
                value=pd.Timestamp(row["batas_waktu"]).date(),  # type: ignore[arg-type]
                format="DD/MM/YYYY",
                key=f"{key}_batas",
            )
            alasan = st.text_input("Alasan perubahan", key=f"{key}_alasan")
            sent = st.form_submit_button("Simpan perubahan rekomendasi", type="primary", key="tm_rek_ubah_simpan")
    if not sent:
        return
    changes = _recommendation_changes(row, key)
    if not changes:
        st.info("Tidak ada isian rekomendasi yang berubah; tidak ada yang disimpan.")
        return
    words = ", ".join(FIELD_LABELS[name].lower() for name in changes)
    _write(
        lambda: store.edit_recommendation(database(), int(chosen), changes, actor, alasan=str(alasan).strip()),
        f"Rekomendasi {row['nomor_rekomendasi']} diubah ({words}); nilai lama tetap ada di riwayat.",
    )
