#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole test suite: every test on SQLite,
# and those marked both_stores or postgres on PostgreSQL too (tests/conftest.py says which).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --postgres
# Two workers (the machines have two cores); each PostgreSQL test works in a schema of its own.
# worksteal: an idle worker takes queued tests from the other, so the few long ones (a bot in
# its own process, a browser) do not leave one worker running alone at the end.
exec .venv/bin/python -m pytest -q -n 2 --dist worksteal "$@"
