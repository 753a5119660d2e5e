"""The Parquet store: analysed tables on disk, and the per-article analysis cache keyed by content hash.

Writes are atomic (a temporary file in the same folder, then a rename), so a killed run never leaves a
half-written file that a later run would load. A cache file that cannot be read is reported and rebuilt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.store.per_article import ArticleAnalysis

log = logging.getLogger(__name__)

try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _LIBC.malloc_trim  # noqa: B018 - only glibc has it
except (OSError, AttributeError):
    _LIBC = None

CACHE_KINDS = ("sentences", "mentions", "quotes", "place_mentions")


def atomic_write(table: pa.Table, path: Path, row_group_size: int | None = None) -> None:
    """Write `table` to `path` through a temporary file in the same folder and a rename, so a reader sees the
    old file or the new one and a killed write leaves only a hidden `.tmp` file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, row_group_size=row_group_size)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_arrow(df: pd.DataFrame) -> pa.Table:
    """An Arrow table without pandas' own metadata: any reader (and any pandas) reads it back by its Arrow
    types, whatever extension dtypes the frame held in memory."""
    return pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: str | Path) -> Path:
    """Write one Parquet file per table (a small store; large ones grow by batches, see `layout`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        atomic_write(to_arrow(df), out / f"{name}.parquet")
    return out


def table_path(store: str | Path, name: str) -> Path | None:
    """The file or partition folder that holds table `name`, if any."""
    base = Path(store)
    for candidate in (base / f"{name}.parquet", base / name):
        if candidate.exists():
            return candidate
    return None


# Columns a dashboard never needs in memory: derivable from other tables (the sentence text is cut from the
# article text by the sentences table), and large at scale.
LEAN_SKIP = {"sentiment": ("sentence",)}
# Text columns whose values are mostly unique, so a dictionary would not save memory.
LEAN_PLAIN = {"articles": None, "quotes": ("text", "quote_id")}
LEAN_INT32 = ("start", "end", "sentence_idx", "speaker_start", "speaker_end")


def read_table(store: str | Path, name: str, columns: Iterable[str] | None = None, lean: bool = False) -> pd.DataFrame:
    """Read one table, whether written as a single file or as partitions.

    `lean` reads it as the dashboard keeps it: repeated text as categoricals, offsets as int32, and no
    derivable columns, so 100,000 articles fit in a small server's memory.
    """
    path = table_path(store, name)
    if path is None:
        raise FileNotFoundError(f"{store}: no table '{name}'")
    if not lean:
        return pd.read_parquet(path, columns=list(columns) if columns else None)
    schema = pq.read_schema(path) if path.is_file() else pq.ParquetDataset(path).schema
    wanted = [c for c in (columns or schema.names) if c not in LEAN_SKIP.get(name, ())]
    plain = LEAN_PLAIN.get(name, ())
    dictionary = [] if plain is None else [c for c in wanted if c not in plain and _is_text(schema.field(c).type)]
    columns_read = {}
    for col in wanted:
        part = pq.read_table(path, columns=[col], read_dictionary=[col] if col in dictionary else None)
        nested = pa.types.is_nested(part.schema.field(col).type)
        # Nested values (lists of removed noise, aliases) stay in Arrow memory instead of Python objects.
        series = part.to_pandas(self_destruct=True, types_mapper=pd.ArrowDtype if nested else None)[col]
        del part
        columns_read[col] = _narrow(col, series)
        release_memory()
    return pd.DataFrame(columns_read)


def _narrow(col: str, series: pd.Series) -> pd.Series:
    small = np.iinfo(np.int32)
    if (col in LEAN_INT32 and len(series) and pd.api.types.is_integer_dtype(series)
            and series.min() >= small.min and series.max() <= small.max):
        return series.astype(np.int32)
    return series


def release_memory() -> None:
    """Hand freed heap back to the operating system, so one large read does not stay in the process's RSS."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


class AnalysisCache:
    """Per-article analyses stored by content hash, so re-analysing a corpus parses only what is new."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._entries: dict[str, ArticleAnalysis] = {}
        self._dirty = False
        self._load()

    def _load(self) -> None:
        index_path = self.folder / "index.parquet"
        if not index_path.exists():
            return
        try:
            hashes = pq.read_table(index_path).column("content_hash").to_pylist()
            frames = {kind: pq.read_table(self.folder / f"{kind}.parquet").to_pandas() for kind in CACHE_KINDS}
            self._entries = _entries(hashes, frames)
        except Exception as exc:  # any unreadable or malformed cache is rebuilt, never trusted
            log.warning("analysis cache at %s is unreadable (%s); rebuilding it", self.folder, exc)
            self._entries = {}
            self._dirty = True

    def get(self, key: str) -> ArticleAnalysis | None:
        return self._entries.get(key)

    def put(self, analysis: ArticleAnalysis) -> None:
        self._entries[analysis.content_hash] = analysis
        self._dirty = True

    def __len__(self) -> int:
        return len(self._entries)

    def save(self) -> None:
        """Write the cache atomically, one file per kind plus the index of analysed hashes (written last)."""
        if not self._dirty:
            return
        entries = list(self._entries.values())
        for kind in CACHE_KINDS:
            if kind == "sentences":
                rows = [{"content_hash": e.content_hash, "start": s, "end": t} for e in entries for s, t in e.sentences]
            else:
                rows = [{"content_hash": e.content_hash, **r} for e in entries for r in getattr(e, kind)]
            frame = pd.DataFrame(rows) if rows else pd.DataFrame({"content_hash": pd.Series([], dtype="string")})
            atomic_write(to_arrow(frame), self.folder / f"{kind}.parquet")
        index = pd.DataFrame({"content_hash": [e.content_hash for e in entries]}, dtype="string")
        atomic_write(to_arrow(index), self.folder / "index.parquet")
        self._dirty = False


def _entries(hashes: list[str], frames: Mapping[str, pd.DataFrame]) -> dict[str, ArticleAnalysis]:
    """Analyses rebuilt from the cache's tables; a missing column raises, so the caller rebuilds the cache."""
    entries = {h: ArticleAnalysis(content_hash=h) for h in hashes}
    for kind, frame in frames.items():
        if frame.empty:
            continue
        for key, group in frame.groupby("content_hash", sort=False):
            entry = entries.get(key)
            if entry is None:
                continue
            records = group.drop(columns="content_hash").to_dict("records")
            if kind == "sentences":
                entry.sentences = [(int(r["start"]), int(r["end"])) for r in records]
            else:
                setattr(entry, kind, [_clean_record(r) for r in records])
    return entries


def _clean_record(record: dict) -> dict:
    """Parquet round-trips turn missing values into NaN; per-article code expects None."""
    return {k: (None if _is_missing(v) else v) for k, v in record.items()}


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
