"""Our JavaScript modules are published under names made from their content, so a page and
its modules from two deployments are never mixed under Pages' ten-minute caching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild.hashed_modules import MODULE_DIR, hash_modules
from sitebuild.paths import content_hash
from tests.site.test_build import html_pages

pytestmark = pytest.mark.site

HASHED = re.compile(r"([a-z_]+)\.([0-9a-f]{16})\.mjs")
SIBLING = re.compile(r"""["']\./([^"']+\.mjs)["']""")


def test_every_module_is_named_after_its_content_and_names_only_published_siblings(
    built_site: Path,
) -> None:
    modules = sorted((built_site / MODULE_DIR).glob("*.mjs"))
    assert {"calculator", "compare", "python", "start", "worker"} == {
        HASHED.fullmatch(m.name).group(1)  # type: ignore[union-attr]
        for m in modules
    }
    names = {m.name for m in modules}
    for module in modules:
        text = module.read_text()
        assert HASHED.fullmatch(module.name).group(2) == content_hash(text.encode())  # type: ignore[union-attr]
        assert set(SIBLING.findall(text)) <= names, module.name


def test_pages_load_the_hashed_modules_only(built_site: Path) -> None:
    names = {m.name for m in (built_site / MODULE_DIR).glob("*.mjs")}
    for page in html_pages(built_site):
        referenced = re.findall(rf"{MODULE_DIR}/([^\"'/]+\.mjs)[\"']", page.read_text())
        assert referenced, page
        assert set(referenced) <= names, page


def test_a_change_in_a_module_renames_the_modules_that_import_it(tmp_path: Path) -> None:
    def publish(leaf_body: str) -> dict[str, str]:
        site = tmp_path / leaf_body
        folder = site / MODULE_DIR
        folder.mkdir(parents=True)
        (folder / "leaf.mjs").write_text(leaf_body)
        (folder / "top.mjs").write_text('import { x } from "./leaf.mjs";\n')
        (site / "index.html").write_text(f'<script src="{MODULE_DIR}/top.mjs" type="module">')
        renamed = hash_modules(site)
        assert renamed["top.mjs"] in (site / "index.html").read_text()
        assert f'"./{renamed["leaf.mjs"]}"' in (folder / renamed["top.mjs"]).read_text()
        return renamed

    first, second = publish("export const x = 1;"), publish("export const x = 2;")
    assert first["leaf.mjs"] != second["leaf.mjs"]
    assert first["top.mjs"] != second["top.mjs"]  # its text names the new leaf


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.mjs": 'import "./b.mjs";', "b.mjs": 'import "./a.mjs";'}, "cycle"),
        ({"a.mjs": 'import "./gone.mjs";'}, "not published"),
    ],
)
def test_a_broken_module_graph_fails_the_build(
    files: dict[str, str], message: str, tmp_path: Path
) -> None:
    folder = tmp_path / MODULE_DIR
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    with pytest.raises(ValueError, match=message):
        hash_modules(tmp_path)
