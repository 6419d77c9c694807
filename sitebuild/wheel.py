"""The engine as a reproducible py3-none-any wheel, built with the project's PEP 517 backend."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from sitebuild.paths import ROOT

SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01: fixed zip timestamps, so same source, same wheel


def build_wheel(dest: Path) -> Path:
    """Build the engine's wheel into `dest` (flit_core, the backend pyproject.toml names)."""
    from flit_core import buildapi  # type: ignore[import-untyped]  # no type information

    dest.mkdir(parents=True, exist_ok=True)
    previous_cwd, previous_epoch = Path.cwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        os.chdir(ROOT)  # the backend reads pyproject.toml from the working directory
        with tempfile.TemporaryDirectory() as tmp:
            name: str = buildapi.build_wheel(tmp)
            wheel = dest / name
            shutil.copyfile(Path(tmp) / name, wheel)
    finally:
        os.chdir(previous_cwd)
        if previous_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return wheel
