# Podium: `make run` serves the bundled data on SQLite; `make test` runs lint, types and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DATABASE_URL ?= sqlite:///./podium.db
# `make test` fails when line coverage of app/ (in-process tests) drops below this.
COVERAGE_FLOOR ?= 90
export HOST PORT DATABASE_URL

.PHONY: install dev run migrate seed serve test lint pytest openapi bench clean

$(VENV)/.runtime: pyproject.toml requirements/runtime.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/runtime.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || $(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.runtime

dev: $(VENV)/.dev

migrate: install
	$(BIN)/podium migrate

seed: migrate
	$(BIN)/podium seed > /dev/null

serve: install
	$(BIN)/podium serve --host $(HOST) --port $(PORT)

run: seed serve

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

pytest: dev
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

test: lint pytest

openapi: install
	$(BIN)/podium openapi

# Not part of `make test`. The read benchmark needs wrk (installed here where missing) and a
# PostgreSQL server (PODIUM_BENCH_POSTGRES_URL); docs/performance.md has the method and results.
bench: dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y wrk)
	$(BIN)/python -m bench.import_bench 100000
	$(BIN)/python -m bench.query_bench 100000
	$(BIN)/python -m bench.read_bench --plans bench/out/plans

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage .schemathesis podium.db podium.db-* tests/sdk/node_modules tests/sdk/generated
