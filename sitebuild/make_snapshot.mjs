// Build time: a Pyodide memory snapshot taken with the calculator imported and warmed up, so the
// browser restores a running interpreter instead of starting Python and importing the engine.
//
//     node make_snapshot.mjs PYODIDE_DIR WHEEL OUT.gz      (run by snapshot.py)
//
// The snapshot is tied to this exact Pyodide build and wheel; the worker falls back to a normal
// start if it will not load.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [pyodideDir, wheelPath, outPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
// args: []: sys.argv must not carry this script's arguments into the browser.
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, args: [], _makeSnapshot: true });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });

// Import every module and run each entry point once: lazy imports and cached data then live in
// the snapshot, and the first calculation in the browser is as fast as the next.
pyodide.runPython(readFileSync(new URL("./engine_warm_up.py", import.meta.url), "utf-8"));
writeFileSync(outPath, gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
