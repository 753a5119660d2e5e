"""Articles from web addresses and feeds, fetched safely enough for a hosted app.

A hosted dashboard that fetches whatever address a visitor types is a way into the server's own network,
so every address is checked before any connection: http or https only, and every address its host name
resolves to must be public (no loopback, private, link-local, cloud metadata or other reserved ranges).
The check is repeated on each redirect and on the address actually connected to. Size, time and count are
bounded per page and per batch. Main text, title, outlet, author and date come from trafilatura.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import urllib3

from analysis.ingest.formats import RawDoc, extract_html

MAX_ADDRESSES = 50
MAX_PAGE_BYTES = 5_000_000
PAGE_TIMEOUT_S = 15.0
BATCH_TIMEOUT_S = 180.0
MAX_REDIRECTS = 5
MIN_ARTICLE_CHARS = 200
USER_AGENT = "news-coverage-dashboard/1.0 (article reader)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

Resolver = Callable[[str], list[str]]


class Refused(Exception):
    """An address the dashboard will not fetch, with the reason a user can read."""


@dataclass
class Fetched:
    """What happened to one address: the article, or the named reason it failed."""

    url: str
    doc: RawDoc | None = None
    reason: str = ""
    kind: str = ""
    """timeout, not HTML, too large, no article text, refused, HTTP error, unreachable; empty on success."""


@dataclass
class Settings:
    allow_private: bool = False
    max_addresses: int = MAX_ADDRESSES
    max_page_bytes: int = MAX_PAGE_BYTES
    page_timeout_s: float = PAGE_TIMEOUT_S
    batch_timeout_s: float = BATCH_TIMEOUT_S
    resolve: Resolver | None = field(default=None, repr=False)


def _system_resolve(host: str) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)})
    except socket.gaierror as exc:
        raise Refused(f"the host name {host} could not be resolved") from exc


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


def check_address(url: str, settings: Settings | None = None) -> str:
    """The address's host if it may be fetched; raises Refused with the reason otherwise.

    Nothing is sent anywhere: a literal IP is checked as it is, a host name through the resolver (the
    system's, or `settings.resolve`), and every address it resolves to must be public.
    """
    settings = settings or Settings()
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise Refused(f"only http and https addresses are fetched, not '{parts.scheme or 'no scheme'}'")
    host = parts.hostname
    if not host:
        raise Refused("the address has no host name")
    if parts.username or parts.password:
        raise Refused("addresses with a user name or password are not fetched")
    if settings.allow_private:
        return host
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = (settings.resolve or _system_resolve)(host)
    if not addresses:
        raise Refused(f"the host name {host} resolves to no address")
    blocked = [a for a in addresses if not _public(a)]
    if blocked:
        raise Refused(f"{host} resolves to a private, local or reserved address ({blocked[0]}); such addresses "
                      "are not fetched")
    return host


def _pool(settings: Settings) -> urllib3.PoolManager:
    timeout = urllib3.Timeout(connect=min(5.0, settings.page_timeout_s), read=settings.page_timeout_s)
    return urllib3.PoolManager(timeout=timeout, retries=False, headers={"User-Agent": USER_AGENT})


def _get(pool: urllib3.PoolManager, url: str, settings: Settings, deadline: float) -> tuple[str, str, bytes]:
    """(final address, content type, body) after checked redirects, within the size and time bounds."""
    for _ in range(MAX_REDIRECTS + 1):
        check_address(url, settings)
        resp = pool.request("GET", url, preload_content=False, redirect=False)
        try:
            peer = resp.connection.sock.getpeername()[0] if resp.connection and resp.connection.sock else None
            if peer and not settings.allow_private and not _public(peer):
                raise Refused(f"the connection went to a private or local address ({peer})")
            if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("Location"):
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status >= 400:
                raise _HTTPError(f"the server answered {resp.status}")
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > settings.max_page_bytes:
                raise _TooLarge(f"{int(declared) / 1e6:.1f} MB (limit {settings.max_page_bytes / 1e6:.0f} MB)")
            body = bytearray()
            for chunk in resp.stream(65536):
                body += chunk
                if len(body) > settings.max_page_bytes:
                    raise _TooLarge(f"more than {settings.max_page_bytes / 1e6:.0f} MB")
                if time.monotonic() > deadline:
                    raise _Timeout("the page took too long")
            return url, resp.headers.get("Content-Type", "").split(";")[0].strip().lower(), bytes(body)
        finally:
            resp.release_conn()
    raise _HTTPError(f"more than {MAX_REDIRECTS} redirects")


class _HTTPError(Exception):
    pass


class _TooLarge(Exception):
    pass


class _Timeout(Exception):
    pass


def _is_feed(content_type: str, body: bytes) -> bool:
    head = body[:600].lstrip().lower()
    if content_type in HTML_TYPES:
        return False
    return content_type in FEED_TYPES or head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)


def feed_links(body: bytes) -> list[str]:
    """Article addresses of an RSS or Atom feed, in feed order."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return []
    links: list[str] = []
    for item in root.iter():
        tag = item.tag.rsplit("}", 1)[-1]
        if tag == "item":
            link = next((c.text for c in item if c.tag.rsplit("}", 1)[-1] == "link" and c.text), None)
            if link:
                links.append(link.strip())
        elif tag == "entry":
            for c in item:
                if c.tag.rsplit("}", 1)[-1] == "link" and c.get("href") and c.get("rel", "alternate") == "alternate":
                    links.append(c.get("href").strip())
                    break
    return list(dict.fromkeys(links))


def extract_article(html: bytes | str, url: str) -> RawDoc | None:
    """Main text, title, outlet, author and date of a page (the same reader as uploaded .html files), or None
    when it holds no article text."""
    doc = extract_html(html, url=url)
    if len(doc.text) < MIN_ARTICLE_CHARS:
        return None
    doc.source = doc.source or urlsplit(url).hostname
    return doc


def _one(pool: urllib3.PoolManager, url: str, settings: Settings, deadline: float,
         follow_feed: bool) -> list[Fetched]:
    try:
        final, content_type, body = _get(pool, url, settings, min(deadline, time.monotonic() + settings.page_timeout_s))
    except Refused as exc:
        return [Fetched(url, reason=str(exc), kind="refused")]
    except _TooLarge as exc:
        return [Fetched(url, reason=f"too large: {exc}", kind="too large")]
    except (_Timeout, urllib3.exceptions.TimeoutError) as exc:
        return [Fetched(url, reason=f"timed out: {exc}", kind="timeout")]
    except _HTTPError as exc:
        return [Fetched(url, reason=str(exc), kind="HTTP error")]
    except urllib3.exceptions.HTTPError as exc:
        return [Fetched(url, reason=f"could not connect ({type(exc).__name__})", kind="unreachable")]
    if follow_feed and _is_feed(content_type, body):
        links = feed_links(body)
        if not links:
            return [Fetched(url, reason="a feed with no article links", kind="no article text")]
        return [Fetched(url, kind="feed", reason=f"feed with {len(links)} article(s)"),
                *[Fetched(link, kind="queued") for link in links]]
    if content_type and content_type not in HTML_TYPES:
        return [Fetched(url, reason=f"not HTML ({content_type})", kind="not HTML")]
    doc = extract_article(body, final)
    if doc is None:
        return [Fetched(url, reason="no article text found on the page", kind="no article text")]
    return [Fetched(url, doc=doc)]


def fetch_articles(addresses: Iterable[str], settings: Settings | None = None,
                   progress: Callable[[int, int, Fetched], None] | None = None) -> list[Fetched]:
    """Fetch each address (a feed brings its articles), one result per address with a named reason on failure.

    Addresses past the cap, or left when the batch's time runs out, are reported, not fetched.
    """
    settings = settings or Settings()
    wanted = [a.strip() for a in addresses if a.strip()]
    wanted = list(dict.fromkeys(wanted))
    results: list[Fetched] = []
    queue: list[tuple[str, bool]] = [(a, True) for a in wanted[: settings.max_addresses]]
    skipped = wanted[settings.max_addresses:]
    deadline = time.monotonic() + settings.batch_timeout_s
    pool = _pool(settings)
    done = 0
    while queue:
        url, follow = queue.pop(0)
        if time.monotonic() > deadline:
            results.append(Fetched(url, reason="not fetched: the batch ran out of time", kind="timeout"))
        else:
            for item in _one(pool, url, settings, deadline, follow):
                if item.kind == "queued":
                    if len(results) + len(queue) < settings.max_addresses:
                        queue.append((item.url, False))
                    else:
                        skipped.append(item.url)
                    continue
                results.append(item)
        done += 1
        if progress:
            progress(done, done + len(queue), results[-1])
    results += [Fetched(u, reason=f"not fetched: more than {settings.max_addresses} addresses", kind="refused")
                for u in skipped]
    return results
