"""The page never shows a wrong answer (issue 13): link state against typing, stale results,
one rule for values, URL writes, the snapshot decision, the worker's policy, search's `h`, the
404 page at a sub-path, and a status line that says little and says it right.

Every test runs on the Pages-like server (tests/site_server.py): gzip, max-age=600, ETags."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import READY, calculator_workers, normalised, serve_patched_engine
from tests.browser.test_calculator import cli_approach
from tests.site_server import SiteServer

pytestmark = pytest.mark.browser
LOADING = "#calc-app[data-state='loading']"


class HeldFile:
    """Holds back every request for one runtime file until `release()`: Python cannot finish
    loading meanwhile, so whatever the test does happens while the page is loading."""

    def __init__(self, context: Any, pattern: str) -> None:
        self.context, self.pattern = context, pattern
        self.held: list[Any] = []
        self.released = False
        context.route(pattern, self._hold)

    def _hold(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def wait_until_asked(self, page: Any) -> None:
        while not self.held:
            page.wait_for_timeout(50)  # polling for an event, not a timed assertion

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()
        self.held.clear()


@pytest.fixture
def held_wasm(context: Any) -> Iterator[HeldFile]:
    held = HeldFile(context, "**/pyodide.asm.wasm")
    yield held
    held.release()


def _result_is(page: Any, raw: dict[str, str]) -> None:
    expected = evaluate(raw)
    assert expected["ok"], expected
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h",
        arg=normalised(page, str(expected["html"])),
    )


# --- case 1 ----------------------------------------------------------------------------------


def test_what_the_reader_types_while_a_link_loads_wins_over_the_link(
    open_calculator: Any, held_wasm: HeldFile
) -> None:
    page = open_calculator("?queries_per_day=5000&model_tier=flagship", wait=False)
    page.wait_for_selector(LOADING)
    held_wasm.wait_until_asked(page)
    page.fill("#input-queries_per_day", "7777")
    page.select_option("#input-model_tier", "small")
    held_wasm.release()
    page.wait_for_selector(READY, timeout=60_000)
    _result_is(page, {"queries_per_day": "7777", "model_tier": "small"})
    assert ("7777", "small") == (
        page.input_value("#input-queries_per_day"),
        page.input_value("#input-model_tier"),
    )
    page.wait_for_url("**/calculator/?queries_per_day=7777")


def test_a_links_untouched_answers_still_apply_when_the_reader_typed_elsewhere(
    open_calculator: Any, held_wasm: HeldFile
) -> None:
    page = open_calculator("?queries_per_day=5000&stage=production", wait=False)
    page.wait_for_selector(LOADING)
    held_wasm.wait_until_asked(page)
    page.fill("#input-queries_per_day", "6100")
    held_wasm.release()
    page.wait_for_selector(READY, timeout=60_000)
    _result_is(page, {"queries_per_day": "6100", "stage": "production"})


# --- case 2 ----------------------------------------------------------------------------------

STALE = "#calc-result-region[data-stale='true']"
LIVE_AND_CURRENT = "#calc-result-region[data-live='1']:not([data-stale])"


def test_a_result_that_does_not_match_the_form_is_marked_stale_until_it_does(
    open_calculator: Any, held_wasm: HeldFile
) -> None:
    page = open_calculator(
        "?deployment=air-gapped&needs_citations=true&queries_per_day=1,000", wait=False
    )
    page.wait_for_selector(LOADING)
    # While Python loads, the link's answers are in the form and the default result is not.
    assert "air-gapped" == page.input_value("#input-deployment")
    page.wait_for_selector(STALE)
    assert "default answers" in page.inner_text("#calc-stale-note")
    held_wasm.release()
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("#error-queries_per_day:not([hidden])")
    # Live, but one answer is invalid: the default result is still there, and says so.
    assert page.is_visible(STALE)
    assert "Correct the marked answer" in page.inner_text("#calc-stale-note")
    assert page.get_attribute("#calc-result-region", "data-live") is None  # still the build's
    assert "rag" == page.get_attribute(".calc-result", "data-approach")
    page.fill("#input-queries_per_day", "1000")
    page.wait_for_selector(LIVE_AND_CURRENT)
    assert page.is_hidden("#calc-stale-note")
    answers = {"deployment": "air-gapped", "needs_citations": "true", "queries_per_day": "1000"}
    _result_is(page, answers)
    approach = page.get_attribute(".calc-result", "data-approach")
    assert cli_approach({**answers, "needs_citations": True, "queries_per_day": 1000}) == approach


def test_an_invalid_edit_marks_the_kept_result_stale(open_calculator: Any) -> None:
    page = open_calculator()
    page.fill("#input-queries_per_day", "2200")
    page.wait_for_url("**queries_per_day=2200")
    page.fill("#input-queries_per_day", "22 00")
    page.wait_for_selector(STALE)
    assert "earlier answers" in page.inner_text("#calc-stale-note")
    _result_is(page, {"queries_per_day": "2200"})
    page.wait_for_url("**queries_per_day=2200")  # the address stays with the result shown


# --- case 3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("?model_tier=%20flagship", "model_tier", "flagship"),
        ("?deployment=air-gapped%20", "deployment", "air-gapped"),
    ],
)
def test_a_link_value_with_blanks_is_shown_and_computed_as_the_engine_reads_it(
    open_calculator: Any, query: str, field: str, value: str
) -> None:
    page = open_calculator(query)
    _result_is(page, {field: value})
    assert value == page.input_value(f"#input-{field}")
    page.wait_for_url(f"**/calculator/?{field}={value}")
    assert page.is_hidden("#calc-stale-note")


# --- case 4 ----------------------------------------------------------------------------------


def _worker_has_answered_everything(page: Any) -> None:
    """The worker answers in order: after two round trips, every message the page had sent
    before the second one (a calculation started when Python became ready, say) is answered
    and its answer handled."""
    page.evaluate("() => window.__calculator.stats()")
    page.evaluate("() => window.__calculator.stats()")


def test_a_result_arriving_after_the_reader_left_does_not_touch_the_new_page(
    page: Any, context: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    serve_patched_engine(context, "4000", b"import time; time.sleep(1.5)")
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_load_state("networkidle")  # Material's instant navigation is on
    console_errors.clear()  # the browser logs the snapshot's 404
    page.fill("#input-queries_per_day", "4000")
    page.click("a.calc-guide-link[href$='costs/#the-10000-queries-claim'] >> nth=0")
    page.wait_for_selector("#the-10000-queries-claim")
    _worker_has_answered_everything(page)
    # The calculator's answers never reach the guide page's address (Material's own
    # navigation.tracking may rewrite the #anchor as the page scrolls: that is not ours).
    assert site_server.url("costs/") == page.url.split("#")[0]
    page.go_back()
    page.wait_for_selector(READY, timeout=60_000)
    assert "#the-10000-queries-claim" not in page.url


def test_leaving_while_python_loads_leaves_the_next_page_alone(
    open_calculator: Any, held_wasm: HeldFile
) -> None:
    page = open_calculator("?stage=production", wait=False)
    page.wait_for_selector(LOADING)
    held_wasm.wait_until_asked(page)
    page.wait_for_function(  # Material navigates instantly once it has the sitemap
        "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('sitemap.xml'))"
    )
    page.fill("#input-queries_per_day", "4400")
    page.click("a.calc-guide-link[href$='when-rag-wins/#dynamic-knowledge'] >> nth=0")
    page.wait_for_selector("#dynamic-knowledge")
    held_wasm.release()
    _worker_has_answered_everything(page)
    assert page.url.split("#")[0].endswith("/when-rag-wins/")  # no answers written onto it


# --- case 5 ----------------------------------------------------------------------------------


def test_a_cold_load_from_a_gzipping_host_on_a_fast_link_starts_from_the_snapshot(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    encodings: dict[str, str] = {}
    page.on(
        "response",
        lambda r: encodings.update({r.url.split("/")[-1]: r.headers.get("content-encoding", "")}),
    )
    # Loopback speed, but 20 ms away like a real host: small gzipped files look slow.
    with SiteServer(site_server.directory, rtt_ms=20) as distant:
        page.goto(distant.url("calculator/?queries_per_day=3400"))
        page.wait_for_selector(READY, timeout=60_000)
        (module,) = [name for name in encodings if re.fullmatch(r"calculator\.\w+\.mjs", name)]
        assert "gzip" == encodings[module]  # served as Pages serves it
        assert "snapshot" == page.get_attribute("#calc-app", "data-started-from")
        _result_is(page, {"queries_per_day": "3400"})


def test_on_a_4_mbit_link_with_the_site_cached_the_snapshot_is_skipped(
    page: Any, context: Any, site_server: Any, console_errors: list[str]
) -> None:
    # Not the offsite_requests fixture: intercepting requests turns Chromium's cache off, and
    # this case is about a cache. The same guard, by watching instead of routing:
    offsite: list[str] = []
    context.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1", "blob:", "data:"))
            else offsite.append(r.url)
        ),
    )
    with SiteServer(site_server.directory, throttle_mbps=4, rtt_ms=20) as slow:
        page.goto(slow.url("when-rag-wins/"))  # the page's own assets are now in the cache
        page.wait_for_load_state("networkidle")
        page.goto(slow.url("calculator/?queries_per_day=3500"))
        page.wait_for_selector(READY, timeout=180_000)
        assert "fresh" == page.get_attribute("#calc-app", "data-started-from")
        _result_is(page, {"queries_per_day": "3500"})
    assert [] == offsite


# --- case 7 ----------------------------------------------------------------------------------

FETCH_FROM_WORKER = """url => fetch(url, {mode: 'no-cors', cache: 'no-store'})
  .then(() => 'fetched', error => 'blocked: ' + error.message)"""


def test_the_worker_is_under_the_pages_content_security_policy(
    open_calculator: Any, site_server: Any, console_errors: list[str], tmp_path: Path
) -> None:
    (tmp_path / "data.txt").write_text("another origin")
    with SiteServer(tmp_path) as other_origin:
        assert b"another origin" == urllib.request.urlopen(other_origin.url("data.txt")).read()
        page = open_calculator()
        [worker] = calculator_workers(page)
        assert "fetched" == worker.evaluate(FETCH_FROM_WORKER, site_server.url("sitemap.xml"))
        assert worker.evaluate(FETCH_FROM_WORKER, other_origin.url("data.txt")).startswith(
            "blocked"
        )
    page.fill("#input-queries_per_day", "4300")  # and it still calculates
    page.wait_for_url("**queries_per_day=4300")
    console_errors[:] = [e for e in console_errors if "Content Security Policy" not in e]


# --- case 8 ----------------------------------------------------------------------------------


def test_materials_search_highlight_parameter_is_not_an_input(open_calculator: Any) -> None:
    page = open_calculator("?h=latency&stage=production")
    _result_is(page, {"stage": "production"})
    assert page.is_hidden("#calc-general-error")
    assert page.is_hidden("#calc-stale-note")


# --- case 9 ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_build_under_a_sub_path(built_site: Path) -> Iterator[SiteServer]:
    """The site built the default way (no SITE_URL), served where Pages serves a project."""
    with SiteServer(built_site, prefix="/team/guide/") as server:
        yield server


@pytest.mark.parametrize("missing", ["nothing-here", "a/b/c/", "calculator/old/page.html"])
def test_the_404_page_works_at_any_depth_under_a_sub_path(
    page: Any,
    default_build_under_a_sub_path: SiteServer,
    offsite_requests: Any,
    console_errors: list[str],
    missing: str,
) -> None:
    server = default_build_under_a_sub_path
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(  # the root-finding HEAD requests may meet 404s; every GET must succeed
        "response",
        lambda r: (
            failed.append(r.url)
            if r.status >= 400
            and r.request.method == "GET"
            and r.request.resource_type != "document"
            else None
        ),
    )
    response = page.goto(server.url(missing))
    assert 404 == response.status
    page.wait_for_load_state("networkidle")
    assert [] == failed  # every stylesheet and script was found
    assert "sticky" == page.evaluate(
        "getComputedStyle(document.querySelector('.md-header')).position"
    )  # Material's stylesheet applies
    ways_back = page.eval_on_selector_all(".not-found-ways-back a", "as => as.map(a => a.href)")
    assert [server.url(""), server.url("calculator/")] == ways_back
    page.click(".not-found-search")
    assert page.is_checked("#__search")  # Material's search is open
    page.keyboard.press("Escape")
    page.click(".not-found-ways-back a[href$='calculator/']")
    page.wait_for_selector(READY, timeout=60_000)
    # The browser logs the 404 document itself and the root-finding probes that met a 404.
    console_errors[:] = [e for e in console_errors if "status of 404" not in e]


# --- case 11 ---------------------------------------------------------------------------------

RECORD_STATUS = """window.__statusLines = [];
new MutationObserver(() => {
  const status = document.getElementById('calc-status-text');
  const text = status && status.textContent;
  if (text && window.__statusLines.at(-1) !== text) window.__statusLines.push(text);
}).observe(document, {subtree: true, childList: true, characterData: true});"""


def test_the_status_line_changes_a_few_times_with_sizes_and_no_file_names(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    page.add_init_script(RECORD_STATUS)
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector(READY, timeout=60_000)
    lines: list[str] = page.evaluate("() => window.__statusLines")
    assert 2 <= len(lines) <= 8, lines
    assert not [
        line for line in lines if re.search(r"[0-9a-f]{8,}|\.(wasm|zip|gz|whl|json|mjs)\b", line)
    ]
    assert not [line for line in lines if "0.0 of 0.0" in line or "(0.0 MB)" in line]
    sizes = [float(m) for line in lines for m in re.findall(r"([0-9]+\.[0-9]) MB", line)]
    assert sizes and min(sizes) > 10  # the runtime's size, measured under Content-Encoding


@pytest.fixture(scope="module")
def site_with_a_doubly_gzipped_snapshot(built_site: Path, tmp_path_factory: Any) -> Path:
    copy = tmp_path_factory.mktemp("double-gzip") / "site"
    shutil.copytree(built_site, copy, copy_function=os.link)
    [snapshot] = copy.rglob("*.snapshot.gz")
    data = snapshot.read_bytes()
    snapshot.unlink()  # a hard link: never write through it into the shared build
    snapshot.write_bytes(gzip.compress(data))
    return copy


@pytest.mark.parametrize("encoding", [True, False], ids=["content-encoding", "plain"])
def test_a_doubly_gzipped_snapshot_is_still_used(
    page: Any,
    site_with_a_doubly_gzipped_snapshot: Path,
    offsite_requests: Any,
    console_errors: list[str],
    encoding: bool,
) -> None:
    with SiteServer(site_with_a_doubly_gzipped_snapshot, gzip_as_encoding=encoding) as server:
        page.goto(server.url("calculator/?queries_per_day=3600"))
        page.wait_for_selector(READY, timeout=60_000)
        assert "snapshot" == page.get_attribute("#calc-app", "data-started-from")
        _result_is(page, {"queries_per_day": "3600"})
