"""The worked examples page's cases open their presets in a real Chromium, on the built site."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from calculator.presets import load_presets, preset_by_id
from calculator.web import preset_query
from tests.browser.conftest import READY
from tests.browser.test_presets_and_compare import live_approach

pytestmark = pytest.mark.browser


# A case that was only a hand-written link before, and whose answer is not the default's.
@pytest.mark.parametrize("pid", ["hundred-thousand-examples"])
def test_examples_page_case_opens_its_preset_in_the_calculator(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str], pid: str
) -> None:
    preset = preset_by_id(pid)
    page.goto(site_server.url("examples/"))
    page.wait_for_load_state("networkidle")
    page.click(f"text=Open this example in the calculator: {preset.title}")
    page.wait_for_selector(READY, timeout=60_000)
    assert preset.approach == live_approach(page, preset.approach)
    assert preset_query(pid) == urlsplit(page.url).query


def test_calculator_page_shows_the_presets_under_their_group_labels(open_calculator: Any) -> None:
    page = open_calculator()
    page.wait_for_load_state("networkidle")
    page.click("#presets summary")
    for preset in load_presets():
        link = page.locator(f"a[data-preset='{preset.id}']")
        assert link.is_visible()
        # The list's accessible name is its group's label.
        label_id = link.locator("xpath=ancestor::ul[1]").get_attribute("aria-labelledby")
        assert preset.group == page.locator(f"#{label_id}").inner_text()
