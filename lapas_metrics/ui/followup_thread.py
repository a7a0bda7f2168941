"""The Tindak Lanjut page's list: the recommendations in scope, the one chosen, its thread with evidence downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, fmt, store
from lapas_metrics.ui.data import database
from lapas_metrics.ui.followup_data import recommendations, thread
from lapas_metrics.ui.followup_screens import SHOWN_ROWS, show_table, status_label

ALL = ""  # the "every unit" choice of the list's unit picker
STATE_CHOICES = {
    "terbuka": "Terbuka (belum ditutup)",
    "lewat": "Lewat batas waktu",
    "semua": "Semua status",
    **{status: str(label) for status, label in evaluation.TL_LABELS.items()},
}
LIST_SHOWN = [
    "nomor_temuan",
    "nomor_rekomendasi",
    "nama_upt",
    "isi_rekomendasi",
    "penanggung_jawab",
    "batas_waktu",
    "status",
    "tindak_lanjut_terakhir",
    "tanggal_tindak_lanjut_terakhir",
]
HELD_KEY = "tl_ditahan"  # the recommendation just written to: still shown when it has left the list (closed)
LINK_KEY = "_tl_rek_from_link"  # the ?rekomendasi= value already read (a link is followed once, like ?upt=)
KIND_WORDS = {"rencana": "📋 Rencana aksi", "pelaksanaan": "🛠️ Pelaksanaan", "penilaian": "⚖️ Penilaian"}


def is_open(frame: pd.DataFrame) -> pd.Series:
    """True where a recommendation is not closed (its status is not in evaluation.CLOSING)."""
    return ~frame["status"].isin(evaluation.CLOSING)


def narrowed(frame: pd.DataFrame, kode_upt: str, state: str, as_of: dt.date) -> pd.DataFrame:
    """The recommendations of one unit (ALL: every one) in one state choice (STATE_CHOICES), as listed."""
    keep = pd.Series(True, index=frame.index)
    if kode_upt != ALL:
        keep &= frame["kode_upt"] == kode_upt
    if state == "terbuka":
        keep &= is_open(frame)
    elif state == "lewat":
        keep &= is_open(frame) & (pd.to_datetime(frame["batas_waktu"]) < pd.Timestamp(as_of))
    elif state != "semua":
        keep &= frame["status"] == state
    return frame[keep].sort_values(["nomor_temuan", "nomor_rekomendasi"]).reset_index(drop=True)


def option_text(row: pd.Series) -> str:
    """'T-2017-LPWKR-01 / 1 · Lapas … · Belum sesuai' for the recommendation picker."""
    return (
        f"{row['nomor_temuan']} / {row['nomor_rekomendasi']} · {row['nama_upt'] or row['kode_upt']} · "
        f"{status_label(row['status'])}"
    )


def _remembered(key: str, options: Sequence[Any], default: Any) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def _link_id(wanted: str) -> int | None:
    return int(wanted) if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18 else None


def _link_refusal(actor: auth.Actor, rekomendasi_id: int | None) -> str:
    """Why the linked recommendation cannot be opened in this scope, in one sentence."""
    seen = store.recommendations_frame(database(), actor, include_withdrawn=True)
    row = seen[seen["rekomendasi_id"] == rekomendasi_id]
    if rekomendasi_id is None or row.empty:
        return "Rekomendasi pada tautan tidak ditemukan atau tidak dapat Anda lihat."
    found = row.iloc[0]
    name = f"{fmt.plain(found['nomor_temuan'])} / {fmt.plain(found['nomor_rekomendasi'])}"
    if found["status_temuan"] == "ditarik":
        return f"Rekomendasi {name} pada tautan milik temuan yang sudah ditarik; tindak lanjutnya tidak dipantau lagi."
    return f"Rekomendasi {name} pada tautan milik UPT di luar filter bilah samping; ubah filter untuk melihatnya."


def follow_link(actor: auth.Actor, codes: Sequence[str], as_of: dt.date) -> None:
    """A link's ?rekomendasi=<id> (from a finding in Temuan & Rekomendasi), read once: that recommendation chosen,
    its unit in the list's picker, the status choice widened to every status when it would leave it out; one
    sentence when the viewer may not see it, it does not exist, or it lies outside the sidebar's units."""
    wanted = st.query_params.get("rekomendasi")
    if not wanted or st.session_state.get(LINK_KEY) == wanted:
        return
    st.session_state[LINK_KEY] = wanted
    rekomendasi_id = _link_id(wanted)
    frame = recommendations(actor, codes)
    row = frame[frame["rekomendasi_id"] == rekomendasi_id]
    if rekomendasi_id is None or row.empty:
        st.warning(_link_refusal(actor, rekomendasi_id), icon="🔗")
        return
    kode_upt = str(row["kode_upt"].iloc[0])
    st.session_state["tl_upt"] = st.session_state["_tl_upt_from_link"] = kode_upt
    st.session_state["tl_pilih"] = st.session_state[HELD_KEY] = rekomendasi_id
    if narrowed(row, kode_upt, str(st.session_state.get("tl_status", "terbuka")), as_of).empty:
        st.session_state["tl_status"] = "semua"


def choose(actor: auth.Actor, codes: Sequence[str], as_of: dt.date) -> pd.Series | None:
    """The list of the scope's recommendations (by unit and state) and the one chosen from it (None: none yet)."""
    st.subheader("📑 Daftar rekomendasi")
    frame = recommendations(actor, codes)
    if frame.empty:
        return None
    names = frame.drop_duplicates("kode_upt").set_index("kode_upt")["nama_upt"].sort_index()
    left, right = st.columns(2)
    units = [ALL, *names.index]
    wanted = st.query_params.get("upt")  # a link from the unit's profile
    if wanted in names.index and st.session_state.get("_tl_upt_from_link") != wanted:
        st.session_state["tl_upt"] = st.session_state["_tl_upt_from_link"] = wanted
    _remembered("tl_upt", units, ALL)
    kode = left.selectbox(
        "UPT", units, format_func=lambda code: "Semua UPT" if code == ALL else f"{names[code]} ({code})", key="tl_upt"
    )
    _remembered("tl_status", list(STATE_CHOICES), "terbuka")
    state = right.selectbox("Status", list(STATE_CHOICES), format_func=STATE_CHOICES.__getitem__, key="tl_status")
    listed = narrowed(frame, str(kode), str(state), as_of)
    if listed.empty:
        st.info("Tidak ada rekomendasi dengan pilihan ini.")
        return None
    shown = listed.rename(columns={"rekomendasi": "isi_rekomendasi"})
    show_table(shown, LIST_SHOWN, "tl_daftar", f"rekomendasi_{as_of}.csv")
    first = listed.head(SHOWN_ROWS)
    texts = {int(row["rekomendasi_id"]): option_text(row) for _, row in first.iterrows()}
    held = st.session_state.get(HELD_KEY)
    if held is not None and held == st.session_state.get("tl_pilih") and held not in texts:
        kept = frame[frame["rekomendasi_id"] == held]
        if not kept.empty:
            texts = {int(held): option_text(kept.iloc[0]), **texts}
    options = list(texts)
    _remembered("tl_pilih", options, None)
    chosen = st.selectbox(
        "Pilih rekomendasi untuk melihat dan mengisi tindak lanjutnya",
        options,
        index=None,
        format_func=lambda value: texts.get(int(value), str(value)),
        placeholder="Pilih rekomendasi",
        key="tl_pilih",
    )
    if chosen is None:
        return None
    return frame[frame["rekomendasi_id"] == chosen].iloc[0]


def header(row: pd.Series) -> None:
    """The chosen recommendation: its finding, text, responsible unit, deadline and status."""
    st.subheader(f"Rekomendasi {fmt.plain(row['nomor_temuan'])} / {fmt.plain(row['nomor_rekomendasi'])}", anchor=False)
    judul = fmt.plain(row["judul"]) if not fmt.is_missing(row["judul"]) and row["judul"] else "Temuan"
    st.markdown(f"**{judul}** — {fmt.plain(row['nama_upt'] or row['kode_upt'])}")
    st.markdown(fmt.plain(row["rekomendasi"]))
    st.caption(
        f"Penanggung jawab {fmt.plain(row['penanggung_jawab'])} · batas waktu {clock.date_text(row['batas_waktu'])}"
        f" · status: {status_label(row['status'])}"
    )


def entry_text(entry: Any) -> str:
    """One thread entry's body: the action and its date, what was done and when, or the status move and note."""
    if entry.jenis == "penilaian":
        before = "–" if fmt.is_missing(entry.status_lama) else status_label(entry.status_lama)
        text = f"Status: {before} → **{status_label(entry.status_baru)}**"
        if not fmt.is_missing(entry.catatan) and entry.catatan:
            text += f"  \nCatatan: {fmt.plain(entry.catatan)}"
        return text
    when = "rencana selesai" if entry.jenis == "rencana" else "dilaksanakan"
    return f"{fmt.plain(entry.uraian)} — {when} {clock.date_text(entry.tanggal)}"


def evidence_file(actor: auth.Actor, sha256: str) -> Callable[[], bytes]:
    """What an evidence download button reads when clicked: the file, scope-checked by the store."""
    return lambda: store.followup_file(database(), sha256, actor)


def show_thread(actor: auth.Actor, row: pd.Series) -> None:
    """The recommendation's header and its thread, oldest first, each piece of evidence a download."""
    header(row)
    rekomendasi_id = int(row["rekomendasi_id"])
    entries = thread(actor, rekomendasi_id)
    if entries.empty:
        st.info("Belum ada tindak lanjut atau penilaian.")
        return
    for number, entry in enumerate(entries.itertuples(index=False)):
        with st.container(border=True):
            who = fmt.plain(entry.pengguna) if entry.pengguna else "–"
            kind = str(entry.jenis)
            st.markdown(f"**{KIND_WORDS.get(kind, kind)}** · {clock.stamp_text(entry.waktu)} · {who}")
            st.markdown(entry_text(entry))
            evidence: list[tuple[str, str]] = list(entry.bukti or [])  # type: ignore[arg-type]
            for sha256, nama_file in evidence:
                st.download_button(
                    f"📎 {nama_file}",
                    evidence_file(actor, str(sha256)),
                    file_name=str(nama_file),
                    key=f"tl_bukti_{rekomendasi_id}_{number}_{str(sha256)[:12]}",
                )
