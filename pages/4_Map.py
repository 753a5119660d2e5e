"""Map: where it happens, drawn offline from shipped base-map files, with the sentences behind each place."""

import streamlit as st

from analysis.views.map_figure import MAP_CONFIG, place_map
from analysis.views.markup import escape
from dashboard.charts import chart, clear_selection_button, selected
from dashboard.downloads import downloads, table_downloads
from dashboard.evidence import show_sentences
from dashboard.shell import guarded, page


def body() -> None:
    views, f = page("Places on the map")
    counts = views.place_counts(f)
    st.caption("Places named in the articles, resolved offline. Countries are shaded by mentions, regions and "
               "features drawn as their area, cities as one marker per place sized by mentions; the map zooms to "
               "the places shown. Hover for the outlets behind a place; select markers, or pick a place below, to "
               "read its sentences.")
    if counts.empty:
        st.info("No places are mentioned under the current filters.")
        return
    places = views.places
    shown = places[places["place_id"].astype(str).isin(counts["place_id"].astype(str).unique())]
    fig = place_map(shown, counts)
    event = chart(fig, key="map", config=MAP_CONFIG)
    picked = selected(event, 0)
    per_place = counts.groupby(["place_id", "name"], as_index=False).agg(mentions=("mentions", "sum"),
                                                                         sources=("source", "nunique"))
    per_place = per_place.sort_values(["mentions", "name"], ascending=[False, True])
    names = per_place["name"].tolist()
    ids = dict(zip(per_place["place_id"], per_place["name"], strict=True))
    default = ids.get(picked[0]) if picked else None
    name = st.selectbox("Place", names, index=names.index(default) if default in names else 0, key="map-place")
    if picked:
        clear_selection_button("map")
    rows, per_outlet, datelines = views.place_rows(f, name)
    st.subheader(f"Sentences naming {escape(name)}")
    if datelines:
        st.caption(f"{escape(name)} is the dateline of {datelines} article(s): the place the story was filed "
                   "from. For those articles the lead sentence that follows the dateline is shown.")
    st.caption(f"{int(per_outlet.sum()):,} mention(s) in {len(per_outlet)} outlet(s): " + escape(", ".join(
        f"{s} {n:,}" for s, n in per_outlet.sort_values(ascending=False).head(12).items()))
        + (" ..." if len(per_outlet) > 12 else ""))
    show_sentences(views.sentences_for(rows, highlight=rows), colour="green")
    st.dataframe(shown.assign(aliases=shown["aliases"].map(lambda a: ", ".join(map(str, a)) if a is not None
                                                            else "")),
                 hide_index=True, width="stretch")
    downloads(shown, "places")
    table_downloads(views, f, "place_mentions")


guarded(body)
