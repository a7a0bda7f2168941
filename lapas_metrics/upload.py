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
    """Import the committed demo CSVs (data/demo/<table>.csv) table by table through the importer."""
    results = []
    for name in schema.TABLES:
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


def _require_upload(actor: auth.Actor, table_name: str) -> None:
    auth.require(actor, "unggah")
    if schema.get_table(table_name).name == "upt":
        auth.require(actor, "unggah_upt")


def check_file(
    path: Path, table_name: str, data: bytes, file_name: str, *, locale: str | None = None
) -> ingest.IngestResult:
    """The importer's verdict on a file against the database as it is now; writes nothing.

    For `upt`, the warnings also name the stored units the file leaves out (an upload never deletes one).
    """
    result = ingest.read_upload(data, file_name, table_name, locale=locale, known_upt=store.known_upt(path))
    if result.ok and result.table == "upt":
        result.warnings.extend(store.upt_upload_warnings(path, result.rows))
    return result


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

    Returns (IngestResult, BatchResult or None). A rejected file writes nothing; a store-level
    rejection (a unit removed meanwhile, rows of a UPT the operator may not write) comes back as a
    problem on the IngestResult. An actor whose role may not upload at all gets auth.Forbidden.
    The pages pass the signed-in actor; the default is the local command line (admin).
    """
    _require_upload(actor, table_name)
    result = check_file(path, table_name, data, file_name, locale=locale)
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
    without reading the file again). The same rules as import_file; the bytes must be the checked ones."""
    _require_upload(actor, result.table)
    if not result.ok:
        return result, None
    if hashlib.sha256(data).hexdigest() != result.sha256:
        raise StoreError("Berkas berbeda dari yang diperiksa; periksa ulang sebelum menyimpan.")
    user = user or actor.username
    try:
        auth.check_upload(actor, result.table, set(result.rows["kode_upt"].unique()))
    except auth.Forbidden as error:
        result.problems.append(ingest.Problem(None, "kode_upt", None, str(error)))
        result.problem_count += 1
        return result, None
    try:
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
    except (StoreBusy, StoreDamaged, StoreFull):
        raise  # about the database, not the file: the caller says it in one sentence
    except StoreError as error:
        result.problems.append(ingest.Problem(None, None, None, str(error)))
        result.problem_count += 1
        return result, None
    return result, batch
