"""The new-finding form of Temuan & Rekomendasi and the "Catat temuan" actions that open it from a flag or an item."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

import pandas as pd
import streamlit as st

from lapas_metrics import audit, auth, clock, evaluation, fmt, store, views
from lapas_metrics.evaluation import Instrument
from lapas_metrics.ui.data import clear_caches, database
from lapas_metrics.ui.finding_common import REFUSALS, show_refusal, source_line

DRAFT_KEY = "tm_draf"  # the finding a "Catat temuan" click hands to the page (a dict of Draft's fields)
MESSAGE_KEY = "tm_pesan"  # the sentence a write leaves for the rerun after it
CHOSEN_KEY = "tm_pilih"  # the finding shown in detail
NEXT_CHOSEN_KEY = "tm_pilih_berikut"  # the finding to show after the rerun (tm_pilih is drawn before the form)
PAGE = "pages/temuan.py"
RESET_KEY = "tm_kosongkan"  # the form's fields to empty at the top of the next run (key -> empty value)
MAX_RECOMMENDATIONS = 10
DEADLINE_DAYS = 60  # the deadline a new recommendation starts with (the auditor changes it)
FIELDS = ("judul", "kondisi", "kriteria", "sebab", "akibat")
_NOT_CODE = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True)
class Draft:
    """What a "Catat temuan" click knows about the finding: its unit, kondisi (and kriteria, judul) and source."""

    kode_upt: str
    kondisi: str
    sumber: str
    tahun: int  # the audited year, for the suggested nomor_temuan
    judul: str = ""
    kriteria: str = ""
    flag: str | None = None
    tahun_flag: int | None = None
    nilai_flag: float | None = None
    batas_flag: float | None = None
    evaluasi_id: int | None = None
    kode_butir: str | None = None


def suggest_number(existing: Iterable[str], kode_upt: str, year: int) -> str:
    """T-<year>-<kode_upt without punctuation, upper case>-<nn>: the next nn (two digits at least) after the
    highest already used with that prefix (compared case-insensitively), 01 for the first."""
    prefix = f"T-{year}-{_NOT_CODE.sub('', kode_upt).upper()}-"
    used = [0]
    for nomor in existing:
        text = str(nomor).upper()
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            used.append(int(text[len(prefix) :]))
    return f"{prefix}{max(used) + 1:02d}"


def draft() -> Draft | None:
    """The finding handed over by a "Catat temuan" click, if one waits."""
    kept = st.session_state.get(DRAFT_KEY)
    return Draft(**kept) if isinstance(kept, dict) else None


def open_draft(found: Draft) -> None:
    """Hand the draft to the Temuan & Rekomendasi page and open it there (its form starts with the draft's values)."""
    _drop_draft()
    st.session_state[DRAFT_KEY] = asdict(found)
    st.switch_page(PAGE)


def _emptied() -> dict[str, object]:
    """The form's fields that stay drawn, each with its empty value: given to the key (not dropped from the
    session), the browser is sent it too, else it keeps showing the unit and texts of the finding saved."""
    return {"tm_kode": None, "tm_jumlah_rek": 1, **{f"tm_{name}": "" for name in FIELDS}}


def _drop_draft() -> None:
    """Forget the draft and empty the form (before its widgets are drawn: a click's callback, another page)."""
    for key in (DRAFT_KEY, "tm_draf_diisi"):
        st.session_state.pop(key, None)
    st.session_state.update(_emptied())


def empty_saved_form() -> None:
    """At the top of the run after a save: the fields that save emptied (they were drawn in its run)."""
    st.session_state.update(st.session_state.pop(RESET_KEY, {}))


# ---------------------------------------------------------------- Catat temuan from a flag or an item


def flag_lines(reasons: pd.DataFrame, kode: str, tahun: int, may_record: bool) -> None:
    """Ruang Audit: the raised flags of the unit-year, each with its sentence and, for whoever records findings,
    a "Catat temuan" button that opens the form with the sentence as kondisi and the figure and threshold kept."""
    rows = reasons[(reasons["kode_upt"] == kode) & (reasons["tahun"] == tahun)]
    if rows.empty:
        st.success("Tidak ada bendera yang menyala untuk UPT ini pada tahun ini.", icon="✅")
        return
    if not may_record:
        st.markdown(
            "\n".join(
                f"- :red[{audit.MARK_RAISED}] **{views.FLAG_LABELS[str(row.flag)]}** — {fmt.plain(row.kalimat)}"
                for row in rows.itertuples(index=False)
            )
        )
        return
    for row in rows.itertuples(index=False):
        flag, label = str(row.flag), views.FLAG_LABELS[str(row.flag)]
        text, action = st.columns([6, 1.4], vertical_alignment="center")
        text.markdown(f":red[{audit.MARK_RAISED}] **{label}** — {fmt.plain(row.kalimat)}")
        if action.button("📝 Catat temuan", key=f"au_catat_{flag}", help="Buka formulir temuan dengan kalimat ini"):
            open_draft(
                Draft(
                    kode_upt=kode,
                    kondisi=str(row.kalimat),
                    sumber="bendera",
                    tahun=tahun,
                    judul=label,
                    flag=flag,
                    tahun_flag=tahun,
                    nilai_flag=_number(row.nilai),
                    batas_flag=_number(row.batas),
                )
            )


def _number(value: object) -> float | None:
    return None if fmt.is_missing(value) else float(value)  # type: ignore[arg-type]


def item_kondisi(item: evaluation.Item, answer: dict[str, object]) -> str:
    """kondisi of a finding from an instrument item: the level given with its description, then the note."""
    tingkat, catatan = answer.get("tingkat"), answer.get("catatan")
    if tingkat is None or fmt.is_missing(tingkat):
        said = f"Butir {item.kode} belum dinilai."
    elif tingkat == evaluation.TIDAK_BERLAKU:
        said = f"Butir {item.kode} dinyatakan tidak berlaku."
    else:
        said = f"Butir {item.kode} dinilai tingkat {tingkat} ({item.skala[int(str(tingkat))].rstrip('.')})."
    note = "" if fmt.is_missing(catatan) else str(catatan).strip()
    return f"{said} {note}".strip()


def item_action(record: store.EvaluationRecord, instrument: Instrument, actor: auth.Actor) -> None:
    """Evaluasi: pick an instrument item and open the new-finding form with kondisi from its level and note,
    kriteria its question, and the evaluation and item kept (sumber "butir")."""
    if not actor.can("temuan"):
        return
    answers = {str(row["kode"]): {str(k): v for k, v in row.items()} for row in record.jawaban.to_dict("records")}
    items = {item.kode: item for section in instrument.sections for item in section.items}
    st.markdown("**Catat temuan dari butir**")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    kode = left.selectbox(
        "Butir",
        list(items),
        format_func=lambda code: f"{code} — {items[code].pertanyaan}",
        key="ev_temuan_butir",
    )
    if right.button("📝 Catat temuan", key="ev_catat_temuan") and kode is not None:
        item = items[str(kode)]
        end: dt.date = record.header["periode_selesai"]  # type: ignore[assignment]
        open_draft(
            Draft(
                kode_upt=str(record.header["kode_upt"]),
                kondisi=item_kondisi(item, answers.get(item.kode, {})),
                sumber="butir",
                tahun=end.year,
                kriteria=item.pertanyaan,
                evaluasi_id=record.evaluasi_id,
                kode_butir=item.kode,
            )
        )


# ---------------------------------------------------------------- the form


def _prefill(found: Draft | None) -> None:
    """The draft's values in the form's widgets once (later reruns keep what the auditor typed)."""
    if found is None or st.session_state.get("tm_draf_diisi") == asdict(found):
        return
    st.session_state["tm_kode"] = found.kode_upt
    for name in FIELDS:
        st.session_state[f"tm_{name}"] = getattr(found, name, "") or ""
    st.session_state["tm_draf_diisi"] = asdict(found)


def unit_names(units: pd.DataFrame, first: str) -> dict[str, str]:
    """kode_upt -> 'Nama (KODE)' for a responsible-unit picker, `first` (the finding's unit) first."""
    names = {str(k): f"{n} ({k})" for k, n in zip(units["kode_upt"], units["nama_upt"], strict=True)}
    return {first: names.get(first, first), **{k: v for k, v in names.items() if k != first}}


def _unit_and_count(units: pd.DataFrame, found: Draft | None) -> tuple[str | None, int]:
    names = dict(zip(units["kode_upt"], units["nama_upt"], strict=True))
    if found is not None and found.kode_upt not in names:
        names[found.kode_upt] = found.kode_upt
    left, right = st.columns([3, 1])
    kode = left.selectbox(
        "UPT temuan",
        list(names),
        index=None,
        format_func=lambda code: f"{names.get(code, code)} ({code})",
        key="tm_kode",
        placeholder="Pilih UPT",
    )
    count = right.number_input(
        "Jumlah rekomendasi", min_value=1, max_value=MAX_RECOMMENDATIONS, step=1, key="tm_jumlah_rek"
    )
    return (None if kode is None else str(kode)), int(count)


def _recommendation_inputs(index: int, kode: str, names: dict[str, str]) -> None:
    st.markdown(f"**Rekomendasi {index + 1}**")
    first, second, third = st.columns([1, 2, 1.4])
    first.text_input("Nomor", value=str(index + 1), key=f"tm_rek_{index}_nomor")
    second.selectbox(  # the finding's unit first: the default
        "Penanggung jawab (UPT)",
        list(names),
        format_func=lambda code: names.get(code, code),
        key=f"tm_rek_{index}_pj_{kode}",
    )
    third.date_input(
        "Batas waktu",
        value=clock.today() + dt.timedelta(days=DEADLINE_DAYS),
        format="DD/MM/YYYY",
        key=f"tm_rek_{index}_batas",
    )
    st.text_area("Isi rekomendasi", key=f"tm_rek_{index}_teks", height=68)


def _collected(kode: str, count: int, found: Draft | None, nomor_key: str) -> evaluation.NewFinding:
    """The form's values as a NewFinding (the store checks it: evaluation.finding_problems and the register)."""
    state = st.session_state
    recommendations = tuple(
        evaluation.NewRecommendation(
            nomor=str(state.get(f"tm_rek_{i}_nomor") or "").strip(),
            rekomendasi=str(state.get(f"tm_rek_{i}_teks") or "").strip(),
            batas_waktu=state.get(f"tm_rek_{i}_batas") or clock.today(),
            penanggung_jawab=str(state.get(f"tm_rek_{i}_pj_{kode}") or kode),
        )
        for i in range(count)
    )
    nilai = state.get("tm_nilai")
    origin = found if found is not None and found.kode_upt == kode else None
    return evaluation.NewFinding(
        nomor_temuan=str(state.get(nomor_key) or "").strip(),
        kode_upt=kode,
        kondisi=str(state.get("tm_kondisi") or "").strip(),
        kriteria=str(state.get("tm_kriteria") or "").strip(),
        rekomendasi=recommendations,
        judul=str(state.get("tm_judul") or "").strip(),
        sebab=str(state.get("tm_sebab") or "").strip(),
        akibat=str(state.get("tm_akibat") or "").strip(),
        nilai_temuan_rp=None if nilai is None else Decimal(str(nilai)),
        tanggal_temuan=state.get("tm_tanggal"),
        sumber=origin.sumber if origin else "manual",
        evaluasi_id=origin.evaluasi_id if origin else None,
        kode_butir=origin.kode_butir if origin else None,
        flag=origin.flag if origin else None,
        tahun_flag=origin.tahun_flag if origin else None,
        nilai_flag=origin.nilai_flag if origin else None,
        batas_flag=origin.batas_flag if origin else None,
    )


def new_finding_form(actor: auth.Actor, units: pd.DataFrame, numbers: list[str]) -> None:
    """The form of a new finding with its recommendations (store.record_finding); a draft from a flag or an item
    fills it first. `units`: the upt list (kode_upt, nama_upt); `numbers`: the nomor_temuan already used."""
    found = draft()
    _prefill(found)
    if found is not None:
        st.info(f"Temuan dari {source_line(found.sumber, asdict(found))}.", icon="📌")
        st.button("Batalkan, catat temuan tanpa sumber", key="tm_draf_batal", on_click=_drop_draft)
    kode, count = _unit_and_count(units, found)
    if kode is None:
        st.caption("Pilih UPT temuan untuk mengisi formulir.")
        return
    year = found.tahun if found is not None and found.kode_upt == kode else clock.today().year
    names = unit_names(units, kode)
    with st.form("tm_form_baru"):
        left, right = st.columns([2, 1])
        # keyed by the suggestion: another unit, or the next number after a save, is a fresh field
        suggested = suggest_number(numbers, kode, year)
        nomor_key = f"tm_nomor_{suggested}"
        left.text_input("Nomor temuan", value=suggested, key=nomor_key)
        right.date_input("Tanggal temuan", value=clock.today(), format="DD/MM/YYYY", key="tm_tanggal")
        st.text_input("Judul", key="tm_judul")
        st.text_area("Kondisi (wajib)", key="tm_kondisi", height=90)
        st.text_area("Kriteria (wajib)", key="tm_kriteria", height=68)
        st.text_area("Sebab", key="tm_sebab", height=68)
        st.text_area("Akibat", key="tm_akibat", height=68)
        st.number_input("Nilai temuan (Rp, boleh kosong)", min_value=0, value=None, step=1_000_000, key="tm_nilai")
        for index in range(count):
            _recommendation_inputs(index, kode, names)
        sent = st.form_submit_button("Simpan temuan", type="primary", key="tm_simpan")
    if sent:
        _save(_collected(kode, count, found, nomor_key), actor)


def _save(finding: evaluation.NewFinding, actor: auth.Actor) -> None:
    try:
        temuan_id = store.record_finding(database(), finding, actor)
    except REFUSALS as error:
        show_refusal(error)
        return
    clear_caches()
    for key in (DRAFT_KEY, "tm_draf_diisi"):
        st.session_state.pop(key, None)
    st.session_state[RESET_KEY] = _emptied()  # tm_kode None: the next run draws no form, so these start anew
    for key in [key for key in st.session_state if str(key).startswith(("tm_rek_", "tm_nomor_"))]:
        st.session_state.pop(key, None)
    for key in ("tm_tanggal", "tm_nilai"):
        st.session_state.pop(key, None)
    st.session_state[NEXT_CHOSEN_KEY] = temuan_id
    count = len(finding.rekomendasi)
    st.session_state[MESSAGE_KEY] = (
        f"Temuan {finding.nomor_temuan} tercatat dengan {count} rekomendasi; kini tampil di daftar temuan."
    )
    st.rerun()
