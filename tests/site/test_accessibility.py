"""axe-core over every page, in the light and the dark palette: no serious or critical issue."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site.test_build import nav_pages

pytestmark = pytest.mark.browser

PAGES = [p.removesuffix(".md").removesuffix("index") for p in nav_pages()]
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violations(
    page: Any, site_server: Any, offsite_requests: Any, axe: Axe, path: str, scheme: str
) -> None:
    # The palettes follow prefers-color-scheme on a first visit (mkdocs.yml).
    page.emulate_media(color_scheme=scheme)
    page.goto(site_server.url(path + ("/" if path else "")))
    page.wait_for_load_state("networkidle")
    assert SCHEMES[scheme] == page.get_attribute("body", "data-md-color-scheme")
    results = axe.run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert [] == serious, "\n".join(serious)
