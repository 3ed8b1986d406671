#!/usr/bin/env bash
# Set up from scratch (idempotent) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,web
exec .venv/bin/python -m pytest -q "$@"
