"""Download the pure-Python wheels that run the engine's tests inside Pyodide.

    python tests/pyodide/fetch_wheels.py [DIR]      (default: .cache/pyodide-wheels)

Versions come from constraints.txt, so Pyodide runs the same pytest and hypothesis as CPython.
Idempotent: when every pinned wheel is already in DIR, nothing is downloaded. Wheels in DIR that
are not pinned (left over from an older pin) are removed, because run_pytest.mjs installs every
wheel it finds there. Only PyPI is contacted, through pip.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / ".cache" / "pyodide-wheels"
# pytest and hypothesis with everything they need on Pyodide's Python 3.14 (checked after each
# download against the wheels' own metadata when `packaging` is importable: see _unmet()).
PACKAGES = (
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
    "hypothesis",
    "sortedcontainers",
)
# The environment Pyodide 314.0.7 presents to dependency markers.
PYODIDE_MARKERS = {
    "python_version": "3.14",
    "python_full_version": "3.14.2",
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}


class FetchError(Exception):
    """The wheels could not be made ready; the message says why and what to do."""


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_requirements(constraints: Path = ROOT / "constraints.txt") -> dict[str, str]:
    """{normalized name: version} for PACKAGES, read from constraints.txt."""
    pins: dict[str, str] = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;#]+)", line.split("#", 1)[0].strip())
        if match:
            pins[_normalize(match.group(1))] = match.group(2)
    missing = [name for name in PACKAGES if name not in pins]
    if missing:
        raise FetchError(f"{constraints} does not pin {', '.join(missing)}")
    return {name: pins[name] for name in PACKAGES}


def _wheel_key(wheel: Path) -> tuple[str, str]:
    name, version = wheel.name.split("-")[:2]
    return _normalize(name), version


def _unmet(wheels: list[Path], pins: dict[str, str]) -> list[str]:
    """Requirements of the wheels (on Pyodide, no extras) that the pinned set does not meet."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # a bare interpreter: the inner pytest run would still fail loudly
        return []
    unmet = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
        for line in metadata.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate(PYODIDE_MARKERS):
                continue
            version = pins.get(_normalize(requirement.name))
            if version is None or not requirement.specifier.contains(version, prereleases=True):
                unmet.append(f"{wheel.name} needs {requirement}")
    return unmet


def fetch(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Make `directory` hold exactly the pinned wheels; return their paths."""
    pins = pinned_requirements()
    directory.mkdir(parents=True, exist_ok=True)
    for wheel in directory.glob("*.whl"):
        if pins.get(_wheel_key(wheel)[0]) != _wheel_key(wheel)[1]:
            wheel.unlink()  # not pinned (any more): run_pytest.mjs would install it too
    present = {_wheel_key(wheel)[0] for wheel in directory.glob("*.whl")}
    missing = [f"{name}=={version}" for name, version in pins.items() if name not in present]
    if missing:
        _download(missing, directory)
    wheels = sorted(directory.glob("*.whl"))
    absent = sorted(set(pins) - {_wheel_key(wheel)[0] for wheel in wheels})
    if absent:
        raise FetchError(f"pip reported success but these wheels are not in {directory}: {absent}")
    unmet = _unmet(wheels, pins)
    if unmet:
        raise FetchError(
            "the pinned wheels need packages that tests/pyodide/fetch_wheels.py does not fetch "
            "(add them to PACKAGES and constraints.txt):\n  " + "\n  ".join(unmet)
        )
    return wheels


def _download(requirements: list[str], directory: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--timeout",
        "30",
        "--retries",
        "2",
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
        raise FetchError(
            f"could not download the wheels Pyodide needs ({' '.join(requirements)}) from the "
            f"package index: is PyPI reachable, and does {sys.executable} have pip?\n"
            f"pip said:\n{(done.stderr or done.stdout).strip()}"
        )


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    try:
        wheels = fetch(Path(argv[0]).resolve() if argv else DEFAULT_DIR)
    except FetchError as error:
        print(f"fetch_wheels.py: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(str(wheel) for wheel in wheels))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
