"""Corpus-level steps run over the stored tables, not in one process's memory: counts per actor and place.

Per-article tables grow by parts; the actors and places tables carry corpus-wide counts (mentions, articles,
outlets), which DuckDB recounts over every part after a batch is added.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.store import duck, layout

COUNTS = ("mentions", "articles", "sources")
_COUNTED = {"actors": ("mentions", "actor_id"), "places": ("place_mentions", "place_id")}


def counts_by(store: str | Path, table: str, key: str) -> pd.DataFrame:
    """Rows, distinct articles and distinct outlets per `key` over every part of `table`."""
    con = duck.connect(store, (table,))
    try:
        return con.execute(
            f"SELECT {key}, count(*) AS mentions, count(DISTINCT article_id) AS articles, "
            f"count(DISTINCT source) AS sources FROM {table} WHERE {key} IS NOT NULL GROUP BY {key}"
        ).df()
    finally:
        con.close()


def recount(store: str | Path, corpus: Mapping[str, pd.DataFrame]) -> None:
    """Write `actors` and `places` with their counts taken from the whole store (keys never seen are dropped)."""
    for name, frame in corpus.items():
        table, key = _COUNTED[name]
        if not layout.parts(store, table):
            layout.replace_table(store, name, frame)
            continue
        counts = counts_by(store, table, key)
        merged = frame.drop(columns=[c for c in COUNTS if c in frame.columns]).merge(counts, on=key)
        for col in COUNTS:
            merged[col] = merged[col].astype("int64")
        layout.replace_table(store, name, merged.reindex(columns=frame.columns).reset_index(drop=True))
