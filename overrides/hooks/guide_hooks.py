"""MkDocs hooks for the guide pages.

- The Assumptions page's table is rendered from the engine's data file by
  `calculator.assumptions_markdown()`; the build fails loudly if the marker is missing or the
  data file is malformed, so the page can never silently drift from the engine.
- Material's bundle carries CDN fallback URLs (Mermaid, a ResizeObserver polyfill) that it
  fetches only in situations this site avoids; they are rewritten so nothing in the built site
  can ever reach a CDN on a closed network.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


ASSUMPTIONS_PAGE = "assumptions.md"
MARKER = "<!-- assumptions:table -->"


def render_assumptions(markdown: str) -> str:
    if MARKER not in markdown:
        raise ValueError(f"{ASSUMPTIONS_PAGE} has lost its {MARKER} marker")
    # MkDocs restores sys.path after loading a hook, so make the checkout importable per call;
    # importing per call also picks up the engine that `mkdocs serve` reloads after edits.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    engine = importlib.import_module("calculator")
    return markdown.replace(MARKER, engine.assumptions_markdown())


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != ASSUMPTIONS_PAGE:
        return markdown
    return render_assumptions(markdown)


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
