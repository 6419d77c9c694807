// The calculator's glue on the main thread. Loaded on every page as a tiny module; it does
// nothing unless the page has the calculator, and it starts Python (in a module Web Worker)
// at most once per visit, however often Material's instant navigation brings the page back.
// Python owns every rule and every piece of output; this file only moves data and DOM.
//
// Page state is one small state machine per mounted page (Calculator.state) and one function
// that shows it (Calculator.render): the form is what the reader sees and edits, `shown` is
// the answers the result region was rendered for, and the region is marked stale, in words
// too, whenever the two differ. The URL is written only with a result, only while this page
// is the one on screen.

import { Compare } from "./compare.mjs"; // issue 15: pinned vs live scenario
import { callPython, isPythonRunning, onProgress, runtimeUrls, startPython } from "./python.mjs";

// ---------------------------------------------------------------------------------------------

function readForm(form) {
  const raw = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    raw[element.name] = element.type === "checkbox" ? String(element.checked) : element.value;
  }
  return raw;
}

// The answers the page was built with: the pre-rendered result is for these. Read from the
// markup's defaults, not the live controls, which the browser may have restored.
function formDefaults(form) {
  const raw = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === "checkbox") raw[element.name] = String(element.defaultChecked);
    else if (element.tagName === "SELECT") {
      const chosen = [...element.options].find((option) => option.defaultSelected) || element.options[0];
      raw[element.name] = chosen ? chosen.value : "";
    } else raw[element.name] = element.defaultValue;
  }
  return raw;
}

const sameAnswers = (a, b) => JSON.stringify(a) === JSON.stringify(b); // same form, same order

// Put values into the form. `exactOnly`: before Python can read a link, take only what needs no
// reading (a select's own option, a checkbox's "true"/"false", any text for a text field, which
// Python will check); Python's normalised values follow when it is ready.
function writeForm(form, values, { skip = new Set(), exactOnly = false } = {}) {
  for (const [name, value] of Object.entries(values)) {
    const element = form.elements.namedItem(name);
    if (!element || skip.has(name)) continue;
    if (element.type === "checkbox") {
      if (value === "true" || value === "false") element.checked = value === "true";
      else if (!exactOnly) element.checked = ["true", "yes", "on", "1"].includes(value.trim().toLowerCase());
    }
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

const MB = (bytes) => (bytes / 1e6).toFixed(1);
const STAGE_WORDS = {
  download: (total) => (total ? `downloading Python (${MB(total)} MB)` : "downloading Python"),
  install: () => "installing the calculator",
};

// A result that lags the form only while a calculation is under way (a few milliseconds) is
// not called stale unless it lasts this long: the note would only flicker.
const UPDATE_GRACE_MS = 400;

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

// Put a new result into the region, touching only the parts that changed (issue 17: a change of
// one answer usually changes the costs and the chart, not the reasons, and the browser then
// styles and lays out only those). The region ends up as the engine's HTML, except that a
// <details> the reader opened stays open.
function showResult(region, html) {
  const incoming = document.createElement("template");
  incoming.innerHTML = html;
  const next = incoming.content.firstElementChild;
  const current = region.firstElementChild;
  const sameShape = current && next && region.childElementCount === 1 && incoming.content.childElementCount === 1
    && current.tagName === next.tagName && current.childElementCount === next.childElementCount;
  if (!sameShape) {
    region.replaceChildren(incoming.content);
    return;
  }
  for (const name of current.getAttributeNames()) if (!next.hasAttribute(name)) current.removeAttribute(name);
  for (const name of next.getAttributeNames()) {
    if (current.getAttribute(name) !== next.getAttribute(name)) current.setAttribute(name, next.getAttribute(name));
  }
  const pairs = [...current.children].map((part, i) => [part, next.children[i]]);
  for (const [part, replacement] of pairs) {
    if (part.isEqualNode(replacement)) continue;
    const allDetails = (element) => [element, ...element.querySelectorAll("details")].filter((e) => e.tagName === "DETAILS");
    const opened = allDetails(part).map((details) => details.open);
    allDetails(replacement).forEach((details, i) => { if (opened[i]) details.open = true; });
    if (!part.isEqualNode(replacement)) part.replaceWith(replacement);
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

// The phone summary's "Full result" link scrolls to the recommendation itself. With instant
// navigation on, Material takes same-page links over (its listener is on the document) and, on
// an address this page has rewritten, does not scroll; a window capture listener runs first.
window.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest(".calc-mobile-link");
  const heading = link && document.getElementById("calc-approach");
  if (!heading) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  heading.tabIndex = -1;
  heading.scrollIntoView({ block: "center" }); // clear of the sticky header and the summary
  heading.focus({ preventScroll: true });
}, { capture: true });

class Calculator {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("#calc-form");
    this.region = root.querySelector("#calc-result-region");
    this.status = root.querySelector("#calc-status-text");
    this.progress = root.querySelector("#calc-progress");
    this.retryButton = root.querySelector("#calc-retry");
    this.staleNote = this.createStaleNote();
    this.pathname = location.pathname;
    this.onProgress = (event) => this.showProgress(event);
    this.state = {
      active: false, // this page is the one on screen
      python: "static", // "loading" | "ready" | "error"
      statusText: this.status.textContent,
      link: location.search, // a shared link still to be read by Python ("" once read)
      touched: new Set(), // fields the reader changed: a link being applied leaves them alone
      shown: formDefaults(this.form), // the answers the result region shows
      linkErrors: [],
      errors: [],
      computing: false,
      queued: null, // the latest answers waiting for Python (latest wins)
      laggingSince: null,
    };
    this.defaults = this.state.shown;
    this.compare = new Compare(root, callPython, () => this.request(readForm(this.form))); // issue 15
  }

  createStaleNote() {
    const note = document.createElement("p");
    note.id = "calc-stale-note";
    note.className = "calc-stale-note";
    note.hidden = true;
    this.region.before(note);
    return note;
  }

  mount() {
    const edited = (event) => {
      if (event.target.name) this.state.touched.add(event.target.name);
      this.request(readForm(this.form));
    };
    this.form.addEventListener("input", edited);
    this.form.addEventListener("change", edited);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.retryButton.addEventListener("click", () => this.start());
    this.root.querySelector("#calc-reset").addEventListener("click", () => this.reset());
    this.root.querySelector("#calc-copy-link").addEventListener("click", () => this.copyLink());
    for (const button of this.root.querySelectorAll(".calc-export")) {
      button.addEventListener("click", () => this.download(button.dataset.format));
    }
    this.state.active = true;
    this.stopProgress = onProgress(this.onProgress);
    // The link's answers are on screen at once; Python reads them properly when it is ready.
    if (this.state.link) writeForm(this.form, Object.fromEntries(new URLSearchParams(this.state.link)), { exactOnly: true });
    prepareForScript(this); // issue 14: enable the form, the live region, focus after Retry
    this.start();
  }

  // The page is being left (instant navigation): nothing of it may touch the next page.
  unmount() {
    this.state.active = false;
    this.state.queued = null;
    clearTimeout(this.graceTimer);
    this.stopProgress();
    this.compare.unmount(); // issue 15
  }

  // --- the one place the state reaches the DOM ------------------------------------------------

  render() {
    const { state } = this;
    this.root.dataset.state = state.python;
    this.status.textContent = state.statusText;
    this.retryButton.hidden = state.python !== "error";
    this.progress.hidden = state.python !== "loading";
    for (const button of this.root.querySelectorAll(".calc-toolbar button")) button.disabled = state.python !== "ready";
    showErrors(this.root, [...state.linkErrors, ...state.errors]);
    const stale = this.staleReason();
    if (stale) this.region.dataset.stale = "true";
    else delete this.region.dataset.stale;
    this.staleNote.textContent = stale;
    this.staleNote.hidden = !stale;
  }

  // Why the result shown is not the result for the form, in words; "" when it is.
  staleReason() {
    const { state } = this;
    if (sameAnswers(readForm(this.form), state.shown)) {
      state.laggingSince = null;
      return "";
    }
    const which = state.shown === this.defaults ? "the default answers" : "earlier answers";
    if (state.python === "loading") {
      return `Not yet updated: the result below is for ${which}. It will match your answers as soon as the live calculator has loaded.`;
    }
    if (state.python !== "ready") {
      return `Not updated: the result below is for ${which}, not for the answers in the form, because the live calculator could not start.`;
    }
    if (state.errors.length || state.linkErrors.length) {
      return `Not updated: the result below is for ${which}. Correct the marked answer to see the result for yours.`;
    }
    // Only a calculation under way: say so if it takes long enough to be seen.
    const now = performance.now();
    state.laggingSince ??= now;
    if (now - state.laggingSince < UPDATE_GRACE_MS) {
      clearTimeout(this.graceTimer);
      this.graceTimer = setTimeout(() => this.render(), UPDATE_GRACE_MS);
      return "";
    }
    return `Updating: the result below is for ${which}.`;
  }

  setPython(python, statusText) {
    this.state.python = python;
    if (statusText !== undefined) this.state.statusText = statusText;
    this.render();
  }

  showProgress({ stage, loaded, total, size }) {
    if (this.state.python !== "loading") return;
    const text = `Loading the live calculator: ${STAGE_WORDS[stage](size)}…`;
    if (text !== this.state.statusText) this.setPython("loading", text); // a few changes, not hundreds
    if (stage === "download" && total) {
      const percent = Math.min(100, Math.floor((100 * loaded) / total));
      if (this.progress.value !== percent || !this.progress.hasAttribute("value")) {
        this.progress.value = percent;
        this.progress.textContent = `${percent}%`;
      }
    } else {
      this.progress.removeAttribute("value"); // indeterminate while a step has no size
    }
  }

  // ---------------------------------------------------------------------------------------------

  async start() {
    this.setPython("loading", "Loading the live calculator…");
    try {
      const { version, startedFrom } = await startPython(runtimeUrls(this.root), "calculator");
      if (!this.state.active) return; // left while loading: the next visit starts from here
      this.root.dataset.startedFrom = startedFrom; // "snapshot" or "fresh", for tests and the benchmark
      await this.applyLink();
      if (!this.state.active) return;
      this.setPython("ready", `Live: results update as you type (Python in your browser, Pyodide ${version}).`);
      await this.request(readForm(this.form));
    } catch (error) {
      if (!this.state.active) return;
      this.setPython("error", `The live calculator could not start: ${error.message}. Check your connection and retry.`);
    }
  }

  // Python reads the link once it is ready. Its values are written in the engine's own
  // spelling (" flagship" becomes "flagship"), except into fields the reader has changed.
  async applyLink() {
    const link = this.state.link;
    if (!link) return;
    const parsed = await callPython("inputs_from_query", [link]);
    if (!this.state.active) return;
    this.state.link = "";
    writeForm(this.form, parsed.values, { skip: this.state.touched });
    this.state.linkErrors = parsed.errors.filter((error) => !this.state.touched.has(error.field));
  }

  // Recompute for `raw`; while a computation or the loading is under way, keep only the latest.
  async request(raw) {
    const { state } = this;
    state.queued = raw;
    this.render();
    if (state.computing || state.python !== "ready") return;
    state.computing = true;
    try {
      while (state.queued && state.active) {
        const next = state.queued;
        state.queued = null;
        await this.compute(next);
      }
    } finally {
      state.computing = false;
    }
  }

  async compute(raw) {
    const { state } = this;
    let result;
    try {
      result = await callPython("evaluate", [raw]);
    } catch (error) {
      if (error.kind === "python") {
        state.errors = [{ field: "calculator", message: `This input could not be calculated (${error.message}). The last result is kept.` }];
        this.render();
        return;
      }
      // The worker died: restart it once, transparently; start() recomputes from the form.
      if (!isPythonRunning()) {
        await this.start();
        return;
      }
      throw error;
    }
    if (!state.active) return;
    // What the link got wrong is said until the reader changes an answer; errors in the form
    // itself come back from every evaluation.
    if (state.touched.size) state.linkErrors = [];
    state.errors = result.errors;
    showOutcome(this.root, raw, [...state.linkErrors, ...result.errors], result.ok); // issue 14
    if (result.ok) {
      showResult(this.region, result.html); // escaped by the engine's renderer
      this.region.dataset.live = "1"; // for tests and styles: the shown result is a live one
      // The answers shown, as the engine spells them: set after the result is in place, so a
      // watcher of this attribute (tests, the benchmark) sees a finished update.
      this.region.dataset.query = result.query;
      state.shown = raw;
      const search = await this.compare.update(raw, result.query); // issue 15: adds pin= if pinned
      if (!state.active) return;
      this.writeUrl(search);
    }
    this.render();
  }

  // The address carries the answers of the result on screen, and only on this page.
  writeUrl(query) {
    const onThisPage = this.state.active && location.pathname === this.pathname && document.getElementById("calc-app") === this.root;
    if (!onThisPage) return;
    const url = new URL(location.href);
    url.search = query;
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  }

  reset() {
    this.form.reset();
    for (const element of this.form.elements) if (element.name) this.state.touched.add(element.name);
    this.state.linkErrors = [];
    this.request(readForm(this.form));
  }

  async copyLink() {
    const button = this.root.querySelector("#calc-copy-link");
    try {
      await navigator.clipboard.writeText(location.href);
      this.state.statusText = "Link copied: it reproduces this result exactly.";
    } catch {
      this.state.statusText = `Copy this link: ${location.href}`;
    }
    this.render();
    button.focus();
  }

  async download(format) {
    const siteRoot = new URL("../", location.href).href; // the calculator page sits one level down
    // issue 15: absolute links and today's date make the record worth filing.
    const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    const pageUrl = location.origin + location.pathname;
    const result = await callPython("export", [readForm(this.form), format], { link_base: siteRoot, date: today, page_url: pageUrl });
    if (!result.ok) {
      this.state.errors = result.errors;
      this.render();
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

// Material's instant navigation swaps the page content and emits on document$.
if (typeof window.document$ !== "undefined") window.document$.subscribe(mountIfPresent);
else mountIfPresent();
