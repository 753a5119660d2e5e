"""Filters -> aggregates: what each view shows, computed from the tables and nothing else.

Every aggregate keeps the keys (article_id, sentence_idx) that lead back to its sentences, so a chart
can always answer "show me the sentences".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

Tables = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty sequences mean "all"."""

    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    min_mentions: int = 1
    articles: tuple[str, ...] = field(default=())


def article_ids(tables: Tables, filters: Filters) -> pd.Index:
    """Articles that pass the source and date filters (undated articles always pass a date filter)."""
    art = tables["articles"]
    mask = np.ones(len(art), dtype=bool)
    if filters.sources:
        mask &= art["source"].isin(filters.sources).to_numpy()
    if filters.articles:
        mask &= art["article_id"].isin(filters.articles).to_numpy()
    if filters.date_from or filters.date_to:
        published = pd.to_datetime(art["published"], errors="coerce")
        dated = published.notna().to_numpy()
        in_range = np.ones(len(art), dtype=bool)
        if filters.date_from:
            in_range &= (published >= pd.Timestamp(filters.date_from)).fillna(False).to_numpy()
        if filters.date_to:
            in_range &= (published <= pd.Timestamp(filters.date_to)).fillna(False).to_numpy()
        mask &= ~dated | in_range
    return pd.Index(art.loc[mask, "article_id"])


def _in_articles(df: pd.DataFrame, ids: pd.Index, total: int) -> pd.DataFrame:
    if len(ids) == total:
        return df
    return df[df["article_id"].isin(ids)]


def filtered(tables: Tables, filters: Filters) -> dict[str, pd.DataFrame]:
    """Each table narrowed to the selected sources, dates and actors.

    The actor filter keeps the actor's own rows (mentions, sentiment, quotes it spoke) and, for places,
    the places named in sentences that also name a selected actor.
    """
    ids = article_ids(tables, filters)
    total = len(tables["articles"])
    out = {name: _in_articles(df, ids, total) if "article_id" in df.columns else df for name, df in tables.items()}
    if filters.actors:
        chosen = list(filters.actors)
        out["mentions"] = out["mentions"][out["mentions"]["actor"].isin(chosen)]
        out["sentiment"] = out["sentiment"][out["sentiment"]["actor"].isin(chosen)]
        out["quotes"] = out["quotes"][out["quotes"]["speaker"].isin(chosen)]
        keys = out["mentions"][["article_id", "sentence_idx"]].drop_duplicates()
        pm = out["place_mentions"]
        out["place_mentions"] = pm.merge(keys, on=["article_id", "sentence_idx"], how="inner")
    if filters.min_mentions > 1:
        counts = out["mentions"]["actor"].value_counts()
        keep = counts.index[counts >= filters.min_mentions]
        out["mentions"] = out["mentions"][out["mentions"]["actor"].isin(keep)]
        out["sentiment"] = out["sentiment"][out["sentiment"]["actor"].isin(keep)]
    return out


def actor_counts(mentions: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Mentions per actor and source for the `top` actors overall (long format, for a stacked bar)."""
    if mentions.empty:
        return pd.DataFrame(columns=["actor", "actor_type", "source", "mentions"])
    totals = mentions.groupby("actor", observed=True).size().sort_values(ascending=False)
    keep = totals.index[:top]
    sub = mentions[mentions["actor"].isin(keep)]
    counts = sub.groupby(["actor", "actor_type", "source"], observed=True).size().rename("mentions").reset_index()
    order = {name: i for i, name in enumerate(keep)}
    counts["_order"] = counts["actor"].map(order)
    return counts.sort_values(["_order", "source"]).drop(columns="_order").reset_index(drop=True)


def share_of_voice(mentions: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Each actor's share of all actor mentions within each source (rows sum to 1 per source)."""
    if mentions.empty:
        return pd.DataFrame(columns=["source", "actor", "mentions", "share"])
    top_actors = mentions["actor"].value_counts().index[:top]
    counts = mentions.groupby(["source", "actor"], observed=True).size().rename("mentions").reset_index()
    counts["share"] = counts["mentions"] / counts.groupby("source")["mentions"].transform("sum")
    counts = counts[counts["actor"].isin(top_actors)]
    return counts.sort_values(["source", "share"], ascending=[True, False]).reset_index(drop=True)


def cooccurrence(mentions: pd.DataFrame, min_sentences: int = 1, top: int = 25) -> pd.DataFrame:
    """Pairs of actors named in the same sentence, with the number of sentences they share."""
    cols = ["actor_a", "actor_b", "sentences"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    top_actors = mentions["actor"].value_counts().index[:top]
    m = mentions.loc[mentions["actor"].isin(top_actors), ["article_id", "sentence_idx", "actor"]].drop_duplicates()
    pairs = m.merge(m, on=["article_id", "sentence_idx"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"].astype(str) < pairs["actor_b"].astype(str)]
    edges = pairs.groupby(["actor_a", "actor_b"], observed=True).size().rename("sentences").reset_index()
    return edges[edges["sentences"] >= min_sentences].sort_values("sentences", ascending=False).reset_index(drop=True)


def sentences_for(tables: Tables, keys: pd.DataFrame, highlight: pd.DataFrame | None = None,
                  limit: int = 200) -> pd.DataFrame:
    """The evidence: sentence text for (article_id, sentence_idx) keys, with source, title and the span to mark.

    `highlight` (optional) has article_id, sentence_idx, start, end of the span to mark inside the sentence.
    """
    cols = ["article_id", "source", "title", "sentence_idx", "sentence", "mark_start", "mark_end"]
    if keys.empty:
        return pd.DataFrame(columns=cols)
    k = keys[["article_id", "sentence_idx"]].drop_duplicates().head(limit)
    sent = tables["sentences"].merge(k, on=["article_id", "sentence_idx"], how="inner")
    art = tables["articles"].set_index("article_id")
    rows = []
    marks: dict[tuple[str, int], tuple[int, int]] = {}
    if highlight is not None and not highlight.empty:
        for h in highlight.itertuples(index=False):
            marks.setdefault((h.article_id, int(h.sentence_idx)), (int(h.start), int(h.end)))
    for s in sent.itertuples(index=False):
        text = art.at[s.article_id, "text"]
        start, end = int(s.start), int(s.end)
        mark = marks.get((s.article_id, int(s.sentence_idx)))
        rows.append({
            "article_id": s.article_id,
            "source": art.at[s.article_id, "source"],
            "title": art.at[s.article_id, "title"],
            "sentence_idx": int(s.sentence_idx),
            "sentence": text[start:end],
            "mark_start": mark[0] - start if mark and start <= mark[0] < end else None,
            "mark_end": min(mark[1], end) - start if mark and start <= mark[0] < end else None,
        })
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["source", "article_id", "sentence_idx"]).reset_index(drop=True)


def actor_evidence(tables: Tables, mentions: pd.DataFrame, actors: Sequence[str] = (),
                   sources: Sequence[str] = (), limit: int = 200) -> pd.DataFrame:
    """Sentences naming the chosen actors (in the chosen sources), the mention marked."""
    m = mentions
    if actors:
        m = m[m["actor"].isin(list(actors))]
    if sources:
        m = m[m["source"].isin(list(sources))]
    return sentences_for(tables, m, highlight=m, limit=limit)


def quote_counts(quotes: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Quotes per speaker and source, unattributed quotes grouped as "(unattributed)"."""
    if quotes.empty:
        return pd.DataFrame(columns=["speaker", "source", "quotes"])
    q = quotes.assign(speaker=quotes["speaker"].astype("string").fillna("(unattributed)"))
    totals = q["speaker"].value_counts()
    keep = totals.index[:top]
    counts = q[q["speaker"].isin(keep)].groupby(["speaker", "source"], observed=True).size()
    counts = counts.rename("quotes").reset_index()
    counts["_order"] = counts["speaker"].map({s: i for i, s in enumerate(keep)})
    return counts.sort_values(["_order", "source"]).drop(columns="_order").reset_index(drop=True)


def search_quotes(quotes: pd.DataFrame, text: str = "", kinds: Sequence[str] = ()) -> pd.DataFrame:
    """Quotes whose words, speaker or cue contain `text` (case-insensitive), of the chosen kinds."""
    q = quotes
    if kinds:
        q = q[q["kind"].isin(list(kinds))]
    if text:
        needle = text.casefold()
        hay = (q["text"].astype("string").fillna("") + " " + q["speaker"].astype("string").fillna("") + " "
               + q["speaker_text"].astype("string").fillna("")).str.casefold()
        q = q[hay.str.contains(needle, regex=False)]
    return q


def place_counts(place_mentions: pd.DataFrame) -> pd.DataFrame:
    """Places with mentions per source, for the map (one marker per place and source)."""
    cols = ["place_id", "name", "lat", "lon", "country_code", "feature", "source", "mentions"]
    if place_mentions.empty:
        return pd.DataFrame(columns=cols)
    g = place_mentions.groupby(["place_id", "name", "lat", "lon", "country_code", "feature", "source"],
                               observed=True, dropna=False).size().rename("mentions").reset_index()
    return g.sort_values("mentions", ascending=False).reset_index(drop=True)


def articles_per_source(articles: pd.DataFrame) -> pd.DataFrame:
    if articles.empty:
        return pd.DataFrame(columns=["source", "articles", "words"])
    g = articles.groupby("source", observed=True).agg(articles=("article_id", "size"), words=("n_words", "sum"))
    return g.reset_index().sort_values("articles", ascending=False).reset_index(drop=True)


def removed_noise(articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed, one row per removed piece, so a user can check nothing of value went."""
    rows = [
        {"article_id": a, "source": s, "kind": r["kind"], "text": r["text"]}
        for a, s, removed in zip(articles["article_id"], articles["source"], articles["removed"], strict=True)
        for r in (removed if removed is not None else [])
    ]
    return pd.DataFrame(rows, columns=["article_id", "source", "kind", "text"])


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) around text[start:end], for reading a quote or mention in context."""
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)
