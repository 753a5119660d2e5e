"""Words run into a name when a page's text was pulled out of its markup ('Andrej Plenkovicphoto', 'Milanovićwho',
'Jeremiah KpanKoung'): a caption, a line break or a link lost the space between two words.

These helpers only say how one word could be cut; whether a cut is right depends on the corpus naming the
person without the glued word, which `analysis.nlp.actors` checks."""

from __future__ import annotations

import re

from analysis.nlp.lexicon import common_words

# Endings that are English words but also the usual ends of surnames ('Johnson', 'Hamilton', 'Goodman',
# 'Greenberg'): a name that ends so is read as one word.
_SURNAME_ENDINGS = frozenset({
    "son", "sen", "ton", "man", "men", "berg", "burg", "stein", "lee", "well", "land", "field", "wood", "worth",
    "ford", "ham", "more", "kin", "win", "way", "ward", "ridge", "ring", "stone", "water", "house", "hill", "shaw",
    "bury", "brook", "dale", "wick", "low", "wright", "strong", "good", "love", "hart", "heart", "bridge", "fell",
    "rich", "born", "horn", "bell", "mark", "berry", "cock", "den", "don", "din", "ray", "all", "ill", "end",
    "and", "era", "ran", "ski", "sky", "nick", "ting", "ling", "stead", "ville", "gate", "hall", "ley",
})
# Lower-case words that open a surname written with a capital inside it ('MacArthur', 'VanDyke', 'DelBene').
_CAPITAL_INSIDE = frozenset({"mac", "van", "von", "del", "della", "des", "dos", "das", "ten", "ter", "san", "fitz"})
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ][a-zà-ÿ])")


def glued_words(word: str) -> list[tuple[str, str]]:
    """The ways to read `word` (a name key's word, lower case) as a name and an English word glued after it
    ('kekinmember' -> ('kekinm', 'ember'), ('kekin', 'member')), the longest name first: a name of three letters
    or more before a word of three or more that no surname commonly ends with."""
    if len(word) < 6 or not word.isalpha():
        return []
    words = common_words()
    return [(word[:cut], word[cut:]) for cut in range(len(word) - 3, 2, -1)
            if word[cut:] in words and word[cut:] not in _SURNAME_ENDINGS]


def run_together(surface: str) -> tuple[str, str] | None:
    """The last word of a name as written, cut where a second capitalised word was run into it ('KpanKoung' ->
    ('Kpan', 'Koung')); None for one word, and for surnames written with a capital inside ('McDonald',
    'MacArthur', 'DeSantis')."""
    parts = _CAMEL.split(surface.split()[-1]) if surface.split() else []
    if len(parts) != 2:
        return None
    first, second = parts
    if len(first) < 3 or len(second) < 3 or first.lower() in _CAPITAL_INSIDE or first.lower().startswith("mc"):
        return None
    return first, second
