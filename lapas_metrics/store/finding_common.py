"""What the findings modules of the store share: the finding and recommendation rows, units, scope, history rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import duckdb

from lapas_metrics import auth, clock
from lapas_metrics.evaluation import AKTIF, CLOSING, TL_LABELS, FindingError
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import next_number

TEMUAN_FIELDS = (
    "temuan_id",
    "nomor_temuan",
    "kode_upt",
    "judul",
    "kondisi",
    "kriteria",
    "sebab",
    "akibat",
    "nilai_temuan_rp",
    "tanggal_temuan",
    "sumber",
    "evaluasi_id",
    "kode_butir",
    "flag",
    "tahun_flag",
    "nilai_flag",
    "batas_flag",
    "status",
    "alasan_ditarik",
    "ditarik_oleh",
    "waktu_ditarik",
    "dibuat_oleh",
    "waktu_dibuat",
)
REKOMENDASI_FIELDS = (
    "rekomendasi_id",
    "temuan_id",
    "nomor_rekomendasi",
    "rekomendasi",
    "penanggung_jawab",
    "batas_waktu",
    "status",
    "dibuat_oleh",
    "waktu_dibuat",
)


def temuan_row(con: duckdb.DuckDBPyConnection, temuan_id: int) -> dict[str, object]:
    """The temuan row as a dict (TEMUAN_FIELDS); FindingError when there is none."""
    row = _one(con, f"SELECT {', '.join(TEMUAN_FIELDS)} FROM temuan WHERE temuan_id = ?", [int(temuan_id)])
    if row is None:
        raise FindingError(f"Temuan {temuan_id} tidak ada.")
    return dict(zip(TEMUAN_FIELDS, row, strict=True))


def rekomendasi_row(con: duckdb.DuckDBPyConnection, rekomendasi_id: int) -> dict[str, object]:
    """The rekomendasi row as a dict (REKOMENDASI_FIELDS); FindingError when there is none."""
    row = _one(
        con, f"SELECT {', '.join(REKOMENDASI_FIELDS)} FROM rekomendasi WHERE rekomendasi_id = ?", [int(rekomendasi_id)]
    )
    if row is None:
        raise FindingError(f"Rekomendasi {rekomendasi_id} tidak ada.")
    return dict(zip(REKOMENDASI_FIELDS, row, strict=True))


def unit_codes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """kode_upt in upper case -> kode_upt as in the upt list."""
    return {str(code).upper(): str(code) for (code,) in con.execute("SELECT kode_upt FROM upt").fetchall()}


def finding_codes(con: duckdb.DuckDBPyConnection, temuan_id: int, kode_upt: object) -> set[str]:
    """The units that make a finding an operator's: its own unit and every penanggung jawab of its recommendations."""
    rows = con.execute("SELECT penanggung_jawab FROM rekomendasi WHERE temuan_id = ?", [int(temuan_id)]).fetchall()
    return {str(kode_upt)} | {str(code) for (code,) in rows}


def check_scope(actor: auth.Actor, codes: Iterable[str]) -> None:
    """auth.Forbidden when an operator reads or answers a finding of units not theirs (auth.finding_scope_refusal)."""
    refusal = auth.finding_scope_refusal(actor, set(codes))
    if refusal:
        raise auth.Forbidden(refusal)


def scope_list(actor: auth.Actor) -> list[str] | None:
    """The upper-case UPT codes an operator's reads are limited to; None for the roles that read every unit."""
    return [code.upper() for code in actor.upt] if actor.peran == "operator" else None


def check_active(finding: dict[str, object], doing: str) -> None:
    """FindingError when the finding was withdrawn (doing: what was refused, e.g. "diubah")."""
    if finding["status"] != AKTIF:
        raise FindingError(
            f"Temuan {finding['nomor_temuan']} sudah ditarik ({finding['alasan_ditarik']}); tidak dapat {doing}."
        )


def check_open(rec: dict[str, object], finding: dict[str, object]) -> None:
    """FindingError when a recommendation is closed (sesuai, tidak dapat ditindaklanjuti): nothing more to answer."""
    if rec["status"] in CLOSING:
        raise FindingError(
            f"Rekomendasi {rec['nomor_rekomendasi']} temuan {finding['nomor_temuan']} sudah ditutup "
            f"({TL_LABELS[str(rec['status'])]}); tidak dapat dijawab lagi."
        )


def text_value(value: object) -> str | None:
    """A field's value as kept in temuan_riwayat: text, money with two decimals, ISO dates; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def add_history(
    con: duckdb.DuckDBPyConnection,
    temuan_id: int,
    rekomendasi_id: int | None,
    changes: list[tuple[str, object, object]],
    alasan: str,
    actor: auth.Actor,
) -> None:
    """One temuan_riwayat row per (field, old, new), with who, when and why."""
    start = next_number(con, "temuan_riwayat", "urutan")
    why: list[object] = [alasan.strip() or None, actor.username, clock.utc_now()]
    con.executemany(
        "INSERT INTO temuan_riwayat VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [start + offset, int(temuan_id), rekomendasi_id, field, text_value(old), text_value(new), *why]
            for offset, (field, old, new) in enumerate(changes)
        ],
    )


def add_judgement(
    con: duckdb.DuckDBPyConnection,
    rekomendasi_id: int,
    status_lama: str | None,
    status_baru: str,
    catatan: str,
    actor: auth.Actor,
) -> None:
    """One penilaian_tindak_lanjut row: a recommendation's status moved (status_lama None for its first)."""
    con.execute(
        "INSERT INTO penilaian_tindak_lanjut VALUES (?, ?, ?, ?, ?, ?, ?)",
        [next_number(con, "penilaian_tindak_lanjut", "urutan"), int(rekomendasi_id), status_lama, status_baru]
        + [catatan.strip() or None, actor.username, clock.utc_now()],
    )
