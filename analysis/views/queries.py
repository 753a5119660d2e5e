"""Filters -> aggregates: what each view shows, computed from the tables and nothing else.

Every aggregate keeps the keys (article_id, sentence_idx) that lead back to its sentences, so a chart
can always answer "show me the sentences".
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analysis.views.counts import UNATTRIBUTED, counts_top, nationality_map, quotes_top, share_from_counts
from analysis.views.palette import NO_GROUP

Tables = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty sequences mean "all"."""

    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    min_mentions: int = 1
    articles: tuple[str, ...] = field(default=())
    groups: tuple[str, ...] = ()
    group_of: tuple[tuple[str, str], ...] = ()
    """(outlet, group) pairs the group filter reads; outlets not listed are in NO_GROUP."""


# Columns with few distinct values; as categoricals they filter and group on integer codes.
CATEGORY_COLUMNS = ("article_id", "source", "actor_id", "actor", "actor_type", "speaker", "speaker_id",
                    "kind", "cue", "place_id", "name", "country_code", "feature", "via")


@dataclass
class _Prepared:
    """A table with categorical key columns, and each row's article position (-1: not in the articles)."""

    frame: pd.DataFrame
    article_pos: np.ndarray | None
    sentence: np.ndarray | None = None


_CACHE: dict[int, tuple[weakref.ref, weakref.ref, _Prepared]] = {}
_DATES: dict[int, tuple[weakref.ref, pd.Series]] = {}
_CACHE_LOCK = threading.Lock()


def _categorical(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    return values.astype("category")


def _prepare(df: pd.DataFrame, articles: pd.DataFrame, with_ids: bool = True) -> _Prepared:
    """The categorical form of `df`, computed once per table object and kept while the table lives.

    The dashboard holds its tables for the whole session, so every filter change after the first reuses this.
    """
    key = id(df)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is df and hit[1]() is articles:
        return hit[2]
    out = df.copy(deep=False)
    for col in CATEGORY_COLUMNS:
        if col in out.columns and (col != "article_id" or with_ids):
            out[col] = _categorical(out[col])
    article_pos = None
    if "article_id" in out.columns and with_ids:
        codes = out["article_id"].cat.codes.to_numpy()
        lookup = pd.Index(articles["article_id"]).get_indexer(out["article_id"].cat.categories)
        article_pos = np.append(lookup, -1)[codes].astype(np.int32)
    sentence = None
    if "sentence_idx" in out.columns:
        sentence = out["sentence_idx"].fillna(-1).to_numpy(dtype=np.int32)
    prepared = _Prepared(out, article_pos, sentence)
    # Sessions run in threads; taking the snapshot can still race a writer, so writers take turns.
    with _CACHE_LOCK:
        for dead in [k for k, (ref, art, _) in list(_CACHE.items()) if ref() is None or art() is None]:
            _CACHE.pop(dead, None)
        _CACHE[key] = (weakref.ref(df), weakref.ref(articles), prepared)
    return prepared


def _published(articles: pd.DataFrame) -> pd.Series:
    """Parsed publication dates, once per articles table."""
    hit = _DATES.get(id(articles))
    if hit is not None and hit[0]() is articles:
        return hit[1]
    published = pd.to_datetime(articles["published"], errors="coerce")
    _DATES[id(articles)] = (weakref.ref(articles), published)
    return published


def _article_mask(tables: Tables, filters: Filters) -> np.ndarray:
    """Which rows of the articles table pass the source, article and date filters."""
    art = tables["articles"]
    mask = np.ones(len(art), dtype=bool)
    if filters.sources:
        mask &= art["source"].isin(filters.sources).to_numpy()
    if filters.articles:
        mask &= art["article_id"].isin(filters.articles).to_numpy()
    if filters.groups:
        mask &= art["source"].isin(group_members(art, dict(filters.group_of), filters.groups)).to_numpy()
    if filters.date_from or filters.date_to:
        published = _published(art)
        dated = published.notna().to_numpy()
        in_range = np.ones(len(art), dtype=bool)
        if filters.date_from:
            in_range &= (published >= pd.Timestamp(filters.date_from)).fillna(False).to_numpy()
        if filters.date_to:
            in_range &= (published <= pd.Timestamp(filters.date_to)).fillna(False).to_numpy()
        mask &= ~dated | in_range
    return mask


def article_ids(tables: Tables, filters: Filters) -> pd.Index:
    """Articles that pass the source and date filters (undated articles always pass a date filter)."""
    art = tables["articles"]
    return pd.Index(art.loc[_article_mask(tables, filters), "article_id"])


def _value_mask(column: pd.Series, values: Sequence[str]) -> np.ndarray:
    """Rows of a categorical column whose value is one of `values`, on codes."""
    wanted = np.zeros(len(column.cat.categories) + 1, dtype=bool)
    found = column.cat.categories.get_indexer(list(values))
    wanted[found[found >= 0]] = True
    return wanted[column.cat.codes.to_numpy()]


def _same_sentence(pm: _Prepared, m: _Prepared, m_mask: np.ndarray | None, n_articles: int) -> np.ndarray:
    """Rows of `pm` in a sentence with a row of `m` under `m_mask`, via a dense (article, sentence) table."""
    stride = int(max(pm.sentence.max(initial=0), m.sentence.max(initial=0))) + 2
    chosen = np.zeros(n_articles * stride + 1, dtype=bool)
    keep = (m.article_pos >= 0) & (m.sentence >= 0)
    if m_mask is not None:
        keep &= m_mask
    chosen[m.article_pos[keep].astype(np.int64) * stride + m.sentence[keep]] = True
    keys = np.where((pm.article_pos >= 0) & (pm.sentence >= 0),
                    pm.article_pos.astype(np.int64) * stride + pm.sentence, -1)
    return chosen[keys]


def _shrink(values: pd.Categorical) -> pd.Categorical:
    """Drop categories no row uses, in one pass over the codes."""
    codes = values.codes
    used = np.bincount(codes[codes >= 0], minlength=len(values.categories)) > 0
    if used.all():
        return values
    remap = np.full(len(used) + 1, -1, dtype=codes.dtype)
    remap[np.flatnonzero(used)] = np.arange(int(used.sum()), dtype=codes.dtype)
    return pd.Categorical.from_codes(remap[codes], categories=values.categories[used])


def _narrowed(frame: pd.DataFrame, mask: np.ndarray | None) -> pd.DataFrame:
    """Rows under `mask`, categories narrowed to the values still present (so counts list no zeros).

    Column by column: a boolean mask on an Arrow string column is a filter, while a DataFrame row selection
    goes through `take`, which is slow on the multi-chunk arrays a Parquet read returns.
    """
    if mask is None or mask.all():
        return frame
    columns = {}
    for col in frame.columns:
        values = frame[col].array[mask]
        if isinstance(values, pd.Categorical):
            values = _shrink(values)
        columns[col] = values
    return pd.DataFrame(columns, index=frame.index[mask], columns=frame.columns)


class FilteredTables(dict):
    """The filtered tables, each cut from its table the first time a page reads it.

    A page reads two or three of the tables; the masks are cheap, the row selection is not, so only the
    tables a page asks for are ever cut. Behaves as a plain dict of DataFrames.
    """

    def __init__(self, names: Sequence[str], build: Callable[[str], pd.DataFrame]) -> None:
        super().__init__(dict.fromkeys(names))
        self._build = build
        self._built: set[str] = set()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._built and dict.__contains__(self, name):
            dict.__setitem__(self, name, self._build(name))
            self._built.add(name)
        return dict.__getitem__(self, name)

    def __setitem__(self, name: str, value: pd.DataFrame) -> None:
        dict.__setitem__(self, name, value)
        self._built.add(name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(dict.keys(self)))

    def get(self, name: str, default: object = None):  # type: ignore[override]
        if name not in self:
            return default
        return self[name]

    def values(self):  # type: ignore[override]
        return [self[name] for name in self]

    def items(self):  # type: ignore[override]
        return [(name, self[name]) for name in self]

    def pop(self, name: str, *default: object):  # type: ignore[override]
        if name in self:
            value = self[name]
            dict.pop(self, name)
            return value
        if default:
            return default[0]
        raise KeyError(name)

    def copy(self) -> dict[str, pd.DataFrame]:  # type: ignore[override]
        return dict(self.items())

    def __repr__(self) -> str:
        return f"FilteredTables({', '.join(dict.keys(self))})"


def filtered(tables: Tables, filters: Filters) -> dict[str, pd.DataFrame]:
    """Each table narrowed to the selected sources, dates and actors.

    The actor filter keeps the actor's own rows (mentions, sentiment, quotes it spoke) and, for places,
    the places named in sentences that also name a selected actor. Key columns come back as categoricals;
    masks are built on integer codes over the whole table and applied once, so a filter change costs a few
    vector operations per table rather than string comparisons.
    """
    articles = tables["articles"]
    art_keep = np.append(_article_mask(tables, filters), False)
    prepared: dict[str, _Prepared] = {}
    masks: dict[str, np.ndarray | None] = {}
    for name, df in tables.items():
        if name == "articles" or "article_id" not in df.columns:
            continue
        prepared[name] = _prepare(df, articles)
        masks[name] = None if art_keep[:-1].all() else art_keep[prepared[name].article_pos]

    def narrow(name: str, extra: np.ndarray) -> None:
        masks[name] = extra if masks[name] is None else masks[name] & extra

    if filters.actors:
        chosen = list(filters.actors)
        for name, col in (("mentions", "actor"), ("sentiment", "actor"), ("quotes", "speaker")):
            if name in prepared:
                narrow(name, _value_mask(prepared[name].frame[col], chosen))
        if "place_mentions" in prepared and "mentions" in prepared:
            narrow("place_mentions", _same_sentence(prepared["place_mentions"], prepared["mentions"],
                                                    masks["mentions"], len(articles)))
    if filters.min_mentions > 1 and "mentions" in prepared:
        actor = prepared["mentions"].frame["actor"]
        codes = actor.cat.codes.to_numpy()
        live = codes if masks["mentions"] is None else codes[masks["mentions"]]
        counts = np.bincount(live[live >= 0], minlength=len(actor.cat.categories))
        keep = actor.cat.categories[counts >= filters.min_mentions]
        for name in ("mentions", "sentiment"):
            if name in prepared:
                narrow(name, _value_mask(prepared[name].frame["actor"], keep))

    def build(name: str) -> pd.DataFrame:
        df = tables[name]
        if name == "articles":
            return _narrowed(_prepare(df, articles, with_ids=False).frame, art_keep[:-1])
        if name in prepared:
            return _narrowed(prepared[name].frame, masks[name])
        return df

    return FilteredTables(list(tables), build)


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 for missing) and the sorted distinct values they index."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    codes, uniques = pd.factorize(values, sort=True)
    return codes, pd.Index(uniques)


def _count_by(df: pd.DataFrame, cols: Sequence[str], name: str) -> pd.DataFrame:
    """Rows per combination of `cols` (missing keys dropped, sorted by key), counted on integer codes."""
    parts = [_codes(df[c]) for c in cols]
    sizes = [len(cats) for _, cats in parts]
    known = np.ones(len(df), dtype=bool)
    for codes, _ in parts:
        known &= codes >= 0
    key = np.zeros(int(known.sum()), dtype=np.int64)
    for (codes, _), size in zip(parts, sizes, strict=True):
        key = key * size + codes[known]
    if int(np.prod(sizes, dtype=np.float64)) <= 4 * len(key) + 1_000_000:
        counts = np.bincount(key, minlength=int(np.prod(sizes)))
        found = np.flatnonzero(counts)
        counts = counts[found]
    else:
        found, counts = np.unique(key, return_counts=True)
    out: dict[str, object] = {}
    for col, (_, cats), size in reversed(list(zip(cols, parts, sizes, strict=True))):
        out[col] = np.asarray(cats, dtype=object)[found % size]
        found = found // size
    frame = pd.DataFrame({c: pd.array(out[c], dtype=parts[i][1].dtype) for i, c in enumerate(cols)})
    frame[name] = counts.astype(np.int64)
    return frame


def _top(values: pd.Series, top: int) -> pd.Index:
    """The `top` most frequent values, ties broken by name so the choice never depends on row order."""
    codes, cats = _codes(values)
    counts = np.bincount(codes[codes >= 0], minlength=len(cats))
    order = np.lexsort((np.asarray(cats.astype(str), dtype=str), -counts))
    order = order[counts[order] > 0]
    return cats[order[:top]]


def nationalities_as_countries(mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Mentions with each nationality ('Russian') counted as its country ('Russia', typed GPE), so a chart
    shows one bar per country. Mentions of nationalities whose country is not an actor keep their own name."""
    to_country = nationality_map(actors)
    if mentions.empty or not to_country:
        return mentions
    countries = actors[actors["actor_type"] == "GPE"].drop_duplicates("actor").set_index("actor")["actor_id"]
    hit = mentions["actor"].astype(str).map(to_country)
    if hit.notna().sum() == 0:
        return mentions
    out = mentions.copy()
    for col in ("actor", "actor_id", "actor_type"):
        out[col] = out[col].astype(object)
    rows = hit.notna()
    out.loc[rows, "actor"] = hit[rows]
    out.loc[rows, "actor_id"] = hit[rows].map(countries)
    out.loc[rows, "actor_type"] = "GPE"
    return out


def readable_actor_table(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors table with list cells as text, for display and CSV."""
    out = actors.copy()
    for col in ("aliases", "ambiguous_with"):
        if col in out.columns:
            out[col] = out[col].map(lambda a: ", ".join(map(str, a)) if a is not None and len(a) else "")
    if "variants" in out.columns:
        out["variants"] = out["variants"].map(lambda a: "; ".join(map(str, a)) if a is not None else "")
    return out


def actor_counts(mentions: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Mentions per actor and source for the `top` actors overall (long format, for a stacked bar)."""
    if mentions.empty:
        return counts_top(mentions.iloc[0:0], top)
    return counts_top(_count_by(mentions, ["actor", "actor_type", "source"], "mentions"), top)


def share_of_voice(mentions: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Each actor's share of all actor mentions within each source (rows sum to 1 per source)."""
    if mentions.empty:
        return share_from_counts(mentions.iloc[0:0], top)
    return share_from_counts(_count_by(mentions, ["source", "actor"], "mentions"), top)


def _pair_counts(sentence: np.ndarray, actor: np.ndarray, n_actors: int) -> dict[tuple[int, int], int]:
    """Sentences shared by each pair of actor codes: each sentence's actors as a bit set, sets counted.

    `sentence` holds small non-negative sentence keys, so the sets live in one dense array.
    """
    if n_actors <= 62:
        sets = np.zeros(int(sentence.max(initial=0)) + 1, dtype=np.int64)
        np.bitwise_or.at(sets, sentence, np.left_shift(np.int64(1), actor.astype(np.int64)))
        distinct, weights = np.unique(sets[sets != 0], return_counts=True)
        groups = [[i for i in range(n_actors) if (int(bits) >> i) & 1] for bits in distinct]
    else:
        frame = pd.DataFrame({"s": sentence, "a": actor}).drop_duplicates()
        grouped = frame.groupby("s")["a"].apply(lambda a: tuple(sorted(a))).value_counts()
        groups, weights = [list(g) for g in grouped.index], grouped.to_numpy()
    pairs: dict[tuple[int, int], int] = {}
    for members, weight in zip(groups, weights, strict=True):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + int(weight)
    return pairs


def cooccurrence(mentions: pd.DataFrame, min_sentences: int = 1, top: int = 25) -> pd.DataFrame:
    """Pairs of actors named in the same sentence, with the number of sentences they share."""
    cols = ["actor_a", "actor_b", "sentences"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    actor, names = _codes(mentions["actor"])
    chosen = np.zeros(len(names) + 1, dtype=bool)
    chosen[names.get_indexer(_top(mentions["actor"], top))] = True
    keep = chosen[actor] & (actor >= 0)
    article, _ = _codes(mentions["article_id"])
    keep &= article >= 0
    sentence_idx = mentions["sentence_idx"].fillna(-1).to_numpy(np.int64)[keep] + 1
    sentence = article[keep].astype(np.int64) * (int(sentence_idx.max(initial=0)) + 1) + sentence_idx
    used = np.flatnonzero(chosen[:-1])
    remap = np.zeros(len(names) + 1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    actor, names = remap[actor[keep]], names[used]
    pairs = _pair_counts(sentence, actor, len(names))
    labels = np.asarray(names.astype(str), dtype=object)
    edges = pd.DataFrame(
        [(*sorted((labels[a], labels[b])), n) for (a, b), n in pairs.items() if n >= min_sentences], columns=cols
    )
    return edges.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def _sentences_of(tables: Tables, ids: pd.Series) -> pd.DataFrame:
    """Rows of the sentences table for a few articles, found on cached article positions."""
    sentences, articles = tables["sentences"], tables["articles"]
    wanted = np.zeros(len(articles) + 1, dtype=bool)
    found = pd.Index(articles["article_id"]).get_indexer(pd.unique(ids.astype(str)))
    wanted[found[found >= 0]] = True
    rows = sentences[wanted[_prepare(sentences, articles).article_pos]]
    return rows


def sentences_for(tables: Tables, keys: pd.DataFrame, highlight: pd.DataFrame | None = None,
                  limit: int = 200) -> pd.DataFrame:
    """The evidence: sentence text for (article_id, sentence_idx) keys, with source, title and span to mark.

    `highlight` (optional) has article_id, sentence_idx, start, end of the span to mark inside the sentence.
    """
    cols = ["article_id", "source", "title", "sentence_idx", "sentence", "mark_start", "mark_end"]
    if keys.empty:
        return pd.DataFrame(columns=cols)
    k = keys[["article_id", "sentence_idx"]].drop_duplicates().head(limit)
    k = k.astype({"article_id": str})
    sent = _sentences_of(tables, k["article_id"]).merge(k, on=["article_id", "sentence_idx"], how="inner")
    art = tables["articles"].set_index("article_id")
    rows = []
    marks: dict[tuple[str, int], tuple[int, int]] = {}
    if highlight is not None and not highlight.empty:
        for h in highlight.itertuples(index=False):
            marks.setdefault((h.article_id, int(h.sentence_idx)), (int(h.start), int(h.end)))
    for s in sent.itertuples(index=False):
        text = art.at[s.article_id, "text"]
        start, end = int(s.start), int(s.end)
        mark = marks.get((s.article_id, int(s.sentence_idx)))
        rows.append({
            "article_id": s.article_id,
            "source": art.at[s.article_id, "source"],
            "title": art.at[s.article_id, "title"],
            "sentence_idx": int(s.sentence_idx),
            "sentence": text[start:end],
            "mark_start": mark[0] - start if mark and start <= mark[0] < end else None,
            "mark_end": min(mark[1], end) - start if mark and start <= mark[0] < end else None,
        })
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["source", "article_id", "sentence_idx"]).reset_index(drop=True)


def actor_evidence(tables: Tables, mentions: pd.DataFrame, actors: Sequence[str] = (),
                   sources: Sequence[str] = (), limit: int = 200) -> pd.DataFrame:
    """Sentences naming the chosen actors (in the chosen sources), the mention marked."""
    m = mentions
    if actors:
        m = m[m["actor"].isin(list(actors))]
    if sources:
        m = m[m["source"].isin(list(sources))]
    return sentences_for(tables, m, highlight=m, limit=limit)


def _speakers(quotes: pd.DataFrame) -> pd.Series:
    """Speaker names with unattributed quotes as "(unattributed)"; a categorical stays one."""
    speaker = quotes["speaker"]
    if isinstance(speaker.dtype, pd.CategoricalDtype):
        if UNATTRIBUTED not in speaker.cat.categories:
            speaker = speaker.cat.add_categories([UNATTRIBUTED])
        return speaker.fillna(UNATTRIBUTED)
    return speaker.astype("string").fillna(UNATTRIBUTED)


def quote_counts(quotes: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Quotes per speaker and source, unattributed quotes grouped as "(unattributed)"."""
    if quotes.empty:
        return quotes_top(quotes.iloc[0:0], top)
    q = pd.DataFrame({"speaker": _speakers(quotes), "source": quotes["source"]})
    return quotes_top(_count_by(q, ["speaker", "source"], "quotes"), top)


def search_quotes(quotes: pd.DataFrame, text: str = "", kinds: Sequence[str] = ()) -> pd.DataFrame:
    """Quotes whose words, speaker or cue contain `text` (case-insensitive), of the chosen kinds."""
    q = quotes
    if kinds:
        q = q[q["kind"].isin(list(kinds))]
    if not text:
        return q
    needle = text.casefold()
    fields = ("text", "speaker", "speaker_text")
    if " " in needle:
        hay = q[fields[0]].astype("string").fillna("")
        for col in fields[1:]:
            hay = hay + " " + q[col].astype("string").fillna("")
        return q[hay.str.casefold().str.contains(needle, regex=False).to_numpy(dtype=bool)]
    hit = np.zeros(len(q), dtype=bool)
    for col in fields:
        values = q[col]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("string")
        found = values.str.casefold().str.contains(needle, regex=False)
        hit |= found.fillna(False).to_numpy(dtype=bool)
    return q[hit]


def place_counts(place_mentions: pd.DataFrame) -> pd.DataFrame:
    """Places with mentions per source, for the map (one marker per place and source)."""
    cols = ["place_id", "name", "lat", "lon", "country_code", "feature", "source", "mentions"]
    if place_mentions.empty:
        return pd.DataFrame(columns=cols)
    g = place_mentions.groupby(["place_id", "name", "lat", "lon", "country_code", "feature", "source"],
                               observed=True, dropna=False).size().rename("mentions").reset_index()
    return g.sort_values("mentions", ascending=False).reset_index(drop=True)


def articles_per_source(articles: pd.DataFrame) -> pd.DataFrame:
    if articles.empty:
        return pd.DataFrame(columns=["source", "articles", "words"])
    g = articles.groupby("source", observed=True).agg(articles=("article_id", "size"),
                                                      words=("n_words", "sum"))
    return g.reset_index().sort_values("articles", ascending=False).reset_index(drop=True)


def removed_noise(articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed, one row per removed piece, so a user can check nothing of value went."""
    rows = [
        {"article_id": a, "source": s, "kind": r["kind"], "text": r["text"]}
        for a, s, removed in zip(articles["article_id"], articles["source"], articles["removed"], strict=True)
        for r in (removed if removed is not None else [])
    ]
    return pd.DataFrame(rows, columns=["article_id", "source", "kind", "text"])


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) around text[start:end], for reading a quote or mention in context."""
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)


def apply_speaker_overrides(quotes: pd.DataFrame, actors: pd.DataFrame,
                            overrides: dict[str, str | None]) -> pd.DataFrame:
    """Quotes with the analyst's speaker corrections (quote_id -> actor name, or None for unattributed)."""
    if not overrides or quotes.empty:
        return quotes
    by_name = actors.drop_duplicates("actor").set_index("actor")
    out = quotes.copy()
    for col in ("speaker", "speaker_id", "speaker_kind", "speaker_rule"):
        if col in out.columns:
            out[col] = out[col].astype(object)
    hit = out["quote_id"].astype(str).isin(list(overrides))
    for idx in out.index[hit]:
        name = overrides[str(out.at[idx, "quote_id"])]
        if name is not None and name in by_name.index:
            out.at[idx, "speaker"] = name
            out.at[idx, "speaker_id"] = by_name.at[name, "actor_id"]
            out.at[idx, "speaker_kind"] = "named" if by_name.at[name, "actor_type"] == "PERSON" else "organisation"
        else:
            out.at[idx, "speaker"] = None
            out.at[idx, "speaker_id"] = None
            out.at[idx, "speaker_kind"] = "unattributed"
        out.at[idx, "speaker_rule"] = "corrected by the analyst in this session"
    return out


def outlet_groups(articles: pd.DataFrame, edits: Mapping[str, str] | None = None) -> dict[str, str]:
    """Outlet -> group: the group the corpus gives each outlet (its most common one), then the analyst's edits.

    `articles` is the articles table, or articles counted per (source, group) in an `articles` column.
    An edit to an empty group takes the outlet out of its group.
    """
    out: dict[str, str] = {}
    if "group" in articles.columns and len(articles):
        weight = articles["articles"] if "article_id" not in articles.columns and "articles" in articles.columns \
            else pd.Series(1, index=articles.index)
        pairs = pd.DataFrame({"source": articles["source"].astype(str),
                              "group": articles["group"].astype("string").fillna("").str.strip(),
                              "n": weight.to_numpy()})
        pairs = pairs[pairs["group"] != ""]
        if len(pairs):
            top = pairs.groupby(["source", "group"])["n"].sum().reset_index()
            top = top.sort_values(["source", "n", "group"], ascending=[True, False, True]).drop_duplicates("source")
            out = dict(zip(top["source"], top["group"], strict=True))
    for source, group in (edits or {}).items():
        group = str(group or "").strip()
        if group:
            out[str(source)] = group
        else:
            out.pop(str(source), None)
    return out


def group_members(articles: pd.DataFrame, group_of: Mapping[str, str], groups: Sequence[str]) -> list[str]:
    """The outlets of the corpus that belong to any of `groups` (NO_GROUP: outlets without one)."""
    wanted = set(groups)
    sources = pd.unique(articles["source"].astype(str))
    return [s for s in sources if group_of.get(s, NO_GROUP) in wanted]


def as_groups(df: pd.DataFrame, group_of: Mapping[str, str]) -> pd.DataFrame:
    """The table with each row's outlet replaced by its group, so every per-outlet view works per group.

    On a categorical column only the categories are mapped, so this costs one pass over integer codes.
    """
    if df.empty or "source" not in df.columns:
        return df
    source = df["source"]
    if not isinstance(source.dtype, pd.CategoricalDtype):
        source = source.astype("category")
    names = [group_of.get(str(c), NO_GROUP) for c in source.cat.categories]
    groups = pd.Index(sorted(set(names)))
    lookup = np.append(groups.get_indexer(names), -1)
    codes = lookup[source.cat.codes.to_numpy()]
    out = df.copy(deep=False)
    out["source"] = pd.Categorical.from_codes(codes, categories=groups)
    return out


def attention(articles: pd.DataFrame, mentions: pd.DataFrame | None = None, freq: str = "D") -> pd.DataFrame:
    """Coverage over time: articles per day and source, or, given mentions, mentions per day and source.

    Undated articles are left out (the page says how many). Every period between the first and the last
    is listed for every source, a quiet day as 0, so a line never bridges a gap. Columns: day, source, value.
    """
    cols = ["day", "source", "value"]
    published = pd.to_datetime(articles["published"], errors="coerce")
    day = published.dt.to_period(freq).dt.start_time
    by_article = pd.DataFrame({"article_id": articles["article_id"].astype(str), "day": day.to_numpy(),
                               "source": articles["source"].astype(str).to_numpy()})
    by_article = by_article[by_article["day"].notna()]
    if by_article.empty:
        return pd.DataFrame(columns=cols)
    if mentions is None:
        rows = by_article
    else:
        if mentions.empty:
            return pd.DataFrame(columns=cols)
        keys = pd.DataFrame({"article_id": mentions["article_id"].astype(str).to_numpy(),
                             "source": mentions["source"].astype(str).to_numpy()})
        rows = keys.merge(by_article[["article_id", "day"]], on="article_id", how="inner")
    counts = rows.groupby(["day", "source"]).size()
    days = pd.period_range(by_article["day"].min(), by_article["day"].max(), freq=freq).start_time
    full = pd.MultiIndex.from_product([days, sorted(counts.index.get_level_values("source").unique())],
                                      names=["day", "source"])
    out = counts.reindex(full, fill_value=0).rename("value").reset_index()
    return out[cols]


def articles_on(articles: pd.DataFrame, day: str, sources: Sequence[str], freq: str = "D") -> pd.Index:
    """Ids of the articles published in the period starting `day` by the given sources (all when empty)."""
    published = pd.to_datetime(articles["published"], errors="coerce").dt.to_period(freq).dt.start_time
    hit = (published == pd.Timestamp(day)).to_numpy()
    if sources:
        hit = hit & articles["source"].astype(str).isin(list(sources)).to_numpy()
    return pd.Index(articles.loc[hit, "article_id"].astype(str))
