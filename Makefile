# samordning — developer commands. `make run` serves the API and website; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
NPM_STAMP  := node_modules/.package-lock.json
HOST       ?= 127.0.0.1
PORT       ?= 8000
BASE_URL   ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=
BENCH_ARGS ?=
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
# Exact versions and hashes of every dependency: LOCK for development, tests and CI (the test extra
# included), RUNTIME_LOCK for the image (the same versions, without the test tools). `make lock` keeps
# the versions locked already where they still fit; `make lock LOCK_ARGS=--upgrade` takes the newest.
LOCK         := requirements.lock
RUNTIME_LOCK := requirements-runtime.lock
UV_COMPILE   := $(BIN)/uv pip compile pyproject.toml $(LOCK_ARGS) --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" -q

# Exit status 0 when PostgreSQL answers on 127.0.0.1:5432.
PG_READY = if command -v pg_isready >/dev/null 2>&1; then \
	  pg_isready -h 127.0.0.1 -p 5432 -q; \
	else \
	  $(PYTHON) -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' >/dev/null 2>&1; \
	fi

.PHONY: help venv lock run serve migrate seed test lint openapi bench profile bench-queries bench-search screenshots npm clean distclean

help:
	@echo "make run          migrate, seed demo data, serve on $(BASE_URL) (docs at /docs) and run the webhook worker"
	@echo "make test         lint, then all tests (SQLite; PostgreSQL when it answers; browser when installed)"
	@echo "make lint         ruff check, ruff format --check, mypy app"
	@echo "make lock         re-resolve $(LOCK) and $(RUNTIME_LOCK) from pyproject.toml (needs PyPI)"
	@echo "make migrate      apply migrations to DATABASE_URL"
	@echo "make seed         migrate, then load the arrangement (SEED_ARGS=--demo for demo data)"
	@echo "make openapi      regenerate openapi/openapi.json"
	@echo "make bench        the service beside a bare FastAPI app over HTTP (BENCH_ARGS=--database postgresql)"
	@echo "make profile      make bench, with py-spy recording the service: ./profile/<endpoint>.txt and .raw"
	@echo "make bench-queries  SQL statements per page at volume, no N+1 (scripts/bench.py)"
	@echo "make bench-search   search p50/p95 at 1,000 and 10,000 published documents (BENCH_ARGS=--database postgresql)"
	@echo "make screenshots  PNGs of the website into ./screenshots (server must be running)"
	@echo "make clean        remove caches and screenshots; distclean also .venv, node_modules, data"

# ---- environment -----------------------------------------------------------------------------

venv: $(STAMP)

# Reinstalls only when the lock or pyproject.toml is newer than the stamp. Exactly the locked
# versions, hashes checked; then the project itself. `pip check` fails when pyproject.toml asks for
# something the lock lacks.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; echo "$(LOCK) is out of date: make lock" >&2; exit 1; }
	@touch $(STAMP)

# The runtime lock is resolved within the full one, so that the image runs the versions tested.
lock:
	@test -x $(BIN)/uv || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/python -m pip install -q uv; }
	$(UV_COMPILE) --extra test -o $(LOCK)
	$(UV_COMPILE) -c $(LOCK) -o $(RUNTIME_LOCK)

npm: $(NPM_STAMP)

$(NPM_STAMP): package.json $(wildcard package-lock.json)
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

data:
	@mkdir -p data

# ---- running ---------------------------------------------------------------------------------

# The webhook worker runs beside the server and stops with it.
run: venv | data
	$(BIN)/samordning migrate
	$(BIN)/samordning seed --demo
	@$(BIN)/samordning worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/samordning serve --host $(HOST) --port $(PORT)

serve: venv | data
	$(BIN)/samordning serve --host $(HOST) --port $(PORT)

migrate: venv | data
	$(BIN)/samordning migrate

seed: migrate
	$(BIN)/samordning seed $(SEED_ARGS)

# ---- checks ----------------------------------------------------------------------------------

lint: venv
	$(BIN)/ruff check app tests scripts
	$(BIN)/ruff format --check app tests scripts
	$(BIN)/mypy

test: venv lint
	@set -e; \
	if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) -s --no-print-directory npm || echo "warning: npm install failed: the browser test will skip"; \
	fi; \
	if [ -z "$${TEST_DATABASE_URL:-}" ]; then \
	  if $(PG_READY); then \
	    export TEST_DATABASE_URL='$(PG_TEST_URL)'; \
	    echo "PostgreSQL answers: TEST_DATABASE_URL=$$TEST_DATABASE_URL"; \
	  else \
	    echo "PostgreSQL does not answer on 127.0.0.1:5432: PostgreSQL tests will skip"; \
	  fi; \
	else \
	  echo "TEST_DATABASE_URL=$$TEST_DATABASE_URL (from the environment)"; \
	fi; \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

openapi: venv
	@mkdir -p openapi
	$(BIN)/python -m app.openapi > openapi/openapi.json.tmp
	@mv openapi/openapi.json.tmp openapi/openapi.json
	@echo "wrote openapi/openapi.json"

bench: venv
	$(BIN)/python scripts/bench_http.py $(BENCH_ARGS)

# Where the service's time goes, per endpoint: py-spy's samples of the interpreter under load.
profile: venv
	$(BIN)/python scripts/bench_http.py --profile profile $(BENCH_ARGS)
	@echo "profile/<endpoint>.txt: the top functions; profile/<endpoint>.raw: collapsed stacks for a flame graph"

bench-queries: venv
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-search: venv
	$(BIN)/python scripts/bench_search.py $(BENCH_ARGS)

# Needs a running server (`make run` in another terminal) and Debian's chromium.
screenshots: $(NPM_STAMP)
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium missing: apt-get install chromium" >&2; exit 1; }
	BASE_URL=$(BASE_URL) SCREENSHOT_DIR=screenshots node tests/browser/screenshots.mjs

clean:
	rm -rf screenshots profile .pytest_cache build dist *.egg-info openapi/openapi.json.tmp
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules data
