"""The Kemitraan dan Aset page: agreements and their handover, partners' contributions, State assets idle first, the split of sales."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lapas_metrics import charts, fmt, views
from lapas_metrics.ui.data import as_of_date, figures, flag_reasons, metric_inputs, partnership_rows
from lapas_metrics.ui.frame import Filters, current_filters
from lapas_metrics.ui.widgets import chart, kpi_row, no_data, table, upt_picker

# The cards of each part, shown when the unit has rows of that part's table.
CARDS = {
    "kemitraan": (
        "jumlah_kemitraan_aktif",
        "kontribusi_seharusnya_rp",
        "kontribusi_disetor_rp",
        "capaian_kontribusi",
        "kemitraan_berakhir_dalam_bulan",
    ),
    "aset": ("nilai_aset_rp", "nilai_aset_menganggur_rp", "porsi_aset_menganggur"),
    "aturan_premi": ("premi_seharusnya_rp", "premi_rp", "pnbp_seharusnya_rp", "pnbp_rp", "bulan_tanpa_aturan"),
}
NO_DATA = "belum memiliki data kemitraan, aset, atau aturan pembagian hasil penjualan."


@dataclass(frozen=True)
class Unit:
    """The unit the page shows in detail: filters, code, name, its figures over the years, its partnership rows."""

    filters: Filters
    kode: str
    name: str
    history: pd.DataFrame  # ui.figures() of the unit, one row per year
    rows: dict[str, pd.DataFrame]  # store.partnership_rows of the unit for filters.tahun

    @property
    def tahun(self) -> int:
        return self.filters.tahun


def _table(frame: pd.DataFrame, key: str, file_name: str | None = None) -> None:
    """ui.table inside a container keyed `key` (st.dataframe keeps no key a test can find; a container does)."""
    with st.container(key=key):
        table(frame, key=f"{key}_tabel", file_name=file_name)


def _picker_units(units: pd.DataFrame, rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The units of the picker: those with partnership data first, then the others (each part as picker_order)."""
    ordered = views.picker_order(units)
    with_data = ordered["kode_upt"].map(lambda kode: views.has_partnership(rows, kode))
    return pd.concat([ordered[with_data], ordered[~with_data]])


def overview(filters: Filters, units: pd.DataFrame, rows: dict[str, pd.DataFrame]) -> None:
    """Every agreement of the filtered units, soonest handover first."""
    st.subheader("🤝 Perjanjian kerja sama per UPT")
    if rows["kemitraan"].empty:
        no_data("UPT terpilih tidak memiliki perjanjian kerja sama.")
        return
    since = views.countdown_date(filters.tahun, as_of_date())
    agreements = views.agreement_table(rows["kemitraan"], units, since)
    _table(agreements, key="km_perjanjian_semua", file_name=f"kemitraan_{filters.tahun}.csv")
    st.caption(f"Sisa waktu dihitung dari {fmt.long_date(since)} sampai tanggal berakhir (mulai + jangka tahun).")


def cards_and_flags(unit: Unit) -> None:
    names = [name for part, shown in CARDS.items() if not unit.rows[part].empty for name in shown]
    kpi_row(views.partnership_cards(unit.history, unit.tahun, names), description=f"vs TA {unit.tahun - 1}")
    reasons = views.unit_reasons(flag_reasons(), unit.kode, unit.tahun)
    reasons = reasons[reasons["flag"].isin(views.PARTNERSHIP_FLAGS)]
    if reasons.empty:
        st.success(f"Tidak ada bendera kemitraan, aset, atau pembagian hasil yang menyala pada TA {unit.tahun}.")
        return
    lines = [f"- **{item.label}** — {fmt.plain(item.kalimat)}" for item in reasons.itertuples(index=False)]
    st.container(key="km_bendera").markdown("\n".join(lines))


def agreements(unit: Unit) -> None:
    st.subheader("📄 Perjanjian dan serah terima")
    own = unit.rows["kemitraan"]
    if own.empty:
        no_data(f"{fmt.plain(unit.name)} tidak memiliki perjanjian kerja sama.")
        return
    since = views.countdown_date(unit.tahun, as_of_date())
    upt = metric_inputs().upt
    _table(views.agreement_table(own, upt, since).drop(columns="nama_upt"), key="km_perjanjian")
    nearest = views.countdown_text(
        views.year_rows(unit.history, unit.tahun, [unit.kode])["kemitraan_berakhir_dalam_bulan"].iloc[0]
    )
    if nearest != fmt.MISSING:
        st.info(f"Serah terima terdekat kepada negara: {nearest} (dihitung dari {fmt.long_date(since)}).", icon="⏳")


def contributions(unit: Unit) -> None:
    if unit.rows["kemitraan"].empty:
        return  # the agreements section has said so
    st.subheader("💸 Kontribusi mitra: seharusnya dan disetor")
    years = views.partnership_years(
        unit.history, views.CONTRIBUTION_FIGURES, ("kontribusi_seharusnya_rp", "kontribusi_disetor_rp")
    )
    if years.empty:
        no_data(f"{fmt.plain(unit.name)} tidak memiliki kontribusi mitra.")
        return
    bars = {"kontribusi_seharusnya_rp": "Seharusnya", "kontribusi_disetor_rp": "Disetor"}
    figure = charts.grouped_bars(years, "tahun", bars, views.RP, "Kontribusi mitra per tahun", "Kontribusi", "Tahun")
    chart(figure, key="km_kontribusi_grafik")
    _table(years, key="km_kontribusi", file_name=f"kontribusi_{unit.kode}.csv")
    st.caption(
        "Seharusnya: kontribusi tetap × bulan dalam jangka perjanjian / 12 + bagi hasil × omzet mitra; "
        "disetor: setoran PNBP yang menyebut nomor perjanjian."
    )


def assets(unit: Unit) -> None:
    st.subheader(f"🏗️ Aset negara (BMN) TA {unit.tahun}")
    owned = views.owned_assets(unit.rows["aset"], unit.tahun)
    if owned.empty:
        no_data(f"{fmt.plain(unit.name)} tidak memiliki aset tercatat sampai TA {unit.tahun}.")
        return
    row = views.year_rows(unit.history, unit.tahun, [unit.kode]).iloc[0]
    idle = owned[owned["status"] == views.MENGANGGUR]
    st.container(key="km_aset_ringkas").markdown(
        f"Aset menganggur: **{len(idle)}** dari {len(owned)} aset, senilai "
        f"**{views.format_figure('nilai_aset_menganggur_rp', row['nilai_aset_menganggur_rp'])}** atau "
        f"**{views.format_figure('porsi_aset_menganggur', row['porsi_aset_menganggur'])}** dari nilai aset "
        f"{views.format_figure('nilai_aset_rp', row['nilai_aset_rp'])}."
    )
    left, right = st.columns(2)
    for column, by, title, key in (
        (left, "sumber_dana", "Nilai aset per sumber dana", "km_aset_sumber"),
        (right, "kondisi", "Nilai aset per kondisi terakhir", "km_aset_kondisi"),
    ):
        with column:
            figure = charts.stacked_bars(
                views.assets_by(owned, by),
                by,
                "status",
                "nilai_perolehan_rp",
                views.RP,
                f"{title}, TA {unit.tahun}",
                "Nilai perolehan",
            )
            chart(figure, key=key)
    _table(views.asset_table(owned), key="km_aset")
    st.caption(
        "Menganggur: diperiksa pada tahun ini dan tidak dipakai pada setiap pemeriksaan. Kondisi: pemeriksaan terakhir tahun ini."
    )


def split_rules(unit: Unit) -> None:
    st.subheader("⚖️ Aturan pembagian hasil penjualan")
    rules = unit.rows["aturan_premi"]
    if rules.empty:
        no_data(f"{fmt.plain(unit.name)} tidak memiliki aturan pembagian hasil penjualan.")
        return
    _table(views.rule_table(rules), key="km_aturan")
    years = views.partnership_years(unit.history, views.SPLIT_FIGURES, ("premi_seharusnya_rp", "pnbp_seharusnya_rp"))
    if years.empty:
        no_data("Belum ada penjualan pada bulan yang diatur.")
        return
    left, right = st.columns(2)
    for column, due, paid, title, key in (
        (left, "premi_seharusnya_rp", "premi_rp", "Premi WBP", "km_premi"),
        (right, "pnbp_seharusnya_rp", "pnbp_rp", "PNBP", "km_pnbp"),
    ):
        with column:
            bars = {due: "Menurut aturan", paid: "Dibayar" if paid == "premi_rp" else "Disetor"}
            figure = charts.grouped_bars(
                years, "tahun", bars, views.RP, f"{title}: menurut aturan dan nyata", title, "Tahun"
            )
            chart(figure, key=key)
    _table(years, key="km_pembagian", file_name=f"pembagian_{unit.kode}.csv")
    st.caption(
        "Menurut aturan: nilai penjualan tiap bulan × persen aturan yang berlaku bulan itu; bulan tanpa aturan dihitung 0."
    )


def render() -> None:
    """The whole page under the sidebar's filters: every agreement of the units, then one unit in detail."""
    filters = current_filters()
    if filters is None:
        no_data("Belum ada data di basis data. Unggah data lewat halaman **Unggah Data**.")
        return
    st.caption(fmt.plain(filters.label))
    units = filters.units(metric_inputs().upt)
    if units.empty:
        no_data("Tidak ada UPT yang cocok dengan filter ini. Ubah pilihan di bilah samping.")
        return
    rows = partnership_rows(units["kode_upt"].tolist(), filters.tahun)
    overview(filters, units, rows)
    st.divider()
    kode = upt_picker(_picker_units(units, rows), key="f_upt", label="UPT")
    if kode is None:
        return
    name = views.unit_name(units, kode)
    history = views.unit_years(figures(), kode)
    if not views.has_partnership(rows, kode):
        no_data(f"{fmt.plain(name)} {NO_DATA}")
        return
    if views.year_rows(history, filters.tahun, [kode]).empty:
        no_data(f"{fmt.plain(name)} belum memiliki data untuk TA {filters.tahun}.")
        return
    own = {table_name: frame[frame["kode_upt"] == kode] for table_name, frame in rows.items()}
    unit = Unit(filters, kode, name, history, own)
    cards_and_flags(unit)
    agreements(unit)
    contributions(unit)
    assets(unit)
    split_rules(unit)
