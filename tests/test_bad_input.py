"""Bad input never raises: each bad file is one LoadProblem naming it, and the rest of the corpus loads."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.corpus import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, load_corpus, load_uploads
from tests.archives import make_zip

GOOD = (
    "The harbour authority in Valmora said on Monday that ferry traffic would resume next week, "
    "after repairs to the northern pier were finished ahead of schedule."
)


def corpus_with(tmp_path: Path, name: str, data: bytes):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    return load_corpus(tmp_path)


def only_problem(corpus, file: str):
    assert [a.article_id for a in corpus.articles if a.file == "good.txt"] == ["good"]
    matching = [p for p in corpus.problems if p.file == file]
    assert len(matching) == 1, corpus.problems
    return matching[0]


def test_empty_file(tmp_path):
    problem = only_problem(corpus_with(tmp_path, "empty.txt", b""), "empty.txt")
    assert (problem.reason, problem.severity) == ("empty file", "error")


def test_whitespace_only_file_is_empty(tmp_path):
    problem = only_problem(corpus_with(tmp_path, "blank.txt", b" \r\n\t\n"), "blank.txt")
    assert problem.reason == "empty file"


def test_binary_file_named_txt(tmp_path):
    blob = bytes(range(256)) * 40
    problem = only_problem(corpus_with(tmp_path, "blob.txt", blob), "blob.txt")
    assert problem.reason.startswith("binary file") and problem.severity == "error"


def test_pdf_named_txt_says_what_it_is(tmp_path):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
    problem = only_problem(corpus_with(tmp_path, "report.txt", pdf), "report.txt")
    assert problem.reason == "binary file (a PDF document, not text)"


def test_cp1252_file_is_decoded_and_flagged(tmp_path):
    text = "“We are ready,” said the port’s director, Zoë Marten — on Monday in Valmora’s café."
    corpus = corpus_with(tmp_path, "legacy.txt", text.encode("cp1252"))
    problem = only_problem(corpus, "legacy.txt")
    assert (problem.reason, problem.severity) == ("not UTF-8: decoded as cp1252", "warning")
    [article] = [a for a in corpus.articles if a.file == "legacy.txt"]
    assert article.text == text
    assert article.encoding == "cp1252"


def test_latin1_file_is_decoded(tmp_path):
    text = "Le maire de Valmora a déclaré que la jetée rouvrira après les réparations, selon l'agence."
    corpus = corpus_with(tmp_path, "latin.txt", text.encode("latin-1"))
    [article] = [a for a in corpus.articles if a.file == "latin.txt"]
    assert article.text == text
    assert only_problem(corpus, "latin.txt").severity == "warning"


def test_utf16_with_bom_loads_without_a_problem(tmp_path):
    corpus = corpus_with(tmp_path, "wide.txt", GOOD.replace("Monday", "Tuesday").encode("utf-16"))
    [article] = [a for a in corpus.articles if a.file == "wide.txt"]
    assert "Tuesday" in article.text
    assert corpus.problems == []


def test_malformed_manifest_row_is_a_warning_and_other_rows_apply(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("Monday", "Friday"), encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,title,published\n"
        "a.txt,Valmora Post,https://valmorapost.test/a,Ferries back,2024-05-06\n"
        "b.txt,Corvel Daily\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    got = {a.article_id: a for a in corpus.articles}
    assert got["a"].source == "Valmora Post" and got["b"].source == "unknown"
    assert [(p.file, p.reason, p.severity) for p in corpus.problems] == [
        ("manifest.csv", "manifest row 3: 2 fields, expected 5", "warning")
    ]


def test_manifest_bad_date_and_missing_file_are_warnings(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,source,url,title,published\na.txt,Valmora Post,,,13/45/2024\nmissing.txt,Corvel Daily,,,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    [article] = corpus.articles
    assert article.source == "Valmora Post" and article.published is None
    reasons = sorted(p.reason for p in corpus.problems)
    assert reasons == [
        "manifest row 2: published '13/45/2024' is not a date; ignored",
        "manifest row 3: no file named missing.txt was loaded",
    ]


def test_manifest_without_file_column_is_ignored_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("name,outlet\na.txt,Valmora Post\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["a"]
    [problem] = corpus.problems
    assert "no 'file' column" in problem.reason and problem.severity == "warning"


def test_50_mb_file_is_refused_from_its_size_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50_000_000)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    tracemalloc.start()
    corpus = load_corpus(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    problem = only_problem(corpus, "huge.txt")
    assert problem.reason == f"too large: 50.0 MB (limit {MAX_FILE_BYTES // 1_000_000} MB)"
    assert peak < 5_000_000


def test_2_mb_single_line_is_refused_as_too_long_for_the_parser(tmp_path):
    line = ("ferry " * 350_000).encode("ascii")
    assert len(line) > MAX_ARTICLE_CHARS
    problem = only_problem(corpus_with(tmp_path, "one-line.txt", line), "one-line.txt")
    assert problem.reason.startswith("too long: 2,100,000 characters (limit 1,000,000")
    assert problem.severity == "error"


def test_a_long_but_parseable_single_line_loads(tmp_path):
    line = ("Ferries sail. " * 60_000).strip()
    corpus = corpus_with(tmp_path, "long.txt", line.encode("ascii"))
    [article] = [a for a in corpus.articles if a.file == "long.txt"]
    assert article.text == line


def test_unsupported_file_type(tmp_path):
    problem = only_problem(corpus_with(tmp_path, "memo.docx", b"PK\x03\x04rest"), "memo.docx")
    assert problem.reason.startswith("unsupported file type .docx")


def test_page_furniture_only_is_no_article(tmp_path):
    furniture = b"Skip to content\n\nShare this\n\nRelated Posts"
    problem = only_problem(corpus_with(tmp_path, "menu.txt", furniture), "menu.txt")
    assert problem.reason == "no article text left after removing page furniture"


def test_invalid_json_and_csv_without_text_column(tmp_path):
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "table.csv").write_text("title,author\nFerries,Jane\n", encoding="utf-8")
    corpus = corpus_with(tmp_path, "good2.txt", GOOD.encode())
    reasons = {p.file: p.reason for p in corpus.problems}
    assert reasons["broken.json"].startswith("not valid JSON")
    assert reasons["table.csv"].startswith("CSV without a text column")
    assert sorted(a.article_id for a in corpus.articles) == ["good", "good2"]


def test_csv_row_with_wrong_field_count(tmp_path):
    (tmp_path / "rows.csv").write_text(f'title,text\nOne,"{GOOD}"\nTwo\nThree,"{GOOD}"\n', encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["rows-1", "rows-3"]
    assert [(p.file, p.reason) for p in corpus.problems] == [("rows.csv row 3", "1 fields, expected 2")]


def test_duplicate_article_ids_get_a_suffix_and_a_warning(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "story.md").write_text(GOOD.replace("Monday", "Sunday"), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert sorted(a.article_id for a in corpus.articles) == ["story", "story-2"]
    [problem] = corpus.problems
    assert problem.reason == "duplicate article id 'story': renamed to 'story-2'"
    assert problem.severity == "warning"


def test_missing_paths_are_problems(tmp_path):
    corpus = load_corpus([tmp_path / "nope.txt"])
    assert corpus.articles == []
    assert [(p.file, p.reason) for p in corpus.problems] == [("nope.txt", "file not found")]




def test_zip_refuses_traversal_nested_archives_and_bombs():
    archive = make_zip({
        "good.txt": GOOD.encode(),
        "../escape.txt": GOOD.encode(),
        "/etc/absolute.txt": GOOD.encode(),
        "inner.zip": make_zip({"x.txt": GOOD.encode()}),
        "bomb.txt": b"\0" * 5_000_000,
    })
    corpus = load_uploads([("upload.zip", archive)])
    assert [a.article_id for a in corpus.articles] == ["good"]
    reasons = {p.file: p.reason for p in corpus.problems}
    assert reasons["upload.zip/../escape.txt"].startswith("unsafe path in archive")
    assert reasons["upload.zip//etc/absolute.txt"].startswith("unsafe path in archive")
    assert reasons["upload.zip/inner.zip"] == "archive inside an archive: not supported"
    assert "possible zip bomb" in reasons["upload.zip/bomb.txt"]
    assert len(corpus.problems) == 4


def test_zip_entry_over_the_file_limit_is_refused():
    archive = make_zip({"big.txt": b"ferry " * (MAX_FILE_BYTES // 6 + 10), "good.txt": GOOD.encode()},
                       compression=zipfile.ZIP_STORED)
    corpus = load_uploads([("big.zip", archive)])
    assert [a.article_id for a in corpus.articles] == ["good"]
    [problem] = corpus.problems
    assert problem.file == "big.zip/big.txt" and problem.reason.startswith("too large: 20.0 MB")


def test_corrupt_zip_and_oversized_upload():
    corpus = load_uploads([
        ("broken.zip", b"PK\x03\x04 this is not really a zip"),
        ("huge.txt", b"a" * (MAX_FILE_BYTES + 1)),
        ("good.txt", GOOD.encode()),
    ])
    assert [a.article_id for a in corpus.articles] == ["good"]
    reasons = {p.file: p.reason for p in corpus.problems}
    assert reasons["broken.zip"].startswith("not a readable zip archive")
    assert reasons["huge.txt"].startswith("too large: 20.0 MB")


names = st.sampled_from(
    ["a.txt", "b.html", "c.json", "d.jsonl", "e.csv", "f.md", "g.zip", "h", "manifest.csv"]
)
contents = st.binary(max_size=400) | st.text(max_size=400).map(str.encode)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(names, contents), max_size=4))
def test_any_bytes_load_without_raising_and_every_file_is_accounted_for(files):
    corpus = load_uploads(files)
    accounted = {a.file.split("/")[0] for a in corpus.articles} | {p.file.split(" ")[0].split("/")[0]
                                                                  for p in corpus.problems}
    for name, _ in files:
        if name != "manifest.csv":
            assert name in accounted
    for article in corpus.articles:
        assert article.text.strip() and len(article.text) <= MAX_ARTICLE_CHARS
