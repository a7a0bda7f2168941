"""A filled-in KKE read back like an upload: the exported XLSX or a CSV (kode,tingkat,catatan[,alasan]) -> answers."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from lapas_metrics import config, schema
from lapas_metrics.evaluation.instrument import Instrument
from lapas_metrics.evaluation.score import Answer, AnswerError, Tingkat, parse_tingkat
from lapas_metrics.evaluation.suggest import is_override, override_problem
from lapas_metrics.fmt import FORMULA_START
from lapas_metrics.ingest import MAX_PROBLEMS, Problem
from lapas_metrics.ingest.limits import Limits, Rejected, file_too_big
from lapas_metrics.ingest.read import Sheet, match_header, read_sheet
from lapas_metrics.ingest.xlsx import read_rows

KKE_SHEET, INFO_SHEET, GUIDE_SHEET = "KKE", "Info", "Petunjuk"
KKE_COLUMNS = ("kode", "tingkat", "catatan", "alasan")
# The keys of the Info sheet, in order: the first four are checked on import.
INFO_KEYS = ("evaluasi_id", "kode_upt", "periode", "versi_instrumen", "digest_instrumen")
TINGKAT_CHOICES = ("0", "1", "2", "3", "4", "tidak_berlaku")
REASON_WHERE = "kolom alasan"

KKE_TABLE = schema.Table(
    "kke",
    "Kertas Kerja Evaluasi",
    (
        schema.Column("kode", schema.TEXT),
        schema.Column("tingkat", schema.TEXT),
        schema.Column("catatan", schema.TEXT, required=False),
        schema.Column("alasan", schema.TEXT, required=False),
    ),
    key=("kode",),
)


@dataclass(frozen=True)
class KkeResult:
    """What a KKE file says. answers: one per row that gives a level or a note, in file order (empty
    unless ok); reasons: kode -> the override reason written (alasan; in a file without that column,
    the catatan of an override); problems: the first MAX_PROBLEMS, file-level first; problem_count:
    all of them; info: the Info sheet's values (empty for a CSV or a book without it)."""

    answers: list[Answer]
    reasons: dict[str, str]
    problems: list[Problem]
    problem_count: int
    file_name: str
    sha256: str
    info: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


@dataclass(frozen=True)
class Expected:
    """What the file must belong to; None = not checked."""

    evaluasi_id: int | str | None
    kode_upt: str | None
    periode: str | None
    instrument: Instrument


def read_kke(
    data: bytes,
    file_name: str,
    instrument: Instrument,
    *,
    evaluasi_id: int | str | None = None,
    kode_upt: str | None = None,
    periode: str | None = None,
    suggestions: Mapping[str, int] | None = None,
    max_bytes: int | None = None,
) -> KkeResult:
    """Read a filled-in KKE for `instrument`, or say what is wrong; never raises on a bad file.

    The XLSX is read from its sheet KKE (else the first), header row found as the importer does (the
    row naming `kode`); its Info sheet, when there, must name this evaluasi_id, kode_upt, periode and
    the instrument's versi and digest (each checked when given and written). A CSV has the columns
    kode, tingkat (0..4 or tidak_berlaku) and optionally catatan and alasan. suggestions: kode ->
    suggested level; a different answer needs a reason. A row with neither a level nor a note is not
    an answer. Nothing is returned as answers unless the whole file is valid.
    """
    digest = hashlib.sha256(data).hexdigest()
    limit = config.max_upload_bytes() if max_bytes is None else max_bytes
    expected = Expected(evaluasi_id, kode_upt, periode, instrument)
    warnings: list[str] = []
    info: dict[str, str] = {}
    try:
        if len(data) > limit:
            raise file_too_big(len(data), limit)
        limits = Limits.from_settings()
        if data.startswith(b"PK\x03\x04"):
            info = _info(data, limits)
            mismatch = _mismatch(info, expected)
            if mismatch:
                raise Rejected(mismatch)
        sheet = read_sheet(data, file_name, KKE_TABLE, warnings, limits)
        columns = _columns(sheet)
    except Rejected as exc:
        return KkeResult([], {}, [Problem(None, None, None, str(exc))], 1, file_name, digest, info, warnings)
    answers, reasons, problems = _rows(sheet, columns, instrument, suggestions or {})
    if problems:
        return KkeResult([], {}, problems[:MAX_PROBLEMS], len(problems), file_name, digest, info, warnings)
    return KkeResult(answers, reasons, [], 0, file_name, digest, info, warnings)


def _info(data: bytes, limits: Limits) -> dict[str, str]:
    """key -> value of the Info sheet (column A, column B); empty when the book has no sheet called Info."""
    rows = read_rows(data, INFO_SHEET.lower(), limits)
    if rows.title.strip().lower() != INFO_SHEET.lower():
        return {}
    values: dict[str, str] = {}
    for cells in rows.texts:
        if len(cells) >= 2 and cells[0].strip() in INFO_KEYS:
            values.setdefault(cells[0].strip(), cells[1].strip())
    return values


def _mismatch(info: Mapping[str, str], expected: Expected) -> str | None:
    """The one sentence saying the file belongs elsewhere, else None."""
    wanted_id = "" if expected.evaluasi_id is None else str(expected.evaluasi_id).strip()
    found_id = info.get("evaluasi_id", "")
    if wanted_id and found_id and found_id != wanted_id:
        return f"Berkas KKE ini milik evaluasi {found_id}, bukan evaluasi {wanted_id}; ekspor ulang KKE evaluasi ini."
    unit = info.get("kode_upt", "")
    if expected.kode_upt and unit and unit.upper() != expected.kode_upt.strip().upper():
        return f"Berkas KKE ini untuk UPT {unit}, bukan {expected.kode_upt.strip().upper()}; pilih berkas UPT ini."
    period = info.get("periode", "")
    if expected.periode and period and " ".join(period.split()) != " ".join(expected.periode.split()):
        return f"Berkas KKE ini untuk periode {period}, bukan {expected.periode.strip()}; pilih berkas periode ini."
    versi, instrument = info.get("versi_instrumen", ""), expected.instrument
    digest = info.get("digest_instrumen", "")
    if (versi and versi != instrument.versi) or (digest and instrument.digest and digest != instrument.digest):
        return (
            f"Berkas KKE ini dibuat dengan instrumen {versi or '(tanpa versi)'} ({digest[:12] or '–'}), bukan "
            f"{instrument.versi} ({instrument.digest[:12] or '–'}) yang dipakai evaluasi ini; ekspor ulang KKE."
        )
    return None


def _columns(sheet: Sheet) -> dict[str, int]:
    """name -> column index of the KKE columns in the header (the first when named twice)."""
    found: dict[str, int] = {}
    for index, name in enumerate(match_header(sheet.header, KKE_TABLE)):
        if name and name not in found:
            found[name] = index
    missing = [name for name in KKE_TABLE.required_columns if name not in found]
    if missing:
        raise Rejected(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    return found


def _text(value: str) -> str:
    """A cell as written: the "'" an export put before formula-like text taken off again; else stripped."""
    text = value.strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    bad: dict[str, str]


def _sheet_rows(sheet: Sheet, columns: Mapping[str, int]) -> list[_Row]:
    """The rows that hold something in a KKE column, with the reader's problems per column."""
    bad_by_cell = {(row, column): problem for row, column, problem in sheet.bad}
    rows = []
    for position, record in enumerate(sheet.cells.itertuples(index=False, name=None)):
        cells = {name: str(record[index]) if index < len(record) else "" for name, index in columns.items()}
        bad = {
            name: bad_by_cell[(position, index)] for name, index in columns.items() if (position, index) in bad_by_cell
        }
        if any(value.strip() for value in cells.values()) or bad:
            rows.append(_Row(int(sheet.rownum[position]), cells, bad))
    return rows


def _rows(
    sheet: Sheet, columns: Mapping[str, int], instrument: Instrument, suggestions: Mapping[str, int]
) -> tuple[list[Answer], dict[str, str], list[Problem]]:
    codes = {item.kode.upper(): item.kode for item in instrument.items}
    has_reason_column = "alasan" in columns
    seen: dict[str, int] = {}
    answers: list[Answer] = []
    reasons: dict[str, str] = {}
    problems: list[Problem] = []

    def problem(row: _Row, kolom: str, nilai: str, pesan: str) -> None:
        problems.append(Problem(row.number, kolom, nilai, f"Baris {row.number}, kolom {kolom}: {pesan}"))

    for row in _sheet_rows(sheet, columns):
        for kolom, text in row.bad.items():
            problem(row, kolom, row.cells[kolom], text)
        written = row.cells["kode"].strip()
        kode = codes.get(written.upper())
        if "kode" in row.bad:
            continue
        if not written:
            problem(row, "kode", "", "kode butir kosong; setiap baris yang diisi harus menyebut kodenya.")
            continue
        if kode is None:
            problem(row, "kode", written, f"butir {written} tidak ada dalam instrumen {instrument.versi}.")
            continue
        if kode in seen:
            problem(row, "kode", written, f"butir {kode} sudah ada di baris {seen[kode]}.")
            continue
        seen[kode] = row.number
        try:
            tingkat: Tingkat = parse_tingkat(row.cells["tingkat"], kode)
        except AnswerError as exc:
            problem(row, "tingkat", row.cells["tingkat"].strip(), str(exc))
            continue
        catatan, alasan = _text(row.cells.get("catatan", "")), _text(row.cells.get("alasan", ""))
        saran = suggestions.get(kode)
        # Without an alasan column (the CSV of kode,tingkat,catatan) the note carries the reason.
        reason_column = "alasan" if has_reason_column else "catatan"
        reason = alasan if has_reason_column else catatan
        sentence = override_problem(kode, tingkat, saran, reason, REASON_WHERE if has_reason_column else "catatan")
        if sentence:
            problem(row, reason_column, "", sentence)
            continue
        if reason and (has_reason_column or is_override(tingkat, saran)):
            reasons[kode] = reason
        if tingkat is not None or catatan:
            answers.append(Answer(kode, tingkat, catatan))
    return answers, reasons, problems
