"""Per-group sentiment summaries that show how sure they are.

A mean score over three mentions is not a finding, so every group carries its size, its label counts, a
bootstrap 95% interval of the mean and a `thin` flag. The bootstrap is vectorised over all groups at once
(rows sorted by group, one resample index per row and replicate), so thousands of groups stay fast.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SUMMARY_COLUMNS = ("n", "mean", "neg", "neu", "pos", "ci_low", "ci_high", "thin")
_CELLS_PER_CHUNK = 2_000_000
# From this many mentions on, the normal interval of the mean is as good as the bootstrap and costs nothing;
# the bootstrap is kept for small groups, where the normal approximation is poor.
BOOTSTRAP_MAX_N = 50


def bootstrap_means(
    values: np.ndarray, codes: np.ndarray, n_groups: int, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """(n_groups, n_boot) means of resamples drawn with replacement within each group.

    Every group code in [0, n_groups) must occur at least once.
    """
    order = np.argsort(codes, kind="stable")
    x = values[order]
    row_group = codes[order]
    counts = np.bincount(row_group, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    row_start = starts[row_group]
    row_count = counts[row_group]
    means = np.empty((n_groups, n_boot))
    chunk = max(1, min(n_boot, _CELLS_PER_CHUNK // max(len(x), 1)))
    for b0 in range(0, n_boot, chunk):
        k = min(chunk, n_boot - b0)
        idx = row_start + (rng.random((k, len(x))) * row_count).astype(np.int64)
        sums = np.add.reduceat(x[idx], starts, axis=1)
        means[:, b0 : b0 + k] = (sums / counts).T
    return means


def summarise(
    sentiment: pd.DataFrame,
    by: Sequence[str] = ("source", "actor"),
    min_n: int = 3,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per group: n scored mentions, mean score, neg/neu/pos counts, 95% bootstrap CI of the mean, thin.

    Rows without a score are left out of n. The interval is the percentile bootstrap, widened if needed so
    it always contains the observed mean; `thin` marks groups with n < min_n, whose intervals mean little.
    Deterministic given `seed`.
    """
    by = list(by)
    scored = sentiment.loc[sentiment["score"].notna(), [*by, "score", "label"]]
    if scored.empty:
        return pd.DataFrame(columns=[*by, *SUMMARY_COLUMNS])
    grouped = scored.groupby(by, sort=True, dropna=False)
    codes = grouped.ngroup().to_numpy()
    n_groups = int(codes.max()) + 1
    values = scored["score"].to_numpy(dtype=np.float64)
    labels = scored["label"].to_numpy()
    counts = np.bincount(codes, minlength=n_groups)
    mean = np.bincount(codes, weights=values, minlength=n_groups) / counts

    out = grouped.size().reset_index(name="n").drop(columns="n")
    out["n"] = counts
    out["mean"] = mean
    for name, value in (("neg", -1), ("neu", 0), ("pos", 1)):
        out[name] = np.bincount(codes, weights=(labels == value), minlength=n_groups).astype(np.int64)
    if n_boot > 0:
        low, high = _intervals(values, codes, counts, mean, n_boot, np.random.default_rng(seed))
        out["ci_low"] = np.minimum(low, mean)
        out["ci_high"] = np.maximum(high, mean)
    else:
        out["ci_low"] = np.nan
        out["ci_high"] = np.nan
    out["thin"] = counts < min_n
    return out


def _intervals(values: np.ndarray, codes: np.ndarray, counts: np.ndarray, mean: np.ndarray, n_boot: int,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """95% interval of each group's mean: percentile bootstrap for small groups, normal interval for large."""
    sq = np.bincount(codes, weights=values * values, minlength=len(counts))
    var = np.maximum(sq / counts - mean * mean, 0.0) * counts / np.maximum(counts - 1, 1)
    half = 1.96 * np.sqrt(var / counts)
    low, high = mean - half, mean + half
    small = counts < BOOTSTRAP_MAX_N
    if small.any():
        rows = small[codes]
        renumber = np.cumsum(small) - 1
        boot = bootstrap_means(values[rows], renumber[codes[rows]], int(small.sum()), n_boot, rng)
        low[small], high[small] = np.quantile(boot, [0.025, 0.975], axis=1)
    return low, high


def subjectivity_summary(sentiment: pd.DataFrame, by: Sequence[str] = ("source", "actor"), min_n: int = 3,
                         seed: int = 0) -> pd.DataFrame:
    """The same summary of TextBlob subjectivity (0 factual .. 1 opinion) of the sentences around each mention."""
    if "subjectivity" not in sentiment.columns:
        return pd.DataFrame(columns=[*by, *SUMMARY_COLUMNS])
    lens = sentiment.assign(score=sentiment["subjectivity"], label=0)
    return summarise(lens, by=by, min_n=min_n, seed=seed)
