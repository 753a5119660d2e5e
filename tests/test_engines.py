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


@pytest.fixture(scope="module")
def local_store(nlp, small_corpus_dir, tmp_path_factory) -> Path:
    """The small corpus analysed into a store in batches of two files, in this process."""
    from analysis.store.streaming import analyse_into_store

    out = tmp_path_factory.mktemp("local-store")
    stats = analyse_into_store(small_corpus_dir, out, aliases=DEFAULT_ALIASES, batch_files=2)
    assert (stats.batches, stats.written, stats.parsed) == (2, 2, N_ARTICLES)
    return out


def test_dask_cli_writes_the_store_the_local_run_writes(cluster, small_corpus_dir, local_store, tmp_path) -> None:
    from analysis.store.layout import BATCHED
    from analysis.store.workspace import read_store

    out = tmp_path / "dask-store"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "analyze", str(small_corpus_dir), "--engine", "dask",
         "--scheduler", cluster.scheduler_address, "--batch", "2", "--out", str(out), "--no-cache", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in BATCHED:
        assert [p.name for p in (out / name).glob("part-*.parquet")] == \
            [p.name for p in (local_store / name).glob("part-*.parquet")], name
    got, want = read_store(out), read_store(local_store)
    assert len(got["articles"]) == N_ARTICLES
    _assert_same_tables(got, want)


def test_a_run_cut_short_resumes_with_the_missing_batch_only(nlp, small_corpus_dir, local_store, tmp_path) -> None:
    import shutil

    from analysis.store.streaming import analyse_into_store
    from analysis.store.workspace import read_store

    out = tmp_path / "store"
    shutil.copytree(local_store, out)
    last = sorted((out / "articles").glob("part-*.parquet"))[-1]
    last.unlink()  # the run stopped before the last batch's articles were written
    stats = analyse_into_store(small_corpus_dir, out, aliases=DEFAULT_ALIASES, batch_files=2)
    assert (stats.written, stats.skipped, stats.parsed) == (1, 1, 2)
    _assert_same_tables(read_store(out), read_store(local_store))
    again = analyse_into_store(small_corpus_dir, out, aliases=DEFAULT_ALIASES, batch_files=2)
    assert (again.written, again.skipped, again.parsed) == (0, 2, 0)


def test_new_articles_add_a_batch_and_leave_the_written_ones(nlp, small_corpus_dir, local_store, seed_corpus,
                                                             tmp_path) -> None:
    import shutil

    from analysis.store.streaming import analyse_into_store
    from analysis.store.workspace import read_store
    from analysis.tools.synthetic import synthetic_articles

    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus_dir, corpus)
    out = tmp_path / "store"
    shutil.copytree(local_store, out)
    before = {p: p.stat().st_mtime_ns for p in out.glob("*/part-*.parquet")}
    extra = synthetic_articles(seed_corpus.articles, 1, random_seed=11, paragraphs=(2, 3))[0]
    (corpus / "zz-new.txt").write_text(extra.text, encoding="utf-8")
    stats = analyse_into_store(corpus, out, aliases=DEFAULT_ALIASES, batch_files=2)
    assert (stats.batches, stats.written, stats.skipped, stats.parsed) == (3, 1, 2, 1)
    assert {p: p.stat().st_mtime_ns for p in before} == before
    tables = read_store(out)
    assert len(tables["articles"]) == N_ARTICLES + 1
    assert tables["actors"]["actor_id"].is_unique
    assert set(tables["mentions"]["actor_id"].dropna()) <= set(tables["actors"]["actor_id"])


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


def test_a_changed_file_redoes_its_batch_only(nlp, small_corpus_dir, local_store, seed_corpus, tmp_path) -> None:
    import shutil

    from analysis.store.streaming import analyse_into_store
    from analysis.store.workspace import read_store
    from analysis.tools.synthetic import synthetic_articles

    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus_dir, corpus)
    out = tmp_path / "store"
    shutil.copytree(local_store, out)
    first = sorted(p for p in corpus.glob("*.txt"))[0]
    first.write_text(synthetic_articles(seed_corpus.articles, 1, random_seed=12, paragraphs=(2, 3))[0].text,
                     encoding="utf-8")
    stats = analyse_into_store(corpus, out, aliases=DEFAULT_ALIASES, batch_files=2)
    assert (stats.written, stats.skipped, stats.parsed) == (1, 1, 2)
    assert len(list((out / "articles").glob("part-*.parquet"))) == 2
    tables = read_store(out)
    assert len(tables["articles"]) == N_ARTICLES
    assert set(tables["mentions"]["actor_id"].dropna()) <= set(tables["actors"]["actor_id"])
    assert (tables["actors"]["mentions"] > 0).all()
