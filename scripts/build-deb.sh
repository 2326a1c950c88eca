#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the Debian packages (virtboard, libvirtboard0, libvirtboard-dev)
# from a copy of the tree, so that nothing is written outside OUTDIR:
# dpkg-buildpackage puts its results in the parent of the source tree.
# The copy holds the files git knows (committed or not, not ignored), or
# everything but build directories outside a git checkout. Then lintian
# runs on the result and fails the build on an error.
#
# Usage: scripts/build-deb.sh [OUTDIR]     (default build/deb)
# DEB_BUILD_OPTIONS=nocheck skips the unit tests of the package build.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$src/build/deb}
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
tree=$out/src/virtboard-$version

# OUTDIR is replaced whole: only when it is new, empty, or an earlier
# output of this script (it carries a marker), never an arbitrary folder
if [ -e "$out" ] && [ ! -e "$out/.build-deb" ] &&
   [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
    echo "build-deb: $out exists and is not an output of build-deb.sh:" \
         "not removing it" >&2
    exit 1
fi
rm -rf "$out"
mkdir -p "$tree"
: >"$out/.build-deb"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$src" ls-files -z --cached --others --exclude-standard |
        (cd "$src" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
        tar -C "$src" --null -T - -cf - | tar -C "$tree" -xf -
else
    tar -C "$src" --exclude='./build' --exclude='./build-*' -cf - . |
        tar -C "$tree" -xf -
fi

(cd "$tree" && dpkg-buildpackage -us -uc -b)
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out"/
rm -rf "$out/src"
ls -l "$out"

if command -v lintian >/dev/null 2>&1; then
    lintian --fail-on error "$out"/*.changes
else
    echo "build-deb: lintian not found, not run" >&2
    [ "${CI:-}" = true ] && exit 1
fi
