"""Download the pure-Python wheels that run the engine's tests inside Pyodide.

    python tests/pyodide/fetch_wheels.py [DIR]      (default: .cache/pyodide-wheels)

Versions come from constraints.txt, so Pyodide runs the same pytest and hypothesis as CPython.
Idempotent: does nothing when every wheel is already there. Only PyPI is contacted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / ".cache" / "pyodide-wheels"
# pytest and hypothesis with everything they import on Python 3.14.
PACKAGES = (
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
    "hypothesis",
    "sortedcontainers",
)


def pinned_requirements() -> list[str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    missing = [name for name in PACKAGES if name not in pins]
    if missing:
        raise SystemExit(f"error: constraints.txt does not pin {', '.join(missing)}")
    return [f"{name}=={pins[name]}" for name in PACKAGES]


def _wheel_prefix(requirement: str) -> str:
    name, version = requirement.split("==")
    return f"{name.replace('-', '_')}-{version}-".lower()


def fetch(directory: Path = DEFAULT_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    requirements = pinned_requirements()
    present = {p.name.lower() for p in directory.glob("*.whl")}
    if all(any(n.startswith(_wheel_prefix(r)) for n in present) for r in requirements):
        return sorted(directory.glob("*.whl"))
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.14",
        "--platform",
        "any",
        "--implementation",
        "py",
        "--abi",
        "none",
        "--dest",
        str(directory),
        *requirements,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            "error: could not download the wheels for Pyodide from PyPI:\n" + done.stderr.strip()
        )
    return sorted(directory.glob("*.whl"))


if __name__ == "__main__":
    wheels = fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
    print("\n".join(str(w) for w in wheels))
