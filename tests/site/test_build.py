"""The strict build: every page exists, every internal link and anchor resolves, URLs are
relative, the shipped runtime and wheel are exactly what was pinned and built, each under a name
made from its content, and the hook-free build publishes the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import sys
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from sitebuild.paths import content_hash
from sitebuild.pipeline import WHEEL_DIR, compiled_stdlib
from sitebuild.runtime import PYODIDE_SHA256, runtime_dir, runtime_files
from sitebuild.snapshot import CACHE as SNAPSHOT_CACHE
from sitebuild.snapshot import snapshot_name
from tests.site_server import SiteServer

pytestmark = pytest.mark.site
ROOT = Path(__file__).resolve().parents[2]
HASH = "[0-9a-f]{16}"


def nav_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)

    def walk(items: object) -> list[str]:
        pages = []
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, str):
                pages.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    pages += walk(value)
        return pages

    return walk(config["nav"])


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append(values[name] or "")


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def html_pages(site: Path) -> list[Path]:
    """Every page except 404.html, which MkDocs roots at site_url's path (the Pages workflow
    sets SITE_URL, so /<repo>/ is right there); see test_404_page_is_rooted_at_site_url."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_nav_page_is_built(built_site: Path) -> None:
    for source in nav_pages():
        stem = source.removesuffix(".md")
        built = built_site / ("index.html" if stem == "index" else f"{stem}/index.html")
        assert built.exists(), source


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    parsed = {path: parse(path) for path in html_pages(built_site)}
    broken = []
    for path, page in parsed.items():
        base = "file://" + str(path)
        for ref in page.refs:
            target = urlsplit(urljoin(base, ref))
            if target.scheme != "file":
                continue  # links to cited sources, mailto:, data: icons
            file = Path(unquote(target.path))
            if file.is_dir():
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{path.relative_to(built_site)}: {ref}")
            elif target.fragment and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else parse(file).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{path.relative_to(built_site)}: {ref} (no such anchor)")
    assert [] == broken


def test_guide_links_into_every_calculator_input(built_site: Path) -> None:
    linked = set()
    for path in html_pages(built_site):
        linked |= set(re.findall(r'href="[./]*calculator/#field-([a-z_]+)"', path.read_text()))
    assert {
        "knowledge_updates",
        "needs_citations",
        "latency_critical",
        "deployment",
        "behavior_change",
        "domain_reasoning",
        "training_examples",
    } <= linked


def test_no_root_relative_urls_so_any_sub_path_works(built_site: Path) -> None:
    offenders = []
    for path in html_pages(built_site):
        for ref in parse(path).refs:
            if ref.startswith("/") and not ref.startswith("//"):
                offenders.append(f"{path.relative_to(built_site)}: {ref}")
    assert [] == offenders


def test_pages_and_their_assets_load_under_a_sub_path(built_site: Path) -> None:
    with SiteServer(built_site, prefix="/some/prefix/") as server:
        for page in ("", "when-rag-wins/", "calculator/"):
            url = server.url(page)
            html = urllib.request.urlopen(url).read().decode()
            assets = re.findall(r'(?:src|href)="([^"#]+\.(?:css|js|mjs|svg))"', html)
            assert assets, url
            for asset in assets:
                assert 200 == urllib.request.urlopen(urljoin(url, asset)).status, asset


def calculator_urls(site: Path) -> dict[str, str]:
    """The runtime URLs the calculator page hands to the browser (data-* on its root)."""
    html = (site / "calculator" / "index.html").read_text()
    return dict(re.findall(r'data-(runtime|wheel|snapshot)="([^"]+)"', html))


def test_runtime_files_in_the_site_match_the_pinned_checksums(built_site: Path) -> None:
    (runtime,) = (built_site / "assets").glob("pyodide*")
    assert set(PYODIDE_SHA256) == {p.name for p in runtime.iterdir()}
    for name, digest in PYODIDE_SHA256.items():
        # pyodide.mjs: its CDN fallback is removed on copy; python_stdlib.zip: trimmed and
        # compiled (tests/site/test_bytecode.py)
        if name not in ("pyodide.mjs", "python_stdlib.zip"):
            assert digest == hashlib.sha256((runtime / name).read_bytes()).hexdigest(), name
    assert "jsdelivr" not in (runtime / "pyodide.mjs").read_text()


def test_every_runtime_url_names_its_content_so_no_cached_old_file_is_used(
    built_site: Path,
) -> None:
    urls = calculator_urls(built_site)
    runtime = built_site / "calculator" / urls["runtime"]
    published = {p.name: p.read_bytes() for p in runtime.iterdir()}
    assert re.fullmatch(f"../assets/pyodide-{HASH}/", urls["runtime"])
    assert "../" + runtime_dir(published) == urls["runtime"]  # the name follows the bytes
    for kind in ("wheel", "snapshot"):
        assert "?" not in urls[kind], "static hosts ignore query strings"
        data = (built_site / "calculator" / urls[kind]).read_bytes()
        assert content_hash(data) in urls[kind], kind


def test_wheel_in_the_site_matches_the_source_it_was_built_from(built_site: Path) -> None:
    wheels = list((built_site / WHEEL_DIR).rglob("*.whl"))
    assert 1 == len(wheels)
    with zipfile.ZipFile(wheels[0]) as wheel:
        packaged = {n: wheel.read(n) for n in wheel.namelist() if n.startswith("calculator/")}
    source = {
        str(p.relative_to(ROOT)): p.read_bytes()
        for p in (ROOT / "calculator").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    # Modules ship as bytecode (tests/site/test_bytecode.py checks it is py-compile's).
    assert {n + "c" if n.endswith(".py") else n for n in source} == set(packaged)
    data = {n: b for n, b in source.items() if not n.endswith(".py")}
    assert data == {n: b for n, b in packaged.items() if not n.endswith(".pyc")}


def test_calculator_page_links_the_wheel_it_ships(built_site: Path) -> None:
    (wheel,) = (built_site / WHEEL_DIR).rglob("*.whl")
    linked = (built_site / "calculator" / calculator_urls(built_site)["wheel"]).resolve()
    assert wheel.resolve() == linked
    assert re.fullmatch(r"ftrag_calculator-[^-]+-cp314-none-any\.whl", wheel.name)


def test_calculator_page_links_the_snapshot_of_the_wheel_it_ships(built_site: Path) -> None:
    snapshot = built_site / "calculator" / calculator_urls(built_site)["snapshot"]
    (wheel,) = (built_site / WHEEL_DIR).rglob("*.whl")
    runtime_key = calculator_urls(built_site)["runtime"].removeprefix("../")
    made_for_wheel = SNAPSHOT_CACHE / snapshot_name(wheel, runtime_key)
    assert made_for_wheel.read_bytes() == snapshot.read_bytes()
    with gzip.open(snapshot) as unpacked:
        assert len(unpacked.read()) > 16_000_000  # a whole Pyodide heap, not a stub


def test_an_unchanged_runtime_keeps_its_folder_across_builds(
    built_site: Path, tmp_path: Path
) -> None:
    """Readers keep their cached Pyodide (13.5 MB) when only the engine or the pages change."""
    files = {**runtime_files(), "python_stdlib.zip": compiled_stdlib(tmp_path).read_bytes()}
    assert "../" + runtime_dir(files) == calculator_urls(built_site)["runtime"]


def test_the_hook_free_build_publishes_the_same_bytes(
    built_site: Path, plain_built_site: Path
) -> None:
    def files(site: Path) -> dict[str, str]:
        return {
            str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*")
            if p.is_file()
        }

    hooked, plain = files(built_site), files(plain_built_site)
    assert sorted(hooked) == sorted(plain)
    assert [] == [name for name in hooked if hooked[name] != plain[name]]


def test_the_hook_free_config_has_no_hooks_and_reads_the_rendered_docs(
    plain_built_site: Path,
) -> None:
    config = yaml.load((ROOT / ".mkdocs-plain.yml").read_text(), Loader=yaml.BaseLoader)
    assert [] == config["hooks"]
    staged = ROOT / config["docs_dir"]
    assert "<!-- calculator:app -->" not in (staged / "calculator.md").read_text()
    assert 'id="calc-app"' in (staged / "calculator.md").read_text()


@pytest.mark.parametrize("target", ["build", "build-plain"])
def test_make_builds_print_no_end_of_life_banner(target: str, tmp_path: Path) -> None:
    made = subprocess.run(
        ["make", "--no-print-directory", target, f"SITE_DIR={tmp_path / 'site'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"},
    )
    assert 0 == made.returncode, made.stderr
    assert (tmp_path / "site" / "calculator" / "index.html").exists()
    output = made.stdout + made.stderr
    assert "end of life" not in output
    assert "MkDocs 2.0" not in output


def test_assumptions_page_lists_every_figure_of_the_data_file(built_site: Path) -> None:
    from calculator import load_assumptions

    html = (built_site / "assumptions" / "index.html").read_text()
    for figure in load_assumptions().figures.values():
        assert figure.as_of in html
    assert html.count("<tr>") >= len(load_assumptions().figures)


def test_guide_pages_name_pyodide_only_for_the_start_script(built_site: Path) -> None:
    """Only the start script's element knows the runtime (it loads it on the reader's intent;
    tests/browser/test_early_start.py checks that nothing is fetched without it)."""
    start_element = re.compile(r'<script type="module" async id="calc-start"[^>]*></script>')
    for path in html_pages(built_site):
        if path.parent.name != "calculator":
            html = path.read_text()
            assert 1 == len(start_element.findall(html)), path
            assert "pyodide" not in start_element.sub("", html), path


def test_404_page_is_rooted_at_site_url(tmp_path: Path) -> None:
    env = {**os.environ, "SITE_URL": "https://pages.example.internal/some/prefix/"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    refs = [r for r in parse(tmp_path / "404.html").refs if r.startswith("/")]
    assert refs and all(r.startswith("/some/prefix/") for r in refs)


def test_make_serve_from_a_fresh_clone_installs_only_what_serving_needs(tmp_path: Path) -> None:
    import json
    import tomllib

    planned = subprocess.run(
        ["make", "-n", "--no-print-directory", "serve", f"VENV={tmp_path / '.venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installs = [line for line in planned.splitlines() if "pip install" in line]
    assert [] != installs and all("--group" not in i or "--group docs" in i for i in installs)

    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    test_only = {
        re.split(r"[=<>\[]", requirement)[0].lower()
        for group in ("test", "lint")
        for requirement in groups[group]
        if isinstance(requirement, str)
    }
    dry_run = ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-"]
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            *dry_run,
            "-c",
            "constraints.txt",
            "--group",
            "pyproject.toml:docs",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    resolved = {item["metadata"]["name"].lower() for item in json.loads(report)["install"]}
    assert "mkdocs-material" in resolved
    assert set() == resolved & test_only
