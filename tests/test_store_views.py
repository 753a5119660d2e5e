"""The out-of-core views (DuckDB over the partitioned store) give the answers the in-memory views give.

Both paths run on the same generated corpus: 400 articles from 40 outlets in 5 groups, written in three
batches, so every query also reads across parts. A page draws the same chart whichever path the size chose.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.store import layout
from analysis.store.workspace import read_store
from analysis.views.counts import counts_top, quotes_top, share_from_counts
from analysis.views.memory_views import MemoryViews
from analysis.views.out_of_core import ENGINE_ENV, OUT_OF_CORE_FROM, StoreViews, stored_articles, use_store_views
from analysis.views.queries import Filters
from tests.conftest import SCALE_ARTICLES, SCALE_GROUPS, SCALE_OUTLETS


@pytest.fixture(scope="module")
def parts_store(seed_tables, tmp_path_factory):
    from analysis.tools.synthetic import replicate_store

    folder = tmp_path_factory.mktemp("parts-store")
    return replicate_store(seed_tables, SCALE_ARTICLES, folder, random_seed=3, n_sources=SCALE_OUTLETS,
                           n_groups=SCALE_GROUPS, chunk=150)


@pytest.fixture(scope="module", params=["rollups", "rows"])
def both(parts_store, request):
    """The in-memory views, and the store's views answered from the rollups or from the rows themselves."""
    memory = MemoryViews(read_store(parts_store, lean=True))
    store = StoreViews(parts_store, rollups=request.param == "rollups")
    yield memory, store
    store.close()


def _states(memory: MemoryViews) -> list[Filters]:
    sources = memory.sources["source"].tolist()
    actors = memory.actors.sort_values(["mentions", "actor"], ascending=[False, True])["actor"].astype(str).tolist()
    groups = memory.source_groups()
    group_of = tuple(sorted(zip(groups["source"], groups["group"], strict=True)))
    some_group = groups["group"].iloc[0]
    return [
        Filters(),
        Filters(sources=tuple(sources[:3])),
        Filters(actors=(actors[0],)),
        Filters(sources=(sources[0],), actors=tuple(actors[:2])),
        Filters(min_mentions=40),
        Filters(date_from=date(2025, 1, 20), date_to=date(2025, 2, 10)),
        Filters(groups=(some_group,), group_of=group_of),
        Filters(articles=("rep000007", "rep000200", "rep000399")),
    ]


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = df.copy()
    for col in keys:
        out[col] = out[col].astype(str)
    return out.sort_values(keys).reset_index(drop=True)


def test_the_store_is_written_in_parts_and_counted_over_all_of_them(parts_store, seed_tables):
    assert len(layout.parts(parts_store, "mentions")) == 3
    for rollup in layout.ROLLUPS:
        assert len(layout.parts(parts_store, rollup)) == 3, rollup
    assert stored_articles(parts_store) == SCALE_ARTICLES
    actors = pd.read_parquet(parts_store / "actors.parquet")
    mentions = read_store(parts_store)["mentions"]
    expected = mentions.groupby("actor_id").size()
    assert actors.set_index("actor_id")["mentions"].sort_index().equals(expected.sort_index().astype("int64"))


def test_counts_agree(both):
    memory, store = both
    for f in _states(memory):
        assert memory.totals(f) == store.totals(f), f
        pd.testing.assert_frame_equal(_sorted(memory.articles_per_source(f), ["source"]),
                                      _sorted(store.articles_per_source(f), ["source"]), check_dtype=False)
        m, s = memory.mention_counts(f), store.mention_counts(f)
        keys = ["actor", "actor_type", "source"]
        pd.testing.assert_frame_equal(_sorted(m, keys), _sorted(s, keys), check_dtype=False)
        pd.testing.assert_frame_equal(counts_top(m, 15), counts_top(s, 15))
        pd.testing.assert_frame_equal(share_from_counts(m, 10), share_from_counts(s, 10))
        pd.testing.assert_frame_equal(quotes_top(memory.quote_counts(f), 15), quotes_top(store.quote_counts(f), 15))
        keys = ["place_id", "source"]
        pd.testing.assert_frame_equal(_sorted(memory.place_counts(f), keys)[[*keys, "mentions"]],
                                      _sorted(store.place_counts(f), keys)[[*keys, "mentions"]], check_dtype=False)


def test_cooccurrence_agrees_from_rollups_and_from_mentions(both):
    memory, store = both
    for f in _states(memory):
        for types in ((), ("PERSON", "ORG")):
            expected = memory.cooccurrence(f, top=15, types=types)
            got = store.cooccurrence(f, top=15, types=types)
            pd.testing.assert_frame_equal(expected.astype({"sentences": "int64"}), got, check_dtype=False)


def test_sentiment_summaries_agree(both):
    memory, store = both
    for f in _states(memory):
        for group_of in (None, dict(zip(*memory.source_groups()[["source", "group"]].T.to_numpy(), strict=True))):
            m = _sorted(memory.sentiment_summary(f, top=12, group_of=group_of), ["source", "actor"])
            s = _sorted(store.sentiment_summary(f, top=12, group_of=group_of), ["source", "actor"])
            assert m[["source", "actor", "n", "neg", "neu", "pos", "thin"]].equals(
                s[["source", "actor", "n", "neg", "neu", "pos", "thin"]]), f
            assert np.allclose(m["mean"], s["mean"])
            large = m["n"] >= 50
            assert np.allclose(m.loc[large, "ci_low"], s.loc[large, "ci_low"])
            assert (s["ci_low"] <= s["mean"] + 1e-12).all() and (s["ci_high"] >= s["mean"] - 1e-12).all()


def test_quote_search_agrees_and_counts_every_match(both):
    memory, store = both
    for f in _states(memory):
        for text, kinds in (("ceasefire", ("direct",)), ("", ()), ("said the", ())):
            m, m_total = memory.search_quotes(f, text, kinds)
            s, s_total = store.search_quotes(f, text, kinds, limit=10)
            assert m_total == s_total
            assert len(s) == min(10, s_total)
            assert set(s["quote_id"]) <= set(m["quote_id"].astype(str))


def test_timeline_and_dates_agree(both):
    memory, store = both
    for f in _states(memory)[:4]:
        for freq in ("D", "W"):
            pd.testing.assert_frame_equal(memory.attention(f, freq).astype({"source": str}),
                                          store.attention(f, freq), check_dtype=False)
        actors = memory.actors.sort_values("mentions", ascending=False)["actor"].astype(str).tolist()[:2]
        pd.testing.assert_frame_equal(memory.attention(f, "D", actors).astype({"source": str}),
                                      store.attention(f, "D", actors), check_dtype=False)
        assert memory.date_span(f) == store.date_span(f)
        md, mt, mw = memory.dates_summary(f)
        sd, st, sw = store.dates_summary(f)
        assert (md, mt) == (sd, st) and mw.to_dict() == sw.to_dict()


def test_evidence_reads_the_same_sentences(both):
    memory, store = both
    f = Filters(sources=tuple(memory.sources["source"][:2]))
    actor = memory.mention_counts(f).sort_values("mentions", ascending=False)["actor"].iloc[0]
    m = memory.mention_rows(f, actors=[actor], limit=10_000)
    s = store.mention_rows(f, actors=[actor], limit=10_000)
    assert len(m) == len(s) > 0
    keys = s.head(30)
    a = memory.sentences_for(keys, highlight=keys)
    b = store.sentences_for(keys, highlight=keys)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert b["sentence"].str.len().gt(0).all()
    assert b["mark_start"].notna().all()
    aid = str(s["article_id"].iloc[0])
    assert memory.article_spans(aid) == store.article_spans(aid)
    assert memory.article(aid)["text"] == store.article(aid)["text"]


def test_place_and_article_rows_agree(both):
    memory, store = both
    f = Filters()
    name = memory.place_counts(f)["name"].iloc[0]
    m_rows, m_per, m_dl = memory.place_rows(f, name, limit=100_000)
    s_rows, s_per, s_dl = store.place_rows(f, name, limit=100_000)
    assert len(m_rows) == len(s_rows) and m_dl == s_dl
    assert m_per.sort_index().to_dict() == s_per.sort_index().to_dict()
    m_list, m_total = memory.articles_list(f, limit=5)
    s_list, s_total = store.articles_list(f, limit=5)
    assert m_total == s_total == SCALE_ARTICLES and len(s_list) == 5 and "text" not in s_list.columns
    day = str(memory.attention(f, "D")["day"].iloc[0].date())
    assert memory.articles_list(f, day=day)[1] == store.articles_list(f, day=day)[1] > 0
    assert len(memory.removed_noise(f)) == len(store.removed_noise(f))


def test_speaker_corrections_move_a_quote_in_both(both):
    memory, store = both
    f = Filters()
    quote = store.search_quotes(f, "", ("direct",), limit=1)[0].iloc[0]
    person = store.actors[store.actors["actor_type"] == "PERSON"]["actor"].astype(str)
    name = next(p for p in person if p != quote["speaker"])
    fix = {str(quote["quote_id"]): name}
    m = quotes_top(memory.quote_counts(f, overrides=fix), 100)
    s = quotes_top(store.quote_counts(f, overrides=fix), 100)
    pd.testing.assert_frame_equal(m, s)
    assert memory.quote_counts(f, overrides=fix)["quotes"].sum() == store.quote_counts(f)["quotes"].sum()
    before = store.quote_counts(f).set_index(["speaker", "source"])["quotes"]
    after = store.quote_counts(f, overrides=fix).set_index(["speaker", "source"])["quotes"]
    assert after.get((name, quote["source"]), 0) == before.get((name, quote["source"]), 0) + 1


def test_the_size_decides_the_path(parts_store, monkeypatch):
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert SCALE_ARTICLES < OUT_OF_CORE_FROM and not use_store_views(parts_store)
    monkeypatch.setenv(ENGINE_ENV, "store")
    assert use_store_views(parts_store)
    monkeypatch.setenv(ENGINE_ENV, "memory")
    assert not use_store_views(parts_store)


def test_exported_rows_agree(both):
    memory, store = both
    for f in _states(memory):
        for name in ("articles", "mentions", "quotes", "sentiment", "place_mentions"):
            m_rows, m_total = memory.table_rows(f, name, limit=7)
            s_rows, s_total = store.table_rows(f, name, limit=7)
            assert m_total == s_total, (name, f)
            assert len(s_rows) == min(7, s_total)
