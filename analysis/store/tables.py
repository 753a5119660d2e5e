"""Corpus-level assembly: per-article rows become the tidy tables of the data contract.

Canonical actors and places are decided here, once, for the whole corpus; every page reads the result.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.ingest.corpus import Article
from analysis.nlp.actors import resolve_actors, resolve_name
from analysis.nlp.aliases import AliasRules
from analysis.nlp.gazetteer import place_kind
from analysis.nlp.places import build_places
from analysis.nlp.quote_groups import group_quotes
from analysis.store.per_article import ArticleAnalysis

TABLES = ("articles", "sentences", "mentions", "actors", "quotes", "sentiment", "places", "place_mentions")

ARTICLE_COLUMNS = ["article_id", "source", "title", "url", "published", "text", "n_words", "dateline",
                   "file", "encoding", "removed"]
MENTION_COLUMNS = ["article_id", "source", "actor_id", "actor", "actor_type", "text", "start", "end",
                   "sentence_idx", "label"]
ACTOR_COLUMNS = ["actor_id", "actor", "actor_type", "aliases", "mentions", "articles", "sources", "country",
                 "variants", "ambiguous", "ambiguous_with"]
QUOTE_COLUMNS = ["quote_id", "article_id", "source", "text", "speaker", "speaker_id", "speaker_text", "kind",
                 "cue", "start", "end", "sentence_idx", "speaker_start", "speaker_end", "group_id",
                 "group_size", "n_sources", "same_words", "conflicting_speakers"]
SENTIMENT_COLUMNS = ["article_id", "source", "actor_id", "actor", "sentence_idx", "sentence", "score", "label",
                     "start", "end", "text"]
PLACE_COLUMNS = ["place_id", "name", "lat", "lon", "country_code", "feature", "mentions", "articles", "sources",
                 "aliases"]
PLACE_MENTION_COLUMNS = ["article_id", "source", "place_id", "name", "text", "start", "end", "sentence_idx",
                         "via", "metonym", "lat", "lon", "country_code", "feature"]


def articles_table(articles: Sequence[Article]) -> pd.DataFrame:
    """One row per article; `removed` keeps what cleaning took out, so a page can show it."""
    rows = [
        {
            "article_id": a.article_id,
            "source": a.source,
            "title": a.title,
            "url": a.url,
            "published": a.published,
            "text": a.text,
            "n_words": len(a.text.split()),
            "dateline": a.dateline,
            "file": a.file,
            "encoding": a.encoding,
            "removed": [{"kind": r.kind, "text": r.text} for r in a.removed],
        }
        for a in articles
    ]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def _rows(articles: Sequence[Article], analyses: Sequence[ArticleAnalysis], attr: str) -> list[dict]:
    out = []
    for article, analysis in zip(articles, analyses, strict=True):
        for row in getattr(analysis, attr):
            out.append({"article_id": article.article_id, "source": article.source, **row})
    return out


def _frame(rows: list[dict], required: list[str]) -> pd.DataFrame:
    """Rows as a frame that has at least the `required` columns, keeping any extra keys per-article code adds."""
    df = pd.DataFrame(rows)
    return df.reindex(columns=list(dict.fromkeys([*required, *df.columns])))


def sentences_table(articles: Sequence[Article], analyses: Sequence[ArticleAnalysis]) -> pd.DataFrame:
    """Sentence boundaries, so every chart can show the sentences behind its numbers."""
    rows = [
        {"article_id": a.article_id, "source": a.source, "sentence_idx": i, "start": s, "end": e}
        for a, an in zip(articles, analyses, strict=True)
        for i, (s, e) in enumerate(an.sentences)
    ]
    return pd.DataFrame(rows, columns=["article_id", "source", "sentence_idx", "start", "end"])


def _sentence_text(articles: pd.DataFrame, sentences: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    """The text of each (article_id, sentence_idx) in `keys`, cut from the cleaned article text."""
    bounds = keys[["article_id", "sentence_idx"]].merge(sentences, on=["article_id", "sentence_idx"], how="left")
    texts = articles.set_index("article_id")["text"]
    return pd.Series(
        [
            texts[aid][int(s):int(e)].strip() if pd.notna(s) else ""
            for aid, s, e in zip(bounds["article_id"], bounds["start"], bounds["end"], strict=True)
        ],
        index=keys.index,
        dtype="string",
    )


def _attribute_speakers(quotes: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Map each quote's speaker span to a canonical actor: by the named mention it refers to, else by name."""
    by_span = {
        (aid, int(s), int(e)): (actor_id, actor)
        for aid, s, e, actor_id, actor in zip(
            mentions["article_id"], mentions["start"], mentions["end"], mentions["actor_id"], mentions["actor"],
            strict=True,
        )
    }
    by_article = {aid: g for aid, g in mentions.groupby("article_id", sort=False)}
    names = actors.set_index("actor_id")["actor"]
    speaker_ids: list[str | None] = []
    speakers: list[str | None] = []
    for row in quotes.itertuples(index=False):
        found: tuple[str, str] | None = None
        if pd.notna(row.ref_start):
            found = _overlapping(by_article.get(row.article_id), int(row.ref_start), int(row.ref_end), by_span,
                                 row.article_id)
        if found is None and isinstance(row.speaker_text, str) and row.speaker_text:
            actor_id = resolve_name(row.speaker_text, actors, by_article.get(row.article_id))
            if actor_id is not None and actor_id in names.index:
                found = (actor_id, names[actor_id])
        speaker_ids.append(found[0] if found else None)
        speakers.append(found[1] if found else None)
    quotes = quotes.copy()
    quotes["speaker_id"] = pd.Series(speaker_ids, index=quotes.index, dtype="string")
    quotes["speaker"] = pd.Series(speakers, index=quotes.index, dtype="string")
    return quotes


def _overlapping(group: pd.DataFrame | None, start: int, end: int, by_span: dict, article_id: str):
    if (article_id, start, end) in by_span:
        return by_span[(article_id, start, end)]
    if group is None:
        return None
    hit = group[(group["start"] < end) & (group["end"] > start)]
    if hit.empty:
        return None
    first = hit.iloc[0]
    return first["actor_id"], first["actor"]


def build_tables(
    articles: Sequence[Article], analyses: Sequence[ArticleAnalysis], aliases: AliasRules | None = None
) -> dict[str, pd.DataFrame]:
    """All tables of the data contract (plus `sentences`) for a corpus and its per-article analyses."""
    art = articles_table(articles)
    sentences = sentences_table(articles, analyses)

    raw_mentions = _frame(
        _rows(articles, analyses, "mentions"),
        ["article_id", "source", "start", "end", "text", "label", "sentence_idx", "cue", "label_sentiment", "score"],
    )
    mentions, actors = resolve_actors(raw_mentions, place_kind=place_kind, aliases=aliases)

    sentiment = mentions.loc[mentions["score"].notna()].copy()
    sentiment["label"] = sentiment["label_sentiment"].astype("int64")
    sentiment["sentence"] = _sentence_text(art, sentences, sentiment)
    sentiment = sentiment.reindex(columns=SENTIMENT_COLUMNS).reset_index(drop=True)
    mentions = mentions.reindex(columns=MENTION_COLUMNS).reset_index(drop=True)
    actors = actors.reindex(columns=ACTOR_COLUMNS).reset_index(drop=True)

    quotes = _frame(
        _rows(articles, analyses, "quotes"),
        ["article_id", "source", "text", "start", "end", "kind", "cue", "speaker_text", "speaker_start",
                 "speaker_end", "ref_start", "ref_end", "sentence_idx"],
    )
    quotes.insert(0, "quote_id", [f"{a}:q{i}" for i, a in enumerate(quotes["article_id"])])
    quotes = _attribute_speakers(quotes, mentions, actors)
    quotes = group_quotes(quotes) if len(quotes) else quotes
    quotes = quotes.reindex(columns=QUOTE_COLUMNS).reset_index(drop=True)

    place_mentions = pd.DataFrame(_rows(articles, analyses, "place_mentions"))
    place_mentions = place_mentions.reindex(columns=PLACE_MENTION_COLUMNS)
    places = build_places(place_mentions).reindex(columns=PLACE_COLUMNS).reset_index(drop=True)

    return {
        "articles": art,
        "sentences": sentences,
        "mentions": mentions,
        "actors": actors,
        "quotes": quotes,
        "sentiment": sentiment,
        "places": places,
        "place_mentions": place_mentions.reset_index(drop=True),
    }
