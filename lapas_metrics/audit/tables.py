"""The tables of the working paper and the screen: summary, flag marks, findings, underlying data, sources, productivity."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt, metrics, schema
from lapas_metrics.audit.criteria import Criteria
from lapas_metrics.audit.labels import FLAG_LABELS
from lapas_metrics.audit.selection import numbers

# The key figures of the result table, in the order shown and exported.
KEY_FIGURES = (
    "pagu_efektif_rp",
    "tambahan_apbnp_rp",
    "realisasi_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "nilai_produksi_rp",
    "produksi_per_rupiah",
    "tingkat_partisipasi",
    "capaian_pnbp",
    "kelengkapan",
)
SUMMARY_IDS = ("kode_upt", "nama_upt", "kanwil", "jenis", "lapas_industri", "tahun")


def summary_columns(lead: str = "pagu_efektif_rp") -> tuple[str, ...]:
    """The columns of summary_table: code and name, then `lead` (the amount of the budget criterion, a
    KEY_FIGURES name, Criteria.amount_column), the other ids, the other key figures, the flags, the score."""
    if lead not in KEY_FIGURES:
        raise ValueError(f"lead {lead!r}; expected one of {list(KEY_FIGURES)}")
    figures = tuple(name for name in KEY_FIGURES if name != lead)
    return (*SUMMARY_IDS[:2], lead, *SUMMARY_IDS[2:], *figures, *metrics.FLAGS, "jumlah_bendera", "skor_risiko")


# The default order (the three pagu criteria); every summary holds these columns, in summary_columns(lead) order.
SUMMARY_COLUMNS = summary_columns()
FINDING_COLUMNS = ("kode_upt", "nama_upt", "tahun", "flag", "bendera", "nilai", "batas", "bobot", "kalimat")
DATA_COLUMNS = (*metrics.ID_COLUMNS, *metrics.FIGURES, *metrics.EXTRA_COLUMNS, "dalam_hasil")
# Every input table feeds the yearly figures, so every one is a source of the working paper.
SOURCE_TABLES = tuple(metrics.INPUT_COLUMNS)
SOURCE_COLUMNS = tuple(schema.UPLOAD_LOG_COLUMNS[:9])  # batch_id … status

# A text symbol, not an emoji: it shows on machines without an emoji font; the page also colours the cell.
MARK_RAISED, MARK_CLEAR, MARK_NOT_EVALUABLE = "⚑", "", "–"


def summary_table(selected: DataFrame, status: DataFrame | None = None, lead: str = "pagu_efektif_rp") -> DataFrame:
    """The result as the page shows and exports it: summary_columns(lead), index 0..n-1, order kept.

    Flag columns are nullable booleans: True raised, False not raised, <NA> not evaluable when
    `status` (metrics.flag_status of the whole figures, same index labels) is given; without it
    False covers both. jumlah_bendera counts the raised flags of skor_risiko (anggaran_tinggi left out).
    """
    table = DataFrame({name: selected[name] for name in (*SUMMARY_IDS, *KEY_FIGURES)}, index=selected.index)
    for flag in metrics.FLAGS:
        raised = selected[flag].fillna(False).astype(bool)
        column = pd.array(raised.to_numpy(), dtype="boolean")
        if status is not None and len(selected):
            evaluable = status.loc[selected.index, flag].notna().to_numpy()
            column[~evaluable] = pd.NA
        table[flag] = column
    scored = selected[list(metrics.SCORED_FLAGS)].fillna(False).astype(bool)
    table["jumlah_bendera"] = scored.sum(axis=1).astype("int64")
    table["skor_risiko"] = numbers(selected, "skor_risiko")
    table["lapas_industri"] = table["lapas_industri"].fillna(False).astype(bool)
    table["tahun"] = table["tahun"].astype("int64")
    return table[list(summary_columns(lead))].reset_index(drop=True)


def file_stem(criteria: Criteria) -> str:
    """The download's file name without extension: 'kertas_kerja_audit_jawa-barat_TA2019-2020'
    (three years or fewer listed, more as a range; 'semua-kanwil' without a kanwil)."""
    years = criteria.tahun
    shown = "-".join(str(y) for y in years) if len(years) <= 3 else f"{years[0]}-{years[-1]}"
    words = "".join(ch if ch.isalnum() else " " for ch in (criteria.kanwil or "semua kanwil").lower())
    return f"kertas_kerja_audit_{'-'.join(words.split())}_TA{shown}"


def result_title(summary: DataFrame) -> str:
    """The heading of the result: 'Hasil: 9 UPT', 'Hasil: 18 baris (UPT × tahun) dari 9 UPT' or 'no unit'."""
    if len(summary) == 0:
        return "Hasil: tidak ada UPT yang memenuhi kriteria"
    units = summary["kode_upt"].nunique()
    if units == len(summary):
        return f"Hasil: {units} UPT"
    return f"Hasil: {len(summary)} baris (UPT × tahun) dari {units} UPT"


def flag_marks(summary: DataFrame) -> DataFrame:
    """summary_table with each flag as a mark for the screen: ⚑ raised, '' not raised, '–' not evaluable."""
    marked = summary.copy()
    for flag in metrics.FLAGS:
        marked[flag] = [MARK_NOT_EVALUABLE if v is pd.NA else MARK_RAISED if v else MARK_CLEAR for v in summary[flag]]
    return marked


# The result on screen: name, year and score first, then the flags (why), then the figures; the amount of
# the budget criterion is moved right after the name (screen_table).
SCREEN_COLUMNS = ("nama_upt", "tahun", "skor_risiko", *metrics.FLAGS, *KEY_FIGURES)


def screen_table(summary: DataFrame, lead: str = "pagu_efektif_rp") -> DataFrame:
    """summary_table as the page shows it: SCREEN_COLUMNS with flag marks (flag_marks), `lead` (the amount
    of the budget criterion) right after the name, then kanwil when the result spans several kanwil;
    nilai_produksi_rp left out (produksi_per_rupiah stays)."""
    marked = flag_marks(summary)
    columns = [c for c in SCREEN_COLUMNS if c not in ("nilai_produksi_rp", lead)]
    columns.insert(1, lead)
    if summary["kanwil"].nunique() > 1:
        columns.insert(2, "kanwil")
    return marked[columns]


def flag_help(flag: str, config: metrics.AuditConfig | None = None) -> str:
    """The tooltip of a flag column: its label and rule (with the threshold in force when `config` is
    given) and what the marks mean."""
    record = metrics.FLAG_BY_NAME[flag]
    if flag == "anggaran_tinggi":  # its rule names the peer percentile, not a threshold
        limit = "…" if config is None else fmt.number(config.anggaran_percentile, 1).removesuffix(",0")
    else:
        limit = "…" if config is None else record.show_threshold(config.thresholds[flag])
    rule = record.rule.replace("…", limit)
    return f"{record.label}: {rule}. {MARK_RAISED} menyala, {MARK_NOT_EVALUABLE} tidak dapat dinilai."


def findings(reasons: DataFrame, selected: DataFrame) -> DataFrame:
    """The raised flags of the selected rows, one row each (metrics.flag_reasons rows): FINDING_COLUMNS,
    in the order of `selected`, then the order of metrics.FLAGS. bendera is the flag's label."""
    keys = selected[["kode_upt", "tahun"]].astype({"tahun": "int64"}).reset_index(drop=True)
    keys = keys.assign(_row=np.arange(len(keys)), nama_upt=selected["nama_upt"].to_numpy())
    order = {flag: n for n, flag in enumerate(metrics.FLAGS)}
    rows = reasons.astype({"tahun": "int64"}).merge(keys, on=["kode_upt", "tahun"], how="inner")
    rows = rows.assign(_flag=rows["flag"].map(order), bendera=rows["flag"].map(FLAG_LABELS))
    rows = rows.sort_values(["_row", "_flag"], kind="mergesort")
    return rows[list(FINDING_COLUMNS)].reset_index(drop=True)


def underlying_data(figures: DataFrame, selected: DataFrame) -> DataFrame:
    """Every year of the selected UPTs (the history behind the charts): DATA_COLUMNS, sorted by kode_upt
    and tahun; dalam_hasil is True on the (kode_upt, tahun) rows of the result."""
    codes = set(selected["kode_upt"])
    rows = figures[figures["kode_upt"].isin(codes)]
    chosen = set(zip(selected["kode_upt"], selected["tahun"].astype(int), strict=True))
    inside = [(k, int(t)) in chosen for k, t in zip(rows["kode_upt"], rows["tahun"], strict=True)]
    rows = rows.assign(dalam_hasil=inside)
    rows = rows.sort_values(["kode_upt", "tahun"], kind="mergesort")
    return rows[list(DATA_COLUMNS)].reset_index(drop=True)


def source_batches(batches: DataFrame, tables: Iterable[str] = SOURCE_TABLES) -> DataFrame:
    """The active upload batches of `tables` (store.list_batches rows): SOURCE_COLUMNS, oldest batch first."""
    rows = batches[batches["tabel"].isin(list(tables)) & (batches["status"] == "aktif")]
    rows = rows.sort_values("batch_id", kind="mergesort")
    return rows[list(SOURCE_COLUMNS)].reset_index(drop=True)


def productivity_history(figures: DataFrame, kode_upt: str, config: metrics.AuditConfig) -> DataFrame:
    """A Lapas Industri's production per rupiah over the years against its peers: tahun,
    produksi_per_rupiah (the unit's), median (over the Lapas Industri of its kanwil that year with the
    figure, as produktivitas_rendah), batas (threshold × median: below it the flag is raised). Oldest
    first; empty when the unit is not a Lapas Industri or has no row."""
    columns = ["tahun", "produksi_per_rupiah", "median", "batas"]
    unit = figures[figures["kode_upt"] == kode_upt]
    if len(unit) == 0 or not bool(unit["lapas_industri"].iloc[0]):
        return DataFrame({c: [] for c in columns})
    kanwil = str(unit["kanwil"].iloc[0]).strip().casefold()
    peers = figures[
        (figures["kanwil"].astype(str).str.strip().str.casefold() == kanwil)
        & figures["lapas_industri"].fillna(False).astype(bool)
    ]
    median = numbers(peers, "produksi_per_rupiah").groupby(peers["tahun"]).median()
    history = unit[["tahun", "produksi_per_rupiah"]].astype({"tahun": "int64"}).sort_values("tahun")
    history = history.assign(median=history["tahun"].map(median).astype("float64"))
    history["batas"] = history["median"] * config.thresholds["produktivitas_rendah"]
    return history[columns].reset_index(drop=True)
