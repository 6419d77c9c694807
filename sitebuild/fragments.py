"""Markdown fragments rendered into pages at build time, at HTML-comment markers.

One function per fragment, registered in FRAGMENTS under its page and marker. A registered
marker missing from its page fails the build, so a page can never silently lose its part.
To add one (e.g. an engine table on another page): write `def render_x(artifacts) -> str`
and add `"page.md": {"<!-- marker -->": render_x}` below.
"""

from __future__ import annotations

import importlib
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


def render_calculator(artifacts: Artifacts) -> str:
    """The calculator with its default result (in the Markdown, so MkDocs sees its anchors)."""
    return "\n" + render_app(artifacts) + "\n"


FRAGMENTS: dict[str, dict[str, Renderer]] = {
    "assumptions.md": {"<!-- assumptions:table -->": render_assumptions_table},
    "calculator.md": {"<!-- calculator:app -->": render_calculator},
}


def render_page(src_uri: str, markdown: str, artifacts: Artifacts) -> str:
    """The page's Markdown with each of its registered markers replaced."""
    for marker, render in FRAGMENTS.get(src_uri, {}).items():
        if marker not in markdown:
            raise ValueError(f"{src_uri} has lost its {marker} marker")
        markdown = markdown.replace(marker, render(artifacts))
    return markdown


def stage_docs(docs_dir: Path, staged: Path, artifacts: Artifacts) -> Path:
    """A copy of the docs with every fragment rendered, for a generator without hooks."""
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(docs_dir, staged)
    for src_uri in FRAGMENTS:
        page = staged / src_uri
        page.write_text(render_page(src_uri, page.read_text("utf-8"), artifacts), "utf-8")
    return staged
