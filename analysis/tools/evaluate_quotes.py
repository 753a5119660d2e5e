"""Score quote extraction and attribution against hand annotations of the seed corpus.

Run: `python -m analysis.tools.evaluate_quotes [--gold data/eval/quotes_seed.jsonl] [--articles data/articles]
[--json]`.

The gold file has one JSON object a line: article_id, text (verbatim from the article: the words inside the
quote marks for direct and partial quotes, the reported clause for indirect speech), kind and speaker.
Speakers are written canonically: a person by full name as first introduced ("Vladimir Putin",
"Oleksandr Syrskyi", "Volodymyr Zelenskyy"); an organisation or place speaking by its common name
("Kremlin", "Tass", "Moscow"); an unnamed body by its description without article ("Ukraine's military",
"Russian officials", "military commanders", "source", "reports"); null when the text names no speaker
("it has been reported that ...").

Predictions come from the full pipeline (`analysis.pipeline.analyze`), so the speaker scored is the canonical
actor the dashboard shows. They are matched one-to-one to gold statements of the same family (quote-marked or
indirect) by the character overlap of their texts (Dice >= 0.5). A speaker is right when the last word of the
gold name (surname or head noun) matches, allowing spelling variants, a word of the predicted canonical
speaker or of the speaker's words in the text ("Russian officials").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

DEFAULT_GOLD = Path("data/eval/quotes_seed.jsonl")
DEFAULT_ARTICLES = Path("data/articles")
MIN_DICE = 0.5
FULL_WORDS = 4
NAME_SIMILARITY = 85
CATEGORIES = ("full", "short_direct", "partial", "indirect")
_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "the", "a", "an"})


@dataclass
class SeedArticle:
    """The text a quote offset refers to, with its identifier."""

    article_id: str
    text: str


def load_articles(path: Path) -> list[SeedArticle]:
    """Cleaned articles from analysis.ingest.corpus when it is available; otherwise the raw .txt files."""
    try:
        from analysis.ingest.corpus import load_corpus
    except ImportError:
        return [SeedArticle(p.stem, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]
    return [SeedArticle(a.article_id, a.text) for a in load_corpus(str(path)).articles]


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def category(kind: str, text: str) -> str:
    """Evaluation bucket: direct quotes of FULL_WORDS or more words are 'full' quotes."""
    if kind == "direct":
        return "full" if len(text.split()) >= FULL_WORDS else "short_direct"
    return kind


def name_words(text: str | None, drop: frozenset[str] = _PRONOUNS) -> list[str]:
    """Lower-case ASCII words of a name or phrase, without possessive 's and the `drop` words."""
    if not text:
        return []
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"'s\b", "", text)
    return [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in drop]


def speaker_matches(gold: str | None, speaker_text: str | None, ref_text: str | None) -> bool:
    """Whether a predicted speaker (span and referent) names the gold speaker."""
    if gold is None:
        return speaker_text is None
    head = name_words(gold)[-1]
    words = name_words(ref_text) + name_words(speaker_text)
    return any(len(w) >= 3 and fuzz.ratio(head, w) >= NAME_SIMILARITY for w in words)


def dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Dice overlap of two character ranges."""
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * overlap / max((a[1] - a[0]) + (b[1] - b[0]), 1)


def _family(kind: str) -> str:
    return "indirect" if kind == "indirect" else "marked"


def match(gold: list[dict], predicted: list[dict]) -> dict[int, int]:
    """Greedy one-to-one matching of gold index -> predicted index by descending overlap."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if g["article_id"] != p["article_id"] or _family(g["kind"]) != _family(p["kind"]):
                continue
            score = dice((g["start"], g["end"]), (p["start"], p["end"]))
            if score >= MIN_DICE:
                pairs.append((score, gi, pi))
    taken_g: dict[int, int] = {}
    taken_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in taken_g and pi not in taken_p:
            taken_g[gi] = pi
            taken_p.add(pi)
    return taken_g


def locate(gold: list[dict], articles: list[SeedArticle]) -> tuple[list[dict], list[dict]]:
    """Attach character offsets to gold items; items whose text is not in the article are returned apart."""
    texts = {a.article_id: a.text for a in articles}
    found, missing = [], []
    for g in gold:
        start = texts.get(g["article_id"], "").find(g["text"])
        if start < 0:
            missing.append(g)
        else:
            found.append({**g, "start": start, "end": start + len(g["text"])})
    return found, missing


def predict(articles_path: Path) -> list[dict]:
    """Quotes from the full pipeline, so the speaker scored is the canonical actor a user sees."""
    from analysis.ingest.corpus import load_corpus
    from analysis.store.pipeline import analyze

    tables, _ = analyze(load_corpus(str(articles_path)).articles)
    quotes = tables["quotes"].astype(object).where(tables["quotes"].notna(), None)
    return [{**q, "ref_text": q["speaker"]} for q in quotes.to_dict("records")]


def evaluate(gold_path: Path = DEFAULT_GOLD, articles_path: Path = DEFAULT_ARTICLES) -> dict:
    """Precision, recall and speaker accuracy per category, plus spurious predictions and misses."""
    articles = load_articles(articles_path)
    gold, unlocated = locate(load_gold(gold_path), articles)
    predicted = predict(articles_path)
    pairs = match(gold, predicted)
    matched_pred = set(pairs.values())
    report: dict = {"categories": {}, "unlocated_gold": len(unlocated), "errors": []}
    for cat in CATEGORIES:
        g_idx = [i for i, g in enumerate(gold) if category(g["kind"], g["text"]) == cat]
        p_idx = [i for i, p in enumerate(predicted) if category(p["kind"], p["text"]) == cat]
        found = [i for i in g_idx if i in pairs]
        right = [
            i
            for i in found
            if speaker_matches(
                gold[i]["speaker"], predicted[pairs[i]]["speaker_text"], predicted[pairs[i]]["ref_text"]
            )
        ]
        report["categories"][cat] = {
            "gold": len(g_idx),
            "predicted": len(p_idx),
            "precision": sum(i in matched_pred for i in p_idx) / len(p_idx) if p_idx else None,
            "recall": len(found) / len(g_idx) if g_idx else None,
            "speaker_accuracy": len(right) / len(found) if found else None,
            "right_speaker_rate": len(right) / len(g_idx) if g_idx else None,
        }
        for i in g_idx:
            p = predicted[pairs[i]] if i in pairs else None
            if p is None or i not in right:
                report["errors"].append(
                    {
                        "category": cat,
                        "article_id": gold[i]["article_id"],
                        "text": gold[i]["text"][:80],
                        "gold_speaker": gold[i]["speaker"],
                        "predicted_speaker": None if p is None else (p["ref_text"] or p["speaker_text"]),
                        "found": p is not None,
                    }
                )
    spurious = [p for i, p in enumerate(predicted) if i not in matched_pred]
    report["spurious"] = len(spurious)
    report["spurious_examples"] = [
        {"article_id": p["article_id"], "kind": p["kind"], "text": p["text"][:80]} for p in spurious
    ]
    return report


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1%}"


def format_report(report: dict) -> str:
    lines = [f"{'category':<13}{'gold':>5}{'pred':>6}{'prec':>8}{'recall':>8}{'spk acc':>9}{'right spk':>10}"]
    for cat, row in report["categories"].items():
        lines.append(
            f"{cat:<13}{row['gold']:>5}{row['predicted']:>6}  {_fmt(row['precision'])}  {_fmt(row['recall'])}"
            f"   {_fmt(row['speaker_accuracy'])}    {_fmt(row['right_speaker_rate'])}"
        )
    lines.append(f"spurious predictions: {report['spurious']}")
    if report["unlocated_gold"]:
        lines.append(f"gold items not found in the article text: {report['unlocated_gold']}")
    for e in report["errors"]:
        status = "wrong speaker" if e["found"] else "missed"
        lines.append(
            f"  {status:<13} [{e['category']}] {e['article_id'][:3]} {e['text']!r}"
            f" gold={e['gold_speaker']!r} got={e['predicted_speaker']!r}"
        )
    for s in report["spurious_examples"]:
        lines.append(f"  spurious      [{s['kind']}] {s['article_id'][:3]} {s['text']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--polnear"]:
        from analysis.tools.evaluate_polnear import main as polnear_main

        return polnear_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", metavar="DIR", help="score on PolNeAR instead (analysis.tools.evaluate_polnear)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.gold, args.articles)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
