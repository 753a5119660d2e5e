"""A bounded load driver: concurrent browser sessions changing filters against a local dashboard.

Each session opens the Actors page in its own browser context (its own Streamlit session) and toggles a
source filter a fixed number of times. A view time runs from the filter click until the app has stopped
running and the first chart was redrawn. Every loop has a fixed count and every wait a timeout; only
localhost is ever contacted. Needs the dev dependency playwright and a system Chromium.

    python -m analysis.tools.loadtest --sessions 10 --changes 20
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from analysis.paths import ROOT

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SIDEBAR_SOURCES = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
FAILURES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# True once the app is idle and the first chart's layout object is not the one remembered before the change.
REDRAWN_JS = """(before) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  return !!plot && !!plot._fullLayout && plot._fullLayout !== window.__layoutBefore;
}"""
REMEMBER_JS = """() => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  window.__layoutBefore = plot ? plot._fullLayout : null;
}"""


@dataclass
class LoadResult:
    sessions: int
    changes: int
    view_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the view times in seconds (NaN when none were measured)."""
        if not self.view_times:
            return math.nan
        ordered = sorted(self.view_times)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    def summary(self) -> str:
        n = len(self.view_times)
        return (
            f"{self.sessions} sessions x {self.changes} filter changes: {n} views measured, "
            f"{len(self.errors)} errors; view time p50 {self.percentile(50):.2f} s, "
            f"p95 {self.percentile(95):.2f} s, max {max(self.view_times, default=math.nan):.2f} s; "
            f"wall {self.wall_seconds:.1f} s"
        )


def require_local(url: str) -> None:
    """Refuse any target that is not this machine: the driver is for local measurement only."""
    host = urlparse(url).hostname
    if host not in LOCAL_HOSTS:
        raise ValueError(f"load tests run against localhost only, not {host!r}")


async def _toggle_source(page, index: int) -> None:
    """One filter change: add a source when none is chosen, otherwise remove the chosen one."""
    box = page.locator(SIDEBAR_SOURCES).first
    remove = box.locator('button[aria-label^="Remove "]')
    if await remove.count():
        await remove.first.click()
        return
    # Under load a click on a long option list is sometimes lost (the list closes first); the chip of the
    # chosen source shows that it took, so the click is tried again until it shows (three tries at most).
    for _ in range(3):
        await box.click()
        options = page.get_by_role("option").filter(has_not_text="Select all")
        await options.first.wait_for()
        await options.nth(index % await options.count()).click()
        await page.keyboard.press("Escape")
        try:
            await remove.first.wait_for(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout; try the click again
            continue


async def _session(browser, url: str, number: int, changes: int, timeout_ms: int, result: LoadResult) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda exc: result.errors.append(f"session {number}: page error {exc}"))
    page.on("dialog", lambda d: result.errors.append(f"session {number}: unexpected dialog {d.message}"))
    try:
        await page.goto(f"{url}/Actors", timeout=timeout_ms)
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        await page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for(timeout=timeout_ms)
        for change in range(changes):
            await page.evaluate(REMEMBER_JS)
            started = time.perf_counter()
            await _toggle_source(page, number + change // 2)
            await page.wait_for_function(REDRAWN_JS, timeout=timeout_ms)
            result.view_times.append(time.perf_counter() - started)
            failures = await page.locator(FAILURES).count()
            if failures:
                result.errors.append(
                    f"session {number}, change {change}: {failures} error element(s) on the page"
                )
    except Exception as exc:  # one failed session is reported, the others still finish
        result.errors.append(f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def _drive(url: str, sessions: int, changes: int, timeout_s: float, chromium: str) -> LoadResult:
    from playwright.async_api import async_playwright

    result = LoadResult(sessions, changes)
    started = time.perf_counter()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(
                *(_session(browser, url, i, changes, int(timeout_s * 1000), result) for i in range(sessions))
            )
        finally:
            await browser.close()
    result.wall_seconds = time.perf_counter() - started
    return result


def run_load(
    url: str, sessions: int = 10, changes: int = 20, timeout_s: float = 60.0, chromium: str | None = None
) -> LoadResult:
    """Drive `sessions` concurrent browser sessions of `changes` filter changes each at a local `url`."""
    require_local(url)
    browser = chromium or shutil.which("chromium") or "/usr/bin/chromium"
    return asyncio.run(_drive(url.rstrip("/"), sessions, changes, timeout_s, browser))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout_s:.0f} s")


@contextmanager
def local_server(log_path: Path, timeout_s: float = 180.0, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free 127.0.0.1 port, the bundled corpus analysed into the store first.

    `env` adds environment variables, e.g. NEWS_DASHBOARD_STORE to serve another store."""
    from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE
    from analysis.store.workspace import open_corpus

    open_corpus(DEFAULT_CORPUS, DEFAULT_STORE, DEFAULT_CACHE, DEFAULT_ALIASES)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        try:
            _wait_healthy(url, proc, timeout_s)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def server_errors(log_path: Path) -> list[str]:
    """Lines of the server log that report a failure (the dashboard logs page failures with a traceback)."""
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return [
        line
        for line in text.splitlines()
        if "Traceback" in line or " ERROR " in line or "page failed" in line
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.tools.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed for one view")
    parser.add_argument("--url", help="a dashboard already running on localhost (default: start one)")
    parser.add_argument("--log", type=Path, default=Path("/tmp/news-dashboard-load.log"))
    args = parser.parse_args(argv)
    if args.url:
        result = run_load(args.url, args.sessions, args.changes, args.timeout)
        logged: list[str] = []
    else:
        with local_server(args.log) as url:
            result = run_load(url, args.sessions, args.changes, args.timeout)
        logged = server_errors(args.log)
    print(result.summary())
    for line in [*result.errors, *logged][:20]:
        print("  ", line)
    return 1 if result.errors or logged else 0


if __name__ == "__main__":
    sys.exit(main())
