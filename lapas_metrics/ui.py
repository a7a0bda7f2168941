"""The one Streamlit-aware module of the package: cached loaders, the shared filters and widgets."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import streamlit as st

from lapas_metrics import auth, charts, config, fmt, ingest, metrics, schema, store, upload, views

KANWIL_DEFAULT = "Jawa Barat"


# ---------------------------------------------------------------- loaders


def database() -> Path:
    """The DuckDB file this server shows ($LAPAS_DB or data/lapas.duckdb)."""
    return config.db_path()


def stamp() -> tuple[int, int]:
    """Part of every loader's cache key: a write by any process gives new data on the next rerun."""
    return store.db_stamp(database())


@st.cache_data(show_spinner=False, max_entries=4)
def _frames(path: str, db_stamp: tuple[int, int]) -> dict[str, pd.DataFrame]:
    return store.metric_frames(Path(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _is_demo(path: str, db_stamp: tuple[int, int]) -> bool:
    return store.is_demo(Path(path))


def metric_inputs() -> metrics.MetricInputs:
    """The store's aggregates as metrics.MetricInputs (cached until the file changes)."""
    path = database()
    return metrics.MetricInputs.from_store(_frames(str(path), stamp()))


@st.cache_data(show_spinner=False, max_entries=8)
def _figures(path: str, db_stamp: tuple[int, int], audit: metrics.AuditConfig) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    return metrics.audit_flags(metrics.yearly_figures(inputs), audit)


def audit_config() -> metrics.AuditConfig:
    """The audit thresholds and weights of this session: the configuration file, or the page's what-if."""
    override = st.session_state.get("audit_config")
    return override if isinstance(override, metrics.AuditConfig) else _default_audit_config()


@st.cache_resource(show_spinner=False)
def _default_audit_config() -> metrics.AuditConfig:
    return metrics.load_audit_config()


def figures(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """yearly_figures for every UPT and year, with the flags and skor_risiko of `audit` (default: this session's)."""
    return _figures(str(database()), stamp(), audit or audit_config())


@st.cache_data(show_spinner=False, max_entries=16)
def _products(path: str, db_stamp: tuple[int, int], years: tuple[int, ...], kode: tuple[str, ...]) -> pd.DataFrame:
    return store.product_totals(Path(path), list(years), list(kode))


def product_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """Production per UPT, year, bidang and product (store.product_totals), cached."""
    return _products(str(database()), stamp(), tuple(years), tuple(kode_upt))


@st.cache_data(show_spinner=False, max_entries=32)
def _group_totals(path: str, db_stamp: tuple[int, int], years: tuple[int, ...], kode: tuple[str, ...]) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    return metrics.group_totals(inputs, list(years), by=None, kode_upt=list(kode))


def group_totals(years: list[int], kode_upt: list[str]) -> pd.DataFrame:
    """metrics.group_totals(by=None) of the given units: one row per year (ratios of sums), cached."""
    return _group_totals(str(database()), stamp(), tuple(int(y) for y in years), tuple(kode_upt))


_MONTHLY = {
    "produksi": metrics.monthly_production,
    "partisipasi": metrics.monthly_participation,
    "anggaran": metrics.monthly_absorption,
    "pnbp": metrics.monthly_pnbp,
}


@st.cache_data(show_spinner=False, max_entries=32)
def _monthly(
    path: str, db_stamp: tuple[int, int], series: str, years: tuple[int, ...], kode: tuple[str, ...], per_upt: bool
) -> pd.DataFrame:
    inputs = metrics.MetricInputs.from_store(_frames(path, db_stamp))
    by: Literal["kode_upt"] | None = "kode_upt" if per_upt else None
    return _MONTHLY[series](inputs, kode_upt=list(kode), by=by, tahun=list(years))


def monthly(series: str, years: list[int], kode_upt: list[str], per_upt: bool = False) -> pd.DataFrame:
    """A monthly series of metrics ('produksi', 'partisipasi', 'anggaran' = absorption, 'pnbp') for the
    given units and years, all units together (or per kode_upt with per_upt), cached."""
    return _monthly(str(database()), stamp(), series, tuple(int(y) for y in years), tuple(kode_upt), per_upt)


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_reasons(path: str, db_stamp: tuple[int, int], audit: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.flag_reasons(_figures(path, db_stamp, audit), audit)


def flag_reasons(audit: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_reasons for every UPT and year (peers: the whole kanwil), cached."""
    return _flag_reasons(str(database()), stamp(), audit or audit_config())


def clear_caches() -> None:
    """After a write: every loader reads again."""
    st.cache_data.clear()


# ---------------------------------------------------------------- errors


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a store problem (missing database, busy lock) as a sentence, never a traceback."""
    try:
        yield
    except store.StoreBusy as error:
        st.warning(f"{error}")
        st.stop()
    except (store.StoreError, auth.Forbidden) as error:
        st.error(str(error))
        st.stop()


def database_ready() -> bool:
    """True when the database exists; otherwise explain how to create it."""
    path = database()
    if path.exists():
        return True
    st.info(
        f"Basis data **{path}** belum ada. Jalankan `make run` (membuat data demo), atau "
        f"`python -m lapas_metrics init --db {path} --demo`."
    )
    return False


# ---------------------------------------------------------------- shared filters


@dataclass(frozen=True)
class Filters:
    """The sidebar choices every page reads."""

    kanwil: str | None  # None = every kanwil
    tahun: int
    jenis: tuple[str, ...]  # empty = all
    kelas: tuple[str, ...]  # empty = all
    hanya_industri: bool

    @property
    def label(self) -> str:
        """What is shown, in words: 'Kanwil Jawa Barat · TA 2025 · Lapas Industri'."""
        parts = [f"Kanwil {self.kanwil}" if self.kanwil else "Semua kanwil", f"TA {self.tahun}"]
        if self.hanya_industri:
            parts.append("hanya Lapas Industri")
        if self.jenis:
            parts.append("jenis " + ", ".join(self.jenis))
        if self.kelas:
            parts.append("kelas " + ", ".join(self.kelas))
        return " · ".join(parts)

    def units(self, upt: pd.DataFrame) -> pd.DataFrame:
        """The rows of `upt` these filters keep."""
        keep = pd.Series(True, index=upt.index)
        if self.kanwil:
            keep &= upt["kanwil"] == self.kanwil
        if self.jenis:
            keep &= upt["jenis"].isin(self.jenis)
        if self.kelas:
            keep &= upt["kelas"].isin(self.kelas)
        if self.hanya_industri:
            keep &= upt["lapas_industri"].astype(bool)
        return upt[keep]

    def codes(self, upt: pd.DataFrame) -> list[str]:
        return self.units(upt)["kode_upt"].tolist()


def available_years(inputs: metrics.MetricInputs) -> list[int]:
    """The fiscal years with any data, oldest first."""
    figures_years = metrics.available_years(inputs)
    return [int(y) for y in figures_years]


def sidebar_filters(inputs: metrics.MetricInputs) -> Filters | None:
    """Draw the shared filters in the sidebar; None when the database holds no data yet."""
    upt = inputs.upt
    years = available_years(inputs)
    if upt.empty or not years:
        return None
    sidebar = st.sidebar
    sidebar.header("Filter")
    kanwil_options = sorted(upt["kanwil"].dropna().unique().tolist())
    choices = ["Semua kanwil", *kanwil_options]
    default_kanwil = KANWIL_DEFAULT if KANWIL_DEFAULT in kanwil_options else choices[0]
    if st.session_state.get("f_kanwil") not in choices:
        st.session_state["f_kanwil"] = default_kanwil
    kanwil = sidebar.selectbox("Kanwil", choices, key="f_kanwil")
    if st.session_state.get("f_tahun") not in years:
        st.session_state["f_tahun"] = years[-1]
    tahun = sidebar.selectbox("Tahun anggaran", years[::-1], key="f_tahun")
    jenis = sidebar.multiselect("Jenis UPT", sorted(upt["jenis"].dropna().unique()), key="f_jenis", placeholder="Semua")
    kelas = sidebar.multiselect("Kelas", sorted(upt["kelas"].dropna().unique()), key="f_kelas", placeholder="Semua")
    industri = sidebar.checkbox("Hanya Lapas Industri", key="f_industri")
    return Filters(
        kanwil=None if kanwil == "Semua kanwil" else kanwil,
        tahun=int(tahun),
        jenis=tuple(jenis),
        kelas=tuple(kelas),
        hanya_industri=bool(industri),
    )


def current_filters() -> Filters | None:
    """The filters drawn by app.py for this rerun."""
    value = st.session_state.get("_filters")
    return value if isinstance(value, Filters) else None


@dataclass(frozen=True)
class Scope:
    """What a dashboard page shows: the filters, the inputs, the chosen units and their figures for the year."""

    filters: Filters
    inputs: metrics.MetricInputs
    codes: list[str]
    rows: pd.DataFrame  # ui.figures() of `codes` in filters.tahun


def page_scope() -> Scope | None:
    """The page's scope under the shared filters, with the filters' caption drawn; None, after a friendly
    sentence, when the database is empty or no unit matches the filters."""
    filters = current_filters()
    if filters is None:
        no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return None
    st.caption(filters.label)
    inputs = metric_inputs()
    codes = filters.codes(inputs.upt)
    rows = views.year_rows(figures(), filters.tahun, codes)
    if not codes or rows.empty:
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return None
    return Scope(filters, inputs, codes, rows)


def upt_picker(units: pd.DataFrame, key: str = "f_upt", label: str = "UPT") -> str | None:
    """A select box of the units (by name); returns the chosen kode_upt, remembering it across pages."""
    if units.empty:
        return None
    names = dict(zip(units["kode_upt"], units["nama_upt"], strict=True))
    codes = list(names)
    wanted = st.query_params.get("upt")
    if wanted in names and st.session_state.get("_upt_from_link") != wanted:
        st.session_state[key] = wanted
        st.session_state["_upt_from_link"] = wanted
    if st.session_state.get(key) not in names:
        st.session_state[key] = codes[0]
    return st.selectbox(label, codes, format_func=lambda code: f"{names[code]} ({code})", key=key)


def demo_note() -> None:
    """The visible 'synthetic data' note, whenever the database holds the demo data."""
    path = database()
    if path.exists() and _is_demo(str(path), stamp()):
        st.sidebar.warning(
            "**Data demo (sintetis)** — nama UPT dari sumber publik; angka bulanan dan sebagian kapasitas rekaan."
        )


def download_csv(frame: pd.DataFrame, file_name: str, label: str = "Unduh tabel (CSV)", key: str | None = None) -> None:
    """A download button for a table as CSV (UTF-8 with BOM so Excel reads it)."""
    data = frame.to_csv(index=False).encode("utf-8-sig")
    st.download_button(label, data, file_name=file_name, mime="text/csv", key=key or f"dl_{file_name}")


def kpi(
    column: Any, label: str, value: str, delta: str | None = None, help: str | None = None, inverse: bool = False
) -> None:
    """One KPI card: a metric with its change against the previous year."""
    column.metric(label, value, delta=delta, delta_color="inverse" if inverse else "normal", help=help, border=True)


def no_data(message: str = "Tidak ada data untuk pilihan filter ini.") -> None:
    """The friendly sentence a page shows instead of an empty chart."""
    st.info(message)


# ---------------------------------------------------------------- dashboard widgets


def kpi_row(cards: list[Any], per_row: int = 4, description: str | None = None) -> None:
    """views.Card items as bordered metrics, `per_row` to a row; description says what the delta
    compares with (e.g. 'vs TA 2024')."""
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start : start + per_row], strict=False):
            column.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color="off" if card.flat else card.delta_color,
                delta_arrow="off" if card.flat else "auto",
                delta_description=description if card.delta else None,
                help=card.help or None,
                border=True,
            )


def chart(figure: Any, key: str) -> None:
    """A plotly figure from lapas_metrics.charts, full width, with the dashboard's modebar settings."""
    st.plotly_chart(figure, key=key, width="stretch", config=charts.PLOTLY_CONFIG, theme=None)


def table(
    frame: pd.DataFrame,
    key: str,
    file_name: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> None:
    """A table with Indonesian headers and formats (views.display_table), and its CSV download
    (canonical column names, plain numbers) when file_name is given."""
    st.dataframe(views.display_table(frame), key=key, hide_index=True, width="stretch", height=height)
    if file_name:
        download_csv(frame, file_name, key=f"{key}_csv")


def upt_multiselect(units: pd.DataFrame, default: list[str], key: str, label: str = "UPT") -> list[str]:
    """A multiselect of units (by name) returning kode_upt values; a remembered choice keeps only the
    units still offered (the sidebar filters may have removed some)."""
    names = dict(zip(units["kode_upt"], units["nama_upt"], strict=True))
    if key in st.session_state:
        st.session_state[key] = [code for code in st.session_state[key] if code in names]
    chosen = st.multiselect(
        label,
        list(names),
        default=None if key in st.session_state else [code for code in default if code in names],
        format_func=lambda code: names.get(code, code),
        key=key,
        placeholder="Pilih UPT",
    )
    return list(chosen)


def is_demo_data() -> bool:
    """True when the database holds the synthetic demo data (reports say so too)."""
    path = database()
    return path.exists() and _is_demo(str(path), stamp())


def download_html(build: Any, file_name: str, key: str, label: str = "Unduh laporan (HTML)") -> None:
    """A download button for an HTML document; build() runs only when the button is clicked."""
    st.download_button(label, build, file_name=file_name, mime="text/html", key=key, icon="📄")


# ---------------------------------------------------------------- uploads (pages/unggah.py, pages/riwayat.py)

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
    path: str, db_stamp: tuple[int, int], table: str, sha256: str, file_name: str, locale: str | None, _data: bytes
) -> ingest.IngestResult:
    # _data is left out of the cache key: sha256 stands for it
    return upload.check_file(Path(path), table, _data, file_name, locale=locale)


def check_upload(table: str, data: bytes, file_name: str, locale: str | None) -> ingest.IngestResult:
    """The importer's verdict on an uploaded file against the current database (cached per file, style and database state).

    Validation only: nothing is written. For `upt`, the warnings also name the stored units the file leaves out.
    """
    import hashlib

    sha256 = hashlib.sha256(data).hexdigest()
    return _checked(str(database()), stamp(), table, sha256, file_name, locale, data)


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


@st.cache_data(show_spinner=False, max_entries=4)
def _upload_log(path: str, db_stamp: tuple[int, int]) -> pd.DataFrame:
    return store.list_batches(Path(path))


def upload_log() -> pd.DataFrame:
    """store.list_batches (UPLOAD_LOG_COLUMNS, newest first), cached until the file changes; empty without a database."""
    path = database()
    if not path.exists():
        return pd.DataFrame(columns=store.UPLOAD_LOG_COLUMNS)
    return _upload_log(str(path), stamp())


def filter_batches(
    batches: pd.DataFrame,
    tables: list[str] | tuple[str, ...] = (),
    start: Any = None,
    end: Any = None,
    status: str | None = None,
) -> pd.DataFrame:
    """The batches of `tables` (empty = all) uploaded from `start` to `end` inclusive (dates; None = open)
    with `status` (None = any). Order is kept."""
    keep = pd.Series(True, index=batches.index)
    if tables:
        keep &= batches["tabel"].isin(list(tables))
    waktu = pd.to_datetime(batches["waktu"])
    if start is not None:
        keep &= waktu >= pd.Timestamp(start)
    if end is not None:
        keep &= waktu < pd.Timestamp(end) + pd.Timedelta(days=1)
    if status:
        keep &= batches["status"] == status
    return batches[keep]


def undo_sentence(batch_id: int, preview: dict[str, Any]) -> str:
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
    """problem_frame as the page shows it: headers Baris, Kolom, Nilai, Pesan; an empty row number for the whole file."""
    report = problem_frame(result)
    shown = report.assign(baris=report["baris"].map(lambda n: "" if pd.isna(n) else str(n)))
    return shown.rename(columns=str.capitalize)


def batch_log_table(batches: pd.DataFrame) -> pd.DataFrame:
    """The upload log as the page shows it: Indonesian headers, Indonesian numbers, dd/mm/yyyy hh:mm, empty for missing.

    Columns: Batch, Tabel, Berkas, Baris baru, Baris diganti, Waktu unggah, Pengguna, Status, Peringatan, Waktu batal.
    """

    def when(value: object) -> str:
        return "" if fmt.is_missing(value) else pd.Timestamp(value).strftime("%d/%m/%Y %H:%M")  # type: ignore[arg-type]

    def text(value: object) -> str:
        return "" if fmt.is_missing(value) else " · ".join(str(value).splitlines())

    return pd.DataFrame(
        {
            "Batch": batches["batch_id"].astype("int64").to_numpy(),
            "Tabel": batches["tabel"].to_numpy(),
            "Berkas": batches["nama_file"].map(text).to_numpy(),
            "Baris baru": batches["baris_baru"].map(fmt.number).to_numpy(),
            "Baris diganti": batches["baris_diganti"].map(fmt.number).to_numpy(),
            "Waktu unggah": batches["waktu"].map(when).to_numpy(),
            "Pengguna": batches["pengguna"].map(text).to_numpy(),
            "Status": batches["status"].to_numpy(),
            "Peringatan": batches["peringatan"].map(text).to_numpy(),
            "Waktu batal": batches["waktu_batal"].map(when).to_numpy(),
        }
    )


# ---------------------------------------------------------------- audit room (pages/audit.py)

AUDIT_CONFIG_KEY = "audit_config"
_AUDIT_TAHUN_FROM_SIDEBAR = "_audit_tahun_sidebar"


def default_audit_config() -> metrics.AuditConfig:
    """The thresholds and weights of the configuration file, without this session's what-if."""
    return _default_audit_config()


def set_audit_config(config: metrics.AuditConfig | None) -> None:
    """Make `config` this session's what-if (every page then uses it); None goes back to the file."""
    if config is None:
        st.session_state.pop(AUDIT_CONFIG_KEY, None)
    else:
        st.session_state[AUDIT_CONFIG_KEY] = config


@st.cache_data(show_spinner=False, max_entries=8)
def _flag_status(path: str, db_stamp: tuple[int, int], audit_config_: metrics.AuditConfig) -> pd.DataFrame:
    return metrics.flag_status(_figures(path, db_stamp, audit_config_), audit_config_)


def flag_status(audit_config_: metrics.AuditConfig | None = None) -> pd.DataFrame:
    """metrics.flag_status of ui.figures() (same index: raised, not raised, not evaluable), cached."""
    return _flag_status(str(database()), stamp(), audit_config_ or audit_config())


def _what_if_keys(flag: str) -> tuple[str, str]:
    return f"audit_t_{flag}", f"audit_w_{flag}"


def _reset_what_if() -> None:
    set_audit_config(None)
    for flag in metrics.SCORED_FLAGS:
        for key in _what_if_keys(flag):
            st.session_state.pop(key, None)


def what_if_editor() -> metrics.AuditConfig:
    """The expander where an auditor changes thresholds and weights for this session; returns the
    configuration in force (the file's when nothing differs). A reset button brings the file's back."""
    from lapas_metrics import audit

    defaults = default_audit_config()
    active = audit_config()
    for flag in metrics.SCORED_FLAGS:
        # Widgets forget their state when another page was shown; the session's config remembers it.
        threshold_key, weight_key = _what_if_keys(flag)
        st.session_state.setdefault(threshold_key, round(active.thresholds[flag] * 100, 6))
        st.session_state.setdefault(weight_key, float(active.weights[flag]))
    with st.expander("⚙️ Ambang dan bobot bendera (what-if, hanya untuk sesi ini)", expanded=active != defaults):
        st.caption(
            "Nilai bawaan berasal dari berkas konfigurasi audit. Perubahan di sini hanya berlaku untuk sesi "
            "Anda (juga di halaman lain) sampai dikembalikan ke bawaan; berkas konfigurasi tidak berubah."
        )
        head = st.columns([4, 1.2, 1.2, 1.6])
        head[0].markdown("**Bendera dan aturannya** (… = ambang)")
        head[1].markdown("**Ambang (%)**")
        head[2].markdown("**Bobot skor**")
        head[3].markdown("**Bawaan**")
        thresholds, weights = {}, {}
        for flag in metrics.SCORED_FLAGS:
            threshold_key, weight_key = _what_if_keys(flag)
            row = st.columns([4, 1.2, 1.2, 1.6], vertical_alignment="center")
            row[0].markdown(f"**{audit.FLAG_LABELS[flag]}**: {audit.RULES[flag]}")
            percent = row[1].number_input(
                f"Ambang {audit.FLAG_LABELS[flag]} (%)",
                min_value=0.0,
                max_value=1000.0,
                step=1.0,
                format="%g",
                key=threshold_key,
                label_visibility="collapsed",
            )
            weight = row[2].number_input(
                f"Bobot {audit.FLAG_LABELS[flag]}",
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                format="%g",
                key=weight_key,
                label_visibility="collapsed",
            )
            row[3].caption(
                f"{fmt.percent(defaults.thresholds[flag], 1)} · bobot {fmt.number(defaults.weights[flag], 1)}"
            )
            thresholds[flag] = float(percent) / 100
            weights[flag] = float(weight)
        config = audit.what_if(defaults, thresholds, weights)
        set_audit_config(config)
        st.button("↩️ Kembalikan ke bawaan", key="audit_reset", on_click=_reset_what_if, disabled=config is None)
    return config or defaults


def audit_criteria(filters: Filters, years: list[int]) -> Any:
    """The criteria widgets of the audit room; returns lapas_metrics.audit.Criteria. Kanwil, jenis, kelas
    and "Hanya Lapas Industri" come from the sidebar; the years start at the sidebar's year."""
    from lapas_metrics import audit

    if st.session_state.get(_AUDIT_TAHUN_FROM_SIDEBAR) != filters.tahun or "audit_tahun" not in st.session_state:
        st.session_state["audit_tahun"] = [filters.tahun]
        st.session_state[_AUDIT_TAHUN_FROM_SIDEBAR] = filters.tahun
    st.session_state["audit_tahun"] = [y for y in st.session_state["audit_tahun"] if y in years]
    first, second = st.columns([1.2, 2])
    tahun = first.multiselect("Tahun anggaran", years[::-1], key="audit_tahun", placeholder="Pilih tahun")
    modes = list(audit.BUDGET_MODES)
    mode = second.radio(
        "Kriteria anggaran", modes, format_func=audit.BUDGET_MODES.get, horizontal=True, key="audit_mode"
    )
    persentil, nominal, top = default_audit_config().anggaran_percentile, 25.0, 5
    if mode == "persentil":
        persentil = second.slider(
            "Persentil pagu efektif UPT se-kanwil dan tahun yang sama",
            0,
            100,
            value=int(round(default_audit_config().anggaran_percentile)),
            step=1,
            key="audit_persentil",
            help="Pembanding: semua UPT se-kanwil pada tahun yang sama yang memiliki pagu efektif (interpolasi linear).",
        )
    elif mode == "nominal":
        nominal = second.number_input(
            "Pagu efektif minimal (Rp miliar)", min_value=0.0, value=25.0, step=1.0, format="%.1f", key="audit_nominal"
        )
        second.caption(f"= {fmt.rupiah(nominal * 1e9)}")
    else:
        top = second.number_input(
            "N teratas per kanwil per tahun",
            min_value=1,
            max_value=500,
            value=5,
            step=1,
            key="audit_top_n",
            help="Dihitung di antara UPT yang lolos filter bilah samping; nilai yang sama di batas ikut terpilih.",
        )
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    flags = left.multiselect(
        "Hanya UPT dengan bendera",
        list(metrics.FLAGS),
        format_func=audit.FLAG_LABELS.__getitem__,  # every flag has a label
        key="audit_bendera",
        placeholder="Semua UPT (tanpa filter bendera)",
    )
    every = right.toggle(
        "Semua bendera terpilih",
        key="audit_semua",
        disabled=len(flags) < 2,
        help="Mati: salah satu bendera terpilih menyala. Hidup: semua bendera terpilih menyala.",
    )
    return audit.Criteria(
        tahun=tuple(int(y) for y in tahun),
        kanwil=filters.kanwil,
        jenis=filters.jenis,
        kelas=filters.kelas,
        hanya_industri=filters.hanya_industri,
        mode=str(mode),
        persentil=float(persentil),
        nominal_rp=float(nominal) * 1e9,
        top_n=int(top),
        bendera=tuple(flags),
        semua_bendera=bool(every) and len(flags) >= 2,
    )


def audit_table(
    summary: pd.DataFrame, remembered: tuple[str, int] | None, audit_config_: metrics.AuditConfig | None = None
) -> int | None:
    """The audit result with exactly one chosen row (the remembered UPT-year if shown, else the first);
    returns the chosen row position, None for an empty table."""
    import hashlib

    from lapas_metrics import audit

    if summary.empty:
        return None
    shown = audit.screen_table(summary)
    keys = list(zip(summary["kode_upt"], summary["tahun"].astype(int), strict=True))
    # A new result is a new table: the selection starts again from the remembered UPT-year.
    digest = hashlib.sha1("|".join(f"{k}:{t}" for k, t in keys).encode()).hexdigest()[:12]
    position = keys.index(remembered) if remembered in keys else 0
    config = {
        views.label(flag): st.column_config.TextColumn(
            audit.FLAG_SHORT[flag], help=audit.flag_help(flag, audit_config_)
        )
        for flag in metrics.FLAGS
    }
    config[views.label("nama_upt")] = st.column_config.TextColumn(views.label("nama_upt"), pinned=True)
    flag_columns = [views.label(flag) for flag in metrics.FLAGS]
    styled = views.display_table(shown).map(
        lambda mark: (
            "background-color: #f8d7da; color: #a4161a; font-weight: bold" if mark == audit.MARK_RAISED else ""
        ),
        subset=flag_columns,
    )
    event = st.dataframe(
        styled,
        key=f"audit_tabel_{digest}",
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 530),
        column_config=config,
        on_select="rerun",
        selection_mode="single-row-required",
        selection_default={"selection": {"rows": [position]}},
    )
    rows = list(event.selection.rows) if event is not None else []
    return int(rows[0]) if rows and 0 <= int(rows[0]) < len(summary) else position


def working_paper(
    criteria: Any,
    config: metrics.AuditConfig,
    summary: pd.DataFrame,
    findings: pd.DataFrame,
    data: pd.DataFrame,
    percentiles: pd.DataFrame,
) -> Any:
    """A function that builds the working paper (.xlsx bytes) when called: the database's SHA-256 and
    the export time are taken at the click, not when the page is drawn."""
    from datetime import datetime

    from lapas_metrics import __version__, audit, export

    path = database()
    sources = audit.source_batches(upload_log())
    defaults = default_audit_config()
    demo = is_demo_data()
    current = actor()
    exported_by = current.label if current is not None else ""

    def build() -> bytes:
        if current is None:
            raise auth.Forbidden("Silakan masuk terlebih dahulu.")
        paper = export.workbook_bytes(
            export.WorkingPaper(
                criteria=criteria,
                config=config,
                defaults=defaults,
                summary=summary,
                findings=findings,
                data=data,
                sources=sources,
                database=path.name,
                database_sha256=store.file_sha256(path),
                app_version=__version__,
                exported_at=datetime.now().astimezone(),
                percentiles=percentiles,
                demo=demo,
                exported_by=exported_by,
            ),
            current,
        )
        _log_quietly(current.username, "ekspor", f"kertas kerja {criteria.budget_text}")
        return paper

    return build


def summary_csv(summary: pd.DataFrame) -> Any:
    """A function that builds the result table as CSV when the button is clicked, and logs the export."""
    from lapas_metrics import export

    current = require("ekspor")

    def build() -> bytes:
        data = export.summary_csv(summary, current)
        _log_quietly(current.username, "ekspor", f"tabel audit CSV, {len(summary)} baris")
        return data

    return build


def audit_downloads(build_xlsx: Any, csv: Any, stem: str) -> None:
    """The working paper (one click) and the result table as CSV."""
    left, right, _ = st.columns([1.4, 1.2, 3])
    left.download_button(
        "Unduh kertas kerja (Excel)",
        build_xlsx,
        file_name=f"{stem}.xlsx",
        key="audit_xlsx",
        icon="📥",
        type="primary",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    right.download_button(
        "Unduh tabel (CSV)", csv, file_name=f"{stem}.csv", mime="text/csv", key="audit_csv", icon="📄"
    )


# ---------------------------------------------------------------- sign-in and roles


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.SignInThrottle:
    """One throttle for the whole server, so that failed attempts count across sessions."""
    return auth.SignInThrottle()


def auth_enabled() -> bool:
    """True when users are configured; else the app runs open on this machine (demo mode)."""
    try:
        return auth.auth_enabled()
    except auth.UserError as error:
        st.error(str(error))
        st.stop()
        raise


def actor() -> auth.Actor | None:
    """Who acts in this session: the signed-in user, the demo mode when no user is configured, or
    None (not signed in, or signed out after the idle time)."""
    if not auth_enabled():
        return auth.DEMO_ACTOR
    signed_in = st.session_state.get("auth_actor")
    if not isinstance(signed_in, auth.Actor):
        return None
    now = time.time()
    if auth.expired(st.session_state.get("auth_last_seen", 0.0), now, auth.idle_minutes()):
        _sign_out("Sesi berakhir karena tidak aktif; silakan masuk lagi.")
        return None
    st.session_state["auth_last_seen"] = now
    return signed_in


def _sign_out(message: str | None = None) -> None:
    for key in ("auth_actor", "auth_last_seen"):
        st.session_state.pop(key, None)
    if message:
        st.session_state["auth_message"] = message


def _log_quietly(user: str | None, action: str, detail: str = "") -> None:
    """The activity log is best effort: a busy or missing database must not block a sign-in."""
    try:
        if database().exists():
            store.log_activity(database(), user, action, detail)
    except store.StoreError:
        pass


def sign_in_page() -> None:
    """The sign-in form shown instead of the dashboard when users are configured."""
    st.title("🔐 Masuk")
    st.caption("Dasbor Lapas Industri — Kanwil Jawa Barat")
    notice = st.session_state.pop("auth_message", None)
    if notice:
        st.info(notice)
    with st.form("sign_in", clear_on_submit=False):
        username = st.text_input("Nama pengguna", key="auth_username")
        password = st.text_input("Kata sandi", type="password", key="auth_password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if not submitted:
        return
    name = username.strip().lower()
    wait = _throttle().wait_seconds(name)
    if wait > 0:
        st.error(f"Terlalu banyak percobaan gagal. Coba lagi dalam {int(wait) + 1} detik.")
        return
    found = auth.verify(auth.load_users(), name, password)
    if found is None:
        _throttle().failed(name)
        _log_quietly(name or None, "gagal_masuk")
        st.error("Nama pengguna atau kata sandi salah.")
        return
    _throttle().succeeded(name)
    st.session_state["auth_actor"] = found
    st.session_state["auth_last_seen"] = time.time()
    st.session_state.pop("auth_password", None)
    _log_quietly(found.username, "masuk")
    st.rerun()


def account_box(current: auth.Actor) -> None:
    """Who is signed in, with a sign-out button; in demo mode, the banner that says everything is open."""
    if current == auth.DEMO_ACTOR:
        st.sidebar.info(
            "**Mode demo**: belum ada pengguna yang dikonfigurasi, jadi semua fitur terbuka di komputer ini. "
            "Tambahkan pengguna dengan `python -m lapas_metrics user add`."
        )
        return
    st.sidebar.caption(f"Masuk sebagai **{current.label}**")
    if st.sidebar.button("Keluar", key="auth_sign_out"):
        _log_quietly(current.username, "keluar")
        _sign_out("Anda sudah keluar.")
        st.rerun()


def require(action: str) -> auth.Actor:
    """The session's actor if it may do `action`; otherwise a clear message and the page stops."""
    current = actor()
    if current is None or not current.can(action):
        st.error(
            "Halaman ini tidak tersedia untuk peran Anda." if current is not None else "Silakan masuk terlebih dahulu."
        )
        st.stop()
        raise RuntimeError("unreachable")
    return current
