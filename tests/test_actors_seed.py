"""Canonical actors on the bundled seed corpus, with the real model and the real gazetteer.

Expected counts were made by reading the cleaned text of each article (`load_corpus(...).articles[i].text`)
and counting every occurrence of the person's name, full ("Vladimir Putin") or surname alone ("Putin",
"Putin’s"), in any spelling ("Zelensky"/"Zelenskyy", "Syrsky"/"Syrskyi"); a full name counts once.
Pronouns and roles ("the president", "he") are not named mentions and are not counted.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis.nlp.actors import extract_mentions, resolve_actors

# article-file order: 000 ABC News, 001 Daily Tuesday, 002 and 003 Brussels Reporter, 004 CNews Live English
EXPECTED_MENTIONS = {
    "Putin": [5, 2, 3, 2, 5],
    "Trump": [4, 5, 4, 3, 3],
    "Zelensky": [1, 2, 1, 3, 1],
    "Syrskyi": [0, 1, 2, 1, 0],
    "Peskov": [4, 0, 1, 2, 0],
    "Rubio": [3, 0, 1, 1, 1],
    "Joly": [2, 0, 0, 0, 0],
    "Witkoff": [2, 1, 1, 1, 1],
}
SURNAME_SPELLINGS = {"Zelensky": ("Zelensky", "Zelenskyy"), "Syrskyi": ("Syrsky", "Syrskyi")}


def _place_kind():
    if importlib.util.find_spec("analysis.nlp.gazetteer") is None:
        return None
    from analysis.nlp.gazetteer import place_kind

    return place_kind


@pytest.fixture(scope="module")
def seed_actors(nlp, seed_corpus):
    articles = seed_corpus.articles
    rows = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        for m in extract_mentions(doc):
            rows.append({"article_id": article.article_id, "source": article.source, **m})
    mentions, actors = resolve_actors(pd.DataFrame(rows), place_kind=_place_kind())
    return articles, mentions, actors


def person_actor(actors: pd.DataFrame, surname: str) -> pd.Series:
    spellings = SURNAME_SPELLINGS.get(surname, (surname,))
    hits = actors[actors["aliases"].map(lambda a: any(w in spellings for f in a for w in f.split()))]
    people = hits[hits["actor_type"] == "PERSON"]
    assert len(people) == 1, hits[["actor_id", "actor", "actor_type", "aliases"]]
    assert len(hits) == 1, hits[["actor_id", "actor", "actor_type", "aliases"]]
    return people.iloc[0]


@pytest.mark.parametrize("surname", sorted(EXPECTED_MENTIONS))
def test_one_person_actor_with_the_counted_mentions(seed_actors, surname: str) -> None:
    articles, mentions, actors = seed_actors
    actor = person_actor(actors, surname)
    assert actor["mentions"] == sum(EXPECTED_MENTIONS[surname])
    per_article = mentions[mentions["actor_id"] == actor["actor_id"]].groupby("article_id").size()
    got = [int(per_article.get(a.article_id, 0)) for a in articles]
    assert got == EXPECTED_MENTIONS[surname]


def test_canonical_names_are_the_full_names(seed_actors) -> None:
    _, _, actors = seed_actors
    names = {s: person_actor(actors, s)["actor"] for s in EXPECTED_MENTIONS}
    assert names["Putin"] == "Vladimir Putin"
    assert names["Trump"] == "Donald Trump"
    assert names["Zelensky"] in ("Volodymyr Zelensky", "Volodymyr Zelenskyy")
    assert names["Syrskyi"] in ("Oleksandr Syrsky", "Oleksandr Syrskyi")
    assert person_actor(actors, "Putin")["actor_id"] == "vladimir-putin"


@pytest.mark.parametrize("place", ["Kryvyy Rih", "Kyiv", "Sudzha", "Kursk", "Kharkiv"])
def test_places_are_not_people(seed_actors, place: str) -> None:
    _, mentions, actors = seed_actors
    hits = actors[actors["aliases"].map(lambda a: place in a)]
    assert len(hits) == 1
    assert hits["actor_type"].iloc[0] == "GPE"
    assert (mentions.loc[mentions["text"] == place, "actor_type"] == "GPE").all()


def test_the_united_states_is_one_actor(seed_actors) -> None:
    articles, mentions, actors = seed_actors
    us_forms = {"US", "U.S.", "America", "United States"}
    hits = actors[actors["aliases"].map(lambda a: bool(us_forms & set(a)))]
    found = hits[["actor_id", "actor", "actor_type"]].values.tolist()
    assert found == [["united-states", "United States", "GPE"]]
    assert {"US", "U.S.", "America"} <= set(hits["aliases"].iloc[0])
    # every "US", "U.S." and "America" (not "American") in the cleaned text, "U.S.-proposed" included
    assert hits["mentions"].iloc[0] == 32


def test_no_bylines_or_photo_credits_become_actors(seed_actors) -> None:
    _, _, actors = seed_actors
    names = set(actors["actor"])
    assert not names & {"Saul Loeb", "Tanya Stukalova", "Patrick Reevell", "Will Gretsky", "Social Media"}


def test_no_title_fragments_or_dates_become_actors(seed_actors) -> None:
    _, _, actors = seed_actors
    assert not set(actors["actor"]) & {"State", "Press", "National Security", "Wednesday", "March"}
    assert actors["actor"].map(lambda a: a[:1].isupper() or a[:1].isdigit()).all()


def test_mention_offsets_point_at_their_text(seed_actors) -> None:
    articles, mentions, _ = seed_actors
    texts = {a.article_id: a.text for a in articles}
    for row in mentions.itertuples(index=False):
        assert texts[row.article_id][row.start:row.end] == row.text


@pytest.mark.parametrize(("name", "expected"), [
    ("Peskov", "dmitry-peskov"),
    ("Kremlin spokesperson Dmitry Peskov", "dmitry-peskov"),
    ("President Zelenskyy", "volodymyr-zelensky"),
    ("Ukraine's military", "ukraine"),
    ("the U.S.", "united-states"),
])
def test_speaker_names_resolve_to_seed_actors(seed_actors, name: str, expected: str) -> None:
    from analysis.nlp.actors import resolve_name

    _, mentions, actors = seed_actors
    assert resolve_name(name, actors) == expected
    first_article = mentions[mentions["article_id"] == mentions["article_id"].iloc[0]]
    assert resolve_name(name, actors, first_article) == expected
