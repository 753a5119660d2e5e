"""Sentiment toward an actor mention, not toward the sentence it sits in.

A multinomial linear model over target-relative parse and lexicon features (`sentiment_features`),
fitted on NewsMTSC train by `python -m analysis.tools.train_sentiment` and shipped as plain arrays in
data/models/, so inference needs only numpy and the parse the pipeline already has.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from analysis.nlp.sentiment_features import char_span_tokens, quote_mask, sentence_context, target_features
from analysis.paths import DATA

MODEL_DIR = DATA / "models"
WEIGHTS_PATH = MODEL_DIR / "sentiment_linear.npz"
META_PATH = MODEL_DIR / "sentiment_linear.json"
CLASSES = (-1, 0, 1)


def _read_meta() -> dict:
    try:
        return json.loads(META_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


MODEL_META = _read_meta()
METHOD: str = MODEL_META.get(
    "method",
    "Linear model on target-relative features (parse neighbourhood, governor role, lexicons, masked n-grams)",
)
DEV_SCORES: dict = MODEL_META.get("dev_scores", {})


@dataclass(frozen=True)
class LinearModel:
    """Exported multinomial logistic regression: feature name -> row of `weights` (one column per class)."""

    vocab: dict[str, int]
    weights: np.ndarray
    bias: np.ndarray
    quote_mode: str
    reported: bool

    def logits(self, feats: dict[str, float]) -> np.ndarray:
        """Class scores for one feature dict; unknown features are ignored, as in training."""
        idx = [self.vocab[k] for k in feats if k in self.vocab]
        if not idx:
            return self.bias.copy()
        vals = np.fromiter((feats[k] for k in feats if k in self.vocab), dtype=np.float64, count=len(idx))
        return self.bias + vals @ self.weights[idx]

    def predict(self, feats: dict[str, float]) -> tuple[int, float]:
        """(label, score): the most probable class, and P(positive) - P(negative) in [-1, 1]."""
        z = self.logits(feats)
        p = np.exp(z - z.max())
        p /= p.sum()
        return CLASSES[int(np.argmax(p))], float(p[2] - p[0])


@lru_cache(maxsize=1)
def load_model() -> LinearModel:
    """The shipped model (read once per process; it holds no user data)."""
    with np.load(WEIGHTS_PATH, allow_pickle=False) as npz:
        names = npz["vocab"].tobytes().decode("utf-8").split("\n")
        weights = npz["weights"].astype(np.float64)
        bias = npz["bias"].astype(np.float64)
    settings = MODEL_META.get("features", {})
    return LinearModel(
        vocab={name: i for i, name in enumerate(names)},
        weights=weights,
        bias=bias,
        quote_mode=settings.get("quote_mode", "drop"),
        reported=bool(settings.get("reported", False)),
    )


def span_features(
    doc: Doc, spans: Sequence[tuple[int, int]], quote_mode: str = "drop", reported: bool = False
) -> list[dict[str, float] | None]:
    """Feature dicts for character spans of a parsed doc (None where a span covers no token).

    Sentence-level arrays are built once per sentence and shared by all targets in it.
    """
    quoted = quote_mask(doc)
    contexts: dict[int, object] = {}
    out: list[dict[str, float] | None] = []
    for start, end in spans:
        tokens = char_span_tokens(doc, start, end)
        if tokens is None:
            out.append(None)
            continue
        i, j = tokens
        sent = doc[i].sent
        ctx = contexts.get(sent.start)
        if ctx is None:
            ctx = contexts[sent.start] = sentence_context(sent, quoted)
        j = min(j, sent.end)
        out.append(target_features(ctx, i - sent.start, j - sent.start, quote_mode, reported))
    return out


def score_spans(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[tuple[int, float]]:
    """(label, score) toward each character span [start, end) of an already parsed doc.

    No re-parse; the work per target is proportional to its sentence. A span that covers no token
    scores neutral (0, 0.0).
    """
    model = load_model()
    feats = span_features(doc, spans, model.quote_mode, model.reported)
    return [(0, 0.0) if f is None else model.predict(f) for f in feats]


def target_sentiment(text: str, start: int, end: int) -> tuple[int, float]:
    """The sentiment expressed toward text[start:end] inside text: (label in {-1, 0, 1}, score in [-1, 1])."""
    from analysis.nlp.model import load_nlp

    return score_spans(load_nlp()(text), [(start, end)])[0]
