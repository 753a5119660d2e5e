"""Loading a corpus of news articles from a folder, a list of files or web uploads.

Every file becomes cleaned Articles or a LoadProblem; loading never raises on bad input, so one broken
file cannot hide the rest of a corpus. Manifest metadata (outlet, address, title, date) wins over guesses.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from analysis.ingest.cleaning import Cleaned, Removed, clean_text, guess_title, normalise_date
from analysis.ingest.dates import FROM_MANIFEST, FROM_METADATA, FROM_PUBLISHED_LINE, date_in_article
from analysis.ingest.formats import SUPPORTED_EXTENSIONS, LoadProblem, RawDoc, Unreadable, decode, read_bytes

__all__ = [
    "MAX_ARCHIVE_ENTRIES", "MAX_ARTICLE_CHARS", "MAX_COMPRESSION_RATIO", "MAX_FILE_BYTES", "MAX_TOTAL_BYTES",
    "Article", "Corpus", "LoadProblem", "ManifestEntry", "load_corpus", "load_uploads", "read_manifest",
]

MAX_FILE_BYTES = 20_000_000
"""Largest single file read; bigger files are refused from their size alone, without being read."""
MAX_TOTAL_BYTES = 200_000_000
"""Largest corpus (and largest unpacked archive) read in one load."""
MAX_ARTICLE_CHARS = 1_000_000
"""spaCy's default max_length: a longer text cannot be parsed in one piece."""
MAX_ARCHIVE_ENTRIES = 5_000
MAX_COMPRESSION_RATIO = 100
"""Archive entries that inflate more than this (and past RATIO_CHECK_BYTES) are treated as zip bombs."""
RATIO_CHECK_BYTES = 1_000_000
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "source", "url", "title", "published", "group")
ARCHIVE_EXTENSIONS = frozenset({".zip"})
NESTED_ARCHIVE_EXTENSIONS = frozenset({".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar"})
FOLDER_SKIP_STEMS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "CONTRIBUTING"})


@dataclass(frozen=True)
class Article:
    """One cleaned article with its metadata; `text` is the string every offset in the project refers to."""

    article_id: str
    source: str
    title: str
    url: str
    published: str | None
    text: str
    removed: tuple[Removed, ...]
    dateline: str | None
    file: str
    encoding: str
    group: str = ""
    """The outlet group (camp) the manifest puts the source in, such as 'wire services'; may be empty."""
    published_from: str = ""
    """Where `published` came from: manifest, file metadata, a published line, web address or dateline."""
    author: str = ""


@dataclass
class Corpus:
    articles: list[Article]
    problems: list[LoadProblem]


@dataclass(frozen=True)
class ManifestEntry:
    """Known metadata for one file, as given by the user's manifest."""

    source: str | None
    url: str | None
    title: str | None
    published: str | None
    row: int
    group: str | None = None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _too_large(size: int) -> str:
    return f"too large: {_megabytes(size)} (limit {MAX_FILE_BYTES // 1_000_000} MB)"


def read_manifest(
    data: bytes, name: str = MANIFEST_NAME
) -> tuple[dict[str, ManifestEntry], list[LoadProblem]]:
    """Manifest rows keyed by file name; a malformed row is a warning and the other rows still apply."""
    problems: list[LoadProblem] = []
    try:
        text, _, warning = decode(data)
    except Unreadable as exc:
        return {}, [LoadProblem(name, f"manifest not used: {exc}", "warning")]
    if warning:
        problems.append(LoadProblem(name, warning, "warning"))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return {}, [LoadProblem(name, "manifest not used: no header row", "warning")]
    if "file" not in header:
        reason = f"manifest not used: no 'file' column (expected columns {', '.join(MANIFEST_COLUMNS)})"
        return {}, [*problems, LoadProblem(name, reason, "warning")]
    entries: dict[str, ManifestEntry] = {}
    row = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row += 1
            problems.append(LoadProblem(name, f"manifest row {row}: unreadable ({exc})", "warning"))
            continue
        row = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(LoadProblem(
                name, f"manifest row {row}: {len(values)} fields, expected {len(header)}", "warning"))
            continue
        fields = {k: v.strip() for k, v in zip(header, values, strict=True)}
        file = PurePosixPath(fields["file"].replace("\\", "/")).name
        if not file:
            problems.append(LoadProblem(name, f"manifest row {row}: no file name", "warning"))
            continue
        published = normalise_date(fields.get("published"))
        if fields.get("published") and published is None:
            reason = f"manifest row {row}: published '{fields['published']}' is not a date; ignored"
            problems.append(LoadProblem(name, reason, "warning"))
        if file in entries:
            reason = f"manifest row {row}: {file} already listed in row {entries[file].row}; ignored"
            problems.append(LoadProblem(name, reason, "warning"))
            continue
        entries[file] = ManifestEntry(
            source=fields.get("source") or None, url=fields.get("url") or None,
            title=fields.get("title") or None, published=published, row=row,
            group=fields.get("group") or None,
        )
    return entries, problems


def _domain(url: str) -> str | None:
    try:
        host = urlparse(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _published(whole: ManifestEntry | None, doc: RawDoc, entry: ManifestEntry | None, cleaned: Cleaned,
               url: str) -> tuple[str | None, str]:
    """The article's date and where it came from: the manifest, the page's metadata, then the text itself."""
    if whole and whole.published:
        return whole.published, FROM_MANIFEST
    if doc.published:
        return doc.published, FROM_METADATA
    if entry and entry.published:
        return entry.published, FROM_MANIFEST
    removed = [r.text for r in cleaned.removed if r.kind != "dateline"]
    if cleaned.published:
        return cleaned.published, FROM_PUBLISHED_LINE
    dateline = next((r.text for r in cleaned.removed if r.kind == "dateline"), None)
    found, where = date_in_article(removed, url, dateline, cleaned.text)
    return found, where


@dataclass
class _Builder:
    """Turns (name, bytes) entries into Articles, applying the manifest and keeping ids unique."""

    manifest: dict[str, ManifestEntry] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def entry_for(self, name: str) -> ManifestEntry | None:
        base = PurePosixPath(name).name
        entry = self.manifest.get(base)
        if entry is None:
            stem = PurePosixPath(base).stem
            matches = [k for k in self.manifest if PurePosixPath(k).stem == stem]
            entry = self.manifest[matches[0]] if len(matches) == 1 else None
            base = matches[0] if entry else base
        if entry:
            self.used.add(base)
        return entry

    def add(self, name: str, data: bytes) -> None:
        try:
            result = read_bytes(name, data)
        except Unreadable as exc:
            self.problems.append(LoadProblem(name, str(exc), "error"))
            return
        except Exception as exc:  # a reader bug must not cost the user the rest of the corpus
            reason = f"could not be read ({type(exc).__name__}: {exc})"
            self.problems.append(LoadProblem(name, reason, "error"))
            return
        self.problems.extend(result.problems)
        if not result.docs:
            reason = "no readable articles in this file" if result.problems else "no article text found"
            self.problems.append(LoadProblem(name, reason, "error"))
            return
        entry = self.entry_for(name)
        for doc in result.docs:
            self._article(name, doc, entry, result.multi, result.encoding)

    def _article(
        self, name: str, doc: RawDoc, entry: ManifestEntry | None, multi: bool, encoding: str
    ) -> None:
        stem = PurePosixPath(name).stem
        article_id = f"{stem}-{doc.row}" if multi and doc.row else stem
        where = f"{name} row {doc.row}" if multi and doc.row else name
        if len(doc.text) > MAX_ARTICLE_CHARS:
            self.problems.append(LoadProblem(
                where,
                f"too long: {len(doc.text):,} characters (limit {MAX_ARTICLE_CHARS:,}, the most the "
                "language parser accepts)",
                "error",
            ))
            return
        whole = entry if entry and not multi else None
        title = (whole.title if whole else None) or doc.title or guess_title(doc.text)
        cleaned = clean_text(doc.text, title)
        if not cleaned.text.strip():
            reason = "no article text left after removing page furniture"
            self.problems.append(LoadProblem(where, reason, "error"))
            return
        url = (whole.url if whole else None) or doc.url or ""
        source = (entry.source if entry else None) or doc.source or _domain(url) or "unknown"
        published, published_from = _published(whole, doc, entry, cleaned, url)
        unique = article_id
        counter = 2
        while unique in self.ids:
            unique = f"{article_id}-{counter}"
            counter += 1
        if unique != article_id:
            self.problems.append(LoadProblem(
                where, f"duplicate article id '{article_id}': renamed to '{unique}'", "warning"))
        self.ids.add(unique)
        self.articles.append(Article(
            article_id=unique, source=source, title=title or unique, url=url, published=published,
            text=cleaned.text, removed=cleaned.removed, dateline=cleaned.dateline, file=name,
            encoding=encoding, group=(entry.group if entry else None) or doc.group or "",
            published_from=published_from, author=doc.author or "",
        ))

    def finish(self) -> Corpus:
        for file, entry in self.manifest.items():
            if file not in self.used:
                self.problems.append(LoadProblem(
                    MANIFEST_NAME, f"manifest row {entry.row}: no file named {file} was loaded", "warning"))
        return Corpus(self.articles, self.problems)


def _zip_entries(name: str, data: bytes, problems: list[LoadProblem]) -> Iterator[tuple[str, bytes]]:
    """Safe members of an uploaded archive; each refused member becomes a problem naming it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        problems.append(LoadProblem(name, f"not a readable zip archive ({exc})", "error"))
        return
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        problems.append(LoadProblem(
            name, f"archive refused: {len(infos):,} entries (limit {MAX_ARCHIVE_ENTRIES:,})", "error"))
        return
    unpacked = 0
    for info in infos:
        member = info.filename
        label = f"{name}/{member}"
        path = PurePosixPath(member.replace("\\", "/"))
        if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if member.startswith(("/", "\\")) or ".." in path.parts or (len(member) > 1 and member[1] == ":"):
            reason = "unsafe path in archive (points outside it): refused"
            problems.append(LoadProblem(label, reason, "error"))
            continue
        if info.flag_bits & 0x1:
            problems.append(LoadProblem(label, "encrypted archive entry: refused", "error"))
            continue
        if path.suffix.lower() in NESTED_ARCHIVE_EXTENSIONS:
            problems.append(LoadProblem(label, "archive inside an archive: not supported", "error"))
            continue
        if info.file_size > MAX_FILE_BYTES:
            problems.append(LoadProblem(label, _too_large(info.file_size), "error"))
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_BYTES and ratio > MAX_COMPRESSION_RATIO:
            problems.append(LoadProblem(
                label, f"compressed {ratio:,.0f} to 1 (limit {MAX_COMPRESSION_RATIO} to 1): refused as a "
                "possible zip bomb", "error"))
            continue
        if unpacked + info.file_size > MAX_TOTAL_BYTES:
            problems.append(LoadProblem(
                label, f"archive too large when unpacked (limit {MAX_TOTAL_BYTES // 1_000_000} MB): refused",
                "error"))
            continue
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error) as exc:
            problems.append(LoadProblem(label, f"damaged archive entry ({exc})", "error"))
            continue
        if len(content) > MAX_FILE_BYTES:
            problems.append(LoadProblem(label, _too_large(len(content)), "error"))
            continue
        if content.startswith(b"PK\x03\x04"):
            problems.append(LoadProblem(label, "archive inside an archive: not supported", "error"))
            continue
        unpacked += len(content)
        yield label, content


def _unsupported(name: str) -> str | None:
    suffix = PurePosixPath(name).suffix.lower()
    if not suffix or suffix in SUPPORTED_EXTENSIONS or suffix in ARCHIVE_EXTENSIONS:
        return None
    supported = ", ".join(sorted(SUPPORTED_EXTENSIONS | ARCHIVE_EXTENSIONS))
    return f"unsupported file type {suffix} (supported: {supported})"


def _is_manifest(name: str) -> bool:
    return PurePosixPath(name).name.lower() == MANIFEST_NAME


def _build(entries: list[tuple[str, bytes]], manifest: tuple[str, bytes] | None,
           problems: list[LoadProblem]) -> Corpus:
    """Expand archives, find the manifest if none was given, then read every entry."""
    expanded: list[tuple[str, bytes]] = []
    for name, data in entries:
        if PurePosixPath(name).suffix.lower() in ARCHIVE_EXTENSIONS:
            expanded.extend(_zip_entries(name, data, problems))
        else:
            expanded.append((name, data))
    if manifest is None:
        found = [(n, d) for n, d in expanded if _is_manifest(n)]
        manifest = found[0] if found else None
    builder = _Builder(problems=problems)
    if manifest is not None:
        builder.manifest, manifest_problems = read_manifest(manifest[1], PurePosixPath(manifest[0]).name)
        problems.extend(manifest_problems)
    total = 0
    for name, data in expanded:
        if _is_manifest(name):
            continue
        reason = _unsupported(name)
        if reason is None and len(data) > MAX_FILE_BYTES:
            reason = _too_large(len(data))
        if reason is None and total + len(data) > MAX_TOTAL_BYTES:
            reason = f"corpus too large: over {MAX_TOTAL_BYTES // 1_000_000} MB in total; file not loaded"
        if reason:
            problems.append(LoadProblem(name, reason, "error"))
            continue
        total += len(data)
        builder.add(name, data)
    return builder.finish()


def _folder_files(folder: Path) -> list[Path]:
    """Article files of a folder: hidden files and README/LICENSE-type notes are not articles."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and p.stem.upper() not in FOLDER_SKIP_STEMS
    )


def _size(path: Path) -> int:
    """Size on disk, 0 when unknown (the read that follows reports why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_path(path: Path, limit: int, problems: list[LoadProblem]) -> bytes | None:
    """A file's bytes, or None (with a problem) if it is missing or over `limit`; size is checked first."""
    label = path.name
    try:
        size = path.stat().st_size
        if size > limit:
            reason = f"too large: {_megabytes(size)} (limit {limit // 1_000_000} MB)"
            problems.append(LoadProblem(label, reason, "error"))
            return None
        with path.open("rb") as handle:
            data = handle.read(size + 1)
        if len(data) > limit:
            problems.append(LoadProblem(label, f"too large: over {limit // 1_000_000} MB", "error"))
            return None
        return data
    except FileNotFoundError:
        problems.append(LoadProblem(label, "file not found", "error"))
    except IsADirectoryError:
        problems.append(LoadProblem(label, "a folder, not a file", "error"))
    except OSError as exc:
        problems.append(LoadProblem(label, f"could not be opened ({exc.strerror or exc})", "error"))
    return None


def load_corpus(path: str | Path | Sequence[str | Path], manifest: str | Path | None = None) -> Corpus:
    """Load a folder (its manifest.csv applies and is not an article), one file, or a list of files."""
    problems: list[LoadProblem] = []
    if isinstance(path, str | Path):
        root = Path(path)
        if root.is_dir():
            files = _folder_files(root)
            if manifest is None and (root / MANIFEST_NAME).is_file():
                manifest = root / MANIFEST_NAME
        else:
            files = [root]
    else:
        files = [Path(p) for p in path]
    if manifest is None:
        manifest = next((f for f in files if _is_manifest(f.name)), None)
    manifest_entry = None
    if manifest is not None:
        data = _read_path(Path(manifest), MAX_FILE_BYTES, problems)
        manifest_entry = (Path(manifest).name, data) if data is not None else None
    entries: list[tuple[str, bytes]] = []
    total = 0
    for file in files:
        if manifest is not None and _is_manifest(file.name):
            continue
        reason = _unsupported(file.name)
        if reason is None and total + _size(file) > MAX_TOTAL_BYTES:
            reason = f"corpus too large: over {MAX_TOTAL_BYTES // 1_000_000} MB in total; file not loaded"
        if reason:
            problems.append(LoadProblem(file.name, reason, "error"))
            continue
        is_archive = file.suffix.lower() in ARCHIVE_EXTENSIONS
        data = _read_path(file, MAX_TOTAL_BYTES if is_archive else MAX_FILE_BYTES, problems)
        if data is not None:
            total += len(data)
            entries.append((file.name, data))
    return _build(entries, manifest_entry, problems)


def load_uploads(files: Sequence[tuple[str, bytes]], manifest: bytes | None = None) -> Corpus:
    """Load in-memory uploads (name, bytes); .zip archives are unpacked with size, ratio and path checks."""
    problems: list[LoadProblem] = []
    entries: list[tuple[str, bytes]] = []
    for name, data in files:
        label = PurePosixPath(str(name).replace("\\", "/")).name or "upload"
        is_archive = PurePosixPath(label).suffix.lower() in ARCHIVE_EXTENSIONS
        limit = MAX_TOTAL_BYTES if is_archive else MAX_FILE_BYTES
        if len(data) > limit:
            problems.append(LoadProblem(
                label, f"too large: {_megabytes(len(data))} (limit {limit // 1_000_000} MB)", "error"))
            continue
        entries.append((label, bytes(data)))
    given = (MANIFEST_NAME, manifest) if manifest is not None else None
    return _build(entries, given, problems)


def load_documents(docs: Sequence[tuple[str, RawDoc]], taken: Iterable[str] = ()) -> Corpus:
    """Articles from documents already read (pages fetched from the web), cleaned like files are.

    `taken` holds article ids already in the session, so a new article never takes one of them.
    """
    builder = _Builder()
    builder.ids.update(taken)
    for name, doc in docs:
        builder._article(name, doc, None, False, "utf-8")
    return builder.finish()
