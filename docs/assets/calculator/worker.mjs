// The calculator's Python, in a module Web Worker: Pyodide from this site, the engine's wheel
// installed with unpackArchive, and calls into `calculator.web`. Messages are plain JSON:
//   in:  {id, type: "init", wheelUrl} | {id, type: "call", fn, args, kwargs}
//   out: {type: "progress", stage, loaded, total} | {type: "fatal", message}
//        | {id, ok: true, value} | {id, ok: false, error}

const runtimeUrl = new URL("../pyodide/", import.meta.url).href;
let pyodide = null;
let web = null;
let expectedSizes = {}; // file name -> bytes, from the page (the build knows them)
let proxyTracing = false; // turned on by the first "stats" message (tests only)

// Count bytes as Pyodide's own fetches stream in, so the page can show real progress. A failed
// or truncated download is reported as fatal at once: Pyodide's loader can hang on one
// instead of rejecting, and the page must be able to offer a retry.
const realFetch = globalThis.fetch.bind(globalThis);

function fatal(message) {
  postMessage({ type: "fatal", message });
  return new Error(message);
}

// Pyodide can also hang without a download error (e.g. a wasm file that will not compile).
// While loading, silence for this long means it never will finish.
const STALL_MS = 20000;
let stallTimer = null;
function stillLoading() {
  clearTimeout(stallTimer);
  stallTimer = setTimeout(() => fatal("loading stalled (the Python runtime did not start)"), STALL_MS);
}

globalThis.fetch = async (input, init) => {
  const name = new URL(String(input), self.location.href).pathname.split("/").pop();
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    throw fatal(`could not download ${name} (${error.message})`);
  }
  if (!response.ok) throw fatal(`could not download ${name} (HTTP ${response.status})`);
  if (!response.body) return response;
  const total = Number(response.headers.get("content-length")) || 0;
  let loaded = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      if (stallTimer) stillLoading();
      postMessage({ type: "progress", stage: `Downloading ${name}`, file: name, loaded, total });
      controller.enqueue(chunk);
    },
    flush() {
      const expected = expectedSizes[name] || total;
      if (expected && loaded !== expected) throw fatal(`${name} was cut short (${loaded} of ${expected} bytes)`);
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
};

async function init(wheelUrl, sizes) {
  expectedSizes = sizes || {};
  stillLoading();
  postMessage({ type: "progress", stage: "Starting Python", loaded: 0, total: 0 });
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtimeUrl).href);
  // packageBaseUrl: never fall back to a CDN for packages (the site is used offline).
  pyodide = await loadPyodide({ indexURL: runtimeUrl, packageBaseUrl: runtimeUrl });
  postMessage({ type: "progress", stage: "Installing the calculator", loaded: 0, total: 0 });
  const wheel = await (await fetch(wheelUrl)).arrayBuffer();
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  web = pyodide.pyimport("calculator.web");
  clearTimeout(stallTimer);
  stallTimer = null;
  return pyodide.version;
}

// Call a function of calculator.web with JSON-able arguments; return a plain JS value.
function call(fn, args = [], kwargs = {}) {
  const pyArgs = args.map((arg) => pyodide.toPy(arg));
  const method = web[fn];
  try {
    const result = method.callKwargs(...pyArgs, kwargs);
    if (result && typeof result.toJs === "function") {
      const value = result.toJs({ dict_converter: Object.fromEntries });
      result.destroy();
      return value;
    }
    return result;
  } finally {
    method.destroy();
    for (const arg of pyArgs) if (arg && typeof arg.destroy === "function") arg.destroy();
  }
}

function describe(error) {
  // Python exceptions arrive as PythonError with the traceback in .message; keep the last line.
  const isPython = pyodide && error instanceof pyodide.ffi.PythonError;
  const text = String(error && error.message ? error.message : error).trim();
  return { kind: isPython ? "python" : "javascript", message: isPython ? text.split("\n").pop() : text };
}

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    if (type === "init") {
      postMessage({ id, ok: true, value: await init(data.wheelUrl, data.sizes) });
    } else if (type === "stats") {
      // For the soak test: the wasm heap, Python's live objects, and (once tracing is on)
      // the PyProxies still alive, so a forgotten destroy() shows up as a count.
      if (!proxyTracing) pyodide._module.enable_pyproxy_allocation_tracing();
      proxyTracing = true;
      const objects = pyodide.runPython("import gc; gc.collect(); len(gc.get_objects())");
      postMessage({ id, ok: true, value: {
        heapBytes: pyodide._module.HEAP8.length,
        pythonObjects: objects,
        liveProxies: pyodide._module.pyproxy_alloc_map.size,
      } });
    } else if (type === "call") {
      if (!web) throw new Error("the calculator is not loaded yet");
      postMessage({ id, ok: true, value: call(data.fn, data.args, data.kwargs) });
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  } catch (error) {
    postMessage({ id, ok: false, error: describe(error) });
  }
};
