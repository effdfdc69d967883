#!/usr/bin/env bash
# Tries the README's first command on a fresh, minimal Debian: builds one in a folder with
# debootstrap, copies this checkout in, and runs `bash scripts/bootstrap.sh && .venv/bin/microlesson
# demo` inside it (chroot): first as a user without sudo (it must refuse in one clear line), then
# as a user with sudo (it installs the system packages through sudo), then as root.
# Takes a few minutes, so it is not part of CI. Needs root and debootstrap (Debian's package).
#
#   sudo bash scripts/fresh-debian.sh [SUITE]     SUITE: bookworm (default) or trixie
#
# The tree is built in $FRESH_DIR (default /var/tmp/microlesson-fresh-SUITE) and removed at the end
# unless KEEP=1. Debian's packages come from the mirror this machine's apt uses. The bare tree
# (debootstrap's output plus sudo and two users) is kept as SUITE.base.tar beside it and reused
# on the next run; REBUILD=1 builds it again.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)

suite=${1:-bookworm}
dir=${FRESH_DIR:-/var/tmp/microlesson-fresh-$suite}
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null 2>&1 \
    || { echo "fresh-debian: needs debootstrap: apt-get install debootstrap" >&2; exit 1; }

# The first Debian mirror apt is configured with here (deb822 or one-line format).
mirror=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' \
    | grep -v security | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb +\S+' /etc/apt/sources.list 2>/dev/null \
    | awk '{print $2}' | grep -v security | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

base="$dir.base.tar"
unmount() { for m in dev/pts dev proc; do umount "$dir/$m" 2>/dev/null || true; done; }
cleanup() {
    unmount
    # Never delete through a mount that is still there (the host's /dev).
    if [ "${KEEP:-0}" != 1 ] && ! mount | grep -q " $dir/"; then rm -rf --one-file-system "$dir"; fi
}
trap cleanup EXIT

in_tree() { chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
mount_all() {
    mount -t proc proc "$dir/proc"
    mount --bind /dev "$dir/dev"
    mount --bind /dev/pts "$dir/dev/pts"
}

start=$(date +%s)
cleanup
mkdir -p "$dir"
if [ -f "$base" ] && [ "${REBUILD:-0}" != 1 ]; then
    echo "fresh-debian: the bare $suite tree from $base"
    tar -C "$dir" -xf "$base"
    mount_all
else
    echo "fresh-debian: debootstrap --variant=minbase $suite from $mirror"
    debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 \
        || { tail -n 20 "$dir.debootstrap.log" >&2; exit 1; }
    cp /etc/resolv.conf "$dir/etc/resolv.conf"
    mount_all
    # The server's own setup, not microlesson's: sudo, a member of group sudo, one who is not.
    in_tree bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends sudo >/dev/null'
    in_tree useradd -m -s /bin/bash -G sudo admin
    in_tree useradd -m -s /bin/bash plain
    echo 'admin ALL=(ALL) NOPASSWD:ALL' >"$dir/etc/sudoers.d/admin"
    unmount
    tar -C "$dir" -cf "$base" .
    mount_all
fi
cp /etc/resolv.conf "$dir/etc/resolv.conf"
cp /etc/hosts "$dir/etc/hosts"
# This machine's network, not microlesson's: where HTTPS goes through a proxy with a local
# certificate authority, the tree trusts it too (ca-certificates picks these up when
# bootstrap.sh installs it), and pip is told to use the system's list.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
    printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$dir/etc/pip.conf"
fi

# What a user has after `git clone`: the tracked files, no .venv.
copy_to() {
    mkdir -p "$dir$1"
    git -C "$checkout" ls-files -z | (cd "$checkout" && tar --null -T - -cf -) | tar -C "$dir$1" -xf -
    in_tree chown -R "$2" "$1"
}
first_command='cd ~/microlesson && bash scripts/bootstrap.sh && .venv/bin/microlesson demo --lang en'

echo "fresh-debian: as a user without sudo rights (must refuse clearly)"
copy_to /home/plain/microlesson plain:plain
if in_tree su - plain -c "$first_command" </dev/null >"$dir.plain.log" 2>&1; then
    echo "fresh-debian: FAILED: it ran without root" >&2; exit 1
fi
tail -n 1 "$dir.plain.log"

echo "fresh-debian: as a user with sudo"
copy_to /home/admin/microlesson admin:admin
in_tree su - admin -c "$first_command" </dev/null >"$dir.admin.log" 2>&1 \
    || { tail -n 30 "$dir.admin.log" >&2; exit 1; }
tail -n 3 "$dir.admin.log"
in_tree su - admin -c 'cd ~/microlesson && .venv/bin/pip list 2>/dev/null' >"$dir.pip.txt"
if grep -qiE '^(pytest|ruff|mypy|playwright) ' "$dir.pip.txt"; then
    echo "fresh-debian: FAILED: the runtime .venv holds test or lint tools" >&2; exit 1
fi
echo "fresh-debian: runtime .venv: $(in_tree du -sh /home/admin/microlesson/.venv | cut -f1)"

echo "fresh-debian: as root"
copy_to /root/microlesson root:root
in_tree bash -c "HOME=/root; $first_command" </dev/null >"$dir.root.log" 2>&1 \
    || { tail -n 30 "$dir.root.log" >&2; exit 1; }
tail -n 3 "$dir.root.log"

echo "fresh-debian: $suite passed as root and with sudo in $(($(date +%s) - start)) s"
