"""A static site served on 127.0.0.1 under a URL prefix, as GitHub Pages serves /<repo>/.

Used by the tests and by the benchmark; standard library only.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

__all__ = ["SiteServer"]


class _PrefixedHandler(SimpleHTTPRequestHandler):
    """Serves a directory under a URL prefix (like GitHub Pages at /<repo>/); 404 elsewhere."""

    prefix = "/"
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

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output readable


class SiteServer:
    """A built site served on 127.0.0.1 under `prefix`; `url(path)` gives absolute URLs."""

    def __init__(self, directory: Path, prefix: str = "/") -> None:
        handler = type("Handler", (_PrefixedHandler,), {"prefix": prefix})
        self.prefix = prefix
        self._httpd = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(directory))
        )
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
