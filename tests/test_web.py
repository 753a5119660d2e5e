"""Bringing articles in by web address or feed: the address check (no traffic at all), then real fetches
from a server on 127.0.0.1 with the local-address setting on."""

from __future__ import annotations

import pytest

from analysis.ingest.corpus import load_documents
from analysis.ingest.web import Refused, Settings, check_address, feed_links, fetch_articles
from tests.web_server import PAGES, local_site


def _no_lookup(host: str) -> list[str]:
    raise AssertionError(f"no name lookup expected for {host}")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.9.9.9:8080/a", "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/",
    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://224.0.0.1/",
])
def test_local_private_and_metadata_addresses_are_refused_before_any_connection(url: str) -> None:
    with pytest.raises(Refused, match="private, local or reserved"):
        check_address(url, Settings(resolve=_no_lookup))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://x/", "javascript:alert(1)",
                                 "example.org/news"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(Refused, match="only http and https"):
        check_address(url, Settings(resolve=_no_lookup))


def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    settings = Settings(resolve=lambda host: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(Refused, match="10.1.2.3"):
        check_address("https://news.example/story", settings)


def test_a_public_address_passes_and_credentials_do_not() -> None:
    settings = Settings(resolve=lambda host: ["93.184.216.34"])
    assert check_address("https://news.example/story", settings) == "news.example"
    with pytest.raises(Refused, match="user name or password"):
        check_address("https://user:pw@news.example/story", settings)


def test_a_feed_lists_its_article_links() -> None:
    body = (PAGES / "feed.xml").read_text(encoding="utf-8").replace("HOST", "h").encode()
    assert feed_links(body) == ["http://h/jeddah.html", "http://h/kyiv.html"]
    atom = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://h/a"/>' \
           b'</entry></feed>'
    assert feed_links(atom) == ["http://h/a"]
    assert feed_links(b"<not xml") == []


LOCAL = Settings(allow_private=True, page_timeout_s=1.5, max_page_bytes=2_000_000)


def test_pages_are_fetched_with_text_title_outlet_author_and_date() -> None:
    with local_site() as site:
        results = fetch_articles([f"{site}/jeddah.html"], LOCAL)
    assert len(results) == 1 and results[0].doc is not None, results
    doc = results[0].doc
    assert doc.title == "Talks in Jeddah"
    assert doc.source == "Gulf Ledger"
    assert doc.author == "Jane Roe"
    assert doc.published == "2025-03-11"
    assert "Andrii Yermak" in doc.text
    assert "cookies" not in doc.text and "Markets rally" not in doc.text and "Copyright" not in doc.text


def test_a_feed_brings_its_articles_and_every_failure_has_its_named_reason() -> None:
    with local_site() as site:
        results = fetch_articles([f"{site}/feed.xml", f"{site}/gone.html", f"{site}/data.json",
                                  f"{site}/huge.html", f"{site}/slow.html", f"{site}/empty.html",
                                  f"{site}/moved", "ftp://127.0.0.1/x"], LOCAL)
    by_url = {r.url: r for r in results}
    assert by_url[f"{site}/feed.xml"].kind == "feed"
    assert by_url[f"{site}/jeddah.html"].doc is not None and by_url[f"{site}/kyiv.html"].doc is not None
    assert by_url[f"{site}/gone.html"].kind == "HTTP error" and "404" in by_url[f"{site}/gone.html"].reason
    assert by_url[f"{site}/data.json"].kind == "not HTML"
    assert by_url[f"{site}/huge.html"].kind == "too large"
    assert by_url[f"{site}/slow.html"].kind == "timeout"
    assert by_url[f"{site}/empty.html"].kind == "no article text"
    moved = by_url[f"{site}/moved"].doc
    assert moved is not None and moved.title == "Kyiv accepts ceasefire plan"
    assert by_url["ftp://127.0.0.1/x"].kind == "refused"


def test_without_the_local_setting_the_test_server_itself_is_refused() -> None:
    with local_site() as site:
        results = fetch_articles([f"{site}/jeddah.html"], Settings(page_timeout_s=1.5))
    assert results[0].kind == "refused"


def test_more_addresses_than_the_cap_are_reported_not_fetched() -> None:
    with local_site() as site:
        results = fetch_articles([f"{site}/jeddah.html?{i}" for i in range(4)],
                                 Settings(allow_private=True, max_addresses=2, page_timeout_s=1.5))
    assert sum(r.doc is not None for r in results) == 2
    assert sum("more than 2 addresses" in r.reason for r in results) == 2


def test_fetched_pages_become_cleaned_articles_with_their_metadata() -> None:
    with local_site() as site:
        results = fetch_articles([f"{site}/jeddah.html", f"{site}/kyiv.html"], LOCAL)
    corpus = load_documents([(r.url, r.doc) for r in results if r.doc], taken={"jeddah"})
    assert len(corpus.articles) == 2
    first = corpus.articles[0]
    assert first.source == "Gulf Ledger" and first.author == "Jane Roe" and first.published == "2025-03-11"
    assert first.published_from == "metadata in the file"
    assert first.article_id != "jeddah"
    assert not first.text.startswith("Talks in Jeddah")


def test_the_extraction_evaluation_scores_pages_against_their_annotated_bodies(tmp_path) -> None:
    import gzip
    import json

    from analysis.tools.evaluate_extraction import evaluate, main, token_scores

    assert token_scores("the port reopened", "the port reopened") == (1.0, 1.0, 1.0)
    assert token_scores("the port reopened", "") == (0.0, 0.0, 0.0)
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html.gz").write_bytes(gzip.compress((PAGES / "jeddah.html").read_bytes()))
    (tmp_path / "html" / "b.html").write_bytes((PAGES / "empty.html").read_bytes())
    body = "Ukrainian and American officials met in Jeddah on Tuesday to discuss a ceasefire proposal"
    (tmp_path / "ground-truth.json").write_text(json.dumps({"a": {"articleBody": body}, "b": {"articleBody": body}}))
    out = evaluate(tmp_path)
    assert out["pages"] == 2
    assert out["recall"] == 0.5, out
    assert 0 < out["f1"] < 0.5
    assert main([str(tmp_path / "missing")]) == 2
