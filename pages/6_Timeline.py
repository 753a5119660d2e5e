"""Coverage over time: articles, or mentions of chosen actors, per day by outlet or group."""

import pandas as pd
import streamlit as st

from analysis.views import charts, queries
from analysis.views.markup import escape
from dashboard.charts import chart, clear_selection_button
from dashboard.evidence import show_sentences
from dashboard.lens import current_lens
from dashboard.shell import guarded, page

METRICS = ("Articles", "Mentions of actors")
PERIODS = {"Day": "D", "Week": "W"}
LONG_SPAN_DAYS = 45


def _picked_point(event) -> tuple[str, str] | None:
    """(period start, series) of the first point selected on the chart."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list | tuple) and len(data) >= 2:
            return str(data[0]), str(data[1])
    return None


def dates_note(articles: pd.DataFrame) -> None:
    """How many articles have a date and where the dates came from, so a gap is never mistaken for silence."""
    dated = pd.to_datetime(articles["published"], errors="coerce").notna()
    where = articles.loc[dated, "published_from"].replace("", "unknown").value_counts()
    parts = ", ".join(f"{n} from the {w}" for w, n in where.items())
    undated = int((~dated).sum())
    st.caption(f"{int(dated.sum())} of {len(articles)} articles are dated ({parts or 'none'}). "
               + (f"{undated} undated article(s) are not on the chart. " if undated else "")
               + "Dates come from the manifest, the file's metadata, a 'Published ...' line, the web address or "
               "a dateline with a day; a date an article merely mentions is never taken as its own.")


def body() -> None:
    tables, view, filters = page("Coverage over time")
    lens = current_lens(tables)
    articles = view["articles"]
    dates_note(articles)
    if pd.to_datetime(articles["published"], errors="coerce").notna().sum() == 0:
        st.info("No article under the current filters has a date, so there is no timeline to draw. Add a "
                "'published' column to the manifest to date them.")
        return
    c1, c2, c3 = st.columns([1, 1, 2])
    metric = c1.segmented_control("Count", METRICS, key="time-metric", default=METRICS[0], required=True)
    published = pd.to_datetime(articles["published"], errors="coerce")
    span = (published.max() - published.min()).days
    period = c2.segmented_control("Per", list(PERIODS), key="time-period", required=True,
                                  default="Week" if span > LONG_SPAN_DAYS else "Day")
    freq = PERIODS[period]
    mentions = view["mentions"]
    follow: list[str] = []
    if metric == METRICS[1]:
        ranked = mentions["actor"].value_counts().index.astype(str).tolist()
        default = list(filters.actors) or ranked[:3]
        follow = c3.multiselect("Actors", ranked, default=[a for a in default if a in ranked], key="time-actors",
                                placeholder="Choose actors")
        mentions = mentions[mentions["actor"].astype(str).isin(follow)]
    grouped = lens.apply(articles)
    series = queries.attention(grouped, lens.apply(mentions) if metric == METRICS[1] else None, freq=freq)
    what = "Articles" if metric == METRICS[0] else f"Mentions of {', '.join(follow) or 'the chosen actors'}"
    fig = charts.attention_lines(series, lens.palette, what, lens.noun, period.lower())
    event = chart(fig, key=f"time-{metric}-{period}")
    point = _picked_point(event)
    if not point:
        st.caption("Select a point to see the articles or sentences behind it.")
        return
    day, picked = point
    clear_selection_button(f"time-{metric}-{period}")
    sources = lens.expand([picked], grouped["source"].astype(str).unique())
    ids = queries.articles_on(grouped, day, sources, freq=freq)
    label = escape(picked if picked != lens.palette.other else lens.palette.other.lower())
    st.subheader(f"{label}, {day}" + (" (week)" if freq == "W" else ""))
    if metric == METRICS[0]:
        shown = articles[articles["article_id"].astype(str).isin(ids)]
        st.dataframe(shown[["source", "title", "published", "published_from", "url"]], hide_index=True,
                     width="stretch", column_config={"url": st.column_config.LinkColumn("url"),
                                                     "published_from": "date from"})
    else:
        rows = mentions[mentions["article_id"].astype(str).isin(ids)]
        show_sentences(queries.sentences_for(tables, rows, highlight=rows))


guarded(body)
