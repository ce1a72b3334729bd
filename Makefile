# 优化营商环境平台 — the two commands a new user needs: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test check venv dev-venv lock serve worker clean

# Python 3.11+ with venv (Debian: python3-venv) is checked first, with a clear message; a venv that failed
# half-way is removed so the next run starts again.
$(BIN)/python:
	@bash scripts/check-python.sh $(PY) venv
	$(PY) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Every package, transitive ones and the build backend included, comes from the lock with its hashes;
# the project itself is installed without resolving anything and built with the locked setuptools.
$(VENV)/.runtime: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
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
	@echo "mypy --strict covers policyparse and yingshang (with django-stubs), migrations excepted;" \
	  "$$(grep -c '^  "yingshang\.' pyproject.toml) older modules still wait in its ignore_errors list."
	$(BIN)/mypy

## make lock: recompile requirements.lock and requirements-dev.lock (with hashes) from requirements.txt and
## requirements-dev.txt, keeping every other pin; UPGRADE=--upgrade moves every package to its newest
## version, UPGRADE="--upgrade-package NAME" one package.
LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --custom-compile-command "make lock"
lock: dev-venv
	$(LOCK) $(UPGRADE) -o requirements.lock requirements.txt
	$(LOCK) $(UPGRADE) -c requirements.lock -o requirements-dev.lock requirements-dev.txt

clean:
	rm -rf $(VENV) var
