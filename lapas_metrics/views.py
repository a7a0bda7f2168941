"""Data shaping for the dashboard pages: figure labels and formats, KPI cards, rankings, peer comparisons, tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import numpy as np
import pandas as pd
from pandas import DataFrame

from lapas_metrics import fmt

# --------------------------------------------------------------------------- figure catalogue

# Kinds decide the format: rp = rupiah, pct = a ratio shown as a percentage, count = people or
# items, ratio = rupiah per rupiah, score = skor_risiko 0–100, months = a number of months.
RP, PCT, COUNT, RATIO, SCORE, MONTHS = "rp", "pct", "count", "ratio", "score", "months"


@dataclass(frozen=True)
class FigureInfo:
    label: str  # Bahasa Indonesia, for cards, axes and table headers
    kind: str
    better: int = 0  # +1 higher is better, -1 lower is better, 0 neither (colours of deltas and peer bars)
    help: str = ""


FIGURES: dict[str, FigureInfo] = {
    "penghuni_rata2": FigureInfo("Penghuni (rata-rata)", COUNT, 0, "Rata-rata jumlah penghuni per bulan laporan."),
    "okupansi": FigureInfo(
        "Okupansi", PCT, -1, "Rata-rata penghuni dibagi kapasitas; di atas 100 % berarti kelebihan penghuni."
    ),
    "wbp_bekerja_rata2": FigureInfo("WBP bekerja (rata-rata)", COUNT, 1, "Rata-rata WBP bekerja per bulan laporan."),
    "tingkat_partisipasi": FigureInfo("Tingkat partisipasi kerja", PCT, 1, "Σ WBP bekerja / Σ penghuni (orang-bulan)."),
    "partisipasi_iku": FigureInfo("Partisipasi IKU", PCT, 1, "Σ WBP bekerja / Σ napi asimilasi (bentuk IKU)."),
    "wbp_pelatihan": FigureInfo("WBP ikut pelatihan", COUNT, 1, "Jumlah WBP peserta pelatihan dalam setahun."),
    "wbp_bersertifikat": FigureInfo(
        "WBP bersertifikat", COUNT, 1, "Jumlah WBP yang memperoleh sertifikat dalam setahun."
    ),
    "premi_rp": FigureInfo("Premi dibayar", RP, 0, "Σ premi yang dibayarkan kepada WBP."),
    "premi_per_wbp_bulan_rp": FigureInfo(
        "Premi per WBP per bulan", RP, 1, "Premi per WBP bekerja per bulan: premi / Σ WBP bekerja (orang-bulan)."
    ),
    "nilai_produksi_rp": FigureInfo("Nilai produksi", RP, 1, "Σ nilai produksi setahun."),
    "nilai_penjualan_rp": FigureInfo("Nilai penjualan", RP, 1, "Σ nilai penjualan setahun."),
    "pnbp_rp": FigureInfo("PNBP disetor", RP, 1, "Σ setoran PNBP menurut tanggal setor."),
    "target_pnbp_rp": FigureInfo("Target PNBP", RP, 0, "Target PNBP tahun anggaran."),
    "capaian_pnbp": FigureInfo("Capaian target PNBP", PCT, 1, "PNBP disetor / target PNBP."),
    "pagu_awal_rp": FigureInfo("Pagu awal", RP, 0, "Σ pagu awal DIPA (belanja 51, 52, 53)."),
    "pagu_apbnp_rp": FigureInfo("Pagu setelah APBN-P", RP, 0, "Pagu awal ditambah perubahan APBN-P."),
    "pagu_efektif_rp": FigureInfo(
        "Pagu efektif", RP, 0, "Pagu (APBN-P bila ada, selain itu pagu awal) dikurangi blokir."
    ),
    "tambahan_apbnp_rp": FigureInfo(
        "Tambahan APBN-P", RP, 0, "Pagu APBN-P dikurangi pagu awal (negatif = pemotongan)."
    ),
    "realisasi_rp": FigureInfo("Realisasi belanja", RP, 0, "Σ realisasi belanja setahun."),
    "penyerapan": FigureInfo("Penyerapan anggaran", PCT, 1, "Realisasi / pagu efektif."),
    "konsentrasi_akhir_tahun": FigureInfo(
        "Realisasi Nov–Des", PCT, -1, "Bagian realisasi setahun yang terjadi pada November–Desember."
    ),
    "deviasi_rpd": FigureInfo(
        "Deviasi dari RPD", PCT, -1, "Rata-rata selisih realisasi bulanan terhadap rencana penarikan dana (RPD)."
    ),
    "biaya_per_wbp_rp": FigureInfo("Biaya per WBP bekerja", RP, -1, "Realisasi / rata-rata WBP bekerja."),
    "produksi_per_rupiah": FigureInfo(
        "Produksi per rupiah belanja", RATIO, 1, "Nilai produksi / realisasi belanja (Rp per Rp 1)."
    ),
    "pnbp_per_rupiah": FigureInfo("PNBP per rupiah belanja", RATIO, 1, "PNBP / realisasi belanja (Rp per Rp 1)."),
    "bulan_diharapkan": FigureInfo("Bulan diharapkan", MONTHS, 0, "Jumlah bulan laporan yang diharapkan."),
    "bulan_dilaporkan": FigureInfo("Bulan dilaporkan", MONTHS, 1, "Jumlah bulan dengan laporan lengkap."),
    "kelengkapan": FigureInfo("Kelengkapan laporan", PCT, 1, "Bulan dilaporkan / bulan diharapkan."),
    "pertumbuhan_produksi": FigureInfo("Pertumbuhan produksi", PCT, 1, "Nilai produksi dibanding tahun sebelumnya."),
    "skor_risiko": FigureInfo(
        "Skor risiko", SCORE, -1, "0–100: bobot bendera yang menyala / bobot bendera yang dapat dinilai."
    ),
    "jumlah_upt": FigureInfo("Jumlah UPT", COUNT, 0),
}

FLAG_LABELS: dict[str, str] = {
    "anggaran_tinggi": "Anggaran tinggi",
    "penyerapan_rendah": "Penyerapan rendah",
    "penyerapan_melebihi": "Penyerapan melebihi pagu",
    "lonjakan_akhir_tahun": "Lonjakan akhir tahun",
    "deviasi_rpd_tinggi": "Deviasi RPD tinggi",
    "produktivitas_rendah": "Produktivitas rendah",
    "partisipasi_rendah": "Partisipasi rendah",
    "laporan_tidak_lengkap": "Laporan tidak lengkap",
    "pnbp_di_bawah_target": "PNBP di bawah target",
}

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

RANKING_FIGURES = (
    "nilai_produksi_rp",
    "produksi_per_rupiah",
    "pnbp_rp",
    "capaian_pnbp",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "wbp_bekerja_rata2",
    "okupansi",
    "pagu_efektif_rp",
    "realisasi_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
    "premi_per_wbp_bulan_rp",
    "kelengkapan",
    "skor_risiko",
)

KPI_FIGURES = (
    "nilai_produksi_rp",
    "pnbp_rp",
    "capaian_pnbp",
    "wbp_bekerja_rata2",
    "tingkat_partisipasi",
    "pagu_efektif_rp",
    "penyerapan",
    "okupansi",
)

# Figures compared with the peers' median on the Profil UPT page.
PEER_FIGURES = (
    "nilai_produksi_rp",
    "produksi_per_rupiah",
    "pnbp_rp",
    "capaian_pnbp",
    "tingkat_partisipasi",
    "partisipasi_iku",
    "okupansi",
    "premi_per_wbp_bulan_rp",
    "pagu_efektif_rp",
    "penyerapan",
    "konsentrasi_akhir_tahun",
    "deviasi_rpd",
    "biaya_per_wbp_rp",
    "kelengkapan",
)
# For a Lapas Industri these are compared with the Lapas Industri of its kanwil only: most other
# units produce nothing, and a median of zeros says nothing (as for the produktivitas_rendah flag).
INDUSTRY_FIGURES = frozenset(
    {"nilai_produksi_rp", "nilai_penjualan_rp", "produksi_per_rupiah", "pnbp_rp", "capaian_pnbp", "pnbp_per_rupiah"}
)


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


# --------------------------------------------------------------------------- KPI cards


@dataclass(frozen=True)
class Card:
    name: str
    label: str
    value: str
    delta: str | None  # '+5,5 %' (relative) or '-1,2 poin' (percentage points); None when not comparable
    help: str
    delta_color: str  # for st.metric: normal, inverse or off

    @property
    def flat(self) -> bool:
        """The change rounds to zero: shown grey, without an arrow."""
        return self.delta is not None and self.delta.lstrip("+-±").startswith("0,0 ")


def change(name: str, now: object, before: object) -> str | None:
    """The change of a figure against the previous year, as a card delta.

    Percentages change in percentage points ('+1,2 poin'); amounts and counts relatively ('-5,5 %').
    None when either value is missing, or for a relative change from 0.
    """
    if fmt.is_missing(now) or fmt.is_missing(before):
        return None
    now_f, before_f = float(now), float(before)  # type: ignore[arg-type]
    if kind(name) == PCT:
        diff, unit = (now_f - before_f) * 100, " poin"
    elif kind(name) == SCORE:
        diff, unit = now_f - before_f, " poin"
    else:
        if before_f == 0:
            return None
        diff, unit = (now_f / before_f - 1) * 100, " %"
    text = fmt.number(abs(diff), 1)
    sign = "±" if text == "0,0" else "-" if diff < 0 else "+"
    return f"{sign}{text}{unit}"


def _delta_color(name: str) -> str:
    better = FIGURES[name].better
    return "normal" if better > 0 else "inverse" if better < 0 else "off"


def kpi_cards(totals: DataFrame, tahun: int, names: Sequence[str] = KPI_FIGURES) -> list[Card]:
    """The cards of `names` for `tahun`, with the change against tahun - 1.

    totals: rows of metrics.group_totals (any `by`; the "Semua UPT"/by=None row per year is used when
    present, else the only row of the year). A year without a row gives '–' and no delta.
    """
    now, before = _total_row(totals, tahun), _total_row(totals, tahun - 1)
    cards = []
    for name in names:
        info = FIGURES[name]
        value_now = now.get(name) if now is not None else None
        value_before = before.get(name) if before is not None else None
        cards.append(
            Card(
                name=name,
                label=info.label,
                value=format_figure(name, value_now),
                delta=change(name, value_now, value_before),
                help=info.help,
                delta_color=_delta_color(name),
            )
        )
    return cards


def _total_row(totals: DataFrame, tahun: int) -> Mapping[str, Any] | None:
    rows = totals[pd.to_numeric(totals["tahun"]) == tahun] if len(totals) else totals
    if len(rows) == 0:
        return None
    for column in ("kanwil", "jenis", "kelas", "kabupaten_kota"):
        if column in rows.columns and (rows[column] == "Semua UPT").any():
            rows = rows[rows[column] == "Semua UPT"]
            break
    return cast("dict[str, Any]", rows.iloc[-1].to_dict())  # the columns are names


# --------------------------------------------------------------------------- rows, rankings, risk


def year_rows(figures: DataFrame, tahun: int, kode_upt: Iterable[str]) -> DataFrame:
    """The rows of `figures` (ui.figures / yearly_figures) for one year and the given units, by name."""
    wanted = set(kode_upt)
    rows = figures[(figures["tahun"] == tahun) & figures["kode_upt"].isin(wanted)]
    return rows.sort_values("nama_upt", kind="stable").reset_index(drop=True)


def ranking(rows: DataFrame, name: str, lowest_first: bool = False, limit: int | None = None) -> DataFrame:
    """Units ordered on one figure, best-placed first: columns kode_upt, nama_upt, nilai.

    Highest first unless lowest_first; units whose figure is empty are left out; ties by name.
    """
    if name not in rows.columns:
        return DataFrame({"kode_upt": [], "nama_upt": [], "nilai": []})
    ranked = rows[["kode_upt", "nama_upt", name]].rename(columns={name: "nilai"})
    ranked = ranked[ranked["nilai"].notna()]
    ranked = ranked.assign(nilai=ranked["nilai"].astype("float64"))
    ranked = ranked.sort_values(["nilai", "nama_upt"], ascending=[lowest_first, True], kind="stable")
    if limit is not None:
        ranked = ranked.head(limit)
    return ranked.reset_index(drop=True)


MAX_BARS = 40  # units per bar chart: a whole kanwil fits; all kanwil show the top of the list


def top_rows(frame: DataFrame, n: int = MAX_BARS) -> tuple[DataFrame, str]:
    """The first n rows of a sorted frame, and a title suffix saying so when rows were cut
    (' (40 teratas dari 530 UPT)'), else ''."""
    if len(frame) <= n:
        return frame, ""
    return frame.head(n), f" ({n} teratas dari {len(frame)} UPT)"


def top_risk(rows: DataFrame, n: int = 5, flags: Sequence[str] = tuple(FLAG_LABELS)) -> DataFrame:
    """The n units with the highest skor_risiko above 0: kode_upt, nama_upt, skor_risiko,
    jumlah_bendera (raised scored flags), bendera (their labels, comma separated)."""
    columns = ["kode_upt", "nama_upt", "skor_risiko", "jumlah_bendera", "bendera"]
    if len(rows) == 0 or "skor_risiko" not in rows.columns:
        return DataFrame({name: [] for name in columns})
    risky = rows[rows["skor_risiko"].fillna(0) > 0]
    raised = [flag for flag in flags if flag in risky.columns and flag != "anggaran_tinggi"]
    names = [
        ", ".join(FLAG_LABELS[flag] for flag in raised if bool(record[flag]))
        for record in risky[raised].to_dict("records")
    ]
    risky = risky.assign(
        jumlah_bendera=risky[raised].astype(bool).sum(axis=1).astype("int64") if raised else 0,
        bendera=names,
    )
    risky = risky.sort_values(["skor_risiko", "nama_upt"], ascending=[False, True], kind="stable").head(n)
    return risky[columns].reset_index(drop=True)


def nonzero(rows: DataFrame, name: str) -> DataFrame:
    """The rows whose figure is given and not 0 (e.g. units whose pagu changed in the APBN-P)."""
    return rows[rows[name].fillna(0) != 0]


def producing(rows: DataFrame) -> DataFrame:
    """The rows of units that produced anything (nilai_produksi_rp > 0)."""
    return rows[rows["nilai_produksi_rp"].fillna(0) > 0]


def with_budget_columns(rows: DataFrame) -> DataFrame:
    """`rows` plus pagu_apbnp_rp = pagu_awal_rp + tambahan_apbnp_rp (the pagu after APBN-P, before blokir)."""
    return rows.assign(pagu_apbnp_rp=rows["pagu_awal_rp"] + rows["tambahan_apbnp_rp"].fillna(0))


def budget_series(rows: DataFrame) -> dict[str, str]:
    """The budget columns worth drawing, with their legend labels: pagu awal, pagu after APBN-P (only
    when some unit's pagu changed, else it repeats pagu awal), realisasi."""
    series = {"pagu_awal_rp": "Pagu awal", "pagu_apbnp_rp": "Pagu setelah APBN-P", "realisasi_rp": "Realisasi"}
    if len(nonzero(rows, "tambahan_apbnp_rp")) == 0:
        del series["pagu_apbnp_rp"]
    return series


def unit_years(figures: DataFrame, kode_upt: str) -> DataFrame:
    """One unit's rows over every year, oldest first, with the budget columns."""
    rows = figures[figures["kode_upt"] == kode_upt].sort_values("tahun")
    return with_budget_columns(rows).reset_index(drop=True)


def unit_reasons(reasons: DataFrame, kode_upt: str, tahun: int) -> DataFrame:
    """The raised flags of one unit and year (metrics.flag_reasons rows) with their labels:
    columns flag, label, kalimat, bobot."""
    rows = reasons[(reasons["kode_upt"] == kode_upt) & (reasons["tahun"] == tahun)]
    return rows.assign(label=rows["flag"].map(FLAG_LABELS))[["flag", "label", "kalimat", "bobot"]].reset_index(
        drop=True
    )


def has_values(frame: DataFrame, columns: Iterable[str]) -> bool:
    """True when any of `columns` holds a non-empty, non-zero value (so a chart has something to show)."""
    present = [c for c in columns if c in frame.columns]
    if not present or len(frame) == 0:
        return False
    values = frame[present].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy(dtype="float64")
    return bool(np.any(values != 0))


# --------------------------------------------------------------------------- peers


def peer_comparison(figures: DataFrame, kode_upt: str, tahun: int, names: Sequence[str] = PEER_FIGURES) -> DataFrame:
    """Where a unit stands against the median of its kanwil's units in one year.

    Columns: angka (figure name), label, nilai (the unit's), median_kanwil (median over the kanwil's
    units of that year whose figure is not empty; for INDUSTRY_FIGURES of a Lapas Industri, over the
    kanwil's Lapas Industri), selisih (nilai / median - 1; NaN when either is empty or the median is 0),
    better (+1/-1/0), pembanding (who the peers are, in words), jumlah_pembanding. Empty when the unit
    has no row that year.
    """
    columns = ["angka", "label", "nilai", "median_kanwil", "selisih", "better", "pembanding", "jumlah_pembanding"]
    year = figures[figures["tahun"] == tahun]
    unit = year[year["kode_upt"] == kode_upt]
    if len(unit) == 0:
        return DataFrame({name: [] for name in columns})
    row = unit.iloc[0]
    kanwil = str(row["kanwil"]).strip().casefold()
    peers = year[year["kanwil"].astype(str).str.strip().str.casefold() == kanwil]
    industry = bool(row["lapas_industri"])
    records = []
    for name in names:
        if name not in year.columns:
            continue
        group = peers[peers["lapas_industri"].astype(bool)] if industry and name in INDUSTRY_FIGURES else peers
        values = pd.to_numeric(group[name], errors="coerce").dropna()
        median = float(values.median()) if len(values) else np.nan
        value = float(row[name]) if not fmt.is_missing(row[name]) else np.nan
        gap = value / median - 1 if median and not np.isnan(median) and not np.isnan(value) else np.nan
        who = "Lapas Industri se-kanwil" if group is not peers else "UPT se-kanwil"
        records.append(
            {
                "angka": name,
                "label": FIGURES[name].label,
                "nilai": value,
                "median_kanwil": median,
                "selisih": gap,
                "better": FIGURES[name].better,
                "pembanding": who,
                "jumlah_pembanding": int(len(values)),
            }
        )
    return DataFrame.from_records(records, columns=columns)


def peer_table(comparison: DataFrame, short: bool = False) -> DataFrame:
    """peer_comparison as text for the screen and the report: Angka, Nilai UPT, Median pembanding,
    Selisih dari median, Pembanding. Money in full rupiah, or short ('Rp 1,23 M') with short=True."""
    return DataFrame(
        {
            "Angka": comparison["label"],
            "Nilai UPT": [
                format_figure(n, v, short) for n, v in zip(comparison["angka"], comparison["nilai"], strict=True)
            ],
            "Median pembanding": [
                format_figure(n, v, short)
                for n, v in zip(comparison["angka"], comparison["median_kanwil"], strict=True)
            ],
            "Selisih dari median": [_signed_percent(v) for v in comparison["selisih"]],
            "Pembanding": comparison["pembanding"],
        }
    )


def _signed_percent(value: object) -> str:
    if fmt.is_missing(value):
        return fmt.MISSING
    text = fmt.percent(abs(float(value)), 1)  # type: ignore[arg-type]
    return ("-" if float(value) < 0 and not text.startswith("0,0") else "+") + text  # type: ignore[arg-type]


# --------------------------------------------------------------------------- production


def production_by_bidang(products: DataFrame) -> DataFrame:
    """store.product_totals rows summed per tahun and bidang: tahun, bidang, nilai_produksi_rp, nilai_penjualan_rp."""
    columns = ["tahun", "bidang", "nilai_produksi_rp", "nilai_penjualan_rp"]
    if len(products) == 0:
        return DataFrame({name: [] for name in columns})
    summed = products.groupby(["tahun", "bidang"], as_index=False, sort=True)[columns[2:]].sum(min_count=1)
    return summed[columns]


def top_products(products: DataFrame, n: int | None = None) -> DataFrame:
    """Products ranked on nilai_produksi_rp: bidang, produk, satuan, jumlah, nilai_produksi_rp,
    nilai_penjualan_rp, jumlah_upt (units making it). Highest first; n limits the rows."""
    columns = ["bidang", "produk", "satuan", "jumlah", "nilai_produksi_rp", "nilai_penjualan_rp", "jumlah_upt"]
    if len(products) == 0:
        return DataFrame({name: [] for name in columns})
    grouped = products.groupby(["bidang", "produk", "satuan"], as_index=False, sort=False)
    summed = grouped.agg(
        jumlah=("jumlah", "sum"),
        nilai_produksi_rp=("nilai_produksi_rp", "sum"),
        nilai_penjualan_rp=("nilai_penjualan_rp", "sum"),
        jumlah_upt=("kode_upt", "nunique"),
    )
    summed = summed.sort_values(["nilai_produksi_rp", "produk"], ascending=[False, True], kind="stable")
    if n is not None:
        summed = summed.head(n)
    return summed[columns].reset_index(drop=True)


def with_product_labels(products: DataFrame) -> DataFrame:
    """`products` plus label = 'produk (bidang)', the name a chart shows."""
    return products.assign(label=products["produk"].astype(str) + " (" + products["bidang"].astype(str) + ")")


def monthly_total(production: DataFrame) -> DataFrame:
    """metrics.monthly_production rows summed over bidang (and groups): periode, nilai_produksi_rp, nilai_penjualan_rp."""
    columns = ["periode", "nilai_produksi_rp", "nilai_penjualan_rp"]
    if len(production) == 0:
        return DataFrame(
            {"periode": pd.Series(dtype="datetime64[ns]"), "nilai_produksi_rp": [], "nilai_penjualan_rp": []}
        )
    return production.groupby("periode", as_index=False, sort=True)[columns[1:]].sum(min_count=1)


def unit_name(upt: DataFrame, kode_upt: str) -> str:
    """nama_upt of one unit of the upt table; the code itself when it is not there."""
    names = upt.loc[upt["kode_upt"] == kode_upt, "nama_upt"]
    return str(names.iloc[0]) if len(names) else kode_upt


def picker_order(units: DataFrame) -> DataFrame:
    """Units for a UPT picker: Lapas Industri first (the dashboard is about them), then by name."""
    return (
        units.assign(_first=~units["lapas_industri"].astype(bool))
        .sort_values(["_first", "nama_upt"], kind="stable")
        .drop(columns="_first")
    )


def with_names(frame: DataFrame, upt: DataFrame) -> DataFrame:
    """`frame` (with kode_upt) plus nama_upt from the upt table; a name shared by two of the frame's
    units (names are unique only within a kanwil) gets its code: 'Lapas Kelas IIA Kota (KODE)'."""
    names = upt.set_index("kode_upt")["nama_upt"]
    named = frame["kode_upt"].map(names).fillna(frame["kode_upt"]).astype(str)
    pairs = DataFrame({"kode": frame["kode_upt"], "nama": named}).drop_duplicates()
    shared = set(pairs.loc[pairs["nama"].duplicated(keep=False), "nama"])
    named = named.where(~named.isin(shared), named + " (" + frame["kode_upt"].astype(str) + ")")
    return frame.assign(nama_upt=named)


# --------------------------------------------------------------------------- tables


def unit_table(rows: DataFrame, names: Sequence[str], order_by: str | None = None) -> DataFrame:
    """kode_upt, nama_upt and the figures `names` of `rows`: the table a page shows and offers as CSV
    (canonical column names, ratios as decimals, money in rupiah). order_by sorts on a figure,
    highest first, empty values last."""
    wanted = dict.fromkeys(n for n in names if n in rows.columns and n not in ("kode_upt", "nama_upt"))
    table = rows[["kode_upt", "nama_upt", *wanted]]
    if order_by is not None:
        table = table.assign(_key=rows[order_by]).sort_values(
            ["_key", "nama_upt"], ascending=[False, True], na_position="last", kind="stable"
        )
        table = table.drop(columns="_key")
    return table.reset_index(drop=True)


def count_above(rows: DataFrame, name: str, limit: float) -> int:
    """How many rows have the figure strictly above `limit` (e.g. okupansi above 1.0 = overcrowded)."""
    return int((pd.to_numeric(rows[name], errors="coerce") > limit).sum())


def display_table(frame: DataFrame) -> Any:
    """`frame` as a pandas Styler for st.dataframe: Indonesian headers, every known figure formatted
    in Indonesian (full rupiah, '41,2 %', '1.234'), numbers kept numeric so columns sort correctly."""
    renamed = frame.rename(columns={name: label(name) for name in frame.columns})
    formats: dict[str, str | Callable[[object], str] | None] = {}  # Styler.format's formatter mapping
    for name in frame.columns:
        figure_kind = kind(name)
        if figure_kind is not None:
            formats[label(name)] = partial(format_value, kind_=figure_kind, short=False)
        elif name == "lapas_industri":
            formats[label(name)] = lambda v: "ya" if bool(v) else "tidak"
    return renamed.style.format(formats, na_rep=fmt.MISSING)


def text_table(frame: DataFrame, short: bool = False) -> DataFrame:
    """`frame` with Indonesian headers and every known figure as formatted text (for the HTML report);
    money in full rupiah, or short ('Rp 1,23 M') with short=True where a table must fit a page."""
    out = DataFrame(index=frame.index)
    for name in frame.columns:
        figure_kind = kind(name)
        if figure_kind is not None:
            out[label(name)] = [format_value(v, figure_kind, short=short) for v in frame[name]]
        else:
            out[label(name)] = frame[name].map(lambda v: fmt.MISSING if fmt.is_missing(v) else str(v))
    return out.reset_index(drop=True)
