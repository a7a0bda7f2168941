"""The seven tables of spec/DATA.md's first part: columns, types, keys, allowed values, header aliases, references."""

from __future__ import annotations

from lapas_metrics.schema.columns import (
    BIDANG,
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    JENIS,
    JENIS_BELANJA,
    JENIS_BELANJA_NAMES,
    KELAS,
    KODE,
    MONEY,
    NOMOR,
    NTPN,
    PERIOD,
    TEXT,
    YEAR,
    Column,
    Reference,
    SameUnit,
    Table,
)

# Every fact row names its unit; an upload checks the code against `upt` (and the save again).
UNIT = Reference("kode_upt", "upt", "daftar UPT")
# A deposit or an asset may name the cooperation agreement it belongs to (spec/DATA.md, partnerships).
AGREEMENT = Reference("nomor_perjanjian", "kemitraan", "daftar kemitraan")


def kode_upt() -> Column:
    return Column(
        "kode_upt",
        KODE,
        description="Kode UPT (2–32 huruf, angka, titik, garis bawah atau tanda minus); harus ada di daftar UPT",
        example="LPIISKM",
    )


def periode() -> Column:
    return Column(
        "periode",
        PERIOD,
        description="Bulan laporan, mis. 2017-01, 01/2017 atau Januari 2017",
        example="2017-01",
    )


def _jenis_belanja() -> Column:
    return Column(
        "jenis_belanja",
        JENIS_BELANJA,
        choices=tuple(JENIS_BELANJA_NAMES),
        description="Jenis belanja: 51 (pegawai), 52 (barang) atau 53 (modal)",
        example="52",
    )


def nomor_perjanjian(description: str, required: bool = True, example: str = "PKS-LPCKR/001/2017") -> Column:
    return Column("nomor_perjanjian", NOMOR, required=required, description=description, example=example)


def money(name: str, description: str, example: str, required: bool = True, **kw) -> Column:
    return Column(name, MONEY, required=required, minimum=0, unit="Rp", description=description, example=example, **kw)


def count(name: str, description: str, example: str, required: bool = True) -> Column:
    return Column(name, INT, required=required, minimum=0, unit="orang", description=description, example=example)


UPT = Table(
    "upt",
    "Daftar UPT",
    (
        kode_upt(),
        Column("nama_upt", TEXT, description="Nama UPT, unik dalam kanwil", example="Lapas Kelas I Sukamiskin"),
        Column("jenis", CHOICE, choices=JENIS, description="Lapas, Rutan atau LPKA", example="Lapas"),
        Column("kelas", CHOICE, choices=KELAS, description="Kelas UPT: I, II, IIA, IIB atau III", example="I"),
        Column("kanwil", TEXT, description="Kantor wilayah", example="Jawa Barat"),
        Column("kabupaten_kota", TEXT, description="Kabupaten/kota letak UPT", example="Kota Bandung"),
        Column("kapasitas", INT, minimum=0, unit="orang", description="Kapasitas hunian (orang)", example="570"),
        Column(
            "lapas_industri",
            BOOL,
            description="Ditetapkan sebagai Lapas Industri: ya/tidak",
            example="ya",
        ),
        Column("komoditas_utama", TEXT, required=False, description="Komoditas utama (opsional)", example="Percetakan"),
        Column(
            "lat",
            DECIMAL,
            required=False,
            description="Lintang (opsional), −11 sampai 6",
            example="-6.9175",
        ),
        Column(
            "lon",
            DECIMAL,
            required=False,
            description="Bujur (opsional), 95 sampai 141",
            example="107.6191",
        ),
    ),
    key=("kode_upt",),
    aliases={"kode_satker": "kode_upt"},
    noun="UPT",
)

PRODUKSI = Table(
    "produksi",
    "Produksi bulanan",
    (
        kode_upt(),
        periode(),
        Column(
            "bidang",
            CHOICE,
            choices=BIDANG,
            description="Bidang: " + ", ".join(BIDANG),
            example="Percetakan",
        ),
        Column("produk", TEXT, description="Nama produk", example="Buku tulis"),
        Column("jumlah", DECIMAL, minimum=0, description="Jumlah yang diproduksi", example="1200"),
        Column("satuan", TEXT, description="Satuan jumlah, mis. kg, pcs, ekor, m2", example="pcs"),
        money("nilai_produksi_rp", "Nilai barang yang diproduksi (Rp)", "18000000"),
        money(
            "nilai_penjualan_rp",
            "Penjualan (omzet) yang dibukukan bulan ini (Rp); opsional, kosong = 0",
            "12500000",
            required=False,
            default=0,
        ),
    ),
    key=("kode_upt", "periode", "bidang", "produk"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
    references=(UNIT,),
)

PARTISIPASI = Table(
    "partisipasi",
    "Partisipasi WBP bulanan",
    (
        kode_upt(),
        periode(),
        count("jumlah_penghuni", "Jumlah penghuni pada akhir bulan", "1450"),
        count(
            "napi_asimilasi",
            "Narapidana yang memenuhi syarat asimilasi (penyebut IKU); opsional",
            "600",
            required=False,
        ),
        count("wbp_bekerja", "WBP yang bekerja di kegiatan industri; tidak boleh melebihi jumlah_penghuni", "320"),
        count("wbp_pelatihan", "WBP yang mengikuti pelatihan kerja bulan ini", "40"),
        count("wbp_bersertifikat", "WBP yang menerima sertifikat keterampilan bulan ini", "12"),
        money("premi_dibayar_rp", "Premi yang dibayarkan kepada WBP yang bekerja (Rp)", "9600000"),
    ),
    key=("kode_upt", "periode"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
    references=(UNIT,),
)

PNBP = Table(
    "pnbp",
    "Setoran PNBP",
    (
        kode_upt(),
        Column(
            "tanggal_setor", DATE, description="Tanggal setor, mis. 2017-03-15 atau 15/03/2017", example="2017-03-15"
        ),
        Column(
            "ntpn", NTPN, description="Nomor Transaksi Penerimaan Negara: 16 huruf/angka", example="A1B2C3D4E5F6G7H8"
        ),
        Column(
            "jumlah_rp",
            MONEY,
            minimum=0,
            positive=True,
            unit="Rp",
            description="Jumlah setoran (Rp), lebih dari 0",
            example="2500000",
        ),
        Column("uraian", TEXT, required=False, description="Uraian (opsional)", example="Penjualan buku tulis"),
        nomor_perjanjian(
            "Opsional: nomor perjanjian kemitraan bila setoran ini kontribusi mitra; harus ada di daftar kemitraan",
            required=False,
        ),
    ),
    key=("ntpn",),
    aliases={"kode_satker": "kode_upt", "no_perjanjian": "nomor_perjanjian"},
    references=(UNIT, AGREEMENT),
    rules=(SameUnit("nomor_perjanjian"),),
)

TARGET_PNBP = Table(
    "target_pnbp",
    "Target PNBP tahunan",
    (
        kode_upt(),
        Column("tahun_anggaran", YEAR, description="Tahun anggaran", example="2017"),
        money("target_pnbp_rp", "Target PNBP setahun (Rp)", "30000000"),
    ),
    key=("kode_upt", "tahun_anggaran"),
    aliases={"kode_satker": "kode_upt", "tahun": "tahun_anggaran"},
    references=(UNIT,),
)

ANGGARAN = Table(
    "anggaran",
    "Pagu anggaran (DIPA)",
    (
        kode_upt(),
        Column("tahun_anggaran", YEAR, description="Tahun anggaran", example="2017"),
        _jenis_belanja(),
        money("pagu_awal_rp", "Pagu awal (APBN / DIPA awal) (Rp)", "1500000000"),
        money(
            "pagu_apbnp_rp",
            "Pagu setelah APBN-P / revisi (Rp); opsional, kosong = tidak ada revisi",
            "2100000000",
            required=False,
        ),
        money("blokir_rp", "Bagian pagu yang diblokir (Rp); opsional, kosong = 0", "0", required=False, default=0),
    ),
    key=("kode_upt", "tahun_anggaran", "jenis_belanja"),
    aliases={"kode_satker": "kode_upt", "tahun": "tahun_anggaran"},
    references=(UNIT,),
)

REALISASI = Table(
    "realisasi",
    "Rencana (RPD) dan realisasi belanja bulanan",
    (
        kode_upt(),
        periode(),
        _jenis_belanja(),
        money(
            "rpd_rp", "Rencana penarikan dana bulan ini (Halaman III DIPA) (Rp); opsional", "120000000", required=False
        ),
        money("realisasi_rp", "Belanja yang terealisasi bulan ini (Rp)", "115000000"),
    ),
    key=("kode_upt", "periode", "jenis_belanja"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
    references=(UNIT,),
)
