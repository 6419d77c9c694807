"""Run inside Pyodide by the two build scripts that need the engine exercised as the browser
will: make_snapshot.mjs (so the snapshot holds every module and cached data) and
stdlib_closure.mjs (so every standard-library module the engine uses is found). One file, so
the two cannot drift apart. Not imported by anything in CPython.
"""

import importlib
import pkgutil

import calculator
from calculator import web

for module in pkgutil.walk_packages(calculator.__path__, "calculator."):
    if module.name != "calculator.__main__":  # importing it would run the CLI
        importlib.import_module(module.name)
web.evaluate({})
web.inputs_from_query("?queries_per_day=1")
for export_format in web.EXPORTS:
    web.export({}, export_format)
