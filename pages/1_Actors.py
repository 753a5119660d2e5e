"""Actors: who is in the story, how often each outlet names them, and who appears together."""

import streamlit as st

from analysis.views import charts, queries
from analysis.views.markup import escape
from dashboard.charts import chart, clear_selection_button, colours, selected
from dashboard.downloads import downloads
from dashboard.evidence import show_sentences
from dashboard.shell import guarded, page

PEOPLE_AND_ORGS = ("PERSON", "ORG")


def body() -> None:
    tables, view, _ = page("Actors")
    palette = colours(tables)
    mentions = view["mentions"]
    st.caption("One row per real actor: name variants, titles and possessives are merged into one canonical "
               "actor. Counts are named mentions (pronouns are not counted). Select bars to see the sentences.")
    c1, c2, c3 = st.columns([2, 1, 1])
    types = sorted(mentions["actor_type"].dropna().unique())
    chosen = c1.multiselect("Actor types", types, default=[t for t in PEOPLE_AND_ORGS if t in types],
                            key="actor-types", placeholder="All types",
                            help="PERSON people, ORG organisations, GPE countries and cities, NORP nationalities. "
                                 "Opens on people and organisations; add GPE and NORP for countries.")
    top = c2.slider("Actors shown", min_value=5, max_value=50, value=15, step=5, key="actors-top")
    together = c3.toggle("Nationality with its country", key="actors-nationality",
                         help="Count 'Russian' and 'Russians' as mentions of Russia")
    if together:
        mentions = queries.nationalities_as_countries(mentions, tables["actors"])
    if chosen:
        mentions = mentions[mentions["actor_type"].isin(chosen)]
    event = chart(charts.actor_mentions_bar(queries.actor_counts(mentions, top=top), palette), key="actors-bar")
    picked_actors = selected(event, 0)
    picked_sources = selected(event, 1)
    if picked_actors:
        st.subheader("Sentences behind the selection")
        clear_selection_button("actors-bar")
        sources = ", ".join(sorted(set(picked_sources)))
        st.caption(f"Actors: {escape(', '.join(picked_actors))}; sources: {escape(sources)}")
        show_sentences(queries.actor_evidence(tables, mentions, picked_actors, picked_sources))

    tab_share, tab_net, tab_table = st.tabs(["Share of voice", "Co-occurrence network", "Actor table"])
    with tab_share:
        ev = chart(charts.share_of_voice_heatmap(queries.share_of_voice(mentions)), key="actors-share")
        pick = selected(ev, 0)
        if pick:
            clear_selection_button("actors-share")
            show_sentences(queries.actor_evidence(tables, mentions, pick, selected(ev, 1)))
    with tab_net:
        edges = queries.cooccurrence(mentions, top=15)
        ev = chart(charts.cooccurrence_network(edges, mentions["actor"].value_counts()), key="actors-net")
        pick = selected(ev, 0)
        if pick:
            clear_selection_button("actors-net")
            st.caption(f"Sentences naming {escape(pick[0])} together with another actor")
            keys = mentions[mentions["actor"] == pick[0]][["article_id", "sentence_idx"]]
            shared = mentions.merge(keys, on=["article_id", "sentence_idx"])
            shared = shared[shared["actor"] != pick[0]]
            show_sentences(queries.sentences_for(tables, shared, highlight=mentions[mentions["actor"] == pick[0]]))
    with tab_table:
        actors = tables["actors"]
        shown = actors[actors["actor"].isin(mentions["actor"].unique())].copy()
        live = mentions.groupby("actor").size()
        shown["mentions (filtered)"] = shown["actor"].map(live).fillna(0).astype(int)
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
        downloads(mentions, "mentions")


guarded(body)
