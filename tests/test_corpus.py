"""Loading the seed corpus and each supported format: what a user would check in the loaded articles."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from analysis.ingest.corpus import load_corpus, load_uploads
from analysis.nlp.model import load_nlp
from analysis.paths import DEFAULT_CORPUS

SEEDS = Path(DEFAULT_CORPUS)
BODY = (
    "The harbour authority in Valmora said on Monday that ferry traffic would resume next week, "
    "after repairs to the northern pier were finished ahead of schedule."
)
QUOTE = "“We are ready to reopen,” said Ilse Marten, the port director."


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def by_id(seeds):
    return {a.article_id: a for a in seeds.articles}


@pytest.fixture(scope="module")
def pipeline():
    return load_nlp()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_seed_folder_loads_five_articles_and_no_readme(seeds):
    assert sorted(a.article_id for a in seeds.articles) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert len(seeds.articles) == 5
    assert seeds.problems == []


def test_manifest_metadata_is_applied(seeds, by_id):
    assert sum(a.source == "Brussels Reporter" for a in seeds.articles) == 2
    first = by_id["000_a3f09ebaa110a34d"]
    assert first.source == "ABC News"
    assert first.published == "2025-03-13"
    assert first.url.startswith("https://abcnews.go.com/")
    assert first.title == "Putin demands Kursk total victory ahead of Moscow talks"


def test_seed_000_dateline_and_trailers(by_id):
    article = by_id["000_a3f09ebaa110a34d"]
    assert article.dateline == "LONDON"
    assert "LONDON --" not in article.text
    assert "Russian President Vladimir Putin visited a command center in Kursk" in article.text
    assert not article.text.startswith("date")
    assert "contributed to this report" not in article.text


def test_no_embed_or_caption_credits_in_any_seed(seeds):
    for article in seeds.articles:
        assert "Embed from Getty Images" not in article.text
        assert "/via Reuters" not in article.text
        assert "A drone view shows troops waving flags" not in article.text


def test_seed_001_repeated_title_removed_and_glued_sentence_kept(by_id):
    article = by_id["001_cbc1d2b3e80d9033"]
    assert not article.text.startswith("Trump dispatches US officials")
    assert article.text.startswith("US officials are heading to Moscow")
    assert "While Trump did not confirm which officials" in article.text


def test_seed_002_header_and_trailer_removed(by_id):
    article = by_id["002_3f8cc4841b4b6142"]
    assert "Related Posts" not in article.text
    assert "by editor" not in article.text
    assert not article.text.startswith("Home")
    assert article.text.startswith("On Wednesday, US President Donald Trump announced")
    assert {r.kind for r in article.removed} == {"breadcrumb", "repeated_title", "byline", "related_posts"}


def test_paragraph_breaks_are_blank_lines(by_id):
    article = by_id["003_da12a80d9d587f0f"]
    assert "\n\n" in article.text
    assert re.search(r"(?<!\n)\n(?!\n)", article.text) is None
    assert "Kremlin acknowledges US discussions" in article.text.split("\n\n")


def test_cleaning_never_rewrites_kept_text(seeds):
    for article in seeds.articles:
        raw = squash((SEEDS / article.file).read_text(encoding="utf-8"))
        for paragraph in article.text.split("\n\n"):
            assert squash(paragraph) in raw


def test_parsed_seeds_have_no_photographer_or_contributor_entities(seeds, pipeline):
    noise = {"Saul Loeb", "Tanya Stukalova", "Patrick Reevell", "Will Gretsky", "Social Media"}
    raw_texts = [(SEEDS / a.file).read_text(encoding="utf-8") for a in seeds.articles]
    raw_ents = {e.text.strip() for doc in pipeline.pipe(raw_texts) for e in doc.ents}
    assert noise & raw_ents, "the raw seeds should contain the credit names the cleaning must remove"
    ents = {e.text.strip() for doc in pipeline.pipe(a.text for a in seeds.articles) for e in doc.ents}
    assert not noise & ents
    assert not any("Getty" in e for e in ents)
    assert {"Putin", "Peskov", "Sudzha"} & ents


def test_uploads_and_zip_give_the_same_corpus_as_the_folder(seeds):
    files = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    manifest = (SEEDS / "manifest.csv").read_bytes()
    uploaded = load_uploads(files, manifest=manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*files, ("manifest.csv", manifest)]:
            archive.writestr(f"articles/{name}", data)
    zipped = load_uploads([("seeds.zip", buffer.getvalue())])
    expected = [(a.article_id, a.source, a.title, a.text) for a in seeds.articles]
    assert [(a.article_id, a.source, a.title, a.text) for a in uploaded.articles] == expected
    assert [(a.article_id, a.source, a.title, a.text) for a in zipped.articles] == expected
    assert uploaded.problems == [] and zipped.problems == []


def test_list_of_files_with_a_manifest_among_them(tmp_path):
    (tmp_path / "harbour.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,title,published\n"
        "harbour.txt,Valmora Post,https://valmorapost.test/a,Ferries back,2024-05-06\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path / "harbour.txt", tmp_path / "manifest.csv"])
    [article] = corpus.articles
    assert (article.source, article.title) == ("Valmora Post", "Ferries back")
    assert article.published == "2024-05-06"


PAGE = """<!DOCTYPE html>
<html><head>
<title>Ferries return to Valmora | Valmora Post</title>
<meta property="og:title" content="Ferries return to Valmora">
<meta property="og:site_name" content="Valmora Post">
<meta property="article:published_time" content="2024-05-06T08:15:00+02:00">
<link rel="canonical" href="https://valmorapost.test/news/ferries-return">
<script>window.tracking = {"text": "not article text"};</script>
<style>p { color: red; }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header><h1>Ferries return to Valmora</h1></header>
<article>
  <h1>Ferries return to Valmora</h1>
  <p class="byline">By Jane Doe</p>
  <p>VALMORA -- The harbour authority said on Monday that ferry traffic would resume &amp; grow.</p>
  <figure><img src="pier.jpg"><figcaption>The pier. Lena Ostrova/Reuters</figcaption></figure>
  <p>“We are ready to reopen,” said <a href="/people/marten">Ilse Marten</a>, the port director.
  <p>Tickets go on sale on Friday.</p>
  <div class="share-buttons"><span>Share on Facebook</span></div>
  <aside><h2>Related</h2><ul><li>Storm closes pier</li></ul></aside>
</article>
<footer>© Valmora Post</footer>
</body></html>"""


def test_html_page_text_and_metadata(tmp_path):
    (tmp_path / "ferries.html").write_text(PAGE, encoding="utf-8")
    [article] = load_corpus(tmp_path).articles
    assert article.title == "Ferries return to Valmora"
    assert article.source == "Valmora Post"
    assert article.url == "https://valmorapost.test/news/ferries-return"
    assert article.published == "2024-05-06"
    assert article.dateline == "VALMORA"
    assert article.text.split("\n\n") == [
        "The harbour authority said on Monday that ferry traffic would resume & grow.",
        "“We are ready to reopen,” said Ilse Marten, the port director.",
        "Tickets go on sale on Friday.",
    ]


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    (tmp_path / "saved-page.txt").write_text(PAGE, encoding="utf-8")
    [article] = load_corpus(tmp_path).articles
    assert "<p>" not in article.text and "window.tracking" not in article.text
    assert article.title == "Ferries return to Valmora"


def test_json_object_list_and_wrapper(tmp_path):
    one = {"headline": "Ferries back", "content": BODY, "link": "https://www.valmorapost.test/x",
           "date": "2024-05-06"}
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    many = [{"id": "a1", "title": "Pier fixed", "text": BODY, "source": "Corvel Daily"},
            {"id": "a2", "title": "Port reopens", "body": QUOTE, "outlet": "Valmora Post"}]
    (tmp_path / "many.json").write_text(json.dumps(many), encoding="utf-8")
    item = {"title": "Newswire item", "description": "x", "content": BODY,
            "source": {"id": None, "name": "Wire Service"}, "publishedAt": "2024-05-07T10:00:00Z"}
    wrapped = {"articles": [item]}
    (tmp_path / "wrapped.json").write_text(json.dumps(wrapped), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    got = {a.article_id: a for a in corpus.articles}
    assert corpus.problems == []
    assert got["one"].source == "valmorapost.test"
    assert (got["one"].title, got["one"].published, got["one"].text) == ("Ferries back", "2024-05-06", BODY)
    assert got["many-a1"].source == "Corvel Daily"
    assert got["many-a2"].source == "Valmora Post" and got["many-a2"].text == QUOTE
    assert got["wrapped-1"].source == "Wire Service" and got["wrapped-1"].published == "2024-05-07"


def test_jsonl_bad_line_is_a_problem_and_other_lines_load(tmp_path):
    lines = [
        json.dumps({"title": "Pier fixed", "text": BODY}),
        "{not json",
        json.dumps({"title": "Port", "text": QUOTE}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["feed-1", "feed-3"]
    [problem] = corpus.problems
    assert problem.file == "feed.jsonl line 2" and problem.severity == "warning"
    assert "not valid JSON" in problem.reason


def test_csv_rows_are_articles_with_metadata(tmp_path):
    (tmp_path / "export.csv").write_text(
        f'title,text,source,url,published\nPier fixed,"{BODY}",Corvel Daily,,2024-05-06\n'
        f'Port reopens,"{QUOTE}",,https://valmorapost.test/p,\n',
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    first, second = corpus.articles
    assert (first.article_id, first.source, first.title, first.published) == (
        "export-1", "Corvel Daily", "Pier fixed", "2024-05-06")
    assert (second.article_id, second.source, second.text) == ("export-2", "valmorapost.test", QUOTE)


def test_markdown_heading_is_the_title_and_markup_goes(tmp_path):
    (tmp_path / "note.md").write_text(
        f"# Ferries back in [Valmora](https://x.test)\n\n{BODY}\n\n**Tickets** go on sale on Friday.\n",
        encoding="utf-8",
    )
    [article] = load_corpus(tmp_path).articles
    assert article.title == "Ferries back in Valmora"
    assert article.text == f"{BODY}\n\nTickets go on sale on Friday."


def test_manifest_wins_over_file_metadata(tmp_path):
    (tmp_path / "ferries.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,title,published\n"
        "ferries.html,Harbour Weekly,https://hw.test/1,Manifest title,2024-01-02\n",
        encoding="utf-8",
    )
    [article] = load_corpus(tmp_path).articles
    assert (article.source, article.url, article.title, article.published) == (
        "Harbour Weekly", "https://hw.test/1", "Manifest title", "2024-01-02")


def test_title_falls_back_to_a_headline_first_line_then_to_the_id(tmp_path):
    (tmp_path / "with-headline.txt").write_text(f"Ferries return to Valmora\n{BODY}", encoding="utf-8")
    (tmp_path / "no-headline.txt").write_text(f"{BODY}\n{QUOTE}", encoding="utf-8")
    got = {a.article_id: a for a in load_corpus(tmp_path).articles}
    assert got["with-headline"].title == "Ferries return to Valmora"
    assert got["with-headline"].text == BODY
    assert got["no-headline"].title == "no-headline"
    assert got["no-headline"].source == "unknown"


def test_html_without_article_element_and_a_noisy_wrapper_class(tmp_path):
    page = """<html><head><title>Port reopens - Corvel Daily</title></head><body>
    <div id="menu"><ul><li>Home</li><li>News</li></ul></div>
    <div class="content comments-enabled"><div class="entry-content">
    <p>The port of Corvel reopened on Tuesday.<p>Officials said the first ship<br>arrived at noon.
    <p>Tickets are on sale.<br><br>Fares are unchanged.</p></div></div>
    </body></html>"""
    (tmp_path / "corvel.html").write_text(page, encoding="utf-8")
    [article] = load_corpus(tmp_path).articles
    assert (article.title, article.source) == ("Port reopens", "Corvel Daily")
    assert article.text.split("\n\n") == [
        "The port of Corvel reopened on Tuesday.",
        "Officials said the first ship arrived at noon.",
        "Tickets are on sale.",
        "Fares are unchanged.",
    ]
