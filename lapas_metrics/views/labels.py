"""Figure labels and formats for the pages: the catalogue of metrics seen by name, and labels of the other columns."""

from __future__ import annotations

from lapas_metrics import fmt
from lapas_metrics.metrics import COUNT, FIGURE_BY_NAME, FLAG_CATALOG, MONTHS, PCT, RATIO, RP, SCORE, Figure

# Every figure by name (label, kind, better, help), from the records of metrics.catalog.
FIGURES: dict[str, Figure] = dict(FIGURE_BY_NAME)
FLAG_LABELS: dict[str, str] = {flag.name: flag.label for flag in FLAG_CATALOG}

# Columns that are not figures but appear in tables and charts.
COLUMN_LABELS: dict[str, str] = {
    "kode_upt": "Kode UPT",
    "nama_upt": "Nama UPT",
    "kanwil": "Kanwil",
    "jenis": "Jenis",
    "kelas": "Kelas",
    "lapas_industri": "Lapas Industri",
    "tahun": "Tahun",
    "bidang": "Bidang",
    "produk": "Produk",
    "satuan": "Satuan",
    "jumlah": "Jumlah",
    "flag": "Bendera",
    "kalimat": "Keterangan",
    "bendera": "Bendera",
    "jumlah_bendera": "Jumlah bendera",
    "angka": "Angka",
    "nilai": "Nilai UPT",
    "median_kanwil": "Median pembanding",
    "selisih": "Selisih dari median",
    "pembanding": "Pembanding",
    "realisasi_kumulatif_rp": "Realisasi kumulatif",
    "rpd_kumulatif_rp": "RPD kumulatif",
    "penyerapan_kumulatif": "Realisasi kumulatif (% pagu)",
    "rencana_kumulatif": "Rencana RPD kumulatif (% pagu)",
}


def label(name: str) -> str:
    """The Indonesian label of a figure or column; the name itself when unknown."""
    if name in FIGURES:
        return FIGURES[name].label
    return COLUMN_LABELS.get(name, FLAG_LABELS.get(name, name))


def kind(name: str) -> str | None:
    """The kind (RP, PCT, COUNT, RATIO, SCORE, MONTHS) of a figure; None for other columns."""
    info = FIGURES.get(name)
    return info.kind if info else {"jumlah": COUNT}.get(name)


def format_value(value: object, kind_: str | None, short: bool = True) -> str:
    """One value as shown on screen: rupiah short ('Rp 1,23 M') in cards and charts, full in tables
    (short=False: 'Rp 1.234.567'); '41,2 %'; '1.234'; '0,124'; missing -> '–'."""
    if kind_ == RP:
        return fmt.rupiah_short(value) if short else fmt.rupiah(value)
    if kind_ == PCT:
        return fmt.percent(value, 1)
    if kind_ == RATIO:
        return fmt.number(value, 3)
    if kind_ in (COUNT, SCORE, MONTHS):
        return fmt.number(value, 0)
    if fmt.is_missing(value):
        return fmt.MISSING
    return str(value)


def format_figure(name: str, value: object, short: bool = True) -> str:
    return format_value(value, kind(name), short)
