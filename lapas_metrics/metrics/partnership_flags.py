"""The five flags of METRICS.md's partnership section, declared once: record, check and sentence (listed in flags.FLAG_CATALOG)."""

from __future__ import annotations

import numpy as np

from lapas_metrics import fmt
from lapas_metrics.metrics.arrays import ratio
from lapas_metrics.metrics.catalog import MONTHS
from lapas_metrics.metrics.rules import Check, Flag, FlagInput, Hit, months_note, percent_pair

# --------------------------------------------------------------------------- partners' contributions


def _kontribusi_kurang(data: FlagInput, threshold: float) -> Check:
    """Like pnbp_di_bawah_target: the yearly obligation against the months due."""
    return data.below(data.col("capaian_kontribusi"), threshold * data.expected / 12, data.every_row)


def _kontribusi_kurang_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    paid = fmt.rupiah_short(hit.row["kontribusi_disetor_rp"])
    owed = fmt.rupiah_short(hit.row["kontribusi_seharusnya_rp"])
    return (
        f"Kontribusi mitra disetor {paid} atau {shown} dari kontribusi seharusnya {owed} "
        f"(batas {bound}{months_note(hit.expected)})."
    )


KONTRIBUSI_KURANG = Flag(
    name="kontribusi_kurang",
    label="Kontribusi mitra kurang",
    short="Kontribusi",
    rule="capaian kontribusi mitra < … × bulan diharapkan / 12",
    threshold=0.90,
    weight=2,
    check=_kontribusi_kurang,
    sentence=_kontribusi_kurang_sentence,
)

# --------------------------------------------------------------------------- State assets


def _aset_menganggur(data: FlagInput, threshold: float) -> Check:
    return data.above(data.col("porsi_aset_menganggur"), threshold)


def _aset_menganggur_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    idle = fmt.rupiah_short(hit.row["nilai_aset_menganggur_rp"])
    total = fmt.rupiah_short(hit.row["nilai_aset_rp"])
    return f"Aset tidak dipakai senilai {idle} atau {shown} dari nilai aset {total} (batas {bound})."


ASET_MENGANGGUR = Flag(
    name="aset_menganggur",
    label="Aset menganggur",
    short="Aset",
    rule="nilai aset menganggur / nilai aset > …",
    threshold=0.10,
    weight=2,
    check=_aset_menganggur,
    sentence=_aset_menganggur_sentence,
)

# --------------------------------------------------------------------------- the split of sales


def _paid_against_rule(data: FlagInput, paid: str, due: str, threshold: float) -> Check:
    """paid / due < threshold (the same as paid < threshold × due), judged only in years with a rule in
    force in every month with sales (bulan_tanpa_aturan 0) and something due (due > 0: a year whose
    rule gave nothing to pay has nothing to fall short of)."""
    share = ratio(data.col(paid), data.col(due))
    every_month_ruled = data.col("bulan_tanpa_aturan") == 0
    return data.below(share, np.full(len(share), threshold), every_month_ruled)


def _premi_kurang_bayar(data: FlagInput, threshold: float) -> Check:
    return _paid_against_rule(data, "premi_rp", "premi_seharusnya_rp", threshold)


def _premi_kurang_bayar_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    paid, due = fmt.rupiah_short(hit.row["premi_rp"]), fmt.rupiah_short(hit.row["premi_seharusnya_rp"])
    return f"Premi dibayar {paid} atau {shown} dari premi menurut aturan pembagian {due} (batas {bound})."


PREMI_KURANG_BAYAR = Flag(
    name="premi_kurang_bayar",
    label="Premi kurang bayar",
    short="Premi",
    rule="premi dibayar < … × premi menurut aturan pembagian (tahun dengan aturan di setiap bulan penjualan)",
    threshold=0.90,
    weight=2,
    check=_premi_kurang_bayar,
    sentence=_premi_kurang_bayar_sentence,
)


def _pnbp_kurang_setor(data: FlagInput, threshold: float) -> Check:
    return _paid_against_rule(data, "pnbp_rp", "pnbp_seharusnya_rp", threshold)


def _pnbp_kurang_setor_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    paid, due = fmt.rupiah_short(hit.row["pnbp_rp"]), fmt.rupiah_short(hit.row["pnbp_seharusnya_rp"])
    return f"PNBP disetor {paid} atau {shown} dari PNBP menurut aturan pembagian {due} (batas {bound})."


PNBP_KURANG_SETOR = Flag(
    name="pnbp_kurang_setor",
    label="PNBP kurang setor",
    short="Setor PNBP",
    rule="PNBP disetor < … × PNBP menurut aturan pembagian (tahun dengan aturan di setiap bulan penjualan)",
    threshold=0.90,
    weight=2,
    check=_pnbp_kurang_setor,
    sentence=_pnbp_kurang_setor_sentence,
)

# --------------------------------------------------------------------------- handover


def _serah_terima_dekat(data: FlagInput, threshold: float) -> Check:
    return data.at_most(data.col("kemitraan_berakhir_dalam_bulan"), threshold)


def _serah_terima_dekat_sentence(hit: Hit) -> str:
    bound = SERAH_TERIMA_DEKAT.show_threshold(hit.limit)
    months = int(hit.value)
    when = "pada tanggal posisi" if months == 0 else f"dalam {months} bulan"
    return f"Perjanjian kemitraan yang asetnya diserahterimakan kepada negara berakhir {when} (batas {bound})."


# A reminder, not a risk: weight 0 shows it without moving skor_risiko.
SERAH_TERIMA_DEKAT = Flag(
    name="serah_terima_dekat",
    label="Serah terima dekat",
    short="Serah terima",
    rule="perjanjian dengan serah terima berakhir dalam ≤ … bulan (pengingat, bukan risiko)",
    threshold=12,
    weight=0,
    check=_serah_terima_dekat,
    sentence=_serah_terima_dekat_sentence,
    value_kind=MONTHS,
    threshold_kind=MONTHS,
)
