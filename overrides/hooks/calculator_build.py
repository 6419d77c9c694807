"""Build-time work for the calculator page, as plain functions a script can run too.

    python overrides/hooks/calculator_build.py SITE_DIR   # wheel + runtime into a built site

- `build_wheel`: the engine as a reproducible py3-none-any wheel (PEP 517, flit_core).
- `copy_runtime`: the pinned Pyodide core files, each checked against PYODIDE_SHA256.
- `render_app`: the calculator's HTML (form, status, toolbar and the default result), rendered by
  the same Python the browser runs, so the page is complete before Python loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
RUNTIME_DIR = "assets/pyodide"  # where the runtime lives inside the site
WHEEL_DIR = "assets/calculator"
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01: fixed zip timestamps, so same source, same wheel


# sha256 of the Pyodide 314.0.7 core files the site ships (npm package "pyodide", pinned in
# package-lock.json). The build refuses to copy a file whose checksum differs; update these
# together with the version in package.json.
PYODIDE_SHA256 = {
    "pyodide.mjs": "6f1d60f7bf529beb300f0f47983c921d3982363640ba20af0e38efdddbc66109",
    "pyodide.asm.mjs": "f7cdc8ece80678ceb712f8e65ebe6d3a83203a180c399865f49612a051693635",
    "pyodide.asm.wasm": "cc36e3cab04fdfc9a63ff13eb52eae2b911bf46c025cc7b281f394bd3de1d5e6",
    "python_stdlib.zip": "fa1957e5777068fc4f7437f96d860ae2fbe9c19732ba06c84e004ec16dd7dd7a",
    "pyodide-lock.json": "5dc2fc119108bc148c7457dc86e7675b5c87e1cafd420b9c34c1eaef7b36c010",
}


# pyodide.mjs falls back to a CDN for packages when no packageBaseUrl is given. The worker
# always gives one (the site itself), and the copy in the site has the fallback removed, so no
# file of the site names a CDN and nothing could ever reach one on a closed network.
CDN_FALLBACK = ("pyodide.mjs", "https://cdn.jsdelivr.net/pyodide/v${U}/full/", "about:blank#")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_runtime(site_dir: Path) -> list[Path]:
    """Copy the Pyodide core files into the site; fail on a missing or altered file."""
    target = site_dir / RUNTIME_DIR
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, digest in PYODIDE_SHA256.items():
        source = PYODIDE_PACKAGE / name
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` (see README)")
        actual = sha256(source)
        if actual != digest:
            raise ValueError(f"{source}: sha256 {actual} does not match the pinned {digest}")
        shutil.copyfile(source, target / name)
        if name == CDN_FALLBACK[0]:
            _remove_cdn_fallback(target / name)
        copied.append(target / name)
    return copied


def _remove_cdn_fallback(path: Path) -> None:
    _, cdn, replacement = CDN_FALLBACK
    text = path.read_text("utf-8")
    if text.count(cdn) != 1:
        raise ValueError(f"{path.name}: expected one CDN fallback {cdn!r}; Pyodide changed?")
    path.write_text(text.replace(cdn, replacement), "utf-8")


def build_wheel(dest: Path) -> Path:
    """Build the engine's wheel into `dest` with the project's PEP 517 backend."""
    from flit_core import buildapi

    dest.mkdir(parents=True, exist_ok=True)
    previous_cwd, previous_epoch = Path.cwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        os.chdir(ROOT)  # the backend reads pyproject.toml from the working directory
        with tempfile.TemporaryDirectory() as tmp:
            name = buildapi.build_wheel(tmp)
            wheel = dest / name
            shutil.copyfile(Path(tmp) / name, wheel)
    finally:
        os.chdir(previous_cwd)
        if previous_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return wheel


def wheel_url(wheel: Path, link_base: str = "../") -> str:
    """The wheel's URL from the calculator page, with a content hash so caches never go stale."""
    return f"{link_base}{WHEEL_DIR}/{wheel.name}?v={sha256(wheel)[:12]}"


def runtime_sizes() -> dict[str, int]:
    """Byte size of each runtime file, so the worker can tell a truncated download."""
    return {
        name: (PYODIDE_PACKAGE / name).stat().st_size
        for name in PYODIDE_SHA256
        if name != CDN_FALLBACK[0]
    }  # pyodide.mjs is rewritten on copy


def render_app(wheel_href: str, snapshot_href: str = "", link_base: str = "../") -> str:
    """The calculator's whole HTML, with the default result pre-rendered by the engine."""
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading hooks
        sys.path.insert(0, str(ROOT))
    from calculator.web import default_result_html, form_html

    exports = "".join(
        f'<button type="button" class="md-button calc-export" data-format="{fmt}" disabled>'
        f"{label}</button>"
        for fmt, label in (("markdown", "Decision record (.md)"), ("json", "JSON"), ("csv", "CSV"))
    )
    return (
        f'<div id="calc-app" class="calc" data-state="static" '
        f'data-wheel="{escape(wheel_href)}" data-snapshot="{escape(snapshot_href)}" '
        f'data-runtime-sizes="{escape(json.dumps(runtime_sizes(), sort_keys=True))}">'
        '<div class="calc-status" id="calc-status">'
        '<p class="calc-status-text" id="calc-status-text" role="status">Showing the result '
        "for the default answers. The live calculator needs JavaScript.</p>"
        '<progress id="calc-progress" max="100" value="0" hidden>0%</progress>'
        '<button type="button" class="md-button" id="calc-retry" hidden>Retry</button></div>'
        '<div class="calc-layout"><div class="calc-inputs">'
        f"{form_html(link_base=link_base)}"
        '<div class="calc-toolbar" role="group" aria-label="Share and export">'
        '<button type="button" class="md-button" id="calc-reset" disabled>Reset</button>'
        '<button type="button" class="md-button" id="calc-copy-link" disabled>Copy link</button>'
        f"{exports}</div></div>"
        '<div class="calc-output"><p class="calc-error" id="calc-general-error" hidden></p>'
        '<div id="calc-result-region" aria-live="polite">'
        f"{default_result_html(link_base=link_base)}</div></div></div></div>"
    )


if __name__ == "__main__":
    site = Path(sys.argv[1])
    print(build_wheel(site / WHEEL_DIR))
    print("\n".join(str(p) for p in copy_runtime(site)))
