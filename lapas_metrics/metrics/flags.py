"""The audit flags declared once: each flag's record (label, rule, default threshold and weight) next to its check and sentence."""

from __future__ import annotations

import numpy as np

from lapas_metrics import fmt
from lapas_metrics.metrics.catalog import RATIO, RP
from lapas_metrics.metrics.partnership_flags import (
    ASET_MENGANGGUR,
    KONTRIBUSI_KURANG,
    PNBP_KURANG_SETOR,
    PREMI_KURANG_BAYAR,
    SERAH_TERIMA_DEKAT,
)
from lapas_metrics.metrics.rules import (
    Check,
    Flag,
    FlagInput,
    Hit,
    decimals_for,
    months_note,
    pair,
    percent_pair,
)

# --------------------------------------------------------------------------- anggaran_tinggi


def _anggaran_tinggi(data: FlagInput, threshold: float) -> Check:
    """pagu_efektif_rp >= the peers' percentile, or >= the auditor's amount when one is set."""
    settings = data.settings
    pagu = data.col("pagu_efektif_rp")
    percentile = data.peer_quantile(pagu, settings.anggaran_percentile / 100)
    by_percentile = pagu >= percentile
    raised = by_percentile.copy()
    limit = percentile.copy()
    if settings.anggaran_absolute_rp is not None:
        by_amount = pagu >= settings.anggaran_absolute_rp
        raised |= by_amount
        limit = np.where(by_amount & ~by_percentile, settings.anggaran_absolute_rp, limit)
    evaluable = ~np.isnan(pagu)
    return Check(pagu, limit, evaluable, evaluable & raised, by_percentile)


def _anggaran_tinggi_sentence(hit: Hit) -> str:
    if hit.detail:
        percentile = fmt.number(hit.settings.anggaran_percentile, 1).removesuffix(",0")
        return (
            f"Pagu efektif {fmt.rupiah_short(hit.value)} mencapai persentil ke-{percentile} "
            f"pagu efektif UPT se-kanwil (batas {fmt.rupiah_short(hit.limit)})."
        )
    return (
        f"Pagu efektif {fmt.rupiah_short(hit.value)} mencapai jumlah yang ditetapkan auditor "
        f"(batas {fmt.rupiah_short(hit.limit)})."
    )


# It selects what auditors look at; it is not a risk, so it never enters skor_risiko.
ANGGARAN_TINGGI = Flag(
    name="anggaran_tinggi",
    label="Anggaran tinggi",
    short="Pagu tinggi",
    rule="pagu efektif ≥ persentil ke-… UPT se-kanwil (menandai sasaran, bukan risiko)",
    threshold=None,
    weight=None,
    check=_anggaran_tinggi,
    sentence=_anggaran_tinggi_sentence,
    value_kind=RP,
)

# --------------------------------------------------------------------------- budget and spending


def _penyerapan_rendah(data: FlagInput, threshold: float) -> Check:
    return data.below(data.col("penyerapan"), threshold * data.expected / 12, data.every_row)


def _penyerapan_rendah_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    return f"Penyerapan anggaran {shown} dari pagu efektif (batas {bound}{months_note(hit.expected)})."


PENYERAPAN_RENDAH = Flag(
    name="penyerapan_rendah",
    label="Penyerapan rendah",
    short="Serap rendah",
    rule="penyerapan < … × bulan diharapkan / 12",
    threshold=0.90,
    weight=2,
    check=_penyerapan_rendah,
    sentence=_penyerapan_rendah_sentence,
)


def _penyerapan_melebihi(data: FlagInput, threshold: float) -> Check:
    return data.above(data.col("penyerapan"), threshold)


def _penyerapan_melebihi_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    return f"Realisasi {shown} dari pagu efektif, melebihi pagu (batas {bound})."


PENYERAPAN_MELEBIHI = Flag(
    name="penyerapan_melebihi",
    label="Penyerapan melebihi pagu",
    short="Serap > pagu",
    rule="penyerapan > …",
    threshold=1.00,
    weight=2,
    check=_penyerapan_melebihi,
    sentence=_penyerapan_melebihi_sentence,
)


def _lonjakan_akhir_tahun(data: FlagInput, threshold: float) -> Check:
    """Only judged in years with all 12 months expected."""
    return data.above(data.col("konsentrasi_akhir_tahun"), threshold, data.expected == 12)


def _lonjakan_akhir_tahun_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    return f"Realisasi November–Desember {shown} dari realisasi setahun (batas {bound})."


LONJAKAN_AKHIR_TAHUN = Flag(
    name="lonjakan_akhir_tahun",
    label="Lonjakan akhir tahun",
    short="Nov–Des",
    rule="realisasi Nov–Des / realisasi setahun > … (tahun penuh saja)",
    threshold=0.35,
    weight=2,
    check=_lonjakan_akhir_tahun,
    sentence=_lonjakan_akhir_tahun_sentence,
)


def _deviasi_rpd_tinggi(data: FlagInput, threshold: float) -> Check:
    return data.above(data.col("deviasi_rpd"), threshold)


def _deviasi_rpd_tinggi_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    return f"Realisasi rata-rata menyimpang {shown} dari rencana penarikan dana (RPD) (batas {bound})."


DEVIASI_RPD_TINGGI = Flag(
    name="deviasi_rpd_tinggi",
    label="Deviasi RPD tinggi",
    short="RPD",
    rule="deviasi realisasi dari RPD > …",
    threshold=0.20,
    weight=1,
    check=_deviasi_rpd_tinggi,
    sentence=_deviasi_rpd_tinggi_sentence,
)

# --------------------------------------------------------------------------- against the peers' median


def _produktivitas_rendah(data: FlagInput, threshold: float) -> Check:
    """Lapas Industri only, against the median of the Lapas Industri of the same kanwil and year."""
    industri = data.figures["lapas_industri"].fillna(False).astype(bool).to_numpy()
    value = data.col("produksi_per_rupiah")
    median = data.peer_median(np.where(industri, value, np.nan))
    return data.below(value, threshold * median, industri, median)


def _produktivitas_rendah_sentence(hit: Hit) -> str:
    share = fmt.percent_compact(hit.threshold)
    # Rupiah of production per rupiah spent is often a few hundredths: two significant digits of
    # the smallest number, so "0,023 (batas 0,040)" and not "0,02 (batas 0,04)".
    decimals = decimals_for(hit.value, hit.limit, hit.detail)
    shown, bound = pair(hit.value, hit.limit, lambda x, d: fmt.number(x, max(d, decimals)))
    median = fmt.number(hit.detail, decimals)
    return (
        f"Nilai produksi Rp {shown} per rupiah realisasi belanja (batas {bound} = {share} "
        f"dari median Lapas Industri se-kanwil {median})."
    )


PRODUKTIVITAS_RENDAH = Flag(
    name="produktivitas_rendah",
    label="Produktivitas rendah",
    short="Produktivitas",
    rule="produksi per rupiah < … × median Lapas Industri se-kanwil",
    threshold=0.5,
    weight=2,
    check=_produktivitas_rendah,
    sentence=_produktivitas_rendah_sentence,
    value_kind=RATIO,
)


def _partisipasi_rendah(data: FlagInput, threshold: float) -> Check:
    value = data.col("tingkat_partisipasi")
    median = data.peer_median(value)
    return data.below(value, threshold * median, data.every_row, median)


def _partisipasi_rendah_sentence(hit: Hit) -> str:
    share = fmt.percent_compact(hit.threshold)
    shown, bound = percent_pair(hit.value, hit.limit)
    median = fmt.percent_compact(hit.detail)
    return (
        f"Tingkat partisipasi kerja {shown} dari penghuni (batas {bound} = {share} dari median UPT se-kanwil {median})."
    )


PARTISIPASI_RENDAH = Flag(
    name="partisipasi_rendah",
    label="Partisipasi rendah",
    short="Partisipasi",
    rule="tingkat partisipasi < … × median UPT se-kanwil",
    threshold=0.5,
    weight=1,
    check=_partisipasi_rendah,
    sentence=_partisipasi_rendah_sentence,
)

# --------------------------------------------------------------------------- reports and PNBP


def _laporan_tidak_lengkap(data: FlagInput, threshold: float) -> Check:
    return data.below(data.col("kelengkapan"), np.full(len(data.figures), threshold), data.every_row)


def _laporan_tidak_lengkap_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    if "bulan_dilaporkan" not in hit.row:
        return f"Kelengkapan laporan {shown} (batas {bound})."
    reported, expected = int(hit.row["bulan_dilaporkan"]), int(hit.expected)
    return f"Laporan lengkap {reported} dari {expected} bulan ({shown}; batas {bound})."


LAPORAN_TIDAK_LENGKAP = Flag(
    name="laporan_tidak_lengkap",
    label="Laporan tidak lengkap",
    short="Laporan",
    rule="kelengkapan laporan < …",
    threshold=0.75,
    weight=1,
    check=_laporan_tidak_lengkap,
    sentence=_laporan_tidak_lengkap_sentence,
)


def _pnbp_di_bawah_target(data: FlagInput, threshold: float) -> Check:
    return data.below(data.col("capaian_pnbp"), threshold * data.expected / 12, data.every_row)


def _pnbp_di_bawah_target_sentence(hit: Hit) -> str:
    shown, bound = percent_pair(hit.value, hit.limit)
    pnbp, target = fmt.rupiah_short(hit.row["pnbp_rp"]), fmt.rupiah_short(hit.row["target_pnbp_rp"])
    return f"PNBP {pnbp} atau {shown} dari target {target} (batas {bound}{months_note(hit.expected)})."


PNBP_DI_BAWAH_TARGET = Flag(
    name="pnbp_di_bawah_target",
    label="PNBP di bawah target",
    short="PNBP",
    rule="capaian PNBP < … × bulan diharapkan / 12",
    threshold=0.75,
    weight=1,
    check=_pnbp_di_bawah_target,
    sentence=_pnbp_di_bawah_target_sentence,
)

# --------------------------------------------------------------------------- the lists, all derived

FLAG_CATALOG: tuple[Flag, ...] = (
    ANGGARAN_TINGGI,
    PENYERAPAN_RENDAH,
    PENYERAPAN_MELEBIHI,
    LONJAKAN_AKHIR_TAHUN,
    DEVIASI_RPD_TINGGI,
    PRODUKTIVITAS_RENDAH,
    PARTISIPASI_RENDAH,
    LAPORAN_TIDAK_LENGKAP,
    PNBP_DI_BAWAH_TARGET,
    KONTRIBUSI_KURANG,
    ASET_MENGANGGUR,
    PREMI_KURANG_BAYAR,
    PNBP_KURANG_SETOR,
    SERAH_TERIMA_DEKAT,
)
FLAG_BY_NAME: dict[str, Flag] = {flag.name: flag for flag in FLAG_CATALOG}
FLAGS = tuple(FLAG_BY_NAME)
SCORED_FLAGS = tuple(flag.name for flag in FLAG_CATALOG if flag.scored)
DEFAULT_THRESHOLDS: dict[str, float] = {
    flag.name: flag.threshold for flag in FLAG_CATALOG if flag.threshold is not None
}
DEFAULT_WEIGHTS: dict[str, float] = {flag.name: flag.weight for flag in FLAG_CATALOG if flag.weight is not None}
