"""A static site served on 127.0.0.1 under a URL prefix, as GitHub Pages serves /<repo>/.

Used by the tests and by the benchmark; standard library only.
"""

from __future__ import annotations

import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

__all__ = ["SiteServer"]


class _PrefixedHandler(SimpleHTTPRequestHandler):
    """Serves a directory under a URL prefix (like GitHub Pages at /<repo>/); 404 elsewhere."""

    prefix = "/"
    gzip_as_encoding = False
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
    }

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")  # type: ignore[arg-type]
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self) -> None:
        if self.gzip_as_encoding and self.path.split("?")[0].endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output readable


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser hanging up mid-download (a page closed, a test aborting a request) is
        # normal here, not worth a traceback in the test or benchmark output.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A built site served on 127.0.0.1 under `prefix`; `url(path)` gives absolute URLs.

    With `gzip_as_encoding`, .gz files are sent with Content-Encoding: gzip, as some servers
    do, so the browser inflates them before the page sees the bytes.
    """

    def __init__(
        self, directory: Path, prefix: str = "/", *, gzip_as_encoding: bool = False
    ) -> None:
        handler = type(
            "Handler", (_PrefixedHandler,), {"prefix": prefix, "gzip_as_encoding": gzip_as_encoding}
        )
        self.prefix = prefix
        self.directory = directory
        self._httpd = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
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
