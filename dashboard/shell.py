"""What every page starts with: page config, navigation that keeps the filters, data, filters; and a
guard that turns an unexpected error into a short message instead of a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from analysis.views import queries
from dashboard.data import Views, session_views
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


def page(title: str) -> tuple[Views, queries.Filters]:
    """Set up a page: config, navigation, data, filters. Returns the session's views and the chosen filters."""
    st.set_page_config(page_title=f"{title} - News coverage", page_icon=":material/newspaper:", layout="wide")
    nav = st.sidebar.container()
    views = session_views()
    shared = shared_corpus()
    problem = link_problem()
    if problem:
        st.warning(problem, icon=":material/link_off:")
    if shared is not None:
        when = datetime.fromtimestamp(shared.shared_at, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        st.sidebar.info(f"A shared corpus (read-only), shared {when}: {views.n_articles} articles.",
                        icon=":material/share:")
        if st.sidebar.button("Leave the shared corpus", icon=":material/logout:"):
            del st.query_params["corpus"]
            st.rerun()
    elif st.session_state.get("uploaded_tables") is not None:
        st.sidebar.toggle("Use my uploaded articles", key="use_uploads", value=True)
    filters = sidebar_filters(views)
    navigation(nav)
    st.title(title)
    if views.out_of_core:
        st.caption(f"{views.n_articles:,} articles, read from the store as each view needs them; lists and "
                   "downloads show the first rows and say how many matched.")
    return views, filters


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; an unexpected error becomes a short message on the page and details in the log."""
    try:
        body()
    except Exception:
        log.exception("page failed")
        st.error("Something went wrong while drawing this view. The details are in the server log; "
                 "other pages and filters still work.")
