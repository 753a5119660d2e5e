"""The annotated-corpus evaluation of places and the ranker's fitting, on data written for the tests."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis.nlp.place_ranker import FEATURES
from analysis.tools import evaluate_places
from analysis.tools.evaluate_geoparsing import GoldArticle, inside, load_gold, score
from analysis.tools.train_place_ranker import FIXED, accuracy, fit

TEXT_A = "Talks in Geneva stalled, and delegates flew on to Nairobi."
TEXT_B = "Protesters gathered in Lyon on Sunday."


def _gold(tmp_path):
    rows = [
        {"id": "a", "text": TEXT_A, "toponyms": [
            {"start": 9, "end": 15, "name": "Geneva", "lat": 46.20, "lon": 6.15},
            {"start": 50, "end": 57, "name": "Nairobi", "lat": -1.29, "lon": 36.82},
        ]},
        {"id": "b", "text": TEXT_B, "toponyms": [
            {"start": 23, "end": 27, "name": "Lyon", "lat": 45.76, "lon": 4.84},
            {"start": 0, "end": 4, "name": "Lyon", "lat": 45.76, "lon": 4.84},  # offsets do not match: skipped
        ]},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_gold_loader_skips_toponyms_whose_offsets_do_not_match(tmp_path):
    articles = load_gold(_gold(tmp_path))
    assert [len(a.toponyms) for a in articles] == [2, 1]


def test_score_counts_found_placed_and_spurious_mentions():
    article = GoldArticle("a", TEXT_A, [
        {"start": 9, "end": 15, "name": "Geneva", "lat": 46.20, "lon": 6.15},
        {"start": 50, "end": 57, "name": "Nairobi", "lat": -1.29, "lon": 36.82},
    ])
    mentions = pd.DataFrame([
        {"article_id": "a", "start": 9, "end": 15, "text": "Geneva", "lat": 46.2, "lon": 6.1, "name": "Geneva",
         "place_id": "x", "via": "text"},
        {"article_id": "a", "start": 50, "end": 57, "text": "Nairobi", "lat": 40.0, "lon": -80.0,
         "name": "Nairobi", "place_id": "y", "via": "text"},
        {"article_id": "a", "start": 0, "end": 5, "text": "Talks", "lat": 0.0, "lon": 0.0, "name": "Talks",
         "place_id": "z", "via": "text"},
    ])
    result = score([article], mentions)
    assert (result.gold, result.found, result.resolved, result.mentions, result.mentions_on_gold) == (2, 2, 1, 3, 2)
    assert result.accuracy == 0.5 and result.resolution == 0.5
    assert "Nairobi -> Nairobi" in next(iter(result.misplaced))


def test_inside_handles_boxes_across_the_antimeridian():
    assert inside((40.0, 170.0, 70.0, -170.0), 60.0, 179.0)
    assert inside((40.0, 170.0, 70.0, -170.0), 60.0, -175.0)
    assert not inside((40.0, 170.0, 70.0, -170.0), 60.0, 0.0)
    assert not inside(None, 0.0, 0.0)


def test_eval_places_gold_mode_prints_the_three_figures(tmp_path, capsys):
    assert evaluate_places.main(["--gold", str(_gold(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "gold.jsonl: 3 gold toponyms" in out
    assert "accuracy@161km (found and within 161 km): 1.000  (3/3)" in out
    assert "precision of place mentions:               1.000" in out


def test_eval_places_names_an_unreadable_gold_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert evaluate_places.main(["--gold", str(bad)]) == 2
    assert "bad.jsonl" in capsys.readouterr().err


def test_fitting_learns_the_informative_feature_and_keeps_fixed_weights():
    rng = np.random.default_rng(0)
    informative = FEATURES.index("near_50km")
    fixed = [FEATURES.index(name) for name in FIXED]
    sets = []
    for _ in range(200):
        x = rng.normal(size=(4, len(FEATURES)))
        x[:, fixed] = 0.0
        right = np.zeros(4, dtype=bool)
        right[int(np.argmax(x[:, informative]))] = True
        sets.append((x, right))
    w = fit(sets, np.zeros(len(FEATURES)))
    assert accuracy(sets, w) > 0.95
    free = [i for i, name in enumerate(FEATURES) if name not in FIXED]
    assert max(free, key=lambda i: w[i]) == informative
    for name, value in FIXED.items():
        assert w[FEATURES.index(name)] == value
