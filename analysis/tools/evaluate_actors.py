"""Score actor identity on a multi-outlet corpus against annotated people.

    python -m analysis eval actors CORPUS_DIR [CORPUS_DIR ...] [--gold gold_people.json] [--verbose]

Each corpus folder holds the articles with their `manifest.csv` and a `gold_people.json`:
`{"people": [{"person": "Jane Roe", "variants": ["Jane Roe", "Roe", "Ms Roe"]}, ...],
  "apart": [{"apart": ["Jane Roe", "John Roe"], "why": "..."}]}` listing every person named at least twice
and each surface form the corpus uses for them. The corpus runs through the full pipeline; the scored
table is the `mentions` table the dashboard shows.

- split: a gold person whose variants land in two or more PERSON actors;
- typed as something else: a gold person one of whose variants lands in an actor that is not a PERSON
  ('Yunus' typed as a place): that mention is lost to the person's counts, a split the PERSON table hides;
- missed: a gold person with no PERSON actor at all;
- split only by a flagged bare name: a split whose other actor is a bare name the table flags as ambiguous
  between namesakes, which the rules leave apart on purpose (counted in the splits too);
- wrong merge: an actor holding a variant that only one gold person uses and one that only another uses,
  except an actor the table flags as an ambiguous bare name ('Moise' beside two Moïses in an article): it
  claims no one, so it counts only towards splits.
A variant that two gold people share ('Navalnaya' for mother and widow) says nothing by itself and is
ignored for both counts. A bare name that means another person in one article than elsewhere ('Lee' for Lee
Sang-min in an article about him, Lee Jae-myung elsewhere) is given per file:
`"by_file": [{"file": "20_outlet.txt", "variant": "Lee", "person": "Lee Sang-min"}]`; `"person": null`
ignores the variant in that file (it names two people there).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.nlp.names import name_key, strip_name


def _key(surface: str) -> str:
    return name_key(strip_name(surface))


def score(mentions: pd.DataFrame, gold: dict, ambiguous: Iterable[str] = ()) -> dict:
    """Splits and wrong merges of `mentions` (resolved) against the gold people; `ambiguous` are the
    actors flagged as ambiguous bare names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for person in gold["people"]:
        for variant in person["variants"]:
            owners[_key(variant)].add(person["person"])
    in_file: dict[tuple[str, str], set[str]] = {}
    for row in gold.get("by_file", []):
        in_file[(Path(row["file"]).stem, _key(row["variant"]))] = {row["person"]} if row["person"] else set()
    actors_of: dict[str, set[str]] = defaultdict(set)
    persons_in: dict[str, set[str]] = defaultdict(set)
    mistyped: dict[str, set[str]] = defaultdict(set)
    for article, text, actor, kind in zip(mentions["article_id"].astype(str), mentions["text"].astype(str),
                                          mentions["actor"].astype(str), mentions["actor_type"].astype(str),
                                          strict=True):
        key = _key(text)
        found = in_file.get((Path(article).stem, key), owners.get(key, set()))
        if len(found) != 1:
            continue
        person = next(iter(found))
        if kind == "PERSON":
            actors_of[person].add(actor)
            persons_in[actor].add(person)
        else:
            mistyped[person].add(f"{actor} ({kind})")
    split = {p: sorted(a) for p, a in actors_of.items() if len(a) > 1}
    flagged = set(ambiguous)
    merged = {a: sorted(p) for a, p in persons_in.items() if len(p) > 1 and a not in flagged}
    apart_broken = []
    for pair in gold.get("apart", []):
        x, y = pair["apart"]
        if (actors_of.get(x, set()) & actors_of.get(y, set())) - flagged:
            apart_broken.append((x, y))
    missed = sorted(p["person"] for p in gold["people"] if p["person"] not in actors_of)
    # Splits only by a bare name flagged between namesakes, as the rule says ('Sharif' between brothers).
    flagged_only = sorted(p for p, a in split.items() if len(set(a) - flagged) <= 1)
    return {"people": len(gold["people"]), "found": len(actors_of), "split": split, "merged": merged,
            "apart_broken": apart_broken, "mistyped": {p: sorted(a) for p, a in mistyped.items()},
            "missed": missed, "flagged_only": flagged_only}


def run(corpus_dir: Path, gold_path: Path | None = None) -> dict:
    from analysis.ingest.corpus import load_corpus
    from analysis.store.pipeline import analyze

    gold = json.loads((gold_path or corpus_dir / "gold_people.json").read_text(encoding="utf-8"))
    corpus = load_corpus(corpus_dir)
    tables, _ = analyze(corpus.articles)
    actors = tables["actors"]
    bare = actors["ambiguous"].astype(bool) & ~actors["actor"].astype(str).str.contains(" ")
    return score(tables["mentions"], gold, actors.loc[bare, "actor"].astype(str))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis eval actors", description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--gold", type=Path, help="gold file (default: gold_people.json in each corpus)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every split, wrong merge, person typed as something else and person missed")
    args = parser.parse_args(argv)
    totals = {"people": 0, "found": 0, "split": 0, "merged": 0, "apart_broken": 0, "mistyped": 0, "missed": 0,
              "flagged_only": 0}
    for corpus in args.corpora:
        result = run(corpus, args.gold)
        print(f"{corpus.name}: {result['people']} gold people, {result['found']} found, "
              f"{len(result['split'])} split ({len(result['flagged_only'])} only by a flagged bare name), "
              f"{len(result['merged'])} wrong merges, "
              f"{len(result['apart_broken'])} must-stay-apart pairs joined, "
              f"{len(result['mistyped'])} typed as something else, {len(result['missed'])} missed")
        if args.verbose:
            for person, actors in result["split"].items():
                mark = "  (flagged bare name)" if person in result["flagged_only"] else ""
                print(f"  split   {person}: {' | '.join(actors)}{mark}")
            for actor, persons in result["merged"].items():
                print(f"  merged  {actor}: {' + '.join(persons)}")
            for x, y in result["apart_broken"]:
                print(f"  joined  {x} + {y}")
            for person, actors in result["mistyped"].items():
                print(f"  typed   {person}: {' | '.join(actors)}")
            for person in result["missed"]:
                print(f"  missed  {person}")
        for k in ("people", "found"):
            totals[k] += result[k]
        for k in ("split", "merged", "apart_broken", "mistyped", "missed", "flagged_only"):
            totals[k] += len(result[k])
    print(f"total: {totals['people']} gold people, {totals['found']} found, {totals['split']} split "
          f"({totals['flagged_only']} only by a flagged bare name), "
          f"{totals['merged']} wrong merges, {totals['apart_broken']} must-stay-apart pairs joined, "
          f"{totals['mistyped']} typed as something else, {totals['missed']} missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
