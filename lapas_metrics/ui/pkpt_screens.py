"""The PKPT page: the plan year, the ranking with every part and its points, the reason and quarter, the exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from lapas_metrics import auth, charts, config, export, fmt, views
from lapas_metrics.evaluation import pkpt as rules
from lapas_metrics.ui.followup_data import pkpt_plan
from lapas_metrics.ui.papers import paper_info, signers
from lapas_metrics.ui.widgets import chart, no_data

TITLE = "Program Kerja Pengawasan Tahunan (PKPT)"
PKPT_READERS = frozenset({"pimpinan"})  # besides the roles that audit: the plan is theirs to approve
CHART_ROWS = 20  # the units the points chart shows: four quarters of five by default
PARTS = rules.PARTS
LABELS: dict[str, str] = {
    "peringkat": "Peringkat",
    "kode_upt": "Kode UPT",
    "nama_upt": "Nama UPT",
    "kanwil": "Kanwil",
    "skor_pkpt": "Skor PKPT",
    "triwulan_usulan": "Usulan triwulan",
    **{part: str(label) for part, label in rules.PART_LABELS.items()},
    **{f"poin_{part}": f"Poin {str(label).lower()}" for part, label in rules.PART_LABELS.items()},
    "tahun_risiko": "Tahun skor risiko",
    "tahun_evaluasi_terakhir": "Evaluasi final terakhir",
    "alasan": "Alasan",
}
# The table's column order: who and where, then each part beside its points, then the reason.
SHOWN = [
    "peringkat",
    "nama_upt",
    "kanwil",
    "skor_pkpt",
    "triwulan_usulan",
    *[name for part in PARTS for name in (part, f"poin_{part}")],
    "tahun_risiko",
    "tahun_evaluasi_terakhir",
    "alasan",
]


def may_open(actor: auth.Actor) -> bool:
    """Whether the PKPT page is in this actor's navigation: the roles that audit, and the pimpinan."""
    return actor.can("audit") or actor.peran in PKPT_READERS


def _year(value: object) -> str:
    return fmt.MISSING if fmt.is_missing(value) else str(int(value))  # type: ignore[call-overload]


def part_text(name: str, value: object) -> str:
    """One cell of the plan as the page shows it: money in full rupiah, counts, years, points with one decimal."""
    if name == "nilai_temuan_terbuka_rp":
        return fmt.rupiah(value)
    if name in ("rekomendasi_terbuka", "rekomendasi_lewat_batas", "peringkat"):
        return fmt.number(value, 0)
    if name == "tahun_sejak_evaluasi":
        return "belum pernah" if fmt.is_missing(value) else fmt.number(value, 0)
    if name in ("tahun_risiko", "tahun_evaluasi_terakhir"):
        return _year(value)
    if fmt.is_missing(value):
        return fmt.MISSING
    return fmt.number(value, 1)


def styled(plan: pd.DataFrame) -> Styler:
    """The plan's SHOWN columns with Indonesian headers and formats (numbers stay numbers, so columns sort)."""
    formats: dict[str, Callable[[object], str]] = {}
    for name in SHOWN:
        if name not in ("nama_upt", "kanwil", "triwulan_usulan", "alasan"):
            formats[LABELS[name]] = partial(part_text, name)
    return plan[SHOWN].rename(columns=LABELS).style.format(formats, na_rep=fmt.MISSING)  # type: ignore[arg-type]


def weights_text() -> str:
    """'Bobot: Skor risiko 40 · Rekomendasi terbuka 15 · … · 5 UPT per triwulan' from the settings."""
    weights = config.pkpt_weights()
    parts = [f"{rules.PART_LABELS[part]} {fmt.number(weights[part], 0)}" for part in PARTS]
    return f"Bobot: {' · '.join(parts)} · {config.pkpt_per_quarter()} UPT per triwulan."


def choose_year(as_of: dt.date) -> int:
    """The plan year (default: the year after the as-of date's)."""
    if not isinstance(st.session_state.get("pkpt_tahun"), int):
        st.session_state["pkpt_tahun"] = as_of.year + 1
    return int(st.number_input("Tahun PKPT", min_value=2000, max_value=2100, step=1, key="pkpt_tahun"))


def points_chart(plan: pd.DataFrame, tahun: int) -> None:
    """The points of each part of the first CHART_ROWS units, stacked: what puts each unit where it is."""
    top = plan.head(CHART_ROWS)
    columns = {f"poin_{part}": str(rules.PART_LABELS[part]) for part in PARTS}
    title = f"Poin PKPT {tahun} per bagian, {len(top)} UPT teratas"
    figure = charts.grouped_bars(top, "nama_upt", columns, views.SCORE, title, "Poin", horizontal=True, stacked=True)
    chart(figure, key="pkpt_grafik")


def xlsx_columns() -> list[export.Column]:
    money = {"nilai_temuan_terbuka_rp"}
    counts = {"peringkat", "rekomendasi_terbuka", "rekomendasi_lewat_batas", "tahun_sejak_evaluasi"}
    years = {"tahun_risiko", "tahun_evaluasi_terakhir"}
    columns = [export.Column("kode_upt", LABELS["kode_upt"])]
    for name in SHOWN:
        number_format: str | None = export.DECIMAL
        if name in money:
            number_format = export.RUPIAH
        elif name in counts:
            number_format = export.COUNT
        elif name in years:
            number_format = export.YEAR
        elif name in ("nama_upt", "kanwil", "triwulan_usulan", "alasan"):
            number_format = None
        columns.append(export.Column(name, LABELS[name], number_format, wrap=name in ("nama_upt", "alasan")))
    return columns


def workbook(plan: pd.DataFrame, tahun: int, as_of: dt.date, scope: str) -> bytes:
    """The plan as an A4 paper: title, weights and as-of date, the ranking, the signature block."""
    book = export.Book({"title": f"{TITLE} {tahun}", "subject": scope})
    sheet = book.sheet(f"PKPT {tahun}")
    sheet.write(0, 0, f"{TITLE} {tahun}", None, "title")
    sheet.write(1, 0, f"{scope} · posisi data {fmt.long_date(as_of)} · {weights_text()}")
    last = sheet.table(plan, xlsx_columns(), first_row=3, freeze_cols=2)
    sheet.signatures(last + 1, signers())
    sheet.fit()
    sheet.print_as(paper_info(f"{TITLE} {tahun}", scope, f"TA {tahun}"), repeat=(3, 4))
    return book.close()


def downloads(plan: pd.DataFrame, tahun: int, as_of: dt.date, scope: str) -> None:
    """The plan as CSV (PKPT_COLUMNS) and as an Excel paper; both built only when clicked."""
    left, right = st.columns(2)
    csv: Callable[[], Any] = lambda: fmt.csv_bytes(plan[list(rules.PKPT_COLUMNS)])  # noqa: E731
    left.download_button("Unduh PKPT (CSV)", csv, file_name=f"pkpt_{tahun}.csv", mime="text/csv", key="pkpt_csv")
    right.download_button(
        "Unduh PKPT (Excel)",
        lambda: workbook(plan, tahun, as_of, scope),
        file_name=f"pkpt_{tahun}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="pkpt_xlsx",
        icon="📗",
    )


def show(actor: auth.Actor, codes: Sequence[str], as_of: dt.date, scope: str) -> None:
    """The plan year, the weights, the ranking with its parts and points, the chart and the downloads."""
    tahun = choose_year(as_of)
    st.caption(fmt.plain(weights_text()))
    plan = pkpt_plan(actor, tahun, as_of, codes)
    if plan.empty:
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return
    proposed = plan[plan["triwulan_usulan"] != ""]
    st.markdown(
        f"**{fmt.number(len(proposed))}** dari {fmt.number(len(plan))} UPT diusulkan untuk dievaluasi pada "
        f"TA {tahun}; peringkat menurut skor PKPT (0–100), lalu skor risiko, lalu nilai temuan terbuka."
    )
    points_chart(plan, tahun)
    st.dataframe(styled(plan), key="pkpt_tabel", hide_index=True, placeholder=fmt.MISSING, width="stretch")
    downloads(plan, tahun, as_of, scope)
