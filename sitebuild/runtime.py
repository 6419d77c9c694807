"""The pinned Pyodide core files, checked against their sha256, as the site publishes them.

They go into a folder named after their content (assets/pyodide-<hash>/): GitHub Pages caches
every file for 10 minutes and ignores query strings, so a fixed name would let a returning
reader's cached old file meet a new page after a redeploy.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitebuild.paths import PYODIDE_PACKAGE, content_hash

# sha256 of the Pyodide 314.0.7 core files the site ships (npm package "pyodide", pinned in
# package-lock.json). The build refuses a file whose checksum differs; update these together
# with the version in package.json.
PYODIDE_SHA256 = {
    "pyodide.mjs": "6f1d60f7bf529beb300f0f47983c921d3982363640ba20af0e38efdddbc66109",
    "pyodide.asm.mjs": "f7cdc8ece80678ceb712f8e65ebe6d3a83203a180c399865f49612a051693635",
    "pyodide.asm.wasm": "cc36e3cab04fdfc9a63ff13eb52eae2b911bf46c025cc7b281f394bd3de1d5e6",
    "python_stdlib.zip": "fa1957e5777068fc4f7437f96d860ae2fbe9c19732ba06c84e004ec16dd7dd7a",
    "pyodide-lock.json": "5dc2fc119108bc148c7457dc86e7675b5c87e1cafd420b9c34c1eaef7b36c010",
}

# pyodide.mjs falls back to a CDN for packages when no packageBaseUrl is given. The worker
# always gives one (the site itself), and the published copy has the fallback removed, so no
# file of the site names a CDN and nothing could ever reach one on a closed network.
CDN_FALLBACK = ("pyodide.mjs", "https://cdn.jsdelivr.net/pyodide/v${U}/full/", "about:blank#")


def runtime_files(package: Path = PYODIDE_PACKAGE) -> dict[str, bytes]:
    """Each core file's published bytes; fails on a missing or altered file."""
    files = {}
    for name, digest in PYODIDE_SHA256.items():
        source = package / name
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` (see README)")
        data = source.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != digest:
            raise ValueError(f"{source}: sha256 {actual} does not match the pinned {digest}")
        files[name] = _without_cdn_fallback(data) if name == CDN_FALLBACK[0] else data
    return files


def _without_cdn_fallback(data: bytes) -> bytes:
    _, cdn, replacement = CDN_FALLBACK
    text = data.decode("utf-8")
    if text.count(cdn) != 1:
        raise ValueError(f"{CDN_FALLBACK[0]}: expected one CDN fallback {cdn!r}; Pyodide changed?")
    return text.replace(cdn, replacement).encode("utf-8")


def runtime_dir(files: dict[str, bytes]) -> str:
    """The runtime's folder inside the site, named after every file's name and content."""
    parts = [part for name in sorted(files) for part in (name.encode(), files[name])]
    return f"assets/pyodide-{content_hash(*parts)}/"


def runtime_sizes(files: dict[str, bytes]) -> dict[str, int]:
    """Byte size of each file the worker fetches, so it can tell a download cut short."""
    return {name: len(data) for name, data in files.items() if name != CDN_FALLBACK[0]}
