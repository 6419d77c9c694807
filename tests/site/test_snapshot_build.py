"""The snapshot's cache key: any change to what went into a snapshot gives a new name, so a
stale snapshot is never shipped with a newer wheel or Pyodide; its published name follows its
own bytes, so a cached old snapshot is never used by a newer page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitebuild import snapshot as snapshot_build

pytestmark = pytest.mark.site


def test_the_name_follows_the_wheel_the_pyodide_build_and_the_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = tmp_path / "a.whl"
    wheel.write_bytes(b"wheel one")
    first = snapshot_build.snapshot_name(wheel, "wasm-sha-1")
    assert first == snapshot_build.snapshot_name(wheel, "wasm-sha-1")
    assert first != snapshot_build.snapshot_name(wheel, "wasm-sha-2")
    wheel.write_bytes(b"wheel two")
    assert first != snapshot_build.snapshot_name(wheel, "wasm-sha-1")
    wheel.write_bytes(b"wheel one")
    script = tmp_path / "make_snapshot.mjs"
    script.write_text("// another warm-up")
    monkeypatch.setattr(snapshot_build, "SCRIPT", script)
    assert first != snapshot_build.snapshot_name(wheel, "wasm-sha-1")


def test_a_failing_snapshot_script_fails_the_build_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "make_snapshot.mjs"
    script.write_text('console.error("no Pyodide here"); process.exit(3);')
    monkeypatch.setattr(snapshot_build, "SCRIPT", script)
    monkeypatch.setattr(snapshot_build, "CACHE", tmp_path / "cache")
    wheel = tmp_path / "a.whl"
    wheel.write_bytes(b"wheel")
    with pytest.raises(RuntimeError, match="no Pyodide here"):
        snapshot_build.build_snapshot(wheel, tmp_path, "wasm-sha")
    assert not list((tmp_path / "cache").iterdir())  # nothing half-written is cached


def test_only_the_newest_snapshots_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "make_snapshot.mjs"
    script.write_text(
        'import { writeFileSync } from "node:fs"; writeFileSync(process.argv[4], "x");'
    )
    monkeypatch.setattr(snapshot_build, "SCRIPT", script)
    monkeypatch.setattr(snapshot_build, "CACHE", tmp_path / "cache")
    wheel = tmp_path / "a.whl"
    made = []
    for version in range(5):
        wheel.write_bytes(f"wheel {version}".encode())
        made.append(snapshot_build.build_snapshot(wheel, tmp_path, "wasm-sha"))
        time.sleep(0.01)  # distinct modification times
    assert sorted(made[-3:]) == sorted((tmp_path / "cache").glob("*.snapshot.gz"))


def test_the_published_name_follows_the_snapshot_bytes(tmp_path: Path) -> None:
    snapshot = tmp_path / "cached.snapshot.gz"
    snapshot.write_bytes(b"heap one")
    first = snapshot_build.published_name(snapshot)
    assert first == snapshot_build.published_name(snapshot)
    snapshot.write_bytes(b"heap two")
    assert first != snapshot_build.published_name(snapshot)
    assert first.startswith("calculator-") and first.endswith(".snapshot.gz")
