"""Figure labels and formats for the pages: the catalogue of metrics seen by name, and labels of the other columns."""

from __future__ import annotations

import pandas as pd

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
    # the other columns of the uploaded tables (schema.TABLES), as upload previews show them
    "kabupaten_kota": "Kabupaten/kota",
    "kapasitas": "Kapasitas",
    "komoditas_utama": "Komoditas utama",
    "lat": "Lintang",
    "lon": "Bujur",
    "periode": "Periode",
    "jumlah_penghuni": "Jumlah penghuni",
    "napi_asimilasi": "Napi asimilasi",
    "wbp_bekerja": "WBP bekerja",
    "premi_dibayar_rp": "Premi dibayar",
    "tanggal_setor": "Tanggal setor",
    "ntpn": "NTPN",
    "jumlah_rp": "Jumlah setoran",
    "uraian": "Uraian",
    "tahun_anggaran": "Tahun anggaran",
    "jenis_belanja": "Jenis belanja",
    "blokir_rp": "Blokir",
    "rpd_rp": "Rencana penarikan (RPD)",
    # the partnership tables (schema/partnership.py) and pnbp's agreement
    "nomor_perjanjian": "Nomor perjanjian",
    "skema": "Skema",
    "mitra": "Mitra",
    "objek": "Objek kerja sama",
    "tanggal_mulai": "Tanggal mulai",
    "jangka_tahun": "Jangka (tahun)",
    "tanggal_berakhir": "Tanggal berakhir",
    "nilai_investasi_rp": "Nilai investasi",
    "kontribusi_tetap_rp": "Kontribusi tetap per tahun",
    "bagi_hasil_persen": "Bagi hasil (%)",
    "serah_terima": "Serah terima ke negara",
    "omzet_rp": "Omzet mitra",
    "wbp_dipekerjakan": "WBP dipekerjakan mitra",
    "upah_wbp_rp": "Upah WBP dari mitra",
    "kode_aset": "Kode aset",
    "nama_aset": "Nama aset",
    "kategori": "Kategori",
    "tahun_perolehan": "Tahun perolehan",
    "nilai_perolehan_rp": "Nilai perolehan",
    "sumber_dana": "Sumber dana",
    "kondisi": "Kondisi",
    "dipakai": "Dipakai",
    "berlaku_mulai": "Berlaku mulai",
    "premi_persen": "Premi (%)",
    "pnbp_persen": "PNBP (%)",
    "modal_persen": "Modal kerja (%)",
    "dasar_hukum": "Dasar hukum",
    # users, the activity log, the upload log and the validation report
    "username": "Nama pengguna",
    "nama": "Nama",
    "peran": "Peran",
    "upt": "UPT",
    "waktu": "Waktu",
    "pengguna": "Pengguna",
    "aksi": "Aksi",
    "rincian": "Rincian",
    "batch_id": "Batch",
    "tabel": "Tabel",
    "nama_file": "Berkas",
    "baris_baru": "Baris baru",
    "baris_diganti": "Baris diganti",
    "baris_sama": "Baris sama",
    "status": "Status",
    "peringatan": "Peringatan",
    "waktu_batal": "Waktu batal",
    "baris": "Baris",
    "kolom": "Kolom",
    "pesan": "Pesan",
    "jumlah_upt": "Jumlah UPT",
    "jumlah_pembanding": "Jumlah pembanding",
    "median": "Median",
    "batas": "Batas",
}
# What the activity log's aksi column holds (store.log_activity callers), as the admin page says it.
ACTION_LABELS: dict[str, str] = {
    "masuk": "Masuk",
    "gagal_masuk": "Gagal masuk",
    "keluar": "Keluar",
    "unggah": "Unggah",
    "batal": "Batalkan batch",
    "ekspor": "Ekspor",
}


def label(name: str) -> str:
    """The Indonesian label of a figure or column; the name itself when unknown."""
    if name in FIGURES:
        return FIGURES[name].label
    return COLUMN_LABELS.get(name, FLAG_LABELS.get(name, name))


def column_label(name: object) -> str:
    """The header a table column gets on screen: its label, else the name with '_' as spaces and a capital."""
    text = str(name)
    found = label(text)
    if found != text or not text.isidentifier() or text != text.lower():
        return found  # a label, or a header already written for people ('Nilai UPT')
    return text.replace("_", " ").capitalize()


def relabel(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with column_label headers (a copy; the values are untouched)."""
    return frame.rename(columns=column_label)


def action_label(action: object) -> str:
    """An activity-log action (gagal_masuk) as the page says it (Gagal masuk)."""
    return ACTION_LABELS.get(str(action), column_label(action))


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
