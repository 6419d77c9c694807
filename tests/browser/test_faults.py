"""Faults injected into the real page: missing or broken runtime files, a dying worker, an
engine exception, going offline, 1,000 recalculations, and many instant navigations."""

from __future__ import annotations

import gzip
import time
from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import (
    READY,
    calculator_workers,
    normalised,
    result_html,
    serve_patched_engine,
)
from tests.site_server import SiteServer

pytestmark = pytest.mark.browser
ERROR = "#calc-app[data-state='error']"


def _break(route: Any, how: str) -> None:
    if how == "missing":
        route.fulfill(status=404, body="not found")
    elif how == "aborted":
        route.abort()
    else:  # truncated: the first half, with the server's own headers
        response = route.fetch()
        body = response.body()
        route.fulfill(response=response, body=body[: len(body) // 2])


@pytest.mark.parametrize("how", ["missing", "aborted", "truncated"])
@pytest.mark.parametrize("file", ["pyodide.asm.wasm", "python_stdlib.zip"])
def test_a_broken_runtime_file_gives_error_then_retry_works(
    page: Any,
    context: Any,
    site_server: Any,
    offsite_requests: Any,
    console_errors: list[str],
    file: str,
    how: str,
) -> None:
    pattern = f"**/assets/pyodide-*/{file}"
    context.route(pattern, lambda route: _break(route, how))  # context: worker requests too
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector(ERROR, timeout=60_000)
    assert file in page.inner_text("#calc-status-text")
    assert page.is_visible("#calc-retry")
    assert evaluate({})["html"] and "Recommendation: RAG" in result_html(page)
    context.unroute(pattern)
    page.click("#calc-retry")
    page.wait_for_selector(READY, timeout=60_000)
    page.fill("#input-queries_per_day", "2500")
    page.wait_for_url("**queries_per_day=2500")
    console_errors.clear()  # the browser itself logs the failed request


def test_python_starts_from_the_build_time_snapshot(open_calculator: Any) -> None:
    page = open_calculator("?queries_per_day=3100")
    assert "snapshot" == page.get_attribute("#calc-app", "data-started-from")
    expected = evaluate({"queries_per_day": "3100"})
    assert normalised(page, str(expected["html"])) == result_html(page)


def test_a_snapshot_the_server_inflates_on_the_way_still_loads(
    open_calculator: Any, site_server: Any
) -> None:
    # Content-Encoding: gzip on the .gz: the worker receives the plain snapshot, longer than
    # the Content-Length it came with, and must neither call it cut short nor inflate it again.
    with SiteServer(site_server.directory, gzip_as_encoding=True) as inflating_server:
        page = open_calculator("?queries_per_day=3300", server=inflating_server)
        assert "snapshot" == page.get_attribute("#calc-app", "data-started-from")
        expected = evaluate({"queries_per_day": "3300"})
        assert normalised(page, str(expected["html"])) == result_html(page)


def _break_snapshot(route: Any, how: str) -> None:
    if how == "missing":
        route.fulfill(status=404, body="not found")
    elif how == "truncated":
        response = route.fetch()
        route.fulfill(response=response, body=response.body()[:100_000])
    else:  # a complete gzip file that holds no snapshot
        route.fulfill(status=200, body=gzip.compress(b"not a snapshot" * 1000))


@pytest.mark.parametrize("how", ["missing", "truncated", "not-a-snapshot"])
def test_a_broken_snapshot_only_means_an_ordinary_start(
    page: Any,
    context: Any,
    site_server: Any,
    offsite_requests: Any,
    console_errors: list[str],
    how: str,
) -> None:
    context.route("**/*.snapshot.gz", lambda route: _break_snapshot(route, how))
    page.goto(site_server.url("calculator/?queries_per_day=3200"))
    page.wait_for_selector(READY, timeout=60_000)
    assert "fresh" == page.get_attribute("#calc-app", "data-started-from")
    expected = evaluate({"queries_per_day": "3200"})
    assert normalised(page, str(expected["html"])) == result_html(page)
    console_errors.clear()  # the browser logs the 404


def test_a_dead_worker_is_restarted_transparently_by_the_next_input(open_calculator: Any) -> None:
    page = open_calculator()
    page.evaluate("() => window.__calculator.killWorker()")
    page.fill("#input-queries_per_day", "4040")
    page.wait_for_url("**queries_per_day=4040", timeout=30_000)
    page.wait_for_selector(READY)
    assert 2 == page.evaluate("() => window.__calculator.workersStarted")
    expected = evaluate({"queries_per_day": "4040"})
    assert normalised(page, str(expected["html"])) == result_html(page)


def test_an_engine_exception_is_shown_for_that_input_and_the_page_stays_usable(
    page: Any, context: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    serve_patched_engine(context, "4242", b"raise ZeroDivisionError('injected fault')")
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector(READY, timeout=60_000)
    assert "fresh" == page.get_attribute("#calc-app", "data-started-from")
    console_errors.clear()  # the browser logs the snapshot's 404
    page.fill("#input-queries_per_day", "3000")
    page.wait_for_url("**queries_per_day=3000")
    kept = result_html(page)
    page.fill("#input-queries_per_day", "4242")
    page.wait_for_selector("#calc-general-error:not([hidden])")
    assert "injected fault" in page.inner_text("#calc-general-error")
    assert kept == result_html(page)
    page.fill("#input-queries_per_day", "5000")
    page.wait_for_url("**queries_per_day=5000")
    assert page.is_hidden("#calc-general-error")


def test_the_calculator_keeps_working_offline_once_loaded(
    open_calculator: Any, context: Any, console_errors: list[str]
) -> None:
    page = open_calculator("?stage=production&knowledge_updates=rarely&training_examples=5000")
    failed: list[str] = []
    context.on("requestfailed", lambda request: failed.append(request.url))
    context.set_offline(True)
    page.select_option("#input-deployment", "edge")
    page.wait_for_selector(".calc-result[data-approach='fine-tuning']")
    with page.expect_download() as download:
        page.click(".calc-export[data-format='csv']")
    assert "fine-tuning" in download.value.path().read_text()
    context.set_offline(False)
    # Chromium re-fetches the tab's favicon when the URL changes; that is the browser's own
    # request, not the calculator's, so it is the only failure allowed.
    assert all(url.endswith("/assets/favicon.svg") for url in failed), failed
    console_errors[:] = [e for e in console_errors if "ERR_INTERNET_DISCONNECTED" not in e]


# Each change waits for the result to be for its answers (the region's data-query); the values
# start above the default (1,000), so each one is a change.
SOAK = """async (count) => {
  const input = document.getElementById("input-queries_per_day");
  const region = document.getElementById("calc-result-region");
  for (let i = 0; i < count; i++) {
    const changed = new Promise(resolve => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(region, {attributes: true, attributeFilter: ["data-query"]});
    });
    input.value = String(1001 + i);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    await changed;
  }
}"""


def test_1000_recalculations_stay_correct_without_growing_the_heap(open_calculator: Any) -> None:
    page = open_calculator()
    page.evaluate("() => window.__calculator.stats()")  # turns on proxy tracing
    page.evaluate(SOAK, 100)  # warm-up
    before = page.evaluate("() => window.__calculator.stats()")
    page.evaluate(SOAK, 1000)
    after = page.evaluate("() => window.__calculator.stats()")
    expected = evaluate({"queries_per_day": str(1001 + 999)})
    assert normalised(page, str(expected["html"])) == result_html(page)
    assert after["heapBytes"] <= before["heapBytes"] * 1.10, (before, after)
    assert after["pythonObjects"] <= before["pythonObjects"] * 1.01, (before, after)
    assert after["liveProxies"] <= before["liveProxies"], (before, after)
    print(f"\nheap {before} -> {after}")


def test_twenty_instant_navigations_leave_exactly_one_worker(open_calculator: Any) -> None:
    page = open_calculator()
    page.wait_for_load_state("networkidle")
    for _ in range(20):
        page.click("a.calc-guide-link[href$='costs/#fine-tuning-costs'] >> nth=0")
        page.wait_for_selector("#fine-tuning-costs")
        page.click("a[href$='calculator/#field-knowledge_updates'] >> nth=0")
        page.wait_for_selector(READY, timeout=60_000)
    assert 1 == page.evaluate("() => window.__calculator.workersStarted")
    assert 1 == len(calculator_workers(page))


def test_on_a_slow_network_progress_moves_and_early_inputs_apply(
    page: Any, context: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {  # about 1 Mbit/s down
            "offline": False,
            "latency": 40,
            "downloadThroughput": 125_000,
            "uploadThroughput": 125_000,
        },
    )
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector("#calc-app[data-state='loading']")
    page.fill("#input-queries_per_day", "777")
    seen = set()
    deadline = time.monotonic() + 300
    while page.get_attribute("#calc-app", "data-state") == "loading":
        assert time.monotonic() < deadline, "still loading after 300 s"
        seen.add(page.get_attribute("#calc-progress", "value"))
        time.sleep(2)
    assert "ready" == page.get_attribute("#calc-app", "data-state")
    assert len(seen) >= 5  # the progress bar kept moving
    # On a slow link the 6.9 MB snapshot would cost more than it saves: its first bytes show
    # the link is slow, and it is dropped.
    assert "fresh" == page.get_attribute("#calc-app", "data-started-from")
    expected = evaluate({"queries_per_day": "777"})
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(expected["html"])),
    )
