"""The hook-free build (`make build-plain`) in Chromium: a representative subset of the browser
suite (tests/site/test_build.py also checks it publishes the same bytes as `make build`)."""

from __future__ import annotations

from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import READY, normalised, result_html

pytestmark = pytest.mark.browser


def test_the_calculator_starts_from_the_snapshot_and_computes_as_the_engine_does(
    open_calculator: Any, plain_site_server: Any, page: Any
) -> None:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    open_calculator(server=plain_site_server)
    assert "snapshot" == page.get_attribute("#calc-app", "data-started-from")
    assert normalised(page, str(evaluate({})["html"])) == result_html(page)
    page.fill("#input-queries_per_day", "4321")
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(evaluate({"queries_per_day": "4321"})["html"])),
    )
    runtime = [url for url in requested if "/assets/pyodide-" in url]
    assert {url.rsplit("/", 1)[1] for url in runtime} >= {"pyodide.asm.wasm", "python_stdlib.zip"}


def test_search_finds_a_guide_page_without_language_packs(
    page: Any, plain_site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    page.goto(plain_site_server.url(""))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's search shortcut
    page.keyboard.type("hybrid")
    page.wait_for_selector(".md-search-result__item a[href*='/hybrid/']", timeout=30_000)


def test_the_assumptions_page_is_rendered_from_the_engine_data(
    page: Any, plain_site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    from calculator import load_assumptions

    page.goto(plain_site_server.url("assumptions/"))
    text = page.inner_text("article")
    assert [] == [f.label for f in load_assumptions().figures.values() if f.label not in text]
    page.goto(plain_site_server.url("calculator/"))
    page.wait_for_selector(READY, timeout=60_000)
