"""Who may download a batch's original file: admin any, an operator only batches wholly of their own UPT codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapas_metrics import auth, store
from tests.test_store import load, target_rows, upt_rows

OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("A1",))
ADMIN = auth.Actor("adm", "Admin", "admin")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Batch 1: the unit list; 2: A1's targets; 3: A1 and B2; 4: A1's 2024 target again (replaces part of 2)."""
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    load(path, "upt", upt_rows("A1", "B2"), "upt-1")
    load(path, "target_pnbp", target_rows({("A1", 2024): 1.0, ("A1", 2025): 2.0}), "a1")
    load(path, "target_pnbp", target_rows({("A1", 2026): 1.0, ("B2", 2026): 2.0}), "a1-b2")
    load(path, "target_pnbp", target_rows({("A1", 2024): 5.0}), "a1-again")
    return path


def test_an_admin_and_the_command_line_fetch_any_batch(db: Path) -> None:
    for batch_id in (1, 2, 3, 4):
        assert store.batch_file(db, batch_id, actor=ADMIN)[1]
        assert store.batch_file(db, batch_id)[1]  # the command line acts as admin


def test_an_operator_fetches_a_batch_of_their_own_units(db: Path) -> None:
    assert store.batch_file(db, 2, actor=OPERATOR_A) == ("a1.csv", b"a1")
    assert store.batch_file(db, 4, actor=OPERATOR_A) == ("a1-again.csv", b"a1-again")
    assert store.batch_file_refusal(db, 2, OPERATOR_A) is None


def test_rows_kept_in_history_count_too(db: Path) -> None:
    """Batch 2's A1 2024 row now lives in history (batch 4 replaced it): B2's operator may still not fetch batch 2."""
    operator_b = auth.Actor("opb", "Operator B", "operator", ("B2",))
    load(db, "target_pnbp", target_rows({("A1", 2025): 9.0}), "a1-2025")  # batch 5: batch 2 has no current row left
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.batch_file(db, 2, actor=operator_b)
    assert store.batch_file(db, 2, actor=OPERATOR_A) == ("a1.csv", b"a1")


@pytest.mark.parametrize(
    ("batch_id", "actor", "words"),
    [
        (3, OPERATOR_A, "bukan wewenang Anda"),  # one row of another unit is enough
        (1, OPERATOR_A, "hanya dapat diunduh admin"),  # the unit list is admin's
        (2, auth.Actor("aud", "Auditor", "auditor"), "Peran Auditor tidak berwenang"),
        (2, auth.Actor("opx", "Operator X", "operator", ()), "bukan wewenang Anda"),
    ],
)
def test_other_batches_are_refused_in_indonesian(db: Path, batch_id: int, actor: auth.Actor, words: str) -> None:
    with pytest.raises(auth.Forbidden, match=words):
        store.batch_file(db, batch_id, actor=actor)
    assert words in (store.batch_file_refusal(db, batch_id, actor) or "")


def test_an_undone_batch_has_no_rows_to_check_so_only_admin_fetches_it(db: Path) -> None:
    store.undo_batch(db, 4)
    with pytest.raises(auth.Forbidden, match="tidak dapat diperiksa"):
        store.batch_file(db, 4, actor=OPERATOR_A)
    assert store.batch_file(db, 4, actor=ADMIN)[1] == b"a1-again"


def test_an_unknown_batch_is_a_store_error(db: Path) -> None:
    with pytest.raises(store.StoreError, match="Batch 99 tidak ada"):
        store.batch_file(db, 99, actor=OPERATOR_A)
