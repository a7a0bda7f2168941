"""Two batches compared, for the screen and its CSV: labels instead of column names, values as Indonesians read them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lapas_metrics import fmt, schema
from lapas_metrics.store.history import DIUBAH, HANYA_BARU, HANYA_LAMA, SAMA, BatchComparison
from lapas_metrics.views.labels import column_label as labels_column_label


def column_label(name: str) -> str:
    """The label of a column of an uploaded table (views.labels.column_label: one list of labels)."""
    return labels_column_label(name)


def value_text(column: schema.Column, value: object) -> str:
    """One stored value as words: money "Rp 1.234.567", a month "Januari 2017", a date "15/03/2017",
    ya/tidak, numbers with Indonesian separators, jenis belanja with its name; missing -> "–"."""
    if fmt.is_missing(value):
        return fmt.MISSING
    kind = column.kind
    if kind == schema.MONEY:
        return fmt.rupiah(value)
    if kind == schema.PERIOD:
        return fmt.period_label(value)  # type: ignore[arg-type]
    if kind == schema.DATE and isinstance(value, dt.date | pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    if kind == schema.BOOL:
        return "ya" if value else "tidak"
    if kind == schema.YEAR:
        return str(int(value))  # type: ignore[call-overload]
    if kind in (schema.INT, schema.DECIMAL):
        number = float(value)  # type: ignore[arg-type]
        return fmt.number(number, 0 if number.is_integer() else 2)
    if kind == schema.JENIS_BELANJA and str(value) in schema.JENIS_BELANJA_NAMES:
        return f"{value} ({schema.JENIS_BELANJA_NAMES[str(value)][0]})"
    return str(value)


def change_words(comparison: BatchComparison) -> dict[str, str]:
    """What each kind of change is called on screen, with the batch numbers."""
    return {
        DIUBAH: "Diubah",
        HANYA_BARU: f"Hanya di batch {comparison.baru}",
        HANYA_LAMA: f"Hanya di batch {comparison.lama}",
        SAMA: "Sama",
    }


def comparison_table(comparison: BatchComparison) -> pd.DataFrame:
    """comparison.rows for people: Perubahan, the key columns by label, Kolom, "Batch <lama>", "Batch <baru>";
    every cell text (a value missing on one side is "–", a row in one batch only has an empty Kolom)."""
    table = schema.get_table(comparison.tabel)
    words = change_words(comparison)
    rows = comparison.rows
    out = pd.DataFrame({"Perubahan": [words[str(change)] for change in rows["perubahan"]]}, dtype=object)
    for name in table.key:
        column = table.column(name)
        out[column_label(name)] = [value_text(column, value) for value in rows[name]]
    out["Kolom"] = ["" if fmt.is_missing(name) else column_label(str(name)) for name in rows["kolom"]]
    for side, title in (("nilai_lama", f"Batch {comparison.lama}"), ("nilai_baru", f"Batch {comparison.baru}")):
        out[title] = [
            "" if fmt.is_missing(name) else value_text(table.column(str(name)), value)
            for name, value in zip(rows["kolom"], rows[side], strict=True)
        ]
    return out


def comparison_sentence(comparison: BatchComparison) -> str:
    """One line of counts: 'Batch 8 dibanding batch 2 (Produksi): 1 baris diubah, 1 hanya di batch 8, …'."""
    counts = comparison.counts
    title = schema.get_table(comparison.tabel).title
    parts = [
        f"{fmt.number(counts[DIUBAH])} baris diubah",
        f"{fmt.number(counts[HANYA_BARU])} baris hanya di batch {comparison.baru}",
        f"{fmt.number(counts[HANYA_LAMA])} baris hanya di batch {comparison.lama}",
    ]
    if counts[SAMA]:
        parts.append(f"{fmt.number(counts[SAMA])} baris sama")
    return f"Batch {comparison.baru} dibanding batch {comparison.lama} ({title}): " + ", ".join(parts) + "."
