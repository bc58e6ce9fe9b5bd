# ipgraph: `make run` loads the curated data into the embedded graph and answers the
# headline questions; `make test` runs lint and the whole test suite on both engines.
# Both create .venv (Python 3.12, see .python-version) and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM := $(shell command -v npm 2>/dev/null || echo $(abspath $(BIN))/npm)
LINT_DIR := tests/cypher_lint
HEADLINES := raa.quad_with_europe raa.status logistics.shared_partners groupings.overlap

.PHONY: run test lint pytest install dev clean system-packages bench pictures

run: $(VENV)/.run-stamp
	$(BIN)/ipgraph load
	@for q in $(HEADLINES); do echo; $(BIN)/ipgraph -q query run $$q --title || exit 1; done

test: system-packages lint pytest

lint: $(VENV)/.dev-stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: system-packages $(VENV)/.dev-stamp $(LINT_DIR)/node_modules/.stamp
	$(BIN)/pytest

# The README's pictures (docs/*.png): the real Browser, a report page, the catalogue page.
pictures: system-packages $(VENV)/.dev-stamp
	$(BIN)/python tests/tools/pictures.py

# Load throughput, memory, query latency and scaling on both engines (< 20 min); see bench/.
bench: $(VENV)/.dev-stamp
	$(BIN)/python -m bench.run $(BENCH_ARGS)

install: $(VENV)/.run-stamp
dev: $(VENV)/.dev-stamp

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "ipgraph needs Python 3.12 or newer as '$(PYTHON)' (see .python-version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[reports]"
	touch $@

$(VENV)/.dev-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.run-stamp

# Neo4j's own Cypher front-end, for the lint test (system Node, or the venv's).
$(LINT_DIR)/node_modules/.stamp: $(LINT_DIR)/package-lock.json | $(VENV)/.dev-stamp
	PATH="$(abspath $(BIN)):$$PATH" $(NPM) ci --prefix $(LINT_DIR) --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests use (docker-compose, nginx-light, chromium, chromium-driver):
# installed when missing (root or sudo), else one line says what to install, before any test.
system-packages:
	@sh tests/tools/system-packages.sh

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules tests/neo4j_server/target
