"""Ordinary English words, for telling a name from a phrase that happens to be capitalised."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import textblob


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case English words (TextBlob's tagger lexicon): 'City', 'West', 'Media' alone name no place, and
    'Sky News' or 'August House' no person."""
    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    words = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, tags = line.rstrip("\n").partition(" ")
            if word.isalpha() and word.islower() and not tags.startswith("NNP"):
                words.add(word)
    return frozenset(words)
