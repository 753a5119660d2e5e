"""Rollups written beside each batch: small tables that answer the views without reading every row.

Every chart counts rows per outlet and actor (or place, or speaker) under filters on outlets, dates and
actors. Each batch therefore also stores those counts per (outlet, publication day, key): summing a few
rows per outlet and day answers the chart exactly under every outlet, group, date, actor and
minimum-mentions filter. Co-occurrence, which needs every sentence's set of actors, is stored the same way
as sentences per pair of actors, and the places named in a sentence with an actor as place mentions per
actor. Only filters the rollups cannot see (chosen articles, places near several chosen actors at once) read
the rows themselves.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

_DAY = "TRY_CAST(a.published AS DATE)"
_JOIN = "JOIN batch_articles a ON CAST(a.article_id AS VARCHAR) = CAST(t.article_id AS VARCHAR)"
_SOURCE = "CAST(a.source AS VARCHAR) AS source"

ROLLUP_SQL = {
    "actor_pairs": (
        "WITH m AS (SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id, sentence_idx, "
        "CAST(actor AS VARCHAR) AS actor FROM batch_mentions WHERE actor IS NOT NULL AND sentence_idx IS NOT NULL), "
        "t AS (SELECT x.article_id, x.actor AS actor_a, y.actor AS actor_b FROM m x JOIN m y "
        "ON x.article_id = y.article_id AND x.sentence_idx = y.sentence_idx AND x.actor < y.actor) "
        f"SELECT {_SOURCE}, {_DAY} AS day, actor_a, actor_b, count(*) AS sentences FROM t {_JOIN} "
        "GROUP BY ALL ORDER BY source, day, actor_a, actor_b"),
    "actor_days": (
        f"SELECT {_SOURCE}, {_DAY} AS day, CAST(t.actor AS VARCHAR) AS actor, "
        "CAST(t.actor_type AS VARCHAR) AS actor_type, count(*) AS mentions "
        f"FROM batch_mentions t {_JOIN} WHERE t.actor IS NOT NULL GROUP BY ALL ORDER BY source, day, actor"),
    "sentiment_days": (
        f"SELECT {_SOURCE}, {_DAY} AS day, CAST(t.actor AS VARCHAR) AS actor, "
        "count(t.score) AS n, sum(t.score) AS s, sum(t.score * t.score) AS ss, "
        "count(*) FILTER (t.label = -1) AS neg, count(*) FILTER (t.label = 0) AS neu, "
        "count(*) FILTER (t.label = 1) AS pos, count(t.subjectivity) AS subjectivity_n, "
        "sum(t.subjectivity) AS subjectivity_s, sum(t.subjectivity * t.subjectivity) AS subjectivity_ss "
        f"FROM batch_sentiment t {_JOIN} WHERE t.actor IS NOT NULL GROUP BY ALL ORDER BY source, day, actor"),
    "place_days": (
        f"SELECT {_SOURCE}, {_DAY} AS day, CAST(t.place_id AS VARCHAR) AS place_id, CAST(t.name AS VARCHAR) AS name, "
        "t.lat, t.lon, CAST(t.country_code AS VARCHAR) AS country_code, CAST(t.feature AS VARCHAR) AS feature, "
        f"count(*) AS mentions FROM batch_place_mentions t {_JOIN} GROUP BY ALL ORDER BY source, day, place_id"),
    "actor_places": (
        "WITH m AS (SELECT DISTINCT CAST(article_id AS VARCHAR) AS article_id, sentence_idx, "
        "CAST(actor AS VARCHAR) AS actor FROM batch_mentions WHERE actor IS NOT NULL AND sentence_idx IS NOT NULL), "
        "t AS (SELECT CAST(p.article_id AS VARCHAR) AS article_id, m.actor, p.place_id, p.name, p.lat, p.lon, "
        "p.country_code, p.feature FROM batch_place_mentions p JOIN m "
        "ON CAST(p.article_id AS VARCHAR) = m.article_id AND p.sentence_idx = m.sentence_idx) "
        f"SELECT {_SOURCE}, {_DAY} AS day, t.actor, CAST(t.place_id AS VARCHAR) AS place_id, "
        "CAST(t.name AS VARCHAR) AS name, t.lat, t.lon, CAST(t.country_code AS VARCHAR) AS country_code, "
        f"CAST(t.feature AS VARCHAR) AS feature, count(*) AS mentions FROM t {_JOIN} "
        "GROUP BY ALL ORDER BY source, day, actor, place_id"),
    "quote_days": (
        f"SELECT {_SOURCE}, {_DAY} AS day, CAST(t.speaker AS VARCHAR) AS speaker, count(*) AS quotes "
        f"FROM batch_quotes t {_JOIN} GROUP BY ALL ORDER BY source, day, speaker"),
}
ROLLUPS = tuple(ROLLUP_SQL)
_NEEDS = {"actor_pairs": ("mentions",), "actor_days": ("mentions",), "sentiment_days": ("sentiment",),
          "place_days": ("place_mentions",), "actor_places": ("mentions", "place_mentions"),
          "quote_days": ("quotes",)}


def rollups_of(tables: dict[str, pd.DataFrame | pa.Table]) -> dict[str, pa.Table]:
    """Every rollup the batch's tables allow (each needs the articles and its own table)."""
    if "articles" not in tables:
        return {}
    con = duckdb.connect(":memory:")
    try:
        for name, frame in tables.items():
            con.register(f"batch_{name}", frame)
        return {rollup: con.sql(sql).to_arrow_table() for rollup, sql in ROLLUP_SQL.items()
                if all(name in tables and _has_columns(tables[name]) for name in _NEEDS[rollup])}
    finally:
        con.close()


def _has_columns(frame: pd.DataFrame | pa.Table) -> bool:
    columns = frame.column_names if isinstance(frame, pa.Table) else list(frame.columns)
    return len(columns) > 0
