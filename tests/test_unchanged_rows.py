"""Unchanged rows (DATA.md `baris_sama`) on a real DuckDB file: counted apart, not replaced, undo exact, the preview."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from lapas_metrics import store, upload
from lapas_metrics.store import changes

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri\n"
    b"LP-A,Lapas A,Lapas,I,Jawa Barat,Kota Bandung,500,ya\n"
    b"LP-B,Lapas B,Lapas,IIA,Jawa Barat,Kota Bogor,300,tidak\n"
)
HEADER = "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_penjualan_rp\n"


def year_csv(changed: dict[int, str] | None = None) -> bytes:
    """Twelve months of one product for LP-A in 2025; `changed` replaces a month's nilai_produksi_rp."""
    lines = [HEADER]
    for month in range(1, 13):
        value = (changed or {}).get(month, f"{month}000000.50")
        lines.append(f"LP-A,2025-{month:02d},Pangan,Roti,{10 * month},pcs,{value},{month}00000\n")
    return "".join(lines).encode()


def rows_with_batch(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(
            "SELECT strftime(periode, '%Y-%m'), nilai_produksi_rp, nilai_penjualan_rp, batch_id FROM produksi"
        ).fetchall()
    return {row[0]: row[1:] for row in found}


def history(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT strftime(periode, '%Y-%m'), nilai_produksi_rp, batch_id, diganti_oleh FROM riwayat_produksi"
        ).fetchall()


def ingest(db: Path, data: bytes, name: str) -> store.BatchResult:
    result, batch = upload.import_file(db, "produksi", data, name, user="tester")
    assert result.ok and batch is not None, result.problems
    return batch


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    upload.init_db(path)
    _, batch = upload.import_file(path, "upt", UPT_CSV, "upt.csv")
    assert batch is not None
    return path


def test_a_year_resent_with_one_corrected_month_is_one_replaced_and_eleven_unchanged(db: Path) -> None:
    first = ingest(db, year_csv(), "produksi_2025.csv")
    assert (first.baris_baru, first.baris_diganti, first.baris_sama) == (12, 0, 0)
    second = ingest(db, year_csv({3: "3500000"}), "produksi_2025_revisi.csv")
    assert (second.baris_baru, second.baris_diganti, second.baris_sama) == (0, 1, 11)
    assert "0 baris baru, 1 baris diganti, 11 baris sama" in second.message
    stored = rows_with_batch(db)
    assert stored["2025-03"] == (Decimal("3500000.00"), Decimal("300000.00"), second.batch_id)
    assert {month: row[2] for month, row in stored.items() if month != "2025-03"} == {
        f"2025-{m:02d}": first.batch_id for m in range(1, 13) if m != 3
    }
    assert history(db) == [("2025-03", Decimal("3000000.50"), first.batch_id, second.batch_id)]
    log = store.list_batches(db).set_index("batch_id")
    assert log.loc[second.batch_id, ["baris_baru", "baris_diganti", "baris_sama"]].tolist() == [0, 1, 11]
    assert log.loc[first.batch_id, "baris_sama"] == 0


def test_undo_of_the_resent_year_restores_the_month_and_leaves_the_eleven_alone(db: Path) -> None:
    first = ingest(db, year_csv(), "produksi_2025.csv")
    before = rows_with_batch(db)
    second = ingest(db, year_csv({3: "3500000"}), "produksi_2025_revisi.csv")
    preview = store.undo_preview(db, second.batch_id)
    assert (preview["baris_dihapus"], preview["baris_dipulihkan"]) == (1, 1)
    store.undo_batch(db, second.batch_id)
    assert rows_with_batch(db) == before
    assert before["2025-03"] == (Decimal("3000000.50"), Decimal("300000.00"), first.batch_id)
    assert history(db) == []


def budget_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["kode_upt,tahun_anggaran,jenis_belanja,pagu_awal_rp,pagu_apbnp_rp\n"]
    lines += [f"{unit},2025,{kind},{pagu},{apbnp}\n" for unit, kind, pagu, apbnp in rows]
    return "".join(lines).encode()


def test_equality_is_column_by_column_with_null_equal_to_null_and_money_exact(db: Path) -> None:
    first = [("LP-A", "51", "1000", ""), ("LP-A", "52", "1000", ""), ("LP-A", "53", "1000", "100")]
    first += [("LP-B", "51", "1000.50", ""), ("LP-B", "52", "1000", ""), ("LP-B", "53", "1000", "")]
    upload.import_file(db, "anggaran", budget_csv(first), "a.csv")
    # unchanged: NULL -> NULL (A51), 1000 -> 1000.00 (B52), B53; changed: NULL -> 7, 100 -> NULL, one sen more
    second = [("LP-A", "51", "1000", ""), ("LP-A", "52", "1000", "7"), ("LP-A", "53", "1000", "")]
    second += [("LP-B", "51", "1000.51", ""), ("LP-B", "52", "1000.00", ""), ("LP-B", "53", "1000", "")]
    result, batch = upload.import_file(db, "anggaran", budget_csv(second), "b.csv")
    assert batch is not None and (batch.baris_baru, batch.baris_diganti, batch.baris_sama) == (0, 3, 3)
    with duckdb.connect(str(db), read_only=True) as con:
        replaced = con.execute("SELECT kode_upt, jenis_belanja FROM riwayat_anggaran ORDER BY ALL").fetchall()
    assert replaced == [("LP-A", "52"), ("LP-A", "53"), ("LP-B", "51")]


def test_text_is_compared_exactly_as_the_importer_left_it(db: Path) -> None:
    ingest(db, year_csv(), "a.csv")
    lower = year_csv().replace(b",pcs,", b",PCS,", 1)
    batch = ingest(db, lower, "b.csv")
    assert (batch.baris_diganti, batch.baris_sama) == (1, 11)


def test_the_preview_gives_the_counts_the_save_will_give_and_the_changed_values(db: Path) -> None:
    ingest(db, year_csv(), "a.csv")
    extra = year_csv({3: "3500000", 4: "4100000"}).decode() + "LP-A,2026-01,Pangan,Roti,5,pcs,100,\n"
    result = upload.check_file(db, "produksi", extra.encode(), "b.csv")
    preview = upload.preview_changes(db, result)
    assert (preview.baris_baru, preview.baris_diganti, preview.baris_sama) == (1, 2, 10)
    lines = preview.perubahan
    assert lines[["periode", "kolom"]].astype(str).values.tolist() == [
        ["2025-03-01", "nilai_produksi_rp"],
        ["2025-04-01", "nilai_produksi_rp"],
    ]
    assert lines["lama"].tolist() == [Decimal("3000000.50"), Decimal("4000000.50")]
    assert lines["baru"].tolist() == [Decimal("3500000.00"), Decimal("4100000.00")]
    batch = upload.commit_checked(db, result, extra.encode())[1]
    assert batch is not None and (batch.baris_baru, batch.baris_diganti, batch.baris_sama) == (1, 2, 10)


def test_the_preview_lists_at_most_the_cap_with_the_total(db: Path) -> None:
    ingest(db, year_csv(), "a.csv")
    result = upload.check_file(db, "produksi", year_csv(dict.fromkeys(range(1, 13), "1")), "b.csv")
    preview = changes.change_preview(db, "produksi", result.rows, limit=5)
    assert (preview.baris_diganti, preview.baris_ditampilkan, len(preview.perubahan)) == (12, 5, 5)
    assert preview.perubahan["periode"].astype(str).tolist()[:2] == ["2025-01-01", "2025-02-01"]


def test_the_preview_writes_nothing_and_works_without_a_database(db: Path, tmp_path: Path) -> None:
    ingest(db, year_csv(), "a.csv")
    before = db.read_bytes()
    result = upload.check_file(db, "produksi", year_csv({3: "1"}), "b.csv")
    upload.preview_changes(db, result)
    assert db.read_bytes() == before
    missing = tmp_path / "none.duckdb"
    nothing = changes.change_preview(missing, "produksi", result.rows)
    assert (nothing.baris_baru, nothing.baris_diganti, nothing.baris_sama) == (12, 0, 0)
    assert not missing.exists()
