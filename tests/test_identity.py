"""One actor per real person across outlets: each class of name variation, and the must-stay-apart cases.

Rule tests build the mentions table by hand (one article per outlet), so they test the identity rules
rather than what the small NER model guesses; the last tests run the real pipeline on an invented
multi-outlet corpus written one file per outlet. Every name here is invented.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis.nlp.actors import resolve_actors
from analysis.nlp.aliases import load_aliases
from analysis.nlp.given_names import given_relation, skeleton, surname_relation


def corpus(*articles: tuple[str, list[str]]) -> pd.DataFrame:
    """Mentions of PERSON names, one article per outlet: (outlet, [names in order])."""
    rows = []
    for a, (outlet, names) in enumerate(articles):
        for i, name in enumerate(names):
            rows.append({"article_id": f"a{a}", "source": outlet, "start": 20 * i, "end": 20 * i + len(name),
                         "text": name, "label": "PERSON", "sentence_idx": i, "cue": None})
    return pd.DataFrame(rows)


def resolved(mentions: pd.DataFrame, aliases=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return resolve_actors(mentions, place_kind=lambda _name: None, aliases=aliases)


def actors_of(mentions: pd.DataFrame, *texts: str) -> set[str]:
    return set(mentions[mentions["text"].isin(texts)]["actor"])


def variant_reason(actors: pd.DataFrame, actor: str, form: str) -> str:
    row = actors[actors["actor"] == actor].iloc[0]
    reasons = dict(v.split(": ", 1) for v in row["variants"])
    return reasons[form]


# --- name data -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [("Steve", "Steven"), ("Mike", "Michael"), ("Bill", "William"),
                                      ("Volodymyr", "Vladimir"), ("Oleksandr", "Alexander"),
                                      ("Aleksandr", "Alexander"), ("Dmytro", "Dmitry"), ("Dmitri", "Dmitry"),
                                      ("Yuri", "Yurii"), ("Andrii", "Andriy"), ("Serhiy", "Sergei"),
                                      ("Karoline", "Carolyn")])
def test_given_names_of_one_person(a, b):
    assert given_relation(a, b) is not None


@pytest.mark.parametrize(("a", "b"), [("Carl", "Carol"), ("Albert", "Alexander"), ("Donald", "Daniel"),
                                      ("Vladimir", "Viktor"), ("Hunter", "Joseph")])
def test_given_names_of_different_people(a, b):
    assert given_relation(a, b) is None


def test_skeleton_folds_romanisation_schemes():
    assert skeleton("Volodymyr") == skeleton("Vladimir") == "vldmr"
    assert skeleton("Oleksandr") == skeleton("Alexander")


def test_surname_spelling_variants_need_length():
    assert surname_relation("Leavitt", "Levitt") == "spelling variant"
    assert surname_relation("Zelenskyy", "Zelenskiy") == "same name"
    assert surname_relation("Bush", "Bash") is None


# --- merges ---------------------------------------------------------------------------------------------


def test_bare_surname_joins_the_one_full_name_elsewhere_in_the_corpus():
    m, actors = resolved(corpus(("Outlet A", ["Dorian Quillfeather", "Quillfeather"]),
                                ("Outlet B", ["Quillfeather", "Quillfeather"])))
    assert actors_of(m, "Dorian Quillfeather", "Quillfeather") == {"Dorian Quillfeather"}
    assert variant_reason(actors, "Dorian Quillfeather", "Quillfeather").startswith("surname")


def test_bare_surname_prefers_the_same_outlet_over_the_corpus():
    m, _ = resolved(corpus(("Outlet A", ["Marta Vossberg", "Vossberg"]),
                           ("Outlet A", ["Vossberg"]),
                           ("Outlet B", ["Henrik Vossberg", "Vossberg"])))
    a1 = m[m["article_id"] == "a1"]
    assert set(a1["actor"]) == {"Marta Vossberg"}


def test_diminutives_join():
    m, actors = resolved(corpus(("Outlet A", ["Steve Halvorsen"]), ("Outlet B", ["Steven Halvorsen"]),
                                ("Outlet C", ["Mike Darrowby"]), ("Outlet D", ["Michael Darrowby"])))
    assert len(actors_of(m, "Steve Halvorsen", "Steven Halvorsen")) == 1
    assert len(actors_of(m, "Mike Darrowby", "Michael Darrowby")) == 1
    row = actors[actors["actor"].isin(["Steve Halvorsen", "Steven Halvorsen"])].iloc[0]
    assert any("diminutive" in v for v in row["variants"])


def test_transliterations_join():
    m, actors = resolved(corpus(("Outlet A", ["Oleksandr Hrytsenko", "Hrytsenko"]),
                                ("Outlet B", ["Alexander Hrytsenko"]),
                                ("Outlet C", ["Volodymyr Tarasiuk"]), ("Outlet D", ["Vladimir Tarasiuk"]),
                                ("Outlet E", ["Dmytro Kulchenko"]), ("Outlet F", ["Dmitry Kulchenko"])))
    assert len(actors_of(m, "Oleksandr Hrytsenko", "Alexander Hrytsenko", "Hrytsenko")) == 1
    assert len(actors_of(m, "Volodymyr Tarasiuk", "Vladimir Tarasiuk")) == 1
    assert len(actors_of(m, "Dmytro Kulchenko", "Dmitry Kulchenko")) == 1
    assert (actors["variants"].map(lambda v: any("transliteration" in x for x in v))).any()


def test_misspelled_surname_joins_with_a_compatible_given_name():
    m, actors = resolved(corpus(("Outlet A", ["Karoline Bellwether"] * 6), ("Outlet B", ["Carolyn Bellweather"])))
    assert len(actors_of(m, "Karoline Bellwether", "Carolyn Bellweather")) == 1
    assert variant_reason(actors, "Karoline Bellwether", "Carolyn Bellweather") == "spelling variant"


def test_rare_misspelled_bare_surname_joins_a_frequent_person():
    m, _ = resolved(corpus(("Outlet A", ["Karoline Bellwether", "Bellwether", "Bellwether", "Bellwether"]),
                           ("Outlet B", ["Belwether"])))
    assert actors_of(m, "Belwether") == {"Karoline Bellwether"}


def test_bare_given_name_joins_the_person_named_by_surname_in_its_article():
    m, actors = resolved(corpus(("Outlet A", ["Dorian Quillfeather", "Quillfeather"]),
                                ("Outlet B", ["Quillfeather", "Dorian"]),
                                ("Outlet C", ["Dorian"])))
    assert actors_of(m[m["article_id"] == "a1"], "Dorian") == {"Dorian Quillfeather"}
    assert variant_reason(actors, "Dorian Quillfeather", "Dorian") == "given name of a person named in the same article"
    assert actors_of(m[m["article_id"] == "a2"], "Dorian") == {"Dorian Quillfeather"}


def test_bare_given_name_shared_by_two_people_in_the_corpus_stays_apart_and_is_flagged():
    m, actors = resolved(corpus(("Outlet A", ["Dorian Quillfeather", "Quillfeather"]),
                                ("Outlet B", ["Dorian Hartwell", "Hartwell"]),
                                ("Outlet C", ["Dorian"])))
    assert actors_of(m, "Dorian") == {"Dorian"}
    flagged = actors[actors["actor"] == "Dorian"].iloc[0]
    assert flagged["ambiguous"]
    assert set(flagged["ambiguous_with"]) == {"Dorian Quillfeather", "Dorian Hartwell"}


def test_a_given_name_is_not_read_as_a_misspelled_surname():
    m, _ = resolved(corpus(("Outlet A", ["Bashar Qutaybi", "Qutaybi"]),
                           ("Outlet B", ["Mahmoud Bashir", "Bashir", "Bashir", "Bashir"]),
                           ("Outlet C", ["Bashar"])))
    assert actors_of(m, "Bashar") == {"Bashar Qutaybi"}


# --- must stay apart --------------------------------------------------------------------------------------


def test_two_people_sharing_a_given_name_stay_apart():
    m, _ = resolved(corpus(("Outlet A", ["Dana Whitfield"]), ("Outlet B", ["Dana Orloff"])))
    assert len(actors_of(m, "Dana Whitfield", "Dana Orloff")) == 2


def test_two_people_sharing_a_surname_stay_apart_and_the_bare_surname_is_flagged():
    m, actors = resolved(corpus(("Outlet A", ["Harold Brandtner", "Brandtner"]),
                                ("Outlet B", ["Celia Brandtner", "Brandtner"]),
                                ("Outlet C", ["Brandtner", "Brandtner"])))
    assert len(actors_of(m, "Harold Brandtner", "Celia Brandtner")) == 2
    assert set(m[m["article_id"] == "a0"]["actor"]) == {"Harold Brandtner"}
    bare = actors[actors["actor"] == "Brandtner"].iloc[0]
    assert bool(bare["ambiguous"])
    assert list(bare["ambiguous_with"]) == ["Celia Brandtner", "Harold Brandtner"]


def test_father_and_son_stay_apart():
    m, _ = resolved(corpus(("Outlet A", ["Gordon Pikeworth"]), ("Outlet B", ["Gordon Pikeworth Jr."]),
                           ("Outlet C", ["George H. W. Ransome"]), ("Outlet D", ["George W. Ransome"])))
    assert len(actors_of(m, "Gordon Pikeworth", "Gordon Pikeworth Jr.")) == 2
    assert len(actors_of(m, "George H. W. Ransome", "George W. Ransome")) == 2


def test_same_given_name_in_russian_romanisation_joins_only_the_same_surname():
    m, _ = resolved(corpus(("Outlet A", ["Vladimir Gorelkin", "Gorelkin"]),
                           ("Outlet B", ["Volodymyr Tarasiuk", "Tarasiuk"]),
                           ("Outlet C", ["Vladimir Tarasiuk", "Vladimir Gorelkin"])))
    assert actors_of(m, "Vladimir Tarasiuk", "Volodymyr Tarasiuk") == {"Volodymyr Tarasiuk"}
    assert actors_of(m, "Vladimir Gorelkin", "Gorelkin") == {"Vladimir Gorelkin"}


def test_different_formal_names_with_one_spelling_apart_stay_apart():
    m, _ = resolved(corpus(("Outlet A", ["Carl Fenwright"] * 3), ("Outlet B", ["Carol Fenwright"] * 3)))
    assert len(actors_of(m, "Carl Fenwright", "Carol Fenwright")) == 2


def test_the_alias_file_wins_over_every_rule():
    rules = load_aliases("alias,canonical,rule,actor_type\nSteve Halvorsen,Steven Halvorsen,forbid,\n")
    m, _ = resolved(corpus(("Outlet A", ["Steve Halvorsen"]), ("Outlet B", ["Steven Halvorsen"])), rules)
    assert len(actors_of(m, "Steve Halvorsen", "Steven Halvorsen")) == 2
    rules = load_aliases("alias,canonical,rule,actor_type\nOrloff,Dana Whitfield,merge,PERSON\n")
    m, actors = resolved(corpus(("Outlet A", ["Dana Whitfield"]), ("Outlet B", ["Orloff"])), rules)
    assert actors_of(m, "Orloff") == {"Dana Whitfield"}
    assert variant_reason(actors, "Dana Whitfield", "Orloff") == "analyst alias"


# --- noise ------------------------------------------------------------------------------------------------


def test_words_that_are_never_names_are_not_people():
    m, actors = resolved(corpus(("Montreal Gazette", ["Oblast", "Complete", "Gazette", "Dana Whitfield"])))
    assert set(actors["actor"]) == {"Dana Whitfield"}


# --- real pipeline ----------------------------------------------------------------------------------------

STORY = {
    "Harbour Post": "Mayor Robert Kellerman said on Monday that the bridge would reopen. Kellerman, who "
                    "took office in 2021, told reporters the repairs were finished.",
    "Valley Times": "Rob Kellerman, the mayor, said the bridge was safe. Kellerman thanked the engineers.",
    "Coast Ledger": "Kellerman said the city would pay for the repairs. Kellerman spoke at City Hall.",
    "Kyiv Wire": "Ukrainian minister Oleksiy Marchenko said the grain deal was signed. Marchenko said "
                 "Russian officials had agreed.",
    "Moscow Daily": "Alexei Marchenko, the Ukrainian minister, said the grain deal had been signed.",
}


@pytest.fixture(scope="module")
def story_tables(tmp_path_factory):
    from analysis.ingest.corpus import load_corpus
    from analysis.store.pipeline import analyze

    folder: Path = tmp_path_factory.mktemp("story")
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "source", "url", "title", "published"])
        for i, (outlet, text) in enumerate(STORY.items()):
            name = f"{i:02d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            writer.writerow([name, outlet, "", f"Story {i}", "2025-03-1" + str(i)])
    tables, _ = analyze(load_corpus(folder).articles)
    return tables


def test_pipeline_gives_one_actor_per_person_across_outlets(story_tables):
    m = story_tables["mentions"]
    people = m[m["actor_type"] == "PERSON"]
    kellerman = set(people[people["text"].str.contains("Kellerman")]["actor"])
    marchenko = set(people[people["text"].str.contains("Marchenko")]["actor"])
    assert kellerman == {"Robert Kellerman"}
    assert marchenko == {"Oleksiy Marchenko"}
    per_outlet = people[people["actor"] == "Robert Kellerman"].groupby("source").size()
    assert per_outlet.to_dict() == {"Coast Ledger": 2, "Harbour Post": 2, "Valley Times": 2}


def test_actor_table_says_why_each_variant_merged(story_tables):
    actors = story_tables["actors"]
    row = actors[actors["actor"] == "Robert Kellerman"].iloc[0]
    reasons = dict(v.split(": ", 1) for v in row["variants"])
    assert reasons["Rob Kellerman"] == "diminutive"
    assert reasons["Kellerman"].startswith("surname")


def test_nationalities_carry_their_country(story_tables):
    actors = story_tables["actors"].set_index("actor")
    assert actors.loc["Ukrainian", "country"] == "Ukraine"
    assert actors.loc["Russian", "country"] == "Russia"


def test_nationality_switch_counts_nationalities_as_their_country(story_tables):
    from analysis.views import queries

    m = story_tables["mentions"]
    actors = story_tables["actors"]
    gpe = pd.DataFrame([{**m.iloc[0].to_dict(), "actor": "Russia", "actor_id": "russia", "actor_type": "GPE"}])
    with_country = pd.concat([m, gpe], ignore_index=True)
    table = pd.concat([actors, pd.DataFrame([{"actor_id": "russia", "actor": "Russia", "actor_type": "GPE"}])],
                      ignore_index=True)
    out = queries.nationalities_as_countries(with_country, table)
    assert (out["actor"] == "Russia").sum() == (m["actor"] == "Russian").sum() + 1
    assert "Russian" not in set(out["actor"])
    assert "Ukrainian" in set(out["actor"])  # no Ukraine actor to fold it into
    assert len(out) == len(with_country)


@pytest.mark.parametrize(("a", "b"), [("Prigojine", "Prigozhin"), ("Loukachenko", "Lukashenko"),
                                      ("Tsikhanouskaya", "Tikhanovskaya"), ("Kalesnikava", "Kolesnikova"),
                                      ("Tijanovskaya", "Tikhanovskaya")])
def test_surnames_in_other_romanisation_schemes_are_spelling_variants(a: str, b: str) -> None:
    from analysis.nlp.given_names import surname_relation

    assert surname_relation(a.lower(), b.lower()) == "spelling variant"


def test_a_french_romanisation_joins_the_english_one_and_a_wife_stays_apart_from_her_husband():
    m, _ = resolved(corpus(("Outlet A", ["Yevgeny Prigozhin", "Prigozhin", "Sviatlana Tsikhanouskaya",
                                         "Siarhei Tsikhanouski"]),
                           ("Outlet B", ["Evgueni Prigojine", "Svetlana Tikhanovskaya", "Sergei Tikhanovsky"])))
    assert len(actors_of(m, "Yevgeny Prigozhin", "Evgueni Prigojine")) == 1
    assert len(actors_of(m, "Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya")) == 1
    assert len(actors_of(m, "Sviatlana Tsikhanouskaya", "Siarhei Tsikhanouski")) == 2


def test_a_name_that_goes_by_its_middle_name_joins_the_full_name():
    m, actors = resolved(corpus(("Outlet A", ["Tarik Samir Haddadin", "Haddadin"]),
                                ("Outlet B", ["Samir Haddadin"]),
                                ("Outlet C", ["Tarik Haddadin"])))
    assert len(actors_of(m, "Tarik Samir Haddadin", "Samir Haddadin", "Tarik Haddadin")) == 1


def test_a_country_glued_before_a_name_is_not_a_first_given_name():
    m, _ = resolved(corpus(("Outlet A", ["Belarus Tomasz Wierzbicki", "Tomasz Wierzbicki"]),
                           ("Outlet B", ["Tomek Wierzbicky"])))
    assert actors_of(m, "Tomasz Wierzbicki") == {"Tomasz Wierzbicki"}


def test_a_hyphenated_surname_matches_the_same_name_with_a_space():
    m, _ = resolved(corpus(("Outlet A", ["Omari Kellin-Dorsey"]), ("Outlet B", ["Omari Kellin Dorsey"])))
    assert len(actors_of(m, "Omari Kellin-Dorsey", "Omari Kellin Dorsey")) == 1


def test_a_kinship_word_glued_to_a_name_is_dropped(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Spouse Svetlana Marchenko said she would run in place of her husband.")
    assert [m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"] == ["Svetlana Marchenko"]


def test_the_text_saying_two_names_are_one_person_joins_them(nlp):
    from analysis.nlp.actors import extract_mentions, resolve_actors

    doc = nlp("The rebel leader Abu Karim al-Nadiri, whose real name is Yusuf Haddad, spoke on Sunday. "
              "Haddad said the city was calm. Later al-Nadiri left.")
    rows = [{**m, "article_id": "a", "source": "X"} for m in extract_mentions(doc)]
    import pandas as pd

    resolved_mentions, _ = resolve_actors(pd.DataFrame(rows))
    people = resolved_mentions[resolved_mentions["actor_type"] == "PERSON"]
    assert people["actor"].nunique() == 1, people[["text", "actor"]]


def test_a_hyphenated_given_name_matches_the_hyphen_moved_or_respelled():
    m, _ = resolved(corpus(("Outlet A", ["Dauren-Temir Kassenov", "Kassenov"]),
                           ("Outlet B", ["Dauren Temir-Kassenov"]), ("Outlet C", ["Dauryn-Temir Kassenov"])))
    assert len(actors_of(m, "Dauren-Temir Kassenov", "Dauren Temir-Kassenov", "Dauryn-Temir Kassenov")) == 1


def test_a_nationality_or_country_glued_before_a_name_is_cut_but_a_given_name_that_is_a_country_is_not(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Kazakh leader Dauren Kassenov met Israel Katz and Jordan Peterson. Ukrainian Olena Marchuk spoke.")
    people = [m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"]
    assert "Dauren Kassenov" in people and "Olena Marchuk" in people
    assert "Israel Katz" in people and "Jordan Peterson" in people


def test_given_names_a_romanisation_apart_chain_through_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Kasim Dauletov", "Dauletov"]), ("Outlet B", ["Kassym Dauletov"]),
                           ("Outlet C", ["Kassyn Dauletov"])))
    assert len(actors_of(m, "Kasim Dauletov", "Kassym Dauletov", "Kassyn Dauletov")) == 1


def test_a_compound_surname_written_with_and_without_its_hyphen_is_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Parviz Amir-Tahmasebi", "Amir-Tahmasebi"]),
                           ("Outlet B", ["Parviz Amirtahmasebi"])))
    assert len(actors_of(m, "Parviz Amir-Tahmasebi", "Parviz Amirtahmasebi", "Amir-Tahmasebi")) == 1
