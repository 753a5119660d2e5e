"""Check place recognition and resolution on a corpus against known true locations.

Runs the full pipeline and scores its `place_mentions` table, the rows the map shows (a dateline city is
one of them, marked via='dateline'). Prints one row per expected place:
what each of its mentions resolved to and how far that is from the true point. Cities must land within
25 km; countries and regions must resolve inside the right country. Any mention that falls inside a
multi-word person name, or whose text is a known person or organisation, is listed as a failure.

    python -m analysis.tools.evaluate_places [CORPUS_DIR]
    python -m analysis eval places --gold LGL.jsonl [--gold TRNEWS.jsonl] [--limit N] [--workers N]

With --gold, an annotated geoparsing corpus is scored instead (see `analysis.tools.evaluate_geoparsing`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.nlp.gazetteer import haversine_km, normalize
from analysis.nlp.places import build_places

CITY_TOLERANCE_KM = 25.0


@dataclass(frozen=True)
class Truth:
    """Where a place really is. Coordinates are the Wikipedia infobox values (degrees, minutes)."""

    surface: str
    kind: str
    country_code: str
    lat: float | None = None
    lon: float | None = None


TRUTHS: tuple[Truth, ...] = (
    Truth("Kursk", "city", "RU", 51.7300, 36.1900),  # 51°43′48″N 36°11′24″E
    Truth("Sudzha", "city", "RU", 51.1900, 35.2700),  # 51°11′N 35°16′E
    Truth("Jeddah", "city", "SA", 21.5433, 39.1728),  # 21°32′36″N 39°10′22″E
    Truth("Odesa", "city", "UA", 46.4858, 30.7433),  # 46°29′09″N 30°44′36″E
    Truth("Kryvyy Rih", "city", "UA", 47.9086, 33.3433),  # 47°54′31″N 33°20′36″E
    Truth("Dnipropetrovsk", "city", "UA", 48.4500, 35.0500),  # Dnipro, 48°27′N 35°03′E
    Truth("Dnipro", "city", "UA", 48.4500, 35.0500),  # 48°27′N 35°03′E
    Truth("Kharkiv", "city", "UA", 49.9925, 36.2311),  # 49°59′33″N 36°13′52″E
    Truth("Moscow", "city", "RU", 55.7558, 37.6172),  # 55°45′21″N 37°37′02″E
    Truth("Kyiv", "city", "UA", 50.4500, 30.5233),  # 50°27′N 30°31′24″E
    Truth("London", "city", "GB", 51.5072, -0.1275),  # 51°30′26″N 0°07′39″W
    Truth("Washington", "city", "US", 38.9047, -77.0164),  # Washington, D.C., 38°54′17″N 77°00′59″W
    Truth("Quebec", "region", "CA"),
    Truth("Kursk region", "region", "RU"),
    Truth("Saudi Arabia", "country", "SA"),
    Truth("Canada", "country", "CA"),
    Truth("Ukraine", "country", "UA"),
    Truth("Russia", "country", "RU"),
)

NOT_PLACES = frozenset(normalize(n) for n in (
    "Trump", "Donald Trump", "Putin", "Vladimir Putin", "Zelensky", "Zelenskyy", "Rubio", "Marco Rubio",
    "Witkoff", "Steve Witkoff", "Peskov", "Waltz", "Leavitt", "Joly", "Syrsky", "Syrskyi", "Vance",
    "Lukashenko", "Medvedev", "Gerasimov", "Zakharova", "Reuters", "Telegram", "Tass", "RIA", "G7",
    "ABC News", "Associated Press", "Security Council", "Truth Social", "Getty Images", "National Security",
))


def run(corpus_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """The `place_mentions` table the dashboard shows for the corpus (dateline rows included, via='dateline'),
    plus every mention that lies inside a longer person name or is a known person or organisation."""
    from analysis.ingest.corpus import load_corpus
    from analysis.nlp.aliases import load_aliases
    from analysis.paths import DEFAULT_ALIASES
    from analysis.store.pipeline import analyze

    tables, _ = analyze(load_corpus(corpus_dir).articles, aliases=load_aliases(DEFAULT_ALIASES))
    places = tables["place_mentions"]
    m = tables["mentions"]
    persons = m[(m["actor_type"] == "PERSON") & m["text"].str.contains(" ", regex=False)]
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in persons.itertuples(index=False):
        spans.setdefault(row.article_id, []).append((int(row.start), int(row.end)))
    intrusions: list[str] = []
    for row in places[places["via"] == "text"].itertuples(index=False):
        start, end = int(row.start), int(row.end)
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans.get(row.article_id, []))
        if inside or normalize(row.text) in NOT_PLACES:
            intrusions.append(f"{row.article_id}: {row.text!r} -> {row.name} ({row.place_id})")
    return places, intrusions


def check(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per expected place and resolved reading, with the distance and whether it passes."""
    out = []
    keys = mentions["text"].map(normalize) if not mentions.empty else pd.Series(dtype=str)
    for truth in TRUTHS:
        found = mentions[keys == normalize(truth.surface)] if not mentions.empty else mentions
        if found.empty:
            out.append({"place": truth.surface, "expected": f"{truth.kind} in {truth.country_code}",
                        "resolved": "(not found)", "n": 0, "ok": False})
            continue
        for (_pid, name, feature, cc, lat, lon, via), group in found.groupby(
            ["place_id", "name", "feature", "country_code", "lat", "lon", "via"], sort=False
        ):
            dist = haversine_km(lat, lon, truth.lat, truth.lon) if truth.lat is not None else None
            if truth.kind == "city":
                ok = cc == truth.country_code and dist is not None and dist <= CITY_TOLERANCE_KM
            else:
                ok = cc == truth.country_code
            out.append({
                "place": truth.surface, "expected": f"{truth.kind} in {truth.country_code}",
                "resolved": f"{name} ({feature}, {cc})", "via": via, "lat": round(lat, 3), "lon": round(lon, 3),
                "km": None if dist is None else round(dist, 1), "n": len(group), "ok": ok,
            })
    return pd.DataFrame(out)


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation table; exit 1 when a place is missing, misplaced, or a person got mapped."""
    parser = argparse.ArgumentParser(prog="python -m analysis.tools.evaluate_places", description=__doc__)
    parser.add_argument("corpus", nargs="?", default="data/articles", type=Path)
    parser.add_argument("--gold", action="append", type=Path, default=[],
                        help="an annotated geoparsing corpus (JSON lines); repeatable")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles of each")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.gold:
        return _score_gold(args.gold, args.limit, args.workers)
    mentions, intrusions = run(args.corpus)
    table = check(mentions)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 200):
        print(table.to_string(index=False))
    datelines = int((mentions["via"] == "dateline").sum()) if not mentions.empty else 0
    places = build_places(mentions) if not mentions.empty else pd.DataFrame()
    print(f"\n{len(mentions)} place mentions ({datelines} from datelines), {len(places)} distinct places on the map")
    print("persons/organisations on the map:", "none" if not intrusions else "")
    for line in intrusions:
        print("  ", line)
    failed = int((~table["ok"]).sum())
    print(f"\nchecks ok: {len(table) - failed}, failing: {failed}")
    return 1 if failed or intrusions else 0


def _score_gold(paths: list[Path], limit: int | None, workers: int) -> int:
    """Print accuracy@161km, precision and resolution accuracy for each annotated corpus."""
    from analysis.tools.evaluate_geoparsing import load_gold, predict, report, score

    for path in paths:
        try:
            articles = load_gold(path, limit)
        except (OSError, ValueError, KeyError) as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            return 2
        print(report(path.name, score(articles, predict(articles, workers))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
