#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole test suite: every test on SQLite,
# and those marked both_stores or postgres on PostgreSQL too (tests/conftest.py says which).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --postgres
# Three workers on the two-core machines: the suite waits more than it computes (on Telegram's
# pacing, timeouts, a bot's own process, a browser playing audio), so two workers kept the CPU
# only ~60 % busy; a third took the run from about 3.5 to under 3 minutes at the same CPU time.
# worksteal: an idle worker takes queued tests from the others, so the few long ones do not
# leave one worker running alone at the end. Each PostgreSQL test has a schema of its own.
exec .venv/bin/python -m pytest -q -n 3 --dist worksteal "$@"
