"""The five partnership tables of spec/DATA.md (agreements, partner reports, State assets, their checks, split rules)."""

from __future__ import annotations

import datetime

from lapas_metrics.schema.columns import (
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    NOMOR,
    PERIOD,
    TEXT,
    YEAR,
    Column,
    DefaultWhen,
    Reference,
    SameUnit,
    SumsTo,
    Table,
    WarnAbove,
    YearInTerm,
)
from lapas_metrics.schema.tables import AGREEMENT, UNIT, count, kode_upt, money, nomor_perjanjian, periode

SKEMA = ("KSO", "KSP", "BGS", "BSG", "KPBU", "Lainnya")
# PP 28/2020 (amending PP 27/2014 on BMN) caps these schemes at 30 years: a longer term is told, not refused.
SKEMA_30_TAHUN = ("BGS", "BSG", "KSP")
# Schemes whose object passes to the State at the end unless the agreement says otherwise.
SKEMA_SERAH_TERIMA = ("BGS", "BSG", "KPBU")
KATEGORI_ASET = ("Mesin dan peralatan", "Gedung dan bangunan", "Ternak", "Kendaraan", "Lainnya")
SUMBER_DANA = ("APBN", "APBN-P", "Hibah", "Mitra")
KONDISI = ("baik", "rusak ringan", "rusak berat")
ASSET = Reference("kode_aset", "aset", "daftar aset")


def term_end(start: datetime.date, years: int) -> datetime.date:
    """tanggal_berakhir: `years` years after `start`, the same day of the month (29 February -> 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a year that has none
        return start.replace(year=start.year + years, day=28)


def _percent(name: str, description: str, example: str, required: bool = True) -> Column:
    return Column(
        name,
        DECIMAL,
        required=required,
        minimum=0,
        maximum=100,
        unit="%",
        description=description,
        example=example,
        default=None if required else 0,
    )


KEMITRAAN = Table(
    "kemitraan",
    "Perjanjian kemitraan",
    (
        kode_upt(),
        nomor_perjanjian("Nomor perjanjian kerja sama (2–64 karakter), unik; huruf besar/kecil dianggap sama"),
        Column("skema", CHOICE, choices=SKEMA, description="Skema: " + ", ".join(SKEMA), example="KSO"),
        Column("mitra", TEXT, description="Nama mitra", example="PT Contoh Mitra Industri"),
        Column(
            "objek",
            TEXT,
            description="Yang dipakai atau dibangun, mis. Mesin injeksi plastik 4 unit",
            example="Mesin injeksi plastik 4 unit",
        ),
        Column("tanggal_mulai", DATE, description="Tanggal mulai perjanjian, mis. 2017-03-01", example="2017-03-01"),
        Column(
            "jangka_tahun",
            INT,
            minimum=1,
            maximum=50,
            unit="tahun",
            description="Jangka waktu (1–50 tahun); untuk BGS, BSG dan KSP lebih dari 30 tahun diberi peringatan",
            example="10",
        ),
        money("nilai_investasi_rp", "Nilai investasi mitra (Rp); opsional", "1500000000", required=False),
        money(
            "kontribusi_tetap_rp",
            "Kontribusi tetap kepada negara per tahun penuh (Rp); opsional, kosong = 0",
            "60000000",
            required=False,
            default=0,
        ),
        _percent(
            "bagi_hasil_persen", "Bagian omzet mitra untuk negara (%); opsional, kosong = 0", "2.5", required=False
        ),
        Column(
            "serah_terima",
            BOOL,
            required=False,
            description="Objek diserahkan kepada negara di akhir jangka: ya/tidak; kosong = ya untuk BGS, BSG, KPBU",
            example="tidak",
        ),
    ),
    key=("nomor_perjanjian",),
    aliases={"kode_satker": "kode_upt", "no_perjanjian": "nomor_perjanjian"},
    references=(UNIT,),
    rules=(
        WarnAbove(
            "jangka_tahun", 30, "skema", SKEMA_30_TAHUN, "PP 28/2020 membatasi BGS, BSG dan KSP paling lama 30 tahun"
        ),
        DefaultWhen("serah_terima", "skema", SKEMA_SERAH_TERIMA, then=True, otherwise=False),
    ),
    noun="perjanjian",
)

LAPORAN_MITRA = Table(
    "laporan_mitra",
    "Laporan tahunan mitra",
    (
        nomor_perjanjian("Nomor perjanjian; harus ada di daftar kemitraan"),
        Column("tahun", YEAR, description="Tahun laporan, di dalam jangka perjanjian", example="2018"),
        money("omzet_rp", "Omzet mitra dari objek kerja sama setahun (Rp)", "2400000000"),
        count("wbp_dipekerjakan", "Rata-rata WBP yang dipekerjakan mitra", "80"),
        money("upah_wbp_rp", "Upah yang dibayar mitra kepada WBP setahun (Rp); opsional", "300000000", required=False),
    ),
    key=("nomor_perjanjian", "tahun"),
    aliases={"no_perjanjian": "nomor_perjanjian"},
    references=(AGREEMENT,),
    rules=(YearInTerm("tahun", "nomor_perjanjian"),),
)

ASET = Table(
    "aset",
    "Aset negara (BMN)",
    (
        kode_upt(),
        Column(
            "kode_aset",
            NOMOR,
            description="Kode aset, mis. kode barang BMN + NUP (2–64 karakter), unik",
            example="3.05.01.04.001-1",
        ),
        Column("nama_aset", TEXT, description="Nama aset", example="Mesin injeksi plastik 150 ton"),
        Column(
            "kategori",
            CHOICE,
            choices=KATEGORI_ASET,
            description="Kategori: " + ", ".join(KATEGORI_ASET),
            example="Mesin dan peralatan",
        ),
        Column(
            "tahun_perolehan",
            YEAR,
            minimum=1950,
            description="Tahun perolehan (1950 sampai tahun depan)",
            example="2016",
        ),
        money("nilai_perolehan_rp", "Nilai perolehan (Rp)", "850000000"),
        Column(
            "sumber_dana",
            CHOICE,
            choices=SUMBER_DANA,
            description="Sumber dana: " + ", ".join(SUMBER_DANA),
            example="APBN-P",
        ),
        nomor_perjanjian(
            "Opsional: nomor perjanjian bila aset dipakai mitra; harus ada di daftar kemitraan",
            required=False,
        ),
    ),
    key=("kode_aset",),
    aliases={"kode_satker": "kode_upt", "no_perjanjian": "nomor_perjanjian"},
    references=(UNIT, AGREEMENT),
    rules=(SameUnit("nomor_perjanjian"),),
    noun="aset",
)

STATUS_ASET = Table(
    "status_aset",
    "Pemeriksaan aset",
    (
        Column("kode_aset", NOMOR, description="Kode aset; harus ada di daftar aset", example="3.05.01.04.001-1"),
        periode(),
        Column("kondisi", CHOICE, choices=KONDISI, description="Kondisi: " + ", ".join(KONDISI), example="baik"),
        Column("dipakai", BOOL, description="Dipakai untuk produksi bulan itu: ya/tidak", example="ya"),
    ),
    key=("kode_aset", "periode"),
    aliases={"bulan": "periode"},
    references=(ASSET,),
)

ATURAN_PREMI = Table(
    "aturan_premi",
    "Aturan pembagian hasil penjualan",
    (
        kode_upt(),
        Column(
            "berlaku_mulai",
            PERIOD,
            description="Bulan mulai berlaku, sampai aturan berikutnya UPT ini, mis. 2017-02",
            example="2017-02",
        ),
        _percent("premi_persen", "Bagian penjualan untuk premi WBP (%)", "15"),
        _percent("pnbp_persen", "Bagian penjualan untuk PNBP (%)", "35"),
        _percent("modal_persen", "Bagian penjualan untuk modal kerja (%)", "50"),
        Column(
            "dasar_hukum",
            TEXT,
            required=False,
            description="Opsional: dasar hukum, mis. Kepmenkeh M.01-PP.02.01/1990",
            example="Keputusan Kepala Lapas",
        ),
    ),
    key=("kode_upt", "berlaku_mulai"),
    aliases={"kode_satker": "kode_upt"},
    references=(UNIT,),
    rules=(SumsTo(("premi_persen", "pnbp_persen", "modal_persen"), 100, 0.01),),
)

PARTNERSHIP_TABLES = (KEMITRAAN, LAPORAN_MITRA, ASET, STATUS_ASET, ATURAN_PREMI)
