"""Python bytecode for the browser, made by pyodide-build's py-compile inside the pinned Pyodide.

The calculator's wheel becomes a cp314 wheel of .pyc files and the trimmed standard library a
zip of .pyc files, so the browser's Python neither parses nor compiles them at start-up.
py_compile.mjs runs `pyodide_build._py_compile._py_compile_archive` under Node, with the
wheels pinned in pyodide_tools.txt (fetched once, then offline). Results are cached by content.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild.paths import PYODIDE_PACKAGE, ROOT, content_hash

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "py_compile.mjs"
TOOLS_REQUIREMENTS = HERE / "pyodide_tools.txt"
TOOLS_CACHE = ROOT / ".cache" / "pyodide-tools"
COMPILED_CACHE = ROOT / ".cache" / "sitebuild" / "bytecode"


def _pinned_wheel_names() -> dict[str, str]:
    """{normalized distribution: version} from pyodide_tools.txt."""
    pins = {}
    for line in TOOLS_REQUIREMENTS.read_text("utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "_", match.group(1)).lower()] = match.group(2)
    return pins


def _missing_tools(directory: Path) -> list[str]:
    present = {
        (wheel.name.split("-")[0].lower(), wheel.name.split("-")[1])
        for wheel in directory.glob("*.whl")
    }
    return [f"{name}=={v}" for name, v in _pinned_wheel_names().items() if (name, v) not in present]


def tool_wheels(directory: Path = TOOLS_CACHE) -> Path:
    """The folder holding the pinned tool wheels, downloaded (checked by hash) if missing."""
    if not _missing_tools(directory):
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    download += ["--require-hashes", "--no-deps", "--only-binary=:all:", "--python-version"]
    download += ["3.14", "--platform", "any", "--implementation", "py", "--abi", "none"]
    download += ["--dest", str(directory), "-r", str(TOOLS_REQUIREMENTS)]
    done = subprocess.run(download, capture_output=True, text=True, check=False)
    missing = _missing_tools(directory)
    if done.returncode != 0 or missing:
        said = (done.stderr or done.stdout).strip()
        raise RuntimeError(
            f"could not fetch the build's Pyodide tools ({', '.join(missing)}) pinned in "
            f"{TOOLS_REQUIREMENTS.relative_to(ROOT)} into {directory}: is the "
            f"package index reachable? (needed once; the build is offline after)\npip said:\n{said}"
        )
    return directory


def _cache_key(archive: Path) -> str:
    pins = TOOLS_REQUIREMENTS.read_bytes()
    wasm = (PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes()
    return content_hash(
        archive.name.encode(), archive.read_bytes(), pins, SCRIPT.read_bytes(), wasm
    )


def compile_archives(archives: list[Path]) -> list[Path]:
    """Each archive (.whl or .zip) as bytecode, from the cache or made now (one Node run)."""
    folders = [COMPILED_CACHE / _cache_key(archive) for archive in archives]
    todo = [(a, f) for a, f in zip(archives, folders, strict=True) if not _single_file(f)]
    if todo:
        _run_py_compile(todo)
    _forget_old(keep=set(folders))
    return [_single_file(folder) or folder for folder in folders]


def _single_file(folder: Path) -> Path | None:
    made = list(folder.glob("*.whl")) + list(folder.glob("*.zip")) if folder.is_dir() else []
    return made[0] if len(made) == 1 else None


def _run_py_compile(jobs: list[tuple[Path, Path]]) -> None:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to compile the calculator's Python (see README)")
    partials = [folder.with_name(folder.name + ".partial") for _, folder in jobs]
    for partial in partials:
        shutil.rmtree(partial, ignore_errors=True)
    command = [node, str(SCRIPT), str(PYODIDE_PACKAGE), str(tool_wheels())]
    for (archive, _), partial in zip(jobs, partials, strict=True):
        command += [str(archive), str(partial)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        tail = "\n".join(line[:300] for line in done.stderr.splitlines()[-15:])
        raise RuntimeError(f"pyodide-build's py-compile failed:\n{tail}")
    for (_, folder), partial in zip(jobs, partials, strict=True):
        shutil.rmtree(folder, ignore_errors=True)
        partial.replace(folder)  # whole or not at all


def _forget_old(keep: set[Path], kept: int = 6) -> None:
    """Each engine edit under `mkdocs serve` compiles a new wheel; keep the newest few."""
    if not COMPILED_CACHE.is_dir():
        return
    older = sorted(COMPILED_CACHE.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in older if p not in keep][kept:]:
        shutil.rmtree(path, ignore_errors=True)
