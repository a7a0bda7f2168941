"""The score of an evaluation (EVALUATION.md) worked out by hand: sections, total, predikat, the points lost."""

from __future__ import annotations

import math

import pytest

from lapas_metrics.evaluation import (
    TIDAK_BERLAKU,
    Answer,
    AnswerError,
    item_score,
    load_instrument,
    lost_points,
    nilai_evaluasi,
    parse_tingkat,
    predikat,
    score_columns,
    score_row,
    section_scores,
)

SCALE = 'skala = ["tidak ada", "sedikit", "sebagian", "sebagian besar", "sepenuhnya"]\nbukti = "dokumen"\nsumber = "praktik pemeriksaan"'


def instrument_text(sections: list[tuple[str, float, list[tuple[str, float]]]]) -> str:
    """A small instrument: (kunci, bobot, [(kode, bobot), ...]) per section."""
    parts = ['versi = "uji_v1"', 'judul = "Uji"']
    for kunci, bobot, items in sections:
        parts.append(f'[[bagian]]\nkunci = "{kunci}"\njudul = "Bagian {kunci}"\nbobot = {bobot}')
        for kode, item_weight in items:
            parts.append(
                f'[[bagian.butir]]\nkode = "{kode}"\npertanyaan = "Butir {kode}?"\nbobot = {item_weight}\n{SCALE}'
            )
    return "\n".join(parts)


# Section a (weight 2): A1 w1, A2 w3, A3 w1; section b (weight 1): B1 w2, B2 w2; section c (weight 1): C1 w1.
INSTRUMENT = load_instrument(
    instrument_text(
        [
            ("a", 2, [("A1", 1), ("A2", 3), ("A3", 1)]),
            ("b", 1, [("B1", 2), ("B2", 2)]),
            ("c", 1, [("C1", 1)]),
        ]
    )
)
# A3 not applicable, B2 not answered yet, section c has no answer at all.
ANSWERS = [
    Answer("A1", 4),
    Answer("A2", 2),
    Answer("A3", TIDAK_BERLAKU),
    Answer("B1", 0),
    Answer("B2", None),
]
# By hand:
#   a = 100 × (1 × 4/4 + 3 × 2/4) / (1 + 3) = 100 × 2.5 / 4 = 62.5      (A3 left out: not applicable)
#   b = 100 × (2 × 0/4) / 2 = 0                                         (B2 left out: not answered)
#   c = empty (no item answered and applicable)
#   nilai_evaluasi = (2 × 62.5 + 1 × 0) / (2 + 1) = 125 / 3 = 41.666…  (c left out)   -> Berkembang
SECTION_A, SECTION_B, TOTAL = 62.5, 0.0, 125 / 3


def test_item_score_is_the_level_over_four() -> None:
    assert [item_score(level) for level in (0, 1, 2, 3, 4)] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert item_score(TIDAK_BERLAKU) is None
    assert item_score(None) is None


def test_section_scores_leave_out_not_applicable_and_unanswered_items() -> None:
    scores = section_scores(INSTRUMENT, ANSWERS)
    assert scores["kunci"].tolist() == ["a", "b", "c"]
    assert scores["nilai"].iloc[0] == pytest.approx(SECTION_A)
    assert scores["nilai"].iloc[1] == pytest.approx(SECTION_B)
    assert math.isnan(scores["nilai"].iloc[2])
    assert scores["butir"].tolist() == [3, 2, 1]
    assert scores["dijawab"].tolist() == [3, 1, 0]
    assert scores["tidak_berlaku"].tolist() == [1, 0, 0]


def test_the_total_weighs_the_sections_that_have_a_score() -> None:
    assert nilai_evaluasi(INSTRUMENT, ANSWERS) == pytest.approx(TOTAL)


def test_the_weights_matter() -> None:
    """With equal item weights section a would be 75 and the total 50: the unequal weights are applied."""
    equal = load_instrument(instrument_text([("a", 1, [("A1", 1), ("A2", 1)]), ("b", 1, [("B1", 1)])]))
    assert nilai_evaluasi(equal, [Answer("A1", 4), Answer("A2", 2), Answer("B1", 0)]) == pytest.approx(37.5)


def test_score_row_holds_the_columns_of_evaluasi_nilai() -> None:
    row = score_row(INSTRUMENT, ANSWERS)
    assert list(row) == score_columns(INSTRUMENT) == ["nilai_a", "nilai_b", "nilai_c", "nilai_evaluasi", "predikat"]
    assert row["nilai_a"] == pytest.approx(SECTION_A)
    assert row["nilai_c"] is None
    assert row["nilai_evaluasi"] == pytest.approx(TOTAL)
    assert row["predikat"] == "Berkembang"


def test_nothing_answered_gives_no_score_and_no_predikat() -> None:
    assert nilai_evaluasi(INSTRUMENT, []) is None
    row = score_row(INSTRUMENT, [Answer("A1", TIDAK_BERLAKU)])
    assert row["nilai_a"] is None and row["nilai_evaluasi"] is None and row["predikat"] is None


def test_answers_may_be_given_as_a_mapping() -> None:
    assert nilai_evaluasi(INSTRUMENT, {answer.kode: answer for answer in ANSWERS}) == pytest.approx(TOTAL)


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        (0.0, "Rintisan"),
        (39.99, "Rintisan"),
        (40.0, "Berkembang"),
        (59.99, "Berkembang"),
        (59.996, "Berkembang"),  # shown as 60,00 but below 60: the unrounded score decides
        (60.0, "Terdefinisi"),
        (79.99, "Terdefinisi"),
        (80.0, "Terkelola"),
        (89.99, "Terkelola"),
        (90.0, "Optimum"),
        (100.0, "Optimum"),
    ],
)
def test_predikat_at_each_boundary(nilai: float, expected: str) -> None:
    assert predikat(nilai) == expected


def test_no_score_has_no_predikat() -> None:
    assert predikat(None) is None
    assert predikat(float("nan")) is None


def test_a_score_exactly_at_a_boundary_is_not_lost_to_float_noise() -> None:
    """Weights 0.1, 0.2, 0.7 at levels 0, 4, 4 are exactly 90; plain floats give 89.99999999999999."""
    noisy = load_instrument(instrument_text([("a", 1, [("A1", 0.1), ("A2", 0.2), ("A3", 0.7)])]))
    answers = [Answer("A1", 0), Answer("A2", 4), Answer("A3", 4)]
    assert 100 * (0.1 * 0 + 0.2 * 1 + 0.7 * 1) / (0.1 + 0.2 + 0.7) < 90
    assert nilai_evaluasi(noisy, answers) == 90.0
    assert score_row(noisy, answers)["predikat"] == "Optimum"


def test_lost_points_list_the_items_that_pulled_the_score_down() -> None:
    """poin_hilang = 100 × section share × item share × (1 − item score):
    B1: 100 × 1/3 × 2/2 × 1   = 33.33…;  A2: 100 × 2/3 × 3/4 × 0.5 = 25;  A1 (level 4) lost nothing."""
    lost = lost_points(INSTRUMENT, ANSWERS)
    assert lost["kode"].tolist() == ["B1", "A2"]
    assert lost["kunci"].tolist() == ["b", "a"]
    assert lost["tingkat"].tolist() == [0, 2]
    assert lost["poin_hilang"].tolist() == pytest.approx([100 / 3, 25.0])
    assert lost["poin_hilang"].sum() + TOTAL == pytest.approx(100)


def test_lost_points_ties_keep_the_instrument_order() -> None:
    twins = load_instrument(instrument_text([("a", 1, [("A1", 1), ("A2", 1), ("A3", 1)])]))
    lost = lost_points(twins, [Answer("A3", 2), Answer("A1", 2), Answer("A2", 4)])
    assert lost["kode"].tolist() == ["A1", "A3"]


def test_nothing_lost_is_an_empty_frame_with_the_columns() -> None:
    lost = lost_points(INSTRUMENT, [Answer("A1", 4)])
    assert lost.empty
    assert list(lost.columns) == ["kode", "kunci", "pertanyaan", "tingkat", "nilai_butir", "poin_hilang"]


def test_an_answer_to_an_unknown_item_or_twice_is_refused() -> None:
    with pytest.raises(AnswerError, match=r"^Butir Z9 tidak ada dalam instrumen uji_v1\.$"):
        nilai_evaluasi(INSTRUMENT, [Answer("Z9", 3)])
    with pytest.raises(AnswerError, match=r"^Butir A1 dijawab lebih dari sekali\.$"):
        nilai_evaluasi(INSTRUMENT, [Answer("A1", 3), Answer("A1", 4)])


@pytest.mark.parametrize("tingkat", [5, -1, True, "3", 2.5, "tb"])
def test_an_answer_holds_only_the_levels_or_tidak_berlaku(tingkat: object) -> None:
    with pytest.raises(AnswerError, match=r"^Butir A1: tingkat harus 0, 1, 2, 3, 4 atau tidak_berlaku"):
        Answer("A1", tingkat)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3, 3),
        (0, 0),
        (4.0, 4),
        (" 2 ", 2),
        ("tidak_berlaku", TIDAK_BERLAKU),
        ("Tidak Berlaku", TIDAK_BERLAKU),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_tingkat_reads_kke_and_csv_cells(cell: object, expected: object) -> None:
    assert parse_tingkat(cell) == expected


@pytest.mark.parametrize("cell", [5, "5", "-1", 2.5, "baik", True])
def test_parse_tingkat_refuses_anything_else_in_indonesian(cell: object) -> None:
    with pytest.raises(AnswerError, match=r"^Butir B2\.3: tingkat harus 0, 1, 2, 3, 4 atau tidak_berlaku \(tertulis "):
        parse_tingkat(cell, "B2.3")
