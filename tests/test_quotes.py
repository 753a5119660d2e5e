"""Quote extraction and attribution on invented sentences: one test per pattern, on the real pipeline."""

from __future__ import annotations

import pytest

from analysis.nlp.quotes import extract_quotes, find_quote_spans


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str) -> list[dict]:
        doc = nlp(text)
        found = extract_quotes(doc)
        sentences = list(doc.sents)
        for q in found:
            assert doc.text[q["start"] : q["end"]] == q["text"]
            assert sentences[q["sentence_idx"]].start_char <= q["start"] < sentences[q["sentence_idx"]].end_char
            if q["speaker_text"] is not None:
                assert doc.text[q["speaker_start"] : q["speaker_end"]] == q["speaker_text"]
            q["ref"] = doc.text[q["ref_start"] : q["ref_end"]] if q["ref_start"] is not None else None
        return found

    return run


def only(found: list[dict], fragment: str, kind: str | None = None) -> dict:
    hits = [q for q in found if fragment in q["text"] and (kind is None or q["kind"] == kind)]
    assert len(hits) == 1, (fragment, kind, found)
    return hits[0]


def test_quote_split_around_the_cue_keeps_one_speaker_for_both_parts(quotes_of):
    found = quotes_of(
        "Harbour Minister Ilse Marten visited Valmora on Monday. "
        '"The harbour will reopen soon," the minister said. "We have repaired every pier."'
    )
    first = only(found, "The harbour will reopen soon", "direct")
    second = only(found, "We have repaired every pier.", "direct")
    assert first["text"] == "The harbour will reopen soon"
    assert first["speaker_text"] == "the minister"
    assert first["ref"] == second["ref"] == "Ilse Marten"


def test_a_quote_of_several_sentences_is_one_quote(quotes_of):
    found = quotes_of('"We are ready. The ferries will run again. Nobody will be left behind," Tomas Greer said.')
    q = only(found, "We are ready.", "direct")
    assert q["text"] == "We are ready. The ferries will run again. Nobody will be left behind"
    assert q["ref"] == "Tomas Greer"


def test_quote_paragraph_takes_the_speaker_from_the_next_paragraph(quotes_of):
    found = quotes_of(
        "The ferries stayed in port on Tuesday.\n\n"
        '"Our priority is the safety of every passenger,"\n\n'
        "Karl Brandt stated, adding that the ferries would wait for calmer weather."
    )
    q = only(found, "Our priority", "direct")
    assert q["ref"] == "Karl Brandt"
    assert q["cue"] == "state"


def test_quote_paragraph_takes_the_speaker_from_a_previous_paragraph_ending_with_a_colon(quotes_of):
    found = quotes_of("Mayor Lena Ostrow told the council:\n\n\"The budget must be balanced before the winter.\"")
    q = only(found, "The budget must be balanced", "direct")
    assert q["ref"] == "Lena Ostrow"


def test_partial_quote_inside_reported_speech(quotes_of):
    found = quotes_of('Anika Sol ordered the police to "restore calm" in the capital.')
    q = only(found, "restore calm", "partial")
    assert q["text"] == "restore calm"
    assert q["ref"] == "Anika Sol"


def test_according_to_names_the_speaker(quotes_of):
    found = quotes_of("The bridge will close for two months, according to city engineer Pavel Dunn.")
    q = only(found, "bridge", "indirect")
    assert q["text"] == "The bridge will close for two months"
    assert q["cue"] == "according to"
    assert q["ref"] == "Pavel Dunn"


def test_according_to_a_rule_is_not_a_source(quotes_of):
    assert quotes_of("The trains will run according to the new timetable from Monday.") == []


def test_reported_speech_with_the_speaker_after_the_cue(quotes_of):
    found = quotes_of("The strike will end on Friday, union leader Maria Kovac confirmed on Sunday.")
    q = only(found, "strike", "indirect")
    assert q["text"] == "The strike will end on Friday"
    assert q["cue"] == "confirm"
    assert q["ref"] == "Maria Kovac"


def test_reported_speech_with_that_clause_and_told_reporters(quotes_of):
    found = quotes_of(
        "Maria Kovac warned that the strike could spread to the ports. "
        "Kovac told reporters that the talks had collapsed."
    )
    warned = only(found, "spread", "indirect")
    assert warned["text"] == "the strike could spread to the ports"
    assert warned["cue"] == "warn"
    told = only(found, "collapsed", "indirect")
    assert told["cue"] == "tell"
    assert "Kovac" in told["ref"]


def test_pronoun_resolves_to_the_recent_subject_not_the_object(quotes_of):
    found = quotes_of(
        "Ilse Marten thanked Tomas Greer for his help on Monday. "
        "She said the harbour would reopen within a week."
    )
    q = only(found, "harbour would reopen", "indirect")
    assert q["speaker_text"] == "She"
    assert q["ref"] == "Ilse Marten"


def test_role_description_prefers_the_person_introduced_with_that_role(quotes_of):
    found = quotes_of(
        "President Anton Varga arrived in Valmora on Monday. Prime Minister Ilse Marten welcomed him at the "
        'airport. "The talks went well," the president said.'
    )
    q = only(found, "The talks went well", "direct")
    assert q["speaker_text"] == "the president"
    assert q["ref"] == "Anton Varga"


def test_unbalanced_mark_does_not_cost_the_other_quotes(quotes_of):
    found = quotes_of(
        'Tomas Greer said, "We will rebuild the pier.\n\n'
        '"The ferries will return in May," Ilse Marten said. Officials were "cautious" about the date.'
    )
    unclosed = only(found, "We will rebuild the pier.", "direct")
    assert unclosed["ref"] == "Tomas Greer"
    closed = only(found, "The ferries will return in May", "direct")
    assert closed["ref"] == "Ilse Marten"
    assert only(found, "cautious", "partial")["text"] == "cautious"


def test_stray_inch_mark_is_not_an_opening_quote():
    text = 'A 5" pipe burst, engineers said. "We fixed it within an hour," said Pavel Dunn.'
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["We fixed it within an hour"]


def test_curly_marks_pair_even_without_spaces():
    text = "He called it “fair”and “final”."
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["fair", "final"]


def test_scare_quote_and_title_have_no_speaker(quotes_of):
    found = quotes_of(
        'The so-called "peace plan" was published on Monday. '
        'The novel "Winter Harbour Nights" sold well in Valmora.'
    )
    scare = only(found, "peace plan")
    title = only(found, "Winter Harbour Nights")
    assert scare["kind"] == title["kind"] == "partial"
    assert scare["speaker_text"] is None and title["speaker_text"] is None


def test_organisation_speaks_with_the_named_entity_inside(quotes_of):
    found = quotes_of("Norway's coast guard said that two fishing boats had sunk near the island.")
    q = only(found, "fishing boats", "indirect")
    assert q["speaker_text"] == "Norway's coast guard"
    assert q["ref"] == "Norway"


def test_news_agency_speaks(quotes_of):
    found = quotes_of("Reuters reported that the port of Valmora was closed to shipping.")
    q = only(found, "port of Valmora", "indirect")
    assert q["ref"] == "Reuters"


def test_negated_cue_is_not_a_statement(quotes_of):
    assert quotes_of("Tomas Greer did not say whether the pier would reopen.") == []


def test_impersonal_report_has_no_speaker(quotes_of):
    found = quotes_of("It has been reported that the pier collapsed during the storm.")
    q = only(found, "pier collapsed", "indirect")
    assert q["speaker_text"] is None and q["ref"] is None


def test_speech_verb_inside_the_quote_is_not_the_cue(quotes_of):
    found = quotes_of('"We urge the council to act now," said Mayor Lena Ostrow.')
    q = only(found, "We urge the council", "direct")
    assert q["cue"] == "say"
    assert q["ref"] == "Lena Ostrow"


def test_participle_cue_borrows_the_subject_of_the_main_verb(quotes_of):
    found = quotes_of(
        "Maria Kovac criticised the plan, warning, “The ports will be empty by June.” "
        "She added that the union would not give in."
    )
    assert only(found, "The ports will be empty", "direct")["ref"] == "Maria Kovac"
    assert only(found, "union would not give in", "indirect")["ref"] == "Maria Kovac"


def test_it_resolves_to_an_organisation_not_a_person(quotes_of):
    found = quotes_of(
        "The European Commission fined Anton Varga on Monday. It said that the rules had been broken twice."
    )
    q = only(found, "rules had been broken", "indirect")
    assert q["speaker_text"] == "It"
    assert q["ref"] == "The European Commission" or q["ref"] == "European Commission"
