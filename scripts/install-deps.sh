#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install the Debian 12 packages virtboard needs to build and test.
# As root, missing packages are installed with apt-get; otherwise the
# missing ones are listed and the script fails.
#
# Usage: scripts/install-deps.sh [build|check]
set -eu

build_pkgs="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libfdt-dev check"
# python3-jsonschema: the JSON schema test; chromium and libxml2-utils:
# the SVG picture test (headless render, well-formed XML); clang and
# libclang-rt-14-dev: the libFuzzer build and its ASan/UBSan runtimes;
# valgrind: make check-valgrind
check_pkgs="qemu-system-arm device-tree-compiler acpica-tools python3-jsonschema chromium libxml2-utils clang libclang-rt-14-dev valgrind"

want="$build_pkgs"
if [ "${1:-build}" = check ]; then
    want="$want $check_pkgs"
fi

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing Debian packages:$missing" >&2
    echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
