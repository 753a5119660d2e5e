"""Quotes: who said what, in which outlet, and how outlets differ when they quote the same words."""

import pandas as pd
import streamlit as st

from analysis.nlp.quote_groups import diff_words
from analysis.views import charts, queries
from analysis.views.counts import quotes_top
from analysis.views.markup import escape, highlight
from analysis.views.palette import COLOUR_LIMIT
from dashboard.charts import chart, clear_selection_button, selected
from dashboard.data import SPEAKER_OVERRIDES, speaker_fixes
from dashboard.downloads import downloads
from dashboard.lens import current_lens
from dashboard.shell import guarded, page

COLUMNS = ["speaker", "speaker_kind", "source", "kind", "text", "cue", "speaker_text", "n_sources", "article_id",
           "quote_id"]
UNATTRIBUTED = "(no speaker)"
VIEWS = ("Stacked bars", "Heatmap")
QUOTE_ROWS = 5_000  # quotes listed at most; the tab says how many matched


def show_in_context(views, quote: pd.Series) -> None:
    """The quote's paragraph in its article, the quoted words and the speaker's words highlighted."""
    article = views.article(str(quote["article_id"]))
    text = article["text"]
    lo, hi = queries.paragraph_bounds(text, int(quote["start"]), int(quote["end"]))
    spans = [(int(quote["start"]) - lo, int(quote["end"]) - lo, "blue")]
    if pd.notna(quote["speaker_start"]) and lo <= int(quote["speaker_start"]) < hi:
        spans.append((int(quote["speaker_start"]) - lo, int(quote["speaker_end"]) - lo, "orange"))
    st.markdown(f"**{escape(str(article['source']))}** - {escape(str(article['title']))}")
    st.markdown(highlight(text[lo:hi], spans))
    speaker = quote["speaker"] if pd.notna(quote["speaker"]) else "no speaker found"
    written = quote["speaker_text"] if pd.notna(quote["speaker_text"]) else "-"
    st.caption(f"Speaker: {escape(str(speaker))} (written as \"{escape(str(written))}\"), "
               f"speaker kind: {quote['speaker_kind']}, kind: {quote['kind']}, "
               f"cue: {quote['cue']}")
    why = quote.get("speaker_rule")
    st.caption(f"Why this speaker: {escape(str(why)) if isinstance(why, str) and why else 'no cue found in the text'}")
    correct_speaker(views.actors, quote)


def correct_speaker(actors: pd.DataFrame, quote: pd.Series) -> None:
    """A per-session correction of the speaker, kept until the session ends (like the alias editor)."""
    names = actors[actors["actor_type"].isin(["PERSON", "ORG", "GPE", "NORP"])].sort_values(
        "mentions", ascending=False)["actor"].tolist()
    options = [UNATTRIBUTED, *names]
    current = quote["speaker"] if pd.notna(quote["speaker"]) and quote["speaker"] in names else UNATTRIBUTED
    with st.form(f"speaker-fix-{quote['quote_id']}", border=False):
        c1, c2 = st.columns([3, 1])
        choice = c1.selectbox("Correct the speaker (this session only)", options, index=options.index(current),
                              key=f"speaker-choice-{quote['quote_id']}")
        if c2.form_submit_button("Apply", icon=":material/edit:"):
            fixes = dict(st.session_state.get(SPEAKER_OVERRIDES) or {})
            fixes[str(quote["quote_id"])] = None if choice == UNATTRIBUTED else choice
            st.session_state[SPEAKER_OVERRIDES] = fixes
            st.rerun()


def show_groups(quotes: pd.DataFrame) -> None:
    groups = quotes[quotes["n_sources"] > 1]
    if groups.empty:
        st.info("No quote is carried by more than one outlet under the current filters.")
        return
    for _, group in groups.groupby("group_id", sort=False):
        first = group.iloc[0]
        flag = " - outlets give these words to different speakers" if group["conflicting_speakers"].any() else ""
        speaker = first["speaker"] if pd.notna(first["speaker"]) else "Unattributed"
        with st.expander(f"{escape(str(speaker))}: \"{escape(first['text'][:90])}\" "
                         f"({group['source'].nunique()} outlets){flag}"):
            for row in group.itertuples(index=False):
                ops = diff_words(first["text"], row.text)
                marked = " ".join(
                    f":red-background[{escape(tok)}]" if op == "insert" else
                    (f":gray[~~{escape(tok)}~~]" if op == "delete" else escape(tok))
                    for op, tok in ops
                )
                said = row.speaker if pd.notna(row.speaker) else "no speaker"
                st.markdown(f"**{escape(str(row.source))}** ({escape(str(said))}): {marked}")


def body() -> None:
    views, f = page("Quotes")
    lens = current_lens(views)
    fixes = speaker_fixes(views)
    st.caption("Direct quotes, partial quotes and reported speech with their speakers, resolved to the same "
               "canonical actors as everywhere else. Select a row to read it in context.")
    by = lens.regroup(views.quote_counts(f, overrides=fixes), ["quotes"])
    many = by["source"].nunique() > COLOUR_LIMIT
    shape = st.segmented_control(f"Quotes by {lens.noun.lower()}", VIEWS, key="quotes-view", required=True,
                                 default=VIEWS[1] if many else VIEWS[0])
    counts = quotes_top(by, 15)
    fig = (charts.quotes_bar(counts, lens.palette, lens.noun) if shape == VIEWS[0]
           else charts.quotes_heatmap(counts, lens.noun))
    event = chart(fig, key=f"quotes-{shape}")
    picked = selected(event, 0)
    outlets: list[str] = []
    if picked:
        clear_selection_button(f"quotes-{shape}")
        series = lens.expand(selected(event, 1), by["source"].astype(str).unique())
        outlets = lens.outlets(series, views.sources["source"])
        where = f" in {escape(', '.join(series[:5]))}{' and more' if len(series) > 5 else ''}" if series else ""
        st.caption(f"Showing quotes by {escape(', '.join(picked))}{where}")
    c1, c2 = st.columns([2, 1])
    text = c1.text_input("Search quotes, speakers", key="q", placeholder="e.g. ceasefire")
    kinds = c2.multiselect("Kind", ["direct", "partial", "indirect"], key="kinds", placeholder="All kinds")
    found, total = views.search_quotes(f, text, kinds, speakers=picked, sources=outlets, limit=QUOTE_ROWS,
                                       overrides=fixes)
    tab_table, tab_groups = st.tabs([f"Quotes ({total})", "Across outlets"])
    with tab_table:
        if found.empty:
            st.info("No quotes match the search and filters.")
        else:
            if total > len(found):
                st.caption(f"The first {len(found):,} of {total:,} quotes; search or filter to narrow them.")
            shown = found[COLUMNS].reset_index(drop=True)
            sel = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun",
                               selection_mode="single-row", key="quotes-table",
                               column_config={"text": st.column_config.TextColumn("quote", width="large"),
                                              "n_sources": "outlets"})
            rows = sel.selection.rows if sel is not None else []
            if rows:
                show_in_context(views, found.reset_index(drop=True).iloc[rows[0]])
            else:
                st.caption("Select a row to read the quote in its article.")
            downloads(found, "quotes")
    with tab_groups:
        show_groups(found)


guarded(body)
