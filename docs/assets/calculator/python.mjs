// The page's side of the calculator's Python: one module Web Worker per visit, started at most
// once however it is asked for (from the page's <head>, on a reader's intent on a guide page,
// or by the calculator itself), and calls into it. Every module that imports this file shares
// the one worker: a module is evaluated once per page, and instant navigation keeps the page.

const WORKER_URL = new URL("./worker.mjs", import.meta.url);
const DEFAULT_RUNTIME_URL = new URL("../pyodide/", import.meta.url);

// Where the runtime files are, from an element's data-runtime, data-wheel, data-snapshot and
// data-runtime-sizes (the build writes them: their names carry content hashes). Resolved
// against the page on screen, which is the element's page when this is called.
export function runtimeUrls(element) {
  const resolve = (href) => (href ? new URL(href, location.href).href : "");
  return {
    runtimeUrl: resolve(element.dataset.runtime) || DEFAULT_RUNTIME_URL.href,
    wheelUrl: resolve(element.dataset.wheel),
    snapshotUrl: resolve(element.dataset.snapshot),
    sizes: JSON.parse(element.dataset.runtimeSizes || "{}"),
  };
}

const python = {
  worker: null,
  ready: null, // Promise<{version, startedFrom}> while loading or loaded
  nextId: 1,
  pending: new Map(),
  listeners: new Set(), // progress callbacks of the mounted calculator
  workersStarted: 0, // for tests: must stay 1 across navigations
  startedBy: null, // "head", "intent" or "calculator": what asked first (for tests and the benchmark)
};

// Progress of the start (download and install stages), for whoever shows it.
export function onProgress(listener) {
  python.listeners.add(listener);
  return () => python.listeners.delete(listener);
}

// A worker loaded from its own URL is outside the page's Content-Security-Policy (a <meta>
// policy does not reach it), so it could fetch anything. A worker whose script is a blob: URL
// inherits the policy of the page that made it (CSP 3, "policy container"), so the module is
// imported from a one-line blob: its fetches are then held to connect-src 'self' like the
// page's. GitHub Pages cannot send a CSP header, so this is the only way to cover the worker.
function createWorker() {
  const source = `import ${JSON.stringify(WORKER_URL.href)};\n`;
  const blobUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(blobUrl, { type: "module" });
  return { worker, blobUrl };
}

// Start Python unless it is starting or running already; `by` says who asked (kept if first).
export function startPython(urls, by) {
  if (python.ready) return python.ready;
  python.startedBy = by;
  const { worker, blobUrl } = createWorker();
  python.worker = worker;
  python.workersStarted += 1;
  worker.onmessage = ({ data }) => {
    if (data.type === "progress") {
      for (const listener of python.listeners) listener(data);
      return;
    }
    if (data.type === "fatal") {
      failWorker(new Error(data.message));
      return;
    }
    const request = python.pending.get(data.id);
    if (!request) return;
    python.pending.delete(data.id);
    if (data.ok) request.resolve(data.value);
    else request.reject(Object.assign(new Error(data.error.message), { kind: data.error.kind }));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failWorker(new Error(event.message || "the calculator's worker stopped"));
  };
  python.ready = send({ type: "init", ...urls });
  python.ready.finally(() => URL.revokeObjectURL(blobUrl)).catch(() => stopPython());
  return python.ready;
}

// A calculation takes milliseconds; a worker silent for this long has died (a crash or the
// browser reclaiming it), and the next input restarts it.
const CALL_TIMEOUT_MS = 5000;

function send(message) {
  return new Promise((resolve, reject) => {
    const id = python.nextId++;
    const watchdog = message.type === "init" ? null : setTimeout(() => {
      failWorker(new Error("the calculator's worker stopped responding"));
    }, CALL_TIMEOUT_MS);
    const settle = (fn) => (value) => { clearTimeout(watchdog); fn(value); };
    python.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
    python.worker.postMessage({ ...message, id });
  });
}

function failWorker(error) {
  for (const request of python.pending.values()) request.reject(error);
  python.pending.clear();
  stopPython();
}

function stopPython() {
  if (python.worker) python.worker.terminate();
  python.worker = null;
  python.ready = null;
}

export const isPythonRunning = () => python.ready !== null;

export async function callPython(fn, args, kwargs = {}) {
  if (!python.ready) throw new Error("Python is not running");
  await python.ready;
  return send({ type: "call", fn, args, kwargs });
}

// For tests and debugging: workers started this visit (must stay 1), who started Python, heap
// figures, and a way to kill the worker as a crash would.
window.__calculator = {
  get workersStarted() { return python.workersStarted; },
  get startedBy() { return python.startedBy; },
  stats: async () => { await python.ready; return send({ type: "stats" }); },
  killWorker: () => python.worker && python.worker.terminate(),
};
