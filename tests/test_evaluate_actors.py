"""The actor-identity score counts what an analyst would call a split or a wrong merge."""

from __future__ import annotations

import pandas as pd

from analysis.tools.evaluate_actors import score

GOLD = {
    "people": [{"person": "Lena Varga", "variants": ["Lena Varga", "Varga"]},
               {"person": "Imre Varga", "variants": ["Imre Varga"]}],
    "apart": [{"apart": ["Lena Varga", "Imre Varga"], "why": "siblings"}],
}


def mentions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": a, "text": t, "actor": actor, "actor_type": "PERSON"} for a, t, actor in rows])


def test_a_bare_name_joined_to_the_other_sibling_is_a_wrong_merge():
    result = score(mentions(("01_a", "Lena Varga", "Lena Varga"), ("02_b", "Imre Varga", "Imre Varga"),
                            ("02_b", "Varga", "Imre Varga")), GOLD)
    assert result["merged"] == {"Imre Varga": ["Imre Varga", "Lena Varga"]}
    assert result["apart_broken"] == [("Lena Varga", "Imre Varga")]
    assert result["split"] == {"Lena Varga": ["Imre Varga", "Lena Varga"]}


def test_a_bare_name_the_gold_gives_to_another_person_in_that_file_is_scored_as_that_person():
    gold = {**GOLD, "by_file": [{"file": "02_b.txt", "variant": "Varga", "person": "Imre Varga"}]}
    result = score(mentions(("01_a", "Lena Varga", "Lena Varga"), ("01_a", "Varga", "Lena Varga"),
                            ("02_b", "Imre Varga", "Imre Varga"), ("02_b", "Varga", "Imre Varga")), gold)
    assert result["merged"] == {} and result["split"] == {} and result["apart_broken"] == []


def test_a_flagged_bare_name_is_a_split_not_a_merge():
    gold = {**GOLD, "by_file": [{"file": "02_b.txt", "variant": "Varga", "person": "Imre Varga"}]}
    rows = mentions(("01_a", "Lena Varga", "Lena Varga"), ("01_a", "Varga", "Varga"),
                    ("02_b", "Imre Varga", "Imre Varga"), ("02_b", "Varga", "Varga"))
    flagged = score(rows, gold, ambiguous=["Varga"])
    assert flagged["merged"] == {} and flagged["apart_broken"] == []
    assert set(flagged["split"]) == {"Lena Varga", "Imre Varga"}
    assert flagged["flagged_only"] == ["Imre Varga", "Lena Varga"]
    assert score(rows, gold)["flagged_only"] == []
    assert score(rows, gold)["merged"] == {"Varga": ["Imre Varga", "Lena Varga"]}


def test_a_variant_typed_as_a_place_counts_against_its_person_and_a_person_with_no_person_actor_is_missed():
    rows = mentions(("01_a", "Lena Varga", "Lena Varga"), ("02_b", "Imre Varga", "Imre Varga"))
    rows.loc[len(rows)] = {"article_id": "03_c", "text": "Varga", "actor": "Varga", "actor_type": "GPE"}
    rows.loc[len(rows)] = {"article_id": "03_c", "text": "Imre Varga", "actor": "Imre Varga", "actor_type": "ORG"}
    result = score(rows, GOLD)
    assert result["mistyped"] == {"Lena Varga": ["Varga (GPE)"], "Imre Varga": ["Imre Varga (ORG)"]}
    assert result["missed"] == []
    only_org = rows[~((rows["actor_type"] == "PERSON") & (rows["text"] == "Imre Varga"))]
    assert score(only_org, GOLD)["missed"] == ["Imre Varga"]
