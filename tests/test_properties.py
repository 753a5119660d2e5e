"""Hostile text never breaks loading, cleaning, quote extraction, place resolution or the whole pipeline.

Arbitrary unicode, unbalanced quote marks, control characters, right-to-left text and a 1 MB line: no
exception, and every stored offset is valid (0 <= start <= end <= len(text), text[start:end] is the stored
surface form). The real spaCy pipeline is loaded once; examples are few because each one is parsed.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.ingest.cleaning import clean_text
from analysis.ingest.corpus import MAX_ARTICLE_CHARS, load_uploads
from analysis.nlp.places import extract_place_mentions
from analysis.nlp.quotes import extract_quotes

QUOTE_MARKS = ['"', "“", "”", "«", "»", "„", "'", "‘", "’"]
CONTROL = [chr(c) for c in (*range(0, 32), 127, 0x85, 0x200B, 0x200E, 0x200F, 0x202A, 0x202B, 0x202E, 0xFEFF)]
RTL_WORDS = ["قال", "الرئيس", "موسكو", "שלום", "אמר", "Москва", "Путин", "Київ"]
NEWS_WORDS = [
    "said",
    "told",
    "according",
    "to",
    "Ivel",
    "Marrow",
    "Pellham",
    "Kursk",
    "Paris",
    "Odesa",
    "the",
    "minister",
    "in",
    "on",
    "Monday",
    "he",
    "she",
    "\n",
    "\n\n",
    ".",
    ",",
    "Mr",
    "Gen.",
]
PARSE = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pieces = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CONTROL),
    st.sampled_from(RTL_WORDS),
    st.sampled_from(NEWS_WORDS),
    st.text(min_size=1, max_size=12),
)
hostile_text = st.lists(pieces, max_size=60).map(" ".join)

HOSTILE_SAMPLES = [
    "“He said “nothing” and left.\n\nThen ” she «replied» „ without closing",
    '\u202eevil\u202c Ivel Marrow said: "\u0000\u0007 we will \ufeffwin\u200b',
    "قال الرئيس “سنفوز” في موسكو، according to Pellham.",
    '"' * 50 + "Kursk" + "”" * 50,
    "Mr. \u0085Smith\r\ntold\rreporters in Paris “it is over.",
    "\x0b\x0c\x1c\x1d\x1e" * 20 + " said the minister in Odesa.",
]


def assert_span(
    text: str, row: dict, surface_key: str = "text", start: str = "start", end: str = "end"
) -> None:
    lo, hi = row[start], row[end]
    assert isinstance(lo, int) and isinstance(hi, int), row
    assert 0 <= lo <= hi <= len(text), row
    if surface_key:
        assert text[lo:hi] == row[surface_key], row


def assert_quotes_valid(text: str, quotes: list[dict]) -> None:
    for q in quotes:
        assert_span(text, q)
        if q["speaker_start"] is not None:
            assert_span(text, q, "speaker_text", "speaker_start", "speaker_end")
        if q["ref_start"] is not None:
            assert_span(text, q, "", "ref_start", "ref_end")


def assert_places_valid(text: str, places: list[dict]) -> None:
    for p in places:
        if p["via"] == "dateline":
            assert p["start"] == p["end"] == 0 and p["text"], p
            continue
        assert p["via"] == "text", p
        assert_span(text, p)
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, p


# --- loading and cleaning (no parse: many examples are cheap) ------------------------------------------

names = st.one_of(
    st.sampled_from(
        [
            "a.txt",
            "b.html",
            "c.json",
            "d.jsonl",
            "e.csv",
            "f.md",
            "g.zip",
            "noext",
            "x.exe",
            "../../etc/passwd.txt",
            "C:\\evil\\x.txt",
            "\u202etxt.exe",
            "a/b/c.txt",
            "<script>.txt",
        ]
    ),
    st.text(min_size=1, max_size=30),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(names, st.binary(max_size=600) | hostile_text.map(str.encode)), max_size=4))
def test_load_uploads_any_bytes_any_names(files):
    corpus = load_uploads(files)
    for article in corpus.articles:
        assert article.text.strip()
        assert len(article.text) <= MAX_ARTICLE_CHARS
        for removed in article.removed:
            assert isinstance(removed.text, str)
    for problem in corpus.problems:
        assert problem.severity in ("error", "warning") and problem.reason


@settings(max_examples=200, deadline=None)
@given(hostile_text, st.none() | hostile_text)
@example("“unbalanced\n\n\u202eright to left\u202c\x00\x01", None)
def test_clean_text_keeps_paragraphs_verbatim(raw, title):
    cleaned = clean_text(raw, title)
    assert isinstance(cleaned.text, str)
    # Kept paragraphs are never rewritten: each one is a run of the raw text (whitespace aside).
    squashed = " ".join(raw.split())
    for paragraph in cleaned.text.split("\n\n"):
        if cleaned.dateline is None and not cleaned.published:
            assert " ".join(paragraph.split()) in squashed


# --- parsing (the real pipeline, few examples) ----------------------------------------------------------


@PARSE
@given(hostile_text)
def test_quotes_offsets_always_valid(nlp, text):
    doc = nlp(text)
    assert_quotes_valid(doc.text, extract_quotes(doc))


@PARSE
@given(hostile_text)
def test_place_offsets_always_valid(nlp, text):
    doc = nlp(text)
    assert_places_valid(doc.text, extract_place_mentions(doc, dateline=text[:10] or None))


@pytest.mark.parametrize("text", HOSTILE_SAMPLES)
def test_hostile_samples_parse_without_raising(nlp, text):
    cleaned = clean_text(text).text
    doc = nlp(cleaned)
    assert_quotes_valid(doc.text, extract_quotes(doc))
    assert_places_valid(doc.text, extract_place_mentions(doc))


@pytest.fixture(scope="module")
def megabyte_line() -> str:
    """One line just under spaCy's max_length: quotes left open, names, a place, right-to-left words.

    Long padding words keep the token count (and so the one parse) modest while the line is still 1 MB.
    """
    pad = " ".join(["Counterrevolutionaryinternationalisation", "قالالرئيسسنفوزفيموسكو", "Übermäßigkeit"] * 4)
    unit = f"“Ivel Marrow said in Kursk that “the talks are over. {pad} "
    return (unit * (MAX_ARTICLE_CHARS // len(unit)))[: MAX_ARTICLE_CHARS - 1]


@pytest.mark.slow
def test_one_megabyte_line_is_loaded_cleaned_and_analysed(nlp, megabyte_line):
    corpus = load_uploads([("long.txt", megabyte_line.encode()), ("long2.txt", (megabyte_line * 2).encode())])
    assert [a.article_id for a in corpus.articles] == ["long"]
    assert [p.file for p in corpus.problems] == ["long2.txt"]
    assert "too long" in corpus.problems[0].reason
    text = corpus.articles[0].text
    doc = nlp(text)
    quotes = extract_quotes(doc)
    places = extract_place_mentions(doc)
    assert_quotes_valid(text, quotes)
    assert_places_valid(text, places)
    assert any(p["name"] == "Kursk" for p in places)


# --- the whole pipeline -----------------------------------------------------------------------------------


def test_pipeline_on_hostile_articles_never_raises():
    """Loaded hostile files plus texts the loader would refuse as binary, given straight to the pipeline."""
    from analysis.ingest.corpus import Article
    from analysis.store.pipeline import analyze

    files = [
        ("unbalanced.txt", "\n\n".join(HOSTILE_SAMPLES[2:4]).encode()),
        ("rtl.md", "# عنوان\n\nقال الرئيس “سنفوز”.\n\nThe mayor of Paris said «non».".encode()),
        (
            "script.html",
            b"<html><body><article><p>Ivel Marrow said <script>alert(1)</script>"
            b' "<img src=x onerror=alert(2)>" in Kursk.</p></article></body></html>',
        ),
    ]
    corpus = load_uploads(files)
    assert len(corpus.articles) == 3, corpus.problems
    raw = [
        ("controls", "Ivel Marrow told reporters in Odesa “we stay”. " + "".join(CONTROL) * 3, "\u202eKURSK"),
        ("marks", "\n\n".join(HOSTILE_SAMPLES), None),
        ("empty", "", None),
    ]
    articles = [
        *corpus.articles,
        *(
            Article(
                article_id=aid,
                source="s",
                title=aid,
                url="",
                published=None,
                text=text,
                removed=(),
                dateline=dateline,
                file=aid,
                encoding="utf-8",
            )
            for aid, text, dateline in raw
        ),
    ]
    tables, stats = analyze(articles)
    assert stats.parsed == 6
    texts = tables["articles"].set_index("article_id")["text"]
    datelines = tables["place_mentions"][tables["place_mentions"]["via"] == "dateline"]
    assert set(datelines["article_id"]) <= {"controls"}
    assert (datelines["start"] == 0).all() and (datelines["end"] == 0).all()
    for name in ("mentions", "quotes", "place_mentions"):
        rows = tables[name]
        if name == "place_mentions":
            rows = rows[rows["via"] == "text"]
        for row in rows.to_dict("records"):
            text = texts[row["article_id"]]
            assert 0 <= row["start"] <= row["end"] <= len(text), (name, row)
            assert text[row["start"] : row["end"]] == row["text"], (name, row)
    assert set(tables["articles"]["article_id"]) == {
        "unbalanced",
        "rtl",
        "script",
        "controls",
        "marks",
        "empty",
    }
    assert len(tables["quotes"]) > 0 and len(tables["place_mentions"]) > 0
