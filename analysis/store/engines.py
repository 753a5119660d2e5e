"""Where per-article analysis runs: in this process, in a local process pool, or on a Dask cluster.

Each engine maps the same pure function, `analyse_batch`, over batches of (text, dateline) pairs; each
worker loads the spaCy pipeline once. Results come back as small `ArticleAnalysis` rows, never Docs.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from analysis.nlp.model import load_nlp
from analysis.store.per_article import UNUSED_PIPES, ArticleAnalysis, analyse_doc

BATCH_SIZE = 32
MIN_BATCH = 4
PIPE_BATCH = 8
"""Documents spaCy parses together: larger batches are not faster on CPU but raise a worker's peak memory."""
Job = tuple[str, str | None]
Progress = Callable[[int], None]


def analyse_batch(jobs: Sequence[Job]) -> list[ArticleAnalysis]:
    """Parse a batch with `nlp.pipe` and analyse each Doc; the worker's pipeline is loaded once."""
    nlp = load_nlp()
    texts = (text for text, _ in jobs)
    docs = nlp.pipe(texts, batch_size=PIPE_BATCH, disable=list(UNUSED_PIPES))
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


def warm(sentiment: bool = True) -> None:
    """Load everything per-article analysis reads: the pipeline, the gazetteer and the sentiment model."""
    from analysis.nlp.gazetteer import get_gazetteer
    from analysis.nlp.sentiment import SentimentModelError, load_model

    load_nlp()
    get_gazetteer()
    if sentiment:
        with contextlib.suppress(SentimentModelError):  # reported per article; the rest still runs
            load_model()


def warm_worker() -> None:
    """A pool worker: one inference thread per process (the workers share the cores), and its own model
    session, since an ONNX session's thread pool does not survive a fork."""
    from analysis.nlp.sentiment import THREADS_ENV, load_model

    os.environ[THREADS_ENV] = "1"
    load_model.cache_clear()
    warm()


def balanced_size(n_jobs: int, workers: int) -> int:
    """Batch size giving each worker about four batches, so no worker idles long at the end of a run."""
    return max(MIN_BATCH, min(BATCH_SIZE, -(-n_jobs // (workers * 4))))


def _start_method() -> str:
    """Fork, so workers share the loaded pipeline and gazetteer copy-on-write; but spawn once this process
    runs an ONNX session, whose threads may hold locks a forked child would wait on forever."""
    from analysis.nlp.sentiment import load_model

    if "fork" in mp.get_all_start_methods() and load_model.cache_info().currsize == 0:
        return "fork"
    return "spawn"


def run_pool(jobs: Sequence[Job], workers: int, progress: Progress | None = None) -> list[ArticleAnalysis]:
    """Analyse in `workers` processes; batches keep their order so results line up with `jobs`."""
    if workers <= 1 or len(jobs) <= MIN_BATCH:
        return run_local(jobs, progress)
    size = balanced_size(len(jobs), workers)
    out: list[ArticleAnalysis] = []
    # Loaded once here and inherited by forked workers (copy-on-write) instead of loaded once per worker;
    # this process needs the gazetteer for the corpus tables anyway.
    warm(sentiment=False)
    context = mp.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=workers, initializer=warm_worker, mp_context=context) as pool:
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
