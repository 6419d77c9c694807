// Run pytest inside real Pyodide under Node, offline:
//   node tests/pyodide/run_pytest.mjs --wheels DIR -- [pytest args...]
// Loads the pinned npm Pyodide, installs pure-Python wheels from DIR (pytest, hypothesis, ...),
// mounts the project at /project and exits with pytest's exit code.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const pyodideDir = path.join(projectRoot, "node_modules", "pyodide");

function parseArgs(argv) {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  const pytestArgs = split === -1 ? [] : argv.slice(split + 1);
  const at = own.indexOf("--wheels");
  if (at === -1 || !own[at + 1]) throw new Error("usage: run_pytest.mjs --wheels DIR -- [pytest args]");
  return { wheels: path.resolve(own[at + 1]), pytestArgs };
}

async function main() {
  const { wheels, pytestArgs } = parseArgs(process.argv.slice(2));
  const { loadPyodide } = await import(path.join(pyodideDir, "pyodide.mjs"));
  const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  console.log(`Pyodide ${pyodide.version}, Python ${version}`);

  // unpackArchive extracts into the working directory unless told where site-packages is.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  const names = (await readdir(wheels)).filter((name) => name.endsWith(".whl")).sort();
  if (names.length === 0) throw new Error(`no wheels in ${wheels}`);
  for (const name of names) {
    try {
      const bytes = await readFile(path.join(wheels, name));
      // A Node Buffer is not a plain typed array to Pyodide: hand it a Uint8Array view.
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      pyodide.unpackArchive(view, "wheel", { extractDir: sitePackages });
    } catch (error) {
      throw new Error(`could not install ${name}: ${error.message}`);
    }
  }

  pyodide.mountNodeFS("/project", projectRoot);
  pyodide.runPython(`
import importlib, os, sys
importlib.invalidate_caches()  # the wheels were unpacked after start-up
os.chdir("/project")
sys.path.insert(0, "/project")
# Nothing may be written into the work tree: no bytecode, no pytest cache, no hypothesis database.
sys.dont_write_bytecode = True
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = "/tmp/hypothesis"
`);
  const pytest = pyodide.pyimport("pytest");
  const args = pyodide.toPy(["-p", "no:cacheprovider", ...pytestArgs]);
  const code = Number(pytest.main(args));
  args.destroy();
  pytest.destroy();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: ${error.message}`);
    process.exit(3);
  },
);
