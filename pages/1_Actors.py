"""Actors: who is in the story, how often each outlet names them, and who appears together."""

import streamlit as st

from analysis.views import charts, queries
from analysis.views.markup import escape
from analysis.views.palette import COLOUR_LIMIT
from dashboard.charts import chart, clear_selection_button, selected
from dashboard.downloads import downloads
from dashboard.evidence import show_sentences
from dashboard.lens import current_lens
from dashboard.shell import guarded, page

PEOPLE_AND_ORGS = ("PERSON", "ORG")
VIEWS = ("Stacked bars", "Heatmap", "Small multiples")


def body() -> None:
    tables, view, _ = page("Actors")
    lens = current_lens(tables)
    mentions = view["mentions"]
    st.caption("One row per real actor: name variants, titles and possessives are merged into one canonical "
               "actor. Counts are named mentions (pronouns are not counted). Select bars or cells to see the "
               "sentences.")
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
    by = lens.apply(mentions)
    many = by["source"].nunique() > COLOUR_LIMIT
    shape = st.segmented_control(f"Mentions by {lens.noun.lower()}", VIEWS, key="actors-view",
                                 default=VIEWS[1] if many else VIEWS[0], required=True,
                                 help="With more outlets than colours, the heatmap and small multiples keep every "
                                      "outlet readable; stacked bars fold the smaller ones into one grey bar.")
    if shape == VIEWS[0]:
        fig = charts.actor_mentions_bar(queries.actor_counts(by, top=top), lens.palette, lens.noun)
    elif shape == VIEWS[1]:
        fig = charts.share_of_voice_heatmap(queries.share_of_voice(by, top=top), lens.noun)
    else:
        fig = charts.actor_small_multiples(queries.share_of_voice(by, top=min(top, 10)), lens.noun)
    event = chart(fig, key=f"actors-{shape}")
    picked_actors = selected(event, 0)
    picked_sources = lens.expand(selected(event, 1), by["source"].unique())
    if picked_actors:
        st.subheader("Sentences behind the selection")
        clear_selection_button(f"actors-{shape}")
        sources = ", ".join(sorted(set(picked_sources)))
        st.caption(f"Actors: {escape(', '.join(picked_actors))}; {lens.noun.lower()}s: {escape(sources)}")
        show_sentences(queries.actor_evidence(tables, by, picked_actors, picked_sources))

    tab_net, tab_table = st.tabs(["Co-occurrence network", "Actor table"])
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
