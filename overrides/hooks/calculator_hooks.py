"""MkDocs hooks for the calculator page: thin calls into calculator_build.py and
snapshot_build.py.

on_pre_build builds the wheel and its Pyodide snapshot (and, under `mkdocs serve`, reloads the
engine so edits to calculator/ show up); on_page_markdown puts the app into calculator.md (so
MkDocs sees the field anchors the guide links to); on_post_build copies the wheel, the snapshot
and the verified runtime.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calculator_build as build
import snapshot_build

CALCULATOR_PAGE = "calculator.md"
MARKER = "<!-- calculator:app -->"
_state: dict[str, Path] = {}


def _reload_engine() -> None:
    """Forget every calculator module so the next import reads the edited sources."""
    for name in [n for n in sys.modules if n == "calculator" or n.startswith("calculator.")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def on_pre_build(config: Any) -> None:
    _reload_engine()
    workdir = Path(tempfile.mkdtemp(prefix="calculator-wheel-"))
    _state["wheel"] = build.build_wheel(workdir)
    _state["snapshot"] = snapshot_build.build_snapshot(
        _state["wheel"], build.PYODIDE_PACKAGE, build.PYODIDE_SHA256["pyodide.asm.wasm"]
    )


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != CALCULATOR_PAGE:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{CALCULATOR_PAGE} has lost its {MARKER} marker")
    snapshot_href = f"../{build.WHEEL_DIR}/{_state['snapshot'].name}"
    app = build.render_app(build.wheel_url(_state["wheel"]), snapshot_href)
    return markdown.replace(MARKER, "\n" + app + "\n")


def on_post_build(config: Any) -> None:
    site_dir = Path(config["site_dir"])
    wheel = _state.pop("wheel")
    target = site_dir / build.WHEEL_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, target / wheel.name)
    snapshot = _state.pop("snapshot")
    shutil.copyfile(snapshot, target / snapshot.name)
    shutil.rmtree(wheel.parent, ignore_errors=True)
    build.copy_runtime(site_dir)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(build.ROOT / "calculator"))  # rebuild the wheel when the engine changes
    return server
