"""The partitioned store: one folder per per-article table, one Parquet part per batch of articles.

A local run and a Dask run write the same layout. New articles add parts (nothing already written is
rewritten); the corpus-level tables (actors, places, problems) are small and are replaced whole. `compact`
merges many small parts into a few large ones on demand. Readers (pandas through `parquet.read_table`,
DuckDB through `scan`) see every part of a table as one table.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.store import rollups
from analysis.store.parquet import atomic_write, table_path, to_arrow

PER_ARTICLE = ("articles", "sentences", "mentions", "quotes", "sentiment", "place_mentions")
"""Tables whose rows belong to one article each: these grow by parts."""
ROLLUPS = rollups.ROLLUPS
"""Per-batch summaries written with each part (see `rollups`): they grow by parts too."""
BATCHED = (*PER_ARTICLE, *ROLLUPS)
CORPUS_LEVEL = ("actors", "places", "problems")
"""Tables computed over the whole corpus: small, replaced whole."""
ROWS_PER_FILE = 4_000_000
"""Rows per compacted part: large enough that a scan opens few files, small enough to write in bounded memory."""
ROW_GROUP = 500_000
BATCH_FILES = 20_000
"""Corpus files per batch when analysing into a store: a batch's tables are built in one process's memory."""
COMPACTED = "compact"
"""Name ending of compacted parts: they hold many batches, so they are not matched batch by batch."""


def parts(store: str | Path, name: str) -> list[Path]:
    """The Parquet parts of table `name`, in the order they were written (a single-file table is one part)."""
    path = table_path(store, name)
    if path is None:
        return []
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("part-*.parquet"))


def scan(store: str | Path, name: str) -> list[str]:
    """File paths for a reader such as DuckDB's `read_parquet` (empty when the table is absent)."""
    return [str(p) for p in parts(store, name)]


def _schema_of(store: Path, name: str) -> pa.Schema | None:
    found = parts(store, name)
    return pq.read_schema(found[0]) if found else None


def _conform(table: pa.Table, schema: pa.Schema | None) -> pa.Table:
    """A new part in the types of the parts already written, so every part reads back as one table.

    A batch whose column is all missing would otherwise be written as the null type, and a batch with a
    column the table lacks (or without one it has) would not line up.
    """
    if schema is None:
        return table
    columns = []
    for field in schema:
        if field.name in table.column_names:
            column = table.column(field.name)
            columns.append(column if column.type == field.type else column.cast(field.type))
        else:
            columns.append(pa.nulls(len(table), field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _as_folder(store: Path, name: str) -> Path:
    """The table's part folder; a table written as one file becomes the folder's first part."""
    folder = store / name
    single = store / f"{name}.parquet"
    if single.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(single, folder / "part-000000-0.parquet")
    return folder


def next_part(store: str | Path) -> str:
    """A part name that sorts after every part already in the store, unique even across writers."""
    base = Path(store)
    seen = [p.name.split("-")[1] for name in BATCHED for p in parts(base, name) if p.name.count("-") >= 2]
    number = max((int(s) for s in seen if s.isdigit()), default=-1) + 1
    return f"{number:06d}-{uuid.uuid4().hex[:8]}"


def append(store: str | Path, tables: Mapping[str, pd.DataFrame | pa.Table], part: str | None = None) -> str:
    """Add one batch of articles: a new part per per-article table, corpus-level tables replaced.

    The articles part is written last, so a batch whose write was cut short has no articles and is skipped
    by `incomplete_parts`/`repair`, never read as half a batch.
    """
    base = Path(store)
    base.mkdir(parents=True, exist_ok=True)
    part = part or next_part(base)
    tables = {**rollups.rollups_of(dict(tables)), **tables}
    order = [n for n in BATCHED if n != "articles" and n in tables] + (["articles"] if "articles" in tables else [])
    for name in order:
        frame = tables[name]
        table = frame if isinstance(frame, pa.Table) else to_arrow(frame)
        folder = _as_folder(base, name)
        atomic_write(_conform(table, _schema_of(base, name)), folder / f"part-{part}.parquet", ROW_GROUP)
    for name in CORPUS_LEVEL:
        if name in tables:
            replace_table(base, name, tables[name])
    return part


def replace_table(store: str | Path, name: str, frame: pd.DataFrame | pa.Table) -> Path:
    """Write a corpus-level table whole (atomically: a reader sees the old file or the new one)."""
    base = Path(store)
    table = frame if isinstance(frame, pa.Table) else to_arrow(frame)
    folder = base / name
    if folder.is_dir():
        shutil.rmtree(folder)
    atomic_write(table, base / f"{name}.parquet")
    return base / f"{name}.parquet"


def part_names(store: str | Path, name: str) -> set[str]:
    return {p.name.removeprefix("part-").removesuffix(".parquet") for p in parts(store, name)
            if p.parent.name == name}


def batches(store: str | Path, tables: tuple[str, ...]) -> list[dict[str, Path]] | None:
    """The parts of `tables` batch by batch (each batch's parts cover the same articles), or None when the
    tables' parts do not line up (a table written whole, or a store from elsewhere)."""
    found = {name: {p.name: p for p in parts(store, name) if p.parent.name == name} for name in tables}
    names = [set(v) for v in found.values()]
    if not names or not names[0] or any(n != names[0] for n in names[1:]):
        return None
    return [{name: found[name][part] for name in tables} for part in sorted(names[0])]


def drop_part(store: str | Path, part: str) -> None:
    """Delete one batch from every batched table (a batch whose articles are no longer in the corpus)."""
    for name in BATCHED:
        (Path(store) / name / f"part-{part}.parquet").unlink(missing_ok=True)


def incomplete_parts(store: str | Path) -> set[str]:
    """Parts some table has but the articles table lacks: batches whose write was cut short."""
    have = part_names(store, "articles")
    written = {p for name in BATCHED if name != "articles" for p in part_names(store, name)}
    return {p for p in written - have if not p.endswith(COMPACTED)}


def repair(store: str | Path) -> set[str]:
    """Delete the parts of batches whose write was cut short, so a rerun writes them again whole."""
    base = Path(store)
    broken = incomplete_parts(base)
    for name in BATCHED:
        for part in broken:
            (base / name / f"part-{part}.parquet").unlink(missing_ok=True)
    for leftover in base.glob("**/.*.tmp"):
        leftover.unlink(missing_ok=True)
    return broken


def _runs(found: list[Path], rows_per_file: int) -> list[list[Path]]:
    """Consecutive parts grouped so each group holds at most `rows_per_file` rows (a larger part stays alone)."""
    runs: list[list[Path]] = []
    rows = 0
    for path in found:
        n = pq.ParquetFile(path).metadata.num_rows
        if runs and rows + n <= rows_per_file:
            runs[-1].append(path)
            rows += n
        else:
            runs.append([path])
            rows = n
    return runs


def compact(store: str | Path, rows_per_file: int = ROWS_PER_FILE) -> dict[str, tuple[int, int]]:
    """Merge each batched table's parts into files of up to `rows_per_file` rows, rows in the same order.

    Whole parts are merged, never split, so an article's rows stay in one file. Row groups stream from the
    old parts to the new file one at a time, so memory stays bounded whatever the store's size. Returns
    (parts before, parts after) per table. The new files are written beside the old ones and swapped in by
    renaming the folder.
    """
    base = Path(store)
    out: dict[str, tuple[int, int]] = {}
    aligned = batches(base, tuple(n for n in BATCHED if parts(base, n)))
    plan = None
    if aligned:
        # Every table merges the same batches (sized by the largest table), so batch k of one table
        # still covers the articles of batch k of every other.
        biggest = max(aligned[0], key=lambda n: sum(pq.ParquetFile(b[n]).metadata.num_rows for b in aligned))
        plan = [[p.name for p in run] for run in _runs([b[biggest] for b in aligned], rows_per_file)]
    for name in BATCHED:
        found = parts(base, name)
        if plan is not None and found:
            by_name = {p.name: p for p in found}
            runs = [[by_name[n] for n in run] for run in plan]
        else:
            runs = _runs(found, rows_per_file)
        if len(runs) == len(found):
            out[name] = (len(found), len(found))
            continue
        schema = pq.read_schema(found[0])
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.compact.", dir=base))
        for i, run in enumerate(runs):
            target = staging / f"part-{i:06d}-{COMPACTED}.parquet"
            with pq.ParquetWriter(target, schema) as writer:
                for path in run:
                    source = pq.ParquetFile(path)
                    for group in range(source.num_row_groups):
                        writer.write_table(_conform(source.read_row_group(group), schema))
            os.chmod(target, 0o644)
        old = base / f".{name}.old"
        os.replace(base / name, old)
        os.replace(staging, base / name)
        shutil.rmtree(old)
        out[name] = (len(found), len(runs))
    return out
