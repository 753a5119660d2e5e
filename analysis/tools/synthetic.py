"""Synthetic corpora for measuring scale: new articles from seed paragraphs, and analysed tables replicated.

Two levels, for two questions. `synthetic_articles` recombines the cleaned seed paragraphs into new articles,
so the NLP cost of N articles can be measured on realistic text. `replicate_tables` copies analysed tables
up to N articles without any NLP, so the views can be measured at 100,000 articles in seconds.
Both are deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.ingest.corpus import Article

FIRST_DATE = date(2025, 1, 1)
DATE_SPAN_DAYS = 90
SENTENCE_ENDS = frozenset(".!?\"'\u201d\u2019)]")
COUNT_COLUMNS = ("mentions", "articles", "sources")
PER_ARTICLE_TABLES = ("sentences", "mentions", "quotes", "sentiment", "place_mentions")


GROUP_NAMES = ("Wire services", "US networks", "European press", "Russian state media", "Ukrainian outlets")
OUTLET_STYLES = ("Daily", "Evening Chronicle and Dispatch", "Herald", "International Broadcasting Service",
                 "Post")


def source_names(n: int) -> list[str]:
    """Names of `n` invented outlets, some long enough to need shortening in a legend."""
    return [f"Outlet {i:03d} {OUTLET_STYLES[i % len(OUTLET_STYLES)]}" for i in range(n)]


def group_of(source_index: int, n_groups: int) -> str:
    """The invented group of the outlet at `source_index` (outlets are dealt to groups in turn)."""
    if n_groups <= 0:
        return ""
    return GROUP_NAMES[source_index % n_groups] if n_groups <= len(GROUP_NAMES) else f"Group {source_index % n_groups}"


def _published(rng: random.Random) -> str:
    return (FIRST_DATE + timedelta(days=rng.randrange(DATE_SPAN_DAYS))).isoformat()


def paragraphs_of(text: str) -> list[str]:
    """Whole paragraphs of a cleaned text: one cut mid-sentence is joined to the next, or dropped at the end.

    A paragraph that stops mid-sentence would be glued to whatever follows it by cleaning.
    """
    out: list[str] = []
    pending = ""
    for part in (p.strip() for p in text.split("\n\n")):
        if not part:
            continue
        pending = f"{pending} {part}" if pending else part
        if pending[-1] in SENTENCE_ENDS:
            out.append(pending)
            pending = ""
    return out


def seed_paragraphs(articles: Sequence[Article]) -> list[str]:
    """Every paragraph of the cleaned seed texts, in corpus order."""
    return [p for a in articles for p in paragraphs_of(a.text)]


def synthetic_articles(
    seed: Sequence[Article],
    n: int,
    random_seed: int = 0,
    n_sources: int = 12,
    paragraphs: tuple[int, int] = (6, 14),
) -> list[Article]:
    """`n` new articles, each a random run of seed paragraphs (opening with a lead paragraph) under a new id.

    Articles keep their paragraph structure and sentence mix, so parse cost per character stays realistic.
    """
    pool = seed_paragraphs(seed)
    if not pool:
        raise ValueError("the seed corpus has no paragraphs")
    leads = [paras[0] for a in seed if (paras := paragraphs_of(a.text))]
    rng = random.Random(random_seed)
    sources = source_names(n_sources)
    out = []
    for i in range(n):
        count = rng.randint(*paragraphs)
        body = [rng.choice(leads), *rng.sample(pool, min(count - 1, len(pool)))]
        text = "\n\n".join(body)
        article_id = f"syn{i:06d}"
        source = sources[rng.randrange(n_sources)]
        title = f"Dispatch {i} from {source}"
        out.append(
            Article(
                article_id=article_id, source=source, title=title,
                url=f"https://example.org/{source.replace(' ', '-').lower()}/{article_id}",
                published=_published(rng), text=text, removed=(), dateline=None,
                file=f"{article_id}.txt", encoding="utf-8",
            )
        )
    return out


def write_corpus(articles: Sequence[Article], folder: str | Path) -> Path:
    """Write articles as .txt files plus the manifest.csv that `load_corpus` reads back."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "source", "url", "title", "published"])
        for a in articles:
            name = f"{a.article_id}.txt"
            (out / name).write_text(a.text + "\n", encoding="utf-8")
            writer.writerow([name, a.source, a.url, a.title, a.published or ""])
    return out


def _take_plan(base_ids: pd.Series, df: pd.DataFrame, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of `df` for each new article in turn, and the new article index of every such row."""
    position = {aid: i for i, aid in enumerate(base_ids)}
    codes = df["article_id"].map(position).fillna(-1).to_numpy(dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    counts = np.bincount(codes[codes >= 0], minlength=len(base_ids))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rows_of = [order[starts[b] : starts[b] + counts[b]] for b in range(len(base_ids))]
    take = np.concatenate([rows_of[b] for b in pick]) if len(pick) else np.array([], dtype=np.int64)
    owner = np.repeat(np.arange(len(pick)), counts[pick])
    return take.astype(np.int64), owner


def _counts_by_key(
    df: pd.DataFrame, key: str, base_ids: pd.Series, pick: np.ndarray, new_sources: np.ndarray
) -> pd.DataFrame:
    """mentions / articles / sources per key in the replicated corpus, from the base rows and copy counts."""
    copies = np.bincount(pick, minlength=len(base_ids))
    position = {aid: i for i, aid in enumerate(base_ids)}
    sources_of_base = [set(new_sources[pick == b]) for b in range(len(base_ids))]
    rows = []
    for value, group in df.groupby(key, sort=False):
        per_base = group["article_id"].map(position).value_counts()
        bases = per_base.index.to_numpy(dtype=np.int64)
        rows.append({
            key: value,
            "mentions": int((per_base.to_numpy() * copies[bases]).sum()),
            "articles": int(copies[bases].sum()),
            "sources": len(set().union(*(sources_of_base[b] for b in bases))),
        })
    return pd.DataFrame(rows, columns=[key, "mentions", "articles", "sources"])


def replicate_tables(
    tables: Mapping[str, pd.DataFrame], n: int, random_seed: int = 0, n_sources: int = 40, n_groups: int = 0,
    first_id: int = 0,
) -> dict[str, pd.DataFrame]:
    """Analysed tables scaled to `n` articles without NLP.

    Each new article copies one analysed article (chosen at random) under a new id and source; its rows in
    every per-article table are copied with offsets unchanged, so every key still leads to its sentence.
    Corpus-level counts (actors, places, quote groups) are recomputed for the new corpus.
    """
    base = tables["articles"].reset_index(drop=True)
    if base.empty:
        raise ValueError("no analysed articles to replicate")
    rng = np.random.default_rng(random_seed)
    pick = rng.integers(0, len(base), size=n)
    new_ids = np.array([f"rep{i:06d}" for i in range(first_id, first_id + n)], dtype=object)
    source_index = rng.integers(0, n_sources, size=n)
    new_sources = np.array(source_names(n_sources), dtype=object)[source_index]
    new_groups = np.array([group_of(i, n_groups) for i in range(n_sources)], dtype=object)[source_index]
    days = rng.integers(0, DATE_SPAN_DAYS, size=n)
    published = np.array([(FIRST_DATE + timedelta(days=int(d))).isoformat() for d in range(DATE_SPAN_DAYS)],
                         dtype=object)[days]

    out: dict[str, pd.DataFrame] = {}
    art = base.iloc[pick].reset_index(drop=True)
    art["article_id"] = pd.array(new_ids, dtype="str")
    art["source"] = pd.array(new_sources, dtype="str")
    art["group"] = pd.array(new_groups, dtype="str")
    art["published"] = pd.array(published, dtype="str")
    art["published_from"] = "manifest"
    if "file" in art:
        art["file"] = pd.array([f"{i}.txt" for i in new_ids], dtype="str")
    if "url" in art:
        art["url"] = pd.array([f"https://example.org/{i}" for i in new_ids], dtype="str")
    out["articles"] = art

    base_ids = base["article_id"]
    for name in PER_ARTICLE_TABLES:
        if name not in tables:
            continue
        df = tables[name]
        take, owner = _take_plan(base_ids, df, pick)
        copy = df.iloc[take].reset_index(drop=True)
        copy["article_id"] = pd.array(new_ids[owner], dtype="str")
        copy["source"] = pd.array(new_sources[owner], dtype="str")
        out[name] = copy

    if "quotes" in out:
        q = out["quotes"]
        q["quote_id"] = pd.array([f"{a}:q{i}" for i, a in enumerate(q["article_id"])], dtype="str")
        if "group_id" in q and q["group_id"].notna().any():
            if first_id:
                q["group_id"] = q["group_id"].astype("string") + f"@{first_id}"
            groups = q.groupby("group_id", sort=False)
            q["group_size"] = groups["quote_id"].transform("size")
            q["n_sources"] = groups["source"].transform("nunique")

    if "actors" in tables:
        counts = _counts_by_key(tables["mentions"], "actor_id", base_ids, pick, new_sources)
        actors = tables["actors"].drop(columns=list(COUNT_COLUMNS)).merge(counts, on="actor_id")
        out["actors"] = actors.reindex(columns=tables["actors"].columns).reset_index(drop=True)
    if "places" in tables:
        counts = _counts_by_key(tables["place_mentions"], "place_id", base_ids, pick, new_sources)
        places = tables["places"].drop(columns=list(COUNT_COLUMNS)).merge(counts, on="place_id")
        out["places"] = places.reindex(columns=tables["places"].columns).reset_index(drop=True)
    for name, df in tables.items():
        out.setdefault(name, df.copy())
    return out


def replicate_store(
    tables: Mapping[str, pd.DataFrame], n: int, out: str | Path, random_seed: int = 0, n_sources: int = 40,
    n_groups: int = 0, chunk: int = 100_000, progress: Callable[[int], None] | None = None,
) -> Path:
    """A partitioned store of `n` replicated articles, written one part per `chunk` articles.

    Memory stays that of one chunk whatever `n` is; corpus-level counts (actors, places) are then counted
    over all parts by DuckDB, as the store's own corpus step would.
    """
    from analysis.store import layout
    from analysis.store.corpus_steps import recount

    folder = Path(out)
    for i, lo in enumerate(range(0, n, chunk)):
        size = min(chunk, n - lo)
        part = replicate_tables(tables, size, random_seed=random_seed + i, n_sources=n_sources,
                                n_groups=n_groups, first_id=lo)
        layout.append(folder, {k: v for k, v in part.items() if k in layout.PER_ARTICLE}, part=f"{i:06d}-rep")
        if i == 0:
            problems = part.get("problems")
            if problems is None or problems.columns.empty:
                problems = pd.DataFrame({c: pd.Series([], dtype="string") for c in ("file", "reason", "severity")})
            layout.replace_table(folder, "problems", problems)
            corpus = {k: part[k] for k in ("actors", "places") if k in part}
        del part
        if progress:
            progress(lo + size)
    recount(folder, corpus)
    return folder
