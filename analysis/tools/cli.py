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
    from tqdm import tqdm

    from analysis.ingest.corpus import load_corpus
    from analysis.nlp.aliases import load_aliases
    from analysis.store.parquet import write_tables
    from analysis.store.pipeline import EngineChoice, analyze
    from analysis.store.workspace import problems_table

    started = time.perf_counter()
    corpus = load_corpus(args.path)
    for problem in corpus.problems:
        print(f"{problem.severity}: {problem.file}: {problem.reason}", file=sys.stderr)
    if not corpus.articles:
        print(f"error: {args.path}: no readable articles", file=sys.stderr)
        return 1
    aliases = load_aliases(args.aliases) if args.aliases and Path(args.aliases).exists() else None
    engine = EngineChoice(name=args.engine, workers=args.workers, scheduler=args.scheduler)
    bar = tqdm(total=len(corpus.articles), unit="article", desc="analysing", file=sys.stderr,
               disable=args.quiet or None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    cache_dir = None if args.no_cache else args.cache
    tables, stats = analyze(corpus.articles, engine=engine, cache_dir=cache_dir, aliases=aliases,
                            progress=progress)
    bar.close()
    tables["problems"] = problems_table(corpus)
    out = write_tables(tables, args.out, partitions=args.partitions)
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"{stats.articles} articles ({stats.parsed} parsed, {stats.cached} from cache) in {elapsed:.1f} s "
          f"-> {out}: {counts}", file=sys.stderr)
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
    from analysis.store.parquet import write_tables
    from analysis.store.workspace import read_store
    from analysis.tools.bench import seed_tables
    from analysis.tools.synthetic import replicate_tables

    base = read_store(args.source) if args.source else seed_tables()
    tables = replicate_tables(base, args.articles, random_seed=args.seed, n_sources=args.outlets,
                              n_groups=args.groups)
    write_tables(tables, args.out)
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
    p.add_argument("--partitions", type=int, default=1, help="write each table as this many Parquet parts")
    p.add_argument("--cache", default=str(DEFAULT_CACHE), help="per-article cache folder (default: %(default)s)")
    p.add_argument("--no-cache", action="store_true", help="parse every article again")
    p.add_argument("--aliases", default=str(DEFAULT_ALIASES), help="alias file (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_analyze)

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
