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
