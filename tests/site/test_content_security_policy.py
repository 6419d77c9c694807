"""The CSP builder: hashes exactly the inline scripts a browser would run, placed before them."""

from __future__ import annotations

import base64
import hashlib

import pytest

from sitebuild.csp import add_csp_meta, inline_script_hashes, policy_for


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_and_external_and_data_scripts_are_not() -> None:
    html = (
        '<script>var a=1</script><script src="x.js"></script>'
        '<script type="application/json">{"a":1}</script><script type="module">b()</script>'
    )
    assert [_sha("var a=1"), _sha("b()")] == inline_script_hashes(html)


def test_policy_is_strict_for_scripts() -> None:
    policy = policy_for("<script>x()</script>")
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert _sha("x()") in script_src
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'"):
        assert directive in policy


def test_meta_is_the_first_thing_in_head() -> None:
    html = add_csp_meta('<html><head><meta charset="utf-8"><script>x()</script></head></html>')
    assert html.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


def test_a_page_without_head_fails_loudly() -> None:
    with pytest.raises(ValueError, match="no <head>"):
        add_csp_meta("<p>fragment</p>")
