"""The audit room's rules: which UPTs an auditor looks at, and the tables of the working paper (pure pandas).

Works on the output of metrics.audit_flags.

Selection semantics (issue 5), applied in this order by select_targets():

1. Years: the rows of the chosen fiscal years. One row of the result is one UPT in one year.
2. Units: kanwil (case-insensitive, surrounding spaces ignored), jenis, kelas and "Lapas Industri only".
3. Budget, one of four alternatives (BUDGET_MODES):
   - "persentil": pagu_efektif_rp >= the p-th percentile of its peers. Peers are every UPT of the same
     kanwil and year with a pagu_efektif_rp, whatever the unit filters of step 2 (as METRICS.md
     anggaran_tinggi: pandas quantile, linear interpolation). So "Lapas Industri only" with p = 75 gives
     the Lapas Industri whose pagu is in the top quarter of their kanwil, not of the Lapas Industri.
   - "nominal": pagu_efektif_rp >= an amount in rupiah.
   - "top_pagu": the N largest pagu_efektif_rp per kanwil and year among the units kept by step 2
     (so with "Lapas Industri only", the N largest Lapas Industri). Per kanwil because peers are a
     kanwil everywhere else (percentile, medians) and an Inspektorat Wilayah examines several kanwil:
     each kanwil gets its own N. Ties at the N-th amount are all kept (rank method "min"), so the
     result can hold more than N rows per kanwil-year, never fewer when N units have a pagu.
   - "top_apbnp": as top_pagu on tambahan_apbnp_rp, counting only units whose APBN-P added money
     (tambahan_apbnp_rp > 0): a year without additions selects nobody.
   A unit without pagu (or without tambahan_apbnp_rp for top_apbnp) is never selected by step 3.
4. Flags: with chosen flags, the rows where ANY of them is raised, or ALL of them with `semua_bendera`.
   No flag chosen: no filter.
5. Order: skor_risiko descending (empty last), then pagu_efektif_rp descending (empty last), then
   kode_upt, then tahun.

Flags and skor_risiko come from metrics.audit_flags under the session's AuditConfig; pass the whole
figures frame (every UPT of the kanwil) so percentiles and medians see every peer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas import DataFrame, Series

from lapas_metrics import fmt, metrics, schema, views

BUDGET_MODES: dict[str, str] = {
    "persentil": "Pagu efektif ≥ persentil UPT se-kanwil",
    "nominal": "Pagu efektif ≥ jumlah tertentu",
    "top_pagu": "N pagu efektif terbesar",
    "top_apbnp": "N tambahan APBN-P terbesar",
}

# One vocabulary with the other pages: the flag labels of views.
FLAG_LABELS: dict[str, str] = views.FLAG_LABELS
# Narrow table headers for the flag columns (the full label is the column's tooltip).
FLAG_SHORT: dict[str, str] = {
    "anggaran_tinggi": "Pagu tinggi",
    "penyerapan_rendah": "Serap rendah",
    "penyerapan_melebihi": "Serap > pagu",
    "lonjakan_akhir_tahun": "Nov–Des",
    "deviasi_rpd_tinggi": "RPD",
    "produktivitas_rendah": "Produktivitas",
    "partisipasi_rendah": "Partisipasi",
    "laporan_tidak_lengkap": "Laporan",
    "pnbp_di_bawah_target": "PNBP",
}
# The rule of each threshold in words, "…" standing for the threshold (shown as a percentage).
RULES: dict[str, str] = {
    "penyerapan_rendah": "penyerapan < … × bulan diharapkan / 12",
    "penyerapan_melebihi": "penyerapan > …",
    "lonjakan_akhir_tahun": "realisasi Nov–Des / realisasi setahun > … (tahun penuh saja)",
    "deviasi_rpd_tinggi": "deviasi realisasi dari RPD > …",
    "produktivitas_rendah": "produksi per rupiah < … × median Lapas Industri se-kanwil",
    "partisipasi_rendah": "tingkat partisipasi < … × median UPT se-kanwil",
    "laporan_tidak_lengkap": "kelengkapan laporan < …",
    "pnbp_di_bawah_target": "capaian PNBP < … × bulan diharapkan / 12",
}

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
SUMMARY_COLUMNS = (*SUMMARY_IDS, *KEY_FIGURES, *metrics.FLAGS, "jumlah_bendera", "skor_risiko")
FINDING_COLUMNS = ("kode_upt", "nama_upt", "tahun", "flag", "bendera", "nilai", "batas", "bobot", "kalimat")
DATA_COLUMNS = (*metrics.ID_COLUMNS, *metrics.FIGURES, *metrics.EXTRA_COLUMNS, "dalam_hasil")
# Every input table feeds the yearly figures, so every one is a source of the working paper.
SOURCE_TABLES = tuple(metrics.INPUT_COLUMNS)
SOURCE_COLUMNS = tuple(schema.UPLOAD_LOG_COLUMNS[:9])  # batch_id … status

# A text symbol, not an emoji: it shows on machines without an emoji font; the page also colours the cell.
MARK_RAISED, MARK_CLEAR, MARK_NOT_EVALUABLE = "⚑", "", "–"


# --------------------------------------------------------------------------- criteria


@dataclass(frozen=True)
class Criteria:
    """What the auditor asked for. tahun: the fiscal years (empty = none). kanwil None = every kanwil;
    jenis and kelas empty = all. mode: a key of BUDGET_MODES, with persentil (0-100), nominal_rp
    (rupiah) or top_n (>= 1) as its parameter. bendera: flags of metrics.FLAGS (empty = no flag filter);
    semua_bendera: require all of them instead of any."""

    tahun: tuple[int, ...]
    kanwil: str | None = None
    jenis: tuple[str, ...] = ()
    kelas: tuple[str, ...] = ()
    hanya_industri: bool = False
    mode: str = "persentil"
    persentil: float = 75.0
    nominal_rp: float = 0.0
    top_n: int = 10
    bendera: tuple[str, ...] = field(default_factory=tuple)
    semua_bendera: bool = False

    def __post_init__(self) -> None:
        if self.mode not in BUDGET_MODES:
            raise ValueError(f"mode {self.mode!r}; expected one of {list(BUDGET_MODES)}")
        if not 0 <= float(self.persentil) <= 100:
            raise ValueError("persentil must be within 0..100")
        if int(self.top_n) < 1:
            raise ValueError("top_n must be >= 1")
        unknown = set(self.bendera) - set(metrics.FLAGS)
        if unknown:
            raise ValueError(f"unknown flags {sorted(unknown)}")
        object.__setattr__(self, "tahun", tuple(sorted({int(y) for y in self.tahun})))
        # Flags in FLAGS order, so the same choice always reads (and exports) the same way.
        object.__setattr__(self, "bendera", tuple(f for f in metrics.FLAGS if f in set(self.bendera)))

    @property
    def budget_text(self) -> str:
        """The budget criterion in words: 'Pagu efektif ≥ persentil ke-75 UPT se-kanwil dan tahun'."""
        if self.mode == "persentil":
            p = fmt.number(self.persentil, 1).removesuffix(",0")
            return f"Pagu efektif ≥ persentil ke-{p} pagu efektif UPT se-kanwil dan tahun yang sama"
        if self.mode == "nominal":
            return f"Pagu efektif ≥ {fmt.rupiah(self.nominal_rp)}"
        if self.mode == "top_pagu":
            return f"{self.top_n} pagu efektif terbesar per kanwil per tahun (nilai sama di batas ikut terpilih)"
        return f"{self.top_n} tambahan APBN-P terbesar per kanwil per tahun (hanya tambahan > 0; nilai sama di batas ikut terpilih)"

    @property
    def flag_text(self) -> str:
        """The flag filter in words; 'Tidak ada (semua UPT)' without one."""
        if not self.bendera:
            return "Tidak ada (semua UPT yang memenuhi kriteria anggaran)"
        names = ", ".join(FLAG_LABELS[f] for f in self.bendera)
        if len(self.bendera) == 1:
            return names
        return f"{'Semua' if self.semua_bendera else 'Salah satu'} dari: {names}"

    def describe(self) -> list[tuple[str, str]]:
        """(item, value) pairs in Bahasa Indonesia, for the page and the Kriteria sheet."""
        return [
            ("Tahun anggaran", ", ".join(str(y) for y in self.tahun) or "–"),
            ("Kanwil", self.kanwil or "Semua kanwil"),
            ("Jenis UPT", ", ".join(self.jenis) or "Semua"),
            ("Kelas", ", ".join(self.kelas) or "Semua"),
            ("Hanya Lapas Industri", "ya" if self.hanya_industri else "tidak"),
            ("Kriteria anggaran", self.budget_text),
            ("Filter bendera", self.flag_text),
            ("Urutan", "Skor risiko menurun, lalu pagu efektif menurun, lalu kode UPT, lalu tahun"),
        ]


# --------------------------------------------------------------------------- selection


def _peer_key(frame: DataFrame) -> list[Any]:
    """kanwil (case-insensitive, trimmed) and tahun: the peers of METRICS.md."""
    return [frame["kanwil"].astype(str).str.strip().str.casefold(), frame["tahun"]]


def _numbers(frame: DataFrame, column: str) -> Series:
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def pagu_percentile(flagged: DataFrame, persentil: float) -> Series:
    """Per row: the `persentil`-th percentile (0-100, linear interpolation) of pagu_efektif_rp over the
    rows of the same kanwil and tahun that have one. NaN where no peer has a pagu. Same index."""
    pagu = _numbers(flagged, "pagu_efektif_rp")
    return pagu.groupby(_peer_key(flagged)).transform("quantile", float(persentil) / 100)


def by_percentile(flagged: DataFrame, persentil: float) -> Series:
    """pagu_efektif_rp >= pagu_percentile(); False without a pagu."""
    pagu = _numbers(flagged, "pagu_efektif_rp")
    return (pagu >= pagu_percentile(flagged, persentil)).fillna(False).astype(bool)


def by_amount(flagged: DataFrame, nominal_rp: float) -> Series:
    """pagu_efektif_rp >= nominal_rp; False without a pagu."""
    return (_numbers(flagged, "pagu_efektif_rp") >= float(nominal_rp)).fillna(False).astype(bool)


def top_n(flagged: DataFrame, column: str, n: int, positive_only: bool = False) -> Series:
    """The rows whose `column` ranks among the n largest of their kanwil and tahun (ties at the n-th
    value all kept). Empty values never rank; with positive_only, neither do values <= 0."""
    values = _numbers(flagged, column)
    if positive_only:
        values = values.where(values > 0)
    rank = values.groupby(_peer_key(flagged)).rank(method="min", ascending=False)
    return (rank <= int(n)).fillna(False).astype(bool)


def by_flags(flagged: DataFrame, flags: Sequence[str], require_all: bool = False) -> Series:
    """Rows with any (or all, with require_all) of `flags` raised; every row when `flags` is empty."""
    if not flags:
        return Series(True, index=flagged.index)
    raised = flagged[list(flags)].fillna(False).astype(bool)
    return raised.all(axis=1) if require_all else raised.any(axis=1)


def unit_mask(flagged: DataFrame, criteria: Criteria) -> Series:
    """The rows of the chosen years whose unit passes kanwil, jenis, kelas and Lapas Industri."""
    keep = flagged["tahun"].isin(criteria.tahun)
    if criteria.kanwil:
        wanted = criteria.kanwil.strip().casefold()
        keep &= flagged["kanwil"].astype(str).str.strip().str.casefold() == wanted
    if criteria.jenis:
        keep &= flagged["jenis"].isin(criteria.jenis)
    if criteria.kelas:
        keep &= flagged["kelas"].isin(criteria.kelas)
    if criteria.hanya_industri:
        keep &= flagged["lapas_industri"].fillna(False).astype(bool)
    return keep.astype(bool)


def budget_mask(flagged: DataFrame, criteria: Criteria) -> Series:
    """Step 3 of the module docstring, on every row of `flagged` (percentile over all peers, top N
    among the rows unit_mask keeps)."""
    if criteria.mode == "persentil":
        return by_percentile(flagged, criteria.persentil)
    if criteria.mode == "nominal":
        return by_amount(flagged, criteria.nominal_rp)
    candidates = unit_mask(flagged, criteria)
    column = "pagu_efektif_rp" if criteria.mode == "top_pagu" else "tambahan_apbnp_rp"
    chosen = top_n(flagged[candidates], column, criteria.top_n, positive_only=criteria.mode == "top_apbnp")
    return chosen.reindex(flagged.index, fill_value=False).astype(bool)


def sort_targets(rows: DataFrame) -> DataFrame:
    """skor_risiko descending, pagu_efektif_rp descending (empty values last in both), kode_upt, tahun."""
    if len(rows) == 0:
        return rows
    order = DataFrame(
        {
            "skor": -_numbers(rows, "skor_risiko"),
            "pagu": -_numbers(rows, "pagu_efektif_rp"),
            "kode": rows["kode_upt"].astype(str),
            "tahun": rows["tahun"].astype("int64"),
        },
        index=rows.index,
    )
    ordered = order.sort_values(["skor", "pagu", "kode", "tahun"], na_position="last", kind="mergesort")
    return rows.loc[ordered.index]


def select_targets(flagged: DataFrame, criteria: Criteria) -> DataFrame:
    """The rows of `flagged` (metrics.audit_flags output, every UPT and year) the criteria pick, in the
    order of the module docstring. Keeps `flagged`'s columns and index labels (so flag_status rows can
    be looked up); empty frame with the same columns when nothing matches."""
    keep = unit_mask(flagged, criteria) & budget_mask(flagged, criteria)
    keep &= by_flags(flagged, criteria.bendera, criteria.semua_bendera)
    return sort_targets(flagged[keep])


def percentile_table(flagged: DataFrame, criteria: Criteria) -> DataFrame:
    """For the 'persentil' criterion: per kanwil and year shown, jumlah_upt (peers with a pagu) and
    ambang_rp (the percentile). Columns kanwil, tahun, jumlah_upt, ambang_rp; sorted by kanwil, tahun."""
    columns = ["kanwil", "tahun", "jumlah_upt", "ambang_rp"]
    rows = flagged[unit_mask(flagged, criteria)]
    if criteria.mode != "persentil" or len(rows) == 0:
        return DataFrame({c: [] for c in columns})
    ambang = pagu_percentile(flagged, criteria.persentil).loc[rows.index]
    peers = _numbers(flagged, "pagu_efektif_rp").notna().groupby(_peer_key(flagged)).transform("sum").loc[rows.index]
    table = DataFrame(
        {
            "kanwil": rows["kanwil"].astype(str),
            "tahun": rows["tahun"].astype("int64"),
            "jumlah_upt": peers.astype("int64"),
            "ambang_rp": ambang,
        }
    )
    table = table.drop_duplicates(["kanwil", "tahun"]).sort_values(["kanwil", "tahun"], kind="mergesort")
    return table[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- working-paper tables


def summary_table(selected: DataFrame, status: DataFrame | None = None) -> DataFrame:
    """The result as the page shows and exports it: SUMMARY_COLUMNS, index 0..n-1, order kept.

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
    table["skor_risiko"] = _numbers(selected, "skor_risiko")
    table["lapas_industri"] = table["lapas_industri"].fillna(False).astype(bool)
    table["tahun"] = table["tahun"].astype("int64")
    return table[list(SUMMARY_COLUMNS)].reset_index(drop=True)


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


# The result on screen: name, year and score first, then the flags (why), then the figures.
SCREEN_COLUMNS = ("nama_upt", "tahun", "skor_risiko", *metrics.FLAGS, *KEY_FIGURES)


def screen_table(summary: DataFrame) -> DataFrame:
    """summary_table as the page shows it: SCREEN_COLUMNS with flag marks (flag_marks), kanwil after the
    name when the result spans several kanwil, nilai_produksi_rp left out (produksi_per_rupiah stays)."""
    marked = flag_marks(summary)
    columns = [c for c in SCREEN_COLUMNS if c != "nilai_produksi_rp"]
    if summary["kanwil"].nunique() > 1:
        columns.insert(1, "kanwil")
    return marked[columns]


def flag_help(flag: str, config: metrics.AuditConfig | None = None) -> str:
    """The tooltip of a flag column: its label and rule (with the threshold in force when `config` is
    given) and what the marks mean."""
    if flag == "anggaran_tinggi":
        p = "…" if config is None else fmt.number(config.anggaran_percentile, 1).removesuffix(",0")
        rule = f"pagu efektif ≥ persentil ke-{p} UPT se-kanwil (menandai sasaran, bukan risiko)"
    else:
        limit = "…" if config is None else fmt.percent_compact(config.thresholds[flag])
        rule = RULES[flag].replace("…", limit)
    return f"{FLAG_LABELS[flag]}: {rule}. {MARK_RAISED} menyala, {MARK_NOT_EVALUABLE} tidak dapat dinilai."


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
    median = _numbers(peers, "produksi_per_rupiah").groupby(peers["tahun"]).median()
    history = unit[["tahun", "produksi_per_rupiah"]].astype({"tahun": "int64"}).sort_values("tahun")
    history = history.assign(median=history["tahun"].map(median).astype("float64"))
    history["batas"] = history["median"] * config.thresholds["produktivitas_rendah"]
    return history[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- what-if


def what_if(
    defaults: metrics.AuditConfig, thresholds: Mapping[str, float], weights: Mapping[str, float]
) -> metrics.AuditConfig | None:
    """The session configuration for thresholds and weights typed on the page: `defaults` with the
    values that differ (by more than 1e-9) overridden, or None when nothing differs."""
    changed_t = {
        f: float(v) for f, v in thresholds.items() if not math.isclose(v, defaults.thresholds[f], abs_tol=1e-9)
    }
    changed_w = {f: float(v) for f, v in weights.items() if not math.isclose(v, defaults.weights[f], abs_tol=1e-9)}
    if not changed_t and not changed_w:
        return None
    return defaults.with_overrides(thresholds=changed_t, weights=changed_w)


def config_table(config: metrics.AuditConfig, defaults: metrics.AuditConfig) -> DataFrame:
    """Thresholds and weights in use against the configuration file's: flag, bendera, aturan, ambang,
    ambang_bawaan, bobot, bobot_bawaan, diubah (True when either differs). One row per flag of
    skor_risiko, in metrics.FLAGS order."""
    records = []
    for flag in metrics.SCORED_FLAGS:
        ambang, ambang_bawaan = config.thresholds[flag], defaults.thresholds[flag]
        bobot, bobot_bawaan = config.weights[flag], defaults.weights[flag]
        records.append(
            {
                "flag": flag,
                "bendera": FLAG_LABELS[flag],
                "aturan": RULES[flag],
                "ambang": ambang,
                "ambang_bawaan": ambang_bawaan,
                "bobot": bobot,
                "bobot_bawaan": bobot_bawaan,
                "diubah": not (
                    math.isclose(ambang, ambang_bawaan, abs_tol=1e-9)
                    and math.isclose(bobot, bobot_bawaan, abs_tol=1e-9)
                ),
            }
        )
    return DataFrame.from_records(records)
