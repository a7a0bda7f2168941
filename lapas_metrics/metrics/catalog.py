"""The figures declared once (name, label, kind, which way is better, help, what column); every list of names comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Kinds decide the format: rp = rupiah, pct = a ratio shown as a percentage, count = people or
# items, ratio = rupiah per rupiah, score = skor_risiko 0–100, months = a number of months.
RP, PCT, COUNT, RATIO, SCORE, MONTHS = "rp", "pct", "count", "ratio", "score", "months"

# What a figure is as a column:
# - "metrics": a figure of METRICS.md, a column of yearly_figures, group_totals and metrics_table;
# - "extra": a column of yearly_figures and group_totals that METRICS.md does not list
#   (bulan_dilaporkan, the numerator of kelengkapan, kept for totals and flag sentences);
# - "display": made elsewhere and only labelled here (pagu_apbnp_rp by views, skor_risiko by
#   audit_flags, jumlah_upt by group_totals).
Column = Literal["metrics", "extra", "display"]


@dataclass(frozen=True)
class Figure:
    """One figure or figure-like column, declared once."""

    name: str
    label: str  # Bahasa Indonesia, for cards, axes and table headers
    kind: str  # RP, PCT, COUNT, RATIO, SCORE or MONTHS
    better: int = 0  # +1 higher is better, -1 lower is better, 0 neither (colours of deltas and peer bars)
    help: str = ""
    column: Column = "metrics"
    card: str = ""  # a shorter label for a KPI card, whose label Streamlit cuts beyond about 23 characters; "" = label


# In METRICS.md order (plus target_pnbp_rp next to pnbp_rp): the order of the output columns.
FIGURE_CATALOG: tuple[Figure, ...] = (
    Figure("penghuni_rata2", "Penghuni (rata-rata)", COUNT, 0, "Rata-rata jumlah penghuni per bulan laporan."),
    Figure(
        "okupansi",
        "Okupansi",
        PCT,
        -1,
        "Rata-rata penghuni dibagi kapasitas; di atas 100 % berarti kelebihan penghuni.",
    ),
    Figure("wbp_bekerja_rata2", "WBP bekerja (rata-rata)", COUNT, 1, "Rata-rata WBP bekerja per bulan laporan."),
    Figure(
        "tingkat_partisipasi",
        "Tingkat partisipasi kerja",
        PCT,
        1,
        "Tingkat partisipasi kerja: Σ WBP bekerja / Σ penghuni (orang-bulan).",
        card="Partisipasi kerja",
    ),
    Figure("partisipasi_iku", "Partisipasi IKU", PCT, 1, "Σ WBP bekerja / Σ napi asimilasi (bentuk IKU)."),
    Figure("wbp_pelatihan", "WBP ikut pelatihan", COUNT, 1, "Jumlah WBP peserta pelatihan dalam setahun."),
    Figure("wbp_bersertifikat", "WBP bersertifikat", COUNT, 1, "Jumlah WBP yang memperoleh sertifikat dalam setahun."),
    Figure("premi_rp", "Premi dibayar", RP, 0, "Σ premi yang dibayarkan kepada WBP."),
    Figure(
        "premi_per_wbp_bulan_rp",
        "Premi per WBP per bulan",
        RP,
        1,
        "Premi per WBP bekerja per bulan: premi / Σ WBP bekerja (orang-bulan).",
    ),
    Figure("nilai_produksi_rp", "Nilai produksi", RP, 1, "Σ nilai produksi setahun."),
    Figure("nilai_penjualan_rp", "Nilai penjualan", RP, 1, "Σ nilai penjualan setahun."),
    Figure("pnbp_rp", "PNBP disetor", RP, 1, "Σ setoran PNBP menurut tanggal setor."),
    Figure("target_pnbp_rp", "Target PNBP", RP, 0, "Target PNBP tahun anggaran."),
    Figure("capaian_pnbp", "Capaian target PNBP", PCT, 1, "PNBP disetor / target PNBP."),
    Figure("pagu_awal_rp", "Pagu awal", RP, 0, "Σ pagu awal DIPA (belanja 51, 52, 53)."),
    Figure("pagu_apbnp_rp", "Pagu setelah APBN-P", RP, 0, "Pagu awal ditambah perubahan APBN-P.", column="display"),
    Figure("pagu_efektif_rp", "Pagu efektif", RP, 0, "Pagu (APBN-P bila ada, selain itu pagu awal) dikurangi blokir."),
    Figure("tambahan_apbnp_rp", "Tambahan APBN-P", RP, 0, "Pagu APBN-P dikurangi pagu awal (negatif = pemotongan)."),
    Figure("realisasi_rp", "Realisasi belanja", RP, 0, "Σ realisasi belanja setahun."),
    Figure("penyerapan", "Penyerapan anggaran", PCT, 1, "Realisasi / pagu efektif."),
    Figure(
        "konsentrasi_akhir_tahun",
        "Realisasi Nov–Des",
        PCT,
        -1,
        "Bagian realisasi setahun yang terjadi pada November–Desember.",
    ),
    Figure(
        "deviasi_rpd",
        "Deviasi dari RPD",
        PCT,
        -1,
        "Rata-rata selisih realisasi bulanan terhadap rencana penarikan dana (RPD).",
    ),
    Figure("biaya_per_wbp_rp", "Biaya per WBP bekerja", RP, -1, "Realisasi / rata-rata WBP bekerja."),
    Figure(
        "produksi_per_rupiah",
        "Produksi per rupiah belanja",
        RATIO,
        1,
        "Nilai produksi / realisasi belanja (Rp per Rp 1).",
    ),
    Figure("pnbp_per_rupiah", "PNBP per rupiah belanja", RATIO, 1, "PNBP / realisasi belanja (Rp per Rp 1)."),
    Figure("bulan_diharapkan", "Bulan diharapkan", MONTHS, 0, "Jumlah bulan laporan yang diharapkan."),
    Figure("bulan_dilaporkan", "Bulan dilaporkan", MONTHS, 1, "Jumlah bulan dengan laporan lengkap.", column="extra"),
    Figure("kelengkapan", "Kelengkapan laporan", PCT, 1, "Bulan dilaporkan / bulan diharapkan."),
    Figure("pertumbuhan_produksi", "Pertumbuhan produksi", PCT, 1, "Nilai produksi dibanding tahun sebelumnya."),
    # Partnerships, assets and split rules (METRICS.md, metrics.partnership).
    Figure(
        "jumlah_kemitraan_aktif",
        "Kemitraan aktif",
        COUNT,
        0,
        "Perjanjian kerja sama yang jangka waktunya mencakup sebagian tahun ini.",
    ),
    Figure(
        "kontribusi_seharusnya_rp",
        "Kontribusi mitra seharusnya",
        RP,
        0,
        "Kontribusi tetap × bulan dalam jangka perjanjian / 12 + bagi hasil × omzet mitra setahun.",
        card="Kontribusi seharusnya",
    ),
    Figure(
        "kontribusi_disetor_rp",
        "Kontribusi mitra disetor",
        RP,
        1,
        "Σ setoran PNBP tahun ini yang menyebut nomor perjanjian UPT.",
        card="Kontribusi disetor",
    ),
    Figure(
        "capaian_kontribusi",
        "Capaian kontribusi mitra",
        PCT,
        1,
        "Kontribusi disetor / kontribusi seharusnya.",
        card="Capaian kontribusi",
    ),
    Figure("nilai_aset_rp", "Nilai aset (BMN)", RP, 0, "Σ nilai perolehan aset yang diperoleh sampai tahun ini."),
    Figure(
        "nilai_aset_menganggur_rp",
        "Nilai aset menganggur",
        RP,
        -1,
        "Σ nilai perolehan aset yang diperiksa tahun ini dan tidak dipakai pada setiap pemeriksaan.",
    ),
    Figure(
        "porsi_aset_menganggur",
        "Porsi aset menganggur",
        PCT,
        -1,
        "Nilai aset menganggur / nilai aset.",
    ),
    Figure(
        "premi_seharusnya_rp",
        "Premi menurut aturan",
        RP,
        0,
        "Σ per bulan: nilai penjualan × persen premi aturan yang berlaku bulan itu.",
    ),
    Figure(
        "pnbp_seharusnya_rp",
        "PNBP menurut aturan",
        RP,
        0,
        "Σ per bulan: nilai penjualan × persen PNBP aturan yang berlaku bulan itu.",
    ),
    Figure(
        "bulan_tanpa_aturan",
        "Bulan penjualan tanpa aturan",
        MONTHS,
        -1,
        "Bulan dengan penjualan tetapi tanpa aturan pembagian yang berlaku.",
        card="Bulan tanpa aturan",
    ),
    Figure(
        "kemitraan_berakhir_dalam_bulan",
        "Serah terima dalam (bulan)",
        MONTHS,
        0,
        "Bulan dari tanggal posisi sampai berakhirnya perjanjian terdekat yang diserahterimakan (≤ 24 bulan).",
        card="Serah terima dalam",
    ),
    Figure(
        "skor_risiko",
        "Skor risiko",
        SCORE,
        -1,
        "0–100: bobot bendera yang menyala / bobot bendera yang dapat dinilai.",
        column="display",
    ),
    Figure("jumlah_upt", "Jumlah UPT", COUNT, 0, column="display"),
)
FIGURE_BY_NAME: dict[str, Figure] = {figure.name: figure for figure in FIGURE_CATALOG}

ID_COLUMNS = ("kode_upt", "nama_upt", "kanwil", "jenis", "kelas", "lapas_industri", "tahun")
FIGURES = tuple(figure.name for figure in FIGURE_CATALOG if figure.column == "metrics")
EXTRA_COLUMNS = tuple(figure.name for figure in FIGURE_CATALOG if figure.column == "extra")
ALL_UPT = "Semua UPT"
