"""What a reader sees on every built page: no Markdown, template or shortcode left as raw text.

Markup that an extension failed to render (an unconfigured icon shortcode, a link whose target
broke, an admonition with a typo) ends up as visible text. Code samples may show markup on
purpose, so text inside <code> and <pre> is left out; everything else a reader could see counts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Elements whose text a reader never sees as prose (or sees as code, on purpose).
SKIPPED = {"script", "style", "template", "code", "pre", "title", "desc"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip

RAW_MARKUP = {
    "icon shortcode": re.compile(r":(?:material|octicons|fontawesome|simple)-[a-z0-9-]+:"),
    "template tag": re.compile(r"\{\{|\{%"),
    "wiki link": re.compile(r"\[\["),
    "Markdown link": re.compile(r"\]\("),
    "Markdown bold": re.compile(r"\*\*"),
    "admonition marker": re.compile(r"!!!"),
}


class VisibleText(HTMLParser):
    """Collects the text outside SKIPPED elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def raw_markup(text: str) -> list[str]:
    """Each piece of raw markup in `text`, named, with a little context around it."""
    found = []
    for name, pattern in RAW_MARKUP.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{name}: …{text[start:end]}…")
    return found


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>:material-calculator-variant: Calculator</p>", ["icon shortcode"]),
        ("<p>see [the guide](costs.md)</p>", ["Markdown link"]),
        ("<li>a **bold** claim</li>", ["Markdown bold", "Markdown bold"]),
        ("<p>!!! note</p>", ["admonition marker"]),
        ("<p>{{ config.site_name }} and {% if x %}</p>", ["template tag", "template tag"]),
        ("<p>[[wiki]]</p>", ["wiki link"]),
        ("<p>fine</p><pre><code>**code** may show [x](y)</code></pre>", []),
        ("<script>if (a[b](c)) {}</script><p>fine</p>", []),
    ],
)
def test_the_checker_finds_raw_markup_only_in_visible_text(html: str, expected: list[str]) -> None:
    found = [f.split(":", 1)[0] for f in raw_markup(visible_text(html))]
    assert sorted(expected) == sorted(found)


def test_every_built_page_shows_no_raw_markup(built_site: Path) -> None:
    pages = built_pages(built_site)
    assert len(pages) >= 10, "the build produced too few pages to check"
    problems = {
        str(page.relative_to(built_site)): found
        for page in pages
        if (found := raw_markup(visible_text(page.read_text("utf-8"))))
    }
    assert {} == problems


def test_icon_shortcodes_render_as_inline_svg(built_site: Path) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    assert re.search(r'<span class="twemoji"><svg[^>]*viewBox', home), (
        "no icon SVG on the home page"
    )
