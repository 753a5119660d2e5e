"""Downloads: a CSV that a spreadsheet opens as text, never as formulas; Parquet that reads back the same."""

from __future__ import annotations

import csv
import io

import pandas as pd

from analysis.views.exports import to_csv_bytes, to_parquet_bytes


def test_cells_a_spreadsheet_would_run_are_neutralised() -> None:
    df = pd.DataFrame({"quote": ["=HYPERLINK(\"http://x\")", "+1", "-2 dead", "@SUM(A1)", "plain", None],
                       "n": [1, 2, 3, 4, 5, 6]})
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(df).decode("utf-8"))))
    assert [r["quote"] for r in rows[:5]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2 dead", "'@SUM(A1)", "plain"]
    assert rows[5]["quote"] == ""
    assert [r["n"] for r in rows] == ["1", "2", "3", "4", "5", "6"]


def test_parquet_download_reads_back_equal() -> None:
    df = pd.DataFrame({"actor": pd.Categorical(["Anna Berg", "Tom Hale"]), "mentions": [3, 1]})
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(df)))
    assert back["actor"].astype(str).tolist() == ["Anna Berg", "Tom Hale"]
    assert back["mentions"].tolist() == [3, 1]
