#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole test suite (SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --postgres
# Two workers (the machines have two cores); each has its own PostgreSQL database.
exec .venv/bin/python -m pytest -q -n 2 "$@"
