#!/usr/bin/env bash
# For a development machine: installs what the tests need (system packages such as chromium and
# espeak-ng, with root or sudo, and the dev extras in .venv), then runs the whole test suite:
# every test on SQLite, and those marked both_stores or postgres on PostgreSQL too
# (tests/conftest.py says which).
# The PostgreSQL is MICROLESSON_TEST_PG_URL when set; otherwise the tests start a temporary
# server of their own (initdb in a temporary folder, a free port). Nothing here configures or
# starts a system service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
if [ -z "${MICROLESSON_TEST_PG_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    && ! command -v initdb >/dev/null 2>&1; then
    echo "test.sh: the PostgreSQL tests need PostgreSQL's server programs (initdb, pg_ctl; Debian:" \
        "postgresql) or MICROLESSON_TEST_PG_URL naming a database they may use; without them" \
        "they are skipped" >&2
fi
# Three workers on the two-core machines: the suite waits more than it computes (on Telegram's
# pacing, timeouts, a bot's own process, a browser playing audio), so two workers kept the CPU
# only ~60 % busy; a third took the run from about 3.5 to under 3 minutes at the same CPU time.
# worksteal: an idle worker takes queued tests from the others, so the few long ones do not
# leave one worker running alone at the end. Each PostgreSQL test has a schema of its own.
exec .venv/bin/python -m pytest -q -n 3 --dist worksteal "$@"
