"""Where per-article analysis runs: in this process, in a local process pool, or on a Dask cluster.

Each engine maps the same pure function, `analyse_batch`, over batches of (text, dateline) pairs; each
worker loads the spaCy pipeline once. Results come back as small `ArticleAnalysis` rows, never Docs.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from analysis.nlp.model import load_nlp
from analysis.store.per_article import UNUSED_PIPES, ArticleAnalysis, analyse_doc

BATCH_SIZE = 32
MIN_BATCH = 4
Job = tuple[str, str | None]
Progress = Callable[[int], None]


def analyse_batch(jobs: Sequence[Job]) -> list[ArticleAnalysis]:
    """Parse a batch with `nlp.pipe` and analyse each Doc; the worker's pipeline is loaded once."""
    nlp = load_nlp()
    texts = (text for text, _ in jobs)
    docs = nlp.pipe(texts, batch_size=BATCH_SIZE, disable=list(UNUSED_PIPES))
    return [analyse_doc(doc, dateline) for doc, (_, dateline) in zip(docs, jobs, strict=True)]


def _batches(jobs: Sequence[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while batch := list(islice(it, size)):
        yield batch


def run_local(jobs: Sequence[Job], progress: Progress | None = None) -> list[ArticleAnalysis]:
    """Analyse in this process, in batches so progress can be reported."""
    out: list[ArticleAnalysis] = []
    for batch in _batches(jobs, BATCH_SIZE):
        out.extend(analyse_batch(batch))
        if progress:
            progress(len(batch))
    return out


def warm() -> None:
    """Load everything per-article analysis reads: the pipeline, the gazetteer and the sentiment model."""
    from analysis.nlp.gazetteer import get_gazetteer
    from analysis.nlp.sentiment import load_model

    load_nlp()
    get_gazetteer()
    load_model()


def balanced_size(n_jobs: int, workers: int) -> int:
    """Batch size giving each worker about four batches, so no worker idles long at the end of a run."""
    return max(MIN_BATCH, min(BATCH_SIZE, -(-n_jobs // (workers * 4))))


def run_pool(jobs: Sequence[Job], workers: int, progress: Progress | None = None) -> list[ArticleAnalysis]:
    """Analyse in `workers` processes; batches keep their order so results line up with `jobs`."""
    if workers <= 1 or len(jobs) <= MIN_BATCH:
        return run_local(jobs, progress)
    size = balanced_size(len(jobs), workers)
    out: list[ArticleAnalysis] = []
    # Loaded once here and inherited by forked workers (copy-on-write) instead of loaded once per worker;
    # this process needs the gazetteer for the corpus tables anyway.
    warm()
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, initializer=warm, mp_context=context) as pool:
        for batch, result in zip(
            _batches(jobs, size), pool.map(analyse_batch, _batches(jobs, size)), strict=True
        ):
            out.extend(result)
            if progress:
                progress(len(batch))
    return out


def run_dask(
    jobs: Sequence[Job], scheduler: str | object, progress: Progress | None = None
) -> list[ArticleAnalysis]:
    """Analyse on a Dask distributed cluster: `scheduler` is an address ("tcp://host:8786") or a Client.

    Each worker process loads the pipeline once (it is cached per process by `load_nlp`).
    """
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        slots = sum(client.nthreads().values()) or 1
        batches = list(_batches(jobs, balanced_size(len(jobs), slots)))
        futures = client.map(analyse_batch, batches, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[list[ArticleAnalysis] | None] = [None] * len(batches)
        for future in as_completed(futures):
            i = index[future.key]
            results[i] = future.result()
            if progress:
                progress(len(batches[i]))
        return [a for batch in results for a in (batch or [])]
    finally:
        if client is not scheduler:
            client.close()
