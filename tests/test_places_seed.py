"""Places in the seed corpus land where they really are, and no person reaches the map."""

from __future__ import annotations

import pytest

from analysis.nlp.gazetteer import haversine_km
from analysis.nlp.places import extract_place_mentions
from analysis.tools.evaluate_places import main as evaluate_main


@pytest.fixture(scope="module")
def seed_mentions(nlp, seed_corpus):
    rows = []
    texts = [a.text for a in seed_corpus.articles]
    for article, doc in zip(seed_corpus.articles, nlp.pipe(texts), strict=True):
        for m in extract_place_mentions(doc, dateline=article.dateline):
            rows.append({**m, "article_id": article.article_id, "article_text": article.text, "persons": [
                e.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]})
    return rows


@pytest.mark.parametrize(
    ("surface", "lat", "lon", "km"),
    [("Sudzha", 51.19, 35.27, 5), ("Kryvyy Rih", 47.91, 33.34, 25), ("Kursk", 51.73, 36.19, 25),
     ("Jeddah", 21.54, 39.17, 25), ("Odesa", 46.49, 30.74, 25), ("Dnipropetrovsk", 48.45, 35.05, 25),
     ("Kharkiv", 49.99, 36.23, 25), ("Kyiv", 50.45, 30.52, 25), ("Washington", 38.90, -77.02, 25)],
)
def test_seed_city_near_its_true_place(seed_mentions, surface, lat, lon, km):
    found = [m for m in seed_mentions if m["text"] == surface]
    assert found, surface
    for m in found:
        assert haversine_km(m["lat"], m["lon"], lat, lon) < km, m


@pytest.mark.parametrize(("surface", "cc"), [("Kursk region", "RU"), ("Quebec", "CA"), ("Canada", "CA"),
                                             ("Saudi Arabia", "SA"), ("Ukraine", "UA"), ("Russia", "RU")])
def test_seed_region_or_country_in_the_right_country(seed_mentions, surface, cc):
    found = [m for m in seed_mentions if m["text"] == surface]
    assert found and all(m["country_code"] == cc for m in found)


def test_seed_offsets_index_the_cleaned_text(seed_mentions):
    in_text = [m for m in seed_mentions if m["via"] == "text"]
    assert in_text
    for m in in_text:
        assert m["article_text"][m["start"]:m["end"]] == m["text"]


def test_dateline_city_is_on_the_map_marked_as_dateline(seed_tables):
    pm = seed_tables["place_mentions"]
    datelines = pm[pm["via"] == "dateline"]
    assert list(datelines["name"]) == ["London"]
    assert (datelines["start"] == 0).all() and (datelines["end"] == 0).all()
    assert "London" in set(seed_tables["places"]["name"])
    assert set(pm["via"]) == {"text", "dateline"}


def test_no_person_name_reaches_the_map(seed_mentions):
    for m in seed_mentions:
        assert not any(m["text"] in person and m["text"] != person for person in m["persons"]), m
        assert m["text"] not in {"Trump", "Putin", "Zelensky", "Rubio", "Witkoff", "Peskov", "Reuters"}


def test_evaluation_passes_on_the_seed_corpus(capsys):
    assert evaluate_main([]) == 0
    assert "persons/organisations on the map: none" in capsys.readouterr().out
