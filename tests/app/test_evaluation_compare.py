"""Perbandingan Evaluasi under AppTest: what each role sees, the status toggle, the table over periods, the instrument upload."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, evaluation, store, ui, views
from lapas_metrics.evaluation import Answer

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "pages/evaluasi_banding.py"
PASSWORD = "rahasia-123"
KETUA = auth.Actor("ketua", "Ketua", "auditor")
DALNIS = auth.Actor("dalnis", "Dalnis", "auditor")
DALMUTU = auth.Actor("dalmutu", "Dalmutu", "auditor")
ADMIN = auth.Actor("adm", "Admin Kanwil", "admin")
AUDITOR = auth.Actor("aud", "Pak Auditor", "auditor")
TEAM = {"ketua": "ketua_tim", "dalnis": "pengendali_teknis", "dalmutu": "pengendali_mutu"}
DEFAULT_TOML = evaluation.DEFAULT_INSTRUMENT_FILE.read_text(encoding="utf-8")
GOOD_TOML = DEFAULT_TOML.replace(
    'versi = "instrumen_lapas_industri_v2"', 'versi = "instrumen_lapas_industri_v3"', 1
).replace('judul = "Instrumen Evaluasi Lapas Industri (versi 2)"', 'judul = "Instrumen versi 3"', 1)
BAD_TOML = """
versi = "instrumen_rusak"
judul = "Rusak"

[[bagian]]
kunci = "satu"
judul = "Satu"
bobot = 0

[[bagian.butir]]
kode = "X1"
pertanyaan = "Apa?"
bobot = 1
skala = ["a", "b", "c", "d"]
bukti = "dokumen"
sumber = "praktik pemeriksaan"

[[bagian.butir]]
kode = "X1"
pertanyaan = "Lagi?"
bobot = -1
skala = ["a", "b", "c", "d", "e"]
bukti = "dokumen"
sumber = "praktik pemeriksaan"

[bagian.butir.angka]
nama = "angka_khayalan"
arah = "naik"
batas = [0, 0.5, 0.75, 1]
"""


def _answer_all(db: Path, evaluasi_id: int, level: int) -> None:
    items = evaluation.default_instrument().items
    answers = [Answer(item.kode, level, "catatan uji") for item in items]
    store.record_answers(db, evaluasi_id, answers, KETUA, "uji.csv", {item.kode: "uji" for item in items})


def _final(db: Path, kode: str, tahun: int, level: int) -> int:
    evaluasi_id = store.start_evaluation(db, kode, tahun, TEAM, KETUA)
    _answer_all(db, evaluasi_id, level)
    store.transition(db, evaluasi_id, "direviu", DALNIS)
    store.transition(db, evaluasi_id, "final", DALMUTU)
    return evaluasi_id


@pytest.fixture
def evaluations_db(dashboard_db: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the demo data with evaluations of three Jawa Barat units: two final in TA 2025, one final in
    TA 2024, and one in draf in TA 2025."""
    db = tmp_path / "evaluasi.duckdb"
    shutil.copy(dashboard_db, db)
    upt = store.metric_frames(db)["upt"]
    codes = sorted(upt.loc[upt["kanwil"] == "Jawa Barat", "kode_upt"])[:3]
    _final(db, codes[0], 2025, 3)  # 75
    _final(db, codes[0], 2024, 2)  # 50
    _final(db, codes[1], 2025, 4)  # 100
    draft = store.start_evaluation(db, codes[2], 2025, TEAM, KETUA)
    _answer_all(db, draft, 1)  # 25, draf
    return db, codes


@pytest.fixture
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evaluations_db, navigation_only: None) -> Path:
    path = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(path))
    monkeypatch.setenv("LAPAS_DB", str(evaluations_db[0]))
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("aud", "Pak Auditor", "auditor", [], PASSWORD)
    auth.add_user("adm", "Admin Kanwil", "admin", [], PASSWORD)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()


def _open(username: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(PASSWORD)
    app.button[0].click()
    app.run()
    app.switch_page(PAGE).run()
    _clean(app)
    return app


def _clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _heatmap(app: AppTest) -> dict:
    (chart,) = [chart for chart in app.get("plotly_chart") if "evc_heatmap" in chart.proto.id]
    return json.loads(chart.proto.spec)["data"][0]


def _periods(app: AppTest) -> pd.DataFrame:
    # st.dataframe carries no key under AppTest: the tables are told apart by their first header
    (table,) = [frame.value for frame in app.dataframe if frame.value.columns[0] == "Kode UPT"]
    return table


def _instruments(app: AppTest) -> list[pd.DataFrame]:
    return [frame.value for frame in app.dataframe if frame.value.columns[0] == "Versi"]


def test_the_page_is_in_the_pemeriksaan_group_for_every_role(users: Path) -> None:
    for username in ("pim", "aud", "adm"):
        app = _open(username)
        assert [title.value for title in app.title] == ["⚖️ Perbandingan Evaluasi"]


def test_pimpinan_sees_final_evaluations_only_and_no_toggle(users: Path, evaluations_db) -> None:
    _, codes = evaluations_db
    app = _open("pim")
    assert not [toggle for toggle in app.toggle if toggle.key == "evc_drafts"]
    assert app.selectbox(key="evc_periode").value == "TA 2025"  # the sidebar's year
    heat = _heatmap(app)
    assert len(heat["y"]) == 2  # the draft of codes[2] is not shown
    assert heat["z"][0][0] == 75.0 and heat["z"][1][0] == 100.0  # lowest total first
    assert heat["text"][0][0] == "75,0" and heat["x"] == ["B1", "B2", "B3", "B4", "B5", "B6"]
    assert codes[2] not in _periods(app)["Kode UPT"].tolist()
    assert not _instruments(app)  # no instrument section


def test_an_auditor_includes_draf_and_direviu_with_the_toggle(users: Path, evaluations_db) -> None:
    _, codes = evaluations_db
    app = _open("aud")
    toggle = app.toggle(key="evc_drafts")
    assert toggle.value is False and len(_heatmap(app)["y"]) == 2  # final only by default for everyone
    toggle.set_value(True).run()
    _clean(app)
    heat = _heatmap(app)
    assert len(heat["y"]) == 3 and heat["z"][0][0] == 25.0  # the draft, lowest first
    table = _periods(app).set_index("Kode UPT")
    assert table.loc[codes[2], "TA 2025"] == "25,00 · Rintisan (draf)"


def test_the_table_over_periods(users: Path, evaluations_db) -> None:
    _, codes = evaluations_db
    app = _open("pim")
    table = _periods(app)
    assert list(table.columns) == ["Kode UPT", "Nama UPT", "TA 2024", "TA 2025"]
    rows = table.set_index("Kode UPT")
    assert rows.loc[codes[0], "TA 2024"] == "50,00 · Berkembang"
    assert rows.loc[codes[0], "TA 2025"] == "75,00 · Terdefinisi"
    assert rows.loc[codes[1], "TA 2024"] == "–"
    assert rows.loc[codes[1], "TA 2025"] == "100,00 · Optimum"
    csv = [button for button in app.get("download_button") if "evc_csv" in button.proto.id]
    assert csv


def test_choosing_a_period_redraws_the_heat_map(users: Path) -> None:
    app = _open("pim")
    app.selectbox(key="evc_periode").set_value("TA 2024").run()
    _clean(app)
    heat = _heatmap(app)
    assert len(heat["y"]) == 1 and heat["z"][0][0] == 50.0


def test_the_sidebar_filters_choose_the_units(users: Path, evaluations_db) -> None:
    _, codes = evaluations_db  # LP-BANCEUY (IIA), LP-BANJAR (IIB), LP-BEKASI: none a Lapas Industri
    app = _open("pim")
    app.sidebar.multiselect(key="f_kelas").set_value(["IIB"]).run()
    _clean(app)
    assert _periods(app)["Kode UPT"].tolist() == [codes[1]] and len(_heatmap(app)["y"]) == 1
    assert "UPT: Kanwil Jawa Barat · kelas IIB" in [caption.value for caption in app.caption]
    app.sidebar.checkbox(key="f_industri").check().run()
    _clean(app)
    assert not app.get("plotly_chart")
    assert [info.value for info in app.info] == [
        "Tidak ada evaluasi final untuk UPT pada filter ini; ubah pilihan di bilah samping."
    ]


def test_an_empty_database_says_so_in_one_sentence(users: Path, dashboard_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LAPAS_DB", str(dashboard_db))
    app = _open("aud")
    assert [info.value for info in app.info] == ["Belum ada evaluasi final yang tersimpan."]


def _upload(app: AppTest, text: str, name: str = "instrumen.toml") -> AppTest:
    app.file_uploader(key="evc_instrument_file").set_value((name, text.encode("utf-8"), "application/toml"))
    app.run()
    app.button(key="evc_instrument_save").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_bad_instrument_is_refused_with_every_problem_as_a_sentence(users: Path, evaluations_db) -> None:
    db, _ = evaluations_db
    before = store.list_instruments(db)
    app = _upload(_open("adm"), BAD_TOML)
    (error,) = [e.value for e in app.error]
    assert error.startswith("Instrumen tidak disimpan (")
    problems = [line[2:] for line in error.splitlines()[1:]]
    assert len(problems) >= 4, problems
    text = " ".join(problems)
    assert "X1" in text and "angka_khayalan" in text and "bobot" in text.lower() and "5" in text
    assert all(problem.endswith(".") for problem in problems)
    assert store.list_instruments(db).equals(before)
    assert store.active_instrument(db).versi == "instrumen_lapas_industri_v2"


def test_a_good_instrument_is_saved_and_made_active(users: Path, evaluations_db) -> None:
    db, codes = evaluations_db
    app = _upload(_open("adm"), GOOD_TOML)
    _clean(app)
    (success,) = [s.value for s in app.success]
    assert "**instrumen_lapas_industri_v3** sekarang aktif" in success and "tetap memakai versi instrumennya" in success
    assert store.active_instrument(db).versi == "instrumen_lapas_industri_v3"
    (listed,) = _instruments(app)
    assert list(listed.columns) == ["Versi", "Judul", "Diunggah oleh", "Waktu", "Aktif"]
    assert listed.iloc[0].tolist()[:3] == ["instrumen_lapas_industri_v3", "Instrumen versi 3", "adm"]
    assert listed.iloc[0]["Aktif"] == "ya" and listed["Waktu"].str.endswith(" WIB").all()
    assert set(listed["Versi"]) == {"instrumen_lapas_industri_v2", "instrumen_lapas_industri_v3"}
    # old evaluations keep their version
    versions = store.evaluation_scores(db, ADMIN)["versi_instrumen"]
    assert set(versions) == {"instrumen_lapas_industri_v2"}
    download = [b for b in app.get("download_button") if "evc_instrument_download" in b.proto.id]
    assert download


def test_the_active_instrument_text_is_what_was_uploaded(evaluations_db) -> None:
    db, _ = evaluations_db
    assert store.active_instrument_text(db) == ("instrumen_lapas_industri_v2", DEFAULT_TOML)
    store.save_instrument(db, GOOD_TOML, ADMIN)
    assert store.active_instrument_text(db) == ("instrumen_lapas_industri_v3", GOOD_TOML)


def test_a_non_admin_has_no_upload_and_the_store_refuses_one(users: Path, evaluations_db) -> None:
    db, _ = evaluations_db
    app = _open("aud")
    assert not [u for u in app.get("file_uploader") if "evc_instrument_file" in u.proto.id]
    before = store.list_instruments(db)
    with pytest.raises(auth.Forbidden):
        store.save_instrument(db, GOOD_TOML, AUDITOR)
    assert store.list_instruments(db).equals(before)


def test_the_table_headers_are_labels(users: Path) -> None:
    app = _open("adm")
    headers = [str(column) for frame in app.dataframe for column in frame.value.columns]
    assert headers and not [h for h in headers if "_" in h], headers
    assert views.HEAT_ROWS == 50


def test_the_cached_scores_are_kept_per_role(evaluations_db, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = evaluations_db
    monkeypatch.setenv("LAPAS_DB", str(db))
    st.cache_data.clear()
    assert set(ui.evaluation_scores(AUDITOR)["status"]) == {"draf", "final"}
    assert set(ui.evaluation_scores(auth.Actor("pim", "Pimpinan", "pimpinan"))["status"]) == {"final"}
    st.cache_data.clear()
