"""Whether two spellings of a personal name can belong to one person, and why.

Given names are compared with data, not a list of people: English diminutives from the `nicknames`
dataset (Carlton Northern and Nick Crews, Apache-2.0; "Mike" -> "Michael"), and a romanisation skeleton
for names that reach English through Cyrillic or other scripts, where outlets follow different schemes
("Oleksandr"/"Aleksandr"/"Alexander", "Dmytro"/"Dmitry", "Serhiy"/"Sergey"). The skeleton keeps a name's
consonants after folding the digraphs those schemes disagree on; vowels and the y/i/j glides, where the
schemes differ most, are dropped. Surnames may also differ by a letter or two between outlets; such a
variant is a spelling variant only with other evidence (the caller's job: a compatible given name, or a
frequent name against a rare one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gender_guesser.detector import Detector
from nicknames import NickNamer
from rapidfuzz.distance import Levenshtein

from analysis.nlp.names import fold, translit_token

# Romanisation digraphs first (longest first), then single letters that schemes swap.
_DIGRAPHS = (("shch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"), ("tz", "c"),
             ("ph", "f"), ("ck", "k"), ("gh", "h"))
_LETTERS = str.maketrans({"x": "ks", "q": "k", "c": "k", "w": "v", "g": "h"})
_DROP = re.compile(r"[aeiouyj'\-\s]")
_REPEAT = re.compile(r"(.)\1+")
MIN_SKELETON = 3

DIMINUTIVE = "diminutive"
ABBREVIATION = "abbreviation"
TRANSLITERATION = "transliteration or spelling"
SAME = "same name"
SPELLING = "spelling variant"


# Other romanisation schemes, rewritten towards the English one before the skeleton is taken: French
# ('Prigojine', 'Loukachenko': j = zh, ch = sh, ou = u), Spanish ('Tijanovskaya': j = kh), German
# ('Selenskyj': sch = sh, j = y), the Belarusian forms of names Russian spells otherwise ('Tsikhanouskaya' /
# 'Tikhanovskaya': ts = t before a vowel, ou = ov), and the romanisations of Arabic, where one letter is
# written j, g or dj (Egyptian 'Gamal' for 'Jamal'), q is written g or k, and the diphthong aw is written o
# ('Jawlani' / 'Jolani' / 'Golani'); and the older and newer romanisations of Korean ('Seok' / 'Suk', 'Soo' / 'Su',
# 'Hee' / 'Hi', 'Yoon' / 'Yun'). Romanian and Latin spellings open with an i where others write j. French
# spellings of Maghrebi names write k for q and ie for a long i ('Kais Saied' / 'Qais Said').
_SCHEMES = (
    (("ou", "u"), ("ch", "sh"), ("j", "zh"), ("gue", "ge"), ("gui", "gi")),
    (("j", "kh"),),
    (("tsch", "ch"), ("sch", "sh"), ("j", "y")),
    (("ts", "t"), ("ou", "ov")),
    (("dj", "j"), ("aw", "o"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("j", "g"), ("q", "g")),
    (("eo", "u"), ("oo", "u"), ("eu", "u"), ("ee", "i"), ("ae", "e"), ("ck", "k")),
    (("q", "k"), ("ie", "i")),
)
# A final h after a vowel is silent in most romanisations ('Abdullah' / 'Abdulla', 'Hannah' / 'Hanna').
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def scheme_forms(word: str) -> frozenset[str]:
    """A name word as written under each romanisation scheme ('aqar' -> {'aqar', 'agar', ...})."""
    w = re.sub(r"[^a-z]", "", fold(word))
    out = {w}
    for scheme in _SCHEMES:
        v = w
        for a, b in scheme:
            v = v.replace(a, b)
        out.add(v)
    if len(w) > 3 and w[0] == "i" and w[1] in "aeou":
        # An opening i before a vowel is the j of other spellings ('Iohannis' / 'Johannis', 'Iulia' / 'Julia').
        out.add("j" + w[1:])
    return frozenset(out)


@lru_cache(maxsize=65536)
def skeletons(word: str) -> frozenset[str]:
    """The skeleton of a name word under each romanisation scheme; two spellings of one name share one."""
    return frozenset(skeleton(v) for v in scheme_forms(word))


def skeleton(word: str) -> str:
    """Consonant skeleton of a name word over romanisation schemes: 'Volodymyr' and 'Vladimir' -> 'vldmr'."""
    w = fold(word)
    w = _FINAL_H.sub("", re.sub(r"[^a-z]", "", w))
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    w = w.translate(_LETTERS)
    w = _DROP.sub("", w)
    return _REPEAT.sub(r"\1", w)


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=1)
def known_given_names() -> frozenset[str]:
    """Every name in the nicknames dataset, formal or diminutive."""
    nn = _nicknamer()
    names = set(nn.nickname_lookup) | set(nn.canonical_lookup)
    return frozenset(names)


@lru_cache(maxsize=1)
def _world_name_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The dictionary's plainly male or female names, and all its names, folded: name keys are folded
    ('francois'), while the dictionary spells 'François'. One read of the dictionary for both."""
    names = Detector(case_sensitive=False)
    every = {name: fold(name) for name in names.names}
    plain = frozenset(every[name] for name in every if names.get_gender(name) in ("male", "female"))
    return plain, frozenset(every.values())


def _world_names() -> frozenset[str]:
    return _world_name_sets()[0]


def _all_world_names() -> frozenset[str]:
    return _world_name_sets()[1]


def listed_given_name(word: str) -> bool:
    """Any first name of the world dictionary, unisex and 'mostly' ones too ('Javier' is mostly male there):
    enough where the words around already say a name follows."""
    folded = fold(word)
    return folded in _all_world_names() or folded in known_given_names()


def world_given_name(word: str) -> bool:
    """A first name in Jörg Michael's dictionary (about 60,000 spellings from 54 countries and regions; GFDL 1.2,
    as shipped by the `gender-guesser` package), where it is plainly a man's or a woman's name: 'Gustavo',
    'Samat', 'Kyrylo', 'Eliana'. Unisex and 'mostly' entries are left out: they hold most of the dictionary's
    words that are also ordinary words or places ('Sky', 'Hayat', 'Hong'). Accents do not count ('Francois')."""
    return fold(word) in _world_names()


def _diminutive(a: str, b: str) -> bool:
    """One is a listed diminutive of the other, or both are diminutives of one formal name ('Mike'/'Mikey').

    Two formal names that merely share a diminutive ('Albert'/'Alexander' via 'Al') are not the same name.
    """
    nn = _nicknamer()
    if b in nn.nicknames_of(a) or a in nn.nicknames_of(b):
        return True
    shared = nn.canonicals_of(a) & nn.canonicals_of(b)
    return bool(shared) and not nn.nicknames_of(a) and not nn.nicknames_of(b)


@lru_cache(maxsize=65536)
def given_relation(a: str, b: str) -> str | None:
    """Why given names `a` and `b` may be one person's ('same name', 'diminutive', 'abbreviation',
    'transliteration or spelling', 'spelling variant'), or None.

    Initials match any name with that first letter. Two names the dataset knows as different formal
    names with no diminutive in common ('Carl', 'Carol') are never joined by their spelling.
    """
    fa, fb = fold(a).strip("."), fold(b).strip(".")
    if not fa or not fb:
        return None
    if fa == fb or translit_token(fa) == translit_token(fb):
        return SAME
    if len(fa) == 1 or len(fb) == 1:
        return SAME if fa[0] == fb[0] else None
    if _diminutive(fa, fb):
        return DIMINUTIVE
    if _contraction(fa, fb) or _contraction(fb, fa) or _clipped(fa, fb):
        return ABBREVIATION
    known = known_given_names()
    both_known = fa in known and fb in known
    if both_known and not _share_diminutive(fa, fb):
        return None
    if _feminine_against(fa, fb):
        return None
    ends = {fa[-1], fb[-1]}
    if _share_skeleton(fa, fb):
        return TRANSLITERATION
    if min(len(fa), len(fb)) >= 3 and scheme_forms(fa) & scheme_forms(fb):
        return TRANSLITERATION
    if not both_known and min(len(fa), len(fb)) >= 4 and fa[0] == fb[0]:
        # One slip; two in a long name whose ending stays ('Ibaneis' / 'Ibanez').
        limit = 2 if min(len(fa), len(fb)) >= 6 and (len(ends) == 1 or not ends & _VOWELS) else 1
        if Levenshtein.distance(fa, fb, score_cutoff=limit) <= limit:
            return SPELLING
    return None


@lru_cache(maxsize=65536)
def initials_for(a: str, b: str) -> bool:
    """One given name written as initials of the given names ('VJ' for 'Velenkosini'), the first agreeing.
    Only for full names: a bare 'BBC' is no one's initials."""
    if min(len(a), len(b)) > 4:
        return False
    fa, fb = fold(a).strip("."), fold(b).strip(".")
    return any(_initials(short) and not _initials(long) and len(long) > 1 and short[0] == long[0]
               for short, long in ((fa, fb), (fb, fa)))


def _initials(word: str) -> bool:
    """Two or three letters without a vowel that no name is ('vj', 'jd'), unlike contractions ('md', 'wm')."""
    return 2 <= len(word) <= 3 and not set(word) & _VOWELS and word not in _CONTRACTIONS


# Vowelless contractions of given names and courtesy titles, which are not initials ('Md' for 'Muhammad',
# 'Wm' for 'William').
_CONTRACTIONS = frozenset({"md", "wm", "mr", "dr", "st"})


def _clipped(a: str, b: str) -> bool:
    """A long given name cut to its first letters, where the long one is no name of its own in the dictionaries
    ('Navin' / 'Navinchandra', 'Balen' / 'Balendra'); 'Abdul' / 'Abdullah' are two names."""
    short, long = sorted((a, b), key=len)
    return (len(short) >= 4 and len(long) >= len(short) + 3 and long.startswith(short)
            and not listed_given_name(long))


def _feminine_against(a: str, b: str) -> bool:
    """A feminine ending against another vowel is another person's name ('Lorenzio' / 'Lorenzia')."""
    ends = {a[-1], b[-1]}
    return len(ends) == 2 and "a" in ends and ends <= _VOWELS


def _contraction(short: str, long: str) -> bool:
    """A given name written as a contraction: its first and last letters and some between, in order, with
    at most one vowel ('Md' / 'Mohd' for 'Muhammad', 'Wm' for 'William', 'Chas' for 'Charles')."""
    if not 2 <= len(short) <= 4 or len(long) < len(short) + 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    if sum(ch in "aeiou" for ch in short) > 1:
        return False
    rest = iter(long[1:-1])
    return all(ch in rest for ch in short[1:-1])


def near_given(a: str, b: str) -> bool:
    """Given names that are not shown to differ: related, or a letter or two apart (or romanisation skeletons
    one letter apart) with the same first letter, and not two different names the dataset knows ('Maryya' /
    'Maria' and 'Kasim' / 'Kassyn' are near; 'Carl' / 'Carol' are not)."""
    if given_relation(a, b) is not None:
        return True
    fa, fb = fold(a).strip("."), fold(b).strip(".")
    known = known_given_names()
    if not fa or not fb or fa[0] != fb[0] or (fa in known and fb in known) or min(len(fa), len(fb)) < 4:
        return False
    if Levenshtein.distance(fa, fb) <= 2:
        return True
    # Romanisations a letter apart in their skeletons ('Kasim' / 'Kassyn': ksm / ksn).
    return any(Levenshtein.distance(x, y) <= 1 for x in skeletons(fa) for y in skeletons(fb)
               if min(len(x), len(y)) >= MIN_SKELETON)


_VOWEL_RUN = re.compile(r"[aeiou]+")


def same_shape(a: str, b: str) -> bool:
    """A name respelled keeps its shape: about as many syllables, and an ending that is a vowel in both or in
    neither ('Lydumila' / 'Lyudmila', 'Vladimir' / 'Volodymyr'); consonants alone do not make one name
    ('Hasina' is not 'Hasan', 'Dana' is not 'Dan')."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    close = abs(len(_VOWEL_RUN.findall(fa)) - len(_VOWEL_RUN.findall(fb))) <= 1
    return close and (fa[-1] in _VOWELS) == (fb[-1] in _VOWELS)


SOUND = "sound"
SLIP = "slip"


def given_likeness(a: str, b: str) -> str | None:
    """How alike two given names are that no rule of `given_relation` joins, for a caller with other evidence
    that they are one person's: 'sound' for one sound in two spellings ('Micky' / 'Miki', 'Gegham' / 'Jegam':
    a skeleton in common and the same shape), 'slip' for names a letter off ('Pia' / 'Pita') or near
    (`near_given`); None for names the dataset knows as two ('Dan' / 'Dana') or that differ more."""
    fa, fb = fold(a).strip("."), fold(b).strip(".")
    if min(len(fa), len(fb)) < 3:
        return None
    known = known_given_names()
    if (fa in known and fb in known and given_relation(fa, fb) is None) or _feminine_against(fa, fb):
        return None
    if same_shape(fa, fb) and any(len(k) >= 2 for k in skeletons(fa) & skeletons(fb)):
        return SOUND
    if near_given(fa, fb) or (fa[0] == fb[0] and Levenshtein.distance(fa, fb, score_cutoff=1) <= 1):
        return SLIP
    return None


def _share_diminutive(a: str, b: str) -> bool:
    """Two formal names the dataset lists with a common diminutive ('Aleksandr', 'Alexander': 'Alex')."""
    nn = _nicknamer()
    return bool(nn.nicknames_of(a) & nn.nicknames_of(b))


def _same_onset(a: str, b: str) -> bool:
    """Words that begin alike: the same letter, or both a vowel ('Edan' / 'Idan')."""
    return a[:1] == b[:1] or (a[:1] in _VOWELS and b[:1] in _VOWELS)


@lru_cache(maxsize=65536)
def surname_relation(a: str, b: str) -> str | None:
    """'same name' for transliteration-equal surnames, 'transliteration or spelling' for one surname under
    two romanisation schemes ('Aqar' / 'Agar'), 'spelling variant' for near ones, else None.

    Near: the same romanisation skeleton with both words opening on a consonant or both on a vowel
    ('Tsakhkna' / 'Cahkna', 'Gomelauri' / 'Homelauri'), or one edit apart (two for long names) from the same
    first letter. The caller decides whether the evidence around them is strong enough to join two people
    on a spelling variant.
    """
    ta, tb = translit_token(a), translit_token(b)
    if ta == tb:
        return SAME
    if min(len(ta), len(tb)) >= 3 and scheme_forms(ta) & scheme_forms(tb):
        return TRANSLITERATION
    if min(len(ta), len(tb)) < 5:
        return None
    if ((ta[0] in _VOWELS) == (tb[0] in _VOWELS)
            and _share_skeleton(ta, tb) and _close(ta, tb)):
        return SPELLING
    limit = 2 if min(len(ta), len(tb)) >= 8 else 1
    if _same_onset(ta, tb) and Levenshtein.distance(ta, tb, score_cutoff=limit) <= limit:
        return SPELLING
    return None


def same_skeleton(a: str, b: str) -> bool:
    """Two surnames that read as one under some romanisation scheme (a shared skeleton of three or more
    consonants, and not half their letters apart), not merely a letter apart."""
    ta, tb = translit_token(a), translit_token(b)
    return (_share_skeleton(ta, tb) and _close(ta, tb)) or _same_spelling(ta, tb)


def _same_spelling(a: str, b: str) -> bool:
    """Two names of five letters or more spelled alike under some romanisation scheme once doubled letters
    are read as one ('Issufu' / 'Issoufou'): too few consonants for a skeleton to say so."""
    if min(len(a), len(b)) < 5:
        return False
    forms = {_REPEAT.sub(r"\1", x) for x in scheme_forms(a)}
    return any(_REPEAT.sub(r"\1", y) in forms for y in scheme_forms(b))


def _close(a: str, b: str) -> bool:
    """Under some romanisation scheme, fewer than half the letters differ: a shared skeleton is not enough
    where the vowels are the name ('Mamabolo' / 'Mbalula', both 'mbl'), while schemes change a third at most
    ('Tsakhkna' / 'Cahkna', 'Haftar' / 'Hifter')."""
    return any(Levenshtein.normalized_distance(x, y) <= 0.5 for x in scheme_forms(a) for y in scheme_forms(b))


def _share_skeleton(a: str, b: str) -> bool:
    """A skeleton of three or more consonants in common under some romanisation scheme."""
    return any(len(k) >= MIN_SKELETON for k in skeletons(a) & skeletons(b))


@lru_cache(maxsize=65536)
def surname_typo(a: str, b: str) -> bool:
    """Surnames a slip of the keyboard or the ear apart: one edit for four letters, two from five
    ('Ghan' / 'Ghani', 'Tiani' / 'Tchiani'), opening alike. Enough only beside the very same given name."""
    ta, tb = translit_token(a), translit_token(b)
    shorter = min(len(ta), len(tb))
    if shorter < 4 or not _same_onset(ta, tb):
        return False
    limit = 1 if shorter == 4 else 2
    return Levenshtein.distance(ta, tb, score_cutoff=limit) <= limit


def one_slip(a: str, b: str) -> bool:
    """Two words of five letters or more one letter apart, opening alike ('Aguiar' / 'Aguilar')."""
    ta, tb = translit_token(a), translit_token(b)
    return (min(len(ta), len(tb)) >= 5 and _same_onset(ta, tb)
            and Levenshtein.distance(ta, tb, score_cutoff=1) <= 1)


def onset_keys(word: str) -> set[str]:
    """Blocking keys for a surname: the first letter of each of its romanisation skeletons, so that
    'Gomelauri' meets 'Homelauri' and 'Tsakhkna' meets 'Cahkna'; the word's own first letter too."""
    t = translit_token(word)
    return {k[:1] for k in skeletons(t) if k} | {t[:1]}


def given_blocks(given: str) -> set[str]:
    """Keys under which a given name meets the names it may match: itself, its formal names, its skeletons."""
    g = fold(given).strip(".")
    if not g:
        return set()
    if len(g) == 1:
        return {"initial:" + g}
    nn = _nicknamer()
    keys = {"name:" + translit_token(g)} | {"skel:" + k for k in skeletons(g)}
    keys |= {"name:" + translit_token(c) for c in nn.canonicals_of(g)}
    return keys
