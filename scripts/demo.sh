#!/usr/bin/env bash
# Set up from scratch (idempotent) and analyze the bundled example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/storylens analyze examples/corpus --db example.db --out example-out "$@"
echo "open example-out/index.html"
