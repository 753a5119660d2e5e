"""Check place recognition and resolution on a corpus against known true locations.

Runs the real pipeline (spaCy parse -> extract_place_mentions) and prints one row per expected place:
what each of its mentions resolved to and how far that is from the true point. Cities must land within
25 km; countries and regions must resolve inside the right country. Any mention that falls inside a
multi-word person name, or whose text is a known person or organisation, is listed as a failure.

    python -m analysis.evaluate_places [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.gazetteer import normalize
from analysis.nlp import load_nlp
from analysis.places import build_places, extract_place_mentions, haversine_km, resolve_dateline

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


def _load(corpus_dir: Path) -> list[tuple[str, str, str, str | None]]:
    """(article_id, source, text, dateline) per article, via the project's corpus loader."""
    from analysis.corpus import load_corpus

    corpus = load_corpus(corpus_dir)
    return [(a.article_id, a.source, a.text, a.dateline) for a in corpus.articles]


def run(corpus_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """Place mentions of the corpus (datelines as rows with via='dateline'), plus every mention that
    lies inside a longer person name or is a known person or organisation."""
    nlp = load_nlp()
    articles = _load(corpus_dir)
    rows: list[dict] = []
    intrusions: list[str] = []
    docs = nlp.pipe([text for _, _, text, _ in articles])
    for (article_id, source, _, dateline), doc in zip(articles, docs, strict=True):
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        home = resolve_dateline(dateline)
        if home is not None:
            rows.append({"start": -1, "end": -1, "text": dateline.title(), "sentence_idx": -1,
                         "place_id": home.place_id, "name": home.name, "lat": home.lat, "lon": home.lon,
                         "country_code": home.country_code, "feature": home.feature, "metonym": False,
                         "article_id": article_id, "source": source, "via": "dateline"})
        for m in extract_place_mentions(doc, dateline=dateline):
            rows.append({**m, "article_id": article_id, "source": source, "via": "text"})
            inside = any(s <= m["start"] and m["end"] <= e and (s, e) != (m["start"], m["end"])
                         for s, e in persons)
            if inside or normalize(m["text"]) in NOT_PLACES:
                intrusions.append(f"{article_id}: {m['text']!r} -> {m['name']} ({m['place_id']})")
    return pd.DataFrame(rows), intrusions


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
    parser = argparse.ArgumentParser(prog="python -m analysis.evaluate_places", description=__doc__)
    parser.add_argument("corpus", nargs="?", default="data/articles", type=Path)
    args = parser.parse_args(argv)
    mentions, intrusions = run(args.corpus)
    table = check(mentions)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 200):
        print(table.to_string(index=False))
    in_text = mentions[mentions["via"] == "text"] if not mentions.empty else mentions
    places = build_places(in_text) if not in_text.empty else pd.DataFrame()
    print(f"\n{len(in_text)} place mentions, {len(places)} distinct places on the map")
    print("persons/organisations on the map:", "none" if not intrusions else "")
    for line in intrusions:
        print("  ", line)
    failed = int((~table["ok"]).sum())
    print(f"\nchecks ok: {len(table) - failed}, failing: {failed}")
    return 1 if failed or intrusions else 0


if __name__ == "__main__":
    sys.exit(main())
