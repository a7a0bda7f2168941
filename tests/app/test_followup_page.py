"""The Tindak Lanjut page under AppTest: the monitoring's hand-worked figures, the forms by role, the refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import followup_fixtures
import pandas as pd
import pytest
from followup_fixtures import recommendation_id, signed_in, texts
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, charts, fmt, store

PAGE = "pages/tindak_lanjut.py"
findings_db = followup_fixtures.findings_db  # the shared fixtures
signed_users = followup_fixtures.signed_users


def _cards(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


# Each table by a column only it has (a st.dataframe without selection carries no key in AppTest).
TABLES = {
    "tl_rekap_kanwil": "Kanwil",  # its first column
    "tl_rekap_upt": "Kode UPT",  # its first column
    "tl_terbuka": "Hari lewat batas",
    "tl_daftar": "Penanggung jawab",
}


def _table(app: AppTest, key: str) -> pd.DataFrame:
    column = TABLES[key]
    for frame in app.dataframe:
        columns = list(frame.value.columns)
        if (columns[0] == column) if key.startswith("tl_rekap") else (column in columns):
            return frame.value
    raise AssertionError(f"no table {key}")


def _choose(app: AppTest, rekomendasi_id: int) -> AppTest:
    app.selectbox(key="tl_status").set_value("semua").run()
    app.selectbox(key="tl_pilih").set_value(rekomendasi_id).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_monitoring_shows_the_hand_worked_figures(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    assert not app.error, [e.value for e in app.error]
    assert _cards(app) == {
        "Rekomendasi": "5",
        "TL sesuai": "0,0 %",
        "Lewat batas waktu": "3",
        "Nilai temuan terbuka": fmt.rupiah_short(400_000_000),
    }
    per_kanwil = _table(app, "tl_rekap_kanwil")
    assert per_kanwil["Kanwil"].tolist() == ["Jawa Barat"]
    assert per_kanwil["Rekomendasi"].tolist() == [5]
    per_unit = _table(app, "tl_rekap_upt").set_index("Kode UPT")
    assert per_unit.loc["LP-BOGOR", "Lewat batas waktu"] == 2
    assert per_unit.loc["LP-SUKAMISKIN", "Nilai temuan terbuka"] == 100_000_000
    assert pd.isna(per_unit.loc["LP-BANCEUY", "% TL sesuai"])  # no recommendation: empty, shown as "–"
    open_ones = _table(app, "tl_terbuka")
    # overdue first, most days past first: BOGOR 1 (245 days), SUKAMISKIN 1 (154), BOGOR 2 (62), then the others
    assert open_ones["Hari lewat batas"].tolist() == [245, 154, 62, 0, 0]
    assert open_ones["Nomor temuan"].tolist()[:3] == ["T-2026-BGR-01", "T-2026-SKM-01", "T-2026-BGR-01"]
    assert set(open_ones["Umur (hari)"]) == {325}
    assert app.get("plotly_chart")


def test_operator_answers_with_a_plan_and_a_file_and_sees_only_their_units(signed_users: Path) -> None:
    app = signed_in("opa", PAGE)
    assert app.selectbox(key="tl_upt").options == ["Semua UPT", "Lapas Kelas I Sukamiskin (LP-SUKAMISKIN)"]
    assert _table(app, "tl_rekap_upt")["Kode UPT"].tolist() == ["LP-SUKAMISKIN"]
    assert set(_table(app, "tl_daftar")["Nomor temuan"]) == {"T-2026-SKM-01"}
    rekomendasi_id = recommendation_id(signed_users, "T-2026-SKM-01")
    app = _choose(app, rekomendasi_id)
    assert not [box for box in app.selectbox if box.key == "tl_nilai_status"]  # an operator does not judge

    app.number_input(key="tl_jumlah_aksi").set_value(2).run()
    app.text_input(key="tl_aksi_0").input("Menyusun SOP penyetoran PNBP")
    app.date_input(key="tl_aksi_tanggal_0").set_value(dt.date(2027, 1, 15))
    app.text_input(key="tl_aksi_1").input("Menyetor PNBP yang tertunda")
    app.date_input(key="tl_aksi_tanggal_1").set_value(dt.date(2027, 2, 28))
    app.button(key="tl_rencana_kirim").click().run()
    assert not app.error, [e.value for e in app.error]
    assert any("2 aksi" in s.value for s in app.success)

    app.text_area(key="tl_uraian").input("SOP ditetapkan dan PNBP disetor")
    app.file_uploader(key="tl_bukti").set_value([("sop.pdf", b"%PDF-1.4 sop", "application/pdf")])
    app.button(key="tl_pelaksanaan_kirim").click().run()
    assert not app.error, [e.value for e in app.error]
    assert any("1 berkas bukti" in s.value for s in app.success)

    thread = store.followup_thread(signed_users, rekomendasi_id, auth.SYSTEM_ACTOR)
    assert thread["jenis"].tolist()[-3:] == ["rencana", "rencana", "pelaksanaan"]
    assert [name for _, name in thread["bukti"].iloc[-1]] == ["sop.pdf"]
    assert any("sop.pdf" in str(button.proto.label) for button in app.get("download_button"))
    assert "Menyusun SOP penyetoran PNBP" in texts(app)
    # what the operator wrote moves no status: only the auditor judges
    status = store.recommendations_frame(signed_users, auth.SYSTEM_ACTOR).set_index("rekomendasi_id")["status"]
    assert status[rekomendasi_id] == "belum_ditindaklanjuti"


def test_auditor_judges_sesuai_with_a_note_and_the_kanwil_percentage_changes(signed_users: Path) -> None:
    app = signed_in("aud", PAGE)
    assert _table(app, "tl_rekap_kanwil")["% TL sesuai"].tolist() == [0.0]
    assert _cards(app)["TL sesuai"] == "0,0 %"
    rekomendasi_id = recommendation_id(signed_users, "T-2026-KNG-01")
    app.selectbox(key="tl_pilih").set_value(rekomendasi_id).run()  # from the default list: the open ones
    app.selectbox(key="tl_nilai_status").set_value("sesuai")
    app.text_area(key="tl_nilai_catatan").input("Bukti setor lengkap.")
    app.button(key="tl_nilai_kirim").click().run()
    assert not app.error, [e.value for e in app.error]
    # 1 sesuai of the kanwil's 5 recommendations
    assert _table(app, "tl_rekap_kanwil")["% TL sesuai"].tolist() == [0.2]
    assert _cards(app)["TL sesuai"] == "20,0 %"
    assert _table(app, "tl_rekap_upt").set_index("Kode UPT").loc["LP-KUNINGAN", "% TL sesuai"] == 1.0
    thread = store.followup_thread(signed_users, rekomendasi_id, auth.SYSTEM_ACTOR)
    assert thread["status_baru"].iloc[-1] == "sesuai" and thread["catatan"].iloc[-1] == "Bukti setor lengkap."
    # closed, it has left the list of open ones, but stays on screen with its new judgement
    assert "T-2026-KNG-01" not in set(_table(app, "tl_daftar")["Nomor temuan"])
    assert app.selectbox(key="tl_pilih").value == rekomendasi_id
    # and the browser is sent the choice again with its new text (it kept showing "Belum ditindaklanjuti")
    picker = app.selectbox(key="tl_pilih").proto
    assert picker.set_value and picker.raw_value == "T-2026-KNG-01 / 1 · Lapas Kelas IIA Kuningan · Sesuai"
    assert "Catatan: Bukti setor lengkap." in texts(app)


def test_closing_without_a_note_shows_the_refusal_and_changes_nothing(signed_users: Path) -> None:
    app = signed_in("aud", PAGE)
    rekomendasi_id = recommendation_id(signed_users, "T-2026-BGR-01")
    app = _choose(app, rekomendasi_id)
    app.selectbox(key="tl_nilai_status").set_value("tidak_dapat_ditindaklanjuti")
    app.button(key="tl_nilai_kirim").click().run()
    assert not app.exception
    assert len(app.error) == 1
    sentence = app.error[0].value
    assert "catatan" in sentence.lower() and "Traceback" not in sentence and "\n" not in sentence
    status = store.recommendations_frame(signed_users, auth.SYSTEM_ACTOR).set_index("rekomendasi_id")["status"]
    assert status[rekomendasi_id] == "belum_ditindaklanjuti"
    assert _cards(app)["TL sesuai"] == "0,0 %"


def test_pimpinan_sees_no_forms(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    app = _choose(app, recommendation_id(signed_users, "T-2026-SKM-01"))
    assert not app.get("form")
    keys = {widget.key for widget in [*app.selectbox, *app.text_area, *app.text_input, *app.button]}
    assert not keys & {"tl_nilai_status", "tl_nilai_catatan", "tl_aksi_0", "tl_uraian", "tl_rencana_kirim"}
    assert not app.get("file_uploader")
    assert "Anda dapat membaca tindak lanjut" in texts(app)


def test_a_database_without_findings_shows_a_sentence(open_app) -> None:
    app = open_app(PAGE)
    assert not app.exception and not app.error
    assert any("Belum ada rekomendasi" in info.value for info in app.info)


def test_the_unit_profile_shows_its_findings_and_open_recommendations(signed_users: Path) -> None:
    app = signed_in("pim", "pages/profil_upt.py")
    app.selectbox(key="f_upt").set_value("LP-SUKAMISKIN").run()
    assert not app.exception and not app.error
    findings = next(frame.value for frame in app.dataframe if frame.value.columns[0] == "Nomor temuan")
    assert findings["Nomor temuan"].tolist() == ["T-2026-SKM-01"]
    assert findings["Rekomendasi terbuka"].tolist() == ["2"]
    open_ones = _table(app, "tl_terbuka")
    assert open_ones["Hari lewat batas"].tolist() == [154, 0]
    assert any("Temuan dan tindak lanjut" in header.value for header in app.subheader)
    link = next(link for link in app.get("page_link") if "tindak_lanjut" in link.proto.page)
    assert link.proto.query_string == "upt=LP-SUKAMISKIN"


def test_a_link_with_a_unit_lists_that_units_recommendations(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    app.query_params["upt"] = "LP-BOGOR"
    app.run()
    assert app.selectbox(key="tl_upt").value == "LP-BOGOR"
    assert set(_table(app, "tl_daftar")["Nama UPT"]) == {"Lapas Kelas IIA Bogor"}


def test_the_status_chart_has_a_colour_per_status_and_whole_ticks(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    colours = {trace["name"]: trace["marker"]["color"] for trace in spec["data"]}
    assert colours == {
        "Belum ditindaklanjuti": charts.BAD,
        "Belum sesuai": charts.PALETTE[1],
        "Sesuai": charts.GOOD,
        "Tidak dapat ditindaklanjuti": charts.MUTED,
    }
    assert spec["layout"]["xaxis"]["dtick"] == 1  # at most 2 a bar: no "0,5 rekomendasi"
    assert "orang" not in spec["layout"]["xaxis"]["title"]["text"]


def test_the_sidebar_as_of_date_measures_deadlines_and_ages(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    app.date_input(key="f_per_tanggal").set_value(dt.date(2026, 6, 1)).run()
    assert not app.exception and not app.error
    # on 1 June 2026 only BOGOR 1 (deadline 31 March) is past, by 62 days; every finding is 142 days old
    assert _cards(app)["Lewat batas waktu"] == "1"
    open_ones = _table(app, "tl_terbuka")
    assert open_ones["Hari lewat batas"].tolist() == [62, 0, 0, 0, 0]
    assert set(open_ones["Umur (hari)"]) == {142}
    assert any("posisi 1 Juni 2026" in caption.value for caption in app.caption)


def test_an_empty_plan_and_an_undated_action_are_refused_in_one_sentence(signed_users: Path) -> None:
    app = signed_in("opa", PAGE)
    rekomendasi_id = recommendation_id(signed_users, "T-2026-SKM-01")
    app = _choose(app, rekomendasi_id)
    app.button(key="tl_rencana_kirim").click().run()  # no action written: the store's refusal
    assert [e.value for e in app.error] == ["Rencana tindak lanjut wajib berisi setidaknya satu aksi."]
    app.text_input(key="tl_aksi_0").input("Menyusun SOP")
    app.button(key="tl_rencana_kirim").click().run()  # an action without its date
    assert [e.value for e in app.error] == ["Aksi 1 belum diberi tanggal rencana; rencana belum dikirim."]
    thread = store.followup_thread(signed_users, rekomendasi_id, auth.SYSTEM_ACTOR)
    assert "rencana" not in set(thread["jenis"])


def _linked(app: AppTest, rekomendasi: str, upt: str | None = None) -> AppTest:
    """The page opened from a link (Temuan & Rekomendasi's ?upt=<kode>&rekomendasi=<id>)."""
    if upt is not None:
        app.query_params["upt"] = upt
    app.query_params["rekomendasi"] = rekomendasi
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _link_sentences(app: AppTest) -> list[str]:
    return [str(w.value) for w in app.warning if "tautan" in str(w.value)]


def test_a_link_to_a_recommendation_opens_it_once_even_when_closed(signed_users: Path) -> None:
    rekomendasi_id = recommendation_id(signed_users, "T-2026-KNG-01")
    auditor = auth.load_users()["aud"].actor()
    store.judge(signed_users, rekomendasi_id, "sesuai", "Bukti setor lengkap.", auditor)
    app = _linked(signed_in("pim", PAGE), str(rekomendasi_id), upt="LP-KUNINGAN")
    assert not app.error and not _link_sentences(app)
    assert app.selectbox(key="tl_pilih").value == rekomendasi_id
    assert app.selectbox(key="tl_upt").value == "LP-KUNINGAN"
    assert app.selectbox(key="tl_status").value == "semua"  # closed: the open-only list would leave it out
    assert "Rekomendasi T-2026-KNG-01 / 1" in [header.value for header in app.subheader]
    assert "Catatan: Bukti setor lengkap." in texts(app)
    # read once: another choice made afterwards stays while the address still carries the link
    other = recommendation_id(signed_users, "T-2026-BGR-01")
    app.selectbox(key="tl_upt").set_value("LP-BOGOR").run()
    app.selectbox(key="tl_pilih").set_value(other).run()
    assert not app.exception
    assert app.selectbox(key="tl_pilih").value == other
    assert "Rekomendasi T-2026-BGR-01 / 1" in [header.value for header in app.subheader]


def test_a_link_alone_names_the_unit_and_an_open_recommendation_keeps_the_open_list(signed_users: Path) -> None:
    rekomendasi_id = recommendation_id(signed_users, "T-2026-SKM-01", "2")
    app = _linked(signed_in("opa", PAGE), str(rekomendasi_id))
    assert app.selectbox(key="tl_pilih").value == rekomendasi_id
    assert app.selectbox(key="tl_upt").value == "LP-SUKAMISKIN"
    assert app.selectbox(key="tl_status").value == "terbuka"
    assert app.text_area(key="tl_uraian")  # the operator's forms on the linked recommendation


@pytest.mark.parametrize("wanted", ["BGR", "999999", "abc", "-1", "9" * 40])
def test_a_link_the_viewer_may_not_see_or_that_does_not_exist_is_one_sentence(signed_users: Path, wanted: str) -> None:
    # the operator of LP-SUKAMISKIN may not see LP-BOGOR's recommendation
    value = str(recommendation_id(signed_users, "T-2026-BGR-01")) if wanted == "BGR" else wanted
    app = _linked(signed_in("opa", PAGE), value)
    assert _link_sentences(app) == ["Rekomendasi pada tautan tidak ditemukan atau tidak dapat Anda lihat."]
    assert not app.error
    assert app.selectbox(key="tl_pilih").value is None  # nothing chosen, the rest of the page as without the link
    assert set(_table(app, "tl_daftar")["Nomor temuan"]) == {"T-2026-SKM-01"}
    assert _cards(app)["Rekomendasi"] == "2"
    app.run()  # read once: the sentence does not come back on the next run
    assert not _link_sentences(app)


def test_a_link_to_a_withdrawn_finding_or_outside_the_filters_says_so(signed_users: Path) -> None:
    auditor = auth.load_users()["aud"].actor()
    temuan_id = int(
        store.list_findings(signed_users, auditor).set_index("nomor_temuan").loc["T-2026-BGR-01", "temuan_id"]
    )
    rekomendasi_id = recommendation_id(signed_users, "T-2026-BGR-01")
    store.withdraw_finding(signed_users, temuan_id, "Salah UPT", auditor)
    app = _linked(signed_in("aud", PAGE), str(rekomendasi_id))
    assert _link_sentences(app) == [
        "Rekomendasi T-2026-BGR-01 / 1 pada tautan milik temuan yang sudah ditarik; tindak lanjutnya tidak dipantau lagi."
    ]
    assert app.selectbox(key="tl_pilih").value is None and not app.error

    app = signed_in("aud", PAGE)
    app.multiselect(key="f_kelas").set_value(["I"]).run()  # Kelas I: LP-SUKAMISKIN, not LP-KUNINGAN (IIA)
    app = _linked(app, str(recommendation_id(signed_users, "T-2026-KNG-01")))
    assert _link_sentences(app) == [
        "Rekomendasi T-2026-KNG-01 / 1 pada tautan milik UPT di luar filter bilah samping; ubah filter untuk melihatnya."
    ]
    assert app.selectbox(key="tl_pilih").value is None and not app.error


def test_a_sent_answer_is_emptied_on_screen_not_only_in_the_session(signed_users: Path) -> None:
    # The browser keeps a field's text unless the page sends it a new value (proto.set_value): a key only dropped
    # from the session showed the sent text again (seen in Chromium), ready to be sent twice.
    app = _choose(signed_in("opa", PAGE), recommendation_id(signed_users, "T-2026-SKM-01"))
    app.text_input(key="tl_aksi_0").input("Menyusun SOP")
    app.date_input(key="tl_aksi_tanggal_0").set_value(dt.date(2027, 1, 15))
    app.button(key="tl_rencana_kirim").click().run()
    for key in ("tl_aksi_0", "tl_aksi_tanggal_0"):
        widget = app.text_input(key=key) if key == "tl_aksi_0" else app.date_input(key=key)
        assert widget.proto.set_value, key
    assert app.text_input(key="tl_aksi_0").value == "" and app.date_input(key="tl_aksi_tanggal_0").value is None

    app.text_area(key="tl_uraian").input("SOP ditetapkan")
    app.file_uploader(key="tl_bukti").set_value([("sop.pdf", b"%PDF-1.4 sop", "application/pdf")])
    app.button(key="tl_pelaksanaan_kirim").click().run()
    assert any("1 berkas bukti" in s.value for s in app.success)
    assert app.text_area(key="tl_uraian").proto.set_value and app.text_area(key="tl_uraian").value == ""
    # a file uploader takes no value from the page: a new one (another key) is empty in the browser
    assert [uploader.key for uploader in app.get("file_uploader")] == ["tl_bukti_baru_1"]
    assert not [w.value for w in app.warning if "Session State" in str(w.value)]  # no value= beside the key
