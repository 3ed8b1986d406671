#!/usr/bin/env bash
# Set up (idempotent) and run the linters CI runs: ruff and mypy on storylens/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,web
.venv/bin/ruff check storylens
.venv/bin/mypy
