"""Command line: `python -m analysis analyze|bench|eval ...`."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS

EVALUATIONS = {
    "actors": "analysis.tools.evaluate_actors",
    "quotes": "analysis.tools.evaluate_quotes",
    "places": "analysis.tools.evaluate_places",
    "sentiment": "analysis.tools.evaluate_sentiment",
    "extraction": "analysis.tools.evaluate_extraction",
}


def _analyze(args: argparse.Namespace) -> int:
    import pandas as pd
    from tqdm import tqdm

    from analysis.store.layout import BATCH_FILES
    from analysis.store.pipeline import EngineChoice
    from analysis.store.streaming import analyse_into_store

    started = time.perf_counter()
    if not Path(args.path).exists():
        print(f"error: {args.path}: no such file or folder", file=sys.stderr)
        return 1
    engine = EngineChoice(name=args.engine, workers=args.workers, scheduler=args.scheduler)
    bar = tqdm(unit="file", desc="analysing", file=sys.stderr, disable=args.quiet or None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    stats = analyse_into_store(args.path, args.out, engine=engine, aliases=args.aliases,
                               batch_files=args.batch or BATCH_FILES, cache_dir=None if args.no_cache else args.cache,
                               progress=progress)
    bar.close()
    problems = pd.read_parquet(Path(args.out) / "problems.parquet")
    for row in problems.itertuples(index=False):
        print(f"{row.severity}: {row.file}: {row.reason}", file=sys.stderr)
    if stats.written == 0 and stats.skipped == 0:
        print(f"error: {args.path}: no readable articles", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"{stats.batches} batch(es): {stats.written} written, {stats.skipped} already in the store; "
          f"{stats.articles} articles analysed ({stats.parsed} parsed, {stats.cached} from cache) in "
          f"{elapsed:.1f} s -> {args.out}", file=sys.stderr)
    return 0


def _compact(args: argparse.Namespace) -> int:
    from analysis.store.layout import ROWS_PER_FILE, compact

    for name, (before, after) in compact(args.store, rows_per_file=args.rows or ROWS_PER_FILE).items():
        print(f"{name}: {before} part(s) -> {after}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    module = importlib.import_module(EVALUATIONS[args.what])
    return int(module.main(args.rest) or 0)


SHOW_COLUMNS = {
    "actors": ["actor", "actor_type", "mentions", "articles", "sources", "aliases"],
    "quotes": ["speaker", "source", "kind", "cue", "text"],
    "places": ["name", "feature", "country_code", "lat", "lon", "mentions", "sources"],
    "articles": ["article_id", "source", "published", "n_words", "title"],
    "problems": ["file", "severity", "reason"],
}


def _show(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.store.parquet import read_table

    df = read_table(args.store, args.table)
    if "mentions" in df.columns:
        df = df.sort_values("mentions", ascending=False, kind="stable")
    cols = [c for c in SHOW_COLUMNS.get(args.table, list(df.columns)) if c in df.columns]
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        print(df[cols].head(args.top).to_string(index=False))
    return 0


def _replicate(args: argparse.Namespace) -> int:
    from analysis.store.workspace import read_store
    from analysis.tools.bench import seed_tables
    from analysis.tools.synthetic import replicate_store

    base = read_store(args.source) if args.source else seed_tables()
    replicate_store(base, args.articles, args.out, random_seed=args.seed, n_sources=args.outlets,
                    n_groups=args.groups)
    print(f"{args.articles} articles from {args.outlets} outlets in {args.groups} groups written to {args.out}; "
          f"open it with NEWS_DASHBOARD_STORE={args.out} streamlit run app.py")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="analyse a corpus and write the tables as Parquet")
    p.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS), help="folder or file (default: %(default)s)")
    p.add_argument("--out", required=True, help="folder for the Parquet tables")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--workers", type=int, default=1, help="local worker processes")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    p.add_argument("--batch", type=int,
                   help="files per batch: each batch is analysed, written as one part per table and skipped "
                        "when the run is started again (default: 20,000)")
    p.add_argument("--cache", default=str(DEFAULT_CACHE), help="per-article cache folder (default: %(default)s)")
    p.add_argument("--no-cache", action="store_true", help="parse every article again")
    p.add_argument("--aliases", default=str(DEFAULT_ALIASES), help="alias file (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_analyze)

    c = sub.add_parser("compact", help="merge a store's parts into fewer, larger files")
    c.add_argument("store", help="folder written by `analyze --out`")
    c.add_argument("--rows", type=int, help="rows per file at most (default: 4,000,000)")
    c.set_defaults(func=_compact)

    s = sub.add_parser("show", help="print the top rows of an analysed table")
    s.add_argument("table", help="actors, quotes, places, articles, problems, ...")
    s.add_argument("--store", required=True, help="folder written by `analyze --out`")
    s.add_argument("--top", type=int, default=15)
    s.set_defaults(func=_show)

    r = sub.add_parser("replicate", help="a large dated multi-outlet store copied from analysed tables (no NLP)")
    r.add_argument("--out", required=True, help="folder for the Parquet tables")
    r.add_argument("--articles", type=int, default=400)
    r.add_argument("--outlets", type=int, default=40)
    r.add_argument("--groups", type=int, default=5, help="outlet groups (0: none)")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--source", help="an analysed store to copy from (default: the bundled corpus)")
    r.set_defaults(func=_replicate)

    sub.add_parser("bench", help="benchmarks (see `python -m analysis bench --help`)", add_help=False)

    e = sub.add_parser("eval", help="evaluations against annotated data")
    e.add_argument("what", choices=sorted(EVALUATIONS))
    e.add_argument("rest", nargs=argparse.REMAINDER)
    e.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from analysis.tools.bench import main as bench_main

        return int(bench_main(argv[1:]) or 0)
    args = build_parser().parse_args(argv)
    if args.command == "analyze" and args.engine == "dask" and not args.scheduler:
        build_parser().error("--engine dask needs --scheduler ADDRESS")
    return int(args.func(args))
