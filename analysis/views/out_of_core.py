"""The views computed by DuckDB over the Parquet store: filters and aggregates run where the data lies.

Only what a chart draws comes back: counts per actor and outlet, pairs, summaries, at most a page of quotes
or evidence sentences. Answers match the in-memory functions of `queries` (the tests compare them), so a
page draws the same chart whichever path computed it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from analysis.store import duck, layout
from analysis.views import queries
from analysis.views.counts import UNATTRIBUTED, top_names, with_nationalities
from analysis.views.queries import Filters
from analysis.views.sentiment_stats import BOOTSTRAP_MAX_N, SUMMARY_COLUMNS, bootstrap_means

EVIDENCE_LIMIT = 200
QUOTE_LIMIT = 500
ROW_LIMIT = 100_000
OUT_OF_CORE_FROM = 50_000
"""From this many articles the views query the store instead of holding the tables in memory: below it the
in-memory path answers faster (no query planning) and fits easily; above it memory grows past a small server."""
ENGINE_ENV = "NEWS_DASHBOARD_VIEWS"
"""`memory` or `store` forces one path; unset, the size of the store decides."""


def stored_articles(store: str | Path) -> int:
    """Articles in a store, from the Parquet footers only."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in layout.parts(store, "articles"))


def use_store_views(store: str | Path) -> bool:
    """Whether the views of `store` should run out of core (see OUT_OF_CORE_FROM and ENGINE_ENV)."""
    forced = os.environ.get(ENGINE_ENV, "").strip().lower()
    if forced in ("memory", "store"):
        return forced == "store"
    return stored_articles(store) >= OUT_OF_CORE_FROM


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


class StoreViews:
    """Every view of one store, queried on demand; holds only the small corpus-level tables in memory."""

    out_of_core = True

    def __init__(self, store: str | Path, rollups: bool = True) -> None:
        """`rollups=False` reads the rows for every view (to check the rollups against them)."""
        self.store = Path(store)
        self._con = duck.connect(self.store)
        self._lock = threading.Lock()
        self._memo: dict[tuple, list[str]] = {}
        # Which tables the store has, found once: afterwards only cursors touch the database, since the
        # connection itself refuses a second thread while it is busy.
        self._tables = {name: duck.has_table(self._con, name) for name in (*layout.BATCHED, *layout.CORPUS_LEVEL)}
        if not rollups:
            self._tables.update(dict.fromkeys(layout.ROLLUPS, False))
        self.actors = self.query("SELECT * FROM actors").df() if self._has("actors") else \
            pd.DataFrame(columns=["actor_id", "actor", "actor_type", "mentions"])
        self.places = self.query("SELECT * FROM places").df() if self._has("places") else pd.DataFrame()
        self.problems = self.query("SELECT * FROM problems").df() if self._has("problems") else \
            pd.DataFrame(columns=["file", "reason", "severity"])
        self.sources = self.query("SELECT source, count(*) AS articles FROM articles GROUP BY source "
                                  "ORDER BY articles DESC, source").df()
        self.n_articles = int(self.sources["articles"].sum())

    def query(self, sql: str, params: Sequence | None = None) -> duckdb.DuckDBPyRelation | duckdb.DuckDBPyConnection:
        """Run `sql` on a cursor of its own: sessions run in threads and a cursor is not shared between them."""
        with self._lock:
            cursor = self._con.cursor()
        return cursor.execute(sql, params or [])

    def close(self) -> None:
        self._con.close()

    # -- filters -----------------------------------------------------------------------------------------

    def _source_where(self, f: Filters) -> list[str]:
        """The outlet and outlet-group filters, as a condition on the `source` column."""
        sources = list(f.sources)
        if f.groups:
            members = [s for s in self.sources["source"].astype(str)
                       if dict(f.group_of).get(s, queries.NO_GROUP) in set(f.groups)]
            sources = [s for s in sources if s in members] if sources else members
            if not sources:
                return ["false"]
        return [f"source IN (SELECT unnest({_list(sources)}))"] if sources else []

    @staticmethod
    def _within(f: Filters, day: str) -> str | None:
        """`day` inside the chosen dates (None when no date is chosen)."""
        within = []
        if f.date_from:
            within.append(f"{day} >= DATE '{f.date_from.isoformat()}'")
        if f.date_to:
            within.append(f"{day} <= DATE '{f.date_to.isoformat()}'")
        return " AND ".join(within) or None

    def _article_where(self, f: Filters) -> list[str]:
        """Conditions on a per-article table's own columns (`source`, `article_id`), and on the articles."""
        out = self._source_where(f)
        if f.articles:
            out.append(f"article_id IN (SELECT unnest({_list(f.articles)}))")
        within = self._within(f, "TRY_CAST(published AS DATE)")
        if within:
            out.append("article_id NOT IN (SELECT article_id FROM articles WHERE TRY_CAST(published AS DATE) "
                       f"IS NOT NULL AND NOT ({within}))")
        return out

    def _actor_where(self, f: Filters) -> list[str]:
        """The actor filter and the minimum-mentions filter on a mentions-like table."""
        out = []
        if f.actors:
            out.append(f"actor IN (SELECT unnest({_list(f.actors)}))")
        if f.min_mentions > 1:
            out.append(f"actor IN (SELECT unnest({_list(self._qualifying(f))}))")
        return out

    def _qualifying(self, f: Filters) -> list[str]:
        """Actors with at least `min_mentions` mentions under the other filters, found once per filter state
        and written into later queries as a list (a subquery in every query would count them again)."""
        key = (f.sources, f.actors, f.date_from, f.date_to, f.min_mentions, f.articles, f.groups, f.group_of)
        with self._lock:
            hit = self._memo.get(key)
        if hit is not None:
            return hit
        chosen = [f"actor IN (SELECT unnest({_list(f.actors)}))"] if f.actors else []
        if self._rolled(f, "actor_days"):
            where = self._rollup_where(f, actor=None, extra=chosen)
            sql = f"SELECT actor FROM actor_days WHERE {where} GROUP BY actor HAVING sum(mentions) >= "
        else:
            where = " AND ".join(self._article_where(f) + chosen) or "true"
            sql = f"SELECT actor FROM mentions WHERE actor IS NOT NULL AND {where} GROUP BY actor HAVING count(*) >= "
        found = [str(a) for (a,) in self.query(sql + str(int(f.min_mentions))).fetchall()]
        with self._lock:
            if len(self._memo) > 64:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _named_by(self, f: Filters, mentions: str = "mentions") -> str:
        """Place mentions in a sentence that names a chosen actor (rows of `mentions`, a table or a part)."""
        named = " AND ".join([*self._article_where(f), f"actor IN (SELECT unnest({_list(f.actors)}))"])
        return (f"(article_id, sentence_idx) IN (SELECT article_id, sentence_idx FROM {mentions} "
                f"WHERE {named})")

    def where(self, f: Filters, table: str, extra: Sequence[str] = ()) -> str:
        """The WHERE clause that narrows `table` as `queries.filtered` narrows it."""
        parts = self._article_where(f)
        if table in ("mentions", "sentiment"):
            parts += self._actor_where(f)
        elif table == "quotes" and f.actors:
            parts.append(f"speaker IN (SELECT unnest({_list(f.actors)}))")
        elif table == "place_mentions" and f.actors:
            parts.append(self._named_by(f))
        parts += list(extra)
        return " AND ".join(parts) if parts else "true"

    def _rolled(self, f: Filters, table: str) -> bool:
        """Whether `table` (a rollup) can answer under `f`: it sees outlets, days and actors, not articles."""
        return not f.articles and self._has(table)

    def _has(self, table: str) -> bool:
        return self._tables.get(table, False)

    def _rollup_where(self, f: Filters, actor: str | None = "actor", extra: Sequence[str] = ()) -> str:
        """The filters on a rollup: outlets and groups, days (undated rows always pass) and actors (`actor`:
        the rollup's actor column, None for a rollup without one)."""
        parts = self._source_where(f)
        within = self._within(f, "day")
        if within:
            parts.append(f"(day IS NULL OR ({within}))")
        if actor is not None:
            if f.actors:
                parts.append(f"{actor} IN (SELECT unnest({_list(f.actors)}))")
            if f.min_mentions > 1 and actor == "actor":
                parts.append(f"actor IN (SELECT unnest({_list(self._qualifying(f))}))")
        return " AND ".join([*parts, *extra]) or "true"

    def _place_query(self, f: Filters, select: str, extra: Sequence[str] = (), tail: str = "") -> pd.DataFrame:
        """`SELECT {select} FROM place_mentions WHERE ...` under the filters; with an actor filter, run batch by
        batch (a batch's places and mentions cover the same articles), so the sentences naming the actor are
        collected for one batch at a time instead of for the whole store."""
        batches = layout.batches(self.store, ("place_mentions", "mentions")) if f.actors else None
        if not batches:
            return self.query(f"SELECT {select} FROM place_mentions WHERE "
                              f"{self.where(f, 'place_mentions', extra)} {tail}").df()
        base = " AND ".join([*self._article_where(f), *extra]) or "true"
        frames = []
        for batch in batches:
            places, mentions = (f"read_parquet({duck.quote(str(batch[t]))})" for t in ("place_mentions", "mentions"))
            frames.append(self.query(f"SELECT {select} FROM {places} WHERE {base} AND "
                                     f"{self._named_by(f, mentions)} {tail}").df())
        return pd.concat(frames, ignore_index=True)

    # -- the corpus ----------------------------------------------------------------------------------------

    def source_groups(self) -> pd.DataFrame:
        """Articles per (outlet, group) as the corpus gives them, for `queries.outlet_groups`."""
        has_group = self.query("SELECT count(*) FROM (DESCRIBE articles) WHERE column_name = 'group'").fetchone()
        if not has_group or not has_group[0]:
            return pd.DataFrame(columns=["source", "group", "articles"])
        return self.query('SELECT source, coalesce("group", \'\') AS "group", count(*) AS articles '
                          'FROM articles GROUP BY ALL ORDER BY source').df()

    def date_range(self) -> tuple[date, date] | None:
        found = self.query("SELECT min(TRY_CAST(published AS DATE)), max(TRY_CAST(published AS DATE)) "
                           "FROM articles").fetchone()
        return (found[0], found[1]) if found and found[0] is not None else None

    def undated(self) -> int:
        found = self.query("SELECT count(*) FROM articles WHERE TRY_CAST(published AS DATE) IS NULL").fetchone()
        return int(found[0]) if found else 0

    # -- counts --------------------------------------------------------------------------------------------

    def _count(self, table: str, where: str, what: str = "count(*)", params: Sequence | None = None) -> int:
        found = self.query(f"SELECT {what} FROM {table} WHERE {where}", params).fetchone()
        return int(found[0] or 0) if found else 0

    def totals(self, f: Filters) -> dict[str, int]:
        where = self.where(f, "articles")
        actors = (self._count("actor_days", self._rollup_where(f), "count(DISTINCT actor)")
                  if self._rolled(f, "actor_days")
                  else self._count("mentions", self.where(f, "mentions"), "count(DISTINCT actor)"))
        quotes = (self._count("quote_days", self._rollup_where(f, "speaker"), "sum(quotes)")
                  if self._rolled(f, "quote_days") else self._count("quotes", self.where(f, "quotes")))
        return {"articles": self._count("articles", where),
                "outlets": self._count("articles", where, "count(DISTINCT source)"),
                "actors": actors, "quotes": quotes}

    def articles_per_source(self, f: Filters) -> pd.DataFrame:
        return self.query(
            f"SELECT source, count(*) AS articles, sum(n_words)::BIGINT AS words FROM articles "
            f"WHERE {self.where(f, 'articles')} GROUP BY source ORDER BY articles DESC, source").df()

    def mention_counts(self, f: Filters, types: Sequence[str] = ()) -> pd.DataFrame:
        """Mentions per actor, type and outlet under the filters: what the Actors charts draw."""
        extra = [f"actor_type IN (SELECT unnest({_list(types)}))"] if types else []
        if self._rolled(f, "actor_days"):
            sql = (f"SELECT actor, actor_type, source, sum(mentions) AS mentions FROM actor_days "
                   f"WHERE {self._rollup_where(f, extra=extra)} GROUP BY ALL")
        else:
            sql = (f"SELECT actor, actor_type, source, count(*) AS mentions FROM mentions "
                   f"WHERE actor IS NOT NULL AND {self.where(f, 'mentions', extra)} GROUP BY ALL")
        out = self.query(sql + " ORDER BY actor, actor_type, source").df()
        out["mentions"] = out["mentions"].astype("int64")
        return out

    def cooccurrence(self, f: Filters, top: int = 25, types: Sequence[str] = (), min_sentences: int = 1,
                     counts: pd.DataFrame | None = None, merged: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Pairs of the `top` actors named in the same sentence, with the sentences they share (`counts`: the
        `mention_counts` already fetched for these filters, so the top actors are not counted twice;
        `merged`: actors counted as another, e.g. nationalities as their country)."""
        counts = self.mention_counts(f, types) if counts is None else counts
        keep = top_names(counts, "actor", "mentions", top)
        if not keep:
            return pd.DataFrame(columns=["actor_a", "actor_b", "sentences"])
        names = with_nationalities(keep, self.actors) if merged else keep
        if not f.articles and self._has("actor_pairs"):
            edges = self._pairs(f, names)
        else:
            edges = self._pairs_from_mentions(f, names, types)
        if merged:
            edges = _renamed_pairs(edges, merged)
        edges = edges[edges["sentences"] >= min_sentences]
        return edges.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(
            drop=True)

    def _pairs(self, f: Filters, names: list[str]) -> pd.DataFrame:
        """Co-occurrence from the per-batch pair rollups: the actor and minimum-mentions filters are already in
        `names` (drawn from the filtered counts), so only outlets and dates remain to apply."""
        chosen = _list(names)
        where = [*self._source_where(f), f"actor_a IN (SELECT unnest({chosen}))",
                 f"actor_b IN (SELECT unnest({chosen}))"]
        within = self._within(f, "day")
        if within:
            where.append(f"(day IS NULL OR ({within}))")
        return self.query(f"SELECT actor_a, actor_b, sum(sentences)::BIGINT AS sentences FROM actor_pairs "
                          f"WHERE {' AND '.join(where)} GROUP BY ALL").df()

    def _pairs_from_mentions(self, f: Filters, names: list[str], types: Sequence[str]) -> pd.DataFrame:
        extra = [f"actor IN (SELECT unnest({_list(names)}))", "sentence_idx IS NOT NULL"]
        if types:
            extra.append(f"actor_type IN (SELECT unnest({_list(types)}))")
        return self.query(
            f"WITH m AS (SELECT DISTINCT article_id, sentence_idx, actor FROM mentions "
            f"WHERE {self.where(f, 'mentions', extra)}) "
            "SELECT a.actor AS actor_a, b.actor AS actor_b, count(*)::BIGINT AS sentences FROM m a JOIN m b "
            "ON a.article_id = b.article_id AND a.sentence_idx = b.sentence_idx AND a.actor < b.actor "
            "GROUP BY ALL").df()

    def quote_counts(self, f: Filters, overrides: Mapping[str, str | None] | None = None) -> pd.DataFrame:
        """Quotes per speaker and outlet (unattributed as one speaker), with the session's corrections."""
        if self._rolled(f, "quote_days"):
            sql = (f"SELECT coalesce(speaker, '{UNATTRIBUTED}') AS speaker, source, sum(quotes) AS quotes "
                   f"FROM quote_days WHERE {self._rollup_where(f, 'speaker')} GROUP BY ALL")
        else:
            sql = (f"SELECT coalesce(speaker, '{UNATTRIBUTED}') AS speaker, source, count(*) AS quotes FROM quotes "
                   f"WHERE {self.where(f, 'quotes')} GROUP BY ALL")
        rows = self.query(sql).df()
        if overrides:
            ids = _list(list(overrides))
            where = self.where(f, "quotes", [f"quote_id IN (SELECT unnest({ids}))"])
            moved = self.query(f"SELECT quote_id, coalesce(speaker, '{UNATTRIBUTED}') AS speaker, source "
                               f"FROM quotes WHERE {where}").df()
            if len(moved):
                known = set(self.actors["actor"].astype(str))
                new = moved.assign(quotes=1, speaker=moved["quote_id"].map(
                    lambda q: overrides.get(q) if overrides.get(q) in known else UNATTRIBUTED))
                old = moved.assign(quotes=-1)
                rows = pd.concat([rows, old.drop(columns="quote_id"), new.drop(columns="quote_id")])
                rows = rows.groupby(["speaker", "source"], as_index=False)["quotes"].sum()
                rows = rows[rows["quotes"] > 0]
        rows["quotes"] = rows["quotes"].astype("int64")
        return rows.reset_index(drop=True)

    def _search_where(self, f: Filters, text: str, kinds: Sequence[str], speakers: Sequence[str],
                      sources: Sequence[str]) -> tuple[str, list]:
        extra = [f"kind IN (SELECT unnest({_list(kinds)}))"] if kinds else []
        if speakers:
            extra.append(f"coalesce(speaker, '{UNATTRIBUTED}') IN (SELECT unnest({_list(speakers)}))")
        if sources:
            extra.append(f"source IN (SELECT unnest({_list(sources)}))")
        params: list = []
        if text:
            needle = text.casefold()
            if " " in needle:
                extra.append("contains(lower(concat_ws(' ', coalesce(text, ''), coalesce(speaker, ''), "
                             "coalesce(speaker_text, ''))), ?)")
                params.append(needle)
            else:
                extra.append("(contains(lower(text), ?) OR contains(lower(speaker), ?) "
                             "OR contains(lower(speaker_text), ?))")
                params += [needle] * 3
        return self.where(f, "quotes", extra), params

    def search_quotes(self, f: Filters, text: str = "", kinds: Sequence[str] = (), speakers: Sequence[str] = (),
                      sources: Sequence[str] = (), limit: int = QUOTE_LIMIT,
                      overrides: Mapping[str, str | None] | None = None) -> tuple[pd.DataFrame, int]:
        """Quotes whose words, speaker or cue contain `text`, at most `limit` of them, and how many matched."""
        where, params = self._search_where(f, text, kinds, speakers, sources)
        rows = self.query(f"SELECT * FROM quotes WHERE {where} LIMIT {int(limit)}", params).df()
        total = len(rows) if len(rows) < limit else self._count("quotes", where, params=params)
        if overrides:
            rows = queries.apply_speaker_overrides(rows, self.actors, dict(overrides))
        return rows, total

    def carried_quotes(self, f: Filters, n: int = 8) -> pd.DataFrame:
        """The quotes carried by the most outlets, one per quote group."""
        return self.query(
            f"SELECT * FROM quotes WHERE {self.where(f, 'quotes')} AND group_id IS NOT NULL "
            "QUALIFY row_number() OVER (PARTITION BY group_id ORDER BY quote_id) = 1 "
            f"ORDER BY n_sources DESC, group_size DESC, group_id LIMIT {int(n)}").df()

    def sentiment_summary(self, f: Filters, top: int = 12, min_n: int = 3, n_boot: int = 1000, seed: int = 0,
                          group_of: Mapping[str, str] | None = None, value: str = "score",
                          actors: Sequence[str] | None = None) -> pd.DataFrame:
        """The `sentiment_stats.summarise` table for the `top` actors by scored mentions (or `actors`), per
        outlet or group: sums come from DuckDB; only the scores of groups small enough to bootstrap are fetched."""
        where = self.where(f, "sentiment", [f"{value} IS NOT NULL"])
        rolled = self._rolled(f, "sentiment_days")
        prefix = "" if value == "score" else f"{value}_"
        if rolled:
            rollup_where = self._rollup_where(f)
            if actors is None:
                actors = self.query(f"SELECT actor FROM sentiment_days WHERE {rollup_where} GROUP BY actor "
                                    f"HAVING sum({prefix}n) > 0 ORDER BY sum({prefix}n) DESC, actor "
                                    f"LIMIT {int(top)}").df()["actor"].tolist()
        elif actors is None:
            actors = self.query(f"SELECT actor FROM sentiment WHERE {where} GROUP BY actor "
                                f"ORDER BY count(*) DESC, actor LIMIT {int(top)}").df()["actor"].tolist()
        if not actors:
            return pd.DataFrame(columns=["source", "actor", *SUMMARY_COLUMNS])
        chosen = f" AND actor IN (SELECT unnest({_list(actors)}))"
        where += chosen
        source = "source" if group_of is None else _group_case(group_of)
        if rolled:
            labels = ("sum(neg) AS neg, sum(neu) AS neu, sum(pos) AS pos" if value == "score"
                      else f"0 AS neg, sum({prefix}n) AS neu, 0 AS pos")
            sql = (f"SELECT {source} AS source, actor, sum({prefix}n) AS n, sum({prefix}s) AS s, "
                   f"sum({prefix}ss) AS ss, {labels} FROM sentiment_days WHERE {rollup_where}{chosen} "
                   f"GROUP BY ALL HAVING sum({prefix}n) > 0")
        else:
            labels = ("count(*) FILTER (label = -1) AS neg, count(*) FILTER (label = 0) AS neu, "
                      "count(*) FILTER (label = 1) AS pos" if value == "score"
                      else "0 AS neg, count(*) AS neu, 0 AS pos")
            sql = (f"SELECT {source} AS source, actor, count(*) AS n, sum({value}) AS s, "
                   f"sum({value} * {value}) AS ss, {labels} FROM sentiment WHERE {where} GROUP BY ALL")
        sums = self.query(sql + " ORDER BY source, actor").df()
        if sums.empty:
            return pd.DataFrame(columns=["source", "actor", *SUMMARY_COLUMNS])
        counts = sums["n"].to_numpy(dtype=np.int64)
        mean = sums["s"].to_numpy(dtype=np.float64) / counts
        var = np.maximum(sums["ss"].to_numpy(dtype=np.float64) / counts - mean * mean, 0.0) * counts / np.maximum(
            counts - 1, 1)
        half = 1.96 * np.sqrt(var / counts)
        low, high = mean - half, mean + half
        small = counts < BOOTSTRAP_MAX_N
        if small.any() and n_boot > 0:
            cells = sums.loc[small, ["source", "actor"]].reset_index(drop=True)
            cells["cell"] = np.arange(len(cells))
            scores = self.query(
                f"SELECT {source} AS source, actor, {value} AS score FROM sentiment WHERE {where}"
                f" AND actor IN (SELECT unnest({_list(cells['actor'].unique())}))").df()
            scores = scores.merge(cells, on=["source", "actor"])
            order = np.lexsort((scores["score"].to_numpy(), scores["cell"].to_numpy()))
            boot = bootstrap_means(scores["score"].to_numpy(dtype=np.float64)[order],
                                   scores["cell"].to_numpy()[order], len(cells), n_boot,
                                   np.random.default_rng(seed))
            low[small], high[small] = np.quantile(boot, [0.025, 0.975], axis=1)
        out = sums[["source", "actor"]].copy()
        out["n"] = counts
        out["mean"] = mean
        for col in ("neg", "neu", "pos"):
            out[col] = sums[col].astype("int64")
        out["ci_low"] = np.minimum(low, mean) if n_boot > 0 else np.nan
        out["ci_high"] = np.maximum(high, mean) if n_boot > 0 else np.nan
        out["thin"] = counts < min_n
        return out.reset_index(drop=True)

    def place_counts(self, f: Filters) -> pd.DataFrame:
        """Mentions per place and outlet, for the map."""
        keys = ["place_id", "name", "lat", "lon", "country_code", "feature", "source"]
        if not f.actors and self._rolled(f, "place_days"):
            out = self.query(f"SELECT {', '.join(keys)}, sum(mentions) AS mentions FROM place_days "
                             f"WHERE {self._rollup_where(f, actor=None)} GROUP BY ALL").df()
        elif len(f.actors) == 1 and self._rolled(f, "actor_places"):
            # One chosen actor: each place mention in a sentence naming it is one rollup count. With several,
            # a sentence naming two of them would be counted twice, so those read the rows.
            chosen = [f"actor = {_list(f.actors)[1:-1]}"]
            out = self.query(f"SELECT {', '.join(keys)}, sum(mentions) AS mentions FROM actor_places "
                             f"WHERE {self._rollup_where(f, actor=None, extra=chosen)} GROUP BY ALL").df()
        else:
            out = self._place_query(f, f"{', '.join(keys)}, count(*) AS mentions", tail="GROUP BY ALL")
        out = out.groupby(keys, as_index=False, dropna=False)["mentions"].sum()
        out["mentions"] = out["mentions"].astype("int64")
        return out.sort_values(["mentions", "place_id", "source"], ascending=[False, True, True],
                               ignore_index=True)

    def attention(self, f: Filters, freq: str = "D", actors: Sequence[str] | None = None) -> pd.DataFrame:
        """Articles (or mentions of `actors`) per period and outlet, periods with none left out."""
        unit = "week" if freq == "W" else "day"
        day = f"date_trunc('{unit}', TRY_CAST(published AS DATE))"
        if actors is None:
            sql = (f"SELECT {day} AS day, source, count(*) AS value FROM articles "
                   f"WHERE {self.where(f, 'articles')} AND TRY_CAST(published AS DATE) IS NOT NULL GROUP BY ALL")
        elif self._rolled(f, "actor_days"):
            where = self._rollup_where(f, extra=[f"actor IN (SELECT unnest({_list(actors)}))", "day IS NOT NULL"])
            sql = (f"SELECT date_trunc('{unit}', day) AS day, source, sum(mentions) AS value FROM actor_days "
                   f"WHERE {where} GROUP BY ALL")
        else:
            where = self.where(f, "mentions", [f"actor IN (SELECT unnest({_list(actors)}))"])
            sql = (f"SELECT {day} AS day, m.source, count(*) AS value FROM mentions m "
                   f"JOIN articles a USING (article_id) WHERE {where.replace('source IN', 'm.source IN')} "
                   "AND TRY_CAST(published AS DATE) IS NOT NULL GROUP BY ALL")
        out = self.query(sql).df()
        out["day"] = pd.to_datetime(out["day"])
        out["value"] = out["value"].astype("int64")
        return out.sort_values(["day", "source"]).reset_index(drop=True)

    def date_span(self, f: Filters) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        found = self.query("SELECT min(TRY_CAST(published AS DATE)), max(TRY_CAST(published AS DATE)) FROM "
                           f"articles WHERE {self.where(f, 'articles')}").fetchone()
        return (pd.Timestamp(found[0]), pd.Timestamp(found[1])) if found and found[0] is not None else None

    def dates_summary(self, f: Filters) -> tuple[int, int, pd.Series]:
        """Dated articles, all articles, and where the dates came from."""
        rows = self.query(
            "SELECT TRY_CAST(published AS DATE) IS NOT NULL AS dated, coalesce(nullif(published_from, ''), "
            f"'unknown') AS origin, count(*) AS n FROM articles WHERE {self.where(f, 'articles')} GROUP BY ALL").df()
        dated = rows[rows["dated"]]
        where = dated.groupby("origin")["n"].sum().sort_values(ascending=False)
        return int(dated["n"].sum()), int(rows["n"].sum()), where

    # -- rows ------------------------------------------------------------------------------------------------

    def mention_rows(self, f: Filters, actors: Sequence[str] = (), sources: Sequence[str] = (),
                     types: Sequence[str] = (), article_ids: Sequence[str] = (),
                     limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        """Mentions of the chosen actors in the chosen outlets: the keys behind a selected bar."""
        extra = [f"{col} IN (SELECT unnest({_list(values)}))" for col, values in
                 (("actor", actors), ("source", sources), ("actor_type", types), ("article_id", article_ids))
                 if values]
        return self.query(
            "SELECT article_id, source, actor, sentence_idx, start, \"end\" FROM mentions "
            f"WHERE {self.where(f, 'mentions', extra)} ORDER BY source, article_id, sentence_idx "
            f"LIMIT {int(limit)}").df()

    def shared_sentences(self, f: Filters, actor: str, types: Sequence[str] = (),
                         merged: Mapping[str, str] | None = None,
                         limit: int = EVIDENCE_LIMIT) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Mentions of other actors in sentences naming `actor`, and the mentions of `actor` to mark."""
        names = with_nationalities([actor], self.actors) if merged else [actor]
        own = self.mention_rows(f, actors=names, types=types, limit=limit)
        if own.empty:
            return own, own
        keys = own[["article_id", "sentence_idx"]].drop_duplicates()
        with self._lock:
            cursor = self._con.cursor()
        cursor.register("keys", keys)
        ids = _list(keys["article_id"].unique())
        others = cursor.execute(
            "SELECT m.article_id, source, actor, m.sentence_idx, start, \"end\" FROM mentions m "
            "JOIN keys k ON m.article_id = k.article_id AND m.sentence_idx = k.sentence_idx "
            f"WHERE m.article_id IN (SELECT unnest({ids})) AND {self.where(f, 'mentions')} "
            f"AND actor NOT IN (SELECT unnest({_list(names)}))"
            + (f" AND actor_type IN (SELECT unnest({_list(types)}))" if types else "")).df()
        return others, own

    def sentiment_rows(self, f: Filters, actor: str, sources: Sequence[str] = (),
                       limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        extra = [f"actor = {_list([actor])[1:-1]}"]
        if sources:
            extra.append(f"source IN (SELECT unnest({_list(sources)}))")
        return self.query(
            "SELECT article_id, source, sentence_idx, start, \"end\", score, label FROM sentiment "
            f"WHERE {self.where(f, 'sentiment', extra)} ORDER BY source, article_id, sentence_idx "
            f"LIMIT {int(limit)}").df()

    def place_rows(self, f: Filters, name: str, limit: int = EVIDENCE_LIMIT) -> tuple[pd.DataFrame, pd.Series, int]:
        """Mentions of the place called `name` (at most `limit`), mentions per outlet, and datelines."""
        extra = [f"name = {_list([name])[1:-1]}"]
        rows = self._place_query(f, "*", extra, f"ORDER BY source, article_id, start LIMIT {int(limit)}")
        rows = rows.sort_values(["source", "article_id", "start"], ignore_index=True).head(limit)
        per = self._place_query(f, "source, count(*) AS n, count(*) FILTER (via = 'dateline') AS d", extra,
                                "GROUP BY source")
        per = per.groupby("source")[["n", "d"]].sum()
        counts = per["n"].sort_values(ascending=False).rename("count")
        return rows, counts.astype("int64"), int(per["d"].sum())

    def sentences_for(self, keys: pd.DataFrame, highlight: pd.DataFrame | None = None,
                      limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        """The sentence text behind (article_id, sentence_idx) keys, read from the store for those articles."""
        cols = ["article_id", "source", "title", "sentence_idx", "sentence", "mark_start", "mark_end"]
        if keys.empty:
            return pd.DataFrame(columns=cols)
        k = keys[["article_id", "sentence_idx"]].drop_duplicates().head(limit).astype({"article_id": str})
        ids = _list(k["article_id"].unique())
        articles = self.query(f"SELECT article_id, source, title, text FROM articles "
                              f"WHERE article_id IN (SELECT unnest({ids}))").df()
        sentences = self.query(f"SELECT article_id, sentence_idx, start, \"end\" FROM sentences "
                               f"WHERE article_id IN (SELECT unnest({ids}))").df()
        small = {"articles": articles, "sentences": sentences}
        return queries.sentences_for(small, k, highlight=highlight, limit=limit)

    def articles_list(self, f: Filters, limit: int = ROW_LIMIT, ids: Sequence[str] | None = None,
                      day: str | None = None, sources: Sequence[str] = (), freq: str = "D"
                      ) -> tuple[pd.DataFrame, int]:
        """Articles under the filters (or those of `ids`, or published in the period starting `day` by
        `sources`), without their text, at most `limit`, and how many there are."""
        extra = []
        if ids is not None:
            extra.append(f"article_id IN (SELECT unnest({_list(ids)}))")
        if day is not None:
            unit = "week" if freq == "W" else "day"
            extra.append(f"date_trunc('{unit}', TRY_CAST(published AS DATE)) = DATE '{pd.Timestamp(day).date()}'")
            if sources:
                extra.append(f"source IN (SELECT unnest({_list(sources)}))")
        where = self.where(f, "articles", extra)
        rows = self.query(f"SELECT * EXCLUDE (text, removed) FROM articles WHERE {where} LIMIT {int(limit)}").df()
        total = len(rows) if len(rows) < limit else self._count("articles", where)
        return rows, total

    def article(self, article_id: str) -> pd.Series:
        rows = self.query("SELECT * FROM articles WHERE article_id = ?", [article_id]).df()
        if rows.empty:
            raise KeyError(article_id)
        return rows.set_index("article_id").iloc[0]

    def article_spans(self, article_id: str) -> dict[str, list[tuple[int, int]]]:
        """Offsets of the actor mentions, quotes and places in one article, for the reader."""
        return {name: [(int(s), int(e)) for s, e in self.query(
            f"SELECT start, \"end\" FROM {name} WHERE article_id = ?", [article_id]).fetchall()]
                for name in ("mentions", "quotes", "place_mentions")}

    def removed_noise(self, f: Filters, limit: int = ROW_LIMIT) -> pd.DataFrame:
        rows = self.query(
            "SELECT article_id, source, r.kind AS kind, r.text AS text FROM (SELECT article_id, source, "
            f"unnest(removed) AS r FROM articles WHERE {self.where(f, 'articles')} AND len(removed) > 0) "
            f"LIMIT {int(limit)}").df()
        return rows.reindex(columns=["article_id", "source", "kind", "text"])

    def table_rows(self, f: Filters, name: str, limit: int = ROW_LIMIT) -> tuple[pd.DataFrame, int]:
        """A table's rows under the filters (at most `limit`), for export, and how many there are."""
        if name in ("actors", "places"):
            df = self.actors if name == "actors" else self.places
            return df.head(limit), len(df)
        if not self._has(name):
            return pd.DataFrame(), 0
        if name == "place_mentions" and f.actors:
            rows = self._place_query(f, "*", tail=f"LIMIT {int(limit)}").head(limit)
            total = int(self._place_query(f, "count(*) AS n")["n"].sum())
            return rows, total
        where = self.where(f, name)
        skip = " EXCLUDE (removed)" if name == "articles" else ""
        rows = self.query(f"SELECT *{skip} FROM {name} WHERE {where} LIMIT {int(limit)}").df()
        total = len(rows) if len(rows) < limit else self._count(name, where)
        return rows, total


def _group_case(group_of: Mapping[str, str]) -> str:
    """A SQL expression giving each row's outlet group (NO_GROUP for outlets without one)."""
    if not group_of:
        return f"'{queries.NO_GROUP}'"
    whens = " ".join("WHEN '" + s.replace("'", "''") + "' THEN '" + g.replace("'", "''") + "'"
                     for s, g in group_of.items())
    return f"CASE source {whens} ELSE '{queries.NO_GROUP}' END"


def _renamed_pairs(edges: pd.DataFrame, merged: Mapping[str, str]) -> pd.DataFrame:
    """Pairs with actors renamed (a nationality as its country), pairs of one actor with itself dropped."""
    if edges.empty:
        return edges
    a = edges["actor_a"].map(lambda x: merged.get(x, x))
    b = edges["actor_b"].map(lambda x: merged.get(x, x))
    out = pd.DataFrame({"actor_a": np.where(a < b, a, b), "actor_b": np.where(a < b, b, a),
                        "sentences": edges["sentences"]})
    out = out[out["actor_a"] != out["actor_b"]]
    return out.groupby(["actor_a", "actor_b"], as_index=False)["sentences"].sum()
