"""The seven tables of spec/DATA.md: columns, types, keys, allowed values and header aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. The importer parses and checks each kind; the store maps it to a DuckDB type.
KODE = "kode"  # kode_upt: 2-32 chars of A-Z a-z 0-9 . _ -, compared case-insensitively
TEXT = "text"
CHOICE = "choice"  # one of Column.choices, matched case-insensitively
INT = "int"
DECIMAL = "decimal"
MONEY = "money"  # rupiah, exact to the sen: DECIMAL(18,2) in DuckDB
BOOL = "bool"
PERIOD = "period"  # a month, stored as the DATE of its first day
DATE = "date"
YEAR = "year"
NTPN = "ntpn"  # 16 chars of A-Z 0-9
JENIS_BELANJA = "jenis_belanja"  # 51, 52, 53

DUCKDB_TYPES = {
    KODE: "VARCHAR",
    TEXT: "VARCHAR",
    CHOICE: "VARCHAR",
    INT: "BIGINT",
    DECIMAL: "DOUBLE",
    MONEY: "DECIMAL(18,2)",
    BOOL: "BOOLEAN",
    PERIOD: "DATE",
    DATE: "DATE",
    YEAR: "INTEGER",
    NTPN: "VARCHAR",
    JENIS_BELANJA: "VARCHAR",
}

# Largest money value a row may carry: below 2**53 sen, so a float64 in a frame still
# holds it exactly to the sen, and well inside DECIMAL(18,2).
MONEY_MAX = 10_000_000_000_000  # Rp 10 T

JENIS = ("Lapas", "Rutan", "LPKA")
KELAS = ("I", "II", "IIA", "IIB", "III")
BIDANG = (
    "Agribisnis",
    "Pangan",
    "Tekstil & Garmen",
    "Kerajinan",
    "Manufaktur",
    "Percetakan",
    "Jasa",
    "Lainnya",
)
# Kode, short name and the words an operator may write for a type of spending (DIPA).
JENIS_BELANJA_NAMES = {
    "51": ("Belanja Pegawai", ("pegawai", "belanja pegawai", "51")),
    "52": ("Belanja Barang", ("barang", "belanja barang", "52")),
    "53": ("Belanja Modal", ("modal", "belanja modal", "53")),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    minimum: float | None = None  # inclusive lower bound for numbers
    positive: bool = False  # strictly > 0 (pnbp.jumlah_rp)
    choices: tuple[str, ...] = ()
    default: object = None  # value for an optional column left empty (None = NULL)
    unit: str = ""
    description: str = ""  # Indonesian, shown on templates
    example: str = ""

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # Indonesian name shown in the UI
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _kode_upt() -> Column:
    return Column(
        "kode_upt",
        KODE,
        description="Kode UPT (2–32 huruf, angka, titik, garis bawah atau tanda minus); harus ada di daftar UPT",
        example="LPIISKM",
    )


def _periode() -> Column:
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


def _money(name: str, description: str, example: str, required: bool = True, **kw) -> Column:
    return Column(name, MONEY, required=required, minimum=0, unit="Rp", description=description, example=example, **kw)


def _count(name: str, description: str, example: str, required: bool = True) -> Column:
    return Column(name, INT, required=required, minimum=0, unit="orang", description=description, example=example)


UPT = Table(
    "upt",
    "Daftar UPT",
    (
        _kode_upt(),
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
)

PRODUKSI = Table(
    "produksi",
    "Produksi bulanan",
    (
        _kode_upt(),
        _periode(),
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
        _money("nilai_produksi_rp", "Nilai barang yang diproduksi (Rp)", "18000000"),
        _money(
            "nilai_penjualan_rp",
            "Penjualan (omzet) yang dibukukan bulan ini (Rp); opsional, kosong = 0",
            "12500000",
            required=False,
            default=0,
        ),
    ),
    key=("kode_upt", "periode", "bidang", "produk"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
)

PARTISIPASI = Table(
    "partisipasi",
    "Partisipasi WBP bulanan",
    (
        _kode_upt(),
        _periode(),
        _count("jumlah_penghuni", "Jumlah penghuni pada akhir bulan", "1450"),
        _count(
            "napi_asimilasi",
            "Narapidana yang memenuhi syarat asimilasi (penyebut IKU); opsional",
            "600",
            required=False,
        ),
        _count("wbp_bekerja", "WBP yang bekerja di kegiatan industri; tidak boleh melebihi jumlah_penghuni", "320"),
        _count("wbp_pelatihan", "WBP yang mengikuti pelatihan kerja bulan ini", "40"),
        _count("wbp_bersertifikat", "WBP yang menerima sertifikat keterampilan bulan ini", "12"),
        _money("premi_dibayar_rp", "Premi yang dibayarkan kepada WBP yang bekerja (Rp)", "9600000"),
    ),
    key=("kode_upt", "periode"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
)

PNBP = Table(
    "pnbp",
    "Setoran PNBP",
    (
        _kode_upt(),
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
    ),
    key=("ntpn",),
    aliases={"kode_satker": "kode_upt"},
)

TARGET_PNBP = Table(
    "target_pnbp",
    "Target PNBP tahunan",
    (
        _kode_upt(),
        Column("tahun_anggaran", YEAR, description="Tahun anggaran", example="2017"),
        _money("target_pnbp_rp", "Target PNBP setahun (Rp)", "30000000"),
    ),
    key=("kode_upt", "tahun_anggaran"),
    aliases={"kode_satker": "kode_upt", "tahun": "tahun_anggaran"},
)

ANGGARAN = Table(
    "anggaran",
    "Pagu anggaran (DIPA)",
    (
        _kode_upt(),
        Column("tahun_anggaran", YEAR, description="Tahun anggaran", example="2017"),
        _jenis_belanja(),
        _money("pagu_awal_rp", "Pagu awal (APBN / DIPA awal) (Rp)", "1500000000"),
        _money(
            "pagu_apbnp_rp",
            "Pagu setelah APBN-P / revisi (Rp); opsional, kosong = tidak ada revisi",
            "2100000000",
            required=False,
        ),
        _money("blokir_rp", "Bagian pagu yang diblokir (Rp); opsional, kosong = 0", "0", required=False, default=0),
    ),
    key=("kode_upt", "tahun_anggaran", "jenis_belanja"),
    aliases={"kode_satker": "kode_upt", "tahun": "tahun_anggaran"},
)

REALISASI = Table(
    "realisasi",
    "Rencana (RPD) dan realisasi belanja bulanan",
    (
        _kode_upt(),
        _periode(),
        _jenis_belanja(),
        _money(
            "rpd_rp", "Rencana penarikan dana bulan ini (Halaman III DIPA) (Rp); opsional", "120000000", required=False
        ),
        _money("realisasi_rp", "Belanja yang terealisasi bulan ini (Rp)", "115000000"),
    ),
    key=("kode_upt", "periode", "jenis_belanja"),
    aliases={"kode_satker": "kode_upt", "bulan": "periode"},
)

TABLES: dict[str, Table] = {t.name: t for t in (UPT, PRODUKSI, PARTISIPASI, PNBP, TARGET_PNBP, ANGGARAN, REALISASI)}
# Tables whose rows point at a UPT: an upload of them checks kode_upt against `upt`.
FACT_TABLES = tuple(name for name in TABLES if name != "upt")


# The upload log (store table `unggahan`): one row per batch. The first nine columns are what a
# working paper cites as its sources; then what the importer warned, when it was undone, and the rows
# the batch found equal to the stored ones (DATA.md `baris_sama`; NULL for batches from before v4).
UPLOAD_LOG_COLUMNS = [
    "batch_id",
    "tabel",
    "nama_file",
    "sha256",
    "baris_baru",
    "baris_diganti",
    "waktu",
    "pengguna",
    "status",
    "peringatan",
    "waktu_batal",
    "baris_sama",
]


def get_table(name: str) -> Table:
    """The table called `name` (case-insensitive); KeyError with the allowed names otherwise."""
    table = TABLES.get(name.strip().lower())
    if table is None:
        raise KeyError(f"Tabel '{name}' tidak dikenal. Pilihan: {', '.join(TABLES)}")
    return table
