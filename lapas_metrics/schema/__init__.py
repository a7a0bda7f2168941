"""The twelve tables of spec/DATA.md as records (columns, keys, references, rules), re-exported for every caller."""

from __future__ import annotations

from lapas_metrics.schema.columns import (
    BIDANG,
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    DUCKDB_TYPES,
    INT,
    JENIS,
    JENIS_BELANJA,
    JENIS_BELANJA_NAMES,
    KELAS,
    KODE,
    MONEY,
    MONEY_MAX,
    NOMOR,
    NTPN,
    PERIOD,
    TEXT,
    YEAR,
    Column,
    DefaultWhen,
    Reference,
    Rule,
    SameUnit,
    SumsTo,
    Table,
    WarnAbove,
    YearInTerm,
)
from lapas_metrics.schema.partnership import (
    ASET,
    ATURAN_PREMI,
    KATEGORI_ASET,
    KEMITRAAN,
    KONDISI,
    LAPORAN_MITRA,
    SKEMA,
    SKEMA_30_TAHUN,
    SKEMA_SERAH_TERIMA,
    STATUS_ASET,
    SUMBER_DANA,
    term_end,
)
from lapas_metrics.schema.tables import ANGGARAN, PARTISIPASI, PNBP, PRODUKSI, REALISASI, TARGET_PNBP, UPT

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        UPT,
        PRODUKSI,
        PARTISIPASI,
        PNBP,
        TARGET_PNBP,
        ANGGARAN,
        REALISASI,
        KEMITRAAN,
        LAPORAN_MITRA,
        ASET,
        STATUS_ASET,
        ATURAN_PREMI,
    )
}
# Tables whose rows name a UPT themselves: an upload of them checks kode_upt against `upt`. (laporan_mitra and
# status_aset reach their unit through the agreement or the asset they name: Table.unit_reference.)
FACT_TABLES = tuple(name for name, t in TABLES.items() if any(ref.table == "upt" for ref in t.references))


def _load_order() -> tuple[str, ...]:
    """The tables in TABLES order, each moved after the tables it references (a load of data/demo follows it)."""
    placed: list[str] = []

    def place(name: str) -> None:
        if name not in placed:
            for ref in TABLES[name].references:
                place(ref.table)
            placed.append(name)

    for name in TABLES:
        place(name)
    return tuple(placed)


LOAD_ORDER = _load_order()


def referrers(name: str) -> list[tuple[Table, Reference]]:
    """The (table, reference) pairs whose rows name a row of table `name`."""
    return [(t, ref) for t in TABLES.values() for ref in t.references if ref.table == name]


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


__all__ = [
    "ANGGARAN",
    "ASET",
    "ATURAN_PREMI",
    "BIDANG",
    "BOOL",
    "CHOICE",
    "DATE",
    "DECIMAL",
    "DUCKDB_TYPES",
    "FACT_TABLES",
    "INT",
    "JENIS",
    "JENIS_BELANJA",
    "JENIS_BELANJA_NAMES",
    "KATEGORI_ASET",
    "KELAS",
    "KEMITRAAN",
    "KODE",
    "KONDISI",
    "LAPORAN_MITRA",
    "LOAD_ORDER",
    "MONEY",
    "MONEY_MAX",
    "NOMOR",
    "NTPN",
    "PARTISIPASI",
    "PERIOD",
    "PNBP",
    "PRODUKSI",
    "REALISASI",
    "SKEMA",
    "SKEMA_30_TAHUN",
    "SKEMA_SERAH_TERIMA",
    "STATUS_ASET",
    "SUMBER_DANA",
    "TABLES",
    "TARGET_PNBP",
    "TEXT",
    "UPLOAD_LOG_COLUMNS",
    "UPT",
    "YEAR",
    "Column",
    "DefaultWhen",
    "Reference",
    "Rule",
    "SameUnit",
    "SumsTo",
    "Table",
    "WarnAbove",
    "YearInTerm",
    "get_table",
    "referrers",
    "term_end",
]
