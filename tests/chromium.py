"""Which Chromium to drive, and how: shared by the browser tests and the benchmark."""

from __future__ import annotations

import os
import shutil

__all__ = ["CHROMIUM_FLAGS", "chromium_executable"]

# Flags that keep Debian's Chromium quiet on a closed network (see DESIGN.md, "Facts verified").
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """$CHROMIUM_EXECUTABLE, else `chromium` on PATH, else None (Playwright's own browser)."""
    explicit = os.environ.get("CHROMIUM_EXECUTABLE")
    if explicit:
        return explicit
    return shutil.which("chromium") or None
