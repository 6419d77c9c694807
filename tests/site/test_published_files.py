"""What the site publishes, by pattern: anything else (a build script, a source map, a search
language nobody uses, a dependency nobody loads) fails the test until it is listed here on
purpose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import site_files

pytestmark = pytest.mark.site

HASH = "[0-9a-f]{16}"
MATERIAL_HASH = "[0-9a-f]{8}"
PUBLISHED = [
    # Pages (one folder per guide page), MkDocs' 404 page and sitemaps.
    r"index\.html",
    r"[a-z0-9-]+/index\.html",
    r"404\.html",
    r"sitemap\.xml(\.gz)?",
    r"search/search_index\.json",
    # Material's bundle, its search worker and styles (named after their content by Material).
    rf"assets/javascripts/bundle\.{MATERIAL_HASH}\.min\.js",
    rf"assets/javascripts/workers/search\.{MATERIAL_HASH}\.min\.js",
    rf"assets/stylesheets/(main|palette)\.{MATERIAL_HASH}\.min\.css",
    # Our own assets.
    r"assets/favicon\.svg",
    r"assets/stylesheets/extra\.css",
    r"assets/calculator/calculator\.css",
    rf"assets/calculator/(calculator|compare|python|start|worker)\.{HASH}\.mjs",
    # The calculator's runtime, each file under a name made from its content.
    rf"assets/calculator/wheel-{HASH}/ftrag_calculator-[0-9.]+-cp314-none-any\.whl",
    rf"assets/calculator/calculator-{HASH}\.snapshot\.gz",
    rf"assets/pyodide-{HASH}/(pyodide\.mjs|pyodide\.asm\.mjs|pyodide\.asm\.wasm"
    r"|python_stdlib\.zip|pyodide-lock\.json)",
]


def published(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def unexpected(files: list[str]) -> list[str]:
    return [f for f in files if not any(re.fullmatch(pattern, f) for pattern in PUBLISHED)]


def test_the_site_publishes_only_the_listed_files(built_site: Path) -> None:
    files = published(built_site)
    assert [] == unexpected(files)
    # and each kind is there at all (a pattern matching nothing is a stale entry)
    assert [] == [p for p in PUBLISHED if not any(re.fullmatch(p, f) for f in files)]


def test_the_runtime_is_shipped_once(built_site: Path) -> None:
    assert 1 == len(list((built_site / "assets").glob("pyodide*")))
    assert 1 == len(list((built_site / "assets" / "calculator").rglob("*.whl")))
    assert 1 == len(list((built_site / "assets" / "calculator").glob("*.snapshot.gz")))


def test_no_published_script_points_at_a_source_map(built_site: Path) -> None:
    scripts = [*built_site.rglob("*.js"), *built_site.rglob("*.css")]
    assert [] == [str(p) for p in scripts if "sourceMappingURL" in p.read_text("utf-8")]


def test_the_list_catches_what_used_to_slip_through() -> None:
    """The files that once shipped by accident are all reported."""
    once_shipped = [
        "hooks/make_snapshot.mjs",
        "assets/javascripts/bundle.a5f9d56c.min.js.map",
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/tinyseg.js",
        "assets/images/favicon.png",
        "assets/pyodide/python_stdlib.zip",
        "assets/calculator/ftrag_calculator-0.1.0-py3-none-any.whl",
        "assets/javascripts/mermaid.min.js",
    ]
    assert once_shipped == unexpected(once_shipped)


@pytest.mark.parametrize(
    ("languages", "kept"),
    [
        (["en"], set()),
        (["de"], {"min/lunr.de.min.js", "min/lunr.stemmer.support.min.js"}),
        (
            ["en", "ja"],
            {
                "tinyseg.js",
                "min/lunr.ja.min.js",
                "min/lunr.multi.min.js",
                "min/lunr.stemmer.support.min.js",
            },
        ),
    ],
)
def test_search_keeps_the_language_packs_its_config_names(
    languages: list[str], kept: set[str]
) -> None:
    assert kept == site_files.lunr_files_for(languages)
