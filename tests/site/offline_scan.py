"""Find every absolute URL in a built site that a browser would fetch on its own.

Links a reader clicks (<a href>) may point anywhere; scripts, styles, fonts, images, frames,
workers and fetches may not. Known CDN and font hosts are flagged anywhere in any text file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ABSOLUTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CDN_HOSTS = re.compile(
    r"(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
    r"fonts\.gstatic\.com|ajax\.googleapis\.com|//cdn\.)",
    re.IGNORECASE,
)
CSS_URL = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.IGNORECASE
)
JS_FETCH = re.compile(
    r"""(?:import\s*\(|importScripts\s*\(|fetch\s*\(|new\s+Worker\s*\(|\bfrom\s+)\s*['"`]((?:https?:)?//[^'"`]+)"""
)
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".webmanifest"}

# (tag, attribute) pairs whose URL the browser fetches by itself.
FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("use", "href"),
    ("image", "xlink:href"),
    ("use", "xlink:href"),
}
FETCHED_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "shortcut icon",
    "apple-touch-icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name == "style":
                self.urls += CSS_URL.findall(value)
            elif (tag, name) in FETCHED:
                candidates = [part.split()[0] for part in value.split(",") if part.strip()]
                self.urls += [c for c in candidates if ABSOLUTE.match(c)]
        rel = values.get("rel", "").lower()
        if tag == "link" and rel in FETCHED_LINK_RELS and ABSOLUTE.match(values.get("href", "")):
            self.urls.append(values["href"])

    def handle_data(self, data: str) -> None:  # inline <style> and <script> bodies
        self.urls += CSS_URL.findall(data) + JS_FETCH.findall(data)


def fetched_urls(path: Path, text: str) -> list[str]:
    """Absolute URLs in one file that a browser would fetch without a click."""
    found = [match.group(0) for match in CDN_HOSTS.finditer(text)]
    if path.suffix == ".html":
        collector = _Collector()
        collector.feed(text)
        found += collector.urls
    elif path.suffix == ".css":
        found += CSS_URL.findall(text)
    elif path.suffix in {".js", ".mjs"}:
        found += JS_FETCH.findall(text)
    return found


def scan_site(site: Path) -> dict[str, list[str]]:
    problems = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            urls = fetched_urls(path, path.read_text("utf-8", errors="replace"))
            if urls:
                problems[str(path.relative_to(site))] = urls
    return problems
