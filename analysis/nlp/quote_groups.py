"""Group the same quoted words across articles, so a page can show which outlets carry a quote, whether
they quote it word for word, and whether they give it to the same speaker.

Only quote-marked statements (direct and partial) are grouped: reported speech is the outlet's own wording.
Candidate pairs come from an inverted index on each quote's rarest words, so the work grows with the
number of quotes sharing a rare word, not with the square of the corpus.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz import fuzz

MIN_WORDS = 2
FUZZY_MIN_WORDS = 4
SIMILARITY = 85
BLOCK_KEYS = 3
MIN_SHARED_KEYS = 2
MAX_POSTINGS = 2000
STOPWORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "we", "you",
        "i", "he", "she", "they", "our", "their", "his", "her", "not", "no", "do", "does", "will", "would",
        "can", "could", "has", "have", "had",
    }
)
_BRACKETED = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation, accents and editors' bracketed insertions ("[US]")."""
    text = (text or "").replace("\u2019", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _BRACKETED.sub(" ", text).lower()
    return _WORD.findall(text)


def diff_words(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level difference from quote `a` to quote `b` as (op, word) pairs, op in equal/delete/insert.

    Words are taken as written in each quote, so a page can show `b` with insertions marked and a's
    missing words struck through."""
    wa, wb = a.split(), b.split()
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=normalise_tokens(wa), b=normalise_tokens(wb), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", w) for w in wb[j1:j2])
            continue
        ops.extend(("delete", w) for w in wa[i1:i2])
        ops.extend(("insert", w) for w in wb[j1:j2])
    return ops


def normalise_tokens(tokens: list[str]) -> list[str]:
    """One comparison key per whitespace token, so opcodes index the written words."""
    return [" ".join(normalise_words(t)) for t in tokens]


def _similar(a: list[str], b: list[str]) -> bool:
    """Same words, allowing small edits, or one quote cut out of the other (a partial of a full quote)."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_WORDS:
        return False
    sa, sb = " ".join(a), " ".join(b)
    if fuzz.ratio(sa, sb) >= SIMILARITY:
        return True
    shorter, longer = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return fuzz.partial_ratio(shorter, longer) >= SIMILARITY and len(shorter) >= 0.2 * len(longer)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _link(words: list[list[str]], eligible: list[int], uf: _UnionFind) -> None:
    """Union every eligible pair of similar quotes that shares at least two of one quote's rarest words."""
    df: Counter[str] = Counter()
    for i in eligible:
        df.update(set(words[i]))
    postings: dict[str, list[int]] = defaultdict(list)
    keys: dict[int, list[str]] = {}
    for i in eligible:
        content = sorted({w for w in words[i] if w not in STOPWORDS} or set(words[i]), key=lambda w: (df[w], w))
        keys[i] = content[:BLOCK_KEYS]
        for w in set(words[i]):
            postings[w].append(i)
    for i in eligible:
        shared: Counter[int] = Counter()
        for key in keys[i]:
            shared.update(j for j in postings[key][:MAX_POSTINGS] if j > i)
        needed = min(MIN_SHARED_KEYS, len(keys[i]))
        for j, count in shared.items():
            if count >= needed and uf.find(i) != uf.find(j) and _similar(words[i], words[j]):
                uf.union(i, j)


def group_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Add group_id, group_size, n_sources, sources, same_words and conflicting_speakers to a quotes table.

    Input columns: quote_id, article_id, source, text, speaker, kind. Every row keeps its position; a quote
    nobody else carries is a group of one.
    """
    out = quotes.copy()
    n = len(out)
    words = [normalise_words(t) if isinstance(t, str) else [] for t in out["text"]]
    kinds = out["kind"].tolist()
    eligible = [i for i in range(n) if kinds[i] in ("direct", "partial") and len(words[i]) >= MIN_WORDS]
    uf = _UnionFind(n)
    _link(words, eligible, uf)
    roots = [uf.find(i) for i in range(n)]
    members: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(roots):
        members[r].append(i)
    sources = out["source"].tolist()
    speakers = out["speaker"].tolist() if "speaker" in out else [None] * n
    group_ids = {r: f"g{k}" for k, r in enumerate(dict.fromkeys(roots))}
    info = {}
    for r, idx in members.items():
        distinct_speakers = {speakers[i] for i in idx if isinstance(speakers[i], str) and speakers[i]}
        info[r] = (
            group_ids[r],
            len(idx),
            sorted({str(sources[i]) for i in idx}),
            len({tuple(words[i]) for i in idx}) == 1,
            len(distinct_speakers) > 1,
        )
    out["group_id"] = [info[r][0] for r in roots]
    out["group_size"] = [info[r][1] for r in roots]
    out["sources"] = [list(info[r][2]) for r in roots]
    out["n_sources"] = [len(info[r][2]) for r in roots]
    out["same_words"] = [info[r][3] for r in roots]
    out["conflicting_speakers"] = [info[r][4] for r in roots]
    return out
