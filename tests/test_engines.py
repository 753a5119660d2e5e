"""Engines give the same tables wherever the per-article analysis runs; the cache parses only what is new."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.paths import DEFAULT_ALIASES, ROOT

N_ARTICLES = 4


@pytest.fixture(scope="module")
def small_corpus_dir(tmp_path_factory, seed_corpus) -> Path:
    """A few synthetic articles on disk (recombined seed paragraphs), small enough to parse quickly."""
    from analysis.tools.synthetic import synthetic_articles, write_corpus

    articles = synthetic_articles(seed_corpus.articles, N_ARTICLES, random_seed=3, paragraphs=(3, 5))
    return write_corpus(articles, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def small_articles(small_corpus_dir):
    from analysis.ingest.corpus import load_corpus

    return load_corpus(small_corpus_dir).articles


@pytest.fixture(scope="module")
def aliases():
    from analysis.nlp.aliases import load_aliases

    return load_aliases(DEFAULT_ALIASES) if DEFAULT_ALIASES.exists() else None


@pytest.fixture(scope="module")
def local_tables(nlp, small_articles, aliases):
    from analysis.store.pipeline import analyze

    tables, stats = analyze(small_articles, aliases=aliases)
    assert stats.parsed == N_ARTICLES
    return tables


@pytest.fixture(scope="module")
def cluster(nlp):
    """One in-process Dask worker reachable over TCP, so a subprocess can use it too."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


def _canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order and list-like cells as tuples, so equal tables compare equal."""
    def plain(v):
        return tuple(plain(x) for x in v) if isinstance(v, list | tuple | np.ndarray) else v

    out = df.map(plain) if len(df) else df
    order = out.astype(str).sort_values(list(out.columns)).index
    return out.loc[order].reset_index(drop=True)


def _assert_same_tables(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    assert set(want) <= set(got)
    for name, expected in want.items():
        pd.testing.assert_frame_equal(_canonical(got[name]), _canonical(expected), check_dtype=False,
                                      obj=name)


def test_dask_engine_matches_local_engine(cluster, small_articles, aliases, local_tables) -> None:
    from distributed import Client

    from analysis.store.pipeline import EngineChoice, analyze

    seen: list[tuple[int, int]] = []
    with Client(cluster) as client:
        tables, stats = analyze(small_articles, engine=EngineChoice("dask", scheduler=client),
                                aliases=aliases, progress=lambda done, total: seen.append((done, total)))
    assert stats.parsed == N_ARTICLES
    assert seen and seen[-1] == (N_ARTICLES, N_ARTICLES)
    assert len(tables["mentions"]) > 0
    _assert_same_tables(tables, local_tables)


def test_dask_cli_writes_partitioned_store_the_dashboard_reads(cluster, small_corpus_dir, small_articles,
                                                                local_tables, tmp_path) -> None:
    from analysis.store.parquet import write_tables
    from analysis.store.workspace import read_store

    out = tmp_path / "dask-store"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "analyze", str(small_corpus_dir), "--engine", "dask",
         "--scheduler", cluster.scheduler_address, "--partitions", "3", "--out", str(out), "--no-cache",
         "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((out / "mentions").glob("part-*.parquet"))) == 3
    local_store = write_tables(local_tables, tmp_path / "local-store")
    got, want = read_store(out), read_store(local_store)
    want.pop("problems")
    assert len(got["articles"]) == len(small_articles)
    _assert_same_tables(got, want)


def test_pool_engine_keeps_corpus_order(nlp, seed_corpus) -> None:
    from analysis.store.engines import analyse_batch, run_pool

    jobs = [(a.text, a.dateline) for a in seed_corpus.articles]
    pooled = run_pool(jobs * 8, workers=2)
    single = analyse_batch(jobs)
    assert [len(a.mentions) for a in pooled] == [len(a.mentions) for a in single] * 8
    assert [a.sentences for a in pooled[-len(jobs):]] == [a.sentences for a in single]


def test_one_new_article_parses_one_article(nlp, seed_corpus, tmp_path) -> None:
    from analysis.store.pipeline import analyze
    from analysis.tools.synthetic import synthetic_articles

    articles = synthetic_articles(seed_corpus.articles, 4, random_seed=11, paragraphs=(2, 4))
    cache = tmp_path / "cache"
    first_tables, first = analyze(articles[:3], cache_dir=cache)
    assert (first.parsed, first.cached) == (3, 0)
    tables, second = analyze(articles, cache_dir=cache)
    assert (second.articles, second.parsed, second.cached) == (4, 1, 3)
    old = tables["mentions"][tables["mentions"]["article_id"].isin([a.article_id for a in articles[:3]])]
    assert len(old) == len(first_tables["mentions"])
    _, again = analyze(articles, cache_dir=cache)
    assert again.parsed == 0
