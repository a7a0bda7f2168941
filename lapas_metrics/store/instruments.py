"""Evaluation instruments kept in the database (`instrumen`): saving a replacement, the active one, any version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lapas_metrics import auth, clock
from lapas_metrics.evaluation import (
    DEFAULT_INSTRUMENT_FILE,
    Instrument,
    InstrumentError,
    default_instrument,
    instrument_digest,
    load_instrument,
)
from lapas_metrics.store.activity import log_activity
from lapas_metrics.store.connection import _one
from lapas_metrics.store.evaluation_common import (
    EvaluationError,
    active_text,
    parsed_instrument,
    stored_instrument,
)
from lapas_metrics.store.transactions import reading, writing

INSTRUMENT_COLUMNS = ("versi", "judul", "digest", "diunggah_oleh", "waktu", "aktif")


class InstrumentRefused(EvaluationError):
    """An instrument file that is not saved; `problems` holds every problem, one Indonesian sentence each."""


def save_instrument(path: Path, toml_text: str | bytes, actor: auth.Actor) -> Instrument:
    """Validate an instrument TOML (evaluation.load_instrument), keep its text and make it the active one.

    The same version with the same text is made active again (nothing new is stored); the same version with
    other text is refused (InstrumentRefused): an evaluation keeps the text of its version. Admin only
    (kelola_instrumen). Old evaluations keep the version they were made with."""
    auth.require(actor, "kelola_instrumen")
    instrument, text = _validated(toml_text)
    digest = instrument_digest(text)
    with writing(path) as con:
        stored = _one(con, "SELECT digest FROM instrumen WHERE versi = ?", [instrument.versi])
        if stored is not None and stored[0] != digest:
            raise InstrumentRefused(
                f"Instrumen versi {instrument.versi} sudah ada dengan isi yang berbeda; "
                "beri versi baru (mis. akhiran _v2) agar evaluasi lama tetap memakai versinya."
            )
        if stored is None:
            con.execute(
                "INSERT INTO instrumen VALUES (?, ?, ?, ?, ?, ?, false)",
                [instrument.versi, digest, instrument.judul, text, actor.username, clock.utc_now()],
            )
        con.execute("UPDATE instrumen SET aktif = (versi = ?)", [instrument.versi])
    action = "instrumen_simpan" if stored is None else "instrumen_aktifkan"
    log_activity(path, actor.username, action, f"{instrument.versi} {digest[:12]}")
    return parsed_instrument(text)


def _validated(toml_text: str | bytes) -> tuple[Instrument, str]:
    if isinstance(toml_text, bytes):
        try:
            toml_text = toml_text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InstrumentRefused("Berkas instrumen harus berupa teks UTF-8; tidak disimpan.") from error
    try:
        return load_instrument(toml_text), toml_text
    except InstrumentError as error:
        count = len(error.problems)
        raise InstrumentRefused(
            f"Instrumen tidak disimpan karena {count} masalah: " + " ".join(error.problems), error.problems
        ) from error


def active_instrument(path: Path) -> Instrument:
    """The instrument new evaluations are made with (the one `aktif`; the shipped default until replaced)."""
    with reading(path) as con:
        text = active_text(con)
    return default_instrument() if text is None else parsed_instrument(text)


def instrument_of(path: Path, versi: str) -> Instrument:
    """The instrument of this version as stored (also a replaced one; the shipped default also before its
    first use stores it); EvaluationError when unknown."""
    with reading(path) as con:
        return stored_instrument(con, versi)


def active_instrument_text(path: Path) -> tuple[str, str]:
    """(versi, TOML text) of the active instrument as stored, for an admin to download and edit; the shipped
    default file while none is stored."""
    with reading(path) as con:
        text = active_text(con)
    if text is None:
        return default_instrument().versi, DEFAULT_INSTRUMENT_FILE.read_bytes().decode("utf-8-sig")
    return parsed_instrument(text).versi, text


def list_instruments(path: Path) -> pd.DataFrame:
    """Every stored instrument, newest first: versi, judul, digest, diunggah_oleh, waktu, aktif. The shipped
    default is stored by the first evaluation made with it (until then active_instrument is the default)."""
    with reading(path) as con:
        return con.execute(f"SELECT {', '.join(INSTRUMENT_COLUMNS)} FROM instrumen ORDER BY waktu DESC, versi").df()
