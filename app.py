"""News coverage dashboard: the Overview page, and the entry point that `streamlit run app.py` starts.

Every page, this one included, calls `dashboard.shell.page(title)` first: it sets the page up, draws the
navigation and sidebar filters, and returns the session's views (in memory or out of core) and the filters.
"""

from __future__ import annotations

import streamlit as st

from analysis.views import charts
from analysis.views.counts import counts_top
from dashboard.charts import chart
from dashboard.lens import current_lens
from dashboard.shell import guarded, page

NOISE_ROWS = 1_000


def overview() -> None:
    views, f = page("News coverage overview")
    lens = current_lens(views)
    st.caption("Who is in the story, who said what, how each outlet writes about each actor, and where it "
               "happens. Filters in the sidebar apply to every page and travel in the link.")
    totals = views.totals(f)
    c = st.columns(5 if lens.group_of else 4)
    c[0].metric("Articles", f"{totals['articles']:,}")
    c[1].metric("Outlets", f"{totals['outlets']:,}")
    c[2].metric("Actors", f"{totals['actors']:,}")
    c[3].metric("Quotes", f"{totals['quotes']:,}")
    if lens.group_of:
        c[4].metric("Outlet groups", len(set(lens.group_of.values())))
    left, right = st.columns(2)
    with left:
        per_source = lens.regroup(views.articles_per_source(f), ["articles", "words"])
        per_source = per_source.sort_values(["articles", "source"], ascending=[False, True], ignore_index=True)
        chart(charts.articles_bar(per_source, lens.palette, lens.noun), key="ov-articles")
    with right:
        counts = lens.regroup(views.mention_counts(f), ["mentions"])
        chart(charts.actor_mentions_bar(counts_top(counts, 10), lens.palette, lens.noun), key="ov-actors")
    st.subheader("Most-carried quotes")
    carried = views.carried_quotes(f, 8)
    if carried.empty:
        st.info("No quotes under the current filters.")
    else:
        st.dataframe(carried[["speaker", "text", "n_sources", "group_size", "source"]], hide_index=True,
                     width="stretch",
                     column_config={"n_sources": "Outlets", "group_size": "Times carried", "text": "Quote"})
    st.subheader("Top places")
    places = views.place_counts(f)
    if places.empty:
        st.info("No places under the current filters.")
    else:
        st.dataframe(places.groupby("name", as_index=False)["mentions"].sum()
                     .sort_values("mentions", ascending=False).head(10), hide_index=True)
    st.subheader("What cleaning removed")
    st.caption("Navigation, bylines, captions with photo credits and similar noise are removed before "
               "analysis; every removal is listed here so nothing of value disappears unseen.")
    noise = views.removed_noise(f, limit=NOISE_ROWS)
    st.dataframe(noise, hide_index=True, width="stretch")
    if len(noise) == NOISE_ROWS:
        st.caption(f"The first {NOISE_ROWS:,} removals; narrow the filters to see others.")


guarded(overview)
