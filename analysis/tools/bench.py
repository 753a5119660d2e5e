"""Benchmarks: analysis cost against spaCy's parse alone, incremental re-analysis, and view latency/memory.

`python -m analysis bench` runs them all. Timings of whole runs are taken in fresh processes so that model
loading and imports count the same on both sides of a ratio. The last line of `--json` output is one JSON
object, so scripts can read it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE, ROOT

BENCH_CACHE = ROOT / ".cache" / "bench"
SLOW_VIEW_S = 20.0
"""A view slower than this on its first (unfiltered) call is timed once, not for every filter state."""
PARSE_ONLY = """
import sys
from analysis.ingest.corpus import load_corpus
from analysis.nlp.model import load_nlp
texts = [a.text for a in load_corpus(sys.argv[1]).articles]
nlp = load_nlp()
n = sum(len(doc) for doc in nlp.pipe(texts))
print(n, file=sys.stderr)
"""


ANALYZE_RSS = """
import sys
from analysis.tools.bench import peak_rss_mb
from analysis.tools.cli import main
main(sys.argv[1:])
print(peak_rss_mb(), file=sys.stderr)
"""


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    `/proc/self/status` VmHWM belongs to this program's own memory map; `ru_maxrss` would also count the
    parent that started it (a benchmark parent that has just built a large store), since Linux carries the
    old image's peak across `exec`.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def analysis_peak_rss_mb(corpus: Path, out: Path) -> float:
    """Peak memory of one analysing process (spaCy, gazetteer and the sentiment model loaded), in MB."""
    cmd = [_python(), "-c", ANALYZE_RSS, "analyze", str(corpus), "--out", str(out), "--no-cache", "--quiet"]
    done = subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return float(done.stderr.strip().splitlines()[-1])


def _python() -> str:
    return sys.executable


def _timed(cmd: Sequence[str]) -> float:
    """Wall time of a fresh process, which must succeed."""
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def synthetic_corpus_dir(n: int, random_seed: int = 0) -> Path:
    """A folder of `n` synthetic articles built from the seed paragraphs (built once, then reused)."""
    from analysis.ingest.corpus import load_corpus
    from analysis.tools.synthetic import synthetic_articles, write_corpus

    folder = BENCH_CACHE / f"corpus-{n}-{random_seed}"
    if not (folder / "manifest.csv").exists():
        seed = load_corpus(DEFAULT_CORPUS).articles
        write_corpus(synthetic_articles(seed, n, random_seed=random_seed), folder)
    return folder


def bench_analysis(n: int, repeat: int = 3, workers: Sequence[int] = (1, 2)) -> dict:
    """Wall time of `analyze` (no cache) against a process that only loads the pipeline and runs nlp.pipe."""
    corpus = synthetic_corpus_dir(n)
    parse_cmd = [_python(), "-c", PARSE_ONLY, str(corpus)]
    runs: dict[str, list[float]] = {"parse_only": []}
    for _ in range(repeat):
        runs["parse_only"].append(_timed(parse_cmd))
        for w in workers:
            # A new store each run: a store that has the batches already would skip them (resume).
            out = Path(tempfile.mkdtemp(prefix="bench-out-"))
            cmd = [_python(), "-m", "analysis", "analyze", str(corpus), "--out", str(out), "--no-cache",
                   "--quiet", "--workers", str(w)]
            runs.setdefault(f"analyze_w{w}", []).append(_timed(cmd))
            shutil.rmtree(out, ignore_errors=True)
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    medians = {k: statistics.median(v) for k, v in runs.items()}
    base = medians["parse_only"]
    return {
        "articles": n,
        "chars": sum(p.stat().st_size for p in corpus.glob("*.txt")),
        "seconds": {k: round(v, 2) for k, v in medians.items()},
        "ratios": {k: round(v / base, 3) for k, v in medians.items() if k != "parse_only"},
        "runs": {k: [round(x, 2) for x in v] for k, v in runs.items()},
        "worker_peak_rss_mb": analysis_peak_rss_mb(corpus, out),
    }


def bench_incremental(n: int = 8) -> dict:
    """Analyse `n` synthetic articles, then the same plus one new article: the second run parses one."""
    from analysis.ingest.corpus import load_corpus
    from analysis.store.pipeline import analyze
    from analysis.tools.synthetic import synthetic_articles

    seed = load_corpus(DEFAULT_CORPUS).articles
    articles = synthetic_articles(seed, n + 1, random_seed=7)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        t0 = time.perf_counter()
        _, first = analyze(articles[:n], cache_dir=cache)
        t1 = time.perf_counter()
        _, second = analyze(articles, cache_dir=cache)
        t2 = time.perf_counter()
    return {
        "first": {"articles": first.articles, "parsed": first.parsed, "cached": first.cached,
                  "seconds": round(t1 - t0, 2)},
        "second": {"articles": second.articles, "parsed": second.parsed, "cached": second.cached,
                   "seconds": round(t2 - t1, 2)},
    }


def seed_tables() -> dict[str, pd.DataFrame]:
    """The bundled corpus analysed, from the store when present (as the dashboard gets it)."""
    from analysis.store.workspace import open_corpus

    return open_corpus(DEFAULT_CORPUS, DEFAULT_STORE, DEFAULT_CACHE, DEFAULT_ALIASES).tables


def base_tables(source: str | Path | None) -> dict[str, pd.DataFrame]:
    """Tables to replicate: an analysed store when given, else the bundled corpus."""
    from analysis.store.workspace import read_store

    return read_store(source) if source else seed_tables()


def replicated_store(n: int, random_seed: int = 0, source: str | Path | None = None) -> tuple[Path, float | None]:
    """A partitioned store of analysed tables replicated to `n` articles, built once per source and reused;
    with the seconds the build took when it was built now."""
    from analysis.tools.synthetic import replicate_store

    origin = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:8] if source else "seed"
    folder = BENCH_CACHE / f"parts-{origin}-{n}-{random_seed}"
    if (folder / "actors.parquet").exists():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    replicate_store(base_tables(source), n, folder, random_seed=random_seed)
    return folder, round(time.perf_counter() - started, 1)


def filter_changes(tables: dict[str, pd.DataFrame]) -> list:
    """Filter states a user moves between: two sources, one actor, a source and an actor, everything."""
    from analysis.views.queries import Filters

    sources = tables["articles"]["source"].value_counts().index.tolist()
    actors = tables["actors"].sort_values("mentions", ascending=False)["actor"].tolist()
    return [
        Filters(sources=tuple(sources[:2])),
        Filters(actors=(actors[0],)),
        Filters(sources=(sources[0],), actors=tuple(actors[:2])),
        Filters(min_mentions=3),
        Filters(),
    ]


def views() -> dict[str, Callable]:
    """Each page's data after a filter change, computed with the functions the page calls."""
    from analysis.views import queries

    def overview(tables, f):
        view = queries.filtered(tables, f)
        return (queries.articles_per_source(view["articles"]), queries.actor_counts(view["mentions"], top=10),
                view["mentions"]["actor"].nunique(), queries.place_counts(view["place_mentions"]))

    def actors(tables, f):
        m = queries.filtered(tables, f)["mentions"]
        counts = queries.actor_counts(m, top=15)
        return counts, queries.share_of_voice(m), queries.cooccurrence(m), m["actor"].value_counts()

    def quotes(tables, f):
        q = queries.filtered(tables, f)["quotes"]
        return queries.quote_counts(q), queries.search_quotes(q, "ceasefire", ("direct",))

    def sentiment(tables, f):
        from analysis.views.sentiment_stats import summarise

        s = queries.filtered(tables, f)["sentiment"]
        if s.empty:
            return s
        keep = s["actor"].value_counts().index[:12]
        return summarise(s[s["actor"].isin(keep)], by=("source", "actor"), min_n=3)

    def places(tables, f):
        pm = queries.filtered(tables, f)["place_mentions"]
        shown = tables["places"][tables["places"]["place_id"].isin(pm["place_id"].unique())]
        counts = pm.groupby(["place_id", "name"], as_index=False).agg(mentions=("start", "size"),
                                                                      sources=("source", "nunique"))
        return shown, counts, queries.place_counts(pm)

    return {"overview": overview, "actors": actors, "quotes": quotes, "sentiment": sentiment,
            "places": places}


def store_views() -> dict[str, Callable]:
    """The same pages' data computed out of core, with the calls the pages make on a large store."""
    from analysis.views.counts import counts_top, quotes_top, share_from_counts

    def overview(sv, f):
        counts = sv.mention_counts(f)
        return (sv.articles_per_source(f), counts_top(counts, 10), counts["actor"].nunique(), sv.place_counts(f))

    def actors(sv, f):
        counts = sv.mention_counts(f)
        return (counts_top(counts, 15), share_from_counts(counts, 10), sv.cooccurrence(f, counts=counts),
                counts.groupby("actor")["mentions"].sum())

    def quotes(sv, f):
        return quotes_top(sv.quote_counts(f), 15), sv.search_quotes(f, "ceasefire", ("direct",))

    def sentiment(sv, f):
        return sv.sentiment_summary(f, top=12, min_n=3)

    def places(sv, f):
        counts = sv.place_counts(f)
        shown = sv.places[sv.places["place_id"].isin(counts["place_id"])]
        per_place = counts.groupby(["place_id", "name"], as_index=False).agg(mentions=("mentions", "sum"),
                                                                             sources=("source", "nunique"))
        return shown, per_place, counts

    def evidence(sv, f):
        counts = sv.mention_counts(f)
        if counts.empty:
            return counts
        top = counts_top(counts, 1)
        rows = sv.mention_rows(f, actors=[top["actor"].iloc[0]])
        return sv.sentences_for(rows, highlight=rows)

    return {"overview": overview, "actors": actors, "quotes": quotes, "sentiment": sentiment,
            "places": places, "evidence": evidence}


def run_store_views(store: str | Path, repeat: int = 3) -> dict:
    """In this process: open the store as the dashboard opens a large one (out of core), time every view."""
    from analysis.views.out_of_core import StoreViews
    from analysis.views.queries import Filters

    t0 = time.perf_counter()
    sv = StoreViews(store)
    read_s = time.perf_counter() - t0
    sources = sv.sources["source"].astype(str).tolist()
    actors = sv.actors.sort_values("mentions", ascending=False)["actor"].astype(str).tolist()
    changes = [Filters(sources=tuple(sources[:2])), Filters(actors=(actors[0],)),
               Filters(sources=(sources[0],), actors=tuple(actors[:2])), Filters(min_mentions=3), Filters()]
    timings = _time_views(store_views(), sv, changes, repeat)
    return {
        "engine": "store",
        "articles": sv.n_articles,
        "read_store_s": round(read_s, 2),
        **timings,
        "peak_rss_mb": peak_rss_mb(),
    }


def _time_views(views_by_name: dict[str, Callable], data, changes: list, repeat: int) -> dict:
    """Median and max ms per view over every filter state, `repeat` times, after one unfiltered warm-up."""
    timings: dict[str, list[float]] = {}
    too_slow: dict[str, float] = {}
    for name, view in views_by_name.items():
        started = time.perf_counter()
        view(data, changes[-1])
        first = time.perf_counter() - started
        if first > SLOW_VIEW_S:
            too_slow[name] = round(first, 1)
            timings[name] = [first * 1000]
            continue
        for _ in range(repeat):
            for f in changes:
                started = time.perf_counter()
                view(data, f)
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return {
        "views_ms": {k: round(statistics.median(v), 1) for k, v in timings.items()},
        "views_max_ms": {k: round(max(v), 1) for k, v in timings.items()},
        "not_repeated_s": too_slow,
    }


def run_views(store: str | Path, repeat: int = 3) -> dict:
    """In this process: read the store as the dashboard does, time every view, report peak memory."""
    from analysis.store.workspace import read_store

    t0 = time.perf_counter()
    tables = read_store(store, lean=True)
    read_s = time.perf_counter() - t0
    changes = filter_changes(tables)
    timings = _time_views(views(), tables, changes, repeat)
    return {
        "engine": "memory",
        "articles": len(tables["articles"]),
        "rows": {k: len(v) for k, v in tables.items()},
        "read_store_s": round(read_s, 2),
        **timings,
        "peak_rss_mb": peak_rss_mb(),
    }


def bench_views(n: int, repeat: int = 3, source: str | Path | None = None, engine: str = "auto") -> dict:
    """Views at `n` replicated articles, measured in a fresh process (so peak RSS is the dashboard's).

    `engine`: "auto" takes the path the dashboard takes for a store of that size; "memory" or "store" force one.
    """
    store, built_s = replicated_store(n, source=source)
    cmd = [_python(), "-m", "analysis.tools.bench", "--views-store", str(store), "--repeat", str(repeat),
           "--engine", engine, "--json"]
    done = subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["store"] = str(store)
    if built_s is not None:
        result["store_built_s"] = built_s
    return result


def _print(title: str, result: dict) -> None:
    print(f"## {title}")
    for key, value in result.items():
        print(f"  {key}: {value}")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis bench", description=__doc__)
    p.add_argument("--analysis", type=int, metavar="N", help="analysis cost on N synthetic articles")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts for --analysis")
    p.add_argument("--incremental", action="store_true", help="re-analyse a corpus with one new article")
    p.add_argument("--views-at", type=int, nargs="+", metavar="N", help="views on N replicated articles")
    p.add_argument("--from-store", metavar="DIR",
                   help="with --views-at: replicate this analysed store instead of the bundled corpus")
    p.add_argument("--engine", choices=("auto", "memory", "store"), default="auto",
                   help="with --views-at: the views' path; auto takes the dashboard's choice for each size")
    p.add_argument("--views-store", help=argparse.SUPPRESS)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json", action="store_true", help="print the results as one JSON object, last line")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.views_store:
        from analysis.views.out_of_core import use_store_views

        out_of_core = args.engine == "store" or (args.engine == "auto" and use_store_views(args.views_store))
        run = run_store_views if out_of_core else run_views
        print(json.dumps(run(args.views_store, args.repeat)))
        return 0
    if not (args.analysis or args.incremental or args.views_at):
        args.analysis, args.incremental, args.views_at = 200, True, [10_000, 100_000]
    results: dict = {"cpus": os.cpu_count()}
    if args.incremental:
        results["incremental"] = bench_incremental()
    if args.views_at:
        per_n = {n: bench_views(n, args.repeat, args.from_store, args.engine) for n in args.views_at}
        results["views"] = {str(n): r for n, r in per_n.items()}
        if len(per_n) == 1:
            only = next(iter(per_n.values()))
            results.update({k: only[k] for k in ("views_ms", "views_max_ms", "peak_rss_mb", "articles")})
    if args.analysis:
        results["analysis"] = bench_analysis(args.analysis, args.repeat, args.workers)
    if not args.json:
        for key, value in results.items():
            if isinstance(value, dict):
                _print(key, value)
            else:
                print(f"{key}: {value}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
