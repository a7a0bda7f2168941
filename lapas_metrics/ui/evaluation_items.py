"""The Evaluasi page's answers: items by section with their levels, notes and evidence, and the KKE out and back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, evaluation, export, fmt, store, templates, views
from lapas_metrics.evaluation import TIDAK_BERLAKU, Instrument, Item, Section
from lapas_metrics.ui.data import clear_caches, database, stamp
from lapas_metrics.ui.finding_form import item_action
from lapas_metrics.ui.upload_screens import max_upload_mb
from lapas_metrics.ui.widgets import uploader_words

Suggestions = dict[str, tuple[int, float]]
CHOICES: tuple[int | str, ...] = (*evaluation.LEVELS, TIDAK_BERLAKU)
EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "csv", "txt", "zip"]
KKE_TYPES = ["xlsx", "csv"]


@st.cache_data(show_spinner=False, max_entries=8)
def _suggestions(
    path: str, db_stamp: tuple[int, int], kode: str, end: dt.date, digest: str, _instrument: Instrument
) -> Suggestions:
    return store.suggestions_for(Path(path), kode, end.year, _instrument, end)


def suggestions(record: store.EvaluationRecord, instrument: Instrument) -> Suggestions:
    """kode -> (suggested level, the unit's value) for the evaluation's unit and period (store.suggestions_for),
    cached per database state; the digest stands for the instrument."""
    end: dt.date = record.header["periode_selesai"]  # type: ignore[assignment]
    kode = str(record.header["kode_upt"])
    return _suggestions(str(database()), stamp(), kode, end, instrument.digest or instrument.versi, instrument)


def editable(record: store.EvaluationRecord, actor: auth.Actor) -> bool:
    """Whether this user may change the answers now: ketua tim or anggota, in draf (the store checks again)."""
    return actor.can("evaluasi") and evaluation.can_edit(record.status, record.role_of(actor.username))


def stored_answers(record: store.EvaluationRecord) -> dict[str, dict[str, object]]:
    """kode -> the stored answer's tingkat, catatan, alasan and waktu."""
    rows = record.jawaban.to_dict("records")
    return {str(row["kode"]): {str(key): value for key, value in row.items()} for row in rows}


def choice_label(item: Item, choice: int | str) -> str:
    """A radio option: '3 — <the description of level 3>', or 'Tidak berlaku'."""
    if choice == TIDAK_BERLAKU:
        return "Tidak berlaku"
    return f"{choice} — {item.skala[int(choice)]}"


def figure_line(item: Item, found: Suggestions) -> str | None:
    """'Capaian PNBP UPT ini: 82,0 % → saran tingkat 3.' for an item with a figure; None without one."""
    if item.angka is None:
        return None
    nama = item.angka.nama
    if item.kode not in found:
        return f"{views.label(nama)}: data UPT ini belum ada untuk periode ini, jadi tidak ada saran tingkat."
    level, value = found[item.kode]
    return (
        f"{views.label(nama)} UPT ini: {views.format_figure(nama, value, short=False)} → saran tingkat {level}. "
        "Tingkat lain memerlukan alasan."
    )


def _key(record: store.EvaluationRecord, item: Item, kept: dict[str, object], part: str) -> str:
    # The stored answer's time is in the key: an answer changed elsewhere (a KKE import, another user) gives
    # fresh widgets showing it, so a later save never writes back what the page showed before.
    when = kept.get("waktu")
    version = "baru" if fmt.is_missing(when) else pd.Timestamp(when).strftime("%Y%m%d%H%M%S%f")  # type: ignore[arg-type]
    return f"ev_{record.evaluasi_id}_{item.kode}_{version}_{part}"


def _item_inputs(record: store.EvaluationRecord, item: Item, kept: dict[str, object], found: Suggestions) -> None:
    st.markdown(f"**{fmt.plain(item.kode)}** {fmt.plain(item.pertanyaan)}")
    st.caption(f"Bukti: {fmt.plain(item.bukti)} · Sumber: {fmt.plain(item.sumber)}")
    line = figure_line(item, found)
    if line:
        st.caption(f"📈 {line}")
    tingkat = kept.get("tingkat")
    index = CHOICES.index(tingkat) if tingkat in CHOICES else None  # type: ignore[arg-type]
    st.radio(
        f"Tingkat {item.kode}",
        CHOICES,
        index=index,
        format_func=lambda choice: choice_label(item, choice),
        key=_key(record, item, kept, "tingkat"),
        label_visibility="collapsed",
    )
    st.text_area("Catatan", value=_text(kept.get("catatan")), key=_key(record, item, kept, "catatan"), height=68)
    if item.kode in found:
        st.text_input(
            "Alasan bila tingkat berbeda dari saran",
            value=_text(kept.get("alasan")),
            key=_key(record, item, kept, "alasan"),
        )


def _kilobytes(size: object) -> float:
    return float(size) / 1024  # type: ignore[arg-type]


def _text(value: object) -> str:
    return "" if fmt.is_missing(value) else str(value)


def _save_section(record: store.EvaluationRecord, section: Section, found: Suggestions, actor: auth.Actor) -> None:
    """record_answer for each item of the section whose level, note or reason differ from the stored answer."""
    stored = stored_answers(record)
    entries: list[store.ItemAnswer] = []
    for item in section.items:
        kept = stored.get(item.kode, {})
        tingkat = st.session_state.get(_key(record, item, kept, "tingkat"))
        catatan = str(st.session_state.get(_key(record, item, kept, "catatan")) or "").strip()
        alasan = str(st.session_state.get(_key(record, item, kept, "alasan")) or "").strip()
        before = (kept.get("tingkat"), _text(kept.get("catatan")).strip(), _text(kept.get("alasan")).strip())
        if (tingkat, catatan, alasan if item.kode in found else before[2]) == before:
            continue
        if tingkat is None and not catatan:
            continue
        entries.append((item.kode, tingkat, catatan, alasan or None, None))
    saved: list[str] = []
    problems: list[str] = []
    if entries:
        # One read of the unit's figures and one write for the whole section, each item judged on its own.
        try:
            changed, problems = store.record_item_answers(database(), record.evaluasi_id, entries, actor)
            saved = [kode for kode, *_ in entries if kode in changed]
        except (store.EvaluationError, auth.Forbidden) as error:
            problems = [str(error)]
    if saved:
        clear_caches()
        st.session_state["ev_pesan"] = f"Tersimpan: butir {', '.join(saved)}."
        st.session_state["ev_galat"] = problems  # shown after the rerun, above the sections
        st.rerun()
    for problem in problems:
        st.error(fmt.plain(problem))
    if not problems:
        st.info("Tidak ada perubahan pada bagian ini; tidak ada yang disimpan.")


def answer_sections(
    record: store.EvaluationRecord, instrument: Instrument, found: Suggestions, actor: auth.Actor
) -> None:
    """Each section in an expander: a form of its items saved with one button when the user may edit, else the
    answers as a table; the section's evidence below. Then, for whoever records findings, "Catat temuan" from
    an item."""
    st.subheader("Jawaban per butir")
    for problem in st.session_state.pop("ev_galat", []) or []:
        st.error(fmt.plain(problem))
    stored = stored_answers(record)
    may_edit = editable(record, actor)
    for section in instrument.sections:
        answered = sum(stored.get(item.kode, {}).get("tingkat") is not None for item in section.items)
        # keyed: the expander stays open when its count changes after a save or an upload
        label = f"{section.judul} — {answered} dari {len(section.items)} butir dijawab"
        with st.expander(label, key=f"ev_bagian_{section.kunci}"):
            if may_edit:
                with st.form(f"ev_form_{section.kunci}"):
                    for item in section.items:
                        _item_inputs(record, item, stored.get(item.kode, {}), found)
                        st.divider()
                    if st.form_submit_button("Simpan bagian ini", type="primary", key=f"ev_simpan_{section.kunci}"):
                        _save_section(record, section, found, actor)
            else:
                st.dataframe(
                    answers_table(section, stored),
                    hide_index=True,
                    placeholder=fmt.MISSING,
                    width="stretch",
                    key=f"ev_jawaban_{section.kunci}",
                )
            evidence(record, section, actor, may_edit)
    item_action(record, instrument, actor)


def answers_table(section: Section, stored: dict[str, dict[str, object]]) -> pd.DataFrame:
    """A section's answers read-only: Kode, Kriteria, Tingkat, Catatan, Alasan."""
    rows = []
    for item in section.items:
        kept = stored.get(item.kode, {})
        tingkat = kept.get("tingkat")
        shown = "–" if tingkat is None else ("Tidak berlaku" if tingkat == TIDAK_BERLAKU else str(tingkat))
        rows.append([item.kode, item.pertanyaan, shown, _text(kept.get("catatan")), _text(kept.get("alasan"))])
    return pd.DataFrame(rows, columns=["Kode", "Kriteria", "Tingkat", "Catatan", "Alasan"])


# ---------------------------------------------------------------- evidence


def evidence(record: store.EvaluationRecord, section: Section, actor: auth.Actor, may_edit: bool) -> None:
    """The section's evidence files with a download each, and (when the user may edit) the form to attach one."""
    codes = [item.kode for item in section.items]
    files = record.bukti[record.bukti["kode"].isin(codes)]
    st.markdown("**Bukti berkas**")
    if files.empty:
        st.caption("Belum ada berkas bukti pada bagian ini.")
    for row in files.itertuples(index=False):
        sha = str(row.sha256)
        st.download_button(
            f"⬇️ {row.kode} · {row.nama_file} ({fmt.number(_kilobytes(row.ukuran), 1)} KB) · "
            f"{row.pengguna}, {clock.stamp_text(row.waktu)}",
            lambda sha=sha: store.evidence_file(database(), sha, actor),  # type: ignore[misc]
            file_name=str(row.nama_file),
            key=f"ev_bukti_unduh_{row.kode}_{sha[:16]}",
            on_click="ignore",
        )
    if not may_edit:
        return
    key = f"ev_bukti_{section.kunci}"
    kode = st.selectbox("Lampirkan bukti untuk butir", codes, key=f"{key}_butir")
    uploader_words(f"{key}_berkas", max_upload_mb(), EVIDENCE_TYPES)
    uploaded = st.file_uploader("Berkas bukti", type=EVIDENCE_TYPES, key=f"{key}_berkas")
    if st.button("Lampirkan", key=f"{key}_lampirkan", disabled=uploaded is None) and uploaded is not None:
        try:
            _, added = store.attach_evidence(
                database(), record.evaluasi_id, kode, uploaded.getvalue(), uploaded.name, actor
            )
        except (store.EvaluationError, auth.Forbidden) as error:
            st.error(fmt.plain(error))
            return
        clear_caches()
        st.session_state["ev_pesan"] = (
            f"Bukti {uploaded.name} dilampirkan pada butir {kode}."
            if added
            else f"Berkas {uploaded.name} sudah terlampir pada butir {kode}; tidak disimpan dua kali."
        )
        st.rerun()


# ---------------------------------------------------------------- the KKE


def kke_file(record: store.EvaluationRecord, instrument: Instrument, found: Suggestions, actor: auth.Actor) -> bytes:
    """The evaluation's KKE workbook now (export.kke_bytes with its team, answers and suggestions)."""
    paper = export.KkePaper(
        instrument=instrument,
        kode_upt=str(record.header["kode_upt"]),
        nama_upt=str(record.header["nama_upt"] or record.header["kode_upt"]),
        periode=str(record.header["periode"]),
        evaluasi_id=record.evaluasi_id,
        status=record.status,
        database_sha256=store.file_sha256(database()),
        exported_at=clock.utc_now(),
        team=[(str(nama), str(peran)) for nama, peran in zip(record.tim["nama"], record.tim["peran_tim"], strict=True)],
        answers={answer.kode: answer for answer in record.answers()},
        suggestions={kode: (level, value) for kode, (level, value) in found.items()},
    )
    return export.kke_bytes(paper, actor)


def kke_problem_table(result: evaluation.KkeResult) -> pd.DataFrame:
    """The KKE check's problems as the upload page shows them: Baris, Kolom, Nilai, Pesan (plain text)."""
    rows = [
        ["" if p.baris is None else str(p.baris), p.kolom or "", "" if p.nilai is None else str(p.nilai), p.pesan]
        for p in result.problems
    ]
    table = pd.DataFrame(rows, columns=["Baris", "Kolom", "Nilai", "Pesan"])
    return table.astype(object).map(lambda cell: fmt.plain(cell) if cell else "")


def kke(record: store.EvaluationRecord, instrument: Instrument, found: Suggestions, actor: auth.Actor) -> None:
    """Download the KKE for field work, and import it back filled in (checked whole, stored only when valid)."""
    st.subheader("Kertas Kerja Evaluasi (KKE)")
    stem = f"kke_{record.header['kode_upt']}_{record.evaluasi_id}"
    if actor.can("ekspor"):
        st.download_button(
            "⬇️ Unduh KKE (XLSX)",
            lambda: kke_file(record, instrument, found, actor),
            file_name=f"{stem}.xlsx",
            mime=templates.XLSX_MIME,
            key="ev_kke_unduh",
            on_click="ignore",
            help="Satu baris per butir dengan skala, bukti, saran data dan sel isian bertanda kuning.",
        )
    if record.status == evaluation.FINAL:
        st.caption("Evaluasi final tidak menerima impor KKE; buat versi koreksi bila perlu diperbaiki.")
        return
    if not editable(record, actor):
        st.caption("Impor KKE dilakukan oleh ketua tim atau anggota selama evaluasi berstatus Draf.")
        return
    uploader_words("ev_kke_file", max_upload_mb(), KKE_TYPES)
    uploaded = st.file_uploader("Impor KKE yang sudah diisi (XLSX atau CSV)", type=KKE_TYPES, key="ev_kke_file")
    if uploaded is None:
        return
    result = evaluation.read_kke(
        uploaded.getvalue(),
        uploaded.name,
        instrument,
        evaluasi_id=record.evaluasi_id,
        kode_upt=str(record.header["kode_upt"]),
        periode=str(record.header["periode"]),
        suggestions={kode: level for kode, (level, _) in found.items()},
    )
    if not result.ok:
        st.error(
            f"Berkas **{fmt.plain(uploaded.name)}** ditolak: {fmt.number(result.problem_count)} masalah ditemukan, "
            "tidak ada jawaban yang disimpan. Perbaiki berkas lalu impor lagi."
        )
        st.table(kke_problem_table(result), hide_index=True)
        return
    st.success(f"Berkas valid: {fmt.number(len(result.answers))} butir terisi siap disimpan.")
    if st.button("Simpan jawaban dari KKE", key="ev_kke_simpan", type="primary"):
        try:
            changed = store.record_answers(
                database(), record.evaluasi_id, result.answers, actor, uploaded.name, reasons=result.reasons
            )
        except (store.EvaluationError, auth.Forbidden) as error:
            st.error(fmt.plain(error))
            problems = getattr(error, "problems", [])
            if len(problems) > 1:
                st.table(pd.DataFrame({"Pesan": [fmt.plain(p) for p in problems]}), hide_index=True)
            return
        clear_caches()
        st.session_state["ev_pesan"] = f"Impor {uploaded.name}: {fmt.number(changed)} butir diubah."
        st.rerun()
