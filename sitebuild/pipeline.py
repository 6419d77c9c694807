"""The two build steps around the site generator: `prepare` before it, `finish` after it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from sitebuild import (
    bytecode,
    csp,
    hashed_modules,
    head,
    runtime,
    site_files,
    snapshot,
    stdlib_modules,
)
from sitebuild.paths import CACHE, content_hash
from sitebuild.wheel import build_wheel

WHEEL_DIR = "assets/calculator"  # the wheel (in its own hashed folder) and the snapshot
# SITEBUILD_SOURCE_PYTHON=1 publishes Python source as before issue 17 (the source wheel and
# Pyodide's whole stdlib): only for the benchmark's side-by-side (benchmarks/run.py).
SOURCE_PYTHON_ENV = "SITEBUILD_SOURCE_PYTHON"


@dataclass(frozen=True, kw_only=True, slots=True)
class Artifacts:
    """What `prepare` made (files on disk) and where the site publishes them (site paths)."""

    wheel: Path
    stdlib: Path
    stdlib_sha256: str
    snapshot: Path
    runtime_dir: str
    wheel_path: str
    snapshot_path: str
    runtime_sizes: dict[str, int]

    def save(self, path: Path) -> Path:
        paths = {
            "wheel": str(self.wheel),
            "stdlib": str(self.stdlib),
            "snapshot": str(self.snapshot),
        }
        fields = {**asdict(self), **paths}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(fields, indent=2, sort_keys=True), "utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> Artifacts:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `python -m sitebuild before` first")
        fields = json.loads(path.read_text("utf-8"))
        paths = {name: Path(fields[name]) for name in ("wheel", "stdlib", "snapshot")}
        return cls(**{**fields, **paths})


def prepare(workdir: Path) -> Artifacts:
    """Build the wheel, compile it and the trimmed standard library to bytecode, make the
    snapshot from exactly those files; name each file after its content."""
    files = runtime.runtime_files()
    if os.environ.get(SOURCE_PYTHON_ENV) == "1":
        wheel, stdlib = build_wheel(workdir), workdir / "python_stdlib.zip"
        stdlib.write_bytes(files["python_stdlib.zip"])
    else:
        wheel, stdlib = bytecode.compile_archives([build_wheel(workdir), trimmed_stdlib(workdir)])
    files["python_stdlib.zip"] = stdlib.read_bytes()
    made = snapshot.build_snapshot(wheel, _staged_runtime(files), runtime.runtime_dir(files))
    return Artifacts(
        wheel=wheel,
        stdlib=stdlib,
        stdlib_sha256=hashlib.sha256(files["python_stdlib.zip"]).hexdigest(),
        snapshot=made,
        runtime_dir=runtime.runtime_dir(files),
        wheel_path=f"{WHEEL_DIR}/wheel-{content_hash(wheel.read_bytes())}/{wheel.name}",
        snapshot_path=f"{WHEEL_DIR}/{snapshot.published_name(made)}",
        runtime_sizes=runtime.runtime_sizes(files),
    )


def trimmed_stdlib(workdir: Path) -> Path:
    """Pyodide's checked python_stdlib.zip cut to stdlib_modules.txt, as source (into workdir)."""
    full = runtime.runtime_files()["python_stdlib.zip"]
    source = workdir / "python_stdlib.zip"
    source.write_bytes(stdlib_modules.trimmed_stdlib(full, stdlib_modules.stdlib_files()))
    return source


def compiled_stdlib(workdir: Path) -> Path:
    """The standard library the site publishes: trimmed, then compiled (cached by content)."""
    (compiled,) = bytecode.compile_archives([trimmed_stdlib(workdir)])
    return compiled


def _staged_runtime(files: dict[str, bytes]) -> Path:
    """The runtime as published, in a folder of its own: the snapshot is made from these files."""
    folder = CACHE / "runtime" / runtime.runtime_dir(files).strip("/").rsplit("/", 1)[-1]
    if not folder.is_dir():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name, data in files.items():
            (partial / name).write_bytes(data)
        partial.replace(folder)
    return folder


def published_runtime(artifacts: Artifacts) -> dict[str, bytes]:
    """The runtime files as published: Pyodide's, checked, with the compiled trimmed stdlib."""
    files = runtime.runtime_files()
    stdlib = artifacts.stdlib.read_bytes()
    if hashlib.sha256(stdlib).hexdigest() != artifacts.stdlib_sha256:
        raise ValueError(f"{artifacts.stdlib} changed since `prepare`: build again")
    files["python_stdlib.zip"] = stdlib
    return files


def finish(site_dir: Path, artifacts: Artifacts, *, add_csp: bool = True) -> None:
    """Put the runtime files into the built site, tidy it, and give each page its policy."""
    files = published_runtime(artifacts)
    if runtime.runtime_dir(files) != artifacts.runtime_dir:
        raise ValueError("the Pyodide files changed since `prepare`: build again")
    target = site_dir / artifacts.runtime_dir
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (target / name).write_bytes(data)
    for source, site_path in (
        (artifacts.wheel, artifacts.wheel_path),
        (artifacts.snapshot, artifacts.snapshot_path),
    ):
        (site_dir / site_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site_dir / site_path)
    site_files.tidy(site_dir)
    head.add_start_script_to_site(site_dir, artifacts)
    hashed_modules.hash_modules(site_dir)
    if add_csp:
        csp.add_csp_to_site(site_dir)
