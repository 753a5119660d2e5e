"""A DuckDB connection over a store's Parquet parts: every table a view, nothing loaded until queried.

DuckDB reads only the columns and row groups a query needs and aggregates in parallel, so a view over a
million articles costs the size of its answer in memory, not the size of the store.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import duckdb

from analysis.store import layout

log = logging.getLogger(__name__)

MEMORY_ENV = "NEWS_DASHBOARD_DUCKDB_MEMORY"
THREADS_ENV = "NEWS_DASHBOARD_DUCKDB_THREADS"
DEFAULT_MEMORY = "512MB"
"""DuckDB's own ceiling; larger intermediate results spill to a temporary folder instead of growing RSS."""


def quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def connect(store: str | Path, tables: tuple[str, ...] = (*layout.BATCHED, *layout.CORPUS_LEVEL)
            ) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database whose views read the store's tables (the parts present now)."""
    con = duckdb.connect(":memory:", config={"enable_external_access": True})
    con.execute(f"SET memory_limit = '{os.environ.get(MEMORY_ENV, DEFAULT_MEMORY)}'")
    con.execute(f"SET temp_directory = {quote(str(Path(tempfile.gettempdir()) / 'news-dashboard-duckdb'))}")
    threads = os.environ.get(THREADS_ENV)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    for name in tables:
        files = layout.scan(store, name)
        if files:
            listed = ", ".join(quote(f) for f in files)
            try:
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}], union_by_name = true)")
            except duckdb.Error as exc:  # one unreadable table leaves the others usable
                log.warning("%s: table %s not readable (%s)", store, name, exc)
    return con


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()
    return bool(found and found[0])
