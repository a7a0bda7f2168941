"""One upload end to end: read_upload, the problem report, repeated keys, cross-row checks, conforming."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lapas_metrics import config, schema
from lapas_metrics.ingest.limits import Limits, Rejected, file_too_big
from lapas_metrics.ingest.numbers import NUMBER_KINDS, choose_style, number_column, scan_numbers
from lapas_metrics.ingest.read import Sheet, match_header, read_sheet
from lapas_metrics.ingest.rules import apply_rules, known_keys
from lapas_metrics.ingest.values import DTYPES, NONE, converter, text_column
from lapas_metrics.schema import Table

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    baris: int | None  # spreadsheet row number (header row counted); None for the whole file
    kolom: str | None
    nilai: str | None
    pesan: str


@dataclass
class IngestResult:
    table: str
    rows: pd.DataFrame
    problems: list[Problem]  # the first MAX_PROBLEMS, file-level first, then in row order
    problem_count: int
    warnings: list[str]
    sha256: str
    file_name: str
    rownum: np.ndarray | None = None  # the spreadsheet row number of each row of `rows` (when ok)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def read_upload(
    data: bytes,
    file_name: str,
    table: str,
    *,
    locale: str | None = None,
    known_upt: Iterable[str] | None = None,
    linked: Mapping[str, pd.DataFrame] | None = None,
    max_bytes: int | None = None,
    today: datetime.date | None = None,
) -> IngestResult:
    """Read one uploaded CSV/XLSX file for `table` into conformed rows, or say what is wrong.

    A bad file or an unknown table name never raises: it comes back as a file-level Problem
    (baris None). `rows` has the table's columns in schema order, typed as in DTYPES, one
    row per data row of the file in file order; it is empty (with the columns) whenever any
    problem was found. `locale` forces the number style: "id" (1.234.567,50) or "en"
    (1,234,567.50); anything else is a ValueError. `known_upt`, when given, makes a kode_upt
    not in it a problem in the fact tables. `linked`, when given, holds the stored rows of the other tables
    the table references ({"kemitraan": frame, "aset": frame}, as store.linked_rows reads them): a value
    naming none of them is a problem, and the table's rules that need them (a report's year inside its
    agreement's term, a deposit's agreement of the same unit) are checked. `max_bytes` defaults to
    config.max_upload_bytes().
    """
    spec = schema.TABLES.get(str(table).strip().lower())
    if spec is None:
        if locale not in (None, "id", "en"):
            raise ValueError(f"locale harus 'id' atau 'en', bukan {locale!r}")
        problem = Problem(
            None, None, str(table), f"Tabel '{table}' tidak dikenal. Pilihan: {', '.join(schema.TABLES)}."
        )
        digest = hashlib.sha256(data).hexdigest()
        return IngestResult(str(table), pd.DataFrame(), [problem], 1, [], digest, file_name)
    return read_table_upload(
        data, file_name, spec, locale=locale, known_upt=known_upt, linked=linked, max_bytes=max_bytes, today=today
    )


def read_table_upload(
    data: bytes,
    file_name: str,
    spec: Table,
    *,
    locale: str | None = None,
    known_upt: Iterable[str] | None = None,
    linked: Mapping[str, pd.DataFrame] | None = None,
    max_bytes: int | None = None,
    today: datetime.date | None = None,
) -> IngestResult:
    """read_upload for a table described by `spec` (one of schema.TABLES, or another import such as the
    findings matrix): the same reading, limits, number styles, value checks and problem report. `known_upt`
    and `linked` check the columns the spec declares as references (Table.references)."""
    if locale not in (None, "id", "en"):
        raise ValueError(f"locale harus 'id' atau 'en', bukan {locale!r}")
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    limit = config.max_upload_bytes() if max_bytes is None else max_bytes
    units = None if known_upt is None else {str(kode).strip().upper() for kode in known_upt}
    known = known_keys(spec, units, linked)
    try:
        if len(data) > limit:
            raise file_too_big(len(data), limit)
        sheet = read_sheet(data, file_name, spec, warnings, Limits.from_settings())
        rows, report = _conform(sheet, spec, locale, (known, linked), today or datetime.date.today(), warnings)
    except Rejected as exc:
        problem = Problem(None, None, None, str(exc))
        return IngestResult(spec.name, _empty_frame(spec), [problem], 1, warnings, digest, file_name)
    rownum = None if report.count else report.rownum
    return IngestResult(spec.name, rows, report.problems(), report.count, warnings, digest, file_name, rownum)


def template_frame(table: str) -> pd.DataFrame:
    """The header and one example row of `table`; KeyError naming the tables if unknown."""
    spec = schema.get_table(table)
    return pd.DataFrame([[col.example for col in spec.columns]], columns=spec.column_names)


def template_csv(table: str) -> str:
    return template_frame(table).to_csv(index=False)


# --- problems ----------------------------------------------------------------------------


class _Report:
    """Problems by row; a message is only built for the first MAX_PROBLEMS rows of each check."""

    def __init__(self, rownum: np.ndarray) -> None:
        self.rownum = rownum
        self.file: list[Problem] = []
        self.rows: list[tuple[int, int, Problem]] = []
        self.count = 0

    def add_file(self, pesan: str) -> None:
        self.file.append(Problem(None, None, None, pesan))
        self.count += 1

    def add(self, positions: np.ndarray, order: int, kolom: str | None, describe: Callable[[int], tuple]) -> None:
        """`describe(position)` -> (offending value, the message after 'Baris N, kolom K: ')."""
        self.count += len(positions)
        for pos in positions[:MAX_PROBLEMS]:
            nilai, text = describe(int(pos))
            row = int(self.rownum[pos])
            where = f"Baris {row}, kolom {kolom}: " if kolom else f"Baris {row}: "
            self.rows.append((row, order, Problem(row, kolom, nilai, where + text)))

    def problems(self) -> list[Problem]:
        ordered = [problem for _, _, problem in sorted(self.rows, key=lambda item: item[:2])]
        return (self.file + ordered)[:MAX_PROBLEMS]


def _repeats(codes: list[np.ndarray], valid: np.ndarray, rownum: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
    """Valid rows whose codes all match an earlier valid row, and {row position: that row's number} for
    the first MAX_PROBLEMS of them."""
    rows = None if valid.all() else np.flatnonzero(valid)
    combined = np.zeros(len(valid) if rows is None else len(rows), dtype=np.int64)
    for column in codes:
        column = column if rows is None else column[rows]
        cardinality = int(column.max(initial=0)) + 1
        if int(combined.max(initial=0)) >= 2**62 // cardinality:  # keep the combined code inside int64
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined *= cardinality
        combined += column
    if not len(combined):
        return NONE, {}
    if combined.max() < 16 * len(combined):  # the usual case, told cheaply: no two rows alike
        seen = np.zeros(int(combined.max()) + 1, dtype=bool)
        seen[combined] = True
        if np.count_nonzero(seen) == len(combined):
            return NONE, {}
    group = pd.factorize(combined)[0]  # numbered in order of first appearance
    is_first = group > np.maximum.accumulate(np.concatenate([[-1], group[:-1]]))
    later = np.flatnonzero(~is_first)
    earlier = np.flatnonzero(is_first)[group[later]]
    if rows is not None:
        later, earlier = rows[later], rows[earlier]
    first = later[:MAX_PROBLEMS].tolist()
    return later, dict(zip(first, rownum[earlier[:MAX_PROBLEMS]].tolist(), strict=True))


def _cross_checks(
    table: Table,
    raw: dict,
    out: dict,
    codes: dict,
    bad: np.ndarray,
    report: _Report,
    linked: Mapping[str, pd.DataFrame] | None,
    warnings: list[str],
) -> None:
    """Rules across columns and rows; rows that already have a problem are left out. Then the rules the
    table declares (ingest.rules), which may fill defaults in `out` and add warnings."""
    later, first = _repeats([codes[name] for name in table.key], ~bad, report.rownum)

    def key(pos: int) -> tuple[str, str]:
        shown = ", ".join(str(raw[name].iat[pos]).strip() for name in table.key)
        return shown, f"kunci ({shown}) sama dengan baris {first[pos]}"

    report.add(later, len(table.columns), None, key)
    if table.name == "partisipasi":
        working, occupants = out["wbp_bekerja"], out["jumlah_penghuni"]
        over = np.flatnonzero((working > occupants).fillna(False).to_numpy(dtype=bool))
        report.add(
            over,
            table.column_names.index("wbp_bekerja"),
            "wbp_bekerja",
            lambda p: (str(working.iat[p]), f"{working.iat[p]} melebihi jumlah_penghuni ({occupants.iat[p]})"),
        )
    if table.name == "upt":
        nama, kanwil = out["nama_upt"], out["kanwil"]
        spaced = [names.str.lower().str.replace(r"\s+", " ", regex=True) for names in (kanwil, nama)]
        later, same = _repeats([pd.factorize(names)[0] for names in spaced], ~bad, report.rownum)
        report.add(
            later,
            table.column_names.index("nama_upt"),
            "nama_upt",
            lambda p: (nama.iat[p], f"'{nama.iat[p]}' sudah dipakai di baris {same[p]} dalam kanwil {kanwil.iat[p]}"),
        )
    outcome = apply_rules(table, raw, out, bad, report.rownum, linked)
    for positions, order, kolom, describe in outcome.issues:
        report.add(positions, order, kolom, describe)
    warnings.extend(outcome.warnings)


# --- conforming ----------------------------------------------------------------------------


def _empty_frame(table: Table) -> pd.DataFrame:
    return pd.DataFrame({col.name: pd.Series([], dtype=DTYPES[col.kind]) for col in table.columns})


def _closing_rows(sheet: Sheet, blank: set[int], key: list[int]) -> tuple[int, str] | None:
    """(position, label) of a closing Jumlah/Total row: the first non-blank row after the last row with
    every key column filled whose first filled cell says so; what follows it (a signature block, notes,
    blank rows) closes the sheet too."""
    cells = sheet.cells
    filled = np.ones(len(cells), dtype=bool)
    for column in key:
        filled &= (cells[column].str.strip() != "").to_numpy(dtype=bool)
    full = np.flatnonzero(filled)
    last = len(cells) - 1
    while last in blank:
        last -= 1
    start = min(int(full[-1]) + 1, last) if len(full) else 0
    for position in range(max(start, 0), last + 1):
        if position in blank:
            continue
        first_cell = next((text.strip() for text in cells.iloc[position] if text.strip()), "")
        if re.match(r"(jumlah|total)\b", first_cell, re.IGNORECASE):
            return position, first_cell
    return None


def _drop_layout_rows(sheet: Sheet, used: list[int], key: list[int], warnings: list[str]) -> Sheet:
    """Without blank rows (nothing in the table's columns) and a closing Jumlah/Total row with what follows.

    Row numbers stay those of the file. A row with text only in ignored columns (the
    pre-numbered "No" column of an unfilled template) counts as blank; a row with a cell that
    could not be read (sheet.bad) does not."""
    cells = sheet.cells
    blank: np.ndarray | None = None  # candidate rows, narrowed column by column
    for column in used:
        part = cells[column] if blank is None else cells[column].iloc[blank]
        is_blank = ((part == "") | part.str.isspace()).to_numpy(dtype=bool)
        blank = np.flatnonzero(is_blank) if blank is None else blank[is_blank]
        if not len(blank):
            break
    drop = set() if blank is None else set(blank.tolist()) - {row for row, column, _ in sheet.bad if column in used}
    closing = _closing_rows(sheet, drop, key) if len(cells) else None
    if closing is not None:
        position, label = closing
        below = [p for p in range(position + 1, len(cells)) if p not in drop]
        drop.update(range(position, len(cells)))
        more = f", bersama {len(below)} baris di bawahnya (tanda tangan atau catatan)" if below else ""
        warnings.append(f"Baris {sheet.rownum[position]} ('{label}') dianggap baris jumlah dan dilewati{more}.")
    if not drop:
        return sheet
    kept = np.ones(len(cells), dtype=bool)
    kept[list(drop)] = False
    keep: np.ndarray | slice = kept
    if not kept[min(drop) :].any():
        keep = slice(0, min(drop))  # only closing rows go: a slice copies nothing
    native = None if sheet.native is None else sheet.native[keep].reset_index(drop=True)
    moved = np.cumsum(kept) - 1
    bad = [(int(moved[row]), column, problem) for row, column, problem in sheet.bad if kept[row]]
    return Sheet(sheet.header, cells[keep].reset_index(drop=True), sheet.rownum[keep], native, bad)


def _flagged(sheet: Sheet, position: int) -> tuple[np.ndarray, dict[int, str]]:
    """Cells of one column that cannot be read (sheet.bad, and NUL characters): (rows, {row: problem})."""
    problems = {row: problem for row, column, problem in sheet.bad if column == position}
    text = sheet.cells[position]
    has_nul = pc.match_substring(pa.array(text), "\x00").to_numpy(zero_copy_only=False)
    nul = np.flatnonzero(np.asarray(has_nul, dtype=bool))
    problems.update(dict.fromkeys(nul.tolist(), "berisi karakter NUL (file rusak atau bukan teks)"))
    return np.array(sorted(problems), dtype=np.intp), problems


def _map_columns(sheet: Sheet, table: Table, warnings: list[str]) -> dict[str, int]:
    """{canonical column: position in the file}; rejects a missing required or doubled column."""
    columns: dict[str, int] = {}
    ignored = []
    header = sheet.header + [""] * (sheet.cells.shape[1] - len(sheet.header))
    for position, (text, name) in enumerate(zip(header, match_header(header, table), strict=True)):
        if name is None and text.strip():
            ignored.append(text.strip())
        elif name is None and (sheet.cells[position].str.strip() != "").any():
            warnings.append(f"Kolom ke-{position + 1} tanpa judul berisi data dan diabaikan.")
        elif name in columns:
            raise Rejected(f"Kolom {name} muncul lebih dari sekali (judul '{header[columns[name]]}' dan '{text}').")
        elif name is not None:
            columns[name] = position
    missing = [name for name in table.required_columns if name not in columns]
    if missing:
        raise Rejected(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    if ignored:
        warnings.append(f"Kolom yang tidak dikenal diabaikan: {', '.join(ignored)}.")
    return columns


def _value_and_problem(
    value_of: Callable[[int], str], describe: Callable[[int], str]
) -> Callable[[int], tuple[str, str]]:
    """For _Report.add: a row position -> (its text, its problem)."""
    return lambda p: (value_of(p), describe(p))


def _conform(
    sheet: Sheet,
    table: Table,
    locale: str | None,
    references: tuple[dict[str, tuple[set[str], str]], Mapping[str, pd.DataFrame] | None],
    today: datetime.date,
    warnings: list,
) -> tuple[pd.DataFrame, _Report]:
    """`references`: the keys each referencing column may hold (rules.known_keys) and the stored rows named."""
    known, linked = references
    columns = _map_columns(sheet, table, warnings)
    key = [columns[name] for name in table.key if name in columns]
    sheet = _drop_layout_rows(sheet, list(columns.values()), key, warnings)
    if sheet.cells.empty:
        raise Rejected("File tidak berisi baris data di bawah baris judul kolom.")
    n = len(sheet.cells)
    raw = {name: sheet.cells[position] for name, position in columns.items()}
    flagged = {name: _flagged(sheet, position) for name, position in columns.items()}
    for name, (rows, _) in flagged.items():
        if len(rows):  # read as empty, so that no other check speaks of them
            raw[name] = raw[name].copy()
            raw[name].iloc[rows] = ""
    native = {name: None if sheet.native is None else sheet.native[pos].to_numpy() for name, pos in columns.items()}
    scans = {
        c.name: scan_numbers(raw[c.name], native[c.name])
        for c in table.columns
        if c.name in raw and c.kind in NUMBER_KINDS
    }
    report = _Report(sheet.rownum)
    style, style_problem = (locale, None) if locale else choose_style(scans, sheet.rownum)
    if style_problem:
        report.add_file(style_problem)
    out: dict[str, pd.Series] = {}
    codes: dict[str, np.ndarray | None] = {}  # codes of the conformed key values, for the key check
    bad = np.zeros(n, dtype=bool)
    for order, col in enumerate(table.columns):
        if col.name not in raw:
            out[col.name] = pd.Series([col.default] * n, dtype=DTYPES[col.kind])
            continue

        def value_of(pos: int, text: pd.Series = raw[col.name]) -> str:
            return str(text.iat[pos]).strip()

        if col.name in scans:
            out[col.name], issues = number_column(col, scans[col.name], style, value_of)
        else:
            convert = converter(col, known.get(col.name), today)
            out[col.name], issues, codes[col.name] = text_column(raw[col.name], col, convert, col.name in table.key)
        rows, problems = flagged.get(col.name, (NONE, {}))
        if len(rows):
            issues = [(np.setdiff1d(positions, rows), describe) for positions, describe in issues]
            issues.append((rows, problems.__getitem__))
        for positions, describe in issues:
            bad[positions] = True
            report.add(positions, order, col.name, _value_and_problem(value_of, describe))
    _cross_checks(table, raw, out, codes, bad, report, linked, warnings)
    if report.count:
        return _empty_frame(table), report
    return pd.DataFrame(out, copy=False), report
