"""Temuan & Rekomendasi: the register of findings (filtered), a finding's detail with its recommendations and history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from lapas_metrics import auth, clock, evaluation, fmt, store
from lapas_metrics.ui.data import database, stamp
from lapas_metrics.ui.finding_common import SOURCE_LABELS, STATUS_LABELS, show_message, source_line, text
from lapas_metrics.ui.finding_edits import (
    FIELD_LABELS,
    TEXT_FIELDS,
    add_recommendation_form,
    edit_form,
    edit_recommendation_form,
    withdraw_form,
)
from lapas_metrics.ui.finding_form import CHOSEN_KEY, MESSAGE_KEY, NEXT_CHOSEN_KEY, empty_saved_form

FOLLOWUP_PAGE = "pages/tindak_lanjut.py"
STATUS_CHOICES = {"aktif": "Aktif", "ditarik": "Ditarik", "semua": "Semua"}
CHOICES_SHOWN = 500  # findings offered in the detail picker


def _who(actor: auth.Actor) -> tuple[str, str, tuple[str, ...]]:
    return actor.username, actor.peran, actor.upt


@st.cache_data(show_spinner=False, max_entries=8)
def _findings(
    path: str,
    db_stamp: tuple[int, int],
    who: tuple[str, str, tuple[str, ...]],
    codes: tuple[str, ...] | None,
    _actor: auth.Actor,
) -> pd.DataFrame:
    # `who` stands for the actor in the key: the store scopes the rows by it
    return store.list_findings(Path(path), _actor, kode_upt=codes, include_withdrawn=True)


def findings(actor: auth.Actor, codes: list[str] | None = None) -> pd.DataFrame:
    """store.list_findings (withdrawn ones too) for the units `codes` (None = every unit the actor sees), cached
    per database state and actor."""
    chosen = None if codes is None else tuple(sorted(codes))
    return _findings(str(database()), stamp(), _who(actor), chosen, actor)


def register_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The register as people read it: Nomor temuan, UPT, Judul, Tanggal, Sumber, Status, Rekomendasi terbuka
    ('1 dari 2'), Nilai temuan."""
    return pd.DataFrame(
        {
            "Nomor temuan": rows["nomor_temuan"].astype(str),
            "UPT": rows["nama_upt"].where(rows["nama_upt"].notna(), rows["kode_upt"]).astype(str),
            "Judul": rows["judul"].map(text),
            "Tanggal": rows["tanggal_temuan"].map(fmt.long_date),
            "Sumber": rows["sumber"].map(lambda s: SOURCE_LABELS.get(str(s), str(s))),
            "Status": rows["status"].map(lambda s: STATUS_LABELS.get(str(s), str(s))),
            "Rekomendasi terbuka": [
                f"{fmt.number(open_)} dari {fmt.number(all_)}"
                for open_, all_ in zip(rows["rekomendasi_terbuka"], rows["jumlah_rekomendasi"], strict=True)
            ],
            "Nilai temuan": rows["nilai_temuan_rp"].map(lambda v: "" if fmt.is_missing(v) else fmt.rupiah(v)),
        }
    )


def register(actor: auth.Actor, codes: list[str], units_text: str) -> pd.DataFrame:
    """The register of the sidebar's units with its status and source filters; returns the rows shown."""
    rows = findings(actor, codes)
    left, right = st.columns([1.4, 2])
    status = left.radio(
        "Status temuan", list(STATUS_CHOICES), format_func=STATUS_CHOICES.get, horizontal=True, key="tm_f_status"
    )
    sources = right.multiselect(
        "Sumber",
        list(SOURCE_LABELS),
        format_func=lambda code: SOURCE_LABELS.get(code, code),
        key="tm_f_sumber",
        placeholder="Semua sumber",
        select_all=False,
    )
    if status != "semua":
        rows = rows[rows["status"] == status]
    if sources:
        rows = rows[rows["sumber"].isin(sources)]
    st.caption(
        f"{fmt.number(len(rows))} temuan · {fmt.plain(units_text)} · menurut UPT di bilah samping (semua tahun)."
    )
    if rows.empty:
        st.info("Belum ada temuan yang cocok dengan filter ini.")
        return rows
    st.dataframe(register_table(rows), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="tm_daftar")
    return rows


# ---------------------------------------------------------------- one finding


def choose(rows: pd.DataFrame) -> int | None:
    """The finding to show in detail, among the register's rows: the one just recorded, else the one chosen
    before, else the latest."""
    if rows.empty:
        return None
    if len(rows) > CHOICES_SHOWN:
        # a picker of ten thousand options is sent to the browser on every rerun: the latest ones are enough
        rows = rows.sort_values("temuan_id").tail(CHOICES_SHOWN)
        st.caption(f"Pilihan memuat {fmt.number(CHOICES_SHOWN)} temuan terbaru; persempit filter untuk temuan lain.")
    ids = [int(i) for i in rows["temuan_id"]]
    names = {
        int(i): f"{nomor} — {text(judul) or text(kondisi)[:60]}"
        for i, nomor, judul, kondisi in zip(
            rows["temuan_id"], rows["nomor_temuan"], rows["judul"], rows["kondisi"], strict=True
        )
    }
    wanted = st.session_state.pop(NEXT_CHOSEN_KEY, None)
    if wanted in ids:
        st.session_state[CHOSEN_KEY] = wanted
    if st.session_state.get(CHOSEN_KEY) not in ids:
        st.session_state[CHOSEN_KEY] = max(ids)
    chosen = st.selectbox("Temuan", ids, format_func=lambda i: names.get(int(i), str(i)), key=CHOSEN_KEY)
    return None if chosen is None else int(chosen)


def recommendation_table(recommendations: pd.DataFrame) -> pd.DataFrame:
    """A finding's recommendations: Nomor, Rekomendasi, Penanggung jawab, Batas waktu, Status, Tindak lanjut terakhir."""
    return pd.DataFrame(
        {
            "Nomor": recommendations["nomor_rekomendasi"].astype(str),
            "Rekomendasi": recommendations["rekomendasi"].map(text),
            "Penanggung jawab": recommendations["penanggung_jawab"].astype(str),
            "Batas waktu": recommendations["batas_waktu"].map(fmt.long_date),
            "Status": recommendations["status"].map(lambda s: evaluation.TL_LABELS.get(str(s), str(s))),
            "Tindak lanjut terakhir": recommendations["tindak_lanjut_terakhir"].map(text),
        }
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """temuan_riwayat as people read it: Waktu, Isian, Lama, Baru, Alasan, Oleh."""

    def shown(value: object) -> str:
        return "–" if fmt.is_missing(value) else fmt.plain(value)

    return pd.DataFrame(
        {
            "Waktu": history["waktu"].map(clock.stamp_text),
            "Isian": history["field"].map(lambda f: FIELD_LABELS.get(str(f), str(f))),
            "Lama": history["nilai_lama"].map(shown),
            "Baru": history["nilai_baru"].map(shown),
            "Alasan": history["alasan"].map(shown),
            "Oleh": history["pengguna"].map(shown),
        }
    )


def _fields(header: dict[str, object]) -> None:
    status = str(header["status"])
    st.subheader(f"{fmt.plain(header['nomor_temuan'])} · {STATUS_LABELS.get(status, status)}")
    unit = text(header.get("nama_upt")) or text(header["kode_upt"])
    nilai = header.get("nilai_temuan_rp")
    amount = "" if fmt.is_missing(nilai) else f" · nilai temuan {fmt.rupiah(nilai)}"
    st.caption(
        f"{unit} ({fmt.plain(header['kode_upt'])}) · {fmt.long_date(header['tanggal_temuan'])}{amount} · "  # type: ignore[arg-type]
        f"sumber: {source_line(str(header['sumber']), header)} · dicatat oleh {text(header.get('dibuat_oleh')) or '–'}"
    )
    if status == "ditarik":
        st.warning(f"Temuan ini ditarik. Alasan: {text(header.get('alasan_ditarik')) or '–'}", icon="↩️")
    for name in TEXT_FIELDS:
        value = text(header.get(name))
        if value or name in ("kondisi", "kriteria"):
            st.markdown(f"**{FIELD_LABELS[name]}** — {value or '–'}")


def _followup_links(recommendations: pd.DataFrame) -> None:
    """A link per recommendation to the follow-up page (its address names the finding's unit and the
    recommendation: ?upt=<kode>&rekomendasi=<id>), when this role's navigation has that page."""
    row = st.container(horizontal=True, key="tm_tautan_tl")
    for item in recommendations.itertuples(index=False):
        try:
            row.page_link(
                FOLLOWUP_PAGE,
                label=f"Tindak lanjut rekomendasi {item.nomor_rekomendasi}",
                icon="➡️",
                query_params={"upt": str(item.kode_upt), "rekomendasi": str(item.rekomendasi_id)},
            )
        except StreamlitAPIException:
            st.caption("Tindak lanjut rekomendasi dijawab dan dinilai di halaman Tindak Lanjut.")
            return


def detail(temuan_id: int, actor: auth.Actor, units: pd.DataFrame) -> None:
    """One finding: its fields and source, recommendations with status labels and follow-up links, its edit
    history; for whoever records findings, edit with a reason, withdraw with a reason, add or change a
    recommendation."""
    path = database()
    record = store.finding(path, temuan_id, actor)
    header, recommendations = record.temuan, record.rekomendasi
    _fields(header)
    st.markdown("**Rekomendasi**")
    if recommendations.empty:
        st.caption("Temuan ini belum punya rekomendasi.")
    else:
        st.dataframe(
            recommendation_table(recommendations),
            hide_index=True,
            placeholder=fmt.MISSING,
            width="stretch",
            key="tm_rekomendasi",
        )
        _followup_links(recommendations)
    history = store.finding_history(path, temuan_id, actor)
    with st.expander(f"Riwayat perubahan ({fmt.number(len(history))})", key="tm_riwayat_buka"):
        if history.empty:
            st.caption("Belum ada perubahan sejak temuan dicatat.")
        else:
            st.dataframe(
                history_table(history), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="tm_riwayat"
            )
    if actor.can("temuan") and str(header["status"]) == "aktif":
        edit_form(temuan_id, header, len(history), actor)
        add_recommendation_form(temuan_id, header, recommendations, units, actor)
        if not recommendations.empty:
            edit_recommendation_form(temuan_id, recommendations, units, actor)
        withdraw_form(temuan_id, actor)


def numbers(actor: auth.Actor) -> list[str]:
    """Every nomor_temuan the actor sees (for the suggested number of a new finding)."""
    return findings(actor)["nomor_temuan"].astype(str).tolist()


def message() -> None:
    """The sentence the last write on this page left for the rerun after it (and the form a save emptied)."""
    empty_saved_form()
    show_message(MESSAGE_KEY)
