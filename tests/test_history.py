"""Batch history on a real DuckDB in tmp_path: two batches compared, and who may undo which batch."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from lapas_metrics import auth, schema, store, upload
from lapas_metrics.store import history
from lapas_metrics.views import batch_diff

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,ya\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Barat,Kota Bogor,50,tidak\n"
)
HEADER = b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"
# Batch 2: A's January to March. Batch 3: February corrected (value and quantity), April added.
FIRST = HEADER + (
    b"LP-A,2017-01,Pangan,Roti,10,pcs,1000000,900000\n"
    b"LP-A,2017-02,Pangan,Roti,10,pcs,1000000,900000\n"
    b"LP-A,2017-03,Pangan,Roti,10,pcs,1000000,900000\n"
)
SECOND = HEADER + (b"LP-A,2017-02,Pangan,Roti,12,pcs,1234567,900000\nLP-A,2017-04,Pangan,Roti,10,pcs,1000000,900000\n")
B_ROWS = HEADER + b"LP-B,2017-01,Pangan,Roti,10,pcs,1000000,900000\n"

OPERATOR_A = auth.Actor("opa", "Operator A", "operator", ("LP-A",))
OPERATOR_A2 = auth.Actor("opa2", "Operator A kedua", "operator", ("LP-A",))
OPERATOR_B = auth.Actor("opb", "Operator B", "operator", ("LP-B",))
ADMIN = auth.Actor("adm", "Admin", "admin")
PIMPINAN = auth.Actor("pim", "Pimpinan", "pimpinan")


def send(db: Path, data: bytes, name: str, actor: auth.Actor = ADMIN, table: str = "produksi") -> int:
    result, batch = upload.import_file(db, table, data, name, actor=actor)
    assert batch is not None and batch.batch_id is not None, [p.pesan for p in result.problems]
    return batch.batch_id


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    send(path, UPT_CSV, "upt.csv", table="upt")
    return path


# ---------------------------------------------------------------- compare


def test_compare_lists_changed_columns_with_both_values_and_rows_in_one_batch(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    comparison = store.compare_batches(db, first, second, actor=ADMIN)
    assert comparison.counts == {"diubah": 1, "hanya_baru": 1, "hanya_lama": 2, "sama": 0}
    assert comparison.total == 4 and comparison.shown == 4
    changed = comparison.rows[comparison.rows["perubahan"] == "diubah"]
    assert changed["kolom"].tolist() == ["jumlah", "nilai_produksi_rp"]
    assert changed["nilai_lama"].tolist() == [10.0, Decimal("1000000.00")]
    assert changed["nilai_baru"].tolist() == [12.0, Decimal("1234567.00")]
    only = comparison.rows[comparison.rows["perubahan"] != "diubah"]
    assert [(c, str(p)[:7]) for c, p in zip(only["perubahan"], only["periode"], strict=True)] == [
        ("hanya_baru", "2017-04"),
        ("hanya_lama", "2017-01"),
        ("hanya_lama", "2017-03"),
    ]


def test_compare_puts_the_batches_in_order_and_caps_the_rows_but_not_the_counts(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    comparison = store.compare_batches(db, second, first, actor=ADMIN, limit=1)
    assert (comparison.lama, comparison.baru) == (first, second)
    assert comparison.total == 4 and comparison.shown == 1
    assert comparison.rows["perubahan"].tolist() == ["diubah", "diubah"]  # one row, two changed columns


def test_the_comparison_for_people_has_labels_rupiah_and_month_names(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    comparison = store.compare_batches(db, first, second, actor=ADMIN)
    table = batch_diff.comparison_table(comparison)
    assert list(table.columns) == [
        "Perubahan",
        "Kode UPT",
        "Periode",
        "Bidang",
        "Produk",
        "Kolom",
        f"Batch {first}",
        f"Batch {second}",
    ]
    money = table[table["Kolom"] == "Nilai produksi"].iloc[0]
    assert money["Periode"] == "Februari 2017"
    assert (money[f"Batch {first}"], money[f"Batch {second}"]) == ("Rp 1.000.000", "Rp 1.234.567")
    assert "nilai_produksi_rp" not in table.to_string()
    sentence = batch_diff.comparison_sentence(comparison)
    assert sentence == (
        f"Batch {second} dibanding batch {first} ({schema.PRODUKSI.title}): 1 baris diubah, 1 baris hanya di batch {second}, "
        f"2 baris hanya di batch {first}."
    )


@pytest.mark.parametrize(
    ("batches", "words"),
    [
        ((2, 2), "dua batch yang berbeda"),
        ((2, 99), "Batch 99 tidak ada"),
        ((1, 2), "tabel yang berbeda"),
    ],
)
def test_compare_refuses_in_one_sentence(db: Path, batches: tuple[int, int], words: str) -> None:
    send(db, FIRST, "jan-mar.csv")
    with pytest.raises(store.StoreError, match=words):
        store.compare_batches(db, *batches, actor=ADMIN)


def test_an_undone_batch_cannot_be_compared(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, B_ROWS, "b.csv")
    store.undo_batch(db, second, actor=ADMIN)
    with pytest.raises(store.StoreError, match=f"Batch {second} sudah dibatalkan"):
        store.compare_batches(db, first, second, actor=ADMIN)


def test_an_operator_compares_only_batches_of_their_own_units(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    other = send(db, B_ROWS, "b.csv")
    assert store.compare_batches(db, first, second, actor=OPERATOR_A).total == 4
    with pytest.raises(auth.Forbidden, match="bukan wewenang Anda"):
        store.compare_batches(db, first, other, actor=OPERATOR_A)
    with pytest.raises(auth.Forbidden, match="daftar UPT"):
        store.compare_batches(db, 1, first, actor=OPERATOR_A)
    with pytest.raises(auth.Forbidden, match="Peran Pimpinan tidak berwenang"):
        store.compare_batches(db, first, second, actor=PIMPINAN)


def test_comparable_batches_follow_the_same_scope(db: Path) -> None:
    first, second = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    other = send(db, B_ROWS, "b.csv")
    assert store.comparable_batches(db, ADMIN)["batch_id"].tolist() == [other, second, first, 1]
    assert store.comparable_batches(db, OPERATOR_A)["batch_id"].tolist() == [second, first]
    assert store.comparable_batches(db, OPERATOR_B)["batch_id"].tolist() == [other]
    assert store.comparable_batches(db, PIMPINAN).empty
    store.undo_batch(db, other, actor=ADMIN)
    assert store.comparable_batches(db, OPERATOR_B).empty


def test_a_replaced_version_still_counts_as_its_batchs_row(db: Path) -> None:
    """Batch 2's February lives in history since batch 3 replaced it; batch 2 against a third batch still sees it."""
    first, _ = send(db, FIRST, "jan-mar.csv"), send(db, SECOND, "feb-apr.csv")
    third = send(db, HEADER + b"LP-A,2017-02,Pangan,Roti,11,pcs,1000000,900000\n", "feb-lagi.csv")
    comparison = store.compare_batches(db, first, third, actor=ADMIN)
    changed = comparison.rows[comparison.rows["perubahan"] == history.DIUBAH]
    assert changed[["kolom", "nilai_lama", "nilai_baru"]].values.tolist() == [["jumlah", 10.0, 11.0]]


# ---------------------------------------------------------------- undo: who may


def test_an_operator_undoes_their_own_batch_and_it_is_logged(db: Path) -> None:
    batch_id = send(db, FIRST, "jan-mar.csv", actor=OPERATOR_A)
    assert store.undo_refusal(db, batch_id, OPERATOR_A) is None
    store.undo_batch(db, batch_id, actor=OPERATOR_A)
    assert store.read_table(db, "produksi").empty
    log = store.activity_log(db)
    assert (log.iloc[0]["pengguna"], log.iloc[0]["aksi"]) == ("opa", "batal")
    assert f"batch {batch_id}" in log.iloc[0]["rincian"] and pd.notna(log.iloc[0]["waktu"])


@pytest.mark.parametrize(
    ("actor", "words"),
    [
        (OPERATOR_A2, "bukan unggahan Anda (diunggah oleh opa)"),  # same unit, someone else's batch
        (auth.Actor("opa", "Operator A", "operator", ("LP-B",)), "bukan wewenang Anda (LP-A)"),  # no longer their unit
        (PIMPINAN, "Peran Pimpinan tidak berwenang membatalkan batch"),
        (auth.Actor("aud", "Auditor", "auditor"), "Peran Auditor tidak berwenang membatalkan batch"),
    ],
)
def test_an_operator_may_not_undo_another_users_or_another_units_batch(db: Path, actor: auth.Actor, words: str) -> None:
    batch_id = send(db, FIRST, "jan-mar.csv", actor=OPERATOR_A)
    assert words in (store.undo_refusal(db, batch_id, actor) or "")
    with pytest.raises(auth.Forbidden) as refused:
        store.undo_batch(db, batch_id, actor=actor)
    assert words in str(refused.value)
    assert len(store.read_table(db, "produksi")) == 3
    assert store.list_batches(db).iloc[0]["status"] == "aktif"


def test_an_operator_may_not_undo_the_unit_list(db: Path) -> None:
    with pytest.raises(auth.Forbidden, match="daftar UPT"):
        store.undo_batch(db, 1, actor=OPERATOR_A)


def test_a_batch_a_later_one_replaced_is_refused_naming_the_later_batch(db: Path) -> None:
    first = send(db, FIRST, "jan-mar.csv", actor=OPERATOR_A)
    second = send(db, SECOND, "feb-apr.csv", actor=OPERATOR_A2)
    assert store.undo_refusal(db, first, OPERATOR_A) is None  # its own; the rows are the store's to check
    with pytest.raises(store.StoreError, match=f"sudah diganti oleh batch {second}"):
        store.undo_batch(db, first, actor=OPERATOR_A)
    assert len(store.read_table(db, "produksi")) == 4


def test_an_admin_undoes_any_batch_and_a_second_undo_is_refused(db: Path) -> None:
    batch_id = send(db, FIRST, "jan-mar.csv", actor=OPERATOR_A)
    assert store.undo_refusal(db, batch_id, ADMIN) is None
    store.undo_batch(db, batch_id, actor=ADMIN)
    log = store.activity_log(db)
    assert (log.iloc[0]["pengguna"], log.iloc[0]["aksi"]) == ("adm", "batal")
    for actor in (ADMIN, OPERATOR_A):
        assert store.undo_refusal(db, batch_id, actor) == f"Batch {batch_id} sudah dibatalkan sebelumnya."
        with pytest.raises(store.StoreError, match="sudah dibatalkan sebelumnya"):
            store.undo_batch(db, batch_id, actor=actor)
