"""Score the `place_mentions` table against an annotated geoparsing corpus (LGL, TR-News, WikToR, ...).

The corpus is JSON lines, one article per line:
    {"id": "...", "text": "...", "toponyms": [{"start": 0, "end": 6, "name": "Moscow", "lat": 55.75, "lon": 37.62}]}
Each article goes through the same `analyze` call the dashboard uses (text taken as given, no cleaning, so
offsets line up with the annotation). Three figures, the ones geoparsing papers report:

- accuracy@161: gold toponyms found (a mention overlaps the span) and put within 161 km (100 miles);
- precision: mentions that overlap some gold toponym (only meaningful when the corpus marks every place);
- resolution accuracy: of the gold toponyms found, those within 161 km. Countries and regions are points
  by convention (a centroid here, GeoNames' own point in most annotations), so a second figure also counts
  a found toponym right when its gold point lies inside the extent of the area it was resolved to.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.nlp.gazetteer import haversine_km

TOLERANCE_KM = 161.0


@dataclass
class GoldArticle:
    """One annotated article."""

    article_id: str
    text: str
    toponyms: list[dict]


@dataclass
class GeoScore:
    """Counts behind the three figures, and the worst offenders for reading."""

    gold: int = 0
    found: int = 0
    resolved: int = 0
    mentions: int = 0
    mentions_on_gold: int = 0
    right_area: int = 0
    missed: Counter = field(default_factory=Counter)
    misplaced: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.resolved / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.mentions_on_gold / self.mentions if self.mentions else 0.0

    @property
    def resolution(self) -> float:
        return self.resolved / self.found if self.found else 0.0

    @property
    def resolution_by_area(self) -> float:
        return (self.resolved + self.right_area) / self.found if self.found else 0.0


def load_gold(path: Path, limit: int | None = None) -> list[GoldArticle]:
    """Read a JSON-lines corpus; a toponym whose offsets do not match its name is skipped, not trusted."""
    out: list[GoldArticle] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {line_no}: not JSON ({exc.msg})") from exc
            text = rec["text"]
            tops = [t for t in rec.get("toponyms", ())
                    if t.get("lat") is not None and text[t["start"]:t["end"]] == t["name"]]
            out.append(GoldArticle(str(rec.get("id", line_no)), text, tops))
            if limit and len(out) >= limit:
                break
    return out


def predict(articles: list[GoldArticle], workers: int = 1) -> pd.DataFrame:
    """The `place_mentions` table for the corpus, from the dashboard's own pipeline."""
    from analysis.ingest.corpus import Article
    from analysis.store.pipeline import EngineChoice, analyze

    docs = [Article(a.article_id, "eval", "", "", None, a.text, (), None, a.article_id, "utf-8") for a in articles]
    tables, _ = analyze(docs, engine=EngineChoice(name="local", workers=workers))
    return tables["place_mentions"]


def inside(extent: tuple[float, float, float, float] | None, lat: float, lon: float) -> bool:
    """Whether a point lies in an extent (which may cross the antimeridian)."""
    if extent is None:
        return False
    min_lat, min_lon, max_lat, max_lon = extent
    if not min_lat <= lat <= max_lat:
        return False
    return min_lon <= lon <= max_lon if min_lon <= max_lon else (lon >= min_lon or lon <= max_lon)


def score(articles: list[GoldArticle], mentions: pd.DataFrame) -> GeoScore:
    """Match mentions to gold toponyms by overlapping character spans."""
    from analysis.nlp.gazetteer import get_gazetteer

    places = get_gazetteer().places
    result = GeoScore()
    text_rows = mentions[mentions["via"] == "text"] if not mentions.empty else mentions
    by_article = {aid: group for aid, group in text_rows.groupby("article_id")} if not text_rows.empty else {}
    for art in articles:
        rows = by_article.get(art.article_id)
        preds = [] if rows is None else list(rows[["start", "end", "text", "lat", "lon", "name", "place_id"]]
                                             .itertuples(index=False, name=None))
        result.mentions += len(preds)
        for start, end, text, _lat, _lon, name, _pid in preds:
            if any(start < t["end"] and t["start"] < end for t in art.toponyms):
                result.mentions_on_gold += 1
            else:
                result.spurious[f"{text} -> {name}"] += 1
        for top in art.toponyms:
            result.gold += 1
            hits = [p for p in preds if p[0] < top["end"] and top["start"] < p[1]]
            if not hits:
                result.missed[top["name"]] += 1
                continue
            result.found += 1
            best = min(hits, key=lambda p: haversine_km(p[3], p[4], top["lat"], top["lon"]))
            km = haversine_km(best[3], best[4], top["lat"], top["lon"])
            if km <= TOLERANCE_KM:
                result.resolved += 1
            else:
                place = places.get(best[6])
                result.right_area += inside(place.extent if place else None, top["lat"], top["lon"])
                result.misplaced[f"{top['name']} -> {best[5]} ({km:,.0f} km)"] += 1
    return result


def report(name: str, result: GeoScore, top: int = 15) -> str:
    """The figures, then the most frequent misses, misplacements and spurious mentions."""
    lines = [
        f"{name}: {result.gold} gold toponyms, {result.mentions} place mentions",
        f"  accuracy@161km (found and within {TOLERANCE_KM:.0f} km): {result.accuracy:.3f}"
        f"  ({result.resolved}/{result.gold})",
        f"  precision of place mentions:               {result.precision:.3f}"
        f"  ({result.mentions_on_gold}/{result.mentions})",
        f"  resolution accuracy of found toponyms:     {result.resolution:.3f}"
        f"  ({result.resolved}/{result.found})",
        f"  resolution, an area containing the point:  {result.resolution_by_area:.3f}"
        f"  ({result.resolved + result.right_area}/{result.found})",
        f"  recall of toponym spans:                   {result.found / result.gold if result.gold else 0:.3f}",
    ]
    for title, counter in (("missed", result.missed), ("misplaced", result.misplaced),
                           ("not a gold toponym", result.spurious)):
        if counter:
            lines.append(f"  most often {title}: " + "; ".join(f"{k} x{v}" for k, v in counter.most_common(top)))
    return "\n".join(lines)
