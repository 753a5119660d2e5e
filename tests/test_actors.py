"""Canonical actors on invented names: extraction on the real pipeline, resolution rule by rule.

Resolution tests build the mentions table by hand where the rule is about labels (so they do not depend
on what the small NER model happens to guess), and run the real pipeline where the rule is about text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.nlp.actors import extract_mentions, resolve_actors, resolve_name
from analysis.nlp.aliases import AliasRules, load_aliases

MENTION_COLUMNS = ["article_id", "source", "start", "end", "text", "label", "sentence_idx"]


def table(*rows: tuple[str, str, str] | tuple[str, str, str, str]) -> pd.DataFrame:
    """Mentions from (article_id, text, label[, cue]) rows; offsets are made up but distinct."""
    out = []
    for i, row in enumerate(rows):
        article, text, label = row[:3]
        out.append({"article_id": article, "source": f"src-{article}", "start": 10 * i,
                    "end": 10 * i + len(text), "text": text, "label": label, "sentence_idx": i,
                    "cue": row[3] if len(row) > 3 else None})
    return pd.DataFrame(out)


def actor_of(mentions: pd.DataFrame, article: str, text: str) -> set[str]:
    hit = mentions[(mentions["article_id"] == article) & (mentions["text"] == text)]
    return set(hit["actor_id"])


def fake_gazetteer(places: dict[str, str]):
    return lambda name: places.get(name)


@pytest.fixture(scope="module")
def analyse(nlp):
    """Invented articles through the real pipeline -> (mentions, actors)."""

    def run(texts: dict[str, str], place_kind=None, aliases=None) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = []
        for article, doc in zip(texts, nlp.pipe(texts.values()), strict=True):
            for m in extract_mentions(doc):
                assert doc.text[m["start"]:m["end"]] == m["text"]
                rows.append({"article_id": article, "source": f"src-{article}", **m})
        return resolve_actors(pd.DataFrame(rows), place_kind=place_kind, aliases=aliases)

    return run


# ---------------------------------------------------------------------------------------------- extraction


def test_mentions_are_trimmed_spans_with_exact_offsets(nlp) -> None:
    text = ("Senator Marisol Quintero's proposal was debated on Tuesday. "
            "Quintero said the plan would help Ruritania’s farmers.")
    doc = nlp(text)
    mentions = extract_mentions(doc)
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"]
        assert not m["text"].endswith(("'s", "’s", " ", ".", ","))
    texts = [m["text"] for m in mentions]
    assert "Marisol Quintero" in texts
    assert "Quintero" in texts
    assert not any("Senator" in t or t == "Tuesday" for t in texts)


def test_sentence_idx_is_the_index_in_doc_sents(nlp) -> None:
    doc = nlp("Farmers protested in the capital. Later, Marisol Quintero met them.")
    sentences = list(doc.sents)
    found = [m for m in extract_mentions(doc) if m["text"] == "Marisol Quintero"]
    assert len(found) == 1
    sentence = sentences[found[0]["sentence_idx"]]
    assert sentence.start_char <= found[0]["start"] < sentence.end_char
    assert found[0]["sentence_idx"] == 1


def test_title_fragments_and_dates_are_not_mentions(nlp) -> None:
    doc = nlp("Secretary of State Tomas Brennan and Press Secretary Ilse Maarten spoke on March 3, 2024.")
    texts = {m["text"] for m in extract_mentions(doc)}
    assert "Tomas Brennan" in texts
    assert not texts & {"State", "Press", "Secretary of State", "March 3, 2024"}


def test_a_surname_the_model_missed_is_still_a_mention(nlp) -> None:
    text = "Imogen Farrowby arrived late. Reporters waited while Farrowby spoke."
    doc = nlp(text)
    first = doc.char_span(0, len("Imogen Farrowby"), label="PERSON")
    doc.ents = [first]  # the model found only the full name
    mentions = extract_mentions(doc)
    second = text.rindex("Farrowby")
    assert [(m["start"], m["text"]) for m in mentions] == [(0, "Imogen Farrowby"), (second, "Farrowby")]


def test_credit_and_contributor_lines_yield_no_actors(nlp) -> None:
    text = ("Marisol Quintero toured the dam on Friday.\n"
            "Engineers inspect the spillway. Hana Okafor/via Reuters\n"
            "Bertil Lund and Anneke Smit contributed to this report.")
    texts = {m["text"] for m in extract_mentions(nlp(text))}
    assert "Marisol Quintero" in texts
    assert not texts & {"Hana Okafor", "Reuters", "Bertil Lund", "Anneke Smit"}


def test_country_compounds_are_split(nlp) -> None:
    text = "The U.S.-Ruritanian accord and a UK-backed plan were signed."
    doc = nlp(text)
    doc.ents = [doc.char_span(4, 4 + len("U.S.-Ruritanian"), label="NORP")]  # as the model tends to label it
    found = [(m["text"], m["label"]) for m in extract_mentions(doc)]
    assert ("U.S.", "GPE") in found
    assert ("Ruritanian", "NORP") in found
    assert ("UK", "GPE") in found


def test_person_cue_from_the_word_before(nlp) -> None:
    doc = nlp("The agency's chief, Oleh Bilynskyi, said talks would resume.")
    doc.ents = [doc.char_span(20, 35, label="ORG")]
    (mention,) = extract_mentions(doc)
    assert mention["text"] == "Oleh Bilynskyi"
    assert mention["cue"] == "person"


# ---------------------------------------------------------------------------------------------- resolution


def test_surname_links_to_the_full_name_in_the_same_article(analyse) -> None:
    mentions, actors = analyse({
        "a": "Governor Elena Marchetti opened the bridge on Monday. Marchetti said it cost less than hoped.",
    })
    people = actors[actors["actor_type"] == "PERSON"]
    assert list(people["actor"]) == ["Elena Marchetti"]
    assert int(people["mentions"].iloc[0]) == 2
    assert actor_of(mentions, "a", "Marchetti") == {"elena-marchetti"}


def test_surname_links_across_the_corpus_when_only_one_person_has_it() -> None:
    mentions, actors = resolve_actors(table(("a", "Elena Marchetti", "PERSON"), ("b", "Marchetti", "PERSON")))
    assert actor_of(mentions, "b", "Marchetti") == {"elena-marchetti"}
    assert list(actors["actor_id"]) == ["elena-marchetti"]


def test_two_people_sharing_a_surname_stay_apart() -> None:
    mentions, actors = resolve_actors(table(
        ("a", "Paul Hendry", "PERSON"), ("a", "Hendry", "PERSON"),
        ("b", "Laura Hendry", "PERSON"), ("b", "Hendry", "PERSON"),
        ("c", "Hendry", "PERSON"),
    ))
    assert actor_of(mentions, "a", "Hendry") == {"paul-hendry"}
    assert actor_of(mentions, "b", "Hendry") == {"laura-hendry"}
    unresolved = actor_of(mentions, "c", "Hendry")
    assert unresolved.isdisjoint({"paul-hendry", "laura-hendry"})
    assert set(actors["actor_id"]) == {"paul-hendry", "laura-hendry"} | unresolved


def test_a_bare_surname_in_an_article_naming_two_namesakes_is_unresolved() -> None:
    mentions, _ = resolve_actors(table(
        ("a", "Paul Hendry", "PERSON"), ("a", "Laura Hendry", "PERSON"), ("a", "Hendry", "PERSON"),
    ))
    assert actor_of(mentions, "a", "Hendry").isdisjoint({"paul-hendry", "laura-hendry"})


def test_transliteration_variants_merge_when_first_names_agree() -> None:
    mentions, actors = resolve_actors(table(
        ("a", "Oleh Bilynskyi", "PERSON"), ("b", "Oleh Bilynskyy", "ORG"), ("b", "Bilynskyy", "PERSON"),
        ("c", "Oleh Bilynsky", "PERSON"), ("c", "Oleh Bilynsky", "PERSON"), ("d", "Bilynskiy", "PERSON"),
    ))
    people = actors[actors["actor_type"] == "PERSON"]
    assert len(people) == 1
    assert people["actor"].iloc[0] == "Oleh Bilynsky"  # the most frequent spelling
    assert int(people["mentions"].iloc[0]) == 6


def test_transliteration_variants_with_different_first_names_stay_apart() -> None:
    _, actors = resolve_actors(table(("a", "Oleh Bilynskyi", "PERSON"), ("b", "Ivan Bilynsky", "PERSON")))
    assert set(actors["actor_id"]) == {"oleh-bilynskyi", "ivan-bilynsky"}


def test_the_longest_full_name_is_canonical() -> None:
    _, actors = resolve_actors(table(
        ("a", "Quintero", "PERSON"), ("a", "Quintero", "PERSON"), ("a", "Marisol Quintero", "PERSON"),
    ))
    assert list(actors["actor"]) == ["Marisol Quintero"]
    assert actors["aliases"].iloc[0] == ["Quintero", "Marisol Quintero"]


def test_initial_links_to_the_matching_full_name() -> None:
    mentions, _ = resolve_actors(table(
        ("a", "Paul Hendry", "PERSON"), ("a", "Laura Hendry", "PERSON"), ("a", "P. Hendry", "PERSON"),
    ))
    assert actor_of(mentions, "a", "P. Hendry") == {"paul-hendry"}


def test_country_names_and_abbreviations_are_one_actor() -> None:
    names = ["US", "U.S.", "USA", "America", "United States", "United States of America"]
    mentions, actors = resolve_actors(table(*[("a", n, "GPE") for n in names],
                                            ("b", "UK", "GPE"), ("b", "Britain", "GPE"),
                                            ("b", "United Kingdom", "ORG")))
    us = actors[actors["actor_id"] == "united-states"]
    assert us["actor"].tolist() == ["United States"]
    assert int(us["mentions"].iloc[0]) == len(names)
    uk = actors[actors["actor_id"] == "united-kingdom"]
    assert uk["actor_type"].tolist() == ["GPE"]
    assert int(uk["mentions"].iloc[0]) == 3


def test_nationality_plurals_merge_but_stay_apart_from_the_country() -> None:
    _, actors = resolve_actors(table(("a", "Ruritanian", "NORP"), ("a", "Ruritanians", "NORP"),
                                     ("a", "Ruritania", "GPE")))
    assert dict(zip(actors["actor"], actors["mentions"], strict=True)) == {"Ruritanian": 2, "Ruritania": 1}


def test_type_is_the_corpus_vote() -> None:
    _, actors = resolve_actors(table(
        ("a", "Corvin Adeyemi", "PERSON"), ("a", "Adeyemi", "ORG"), ("b", "Adeyemi", "PERSON"),
        ("c", "Adeyemi", "PERSON"),
    ))
    assert actors[["actor", "actor_type"]].values.tolist() == [["Corvin Adeyemi", "PERSON"]]


def test_a_known_place_is_not_a_person() -> None:
    places = fake_gazetteer({"Velmora": "city", "Port Arvel": "city"})
    _, actors = resolve_actors(
        table(("a", "Velmora", "PERSON"), ("b", "Velmora", "GPE"), ("b", "Velmora", "PERSON"),
              ("c", "Port Arvel", "PERSON")),
        place_kind=places,
    )
    types = dict(zip(actors["actor"], actors["actor_type"], strict=True))
    assert types == {"Velmora": "GPE", "Port Arvel": "GPE"}


def test_a_person_whose_surname_is_also_a_town_stays_a_person() -> None:
    places = fake_gazetteer({"Tarragosa": "city"})
    mentions, actors = resolve_actors(
        table(("a", "Lucia Tarragosa", "PERSON"), ("a", "Tarragosa", "PERSON"), ("b", "Tarragosa", "GPE")),
        place_kind=places,
    )
    assert actor_of(mentions, "a", "Tarragosa") == {"lucia-tarragosa"}
    assert dict(zip(actors["actor_id"], actors["actor_type"], strict=True)) == {
        "lucia-tarragosa": "PERSON", "tarragosa": "GPE"}


def test_products_known_as_places_become_places_and_other_labels_are_dropped() -> None:
    places = fake_gazetteer({"Velmora": "city"})
    mentions, actors = resolve_actors(
        table(("a", "Velmora", "PRODUCT"), ("a", "Velmora", "PRODUCT"), ("a", "Zentrix 9", "PRODUCT"),
              ("a", "Tuesday", "DATE"), ("a", "the treaty", "LAW"), ("a", "Wednesday", "PERSON")),
        place_kind=places,
    )
    assert actors[["actor", "actor_type", "mentions"]].values.tolist() == [["Velmora", "GPE", 2]]
    assert set(mentions["text"]) == {"Velmora"}


def test_an_org_cue_keeps_an_agency_that_shares_a_towns_name() -> None:
    places = fake_gazetteer({"Velmora": "city"})
    _, actors = resolve_actors(table(("a", "Velmora", "ORG", "org")), place_kind=places)
    assert actors["actor_type"].tolist() == ["ORG"]


def test_real_gazetteer_retypes_a_city_the_model_called_a_person() -> None:
    gazetteer = pytest.importorskip("analysis.nlp.gazetteer")
    _, actors = resolve_actors(table(("a", "Tbilisi", "PERSON"), ("b", "Tbilisi", "ORG")),
                               place_kind=gazetteer.place_kind)
    assert actors["actor_type"].tolist() == ["GPE"]


def test_output_keeps_extra_columns_and_drops_junk_rows() -> None:
    raw = table(("a", "Elena Marchetti", "PERSON"), ("a", "lowercase junk", "ORG"), ("a", "State", "ORG"))
    raw["score"] = [0.5, 0.1, 0.2]
    mentions, _ = resolve_actors(raw)
    assert mentions[["text", "score", "actor_id", "actor", "actor_type"]].values.tolist() == [
        ["Elena Marchetti", 0.5, "elena-marchetti", "Elena Marchetti", "PERSON"]]


def test_actor_counts_articles_and_sources() -> None:
    raw = table(("a", "Elena Marchetti", "PERSON"), ("b", "Marchetti", "PERSON"),
                ("c", "Marchetti", "PERSON"))
    raw.loc[2, "source"] = "src-b"
    _, actors = resolve_actors(raw)
    assert actors[["mentions", "articles", "sources"]].values.tolist() == [[3, 3, 2]]


def test_actor_ids_are_unique_when_names_collide() -> None:
    rules = load_aliases("alias,canonical,rule\nAnn Lee,Ann-Lee,forbid\n")
    _, actors = resolve_actors(table(("a", "Ann Lee", "PERSON"), ("b", "Ann-Lee", "ORG")), aliases=rules)
    assert sorted(actors["actor_id"]) == ["ann-lee", "ann-lee-org"]


def test_empty_input() -> None:
    mentions, actors = resolve_actors(pd.DataFrame(columns=MENTION_COLUMNS))
    assert mentions.empty and actors.empty
    assert {"actor_id", "actor", "actor_type"} <= set(mentions.columns)
    assert set(actors.columns) >= {"actor_id", "actor", "actor_type", "aliases", "mentions", "articles",
                                   "sources"}


# ---------------------------------------------------------------------------------------------- alias rules

ALIASES = """# analyst's rules
alias,canonical,rule,actor_type
Big Orchard,Velmora City,merge,GPE
Hendry,Paul Hendry,forbid,
"""


def test_alias_merge_wins_and_names_the_actor() -> None:
    rules = load_aliases(ALIASES)
    mentions, actors = resolve_actors(table(("a", "Big Orchard", "ORG"), ("b", "Velmora City", "GPE")),
                                      aliases=rules)
    assert actors[["actor_id", "actor", "actor_type", "mentions"]].values.tolist() == [
        ["velmora-city", "Velmora City", "GPE", 2]]


def test_alias_forbid_wins_over_surname_linking() -> None:
    rules = load_aliases(ALIASES)
    raw = table(("a", "Paul Hendry", "PERSON"), ("a", "Hendry", "PERSON"))
    linked, _ = resolve_actors(raw)
    kept_apart, _ = resolve_actors(raw, aliases=rules)
    assert actor_of(linked, "a", "Hendry") == {"paul-hendry"}
    assert actor_of(kept_apart, "a", "Hendry") == {"hendry"}


def test_alias_forbid_stops_a_country_merge() -> None:
    rules = load_aliases("alias,canonical,rule\nAmerica,United States,forbid\n")
    _, actors = resolve_actors(table(("a", "America", "GPE"), ("a", "US", "GPE")), aliases=rules)
    assert sorted(actors["actor"]) == ["America", "United States"]


def test_aliases_load_from_a_path_and_from_text(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(ALIASES, encoding="utf-8")
    for source in (path, str(path), ALIASES):
        rules = load_aliases(source)
        assert rules.canonical("big orchard") == "Velmora City"
        assert rules.forbidden("HENDRY", "Paul Hendry")
        assert rules.forced_type("Velmora City") == "GPE"


def test_shipped_alias_file_loads() -> None:
    rules = load_aliases(Path(__file__).resolve().parent.parent / "data" / "aliases.csv")
    assert isinstance(rules, AliasRules)


@pytest.mark.parametrize("bad", [
    "alias,canonical,rule\nFoo,Bar,squash\n",
    "alias,canonical,rule,actor_type\nFoo,Bar,merge,PLANET\n",
    "alias,canonical\n,Bar\n",
    "name,target\nFoo,Bar\n",
])
def test_bad_alias_rows_raise(bad: str) -> None:
    with pytest.raises(ValueError):
        load_aliases(bad)


# ---------------------------------------------------------------------------------------------- resolve_name


@pytest.fixture(scope="module")
def resolved() -> tuple[pd.DataFrame, pd.DataFrame]:
    return resolve_actors(table(
        ("a", "Paul Hendry", "PERSON"), ("a", "Hendry", "PERSON"), ("b", "Laura Hendry", "PERSON"),
        ("b", "Ruritania", "GPE"), ("b", "U.S.", "GPE"), ("c", "Corvin Adeyemi", "PERSON"),
    ))


@pytest.mark.parametrize(("name", "expected"), [
    ("Adeyemi", "corvin-adeyemi"),
    ("Mr. Adeyemi", "corvin-adeyemi"),
    ("Ruritania's military", "ruritania"),
    ("America", "united-states"),
    ("spokesperson Laura Hendry", "laura-hendry"),
    ("Hendry", None),
    ("Zebulon Quarrie", None),
    ("", None),
])
def test_resolve_name_across_the_corpus(resolved, name: str, expected: str | None) -> None:
    _, actors = resolved
    assert resolve_name(name, actors) == expected


def test_resolve_name_prefers_the_article(resolved) -> None:
    mentions, actors = resolved
    assert resolve_name("Hendry", actors, mentions[mentions["article_id"] == "a"]) == "paul-hendry"
    assert resolve_name("Hendry", actors, mentions[mentions["article_id"] == "b"]) == "laura-hendry"


def test_an_acronym_organisation_is_not_retyped_as_a_town() -> None:
    places = fake_gazetteer({"VELM": "city", "Velmora": "city"})
    _, actors = resolve_actors(table(("a", "VELM", "ORG"), ("b", "Velmora", "ORG")), place_kind=places)
    assert dict(zip(actors["actor"], actors["actor_type"], strict=True)) == {"VELM": "ORG", "Velmora": "GPE"}


def test_a_name_listed_with_places_gets_a_place_cue(nlp) -> None:
    text = "Missiles struck Odesa, Velmora and Kharkiv overnight."
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label=label)
                for w, label in (("Odesa", "GPE"), ("Velmora", "ORG"), ("Kharkiv", "GPE"))]
    cues = {m["text"]: m["cue"] for m in extract_mentions(doc)}
    assert cues["Velmora"] == "place"
