"""Share this session's corpus by link, and open a corpus someone shared.

The link is `?corpus=<id>` plus the current filters. A shared corpus is read from its stored tables (no
analysis) and held once per server for all its readers; it is read-only: corrections made while reading
it stay in the reader's session and never change what the link shows.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analysis.store.shared import SharedCorpus, ShareRefused, open_shared, save_shared, valid_id
from analysis.views.markup import escape
from dashboard.lens import GROUP_EDITS, session_groups

SHARED_PARAM = "corpus"
LAST_SHARE = "last_share"


@st.cache_resource(max_entries=16, ttl=3600, show_spinner="Opening the shared corpus...")
def _shared(corpus_id: str) -> SharedCorpus | None:
    return open_shared(corpus_id)


def shared_corpus() -> SharedCorpus | None:
    """The corpus the link names, or None (no link, or an id that is malformed, unknown or expired)."""
    corpus_id = st.query_params.get(SHARED_PARAM)
    if not corpus_id or not valid_id(corpus_id):
        return None
    return _shared(corpus_id)


def link_problem() -> str | None:
    """A plain message when the link names a corpus that cannot be opened."""
    corpus_id = st.query_params.get(SHARED_PARAM)
    if corpus_id and shared_corpus() is None:
        return ("This link names a shared corpus that does not exist or has expired (shared corpora are kept "
                "for a limited time). Showing the bundled corpus instead.")
    return None


def _with_groups(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with the session's outlet groups written into the articles, so the link shows them."""
    if not st.session_state.get(GROUP_EDITS):
        return tables
    groups = session_groups(tables["articles"])
    articles = tables["articles"].copy()
    articles["group"] = articles["source"].astype(str).map(groups).fillna("")
    return {**tables, "articles": articles}


def share_button(tables: dict[str, pd.DataFrame], filters: dict[str, list[str]], aliases_text: str | None,
                 overrides: dict | None) -> None:
    """Save the session's corpus for sharing and show its link (with the current filters)."""
    if st.button("Share this corpus", icon=":material/share:", type="primary"):
        try:
            corpus_id = save_shared(_with_groups(tables), aliases_text=aliases_text, speaker_overrides=overrides)
        except ShareRefused as exc:
            st.session_state[LAST_SHARE] = ("refused", str(exc))
        except OSError as exc:
            st.session_state[LAST_SHARE] = ("refused", f"the shared corpus could not be written ({exc.strerror})")
        else:
            params = {SHARED_PARAM: corpus_id, **{k: v for k, v in filters.items() if k != SHARED_PARAM}}
            base = str(getattr(st.context, "url", "") or "").split("?", 1)[0]
            st.session_state[LAST_SHARE] = ("ok", f"{base}?{urlencode(params, doseq=True)}")
    outcome = st.session_state.get(LAST_SHARE)
    if outcome and outcome[0] == "refused":
        st.error(f"Not shared: {escape(outcome[1])}")
    elif outcome:
        st.success("Shared. Anyone with this link sees this corpus, read-only, with the current filters:")
        st.code(outcome[1], language=None)
