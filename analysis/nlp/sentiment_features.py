"""Target-relative features from a parsed sentence.

Sentiment in news is aimed: in "Trump urged Putin to prevent a horrible massacre" the negative word sits
next to the massacre, not next to Trump. So every feature here is relative to one target mention: which
words are near it in the dependency tree, which word governs it and in what role, and what lexicon
polarity lies in its neighbourhood. Quoted and reported words are set apart for the speaker (see
`speaker_region`): a quote expresses the speaker's stance toward what it names, not toward the speaker.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Span

QUOTE_MODES = ("same", "drop", "separate")
"""How words the target speaks count toward it: like any word, not at all, or as their own features."""

NEGATION_SCALE = -0.74
"""VADER's own damping for negated words: "not good" is mildly negative, not as negative as "bad"."""

SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "claim", "state", "insist", "argue", "write", "note", "explain", "declare",
        "announce", "suggest", "reply", "respond", "remark", "tweet", "post", "comment", "testify",
        "acknowledge", "admit", "contend", "assert", "maintain", "recall",
    }
)
ENTITY_PLACEHOLDERS = {"PERSON": "<person>", "ORG": "<org>", "GPE": "<gpe>", "NORP": "<norp>"}
OPEN_QUOTES = frozenset({"“", "``", "«"})
CLOSE_QUOTES = frozenset({"”", "''", "»"})
TOGGLE_QUOTES = frozenset({'"'})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "agent_by", "expl"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "dative", "iobj", "oprd"})
# Relations that pass a target's role up to its head: "Trump and Putin met", "Biden, the president".
INHERIT_DEPS = frozenset({"conj", "appos", "compound", "flat", "nmod"})


@lru_cache(maxsize=1)
def lexicons() -> tuple[dict[str, float], dict[str, float]]:
    """VADER valences scaled to [-1, 1] and TextBlob (pattern) word polarities, both lower-cased keys.

    Both ship inside their packages, so nothing is fetched; only nonzero entries are kept.
    """
    from textblob.en import sentiment as blob_lexicon
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = {w: v / 4.0 for w, v in SentimentIntensityAnalyzer().lexicon.items() if v}
    blob: dict[str, float] = {}
    for word, senses in blob_lexicon.items():
        values = senses.get(None)
        if values and values[0]:
            blob[word.lower()] = float(values[0])
    return vader, blob


def quote_mask(doc: Doc) -> np.ndarray:
    """True for tokens inside quotation marks (the marks themselves excluded).

    Curly marks open and close; straight marks toggle. A line break closes an unterminated quote so one
    stray mark cannot swallow the rest of an article.
    """
    mask = np.zeros(len(doc), dtype=bool)
    inside = False
    for tok in doc:
        text = tok.text
        if text in OPEN_QUOTES:
            inside = True
        elif text in CLOSE_QUOTES:
            inside = False
        elif text in TOGGLE_QUOTES:
            inside = not inside
        elif "\n" in tok.whitespace_ or "\n" in text:
            mask[tok.i] = inside and not tok.is_space
            inside = False
        else:
            mask[tok.i] = inside
    return mask


@dataclass(frozen=True)
class SentenceContext:
    """Per-sentence arrays shared by every target in the sentence (sentence-relative token indices)."""

    sent: Span
    words: list[str]
    vader: np.ndarray
    blob: np.ndarray
    quoted: np.ndarray
    neighbours: list[list[int]]
    content: np.ndarray
    tensor: np.ndarray | None


def _word(tok) -> str:
    """A normalised form for n-grams: lemma, with names and numbers collapsed so they generalise."""
    placeholder = ENTITY_PLACEHOLDERS.get(tok.ent_type_)
    if placeholder:
        return placeholder
    if tok.like_num:
        return "<num>"
    return tok.lemma_.lower()


def _negated(tok) -> bool:
    """A word is negated by its own `neg` child, or by its head's when it is the head's complement."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ in ("acomp", "attr", "dobj", "xcomp", "amod", "advmod") and tok.head is not tok:
        return any(c.dep_ == "neg" for c in tok.head.children)
    return False


def sentence_context(sent: Span, quoted: np.ndarray) -> SentenceContext:
    """Lexicon polarities (negation applied), n-gram words and tree adjacency for one sentence.

    `quoted` is the document's `quote_mask`; the slice for this sentence is kept.
    """
    vader_lex, blob_lex = lexicons()
    offset = sent.start
    n = len(sent)
    words: list[str] = []
    vader = np.zeros(n)
    blob = np.zeros(n)
    content = np.zeros(n, dtype=bool)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for k, tok in enumerate(sent):
        words.append(_word(tok))
        content[k] = not (tok.is_punct or tok.is_space)
        lower = tok.lower_
        v = vader_lex.get(lower)
        if v is None:
            v = vader_lex.get(tok.lemma_.lower(), 0.0)
        b = blob_lex.get(lower)
        if b is None:
            b = blob_lex.get(tok.lemma_.lower(), 0.0)
        if (v or b) and _negated(tok):
            v *= NEGATION_SCALE
            b *= NEGATION_SCALE
        vader[k] = v
        blob[k] = b
        h = tok.head.i - offset
        if h != k and 0 <= h < n:
            neighbours[k].append(h)
            neighbours[h].append(k)
    doc_tensor = sent.doc.tensor
    tensor = doc_tensor[offset : offset + n] if getattr(doc_tensor, "ndim", 1) == 2 else None
    return SentenceContext(
        sent, words, vader, blob, quoted[offset : offset + n].copy(), neighbours, content, tensor
    )


def tree_distances(ctx: SentenceContext, t0: int, t1: int) -> np.ndarray:
    """Dependency-tree hops from the target tokens [t0, t1) to every token of the sentence (BFS, O(n))."""
    n = len(ctx.words)
    dist = np.full(n, n + 1, dtype=np.int64)
    queue: deque[int] = deque()
    for k in range(t0, t1):
        dist[k] = 0
        queue.append(k)
    while queue:
        k = queue.popleft()
        d = dist[k] + 1
        for m in ctx.neighbours[k]:
            if dist[m] > d:
                dist[m] = d
                queue.append(m)
    return dist


def target_root(ctx: SentenceContext, t0: int, t1: int):
    """The target's syntactic head: the token of [t0, t1) whose head lies outside it."""
    offset = ctx.sent.start
    for k in range(t0, t1):
        tok = ctx.sent[k]
        h = tok.head.i - offset
        if h == k or not t0 <= h < t1:
            return tok
    return ctx.sent[t0]


def governor(root) -> tuple[str, object]:
    """The target's role and the content word that governs it.

    Walks through prepositions ("criticism of Trump" -> pobj_of, criticism), possessives ("Trump's
    failure" -> poss, failure), passive agents ("attacked by Trump" -> agent_by) and coordination or
    apposition (which inherit the head's role), at most a few steps.
    """
    tok = root
    for _ in range(4):
        dep = tok.dep_
        head = tok.head
        if head is tok or dep == "ROOT":
            return "root", tok
        if dep in INHERIT_DEPS:
            tok = head
            continue
        if dep == "pobj" and head.dep_ in ("prep", "agent"):
            prep = head.lower_
            rel = "agent_by" if head.dep_ == "agent" else f"pobj_{prep}"
            return rel, head.head
        return dep, head
    return tok.dep_, tok.head


def _role(rel: str) -> str:
    if rel in SUBJECT_DEPS:
        return "subj"
    if rel in OBJECT_DEPS:
        return "obj"
    if rel.startswith("pobj_"):
        return "pobj"
    if rel == "poss":
        return "poss"
    return "other"


def speaker_region(ctx: SentenceContext, t0: int, t1: int, rel: str, gov, reported: bool) -> np.ndarray:
    """Tokens whose words the target itself speaks, so they say nothing about the target.

    If the target is outside quotation marks and is the subject of a verb, the sentence's quoted tokens
    are the speaker's. With `reported`, the clausal complement of a speech verb it is the subject of
    ("Zelensky said Putin is a war criminal") counts as well. A target inside the quote gets nothing
    removed: the quote's words are about it.
    """
    region = np.zeros(len(ctx.words), dtype=bool)
    if ctx.quoted[t0:t1].any() or _role(rel) != "subj":
        return region
    if ctx.quoted.any():
        region |= ctx.quoted
    if reported and gov.lemma_.lower() in SPEECH_VERBS:
        offset = ctx.sent.start
        for child in gov.children:
            if child.dep_ in ("ccomp", "parataxis"):
                region[child.left_edge.i - offset : child.right_edge.i - offset + 1] = True
    region[t0:t1] = False
    return region


def _add(feats: dict[str, float], key: str, value: float = 1.0) -> None:
    feats[key] = feats.get(key, 0.0) + value


def target_features(
    ctx: SentenceContext, t0: int, t1: int, quote_mode: str = "drop", reported: bool = False
) -> dict[str, float]:
    """Sparse features for the target tokens [t0, t1) of one sentence (sentence-relative indices).

    n-grams of the sentence with the target masked as <t>, words left/right of it, its role and governor,
    the governor's polarity by role, and distance-weighted lexicon sums split by sign and by scope.
    """
    root = target_root(ctx, t0, t1)
    rel, gov = governor(root)
    role = _role(rel)
    offset = ctx.sent.start
    g = gov.i - offset
    dist = tree_distances(ctx, t0, t1)
    spoken = speaker_region(ctx, t0, t1, rel, gov, reported) if quote_mode != "same" else None
    feats: dict[str, float] = {}

    seq: list[tuple[str, bool]] = []
    for k, w in enumerate(ctx.words):
        if t0 <= k < t1:
            if k == t0:
                seq.append(("<t>", False))
            continue
        if not ctx.content[k]:
            continue
        seq.append((w, bool(spoken is not None and spoken[k])))
    for i, (w, sp) in enumerate(seq):
        if sp and quote_mode == "drop":
            continue
        prefix = "q" if sp else ""
        if w != "<t>":
            _add(feats, f"{prefix}u:{w}")
        if i + 1 < len(seq):
            w2, sp2 = seq[i + 1]
            joined = sp2 == sp or w == "<t>" or w2 == "<t>"
            if joined and not (sp2 and quote_mode == "drop"):
                _add(feats, f"{prefix}b:{w}_{w2}")
    tpos = next(i for i, (w, _) in enumerate(seq) if w == "<t>")
    for j, name in ((-1, "l1"), (-2, "l2"), (1, "r1"), (2, "r2")):
        i = tpos + j
        feats[f"{name}:{seq[i][0] if 0 <= i < len(seq) else '<s>'}"] = 1.0

    gl = gov.lemma_.lower() if g != root.i - offset else "<self>"
    feats[f"rel:{rel}"] = 1.0
    feats[f"role:{role}"] = 1.0
    feats[f"gov:{gl}"] = 1.0
    feats[f"relgov:{rel}|{gl}"] = 1.0
    feats[f"tpos:{root.pos_}"] = 1.0
    if 0 <= g < len(ctx.words) and g != root.i - offset:
        gv, gb = ctx.vader[g], ctx.blob[g]
        feats[f"govv_{role}"] = gv
        feats[f"govb_{role}"] = gb
        if any(c.dep_ == "neg" for c in gov.children):
            feats["gov_neg"] = 1.0
        # The governor's other arguments: "Trump attacked the corrupt media" vs "the media attacked Trump".
        for c in gov.children:
            c_rel = c.dep_
            if c.i - offset in range(t0, t1) or c_rel in ("punct", "det", "aux", "cc"):
                continue
            feats[f"sib:{role}|{c_rel}"] = 1.0

    weight = 1.0 / np.maximum(dist, 1)
    keep = ctx.content.copy()
    keep[t0:t1] = False
    subtree = np.zeros(len(ctx.words), dtype=bool)
    subtree[root.left_edge.i - offset : root.right_edge.i - offset + 1] = True
    subtree[t0:t1] = False
    near = dist <= 2
    quoted_scope = spoken if spoken is not None else np.zeros(len(ctx.words), dtype=bool)
    own = keep & ~quoted_scope
    for name, pol in (("v", ctx.vader), ("b", ctx.blob)):
        pos = np.where(pol > 0, pol, 0.0)
        neg = np.where(pol < 0, pol, 0.0)
        feats[f"{name}_wpos"] = float(pos[own] @ weight[own])
        feats[f"{name}_wneg"] = float(neg[own] @ weight[own])
        feats[f"{name}_near"] = float(pol[own & near].sum())
        feats[f"{name}_sub"] = float(pol[subtree & own].sum())
        feats[f"{name}_all"] = float(pol[keep].sum())
        if quote_mode == "separate":
            feats[f"{name}_spoken"] = float(pol[keep & quoted_scope].sum())
    dropped = quoted_scope if quote_mode == "drop" else np.zeros(len(ctx.words), dtype=bool)
    polar = ctx.vader + ctx.blob
    for k in np.flatnonzero(keep & ~dropped & (dist <= 3)):
        prefix = "q" if quoted_scope[k] else ""
        if dist[k] <= 2:
            feats[f"{prefix}n:{ctx.words[k]}"] = 1.0
        if polar[k]:
            sign = "+" if polar[k] > 0 else "-"
            _add(feats, f"{prefix}pw:{role}|{sign}|d{dist[k]}")
    if ctx.tensor is not None and len(ctx.tensor) == len(ctx.words):
        # tok2vec's contextual vectors, already computed by the parse: the target's and its governor's.
        vectors = [("et", ctx.tensor[t0:t1].mean(axis=0))]
        if 0 <= g < len(ctx.words):
            vectors.append(("eg", ctx.tensor[g]))
        for prefix, vec in vectors:
            for i, x in enumerate(vec.tolist()):
                feats[f"{prefix}{i}"] = x
    if spoken is not None and spoken.any():
        feats["speaker"] = 1.0
    if ctx.quoted[t0:t1].any():
        feats["in_quote"] = 1.0
    return {k: v for k, v in feats.items() if v}


def scoped_lexicon_score(ctx: SentenceContext, t0: int, t1: int, max_dist: int = 4) -> float:
    """Rule-only score: lexicon polarity of words near the target in the tree, weighted by 1/distance.

    Words the target speaks (its quotes) are left out, as in the model. Clipped to [-1, 1].
    """
    root = target_root(ctx, t0, t1)
    rel, gov = governor(root)
    dist = tree_distances(ctx, t0, t1)
    spoken = speaker_region(ctx, t0, t1, rel, gov, reported=False)
    keep = ctx.content & ~spoken & (dist >= 1) & (dist <= max_dist)
    pol = (ctx.vader + ctx.blob) / 2.0
    return float(np.clip((pol[keep] / dist[keep]).sum(), -1.0, 1.0))


def char_span_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Doc token range [i, j) covering characters [start, end), or None when it covers no token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end
