"""The engine's test suite, run again inside real Pyodide (the Python the browser runs)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest.mjs"

pytestmark = [
    pytest.mark.pyodide,
    pytest.mark.skipif(sys.platform == "emscripten", reason="already inside Pyodide"),
]


def test_engine_suite_passes_inside_pyodide() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    sys.path.insert(0, str(RUNNER.parent))
    from fetch_wheels import fetch

    wheels = fetch()
    done = subprocess.run(
        [node, str(RUNNER), "--wheels", str(wheels[0].parent), "--", "tests/engine", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert 0 == done.returncode, output
    assert re.search(r"^Pyodide 314\.0\.7, Python 3\.14\.", output, re.MULTILINE), output
    passed = re.search(r"(\d+) passed", output)
    assert passed is not None and int(passed.group(1)) > 100, output
