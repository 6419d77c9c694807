"""Inside Pyodide: which modules the engine imports, and a guard that they come from a given
standard library (run_pytest.mjs installs it with --record-imports or --stdlib).

An import counts as the engine's when a frame of the engine's own files is on the stack: its
top-level imports, lazy imports inside its functions, and those of the modules they call.
Cached imports count too (builtins.__import__ sees them), since pytest or hypothesis may have
loaded a module first that the engine alone would have to load itself.
"""

from __future__ import annotations

import builtins
import importlib
import sys
import zipimport
from collections.abc import Callable
from types import FrameType, ModuleType
from typing import Any


def _engine_on_stack(engine_dir: str, frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith(engine_dir):
            return True
        frame = frame.f_back
    return False


def _names(name: str, fromlist: Any) -> list[str]:
    """`import a.b.c` touches a, a.b and a.b.c; `from a import b` may touch a.b."""
    parts = name.split(".")
    names = [".".join(parts[: i + 1]) for i in range(len(parts))]
    for item in fromlist or ():
        if isinstance(item, str) and f"{name}.{item}" in sys.modules:
            names.append(f"{name}.{item}")
    return names


def install(engine_dir: str, check: Callable[[str, ModuleType], None]) -> None:
    """Call `check(name, module)` for every module the engine imports (absolute imports)."""
    original_import = builtins.__import__
    original_import_module = importlib.import_module

    def engine_import(
        name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0
    ) -> ModuleType:
        module = original_import(name, globals, locals, fromlist, level)
        if level == 0 and _engine_on_stack(engine_dir, sys._getframe(1)):
            for touched in _names(name, fromlist):
                if touched in sys.modules:
                    check(touched, sys.modules[touched])
        return module

    def engine_import_module(name: str, package: str | None = None) -> ModuleType:
        module = original_import_module(name, package)
        if not name.startswith(".") and _engine_on_stack(engine_dir, sys._getframe(1)):
            for touched in _names(name, ()):
                check(touched, sys.modules[touched])
        return module

    builtins.__import__ = engine_import
    importlib.import_module = engine_import_module


def record(engine_dir: str) -> set[str]:
    """Start recording; the returned set fills up as the engine imports."""
    seen: set[str] = set()
    install(engine_dir, lambda name, module: seen.add(name))
    return seen


class _FallbackFinder:
    """Last on sys.meta_path: finds in the full stdlib zip what the trimmed one lacks, also
    submodules of packages the trimmed one has (whose __path__ only points into the trimmed)."""

    def __init__(self, archive: str) -> None:
        self.archive = archive

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        parent = name.rpartition(".")[0]
        prefix = f"{self.archive}/{parent.replace('.', '/')}/" if parent else self.archive
        try:
            return zipimport.zipimporter(prefix).find_spec(name)
        except zipimport.ZipImportError:
            return None


def guard(engine_dir: str, fallback: str) -> None:
    """Let the test tools import from `fallback` (the full stdlib zip), but fail any engine
    import it serves: the reader's Python has only the trimmed library."""
    sys.meta_path.append(_FallbackFinder(fallback))

    def check(name: str, module: ModuleType) -> None:
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) or ""
        if origin.startswith(fallback):
            raise ImportError(
                f"the engine imports {name}, which is not in the trimmed standard library: "
                "regenerate sitebuild/stdlib_modules.txt (python -m sitebuild.stdlib_modules)"
            )

    install(engine_dir, check)
