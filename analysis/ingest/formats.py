"""Readers for the file types a corpus may arrive in: bytes in, raw article texts plus metadata out.

The type is sniffed from the content, not trusted from the extension, because scraped files are often
misnamed (HTML saved as .txt, binaries renamed). Readers never raise on bad input: what cannot be read
becomes a plain-language problem the user can act on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import charset_normalizer
import trafilatura
from trafilatura.settings import use_config

from analysis.ingest.cleaning import normalise_date

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
JSON_EXTENSIONS = frozenset({".json"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
CSV_EXTENSIONS = frozenset({".csv", ".tsv"})
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS
SNIFF_BYTES = 8192

csv.field_size_limit(64 * 1024 * 1024)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class LoadProblem:
    """Why a file (or one row of it) was skipped or loaded with a caveat, in words a user understands."""

    file: str
    reason: str
    severity: str


class Unreadable(Exception):
    """The whole file cannot be used; the message is the user-facing reason."""


@dataclass
class RawDoc:
    """One article as found in a file, before cleaning: text plus whatever metadata the file carried."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    group: str | None = None
    author: str | None = None
    row: str | None = None
    """Row id inside a multi-article file ('3' for the third record); None for single-article files."""


@dataclass
class ReadResult:
    docs: list[RawDoc]
    encoding: str
    problems: list[LoadProblem] = field(default_factory=list)
    multi: bool = False


# --- bytes -> text ------------------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive or Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"SQLite format 3", "a database"),
    (b"PAR1", "a Parquet table"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
_PREFERRED = ("cp1252", "cp1251", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "koi8_r")
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: every other byte is zero."""
    if len(head) < 16:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, warning) for a file's bytes; raises Unreadable for empty or binary files.

    Non-UTF-8 text is decoded with the most likely legacy code page. Mostly-ASCII text (English news) is
    read as cp1252 because statistical detectors misjudge short Western texts as Central European.
    """
    if not data.strip():
        raise Unreadable("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig"), None
            except UnicodeDecodeError as exc:
                raise Unreadable(f"broken {encoding} text: {exc.reason}") from None
    head = data[:SNIFF_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Unreadable(f"binary file ({what}, not text)")
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding:
            try:
                return data.decode(encoding), encoding, f"no byte-order mark: decoded as {encoding}"
            except UnicodeDecodeError:
                pass
        raise Unreadable("binary file (not text)")
    if sum(1 for b in head if b in _CONTROL_BYTES) > len(head) * 0.02:
        raise Unreadable("binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data)
    return data.decode(encoding, errors="replace"), encoding, f"not UTF-8: decoded as {encoding}"


def _legacy_encoding(data: bytes) -> str:
    non_ascii = sum(1 for b in data[:65536] if b >= 0x80)
    sample = data[:65536]
    if non_ascii <= len(sample) * 0.1 and not any(b in _CP1252_UNDEFINED for b in sample):
        return "cp1252"
    matches = list(charset_normalizer.from_bytes(data[:262144]))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos == least]
    for preferred in _PREFERRED:
        if preferred in tied:
            return preferred
    return tied[0]


# --- HTML ---------------------------------------------------------------------------------------------

def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, list) and value:
        return _name_of(value[0])
    return str(value).strip() if isinstance(value, str | int) and str(value).strip() else None



def _trafilatura_config():
    """Trafilatura's settings for news pages of any length: a short article is still an article (its
    default minimum is 250 characters), and no signal-based timeout (pages are read in worker threads)."""
    config = use_config()
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "40"
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"
    return config


TRAFILATURA_CONFIG = _trafilatura_config()


def extract_html(html: str | bytes, url: str | None = None) -> RawDoc:
    """Article text and metadata of a web page, by trafilatura.

    Measured against the hand-written reader this replaces, on the 181 pages of the public
    article-extraction benchmark (token F1 against the annotated article body): 0.957 against 0.865; the
    old reader lost whole articles wrapped in a <form> or under a class it took for noise, and kept menus
    and headline lists where a page has no <article>. A page with no article body found keeps its whole
    text (trafilatura's baseline), so nothing is dropped silently; metadata comes from the same pass.
    """
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      config=TRAFILATURA_CONFIG)
    data = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc is not None else {}
    body = getattr(doc, "body", None) if doc is not None else None
    paragraphs = _paragraphs(body) if body is not None else ""
    if not paragraphs:
        text = (trafilatura.html2txt(html) or "").strip()
        meta = trafilatura.extract_metadata(html, default_url=url)
        data = (meta.as_dict() if meta is not None and hasattr(meta, "as_dict") else {}) or data
        paragraphs = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    return RawDoc(text=paragraphs, title=data.get("title") or None, url=data.get("url") or url or None,
                  source=data.get("sitename") or _site_in_title(html), published=normalise_date(data.get("date")),
                  author=data.get("author") or None)


_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "cell", "row", "list", "table", "div", "graphic"})
_BREAK, _END = "\ue000", "\ue001"
_PARAGRAPH_SPLIT = re.compile(f"{_END}|{_BREAK}\\s*{_BREAK}")
_SENTENCE_BREAK = re.compile(f"(?<=[.!?\"”’])\\s*{_BREAK}")


def _paragraphs(body) -> str:
    """Paragraphs of trafilatura's extracted tree: a block ends one, and so does a line break after the end
    of a sentence (trafilatura folds '<br><br>' into one break); a break mid-sentence is a space."""
    for node in body.iter():
        if node is body:
            continue
        if node.tag == "lb":
            node.tail = _BREAK + (node.tail or "")
        elif node.tag in _BLOCKS:
            node.tail = _END + (node.tail or "")
    text = _SENTENCE_BREAK.sub(_END, "".join(body.itertext()))
    parts = (" ".join(part.replace(_BREAK, " ").split()) for part in _PARAGRAPH_SPLIT.split(text))
    return "\n\n".join(p for p in parts if p)


_TITLE_RE = re.compile(r"<title[^>]*>(?P<title>.*?)</title>", re.I | re.S)
_TITLE_SUFFIX_RE = re.compile(r"^.{10,}?\s+(?:\||-|–|—|::|·)\s+(?P<site>[^|]{2,60})$")


def _site_in_title(html: str | bytes) -> str | None:
    """The outlet news sites append to a page title ('Port reopens - Corvel Daily'), when short enough."""
    head = html[:20000].decode("utf-8", "replace") if isinstance(html, bytes) else html[:20000]
    m = _TITLE_RE.search(head)
    suffix = _TITLE_SUFFIX_RE.match(" ".join(m.group("title").split())) if m else None
    return suffix.group("site") if suffix and len(suffix.group("site").split()) <= 4 else None


_HTML_SNIFF_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article)\b", re.I)
_TAG_RE = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|li|section|meta|title|strong|em)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:SNIFF_BYTES]
    return bool(_HTML_SNIFF_RE.search(head)) or len(_TAG_RE.findall(head)) >= 5


# --- Markdown -----------------------------------------------------------------------------------------

_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def read_markdown(text: str) -> RawDoc:
    """Markdown as plain paragraphs: markup dropped, the first heading taken as the title."""
    first = _MD_HEADING_RE.search(text)
    text = _MD_IMAGE_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_EMPHASIS_RE.sub(r"\2", text)
    text = _MD_HEADING_RE.sub(r"\1", text)
    title = _MD_LINK_RE.sub(r"\1", first.group(1)) if first else None
    return RawDoc(text=text, title=title or None)


# --- JSON, JSON Lines, CSV ----------------------------------------------------------------------------

TEXT_FIELDS = ("text", "content", "body", "article", "article_text", "articlebody", "full_text", "fulltext",
               "maintext", "story", "description")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "canonical_url", "source_url", "href", "uri", "permalink")
SOURCE_FIELDS = ("source", "outlet", "site", "site_name", "publisher", "source_name", "newspaper", "domain",
                 "media", "publication")
GROUP_FIELDS = ("group", "outlet_group", "source_group")
DATE_FIELDS = ("published", "date", "published_at", "publishedat", "pubdate", "date_publish",
               "datepublished", "publication_date", "published_date", "created_at", "timestamp", "time")
ID_FIELDS = ("id", "article_id", "guid", "uuid", "doc_id")
_WRAPPER_FIELDS = ("articles", "data", "items", "results", "documents", "docs", "records", "entries", "posts")


def _field(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    lowered = {str(k).lower().replace(" ", "_"): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if isinstance(value, dict) and "rendered" in value:
            value = value["rendered"]
        if value not in (None, "", [], {}):
            return value
    return None


def _record_doc(record: dict[str, Any], row: str) -> RawDoc | str:
    """A RawDoc from one JSON/CSV record, or the reason it has no usable text."""
    text = _field(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        return f"no text (expected a field named one of: {', '.join(TEXT_FIELDS[:4])})"
    doc = extract_html(text) if looks_like_html(text) else RawDoc(text=text)
    key = _name_of(_field(record, ID_FIELDS))
    doc.row = re.sub(r"[^\w.\-]+", "_", key)[:60] if key else row
    doc.title = _name_of(_field(record, TITLE_FIELDS)) or doc.title
    doc.url = _name_of(_field(record, URL_FIELDS)) or doc.url
    doc.source = _name_of(_field(record, SOURCE_FIELDS)) or doc.source
    doc.group = _name_of(_field(record, GROUP_FIELDS)) or doc.group
    doc.published = normalise_date(_name_of(_field(record, DATE_FIELDS))) or doc.published
    return doc


def _json_records(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if _field(data, TEXT_FIELDS) is not None:
            return [data]
        for name in _WRAPPER_FIELDS:
            value = _field(data, (name,))
            if isinstance(value, list):
                return value
    return None


def read_json(text: str, file: str) -> ReadResult:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Unreadable(f"not valid JSON ({exc})") from None
    records = _json_records(data)
    if records is None:
        raise Unreadable("JSON without articles: expected an object with a 'text' field or a list of them")
    result = ReadResult(docs=[], encoding="", multi=records != [data])
    for i, record in enumerate(records, start=1):
        where = f"{file} item {i}"
        if not isinstance(record, dict):
            result.problems.append(LoadProblem(where, "not an object with article fields", "warning"))
            continue
        doc = _record_doc(record, str(i))
        if isinstance(doc, str):
            result.problems.append(LoadProblem(where, doc, "warning"))
        else:
            result.docs.append(doc)
    return result


def read_jsonl(text: str, file: str) -> ReadResult:
    result = ReadResult(docs=[], encoding="", multi=True)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file} line {number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            reason = f"not valid JSON ({str(exc).split(':')[0]})"
            result.problems.append(LoadProblem(where, reason, "warning"))
            continue
        if not isinstance(record, dict):
            result.problems.append(LoadProblem(where, "not an object with article fields", "warning"))
            continue
        doc = _record_doc(record, str(number))
        if isinstance(doc, str):
            result.problems.append(LoadProblem(where, doc, "warning"))
        else:
            result.docs.append(doc)
    return result


def read_csv(text: str, file: str) -> ReadResult:
    sample = text[:SNIFF_BYTES]
    delimiter = "\t" if file.lower().endswith(".tsv") else ","
    if delimiter == "," and sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(","):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise Unreadable(f"not a readable CSV table ({exc})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if _field(dict.fromkeys(header, "x"), TEXT_FIELDS) is None:
        raise Unreadable(f"CSV without a text column (expected one of: {', '.join(TEXT_FIELDS[:4])})")
    result = ReadResult(docs=[], encoding="", multi=True)
    row_number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(LoadProblem(f"{file} row {reader.line_num}", f"unreadable row ({exc})",
                                               "warning"))
            continue
        row_number += 1
        if not any(v.strip() for v in values):
            continue
        where = f"{file} row {row_number}"
        if len(values) != len(header):
            result.problems.append(
                LoadProblem(where, f"{len(values)} fields, expected {len(header)}", "warning"))
            continue
        doc = _record_doc(dict(zip(header, values, strict=True)), str(row_number - 1))
        if isinstance(doc, str):
            result.problems.append(LoadProblem(where, doc, "warning"))
        else:
            result.docs.append(doc)
    return result


# --- dispatch -----------------------------------------------------------------------------------------


def read_bytes(name: str, data: bytes) -> ReadResult:
    """Read one file's bytes as whichever supported format its content is; raises Unreadable."""
    text, encoding, warning = decode(data)
    suffix = PurePosixPath(name).suffix.lower()
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if looks_like_html(text) and suffix not in JSON_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS:
        result = ReadResult(docs=[extract_html(text)], encoding=encoding)
    elif suffix in JSONL_EXTENSIONS or (head == "{" and suffix not in JSON_EXTENSIONS and _is_jsonl(text)):
        result = read_jsonl(text, name)
    elif suffix in JSON_EXTENSIONS or (head in ("{", "[") and suffix != ".csv" and _is_json(text)):
        result = read_json(text, name)
    elif suffix in CSV_EXTENSIONS:
        result = read_csv(text, name)
    elif suffix in {".md", ".markdown"}:
        result = ReadResult(docs=[read_markdown(text)], encoding=encoding)
    else:
        result = ReadResult(docs=[RawDoc(text=text)], encoding=encoding)
    result.encoding = encoding
    if warning:
        result.problems.insert(0, LoadProblem(name, warning, "warning"))
    return result


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _is_jsonl(text: str) -> bool:
    """More than one line and each of the first few lines is a JSON object of its own."""
    lines = [line for line in text[:SNIFF_BYTES * 8].splitlines() if line.strip()][:5]
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines[:-1])
    except ValueError:
        return False
