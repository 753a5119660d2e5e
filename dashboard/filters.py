"""Sidebar filters every page honours. They live in the URL, so a copied link opens the same view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analysis.views import queries

FILTER_KEYS = ("source", "actor", "dates", "min")


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


def current_params() -> dict[str, list[str]]:
    """The filter query parameters now in the URL, to carry along on links to other pages."""
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}
