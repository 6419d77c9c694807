"""The bytecode build steps on their own: the pinned tools fail clearly when they cannot be
fetched, the trimmed stdlib holds exactly the listed files, and `finish` refuses a stdlib that
changed after `prepare` recorded its checksum."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from sitebuild import bytecode, pipeline, stdlib_modules

pytestmark = pytest.mark.site


def test_tools_that_cannot_be_fetched_fail_the_build_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # as if the package index were unreachable
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    with pytest.raises(RuntimeError, match=r"could not fetch the build's Pyodide tools \(pyodide"):
        bytecode.tool_wheels(tmp_path / "tools")


def test_the_trimmed_stdlib_holds_exactly_the_listed_files() -> None:
    from sitebuild.runtime import runtime_files

    full = runtime_files()["python_stdlib.zip"]
    keep = stdlib_modules.stdlib_files()
    with zipfile.ZipFile(io.BytesIO(stdlib_modules.trimmed_stdlib(full, keep))) as trimmed:
        assert sorted(keep) == sorted(trimmed.namelist())
    with pytest.raises(ValueError, match=r"not_a_module\.py"):
        stdlib_modules.trimmed_stdlib(full, [*keep, "not_a_module.py"])


def test_finish_refuses_a_stdlib_changed_since_prepare(tmp_path: Path) -> None:
    stdlib = tmp_path / "python_stdlib.zip"
    stdlib.write_bytes(b"compiled")
    artifacts = pipeline.Artifacts(
        wheel=tmp_path / "a.whl",
        stdlib=stdlib,
        stdlib_sha256="0" * 64,  # not the file's: it changed after `prepare`
        snapshot=tmp_path / "a.snapshot.gz",
        runtime_dir="assets/pyodide-0000000000000000/",
        wheel_path="assets/calculator/a.whl",
        snapshot_path="assets/calculator/a.snapshot.gz",
        runtime_sizes={},
    )
    with pytest.raises(ValueError, match="changed since `prepare`"):
        pipeline.finish(tmp_path / "site", artifacts)
    saved = pipeline.Artifacts.load(artifacts.save(tmp_path / "artifacts.json"))
    assert dataclasses.asdict(saved) == dataclasses.asdict(artifacts)
