"""Coverage over time: articles, or mentions of chosen actors, per day by outlet or group."""

import streamlit as st

from analysis.views import charts
from analysis.views.counts import fill_periods
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


def dates_note(views, f) -> int:
    """How many articles have a date and where the dates came from, so a gap is never mistaken for silence.
    Returns the number of dated articles."""
    dated, total, where = views.dates_summary(f)
    parts = ", ".join(f"{n:,} from the {w}" for w, n in where.items())
    undated = total - dated
    st.caption(f"{dated:,} of {total:,} articles are dated ({parts or 'none'}). "
               + (f"{undated:,} undated article(s) are not on the chart. " if undated else "")
               + "Dates come from the manifest, the file's metadata, a 'Published ...' line, the web address or "
               "a dateline with a day; a date an article merely mentions is never taken as its own.")
    return dated


def body() -> None:
    views, f = page("Coverage over time")
    lens = current_lens(views)
    if not dates_note(views, f):
        st.info("No article under the current filters has a date, so there is no timeline to draw. Add a "
                "'published' column to the manifest to date them.")
        return
    c1, c2, c3 = st.columns([1, 1, 2])
    metric = c1.segmented_control("Count", METRICS, key="time-metric", default=METRICS[0], required=True)
    first, last = views.date_span(f)
    period = c2.segmented_control("Per", list(PERIODS), key="time-period", required=True,
                                  default="Week" if (last - first).days > LONG_SPAN_DAYS else "Day")
    freq = PERIODS[period]
    follow: list[str] | None = None
    if metric == METRICS[1]:
        totals = views.mention_counts(f).groupby("actor")["mentions"].sum()
        ranked = sorted(totals.index.astype(str), key=lambda a: (-totals[a], a))
        default = list(f.actors) or ranked[:3]
        follow = c3.multiselect("Actors", ranked, default=[a for a in default if a in ranked], key="time-actors",
                                placeholder="Choose actors")
    counts = lens.regroup(views.attention(f, freq, actors=follow), ["value"])
    series = fill_periods(counts, first, last, freq)
    what = "Articles" if metric == METRICS[0] else f"Mentions of {', '.join(follow or []) or 'the chosen actors'}"
    fig = charts.attention_lines(series, lens.palette, what, lens.noun, period.lower())
    event = chart(fig, key=f"time-{metric}-{period}")
    point = _picked_point(event)
    if not point:
        st.caption("Select a point to see the articles or sentences behind it.")
        return
    day, picked = point
    clear_selection_button(f"time-{metric}-{period}")
    outlets = lens.outlets(lens.expand([picked], series["source"].astype(str).unique()), views.sources["source"])
    label = escape(picked if picked != lens.palette.other else lens.palette.other.lower())
    st.subheader(f"{label}, {day}" + (" (week)" if freq == "W" else ""))
    shown, total = views.articles_list(f, day=day, sources=outlets, freq=freq)
    if metric == METRICS[0]:
        st.dataframe(shown[["source", "title", "published", "published_from", "url"]], hide_index=True,
                     width="stretch", column_config={"url": st.column_config.LinkColumn("url"),
                                                     "published_from": "date from"})
        if total > len(shown):
            st.caption(f"The first {len(shown):,} of {total:,} articles.")
    else:
        rows = views.mention_rows(f, actors=follow or [], article_ids=shown["article_id"].astype(str).tolist())
        show_sentences(views.sentences_for(rows, highlight=rows))


guarded(body)
