"""Shared corpora on disk: unguessable ids, read back without analysis, limits, expiry, atomic writes."""

from __future__ import annotations

import pytest

from analysis.store.shared import Limits, ShareRefused, _entries, open_shared, save_shared, valid_id


@pytest.fixture(scope="module")
def tables(seed_tables):
    return dict(seed_tables)


def test_a_shared_corpus_opens_by_its_id_with_the_same_tables_and_corrections(tables, tmp_path) -> None:
    corpus_id = save_shared(tables, tmp_path, Limits(), aliases_text="alias,canonical,action\n",
                            speaker_overrides={"q1": "Vladimir Putin"})
    assert valid_id(corpus_id) and len(corpus_id) == 32
    shared = open_shared(corpus_id, tmp_path, Limits())
    assert shared is not None
    assert len(shared.tables["articles"]) == len(tables["articles"])
    assert set(shared.tables["mentions"]["actor"].astype(str)) == set(tables["mentions"]["actor"].astype(str))
    assert shared.speaker_overrides == {"q1": "Vladimir Putin"}
    assert shared.aliases_text.startswith("alias")
    assert not list(tmp_path.glob(".tmp-*"))


def test_ids_are_random_and_never_repeat(tables, tmp_path) -> None:
    ids = {save_shared({"articles": tables["articles"]}, tmp_path, Limits()) for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize("bad", ["", "abc", "../../etc/passwd", "x" * 31, "x" * 33, "a/b" + "c" * 29, None,
                                 "A" * 31 + "."])
def test_a_malformed_id_is_never_a_path(bad, tmp_path) -> None:
    assert open_shared(bad, tmp_path, Limits()) is None


def test_an_unknown_id_opens_nothing(tmp_path) -> None:
    assert open_shared("A" * 32, tmp_path, Limits()) is None


def test_a_corpus_past_its_age_is_gone(tables, tmp_path) -> None:
    limits = Limits(max_age_s=3600)
    corpus_id = save_shared({"articles": tables["articles"]}, tmp_path, limits, now=1_000.0)
    assert open_shared(corpus_id, tmp_path, limits, now=2_000.0) is not None
    assert open_shared(corpus_id, tmp_path, limits, now=10_000.0) is None
    save_shared({"articles": tables["articles"]}, tmp_path, limits, now=10_000.0)
    assert not (tmp_path / corpus_id).exists()


def test_a_corpus_over_the_size_limit_is_refused_with_the_reason(tables, tmp_path) -> None:
    with pytest.raises(ShareRefused, match="at most"):
        save_shared(tables, tmp_path, Limits(max_corpus_bytes=1000))
    assert not [p for p in tmp_path.iterdir()]


def test_the_oldest_shared_corpora_make_room_when_the_total_is_reached(tables, tmp_path) -> None:
    one = save_shared({"articles": tables["articles"]}, tmp_path, Limits(), now=1.0)
    size = _entries(tmp_path)[0][1]
    limits = Limits(max_total_bytes=int(size * 2.5))
    two = save_shared({"articles": tables["articles"]}, tmp_path, limits, now=2.0)
    three = save_shared({"articles": tables["articles"]}, tmp_path, limits, now=3.0)
    assert open_shared(one, tmp_path, limits, now=4.0) is None
    assert open_shared(two, tmp_path, limits, now=4.0) is not None
    assert open_shared(three, tmp_path, limits, now=4.0) is not None
