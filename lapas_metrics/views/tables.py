"""Tables for the pages and the report: units by name, a unit's figures, and frames with Indonesian headers and formats."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from pandas import DataFrame
from pandas.io.formats.style import Styler

from lapas_metrics import fmt
from lapas_metrics.views.labels import column_label, format_value, kind


def unit_name(upt: DataFrame, kode_upt: str) -> str:
    """nama_upt of one unit of the upt table; the code itself when it is not there."""
    names = upt.loc[upt["kode_upt"] == kode_upt, "nama_upt"]
    return str(names.iloc[0]) if len(names) else kode_upt


def picker_order(units: DataFrame) -> DataFrame:
    """Units for a UPT picker: Lapas Industri first (the dashboard is about them), then by name."""
    return (
        units.assign(_first=~units["lapas_industri"].astype(bool))
        .sort_values(["_first", "nama_upt"], kind="stable")
        .drop(columns="_first")
    )


def with_names(frame: DataFrame, upt: DataFrame) -> DataFrame:
    """`frame` (with kode_upt) plus nama_upt from the upt table; a name shared by two of the frame's
    units (names are unique only within a kanwil) gets its code: 'Lapas Kelas IIA Kota (KODE)'."""
    names = upt.set_index("kode_upt")["nama_upt"]
    named = frame["kode_upt"].map(names).fillna(frame["kode_upt"]).astype(str)
    pairs = DataFrame({"kode": frame["kode_upt"], "nama": named}).drop_duplicates()
    shared = set(pairs.loc[pairs["nama"].duplicated(keep=False), "nama"])
    named = named.where(~named.isin(shared), named + " (" + frame["kode_upt"].astype(str) + ")")
    return frame.assign(nama_upt=named)


def unit_table(rows: DataFrame, names: Sequence[str], order_by: str | None = None) -> DataFrame:
    """kode_upt, nama_upt and the figures `names` of `rows`: the table a page shows and offers as CSV
    (canonical column names, ratios as decimals, money in rupiah). order_by sorts on a figure,
    highest first, empty values last."""
    wanted = dict.fromkeys(n for n in names if n in rows.columns and n not in ("kode_upt", "nama_upt"))
    table = rows[["kode_upt", "nama_upt", *wanted]]
    if order_by is not None:
        table = table.assign(_key=rows[order_by]).sort_values(
            ["_key", "nama_upt"], ascending=[False, True], na_position="last", kind="stable"
        )
        table = table.drop(columns="_key")
    return table.reset_index(drop=True)


def display_table(frame: DataFrame) -> Styler:
    """`frame` as a pandas Styler for st.dataframe: Indonesian headers, every known figure formatted
    in Indonesian (full rupiah, '41,2 %', '1.234'), numbers kept numeric so columns sort correctly."""
    renamed = frame.rename(columns=column_label)
    formats: dict[str, str | Callable[[object], str] | None] = {}  # Styler.format's formatter mapping
    for name in frame.columns:
        figure_kind = kind(name)
        if figure_kind is not None:
            formats[column_label(name)] = partial(format_value, kind_=figure_kind, short=False)
        elif name == "lapas_industri":
            formats[column_label(name)] = lambda v: "ya" if bool(v) else "tidak"
    return renamed.style.format(formats, na_rep=fmt.MISSING)


def text_table(frame: DataFrame, short: bool = False) -> DataFrame:
    """`frame` with Indonesian headers and every known figure as formatted text (for the HTML report);
    money in full rupiah, or short ('Rp 1,23 M') with short=True where a table must fit a page."""
    out = DataFrame(index=frame.index)
    for name in frame.columns:
        figure_kind = kind(name)
        if figure_kind is not None:
            out[column_label(name)] = [format_value(v, figure_kind, short=short) for v in frame[name]]
        else:
            out[column_label(name)] = frame[name].map(lambda v: fmt.MISSING if fmt.is_missing(v) else str(v))
    return out.reset_index(drop=True)
