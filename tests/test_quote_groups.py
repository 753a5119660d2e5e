"""Cross-outlet quote groups on invented quote tables."""

from __future__ import annotations

import random

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.nlp import quote_groups
from analysis.nlp.quote_groups import diff_words, group_quotes, normalise_words


def table(rows: list[tuple[str, str, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"quote_id": f"q{i}", "article_id": f"a{i}", "source": src, "text": text, "speaker": spk, "kind": kind}
            for i, (src, text, spk, kind) in enumerate(rows)
        ]
    )


def group_of(out: pd.DataFrame, i: int) -> str:
    return out.loc[i, "group_id"]


def test_same_words_in_two_outlets_form_one_group():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "We will rebuild every pier before winter.", "Ilse Marten", "direct"),
                ("Coast News", "“We will rebuild every pier before winter,”", "Ilse Marten", "direct"),
                ("Coast News", "The ferries will stay in port.", "Karl Brandt", "direct"),
            ]
        )
    )
    assert group_of(out, 0) == group_of(out, 1) != group_of(out, 2)
    assert out.loc[0, "n_sources"] == 2 and out.loc[0, "group_size"] == 2
    assert out.loc[0, "sources"] == ["Coast News", "Harbour Daily"]
    assert bool(out.loc[0, "same_words"]) and not bool(out.loc[0, "conflicting_speakers"])
    assert out.loc[2, "group_size"] == 1 and out.loc[2, "n_sources"] == 1


def test_small_wording_difference_is_grouped_but_flagged():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "I can do things financially that would be very bad for Valmora", "A", "direct"),
                ("Coast News", "I can do things financially… That would be really bad for Valmora.", "A", "direct"),
            ]
        )
    )
    assert group_of(out, 0) == group_of(out, 1)
    assert not bool(out.loc[0, "same_words"])


def test_partial_cut_from_a_full_quote_joins_its_group_and_editors_brackets_are_ignored():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "The ball is truly in their court, and they know it.", "Rosa Lind", "direct"),
                ("Coast News", "ball is truly in their [Valmora's] court", "Rosa Lind", "partial"),
            ]
        )
    )
    assert group_of(out, 0) == group_of(out, 1)


def test_outlets_giving_the_same_words_to_different_speakers_are_flagged():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "Nobody will be left behind in the harbour.", "Ilse Marten", "direct"),
                ("Coast News", "Nobody will be left behind in the harbour.", "Karl Brandt", "direct"),
                ("Coast News", "Nobody will be left behind in the harbour.", None, "direct"),
            ]
        )
    )
    assert out["group_id"].nunique() == 1
    assert out["conflicting_speakers"].all()


def test_reported_speech_and_single_words_stay_alone():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "the pier will reopen in May", "A", "indirect"),
                ("Coast News", "the pier will reopen in May", "A", "indirect"),
                ("Harbour Daily", "destroy", "A", "partial"),
                ("Coast News", "destroy", "B", "partial"),
            ]
        )
    )
    assert out["group_id"].nunique() == 4
    assert not out["conflicting_speakers"].any()


def test_unrelated_quotes_sharing_common_words_are_not_grouped():
    out = group_quotes(
        table(
            [
                ("Harbour Daily", "We will not accept any deal that hurts the fishermen.", "A", "direct"),
                ("Coast News", "We will not accept any delay to the bridge repairs.", "B", "direct"),
            ]
        )
    )
    assert group_of(out, 0) != group_of(out, 1)


def test_candidate_pairs_come_from_rare_word_blocks_not_all_pairs(monkeypatch):
    calls = []
    real = quote_groups._similar

    def counting(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(quote_groups, "_similar", counting)
    rng = random.Random(7)
    vocabulary = [f"{a}{b}{c}" for a in "bdfgklmnprst" for b in "aeiou" for c in "lmnrst"]
    n = 1500
    texts = [" ".join(rng.sample(vocabulary, 9)) for _ in range(n)]
    rows = [("S1", t, "A", "direct") for t in texts]
    rows += [("S2", t.rsplit(" ", 1)[0] + " harbour", "A", "direct") for t in texts[:50]]
    out = group_quotes(table(rows))
    assert out["group_id"].nunique() == n
    assert (out["group_size"] == 2).sum() == 100
    assert len(calls) < 20 * n  # all pairs would be over a million comparisons


def test_normalise_words_drops_case_punctuation_accents_and_brackets():
    assert normalise_words("“Zürich’s [local] Port,” he said.") == ["zurich's", "port", "he", "said"]


def test_diff_words_marks_insertions_and_deletions():
    ops = diff_words("the pier reopens today", "the new pier reopens")
    assert ops == [("equal", "the"), ("insert", "new"), ("equal", "pier"), ("equal", "reopens"), ("delete", "today")]


words = st.lists(st.sampled_from(["pier", "ferry", "Port", "storm,", "harbour.", "we", "will"]), max_size=12)


@given(words, words)
def test_diff_words_rebuilds_both_quotes(a, b):
    ops = diff_words(" ".join(a), " ".join(b))
    assert [t for op, t in ops if op != "delete"] == b
    assert normalise_words(" ".join(t for op, t in ops if op != "insert")) == normalise_words(" ".join(a))
