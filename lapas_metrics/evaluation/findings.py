"""Findings and recommendations of EVALUATION.md in pure Python: the statuses, new records and their checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# The four statuses BPK uses for a recommendation's follow-up, the start first.
TL_STATUSES = ("belum_ditindaklanjuti", "belum_sesuai", "sesuai", "tidak_dapat_ditindaklanjuti")
TL_LABELS = {
    "belum_ditindaklanjuti": "Belum ditindaklanjuti",
    "belum_sesuai": "Belum sesuai",
    "sesuai": "Sesuai",
    "tidak_dapat_ditindaklanjuti": "Tidak dapat ditindaklanjuti",
}
TL_START = "belum_ditindaklanjuti"
# A judgement to one of these closes a recommendation, and needs a note.
CLOSING = frozenset({"sesuai", "tidak_dapat_ditindaklanjuti"})

# Where a finding comes from: a raised flag, an instrument item of an evaluation, nothing, the import matrix.
BENDERA, BUTIR, MANUAL, IMPOR = "bendera", "butir", "manual", "impor"
SOURCES = (BENDERA, BUTIR, MANUAL, IMPOR)
SOURCE_LABELS = {BENDERA: "Bendera", BUTIR: "Butir evaluasi", MANUAL: "Manual", IMPOR: "Impor matriks"}
AKTIF, DITARIK = "aktif", "ditarik"
FINDING_STATUSES = (AKTIF, DITARIK)
FINDING_STATUS_LABELS = {AKTIF: "Aktif", DITARIK: "Ditarik"}
# Follow-up kinds: one action of the action plan (with its planned date), what was done (its date, evidence).
RENCANA, PELAKSANAAN = "rencana", "pelaksanaan"
FOLLOWUP_KINDS = (RENCANA, PELAKSANAAN)
FOLLOWUP_LABELS = {RENCANA: "Rencana tindak lanjut", PELAKSANAAN: "Pelaksanaan tindak lanjut"}

# The fields an edit of a finding or a recommendation may change (each change kept in temuan_riwayat).
FINDING_FIELDS = ("judul", "kondisi", "kriteria", "sebab", "akibat", "nilai_temuan_rp", "tanggal_temuan")
RECOMMENDATION_FIELDS = ("rekomendasi", "penanggung_jawab", "batas_waktu")
REQUIRED_FIELDS = ("kondisi", "kriteria")
FIELD_WORDS = {
    "judul": "judul",
    "kondisi": "kondisi",
    "kriteria": "kriteria",
    "sebab": "sebab",
    "akibat": "akibat",
    "nilai_temuan_rp": "nilai temuan",
    "tanggal_temuan": "tanggal temuan",
    "rekomendasi": "teks rekomendasi",
    "penanggung_jawab": "penanggung jawab",
    "batas_waktu": "batas waktu",
}
NOMOR = re.compile(r"[A-Za-z0-9._/-]{2,64}")
NOMOR_REKOMENDASI = re.compile(r"[A-Za-z0-9._/-]{1,64}")
NOTE_FROM_IMPORT = "Status dari impor matriks"


class FindingError(ValueError):
    """A finding or follow-up that cannot be recorded; the message is Indonesian (one sentence, or the
    sentences of `problems` joined when several are wrong). Nothing was changed."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


@dataclass(frozen=True)
class NewRecommendation:
    """One recommendation of a new finding. penanggung_jawab: the kode_upt that must act ("" = the finding's
    unit). A status other than the start (and its note) comes only from the import matrix."""

    nomor: str
    rekomendasi: str
    batas_waktu: dt.date
    penanggung_jawab: str = ""
    status: str = TL_START
    catatan_status: str = ""


@dataclass(frozen=True)
class NewFinding:
    """A finding to record (EVALUATION.md "Finding"). tanggal_temuan None = today (clock.today()). sumber: one
    of SOURCES; a bendera finding names its flag and year (and the figure and threshold of that moment), a
    butir finding its evaluasi_id and kode_butir."""

    nomor_temuan: str
    kode_upt: str
    kondisi: str
    kriteria: str
    rekomendasi: tuple[NewRecommendation, ...]
    judul: str = ""
    sebab: str = ""
    akibat: str = ""
    nilai_temuan_rp: Decimal | None = None
    tanggal_temuan: dt.date | None = None
    sumber: str = MANUAL
    evaluasi_id: int | None = None
    kode_butir: str | None = None
    flag: str | None = None
    tahun_flag: int | None = None
    nilai_flag: float | None = None
    batas_flag: float | None = None


def status_label(status: object) -> str:
    """The label of a recommendation status code (the code itself when unknown)."""
    return TL_LABELS.get(str(status), str(status))


def parse_status(text: object) -> str:
    """A status code from a code or a label in any case, spaces or underscores ("Belum sesuai",
    "BELUM_SESUAI"); FindingError naming the four otherwise."""
    words = re.sub(r"[\s_]+", "_", str(text if text is not None else "").strip().lower())
    for code in TL_STATUSES:
        if words == code:
            return code
    shown = ", ".join(TL_LABELS[code] for code in TL_STATUSES)
    raise FindingError(f"Status tindak lanjut {text!r} tidak dikenal: tulis salah satu dari {shown}.")


def money(value: object) -> Decimal | None:
    """A nilai_temuan_rp as Decimal (None stays None); FindingError for text that is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value != value:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise FindingError(f"Nilai temuan harus berupa angka rupiah (tertulis {value!r}).") from error
    if not amount.is_finite():
        raise FindingError(f"Nilai temuan harus berupa angka rupiah (tertulis {value!r}).")
    return amount


def _blank(text: object) -> bool:
    return text is None or not str(text).strip()


def recommendation_problems(rec: NewRecommendation, label: str, sumber: str = MANUAL) -> list[str]:
    """The problems of one recommendation (`label` names it in the sentences, e.g. "Temuan T-1 rekomendasi 2")."""
    problems = []
    if not NOMOR_REKOMENDASI.fullmatch(str(rec.nomor or "").strip()):
        problems.append(f"{label}: nomor rekomendasi wajib diisi (huruf, angka, titik, garis miring atau minus).")
    if _blank(rec.rekomendasi):
        problems.append(f"{label}: teks rekomendasi wajib diisi.")
    if not isinstance(rec.batas_waktu, dt.date) or isinstance(rec.batas_waktu, dt.datetime):
        problems.append(f"{label}: batas waktu wajib berupa tanggal.")
    if rec.status not in TL_STATUSES:
        problems.append(f"{label}: status {rec.status!r} tidak dikenal.")
    elif rec.status != TL_START and sumber != IMPOR:
        problems.append(f"{label}: rekomendasi baru berstatus {TL_LABELS[TL_START]}; statusnya dinilai auditor.")
    return problems


def finding_problems(finding: NewFinding) -> list[str]:
    """The Indonesian sentences of what is wrong with a new finding; empty when it may be stored.

    nomor_temuan 2–64 characters of A–Z a–z 0–9 . _ / -; kondisi and kriteria required; at least one
    recommendation, their numbers unique inside the finding (case-insensitive); nilai_temuan_rp ≥ 0; a known
    sumber; bendera names its flag and year, butir its evaluasi_id and kode_butir. The unit, the penanggung
    jawab and the number's uniqueness in the register are the store's to check."""
    nomor = str(finding.nomor_temuan or "").strip()
    who = f"Temuan {nomor}" if nomor else "Temuan"
    problems = []
    if not NOMOR.fullmatch(nomor):
        problems.append(
            f"Nomor temuan {nomor!r} tidak sah: 2–64 karakter huruf, angka, titik, garis bawah, garis miring atau minus."
        )
    if _blank(finding.kode_upt):
        problems.append(f"{who}: kode UPT wajib diisi.")
    for field in REQUIRED_FIELDS:
        if _blank(getattr(finding, field)):
            problems.append(f"{who}: {FIELD_WORDS[field]} wajib diisi.")
    problems += _amount_problems(who, finding.nilai_temuan_rp)
    if finding.tanggal_temuan is not None and not isinstance(finding.tanggal_temuan, dt.date):
        problems.append(f"{who}: tanggal temuan wajib berupa tanggal.")
    problems += _source_problems(who, finding)
    if not finding.rekomendasi:
        problems.append(f"{who}: setidaknya satu rekomendasi wajib diisi.")
    seen: set[str] = set()
    for rec in finding.rekomendasi:
        number = str(rec.nomor or "").strip()
        problems += recommendation_problems(rec, f"{who} rekomendasi {number or '(tanpa nomor)'}", finding.sumber)
        if number and number.upper() in seen:
            problems.append(f"{who}: nomor rekomendasi {number} tertulis dua kali.")
        seen.add(number.upper())
    return problems


def _amount_problems(who: str, amount: object) -> list[str]:
    if amount is None:
        return []
    try:
        value = money(amount)
    except FindingError as error:
        return [f"{who}: {error}"]
    return [f"{who}: nilai temuan tidak boleh negatif."] if value is not None and value < 0 else []


def _source_problems(who: str, finding: NewFinding) -> list[str]:
    if finding.sumber not in SOURCES:
        return [f"{who}: sumber {finding.sumber!r} tidak dikenal (bendera, butir, manual atau impor)."]
    if finding.sumber == BENDERA and (_blank(finding.flag) or finding.tahun_flag is None):
        return [f"{who}: temuan dari bendera wajib menyebut benderanya dan tahunnya."]
    if finding.sumber == BUTIR and (finding.evaluasi_id is None or _blank(finding.kode_butir)):
        return [f"{who}: temuan dari butir evaluasi wajib menyebut evaluasi dan kode butirnya."]
    return []


def edit_problems(changes: Mapping[str, object], fields: tuple[str, ...]) -> list[str]:
    """What is wrong with an edit of a finding (fields = FINDING_FIELDS) or a recommendation
    (RECOMMENDATION_FIELDS): an unknown field, kondisi/kriteria/rekomendasi made empty, a negative amount."""
    problems = []
    for field, value in changes.items():
        if field not in fields:
            problems.append(f"Kolom {field} tidak dapat diubah di sini.")
        elif field in (*REQUIRED_FIELDS, "rekomendasi", "penanggung_jawab") and _blank(value):
            problems.append(f"{FIELD_WORDS[field].capitalize()} tidak boleh dikosongkan.")
        elif field == "nilai_temuan_rp":
            problems += _amount_problems("Temuan", value)
        elif field in ("tanggal_temuan", "batas_waktu") and not isinstance(value, dt.date):
            problems.append(f"{FIELD_WORDS[field].capitalize()} wajib berupa tanggal.")
    return problems


def judgement_problem(current: str, status: str, catatan: str) -> str | None:
    """Why a judgement from `current` to `status` with this note is refused; None when it may be kept. The
    status must be one of TL_STATUSES and differ from the current one; a closing status needs a note."""
    if status not in TL_STATUSES:
        return f"Status tindak lanjut {status!r} tidak dikenal."
    if status == current:
        return f"Status rekomendasi sudah {TL_LABELS[status]}; tidak ada yang diubah."
    if status in CLOSING and _blank(catatan):
        return f"Penilaian {TL_LABELS[status]} menutup rekomendasi dan wajib disertai catatan."
    return None
