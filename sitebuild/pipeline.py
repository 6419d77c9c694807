"""The two build steps around the site generator: `prepare` before it, `finish` after it."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from sitebuild import csp, runtime, site_files, snapshot
from sitebuild.paths import PYODIDE_PACKAGE, content_hash
from sitebuild.wheel import build_wheel

WHEEL_DIR = "assets/calculator"  # the wheel (in its own hashed folder) and the snapshot


@dataclass(frozen=True, kw_only=True, slots=True)
class Artifacts:
    """What `prepare` made (files on disk) and where the site publishes them (site paths)."""

    wheel: Path
    snapshot: Path
    runtime_dir: str
    wheel_path: str
    snapshot_path: str
    runtime_sizes: dict[str, int]

    def save(self, path: Path) -> Path:
        fields = {**asdict(self), "wheel": str(self.wheel), "snapshot": str(self.snapshot)}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(fields, indent=2, sort_keys=True), "utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> Artifacts:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `python -m sitebuild before` first")
        fields = json.loads(path.read_text("utf-8"))
        return cls(
            **{**fields, "wheel": Path(fields["wheel"]), "snapshot": Path(fields["snapshot"])}
        )


def prepare(workdir: Path) -> Artifacts:
    """Build the wheel and its snapshot, check the runtime; name each file after its content."""
    wheel = build_wheel(workdir)
    files = runtime.runtime_files()
    made = snapshot.build_snapshot(
        wheel, PYODIDE_PACKAGE, runtime.PYODIDE_SHA256["pyodide.asm.wasm"]
    )
    return Artifacts(
        wheel=wheel,
        snapshot=made,
        runtime_dir=runtime.runtime_dir(files),
        wheel_path=f"{WHEEL_DIR}/wheel-{content_hash(wheel.read_bytes())}/{wheel.name}",
        snapshot_path=f"{WHEEL_DIR}/{snapshot.published_name(made)}",
        runtime_sizes=runtime.runtime_sizes(files),
    )


def finish(site_dir: Path, artifacts: Artifacts, *, add_csp: bool = True) -> None:
    """Put the runtime files into the built site, tidy it, and give each page its policy."""
    files = runtime.runtime_files()
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
    if add_csp:
        csp.add_csp_to_site(site_dir)
