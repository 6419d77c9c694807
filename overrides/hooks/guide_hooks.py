"""MkDocs hooks for the guide pages.

- The Assumptions page's table is rendered from the engine's data file by
  `calculator.assumptions_markdown()`; the build fails loudly if the marker is missing or the
  data file is malformed, so the page can never silently drift from the engine.
- `<!-- preset:ID -->` on any page becomes a link that opens that preset (a guide example) in
  the calculator; an unknown id fails the build.
- Material's bundle carries CDN fallback URLs (Mermaid, a ResizeObserver polyfill) that it
  fetches only in situations this site avoids; they are rewritten so nothing in the built site
  can ever reach a CDN on a closed network.
"""

from __future__ import annotations

import importlib
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


# Pages with a part rendered from the engine's data: page -> (marker, "module:renderer").
RENDERED_FRAGMENTS = {
    "assumptions.md": ("<!-- assumptions:table -->", "calculator.render:assumptions_markdown"),
    "decision-framework.md": (
        "<!-- engine:decision-rules -->",
        "calculator.render:decision_rules_markdown",
    ),
    "calculator.md": ("<!-- calculator:presets -->", "calculator.web:presets_html"),
}


def _engine(module: str) -> Any:
    # MkDocs restores sys.path after loading a hook, so make the checkout importable per call;
    # importing per call also picks up the engine that `mkdocs serve` reloads after edits.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(module)


def render_fragment(page: str, markdown: str) -> str:
    """Replace the page's marker with the engine's rendering; fail loudly if it is missing."""
    marker, renderer = RENDERED_FRAGMENTS[page]
    if marker not in markdown:
        raise ValueError(f"{page} has lost its {marker} marker")
    module, function = renderer.split(":")
    return markdown.replace(marker, getattr(_engine(module), function)())


PRESET_MARKER = re.compile(r"<!-- preset:(.*?) -->")
CALCULATOR_PAGE = "calculator.md"


def render_preset_links(page: str, markdown: str) -> str:
    """Each `<!-- preset:ID -->` becomes "Open this example in the calculator" for that preset,
    linked relative to `page`; an unknown id raises (the engine names the known ones)."""
    if "<!-- preset:" not in markdown:
        return markdown
    web = _engine("calculator.web")
    target = posixpath.relpath(CALCULATOR_PAGE, posixpath.dirname(page) or ".")
    return PRESET_MARKER.sub(
        lambda m: web.preset_markdown(m.group(1), calculator_page=target), markdown
    )


def render_assumptions(markdown: str) -> str:
    return render_fragment("assumptions.md", markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    markdown = render_preset_links(page.file.src_uri, markdown)
    if page.file.src_uri not in RENDERED_FRAGMENTS:
        return markdown
    return render_fragment(page.file.src_uri, markdown)


# A checklist item's checkbox is a decoration with no label of its own; name it after its item.
TASK_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")'
    r"([^>]*>)(.*?)</li>",
    re.DOTALL,
)


def label_checklists(html: str) -> str:
    """Give every task-list checkbox an aria-label: the text of its list item."""

    def labelled(match: re.Match[str]) -> str:
        text = re.sub(r"<[^>]+>", "", match.group(3))
        text = " ".join(text.split()).replace('"', "&quot;")
        return f'{match.group(1)} aria-label="{text}"{match.group(2)}{match.group(3)}</li>'

    return TASK_ITEM.sub(labelled, html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return label_checklists(html) if "task-list-item" in html else html


CDN_URL = re.compile(
    r"https://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\"'`\s)]*"
)


def neutralise_cdn_fallbacks(site_dir: Path) -> int:
    """Point CDN URLs inside the theme's scripts at about:blank; returns how many were found."""
    found = 0
    for script in sorted((site_dir / "assets" / "javascripts").rglob("*.js")):
        text = script.read_text("utf-8")
        text, count = CDN_URL.subn("about:blank", text)
        if count:
            script.write_text(text, "utf-8")
            found += count
    return found


def on_post_build(config: Any) -> None:
    neutralise_cdn_fallbacks(Path(config["site_dir"]))
