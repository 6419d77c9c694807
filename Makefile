# One entry point for every task. `make help` lists them.
# The two commands a newcomer needs: `make serve` (set up, then serve the site) and
# `make test` (set up, then run every test). Both install pinned versions only from PyPI and npm.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"' \
		|| { echo "error: $(PYTHON) is older than 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create a venv (on Debian: apt-get install python3-venv)"; exit 1; }

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.0.1
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: setup
setup: $(VENV)/.installed node_modules/.package-lock.json ## Install pinned Python and npm dependencies

.PHONY: serve
serve: setup ## Set up, then serve the site with live reload on http://$(ADDR)/
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

.PHONY: build
build: setup ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

.PHONY: test
test: setup ## Set up, then run every test (engine, engine in Pyodide, site, browser)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: bench
bench: setup ## Benchmark the calculator against the bare Pyodide floor (prints a table)
	$(BIN)/python benchmarks/run.py

.PHONY: lint
lint: setup ## Ruff and mypy (strict on calculator/)
	$(BIN)/ruff check calculator tests overrides benchmarks
	$(BIN)/ruff format --check calculator
	$(BIN)/mypy

.PHONY: constraints
constraints: ## Re-pin every transitive dependency after changing pyproject.toml
	{ echo "# Every package the dependency groups pull in, pinned (regenerate: make constraints)."; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

.PHONY: clean
clean: ## Remove the built site and caches (keeps the venv and node_modules)
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
