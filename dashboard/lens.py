"""How a page compares outlets: one by one or by outlet group, and which of them get a colour.

The sidebar holds the choice (bound to the URL like the filters); every page reads it here, so every
chart, legend and evidence panel agrees on what a 'source' row means.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.views.counts import regroup
from analysis.views.palette import NO_GROUP, Palette, palette_for
from analysis.views.queries import outlet_groups

GROUP_EDITS = "outlet_group_edits"
BY_GROUP = "Outlet group"
BY_OUTLET = "Outlet"
_GROUPS: dict[int, tuple[weakref.ref, tuple, dict[str, str]]] = {}


def session_groups(corpus) -> dict[str, str]:
    """Outlet -> group for this session: the corpus's groups with the session's edits on top.

    `corpus` is the session's views (see `dashboard.data.session_views`) or an articles table.
    """
    edits = st.session_state.get(GROUP_EDITS) or {}
    key = tuple(sorted(edits.items()))
    hit = _GROUPS.get(id(corpus))
    if hit is not None and hit[0]() is corpus and hit[1] == key:
        return hit[2]
    pairs = corpus if isinstance(corpus, pd.DataFrame) else corpus.source_groups()
    groups = outlet_groups(pairs, edits)
    _GROUPS[id(corpus)] = (weakref.ref(corpus), key, groups)
    return groups


@dataclass(frozen=True)
class Lens:
    by_group: bool
    group_of: dict[str, str]
    palette: Palette

    @property
    def noun(self) -> str:
        return "Group" if self.by_group else "Outlet"

    def regroup(self, counts: pd.DataFrame, values: Sequence[str]) -> pd.DataFrame:
        """Counts per outlet summed per group when comparing by group."""
        return regroup(counts, self.group_of if self.by_group else None, values)

    def expand(self, picked: Sequence[str], present: Sequence[str]) -> list[str]:
        """Chart picks as series names: the shared 'other' entry stands for every uncoloured series."""
        out = [p for p in picked if p != self.palette.other]
        if len(out) < len(picked):
            out += [s for s in map(str, present) if s not in self.palette.colours]
        return list(dict.fromkeys(out))

    def outlets(self, series: Sequence[str], every: Sequence[str]) -> list[str]:
        """The outlets behind chart series: the series themselves, or the members of the chosen groups."""
        if not self.by_group:
            return list(series)
        wanted = set(series)
        return [s for s in map(str, every) if self.group_of.get(s, NO_GROUP) in wanted]


def current_lens(corpus, by_group: bool | None = None) -> Lens:
    """The lens the sidebar chose (see filters.sidebar_filters), with colours ranked on the whole corpus.

    `by_group` overrides the sidebar, for a page that picks groups itself when outlets are too thin.
    """
    group_of = session_groups(corpus)
    wanted = st.session_state.get("by") == BY_GROUP if by_group is None else by_group
    by_group = bool(group_of) and wanted
    volumes = corpus.sources.set_index("source")["articles"]
    if by_group:
        volumes = volumes.groupby(lambda s: group_of.get(str(s), NO_GROUP)).sum()
    volumes = volumes.sort_values(ascending=False, kind="stable")
    chosen = [] if by_group else list(st.session_state.get("colour") or [])
    noun = "groups" if by_group else "outlets"
    return Lens(by_group, group_of, palette_for(volumes, chosen, noun=noun))
