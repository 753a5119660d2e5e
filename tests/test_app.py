"""Every page, run by Streamlit's AppTest on the bundled corpus: no exception and real content."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 120


@pytest.fixture()
def at() -> AppTest:
    app = AppTest.from_file("app.py", default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    return app


def _page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_overview_shows_the_corpus(at: AppTest) -> None:
    assert at.title[0].value == "News coverage overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5"
    assert metrics["Sources"] == "4"
    removed = at.dataframe[-1].value
    assert "Related Posts" in set(removed["text"])


def test_actors_page_lists_real_actors(at: AppTest) -> None:
    _page(at, "pages/1_Actors.py")
    assert at.title[0].value == "Actors"
    table = at.dataframe[0].value
    assert {"Vladimir Putin", "Donald Trump"} <= set(table["actor"])
    putin = table[table["actor"] == "Vladimir Putin"].iloc[0]
    assert "Putin" in putin["aliases"]


def test_source_filter_narrows_every_table(at: AppTest) -> None:
    at.multiselect(key="source").set_value(["ABC News"]).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1"
    assert at.query_params.get("source") in (["ABC News"], "ABC News")
