"""The calculator's start script in every page's <head> (issue 17: start earlier, on intent).

`docs/assets/calculator/start.mjs`, loaded as an async module, starts Python at once on the
calculator page and on a reader's intent elsewhere. Its element carries what it needs: the
runtime's URLs (their names carry content hashes, so only the build knows them) and the
calculator page's address, each relative to the page. Applied by `pipeline.finish` to every
built page but the 404 page (any depth, no link worth starting Python for), before the
Content-Security-Policy is computed.
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pipeline imports this module
    from sitebuild.pipeline import Artifacts

START_SCRIPT = "assets/calculator/start.mjs"
# start.mjs imports it: announced beside it, the two download together, one round trip sooner.
START_IMPORT = "assets/calculator/python.mjs"
CALCULATOR_PATH = "calculator/"  # calculator.md, as MkDocs publishes it
ELEMENT_ID = "calc-start"
# After the viewport meta: early enough for the preload scanner, after the charset.
_AFTER = re.compile(r'<meta name="viewport"[^>]*>')


def runtime_attributes(artifacts: Artifacts, link_base: str) -> str:
    """data-runtime, data-wheel, data-snapshot and data-runtime-sizes for an element of a page
    `link_base` away from the site's root (python.mjs's runtimeUrls reads them)."""
    data = {
        "runtime": link_base + artifacts.runtime_dir,
        "wheel": link_base + artifacts.wheel_path,
        "snapshot": link_base + artifacts.snapshot_path,
        "runtime-sizes": json.dumps(artifacts.runtime_sizes, sort_keys=True),
    }
    return " ".join(f'data-{name}="{escape(value)}"' for name, value in data.items())


def start_element(artifacts: Artifacts, link_base: str) -> str:
    """The start script's elements for a page `link_base` away from the site's root ("../")."""
    src = escape(link_base + START_SCRIPT)
    calculator = escape(link_base + CALCULATOR_PATH)
    return (
        f'<link rel="modulepreload" href="{escape(link_base + START_IMPORT)}">'
        f'<script type="module" async id="{ELEMENT_ID}" src="{src}" '
        f'{runtime_attributes(artifacts, link_base)} data-calculator="{calculator}"></script>'
    )


def link_base(site_dir: Path, page: Path) -> str:
    """The relative way from a page to the site's root: "./", "../", "../../"."""
    up = posixpath.relpath(".", page.parent.relative_to(site_dir).as_posix())
    return "./" if up == "." else up + "/"


def add_start_script(html: str, element: str) -> str:
    if f'id="{ELEMENT_ID}"' in html:
        raise ValueError("page already has the calculator's start script")
    anchor = _AFTER.search(html) or re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if anchor is None:
        raise ValueError("page has no <head> for the calculator's start script")
    return html[: anchor.end()] + element + html[anchor.end() :]


def add_start_script_to_site(site_dir: Path, artifacts: Artifacts) -> int:
    """Give every page but 404.html its start script; returns how many pages changed."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        if page.relative_to(site_dir).as_posix() == "404.html":
            continue
        html = page.read_text("utf-8")
        element = start_element(artifacts, link_base(site_dir, page))
        page.write_text(add_start_script(html, element), "utf-8")
        count += 1
    return count
