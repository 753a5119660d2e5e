"""Shared fixtures: the real spaCy pipeline and the real seed corpus, analysed once per test session."""

from __future__ import annotations

import pytest

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CORPUS


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp.model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def places_of(nlp):
    """Place mentions of an invented text (and dateline) through the real pipeline."""
    from analysis.nlp.places import extract_place_mentions

    def run(text: str, dateline: str | None = None) -> list[dict]:
        return extract_place_mentions(nlp(text), dateline=dateline)

    return run


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis.ingest.corpus import load_corpus

    return load_corpus(DEFAULT_CORPUS)


@pytest.fixture(scope="session")
def seed_tables(seed_corpus):
    """The data contract's tables for the bundled seed corpus, from the real pipeline (no cache)."""
    from analysis.nlp.aliases import load_aliases
    from analysis.store.pipeline import analyze

    tables, _ = analyze(seed_corpus.articles, aliases=load_aliases(DEFAULT_ALIASES))
    return tables


SCALE_ARTICLES, SCALE_OUTLETS, SCALE_GROUPS = 400, 40, 5


@pytest.fixture(scope="session")
def scale_store(seed_tables, tmp_path_factory):
    """A generated corpus the size the seeds hide: 400 dated articles from 40 outlets in 5 groups, made by
    copying the analysed seed articles (as the benchmark does), written as a store the dashboard can open."""
    from analysis.store.parquet import write_tables
    from analysis.tools.synthetic import replicate_tables

    folder = tmp_path_factory.mktemp("scale-store")
    write_tables(replicate_tables(seed_tables, SCALE_ARTICLES, random_seed=3, n_sources=SCALE_OUTLETS,
                                  n_groups=SCALE_GROUPS), folder)
    return folder


@pytest.fixture(scope="session")
def scale_parts_store(seed_tables, tmp_path_factory):
    """The same generated corpus written as the partitioned store a large corpus uses (three batches, with their
    rollups), for the dashboard's out-of-core path."""
    from analysis.tools.synthetic import replicate_store

    folder = tmp_path_factory.mktemp("scale-parts-store")
    return replicate_store(seed_tables, SCALE_ARTICLES, folder, random_seed=3, n_sources=SCALE_OUTLETS,
                           n_groups=SCALE_GROUPS, chunk=150)
