"""The findings matrix in and out of the store: a checked import (all or nothing) and the frame the export writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lapas_metrics import auth, store
from lapas_metrics.evaluation import matrix
from lapas_metrics.evaluation.findings import FindingError
from lapas_metrics.ingest import MAX_PROBLEMS, Problem


@dataclass(frozen=True)
class MatrixImport:
    """What an import of a matrix did: the file read (matrix.MatrixResult, its problems those of the file or,
    when the store refused it, the store's sentences) and the temuan_id stored (empty unless stored)."""

    result: matrix.MatrixResult
    temuan_ids: list[int]

    @property
    def stored(self) -> bool:
        return bool(self.temuan_ids)


def check_matrix(
    path: Path, data: bytes, file_name: str, actor: auth.Actor, locale: str | None = None
) -> matrix.MatrixResult:
    """A findings matrix checked against this database, nothing written: matrix.read_matrix with the
    database's units and the register's numbers (for a preview before commit_matrix). auth.Forbidden for
    an actor who may not record findings (temuan)."""
    auth.require(actor, "temuan")
    registered = store.list_findings(path, actor)["nomor_temuan"].astype(str)
    return matrix.read_matrix(data, file_name, known_upt=store.known_upt(path), registered=registered, locale=locale)


def commit_matrix(path: Path, result: matrix.MatrixResult, actor: auth.Actor) -> MatrixImport:
    """Store a checked matrix (check_matrix) in one transaction (store.record_findings), all or nothing; a
    result with problems stores nothing. The store's refusals (a permission, a number recorded meanwhile)
    come back as the problems of the returned result."""
    if not result.ok or not result.findings:
        return MatrixImport(result, [])
    try:
        ids = store.record_findings(path, result.findings, actor)
    except FindingError as error:
        problems = [Problem(None, None, None, sentence) for sentence in error.problems]
        refused = matrix.MatrixResult(
            [], problems[:MAX_PROBLEMS], len(problems), result.file_name, result.sha256, result.rows, result.warnings
        )
        return MatrixImport(refused, [])
    return MatrixImport(result, list(ids))


def import_matrix(
    path: Path, data: bytes, file_name: str, actor: auth.Actor, locale: str | None = None
) -> MatrixImport:
    """check_matrix, then commit_matrix when the whole file is valid: nothing is stored otherwise."""
    return commit_matrix(path, check_matrix(path, data, file_name, actor, locale), actor)


def matrix_frame(path: Path, actor: auth.Actor) -> pd.DataFrame:
    """store.findings_matrix (one row per recommendation of the active findings the actor may see) with each
    finding's tanggal_temuan added, so an export keeps the dates when it is imported into another database."""
    rows = store.findings_matrix(path, actor)
    dates = store.list_findings(path, actor, include_withdrawn=False)[["nomor_temuan", "tanggal_temuan"]]
    return rows.merge(dates.drop_duplicates("nomor_temuan"), on="nomor_temuan", how="left")
