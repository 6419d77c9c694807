"""The engine's test suite, run again inside real Pyodide (the Python the browser runs): with
Pyodide's whole standard library, and with the trimmed, compiled one the site publishes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import pipeline, stdlib_modules
from sitebuild.runtime import runtime_files
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


def run_engine_suite(
    runner_args: list[str], pytest_args: tuple[str, ...] = ("tests/engine",)
) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Pyodide run needs Node.js (20 or newer)")
    try:
        wheels = fetch()
    except FetchError as error:
        pytest.fail(f"could not get the wheels for Pyodide: {error}", pytrace=False)
    command = [node, str(RUNNER), "--wheels", str(wheels[0].parent), *runner_args, "--"]
    return subprocess.run(
        [*command, *pytest_args, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def assert_suite_passed(done: subprocess.CompletedProcess[str]) -> None:
    output = f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"

    assert 0 == done.returncode, f"pytest inside Pyodide exited {done.returncode}\n{output}"
    version = rf"^Pyodide {re.escape(PYODIDE_VERSION)}, Python 3\.14\.\d+$"
    assert re.search(version, done.stdout, re.MULTILINE), f"no Pyodide version line\n{output}"
    summaries = SUMMARY.findall(done.stdout)
    assert summaries, f"no pytest summary line\n{output}"
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summaries[-1])}
    assert counts.get("passed", 0) > 0, f"no test passed inside Pyodide\n{output}"


def test_engine_suite_passes_inside_pyodide() -> None:
    assert_suite_passed(run_engine_suite([]))


def test_engine_suite_passes_with_the_trimmed_compiled_stdlib_the_site_ships(
    tmp_path: Path,
) -> None:
    """Every path the suite takes through the engine finds its modules in the trimmed library
    (the full one only serves pytest and hypothesis: see engine_imports.guard)."""
    assert_suite_passed(run_engine_suite(["--stdlib", str(pipeline.compiled_stdlib(tmp_path))]))


def test_a_module_missing_from_the_trimmed_stdlib_fails_the_engine_suite(tmp_path: Path) -> None:
    """The guard works: without difflib.py (imported by the engine's CLI) the suite fails."""
    kept = [name for name in stdlib_modules.stdlib_files() if name != "difflib.py"]
    assert len(kept) == len(stdlib_modules.stdlib_files()) - 1, "difflib.py is no longer listed"
    lacking = tmp_path / "python_stdlib.zip"
    lacking.write_bytes(stdlib_modules.trimmed_stdlib(runtime_files()["python_stdlib.zip"], kept))
    done = run_engine_suite(["--stdlib", str(lacking)], ("tests/engine/test_cli.py",))
    assert done.returncode not in (0, 3), done.stdout + done.stderr
    assert "the engine imports difflib, which is not in the trimmed standard library" in done.stdout
