"""Presets, compare and the filed record in a real Chromium, on the built site."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from calculator import parse_answers
from calculator.compare import compare_html
from calculator.presets import preset_by_id
from calculator.web import preset_query
from tests.browser.conftest import READY, normalised
from tests.engine.test_record import header

pytestmark = pytest.mark.browser

APPROACH = "#calc-result-region[data-live='1'] .calc-result"
COMPARE = "#calc-compare .calc-compare-result"


def live_approach(page: Any, expected: str) -> str:
    """The live result's approach, once the live result says `expected` (or times out)."""
    page.wait_for_selector(f"{APPROACH}[data-approach='{expected}']", timeout=30_000)
    return str(page.get_attribute(APPROACH, "data-approach"))


@pytest.mark.parametrize("pid", ["voice-assistant", "legal-assistant-small-team"])
def test_preset_link_on_the_calculator_page_gives_the_guides_answer(
    open_calculator: Any, pid: str
) -> None:
    page = open_calculator()
    page.wait_for_load_state("networkidle")
    page.click("#presets summary")  # the list is collapsed above the form
    page.click(f"a[data-preset='{pid}']")
    page.wait_for_selector(READY, timeout=60_000)
    preset = preset_by_id(pid)
    assert preset.approach == live_approach(page, preset.approach)
    assert preset_query(pid) == urlsplit(page.url).query


def test_guide_page_opens_its_example_in_the_calculator(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    page.goto(site_server.url("hybrid/"))
    page.wait_for_load_state("networkidle")
    page.click("text=Open this example in the calculator: Legal assistant, with a team to run both")
    page.wait_for_selector(READY, timeout=60_000)
    assert "hybrid" == live_approach(page, "hybrid")
    assert page.is_checked("#input-can_maintain_both")


def test_a_link_with_a_pin_shows_both_columns(open_calculator: Any) -> None:
    pinned = preset_by_id("legal-assistant")
    live = preset_by_id("legal-assistant-small-team")
    query = f"?{preset_query(live.id)}&{urlencode({'pin': preset_query(pinned.id)})}"
    page = open_calculator(query)
    page.wait_for_selector(COMPARE, timeout=30_000)
    assert ("hybrid", "rag") == (
        page.get_attribute(COMPARE, "data-pinned-approach"),
        page.get_attribute(COMPARE, "data-live-approach"),
    )
    expected = compare_html(pinned.parsed(), live.parsed())
    assert normalised(page, expected) == page.inner_html("#calc-compare")
    assert [preset_query(pinned.id)] == parse_qs(urlsplit(page.url).query)["pin"]
    assert "Unpin" == page.inner_text("#calc-pin")


def test_pin_then_change_an_answer_shows_the_difference(open_calculator: Any) -> None:
    page = open_calculator()
    assert page.is_hidden("#calc-compare")
    page.click("#calc-pin")
    page.wait_for_selector(COMPARE)
    assert "change any answer to compare" in page.inner_text("#calc-compare")
    page.fill("#input-queries_per_day", "50000")
    page.wait_for_url("**queries_per_day=50000&pin=")
    page.wait_for_function(
        "() => document.querySelector('#calc-compare').textContent.includes('50,000 queries/day')"
    )
    expected = compare_html(parse_answers({}), parse_answers({"queries_per_day": 50000}))
    assert normalised(page, expected) == page.inner_html("#calc-compare")
    shared = page.url
    page.click("#calc-pin")  # unpin: the comparison goes, and the pin leaves the link
    page.wait_for_function("() => !location.search.includes('pin=')")
    assert page.is_hidden("#calc-compare")
    page.goto(shared)  # the shared link brings the comparison back
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(COMPARE)
    assert normalised(page, expected) == page.inner_html("#calc-compare")


def test_downloaded_record_is_dated_and_links_back_absolutely(open_calculator: Any) -> None:
    page = open_calculator("?domain_count=1&latency_critical=true")
    page.wait_for_selector("#calc-result-region[data-live='1']")
    with page.expect_download() as download:
        page.click(".calc-export[data-format='markdown']")
    record = Path(download.value.path()).read_text()
    fields = header(record)
    today = page.evaluate(
        "() => { const d = new Date(); return new Date(d - d.getTimezoneOffset() * 60000)"
        ".toISOString().slice(0, 10); }"
    )
    assert today == fields["Date"]
    reproduce = fields["Reproduce"].strip("<>")
    assert page.url == reproduce
    assert "| Specialised domains to serve | 1 domain |" in record
