"""Corpus: the articles, a reader with actors, quotes and places marked, uploads, the alias editor, exports."""

import io

import pandas as pd
import streamlit as st

from analysis.ingest.corpus import load_corpus, load_uploads
from analysis.nlp.aliases import COLUMNS as ALIAS_COLUMNS
from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS
from analysis.store.workspace import analyse_session_corpus, with_aliases
from analysis.views.markup import escape, highlight_paragraphs
from dashboard.data import SPEAKER_OVERRIDES
from dashboard.downloads import table_downloads
from dashboard.fetching import fetch_form
from dashboard.filters import current_params
from dashboard.lens import GROUP_EDITS, session_groups
from dashboard.sharing import share_button, shared_corpus
from dashboard.shell import guarded, page

UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv", "zip"]
MAX_UPLOAD_MB = 50
UPLOAD_REPORT = "upload_report"
# Articles listed, and offered in the reader, at most; both say how many the filters matched.
LISTED_ARTICLES = 5_000
READER_ARTICLES = 2_000


def reader(views, f) -> None:
    arts, total = views.articles_list(f, limit=READER_ARTICLES)
    if arts.empty:
        st.info("No articles under the current filters.")
        return
    labels = {f"{r.source}: {r.title}": r.article_id for r in arts.itertuples(index=False)}
    choice = st.selectbox("Article", list(labels), key="reader-article")
    if total > len(arts):
        st.caption(f"The first {len(arts):,} of {total:,} articles; filter by outlet, date or actor to reach others.")
    aid = str(labels[choice])
    article = views.article(aid)
    marks = views.article_spans(aid)
    spans = [(s, e, "orange") for s, e in marks["mentions"]]
    spans += [(s, e, "green") for s, e in marks["place_mentions"]]
    spans += [(s, e, "blue") for s, e in marks["quotes"]]
    st.caption(":orange-background[actor]  :blue-background[quote]  :green-background[place]  "
               f"- {escape(str(article['source']))}, "
               f"published {escape(str(article['published'] or 'date unknown'))}"
               + (f", dateline {escape(str(article['dateline']))}" if article["dateline"] else ""))
    with st.container(height=520):
        for para in highlight_paragraphs(article["text"], spans):
            st.markdown(para)
    removed = article["removed"]
    if removed is not None and len(removed):
        with st.expander(f"Removed by cleaning ({len(removed)})"):
            st.dataframe(pd.DataFrame(list(removed)), hide_index=True, width="stretch")


def analyse_uploads(files: list) -> None:
    """Analyse the uploaded files for this session; the outcome is kept to be shown after the rerun."""
    total = sum(f.size for f in files)
    if total > MAX_UPLOAD_MB * 1024 * 1024:
        st.session_state[UPLOAD_REPORT] = (f"The uploads add up to {total / 1e6:.1f} MB; the limit is "
                                           f"{MAX_UPLOAD_MB} MB. Nothing was analysed.", [])
        return
    corpus = load_uploads([(f.name, f.getvalue()) for f in files])
    with st.status(f"Analysing {len(corpus.articles)} article(s)...", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=f"{done} of {total} articles parsed")

        if corpus.articles:
            session = analyse_session_corpus("uploads", corpus, st.session_state.get("aliases_text"),
                                             progress=progress)
            st.session_state["session_corpus"] = session
            st.session_state["uploaded_tables"] = session.tables
            st.session_state["use_uploads"] = True
            status.update(label=f"Analysed {len(corpus.articles)} article(s)", state="complete")
        else:
            status.update(label="No readable article in the uploads", state="error")
    headline = (f"Analysed {len(corpus.articles)} article(s) from your uploads." if corpus.articles
                else "No readable article in the uploads; nothing was analysed.")
    st.session_state[UPLOAD_REPORT] = (headline, [(p.file, p.reason, p.severity) for p in corpus.problems])
    if corpus.articles:
        st.rerun()


def upload_report() -> None:
    """The last upload's outcome: what was analysed, and every refused file by name with its reason."""
    report = st.session_state.get(UPLOAD_REPORT)
    if not report:
        return
    headline, problems = report
    (st.success if headline.startswith("Analysed") else st.error)(headline)
    for file, reason, severity in problems:
        (st.error if severity == "error" else st.warning)(f"{escape(file)}: {escape(reason)}")


def uploads() -> None:
    st.caption(f"Upload .txt, .md, .html, .json, .jsonl, .csv files or a .zip of them (up to {MAX_UPLOAD_MB} MB "
               "in all). Your articles are analysed for your session only; nobody else sees them.")
    files = st.file_uploader("Articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="upload-files")
    if files and st.button("Analyse uploaded articles", type="primary", icon=":material/play_arrow:"):
        analyse_uploads(files)
    upload_report()


def alias_editor(views) -> None:
    if views.out_of_core:
        st.info(f"This corpus of {views.n_articles:,} articles is read from a store built by `python -m analysis "
                "analyze`; its alias rules are applied when it is analysed (`--aliases FILE`). The editor here applies "
                "rules to the corpora analysed in your session: your uploads and articles fetched from the web.")
        return
    st.caption("Force a merge (`merge`: mentions written *alias* belong to *canonical*) or forbid one "
               "(`forbid`). Your rules win over the automatic ones and apply to your session only.")
    text = st.session_state.get("aliases_text") or DEFAULT_ALIASES.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    current = pd.read_csv(io.StringIO("\n".join(rows)), dtype=str).fillna("") if rows else pd.DataFrame(
        columns=ALIAS_COLUMNS)
    edited = st.data_editor(current.reindex(columns=list(ALIAS_COLUMNS)).fillna(""), num_rows="dynamic",
                            key="alias-editor", width="stretch")
    if st.button("Apply aliases to my session", icon=":material/merge:"):
        new_text = edited.fillna("").to_csv(index=False)
        try:
            session = st.session_state.get("session_corpus")
            if session is None:
                session = analyse_session_corpus("bundled", load_corpus(DEFAULT_CORPUS), new_text,
                                                 cache_dir=DEFAULT_CACHE)
            else:
                session = with_aliases(session, new_text)
        except ValueError as exc:
            st.error(f"Alias rules not applied: {escape(str(exc))}")
            return
        st.session_state["aliases_text"] = new_text
        st.session_state["session_corpus"] = session
        st.session_state["uploaded_tables"] = session.tables
        st.session_state["use_uploads"] = True
        st.rerun()


def group_editor(views) -> None:
    """Outlet -> group for this session: starts from the manifest's group column, exportable as CSV."""
    st.caption("Put outlets into groups (camps such as 'wire services' or 'Russian state media') to compare "
               "groups on every page: choose 'Outlet group' under Compare by in the sidebar, or filter by group. "
               "The manifest's `group` column fills this table; your edits apply to your session only. Download "
               "the table and add its column to the manifest to keep the groups.")
    groups = session_groups(views)
    counts = views.sources
    outlets = counts["source"].astype(str).to_numpy()
    current = pd.DataFrame({"outlet": outlets, "articles": counts["articles"].to_numpy(),
                            "group": [groups.get(s, "") for s in outlets]})
    with st.form("group-form", border=False):
        edited = st.data_editor(current, hide_index=True, width="stretch", key="group-editor",
                                disabled=["outlet", "articles"],
                                column_config={"group": st.column_config.TextColumn("group", max_chars=60)})
        if st.form_submit_button("Apply groups to my session", icon=":material/group_work:"):
            st.session_state[GROUP_EDITS] = {row.outlet: str(row.group or "").strip()
                                             for row in edited.itertuples(index=False)}
            st.rerun()
    st.download_button("Download outlet groups (CSV)", edited[["outlet", "group"]].to_csv(index=False),
                       file_name="outlet_groups.csv", mime="text/csv", icon=":material/download:")


def share_tab() -> None:
    """Share the session's own corpus by link; the bundled corpus needs no sharing (any link shows it)."""
    if shared_corpus() is not None:
        st.info("You are reading a shared corpus; its link is already in the address bar.")
        return
    session = st.session_state.get("session_corpus")
    if session is None:
        st.caption("Upload articles, fetch them from the web or edit aliases first: the bundled corpus is already "
                   "what every link shows.")
        return
    st.caption("Saves your corpus (the articles, their analysis, your alias rules, outlet groups and speaker "
               "corrections) under a random, unguessable id, and gives a link with the current filters. Anyone with "
               "the link can read it, no one can list it, and it expires after a while. Later edits in your "
               "session are not shared until you share again.")
    share_button(session.tables, current_params(), st.session_state.get("aliases_text"),
                 st.session_state.get(SPEAKER_OVERRIDES))


def body() -> None:
    views, f = page("Corpus")
    tab_list, tab_read, tab_up, tab_web, tab_alias, tab_groups, tab_share, tab_export = st.tabs(
        ["Articles", "Reader", "Upload", "From the web", "Aliases", "Outlet groups", "Share", "Export"])
    with tab_list:
        arts, total = views.articles_list(f, limit=LISTED_ARTICLES)
        if total > len(arts):
            st.caption(f"The first {len(arts):,} of {total:,} articles under the filters.")
        st.dataframe(arts.reindex(columns=["source", "group", "title", "url", "published", "published_from",
                                           "n_words", "article_id"]), hide_index=True, width="stretch",
                     column_config={"url": st.column_config.LinkColumn("url"), "published_from": "date from"})
        if not views.problems.empty:
            st.subheader("Files that could not be read as they are")
            st.dataframe(views.problems, hide_index=True, width="stretch")
    with tab_read:
        reader(views, f)
    with tab_up:
        uploads()
    with tab_web:
        fetch_form()
    with tab_alias:
        alias_editor(views)
    with tab_groups:
        group_editor(views)
    with tab_share:
        share_tab()
    with tab_export:
        st.caption("Every table of the current view (filters applied), as CSV or Parquet.")
        for name in ("articles", "mentions", "actors", "quotes", "sentiment", "places", "place_mentions"):
            rows = views.table_rows(f, name, limit=0)[1]
            st.markdown(f"**{name}** ({rows} rows)")
            table_downloads(views, f, name)


guarded(body)
