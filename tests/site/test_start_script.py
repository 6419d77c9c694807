"""The calculator's start script in every page's <head> (issue 17): there before any other
script, pointing at files the site really has, from wherever the page is."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitebuild.head import add_start_script
from tests.site.test_build import html_pages

pytestmark = pytest.mark.site

START = re.compile(r'<script type="module" async id="calc-start"([^>]*)></script>')


def start_attributes(page: Path) -> dict[str, str]:
    (attributes,) = START.findall(page.read_text())
    return dict(re.findall(r'\s(src|data-[a-z-]+)="([^"]*)"', attributes))


def resolve(site: Path, page: Path, href: str) -> Path:
    """A page-relative href as a file of the built site (a folder means its index.html)."""
    url = urljoin("http://site/" + page.relative_to(site).as_posix(), href)
    target = site / url.removeprefix("http://site/")
    return target / "index.html" if url.endswith("/") else target


def test_every_page_but_404_starts_with_the_start_script(built_site: Path) -> None:
    for page in html_pages(built_site):
        html = page.read_text()
        head = html[: html.index("</head>")]
        assert 1 == len(START.findall(head)), page
        assert head.index('id="calc-start"') == head.index("<script") + len(
            '<script type="module" async '
        ), page
    assert "calc-start" not in (built_site / "404.html").read_text()


def test_the_start_script_points_at_real_files_from_every_depth(built_site: Path) -> None:
    calculator = built_site / "calculator" / "index.html"
    for page in html_pages(built_site):
        data = start_attributes(page)
        assert resolve(built_site, page, data["src"]).is_file(), page
        assert calculator == resolve(built_site, page, data["data-calculator"]), page
        runtime = resolve(built_site, page, data["data-runtime"]).parent
        assert (runtime / "pyodide.asm.wasm").is_file(), page
        for kind in ("data-wheel", "data-snapshot"):
            assert resolve(built_site, page, data[kind]).is_file(), (page, kind)


def test_the_calculator_element_and_the_start_script_name_the_same_runtime(
    built_site: Path,
) -> None:
    html = (built_site / "calculator" / "index.html").read_text()
    app = re.search(r'<div id="calc-app"[^>]*>', html)
    assert app is not None
    for name in ("runtime", "wheel", "snapshot", "runtime-sizes"):
        (in_head,) = re.findall(rf'id="calc-start"[^>]*\sdata-{name}="([^"]*)"', html)
        (on_app,) = re.findall(rf'\sdata-{name}="([^"]*)"', app.group(0))
        assert in_head == on_app, name


def test_a_page_gets_the_start_script_once() -> None:
    page = '<html><head><meta name="viewport" content="x"><title>t</title></head></html>'
    once = add_start_script(page, '<script id="calc-start"></script>')
    assert once.index('id="calc-start"') > once.index("viewport")
    with pytest.raises(ValueError, match="already"):
        add_start_script(once, '<script id="calc-start"></script>')


def test_what_the_start_script_imports_is_announced_beside_it(built_site: Path) -> None:
    (start_module,) = (built_site / "assets" / "calculator").glob("start.*.mjs")
    start = start_module.read_text()
    imported = re.findall(r'^import .* from "\./([^"]+)";$', start, re.MULTILINE)
    for page in html_pages(built_site):
        html = page.read_text()
        preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
        assert [Path(href).name for href in preloads] == imported, page
        assert all(resolve(built_site, page, href).is_file() for href in preloads), page
        assert html.index("modulepreload") < html.index('id="calc-start"'), page
