"""Who said it: one test per failure class of speaker attribution, with the negative cases, on invented text.

Each test parses real sentences with the real pipeline and checks the speaker a reader would name.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.nlp.quotes import extract_quotes


def quotes_of(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    out = []
    for q in extract_quotes(doc):
        ref = doc.text[q["ref_start"]:q["ref_end"]] if q["ref_start"] is not None else None
        out.append({**q, "ref": ref})
    return out


def quote(quotes: list[dict], words: str) -> dict:
    hits = [q for q in quotes if words in q["text"]]
    assert hits, [q["text"] for q in quotes]
    return hits[0]


# 1. the speaker is named outside the quote's sentence


def test_intro_paragraph_ending_with_a_colon(nlp):
    text = ("The harbour master, Ilse Marten, spoke to reporters on the quay. Marten said:\n\n"
            "“We have never seen a storm like this one. The boats are safe and the crews are home.”")
    q = quote(quotes_of(nlp, text), "never seen a storm")
    assert q["ref"] == "Marten"
    assert q["speaker_rule"]


def test_quote_continued_over_two_paragraphs(nlp):
    text = ("“The bridge will reopen in May,” said Mayor Tomas Varga. “The repairs took longer than we hoped.\n\n"
            "“But the work is done and it is safe.”")
    q = quote(quotes_of(nlp, text), "the work is done")
    assert q["ref"] == "Tomas Varga"
    assert "continues the previous paragraph" in q["speaker_rule"]


def test_quote_only_paragraph_after_an_attributed_quote(nlp):
    text = ("“We are ready,” coach Lena Brandt said after training.\n\n"
            "“The team has worked hard all winter.”")
    q = quote(quotes_of(nlp, text), "worked hard")
    assert q["ref"] == "Lena Brandt"


def test_quote_only_paragraph_after_narration_stays_unattributed(nlp):
    text = "The match ended late on Sunday in heavy rain.\n\n“What a night.”"
    q = quote(quotes_of(nlp, text), "What a night")
    assert q["speaker_text"] is None


def test_name_after_a_dash_that_ends_the_quote(nlp):
    text = "“The council ignored us for years.” ― Odile Ferrant\n“We will keep marching.” ― Bram Keulers"
    quotes = quotes_of(nlp, text)
    assert quote(quotes, "ignored us")["ref"] == "Odile Ferrant"
    assert quote(quotes, "keep marching")["ref"] == "Bram Keulers"


# 2. the speaker is not recognised as an entity


def test_unrecognised_speaker_becomes_an_actor(tmp_path):
    from analysis.ingest.corpus import load_uploads
    from analysis.store.pipeline import analyze

    text = ("Late charge at the open\n\n“The green was faster than I expected.” ― Kalvin Oosterbrook\n\n"
            "The round ended at dusk.")
    corpus = load_uploads([("golf.txt", text.encode())])
    tables, _ = analyze(corpus.articles)
    q = tables["quotes"].iloc[0]
    assert q["speaker"] == "Kalvin Oosterbrook"
    assert q["speaker_kind"] == "named"
    assert "Kalvin Oosterbrook" in set(tables["actors"]["actor"])


# 3. a description is the speaker


def test_indefinite_description_is_kept_and_not_replaced_by_a_nearby_name(nlp):
    text = ("Colonel Jane Roe inspected the base on Monday. A Marine spokeswoman said the base was closed "
            "after the storm.")
    q = quote(quotes_of(nlp, text), "the base was closed")
    assert q["speaker_text"] == "A Marine spokeswoman"
    assert q["ref"] is None
    assert "description kept" in q["speaker_rule"]


def test_role_links_only_to_a_person_written_with_that_role(nlp):
    text = ("Colonel Jane Roe inspected the base on Monday.\n\n"
            "The spokeswoman said no one was hurt.")
    assert quote(quotes_of(nlp, text), "no one was hurt")["ref"] is None
    text = ("Kremlin spokesman Dmitry Peskov spoke on Monday. The spokesman said talks would go on.")
    assert quote(quotes_of(nlp, text), "talks would go on")["ref"] == "Dmitry Peskov"


def test_apposition_after_the_name_gives_the_role(nlp):
    text = "Peskov, the Kremlin spokesman, was asked about it. Later the spokesman said talks would go on."
    assert quote(quotes_of(nlp, text), "talks would go on")["ref"] == "Peskov"


def test_description_speakers_get_their_kind_in_the_table():
    from analysis.ingest.corpus import load_uploads
    from analysis.store.pipeline import analyze

    text = ("Colonel Jane Roe inspected the base on Monday. A Marine spokeswoman said the base was closed "
            "after the storm.\n\nProsecutors said the case would go to trial.")
    tables, _ = analyze(load_uploads([("base.txt", text.encode())]).articles)
    kinds = dict(zip(tables["quotes"]["speaker_text"], tables["quotes"]["speaker_kind"], strict=True))
    assert kinds["A Marine spokeswoman"] == "description"
    assert kinds["Prosecutors"] == "description"


# 4. a person named inside the quote is never the speaker


def test_name_inside_the_quote_is_not_the_speaker(nlp):
    text = ("Envoy Marek Dolny met the press.\n\n"
            "“President Halvard Stroem wants a deal,” he said. “Stroem told me so himself.”")
    quotes = quotes_of(nlp, text)
    assert quote(quotes, "wants a deal")["ref"].endswith("Marek Dolny")
    assert quote(quotes, "told me so")["ref"].endswith("Marek Dolny")


# 5. pronoun chains


def test_pronoun_follows_the_last_person_speaking(nlp):
    text = ("“We will not sign,” Anna Kovacs said. Peter Lind disagreed. “We must sign now,” he said.")
    quotes = quotes_of(nlp, text)
    assert quote(quotes, "will not sign")["ref"] == "Anna Kovacs"
    assert quote(quotes, "must sign now")["ref"] == "Peter Lind"


def test_evaluative_verbs_attribute_partial_quotes(nlp):
    text = "Senator Ruth Adeyemi called the plan a “reckless gamble” on Tuesday."
    assert quote(quotes_of(nlp, text), "reckless gamble")["ref"] == "Ruth Adeyemi"


# --- the PolNeAR evaluation mode, on a two-article file written for the test --------------------------


def _attribution(text: str, content: str, source: str, cue: str) -> dict:
    def span(words: str) -> list[list[int]]:
        i = text.index(words)
        return [[i, i + len(words)]]

    return {"content": span(content), "source": span(source) if source else [], "cue": span(cue),
            "content_text": content, "source_text": source, "cue_text": cue}


def test_polnear_mode_scores_the_quotes_table(tmp_path, capsys):
    from analysis.tools.evaluate_quotes import main

    a = "Budget row.\n\n“We will cut taxes,” said Governor Ilse Marten. Critics said the plan was reckless."
    b = "Storm news.\n\nThe mayor, Tomas Varga, said the roads would reopen on Monday."
    docs = [
        {"doc_id": "wire_a", "text": a, "attributions": [
            _attribution(a, "We will cut taxes", "Governor Ilse Marten", "said"),
            _attribution(a, "the plan was reckless", "Critics", "said")]},
        {"doc_id": "wire_b", "text": b, "attributions": [
            _attribution(b, "the roads would reopen on Monday", "The mayor, Tomas Varga,", "said")]},
    ]
    (tmp_path / "dev.jsonl").write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    assert main(["--polnear", str(tmp_path), "--split", "dev", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["all"]["gold"] == 3
    assert report["all"]["found"] == 3
    assert report["all"]["right_speaker"] == 1.0
    assert report["direct"]["gold"] == 1 and report["reported"]["gold"] == 2


def test_speaker_override_replaces_the_speaker():
    from analysis.views.queries import apply_speaker_overrides

    quotes = pd.DataFrame([{"quote_id": "a:q0", "speaker": "Ilse Marten", "speaker_id": "ilse-marten",
                            "speaker_kind": "named", "speaker_rule": "subject of 'said'"},
                           {"quote_id": "a:q1", "speaker": None, "speaker_id": None,
                            "speaker_kind": "unattributed", "speaker_rule": None}])
    actors = pd.DataFrame([{"actor_id": "ilse-marten", "actor": "Ilse Marten", "actor_type": "PERSON"},
                           {"actor_id": "city-council", "actor": "City Council", "actor_type": "ORG"}])
    out = apply_speaker_overrides(quotes, actors, {"a:q0": None, "a:q1": "City Council"})
    assert out.loc[0, "speaker"] is None and out.loc[0, "speaker_kind"] == "unattributed"
    assert out.loc[1, "speaker"] == "City Council" and out.loc[1, "speaker_kind"] == "organisation"
    assert (out["speaker_rule"] == "corrected by the analyst in this session").all()
    assert quotes.loc[0, "speaker"] == "Ilse Marten"


@pytest.mark.parametrize("kind", ["direct", "partial", "indirect"])
def test_seed_quotes_have_a_speaker_kind(seed_tables, kind):
    q = seed_tables["quotes"]
    assert set(q["speaker_kind"].dropna()) <= {"named", "description", "organisation", "unattributed"}
    assert q["speaker_kind"].notna().all()
    assert (q[q["kind"] == kind]["speaker_kind"] != "unattributed").any()
