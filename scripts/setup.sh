#!/usr/bin/env bash
# Create .venv and install storylens with the extras given as arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${1:-}"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$EXTRAS" ]; then
  .venv/bin/python -m pip install -qq -e ".[$EXTRAS]"
else
  .venv/bin/python -m pip install -qq -e .
fi
