"""The Corpus page's web fetch and sharing, run by AppTest: a local site, two sessions, one shared link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.ingest.corpus import load_uploads
from analysis.store.workspace import analyse_session_corpus, with_aliases
from tests.web_server import local_site

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 180


@pytest.fixture()
def fetch_env(monkeypatch):
    monkeypatch.setenv("NEWS_DASHBOARD_ALLOW_LOCAL_FETCH", "1")
    monkeypatch.setenv("NEWS_DASHBOARD_FETCH_TIMEOUT_S", "1.5")
    monkeypatch.setenv("NEWS_DASHBOARD_FETCH_MAX_MB", "2")


def _corpus_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/5_Corpus.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_fetching_adds_the_articles_and_names_each_failure(fetch_env) -> None:
    with local_site() as site:
        at = _corpus_page()
        at.text_area(key="fetch-addresses").set_value("\n".join([
            f"{site}/feed.xml", f"{site}/gone.html", f"{site}/data.json", f"{site}/huge.html",
            f"{site}/slow.html", f"{site}/empty.html", "ftp://127.0.0.1/x"]))
        next(b for b in at.button if b.label == "Fetch and analyse").click()
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    _, rows = at.session_state["fetch_report"]
    outcome = {r["address"].rsplit("/", 1)[-1]: (r["outcome"], r["reason"]) for r in rows}
    assert outcome["jeddah.html"][0] == "added" and outcome["kyiv.html"][0] == "added"
    assert outcome["gone.html"] == ("HTTP error", "the server answered 404")
    assert outcome["data.json"][0] == "not HTML"
    assert outcome["huge.html"][0] == "too large"
    assert outcome["slow.html"][0] == "timeout"
    assert outcome["empty.html"][0] == "no article text"
    assert outcome["x"][0] == "refused"
    sources = set(at.session_state["uploaded_tables"]["articles"]["source"])
    assert sources == {"Gulf Ledger", "Kyiv Courier"}
    at.switch_page("app.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "2"


def test_without_the_local_setting_the_page_refuses_the_local_site() -> None:
    with local_site() as site:
        at = _corpus_page()
        at.text_area(key="fetch-addresses").set_value(f"{site}/jeddah.html")
        next(b for b in at.button if b.label == "Fetch and analyse").click()
        at.run()
    _, rows = at.session_state["fetch_report"]
    assert rows[0]["outcome"] == "refused" and "private, local or reserved" in rows[0]["reason"]


STORY = ("Dorotea Vallancourt, the harbour master of Brindle, said on Monday that the port would reopen. "
         "\"We are ready,\" Vallancourt told reporters. Officials in Brindle said D. Vallancourt had asked "
         "for more tugboats.")


def test_a_shared_link_shows_the_corpus_as_shared_and_later_edits_do_not_leak(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWS_DASHBOARD_SHARE_DIR", str(tmp_path))
    st.cache_resource.clear()
    session = analyse_session_corpus("uploads", load_uploads([("brindle.txt", STORY.encode())]))
    first = _corpus_page()
    first.session_state["session_corpus"] = session
    first.session_state["uploaded_tables"] = session.tables
    first.run()
    next(b for b in first.button if b.label == "Share this corpus").click()
    first.run()
    link = first.code[0].value
    corpus_id = re.search(r"corpus=([A-Za-z0-9_-]{32})", link).group(1)

    second = AppTest.from_file(APP, default_timeout=TIMEOUT)
    second.query_params["corpus"] = corpus_id
    second.run()
    assert not second.exception
    assert second.metric[0].value == "1"
    shared_actors = set(second.session_state["uploaded_tables"]["actors"]["actor"]) if "uploaded_tables" in \
        second.session_state else None
    assert shared_actors is None, "the second session holds no uploads of its own"

    aliases = "alias,canonical,rule,actor_type\nDorotea Vallancourt,Harbour Authority,merge,PERSON\n"
    edited = with_aliases(session, aliases)
    assert "Harbour Authority" in set(edited.tables["actors"]["actor"]), "the edit changes the first session"
    first.session_state["aliases_text"] = aliases
    first.session_state["session_corpus"] = edited
    first.session_state["uploaded_tables"] = first.session_state["session_corpus"].tables
    first.run()
    second.run()
    second.switch_page("pages/1_Actors.py").run()
    options = second.multiselect(key="actor").options
    assert "Dorotea Vallancourt" in options and "Harbour Authority" not in options
    st.cache_resource.clear()
