"""Quotes of the real seed articles: speakers a reader would name, and the evaluation targets."""

from __future__ import annotations

import pytest

from analysis.nlp.quotes import extract_quotes
from analysis.tools.evaluate_quotes import DEFAULT_GOLD, evaluate, load_gold, speaker_matches


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_corpus) -> list[dict]:
    articles = seed_corpus.articles
    rows = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        for q in extract_quotes(doc):
            ref = doc.text[q["ref_start"] : q["ref_end"]] if q["ref_start"] is not None else None
            rows.append({**q, "article_id": article.article_id, "ref": ref})
    return rows


def quote(rows: list[dict], fragment: str, kind: str) -> dict:
    hits = [q for q in rows if q["text"].startswith(fragment) and q["kind"] == kind]
    assert len(hits) == 1, (fragment, [q["text"][:40] for q in rows if fragment[:10] in q["text"]])
    return hits[0]


@pytest.mark.parametrize(
    ("fragment", "kind", "speaker"),
    [
        ("Your task is to completely destroy the enemy", "direct", "Putin"),
        ("I do expect that all combat objectives", "direct", "Putin"),  # second half of a split quote
        ("We will not prejudge", "direct", "Peskov"),
        ("Yesterday, he called our border", "direct", "Joly"),
        ("My priority has been and remains", "direct", "Syrskyi"),  # quote paragraph, speaker below it
        ("We urge the Russians to sign on", "direct", "Leavitt"),  # speaker after an inverted cue
        ("If they lay down their arms", "direct", "Putin"),  # "he stated"
        ("A positive message means nothing.", "direct", "Trump"),
        ("doesn't want to get ahead of itself", "partial", "Peskov"),  # "Russia, he added, ..."
        ("withdrawn to more advantageous", "partial", "Ukraine"),
        ("Moscow’s efforts to eliminate", "indirect", "Peskov"),  # "according to" names the source
        ("US officials are heading to Moscow", "indirect", "Trump"),  # speaker after the cue
    ],
)
def test_seed_quotes_have_the_speaker_a_reader_would_name(seed_quotes, fragment, kind, speaker):
    q = quote(seed_quotes, fragment, kind)
    assert q["ref"] is not None and speaker in q["ref"]


def test_negated_report_is_not_a_statement(seed_quotes):
    assert not any("whether Witkoff would meet" in q["text"] for q in seed_quotes)


def test_gold_annotations_cover_every_kind():
    gold = load_gold(DEFAULT_GOLD)
    kinds = {k: sum(g["kind"] == k for g in gold) for k in ("direct", "partial", "indirect")}
    assert kinds["direct"] >= 15 and kinds["partial"] >= 20 and kinds["indirect"] >= 10


def test_speaker_matching_allows_spelling_variants_but_not_other_people():
    assert speaker_matches("Oleksandr Syrskyi", "Ukraine’s military chief", "Oleksandr Syrsky")
    assert speaker_matches("Vladimir Putin", "the president", "Vladimir Putin")
    assert not speaker_matches("Vladimir Putin", "the president", "Donald Trump")
    assert not speaker_matches("Vladimir Putin", "he", None)
    assert speaker_matches(None, None, None)


def test_evaluation_meets_the_targets_on_the_seeds():
    report = evaluate()
    rows = report["categories"]
    assert report["unlocated_gold"] == 0
    assert rows["full"]["right_speaker_rate"] >= 0.95
    assert rows["partial"]["right_speaker_rate"] >= 0.85
    assert rows["indirect"]["right_speaker_rate"] >= 0.70
    assert report["spurious"] <= 2
