"""Cleaning scraped article text before NLP.

Scraped news text carries page furniture (breadcrumbs, bylines, share buttons, photo credits, related-post
trailers). Left in, it becomes fake actors, fake quotes and fake places, so it is removed here, once, and
every removal is recorded so users can see what was dropped. Kept paragraphs are never rewritten: quotes
must stay verbatim and all offsets in the project refer to the cleaned text returned here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

PARAGRAPH_BREAK = "\n\n"
HEADER_ZONE = 4
"""How many leading paragraphs may hold the page header (breadcrumb, repeated title, byline)."""
DATELINE_ZONE = 3
"""How many leading kept paragraphs may open with a dateline."""
CAPTION_MAX_WORDS = 80
SHORT_LINE_WORDS = 12


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class Removed:
    """One piece of noise removed by cleaning, shown to users so nothing disappears silently."""

    kind: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text (the string all offsets refer to) and what was taken out of it."""

    text: str
    removed: tuple[Removed, ...]
    published: str | None
    dateline: str | None


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_PATTERN = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
"""A month name or abbreviation, lower case (compile with re.I or wrap in (?i:...))."""
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_TEXT_DATE = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    rf"(?:{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+\d{{4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?"
)
_ISO_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MDY_RE = re.compile(rf"({MONTH_PATTERN})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_DMY_RE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN}),?\s+(\d{{4}})", re.I)


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the date formats news pages use, or None if it is not a real date."""
    if not value:
        return None
    value = str(value).strip()[:80]
    parts: tuple[str, str, str] | None = None
    if m := _ISO_RE.search(value):
        parts = (m.group(1), m.group(2), m.group(3))
    elif m := _MDY_RE.search(value):
        parts = (m.group(3), str(MONTHS[m.group(1).lower().rstrip(".")]), m.group(2))
    elif m := _DMY_RE.search(value):
        parts = (m.group(3), str(MONTHS[m.group(2).lower().rstrip(".")]), m.group(1))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


_DATE_PREFIX_RE = re.compile(
    rf"^(?:(?:date|published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*"
    rf"(?P<iso>{_ISO_DATE})"
    rf"|(?P<bare>{_ISO_DATE})"
    rf"|(?:published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*(?P<text>{_TEXT_DATE}))"
    r"(?:\s*[|•·]\s*|\s+|$)",
    re.I,
)

_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                             "‟": '"', "–": "-", "—": "-", "−": "-", "\u00a0": " "})


def normalise_title(text: str) -> str:
    """A comparison key for titles: curly quotes, dashes, case, spacing and end punctuation folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).casefold()
    return re.sub(r"\s+", " ", text).strip(" .:;-|")


def same_title(a: str, b: str) -> bool:
    """Whether two lines are the same headline up to typography and a stray character."""
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return False
    return na == nb or (min(len(na), len(nb)) >= 20 and fuzz.ratio(na, nb) >= 95)


def _words(text: str) -> list[str]:
    return text.split()


def looks_like_headline(line: str) -> bool:
    """A short line without sentence-final punctuation: a headline or subheading, not body prose."""
    line = line.strip()
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line[-1] in ".,;:" or line.endswith(("”", '"')) and line[-2:-1] in ".,":
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


# --- paragraph splitting -------------------------------------------------------------------------------

_BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph wrapped at a fixed width (plain-text mail style), not one line per paragraph."""
    body = lines[:-1]
    if max(len(line) for line in lines) > 100 or any(len(line) < 30 for line in body):
        return False
    open_ends = sum(1 for line in body if line[-1] not in ".!?\"”'’:")
    return open_ends * 2 >= len(body)


def split_paragraphs(raw: str) -> list[str]:
    """Paragraphs of raw text: blank lines and single newlines both end a paragraph, unless hard-wrapped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.lstrip("\ufeff")
    paragraphs: list[str] = []
    for block in _BLANK_LINE_RE.split(text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if len(lines) > 1 and _hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


# --- noise rules: each returns whether a whole paragraph is noise of one kind ---------------------------

_NAV_PHRASE_RE = re.compile(
    r"^(?:skip to (?:the )?(?:main )?(?:content|navigation|main|article)|jump to (?:main )?content"
    r"|share(?: this)?(?: article| story| post| page)?(?: on| via| to)?(?: \w+)?|share|tweet|pin it"
    r"|email(?: this)?(?: article)?|print(?: this)?(?: article| page)?|copy(?: the)? link|link copied"
    r"|advertisement|advertising|sponsored(?: content)?|ad|scroll to continue(?: with content)?"
    r"|subscribe\b.*|sign up\b.*|follow us\b.*|click here\b.*|listen to (?:this )?(?:article|story)\b.*"
    r"|\d+ (?:min|minute)s? read|comments?|\d+ comments?|leave a (?:comment|reply)|menu|main menu|search"
    r"|log ?in|sign in|close|back to top|next (?:article|post|story)|previous (?:article|post|story)"
    r"|toggle navigation|open menu|accept(?: all)?(?: cookies)?|we use cookies\b.*)$"
)
_MENU_WORDS = _word_set(
    "home news world europe asia africa americas us uk politics business economy markets sport sports "
    "culture arts opinion tech technology science health entertainment lifestyle travel video videos live "
    "latest weather climate investigations features analysis international national local middle east "
    "australia canada india china russia ukraine global more magazine podcasts newsletters"
)
_BREADCRUMB_SEPARATORS_RE = re.compile(r"\s*(?:>|»|›|/|\||::|→)\s*")


def _key(text: str) -> str:
    return re.sub(r"[^\w\s']", " ", normalise_title(text)).strip()


def _is_navigation(paragraph: str) -> bool:
    words = _words(paragraph)
    if len(words) > 10:
        return False
    key = " ".join(_key(paragraph).split())
    if _NAV_PHRASE_RE.match(key):
        return True
    return len(words) >= 3 and all(w in _MENU_WORDS for w in key.split())


def _is_menu_item(paragraph: str) -> bool:
    """'Home', 'World News': a lone menu entry, only trusted above the article body."""
    words = _key(paragraph).split()
    return 0 < len(words) <= 2 and all(w in _MENU_WORDS for w in words)


def _is_separated_breadcrumb(paragraph: str) -> bool:
    """'Home > World > Europe' style trails: short segments joined by path separators."""
    if len(paragraph) > 250:
        return False
    segments = [s for s in _BREADCRUMB_SEPARATORS_RE.split(paragraph) if s]
    if len(segments) < 2 or any(len(s.split()) > 6 for s in segments[:-1]):
        return False
    first = segments[0].casefold()
    return first in {"home", "news", "homepage", "start"} or (
        len(segments) >= 3 and all(len(s.split()) <= 4 for s in segments)
    )


def _crumb_prefix(prefix: str) -> bool:
    """A few capitalised section names, as left by a breadcrumb glued in front of a headline."""
    words = _BREADCRUMB_SEPARATORS_RE.sub(" ", prefix).split()
    return 1 <= len(words) <= 5 and all(w[0].isupper() or w.casefold() in _MENU_WORDS for w in words)


def _breadcrumb_before(paragraph: str, title: str) -> bool:
    """'Home Europe <title>': the title preceded by section names."""
    norm_p, norm_t = normalise_title(paragraph), normalise_title(title)
    if not norm_t or len(norm_p) <= len(norm_t) or not norm_p.endswith(norm_t):
        return False
    cut = len(paragraph) - len(paragraph.rstrip(" .:;-|"))
    prefix = paragraph[: len(paragraph) - cut - len(norm_t)]
    return _crumb_prefix(prefix) and prefix.strip().split()[0].casefold() in _MENU_WORDS | {"home"}


_BYLINE_RE = re.compile(
    r"^(?:by|written by|words by|story by|posted by|reported by|author|authors)\s*[:\-]?\s+(?P<who>.+)$", re.I
)
_BYLINE_LOWER = _word_set(
    "and editor editors staff admin reporter reporters writer writers correspondent desk team the of in "
    "news our web online de da del van von der bin al le la"
)


def _is_byline(paragraph: str) -> bool:
    if len(paragraph) > 160 or len(_words(paragraph)) > SHORT_LINE_WORDS:
        return False
    m = _BYLINE_RE.match(paragraph)
    if not m:
        return False
    who = re.split(r"\s*[|•·—–]\s*|\s+-\s+", m.group("who"))[0]
    who = re.sub(r",\s*(?:" + _TEXT_DATE + r"|" + _ISO_DATE + r").*$", "", who, flags=re.I)
    names = [w.strip(",;:") for w in who.split()]
    names = [w for w in names if w]
    if not names or who.rstrip().endswith(tuple(".!?")) and not re.search(r"\b[A-Z]\.$", who.rstrip()):
        return False
    return all(w[0].isupper() or w.casefold() in _BYLINE_LOWER or w == "&" for w in names)


_RELATED_HEADING_RE = re.compile(
    r"^(?:related(?: posts?| articles?| stories| story| content| coverage| news| reading| links| topics)?"
    r"|read more|read next|read also|also read|see also|further reading|more (?:from|on|about) .{1,40}"
    r"|more (?:stories|news|articles)|you (?:may|might) also (?:like|be interested in|enjoy)"
    r"|recommended(?: for you| stories| articles| reading)?|most (?:read|popular|viewed|shared)"
    r"|trending(?: now| stories| news)?|latest (?:news|stories|posts|articles)|popular (?:posts|stories)"
    r"|don'?t miss|editor'?s picks|top stories)\s*:?$",
    re.I,
)
_RELATED_INLINE_RE = re.compile(
    r"^(?:read more|read also|also read|see also|related|read next|more|watch|listen|recommended|most read"
    r"|most popular|trending|don'?t miss)"
    r"\s*[:|]\s*\S",
    re.I,
)


def _is_related_heading(paragraph: str) -> bool:
    return len(_words(paragraph)) <= 8 and bool(_RELATED_HEADING_RE.match(paragraph.strip()))


def _is_related_inline(paragraph: str) -> bool:
    return len(_words(paragraph)) <= 40 and bool(_RELATED_INLINE_RE.match(paragraph))


def _is_list_item(paragraph: str) -> bool:
    """A trailer entry: a linked headline, not a paragraph of prose."""
    return looks_like_headline(paragraph) or len(_words(paragraph)) <= 6


_CONTRIB_RE = re.compile(
    r"\b(?:contributed|contributing)\s+(?:to\s+)?(?:this\s+|the\s+)?"
    r"(?:report|reporting|story|article|coverage)\b"
    r"|^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|translation)\s+by\b"
    r"|^\(?\s*(?:with\s+)?(?:additional\s+)?(?:reporting|input)\s+from\b",
    re.I,
)


def _is_contributors(paragraph: str) -> bool:
    return len(paragraph) <= 500 and len(_words(paragraph)) <= 60 and bool(_CONTRIB_RE.search(paragraph))


_AGENCIES = frozenset({
    "reuters", "ap", "afp", "epa", "getty images", "ap photo", "afp photo", "epa-efe", "shutterstock",
    "alamy", "bloomberg", "sputnik", "tass", "ria novosti", "anadolu", "anadolu agency", "xinhua", "pa",
    "pa images", "pa wire", "handout", "pool", "ansa", "dpa", "efe", "kyodo", "zuma wire", "imago",
    "nurphoto", "sipa", "upi", "associated press", "agence france-presse",
})
_CREDIT_LOWER = _word_set("via for by of the and de van von der al la le / &")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’)\]]*\s+(?=\S)")
_CREDIT_PAREN_RE = re.compile(
    r"[(\[]\s*(?:photo(?:graph)?s?|images?|picture|pic|credit|file photo|video|source)(?:\s+by)?\s*[:\-]?\s*"
    r"[^()\[\]]{1,80}[)\]]\s*\.?$",
    re.I,
)
_CREDIT_LABEL_RE = re.compile(
    r"(?:^|[.!?]\s+|\|\s*)(?:photo(?:graph)?s?|images?|picture|credit|image source|photo credit)(?:\s+by)?"
    r"\s*[:,]\s*[^.!?]{1,80}$",
    re.I,
)
_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright)\s*\d{0,4}\s*[A-Z][^.!?]{0,60}$")


def _is_credit(segment: str) -> bool:
    """'Saul Loeb/via Reuters', 'REUTERS/Name', 'Photo by X/Getty Images', 'Getty Images'."""
    segment = segment.strip().rstrip(".")
    words = segment.replace("/", " / ").split()
    if not words or len(words) > 14 or len(segment) > 120:
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.casefold() in _CREDIT_LOWER for w in words):
        return False
    lower = segment.casefold()
    if "/" in segment:
        pieces = [p.strip() for p in segment.split("/")]
        return all(p and (p[0].isupper() or p.casefold().startswith("via ")) for p in pieces)
    if lower.startswith(("photo by ", "photograph by ", "image by ", "picture by ")):
        return True
    return lower in _AGENCIES or lower.removeprefix("via ") in _AGENCIES


def _is_caption(paragraph: str) -> bool:
    """A photo caption: a short paragraph ending in a photo credit."""
    if len(_words(paragraph)) > CAPTION_MAX_WORDS:
        return False
    tail = paragraph[-200:]
    if _CREDIT_PAREN_RE.search(tail) or _CREDIT_LABEL_RE.search(tail) or _COPYRIGHT_RE.search(tail):
        return True
    ends = list(_SENTENCE_END_RE.finditer(tail))
    last = tail[ends[-1].end():] if ends else paragraph
    if ends or len(paragraph) <= len(tail):
        return _is_credit(last)
    return False


_EMBED_RE = re.compile(
    r"Embed from Getty Images|Embed from (?:Instagram|Twitter|X|YouTube|Facebook|TikTok)\b"
)

_DATELINE_STOP = _word_set(
    "update updated breaking watch live exclusive analysis opinion editor's note read more photos video "
    "warning note comment explainer factbox timeline"
)
_DATELINE_CAPS_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?P<region>, [A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,2})?"
    rf"(?P<date>,? (?i:{MONTH_PATTERN}) \d{{1,2}}(?:,? \d{{4}})?)?"
    r"(?: \((?P<agency>[A-Za-z][\w .&'\-]{0,30})\))?"
    r"\s*(?:--|—|–|-|:)\s+(?=\S)"
)
_DATELINE_AGENCY_RE = re.compile(
    r"^(?P<place>[A-Z][a-z.'’\-]+(?: [A-Z][a-z.'’\-]+){0,2})"
    r"(?P<region>, [A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,2})?"
    rf"(?P<date>,? (?i:{MONTH_PATTERN}) \d{{1,2}}(?:,? \d{{4}})?)?"
    r" \((?P<agency>AP|Reuters|AFP|Bloomberg|CNN|UPI|dpa|EFE|Xinhua|TASS|[A-Z]{2,6})\)"
    r"\s*(?:--|—|–|-|:)\s+(?=\S)"
)


def _dateline(paragraph: str) -> tuple[str, str] | None:
    """('LONDON', 'LONDON --') when the paragraph opens with a news-agency style dateline."""
    m = _DATELINE_CAPS_RE.match(paragraph) or _DATELINE_AGENCY_RE.match(paragraph)
    if not m:
        return None
    place = m.group("place")
    if len(place.replace(".", "")) < 3 or place.casefold() in _DATELINE_STOP:
        return None
    if m.re is _DATELINE_CAPS_RE and m.group("agency") is None and ":" in m.group(0) and " " not in place:
        return None
    return place, m.group(0).rstrip()


def _strip_embeds(paragraph: str, removed: list[Removed]) -> str:
    """Drop 'Embed from Getty Images' widget text, also when glued to the next word."""
    pieces = []
    last = 0
    for m in _EMBED_RE.finditer(paragraph):
        removed.append(Removed("embed_credit", m.group(0)))
        pieces.append(paragraph[last:m.start()])
        last = m.end()
    if not pieces:
        return paragraph
    pieces.append(paragraph[last:])
    out = pieces[0]
    for piece in pieces[1:]:
        if out and piece and not out[-1].isspace() and not piece[0].isspace():
            out += " "
        out += piece
    return out.strip()


def _take_date_prefix(paragraph: str, removed: list[Removed]) -> tuple[str, str | None]:
    m = _DATE_PREFIX_RE.match(paragraph)
    if not m:
        return paragraph, None
    published = normalise_date(m.group("iso") or m.group("bare") or m.group("text"))
    if published is None:
        return paragraph, None
    removed.append(Removed("date_prefix", m.group(0).strip()))
    return paragraph[m.end():].lstrip(), published


def _joins_next(paragraph: str, following: str) -> bool:
    """A paragraph cut after a comma ('"…soldiers,"' then 'Syrskyi stated') continues into the next one."""
    stripped = paragraph.rstrip("\"”’'")
    return stripped.endswith(",") and bool(following) and (following[0].isalpha())


def _is_breadcrumb(paragraph: str, title: str | None, following: str) -> bool:
    if title and _breadcrumb_before(paragraph, title):
        return True
    if following and _breadcrumb_before(paragraph, following) and looks_like_headline(following):
        return True
    return _is_separated_breadcrumb(paragraph)


def _header(paragraphs: list[str], title: str | None, removed: list[Removed]) -> int:
    """Remove the page header (breadcrumbs, repeated title, bylines, menus); return the first body index."""
    index = 0
    limit = min(len(paragraphs), HEADER_ZONE)
    while index < limit:
        paragraph = paragraphs[index]
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if title and same_title(paragraph, title):
            removed.append(Removed("repeated_title", paragraph))
        elif _is_breadcrumb(paragraph, title, following):
            removed.append(Removed("breadcrumb", paragraph))
        elif _is_byline(paragraph):
            removed.append(Removed("byline", paragraph))
        elif _is_navigation(paragraph) or _is_menu_item(paragraph):
            removed.append(Removed("navigation", paragraph))
        else:
            break
        index += 1
        limit = min(len(paragraphs), limit + 1)
    return index


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Remove page furniture from one article's raw text; paragraphs are joined by a blank line.

    `title` (the known headline) lets a repeated headline and a breadcrumb glued to it be recognised.
    """
    removed: list[Removed] = []
    paragraphs = split_paragraphs(raw)
    published = None
    if paragraphs:
        first, published = _take_date_prefix(paragraphs[0], removed)
        paragraphs[0] = first
        if not first:
            paragraphs.pop(0)
    start = _header(paragraphs, title, removed)

    kept: list[str] = []
    in_trailer = False
    for paragraph in paragraphs[start:]:
        paragraph = _strip_embeds(paragraph, removed)
        if not paragraph:
            continue
        if in_trailer and _is_list_item(paragraph):
            removed.append(Removed("related_posts", paragraph))
            continue
        in_trailer = False
        if kept and _is_related_heading(paragraph):
            removed.append(Removed("related_posts", paragraph))
            in_trailer = True
        elif _is_related_inline(paragraph):
            removed.append(Removed("related_posts", paragraph))
        elif _is_contributors(paragraph):
            removed.append(Removed("contributors", paragraph))
        elif _is_caption(paragraph):
            removed.append(Removed("photo_caption", paragraph))
        elif _is_byline(paragraph):
            removed.append(Removed("byline", paragraph))
        elif _is_navigation(paragraph) or _is_separated_breadcrumb(paragraph) and len(paragraph) < 80:
            removed.append(Removed("navigation", paragraph))
        elif title and not kept and same_title(paragraph, title):
            removed.append(Removed("repeated_title", paragraph))
        else:
            kept.append(paragraph)

    dateline = None
    for i, paragraph in enumerate(kept[:DATELINE_ZONE]):
        found = _dateline(paragraph)
        if found:
            dateline, prefix = found
            removed.append(Removed("dateline", prefix))
            kept[i] = paragraph[len(prefix):].lstrip()
            break

    joined: list[str] = []
    for paragraph in kept:
        if joined and _joins_next(joined[-1], paragraph):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return Cleaned(PARAGRAPH_BREAK.join(joined), tuple(removed), published, dateline)


def guess_title(raw: str) -> str | None:
    """The headline when the text opens with one (after any date prefix, breadcrumb or menu line)."""
    paragraphs = split_paragraphs(raw[:5000])
    if not paragraphs:
        return None
    first, _ = _take_date_prefix(paragraphs[0], [])
    paragraphs[0] = first
    for i, paragraph in enumerate(paragraphs[:HEADER_ZONE]):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if following and _breadcrumb_before(paragraph, following):
            continue
        if not paragraph or _is_separated_breadcrumb(paragraph) or _is_navigation(paragraph):
            continue
        if _is_byline(paragraph):
            continue
        return paragraph if looks_like_headline(paragraph) else None
    return None
