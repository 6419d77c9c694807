"""Markdown fragments rendered into pages at build time, at HTML-comment markers.

One function per fragment, registered in FRAGMENTS under its page and marker. A registered
marker missing from its page fails the build, so a page can never silently lose its part.
To add one (e.g. an engine table on another page): write `def render_x(artifacts) -> str`
and add `"page.md": {"<!-- marker -->": render_x}` below.

Besides those, `<!-- preset:ID -->` on any page becomes a link that opens that preset (one of
the guide's examples) in the calculator; an unknown id fails the build.
"""

from __future__ import annotations

import importlib
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from sitebuild.calculator_app import render_app
from sitebuild.paths import import_engine_from_checkout
from sitebuild.pipeline import Artifacts

Renderer = Callable[[Artifacts], str]


def render_assumptions_table(artifacts: Artifacts) -> str:
    """Every figure of the engine's data file, with its source and date."""
    import_engine_from_checkout()
    return str(importlib.import_module("calculator").assumptions_markdown())


def render_decision_rules(artifacts: Artifacts) -> str:
    """The decision framework's rules and weights: the engine's own table."""
    import_engine_from_checkout()
    return str(importlib.import_module("calculator.render").decision_rules_markdown())


def render_presets(artifacts: Artifacts) -> str:
    """The calculator page's list of the guide's examples, each a link with its answers."""
    import_engine_from_checkout()
    return "\n" + str(importlib.import_module("calculator.web").presets_html()) + "\n"


def render_calculator(artifacts: Artifacts) -> str:
    """The calculator with its default result (in the Markdown, so MkDocs sees its anchors)."""
    return "\n" + render_app(artifacts) + "\n"


FRAGMENTS: dict[str, dict[str, Renderer]] = {
    "assumptions.md": {"<!-- assumptions:table -->": render_assumptions_table},
    "decision-framework.md": {"<!-- engine:decision-rules -->": render_decision_rules},
    "calculator.md": {
        "<!-- calculator:presets -->": render_presets,
        "<!-- calculator:app -->": render_calculator,
    },
}

PRESET_MARKER = re.compile(r"<!-- preset:(.*?) -->")
CALCULATOR_PAGE = "calculator.md"


def render_preset_links(src_uri: str, markdown: str) -> str:
    """Each `<!-- preset:ID -->` as a Markdown link to that preset, relative to the page."""
    if "<!-- preset:" not in markdown:
        return markdown
    import_engine_from_checkout()
    web = importlib.import_module("calculator.web")
    target = posixpath.relpath(CALCULATOR_PAGE, posixpath.dirname(src_uri) or ".")
    return PRESET_MARKER.sub(
        lambda m: str(web.preset_markdown(m.group(1), calculator_page=target)), markdown
    )


def render_page(src_uri: str, markdown: str, artifacts: Artifacts) -> str:
    """The page's Markdown with each of its registered markers and preset markers replaced."""
    for marker, render in FRAGMENTS.get(src_uri, {}).items():
        if marker not in markdown:
            raise ValueError(f"{src_uri} has lost its {marker} marker")
        markdown = markdown.replace(marker, render(artifacts))
    return render_preset_links(src_uri, markdown)


def stage_docs(docs_dir: Path, staged: Path, artifacts: Artifacts) -> Path:
    """A copy of the docs with every fragment rendered, for a generator without hooks."""
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(docs_dir, staged)
    for page in sorted(staged.rglob("*.md")):
        src_uri = page.relative_to(staged).as_posix()
        page.write_text(render_page(src_uri, page.read_text("utf-8"), artifacts), "utf-8")
    return staged
