// The calculator's glue on the main thread. Loaded on every page as a tiny module; it does
// nothing unless the page has the calculator, and it starts Python (in a module Web Worker)
// at most once per visit, however often Material's instant navigation brings the page back.
// Python owns every rule and every piece of output; this file only moves data and DOM.

import { Compare } from "./compare.mjs"; // issue 15: pinned vs live scenario

const WORKER_URL = new URL("./worker.mjs", import.meta.url);

// One worker for the whole visit (module scope survives instant navigation).
const python = {
  worker: null,
  ready: null, // Promise<{version, startedFrom}> while loading or loaded
  nextId: 1,
  pending: new Map(),
  listeners: new Set(), // progress callbacks of the mounted page
  workersStarted: 0, // exposed for tests: must stay 1 across navigations
};

function startPython(wheelUrl, sizes, snapshotUrl, runtimeUrl) {
  if (python.ready) return python.ready;
  python.worker = new Worker(WORKER_URL, { type: "module" });
  python.workersStarted += 1;
  python.worker.onmessage = ({ data }) => {
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
  python.worker.onerror = (event) => {
    event.preventDefault();
    failWorker(new Error(event.message || "the calculator's worker stopped"));
  };
  python.ready = send({ type: "init", wheelUrl, sizes, snapshotUrl, runtimeUrl });
  python.ready.catch(() => stopPython());
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

async function callPython(fn, args, kwargs = {}) {
  if (!python.ready) throw new Error("Python is not running");
  await python.ready;
  return send({ type: "call", fn, args, kwargs });
}

// ---------------------------------------------------------------------------------------------

function readForm(form) {
  const raw = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    raw[element.name] = element.type === "checkbox" ? String(element.checked) : element.value;
  }
  return raw;
}

function writeForm(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const element = form.elements.namedItem(name);
    if (!element) continue;
    if (element.type === "checkbox") element.checked = ["true", "yes", "on", "1"].includes(value.trim().toLowerCase());
    // A select cannot show a value it has no option for: keep its answer; the error says why.
    else if (element.tagName === "SELECT" && ![...element.options].some((o) => o.value === value)) continue;
    else element.value = value;
  }
}

function showErrors(root, errors) {
  const byField = new Map(errors.map((error) => [error.field, error.message]));
  for (const slot of root.querySelectorAll(".calc-field .calc-error")) {
    const field = slot.id.replace(/^error-/, "");
    const message = byField.get(field);
    byField.delete(field);
    slot.textContent = message || "";
    slot.hidden = !message;
    const control = root.querySelector(`#input-${CSS.escape(field)}`);
    if (control && message) control.setAttribute("aria-invalid", "true");
    else if (control) control.removeAttribute("aria-invalid");
  }
  // Errors that belong to no field (an unknown name in a shared link, say).
  const general = root.querySelector("#calc-general-error");
  const rest = [...byField].map(([field, message]) => `${field || "(a link parameter with no name)"}: ${message}`);
  general.textContent = rest.join(" ");
  general.hidden = rest.length === 0;
}

// --- What the reader hears and sees after each change (issue 14) --------------------------------

const ANNOUNCE_AFTER_MS = 500; // one announcement per burst of typing, not one per keystroke

// The page's one polite live region: a sentence per change, never the whole result.
function liveRegion(root) {
  let region = root.querySelector("#calc-announcement");
  if (!region) {
    region = Object.assign(document.createElement("p"), { id: "calc-announcement", className: "calc-announcement" });
    region.setAttribute("role", "status");
    region.setAttribute("aria-atomic", "true");
    root.querySelector(".calc-output").prepend(region);
  }
  return region;
}

function fieldLabel(root, field) {
  const label = root.querySelector(`label[for="input-${CSS.escape(field)}"]`);
  return label ? label.textContent.trim() : field || "A link parameter";
}

// After each computation: say the outcome once per distinct set of answers (an input and a
// change event, or a Tab, bring the same answers again), and say why exports are unavailable.
function showOutcome(root, raw, errors, ok) {
  const state = root.__outcome || (root.__outcome = { key: null, timer: null });
  const key = JSON.stringify(Object.entries(raw).sort());
  const first = state.key === null;
  const sameAnswers = key === state.key;
  state.key = key;
  const labels = errors.map((e) => fieldLabel(root, e.field));
  const problems = errors.map((e, i) => `${labels[i]}: ${e.message}`);
  explainExports(root, ok ? [] : labels); // a link's ignored parameter does not block them
  if (sameAnswers || (first && !problems.length)) return; // nothing new to say
  clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    // Read when said: by then the new result (and its sentence, written by Python) is in place.
    const result = root.querySelector("#calc-result-region .calc-result");
    const said = [];
    if (problems.length) said.push(`Check ${problems.length === 1 ? "this answer" : `these ${problems.length} answers`}. ${problems.join(" ")}`);
    said.push(ok ? result.dataset.announcement : "The result shown is for your last valid answers.");
    liveRegion(root).textContent = said.join(" ");
  }, ANNOUNCE_AFTER_MS);
}

// Exports of answers that do not validate cannot be made: say so beside the buttons (which stay
// focusable, so the reason is found by keyboard too) rather than doing nothing on a click.
function explainExports(root, invalidLabels) {
  const toolbar = root.querySelector(".calc-toolbar");
  let note = root.querySelector("#calc-export-note");
  if (!note) {
    note = Object.assign(document.createElement("p"), { id: "calc-export-note", className: "calc-export-note", hidden: true });
    toolbar.after(note);
  }
  const count = invalidLabels.length;
  note.textContent = count ? `Exports are unavailable until ${count === 1 ? "this answer is" : "these answers are"} fixed: ${invalidLabels.join("; ")}.` : "";
  note.hidden = !count;
  for (const button of root.querySelectorAll(".calc-export")) {
    if (count) {
      button.setAttribute("aria-disabled", "true");
      button.setAttribute("aria-describedby", "calc-export-note");
    } else {
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-describedby");
    }
  }
}

// The form is rendered disabled (it does nothing without JavaScript); the result is not live
// (the announcement above is): both change once this script runs.
function prepareForScript(calculator) {
  for (const fieldset of calculator.form.querySelectorAll("fieldset[disabled]")) fieldset.disabled = false;
  calculator.region.removeAttribute("aria-live");
  liveRegion(calculator.root);
  // Retry hides itself while loading: focus goes to the status that replaces it, not <body>.
  calculator.retryButton.addEventListener("click", () => {
    calculator.status.tabIndex = -1;
    calculator.status.focus();
  });
}

const SNAPSHOT_MIN_MBPS = 40;

// Bandwidth as this visit's own downloads saw it, in Mbit/s, from the largest file that came
// over the network; null when everything came from the cache (a repeat visit).
function measuredMbps() {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const samples = entries.filter((e) => e.transferSize > 20000 && e.responseEnd > e.responseStart);
  if (!samples.length) return null;
  const largest = samples.reduce((a, b) => (b.transferSize > a.transferSize ? b : a));
  return (largest.transferSize * 8) / ((largest.responseEnd - largest.responseStart) * 1000);
}

class Calculator {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("#calc-form");
    this.region = root.querySelector("#calc-result-region");
    this.status = root.querySelector("#calc-status-text");
    this.progress = root.querySelector("#calc-progress");
    this.retryButton = root.querySelector("#calc-retry");
    this.busy = false;
    this.queued = null; // the latest inputs waiting for Python (latest wins)
    this.urlErrors = [];
    this.onProgress = (event) => this.showProgress(event);
    this.compare = new Compare(root, callPython, () => this.request(readForm(this.form))); // issue 15
  }

  mount() {
    this.form.addEventListener("input", () => this.request(readForm(this.form)));
    this.form.addEventListener("change", () => this.request(readForm(this.form)));
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.retryButton.addEventListener("click", () => this.start());
    this.root.querySelector("#calc-reset").addEventListener("click", () => this.reset());
    this.root.querySelector("#calc-copy-link").addEventListener("click", () => this.copyLink());
    for (const button of this.root.querySelectorAll(".calc-export")) {
      button.addEventListener("click", () => this.download(button.dataset.format));
    }
    python.listeners.add(this.onProgress);
    prepareForScript(this);
    this.start();
  }

  unmount() {
    python.listeners.delete(this.onProgress);
    this.compare.unmount(); // issue 15
  }

  setState(state, text) {
    this.root.dataset.state = state;
    if (text !== undefined) this.status.textContent = text;
    this.retryButton.hidden = state !== "error";
    this.progress.hidden = state !== "loading";
    for (const button of this.root.querySelectorAll(".calc-toolbar button")) button.disabled = state !== "ready";
  }

  showProgress({ stage, loaded, total }) {
    if (this.root.dataset.state !== "loading") return;
    const size = total ? ` (${(loaded / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB)` : "";
    this.status.textContent = `Loading the live calculator: ${stage}${size}…`;
    if (total) {
      this.progress.value = Math.round((100 * loaded) / total);
      this.progress.textContent = `${this.progress.value}%`;
    } else {
      this.progress.removeAttribute("value"); // indeterminate while a step has no size
    }
  }

  async start() {
    this.setState("loading", "Loading the live calculator…");
    const wheelUrl = new URL(this.root.dataset.wheel, location.href).href;
    const runtimeUrl = new URL(this.root.dataset.runtime, location.href).href; // content-hashed folder
    try {
      const sizes = JSON.parse(this.root.dataset.runtimeSizes || "{}");
      const { version, startedFrom } = await startPython(wheelUrl, sizes, this.snapshotUrl(), runtimeUrl);
      this.root.dataset.startedFrom = startedFrom; // "snapshot" or "fresh", for tests and the benchmark
      await this.applyUrl();
      this.setState("ready", `Live: results update as you type (Python in your browser, Pyodide ${version}).`);
      await this.request(this.queued || readForm(this.form));
    } catch (error) {
      this.setState("error", `The live calculator could not start: ${error.message}. The result shown is for the default answers. Check your connection and retry.`);
    }
  }

  // The snapshot saves over a second of start-up but is 6.8 MB more to download the first
  // time, which pays above about 40 Mbit/s. navigator.connection cannot tell (Chromium reports
  // 1.4 Mbit/s until it has measured), so judge by this page's own downloads.
  snapshotUrl() {
    if (!this.root.dataset.snapshot || navigator.connection?.saveData) return "";
    const mbps = measuredMbps();
    if (mbps !== null && mbps < SNAPSHOT_MIN_MBPS) return "";
    return new URL(this.root.dataset.snapshot, location.href).href;
  }

  async applyUrl() {
    // Only when the page is first shown: after a worker restart the form is already current.
    if (this.urlApplied || !location.search) return;
    this.urlApplied = true;
    const parsed = await callPython("inputs_from_query", [location.search]);
    writeForm(this.form, parsed.values);
    this.urlErrors = parsed.errors;
    this.queued = readForm(this.form);
  }

  // Recompute for `raw`; while a computation or the loading is under way, keep only the latest.
  async request(raw) {
    this.queued = raw;
    if (this.busy || this.root.dataset.state === "loading" || this.root.dataset.state === "error") return;
    this.busy = true;
    try {
      while (this.queued) {
        const next = this.queued;
        this.queued = null;
        await this.compute(next);
      }
    } finally {
      this.busy = false;
    }
  }

  async compute(raw) {
    let result;
    try {
      result = await callPython("evaluate", [raw]);
    } catch (error) {
      if (error.kind === "python") {
        showErrors(this.root, [{ field: "calculator", message: `This input could not be calculated (${error.message}). The last result is kept.` }]);
        return;
      }
      // The worker died: restart it once, transparently, then try again.
      if (!python.ready) {
        this.queued = raw;
        await this.start();
        return;
      }
      throw error;
    }
    const errors = [...this.urlErrors, ...result.errors];
    this.urlErrors = [];
    showErrors(this.root, errors);
    showOutcome(this.root, raw, errors, result.ok);
    if (!result.ok) return; // keep the last valid result
    this.region.innerHTML = result.html; // escaped by the engine's renderer
    this.region.dataset.live = "1"; // for tests and styles: the shown result is a live one
    const url = new URL(location.href);
    url.search = await this.compare.update(raw, result.query); // issue 15: adds pin= if pinned
    history.replaceState(history.state, "", url);
    this.lastRaw = raw;
  }

  reset() {
    this.form.reset();
    this.request(readForm(this.form));
  }

  async copyLink() {
    const button = this.root.querySelector("#calc-copy-link");
    try {
      await navigator.clipboard.writeText(location.href);
      this.status.textContent = "Link copied: it reproduces this result exactly.";
    } catch {
      this.status.textContent = `Copy this link: ${location.href}`;
    }
    button.focus();
  }

  async download(format) {
    const siteRoot = new URL("../", location.href).href; // the calculator page sits one level down
    // issue 15: absolute links and today's date make the record worth filing.
    const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    const pageUrl = location.origin + location.pathname;
    const result = await callPython("export", [readForm(this.form), format], { link_base: siteRoot, date: today, page_url: pageUrl });
    if (!result.ok) {
      showErrors(this.root, result.errors);
      return;
    }
    const url = URL.createObjectURL(new Blob([result.text], { type: result.mime }));
    const link = Object.assign(document.createElement("a"), { href: url, download: result.filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

let mounted = null;

function mountIfPresent() {
  const root = document.getElementById("calc-app");
  if (mounted && mounted.root === root) return;
  if (mounted) mounted.unmount();
  mounted = null;
  if (!root) return;
  mounted = new Calculator(root);
  mounted.mount();
}

// For tests and debugging: workers started this visit (must stay 1), heap figures, and a way
// to kill the worker as a crash would.
window.__calculator = {
  get workersStarted() { return python.workersStarted; },
  stats: async () => { await python.ready; return send({ type: "stats" }); },
  killWorker: () => python.worker && python.worker.terminate(),
};

// Material's instant navigation swaps the page content and emits on document$.
if (typeof window.document$ !== "undefined") window.document$.subscribe(mountIfPresent);
else mountIfPresent();
