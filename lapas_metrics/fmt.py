"""Indonesian formatting of numbers, rupiah, percentages and months; outgoing text made inert (formulas, markdown)."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

MISSING = "–"  # en dash: what every helper prints for None, NaN, NaT and pd.NA

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

# rupiah_short units, largest first: triliun, miliar, juta.
_UNITS = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "M"), (Decimal(10) ** 6, "jt"))


def is_missing(x: object) -> bool:
    """True for None, NaN, NaT, pd.NA and infinities (nothing sensible to print)."""
    if x is None:
        return True
    try:
        if pd.isna(x):  # type: ignore[call-overload]
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(x, float) and math.isinf(x)


def _decimal(x: object) -> Decimal:
    # str() of a float is its shortest round-trip form, so 2.675 rounds half-up to 2.68
    # as a reader expects, not to the binary neighbour's 2.67.
    if isinstance(x, (int, Decimal)) and not isinstance(x, bool):
        return Decimal(x)
    return Decimal(str(float(x)))  # type: ignore[arg-type]


def _digits(value: Decimal, decimals: int, trim: bool = False) -> str:
    """`value` rounded half-up, '.' between thousands and ',' before decimals."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    if trim and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def number(x: object, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; number(0.2145, 2) -> "0,21"; missing -> "–"."""
    if is_missing(x):
        return MISSING
    return _digits(_decimal(x), decimals)


def decimal_text(x: object, decimals: int = 2) -> str:
    """A number for a CSV, rounded half-up as `number` rounds: 66.6666 -> "66.67", 60 -> "60.00" ('.' before
    the decimals, no thousands separator); missing -> "" (an empty cell)."""
    if is_missing(x):
        return ""
    rounded = _decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{abs(rounded) if rounded == 0 else rounded:.{decimals}f}"


def rupiah(x: object) -> str:
    """1234567.4 -> "Rp 1.234.567" (whole rupiah); negative -> "-Rp 1.234.567"; missing -> "–"."""
    if is_missing(x):
        return MISSING
    value = _decimal(x)
    text = "Rp " + _digits(abs(value), 0)
    return "-" + text if value < 0 and text != "Rp 0" else text


def rupiah_short(x: object) -> str:
    """Rupiah to three significant digits: "Rp 1,2 T", "Rp 1,23 M", "Rp 450 jt"; below a million as rupiah()."""
    if is_missing(x):
        return MISSING
    value = _decimal(x)
    size = abs(value)
    if size.quantize(Decimal(1), rounding=ROUND_HALF_UP) < _UNITS[-1][0]:
        return rupiah(x)
    for i, (unit, name) in enumerate(_UNITS):
        if size >= unit or i == len(_UNITS) - 1:
            scaled = size / unit
            decimals = 2 if scaled < 10 else 1 if scaled < 100 else 0
            rounded = scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            if rounded >= 1000 and i > 0:  # 999,6 jt rounds up to the next unit: "Rp 1 M"
                unit, name = _UNITS[i - 1]
                scaled = size / unit
                decimals = 2
            text = f"Rp {_digits(scaled, decimals, trim=True)} {name}"
            return "-" + text if value < 0 else text
    raise AssertionError("unreachable")


def percent(x: object, decimals: int = 1) -> str:
    """A ratio as a percentage for tables and charts: 0.412 -> "41,2 %"; missing -> "–"."""
    if is_missing(x):
        return MISSING
    return _digits(_decimal(x) * 100, decimals) + " %"


def percent_compact(x: object, decimals: int = 1) -> str:
    """A ratio as a percentage inside a sentence, as in METRICS.md: 0.412 -> "41,2%", 0.35 -> "35%"."""
    if is_missing(x):
        return MISSING
    return _digits(_decimal(x) * 100, decimals, trim=True) + "%"


def month_name(month: object) -> str:
    """1 -> "Januari" ... 12 -> "Desember"; missing -> "–"; ValueError outside 1..12."""
    if is_missing(month):
        return MISSING
    index = int(month)  # type: ignore[call-overload]
    if index != month or not 1 <= index <= 12:
        raise ValueError(f"bulan harus 1..12, bukan {month!r}")
    return MONTHS[index - 1]


def month_short(month: object) -> str:
    """1 -> "Jan" ... 8 -> "Agu" ... 12 -> "Des" (chart axes); missing -> "–"."""
    return MISSING if is_missing(month) else MONTHS_SHORT[MONTHS.index(month_name(month))]


def period_label(period: pd.Timestamp | dt.date | str | None) -> str:
    """A month as words: Timestamp("2017-01-01") or "2017-01" -> "Januari 2017"; missing -> "–"."""
    if is_missing(period):
        return MISSING
    stamp = pd.Timestamp(period)  # type: ignore[arg-type]
    return f"{MONTHS[stamp.month - 1]} {stamp.year}"


def long_date(day: dt.date | pd.Timestamp | str | None) -> str:
    """A date in words: date(2026, 12, 1) or "2026-12-01" -> "1 Desember 2026"; missing -> "–"."""
    if is_missing(day):
        return MISSING
    stamp = pd.Timestamp(day)  # type: ignore[arg-type]
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"


# ---------------------------------------------------------------- text that leaves the program

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# What would make Streamlit's markdown render something from text: links and images need "[" and "]",
# "<" opens HTML and <http://…> autolinks, "*", "_", "~", "`" emphasis and code, "#" headings, "|" tables,
# "$" math; "://", "www." and "@" are what GFM turns into a link without brackets. A backslash before ASCII
# punctuation shows the character itself (CommonMark), so escaped text reads exactly as it was written.
# An underscore inside a word (kode_upt, produksi_jan.csv) never emphasises, so it is left as it is.
_MARKDOWN = re.compile(r"([\\`*\[\]<>#~|$@]|_(?![^\W_])|(?<![^\W_])_)")
_AUTOLINK = re.compile(r"://|www\.", re.IGNORECASE)


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert: "'" + text; other text unchanged."""
    return "'" + text if text.startswith(FORMULA_START) else text


def inert(value: object) -> object:
    """A cell as it may leave in a CSV or workbook: text neutralised; numbers (negative ones too) and the rest unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are neutralised; number columns are left as they are."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(inert).astype(values.dtype)
    out.columns = [inert(name) for name in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, lineterminator: str = "\n") -> bytes:
    """`frame` as a CSV for spreadsheets: inert_frame, no index, UTF-8 with BOM (so Excel reads accents)."""
    return csv_text(frame, lineterminator).encode("utf-8-sig")


def csv_text(frame: pd.DataFrame, lineterminator: str = "\n") -> str:
    """`frame` as CSV text with its text cells neutralised (inert_frame), no index."""
    return inert_frame(frame).to_csv(index=False, lineterminator=lineterminator)


def plain(text: object) -> str:
    """Text from a user or a file, for a Streamlit markdown body or label: every markdown and HTML character
    escaped and line breaks made spaces, so no link, image, emphasis or heading renders from it; missing -> "–"."""
    if is_missing(text):
        return MISSING
    escaped = _MARKDOWN.sub(r"\\\1", " ".join(str(text).splitlines()))
    return _AUTOLINK.sub(lambda found: found.group(0).replace("/", "\\/").replace(".", "\\."), escaped)
