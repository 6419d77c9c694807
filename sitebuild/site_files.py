"""Tidying the built site: what the generator leaves that the site must not publish or do.

- Material's bundle carries CDN fallback URLs (Mermaid, a ResizeObserver polyfill) that it
  fetches only in situations this site avoids; they are pointed at about:blank, so nothing in
  the site can ever reach a CDN on a closed network.
- Source maps (1.3 MB) help nobody reading the site; they and the comments naming them go.
- Search language packs: only those the search index's own config asks for stay.
- Theme images no page, style or script names (Material's default favicon.png) go.
- A checklist item's checkbox gets its item's text as its accessible name.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

CDN_URL = re.compile(
    r"https://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\"'`\s)]*"
)
SOURCE_MAP_COMMENT = re.compile(
    r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+?\s*\*/)\s*$"
)
SEARCH_INDEX = Path("search") / "search_index.json"
LUNR_DIR = Path("assets") / "javascripts" / "lunr"


def tidy(site_dir: Path) -> None:
    neutralise_cdn_fallbacks(site_dir)
    remove_source_maps(site_dir)
    remove_unused_search_languages(site_dir)
    remove_unreferenced_theme_images(site_dir)
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        if "task-list-item" in html:
            page.write_text(label_checklists(html), "utf-8")


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


def remove_source_maps(site_dir: Path) -> int:
    """Delete *.map files and the comments that point at them; returns how many maps went."""
    maps = sorted(site_dir.rglob("*.map"))
    for source_map in maps:
        source_map.unlink()
        asset = source_map.with_suffix("")  # bundle.x.min.js.map -> bundle.x.min.js
        if asset.exists():
            text = asset.read_text("utf-8")
            asset.write_text(SOURCE_MAP_COMMENT.sub("", text), "utf-8")
    return len(maps)


def lunr_files_for(languages: list[str]) -> set[str]:
    """The files under assets/javascripts/lunr/ that Material's search worker loads."""
    needed = set()
    for language in languages:
        if language == "ja":
            needed.add("tinyseg.js")
        if language in ("hi", "th"):
            needed.add("wordcut.js")
        if language != "en":
            needed |= {f"min/lunr.{language}.min.js", "min/lunr.stemmer.support.min.js"}
    if len(languages) > 1:
        needed |= {"min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}
    return needed


def remove_unused_search_languages(site_dir: Path) -> int:
    """Keep only the language packs the search index's config names; returns how many went."""
    lunr = site_dir / LUNR_DIR
    index = site_dir / SEARCH_INDEX
    if not lunr.is_dir() or not index.exists():
        return 0
    needed = lunr_files_for(json.loads(index.read_text("utf-8"))["config"]["lang"])
    removed = 0
    for path in sorted(lunr.rglob("*")):
        if path.is_file() and path.relative_to(lunr).as_posix() not in needed:
            path.unlink()
            removed += 1
    if not any(lunr.rglob("*.js")):
        shutil.rmtree(lunr)
    return removed


def remove_unreferenced_theme_images(site_dir: Path) -> list[str]:
    """Delete files in assets/images/ whose name no page, stylesheet or script mentions."""
    images = sorted((site_dir / "assets" / "images").glob("*"))
    if not images:
        return []
    texts = [
        path.read_text("utf-8", errors="replace")
        for suffix in ("*.html", "*.css", "*.js", "*.mjs", "*.json", "*.xml")
        for path in site_dir.rglob(suffix)
    ]
    removed = [image.name for image in images if not any(image.name in t for t in texts)]
    for name in removed:
        (site_dir / "assets" / "images" / name).unlink()
    if not any((site_dir / "assets" / "images").iterdir()):
        (site_dir / "assets" / "images").rmdir()
    return removed


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
