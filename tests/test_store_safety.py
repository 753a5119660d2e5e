"""The Parquet store and the analysis cache: a killed or failed write never leaves a file that later loads
half-written, and a corrupt cache or store is detected, logged and rebuilt instead of crashing."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.ingest.corpus import load_uploads
from analysis.store import parquet as store
from analysis.store.parquet import CACHE_KINDS, AnalysisCache, read_table, write_tables
from analysis.store.per_article import ArticleAnalysis

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Ivel Marrow, the harbour master of Valmora, said on Monday that “the northern pier is safe”. "
    "Officials in Paris said talks would resume."
)


def frame(version: int, rows: int = 1000) -> pd.DataFrame:
    return pd.DataFrame(
        {"version": [version] * rows, "text": [f"row {i} of version {version}" for i in range(rows)]}
    )


def analysis(key: str) -> ArticleAnalysis:
    return ArticleAnalysis(
        content_hash=key,
        sentences=[(0, 10), (11, 20)],
        mentions=[{"start": 0, "end": 4, "text": "Ivel", "label": "PERSON"}],
        quotes=[{"start": 5, "end": 9, "text": "pier", "kind": "direct", "speaker_text": None}],
        place_mentions=[{"start": 12, "end": 19, "text": "Valmora", "place_id": "1"}],
    )


def hidden_leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".")]


# --- atomic writes ----------------------------------------------------------------------------------------


def test_failed_table_write_keeps_the_previous_table_and_no_temporary_file(tmp_path, monkeypatch):
    write_tables({"articles": frame(1)}, tmp_path)
    real = pq.write_table

    def half_then_fail(table, where, **kwargs):
        real(table.slice(0, 10), where, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(store.pq, "write_table", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_tables({"articles": frame(2)}, tmp_path)
    monkeypatch.undo()
    loaded = read_table(tmp_path, "articles")
    assert len(loaded) == 1000 and set(loaded["version"]) == {1}
    assert hidden_leftovers(tmp_path) == []


WRITER = textwrap.dedent("""
    import sys
    import pandas as pd
    from analysis.store.parquet import write_tables
    out = sys.argv[1]
    base = pd.DataFrame({"text": [f"{i * 7919:040d}" for i in range(200_000)]})
    for version in range(1, 10_000):
        write_tables({"articles": base.assign(version=version)}, out)
        print(version, flush=True)
""")


@pytest.mark.slow
def test_killed_writer_never_leaves_a_half_written_table(tmp_path):
    """SIGKILL a process that rewrites a table in a loop; what is on disk is always one whole version.

    Kills are repeated (a bounded number of times) until one lands mid-write, shown by a temporary file
    left behind, so the test proves the case it is about.
    """
    mid_write = 0
    for attempt in range(12):
        out = tmp_path / str(attempt)
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert proc.stdout.readline().strip() == b"1"
            time.sleep(0.05 + 0.13 * attempt)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stdout.close()
        loaded = read_table(out, "articles")
        assert len(loaded) == 200_000
        assert loaded["version"].nunique() == 1
        mid_write += bool(hidden_leftovers(out))
        if mid_write >= 2:
            break
    assert mid_write >= 1, "no kill landed during a write"


# --- the per-article analysis cache -----------------------------------------------------------------------


def saved_cache(folder: Path, keys: list[str]) -> None:
    cache = AnalysisCache(folder)
    for key in keys:
        cache.put(analysis(key))
    cache.save()


def test_cache_round_trip(tmp_path):
    saved_cache(tmp_path, ["a", "b"])
    cache = AnalysisCache(tmp_path)
    assert len(cache) == 2
    hit = cache.get("a")
    assert hit.sentences == [(0, 10), (11, 20)]
    assert hit.place_mentions[0]["text"] == "Valmora"


@pytest.mark.parametrize("kind", [*CACHE_KINDS, "index"])
@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong columns", "missing"])
def test_damaged_cache_is_detected_logged_and_rebuilt(tmp_path, caplog, kind, damage):
    saved_cache(tmp_path, ["a", "b"])
    path = tmp_path / f"{kind}.parquet"
    if damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"PAR1 this is not parquet at all" * 10)
    elif damage == "wrong columns":
        pq.write_table(store.to_arrow(pd.DataFrame({"something": ["else"], "start": ["x"]})), path)
    else:
        path.unlink()
    with caplog.at_level(logging.WARNING, logger="analysis.store.parquet"):
        cache = AnalysisCache(tmp_path)
    if kind == "index" and damage == "missing":
        assert len(cache) == 0 and not caplog.records
        return
    assert len(cache) == 0, "a damaged cache must not be trusted"
    assert any("rebuilding" in r.getMessage() for r in caplog.records)
    cache.put(analysis("c"))
    cache.save()
    assert AnalysisCache(tmp_path).get("c") is not None


def test_cache_save_interrupted_half_way_loads_only_whole_entries(tmp_path, monkeypatch):
    saved_cache(tmp_path, ["a"])
    cache = AnalysisCache(tmp_path)
    cache.put(analysis("b"))
    calls = {"n": 0}
    real = store.atomic_write

    def fail_on_third(table, path):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real(table, path)

    monkeypatch.setattr(store, "atomic_write", fail_on_third)
    with pytest.raises(KeyboardInterrupt):
        cache.save()
    monkeypatch.undo()
    reloaded = AnalysisCache(tmp_path)
    assert reloaded.get("b") is None, "the index is written last: an unfinished save adds nothing"
    a = reloaded.get("a")
    assert a.sentences == [(0, 10), (11, 20)] and len(a.mentions) == 1 and len(a.place_mentions) == 1
    assert hidden_leftovers(tmp_path) == []


# --- the real pipeline over a damaged cache or store ----------------------------------------------------


@pytest.fixture(scope="module")
def articles():
    corpus = load_uploads([("pier.txt", ARTICLE.encode())])
    return corpus.articles


def test_pipeline_over_a_corrupt_cache_reparses_and_repairs_it(tmp_path, caplog, articles):
    from analysis.store.pipeline import analyze

    first, stats = analyze(articles, cache_dir=tmp_path)
    assert stats.parsed == 1
    (tmp_path / "mentions.parquet").write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="analysis.store.parquet"):
        again, stats = analyze(articles, cache_dir=tmp_path)
    assert stats.parsed == 1 and stats.cached == 0
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    pd.testing.assert_frame_equal(first["mentions"], again["mentions"])
    _, stats = analyze(articles, cache_dir=tmp_path)
    assert stats.cached == 1, "the repaired cache is used on the next run"


def test_open_corpus_rebuilds_a_corrupt_store_table(tmp_path, caplog):
    from analysis.store.workspace import open_corpus

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    first = open_corpus(corpus_dir, tmp_path / "store", tmp_path / "cache")
    assert not first.from_store
    target = tmp_path / "store" / first.fingerprint / "quotes.parquet"
    target.write_bytes(target.read_bytes()[:40])
    with caplog.at_level(logging.WARNING):
        second = open_corpus(corpus_dir, tmp_path / "store", tmp_path / "cache")
    assert not second.from_store
    assert any("rebuilding" in r.getMessage() for r in caplog.records)
    pd.testing.assert_frame_equal(first.tables["quotes"], second.tables["quotes"])
    third = open_corpus(corpus_dir, tmp_path / "store", tmp_path / "cache")
    assert third.from_store
