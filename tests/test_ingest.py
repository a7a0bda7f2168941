"""ingest.read_upload: literal few-row files in, conformed rows or Indonesian problems out."""

from __future__ import annotations

import datetime
import hashlib
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from lapas_metrics import schema
from lapas_metrics.ingest import (
    MAX_PROBLEMS,
    IngestResult,
    Problem,
    normalize_header,
    read_upload,
    template_csv,
    template_frame,
)

TODAY = datetime.date(2024, 6, 1)  # so periods and years may run to 2025
PRODUKSI = "kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp"
PARTISIPASI = "kode_upt,periode,jumlah_penghuni,wbp_bekerja,wbp_pelatihan,wbp_bersertifikat,premi_dibayar_rp"
UPT = "kode_upt,nama_upt,jenis,kelas,kanwil,kabupaten_kota,kapasitas,lapas_industri,lat,lon"
PNBP = "kode_upt,tanggal_setor,ntpn,jumlah_rp,uraian"
ANGGARAN = "kode_upt,tahun_anggaran,jenis_belanja,pagu_awal_rp,pagu_apbnp_rp,blokir_rp"
UPT_ROW = "LP1,Lapas Satu,Lapas,I,Jawa Barat,Kota Bandung,570,ya,-6.9175,107.6191"


def read(content: str | bytes, table: str = "produksi", file_name: str = "data.csv", **options) -> IngestResult:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return read_upload(data, file_name, table, today=TODAY, **options)


def produksi(*rows: str, header: str = PRODUKSI) -> str:
    return "\n".join([header, *rows]) + "\n"


def only_value(result: IngestResult, column: str) -> object:
    assert result.ok, [p.pesan for p in result.problems]
    assert len(result.rows) == 1
    return result.rows[column].iloc[0]


def single_problem(result: IngestResult) -> str:
    assert not result.ok
    assert result.rows.empty
    assert len(result.problems) == 1, [p.pesan for p in result.problems]
    return result.problems[0].pesan


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- what is accepted ----------------------------------------------------------------------


def test_canonical_csv_is_conformed_with_typed_columns():
    result = read(produksi("lp1,2017-01,Percetakan,Buku tulis,1200,pcs,18000000", "LP2,2017-02,Jasa,Cuci,3.5,kg,50000"))
    expected = pd.DataFrame(
        {
            "kode_upt": pd.Series(["LP1", "LP2"], dtype="str"),
            "periode": pd.Series(pd.to_datetime(["2017-01-01", "2017-02-01"]), dtype="datetime64[us]"),
            "bidang": pd.Series(["Percetakan", "Jasa"], dtype="str"),
            "produk": pd.Series(["Buku tulis", "Cuci"], dtype="str"),
            "jumlah": [1200.0, 3.5],
            "satuan": pd.Series(["pcs", "kg"], dtype="str"),
            "nilai_produksi_rp": [18000000.0, 50000.0],
            "nilai_penjualan_rp": [0.0, 0.0],  # optional, missing: its default
        }
    )
    assert result.ok and result.problems == [] and result.warnings == []
    pd.testing.assert_frame_equal(result.rows, expected)


def test_result_carries_hash_and_name():
    data = produksi("LP1,2017-01,Jasa,Cuci,1,kg,100").encode()
    result = read_upload(data, "maret.csv", "produksi", today=TODAY)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert (result.file_name, result.table) == ("maret.csv", "produksi")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter):
    text = produksi("LP1,2017-01,Jasa,Cuci,1,kg,100").replace(",", delimiter)
    assert only_value(read(text), "nilai_produksi_rp") == 100.0


def test_semicolon_file_with_decimal_commas():
    text = "kode_upt;periode;bidang;produk;jumlah;satuan;nilai_produksi_rp\nLP1;2017-01;Jasa;Cuci;2,5;kg;1.500.000\n"
    result = read(text)
    assert only_value(result, "jumlah") == 2.5
    assert result.rows["nilai_produksi_rp"].iloc[0] == 1500000.0


@pytest.mark.parametrize(
    "data",
    [
        produksi("LP1,2017-01,Jasa,Café,1,kg,100").encode("utf-8"),
        b"\xef\xbb\xbf" + produksi("LP1,2017-01,Jasa,Café,1,kg,100").encode("utf-8"),
        produksi("LP1,2017-01,Jasa,Café,1,kg,100").encode("cp1252"),
        produksi("LP1,2017-01,Jasa,Café,1,kg,100").encode("utf-16"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16"],
)
def test_encodings(data):
    result = read(data)
    assert only_value(result, "produk") == "Café"
    assert list(result.rows.columns)[0] == "kode_upt"  # the BOM is not part of the first header


def test_windows_1252_uraian_with_rupiah_sign():
    data = f"{PNBP}\nLP1,2017-03-15,A1B2C3D4E5F6G7H8,2500000,Penjualan “Rp” kué\n".encode("cp1252")
    assert only_value(read(data, "pnbp"), "uraian") == "Penjualan “Rp” kué"


def test_xlsx_first_sheet_with_native_cells():
    rows = [
        ["kode_upt", "periode", "bidang", "produk", "jumlah", "satuan", "nilai_produksi_rp"],
        ["LP1", datetime.datetime(2017, 1, 1), "Jasa", "Cuci", 2.5, "kg", 1234567.0],
        ["LP1", "Februari 2017", "Jasa", "Cuci", 3, "kg", 1234567.5],
    ]
    result = read(xlsx(("Sheet1", rows)), file_name="produksi.xlsx")
    assert result.ok, result.problems
    assert result.rows["periode"].tolist() == [pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-01")]
    assert result.rows["nilai_produksi_rp"].tolist() == [1234567.0, 1234567.5]
    assert result.rows["jumlah"].tolist() == [2.5, 3.0]


def test_xlsx_number_cells_do_not_vote_on_the_number_style():
    # 1234567.5 in a number cell next to the text "1.234.567": the text alone decides (id)
    rows = [PRODUKSI.split(","), ["LP1", "2017-01", "Jasa", "Cuci", 1234567.5, "kg", "1.234.567"]]
    result = read(xlsx(("Sheet1", rows)), file_name="p.xlsx")
    assert only_value(result, "jumlah") == 1234567.5
    assert result.rows["nilai_produksi_rp"].iloc[0] == 1234567.0


def test_xlsx_upt_with_boolean_and_number_cells():
    rows = [
        UPT.split(","),
        ["LP1", "Lapas Satu", "Lapas", "I", "Jawa Barat", "Kota Bandung", 570, True, -6.9175, 107.6191],
    ]
    result = read(xlsx(("upt", rows)), "upt", file_name="upt.xlsx")
    assert only_value(result, "lapas_industri")
    assert (result.rows["kapasitas"].iloc[0], result.rows["lat"].iloc[0]) == (570, -6.9175)


def test_xlsx_sheet_named_after_the_table_wins_over_the_first():
    pnbp_rows = [PNBP.split(","), ["LP1", datetime.datetime(2017, 3, 15), "A1B2C3D4E5F6G7H8", 2500000, None]]
    data = xlsx(("Petunjuk", [["Isi lembar pnbp"]]), ("PNBP", pnbp_rows))
    result = read(data, "pnbp", file_name="setoran.xlsx")
    assert only_value(result, "tanggal_setor") == pd.Timestamp("2017-03-15")
    assert pd.isna(result.rows["uraian"].iloc[0])
    assert result.warnings == []


def test_xlsx_without_a_sheet_named_after_the_table_says_which_sheet_was_read():
    pnbp_rows = [PNBP.split(","), ["LP1", datetime.datetime(2017, 3, 15), "A1B2C3D4E5F6G7H8", 2500000, None]]
    data = xlsx(("Setoran", pnbp_rows), ("Catatan", [["lain-lain"]]))
    result = read(data, "pnbp", file_name="setoran.xlsx")
    assert result.ok
    assert result.warnings == [
        "Berkas berisi beberapa lembar dan tidak ada yang bernama 'pnbp'; yang dibaca lembar pertama, 'Setoran'."
    ]


def test_xlsx_title_and_blank_rows_keep_sheet_row_numbers():
    rows = [["Laporan produksi"], [], PRODUKSI.split(","), [], ["LP1", "2017-01", "Jasa", "Cuci", -1, "kg", 100]]
    result = read(xlsx(("Sheet1", rows)), file_name="p.xlsx")
    assert [p.pesan for p in result.problems] == ["Baris 5, kolom jumlah: -1 tidak boleh negatif"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Kode UPT", "kode_upt"),
        ("KODE_UPT", "kode_upt"),
        ("  kode   upt ", "kode_upt"),
        ("Nilai Produksi (Rp)", "nilai_produksi"),
        ("Nilai  Produksi [Rp]", "nilai_produksi"),
        ("Pagu APBN-P", "pagu_apbnp"),
        ("Jumlah__Penghuni", "jumlah_penghuni"),
        ("\ufeffkode_upt", "kode_upt"),
    ],
)
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


@pytest.mark.parametrize(
    ("table", "header", "row", "column", "expected"),
    [
        (
            "produksi",
            "Kode UPT,Bulan,Bidang,Produk,Jumlah,Satuan,Nilai Produksi (Rp)",
            "LP1,2017-01,Jasa,x,1,kg,5",
            "nilai_produksi_rp",
            5.0,
        ),
        (
            "produksi",
            "kode_satker,periode,bidang,produk,jumlah,satuan,nilai_produksi",
            "lp1,2017-01,Jasa,x,1,kg,5",
            "kode_upt",
            "LP1",
        ),
        (
            "anggaran",
            "Kode UPT,Tahun,Jenis Belanja,Pagu Awal,Pagu APBN-P",
            "LP1,2017,52,100,120",
            "pagu_apbnp_rp",
            120.0,
        ),
        ("upt", UPT.replace("kabupaten_kota", "Kabupaten/Kota"), UPT_ROW, "kabupaten_kota", "Kota Bandung"),
    ],
)
def test_header_spellings_and_aliases(table, header, row, column, expected):
    assert only_value(read(f"{header}\n{row}\n", table), column) == expected


def test_unknown_columns_are_ignored_with_a_warning_naming_them():
    result = read(produksi("1,LP1,2017-01,Jasa,Cuci,1,kg,100,ok", header="No," + PRODUKSI + ",Keterangan"))
    assert result.ok
    assert result.warnings == ["Kolom yang tidak dikenal diabaikan: No, Keterangan."]
    assert list(result.rows.columns) == schema.PRODUKSI.column_names


def test_title_rows_above_the_header_are_skipped_and_counted():
    text = "Laporan Produksi Lapas Industri,,,,,,\nKanwil Jawa Barat,,,,,,\n,,,,,,\n" + produksi(
        "LP1,2017-01,Jasa,Cuci,1,kg,100", "LP1,2017-02,Jasa,Cuci,x,kg,100"
    )
    assert [p.pesan for p in read(text).problems][0].startswith("Baris 6, kolom jumlah: 'x' bukan angka")


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_file():
    text = produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", ",,,,,,", "", "  ,, ,,,,", "LP1,2017-02,Jasa,Cuci,-1,kg,100")
    result = read(text)
    assert [p.baris for p in result.problems] == [6]


def test_blank_rows_only_change_nothing_else():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", ",,,,,,", "LP1,2017-02,Jasa,Cuci,1,kg,100", ",,,,,,"))
    assert result.ok and len(result.rows) == 2


def test_windows_line_ends():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", "LP1,2017-02,Jasa,Cuci,-1,kg,100").replace("\n", "\r\n"))
    assert [p.pesan for p in result.problems] == ["Baris 3, kolom jumlah: -1 tidak boleh negatif"]


@pytest.mark.parametrize("extra", ["LP1,2017-02,Jasa,Cuci,-1,kg,100,,", "LP1,2017-02,Jasa,Cuci,-1,kg"])
def test_rows_longer_or_shorter_than_the_header(extra):
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", extra))
    assert [p.pesan for p in result.problems][0] == "Baris 3, kolom jumlah: -1 tidak boleh negatif"


def test_data_under_an_empty_header_is_ignored_with_a_warning():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100,catatan", header=PRODUKSI + ","))
    assert result.ok
    assert result.warnings == ["Kolom ke-8 tanpa judul berisi data dan diabaikan."]


def test_empty_trailing_columns_are_skipped():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100,,", header=PRODUKSI + ",,"))
    assert result.ok and result.warnings == []


@pytest.mark.parametrize("label", ["Jumlah", "TOTAL", "total"])
def test_closing_total_row_is_skipped_with_a_warning(label):
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", "LP1,2017-02,Jasa,Cuci,1,kg,100", f"{label},,,,2,,200"))
    assert result.ok and len(result.rows) == 2
    assert result.warnings == [f"Baris 4 ('{label}') dianggap baris jumlah dan dilewati."]


def test_total_row_label_in_an_ignored_first_column():
    text = produksi("1,LP1,2017-01,Jasa,Cuci,1,kg,100", "Jumlah,,,,,1,,100", header="No," + PRODUKSI)
    result = read(text)
    assert result.ok and len(result.rows) == 1


def test_quoted_line_break_keeps_row_numbers():
    text = f'{PNBP}\nLP1,2017-03-15,A1B2C3D4E5F6G7H8,100,"dua\nbaris"\nLP1,2017-03-16,A1B2C3D4E5F6G7H9,0,\n'
    result = read(text, "pnbp")
    assert [p.pesan for p in result.problems] == ["Baris 3, kolom jumlah_rp: 0 harus lebih dari 0"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-01", "2017-01-01"),
        ("2017-1", "2017-01-01"),
        ("2017-01-31", "2017-01-01"),
        ("2017-01-31 00:00:00", "2017-01-01"),
        ("01/2017", "2017-01-01"),
        ("1/2017", "2017-01-01"),
        ("31/01/2017", "2017-01-01"),
        ("Jan 2017", "2017-01-01"),
        ("Januari 2017", "2017-01-01"),
        ("JANUARI 2017", "2017-01-01"),
        ("january 2017", "2017-01-01"),
        ("Pebruari 2017", "2017-02-01"),
        ("Mei 2017", "2017-05-01"),
        ("May 2017", "2017-05-01"),
        ("Agustus 2017", "2017-08-01"),
        ("Agu 2017", "2017-08-01"),
        ("Agt 2017", "2017-08-01"),
        ("aug-2017", "2017-08-01"),
        ("Okt 2017", "2017-10-01"),
        ("October 2017", "2017-10-01"),
        ("Nopember 2017", "2017-11-01"),
        ("Des 2017", "2017-12-01"),
        ("Dec 2017", "2017-12-01"),
        ('"Januari, 2017"', "2017-01-01"),
    ],
)
def test_period_forms(text, expected):
    assert only_value(read(produksi(f"LP1,{text},Jasa,Cuci,1,kg,100")), "periode") == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["2017-03-15", "15/03/2017", "15-03-2017"])
def test_date_forms(text):
    result = read(f"{PNBP}\nLP1,{text},A1B2C3D4E5F6G7H8,100,\n", "pnbp")
    assert only_value(result, "tanggal_setor") == pd.Timestamp("2017-03-15")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234567", 1234567.0),
        ("1234567.5", 1234567.5),
        ("1.234.567", 1234567.0),
        ("1.234.567,50", 1234567.5),
        ("Rp 1.234.567", 1234567.0),
        ("Rp1.234.567,-", 1234567.0),
        ("rp. 1.234.567", 1234567.0),
        ("1,234,567.50", 1234567.5),
        ("1234,5", 1234.5),
        ("0,25", 0.25),
        ("1234567.126", 1234567.13),  # money is kept to the sen
    ],
)
def test_number_forms(text, expected):
    content = produksi(f"LP1;2017-01;Jasa;Cuci;1;kg;{text}", header=PRODUKSI.replace(",", ";"))
    assert only_value(read(content), "nilai_produksi_rp") == expected


def test_quoted_number_in_a_comma_file():
    assert only_value(read(produksi('LP1,2017-01,Jasa,Cuci,1,kg,"1,234,567.50"')), "nilai_produksi_rp") == 1234567.5


def test_one_style_read_from_other_cells_settles_an_ambiguous_value():
    # "1.234" alone could be 1234 or 1.234; "2,5" in the same file is Indonesian
    result = read(produksi('LP1,2017-01,Jasa,Cuci,"2,5",kg,1.234'))
    assert only_value(result, "nilai_produksi_rp") == 1234.0
    assert result.rows["jumlah"].iloc[0] == 2.5


@pytest.mark.parametrize(("locale", "expected"), [("id", 1234.0), ("en", 1.234)])
def test_locale_forces_the_style(locale, expected):
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1.234,kg,100"), locale=locale)
    assert only_value(result, "jumlah") == expected


def test_ambiguous_numbers_without_locale_ask_for_the_style():
    message = single_problem(read(produksi("LP1,2017-01,Jasa,Cuci,1.234,kg,2.500")))
    assert "'1.234' (baris 2, kolom jumlah)" in message
    assert "--locale id" in message and "--locale en" in message


def test_mixed_number_styles_are_a_file_problem():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1.234.567,kg,100", "LP1,2017-02,Jasa,Cuci,1,kg,1234.50"))
    message = single_problem(result)
    assert result.problems[0].baris is None
    assert "dua gaya" in message
    assert (
        "'1.234.567' (baris 2, kolom jumlah)" in message and "'1234.50' (baris 3, kolom nilai_produksi_rp)" in message
    )


def test_forced_locale_reports_values_of_the_other_style_by_row():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,1.234.567", "LP1,2017-02,Jasa,Cuci,1,kg,1234.50"), locale="id")
    assert [p.pesan for p in result.problems] == [
        "Baris 3, kolom nilai_produksi_rp: '1234.50' bukan angka dalam gaya Indonesia (1.234.567,50)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ya", True),
        ("Tidak", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
    ],
)
def test_booleans(text, expected):
    row = UPT_ROW.replace(",ya,", f",{text},")
    assert only_value(read(f"{UPT}\n{row}\n", "upt"), "lapas_industri") == expected


def test_upt_row_is_conformed():
    result = read(f"{UPT}\nlp1,Lapas Satu,LAPAS,iia,Jawa Barat,Kota Bandung,570,ya,,\n", "upt")
    assert result.ok
    row = result.rows.iloc[0]
    assert (row["kode_upt"], row["jenis"], row["kelas"], row["kapasitas"]) == ("LP1", "Lapas", "IIA", 570)
    assert result.rows["kapasitas"].dtype == "Int64" and result.rows["lapas_industri"].dtype == "boolean"
    assert pd.isna(row["lat"]) and pd.isna(row["komoditas_utama"])


@pytest.mark.parametrize("text", ["52", "Belanja Barang", "barang", "BELANJA  BARANG"])
def test_jenis_belanja_spellings(text):
    assert only_value(read(f"{ANGGARAN}\nLP1,2017,{text},100,,\n", "anggaran"), "jenis_belanja") == "52"


def test_optional_money_defaults():
    result = read(f"{ANGGARAN}\nLP1,2017,51,100,,\n", "anggaran")
    assert pd.isna(only_value(result, "pagu_apbnp_rp"))  # empty = no revision
    assert result.rows["blokir_rp"].iloc[0] == 0.0
    assert result.rows["tahun_anggaran"].iloc[0] == 2017


def test_ntpn_is_upper_cased():
    assert only_value(read(f"{PNBP}\nLP1,2017-03-15,a1b2c3d4e5f6g7h8,100,\n", "pnbp"), "ntpn") == "A1B2C3D4E5F6G7H8"


def test_known_upt_is_compared_case_insensitively():
    assert read(produksi("lp1,2017-01,Jasa,Cuci,1,kg,100"), known_upt=["Lp1"]).ok


# --- what is rejected ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "content", "expected"),
    [
        ("produksi", produksi("LP1,2017-01,Jasa,,1,kg,100"), "Baris 2, kolom produk: wajib diisi"),
        ("produksi", produksi("LP1,2017-01,Jasa,Cuci,,kg,100"), "Baris 2, kolom jumlah: wajib diisi"),
        (
            "produksi",
            produksi("LP1,Juni 20017,Jasa,Cuci,1,kg,100"),
            "Baris 2, kolom periode: 'Juni 20017' bukan periode yang dikenali (contoh: 2017-01, 01/2017, Januari 2017)",
        ),
        ("produksi", produksi("LP1,13/2017,Jasa,Cuci,1,kg,100"), "Baris 2, kolom periode: '13/2017' bukan periode"),
        (
            "produksi",
            produksi("LP1,1999-12,Jasa,Cuci,1,kg,100"),
            "Baris 2, kolom periode: '1999-12' di luar rentang tahun 2000–2025",
        ),
        ("produksi", produksi("LP1,2026-01,Jasa,Cuci,1,kg,100"), "Baris 2, kolom periode: '2026-01' di luar rentang"),
        (
            "produksi",
            produksi("LP1,2017-01,Jasa,Cuci,1,kg,sejuta"),
            "Baris 2, kolom nilai_produksi_rp: 'sejuta' bukan angka",
        ),
        ("produksi", produksi("LP1,2017-01,Jasa,Cuci,-1,kg,100"), "Baris 2, kolom jumlah: -1 tidak boleh negatif"),
        (
            "produksi",
            produksi("LP1,2017-01,Jasa,Cuci,1,kg,20000000000000"),
            "Baris 2, kolom nilai_produksi_rp: 20000000000000 melebihi batas",
        ),
        (
            "produksi",
            produksi("LP1,2017-01,Garmen,Cuci,1,kg,100"),
            "Baris 2, kolom bidang: 'Garmen' bukan nilai bidang yang sah (pilihan: Agribisnis, Pangan, Tekstil & Garmen, "
            "Kerajinan, Manufaktur, Percetakan, Jasa, Lainnya)",
        ),
        (
            "produksi",
            produksi("LP 1,2017-01,Jasa,Cuci,1,kg,100"),
            "Baris 2, kolom kode_upt: 'LP 1' bukan kode UPT yang sah",
        ),
        ("produksi", produksi("L,2017-01,Jasa,Cuci,1,kg,100"), "Baris 2, kolom kode_upt: 'L' bukan kode UPT yang sah"),
        (
            "pnbp",
            f"{PNBP}\nLP1,2017-03-15,A1B2C3,100,\n",
            "Baris 2, kolom ntpn: 'A1B2C3' bukan NTPN yang sah (16 huruf/angka)",
        ),
        ("pnbp", f"{PNBP}\nLP1,2017-03-15,A1B2C3D4E5F6G7H8,0,\n", "Baris 2, kolom jumlah_rp: 0 harus lebih dari 0"),
        (
            "pnbp",
            f"{PNBP}\nLP1,32/03/2017,A1B2C3D4E5F6G7H8,5,\n",
            "Baris 2, kolom tanggal_setor: '32/03/2017' bukan tanggal yang dikenali",
        ),
        ("pnbp", f"{PNBP}\nLP1,03/2017,A1B2C3D4E5F6G7H8,5,\n", "Baris 2, kolom tanggal_setor: '03/2017' bukan tanggal"),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace('Lapas,I', 'Lapas,IV')}\n",
            "Baris 2, kolom kelas: 'IV' bukan nilai kelas yang sah (pilihan: I, II, IIA, IIB, III)",
        ),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace(',Lapas,', ',Bapas,')}\n",
            "Baris 2, kolom jenis: 'Bapas' bukan nilai jenis yang sah",
        ),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace(',ya,', ',mungkin,')}\n",
            "Baris 2, kolom lapas_industri: 'mungkin' bukan nilai ya/tidak",
        ),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace('-6.9175', '-12.5')}\n",
            "Baris 2, kolom lat: -12.5 di luar wilayah Indonesia (-11 sampai 6)",
        ),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace('107.6191', '150.25')}\n",
            "Baris 2, kolom lon: 150.25 di luar wilayah Indonesia (95 sampai 141)",
        ),
        (
            "upt",
            f"{UPT}\n{UPT_ROW.replace(',570,', ',57.5,')}\n",
            "Baris 2, kolom kapasitas: '57.5' harus bilangan bulat",
        ),
        (
            "anggaran",
            f"{ANGGARAN}\nLP1,1999,51,100,,\n",
            "Baris 2, kolom tahun_anggaran: '1999' di luar rentang tahun 2000–2025",
        ),
        ("anggaran", f"{ANGGARAN}\nLP1,17,51,100,,\n", "Baris 2, kolom tahun_anggaran: '17' bukan tahun"),
        (
            "anggaran",
            f"{ANGGARAN}\nLP1,2017,54,100,,\n",
            "Baris 2, kolom jenis_belanja: '54' bukan jenis belanja yang sah",
        ),
    ],
)
def test_row_problems_name_row_column_and_value(table, content, expected):
    message = single_problem(read(content, table))
    assert message.startswith(expected), message


def test_problem_fields():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", "LP1,2017-02,Jasa,Cuci,-3,kg,100"))
    assert result.problems == [
        Problem(baris=3, kolom="jumlah", nilai="-3", pesan="Baris 3, kolom jumlah: -3 tidak boleh negatif")
    ]
    assert result.problem_count == 1 and not result.ok


def test_badly_formed_kode_is_not_also_reported_unknown():
    result = read(produksi("L P,2017-01,Jasa,Cuci,1,kg,100"), known_upt=["LP1"])
    assert single_problem(result).startswith("Baris 2, kolom kode_upt: 'L P' bukan kode UPT yang sah")


def test_unknown_kode_upt_when_the_upt_list_is_given():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", "LP9,2017-01,Jasa,Cuci,1,kg,100"), known_upt=["LP1"])
    assert single_problem(result) == "Baris 3, kolom kode_upt: 'LP9' tidak ada di daftar UPT"


def test_known_upt_does_not_apply_to_the_upt_table():
    assert read(f"{UPT}\n{UPT_ROW}\n", "upt", known_upt=[]).ok


def test_duplicate_key_names_both_rows():
    text = produksi(
        "LP1,2017-01,Jasa,Cuci,1,kg,100",
        "LP2,2017-01,Jasa,Cuci,1,kg,100",
        "lp1,Januari 2017,jasa,Cuci,2,kg,200",  # the same key written differently
    )
    assert single_problem(read(text)) == "Baris 4: kunci (lp1, Januari 2017, jasa, Cuci) sama dengan baris 2"


def test_duplicate_ntpn():
    text = f"{PNBP}\nLP1,2017-03-15,A1B2C3D4E5F6G7H8,100,\nLP2,2017-03-16,a1b2c3d4e5f6g7h8,100,\n"
    assert single_problem(read(text, "pnbp")) == "Baris 3: kunci (a1b2c3d4e5f6g7h8) sama dengan baris 2"


def test_rows_with_a_bad_key_value_are_not_also_reported_as_duplicates():
    result = read(produksi("LP1,2017-13,Jasa,Cuci,1,kg,100", "LP1,2017-13,Jasa,Cuci,1,kg,100"))
    assert [p.baris for p in result.problems] == [2, 3]
    assert all("bukan periode" in p.pesan for p in result.problems)


def test_wbp_bekerja_may_not_exceed_jumlah_penghuni():
    text = f"{PARTISIPASI}\nLP1,2017-01,480,320,10,2,100\nLP1,2017-02,480,520,10,2,100\n"
    result = read(text, "partisipasi")
    assert single_problem(result) == "Baris 3, kolom wbp_bekerja: 520 melebihi jumlah_penghuni (480)"
    assert result.problems[0].kolom == "wbp_bekerja"


def test_nama_upt_is_unique_within_kanwil():
    rows = [
        UPT_ROW,
        UPT_ROW.replace("LP1", "LP2").replace("Jawa Barat", "Banten"),  # same name, other kanwil: fine
        UPT_ROW.replace("LP1", "LP3").replace("Lapas Satu", "lapas  satu"),
    ]
    message = single_problem(read("\n".join([UPT, *rows]) + "\n", "upt"))
    assert message == "Baris 4, kolom nama_upt: 'lapas  satu' sudah dipakai di baris 2 dalam kanwil Jawa Barat"


@pytest.mark.parametrize(
    ("content", "file_name", "expected"),
    [
        (b"", "a.csv", "File kosong."),
        (b"  \r\n\r\n", "a.csv", "File kosong."),
        (b"\x00\x01\x02\x03binary\x00", "a.csv", "bukan CSV atau XLSX"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "File XLSX tidak dapat dibaca"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "a.xls", ".xls lama tidak didukung"),
        (PRODUKSI.encode() + b"\n", "a.csv", "tidak berisi baris data"),
        (PRODUKSI.encode() + b"\n,,,,,,\nJumlah,,,,,,0\n", "a.csv", "tidak berisi baris data"),
        (b"nama,alamat\nBudi,Bandung\n", "a.csv", "Baris judul kolom tidak ditemukan di 30 baris pertama"),
        (
            b"kode_upt,periode,produk,jumlah\nLP1,2017-01,x,1\n",
            "a.csv",
            "Kolom wajib tidak ada: bidang, satuan, nilai_produksi_rp.",
        ),
        (
            b"kode_upt,periode,bidang,produk,jumlah,satuan,nilai_produksi_rp,nilai_produksi\n",
            "a.csv",
            "Kolom nilai_produksi_rp muncul lebih dari sekali",
        ),
    ],
)
def test_file_problems(content, file_name, expected):
    result = read(content, file_name=file_name)
    message = single_problem(result)
    assert expected in message
    assert result.problems[0].baris is None
    assert list(result.rows.columns) == schema.PRODUKSI.column_names


def test_file_larger_than_the_limit_is_not_parsed():
    data = produksi("LP1,2017-01,Jasa,Cuci,1,kg,100").encode()
    message = single_problem(read_upload(data, "a.csv", "produksi", max_bytes=10))
    assert "melebihi batas" in message


def test_unknown_table_is_a_file_problem():
    result = read(b"a\n1\n", "produksiii")
    assert not result.ok
    assert result.problems[0].pesan.startswith("Tabel 'produksiii' tidak dikenal. Pilihan: upt, produksi")


def test_problems_are_capped_in_row_order_with_the_total_count():
    rows = [f"LP1,2017-01,Jasa,Produk {i},-1,kg,x" for i in range(60)]  # two problems per row
    result = read(produksi(*rows))
    assert result.problem_count == 120
    assert len(result.problems) == MAX_PROBLEMS
    assert [p.baris for p in result.problems] == [row for row in range(2, 27) for _ in range(2)]
    assert [p.kolom for p in result.problems[:2]] == ["jumlah", "nilai_produksi_rp"]


# --- templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_template_is_accepted_back(table):
    frame = template_frame(table)
    assert list(frame.columns) == schema.TABLES[table].column_names and len(frame) == 1
    result = read(template_csv(table), table)
    assert result.ok, [p.pesan for p in result.problems]
    assert len(result.rows) == 1
    assert not result.rows.isna().to_numpy().any()  # every example is filled in


def test_rows_have_no_extra_columns_and_a_clean_index():
    result = read(produksi("LP1,2017-01,Jasa,Cuci,1,kg,100", ",,,,,,", "LP1,2017-02,Jasa,Cuci,1,kg,100"))
    assert list(result.rows.columns) == schema.PRODUKSI.column_names
    assert result.rows.index.tolist() == [0, 1]
    assert np.array_equal(result.rows["jumlah"].to_numpy(), [1.0, 1.0])
