"""The calculator's Pyodide memory snapshot: made once per wheel by make_snapshot.mjs (Node),
cached under .cache/snapshots/, published under a name made from its own bytes.

Restoring it in the browser skips Python's start-up and the engine's imports (see worker.mjs
and the README's benchmark); it costs about 6.6 MB of download, so the page only asks for it on
a fast connection.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sitebuild.paths import ROOT, content_hash

SCRIPT = Path(__file__).resolve().parent / "make_snapshot.mjs"
WARM_UP = SCRIPT.with_name("engine_warm_up.py")  # the Python the script runs
CACHE = ROOT / ".cache" / "snapshots"


def snapshot_name(wheel: Path, runtime_key: str) -> str:
    """The cache key: it changes with the wheel, the runtime files (`runtime_key`, the name of
    their content-hashed folder: Pyodide's build and the compiled stdlib) and the script."""
    key = content_hash(
        wheel.read_bytes(), runtime_key.encode(), SCRIPT.read_bytes(), WARM_UP.read_bytes()
    )
    return f"calculator-{key}.snapshot.gz"


def published_name(snapshot: Path) -> str:
    """The name in the site, from the snapshot's own bytes (Pages caches by name)."""
    return f"calculator-{content_hash(snapshot.read_bytes())}.snapshot.gz"


def build_snapshot(wheel: Path, pyodide_dir: Path, runtime_key: str) -> Path:
    """The snapshot for this wheel, made from the runtime files in `pyodide_dir` (as published:
    the trimmed stdlib too), from the cache or made now (a few seconds)."""
    cached = CACHE / snapshot_name(wheel, runtime_key)
    if cached.exists():
        return cached
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to build the calculator's snapshot (see README)")
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(cached.name + ".partial")
    made = subprocess.run(
        [node, str(SCRIPT), str(pyodide_dir), str(wheel), str(partial)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if made.returncode != 0:
        partial.unlink(missing_ok=True)
        # Node quotes the minified source line of an error: keep each line short.
        tail = "\n".join(line[:300] for line in made.stderr.splitlines()[-15:])
        raise RuntimeError(f"making the calculator's snapshot failed:\n{tail}")
    partial.replace(cached)  # whole or not at all, even if two builds race
    _forget_old_snapshots(keep=cached)
    return cached


def _forget_old_snapshots(keep: Path, kept: int = 3) -> None:
    """Each engine edit under `mkdocs serve` makes a new 6.8 MB snapshot; keep the newest few."""
    older = sorted(CACHE.glob("*.snapshot.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in older if p != keep][kept - 1 :]:
        path.unlink(missing_ok=True)
