"""Everything computed from one parsed article: the unit of work that engines distribute and the cache keeps.

One spaCy parse feeds every analysis (mentions, quotes, places, sentiment). The result holds plain rows
keyed only by the article's content, so it can be cached by content hash and shipped between processes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from spacy.tokens import Doc

from analysis import PIPELINE_VERSION
from analysis.nlp.actors import extract_mentions
from analysis.nlp.places import extract_place_mentions
from analysis.nlp.quotes import extract_quotes
from analysis.nlp.sentiment import SentimentModelError, model_fingerprint, score_spans
from analysis.nlp.subjectivity import sentence_subjectivity

log = logging.getLogger(__name__)

# Components nobody reads: lemmatizer output is used by quote cues, so only nothing is disabled by default.
UNUSED_PIPES: tuple[str, ...] = ()


@dataclass
class ArticleAnalysis:
    """Rows for one article, offsets into its cleaned text; no article id or source (added when tabled)."""

    content_hash: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    place_mentions: list[dict] = field(default_factory=list)


def content_hash(text: str, dateline: str | None = None) -> str:
    """Key of an article's analysis: its text, the context that changes the result, and the pipeline version."""
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, model_fingerprint(), dateline or "", text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:24]


def analyse_doc(doc: Doc, dateline: str | None = None) -> ArticleAnalysis:
    """Run every per-article analysis on one parse."""
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    mentions = extract_mentions(doc)
    quotes = extract_quotes(doc)
    try:
        scores = score_spans(doc, [(m["start"], m["end"]) for m in mentions], quotes)
    except SentimentModelError as exc:
        log.error("sentiment not scored: %s", exc)
        scores = [None] * len(mentions)
    subjectivity = sentence_subjectivity(doc, sentences, [m["sentence_idx"] for m in mentions])
    for mention, scored, subj in zip(mentions, scores, subjectivity, strict=True):
        mention["label_sentiment"] = int(scored[0]) if scored is not None else None
        mention["score"] = float(scored[1]) if scored is not None else None
        mention["subjectivity"] = subj
    return ArticleAnalysis(
        content_hash=content_hash(doc.text, dateline),
        sentences=sentences,
        mentions=mentions,
        quotes=quotes,
        place_mentions=extract_place_mentions(doc, dateline=dateline),
    )
