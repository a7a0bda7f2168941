"""The dashboard in a real browser: every page renders its charts without an error, and the unit report downloads."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"  # git-ignored
PAGES = ["Ringkasan", "Profil UPT", "Produksi", "Partisipasi WBP", "Anggaran"]
WAIT = 30_000


def _settled(page: Page, title: str) -> None:
    """The page `title` is shown, its script has finished running and a chart is drawn.

    The heading appears only once the new page's script runs, so the script state read after it
    belongs to that run, not to the page before.
    """
    expect(page.get_by_role("heading", level=1)).to_contain_text(title, timeout=WAIT)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)


def _screenshot(page: Page, name: str) -> None:
    """A full-page screenshot: the app scrolls inside its main block, so the viewport grows to fit it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 10_000)})
    expect(page.locator(".js-plotly-plot").last).to_be_visible(timeout=WAIT)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


def test_every_dashboard_page_renders_charts_without_errors(dashboard_server: str, dashboard_page: Page) -> None:
    server, page = dashboard_server, dashboard_page
    # Start at the root: st.navigation learns its pages there, then the sidebar links switch pages.
    page.goto(server + "/")
    _settled(page, "Ringkasan")
    expect(page.get_by_text("Data demo (sintetis)")).to_be_visible(timeout=WAIT)
    # A unit at risk on Ringkasan links to its profile, which opens on that unit.
    link = page.get_by_test_id("stPageLink").first
    unit = link.inner_text().strip().splitlines()[-1].strip()  # the label, without the icon
    link.click()
    _settled(page, "Profil UPT")
    assert "upt=" in page.url
    expect(page.get_by_test_id("stMain").get_by_text(f"{unit} · Kanwil Jawa Barat")).to_be_visible(timeout=WAIT)
    for title in PAGES:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        _settled(page, title)
        assert page.get_by_test_id("stException").count() == 0, title
        text = page.get_by_test_id("stMain").inner_text()
        assert "Traceback" not in text and "Error" not in text, title
        assert page.locator('[data-testid="stPlotlyChart"], .js-plotly-plot').count() >= 1, title
        assert "Kanwil Jawa Barat · TA" in text, title
        _screenshot(page, title.lower().replace(" ", "_"))


def test_unit_report_downloads_as_offline_html(dashboard_server: str, dashboard_page: Page, tmp_path: Path) -> None:
    server, page = dashboard_server, dashboard_page
    page.goto(server + "/")
    _settled(page, "Ringkasan")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Profil UPT").click()
    _settled(page, "Profil UPT")
    button = page.get_by_role("button", name="Unduh laporan (HTML)")
    expect(button).to_be_visible(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("profil_") and saved.suffix == ".html"
    html = saved.read_text(encoding="utf-8")
    assert "@page { size: A4" in html and "Plotly.newPlot" in html

    offline = page.context.browser.new_context(offline=True, viewport={"width": 800, "height": 1000})
    try:
        report = offline.new_page()
        report.goto(saved.as_uri())
        expect(report.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
        assert report.locator(".js-plotly-plot").count() >= 4
    finally:
        offline.close()
