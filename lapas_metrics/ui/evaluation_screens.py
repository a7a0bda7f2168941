"""The Evaluasi page's frame: unit and period, the start form with its team, states and sign-off, score, history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, fmt, store, views
from lapas_metrics.evaluation import Instrument
from lapas_metrics.ui.data import clear_caches, database, metric_inputs, stamp
from lapas_metrics.ui.frame import available_years, current_filters
from lapas_metrics.ui.widgets import no_data, upt_picker

# Who opens the page: the roles that work on evaluations, and the pimpinan, who read final ones (the store
# enforces "final only"). An operator reads final evaluations on the unit's profile, not here.
EVALUATION_READERS = frozenset({"pimpinan"})
DEMO_TEAM_NOTE = (
    "Mode demo: tim evaluasi membutuhkan pengguna yang masuk dengan nama sendiri, jadi Mode demo hanya dapat "
    "menjadi ketua tim; tuliskan nama pengguna pengendali teknis dan pengendali mutu yang nanti ditambahkan "
    "(`python -m lapas_metrics user add`) — reviu dan penetapan final dilakukan setelah mereka masuk."
)
FIELD_LABELS = {
    "tingkat": "Tingkat",
    "catatan": "Catatan",
    "saran": "Saran tingkat",
    "angka_dikutip": "Angka dikutip",
    "alasan": "Alasan",
}
TARGET_BUTTONS = {
    evaluation.DIREVIU: "✅ Nyatakan direviu",
    evaluation.DRAF: "↩️ Kembalikan ke draf",
    evaluation.FINAL: "🔏 Tetapkan final",
}


def may_open(actor: auth.Actor) -> bool:
    """Whether the Evaluasi page is in this actor's navigation: auditors and admins work there, pimpinan read."""
    return actor.can("evaluasi") or actor.peran in EVALUATION_READERS


@dataclass(frozen=True)
class Choice:
    """The unit and fiscal year the page shows."""

    kode: str
    nama: str
    tahun: int

    @property
    def periode(self) -> str:
        return f"TA {self.tahun}"


def choose() -> Choice | None:
    """The unit (of the sidebar filters' units, by name) and the fiscal year; None after a sentence when none."""
    filters = current_filters()
    if filters is None:
        no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return None
    inputs = metric_inputs()
    units = filters.units(inputs.upt)
    if units.empty:
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return None
    left, right = st.columns([3, 1])
    with left:
        kode = upt_picker(views.picker_order(units), key="f_upt", label="UPT yang dievaluasi")
    years = available_years(inputs)[::-1]
    if st.session_state.get("ev_tahun") not in years:
        st.session_state["ev_tahun"] = filters.tahun if filters.tahun in years else years[0]
    with right:
        tahun = st.selectbox("Periode (tahun anggaran)", years, key="ev_tahun", format_func=lambda y: f"TA {y}")
    if kode is None:
        return None
    return Choice(str(kode), views.unit_name(units, str(kode)), int(tahun))


# ---------------------------------------------------------------- starting an evaluation


def team_candidates() -> dict[str, str]:
    """user name -> 'Nama (Peran)' of the configured users who may work on an evaluation."""
    users = auth.load_users()
    return {name: user.actor().label for name, user in sorted(users.items()) if user.actor().can("evaluasi")}


def start_form(actor: auth.Actor, choice: Choice) -> None:
    """The form that starts an evaluation of this unit and period with its team (store.start_evaluation)."""
    st.info(f"Belum ada evaluasi {fmt.plain(choice.nama)} untuk {choice.periode}. Mulai dengan menyusun timnya.")
    candidates = team_candidates()
    demo = actor == auth.DEMO_ACTOR and not candidates
    if demo:
        st.caption(DEMO_TEAM_NOTE)
    with st.form("ev_mulai"):
        team = _demo_team(actor) if demo else _team_pickers(actor, candidates)
        started = st.form_submit_button("Mulai evaluasi", type="primary", key="ev_mulai_kirim")
    if not started:
        return
    if team is None:
        st.error("Pilih ketua tim, pengendali teknis dan pengendali mutu.")
        return
    try:
        evaluasi_id = store.start_evaluation(database(), choice.kode, choice.tahun, team, actor=actor)
    except (store.EvaluationError, auth.Forbidden) as error:
        st.error(fmt.plain(error))
        return
    clear_caches()
    st.session_state["ev_pesan"] = f"Evaluasi {evaluasi_id} dimulai dalam status Draf."
    st.rerun()


def _team_pickers(actor: auth.Actor, candidates: dict[str, str]) -> list[store.TeamMember] | None:
    names = list(candidates)

    def label(name: str) -> str:
        return candidates.get(name, name)

    first = names.index(actor.username) if actor.username in candidates else None
    ketua = st.selectbox("Ketua tim", names, index=first, format_func=label, key="ev_ketua", placeholder="Pilih")
    anggota = st.multiselect(
        "Anggota", names, format_func=label, key="ev_anggota", placeholder="Boleh kosong", select_all=False
    )
    teknis = st.selectbox(
        "Pengendali teknis", names, index=None, format_func=label, key="ev_teknis", placeholder="Pilih"
    )
    mutu = st.selectbox("Pengendali mutu", names, index=None, format_func=label, key="ev_mutu", placeholder="Pilih")
    if not (ketua and teknis and mutu):
        return None
    users = auth.load_users()
    chosen = [(ketua, evaluation.KETUA_TIM), (teknis, evaluation.PENGENDALI_TEKNIS), (mutu, evaluation.PENGENDALI_MUTU)]
    chosen += [(name, evaluation.ANGGOTA) for name in anggota]
    return [store.TeamMember(name, role, users[name].nama if name in users else name) for name, role in chosen]


def _demo_team(actor: auth.Actor) -> list[store.TeamMember] | None:
    st.text_input("Ketua tim", value=actor.label, disabled=True, key="ev_ketua_demo")
    teknis = st.text_input("Nama pengguna pengendali teknis", key="ev_teknis_demo").strip()
    mutu = st.text_input("Nama pengguna pengendali mutu", key="ev_mutu_demo").strip()
    if not (teknis and mutu):
        return None
    return [
        store.TeamMember(actor.username, evaluation.KETUA_TIM, actor.nama),
        store.TeamMember(teknis, evaluation.PENGENDALI_TEKNIS, teknis),
        store.TeamMember(mutu, evaluation.PENGENDALI_MUTU, mutu),
    ]


# ---------------------------------------------------------------- the evaluation's header, states and sign-off


def team_text(record: store.EvaluationRecord) -> str:
    """'Ketua tim: Pak A; Anggota: –; …' from the evaluation's team."""
    parts = []
    for role, word in evaluation.ROLE_LABELS.items():
        names = record.tim.loc[record.tim["peran_tim"] == role, "nama"].tolist()
        parts.append(f"{word.capitalize()}: {', '.join(str(name) for name in names) or '–'}")
    return "; ".join(parts)


def summary(record: store.EvaluationRecord, instrument: Instrument, actor: auth.Actor) -> None:
    """Which evaluation this is: id, version, status, instrument, team and the user's role in it."""
    state = evaluation.STATE_LABELS.get(record.status, record.status)
    version = int(str(record.header["versi_evaluasi"]))
    koreksi = f" · koreksi atas evaluasi {record.header['mengganti']}" if version > 1 else ""
    st.subheader(f"Evaluasi {record.evaluasi_id} · {state}")
    st.caption(
        f"{fmt.plain(record.header['nama_upt'] or record.header['kode_upt'])} · {fmt.plain(record.header['periode'])}"
        f" · instrumen {fmt.plain(instrument.versi)} · versi evaluasi {version}{koreksi}"
    )
    st.markdown(f"**Tim** — {fmt.plain(team_text(record))}")
    role = record.role_of(actor.username)
    if role:
        st.caption(f"Peran Anda dalam tim: {evaluation.ROLE_LABELS[role]}.")
    if record.status == evaluation.FINAL:
        st.success("Evaluasi ini sudah final dan hanya dapat dibaca.", icon="🔏")


def sign_off(record: store.EvaluationRecord, actor: auth.Actor) -> None:
    """The moves the user's team role allows (states.allowed_targets) with a note; final needs a confirmation.
    A final evaluation offers "Buat koreksi" to its team."""
    role = record.role_of(actor.username)
    if record.status == evaluation.FINAL:
        if role is not None and actor.can("evaluasi") and st.button("Buat koreksi", key="ev_koreksi"):
            _write(lambda: store.start_correction(database(), record.evaluasi_id, actor=actor), "Versi koreksi dibuat.")
        return
    targets = evaluation.allowed_targets(record.status, role) if actor.can("evaluasi") else []
    if not targets:
        return
    st.markdown("**Reviu dan penetapan**")
    catatan = st.text_input("Catatan reviu", key=f"ev_catatan_status_{record.evaluasi_id}")
    sure = False
    if evaluation.FINAL in targets:
        sure = st.checkbox(
            "Saya yakin: evaluasi final tidak dapat diubah lagi (perbaikan lewat versi koreksi).",
            key=f"ev_yakin_{record.evaluasi_id}",
        )
    columns = st.columns(len(targets))
    for column, target in zip(columns, targets, strict=True):
        disabled = target == evaluation.FINAL and not sure
        if column.button(TARGET_BUTTONS[target], key=f"ev_ke_{target}", disabled=disabled):
            state = evaluation.STATE_LABELS[target]
            _write(
                lambda target=target: store.transition(database(), record.evaluasi_id, target, actor, catatan),
                f"Status evaluasi kini {state}.",
            )


def _write(action: object, message: str) -> None:
    try:
        action()  # type: ignore[operator]
    except (store.EvaluationError, auth.Forbidden) as error:
        st.error(fmt.plain(error))
        return
    clear_caches()
    st.session_state["ev_pesan"] = message
    st.rerun()


def show_message() -> None:
    """The sentence a write left for the rerun after it (then forgotten)."""
    message = st.session_state.pop("ev_pesan", None)
    if message:
        st.success(message)


# ---------------------------------------------------------------- score


def section_table(instrument: Instrument, record: store.EvaluationRecord) -> pd.DataFrame:
    """Per section: Bagian, Bobot, Butir, Dijawab, Tidak berlaku, Nilai (2 decimals, '–' without a score)."""
    scores = evaluation.section_scores(instrument, record.answers())
    return pd.DataFrame(
        {
            "Bagian": scores["judul"],
            "Bobot": scores["bobot"].map(lambda v: fmt.number(v, 0 if float(v).is_integer() else 2)),
            "Butir": scores["butir"].map(fmt.number),
            "Dijawab": scores["dijawab"].map(fmt.number),
            "Tidak berlaku": scores["tidak_berlaku"].map(fmt.number),
            "Nilai": scores["nilai"].map(lambda v: fmt.number(v, 2)),
        }
    )


def lost_table(instrument: Instrument, record: store.EvaluationRecord) -> pd.DataFrame:
    """The items that pulled the score down: Kode, Bagian, Kriteria, Tingkat, Poin hilang."""
    lost = evaluation.lost_points(instrument, record.answers())
    return pd.DataFrame(
        {
            "Kode": lost["kode"],
            "Bagian": lost["kunci"].map(lambda kunci: instrument.section(kunci).judul),
            "Kriteria": lost["pertanyaan"],
            "Tingkat": lost["tingkat"].map(str),
            "Poin hilang": lost["poin_hilang"].map(lambda v: fmt.number(v, 2)),
        }
    )


def score(instrument: Instrument, record: store.EvaluationRecord) -> None:
    """The total with its predikat, the section scores and the items that cost points."""
    st.subheader("Nilai")
    row = evaluation.score_row(instrument, record.answers())
    total = row["nilai_evaluasi"]
    cards = st.columns(2)
    cards[0].metric("Nilai evaluasi", fmt.number(total, 2) if total is not None else fmt.MISSING, border=True)
    cards[1].metric("Predikat", str(row["predikat"] or fmt.MISSING), border=True)
    if total is None:
        st.caption("Nilai muncul setelah sedikitnya satu butir dijawab dengan tingkat 0–4.")
    st.dataframe(
        section_table(instrument, record),
        hide_index=True,
        placeholder=fmt.MISSING,
        width="stretch",
        key="ev_nilai_bagian",
    )
    lost = lost_table(instrument, record)
    if not lost.empty:
        st.markdown("**Butir yang menurunkan nilai** (terbesar dahulu)")
        st.dataframe(lost, hide_index=True, placeholder=fmt.MISSING, width="stretch", key="ev_poin_hilang")


# ---------------------------------------------------------------- history


def state_table(states: pd.DataFrame) -> pd.DataFrame:
    """status_evaluasi as people read it: Waktu, Dari, Ke, Oleh, Peran tim, Catatan."""

    def state(value: object) -> str:
        return "–" if fmt.is_missing(value) else evaluation.STATE_LABELS.get(str(value), str(value))

    return pd.DataFrame(
        {
            "Waktu": states["waktu"].map(clock.stamp_text),
            "Dari": states["dari"].map(state),
            "Ke": states["ke"].map(state),
            "Oleh": states["pengguna"].astype(str),
            "Peran tim": states["peran_tim"].map(lambda r: evaluation.ROLE_LABELS.get(str(r), "–")),
            "Catatan": states["catatan"].map(lambda text: "" if fmt.is_missing(text) else fmt.plain(text)),
        }
    )


def change_table(changes: pd.DataFrame) -> pd.DataFrame:
    """jawaban_riwayat as people read it: Waktu, Butir, Isian, Lama, Baru, Oleh."""

    def text(value: object) -> str:
        return "–" if fmt.is_missing(value) else str(value)

    return pd.DataFrame(
        {
            "Waktu": changes["waktu"].map(clock.stamp_text),
            "Butir": changes["kode"].astype(str),
            "Isian": changes["field"].map(lambda f: FIELD_LABELS.get(str(f), str(f))),
            "Lama": changes["nilai_lama"].map(text),
            "Baru": changes["nilai_baru"].map(text),
            "Oleh": changes["pengguna"].astype(str),
        }
    )


def history(record: store.EvaluationRecord, actor: auth.Actor) -> None:
    """The states and every answer change (who, when, old, new), in an expander."""
    path: Path = database()
    with st.expander("Riwayat status dan perubahan jawaban"):
        states = store.state_history(path, record.evaluasi_id, actor)
        st.dataframe(
            state_table(states), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="ev_riwayat_status"
        )
        changes = store.answer_history(path, record.evaluasi_id, actor)
        if changes.empty:
            st.caption("Belum ada jawaban yang diubah.")
        else:
            st.dataframe(
                change_table(changes),
                hide_index=True,
                placeholder=fmt.MISSING,
                width="stretch",
                key="ev_riwayat_jawaban",
            )


# ---------------------------------------------------------------- the unit's profile


def latest_final_section(kode: str, actor: auth.Actor) -> None:
    """Profil UPT: the unit's latest final evaluation (total, predikat, sections, period, instrument); nothing
    when it has none."""
    path = database()
    record = _latest_final(str(path), stamp(), kode, actor)
    if record is None:
        return
    instrument = store.instrument_of(path, record.versi_instrumen)
    row = evaluation.score_row(instrument, record.answers())
    total = row["nilai_evaluasi"]
    st.subheader("📝 Evaluasi terakhir")
    st.caption(
        f"Evaluasi final {record.evaluasi_id} · {fmt.plain(record.header['periode'])} · instrumen "
        f"{fmt.plain(instrument.versi)}"
    )
    cards = st.columns(2)
    cards[0].metric("Nilai evaluasi", fmt.number(total, 2) if total is not None else fmt.MISSING, border=True)
    cards[1].metric("Predikat", str(row["predikat"] or fmt.MISSING), border=True)
    table = section_table(instrument, record)[["Bagian", "Bobot", "Nilai"]]
    st.dataframe(table, hide_index=True, placeholder=fmt.MISSING, width="stretch", key="pf_evaluasi")


@st.cache_data(show_spinner=False, max_entries=16)
def _latest_final(path: str, db_stamp: tuple[int, int], kode: str, _actor: auth.Actor) -> store.EvaluationRecord | None:
    # a final evaluation is visible to every role that reads evaluations, so the actor is not in the key
    return store.latest_final(Path(path), kode, _actor) if _actor.can("lihat_evaluasi") else None
