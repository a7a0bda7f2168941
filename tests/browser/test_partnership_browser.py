"""The real server and headless Chromium: Kemitraan dan Aset at 1280 and 390 px shows the figures of the data, no error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from browser_steps import WAIT, Server, settled
from playwright.sync_api import Browser, Page, expect

from lapas_metrics import fmt, metrics, store, views

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
POSISI = "2026-02-15"


def _figures(database: Path, kode: str, tahun: int) -> dict[str, object]:
    inputs = metrics.MetricInputs.from_store(store.metric_frames(database), dt.date.fromisoformat(POSISI))
    figures = metrics.yearly_figures(inputs).set_index(["kode_upt", "tahun"])
    return figures.loc[(kode, tahun)].to_dict()


def _card(page: Page, label: str) -> object:
    return page.get_by_test_id("stMetric").filter(has_text=label).first


def _shot(page: Page, name: str, width: int) -> None:
    """The whole page (Streamlit scrolls inside its own frame, so the window is made tall enough first)."""
    page.set_viewport_size({"width": width, "height": 5200 if width < 800 else 3600})
    page.wait_for_timeout(1500)  # charts lay themselves out again for the new size
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))
    page.set_viewport_size({"width": width, "height": 900})


def _no_error(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_partnership_page_shows_the_figures_of_the_data(
    browser_db: Path, chromium: Browser, fresh_server: Server, width: int
) -> None:
    kuningan = _figures(browser_db, "LP-KUNINGAN", 2025)
    idle = fmt.rupiah_short(kuningan["nilai_aset_menganggur_rp"])
    share = fmt.percent(kuningan["porsi_aset_menganggur"])
    sukamiskin = _figures(browser_db, "LP-SUKAMISKIN", 2025)
    with fresh_server(browser_db, {"LAPAS_PER_TANGGAL": POSISI}) as server:
        page = chromium.new_page(viewport={"width": width, "height": 900}, locale="id-ID")
        page.goto(server + "/kemitraan?upt=LP-KUNINGAN")
        settled(page, "Kemitraan dan Aset")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("TA 2025").first).to_be_visible(timeout=WAIT)
        card = _card(page, "Nilai aset menganggur")
        card.scroll_into_view_if_needed()
        expect(card).to_contain_text(idle, timeout=WAIT)
        expect(_card(page, "Porsi aset menganggur")).to_contain_text(share)
        summary = page.locator(".st-key-km_aset_ringkas")
        expect(summary).to_contain_text(f"senilai {idle} atau {share}")
        expect(page.locator(".st-key-km_bendera")).to_contain_text("Aset menganggur")
        expect(page.locator(".st-key-km_perjanjian_semua").get_by_test_id("stDataFrame")).to_be_visible()
        _no_error(page)
        _shot(page, f"kemitraan_{width}.png", width)
        # Sukamiskin's BGS: the handover countdown on screen is its figure
        page.goto(server + "/kemitraan?upt=LP-SUKAMISKIN")
        settled(page, "Kemitraan dan Aset")
        months = views.countdown_text(sukamiskin["kemitraan_berakhir_dalam_bulan"])
        expect(page.get_by_text(f"Serah terima terdekat kepada negara: {months}")).to_be_visible(timeout=WAIT)
        expect(_card(page, "Serah terima dalam")).to_contain_text(
            fmt.number(sukamiskin["kemitraan_berakhir_dalam_bulan"])
        )
        _no_error(page)
        _shot(page, f"kemitraan_sukamiskin_{width}.png", width)
        page.close()
