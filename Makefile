# 优化营商环境平台 — the two commands a new user needs: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test check venv dev-venv serve worker clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
dev-venv: $(VENV)/.dev

## make demo: migrate the embedded SQLite database, load demo data, run the server and the worker.
demo: venv
	$(BIN)/yingshang migrate --noinput
	$(BIN)/yingshang createcachetable
	$(BIN)/yingshang demo
	$(BIN)/yingshang serve --port $(PORT)

## make test: install what the tests need (PostgreSQL, Chromium, fonts) and run the whole suite twice,
## on SQLite and on PostgreSQL.
test: dev-venv
	bash scripts/test.sh

## make check: lint, format, migrations and types (CI runs it before the tests).
check: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=yingshang.settings $(BIN)/yingshang makemigrations --check --dry-run
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
