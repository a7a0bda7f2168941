"""A bookmarked page address as the very first request after a server start: that page, inside the frame, no "Page not found"."""

from __future__ import annotations

from pathlib import Path

from browser_steps import PASSWORD, WAIT, Server, settled
from playwright.sync_api import Browser, Page, expect

from lapas_metrics import auth


def _in_the_frame(page: Page) -> None:
    """The sidebar filters of app.py are drawn, and Streamlit's English dialog is not."""
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Tahun anggaran")).to_be_visible(timeout=WAIT)
    expect(sidebar.get_by_text("Hanya Lapas Industri")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Ringkasan")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_first_request_to_a_page_address_shows_that_page_in_the_frame(
    browser_db: Path, chromium: Browser, fresh_server: Server, tmp_path: Path
) -> None:
    with fresh_server(browser_db) as server:
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        page.goto(server + "/profil_upt?upt=LP-BOGOR")
        settled(page, "Profil UPT")
        _in_the_frame(page)
        expect(page.get_by_test_id("stMain").get_by_text("Lapas Kelas IIA Bogor · Kanwil Jawa Barat")).to_be_visible()
        assert page.url == server + "/profil_upt?upt=LP-BOGOR"
        page.close()


def test_signed_out_page_address_asks_to_sign_in_then_shows_that_page(
    browser_db: Path, chromium: Browser, fresh_server: Server, tmp_path: Path
) -> None:
    users = tmp_path / "users.toml"
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD, path=users)
    with fresh_server(browser_db, {"LAPAS_USERS_FILE": str(users)}) as server:
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        page.goto(server + "/anggaran")
        settled(page, "Masuk")
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_test_id("stSidebar").get_by_text("Tahun anggaran")).to_have_count(0)
        page.get_by_label("Nama pengguna").fill("pim")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        settled(page, "Anggaran")
        _in_the_frame(page)
        expect(page.get_by_test_id("stSidebar").get_by_text("Masuk sebagai")).to_be_visible()
        assert page.url == server + "/anggaran"
        page.close()
