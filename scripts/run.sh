#!/usr/bin/env bash
# Installs what the bot needs, then runs it on the embedded SQLite default.
# The token comes from config.toml or MICROLESSON_TELEGRAM_TOKEN.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
args=(run)
[ -f config.toml ] && args+=(--config config.toml)
exec .venv/bin/microlesson "${args[@]}" "$@"
