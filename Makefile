# Datameent. Quick start: `make run` to try it, `make test` to check it (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
# Installing again only when pyproject.toml changed keeps `make run` fast after the first time.
STAMP := $(VENV)/.installed
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/datameent
REDIS_URL ?= redis://127.0.0.1:6379/15
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/datameent_bench
PYTEST_ARGS ?=
PYTEST := $(PY) -m pytest -ra $(PYTEST_ARGS)
# The domain apps that exist so far; mypy checks them and the project package.
MYPY_PATHS := datameent $(wildcard accounts vault consent municipal_gateway notifications council identity overview witness objections representation representation_portal demo)

.PHONY: help install run lint format migrations-check test test-postgres test-integration bench css witness

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## Create .venv and install the project with its dev tools

run: $(STAMP) ## Install, migrate, load the demo, serve on 127.0.0.1:8000 (PORT=...)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

witness: $(STAMP) ## The client council's demo witness: cosign the log every 5 minutes (run beside make run)
	WITNESS_LOG_URL=http://127.0.0.1:$(PORT) $(PY) manage.py run_witness --loop 300

lint: $(STAMP) ## ruff, ruff format --check, mypy and the import contracts (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(MYPY_PATHS)
	$(VENV)/bin/lint-imports

format: $(STAMP) ## Fix what ruff can fix and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP) ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

# Integration tests are left out here: they need Redis and a worker and run in
# `make test-integration`. On SQLite, whatever the shell has set.
test: lint migrations-check ## The whole suite: lint, migrations check, pytest on SQLite
	env -u DATABASE_URL -u CELERY_BROKER_URL $(PYTEST) -m "not integration"

test-postgres: $(STAMP) ## The same pytest suite on PostgreSQL (PG_URL=...)
	$(PY) .ci/ensure_database.py $(PG_URL)
	env -u CELERY_BROKER_URL DATABASE_URL=$(PG_URL) $(PYTEST) -m "not integration"

# The real OpenID Connect provider of the login tests (npm oidc-provider, pinned by the lock).
OIDC_PROVIDER := tests/oidc/node_modules/.package-lock.json
$(OIDC_PROVIDER): tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

test-integration: $(STAMP) $(OIDC_PROVIDER) ## Tests marked integration; a missing PostgreSQL, Redis or provider fails
	$(PY) .ci/ensure_database.py $(PG_URL)
	env -u CELERY_BROKER_URL DATABASE_URL=$(PG_URL) DATAMEENT_TEST_REDIS_URL=$(REDIS_URL) \
		DATAMEENT_REQUIRE_SERVICES=1 $(PYTEST) -m integration

# The NL Design System CSS is built from the packages pinned in frontend/package-lock.json and
# committed (static/nlds/), so `make run` and CI need no npm and no network.
css: ## Rebuild static/nlds/ from the NL Design System packages pinned in frontend/ (needs npm)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

bench: $(STAMP) ## Benchmarks in bench/ (SQLite and PostgreSQL); figures to docs/benchmarks.md
	@set -e; for script in bench/bench_*.py; do \
		echo "== $$script"; DATAMEENT_BENCH_PG_URL=$(BENCH_PG_URL) $(PY) $$script; \
	done
