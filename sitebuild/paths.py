"""Where things are: the checkout, and the cache the build steps share."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "sitebuild"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"


def import_engine_from_checkout() -> None:
    """Make `import calculator` find this checkout (MkDocs restores sys.path after its hooks)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def content_hash(*parts: bytes) -> str:
    """A short name that changes whenever any part does (for cache-proof file names)."""
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]
