"""The rules a table declares (schema.Rule) applied to conformed rows: problems by row, warnings, defaults."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lapas_metrics import fmt, schema
from lapas_metrics.schema import Table

WARNED_ROWS = 10  # rows a warning rule names one by one; the others are counted


@dataclass
class RuleOutcome:
    """What the rules found: (rows, order, column or None, describe) per problem, and warnings."""

    issues: list[tuple[np.ndarray, int, str | None, Callable[[int], tuple[str, str]]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def known_keys(table: Table, known_upt: set[str] | None, linked: Mapping[str, pd.DataFrame] | None) -> dict:
    """{column: (the keys it may hold, upper case; where they are listed)} for the references that can be checked:
    kode_upt when `known_upt` is given, another table's key when `linked` holds that table's rows."""
    known: dict[str, tuple[set[str], str]] = {}
    for ref in table.references:
        if ref.table == "upt" and known_upt is not None:
            known[ref.column] = (known_upt, ref.listed_in)
        elif linked is not None and ref.table in linked:
            keys = linked[ref.table][ref.column].dropna().astype(str).str.strip().str.upper()
            known[ref.column] = (set(keys), ref.listed_in)
    return known


def row_units(table: Table, rows: pd.DataFrame, linked: Mapping[str, pd.DataFrame] | None) -> set[str]:
    """The kode_upt the rows belong to (upper case): their own, or that of the agreement or asset they name
    (Table.unit_reference, looked up in `linked`); a row naming nothing known counts as no unit."""
    ref = table.unit_reference
    if ref is None:
        return {str(code).upper() for code in rows["kode_upt"].unique()}
    parent = _by_key(linked, ref)
    return {str(parent["kode_upt"].get(key, "")).upper() for key in rows[ref.column].str.upper().unique()}


def _by_key(linked: Mapping[str, pd.DataFrame] | None, ref: schema.Reference) -> pd.DataFrame:
    frame = pd.DataFrame() if linked is None else linked.get(ref.table, pd.DataFrame())
    if frame.empty:
        return pd.DataFrame({"kode_upt": pd.Series([], dtype=object)}, index=pd.Index([], dtype=object))
    return frame.assign(_key=frame[ref.column].astype(str).str.upper()).set_index("_key")


def apply_rules(
    table: Table,
    raw: dict[str, pd.Series],
    out: dict[str, pd.Series],
    bad: np.ndarray,
    rownum: np.ndarray,
    linked: Mapping[str, pd.DataFrame] | None,
) -> RuleOutcome:
    """Apply the table's rules to rows without a problem so far (`bad` False); DefaultWhen fills `out` in place."""
    outcome = RuleOutcome()
    order = {name: i for i, name in enumerate(table.column_names)}

    def text(name: str, pos: int) -> str:
        return str(raw[name].iat[pos]).strip() if name in raw else ""

    for rule in table.rules:
        if isinstance(rule, schema.SumsTo):
            _sums_to(rule, out, bad, text, outcome, len(table.columns))
        elif isinstance(rule, schema.WarnAbove):
            _warn_above(rule, out, bad, rownum, text, outcome)
        elif isinstance(rule, schema.DefaultWhen):
            _default_when(rule, out)
        elif isinstance(rule, schema.YearInTerm):
            _year_in_term(rule, table, out, bad, linked, text, outcome, order[rule.column])
        elif isinstance(rule, schema.SameUnit):
            _same_unit(rule, table, out, bad, linked, text, outcome, order[rule.via])
    return outcome


def _number(value: float) -> str:
    """99.5 -> '99,5' (the Indonesian decimal comma), whole numbers without decimals."""
    return f"{round(float(value), 4):g}".replace(".", ",")


def _sums_to(rule: schema.SumsTo, out: dict, bad: np.ndarray, text: Callable, outcome: RuleOutcome, order: int) -> None:
    values = np.column_stack([out[name].to_numpy(dtype="float64", na_value=np.nan) for name in rule.columns])
    total = values.sum(axis=1)
    with np.errstate(invalid="ignore"):
        off = ~bad & np.isfinite(total) & (np.abs(total - rule.total) > rule.tolerance + 1e-9)

    def describe(pos: int) -> tuple[str, str]:
        parts = " + ".join(f"{name} ({text(name, pos)})" for name in rule.columns)
        message = (
            f"{parts} = {_number(total[pos])}; jumlah ketiganya harus {_number(rule.total)} "
            f"(selisih paling banyak {_number(rule.tolerance)})"
        )
        return _number(total[pos]), message

    outcome.issues.append((np.flatnonzero(off), order, None, describe))


def _warn_above(
    rule: schema.WarnAbove, out: dict, bad: np.ndarray, rownum: np.ndarray, text: Callable, outcome: RuleOutcome
) -> None:
    values = out[rule.column].to_numpy(dtype="float64", na_value=np.nan)
    among = out[rule.when_column].isin(rule.when).to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        over = np.flatnonzero(~bad & among & (values > rule.limit))
    for pos in over[:WARNED_ROWS]:
        outcome.warnings.append(
            f"Baris {rownum[pos]}, kolom {rule.column}: {text(rule.column, pos)} untuk {rule.when_column} "
            f"{out[rule.when_column].iat[pos]} melebihi {_number(rule.limit)} ({rule.reason}); "
            "ini peringatan, berkas tetap dapat disimpan."
        )
    if len(over) > WARNED_ROWS:
        outcome.warnings.append(
            f"{len(over) - WARNED_ROWS} baris lain juga memiliki {rule.column} di atas {_number(rule.limit)} "
            f"untuk {rule.when_column} {', '.join(rule.when)}."
        )


def _default_when(rule: schema.DefaultWhen, out: dict) -> None:
    column = out[rule.column].copy()
    empty = column.isna().to_numpy(dtype=bool)
    if not empty.any():
        return
    among = out[rule.when_column].isin(rule.when).to_numpy(dtype=bool)
    column[empty & among] = rule.then
    column[empty & ~among] = rule.otherwise
    out[rule.column] = column


def _named_rows(
    ref_column: str, table: Table, out: dict, bad: np.ndarray, linked: Mapping[str, pd.DataFrame] | None
) -> tuple[np.ndarray, pd.DataFrame] | None:
    """(rows without a problem that name a stored row through `ref_column`, those stored rows in row order)."""
    ref = next((r for r in table.references if r.column == ref_column), None)
    if ref is None or linked is None or ref.table not in linked:
        return None
    parent = _by_key(linked, ref)
    keys = out[ref_column].astype("str").str.upper()
    named = ~bad & out[ref_column].notna().to_numpy(dtype=bool) & keys.isin(parent.index).to_numpy(dtype=bool)
    positions = np.flatnonzero(named)
    return positions, parent.loc[keys.iloc[positions].to_numpy()]


def _year_in_term(
    rule: schema.YearInTerm,
    table: Table,
    out: dict,
    bad: np.ndarray,
    linked: Mapping[str, pd.DataFrame] | None,
    text: Callable,
    outcome: RuleOutcome,
    order: int,
) -> None:
    """A term runs from tanggal_mulai up to, not including, tanggal_berakhir (schema.term_end): a year is inside
    when it holds a day of it."""
    found = _named_rows(rule.via, table, out, bad, linked)
    if found is None:
        return
    positions, agreements = found
    outside: list[int] = []
    terms: dict[int, tuple[datetime.date, datetime.date]] = {}
    years = out[rule.column]
    for pos, start, length in zip(positions, agreements["tanggal_mulai"], agreements["jangka_tahun"], strict=True):
        if pd.isna(years.iat[pos]) or pd.isna(start) or pd.isna(length):
            continue
        first = pd.Timestamp(start).date()
        end = schema.term_end(first, int(length))
        if not first.year <= int(years.iat[pos]) <= (end - datetime.timedelta(days=1)).year:
            outside.append(int(pos))
            terms[int(pos)] = (first, end)

    def describe(pos: int) -> tuple[str, str]:
        first, end = terms[pos]
        return text(rule.column, pos), (
            f"{text(rule.column, pos)} di luar jangka perjanjian {out[rule.via].iat[pos]} "
            f"({fmt.long_date(first)} sampai {fmt.long_date(end)})"
        )

    outcome.issues.append((np.array(outside, dtype=np.intp), order, rule.column, describe))


def _same_unit(
    rule: schema.SameUnit,
    table: Table,
    out: dict,
    bad: np.ndarray,
    linked: Mapping[str, pd.DataFrame] | None,
    text: Callable,
    outcome: RuleOutcome,
    order: int,
) -> None:
    found = _named_rows(rule.via, table, out, bad, linked)
    if found is None:
        return
    positions, named = found
    theirs = named["kode_upt"].astype(str).str.upper().to_numpy()
    own = out["kode_upt"].astype("str").str.upper().to_numpy()[positions]
    other = positions[theirs != own]
    unit_of = dict(zip(positions.tolist(), named["kode_upt"].astype(str).tolist(), strict=True))

    def describe(pos: int) -> tuple[str, str]:
        return text(rule.via, pos), (
            f"'{text(rule.via, pos)}' adalah perjanjian UPT {unit_of[pos]}, bukan UPT {out['kode_upt'].iat[pos]}"
        )

    outcome.issues.append((other, order, rule.via, describe))
