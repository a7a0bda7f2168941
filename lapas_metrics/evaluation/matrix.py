"""The findings matrix read back like an upload: one row per recommendation (XLSX or CSV) -> NewFinding records or problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from lapas_metrics import clock, schema
from lapas_metrics.evaluation.findings import (
    IMPOR,
    NOMOR,
    NOMOR_REKOMENDASI,
    TL_START,
    FindingError,
    NewFinding,
    NewRecommendation,
    finding_problems,
    parse_status,
)
from lapas_metrics.fmt import FORMULA_START, is_missing
from lapas_metrics.ingest import MAX_PROBLEMS, Problem, read_table_upload

MATRIX_TITLE = "Matriks Temuan dan Tindak Lanjut"
MATRIX_SHEET = "matriks"  # the sheet read (case aside); else the first
# The import columns, in the order the export writes them; then what the export adds.
IMPORT_COLUMNS = (
    "nomor_temuan",
    "judul",
    "kondisi",
    "kriteria",
    "sebab",
    "akibat",
    "nilai_temuan_rp",
    "nomor_rekomendasi",
    "rekomendasi",
    "kode_upt",
    "batas_waktu",
    "status",
)
OPTIONAL_COLUMNS = ("penanggung_jawab", "tanggal_temuan")
EXPORT_ONLY_COLUMNS = ("tindak_lanjut_terakhir", "tanggal_tindak_lanjut_terakhir")  # read and ignored
# The columns of the finding itself: every row of one nomor_temuan must say the same in them.
FINDING_COLUMNS = ("judul", "kondisi", "kriteria", "sebab", "akibat", "nilai_temuan_rp", "kode_upt", "tanggal_temuan")
# Dates of the file are read up to this many years ahead (a deadline may lie beyond next year).
DATE_HORIZON_YEARS = 10


def _text(name: str, required: bool = True, description: str = "") -> schema.Column:
    return schema.Column(name, schema.TEXT, required=required, description=description)


MATRIX_TABLE = schema.Table(
    MATRIX_SHEET,
    MATRIX_TITLE,
    (
        _text("nomor_temuan", description="Nomor temuan, unik di register, mis. T-2017-LPWKR-01"),
        _text("judul", required=False),
        _text("kondisi"),
        _text("kriteria"),
        _text("sebab", required=False),
        _text("akibat", required=False),
        schema.Column("nilai_temuan_rp", schema.MONEY, required=False, minimum=0),
        _text("nomor_rekomendasi", description="Nomor rekomendasi di dalam temuannya, mis. 1"),
        _text("rekomendasi"),
        schema.Column("kode_upt", schema.KODE, description="UPT yang diperiksa (kode_upt di daftar UPT)"),
        schema.Column("batas_waktu", schema.DATE, description="Batas waktu tindak lanjut, mis. 2017-12-31"),
        _text("status", required=False, description="Status tindak lanjut; kosong = Belum ditindaklanjuti"),
        schema.Column("penanggung_jawab", schema.KODE, required=False),
        schema.Column("tanggal_temuan", schema.DATE, required=False),
        *(_text(name, required=False) for name in EXPORT_ONLY_COLUMNS),
    ),
    key=("nomor_temuan", "nomor_rekomendasi"),
    # both name a unit of the upt list (ingest checks them against known_upt)
    references=(
        schema.Reference("kode_upt", "upt", "daftar UPT"),
        schema.Reference("penanggung_jawab", "upt", "daftar UPT"),
    ),
)


@dataclass(frozen=True)
class MatrixResult:
    """What a findings matrix says. findings: in file order of their first row, each with its recommendations
    in file order (empty unless ok); problems: the first MAX_PROBLEMS, file-level first, then by row;
    problem_count: all of them; rows: the recommendation rows read."""

    findings: list[NewFinding]
    problems: list[Problem]
    problem_count: int
    file_name: str
    sha256: str
    rows: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def recommendation_count(self) -> int:
        return sum(len(finding.rekomendasi) for finding in self.findings)


def read_matrix(
    data: bytes,
    file_name: str,
    *,
    known_upt: Iterable[str] | None = None,
    registered: Iterable[str] = (),
    locale: str | None = None,
    max_bytes: int | None = None,
    today: dt.date | None = None,
) -> MatrixResult:
    """Read a findings matrix, or say what is wrong; never raises on a bad file.

    Read as an upload is (ingest.read_table_upload of MATRIX_TABLE: title rows above the header, the header
    found by nomor_temuan and nomor_rekomendasi, number and date styles, limits, "Baris N, kolom K: ..."
    problems). Required columns: nomor_temuan, kondisi, kriteria, nomor_rekomendasi, rekomendasi, kode_upt,
    batas_waktu; judul, sebab, akibat, nilai_temuan_rp, status, penanggung_jawab and tanggal_temuan may be
    left out or empty (status empty = belum_ditindaklanjuti; penanggung_jawab empty = the finding's unit).
    Then: every row of one nomor_temuan (case aside) says the same in FINDING_COLUMNS; a status is one of the
    four (code or label); tanggal_temuan is not after `today` (default clock.today()); a nomor_temuan in
    `registered` (the register's, case aside) is refused as already recorded; known_upt, when given, checks
    kode_upt and penanggung_jawab; then evaluation.finding_problems. Nothing is returned as findings unless
    the whole file is valid."""
    today = today or clock.today()
    horizon = dt.date(today.year + DATE_HORIZON_YEARS - 1, 12, 31)
    result = read_table_upload(
        data, file_name, MATRIX_TABLE, locale=locale, known_upt=known_upt, max_bytes=max_bytes, today=horizon
    )
    if not result.ok or result.rownum is None:
        return MatrixResult([], result.problems, result.problem_count, file_name, result.sha256, 0, result.warnings)
    rows = result.rows
    findings, problems = _findings(rows, result.rownum, {str(n).strip().upper() for n in registered}, today)
    if problems:
        problems.sort(key=lambda problem: problem.baris or 0)
        shown = problems[:MAX_PROBLEMS]
        return MatrixResult([], shown, len(problems), file_name, result.sha256, len(rows), result.warnings)
    return MatrixResult(findings, [], 0, file_name, result.sha256, len(rows), result.warnings)


def cell_text(value: object) -> str:
    """A text cell as written: "" when empty; the "'" an export put before formula-like text taken off again."""
    if is_missing(value):
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _rupiah(amount: float) -> Decimal:
    """A conformed amount (rounded to the sen) as the Decimal it says: 1500000.0 -> 1500000, 12.5 -> 12.5."""
    return Decimal(int(amount)) if amount.is_integer() else Decimal(str(round(amount, 2)))


def _same(value: object) -> object:
    """What two rows of one finding are compared on: text with its spaces evened out, dates, amounts."""
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _cells(record: Mapping[Any, Any]) -> dict[str, object]:
    """One conformed row as the values of a NewFinding: text, Decimal or None, dates or None."""
    cells: dict[str, object] = {name: cell_text(record[name]) for name in MATRIX_TABLE.column_names}
    amount = record["nilai_temuan_rp"]
    cells["nilai_temuan_rp"] = None if is_missing(amount) else _rupiah(float(amount))
    for name in ("batas_waktu", "tanggal_temuan"):
        day = record[name]
        cells[name] = None if is_missing(day) else pd.Timestamp(day).date()
    return cells


@dataclass
class _Group:
    """The rows of one nomor_temuan: its first row's number and cells, its recommendations."""

    row: int
    cells: dict[str, object]
    recommendations: list[NewRecommendation] = field(default_factory=list)
    bad: bool = False


def _findings(
    rows: pd.DataFrame, rownum: np.ndarray, registered: set[str], today: dt.date
) -> tuple[list[NewFinding], list[Problem]]:
    groups: dict[str, _Group] = {}
    problems: list[Problem] = []

    def problem(row: int, kolom: str | None, nilai: str, pesan: str) -> None:
        where = f"Baris {row}, kolom {kolom}: " if kolom else f"Baris {row}: "
        problems.append(Problem(row, kolom, nilai, where + pesan))

    for number, record in zip(rownum.tolist(), rows.to_dict("records"), strict=True):
        cells = _cells(record)
        nomor = str(cells["nomor_temuan"])
        before = len(problems)
        if not NOMOR.fullmatch(nomor):
            problem(
                number,
                "nomor_temuan",
                nomor,
                "nomor temuan 2–64 karakter huruf, angka, titik, garis bawah, garis miring atau minus.",
            )
        if not NOMOR_REKOMENDASI.fullmatch(str(cells["nomor_rekomendasi"])):
            problem(
                number,
                "nomor_rekomendasi",
                str(cells["nomor_rekomendasi"]),
                "nomor rekomendasi 1–64 karakter huruf, angka, titik, garis bawah, garis miring atau minus.",
            )
        status = TL_START
        if cells["status"]:
            try:
                status = parse_status(cells["status"])
            except FindingError as error:
                problem(number, "status", str(cells["status"]), str(error))
        tanggal = cells["tanggal_temuan"]
        if isinstance(tanggal, dt.date) and tanggal > today:
            problem(
                number, "tanggal_temuan", tanggal.isoformat(), f"tanggal temuan setelah hari ini ({today.isoformat()})."
            )
        group = groups.get(nomor.upper())
        if group is None:
            group = groups[nomor.upper()] = _Group(number, cells)
            if nomor.upper() in registered:
                problem(
                    number,
                    "nomor_temuan",
                    nomor,
                    f"temuan {nomor} sudah tercatat di register; impor hanya "
                    "menambah temuan baru (ubah temuan yang ada di halaman Temuan).",
                )
        else:
            for name in FINDING_COLUMNS:
                if _same(cells[name]) != _same(group.cells[name]):
                    problem(
                        number,
                        name,
                        _shown(cells[name]),
                        f"berbeda dengan baris {group.row} untuk temuan "
                        f"{group.cells['nomor_temuan']}; setiap baris satu temuan harus sama pada kolom temuan.",
                    )
        group.bad = group.bad or len(problems) > before
        group.recommendations.append(
            NewRecommendation(
                nomor=str(cells["nomor_rekomendasi"]),
                rekomendasi=str(cells["rekomendasi"]),
                batas_waktu=cells["batas_waktu"],  # type: ignore[arg-type]
                penanggung_jawab=str(cells["penanggung_jawab"]),
                status=status,
            )
        )
    findings = []
    for group in groups.values():
        finding = _finding(group)
        if not group.bad:
            for sentence in finding_problems(finding):
                problem(group.row, None, str(group.cells["nomor_temuan"]), sentence)
        findings.append(finding)
    return findings, problems


def _shown(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _finding(group: _Group) -> NewFinding:
    cells = group.cells
    return NewFinding(
        nomor_temuan=str(cells["nomor_temuan"]),
        kode_upt=str(cells["kode_upt"]),
        kondisi=str(cells["kondisi"]),
        kriteria=str(cells["kriteria"]),
        rekomendasi=tuple(group.recommendations),
        judul=str(cells["judul"]),
        sebab=str(cells["sebab"]),
        akibat=str(cells["akibat"]),
        nilai_temuan_rp=cells["nilai_temuan_rp"],  # type: ignore[arg-type]
        tanggal_temuan=cells["tanggal_temuan"],  # type: ignore[arg-type]
        sumber=IMPOR,
    )
