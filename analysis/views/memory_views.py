"""The views of a corpus held in memory (the bundled corpus, uploads, shared links, small stores).

Same methods and answers as `out_of_core.StoreViews`, so a page asks the same questions whichever path the
size chose; here they run on the tables in memory through `queries`, which is faster for small corpora.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from analysis.views import queries
from analysis.views.counts import UNATTRIBUTED
from analysis.views.queries import Filters
from analysis.views.sentiment_stats import SUMMARY_COLUMNS, summarise

EVIDENCE_LIMIT = 200
ROW_LIMIT = 100_000
"""Rows a table or download shows at most; the page says when more matched."""


class MemoryViews:
    """Every view of a corpus whose tables are in memory."""

    out_of_core = False

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.tables = tables
        self._views: dict[Filters, Mapping[str, pd.DataFrame]] = {}
        art = tables["articles"]
        self.n_articles = len(art)
        counts = art["source"].astype(str).value_counts()
        self.sources = pd.DataFrame({"source": counts.index.astype(str), "articles": counts.to_numpy()})
        self.sources = self.sources.sort_values(["articles", "source"], ascending=[False, True], ignore_index=True)
        self.actors = tables["actors"]
        self.places = tables.get("places", pd.DataFrame())
        self.problems = tables.get("problems", pd.DataFrame())

    def view(self, f: Filters) -> Mapping[str, pd.DataFrame]:
        """The filtered tables, cut once per filter state in this object's life (one page run)."""
        if f not in self._views:
            self._views[f] = queries.filtered(self.tables, f)
        return self._views[f]

    # -- the corpus ----------------------------------------------------------------------------------------

    def source_groups(self) -> pd.DataFrame:
        """Articles per (outlet, group) as the corpus gives them, for `queries.outlet_groups`."""
        art = self.tables["articles"]
        if "group" not in art.columns:
            return pd.DataFrame(columns=["source", "group", "articles"])
        frame = pd.DataFrame({"source": art["source"].astype(str),
                              "group": art["group"].astype("string").fillna("").astype(str)})
        return frame.groupby(["source", "group"], as_index=False).size().rename(columns={"size": "articles"})

    def date_range(self) -> tuple[date, date] | None:
        published = pd.to_datetime(self.tables["articles"]["published"], errors="coerce").dropna()
        if published.empty:
            return None
        return published.min().date(), published.max().date()

    def undated(self) -> int:
        return int(pd.to_datetime(self.tables["articles"]["published"], errors="coerce").isna().sum())

    # -- counts --------------------------------------------------------------------------------------------

    def totals(self, f: Filters) -> dict[str, int]:
        v = self.view(f)
        return {"articles": len(v["articles"]), "outlets": int(v["articles"]["source"].nunique()),
                "actors": int(v["mentions"]["actor"].nunique()), "quotes": len(v["quotes"])}

    def articles_per_source(self, f: Filters) -> pd.DataFrame:
        return queries.articles_per_source(self.view(f)["articles"])

    def mention_counts(self, f: Filters, types: Sequence[str] = ()) -> pd.DataFrame:
        m = self.view(f)["mentions"]
        if types:
            m = m[m["actor_type"].isin(list(types))]
        if m.empty:
            return pd.DataFrame(columns=["actor", "actor_type", "source", "mentions"])
        counts = queries._count_by(m, ["actor", "actor_type", "source"], "mentions")
        return counts.astype({"actor": str, "actor_type": str, "source": str})

    def cooccurrence(self, f: Filters, top: int = 25, types: Sequence[str] = (), min_sentences: int = 1,
                     counts: pd.DataFrame | None = None, merged: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Pairs of the `top` actors named in one sentence; `merged` renames actors first (nationalities)."""
        m = self.view(f)["mentions"]
        if types:
            m = m[m["actor_type"].isin(list(types))]
        if merged:
            m = m.assign(actor=m["actor"].astype(str).map(lambda a: merged.get(a, a)))
        return queries.cooccurrence(m, min_sentences=min_sentences, top=top)

    def quote_counts(self, f: Filters, overrides: Mapping[str, str | None] | None = None) -> pd.DataFrame:
        q = self._quotes(f, overrides)
        if q.empty:
            return pd.DataFrame(columns=["speaker", "source", "quotes"])
        frame = pd.DataFrame({"speaker": q["speaker"].astype("string").fillna(UNATTRIBUTED).astype(str),
                              "source": q["source"].astype(str)})
        return frame.groupby(["speaker", "source"], as_index=False).size().rename(columns={"size": "quotes"})

    def _quotes(self, f: Filters, overrides: Mapping[str, str | None] | None) -> pd.DataFrame:
        q = self.view(f)["quotes"]
        return queries.apply_speaker_overrides(q, self.actors, dict(overrides)) if overrides else q

    def search_quotes(self, f: Filters, text: str = "", kinds: Sequence[str] = (), speakers: Sequence[str] = (),
                      sources: Sequence[str] = (), limit: int = ROW_LIMIT,
                      overrides: Mapping[str, str | None] | None = None) -> tuple[pd.DataFrame, int]:
        """Quotes matching the search, at most `limit`, and how many matched in all."""
        q = self._quotes(f, overrides)
        if speakers:
            q = q[q["speaker"].astype("string").fillna(UNATTRIBUTED).isin(list(speakers)).to_numpy()]
        if sources:
            q = q[q["source"].astype(str).isin(list(sources)).to_numpy()]
        found = queries.search_quotes(q, text, kinds)
        return found.head(limit), len(found)

    def carried_quotes(self, f: Filters, n: int = 8) -> pd.DataFrame:
        q = self.view(f)["quotes"]
        if q.empty:
            return q
        return q.sort_values(["n_sources", "group_size"], ascending=False).drop_duplicates("group_id").head(n)

    def sentiment_summary(self, f: Filters, top: int = 12, min_n: int = 3,
                          group_of: Mapping[str, str] | None = None, value: str = "score",
                          actors: Sequence[str] | None = None) -> pd.DataFrame:
        s = self.view(f)["sentiment"]
        s = s[s[value].notna()] if value in s.columns else s.iloc[0:0]
        if actors is None:
            vc = s["actor"].astype(str).value_counts()
            actors = sorted(vc.index, key=lambda a: (-vc[a], a))[:top]
        s = s[s["actor"].astype(str).isin(list(actors)).to_numpy()]
        if s.empty:
            return pd.DataFrame(columns=["source", "actor", *SUMMARY_COLUMNS])
        frame = pd.DataFrame({"source": s["source"].astype(str), "actor": s["actor"].astype(str),
                              "score": s[value].to_numpy(dtype=np.float64),
                              "label": s["label"].to_numpy() if value == "score" else 0})
        if group_of is not None:
            frame = queries.as_groups(frame, group_of).astype({"source": str})
        return summarise(frame, by=("source", "actor"), min_n=min_n).reset_index(drop=True)

    def place_counts(self, f: Filters) -> pd.DataFrame:
        return queries.place_counts(self.view(f)["place_mentions"])

    def attention(self, f: Filters, freq: str = "D", actors: Sequence[str] | None = None) -> pd.DataFrame:
        """Articles (or mentions of `actors`) per period and outlet, periods with none left out."""
        v = self.view(f)
        mentions = None
        if actors is not None:
            m = v["mentions"]
            mentions = m[m["actor"].astype(str).isin(list(actors)).to_numpy()]
        series = queries.attention(v["articles"], mentions, freq=freq)
        return series[series["value"] > 0].reset_index(drop=True)

    def date_span(self, f: Filters) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        published = pd.to_datetime(self.view(f)["articles"]["published"], errors="coerce").dropna()
        return (published.min(), published.max()) if len(published) else None

    def dates_summary(self, f: Filters) -> tuple[int, int, pd.Series]:
        """Dated articles, all articles, and where the dates came from."""
        art = self.view(f)["articles"]
        dated = pd.to_datetime(art["published"], errors="coerce").notna()
        where = art.loc[dated, "published_from"].astype(str).replace("", "unknown").value_counts()
        return int(dated.sum()), len(art), where

    # -- rows ------------------------------------------------------------------------------------------------

    def mention_rows(self, f: Filters, actors: Sequence[str] = (), sources: Sequence[str] = (),
                     types: Sequence[str] = (), article_ids: Sequence[str] = (),
                     limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        m = self.view(f)["mentions"]
        keep = np.ones(len(m), dtype=bool)
        for col, values in (("actor", actors), ("source", sources), ("actor_type", types),
                            ("article_id", article_ids)):
            if values:
                keep &= m[col].astype(str).isin(list(values)).to_numpy()
        rows = m[keep][["article_id", "source", "actor", "sentence_idx", "start", "end"]]
        rows = rows.astype({"article_id": str, "source": str, "actor": str})
        return rows.sort_values(["source", "article_id", "sentence_idx"], kind="stable").head(limit)

    def shared_sentences(self, f: Filters, actor: str, types: Sequence[str] = (),
                         merged: Mapping[str, str] | None = None,
                         limit: int = EVIDENCE_LIMIT) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Mentions of other actors in sentences naming `actor`, and the mentions of `actor` to mark."""
        m = self.view(f)["mentions"]
        if types:
            m = m[m["actor_type"].isin(list(types))]
        names = m["actor"].astype(str)
        if merged:
            names = names.map(lambda a: merged.get(a, a))
        own = m[(names == actor).to_numpy()]
        keys = own[["article_id", "sentence_idx"]].astype({"article_id": str}).drop_duplicates()
        others = m[(names != actor).to_numpy()].astype({"article_id": str}).merge(keys, on=["article_id",
                                                                                         "sentence_idx"])
        return others.head(limit * 10), own.astype({"article_id": str})

    def sentiment_rows(self, f: Filters, actor: str, sources: Sequence[str] = (),
                       limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        s = self.view(f)["sentiment"]
        rows = s[(s["actor"].astype(str) == actor).to_numpy()]
        if sources:
            rows = rows[rows["source"].astype(str).isin(list(sources)).to_numpy()]
        rows = rows[["article_id", "source", "sentence_idx", "start", "end", "score", "label"]]
        return rows.astype({"article_id": str, "source": str}).head(limit)

    def place_rows(self, f: Filters, name: str, limit: int = EVIDENCE_LIMIT) -> tuple[pd.DataFrame, pd.Series, int]:
        """Mentions of the place called `name` (at most `limit`), mentions per outlet, and datelines."""
        pm = self.view(f)["place_mentions"]
        rows = pm[(pm["name"].astype(str) == name).to_numpy()]
        per_outlet = rows["source"].astype(str).value_counts()
        datelines = int((rows["via"] == "dateline").sum()) if "via" in rows.columns else 0
        return rows.astype({"article_id": str}).head(limit), per_outlet, datelines

    def sentences_for(self, keys: pd.DataFrame, highlight: pd.DataFrame | None = None,
                      limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
        return queries.sentences_for(self.tables, keys, highlight=highlight, limit=limit)

    def articles_list(self, f: Filters, limit: int = ROW_LIMIT, ids: Sequence[str] | None = None,
                      day: str | None = None, sources: Sequence[str] = (), freq: str = "D"
                      ) -> tuple[pd.DataFrame, int]:
        """Articles under the filters (or those of `ids`, or published in the period starting `day` by
        `sources`), without their text, at most `limit`, and how many there are."""
        art = self.view(f)["articles"]
        if day is not None:
            ids = list(queries.articles_on(art, day, sources, freq=freq))
        if ids is not None:
            art = art[art["article_id"].astype(str).isin(list(ids)).to_numpy()]
        shown = art.drop(columns=["text", "removed"], errors="ignore").head(limit)
        return shown.astype({"article_id": str, "source": str}), len(art)

    def article(self, article_id: str) -> pd.Series:
        return self.tables["articles"].set_index("article_id").loc[article_id]

    def article_spans(self, article_id: str) -> dict[str, list[tuple[int, int]]]:
        """Offsets of the actor mentions, quotes and places in one article, for the reader."""
        out = {}
        for name in ("mentions", "quotes", "place_mentions"):
            df = self.tables[name]
            rows = df.loc[(df["article_id"].astype(str) == article_id).to_numpy(), ["start", "end"]]
            out[name] = [(int(s), int(e)) for s, e in rows.to_numpy()]
        return out

    def removed_noise(self, f: Filters, limit: int = ROW_LIMIT) -> pd.DataFrame:
        return queries.removed_noise(self.view(f)["articles"]).head(limit)

    def table_rows(self, f: Filters, name: str, limit: int = ROW_LIMIT) -> tuple[pd.DataFrame, int]:
        """A table's rows under the filters (at most `limit`), for export, and how many there are."""
        df = self.view(f).get(name, self.tables.get(name))
        if df is None:
            return pd.DataFrame(), 0
        return df.drop(columns=["removed"], errors="ignore").head(limit), len(df)
