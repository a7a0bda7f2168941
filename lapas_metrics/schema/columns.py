"""Column kinds, their DuckDB types, and the records a table is declared with: Column, Reference, Table."""

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
NOMOR = "nomor"  # an agreement's number or an asset's code: 2-64 characters, compared case-insensitively

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
    NOMOR: "VARCHAR",
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
    minimum: float | None = None  # inclusive lower bound for numbers (for a year: its first year, default 2000)
    maximum: float | None = None  # inclusive upper bound for numbers
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
class Reference:
    """A column whose value must be the key of a row of another table (a one-column key of the same name)."""

    column: str
    table: str
    listed_in: str  # Indonesian, where an unknown value is not: "daftar UPT"


# Rules across the columns of a row, declared on the table; ingest/rules.py applies them, each the same way
# for every table that declares it.


@dataclass(frozen=True)
class SumsTo:
    """The columns of a row add up to `total`, within `tolerance` (an error naming the row and the values)."""

    columns: tuple[str, ...]
    total: float
    tolerance: float


@dataclass(frozen=True)
class WarnAbove:
    """A value above `limit` when `when_column` is one of `when` is a warning, not an error: the file is saved."""

    column: str
    limit: float
    when_column: str
    when: tuple[str, ...]
    reason: str  # Indonesian, why the limit: "PP 28/2020 membatasi BGS, BSG dan KSP paling lama 30 tahun"


@dataclass(frozen=True)
class DefaultWhen:
    """An empty `column` is `then` when `when_column` is one of `when`, else `otherwise`."""

    column: str
    when_column: str
    when: tuple[str, ...]
    then: object
    otherwise: object


@dataclass(frozen=True)
class YearInTerm:
    """`column` (a year) has a day inside the term of the agreement the row names through `via`
    (kemitraan: from tanggal_mulai for jangka_tahun years, schema.term_end)."""

    column: str
    via: str


@dataclass(frozen=True)
class SameUnit:
    """When `via` names a row of its table, that row's kode_upt is the row's own."""

    via: str


Rule = SumsTo | WarnAbove | DefaultWhen | YearInTerm | SameUnit


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # Indonesian name shown in the UI
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    rules: tuple[Rule, ...] = ()
    noun: str = ""  # Indonesian, what one key names in a sentence ("UPT", "perjanjian"); for referenced tables

    @property
    def unit_reference(self) -> Reference | None:
        """How a row reaches its UPT: None when it holds kode_upt itself, else the reference to the table that does."""
        if "kode_upt" in self.column_names:
            return None
        return self.references[0]

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
