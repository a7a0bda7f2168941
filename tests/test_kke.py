"""The KKE: exported as an Excel working paper (print settings, validation, Info) and read back like an upload."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from lapas_metrics import auth, evaluation, export
from lapas_metrics.evaluation import TIDAK_BERLAKU, Answer, default_instrument, load_instrument, read_kke
from lapas_metrics.evaluation.load import DEFAULT_INSTRUMENT_FILE
from lapas_metrics.ingest.xlsx import DAMAGED
from tests import hostile

AUDITOR = auth.Actor("aud", "Auditor Satu", "auditor")
INSTRUMENT = default_instrument()
TEAM = [
    ("Ani Ketua", evaluation.KETUA_TIM),
    ("Budi Anggota", evaluation.ANGGOTA),
    ("Citra Dalnis", evaluation.PENGENDALI_TEKNIS),
    ("Dedi Daltu", evaluation.PENGENDALI_MUTU),
]
FIGURE_ITEM = next(item for item in INSTRUMENT.items if item.angka is not None)
HOSTILE = '=HYPERLINK("http://x.example","klik")'


def paper(**changes: object) -> export.KkePaper:
    values: dict[str, object] = {
        "instrument": INSTRUMENT,
        "kode_upt": "LPIISKM",
        "nama_upt": "Lapas Kelas IIA Sukamiskin",
        "periode": "TA 2024",
        "evaluasi_id": 7,
        "status": evaluation.DRAF,
        "database_sha256": "ab" * 32,
        "exported_at": datetime(2026, 12, 1, 8, 51),
        "team": TEAM,
        "suggestions": {FIGURE_ITEM.kode: (3, 0.8)},
    }
    values.update(changes)
    return export.KkePaper(**values)  # type: ignore[arg-type]


def kke(**changes: object) -> bytes:
    return export.kke_bytes(paper(**changes), AUDITOR)


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def item_rows(ws: Worksheet) -> dict[str, int]:
    """kode -> spreadsheet row of the KKE sheet."""
    codes = {item.kode for item in INSTRUMENT.items}
    return {str(row[0].value): row[0].row for row in ws.iter_rows(min_row=1) if row[0].value in codes}


def filled(data: bytes, cells: dict[str, dict[str, object]]) -> bytes:
    """The KKE with cells filled in as an auditor would in Excel: {kode: {column name: value}}."""
    workbook = book(data)
    ws = workbook[evaluation.KKE_SHEET]
    names = [cell.value for cell in ws[5]]
    rows = item_rows(ws)
    for kode, values in cells.items():
        for name, value in values.items():
            ws.cell(rows[kode], names.index(name) + 1, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- export


def test_print_settings_header_footer_and_repeated_rows() -> None:
    ws = book(kke())[evaluation.KKE_SHEET]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # openpyxl: None = 1
    assert ws.print_title_rows == "$4:$5"
    assert ws.freeze_panes == "B6"
    assert "Kertas Kerja Evaluasi (KKE) Lapas Industri" in ws.oddHeader.left.text
    assert ws.oddHeader.center.text == "Lapas Kelas IIA Sukamiskin (LPIISKM)"
    assert ws.oddHeader.right.text == "TA 2024"
    assert "Halaman &P dari &N" in ws.oddFooter.left.text
    assert "Diekspor 1 Desember 2026 15.51 WIB" in ws.oddFooter.center.text
    assert "ab" * 32 in ws.oddFooter.right.text


def test_columns_one_row_per_item_and_cells_to_fill_empty_without_an_answer() -> None:
    ws = book(kke())[evaluation.KKE_SHEET]
    assert [cell.value for cell in ws[5]] == [
        "kode",
        "bagian",
        "pertanyaan",
        "skala",
        "bukti",
        "angka",
        "saran_tingkat",
        "tingkat",
        "catatan",
        "alasan",
    ]
    rows = item_rows(ws)
    assert list(rows) == [item.kode for item in INSTRUMENT.items]
    first = INSTRUMENT.items[0]
    row = [cell.value for cell in ws[rows[first.kode]]]
    assert row[1] == INSTRUMENT.section_of(first.kode).judul
    assert row[2] == first.pertanyaan and row[4] == first.bukti
    assert row[3] == "\n".join(f"{n} = {text}" for n, text in enumerate(first.skala))
    assert row[3].startswith("0 = ") and "\n4 = " in row[3]
    assert row[7:] == [None, None, None]
    assert ws.cell(rows[first.kode], 3).alignment.wrap_text
    figure = [cell.value for cell in ws[rows[FIGURE_ITEM.kode]]]
    assert figure[6] == 3
    assert FIGURE_ITEM.angka is not None and FIGURE_ITEM.angka.nama in figure[5]
    assert figure[5].endswith(FIGURE_ITEM.angka.describe())
    assert figure[7] is None  # the suggestion is not an answer


def test_current_answers_fill_the_level_and_note() -> None:
    first, second = INSTRUMENT.items[:2]
    answers = {first.kode: Answer(first.kode, 2, "SK ada"), second.kode: Answer(second.kode, TIDAK_BERLAKU, "")}
    ws = book(kke(answers=answers))[evaluation.KKE_SHEET]
    rows = item_rows(ws)
    assert [ws.cell(rows[first.kode], n).value for n in (8, 9)] == [2, "SK ada"]
    assert ws.cell(rows[second.kode], 8).value == TIDAK_BERLAKU


def test_tingkat_cells_carry_a_validation_list_and_an_explanation() -> None:
    ws = book(kke())[evaluation.KKE_SHEET]
    (validation,) = ws.data_validations.dataValidation
    last = 5 + len(INSTRUMENT.items)
    assert str(validation.sqref) == f"H6:H{last}"
    assert validation.type == "list" and validation.formula1 == '"0,1,2,3,4,tidak_berlaku"'
    assert validation.showInputMessage and "tidak_berlaku" in validation.prompt
    assert validation.showErrorMessage and validation.error
    assert "Alasan" in ws["H4"].comment.text


def test_signature_block_names_the_team_roles_and_leaves_dates_open() -> None:
    ws = book(kke())[evaluation.KKE_SHEET]
    found = {
        row[2].value: [cell.value for cell in row[3:6]]
        for row in ws.iter_rows(min_row=6)
        if isinstance(row[2].value, str) and "oleh (" in row[2].value
    }
    assert found == {
        "Disusun oleh (Ketua Tim)": ["Ani Ketua", None, None],
        "Direviu oleh (Pengendali Teknis)": ["Citra Dalnis", None, None],
        "Disetujui oleh (Pengendali Mutu)": ["Dedi Daltu", None, None],
    }
    team = next(str(c.value) for row in ws.iter_rows() for c in row if str(c.value).startswith("Tim evaluasi"))
    assert "Anggota: Budi Anggota" in team


def test_info_sheet_is_hidden_protected_and_names_the_evaluation() -> None:
    workbook = book(kke())
    assert workbook.sheetnames == ["KKE", "Petunjuk", "Info"]
    info = workbook["Info"]
    assert info.sheet_state == "hidden" and info.protection.sheet
    values = {row[0]: row[1] for row in info.iter_rows(min_row=2, values_only=True)}
    assert values["evaluasi_id"] == "7" and values["kode_upt"] == "LPIISKM" and values["periode"] == "TA 2024"
    assert values["versi_instrumen"] == "instrumen_lapas_industri_v2"
    assert values["digest_instrumen"] == INSTRUMENT.digest and len(INSTRUMENT.digest) == 64
    guide = " ".join(str(c.value) for row in workbook["Petunjuk"].iter_rows() for c in row if c.value)
    assert "tidak_berlaku" in guide and "Alasan" in guide


def test_hostile_text_is_neutralised_on_export_and_kept_as_text_on_import() -> None:
    first = INSTRUMENT.items[0]
    data = kke(answers={first.kode: Answer(first.kode, 1, HOSTILE)}, nama_upt="@SUM(A1)")
    ws = book(data)[evaluation.KKE_SHEET]
    cell = ws.cell(item_rows(ws)[first.kode], 9)
    assert cell.data_type == "s" and cell.value == "'" + HOSTILE
    assert ws.oddHeader.center.text.startswith("@SUM")  # page headers are not cells
    result = read_kke(data, "kke.xlsx", INSTRUMENT)
    assert result.ok and result.answers == [Answer(first.kode, 1, HOSTILE)]


def test_only_auditors_and_admins_export() -> None:
    with pytest.raises(auth.Forbidden):
        export.kke_bytes(paper(), auth.Actor("op", "Operator", "operator", ("LPIISKM",)))
    with pytest.raises(auth.Forbidden):
        export.kke_bytes(paper(), auth.Actor("pim", "Pimpinan", "pimpinan"))
    assert export.kke_bytes(paper(), auth.Actor("adm", "Admin", "admin")).startswith(b"PK")


# --------------------------------------------------------------------------- import


def test_round_trip_export_fill_in_read_back() -> None:
    a, b, c = INSTRUMENT.items[0], INSTRUMENT.items[1], INSTRUMENT.items[2]
    data = filled(
        kke(),
        {
            a.kode: {"tingkat": 3, "catatan": "SK penetapan ada"},
            b.kode: {"tingkat": "Tidak Berlaku"},
            c.kode: {"catatan": "belum diperiksa"},
            FIGURE_ITEM.kode: {"tingkat": 1, "alasan": "Setoran PNBP terlambat dua bulan."},
        },
    )
    result = read_kke(
        data,
        "kke.xlsx",
        INSTRUMENT,
        evaluasi_id=7,
        kode_upt="lpiiskm",
        periode="TA 2024",
        suggestions={FIGURE_ITEM.kode: 3},
    )
    assert result.ok, result.problems
    assert result.answers == [
        Answer(a.kode, 3, "SK penetapan ada"),
        Answer(b.kode, TIDAK_BERLAKU, ""),
        Answer(c.kode, None, "belum diperiksa"),
        Answer(FIGURE_ITEM.kode, 1, ""),
    ]
    assert result.reasons == {FIGURE_ITEM.kode: "Setoran PNBP terlambat dua bulan."}
    assert result.info["evaluasi_id"] == "7"


def test_exported_answers_read_back_unchanged_and_an_empty_kke_gives_none() -> None:
    answers = {
        item.kode: Answer(item.kode, n % 5 if n % 6 else TIDAK_BERLAKU, f"catatan {n}")
        for n, item in enumerate(INSTRUMENT.items)
        if item.angka is None
    }
    result = read_kke(kke(answers=answers, suggestions={}), "kke.xlsx", INSTRUMENT)
    assert result.ok and result.answers == list(answers.values()) and result.reasons == {}
    empty = read_kke(kke(), "kke.xlsx", INSTRUMENT)
    assert empty.ok and empty.answers == [] and empty.problems == []


def test_a_csv_of_kode_tingkat_catatan() -> None:
    a, b = INSTRUMENT.items[:2]
    text = f"kode,tingkat,catatan\n{a.kode},4,lengkap\n{b.kode.lower()},tidak_berlaku,\n\n{FIGURE_ITEM.kode},,\n"
    result = read_kke(text.encode("utf-8-sig"), "kke.csv", INSTRUMENT)
    assert result.ok and result.answers == [Answer(a.kode, 4, "lengkap"), Answer(b.kode, TIDAK_BERLAKU, "")]
    # Without an alasan column, the note of an override is its reason (as override_problem says).
    override = f"kode;tingkat;catatan\n{FIGURE_ITEM.kode};0;tidak ada setoran\n"
    result = read_kke(override.encode(), "kke.csv", INSTRUMENT, suggestions={FIGURE_ITEM.kode: 3})
    assert result.ok and result.reasons == {FIGURE_ITEM.kode: "tidak ada setoran"}


def _other_digest() -> evaluation.Instrument:
    return load_instrument(DEFAULT_INSTRUMENT_FILE.read_text(encoding="utf-8") + "\n# diubah\n")


def _file_problem(result: evaluation.KkeResult) -> str:
    assert not result.ok and result.answers == [] and result.problem_count == 1
    (problem,) = result.problems
    assert problem.baris is None
    return problem.pesan


A, B = INSTRUMENT.items[0].kode, INSTRUMENT.items[1].kode
FIG = FIGURE_ITEM.kode
VERSI = INSTRUMENT.versi


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            "kode,tingkat\nB9.9,2\n",
            {},
            (2, "kode", "B9.9", f"Baris 2, kolom kode: butir B9.9 tidak ada dalam instrumen {VERSI}."),
        ),
        (f"kode,tingkat\n{A},2\n{A},3\n", {}, (3, "kode", A, f"Baris 3, kolom kode: butir {A} sudah ada di baris 2.")),
        (
            f"kode,tingkat\n{A},5\n",
            {},
            (
                2,
                "tingkat",
                "5",
                f"Baris 2, kolom tingkat: Butir {A}: tingkat harus 0, 1, 2, 3, 4 atau tidak_berlaku (tertulis '5').",
            ),
        ),
        (
            f"kode,tingkat\n{A},tiga\n",
            {},
            (
                2,
                "tingkat",
                "tiga",
                f"Baris 2, kolom tingkat: Butir {A}: tingkat harus 0, 1, 2, 3, 4 atau tidak_berlaku (tertulis 'tiga').",
            ),
        ),
        (
            "kode,tingkat\n,3\n",
            {},
            (2, "kode", "", "Baris 2, kolom kode: kode butir kosong; setiap baris yang diisi harus menyebut kodenya."),
        ),
        (
            f"kode,tingkat,catatan,alasan\n{FIG},1,catatan saja,\n",
            {"suggestions": {FIG: 3}},
            (
                2,
                "alasan",
                "",
                f"Baris 2, kolom alasan: Butir {FIG}: jawaban tingkat 1 berbeda dari tingkat 3 yang disarankan data; "
                "tuliskan alasannya di kolom alasan.",
            ),
        ),
        (
            f"kode,tingkat,catatan\n{FIG},tidak_berlaku,\n",
            {"suggestions": {FIG: 3}},
            (
                2,
                "catatan",
                "",
                f"Baris 2, kolom catatan: Butir {FIG}: jawaban tidak berlaku berbeda dari tingkat 3 yang disarankan data; "
                "tuliskan alasannya di catatan.",
            ),
        ),
    ],
    ids=["kode-asing", "kode-ganda", "tingkat-5", "tingkat-teks", "kode-kosong", "tanpa-alasan", "tanpa-alasan-csv"],
)
def test_row_problems(text: str, kwargs: dict, expected: tuple) -> None:
    result = read_kke(f"{text}{B},2\n".encode(), "kke.csv", INSTRUMENT, **kwargs)
    assert not result.ok and result.answers == [] and result.reasons == {}
    assert [(p.baris, p.kolom, p.nilai, p.pesan) for p in result.problems] == [expected]


@pytest.mark.parametrize(
    ("build", "kwargs", "expected"),
    [
        (
            kke,
            {"evaluasi_id": 8},
            "Berkas KKE ini milik evaluasi 7, bukan evaluasi 8; ekspor ulang KKE evaluasi ini.",
        ),
        (kke, {"kode_upt": "LPKABDG"}, "Berkas KKE ini untuk UPT LPIISKM, bukan LPKABDG; pilih berkas UPT ini."),
        (kke, {"periode": "TA 2025"}, "Berkas KKE ini untuk periode TA 2024, bukan TA 2025; pilih berkas periode ini."),
        (
            lambda: kke(instrument=_other_digest()),
            {},
            f"Berkas KKE ini dibuat dengan instrumen {VERSI} ({_other_digest().digest[:12]}), bukan {VERSI} "
            f"({INSTRUMENT.digest[:12]}) yang dipakai evaluasi ini; ekspor ulang KKE.",
        ),
        (lambda: b"\x00\x01\x02binary\x00", {}, "File tidak dapat dibaca: bukan CSV atau XLSX."),
        (lambda: b"PK\x03\x04 terpotong", {}, DAMAGED),
        (lambda: b"", {}, "File kosong."),
        (lambda: b"kode,catatan\nB1.1,x\n", {}, "Kolom wajib tidak ada: tingkat."),
        (lambda: b"a,b\n1,2\n", {}, "Baris judul kolom tidak ditemukan"),
        (
            lambda: b"kode,tingkat\n" + b"x" * (3 * 2**20),
            {"max_bytes": 2**20},
            "File berukuran 3,0 MB melebihi batas 1,0 MB.",
        ),
    ],
    ids=[
        "evaluasi-lain",
        "upt-lain",
        "periode-lain",
        "instrumen-lain",
        "bukan-berkas",
        "xlsx-rusak",
        "kosong",
        "kolom-wajib",
        "tanpa-judul",
        "terlalu-besar",
    ],
)
def test_file_problems(build, kwargs: dict, expected: str) -> None:
    data = build()
    name = "kke.xlsx" if data.startswith(b"PK") else "kke.csv"
    message = _file_problem(read_kke(data, name, INSTRUMENT, **kwargs))
    assert message.startswith(expected)


def test_a_zip_bomb_is_refused_with_ingest_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPAS_MAX_UNPACKED_MB", "1")
    assert "melebihi batas 1 MB" in _file_problem(
        read_kke(hostile.shared_strings_bomb(megabytes=3), "k.xlsx", INSTRUMENT)
    )


def test_a_formula_without_a_stored_value_is_a_cell_problem() -> None:
    data = filled(kke(), {A: {"tingkat": "=1+2"}})
    result = read_kke(data, "kke.xlsx", INSTRUMENT)
    row = item_rows(book(data)[evaluation.KKE_SHEET])[A]
    assert not result.ok and [(p.baris, p.kolom) for p in result.problems] == [(row, "tingkat")]
    assert result.problems[0].pesan.startswith(f"Baris {row}, kolom tingkat: rumus tanpa nilai tersimpan")


def test_problems_are_listed_up_to_fifty_with_the_total() -> None:
    text = "kode,tingkat\n" + "".join(f"X{n},1\n" for n in range(60))
    result = read_kke(text.encode(), "kke.csv", INSTRUMENT)
    assert result.problem_count == 60 and len(result.problems) == 50 and result.answers == []
    assert [p.baris for p in result.problems] == list(range(2, 52))


def test_an_xlsx_without_info_is_read_like_a_csv() -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Lembar1"
    ws.append(["Kode", "Tingkat", "Catatan"])
    ws.append([A, 2, "x"])
    out = io.BytesIO()
    workbook.save(out)
    result = read_kke(out.getvalue(), "kke.xlsx", INSTRUMENT, evaluasi_id=3, kode_upt="LAIN")
    assert result.ok and result.answers == [Answer(A, 2, "x")] and result.info == {}
