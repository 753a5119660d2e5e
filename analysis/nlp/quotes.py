"""Quotations and reported speech in a parsed article, with the speaker of each.

Quote marks are paired paragraph by paragraph, so one stray mark costs at most the quote it belongs to.
Speakers come from the dependency parse: the subject of the speech verb that governs the quote (or the
object of "according to"); pronouns and role descriptions ("the president") are resolved to the most
recent compatible named actor that was a subject or speaker. Canonical actors are decided elsewhere; here
a speaker is a span of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from analysis.nlp.speech_verbs import PERSON_ROLES, SOURCE_NOUNS, SPEECH_VERBS

OPENERS = "“«„"
CLOSERS = "”»"
STRAIGHT = '"'
QUOTE_CHARS = OPENERS + CLOSERS + STRAIGHT
_OPEN_BEFORE = "([{—–-/"
_CLOSE_AFTER = ".,;:!?)]}—–-…"
_TRIM_END = " \t,;:"

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "them"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
TITLE_MARKERS = frozenset(
    {"titled", "entitled", "dubbed", "named", "so-called", "headlined", "book", "film", "novel", "song", "album"}
)
CONTEXT_SENTENCES = 6
_PARAGRAPH = re.compile(r"[^\n]+")
_DASH_NAME = re.compile(r"[\s,.]*[—―–-]{1,2}\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})[\s.,]*(?:$|,)")


@dataclass(frozen=True)
class QuoteSpan:
    """Character offsets of one quotation: the words inside the marks, and whether it was closed."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    closed: bool


def _straight_role(text: str, i: int, para_start: int, para_end: int, is_open: bool) -> str:
    """Decide whether a straight double quote opens or closes, from the characters around it."""
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    open_like = prev.isspace() or prev in _OPEN_BEFORE
    close_like = nxt.isspace() or nxt in _CLOSE_AFTER
    if open_like and not close_like:
        return "open"
    if close_like and not open_like:
        return "close"
    return "close" if is_open else "open"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of text[start:end] without surrounding blanks and the trailing comma news style puts inside."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quote marks within each paragraph; an unclosed quote runs to the next opener or paragraph end."""
    spans: list[QuoteSpan] = []
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        open_at: int | None = None
        for offset, ch in enumerate(para.group()):
            if ch not in QUOTE_CHARS:
                continue
            i = p_start + offset
            if ch in OPENERS:
                role = "open"
            elif ch in CLOSERS:
                role = "close"
            else:
                role = _straight_role(text, i, p_start, p_end, open_at is not None)
            if role == "open":
                if open_at is not None:
                    spans.append(_make_span(text, open_at, i, i, closed=False))
                open_at = i
            elif open_at is not None:
                spans.append(_make_span(text, open_at, i, i + 1, closed=True))
                open_at = None
        if open_at is not None:
            spans.append(_make_span(text, open_at, p_end, p_end, closed=False))
    return [s for s in spans if s.end > s.start and any(c.isalnum() for c in text[s.start : s.end])]


def _make_span(text: str, open_at: int, inner_end: int, mark_end: int, closed: bool) -> QuoteSpan:
    start, end = _trimmed(text, open_at + 1, inner_end)
    return QuoteSpan(start, end, open_at, mark_end, closed)


class _Context:
    """Per-document indexes shared by every quote: cues, sentences, paragraphs and named mentions."""

    def __init__(self, doc: Doc, text: str, quotes: list[QuoteSpan]) -> None:
        self.doc = doc
        self.text = text
        self.sents: list[Span] = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = k
        self.para_bounds = [m.span() for m in _PARAGRAPH.finditer(self.text)]
        self.para_starts = [b[0] for b in self.para_bounds]
        self.in_quote = [False] * len(doc)
        for q in quotes:
            span = doc.char_span(q.mark_start, q.mark_end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.in_quote[i] = True
        self.ent_of: list[Span | None] = [None] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        self.cues = [t for t in doc if self._is_cue(t)]
        self.is_cue = [False] * len(doc)
        for t in self.cues:
            self.is_cue[t.i] = True
        self.cues_by_para: dict[int, list[Token]] = {}
        for t in self.cues:
            self.cues_by_para.setdefault(self.para_of(t.idx), []).append(t)
        self.titled = self._role_titles()
        self.person_names = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
        self.mentions = self._mentions()
        self.mention_starts = [m[0].start_char for m in self.mentions]
        self.spoke: set[tuple[int, int]] = set()
        self.speakers: dict[int, tuple[Span | None, Span | None, str]] = {}
        for cue in self.cues:
            self.speakers[cue.i] = self._cue_speaker(cue)

    def _is_cue(self, tok: Token) -> bool:
        if self.in_quote[tok.i]:
            return False
        if tok.lower_ == "according":
            return self._according_source(tok) is not None
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in SPEECH_VERBS:
            return False
        return not any(c.dep_ == "neg" for c in tok.children)

    def _according_source(self, tok: Token) -> Token | None:
        """The head noun behind "according to", when it names a person, organisation or a source."""
        for prep in tok.children:
            if prep.lower_ != "to":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if self.ent_of[obj.i] is not None and self.ent_of[obj.i].label_ in NAMED_LABELS:
                    return obj
                if obj.pos_ == "PROPN" or obj.lemma_.lower() in SOURCE_NOUNS | PERSON_ROLES:
                    return obj
        return None

    def _role_titles(self) -> dict[int, set[str]]:
        """Role words written next to each PERSON mention ("President Vladimir Putin" -> {"president"})."""
        titles: dict[int, set[str]] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = {t.lemma_.lower() for t in self.doc[max(ent.start - 3, 0) : ent.start]}
            appos_head = ent.root.head if ent.root.dep_ == "appos" else None
            if appos_head is not None:
                words |= {t.lemma_.lower() for t in appos_head.subtree if t.i < ent.start}
            for child in ent.root.children:
                if child.dep_ == "appos" and child.i >= ent.end:
                    words |= {t.lemma_.lower() for t in child.subtree}
            titles[ent.start] = words & PERSON_ROLES
        return titles

    def _mentions(self) -> list[tuple[Span, str]]:
        """Named mentions a pronoun or role can refer to, as (span, "PERSON" | "GROUP"), in text order.

        A name the model tags as a person anywhere in the article counts as a person everywhere in it."""
        found: list[tuple[Span, str]] = []
        for tok in self.doc:
            if self.in_quote[tok.i]:
                continue
            ent = self.ent_of[tok.i]
            if ent is not None:
                if tok.i != ent.start:
                    continue
                if ent.label_ == "PERSON" or ent[-1].text in self.person_names:
                    found.append((ent, "PERSON"))
                elif ent.label_ in GROUP_LABELS:
                    found.append((ent, "GROUP"))
            elif tok.text in self.person_names and tok.text[:1].isupper():
                found.append((self.doc[tok.i : tok.i + 1], "PERSON"))
            elif _unlabelled_name(tok, self.ent_of):
                found.append((_noun_phrase(tok, names_only=True), "PERSON"))
        return found

    def para_of(self, char: int) -> int:
        return max(bisect_right(self.para_starts, char) - 1, 0)

    def sent_index(self, char: int) -> int:
        return max(bisect_right(self.sent_starts, char) - 1, 0)

    def _cue_speaker(self, cue: Token) -> tuple[Span | None, Span | None, str]:
        """(speaker span, named span it refers to, how it was found) for a cue; in document order."""
        subj = self._according_source(cue) if cue.lower_ == "according" else _subject(cue)
        if subj is None:
            return None, None, ""
        span = _noun_phrase(subj)
        ref, how = self._reference(subj, span)
        if ref is not None:
            self.spoke.add((ref.start_char, ref.end_char))
        source = "object of 'according to'" if cue.lower_ == "according" else f"subject of '{cue.text}'"
        return span, ref, f"{source}; {how}" if how else source

    def _reference(self, head: Token, span: Span) -> tuple[Span | None, str]:
        """The named span a speaker phrase refers to, and how it was linked ('' when it is the name itself)."""
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS:
            if lower in PERSON_PRONOUNS:
                return self._resolve(head.idx, "PERSON", None), f"pronoun '{head.text}' -> last named person speaking"
            if lower in THING_PRONOUNS:
                return self._resolve(head.idx, "GROUP", None), f"pronoun '{head.text}' -> last named group"
            return None, ""
        own = self.ent_of[head.i]
        if own is not None and own.label_ in NAMED_LABELS and _capitalised(own):
            return own, ""
        for child in head.children:
            if child.dep_ == "appos":
                ent = self.ent_of[child.i]
                if ent is not None and ent.label_ in NAMED_LABELS:
                    return ent, "apposition"
                if child.pos_ == "PROPN":
                    return _noun_phrase(child, names_only=True), "apposition"
        if head.pos_ == "PROPN" or head.text in self.person_names:
            return _noun_phrase(head, names_only=True), ""
        inside = [
            e for e in (self.ent_of[i] for i in range(span.start, span.end)) if e is not None and _capitalised(e)
        ]
        people = [e for e in inside if e.label_ == "PERSON"]
        if people:
            return people[-1], "name in the speaker phrase"
        role = head.lemma_.lower() in PERSON_ROLES or head.lemma_.lower() in SOURCE_NOUNS
        if role and _indefinite(head):
            return None, "description kept: a new, unnamed person"
        if head.lemma_.lower() in PERSON_ROLES and head.tag_ != "NNS":
            found = self._resolve(head.idx, "PERSON", head.lemma_.lower(), strict=True)
            if found is not None:
                return found, f"role '{head.lemma_.lower()}' -> the person named with that role"
        named = [e for e in inside if e.label_ in NAMED_LABELS]
        return (named[-1], "organisation in the speaker phrase") if named else (None, "")

    def _resolve(self, char: int, kind: str, role: str | None, strict: bool = False) -> Span | None:
        """The most recent compatible named mention that was a subject or a speaker, within a few sentences;
        for a role ("the president") one written with that role first, and with `strict` only such a one."""
        lower = self.sent_starts[max(self.sent_index(char) - CONTEXT_SENTENCES, 0)]
        k = bisect_right(self.mention_starts, char) - 1
        latest: Span | None = None
        salient: Span | None = None
        while k >= 0 and self.mentions[k][0].start_char >= lower:
            ent, ent_kind = self.mentions[k]
            k -= 1
            if ent_kind != kind or ent.end_char > char:
                continue
            latest = latest or ent
            if (ent.start_char, ent.end_char) in self.spoke or _is_subject(ent):
                if role is None or role in self.titled.get(ent.start, set()):
                    return ent
                salient = salient or ent
            elif strict and role in self.titled.get(ent.start, set()):
                return ent
        return None if strict else salient or latest


def _indefinite(head: Token) -> bool:
    """'a spokeswoman', 'another official', 'one aide': a new, unnamed person, not one named before."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "another", "one", "some")
               for c in head.children)


def _capitalised(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span)


def _unlabelled_name(tok: Token, ent_of: list[Span | None]) -> bool:
    """A multi-word proper name the entity recogniser missed ("Ilse Marten"), taken to be a person."""
    if tok.pos_ != "PROPN" or tok.dep_ == "compound" or ent_of[tok.i] is not None:
        return False
    parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and ent_of[c.i] is None]
    return bool(parts) and all(t.text[:1].isupper() for t in [tok, *parts])


def _is_subject(ent: Span) -> bool:
    tok = ent.root
    while tok.dep_ in ("appos", "compound", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def _same_paragraph(a: Token, b: Token) -> bool:
    """No line break between two tokens (read from the tokens: Doc.text rebuilds the whole text)."""
    lo, hi = sorted((a.i, b.i))
    doc = a.doc
    return not any("\n" in doc[k].text_with_ws for k in range(lo, hi))


def _subject_in_paragraph(subject: Token, verb: Token) -> Token | None:
    """When a heading or caption runs into the next paragraph the parser can hang the real subject under a
    word of the previous paragraph; take the noun of the subject's subtree that starts the verb's paragraph."""
    for tok in subject.subtree:
        if tok.pos_ in ("NOUN", "PROPN") and _same_paragraph(tok, verb) and not _same_paragraph(tok, tok.head):
            return tok
    return None


def _direct_subject(verb: Token) -> Token | None | bool:
    """The subject of a verb; False when the verb has none; None for an expletive ("it was reported")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects:
        return False
    child = min(subjects, key=lambda c: (not _same_paragraph(c, verb), abs(c.i - verb.i)))
    if not _same_paragraph(child, verb):
        repaired = _subject_in_paragraph(child, verb)
        if repaired is None:
            return False
        child = repaired
    if child.dep_ == "expl" or (child.dep_ == "nsubjpass" and child.lower_ == "it"):
        return None
    if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head
    return child


def _subject(cue: Token) -> Token | None:
    """Speaker token of a speech verb; a participle or conjunct borrows the subject of the verb it hangs from,
    preferring a governing speech verb ("Trump said ..., adding that ...")."""
    found = _direct_subject(cue)
    if found is not False:
        return found  # type: ignore[return-value]
    if cue.dep_ == "relcl":
        return cue.head
    fallback: Token | None = None
    for anc in cue.ancestors:
        if not _same_paragraph(anc, cue):
            break
        subj = _direct_subject(anc)
        if subj is False:
            continue
        if anc.pos_ == "VERB" and anc.lemma_.lower() in SPEECH_VERBS:
            return subj  # type: ignore[return-value]
        if fallback is None and subj is not None:
            fallback = subj  # type: ignore[assignment]
    return fallback


def _noun_phrase(head: Token, names_only: bool = False) -> Span:
    """The noun phrase headed by `head`, without appositions, relative clauses and trailing punctuation."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("punct", "cc", "appos", "relcl"):
            continue
        if names_only and not (child.dep_ == "compound" and child.pos_ == "PROPN"):
            continue
        start = min(start, child.left_edge.i)
    end = head.i + 1
    if not names_only:
        for child in head.rights:
            if child.dep_ in ("prep", "compound", "amod", "case", "nummod"):
                end = max(end, child.right_edge.i + 1)
    for k in range(head.i - 1, start - 1, -1):
        if "\n" in doc[k].text_with_ws:
            start = k + 1
            break
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _is_title(ctx: _Context, span: Span, text: str) -> bool:
    """A quoted title or name ("the book "War and Peace"") rather than somebody's words."""
    before = ctx.doc[max(span.start - 2, 0) : span.start]
    if any(t.lower_ in TITLE_MARKERS for t in before):
        return True
    words = text.split()
    return 1 < len(words) <= 6 and all(w[:1].isupper() for w in words) and text[-1:] not in ".?!"


def _kind(ctx: _Context, q: QuoteSpan, text: str) -> str:
    """Direct when the quote stands as the speaker's own sentence; partial when the writer's syntax wraps it."""
    first = next((c for c in text if c.isalpha()), "")
    i = q.mark_start - 1
    while i >= 0 and ctx.text[i] in " \t":
        i -= 1
    if i >= 0 and ctx.text[i] == ":":
        return "direct"
    return "direct" if first.isupper() and len(text.split()) > 1 else "partial"


def _syntactic_cue(ctx: _Context, span: Span) -> Token | None:
    """A cue that governs the quote in the parse, or hangs off its clause as a parenthetical ("X, he added, ...")."""
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    best: Token | None = None
    for root in roots:
        node: Token | None = root
        while node is not None:
            if ctx.is_cue[node.i] and not (span.start <= node.i < span.end):
                return node
            for child in node.children:
                if child.dep_ == "parataxis" and ctx.is_cue[child.i]:
                    best = best or child
            node = node.head if node.head.i != node.i else None
    return best


def _nearby_cue(ctx: _Context, q: QuoteSpan, span: Span) -> Token | None:
    """The closest cue in the quote's paragraph, in its own or an adjacent sentence."""
    para = ctx.para_of(q.mark_start)
    s0, s1 = ctx.sent_of[span.start], ctx.sent_of[span.end - 1]
    best: tuple[int, int, Token] | None = None
    for cue in ctx.cues_by_para.get(para, []):
        if not s0 - 1 <= ctx.sent_of[cue.i] <= s1 + 1:
            continue
        same = 0 if s0 <= ctx.sent_of[cue.i] <= s1 else 1
        dist = min(abs(cue.idx - q.mark_start), abs(cue.idx - q.mark_end))
        if best is None or (same, dist) < best[:2]:
            best = (same, dist, cue)
    return best[2] if best else None


def _neighbour_paragraph_cue(ctx: _Context, q: QuoteSpan) -> tuple[Token, str] | None:
    """For a quote that is a paragraph of its own: a cue ending the previous paragraph with a colon (an
    intro: 'Durning said:'), else the cue opening the next paragraph."""
    para = ctx.para_of(q.mark_start)
    if not _quote_only_paragraph(ctx, q):
        return None
    if para > 0:
        b_start, b_end = ctx.para_bounds[para - 1]
        if ctx.text[b_start:b_end].rstrip().endswith((":", ",")):
            last_sent = ctx.sents[ctx.sent_index(b_end - 1)]
            cues = [c for c in ctx.cues_by_para.get(para - 1, []) if last_sent.start <= c.i]
            if cues:
                return cues[-1], "intro paragraph ending with a colon"
    if para + 1 < len(ctx.para_bounds):
        n_start = ctx.para_bounds[para + 1][0]
        first_sent = ctx.sents[ctx.sent_index(n_start)]
        for cue in ctx.cues_by_para.get(para + 1, []):
            if first_sent.start <= cue.i < first_sent.end:
                return cue, "speech verb opening the next paragraph"
    return None


def _record(ctx: _Context, start: int, end: int, kind: str, cue: Token | None, where: str = "",
            speaker: tuple[Span | None, Span | None, str] | None = None) -> dict:
    """One statement row; `where` says how the cue was found, `speaker` overrides the cue's speaker."""
    span, ref, how = speaker or (ctx.speakers.get(cue.i, (None, None, "")) if cue is not None else (None, None, ""))
    cue_name = None
    if cue is not None:
        cue_name = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
    rule = "; ".join(part for part in (where, how) if part) if span is not None else ""
    return {
        "text": ctx.text[start:end],
        "start": start,
        "end": end,
        "kind": kind,
        "cue": cue_name,
        "speaker_text": span.text if span is not None else None,
        "speaker_start": span.start_char if span is not None else None,
        "speaker_end": span.end_char if span is not None else None,
        "ref_start": ref.start_char if ref is not None else None,
        "ref_end": ref.end_char if ref is not None else None,
        "sentence_idx": ctx.sent_index(start),
        "speaker_rule": rule or None,
    }


def _dash_speaker(ctx: _Context, q: QuoteSpan) -> tuple[Span, Span, str] | None:
    """'“...” — Jane Roe' at the end of a line: the name after the dash is the speaker."""
    line_end = ctx.text.find("\n", q.mark_end)
    line_end = len(ctx.text) if line_end < 0 else line_end
    found = _DASH_NAME.match(ctx.text, q.mark_end, line_end)
    if found is None:
        return None
    span = ctx.doc.char_span(found.start(1), found.end(1), alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    return span, span, "name after a dash that ends the quote"


def _quote_only_paragraph(ctx: _Context, q: QuoteSpan) -> bool:
    p_start, p_end = ctx.para_bounds[ctx.para_of(q.mark_start)]
    outside = ctx.text[p_start : q.mark_start] + ctx.text[q.mark_end : p_end]
    return not any(c.isalnum() for c in outside)


def _carried_speaker(ctx: _Context, q: QuoteSpan, previous: dict[int, tuple[dict, QuoteSpan]],
                     out: list[dict]) -> tuple[Span | None, Span | None, str] | None:
    """A quote that continues the previous paragraph's unclosed quote, or a paragraph that is nothing but a
    quote right after a paragraph with an attributed quote: the same speaker."""
    para = ctx.para_of(q.mark_start)
    before = previous.get(para - 1)
    if before is None:
        return None
    rec, prev_q = before
    if rec["speaker_start"] is None:
        return None
    if not prev_q.closed:
        how = "continues the previous paragraph's quote"
    elif _quote_only_paragraph(ctx, q):
        how = "quote-only paragraph after a quote by the same speaker"
    else:
        return None
    span = ctx.doc.char_span(rec["speaker_start"], rec["speaker_end"], alignment_mode="expand")
    ref = (ctx.doc.char_span(rec["ref_start"], rec["ref_end"], alignment_mode="expand")
           if rec["ref_start"] is not None else None)
    return span, ref, how


def _marked_quotes(ctx: _Context, spans: list[QuoteSpan]) -> list[dict]:
    out: list[dict] = []
    last_in_para: dict[int, tuple[dict, QuoteSpan]] = {}
    for q in spans:
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        text = ctx.text[q.start : q.end]
        kind = _kind(ctx, q, text)
        if _is_title(ctx, span, text):
            out.append(_record(ctx, q.start, q.end, "partial", None))
            continue
        rec = None
        cue = _syntactic_cue(ctx, span)
        if cue is not None:
            rec = _record(ctx, q.start, q.end, kind, cue, "speech verb governing the quote")
        if rec is None and (dash := _dash_speaker(ctx, q)) is not None:
            rec = _record(ctx, q.start, q.end, "direct", None, speaker=dash)
        if rec is None and kind == "direct":
            near = _nearby_cue(ctx, q, span)
            if near is not None:
                rec = _record(ctx, q.start, q.end, kind, near, "speech verb in the same or next sentence")
            else:
                found = _neighbour_paragraph_cue(ctx, q)
                if found is not None:
                    rec = _record(ctx, q.start, q.end, kind, found[0], found[1])
        if rec is None and (carried := _carried_speaker(ctx, q, last_in_para, out)) is not None:
            rec = _record(ctx, q.start, q.end, kind, None, speaker=carried)
        if rec is None:
            rec = _record(ctx, q.start, q.end, kind, None)
        out.append(rec)
        last_in_para[ctx.para_of(q.mark_start)] = (rec, q)
    return out


def _quoted_share(start: int, end: int, spans: list[QuoteSpan], span_ends: list[int]) -> float:
    """Share of text[start:end] inside quote marks; spans are disjoint and in text order."""
    covered = 0
    k = bisect_right(span_ends, start)
    while k < len(spans) and spans[k].start < end:
        covered += max(0, min(end, spans[k].end) - max(start, spans[k].start))
        k += 1
    return covered / max(end - start, 1)


def _clause_bounds(ctx: _Context, clause: Token, cue: Token) -> tuple[int, int] | None:
    """Character range of a reported clause, without its complementiser, edge punctuation and a trailing
    "according to X" (which names the speaker, not the content)."""
    doc = ctx.doc
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    if cue.dep_ == "parataxis" and cue.head.i == clause.i:
        if cue.left_edge.i == lo:
            lo = cue.right_edge.i + 1
        elif cue.right_edge.i + 1 >= hi:
            hi = cue.left_edge.i
    p_start, p_end = ctx.para_bounds[ctx.para_of(cue.idx)]
    while lo < hi and doc[lo].idx < p_start:
        lo += 1
    while hi > lo and doc[hi - 1].idx >= p_end:
        hi -= 1
    for tok in doc[max(lo, clause.i + 1) : hi]:
        if not ctx.is_cue[tok.i]:
            continue
        if tok.lower_ == "according":
            if tok.right_edge.i + 1 >= hi - 1:
                hi = tok.left_edge.i
        elif tok.dep_ in ("conj", "advcl"):
            hi = tok.left_edge.i
        break
    while lo < hi and (doc[lo].dep_ == "mark" or doc[lo].is_space or _edge_punct(doc[lo])):
        lo += 1
    while hi > lo and (doc[hi - 1].dep_ == "cc" or doc[hi - 1].is_space or _edge_punct(doc[hi - 1])):
        hi -= 1
    if hi - lo < 3:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    chunk = ctx.text[start:end]
    if sum(chunk.count(c) for c in QUOTE_CHARS) % 2:
        if chunk[-1] in QUOTE_CHARS:
            end -= 1
        elif chunk[0] in QUOTE_CHARS:
            start += 1
    return _trimmed(ctx.text, start, end)


def _edge_punct(tok: Token) -> bool:
    return tok.is_punct and tok.text not in QUOTE_CHARS


def _reported_clause(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        return cue.head if cue.head.i != cue.i else None
    for child in cue.children:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            if any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in child.children):
                return None
            return child
    if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        return cue.head
    return None


def _indirect(ctx: _Context, spans: list[QuoteSpan]) -> list[dict]:
    out: list[dict] = []
    taken = [False] * len(ctx.doc)
    span_ends = [q.end for q in spans]
    ordered = sorted(ctx.cues, key=lambda t: (t.lower_ == "according", t.i))
    for cue in ordered:
        clause = _reported_clause(cue)
        if clause is None:
            continue
        if cue.lower_ == "according" and taken[clause.i]:
            continue
        bounds = _clause_bounds(ctx, clause, cue)
        if bounds is None or _quoted_share(*bounds, spans, span_ends) >= 0.9:
            continue
        source = cue
        inner = [t for t in clause.subtree if t.lower_ == "according" and ctx.is_cue[t.i]]
        if inner:
            source = inner[0]
        rec = _record(ctx, bounds[0], bounds[1], "indirect", source, "clause reported by a speech verb")
        rec["cue"] = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
        out.append(rec)
        for i in range(clause.left_edge.i, clause.right_edge.i + 1):
            taken[i] = True
    return out


def extract_quotes(doc: Doc) -> list[dict]:
    """Direct, partial and reported statements in `doc`, each with its speaker span and referent span.

    Offsets are into doc.text; see the module docstring for how speakers are found.
    """
    text = doc.text
    spans = find_quote_spans(text)
    ctx = _Context(doc, text, spans)
    found = _marked_quotes(ctx, spans) + _indirect(ctx, spans)
    return sorted(found, key=lambda r: (r["start"], r["kind"]))
