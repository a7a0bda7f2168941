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


def import_matrix(
    path: Path, data: bytes, file_name: str, actor: auth.Actor, locale: str | None = None
) -> MatrixImport:
    """Read a findings matrix (matrix.read_matrix with the database's units and register numbers) and, when
    the whole file is valid, store all its findings in one transaction (store.record_findings); nothing is
    stored otherwise. The store's refusals (a permission, a number recorded meanwhile) come back as problems
    of the result; auth.Forbidden is raised for an actor who may not record findings at all."""
    auth.require(actor, "temuan")
    registered = store.list_findings(path, actor)["nomor_temuan"].astype(str)
    result = matrix.read_matrix(data, file_name, known_upt=store.known_upt(path), registered=registered, locale=locale)
    if not result.ok:
        return MatrixImport(result, [])
    try:
        ids = store.record_findings(path, result.findings, actor)
    except FindingError as error:
        problems = [Problem(None, None, None, sentence) for sentence in error.problems]
        refused = matrix.MatrixResult(
            [], problems[:MAX_PROBLEMS], len(problems), file_name, result.sha256, result.rows, result.warnings
        )
        return MatrixImport(refused, [])
    return MatrixImport(result, list(ids))


def matrix_frame(path: Path, actor: auth.Actor) -> pd.DataFrame:
    """store.findings_matrix (one row per recommendation of the active findings the actor may see) with each
    finding's tanggal_temuan added, so an export keeps the dates when it is imported into another database."""
    rows = store.findings_matrix(path, actor)
    dates = store.list_findings(path, actor, include_withdrawn=False)[["nomor_temuan", "tanggal_temuan"]]
    return rows.merge(dates.drop_duplicates("nomor_temuan"), on="nomor_temuan", how="left")
