"""The store as the dashboard reads it: smaller in memory, the same content, and safe to write back out."""

from __future__ import annotations

import io

import pandas as pd

from analysis.store.parquet import write_tables
from analysis.store.workspace import read_store
from analysis.views.exports import to_parquet_bytes


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        elif pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)


def test_lean_read_keeps_every_value_but_the_derivable_sentence(seed_tables, tmp_path) -> None:
    write_tables(seed_tables, tmp_path / "store")
    full = read_store(tmp_path / "store")
    lean = read_store(tmp_path / "store", lean=True)
    assert "sentence" in full["sentiment"].columns
    assert "sentence" not in lean["sentiment"].columns
    assert isinstance(lean["mentions"]["actor"].dtype, pd.CategoricalDtype)
    assert str(lean["mentions"]["start"].dtype) == "int32"
    for name in ("mentions", "quotes", "place_mentions", "sentences"):
        pd.testing.assert_frame_equal(_plain(lean[name]), _plain(full[name]), check_dtype=False)
    assert lean["articles"]["removed"].map(len).tolist() == full["articles"]["removed"].map(len).tolist()


def test_tables_read_lean_can_be_written_and_exported_again(seed_tables, tmp_path) -> None:
    write_tables(seed_tables, tmp_path / "a")
    lean = read_store(tmp_path / "a", lean=True)
    write_tables(lean, tmp_path / "b")
    again = read_store(tmp_path / "b")
    assert len(again["actors"]) == len(seed_tables["actors"])
    assert again["actors"]["aliases"].map(len).sum() == seed_tables["actors"]["aliases"].map(len).sum()
    exported = pd.read_parquet(io.BytesIO(to_parquet_bytes(lean["actors"])))
    assert set(exported["actor"]) == set(seed_tables["actors"]["actor"])
