"""Fixtures shared by the site and browser tests: one strict build, a local server, a guarded page.

Engine tests (tests/engine) need none of this and also run inside Pyodide, where only the
standard library and pytest exist, so everything heavy here is imported lazily.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import CHROMIUM_FLAGS, chromium_executable
from tests.site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent


def build_commands(out: Path, *, plain: bool = False) -> list[list[str]]:
    """`make build` (MkDocs with its hooks) or `make build-plain` (the steps around a hook-free
    MkDocs), as the Makefile runs them."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    if not plain:
        return [mkdocs]
    steps = [sys.executable, "-m", "sitebuild"]
    return [[*steps, "before"], [*mkdocs, "-f", ".mkdocs-plain.yml"], [*steps, "after", str(out)]]


def build_site(
    out: Path, site_url: str | None = None, *, plain: bool = False, root: Path = ROOT
) -> Path:
    """Build the checkout at `root` strictly into `out`, optionally for the address it will be
    served at."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    for command in build_commands(out, plain=plain):
        result = subprocess.run(
            command, cwd=root, capture_output=True, text=True, check=False, env=env
        )
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per test session with `mkdocs build --strict`."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def plain_built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built the hook-free way (`make build-plain`), once per session."""
    return build_site(tmp_path_factory.mktemp("plain-site"), plain=True)


def _served(
    tmp_path_factory: pytest.TempPathFactory, prefix: str, *, plain: bool = False
) -> Iterator[SiteServer]:
    # Built for the exact address it is served at, as the Pages workflow does with SITE_URL:
    # Material's instant navigation matches links against sitemap.xml, port included.
    out = tmp_path_factory.mktemp("served")
    server = SiteServer(out, prefix=prefix)
    build_site(out, server.base_url, plain=plain)
    with server:
        yield server


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The built site at the server root."""
    yield from _served(tmp_path_factory, "/")


@pytest.fixture(scope="session")
def prefixed_site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The built site under a sub-path, as an internal GitHub Pages serves /<repo>/."""
    yield from _served(tmp_path_factory, "/some/prefix/")


@pytest.fixture(scope="session")
def plain_site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The hook-free build (`make build-plain`) under a sub-path."""
    yield from _served(tmp_path_factory, "/plain/", plain=True)


# --- Playwright (pytest-playwright) configuration ------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium when present (never `playwright install` here), with quiet flags."""
    args = {
        **browser_type_launch_args,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }
    executable = chromium_executable()
    if executable:
        args["executable_path"] = executable
    return args


class OffsiteRequests:
    """Records (and aborts) every request that would leave 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def handle(self, route: Any) -> None:
        url: str = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


@pytest.fixture
def offsite_requests(context: Any) -> Iterator[OffsiteRequests]:
    """Fails the test if anything (page or worker) asks for a URL off 127.0.0.1."""
    guard = OffsiteRequests()
    context.route("**/*", guard.handle)
    yield guard
    assert guard.urls == [], f"requests left 127.0.0.1: {guard.urls}"


@pytest.fixture
def console_errors(page: Any) -> Iterator[list[str]]:
    """Collects console errors and uncaught page errors; the test fails if any remain."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield errors
    assert errors == [], f"console errors: {errors}"
