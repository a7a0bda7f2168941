"""What an auditor asks for: the budget modes and the Criteria of a selection, in words for the page and the working paper."""

from __future__ import annotations

from dataclasses import dataclass, field

from lapas_metrics import fmt, metrics, views
from lapas_metrics.audit.labels import FLAG_LABELS

BUDGET_MODES: dict[str, str] = {
    "persentil": "Pagu efektif ≥ persentil UPT se-kanwil",
    "nominal": "Pagu efektif ≥ jumlah tertentu",
    "top_pagu": "N pagu efektif terbesar",
    "top_apbnp": "N tambahan APBN-P terbesar",
}


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
    def amount_column(self) -> str:
        """The amount the budget criterion is about, which the result is sorted by and shows after the
        name: tambahan_apbnp_rp for "top_apbnp", pagu_efektif_rp for the other three."""
        return "tambahan_apbnp_rp" if self.mode == "top_apbnp" else "pagu_efektif_rp"

    @property
    def order_text(self) -> str:
        """The order of the result in words: 'Tambahan APBN-P terbesar dahulu, lalu nama UPT'."""
        return f"{views.label(self.amount_column)} terbesar dahulu, lalu nama UPT"

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
            ("Urutan", f"{self.order_text}, kode UPT dan tahun"),
        ]
