"""Article text as safe Streamlit markdown: user text escaped, chosen spans highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def escape(text: str) -> str:
    """Escape every character markdown (and Streamlit's directives) could interpret; no HTML is ever rendered."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` escaped, with each (start, end, colour) span wrapped in a coloured background.

    Overlapping spans are skipped after the first so the markup stays well formed.
    """
    out: list[str] = []
    pos = 0
    for start, end, colour in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(f":{colour}-background[{escape(text[start:end])}]")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def highlight_paragraphs(text: str, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Each paragraph of `text` (split on blank lines) as escaped markdown with its spans highlighted."""
    spans = sorted(spans)
    out = []
    pos = 0
    for para in text.split("\n\n"):
        lo, hi = pos, pos + len(para)
        inside = [(s - lo, e - lo, c) for s, e, c in spans if lo <= s and e <= hi]
        if para.strip():
            out.append(highlight(para, inside))
        pos = hi + 2
    return out
