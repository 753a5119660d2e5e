"""Sentiment on the real seed corpus: every actor an analyst would look at gets scored mentions."""

from __future__ import annotations

from analysis.views.sentiment_stats import summarise


def test_every_actor_with_three_mentions_has_sentiment_rows(seed_tables) -> None:
    actors = seed_tables["actors"]
    frequent = set(actors.loc[actors["mentions"] >= 3, "actor"])
    scored = seed_tables["sentiment"].groupby("actor").size()
    missing = {a for a in frequent if scored.get(a, 0) < 3}
    assert len(frequent) >= 15
    assert not missing, missing


def test_sentiment_rows_point_at_their_actor_inside_their_sentence(seed_tables) -> None:
    s = seed_tables["sentiment"]
    art = seed_tables["articles"].set_index("article_id")["text"]
    assert s["score"].between(-1, 1).all()
    assert set(s["label"].unique()) <= {-1, 0, 1}
    for row in s.sample(40, random_state=0).itertuples(index=False):
        assert art[row.article_id][row.start:row.end] == row.text
        assert row.text in row.sentence


def test_thin_cells_are_flagged_not_hidden(seed_tables) -> None:
    summary = summarise(seed_tables["sentiment"], by=("source", "actor"), min_n=3)
    joly = summary[summary["actor"] == "Melanie Joly"]
    assert len(joly) == 1 and bool(joly["thin"].iloc[0])
    putin = summary[summary["actor"] == "Vladimir Putin"]
    assert set(putin["source"]) == {"ABC News", "Brussels Reporter", "CNews Live English", "Daily Tuesday"}
    assert (putin["ci_low"] <= putin["mean"]).all() and (putin["mean"] <= putin["ci_high"]).all()
