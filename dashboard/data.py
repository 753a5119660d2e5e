"""The corpus a session sees: the bundled corpus (shared, cached once per server), a large store read out of
core, a shared link's corpus or the session's own uploads; and the views that answer its pages."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE
from analysis.store.workspace import open_corpus, read_store
from analysis.views.memory_views import MemoryViews
from analysis.views.out_of_core import StoreViews, use_store_views
from analysis.views.queries import apply_speaker_overrides

STORE_ENV = "NEWS_DASHBOARD_STORE"
SPEAKER_OVERRIDES = "speaker_overrides"
Views = MemoryViews | StoreViews


@st.cache_resource(show_spinner="Analysing the bundled corpus (first start only)...")
def bundled_tables() -> dict[str, pd.DataFrame]:
    """The bundled corpus (or the store named by $NEWS_DASHBOARD_STORE), shared read-only by all sessions."""
    store = os.environ.get(STORE_ENV)
    if store:
        return read_store(store, lean=True)
    return open_corpus(DEFAULT_CORPUS, DEFAULT_STORE, DEFAULT_CACHE, DEFAULT_ALIASES).tables


@st.cache_resource(show_spinner="Opening the store...")
def store_views() -> StoreViews | None:
    """The store named by $NEWS_DASHBOARD_STORE read out of core, when it is large enough to need it
    (see `out_of_core.use_store_views`); shared by all sessions, which only read it."""
    store = os.environ.get(STORE_ENV)
    if store and use_store_views(store):
        return StoreViews(store)
    return None


def session_tables() -> dict[str, pd.DataFrame]:
    """This session's tables in memory: a shared corpus when the link names one (read-only, with the corrections
    it was shared with), else its own uploads when the user chose them, else the bundled corpus, with the
    speaker corrections made in this session."""
    from dashboard.sharing import shared_corpus

    shared = shared_corpus()
    if shared is not None:
        tables = shared.tables
        if shared.speaker_overrides:
            tables = {**tables, "quotes": apply_speaker_overrides(tables["quotes"], tables["actors"],
                                                                  shared.speaker_overrides)}
        return tables
    own = st.session_state.get("uploaded_tables")
    tables = own if own is not None and st.session_state.get("use_uploads", True) else bundled_tables()
    overrides = st.session_state.get(SPEAKER_OVERRIDES)
    if overrides:
        tables = {**tables, "quotes": apply_speaker_overrides(tables["quotes"], tables["actors"], overrides)}
    return tables


def _in_memory() -> bool:
    """Whether this session reads tables in memory: a shared link, its uploads, or a small bundled corpus."""
    from dashboard.sharing import shared_corpus

    if shared_corpus() is not None:
        return True
    if st.session_state.get("uploaded_tables") is not None and st.session_state.get("use_uploads", True):
        return True
    return store_views() is None


def session_views() -> Views:
    """The views of this session's corpus: in memory for small corpora, out of core for a large store."""
    if _in_memory():
        return MemoryViews(session_tables())
    views = store_views()
    assert views is not None
    return views


def speaker_fixes(views: Views) -> dict[str, str | None] | None:
    """The session's speaker corrections for views that do not already hold them (a store read out of core
    is shared by every session, so each page passes its session's corrections along)."""
    if not views.out_of_core:
        return None
    return st.session_state.get(SPEAKER_OVERRIDES) or None
