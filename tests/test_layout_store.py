"""The partitioned store: batches add parts, nothing written is rewritten, compaction keeps every row."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.store import layout
from analysis.store.workspace import read_store
from analysis.tools.synthetic import replicate_tables


@pytest.fixture(scope="module")
def batches_of(seed_tables):
    """Three batches of 30 replicated articles each, with ids that do not collide."""
    return [replicate_tables(seed_tables, 30, random_seed=i, n_sources=6, first_id=100 * i) for i in range(3)]


def _per_article(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: v for k, v in tables.items() if k in layout.PER_ARTICLE}


def test_a_new_batch_adds_parts_and_leaves_the_old_ones_untouched(batches_of, tmp_path):
    store = tmp_path / "store"
    first = layout.append(store, _per_article(batches_of[0]))
    written = {p: p.stat().st_mtime_ns for p in store.rglob("part-*.parquet")}
    second = layout.append(store, _per_article(batches_of[1]))
    assert first != second and second > first
    assert {p: p.stat().st_mtime_ns for p in written} == written
    for name in layout.BATCHED:
        assert [p.name for p in layout.parts(store, name)] == [f"part-{first}.parquet", f"part-{second}.parquet"]
    articles = read_store(store)["articles"]
    assert len(articles) == 60 and articles["article_id"].is_unique


def test_compaction_merges_parts_and_keeps_every_row_in_order(batches_of, tmp_path):
    store = tmp_path / "store"
    for batch in batches_of:
        layout.append(store, _per_article(batch))
    before = read_store(store)
    result = layout.compact(store, rows_per_file=10**9)
    assert result["mentions"] == (3, 1) and result["actor_pairs"] == (3, 1)
    after = read_store(store)
    for name in layout.PER_ARTICLE:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False)
    assert not list(store.glob(".*"))
    later = layout.append(store, _per_article(batches_of[0]))
    assert [p.name for p in layout.parts(store, "articles")][-1] == f"part-{later}.parquet"
    assert layout.batches(store, ("mentions", "place_mentions")) is not None


def test_compaction_keeps_the_tables_batch_aligned(batches_of, tmp_path):
    store = tmp_path / "store"
    for batch in batches_of:
        layout.append(store, _per_article(batch))
    def rows(name: str, k: int) -> int:
        return sum(pq.ParquetFile(p).metadata.num_rows for p in layout.parts(store, name)[:k])

    biggest = max(layout.BATCHED, key=lambda name: rows(name, 3))
    layout.compact(store, rows_per_file=rows(biggest, 2))
    aligned = layout.batches(store, ("articles", "mentions", "place_mentions"))
    assert aligned is not None and len(aligned) == 2
    for batch in aligned:
        ids = set(pd.read_parquet(batch["articles"])["article_id"])
        assert set(pd.read_parquet(batch["mentions"])["article_id"]) <= ids


def test_a_batch_cut_short_is_found_and_removed(batches_of, tmp_path):
    store = tmp_path / "store"
    layout.append(store, _per_article(batches_of[0]))
    cut = {k: v for k, v in _per_article(batches_of[1]).items() if k != "articles"}
    part = layout.append(store, cut)
    assert layout.incomplete_parts(store) == {part}
    assert layout.repair(store) == {part}
    assert layout.incomplete_parts(store) == set()
    assert len(read_store(store)["mentions"]) == len(batches_of[0]["mentions"])


def test_a_batch_whose_column_is_all_missing_still_reads_as_one_table(batches_of, tmp_path):
    store = tmp_path / "store"
    layout.append(store, _per_article(batches_of[0]))
    second = _per_article(batches_of[1])
    second["articles"] = second["articles"].assign(dateline=None, url=None)
    layout.append(store, second)
    articles = read_store(store)["articles"]
    assert len(articles) == 60
    assert articles["dateline"].iloc[30:].isna().all()


def test_the_compact_command_merges_a_store(batches_of, tmp_path, capsys):
    from analysis.tools.cli import main

    store = tmp_path / "store"
    for batch in batches_of:
        layout.append(store, _per_article(batch))
    assert main(["compact", str(store)]) == 0
    assert len(layout.parts(store, "mentions")) == 1
    assert "mentions: 3 part(s) -> 1" in capsys.readouterr().err
    assert len(read_store(store)["articles"]) == 90
