"""The site's build steps, as plain functions and commands, independent of the site generator.

What runs when (see also the README):

    python -m sitebuild before            # 1. wheel, snapshot, runtime check; rendered pages
    mkdocs build --strict -f .mkdocs-plain.yml -d site  # 2. the generator, no hooks needed
    python -m sitebuild after site        # 3. runtime + wheel + snapshot copied in, tidy, CSP

`make build-plain` runs exactly these three. `make build` and `make serve` run plain
`mkdocs build`/`serve`, whose hooks (mkdocs_hooks.py) call the same functions at the same
points, so both routes publish the same bytes (tests/site/test_build.py checks it).

- pipeline.py: `prepare` (step 1's build outputs) and `finish` (step 3).
- fragments.py: the Markdown fragments rendered into pages at markers (one function each).
- wheel.py, runtime.py, snapshot.py (+ make_snapshot.mjs): the calculator's runtime files.
- bytecode.py (+ py_compile.mjs, pyodide_tools.txt): pyodide-build's py-compile for the wheel
  and the standard library; stdlib_modules.py (+ stdlib_modules.txt, stdlib_closure.mjs):
  the trimmed standard library and how its list is made.
- calculator_app.py: the calculator's HTML with the default result.
- site_files.py: tidying the built site (what must not be published); csp.py: the policy.
"""
