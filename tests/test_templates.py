"""Templates: the CSV and XLSX files are accepted by the importer as they are, and the guide explains every column."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from lapas_metrics import ingest, schema, store, templates, upload

FACT_TABLES = list(schema.FACT_TABLES)


@pytest.mark.parametrize("table", list(schema.TABLES))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_template_reads_without_problems(table: str, kind: str) -> None:
    data = templates.template_csv(table) if kind == "csv" else templates.template_xlsx(table)
    result = ingest.read_upload(data, f"templat_{table}.{kind}", table, known_upt={"LPIISKM"})
    assert result.problems == []
    assert len(result.rows) == 1
    assert list(result.rows.columns) == schema.TABLES[table].column_names
    assert not any("diabaikan" in warning for warning in result.warnings)  # no unknown or untitled column


def test_templates_import_into_a_database(tmp_path: Path) -> None:
    """The upt template adds the example unit; every other template then imports, in both formats."""
    db = tmp_path / "lapas.duckdb"
    store.migrate(db)
    for table in ["upt", *FACT_TABLES]:
        for kind in ("csv", "xlsx"):
            data = templates.template_csv(table) if kind == "csv" else templates.template_xlsx(table)
            result, batch = upload.import_file(db, table, data, f"templat_{table}.{kind}")
            assert result.ok, [p.pesan for p in result.problems]
            assert batch is not None and batch.batch_id is not None
    assert all(count == 1 for count in store.table_counts(db).values())


def test_csv_template_is_header_and_example_only() -> None:
    text = templates.template_csv("produksi").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines == [
        ",".join(schema.PRODUKSI.column_names),
        "LPIISKM,2017-01,Percetakan,Buku tulis,1200,pcs,18000000,12500000",
    ]


def test_xlsx_template_sheets_and_typed_example() -> None:
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("anggaran")))
    assert book.sheetnames == ["anggaran", "Petunjuk"]
    sheet = book["anggaran"]
    header = [cell.value for cell in sheet[1]]
    example = [cell.value for cell in sheet[2]]
    assert header == schema.ANGGARAN.column_names
    assert example[:3] == ["LPIISKM", 2017, "52"]  # the year a number, the kode a text
    assert example[3] == 1500000000
    assert sheet["A2"].number_format == "@"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"51,52,53"' in lists.values()


def test_xlsx_guide_sheet_explains_every_column() -> None:
    for table, spec in schema.TABLES.items():
        book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(table)), read_only=True)
        rows = [list(row) for row in book["Petunjuk"].iter_rows(values_only=True)]
        book.close()
        start = next(i for i, row in enumerate(rows) if row[0] == "kolom")
        assert rows[start] == templates.GUIDE_COLUMNS
        guide = {row[0]: row for row in rows[start + 1 :]}
        assert list(guide) == spec.column_names
        for col in spec.columns:
            kolom, wajib, isian, satuan, pilihan, keterangan, contoh = guide[col.name]
            assert keterangan == col.description and contoh == col.example
            assert wajib.startswith("ya" if col.required else "tidak")
            assert (satuan or "") == col.unit


def test_guide_frame_rules_units_and_choices() -> None:
    guide = templates.guide_frame("produksi").set_index("kolom")
    assert guide.loc["kode_upt", "wajib"] == "ya, kunci"
    assert guide.loc["nilai_penjualan_rp", "wajib"] == "tidak"
    assert guide.loc["nilai_produksi_rp", "satuan"] == "Rp"
    assert guide.loc["nilai_produksi_rp", "isian"] == "rupiah ≥ 0"
    assert guide.loc["bidang", "pilihan"] == ", ".join(schema.BIDANG)
    assert templates.guide_frame("pnbp").set_index("kolom").loc["jumlah_rp", "isian"] == "rupiah > 0"
    assert templates.guide_frame("upt").set_index("kolom").loc["lapas_industri", "pilihan"] == "ya, tidak"
    assert (
        "51 (Belanja Pegawai)" in templates.guide_frame("realisasi").set_index("kolom").loc["jenis_belanja", "pilihan"]
    )


def test_unknown_table_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        templates.template_csv("penjara")
