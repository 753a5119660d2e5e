"""A real HTTP server on 127.0.0.1 serving saved pages, a feed and the failures a fetch must name."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "data" / "web"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        return

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        host = f"127.0.0.1:{self.server.server_address[1]}"
        path = self.path.split("?", 1)[0]
        if path == "/feed.xml":
            body = (PAGES / "feed.xml").read_text(encoding="utf-8").replace("HOST", host).encode()
            self._send(200, body, "application/rss+xml")
        elif path == "/moved":
            self._send(301, b"", headers={"Location": "/kyiv.html"})
        elif path == "/data.json":
            self._send(200, b'{"not": "a page"}', "application/json")
        elif path == "/huge.html":
            self._send(200, b"<html><body>" + b"x" * 3_000_000 + b"</body></html>")
        elif path == "/slow.html":
            time.sleep(3)
            self._send(200, (PAGES / "jeddah.html").read_bytes())
        elif path == "/gone.html":
            self._send(404, b"not here")
        elif (PAGES / path.lstrip("/")).is_file() and path.endswith(".html"):
            self._send(200, (PAGES / path.lstrip("/")).read_bytes())
        else:
            self._send(404, b"not here")


@contextmanager
def local_site() -> Iterator[str]:
    """The test site's base address, http://127.0.0.1:PORT, for the life of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
