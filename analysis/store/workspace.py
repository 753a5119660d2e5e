"""Analysed tables for a corpus on disk, reused from the Parquet store when nothing has changed.

The store folder is keyed by a fingerprint of the corpus files, the alias file and the pipeline version,
so reopening the dashboard on the same corpus reads Parquet and never runs spaCy again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis import PIPELINE_VERSION
from analysis.ingest.corpus import Corpus, load_corpus
from analysis.nlp.aliases import load_aliases
from analysis.store.parquet import AnalysisCache, read_table, table_path, write_tables
from analysis.store.pipeline import analyse_articles, analyze
from analysis.store.tables import TABLES, build_tables

log = logging.getLogger(__name__)

PROBLEM_COLUMNS = ["file", "reason", "severity"]
ALL_TABLES = (*TABLES, "problems")


@dataclass
class Workspace:
    tables: dict[str, pd.DataFrame]
    fingerprint: str
    from_store: bool


def fingerprint(corpus_dir: Path, aliases: Path | None) -> str:
    """Hash of every file's name and bytes in the corpus folder, the alias file and the pipeline version."""
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    paths = sorted(p for p in corpus_dir.rglob("*") if p.is_file()) if corpus_dir.is_dir() else [corpus_dir]
    for path in [*paths, *([aliases] if aliases and aliases.exists() else [])]:
        digest.update(str(path.relative_to(path.anchor)).encode())
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def problems_table(corpus: Corpus) -> pd.DataFrame:
    return pd.DataFrame([{"file": p.file, "reason": p.reason, "severity": p.severity} for p in corpus.problems],
                        columns=PROBLEM_COLUMNS)


def read_store(store: str | Path, lean: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of a store written by `analyze --out` (single files or partitions).

    `lean=True` is how the dashboard reads it (see `store.read_table`).
    """
    if lean:
        # The system allocator returns freed memory to the OS; Arrow's default pool keeps it for reuse.
        pa.set_memory_pool(pa.system_memory_pool())
    out = {}
    for name in ALL_TABLES:
        if table_path(store, name) is not None:
            out[name] = read_table(store, name, lean=lean)
    out.setdefault("problems", pd.DataFrame(columns=PROBLEM_COLUMNS))
    if "articles" in out:
        for col in ("group", "published_from", "author"):
            if col not in out["articles"].columns:
                out["articles"][col] = ""
    return out


def open_corpus(
    corpus_dir: str | Path,
    store_root: str | Path,
    cache_dir: str | Path | None,
    aliases: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Workspace:
    """Tables for a corpus folder: from the store when the fingerprint matches, else analysed and stored."""
    corpus_dir = Path(corpus_dir)
    alias_path = Path(aliases) if aliases else None
    key = fingerprint(corpus_dir, alias_path)
    store = Path(store_root) / key
    if all(table_path(store, name) is not None for name in ALL_TABLES):
        try:
            return Workspace(read_store(store, lean=True), key, from_store=True)
        except Exception as exc:  # a damaged store is analysed again and overwritten, never a crash
            log.warning("store at %s is unreadable (%s); rebuilding it", store, exc)
    corpus = load_corpus(corpus_dir)
    rules = load_aliases(alias_path) if alias_path and alias_path.exists() else None
    tables, _ = analyze(corpus.articles, cache_dir=cache_dir, aliases=rules, progress=progress)
    tables["problems"] = problems_table(corpus)
    write_tables(tables, store)
    return Workspace(tables, key, from_store=False)


@dataclass
class SessionCorpus:
    """A corpus analysed for one user's session: its own articles, their analyses and its alias rules."""

    label: str
    articles: list
    analyses: list
    problems: pd.DataFrame
    tables: dict[str, pd.DataFrame]


def analyse_session_corpus(
    label: str,
    corpus: Corpus,
    aliases_text: str | None = None,
    cache_dir: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SessionCorpus:
    """Analyse a corpus for one session; `cache_dir` only for the shared bundled corpus, never for uploads."""
    cache = AnalysisCache(cache_dir) if cache_dir else None
    analyses, _ = analyse_articles(corpus.articles, cache=cache, progress=progress)
    parsed = SessionCorpus(label, list(corpus.articles), analyses, problems_table(corpus), {})
    return with_aliases(parsed, aliases_text)


def add_to_session(session: SessionCorpus | None, corpus: Corpus, aliases_text: str | None = None,
                   progress: Callable[[int, int], None] | None = None) -> SessionCorpus:
    """The session's corpus with more articles (fetched pages, a second upload): only the new ones are parsed."""
    if session is None:
        return analyse_session_corpus("uploads", corpus, aliases_text, progress=progress)
    analyses, _ = analyse_articles(corpus.articles, progress=progress)
    problems = pd.concat([session.problems, problems_table(corpus)], ignore_index=True)
    grown = replace(session, articles=[*session.articles, *corpus.articles],
                    analyses=[*session.analyses, *analyses], problems=problems)
    return with_aliases(grown, aliases_text)


def with_aliases(session: SessionCorpus, aliases_text: str | None) -> SessionCorpus:
    """The same session corpus with other alias rules: tables rebuilt, nothing parsed again."""
    rules = load_aliases(aliases_text) if aliases_text else None
    tables = build_tables(session.articles, session.analyses, rules)
    tables["problems"] = session.problems
    return replace(session, tables=tables)
