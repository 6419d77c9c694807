"""MkDocs hooks: thin calls into the build steps, at the points `make build-plain` runs them.

on_pre_build = `python -m sitebuild before` (without staging the docs: on_page_markdown renders
the fragments instead), on_post_build = `python -m sitebuild after`. Under `mkdocs serve` the
engine is re-imported on each rebuild and no CSP is added (the live-reload script is injected
after the build and would be blocked).
"""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitebuild import fragments, pipeline
from sitebuild.paths import ROOT

_build: dict[str, Any] = {"serving": False}


def _forget_engine() -> None:
    """Forget every calculator module so the next import reads the edited sources."""
    for name in [n for n in sys.modules if n == "calculator" or n.startswith("calculator.")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def on_startup(command: str, dirty: bool) -> None:
    _build["serving"] = command == "serve"


def on_pre_build(config: Any) -> None:
    _forget_engine()
    workdir = Path(tempfile.mkdtemp(prefix="calculator-wheel-"))
    _build["artifacts"] = pipeline.prepare(workdir)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return fragments.render_page(page.file.src_uri, markdown, _build["artifacts"])


def on_post_build(config: Any) -> None:
    artifacts: pipeline.Artifacts = _build.pop("artifacts")
    pipeline.finish(Path(config["site_dir"]), artifacts, add_csp=not _build["serving"])
    shutil.rmtree(artifacts.wheel.parent, ignore_errors=True)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(ROOT / "calculator"))  # rebuild the wheel when the engine changes
    return server
