// Run pytest inside real Pyodide under Node, offline:
//
//   node tests/pyodide/run_pytest.mjs --wheels DIR [--mount HOSTDIR]... [--record-imports OUT.json]
//        [--stdlib ZIP] -- [pytest args...]
//
// Loads the pinned Pyodide from node_modules/pyodide (no CDN: nothing is loaded by name),
// installs every pure-Python wheel in DIR (pytest, hypothesis and their dependencies; see
// fetch_wheels.py), mounts the project at the same absolute path it has on the host, and exits
// with pytest's exit code (3 if the runner itself fails before pytest could run).
//
// --mount HOSTDIR mounts one more host directory at its own path, e.g. a throwaway test folder
// outside the project.
//
// --record-imports OUT.json writes the modules the engine imported (see engine_imports.py), for
// sitebuild/stdlib_modules.py. --stdlib ZIP starts Python with that standard library (the
// site's trimmed one); the full one is still reachable for pytest and hypothesis, but an
// engine import it would serve fails, as it would for a reader.
//
// Nothing is written into the mounted tree: no bytecode, no pytest cache,
// and hypothesis keeps its database in Pyodide's in-memory /tmp.
import { existsSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const pyodideDir = path.join(projectRoot, "node_modules", "pyodide");
const USAGE =
  "usage: node run_pytest.mjs --wheels DIR [--mount HOSTDIR]... [--record-imports OUT.json] [--stdlib ZIP] -- [pytest args...]";
const FULL_STDLIB_INSIDE = "/tmp/full-stdlib/python_stdlib.zip"; // the fallback for --stdlib

class RunnerError extends Error {}

function parseArgs(argv) {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  const pytestArgs = split === -1 ? [] : argv.slice(split + 1);
  let wheels = null;
  let recordImports = null;
  let stdlib = null;
  const mounts = [];
  for (let i = 0; i < own.length; i += 2) {
    const [flag, value] = [own[i], own[i + 1]];
    if (value === undefined) throw new RunnerError(`${flag} needs a value\n${USAGE}`);
    if (flag === "--wheels") wheels = path.resolve(value);
    else if (flag === "--mount") mounts.push(path.resolve(value));
    else if (flag === "--record-imports") recordImports = path.resolve(value);
    else if (flag === "--stdlib") stdlib = path.resolve(value);
    else throw new RunnerError(`unknown option ${flag}\n${USAGE}`);
  }
  if (wheels === null) throw new RunnerError(USAGE);
  if (stdlib !== null && !existsSync(stdlib)) throw new RunnerError(`no such file ${stdlib}`);
  return { wheels, mounts, recordImports, stdlib, pytestArgs };
}

// Python's stdout and stderr go straight to ours, byte for byte, as they are written (pytest's
// progress dots show up as they happen, not a line at a time).
function passThrough(stream) {
  return {
    isatty: Boolean(stream.isTTY),
    write(buffer) {
      stream.write(Buffer.from(buffer)); // a copy: the view points into Pyodide's memory
      return buffer.length;
    },
  };
}

async function installWheels(pyodide, directory) {
  if (!existsSync(directory)) {
    throw new RunnerError(`no wheel directory ${directory} (run: python tests/pyodide/fetch_wheels.py)`);
  }
  const names = (await readdir(directory)).filter((name) => name.endsWith(".whl")).sort();
  if (names.length === 0) throw new RunnerError(`no wheels in ${directory}`);
  // Two versions of one distribution would be unpacked over each other: refuse.
  const seen = new Map();
  for (const name of names) {
    const distribution = name.split("-")[0].toLowerCase().replace(/[-_.]+/g, "_");
    if (seen.has(distribution)) {
      throw new RunnerError(`two wheels of ${distribution} in ${directory}: ${seen.get(distribution)}, ${name}`);
    }
    seen.set(distribution, name);
  }
  // unpackArchive extracts into the working directory unless told where site-packages is.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const name of names) {
    if (!/-none-any\.whl$/.test(name)) {
      throw new RunnerError(`could not install ${name}: not a pure-Python (none-any) wheel`);
    }
    try {
      const bytes = await readFile(path.join(directory, name));
      // A Node Buffer is not a plain typed array to Pyodide: hand it a Uint8Array view.
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      pyodide.unpackArchive(view, "wheel", { extractDir: sitePackages });
    } catch (error) {
      throw new RunnerError(`could not install ${name}: ${error.message}`);
    }
  }
  return names;
}

function mount(pyodide, hostDir) {
  if (!existsSync(hostDir)) throw new RunnerError(`cannot mount ${hostDir}: no such directory`);
  try {
    pyodide.mountNodeFS(hostDir, hostDir);
  } catch (error) {
    throw new RunnerError(`cannot mount ${hostDir} in Pyodide: ${error.message}`);
  }
}

async function main() {
  const { wheels, mounts, recordImports, stdlib, pytestArgs } = parseArgs(process.argv.slice(2));
  const entry = path.join(pyodideDir, "pyodide.mjs");
  if (!existsSync(entry)) {
    throw new RunnerError(`${entry} is missing: run \`npm ci\` in ${projectRoot}`);
  }
  const { loadPyodide } = await import(pathToFileURL(entry).href);
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    ...(stdlib ? { stdLibURL: stdlib } : {}),
    env: {
      HYPOTHESIS_STORAGE_DIRECTORY: "/tmp/hypothesis",
      // Hypothesis picks its derandomized "ci" profile when CI is set: CI then runs the same
      // examples in Pyodide as on CPython, and a local run still explores new ones.
      ...(process.env.CI ? { CI: process.env.CI } : {}),
    },
  });
  pyodide.setStdout(passThrough(process.stdout));
  pyodide.setStderr(passThrough(process.stderr));
  const pythonVersion = pyodide.runPython("import sys; sys.version.split()[0]");
  console.log(`Pyodide ${pyodide.version}, Python ${pythonVersion}`);

  await installWheels(pyodide, wheels);
  for (const hostDir of [projectRoot, ...mounts]) mount(pyodide, hostDir);
  const engineDir = path.join(projectRoot, "calculator") + path.sep;
  if (stdlib) {
    pyodide.FS.mkdirTree(path.posix.dirname(FULL_STDLIB_INSIDE));
    pyodide.FS.writeFile(FULL_STDLIB_INSIDE, new Uint8Array(await readFile(path.join(pyodideDir, "python_stdlib.zip"))));
  }
  const watch = pyodide.runPython(`
import sys

def watch(project_root, engine_dir, record, fallback):
    sys.path.insert(0, project_root)
    from tests.pyodide import engine_imports
    if fallback:
        engine_imports.guard(engine_dir, fallback)
    return engine_imports.record(engine_dir) if record else None

watch
`);
  const recorded = watch(projectRoot, engineDir, recordImports !== null, stdlib ? FULL_STDLIB_INSIDE : null);
  watch.destroy();

  const runPytest = pyodide.runPython(`
import importlib, os, sys

def run_pytest(project_root, args):
    importlib.invalidate_caches()  # the wheels were unpacked after start-up
    # Nothing may be written into the mounted work tree: no bytecode (pytest's assertion
    # rewriting honours this too), no pytest cache (-p no:cacheprovider), and hypothesis's
    # database lives under HYPOTHESIS_STORAGE_DIRECTORY in the in-memory /tmp.
    sys.dont_write_bytecode = True
    os.chdir(project_root)
    sys.path.insert(0, project_root)  # \`import calculator\` and \`import tests...\`
    import pytest

    return int(pytest.main(["-p", "no:cacheprovider", *args]))

run_pytest
`);
  const args = pyodide.toPy(pytestArgs);
  try {
    const code = runPytest(projectRoot, args);
    if (recordImports !== null) {
      writeFileSync(recordImports, JSON.stringify(Array.from(recorded.toJs()).sort(), null, 1) + "\n");
    }
    return code;
  } finally {
    recorded?.destroy?.();
    args.destroy();
    runPytest.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    // Runner failures (bad usage, missing runtime, a wheel that will not install) are exit 3,
    // like pytest's own "internal error", so they are never mistaken for a pass.
    console.error(`run_pytest.mjs: error: ${error instanceof RunnerError ? error.message : error.stack}`);
    process.exit(3);
  },
);
