#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fetch and unpack the arm64 material the guest tests boot, from Debian's
# own arm64 packages (multiarch: "dpkg --add-architecture arm64" and an
# "apt-get update" are done by scripts/install-deps.sh).  Nothing is
# installed system-wide: .debs are downloaded with "apt-get download"
# into CACHE/debs and unpacked with "dpkg -x" under CACHE.
#
# Usage: scripts/guest-assets.sh CACHE kernel     -> CACHE/kernel/Image
#        scripts/guest-assets.sh CACHE busybox    -> CACHE/busybox/busybox
#        scripts/guest-assets.sh CACHE kvm-root   -> CACHE/kvm-root/ (a tree:
#                 qemu-system-aarch64, strace, every shared library they
#                 need, the arm64 dynamic loader, QEMU's data files)
#        scripts/guest-assets.sh CACHE arm64-sysroot
#                 -> CACHE/arm64-sysroot/cross-sysroot.txt (kvm-root plus
#                 the arm64 -dev packages virtboard needs, and a meson
#                 cross file for it: see scripts/cross-aarch64.txt)
#
# Prints the path of the result on stdout.  Exit 0 on success, 2 when
# the material cannot be had (no arm64 architecture, package missing,
# download failed), with the reason on stderr.  A finished result is
# marked with a stamp file naming the package versions, so a rerun with
# the same versions costs nothing.
set -eu

die() { echo "guest-assets: $*" >&2; exit 2; }

[ $# -eq 2 ] || { echo "usage: $0 CACHE kernel|busybox|kvm-root" >&2; exit 1; }
CACHE=$1
WHAT=$2
mkdir -p "$CACHE/debs"
CACHE=$(cd "$CACHE" && pwd)

dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
    [ "$(dpkg --print-architecture)" = arm64 ] ||
    die "dpkg has no arm64 architecture (run scripts/install-deps.sh check as root)"

# as root apt wants to drop to _apt, which cannot write into the cache
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"

# candidate VERSION of PKG:arm64, or die
candidate() {
    v=$(apt-cache policy "$1:${2:-arm64}" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    [ -n "$v" ] && [ "$v" != "(none)" ] ||
        die "no ${2:-arm64} candidate for $1 (apt-get update with arm64 enabled?)"
    echo "$v"
}

# path of the .deb for PKG:arm64 in the cache, downloading it if needed
fetch() {
    pkg=$1
    arch=${2:-arm64}
    ver=$(candidate "$pkg" "$arch")
    # apt-get download names files PKG_VER_ARCH.deb with ':' as %3a
    f="$CACHE/debs/${pkg}_$(echo "$ver" | sed 's/:/%3a/g')_$arch.deb"
    if [ ! -s "$f" ]; then
        if ! (cd "$CACHE/debs" && apt-get download -q $sandbox "$pkg:$arch=$ver" >&2); then
            # stale package lists name a version the mirror no longer
            # has: as root, refresh them once and try the new candidate
            [ "$(id -u)" = 0 ] && [ -z "${refreshed:-}" ] ||
                die "apt-get download $pkg:$arch=$ver failed"
            refreshed=1
            apt-get update -q >&2 || die "apt-get update failed"
            fetch "$pkg" "$arch"
            return
        fi
        [ -s "$f" ] || die "apt-get download did not leave $f"
    fi
    echo "$f"
}

case $WHAT in
kernel)
    # linux-image-arm64 is a meta package: follow it to the real image
    real=$(apt-cache depends "linux-image-arm64:arm64" 2>/dev/null |
           sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n1)
    [ -n "$real" ] || die "cannot resolve linux-image-arm64:arm64"
    stamp="$real=$(candidate "$real")"
    out="$CACHE/kernel"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        deb=$(fetch "$real")
        rm -rf "$out" "$out.tmp"
        mkdir -p "$out.tmp"
        # only /boot: the modules are not needed (everything the tests use
        # is built in: PL011, PCI host generic, KVM, GICv3, devtmpfs)
        dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out.tmp" ./boot
        img=$(ls "$out.tmp"/boot/vmlinuz-* | head -n1)
        [ -f "$img" ] || die "no vmlinuz in $deb"
        mv "$img" "$out.tmp/Image"
        mv "$out.tmp"/boot/config-* "$out.tmp/config"
        rm -rf "$out.tmp/boot"
        echo "$stamp" >"$out.tmp/stamp"
        mv "$out.tmp" "$out"
    fi
    echo "$out/Image"
    ;;
busybox)
    stamp="busybox-static=$(candidate busybox-static)"
    out="$CACHE/busybox"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        deb=$(fetch busybox-static)
        rm -rf "$out" "$out.tmp"
        mkdir -p "$out.tmp/x"
        dpkg -x "$deb" "$out.tmp/x"
        mv "$out.tmp/x/bin/busybox" "$out.tmp/busybox"
        rm -rf "$out.tmp/x"
        echo "$stamp" >"$out.tmp/stamp"
        mv "$out.tmp" "$out"
    fi
    echo "$out/busybox"
    ;;
kvm-root)
    roots="qemu-system-arm strace"
    stamp=""
    for p in $roots libc6 qemu-system-data:all ipxe-qemu:all; do
        stamp="$stamp $p=$(candidate "${p%:*}" "$(echo "$p:arm64" | cut -d: -f2)")"
    done
    out="$CACHE/kvm-root"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$out" "$out.tmp"
        mkdir -p "$out.tmp/x"
        x="$out.tmp/x"
        for p in $roots libc6; do
            dpkg -x "$(fetch "$p")" "$x"
        done
        # Closure of NEEDED sonames.  Which package ships a soname is
        # asked of the host's dpkg database (the same libraries are
        # installed for amd64 by qemu-system-arm, a check dependency);
        # the arm64 build of that package is then unpacked too.
        done_pkgs=" $roots libc6 "
        rm -rf "$x/usr/lib/aarch64-linux-gnu/gconv" "$x/usr/bin/qemu-system-arm"
        while :; do
            have=$(find "$x" -name '*.so*' -exec basename {} \; | sort -u)
            need=$(find "$x" -type f \( -name '*.so*' -o -path '*/bin/*' \) \
                       -exec readelf -d {} + 2>/dev/null |
                   sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
            new=""
            for so in $need; do
                if echo "$have" | grep -qxF "$so"; then continue; fi
                pkg=$(dpkg -S "*/$so" 2>/dev/null | grep -v -e '-cross:' |
                      sed -n 's/^\([^:,]*\)[:,].*/\1/p' | head -n1)
                [ -n "$pkg" ] || die "no package known to ship $so"
                case $done_pkgs in *" $pkg "*) continue ;; esac
                done_pkgs="$done_pkgs$pkg "
                new="$new $pkg"
            done
            [ -n "$new" ] || break
            for p in $new; do
                dpkg -x "$(fetch "$p")" "$x"
            done
            rm -rf "$x/usr/lib/aarch64-linux-gnu/gconv"
        done
        # QEMU's firmware and option ROMs (the default NIC's ROM) live in
        # the arch-independent qemu-system-data
        dpkg -x "$(fetch qemu-system-data all)" "$x"
        # the default NIC (virtio-net-pci) loads efi-virtio.rom, found in
        # Debian's firmware path /usr/lib/ipxe/qemu
        mkdir -p "$x.ipxe"
        dpkg -x "$(fetch ipxe-qemu all)" "$x.ipxe"
        mkdir -p "$x/usr/lib/ipxe/qemu"
        cp "$x.ipxe/usr/lib/ipxe/qemu/efi-virtio.rom" "$x/usr/lib/ipxe/qemu/"
        rm -rf "$x.ipxe"
        # keep what the guest needs, not documentation
        rm -rf "$x/usr/share/doc" "$x/usr/share/man" "$x/usr/share/locale" \
               "$x/usr/share/lintian" "$x/usr/share/bug" "$x/usr/share/icons" \
               "$x/usr/share/applications" "$x/usr/share/qemu/edk2"* \
               "$x/etc"
        [ -x "$x/usr/bin/qemu-system-aarch64" ] || die "no qemu-system-aarch64"
        [ -e "$x/lib/ld-linux-aarch64.so.1" ] || die "no arm64 dynamic loader"
        echo "$stamp" >"$x/stamp"
        mv "$x" "$out"
        rm -rf "$out.tmp"
    fi
    echo "$out"
    ;;
arm64-sysroot)
    # kvm-root (the very libraries the guest runs virtboard with) plus
    # the -dev packages virtboard builds against, and a meson cross file
    # pointing pkg-config and the linker into it
    devs="libglib2.0-dev libfdt-dev libpcre2-dev check libsubunit-dev libsubunit0"
    root=$("$0" "$CACHE" kvm-root)
    stamp="$(cat "$root/stamp")"
    for p in $devs; do
        stamp="$stamp $p=$(candidate "$p")"
    done
    out="$CACHE/arm64-sysroot"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$out" "$out.tmp"
        cp -al "$root" "$out.tmp" 2>/dev/null || cp -a "$root" "$out.tmp"
        for p in $devs; do
            dpkg -x "$(fetch "$p")" "$out.tmp"
        done
        lib="$out/usr/lib/aarch64-linux-gnu"
        cat >"$out.tmp/cross-sysroot.txt" <<EOT
# written by scripts/guest-assets.sh: the arm64 sysroot in this directory
[properties]
sys_root = '$out'
pkg_config_libdir = ['$lib/pkgconfig', '$out/usr/share/pkgconfig']

[built-in options]
# -I/-L for what has no pkg-config file (Debian 12's libfdt-dev)
c_args = ['-I$out/usr/include']
c_link_args = ['-L$lib', '-Wl,-rpath-link,$lib', '-Wl,-rpath-link,$out/lib/aarch64-linux-gnu']
EOT
        echo "$stamp" >"$out.tmp/stamp"
        mv "$out.tmp" "$out"
    fi
    echo "$out/cross-sysroot.txt"
    ;;
*)
    echo "usage: $0 CACHE kernel|busybox|kvm-root|arm64-sysroot" >&2
    exit 1
    ;;
esac
