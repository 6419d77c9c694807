"""A strict Content-Security-Policy as a <meta> on every page.

GitHub Pages cannot set response headers, so the policy travels inside each page. Inline
scripts (Material's small bootstrap scripts) are allowed by their sha256 hash, computed from
the final HTML, so the policy needs neither 'unsafe-inline' for scripts nor 'unsafe-eval'.
Applied by `pipeline.finish` to every HTML file of the built site, after everything else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

# Directive by directive; inline-script hashes are appended to script-src per page.
POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # Pyodide compiles WebAssembly
    # Material's theme sets inline style attributes (e.g. the palette toggle, progress bar).
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs inside its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # blob: the calculator's worker is started from a blob: URL so that it inherits this policy
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
MARKER = 'http-equiv="Content-Security-Policy"'


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' sources for every inline script the browser would execute, in page order."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _EXECUTABLE_TYPES:
            continue  # data blocks such as Material's JSON config are not executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy_for(html: str) -> str:
    directives = {**POLICY, "script-src": [*POLICY["script-src"], *inline_script_hashes(html)]}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def add_csp_meta(html: str) -> str:
    """Insert the policy as the first element of <head>, before any script it governs."""
    if MARKER in html:
        raise ValueError("page already has a Content-Security-Policy meta tag")
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("page has no <head> to carry the Content-Security-Policy")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: head.end()] + meta + html[head.end() :]


def add_csp_to_site(site_dir: Path) -> int:
    """Rewrite every HTML file of a built site; returns how many pages were changed."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text("utf-8")
        if MARKER not in html:
            page.write_text(add_csp_meta(html), "utf-8")
            count += 1
    return count
