"""Hostile uploads in a real browser: refusals named, markup shown as text, other sessions see none of it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.archives import make_zip

pytestmark = pytest.mark.browser

PERSON = "Zorvath Quillmane"
SCRIPT = "<script>window.pwned=1</script>"
IMG = '<img src=x onerror="window.pwned=2;alert(2)">'
TRICKS = (
    f"{PERSON}, the mayor of Valmora, said: “{SCRIPT} ![pixel](https://tracker.invalid/p.png) "
    "[click](javascript:alert(1)) $\\frac{1}{0}$ :red[alarm] **bold**”.\n\n"
    f"Pellham Ivo of Odesa told reporters “{IMG} is a $5 claim”."
)


def wait_for_app(page: Page, timeout: float = 60_000) -> None:
    """Wait until the script finished running (not merely until the page loaded)."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(idle, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(idle, timeout=timeout)




GOOD = {
    "tricks.json": json.dumps({"text": TRICKS, "source": "Valmora Herald"}).encode(),
    "tricks2.json": json.dumps(
        {"text": TRICKS.replace("said:", "told reporters:"), "source": "Odesa Post"}
    ).encode(),
}
BAD = {
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary file"),
    "escape.zip": (make_zip({"../../outside.txt": TRICKS.encode()}), "unsafe path"),
    "bomb.zip": (make_zip({"bomb.txt": b"\0" * 5_000_000}), "zip bomb"),
    "broken.json": (b'{"text": "unterminated', "not valid JSON"),
}
REFUSED_AS = {
    "picture.txt": "picture.txt",
    "escape.zip": "escape.zip/../../outside.txt",
    "bomb.zip": "bomb.zip/bomb.txt",
    "broken.json": "broken.json",
}


def files_payload() -> list[dict]:
    out = [{"name": n, "mimeType": "application/octet-stream", "buffer": d} for n, d in GOOD.items()]
    out += [{"name": n, "mimeType": "application/octet-stream", "buffer": d} for n, (d, _) in BAD.items()]
    return out


def nothing_executed(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    assert page.locator('img[src="x"], img[src*="tracker.invalid"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator('[data-testid="stMain"] .katex').count() == 0
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.fixture(scope="module")
def uploader(browser: Browser, app_url: str):
    """One browser session that uploaded the hostile mix; it keeps its session while moving between pages."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_url}/Corpus")
    wait_for_app(page)
    page.get_by_role("tab", name="Upload").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files_payload())
    page.get_by_role("button", name="Analyse uploaded articles").click()
    page.wait_for_timeout(500)
    wait_for_app(page, timeout=180_000)
    yield page, dialogs
    context.close()


def test_each_refusal_is_named_with_its_reason_and_the_rest_is_analysed(uploader, shots):
    page, dialogs = uploader
    page.get_by_role("tab", name="Upload").click()
    expect(page.get_by_text("Analysed 2 article(s) from your uploads.")).to_be_visible()
    alerts = page.locator('[data-testid="stAlertContentError"]')
    text = "\n".join(alerts.all_inner_texts())
    for name, (_, reason) in BAD.items():
        line = next((t for t in text.splitlines() if t.startswith(f"{REFUSED_AS[name]}: ")), None)
        assert line is not None and reason in line, (name, text)
    page.screenshot(path=str(shots / "Hostile-upload.png"), full_page=True)
    nothing_executed(page, dialogs)


def test_reader_shows_script_and_markup_as_text(uploader, shots):
    page, dialogs = uploader
    page.get_by_role("tab", name="Reader").click()
    expect(page.get_by_text(SCRIPT).first).to_be_visible()
    expect(page.get_by_text("![pixel](https://tracker.invalid/p.png)").first).to_be_visible()
    expect(page.get_by_text("$\\frac{1}{0}$").first).to_be_visible()
    expect(page.get_by_text(IMG).first).to_be_visible()
    page.screenshot(path=str(shots / "Hostile-reader.png"), full_page=True)
    nothing_executed(page, dialogs)


def test_quotes_page_shows_quoted_markup_as_text(uploader, shots):
    page, dialogs = uploader
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Quotes").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Across outlets").click()
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="window.pwned").first
    expander.locator("summary").click()
    expect(expander.get_by_text(SCRIPT).first).to_be_visible()
    page.screenshot(path=str(shots / "Hostile-quotes.png"), full_page=True)
    nothing_executed(page, dialogs)


def actor_options(page: Page, typed: str) -> list[str]:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(1)
    box.click()
    page.keyboard.type(typed)
    page.wait_for_timeout(500)
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_another_browser_session_sees_none_of_it(uploader, browser: Browser, app_url: str):
    page, _ = uploader
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Actors").click()
    wait_for_app(page)
    assert any(PERSON in o for o in actor_options(page, "Quill")), "the uploader sees the invented person"
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        second = other.new_page()
        second.goto(f"{app_url}/Actors")
        wait_for_app(second)
        assert not any("Quill" in o for o in actor_options(second, "Quill"))
        assert any("Putin" in o for o in actor_options(second, "Putin"))
        second.goto(f"{app_url}/Corpus")
        wait_for_app(second)
        second.get_by_role("tab", name="Upload").click()
        expect(second.get_by_text("picture.txt")).to_have_count(0)
        expect(second.get_by_text("Analysed 2 article(s)")).to_have_count(0)
    finally:
        other.close()
