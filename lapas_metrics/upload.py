"""Check -> commit of an uploaded file: the importer's verdict against the database, the role's rules, then one batch."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lapas_metrics import auth, config, ingest, schema, store
from lapas_metrics.store import BatchResult, StoreBusy, StoreDamaged, StoreError, StoreFull


def init_db(path: Path, demo: bool = False, user: str = "sistem") -> list[BatchResult]:
    """Create an empty database at `path` (or migrate the one there); with demo, load data/demo through the importer.

    A file already there is read through first (store.verify_database): a damaged one is refused, never re-made.
    """
    path = Path(path)
    if path.exists():
        store.verify_database(path, thorough=True)
    store.migrate(path)
    results: list[BatchResult] = []
    if demo:
        results = load_demo(path, user=user)
    return results


def load_demo(path: Path, user: str = "sistem") -> list[BatchResult]:
    """Import the committed demo CSVs (data/demo/<table>.csv) table by table through the importer, each table
    after the ones its rows name (schema.LOAD_ORDER: kemitraan before pnbp)."""
    results = []
    for name in schema.LOAD_ORDER:
        csv_path = config.DEMO_DIR / f"{name}.csv"
        if not csv_path.exists():
            raise StoreError(f"Data demo {csv_path} tidak ditemukan.")
        imported = import_file(path, name, csv_path.read_bytes(), f"demo/{csv_path.name}", user=user)
        if not imported[0].ok:
            first = imported[0].problems[0].pesan if imported[0].problems else ""
            raise StoreError(f"Data demo {csv_path.name} ditolak oleh importer: {first}")
        if imported[1] is not None:
            results.append(imported[1])
    store.set_meta(path, "data_demo", "ya")
    return results


# The activity log's action for an upload the check or the save refused (the file, or the role's rules).
REFUSED_ACTION = "unggah_ditolak"
_LOGGED_PROBLEMS = 3  # problems quoted in the log line (the page and the command line list them all)


def _require_upload(actor: auth.Actor, table_name: str) -> None:
    auth.require(actor, "unggah")
    if schema.get_table(table_name).name == "upt":
        auth.require(actor, "unggah_upt")


def _refuse(result: ingest.IngestResult, sentence: str, column: str | None = None) -> None:
    result.problems.insert(0, ingest.Problem(None, column, None, sentence))
    result.problem_count += 1


def _row_units(result: ingest.IngestResult, linked: dict | None) -> set[str]:
    """The UPT codes of a checked file's rows: their kode_upt, or their agreement's or asset's (ingest.row_units)."""
    return ingest.row_units(schema.get_table(result.table), result.rows, linked)


def _unit_column(table_name: str) -> str | None:
    """The column a refusal by UPT scope is told against: kode_upt, or the agreement or asset that leads to it."""
    table = schema.get_table(table_name)
    if table.name == "upt":
        return None
    return "kode_upt" if table.unit_reference is None else table.unit_reference.column


def _log_refusal(path: Path, result: ingest.IngestResult, user: str | None, stage: str) -> None:
    """One line in the activity log for a refused attempt: table, file, stage, the count and the first problems."""
    quoted = " | ".join(p.pesan for p in result.problems[:_LOGGED_PROBLEMS])
    detail = f"{result.table} {result.file_name}: ditolak saat {stage}, {result.problem_count} masalah: {quoted}"
    store.log_activity(path, user, REFUSED_ACTION, detail)


def check_file(
    path: Path,
    table_name: str,
    data: bytes,
    file_name: str,
    *,
    locale: str | None = None,
    actor: auth.Actor = auth.SYSTEM_ACTOR,
    user: str | None = None,
) -> ingest.IngestResult:
    """The verdict the save would give on a file, against the database as it is now; writes no data.

    The importer's checks (unknown kode_upt included), then the actor's rules as the save applies them:
    a role that may not upload (this table), an operator's rows of a UPT not theirs. Each refusal is a
    file-level problem, and so is a row that would replace an agreement or asset that other rows depend on
    (store.replacement_conflicts); a refused file is written to the activity log (REFUSED_ACTION) under `user`
    (default the actor's name). For `upt`, the warnings also name the stored units the file leaves out.
    """
    spec = schema.TABLES.get(str(table_name).strip().lower())
    linked = store.linked_rows(path, spec.name) if spec is not None else None
    result = ingest.read_upload(
        data, file_name, table_name, locale=locale, known_upt=store.known_upt(path), linked=linked
    )
    if result.ok:
        try:
            auth.check_upload(actor, result.table, _row_units(result, linked))
        except auth.Forbidden as error:
            _refuse(result, str(error), _unit_column(result.table))
    if result.ok:
        for sentence in store.replacement_conflicts(path, result.table, result.rows):
            _refuse(result, sentence, None)
    if result.ok and result.table == "upt":
        result.warnings.extend(store.upt_upload_warnings(path, result.rows))
    if not result.ok:
        _log_refusal(path, result, user or actor.username, "pemeriksaan")
    return result


def preview_changes(path: Path, result: ingest.IngestResult) -> store.ChangePreview:
    """What saving a checked, valid file would do (store.change_preview): new, replaced and unchanged rows,
    and the stored and new value of each changed column of the first replaced rows. Reads only."""
    return store.change_preview(path, result.table, result.rows)


def import_file(
    path: Path,
    table_name: str,
    data: bytes,
    file_name: str,
    *,
    locale: str | None = None,
    user: str | None = None,
    actor: auth.Actor = auth.SYSTEM_ACTOR,
) -> tuple[ingest.IngestResult, BatchResult | None]:
    """Validate a file with the importer and, when it is valid, write it as one batch.

    Returns (IngestResult, BatchResult or None). A rejected file writes nothing; a refusal by the
    role's rules (rows of a UPT the operator may not write) or by the store (a unit removed
    meanwhile) comes back as a problem on the IngestResult. An actor whose role may not upload at
    all gets auth.Forbidden. The pages pass the signed-in actor; the default is the local command line (admin).
    """
    _require_upload(actor, table_name)
    result = check_file(path, table_name, data, file_name, locale=locale, actor=actor, user=user)
    return commit_checked(path, result, data, user=user, actor=actor)


def commit_checked(
    path: Path,
    result: ingest.IngestResult,
    data: bytes,
    *,
    user: str | None = None,
    actor: auth.Actor = auth.SYSTEM_ACTOR,
) -> tuple[ingest.IngestResult, BatchResult | None]:
    """Write a file that check_file already read (the upload page shows the check, then commits it
    without reading the file again). The same rules as import_file, applied again (the database or the
    actor may have changed since the check); the bytes must be the checked ones. A refusal here is
    logged like one at the check; a result the check refused is returned as it is (already logged)."""
    _require_upload(actor, result.table)
    if not result.ok:
        return result, None
    if hashlib.sha256(data).hexdigest() != result.sha256:
        raise StoreError("Berkas berbeda dari yang diperiksa; periksa ulang sebelum menyimpan.")
    user = user or actor.username
    try:
        auth.check_upload(actor, result.table, _row_units(result, store.linked_rows(path, result.table)))
        batch = store.load_batch(
            path,
            result.table,
            result.rows,
            file_name=result.file_name,
            file_bytes=data,
            sha256=result.sha256,
            warnings=result.warnings,
            user=user,
        )
    except auth.Forbidden as error:
        _refuse(result, str(error), _unit_column(result.table))
    except (StoreBusy, StoreDamaged, StoreFull):
        raise  # about the database, not the file: the caller says it in one sentence
    except StoreError as error:
        _refuse(result, str(error))
    else:
        return result, batch
    _log_refusal(path, result, user, "penyimpanan")
    return result, None
