// Build tool: the standard-library files a fresh Pyodide loads to start, install the engine's
// wheel as the worker does, import every engine module, run its entry points and import the
// modules named in NAMES.json (what the engine suite imported: run_pytest.mjs --record-imports).
//
//     node stdlib_closure.mjs PYODIDE_DIR WHEEL NAMES.json      (run by stdlib_modules.py)
//
// Prints the files' paths inside python_stdlib.zip as JSON.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, namesPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, args: [] });
// The worker's own steps, in its order (worker.mjs): site-packages, unpack, import.
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
pyodide.runPython("import importlib; importlib.invalidate_caches()");
pyodide.pyimport("calculator.web");
try {
  pyodide.runPython("raise ValueError('an error on its way to JavaScript is formatted')");
} catch {
  // expected: Pyodide formats the traceback with Python modules, which must be there
}
const names = JSON.parse(readFileSync(namesPath, "utf-8"));
pyodide.runPython(readFileSync(new URL("./engine_warm_up.py", import.meta.url), "utf-8"));
const files = pyodide.runPython(`
import importlib, json, sys
for name in json.loads(${JSON.stringify(JSON.stringify(names))}):
    importlib.import_module(name)

zip_path = next(p for p in sys.path if p.endswith(".zip"))
files = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(zip_path + "/"):
        files.add(origin[len(zip_path) + 1 :])
json.dumps(sorted(files))
`);
console.log(files);
