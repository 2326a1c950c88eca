#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install the Debian 12 packages virtboard needs to build and test.
# As root, missing packages are installed with apt-get; otherwise the
# missing ones are listed and the script fails.
#
# Usage: scripts/install-deps.sh [build|check|deb]
set -eu

# libjson-glib-dev: every --json output is written with json-glib
build_pkgs="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libjson-glib-dev libfdt-dev check"
# python3-jsonschema: the JSON schema test; chromium and libxml2-utils:
# the SVG picture test (headless render, well-formed XML); clang and
# libclang-rt-14-dev: the libFuzzer build and its ASan/UBSan runtimes;
# valgrind: make check-valgrind; debian-archive-keyring: the signatures
# of the suites scripts/qemu-oracles.sh fetches the other QEMUs from;
# man-db and groff-base: the man page test (man --warnings);
# qemu-utils (qemu-img), ipxe-qemu (the virtio-net option ROM QEMU
# loads), libvirt-clients and libvirt-daemon-driver-qemu (virsh
# domxml-to-native, no daemon), swtpm (the TPM line): the corpus test
# (virt-corpus-test)
check_pkgs="qemu-system-arm device-tree-compiler acpica-tools python3-jsonschema chromium libxml2-utils clang libclang-rt-14-dev valgrind debian-archive-keyring man-db groff-base qemu-utils ipxe-qemu libvirt-clients libvirt-daemon-driver-qemu swtpm"

# make deb: dpkg-buildpackage, which also wants build-essential (the
# implicit build dependency of every Debian package), debhelper (dh with
# meson) and lintian
deb_pkgs="dpkg-dev build-essential debhelper lintian"

# tests/guest: python3 runs them, the cross compiler builds an arm64
# virtboard for the nested-KVM test.  gcc-aarch64-linux-gnu only
# recommends the arm64 C library and its start files (Scrt1.o, crti.o),
# and recommends are not installed here: name them.
guest_pkgs="python3 gcc-aarch64-linux-gnu libc6-dev-arm64-cross"

want="$build_pkgs"
if [ "${1:-build}" = check ]; then
    want="$want $check_pkgs $guest_pkgs"
elif [ "${1:-build}" = deb ]; then
    want="$want $deb_pkgs python3"
fi

# The guest tests take arm64 packages from Debian with "apt-get download"
# into the build directory (nothing arm64 is installed): dpkg must know
# the arm64 architecture and apt must have its package lists.
updated=""
if [ "${1:-build}" = check ] && [ "$(dpkg --print-architecture)" != arm64 ]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64 ||
       ! apt-cache policy busybox-static:arm64 2>/dev/null |
           grep -q 'Candidate: [0-9]'; then
        if [ "$(id -u)" = 0 ]; then
            echo "install-deps: enabling arm64 package lists (tests/guest)"
            dpkg --add-architecture arm64
            apt-get update -q -o DPkg::Lock::Timeout=900
            updated=1
        else
            echo "install-deps: the guest tests need, as root:" \
                 "dpkg --add-architecture arm64 && apt-get update" >&2
        fi
    fi
fi

# libvirt's embedded QEMU driver (qemu:///embed, used by the corpus
# test) refuses to start as root without the user it would run QEMU as;
# libvirt-daemon-system would create it, with a daemon we do not need
if [ "${1:-build}" = check ] && ! getent passwd libvirt-qemu >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "install-deps: adding the system user libvirt-qemu (libvirt)"
        useradd --system --user-group --no-create-home \
            --home-dir /nonexistent --shell /usr/sbin/nologin libvirt-qemu
    else
        echo "install-deps: the corpus test needs, as root: useradd" \
             "--system --user-group libvirt-qemu" >&2
    fi
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
[ -n "$updated" ] || apt-get update -q -o DPkg::Lock::Timeout=900
# shellcheck disable=SC2086
apt-get install -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends $missing
