"""What a printed paper says about itself in the dashboard: its page header and footer, and who signs it."""

from __future__ import annotations

from lapas_metrics import auth, clock, export, store
from lapas_metrics.ui.data import database
from lapas_metrics.ui.session import actor


def paper_info(title: str, unit: str, period: str) -> export.PaperInfo:
    """The header and footer of a paper exported now from this database (its SHA-256 read at the click)."""
    return export.PaperInfo(
        title=title,
        unit=unit,
        period=period,
        exported=clock.stamp_text(clock.utc_now()),
        database_sha256=store.file_sha256(database()),
    )


def preparer() -> tuple[str, str]:
    """The signed-in user's name and role for "Disusun oleh"; empty in demo mode (a line to sign by hand)."""
    current = actor()
    if current is None or current in (auth.DEMO_ACTOR, auth.SYSTEM_ACTOR):
        return "", ""
    return current.nama, auth.ROLE_NAMES.get(current.peran, current.peran)


def signers(reviewer: str = "") -> list[export.Signer]:
    """Disusun oleh: the signed-in user, dated today (local time); Direviu oleh: the pengendali teknis
    when known (the evaluation's team), else a line to sign."""
    name, role = preparer()
    return [
        export.Signer("Disusun oleh", role or "Pengguna", name, clock.date_text(clock.today()) if name else ""),
        export.Signer("Direviu oleh", "Pengendali Teknis", reviewer),
    ]
