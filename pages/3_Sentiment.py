"""Sentiment: how each outlet writes about each actor, with the evidence and the uncertainty shown."""

import pandas as pd
import streamlit as st

from analysis.nlp.sentiment import BASELINE, DEV_SCORES, METHOD, model_problem
from analysis.views import charts
from analysis.views.markup import escape
from analysis.views.queries import Filters
from dashboard.charts import chart
from dashboard.downloads import table_downloads
from dashboard.evidence import show_sentences
from dashboard.lens import Lens, current_lens
from dashboard.shell import guarded, page

LABELS = {-1: "negative", 0: "neutral", 1: "positive"}
# With no explicit choice, more than this share of thin outlet cells switches the page to outlet groups.
THIN_SHARE_FOR_GROUPS = 0.5


def method_note() -> None:
    problem = model_problem()
    if problem:
        st.error(f"The sentiment model could not be loaded, so mentions are not scored: {escape(problem)}")
        return
    scores = ", ".join(f"{k}: macro-F1 {v['macro_f1']:.2f}" for k, v in DEV_SCORES.items())
    st.info(f"**Method.** {METHOD.rstrip('.')}. Measured on the NewsMTSC development set ({scores}); "
            f"for comparison, {BASELINE}. Scores are P(positive) - P(negative) toward the actor, not the whole "
            "sentence; an actor's own quoted or reported words count as its stance toward what they name, never as "
            "sentiment toward it.")


def _lens_and_summary(views, f: Filters, min_n: int, top: int) -> tuple[Lens, pd.DataFrame, bool]:
    """The lens to compare by, and the summary under it; outlets switch to groups when most cells are thin
    and the analyst has not chosen."""
    lens = current_lens(views)
    summary = views.sentiment_summary(f, top=top, min_n=min_n, group_of=lens.group_of if lens.by_group else None)
    auto = (not lens.by_group and lens.group_of and st.session_state.get("by") is None
            and len(summary) and summary["thin"].mean() > THIN_SHARE_FOR_GROUPS)
    if auto:
        lens = current_lens(views, by_group=True)
        summary = views.sentiment_summary(f, top=top, min_n=min_n, group_of=lens.group_of)
    return lens, summary, bool(auto)


def body() -> None:
    views, f = page("Sentiment toward actors")
    method_note()
    c1, c2 = st.columns(2)
    min_n = c1.number_input("Mentions needed for a solid cell", min_value=1, max_value=100, value=3, key="min_n")
    top = c2.slider("Actors shown", min_value=5, max_value=40, value=12, step=1, key="sent-top")
    lens, summary, auto = _lens_and_summary(views, f, int(min_n), top)
    if summary.empty:
        st.info("No scored mentions under the current filters.")
        return
    if auto:
        st.info("Most outlet x actor cells have too few scored mentions to read, so this page compares outlet "
                "groups. Choose 'Outlet' under Compare by in the sidebar to see outlets one by one.")
    thin = int(summary["thin"].sum())
    if thin:
        st.warning(f"{thin} of {len(summary)} {lens.noun.lower()} x actor cells have fewer than {int(min_n)} scored "
                   "mentions; they are grey and their means are not reliable.")
    event = chart(charts.sentiment_heatmap(summary, lens.noun), key="sent-heat")
    points = getattr(getattr(event, "selection", None), "points", None) or []
    actors = list(summary.groupby("actor")["n"].sum().sort_values(ascending=False).index)
    default_actor = points[0].get("x") if points and points[0].get("x") in actors else actors[0]
    c1, c2 = st.columns(2)
    actor = c1.selectbox("Actor", actors, index=actors.index(default_actor), key="sent-actor")
    everyone = f"All {lens.noun.lower()}s"
    sources = [everyone, *sorted(summary.loc[summary["actor"] == actor, "source"].astype(str).unique())]
    source = c2.selectbox(lens.noun, sources, key="sent-source")
    group_of = lens.group_of if lens.by_group else None
    tab_stance, tab_opinion = st.tabs(["Stance toward the actor", "How opinionated (subjectivity)"])
    with tab_stance:
        chart(charts.sentiment_dots(summary, actor, lens.palette, lens.noun), key="sent-bar")
    with tab_opinion:
        st.caption("TextBlob subjectivity of the sentences that name the actor: 0 is factual reporting, 1 is opinion. "
                   "It shows loaded language even where the stance toward the actor is balanced.")
        opinion = views.sentiment_summary(f, min_n=int(min_n), group_of=group_of, value="subjectivity",
                                          actors=[actor])
        chart(charts.subjectivity_dots(opinion, actor, lens.palette, lens.noun), key="sent-subjectivity")
    outlets = [] if source == everyone else lens.outlets([source], views.sources["source"])
    rows = views.sentiment_rows(f, actor, sources=outlets)
    st.subheader(f"Sentences about {escape(actor)}" + ("" if source == everyone else f" in {escape(source)}"))
    evidence = views.sentences_for(rows, highlight=rows)
    scored = evidence.merge(rows[["article_id", "sentence_idx", "score", "label"]].astype({"article_id": str})
                            .drop_duplicates(["article_id", "sentence_idx"]), on=["article_id", "sentence_idx"],
                            how="left")
    for label in (-1, 0, 1):
        part = scored[scored["label"] == label]
        with st.expander(f"{LABELS[label]} ({len(part)})", expanded=label != 0 and len(part) > 0):
            show_sentences(part, colour={-1: "red", 0: "gray", 1: "green"}[label])
    table = summary.rename(columns={"mean": "mean score"})
    st.dataframe(table, hide_index=True, width="stretch")
    table_downloads(views, f, "sentiment")


guarded(body)
