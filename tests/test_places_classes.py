"""Place classes that news uses and a city gazetteer misses: namesakes, regions, districts, physical
features, abbreviations, places inside organisation names, and words that only look like places.

Every sentence is invented for the test and goes through the real spaCy pipeline and the shipped gazetteer.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.nlp.gazetteer import get_gazetteer, haversine_km
from analysis.nlp.places import build_places


def _one(mentions: list[dict], surface: str) -> dict:
    found = [m for m in mentions if m["text"] == surface]
    assert found, (surface, [(m["text"], m["name"]) for m in mentions])
    return found[0]


def _near(mention: dict, lat: float, lon: float, km: float = 161) -> bool:
    return haversine_km(mention["lat"], mention["lon"], lat, lon) <= km


# --- namesakes: the big place wins unless the article points to the small one -------------------------

@pytest.mark.parametrize(("text", "surface", "lat", "lon"), [
    ("Protesters marched through Manchester on Saturday, police said.", "Manchester", 53.48, -2.24),
    ("Two men were arrested in Colchester after the robbery.", "Colchester", 51.89, 0.90),
    ("Fans gathered in Lafayette for the parade.", "Lafayette", 30.22, -92.02),
])
def test_a_far_smaller_namesake_does_not_beat_the_big_place(places_of, text, surface, lat, lon):
    assert _near(_one(places_of(text), surface), lat, lon)


def test_a_named_container_points_to_the_small_namesake(places_of):
    mentions = places_of("The fair opened in Paris, Ky., and in Manchester, New Hampshire, on Friday.")
    assert _one(mentions, "Paris")["country_code"] == "US"
    assert _near(_one(mentions, "Paris"), 38.21, -84.25)
    assert _near(_one(mentions, "Manchester"), 42.99, -71.46)


def test_nearby_places_point_to_the_small_namesake(places_of):
    mentions = places_of("Flooding closed roads between Lexington and Paris in Bourbon County, Kentucky.")
    assert _near(_one(mentions, "Paris"), 38.21, -84.25)


def test_england_is_the_nation_not_a_distant_namesake(places_of):
    mention = _one(places_of("The virus spread across England last winter."), "England")
    assert mention["country_code"] == "GB" and mention["feature"] == "region"


# --- regions, districts, physical features ----------------------------------------------------------

@pytest.mark.parametrize(("text", "surface", "country", "feature"), [
    ("Floods hit Punjab and Khyber Pakhtunkhwa this week.", "Khyber Pakhtunkhwa", "PK", "region"),
    ("Heavy snow fell across Alberta and Manitoba.", "Manitoba", "CA", "region"),
    ("Police in Gauteng made several arrests.", "Gauteng", "ZA", "region"),
    ("Rail strikes hit Kent and Essex on Monday.", "Kent", "GB", "district"),
    ("A new bar opened in Kreuzberg, residents said.", "Kreuzberg", "DE", "district"),
    ("The spill spread in the Gulf of Mexico.", "Gulf of Mexico", "", "physical"),
    ("Ships crossed the Black Sea at night.", "Black Sea", "", "physical"),
    ("Smugglers crossed the Sahara in trucks.", "Sahara", "", "physical"),
])
def test_regions_districts_and_physical_features_are_found(places_of, text, surface, country, feature):
    mention = _one(places_of(text), surface)
    assert mention["feature"] == feature
    if country:
        assert mention["country_code"] == country


def test_abbreviated_regions_are_found(places_of):
    mentions = places_of("Snow is expected in B.C. on Friday, while a man from Hazard, Ky., was hurt.")
    assert _one(mentions, "B.C.")["name"] == "British Columbia"
    assert _one(mentions, "Ky.")["name"] == "Kentucky"


def test_washington_dc_is_the_capital(places_of):
    mention = _one(places_of("Lawmakers met in Washington, D.C., on Tuesday."), "Washington")
    assert _near(mention, 38.90, -77.04, km=25)


def test_a_place_inside_an_unknown_place_name_is_found(places_of):
    mention = _one(places_of("Crime rose in Far North Queensland this year."), "Queensland")
    assert mention["country_code"] == "AU" and mention["feature"] == "region"


def test_a_place_an_organisation_is_named_after_is_found(places_of):
    mentions = places_of("The Texas Department of State Health Services reported new cases on Monday.")
    assert _one(mentions, "Texas")["name"] == "Texas"


# --- words that are not places here ------------------------------------------------------------------

def test_a_place_name_used_for_a_disease_is_not_a_place(places_of):
    mentions = places_of("Doctors tracked the West Nile virus. West Nile cases rose in Texas.")
    assert {m["text"] for m in mentions} == {"Texas"}


@pytest.mark.parametrize("text", [
    "City officials said the budget was late.",
    "Media reports said the talks had stalled.",
    "The SOS call came at night.",
    "Trade with the West grew, officials in the South East said.",
    "The film was reviewed by the Los Angeles Times on Sunday.",
])
def test_common_words_and_initials_are_not_places(places_of, text):
    assert places_of(text) == []


def test_a_street_named_after_a_place_is_not_the_place(places_of):
    mentions = places_of("The attack happened on Seaton Street in Edmonton, police said.")
    assert {m["text"] for m in mentions} == {"Edmonton"}


def test_a_person_is_not_a_town_named_like_them(places_of):
    mentions = places_of("Fire marshal Doug Logan said the blaze in Oxford, Mississippi, was set. "
                         "Logan said arrests were likely.")
    assert "Logan" not in {m["text"] for m in mentions}
    assert _one(mentions, "Oxford")["country_code"] == "US"


# --- extents -------------------------------------------------------------------------------------------

def test_areas_keep_their_extent_and_cities_stay_points(places_of):
    mentions = places_of("Officials in Kyiv said Russia shelled towns in Kharkiv Oblast near the Black Sea.")
    for m in mentions:
        m.update(article_id="a", source="s")
    places = build_places(pd.DataFrame(mentions)).set_index("name")
    russia = places.loc["Russia"]
    assert russia["min_lat"] < 50 < russia["max_lat"]
    region = places.loc[_one(mentions, "Kharkiv Oblast")["name"]]
    assert region["feature"] == "region" and region["min_lat"] < 49.99 < region["max_lat"]
    assert places.loc["Black Sea", "kind"] == "sea"
    assert math.isnan(places.loc["Kyiv", "min_lat"])


def test_country_extent_across_the_antimeridian_wraps():
    russia = get_gazetteer().places["country:RU"]
    min_lat, min_lon, max_lat, max_lon = russia.extent
    assert min_lon > max_lon  # from the Baltic eastwards over 180°
    assert 40 < min_lat < 45 and max_lat > 75
