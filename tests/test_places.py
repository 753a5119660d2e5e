"""Place recognition and disambiguation rules, each on invented sentences through the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.nlp.gazetteer import haversine_km
from analysis.nlp.places import build_places, extract_place_mentions
from analysis.views.map_figure import MAP_CONFIG, place_map

ROOT = Path(__file__).resolve().parent.parent


def _only(mentions: list[dict], surface: str) -> dict:
    found = [m for m in mentions if m["text"] == surface]
    assert len(found) == 1, (surface, mentions)
    return found[0]


def test_offsets_point_at_the_surface_text(nlp):
    text = "Talks in Geneva stalled. Later, delegates flew from Oslo to Nairobi."
    doc = nlp(text)
    mentions = extract_place_mentions(doc)
    assert {m["text"] for m in mentions} == {"Geneva", "Oslo", "Nairobi"}
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"]
    assert _only(mentions, "Geneva")["sentence_idx"] == 0
    assert _only(mentions, "Nairobi")["sentence_idx"] == 1


def test_dateline_decides_an_ambiguous_city(places_of):
    sentence = "Police in London said two men were arrested after the protest."
    in_uk = _only(places_of(sentence, dateline="LONDON"), "London")
    in_canada = _only(places_of(sentence, dateline="TORONTO"), "London")
    assert in_uk["country_code"] == "GB"
    assert in_canada["country_code"] == "CA"
    assert haversine_km(in_canada["lat"], in_canada["lon"], 42.98, -81.25) < 25


def test_country_context_decides_an_ambiguous_city(places_of):
    ukraine = _only(places_of("Shelling hit Odessa overnight, the emergency service of Ukraine said."), "Odessa")
    texas = _only(places_of("The oil town of Odessa in Texas saw record heat, officials in Midland said."),
                  "Odessa")
    assert ukraine["country_code"] == "UA" and ukraine["name"] == "Odesa"
    assert texas["country_code"] == "US"


def test_nearby_places_decide_between_namesakes_in_context_countries(places_of):
    text = ("Fighting went on around Pokrovsk as Russia and Ukraine traded strikes. "
            "Kramatorsk and Sloviansk were shelled again.")
    pokrovsk = _only(places_of(text), "Pokrovsk")
    assert pokrovsk["country_code"] == "UA"
    assert haversine_km(pokrovsk["lat"], pokrovsk["lon"], 48.28, 37.18) < 25


def test_demonyms_are_not_places(places_of):
    mentions = places_of("Ukrainian and Russian officials met French diplomats in Geneva.")
    assert [m["text"] for m in mentions] == ["Geneva"]


@pytest.mark.parametrize(
    ("text", "surface", "city"),
    [
        ("Kyiv's troops pushed the line back by two kilometres.", "Kyiv", "Kyiv"),
        ("The Kremlin said the talks would continue next week.", "Kremlin", "Moscow"),
        ("The White House declined to comment on the report.", "White House", "Washington"),
        ("Washington imposed new sanctions on the shipping firm.", "Washington", "Washington"),
    ],
)
def test_metonyms_map_to_their_seat(places_of, text, surface, city):
    mention = _only(places_of(text), surface)
    assert mention["metonym"] is True
    assert mention["name"] == city and mention["feature"] == "city"


def test_a_place_as_setting_is_not_a_metonym(places_of):
    assert _only(places_of("She grew up in Kyiv before moving abroad."), "Kyiv")["metonym"] is False


def test_washington_in_us_politics_is_the_capital(places_of):
    mention = _only(places_of("Lawmakers in Washington passed the budget, the US Senate said."), "Washington")
    assert mention["feature"] == "city"
    assert haversine_km(mention["lat"], mention["lon"], 38.9047, -77.0164) < 25


def test_people_are_not_places(places_of):
    mentions = places_of("Jordan Peterson spoke in Toronto on Monday. Later, Peterson told reporters "
                         "that Paris Hilton had cancelled. Donald Trump called. Trump then left.")
    assert [m["text"] for m in mentions] == ["Toronto"]


def test_a_town_the_model_mistypes_is_recovered_from_the_gazetteer(places_of):
    mentions = places_of("Ukrainian forces held positions near Kryvyi Rih, the army of Ukraine said.")
    town = _only(mentions, "Kryvyi Rih")
    assert town["country_code"] == "UA"
    assert haversine_km(town["lat"], town["lon"], 47.91, 33.34) < 25


def test_region_phrase_resolves_to_the_region(places_of):
    mention = _only(places_of("Troops advanced in the Belgorod region of Russia."), "Belgorod region")
    assert mention["feature"] == "region" and mention["country_code"] == "RU"


def test_build_places_counts_mentions_articles_and_sources():
    rows = [
        {"article_id": "a", "source": "X", "place_id": "1", "name": "Kyiv", "text": "Kyiv"},
        {"article_id": "a", "source": "X", "place_id": "1", "name": "Kyiv", "text": "Kiev"},
        {"article_id": "b", "source": "Y", "place_id": "1", "name": "Kyiv", "text": "Kyiv"},
        {"article_id": "b", "source": "Y", "place_id": "2", "name": "Lviv", "text": "Lviv"},
    ]
    for row in rows:
        row.update(lat=50.0, lon=30.0, country_code="UA", feature="city")
    places = build_places(pd.DataFrame(rows)).set_index("place_id")
    assert places.loc["1", "mentions"] == 3
    assert places.loc["1", "articles"] == 2 and places.loc["1", "sources"] == 2
    assert places.loc["1", "aliases"] == ["Kiev", "Kyiv"]
    assert places.loc["2", "mentions"] == 1
    assert build_places(pd.DataFrame()).empty


def test_map_draws_one_marker_per_place_with_its_outlets_in_the_hover():
    mentions = pd.DataFrame([
        {"article_id": "a", "source": "X", "place_id": "1", "name": "Kyiv", "text": "Kyiv"},
        {"article_id": "a", "source": "X", "place_id": "1", "name": "Kyiv", "text": "Kyiv"},
        {"article_id": "b", "source": "Y", "place_id": "2", "name": "Lviv", "text": "Lviv"},
        {"article_id": "a", "source": "X", "place_id": "2", "name": "Lviv", "text": "Lviv"},
    ]).assign(lat=[50.45, 50.45, 49.84, 49.84], lon=[30.52, 30.52, 24.03, 24.03], country_code="UA",
              feature="city")
    fig = place_map(build_places(mentions), mentions)
    cities = [t for t in fig.data if t.name == "Cities and places"]
    assert len(cities) == 1
    ids = list(cities[0].customdata[:, 0])
    assert sorted(ids) == ["1", "2"]
    sizes = dict(zip(ids, cities[0].marker.size, strict=True))
    assert sizes["1"] == sizes["2"]
    lviv = cities[0].hovertext[ids.index("2")]
    assert "Lviv" in lviv and "X: 1" in lviv and "Y: 1" in lviv
    assert fig.layout.title.text


def test_map_config_points_at_shipped_topojson():
    assert MAP_CONFIG["topojsonURL"] == "/app/static/topojson/"
    world = json.loads((ROOT / "static" / "topojson" / "world_110m.json").read_text(encoding="utf-8"))
    assert world["type"] == "Topology" and "countries" in world["objects"]
    assert (ROOT / "static" / "topojson" / "LICENSE").exists()
