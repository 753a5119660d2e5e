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
from analysis.nlp.names import is_well_formed_name
from analysis.nlp.places import build_places
from analysis.nlp.quote_groups import group_quotes
from analysis.store.per_article import ArticleAnalysis

TABLES = ("articles", "sentences", "mentions", "actors", "quotes", "sentiment", "places", "place_mentions")

ARTICLE_COLUMNS = ["article_id", "source", "group", "title", "url", "published", "published_from", "author",
                   "text", "n_words", "dateline", "file", "encoding", "removed"]
MENTION_COLUMNS = ["article_id", "source", "actor_id", "actor", "actor_type", "text", "start", "end",
                   "sentence_idx", "label"]
ACTOR_COLUMNS = ["actor_id", "actor", "actor_type", "aliases", "mentions", "articles", "sources", "country",
                 "variants", "ambiguous", "ambiguous_with"]
QUOTE_COLUMNS = ["quote_id", "article_id", "source", "text", "speaker", "speaker_id", "speaker_text", "kind",
                 "speaker_kind", "speaker_rule", "cue", "start", "end", "sentence_idx", "speaker_start",
                 "speaker_end", "group_id", "group_size", "n_sources", "same_words", "conflicting_speakers"]
SENTIMENT_COLUMNS = ["article_id", "source", "actor_id", "actor", "sentence_idx", "sentence", "score", "label",
                     "start", "end", "text", "subjectivity"]
PLACE_COLUMNS = ["place_id", "name", "lat", "lon", "country_code", "feature", "kind", "min_lat", "min_lon",
                 "max_lat", "max_lon", "mentions", "articles", "sources", "aliases"]
PLACE_MENTION_COLUMNS = ["article_id", "source", "place_id", "name", "text", "start", "end", "sentence_idx",
                         "via", "metonym", "lat", "lon", "country_code", "feature"]


def articles_table(articles: Sequence[Article]) -> pd.DataFrame:
    """One row per article; `removed` keeps what cleaning took out, so a page can show it."""
    rows = [
        {
            "article_id": a.article_id,
            "source": a.source,
            "group": a.group,
            "title": a.title,
            "url": a.url,
            "published": a.published,
            "published_from": a.published_from,
            "author": a.author,
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
        described = isinstance(row.speaker_rule, str) and "description kept" in row.speaker_rule
        if found is None and not described and isinstance(row.speaker_text, str) and row.speaker_text:
            actor_id = resolve_name(row.speaker_text, actors, by_article.get(row.article_id))
            if actor_id is not None and actor_id in names.index:
                found = (actor_id, names[actor_id])
        speaker_ids.append(found[0] if found else None)
        speakers.append(found[1] if found else None)
    quotes = quotes.copy()
    quotes["speaker_id"] = pd.Series(speaker_ids, index=quotes.index, dtype="string")
    quotes["speaker"] = pd.Series(speakers, index=quotes.index, dtype="string")
    return quotes


def _unrecognised_speakers(quotes: list[dict], mentions: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Speakers the entity recogniser missed ('Pamela Padilla' after a dash) as PERSON mentions, so they
    become actors instead of leaving their quotes unattributed."""
    spans: dict[str, list[tuple[int, int]]] = {}
    if not mentions.empty:
        for aid, s, e in zip(mentions["article_id"], mentions["start"], mentions["end"], strict=True):
            spans.setdefault(aid, []).append((int(s), int(e)))
    rows = []
    seen: set[tuple[str, int, int]] = set()
    for q in quotes:
        start, end = q.get("ref_start"), q.get("ref_end")
        text = q.get("speaker_text")
        if start is None or end is None or pd.isna(start) or not isinstance(text, str):
            continue
        start, end = int(start), int(end)
        name = text if (q.get("speaker_start"), q.get("speaker_end")) == (start, end) else None
        if name is None or not is_well_formed_name(name) or (q["article_id"], start, end) in seen:
            continue
        if any(s < end and start < e for s, e in spans.get(q["article_id"], [])):
            continue
        seen.add((q["article_id"], start, end))
        rows.append({"article_id": q["article_id"], "source": q["source"], "start": start, "end": end,
                     "text": name, "label": "PERSON", "sentence_idx": q.get("sentence_idx"), "cue": "person"})
    return pd.DataFrame(rows, columns=columns)


def speaker_kinds(quotes: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """named (a person actor), organisation (an organisation, place or group actor), description (words
    that name nobody: 'a Marine spokeswoman', 'prosecutors'), or unattributed (no speaker in the text)."""
    types = actors.set_index("actor_id")["actor_type"] if not actors.empty else pd.Series(dtype=object)
    kinds = []
    for speaker_id, text in zip(quotes["speaker_id"], quotes["speaker_text"], strict=True):
        if isinstance(speaker_id, str) and speaker_id in types.index:
            kinds.append("named" if types[speaker_id] == "PERSON" else "organisation")
        elif isinstance(text, str) and text.strip():
            kinds.append("description")
        else:
            kinds.append("unattributed")
    return pd.Series(kinds, index=quotes.index, dtype="string")


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

    mention_columns = ["article_id", "source", "start", "end", "text", "label", "sentence_idx", "cue",
                       "label_sentiment", "score", "subjectivity"]
    raw_mentions = _frame(_rows(articles, analyses, "mentions"), mention_columns)
    raw_quotes = _rows(articles, analyses, "quotes")
    raw_mentions = pd.concat([raw_mentions, _unrecognised_speakers(raw_quotes, raw_mentions, mention_columns)],
                             ignore_index=True) if raw_quotes else raw_mentions
    mentions, actors = resolve_actors(raw_mentions, place_kind=place_kind, aliases=aliases)

    sentiment = mentions.loc[mentions["score"].notna()].copy()
    sentiment["label"] = sentiment["label_sentiment"].astype("int64")
    sentiment["sentence"] = _sentence_text(art, sentences, sentiment)
    sentiment = sentiment.reindex(columns=SENTIMENT_COLUMNS).reset_index(drop=True)
    mentions = mentions.reindex(columns=MENTION_COLUMNS).reset_index(drop=True)
    actors = actors.reindex(columns=ACTOR_COLUMNS).reset_index(drop=True)

    quotes = _frame(
        raw_quotes,
        ["article_id", "source", "text", "start", "end", "kind", "cue", "speaker_text", "speaker_start",
                 "speaker_end", "ref_start", "ref_end", "sentence_idx", "speaker_rule"],
    )
    quotes.insert(0, "quote_id", [f"{a}:q{i}" for i, a in enumerate(quotes["article_id"])])
    quotes = _attribute_speakers(quotes, mentions, actors)
    quotes["speaker_kind"] = speaker_kinds(quotes, actors)
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
