"""Concurrent sessions on one server: each changes filters, no errors, every view redraws within the timeout.

A short version of `python -m analysis.tools.loadtest --sessions 10 --changes 20` (see docs/performance.md).
"""

from __future__ import annotations

import threading

import pytest

from analysis.tools.loadtest import LoadResult, require_local, run_load

pytestmark = pytest.mark.browser

SESSIONS = 3
CHANGES = 5


def test_driver_refuses_anything_but_localhost():
    for url in ("http://example.com", "http://10.0.0.5:8501", "https://news.example.org/app"):
        with pytest.raises(ValueError, match="localhost only"):
            require_local(url)
    require_local("http://127.0.0.1:8501")


def test_concurrent_sessions_change_filters_without_errors(app_url: str):
    out: list[LoadResult] = []
    # In a thread of its own: the async driver must not share an event loop with the sync browser fixtures.
    worker = threading.Thread(target=lambda: out.append(run_load(app_url, SESSIONS, CHANGES, timeout_s=90)))
    worker.start()
    worker.join(timeout=900)
    assert not worker.is_alive(), "the load driver did not finish in time"
    [result] = out
    assert result.errors == []
    assert len(result.view_times) == SESSIONS * CHANGES
    print(result.summary())
