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

# guest-boot and guest-kvm run side by side and want the same kernel:
# one guest-assets.sh at a time per cache (the second then finds the
# stamp of the first and costs nothing).  arm64-sysroot runs this
# script again for kvm-root: that inner run holds the lock already.
if [ "${GUEST_ASSETS_LOCKED:-}" != "$CACHE" ]; then
    exec 9>"$CACHE/.lock"
    flock 9
    GUEST_ASSETS_LOCKED=$CACHE
    export GUEST_ASSETS_LOCKED
fi

dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
    [ "$(dpkg --print-architecture)" = arm64 ] ||
    die "dpkg has no arm64 architecture (run scripts/install-deps.sh check as root)"

# as root apt wants to drop to _apt, which cannot write into the cache
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"

# Every apt call costs seconds (10-30 s on a busy machine with the arm64
# lists), so candidates are asked for in batches and remembered here, and
# downloads are batched too: one apt-get download for a set of packages.
CAND="$CACHE/debs/.candidates.$$"
: >"$CAND"
trap 'rm -f "$CAND"' EXIT

# remember the candidate versions of PKG... (arm64; PKG:all for arch all)
learn() {
    specs=""
    for p in "$@"; do
        grep -q "^${p%:all} " "$CAND" && continue
        case $p in *:all) specs="$specs $p" ;; *) specs="$specs $p:arm64" ;; esac
    done
    [ -n "$specs" ] || return 0
    # shellcheck disable=SC2086
    apt-cache policy $specs 2>/dev/null | awk '
        /^[^ ].*:$/ { n = substr($0, 1, length($0) - 1); sub(/:arm64$/, "", n) }
        /^  Candidate:/ { print n, $2 }' >>"$CAND"
}

# candidate VERSION of PKG (ARCH arm64 or all), or die
candidate() {
    arch=${2:-arm64}
    if [ "$arch" = all ]; then learn "$1:all"; else learn "$1"; fi
    v=$(awk -v n="$1" '$1 == n { print $2; exit }' "$CAND")
    [ -n "$v" ] && [ "$v" != "(none)" ] ||
        die "no $arch candidate for $1 (apt-get update with arm64 enabled?)"
    echo "$v"
}

# the cache's file name for PKG ARCH at its candidate version
debfile() {
    ver=$(candidate "$1" "$2")
    # apt-get download names files PKG_VER_ARCH.deb with ':' as %3a
    echo "$CACHE/debs/${1}_$(echo "$ver" | sed 's/:/%3a/g')_$2.deb"
}

# download every PKG (PKG:all for arch all) not in the cache yet, in one
# apt-get call; stale package lists (a version the mirror no longer has)
# are refreshed once, as root
fetch_all() {
    learn "$@"
    get=""
    for p in "$@"; do
        case $p in *:all) n=${p%:all}; a=all ;; *) n=$p; a=arm64 ;; esac
        [ -s "$(debfile "$n" "$a")" ] || get="$get $n:$a=$(candidate "$n" "$a")"
    done
    [ -n "$get" ] || return 0
    # shellcheck disable=SC2086
    if ! (cd "$CACHE/debs" && apt-get download -q $sandbox $get >&2); then
        [ "$(id -u)" = 0 ] && [ -z "${refreshed:-}" ] ||
            die "apt-get download$get failed"
        refreshed=1
        apt-get update -q >&2 || die "apt-get update failed"
        : >"$CAND"
        fetch_all "$@"
    fi
}

# path of the .deb for PKG (ARCH arm64 or all) in the cache, downloading
# it if needed
fetch() {
    arch=${2:-arm64}
    if [ "$arch" = all ]; then fetch_all "$1:all"; else fetch_all "$1"; fi
    f=$(debfile "$1" "$arch")
    [ -s "$f" ] || die "apt-get download did not leave $f"
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
    # libjson-glib-1.0-0: the arm64 virtboard links it, QEMU does not
    roots="qemu-system-arm strace libjson-glib-1.0-0"
    learn $roots libc6 qemu-system-data:all ipxe-qemu:all
    stamp=""
    for p in $roots libc6 qemu-system-data:all ipxe-qemu:all; do
        stamp="$stamp $p=$(candidate "${p%:*}" "$(echo "$p:arm64" | cut -d: -f2)")"
    done
    out="$CACHE/kvm-root"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$out" "$out.tmp"
        mkdir -p "$out.tmp/x"
        x="$out.tmp/x"
        fetch_all $roots libc6 qemu-system-data:all ipxe-qemu:all
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
            missing=""
            for so in $need; do
                echo "$have" | grep -qxF "$so" || missing="$missing $so"
            done
            [ -n "$missing" ] || break
            # one dpkg -S for every missing soname: "pkg:arch: /dir/so"
            # shellcheck disable=SC2086
            owners=$(dpkg -S $(for so in $missing; do echo "*/$so"; done) \
                         2>/dev/null | grep -v -e '-cross:' || true)
            new=""
            for so in $missing; do
                pkg=$(echo "$owners" | awk -v so="$so" '
                    { f = $NF; sub(/.*\//, "", f) }
                    f == so { sub(/[:,].*/, "", $1); print $1; exit }')
                [ -n "$pkg" ] || die "no package known to ship $so"
                case $done_pkgs in *" $pkg "*) continue ;; esac
                done_pkgs="$done_pkgs$pkg "
                new="$new $pkg"
            done
            [ -n "$new" ] || break
            # shellcheck disable=SC2086
            fetch_all $new
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
    # json-glib-1.0.pc requires gio-2.0, whose private requirements
    # (mount, blkid, selinux, sepol, zlib, libffi) pkg-config reads too
    devs="libglib2.0-dev libfdt-dev libpcre2-dev check libsubunit-dev libsubunit0
          libjson-glib-dev libmount-dev libblkid-dev libselinux1-dev
          libsepol-dev zlib1g-dev libffi-dev"
    root=$("$0" "$CACHE" kvm-root)
    stamp="$(cat "$root/stamp")"
    # shellcheck disable=SC2086
    learn $devs
    for p in $devs; do
        stamp="$stamp $p=$(candidate "$p")"
    done
    out="$CACHE/arm64-sysroot"
    if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$out" "$out.tmp"
        cp -al "$root" "$out.tmp" 2>/dev/null || cp -a "$root" "$out.tmp"
        # shellcheck disable=SC2086
        fetch_all $devs
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
