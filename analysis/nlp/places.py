"""Place mentions in a parsed article, resolved offline to coordinates, and the places table.

Spans come from the NER (GPE, LOC, FAC) and from gazetteer names the small model missed or mistyped
(it tags some towns PERSON or PRODUCT). Spans without a place label need more evidence to count: the
name is tagged as a place elsewhere in the article, or the place is large, or it lies in a country the
article is about. Each span is then resolved among its gazetteer readings by population, country
context (countries named in the article and the dateline) and proximity to the article's other places.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from analysis.nlp.gazetteer import REGION_WORDS, Gazetteer, Place, get_gazetteer, normalize
from analysis.nlp.given_names import known_given_names
from analysis.nlp.lexicon import common_words
from analysis.nlp.nationalities import country_of_nationality
from analysis.nlp.place_ranker import ArticleContext, features, score, weights

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
WEAK_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", ""})
MAX_CANDIDATES = 60
BIG_PLACE = 100_000
CONTEXT_PLACE = 5_000
PERSON_CONTEXT_PLACE = 20_000  # a name the model took for a person needs a town of this size in a context country

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

# A place name right before one of these names a disease ("West Nile virus", "Lassa fever"); the article
# then uses the bare name for the disease too ("the Ebola outbreak"), so none of its mentions is a place.
DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "influenza", "pox"})

INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")
STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive",
                          "way", "highway", "square", "place", "terrace", "crescent", "parkway"})
RELATIVE_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "north east", "far", "upper", "lower", "middle", "mid", "district",
    "region", "province", "state", "coast", "territory", "county", "area", "capital", "new",
})
# Newspapers and agencies named after their city ("Los Angeles Times") are not about the city.
PUBLICATION_WORDS = frozenset({
    "times", "post", "herald", "tribune", "journal", "gazette", "news", "daily", "star", "chronicle",
    "telegraph", "globe", "observer", "mail", "sun", "independent", "guardian", "express", "record", "press",
    "examiner", "inquirer", "standard", "courier", "bulletin", "review", "dispatch", "register",
})

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
EXTENT_COLUMNS = ["min_lat", "min_lon", "max_lat", "max_lon"]
PLACES_COLUMNS = [
    "place_id", "name", "lat", "lon", "country_code", "feature", "kind", *EXTENT_COLUMNS,
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
    surface: str = ""

    @property
    def dotted(self) -> bool:
        """An abbreviation with dots ("B.C.", "U.S."), which may be short."""
        return "." in self.surface

    @property
    def initials(self) -> bool:
        """Dotted initials ("B.C.", "N.S.W."), as opposed to an abbreviation ("Ms.", "Ky.")."""
        return bool(INITIALS.match(self.surface))

    @property
    def acronym(self) -> bool:
        """A short all-capitals word ("SOS", "FAO"): an organisation's initials far more often than a town."""
        return self.surface.isupper() and len(self.surface) <= 4 and not self.dotted


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
    """Every span that could name a place: NER entities, then capitalised proper-noun runs outside them.

    An entity the model mislabels (a city tagged NORP or DATE) is kept as an unlabelled name; a place
    entity the gazetteer does not know whole ("Far North Queensland") yields the place inside it; an
    organisation or facility named after a place ("Paris High School", "University of Manitoba") yields
    that place, labelled EMBED."""
    out: list[_Candidate] = []
    covered = bytearray(len(doc))
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            covered[i] = 1
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        label = ent.label_
        if label == "NORP":
            region = _extend_region(gaz, doc, start, end)
            if region:
                out.append(_Candidate(start, region[0], region[1], "REGION", _readings(gaz, region[1])))
                continue
            if country_of_nationality(ent.text):
                continue
        elif label not in PLACE_LABELS and label not in WEAK_LABELS:
            if not all(t.pos_ == "PROPN" for t in doc[start:end]):
                continue
            label = ""
        key = _key(doc[start:end].text)
        region = _extend_region(gaz, doc, start, end)
        if region:
            end, key = region
        label = label if label in PLACE_LABELS else ("REGION" if region else label)
        if key in METONYMS:
            out.append(_Candidate(start, end, key, label, _metonym_readings(gaz, key), metonym=True))
        elif key in gaz.names:
            out.append(_Candidate(start, end, key, label, _readings(gaz, key), surface=doc[start:end].text))
        elif label in PLACE_LABELS:
            out.extend(_Candidate(s, e, k, label, _readings(gaz, k)) for s, e, k in _inner(doc, gaz, start, end))
        elif label in ("ORG", "FAC") and doc[end - 1].lower_ not in PUBLICATION_WORDS:
            out.extend(_Candidate(s, e, k, "EMBED", _readings(gaz, k), surface=doc[s:e].text)
                       for s, e, k in _embedded(doc, gaz, start, end))
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
        out.append(_Candidate(i, end, key, label, readings, metonym=key in METONYMS, surface=doc[i:end].text))
        i = end
    return out


def _blocked_from(doc: Doc, end: int) -> bytearray:
    """A `covered` mask for `_longest_match` that lets a name run up to `end` and no further."""
    return bytearray(end) + b"\x01" * (len(doc) - end)


def _inner(doc: Doc, gaz: Gazetteer, start: int, end: int) -> list[tuple[int, int, str]]:
    """The place inside a place entity unknown as a whole: the name at its end (English puts the head
    last: "Northeast Georgia", "Far North Queensland"), else its longest name; never a lone common word."""
    free = _blocked_from(doc, end)
    found = []
    for i in range(start, end):
        match = _longest_match(doc, gaz, i, free)
        if match and (match[0] - i > 1 or match[1] not in common_words()):
            found.append((match[0] == end, match[0] - i, i, match[0], match[1]))
    if not found:
        return []
    _, _, s, e, key = max(found)
    return [(s, e, key)]


def _embedded(doc: Doc, gaz: Gazetteer, start: int, end: int) -> list[tuple[int, int, str]]:
    """Places an organisation's name is built on: its first words, or the words after 'of', 'in', 'at', when
    the rest of the name has an ordinary word ("Police", "University"): "Paris Hilton" names no place."""
    free = _blocked_from(doc, end)
    out = []
    for i in range(start, end):
        if i != start and doc[i - 1].lower_ not in ("of", "in", "at"):
            continue
        match = _longest_match(doc, gaz, i, free)
        if not match or match[0] - i >= end - start:
            continue
        surface = doc[i:match[0]].text
        rest = [t for t in doc[start:end] if not i <= t.i < match[0] and t.is_alpha]
        institution = any(t.lower_ in common_words() for t in rest)  # "Police", "University", "Department"
        if institution and (match[1] not in common_words() or "." in surface or surface.isupper()):
            out.append((i, match[0], match[1]))
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


def _spelling_of(key: str, name: str) -> bool:
    """Whether an alternate name is a spelling of the main one ("Odessa"/"Odesa", "Dnipropetrovsk"/"Dnipro")
    rather than an unrelated word a gazetteer also lists ("Hamas" for Hamm)."""
    main = _key(name)
    if key.startswith(main) or fuzz.ratio(key, main) >= 80:
        return True
    return main.startswith(key) and len(key) >= 0.6 * len(main)  # not "Jewish" for Jewish Autonomous Oblast


def _admissible(cand: _Candidate, place_keys: set[str], persons: set[str], ctx: Counter) -> list:
    """The readings a span may take, given how strong the evidence is that it names a place at all.

    A place label (or the same name labelled a place elsewhere in the article) admits every reading, but a
    word of a person's name in the article ("Doug Logan" ... "said Logan") only as a country.
    Without a label, the span must be a main name of a big place, or of a smaller one in a country the
    article is about (a big one when it is also a given name); a lone common word, districts and physical
    features need the label. One or two letters are only a country or region: its main name ("UK", "Ky.")
    or, in an article about its country, its initials ("B.C.")."""
    if cand.metonym:
        return cand.readings
    if len(cand.key.replace(" ", "")) < 3:
        return [(p, m) for p, m in cand.readings if p.feature in ("country", "region")
                and (m or (cand.initials and p.country_code in ctx))]
    if cand.label in PLACE_LABELS or cand.label == "REGION" or cand.key in place_keys:
        if cand.key in persons:
            return [(p, m) for p, m in cand.readings if m and p.feature == "country"]
        return cand.readings
    plain_word = cand.key in common_words() and not (cand.dotted or cand.surface.isupper())
    if cand.key in persons or plain_word:
        return []
    if cand.acronym:
        return [(p, m) for p, m in cand.readings if m and p.feature == "country"]
    floor = CONTEXT_PLACE
    if cand.key in known_given_names() or cand.label == "NORP":
        floor = BIG_PLACE
    elif cand.label == "PERSON":
        floor = PERSON_CONTEXT_PLACE
    return [
        (p, m)
        for p, m in cand.readings
        if (m or (p.population >= BIG_PLACE and _spelling_of(cand.key, p.name)))
        and p.feature in ("city", "region", "district", "country", "continent")
        and (p.population >= BIG_PLACE or (p.country_code in ctx and p.population >= floor)
             or p.feature in ("country", "continent"))
    ]


def article_context(gaz: Gazetteer, cands: list[_Candidate], home: Place | None) -> ArticleContext:
    """Countries and regions the article's place-labelled names point to by their context-free best reading."""
    ctx = ArticleContext(home_country=home.country_code if home else "")
    continents: Counter = Counter()
    for c in cands:
        if c.label not in PLACE_LABELS and c.label != "REGION" or not c.readings:
            continue
        best = max(c.readings, key=lambda pm: gaz.prior(*pm))[0]
        if not best.country_code:
            continue
        ctx.countries[best.country_code] += 1
        ctx.key_votes.setdefault(c.key, Counter())[best.country_code] += 1
        continents[gaz.continent_of.get(best.country_code, "")] += 1
        if best.feature == "country":
            ctx.named_countries.setdefault(c.key, set()).add(best.country_code)
        elif best.feature == "region" and best.admin1:
            ctx.named_regions.setdefault(c.key, set()).add(best.admin1)
            ctx.named_countries.setdefault(c.key, set()).add(best.country_code)
    if home:
        ctx.countries[home.country_code] += 2
        continents[gaz.continent_of.get(home.country_code, "")] += 2
    continents.pop("", None)
    if continents:
        ctx.continent = continents.most_common(1)[0][0]
    return ctx


def _containers(gaz: Gazetteer, doc: Doc, kept: list[tuple[_Candidate, list]]) -> list[tuple[set[str], set[str]]]:
    """For each span, the countries and regions named right after it ("Paris, Ky.", "Kent, England")."""
    by_start = {c.start: r for c, r in kept}
    out = []
    for cand, _ in kept:
        countries: set[str] = set()
        regions: set[str] = set()
        if cand.end + 1 < len(doc) and doc[cand.end].text == "," and cand.end + 1 in by_start:
            for place, _main in by_start[cand.end + 1]:
                if place.feature == "country":
                    countries.add(place.country_code)
                elif place.feature == "region" and place.admin1:
                    regions.add(place.admin1)
        out.append((countries, regions))
    return out


def resolve(gaz: Gazetteer, doc: Doc, kept: list[tuple[_Candidate, list]], ctx: ArticleContext,
            w: tuple[float, ...], home: Place | None = None) -> tuple[list[Place], list[list[list[float]]]]:
    """The chosen reading of every span, and the feature rows it was chosen from.

    Two passes: first without distances, then with the first pass's cities and regions as anchors (a
    name's own reading never anchors itself). The dateline city anchors both passes."""
    containers = _containers(gaz, doc, kept)
    memo_keys = [(c.key, tuple(p.place_id for p, _ in r), frozenset(b[0]), frozenset(b[1]))
                 for (c, r), b in zip(kept, containers, strict=True)]

    def pick(readings: list, rows: list[list[float]]) -> Place:
        return readings[max(range(len(rows)), key=lambda i: score(rows[i], w))][0]

    home_point = [(home.lat, home.lon)] if home else []
    first: dict[tuple, Place] = {}
    for (cand, readings), box, memo in zip(kept, containers, memo_keys, strict=True):
        if memo not in first:
            first[memo] = pick(readings, features(gaz, readings, cand.key, ctx, home_point, box))
    anchors_by_key: dict[str, tuple[float, float]] = {}
    for (cand, _), memo in zip(kept, memo_keys, strict=True):
        if first[memo].feature in ("city", "region", "district"):
            anchors_by_key.setdefault(cand.key, (first[memo].lat, first[memo].lon))
    second: dict[tuple, tuple[Place, list[list[float]]]] = {}
    for (cand, readings), box, memo in zip(kept, containers, memo_keys, strict=True):
        if memo not in second:
            anchors = home_point + [pt for key, pt in anchors_by_key.items() if key != cand.key]
            rows = features(gaz, readings, cand.key, ctx, anchors, box)
            second[memo] = (pick(readings, rows), rows)
    return [second[m][0] for m in memo_keys], [second[m][1] for m in memo_keys]


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
    home = _dateline_place(gaz, dateline)
    kept = candidate_spans(doc, gaz, home)
    if not kept:
        return [_dateline_mention(home, dateline)] if home is not None and dateline else []
    final, _ = resolve(gaz, doc, kept, article_context(gaz, [c for c, _ in kept], home), weights(), home)
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


def candidate_spans(doc: Doc, gaz: Gazetteer, home: Place | None) -> list[tuple[_Candidate, list]]:
    """Spans that name a place, each with the readings it may take given the evidence that it is one."""
    cands = _spans(doc, gaz)
    diseases = {c.key for c in cands if c.end < len(doc) and doc[c.end].lower_ in DISEASE_WORDS}
    cands = [c for c in cands if c.key not in diseases and not _street(doc, c.end) and not _relative(c.key)]
    place_keys = {c.key for c in cands if c.label in PLACE_LABELS or c.label == "REGION"}
    persons = _person_words(doc)
    ctx_countries = article_context(gaz, cands, home).countries
    return [(c, r) for c in cands if (r := _admissible(c, place_keys, persons, ctx_countries))]


def _street(doc: Doc, end: int) -> bool:
    """Whether the name is a street's ("Seaton Street", "Mont-Royal Avenue"), not the place's."""
    return end < len(doc) and doc[end].lower_.rstrip(".") in STREET_WORDS and doc[end].is_title


def _relative(key: str) -> bool:
    """Directions and generic area words alone ("the West", "South East", "Southern District") name no
    particular place, whatever region a gazetteer files under them."""
    return all(word in RELATIVE_WORDS for word in key.split())


def _dateline_mention(home: Place, dateline: str) -> dict:
    """The dateline city as a mention: cleaning cut it from the text, so its span is empty at offset 0
    and its sentence is the lead it introduces."""
    return {"start": 0, "end": 0, "text": dateline, "sentence_idx": 0, "place_id": home.place_id,
            "name": home.name, "lat": home.lat, "lon": home.lon, "country_code": home.country_code,
            "feature": home.feature, "metonym": False, "via": "dateline"}


def build_places(place_mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved place: counts of mentions, articles and sources, and its surface forms.

    Areas (countries, regions, districts, physical features) carry their extent (min_lat, min_lon,
    max_lat, max_lon; min_lon > max_lon when the box crosses 180°) so a map can shade or zoom to them;
    cities are points and leave it empty. `kind` is the finer class (ADM1, ADM2, PPL, sea, river, ...)."""
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
    known = get_gazetteer().places
    found = [known.get(pid) for pid in out["place_id"]]
    out["kind"] = [p.kind if p else "" for p in found]
    for i, col in enumerate(EXTENT_COLUMNS):
        out[col] = [p.extent[i] if p and p.extent else math.nan for p in found]
    out = out.sort_values(["mentions", "name"], ascending=[False, True], kind="stable")
    return out[PLACES_COLUMNS].reset_index(drop=True)
