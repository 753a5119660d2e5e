"""Sidebar filters every page honours. They live in the URL, so a copied link opens the same view."""

from __future__ import annotations

import streamlit as st

from analysis.views import queries
from analysis.views.palette import COLOUR_LIMIT, NO_GROUP
from dashboard.lens import BY_GROUP, BY_OUTLET, session_groups

FILTER_KEYS = ("corpus", "source", "group", "actor", "dates", "min", "by", "colour")
MEMO = "filter_memo"
"""The filters chosen on any page. A page switch starts each bound widget from the address, which the switch
clears, so every widget starts from what was chosen before and the choice follows the analyst across pages."""


def _memo() -> dict:
    return st.session_state.setdefault(MEMO, {})


def _chosen(key: str, options: list) -> list | None:
    """The earlier choice for a multiselect, kept to the options this corpus has."""
    kept = [v for v in _memo().get(key) or [] if v in set(options)]
    return kept or None


def _remember(key: str, value) -> None:
    _memo()[key] = value


def sidebar_filters(views) -> queries.Filters:
    """Draw the filter widgets, bound to query parameters, and return the chosen filters."""
    sb = st.sidebar
    sb.header("Filters")
    sources = sorted(views.sources["source"].dropna().astype(str).unique())
    actor_order = views.actors.sort_values("mentions", ascending=False)["actor"].astype(str).tolist()
    chosen_sources = sb.multiselect("Sources", sources, key="source", bind="query-params",
                                    default=_chosen("source", sources), placeholder="All sources")
    _remember("source", chosen_sources)
    group_of = session_groups(views)
    chosen_groups: list[str] = []
    if group_of:
        groups = sorted(set(group_of.values()))
        if len(group_of) < len(sources):
            groups.append(NO_GROUP)
        chosen_groups = sb.multiselect("Outlet groups", groups, key="group", bind="query-params",
                                       default=_chosen("group", groups), placeholder="All groups",
                                       help="Groups come from the manifest's group column and the editor on the "
                                            "Corpus page.")
        _remember("group", chosen_groups)
    chosen_actors = sb.multiselect("Actors", actor_order, key="actor", bind="query-params",
                                   default=_chosen("actor", actor_order), placeholder="All actors")
    _remember("actor", chosen_actors)
    bounds = views.date_range()
    date_from = date_to = None
    if bounds and bounds[0] < bounds[1]:
        earlier = _memo().get("dates")
        start = earlier if isinstance(earlier, tuple) and len(earlier) == 2 and bounds[0] <= earlier[0] <= \
            earlier[1] <= bounds[1] else bounds
        picked = sb.date_input("Published between", value=start, min_value=bounds[0], max_value=bounds[1],
                               key="dates", bind="query-params")
        _remember("dates", picked)
        if isinstance(picked, tuple) and len(picked) == 2:
            date_from, date_to = picked
        undated = views.undated()
        if undated:
            sb.caption(f"{undated} undated article(s) are always included.")
    min_mentions = sb.number_input("Minimum mentions per actor", min_value=1, max_value=1000,
                                   value=int(_memo().get("min") or 1), step=1, key="min", bind="query-params")
    _remember("min", min_mentions)
    sb.subheader("Compare")
    if group_of:
        by = sb.segmented_control("Compare by", [BY_OUTLET, BY_GROUP], key="by", bind="query-params",
                                  default=_memo().get("by"),
                             help="Every chart counts per outlet or per outlet group. Left unset, charts count "
                                  "per outlet, except Sentiment, which compares groups when most outlet cells "
                                  "are too thin to read.")
        _remember("by", by)
    if st.session_state.get("by") != BY_GROUP:
        colour = sb.multiselect(f"Outlets with their own colour (up to {COLOUR_LIMIT})", sources, key="colour",
                                max_selections=COLOUR_LIMIT, bind="query-params", default=_chosen("colour", sources),
                                placeholder="The largest by articles",
                                help="The other outlets share one grey colour and one legend entry.")
        _remember("colour", colour)
    return queries.Filters(sources=tuple(chosen_sources), actors=tuple(chosen_actors), date_from=date_from,
                           date_to=date_to, min_mentions=int(min_mentions), groups=tuple(chosen_groups),
                           group_of=tuple(sorted(group_of.items())) if chosen_groups else ())


def current_params() -> dict[str, list[str]]:
    """The filters chosen now, as query parameters, to carry along on links to other pages and shared links."""
    out = {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}
    for key, value in _memo().items():
        if key == "dates" or value in (None, [], ()) or (key == "min" and int(value) == 1):
            continue
        out[key] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    return out
