"""The Evaluasi page through AppTest: team, answers, overrides, evidence, KKE out and back, review, final, roles."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from signing import PASSWORD, sign_in
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, evaluation, store, ui
from lapas_metrics.ui import evaluation_items

PAGE = "pages/evaluasi.py"
TEAM = {"ket": "ketua_tim", "tek": "pengendali_teknis", "mut": "pengendali_mutu"}


@pytest.fixture
def eval_db(tmp_path: Path, dashboard_db: Path, monkeypatch: pytest.MonkeyPatch, navigation_only: None) -> Path:
    """A copy of the demo database this test may write to, with the users of a team, a pimpinan and an operator."""
    path = tmp_path / "evaluasi.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("LAPAS_DB", str(path))
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "users.toml"))
    auth.add_user("ket", "Bu Ketua", "auditor", [], PASSWORD)
    auth.add_user("tek", "Pak Teknis", "auditor", [], PASSWORD)
    auth.add_user("mut", "Bu Mutu", "admin", [], PASSWORD)
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD)
    auth.add_user("opa", "Operator Sukamiskin", "operator", ["LP-SUKAMISKIN"], PASSWORD)
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def signed_in(username: str, page: str = PAGE) -> AppTest:
    app = sign_in(username, page)
    assert not app.exception
    return app


def actor(username: str) -> auth.Actor:
    return auth.load_users()[username].actor()


def chosen(app: AppTest) -> tuple[str, int]:
    return str(app.selectbox(key="f_upt").value), int(app.selectbox(key="ev_tahun").value)


def started(db: Path, app: AppTest) -> int:
    kode, tahun = chosen(app)
    return store.start_evaluation(db, kode, tahun, TEAM, actor("ket"))


def texts(app: AppTest) -> str:
    parts = [e.value for e in (*app.error, *app.success, *app.info, *app.caption, *app.markdown, *app.subheader)]
    return "\n".join(str(part) for part in parts)


def _year(record: store.EvaluationRecord) -> int:
    return record.header["periode_selesai"].year  # type: ignore[union-attr]


def suggestion(db: Path, evaluasi_id: int) -> tuple[str, int]:
    record = store.evaluation(db, evaluasi_id, actor("ket"))
    found = store.suggestions_for(db, str(record.header["kode_upt"]), _year(record))
    assert found, "the demo unit has figures that suggest a level"
    kode, (level, _) = next(iter(found.items()))
    return kode, level


def section_of(kode: str) -> str:
    return evaluation.default_instrument().section_of(kode).kunci


def test_start_an_evaluation_with_its_team(eval_db: Path) -> None:
    app = signed_in("ket")
    assert "Belum ada evaluasi" in texts(app)
    assert app.selectbox(key="ev_ketua").value == "ket"  # the signed-in auditor leads by default
    app.selectbox(key="ev_teknis").set_value("tek")
    app.selectbox(key="ev_mutu").set_value("mut")
    app.button(key="ev_mulai_kirim").click()
    app.run()
    assert not app.exception
    kode, tahun = chosen(app)
    evaluasi_id = store.evaluation_for(eval_db, kode, tahun, actor("ket"))
    assert evaluasi_id is not None
    record = store.evaluation(eval_db, evaluasi_id, actor("ket"))
    assert dict(zip(record.tim["pengguna"], record.tim["peran_tim"], strict=True)) == TEAM
    assert "Draf" in texts(app)


def test_a_team_without_a_pengendali_mutu_is_refused(eval_db: Path) -> None:
    app = signed_in("ket")
    app.selectbox(key="ev_teknis").set_value("tek")
    app.button(key="ev_mulai_kirim").click()
    app.run()
    assert not app.exception
    assert any("pengendali mutu" in e.value for e in app.error)
    assert store.list_evaluations(eval_db, actor("ket")).empty


def test_answer_an_item_and_a_rerun_writes_nothing(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    app.run()
    kode = evaluation.default_instrument().sections[0].items[0].kode
    app.radio(key=f"ev_{evaluasi_id}_{kode}_baru_tingkat").set_value(3)
    app.text_area(key=f"ev_{evaluasi_id}_{kode}_baru_catatan").input("SK penetapan ada")
    app.button(key=f"ev_simpan_{section_of(kode)}").click()
    app.run()
    assert not app.exception
    assert f"Tersimpan: butir {kode}" in texts(app)
    changes = len(store.answer_history(eval_db, evaluasi_id, actor("ket")))
    app.run()
    app.run()
    assert len(store.answer_history(eval_db, evaluasi_id, actor("ket"))) == changes
    record = store.evaluation(eval_db, evaluasi_id, actor("ket"))
    assert record.jawaban.set_index("kode").loc[kode, "tingkat"] == 3
    assert "Nilai evaluasi" in [m.label for m in app.metric]


def test_an_override_without_a_reason_is_refused_with_the_stores_sentence(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    app.run()
    kode, level = suggestion(eval_db, evaluasi_id)
    other = 0 if level != 0 else 4
    app.radio(key=f"ev_{evaluasi_id}_{kode}_baru_tingkat").set_value(other)
    app.button(key=f"ev_simpan_{section_of(kode)}").click()
    app.run()
    assert not app.exception
    assert any("tuliskan alasannya" in e.value for e in app.error)
    assert store.evaluation(eval_db, evaluasi_id, actor("ket")).jawaban.empty
    app.text_input(key=f"ev_{evaluasi_id}_{kode}_baru_alasan").input("Data belum mutakhir")
    app.button(key=f"ev_simpan_{section_of(kode)}").click()
    app.run()
    stored = store.evaluation(eval_db, evaluasi_id, actor("ket")).jawaban.set_index("kode")
    assert stored.loc[kode, "tingkat"] == other and stored.loc[kode, "alasan"] == "Data belum mutakhir"


def test_evidence_is_attached_and_listed(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    app.run()
    section = evaluation.default_instrument().sections[0]
    app.selectbox(key=f"ev_bukti_{section.kunci}_butir").set_value(section.items[1].kode)
    app.file_uploader(key=f"ev_bukti_{section.kunci}_berkas").set_value(("sk.pdf", b"%PDF-1.4 sk", "application/pdf"))
    app.run()
    app.button(key=f"ev_bukti_{section.kunci}_lampirkan").click()
    app.run()
    assert not app.exception
    bukti = store.evaluation(eval_db, evaluasi_id, actor("ket")).bukti
    assert bukti[["kode", "nama_file"]].values.tolist() == [[section.items[1].kode, "sk.pdf"]]
    assert store.evidence_file(eval_db, str(bukti["sha256"].iloc[0]), actor("ket")) == b"%PDF-1.4 sk"
    assert any(button.label.startswith(f"⬇️ {section.items[1].kode} · sk.pdf") for button in app.download_button)


def kke_filled(eval_db: Path, evaluasi_id: int, levels: dict[str, object]) -> bytes:
    who = actor("ket")
    record = store.evaluation(eval_db, evaluasi_id, who)
    instrument = store.instrument_of(eval_db, record.versi_instrumen)
    found = store.suggestions_for(eval_db, str(record.header["kode_upt"]), _year(record), instrument)
    data = evaluation_items.kke_file(record, instrument, found, who)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[evaluation.KKE_SHEET]
    header = [cell.value for cell in sheet[5]]  # the canonical names under the labels
    code_col, level_col, reason_col = (header.index(name) + 1 for name in ("kode", "tingkat", "alasan"))
    for row in range(6, sheet.max_row + 1):
        kode = sheet.cell(row, code_col).value
        if kode in levels:
            sheet.cell(row, level_col).value = levels[kode]
            sheet.cell(row, reason_col).value = "diperiksa di lapangan"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_kke_opens_in_excel_and_a_filled_one_is_stored(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    app.run()
    assert app.download_button(key="ev_kke_unduh").label == "⬇️ Unduh KKE (XLSX)"
    items = evaluation.default_instrument().items
    data = kke_filled(eval_db, evaluasi_id, {items[0].kode: 4, items[1].kode: "tidak_berlaku"})
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[:2] == [evaluation.KKE_SHEET, evaluation.GUIDE_SHEET]
    app.file_uploader(key="ev_kke_file").set_value(("kke.xlsx", data, "application/octet-stream"))
    app.run()
    assert any("Berkas valid" in s.value for s in app.success)
    app.button(key="ev_kke_simpan").click()
    app.run()
    assert not app.exception
    stored = store.evaluation(eval_db, evaluasi_id, actor("ket")).jawaban.set_index("kode")["tingkat"].to_dict()
    assert stored == {items[0].kode: 4, items[1].kode: "tidak_berlaku"}


def test_a_bad_kke_shows_its_problems_and_stores_nothing(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    app.run()
    items = evaluation.default_instrument().items
    data = kke_filled(eval_db, evaluasi_id, {items[0].kode: 4, items[1].kode: "tujuh"})
    app.file_uploader(key="ev_kke_file").set_value(("kke.xlsx", data, "application/octet-stream"))
    app.run()
    assert not app.exception
    assert any("ditolak" in e.value for e in app.error)
    assert list(app.table[0].value.columns) == ["Baris", "Kolom", "Nilai", "Pesan"]
    assert "ev_kke_simpan" not in [b.key for b in app.button]
    assert store.evaluation(eval_db, evaluasi_id, actor("ket")).jawaban.empty


def test_review_final_read_only_and_a_correction(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    kode = evaluation.default_instrument().items[0].kode
    store.record_answer(eval_db, evaluasi_id, kode, 2, "cukup", actor("ket"))
    assert "ev_ke_direviu" not in [b.key for b in app.button]  # the ketua tim does not review

    review = signed_in("tek")
    review.text_input(key=f"ev_catatan_status_{evaluasi_id}").input("sudah diperiksa")
    review.button(key="ev_ke_direviu").click()
    review.run()
    assert not review.exception
    assert store.evaluation(eval_db, evaluasi_id, actor("tek")).status == evaluation.DIREVIU

    final = signed_in("mut")
    assert final.button(key="ev_ke_final").disabled  # a confirmation first
    final.checkbox(key=f"ev_yakin_{evaluasi_id}").check()
    final.run()
    final.button(key="ev_ke_final").click()
    final.run()
    assert not final.exception
    assert store.evaluation(eval_db, evaluasi_id, actor("mut")).status == evaluation.FINAL

    after = signed_in("ket")
    assert any("sudah final" in s.value for s in after.success)
    assert f"ev_{evaluasi_id}_{kode}" not in " ".join(str(r.key) for r in after.radio)
    assert not after.file_uploader
    states = store.state_history(eval_db, evaluasi_id, actor("ket"))
    assert states["ke"].tolist() == ["draf", "direviu", "final"]
    after.button(key="ev_koreksi").click()
    after.run()
    assert not after.exception
    newer = store.evaluation_for(eval_db, *chosen(after), actor("ket"))
    assert newer is not None and newer != evaluasi_id


def test_pimpinan_sees_only_final_evaluations(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    boss = signed_in("pim")
    assert "Belum ada evaluasi final" in texts(boss)
    assert "ev_mulai_kirim" not in [b.key for b in boss.button]
    store.transition(eval_db, evaluasi_id, "direviu", actor("tek"))
    store.transition(eval_db, evaluasi_id, "final", actor("mut"))
    st.cache_data.clear()
    boss.run()
    assert not boss.exception
    assert f"Evaluasi {evaluasi_id} · Final" in texts(boss)
    assert "ev_kke_unduh" not in [b.key for b in boss.download_button]


def test_the_operator_has_no_evaluation_page(eval_db: Path) -> None:
    assert not ui.may_open_evaluations(actor("opa"))
    assert all(ui.may_open_evaluations(actor(name)) for name in ("ket", "mut", "pim"))
    app = signed_in("opa", "pages/ringkasan.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)  # not in this role's navigation (its address shows the "not for you" page)


def test_the_profile_shows_the_latest_final_evaluation(eval_db: Path) -> None:
    app = signed_in("ket")
    evaluasi_id = started(eval_db, app)
    kode = evaluation.default_instrument().items[0].kode
    store.record_answer(eval_db, evaluasi_id, kode, 3, "baik", actor("ket"))
    store.transition(eval_db, evaluasi_id, "direviu", actor("tek"))
    profile = signed_in("pim")
    profile.switch_page("pages/profil_upt.py")
    profile.run()
    assert "Evaluasi terakhir" not in texts(profile)  # not final yet: nothing
    store.transition(eval_db, evaluasi_id, "final", actor("mut"))
    st.cache_data.clear()
    profile.run()
    assert not profile.exception
    assert "Evaluasi terakhir" in texts(profile)
    assert {"Nilai evaluasi", "Predikat"} <= {m.label for m in profile.metric}
    assert ["Bagian", "Bobot", "Nilai"] in [frame.value.columns.tolist() for frame in profile.dataframe]


def test_demo_mode_leads_the_team_and_names_the_others(
    tmp_path: Path, dashboard_db: Path, monkeypatch: pytest.MonkeyPatch, open_app
) -> None:
    path = tmp_path / "demo.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("LAPAS_USERS_FILE", str(tmp_path / "nobody.toml"))
    app = open_app(PAGE, db=path)
    assert not app.exception
    assert any("Mode demo hanya dapat menjadi ketua tim" in c.value for c in app.caption)
    app.text_input(key="ev_teknis_demo").input("tek")
    app.text_input(key="ev_mutu_demo").input("mut")
    app.button(key="ev_mulai_kirim").click()
    app.run()
    assert not app.exception
    listed = store.list_evaluations(path, auth.DEMO_ACTOR)
    record = store.evaluation(path, int(listed["evaluasi_id"].iloc[0]), auth.DEMO_ACTOR)
    assert record.role_of("demo") == evaluation.KETUA_TIM and record.role_of("tek") == evaluation.PENGENDALI_TEKNIS
