"""The engine's test suite, run again inside real Pyodide (the Python the browser runs)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pyodide.fetch_wheels import FetchError, fetch

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest.mjs"
PYODIDE_VERSION = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"][
    "pyodide"
]
# pytest's closing line, e.g. "356 passed, 3 skipped in 5.08s" (-q) or "=== 3 passed in 1s ===".
SUMMARY = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s\b.*$", re.MULTILINE)

pytestmark = [
    pytest.mark.pyodide,
    pytest.mark.skipif(sys.platform == "emscripten", reason="already inside Pyodide"),
]


def test_engine_suite_passes_inside_pyodide() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Pyodide run needs Node.js (20 or newer)")
    try:
        wheels = fetch()
    except FetchError as error:
        pytest.fail(f"could not get the wheels for Pyodide: {error}", pytrace=False)

    pytest_args = ["tests/engine", "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [node, str(RUNNER), "--wheels", str(wheels[0].parent), "--", *pytest_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"

    assert 0 == done.returncode, f"pytest inside Pyodide exited {done.returncode}\n{output}"
    version = rf"^Pyodide {re.escape(PYODIDE_VERSION)}, Python 3\.14\.\d+$"
    assert re.search(version, done.stdout, re.MULTILINE), f"no Pyodide version line\n{output}"
    summaries = SUMMARY.findall(done.stdout)
    assert summaries, f"no pytest summary line\n{output}"
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summaries[-1])}
    assert counts.get("passed", 0) > 0, f"no test passed inside Pyodide\n{output}"
