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

import pandas as pd
from spacy.tokens import Doc, Span

from analysis.nlp.aliases import AliasRules, country_table, load_aliases
from analysis.nlp.names import (
    is_initial,
    is_junk,
    is_title_only,
    is_well_formed_name,
    name_key,
    slugify,
    strip_name,
    translit_key,
    translit_token,
    trim_span,
)

__all__ = ["AliasRules", "KEPT_TYPES", "extract_mentions", "load_aliases", "resolve_actors", "resolve_name"]

ACTOR_COLUMNS = ["actor_id", "actor", "actor_type", "aliases", "mentions", "articles", "sources"]
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
    """'U.S.-Ukrainian' -> 'U.S.' (GPE) + 'Ukrainian' (NORP); other spans are returned whole."""
    surface = text[start:end]
    if label in ("NORP", "GPE") and "-" in surface:
        left, right = surface.split("-", 1)
        if name_key(left) in country_table() and right[:1].isupper():
            cut = start + len(left)
            return [(start, cut, "GPE"), (cut + 1, end, label)]
    return [(start, end, label)]


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
        mentions.append(mention)
        return mention

    for ent in doc.ents:
        covered[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
        label = ent.label_
        if label in NUMERIC_LABELS:
            continue
        start, end = trim_span(text, ent.start_char, ent.end_char, strip_person_titles=label == "PERSON")
        cue = _cue(doc, ent.start, ent.end)
        if label in ("PERSON", "ORG") and _title_before(text[ent.start_char:start]):
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
            add(token.idx, token.idx + len(token.text), "PERSON", token.i, _cue(doc, token.i, token.i + 1))
        elif "-" in token.text:
            head = token.text.split("-", 1)[0]
            if name_key(head) in countries:
                add(token.idx, token.idx + len(head), "GPE", token.i, None)
        elif (token.i + 1 < len(doc) and not token.whitespace_ and doc[token.i + 1].text == "-"
              and name_key(token.text) in countries):
            add(token.idx, token.idx + len(token.text), "GPE", token.i, None)
    mentions.sort(key=lambda m: m["start"])
    return mentions


# ----------------------------------------------------------------------------------------------------------
# Corpus-wide resolution


class _Clusters:
    """Union-find over name nodes that refuses merges the analyst forbade or that join two people."""

    def __init__(self, forbids: Iterable[frozenset[str]]) -> None:
        self.parent: list[int] = []
        self.keys: list[set[str]] = []
        self.people: list[set[tuple[str, str]]] = []
        self.forbids = [tuple(pair) for pair in forbids if len(pair) == 2]

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
        for x, y in self.forbids:
            if (x in ka and y in kb) or (y in ka and x in kb):
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

    def __post_init__(self) -> None:
        self.uf = _Clusters(self.rules.forbids)

    def node(self, key: str, person: tuple[str, str] | None = None) -> int:
        if key not in self.global_nodes:
            self.global_nodes[key] = self.uf.add(key, person)
        return self.global_nodes[key]

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


def _person_key(key: str) -> tuple[str, str] | None:
    """(given, surname) transliteration keys of a full personal name key; None for initials or one word."""
    words = key.split()
    if len(words) < 2 or is_initial(words[0]):
        return None
    return translit_token(words[0]), translit_token(words[-1])


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
    cues = df["cue"].tolist() if "cue" in df.columns else [None] * len(df)
    key_of = {t: name_key(t) for t in set(texts)}
    keys = [key_of[t] for t in texts]
    junk = {t: is_junk(t) for t in key_of}
    keep = [bool(k) and not junk[t] and lab not in NUMERIC_LABELS for t, lab, k in zip(texts, labels, keys,
                                                                                     strict=True)]
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
        if len(key.split()) < 2 or key in countries or not is_well_formed_name(spelling[key]):
            return False
        if not (ev["PERSON"] or ev["cue:person"]):
            return False
        return ev["cue:person"] > 0 or res.kind(spelling[key]) is None

    people = {k: _person_key(k) for k in evidence if is_person_name(k)}
    people = {k: p for k, p in people.items() if p}

    for key in evidence:
        res.node(key, people.get(key))
    for key in pinned:
        target = rules.merges[key]
        res.uf.union(res.node(key), res.node(name_key(target)), force=True)
    for key in evidence:
        if key in countries and key not in pinned:
            res.uf.union(res.node(key), res.node(name_key(countries[key][0])))

    by_translit: dict[str, list[str]] = defaultdict(list)
    for key in evidence:
        if key not in pinned and key not in countries and (len(key.split()) > 1 or len(key) >= 4):
            by_translit[translit_key(key)].append(key)
    for group in by_translit.values():
        for other in group[1:]:
            res.uf.union(res.node(group[0]), res.node(other))
    by_person: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, person in people.items():
        if key not in pinned:
            by_person[person].append(key)
    for group in by_person.values():
        for other in group[1:]:
            res.uf.union(res.node(group[0]), res.node(other))
    for key, ev in evidence.items():
        if ev["NORP"] and key.endswith("s") and key[:-1] in evidence and key not in pinned:
            res.uf.union(res.node(key[:-1]), res.node(key))

    row_nodes = _link_partial_names(res, keys, labels, cues, articles, keep, people, pinned, countries)
    return _assemble(res, df, texts, labels, cues, keys, keep, row_nodes, evidence, people, countries)


def _partial(key: str, label: str, cue: str | None, countries: dict) -> tuple[str, str] | None:
    """(initial or '', surname key) for a bare surname or 'J. Smith' that may refer to a full name."""
    words = key.split()
    if key in countries or not words or not (label in ("PERSON", "ORG") or cue == "person"):
        return None
    if len(words) == 1:
        return "", translit_token(words[0])
    if len(words) == 2 and is_initial(words[0]):
        return words[0], translit_token(words[1])
    return None


def _link_partial_names(res: _Resolver, keys: list[str], labels: list[str], cues: list, articles: list[str],
                        keep: list, people: dict, pinned: set, countries: dict) -> list[int]:
    """Per mention, its node: a bare surname joins the one full name it can mean, article first."""
    in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    in_corpus: dict[str, set[str]] = defaultdict(set)
    for i, key in enumerate(keys):
        if keep[i] and key in people:
            in_article[(articles[i], people[key][1])].add(key)
            in_corpus[people[key][1]].add(key)

    def roots(candidates: set[str], initial: str) -> set[int]:
        return {res.uf.find(res.node(k)) for k in candidates if not initial or k.startswith(initial)}

    decided: dict[tuple[str, str], int] = {}
    row_nodes: list[int] = []
    for i, key in enumerate(keys):
        if not keep[i]:
            row_nodes.append(-1)
            continue
        part = None if key in pinned or key in people else _partial(key, labels[i], cues[i], countries)
        if part is None:
            row_nodes.append(res.node(key))
            continue
        slot = (articles[i], key)
        if slot not in decided:
            decided[slot] = _place_partial(res, key, roots(in_article[(articles[i], part[1])], part[0]),
                                           roots(in_corpus[part[1]], part[0]))
        row_nodes.append(decided[slot])
    return row_nodes


def _place_partial(res: _Resolver, key: str, here: set[int], anywhere: set[int]) -> int:
    """The node for a bare name in one article: its one full name here, else in the corpus, else itself."""
    own = res.node(key)
    for candidates in (here, anywhere):
        allowed = {r for r in candidates if res.uf.allowed(own, r)}
        if len(allowed) == 1:
            node = res.uf.add(key)
            res.uf.union(node, next(iter(allowed)))
            return node
        if len(candidates) > 1:
            return own
    return own


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
    if top in ("GPE", "LOC", "NORP", "FAC"):
        return top
    kind = next((k for k in (res.kind(s) for s in surfaces[:3]) if k), None)
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


def _canonical(forms: Counter, actor_type: str) -> str:
    """The longest well-formed full name for a person (most frequent spelling), else the commonest form."""
    if actor_type == "PERSON":
        full = [f for f in forms if is_well_formed_name(f)]
        if full:
            groups: dict[str, list[str]] = defaultdict(list)
            for f in full:
                groups[translit_key(f)].append(f)
            best = max(groups.values(), key=lambda g: (len(g[0].split()), sum(forms[f] for f in g),
                                                       max(len(f) for f in g)))
            return max(best, key=lambda f: (forms[f], len(f), f))
    longer = -1 if actor_type == "NORP" else 1  # "Ruritanian" over "Ruritanians" on a tie
    by_key: dict[str, list[str]] = defaultdict(list)
    for f in forms:
        by_key[name_key(f)].append(f)
    group = max(by_key.values(), key=lambda g: (sum(forms[f] for f in g), longer * max(len(f) for f in g)))
    return max(group, key=lambda f: (not (f.isupper() and len(f) > 4), forms[f], longer * len(f), f))


def _assemble(res: _Resolver, df: pd.DataFrame, texts: list[str], labels: list[str], cues: list,
              keys: list[str], keep: list, row_nodes: list[int], evidence: dict, people: dict,
              countries: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clusters -> types, canonical names and readable ids; the two output tables."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, node in enumerate(row_nodes):
        if node >= 0:
            members[res.uf.find(node)].append(i)

    clusters = []
    for root, rows in members.items():
        forms = Counter(texts[i] for i in rows)
        ev: Counter = Counter()
        for i in rows:
            ev[labels[i]] += 1
            if cues[i] in ("person", "org", "place"):
                ev["cue:" + cues[i]] += 1
        cluster_keys = res.uf.keys[root]
        forced_name = next((res.rules.merges[k] for k in sorted(cluster_keys)
                            if k in res.rules.merges and name_key(res.rules.merges[k]) == k), None)
        country = next((countries[k] for k in sorted(cluster_keys) if k in countries
                        and res.uf.find(res.node(name_key(countries[k][0]))) == root), None)
        surfaces = [f for f, _ in forms.most_common()]
        if forced_name and res.rules.forced_type(forced_name):
            actor_type = res.rules.forced_type(forced_name)
        elif country:
            actor_type = country[1]
        else:
            actor_type = _decide_type(ev, surfaces, any(k in people for k in cluster_keys), res)
        if actor_type is None:
            continue
        name = forced_name or (country[0] if country else _canonical(forms, actor_type))
        clusters.append((name, actor_type, rows, forms))

    clusters.sort(key=lambda c: (-len(c[2]), c[0]))
    used: set[str] = set()
    actor_rows = []
    assigned: dict[int, tuple[str, str, str]] = {}
    for name, actor_type, rows, forms in clusters:
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
        })

    order = sorted(assigned)
    out = df.iloc[order].copy()
    out["actor_id"] = pd.Series([assigned[i][0] for i in order], index=out.index, dtype="string")
    out["actor"] = pd.Series([assigned[i][1] for i in order], index=out.index, dtype="string")
    out["actor_type"] = pd.Series([assigned[i][2] for i in order], index=out.index, dtype="string")
    actors = pd.DataFrame(actor_rows, columns=["actor_id", "actor", "actor_type", "aliases", "mentions",
                                               "articles", "sources"])
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
