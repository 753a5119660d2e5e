"""Bring articles in by web address or feed: fetch, report each address, add the articles to the session."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from analysis.ingest.corpus import load_documents
from analysis.ingest.web import MAX_ADDRESSES, Settings, fetch_articles
from analysis.store.workspace import add_to_session

ALLOW_LOCAL_ENV = "NEWS_DASHBOARD_ALLOW_LOCAL_FETCH"
TIMEOUT_ENV = "NEWS_DASHBOARD_FETCH_TIMEOUT_S"
MAX_MB_ENV = "NEWS_DASHBOARD_FETCH_MAX_MB"
FETCH_REPORT = "fetch_report"


def _settings() -> Settings:
    """The server's fetch settings: private and local addresses only when it says so (to run against a local
    site), and its own page time and size limits when set."""
    base = Settings()
    return Settings(allow_private=os.environ.get(ALLOW_LOCAL_ENV, "") == "1",
                    page_timeout_s=float(os.environ.get(TIMEOUT_ENV, base.page_timeout_s)),
                    max_page_bytes=int(float(os.environ.get(MAX_MB_ENV, base.max_page_bytes / 1e6)) * 1e6))


def fetch_form() -> None:
    st.caption(f"Paste web addresses of articles, or of an RSS or Atom feed, one per line (up to {MAX_ADDRESSES}). "
               "The main text, title, outlet, author and date are read from each page; the articles join your "
               "session's corpus like uploads. Only public http and https addresses are fetched.")
    with st.form("fetch-form", border=False):
        text = st.text_area("Web addresses or feeds", key="fetch-addresses", height=140,
                            placeholder="https://example.org/news/2025/03/13/story.html")
        go = st.form_submit_button("Fetch and analyse", icon=":material/download:", type="primary")
    if go and text.strip():
        run_fetch(text.splitlines())
    report = st.session_state.get(FETCH_REPORT)
    if report is not None:
        headline, rows = report
        (st.success if rows and any(r["outcome"] == "added" for r in rows) else st.warning)(headline)
        st.dataframe(pd.DataFrame(rows, columns=["address", "outcome", "reason"]), hide_index=True,
                     width="stretch", key="fetch-results")


def run_fetch(lines: list[str]) -> None:
    """Fetch with per-address progress, then analyse what came back into the session's corpus."""
    with st.status("Fetching...", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int, last) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{done} of {total}: {last.url[:80]}")

        results = fetch_articles(lines, _settings(), progress=progress)
        docs = [(r.url, r.doc) for r in results if r.doc is not None]
        rows = [{"address": r.url, "outcome": "added" if r.doc else (r.kind or "failed"),
                 "reason": r.reason} for r in results]
        session = st.session_state.get("session_corpus")
        if docs:
            taken = {a.article_id for a in session.articles} if session else set()
            corpus = load_documents(docs, taken=taken)
            status.update(label=f"Analysing {len(corpus.articles)} article(s)...")
            session = add_to_session(session, corpus, st.session_state.get("aliases_text"))
            st.session_state["session_corpus"] = session
            st.session_state["uploaded_tables"] = session.tables
            st.session_state["use_uploads"] = True
        added = len(docs)
        status.update(label=f"Added {added} article(s); {len(results) - added} address(es) failed",
                      state="complete" if added else "error")
    st.session_state[FETCH_REPORT] = (
        f"Added {added} article(s) from {len(results)} address(es)." if added
        else f"No article could be read from the {len(results)} address(es); the reasons are below.", rows)
    if added:
        st.rerun()


