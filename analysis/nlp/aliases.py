"""Alias rules: the analyst's forced merges and forbidden merges, and the shipped table of country names.

An alias file is CSV with the columns `alias,canonical,rule,actor_type` ('#' starts a comment line).
`rule` is `merge` (mentions written `alias` belong to the actor named `canonical`; the default) or
`forbid` (`alias` and `canonical` never end up in one actor). `actor_type`, optional on a merge row,
fixes the type of the canonical actor. The rules win over every automatic rule in `analysis.actors`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.nlp.names import name_key

COLUMNS = ("alias", "canonical", "rule", "actor_type")
RULES = ("merge", "forbid")
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")

# Country and union names and their abbreviations: (canonical, type, aliases). Small and general on purpose.
COUNTRY_NAMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("United States", "GPE", ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America",
                              "the United States", "the United States of America", "the US", "the U.S.")),
    ("United Kingdom", "GPE", ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain",
                               "United Kingdom of Great Britain and Northern Ireland", "the UK")),
    ("Russia", "GPE", ("Russian Federation", "the Russian Federation")),
    ("United Arab Emirates", "GPE", ("UAE", "U.A.E.", "Emirates")),
    ("China", "GPE", ("People's Republic of China", "PRC", "P.R.C.", "Mainland China")),
    ("South Korea", "GPE", ("Republic of Korea", "ROK")),
    ("North Korea", "GPE", ("Democratic People's Republic of Korea", "DPRK")),
    ("Czech Republic", "GPE", ("Czechia",)),
    ("Netherlands", "GPE", ("the Netherlands", "Holland")),
    ("Turkey", "GPE", ("Türkiye", "Turkiye")),
    ("Ivory Coast", "GPE", ("Côte d'Ivoire", "Cote d'Ivoire")),
    ("Myanmar", "GPE", ("Burma",)),
    ("European Union", "ORG", ("EU", "E.U.", "the European Union")),
    ("United Nations", "ORG", ("UN", "U.N.", "the United Nations")),
    ("NATO", "ORG", ("Nato", "North Atlantic Treaty Organization", "North Atlantic Alliance")),
)


@dataclass(frozen=True)
class AliasRules:
    """Merges (alias key -> canonical name), forbidden pairs of keys, and forced types by canonical key."""

    merges: dict[str, str] = field(default_factory=dict)
    forbids: frozenset[frozenset[str]] = frozenset()
    types: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        """The canonical name an analyst forced for this surface form, if any."""
        return self.merges.get(name_key(name))

    def forbidden(self, a: str, b: str) -> bool:
        """True when the analyst forbade putting names `a` and `b` (any spelling) in one actor."""
        return frozenset((name_key(a), name_key(b))) in self.forbids

    def forced_type(self, canonical: str) -> str | None:
        """The actor type an analyst fixed for a canonical name, if any."""
        return self.types.get(name_key(canonical))

    def __len__(self) -> int:
        return len(self.merges) + len(self.forbids)


def _read_text(source: str | Path) -> str:
    """A Path or a one-line string is a file to read; text with a line break is the CSV itself."""
    if isinstance(source, Path) or ("\n" not in source and Path(source).is_file()):
        return Path(source).read_text(encoding="utf-8-sig")
    if "\n" not in source and "," not in source:
        raise FileNotFoundError(f"no alias file at {source}")
    return source


def parse_aliases(text: str) -> AliasRules:
    """Rules from alias CSV text; a malformed row raises ValueError naming its line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    merges: dict[str, str] = {}
    forbids: set[frozenset[str]] = set()
    types: dict[str, str] = {}
    if not lines:
        return AliasRules()
    reader = csv.DictReader(io.StringIO("\n".join(lines)), skipinitialspace=True)
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    if "alias" not in header or "canonical" not in header:
        raise ValueError(f"alias file needs the columns {', '.join(COLUMNS)}; got {', '.join(header)}")
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        alias = (row.get("alias") or "").strip()
        canonical = (row.get("canonical") or "").strip()
        rule = (row.get("rule") or "merge").strip().lower() or "merge"
        actor_type = (row.get("actor_type") or "").strip().upper()
        if not alias or not canonical:
            raise ValueError(f"alias row {number}: both alias and canonical are needed")
        if rule not in RULES:
            raise ValueError(f"alias row {number}: rule must be one of {', '.join(RULES)}, not {rule!r}")
        if actor_type and actor_type not in ACTOR_TYPES:
            raise ValueError(f"alias row {number}: actor_type must be one of {', '.join(ACTOR_TYPES)}")
        if rule == "forbid":
            forbids.add(frozenset((name_key(alias), name_key(canonical))))
            continue
        merges[name_key(alias)] = canonical
        merges.setdefault(name_key(canonical), canonical)
        if actor_type:
            types[name_key(canonical)] = actor_type
    return AliasRules(merges=merges, forbids=frozenset(forbids), types=types)


def load_aliases(source: str | Path | None) -> AliasRules:
    """Rules from a file path or from CSV text (as edited in the dashboard); None gives no rules."""
    if source is None:
        return AliasRules()
    return parse_aliases(_read_text(source))


@lru_cache(maxsize=1)
def country_table() -> dict[str, tuple[str, str]]:
    """Name key -> (canonical name, type) for every name in `COUNTRY_NAMES` (shared: do not modify)."""
    table: dict[str, tuple[str, str]] = {}
    for canonical, kind, aliases in COUNTRY_NAMES:
        for name in (canonical, *aliases):
            table[name_key(name)] = (canonical, kind)
    return table
