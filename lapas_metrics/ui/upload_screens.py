"""The upload and history screens' helpers: size limit, cached check, page wording, preview and log tables."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from lapas_metrics import auth, clock, config, fmt, ingest, schema, store, upload
from lapas_metrics.ui.data import database, stamp

# "Gaya angka" on the upload page -> the importer's locale.
NUMBER_STYLES = {
    "Otomatis": None,
    "Indonesia (1.234.567,50)": "id",
    "Inggris (1,234,567.50)": "en",
}
PREVIEW_ROWS = 20
STATUS_LABELS = {store.STATUS_AKTIF: "aktif", store.STATUS_DIBATALKAN: "dibatalkan"}


def max_upload_mb() -> float:
    """The configured upload limit in MB (config.max_upload_bytes)."""
    return config.max_upload_bytes() / (1024 * 1024)


def size_problem(size: int) -> str | None:
    """The sentence for a file above the configured limit; None when it fits."""
    limit = config.max_upload_bytes()
    if size <= limit:
        return None
    return (
        f"Berkas berukuran {fmt.number(size / 2**20, 1)} MB melebihi batas unggahan "
        f"{fmt.number(limit / 2**20, 1)} MB. Bagi berkas menjadi beberapa berkas yang lebih kecil "
        "(mis. per tahun atau per UPT), lalu unggah satu per satu."
    )


@st.cache_data(show_spinner=False, max_entries=2)
def _checked(
    path: str,
    db_stamp: tuple[int, int],
    table: str,
    sha256: str,
    file_name: str,
    locale: str | None,
    who: tuple[str, str, tuple[str, ...]],
    _data: bytes,
    _actor: auth.Actor,
) -> ingest.IngestResult:
    # _data and _actor are left out of the cache key: sha256 stands for the bytes, `who` for the actor
    return upload.check_file(Path(path), table, _data, file_name, locale=locale, actor=_actor)


def check_upload(table: str, data: bytes, file_name: str, locale: str | None, actor: auth.Actor) -> ingest.IngestResult:
    """The save's verdict on an uploaded file for `actor` against the current database (upload.check_file:
    the importer, then the role's rules and UPT scope), cached per file, style, actor and database state.

    Writes no data; a refused file goes to the activity log once per cached check.
    For `upt`, the warnings also name the stored units the file leaves out.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    who = (actor.username, actor.peran, tuple(actor.upt))
    return _checked(str(database()), stamp(), table, sha256, file_name, locale, who, data, actor)


def stored_batch_of(table: str, sha256: str) -> int | None:
    """The active batch that already holds this exact file for `table`, if any."""
    return store.active_batch_of_file(database(), table, sha256)


def page_message(text: str) -> str:
    """An importer or store message as the page says it: the command-line hint becomes the page's choice."""
    return (
        text.replace("--locale id atau --locale en", "pilihan «Gaya angka» di atas (Indonesia atau Inggris)")
        .replace(
            "--locale id (1.234.567,50) atau --locale en (1,234,567.50)",
            "Indonesia (1.234.567,50) atau Inggris (1,234,567.50) pada pilihan «Gaya angka» di atas",
        )
        .replace("--locale id", "«Gaya angka» Indonesia")
        .replace("--locale en", "«Gaya angka» Inggris")
    )


def problem_frame(result: ingest.IngestResult) -> pd.DataFrame:
    """The validation report as a table: baris, kolom, nilai, pesan (baris and kolom empty for the whole file)."""
    return pd.DataFrame(
        {
            "baris": pd.array([p.baris for p in result.problems], dtype="Int64"),
            "kolom": [p.kolom or "" for p in result.problems],
            "nilai": [p.nilai if p.nilai is not None else "" for p in result.problems],
            "pesan": [page_message(p.pesan) for p in result.problems],
        }
    )


def _shown_number(value: object) -> str:
    if fmt.is_missing(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return fmt.number(number, 0 if number.is_integer() else 2)


def preview_frame(rows: pd.DataFrame, table: str, n: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first n conformed rows as the page shows them: months as 2017-01, dates as 2017-03-15,
    numbers in Indonesian style (1.234.567), booleans as ya/tidak, missing as empty."""
    spec = schema.get_table(table)
    head = rows.head(n)
    shown = {}
    for col in spec.columns:
        values = head[col.name]
        if col.kind == schema.PERIOD:
            shown[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m").fillna("")
        elif col.kind == schema.DATE:
            shown[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d").fillna("")
        elif col.kind in (schema.INT, schema.DECIMAL, schema.MONEY):
            shown[col.name] = values.map(_shown_number)
        elif col.kind == schema.YEAR:
            shown[col.name] = values.map(lambda v: "" if fmt.is_missing(v) else str(int(v)))
        elif col.kind == schema.BOOL:
            shown[col.name] = values.map(lambda v: "" if fmt.is_missing(v) else ("ya" if v else "tidak"))
        else:
            shown[col.name] = values.astype(object).where(values.notna(), "")
    frame = pd.DataFrame(shown)
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # rows counted from 1, as an operator counts them
    return frame


def filter_batches(
    batches: pd.DataFrame,
    tables: list[str] | tuple[str, ...] = (),
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
) -> pd.DataFrame:
    """The batches of `tables` (empty = all) uploaded from `start` to `end` inclusive (dates; None = open)
    with `status` (None = any). Order is kept."""
    keep = pd.Series(True, index=batches.index)
    if tables:
        keep &= batches["tabel"].isin(list(tables))
    waktu = clock.local_column(batches["waktu"])  # the dates people see, in the local zone
    if start is not None:
        keep &= waktu >= pd.Timestamp(start)
    if end is not None:
        keep &= waktu < pd.Timestamp(end) + pd.Timedelta(days=1)
    if status:
        keep &= batches["status"] == status
    return batches[keep]


def undo_sentence(batch_id: int, preview: dict[str, int | str]) -> str:
    """What undoing a batch will do, in one sentence, from store.undo_preview."""
    title = schema.get_table(str(preview["tabel"])).title
    removed, restored = int(preview["baris_dihapus"]), int(preview["baris_dipulihkan"])
    sentence = f"Membatalkan batch {batch_id} ({title}) akan menghapus {fmt.number(removed)} baris yang ditulisnya"
    if restored:
        sentence += f" dan memulihkan {fmt.number(restored)} baris lama yang digantikannya."
    else:
        sentence += "; tidak ada baris lama yang perlu dipulihkan."
    return sentence + " Berkas aslinya tetap tersimpan di riwayat."


def report_table(result: ingest.IngestResult) -> pd.DataFrame:
    """problem_frame as the page shows it: headers Baris, Kolom, Nilai, Pesan; an empty row number for the whole file.

    st.table renders markdown in its cells and the report quotes the file, so every cell is fmt.plain text."""
    report = problem_frame(result)
    shown = report.assign(baris=report["baris"].map(lambda n: "" if pd.isna(n) else str(n)))
    return shown.rename(columns=str.capitalize).astype(object).map(lambda cell: fmt.plain(cell) if cell else "")


def _table_title(name: object) -> str:
    """A table's title ('Target PNBP tahunan') for its name; an unknown name as it is."""
    spec = schema.TABLES.get(str(name))
    return spec.title if spec else str(name)


def batch_log_table(batches: pd.DataFrame) -> pd.DataFrame:
    """The upload log as the page shows it: Indonesian headers, Indonesian numbers, local times ('1 Desember 2026 15.51 WIB'), empty for missing.

    Columns: Batch, Tabel, Berkas, Baris baru, Baris diganti, Baris sama, Waktu unggah, Pengguna, Status, Peringatan,
    Waktu batal. Baris sama is empty for batches saved before it was counted (schema v4).
    """

    def when(value: object) -> str:
        return "" if fmt.is_missing(value) else clock.stamp_text(value)

    def text(value: object) -> str:
        return "" if fmt.is_missing(value) else " · ".join(str(value).splitlines())

    def count(value: object) -> str:
        return "" if fmt.is_missing(value) else fmt.number(value)

    return pd.DataFrame(
        {
            "Batch": batches["batch_id"].astype("int64").to_numpy(),
            "Tabel": batches["tabel"].map(_table_title).to_numpy(),
            "Berkas": batches["nama_file"].map(text).to_numpy(),
            "Baris baru": batches["baris_baru"].map(fmt.number).to_numpy(),
            "Baris diganti": batches["baris_diganti"].map(fmt.number).to_numpy(),
            "Baris sama": batches["baris_sama"].map(count).to_numpy(),
            "Waktu unggah": batches["waktu"].map(when).to_numpy(),
            "Pengguna": batches["pengguna"].map(text).to_numpy(),
            "Status": batches["status"].to_numpy(),
            "Peringatan": batches["peringatan"].map(text).to_numpy(),
            "Waktu batal": batches["waktu_batal"].map(when).to_numpy(),
        }
    )
