"""Synthetic corpora: recombined seed articles read back unchanged, and replicated tables stay consistent."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.tools.synthetic import replicate_tables, seed_paragraphs, source_names, synthetic_articles, write_corpus

N = 37


@pytest.fixture(scope="module")
def replicated(seed_tables):
    return replicate_tables(seed_tables, N, random_seed=5, n_sources=6)


def test_synthetic_articles_are_seed_paragraphs_under_new_ids(seed_corpus) -> None:
    seed = seed_corpus.articles
    pool = set(seed_paragraphs(seed))
    articles = synthetic_articles(seed, 20, random_seed=1, n_sources=4)
    assert len({a.article_id for a in articles}) == 20
    assert not {a.article_id for a in articles} & {a.article_id for a in seed}
    assert {a.source for a in articles} <= set(source_names(4))
    for article in articles:
        assert set(article.text.split("\n\n")) <= pool
    assert synthetic_articles(seed, 20, random_seed=1, n_sources=4) == articles
    assert synthetic_articles(seed, 20, random_seed=2, n_sources=4) != articles


def test_seed_paragraphs_join_a_paragraph_cut_mid_sentence(seed_corpus) -> None:
    from dataclasses import replace

    text = "He said on Friday,\n\nthat talks went well.\n\nDone.\n\nTrailing,"
    article = replace(seed_corpus.articles[0], text=text)
    assert seed_paragraphs([article]) == ["He said on Friday, that talks went well.", "Done."]


def test_written_corpus_loads_back_as_generated(seed_corpus, tmp_path) -> None:
    from analysis.ingest.corpus import load_corpus

    articles = synthetic_articles(seed_corpus.articles, 12, random_seed=4)
    back = load_corpus(write_corpus(articles, tmp_path))
    assert not back.problems
    got = {a.article_id: (a.source, a.title, a.published, a.text) for a in back.articles}
    assert got == {a.article_id: (a.source, a.title, a.published, a.text) for a in articles}


def test_replicated_tables_have_new_articles_and_consistent_ids(seed_tables, replicated) -> None:
    art = replicated["articles"]
    assert len(art) == N and art["article_id"].is_unique
    assert not set(art["article_id"]) & set(seed_tables["articles"]["article_id"])
    assert art["source"].nunique() > 1
    owner = dict(zip(art["article_id"], art["source"], strict=True))
    for name in ("sentences", "mentions", "quotes", "sentiment", "place_mentions"):
        df = replicated[name]
        assert len(df) > 0, name
        assert df["article_id"].isin(owner).all(), name
        assert (df["article_id"].map(owner) == df["source"]).all(), name
    assert replicated["quotes"]["quote_id"].is_unique


def test_replicated_offsets_still_point_at_the_words(seed_tables, replicated) -> None:
    def spans_match(tables) -> pd.Series:
        text = tables["articles"].set_index("article_id")["text"]
        m = tables["mentions"]
        rows = zip(m["article_id"], m["start"], m["end"], m["text"], strict=True)
        return pd.Series([text[a][s:e] == t for a, s, e, t in rows])

    assert spans_match(seed_tables).all()
    assert spans_match(replicated).all()


def test_replicated_counts_are_recomputed(replicated) -> None:
    m = replicated["mentions"].astype({"actor_id": str})
    actors = replicated["actors"].astype({"actor_id": str}).set_index("actor_id")
    per_actor = m.groupby("actor_id").agg(mentions=("start", "size"), articles=("article_id", "nunique"),
                                          sources=("source", "nunique"))
    assert len(per_actor) == len(actors)
    pd.testing.assert_frame_equal(actors.loc[per_actor.index, ["mentions", "articles", "sources"]], per_actor,
                                  check_dtype=False, check_names=False)
    assert actors["mentions"].sum() == len(m)
    q = replicated["quotes"]
    sizes = q.groupby("group_id")["quote_id"].transform("size")
    assert (q["group_size"] == sizes).all()


def test_replication_is_deterministic(seed_tables, replicated) -> None:
    again = replicate_tables(seed_tables, N, random_seed=5, n_sources=6)
    pd.testing.assert_frame_equal(again["mentions"], replicated["mentions"])
    other = replicate_tables(seed_tables, N, random_seed=6, n_sources=6)
    assert not other["articles"]["source"].equals(replicated["articles"]["source"])
