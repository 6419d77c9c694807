"""Browser fixtures: a page on the calculator, with the network guard and console check on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def wheel_with_web_patched(body: bytes, trigger: str, effect: bytes) -> bytes:
    """The site's wheel with `calculator/web.py`'s `evaluate` running `effect` (Python source)
    first when `queries_per_day` equals `trigger`. The site ships bytecode, so the module's
    source from the checkout stands in for its .pyc; failing to patch fails the test."""
    import io
    import zipfile

    import calculator.web

    marker = b"    try:\n        answers = parse_answers(raw)"
    source, out = zipfile.ZipFile(io.BytesIO(body)), io.BytesIO()
    patched_once = False
    with zipfile.ZipFile(out, "w") as patched:
        for item in source.infolist():
            data = source.read(item)
            if item.filename in ("calculator/web.pyc", "calculator/web.py"):
                item = zipfile.ZipInfo("calculator/web.py", item.date_time)
                text = Path(calculator.web.__file__).read_bytes()
                guard = b"    if raw.get('queries_per_day') == '" + trigger.encode() + b"':\n"
                data = text.replace(marker, guard + b"        " + effect + b"\n" + marker, 1)
                patched_once = data != text
            patched.writestr(item, data)
    assert patched_once, "calculator/web.py could not be patched"
    return out.getvalue()


def serve_patched_engine(context: Any, trigger: str, effect: bytes) -> None:
    """Serve the wheel with `wheel_with_web_patched(…, trigger, effect)` and withhold the
    snapshot, which holds the engine as built: the patched wheel is then what runs."""
    context.route(
        "**/*.whl*",
        lambda route: route.fulfill(
            status=200, body=wheel_with_web_patched(route.fetch().body(), trigger, effect)
        ),
    )
    context.route("**/*.snapshot.gz", lambda route: route.fulfill(status=404))
