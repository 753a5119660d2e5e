"""The sidebar filters on the real seed tables: what an analyst narrows is what every view shows."""

from __future__ import annotations

from datetime import date

from analysis.views import queries


def test_date_range_keeps_undated_articles_and_drops_dated_ones_outside(seed_tables) -> None:
    inside = queries.article_ids(seed_tables, queries.Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)))
    outside = queries.article_ids(seed_tables, queries.Filters(date_from=date(2025, 4, 1)))
    assert "000_a3f09ebaa110a34d" in inside
    assert "000_a3f09ebaa110a34d" not in outside
    assert len(outside) == 4  # the four undated articles are never hidden by a date filter


def test_source_filter_is_not_an_article_filter(seed_tables) -> None:
    view = queries.filtered(seed_tables, queries.Filters(sources=("Brussels Reporter",)))
    assert set(view["articles"]["article_id"]) == {"002_3f8cc4841b4b6142", "003_da12a80d9d587f0f"}
    assert set(view["mentions"]["source"]) == {"Brussels Reporter"}
    assert set(view["quotes"]["source"]) == {"Brussels Reporter"}


def test_actor_filter_keeps_that_actors_rows_and_the_places_named_with_it(seed_tables) -> None:
    view = queries.filtered(seed_tables, queries.Filters(actors=("Melanie Joly",)))
    assert set(view["mentions"]["actor"]) == {"Melanie Joly"}
    assert set(view["quotes"]["speaker"]) == {"Melanie Joly"}
    assert len(view["quotes"]) >= 2
    places = set(view["place_mentions"]["name"])
    assert "Sudzha" not in places


def test_minimum_mentions_drops_rare_actors(seed_tables) -> None:
    view = queries.filtered(seed_tables, queries.Filters(min_mentions=10))
    counts = view["mentions"]["actor"].value_counts()
    assert counts.min() >= 10
    assert {"Donald Trump", "Vladimir Putin"} <= set(counts.index)
    assert "Melanie Joly" not in set(counts.index)


def test_actor_evidence_marks_the_mention_inside_its_sentence(seed_tables) -> None:
    ev = queries.actor_evidence(seed_tables, seed_tables["mentions"], ["Oleksandr Syrsky"])
    assert len(ev) >= 3
    for row in ev.itertuples(index=False):
        marked = row.sentence[int(row.mark_start):int(row.mark_end)]
        assert marked.startswith("Syrsk") or marked.startswith("Oleksandr")
