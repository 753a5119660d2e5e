"""What every page starts with: page config, navigation that keeps the filters, data, filters; and a
guard that turns an unexpected error into a short message instead of a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from analysis.views import queries
from dashboard.data import session_tables
from dashboard.filters import current_params, sidebar_filters
from dashboard.sharing import link_problem, shared_corpus

log = logging.getLogger("dashboard")

PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    ("pages/1_Actors.py", "Actors", ":material/groups:"),
    ("pages/2_Quotes.py", "Quotes", ":material/format_quote:"),
    ("pages/3_Sentiment.py", "Sentiment", ":material/mood:"),
    ("pages/4_Map.py", "Map", ":material/public:"),
    ("pages/6_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/5_Corpus.py", "Corpus", ":material/article:"),
)


def navigation(box) -> None:
    """Links to every page that carry the current filters along (drawn after the filters, so a filter the
    link opened with is carried too)."""
    params = current_params()
    for path, label, icon in PAGES:
        box.page_link(path, label=label, icon=icon, query_params=params or None)
    box.divider()


def page(title: str) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], queries.Filters]:
    """Set up a page: config, navigation, data, filters. Returns (all tables, filtered tables, filters)."""
    st.set_page_config(page_title=f"{title} - News coverage", page_icon=":material/newspaper:", layout="wide")
    nav = st.sidebar.container()
    tables = session_tables()
    shared = shared_corpus()
    problem = link_problem()
    if problem:
        st.warning(problem, icon=":material/link_off:")
    if shared is not None:
        when = datetime.fromtimestamp(shared.shared_at, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        st.sidebar.info(f"A shared corpus (read-only), shared {when}: {len(tables['articles'])} articles.",
                        icon=":material/share:")
        if st.sidebar.button("Leave the shared corpus", icon=":material/logout:"):
            del st.query_params["corpus"]
            st.rerun()
    elif st.session_state.get("uploaded_tables") is not None:
        st.sidebar.toggle("Use my uploaded articles", key="use_uploads", value=True)
    filters = sidebar_filters(tables)
    navigation(nav)
    st.title(title)
    return tables, queries.filtered(tables, filters), filters


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; an unexpected error becomes a short message on the page and details in the log."""
    try:
        body()
    except Exception:
        log.exception("page failed")
        st.error("Something went wrong while drawing this view. The details are in the server log; "
                 "other pages and filters still work.")
