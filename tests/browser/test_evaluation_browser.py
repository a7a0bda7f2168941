"""The real server and headless Chromium: an evaluation from its team to final, and its result on the unit's profile."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from browser_steps import PASSWORD, WAIT, Server, settled

from lapas_metrics import auth, evaluation

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright belum terpasang: pip install -r requirements-dev.txt"
)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def signed_in(chromium, server: str, username: str, width: int = 1280):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    page.goto(f"{server}/evaluasi")
    settled(page, "Masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    settled(page, "Evaluasi")
    return page


def choose(page, key: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("option", name=option).click()


def filled_kke(data: bytes, levels: dict[str, object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[evaluation.KKE_SHEET]
    header = [cell.value for cell in sheet[5]]
    code_col, level_col, reason_col = (header.index(name) + 1 for name in ("kode", "tingkat", "alasan"))
    for row in range(6, sheet.max_row + 1):
        if sheet.cell(row, code_col).value in levels:
            sheet.cell(row, level_col).value = levels[sheet.cell(row, code_col).value]
            sheet.cell(row, reason_col).value = "diperiksa di lapangan"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_evaluation_from_its_team_to_the_units_profile(
    browser_db: Path, tmp_path: Path, fresh_server: Server, chromium, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = sync_api.expect
    database = tmp_path / "evaluasi.duckdb"
    shutil.copy(browser_db, database)
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LAPAS_USERS_FILE", str(users))
    auth.add_user("ket", "Bu Ketua", "auditor", [], PASSWORD)
    auth.add_user("tek", "Pak Teknis", "auditor", [], PASSWORD)
    auth.add_user("mut", "Bu Mutu", "admin", [], PASSWORD)
    instrument = evaluation.default_instrument()
    first = instrument.sections[0]
    SCREENSHOTS.mkdir(exist_ok=True)
    with fresh_server(database, {"LAPAS_USERS_FILE": str(users)}) as server:
        page = signed_in(chromium, server, "ket")
        # 1. the team
        choose(page, "ev_teknis", "Pak Teknis (Auditor)")
        choose(page, "ev_mutu", "Bu Mutu (Admin)")
        page.get_by_role("button", name="Mulai evaluasi").click()
        expect(page.get_by_text("Evaluasi 1 · Draf")).to_be_visible(timeout=WAIT)
        # 2. an answer in the first section, saved with its button
        section = page.get_by_test_id("stExpander").first
        section.locator("summary").click()
        section.get_by_text(f"3 — {first.items[0].skala[3]}").click()
        section.get_by_role("button", name="Simpan bagian ini").click()
        expect(page.get_by_text(f"Tersimpan: butir {first.items[0].kode}.")).to_be_visible(timeout=WAIT)
        # 3. an evidence file
        section = page.get_by_test_id("stExpander").first
        expect(section.get_by_role("button", name="Lampirkan")).to_be_visible()  # still open after the save
        section.locator(f".st-key-ev_bukti_{first.kunci}_berkas input[type=file]").set_input_files(
            files=[{"name": "sk_penetapan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 sk"}]
        )
        expect(section.get_by_role("button", name="Lampirkan")).to_be_enabled(timeout=WAIT)
        section.get_by_role("button", name="Lampirkan").click()
        expect(page.get_by_text("Bukti sk_penetapan.pdf dilampirkan")).to_be_visible(timeout=WAIT)
        # 4. the KKE out, filled in offline, and back
        settled(page, "Evaluasi")  # the button of the last run: a deferred download belongs to its run
        with page.expect_download(timeout=WAIT) as download:
            page.get_by_role("button", name="Unduh KKE (XLSX)").click()
        kke = Path(download.value.path()).read_bytes()
        filled = filled_kke(kke, {item.kode: 4 for item in instrument.sections[1].items})
        page.locator(".st-key-ev_kke_file input[type=file]").set_input_files(
            files=[{"name": "kke_terisi.xlsx", "mimeType": "application/octet-stream", "buffer": filled}]
        )
        expect(page.get_by_text("Berkas valid")).to_be_visible(timeout=WAIT)
        page.get_by_role("button", name="Simpan jawaban dari KKE").click()
        expect(page.get_by_text("Impor kke_terisi.xlsx:")).to_be_visible(timeout=WAIT)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.screenshot(path=str(SCREENSHOTS / "evaluasi_draf_1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})
        settled(page, "Evaluasi")
        page.screenshot(path=str(SCREENSHOTS / "evaluasi_draf_390.png"), full_page=True)
        page.context.close()
        # 5. review by the pengendali teknis
        page = signed_in(chromium, server, "tek")
        page.get_by_role("button", name="Nyatakan direviu").click()
        # The state as the page keeps showing it (the one-time "Status evaluasi kini …" sentence can be gone
        # already when the sign-in cookie reruns the page on a busy machine).
        expect(page.get_by_role("heading", name="· Direviu")).to_be_visible(timeout=WAIT)
        page.context.close()
        # 6. final by the pengendali mutu, after the confirmation
        page = signed_in(chromium, server, "mut")
        page.get_by_text("Saya yakin").click()
        page.get_by_role("button", name="Tetapkan final").click()
        expect(page.get_by_text("sudah final dan hanya dapat dibaca")).to_be_visible(timeout=WAIT)
        page.screenshot(path=str(SCREENSHOTS / "evaluasi_final_1280.png"), full_page=True)
        # 7. the result on the unit's profile
        page.get_by_test_id("stSidebarNav").get_by_text("Profil UPT").click()
        settled(page, "Profil UPT")
        expect(page.get_by_text("Evaluasi terakhir")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Evaluasi final 1 · TA")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.set_viewport_size({"width": 390, "height": 900})
        settled(page, "Profil UPT")
        page.get_by_text("Evaluasi terakhir").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "profil_evaluasi_390.png"))
        page.context.close()
