#!/usr/bin/env bash
# Installs what microlesson needs on a fresh Debian/Ubuntu machine: ffmpeg (with libopus),
# espeak-ng (test audio), chromium (Mini App tests), a font with Chinese glyphs for the digest's chart (fonts-wqy-microhei),
# and a Python virtual environment in .venv with the project in it.
# With --postgres it also makes sure a PostgreSQL server answers on 127.0.0.1:5432 (trust
# auth, database "test") for the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

want_pg=0
[ "${1:-}" = "--postgres" ] && want_pg=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_answers() {
    python3 -c 'import socket; socket.create_connection(("127.0.0.1", 5432), timeout=1)' 2>/dev/null
}

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
# The weekly digest's chart finds this font by path (bot/chart.py KNOWN_CJK_FONTS).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ "$want_pg" = 1 ]; then
    command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
    # Recorded human speech (LibriVox sentences) for the audio tests and benchmark.
    [ -d /usr/share/pocketsphinx/test/data/librivox ] || missing+=(pocketsphinx-testdata)
    # The Mini App's browser tests: Debian's chromium (Playwright cannot download its own
    # here) and a CJK font it renders the Chinese pages with.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
    if ! pg_answers && ! command -v pg_ctlcluster >/dev/null 2>&1; then
        missing+=(postgresql)
    fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
if ! grep -q libopus <<<"$encoders"; then
    echo "bootstrap: this ffmpeg has no libopus encoder; install a full ffmpeg build" >&2
    exit 1
fi

if [ "$want_pg" = 1 ] && ! pg_answers; then
    echo "bootstrap: starting a local PostgreSQL for the tests"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q "microlesson-tests" "$hba"; then
        as_root sed -i '1i host all all 127.0.0.1/32 trust # microlesson-tests' "$hba"
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
    pg_answers || { echo "bootstrap: PostgreSQL did not start" >&2; exit 1; }
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" \
        | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.microlesson-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log=$(mktemp)
    if ! { .venv/bin/python -m pip install -q --upgrade pip \
           && .venv/bin/python -m pip install -q -e ".[dev]"; } >"$log" 2>&1; then
        cat "$log" >&2
        exit 1
    fi
    rm -f "$log"
    echo "$want" >"$stamp"
fi
