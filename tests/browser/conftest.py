"""Browser fixtures: a page on the calculator, with the network guard and console check on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

READY = "#calc-app[data-state='ready']"


@pytest.fixture
def open_calculator(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> Callable[..., Any]:
    """Go to the calculator (optionally with a query string) and wait until Python is live."""

    def go(query: str = "", *, server: Any = None, wait: bool = True) -> Any:
        page.goto((server or site_server).url("calculator/") + query)
        if wait:
            page.wait_for_selector(READY, timeout=60_000)
        return page

    return go


def normalised(page: Any, html: str) -> str:
    """The engine's HTML as the browser serialises it, to compare with innerHTML."""
    return page.evaluate(
        "h => { const t = document.createElement('div'); t.innerHTML = h; return t.innerHTML; }",
        html,
    )


def result_html(page: Any) -> str:
    return page.inner_html("#calc-result-region")


def calculator_workers(page: Any) -> list[Any]:
    """The page's calculator workers: started from a blob: URL (Material's search worker is not)."""
    return [worker for worker in page.workers if worker.url.startswith("blob:")]
