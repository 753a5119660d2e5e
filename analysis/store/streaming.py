"""Analyse a corpus folder into the partitioned store batch by batch, resuming where a run stopped.

The client holds one batch of articles at a time: it loads a batch's files, has the engine (local or Dask)
parse them, builds that batch's tables and appends them as one part per table. A batch is named by its
files (names, sizes, modification times), the pipeline version and the alias rules, so a rerun skips every
batch already written and redoes only a batch whose write was cut short. Corpus-wide counts are then
recounted by DuckDB over every part.

Actor identity across batches: each batch resolves its own mentions (name variants, titles, surnames in
the same article or outlet), then its actors take the ids of stored actors with the same canonical name and
type, so one person keeps one id across batches. A bare surname whose full name appears only in another
batch stays apart; a corpus small enough for one batch is resolved exactly as `analyze` resolves it.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import PIPELINE_VERSION
from analysis.ingest.corpus import MANIFEST_NAME, Corpus, _folder_files, load_corpus
from analysis.nlp.aliases import AliasRules, load_aliases
from analysis.nlp.names import name_key, translit_key
from analysis.store import layout
from analysis.store.corpus_steps import recount
from analysis.store.layout import BATCH_FILES
from analysis.store.pipeline import EngineChoice, analyze
from analysis.store.workspace import PROBLEM_COLUMNS, problems_table

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class StreamStats:
    batches: int = 0
    written: int = 0
    skipped: int = 0
    articles: int = 0
    parsed: int = 0
    cached: int = 0


def plan(path: str | Path, batch_files: int = BATCH_FILES) -> tuple[list[list[Path]], Path | None]:
    """The corpus's article files in batches (sorted by name, so new files named later add new batches), and
    its manifest."""
    root = Path(path)
    if not root.is_dir():
        return [[root]], None
    manifest = root / MANIFEST_NAME if (root / MANIFEST_NAME).is_file() else None
    files = [f for f in _folder_files(root) if f.name != MANIFEST_NAME]
    size = max(1, batch_files)
    return [files[i : i + size] for i in range(0, len(files), size)], manifest


def batch_name(index: int, files: list[Path], manifest: Path | None, aliases: bytes) -> str:
    """A part name for a batch: its position, and a digest of what its tables depend on."""
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    digest.update(aliases)
    for path in [*files, *([manifest] if manifest else [])]:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return f"{index:06d}-{digest.hexdigest()[:12]}"


def align_actors(tables: dict[str, pd.DataFrame], stored: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """A batch's tables with its actors under the ids and names of stored actors of the same type whose name
    is the same, or the same up to transliteration ('Syrskyi' and 'Syrsky') when only one stored actor fits.
    A bare surname ('Putin') takes the one stored person with that surname, as a single run links a surname
    to the one full name of the corpus; with two such people, or one in the batch itself, it stays apart.
    A batch actor whose id a different stored actor already holds gets a new one."""
    actors = tables.get("actors")
    if stored is None or stored.empty or actors is None or actors.empty:
        return tables
    exact: dict[tuple[str, str], tuple[str, str]] = {}
    spelled: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for i, a, t in zip(stored["actor_id"].astype(str), stored["actor"].astype(str), stored["actor_type"].astype(str),
                       strict=True):
        exact[(name_key(a), t)] = (i, a)
        spelled.setdefault((translit_key(name_key(a)), t), set()).add((i, a))
    surnamed = _people_by_surname(stored)
    in_batch = _people_by_surname(actors)
    taken = set(stored["actor_id"].astype(str))
    renamed: dict[str, tuple[str, str]] = {}
    for actor_id, name, kind in zip(actors["actor_id"].astype(str), actors["actor"].astype(str),
                                    actors["actor_type"].astype(str), strict=True):
        key = name_key(name)
        fits = spelled.get((translit_key(key), kind), set())
        same = exact.get((key, kind)) or (next(iter(fits)) if len(fits) == 1 else None)
        if same is None and kind == "PERSON" and len(key.split()) == 1:
            owners = surnamed.get(translit_key(key), set())
            if len(owners) == 1 and not in_batch.get(translit_key(key)):
                same = next(iter(owners))
        if same is not None:
            if same != (actor_id, name):
                renamed[actor_id] = same
        elif actor_id in taken:
            base, n = actor_id, 2
            while f"{base}-{n}" in taken:
                n += 1
            renamed[actor_id] = (f"{base}-{n}", name)
            taken.add(renamed[actor_id][0])
    if not renamed:
        return tables
    out = dict(tables)
    for table, id_column, name_column in (("actors", "actor_id", "actor"), ("mentions", "actor_id", "actor"),
                                          ("sentiment", "actor_id", "actor"), ("quotes", "speaker_id", "speaker")):
        if table not in out or id_column not in out[table].columns:
            continue
        frame = out[table].copy()
        ids = frame[id_column].astype(object)
        hit = ids.map(lambda v: isinstance(v, str) and v in renamed).astype(bool)
        frame[id_column] = ids.where(~hit, ids.map(lambda v: renamed.get(v, (v, None))[0]))
        if name_column in frame.columns:
            names = frame[name_column].astype(object)
            frame[name_column] = names.where(~hit, ids.map(lambda v: renamed.get(v, (v, None))[1]))
        out[table] = frame
    return out


def _people_by_surname(actors: pd.DataFrame) -> dict[str, set[tuple[str, str]]]:
    """Surname (transliteration key) -> the PERSON actors with a full name ending in it."""
    out: dict[str, set[tuple[str, str]]] = {}
    people = actors[actors["actor_type"].astype(str) == "PERSON"]
    for actor_id, name in zip(people["actor_id"].astype(str), people["actor"].astype(str), strict=True):
        words = name_key(name).split()
        if len(words) > 1:
            out.setdefault(translit_key(words[-1]), set()).add((actor_id, name))
    return out


def _union(stored: pd.DataFrame | None, new: pd.DataFrame, key: str) -> pd.DataFrame:
    """Corpus-level rows of every batch so far, one per key (the first batch's row; counts are recounted)."""
    if stored is None or stored.empty:
        return new.reset_index(drop=True)
    if new.empty:
        return stored
    fresh = new[~new[key].astype(str).isin(set(stored[key].astype(str)))]
    return pd.concat([stored, fresh.reindex(columns=stored.columns)], ignore_index=True)


def _own_problems(problems: pd.DataFrame, corpus_files: set[str]) -> pd.DataFrame:
    """A batch's problems without the manifest rows of files that other batches load."""
    named = problems["reason"].astype(str).str.extract(r"no file named (.+) was loaded$")[0]
    return problems[~named.isin(corpus_files).to_numpy()].reset_index(drop=True)


def _read(store: Path, name: str) -> pd.DataFrame | None:
    path = store / f"{name}.parquet"
    return pd.read_parquet(path) if path.is_file() else None


def _on_cluster(loaded: Iterator[tuple[str, int, Corpus]], scheduler: str | object, rules: AliasRules | None
                ) -> Iterator[tuple[str, int, pd.DataFrame, tuple | None]]:
    """Each batch analysed and tabled on a Dask worker (one task per batch, as many in flight as the cluster
    has threads), results handed back in batch order; the client only reads files and appends parts."""
    from distributed import Client

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        window = max(2, sum(client.nthreads().values()))
        pending: deque[tuple[str, int, pd.DataFrame, object | None]] = deque()
        for name, n_files, corpus in loaded:
            future = client.submit(analyze, corpus.articles, aliases=rules, pure=False) if corpus.articles else None
            pending.append((name, n_files, problems_table(corpus), future))
            del corpus
            if len(pending) >= window:
                name_, n_, found, fut = pending.popleft()
                yield name_, n_, found, (fut.result() if fut is not None else None)
        while pending:
            name_, n_, found, fut = pending.popleft()
            yield name_, n_, found, (fut.result() if fut is not None else None)
    finally:
        if client is not scheduler:
            client.close()


class _Writer:
    """Appends analysed batches to the store in order and keeps the corpus tables of every batch so far."""

    def __init__(self, out: Path, actors: pd.DataFrame | None, places: pd.DataFrame | None,
                 problems: pd.DataFrame | None, stats: StreamStats) -> None:
        self.out, self.actors, self.places, self.problems, self.stats = out, actors, places, problems, stats

    def write(self, name: str, found: pd.DataFrame, result: tuple | None) -> None:
        self.problems = found if self.problems is None else pd.concat([self.problems, found], ignore_index=True)
        if result is not None:
            tables, run = result
            tables = align_actors(tables, self.actors)
            if "group_id" in tables["quotes"].columns:
                quotes = tables["quotes"].copy()
                quotes["group_id"] = (name + ":" + quotes["group_id"].astype("string")).where(
                    quotes["group_id"].notna(), None)
                tables["quotes"] = quotes
            # Corpus tables first: a run cut short after them and before the batch leaves actors without
            # mentions, which the recount drops; the other order would leave mentions without their actor.
            self.actors = _union(self.actors, tables["actors"], "actor_id")
            self.places = _union(self.places, tables["places"], "place_id")
            layout.replace_table(self.out, "actors", self.actors)
            layout.replace_table(self.out, "places", self.places)
            layout.append(self.out, {k: v for k, v in tables.items() if k in layout.PER_ARTICLE}, part=name)
            self.stats.written += 1
            self.stats.articles += run.articles
            self.stats.parsed += run.parsed
            self.stats.cached += run.cached
        self.problems = self.problems.reindex(columns=PROBLEM_COLUMNS).astype("string").drop_duplicates(
            ignore_index=True)
        layout.replace_table(self.out, "problems", self.problems)

    def finish(self) -> None:
        if self.problems is None:
            layout.replace_table(self.out, "problems", pd.DataFrame(columns=PROBLEM_COLUMNS).astype("string"))
        recount(self.out, {k: v for k, v in (("actors", self.actors), ("places", self.places)) if v is not None})


def analyse_into_store(
    path: str | Path,
    store: str | Path,
    engine: EngineChoice | None = None,
    aliases: str | Path | None = None,
    batch_files: int = BATCH_FILES,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> StreamStats:
    """Analyse the corpus at `path` into `store`, one part per batch; batches already written are skipped."""
    engine = engine or EngineChoice()
    out = Path(store)
    out.mkdir(parents=True, exist_ok=True)
    dropped = layout.repair(out)
    if dropped:
        log.warning("%s: removed %d batch(es) whose write was cut short; they are analysed again", out, len(dropped))
    alias_path = Path(aliases) if aliases else None
    alias_bytes = alias_path.read_bytes() if alias_path and alias_path.is_file() else b""
    rules = load_aliases(alias_path) if alias_bytes else None
    batches, manifest = plan(path, batch_files)
    names = [batch_name(i, files, manifest, alias_bytes) for i, files in enumerate(batches)]
    written = layout.part_names(out, "articles")
    stale = written - set(names)
    for part in stale:
        layout.drop_part(out, part)
    # Actors and places of a batch dropped here stay in the tables until the recount, which keeps only those
    # with mentions.
    every_name = {f.name for files in batches for f in files}
    writer = _Writer(out, _read(out, "actors"), _read(out, "places"), _read(out, "problems"),
                     StreamStats(batches=len(batches)))
    total = sum(len(files) for files in batches)
    done_files = 0
    todo = []
    for name, files in zip(names, batches, strict=True):
        if name in written - stale:
            writer.stats.skipped += 1
            done_files += len(files)
        else:
            todo.append((name, files))
    if progress:
        progress(done_files, total)
    loaded = ((name, len(files), load_corpus(files, manifest=manifest)) for name, files in todo)
    if engine.name == "dask":
        if engine.scheduler is None:
            raise ValueError("the dask engine needs a scheduler address")
        results = _on_cluster(loaded, engine.scheduler, rules)
    else:
        results = ((name, n, problems_table(corpus), analyze(corpus.articles, engine=engine, cache_dir=cache_dir,
                                                       aliases=rules) if corpus.articles else None)
                   for name, n, corpus in loaded)
    for name, n_files, found, result in results:
        writer.write(name, _own_problems(found, every_name), result)
        done_files += n_files
        if progress:
            progress(done_files, total)
    writer.finish()
    return writer.stats
