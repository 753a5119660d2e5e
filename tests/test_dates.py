"""Publication dates from the article itself when the manifest has none, with where each came from."""

from __future__ import annotations

from analysis.ingest.corpus import load_corpus
from analysis.ingest.dates import FROM_DATELINE, FROM_MANIFEST, FROM_PUBLISHED_LINE, FROM_URL, from_dateline, from_url


def test_a_full_date_in_the_address_is_a_date_and_a_year_alone_is_not() -> None:
    assert from_url("https://example.org/world/2025/03/13/talks-in-jeddah/") == "2025-03-13"
    assert from_url("https://example.org/2025-03-13-talks") == "2025-03-13"
    assert from_url("https://www.nation.com.pk/26-Jun-2023/us-says") == "2023-06-26"
    assert from_url("https://example.org/europe/2025/negotiators-head-moscow/") is None
    assert from_url("https://example.org/story?id=119743582") is None


def test_a_dateline_day_takes_its_year_from_the_address_or_the_text_and_is_never_guessed() -> None:
    assert from_dateline("KYIV, March 13 (Reuters) -", "https://x.org/2025/world/a", "") == "2025-03-13"
    assert from_dateline("KYIV, March 13 (Reuters) -", None, "Talks began on March 11, 2025.") == "2025-03-13"
    assert from_dateline("KYIV, March 13 (Reuters) -", None, "No year anywhere.") is None
    assert from_dateline("MOSCOW, March 13, 2025 -", None, "") == "2025-03-13"
    assert from_dateline("LONDON --", "https://x.org/2025/a", "") is None


def _write(folder, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_the_corpus_fills_published_from_the_text_and_says_where_from(tmp_path) -> None:
    _write(tmp_path, "a.txt", "Talks in Jeddah\n\nBy Jane Roe | Published March 12, 2025\n\n"
                              "The envoys met on March 9, 2025 and agreed to meet again.")
    _write(tmp_path, "b.txt", "KYIV, March 14 (Reuters) - Ukraine said on Friday it would attend the talks, "
                              "which were first proposed on March 2, 2025.")
    _write(tmp_path, "c.txt", "The talks went on for a second day and officials said little.")
    _write(tmp_path, "d.txt", "Officials said on March 20, 2025 that the talks went on.")
    _write(tmp_path, "manifest.csv", "file,source,url,published,group\n"
                                     "a.txt,A,,,wire services\n"
                                     "b.txt,B,,,\n"
                                     "c.txt,C,https://c.example/news/2025/03/15/talks,,\n"
                                     "d.txt,D,,2025-03-21,tv\n")
    articles = {a.file: a for a in load_corpus(tmp_path).articles}
    assert (articles["a.txt"].published, articles["a.txt"].published_from) == ("2025-03-12", FROM_PUBLISHED_LINE)
    assert (articles["b.txt"].published, articles["b.txt"].published_from) == ("2025-03-14", FROM_DATELINE)
    assert articles["b.txt"].dateline == "KYIV"
    assert (articles["c.txt"].published, articles["c.txt"].published_from) == ("2025-03-15", FROM_URL)
    assert (articles["d.txt"].published, articles["d.txt"].published_from) == ("2025-03-21", FROM_MANIFEST)
    assert articles["a.txt"].group == "wire services" and articles["d.txt"].group == "tv"
    assert articles["b.txt"].group == ""


def test_a_date_the_article_merely_mentions_is_not_its_date(tmp_path) -> None:
    _write(tmp_path, "a.txt", "The ceasefire agreed on March 11, 2025 held through the week, officials said.")
    article = load_corpus(tmp_path).articles[0]
    assert article.published is None and article.published_from == ""
