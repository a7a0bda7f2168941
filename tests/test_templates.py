"""Templates: the CSV and XLSX files are accepted by the importer as they are, and the guide explains every column."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lapas_metrics import auth, ingest, schema, store, templates, upload


@pytest.mark.parametrize("table", list(schema.TABLES))
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_template_reads_without_problems(table: str, kind: str) -> None:
    data = templates.template_csv(table) if kind == "csv" else templates.template_xlsx(table)
    result = ingest.read_upload(data, f"templat_{table}.{kind}", table, known_upt={templates.EXAMPLE_CODE})
    assert result.problems == []
    assert len(result.rows) == 1
    assert list(result.rows.columns) == schema.TABLES[table].column_names
    assert not any("diabaikan" in warning for warning in result.warnings)  # no unknown or untitled column


def test_templates_import_into_a_database(tmp_path: Path) -> None:
    """The upt template adds the example unit; every other template then imports, in both formats: the example
    agreement and asset are those the examples of laporan_mitra, pnbp, aset and status_aset name."""
    db = tmp_path / "lapas.duckdb"
    store.migrate(db)
    for table in schema.LOAD_ORDER:  # each table after the ones its rows name (pnbp after kemitraan)
        for kind in ("csv", "xlsx"):
            data = templates.template_csv(table) if kind == "csv" else templates.template_xlsx(table)
            result, batch = upload.import_file(db, table, data, f"templat_{table}.{kind}")
            assert result.ok, [p.pesan for p in result.problems]
            assert batch is not None and batch.batch_id is not None
    assert all(count == 1 for count in store.table_counts(db).values())


def test_csv_template_is_the_code_line_the_header_and_the_example() -> None:
    text = templates.template_csv("produksi").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines == [
        f'"# Belum ada UPT di basis data: {templates.EXAMPLE_CODE} pada baris contoh hanya contoh, '
        'ganti dengan kode UPT yang sah."',
        ",".join(schema.PRODUKSI.column_names),
        f"{templates.EXAMPLE_CODE},2017-01,Percetakan,Buku tulis,1200,pcs,18000000,12500000",
    ]


def test_xlsx_template_sheets_and_typed_example() -> None:
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("anggaran")))
    assert book.sheetnames == ["anggaran", "Petunjuk", "Kode UPT"]
    sheet = book["anggaran"]
    header = [cell.value for cell in sheet[1]]
    example = [cell.value for cell in sheet[2]]
    assert header == schema.ANGGARAN.column_names
    assert example[:3] == [templates.EXAMPLE_CODE, 2017, "52"]  # the year a number, the kode a text
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
            example = templates.EXAMPLE_CODE if col.name == "kode_upt" else col.example
            assert keterangan == col.description and contoh == example
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


# ---------------------------------------------------------------- real codes of the database

UPT_CSV = (
    b"kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri,komoditas_utama,lat,lon\n"
    b"LP-A,Lapas Kelas IIA A,Lapas,IIA,Jawa Barat,Kota Bandung,100,tidak,,,\n"
    b"LP-B,Lapas Kelas IIB B,Lapas,IIB,Jawa Tengah,Kota Semarang,50,ya,Tekstil,-6.9175,110.4\n"
    b"LP-C,Lapas Kelas III C,Lapas,III,Jawa Barat,Kota Bogor,40,ya,,,\n"
)
ADMIN = auth.Actor("adm", "Admin", "admin")
OPERATOR_C = auth.Actor("opc", "Operator C", "operator", ("LP-C",))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapas.duckdb"
    store.migrate(path)
    _, batch = upload.import_file(path, "upt", UPT_CSV, "upt.csv")
    assert batch is not None
    return path


def test_the_example_is_the_first_lapas_industri_else_the_first_unit(db: Path) -> None:
    units = templates.template_units(db, ADMIN)
    assert templates.example_row("produksi", units)["kode_upt"] == "LP-B"  # LP-A is no Lapas Industri
    no_industri = units.assign(lapas_industri=False)
    assert templates.example_row("produksi", no_industri)["kode_upt"] == "LP-A"
    assert templates.example_row("produksi", units.iloc[0:0])["kode_upt"] == templates.EXAMPLE_CODE
    assert templates.guide_frame("produksi", units).set_index("kolom").loc["kode_upt", "contoh"] == "LP-B"


def test_the_upt_example_is_the_stored_unit_itself(db: Path) -> None:
    row = templates.example_row("upt", templates.template_units(db, ADMIN))
    assert row["kode_upt"] == "LP-B" and row["nama_upt"] == "Lapas Kelas IIB B"
    assert (row["kapasitas"], row["lapas_industri"], row["lat"]) == (50, "ya", -6.9175)


def test_an_operator_gets_their_own_unit_as_example_and_list(db: Path) -> None:
    units = templates.template_units(db, OPERATOR_C)
    assert units["kode_upt"].tolist() == ["LP-C"]
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("produksi", units)))
    assert book["produksi"]["A2"].value == "LP-C"
    assert [list(r) for r in book["Kode UPT"].iter_rows(values_only=True)] == [
        ["kode_upt", "nama_upt", "kanwil"],
        ["LP-C", "Lapas Kelas III C", "Jawa Barat"],
    ]
    assert "LP-A" not in templates.template_csv("produksi", units).decode("utf-8-sig")


def test_the_xlsx_lists_every_code_and_the_kode_column_offers_them(db: Path) -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(templates.template_xlsx("target_pnbp", templates.template_units(db, ADMIN)))
    )
    assert book.sheetnames == ["target_pnbp", "Petunjuk", "Kode UPT"]
    assert [r[0] for r in book["Kode UPT"].iter_rows(min_row=2, values_only=True)] == ["LP-A", "LP-B", "LP-C"]
    lists = [v.formula1 for v in book["target_pnbp"].data_validations.dataValidation]
    assert "'Kode UPT'!$A$2:$A$4" in lists


def test_the_csv_code_line_names_the_units_and_the_importer_passes_over_it(db: Path) -> None:
    data = templates.template_csv("target_pnbp", templates.template_units(db, ADMIN))
    first = data.decode("utf-8-sig").splitlines()[0]
    assert first.startswith('"# Kode UPT yang sah: LP-A (Lapas Kelas IIA A, Jawa Barat) · LP-B')
    result = upload.check_file(db, "target_pnbp", data, "templat_target_pnbp.csv")
    assert result.ok and result.problems == [] and result.warnings == []
    assert result.rows["kode_upt"].tolist() == ["LP-B"]


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_an_edited_xlsx_template_goes_back_through_the_check(db: Path, table: str) -> None:
    """Downloaded, example row edited in a spreadsheet, saved: the importer accepts it as it is."""
    prepare_references(db, table)
    data = templates.template_xlsx(table, templates.template_units(db, ADMIN))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[table]
    header = [cell.value for cell in sheet[1]]
    if "kode_upt" in header:
        sheet.cell(2, header.index("kode_upt") + 1, "LP-C")
    edited = {"produksi": ("produk", "Kain batik"), "upt": ("nama_upt", "Lapas Kelas III C Baru")}
    if table in edited:
        column, value = edited[table]
        sheet.cell(2, header.index(column) + 1, value)
    saved = io.BytesIO()
    book.save(saved)
    result = upload.check_file(db, table, saved.getvalue(), f"templat_{table}.xlsx")
    assert result.ok, [p.pesan for p in result.problems]
    if "kode_upt" in header:
        assert result.rows["kode_upt"].tolist() == ["LP-C"]
    assert not any("lembar" in warning for warning in result.warnings)


def prepare_references(db: Path, table: str) -> None:
    """The rows the example of `table` names (the example agreement and asset, of LP-C), stored first."""
    for ref in schema.TABLES[table].references:
        if ref.table == "upt":
            continue
        prepare_references(db, ref.table)
        result, batch = upload.import_file(
            db, ref.table, templates.template_csv(ref.table, templates.template_units(db, OPERATOR_C)), ref.table
        )
        assert result.ok or "sudah" in result.problems[0].pesan, [p.pesan for p in result.problems]


def test_unit_names_from_the_database_leave_inert() -> None:
    units = pd.DataFrame(
        {"kode_upt": ["LP-X"], "nama_upt": ['=HYPERLINK("http://x.test","klik")'], "kanwil": ["+SUM(1)"]}
    ).assign(lapas_industri=True)
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("produksi", units)))
    assert list(book["Kode UPT"].iter_rows(min_row=2, values_only=True)) == [
        ("LP-X", '\'=HYPERLINK("http://x.test","klik")', "'+SUM(1)")
    ]
    assert templates.template_csv("produksi", units).decode("utf-8-sig").startswith('"# Kode UPT yang sah: LP-X')
