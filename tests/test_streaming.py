"""Actors of a new batch join the stored actors they name, and only those."""

from __future__ import annotations

import pandas as pd

from analysis.store.streaming import align_actors


def _actors(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["actor_id", "actor", "actor_type"])


def _batch(rows: list[tuple[str, str, str]]) -> dict[str, pd.DataFrame]:
    actors = _actors(rows)
    mentions = pd.DataFrame({"article_id": "b1", "actor_id": actors["actor_id"], "actor": actors["actor"],
                             "actor_type": actors["actor_type"]})
    quotes = pd.DataFrame({"quote_id": ["b1:q0"], "speaker_id": [actors["actor_id"].iloc[0]],
                           "speaker": [actors["actor"].iloc[0]]})
    return {"actors": actors, "mentions": mentions, "quotes": quotes}


STORED = _actors([("vladimir-putin", "Vladimir Putin", "PERSON"), ("oleksandr-syrsky", "Oleksandr Syrsky", "PERSON"),
                  ("ali-hassan", "Ali Hassan", "PERSON"), ("omar-hassan", "Omar Hassan", "PERSON"),
                  ("russia", "Russia", "GPE")])


def test_a_bare_surname_joins_the_one_stored_person_with_it() -> None:
    out = align_actors(_batch([("putin", "Putin", "PERSON")]), STORED)
    assert out["mentions"][["actor_id", "actor"]].values.tolist() == [["vladimir-putin", "Vladimir Putin"]]
    assert out["quotes"][["speaker_id", "speaker"]].values.tolist() == [["vladimir-putin", "Vladimir Putin"]]


def test_a_transliterated_full_name_joins_its_stored_spelling() -> None:
    out = align_actors(_batch([("oleksandr-syrskyi", "Oleksandr Syrskyi", "PERSON")]), STORED)
    assert out["mentions"]["actor_id"].tolist() == ["oleksandr-syrsky"]


def test_a_surname_two_stored_people_share_stays_apart() -> None:
    out = align_actors(_batch([("hassan", "Hassan", "PERSON")]), STORED)
    assert out["mentions"]["actor_id"].tolist() == ["hassan"]


def test_a_surname_with_its_own_full_name_in_the_batch_is_left_to_the_batch() -> None:
    out = align_actors(_batch([("putin", "Putin", "PERSON"), ("lyudmila-putina", "Lyudmila Putin", "PERSON")]),
                       STORED)
    assert out["mentions"]["actor_id"].tolist()[0] == "putin"


def test_a_new_actor_whose_id_is_taken_gets_another() -> None:
    out = align_actors(_batch([("russia", "Russia", "ORG")]), STORED)
    assert out["mentions"]["actor_id"].tolist() == ["russia-2"]
