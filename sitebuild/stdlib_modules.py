"""The trimmed standard library: only the files Pyodide's start-up and the engine load.

Pyodide's python_stdlib.zip holds 559 modules; the calculator needs about 150. The list is
stdlib_modules.txt, made by running the engine in Pyodide (see `regenerate`):

    python -m sitebuild.stdlib_modules       # after an engine change that imports a new module

The engine's suite then runs inside Pyodide against the trimmed library
(tests/test_engine_in_pyodide.py), so a module the list lacks fails the tests, not the reader.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitebuild.paths import PYODIDE_PACKAGE, ROOT

LIST = Path(__file__).resolve().with_name("stdlib_modules.txt")
CLOSURE_SCRIPT = LIST.with_name("stdlib_closure.mjs")
HEADER = """\
# The standard-library files the site's Python keeps (paths inside Pyodide's python_stdlib.zip).
# Made by `python -m sitebuild.stdlib_modules`, which (1) runs the engine's suite (tests/engine)
# inside Pyodide, recording every module imported while the engine's code is on the stack
# (tests/pyodide/engine_imports.py), then (2) starts a fresh Pyodide, installs the wheel as the
# worker does, imports every engine module and those recorded, and lists every loaded module's
# file in the zip (sitebuild/stdlib_closure.mjs). Regenerate it rather than editing it.
"""


def stdlib_files(path: Path = LIST) -> list[str]:
    """The kept files, as listed."""
    lines = path.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def trimmed_stdlib(full_zip: bytes, keep: list[str]) -> bytes:
    """A copy of the standard-library zip with only the `keep` files (same order and dates)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full_zip)) as full:
        missing = sorted(set(keep) - set(full.namelist()))
        if missing:
            raise ValueError(
                f"{LIST.name} names files Pyodide's python_stdlib.zip does not have: "
                f"{', '.join(missing[:5])}: regenerate it (python -m sitebuild.stdlib_modules)"
            )
        wanted = set(keep)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as trimmed:
            for info in full.infolist():
                if info.filename in wanted:
                    trimmed.writestr(info, full.read(info))
    return out.getvalue()


def regenerate() -> list[str]:
    """Run the engine in Pyodide and write the list of files it needs (see HEADER)."""
    from sitebuild.wheel import build_wheel
    from tests.pyodide.fetch_wheels import fetch

    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to run the engine inside Pyodide")
    with tempfile.TemporaryDirectory() as tmp:
        recorded = Path(tmp) / "imports.json"
        suite = [node, str(ROOT / "tests" / "pyodide" / "run_pytest.mjs")]
        suite += ["--wheels", str(fetch()[0].parent), "--record-imports", str(recorded)]
        suite += ["--", "tests/engine", "-q", "-p", "no:cacheprovider"]
        _run(suite, "the engine's suite inside Pyodide", timeout=900)
        wheel = build_wheel(Path(tmp))
        closure = [node, str(CLOSURE_SCRIPT), str(PYODIDE_PACKAGE), str(wheel), str(recorded)]
        files: list[str] = json.loads(_run(closure, "stdlib_closure.mjs", timeout=300))
    LIST.write_text(HEADER + "".join(f"{name}\n" for name in files), "utf-8")
    return files


def _run(command: list[str], what: str, timeout: int) -> str:
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
        raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # `tests.pyodide` for the wheels of the engine's suite
    print(f"{LIST.relative_to(ROOT)}: {len(regenerate())} files")
