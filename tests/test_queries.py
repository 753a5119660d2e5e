"""Filters and aggregates: what a user sees after choosing sources, dates or actors.

Small invented tables pin each rule; a larger replicated corpus checks the fast paths against plain pandas.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.views import queries
from analysis.views.queries import Filters


def _tables() -> dict[str, pd.DataFrame]:
    """Three articles from two outlets; a1 names Ada and Bo in one sentence, then Cy with Paris."""
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3"], "source": ["North", "South", "North"], "title": ["t1", "t2", "t3"],
        "published": ["2025-01-05", "2025-02-10", None], "text": ["x" * 200] * 3, "n_words": [40, 30, 20],
        "removed": [[], [], []],
    })
    mentions = pd.DataFrame({
        "article_id": ["a1", "a1", "a1", "a2", "a2", "a3"],
        "source": ["North", "North", "North", "South", "South", "North"],
        "actor_id": ["A", "B", "C", "A", "A", "B"], "actor": ["Ada", "Bo", "Cy", "Ada", "Ada", "Bo"],
        "actor_type": ["PERSON"] * 6, "text": ["Ada", "Bo", "Cy", "Ada", "she", "Bo"],
        "start": [0, 10, 50, 0, 20, 5], "end": [3, 12, 52, 3, 23, 7], "sentence_idx": [0, 0, 1, 0, 1, 0],
    })
    sentiment = mentions.assign(score=[0.5, -0.5, 0.0, 0.2, 0.1, -0.9], label=[1, -1, 0, 0, 0, -1])
    quotes = pd.DataFrame({
        "quote_id": ["a1:q0", "a2:q1", "a3:q2"], "article_id": ["a1", "a2", "a3"],
        "source": ["North", "South", "North"], "text": ["We will win", "No CEASEFIRE now", "Straße closed"],
        "speaker": pd.array(["Ada", "Ada", None], dtype="string"), "speaker_text": ["Ada", "she", "police"],
        "kind": ["direct", "direct", "indirect"], "start": [0, 0, 0], "end": [5, 5, 5],
        "sentence_idx": [0, 0, 0],
    })
    place_mentions = pd.DataFrame({
        "article_id": ["a1", "a1", "a2"], "source": ["North", "North", "South"],
        "place_id": ["p1", "p2", "p1"],
        "name": ["Paris", "Rome", "Paris"], "text": ["Paris", "Rome", "Paris"], "start": [60, 5, 30],
        "end": [65, 9, 35], "sentence_idx": [1, 0, 1], "lat": [48.85, 41.9, 48.85], "lon": [2.35, 12.5, 2.35],
        "country_code": ["FR", "IT", "FR"], "feature": ["city"] * 3,
    })
    sentences = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a2", "a3"], "source": ["North", "North", "South", "South", "North"],
        "sentence_idx": [0, 1, 0, 1, 0], "start": [0, 40, 0, 15, 0], "end": [40, 80, 15, 40, 30],
    })
    actors = pd.DataFrame({"actor_id": ["A", "B", "C"], "actor": ["Ada", "Bo", "Cy"], "mentions": [3, 2, 1]})
    places = pd.DataFrame({"place_id": ["p1", "p2"], "name": ["Paris", "Rome"]})
    return {"articles": articles, "sentences": sentences, "mentions": mentions, "actors": actors,
            "quotes": quotes, "sentiment": sentiment, "places": places, "place_mentions": place_mentions}


@pytest.fixture()
def tables() -> dict[str, pd.DataFrame]:
    return _tables()


def test_source_filter_keeps_only_that_outlet_in_every_table(tables) -> None:
    view = queries.filtered(tables, Filters(sources=("South",)))
    for name in ("articles", "mentions", "quotes", "sentiment", "place_mentions", "sentences"):
        assert set(view[name]["source"]) == {"South"}, name
    assert list(view["mentions"]["text"]) == ["Ada", "she"]


def test_date_filter_keeps_undated_articles(tables) -> None:
    view = queries.filtered(tables, Filters(date_from=date(2025, 2, 1)))
    assert set(view["articles"]["article_id"]) == {"a2", "a3"}


def test_actor_filter_keeps_places_named_in_the_actors_sentences(tables) -> None:
    view = queries.filtered(tables, Filters(actors=("Cy",)))
    assert list(view["mentions"]["actor"]) == ["Cy"]
    assert list(view["place_mentions"]["name"]) == ["Paris"]
    assert view["quotes"].empty
    ada = queries.filtered(tables, Filters(actors=("Ada",)))
    assert len(ada["quotes"]) == 2
    assert set(zip(ada["place_mentions"]["article_id"], ada["place_mentions"]["name"], strict=True)) == {
        ("a1", "Rome"), ("a2", "Paris")}


def test_min_mentions_drops_rare_actors(tables) -> None:
    view = queries.filtered(tables, Filters(min_mentions=2))
    assert set(view["mentions"]["actor"]) == {"Ada", "Bo"}
    assert set(view["sentiment"]["actor"]) == {"Ada", "Bo"}
    north = queries.filtered(tables, Filters(sources=("North",), min_mentions=2))
    assert set(north["mentions"]["actor"]) == {"Bo"}


def test_counts_list_only_actors_present_after_filtering(tables) -> None:
    view = queries.filtered(tables, Filters(sources=("South",)))
    counts = queries.actor_counts(view["mentions"])
    assert counts.to_dict("records") == [
        {"actor": "Ada", "actor_type": "PERSON", "source": "South", "mentions": 2}]
    assert list(view["mentions"]["actor"].value_counts().index) == ["Ada"]


def test_actor_counts_order_by_mentions_then_name(tables) -> None:
    counts = queries.actor_counts(tables["mentions"], top=2)
    assert list(dict.fromkeys(counts["actor"])) == ["Ada", "Bo"]
    totals = counts.groupby("actor")["mentions"].sum()
    assert totals.to_dict() == {"Ada": 3, "Bo": 2}


def test_cooccurrence_counts_shared_sentences(tables) -> None:
    edges = queries.cooccurrence(tables["mentions"])
    assert edges.to_dict("records") == [{"actor_a": "Ada", "actor_b": "Bo", "sentences": 1}]
    assert queries.cooccurrence(tables["mentions"], min_sentences=2).empty


def test_quote_counts_group_unattributed(tables) -> None:
    counts = queries.quote_counts(tables["quotes"])
    assert set(zip(counts["speaker"], counts["quotes"], strict=True)) == {("Ada", 1), ("(unattributed)", 1)}
    assert counts[counts["speaker"] == "Ada"]["source"].tolist() == ["North", "South"]


def test_search_quotes_ignores_case_and_reads_speakers(tables) -> None:
    q = tables["quotes"]
    assert queries.search_quotes(q, "ceasefire")["quote_id"].tolist() == ["a2:q1"]
    assert queries.search_quotes(q, "STRASSE")["quote_id"].tolist() == ["a3:q2"]
    assert queries.search_quotes(q, "ada", ("direct",))["quote_id"].tolist() == ["a1:q0", "a2:q1"]
    assert queries.search_quotes(q, "win ada")["quote_id"].tolist() == ["a1:q0"]


def test_filtered_tables_behave_as_a_dict(tables) -> None:
    view = queries.filtered(tables, Filters(sources=("North",)))
    assert list(view) == list(tables)
    assert view["mentions"] is view["mentions"]
    plain = dict(view)
    assert all(isinstance(df, pd.DataFrame) for df in plain.values())
    assert len(plain["quotes"]) == 2
    assert view.get("nope") is None


def _reference_filtered(tables, filters: Filters) -> dict[str, pd.DataFrame]:
    """Filtering written the plain pandas way, as a yardstick for the fast path."""
    art = tables["articles"]
    keep = np.ones(len(art), dtype=bool)
    if filters.sources:
        keep &= art["source"].isin(filters.sources).to_numpy()
    ids = set(art.loc[keep, "article_id"])
    out = {k: df[df["article_id"].isin(ids)] if "article_id" in df else df for k, df in tables.items()}
    if filters.actors:
        out["mentions"] = out["mentions"][out["mentions"]["actor"].isin(filters.actors)]
        out["sentiment"] = out["sentiment"][out["sentiment"]["actor"].isin(filters.actors)]
        out["quotes"] = out["quotes"][out["quotes"]["speaker"].isin(filters.actors)]
        keys = out["mentions"][["article_id", "sentence_idx"]].drop_duplicates()
        out["place_mentions"] = out["place_mentions"].merge(keys, on=["article_id", "sentence_idx"])
    if filters.min_mentions > 1:
        counts = out["mentions"]["actor"].value_counts()
        names = counts.index[counts >= filters.min_mentions]
        out["mentions"] = out["mentions"][out["mentions"]["actor"].isin(names)]
        out["sentiment"] = out["sentiment"][out["sentiment"]["actor"].isin(names)]
    return out


def _rows(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({c: str for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})
    keys = [c for c in ("article_id", "start", "end", "actor_id", "quote_id") if c in df.columns]
    return df.sort_values(keys).reset_index(drop=True).astype(str)


def test_fast_filters_match_plain_pandas_on_a_replicated_corpus(seed_tables) -> None:
    from analysis.tools.synthetic import replicate_tables

    big = replicate_tables(seed_tables, 300, random_seed=2, n_sources=7)
    top = big["actors"].sort_values("mentions", ascending=False)["actor"].tolist()
    sources = sorted(big["articles"]["source"].unique())
    for f in (Filters(sources=tuple(sources[:2])), Filters(actors=tuple(top[:2])),
              Filters(sources=(sources[0],), actors=(top[0],), min_mentions=30), Filters(min_mentions=200)):
        fast, slow = queries.filtered(big, f), _reference_filtered(big, f)
        for name in ("mentions", "sentiment", "quotes", "place_mentions", "sentences"):
            pd.testing.assert_frame_equal(_rows(fast[name]), _rows(slow[name]), obj=f"{name} {f}")
        assert len(fast["mentions"]) > 0
        got = queries.actor_counts(fast["mentions"], top=50).astype(str)
        plain = slow["mentions"].groupby(["actor", "actor_type", "source"]).size().rename("mentions")
        plain = plain.reset_index().astype(str)
        order = ["actor", "source"]
        pd.testing.assert_frame_equal(got.sort_values(order).reset_index(drop=True),
                                      plain.sort_values(order).reset_index(drop=True))
