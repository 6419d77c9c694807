"""Every page carries a strict CSP and nothing on any page violates it (calculator included)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.site.test_build import nav_pages

pytestmark = pytest.mark.browser
PAGES = [p.removesuffix(".md").removesuffix("index") for p in nav_pages()]

# Installed before the page's own scripts: collect every CSP violation the page reports.
COLLECT = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.mark.parametrize("path", PAGES)
def test_page_has_a_strict_policy_and_no_violation(
    page: Any, site_server: Any, offsite_requests: Any, console_errors: list[str], path: str
) -> None:
    page.add_init_script(COLLECT)
    page.goto(site_server.url(path + ("/" if path else "")))
    if path == "calculator":
        page.wait_for_selector("#calc-app[data-state='ready']", timeout=60_000)
        page.fill("#input-queries_per_day", "4321")
        page.wait_for_url("**queries_per_day=4321")
    page.wait_for_load_state("networkidle")
    policy = page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert policy is not None and "default-src 'self'" in policy
    assert (
        "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    )
    assert [] == page.evaluate("() => window.__violations")


def test_an_injected_inline_script_is_blocked_and_reported(
    page: Any, site_server: Any, offsite_requests: Any
) -> None:
    page.add_init_script(COLLECT)
    page.goto(site_server.url("glossary/"))
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.append(s); }""")
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("() => window.__ran") is None
    assert page.evaluate("() => window.__violations[0]").startswith("script-src")
