#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole test suite (SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --postgres
exec .venv/bin/python -m pytest -q "$@"
