"""Accuracy and macro-F1 of each sentiment approach on NewsMTSC dev, per variant (rw, mt).

`python -m analysis eval sentiment [--data PATH]`. The shipped encoder runs through the pipeline's own
`score_spans` (onnxruntime), the baselines through TextBlob and VADER.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from analysis.paths import DATA

DATA_DIR = DATA / "eval" / "newsmtsc"
LEXICON_THRESHOLD = 0.05
"""Neutral band for sentence-level TextBlob polarity and VADER compound (VADER's documented cut-off)."""


def load_rows(path: Path) -> list[dict]:
    """NewsMTSC rows: sentence, target, target_start, target_end, polarity, variant."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_sentences(sentences: Iterable[str], cache: Path | None = None) -> dict[str, Doc]:
    """Parse each distinct sentence once; optionally keep parses (DocBin) and tok2vec tensors for reruns."""
    from analysis.nlp.model import load_nlp

    nlp = load_nlp()
    unique = sorted(set(sentences))
    tensors = cache.with_suffix(".tensors.npy") if cache is not None else None
    if cache is not None and cache.exists() and tensors.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == unique:
            stacked = np.load(tensors)
            bounds = np.cumsum([0] + [len(d) for d in docs])
            for d, a, b in zip(docs, bounds[:-1], bounds[1:], strict=True):
                d.tensor = stacked[a:b]
            return dict(zip(unique, docs, strict=True))
    docs = list(nlp.pipe(unique, batch_size=256))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
        np.save(tensors, np.concatenate([d.tensor for d in docs]).astype(np.float32))
    return dict(zip(unique, docs, strict=True))


def macro_f1(gold: Sequence[int], pred: Sequence[int], labels: Sequence[int] = (-1, 0, 1)) -> float:
    """Unweighted mean of per-class F1 (a class absent from both gold and prediction scores 0)."""
    g = np.asarray(gold)
    p = np.asarray(pred)
    scores = []
    for c in labels:
        tp = np.sum((g == c) & (p == c))
        denom = np.sum(g == c) + np.sum(p == c)
        scores.append(2.0 * tp / denom if denom else 0.0)
    return float(np.mean(scores))


def scores_by_variant(rows: Sequence[dict], pred: Sequence[int]) -> dict[str, dict[str, float]]:
    """{variant: {"macro_f1", "accuracy", "n"}} for each variant present in rows."""
    out: dict[str, dict[str, float]] = {}
    for variant in sorted({r["variant"] for r in rows}, reverse=True):
        idx = [i for i, r in enumerate(rows) if r["variant"] == variant]
        gold = [rows[i]["polarity"] for i in idx]
        p = [pred[i] for i in idx]
        out[variant] = {
            "macro_f1": round(macro_f1(gold, p), 4),
            "accuracy": round(float(np.mean(np.asarray(gold) == np.asarray(p))), 4),
            "n": len(idx),
        }
    return out


def _band(x: float, threshold: float) -> int:
    return 1 if x >= threshold else (-1 if x <= -threshold else 0)


def predict_textblob(rows: Sequence[dict]) -> list[int]:
    """(a) TextBlob PatternAnalyzer polarity of the whole sentence."""
    from textblob import TextBlob

    return [_band(TextBlob(r["sentence"]).sentiment.polarity, LEXICON_THRESHOLD) for r in rows]


def predict_vader(rows: Sequence[dict]) -> list[int]:
    """(b) VADER compound score of the whole sentence."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    return [_band(sia.polarity_scores(r["sentence"])["compound"], LEXICON_THRESHOLD) for r in rows]


def predict_model(rows: Sequence[dict], docs: dict[str, Doc]) -> list[int]:
    """(c) the shipped encoder, through the same `score_spans` the pipeline calls."""
    from analysis.nlp.sentiment import score_spans

    return [score_spans(docs[r["sentence"]], [(r["target_start"], r["target_end"])])[0][0] for r in rows]


def format_table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """A markdown table: approach, rw macro-F1, rw accuracy, mt macro-F1, mt accuracy."""
    lines = [
        "| approach | rw macro-F1 | rw accuracy | mt macro-F1 | mt accuracy |",
        "|---|---|---|---|---|",
    ]
    for name, res in results.items():
        rw, mt = res.get("rw", {}), res.get("mt", {})
        lines.append(
            f"| {name} | {rw.get('macro_f1', float('nan')):.3f} | {rw.get('accuracy', float('nan')):.3f} "
            f"| {mt.get('macro_f1', float('nan')):.3f} | {mt.get('accuracy', float('nan')):.3f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the per-variant table for every approach; exit 0."""
    from analysis.nlp.sentiment import DEV_SCORES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR / "dev.jsonl")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to reuse parses across runs")
    args = parser.parse_args(argv)

    rows = load_rows(args.data)
    docs = parse_sentences((r["sentence"] for r in rows), args.cache)
    approaches: dict[str, Callable[[], list[int]]] = {
        "(a) TextBlob, whole sentence": lambda: predict_textblob(rows),
        "(b) VADER, whole sentence": lambda: predict_vader(rows),
        "(c) MiniLM encoder, target marked (shipped, int8 ONNX)": lambda: predict_model(rows, docs),
    }
    results = {name: scores_by_variant(rows, fn()) for name, fn in approaches.items()}
    print(f"{args.data} ({len(rows)} targets)")
    print(format_table(results))
    if DEV_SCORES:
        print(f"saved dev scores of the shipped model: {json.dumps(DEV_SCORES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
