"""Sentiment toward a target mention, on the real spaCy pipeline and the shipped model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.nlp.model import load_nlp
from analysis.nlp.sentiment import DEV_SCORES, METHOD, MODEL_META, WEIGHTS_PATH, score_spans, target_sentiment
from analysis.nlp.sentiment_features import (
    char_span_tokens,
    governor,
    quote_mask,
    scoped_lexicon_score,
    sentence_context,
    speaker_region,
    target_features,
    tree_distances,
)
from analysis.tools.evaluate_sentiment import DATA_DIR, load_rows, parse_sentences, scores_by_variant


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _span(text: str, target: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(target, start + 1)
    return start, start + len(target)


def _score(nlp, text: str, target: str) -> tuple[int, float]:
    return score_spans(nlp(text), [_span(text, target)])[0]


def _context(nlp, text: str, target: str):
    doc = nlp(text)
    i, j = char_span_tokens(doc, *_span(text, target))
    sent = doc[i].sent
    return doc, sent_ctx(sent, doc), i - sent.start, j - sent.start


def sent_ctx(sent, doc):
    return sentence_context(sent, quote_mask(doc))


# --- what a user checks: the sentiment is about the target, not the sentence ---------------------------


def test_urging_to_prevent_a_massacre_is_not_negative_about_the_one_who_urges(nlp) -> None:
    text = "Trump urged Putin to prevent a horrible massacre."
    assert _score(nlp, text, "Trump")[0] != -1


def test_quote_is_about_what_it_names_not_about_its_speaker(nlp) -> None:
    text = '"Putin is a war criminal," Zelensky said.'
    assert _score(nlp, text, "Putin")[0] == -1
    assert _score(nlp, text, "Zelensky")[0] != -1
    assert _score(nlp, text, "Zelensky")[1] > _score(nlp, text, "Putin")[1]


def test_two_targets_in_one_sentence_are_ranked_by_their_own_clause(nlp) -> None:
    text = "The corrupt mayor Halvorsen was arrested for fraud, while nurse Okafor was praised as a hero."
    assert _score(nlp, text, "Halvorsen")[0] == -1
    assert _score(nlp, text, "Okafor")[1] > _score(nlp, text, "Halvorsen")[1] + 0.3


@pytest.mark.xfail(strict=True, reason="known weakness: a strongly negative clause pulls a praised target down")
def test_two_targets_in_one_sentence_get_opposite_labels(nlp) -> None:
    text = "The corrupt mayor Halvorsen was arrested for fraud, while nurse Okafor was praised as a hero."
    assert _score(nlp, text, "Okafor")[0] == 1


def test_negative_sentence_with_a_praised_rescuer(nlp) -> None:
    text = "In the deadly flood that killed dozens, volunteer Marisol Ibarra heroically saved eleven children."
    label, score = _score(nlp, text, "Marisol Ibarra")
    assert label == 1 and score > 0


def test_positive_sentence_with_a_condemned_target(nlp) -> None:
    text = "Fans celebrated the wonderful victory, but critics accused coach Brandt of cheating and lying."
    assert _score(nlp, text, "Brandt")[0] == -1


def test_neutral_mention_in_a_charged_sentence_is_not_positive_or_negative(nlp) -> None:
    text = "Minister Okonjo met reporters in Lagos on Tuesday."
    assert _score(nlp, text, "Okonjo")[0] == 0


# --- the public interface ------------------------------------------------------------------------------


def test_score_spans_matches_target_sentiment(nlp) -> None:
    text = "Senator Vance attacked the brilliant scientist Dr. Okafor, who calmly defended her research."
    spans = [_span(text, "Vance"), _span(text, "Okafor"), _span(text, "her research")]
    batch = score_spans(nlp(text), spans)
    single = [target_sentiment(text, s, e) for s, e in spans]
    assert [label for label, _ in batch] == [label for label, _ in single]
    assert np.allclose([s for _, s in batch], [s for _, s in single])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 90), st.integers(1, 30))
def test_any_span_gets_a_label_and_a_bounded_score(nlp, start: int, length: int) -> None:
    text = "The mayor, who was widely criticised, said the new bridge is a triumph for the whole city."
    label, score = score_spans(nlp(text), [(start, min(start + length, len(text)))])[0]
    assert label in (-1, 0, 1)
    assert -1.0 <= score <= 1.0


def test_score_sign_agrees_with_label_for_polar_predictions(nlp) -> None:
    text = "The heroic firefighter rescued the family, and the arsonist was convicted of murder."
    for target in ("firefighter", "arsonist"):
        label, score = _score(nlp, text, target)
        if label:
            assert np.sign(score) == label


def test_method_and_dev_scores_are_published() -> None:
    assert isinstance(METHOD, str) and METHOD
    assert set(DEV_SCORES) == {"rw", "mt"}
    assert DEV_SCORES["rw"]["macro_f1"] >= 0.68
    assert DEV_SCORES["mt"]["macro_f1"] >= 0.65


def test_model_file_is_small() -> None:
    assert WEIGHTS_PATH.stat().st_size < 1_000_000


@pytest.mark.slow
def test_numpy_inference_reproduces_the_saved_dev_predictions_and_scores(nlp) -> None:
    rows = load_rows(DATA_DIR / "dev.jsonl")
    docs = parse_sentences(r["sentence"] for r in rows)
    pred = [score_spans(docs[r["sentence"]], [(r["target_start"], r["target_end"])])[0][0] for r in rows]
    assert "".join("-0+"[p + 1] for p in pred) == MODEL_META["dev_predictions"]
    measured = scores_by_variant(rows, pred)
    for variant in ("rw", "mt"):
        assert measured[variant]["macro_f1"] == pytest.approx(DEV_SCORES[variant]["macro_f1"], abs=1e-4)
        assert measured[variant]["accuracy"] == pytest.approx(DEV_SCORES[variant]["accuracy"], abs=1e-4)


# --- the rules, on invented sentences ------------------------------------------------------------------


def test_quote_mask_marks_words_between_quotation_marks(nlp) -> None:
    doc = nlp('Ms Rahn said: “The plan failed badly.” Then she left.')
    inside = [t.text for t, q in zip(doc, quote_mask(doc), strict=True) if q]
    assert inside == ["The", "plan", "failed", "badly", "."]


def test_quote_mask_closes_an_unterminated_quote_at_a_line_break(nlp) -> None:
    doc = nlp('He wrote "we lost everything\n\nThe council met on Monday.')
    mask = quote_mask(doc)
    council = next(t.i for t in doc if t.text == "council")
    assert mask[next(t.i for t in doc if t.text == "lost")]
    assert not mask[council]


def test_speaker_region_covers_the_quote_for_its_speaker_only(nlp) -> None:
    text = '"Lindqvist is a liar and a fraud," Moreau said.'
    doc, ctx, t0, t1 = _context(nlp, text, "Moreau")
    rel, gov = governor(ctx.sent[t0])
    region = speaker_region(ctx, t0, t1, rel, gov, reported=False)
    spoken = {ctx.sent[k].text for k in np.flatnonzero(region)}
    assert {"liar", "fraud"} <= spoken
    doc, ctx, t0, t1 = _context(nlp, text, "Lindqvist")
    rel, gov = governor(ctx.sent[t0])
    assert not speaker_region(ctx, t0, t1, rel, gov, reported=False).any()


def test_reported_speech_counts_as_the_speakers_words_when_asked(nlp) -> None:
    doc, ctx, t0, t1 = _context(nlp, "Moreau said Lindqvist is a liar.", "Moreau")
    rel, gov = governor(ctx.sent[t0])
    assert not speaker_region(ctx, t0, t1, rel, gov, reported=False).any()
    region = speaker_region(ctx, t0, t1, rel, gov, reported=True)
    assert "liar" in {ctx.sent[k].text for k in np.flatnonzero(region)}


def test_dropped_quote_words_do_not_reach_the_speakers_features(nlp) -> None:
    doc, ctx, t0, t1 = _context(nlp, '"Lindqvist is a liar," Moreau said.', "Moreau")
    dropped = target_features(ctx, t0, t1, quote_mode="drop")
    separate = target_features(ctx, t0, t1, quote_mode="separate")
    same = target_features(ctx, t0, t1, quote_mode="same")
    assert "u:liar" in same and "u:liar" not in dropped and "u:liar" not in separate
    assert "qu:liar" in separate
    assert separate["v_spoken"] < 0 and dropped.get("v_wneg", 0.0) == 0.0


@pytest.mark.parametrize(
    ("text", "target", "rel", "head"),
    [
        ("The harsh criticism of Okafor grew.", "Okafor", "pobj_of", "criticism"),
        ("Okafor's failure was obvious.", "Okafor", "poss", "failure"),
        ("The bill was vetoed by Okafor.", "Okafor", "agent_by", "veto"),
        ("Okafor and Brandt attacked the plan.", "Brandt", "nsubj", "attack"),
        ("Voters rejected Okafor.", "Okafor", "dobj", "reject"),
    ],
)
def test_governor_walks_through_prepositions_possessives_agents_and_conjuncts(
    nlp, text: str, target: str, rel: str, head: str
) -> None:
    doc = nlp(text)
    i, _ = char_span_tokens(doc, *_span(text, target))
    got_rel, got_head = governor(doc[i])
    assert (got_rel, got_head.lemma_.lower()) == (rel, head)


def test_negation_flips_and_damps_word_polarity(nlp) -> None:
    plain = nlp("The plan is good.")
    negated = nlp("The plan is not good.")
    good_plain = sent_ctx(next(plain.sents), plain).vader[3]
    good_negated = sent_ctx(next(negated.sents), negated).vader[4]
    assert good_plain > 0 > good_negated > -good_plain


def test_tree_distance_is_zero_on_the_target_and_grows_along_the_parse(nlp) -> None:
    doc, ctx, t0, t1 = _context(nlp, "Trump urged Putin to prevent a horrible massacre.", "Trump")
    dist = tree_distances(ctx, t0, t1)
    words = [t.text for t in ctx.sent]
    assert dist[words.index("Trump")] == 0
    assert dist[words.index("urged")] == 1
    assert dist[words.index("horrible")] > dist[words.index("Putin")]


def test_scoped_lexicon_score_puts_the_negativity_near_its_target(nlp) -> None:
    text = "Trump urged Putin to prevent a horrible massacre."
    doc, ctx, t0, t1 = _context(nlp, text, "Trump")
    trump = scoped_lexicon_score(ctx, t0, t1)
    doc, ctx, t0, t1 = _context(nlp, text, "massacre")
    massacre = scoped_lexicon_score(ctx, t0, t1)
    assert massacre < trump and massacre < 0


def test_scoped_lexicon_score_ignores_the_speakers_own_quote(nlp) -> None:
    doc, ctx, t0, t1 = _context(nlp, '"Lindqvist is a liar and a fraud," Moreau said.', "Moreau")
    assert scoped_lexicon_score(ctx, t0, t1) == 0.0


def test_masked_ngrams_replace_the_target_and_names(nlp) -> None:
    doc, ctx, t0, t1 = _context(nlp, "Voters angrily rejected Okafor in Lagos.", "Okafor")
    feats = target_features(ctx, t0, t1)
    assert "b:reject_<t>" in feats and "u:okafor" not in feats
    assert "l1:reject" in feats and "r1:in" in feats
