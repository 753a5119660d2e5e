"""Analyse a corpus: per-article analysis (cached by content hash, run on an engine), then corpus tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.ingest.corpus import Article
from analysis.nlp.aliases import AliasRules
from analysis.store import engines
from analysis.store.parquet import AnalysisCache
from analysis.store.per_article import ArticleAnalysis, content_hash
from analysis.store.tables import build_tables

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EngineChoice:
    """Where per-article analysis runs: "local" (with `workers` processes) or "dask" (at `scheduler`)."""

    name: str = "local"
    workers: int = 1
    scheduler: str | object | None = None


@dataclass
class RunStats:
    articles: int = 0
    parsed: int = 0
    cached: int = 0


def analyse_articles(
    articles: Sequence[Article],
    engine: EngineChoice = EngineChoice(),
    cache: AnalysisCache | None = None,
    progress: Progress | None = None,
) -> tuple[list[ArticleAnalysis], RunStats]:
    """Per-article analyses in corpus order; only articles whose content hash is not cached are parsed."""
    keys = [content_hash(a.text, a.dateline) for a in articles]
    found: dict[str, ArticleAnalysis] = {}
    if cache is not None:
        found = {k: hit for k in set(keys) if (hit := cache.get(k)) is not None}
    todo_keys: list[str] = []
    jobs: list[engines.Job] = []
    for key, article in zip(keys, articles, strict=True):
        if key not in found and key not in todo_keys:
            todo_keys.append(key)
            jobs.append((article.text, article.dateline))
    total = len(jobs)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    if engine.name == "dask":
        if engine.scheduler is None:
            raise ValueError("the dask engine needs a scheduler address")
        fresh = engines.run_dask(jobs, engine.scheduler, tick)
    else:
        fresh = engines.run_pool(jobs, engine.workers, tick)
    for key, analysis in zip(todo_keys, fresh, strict=True):
        analysis.content_hash = key
        found[key] = analysis
        if cache is not None:
            cache.put(analysis)
    if cache is not None:
        cache.save()
    stats = RunStats(articles=len(articles), parsed=len(jobs), cached=len(articles) - len(jobs))
    return [found[k] for k in keys], stats


def analyze(
    articles: Sequence[Article],
    engine: EngineChoice = EngineChoice(),
    cache_dir: str | Path | None = None,
    aliases: AliasRules | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, pd.DataFrame], RunStats]:
    """The data contract's tables for `articles`."""
    cache = AnalysisCache(cache_dir) if cache_dir else None
    analyses, stats = analyse_articles(articles, engine, cache, progress)
    return build_tables(articles, analyses, aliases), stats
