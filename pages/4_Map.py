"""Map: where it happens, drawn offline from shipped base-map files, with the sentences behind each place."""

import streamlit as st

from analysis.views import queries
from analysis.views.map_figure import MAP_CONFIG, place_map
from analysis.views.markup import escape
from dashboard.charts import chart, clear_selection_button, selected
from dashboard.downloads import downloads
from dashboard.evidence import show_sentences
from dashboard.shell import guarded, page


def body() -> None:
    tables, view, _ = page("Places on the map")
    pm = view["place_mentions"]
    st.caption("Places named in the articles, resolved offline. Countries are shaded by mentions, regions and "
               "features drawn as their area, cities as one marker per place sized by mentions; the map zooms to "
               "the places shown. Hover for the outlets behind a place; select markers, or pick a place below, to "
               "read its sentences.")
    if pm.empty:
        st.info("No places are mentioned under the current filters.")
        return
    places = tables["places"]
    shown = places[places["place_id"].isin(pm["place_id"].unique())]
    fig = place_map(shown, pm)
    event = chart(fig, key="map", config=MAP_CONFIG)
    picked = selected(event, 0)
    counts = pm.groupby(["place_id", "name"], as_index=False).agg(mentions=("start", "size"),
                                                                  sources=("source", "nunique"))
    counts = counts.sort_values("mentions", ascending=False)
    names = counts["name"].tolist()
    ids = dict(zip(counts["place_id"], counts["name"], strict=True))
    default = ids.get(picked[0]) if picked else None
    name = st.selectbox("Place", names, index=names.index(default) if default in names else 0, key="map-place")
    if picked:
        clear_selection_button("map")
    rows = pm[pm["name"] == name]
    st.subheader(f"Sentences naming {escape(name)}")
    datelines = int((rows["via"] == "dateline").sum())
    if datelines:
        st.caption(f"{escape(name)} is the dateline of {datelines} article(s): the place the story was filed "
                   "from. For those articles the lead sentence that follows the dateline is shown.")
    per_outlet = rows.assign(source=rows["source"].astype(str)).groupby("source").size()
    st.caption(f"{len(rows)} mention(s) in {len(per_outlet)} outlet(s): " + escape(", ".join(
        f"{s} {n}" for s, n in per_outlet.sort_values(ascending=False).head(12).items()))
        + (" ..." if len(per_outlet) > 12 else ""))
    show_sentences(queries.sentences_for(tables, rows, highlight=rows), colour="green")
    st.dataframe(shown.assign(aliases=shown["aliases"].map(lambda a: ", ".join(map(str, a)) if a is not None
                                                            else "")),
                 hide_index=True, width="stretch")
    downloads(shown, "places")
    downloads(pm, "place_mentions")


guarded(body)
