#!/usr/bin/env bash
# Installs what microlesson needs on a fresh Debian 12/13 or Ubuntu 24.04 machine, then a Python
# virtual environment in .venv with the project in it.
#
#   bash scripts/bootstrap.sh          what running needs: ffmpeg (with libopus), a font with
#                                      Chinese glyphs for the digest's chart, python3-venv, and
#                                      the project's runtime dependencies only
#   bash scripts/bootstrap.sh --dev    also what the tests need (espeak-ng, recorded speech,
#                                      Debian's chromium, a CJK font) and the dev extras (pytest,
#                                      ruff, mypy, Playwright...); for a development machine
#
# Missing system packages are installed with apt-get, which needs root: run it as root or as a
# user with sudo. It never configures or starts a database server (the tests start their own).
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
case "${1:-}" in
    --dev | --postgres) dev=1 ;; # --postgres: the old name, kept for existing checkouts' CI
    "") ;;
    *) echo "usage: bash scripts/bootstrap.sh [--dev]" >&2; exit 2 ;;
esac

# Read by tests/process/test_container.py, which checks the Dockerfile installs the same.
runtime_packages=(ffmpeg fonts-wqy-microhei)
dev_packages=(espeak-ng pocketsphinx-testdata chromium fonts-noto-cjk)

python=${PYTHON:-python3}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        env DEBIAN_FRONTEND=noninteractive "$@"
    else
        # sudo drops most of the environment: pass DEBIAN_FRONTEND on explicitly.
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

can_be_root() {
    [ "$(id -u)" -eq 0 ] && return 0
    if ! command -v sudo >/dev/null 2>&1; then
        echo "bootstrap: installing $* needs root, and sudo is not installed:" \
            "run this as root, or install those packages first" >&2
        return 1
    fi
    if ! sudo -n true 2>/dev/null && ! [ -t 0 ]; then
        echo "bootstrap: installing $* needs root, and sudo asks for a password with no" \
            "terminal to type it in: run this in a terminal, as root, or install them first" >&2
        return 1
    fi
}

missing=()
# A minimal image has no Python at all.
command -v "$python" >/dev/null 2>&1 || [ -n "${PYTHON:-}" ] || missing+=(python3 python3-venv)
{ command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg)
# The weekly digest's chart finds this font by path (bot/chart.py KNOWN_CJK_FONTS).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
# pip reaches PyPI over HTTPS; a minimal image has no certificate authorities.
[ -d /etc/ssl/certs ] && [ -n "$(ls -A /etc/ssl/certs 2>/dev/null)" ] || missing+=(ca-certificates)
if [ "$dev" = 1 ]; then
    command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
    # Recorded human speech (LibriVox sentences) for the audio tests and benchmark.
    [ -d /usr/share/pocketsphinx/test/data/librivox ] || missing+=(pocketsphinx-testdata)
    # The Mini App's browser tests: Debian's chromium (Playwright cannot download its own
    # here) and a CJK font it renders the Chinese pages with.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]} with apt-get (needs root or sudo)"
    can_be_root "${missing[*]}" || exit 1
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bootstrap: microlesson needs Python 3.11 or newer, and $python is older (or missing):" \
        "install your distribution's python3.11 (or newer) and python3.11-venv packages, then" \
        "run again with PYTHON=python3.11" >&2
    exit 1
fi
# Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a package of its own.
if [ ! -x .venv/bin/python ] && ! "$python" -c 'import ensurepip' 2>/dev/null; then
    venv_pkg="python$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
    echo "bootstrap: installing $venv_pkg with apt-get (needs root or sudo)"
    can_be_root "$venv_pkg" || exit 1
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "$venv_pkg" >/dev/null
fi

encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
if ! grep -q libopus <<<"$encoders"; then
    echo "bootstrap: this ffmpeg has no libopus encoder; install a full ffmpeg build" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install, or when the dev extras
# are wanted and not there yet (a dev install already holds everything running needs).
stamp=.venv/.microlesson-installed
hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$dev" = 1 ]; then want="$hash dev"; target=".[dev]"; else want="$hash"; target="."; fi
if [ "$have" != "$want" ] && [ "$have" != "$hash dev" ]; then
    log=$(mktemp)
    # Editable: a `git pull` updates the code without reinstalling.
    if ! { .venv/bin/python -m pip install -q --upgrade pip \
           && .venv/bin/python -m pip install -q -e "$target"; } >"$log" 2>&1; then
        cat "$log" >&2
        exit 1
    fi
    rm -f "$log"
    echo "$want" >"$stamp"
fi
