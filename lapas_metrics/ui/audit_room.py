"""The audit room's screens: the what-if editor, the criteria, the audit table, the working paper and downloads."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable

import pandas as pd
import streamlit as st

from lapas_metrics import __version__, audit, auth, clock, export, fmt, metrics, store, views
from lapas_metrics.ui.data import (
    audit_config,
    database,
    default_audit_config,
    is_demo_data,
    set_audit_config,
    upload_log,
)
from lapas_metrics.ui.frame import Filters
from lapas_metrics.ui.papers import preparer
from lapas_metrics.ui.session import actor, log_quietly, require

_AUDIT_TAHUN_FROM_SIDEBAR = "_audit_tahun_sidebar"


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
    defaults = default_audit_config()
    active = audit_config()
    for flag in metrics.SCORED_FLAGS:
        # Widgets forget their state when another page was shown; the session's config remembers it.
        threshold_key, weight_key = _what_if_keys(flag)
        scale = metrics.FLAG_BY_NAME[flag].threshold_scale
        st.session_state.setdefault(threshold_key, round(active.thresholds[flag] * scale, 6))
        st.session_state.setdefault(weight_key, float(active.weights[flag]))
    with st.expander("⚙️ Ambang dan bobot bendera (what-if, hanya untuk sesi ini)", expanded=active != defaults):
        st.caption(
            "Nilai bawaan berasal dari berkas konfigurasi audit. Perubahan di sini hanya berlaku untuk sesi "
            "Anda (juga di halaman lain) sampai dikembalikan ke bawaan; berkas konfigurasi tidak berubah."
        )
        head = st.columns([4, 1.2, 1.2, 1.6])
        head[0].markdown("**Bendera dan aturannya** (… = ambang)")
        head[1].markdown("**Ambang** (% · bulan)")
        head[2].markdown("**Bobot skor**")
        head[3].markdown("**Bawaan**")
        thresholds, weights = {}, {}
        for flag in metrics.SCORED_FLAGS:
            threshold_key, weight_key = _what_if_keys(flag)
            record = metrics.FLAG_BY_NAME[flag]
            row = st.columns([4, 1.2, 1.2, 1.6], vertical_alignment="center")
            row[0].markdown(f"**{audit.FLAG_LABELS[flag]}**: {audit.RULES[flag]}")
            typed = row[1].number_input(
                f"Ambang {audit.FLAG_LABELS[flag]} ({record.threshold_unit})",
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
            default = defaults.thresholds[flag]
            shown = fmt.percent(default, 1) if record.threshold_unit == "%" else record.show_threshold(default)
            row[3].caption(f"{shown} · bobot {fmt.number(defaults.weights[flag], 1)}")
            thresholds[flag] = float(typed) / record.threshold_scale
            weights[flag] = float(weight)
        config = audit.what_if(defaults, thresholds, weights)
        set_audit_config(config)
        st.button("↩️ Kembalikan ke bawaan", key="audit_reset", on_click=_reset_what_if, disabled=config is None)
    return config or defaults


def audit_criteria(filters: Filters, years: list[int]) -> audit.Criteria:
    """The criteria widgets of the audit room; returns lapas_metrics.audit.Criteria. Kanwil, jenis, kelas
    and "Hanya Lapas Industri" come from the sidebar; the years start at the sidebar's year."""
    if st.session_state.get(_AUDIT_TAHUN_FROM_SIDEBAR) != filters.tahun or "audit_tahun" not in st.session_state:
        st.session_state["audit_tahun"] = [filters.tahun]
        st.session_state[_AUDIT_TAHUN_FROM_SIDEBAR] = filters.tahun
    st.session_state["audit_tahun"] = [y for y in st.session_state["audit_tahun"] if y in years]
    first, second = st.columns([1.2, 2])
    tahun = first.multiselect(
        "Tahun anggaran", years[::-1], key="audit_tahun", placeholder="Pilih tahun", select_all=False
    )
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
    left, right = st.columns([2.3, 1], vertical_alignment="bottom")
    flags = left.multiselect(
        "Hanya UPT dengan bendera",
        list(metrics.FLAGS),
        format_func=audit.FLAG_LABELS.__getitem__,  # every flag has a label
        key="audit_bendera",
        placeholder="Semua UPT (tanpa filter bendera)",
        select_all=False,
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


def _open_year(year: int) -> None:
    """Move the sidebar's year (the shared filter f_tahun) and the audit years to `year` (a button callback,
    so before the widgets are drawn again)."""
    st.session_state["f_tahun"] = year
    st.session_state["audit_tahun"] = [year]
    st.session_state[_AUDIT_TAHUN_FROM_SIDEBAR] = year


def apbnp_years(figures: pd.DataFrame, criteria: audit.Criteria) -> bool:
    """For "N tambahan APBN-P terbesar": when a chosen year has no APBN-P addition for the units in scope,
    the sentence naming the years that have one and a button per year that opens it. True when no chosen
    year has an addition (the sentence then explains an empty result)."""
    if criteria.mode != "top_apbnp":
        return False
    without = audit.years_without_additions(figures, criteria)
    if not without:
        return False
    having = audit.years_with_additions(figures, criteria)
    st.info(audit.additions_note(without, having), icon="ℹ️")
    if having:
        row = st.container(horizontal=True, key="audit_apbnp_tahun")
        for year in reversed(having):  # the latest first, as the year pickers
            row.button(f"Buka TA {year}", key=f"audit_apbnp_{year}", on_click=_open_year, args=(year,))
    return len(without) == len(criteria.tahun)


def audit_table(
    summary: pd.DataFrame,
    remembered: tuple[str, int] | None,
    audit_config_: metrics.AuditConfig | None = None,
    lead: str = "pagu_efektif_rp",
) -> int | None:
    """The audit result with exactly one chosen row (the remembered UPT-year if shown, else the first),
    `lead` (the amount of the budget criterion) right after the name; returns the chosen row position,
    None for an empty table."""
    if summary.empty:
        return None
    shown = audit.screen_table(summary, lead)
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
    flag_columns: list[Hashable] = [views.label(flag) for flag in metrics.FLAGS]
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
        placeholder=fmt.MISSING,
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
    criteria: audit.Criteria,
    config: metrics.AuditConfig,
    summary: pd.DataFrame,
    findings: pd.DataFrame,
    data: pd.DataFrame,
    percentiles: pd.DataFrame,
) -> Callable[[], bytes]:
    """A function that builds the working paper (.xlsx bytes) when called: the database's SHA-256 and
    the export time are taken at the click, not when the page is drawn."""
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
                exported_at=clock.utc_now(),
                percentiles=percentiles,
                demo=demo,
                exported_by=exported_by,
                preparer=preparer()[0],
            ),
            current,
        )
        log_quietly(current.username, "ekspor", f"kertas kerja {criteria.budget_text}")
        return paper

    return build


def summary_csv(summary: pd.DataFrame) -> Callable[[], bytes]:
    """A function that builds the result table as CSV when the button is clicked, and logs the export."""
    current = require("ekspor")

    def build() -> bytes:
        data = export.summary_csv(summary, current)
        log_quietly(current.username, "ekspor", f"tabel audit CSV, {len(summary)} baris")
        return data

    return build


def audit_downloads(build_xlsx: Callable[[], bytes], csv: Callable[[], bytes], stem: str) -> None:
    """The working paper (one click) and the result table as CSV."""
    # A row that wraps (not fixed columns): the labels stay whole at 1280 px and stack at 390 px.
    row = st.container(horizontal=True, key="audit_unduh")
    row.download_button(
        "Unduh kertas kerja (Excel)",
        build_xlsx,
        file_name=f"{stem}.xlsx",
        key="audit_xlsx",
        icon="📥",
        type="primary",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    row.download_button("Unduh tabel (CSV)", csv, file_name=f"{stem}.csv", mime="text/csv", key="audit_csv", icon="📄")
