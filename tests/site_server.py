"""A static site served on 127.0.0.1 the way GitHub Pages serves it; standard library only.

Used by the tests and by the benchmark. What it copies from Pages, because the page's behaviour
depends on each: the site lives under a sub-path (/<repo>/); text responses (HTML, JS, CSS,
JSON, SVG) are gzipped when the browser accepts it (Content-Encoding: gzip, so Content-Length
counts compressed bytes); every response may be cached for 600 s (Cache-Control: max-age=600)
and revalidated by ETag (304 Not Modified); a missing path gets the site's own 404.html with
status 404; the query string never changes what is served.

Options for the tests: `throttle_mbps` shares one link of that speed between all connections
(a slow network, measured at the server so it applies to workers too); `rtt_ms` adds a
round-trip time and TCP's slow start to each response (a fast but distant host);
`gzip_as_encoding` sends .gz files with Content-Encoding: gzip, as some servers do;
`pages=False` serves plain files (no compression, caching headers or ETags), as a bare static
server would.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

__all__ = ["SiteServer"]

CACHE_SECONDS = 600  # GitHub Pages' Cache-Control: max-age
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".gz": "application/gzip",
}
_COMPRESSED_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


class _Link:
    """The network between server and browser: one link shared by every connection, at most
    `mbps` (None: as fast as loopback), and each response starting as TCP does on a new
    connection, in slow-start rounds one round trip (`rtt_ms`) apart: 10 segments, then twice
    as many each round. That start is why timing a small file says little about a link."""

    SEGMENT = 1460
    FIRST_WINDOW = 10 * SEGMENT

    def __init__(self, mbps: float | None, rtt_ms: float = 0) -> None:
        self.bytes_per_second = mbps * 1e6 / 8 if mbps else None
        self.rtt = rtt_ms / 1000
        self._lock = threading.Lock()
        self._free_at = 0.0  # when the link has sent everything queued so far

    def send(self, write: Any, data: bytes) -> None:
        window, start = self.FIRST_WINDOW, 0
        while start < len(data):
            round_end = start + window if self.rtt else len(data)
            self._paced(write, data[start:round_end])
            start, window = round_end, window * 2
            if start < len(data) and self.rtt:
                time.sleep(self.rtt)  # the acknowledgements come back

    def _paced(self, write: Any, data: bytes) -> None:
        if not self.bytes_per_second:
            write(data)
            return
        chunk = max(1024, int(self.bytes_per_second / 50))  # about 20 ms of traffic each
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            with self._lock:
                begin = max(time.monotonic(), self._free_at)
                self._free_at = begin + len(piece) / self.bytes_per_second
                done_at = self._free_at
            time.sleep(max(0.0, done_at - time.monotonic()))
            write(piece)


class _PagesHandler(BaseHTTPRequestHandler):
    directory: ClassVar[Path]
    prefix: ClassVar[str] = "/"
    pages: ClassVar[bool] = True
    gzip_as_encoding: ClassVar[bool] = False
    link: ClassVar[_Link | None] = None
    _gzipped: ClassVar[dict[tuple[Path, int, int], bytes]]  # compress each file version once
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, *, with_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            self._not_found(with_body)
            return
        target = (self.directory / path[len(self.prefix) :]).resolve()
        if not target.is_relative_to(self.directory):
            self._not_found(with_body)
            return
        if target.is_dir():
            if not path.endswith("/"):  # as Pages does: /repo/page -> /repo/page/
                self._redirect(path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            self._not_found(with_body)
            return
        self._send_file(target, 200, with_body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, with_body: bool) -> None:
        page = self.directory / "404.html"
        if page.is_file():
            self._send_file(page, 404, with_body)
            return
        body = b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _send_file(self, target: Path, status: int, with_body: bool) -> None:
        stat = target.stat()
        kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        kind = kind or "application/octet-stream"
        body = target.read_bytes()
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        encoding = ""
        if self.gzip_as_encoding and target.suffix == ".gz":
            encoding = "gzip"  # the file is sent as is; the browser inflates it
        elif self.pages and kind.startswith(_COMPRESSED_TYPES) and self._accepts_gzip():
            encoding = "gzip"
            body = self._compressed(target, stat.st_mtime_ns, body)
            etag = "W/" + etag  # as Pages marks its compressed variants
        if self.pages and status == 200 and etag in self.headers.get("If-None-Match", ""):
            self.send_response(304)
            self._caching_headers(etag, stat.st_mtime)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if self.pages:
            self.send_header("Vary", "Accept-Encoding")
            self._caching_headers(etag, stat.st_mtime)
        self.end_headers()
        if not with_body:
            return
        if self.link:
            self.link.send(self.wfile.write, body)
        else:
            self.wfile.write(body)

    def _caching_headers(self, etag: str, mtime: float) -> None:
        self.send_header("Cache-Control", f"max-age={CACHE_SECONDS}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))

    def _accepts_gzip(self) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return "gzip" in [part.split(";")[0].strip() for part in accepted.split(",")]

    def _compressed(self, target: Path, mtime_ns: int, body: bytes) -> bytes:
        key = (target, mtime_ns, len(body))
        if key not in self._gzipped:
            self._gzipped[key] = gzip.compress(body, compresslevel=6, mtime=0)
        return self._gzipped[key]

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output readable


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser hanging up mid-download (a page closed, a test aborting a request) is
        # normal here, not worth a traceback in the test or benchmark output.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A built site served on 127.0.0.1 under `prefix`; `url(path)` gives absolute URLs.

    With `gzip_as_encoding`, .gz files are sent with Content-Encoding: gzip, as some servers
    do, so the browser inflates them before the page sees the bytes. `throttle_mbps` slows the
    whole server down to one link of that speed; `pages=False` turns off what Pages adds.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str = "/",
        *,
        gzip_as_encoding: bool = False,
        pages: bool = True,
        throttle_mbps: float | None = None,
        rtt_ms: float = 0,
    ) -> None:
        handler = type(
            "Handler",
            (_PagesHandler,),
            {
                "directory": Path(directory).resolve(),
                "prefix": prefix,
                "pages": pages,
                "gzip_as_encoding": gzip_as_encoding,
                "link": _Link(throttle_mbps, rtt_ms) if throttle_mbps or rtt_ms else None,
                "_gzipped": {},
            },
        )
        self.prefix = prefix
        self.directory = directory
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}{self.prefix}"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
