"""Which of a name's gazetteer readings an article means: a linear score over evidence, weights learned.

Each reading of a place name gets a feature vector: how big and important the place is (population,
level, capital), how it compares with the name's other readings (a much smaller namesake on another
continent), and what the article says (countries and regions it names, a "Paris, Ky." container, the
dateline, distance to the article's other places). The weights are fitted by
`python -m analysis.tools.train_place_ranker` on annotated geoparsing corpora and shipped in
data/models/place_ranker.json; without that file the hand-set DEFAULT_WEIGHTS apply.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.nlp.gazetteer import Gazetteer, Place, haversine_km
from analysis.paths import ROOT

RANKER_PATH = ROOT / "data" / "models" / "place_ranker.json"

FEATURES: tuple[str, ...] = (
    "log_population",        # log10(population + 10)
    "log_population_gap",    # log10 population below the name's largest reading (<= 0)
    "is_country", "is_region", "is_district", "is_physical", "is_continent",
    "is_capital",
    "capital_of_named_country",  # the capital of a country the article names ("Washington" with "US Senate")
    "main_name",             # the surface is the place's main name, not an alternate
    "country_share",         # share of the article's other place names that point to this country
    "country_named",         # the article names this place's country
    "region_named",          # the article names this place's first-level region
    "container_named",       # "Paris, Ky.": the next name contains this reading
    "dateline_country",      # the dateline city is in this country
    "near_50km", "near_300km", "near_1500km",  # distance to the article's other resolved places
    "far_smaller_namesake",  # another continent than the name's largest reading, and 10x smaller
    "same_continent",        # on the continent most of the article's places are on
)

DEFAULT_WEIGHTS: dict[str, float] = {
    "log_population": 1.0, "log_population_gap": 0.3, "is_country": 3.0, "is_region": 0.0,
    "is_district": -0.5, "is_physical": -0.5, "is_continent": 2.5, "is_capital": 1.5,
    "capital_of_named_country": 1.0, "main_name": 0.5,
    "country_share": 2.0, "country_named": 2.0, "region_named": 2.0, "container_named": 6.0,
    "dateline_country": 2.0, "near_50km": 1.5, "near_300km": 1.0, "near_1500km": 0.5,
    "far_smaller_namesake": -2.0, "same_continent": 0.5,
}

KIND_FLAGS = {"country": 2, "region": 3, "district": 4, "physical": 5, "continent": 6}


@dataclass
class ArticleContext:
    """What an article says about where it is, gathered before any name is resolved."""

    countries: Counter = field(default_factory=Counter)   # country votes of the article's place names
    key_votes: dict[str, Counter] = field(default_factory=dict)  # name key -> its own share of those votes
    named_countries: dict[str, set[str]] = field(default_factory=dict)  # name key -> country codes
    named_regions: dict[str, set[str]] = field(default_factory=dict)    # name key -> admin1 codes
    home_country: str = ""
    continent: str = ""


def features(gaz: Gazetteer, readings: list[tuple[Place, bool]], key: str, ctx: ArticleContext,
             anchors: list[tuple[float, float]], containers: tuple[set[str], set[str]]) -> list[list[float]]:
    """One feature row per reading of the name `key` (the name's own mentions never count as context)."""
    top = max(readings, key=lambda pm: pm[0].population)[0]
    top_log = math.log10(top.population + 10)
    top_continent = gaz.continent_of.get(top.country_code, "")
    votes = ctx.countries.copy()
    votes.subtract(ctx.key_votes.get(key, Counter()))
    total = max(1, sum(v for v in votes.values() if v > 0))
    other_countries = {cc for k, ccs in ctx.named_countries.items() if k != key for cc in ccs}
    other_regions = {a1 for k, a1s in ctx.named_regions.items() if k != key for a1 in a1s}
    container_countries, container_regions = containers
    rows = []
    for place, main in readings:
        log_pop = math.log10(place.population + 10)
        continent = gaz.continent_of.get(place.country_code, "")
        row = [0.0] * len(FEATURES)
        row[0] = log_pop
        row[1] = log_pop - top_log
        if place.feature in KIND_FLAGS:
            row[KIND_FLAGS[place.feature]] = 1.0
        capital = place.place_id in gaz.capitals
        row[7] = float(capital)
        row[8] = float(capital and (place.country_code in other_countries or votes.get(place.country_code, 0) > 0))
        row[9] = float(main)
        row[10] = max(0, votes.get(place.country_code, 0)) / total
        row[11] = float(place.feature != "country" and place.country_code in other_countries)
        row[12] = float(place.feature not in ("region", "country") and place.admin1 in other_regions)
        row[13] = float(
            (place.admin1 in container_regions and place.feature != "region")
            or (place.country_code in container_countries and place.feature != "country")
        )
        row[14] = float(bool(ctx.home_country) and place.country_code == ctx.home_country)
        if anchors and place.feature in ("city", "region", "district"):
            nearest = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in anchors)
            row[15] = float(nearest < 50)
            row[16] = float(nearest < 300)
            row[17] = float(nearest < 1500)
        row[18] = float(continent != top_continent and log_pop < top_log - 1)
        row[19] = float(bool(ctx.continent) and continent == ctx.continent)
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def weights() -> tuple[float, ...]:
    """The shipped learned weights, or the hand-set defaults when no model file is there."""
    table = DEFAULT_WEIGHTS
    if RANKER_PATH.exists():
        table = json.loads(RANKER_PATH.read_text(encoding="utf-8"))["weights"]
    return tuple(float(table.get(name, 0.0)) for name in FEATURES)


def score(row: list[float], w: tuple[float, ...]) -> float:
    return sum(a * b for a, b in zip(row, w, strict=True))
