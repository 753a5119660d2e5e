"""Share by link in a real browser: one session uploads and shares, another opens the link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.archives import make_zip
from tests.browser.test_hostile import wait_for_app

pytestmark = pytest.mark.browser

PERSON = "Marisol Quenneville"
ARTICLES = {
    "valmora.txt": f"{PERSON}, the mayor of Valmora, said on Monday that the bridge would reopen next spring. "
                   f"\"We will not wait any longer,\" {PERSON} told reporters in Valmora.",
    "ostrel.txt": f"Officials in Ostrel said {PERSON} had promised funding for the bridge, which closed last year "
                  "after a flood damaged its supports.",
}
MANIFEST = b"file,source,title\nvalmora.txt,Valmora Herald,Bridge to reopen\nostrel.txt,Ostrel Post,Funding promised\n"


def _metric(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.fixture(scope="module")
def shared_link(browser: Browser, app_url: str) -> str:
    """A first session uploads a zip, narrows to one outlet, and shares; the link it is given."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/Corpus")
    wait_for_app(page)
    page.get_by_role("tab", name="Upload").click()
    archive = make_zip({**{k: v.encode() for k, v in ARTICLES.items()}, "manifest.csv": MANIFEST})
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [{"name": "story.zip", "mimeType": "application/zip", "buffer": archive}])
    page.get_by_role("button", name="Analyse uploaded articles").click()
    page.wait_for_timeout(500)
    wait_for_app(page, timeout=180_000)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.get_by_role("option", name="Valmora Herald").click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("tab", name="Share").click()
    page.get_by_role("button", name="Share this corpus").click()
    wait_for_app(page)
    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    context.close()
    return link


def test_the_link_opens_the_uploaded_corpus_with_its_filters_in_another_session(browser: Browser, shared_link: str,
                                                                                 shots) -> None:
    assert re.search(r"corpus=[A-Za-z0-9_-]{32}", shared_link) and "source=Valmora" in shared_link
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(shared_link)
        wait_for_app(page)
        expect(page.locator('[data-testid="stSidebar"]').get_by_text("A shared corpus (read-only)")).to_be_visible()
        page.screenshot(path=str(shots / "Shared-link-corpus.png"), full_page=True)
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Overview").click()
        wait_for_app(page)
        page.screenshot(path=str(shots / "Shared-link.png"), full_page=True)
        assert _metric(page, "Articles") == "1" and _metric(page, "Outlets") == "1", page.url
        expect(page.locator('[data-testid="stSidebar"]').get_by_text("Valmora Herald")).to_be_visible()
        page.screenshot(path=str(shots / "Shared-link.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("corpus", ["A" * 32, "..%2F..%2Fetc", "x"])
def test_a_made_up_id_gets_a_plain_message_and_the_bundled_corpus(page: Page, app_url: str, corpus: str) -> None:
    page.goto(f"{app_url}/?corpus={corpus}")
    wait_for_app(page)
    expect(page.get_by_text("does not exist or has expired")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert _metric(page, "Articles") == "5"
