"""The comparison of evaluations: cached scores per role, the status toggle, the units of the filters, the instrument admin."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, fmt, store, views
from lapas_metrics.ui.data import clear_caches, database, metric_inputs, stamp
from lapas_metrics.ui.frame import Filters, current_filters
from lapas_metrics.ui.widgets import uploader_words

DRAFTS_KEY = "evc_drafts"
INSTRUMENT_FILE_KEY = "evc_instrument_file"
INSTRUMENT_MB = 1  # an instrument is a few dozen kilobytes of text
OLD_KEEP_THEIR_VERSION = (
    "Evaluasi yang sudah dibuat tetap memakai versi instrumennya; hanya evaluasi baru memakai instrumen aktif."
)


@st.cache_data(show_spinner=False, max_entries=8)
def _scores(path: str, db_stamp: tuple[int, int], peran: str, _actor: auth.Actor) -> pd.DataFrame:
    # What the store shows depends on the role only (final only for pimpinan and operator), so the key is
    # the role; the actor itself (not hashed) is what the store checks.
    return store.evaluation_scores(Path(path), _actor)


def evaluation_scores(actor: auth.Actor) -> pd.DataFrame:
    """store.evaluation_scores for this actor (every unit), cached until the file changes, per role."""
    return _scores(str(database()), stamp(), actor.peran, actor)


@st.cache_data(show_spinner=False, max_entries=8)
def _instrument(path: str, db_stamp: tuple[int, int], versi: str) -> evaluation.Instrument:
    return store.instrument_of(Path(path), versi)


def evaluation_instrument(versi: str) -> evaluation.Instrument:
    """The stored instrument of this version (store.instrument_of), cached."""
    return _instrument(str(database()), stamp(), versi)


def evaluation_statuses(actor: auth.Actor) -> tuple[str, ...]:
    """The statuses shown: final only by default; auditors and admins may include draf and direviu with a
    toggle (pimpinan and operators see final evaluations only: the store gives them no others)."""
    if actor.peran in auth.FINAL_ONLY_ROLES:
        return (evaluation.FINAL,)
    drafts = st.toggle(
        "Sertakan evaluasi draf dan direviu",
        key=DRAFTS_KEY,
        help="Bawaan: hanya evaluasi final. Evaluasi yang belum final dapat masih berubah.",
    )
    return evaluation.STATES if drafts else (evaluation.FINAL,)


def evaluation_units() -> list[str] | None:
    """The units of the sidebar filters (kode_upt), with a caption naming them; None when the filters are not
    drawn (the database holds no figures yet): then every evaluated unit is shown."""
    filters = current_filters()
    if filters is None:
        return None
    st.caption(fmt.plain(units_label(filters)))
    return filters.codes(metric_inputs().upt)


def units_label(filters: Filters) -> str:
    """Which units the filters keep, in words: 'UPT: Kanwil Jawa Barat · hanya Lapas Industri'."""
    return "UPT: " + " · ".join(filters.unit_words)


def empty_sentence(actor: auth.Actor, stored: pd.DataFrame, statuses: tuple[str, ...]) -> str:
    """The one sentence of an empty comparison: nothing stored the actor may see, or nothing for the filters."""
    final = " final" if statuses == (evaluation.FINAL,) else ""
    if stored.empty or not stored["status"].isin(list(statuses)).any():
        return f"Belum ada evaluasi{final} yang tersimpan."
    return f"Tidak ada evaluasi{final} untuk UPT pada filter ini; ubah pilihan di bilah samping."


def period_choice(periods: list[str], tahun: int | None) -> str:
    """The period select box, newest first; it opens on the sidebar's fiscal year when it has evaluations."""
    choices = periods[::-1]
    if st.session_state.get("evc_periode") not in choices:
        wanted = f"TA {tahun}" if tahun is not None else None
        st.session_state["evc_periode"] = wanted if wanted in choices else choices[0]
    return str(st.selectbox("Periode evaluasi", choices, key="evc_periode"))


def version_choice(scores: pd.DataFrame, periode: str) -> str:
    """The instrument version of the heat map: the only one, or a choice (the most used first) with a note
    that the period's evaluations used different versions."""
    versions = views.period_versions(scores, periode)
    if len(versions) == 1:
        return versions[0]
    if st.session_state.get("evc_versi") not in versions:
        st.session_state["evc_versi"] = versions[0]
    versi = str(st.selectbox("Versi instrumen", versions, key="evc_versi"))
    st.warning(
        f"Evaluasi {fmt.plain(periode)} memakai {len(versions)} versi instrumen yang bagiannya dapat berbeda; "
        f"peta di bawah hanya menampilkan UPT yang dievaluasi dengan versi {fmt.plain(versi)}."
    )
    return versi


# ---------------------------------------------------------------- the instrument (admins)


def instrument_admin(actor: auth.Actor) -> None:
    """The admin's instrument section: upload a replacement TOML (validated by store.save_instrument, every
    problem a sentence, nothing saved), the active one to download, and every stored version with who/when."""
    st.subheader("Instrumen evaluasi")
    path = database()
    uploader_words(INSTRUMENT_FILE_KEY, INSTRUMENT_MB, ["toml"])
    uploaded = st.file_uploader(
        "Ganti instrumen dengan berkas TOML",
        type=["toml"],
        key=INSTRUMENT_FILE_KEY,
        max_upload_size=INSTRUMENT_MB,
        help="Tata tulisnya seperti berkas instrumen aktif (unduh di bawah): kode butir unik, bobot > 0, "
        "5 tingkat skala, angka yang ada di METRICS.md.",
    )
    if uploaded is not None and st.button("Periksa dan aktifkan", key="evc_instrument_save", type="primary"):
        _save(path, uploaded.getvalue(), actor)
    versi, text = store.active_instrument_text(path)
    st.caption(f"Instrumen aktif: **{fmt.plain(versi)}**. {OLD_KEEP_THEIR_VERSION}")
    st.download_button(
        "Unduh instrumen aktif (TOML)",
        text.encode("utf-8"),
        file_name=f"{versi}.toml",
        mime="application/toml",
        key="evc_instrument_download",
        on_click="ignore",
    )
    listed = store.list_instruments(path)
    if listed.empty:
        st.caption("Belum ada instrumen tersimpan: instrumen bawaan disimpan saat evaluasi pertama dibuat.")
        return
    st.dataframe(
        instrument_table(listed), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="evc_instruments"
    )


def _save(path: Path, data: bytes, actor: auth.Actor) -> None:
    try:
        saved = store.save_instrument(path, data, actor)
    except store.InstrumentRefused as error:
        st.error(
            f"Instrumen tidak disimpan ({fmt.number(len(error.problems))} masalah):\n"
            + "\n".join(f"- {fmt.plain(problem)}" for problem in error.problems)
        )
        return
    except auth.Forbidden as error:
        st.error(fmt.plain(error))
        return
    clear_caches()
    st.success(f"Instrumen **{fmt.plain(saved.versi)}** sekarang aktif untuk evaluasi baru. {OLD_KEEP_THEIR_VERSION}")


def instrument_table(listed: pd.DataFrame) -> pd.DataFrame:
    """store.list_instruments for the screen: Versi, Judul, Diunggah oleh, Waktu (local time), Aktif."""
    return pd.DataFrame(
        {
            "Versi": listed["versi"].astype(str),
            "Judul": listed["judul"].astype(str),
            "Diunggah oleh": listed["diunggah_oleh"].astype(str),
            "Waktu": clock.stamp_column(listed["waktu"]),
            "Aktif": ["ya" if bool(active) else "" for active in listed["aktif"]],
        }
    )
