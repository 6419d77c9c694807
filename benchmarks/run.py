"""Benchmark: the calculator page against the bare Pyodide floor, in headless Chromium.

    .venv/bin/python benchmarks/run.py [--runs 7] [--json benchmarks/results/latest.json]

Builds the site, serves it and a minimal floor page (same pinned Pyodide files, module worker,
`1+1`) on 127.0.0.1, and measures A and B alternately in the same run. Every figure is the
median of --runs runs, with min and max. Not part of the test command: timings are reported,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chromium import CHROMIUM_FLAGS, chromium_executable  # noqa: E402
from tests.site_server import SiteServer  # noqa: E402

RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
CALCULATOR_PAGE = "site/calculator/"
# The same site built with Python source (SITEBUILD_SOURCE_PYTHON=1): the wheel as source and
# Pyodide's whole stdlib, as before issue 17, so bytecode is measured against it in one run.
SOURCE_CALCULATOR_PAGE = "site-source/calculator/"
GUIDE_PAGE = "site/when-rag-wins/"
FLOOR_PAGE = "floor/"

# Installed before any page script: records when the page is ready (data-state "ready" and,
# on the calculator, the first live result in the DOM), long tasks on the main thread, and
# paint timings.
PROBE = """
window.__bench = {readyAt: null, longTasks: []};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
}).observe({type: "longtask", buffered: true});
new MutationObserver(() => {
  if (window.__bench.readyAt !== null) return;
  const ready = document.querySelector("[data-state='ready']");
  const region = document.getElementById("calc-result-region");
  if (ready && (!region || region.dataset.live)) window.__bench.readyAt = performance.now();
}).observe(document, {
  attributes: true, attributeFilter: ["data-state", "data-live"], subtree: true,
});
"""

RECALC = """
async (count) => {
  const input = document.getElementById("input-queries_per_day");
  const region = document.querySelector(".calc-result").parentElement;
  const times = [];
  for (let i = 0; i < count; i++) {
    const changed = new Promise(resolve => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(region, {childList: true, subtree: true, characterData: true});
    });
    const start = performance.now();
    input.value = String(1000 + i * 37);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    await changed;
    times.push(performance.now() - start);
  }
  return times;
}
"""


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def build(out: Path, *, plain: bool = False, source_python: bool = False) -> float:
    """Seconds for `make build` (MkDocs hooks) or `make build-plain` (the same steps around a
    hook-free MkDocs), snapshot cached."""
    from sitebuild.pipeline import SOURCE_PYTHON_ENV
    from tests.conftest import build_commands

    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if source_python:
        env[SOURCE_PYTHON_ENV] = "1"
    for command in build_commands(out, plain=plain):
        subprocess.run(command, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def serve_root(workdir: Path, site: Path, source_site: Path) -> Path:
    root = workdir / "root"
    shutil.copytree(site, root / "site")
    shutil.copytree(source_site, root / "site-source")
    floor = root / "floor"
    shutil.copytree(ROOT / "benchmarks" / "fixtures" / "floor", floor)
    (floor / "pyodide").mkdir()
    for name in RUNTIME_FILES:
        shutil.copy2(ROOT / "node_modules" / "pyodide" / name, floor / "pyodide" / name)
    return root


def visit(context: Any, url: str, wait_ready: bool) -> dict[str, Any]:
    """One page visit: time to ready, long tasks before ready, paints, bytes transferred."""
    transferred: list[int] = []

    def on_finished(request: Any) -> None:
        sizes = request.sizes()
        transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    context.on("requestfinished", on_finished)
    page = context.new_page()
    page.goto(url)
    if wait_ready:
        page.wait_for_function("() => window.__bench.readyAt !== null", timeout=120_000)
    page.wait_for_load_state("load")
    time.sleep(0.3)  # let late requests finish and be counted
    probe = page.evaluate("""() => ({
        ready: window.__bench.readyAt,
        longTasks: window.__bench.longTasks,
        fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime ?? null,
        resources: performance.getEntriesByType("resource").map(e => e.name)})""")
    context.remove_listener("requestfinished", on_finished)
    ready = probe["ready"]
    before_ready = [d for s, d in probe["longTasks"] if ready is None or s < ready]
    return {
        "page": page,
        "ready": ready,
        "fcp": probe["fcp"],
        "bytes": sum(transferred),
        "longest_task": max(before_ready, default=0.0),
        "blocking": sum(max(0.0, d - 50) for d in before_ready),
        "resources": probe["resources"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--recalcs", type=int, default=200)
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {}

    def record(name: str, value: float | None) -> None:
        if value is not None:
            results.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for _ in range(args.runs):  # A/B alternated
            record("build_s", build(workdir / "built"))
            record("build_without_hooks_s", build(workdir / "plain", plain=True))
        build(workdir / "source-built", source_python=True)
        root = serve_root(workdir, workdir / "built", workdir / "source-built")
        with SiteServer(root) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            variants = (
                ("floor", FLOOR_PAGE, False),
                ("calculator", CALCULATOR_PAGE, False),
                ("calculator_fresh", CALCULATOR_PAGE, True),  # the snapshot's worth, measured
                ("source", SOURCE_CALCULATOR_PAGE, False),  # bytecode's worth, measured
                ("source_fresh", SOURCE_CALCULATOR_PAGE, True),
            )
            for i in range(args.runs):
                for name, path, without_snapshot in variants:
                    context = browser.new_context()
                    context.add_init_script(PROBE)
                    if without_snapshot:
                        context.route("**/*.snapshot.gz", lambda route: route.fulfill(status=404))
                    cold = visit(context, server.url(path), wait_ready=True)
                    record(f"{name}_cold_ms", cold["ready"])
                    record(f"{name}_bytes", cold["bytes"])
                    if name == "calculator":  # the long task and FCP are the page's, not Python's
                        record("calculator_fcp_ms", cold["fcp"])
                        record("calculator_longest_task_ms", cold["longest_task"])
                        record("calculator_blocking_ms", cold["blocking"])
                    if (
                        name.startswith("calculator") and i < 3
                    ):  # 3 x 200 changes, snapshot and fresh start
                        times = sorted(cold["page"].evaluate(RECALC, args.recalcs))
                        record(f"{name}_recalc_median_ms", statistics.median(times))
                        record(f"{name}_recalc_p95_ms", times[int(0.95 * (len(times) - 1))])
                    cold["page"].close()
                    warm = visit(context, server.url(path), wait_ready=True)
                    record(f"{name}_warm_ms", warm["ready"])
                    warm["page"].close()
                    context.close()
                context = browser.new_context()
                context.add_init_script(PROBE)
                guide = visit(context, server.url(GUIDE_PAGE), wait_ready=False)
                record("guide_fcp_ms", guide["fcp"])
                # Material's own bundle runs as one long task on every page: the baseline.
                record("guide_longest_task_ms", guide["longest_task"])
                record("guide_bytes", guide["bytes"])
                pyodide_on_guide = [r for r in guide["resources"] if "pyodide" in r]
                record("guide_pyodide_files", float(len(pyodide_on_guide)))
                guide["page"].close()
                context.close()
            browser.close()

    summary = {name: stats(values) for name, values in results.items()}
    ratios = {}
    if "calculator_cold_ms" in summary and "floor_cold_ms" in summary:
        ratios["ready_cold_vs_floor"] = (
            summary["calculator_cold_ms"]["median"] / summary["floor_cold_ms"]["median"]
        )
        ratios["ready_warm_vs_floor"] = (
            summary["calculator_warm_ms"]["median"] / summary["floor_warm_ms"]["median"]
        )
        ratios["bytes_vs_floor"] = (
            summary["calculator_bytes"]["median"] / summary["floor_bytes"]["median"]
        )
        for figure in ("cold_ms", "warm_ms", "bytes"):
            ratios[f"fresh_{figure}_vs_floor"] = (
                summary[f"calculator_fresh_{figure}"]["median"]
                / summary[f"floor_{figure}"]["median"]
            )
            for source in ("source", "source_fresh"):
                ratios[f"{source}_{figure}_vs_floor"] = (
                    summary[f"{source}_{figure}"]["median"] / summary[f"floor_{figure}"]["median"]
                )
    print(f"{'figure':<34}{'median':>12}{'min':>12}{'max':>12}{'n':>5}")
    for name, s in summary.items():
        # Byte counts in MB: as raw numbers they ran into each other's columns.
        in_mb = name.endswith("_bytes")
        label, scale, digits = (name[: -len("bytes")] + "MB", 1e6, 2) if in_mb else (name, 1, 1)
        low, mid, high = (f"{s[k] / scale:>12,.{digits}f}" for k in ("min", "median", "max"))
        print(f"{label:<34}{mid}{low}{high}{s['n']:>5}")
    for name, value in ratios.items():
        print(f"{name:<34}{value:>12.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"figures": summary, "ratios": ratios}, indent=2) + "\n")
    print(
        f"written: {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
