"""The offline gazetteer: names (main, alternate, any case or accent) -> places with sound coordinates."""

from __future__ import annotations

import pytest

from analysis.nlp.gazetteer import get_gazetteer, haversine_km, normalize, place_kind


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kryvyi Rih", "city"),
        ("Krivoy Rog", "city"),
        ("KIEV", "city"),
        ("the United States", "country"),
        ("U.S.", "country"),
        ("Britain", "country"),
        ("Kursk Oblast", "region"),
        ("the Kursk region", "region"),
        ("Texas", "region"),
        ("Europe", "continent"),
        ("Middle East", "region"),
    ],
)
def test_place_kind_of_known_names(name, kind):
    assert place_kind(name) == kind


@pytest.mark.parametrize("name", ["Zzyqxville", "Ukrainian", "Russian", "Vladimir Putin", "", "the"])
def test_place_kind_is_none_for_non_places(name):
    assert place_kind(name) is None


def test_min_population_hides_small_namesakes():
    assert place_kind("Sudzha") == "city"
    assert place_kind("Sudzha", min_population=100_000) is None


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [("Odessa", "Odesa"), ("Kiev", "Kyiv"), ("Jiddah", "Jeddah"), ("Dnipropetrovsk", "Dnipro"),
     ("Kryvyy Rih", "Kryvyi Rih"), ("Quebec", "Québec"), ("Krivoy Rog", "Kryvyy Rih")],
)
def test_alternate_names_reach_the_same_place(gaz, variant, canonical):
    assert gaz.best(variant).place_id == gaz.best(canonical).place_id


def test_normalize_folds_case_accents_articles_and_possessives():
    assert normalize("Kyiv’s") == "kyiv"
    assert normalize("The Hague") == "hague"
    assert normalize("QUÉBEC") == normalize("quebec")
    assert normalize("U.S.") == "us"


def test_capital_wins_a_bare_ambiguous_name(gaz):
    washington = gaz.best("Washington")
    assert washington.country_code == "US" and washington.feature == "city"
    assert haversine_km(washington.lat, washington.lon, 38.9047, -77.0164) < 25


def test_region_point_lies_among_its_cities(gaz):
    region = gaz.best("Kursk Oblast")
    assert region.feature == "region" and region.country_code == "RU"
    assert haversine_km(region.lat, region.lon, 51.73, 36.19) < 100


@pytest.mark.parametrize(
    ("name", "box"),
    [("Ukraine", (44, 53, 22, 41)), ("Canada", (42, 84, -141, -52)), ("Saudi Arabia", (16, 33, 34, 56))],
)
def test_country_point_inside_the_country(gaz, name, box):
    country = gaz.best(name)
    south, north, west, east = box
    assert country.feature == "country"
    assert south <= country.lat <= north and west <= country.lon <= east


def test_gazetteer_is_built_once_per_process():
    assert get_gazetteer() is get_gazetteer()
