"""Fit the place ranker's weights on annotated geoparsing corpora and write data/models/place_ranker.json.

For every gold toponym that the extractor finds, the readings of the found span are one choice set; the
readings within 161 km of the gold point are the right answers. The weights maximise the likelihood of a
right answer under a softmax over each choice set (conditional logit, L2-regularised, fitted by Adam in
numpy). Distances to the article's other places depend on the first pass, which depends on the weights,
so fitting runs in rounds, each re-resolving the corpus with the previous round's weights.

    python -m analysis.tools.train_place_ranker --train lgl.jsonl --train geovirus.jsonl \
        --holdout trnews.jsonl [--out data/models/place_ranker.json]

Corpora are JSON lines as read by `analysis.tools.evaluate_geoparsing.load_gold`; they are not shipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

from analysis.nlp.gazetteer import get_gazetteer, haversine_km
from analysis.nlp.model import load_nlp
from analysis.nlp.place_ranker import DEFAULT_WEIGHTS, FEATURES, RANKER_PATH
from analysis.nlp.places import article_context, candidate_spans, resolve
from analysis.tools.evaluate_geoparsing import TOLERANCE_KM, GoldArticle, load_gold

L2 = 1e-3
STEPS = 800
LEARNING_RATE = 0.05

# Weights held at their hand-set value, not fitted. The corpora carry no datelines, so the data says nothing
# about them. Local US news (LGL) rewards small home-state namesakes of world cities and the state reading of
# a name shared with a capital ("Washington"), which a tool for news from everywhere must not learn: a far
# smaller namesake on another continent needs the article to point to it; a capital and a region keep the
# hand-set weights, and context (a named region, nearby places) decides between them.
FIXED: dict[str, float] = {
    "dateline_country": DEFAULT_WEIGHTS["dateline_country"],
    "far_smaller_namesake": DEFAULT_WEIGHTS["far_smaller_namesake"],
    "is_capital": DEFAULT_WEIGHTS["is_capital"],
    "capital_of_named_country": DEFAULT_WEIGHTS["capital_of_named_country"],
    "is_region": DEFAULT_WEIGHTS["is_region"],
}


def _parse(articles: list[GoldArticle]) -> list:
    nlp = load_nlp()
    return list(nlp.pipe((a.text for a in articles), batch_size=16))


def choice_sets(articles: list[GoldArticle], docs: list, w: tuple[float, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(feature matrix, right-answer mask) for every found gold toponym with a right and a wrong reading."""
    gaz = get_gazetteer()
    out = []
    for art, doc in zip(articles, docs, strict=True):
        kept = candidate_spans(doc, gaz, None)
        if not kept:
            continue
        _, table = resolve(gaz, doc, kept, article_context(gaz, [c for c, _ in kept], None), w)
        for (cand, readings), rows in zip(kept, table, strict=True):
            start, end = doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1])
            gold = next((t for t in art.toponyms if start < t["end"] and t["start"] < end), None)
            if gold is None:
                continue
            right = np.array([haversine_km(p.lat, p.lon, gold["lat"], gold["lon"]) <= TOLERANCE_KM
                              for p, _ in readings])
            if right.any():
                out.append((np.asarray(rows, dtype=float), right))
    return out


def fit(sets: list[tuple[np.ndarray, np.ndarray]], start: np.ndarray) -> np.ndarray:
    """Conditional-logit weights by Adam on the mean negative log-likelihood plus L2."""
    informative = [(x, y) for x, y in sets if not y.all()]
    free = np.array([name not in FIXED for name in FEATURES], dtype=float)
    w = np.where(free > 0, start, [FIXED.get(name, 0.0) for name in FEATURES])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        grad = L2 * w
        for x, y in informative:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * y
            q /= q.sum()
            grad += (p - q) @ x / len(informative)
        grad *= free
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def accuracy(sets: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    """Share of choice sets whose top-scored reading is a right one."""
    return float(np.mean([y[int(np.argmax(x @ w))] for x, y in sets])) if sets else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.tools.train_place_ranker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", action="append", type=Path, required=True)
    parser.add_argument("--holdout", action="append", type=Path, default=[])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RANKER_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    train = [a for path in args.train for a in load_gold(path)]
    hold = [a for path in args.holdout for a in load_gold(path)]
    train_docs, hold_docs = _parse(train), _parse(hold)
    w = np.array([DEFAULT_WEIGHTS[f] for f in FEATURES], dtype=float)
    default = w.copy()
    for round_no in range(1, args.rounds + 1):
        sets = choice_sets(train, train_docs, tuple(w))
        w = fit(sets, w)
        print(f"round {round_no}: {len(sets)} choice sets, train accuracy {accuracy(sets, w):.3f}", file=sys.stderr)
    report: dict[str, object] = {"train_choice_sets": len(sets), "train_accuracy": round(accuracy(sets, w), 4)}
    if hold:
        hold_sets = choice_sets(hold, hold_docs, tuple(w))
        report["holdout_choice_sets"] = len(hold_sets)
        report["holdout_accuracy"] = round(accuracy(hold_sets, w), 4)
        report["holdout_accuracy_default_weights"] = round(
            accuracy(choice_sets(hold, hold_docs, tuple(default)), default), 4)
    payload = {
        "features": list(FEATURES),
        "weights": {f: round(float(x), 4) for f, x in zip(FEATURES, w, strict=True)},
        "fixed": sorted(FIXED),
        "trained_on": [p.name for p in args.train],
        "holdout": [p.name for p in args.holdout],
        "trained": dt.date.today().isoformat(),
        "seconds": round(time.perf_counter() - started),
        **report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
