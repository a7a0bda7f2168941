"""The Kemitraan dan Aset page's frames: agreements with their handover countdown, assets idle first, split rules over time."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt, metrics
from lapas_metrics.metrics.inputs import SERAH_TERIMA_BAWAAN
from lapas_metrics.metrics.partnership_flags import (
    ASET_MENGANGGUR,
    KONTRIBUSI_KURANG,
    PNBP_KURANG_SETOR,
    PREMI_KURANG_BAYAR,
    SERAH_TERIMA_DEKAT,
)
from lapas_metrics.views.cards import Card, kpi_cards
from lapas_metrics.views.labels import PCT, format_value
from lapas_metrics.views.tables import with_names

PARTNERSHIP_FLAGS = tuple(
    flag.name
    for flag in (KONTRIBUSI_KURANG, ASET_MENGANGGUR, PREMI_KURANG_BAYAR, PNBP_KURANG_SETOR, SERAH_TERIMA_DEKAT)
)
CONTRIBUTION_FIGURES = (
    "jumlah_kemitraan_aktif",
    "kontribusi_seharusnya_rp",
    "kontribusi_disetor_rp",
    "capaian_kontribusi",
)
ASSET_FIGURES = ("nilai_aset_rp", "nilai_aset_menganggur_rp", "porsi_aset_menganggur")
SPLIT_FIGURES = ("premi_seharusnya_rp", "premi_rp", "pnbp_seharusnya_rp", "pnbp_rp", "bulan_tanpa_aturan")
# What an asset was in the year, as the asset table says it (idle first).
MENGANGGUR, DIPAKAI, BELUM_DIPERIKSA = "Menganggur", "Dipakai", "Belum diperiksa"
_STATUS_ORDER = {MENGANGGUR: 0, DIPAKAI: 1, BELUM_DIPERIKSA: 2}


def countdown_date(tahun: int, posisi: dt.date) -> dt.date:
    """The date a year's handover countdown counts from, as kemitraan_berakhir_dalam_bulan does: the as-of
    date, or 31 December of a year that ended before it."""
    return min(posisi, dt.date(int(tahun), 12, 31))


def partnership_cards(history: DataFrame, tahun: int, names: list[str]) -> list[Card]:
    """views.kpi_cards of the unit's years; the handover countdown reads '9 bulan', without a change
    against the year before (a countdown has no better or worse)."""
    cards = kpi_cards(history, tahun, names)
    return [
        dataclasses.replace(card, value=f"{card.value} bulan", delta=None)
        if card.name == "kemitraan_berakhir_dalam_bulan" and card.value != fmt.MISSING
        else card
        for card in cards
    ]


def has_partnership(rows: dict[str, DataFrame], kode_upt: str) -> bool:
    """Whether the unit has an agreement, an asset or a split rule among store.partnership_rows frames."""
    return any((frame["kode_upt"] == kode_upt).any() for frame in rows.values())


def countdown_text(months: object) -> str:
    """kemitraan_berakhir_dalam_bulan as words: '7 bulan lagi', 'berakhir hari ini'; '–' when empty."""
    if fmt.is_missing(months):
        return fmt.MISSING
    count = int(months)  # type: ignore[call-overload]
    return "berakhir hari ini" if count == 0 else f"{count} bulan lagi"


def _serah_terima(frame: DataFrame) -> pd.Series:
    """serah_terima with the scheme's default where it is empty (true for BGS, BSG, KPBU)."""
    default = frame["skema"].astype(str).str.strip().str.upper().isin(SERAH_TERIMA_BAWAAN)
    return frame["serah_terima"].astype("boolean").fillna(default).astype(bool)


def agreement_table(kemitraan: DataFrame, upt: DataFrame, since: dt.date) -> DataFrame:
    """One row per agreement, soonest handover first: unit, number, partner, scheme, object, start, term,
    tanggal_berakhir, whether it passes to the State, and the countdown from `since` ('7 bulan lagi',
    'sudah berakhir')."""
    frame = kemitraan.assign(
        tanggal_berakhir=metrics.tanggal_berakhir(kemitraan["tanggal_mulai"], kemitraan["jangka_tahun"])
    )
    frame = with_names(frame, upt).sort_values(["tanggal_berakhir", "nomor_perjanjian"], kind="stable")
    months = metrics.months_until(frame["tanggal_berakhir"], since)
    left = [fmt.MISSING if fmt.is_missing(end) else "sudah berakhir" for end in frame["tanggal_berakhir"]]
    return DataFrame(
        {
            "nama_upt": frame["nama_upt"],
            "nomor_perjanjian": frame["nomor_perjanjian"],
            "mitra": frame["mitra"],
            "skema": frame["skema"],
            "objek": frame["objek"],
            "tanggal_mulai": frame["tanggal_mulai"].map(fmt.long_date),
            "jangka_tahun": frame["jangka_tahun"],
            "tanggal_berakhir": frame["tanggal_berakhir"].map(fmt.long_date),
            "serah_terima": _serah_terima(frame).map({True: "ya", False: "tidak"}),
            "sisa_waktu": [
                countdown_text(m) if not fmt.is_missing(m) else gone for m, gone in zip(months, left, strict=True)
            ],
            "kontribusi_tetap_rp": frame["kontribusi_tetap_rp"].map(fmt.rupiah),
            "bagi_hasil_persen": frame["bagi_hasil_persen"].map(lambda v: format_value(_share(v), PCT)),
        }
    ).reset_index(drop=True)


def _share(percent: object) -> float | None:
    return None if fmt.is_missing(percent) else float(percent) / 100  # type: ignore[arg-type]


def asset_status(aset: DataFrame) -> pd.Series:
    """What each asset was in the year of its checks: Menganggur (checked and never in use), Dipakai, Belum diperiksa."""
    checked, used = aset["jumlah_diperiksa"] > 0, aset["jumlah_dipakai"] > 0
    return pd.Series(
        [MENGANGGUR if c and not u else DIPAKAI if u else BELUM_DIPERIKSA for c, u in zip(checked, used, strict=True)],
        index=aset.index,
        dtype="object",
    )


def owned_assets(aset: DataFrame, tahun: int) -> DataFrame:
    """The assets acquired in or before `tahun` with their status, idle first and the costliest first."""
    owned = aset[pd.to_numeric(aset["tahun_perolehan"]) <= int(tahun)]
    owned = owned.assign(status=asset_status(owned))
    owned = owned.assign(_order=owned["status"].map(_STATUS_ORDER))
    return owned.sort_values(["_order", "nilai_perolehan_rp", "kode_aset"], ascending=[True, False, True]).drop(
        columns="_order"
    )


def asset_table(owned: DataFrame) -> DataFrame:
    """owned_assets as the page lists them: code, name, category, source of funds, year, value, last
    condition, status and how many of the year's checks saw it in use."""
    checks = [
        "tidak diperiksa" if n == 0 else f"dipakai {u} dari {n} pemeriksaan"
        for n, u in zip(owned["jumlah_diperiksa"], owned["jumlah_dipakai"], strict=True)
    ]
    return DataFrame(
        {
            "kode_aset": owned["kode_aset"],
            "nama_aset": owned["nama_aset"],
            "kategori": owned["kategori"],
            "sumber_dana": owned["sumber_dana"],
            "tahun_perolehan": owned["tahun_perolehan"],
            "nilai_perolehan_rp": owned["nilai_perolehan_rp"].map(fmt.rupiah),
            "kondisi": owned["kondisi"].map(lambda v: fmt.MISSING if fmt.is_missing(v) else str(v)),
            "status": owned["status"],
            "pemeriksaan": checks,
        }
    ).reset_index(drop=True)


def assets_by(owned: DataFrame, column: str) -> DataFrame:
    """Σ nilai_perolehan_rp of owned_assets per `column` (sumber_dana, kondisi, kategori) and status."""
    frame = owned.assign(**{column: owned[column].fillna("belum diperiksa")})
    return frame.groupby([column, "status"])["nilai_perolehan_rp"].sum().reset_index()


def rule_table(aturan_premi: DataFrame) -> DataFrame:
    """The unit's split rules over time: from which month to which, premi, PNBP and working-capital shares, decree."""
    rules = aturan_premi.sort_values("berlaku_mulai").reset_index(drop=True)
    starts = pd.to_datetime(rules["berlaku_mulai"])
    until = [fmt.period_label(start - pd.DateOffset(months=1)) for start in starts.iloc[1:]] + ["sekarang"]
    return DataFrame(
        {
            "berlaku_mulai": starts.map(fmt.period_label),
            "berlaku_sampai": until[: len(rules)],
            "premi_persen": rules["premi_persen"].map(lambda v: format_value(_share(v), PCT)),
            "pnbp_persen": rules["pnbp_persen"].map(lambda v: format_value(_share(v), PCT)),
            "modal_persen": rules["modal_persen"].map(lambda v: format_value(_share(v), PCT)),
            "dasar_hukum": rules["dasar_hukum"].map(lambda v: fmt.MISSING if fmt.is_missing(v) else str(v)),
        }
    )


def partnership_years(history: DataFrame, names: tuple[str, ...], when: tuple[str, ...]) -> DataFrame:
    """The unit's years (tahun and `names`) in which any of the figures `when` has a value, oldest first."""
    present = [name for name in names if name in history.columns]
    known = [name for name in when if name in history.columns]
    rows = history[history[known].notna().any(axis=1)] if known else history.iloc[0:0]
    years = rows[["tahun"]].assign(**{name: pd.to_numeric(rows[name], errors="coerce") for name in present})
    return years.sort_values("tahun").reset_index(drop=True)  # numbers only: an empty ratio shows '–'
