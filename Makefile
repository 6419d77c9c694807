# One entry point for every task. `make help` lists them.
# The two commands a newcomer needs: `make serve` (set up what serving needs, then serve the site)
# and `make test` (set up everything, then run every test). Both install pinned versions only
# from PyPI and npm.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
SITE_DIR ?= site

# Material for MkDocs prints a notice on every build: it reaches end of life on 5 May 2027 and
# names Zensical as its successor. The README's "Toolchain" section says what we do about it;
# this is the variable Material documents for silencing it (material/templates/__init__.py).
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11, 5), "Python 3.11.5+ is needed"' \
		|| { echo "error: $(PYTHON) is older than 3.11.5 (pymdown-extensions 13 needs it)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create a venv (on Debian: apt-get install python3-venv)"; exit 1; }

$(VENV)/.installed-docs: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --group docs
	touch $@

$(VENV)/.installed: $(VENV)/.installed-docs
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: setup
setup: $(VENV)/.installed node_modules/.package-lock.json ## Install pinned Python and npm dependencies

.PHONY: setup-docs
setup-docs: $(VENV)/.installed-docs node_modules/.package-lock.json ## Install only what building needs

.PHONY: serve
serve: setup-docs ## Set up what serving needs, then serve with live reload (ADDR=127.0.0.1:8000)
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

.PHONY: build
build: setup-docs ## Build the site strictly into $(SITE_DIR)/ (MkDocs runs the build steps as hooks)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

.PHONY: build-plain
build-plain: setup-docs ## The same site with no MkDocs hooks: the build steps run before and after
	$(BIN)/python -m sitebuild before
	$(BIN)/mkdocs build --strict -f .mkdocs-plain.yml --site-dir $(SITE_DIR)
	$(BIN)/python -m sitebuild after $(SITE_DIR)

.PHONY: test
test: setup ## Set up, then run every test (engine, engine in Pyodide, site, browser)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: bench
bench: setup ## Benchmark the calculator against the bare Pyodide floor (prints a table)
	$(BIN)/python benchmarks/run.py

.PHONY: lint
lint: setup ## Ruff and mypy (strict on calculator/ and sitebuild/)
	$(BIN)/ruff check calculator tests sitebuild benchmarks
	$(BIN)/ruff format --check calculator sitebuild
	$(BIN)/mypy

.PHONY: constraints
constraints: ## Re-pin every transitive dependency (in a fresh venv) after changing pyproject.toml
	rm -rf .cache/constraints-venv
	$(PYTHON) -m venv .cache/constraints-venv
	.cache/constraints-venv/bin/python -m pip install --quiet --disable-pip-version-check pip==26.3
	.cache/constraints-venv/bin/python -m pip install --quiet --disable-pip-version-check --group dev
	{ echo "# Every package the dependency groups pull in, pinned (regenerate: make constraints)."; \
	  .cache/constraints-venv/bin/python -m pip freeze --exclude-editable; } > constraints.txt
	rm -rf .cache/constraints-venv

.PHONY: clean
clean: ## Remove the built site and caches (keeps the venv and node_modules)
	rm -rf site .cache .mkdocs-plain.yml .pytest_cache .mypy_cache .ruff_cache .hypothesis
