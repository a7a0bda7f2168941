"""The audit working paper (lapas_metrics.export): opened with openpyxl and checked sheet by sheet."""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import openpyxl
import pandas as pd
import pytest

from lapas_metrics import audit, auth, export, metrics
from lapas_metrics.audit import Criteria
from lapas_metrics.export import working_paper
from lapas_metrics.metrics import FIGURES, AuditConfig

NaN = float("nan")
EVIL_NAME = '=HYPERLINK("http://x","y")'
WIB = timezone(timedelta(hours=7))


def figures() -> pd.DataFrame:
    base = {
        "kode_upt": "X",
        "nama_upt": "Lapas X",
        "kanwil": "Jawa Barat",
        "jenis": "Lapas",
        "kelas": "IIA",
        "lapas_industri": False,
        "tahun": 2019,
        **{name: NaN for name in FIGURES},
        "bulan_diharapkan": 12,
        "bulan_dilaporkan": 12,
    }
    rows = [
        # The hostile unit: its code and name would be formulas, its APBN-P addition is a cut (a negative number).
        {
            "kode_upt": "=1+2",
            "nama_upt": EVIL_NAME,
            "kanwil": "@Jawa Barat",
            "pagu_efektif_rp": 30_000_000_000.0,
            "tambahan_apbnp_rp": -500_000_000.0,
            "realisasi_rp": 27_000_000_000.0,
            "penyerapan": 0.9,
            "konsentrasi_akhir_tahun": 0.41,
        },
        {
            "kode_upt": "LP-B",
            "nama_upt": "Lapas B",
            "kanwil": "@Jawa Barat",
            "pagu_efektif_rp": 10_000_000_000.0,
            "tambahan_apbnp_rp": 0.0,
            "realisasi_rp": 9_950_000_000.0,
            "penyerapan": 0.995,
            "konsentrasi_akhir_tahun": 0.2,
        },
        {"kode_upt": "LP-B", "nama_upt": "Lapas B", "kanwil": "@Jawa Barat", "tahun": 2018, "pagu_efektif_rp": 9e9},
    ]
    return pd.DataFrame([{**base, **row} for row in rows])


def paper(exported_at: datetime | None = None, config: AuditConfig | None = None) -> export.WorkingPaper:
    defaults = AuditConfig()
    config = config or defaults
    scored = metrics.audit_flags(figures(), config)
    criteria = Criteria(tahun=(2019,), mode="persentil", persentil=0)
    selected = audit.select_targets(scored, criteria)
    batches = pd.DataFrame(
        {
            "batch_id": [2, 1],
            "tabel": ["realisasi", "upt"],
            "nama_file": ["-2+3.csv", "upt.xlsx"],
            "sha256": ["b" * 64, "a" * 64],
            "baris_baru": [10, 2],
            "baris_diganti": [0, 0],
            "waktu": pd.to_datetime(["2024-02-01 10:00:00", "2024-01-01 09:30:00"]),
            "pengguna": ["+operator", "admin"],
            "status": ["aktif", "aktif"],
            "peringatan": [None, None],
            "waktu_batal": [None, None],
        }
    )
    return export.WorkingPaper(
        criteria=criteria,
        config=config,
        defaults=defaults,
        summary=audit.summary_table(selected, metrics.flag_status(scored, config)),
        findings=audit.findings(metrics.flag_reasons(scored, config), selected),
        data=audit.underlying_data(scored, selected),
        sources=audit.source_batches(batches),
        database="lapas.duckdb",
        database_sha256="c" * 64,
        app_version="9.9.9",
        exported_at=exported_at or datetime(2025, 3, 4, 5, 6, 7, tzinfo=WIB),
        percentiles=audit.percentile_table(scored, criteria),
        demo=True,
        exported_by="Auditor Satu (Auditor)",
    )


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export.workbook_bytes(paper(), AUDITOR)))


def header(sheet) -> tuple[list, list]:
    rows = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    return list(rows[0]), list(rows[1])


def column_of(sheet, name: str) -> int:
    """1-based column of a canonical name in the second header row."""
    return header(sheet)[1].index(name) + 1


def test_sheet_names(book):
    assert book.sheetnames == ["Kriteria", "Ringkasan", "Temuan", "Data", "Sumber"]


def test_kriteria_sheet(book):
    sheet = book["Kriteria"]
    items = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert items["Waktu ekspor"] == "4 Maret 2025 05.06.07 WIB"
    assert items["SHA-256 basis data"] == "c" * 64
    assert items["Versi aplikasi"] == "9.9.9"
    assert items["Diekspor oleh"] == "Auditor Satu (Auditor)"
    assert items["Basis data"] == "lapas.duckdb"
    assert items["Tahun anggaran"] == "2019"
    assert items["Kriteria anggaran"].startswith("Pagu efektif ≥ persentil ke-0")
    assert items["Jumlah baris hasil (UPT × tahun)"] == 2
    # Thresholds and weights: a header pair, then one row per scored flag.
    labels = [row[0] for row in sheet.iter_rows(values_only=True)]
    title = labels.index("Ambang dan bobot bendera") + 1  # 1-based row of the section title
    assert [c.value for c in sheet[title + 1]][:2] == ["Bendera", "Aturan (… = ambang)"]
    assert [c.value for c in sheet[title + 2]][:2] == ["bendera", "aturan"]
    first = sheet[title + 3]  # penyerapan_rendah
    assert first[0].value == "Penyerapan rendah"
    assert first[2].value == 0.9 and first[2].number_format == export.PERCENT
    assert first[4].value == 2
    # A threshold in months is written as months, not as a percentage.
    handover = next(r for r in sheet.iter_rows(min_row=title + 3) if r[0].value == "Serah terima dekat")
    assert handover[2].value == 12 and handover[2].number_format == export.YEAR
    assert handover[4].value == 0  # shown, never scored


def test_ringkasan_sheet(book):
    sheet = book["Ringkasan"]
    labels, names = header(sheet)
    assert names == list(audit.SUMMARY_COLUMNS)
    assert labels[:4] == ["Kode UPT", "Nama UPT", "Pagu efektif", "Kanwil"]  # the criterion's amount by the name
    assert sheet.freeze_panes == "C3"  # two header rows, code and name frozen
    pagu, tambahan, serap = (column_of(sheet, n) for n in ("pagu_efektif_rp", "tambahan_apbnp_rp", "penyerapan"))
    # Sorted by pagu efektif: the hostile unit (30 M) raises lonjakan_akhir_tahun (0.41 > 0.35), Lapas B nothing.
    assert sheet.cell(3, pagu).value == 30_000_000_000
    assert sheet.cell(3, pagu).number_format == export.RUPIAH
    assert sheet.cell(3, tambahan).value == -500_000_000  # a negative amount stays a number
    assert sheet.cell(3, tambahan).data_type == "n"
    assert sheet.cell(3, serap).value == pytest.approx(0.9)
    assert sheet.cell(3, serap).number_format == export.PERCENT
    lonjakan = column_of(sheet, "lonjakan_akhir_tahun")
    deviasi = column_of(sheet, "deviasi_rpd_tinggi")
    assert [sheet.cell(r, lonjakan).value for r in (3, 4)] == ["ya", "tidak"]
    assert sheet.cell(3, deviasi).value == "t.d."  # no deviasi_rpd: not evaluable
    assert sheet.cell(4, column_of(sheet, "kode_upt")).value == "LP-B"
    assert sheet.max_row == 4
    # Columns are sized to their content, not left at Excel's default.
    assert sheet.column_dimensions["B"].width >= len(EVIL_NAME)


def test_ringkasan_of_the_apbnp_criterion_shows_the_addition_after_the_name():
    scored = metrics.audit_flags(figures(), AuditConfig())
    scored.loc[scored["tahun"] == 2019, "tambahan_apbnp_rp"] = [1e9, 2e9]  # the hostile unit has the higher score
    criteria = Criteria(tahun=(2019,), mode="top_apbnp", top_n=5)
    summary = audit.summary_table(audit.select_targets(scored, criteria), lead=criteria.amount_column)
    base = paper()
    book = openpyxl.load_workbook(
        io.BytesIO(export.workbook_bytes(dataclasses.replace(base, criteria=criteria, summary=summary), AUDITOR))
    )
    sheet = book["Ringkasan"]
    labels, names = header(sheet)
    assert names[:4] == ["kode_upt", "nama_upt", "tambahan_apbnp_rp", "kanwil"]
    assert labels[2] == "Tambahan APBN-P"
    assert [sheet.cell(r, 3).value for r in (3, 4)] == [2_000_000_000, 1_000_000_000]  # the largest first
    assert sheet.cell(3, 3).number_format == export.RUPIAH
    assert sheet.cell(3, column_of(sheet, "kode_upt")).value == "LP-B"
    criteria_items = {row[0]: row[1] for row in book["Kriteria"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert criteria_items["Urutan"].startswith("Tambahan APBN-P terbesar dahulu")
    csv_header = export.summary_csv(summary, AUDITOR).decode("utf-8-sig").splitlines()[0].split(",")
    assert csv_header[:3] == ["kode_upt", "nama_upt", "tambahan_apbnp_rp"]


def test_temuan_sheet(book):
    sheet = book["Temuan"]
    labels, names = header(sheet)
    assert names == list(audit.FINDING_COLUMNS)
    assert sheet.freeze_panes == "C3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    flags = [row[3] for row in rows]
    # The hostile unit: anggaran_tinggi (30 M >= its 75th percentile 25 M) and lonjakan_akhir_tahun.
    assert flags == ["anggaran_tinggi", "lonjakan_akhir_tahun"]
    assert rows[1][8] == "Realisasi November–Desember 41% dari realisasi setahun (batas 35%)."
    nilai, batas = column_of(sheet, "nilai"), column_of(sheet, "batas")
    assert sheet.cell(3, nilai).number_format == export.RUPIAH  # anggaran_tinggi compares rupiah
    assert sheet.cell(4, nilai).number_format == export.PERCENT
    assert sheet.cell(4, batas).value == pytest.approx(0.35)


def test_data_sheet(book):
    sheet = book["Data"]
    labels, names = header(sheet)
    assert names == list(audit.DATA_COLUMNS)
    assert sheet.freeze_panes == "C3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    tahun = names.index("tahun")
    # Every year of the selected units, by kode_upt then tahun ("'=1+2" sorts as "=1+2" before "LP-B").
    assert [(row[0], row[tahun]) for row in rows] == [("'=1+2", 2019), ("LP-B", 2018), ("LP-B", 2019)]
    assert [row[-1] for row in rows] == ["ya", None, "ya"]
    realisasi = column_of(sheet, "realisasi_rp")
    assert sheet.cell(5, realisasi).value == 9_950_000_000
    assert sheet.cell(5, realisasi).number_format == export.RUPIAH
    assert sheet.cell(4, realisasi).value is None  # empty stays empty, never 0 or "nan"


def test_sumber_sheet(book):
    sheet = book["Sumber"]
    labels, names = header(sheet)
    assert names == list(audit.SOURCE_COLUMNS)
    assert sheet.freeze_panes == "A3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [1, 2]  # oldest batch first
    assert rows[0][3] == "a" * 64
    assert rows[1][6] == "1 Februari 2024 17.00 WIB"  # stored UTC, read in Jakarta


def test_formula_injection_is_neutralised_everywhere(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    ringkasan = book["Ringkasan"]
    name = ringkasan.cell(3, column_of(ringkasan, "nama_upt"))
    assert name.value == "'" + EVIL_NAME
    assert name.data_type == "s"
    assert ringkasan.cell(3, column_of(ringkasan, "kode_upt")).value == "'=1+2"
    assert ringkasan.cell(3, column_of(ringkasan, "kanwil")).value == "'@Jawa Barat"
    temuan = book["Temuan"]
    assert temuan.cell(3, 2).value == "'" + EVIL_NAME
    sumber = book["Sumber"]
    assert sumber.cell(4, 3).value == "'-2+3.csv"
    assert sumber.cell(4, 8).value == "'+operator"


def test_csv_is_the_same_table_neutralised():
    summary = paper().summary
    text = export.summary_csv(summary, AUDITOR).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(",") == list(audit.SUMMARY_COLUMNS)
    assert lines[1].startswith("'=")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["nama_upt"] == "'" + EVIL_NAME
    assert rows[0]["kanwil"] == "'@Jawa Barat"
    assert float(rows[0]["tambahan_apbnp_rp"]) == -500_000_000  # still a plain number
    assert rows[0]["lonjakan_akhir_tahun"] == "true"
    assert rows[1]["lonjakan_akhir_tahun"] == "false"
    assert rows[0]["deviasi_rpd_tinggi"] == ""  # not evaluable
    assert float(rows[1]["penyerapan"]) == pytest.approx(0.995)


def cells(workbook: openpyxl.Workbook) -> dict[str, list[list]]:
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_same_inputs_give_the_same_sheets_apart_from_the_export_time():
    first = cells(
        openpyxl.load_workbook(
            io.BytesIO(export.workbook_bytes(paper(datetime(2025, 1, 1, 8, 0, tzinfo=WIB)), AUDITOR))
        )
    )
    second = cells(
        openpyxl.load_workbook(
            io.BytesIO(export.workbook_bytes(paper(datetime(2026, 6, 30, 23, 59, tzinfo=WIB)), AUDITOR))
        )
    )
    moment = [n for n, row in enumerate(first["Kriteria"]) if row[0] == "Waktu ekspor"]
    assert len(moment) == 1
    assert first["Kriteria"][moment[0]] != second["Kriteria"][moment[0]]
    first["Kriteria"].pop(moment[0])
    second["Kriteria"].pop(moment[0])
    assert first == second


def test_what_if_is_recorded():
    changed = AuditConfig().with_overrides(lonjakan_akhir_tahun=0.5)
    workbook = openpyxl.load_workbook(io.BytesIO(export.workbook_bytes(paper(config=changed), AUDITOR)))
    sheet = workbook["Kriteria"]
    items = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert items["Pengaturan bendera"][1] == "Diubah untuk sesi ini (what-if)"
    assert items["Lonjakan akhir tahun"][2:7] == (0.5, 0.35, 2, 2, "ya")
    # The flag is no longer raised (0.41 is not above 0.50): one finding left.
    assert [row[3] for row in workbook["Temuan"].iter_rows(min_row=3, values_only=True)] == ["anggaran_tinggi"]  # flag


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        ("", ""),
        ("Lapas", "Lapas"),
    ],
)
def test_neutralise(text, expected):
    assert export.neutralise(text) == expected


AUDITOR = auth.Actor("aud", "Auditor", "auditor")


@pytest.mark.parametrize("peran", ["pimpinan", "operator"])
def test_roles_without_export_are_refused_in_the_export_code(peran: str) -> None:
    someone = auth.Actor("x", "X", peran, ("LP-A",))
    with pytest.raises(auth.Forbidden, match="mengekspor"):
        export.workbook_bytes(paper(), someone)
    with pytest.raises(auth.Forbidden, match="mengekspor"):
        export.summary_csv(paper().summary, someone)


def test_every_sheet_prints_a4_landscape_one_page_wide_with_header_and_footer(book):
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert (sheet.page_setup.fitToWidth or 1) == 1, sheet.title
        assert "Kertas kerja pemilihan objek audit Lapas Industri" in sheet.oddHeader.left.text
        assert sheet.oddHeader.center.text == "Kanwil Jawa Barat" or sheet.oddHeader.center.text == "Semua kanwil"
        assert sheet.oddHeader.right.text == "TA 2019"
        assert sheet.oddFooter.left.text == "Halaman &P dari &N"
        assert sheet.oddFooter.center.text == "Diekspor 4 Maret 2025 05.06 WIB"
        assert sheet.oddFooter.right.text == "SHA-256 basis data:\n" + "c" * 64
    for name in ("Ringkasan", "Temuan", "Data", "Sumber"):
        assert book[name].print_title_rows == "$1:$2", name
    assert (book["Kriteria"].page_setup.fitToHeight or 1) == 1  # the cover on one page (1 is the default, left out)
    assert book["Ringkasan"].page_setup.fitToHeight == 0  # as many pages tall as needed


def test_the_cover_has_the_signature_block_with_lines_to_sign(book):
    sheet = book["Kriteria"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3, max_row=5, max_col=4)]
    assert rows[0] == ["Peran", "Nama", "Paraf", "Tanggal"]
    assert rows[1][0] == "Disusun oleh (Auditor)"
    assert rows[2] == ["Direviu oleh (Pengendali Teknis)", None, None, None]
    assert all(sheet.cell(5, col).border.bottom.style == "thin" for col in range(1, 5))


def test_the_preparer_signs_with_the_export_date():
    workbook = openpyxl.load_workbook(
        io.BytesIO(export.workbook_bytes(replace(paper(), preparer="Auditor Satu", reviewer="Dalnis Dua"), AUDITOR))
    )
    rows = [[cell.value for cell in row] for row in workbook["Kriteria"].iter_rows(min_row=4, max_row=5, max_col=4)]
    assert rows == [
        ["Disusun oleh (Auditor)", "Auditor Satu", None, "4 Maret 2025"],
        ["Direviu oleh (Pengendali Teknis)", "Dalnis Dua", None, None],
    ]


def test_no_internal_file_name_is_cited(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(value, str) and ".md" in value for value in row), sheet.title


def test_findings_show_each_flags_value_in_the_kind_its_record_declares():
    formats = {flag: working_paper._finding_format(flag) for flag in metrics.FLAGS}
    assert formats["anggaran_tinggi"] == export.RUPIAH
    assert formats["produktivitas_rendah"] == export.RATIO
    assert formats["serah_terima_dekat"] == export.YEAR  # a number of months
    assert {formats[flag] for flag in ("penyerapan_rendah", "aset_menganggur", "premi_kurang_bayar")} == {
        export.PERCENT
    }
