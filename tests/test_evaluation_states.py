"""The states of an evaluation: the moves each team role may make, edits only in draf, corrections of a final one."""

from __future__ import annotations

import pytest

from lapas_metrics.evaluation import (
    ANGGOTA,
    DIREVIU,
    DRAF,
    FINAL,
    KETUA_TIM,
    PENGENDALI_MUTU,
    PENGENDALI_TEKNIS,
    ROLES,
    STATES,
    StateError,
    allowed_targets,
    can_edit,
    check_correction,
    check_edit,
    check_team,
    check_transition,
    team_problems,
)

ALLOWED = {
    (DRAF, DIREVIU, PENGENDALI_TEKNIS),
    (DIREVIU, DRAF, PENGENDALI_TEKNIS),
    (DIREVIU, FINAL, PENGENDALI_MUTU),
}


@pytest.mark.parametrize(("status", "target", "role"), sorted(ALLOWED))
def test_the_allowed_moves(status: str, target: str, role: str) -> None:
    check_transition(status, target, role)


@pytest.mark.parametrize(
    ("status", "target", "role"),
    [
        (status, target, role)
        for status in STATES
        for target in STATES
        for role in [*ROLES, None]
        if status != target and (status, target, role) not in ALLOWED
    ],
)
def test_every_other_move_is_refused(status: str, target: str, role: str | None) -> None:
    with pytest.raises(StateError):
        check_transition(status, target, role)


@pytest.mark.parametrize(
    ("status", "target", "role", "sentence"),
    [
        (DRAF, DIREVIU, KETUA_TIM, "Hanya pengendali teknis tim evaluasi ini yang dapat menyatakan evaluasi direviu."),
        (
            DIREVIU,
            FINAL,
            PENGENDALI_TEKNIS,
            "Hanya pengendali mutu tim evaluasi ini yang dapat menetapkan evaluasi final.",
        ),
        (
            DIREVIU,
            DRAF,
            PENGENDALI_MUTU,
            "Hanya pengendali teknis tim evaluasi ini yang dapat mengembalikan evaluasi ke draf.",
        ),
        (DRAF, FINAL, PENGENDALI_MUTU, "Evaluasi berstatus draf tidak dapat diubah menjadi final."),
        (
            FINAL,
            DRAF,
            PENGENDALI_TEKNIS,
            "Evaluasi sudah final dan tidak dapat diubah; buat versi koreksi bila perlu diperbaiki.",
        ),
        (DRAF, "selesai", PENGENDALI_TEKNIS, "Status 'selesai' tidak dikenal (pilihan: draf, direviu, final)."),
    ],
)
def test_a_refused_move_says_why_in_indonesian(status: str, target: str, role: str, sentence: str) -> None:
    with pytest.raises(StateError) as raised:
        check_transition(status, target, role)
    assert str(raised.value) == sentence


def test_allowed_targets_give_the_buttons_of_a_role() -> None:
    assert allowed_targets(DRAF, PENGENDALI_TEKNIS) == [DIREVIU]
    assert allowed_targets(DIREVIU, PENGENDALI_TEKNIS) == [DRAF]
    assert allowed_targets(DIREVIU, PENGENDALI_MUTU) == [FINAL]
    assert allowed_targets(FINAL, PENGENDALI_MUTU) == []
    assert allowed_targets(DRAF, ANGGOTA) == []


@pytest.mark.parametrize(
    ("status", "role", "allowed"),
    [
        (DRAF, KETUA_TIM, True),
        (DRAF, ANGGOTA, True),
        (DRAF, PENGENDALI_TEKNIS, False),
        (DRAF, None, False),
        (DIREVIU, KETUA_TIM, False),
        (FINAL, KETUA_TIM, False),
    ],
)
def test_only_the_field_team_edits_and_only_in_draf(status: str, role: str | None, allowed: bool) -> None:
    assert can_edit(status, role) is allowed
    if allowed:
        check_edit(status, role)
    else:
        with pytest.raises(StateError):
            check_edit(status, role)


@pytest.mark.parametrize(
    ("status", "role", "sentence"),
    [
        (FINAL, KETUA_TIM, "Evaluasi sudah final dan tidak dapat diubah; buat versi koreksi bila perlu diperbaiki."),
        (
            DIREVIU,
            ANGGOTA,
            "Evaluasi sudah direviu; pengendali teknis perlu mengembalikannya ke draf sebelum diubah.",
        ),
        (DRAF, PENGENDALI_MUTU, "Hanya ketua tim dan anggota tim evaluasi ini yang dapat mengubah jawaban."),
    ],
)
def test_a_refused_edit_says_why(status: str, role: str, sentence: str) -> None:
    with pytest.raises(StateError) as raised:
        check_edit(status, role)
    assert str(raised.value) == sentence


def test_a_correction_is_made_only_of_a_final_evaluation_not_yet_replaced() -> None:
    check_correction(FINAL)
    with pytest.raises(StateError, match=r"^Hanya evaluasi final yang dikoreksi"):
        check_correction(DRAF)
    with pytest.raises(StateError, match=r"^Evaluasi ini sudah dikoreksi oleh versi 7; koreksi versi terbaru\.$"):
        check_correction(FINAL, replaced_by=7)


def test_a_full_team_may_start() -> None:
    team = {"andi": KETUA_TIM, "budi": ANGGOTA, "cici": ANGGOTA, "dedi": PENGENDALI_TEKNIS, "euis": PENGENDALI_MUTU}
    assert team_problems(team) == []
    check_team(team)


def test_a_team_needs_one_of_each_single_role() -> None:
    team = {"andi": KETUA_TIM, "budi": KETUA_TIM, "dedi": PENGENDALI_TEKNIS, "fajar": "auditor"}
    assert team_problems(team) == [
        "Peran 'auditor' untuk fajar tidak dikenal (pilihan: ketua_tim, anggota, pengendali_teknis, pengendali_mutu).",
        "Tim harus memiliki tepat satu ketua tim (tertulis 2).",
        "Tim harus memiliki tepat satu pengendali mutu (tertulis 0).",
    ]
    with pytest.raises(StateError, match=r"^Peran 'auditor'"):
        check_team(team)
