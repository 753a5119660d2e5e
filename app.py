"""News coverage dashboard: the Overview page, and the entry point that `streamlit run app.py` starts.

Every page, this one included, calls `dashboard.shell.page(title)` first: it sets the page up, draws the
navigation and sidebar filters, and returns the session's tables with the filters applied.
"""

from __future__ import annotations

import streamlit as st

from analysis.views import charts, queries
from dashboard.charts import chart
from dashboard.lens import current_lens
from dashboard.shell import guarded, page


def overview() -> None:
    tables, view, _ = page("News coverage overview")
    lens = current_lens(tables)
    st.caption("Who is in the story, who said what, how each outlet writes about each actor, and where it "
               "happens. Filters in the sidebar apply to every page and travel in the link.")
    art = view["articles"]
    c = st.columns(5 if lens.group_of else 4)
    c[0].metric("Articles", len(art))
    c[1].metric("Outlets", art["source"].nunique())
    c[2].metric("Actors", view["mentions"]["actor"].nunique())
    c[3].metric("Quotes", len(view["quotes"]))
    if lens.group_of:
        c[4].metric("Outlet groups", len(set(lens.group_of.values())))
    left, right = st.columns(2)
    with left:
        chart(charts.articles_bar(queries.articles_per_source(lens.apply(art)), lens.palette, lens.noun),
              key="ov-articles")
    with right:
        chart(charts.actor_mentions_bar(queries.actor_counts(lens.apply(view["mentions"]), top=10), lens.palette,
                                        lens.noun), key="ov-actors")
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


guarded(overview)
