"""What the charts draw, from small count tables: whichever path counted the rows, the same finishing steps.

Both the in-memory views and the out-of-core views return counts per key (actor, type, outlet, ...); the
top-N choice, shares, outlet groups and nationality merging happen here, on a few thousand rows at most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.views.palette import NO_GROUP

UNATTRIBUTED = "(unattributed)"


def top_names(counts: pd.DataFrame, key: str, value: str, top: int) -> list[str]:
    """The `top` keys by total `value`, ties broken by name, so the choice never depends on row order."""
    if counts.empty:
        return []
    totals = counts.groupby(key, observed=True)[value].sum()
    totals = totals[totals > 0]
    order = sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [str(k) for k, _ in order[:top]]


def regroup(counts: pd.DataFrame, group_of: Mapping[str, str] | None, values: Sequence[str]) -> pd.DataFrame:
    """Counts per outlet turned into counts per outlet group (NO_GROUP for outlets without one)."""
    if group_of is None or counts.empty:
        return counts
    keys = [c for c in counts.columns if c not in values]
    out = counts.assign(source=counts["source"].astype(str).map(lambda s: group_of.get(s, NO_GROUP)))
    return out.groupby(keys, as_index=False, observed=True, sort=True)[list(values)].sum()


def counts_top(counts: pd.DataFrame, top: int) -> pd.DataFrame:
    """Mentions per actor, type and outlet for the `top` actors (long format, for a stacked bar)."""
    if counts.empty:
        return pd.DataFrame(columns=["actor", "actor_type", "source", "mentions"])
    keep = top_names(counts, "actor", "mentions", top)
    out = counts[counts["actor"].astype(str).isin(keep)].copy()
    for col in ("actor", "actor_type", "source"):
        out[col] = out[col].astype(str)
    out["mentions"] = out["mentions"].astype("int64")
    out["_order"] = out["actor"].map({name: i for i, name in enumerate(keep)}).astype("int64")
    out = out.sort_values(["_order", "source"]).drop(columns="_order").reset_index(drop=True)
    return out[["actor", "actor_type", "source", "mentions"]]


def share_from_counts(counts: pd.DataFrame, top: int) -> pd.DataFrame:
    """Each actor's share of all actor mentions within each outlet, for the `top` actors."""
    if counts.empty:
        return pd.DataFrame(columns=["source", "actor", "mentions", "share"])
    keep = top_names(counts, "actor", "mentions", top)
    per = counts.assign(source=counts["source"].astype(str), actor=counts["actor"].astype(str))
    per = per.groupby(["source", "actor"], as_index=False)["mentions"].sum()
    per["mentions"] = per["mentions"].astype("int64")
    per["share"] = per["mentions"] / per.groupby("source")["mentions"].transform("sum")
    per = per[per["actor"].isin(keep)]
    return per.sort_values(["source", "share", "actor"], ascending=[True, False, True]).reset_index(drop=True)


def quotes_top(counts: pd.DataFrame, top: int) -> pd.DataFrame:
    """Quotes per speaker and outlet for the `top` speakers, unattributed quotes as one speaker."""
    if counts.empty:
        return pd.DataFrame(columns=["speaker", "source", "quotes"])
    rows = counts.assign(speaker=counts["speaker"].astype("string").fillna(UNATTRIBUTED).astype(str),
                         source=counts["source"].astype(str))
    rows = rows.groupby(["speaker", "source"], as_index=False)["quotes"].sum()
    keep = top_names(rows, "speaker", "quotes", top)
    rows = rows[rows["speaker"].isin(keep)].copy()
    rows["speaker"] = rows["speaker"].astype("string")
    rows["quotes"] = rows["quotes"].astype("int64")
    rows["_order"] = rows["speaker"].map({s: i for i, s in enumerate(keep)})
    return rows.sort_values(["_order", "source"]).drop(columns="_order").reset_index(drop=True)


def nationality_map(actors: pd.DataFrame) -> dict[str, str]:
    """Nationality actor -> its country actor ('Russian' -> 'Russia'), where the country is an actor too."""
    if actors.empty or "country" not in actors.columns:
        return {}
    norp = actors[(actors["actor_type"] == "NORP") & actors["country"].notna()]
    countries = set(actors.loc[actors["actor_type"] == "GPE", "actor"].astype(str))
    return {str(a): str(c) for a, c in zip(norp["actor"], norp["country"], strict=True) if str(c) in countries}


def merge_nationalities(counts: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Counts with each nationality counted as its country (typed GPE), one bar per country."""
    to_country = nationality_map(actors)
    if counts.empty or not to_country:
        return counts
    actor = counts["actor"].astype(str)
    hit = actor.isin(list(to_country))
    if not hit.any():
        return counts
    out = counts.assign(actor=actor.where(~hit, actor.map(to_country)),
                        actor_type=counts["actor_type"].astype(str).where(~hit, "GPE"))
    keys = [c for c in out.columns if c != "mentions"]
    return out.groupby(keys, as_index=False, sort=True)["mentions"].sum()


def with_nationalities(names: Sequence[str], actors: pd.DataFrame) -> list[str]:
    """Actor names with the nationalities counted as them ('Russia' -> 'Russia', 'Russian')."""
    to_country = nationality_map(actors)
    chosen = set(names)
    return list(dict.fromkeys([*names, *(n for n, c in to_country.items() if c in chosen)]))


def fill_periods(counts: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp, freq: str) -> pd.DataFrame:
    """Counts per (day, source) with every period from `first` to `last` listed for every source, quiet ones 0."""
    cols = ["day", "source", "value"]
    if counts.empty:
        return pd.DataFrame(columns=cols)
    days = pd.period_range(first, last, freq=freq).start_time
    series = counts.groupby(["day", "source"])["value"].sum()
    full = pd.MultiIndex.from_product([days, sorted(counts["source"].astype(str).unique())], names=["day", "source"])
    return series.reindex(full, fill_value=0).rename("value").reset_index()[cols]
