"""The PKPT page under AppTest: the plan year, the hand-worked ranking with its parts and points, the exports."""

from __future__ import annotations

import io
from pathlib import Path

import followup_fixtures
import openpyxl
import pandas as pd
import pytest
import signing
from followup_fixtures import AS_OF, signed_in
from streamlit.testing.v1 import AppTest

from lapas_metrics import auth, ui
from lapas_metrics.ui import pkpt_screens

PAGE = "pages/pkpt.py"
findings_db = followup_fixtures.findings_db  # the shared fixtures
signed_users = followup_fixtures.signed_users
NAMES = ["Lapas Kelas IIA Bogor", "Lapas Kelas I Sukamiskin", "Lapas Kelas IIA Kuningan"]


@pytest.fixture
def findings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weights that leave out the risk score and the years since evaluation: the order is then the findings'
    alone (weights 15/15/15 of 45: each part's points = 33.33 × its scaled value)."""
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_RISIKO", "0")
    monkeypatch.setenv("LAPAS_PKPT_BOBOT_EVALUASI", "0")


def _table(app: AppTest) -> pd.DataFrame:
    for frame in app.dataframe:
        if frame.value.columns[0] == "Peringkat":
            return frame.value
    raise AssertionError("no PKPT table")


def test_the_ranking_is_in_the_hand_worked_order(signed_users: Path, findings_only: None) -> None:
    app = signed_in("aud", PAGE)
    assert not app.error, [e.value for e in app.error]
    assert app.number_input(key="pkpt_tahun").value == AS_OF.year + 1
    top = _table(app).head(3)
    # open (max 2): BOGOR 2, SUKAMISKIN 2, KUNINGAN 1 -> 1, 1, 0.5; overdue (max 2): 2, 1, 0 -> 1, 0.5, 0;
    # open amount (max Rp 300 jt): 0, 100 jt, 300 jt -> 0, 1/3, 1. Points 33.33 × each:
    assert top["Nama UPT"].tolist() == NAMES
    assert top["Skor PKPT"].round(2).tolist() == [66.67, 61.11, 50.0]
    assert top["Poin rekomendasi lewat batas waktu"].round(2).tolist() == [33.33, 16.67, 0.0]
    assert top["Rekomendasi terbuka"].tolist() == [2, 2, 1]
    assert top["Peringkat"].tolist() == [1, 2, 3]
    assert set(top["Usulan triwulan"]) == {"Triwulan I"}
    assert all(top["Alasan"].str.len() > 0)
    ids = [button.proto.id for button in app.get("download_button")]
    assert any(i.endswith("pkpt_csv") for i in ids) and any(i.endswith("pkpt_xlsx") for i in ids)


def test_the_excel_plan_holds_the_ranking(signed_users: Path, findings_only: None) -> None:
    plan = ui.pkpt_plan(auth.SYSTEM_ACTOR, 2027, AS_OF, ["LP-BOGOR", "LP-SUKAMISKIN", "LP-KUNINGAN"])
    book = openpyxl.load_workbook(io.BytesIO(pkpt_screens.workbook(plan, 2027, AS_OF, "Kanwil Jawa Barat")))
    sheet = book["PKPT 2027"]
    assert sheet["A1"].value == "Program Kerja Pengawasan Tahunan (PKPT) 2027"
    assert sheet["A4"].value == "Kode UPT" and sheet["A5"].value == "kode_upt"
    assert [sheet.cell(row, 3).value for row in (6, 7, 8)] == NAMES
    assert sheet.cell(6, 2).value == 1


def test_a_pimpinan_reads_the_plan_an_operator_does_not_see_it(signed_users: Path) -> None:
    app = signed_in("pim", PAGE)
    assert not app.error and len(_table(app)) > 3
    operator = AppTest.from_file(str(signing.APP), default_timeout=60)
    operator.switch_page(PAGE).run()  # the page's address, signed out: the sign-in form, then the page
    operator.text_input(key="auth_username").input("opa")
    operator.text_input(key="auth_password").input(signing.PASSWORD)
    operator.button[0].click()
    operator.run()
    assert not operator.exception
    assert [e.value for e in operator.error] == ["Halaman ini tidak tersedia untuk peran Anda."]
    assert not operator.dataframe
