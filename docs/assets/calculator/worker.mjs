// The calculator's Python, in a module Web Worker: Pyodide from this site, the engine's wheel
// installed with unpackArchive, and calls into `calculator.web`. Messages are plain JSON:
//   in:  {id, type: "init", runtimeUrl, wheelUrl, sizes, snapshotUrl}
//        | {id, type: "call", fn, args, kwargs} | {id, type: "stats"}
//   out: {type: "progress", stage, loaded, total, size} | {type: "fatal", message}
//        | {id, ok: true, value} | {id, ok: false, error}
// The page starts this module from a blob: URL so that the worker runs under the page's
// Content-Security-Policy (see calculator.mjs); relative URLs are therefore resolved against
// import.meta.url, never against self.location (the blob).

let pyodide = null;
let web = null;
let toJson = null; // Python's json.dumps
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

// Progress is one figure for the whole start: bytes received of all counted downloads, against
// the sizes the page gave (decoded sizes, so Content-Encoding does not matter) or, for other
// files, the size a response announces. The page turns it into words; this only counts.
const downloads = new Map(); // file name -> {loaded, total}
let baseTotal = 0; // the runtime files the page gave sizes for
let stage = "download";
function report(nextStage) {
  if (nextStage) stage = nextStage;
  let loaded = 0;
  let total = baseTotal;
  for (const [name, file] of downloads) {
    loaded += file.loaded;
    if (!(name in expectedSizes)) total += file.total;
  }
  // `size`, for words, is the runtime alone: it does not jump while the snapshot is judged.
  postMessage({ type: "progress", stage, loaded, total, size: baseTotal });
}

function fileName(input) {
  return new URL(String(input), import.meta.url).pathname.split("/").pop();
}

// Every fetch (Pyodide's own included) is counted; `optional` downloads (the snapshot) fail
// quietly instead of fatally, because there is a way on without them.
async function countedFetch(input, init, { optional = false } = {}) {
  const name = fileName(input);
  const failure = (message) => (optional ? new Error(message) : fatal(message));
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    throw failure(`could not download ${name} (${error.message})`);
  }
  if (!response.ok) throw failure(`could not download ${name} (HTTP ${response.status})`);
  if (!response.body) return response;
  // Content-Length counts the bytes on the wire: when the server compresses on the way, the
  // body read here is longer, so only the page's sizes can check it.
  const announced = inflatedByBrowser(response) ? 0 : Number(response.headers.get("content-length")) || 0;
  const expected = expectedSizes[name] || announced;
  const file = { loaded: 0, total: announced };
  downloads.set(name, file);
  let loaded = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      file.loaded = loaded;
      if (stallTimer) stillLoading();
      report();
      controller.enqueue(chunk);
    },
    flush() {
      if (expected && loaded !== expected) throw failure(`${name} was cut short (${loaded} of ${expected} bytes)`);
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}
// A fresh start after a failed snapshot asks again for files the first attempt had begun to
// download (the wasm, the lock file) but never read: it is handed those responses instead of
// a second download, which the HTTP cache would not always spare (it may be off, or the first
// transfer still under way).
const responses = new Map(); // URL -> Promise of the latest Response for it
globalThis.fetch = async (input, init) => {
  const url = String(input);
  const earlier = await responses.get(url)?.catch(() => null);
  if (earlier && !earlier.bodyUsed) return earlier;
  const response = countedFetch(input, init);
  responses.set(url, response);
  return response;
};

// A response sent with Content-Encoding reaches the page already decompressed.
function inflatedByBrowser(response) {
  return Boolean(response.headers.get("content-encoding"));
}

// The snapshot saves about 0.5 s of start-up but is 3.9 MB more to download the first time
// (`make bench`, 2026-11-25: 1,053 against 1,545 ms; 17.3 against 13.4 MB). It pays on links
// above roughly 60-90 Mbit/s (60 if downloads and start-up added up, 90 if they overlapped
// fully). It downloads beside the wasm, so it gets about half the link: 40 Mbit/s measured on
// its own bytes is a link of about 80. Neither navigator.connection (Chromium reports 1.4
// Mbit/s until it has measured) nor the page's own files (small, gzipped, often cached) can
// tell, so the snapshot's own first bytes decide: received this fast it is worth finishing;
// slower, it is cancelled and Python starts the ordinary way. From the cache, or on a fast
// link, it has arrived before the probe ends and is always used. The rate is taken over the
// probe's second half: TCP's slow start makes the first round trips of any download look slow.
const SNAPSHOT_MIN_MBPS = 40;
const PROBE_MS = 300;

function linkProbe() {
  let firstAt = null;
  let lateBytes = 0; // received in the probe's second half
  let judged = false;
  return new TransformStream({
    transform(chunk, controller) {
      const now = performance.now();
      firstAt ??= now;
      if (now - firstAt >= PROBE_MS / 2) lateBytes += chunk.byteLength;
      if (!judged && now - firstAt >= PROBE_MS) {
        judged = true;
        const mbps = (lateBytes * 8) / ((now - firstAt - PROBE_MS / 2) * 1000);
        if (mbps < SNAPSHOT_MIN_MBPS) {
          throw new Error(`the link is too slow for the snapshot (${mbps.toFixed(1)} Mbit/s)`);
        }
      }
      controller.enqueue(chunk);
    },
  });
}

// The stream as it is, or inflated when its first bytes are gzip's magic number. Applied
// twice: a .gz the server gzips again arrives gzipped once more even after the browser has
// undone the Content-Encoding, and a snapshot must never reach Pyodide still compressed.
async function gunzipIfGzip(stream) {
  const reader = stream.getReader();
  const head = [];
  for (let length = 0; length < 2; ) {
    const { done, value } = await reader.read();
    if (done) throw new Error("the snapshot is empty");
    head.push(value);
    length += value.byteLength;
  }
  const rest = new ReadableStream({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const first = head[0].byteLength >= 2 ? head[0] : new Uint8Array(await new Blob(head).slice(0, 2).arrayBuffer());
  const gzipped = first[0] === 0x1f && first[1] === 0x8b;
  return gzipped ? rest.pipeThrough(new DecompressionStream("gzip")) : rest;
}

// The build's memory snapshot (gzip) holds a running Python with the calculator imported.
// It is inflated as it arrives, overlapping the download (25 ms saved).
async function downloadSnapshot(url) {
  const response = await countedFetch(url, undefined, { optional: true });
  const probed = response.body.pipeThrough(linkProbe());
  const plain = await gunzipIfGzip(await gunzipIfGzip(probed));
  return new Uint8Array(await new Response(plain).arrayBuffer());
}

// Restore from the snapshot, or return null so Python starts the ordinary way: a slow link, a
// missing, cut-short or unusable snapshot costs time, never the calculator.
async function fromSnapshot(loadPyodide, options, url) {
  // Pyodide takes the snapshot as a promise and awaits it only when it instantiates the wasm,
  // so the snapshot, the wasm and pyodide.asm.mjs download side by side, not one after the
  // other. If the snapshot fails, the fresh start that follows is handed the responses this
  // attempt left unread (see globalThis.fetch above).
  const snapshot = downloadSnapshot(url);
  snapshot.catch(() => {}); // handled below, through loadPyodide
  try {
    return await loadPyodide({ ...options, _loadSnapshot: snapshot });
  } catch (error) {
    console.warn(`Calculator: starting without the snapshot (${error.message})`);
    downloads.delete(fileName(url)); // its bytes no longer count towards the start
    return null;
  }
}

// Pyodide imports its .mjs files (not counted by fetch); every other runtime file is fetched.
function fetchedBytes(sizes) {
  return Object.entries(sizes).filter(([name]) => !name.endsWith(".mjs")).reduce((sum, [, bytes]) => sum + bytes, 0);
}

async function init({ runtimeUrl, wheelUrl, sizes, snapshotUrl }) {
  expectedSizes = sizes || {};
  baseTotal = fetchedBytes(expectedSizes);
  downloads.clear();
  stillLoading();
  report("download");
  const wheel = countedFetch(wheelUrl).then((response) => response.arrayBuffer()); // meanwhile
  wheel.catch(() => {}); // a failure is reported as fatal, and awaited below
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtimeUrl).href);
  // packageBaseUrl: never fall back to a CDN for packages (the site is used offline).
  const options = { indexURL: runtimeUrl, packageBaseUrl: runtimeUrl };
  pyodide = snapshotUrl ? await fromSnapshot(loadPyodide, options, snapshotUrl) : null;
  const startedFrom = pyodide ? "snapshot" : "fresh";
  pyodide ??= await loadPyodide(options);
  report("install");
  // Installed even after a snapshot, so the package's files are there as in a fresh start.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  // A fresh Python must see the new files; a snapshot has the engine imported already, and
  // invalidate_caches() would import importlib.metadata (70-110 ms) for nothing.
  if (startedFrom === "fresh") pyodide.runPython("import importlib; importlib.invalidate_caches()");
  web = pyodide.pyimport("calculator.web");
  toJson = pyodide.pyimport("json").dumps;
  clearTimeout(stallTimer);
  stallTimer = null;
  return { version: pyodide.version, startedFrom };
}

// Call a function of calculator.web with JSON-able arguments; return a plain JS value.
// The result crosses as one JSON text: Pyodide copies a string with any non-ASCII character
// into JavaScript one character at a time, and a 23 kB result (its dashes and quotes) made
// enough garbage for a 15-35 ms collection every twenty or so calls. json.dumps escapes
// those characters, so one ASCII string crosses, and JSON.parse is native.
function call(fn, args = [], kwargs = {}) {
  const pyArgs = args.map((arg) => pyodide.toPy(arg));
  const method = web[fn];
  let result;
  try {
    result = method.callKwargs(...pyArgs, kwargs);
    return JSON.parse(toJson(result));
  } finally {
    method.destroy();
    for (const value of [result, ...pyArgs]) if (value && typeof value.destroy === "function") value.destroy();
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
      postMessage({ id, ok: true, value: await init(data) });
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
