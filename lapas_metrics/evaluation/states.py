"""The states of an evaluation (draf -> direviu -> final), the team's roles and who may do what, as pure checks."""

from __future__ import annotations

from collections.abc import Mapping

DRAF, DIREVIU, FINAL = "draf", "direviu", "final"
STATES = (DRAF, DIREVIU, FINAL)
STATE_LABELS = {DRAF: "Draf", DIREVIU: "Direviu", FINAL: "Final"}

KETUA_TIM, ANGGOTA, PENGENDALI_TEKNIS, PENGENDALI_MUTU = "ketua_tim", "anggota", "pengendali_teknis", "pengendali_mutu"
ROLES = (KETUA_TIM, ANGGOTA, PENGENDALI_TEKNIS, PENGENDALI_MUTU)
ROLE_LABELS = {
    KETUA_TIM: "ketua tim",
    ANGGOTA: "anggota",
    PENGENDALI_TEKNIS: "pengendali teknis",
    PENGENDALI_MUTU: "pengendali mutu",
}
# Roles held by exactly one person in a team; anggota may be none or many.
SINGLE_ROLES = (KETUA_TIM, PENGENDALI_TEKNIS, PENGENDALI_MUTU)

# (from, to) -> the team role that may make the move. The pengendali teknis reviews a draft and may send a
# reviewed one back; only the pengendali mutu signs off. A final evaluation never moves: a correction is a
# new evaluation (a new version in draf) pointing to the one it replaces.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAF, DIREVIU): PENGENDALI_TEKNIS,
    (DIREVIU, DRAF): PENGENDALI_TEKNIS,
    (DIREVIU, FINAL): PENGENDALI_MUTU,
}
# Who may change answers, notes and evidence: the field team, and only in draf.
EDITORS = (KETUA_TIM, ANGGOTA)


class StateError(ValueError):
    """A move or an edit the state or the role does not allow; the message is one Indonesian sentence."""


def team_problems(team: Mapping[str, str]) -> list[str]:
    """The problems of a team (user -> role), one Indonesian sentence each; [] when it may start.

    Exactly one ketua tim, one pengendali teknis and one pengendali mutu, any number of anggota, every role
    known; a user holds one role, so the one who reviews or signs off is not the one who answered."""
    problems = [
        f"Peran {role!r} untuk {user} tidak dikenal (pilihan: {', '.join(ROLES)})."
        for user, role in team.items()
        if role not in ROLES
    ]
    for role in SINGLE_ROLES:
        holders = [user for user, held in team.items() if held == role]
        if len(holders) != 1:
            problems.append(f"Tim harus memiliki tepat satu {ROLE_LABELS[role]} (tertulis {len(holders)}).")
    return problems


def check_team(team: Mapping[str, str]) -> None:
    """Raise StateError with the team's problems (see team_problems) when there are any."""
    problems = team_problems(team)
    if problems:
        raise StateError(" ".join(problems))


def check_transition(status: str, target: str, role: str | None) -> None:
    """Raise StateError unless the role (the acting user's role in this evaluation's team, None when not in
    it) may move an evaluation from status to target. See TRANSITIONS."""
    _check_state(status)
    _check_state(target)
    if status == FINAL:
        raise StateError("Evaluasi sudah final dan tidak dapat diubah; buat versi koreksi bila perlu diperbaiki.")
    needed = TRANSITIONS.get((status, target))
    if needed is None:
        raise StateError(f"Evaluasi berstatus {status} tidak dapat diubah menjadi {target}.")
    if role != needed:
        action = {
            (DRAF, DIREVIU): "menyatakan evaluasi direviu",
            (DIREVIU, DRAF): "mengembalikan evaluasi ke draf",
            (DIREVIU, FINAL): "menetapkan evaluasi final",
        }[(status, target)]
        raise StateError(f"Hanya {ROLE_LABELS[needed]} tim evaluasi ini yang dapat {action}.")


def allowed_targets(status: str, role: str | None) -> list[str]:
    """The states this role may move an evaluation in this status to (for the page's buttons)."""
    return [target for (source, target), needed in TRANSITIONS.items() if source == status and needed == role]


def can_edit(status: str, role: str | None) -> bool:
    """Whether this role may change answers, notes and evidence of an evaluation in this status."""
    return status == DRAF and role in EDITORS


def check_edit(status: str, role: str | None) -> None:
    """Raise StateError unless the role may change the answers now: only ketua tim and anggota, only in draf."""
    _check_state(status)
    if status == FINAL:
        raise StateError("Evaluasi sudah final dan tidak dapat diubah; buat versi koreksi bila perlu diperbaiki.")
    if status == DIREVIU:
        raise StateError("Evaluasi sudah direviu; pengendali teknis perlu mengembalikannya ke draf sebelum diubah.")
    if role not in EDITORS:
        raise StateError("Hanya ketua tim dan anggota tim evaluasi ini yang dapat mengubah jawaban.")


def check_correction(status: str, replaced_by: object | None = None) -> None:
    """Raise StateError unless a correction (a new version in draf pointing to this one) may be made of an
    evaluation in this status: it must be final and not already replaced (replaced_by: the id of the
    correction that replaced it, None when none did)."""
    _check_state(status)
    if status != FINAL:
        raise StateError("Hanya evaluasi final yang dikoreksi dengan versi baru; evaluasi ini masih dapat diubah.")
    if replaced_by is not None:
        raise StateError(f"Evaluasi ini sudah dikoreksi oleh versi {replaced_by}; koreksi versi terbaru.")


def _check_state(status: str) -> None:
    if status not in STATES:
        raise StateError(f"Status {status!r} tidak dikenal (pilihan: {', '.join(STATES)}).")
