"""The upload page's preview of a save: rows new, replaced and unchanged, and each changed column's stored and new value."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import fmt, ingest, schema, store, upload
from lapas_metrics.ui.data import database, stamp
from lapas_metrics.views import labels

EMPTY = "(kosong)"  # a missing stored or new value in the list of changes


@st.cache_data(show_spinner=False, max_entries=2)
def _changes(
    path: str, db_stamp: tuple[int, int], table: str, sha256: str, locale: str | None, _result: ingest.IngestResult
) -> store.ChangePreview:
    # _result is left out of the cache key: the file (sha256), its number style and the table stand for it
    return upload.preview_changes(Path(path), _result)


def change_preview(result: ingest.IngestResult, locale: str | None) -> store.ChangePreview:
    """What saving a checked, valid file would change (upload.preview_changes), cached per file and database state."""
    return _changes(str(database()), stamp(), result.table, result.sha256, locale, result)


def column_label(name: str) -> str:
    """The Indonesian label of an upload column (views.labels.column_label: one list of labels)."""
    return labels.column_label(name)


def value_text(column: schema.Column, value: object) -> str:
    """One stored or new value as the list of changes shows it: Rp 1.234.567 (with sen when there are),
    1.234, months 2017-01, dates 2017-03-15, ya/tidak; a missing value is "(kosong)"."""
    if fmt.is_missing(value):
        return EMPTY
    if column.kind == schema.MONEY:
        number = float(value)  # type: ignore[arg-type]
        return (
            fmt.rupiah(value) if number.is_integer() else f"{'-' if number < 0 else ''}Rp {fmt.number(abs(number), 2)}"
        )
    if column.kind in (schema.INT, schema.DECIMAL):
        number = float(value)  # type: ignore[arg-type]
        return fmt.number(number, 0 if number.is_integer() else 2)
    if column.kind == schema.PERIOD:
        return pd.Timestamp(value).strftime("%Y-%m")  # type: ignore[arg-type]
    if column.kind == schema.DATE:
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    if column.kind == schema.BOOL:
        return "ya" if value else "tidak"
    return str(value)


def count_sentence(preview: store.ChangePreview) -> str:
    """ "0 baris baru, 1 baris diganti, 11 baris sama" """
    return (
        f"{fmt.number(preview.baris_baru)} baris baru, {fmt.number(preview.baris_diganti)} baris diganti, "
        f"{fmt.number(preview.baris_sama)} baris sama"
    )


def change_table(preview: store.ChangePreview) -> pd.DataFrame:
    """preview.perubahan as the page shows it: the key columns and Kolom under their labels, Nilai tersimpan, Nilai baru."""
    table = schema.get_table(preview.tabel)
    lines = preview.perubahan
    shown = {column_label(k): [value_text(table.column(k), v) for v in lines[k]] for k in table.key}
    shown["Kolom"] = [column_label(name) for name in lines["kolom"]]
    shown["Nilai tersimpan"] = [
        value_text(table.column(c), v) for c, v in zip(lines["kolom"], lines["lama"], strict=True)
    ]
    shown["Nilai baru"] = [value_text(table.column(c), v) for c, v in zip(lines["kolom"], lines["baru"], strict=True)]
    return pd.DataFrame(shown, columns=list(shown))


def show_changes(preview: store.ChangePreview) -> None:
    """The check step's account of the save: the three counts and, for the replaced rows, what changes."""
    counts = st.container(horizontal=True)  # one row on a phone too (columns would stack)
    counts.metric("Baris baru", fmt.number(preview.baris_baru), border=True)
    counts.metric("Baris diganti", fmt.number(preview.baris_diganti), border=True)
    counts.metric("Baris sama", fmt.number(preview.baris_sama), border=True)
    if preview.baris_sama:
        st.caption(
            f"{fmt.number(preview.baris_sama)} baris sama persis dengan data tersimpan: tidak diganti dan tidak "
            "masuk riwayat."
        )
    if not preview.baris_diganti:
        return
    listed = preview.baris_ditampilkan
    more = (
        f" (menampilkan {fmt.number(listed)} baris pertama dari {fmt.number(preview.baris_diganti)})"
        if listed < preview.baris_diganti
        else ""
    )
    st.markdown(f"**Baris yang diganti** — nilai tersimpan dan nilai baru tiap kolom yang berubah{more}")
    st.dataframe(change_table(preview), hide_index=True, placeholder=fmt.MISSING, width="stretch", key="upload_changes")
