"""A redeploy under GitHub Pages caching (every file `max-age=600`, query strings ignored):
readers who reload or open a new tab get the new engine with its own runtime files, and a tab
left open keeps computing with the engine its page came with.

The site is built from a copy of the checkout, served, loaded in a persistent Chromium profile
(a real disk cache), then rebuilt with one figure of the engine's data changed and deployed in
place at the same address.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import READY, normalised, result_html
from tests.conftest import ROOT, OffsiteRequests, build_site
from tests.site_server import SiteServer

pytestmark = pytest.mark.browser

CHECKOUT_PARTS = ("calculator", "docs", "overrides", "sitebuild", "mkdocs.yml", "pyproject.toml")
DATA_FILE = Path("calculator/data/assumptions.toml")
TWEAKED_FIGURE = "maintenance_hours_rag"  # a figure the default cost comparison uses
RUNTIME = re.compile(r"assets/(pyodide-[^/]+/.*|calculator/.*\.(whl|snapshot\.gz))")


def copy_checkout(dest: Path) -> Path:
    for part in CHECKOUT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    shutil.copy2(ROOT / "README.md", dest / "README.md")  # the wheel's long description
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    # The unchanged engine's snapshot, if already made, saves making it again (a few seconds).
    if (ROOT / ".cache" / "snapshots").is_dir():
        shutil.copytree(ROOT / ".cache" / "snapshots", dest / ".cache" / "snapshots")
    return dest


def tweak_figure(checkout: Path) -> None:
    """Raise the figure's high (or single) value by half, in the copy's data file."""
    path = checkout / DATA_FILE
    text = path.read_text("utf-8")
    block = re.search(rf"\[figures\.{TWEAKED_FIGURE}\]\n(.*?)\n\n", text, re.DOTALL)
    assert block is not None, f"{TWEAKED_FIGURE} is no longer in {DATA_FILE}: pick another"
    changed = re.sub(
        r"^(high|value) = ([0-9.]+)$",
        lambda m: f"{m.group(1)} = {float(m.group(2)) * 1.5}",
        block.group(1),
        count=1,
        flags=re.MULTILINE,
    )
    path.write_text(text.replace(block.group(1), changed), "utf-8")


def engine_html(checkout: Path, answers: dict[str, str]) -> str:
    """The result HTML that the checkout's engine renders for these answers."""
    code = "import json,sys; from calculator.web import evaluate; "
    code += "print(json.dumps(evaluate(json.loads(sys.argv[1]))['html']))"
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(answers)],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return str(json.loads(done.stdout))


def deploy(built: Path, served: Path) -> None:
    """Replace the served site in place, as a Pages deployment does."""
    for child in served.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(built, served, dirs_exist_ok=True)


def files(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def wait_for_result(page: Any, html: str) -> None:
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, html),
        timeout=30_000,
    )


def test_a_redeploy_reaches_reloads_and_new_tabs_and_spares_open_tabs(
    tmp_path: Path, browser_type: Any, browser_type_launch_args: dict[str, Any]
) -> None:
    checkout = copy_checkout(tmp_path / "checkout")
    served = tmp_path / "served"
    served.mkdir()
    server = SiteServer(served, prefix="/repo/")  # caches like Pages: max-age=600, ETag/304
    first = build_site(tmp_path / "first", server.base_url, root=checkout)
    deploy(first, served)
    old = {"queries_per_day": "2500"}
    old_html = str(evaluate(old)["html"])

    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args
    )
    guard = OffsiteRequests()
    context.route("**/*", guard.handle)
    errors: list[str] = []
    with server:
        headers = urllib.request.urlopen(server.url("calculator/")).headers
        assert "max-age=600" == headers["Cache-Control"]
        calculator = server.url("calculator/")
        open_tab, reader = context.new_page(), context.new_page()
        for tab in (open_tab, reader):
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.goto(calculator)
            tab.wait_for_selector(READY, timeout=60_000)
        open_tab.fill("#input-queries_per_day", old["queries_per_day"])
        wait_for_result(open_tab, old_html)

        tweak_figure(checkout)
        second = build_site(tmp_path / "second", server.base_url, root=checkout)
        new = {"queries_per_day": "2600"}
        assert engine_html(checkout, new) != str(evaluate(new)["html"]), "tweak changed nothing"
        deploy(second, served)

        reader.reload()
        reader.wait_for_selector(READY, timeout=60_000)
        assert normalised(reader, engine_html(checkout, {})) == result_html(reader)
        reader.fill("#input-queries_per_day", new["queries_per_day"])
        wait_for_result(reader, engine_html(checkout, new))

        new_tab = context.new_page()
        new_tab.goto(calculator)
        new_tab.wait_for_selector(READY, timeout=60_000)
        new_tab.fill("#input-queries_per_day", "2700")
        wait_for_result(new_tab, engine_html(checkout, {"queries_per_day": "2700"}))

        open_tab.fill("#input-queries_per_day", "2800")  # the engine its page came with
        wait_for_result(open_tab, str(evaluate({"queries_per_day": "2800"})["html"]))
        context.close()

    assert [] == guard.urls
    assert [] == errors
    # No runtime file's name was reused for other bytes: a cached old copy can never meet the
    # new page. (The Pyodide files did not change, so they keep their folder and cache.)
    before, after = files(first), files(second)
    reused = [name for name in before.keys() & after.keys() if before[name] != after[name]]
    assert [] == [name for name in reused if RUNTIME.fullmatch(name)]
    assert any(name.startswith("assets/pyodide-") for name in before.keys() & after.keys())
