"""Sentiment toward a target mention: what a user checks on invented sentences, the public interface, the
shipped model and how it fails.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.nlp.model import load_nlp
from analysis.nlp.sentiment import DEV_SCORES, METHOD, MODEL_DIR, load_model, score_spans, target_sentiment
from analysis.paths import ROOT
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
    assert "NewsMTSC" in METHOD
    assert set(DEV_SCORES) == {"rw", "mt"}
    assert DEV_SCORES["rw"]["macro_f1"] >= 0.78
    assert DEV_SCORES["mt"]["macro_f1"] >= 0.73


def test_model_loads_from_the_repository_without_network(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    load_model.cache_clear()
    model = load_model()
    assert MODEL_DIR.is_relative_to(ROOT)
    assert (MODEL_DIR / "model.onnx").stat().st_size < 40_000_000
    for name in ("LICENSE", "MODEL_CARD.md", "tokenizer.json", "config.json"):
        assert (MODEL_DIR / name).is_file(), name
    probs = model.probabilities([("Nurse Okafor was praised as a hero.", 6, 12)])
    assert probs.shape == (1, 3) and np.isclose(probs.sum(), 1.0)


def test_identical_pairs_are_scored_once(nlp) -> None:
    model = load_model()
    text = "Senator Vance was praised by voters for the bridge."
    pair = (text, 8, 13)
    model.cache.pop(pair, None)
    before = len(model.cache)
    first = model.probabilities([pair, pair, pair])
    assert len(model.cache) == before + 1
    assert np.allclose(first[0], first[1]) and np.allclose(first[1], first[2])


@pytest.mark.parametrize("broken", ["missing", "corrupt"])
def test_a_broken_model_file_is_named_and_the_analysis_still_runs(tmp_path, monkeypatch, broken) -> None:
    import analysis.nlp.sentiment as sentiment
    from analysis.ingest.corpus import load_uploads
    from analysis.store.pipeline import analyze

    bad = tmp_path / "sentiment_encoder"
    shutil.copytree(MODEL_DIR, bad, ignore=shutil.ignore_patterns("model.onnx"))
    if broken == "corrupt":
        (bad / "model.onnx").write_bytes(b"not an onnx model")
    monkeypatch.setattr(sentiment, "MODEL_DIR", bad)
    sentiment.load_model.cache_clear()
    sentiment.model_fingerprint.cache_clear()
    try:
        problem = sentiment.model_problem()
        assert problem is not None and str(bad / "model.onnx") in problem
        with pytest.raises(sentiment.SentimentModelError, match="model.onnx"):
            sentiment.load_model()
        corpus = load_uploads([("story.txt", b"Mayor Ilse Marten opened the bridge.\n\nMarten said it was safe.")])
        tables, _ = analyze(corpus.articles)
        assert "Ilse Marten" in set(tables["actors"]["actor"])
        assert tables["sentiment"].empty
    finally:
        sentiment.load_model.cache_clear()
        sentiment.model_fingerprint.cache_clear()


@pytest.mark.slow
def test_pipeline_scores_on_dev_match_the_published_figures(nlp) -> None:
    rows = load_rows(DATA_DIR / "dev.jsonl")
    docs = parse_sentences(r["sentence"] for r in rows)
    pred = [score_spans(docs[r["sentence"]], [(r["target_start"], r["target_end"])])[0][0] for r in rows]
    measured = scores_by_variant(rows, pred)
    for variant in ("rw", "mt"):
        assert measured[variant]["macro_f1"] == pytest.approx(DEV_SCORES[variant]["macro_f1"], abs=0.02)


def test_subjectivity_separates_opinion_from_report(nlp) -> None:
    from analysis.nlp.subjectivity import sentence_subjectivity

    text = "The minister met officials on Tuesday. Critics called her reckless, arrogant and utterly incompetent."
    doc = nlp(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    factual, opinion = sentence_subjectivity(doc, sentences, [0, 1])
    assert factual < 0.3 < opinion <= 1.0
