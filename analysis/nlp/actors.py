"""Named mentions -> canonical actors: one row per real person, organisation, country or group.

Per article, `extract_mentions` turns spaCy entities into trimmed mention spans (no titles, possessives
or punctuation) with a cheap cue from the word before each mention. For the corpus, `resolve_actors`
links surnames to full names (same article first), merges transliteration variants and country
abbreviations and fixes NER types by vote and gazetteer; the analyst's alias rules win over all of it.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import pandas as pd
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from analysis.nlp.aliases import AliasRules, country_table, load_aliases
from analysis.nlp.given_names import (
    SLIP,
    SOUND,
    given_blocks,
    given_likeness,
    given_relation,
    initials_for,
    known_given_names,
    listed_given_name,
    near_given,
    one_slip,
    onset_keys,
    same_shape,
    same_skeleton,
    skeletons,
    surname_relation,
    surname_typo,
    world_given_name,
)
from analysis.nlp.glued_words import glued_words, run_together
from analysis.nlp.lexicon import common_words
from analysis.nlp.names import (
    NAME_PARTICLES,
    NAME_SUFFIXES,
    PERSON_TITLES,
    fold,
    is_initial,
    is_junk,
    is_name_noise,
    is_title_only,
    is_well_formed_name,
    name_key,
    office_before,
    slugify,
    strip_name,
    strip_noise_words,
    translit_key,
    translit_token,
    trim_span,
)
from analysis.nlp.nationalities import country_of_nationality, is_country

__all__ = ["AliasRules", "KEPT_TYPES", "extract_mentions", "load_aliases", "resolve_actors", "resolve_name"]

ACTOR_COLUMNS = ["actor_id", "actor", "actor_type", "aliases", "mentions", "articles", "sources", "country",
                 "variants", "ambiguous", "ambiguous_with"]
KEPT_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_KINDS = {"country": "GPE", "region": "GPE", "city": "GPE", "state": "GPE", "continent": "LOC"}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The word before a mention (skipping one comma) hints at its type: "envoy X", "chief, X", "agency X".
PERSON_CUES = _word_set(
    "president envoy spokesperson spokesman spokeswoman secretary minister chief commander senator sen mr "
    "mrs ms dr general adviser advisor ambassador leader counterpart chairman chairwoman ceo director aide "
    "premier chancellor governor mayor judge king queen prince princess pope lawmaker negotiator deputy "
    "founder candidate officer colonel captain sergeant admiral marshal commissioner rep congressman "
    "congresswoman professor prof actor singer journalist correspondent"
)
ORG_CUES = _word_set(
    "agency company newspaper broadcaster outlet firm bank network channel magazine party ministry "
    "daily tabloid website platform union organisation organization group insurer airline"
)
PLACE_CUES = _word_set("in near outside across throughout inside")
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})

_CONTRIBUTORS = re.compile(
    r"\b(?:contributed|contributing)\s+(?:to\s+)?(?:this\s+|the\s+)?(?:report|reporting|story|article)\b"
    r"|^\W*(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|photos?|photographs?|images?)\s+by\b"
    r"|^\W*by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*$",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"(?:^|(?<=[.!?]\s))((?:[A-Z][\w.'’&-]*\s+){0,4}[A-Z][\w.'’&-]*\s*/\s*(?:via\s+)?"
    r"[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})\s*$"
)

Mention = dict


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of residual bylines, contributor lines and photo credits ("Name/via Reuters")."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line and len(line) <= 400:
            if _CONTRIBUTORS.search(line):
                spans.append((pos, end))
            elif "/" in line:
                tail = _CREDIT_TAIL.search(line)
                if tail:
                    spans.append((pos + tail.start(1), end))
        pos = end + 1
    return spans


def _in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _cue(doc: Doc, start_token: int, end_token: int) -> str | None:
    """'person', 'org' or 'place' from the word before a mention; None when it says nothing."""
    i = start_token - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0:
        return None
    word = doc[i].lower_.rstrip(".")
    if "-" in word:
        word = word.rsplit("-", 1)[-1]
    singular = word[:-1] if word.endswith("s") else word
    if word in PERSON_CUES or singular in PERSON_CUES:
        return "person"
    if word in ORG_CUES or singular in ORG_CUES:
        return "org"
    possessed = end_token < len(doc) and doc[end_token].text in _POSSESSIVE_TOKENS
    if word in PLACE_CUES and i == start_token - 1 and not possessed:
        return "place"
    return None


def _list_of_places(ent: Span) -> bool:
    """True when the entity is coordinated with a GPE ("Odesa, Dnipropetrovsk, and Kharkiv")."""
    root = ent.root
    neighbours = list(root.children) + ([root.head] if root.dep_ == "conj" else [])
    return any(t.dep_ == "conj" or t is root.head
               for t in neighbours if t.ent_type_ == "GPE" and t not in ent)


def _title_before(stripped: str) -> bool:
    """True when trimming removed a title ("President", "Sen.") rather than just 'the' or punctuation."""
    words = [w for w in re.findall(r"[^\W\d_]+", stripped) if w != "the"]
    return bool(words) and is_title_only(" ".join(words))


def _split_country_compound(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """'U.S.-Ukrainian' -> 'U.S.' (GPE) + 'Ukrainian' (NORP), and a list the parser read as one person
    ('Hasto, Prabowo') -> each name; other spans are returned whole."""
    surface = text[start:end]
    if label in ("NORP", "GPE") and "-" in surface:
        left, right = surface.split("-", 1)
        if name_key(left) in country_table() and right[:1].isupper():
            cut = start + len(left)
            return [(start, cut, "GPE"), (cut + 1, end, label)]
    if label in ("PERSON", "ORG") and ", " in surface:
        parts = [(m.start() + start, m.end() + start) for m in _LIST_ITEM.finditer(surface)]
        # An organisation only as a list of single names ('Hasto, Prabowo'), never 'Samsung Co., Ltd'.
        if len(parts) > 1 and all(text[s:e][:1].isupper() and name_key(text[s:e]) not in NAME_SUFFIXES
                                  and (label == "PERSON" or (text[s:e].isalpha()
                                                             and text[s:e].lower() not in common_words()))
                                  for s, e in parts):
            return [(s, e, label) for s, e in parts]
    if label == "PERSON":
        # Two names a caption runs together with the second one's title between them ('Former President
        # Mohammed Bazoum Gen Abdulsalami', a comma lost): each name, the title left out.
        words = list(_WORD.finditer(surface))
        for k in range(2, len(words) - 1):
            if words[k].group().rstrip(".").lower() in _INNER_TITLES:
                return [(start, start + words[k - 1].end(), label),
                        (start + words[k + 1].start(), end, label)]
    return [(start, end, label)]


_WORD = re.compile(r"\S+")
# Titles that are never a word of a name ('Sheikh', 'Sultan' and 'Imam' are), so that one inside a person's
# span starts a second name.
_INNER_TITLES = frozenset({"gen", "general", "president", "dr", "mr", "mrs", "ms", "col", "lt", "maj", "capt",
                           "sen", "gov", "prof", "minister"})


_LIST_ITEM = re.compile(r"[^,\s][^,]*?(?=\s*,|\s*$)")


_FIRST_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _strip_leading_place(text: str, start: int, end: int, offices_only: bool = False) -> tuple[int, int]:
    """A person's name without a country, nationality or city the parser glued before it, and the title after
    it ("Kazakh President Kassym-Jomart Tokayev", "Belarus' Alexander Lukashenko", "Warsaw Mayor Rafał
    Trzaskowski"). `offices_only`: only a place before an office and a name of two words or more, or before a
    name shaped like a person's (`_person_shaped`), for a span typed as an organisation, whose own name may open
    with a nationality ('Russian Foreign Ministry', 'Turkish General Staff Academy')."""
    for _ in range(3):
        m = _FIRST_WORD.match(text, start, end)
        whole = text[start:end]
        if not m or m.end() >= end or is_country(whole) or country_of_nationality(whole):
            break  # a country or people the parser typed PERSON ('Sri Lanka', 'Sri Lankan') keeps its first word
        word = m.group().rstrip("'’")
        rest = text[m.end():end].split()
        # Written as the English word: 'Germán' (Rivera) is a given name, not 'German'.
        given = fold(word) in known_given_names()
        # 'Solomon' (of the Solomon Islands) before 'Muyita' is his given name.
        nationality = (word.isascii() and country_of_nationality(word) is not None and not is_country(word)
                       and not given)
        country = _place_word(name_key(word)) and not given and len(rest) >= 2
        # A city before its office ('Warsaw Mayor Rafał Trzaskowski', 'Tehran Governor …'), but not before a
        # title that is a word of names too ('Hassan Sheikh Mohamud': Hassan is a town as well).
        title = fold(rest[0]).rstrip(".") if rest else ""
        office = (len(rest) >= 2 and title in PERSON_TITLES and title not in _NAME_TITLES and not given
                  and not (offices_only and (len(rest) < 3 or fold(rest[1]) in common_words())))
        # 'Rwanda Yolande Makolo', 'Moldova Maia Sandu' typed as organisations: a person's name follows.
        placed = (nationality or country) and (not offices_only or _person_shaped(" ".join(rest)))
        if not (office or placed):
            break
        start, end = trim_span(text, m.end(), end)
    return start, end


# Titles that are words of names as well ('Hassan Sheikh Mohamud', 'Bandar bin Sultan').
_NAME_TITLES = frozenset({"sheikh", "shaikh", "sheik", "sultan", "imam", "sayed", "sayyid", "sayyed", "syed",
                          "seyed", "seyyed", "mullah", "emir", "amir"})

_OWNER = re.compile(r"['’]s\s+")


def _strip_owner(text: str, start: int, end: int) -> int:
    """The start of a person's name after an owner the parser glued before it ('La Libertad Avanza’s Victoria
    Villarruel'), where the rest reads as a person's full name; 'Pita’s Move Forward Party' stays whole."""
    owners = list(_OWNER.finditer(text, start, end))
    if not owners or not _person_shaped(text[owners[-1].end():end]):
        return start
    return owners[-1].end()


def _owner_only(text: str, start: int, end: int) -> int:
    """The end of a person's span that runs on past the person's possessive into what the person owns
    ('Bainimarama’s Fiji', 'Pita’s Move Forward Party' typed PERSON): the owner is the person."""
    owner = _OWNER.search(text, start, end)
    if owner is None or owner.start() <= start or _person_shaped(text[owner.end():end]):
        return end
    return len(text[:owner.start()].rstrip())


_QUESTION_VERBS = frozenset({"will", "would", "can", "could", "shall", "should", "may", "might", "must", "did",
                             "does", "do", "is", "was", "are", "were", "has", "have", "had"})


def _strip_question_verb(ent: Span, start: int, end: int) -> tuple[int, int]:
    """A name without the verb that opens a question and that the parser took for a given name ('Will
    Ousmane Sonko, an opponent …, be the first …?'): only at the start of a sentence ending in '?', and only
    before a name of two words or more."""
    text = ent.doc.text
    m = _FIRST_WORD.match(text, start, end)
    if not m or m.group().lower() not in _QUESTION_VERBS or start != ent.sent.start_char:
        return start, end
    if len(text[m.end():end].split()) < 2 or not ent.sent.text.rstrip().rstrip("\"'”’»").endswith("?"):
        return start, end
    return trim_span(text, m.end(), end)


def _strip_headline_verb(ent: Span, start: int, end: int) -> tuple[int, int]:
    """A name without the verb a title-case headline glued to it ('Xóchitl Gálvez Acknowledges Defeat'): a
    last word the parser tags as a present-tense verb, kept only where the name would be one word."""
    last = ent[-1]
    if last.tag_ != "VBZ" or len(ent) < 3 or last.idx + len(last.text) != end or last.idx <= start:
        return start, end
    return trim_span(ent.doc.text, start, ent[-2].idx + len(ent[-2].text))


def _complete_name(doc: Doc, ent: Span, start: int, end: int, person_texts: set[str], covered: bytearray,
                   absorbed: bytearray) -> int:
    """The end of a name the parser cut short ('Yoon Suk' of 'Yoon Suk Yeol', 'Han Duck' of 'Han Duck-soo'):
    the words right after it are taken in when the same article names the longer form whole (the parser
    may type that one otherwise), or, for one capitalised word glued on, when the article names that word
    alone elsewhere ('Maria Corina' then 'Machado', '“…,” Machado wrote')."""
    if end != ent.end_char:
        return end
    text = doc.text
    best = end
    for j in range(ent.end, min(ent.end + 3, len(doc))):
        token = doc[j]
        if covered[j] or not (token.is_alpha or token.text == "-"):
            break
        longer = text[start:token.idx + len(token.text)]
        # A one-word entity may be the cut-off surname ('Maria Corina' + 'Prado' typed GPE, 'Ali Bahadori' +
        # 'Jahromi'); a longer name is a name of its own ('Datuk Seri' + 'Anwar Ibrahim').
        lone = token.ent_iob_ == "B" and (j + 1 == len(doc) or doc[j + 1].ent_iob_ != "I")
        glued = (j == ent.end and (not token.ent_type_ or lone) and token.pos_ == "PROPN"
                 and token.text[:1].isupper() and not token.is_upper
                 and doc[j - 1].whitespace_ == " " and token.text in person_texts)
        if longer in person_texts or glued:
            best = token.idx + len(token.text)
            covered[ent.end:j + 1] = b"\x01" * (j + 1 - ent.end)
            absorbed[ent.end:j + 1] = b"\x01" * (j + 1 - ent.end)
    return best


def extract_mentions(doc: Doc) -> list[Mention]:
    """Named mentions of one article: trimmed entity spans plus missed repeats of names found in it.

    Keys: start, end, text, label (NER label, or PERSON for a repeat), sentence_idx, cue. Numeric
    entities, junk spans and entities inside credit lines are left out. One pass over the entities and
    one over the tokens: no re-parse.
    """
    text = doc.text
    sent_starts = [s.start for s in doc.sents]
    credits = credit_spans(text)
    covered = bytearray(len(doc))
    mentions: list[Mention] = []
    surnames: set[str] = set()

    def add(start: int, end: int, label: str, token: int, cue: str | None) -> Mention | None:
        surface = text[start:end]
        if start >= end or is_junk(surface) or (credits and _in_spans(credits, start, end)):
            return None
        mention = {"start": start, "end": end, "text": surface, "label": label,
                   "sentence_idx": max(bisect_right(sent_starts, token) - 1, 0), "cue": cue}
        if label == "PERSON" or cue == "person":
            mention["office"] = office_before(text, start)
        mentions.append(mention)
        return mention

    person_texts = {ent.text for ent in doc.ents if ent.label_ not in NUMERIC_LABELS}
    absorbed = bytearray(len(doc))  # tokens a completed name took in: their own entity is not a mention
    for ent in doc.ents:
        if absorbed[ent.start]:
            continue
        covered[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
        label = ent.label_
        if label in NUMERIC_LABELS:
            continue
        start, end = trim_span(text, ent.start_char, ent.end_char, strip_person_titles=label == "PERSON")
        if label == "PERSON":
            start, end = _strip_question_verb(ent, start, end)
            start, end = _strip_headline_verb(ent, start, end)
            start, end = strip_noise_words(text, *_strip_leading_place(text, start, end))
            start = _strip_owner(text, start, end)
            end = _owner_only(text, start, end)
            completed = _complete_name(doc, ent, start, end, person_texts, covered, absorbed)
            if completed != end:
                start, end = trim_span(text, start, completed)
        elif label == "ORG":
            start, end = _strip_leading_place(text, start, end, offices_only=True)
            start = _strip_owner(text, start, end)
        cue = _cue(doc, ent.start, ent.end)
        if _title_before(text[ent.start_char:start]):
            cue = "person"
        if cue is None and label != "GPE" and _list_of_places(ent):
            cue = "place"
        for s, e, lab in _split_country_compound(text, start, end, label):
            mention = add(s, e, lab, ent.start, cue)
            if mention and (lab == "PERSON" or cue == "person") and cue != "place":
                words = mention["text"].split()
                if words[-1][:1].isupper() and words[-1].isalpha():
                    surnames.add(words[-1])

    countries = country_table()
    for token in doc:
        if covered[token.i] or not token.text[:1].isupper():
            continue
        if token.text in surnames:
            first = _given_names_before(doc, token.i, covered, countries)
            add(doc[first].idx, token.idx + len(token.text), "PERSON", first, _cue(doc, first, token.i + 1))
        elif "-" in token.text:
            head = token.text.split("-", 1)[0]
            if name_key(head) in countries:
                add(token.idx, token.idx + len(head), "GPE", token.i, None)
        elif (token.i + 1 < len(doc) and not token.whitespace_ and doc[token.i + 1].text == "-"
              and name_key(token.text) in countries):
            add(token.idx, token.idx + len(token.text), "GPE", token.i, None)
    mentions.sort(key=lambda m: m["start"])
    mentions = _join_cut_names(text, mentions)
    _mark_same_person(text, mentions)
    _mark_kin(text, mentions)
    _mark_introduced_as_kin(text, mentions)
    _mark_called_by_kin(text, mentions)
    return mentions


def _given_names_before(doc: Doc, i: int, covered: bytearray, countries: dict) -> int:
    """The first token of a name the parser missed whole and that a surname of the article ends ('the newly
    elected President Gideon Boko', with 'Boko' named elsewhere): up to three capitalised proper nouns right
    before it in its sentence, one of them a given name a dictionary knows. Without one, the surname stands
    alone ('Gaborone Boko' is no name); a sentence's or a heading's first word says nothing by its capital
    ('Hope Ozdag', a heading translated word for word)."""
    first = i
    known = False
    for j in range(i - 1, max(i - 4, -1), -1):
        token = doc[j]
        if (covered[j] or not token.is_alpha or not token.text[:1].isupper() or token.is_upper
                or token.pos_ != "PROPN" or token.whitespace_ != " " or doc[j + 1].is_sent_start
                or token.is_sent_start
                or is_title_only(token.text) or name_key(token.text) in countries):
            break
        first = j
        known = known or listed_given_name(token.text)
    return first if known else i


_QUOTED_BETWEEN = re.compile(r" [“\"‘'][^\W\d_][\w'’-]*[”\"’'] ")


def _join_cut_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """One name the parser cut in two ('Abdirahman' + 'Mohamed Abdilahi', 'Muse' + 'Hassan Haji'): a one-word
    person right before another, one space apart in one sentence, is the start of that name, unless the word
    ends another full name of the article ('Trump Putin' in a list of tags, beside 'Donald Trump'); two
    people with a quoted nickname between them are one name with it."""
    surnames = {m["text"].split()[-1] for m in mentions if m["label"] == "PERSON" and " " in m["text"].strip()}
    joined: list[Mention] = []
    for m in mentions:
        prev = joined[-1] if joined else None
        if prev is None or prev["label"] != "PERSON" or m["label"] != "PERSON":
            joined.append(m)
            continue
        between = text[prev["end"]:m["start"]]
        # A nickname in quotes between the two ('Josaia Voreqe “Frank” Bainimarama') says they are one name.
        quoted = _QUOTED_BETWEEN.fullmatch(between)
        cut = (prev["sentence_idx"] == m["sentence_idx"] and between == " " and " " not in prev["text"]
               and prev["text"].isalpha() and prev["text"] not in surnames)
        if (quoted or cut) and not is_title_only(prev["text"]):
            joined[-1] = {**prev, "end": m["end"], "text": text[prev["start"]:m["end"]],
                          "cue": prev["cue"] or m["cue"]}
            continue
        joined.append(m)
    return joined


def _mark_kin(text: str, mentions: list[Mention]) -> None:
    """Two names the text calls relatives ('Ahmad Massoud, the son of … Ahmad Shah Massoud', 'President
    Rajapaksa and his brother Basil'): two people, whatever their names share. Each mention records the
    other's surface form in `kin_of` (several joined by '|')."""
    people = [m for m in mentions if m["label"] == "PERSON" or m["cue"] == "person"]
    for first, second in zip(people, people[1:], strict=False):
        if first["sentence_idx"] != second["sentence_idx"]:
            continue
        between = text[first["end"]:second["start"]]
        if len(between) <= _KIN_GAP and (_KIN_RE.fullmatch(between) or (
                between.strip() == "," and _KIN_AFTER_RE.match(text, second["end"]))):
            for one, other in ((first, second), (second, first)):
                one["kin_of"] = f"{one['kin_of']}|{other['text']}" if one.get("kin_of") else other["text"]


def _mark_introduced_as_kin(text: str, mentions: list[Mention]) -> None:
    """A full name the text brings in as the relative of someone of the same surname ('Arévalo is the son of
    Guatemala's first elected president, Juan José Arévalo') is not the one the article calls by that surname:
    `relative` is set, and a bare surname of the article looks past it (`_kin_of`). A relative of someone
    else ('Nobuo Kishi, the younger brother of … Shinzo Abe') may well be the article's 'Abe'."""
    for m in mentions:
        words = m["text"].split()
        if m["label"] != "PERSON" or len(words) < 2:
            continue
        window = text[max(0, m["start"] - _KIN_GAP):m["start"]]
        tail = _KIN_INTRO_RE.search(window)
        if tail and re.search(rf"\b{re.escape(words[-1])}(?:['’]s)?\s*,?\s*$", window[:tail.start()]):
            m["relative"] = True


def _mark_called_by_kin(text: str, mentions: list[Mention]) -> None:
    """A one-word name the text gives as someone's relative ('she lost her son Henry', 'your son, Henry'):
    `relative` is set, and the word never joins a namesake of another article (`_link_given_names`). Family
    members are called by their first names; the one 'Henry' named in full elsewhere is someone else. A given
    name so placed that the parser typed as a place or a group ('his wife, Jelena', 'his wife Marta') is a
    person, unless it is a country or a people."""
    for m in mentions:
        word = m["text"].strip()
        if " " in word or not _KIN_BEFORE_RE.search(text, max(0, m["start"] - _KIN_GAP), m["start"]):
            continue
        if (m["label"] != "PERSON" and m["cue"] != "person" and word.isalpha() and word[:1].isupper()
                and not is_country(word) and country_of_nationality(word) is None):
            m.update(label="PERSON", cue="person", office=None)
        if m["label"] == "PERSON":
            # The family word is a person's cue, as a title is: 'Henry' is no town of that name.
            m.update(relative=True, cue=m["cue"] or "person")


# Two names joined by a family relation: "A's widow, B", 'A and his brother B', 'A, whose elder brother B',
# 'A, the son of the legendary … B', 'A was with her husband, B'. The relation must sit right between them.
_KIN_WORDS = (r"(?:grand|great-grand|step|half-)?(?:sons?|daughters?|fathers?|mothers?|brothers?|sisters?|"
              r"children|child|parents?)(?:-in-law)?|wife|husband|widow(?:er)?|spouse|uncle|aunt|nephew|niece|"
              r"cousin|fianc[ée]e?|twin")
_KIN_ADJ = r"(?:(?:late|elder|younger|older|eldest|youngest|own|estranged|former|twin)\s+)?"
_KIN_RE = re.compile(
    r"(?:['’]s?\s+|\s*,\s*(?:who\s+(?:is|was)\s+|and\s+)?|\s+(?:and|is|was|as|with|(?:is|was)\s+with)\s+)"
    rf"(?:(?:his|her|their|the|a|whose)\s+)?{_KIN_ADJ}(?:{_KIN_WORDS})(?:\s*,\s*|\s+|\s+of\s+[^.;!?]{{0,60}}?\s*)",
    re.IGNORECASE,
)
# 'A, B's son': the relation after the second name.
_KIN_AFTER_RE = re.compile(rf"['’]s?\s+{_KIN_ADJ}(?:{_KIN_WORDS})\b", re.IGNORECASE)
_KIN_GAP = 80
# 'her eldest son Henry', 'your son, Henry': a relative named by first name.
_KIN_BEFORE_RE = re.compile(
    rf"(?:\b(?:his|her|their|whose|my|our|your)|\w['’]s)\s+{_KIN_ADJ}(?:{_KIN_WORDS})\s*,?\s*$", re.IGNORECASE)
# '(A) is the son of Guatemala's first elected president, B', '(A), the younger brother of B': the relation
# between a name and a full name, in one sentence.
_KIN_INTRO_RE = re.compile(
    rf"(?:(?:who\s+)?(?:is|was)\s+)?(?:(?:the|a|his|her)\s+)?{_KIN_ADJ}(?:{_KIN_WORDS})\s+of\s+[^.;!?\n]{{0,60}}?$",
    re.IGNORECASE,
)

_SAME_PERSON_RE = re.compile(
    r"\s*[,(]?\s*(?:whose real name is|(?:his|her) real name(?: is)?|real name:?|(?:also |better |now |popularly )?"
    r"known as|known by (?:his|her|the) nom de guerre|aka|a\.k\.a\.|alias|born|n[ée]e?"
    # A regnal or religious name taken: 'Robert Prevost, who took the name Leo XIV'.
    r"|(?:who\s+)?(?:has\s+|had\s+)?(?:took|taken|takes|take|taking|chose|chosen|chooses|choosing|adopted)"
    r"\s+the\s+(?:papal\s+|regnal\s+)?name(?:\s+of)?)\s*(?:(?:pope|king|queen|emperor|empress|sultan)\s+)?",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def _mark_same_person(text: str, mentions: list[Mention]) -> None:
    """Two names the text itself says are one person ('Abu Mohammed al-Jolani, whose real name is Ahmed
    al-Sharaa'): each mention gets the other's surface form as `same_as`."""
    people = [m for m in mentions if m["label"] == "PERSON"]
    for first, second in zip(people, people[1:], strict=False):
        # 'Shoigu, known as Putin's closest ally' says nothing of who Shoigu is; nor does a maiden name after
        # a full name ('Jane Roe, née Doe'), where the one word is a family's, not hers alone. A one-word name
        # before the full name is hers ('Aamron, whose real name is Essowe Tchalla').
        if (first["sentence_idx"] == second["sentence_idx"] and _SAME_PERSON_RE.fullmatch(
                text[first["end"]:second["start"]]) and not _POSSESSIVE_AFTER.match(text, second["end"])
                and (" " in second["text"].strip() or " " not in first["text"].strip())):
            first["same_as"] = second["text"]
            second["same_as"] = first["text"]


# ----------------------------------------------------------------------------------------------------------
# Corpus-wide resolution


class _Clusters:
    """Union-find over name nodes that refuses merges the analyst forbade or that join two people."""

    def __init__(self, forbids: Iterable[frozenset[str]]) -> None:
        self.parent: list[int] = []
        self.keys: list[set[str]] = []
        self.people: list[set[tuple[str, str]]] = []
        self.apart: dict[str, set[str]] = defaultdict(set)
        for pair in forbids:
            if len(pair) == 2:
                self.keep_apart(*pair)

    def keep_apart(self, x: str, y: str) -> None:
        """Name keys `x` and `y` never share an actor (an analyst's forbid, relatives named in the text)."""
        self.apart[x].add(y)
        self.apart[y].add(x)

    def add(self, key: str, person: tuple[str, str] | None = None) -> int:
        self.parent.append(len(self.parent))
        self.keys.append({key})
        self.people.append({person} if person else set())
        return len(self.parent) - 1

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def allowed(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ka, kb = self.keys[ra], self.keys[rb]
        if self.apart:
            small, big = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
            if any(not self.apart[k].isdisjoint(big) for k in small if k in self.apart):
                return False
        pa, pb = self.people[ra], self.people[rb]
        return force or not (pa and pb and not (pa & pb))

    def union(self, a: int, b: int, force: bool = False) -> bool:
        if not self.allowed(a, b, force):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if len(self.keys[ra]) < len(self.keys[rb]):
                ra, rb = rb, ra
            self.parent[rb] = ra
            self.keys[ra] |= self.keys[rb]
            self.people[ra] |= self.people[rb]
        return True


@dataclass
class _Resolver:
    """State of one `resolve_actors` call: nodes by name key, people by surname, cached gazetteer lookups."""

    rules: AliasRules
    place_kind: Callable[[str], str | None] | None
    uf: _Clusters = field(init=False)
    global_nodes: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.uf = _Clusters(self.rules.forbids)

    def node(self, key: str, person: tuple[str, str] | None = None) -> int:
        if key not in self.global_nodes:
            self.global_nodes[key] = self.uf.add(key, person)
        return self.global_nodes[key]

    def join(self, a: str, b: str, reason: str, force: bool = False) -> bool:
        """Merge the actors of name keys `a` and `b`, recording why for both unless already known."""
        if not self.uf.union(self.node(a), self.node(b), force=force):
            return False
        self.reasons.setdefault(a, reason)
        self.reasons.setdefault(b, reason)
        return True

    def kind(self, surface: str) -> str | None:
        if self.place_kind is None:
            return None
        if surface not in self.kinds:
            self.kinds[surface] = self.place_kind(surface)
        return self.kinds[surface]


def _empty_outputs(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = mentions.iloc[0:0].copy()
    for col in ("actor_id", "actor", "actor_type"):
        out[col] = pd.Series(dtype="string")
    actors = pd.DataFrame(columns=ACTOR_COLUMNS)
    return out, actors


@dataclass(frozen=True)
class _PersonName:
    """A full personal name key split into the parts identity depends on."""

    given: str
    middle: str
    surname: str
    suffix: str
    middles: tuple[str, ...] = ()
    patronym_at: int = 99
    first_part: str = ""  # the first part of a hyphenated surname ('beckles' of 'Beckles-Robinson')
    article: bool = False  # an Arabic article before the surname ('el-Tantawy', 'al Sisi')

    @property
    def words(self) -> tuple[str, ...]:
        """Given name, middle names and surname, without particles."""
        return (self.given, *self.middles, self.surname)

    @property
    def family(self) -> str:
        """Surname and suffix: 'Trump' and 'Trump Jr' are different families of names."""
        return f"{self.surname} {self.suffix}".strip()


_REGNAL = re.compile(r"x{0,2}(?:ix|iv|v?i{0,3})")


def _regnal(word: str) -> bool:
    """A monarch's or a pope's number after the name ('vi', 'iii', 'xvi'); one letter is an initial."""
    return len(word) >= 2 and bool(_REGNAL.fullmatch(word))


_SURNAME_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|at|an|ar)-(?=\w{4})")
_PATRONYMIC = frozenset({"bin", "ibn", "ben", "bint"})


def _family_word(word: str) -> str:
    """A surname word as a transliteration key, without an Arabic article ('al-Thani' -> 'thany') or a
    hyphen ('Amir-Abdollahian' -> 'amirabdolahian')."""
    return translit_token(_SURNAME_PREFIX.sub("", word)).replace("-", "")


# One word of given name, particle and surname ('Waker-uz-Zaman', 'Faruk-e-Azam'), written alone as 'Zaman'.
_PARTICLE_COMPOUND = re.compile(r"([^\W\d_]{2,})-(?:uz|ul|ud|ur|us|un|e|al|el|ad|ar|as|ash|an|at)-([^\W\d_]{3,})")


def _name_words(key: str) -> list[str]:
    """The words of a name key; a given name, particle and surname joined by hyphens count as two words."""
    if " " not in key and (m := _PARTICLE_COMPOUND.fullmatch(key)):
        return [m.group(1), m.group(2)]
    return key.split()


@lru_cache(maxsize=1 << 16)
def _person_parts(key: str) -> _PersonName | None:
    """Given, middle, surname (transliteration key) and suffix of a full name key; None for one word.

    A hyphen inside the given name separates words ('Kassym-Jomart' = 'Kassym Jomart'); inside the surname it
    is dropped ('Amir-Abdollahian' = 'Amirabdollahian'), and `_compound_surname` matches 'Alieu-Touray' with
    'Alieu Touray'.

    Particles ('bin', 'al', 'van') between given name and surname are left out of the middle, and the
    middle is compared without spaces, so 'bin Abdul Rahman Al Thani' matches 'bin Abdulrahman al-Thani'.
    """
    words = _name_words(key)
    if len(words) == 2 and _regnal(words[1]) and not is_initial(words[0]):
        # A monarch's or a pope's name ('Felipe VI', 'Charles III'): the number stands where a surname would.
        return _PersonName(words[0], "", words[1], "")
    suffix = ""
    if len(words) > 2 and words[-1] in NAME_SUFFIXES:
        suffix = words.pop()
    if _lead_left_out(words):
        words = words[1:]
    if len(words) < 2 or is_initial(words[0]) or words[0] in NAME_PARTICLES or words[-1] in NAME_SUFFIXES:
        return None
    first = words[0]
    if "-" in first and len(words) > 1 and all(len(p) > 1 for p in first.split("-")):
        # A hyphenated given name is written with the hyphen moved or dropped ('Kassym-Jomart Tokayev',
        # 'Kassym Jomart-Tokayev'): its parts are the given and middle names.
        words = [*first.split("-"), *words[1:]]
    middles = tuple(w for w in words[1:-1] if w not in NAME_PARTICLES)
    patronym_at = next((i for i, w in enumerate(w for w in words if w not in NAME_PARTICLES or w in _PATRONYMIC)
                        if w in _PATRONYMIC), 99)
    parts = _SURNAME_PREFIX.sub("", words[-1]).split("-")
    first_part = _family_word(parts[0]) if len(parts) == 2 and min(map(len, parts)) > 2 else ""
    article = bool(_SURNAME_PREFIX.match(words[-1])) or (len(words) > 2 and words[-2] in ("al", "el"))
    return _PersonName(words[0], "".join(middles), _family_word(words[-1]), suffix, middles, patronym_at, first_part,
                       article)


def _lead_left_out(words: list[str]) -> bool:
    """Whether a full name's first word is no given name of it: an initial before a full name ('N. Chandrababu
    Naidu', 'M Sakhawat Hossain': a father's or a village's name in South Indian and Bangladeshi usage), or an
    ordinary word before a name of three words or more, the end of a phrase ('Imam of Friday Prayer Mohammad
    Ali Ale-Hashem'), or before a first name and a surname ('the Libertarian Javier Milei')."""
    return ((len(words) > 2 and is_initial(words[0]) and not is_initial(words[1]))
            or (len(words) > 3 and _plain_word(words[0]))
            or (len(words) == 3 and _plain_word(words[0]) and listed_given_name(words[1])))


@lru_cache(maxsize=1 << 16)
def _given_of(key: str) -> str:
    """A full name key's first given name: its first word, past one that `_lead_left_out` leaves out
    ('n chandrababu naidu' -> 'chandrababu')."""
    words = key.split()
    return words[1] if _lead_left_out(words) else words[0]


def _plain_word(word: str) -> bool:
    """An ordinary English word of five letters or more that no dictionary of first names knows ('prayer'; not
    'mark', nor the short words that are also names elsewhere: 'wan', 'park', 'moon')."""
    return len(word) >= 5 and word in common_words() and not _known_given(word)


def _known_given(word: str) -> bool:
    """A given name some dictionary of first names lists."""
    return word in known_given_names() or bool(world_given_name(word))


# 'Father of' in Arabic names, in its romanisations ('Mohamed Aboul Deyar' / 'Mohamed Abu Diyar').
_ABU = frozenset({"abu", "abou", "aboul", "abul", "abo", "abi"})


def _middle_compatible(a: str, b: str) -> bool:
    """Middle names agree when one is missing, they are equal, one is the other's initial, or they are
    spellings of one name ('Mohammad' / 'Mohammed' in 'Abu Mohammad al-Jolani')."""
    if not a or not b or a == b or (a in _ABU and b in _ABU):
        return True
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    # One sound in two spellings ('Diomaye' / 'Diomei') is one middle name too, and so is a slip of one
    # letter in a long one ('Aguiar' / 'Aguilar').
    return min(len(a), len(b)) > 2 and (given_relation(a, b) in ("same name", "transliteration or spelling")
                                        or given_likeness(a, b) == SOUND or one_slip(a, b))


def _middles_agree(a: _PersonName, b: _PersonName) -> bool:
    """Middle names that do not conflict: compatible as written together, or the fewer ones each agreeing,
    in order, with one of the more ('Diomai' of 'Diomaye Diakhar')."""
    if _middle_compatible(a.middle, b.middle):
        return True
    short, long = sorted((a.middles, b.middles), key=len)
    if not short or len(short) == len(long):
        return False
    rest = iter(long)
    return all(any(_middle_compatible(word, other) for other in rest) for word in short)


def _middle_as_given(a: _PersonName, b: _PersonName) -> bool:
    """One name leaves out the first given name and goes by the next ('Ghazi al-Jalali' for 'Mohammad Ghazi
    al-Jalali'): its given name is the other's first middle name, and the rest agrees."""
    return _goes_by_middle(a, b) or _goes_by_middle(b, a)


def _goes_by_middle(short: _PersonName, long: _PersonName) -> bool:
    """`short` is `long` by one of its middle names and its surname ('Frank Bainimarama' of 'Josaia Voreqe
    “Frank” Bainimarama'), unless that name comes at or after a father's name ('bin')."""
    middles = long.middles[:max(0, long.patronym_at - 1)]
    if (not short.middle and any(len(m) > 2 and given_relation(short.given, m) in (
            "same name", "transliteration or spelling") for m in middles)):
        # A place glued before a name ("Belarus' Alexander Lukashenko") is not a first given name.
        return (short.suffix == long.suffix and not _place_word(long.given)
                and surname_relation(short.surname, long.surname) is not None)
    return False


def _place_word(word: str) -> bool:
    """A country or nationality word ('belarus', 'russian'), never a first given name."""
    return word in country_table() or is_country(word) or country_of_nationality(word) is not None


def _explained(x: _PersonName, y: _PersonName, names: Iterable[_PersonName]) -> bool:
    """Two names that differ but are both parts of one longer name ('Ghazi al-Jalali' and 'Mohamed al-Jalali'
    of 'Mohammad Ghazi al-Jalali'), unless they are its head and its tail (`_head_and_tail`)."""
    return _windows(x, y) or _windows(y, x) or any(
        not (_head_and_tail(x, y, z) or _head_and_tail(y, x, z)) and (
            _shape_of(x, z) and not _clash(y, z) or _shape_of(y, z) and not _clash(x, z))
        for z in names)


def _shape_of(x: _PersonName, z: _PersonName) -> bool:
    """`x` is `z` shortened, reordered, or with its hyphen moved ('Netumbo Nandi Ndaitwah' of 'Netumbo
    Nandi-Ndaitwah')."""
    return _goes_by_middle(x, z) or _part_of(x, z) or _reordered(x, z) or _compound_surname(x, z)


def _head_and_tail(x: _PersonName, y: _PersonName, z: _PersonName) -> bool:
    """`x` is the first two words of a three-word name `z`, and `y` its last two, opening with a given name: a
    child named with a parent's name ('Maryam Nawaz' and her father 'Nawaz Sharif' in 'Maryam Nawaz Sharif'),
    two people. One person goes by such a tail ('Tayyip Erdogan') but is never written as the head ('Recep
    Tayyip'), and a tail of two surnames is the same person ('Edmundo González' and 'González Urrutia')."""
    if len(z.middles) != 1 or x.middles or y.middles or x.suffix or y.suffix:
        return False
    middle = _family_word(z.middles[0])
    return (_same_word(x.given, z.given, True) and x.surname == middle and _family_word(y.given) == middle
            and y.surname == z.surname and _known_given(y.given))


def _clash(x: _PersonName, y: _PersonName) -> bool:
    """Two names shown to be two people: in conflict, and not two stretches of one longer name."""
    return _conflict(x, y) and not _windows(x, y) and not _windows(y, x)


def _windows(x: _PersonName, y: _PersonName) -> bool:
    """Two overlapping stretches of one name of four words or more: `x` without its first given name is `y`
    without its last surname ('Bertha Xóchitl Gálvez' and 'Xóchitl Gálvez Ruiz' of 'Bertha Xóchitl Gálvez
    Ruiz', a given name dropped in one and a second surname in the other)."""
    if x.suffix or y.suffix or not x.middles or not y.middles:
        return False
    wx = [_family_word(w) for w in (x.given, *x.middles)] + [x.surname]
    wy = [_family_word(w) for w in (y.given, *y.middles)] + [y.surname]
    return wx[1:] == wy[:-1]


def _compound_surname(a: _PersonName, b: _PersonName) -> bool:
    """A two-part surname written with and without its hyphen ('Omar Alieu-Touray' / 'Omar Alieu Touray',
    'Kassym Jomart-Tokayev' / 'Kassym-Jomart Tokayev'), with given names that agree."""
    for joined, spaced in ((a, b), (b, a)):
        if (spaced.middles and surname_relation(joined.surname, translit_token(spaced.middles[-1]) + spaced.surname)
                and joined.middles == spaced.middles[:-1] and near_given(joined.given, spaced.given)):
            return joined.suffix == spaced.suffix
    return False


def _spaced_given(a: _PersonName, b: _PersonName) -> bool:
    """One given name written as one word or two ('Abdelfattah El Burhan' / 'Abdel Fattah al-Burhan')."""
    if a.suffix != b.suffix or bool(a.middles) == bool(b.middles) or any(len(w) < 3 for w in a.middles + b.middles):
        return False
    return given_relation(a.given + a.middle, b.given + b.middle) in ("same name", "transliteration or spelling")


def _surname_shortened(a: _PersonName, b: _PersonName) -> bool:
    """A two-word surname cut to its first word ('Ali Bagheri' for 'Ali Bagheri Kani', 'Mohammad Naeem' for
    'Muhammad Naeem Wardak', 'Penelope Beckles' for 'Penelope Beckles-Robinson'), with given names that are one
    name."""
    for short, long in ((a, b), (b, a)):
        if (long.middles and short.middles == long.middles[:-1] and short.suffix == long.suffix
                and _same_word(short.surname, _family_word(long.middles[-1]), False)):
            return _same_word(short.given, long.given, True)
        if (long.first_part and short.middles == long.middles and short.suffix == long.suffix
                and _same_word(short.surname, long.first_part, False)):
            return _same_word(short.given, long.given, True)
    return False


def _same_word(a: str, b: str, given: bool) -> bool:
    """One name word in two spellings: a given name by its given-name relation, a later word only when it
    is the same word up to romanisation."""
    if given:
        return given_relation(a, b) in ("same name", "diminutive", "abbreviation", "transliteration or spelling")
    return surname_relation(a, b) in ("same name", "transliteration or spelling")


def _part_of(short: _PersonName, long: _PersonName) -> bool:
    """`short` is `long` with words left out, as Spanish, Portuguese and many other names are shortened:
    the last words of a name of four or more ('Asif Mahmud' of 'Asif Mahmud Sajib Bhuiyan'), a middle given
    name ('Alex Contreras' of 'Alex Alonso Contreras Miranda'), the first given name
    ('Alberto Otárola' of 'Luis Alberto Otárola Peñaranda'), the second surname ('Pedro Angulo' of 'Pedro
    Angulo Arana'), or every given name ('López Obrador' of 'Andrés Manuel López Obrador').

    The words kept stay in order and, unless they are the first words, the last one is one of the long name's
    last two. A name that starts at a father's name is not the son's ('Hamad Al Thani' of 'Tamim bin Hamad
    Al Thani')."""
    s, lw = short.words, long.words
    if len(s) < 2 or len(lw) <= len(s) or short.suffix != long.suffix:
        return False
    if len(lw) >= 4 and _same_word(s[0], lw[0], True) and all(
            _same_word(x, y, False) for x, y in zip(s[1:], lw[1:len(s)], strict=True)):
        # A long name cut after its first words ('Asif Mahmud' of 'Asif Mahmud Sajib Bhuiyan').
        return True
    if not (_same_word(s[-1], lw[-1], False) or _same_word(s[-1], lw[-2], False)):
        return False
    if 0 < long.patronym_at < len(lw) and _same_word(s[0], lw[long.patronym_at], False):
        return False
    tail = len(lw) - len(s)
    if all(_same_word(x, y, False) for x, y in zip(s, lw[tail:], strict=True)) and lw[0] != s[0]:
        return not _place_word(s[0]) and not _place_word(long.given)
    starts = [0] + ([1] if long.patronym_at > 1 and not _place_word(long.given) else [])
    for start in starts:
        if not _same_word(s[0], lw[start], True):
            continue
        j = start + 1
        for word in s[1:]:
            while j < len(lw) and not _same_word(word, lw[j], False):
                j += 1
            if j == len(lw):
                break
            j += 1
        else:
            return j >= len(lw) - 1
    return False


def _reversed(a: _PersonName, b: _PersonName) -> bool:
    """The same two words in the other order ('Charles Leon' / 'Léon Charles', a surname written first)."""
    return (not a.middles and not b.middles and a.suffix == b.suffix and a.given != b.given
            and translit_token(a.given) == b.surname and a.surname == translit_token(b.given))


def _surname_first(a: _PersonName, b: _PersonName) -> bool:
    """`a` is `b` written surname first, as in East Asian and some African usage and official lists
    ('Mnangagwa Emmerson Dambudzo' / 'Emmerson Mnangagwa', 'Moon Sun-myung' / 'Sun Myung Moon').

    The given names after the surname are `b`'s, in order, one side perhaps with more of them; a name whose
    first word is also a given name ('Hassan Ali Khan' / 'Ali Hassan') is two people unless every word
    agrees."""
    if a.suffix != b.suffix or max(len(a.words), len(b.words)) < 3 or _family_word(a.given) != b.surname:
        return False
    after = [_family_word(w) for w in a.middles] + [a.surname]
    given = [_family_word(w) for w in (b.given, *b.middles)]
    if "".join(after) == "".join(given):
        return True
    n = min(len(after), len(given))
    return after[:n] == given[:n] and not world_given_name(a.given)


def _reordered(a: _PersonName, b: _PersonName) -> bool:
    """The same name with its surname moved to the front or the back."""
    return _reversed(a, b) or _surname_first(a, b) or _surname_first(b, a)


def _given_names_reordered(a: _PersonName, b: _PersonName) -> bool:
    """The same given names in another order before one surname ('Cyril Matamela Ramaphosa' / 'Matamela Cyril
    Ramaphosa'), or the same words after one given name in another order ('Mahmoud Thabit Kombo' / 'Mahmoud
    Kombo Thabit', 'Simon Mugenyi Byabakama' / 'Simon Byabakama Mugenyi')."""
    if not a.middles or a.suffix != b.suffix or len(a.words) != len(b.words):
        return False
    if a.given != b.given and a.surname == b.surname:
        return sorted(map(translit_token, (a.given, *a.middles))) == sorted(map(translit_token, (b.given, *b.middles)))
    if translit_token(a.given) == translit_token(b.given) and a.surname != b.surname:
        return (sorted([*map(_family_word, a.middles), a.surname])
                == sorted([*map(_family_word, b.middles), b.surname]))
    return False


def _shape_relation(a: _PersonName, b: _PersonName) -> str | None:
    """Why two full names are one name in another shape (words left out, moved or joined), or None."""
    if _middle_as_given(a, b):
        return "goes by a middle name"
    if _given_names_reordered(a, b):
        return "same given names in another order"
    if _compound_surname(a, b):
        return "same name, hyphen moved"
    if _spaced_given(a, b) and surname_relation(a.surname, b.surname) == "same name":
        return "same name, written apart"
    if _surname_shortened(a, b):
        return "surname without its second word"
    if _part_of(a, b) or _part_of(b, a):
        return "part of a longer name"
    if _reordered(a, b):
        return "same name, reversed order"
    return None


def _people_relation(a: _PersonName, b: _PersonName) -> str | None:
    """Why two full names may be one person, or None: suffix, middle, given and surname must all agree."""
    if shape := _shape_relation(a, b):
        return shape
    if a.suffix != b.suffix or not _middles_agree(a, b):
        return None
    given = given_relation(a.given, b.given) or ("abbreviation" if initials_for(a.given, b.given) else None)
    if given is None:
        return "given name spelled by sound" if _sounded_given(a, b) else None
    surname = surname_relation(a.surname, b.surname) or (
        "transliteration or spelling" if _article_glued(a, b) else None)
    # A short given name is enough where the same middle names stand beside it ('Mya Thwe Thwe Khine' /
    # 'Khaing').
    long_enough = len(a.given) >= 4 or (len(a.middles) > 0 and a.middles == b.middles)
    if surname is None and given == "same name" and long_enough and surname_typo(a.surname, b.surname):
        return "spelling variant"
    if surname is None or (given == "spelling variant" and surname != "same name"):
        return None
    if surname != "same name":
        return surname
    if given == "same name" and a.middle != b.middle and _family_word(a.middle) != _family_word(b.middle):
        return "spelling variant" if one_slip(a.middle, b.middle) else "same full name"
    return "same full name" if given == "same name" else given


_GLUED_ARTICLE = re.compile(r"(?:al|el)(?=[^\W\d_]{4})")


def _article_glued(a: _PersonName, b: _PersonName) -> bool:
    """Two surnames that differ by an Arabic article, written joined to one and apart in the other
    ('Altantawy' / 'el-Tantawy', 'Elsisi' / 'al-Sisi'; not 'Albright' / 'Bright'); the caller holds the given
    names to agree."""
    return any(y.article and _GLUED_ARTICLE.match(x.surname)
               and surname_relation(x.surname[2:], y.surname) in ("same name", "transliteration or spelling")
               for x, y in ((a, b), (b, a)))


def _sounded_given(a: _PersonName, b: _PersonName) -> bool:
    """The same middle names and surname after a given name spelled by sound ('Umar Ayub Khan' / 'Omar Ayub
    Khan'): two words of three agree exactly, and the third is one sound in two romanisations."""
    return (bool(a.middles) and a.middles == b.middles and a.surname == b.surname and a.suffix == b.suffix
            and given_likeness(a.given, b.given) == SOUND)


def _conflict(a: _PersonName, b: _PersonName) -> bool:
    """Two full names shown to be different people: another suffix, middle name or given name.

    Surnames a few letters apart are not a conflict by themselves: outlets chain spellings
    ('Tsikhanouskaya', 'Tsikhanovskaya', 'Tikhanovskaya') that are each close to the next. Surnames with
    nothing in common are ('Carlos Fernando Galán' / 'Carlos Fernando Triana', both fitting 'Carlos
    Fernando').
    """
    if _shape_relation(a, b) or _spaced_given(a, b) or _sounded_given(a, b):
        return False
    return a.suffix != b.suffix or not _middles_agree(a, b) or not (
        near_given(a.given, b.given) or initials_for(a.given, b.given)) or (
        len(a.words) == len(b.words) and _unrelated_surnames(a.surname, b.surname))


def _unrelated_surnames(a: str, b: str) -> bool:
    """Two surnames that no spelling, romanisation or slip leads from one to the other: another first letter
    and more than half the letters changed."""
    if not a or not b or a[0] == b[0] or surname_relation(a, b) is not None:
        return False
    return Levenshtein.distance(a, b) > max(len(a), len(b)) // 2


def _outlet_words(sources: set[str], texts: list[str], labels: list[str]) -> frozenset[str]:
    """Words of the outlets' names ('Gazette' of 'Montreal Gazette'), except surnames of people in the corpus."""
    words = {fold(w) for s in sources for w in s.split() if len(w) > 2}
    surnames = {fold(t.split()[-1]) for t, lab in zip(texts, labels, strict=True) if lab == "PERSON" and " " in t}
    return frozenset(words - surnames)


def resolve_actors(
    mentions: pd.DataFrame,
    place_kind: Callable[[str], str | None] | None = None,
    aliases: AliasRules | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus mentions -> (mentions with actor_id, actor, actor_type; the actors table).

    `mentions` has article_id, source, start, end, text, label, sentence_idx (and optionally the `cue`
    from `extract_mentions`); other columns pass through. Rows that resolve to no kept actor type are
    dropped. `place_kind` is the gazetteer lookup; `aliases` are the analyst's rules, applied first.
    """
    if mentions.empty:
        return _empty_outputs(mentions)
    rules = aliases if aliases is not None else AliasRules()
    res = _Resolver(rules, place_kind)
    df = mentions.reset_index(drop=True)
    texts = df["text"].astype(str).tolist()
    labels = df["label"].astype(str).tolist()
    articles = df["article_id"].astype(str).tolist()
    sources = df["source"].astype(str).tolist() if "source" in df.columns else [""] * len(df)
    cues = df["cue"].tolist() if "cue" in df.columns else [None] * len(df)
    key_of = {t: name_key(t) for t in set(texts)}
    keys, glued = _unglue(_drop_label_words([key_of[t] for t in texts], labels), texts, labels)
    outlets = _outlet_words(set(sources), texts, labels)
    junk = {t: is_junk(t) for t in key_of}
    keep = [bool(k) and not junk[t] and lab not in NUMERIC_LABELS
            and not (lab == "PERSON" and k not in rules.merges and is_name_noise(t, outlets))
            for t, lab, k in zip(texts, labels, keys, strict=True)]
    countries = country_table()

    # Evidence per name key: labels and cues over the corpus, and a sample spelling.
    evidence: dict[str, Counter] = defaultdict(Counter)
    spelling: dict[str, str] = {}
    for i in range(len(df)):
        if keep[i]:
            evidence[keys[i]][labels[i]] += 1
            if cues[i] in ("person", "org", "place"):
                evidence[keys[i]]["cue:" + cues[i]] += 1
            spelling.setdefault(keys[i], texts[i])

    pinned = {k for k in evidence if k in rules.merges}

    def is_person_name(key: str) -> bool:
        ev = evidence[key]
        if len(_name_words(key)) < 2 or key in countries:
            return False
        if not (is_well_formed_name(spelling[key]) or (" " not in key and spelling[key][:1].isupper())):
            return False
        if is_title_only(key.split()[0]):
            return False
        if not (ev["PERSON"] or ev["cue:person"]):
            return False
        return ev["cue:person"] > 0 or res.kind(spelling[key]) is None

    named = {k: p for k in evidence if is_person_name(k) and (p := _person_parts(k))}
    mistyped, titled, shaped = _mistyped_people(res, evidence, spelling, named, pinned | set(countries))
    # A name after a title that the parser still typed as an organisation every time ('Murat Ongun'), or as
    # often as a person ('Santiago Abascal'): its mentions vote PERSON. The mistyped names were shaped by
    # `_mistyped_people` already.
    shaped |= {k for k in named if _person_shaped(spelling[k])}
    named.update(mistyped)
    votes = ["PERSON" if k in shaped else lab for k, lab in zip(keys, labels, strict=True)]
    people = {k: (translit_token(p.given), p.family) for k, p in named.items()}

    for key in evidence:
        res.node(key, people.get(key))
    for key in pinned:
        target = rules.merges[key]
        res.join(key, name_key(target), "analyst alias", force=True)
    for key, (person, why) in titled.items():
        res.join(key, person, why)
    kin = _kin_of(df, keys, keep, articles, people)
    for i, others in kin.items():
        for other in others:
            if keys[i] in people and other in people and not {keys[i], other} & pinned:
                res.uf.keep_apart(keys[i], other)
    for key in evidence:
        if key in countries and key not in pinned:
            res.join(key, name_key(countries[key][0]), "country name")

    by_translit: dict[str, list[str]] = defaultdict(list)
    for key in evidence:
        if key not in pinned and key not in countries and (len(key.split()) > 1 or len(key) >= 4):
            by_translit[translit_key(key)].append(key)
    for group in by_translit.values():
        for other in group[1:]:
            res.join(group[0], other, "transliteration")
    parts = {k: p for k, p in named.items() if k not in pinned}
    _join_people(res, parts, evidence)
    _join_lone_namesakes(res, parts, keys, articles, keep)
    _join_surnames_written_apart(res, parts)
    _join_the_forms(res, evidence, pinned | set(countries))
    _join_acronyms(res, evidence, spelling, articles, keys, keep, pinned | set(countries))
    for key, ev in evidence.items():
        if ev["NORP"] and key.endswith("s") and key[:-1] in evidence and key not in pinned:
            res.join(key[:-1], key, "plural")

    if "same_as" in df.columns:
        for i, other in enumerate(df["same_as"].tolist()):
            other_key = name_key(other) if isinstance(other, str) else ""
            if not keep[i] or other_key == keys[i] or other_key not in evidence:
                continue
            # A one-word name the text gives a full name for ('Aamron, whose real name is Essowe Tchalla': a
            # stage name, a nom de guerre) is that person wherever it is written.
            named = [k for k in (keys[i], other_key) if k in people]
            alone = [k for k in (keys[i], other_key) if k not in people and " " not in k and k not in countries
                     and k not in pinned]
            if len(named) == 2 or (named and alone):
                res.join(keys[i], other_key, "named as the same person in the text", force=True)

    loose = _loose_names(res, evidence, spelling, pinned | set(countries))
    offices = df["office"].tolist() if "office" in df.columns else [None] * len(df)
    kin_called = ({(articles[i], keys[i]) for i, flag in enumerate(df["relative"].tolist())
                   if flag is True and keep[i] and " " not in keys[i]} if "relative" in df.columns else set())
    row_nodes, row_reasons = _link_partial_names(res, keys, labels, cues, articles, sources, keep, people, pinned,
                                                 countries, loose, kin, offices, kin_called)
    written = {key for i, key in enumerate(keys) if i not in glued}
    for i in glued:
        # Read without the glued word, the name is a full name the corpus writes ('Andrej Plenkovic'), or is
        # joined for a reason of its own ('Dragan Primorc', a spelling variant; 'Milanović', a surname).
        plain = keys[i] in written and " " in keys[i]
        row_reasons[i] = f"{row_reasons[i]}; {GLUED}" if row_reasons[i] and not plain else GLUED
    return _assemble(res, df, texts, votes, cues, keys, keep, row_nodes, row_reasons, evidence, people, countries)


def _drop_label_words(keys: list[str], labels: list[str]) -> list[str]:
    """Keys with a party's or group's word before a surname made bare ('Greens Tondelier' of 'Marine
    Tondelier, Greens Tondelier, 37, …'; 'Unbowed Ruffin' of 'France Unbowed Ruffin'): that word is a word of
    an organisation's name in the corpus and no given name in any dictionary, and the surname is given
    elsewhere in the corpus with a first name a dictionary knows. Kept as two words, the name is read as a
    second person of that surname, and the bare surname is flagged between the two. Ordinary words alone are
    not enough: 'Hunter', 'Gift' and 'Justice' are first names no dictionary lists."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for key, label in zip(keys, labels, strict=True):
        votes[key][label] += 1
    # Keys typed PERSON more often than as an organisation or a people, and the rest typed mostly as those.
    person = {key: vote["PERSON"] > vote["ORG"] + vote["NORP"] for key, vote in votes.items()}
    org_names: dict[str, list[list[str]]] = defaultdict(list)  # a word -> the organisations' names holding it
    for key, vote in votes.items():
        if vote["ORG"] + vote["NORP"] > vote["PERSON"]:
            words = key.split()
            for word in set(words):
                if len(word) > 3:
                    org_names[word].append(words)
    surnames = {words[-1] for key, vote in votes.items() if vote["PERSON"] and len(words := key.split()) > 1
                and listed_given_name(words[0])}
    # A word some other name typed PERSON holds is a name ('Pita' of 'Pita Limjaroenrat', inside an
    # organisation 'Bangkok-Reformist Pita Limjaroenrat').
    named: Counter = Counter(word for key in votes if person[key] for word in set(key.split()))
    bare = {}
    for key, vote in votes.items():
        words = key.split()
        if len(words) != 2 or not vote["PERSON"] or words[1] not in surnames or len(words[0]) <= 3:
            continue
        named_elsewhere = named[words[0]] - person[key]
        # An organisation's name that holds the surname too is a person's office ('Election Commission RLAM
        # Ratnanayake'), not a party.
        party = any(not any(w[:4] == words[1][:4] for w in org) for org in org_names.get(words[0], ()))
        if party and not named_elsewhere and not listed_given_name(words[0]):
            bare[key] = words[1]
    return [bare.get(key, key) for key in keys] if bare else keys


GLUED = "a word glued to the name"


def _unglue(keys: list[str], texts: list[str], labels: list[str]) -> tuple[list[str], set[int]]:
    """Keys read without a word that text extraction ran into the name ('Ivana Kekinmember' -> 'ivana kekin',
    'Milanovićwho' -> 'milanovic', 'Jeremiah KpanKoung' -> 'jeremiah kpan koung'), and the rows so read.

    A cut is taken only where the corpus names that person without the glued word: a full name typed PERSON
    that the cut full name is one person with (by any rule of `_people_relation`; a surname one letter off,
    so 'Dragan Primorc' of 'Primorcwhich' meets 'Dragan Primorac'), or, for a word alone, a surname of such a
    full name. A word that is a name in a dictionary of first names is left whole."""
    persons: dict[str, _PersonName] = {}
    for key, label in zip(keys, labels, strict=True):
        if label == "PERSON" and " " in key and key not in persons and (parts := _person_parts(key)):
            persons[key] = parts
    by_family: dict[str, list[str]] = defaultdict(list)
    by_onset: dict[str, list[str]] = defaultdict(list)
    for key, parts in persons.items():
        by_family[parts.surname].append(key)
        by_onset[parts.surname[:3]].append(key)

    def one_person(cut: str, family: str, typos: bool) -> bool:
        parts = _person_parts(cut)
        if parts is None:
            return False
        near = by_family.get(family, []) + ([k for k in by_onset.get(family[:3], ()) if persons[k].surname != family
                                            and one_slip(family, persons[k].surname)] if typos else [])
        return any(k == cut or _people_relation(parts, persons[k]) for k in near)

    def read(key: str, text: str) -> str | None:
        words = key.split()
        if _known_word(words[-1]):
            return None  # 'Muhammad' is no 'Muham' with 'mad' glued on
        if len(words) == 1:
            return next((name for name, _ in glued_words(key) if _family_word(name) in by_family), None)
        for name, _ in glued_words(words[-1]):
            cut = " ".join([*words[:-1], name])
            if one_person(cut, _family_word(name), typos=True):
                return cut
        if (pair := run_together(text)) and (cut := name_key(f"{text.rsplit(None, 1)[0]} {pair[0]} {pair[1]}")):
            return cut if one_person(cut, _family_word(fold(pair[1]).lower()), typos=False) else None
        return None

    read_as: dict[str, str | None] = {}
    out, rows = list(keys), set()
    for i, (key, text) in enumerate(zip(keys, texts, strict=True)):
        if key not in read_as:
            read_as[key] = read(key, text) if key else None
        if read_as[key]:
            out[i] = read_as[key]
            rows.add(i)
    return out, rows


def _known_word(word: str) -> bool:
    """A word some dictionary of names or of English knows as it stands."""
    return _known_given(word) or word in common_words()


_PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP")
_OTHER_LABELS = ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
TITLE_KEPT = "full name after a title the parser kept"
TITLED_SURNAME = "surname after a title the parser kept"
TITLED_GIVEN = "given name after a title the parser kept"
CORPUS, ARTICLE = "corpus", "article"


def _loose_names(res: _Resolver, evidence: dict[str, Counter], spelling: dict[str, str],
                 fixed: set[str]) -> dict[str, str]:
    """One-word names the parser typed as a place or a people that may still be a person's surname, with how
    far to look for him: the parser's guess is weak on names it has not seen.

    - No gazetteer knows the word ('Yoon', 'Syrskyi'): the article, the outlet, then the corpus.
    - A word typed as a people that is no country's ('Vardanyan', 'Zhdanov') and no given name: the same.
    - A town's name ('Bongo', 'Yunus', 'Campbell': villages share the spellings of surnames): only in an
      article that names the person in full, and never after 'in' or 'from' (see `_link_partial_names`);
      in the corpus where the parser typed the word a person three times as often as a place.
    """
    loose: dict[str, str] = {}
    given_names = known_given_names()
    for key, ev in evidence.items():
        words = key.split()
        if key in fixed or len(words) > 2 or (len(words) == 2 and words[0] not in NAME_PARTICLES):
            continue  # one word, or a surname with its particle ('Le Pen' typed as a building)
        placed = ev["GPE"] or ev["LOC"] or ev["FAC"]
        if not placed and not ev["NORP"]:
            continue
        kind = res.kind(spelling[key])
        if len(words) == 2 and kind is not None:
            continue  # 'La Paz', 'El Paso': a place's name, whatever surname follows the particle
        if placed and kind is None:
            loose[key] = CORPUS
        elif placed and kind == "city":
            # Typed PERSON three times as often as a place ('Sandu', a town in China and Moldova's president):
            # the person, wherever the corpus names her in full.
            as_place = ev["GPE"] + ev["LOC"] + ev["FAC"]
            loose[key] = CORPUS if ev["PERSON"] + ev["cue:person"] >= 3 * as_place else ARTICLE
        elif (ev["NORP"] and kind is None and key not in given_names
              and country_of_nationality(spelling[key]) is None):
            loose[key] = CORPUS
    return loose


def _mistyped_people(res: _Resolver, evidence: dict[str, Counter], spelling: dict[str, str],
                     people: dict[str, _PersonName], fixed: set[str]) -> tuple[dict[str, _PersonName],
                                                                               dict[str, tuple[str, str]],
                                                                               set[str]]:
    """Full names the parser never typed as a person that are another spelling of a person the corpus names:
    ('Muhammed Yunus' as an organisation, 'Aleksandr Lukashenko' as a building) become people, so the identity
    rules join them to him; names with a title the parser kept in the span ('Sergeant Duberney Capador' as an
    organisation) join the person the rest spells. A name no person of the corpus can be becomes a person only
    where its shape says so (`_person_shaped`: 'Gustavo Petro', 'Samat Abish' typed as organisations); the rest
    stay what the parser said. Returns (new people, {titled key: (person key, why)}, keys that are people by
    shape)."""
    found: dict[str, tuple[_PersonName, bool]] = {}
    one_word: dict[str, str] = {}  # titled key -> the one name word after the title ('CJP Bandial')
    for key, ev in evidence.items():
        if key in people or key in fixed or ev["PERSON"] or ev["cue:person"] or len(_name_words(key)) < 2:
            continue
        bare = name_key(strip_name(spelling[key]))
        titled = bare != key
        if titled and len(_name_words(bare)) == 1 and not is_title_only(bare) and len(bare) > 2:
            one_word[key] = bare
        if titled and (len(_name_words(bare)) < 2 or is_title_only(bare.split()[0])):
            continue
        if (not titled and is_title_only(key.split()[0])) or not is_well_formed_name(spelling[key]):
            continue
        if (parts := _person_parts(bare)) and res.kind(spelling[key]) is None:
            found[key] = (parts, titled)
    # People by shape first, so that a kept title can name one of them ('Sergeant Lidia Venner', 'King Felipe'
    # of 'Felipe VI').
    shaped = {key for key, (_, titled) in found.items() if not titled and _person_shaped(spelling[key])}
    known = {**people, **{key: found[key][0] for key in shaped}}
    titles = _titled_one_word(one_word, known)
    if not found:
        return {}, titles, set()
    blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key, person in known.items():
        for block in _blocks(person):
            blocks[block].append(key)
        by_surname[person.surname].append(key)
    new: dict[str, _PersonName] = {key: found[key][0] for key in shaped}
    for key, (parts, titled) in found.items():
        if key in shaped:
            continue
        # The surname's holders too: a name without its given names ('Arévalo de León' of 'Bernardo Arévalo de
        # León') shares no given-name block with the full name.
        near = {k for block in _blocks(parts) for k in blocks.get(block, ())}
        if not _opens_with_country(key):
            # A country glued before the name ('South Africa Phumzile Mlambo-Ngcuka') is no person's words.
            near |= set(by_surname.get(parts.surname, ()))
        matches = sorted(k for k in near if _people_relation(parts, known[k]))
        if not matches:
            continue
        if titled:
            titles[key] = (matches[0], TITLE_KEPT)
        else:
            new[key] = parts
    return new, titles, shaped


def _opens_with_country(key: str) -> bool:
    """A name key whose first words are a country's or a people's name ('south africa …', 'kenyan …')."""
    words = key.split()
    return any(is_country(" ".join(words[:n])) or country_of_nationality(" ".join(words[:n]))
               for n in range(1, min(3, len(words) - 1) + 1))


def _titled_one_word(one_word: dict[str, str], people: dict[str, _PersonName]) -> dict[str, tuple[str, str]]:
    """A title and one name the parser typed as an organisation or a place ('NSA Doval', 'General Zaluzny',
    'CJP Bandial') is the one person of the corpus with that surname (in any romanisation), else with that
    given name; two people who may carry it leave it alone."""
    if not one_word:
        return {}
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_onset: dict[str, set[str]] = defaultdict(set)
    by_given: dict[str, list[str]] = defaultdict(list)
    for key, person in people.items():
        by_surname[person.surname].append(key)
        by_given[_given_of(key)].append(key)
        for onset in onset_keys(person.surname):
            by_onset[onset].add(person.surname)
    found: dict[str, tuple[str, str]] = {}
    for key, word in one_word.items():
        family = _family_word(word)
        spelled = {f for onset in onset_keys(family) for f in by_onset.get(onset, ())
                   if surname_relation(family, f) == "transliteration or spelling"}
        for holders, why in (([k for f in {family} | spelled for k in by_surname.get(f, ())], TITLED_SURNAME),
                             (by_given.get(word, []), TITLED_GIVEN)):
            givens = {translit_token(people[k].given) for k in holders}
            if holders:
                if all(given_relation(a, b) for a, b in combinations(sorted(givens), 2)):
                    found[key] = (min(holders), why)
                break
    return found


def _person_shaped(surface: str) -> bool:
    """A span the parser typed as something else that reads as a person's full name: two to five capitalised
    words, the first a plain man's or woman's name in a world dictionary of first names, none of them an
    ordinary English word ('Sky News', 'Omar Bongo University', 'Per Libre'; an English given name may open
    it: 'Mark Kamau'), an acronym or a possessive, and the first no country or nationality ('Kenya Kwanza').
    The parser's guess is weakest on names from languages it has seen little of: 'Gustavo Petro', 'Kiryl
    Halanau', 'Ana Cecilia Gervasi Díaz' typed as organisations or places."""
    words = surface.split()
    if not 2 <= len(words) <= 5 or fold(words[0]).lower() in NAME_PARTICLES:
        return False
    common, english = common_words(), known_given_names()
    for i, word in enumerate(words):
        lower = fold(word).lower()
        if lower in NAME_PARTICLES:
            continue
        if i == 1 == len(words) - 1 and _regnal(lower):
            continue  # 'Felipe VI'
        if lower.endswith(("'s", "’s")) or (len(word) > 1 and word.isupper()) or not word[:1].isupper():
            return False
        if lower in common and not (i == 0 and lower in english):  # 'Mark', 'Grace' open a name; 'Per' no
            return False
    first = words[0]
    # A hyphenated given name is a name where each part is ('Heinz-Christian', 'Jean-Luc').
    given = all(world_given_name(part) for part in first.split("-")) if "-" in first else world_given_name(first)
    return not (is_country(first) or country_of_nationality(first)) and given


def _blocks(person: _PersonName) -> list[tuple[str, str, str]]:
    """Keys under which two full names that may be one person meet: a given-name block, a surname onset and
    the suffix (`given_blocks`, `onset_keys`)."""
    return [(block, onset, person.suffix) for block in given_blocks(person.given)
            for onset in onset_keys(person.surname)]


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an", "at", "by", "with", "&",
                           *NAME_PARTICLES, "des", "du", "et", "pour", "del", "y"})
_ACRONYM = re.compile(r"[A-Z]{2,6}|[A-Z][a-z]{3,5}")  # 'ECCAS', 'Eccas', 'Nato'; checked against initials


def _acronym(key: str) -> str:
    """The initials of an organisation's name without its small words ('committee for the transition and
    restoration of institutions' -> 'ctri', 'agence france-presse' -> 'afp')."""
    words = [w for w in re.split(r"[\s-]+", key.removeprefix("the ")) if w and w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _join_the_forms(res: _Resolver, evidence: dict[str, Counter], fixed: set[str]) -> None:
    """An organisation written with and without a leading 'The' ('The African Union' / 'African Union')."""
    for k, ev in evidence.items():
        if (ev["ORG"] and k.startswith("the ") and k[4:] in evidence and not {k, k[4:]} & fixed
                and res.uf.union(res.node(k[4:]), res.node(k))):
            res.reasons.setdefault(k, "same name")


def _join_acronyms(res: _Resolver, evidence: dict[str, Counter], spelling: dict[str, str], articles: list[str],
                   keys: list[str], keep: list, fixed: set[str]) -> None:
    """An organisation's acronym ('AU', 'CTRI') joins its full name ('African Union') when exactly one
    organisation with those initials is named in an article beside it; so does a person's, three letters
    or more, one for each word of the name ('AKD' for Anura Kumara Dissanayake, 'AMLO')."""
    short = {k for k, ev in evidence.items() if k not in fixed and " " not in k and (ev["ORG"] or ev["PERSON"])
             and _ACRONYM.fullmatch(spelling[k])}
    if not short:
        return
    full: dict[str, set[str]] = defaultdict(set)
    personal: set[str] = set()
    for k, ev in evidence.items():
        if " " not in k or k in fixed:
            continue
        if ev["ORG"] and (initials := _acronym(k)) in short:
            full[initials].add(k)
        elif ev["PERSON"] and len(initials := "".join(w[0] for w in re.split(r"[\s-]+", k) if w)) > 2 \
                and initials in short:
            full[initials].add(k)
            personal.add(k)
    wanted = short.union(*full.values())
    where: dict[str, set[str]] = defaultdict(set)
    for i, key in enumerate(keys):
        if keep[i] and key in wanted:
            where[key].add(articles[i])
    for acronym in sorted(short & full.keys()):
        # Some article names both, as outlets introduce an acronym ('Liquified Petroleum Gas (LPG)'); a
        # match of initials alone ('BBC' and a 'Besiki Business Centre' of another article) is not enough.
        # One organisation or person under several full names counts once.
        roots = {res.uf.find(res.node(k)): k for k in sorted(full[acronym], reverse=True)
                 if where[k] & where[acronym]}
        if len(roots) == 1:
            name = next(iter(roots.values()))
            if name not in personal:
                res.join(acronym, name, "acronym")
            elif spelling[acronym].isupper():  # 'AKD', never a name such as 'Anka'
                res.join(acronym, name, "initials of the full name")


def _join_surnames_written_apart(res: _Resolver, parts: dict[str, _PersonName]) -> None:
    """A two-word name that is one person's surname written in two words ('Abi Nader' for Luis Abinader,
    'Mc Donald'): that person, where the corpus holds no one else of the surname."""
    holders: dict[str, set[str]] = defaultdict(set)
    for key, name in parts.items():
        if not name.suffix and len(name.surname) >= 6:
            holders[name.surname].add(key)
    for key, name in parts.items():
        words = key.split()
        if len(words) != 2 or name.middles:  # 'kassym-jomart tokayev' has a middle name: no surname apart
            continue
        found = holders.get("".join(words), set())
        roots = {res.uf.find(res.node(k)) for k in found}
        if len(roots) == 1:
            res.join(next(iter(found)), key, "surname written apart", force=True)


def _kin_of(df: pd.DataFrame, keys: list[str], keep: list, articles: list[str],
            people: dict[str, tuple[str, str]]) -> dict[int, frozenset[str]]:
    """Per mention row, the name keys of the relatives the text names beside it (`kin_of`); for a bare
    surname, also the full names its article brings in as someone's relative (`relative`), where the corpus
    holds another person of that surname for it to be ('Arévalo' of an article that names only his father
    in full, as 'the son of … Juan José Arévalo')."""
    kin: dict[int, frozenset[str]] = {}
    if "kin_of" in df.columns:
        for i, others in enumerate(df["kin_of"].tolist()):
            if keep[i] and isinstance(others, str):
                found = frozenset(name_key(o) for o in others.split("|")) - {keys[i], ""}
                if found:
                    kin[i] = found
    if "relative" not in df.columns:
        return kin
    introduced: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, flag in enumerate(df["relative"].tolist()):
        if keep[i] and flag is True and keys[i] in people:
            introduced[(articles[i], people[keys[i]][1])].add(keys[i])
    if not introduced:
        return kin
    holders: dict[str, set[str]] = defaultdict(set)
    for given, family in people.values():
        holders[family].add(given)
    for i, key in enumerate(keys):
        if not keep[i] or " " in key:
            continue
        family = _family_word(key)
        relatives = introduced.get((articles[i], family), set())
        if relatives and holders[family] - {people[k][0] for k in relatives}:
            kin[i] = kin.get(i, frozenset()) | frozenset(relatives)
    return kin


def _partial(key: str, label: str, cue: str | None, countries: dict) -> tuple[str, str] | None:
    """(initial or '', surname key) for a bare surname or 'J. Smith' that may refer to a full name."""
    words = key.split()
    if key in countries or not words or not (label in ("PERSON", "ORG") or cue == "person"):
        return None
    if len(words) == 1:
        return "", _family_word(words[0])
    if all(w in NAME_PARTICLES for w in words[:-1]):
        return "", _family_word(words[-1])  # 'Le Pen', 'Van der Bellen'
    if len(words) == 2 and is_initial(words[0]):
        return words[0], _family_word(words[1])
    if len(words) == 2 and words[1] in NAME_SUFFIXES:
        return "", f"{_family_word(words[0])} {words[1]}"
    if len(words) == 2 and is_title_only(words[0]):
        # A title the parser kept ('General Dasanayake', typed ORG): the surname alone.
        return "", _family_word(words[1])
    return None


def _join_people(res: _Resolver, parts: dict[str, _PersonName], evidence: dict[str, Counter]) -> None:
    """Full names of one person written differently across outlets: diminutives ('Mike'/'Michael'),
    romanisations ('Oleksandr'/'Alexander'), middle initials, and surname spelling variants when the given
    names agree too. A name that fits two people who cannot be one ('George Bush' between 'George H. W.
    Bush' and 'George W. Bush') joins neither and is flagged as ambiguous."""
    pairs: dict[tuple[str, str], str] = {}

    def consider(x: str, y: str) -> None:
        a, b = sorted((x, y))
        if a != b and (a, b) not in pairs and (rel := _people_relation(parts[a], parts[b])):
            pairs[(a, b)] = rel

    by_family: dict[str, list[str]] = defaultdict(list)
    for key, person in parts.items():
        by_family[person.family].append(key)
    for group in by_family.values():
        for a, b in combinations(sorted(group), 2):
            if rel := _people_relation(parts[a], parts[b]):
                pairs[(a, b)] = rel
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, person in parts.items():
        if not person.middles:
            by_words[tuple(sorted((translit_token(person.given), person.surname)))].append(key)
    for group in by_words.values():
        for a, b in combinations(sorted(group), 2):
            consider(a, b)
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    for key, person in parts.items():
        for k in skeletons(person.surname):
            if len(k) >= 3:
                by_skeleton[k].add(key)
    for key, person in parts.items():
        if person.middles:
            joined = f"{translit_token(person.middles[-1] + person.surname)} {person.suffix}".strip()
            first = f"{_family_word(person.middles[-1])} {person.suffix}".strip()
            alike = {o for k in skeletons(translit_token(person.middles[-1]) + person.surname) if len(k) >= 3
                     for o in by_skeleton.get(k, ())}
            inner = [o for m in person.middles[:-1] for o in by_family.get(_family_word(m), ())]
            for other in (*by_family.get(joined, ()), *by_family.get(first, ()), *sorted(alike), *inner):
                consider(key, other)
        if person.first_part:  # 'Penelope Beckles' of 'Penelope Beckles-Robinson'
            for other in by_family.get(f"{person.first_part} {person.suffix}".strip(), ()):
                consider(key, other)
        if _GLUED_ARTICLE.match(person.surname):  # 'Ahmed Altantawy' of 'Ahmed el-Tantawy'
            for other in by_family.get(f"{person.surname[2:]} {person.suffix}".strip(), ()):
                consider(key, other)
    for key, person in parts.items():  # a surname written first ('Mnangagwa Emmerson Dambudzo')
        for other in by_family.get(f"{_family_word(person.given)} {person.suffix}".strip(), ()):
            consider(key, other)
    blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key, person in parts.items():
        for block in _blocks(person):
            blocks[block].append(key)
    for group in blocks.values():
        for a, b in combinations(sorted(set(group)), 2):
            if parts[a].surname != parts[b].surname:
                consider(a, b)
    for short, long in _cut_short(parts, evidence):
        pairs.setdefault(tuple(sorted((short, long))), "surname cut short")
    _drop_weaker_readings(pairs, parts)
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        partners[a].add(b)
        partners[b].add(a)
    slips = _one_off_slips(parts, evidence)
    torn = {k for k, ps in partners.items()
            if any(_conflict(parts[x], parts[y]) and not _explained(parts[x], parts[y], [parts[k]])
                   and not {x, y} & slips for x, y in combinations(sorted(ps), 2))}
    order = {"same full name": 0, "same name, written apart": 0, "diminutive": 1, "abbreviation": 1,
             "transliteration or spelling": 2, "spelling variant": 3, "given name spelled by sound": 3,
             "surname cut short": 3,
             "goes by a middle name": 4, "same name, hyphen moved": 4,
             "surname without its second word": 4, "part of a longer name": 5, "same name, reversed order": 5,
             "same given names in another order": 0}
    # Within one kind of relation, names with as many words go first: 'Ahmed Shah Masood' meets 'Ahmad Shah
    # Massoud' before 'Ahmad Massoud', the son the text keeps apart from him.
    def rank(kv: tuple[tuple[str, str], str]) -> tuple:
        (a, b), rel = kv
        return order.get(rel, 4), abs(len(a.split()) - len(b.split())), a, b

    for (a, b), rel in sorted(pairs.items(), key=rank):
        if a in torn or b in torn:
            continue
        if _clusters_compatible(res, parts, a, b, slips):
            res.join(a, b, rel, force=True)
    for key in torn:
        res.ambiguous[key] = {res.uf.find(res.node(k)) for k in partners[key]}


def _written(evidence: dict[str, Counter], key: str) -> int:
    """How many mentions the corpus writes with this name key: its labels, not the cues counted beside them."""
    return sum(n for label, n in evidence.get(key, Counter()).items() if not label.startswith("cue:"))


def _cut_short(parts: dict[str, _PersonName], evidence: dict[str, Counter]) -> list[tuple[str, str]]:
    """Full names written once with the surname cut off mid-word, as a page cut short leaves them ('Peter Dut',
    'Asif Ali Za'), and the one full name of the corpus with the same given and middle names whose surname goes
    on from there. A short given name alone is too weak a key: at least four letters, or middle names too."""
    by_start: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for key, person in parts.items():
        by_start[(translit_token(person.given), person.middle, person.suffix, person.surname[:2])].append(key)
    found = []
    for key, person in parts.items():
        if _written(evidence, key) > 2 or len(person.surname) < (2 if person.middles else 3) or (
                len(person.given) < 4 and not person.middles):
            continue
        group = by_start[(translit_token(person.given), person.middle, person.suffix, person.surname[:2])]
        longer = [o for o in group
                  if len(parts[o].surname) > len(person.surname) and parts[o].surname.startswith(person.surname)]
        if len({parts[o].surname for o in longer}) == 1:
            found.extend((key, o) for o in longer)
    return found


def _join_lone_namesakes(res: _Resolver, parts: dict[str, _PersonName], keys: list[str], articles: list[str],
                         keep: list) -> None:
    """A full name no rule joined, whose surname only one other person of the corpus carries and whose given
    name sounds like or slips from theirs, is that person as one outlet wrote them: 'Micky Zohar' / 'Miki
    Zohar', 'Gegham Stepanyan' / 'Jegam Stepanjan' (one sound), 'Pia Limjaroenrat' beside 'Pita Limjaroenrat'
    named eighteen times (a slip, so the other must be named at least three times as often). A given name
    with a surname initial ('Juraj C') is the one person of the corpus with that given name and initial.

    Relatives make a surname shared, so names of a family with a third member never join this way, and two
    names an article writes side by side are two people."""
    weight: Counter = Counter()
    seen_in: dict[str, set[str]] = defaultdict(set)
    for i, key in enumerate(keys):
        if keep[i] and key in parts:
            weight[key] += 1
            seen_in[key].add(articles[i])
    members: dict[int, list[str]] = defaultdict(list)
    for key in parts:
        members[res.uf.find(res.node(key))].append(key)
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)  # (surname, suffix) -> actors
    by_skeleton: dict[str, set[tuple[str, str]]] = defaultdict(set)  # skeleton -> (surname, suffix)
    by_initial: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # given key, surname letter, suffix
    for root, names in members.items():
        for key in names:
            person = parts[key]
            holders[(person.surname, person.suffix)].add(root)
            for k in skeletons(person.surname):
                by_skeleton[k].add((person.surname, person.suffix))
            if len(person.surname) > 1:
                for block in given_blocks(person.given):
                    by_initial[(block, person.surname[0], person.suffix)].add(key)

    def carriers(person: _PersonName, root: int) -> set[int]:
        """The other actors with this surname, read alike; stops counting at two."""
        found = holders[(person.surname, person.suffix)] - {root}
        if len(found) > 1:
            return found
        for surname, suffix in {f for k in skeletons(person.surname) for f in by_skeleton.get(k, ())}:
            if surname != person.surname and suffix == person.suffix and surname_relation(
                    person.surname, surname) in ("same name", "transliteration or spelling"):
                found |= holders[(surname, suffix)] - {root}
                if len(found) > 1:
                    break
        return found

    def total(root: int) -> tuple[int, set[str]]:
        return sum(weight[k] for k in members[root]), {a for k in members[root] for a in seen_in[k]}

    for root, names in list(members.items()):
        for key in names:
            person = parts[key]
            if len(person.surname) == 1:
                near = {o for b in given_blocks(person.given)
                        for o in by_initial.get((b, person.surname, person.suffix), ())}
                fits = {o for o in near if given_relation(person.given, parts[o].given)
                        in ("same name", "diminutive", "transliteration or spelling")}
                if len({res.uf.find(res.node(o)) for o in fits} - {res.uf.find(res.node(key))}) == 1:
                    res.join(key, next(iter(fits)), "given name and surname initial", force=True)
        count, where = total(root)
        if count > 3 or len(where) > 1:
            continue
        for key in names:
            person = parts[key]
            others = carriers(person, root) if len(person.surname) > 1 else set()
            if len(others) != 1:
                continue
            other = next(iter(others))
            other_count, other_where = total(other)
            likeness = {given_likeness(person.given, parts[o].given) for o in members[other]
                        if _middles_agree(person, parts[o])}
            # Beside the other in one article, only a given name no dictionary knows is a slip ('Stuary Young'
            # beside 'Stuart Young'); two names do not sit side by side otherwise.
            if other_where & where and not (likeness & {SOUND, SLIP} and not _known_given(person.given)):
                continue
            if SOUND in likeness and other_count >= count:
                reason = "given name spelled by sound, the one person with this surname"
            elif likeness & {SOUND, SLIP} and other_count >= max(3, 3 * count):
                reason = "given name a slip off a frequent person's, the one person with this surname"
            else:
                continue
            if res.join(key, members[other][0], reason, force=True):
                break


def _labelled(longer: str, key: str) -> bool:
    """`longer` is `key` after ordinary English words that are no given names ('social democratic party …')."""
    words, own = longer.split(), key.split()
    extra = words[:len(words) - len(own)]
    return (bool(extra) and words[len(extra):] == own
            and all(w in common_words() and not _known_given(w) for w in extra))


def _drop_weaker_readings(pairs: dict[tuple[str, str], str], parts: dict[str, _PersonName]) -> None:
    """A name that fits two people who cannot be one, one by a surname spelled alike and the other only by a
    surname a letter off ('Mohammed al-Jolani' between 'Abu Mohammad al-Jolani' and 'Mohammad al-Jalali'),
    or one by its given name and the other only by its middle name ('Maryam Nawaz Sharif' between 'Maryam
    Nawaz' and her father 'Nawaz Sharif'), keeps the first reading and drops the second instead of being left
    undecided."""
    partners: dict[str, dict[str, str]] = defaultdict(dict)
    for (a, b), rel in pairs.items():
        partners[a][b] = rel
        partners[b][a] = rel
    weak = "spelling variant"
    for key, ps in partners.items():
        # A longer name that is this one after ordinary words ('Social Democratic Party Vilija Blinkeviciute')
        # is the same name with a label glued on, no second person for a slip to be torn between.
        strong = [x for x, rel in ps.items() if rel != weak and not _labelled(x, key)]
        for y, rel in ps.items():
            if (rel == weak and any(_conflict(parts[x], parts[y]) and not _explained(parts[x], parts[y], [parts[key]])
                                    for x in strong)
                    or rel == "goes by a middle name"
                    and any(_head_and_tail(parts[x], parts[y], parts[key]) for x in strong)):
                pairs.pop(tuple(sorted((key, y))), None)


def _clusters_compatible(res: _Resolver, parts: dict[str, _PersonName], a: str, b: str,
                         slips: set[str] = frozenset()) -> bool:
    """No full name already in a's actor is shown to be another person than one in b's; a one-off slip
    (`_one_off_slips`) shows nothing."""
    ra, rb = res.uf.find(res.node(a)), res.uf.find(res.node(b))
    if ra == rb:
        return True
    left = [k for k in res.uf.keys[ra] if k in parts]
    right = [k for k in res.uf.keys[rb] if k in parts]
    names = [parts[k] for k in (*left, *right)]
    return not any(_conflict(parts[x], parts[y]) and not _explained(parts[x], parts[y], names)
                   and not {x, y} & slips for x in left for y in right)


def _one_off_slips(parts: dict[str, _PersonName], evidence: dict[str, Counter]) -> set[str]:
    """Full names written once whose given name no dictionary knows ('Edman Lara' beside 'Edmand Lara' and
    'Edward Lara'): a typing slip or a garble, which says nothing of who else is who. Two real given names
    ('George H. W. Bush' and 'George W. Bush') still keep a name between them apart."""
    return {k for k, p in parts.items()
            if _written(evidence, k) <= 1
            and not listed_given_name(p.given)}


# Full names with a suffix are also found under their plain surname, after the names without one.
_WITH_SUFFIX = " *"

# One bare name's decision: (article, outlet, name key, relatives named beside it, office before it).
_Slot = tuple[str, str, str, frozenset[str], str | None]


@dataclass
class _PartialIndex:
    """Full names by (scope, surname key), to link bare surnames: article, then outlet, then corpus."""

    article: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    outlet: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    corpus: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    given_here: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    given_corpus: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    given_by_onset: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # given names
    weight: Counter = field(default_factory=Counter)  # full-name mentions per name key
    key_count: Counter = field(default_factory=Counter)
    initialed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_initial: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    bare: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # one-word names by skeleton
    inner_here: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))  # middle words
    inner_corpus: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    offices: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # titles before full names


def _link_partial_names(res: _Resolver, keys: list[str], labels: list[str], cues: list, articles: list[str],
                        sources: list[str], keep: list, people: dict, pinned: set,
                        countries: dict, loose: dict[str, str], kin: dict[int, frozenset[str]],
                        offices: list, kin_called: set[tuple[str, str]]) -> tuple[list[int], list[str]]:
    """Per mention, its node and why it joined: a bare surname joins the one full name it can mean in the
    same article, else in the same outlet, else in the corpus; with several there, it stays apart and is
    flagged as ambiguous. A bare given name joins a full name in its own article, else the one person of
    the corpus with that given name; with several, it stays apart and is flagged. Words typed as places
    (`loose`) join only the very same surname or given name, as far as `_loose_names` allows."""
    idx = _PartialIndex()
    partial_of: list[tuple[str, str] | None] = [None] * len(keys)
    inner_words: dict[str, set[str]] = {}  # a full name's middle words, as surname keys
    for i, key in enumerate(keys):
        if keep[i] and key in people:
            family = people[key][1]
            idx.article[(articles[i], family)].add(key)
            idx.outlet[(sources[i], family)].add(key)
            idx.corpus[family].add(key)
            if " " in family:
                # 'Marcos' for 'Ferdinand Marcos Jr.' where no plain 'Marcos' is named in full.
                plain = family.split()[0] + _WITH_SUFFIX
                idx.article[(articles[i], plain)].add(key)
                idx.outlet[(sources[i], plain)].add(key)
                idx.corpus[plain].add(key)
            for onset in onset_keys(family):
                idx.by_initial[onset].add(family)
            given = _given_of(key)
            idx.given_here[(articles[i], given)].add(key)
            if given not in idx.given_corpus:
                for onset in onset_keys(given):
                    idx.given_by_onset[onset].add(given)
            idx.given_corpus[given].add(key)
            if key not in inner_words:
                inner_words[key] = {_family_word(word) for word in _inner_surnames(key)}
            for word in inner_words[key]:
                idx.inner_here[(articles[i], word)].add(key)
                idx.inner_corpus[word].add(key)
            idx.weight[key] += 1
            if isinstance(offices[i], str):
                idx.offices[key][offices[i]] += 1
        if keep[i]:
            idx.key_count[key] += 1
            part = partial_of[i] = None if key in people else _partial(key, labels[i], cues[i], countries)
            if part and " " in key and not part[0] and res.kind(key) is not None:
                part = partial_of[i] = None  # 'La Paz', the city, is no 'Paz' with its particle
            if part and part[0]:
                idx.initialed[part[1]].add(key)
            elif part and labels[i] == "PERSON" and " " not in key:
                for skeleton in skeletons(key):
                    if len(skeleton) >= 3:
                        idx.bare[skeleton].add(key)

    def roots(candidates: set[str], initial: str, others: set[str] = frozenset(), bare: bool = False) -> set[int]:
        found = {res.uf.find(res.node(k)) for k in candidates if (not initial or k.startswith(initial))
                 and not (bare and _named_for_father(k))}
        # A relative named beside the bare name is someone else ('Rajapaksa and his brother Basil').
        return {r for r in found if not others or not any(_names(k, others) for k in res.uf.keys[r])}

    decided: dict[_Slot, tuple[int, str]] = {}
    slot_rows: dict[_Slot, list[int]] = defaultdict(list)
    monarchs: list[str] | None = None
    towns: list[int] = []  # town names left alone, for `_towns_the_article_calls_people`
    row_nodes: list[int] = []
    row_reasons: list[str] = []
    for i, key in enumerate(keys):
        if not keep[i]:
            row_nodes.append(-1)
            row_reasons.append("")
            continue
        part = None if key in pinned else partial_of[i]
        reach = loose.get(key) if part is None and labels[i] in _PLACE_LABELS else None
        if (part is None and labels[i] in _OTHER_LABELS and " " not in key and key not in pinned
                and key not in countries):
            # A surname the parser typed as a product or an event ('Magallanes was hospitalized'), in an article
            # that names the person in full.
            reach = ARTICLE
        if reach == ARTICLE and cues[i] == "place":
            reach = None  # 'in Bongo' is the town
        if reach:
            part = ("", _family_word(key.split()[-1]))
        if part is None:
            row_nodes.append(res.node(key))
            row_reasons.append(res.reasons.get(key, ""))
            continue
        # A mention the text sets beside a relative is decided on its own ('Mr Rajapaksa, brother of …').
        others = kin.get(i, frozenset())
        office = offices[i] if isinstance(offices[i], str) else None
        slot = (articles[i], sources[i], key, others, office)
        if " " not in key and _royal(office) and not reach:
            if slot not in decided:
                if monarchs is None:
                    monarchs = [k for k in idx.weight if _regnal(k.split()[-1])
                                or any(_royal(o) for o in idx.offices.get(k, ()))]
                decided[slot] = _monarch(res, key, monarchs)
            node, reason = decided[slot]
            slot_rows[slot].append(i)
            row_nodes.append(node)
            row_reasons.append(reason or res.reasons.get(key, ""))
            continue
        # A word typed as a place is placed on its own, never by the decision for the same word typed PERSON
        # in its article ('KHARTOUM' of a dateline, joined as a given name, is not the city's 'Khartoum').
        if slot not in decided or reach:
            initial, family = part
            suffixed = family + _WITH_SUFFIX
            bare = " " not in key
            scopes = (
                ("surname, full name in the same article",
                 roots(idx.article.get((articles[i], family)) or idx.article.get((articles[i], suffixed), set()),
                       initial, others, bare)),
                # A word inside a full name of the article before a surname elsewhere: 'Sánchez' in an article
                # about 'Yolanda Sánchez Figueroa' (a first surname) is her, not a Sánchez of another story.
                ("a word of the full name in the same article",
                 set() if initial else roots(idx.inner_here.get((articles[i], family), set()), "", others)),
                ("surname, the one full name in this outlet",
                 roots(idx.outlet.get((sources[i], family)) or idx.outlet.get((sources[i], suffixed), set()),
                       initial, others, bare)),
                ("surname, the one full name in the corpus",
                 roots(idx.corpus.get(family) or idx.corpus.get(suffixed, set()), initial, others, bare)),
            )
            here = scopes[0][1]
            inner = _other_people(res, roots(idx.inner_here.get((articles[i], family), set()), initial, others),
                                  here) if here else set()
            if inner:
                # Another person of the article carries the word inside a longer name ('Nguema' beside 'Brice
                # Oligui Nguema' and 'Teodoro Nguema Obiang Mangue'): the article does not say which.
                res.ambiguous.setdefault(key, set()).update(here | inner)
                decided[slot] = (res.node(key), "")
            elif reach:
                node, reason = _place_partial(res, key, scopes if reach == CORPUS else scopes[:2], idx,
                                              articles[i], strict=True, town=reach == ARTICLE,
                                              placed=cues[i] == "place")
                if not reason and reach == ARTICLE:
                    towns.append(i)
                row_nodes.append(node)
                row_reasons.append(reason)
                continue
            else:
                decided[slot] = _place_partial(res, key, scopes, idx, articles[i], office=office)
        node, reason = decided[slot]
        reason = reason or res.reasons.get(key, "")
        slot_rows[slot].append(i)
        row_nodes.append(node)
        row_reasons.append(reason)
    _link_given_names(res, decided, slot_rows, row_nodes, row_reasons, people, articles, kin_called)
    _towns_the_article_calls_people(res, towns, keys, labels, cues, offices, articles, decided, slot_rows,
                                    row_nodes, row_reasons)
    return row_nodes, row_reasons


def _inner_surnames(key: str) -> list[str]:
    """The middle words of a full name that may be a surname said alone ('Sánchez' of 'Yolanda Sánchez
    Figueroa', 'Bongo' of 'Ali Bongo Ondimba'). A given name right after the first one is a second given
    name in English usage, not a surname: 'Francis' of 'Robert Francis Prevost' is another man's name said
    alone. Where names have no surname ('Zahid' of 'Ahmad Zahid Hamidi') the middle word is the name in use."""
    words = key.split()
    western = len(words) == 3 and words[0] in known_given_names()
    return [word for j, word in enumerate(words[1:-1], 1) if len(word) > 2 and word not in NAME_PARTICLES
            and not (western and j == 1 and world_given_name(word))]


def _named_for_father(key: str) -> bool:
    """A full name that ends on the father's name ('Mohammed bin Salman'): that word alone is the father
    ('King Salman'), while 'bin Salman' is the son."""
    words = key.split()
    return len(words) >= 3 and words[-2] in _PATRONYMIC


def _towns_the_article_calls_people(res: _Resolver, towns: list[int], keys: list[str], labels: list[str],
                                    cues: list, offices: list, articles: list[str], decided: dict,
                                    slot_rows: dict, row_nodes: list[int], row_reasons: list[str]) -> None:
    """A town's name the parser typed as a place, in an article that uses the same word as a person's surname
    with a title ('opposition leader Machado says…', then '“…,” Machado wrote' typed as a place) or twice
    typed PERSON, is that person: the article has said who the word is. A dateline ('KHARTOUM —') typed PERSON
    once, with no title, says nothing."""
    person_slots: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    for slot, (node, reason) in decided.items():
        rows = [r for r in slot_rows.get(slot, ()) if labels[r] == "PERSON"]
        titled = any(cues[r] == "person" or isinstance(offices[r], str) for r in rows)
        if reason and rows and (titled or len(rows) >= 2):
            person_slots[(slot[0], slot[2])].add((res.uf.find(node), reason))
    for i in towns:
        found = person_slots.get((articles[i], keys[i]), set())
        if len({root for root, _ in found}) != 1:
            continue
        root, reason = min(found)
        if res.uf.allowed(res.node(keys[i]), root):
            row_nodes[i] = _linked(res, keys[i], root)
            row_reasons[i] = reason  # the word's link to the person, as the article's own mention made it


def _other_people(res: _Resolver, roots: set[int], known: set[int]) -> set[int]:
    """The actors among `roots` that are none of `known`: another given name than each of theirs
    ('Teodoro Nguema Obiang Mangue' beside 'Brice Oligui Nguema', not 'Dina Ercilia Boluarte Zegarra' beside
    'Dina Boluarte')."""
    givens = {_given_of(k) for r in known for k in res.uf.keys[r] if " " in k}
    return {r for r in roots - known
            if all(given_relation(_given_of(k), g) is None for k in res.uf.keys[r] if " " in k for g in givens)}


def _names(key: str, others: set[str]) -> bool:
    """Whether full-name key `key` is one of `others`, or `others` holds its first word alone ('basil' of
    'basil rajapaksa')."""
    return key in others or (" " in key and key.split()[0] in others)


_ROYAL_TITLES = frozenset({"king", "queen", "emperor", "empress", "prince", "princess", "crown prince", "sultan",
                           "emir", "pope", "queen mother"})
MONARCH = "name of the one monarch so named in the corpus"


def _royal(office: str | None) -> bool:
    """A monarch's or a pope's title ('King', 'former Emperor')."""
    return bool(office) and office.removeprefix("former ") in _ROYAL_TITLES


def _monarch(res: _Resolver, key: str, monarchs: list[str]) -> tuple[int, str]:
    """A name after a monarch's title ('King Frederik', 'Pope Leo') is the one person of the corpus named with
    a monarch's number or after such a title whose first word it is ('Leo XIV', 'King Salman bin Abdulaziz'),
    never a commoner who shares the given name ('Jens-Frederik Nielsen' of the same article); with none, it is
    its own actor, and with several, flagged."""
    own = res.node(key)
    fits = {res.uf.find(res.node(k)) for k in monarchs if translit_token(k.split()[0]) == translit_token(key)}
    fits = {r for r in fits if res.uf.allowed(own, r)}
    if len(fits) == 1:
        return _linked(res, key, next(iter(fits))), MONARCH
    if len(fits) > 1:
        res.ambiguous.setdefault(key, set()).update(fits)
    return own, ""


def _link_given_names(res: _Resolver, decided: dict, slot_rows: dict, row_nodes: list[int], row_reasons: list[str],
                      people: dict, articles: list[str], kin_called: set[tuple[str, str]]) -> None:
    """A bare given name left alone ('Vladimir') joins the one person of its article, named there by full name
    or surname, whose given name it can be; with none there, the one person of the corpus with that given
    name; one its article calls someone's relative (`kin_called`: 'her son Henry') only where the article
    names someone of that person's surname. Several in the corpus: it stays apart, flagged as ambiguous."""
    in_article: dict[str, set[int]] = defaultdict(set)
    everyone = {res.uf.find(res.node(k)) for k in people}
    for i, node in enumerate(row_nodes):
        if node >= 0 and any(k in people for k in res.uf.keys[res.uf.find(node)]):
            in_article[articles[i]].add(res.uf.find(node))
    for slot, (node, reason) in decided.items():
        article, _, key, _, office = slot
        if reason or " " in key or key in res.ambiguous or node != res.node(key):
            continue
        if _royal(office):
            continue  # a monarch's name is decided among monarchs (`_monarch`)
        def named_here(given: str, key: str = key) -> bool:
            rel = given_relation(key, given)
            return rel in ("same name", "diminutive", "abbreviation") or (
                rel == "transliteration or spelling" and same_shape(key, given))

        fits = {root for root in in_article.get(article, ()) if root != res.uf.find(node) and any(
            named_here(_given_of(k)) for k in res.uf.keys[root] if k in people)}
        why = "given name of a person named in the same article"
        if not fits:
            fits = _given_name_fits(res, node, key, everyone, people, ("same name", "diminutive"))
            if not fits:
                fits = {root for root in _given_name_fits(res, node, key, everyone, people,
                                                          ("transliteration or spelling",))
                        if any(same_shape(_given_of(k), key) for k in res.uf.keys[root] if k in people)}
            if (article, key) in kin_called:
                # 'Thaksin's sister Yingluck' is the Yingluck Shinawatra of other articles; 'her son Henry'
                # is no Henry Maher, whose surname the article never writes.
                families = {people[k][1] for r in in_article.get(article, ()) for k in res.uf.keys[r]
                            if k in people}
                fits = {r for r in fits if any(people[k][1] in families for k in res.uf.keys[r] if k in people)}
            why = "given name of the one person so named in the corpus"
            if len(fits) > 1:
                res.ambiguous.setdefault(key, set()).update(fits)
        if len(fits) != 1:
            continue
        linked = _linked(res, key, next(iter(fits)))
        for i in slot_rows[slot]:
            row_nodes[i] = linked
            row_reasons[i] = why


def _given_name_fits(res: _Resolver, node: int, key: str, everyone: set[int], people: dict,
                     relations: tuple[str, ...]) -> set[int]:
    """The people of the corpus whose given name a bare name can be, by one of `relations`."""
    return {root for root in everyone if root != res.uf.find(node) and res.uf.allowed(node, root) and any(
        given_relation(key, _given_of(k)) in relations for k in res.uf.keys[root] if k in people)}


def _place_partial(res: _Resolver, key: str, scopes: tuple, idx: _PartialIndex, article: str,
                   strict: bool = False, office: str | None = None, town: bool = False,
                   placed: bool = False) -> tuple[int, str]:
    """The node for a bare name in one article and the reason, or its own node when no scope decides.
    `strict`: only the same surname or first name, no spelling variants (for words typed as places); `town`:
    a first name only of a person named in full at least twice (a town's name); `placed`: the word comes
    after 'in' or 'from', so it is no given name of a person of other articles ('in Kibbutz')."""
    own = res.node(key)
    given_here = idx.given_here.get((article, key), ())
    for n, (reason, candidates) in enumerate(scopes):
        if n >= 2 and given_here and not town:
            # No surname of the article fits, but a person of the article has it for a given name ('Ismail'
            # beside 'Ismail Sabri Yaakob'): that person before a surname of another outlet or of the corpus
            # ('Wan Azizah Wan Ismail').
            break
        allowed = {r for r in candidates if res.uf.allowed(own, r)}
        if len(allowed) == 1:
            if office and n < len(scopes) - 1:
                # 'President Boko' in an article that names only his wife in full: the one namesake the corpus
                # writes after that office, when the one here never is.
                holder = _office_holder(res, idx, {r for r in scopes[-1][1] if res.uf.allowed(own, r)}, office)
                if holder is not None and res.uf.find(holder) != res.uf.find(next(iter(allowed))):
                    return _linked(res, key, holder), "surname and title, the one holder of the title in the corpus"
            return _linked(res, key, next(iter(allowed))), reason
        dominant = _dominant(allowed, _root_weights(res, idx, allowed))
        if dominant is not None:
            return _linked(res, key, dominant), reason.replace("the one full name", "the dominant full name")
        holder = _office_holder(res, idx, allowed, office)
        if holder is not None:
            # 'President Rajapaksa' beside 'President Gotabaya Rajapaksa' and 'former President Mahinda Rajapaksa'.
            return _linked(res, key, holder), reason.replace("surname", "surname and title", 1)
        if len(candidates) > 1:
            res.ambiguous.setdefault(key, set()).update(candidates)
            return own, ""
    given = {res.uf.find(res.node(k)) for k in given_here}
    if town:
        # A town's name opening a 'full name' the parser typed PERSON once ('Hindon Airbase') or before a
        # title ('Tabriz Imam') is the town; one opening a name written in full again and again is a surname
        # written first ('Hong' of 'Hong Jang-won').
        given = {r for r in given if any(idx.weight[k] >= 2 and not is_title_only(k.split()[-1])
                                         for k in res.uf.keys[r] if k in idx.weight)}
    if len(given) == 1:
        return _linked(res, key, next(iter(given))), "given name, full name in the same article"
    if len(given) > 1:
        # Two people of the article open their names with it ('Han' beside 'Han Duck-soo' and 'Han
        # Dong-hoon', a surname written first): the article does not say which.
        res.ambiguous.setdefault(key, set()).update(given)
        return own, ""
    if strict and not town and not placed:
        # A word no gazetteer knows, the given name of one person of the corpus ('Prabowo' typed as a place,
        # for Prabowo Subianto), is that person, as a bare given name typed PERSON would be.
        # Only for a person named in full three times or more: 'Kibbutz' is no given name of a 'Kibbutz Be'eri'
        # the parser typed PERSON twice.
        everyone = {res.uf.find(res.node(k)) for k in idx.given_corpus.get(key, ())}
        everyone = {r for r in everyone if res.uf.allowed(own, r)}
        if len(everyone) == 1 and _root_weights(res, idx, everyone)[next(iter(everyone))] >= 3:
            return _linked(res, key, next(iter(everyone))), "given name of the one person so named in the corpus"
    if strict:
        return own, ""
    # A one-word name no full name anywhere has for its surname.
    nowhere = " " not in key and not any(candidates for _, candidates in scopes)
    if nowhere:
        initialed = {res.uf.find(res.node(k)) for k in idx.initialed.get(_family_word(key), ())}
        if len(initialed) == 1:
            # No full name anywhere, but one initialed form ('S Jaishankar' for 'Jaishankar').
            return _linked(res, key, next(iter(initialed))), "surname, the one initialed name in the corpus"
    if key in idx.given_corpus:
        # A given name of someone in the corpus ('Bashar') is not a misspelled surname ('Bashir'); it is
        # placed with the given names (see _link_given_names).
        return own, ""
    if nowhere:
        # A word inside one person's full name and no one's surname ('Lula' of 'Luiz Inácio Lula da Silva',
        # 'López' of 'Andrés Manuel López Obrador'): that person, in the article, else in the corpus.
        word = _family_word(key)
        for reason, found in (("a word of the full name in the same article", idx.inner_here.get((article, word))),
                              ("a word of the one full name in the corpus with it", idx.inner_corpus.get(word))):
            inner = {res.uf.find(res.node(k)) for k in found or ()}
            inner = {r for r in inner if res.uf.allowed(own, r)}
            if len(inner) == 1:
                return _linked(res, key, next(iter(inner))), reason
            if inner:
                break
    variant = _spelling_variant_of(res, key, idx)
    if variant is not None:
        return _linked(res, key, variant[0]), variant[1]
    if nowhere:
        frequent = _frequent_bare_form(key, idx)
        if frequent is not None and frequent not in res.ambiguous:
            return _linked(res, key, res.uf.find(res.node(frequent))), "spelling variant of a frequent name"
    return own, ""


def _frequent_bare_form(key: str, idx: _PartialIndex) -> str | None:
    """The one name used alone far more often that a rare one-word name respells, where no full name
    exists for either ('Haseena' for 'Hasina' of 'Sheikh Hasina', a title and a name)."""
    own = idx.key_count[key]
    found = {other for k in skeletons(key) if len(k) >= 3 for other in idx.bare.get(k, ())
             if other != key and not idx.corpus.get(other) and idx.key_count[other] >= max(10, 5 * own)
             and surname_relation(key, other) is not None and same_shape(key, other)}
    return next(iter(found)) if len(found) == 1 else None


def _office_holder(res: _Resolver, idx: _PartialIndex, roots: set[int], office: str | None) -> int | None:
    """Among namesakes, the one whose full name alone the corpus writes after this office; None if not one."""
    if office is None or len(roots) < 2:
        return None
    holders = {r for r in roots if any(idx.offices[k][office] for k in res.uf.keys[res.uf.find(r)] if k in idx.offices)}
    return next(iter(holders)) if len(holders) == 1 else None


def _root_weights(res: _Resolver, idx: _PartialIndex, roots: set[int]) -> Counter:
    """Full-name mentions per actor, read from the actors' members now (links made since the index was
    built may have moved their roots)."""
    return Counter({r: sum(idx.weight[k] for k in res.uf.keys[res.uf.find(r)]) for r in roots})


def _dominant(roots: set[int], weight: Counter) -> int | None:
    """Among full names sharing a surname, the one named far more often than all the others together (a
    head of state against a one-off namesake); None when no one dominates."""
    if len(roots) < 2:
        return None
    ranked = sorted(roots, key=lambda r: -weight[r])
    rest = sum(weight[r] for r in ranked[1:])
    return ranked[0] if weight[ranked[0]] >= max(10, 5 * rest) else None


def _linked(res: _Resolver, key: str, root: int) -> int:
    node = res.uf.add(key)
    res.uf.union(node, root)
    return node


def _spelling_variant_of(res: _Resolver, key: str, idx: _PartialIndex) -> tuple[int, str] | None:
    """A bare surname that is the surname of exactly one person in another spelling: the same name in
    another romanisation, or a rare form a letter or two off a frequent person's ('Levitt')."""
    found = _surname_variant_of(res, key, idx)
    if found is None:
        return None
    # A slip of a given name that a person named as often goes by ('Parabowo' for Prabowo Subianto) is not
    # a slip of another person's surname ('Pranowo').
    givens = {g for onset in onset_keys(key) for g in idx.given_by_onset.get(onset, ())
              if len(g) > 3 and (surname_typo(key, g) or surname_relation(key, g))}
    rivals = {res.uf.find(res.node(k)) for g in givens for k in idx.given_corpus[g]} - {found[0]}
    weight = _root_weights(res, idx, rivals | {found[0]})
    if sum(weight[r] for r in rivals) >= weight[found[0]]:
        return None
    return found


def _surname_variant_of(res: _Resolver, key: str, idx: _PartialIndex) -> tuple[int, str] | None:
    """The one person whose surname a bare name spells otherwise, and how (see `_spelling_variant_of`)."""
    own_weight = idx.key_count[key]
    found: set[int] = set()
    read_alike: set[int] = set()
    slips: set[int] = set()
    families = {f for onset in onset_keys(key) for f in idx.by_initial.get(onset, ())}
    for family in families:
        roots = {res.uf.find(res.node(k)) for k in idx.corpus[family]}
        if surname_relation(key, family) in ("spelling variant", "transliteration or spelling"):
            found |= roots
            if same_skeleton(key, family):
                read_alike |= roots
        elif surname_typo(key, family):
            slips |= roots
    weight = _root_weights(res, idx, found | slips)
    if len(found) > 1 and found == read_alike:
        # Several people with the surname in another romanisation, one named far more than the rest together.
        dominant = _dominant(found, weight)
        if dominant is not None:
            return dominant, "surname in another romanisation"
    if len(found) == 1:
        # The same name in another romanisation ('Cahkna' / 'Tsakhkna') needs no more than that; a name
        # merely a letter off needs a person named far more often than it.
        root = next(iter(found))
        if found == read_alike:
            return (root, "surname in another romanisation") if weight[root] >= own_weight else None
        return (root, "spelling variant of a frequent name") if weight[root] >= max(3, 3 * own_weight) else None
    if not found and len(slips) == 1:
        # A shorter slip ('Rasi' for 'Raisi') only for a person named far more often than the slip.
        root = next(iter(slips))
        return (root, "spelling variant of a frequent name") if weight[root] >= max(10, 5 * own_weight) else None
    return None


def _vote(ev: Counter) -> str | None:
    """The most voted kept type; cues count as votes; ties go to the order of KEPT_TYPES."""
    votes = Counter({t: ev[t] for t in KEPT_TYPES})
    votes["PERSON"] += ev["cue:person"]
    votes["ORG"] += ev["cue:org"]
    votes["GPE"] += ev["cue:place"]
    best = max(KEPT_TYPES, key=lambda t: (votes[t], -KEPT_TYPES.index(t)))
    return best if votes[best] > 0 else None


def _decide_type(ev: Counter, surfaces: list[str], has_person: bool, res: _Resolver) -> str | None:
    """Type by vote, corrected by the gazetteer: a known place is not a PERSON or ORG without evidence."""
    top = _vote(ev)
    if top in ("GPE", "LOC", "NORP") and country_of_nationality(surfaces[0]) and not is_country(surfaces[0]):
        return "NORP"  # a nationality word, whatever the NER guessed ("Ukrainian minister")
    if top in ("GPE", "LOC", "NORP", "FAC"):
        return top
    # An acronym joined to a longer name says nothing of the place it also spells ('GD' of Georgian Dream).
    named = [s for s in surfaces[:3] if s is surfaces[0] or not (s.isupper() and len(s) <= 5)]
    kind = next((k for k in (res.kind(s) for s in named) if k), None)
    if kind is None:
        return top
    place = PLACE_KINDS.get(kind, "GPE")
    if top == "PERSON" and (has_person or ev["cue:person"]):
        return "PERSON"
    only_org = ev["ORG"] == sum(ev[t] for t in KEPT_TYPES)
    org_like = only_org and (len(surfaces[0].split()) > 1 or surfaces[0].isupper())
    if top == "ORG" and (ev["cue:org"] or org_like):
        return "ORG"  # "news agency Velmora", "White House", "RIA": organisations that share a place's name
    return place


def _shortened_form(form: str) -> bool:
    """A name cut to a surname initial ('Juraj C'), or a bare surname with its suffix ('Marcos Jr.') or its
    particle ('Le Pen')."""
    words = name_key(form).split()
    return is_initial(words[-1]) or (len(words) == 2 and (words[-1] in NAME_SUFFIXES or words[0] in NAME_PARTICLES))


def _phrase_before(words: list[str]) -> bool:
    """A full name led by the end of a phrase ('Libertarian Javier Milei'), never its display name."""
    return _plain_word(words[0]) and _lead_left_out(words)


def _canonical(forms: Counter, actor_type: str) -> str:
    """The commonest well-formed full name for a person (the longer on a tie), else the commonest form."""
    if actor_type == "PERSON":
        full = [f for f in forms if (is_well_formed_name(f) or _PARTICLE_COMPOUND.fullmatch(name_key(f)))
                and not is_title_only(f.split()[0])
                and not _phrase_before(name_key(f).split())]
        # A surname cut to its initial ('Juraj C') or a bare surname with its suffix ('Marcos Jr.') is a
        # shortened form, named only when nothing fuller is.
        fuller = [f for f in full if not _shortened_form(f)]
        full = fuller or full
        if full:
            groups: dict[str, list[str]] = defaultdict(list)
            for f in full:
                groups[translit_key(f)].append(f)
            best = max(groups.values(), key=lambda g: (sum(forms[f] for f in g), len(g[0].split()),
                                                       max(len(f) for f in g)))
            return max(best, key=lambda f: (forms[f], len(f), f))
    longer = -1 if actor_type == "NORP" else 1  # "Ruritanian" over "Ruritanians" on a tie
    by_key: dict[str, list[str]] = defaultdict(list)
    for f in forms:
        by_key[name_key(f)].append(f)
    group = max(by_key.values(), key=lambda g: (sum(forms[f] for f in g), longer * max(len(f) for f in g)))
    return max(group, key=lambda f: (not (f.isupper() and len(f) > 4), forms[f], longer * len(f), f))


def _country_of(name: str, actor_type: str, countries: dict) -> str | None:
    """The country a nationality belongs to, or a country actor's own name; None for everything else."""
    if actor_type == "NORP":
        return country_of_nationality(name)
    if actor_type == "GPE" and is_country(name):
        return countries.get(name_key(name), (name,))[0]
    return None


def _variants(forms: Counter, rows: list[int], texts: list[str], keys: list[str], row_reasons: list[str],
              canonical: str) -> list[str]:
    """Each surface form of an actor with the reason it joined ('Witkoff: surname, full name in the same
    article'), the commonest forms first."""
    why: dict[str, Counter] = defaultdict(Counter)
    for i in rows:
        why[texts[i]][row_reasons[i]] += 1
    out = []
    own = name_key(canonical)
    for form, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])):
        if name_key(form) == own:
            reason = "canonical name"
        else:
            reason = next((r for r, _ in why[form].most_common() if r), "same name")
        out.append(f"{form}: {reason}")
    return out


def _namesakes_only(res: _Resolver, root: int, people: dict) -> bool:
    """An actor of a bare name flagged as ambiguous between namesakes only, a word of each one's full name
    ('Duterte' between Rodrigo and Sara Duterte): a person, though the parser often typed the surname as an
    organisation. Not a nationality ('Thai' beside a party the parser typed PERSON) nor a word the flag only
    read as a respelling ('Lachin', the town, beside 'Elchin Amirbekov')."""
    bare = [k for k in res.uf.keys[root] if k in res.ambiguous and res.uf.find(res.global_nodes[k]) == root]
    if len(bare) != 1 or country_of_nationality(bare[0]) is not None:
        return False
    word = _family_word(bare[0])
    candidates = {res.uf.find(r) for r in res.ambiguous[bare[0]]} - {root}
    return bool(candidates) and all(
        any(k in people and word in {_family_word(w) for w in k.split()} for k in res.uf.keys[r])
        for r in candidates)


def _solid_person(rows: list[int], labels: list[str], keys: list[str], reasons: list[str], people: dict) -> bool:
    """An actor whose full names the parser reads as a person's: at least twice and three times in four
    ('Claudia Sheinbaum', not a 'Wagner Group' typed PERSON once among nine ORGs); or every time, where a
    few surnames typed ORG joined it as surnames ('Kurt Campbell' and three 'Campbell'), not a whole
    organisation's mentions as a 'given name' ('Interpol' of an 'Ang Interpol' typed PERSON)."""
    full = [labels[i] == "PERSON" for i in rows if keys[i] in people]
    named = sum(full)
    if named >= 2 and named >= 0.75 * len(full):
        return True
    joined = [reasons[i] for i in rows if labels[i] == "ORG" and keys[i] not in people and _joined_as_name(reasons[i])]
    return (named >= 1 and named == len(full) and 0 < len(joined) <= 3
            and all(r == TITLE_KEPT or r.startswith("surname") for r in joined))


_OWN_LINKS = ("surname", "given name, full name in the same article", "a word of")


def _joined_as_name(reason: str) -> bool:
    """A mention joined to a person as part of the person's name."""
    return reason == TITLE_KEPT or reason.startswith(("surname", "given name", "a word of"))


def _row_label(label: str, reason: str, solid: bool) -> str:
    """A mention's vote in a person's actor. A word the parser typed as a place or a people but linked to the
    person as a surname, given name or word of the name ('Bongo' of 'Ali Bongo Ondimba'), and a full name after
    a title the parser kept, vote PERSON; so does a surname typed as an organisation ('Sheinbaum' typed ORG)
    where the actor is a solid person. Otherwise a surname the parser often calls an organisation outvotes the
    person's full names, and the winner of an election is shown as an organisation; but 'Wagner', joined to a
    'Wagner Group' typed PERSON once, stays an organisation. The rest vote as the parser typed them."""
    if label in _PLACE_LABELS:
        # Only a link made in the mention's own article or for its own word: 'Khartoum', joined as a given
        # name to a 'Khartoum Airport' typed PERSON elsewhere, is still the city.
        return "PERSON" if reason == TITLE_KEPT or reason.startswith(_OWN_LINKS) else label
    if _joined_as_name(reason) and solid:
        return "PERSON"
    return label


def _assemble(res: _Resolver, df: pd.DataFrame, texts: list[str], labels: list[str], cues: list,
              keys: list[str], keep: list, row_nodes: list[int], row_reasons: list[str], evidence: dict,
              people: dict, countries: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clusters -> types, canonical names and readable ids; the two output tables. `labels` are the votes: the
    parser's labels, with the names that are people by their shape counted as PERSON."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, node in enumerate(row_nodes):
        if node >= 0:
            members[res.uf.find(node)].append(i)

    clusters = []
    for root, rows in members.items():
        forms = Counter(texts[i] for i in rows)
        ev: Counter = Counter()
        cluster_keys = res.uf.keys[root]
        person = any(k in people for k in cluster_keys)
        solid = person and _solid_person(rows, labels, keys, row_reasons, people)
        for i in rows:
            ev[_row_label(labels[i], row_reasons[i], solid) if person else labels[i]] += 1
            if cues[i] in ("person", "org", "place"):
                ev["cue:" + cues[i]] += 1
        forced_name = next((res.rules.merges[k] for k in sorted(cluster_keys)
                            if k in res.rules.merges and name_key(res.rules.merges[k]) == k), None)
        country = next((countries[k] for k in sorted(cluster_keys) if k in countries
                        and res.uf.find(res.node(name_key(countries[k][0]))) == root), None)
        surfaces = [f for f, _ in forms.most_common()]
        if forced_name and res.rules.forced_type(forced_name):
            actor_type = res.rules.forced_type(forced_name)
        elif country:
            actor_type = country[1]
        elif _namesakes_only(res, root, people):
            actor_type = "PERSON"  # a bare surname flagged between people is a person, whoever it is
        else:
            actor_type = _decide_type(ev, surfaces, person, res)
        if actor_type is None:
            continue
        # A form with a word glued to it is no name to show ('Branka Lozolawyer').
        clean = Counter(texts[i] for i in rows if not row_reasons[i].endswith(GLUED)) or forms
        name = forced_name or (country[0] if country else _canonical(clean, actor_type))
        clusters.append((name, actor_type, rows, forms))

    clusters.sort(key=lambda c: (-len(c[2]), c[0]))
    name_of_root = {res.uf.find(row_nodes[c[2][0]]): c[0] for c in clusters}
    used: set[str] = set()
    actor_rows = []
    assigned: dict[int, tuple[str, str, str]] = {}
    for name, actor_type, rows, forms in clusters:
        root = res.uf.find(row_nodes[rows[0]])
        # Flagged where a name left undecided lives, not where one article's mention of it was decided.
        torn = {r for k in res.uf.keys[root] if k in res.ambiguous and res.uf.find(res.global_nodes[k]) == root
                for r in res.ambiguous[k]} - {root}
        rivals = sorted({name_of_root[r] for r in map(res.uf.find, torn) if r in name_of_root} - {name})
        actor_id = slugify(name)
        if actor_id in used:
            actor_id = f"{actor_id}-{actor_type.lower()}"
        base, n = actor_id, 2
        while actor_id in used:
            actor_id, n = f"{base}-{n}", n + 1
        used.add(actor_id)
        for i in rows:
            assigned[i] = (actor_id, name, actor_type)
        sub = df.iloc[rows]
        actor_rows.append({
            "actor_id": actor_id, "actor": name, "actor_type": actor_type,
            "aliases": [f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
            "mentions": len(rows), "articles": int(sub["article_id"].nunique()),
            "sources": int(sub["source"].nunique()) if "source" in sub else 0,
            "country": _country_of(name, actor_type, countries),
            "variants": _variants(forms, rows, texts, keys, row_reasons, name),
            "ambiguous": len(rivals) > 1, "ambiguous_with": rivals,
        })

    order = sorted(assigned)
    out = df.iloc[order].copy()
    out["actor_id"] = pd.Series([assigned[i][0] for i in order], index=out.index, dtype="string")
    out["actor"] = pd.Series([assigned[i][1] for i in order], index=out.index, dtype="string")
    out["actor_type"] = pd.Series([assigned[i][2] for i in order], index=out.index, dtype="string")
    actors = pd.DataFrame(actor_rows, columns=ACTOR_COLUMNS)
    return out.reset_index(drop=True), actors


# ----------------------------------------------------------------------------------------------------------
# Names from elsewhere (quote speakers, user input) -> actor ids


@dataclass
class _NameIndex:
    """Lookups over the actors table: exact keys, transliteration keys and surnames of people."""

    exact: dict[str, list[str]]
    translit: dict[str, list[str]]
    surnames: dict[str, list[str]]
    canonical: dict[str, str]
    weight: dict[str, int]


_INDEX_CACHE: dict[int, tuple[weakref.ref, _NameIndex]] = {}


def _name_index(actors: pd.DataFrame) -> _NameIndex:
    cached = _INDEX_CACHE.get(id(actors))
    if cached and cached[0]() is actors:
        return cached[1]
    exact: dict[str, list[str]] = defaultdict(list)
    translit: dict[str, list[str]] = defaultdict(list)
    surnames: dict[str, list[str]] = defaultdict(list)
    canonical: dict[str, str] = {}
    weight: dict[str, int] = {}
    for row in actors.itertuples(index=False):
        names = [row.actor, *(list(row.aliases) if row.aliases is not None else [])]
        canonical[name_key(row.actor)] = row.actor_id
        weight[row.actor_id] = int(row.mentions) if pd.notna(row.mentions) else 0
        for n in dict.fromkeys(names):
            k = name_key(n)
            exact[k].append(row.actor_id)
            translit[translit_key(n)].append(row.actor_id)
            if row.actor_type == "PERSON" and k:
                surnames[translit_token(k.split()[-1])].append(row.actor_id)
    index = _NameIndex(exact, translit, surnames, canonical, weight)
    key = id(actors)
    _INDEX_CACHE[key] = (weakref.ref(actors, lambda _ref: _INDEX_CACHE.pop(key, None)), index)
    return index


def _unique(ids: Iterable[str]) -> str | None:
    found = set(ids)
    return next(iter(found)) if len(found) == 1 else None


def _candidates(name: str) -> list[str]:
    """The name itself, then its possessor ("Ukraine's military" -> "Ukraine"), then its capitalised runs."""
    out = [strip_name(name)]
    possessor = re.split(r"['’]s?\s", name, maxsplit=1)
    if len(possessor) > 1:
        out.append(strip_name(possessor[0]))
    words = [w.strip(",;:()\"“”") for w in name.split()]
    spans: list[tuple[int, int]] = []
    run_start = None
    for i, w in enumerate([*words, ""]):
        if w[:1].isupper() and run_start is None:
            run_start = i
        elif not w[:1].isupper() and run_start is not None:
            spans += [(a, b) for a in range(run_start, i) for b in range(a + 1, i + 1)]
            run_start = None
    for a, b in sorted(spans, key=lambda ab: (ab[0] - ab[1], -ab[0])):  # longest first, the head (last) first
        out.append(strip_name(" ".join(words[a:b])))
    return [c for c in dict.fromkeys(out) if c]


def resolve_name(name: str, actors: pd.DataFrame, article_mentions: pd.DataFrame | None = None) -> str | None:
    """The actor_id a free-text name refers to ("Peskov", "Ukraine's military"), or None if unknown.

    Actors named in the same article (`article_mentions`, rows of the resolved mentions table) win over
    the rest of the corpus; a bare surname shared by several people resolves only within one article.
    """
    if not isinstance(name, str) or not name.strip() or actors is None or actors.empty:
        return None
    index = _name_index(actors)
    local: dict[str, list[str]] = defaultdict(list)
    local_surnames: dict[str, list[str]] = defaultdict(list)
    if article_mentions is not None and not article_mentions.empty:
        for text, actor_id, actor_type in zip(article_mentions["text"], article_mentions["actor_id"],
                                              article_mentions["actor_type"], strict=True):
            k = name_key(str(text))
            local[k].append(actor_id)
            local[translit_key(str(text))].append(actor_id)
            if actor_type == "PERSON" and k:
                local_surnames[translit_token(k.split()[-1])].append(actor_id)
    countries = country_table()
    for candidate in _candidates(name):
        key = name_key(candidate)
        if key in countries:
            key = name_key(countries[key][0])
        tkey = translit_key(candidate)
        last = translit_token(key.split()[-1]) if key else ""
        single = len(key.split()) == 1
        shared = single and len(set(index.surnames.get(last, ()))) > 1
        for found in (
            _unique(local.get(key, ())) or _unique(local.get(tkey, ())),
            _unique(local_surnames.get(last, ())) if single else None,
            index.canonical.get(key),
            None if shared else _unique(index.exact.get(key, ())),
            None if shared else _unique(index.translit.get(tkey, ())),
            _unique(index.surnames.get(last, ())) if single else None,
        ):
            if found is not None:
                return str(found)
    return None
