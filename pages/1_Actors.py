"""Actors: who is in the story, how often each outlet names them, and who appears together."""

import streamlit as st

from analysis.views import charts, queries
from analysis.views.counts import counts_top, merge_nationalities, nationality_map, share_from_counts
from analysis.views.markup import escape
from analysis.views.palette import COLOUR_LIMIT
from dashboard.charts import chart, clear_selection_button, selected
from dashboard.downloads import downloads, table_downloads
from dashboard.evidence import show_sentences
from dashboard.lens import current_lens
from dashboard.shell import guarded, page

PEOPLE_AND_ORGS = ("PERSON", "ORG")
VIEWS = ("Stacked bars", "Heatmap", "Small multiples")


def body() -> None:
    views, f = page("Actors")
    lens = current_lens(views)
    every = views.mention_counts(f)
    st.caption("One row per real actor: name variants, titles and possessives are merged into one canonical "
               "actor. Counts are named mentions (pronouns are not counted). Select bars or cells to see the "
               "sentences.")
    c1, c2, c3 = st.columns([2, 1, 1])
    types = sorted(every["actor_type"].dropna().astype(str).unique())
    chosen = c1.multiselect("Actor types", types, default=[t for t in PEOPLE_AND_ORGS if t in types],
                            key="actor-types", placeholder="All types",
                            help="PERSON people, ORG organisations, GPE countries and cities, NORP nationalities. "
                                 "Opens on people and organisations; add GPE and NORP for countries.")
    top = c2.slider("Actors shown", min_value=5, max_value=50, value=15, step=5, key="actors-top")
    together = c3.toggle("Nationality with its country", key="actors-nationality",
                         help="Count 'Russian' and 'Russians' as mentions of Russia")
    merged = nationality_map(views.actors) if together else {}
    counts = merge_nationalities(every, views.actors) if together else every
    if chosen:
        counts = counts[counts["actor_type"].isin(chosen)]
    # Types whose rows the charts count: a nationality counted as its country is a GPE row here.
    row_types = [*chosen, "NORP"] if together and "GPE" in chosen else chosen
    by = lens.regroup(counts, ["mentions"])
    many = by["source"].nunique() > COLOUR_LIMIT
    shape = st.segmented_control(f"Mentions by {lens.noun.lower()}", VIEWS, key="actors-view",
                                 default=VIEWS[1] if many else VIEWS[0], required=True,
                                 help="With more outlets than colours, the heatmap and small multiples keep every "
                                      "outlet readable; stacked bars fold the smaller ones into one grey bar.")
    if shape == VIEWS[0]:
        fig = charts.actor_mentions_bar(counts_top(by, top), lens.palette, lens.noun)
    elif shape == VIEWS[1]:
        fig = charts.share_of_voice_heatmap(share_from_counts(by, top), lens.noun)
    else:
        fig = charts.actor_small_multiples(share_from_counts(by, min(top, 10)), lens.noun)
    event = chart(fig, key=f"actors-{shape}")
    picked_actors = selected(event, 0)
    picked_series = lens.expand(selected(event, 1), by["source"].astype(str).unique())
    if picked_actors:
        st.subheader("Sentences behind the selection")
        clear_selection_button(f"actors-{shape}")
        st.caption(f"Actors: {escape(', '.join(picked_actors))}; {lens.noun.lower()}s: "
                   f"{escape(', '.join(sorted(set(picked_series))))}")
        names = [*picked_actors, *(n for n, c in merged.items() if c in set(picked_actors))]
        outlets = lens.outlets(picked_series, views.sources["source"])
        rows = views.mention_rows(f, actors=names, sources=outlets)
        show_sentences(views.sentences_for(rows, highlight=rows))

    tab_net, tab_table = st.tabs(["Co-occurrence network", "Actor table"])
    with tab_net:
        # Unmerged, the counts already drawn are the ones the network ranks actors by: pass them on.
        edges = views.cooccurrence(f, top=15, types=row_types, merged=merged or None,
                                   counts=None if merged else counts)
        totals = counts.groupby("actor")["mentions"].sum().sort_values(ascending=False)
        ev = chart(charts.cooccurrence_network(edges, totals), key="actors-net")
        pick = selected(ev, 0)
        if pick:
            clear_selection_button("actors-net")
            st.caption(f"Sentences naming {escape(pick[0])} together with another actor")
            shared, own = views.shared_sentences(f, pick[0], types=row_types, merged=merged or None)
            show_sentences(views.sentences_for(shared, highlight=own))
    with tab_table:
        live = counts.groupby("actor")["mentions"].sum()
        shown = views.actors[views.actors["actor"].astype(str).isin(live.index)].copy()
        shown["mentions (filtered)"] = shown["actor"].astype(str).map(live).fillna(0).astype(int)
        shown = queries.readable_actor_table(shown)
        first = ["actor", "actor_type", "mentions (filtered)", "variants", "ambiguous", "ambiguous_with", "country"]
        shown = shown[[c for c in first if c in shown] + [c for c in shown if c not in first]]
        st.caption("Variants lists every spelling merged into the actor and why it was merged. An ambiguous "
                   "actor is a bare name that fits several people; it is kept apart rather than guessed. "
                   "Force or forbid merges in the alias editor on the Corpus page.")
        st.dataframe(shown.sort_values("mentions (filtered)", ascending=False), hide_index=True, width="stretch",
                     column_config={"variants": st.column_config.TextColumn("variants (why merged)", width="large"),
                                    "ambiguous_with": "could be"})
        downloads(shown, "actors")
        table_downloads(views, f, "mentions")


guarded(body)
