"""When Python starts (issue 17): from the calculator page's <head> at once; on a guide page
only when the reader shows intent (hover, focus, touch of a link to the calculator), once per
visit, and never on a slow link or with Save-Data. Checked by the requests the page makes."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.browser.conftest import READY, calculator_workers

GUIDE = "when-rag-wins/"
CALCULATOR_TAB = "a.md-tabs__link[href$='calculator/']"
EXAMPLE_LINK = ".md-content a[href*='calculator/?'] >> nth=0"  # one of the guide's examples
QUIET_S = 1.5  # longer than any intent delay: a start would have begun by then


class RuntimeRequests:
    """The runtime files (Pyodide, the wheel, the snapshot, the worker) the page asked for."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        context.on("request", self.seen)

    def seen(self, request: Any) -> None:
        name = request.url.split("?")[0]
        worker = re.search(r"/worker\.\w+\.mjs$", name)
        if "/pyodide-" in name or name.endswith((".whl", ".snapshot.gz")) or worker:
            self.urls.append(name)


@pytest.fixture
def runtime_requests(context: Any) -> RuntimeRequests:
    return RuntimeRequests(context)


def open_guide(page: Any, site_server: Any) -> Any:
    page.goto(site_server.url(GUIDE))
    page.wait_for_load_state("networkidle")  # Material's instant navigation is set up by then
    return page


@pytest.fixture
def guide(page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]) -> Any:
    """A guide page, loaded, with the network guard and the console check on."""
    return open_guide(page, site_server)


def python_started(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            "() => ({workers: window.__calculator.workersStarted,"
            " by: window.__calculator.startedBy})"
        )
    )


def test_the_calculator_page_starts_python_from_its_head(
    open_calculator: Any, runtime_requests: RuntimeRequests
) -> None:
    page = open_calculator()
    assert {"workers": 1, "by": "head"} == python_started(page)
    assert any(url.endswith("pyodide.asm.wasm") for url in runtime_requests.urls)


def test_the_calculator_page_by_its_file_name_starts_python_from_its_head(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    page.goto(site_server.url("calculator/index.html"))
    page.wait_for_selector(READY, timeout=60_000)
    assert {"workers": 1, "by": "head"} == python_started(page)


def test_a_guide_page_read_without_intent_downloads_no_python(
    runtime_requests: RuntimeRequests, guide: Any
) -> None:
    page = guide
    page.mouse.move(5, 400)  # the pointer over the page, not over a calculator link
    page.keyboard.press("Tab")  # focus the skip link, not a calculator link
    time.sleep(QUIET_S)
    assert [] == runtime_requests.urls
    assert {"workers": 0, "by": None} == python_started(page)


@pytest.mark.parametrize("intent", ["hover", "focus"])
def test_intent_on_a_guide_page_starts_python_once_and_the_calculator_uses_it(
    intent: str, runtime_requests: RuntimeRequests, guide: Any
) -> None:
    page = guide
    link = page.locator(EXAMPLE_LINK)
    if intent == "hover":
        link.hover()
    else:
        link.focus()
    page.wait_for_function("() => window.__calculator.workersStarted === 1", timeout=10_000)
    assert "intent" == python_started(page)["by"]
    page.locator(CALCULATOR_TAB).hover()  # intent again: nothing more is started
    page.locator(EXAMPLE_LINK).focus()
    time.sleep(QUIET_S)
    page.locator(CALCULATOR_TAB).click()
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("#calc-result-region[data-live='1']")
    assert {"workers": 1, "by": "intent"} == python_started(page)
    assert 1 == len(calculator_workers(page))
    assert sorted(set(runtime_requests.urls)) == sorted(runtime_requests.urls)  # each file once


def test_a_touch_on_a_calculator_link_starts_python(
    browser: Any, site_server: Any, console_errors: list[str]
) -> None:
    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844}
    )
    requests = RuntimeRequests(context)
    page = open_guide(context.new_page(), site_server)
    page.evaluate(  # a touch that is not a tap yet: the reader's finger is down on the link
        """() => {
          const link = document.querySelector(".md-content a[href*='calculator/?']");
          const touch = new Touch({identifier: 1, target: link, clientX: 1, clientY: 1});
          link.dispatchEvent(new TouchEvent("touchstart",
            {bubbles: true, touches: [touch], targetTouches: [touch], changedTouches: [touch]}));
        }"""
    )
    page.wait_for_function("() => window.__calculator.workersStarted === 1", timeout=10_000)
    assert "intent" == python_started(page)["by"]
    deadline = time.monotonic() + 30
    while not any(url.endswith(".wasm") for url in requests.urls) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert any(url.endswith("pyodide.asm.wasm") for url in requests.urls)
    context.close()


@pytest.mark.parametrize("link", ["slow", "save-data"])
def test_no_early_start_on_a_slow_link_or_with_save_data(
    link: str, context: Any, runtime_requests: RuntimeRequests, guide: Any
) -> None:
    page = guide
    cdp = context.new_cdp_session(page)
    if link == "slow":  # what Chromium then reports as effectiveType "3g"
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 400,
                "downloadThroughput": 50_000,
                "uploadThroughput": 50_000,
            },
        )
    else:
        cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    page.locator(EXAMPLE_LINK).hover()
    page.locator(EXAMPLE_LINK).focus()
    time.sleep(QUIET_S)
    assert [] == runtime_requests.urls
    assert {"workers": 0, "by": None} == python_started(page)
