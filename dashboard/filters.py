"""Sidebar filters every page honours. They live in the URL, so a copied link opens the same view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analysis.views import queries
from analysis.views.palette import COLOUR_LIMIT, NO_GROUP
from dashboard.lens import BY_GROUP, BY_OUTLET, session_groups

FILTER_KEYS = ("source", "group", "actor", "dates", "min", "by", "colour")


def _date_bounds(articles: pd.DataFrame) -> tuple[date, date] | None:
    published = pd.to_datetime(articles["published"], errors="coerce").dropna()
    if published.empty:
        return None
    return published.min().date(), published.max().date()


def sidebar_filters(tables: dict[str, pd.DataFrame]) -> queries.Filters:
    """Draw the filter widgets, bound to query parameters, and return the chosen filters."""
    sb = st.sidebar
    sb.header("Filters")
    sources = sorted(tables["articles"]["source"].dropna().unique())
    actor_order = tables["actors"].sort_values("mentions", ascending=False)["actor"].tolist()
    chosen_sources = sb.multiselect("Sources", sources, key="source", bind="query-params",
                                    persist_state="session", placeholder="All sources")
    group_of = session_groups(tables["articles"])
    chosen_groups: list[str] = []
    if group_of:
        groups = sorted(set(group_of.values()))
        if len(group_of) < len(sources):
            groups.append(NO_GROUP)
        chosen_groups = sb.multiselect("Outlet groups", groups, key="group", bind="query-params",
                                       persist_state="session", placeholder="All groups",
                                       help="Groups come from the manifest's group column and the editor on the "
                                            "Corpus page.")
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
    sb.subheader("Compare")
    if group_of:
        sb.segmented_control("Compare by", [BY_OUTLET, BY_GROUP], key="by", bind="query-params",
                             persist_state="session",
                             help="Every chart counts per outlet or per outlet group. Left unset, charts count "
                                  "per outlet, except Sentiment, which compares groups when most outlet cells "
                                  "are too thin to read.")
    if st.session_state.get("by") != BY_GROUP:
        sb.multiselect(f"Outlets with their own colour (up to {COLOUR_LIMIT})", sources, key="colour",
                       max_selections=COLOUR_LIMIT, bind="query-params", persist_state="session",
                       placeholder="The largest by articles",
                       help="The other outlets share one grey colour and one legend entry.")
    return queries.Filters(sources=tuple(chosen_sources), actors=tuple(chosen_actors), date_from=date_from,
                           date_to=date_to, min_mentions=int(min_mentions), groups=tuple(chosen_groups),
                           group_of=tuple(sorted(group_of.items())) if chosen_groups else ())


def current_params() -> dict[str, list[str]]:
    """The filter query parameters now in the URL, to carry along on links to other pages."""
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}
