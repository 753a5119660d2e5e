"""Per-group sentiment summaries: counts, bootstrap intervals and thin flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.views.sentiment_stats import SUMMARY_COLUMNS, summarise


def _frame(rows: list[tuple[str, str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "actor", "score", "label"])


@pytest.fixture()
def table() -> pd.DataFrame:
    rows = [("A", "Putin", -0.8, -1), ("A", "Putin", -0.6, -1), ("A", "Putin", 0.1, 0), ("A", "Putin", -0.9, -1)]
    rows += [("A", "Zelensky", 0.7, 1), ("A", "Zelensky", 0.0, 0)]
    rows += [("B", "Putin", -0.2, 0), ("B", "Putin", 0.5, 1), ("B", "Putin", 0.6, 1)]
    return _frame(rows)


def test_counts_means_and_labels(table: pd.DataFrame) -> None:
    out = summarise(table).set_index(["source", "actor"])
    putin_a = out.loc[("A", "Putin")]
    assert putin_a["n"] == 4
    assert putin_a["mean"] == pytest.approx((-0.8 - 0.6 + 0.1 - 0.9) / 4)
    assert (putin_a["neg"], putin_a["neu"], putin_a["pos"]) == (3, 1, 0)
    putin_b = out.loc[("B", "Putin")]
    assert (putin_b["neg"], putin_b["neu"], putin_b["pos"]) == (0, 1, 2)
    assert list(out.columns) == list(SUMMARY_COLUMNS)


def test_thin_flags_follow_min_n(table: pd.DataFrame) -> None:
    out = summarise(table, min_n=3).set_index(["source", "actor"])
    assert bool(out.loc[("A", "Zelensky"), "thin"]) is True
    assert bool(out.loc[("A", "Putin"), "thin"]) is False
    assert bool(out.loc[("B", "Putin"), "thin"]) is False
    assert summarise(table, min_n=4)["thin"].tolist() == [False, True, True]


def test_intervals_contain_the_mean_and_stay_within_the_data(table: pd.DataFrame) -> None:
    out = summarise(table)
    assert (out["ci_low"] <= out["mean"]).all() and (out["mean"] <= out["ci_high"]).all()
    spread = table.groupby(["source", "actor"])["score"].agg(["min", "max"]).reset_index()
    merged = out.merge(spread, on=["source", "actor"])
    assert (merged["ci_low"] >= merged["min"] - 1e-12).all()
    assert (merged["ci_high"] <= merged["max"] + 1e-12).all()
    assert (out["ci_high"] > out["ci_low"]).all()


def test_deterministic_given_seed(table: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(summarise(table, seed=3), summarise(table, seed=3))
    assert not summarise(table, seed=3)["ci_low"].equals(summarise(table, seed=4)["ci_low"])


def test_unscored_rows_are_not_counted(table: pd.DataFrame) -> None:
    extra = pd.concat([table, _frame([("A", "Putin", np.nan, 0)])], ignore_index=True)
    out = summarise(extra).set_index(["source", "actor"])
    assert out.loc[("A", "Putin"), "n"] == 4


def test_bootstrap_width_matches_the_standard_error_on_a_large_group() -> None:
    rng = np.random.default_rng(1)
    scores = rng.uniform(-1, 1, 2000)
    frame = _frame([("A", "X", float(s), int(np.sign(s))) for s in scores])
    row = summarise(frame, n_boot=2000).iloc[0]
    half_width = 1.96 * scores.std(ddof=1) / np.sqrt(len(scores))
    assert (row["ci_high"] - row["ci_low"]) / 2 == pytest.approx(half_width, rel=0.15)


def test_constant_group_has_a_point_interval() -> None:
    row = summarise(_frame([("A", "X", 0.4, 1)] * 5)).iloc[0]
    assert row["ci_low"] == pytest.approx(0.4) and row["ci_high"] == pytest.approx(0.4)


def test_empty_input_gives_empty_frame_with_columns() -> None:
    out = summarise(_frame([]))
    assert out.empty and {"source", "actor", *SUMMARY_COLUMNS} <= set(out.columns)


def test_grouping_by_one_column() -> None:
    out = summarise(_frame([("A", "X", 0.5, 1), ("B", "X", -0.5, -1), ("A", "Y", 0.1, 0)]), by=["actor"])
    assert out.set_index("actor")["n"].to_dict() == {"X": 2, "Y": 1}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.sampled_from("xyz"), st.floats(-1, 1, allow_nan=False)),
        min_size=1,
        max_size=60,
    )
)
def test_every_group_interval_contains_its_mean(rows: list[tuple[str, str, float]]) -> None:
    frame = _frame([(s, a, x, int(np.sign(round(x, 1)))) for s, a, x in rows])
    out = summarise(frame, n_boot=200)
    assert out["n"].sum() == len(rows)
    assert (out["ci_low"] <= out["mean"] + 1e-12).all() and (out["mean"] <= out["ci_high"] + 1e-12).all()
    assert (out["thin"] == (out["n"] < 3)).all()
    assert (out["neg"] + out["neu"] + out["pos"] == out["n"]).all()
