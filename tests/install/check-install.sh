#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What a packager gets: meson install into a DESTDIR, then check the
# installed tree (library and soname, public headers only, virtboard.pc,
# man page, bash completion, COPYING, NEWS) and build examples/virt-dtb.c
# against it through pkg-config, run it, and check its output and DTB.
#
# Usage: check-install.sh BUILDDIR SOURCEDIR
# Needs cc, pkg-config, make and dtc: exits 77 without them (fails with
# CI=true).
set -eu

build=$1
src=$2

skip() {
    echo "check-install: $*" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
}
fail() {
    echo "check-install: FAIL: $*" >&2
    exit 1
}

for t in cc pkg-config make dtc; do
    command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/dest

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" \
    >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "meson install"; }

prefix=$(meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys
o={x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"]); print(o["libdir"]); print(o["datadir"]);
print(o["mandir"]); print(o["includedir"]); print(o["bindir"])')
set -- $prefix
root=$dest$1
case $2 in /*) libdir=$dest$2 ;; *) libdir=$root/$2 ;; esac
datadir=$root/$3
mandir=$root/$4
incdir=$root/$5/virtboard
bindir=$root/$6

# the files
for f in "$bindir/virtboard" "$libdir/libvirtboard.so.0" \
         "$libdir/libvirtboard.so" "$libdir/libvirtboard.a" \
         "$libdir/pkgconfig/virtboard.pc" "$mandir/man1/virtboard.1" \
         "$datadir/doc/virtboard/COPYING" "$datadir/doc/virtboard/NEWS"; do
    [ -e "$f" ] || fail "not installed: ${f#$dest}"
done
ls "$datadir"/bash-completion/completions/virtboard >/dev/null 2>&1 ||
    fail "bash completion not installed"
grep -q 'GNU GENERAL PUBLIC LICENSE' "$datadir/doc/virtboard/COPYING" ||
    fail "COPYING is not the GPL"

# the soname
soname=$(objdump -p "$libdir/libvirtboard.so" 2>/dev/null |
    awk '$1 == "SONAME" { print $2 }')
[ "$soname" = libvirtboard.so.0 ] || fail "soname '$soname'"

# exactly the public headers
(cd "$incdir" && find . -type f | sort) >"$tmp/headers"
cat >"$tmp/headers.want" <<'LIST'
./hw/acpi/acpi-linked.h
./hw/arm/virt-acpi.h
./hw/arm/virt-fdt.h
./hw/arm/virt-plan.h
./hw/arm/virt-release.h
./hw/arm/virt.h
./virt/error.h
LIST
diff -u "$tmp/headers.want" "$tmp/headers" || fail "installed headers"

# the example, through pkg-config, against the installed tree only: the
# installed virtboard.pc with its prefix moved into DESTDIR (pkg-config's
# --define-variable would move glib's too, --define-prefix does not
# understand multiarch libdirs)
mkdir "$tmp/pc"
sed "s|^prefix=.*|prefix=$root|" "$libdir/pkgconfig/virtboard.pc" \
    >"$tmp/pc/virtboard.pc"
pc=pkg-config
export PKG_CONFIG_PATH="$tmp/pc"
$pc --exists virtboard || fail "pkg-config cannot find virtboard.pc"
[ "$($pc --modversion virtboard)" = "$(meson introspect "$build" --projectinfo |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')" ] ||
    fail "virtboard.pc version"
make -s -C "$tmp" -f "$src/examples/Makefile" VPATH="$src/examples" \
    PKG_CONFIG="$pc" CFLAGS="-O2 -Wall -Wextra -Werror" >"$tmp/make.log" 2>&1 ||
    { cat "$tmp/make.log" >&2; fail "the example does not build"; }
# it must have linked the installed shared library
LD_LIBRARY_PATH=$libdir ldd "$tmp/virt-dtb" | grep -q "$libdir/libvirtboard.so.0" ||
    fail "the example does not use the installed libvirtboard.so.0"

LD_LIBRARY_PATH=$libdir "$tmp/virt-dtb" "$tmp/virt.dtb" >"$tmp/out" ||
    fail "virt-dtb exited $?"
cat "$tmp/out"
# -m 4G, cortex-a57 (44 bits): the 64-bit PCIe window ends at 1 TiB
# (QEMU's high memory map: 512 GiB window at 512 GiB), a 40-bit IPA
grep -qx 'highest GPA: 0x000000ffffffffff' "$tmp/out" || fail "highest GPA"
grep -qx 'IPA bits: 40' "$tmp/out" || fail "IPA bits"

dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb" || fail "dtc rejects the DTB"
grep -q 'compatible = "arm,gic-v3";' "$tmp/virt.dts" || fail "no GICv3 node"
[ "$(grep -c 'device_type = "cpu";' "$tmp/virt.dts")" = 8 ] || fail "not 8 CPUs"
grep -q 'reg = <0x00 0x40000000 0x01 0x00>;' "$tmp/virt.dts" ||
    fail "memory is not 4 GiB at 1 GiB"

# the installed tool runs
"$bindir/virtboard" --version | grep -q '^virtboard ' ||
    fail "installed virtboard --version"
echo "check-install: OK"
