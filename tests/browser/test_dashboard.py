"""The dashboard as an analyst meets it: every page in a real browser, a filter change, a drill-down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = [
    ("", "News coverage overview"),
    ("Actors", "Actors"),
    ("Quotes", "Quotes"),
    ("Sentiment", "Sentiment"),
    ("Map", "Map"),
    ("Timeline", "Coverage over time"),
    ("Corpus", "Corpus"),
]


def wait_for_app(page: Page, timeout: float = 60_000) -> None:
    """Wait until the script finished running (not merely until the page loaded)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def legend_sources(page: Page, chart_index: int = 0) -> set[str]:
    chart = page.locator('[data-testid="stPlotlyChart"]').nth(chart_index)
    return set(chart.locator(".legendtext").all_text_contents())


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_every_page_renders(page: Page, app_url: str, shots, path: str, title: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    if path != "Corpus":
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.locator(".main-svg").first.wait_for(timeout=30_000)
        expect(chart.locator(".gtitle")).not_to_have_text("")
    page.screenshot(path=str(shots / f"{path or 'Overview'}.png"), full_page=True)


def test_source_filter_redraws_chart_and_travels_in_link(page: Page, app_url: str, shots) -> None:
    page.goto(f"{app_url}/Actors")
    wait_for_app(page)
    page.locator('[data-testid="stPlotlyChart"]').first.locator(".legendtext").first.wait_for()
    before = legend_sources(page)
    assert len(before) >= 3

    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.get_by_role("option", name="ABC News").click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"source=ABC\+News|source=ABC%20News"))
    after = legend_sources(page)
    assert after == {"ABC News"}
    page.screenshot(path=str(shots / "Actors-filtered.png"), full_page=True)

    page.goto(page.url)
    wait_for_app(page)
    assert legend_sources(page) == {"ABC News"}


def test_drill_down_shows_sentences(page: Page, app_url: str, shots) -> None:
    page.goto(f"{app_url}/Actors?source=ABC+News")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    bar = chart.locator("g.point path").first
    bar.wait_for()
    chart.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page)
    expect(page.get_by_text("Sentences behind the selection")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Clear chart selection"))).to_be_visible()
    page.screenshot(path=str(shots / "Actors-drilldown.png"), full_page=True)


def test_map_draws_its_base_map_from_the_app_itself(page: Page, app_url: str, shots) -> None:
    """No CDN: the country shapes come from the app's static files, and markers sit on them."""
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, r.status)) if "topojson" in r.url else None)
    page.goto(f"{app_url}/Map")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    countries = chart.locator(".countries path").first
    countries.wait_for(state="attached", timeout=30_000)
    page.wait_for_function(
        "() => (document.querySelector('[data-testid=stPlotlyChart] .countries path')?.getAttribute('d') || '')"
        ".length > 10000", timeout=30_000)
    assert fetched and all(url.startswith(app_url + "/app/static/topojson/") and status == 200
                           for url, status in fetched)
    assert chart.locator(".scattergeo path.point").count() >= 10
    page.screenshot(path=str(shots / "Map-offline.png"), full_page=True)


def test_a_table_downloads_as_csv(page: Page, app_url: str, tmp_path) -> None:
    page.goto(f"{app_url}/Corpus")
    wait_for_app(page)
    page.get_by_role("tab", name="Export").click()
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Download actors (CSV)").click()
    path = tmp_path / "actors.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("actor_id,actor,actor_type")
    assert "Vladimir Putin" in text and "Melanie Joly" in text
