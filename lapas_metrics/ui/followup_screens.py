"""The Tindak Lanjut page's monitoring: cards, the status chart, the recap per kanwil and per unit, overdue ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from lapas_metrics import auth, charts, evaluation, fmt, views
from lapas_metrics.ui.followup_data import open_recommendations, recap
from lapas_metrics.ui.widgets import chart, kpi_row, no_data

STATUS_COLORS = {
    "sesuai": charts.GOOD,
    "belum_sesuai": charts.PALETTE[1],
    "belum_ditindaklanjuti": charts.BAD,
    "tidak_dapat_ditindaklanjuti": charts.MUTED,
}
# Every column of the follow-up tables as the page heads it.
LABELS = {
    "kode_upt": "Kode UPT",
    "nama_upt": "Nama UPT",
    "kanwil": "Kanwil",
    "rekomendasi": "Rekomendasi",
    "sesuai": "Sesuai",
    "belum_sesuai": "Belum sesuai",
    "belum_ditindaklanjuti": "Belum ditindaklanjuti",
    "tidak_dapat_ditindaklanjuti": "Tidak dapat ditindaklanjuti",
    "persen_tl_sesuai": "% TL sesuai",
    "lewat_batas_waktu": "Lewat batas waktu",
    "nilai_temuan_terbuka_rp": "Nilai temuan terbuka",
    "nomor_temuan": "Nomor temuan",
    "judul": "Judul temuan",
    "nomor_rekomendasi": "No. rek.",
    "isi_rekomendasi": "Rekomendasi",
    "penanggung_jawab": "Penanggung jawab",
    "batas_waktu": "Batas waktu",
    "status": "Status",
    "hari_lewat_batas": "Hari lewat batas",
    "umur_hari": "Umur (hari)",
    "nilai_temuan_rp": "Nilai temuan",
    "tindak_lanjut_terakhir": "Tindak lanjut terakhir",
    "tanggal_tindak_lanjut_terakhir": "Tanggal tindak lanjut terakhir",
    "jumlah_tindak_lanjut": "Jumlah tindak lanjut",
}
COUNTS = ("rekomendasi", "lewat_batas_waktu", "hari_lewat_batas", "umur_hari", "jumlah_tindak_lanjut", *STATUS_COLORS)
SHOWN_ROWS = 100  # rows a long list draws on screen; its CSV holds every row
CHART_ROWS = 25  # bars of the status chart per unit: the units with the most open recommendations


def percent_text(value: object) -> str:
    """persen_tl_sesuai as the page shows it: '50,0 %', and fmt.MISSING when the unit has no recommendation."""
    return fmt.percent(value, 1)


def status_label(code: object) -> str:
    """A follow-up status code as people read it ('Belum ditindaklanjuti'); the code itself when unknown."""
    return str(evaluation.TL_LABELS.get(str(code), code))


def _date_text(value: object) -> str:
    return fmt.MISSING if fmt.is_missing(value) else fmt.long_date(value)  # type: ignore[arg-type]


def styled(frame: pd.DataFrame, columns: Sequence[str]) -> Styler:
    """`columns` of `frame` with the page's headers, counts, percentages, full rupiah and long dates."""
    shown = frame[list(columns)]
    formats: dict[str, Callable[[object], str]] = {}
    for name in shown.columns:
        if name in COUNTS:
            formats[LABELS[name]] = lambda v: fmt.number(v, 0)
        elif name == "persen_tl_sesuai":
            formats[LABELS[name]] = percent_text
        elif name.endswith("_rp"):
            formats[LABELS[name]] = fmt.rupiah
        elif name in ("batas_waktu", "tanggal_tindak_lanjut_terakhir"):
            formats[LABELS[name]] = _date_text
        elif name == "status":
            formats[LABELS[name]] = status_label
    return shown.rename(columns=LABELS).style.format(formats, na_rep=fmt.MISSING)  # type: ignore[arg-type]


def show_table(frame: pd.DataFrame, columns: Sequence[str], key: str, file_name: str) -> None:
    """A follow-up table (at most SHOWN_ROWS drawn, with a sentence saying so) and the CSV of all its rows."""
    if len(frame) > SHOWN_ROWS:
        st.caption(f"Ditampilkan {fmt.number(SHOWN_ROWS)} baris pertama dari {fmt.number(len(frame))}; unduh CSV.")
    st.dataframe(
        styled(frame.head(SHOWN_ROWS), columns), key=key, hide_index=True, placeholder=fmt.MISSING, width="stretch"
    )
    st.download_button(
        "Unduh tabel (CSV)",
        lambda: fmt.csv_bytes(frame[list(columns)]),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
    )


# ---------------------------------------------------------------- the monitoring


def totals(by_kanwil: pd.DataFrame) -> dict[str, float]:
    """The scope's sums of the per-kanwil recap; persen_tl_sesuai a ratio of sums (NaN with no recommendation)."""
    names = ("rekomendasi", "lewat_batas_waktu", *STATUS_COLORS, "nilai_temuan_terbuka_rp")
    sums = {name: float(by_kanwil[name].sum()) for name in names}
    sums["persen_tl_sesuai"] = sums["sesuai"] / sums["rekomendasi"] if sums["rekomendasi"] else float("nan")
    return sums


def cards(by_kanwil: pd.DataFrame) -> None:
    """Recommendations, the share judged sesuai, overdue ones and the open amount of the scope."""
    total = totals(by_kanwil)
    shown = [
        ("rekomendasi", "Rekomendasi", fmt.number(total["rekomendasi"]), ""),
        ("persen_tl_sesuai", "TL sesuai", percent_text(total["persen_tl_sesuai"]), "Sesuai / semua rekomendasi."),
        ("lewat_batas_waktu", "Lewat batas waktu", fmt.number(total["lewat_batas_waktu"]), "Terbuka, lewat batas."),
        ("nilai_temuan_terbuka_rp", "Nilai temuan terbuka", fmt.rupiah_short(total["nilai_temuan_terbuka_rp"]), ""),
    ]
    kpi_row([views.Card(name, label, value, None, help, "off") for name, label, value, help in shown])


def status_chart(by_kanwil: pd.DataFrame, by_unit: pd.DataFrame) -> None:
    """Recommendations by status: one bar per kanwil when the scope has several, else per unit (the most open)."""
    columns = {status: status_label(status) for status in evaluation.TL_STATUSES}
    if len(by_kanwil) > 1:
        frame, category, title = by_kanwil, "kanwil", "Status rekomendasi per kanwil"
    else:
        frame = by_unit[by_unit["rekomendasi"] > 0].copy()
        frame["terbuka"] = frame["belum_ditindaklanjuti"] + frame["belum_sesuai"]
        frame = frame.sort_values(["terbuka", "kode_upt"], ascending=[False, True]).head(CHART_ROWS)
        category, title = "nama_upt", "Status rekomendasi per UPT"
        if len(by_unit[by_unit["rekomendasi"] > 0]) > CHART_ROWS:
            title += f" ({CHART_ROWS} UPT dengan rekomendasi terbuka terbanyak)"
    figure = charts.stacked_counts(frame, category, columns, title, "Jumlah rekomendasi", colors=STATUS_COLORS)
    chart(figure, key="tl_grafik")


RECAP_SHOWN = list(evaluation.RECAP_COLUMNS[1:])


def monitoring(actor: auth.Actor, codes: Sequence[str], as_of: dt.date) -> bool:
    """Cards, the status chart and the recap per kanwil and per unit, and the open ones with their age;
    False (after a sentence) when the scope holds no recommendation."""
    by_kanwil = recap(actor, codes, as_of, by="kanwil")
    by_unit = recap(actor, codes, as_of)
    if by_unit.empty or not by_unit["rekomendasi"].sum():
        no_data("Belum ada rekomendasi untuk UPT dalam filter ini.")
        return False
    cards(by_kanwil)
    status_chart(by_kanwil, by_unit)
    st.caption(f"Lewat batas waktu dan umur dihitung pada posisi {fmt.long_date(as_of)}.")
    per_kanwil, per_unit, terbuka = st.tabs(["Per kanwil", "Per UPT", "Rekomendasi terbuka"])
    with per_kanwil:
        show_table(by_kanwil, ["kanwil", *RECAP_SHOWN], "tl_rekap_kanwil", f"tindak_lanjut_kanwil_{as_of}.csv")
    with per_unit:
        show_table(
            by_unit, ["kode_upt", "nama_upt", "kanwil", *RECAP_SHOWN], "tl_rekap_upt", f"tindak_lanjut_upt_{as_of}.csv"
        )
    with terbuka:
        overdue(open_recommendations(actor, codes, as_of), as_of)
    return True


OPEN_SHOWN = [
    "nomor_temuan",
    "nomor_rekomendasi",
    "nama_upt",
    "isi_rekomendasi",
    "status",
    "batas_waktu",
    "hari_lewat_batas",
    "umur_hari",
    "nilai_temuan_rp",
]


def overdue(open_ones: pd.DataFrame, as_of: dt.date) -> None:
    """The open recommendations, overdue first with the days past their deadline and their age."""
    if open_ones.empty:
        st.success("Tidak ada rekomendasi yang masih terbuka.", icon="✅")
        return
    late = int(open_ones["lewat_batas_waktu"].sum())
    st.markdown(f"**{fmt.number(len(open_ones))}** rekomendasi terbuka, **{fmt.number(late)}** lewat batas waktu.")
    frame = open_ones.rename(columns={"rekomendasi": "isi_rekomendasi"})
    show_table(frame, OPEN_SHOWN, "tl_terbuka", f"rekomendasi_terbuka_{as_of}.csv")
