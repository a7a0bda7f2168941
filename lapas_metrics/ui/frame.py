"""The frame around every page: friendly errors, the shared sidebar filters, the page's scope, the frame guard."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lapas_metrics import auth, clock, fmt, metrics, store, views
from lapas_metrics.ui.data import (
    AS_OF_KEY,
    as_of_date,
    compared,
    database,
    default_year,
    figures,
    is_demo_data,
    metric_inputs,
    same_months,
    stamp,
)
from lapas_metrics.ui.widgets import kpi_row, no_data, upt_picker

KANWIL_DEFAULT = "Jawa Barat"

# ---------------------------------------------------------------- the frame guard

# True on the script thread while app.py runs the chosen page: the page then runs inside the frame.
_framed = threading.local()
# The database's stamp when the page last ran whole: a part of it that reruns alone (ui.section) after a
# write reruns the whole page instead, so it never mixes the new data with the page's older scope.
PAGE_STAMP_KEY = "_page_stamp"


def run_in_frame(page: st.Page) -> None:
    """Run the page st.navigation chose, marked as running inside app.py's frame (see within_frame)."""
    st.session_state[PAGE_STAMP_KEY] = stamp()  # before the page reads: a write during the run reruns it later
    _framed.active = True
    try:
        page.run()
    finally:
        _framed.active = False


def within_frame() -> None:
    """The first statement of every page: a page run without app.py's frame reruns through app.py.

    Streamlit treats a pages/ folder beside app.py as an old-style multipage app until st.navigation
    first runs in the process, so the first request after a server start to /<file name> runs that
    file alone (and any other address gets the English "Page not found"). Each page's url_path is its
    file name, so that first request finds the file; here it turns the old mode off and reruns, and
    app.py's st.navigation shows the same address with the sign-in, roles and sidebar filters."""
    if not getattr(_framed, "active", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


# ---------------------------------------------------------------- errors and the empty database


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a store problem (missing, damaged or busy database, full disk) as a sentence, never a traceback."""
    try:
        yield
    except store.StoreBusy as error:
        st.warning(fmt.plain(error))
        st.stop()
    except (store.StoreError, auth.Forbidden) as error:
        st.error(fmt.plain(error))
        st.stop()


@st.cache_data(show_spinner=False, max_entries=4)
def _verified(path: str, db_stamp: tuple[int, int]) -> bool:
    """store.verify_database once per state of the file (an error is not cached: a damaged file is checked again)."""
    store.verify_database(Path(path))
    return True


def database_ready() -> bool:
    """True when the database exists; otherwise explain how to create it.

    A file that exists but is damaged (or busy too long) gets its sentence and the run stops there: no
    page runs, so none offers to write into it."""
    path = database()
    if path.exists():
        with friendly_errors():
            _verified(str(path), store.db_stamp(path))
        return True
    st.info(
        f"Basis data **{path}** belum ada. Jalankan `make run` (membuat data demo), atau "
        f"`python -m lapas_metrics init --db {path} --demo`."
    )
    return False


# What of the demo's partnerships is real, with its public sources (data/demo/SUMBER.md, stories g-j).
DEMO_PARTNERSHIP_NOTE = (
    "Kemitraan: mitra Lapas Cikarang PT Glory Karsa Abadi dengan 4 mesin injeksi plastik di bengkel dari APBN-P 2016 "
    "(mitrabantennews.com; bekasikab.go.id, 22-9-2021; fajar.co.id, 31-8-2019); sapi negara Lapas Warungkiara "
    "dilelang Agustus 2017, lalu mitra PT Kariyana Gita Utama (lingkarpena.id; bharindojabar.com, 18-3-2022). "
    "Nomor, skema, jangka dan nilai perjanjian, omzet, aset dan aturan pembagian hasil rekaan."
)


def demo_note() -> None:
    """The visible 'synthetic data' note, whenever the database holds the demo data."""
    if is_demo_data():
        st.sidebar.warning(
            "**Data demo (sintetis)** — nama UPT dari sumber publik; angka bulanan dan sebagian kapasitas rekaan.\n\n"
            + DEMO_PARTNERSHIP_NOTE
        )


# ---------------------------------------------------------------- shared filters


@dataclass(frozen=True)
class Filters:
    """The sidebar choices every page reads."""

    kanwil: str | None  # None = every kanwil
    tahun: int
    jenis: tuple[str, ...]  # empty = all
    kelas: tuple[str, ...]  # empty = all
    hanya_industri: bool
    per_tanggal: dt.date = field(default_factory=clock.today)  # the as-of date of the figures

    @property
    def unit_words(self) -> list[str]:
        """Which units the filters keep, in words: ['Kanwil Jawa Barat', 'hanya Lapas Industri', …]."""
        parts = [f"Kanwil {self.kanwil}" if self.kanwil else "Semua kanwil"]
        if self.hanya_industri:
            parts.append("hanya Lapas Industri")
        if self.jenis:
            parts.append("jenis " + ", ".join(self.jenis))
        if self.kelas:
            parts.append("kelas " + ", ".join(self.kelas))
        return parts

    @property
    def label(self) -> str:
        """What is shown, in words: 'Kanwil Jawa Barat · TA 2025 · Lapas Industri · Posisi data: 1 Desember 2026'."""
        first, *rest = self.unit_words
        return " · ".join([first, f"TA {self.tahun}", *rest, f"Posisi data: {fmt.long_date(self.per_tanggal)}"])

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


# The sidebar's choices, kept apart from their widgets: Streamlit drops a widget's value on a run that does not
# draw it, so a page without the filters (Unggah Data) or without the year (Tindak Lanjut) would reset them.
FILTER_KEYS = ("f_kanwil", AS_OF_KEY, "f_tahun", "f_jenis", "f_kelas", "f_industri")
KEPT_FILTERS = "_filter_terakhir"


def _restore_filters() -> None:
    for key, value in (st.session_state.get(KEPT_FILTERS) or {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


def _keep_filters() -> None:
    st.session_state[KEPT_FILTERS] = {key: st.session_state[key] for key in FILTER_KEYS if key in st.session_state}


def sidebar_filters(inputs: metrics.MetricInputs, with_year: bool = True) -> Filters | None:
    """Draw the shared filters in the sidebar; None when the database holds no data yet. with_year=False: a
    page that reads no fiscal year (its own or none) gets no year picker, and the chosen year stays for the
    next page that has one. The choices outlive pages that do not draw them (KEPT_FILTERS)."""
    upt = inputs.upt
    years = available_years(inputs)
    if upt.empty or not years:
        return None
    _restore_filters()
    sidebar = st.sidebar
    sidebar.header("Filter")
    kanwil_options = sorted(upt["kanwil"].dropna().unique().tolist())
    choices = ["Semua kanwil", *kanwil_options]
    default_kanwil = KANWIL_DEFAULT if KANWIL_DEFAULT in kanwil_options else choices[0]
    if st.session_state.get("f_kanwil") not in choices:
        st.session_state["f_kanwil"] = default_kanwil
    kanwil = sidebar.selectbox("Kanwil", choices, key="f_kanwil")
    per_tanggal = as_of_picker()
    if st.session_state.get("f_tahun") not in years:
        in_kanwil = None if kanwil == "Semua kanwil" else upt.loc[upt["kanwil"] == kanwil, "kode_upt"].tolist()
        opening = default_year(in_kanwil)
        st.session_state["f_tahun"] = opening if opening in years else years[-1]
    tahun = (
        sidebar.selectbox("Tahun anggaran", years[::-1], key="f_tahun") if with_year else st.session_state["f_tahun"]
    )
    jenis = sidebar.multiselect(
        "Jenis UPT", sorted(upt["jenis"].dropna().unique()), key="f_jenis", placeholder="Semua", select_all=False
    )
    kelas = sidebar.multiselect(
        "Kelas", sorted(upt["kelas"].dropna().unique()), key="f_kelas", placeholder="Semua", select_all=False
    )
    industri = sidebar.checkbox("Hanya Lapas Industri", key="f_industri")
    _keep_filters()
    return Filters(
        kanwil=None if kanwil == "Semua kanwil" else kanwil,
        tahun=int(tahun),
        jenis=tuple(jenis),
        kelas=tuple(kelas),
        hanya_industri=bool(industri),
        per_tanggal=per_tanggal,
    )


def as_of_picker() -> dt.date:
    """The as-of date in the sidebar (default $LAPAS_PER_TANGGAL or today): it decides which months are
    due (bulan_diharapkan), so a year in progress is judged on the months whose reports are due."""
    if not isinstance(st.session_state.get(AS_OF_KEY), dt.date):
        st.session_state[AS_OF_KEY] = as_of_date()
    chosen = st.sidebar.date_input(
        "Posisi data per tanggal",
        key=AS_OF_KEY,
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="DD/MM/YYYY",
        help="Laporan bulan m jatuh tempo pada tanggal batas bulan m + 1; hanya bulan yang sudah jatuh tempo "
        "yang diharapkan.",
    )
    return chosen if isinstance(chosen, dt.date) else as_of_date()


def current_filters() -> Filters | None:
    """The filters drawn by app.py for this rerun."""
    value = st.session_state.get("_filters")
    return value if isinstance(value, Filters) else None


# ---------------------------------------------------------------- a dashboard page's scope


@dataclass(frozen=True)
class Scope:
    """What a dashboard page shows: the filters, the inputs, the chosen units and their figures for the year."""

    filters: Filters
    inputs: metrics.MetricInputs
    codes: list[str]
    rows: pd.DataFrame  # ui.figures() of `codes` in filters.tahun

    @property
    def period(self) -> str:
        """The year as titles name it: 'TA 2025', or 'TA 2026 s.d. Januari' for a year in progress
        (months up to the latest one with data among these units)."""
        return compared(self.filters.tahun, self.codes).now_label


def page_scope() -> Scope | None:
    """The page's scope under the shared filters, with the filters' caption drawn; None, after a friendly
    sentence, when the database is empty or no unit matches the filters."""
    filters = current_filters()
    if filters is None:
        no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return None
    st.caption(fmt.plain(filters.label))
    inputs = metric_inputs()
    codes = filters.codes(inputs.upt)
    rows = views.year_rows(figures(), filters.tahun, codes)
    if not codes or rows.empty:
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return None
    return Scope(filters, inputs, codes, rows)


@dataclass(frozen=True)
class UnitScope:
    """What the unit profile shows: the filters, the chosen unit and its figures over the years."""

    filters: Filters
    kode: str
    name: str
    history: pd.DataFrame  # ui.figures() of the unit, one row per year

    @property
    def period(self) -> str:
        """The year as titles name it: 'TA 2025', or 'TA 2026 s.d. Januari' for a year in progress."""
        return compared(self.filters.tahun, [self.kode]).now_label


def unit_scope() -> UnitScope | None:
    """The unit chosen with the profile's picker under the shared filters, with its caption drawn; None,
    after a friendly sentence, when the database is empty, no unit matches or the unit has no data that year."""
    filters = current_filters()
    if filters is None:
        no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return None
    units = filters.units(metric_inputs().upt)
    if units.empty:
        st.caption(fmt.plain(filters.label))
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return None
    kode = upt_picker(views.picker_order(units), key="f_upt", label="UPT")
    if kode is None:
        no_data()
        return None
    history = views.unit_years(figures(), kode)
    name = views.unit_name(units, kode)
    st.caption(f"{fmt.plain(name)} · {fmt.plain(filters.label)}")
    if views.year_rows(history, filters.tahun, [kode]).empty:
        no_data(f"{fmt.plain(name)} belum memiliki data untuk TA {filters.tahun}.")
        return None
    return UnitScope(filters, kode, name, history)


def compared_note(sample: metrics.SameMonths) -> None:
    """For a year in progress, the line above its cards: 'TA 2026 s.d. Januari vs Januari 2025 …'."""
    if sample.bulan is not None:
        st.caption(
            f"{views.Compared(sample.tahun, sample.bulan).headline}: kedua tahun dihitung pada bulan yang sama "
            f"dan atas {sample.jumlah_upt} dari {sample.jumlah_upt_lingkup} UPT yang sudah melapor; pagu dan "
            "target PNBP setahun penuh."
        )


def year_cards(scope: Scope, names: Sequence[str] = views.KPI_FIGURES) -> None:
    """The KPI cards of the scope's units for the chosen year, each against the year before (for a year
    in progress over the same months of both, metrics.same_months_totals): the one place a page's cards
    are compared, so a change to what is compared lands in every page at once."""
    tahun = scope.filters.tahun
    sample = same_months(tahun, scope.codes)
    compared_note(sample)
    description = views.Compared(tahun, sample.bulan).card_description
    kpi_row(views.kpi_cards(sample.totals, tahun, names), description=description)


def unit_cards(unit: UnitScope, names: Sequence[str], per_row: int = 3) -> list[views.Card]:
    """The unit profile's facts row, drawn and returned (the HTML report repeats it): the unit's figures
    for the chosen year against the year before, over the same months for a year in progress.
    skor_risiko is the year's own; for a year in progress it has no change (the flags of part of a year
    and of a whole year are not alike)."""
    tahun = unit.filters.tahun
    sample = same_months(tahun, [unit.kode])
    comparison = views.Compared(tahun, sample.bulan)
    totals = sample.totals.copy()
    scores = unit.history.set_index("tahun")["skor_risiko"]
    totals["skor_risiko"] = [
        scores.get(year) if year == tahun or comparison.bulan is None else None for year in totals["tahun"]
    ]
    facts = views.kpi_cards(totals, tahun, names)
    compared_note(sample)
    kpi_row(facts, per_row=per_row, description=comparison.card_description)
    return facts


def trend_caption(scope: Scope, extra: str = "") -> str:
    """The caption under a trend of this year and the year before: 'Garis tegas: TA 2026 s.d. Januari;
    garis putus-putus: Januari 2025' (plus `extra`)."""
    comparison = compared(scope.filters.tahun, scope.codes)
    units = ""
    if comparison.bulan is not None:
        sample = same_months(scope.filters.tahun, scope.codes)
        units = f" (keduanya atas {sample.jumlah_upt} dari {sample.jumlah_upt_lingkup} UPT yang sudah melapor)"
    return f"Garis tegas: {comparison.now_label}; garis putus-putus: {comparison.before_label}{units}{extra}."
