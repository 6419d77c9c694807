"""The Python the site publishes is bytecode made by pyodide-build's py-compile for the site's
own Python 3.14: the engine's wheel (cp314) and a standard library trimmed to
sitebuild/stdlib_modules.txt. The magic number is read from the published Pyodide itself."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from sitebuild import bytecode, stdlib_modules
from sitebuild.pipeline import WHEEL_DIR
from sitebuild.runtime import runtime_files
from sitebuild.wheel import build_wheel

pytestmark = pytest.mark.site
ROOT = Path(__file__).resolve().parents[2]

# Starts the published runtime (trimmed stdlib), installs the published wheel as the worker
# does, and reports the interpreter's version, bytecode magic number and a calculation.
RUN_PUBLISHED = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [runtime, wheel] = process.argv.slice(1);
const { loadPyodide } = await import(pathToFileURL(runtime + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: runtime, args: [] });
const site = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: site });
console.log(pyodide.runPython(`
import importlib.util, json, sys
importlib.invalidate_caches()
from calculator import web
json.dumps({"version": list(sys.version_info[:2]), "magic": importlib.util.MAGIC_NUMBER.hex(),
            "result": sorted(web.evaluate({}))})
`));
"""


def published(site: Path) -> tuple[Path, Path]:
    """The runtime folder and the wheel the calculator page links."""
    html = (site / "calculator" / "index.html").read_text("utf-8")
    urls = dict(re.findall(r'data-(runtime|wheel)="([^"]+)"', html))
    runtime = (site / "calculator" / urls["runtime"]).resolve()
    return runtime, (site / "calculator" / urls["wheel"]).resolve()


@pytest.fixture(scope="module")
def published_python(built_site: Path) -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: reading the published Pyodide needs Node.js")
    runtime, wheel = published(built_site)
    done = subprocess.run(
        [node, "--input-type=module", "-e", RUN_PUBLISHED, f"{runtime}/", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert 0 == done.returncode, done.stderr[-3000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def pyc_magic_numbers(archive: Path) -> dict[str, str]:
    with zipfile.ZipFile(archive) as opened:
        return {n: opened.read(n)[:4].hex() for n in opened.namelist() if n.endswith(".pyc")}


def test_the_published_runtime_runs_the_published_engine(
    published_python: dict[str, object],
) -> None:
    assert [3, 14] == published_python["version"]
    assert published_python["result"], "web.evaluate({}) gave nothing"


def test_the_wheel_is_cp314_bytecode_made_by_py_compile(
    built_site: Path, published_python: dict[str, object], tmp_path: Path
) -> None:
    _, wheel = published(built_site)
    assert wheel.parent.parent == built_site / WHEEL_DIR
    assert re.fullmatch(r"ftrag_calculator-[^-]+-cp314-none-any\.whl", wheel.name)
    with zipfile.ZipFile(wheel) as opened:
        names = set(opened.namelist())
    sources = {str(p.relative_to(ROOT)) for p in (ROOT / "calculator").rglob("*.py")}
    assert not {n for n in names if n.endswith(".py")}, "source shipped beside the bytecode"
    assert {f"{source}c" for source in sources} <= names
    magic = pyc_magic_numbers(wheel)
    assert magic and set(magic.values()) == {published_python["magic"]}
    # Exactly what pyodide-build's py-compile makes of a wheel built from this checkout.
    (compiled,) = bytecode.compile_archives([build_wheel(tmp_path)])
    assert compiled.read_bytes() == wheel.read_bytes()


def test_the_stdlib_is_trimmed_to_the_list_and_compiled(
    built_site: Path, published_python: dict[str, object]
) -> None:
    runtime, _ = published(built_site)
    stdlib = runtime / "python_stdlib.zip"
    with zipfile.ZipFile(stdlib) as opened:
        names = set(opened.namelist())
    assert names == {f"{name}c" for name in stdlib_modules.stdlib_files()}
    magic = pyc_magic_numbers(stdlib)
    assert set(magic) == names and set(magic.values()) == {published_python["magic"]}
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip") as full:
        assert len(names) < len([n for n in full.namelist() if n.endswith(".py")]) / 2
    assert stdlib.stat().st_size < len(runtime_files()["python_stdlib.zip"])
