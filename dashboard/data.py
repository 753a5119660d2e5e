"""The tables a session sees: the bundled corpus (shared, cached once per server) or its own uploads."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE
from analysis.store.workspace import open_corpus, read_store
from analysis.views.queries import apply_speaker_overrides

STORE_ENV = "NEWS_DASHBOARD_STORE"
SPEAKER_OVERRIDES = "speaker_overrides"


@st.cache_resource(show_spinner="Analysing the bundled corpus (first start only)...")
def bundled_tables() -> dict[str, pd.DataFrame]:
    """The bundled corpus (or the store named by $NEWS_DASHBOARD_STORE), shared read-only by all sessions."""
    store = os.environ.get(STORE_ENV)
    if store:
        return read_store(store, lean=True)
    return open_corpus(DEFAULT_CORPUS, DEFAULT_STORE, DEFAULT_CACHE, DEFAULT_ALIASES).tables


def session_tables() -> dict[str, pd.DataFrame]:
    """This session's corpus: a shared corpus when the link names one (read-only, with the corrections it was
    shared with), else its own uploads when the user chose them, else the bundled corpus, with the speaker
    corrections made in this session."""
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
