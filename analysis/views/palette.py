"""Colour that scales to hundreds of outlets: a few named colours, everything else one neutral 'other'.

Thirty colours cannot be told apart and a legend of thirty long names crowds the chart out, so only the
largest outlets (or groups), or the ones the analyst picks, get a colour of their own; the rest share one
grey and one legend entry. Names are shortened where space is tight (legends, axes) and kept whole in
hover text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.express as px

COLOUR_LIMIT = 8
COLOURS = px.colors.qualitative.Safe[:COLOUR_LIMIT]
OTHER_COLOUR = "#b8bec6"
NO_GROUP = "(no group)"
SHORT_NAME = 22


def short_name(name: str, width: int = SHORT_NAME) -> str:
    """A name cut to `width` characters at a word boundary where possible, with an ellipsis."""
    name = str(name)
    if len(name) <= width:
        return name
    cut = name[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,-:;") + "…"


def short_names(names: Iterable[str], width: int = SHORT_NAME) -> dict[str, str]:
    """Each name's short form, made unique: two long names that shorten alike get a number."""
    out: dict[str, str] = {}
    taken: dict[str, int] = {}
    for name in dict.fromkeys(map(str, names)):
        short = short_name(name, width)
        if short in taken:
            taken[short] += 1
            short = f"{short_name(name, width - 3)} {taken[short]}"
        taken.setdefault(short, 1)
        out[name] = short
    return out


@dataclass(frozen=True)
class Palette:
    """Colours for the named series; every other series is drawn as `other` in OTHER_COLOUR."""

    colours: Mapping[str, str]
    other: str = "Other outlets"

    def colour(self, name: str) -> str:
        """The series' own colour; the shared 'other' entry and every uncoloured series are OTHER_COLOUR."""
        return self.colours.get(str(name), OTHER_COLOUR)

    def legend(self, name: str) -> str:
        """The legend entry a series is drawn under: its own name, or the shared 'other' entry."""
        return str(name) if str(name) in self.colours else self.other


def palette_for(volumes: Mapping[str, int] | pd.Series, chosen: Sequence[str] = (), limit: int = COLOUR_LIMIT,
                noun: str = "outlets") -> Palette:
    """Colours for the analyst's chosen series first, then the largest by volume, up to `limit`.

    Colours follow rank, not name, so the biggest outlet is always the first colour; `volumes` should be
    counted on the whole corpus so that a filter does not repaint the charts.
    """
    counts = pd.Series(volumes, dtype="float64") if not isinstance(volumes, pd.Series) else volumes
    ranked = [str(n) for n in counts.sort_values(ascending=False, kind="stable").index]
    named = [str(n) for n in chosen if str(n) in set(ranked)][:limit]
    named += [n for n in ranked if n not in named][: limit - len(named)]
    return Palette({n: COLOURS[i] for i, n in enumerate(named)}, other=f"Other {noun}")


def fold_other(frame: pd.DataFrame, palette: Palette, column: str, values: Sequence[str],
               keys: Sequence[str] = ()) -> pd.DataFrame:
    """Rows of series without a colour summed into one 'other' row per key, with how many series it holds.

    Adds `legend` (what the legend shows), `members` (the series behind a row, for hover) and keeps the
    original name in `column` for named series.
    """
    if frame.empty:
        return frame.assign(legend=pd.Series(dtype=str), members=pd.Series(dtype=str))
    df = frame.copy()
    df[column] = df[column].astype(str)
    df["legend"] = df[column].map(palette.legend)
    named = df[df["legend"] != palette.other].copy()
    named["members"] = named[column]
    rest = df[df["legend"] == palette.other]
    if rest.empty:
        return named.reset_index(drop=True)
    group_keys = [*keys, "legend"]
    folded = rest.groupby(group_keys, as_index=False, sort=False, observed=True).agg(
        **{v: (v, "sum") for v in values}, n_members=(column, "nunique"))
    folded[column] = palette.other
    folded["members"] = folded["n_members"].map(lambda n: f"{n} smaller {palette.other.split(' ', 1)[-1]}")
    return pd.concat([named, folded.drop(columns="n_members")], ignore_index=True)
