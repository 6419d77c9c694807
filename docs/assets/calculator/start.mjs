// Starts the calculator's Python as early as it is worth starting. Loaded from every page's
// <head> (an async module: it runs as soon as it arrives, while the page is still being read),
// its element carries the runtime's URLs and the calculator page's address (the build writes
// them; see sitebuild/head.py).
//
// - On the calculator page: at once, so the worker's downloads overlap the page's own scripts.
// - On any other page: when the reader shows intent (hovers, focuses or touches a link to the
//   calculator), once per visit, and only on a link the browser calls fast and without
//   Save-Data. Instant navigation keeps the worker, so the calculator is ready, or nearly,
//   when its page appears. Without such intent a guide page downloads no Python at all.

import { isPythonRunning, runtimeUrls, startPython } from "./python.mjs";

const element = document.getElementById("calc-start");
// A pointer crossing a link on its way elsewhere is not intent; resting on it this long is.
const HOVER_INTENT_MS = 80;

// Only where the browser can say so: Chromium's Network Information API (Firefox and Safari
// have none, so they wait for the click). "4g" is its best class; 3g and slower, or the
// reader's Save-Data, and nothing is fetched before the reader asks.
function linkAllowsEarlyStart() {
  const connection = navigator.connection;
  return Boolean(connection) && !connection.saveData && connection.effectiveType === "4g";
}

function watchForIntent(calculatorPath, urls) {
  let hoverTimer = null;
  const toCalculator = (target) => {
    const link = target instanceof Element ? target.closest("a[href]") : null;
    return link && pagePath(link.href) === calculatorPath ? link : null;
  };
  const start = () => {
    clearTimeout(hoverTimer);
    if (isPythonRunning() || !linkAllowsEarlyStart()) return;
    for (const [type, listener] of listeners) document.removeEventListener(type, listener, true);
    startPython(urls, "intent").catch(() => {}); // a failed start is retried by the calculator
  };
  const listeners = [
    ["pointerover", (event) => {
      if (event.pointerType !== "mouse" || !toCalculator(event.target)) return;
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(start, HOVER_INTENT_MS);
    }],
    ["pointerout", (event) => {
      const link = toCalculator(event.target);
      if (link && !link.contains(event.relatedTarget)) clearTimeout(hoverTimer);
    }],
    ["focusin", (event) => toCalculator(event.target) && start()],
    ["touchstart", (event) => toCalculator(event.target) && start()],
  ];
  for (const [type, listener] of listeners) {
    document.addEventListener(type, listener, { capture: true, passive: true });
  }
}

// "/calculator/" and "/calculator/index.html" are the same page.
const pagePath = (url) => new URL(url, location.href).pathname.replace(/index\.html$/, "");

if (element) {
  const urls = runtimeUrls(element);
  const calculatorPath = pagePath(element.dataset.calculator);
  if (pagePath(location.href) === calculatorPath) startPython(urls, "head").catch(() => {});
  else watchForIntent(calculatorPath, urls);
}
