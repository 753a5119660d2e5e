"""The dashboard on a corpus the size the seeds hide: 400 dated articles, 40 outlets in 5 groups."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from analysis.views.palette import COLOUR_LIMIT
from tests.browser.test_dashboard import wait_for_app

pytestmark = pytest.mark.browser

PAGES = [("", "News coverage overview"), ("Actors", "Actors"), ("Quotes", "Quotes"), ("Sentiment", "Sentiment"),
         ("Map", "Map"), ("Timeline", "Coverage over time"), ("Corpus", "Corpus")]


@pytest.fixture(scope="module", params=["memory", "store"])
def scale_url(request, tmp_path_factory) -> Iterator[str]:
    """The dashboard served on the generated corpus: tables in memory, or read out of core from the
    partitioned store (the path a corpus above OUT_OF_CORE_FROM articles takes)."""
    from analysis.tools.loadtest import local_server

    log = tmp_path_factory.mktemp("scale-server") / "streamlit.log"
    if request.param == "memory":
        env = {"NEWS_DASHBOARD_STORE": str(request.getfixturevalue("scale_store"))}
    else:
        env = {"NEWS_DASHBOARD_STORE": str(request.getfixturevalue("scale_parts_store")),
               "NEWS_DASHBOARD_VIEWS": "store"}
    with local_server(log, env=env) as url:
        yield url


def _charts_drawn(page: Page) -> None:
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=30_000)


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_every_page_is_readable_at_forty_outlets(page: Page, scale_url: str, shots, path: str, title: str,
                                                 request) -> None:
    page.goto(f"{scale_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    _charts_drawn(page)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        entries = charts.nth(i).locator(".legendtext").all_text_contents()
        assert len(entries) <= COLOUR_LIMIT + 1, (path, entries)
        assert all(len(e) <= 24 for e in entries), entries
    mode = request.node.callspec.params["scale_url"]
    page.screenshot(path=str(shots / f"scale-{mode}-{path or 'Overview'}.png"), full_page=True)


def _settled_text(page: Page, locator, quiet_ms: int = 1500, timeout_ms: int = 30_000) -> str:
    """The text once it has stopped changing for `quiet_ms`: what a reader sees after the page settles."""
    text, still, waited = locator.inner_text(), 0, 0
    while still < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(250)
        waited += 250
        now = locator.inner_text()
        still = still + 250 if now == text else 0
        text = now
    return text


def test_the_group_filter_survives_a_reload(page: Page, scale_url: str, shots) -> None:
    page.goto(f"{scale_url}/?group=Wire+services")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Wire services")).to_be_visible()
    articles = page.locator('[data-testid="stMetric"]').first.locator('[data-testid="stMetricValue"]')
    filtered = _settled_text(page, articles)
    assert int(filtered) < 400
    page.reload()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"group=Wire\+services|group=Wire%20services"))
    expect(sidebar.get_by_text("Wire services")).to_be_visible()
    assert _settled_text(page, articles) == filtered
    page.screenshot(path=str(shots / "scale-group-filter.png"), full_page=True)


def test_comparing_groups_travels_in_the_link(page: Page, scale_url: str) -> None:
    page.goto(f"{scale_url}/Sentiment?by=Outlet+group")
    wait_for_app(page)
    _charts_drawn(page)
    heat = page.locator('[data-testid="stPlotlyChart"]').first
    expect(heat.locator(".gtitle")).to_contain_text("by group")
    ticks = heat.locator(".yaxislayer-above .ytick text").all_text_contents()
    assert len(ticks) == 5, ticks
