"""Sentiment toward an actor mention, not toward the sentence it sits in.

A 6-layer MiniLM encoder fine-tuned on NewsMTSC with the target marked in the sentence
(`python -m analysis.tools.train_encoder`), shipped as int8 ONNX with its tokenizer in
data/models/sentiment_encoder/ and run with onnxruntime: no torch, no network. Probabilities are
temperature-calibrated on dev; a mention's score is P(positive) - P(negative).

Quoted words are their speaker's stance toward what they name, never sentiment toward the speaker: a target
is scored with its own quotations and reported statements elided from its sentence, so "“X is a disaster,”
Y said" says nothing about Y, while X, inside the quote, is scored on the whole sentence.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from analysis.nlp.quotes import extract_quotes
from analysis.nlp.sentiment_inputs import build_inputs, pad_batch
from analysis.paths import DATA

log = logging.getLogger(__name__)

MODEL_DIR = DATA / "models" / "sentiment_encoder"
MODEL_FILES = ("config.json", "tokenizer.json", "model.onnx")
CLASSES = (-1, 0, 1)
BATCH = 32
CACHE_SIZE = 100_000
ELISION = "…"
THREADS_ENV = "NEWS_SENTIMENT_THREADS"


class SentimentModelError(RuntimeError):
    """The shipped model cannot be used; the message names the file and the reason."""


@dataclass
class EncoderModel:
    """The ONNX session, its tokenizer and calibration, with a cache of scored (sentence, target) pairs."""

    session: object
    tokenizer: object
    temperature: float
    config: dict
    cache: OrderedDict

    def probabilities(self, pairs: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """Calibrated (negative, neutral, positive) per pair; each distinct pair is run once per process."""
        out = np.zeros((len(pairs), 3), dtype=np.float64)
        todo: dict[tuple[str, int, int], list[int]] = {}
        for i, pair in enumerate(pairs):
            hit = self.cache.get(pair)
            if hit is not None:
                out[i] = hit
            else:
                todo.setdefault(pair, []).append(i)
        if todo:
            keys = sorted(todo, key=lambda p: len(p[0]))
            feats = [build_inputs(self.tokenizer, s, a, b) for s, a, b in keys]
            for k in range(0, len(keys), BATCH):
                batch = pad_batch(feats[k:k + BATCH])
                logits = self.session.run(["logits"], batch)[0].astype(np.float64) / self.temperature
                z = np.exp(logits - logits.max(axis=1, keepdims=True))
                probs = z / z.sum(axis=1, keepdims=True)
                for key, p in zip(keys[k:k + BATCH], probs, strict=True):
                    for i in todo[key]:
                        out[i] = p
                    self.cache[key] = p
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return out


def _read_config(model_dir: Path) -> dict:
    path = model_dir / "config.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SentimentModelError(f"{path}: missing (the sentiment model ships in the repository)") from exc
    except (OSError, ValueError) as exc:
        raise SentimentModelError(f"{path}: cannot be read ({exc})") from exc


@lru_cache(maxsize=1)
def load_model(model_dir: Path | None = None) -> EncoderModel:
    """The shipped encoder (or the one in `model_dir`), loaded once per process; it holds no user data."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model_dir = model_dir or MODEL_DIR
    config = _read_config(model_dir)
    for name in MODEL_FILES[1:]:
        if not (model_dir / name).is_file():
            raise SentimentModelError(f"{model_dir / name}: missing (the sentiment model ships in the repository)")
    try:
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    except Exception as exc:
        raise SentimentModelError(f"{model_dir / 'tokenizer.json'}: cannot be read ({exc})") from exc
    tokenizer.no_padding()
    tokenizer.no_truncation()
    options = ort.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get(THREADS_ENV, "0")) or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False  # the arena keeps its high-water mark for the life of a worker
    try:
        session = ort.InferenceSession(str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise SentimentModelError(f"{model_dir / 'model.onnx'}: cannot be loaded ({exc})") from exc
    return EncoderModel(session, tokenizer, float(config.get("temperature", 1.0)), config, OrderedDict())


def model_problem() -> str | None:
    """Why the model cannot be used (file and reason), or None when it loads."""
    try:
        load_model()
    except SentimentModelError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1)
def model_fingerprint() -> str:
    """Changes whenever the shipped model changes (or goes missing), so cached analyses are redone."""
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        path = MODEL_DIR / name
        digest.update(name.encode())
        digest.update(str(path.stat().st_size).encode() if path.is_file() else b"missing")
    config = MODEL_DIR / "config.json"
    if config.is_file():
        digest.update(config.read_bytes())
    return digest.hexdigest()[:16]


def _method() -> tuple[str, dict]:
    try:
        config = _read_config(MODEL_DIR)
    except SentimentModelError:
        return "Sentiment model missing", {}
    dev = config.get("eval", {}).get("dev_int8", {})
    scores = {v: {"macro_f1": dev[v]["macro_f1"], "accuracy": dev[v]["accuracy"]} for v in ("rw", "mt") if v in dev}
    return config.get("method", "MiniLM encoder fine-tuned on NewsMTSC, target marked in the sentence"), scores


METHOD, DEV_SCORES = _method()
BASELINE = "TextBlob polarity of the whole sentence: dev macro-F1 0.398 (rw) / 0.422 (mt)"


def _spoken_by(quotes: Sequence[dict]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(quote start, quote end, the speaker's spans) of every quotation or reported clause with a speaker."""
    out = []
    for q in quotes:
        spans = [(int(q[a]), int(q[b])) for a, b in (("speaker_start", "speaker_end"), ("ref_start", "ref_end"))
                 if q.get(a) is not None]
        if spans:
            out.append((int(q["start"]), int(q["end"]), spans))
    return out


def _sentence_pairs(doc: Doc, spans: Sequence[tuple[int, int]],
                    quotes: Sequence[dict]) -> list[tuple[str, int, int] | None]:
    """(sentence text, target start, target end) per span; the target's own words (what it is quoted or
    reported as saying) are elided from its sentence."""
    text = doc.text
    spoken = _spoken_by(quotes)
    starts = [s.start_char for s in doc.sents]
    ends = [s.end_char for s in doc.sents]
    out: list[tuple[str, int, int] | None] = []
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            out.append(None)
            continue
        k = max(bisect_right(starts, start) - 1, 0)
        s0, s1 = (starts[k], max(ends[k], end)) if starts else (0, len(text))
        own = sorted((a, b) for a, b, who in spoken
                     if any(x < end and start < y for x, y in who) and not (a <= start < b))
        pieces, cursor, shift = [], s0, 0
        for a, b in own:
            a, b = max(a, s0, cursor), min(b, s1)
            if b <= a:
                continue
            pieces.append(text[cursor:a] + ELISION)
            if b <= start:
                shift += (b - a) - len(ELISION)
            cursor = b
        pieces.append(text[cursor:s1])
        new_start = start - s0 - shift
        out.append(("".join(pieces), new_start, new_start + (end - start)))
    return out


def score_spans(doc: Doc, spans: Sequence[tuple[int, int]],
                quotes: Sequence[dict] | None = None) -> list[tuple[int, float]]:
    """(label in {-1, 0, 1}, score = P(pos) - P(neg)) toward each character span [start, end) of a parsed doc;
    an empty span or one outside the text scores neutral (0, 0.0). `quotes` are the doc's `extract_quotes` rows
    (found here when not given). Raises SentimentModelError when the model cannot be loaded."""
    model = load_model()
    pairs = _sentence_pairs(doc, spans, extract_quotes(doc) if quotes is None else quotes)
    valid = [p for p in pairs if p is not None]
    probs = iter(model.probabilities(valid)) if valid else iter(())
    out: list[tuple[int, float]] = []
    for pair in pairs:
        if pair is None:
            out.append((0, 0.0))
            continue
        p = next(probs)
        out.append((CLASSES[int(np.argmax(p))], float(p[2] - p[0])))
    return out


def target_sentiment(text: str, start: int, end: int) -> tuple[int, float]:
    """The sentiment expressed toward text[start:end] inside text: (label in {-1, 0, 1}, score in [-1, 1])."""
    from analysis.nlp.model import load_nlp

    return score_spans(load_nlp()(text), [(start, end)])[0]
