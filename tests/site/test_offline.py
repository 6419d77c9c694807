"""Nothing in the built site may fetch anything from anywhere but the site itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.offline_scan import fetched_urls, scan_site

pytestmark = pytest.mark.site


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.html", '<script src="https://cdn.example.com/x.js"></script>'),
        ("a.html", '<link rel="stylesheet" href="//fonts.example.com/a.css">'),
        ("a.html", '<img src="http://example.com/a.png" alt="">'),
        ("a.html", '<img srcset="a.png 1x, https://example.com/b.png 2x" alt="">'),
        ("a.html", '<iframe src="https://example.com/embed"></iframe>'),
        ("a.html", '<div style="background: url(https://example.com/bg.png)"></div>'),
        ("a.html", "<style>@import 'https://example.com/x.css';</style>"),
        ("a.css", "body { background: url('https://example.com/bg.png') }"),
        ("a.js", 'fetch("https://example.com/data.json")'),
        ("a.mjs", 'import x from "https://example.com/mod.mjs"'),
        ("a.js", 'var u = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"'),
        ("a.json", '{"font": "https://fonts.gstatic.com/s/roboto.woff2"}'),
    ],
)
def test_scanner_flags_what_a_browser_would_fetch(name: str, text: str) -> None:
    assert fetched_urls(Path(name), text) != []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.html", '<a href="https://platform.openai.com/docs">a cited source</a>'),
        ("a.svg", '<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("a.html", '<script src="../assets/x.js"></script><img src="a.png" alt="">'),
    ],
)
def test_scanner_allows_links_namespaces_and_relative_urls(name: str, text: str) -> None:
    assert [] == fetched_urls(Path(name), text)


def test_built_site_fetches_nothing_from_outside(built_site: Path) -> None:
    assert {} == scan_site(built_site)
