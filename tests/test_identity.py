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
from analysis.nlp.names import strip_name


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
                                      ("Karoline", "Carolyn"), ("Qais", "Kais")])
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
                                      ("Tijanovskaya", "Tikhanovskaya"), ("Jawlani", "Golani"),
                                      ("Tsakhkna", "Cahkna"), ("Gomelauri", "Homelauri"), ("Aqar", "Agar"),
                                      ("Saied", "Said"), ("Qaddour", "Kaddour")])
def test_surnames_in_other_romanisation_schemes_are_spelling_variants(a: str, b: str) -> None:
    from analysis.nlp.given_names import surname_relation

    assert surname_relation(a.lower(), b.lower()) in ("spelling variant", "transliteration or spelling")


@pytest.mark.parametrize(("a", "b"), [("Smith", "Jones"), ("Kerry", "Perry"), ("Aqar", "Amar"),
                                      ("Hossain", "Rahman"), ("Ghani", "Khan")])
def test_different_surnames_are_not_romanisations_of_one(a: str, b: str) -> None:
    from analysis.nlp.given_names import surname_relation

    assert surname_relation(a.lower(), b.lower()) is None


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


def test_a_surname_in_another_scheme_of_romanisation_joins_when_the_given_name_agrees():
    m, actors = resolved(corpus(("Outlet A", ["Tamaz Gobeladze", "Gobeladze"]), ("Outlet B", ["Tamaz Hobeladze"]),
                                ("Outlet C", ["Yusuf al-Jazwani", "Jazwani"]), ("Outlet D", ["Yusuf al-Gazwani"]),
                                ("Outlet E", ["Raul Tsahkvi"]), ("Outlet F", ["Raul Cahkvi"])))
    assert len(actors_of(m, "Tamaz Gobeladze", "Tamaz Hobeladze", "Gobeladze")) == 1
    assert len(actors_of(m, "Yusuf al-Jazwani", "Yusuf al-Gazwani", "Jazwani")) == 1
    assert len(actors_of(m, "Raul Tsahkvi", "Raul Cahkvi")) == 1
    assert variant_reason(actors, "Tamaz Gobeladze", "Tamaz Hobeladze") == "spelling variant"


def test_a_surname_a_slip_apart_joins_only_beside_the_very_same_given_name():
    m, actors = resolved(corpus(("Outlet A", ["Oriane Pelt", "Pelt"]), ("Outlet B", ["Oriane Pelti"]),
                                ("Outlet C", ["Mirela Tcharni", "Tcharni"]), ("Outlet D", ["Mirela Tarni"]),
                                ("Outlet E", ["Oriana Pelto"])))
    assert len(actors_of(m, "Oriane Pelt", "Oriane Pelti", "Pelt")) == 1
    assert len(actors_of(m, "Mirela Tcharni", "Mirela Tarni")) == 1
    assert variant_reason(actors, "Mirela Tcharni", "Mirela Tarni") == "spelling variant"
    # Another given name and a slip of the surname: two signs of difference, kept apart.
    assert len(actors_of(m, "Oriane Pelt", "Oriana Pelto")) == 2


def test_a_given_name_written_as_one_word_or_two_is_one_person():
    m, actors = resolved(corpus(("Outlet A", ["Abdel Karim al-Nasrawi", "Abdel Karim al-Nasrawi", "al-Nasrawi"]),
                                ("Outlet B", ["Abdelkarim El Nasrawi"]), ("Outlet C", ["Abdul Karim Al Nasrawi"])))
    assert len(actors_of(m, "Abdel Karim al-Nasrawi", "Abdelkarim El Nasrawi", "Abdul Karim Al Nasrawi")) == 1
    assert variant_reason(actors, "Abdel Karim al-Nasrawi", "Abdelkarim El Nasrawi") == "same name, written apart"


def test_a_two_word_surname_cut_to_its_first_word_is_one_person():
    m, actors = resolved(corpus(("Outlet A", ["Reza Tabrizi Nouri", "Tabrizi Nouri"]), ("Outlet B", ["Reza Tabrizi"]),
                                ("Outlet C", ["Hamid Tabrizi"])))
    assert len(actors_of(m, "Reza Tabrizi Nouri", "Reza Tabrizi")) == 1
    assert variant_reason(actors, "Reza Tabrizi Nouri", "Reza Tabrizi") == "surname without its second word"
    assert len(actors_of(m, "Reza Tabrizi Nouri", "Hamid Tabrizi")) == 2


def test_a_name_one_letter_off_one_person_and_spelled_like_another_goes_with_the_spelling():
    m, _ = resolved(corpus(("Outlet A", ["Abu Yahya al-Qaddouri", "Qaddouri"]),
                           ("Outlet B", ["Yahya al-Qaddouri"]),
                           ("Outlet C", ["Yahya Selim al-Qaddoura", "al-Qaddoura"])))
    assert actors_of(m, "Yahya al-Qaddouri") == actors_of(m, "Abu Yahya al-Qaddouri")
    assert len(actors_of(m, "Abu Yahya al-Qaddouri", "Yahya Selim al-Qaddoura")) == 2


def test_a_bare_given_name_misspelled_joins_the_one_person_it_can_be():
    m, _ = resolved(corpus(("Outlet A", ["Lyubava Orlenko", "Orlenko"]), ("Outlet B", ["Luybava"]),
                           ("Outlet C", ["Hasan Tarrow", "Tarrow"]), ("Outlet D", ["Haseena"])))
    assert actors_of(m, "Luybava") == {"Lyubava Orlenko"}
    # The same consonants but not the same name: a woman's name is not read as a man's.
    assert actors_of(m, "Haseena") == {"Haseena"}


def test_a_bare_surname_written_first_joins_its_full_name_and_is_flagged_when_two_share_it():
    m, actors = resolved(corpus(("Outlet A", ["Moon Tae-sik", "Moon", "Seo Ha-eun", "Seo"]),
                                ("Outlet B", ["Moon Tae Sik", "Moon"]),
                                ("Outlet C", ["Seo Ha-eun", "Seo Jin-woo", "Seo"])))
    assert actors_of(m, "Moon Tae-sik", "Moon Tae Sik", "Moon") == {"Moon Tae-sik"}
    assert actors_of(m[m["article_id"] == "a0"], "Seo") == {"Seo Ha-eun"}
    flagged = actors[actors["actor"] == "Seo"].iloc[0]
    assert flagged["ambiguous"]
    assert set(flagged["ambiguous_with"]) == {"Seo Ha-eun", "Seo Jin-woo"}


def test_a_bare_surname_in_another_romanisation_joins_the_one_person_it_reads_as():
    m, actors = resolved(corpus(("Outlet A", ["Kalev Tsarkna"]), ("Outlet B", ["Kalev Tsarkna", "Carkna"])))
    assert actors_of(m, "Carkna") == {"Kalev Tsarkna"}
    assert variant_reason(actors, "Kalev Tsarkna", "Carkna") == "surname in another romanisation"


def test_a_shorter_spanish_name_is_part_of_the_full_one():
    m, actors = resolved(corpus(("Outlet A", ["Luis Ernesto Varela Quispe", "Varela"]),
                                ("Outlet B", ["Ernesto Varela"]), ("Outlet C", ["Luis Varela"]),
                                ("Outlet D", ["Varela Quispe", "Marta Varela"])))
    one = actors_of(m, "Luis Ernesto Varela Quispe", "Ernesto Varela", "Luis Varela", "Varela Quispe")
    assert len(one) == 1
    assert variant_reason(actors, next(iter(one)), "Ernesto Varela") == "part of a longer name"
    assert len(actors_of(m, "Luis Ernesto Varela Quispe", "Marta Varela")) == 2


def test_a_name_cut_after_its_first_words_is_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Rafiq Anwar Tamim Chowdury"]), ("Outlet B", ["Rafiq Anwar"]),
                           ("Outlet C", ["Rafiq Selim"])))
    assert len(actors_of(m, "Rafiq Anwar Tamim Chowdury", "Rafiq Anwar")) == 1
    assert len(actors_of(m, "Rafiq Anwar", "Rafiq Selim")) == 2


def test_a_name_starting_at_the_fathers_name_is_not_the_son():
    m, _ = resolved(corpus(("Outlet A", ["Tariq bin Faisal Al Harbi"]), ("Outlet B", ["Faisal Al Harbi"]),
                           ("Outlet C", ["Tariq Al Harbi"])))
    assert len(actors_of(m, "Tariq bin Faisal Al Harbi", "Faisal Al Harbi")) == 2
    assert len(actors_of(m, "Tariq bin Faisal Al Harbi", "Tariq Al Harbi")) == 1


def test_a_contracted_given_name_is_the_full_one():
    m, actors = resolved(corpus(("Outlet A", ["Muhammad Rahmatullah", "Rahmatullah"]), ("Outlet B", ["Md Rahmatullah"]),
                                ("Outlet C", ["Mohd Rahmatullah"]), ("Outlet D", ["Mahmud Kabir"])))
    assert len(actors_of(m, "Muhammad Rahmatullah", "Md Rahmatullah", "Mohd Rahmatullah")) == 1
    assert variant_reason(actors, "Muhammad Rahmatullah", "Md Rahmatullah") == "abbreviation"


def test_a_korean_name_in_two_romanisations_is_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Yoon Seok-min", "Yoon"]), ("Outlet B", ["Yun Suk Min"]),
                           ("Outlet C", ["Jang Duck-sil"]), ("Outlet D", ["Jang Duk Sil"])))
    assert len(actors_of(m, "Yoon Seok-min", "Yun Suk Min")) == 1
    assert len(actors_of(m, "Jang Duck-sil", "Jang Duk Sil")) == 1
    assert len(actors_of(m, "Yoon Seok-min", "Jang Duck-sil")) == 2


def test_a_surname_parsed_as_a_place_joins_the_person_its_article_names():
    rows = corpus(("Outlet A", ["Dorota Wrzesniak", "Wrzesniak"]), ("Outlet B", ["Wrzesniak"]))
    rows.loc[rows["article_id"] == "a0", "label"] = ["PERSON", "GPE"]
    m, actors = resolved(rows)
    article = m[m["article_id"] == "a0"]
    assert set(article["actor"]) == {"Dorota Wrzesniak"}
    assert set(article["actor_type"]) == {"PERSON"}
    # A town's name is the person only where the article names him in full: elsewhere it stays the town.
    rows.loc[rows["article_id"] == "a1", "label"] = "GPE"
    m, _ = resolve_actors(rows, place_kind=lambda name: "city" if name == "Wrzesniak" else None)
    assert set(m[m["article_id"] == "a0"]["actor_type"]) == {"PERSON"}
    assert set(m[m["article_id"] == "a1"]["actor_type"]) == {"GPE"}


def test_a_bare_surname_joins_the_one_initialed_name_when_no_full_name_exists():
    m, actors = resolved(corpus(("Outlet A", ["R Venkataraman"]), ("Outlet B", ["Venkataraman", "Venkataraman"])))
    assert actors_of(m, "R Venkataraman", "Venkataraman") == {"R Venkataraman"}
    assert variant_reason(actors, "R Venkataraman", "Venkataraman") == "surname, the one initialed name in the corpus"


def test_a_bare_surname_in_another_romanisation_goes_to_the_dominant_namesake():
    m, _ = resolved(corpus(("Outlet A", ["Tomas Karunasinghe"] * 10 + ["Karunasinghe"] * 6),
                           ("Outlet B", ["Nilmini Karunasinghe"]), ("Outlet C", ["Karunasinha"])))
    assert actors_of(m, "Karunasinha") == {"Tomas Karunasinghe"}


def test_hyphenated_titles_are_cut_from_names():
    from analysis.nlp.names import strip_name

    assert strip_name("Col-Gen Petrenko") == "Petrenko"
    assert strip_name("Colonel-General Ivan Petrenko") == "Ivan Petrenko"
    assert strip_name("Lt-Gen Ivan Petrenko") == "Ivan Petrenko"
    assert strip_name("PM Petrenko") == "Petrenko"


def test_a_name_the_parser_cut_short_is_completed_from_the_same_article(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("South Korean President Yoon Suk Yeol on Tuesday declared martial law. "
              "Opposition leaders said Yoon Suk Yeol had no grounds.")
    people = [m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"]
    assert people and all(p == "Yoon Suk Yeol" for p in people)


def test_a_title_the_parser_kept_is_not_a_given_name():
    rows = corpus(("Outlet A", ["Ruwan Ekanayaka", "Ekanayaka"]), ("Outlet B", ["General Ekanayaka"]))
    rows.loc[rows["article_id"] == "a1", "label"] = "ORG"
    m, _ = resolved(rows)
    assert actors_of(m, "General Ekanayaka") == {"Ruwan Ekanayaka"}


def test_a_name_written_in_the_other_order_is_one_person():
    m, actors = resolved(corpus(("Outlet A", ["Ernst Lambertin", "Lambertin"]), ("Outlet B", ["Lambertin Ernst"]),
                                ("Outlet C", ["Ernst K. Lambertin"]), ("Outlet D", ["Lambertin Oskar"])))
    one = actors_of(m, "Ernst Lambertin", "Lambertin Ernst", "Ernst K. Lambertin")
    assert len(one) == 1
    assert variant_reason(actors, next(iter(one)), "Lambertin Ernst") == "same name, reversed order"
    assert len(actors_of(m, "Ernst Lambertin", "Lambertin Oskar")) == 2


def _article_rows(nlp, *articles: tuple[str, str]) -> pd.DataFrame:
    """Mentions the real extractor finds in each (outlet, text), one article per outlet."""
    from analysis.nlp.actors import extract_mentions

    rows = []
    for a, (outlet, text) in enumerate(articles):
        rows += [{**m, "article_id": f"a{a}", "source": outlet} for m in extract_mentions(nlp(text))]
    return pd.DataFrame(rows)


def test_relatives_the_text_names_are_two_people_though_one_name_is_part_of_the_other(nlp):
    rows = _article_rows(
        nlp,
        ("Outlet A", "Kamal Yusufzai, the son of the late commander Kamal Azim Yusufzai, joined the talks on Monday."),
        ("Outlet B", "Kamal Azim Yusufzai led the resistance in the valley for two decades."),
        ("Outlet C", "Kamal Yusufzai said his fighters would not surrender."),
    )
    m, _ = resolved(rows)
    assert len(actors_of(m, "Kamal Yusufzai", "Kamal Azim Yusufzai")) == 2
    # Without the sentence that says so, the shorter name is read as part of the longer one.
    m, _ = resolved(rows[rows["article_id"] != "a0"])
    assert len(actors_of(m, "Kamal Yusufzai", "Kamal Azim Yusufzai")) == 1


def test_a_relation_between_two_names_is_recorded_only_when_it_sits_between_them(nlp):
    from analysis.nlp.actors import extract_mentions

    found = {m["text"]: m.get("kin_of") for m in extract_mentions(
        nlp("President Velikov and his brother Boris Velikov left the capital."))}
    assert found == {"Velikov": "Boris Velikov", "Boris Velikov": "Velikov"}
    found = {m["text"]: m.get("kin_of") for m in extract_mentions(
        nlp("She urged the world to hasten Anton Velikov’s downfall  The spouse of outspoken Velikov "
            "opponent Ilya Sorin has declared it."))}
    assert not any(found.values()), found


def test_a_bare_surname_beside_a_relative_is_the_other_person_of_the_article():
    rows = corpus(("Outlet A", ["Anton Velikov", "Boris Velikov", "Velikov", "Velikov"]),
                  ("Outlet B", ["Anton Velikov"]), ("Outlet C", ["Boris Velikov"]))
    rows["kin_of"] = None
    rows.loc[2, "kin_of"] = "Boris Velikov"  # 'Mr Velikov, brother of Boris Velikov, …'
    m, actors = resolved(rows)
    assert m.loc[m["start"] == 40, "actor"].tolist() == ["Anton Velikov"]
    # The other bare 'Velikov' of the article says nothing of who it is: apart, flagged.
    other = m.loc[(m["article_id"] == "a0") & (m["start"] == 60), "actor"].iloc[0]
    assert other == "Velikov"
    assert actors.loc[actors["actor"] == "Velikov", "ambiguous"].iloc[0]


def test_an_accented_given_name_is_not_a_nationality(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Police said retired Army Captain Germán Rivera was captured. The German envoy Klaus Brandt spoke.")
    people = [m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"]
    assert people == ["Germán Rivera", "Klaus Brandt"]


def test_a_rare_respelling_of_a_name_used_alone_joins_the_frequent_one():
    m, actors = resolved(corpus(("Outlet A", ["Rukhsana"] * 12), ("Outlet B", ["Rukhsaana"]),
                                ("Outlet C", ["Rukhsan"])))
    assert actors_of(m, "Rukhsaana") == {"Rukhsana"}
    assert variant_reason(actors, "Rukhsana", "Rukhsaana") == "spelling variant of a frequent name"
    # Another shape (one syllable less, no vowel ending) is another name.
    assert actors_of(m, "Rukhsan") == {"Rukhsan"}


def test_a_bare_surname_goes_to_a_namesake_who_dominates_though_others_are_named_a_few_times():
    m, _ = resolved(corpus(("Outlet A", ["Jorvan Pelletti"] * 20), ("Outlet B", ["Marta Pelletti"] * 3),
                           ("Outlet C", ["Pelletti", "Pelletti"])))
    assert actors_of(m, "Pelletti") == {"Jorvan Pelletti"}
    m, _ = resolved(corpus(("Outlet A", ["Jorvan Pelletti"] * 20), ("Outlet B", ["Marta Pelletti"] * 5),
                           ("Outlet C", ["Pelletti", "Pelletti"])))
    assert actors_of(m, "Pelletti") == {"Pelletti"}


def test_a_long_given_name_two_slips_off_beside_the_same_surname_is_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Davineis Morca", "Morca"]), ("Outlet B", ["Davinez Morca"]),
                           ("Outlet C", ["Lorenzio Lomba"]), ("Outlet D", ["Lorenzia Lomba"])))
    assert len(actors_of(m, "Davineis Morca", "Davinez Morca")) == 1
    assert len(actors_of(m, "Lorenzio Lomba", "Lorenzia Lomba")) == 2


def test_cabinet_and_parliament_titles_are_cut_from_names():
    from analysis.nlp.names import strip_name

    assert strip_name("CS Mwangale") == "Mwangale"
    assert strip_name("MP Anna Korir") == "Anna Korir"


def test_a_bare_surname_another_person_of_the_article_carries_inside_his_name_is_flagged():
    m, actors = resolved(corpus(("Outlet A", ["Brice Oligo Ndama", "Teodor Ndama Obian Mangu", "Ndama"]),
                                ("Outlet B", ["Brice Oligo Ndama", "Ndama"]),
                                ("Outlet C", ["Dina Ercila Boluas Zegar", "Dina Boluas", "Boluas"])))
    assert m.loc[(m["article_id"] == "a0") & (m["text"] == "Ndama"), "actor"].tolist() == ["Ndama"]
    assert actors.loc[actors["actor"] == "Ndama", "ambiguous"].iloc[0]
    assert m.loc[(m["article_id"] == "a1") & (m["text"] == "Ndama"), "actor"].tolist() == ["Brice Oligo Ndama"]
    # The same given name: one person, however long the name.
    assert actors_of(m, "Boluas") == actors_of(m, "Dina Boluas")


def test_a_person_who_took_one_decided_mention_of_an_ambiguous_surname_is_not_flagged():
    m, actors = resolved(corpus(("Outlet A", ["Anton Velikov", "Velikov"]), ("Outlet B", ["Boris Velikov"]),
                                ("Outlet C", ["Clara Velikov"]), ("Outlet D", ["Velikov"])))
    assert actors_of(m, "Velikov") == {"Anton Velikov", "Velikov"}
    flagged = dict(zip(actors["actor"], actors["ambiguous"], strict=True))
    assert flagged["Velikov"] and not flagged["Anton Velikov"]


def _orgs(*articles: tuple[str, list[str]]) -> pd.DataFrame:
    rows = corpus(*articles)
    rows["label"] = "ORG"
    return rows


def test_an_acronym_joins_the_one_organisation_an_article_names_beside_it():
    m, actors = resolved(_orgs(("Outlet A", ["Committee for the Transition and Restoration of Institutions", "CTRI"]),
                               ("Outlet B", ["CTRI"]), ("Outlet C", ["The Economic Community of Central States"]),
                               ("Outlet D", ["Economic Community of Central States", "Eccs"])))
    assert len(actors_of(m, "CTRI", "Committee for the Transition and Restoration of Institutions")) == 1
    assert len(actors_of(m, "Eccs", "Economic Community of Central States",
                         "The Economic Community of Central States")) == 1
    name = next(iter(actors_of(m, "CTRI")))
    assert variant_reason(actors, name, "Committee for the Transition and Restoration of Institutions") == "acronym" \
        or variant_reason(actors, name, "CTRI") == "acronym"


def test_an_acronym_stays_apart_from_initials_it_is_never_named_beside():
    m, _ = resolved(_orgs(("Outlet A", ["BKC", "BKC"]), ("Outlet B", ["Besso Kaldani Centre"]),
                          ("Outlet C", ["National Union", "Nordic Utilities", "NU"])))
    assert actors_of(m, "BKC") == {"BKC"}
    assert actors_of(m, "NU") == {"NU"}


def test_the_office_before_a_name_is_read_with_former_and_without_courtesy_titles():
    from analysis.nlp.names import office_before

    def office(before: str) -> str | None:
        return office_before(before + "Velikov", len(before))

    assert office("Sri Lankan President ") == "president"
    assert office("the former Prime Minister ") == "former prime minister"
    assert office("Mr ") is None and office("his brother ") is None and office("said ") is None


def test_a_bare_surname_with_an_office_goes_to_the_one_namesake_written_with_that_office():
    rows = corpus(("Outlet A", ["Anton Velikov", "Boris Velikov", "Velikov", "Velikov"]),
                  ("Outlet B", ["Anton Velikov"]), ("Outlet C", ["Boris Velikov"]))
    rows["office"] = [None, "former president", "president", None, "president", "finance minister"]
    m, _ = resolved(rows)
    assert m.loc[(m["article_id"] == "a0") & (m["start"] == 40), "actor"].tolist() == ["Anton Velikov"]
    assert m.loc[(m["article_id"] == "a0") & (m["start"] == 60), "actor"].tolist() == ["Velikov"]


# --- lone namesakes, initials, reordered and quoted names ---------------------------------------------------


def test_a_given_name_spelled_by_sound_joins_the_one_person_with_that_surname():
    m, actors = resolved(corpus(("Outlet A", ["Micky Ostrander", "Ostrander"]), ("Outlet B", ["Miki Ostrander"]),
                                ("Outlet C", ["Gegham Tovmasyan"]), ("Outlet D", ["Jegam Tovmasjan"])))
    assert len(actors_of(m, "Micky Ostrander", "Miki Ostrander")) == 1
    assert len(actors_of(m, "Gegham Tovmasyan", "Jegam Tovmasjan")) == 1
    assert variant_reason(actors, "Micky Ostrander", "Miki Ostrander") == (
        "given name spelled by sound, the one person with this surname")


def test_a_given_name_a_slip_off_joins_only_a_person_named_far_more_often():
    often = corpus(("Outlet A", ["Pita Lorvantes"] * 3), ("Outlet B", ["Pita Lorvantes"] * 2),
                   ("Outlet C", ["Pia Lorvantes"]))
    m, _ = resolved(often)
    assert actors_of(m, "Pia Lorvantes") == {"Pita Lorvantes"}
    m, _ = resolved(corpus(("Outlet A", ["Pita Lorvantes"]), ("Outlet B", ["Pia Lorvantes"])))
    assert len(actors_of(m, "Pita Lorvantes", "Pia Lorvantes")) == 2


def test_namesakes_stay_apart_when_a_third_shares_the_surname_or_an_article_names_both():
    m, _ = resolved(corpus(("Outlet A", ["Pita Lorvantes"] * 5), ("Outlet B", ["Pia Lorvantes"]),
                           ("Outlet C", ["Omar Lorvantes"])))
    assert len(actors_of(m, "Pita Lorvantes", "Pia Lorvantes")) == 2
    m, _ = resolved(corpus(("Outlet A", ["Micky Ostrander", "Miki Ostrander"])))
    assert len(actors_of(m, "Micky Ostrander", "Miki Ostrander")) == 2
    # A man's and a woman's name are two people, however alike they sound.
    m, _ = resolved(corpus(("Outlet A", ["Dan Kelvarde"]), ("Outlet B", ["Dana Kelvarde"])))
    assert len(actors_of(m, "Dan Kelvarde", "Dana Kelvarde")) == 2


def test_a_given_name_with_a_surname_initial_is_the_one_person_it_can_be():
    m, actors = resolved(corpus(("Outlet A", ["Tobiah Kressling"]), ("Outlet B", ["Tobiah K", "Tobiah K"]),
                                ("Outlet C", ["Tobiah Brandt"])))
    assert actors_of(m, "Tobiah K") == {"Tobiah Kressling"}
    assert variant_reason(actors, "Tobiah Kressling", "Tobiah K") == "given name and surname initial"
    m, _ = resolved(corpus(("Outlet A", ["Tobiah Kressling"]), ("Outlet B", ["Tobiah K"]),
                           ("Outlet C", ["Tobiah Kovac"])))
    assert len(actors_of(m, "Tobiah K", "Tobiah Kressling", "Tobiah Kovac")) == 3


def test_given_names_in_another_order_are_one_person_and_leave_the_bare_surname_decided():
    m, actors = resolved(corpus(("Outlet A", ["Anton Velimir Drastov", "Drastov"]),
                                ("Outlet B", ["Velimir Anton Drastov", "Drastov"]),
                                ("Outlet C", ["Anton Drastov", "Drastov"]), ("Outlet D", ["Velimir Drastov"])))
    assert len(actors_of(m, "Anton Velimir Drastov", "Velimir Anton Drastov", "Anton Drastov", "Drastov",
                         "Velimir Drastov")) == 1
    assert not actors["ambiguous"].any()


def test_given_name_initials_match_the_full_given_name():
    m, actors = resolved(corpus(("Outlet A", ["Velenkosini Mabuyane", "Mabuyane"]), ("Outlet B", ["VJ Mabuyane"]),
                                ("Outlet C", ["Thando Ngcobo"]), ("Outlet D", ["VJ Ngcobo"])))
    assert actors_of(m, "VJ Mabuyane") == {"Velenkosini Mabuyane"}
    assert variant_reason(actors, "Velenkosini Mabuyane", "VJ Mabuyane") == "abbreviation"
    assert len(actors_of(m, "Thando Ngcobo", "VJ Ngcobo")) == 2


def test_a_nickname_in_quotes_inside_a_name_joins_both_forms():
    m, _ = resolved(corpus(("Outlet A", ["Leandro “Lele” Castellvi"]), ("Outlet B", ["Lele Castellvi"]),
                           ("Outlet C", ["Leandro Castellvi", "Castellvi"])))
    assert len(actors_of(m, "Leandro “Lele” Castellvi", "Lele Castellvi", "Leandro Castellvi", "Castellvi")) == 1


def test_a_bare_surname_joins_a_full_name_with_a_suffix_when_no_plain_one_exists():
    m, _ = resolved(corpus(("Outlet A", ["Rafael Quintero Jr.", "Quintero"]), ("Outlet B", ["Quintero Jr."]),
                           ("Outlet C", ["Quintero"])))
    assert actors_of(m, "Rafael Quintero Jr.", "Quintero Jr.", "Quintero") == {"Rafael Quintero Jr."}
    m, _ = resolved(corpus(("Outlet A", ["Donald Harwell", "Harwell"]), ("Outlet B", ["Donald Harwell Jr."]),
                           ("Outlet C", ["Harwell"])))
    assert actors_of(m[m["article_id"] == "a0"], "Harwell") == {"Donald Harwell"}
    assert len(actors_of(m, "Donald Harwell", "Donald Harwell Jr.")) == 2


def test_a_word_inside_one_full_name_joins_it_when_it_is_no_ones_surname():
    m, actors = resolved(corpus(("Outlet A", ["Tomás Aurelio Brinco da Costa", "Brinco"]), ("Outlet B", ["Brinco"]),
                                ("Outlet C", ["Maria Vellosa", "Vellosa"])))
    assert actors_of(m, "Brinco") == {"Tomás Aurelio Brinco da Costa"}
    assert variant_reason(actors, "Tomás Aurelio Brinco da Costa", "Brinco") == (
        "a word of the full name in the same article")
    m, _ = resolved(corpus(("Outlet A", ["Tomás Aurelio Brinco da Costa"]),
                           ("Outlet B", ["Lucas Brinco Ferraz"]), ("Outlet C", ["Brinco"])))
    assert actors_of(m, "Brinco") == {"Brinco"}


def test_a_surname_sharing_only_consonants_is_not_another_romanisation():
    m, _ = resolved(corpus(("Outlet A", ["Fikile Mkalula", "Mkalula"]), ("Outlet B", ["Mamakolo"]),
                           ("Outlet C", ["Mkalulla"])))
    assert actors_of(m, "Mamakolo") == {"Mamakolo"}
    assert actors_of(m, "Mkalulla") == {"Fikile Mkalula"}


def test_a_glottal_stop_written_apart_and_a_particle_compound_are_one_name():
    m, actors = resolved(corpus(("Outlet A", ["Ronen Ba ‘adi"]), ("Outlet B", ["Ronen Ba’adi"]),
                           ("Outlet C", ["Tahir-ul-Rashad"]), ("Outlet D", ["Rashad", "Rashad"])))
    assert len(actors_of(m, "Ronen Ba ‘adi", "Ronen Ba’adi")) == 1
    assert actors_of(m, "Rashad") == {"Tahir-ul-Rashad"}
    assert variant_reason(actors, "Tahir-ul-Rashad", "Rashad") == "surname, the one full name in the corpus"


def test_middle_names_agree_in_order_and_by_sound_and_honorifics_are_titles():
    m, actors = resolved(corpus(("Outlet A", ["Bassou Kiomaye Diakhor Fayel"]),
                                ("Outlet B", ["Bassou Kiomai Fayel", "Fayel"]),
                                ("Outlet C", ["Bassou Kiomaye Fayel"] * 3),
                                ("Outlet D", ["Syed Hamid Nasrawi"]), ("Outlet E", ["Hamid Nasrawi"] * 2),
                                ("Outlet F", ["Hamid Nasrowi"])))
    assert len(actors_of(m, "Bassou Kiomaye Diakhor Fayel", "Bassou Kiomai Fayel", "Bassou Kiomaye Fayel")) == 1
    assert actors_of(m, "Syed Hamid Nasrawi", "Hamid Nasrowi") == {"Hamid Nasrawi"}
    assert not actors["ambiguous"].any()
    assert strip_name("Sayyed Hamid Nasrawi") == "Hamid Nasrawi"


def test_a_word_inside_a_full_name_is_found_whatever_its_doubled_letters():
    m, _ = resolved(corpus(("Outlet A", ["Marcelo Javier Zegarra Gutiérrez", "Zegarra", "Zegarra"])))
    assert actors_of(m, "Zegarra") == {"Marcelo Javier Zegarra Gutiérrez"}


def test_a_verb_opening_a_question_is_not_a_given_name(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Will Mamadou Kandeh, an opponent jailed since July, be the first to benefit from the amnesty? "
              "Will Tarrant, the party's spokesman, said on Monday that Mamadou Kandeh would be freed.")
    people = [m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"]
    assert "Mamadou Kandeh" in people
    assert not any(p.startswith("Will Mamadou") for p in people)
    assert "Will Tarrant" in people


def test_an_organisation_is_not_cut_to_an_open_bracket():
    from analysis.nlp.names import trim_span

    for span, name in (("Democratic Alliance (DA", "Democratic Alliance"), ("Democratic Alliance (DA)",
                       "Democratic Alliance"), ("(Reuters) Joe Biden", "Joe Biden"),
                       ("Joe (Joseph) Biden", "Joe (Joseph) Biden")):
        start, end = trim_span(span, 0, len(span))
        assert span[start:end] == name


def test_a_surname_typed_as_a_town_joins_the_person_its_article_names_but_not_after_in():
    rows = corpus(("Outlet A", ["Halvard Brisco", "Brisco", "Brisco", "Brisco"]), ("Outlet B", ["Brisco"]),
                  ("Outlet C", ["Halvard Brisco"]), ("Outlet D", ["Brisco Airport", "Brisco"]))
    rows["label"] = ["PERSON", "GPE", "GPE", "GPE", "GPE", "PERSON", "PERSON", "GPE"]
    rows.loc[3, "cue"] = "place"  # 'in Brisco', the town
    m, actors = resolve_actors(rows, place_kind=lambda name: "city" if name == "Brisco" else None)
    # A town's name opening a name the parser typed PERSON once ('Brisco Airport') is not a given name.
    assert m[(m["article_id"] == "a3") & (m["text"] == "Brisco")]["actor_type"].tolist() == ["GPE"]
    m = m[m["article_id"] != "a3"]
    # One opening a name written in full again and again is a surname written first.
    korean = corpus(("Outlet A", ["Hwang Jin-sook", "Hwang"]), ("Outlet B", ["Hwang Jin-sook"]))
    korean["label"] = ["PERSON", "GPE", "PERSON"]
    k, _ = resolve_actors(korean, place_kind=lambda name: "city" if name == "Hwang" else None)
    assert set(k["actor"]) == {"Hwang Jin-sook"} and set(k["actor_type"]) == {"PERSON"}
    person = m[m["actor"] == "Halvard Brisco"]
    assert len(person) == 4 and set(person["actor_type"]) == {"PERSON"}
    assert variant_reason(actors, "Halvard Brisco", "Brisco") == "surname, full name in the same article"
    assert set(m[m["actor"] != "Halvard Brisco"]["actor_type"]) == {"GPE"}  # 'in Brisco' and outlet B's town
    assert len(m[m["actor"] != "Halvard Brisco"]) == 2


def test_a_surname_typed_as_a_people_joins_the_one_person_so_named_and_nationalities_stay():
    rows = corpus(("Outlet A", ["Aram Tevosyants", "Tevosyants"]), ("Outlet B", ["Tevosyants", "Ruritanian"]),
                  ("Outlet C", ["Bertrand Christian", "Christian"]))
    rows["label"] = ["PERSON", "NORP", "NORP", "NORP", "PERSON", "NORP"]
    m, actors = resolved(rows)
    assert set(m[m["text"] == "Tevosyants"]["actor"]) == {"Aram Tevosyants"}
    assert set(actors[actors["actor"] == "Aram Tevosyants"]["actor_type"]) == {"PERSON"}
    # A word that is a given name ('Christian') or names a people stays what the parser said.
    assert set(m[m["text"].isin(["Ruritanian", "Christian"])]["actor_type"]) == {"NORP"}


def test_a_full_name_typed_as_an_organisation_joins_the_person_it_spells():
    rows = corpus(("Outlet A", ["Kasym-Bolat Temirov", "Kasym-Bolat Temirov"]), ("Outlet B", ["Qasym-Bolat Temirov"]),
                  ("Outlet C", ["Ostrava Steelworks"]), ("Outlet D", ["Velmoran Tesk", "Sergeant Velmoran Tesk"]),
                  ("Outlet E", ["Sergeant Kasym-Bolat Temirov"]))
    rows["label"] = ["PERSON", "PERSON", "ORG", "ORG", "ORG", "ORG", "ORG"]
    m, actors = resolved(rows)
    assert set(m[m["text"].str.contains("Temirov")]["actor"]) == {"Kasym-Bolat Temirov"}
    assert actors[actors["actor"] == "Kasym-Bolat Temirov"]["actor_type"].tolist() == ["PERSON"]
    assert variant_reason(actors, "Kasym-Bolat Temirov", "Sergeant Kasym-Bolat Temirov") == (
        "full name after a title the parser kept")
    # A name no person of the corpus can be, and no first name opens, stays what the parser said.
    assert set(m[m["text"].str.contains("Tesk|Ostrava")]["actor_type"]) == {"ORG"}


def test_a_full_name_the_parser_never_typed_a_person_is_one_when_a_first_name_opens_it():
    rows = corpus(("Outlet A", ["Kyrylo Dovhanyuk", "Dovhanyuk", "Dovhanyuk"]),
                  ("Outlet B", ["Eliana Revuelta Páez", "Sergeant Eliana Revuelta Páez"]),
                  ("Outlet C", ["Samat Orazbek", "August House", "Maria TV", "Kenya Tuko", "Nadia Velko’s Fund"]))
    rows["label"] = ["ORG", "ORG", "ORG", "GPE", "ORG", "NORP", "ORG", "ORG", "ORG", "ORG"]
    m, actors = resolved(rows)
    kinds = dict(zip(m["text"], m["actor_type"], strict=False))
    for name in ("Kyrylo Dovhanyuk", "Dovhanyuk", "Eliana Revuelta Páez", "Samat Orazbek"):
        assert kinds[name] == "PERSON", name
    assert set(m[m["text"].str.contains("Dovhanyuk")]["actor"]) == {"Kyrylo Dovhanyuk"}
    assert set(m[m["text"].str.contains("Revuelta")]["actor"]) == {"Eliana Revuelta Páez"}
    assert variant_reason(actors, "Eliana Revuelta Páez", "Sergeant Eliana Revuelta Páez") == (
        "full name after a title the parser kept")
    # An ordinary word, an acronym, a country opening the span or a possessive: not a person's name.
    for name in ("August House", "Maria TV", "Kenya Tuko", "Nadia Velko’s Fund"):
        assert kinds[name] != "PERSON", name
    # The parser's label stays in the table, for the analyst to see what it said.
    assert set(m[m["text"] == "Samat Orazbek"]["label"]) == {"NORP"}


def test_a_surname_the_parser_calls_an_organisation_keeps_its_person_a_person():
    rows = corpus(("Outlet A", ["Ileana Morquecho", "Morquecho", "Morquecho", "Morquecho"]),
                  ("Outlet B", ["Ileana Morquecho", "Morquecho", "Morquecho", "Morquecho"]),
                  ("Outlet C", ["Tovarna Group", "Tovarna", "Tovarna"]), ("Outlet D", ["Tovarna Group", "Tovarna"]))
    rows["label"] = ["PERSON", "ORG", "ORG", "ORG", "PERSON", "ORG", "ORG", "ORG", "PERSON", "ORG", "ORG", "ORG",
                     "ORG"]
    m, actors = resolved(rows)
    kinds = dict(zip(actors["actor"], actors["actor_type"], strict=True))
    assert kinds["Ileana Morquecho"] == "PERSON" and len(m[m["actor"] == "Ileana Morquecho"]) == 8
    # An organisation the parser once typed PERSON stays an organisation.
    assert set(m[m["text"].str.startswith("Tovarna")]["actor_type"]) == {"ORG"}


def test_a_first_surname_alone_is_the_person_its_article_names_not_a_namesake_elsewhere():
    m, actors = resolved(corpus(("Outlet A", ["Rosaura Quintanar Bello", "Quintanar"]),
                                ("Outlet B", ["Efrain Quintanar", "Quintanar"]), ("Outlet C", ["Efrain Quintanar"])))
    assert set(m[m["article_id"] == "a0"]["actor"]) == {"Rosaura Quintanar Bello"}
    assert set(m[m["article_id"] == "a1"]["actor"]) == {"Efrain Quintanar"}
    assert variant_reason(actors, "Rosaura Quintanar Bello", "Quintanar") == (
        "a word of the full name in the same article")


def test_two_stretches_of_one_long_name_are_one_person():
    m, _ = resolved(corpus(("Outlet A", ["Xiomara Gálvan"]), ("Outlet B", ["Berenice Xiomara Gálvan"]),
                           ("Outlet C", ["Xiomara Gálvan Ruelas"]), ("Outlet D", ["Xiomara Gálvan"])))
    assert len(actors_of(m, "Xiomara Gálvan", "Berenice Xiomara Gálvan", "Xiomara Gálvan Ruelas")) == 1


def test_a_headline_verb_and_an_honorific_are_not_part_of_a_name(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Ximena Calderón Acknowledges Defeat\n\nMexico City. Ximena Calderón conceded on Sunday night.")
    people = {m["text"] for m in extract_mentions(doc) if m["label"] == "PERSON"}
    assert "Ximena Calderón Acknowledges" not in people
    m, _ = resolved(corpus(("Outlet A", ["Khaled Barakeh"]), ("Outlet B", ["Martyr Barakeh"])))
    assert actors_of(m, "Khaled Barakeh", "Martyr Barakeh") == {"Khaled Barakeh"}


def test_an_opening_i_before_a_vowel_is_another_spelling_of_j():
    assert given_relation("Iulia", "Julia") is not None
    m, _ = resolved(corpus(("Outlet A", ["Klaus Iordachen", "Iordachen"]), ("Outlet B", ["Klaus Jordachen"]),
                           ("Outlet C", ["Ian Pellow"]), ("Outlet D", ["Jan Pellow"])))
    assert len(actors_of(m, "Klaus Iordachen", "Klaus Jordachen")) == 1
    assert len(actors_of(m, "Ian Pellow", "Jan Pellow")) == 2  # two names the dataset knows apart


def test_a_bare_surname_flagged_between_people_is_a_person_whatever_the_parser_typed():
    rows = corpus(("Outlet A", ["Orla Fenwright"]), ("Outlet B", ["Declan Fenwright"]),
                  ("Outlet C", ["Fenwright", "Fenwright", "Fenwright"]))
    rows["label"] = ["PERSON", "PERSON", "ORG", "ORG", "PERSON"]
    _, actors = resolved(rows)
    bare = actors[actors["actor"] == "Fenwright"].iloc[0]
    assert bool(bare["ambiguous"]) and bare["actor_type"] == "PERSON"


def test_a_child_named_with_a_parents_name_joins_the_child_not_the_parent():
    m, actors = resolved(corpus(("Outlet A", ["Zainab Tariq Qureshi", "Zainab Tariq"]),
                                ("Outlet B", ["Tariq Qureshi", "Tariq Qureshi"]), ("Outlet C", ["Zainab Tariq"]),
                                ("Outlet D", ["Selim Tahir Korkmaz"]), ("Outlet E", ["Tahir Korkmaz"])))
    child = actors_of(m, "Zainab Tariq Qureshi", "Zainab Tariq")
    assert len(child) == 1
    assert actors_of(m, "Tariq Qureshi").isdisjoint(child)
    # Going by the middle name is still one person where no one is written as the head of the name.
    assert len(actors_of(m, "Selim Tahir Korkmaz", "Tahir Korkmaz")) == 1


def test_a_middle_name_one_letter_off_is_a_spelling_variant_and_two_letters_another_person():
    m, actors = resolved(corpus(("Outlet A", ["Rogelio Aguilar Benítez"]), ("Outlet B", ["Rogelio Aguiar Benitez"]),
                                ("Outlet C", ["Rogelio Aguirre Benítez"])))
    assert actors_of(m, "Rogelio Aguilar Benítez", "Rogelio Aguiar Benitez") == {"Rogelio Aguilar Benítez"}
    assert variant_reason(actors, "Rogelio Aguilar Benítez", "Rogelio Aguiar Benitez") == "spelling variant"
    assert actors_of(m, "Rogelio Aguirre Benítez") != {"Rogelio Aguilar Benítez"}


def test_a_surname_glued_after_a_cut_name_completes_it(nlp):
    from analysis.nlp.actors import extract_mentions

    text = ("Venezuelan opposition leader Maria Corina Prado is in hiding and fearing for her life, she wrote in an "
            "opinion article in the Wall Street Journal.\n\n“I could be captured as I write these words,” Prado "
            "wrote in the article, published Thursday.")
    mentions = pd.DataFrame(extract_mentions(nlp(text))).assign(article_id="a0", source="Outlet A")
    assert "Maria Corina Prado" in set(mentions["text"])
    m, _ = resolve_actors(mentions, place_kind=lambda name: "city" if name == "Prado" else None)
    assert set(m[m["text"].str.contains("Prado")]["actor"]) == {"Maria Corina Prado"}


def test_a_town_typed_surname_is_the_person_its_article_gives_that_surname_with_a_title():
    rows = corpus(("Outlet A", ["Velasco", "Velasco", "Velasco"]), ("Outlet B", ["Irene Velasco", "Velasco"]),
                  ("Outlet C", ["Velasco", "Velasco"]))
    rows["label"] = ["PERSON", "GPE", "GPE", "PERSON", "PERSON", "PERSON", "GPE"]
    rows["office"] = ["opposition leader", None, None, None, None, None, None]
    rows.loc[0, "cue"] = "person"
    m, actors = resolve_actors(rows, place_kind=lambda name: "city" if name == "Velasco" else None)
    assert set(m[m["article_id"] == "a0"]["actor"]) == {"Irene Velasco"}
    assert set(m[m["article_id"] == "a0"]["actor_type"]) == {"PERSON"}
    # Once typed PERSON with no title (a dateline, 'VELASCO —'), the word says nothing about the town.
    town = m[(m["article_id"] == "a2") & (m["label"] == "GPE")]
    assert town["actor_type"].tolist() == ["GPE"]


def test_an_initial_before_a_full_name_is_left_out():
    m, _ = resolved(corpus(("Outlet A", ["K. Venkatesh Raman", "Raman"]), ("Outlet B", ["Venkatesh Raman"]),
                           ("Outlet C", ["M Sakhir Hossin", "Sakhir Hossin"])))
    assert len(actors_of(m, "K. Venkatesh Raman", "Venkatesh Raman", "Raman")) == 1
    assert len(actors_of(m, "M Sakhir Hossin", "Sakhir Hossin")) == 1


def test_a_slip_of_a_given_name_someone_goes_by_is_not_another_persons_surname():
    m, _ = resolved(corpus(("Outlet A", ["Darmawan Sukarto", "Darmawan", "Darmawan"]),
                           ("Outlet B", ["Darmawan Sukarto", "Darmawan"]), ("Outlet C", ["Ganjar Darmawin"]),
                           ("Outlet D", ["Darmawen"])))
    assert "Ganjar Darmawin" not in actors_of(m, "Darmawen")


def test_a_word_no_gazetteer_knows_that_one_person_goes_by_is_that_person():
    rows = corpus(("Outlet A", ["Darmawan Sukarto", "Darmawan Sukarto", "Darmawan Sukarto"]),
                  ("Outlet B", ["Darmawan", "Sukarto"]), ("Outlet C", ["Wirantaka", "Darmawan"]),
                  ("Outlet D", ["Kibbutz Be'eri", "Kibbutz Be'eri"]), ("Outlet E", ["Kibbutz", "Darmawan"]))
    rows["label"] = ["PERSON"] * 3 + ["GPE"] * 4 + ["PERSON"] * 2 + ["GPE"] * 2
    rows.loc[(rows["article_id"] == "a4") & (rows["text"] == "Darmawan"), "cue"] = "place"  # 'in Darmawan'
    m, _ = resolved(rows)
    assert actors_of(m, "Darmawan", "Sukarto") - {"Darmawan"} == {"Darmawan Sukarto"}
    assert set(m[(m["text"] == "Darmawan") & (m["article_id"] != "a4")]["actor"]) == {"Darmawan Sukarto"}
    assert actors_of(m, "Wirantaka") == {"Wirantaka"}
    # Only a person named in full three times or more, and never after 'in'.
    assert actors_of(m, "Kibbutz") == {"Kibbutz"}
    assert set(m[(m["text"] == "Darmawan") & (m["article_id"] == "a4")]["actor_type"]) == {"GPE"}


def test_a_title_and_one_name_typed_as_something_else_is_the_person_so_named():
    rows = corpus(("Outlet A", ["Arvind Raghavan", "NSA Raghavan"]), ("Outlet B", ["NSA Raghavan"]),
                  ("Outlet C", ["Sabine Le Cardin", "Le Cardin"]), ("Outlet D", ["Le Cardin"]),
                  ("Outlet E", ["Kerem Ozdil", "Kerem Ozdil"]))
    rows["label"] = ["PERSON", "ORG", "ORG", "PERSON", "FAC", "FAC", "ORG", "ORG"]
    rows.loc[6, "cue"] = "person"  # 'party spokesman Kerem Ozdil', still typed as an organisation
    m, actors = resolved(rows)
    assert actors_of(m, "NSA Raghavan") == {"Arvind Raghavan"}
    assert actors_of(m, "Le Cardin") == {"Sabine Le Cardin"}
    kinds = dict(zip(actors["actor"], actors["actor_type"], strict=True))
    assert kinds["Arvind Raghavan"] == kinds["Sabine Le Cardin"] == kinds["Kerem Ozdil"] == "PERSON"


def test_a_list_of_names_the_parser_read_as_one_is_split(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = nlp("Campaign manager Hasto Kristiyanto said Hasto, Prabowo and Ganjar met on Monday.")
    texts = [m["text"] for m in extract_mentions(doc)]
    assert "Hasto, Prabowo" not in texts and "Prabowo" in texts


def test_letters_without_a_separate_accent_fold_like_accented_ones():
    m, _ = resolved(corpus(("Outlet A", ["Łukasz Małecki"]), ("Outlet B", ["Lukasz Malecki", "Malecki"]),
                           ("Outlet C", ["Søren Dahlgård"]), ("Outlet D", ["Soren Dahlgard"])))
    assert len(actors_of(m, "Łukasz Małecki", "Lukasz Malecki", "Malecki")) == 1
    assert len(actors_of(m, "Søren Dahlgård", "Soren Dahlgard")) == 1


def test_a_persons_initials_join_the_full_name_an_article_writes_beside_them():
    rows = corpus(("Outlet A", ["Anura Kumara Dissawela", "AKD"]), ("Outlet B", ["AKD", "Anura Kumara Dissawela"]),
                  ("Outlet C", ["Hamid Reza Zarifi"]), ("Outlet D", ["HRZ"]))
    rows["label"] = ["PERSON", "ORG", "ORG", "PERSON", "PERSON", "ORG"]
    m, actors = resolved(rows)
    assert actors_of(m, "AKD") == {"Anura Kumara Dissawela"}
    assert variant_reason(actors, "Anura Kumara Dissawela", "AKD") == "initials of the full name"
    assert actors[actors["actor"] == "Anura Kumara Dissawela"]["actor_type"].tolist() == ["PERSON"]
    # Initials never written beside the full name are not enough.
    assert actors_of(m, "HRZ") != {"Hamid Reza Zarifi"}


def test_a_city_and_office_glued_before_a_name_typed_as_an_organisation_are_cut(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["the", "candidate", ",", "Warsaw", "Mayor", "Witold", "Zaremba", ",", "lost", "to", "the", "Russian",
             "Foreign", "Ministry", "and", "the", "Turkish", "General", "Staff", "Academy", "."]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O",
            "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    found = {m["text"]: m for m in extract_mentions(doc)}
    assert found["Witold Zaremba"]["cue"] == "person"
    # An organisation's own name may open with a nationality: only a place before an office is cut.
    assert "Russian Foreign Ministry" in found and "Turkish General Staff Academy" in found


def test_an_ordinary_word_before_a_long_name_is_not_a_given_name():
    m, _ = resolved(corpus(("Outlet A", ["Prayer Hossein Ali Tavakkoli", "Prayer Hossein Ali Tavakkoli"]),
                           ("Outlet B", ["Hossein Ali Tavakkoli"]), ("Outlet C", ["Hossein Ali Tavakoli"])))
    assert actors_of(m, "Prayer Hossein Ali Tavakkoli", "Hossein Ali Tavakkoli", "Hossein Ali Tavakoli") == {
        "Hossein Ali Tavakkoli"}


def test_an_acronym_joined_to_an_organisation_does_not_make_it_the_place_it_spells():
    rows = corpus(("Outlet A", ["Glenmoran Dream", "GD"]), ("Outlet B", ["Glenmoran Dream", "GD"]))
    rows["label"] = ["ORG", "ORG", "ORG", "PERSON"]
    m, actors = resolve_actors(rows, place_kind=lambda name: "region" if name == "GD" else None)
    assert actors_of(m, "GD") == {"Glenmoran Dream"}
    assert actors[actors["actor"] == "Glenmoran Dream"]["actor_type"].tolist() == ["ORG"]


def test_a_country_or_people_the_parser_typed_person_keeps_its_first_word(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["Sri", "Lanka", "voted", ";", "Sri", "Lankan", "voters", "cheered", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    texts = {m["text"] for m in extract_mentions(doc)}
    assert texts == {"Sri Lanka", "Sri Lankan"}


def test_a_party_word_before_a_surname_is_not_a_given_name():
    rows = corpus(("Outlet A", ["François Marchetti", "Greens Marchetti", "Marchetti"]),
                  ("Outlet B", ["Greens", "Greens", "François Marchetti"]),
                  ("Outlet C", ["Hunter Ravel", "Joseph Ravel", "Hunter Ravel", "Joseph Ravel"]))
    rows.loc[rows["text"] == "Greens", "label"] = "ORG"
    m, actors = resolved(rows)
    assert actors_of(m, "François Marchetti", "Greens Marchetti", "Marchetti") == {"François Marchetti"}
    assert not actors[actors["actor"] == "François Marchetti"].iloc[0]["ambiguous"]
    # 'Hunter' is no organisation's word here: a son stays apart from his father.
    assert len(actors_of(m, "Hunter Ravel", "Joseph Ravel")) == 2


def test_a_country_or_an_owner_glued_before_a_name_typed_as_an_organisation_is_cut(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["Spokeswoman", "Rwanda", "Yolande", "Kameru", "and", "Unity", "Front", "’s", "Maria", "Ostrander",
             "met", "Pita", "’s", "Forward", "Party", "."]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG",
            "I-ORG", "I-ORG", "O"]
    spaces = [True] * len(words)
    spaces[6] = spaces[11] = spaces[14] = False
    doc = Doc(nlp.vocab, words=words, spaces=spaces, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    texts = {m["text"] for m in extract_mentions(doc)}
    assert {"Yolande Kameru", "Maria Ostrander"} <= texts
    # An owner before an organisation's own name stays part of it.
    assert "Pita’s Forward Party" in texts


def test_an_ordinary_word_before_a_first_name_and_surname_is_left_out():
    m, _ = resolved(corpus(("Outlet A", ["Libertarian Javier Ostrander", "Ostrander"]),
                           ("Outlet B", ["Javier Ostrander", "Ostrander"])))
    assert actors_of(m, "Libertarian Javier Ostrander", "Javier Ostrander", "Ostrander") == {"Javier Ostrander"}


def test_a_fathers_name_alone_is_the_father_not_the_son_named_for_him():
    m, _ = resolved(corpus(("Outlet A", ["Faisal bin Turki Al Harbi", "Khalid bin Faisal", "Faisal"]),
                           ("Outlet B", ["Khalid bin Faisal", "bin Faisal"])))
    assert actors_of(m, "Faisal") == actors_of(m, "Faisal bin Turki Al Harbi")
    assert actors_of(m, "bin Faisal") == actors_of(m, "Khalid bin Faisal") != actors_of(m, "Faisal")


def test_a_monarchs_number_stands_for_a_surname():
    rows = corpus(("Outlet A", ["Felipe VII", "King Felipe"]), ("Outlet B", ["Felipe VII"]))
    rows["label"] = ["ORG", "GPE", "ORG"]
    m, actors = resolved(rows)
    assert actors_of(m, "Felipe VII", "King Felipe") == {"Felipe VII"}
    assert actors[actors["actor"] == "Felipe VII"]["actor_type"].tolist() == ["PERSON"]


def test_a_town_the_parser_calls_a_person_far_more_often_is_the_person():
    names = ["Ilinca Sandoru"] + ["Sandoru"] * 6
    rows = corpus(("Outlet A", names), ("Outlet B", ["Sandoru", "Sandoru"]), ("Outlet C", ["Sandoru"]))
    rows["label"] = ["PERSON"] * 7 + ["PERSON", "NORP", "GPE"]
    m, _ = resolve_actors(rows, place_kind=lambda name: "city" if name == "Sandoru" else None)
    assert actors_of(m, "Sandoru") == {"Ilinca Sandoru"}


def test_west_african_and_burmese_honorifics_are_titles(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["Alhaji", "Musa", "Danjuma", "met", "Asiwaju", "Musa", "Danjuma", "and", "Daw", "Khin", "Thida", "Oo",
             "."]
    ents = ["B-PERSON", "I-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "B-PERSON",
            "I-PERSON", "I-PERSON", "I-PERSON", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    assert [m["text"] for m in extract_mentions(doc)] == ["Musa Danjuma", "Musa Danjuma", "Khin Thida Oo"]


def test_a_short_given_name_with_the_same_middle_names_carries_a_surname_slip():
    m, _ = resolved(corpus(("Outlet A", ["Hla Thwe Thwe Khine"]), ("Outlet B", ["Hla Thwe Thwe Khaing"]),
                           ("Outlet C", ["Hla Maung Khaing"])))
    assert len(actors_of(m, "Hla Thwe Thwe Khine", "Hla Thwe Thwe Khaing")) == 1
    assert actors_of(m, "Hla Maung Khaing").isdisjoint(actors_of(m, "Hla Thwe Thwe Khine"))


def test_a_name_written_surname_first_is_the_same_person():
    m, actors = resolved(corpus(("Outlet A", ["Tatenda Farai Mbwirengwa", "Mbwirengwa"]),
                                ("Outlet B", ["Mbwirengwa Tatenda Farai"]),
                                ("Outlet C", ["Tatenda Mbwirengwa"]),
                                ("Outlet D", ["Rhee Jun-seok"]), ("Outlet E", ["Jun Seok Rhee"])))
    assert len(actors_of(m, "Tatenda Farai Mbwirengwa", "Mbwirengwa Tatenda Farai", "Tatenda Mbwirengwa")) == 1
    assert len(actors_of(m, "Rhee Jun-seok", "Jun Seok Rhee")) == 1
    reason = variant_reason(actors, "Tatenda Farai Mbwirengwa", "Mbwirengwa Tatenda Farai")
    assert reason == "same name, reversed order"


def test_a_given_name_written_first_and_last_is_two_people():
    m, _ = resolved(corpus(("Outlet A", ["Hassan Ali Karimzadeh"]), ("Outlet B", ["Ali Hassan"]),
                           ("Outlet C", ["Ali Hassan"])))
    assert actors_of(m, "Hassan Ali Karimzadeh").isdisjoint(actors_of(m, "Ali Hassan"))


def test_a_second_given_name_said_alone_is_another_person():
    m, _ = resolved(corpus(("Outlet A", ["Robert Francis Quillane", "Francis", "Quillane"]),
                           ("Outlet B", ["Francis", "Francis"]), ("Outlet C", ["Francis"])))
    a0 = m[m["article_id"] == "a0"]
    assert actors_of(a0, "Francis").isdisjoint(actors_of(a0, "Robert Francis Quillane"))
    # Where names have no surname, the middle word is the name in use.
    m, _ = resolved(corpus(("Outlet A", ["Ahmad Zahrin Hamidullah", "Zahrin"]), ("Outlet B", ["Zahrin"])))
    assert actors_of(m, "Zahrin") == actors_of(m, "Ahmad Zahrin Hamidullah")


def test_a_given_name_of_a_person_of_the_article_beats_a_surname_of_other_outlets():
    m, _ = resolved(corpus(("Outlet A", ["Ismadi Sabrun Yaakub", "Ismadi"]),
                           ("Outlet B", ["Wan Azira Wan Ismadi", "Wan Azira Wan Ismadi"])))
    assert actors_of(m[m["article_id"] == "a0"], "Ismadi") == {"Ismadi Sabrun Yaakub"}


def test_a_full_name_the_text_brings_in_as_a_relative_of_the_surname_is_not_the_bare_surname(nlp):
    rows = _article_rows(
        nlp,
        ("Outlet A", "Arevalde finally took the oath after midnight. Arevalde is the son of the country's first "
                     "elected president, Juan Tomas Arevalde, who led it for six years. Arevalde thanked voters."),
        ("Outlet B", "Bernardo Arevalde won the runoff on Sunday. Arevalde promised to fight corruption."),
        ("Outlet C", "Bernardo Arevalde named his cabinet."),
    )
    m, _ = resolved(rows)
    a0 = m[m["article_id"] == "a0"]
    assert actors_of(a0, "Arevalde") == actors_of(m, "Bernardo Arevalde")
    assert actors_of(m, "Juan Tomas Arevalde").isdisjoint(actors_of(m, "Bernardo Arevalde"))


def test_a_relative_of_someone_else_may_still_be_the_bare_surname(nlp):
    from analysis.nlp.actors import extract_mentions

    found = {m["text"]: m.get("relative") for m in extract_mentions(
        nlp("Noboru Kishimura, the younger brother of former premier Shintaro Abeno, lost his post."))}
    assert found.get("Shintaro Abeno") is None
    found = {m["text"]: m.get("relative") for m in extract_mentions(
        nlp("Abeno is the son of the former premier, Shintaro Abeno, who led the party."))}
    assert found.get("Shintaro Abeno") is True


def test_a_surname_with_its_particle_typed_as_an_organisation_is_the_person():
    rows = corpus(("Outlet A", ["Bernardo Arevalde de Leyva", "Bernardo Arevalde de Leyva"]),
                  ("Outlet B", ["Arevalde de Leyva", "Arevalde de Leyva"]))
    rows["label"] = ["PERSON", "PERSON", "ORG", "ORG"]
    m, actors = resolved(rows)
    assert actors_of(m, "Arevalde de Leyva") == actors_of(m, "Bernardo Arevalde de Leyva")
    assert set(actors.loc[actors["actor"].isin(actors_of(m, "Arevalde de Leyva")), "actor_type"]) == {"PERSON"}


def test_a_name_taken_or_known_by_is_the_same_person_but_not_a_possessive(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    def same_as(words: list[str], ents: list[str]) -> dict:
        spaces = [nxt not in {",", "'s"} for nxt in words[1:]] + [False]
        doc = Doc(nlp.vocab, words=words, spaces=spaces, ents=ents,
                  sent_starts=[True] + [False] * (len(words) - 1))
        return {m["text"]: m.get("same_as") for m in extract_mentions(doc)}

    found = same_as(["Cardinal", "Tomas", "Verhoeven", ",", "who", "took", "the", "name", "Leo", "XV", ",", "waved"],
                    ["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert found == {"Tomas Verhoeven": "Leo XV", "Leo XV": "Tomas Verhoeven"}
    found = same_as(["Dmitri", "Orlovsky", ",", "known", "as", "Ivanov", "'s", "closest", "ally", ",", "left"],
                    ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O"])
    assert not any(found.values()), found


def test_the_same_words_after_one_given_name_in_another_order_are_one_person():
    m, actors = resolved(corpus(("Outlet A", ["Mahmoud Thabiti Komboa"]), ("Outlet B", ["Mahmoud Komboa Thabiti"]),
                                ("Outlet C", ["Simeon Mugenzi Byabakawa"]), ("Outlet D", ["Simeon Byabakawa Mugenzi"])))
    assert len(actors_of(m, "Mahmoud Thabiti Komboa", "Mahmoud Komboa Thabiti")) == 1
    assert len(actors_of(m, "Simeon Mugenzi Byabakawa", "Simeon Byabakawa Mugenzi")) == 1
    # Another given name before the same words is another person.
    m, _ = resolved(corpus(("Outlet A", ["Mahmoud Thabiti Komboa"]), ("Outlet B", ["Yusuf Komboa Thabiti"])))
    assert actors_of(m, "Mahmoud Thabiti Komboa").isdisjoint(actors_of(m, "Yusuf Komboa Thabiti"))


def test_a_surname_with_particles_said_alone_joins_the_full_name():
    m, actors = resolved(corpus(("Outlet A", ["Alexander Van der Brugghen", "Van der Brugghen"]),
                                ("Outlet B", ["Van der Brugghen", "van der Brugghen"])))
    assert len(actors_of(m, "Alexander Van der Brugghen", "Van der Brugghen", "van der Brugghen")) == 1


def test_a_hyphenated_given_name_typed_as_an_organisation_is_a_person():
    rows = corpus(("Outlet A", ["Heinz-Christian Strauber"]), ("Outlet B", ["Heinz-Christian Strauber"]))
    rows["label"] = "ORG"
    _, actors = resolved(rows)
    assert actors.loc[actors["actor"] == "Heinz-Christian Strauber", "actor_type"].tolist() == ["PERSON"]


def test_a_given_name_that_also_names_a_people_is_kept(nlp):
    from analysis.nlp.actors import extract_mentions

    texts = {m["text"] for m in extract_mentions(nlp("Solomon Mukasa, a court spokesman, told reporters on Monday."))}
    assert "Solomon Mukasa" in texts


def test_an_office_and_its_body_before_a_name_are_cut(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["NEC", "Chairperson", "Davinia", "Browne", "Lansford", "announced", "the", "results", "."]
    ents = ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    assert [m["text"] for m in extract_mentions(doc)] == ["Davinia Browne Lansford"]


def test_a_name_reordered_does_not_tear_the_person_from_shorter_forms():
    m, actors = resolved(corpus(("Outlet A", ["Issa Tchirom Bakaro"] * 4), ("Outlet B", ["Bakaro Issa Tchirom"]),
                                ("Outlet C", ["Issa Tchirom"]), ("Outlet D", ["Tchirom Bakaro"])))
    assert len(actors_of(m, "Issa Tchirom Bakaro", "Bakaro Issa Tchirom", "Issa Tchirom")) == 1
    assert not actors.loc[actors["actor"].isin(actors_of(m, "Issa Tchirom Bakaro")), "ambiguous"].any()


def test_a_hyphen_moved_and_a_middle_name_do_not_keep_one_person_in_two():
    m, _ = resolved(corpus(("Outlet A", ["Netumbo Nandi-Ndaitwah"] * 3), ("Outlet B", ["Netumbo Nandi Ndaitwah"]),
                           ("Outlet C", ["Netumbo Ndemupelila Nandi-Ndaitwah"])))
    assert len(actors_of(m, "Netumbo Nandi-Ndaitwah", "Netumbo Nandi Ndaitwah",
                         "Netumbo Ndemupelila Nandi-Ndaitwah")) == 1


def test_a_one_off_slip_does_not_tear_a_person_from_the_other_spellings():
    m, actors = resolved(corpus(("Outlet A", ["Edmond Larraz"] * 3), ("Outlet B", ["Edmon Larraz"]),
                                ("Outlet C", ["Edmund Larraz", "Edmund Larraz"])))
    assert actors_of(m, "Edmon Larraz") == actors_of(m, "Edmond Larraz")
    assert not actors["ambiguous"].any()
    # Two real given names still keep a name that fits both apart.
    m, actors = resolved(corpus(("Outlet A", ["Georg Halvard"]), ("Outlet B", ["Georg W. Halvard"] * 3),
                                ("Outlet C", ["Georg H. W. Halvard"])))
    assert len(actors_of(m, "Georg W. Halvard", "Georg H. W. Halvard")) == 2
    assert actors_of(m, "Georg Halvard").isdisjoint(actors_of(m, "Georg W. Halvard", "Georg H. W. Halvard"))


def test_a_given_name_cut_short_is_the_long_one_unless_both_are_names():
    m, actors = resolved(corpus(("Outlet A", ["Navin Ramgoolan"] * 2), ("Outlet B", ["Navinchandra Ramgoolan"])))
    assert len(actors_of(m, "Navin Ramgoolan", "Navinchandra Ramgoolan")) == 1
    assert variant_reason(actors, "Navin Ramgoolan", "Navinchandra Ramgoolan") == "abbreviation"
    m, _ = resolved(corpus(("Outlet A", ["Ivan Trumbell"]), ("Outlet B", ["Ivanka Trumbell"])))
    assert len(actors_of(m, "Ivan Trumbell", "Ivanka Trumbell")) == 2


def test_a_bare_surname_after_an_office_goes_to_the_namesake_who_holds_it():
    rows = corpus(("Outlet A", ["Duma Bokolo", "Bokolo"]), ("Outlet B", ["Duma Bokolo"]),
                  ("Outlet C", ["Kaone Bokolo", "Bokolo"]))
    rows["office"] = None
    rows.loc[[0, 4], "office"] = "president"
    m, _ = resolved(rows)
    assert m.loc[4, "actor"] == "Duma Bokolo"


def test_a_city_with_a_particle_is_no_surname():
    rows = corpus(("Outlet A", ["Rodrigo Pazos", "La Pazos", "Pazos"]), ("Outlet B", ["La Pazos"]))
    rows["label"] = ["PERSON", "GPE", "PERSON", "GPE"]
    m, _ = resolve_actors(rows, place_kind=lambda name: "city" if name.lower() == "la pazos" else None)
    assert actors_of(m, "La Pazos").isdisjoint(actors_of(m, "Rodrigo Pazos"))


def test_a_quoted_nickname_of_several_words_is_left_out_of_the_name():
    m, _ = resolved(corpus(("Outlet A", ["Gerry ‘The Monk’ Hutchin"]), ("Outlet B", ["Gerry Hutchin"])))
    assert len(actors_of(m, "Gerry ‘The Monk’ Hutchin", "Gerry Hutchin")) == 1


def test_full_names_that_share_given_names_but_no_surname_letters_are_two_people():
    m, actors = resolved(corpus(("Outlet A", ["Carlos Fernando Galvino"] * 2),
                                ("Outlet B", ["Carlos Fernando Triano"] * 2), ("Outlet C", ["Carlos Fernando"])))
    assert actors_of(m, "Carlos Fernando Galvino").isdisjoint(actors_of(m, "Carlos Fernando Triano"))
    assert actors.loc[actors["actor"] == "Carlos Fernando", "ambiguous"].tolist() == [True]


def test_a_longer_name_ending_on_another_word_is_no_conflict_with_a_respelled_short_one():
    m, _ = resolved(corpus(("Outlet A", ["Abdulla Yameen Abdul Gayoom"]), ("Outlet B", ["Abdulla Yameen"] * 3),
                           ("Outlet C", ["Abdullah Yamin"])))
    assert len(actors_of(m, "Abdulla Yameen Abdul Gayoom", "Abdulla Yameen", "Abdullah Yamin")) == 1


def test_a_country_glued_before_a_name_typed_as_an_organisation_is_not_pulled_into_the_person():
    names = ["Phumzile Mlambo-Ngcuka"] * 3 + ["South Africa Phumzile Mlambo-Ngcuka"] * 2
    rows = corpus(*[(f"Outlet {i}", [name]) for i, name in enumerate(names)])
    rows["label"] = ["PERSON", "PERSON", "ORG", "ORG", "ORG"]
    m, actors = resolved(rows)
    assert actors_of(m, "Phumzile Mlambo-Ngcuka").isdisjoint(actors_of(m, "South Africa Phumzile Mlambo-Ngcuka"))
    (actor,) = actors_of(m, "Phumzile Mlambo-Ngcuka")
    assert actors.loc[actors["actor"] == actor, "actor_type"].tolist() == ["PERSON"]


def test_a_word_glued_to_a_name_by_text_extraction_is_read_without_it():
    m, actors = resolved(corpus(("Outlet A", ["Ivana Kekorin", "Kekorin"]), ("Outlet B", ["Ivana Kekorinmember"]),
                                ("Outlet C", ["Kekorinwho"]), ("Outlet D", ["Dragan Primoran"] * 2),
                                ("Outlet F", ["Dragan Primornwhich"]),
                                ("Outlet G", ["Jeremiah Koulang"] * 2), ("Outlet H", ["Jeremiah KpanKoulang"])))
    assert len(actors_of(m, "Ivana Kekorin", "Ivana Kekorinmember", "Kekorinwho")) == 1
    assert variant_reason(actors, "Ivana Kekorin", "Ivana Kekorinmember") == "a word glued to the name"
    assert variant_reason(actors, "Ivana Kekorin", "Kekorinwho").endswith("; a word glued to the name")
    # A surname a letter off once the word is cut, and a second name run into the surname.
    assert actors_of(m, "Dragan Primornwhich") == actors_of(m, "Dragan Primoran")
    assert actors_of(m, "Jeremiah KpanKoulang") == actors_of(m, "Jeremiah Koulang")
    # The form with the glued word is never the name shown.
    assert "Ivana Kekorinmember" not in set(actors["actor"])


def test_a_name_ending_like_an_english_word_is_not_cut():
    m, _ = resolved(corpus(("Outlet A", ["Ingrid Carlsen"] * 2), ("Outlet B", ["Ingrid Carlsenthe"]),
                           ("Outlet C", ["Boris Johnson"] * 2), ("Outlet D", ["Elton John"] * 2),
                           ("Outlet E", ["Ibrahim Muhammad"]), ("Outlet F", ["Ibrahim Muhan"] * 2),
                           ("Outlet G", ["Walter DeSantos"]), ("Outlet H", ["Walter Santos"] * 2)))
    assert actors_of(m, "Boris Johnson").isdisjoint(actors_of(m, "Elton John"))
    assert actors_of(m, "Ibrahim Muhammad").isdisjoint(actors_of(m, "Ibrahim Muhan"))
    assert actors_of(m, "Walter DeSantos").isdisjoint(actors_of(m, "Walter Santos"))
    assert actors_of(m, "Ingrid Carlsenthe") == actors_of(m, "Ingrid Carlsen")


def test_a_hyphenated_surname_cut_to_its_first_part_is_the_same_person():
    m, actors = resolved(corpus(("Outlet A", ["Penelope Beckwith-Rolland"] * 3), ("Outlet B", ["Pennelope Beckwith"]),
                                ("Outlet C", ["Beckwith"]), ("Outlet D", ["Cossette Loranza-Osuna"] * 2),
                                ("Outlet E", ["Cossette Loranza"])))
    assert len(actors_of(m, "Penelope Beckwith-Rolland", "Pennelope Beckwith", "Beckwith")) == 1
    reason = variant_reason(actors, "Penelope Beckwith-Rolland", "Pennelope Beckwith")
    assert reason == "surname without its second word"
    assert actors_of(m, "Cossette Loranza") == actors_of(m, "Cossette Loranza-Osuna")
    # Another given name is another person, whatever the surname.
    m, _ = resolved(corpus(("Outlet A", ["Penelope Beckwith-Rolland"] * 2), ("Outlet B", ["Harold Beckwith"] * 2)))
    assert actors_of(m, "Harold Beckwith").isdisjoint(actors_of(m, "Penelope Beckwith-Rolland"))


def test_a_given_name_spelled_by_sound_before_the_same_middle_name_and_surname_is_one_person():
    m, actors = resolved(corpus(("Outlet A", ["Omar Ayubal Khanzai"] * 3), ("Outlet B", ["Umar Ayubal Khanzai"]),
                                ("Outlet C", ["Muhammad Ayubal Khanzai"] * 2)))
    assert actors_of(m, "Umar Ayubal Khanzai") == actors_of(m, "Omar Ayubal Khanzai")
    assert variant_reason(actors, "Omar Ayubal Khanzai", "Umar Ayubal Khanzai") == "given name spelled by sound"
    # A grandfather with the same middle name and surname stays apart.
    assert actors_of(m, "Muhammad Ayubal Khanzai").isdisjoint(actors_of(m, "Omar Ayubal Khanzai"))


def test_a_given_name_no_dictionary_knows_a_letter_off_in_the_same_article_is_a_slip():
    # 'West Stuart Youngblood' (a place run into the name) conflicts with the slip, so no pair of full names
    # joins it; the one person with this surname does.
    m, _ = resolved(corpus(("Outlet A", ["Stuart Youngblood", "Stuary Youngblood", "Stuart Youngblood"]),
                           ("Outlet B", ["Stuart Youngblood"] * 3), ("Outlet C", ["West Stuart Youngblood"])))
    assert actors_of(m, "Stuary Youngblood") == actors_of(m, "Stuart Youngblood")
    # Two real given names side by side are two people.
    m, _ = resolved(corpus(("Outlet A", ["Dana Youngblood", "Dan Youngblood", "Dana Youngblood"]),
                           ("Outlet B", ["Dana Youngblood"] * 3)))
    assert actors_of(m, "Dan Youngblood").isdisjoint(actors_of(m, "Dana Youngblood"))


def test_a_surname_cut_off_mid_word_once_is_the_one_name_it_starts():
    m, actors = resolved(corpus(("Outlet A", ["Petra Dunnigan"] * 3), ("Outlet B", ["Petra Dun"]),
                                ("Outlet C", ["Asif Ali Zarkovi"] * 2), ("Outlet D", ["Asif Ali Za"])))
    assert actors_of(m, "Petra Dun") == actors_of(m, "Petra Dunnigan")
    assert variant_reason(actors, "Petra Dunnigan", "Petra Dun") == "surname cut short"
    assert actors_of(m, "Asif Ali Za") == actors_of(m, "Asif Ali Zarkovi")
    # Two names it could start, a name written often, or a short given name alone: left as they are.
    m, _ = resolved(corpus(("Outlet A", ["Petra Dunnigan"] * 2), ("Outlet B", ["Petra Dunmore"] * 2),
                           ("Outlet C", ["Petra Dun"]), ("Outlet D", ["Ali Khanzada"] * 2), ("Outlet E", ["Ali Khan"]),
                           ("Outlet F", ["Marta Solberg"] * 2), ("Outlet G", ["Marta Sol"] * 3)))
    assert len(actors_of(m, "Petra Dun", "Petra Dunnigan", "Petra Dunmore")) == 3
    assert actors_of(m, "Ali Khan").isdisjoint(actors_of(m, "Ali Khanzada"))
    assert actors_of(m, "Marta Sol").isdisjoint(actors_of(m, "Marta Solberg"))


def test_a_given_name_after_a_monarchs_title_is_the_monarch_not_a_commoner_of_the_article():
    rows = corpus(("Outlet A", ["Jens-Henrik Nielund", "Henrik", "Henrik Nielund"]),
                  ("Outlet B", ["Jens-Henrik Nielund"]), ("Outlet C", ["Charles III", "Charles"]),
                  ("Outlet D", ["Salmin bin Abdulaziz", "Salmin Okafor", "Salmin"]))
    rows["office"] = None
    rows.loc[[1, 5, 6, 8], "office"] = "king"
    m, actors = resolved(rows)
    assert m.loc[1, "actor"] not in {m.loc[0, "actor"], m.loc[2, "actor"]}
    # A monarch's number, or the title before the full name elsewhere, makes a monarch.
    assert m.loc[5, "actor"] == m.loc[4, "actor"]
    assert m.loc[8, "actor"] == m.loc[6, "actor"] != m.loc[7, "actor"]
    assert variant_reason(actors, m.loc[4, "actor"], "Charles") == "name of the one monarch so named in the corpus"


def test_a_surname_typed_as_a_product_joins_the_full_name_of_its_article_only():
    rows = corpus(("Outlet A", ["Luis Magallanez", "Magallanez"]), ("Outlet B", ["Magallanez"]))
    rows["label"] = ["PERSON", "PRODUCT", "PRODUCT"]
    m, _ = resolve_actors(rows, place_kind=lambda name: "region" if name == "Magallanez" else None)
    assert m.loc[m["start"].eq(20) & m["article_id"].eq("a0"), "actor"].tolist() == ["Luis Magallanez"]
    assert m.loc[m["article_id"].eq("a1"), "actor"].tolist() != ["Luis Magallanez"]


def test_a_one_word_name_the_text_gives_a_real_name_for_is_that_person_everywhere(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    def rows(article: str, words: list[str], ents: list[str]) -> list[dict]:
        spaces = [nxt not in {",", "."} for nxt in words[1:]] + [False]
        doc = Doc(nlp.vocab, words=words, spaces=spaces, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
        return [{**m, "article_id": article, "source": article} for m in extract_mentions(doc)]

    found = (rows("a", ["Amrouno", ",", "whose", "real", "name", "is", "Essovi", "Tchalani", ",", "sang", "."],
                  ["B-PERSON", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"])
             + rows("b", ["Police", "held", "Amrouno", "."], ["O", "O", "B-PERSON", "O"])
             + rows("c", ["Mira", "Castellane", ",", "née", "Doyle", ",", "spoke", "."],
                    ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O"])
             + rows("d", ["Doyle", "said", "no", "."], ["B-PERSON", "O", "O", "O"]))
    m, actors = resolve_actors(pd.DataFrame(found), place_kind=lambda _name: None)
    assert actors_of(m, "Amrouno") == actors_of(m, "Essovi Tchalani")
    assert variant_reason(actors, "Essovi Tchalani", "Amrouno") == "named as the same person in the text"
    # A maiden name after the full name is a family's word, not hers alone.
    assert actors_of(m, "Doyle").isdisjoint(actors_of(m, "Mira Castellane"))


def test_an_arabic_article_written_joined_and_abu_in_its_spellings_are_one_name():
    m, _ = resolved(corpus(("Outlet A", ["Ahmed el-Tantawar"] * 2), ("Outlet B", ["Ahmed Altantawar"]),
                           ("Outlet C", ["Mohamed Abu Diyaran"] * 2), ("Outlet D", ["Mohamed Aboul Deyaran"]),
                           ("Outlet E", ["Joan Bridgeton"] * 2), ("Outlet F", ["Joan Albridgeton"])))
    assert actors_of(m, "Ahmed Altantawar") == actors_of(m, "Ahmed el-Tantawar")
    assert actors_of(m, "Mohamed Aboul Deyaran") == actors_of(m, "Mohamed Abu Diyaran")
    # Without an article on the other side, 'Al' is the surname's own start.
    assert actors_of(m, "Joan Albridgeton").isdisjoint(actors_of(m, "Joan Bridgeton"))


def test_a_label_glued_before_a_name_does_not_tear_a_slip_from_it():
    m, _ = resolved(corpus(("Outlet A", ["Vilma Blinkeviciene"] * 3),
                           ("Outlet B", ["Social Democratic Party Vilma Blinkeviciene"]),
                           ("Outlet C", ["Vilma Blinkevicene"])))
    assert actors_of(m, "Vilma Blinkevicene") == actors_of(m, "Vilma Blinkeviciene")
    assert strip_name("MEP Vilma Blinkeviciene") == "Vilma Blinkeviciene"


def _one_sentence(nlp, words: list[str], ents: list[str], pos: list[str] | None = None):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, ents=ents, pos=pos, sent_starts=[True] + [False] * (len(words) - 1))


def test_a_name_the_parser_cut_in_two_is_one_name_unless_the_first_word_ends_another_name(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = _one_sentence(nlp, ["The", "chairman", ",", "Farah", "Abdi", "Warsame", ",", "spoke", "."],
                        ["O", "O", "O", "B-PERSON", "B-PERSON", "I-PERSON", "O", "O", "O"])
    assert [m["text"] for m in extract_mentions(doc)] == ["Farah Abdi Warsame"]
    doc = _one_sentence(nlp, ["Donald", "Trump", "met", "aides", ";", "tags", ":", "Trump", "Putin"],
                        ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-PERSON", "B-PERSON"])
    assert [m["text"] for m in extract_mentions(doc)] == ["Donald Trump", "Trump", "Putin"]


def test_given_names_before_a_surname_the_parser_missed_are_part_of_the_name(nlp):
    from spacy.tokens import Doc

    from analysis.nlp.actors import extract_mentions

    words = ["Adv", ".", "Duma", "Gideon", "Motsamai", "and", "Gaborone", "Motsamai", "met", "Motsamai", ".",
             "Hope", "Motsamai", "spoke", "."]
    pos = ["PROPN", "PUNCT", "PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT",
           "PROPN", "PROPN", "VERB", "PUNCT"]
    ents = ["O"] * 9 + ["B-PERSON"] + ["O"] * 5
    starts = [True] + [False] * 10 + [True, False, False, False]
    doc = Doc(nlp.vocab, words=words, ents=ents, pos=pos, sent_starts=starts)
    texts = [m["text"] for m in extract_mentions(doc)]
    # 'Gideon' is a given name a dictionary knows; 'Gaborone' before the surname is not, and a sentence's
    # first word ('Hope', a heading translated word for word) says nothing by its capital.
    assert texts == ["Duma Gideon Motsamai", "Motsamai", "Motsamai", "Motsamai"]


def test_a_relative_called_by_first_name_is_not_a_namesake_of_another_article(nlp):
    from analysis.nlp.actors import extract_mentions, resolve_actors

    texts = {"a": "Alison Carrow lost her son Henry last year. Carrow said Henry would be proud of her.",
             "b": "Politics lecturer Henry Maddox said the vote was close. Henry Maddox added that turnout fell.",
             "c": "Former premier Thomas Okonkwo said his sister Grace would run. Okonkwo spoke on Monday.",
             "d": "Grace Okonkwo was named minister. Grace Okonkwo thanked the voters."}
    rows = [{**m, "article_id": a, "source": a} for a, text in texts.items() for m in extract_mentions(nlp(text))]
    m, _ = resolve_actors(pd.DataFrame(rows), place_kind=lambda _name: None)
    henry = m[(m["article_id"] == "a") & (m["text"] == "Henry")]
    assert len(henry) == 2
    assert set(henry["actor"]).isdisjoint(actors_of(m, "Henry Maddox"))
    # A relative named by first name in an article that names her family is the namesake of that family.
    assert set(m[(m["article_id"] == "c") & (m["text"] == "Grace")]["actor"]) == actors_of(m, "Grace Okonkwo")


def test_two_names_a_caption_runs_together_with_a_title_between_are_two_people(nlp):
    from analysis.nlp.actors import extract_mentions

    doc = _one_sentence(nlp, ["Former", "President", "Mohammed", "Bazinga", "Gen", "Abdulkarim", "Abubakari", "."],
                        ["O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    doc2 = _one_sentence(nlp, ["Hassan", "Sheikh", "Mahamud", "spoke", "."],
                         ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    texts = [m["text"] for m in extract_mentions(doc)]
    assert texts[:2] == ["Mohammed Bazinga", "Abdulkarim"]
    # 'Sheikh' is a word of names as well as a title, and 'Hassan', a town's name too, is a given name here.
    assert [m["text"] for m in extract_mentions(doc2)] == ["Hassan Sheikh Mahamud"]


def test_a_bare_surname_in_a_french_romanisation_with_few_consonants_joins_its_person():
    m, _ = resolved(corpus(("Outlet A", ["Mahamane Issoufou", "Issoufou", "Mahamane Issoufou"]),
                           ("Outlet B", ["Issufu", "Issufu"])))
    assert actors_of(m, "Issufu") == actors_of(m, "Mahamane Issoufou")


def test_a_surname_written_in_two_words_joins_the_one_person_with_it():
    m, actors = resolved(corpus(("Outlet A", ["Luisa Abinadero", "Abinadero"]), ("Outlet B", ["Abi Nadero"]),
                                ("Outlet C", ["Carla Mendoza"])))
    assert actors_of(m, "Abi Nadero") == actors_of(m, "Luisa Abinadero")
    assert variant_reason(actors, "Luisa Abinadero", "Abi Nadero") == "surname written apart"


def test_a_given_name_after_a_family_word_is_a_person_even_where_the_parser_typed_a_place(nlp):
    from analysis.nlp.actors import extract_mentions

    found = {m["text"]: m for m in extract_mentions(nlp(
        "Novak Djokovic and his wife, Jelena, backed the students. He visited his brother in Paris."))}
    assert found["Jelena"]["label"] == "PERSON"
    assert found["Paris"]["label"] == "GPE"


def test_a_stance_word_an_owned_thing_and_a_quoted_nickname_are_read_around_a_name(nlp):
    from analysis.nlp.actors import extract_mentions
    from analysis.nlp.names import trim_span

    text = "pro-European Milo Djurkovic"
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == "Milo Djurkovic"
    from spacy.tokens import Doc

    words = ["Bainivalu", "’s", "Fiji", "voted", ";", "Josaia", "Voreqe", "“", "Frank", "”", "Bainivalu", "spoke"]
    spaces = [False, True, True, False, True, True, True, False, False, True, True, False]
    ents = ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O"]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    texts = [m["text"] for m in extract_mentions(doc)]
    assert texts[0] == "Bainivalu"
    assert "Josaia Voreqe “Frank” Bainivalu" in texts


def test_a_name_may_go_by_any_of_its_middle_names_but_never_by_a_fathers():
    m, actors = resolved(corpus(("Outlet A", ["Luiz Inacio Lulo da Silveira"] * 2), ("Outlet B", ["Lulo da Silveira"]),
                                ("Outlet C", ["Tamim bin Hamad Al Thaniya"] * 2), ("Outlet D", ["Hamad Al Thaniya"])))
    assert actors_of(m, "Lulo da Silveira") == actors_of(m, "Luiz Inacio Lulo da Silveira")
    assert variant_reason(actors, "Luiz Inacio Lulo da Silveira", "Lulo da Silveira") == "goes by a middle name"
    assert actors_of(m, "Hamad Al Thaniya").isdisjoint(actors_of(m, "Tamim bin Hamad Al Thaniya"))
