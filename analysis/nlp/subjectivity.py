"""How opinionated the sentence around a mention is: TextBlob's subjectivity (0 factual .. 1 opinion).

A second lens next to the target sentiment: outlets that describe an actor in loaded language show it here
even when the stance toward the actor is balanced. Scored once per sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc
from textblob import TextBlob


def sentence_subjectivity(doc: Doc, sentences: Sequence[tuple[int, int]], indexes: Sequence[int]) -> list[float]:
    """Subjectivity of the sentence at each index (sentence character bounds into doc.text)."""
    memo: dict[int, float] = {}
    out = []
    for i in indexes:
        if i not in memo:
            start, end = sentences[i] if 0 <= i < len(sentences) else (0, 0)
            memo[i] = float(TextBlob(doc.text[start:end]).sentiment.subjectivity) if end > start else 0.0
        out.append(memo[i])
    return out
