"""Place mentions in a parsed article, resolved offline to coordinates, and the places table.

Spans come from the NER (GPE, LOC, FAC) and from gazetteer names the small model missed or mistyped
(it tags some towns PERSON or PRODUCT). Spans without a place label need more evidence to count: the
name is tagged as a place elsewhere in the article, or the place is large, or it lies in a country the
article is about. Each span is then resolved among its gazetteer readings by population, country
context (countries named in the article and the dateline) and proximity to the article's other places.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from spacy.tokens import Doc, Span, Token

from analysis.nlp.gazetteer import REGION_WORDS, Gazetteer, Place, get_gazetteer, normalize

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
WEAK_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", ""})
MAX_CANDIDATES = 60
BIG_PLACE = 100_000
CONTEXT_PLACE = 5_000

METONYMS: dict[str, tuple[str, str]] = {
    "kremlin": ("Moscow", "RU"),
    "white house": ("Washington", "US"),
    "oval office": ("Washington", "US"),
    "capitol hill": ("Washington", "US"),
    "pentagon": ("Washington", "US"),
    "foggy bottom": ("Washington", "US"),
    "downing street": ("London", "GB"),
    "number 10": ("London", "GB"),
    "whitehall": ("London", "GB"),
    "elysee": ("Paris", "FR"),
    "elysee palace": ("Paris", "FR"),
    "quai d'orsay": ("Paris", "FR"),
    "zhongnanhai": ("Beijing", "CN"),
    "bankova": ("Kyiv", "UA"),
    "bundeskanzleramt": ("Berlin", "DE"),
}

METONYM_FIRST_WORDS = frozenset(key.split()[0] for key in METONYMS)

AGENT_NOUNS = frozenset({
    "troop", "force", "army", "military", "government", "official", "leader", "leadership", "diplomat",
    "negotiator", "delegation", "position", "demand", "offensive", "counteroffensive", "strike", "attack",
    "response", "stance", "envoy", "regime", "president", "administration", "authority",
})
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})

MENTION_COLUMNS = [
    "start", "end", "text", "sentence_idx", "place_id", "name", "lat", "lon",
    "country_code", "feature", "metonym",
]
PLACES_COLUMNS = [
    "place_id", "name", "lat", "lon", "country_code", "feature",
    "mentions", "articles", "sources", "aliases",
]


@dataclass
class _Candidate:
    """A span that may name a place, with how strong the evidence is that it is one."""

    start: int
    end: int
    key: str
    label: str
    readings: list[tuple[Place, bool]]
    metonym: bool = False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return normalize(text)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the' and a trailing possessive from a token range."""
    while start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].text in POSSESSIVE:
        end -= 1
    return start, end


def _extend_region(gaz: Gazetteer, doc: Doc, start: int, end: int) -> tuple[int, str] | None:
    """'Kursk' followed by 'region'/'Oblast'/... -> the region's end token and index key."""
    if end < len(doc) and doc[end].lower_ in REGION_WORDS:
        key = _key(f"{doc[start:end].text} {doc[end].lower_}")
        if key in gaz.names:
            return end + 1, key
    return None


def _readings(gaz: Gazetteer, key: str) -> list[tuple[Place, bool]]:
    """Gazetteer readings of an index key, the most plausible first, capped for speed."""
    found = [(gaz.places[pid], main) for pid, main in gaz.names.get(key, ())]
    if len(found) > MAX_CANDIDATES:
        found.sort(key=lambda pm: gaz.prior(*pm), reverse=True)
        found = found[:MAX_CANDIDATES]
    return found


def _metonym_readings(gaz: Gazetteer, key: str) -> list[tuple[Place, bool]]:
    """The seat a building or street stands for ('the Kremlin' -> Moscow)."""
    city, cc = METONYMS[key]
    found = [(p, m) for p, m in _readings(gaz, _key(city)) if p.country_code == cc and p.feature == "city"]
    best = max(found, key=lambda pm: pm[0].population, default=None)
    return [best] if best else []


def _spans(doc: Doc, gaz: Gazetteer) -> list[_Candidate]:
    """Every span that could name a place: NER entities, then capitalised proper-noun runs outside them."""
    out: list[_Candidate] = []
    covered = bytearray(len(doc))
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            covered[i] = 1
        start, end = _trim(doc, ent.start, ent.end)
        if ent.label_ == "NORP":
            region = _extend_region(gaz, doc, start, end) if start < end else None
            if region:
                out.append(_Candidate(start, region[0], region[1], "REGION", _readings(gaz, region[1])))
            continue
        if start >= end:
            continue
        key = _key(doc[start:end].text)
        region = _extend_region(gaz, doc, start, end)
        if region:
            end, key = region
        label = ent.label_ if ent.label_ in PLACE_LABELS else ("REGION" if region else ent.label_)
        if key in METONYMS:
            out.append(_Candidate(start, end, key, label, _metonym_readings(gaz, key), metonym=True))
        elif key in gaz.names and (label in PLACE_LABELS or label == "REGION" or label in WEAK_LABELS):
            out.append(_Candidate(start, end, key, label, _readings(gaz, key)))
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if covered[i] or tok.pos_ != "PROPN" or not (tok.is_title or tok.is_upper):
            i += 1
            continue
        match = _longest_match(doc, gaz, i, covered)
        if match is None:
            i += 1
            continue
        end, key = match
        region = _extend_region(gaz, doc, i, end)
        label = ""
        if region:
            end, key = region
            label = "REGION"
        readings = _metonym_readings(gaz, key) if key in METONYMS else _readings(gaz, key)
        out.append(_Candidate(i, end, key, label, readings, metonym=key in METONYMS))
        i = end
    return out


def _longest_match(doc: Doc, gaz: Gazetteer, i: int, covered: bytearray) -> tuple[int, str] | None:
    """The longest gazetteer (or metonym) name starting at token i, within one capitalised run."""
    if _key(doc[i].text) not in gaz.first_words and _key(doc[i].text) not in METONYM_FIRST_WORDS:
        return None
    best = None
    limit = min(len(doc), i + gaz.max_tokens, i + 5)
    j = i
    while j < limit and not covered[j] and (doc[j].is_title or doc[j].is_upper or doc[j].is_punct):
        if doc[j].is_punct and doc[j].text not in ("-", "'", "’", "."):
            break
        j += 1
        key = _key(doc[i:j].text)
        if key in gaz.names or key in METONYMS:
            best = (j, key)
    return best


def _person_words(doc: Doc) -> set[str]:
    """Words of multi-word person names in the article: 'Trump' is a person where 'Donald Trump' is."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(_key(t.text) for t in ent if t.is_alpha)
    return words


def resolve_dateline(dateline: str | None) -> Place | None:
    """The place a dateline names ('LONDON' -> London, GB), used as context for the whole article."""
    return _dateline_place(get_gazetteer(), dateline)


def _dateline_place(gaz: Gazetteer, dateline: str | None) -> Place | None:
    """The dateline city: the context-free best city or country reading."""
    if not dateline:
        return None
    key = _key(dateline.split(",")[0])
    readings = [pm for pm in _readings(gaz, key) if pm[0].feature in ("city", "country")]
    if not readings:
        return None
    return max(readings, key=lambda pm: gaz.prior(*pm))[0]


def _admissible(cand: _Candidate, place_keys: set[str], persons: set[str], ctx: Counter) -> list:
    """The readings a span may take, given how strong the evidence is that it names a place at all."""
    if cand.metonym or cand.label in PLACE_LABELS or cand.label == "REGION" or cand.key in place_keys:
        return cand.readings
    if cand.key in persons:
        return []
    floor = BIG_PLACE if cand.label == "PERSON" else CONTEXT_PLACE
    return [
        (p, m)
        for p, m in cand.readings
        if p.population >= BIG_PLACE or (p.country_code in ctx and p.population >= floor)
        or p.feature in ("country", "continent")
    ]


def _score(gaz: Gazetteer, place: Place, main: bool, ctx: Counter, total: int,
           anchors: list[tuple[float, float]]) -> float:
    """Prior plus country context plus closeness to the article's other places."""
    score = gaz.prior(place, main)
    if place.country_code in ctx:
        score += 2.0 + 2.0 * ctx[place.country_code] / total
    if anchors and place.feature in ("city", "region"):
        nearest = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in anchors)
        score += 1.5 if nearest < 150 else 1.0 if nearest < 500 else 0.5 if nearest < 1500 else 0.0
    return score


def _country_votes(gaz: Gazetteer, cands: list[_Candidate]) -> dict[str, Counter]:
    """Per name, the countries its place-labelled mentions point to by their context-free best reading."""
    votes: dict[str, Counter] = {}
    for c in cands:
        if c.label in PLACE_LABELS and c.readings:
            best = max(c.readings, key=lambda pm: gaz.prior(*pm))[0]
            votes.setdefault(c.key, Counter())[best.country_code] += 1
    return votes


class _Resolver:
    """Picks a reading per name; a name's own mentions never count as context for itself."""

    def __init__(self, gaz: Gazetteer, ctx: Counter, votes: dict[str, Counter],
                 home: list[tuple[float, float]]) -> None:
        self.gaz, self.ctx, self.votes, self.home = gaz, ctx, votes, home
        self.memo: dict[tuple[str, bool, int], Place] = {}

    def choose(self, key: str, readings: list[tuple[Place, bool]], anchors: dict[str, tuple[float, float]],
               skip: str | None = None) -> Place:
        memo_key = (key, bool(anchors), len(readings))
        if memo_key not in self.memo:
            ctx = self.ctx - self.votes.get(key, Counter())
            total = max(1, sum(ctx.values()))
            points = self.home + [pt for pid, pt in anchors.items() if pid != skip]
            self.memo[memo_key] = max(readings, key=lambda pm: _score(self.gaz, *pm, ctx, total, points))[0]
        return self.memo[memo_key]


def _is_agent(doc: Doc, start: int, end: int) -> bool:
    """A place standing for its government: subject of a verb, or possessor of troops/officials/..."""
    head: Token = doc[end - 1]
    if head.dep_ in AGENT_DEPS and head.head.pos_ in ("VERB", "AUX"):
        return True
    nxt = doc[end] if end < len(doc) else None
    possessor = head.dep_ == "poss" or (nxt is not None and nxt.text in POSSESSIVE)
    return possessor and head.head.lemma_.lower() in AGENT_NOUNS


def _sentence_starts(doc: Doc) -> list[int]:
    return [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]


def extract_place_mentions(doc: Doc, dateline: str | None = None) -> list[dict]:
    """Place mentions of one parsed article, each resolved to one gazetteer place.

    Keys: start, end (character offsets into doc.text), text, sentence_idx, place_id, name, lat, lon,
    country_code, feature, metonym, via ('text', or 'dateline' for the dateline city, which comes first).
    Persons, organisations and demonyms are left out.
    """
    gaz = get_gazetteer()
    cands = _spans(doc, gaz)
    home = _dateline_place(gaz, dateline)
    if not cands:
        return [_dateline_mention(home, dateline)] if home is not None and dateline else []
    place_keys = {c.key for c in cands if c.label in PLACE_LABELS or c.label == "REGION"}
    persons = _person_words(doc) - place_keys
    votes = _country_votes(gaz, cands)
    ctx: Counter = Counter()
    for by_country in votes.values():
        ctx.update(by_country)
    if home:
        ctx[home.country_code] += 2
    ctx.pop("", None)
    kept = [(c, r) for c in cands if (r := _admissible(c, place_keys, persons, ctx))]
    resolver = _Resolver(gaz, ctx, votes, [(home.lat, home.lon)] if home else [])
    first = {c.key: resolver.choose(c.key, r, {}) for c, r in kept}
    anchors = {p.place_id: (p.lat, p.lon) for p in first.values() if p.feature in ("city", "region")}
    final = [resolver.choose(c.key, r, anchors, skip=first[c.key].place_id) for c, r in kept]
    starts = _sentence_starts(doc)
    dateline_key = _key(dateline) if dateline else None
    mentions = []
    for (cand, _), place in zip(kept, final, strict=True):
        span: Span = doc[cand.start:cand.end]
        agent = place.feature in ("city", "country") and _is_agent(doc, cand.start, cand.end)
        metonym = cand.metonym or (agent and cand.key != dateline_key)
        mentions.append({
            "start": span.start_char,
            "end": span.end_char,
            "text": span.text,
            "sentence_idx": bisect_right(starts, cand.start) - 1,
            "place_id": place.place_id,
            "name": place.name,
            "lat": place.lat,
            "lon": place.lon,
            "country_code": place.country_code,
            "feature": place.feature,
            "metonym": metonym,
            "via": "text",
        })
    mentions.sort(key=lambda m: m["start"])
    if home is not None and dateline:
        mentions.insert(0, _dateline_mention(home, dateline))
    return mentions


def _dateline_mention(home: Place, dateline: str) -> dict:
    """The dateline city as a mention: cleaning cut it from the text, so its span is empty at offset 0
    and its sentence is the lead it introduces."""
    return {"start": 0, "end": 0, "text": dateline, "sentence_idx": 0, "place_id": home.place_id,
            "name": home.name, "lat": home.lat, "lon": home.lon, "country_code": home.country_code,
            "feature": home.feature, "metonym": False, "via": "dateline"}


def build_places(place_mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved place: counts of mentions, articles and sources, and its surface forms."""
    if place_mentions is None or place_mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PLACES_COLUMNS})
    grouped = place_mentions.groupby("place_id", sort=False)
    out = grouped.agg(
        name=("name", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        country_code=("country_code", "first"),
        feature=("feature", "first"),
        mentions=("place_id", "size"),
        articles=("article_id", "nunique"),
        sources=("source", "nunique"),
        aliases=("text", lambda s: sorted(set(s))),
    ).reset_index()
    out = out.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
    return out[PLACES_COLUMNS].reset_index(drop=True)
