"""Score the HTML reader against annotated article bodies.

    python -m analysis eval extraction DIR [--limit N]

DIR holds `html/<id>.html.gz` (or `.html`) pages and `ground-truth.json` mapping each id to
{"articleBody": ..., "url": ...}: the layout of the public article-extraction benchmark
(github.com/scrapinghub/article-extraction-benchmark, MIT). Each page is read as an uploaded .html file is
(`read_bytes`, then `clean_text`), and its text scored against the annotated body by word-token precision,
recall and F1 (lowercased word tokens, counted as multisets), averaged over pages; an empty result scores 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from analysis.ingest.cleaning import clean_text
from analysis.ingest.formats import Unreadable, read_bytes

TOKEN_RE = re.compile(r"\w+")


def token_scores(truth: str, predicted: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted words against the true ones (multisets, lowercased)."""
    t, p = Counter(TOKEN_RE.findall(truth.lower())), Counter(TOKEN_RE.findall(predicted.lower()))
    hit = sum((t & p).values())
    precision = hit / sum(p.values()) if p else 0.0
    recall = hit / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def extracted_text(html: bytes) -> str:
    """The text the dashboard would analyse for this page uploaded as an .html file."""
    try:
        result = read_bytes("page.html", html)
    except Unreadable:
        return ""
    if not result.docs:
        return ""
    doc = result.docs[0]
    return clean_text(doc.text, doc.title).text


def evaluate(folder: Path, limit: int | None = None) -> dict:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((folder / "html").glob("*.html*"))
    rows = []
    for path in pages[:limit] if limit else pages:
        page_id = path.name.split(".", 1)[0]
        body = (truth.get(page_id) or {}).get("articleBody")
        if not body:
            continue
        started = time.perf_counter()
        text = extracted_text(read_page(path))
        rows.append((*token_scores(body, text), not text.strip(), time.perf_counter() - started))
    if not rows:
        raise ValueError(f"{folder}: no page with an annotated article body")
    return {
        "pages": len(rows),
        "precision": statistics.fmean(r[0] for r in rows),
        "recall": statistics.fmean(r[1] for r in rows),
        "f1": statistics.fmean(r[2] for r in rows),
        "empty": sum(r[3] for r in rows),
        "below_0.5": sum(r[2] < 0.5 for r in rows),
        "ms_per_page": 1000 * statistics.fmean(r[4] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m analysis eval extraction", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", type=Path)
    p.add_argument("--limit", type=int)
    args = p.parse_args(argv)
    try:
        out = evaluate(args.folder, args.limit)
    except (OSError, ValueError) as exc:
        print(f"eval extraction: {exc}", file=sys.stderr)
        return 2
    print(f"{out['pages']} pages: precision {out['precision']:.3f}, recall {out['recall']:.3f}, "
          f"F1 {out['f1']:.3f}; {out['empty']} empty, {out['below_0.5']} below F1 0.5; "
          f"{out['ms_per_page']:.1f} ms per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
