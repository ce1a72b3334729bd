#!/usr/bin/env bash
# Refuses at once, with a clear message, a Python older than 3.11 (Django 5.2 and the code need it) and,
# with `venv` as second argument, a Python that cannot make a virtual environment (Debian's python3-venv).
# Usage: scripts/check-python.sh PYTHON [venv]
set -euo pipefail
PY=${1:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "需要 Python 3.11+ / $PY not found: install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)," >&2
  echo "or run 'make dev-venv' first when $PY is the project's .venv" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  version=$("$PY" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo unknown)
  echo "需要 Python 3.11+ / yingshang needs Python 3.11 or newer; $PY is $version." >&2
  echo "Install a newer Python and run: make PY=python3.11 ..." >&2
  exit 1
fi
if [ "${2:-}" = venv ] && ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
  echo "需要 python3-venv / $PY cannot make a virtual environment: apt-get install python3-venv" >&2
  exit 1
fi
