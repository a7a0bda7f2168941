"""The instrument file: validation told in Indonesian, the default instrument, levels suggested by figures."""

from __future__ import annotations

import hashlib

import pytest

from lapas_metrics.evaluation import (
    DEFAULT_INSTRUMENT_FILE,
    NAIK,
    TIDAK_BERLAKU,
    TURUN,
    FigureRule,
    InstrumentError,
    default_instrument,
    instrument_digest,
    is_override,
    load_instrument,
    override_problem,
    suggested_level,
    suggestions,
)
from lapas_metrics.metrics import FIGURES

VALID = """\
versi = "uji_v1"
judul = "Instrumen uji"

[[bagian]]
kunci = "dasar_hukum"
judul = "Dasar hukum"
bobot = 2

[[bagian.butir]]
kode = "A1"
pertanyaan = "Ada keputusan penetapan?"
bobot = 1
skala = ["tidak ada", "usulan", "ada, belum sesuai", "sesuai, belum disosialisasikan", "sepenuhnya"]
bukti = "salinan keputusan"
sumber = "praktik pemeriksaan"

[[bagian.butir]]
kode = "A2"
pertanyaan = "PNBP mencapai target?"
bobot = 3
skala = ["tidak ada", "sedikit", "separuh", "tiga perempat", "tercapai"]
bukti = "rekap setoran"
sumber = "praktik pemeriksaan"
[bagian.butir.angka]
nama = "capaian_pnbp"
arah = "naik"
batas = [0.0, 0.5, 0.75, 1.0]
ketat = [1]
"""


def test_a_valid_instrument_loads() -> None:
    instrument = load_instrument(VALID)
    assert instrument.versi == "uji_v1"
    assert [section.kunci for section in instrument.sections] == ["dasar_hukum"]
    assert [item.kode for item in instrument.items] == ["A1", "A2"]
    assert instrument.item("A2").angka == FigureRule("capaian_pnbp", (0.0, 0.5, 0.75, 1.0), NAIK, frozenset({1}))
    assert instrument.section_of("A2").kunci == "dasar_hukum"
    assert instrument.digest == hashlib.sha256(VALID.encode("utf-8")).hexdigest() == instrument_digest(VALID)


def test_bytes_load_too_and_keep_the_digest_of_the_bytes() -> None:
    data = b"\xef\xbb\xbf" + VALID.encode("utf-8")
    assert load_instrument(data).digest == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        (
            'kode = "A2"',
            'kode = "A1"',
            "Butir A1: kode dipakai lebih dari satu butir; kode harus unik dalam instrumen.",
        ),
        ("bobot = 3", "bobot = 0", "Butir A2: bobot harus lebih dari 0 (tertulis 0)."),
        ("bobot = 3", "bobot = -1", "Butir A2: bobot harus lebih dari 0 (tertulis -1)."),
        ("bobot = 3", 'bobot = "tiga"', "Butir A2: bobot harus berupa angka lebih dari 0 (tertulis 'tiga')."),
        ("bobot = 2", "bobot = 0", "Bagian dasar_hukum: bobot harus lebih dari 0 (tertulis 0)."),
        (
            '"tiga perempat", "tercapai"]',
            '"tiga perempat"]',
            "Butir A2: skala harus berisi tepat 5 uraian untuk tingkat 0 sampai 4 (tertulis 4).",
        ),
        (
            '"tiga perempat", "tercapai"]',
            '"tiga perempat\\nlagi", "tercapai"]',
            "Butir A2: uraian tingkat 3 pada skala harus satu baris teks yang tidak kosong.",
        ),
        (
            '"tiga perempat", "tercapai"]',
            '"", "tercapai"]',
            "Butir A2: uraian tingkat 3 pada skala harus satu baris teks yang tidak kosong.",
        ),
        (
            'nama = "capaian_pnbp"',
            'nama = "capaian_pajak"',
            f"Butir A2: angka.nama 'capaian_pajak' bukan angka METRICS.md (yang dikenal: {', '.join(FIGURES)}).",
        ),
        (
            "batas = [0.0, 0.5, 0.75, 1.0]",
            "batas = [0.0, 0.75, 0.5, 1.0]",
            "Butir A2: angka.batas harus naik dari tingkat 1 ke tingkat 4 untuk arah 'naik' (tertulis [0.0, 0.75, 0.5, 1.0]).",
        ),
        (
            'arah = "naik"',
            'arah = "turun"',
            "Butir A2: angka.batas harus turun dari tingkat 1 ke tingkat 4 untuk arah 'turun' (tertulis [0.0, 0.5, 0.75, 1.0]).",
        ),
        (
            "batas = [0.0, 0.5, 0.75, 1.0]",
            "batas = [0.5, 0.75, 1.0]",
            "Butir A2: angka.batas harus berisi 4 angka, batas tingkat 1 sampai 4 (tertulis 3).",
        ),
        ('arah = "naik"', 'arah = "atas"', "Butir A2: angka.arah harus 'naik' atau 'turun' (tertulis 'atas')."),
        ("ketat = [1]", "ketat = [0]", "Butir A2: angka.ketat hanya boleh berisi tingkat 1 sampai 4 (tertulis [0])."),
        (
            'kunci = "dasar_hukum"',
            'kunci = "Dasar Hukum"',
            "Bagian ke-1: kunci harus huruf kecil, angka dan garis bawah, diawali huruf (tertulis 'Dasar Hukum').",
        ),
        ('kunci = "dasar_hukum"', 'kunci = ""', "Bagian ke-1: kunci wajib diisi."),
        ('sumber = "praktik pemeriksaan"\n[bagian', 'sumber = ""\n[bagian', "Butir A2: sumber wajib diisi."),
        (
            'bukti = "rekap setoran"',
            'bukti = "rekap setoran"\nbobott = 2',
            "Butir A2: kolom 'bobott' tidak dikenal "
            "(yang dikenal: kode, pertanyaan, bobot, skala, bukti, sumber, angka).",
        ),
        (
            'versi = "uji_v1"',
            'versi = "Uji versi 1"',
            "Instrumen: versi harus huruf kecil, angka dan garis bawah, diawali huruf (tertulis 'Uji versi 1').",
        ),
        (
            'bobot = 3\nskala = ["tidak ada", "sedikit"',
            'bobot = 3\nskala = ["tidak ada" "sedikit"',
            "Berkas instrumen tidak dapat dibaca sebagai TOML: ada kesalahan penulisan pada baris 21, kolom 22.",
        ),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else value,
)
def test_every_problem_is_one_indonesian_sentence(old: str, new: str, sentence: str) -> None:
    assert old in VALID
    with pytest.raises(InstrumentError) as raised:
        load_instrument(VALID.replace(old, new, 1))
    assert raised.value.problems == [sentence]
    assert str(raised.value) == sentence


def test_a_duplicate_section_key_is_refused() -> None:
    second = (
        VALID[VALID.index("[[bagian]]") :].replace('kode = "A1"', 'kode = "C1"').replace('kode = "A2"', 'kode = "C2"')
    )
    with pytest.raises(InstrumentError) as raised:
        load_instrument(VALID + "\n" + second)
    assert raised.value.problems == [
        "Bagian dasar_hukum: kunci dipakai lebih dari satu bagian; kunci harus unik dalam instrumen."
    ]


def test_every_problem_is_collected_not_only_the_first() -> None:
    broken = (
        VALID.replace("bobot = 3", "bobot = 0")
        .replace('kode = "A2"', 'kode = "A1"')
        .replace('nama = "capaian_pnbp"', 'nama = "tidak_ada"')
    )
    with pytest.raises(InstrumentError) as raised:
        load_instrument(broken)
    assert len(raised.value.problems) == 3
    assert str(raised.value) == "\n".join(raised.value.problems)


def test_an_instrument_without_sections_or_items_is_refused() -> None:
    with pytest.raises(InstrumentError) as raised:
        load_instrument('versi = "v1"\njudul = "x"\n')
    assert raised.value.problems == ["Instrumen: belum ada bagian; tulis setiap bagian sebagai [[bagian]]."]
    with pytest.raises(InstrumentError) as raised:
        load_instrument('versi = "v1"\njudul = "x"\n[[bagian]]\nkunci = "a"\njudul = "A"\nbobot = 1\n')
    assert raised.value.problems == ["Bagian a: belum ada butir; tulis setiap butir sebagai [[bagian.butir]]."]


def test_a_file_that_is_not_utf8_is_refused_in_indonesian() -> None:
    with pytest.raises(InstrumentError, match=r"^Berkas instrumen harus berupa teks UTF-8\.$"):
        load_instrument(b"versi = '\xff'")


# ------------------------------------------------------------------------------------- default instrument

SECTION_TITLES = [
    "Dasar hukum dan kelembagaan",
    "Sarana dan aset",
    "Warga binaan (WBP)",
    "Produksi dan pemasaran",
    "PNBP dan premi",
    "Kemitraan",
]


def test_the_default_instrument_has_the_six_sections_of_evaluation_md() -> None:
    instrument = default_instrument()
    assert instrument.versi == "instrumen_lapas_industri_v2"
    assert [section.judul for section in instrument.sections] == SECTION_TITLES
    assert all(3 <= len(section.items) <= 6 for section in instrument.sections)
    assert 20 <= len(instrument.items) <= 30


def test_the_default_instrument_has_figure_items_and_every_item_a_source() -> None:
    instrument = default_instrument()
    figures = [item.angka.nama for item in instrument.items if item.angka]
    assert len(figures) >= 6
    assert {"capaian_pnbp", "penyerapan", "tingkat_partisipasi", "partisipasi_iku", "kelengkapan"} <= set(figures)
    assert {"produksi_per_rupiah", "deviasi_rpd"} <= set(figures)
    assert all(item.sumber and item.bukti for item in instrument.items)


def test_the_default_instrument_keeps_the_digest_of_its_file() -> None:
    assert default_instrument().digest == hashlib.sha256(DEFAULT_INSTRUMENT_FILE.read_bytes()).hexdigest()


# The text of version 1 as the evaluations made with it stored it: the file stays as it was shipped.
V1_FILE = DEFAULT_INSTRUMENT_FILE.with_name("instrumen_lapas_industri_v1.toml")
V1_DIGEST = "c54dd6b03a3f2b5b15ff740520576150ee3c44d3b9a34b18f280154f4669a334"


def test_version_1_is_still_shipped_byte_for_byte_and_version_2_only_adds_figures() -> None:
    v1 = load_instrument(V1_FILE.read_bytes())
    assert (v1.versi, v1.digest) == ("instrumen_lapas_industri_v1", V1_DIGEST)
    v2 = default_instrument()
    assert [item.kode for item in v2.items] == [item.kode for item in v1.items]
    changed = {new.kode for old, new in zip(v1.items, v2.items, strict=True) if old != new}
    assert changed == {"B2.3", "B6.2"}
    for old, new in zip(v1.items, v2.items, strict=True):
        if new.kode in changed:
            assert old.angka is None and new.angka is not None
            assert (old.pertanyaan, old.skala, old.bobot) == (new.pertanyaan, new.skala, new.bobot)
    assert [(s.kunci, s.bobot) for s in v2.sections] == [(s.kunci, s.bobot) for s in v1.sections]


@pytest.mark.parametrize(
    ("kode", "figure", "value", "level"),
    [
        ("B2.3", "porsi_aset_menganggur", 0.0, 4),
        ("B2.3", "porsi_aset_menganggur", 0.1, 3),  # the aset_menganggur flag's threshold
        ("B2.3", "porsi_aset_menganggur", 0.2551, 2),  # Kuningan's feed mill in the demo
        ("B2.3", "porsi_aset_menganggur", 0.51, 1),
        ("B2.3", "porsi_aset_menganggur", 1.0, 0),  # nothing in use
        ("B6.2", "capaian_kontribusi", 1.09, 4),
        ("B6.2", "capaian_kontribusi", 0.9, 3),  # the kontribusi_kurang flag's threshold for a whole year
        ("B6.2", "capaian_kontribusi", 0.6, 2),  # Cikarang's partner in 2023 and 2024
        ("B6.2", "capaian_kontribusi", 0.01, 1),
        ("B6.2", "capaian_kontribusi", 0.0, 0),
    ],
)
def test_the_sarana_and_kemitraan_items_suggest_levels_from_the_partnership_figures(
    kode: str, figure: str, value: float, level: int
) -> None:
    item = next(item for item in default_instrument().items if item.kode == kode)
    assert item.angka is not None and item.angka.nama == figure
    assert suggested_level(item, {figure: value}) == level
    assert suggested_level(item, {figure: float("nan")}) is None  # a unit without assets or agreements


def test_the_default_capaian_pnbp_rule_is_the_one_of_evaluation_md() -> None:
    rule = next(item.angka for item in default_instrument().items if item.angka and item.angka.nama == "capaian_pnbp")
    assert rule.describe() == "capaian_pnbp ≥ 1 → 4; ≥ 0,75 → 3; ≥ 0,5 → 2; > 0 → 1; selain itu → 0"


# ------------------------------------------------------------------------------------- suggestions

CAPAIAN = FigureRule("capaian_pnbp", (0.0, 0.5, 0.75, 1.0), NAIK, frozenset({1}))
DEVIASI = FigureRule("deviasi_rpd", (0.5, 0.3, 0.2, 0.05), TURUN)


@pytest.mark.parametrize(
    ("value", "level"),
    [(1.2, 4), (1.0, 4), (0.9999, 3), (0.75, 3), (0.7499, 2), (0.5, 2), (0.4999, 1), (0.0001, 1), (0.0, 0), (-0.1, 0)],
)
def test_higher_is_better_suggestions_at_and_around_the_thresholds(value: float, level: int) -> None:
    assert CAPAIAN.level(value) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [(0.0, 4), (0.05, 4), (0.0501, 3), (0.2, 3), (0.2001, 2), (0.3, 2), (0.5, 1), (0.5001, 0), (2.0, 0)],
)
def test_lower_is_better_suggestions_at_and_around_the_thresholds(value: float, level: int) -> None:
    assert DEVIASI.level(value) == level


def test_a_strict_lower_is_better_threshold_excludes_its_value() -> None:
    strict = FigureRule("deviasi_rpd", (0.5, 0.3, 0.2, 0.05), TURUN, frozenset({4}))
    assert strict.level(0.05) == 3
    assert strict.level(0.0499) == 4


def test_suggested_level_reads_the_items_figure_from_a_row() -> None:
    instrument = load_instrument(VALID)
    item = instrument.item("A2")
    assert suggested_level(item, {"capaian_pnbp": 0.8, "penyerapan": 0.1}) == 3
    assert suggestions(instrument, {"capaian_pnbp": 0.8}) == {"A2": 3}


@pytest.mark.parametrize("row", [{}, {"capaian_pnbp": None}, {"capaian_pnbp": float("nan")}, {"capaian_pnbp": "0.8"}])
def test_an_empty_figure_suggests_nothing(row: dict[str, object]) -> None:
    instrument = load_instrument(VALID)
    assert suggested_level(instrument.item("A2"), row) is None
    assert suggestions(instrument, row) == {}


def test_an_item_without_a_figure_suggests_nothing() -> None:
    assert suggested_level(load_instrument(VALID).item("A1"), {"capaian_pnbp": 1.0}) is None


@pytest.mark.parametrize(
    ("tingkat", "saran", "override"),
    [(3, 3, False), (2, 3, True), (TIDAK_BERLAKU, 3, True), (None, 3, False), (2, None, False)],
)
def test_what_counts_as_an_override(tingkat: object, saran: int | None, override: bool) -> None:
    assert is_override(tingkat, saran) is override  # type: ignore[arg-type]


def test_an_override_needs_a_reason() -> None:
    assert override_problem("B5.1", 2, 3, "  ") == (
        "Butir B5.1: jawaban tingkat 2 berbeda dari tingkat 3 yang disarankan data; tuliskan alasannya di catatan."
    )
    assert override_problem("B5.1", TIDAK_BERLAKU, 3, None) == (
        "Butir B5.1: jawaban tidak berlaku berbeda dari tingkat 3 yang disarankan data; tuliskan alasannya di catatan."
    )
    assert override_problem("B5.1", 2, 3, "Target PNBP diubah pada triwulan III.") is None
    assert override_problem("B5.1", 3, 3, "") is None
    assert override_problem("B5.1", 1, 3, "", where="kolom alasan") == (
        "Butir B5.1: jawaban tingkat 1 berbeda dari tingkat 3 yang disarankan data; tuliskan alasannya di kolom alasan."
    )
