// Build time: pyodide-build's py-compile, run inside the pinned Pyodide under Node (offline), so
// the bytecode is made by the very Python 3.14 that will run it in the browser.
//
//     node py_compile.mjs PYODIDE_DIR TOOLS_WHEEL_DIR IN_ARCHIVE OUT_DIR...   (run by bytecode.py)
//
// Each IN_ARCHIVE (a .whl or .zip) is written to OUT_DIR under the name py-compile gives it
// (a wheel's tag becomes cp314); its name is printed, one line per archive.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, toolsDir, ...jobs] = process.argv.slice(2);
if (!toolsDir || jobs.length === 0 || jobs.length % 2 !== 0) {
  console.error("usage: node py_compile.mjs PYODIDE_DIR TOOLS_WHEEL_DIR (IN_ARCHIVE OUT_DIR)...");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
// SOURCE_DATE_EPOCH makes py_compile write hash-based .pyc files: same source, same bytes.
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  args: [],
  env: { SOURCE_DATE_EPOCH: "1767225600" },
});
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
for (const name of readdirSync(toolsDir).filter((n) => n.endsWith(".whl")).sort()) {
  const bytes = readFileSync(path.join(toolsDir, name));
  pyodide.unpackArchive(new Uint8Array(bytes), "wheel", { extractDir: sitePackages });
}
const compile = pyodide.runPython(`
import importlib
importlib.invalidate_caches()  # the tools were unpacked after start-up
from pathlib import Path
from pyodide_build._py_compile import _py_compile_archive

def compile(path):
    made = _py_compile_archive(Path(path), keep=True, verbose=False)
    if made is None:
        raise ValueError(f"{path}: nothing to compile")
    return str(made)

compile
`);
pyodide.FS.mkdirTree("/tmp/py-compile");
for (let i = 0; i < jobs.length; i += 2) {
  const [input, outDir] = [jobs[i], jobs[i + 1]];
  const inside = `/tmp/py-compile/${path.basename(input)}`;
  pyodide.FS.writeFile(inside, new Uint8Array(readFileSync(input)));
  const made = compile(inside);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, path.basename(made)), pyodide.FS.readFile(made));
  console.log(path.basename(made));
}
