#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Do the packages of "make deb" install and run? As root: install
# virtboard, libvirtboard0 and libvirtboard-dev from DEBDIR with apt-get
# (which pulls in their dependencies), run the autopkgtests of
# debian/tests/ against them the way autopkgtest would (from the source
# tree, with AUTOPKGTEST_TMP), and remove the packages again, also when
# a test fails. The 'cli' test needs qemu-system-arm (QEMU 7.2); its
# "skipped" (77) counts as a failure here.
#
# Usage: scripts/check-deb.sh [DEBDIR]      (default build/deb)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
# absolute: apt-get takes a path to a .deb only when it starts with / or ./
debs=$(cd "${1:-$src/build/deb}" 2>/dev/null && pwd) || {
    echo "check-deb: no directory ${1:-$src/build/deb} (make deb)" >&2
    exit 1
}
pkgs="virtboard libvirtboard0 libvirtboard-dev"

[ "$(id -u)" = 0 ] || { echo "check-deb: run as root" >&2; exit 1; }
set --
for p in $pkgs; do
    f=$(ls "$debs"/${p}_*.deb 2>/dev/null | head -n 1)
    [ -n "$f" ] || { echo "check-deb: no ${p}_*.deb in $debs (make deb)" >&2; exit 1; }
    set -- "$@" "$f"
done

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=900 \
    "$@" qemu-system-arm device-tree-compiler build-essential pkg-config
cleanup() {
    # shellcheck disable=SC2086
    apt-get purge -y -q -o DPkg::Lock::Timeout=900 $pkgs >/dev/null
}
trap cleanup EXIT

rc=0
for t in cli build-example; do
    tmp=$(mktemp -d)
    echo "check-deb: debian/tests/$t"
    (cd "$src" && AUTOPKGTEST_TMP=$tmp sh "debian/tests/$t") || {
        echo "check-deb: debian/tests/$t FAILED" >&2
        rc=1
    }
    rm -rf "$tmp"
done
for f in /usr/bin/virtboard /usr/share/man/man1/virtboard.1.gz \
         /usr/share/bash-completion/completions/virtboard; do
    [ -e "$f" ] || { echo "check-deb: $f not installed" >&2; rc=1; }
done
[ $rc = 0 ] && echo "check-deb: the packages install and run"
exit $rc
