"""Our JavaScript modules published under names made from their content.

GitHub Pages sends `max-age=600`: for ten minutes after a redeploy a reader's browser may pair
a new page with an old module from its cache, or a new module with an old one it imports (a
missing export stops every module of the page). Named after their content, like the runtime
files, an old and a new module are never mixed. A module's name covers the names it refers
to, so modules are renamed leaves first. Applied by `pipeline.finish` after every page has
its start script (sitebuild/head.py writes the plain names) and before the CSP.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.paths import content_hash

MODULE_DIR = "assets/calculator"
# A sibling module named in a module: `from "./python.mjs"`, `new URL("./worker.mjs", …)`.
_SIBLING = re.compile(r"""(["'])\./([a-z_]+\.mjs)\1""")


def hash_modules(site_dir: Path) -> dict[str, str]:
    """Rename every module of MODULE_DIR to `<stem>.<hash>.mjs`, rewriting the references in
    the modules and the pages; returns {old name: new name}."""
    folder = site_dir / MODULE_DIR
    sources = {path.name: path.read_text("utf-8") for path in sorted(folder.glob("*.mjs"))}
    renamed: dict[str, str] = {}

    def rename(name: str, seen: tuple[str, ...] = ()) -> str:
        if name in renamed:
            return renamed[name]
        if name in seen:
            raise ValueError(f"modules import each other in a cycle: {' -> '.join(seen)}")
        for sibling in {m.group(2) for m in _SIBLING.finditer(sources[name])}:
            if sibling not in sources:
                raise ValueError(f"{name} refers to ./{sibling}, which is not published")
            rename(sibling, (*seen, name))
        text = _SIBLING.sub(
            lambda m: f"{m.group(1)}./{renamed[m.group(2)]}{m.group(1)}", sources[name]
        )
        new_name = f"{name.removesuffix('.mjs')}.{content_hash(text.encode())}.mjs"
        (folder / new_name).write_text(text, "utf-8")
        (folder / name).unlink()
        renamed[name] = new_name
        return new_name

    for name in sources:
        rename(name)
    reference = re.compile(
        rf"""({re.escape(MODULE_DIR)}/)({"|".join(map(re.escape, renamed))})(?=["'])"""
    )
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        rewritten = reference.sub(lambda m: m.group(1) + renamed[m.group(2)], html)
        if rewritten != html:
            page.write_text(rewritten, "utf-8")
    return renamed
