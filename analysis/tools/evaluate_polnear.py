"""Score the `quotes` table on PolNeAR, annotated attribution in political news from seven US outlets.

    python -m analysis eval quotes --polnear DIR [--split dev] [--limit N] [--errors N]

DIR holds one JSON-lines file per split (`train.jsonl`, `dev.jsonl`, `test.jsonl`), one article a line:
`{"doc_id", "text", "attributions": [{"content": [[start, end], ...], "source": [[start, end], ...],
"cue": [[start, end], ...], "content_text", "source_text", "cue_text"}]}` with character offsets into `text`
(the brat annotations converted; the corpus is not shipped). Articles go through the full pipeline as
given (already clean text), and the scored table is the `quotes` table the dashboard shows.

A gold attribution is found when a predicted quote overlaps its content (Dice >= 0.5 over characters, one
to one, best first) or the predicted quotes lying inside it cover at least half of it (a content quoted in
pieces around "he said"). A predicted quote is correct (precision) when at least half of it lies inside a gold
content. Gold kinds: direct (the content is a quotation standing alone), partial (quote marks
inside or around part of it), reported (no quote marks). The speaker is right when the predicted speaker
span overlaps the gold source span, or the predicted canonical speaker names the gold source (its head word
matches a word of the canonical name), or, for a gold source that is a relative pronoun ("who"), when the
predicted span ends right before it; with no gold source, when no speaker is predicted.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from analysis.tools.evaluate_quotes import dice, name_words

MIN_DICE = 0.5
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
OPEN = "“\"«‘'"
CLOSE = "”\"»’'"
QUOTE_MARKS = "“”\"«»"
KINDS = ("direct", "partial", "reported")
PREDICTED_KIND = {"direct": "direct", "partial": "partial", "indirect": "reported"}
_FUNCTION_WORDS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "the", "a",
                             "an", "of", "and", "to", "in", "for", "on", "who", "which", "that", "mr", "mrs", "ms"})


def load_split(folder: Path, split: str, limit: int | None = None) -> list[dict]:
    with (folder / f"{split}.jsonl").open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return docs[:limit] if limit else docs


def gold_kind(text: str, spans: list[list[int]]) -> str:
    """direct, partial or reported, from quote marks inside the content and right around it."""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    inner = text[start:end].strip()
    before = text[max(start - 2, 0):start].strip()
    after = text[end:end + 2].strip(" ,.")
    marks = sum(inner.count(c) for c in QUOTE_MARKS)
    opens = inner[:1] in OPEN or (before[-1:] in OPEN and before[-1:] != "")
    closes = inner[-1:] in CLOSE or inner[-2:-1] in CLOSE or (after[:1] in CLOSE and after[:1] != "")
    inside = inner.strip(OPEN + CLOSE + " .,")
    if opens and closes and not any(c in inside for c in QUOTE_MARKS):
        return "direct"
    if marks or any(c in QUOTE_MARKS for c in before + after):
        return "partial"
    return "reported"


def speaker_right(gold: dict, pred: dict) -> bool:
    """The predicted speaker is the gold source (see the module docstring)."""
    sources = gold["source"]
    if not sources:
        return pred["speaker_text"] is None and pred["speaker"] is None
    if pd.notna(pred["speaker_start"]):
        s, e = int(pred["speaker_start"]), int(pred["speaker_end"])
        if any(min(e, ge) > max(s, gs) for gs, ge in sources):
            return True
        relative = gold["source_text"].strip().lower() in RELATIVE_PRONOUNS
        if relative and any(0 <= gs - e <= 3 for gs, _ in sources):
            return True  # "Jane Roe, who said ...": the antecedent right before "who" is the source
    head = name_words(gold["source_text"], _FUNCTION_WORDS)
    if not head or pred["speaker"] is None:
        return False
    return any(len(w) >= 3 and fuzz.ratio(head[-1], w) >= 85 for w in name_words(pred["speaker"], _FUNCTION_WORDS))


def _inside(p: tuple[int, int], spans: list[list[int]]) -> int:
    return sum(max(0, min(p[1], e) - max(p[0], s)) for s, e in spans)


def match(gold: list[dict], pred: list[dict]) -> tuple[dict[int, int], set[int]]:
    """(gold index -> its predicted quote, predicted indexes that lie inside some gold content)."""
    spans = [(int(p["start"]), int(p["end"])) for p in pred]
    pairs = []
    pieces: dict[int, list[int]] = {}
    inside: set[int] = set()
    for gi, g in enumerate(gold):
        gs = (min(s for s, _ in g["content"]), max(e for _, e in g["content"]))
        for pi, ps in enumerate(spans):
            score = dice(gs, ps)
            if score >= MIN_DICE:
                pairs.append((score, gi, pi))
            within = _inside(ps, g["content"])
            if within * 2 >= ps[1] - ps[0]:
                inside.add(pi)
                pieces.setdefault(gi, []).append(pi)
    taken: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in taken and pi not in used:
            taken[gi] = pi
            used.add(pi)
    for gi, members in pieces.items():
        if gi in taken:
            continue
        g = gold[gi]
        total = sum(e - s for s, e in g["content"])
        covered = sum(_inside(spans[pi], g["content"]) for pi in members)
        if covered * 2 >= total:
            taken[gi] = max(members, key=lambda pi: spans[pi][1] - spans[pi][0])
    return taken, inside


def predict(docs: list[dict]) -> pd.DataFrame:
    """The quotes table of the full pipeline for the articles, as given."""
    from analysis.ingest.corpus import Article
    from analysis.store.pipeline import analyze

    articles = [Article(article_id=d["doc_id"], source=d["doc_id"].split("_", 1)[0], title=d["doc_id"], url="",
                        published=None, text=d["text"], removed=(), dateline=None, file=d["doc_id"],
                        encoding="utf-8") for d in docs]
    tables, _ = analyze(articles)
    quotes = tables["quotes"]
    return quotes.astype(object).where(quotes.notna(), None)


def evaluate(docs: list[dict], quotes: pd.DataFrame) -> dict:
    """Detection and right-speaker figures per gold kind, plus error examples."""
    by_doc = {aid: g.to_dict("records") for aid, g in quotes.groupby("article_id", sort=False)}
    counts: Counter = Counter()
    errors: list[dict] = []
    for d in docs:
        gold = [a for a in d["attributions"] if a["content"]]
        pred = by_doc.get(d["doc_id"], [])
        pairs, matched = match(gold, pred)
        matched |= set(pairs.values())
        for gi, g in enumerate(gold):
            kind = gold_kind(d["text"], g["content"])
            counts[(kind, "gold")] += 1
            if gi not in pairs:
                continue
            p = pred[pairs[gi]]
            counts[(kind, "found")] += 1
            if speaker_right(g, p):
                counts[(kind, "right")] += 1
            else:
                errors.append({"doc": d["doc_id"], "kind": kind, "content": g["content_text"][:90],
                               "gold": g["source_text"], "got": p["speaker"] or p["speaker_text"],
                               "span": p["speaker_text"], "cue": p["cue"], "rule": p.get("speaker_rule")})
        for pi, p in enumerate(pred):
            counts[(PREDICTED_KIND.get(p["kind"], "reported"), "pred")] += 1
            if pi in matched:
                counts[(PREDICTED_KIND.get(p["kind"], "reported"), "pred_matched")] += 1
    rows = {}
    for kind in (*KINDS, "quoted", "all"):
        members = {"quoted": ("direct", "partial"), "all": KINDS}.get(kind, (kind,))
        c = {k: sum(counts[(m, k)] for m in members) for k in ("gold", "found", "right", "pred", "pred_matched")}
        precision = c["pred_matched"] / c["pred"] if c["pred"] else None
        recall = c["found"] / c["gold"] if c["gold"] else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        rows[kind] = {**c, "precision": precision, "recall": recall, "f1": f1,
                      "right_speaker": c["right"] / c["found"] if c["found"] else None}
    return {"kinds": rows, "errors": errors}


def _pct(v: float | None) -> str:
    return "    -" if v is None else f"{v:6.1%}"


def format_report(report: dict, n_errors: int) -> str:
    lines = [f"{'kind':<10}{'gold':>6}{'pred':>6}{'found':>7}  {'prec':>6}  {'recall':>6}  {'F1':>6}  "
             f"{'right speaker':>13}"]
    for kind, r in report["kinds"].items():
        lines.append(f"{kind:<10}{r['gold']:>6}{r['pred']:>6}{r['found']:>7}  {_pct(r['precision'])}  "
                     f"{_pct(r['recall'])}  {_pct(r['f1'])}  {_pct(r['right_speaker']):>13}")
    lines.append("(pred and precision by the predicted kind; gold, recall and right speaker by the gold kind)")
    for e in report["errors"][:n_errors]:
        lines.append(f"  [{e['kind']}] {e['doc'][:40]} gold={e['gold']!r} got={e['got']!r} span={e['span']!r} "
                     f"cue={e['cue']!r} rule={e['rule']!r} :: {e['content']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis eval quotes --polnear", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print N wrong-speaker examples")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    docs = load_split(args.folder, args.split, args.limit)
    report = evaluate(docs, predict(docs))
    print(json.dumps(report["kinds"], indent=2) if args.json else format_report(report, args.errors))
    return 0
