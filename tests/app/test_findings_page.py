"""Temuan & Rekomendasi through AppTest: a finding from a flag and from an item, by hand, edit, withdraw, the matrix, roles."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from signing import APP, PASSWORD, sign_in
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, clock, evaluation, metrics, store, ui, upload
from lapas_metrics.evaluation.matrix import read_matrix
from lapas_metrics.ui import finding_import, findings_screens

PAGE = "pages/temuan.py"
TEAM = {"aud": "ketua_tim", "tek": "pengendali_teknis", "adm": "pengendali_mutu"}


@pytest.fixture
def findings_db(tmp_path: Path, dashboard_db: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Path:
    """A copy of the demo database this test may write to, with an auditor, a pimpinan, an operator and an admin."""
    path = tmp_path / "temuan.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("LAPAS_DB", str(path))
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    auth.add_user("aud", "Bu Auditor", "auditor", [], PASSWORD)
    auth.add_user("tek", "Pak Teknis", "auditor", [], PASSWORD)
    auth.add_user("adm", "Admin Kanwil", "admin", [], PASSWORD)
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("opa", "Operator Sukamiskin", "operator", ["LP-SUKAMISKIN"], PASSWORD)
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def signed_in(username: str, page: str = PAGE) -> AppTest:
    app = sign_in(username, page)
    clean(app)
    return app


def clean(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def actor(username: str) -> auth.Actor:
    return auth.load_users()[username].actor()


def keys(app: AppTest, kind: str) -> list[str]:
    return [str(widget.key) for widget in app.get(kind) if widget.key]


def table(app: AppTest, header: str):
    """The frame of the table whose columns include `header` (st.dataframe carries no key under AppTest):
    "Nomor temuan" the register, "Penanggung jawab" the recommendations, "Isian" the history."""
    found = [frame.value for frame in app.dataframe if header in frame.value.columns]
    assert found, f"no table with the column {header}"
    return found[0]


def errors(app: AppTest) -> list[str]:
    return [str(e.value) for e in app.error]


def finding(db: Path, nomor: str = "T-2025-LPSUKAMISKIN-01", kode: str = "LP-SUKAMISKIN") -> int:
    """One manual finding with one recommendation, recorded straight in the store by the auditor."""
    rec = evaluation.NewRecommendation("1", "Setorkan PNBP yang tertunda", dt.date(2026, 3, 31))
    new = evaluation.NewFinding(nomor, kode, "PNBP terlambat disetor", "PMK 155/2021", (rec,), judul="PNBP terlambat")
    return store.record_finding(db, new, actor("aud"))


def landed(app: AppTest) -> AppTest:
    """After a "Catat temuan" click: its st.switch_page drew the Temuan page in that run; a browser then stays
    at that address, while AppTest would run the page it was switched to before, so it is told the address."""
    clean(app)
    assert app.title[0].value == "📋 Temuan & Rekomendasi"
    app.switch_page(PAGE)
    return app


def fill_new_finding(app: AppTest, kondisi: str | None = None, recommendations: int = 1) -> None:
    if kondisi is not None:
        app.text_area(key="tm_kondisi").input(kondisi)
    app.text_area(key="tm_kriteria").input("Kriteria uji")
    for index in range(recommendations):
        app.text_area(key=f"tm_rek_{index}_teks").input(f"Rekomendasi uji {index + 1}")


# ---------------------------------------------------------------- the suggested number


@pytest.mark.parametrize(
    ("existing", "kode", "year", "expected"),
    [
        ([], "LP-SUKAMISKIN", 2025, "T-2025-LPSUKAMISKIN-01"),
        (["T-2025-LPSUKAMISKIN-01", "t-2025-lpsukamiskin-07"], "LP-SUKAMISKIN", 2025, "T-2025-LPSUKAMISKIN-08"),
        (["T-2024-LPSUKAMISKIN-03", "T-2025-LPBOGOR-05"], "LP-SUKAMISKIN", 2025, "T-2025-LPSUKAMISKIN-01"),
        (["T-2025-LPSUKAMISKIN-99"], "lp-sukamiskin", 2025, "T-2025-LPSUKAMISKIN-100"),
        (["T-2025-LPSUKAMISKIN-01-A"], "LP-SUKAMISKIN", 2025, "T-2025-LPSUKAMISKIN-01"),
    ],
)
def test_suggested_number(existing: list[str], kode: str, year: int, expected: str) -> None:
    assert ui.suggest_finding_number(existing, kode, year) == expected


# ---------------------------------------------------------------- from a flag, from an item, by hand


def test_a_flag_in_ruang_audit_becomes_a_finding_with_its_figure(findings_db: Path) -> None:
    app = signed_in("aud", "pages/audit.py")
    kode, tahun = app.session_state["audit_pilihan"]
    buttons = [key for key in keys(app, "button") if key.startswith("au_catat_")]
    assert buttons, "the chosen unit-year of the demo data has a raised flag"
    flag = buttons[0].removeprefix("au_catat_")
    reasons = metrics.flag_reasons(
        metrics.yearly_figures(metrics.MetricInputs(**store.metric_frames(findings_db))), metrics.load_audit_config()
    )
    raised = reasons[(reasons["kode_upt"] == kode) & (reasons["tahun"] == tahun) & (reasons["flag"] == flag)].iloc[0]

    app.button(key=buttons[0]).click()
    landed(app.run())
    assert app.text_area(key="tm_kondisi").value == raised["kalimat"]  # the form opened with the flag's sentence
    assert app.selectbox(key="tm_kode").value == kode
    fill_new_finding(app)
    app.button(key="tm_simpan").click()
    clean(app.run())
    assert not errors(app), errors(app)

    register = store.list_findings(findings_db, actor("aud"))
    assert len(register) == 1
    row = register.iloc[0]
    assert (row["sumber"], row["kode_upt"], row["kondisi"]) == ("bendera", kode, raised["kalimat"])
    assert (row["flag"], int(row["tahun_flag"])) == (flag, tahun)
    assert row["nilai_flag"] == pytest.approx(raised["nilai"])
    assert row["batas_flag"] == pytest.approx(raised["batas"])
    assert row["nomor_temuan"].startswith(f"T-{tahun}-")
    # and it is in the register the page shows
    shown = table(app, "Nomor temuan")
    assert row["nomor_temuan"] in shown["Nomor temuan"].tolist()
    # the form is emptied in the browser too: its unit picker is sent its empty value (dropped from the session
    # only, Chromium kept showing the unit above "Pilih UPT temuan untuk mengisi formulir.")
    picker = app.selectbox(key="tm_kode")
    assert picker.value is None and picker.proto.set_value
    assert not [key for key in keys(app, "text_area") if key in ("tm_kondisi", "tm_kriteria")]


def test_an_item_of_an_evaluation_becomes_a_finding(findings_db: Path) -> None:
    app = signed_in("aud", "pages/evaluasi.py")
    kode, tahun = str(app.selectbox(key="f_upt").value), int(app.selectbox(key="ev_tahun").value)
    evaluasi_id = store.start_evaluation(findings_db, kode, tahun, TEAM, actor("aud"))
    item = evaluation.default_instrument().sections[0].items[0]
    store.record_answer(findings_db, evaluasi_id, item.kode, 1, "SK penetapan belum ada", actor("aud"))
    clean(app.run())
    app.selectbox(key="ev_temuan_butir").set_value(item.kode)
    app.button(key="ev_catat_temuan").click()
    landed(app.run())
    kondisi = app.text_area(key="tm_kondisi").value
    assert kondisi.startswith(f"Butir {item.kode} dinilai tingkat 1") and "SK penetapan belum ada" in kondisi
    assert app.text_area(key="tm_kriteria").value == item.pertanyaan
    app.text_area(key="tm_rek_0_teks").input("Terbitkan SK penetapan")
    app.button(key="tm_simpan").click()
    clean(app.run())
    row = store.list_findings(findings_db, actor("aud")).iloc[0]
    assert (row["sumber"], int(row["evaluasi_id"]), row["kode_butir"]) == ("butir", evaluasi_id, item.kode)


def test_a_manual_finding_with_two_recommendations(findings_db: Path) -> None:
    earlier = finding(findings_db, nomor="T-2025-LPBOGOR-01", kode="LP-BOGOR")  # the register's picker is drawn
    app = signed_in("aud")
    assert app.selectbox(key="tm_pilih").value == earlier
    app.selectbox(key="tm_kode").set_value("LP-SUKAMISKIN")
    app.number_input(key="tm_jumlah_rek").set_value(2)
    clean(app.run())
    fill_new_finding(app, "Sebagian PNBP disetor lewat batas waktu", recommendations=2)
    app.number_input(key="tm_nilai").set_value(12_500_000)
    app.selectbox(key="tm_rek_1_pj_LP-SUKAMISKIN").set_value("LP-BOGOR")
    app.button(key="tm_simpan").click()
    clean(app.run())
    assert not errors(app), errors(app)
    register = store.list_findings(findings_db, actor("aud"))
    row = register[register["kode_upt"] == "LP-SUKAMISKIN"].iloc[0]
    nomor = f"T-{clock.today().year}-LPSUKAMISKIN-01"
    assert (row["nomor_temuan"], row["sumber"], row["nilai_temuan_rp"]) == (nomor, "manual", 12_500_000)
    recs = store.recommendations_frame(findings_db, actor("aud"))
    recs = recs[recs["temuan_id"] == row["temuan_id"]].sort_values("nomor_rekomendasi")
    assert recs["nomor_rekomendasi"].tolist() == ["1", "2"]
    assert recs["penanggung_jawab"].tolist() == ["LP-SUKAMISKIN", "LP-BOGOR"]  # the finding's unit by default
    assert recs["rekomendasi"].tolist() == ["Rekomendasi uji 1", "Rekomendasi uji 2"]
    assert set(recs["status"]) == {"belum_ditindaklanjuti"}
    assert any("tercatat dengan 2 rekomendasi" in s.value for s in app.success)
    assert app.selectbox(key="tm_pilih").value == row["temuan_id"]  # the new one is shown
    # the next one suggests the next number
    app.selectbox(key="tm_kode").set_value("LP-SUKAMISKIN")
    clean(app.run())
    assert app.text_input(key=f"tm_nomor_T-{clock.today().year}-LPSUKAMISKIN-02").value.endswith("-02")


def test_a_refused_finding_shows_one_sentence_and_stores_nothing(findings_db: Path) -> None:
    finding(findings_db, nomor=f"T-{clock.today().year}-LPSUKAMISKIN-05")
    app = signed_in("aud")
    app.selectbox(key="tm_kode").set_value("LP-SUKAMISKIN")
    clean(app.run())
    suggested = f"T-{clock.today().year}-LPSUKAMISKIN-06"
    app.text_input(key=f"tm_nomor_{suggested}").input(f"T-{clock.today().year}-lpsukamiskin-05")  # already used
    fill_new_finding(app, "Kondisi uji")
    app.button(key="tm_simpan").click()
    clean(app.run())
    assert errors(app) == [f"Nomor temuan T-{clock.today().year}-lpsukamiskin-05 sudah tercatat di register temuan."]
    assert len(store.list_findings(findings_db, actor("aud"))) == 1


def test_a_forbidden_write_shows_a_sentence_not_a_traceback(findings_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the store refuses a pimpinan (CORE's tests); here: whatever the store refuses, the page says it in one sentence
    def refuse(*args: object, **kwargs: object) -> int:
        auth.require(actor("pim"), "temuan")
        return 0

    monkeypatch.setattr(store, "record_finding", refuse)
    app = signed_in("aud")
    app.selectbox(key="tm_kode").set_value("LP-SUKAMISKIN")
    clean(app.run())
    fill_new_finding(app, "Kondisi uji")
    app.button(key="tm_simpan").click()
    clean(app.run())
    assert errors(app) == ["Peran Pimpinan tidak berwenang mencatat atau mengubah temuan."]


# ---------------------------------------------------------------- one finding: edit, withdraw, add


def test_an_edit_keeps_the_old_value_in_history(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    app = signed_in("aud")
    assert app.selectbox(key="tm_pilih").value == temuan_id
    app.text_area(key=f"tm_ubah_{temuan_id}_0_kondisi").input("PNBP Rp 12,5 juta terlambat disetor 40 hari")
    app.text_input(key=f"tm_ubah_{temuan_id}_0_alasan").input("Angka dari konfirmasi bendahara")
    app.button(key="tm_ubah_simpan").click()
    clean(app.run())
    assert not errors(app), errors(app)
    history = store.finding_history(findings_db, temuan_id, actor("aud"))
    change = history[history["field"] == "kondisi"].iloc[0]
    assert (change["nilai_lama"], change["nilai_baru"]) == (
        "PNBP terlambat disetor",
        "PNBP Rp 12,5 juta terlambat disetor 40 hari",
    )
    assert (change["alasan"], change["pengguna"]) == ("Angka dari konfirmasi bendahara", "aud")
    assert store.list_findings(findings_db, actor("aud")).iloc[0]["kondisi"].endswith("40 hari")
    shown = table(app, "Isian")
    assert "PNBP terlambat disetor" in shown["Lama"].tolist()


def test_an_edit_without_changes_stores_nothing(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    app = signed_in("aud")
    app.button(key="tm_ubah_simpan").click()
    clean(app.run())
    assert any("Tidak ada isian yang berubah" in i.value for i in app.info)
    assert store.finding_history(findings_db, temuan_id, actor("aud")).empty


def test_a_withdrawal_keeps_the_row_with_its_reason(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    app = signed_in("aud")
    app.button(key="tm_tarik").click()  # no reason: refused
    clean(app.run())
    assert errors(app) == ["Alasan penarikan temuan wajib diisi."]
    assert store.list_findings(findings_db, actor("aud")).iloc[0]["status"] == "aktif"
    app.text_input(key=f"tm_tarik_alasan_{temuan_id}").input("Sudah menjadi temuan BPK")
    app.button(key="tm_tarik").click()
    clean(app.run())
    row = store.list_findings(findings_db, actor("aud")).iloc[0]
    assert (row["status"], row["alasan_ditarik"]) == ("ditarik", "Sudah menjadi temuan BPK")
    assert not [frame for frame in app.dataframe if "Nomor temuan" in frame.value.columns]  # active ones by default
    app.radio(key="tm_f_status").set_value("ditarik")
    clean(app.run())
    assert table(app, "Nomor temuan")["Status"].tolist() == ["Ditarik"]
    assert any("Sudah menjadi temuan BPK" in w.value for w in app.warning)
    assert "tm_ubah_simpan" not in keys(app, "button")  # a withdrawn finding is not edited


def test_add_a_recommendation(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    app = signed_in("aud")
    app.text_area(key=f"tm_rek_baru_{temuan_id}_1_teks").input("Tetapkan jadwal setor mingguan")
    app.button(key="tm_rek_baru_simpan").click()
    clean(app.run())
    recs = store.recommendations_frame(findings_db, actor("aud")).sort_values("nomor_rekomendasi")
    assert recs["nomor_rekomendasi"].tolist() == ["1", "2"]
    assert recs["penanggung_jawab"].tolist() == ["LP-SUKAMISKIN", "LP-SUKAMISKIN"]
    statuses = table(app, "Penanggung jawab")["Status"].tolist()
    assert statuses == ["Belum ditindaklanjuti", "Belum ditindaklanjuti"]


# ---------------------------------------------------------------- roles


def test_pimpinan_reads_the_register_without_any_write(findings_db: Path) -> None:
    finding(findings_db)
    app = signed_in("pim")
    assert table(app, "Nomor temuan")["Nomor temuan"].tolist() == ["T-2025-LPSUKAMISKIN-01"]
    buttons = keys(app, "button") + keys(app, "form_submit_button") + keys(app, "download_button")
    assert not [key for key in buttons if key.startswith("tm_")], buttons
    assert not app.get("file_uploader")


def test_an_operator_sees_only_their_units(findings_db: Path) -> None:
    finding(findings_db)
    finding(findings_db, nomor="T-2025-LPBOGOR-01", kode="LP-BOGOR")
    app = signed_in("opa")
    assert table(app, "Nomor temuan")["Nomor temuan"].tolist() == ["T-2025-LPSUKAMISKIN-01"]
    assert "tm_simpan" not in keys(app, "button")


@pytest.mark.parametrize("username", ["aud", "adm", "pim", "opa"])
def test_the_page_opens_for_every_role(findings_db: Path, username: str) -> None:
    app = signed_in(username)
    assert app.title[0].value == "📋 Temuan & Rekomendasi"
    assert not errors(app)


def test_the_page_opens_in_demo_mode(open_app) -> None:
    app = clean(open_app(PAGE))
    assert app.title[0].value == "📋 Temuan & Rekomendasi"
    assert not app.error


# ---------------------------------------------------------------- the matrix in and out

MATRIX_HEADER = [
    "nomor_temuan",
    "judul",
    "kondisi",
    "kriteria",
    "sebab",
    "akibat",
    "nilai_temuan_rp",
    "nomor_rekomendasi",
    "rekomendasi",
    "kode_upt",
    "batas_waktu",
    "status",
]
MATRIX_GOOD = [
    [
        "T-2017-LPSKM-01",
        "PNBP terlambat",
        "PNBP disetor terlambat",
        "PMK 2016",
        "Lalai",
        "",
        1_500_000,
        "1",
        "Setorkan PNBP",
        "LP-SUKAMISKIN",
        dt.date(2017, 6, 30),
        "",
    ],
    [
        "T-2017-LPSKM-01",
        "PNBP terlambat",
        "PNBP disetor terlambat",
        "PMK 2016",
        "Lalai",
        "",
        1_500_000,
        "2",
        "Tegur bendahara",
        "LP-SUKAMISKIN",
        dt.date(2017, 7, 31),
        "Sesuai",
    ],
    [
        "T-2017-LPBGR-01",
        "",
        "Aset tidak dicatat",
        "SAK",
        "",
        "",
        None,
        "1",
        "Catat BMN",
        "LP-BOGOR",
        dt.date(2018, 1, 31),
        "Belum sesuai",
    ],
]


def matrix_file(rows: list[list[object]]) -> bytes:
    """An Excel matrix as an auditor keeps one: a title row above the header, one row per recommendation."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Matriks Temuan dan Tindak Lanjut Kanwil Jawa Barat"])
    sheet.append(MATRIX_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_matrix(app: AppTest, data: bytes, name: str = "matriks.xlsx") -> AppTest:
    app.file_uploader(key="tm_impor_berkas").set_value((name, data, "application/vnd.ms-excel"))
    return clean(app.run())


def test_a_bad_matrix_shows_its_row_problems_and_stores_nothing(findings_db: Path) -> None:
    bad = [row.copy() for row in MATRIX_GOOD]
    bad[1][9] = "LP-TIDAK-ADA"  # spreadsheet row 4: an unknown unit
    bad[2][10] = "akhir Januari"  # row 5: not a date
    app = upload_matrix(signed_in("aud"), matrix_file(bad))
    assert any("ditolak" in e and "tidak ada temuan yang disimpan" in e for e in errors(app)), errors(app)
    problems = next(t.value for t in app.table if "Baris" in t.value.columns)
    assert {"4", "5"} <= set(problems["Baris"]), problems
    assert "tm_impor_simpan" not in keys(app, "button")
    assert store.list_findings(findings_db, actor("aud")).empty


def test_a_good_matrix_is_stored_whole_and_a_second_import_is_refused(findings_db: Path) -> None:
    data = matrix_file(MATRIX_GOOD)
    app = upload_matrix(signed_in("aud"), data)
    assert any("2 temuan dengan 3 rekomendasi" in s.value for s in app.success)
    app.button(key="tm_impor_simpan").click()
    clean(app.run())
    register = store.list_findings(findings_db, actor("aud")).sort_values("nomor_temuan")
    assert register["nomor_temuan"].tolist() == ["T-2017-LPBGR-01", "T-2017-LPSKM-01"]
    assert set(register["sumber"]) == {"impor"}
    recs = store.recommendations_frame(findings_db, actor("aud")).sort_values(["nomor_temuan", "nomor_rekomendasi"])
    assert recs["status"].tolist() == ["belum_sesuai", "belum_ditindaklanjuti", "sesuai"]
    upload_matrix(app, data, "matriks_lagi.xlsx")
    assert errors(app)
    problems = next(t.value for t in app.table if "Baris" in t.value.columns)
    assert problems["Pesan"].str.contains("sudah tercatat").any()
    assert len(store.list_findings(findings_db, actor("aud"))) == 2


def test_the_exported_matrix_reads_back(findings_db: Path) -> None:
    finding(findings_db)
    app = signed_in("aud")
    assert "tm_ekspor" in keys(app, "download_button")
    exported = finding_import.matrix_file(actor("aud"))
    log = store.activity_log(findings_db)
    assert ((log["aksi"] == "ekspor") & log["rincian"].str.contains("matriks temuan")).any()
    again = read_matrix(exported, "ekspor.xlsx", known_upt=["LP-SUKAMISKIN"])  # into another database
    assert again.ok, [p.pesan for p in again.problems]
    (found,) = again.findings
    assert (found.nomor_temuan, found.kondisi, found.rekomendasi[0].rekomendasi) == (
        "T-2025-LPSUKAMISKIN-01",
        "PNBP terlambat disetor",
        "Setorkan PNBP yang tertunda",
    )
    assert found.tanggal_temuan == clock.today()  # the date travels with it


def test_a_recommendation_links_to_its_follow_up(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    (rekomendasi_id,) = store.finding(findings_db, temuan_id, actor("aud")).rekomendasi["rekomendasi_id"]
    app = signed_in("aud")
    if (APP.parent / "pages" / "tindak_lanjut.py").exists():  # FOLLOWUP's page, once merged
        links = [link for link in app.get("page_link") if "tindak_lanjut" in str(link.proto.page)]
        assert [link.proto.query_string for link in links] == [f"upt=LP-SUKAMISKIN&rekomendasi={rekomendasi_id}"]
    else:
        assert any("halaman Tindak Lanjut" in c.value for c in app.caption)


def test_a_long_register_offers_the_latest_findings_in_the_picker(
    findings_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finding(findings_db)
    latest = finding(findings_db, nomor="T-2025-LPBOGOR-01", kode="LP-BOGOR")
    monkeypatch.setattr(findings_screens, "CHOICES_SHOWN", 1)
    app = signed_in("aud")
    assert len(table(app, "Nomor temuan")) == 2  # the register shows every row
    picker = app.selectbox(key="tm_pilih")
    assert (len(picker.options), picker.value) == (1, latest)


def test_an_empty_database_shows_a_sentence(open_app, tmp_path: Path) -> None:
    empty = tmp_path / "kosong.duckdb"
    upload.init_db(empty)
    app = clean(open_app(PAGE, db=empty))
    assert app.info and not app.error


def test_a_new_deadline_keeps_the_old_one_in_history(findings_db: Path) -> None:
    temuan_id = finding(findings_db)
    (rekomendasi_id,) = store.finding(findings_db, temuan_id, actor("aud")).rekomendasi["rekomendasi_id"]
    app = signed_in("aud")
    key = f"tm_rek_ubah_{rekomendasi_id}_LP-SUKAMISKIN_2026-03-31_{len('Setorkan PNBP yang tertunda')}"
    app.date_input(key=f"{key}_batas").set_value(dt.date(2026, 6, 30))
    app.text_input(key=f"{key}_alasan").input("Menunggu revisi DIPA")
    app.button(key="tm_rek_ubah_simpan").click()
    clean(app.run())
    assert not errors(app), errors(app)
    (rec,) = store.finding(findings_db, temuan_id, actor("aud")).rekomendasi.to_dict("records")
    assert pd.Timestamp(rec["batas_waktu"]).date() == dt.date(2026, 6, 30)
    history = store.finding_history(findings_db, temuan_id, actor("aud"))
    change = history[history["field"] == "batas_waktu"].iloc[0]
    assert (str(change["nilai_lama"]), str(change["nilai_baru"]), change["alasan"]) == (
        "2026-03-31",
        "2026-06-30",
        "Menunggu revisi DIPA",
    )
    assert table(app, "Penanggung jawab")["Batas waktu"].tolist() == ["30 Juni 2026"]
