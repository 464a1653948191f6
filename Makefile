# samordning — developer commands. `make run` serves the API and website; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
NPM_STAMP  := node_modules/.package-lock.json
# The staff app (web/): its own package.json and lock; built into web/dist, served at /arbeid/.
WEB_STAMP  := web/node_modules/.package-lock.json
WEB_INDEX  := web/dist/index.html
# Exit status 0 when Node.js 20 or newer is on PATH.
NODE_20 = { command -v node >/dev/null 2>&1 && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; }
HOST       ?= 127.0.0.1
PORT       ?= 8000
BASE_URL   ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=
BENCH_ARGS ?=
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
# Exact versions and hashes of every dependency: LOCK for development, tests and CI (the test extra
# included), RUNTIME_LOCK for the image (the same versions, without the test tools). `make lock` keeps
# the versions locked already where they still fit; `make lock LOCK_ARGS=--upgrade` takes the newest.
# Extras stay in the lock (`fonttools[woff]==…`): pip 23.2 in hash mode refuses a pin without the extra
# a dependency asks for (WeasyPrint's fonttools[woff]) and reaches for another version.
LOCK         := requirements.lock
RUNTIME_LOCK := requirements-runtime.lock
UV_COMPILE   := $(BIN)/uv pip compile pyproject.toml $(LOCK_ARGS) --universal --python-version 3.11 --generate-hashes \
	--no-strip-extras --custom-compile-command "make lock" -q

# Exit status 0 when PostgreSQL answers on 127.0.0.1:5432.
PG_READY = if command -v pg_isready >/dev/null 2>&1; then \
	  pg_isready -h 127.0.0.1 -p 5432 -q; \
	else \
	  $(PYTHON) -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' >/dev/null 2>&1; \
	fi

.PHONY: help venv lock run serve migrate seed test lint openapi bench profile bench-queries bench-app bench-search screenshots npm web web-check web-if-stale clean distclean

help:
	@echo "make run          migrate, seed demo data, serve on $(BASE_URL) (docs at /docs) and run the webhook worker"
	@echo "make test         lint, the staff app's checks (Node 20+), then all tests (SQLite; PostgreSQL when it answers; browser when installed)"
	@echo "make web          build the staff app (web/ → web/dist, served at /arbeid/); web-check: its tsc, eslint, vitest, build"
	@echo "make lint         ruff check, ruff format --check, mypy app"
	@echo "make lock         re-resolve $(LOCK) and $(RUNTIME_LOCK) from pyproject.toml (needs PyPI)"
	@echo "make migrate      apply migrations to DATABASE_URL"
	@echo "make seed         migrate, then load the arrangement (SEED_ARGS=--demo for demo data)"
	@echo "make openapi      regenerate openapi/openapi.json"
	@echo "make bench        the service beside a bare FastAPI app over HTTP (BENCH_ARGS=--database postgresql)"
	@echo "make profile      make bench, with py-spy recording the service: ./profile/<endpoint>.txt and .raw"
	@echo "make bench-queries  SQL statements per page at volume, no N+1 (scripts/bench.py)"
	@echo "make bench-app     the staff app's calls at 10 years' archive on PostgreSQL: p50/p95, SQL, against 100 ms p95"
	@echo "make bench-search   search p50/p95 at 1,000 and 10,000 published documents (BENCH_ARGS=--database postgresql)"
	@echo "make screenshots  PNGs of the website and the staff app into ./screenshots (server must be running, demo sign-in on)"
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

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

# The API's types are generated from openapi/openapi.json first, so a change of the API that breaks
# the app fails here (tsc); the build fails past the first load's JavaScript budget.
web: $(WEB_STAMP)
	cd web && npm run gen && npm run build

web-check: $(WEB_STAMP)
	cd web && npm run gen && npm run typecheck && npm run lint && npm test && npm run build

# For make run: builds the app when it is missing or older than its sources; without Node 20 it says so.
web-if-stale:
	@if ! $(NODE_20); then \
	  echo "Node.js 20+ not found: serving the API and website without the staff app (/arbeid/)"; \
	elif [ ! -f $(WEB_INDEX) ] || [ -n "$$(find web/src web/index.html web/package-lock.json openapi/openapi.json -newer $(WEB_INDEX) -print -quit)" ]; then \
	  $(MAKE) --no-print-directory web || echo "the staff app did not build: serving without it"; \
	fi

data:
	@mkdir -p data

# ---- running ---------------------------------------------------------------------------------

# The webhook worker runs beside the server and stops with it. Demo sign-in is on: anyone may sign in
# to the staff app as any demo person.
run: venv | data
	@$(MAKE) -s --no-print-directory web-if-stale
	$(BIN)/samordning migrate
	$(BIN)/samordning seed --demo
	@test -f $(WEB_INDEX) && echo "Arbeidsflaten (staff app, demo sign-in): $(BASE_URL)/arbeid/" || true
	@$(BIN)/samordning worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SAMORDNING_DEMO_SIGNIN=true $(BIN)/samordning serve --host $(HOST) --port $(PORT)

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
	if $(NODE_20); then \
	  $(MAKE) --no-print-directory web-check; \
	else \
	  echo "Node.js 20+ not found: the staff app's checks (tsc, eslint, vitest, build) and its browser test skip"; \
	fi; \
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

bench-app: venv
	$(BIN)/python scripts/bench_app.py $(BENCH_ARGS)

bench-search: venv
	$(BIN)/python scripts/bench_search.py $(BENCH_ARGS)

# Needs a running server (`make run` in another terminal: demo sign-in for the staff app's screens,
# which its end-to-end script walks through) and Debian's chromium.
screenshots: $(NPM_STAMP)
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium missing: apt-get install chromium" >&2; exit 1; }
	BASE_URL=$(BASE_URL) SCREENSHOT_DIR=docs/screenshots node tests/browser/screenshots.mjs
	BASE_URL=$(BASE_URL) SCREENSHOT_DIR=docs/screenshots node tests/browser/staff_app.mjs

clean:
	rm -rf screenshots profile .pytest_cache build dist *.egg-info openapi/openapi.json.tmp
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules data web/node_modules web/dist
