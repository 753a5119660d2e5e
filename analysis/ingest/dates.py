"""Publication dates found in an article itself, for corpora whose manifest gives none.

A date in the body ("talks on March 12, 2025") is the date of an event, not of the article, so only
places where outlets print their own date are read: a "Published ..." line that cleaning took out, a
date in the address (/2025/03/13/), and a dateline that carries a day ("KYIV, March 13 (Reuters) -").
A dateline has no year: it takes the year from the address or from the latest full date in the text,
and is left empty when neither gives one, rather than guessed. Each date says where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from analysis.ingest.cleaning import MONTH_PATTERN as _MONTH
from analysis.ingest.cleaning import MONTHS, normalise_date

_PUBLISHED_RE = re.compile(
    r"\b(?:published|posted|updated|last updated|first published|date)(?:\s+on)?\s*:?\s*(?P<date>.{6,60})",
    re.I,
)
_URL_DATE_RE = re.compile(
    r"/(?P<y>20\d{2}|19\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?=[/\-_.]|$)"
    r"|/(?P<y2>20\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?=[/\-_.]|$)"
    r"|[/_-](?P<d3>\d{1,2})-(?P<mon3>[A-Za-z]{3,9})-(?P<y3>20\d{2})(?=[/\-_.]|$)"
)
_URL_YEAR_RE = re.compile(r"/(20\d{2})/")
_DATELINE_DAY_RE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\b(?!,?\s*\d{{4}})", re.I)
_DATELINE_FULL_RE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}\b", re.I)
_FULL_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(\d{{4}})\b|\b\d{{1,2}}\s+{_MONTH},?\s+(\d{{4}})\b", re.I
)

FROM_MANIFEST = "manifest"
FROM_METADATA = "metadata in the file"
FROM_PUBLISHED_LINE = "published line in the text"
FROM_URL = "web address"
FROM_DATELINE = "dateline"


def from_published_line(lines: Iterable[str]) -> str | None:
    """The date of the first 'Published/Updated ... <date>' line among the lines cleaning removed."""
    for line in lines:
        if len(line) > 200:
            continue
        for m in _PUBLISHED_RE.finditer(line):
            found = normalise_date(m.group("date"))
            if found:
                return found
    return None


def from_url(url: str | None) -> str | None:
    """A full date written in a web address path; a year alone is not a date."""
    if not url:
        return None
    m = _URL_DATE_RE.search(url)
    if not m:
        return None
    if m.group("y"):
        parts = (m.group("y"), m.group("m"), m.group("d"))
    elif m.group("y2"):
        parts = (m.group("y2"), m.group("m2"), m.group("d2"))
    else:
        month = MONTHS.get(m.group("mon3").lower())
        if month is None:
            return None
        parts = (m.group("y3"), str(month), m.group("d3"))
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


def _year_hint(url: str | None, text: str) -> int | None:
    """The year a dateline's day belongs to: the address's year, else the latest full date in the text."""
    if url and (m := _URL_YEAR_RE.search(url)):
        return int(m.group(1))
    years = [int(a or b) for a, b in _FULL_DATE_RE.findall(text)]
    return max(years) if years else None


def from_dateline(prefix: str | None, url: str | None, text: str) -> str | None:
    """The day in a dateline ('KYIV, March 13 (Reuters) -'), with a year from the address or the text."""
    if not prefix:
        return None
    full = _DATELINE_FULL_RE.search(prefix)
    if full:
        return normalise_date(full.group(0))
    m = _DATELINE_DAY_RE.search(prefix)
    if not m:
        return None
    year = _year_hint(url, text)
    if year is None:
        return None
    month = MONTHS.get(m.group("month").lower().rstrip("."))
    try:
        return date(year, int(month), int(m.group("day"))).isoformat() if month else None
    except ValueError:
        return None


def date_in_article(removed_lines: Iterable[str], url: str | None, dateline_prefix: str | None,
                    text: str) -> tuple[str | None, str]:
    """(date, where it came from) from the article itself, in order of trust; (None, '') when none."""
    for found, where in (
        (lambda: from_published_line(removed_lines), FROM_PUBLISHED_LINE),
        (lambda: from_url(url), FROM_URL),
        (lambda: from_dateline(dateline_prefix, url, text), FROM_DATELINE),
    ):
        value = found()
        if value:
            return value, where
    return None, ""
