"""The test server behaves like GitHub Pages in each way the calculator page depends on."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site_server import SiteServer

PAGE = "<!doctype html><title>calculator</title>" + "<p>text</p>" * 200
NOT_FOUND = "<!doctype html><title>404</title>"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SiteServer]:
    (tmp_path / "calculator").mkdir()
    (tmp_path / "calculator" / "index.html").write_text(PAGE)
    (tmp_path / "404.html").write_text(NOT_FOUND)
    (tmp_path / "runtime.wasm").write_bytes(bytes(range(256)) * 40)
    with SiteServer(tmp_path, prefix="/repo/") as running:
        yield running


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_text_is_gzipped_when_the_browser_accepts_it(server: SiteServer) -> None:
    status, headers, body = _get(server.url("calculator/"), **{"Accept-Encoding": "gzip, br"})
    assert (200, "gzip") == (status, headers["Content-Encoding"])
    assert int(headers["Content-Length"]) == len(body) < len(PAGE)
    assert PAGE == gzip.decompress(body).decode()


def test_binary_files_and_clients_without_gzip_get_the_bytes_as_they_are(
    server: SiteServer,
) -> None:
    _, headers, body = _get(server.url("runtime.wasm"), **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in headers and 10240 == len(body)
    _, headers, body = _get(server.url("calculator/"))
    assert "Content-Encoding" not in headers and PAGE == body.decode()


def test_every_response_may_be_cached_for_600_seconds_and_revalidated(server: SiteServer) -> None:
    _, headers, _ = _get(server.url("calculator/"), **{"Accept-Encoding": "gzip"})
    assert "max-age=600" == headers["Cache-Control"]
    status, again, body = _get(
        server.url("calculator/"), **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]}
    )
    assert (304, b"", headers["ETag"]) == (status, body, again["ETag"])


def test_a_missing_path_at_any_depth_gets_the_sites_404_page(server: SiteServer) -> None:
    for path in ("nothing/", "a/b/c/d", "calculator/missing.js"):
        status, _, body = _get(server.url(path))
        assert (404, NOT_FOUND) == (status, body.decode())
    status, _, body = _get(server.url("").replace("/repo/", "/elsewhere/"))
    assert (404, NOT_FOUND) == (status, body.decode())


def test_a_folder_without_its_slash_is_redirected_and_queries_are_ignored(
    server: SiteServer,
) -> None:
    status, _, body = _get(server.url("calculator?h=term"))
    assert (200, PAGE) == (status, body.decode())  # urllib followed the redirect
