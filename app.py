"""News coverage dashboard: the shared shell (page setup, data, sidebar filters, navigation) and Overview.

Every page calls `page(title)` first: it sets the page up, draws the sidebar, and returns the session's
tables with the filters applied. Computation lives in `analysis/`; this file only wires it to Streamlit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from analysis import charts, queries
from analysis.exports import to_csv_bytes, to_parquet_bytes
from analysis.markup import escape, highlight
from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE
from analysis.workspace import open_corpus, read_store

log = logging.getLogger("dashboard")

PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    ("pages/1_Actors.py", "Actors", ":material/groups:"),
    ("pages/2_Quotes.py", "Quotes", ":material/format_quote:"),
    ("pages/3_Sentiment.py", "Sentiment", ":material/mood:"),
    ("pages/4_Map.py", "Map", ":material/public:"),
    ("pages/5_Corpus.py", "Corpus", ":material/article:"),
)
FILTER_KEYS = ("source", "actor", "dates", "min")
STORE_ENV = "NEWS_DASHBOARD_STORE"


@st.cache_resource(show_spinner="Analysing the bundled corpus (first start only)...")
def bundled_tables() -> dict[str, pd.DataFrame]:
    """The bundled corpus (or the store named by $NEWS_DASHBOARD_STORE), shared read-only by all sessions."""
    store = os.environ.get(STORE_ENV)
    if store:
        return read_store(store, lean=True)
    return open_corpus(DEFAULT_CORPUS, DEFAULT_STORE, DEFAULT_CACHE, DEFAULT_ALIASES).tables


def session_tables() -> dict[str, pd.DataFrame]:
    """This session's corpus: its own uploads when the user chose them, else the bundled corpus."""
    own = st.session_state.get("uploaded_tables")
    if own is not None and st.session_state.get("use_uploads", True):
        return own
    return bundled_tables()


def _date_bounds(articles: pd.DataFrame) -> tuple[date, date] | None:
    published = pd.to_datetime(articles["published"], errors="coerce").dropna()
    if published.empty:
        return None
    return published.min().date(), published.max().date()


def sidebar_filters(tables: dict[str, pd.DataFrame]) -> queries.Filters:
    """The filters every page honours. They live in the URL, so a copied link opens the same view."""
    sb = st.sidebar
    sb.header("Filters")
    sources = sorted(tables["articles"]["source"].dropna().unique())
    actor_order = tables["actors"].sort_values("mentions", ascending=False)["actor"].tolist()
    chosen_sources = sb.multiselect("Sources", sources, key="source", bind="query-params",
                                    persist_state="session", placeholder="All sources")
    chosen_actors = sb.multiselect("Actors", actor_order, key="actor", bind="query-params",
                                   persist_state="session", placeholder="All actors")
    bounds = _date_bounds(tables["articles"])
    date_from = date_to = None
    if bounds and bounds[0] < bounds[1]:
        picked = sb.date_input("Published between", value=bounds, min_value=bounds[0], max_value=bounds[1],
                               key="dates", bind="query-params", persist_state="session")
        if isinstance(picked, tuple) and len(picked) == 2:
            date_from, date_to = picked
        undated = int(pd.to_datetime(tables["articles"]["published"], errors="coerce").isna().sum())
        if undated:
            sb.caption(f"{undated} undated article(s) are always included.")
    min_mentions = sb.number_input("Minimum mentions per actor", min_value=1, max_value=1000, value=1, step=1,
                                   key="min", bind="query-params", persist_state="session")
    return queries.Filters(sources=tuple(chosen_sources), actors=tuple(chosen_actors), date_from=date_from,
                           date_to=date_to, min_mentions=int(min_mentions))


def _current_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}


def navigation() -> None:
    """Links to every page that carry the current filters along."""
    params = _current_params()
    for path, label, icon in PAGES:
        st.sidebar.page_link(path, label=label, icon=icon, query_params=params or None)
    st.sidebar.divider()


def page(title: str) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], queries.Filters]:
    """Set up a page: config, navigation, data, filters. Returns (all tables, filtered tables, filters)."""
    st.set_page_config(page_title=f"{title} - News coverage", page_icon=":material/newspaper:", layout="wide")
    navigation()
    tables = session_tables()
    if st.session_state.get("uploaded_tables") is not None:
        st.sidebar.toggle("Use my uploaded articles", key="use_uploads", value=True)
    filters = sidebar_filters(tables)
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


def colours(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return charts.source_colours(tables["articles"]["source"].dropna())


def chart(fig, key: str, **kwargs):
    """A Plotly chart whose selections rerun the page (selections narrow the view); PNG export in the toolbar."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
    config.update(kwargs.pop("config", {}))
    return st.plotly_chart(fig, key=key, on_select="rerun", selection_mode=("points", "box"), config=config,
                           **kwargs)


def selected(event, field: int = 0) -> list[str]:
    """Values of customdata[field] of the points selected in a chart event."""
    try:
        points = event.selection.points
    except AttributeError:
        return []
    out = []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list | tuple) and len(data) > field:
            out.append(str(data[field]))
        elif isinstance(data, str) and field == 0:
            out.append(data)
    return list(dict.fromkeys(out))


def clear_selection_button(key: str) -> None:
    """A visible way to undo a chart selection: forget the chart's state and rerun."""
    if st.button("Clear chart selection", key=f"clear-{key}", icon=":material/close:"):
        st.session_state.pop(key, None)
        st.rerun()


def show_sentences(evidence: pd.DataFrame, colour: str = "orange", limit: int = 50) -> None:
    """The sentences behind a number, the relevant words highlighted; text always escaped."""
    if evidence.empty:
        st.info("No sentences to show for this selection.")
        return
    for row in evidence.head(limit).itertuples(index=False):
        spans = []
        if pd.notna(row.mark_start) and pd.notna(row.mark_end):
            spans.append((int(row.mark_start), int(row.mark_end), colour))
        st.markdown(f"**{escape(str(row.source))}** - {escape(str(row.title))}  \n"
                    f"{highlight(str(row.sentence), spans)}")
    if len(evidence) > limit:
        st.caption(f"Showing {limit} of {len(evidence)} sentences.")


def downloads(df: pd.DataFrame, name: str) -> None:
    """CSV (spreadsheet-safe) and Parquet downloads of a table, built only when the button is clicked."""
    c1, c2 = st.columns(2)
    c1.download_button(f"Download {name} (CSV)", lambda: to_csv_bytes(df), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv-{name}", on_click="ignore")
    c2.download_button(f"Download {name} (Parquet)", lambda: to_parquet_bytes(df), file_name=f"{name}.parquet",
                       mime="application/octet-stream", key=f"parquet-{name}", on_click="ignore")


def overview() -> None:
    tables, view, _ = page("News coverage overview")
    palette = colours(tables)
    st.caption("Who is in the story, who said what, how each outlet writes about each actor, and where it "
               "happens. Filters in the sidebar apply to every page and travel in the link.")
    art = view["articles"]
    c = st.columns(4)
    c[0].metric("Articles", len(art))
    c[1].metric("Sources", art["source"].nunique())
    c[2].metric("Actors", view["mentions"]["actor"].nunique())
    c[3].metric("Quotes", len(view["quotes"]))
    left, right = st.columns(2)
    with left:
        chart(charts.articles_bar(queries.articles_per_source(art), palette), key="ov-articles")
    with right:
        chart(charts.actor_mentions_bar(queries.actor_counts(view["mentions"], top=10), palette), key="ov-actors")
    st.subheader("Most-carried quotes")
    q = view["quotes"]
    if q.empty:
        st.info("No quotes under the current filters.")
    else:
        top = (q.sort_values(["n_sources", "group_size"], ascending=False)
               .drop_duplicates("group_id").head(8)[["speaker", "text", "n_sources", "group_size", "source"]])
        st.dataframe(top, hide_index=True, width="stretch",
                     column_config={"n_sources": "Outlets", "group_size": "Times carried", "text": "Quote"})
    st.subheader("Top places")
    pm = view["place_mentions"]
    if pm.empty:
        st.info("No places under the current filters.")
    else:
        st.dataframe(queries.place_counts(pm).groupby("name", as_index=False)["mentions"].sum()
                     .sort_values("mentions", ascending=False).head(10), hide_index=True)
    st.subheader("What cleaning removed")
    st.caption("Navigation, bylines, captions with photo credits and similar noise are removed before "
               "analysis; every removal is listed here so nothing of value disappears unseen.")
    st.dataframe(queries.removed_noise(art), hide_index=True, width="stretch")


if __name__ == "__main__":
    # Run through the imported module so pages and this page share one cache entry for the tables.
    import app as shell

    shell.guarded(shell.overview)
