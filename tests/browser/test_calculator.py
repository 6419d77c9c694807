"""The calculator in a real Chromium: Pyodide in a worker, live results, URL state, exports."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import READY, calculator_workers, normalised, result_html
from tests.shared import approach_in_export

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def cli_approach(answers: dict[str, object]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "recommend", "--format", "json"],
        input=json.dumps(answers),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)["approach"]


def test_page_loads_to_ready_with_live_status(open_calculator: Any) -> None:
    page = open_calculator()
    assert "Pyodide 314.0.7" in page.inner_text("#calc-status-text")
    assert page.is_enabled("#calc-reset")


def test_prerendered_default_is_byte_for_byte_the_engines_default(site_server: Any) -> None:
    source = urllib.request.urlopen(site_server.url("calculator/")).read().decode()
    assert evaluate({})["html"] in source


# Material's instant navigation rewrites the links of the loaded page to absolute URLs; the
# live result keeps the engine's relative ones. Resolve both before comparing.
RESOLVED = """() => { const copy = document.querySelector('#calc-result-region').cloneNode(true);
  for (const a of copy.querySelectorAll('a[href]')) a.setAttribute('href', a.href);
  return copy.innerHTML; }"""


def test_live_default_result_equals_the_prerendered_one(open_calculator: Any) -> None:
    page = open_calculator(wait=False)
    before = page.evaluate(RESOLVED)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("#calc-result-region[data-live='1']")
    assert before == page.evaluate(RESOLVED)


def test_changing_inputs_changes_the_result_as_the_engine_and_cli_say(open_calculator: Any) -> None:
    page = open_calculator()
    page.check("#input-behavior_change")
    page.select_option("#input-stage", "production")
    page.select_option("#input-knowledge_updates", "rarely")
    page.fill("#input-queries_per_day", "25000")
    answers = {
        "behavior_change": "true",
        "stage": "production",
        "knowledge_updates": "rarely",
        "queries_per_day": "25000",
    }
    expected = evaluate(answers)
    page.wait_for_selector(".calc-result[data-approach='fine-tuning']")
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(expected["html"])),
    )
    assert "fine-tuning" == cli_approach(
        {
            "behavior_change": True,
            "stage": "production",
            "knowledge_updates": "rarely",
            "queries_per_day": 25000,
        }
    )


def test_a_change_replaces_only_the_parts_of_the_result_it_changes(open_calculator: Any) -> None:
    page = open_calculator()
    page.evaluate(
        """() => {
          document.querySelector('.calc-reasons').__before = true;  // unchanged by a volume
          document.querySelector('.calc-breakdown.cost-rag').open = true;  // the reader opened it
        }"""
    )
    page.fill("#input-queries_per_day", "45678")
    page.wait_for_selector("#calc-result-region[data-query='queries_per_day=45678']")
    assert page.evaluate("document.querySelector('.calc-reasons').__before === true")
    assert page.evaluate("document.querySelector('.calc-breakdown.cost-rag').open")
    page.evaluate("document.querySelector('.calc-breakdown.cost-rag').open = false")
    expected = evaluate({"queries_per_day": "45678"})
    assert normalised(page, str(expected["html"])) == result_html(page)


def test_url_state_round_trips(open_calculator: Any, page: Any) -> None:
    page = open_calculator("?behavior_change=true&queries_per_day=5000&stage=production")
    assert page.is_checked("#input-behavior_change")
    assert "5000" == page.input_value("#input-queries_per_day")
    expected = evaluate(
        {"behavior_change": "true", "queries_per_day": "5000", "stage": "production"}
    )
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(expected["html"])),
    )
    assert page.url.endswith("?" + str(expected["query"]))
    page.fill("#input-queries_per_day", "6000")
    page.wait_for_url("**queries_per_day=6000**")
    shared = page.url
    page.goto(shared)
    page.wait_for_selector(READY, timeout=60_000)
    assert "6000" == page.input_value("#input-queries_per_day")


def test_bad_input_shows_a_field_error_and_keeps_the_last_result(open_calculator: Any) -> None:
    page = open_calculator()
    page.fill("#input-queries_per_day", "7000")
    page.wait_for_url("**queries_per_day=7000**")
    kept = result_html(page)
    page.fill("#input-queries_per_day", "10k")
    page.wait_for_selector("#error-queries_per_day:not([hidden])")
    assert "without a unit" in page.inner_text("#error-queries_per_day")
    assert "true" == page.get_attribute("#input-queries_per_day", "aria-invalid")
    assert kept == result_html(page)
    page.fill("#input-queries_per_day", "8000")
    page.wait_for_selector("#error-queries_per_day", state="hidden")
    assert page.get_attribute("#input-queries_per_day", "aria-invalid") is None


def test_bad_values_in_a_shared_link_are_shown_next_to_their_fields(open_calculator: Any) -> None:
    page = open_calculator("?queries_per_day=%3Cscript%3E&colour=red&stage=production")
    page.wait_for_selector("#error-queries_per_day:not([hidden])")
    assert "colour" in page.inner_text("#calc-general-error")
    assert "production" == page.input_value("#input-stage")


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_exports_download_and_parse(open_calculator: Any, fmt: str) -> None:
    page = open_calculator(
        "?deployment=edge&stage=production&knowledge_updates=rarely&training_examples=5000"
    )
    with page.expect_download() as download:
        page.click(f".calc-export[data-format='{fmt}']")
    text = Path(download.value.path()).read_text()
    assert "fine-tuning" == approach_in_export(fmt, text)
    if fmt == "markdown":  # links in the record point back at this site, absolute
        assert page.url.split("calculator/")[0] + "when-fine-tuning-wins/#offline-and-edge" in text


def test_reset_restores_the_defaults_and_clears_the_url(open_calculator: Any) -> None:
    page = open_calculator("?latency_critical=true")
    page.click("#calc-reset")
    page.wait_for_function("() => !location.search")
    assert not page.is_checked("#input-latency_critical")


def test_a_failed_wasm_download_shows_error_and_retry_works(
    page: Any, context: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    # context.route, not page.route: the request comes from the worker.
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector("#calc-app[data-state='error']", timeout=60_000)
    assert page.is_visible("#calc-retry")
    assert "Recommendation: RAG" in result_html(page)  # the pre-rendered result stays
    context.unroute("**/pyodide.asm.wasm")
    page.click("#calc-retry")
    page.wait_for_selector(READY, timeout=60_000)
    console_errors.clear()  # the aborted request is logged by the browser itself


def test_instant_navigation_in_and_out_keeps_one_worker(open_calculator: Any) -> None:
    page = open_calculator()
    page.wait_for_load_state("networkidle")  # Material intercepts links once it has the sitemap
    for _ in range(5):
        page.click("a.calc-guide-link[href$='when-rag-wins/#dynamic-knowledge'] >> nth=0")
        page.wait_for_selector("#dynamic-knowledge")
        assert page.evaluate("window.__calculator !== undefined")  # same document: instant
        page.click("a[href$='calculator/#field-knowledge_updates'] >> nth=0")
        page.wait_for_selector(READY, timeout=60_000)
    assert 1 == page.evaluate("window.__calculator.workersStarted")
    assert 1 == len(calculator_workers(page))


def test_calculator_works_under_a_sub_path(open_calculator: Any, prefixed_site_server: Any) -> None:
    page = open_calculator(server=prefixed_site_server)
    page.fill("#input-queries_per_day", "12345")
    page.wait_for_url("**/some/prefix/calculator/?queries_per_day=12345")


def test_a_guide_page_downloads_no_pyodide_file(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server.url("when-rag-wins/"))
    page.wait_for_load_state("networkidle")
    assert requested and not [url for url in requested if "pyodide" in url or url.endswith(".whl")]


def test_inputs_made_while_python_loads_are_applied_when_ready(open_calculator: Any) -> None:
    page = open_calculator(wait=False)
    page.wait_for_selector("#calc-app[data-state='loading']")
    page.fill("#input-queries_per_day", "31337")
    page.check("#input-latency_critical")
    page.wait_for_selector(READY, timeout=60_000)
    expected = evaluate({"queries_per_day": "31337", "latency_critical": "true"})
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(expected["html"])),
    )


def test_copy_link_puts_the_reproducing_url_on_the_clipboard(
    open_calculator: Any, context: Any
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = open_calculator("?needs_citations=true")
    page.click("#calc-copy-link")
    page.wait_for_selector("#calc-status-text:has-text('Link copied')")
    assert page.url == page.evaluate("() => navigator.clipboard.readText()")
    assert page.url.endswith("?needs_citations=true")
