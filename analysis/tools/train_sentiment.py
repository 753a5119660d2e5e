"""Fit the target-sentiment model on NewsMTSC train and export it for numpy inference.

`python -m analysis.tools.train_sentiment [--search] [--cache DIR]`. Fits only on train.jsonl; dev.jsonl is used
to report scores and, with --search, to choose among a few settings. Needs scikit-learn (dev only);
writes data/models/sentiment_linear.npz (vocabulary, weights, intercepts) and sentiment_linear.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from analysis.nlp.sentiment import CLASSES, MODEL_DIR, LinearModel, span_features
from analysis.tools.evaluate_sentiment import (
    DATA_DIR,
    format_table,
    load_rows,
    macro_f1,
    parse_sentences,
    scoped_scores,
    scores_by_variant,
)

SEED = 0
QUOTE_MODE = "separate"
REPORTED = False
C = 0.1
CLASS_WEIGHT: str | None = "balanced"
MIN_COUNT = 2
NGRAM_PREFIXES = ("u:", "b:", "l1:", "l2:", "r1:", "r2:", "qu:", "qb:")
METHOD = (
    "Multinomial logistic regression on target-relative features from spaCy's parse: governing word and "
    "role, distance-weighted VADER/TextBlob polarity, n-grams with the target masked; fitted on NewsMTSC"
)


def featurise(rows: Sequence[dict], docs: dict[str, Doc], quote_mode: str, reported: bool) -> list[dict]:
    """One feature dict per row (an empty dict when the target covers no token)."""
    out = []
    for r in rows:
        f = span_features(docs[r["sentence"]], [(r["target_start"], r["target_end"])], quote_mode, reported)
        out.append(f[0] or {})
    return out


def ngrams_only(feats: list[dict]) -> list[dict]:
    """Ablation: keep only words and n-grams (no parse roles, no lexicon scopes)."""
    return [{k: v for k, v in f.items() if k.startswith(NGRAM_PREFIXES) or k.endswith("_all")} for f in feats]


def fit(
    train: list[dict], y: Sequence[int], c: float, class_weight: str | None
) -> tuple[LinearModel, Callable[[list[dict]], np.ndarray]]:
    """Fit a multinomial logistic regression on features seen at least MIN_COUNT times in train.

    Returns the exported model (float16 weights, as shipped) and scikit-learn's own predictor, so the
    export can be checked against it.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for f in train for k in f)
    kept = [{k: v for k, v in f.items() if counts[k] >= MIN_COUNT} for f in train]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(kept)
    clf = LogisticRegression(C=c, class_weight=class_weight, max_iter=5000, random_state=SEED)
    clf.fit(x, np.asarray(y))
    if tuple(int(k) for k in clf.classes_) != CLASSES:
        raise ValueError(f"unexpected classes {clf.classes_}")
    names = list(vec.get_feature_names_out())
    weights = clf.coef_.T.astype(np.float16).astype(np.float64)
    bias = clf.intercept_.astype(np.float16).astype(np.float64)
    model = LinearModel({n: i for i, n in enumerate(names)}, weights, bias, QUOTE_MODE, REPORTED)
    return model, lambda feats: clf.predict(vec.transform(feats))


def predict(model: LinearModel, feats: list[dict]) -> list[int]:
    return [model.predict(f)[0] for f in feats]


def best_threshold(scores: Sequence[float], gold: Sequence[int]) -> float:
    """Neutral band for the rule-only scoped score, chosen on train."""
    grid = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]
    s = np.asarray(scores)
    best = max(grid, key=lambda t: macro_f1(gold, np.where(s >= t, 1, np.where(s <= -t, -1, 0))))
    return float(best)


def search(train_rows, dev_rows, docs) -> list[dict]:
    """A few settings scored on dev: quote handling, reported speech, ablation, C and class weights."""
    y = [r["polarity"] for r in train_rows]
    results = []
    configs = [
        ("same", False, "all", 0.1, "balanced"),
        ("drop", False, "all", 0.1, "balanced"),
        ("separate", False, "all", 0.1, "balanced"),
        ("drop", True, "all", 0.1, "balanced"),
        ("separate", False, "ngrams", 0.1, "balanced"),
        ("separate", False, "all", 0.05, "balanced"),
        ("separate", False, "all", 0.3, "balanced"),
        ("separate", False, "all", 0.1, None),
    ]
    cache: dict[tuple[str, bool], tuple[list[dict], list[dict]]] = {}
    for quote_mode, reported, feature_set, c, cw in configs:
        key = (quote_mode, reported)
        if key not in cache:
            cache[key] = (featurise(train_rows, docs, *key), featurise(dev_rows, docs, *key))
        tr, dv = cache[key]
        if feature_set == "ngrams":
            tr, dv = ngrams_only(tr), ngrams_only(dv)
        model, _ = fit(tr, y, c, cw)
        res = scores_by_variant(dev_rows, predict(model, dv))
        name = f"quotes={quote_mode}, reported={reported}, features={feature_set}, C={c}, class_weight={cw}"
        results.append({"setting": name, **{v: res[v] for v in res}})
        print(f"{res['rw']['macro_f1']:.3f} {res['mt']['macro_f1']:.3f}  {name}", flush=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="score a few settings on dev first")
    parser.add_argument("--cache", type=Path, default=None, help="directory for DocBin parse caches")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    np.random.seed(SEED)

    t0 = time.perf_counter()
    train_rows = load_rows(DATA_DIR / "train.jsonl")
    dev_rows = load_rows(DATA_DIR / "dev.jsonl")
    cache = args.cache
    docs = parse_sentences((r["sentence"] for r in train_rows), cache / "train.spacy" if cache else None)
    docs.update(parse_sentences((r["sentence"] for r in dev_rows), cache / "dev.spacy" if cache else None))
    print(f"parsed in {time.perf_counter() - t0:.1f}s", flush=True)

    searched = search(train_rows, dev_rows, docs) if args.search else []

    y = [r["polarity"] for r in train_rows]
    train = featurise(train_rows, docs, QUOTE_MODE, REPORTED)
    dev = featurise(dev_rows, docs, QUOTE_MODE, REPORTED)
    model, reference = fit(train, y, C, CLASS_WEIGHT)
    dev_pred = predict(model, dev)
    dev_scores = scores_by_variant(dev_rows, dev_pred)
    agreement = float(np.mean(np.asarray(dev_pred) == reference(dev)))
    threshold = best_threshold(scoped_scores(train_rows, docs), y)

    args.out.mkdir(parents=True, exist_ok=True)
    names = sorted(model.vocab, key=model.vocab.__getitem__)
    if any("\n" in name for name in names):
        raise ValueError("feature names must not contain line breaks (the vocabulary is stored one per line)")
    np.savez_compressed(
        args.out / "sentiment_linear.npz",
        vocab=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float16),
    )
    meta = {
        "method": METHOD,
        "dev_scores": {
            v: {"macro_f1": s["macro_f1"], "accuracy": s["accuracy"]} for v, s in dev_scores.items()
        },
        "features": {"quote_mode": QUOTE_MODE, "reported": REPORTED, "min_count": MIN_COUNT},
        "hyperparameters": {"C": C, "class_weight": CLASS_WEIGHT, "seed": SEED},
        "n_features": len(names),
        "trained_on": "NewsMTSC train.jsonl",
        "scoped_threshold": threshold,
        "sklearn_agreement_dev": agreement,
        "dev_predictions": "".join("-0+"[p + 1] for p in dev_pred),
        "search": searched,
    }
    (args.out / "sentiment_linear.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(format_table({"shipped model (dev)": dev_scores}))
    print(f"features={len(names)} sklearn agreement on dev={agreement:.4f} scoped threshold={threshold}")
    print(f"targets without tokens: {sum(not f for f in dev)}; total {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
