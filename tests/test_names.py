"""Name normalisation on invented names: trimmed spans, matching keys, transliteration keys, junk."""

from __future__ import annotations

import pytest

from analysis.nlp.names import (
    given_name,
    is_date_like,
    is_junk,
    is_title_only,
    is_well_formed_name,
    name_key,
    slugify,
    strip_name,
    surname,
    translit_key,
    trim_span,
)


def trimmed(text: str, strip_person_titles: bool = True) -> str:
    start, end = trim_span(text, 0, len(text), strip_person_titles)
    return text[start:end]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("President Halvard Osk", "Halvard Osk"),
        ("Secretary of State Mirela Dunca", "Mirela Dunca"),
        ("Sen. Bram Tollefsen", "Bram Tollefsen"),
        ("Mr Quill", "Quill"),
        ("Dr. Anouk Verlaine", "Anouk Verlaine"),
        ("Vice President Ottilie Marsh's", "Ottilie Marsh"),
        ("Ottilie Marsh’s", "Ottilie Marsh"),
        ("Ottilie Marsh'", "Ottilie Marsh"),
        ("Daily Herald'", "Daily Herald"),
        ("Ruritania\n\n", "Ruritania"),
        ("“Ruritania,”", "Ruritania"),
        ("the Grand Duchy of Fenwick", "Grand Duchy of Fenwick"),
        ("U.S.", "U.S."),
        ("Ruritania.", "Ruritania"),
        ("Acme Corp.", "Acme Corp."),
        ("Asíwájú Bọla Tinubu", "Bọla Tinubu"),
        ("Señor Íñigo Ortúzar", "Señor Íñigo Ortúzar"),
        ("Dr. Ömer Çelik", "Ömer Çelik"),
        ("Datuk Seri Azlan Rahim", "Azlan Rahim"),
        ("Tan Sri Azlan Rahim", "Azlan Rahim"),
        ("Sultan Azlan Rahim", "Azlan Rahim"),
        ("Empress Hanae", "Hanae"),
        ("Adv. Duma Gideon Bokolo", "Duma Gideon Bokolo"),
    ],
)
def test_trim_span_strips_titles_possessives_and_punctuation(span: str, expected: str) -> None:
    assert trimmed(span) == expected


def test_trim_span_offsets_point_into_the_original_text() -> None:
    text = "On Monday, President Halvard Osk's aides left."
    start, end = trim_span(text, 11, 34)
    assert text[start:end] == "Halvard Osk"
    assert (start, end) == (21, 32)


def test_weak_titles_stay_on_organisations() -> None:
    assert trimmed("General Dynamo Works", strip_person_titles=False) == "General Dynamo Works"
    assert trimmed("General Halvard Osk") == "Halvard Osk"
    assert trimmed("President Osk", strip_person_titles=False) == "Osk"


def test_a_span_that_is_only_a_title_is_left_for_the_junk_test() -> None:
    assert trimmed("President") == "President"
    assert is_junk("President")


def test_strip_name_cleans_free_text() -> None:
    assert strip_name("  Mr. Quill's ") == "Quill"
    assert strip_name("Kremlin") == "Kremlin"


@pytest.mark.parametrize(
    ("a", "b"),
    [("U.S.", "US"), ("J. D. Vanterpool", "JD Vanterpool"), ("Ruritania's", "ruritania"),
     ("Zoë Brandt", "Zoe Brandt"), ("O’Hara", "O'Hara")],
)
def test_name_key_equates_spellings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Paul Hendry") != name_key("Laura Hendry")
    assert name_key("US") != name_key("UK")


@pytest.mark.parametrize("variant", ["Bilynskyy", "Bilynskyi", "Bilynskiy", "Bilynsky", "Billynsky"])
def test_translit_key_merges_ending_and_doubled_letter_variants(variant: str) -> None:
    assert translit_key(variant) == translit_key("Bilynsky")


def test_translit_key_keeps_other_names_apart() -> None:
    assert translit_key("Bilynsky") != translit_key("Bilynska")
    assert translit_key("Oleh Bilynsky") != translit_key("Ivan Bilynsky")


def test_given_name_and_surname() -> None:
    assert surname("Oleh Bilynskyi") == surname("Bilynsky")
    assert given_name("Oleh Bilynskyi") == "oleh"
    assert given_name("Bilynskyi") == ""


@pytest.mark.parametrize("junk", ["state", "2025-03-13", "March 12, 2025", "Wednesday", "State",
                                  "National Security", "Press", "Secretary of State", "x", "Mount\nRoyal"])
def test_junk_spans(junk: str) -> None:
    assert is_junk(junk)


@pytest.mark.parametrize("name", ["Halvard Osk", "Security Council", "Ruritania", "US", "de Vries", "G7"])
def test_real_names_are_not_junk(name: str) -> None:
    assert not is_junk(name)


def test_title_and_date_predicates() -> None:
    assert is_title_only("Press Secretary")
    assert not is_title_only("Kremlin")
    assert is_date_like("Tuesday")
    assert not is_date_like("Tuesday Weld Foundation")


def test_well_formed_names() -> None:
    assert is_well_formed_name("Anouk Verlaine")
    assert is_well_formed_name("Anouk de Verlaine")
    assert not is_well_formed_name("Verlaine")
    assert not is_well_formed_name("Getty ImagesWhile 2")
    assert not is_well_formed_name("anouk verlaine")


def test_slugify_is_readable_and_ascii() -> None:
    assert slugify("Volodymira Zelenko-Ruiz") == "volodymira-zelenko-ruiz"
    assert slugify("Zoë O’Hara") == "zoe-ohara"
    assert slugify("!!!") == "actor"
