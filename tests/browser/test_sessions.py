"""A signed-in session outlives a reload (its cookie names a server-side record); signing out ends it."""

from __future__ import annotations

from pathlib import Path

from browser_steps import PASSWORD, WAIT, Server, settled
from playwright.sync_api import Browser, Page, expect

from lapas_metrics import auth, store


def _session_cookie(page: Page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "lapas_sesi"), None)


def test_a_reload_keeps_the_user_signed_in_until_sign_out(
    browser_db: Path, chromium: Browser, fresh_server: Server, tmp_path: Path
) -> None:
    users = tmp_path / "users.toml"
    auth.add_user("pim", "Bu Pimpinan", "pimpinan", [], PASSWORD, path=users)
    with fresh_server(browser_db, {"LAPAS_USERS_FILE": str(users)}) as server:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(server + "/anggaran")
        settled(page, "Masuk")
        page.get_by_label("Nama pengguna").fill("pim")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        settled(page, "Anggaran")
        page.wait_for_function("document.cookie.includes('lapas_sesi=')", timeout=WAIT)
        cookie = _session_cookie(page)
        assert cookie is not None and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 43
        assert cookie["value"] not in page.url
        assert auth.token_hash(cookie["value"]) != cookie["value"]

        page.reload()
        settled(page, "Anggaran")
        expect(page.get_by_test_id("stSidebar").get_by_text("Masuk sebagai")).to_be_visible()

        page.get_by_test_id("stSidebar").get_by_role("button", name="Keluar").click()
        settled(page, "Masuk")
        page.reload()
        settled(page, "Masuk")
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        # The old cookie, even sent again from another browser, opens nothing: the record is ended.
        assert store.resume_session(browser_db, auth.token_hash(cookie["value"]), 1800, 0.0) is None
        context.close()
