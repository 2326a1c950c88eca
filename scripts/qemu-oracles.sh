#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The QEMU oracles: Debian's qemu-system-aarch64 of every release the
# tests compare virtboard with, each unpacked under OUT (default
# build/oracles) and run through a small wrapper, OUT/qemu-X.Y.
#
#   release  Debian package (qemu-system-arm)   suite(s)
#   5.2      1:5.2+dfsg-11+deb11u3              bullseye
#   7.2      1:7.2+dfsg-7+deb12u18              bookworm (the installed one)
#   10.0     1:10.0.2+ds-2+deb13u1~bpo12+1      bookworm-backports, bookworm
#   11.1     1:11.1.3+ds-1                      sid
#
# Nothing is installed system-wide. A private apt configuration per
# release (its own sources list, package lists, cache and an empty dpkg
# status, all under OUT/X.Y/apt) adds the release's suite to the Debian
# mirror this machine already uses (read from /etc/apt; $DEBIAN_MIRROR
# overrides it). The empty status makes apt resolve the whole dependency
# closure, C library and dynamic loader included, whatever the host has
# installed; the closure is fetched with ONE "apt-get download" and each
# package is unpacked with "dpkg -x" into OUT/X.Y/root. The wrapper runs
# the binary through that root's own dynamic loader and libraries, with
# -L pointing at the root's QEMU data files.
#
# 7.2: when /usr/bin/qemu-system-aarch64 is a QEMU 7.2 (Debian 12's,
# installed by scripts/install-deps.sh check), qemu-7.2 runs it; else
# 7.2 is fetched from bookworm like the others.
#
# The exact versions above are taken when the mirror still has them;
# otherwise the suite's candidate of the same release is taken and
# named. A finished oracle has a stamp (OUT/X.Y/stamp): a rerun with the
# same wishes touches neither the network nor the files.
#
# ORACLE_ARCH=arm64 fetches another architecture's build (for the
# nested-KVM guest test, tests/guest/kvm-test.py): the same closure, but
# nothing is run here, and the wrapper finds its root relative to itself
# (OUT/qemu-X.Y next to OUT/X.Y/root), so that the pair can be copied
# into the guest as they are.
#
# Usage: scripts/qemu-oracles.sh [OUT [RELEASE...]]
# Exit status: 0 all oracles ready; 2 the mirror could not be reached
# (no network?); 1 any other failure. Each problem is named on stderr.
set -eu

# bump when the layout of OUT/X.Y or of the wrappers changes
FORMAT=2
ORACLES="5.2 7.2 10.0 11.1"

die() { echo "qemu-oracles: $*" >&2; exit 1; }
offline() { echo "qemu-oracles: $*" >&2; exit 2; }
say() { echo "qemu-oracles: $*" >&2; }

OUT=${1:-build/oracles}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && ORACLES="$*"

# release -> "pinned-version target-suite [more suites]"
oracle_spec() {
    case $1 in
    5.2)  echo "1:5.2+dfsg-11+deb11u3 bullseye" ;;
    7.2)  echo "1:7.2+dfsg-7+deb12u18 bookworm" ;;
    10.0) echo "1:10.0.2+ds-2+deb13u1~bpo12+1 bookworm-backports bookworm" ;;
    11.1) echo "1:11.1.3+ds-1 sid" ;;
    *)    die "unknown release '$1' (known: 5.2 7.2 10.0 11.1)" ;;
    esac
}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
HOST_ARCH=$(dpkg --print-architecture)
ARCH=${ORACLE_ARCH:-$HOST_ARCH}
FOREIGN=""
[ "$ARCH" = "$HOST_ARCH" ] || FOREIGN=1
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# One run at a time per OUT (make check and a developer may race)
if command -v flock >/dev/null 2>&1; then
    exec 9>"$OUT/.lock"
    flock 9
fi

# "URI SUITE" for every enabled deb source of the machine: deb822
# .sources paragraphs and one-line .list entries
apt_sources() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
            awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            function flush(  i, j, nu, ns, u, s) {
                if (types ~ /(^| )deb( |$)/ && enabled != "no") {
                    nu = split(uris, u, " "); ns = split(suites, s, " ")
                    for (i = 1; i <= nu; i++)
                        for (j = 1; j <= ns; j++)
                            print u[i], s[j]
                }
                types = uris = suites = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = tolower($1); sub(/:$/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val)
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "enabled") enabled = tolower(val)
            }
            END { flush() }' "$f"
    done
}

# The Debian mirror: the first source serving a Debian release by name
debian_mirror() {
    if [ -n "${DEBIAN_MIRROR:-}" ]; then
        echo "${DEBIAN_MIRROR%/}"
        return
    fi
    apt_sources | awk '
        $2 ~ /^(bullseye|bookworm|trixie|forky|duke|sid)$/ ||
        $2 ~ /^(oldstable|stable|testing|unstable)$/ {
            sub(/\/$/, "", $1); print $1; exit
        }'
}

# The upstream release X.Y of a Debian version 1:X.Y.Z+dfsg-...
release_of() {
    echo "$1" | sed -e 's/^[0-9]*://' -e 's/[+~-].*//' |
        awk -F. '{ print $1 "." $2 }'
}

# "QEMU emulator version A.B.C (Debian V)" -> V (empty without one)
debian_version_of_binary() {
    "$@" --version 2>/dev/null |
        sed -n '1s/.*(Debian \(.*\)).*/\1/p'
}

# ... -> A.B.C
upstream_version_of_binary() {
    "$@" --version 2>/dev/null |
        sed -n '1s/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p'
}

# Check that a wrapper is the release it claims and can write a DTB
verify_oracle() {
    rel=$1
    wrapper=$2
    up=$(upstream_version_of_binary "$wrapper")
    case $up in
    "$rel".*) ;;
    *) "$wrapper" --version >&2 || true
       die "$wrapper: expected QEMU $rel.x, got '${up:-nothing}'" ;;
    esac
    dtb=$OUT/.verify-$rel.dtb
    rm -f "$dtb"
    if ! "$wrapper" -M "virt,dumpdtb=$dtb" -cpu max -m 1G -display none \
            -nodefaults -accel tcg >"$OUT/.verify.log" 2>&1 ||
       [ "$(od -An -tx1 -N4 "$dtb" 2>/dev/null | tr -d ' ')" != d00dfeed ]; then
        cat "$OUT/.verify.log" >&2
        die "$wrapper: -M virt,dumpdtb= did not write a device tree"
    fi
    rm -f "$dtb" "$OUT/.verify.log"
    echo "$up"
}

SYSTEM_QEMU=/usr/bin/qemu-system-aarch64

# Is the installed QEMU of release $1?
system_is_release() {
    [ -x "$SYSTEM_QEMU" ] || return 1
    SYSTEM_VERSION=$(upstream_version_of_binary "$SYSTEM_QEMU")
    case $SYSTEM_VERSION in
    "$1".*) return 0 ;;
    esac
    return 1
}

# The wrapper for the installed QEMU (of release $1)
system_oracle() {
    rel=$1
    sys=$SYSTEM_QEMU
    w=$OUT/qemu-$rel
    stamp="format=$FORMAT release=$rel system=$sys qemu=$SYSTEM_VERSION"
    if [ "$(cat "$OUT/$rel/stamp" 2>/dev/null)" = "$stamp" ] &&
       [ -x "$w" ]; then
        return 0
    fi
    mkdir -p "$OUT/$rel"
    cat >"$w.tmp" <<EOT
#!/bin/sh
# QEMU $rel: the installed $sys
# (written by scripts/qemu-oracles.sh)
exec '$sys' "\$@"
EOT
    chmod +x "$w.tmp"
    mv "$w.tmp" "$w"
    up=$(verify_oracle "$rel" "$w")
    dv=$(debian_version_of_binary "$sys")
    echo "$stamp" >"$OUT/$rel/stamp"
    say "$rel: $w runs the installed QEMU $up (Debian $dv)"
}

# The private apt of one release: apt-get/apt-cache with its options
papt() {
    tool=$1
    shift
    "$tool" -q -o Dir::Etc::SourceList="$APTDIR/sources.list" \
        -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::Etc::Preferences=/dev/null \
        -o Dir::Etc::PreferencesParts=/dev/null \
        -o Dir::State="$APTDIR/state" \
        -o Dir::State::Lists="$APTDIR/lists" \
        -o Dir::State::status="$APTDIR/status" \
        -o Dir::Cache="$APTDIR/cache" \
        -o Dir::Cache::pkgcache=pkgcache.bin \
        -o Dir::Cache::srcpkgcache=srcpkgcache.bin \
        -o APT::Architecture="$ARCH" -o APT::Architectures::="$ARCH" \
        -o Acquire::Languages=none \
        -o APT::Update::Post-Invoke::= \
        -o APT::Update::Post-Invoke-Success::= \
        -o APT::Install-Recommends=false \
        ${SANDBOX:+-o APT::Sandbox::User=root} "$@"
}

fetch_oracle() {
    rel=$1
    # shellcheck disable=SC2046
    set -- $(oracle_spec "$rel")
    pin=$1
    target=$2
    shift
    suites="$*"
    dir=$OUT/$rel
    w=$OUT/qemu-$rel
    want="format=$FORMAT release=$rel pin=$pin suites=$suites"
    if [ "$(sed -n 1p "$dir/stamp" 2>/dev/null)" = "$want" ] &&
       [ -x "$w" ] && [ -x "$dir/root/usr/bin/qemu-system-aarch64" ]; then
        return 0
    fi

    mirror=$(debian_mirror)
    [ -n "$mirror" ] ||
        die "no Debian mirror in /etc/apt/sources.list{,.d} (set DEBIAN_MIRROR)"
    [ -r "$KEYRING" ] ||
        die "$KEYRING missing (apt-get install debian-archive-keyring)"

    say "$rel: fetching qemu-system-arm $pin ($suites) from $mirror"
    rm -rf "$dir/root" "$dir/stamp" "$w"
    APTDIR=$dir/apt
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
        "$APTDIR/state" "$dir/debs"
    # empty: nothing counts as installed, apt resolves the whole closure
    : >"$APTDIR/status"
    for s in $suites; do
        echo "deb [signed-by=$KEYRING] $mirror $s main"
    done >"$APTDIR/sources.list"
    # as root apt drops to _apt, which cannot write into OUT
    SANDBOX=""
    [ "$(id -u)" = 0 ] && SANDBOX=1

    log=$dir/fetch.log
    if ! papt apt-get update >"$log" 2>&1 ||
       grep -q '^\(W\|E\): \(Failed to fetch\|Some index files\)' "$log"; then
        cat "$log" >&2
        offline "$rel: cannot fetch the package lists of $suites from" \
            "$mirror: is the network up? (log: $log)"
    fi

    ver=$pin
    if ! papt apt-cache madison qemu-system-arm 2>/dev/null |
            awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$pin"; then
        ver=$(papt apt-cache policy -t "$target" qemu-system-arm 2>/dev/null |
              sed -n 's/^ *Candidate: //p')
        case $ver in
        "" | "(none)") die "$rel: no qemu-system-arm in $suites on $mirror" ;;
        esac
        [ "$(release_of "$ver")" = "$rel" ] ||
            die "$rel: $pin is gone from $mirror and $target has $ver"
        say "$rel: $pin is gone from the mirror; taking $ver instead"
    fi

    # The closure, as apt would install it on an empty system
    papt apt-get install -s -t "$target" "qemu-system-arm=$ver" \
        >"$dir/closure.txt" 2>>"$log" || {
        cat "$log" >&2
        die "$rel: apt cannot resolve qemu-system-arm=$ver"
    }
    pkgs=$(sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p' "$dir/closure.txt")
    [ -n "$pkgs" ] || die "$rel: empty closure (see $dir/closure.txt)"

    # One apt-get download for every package not in OUT/X.Y/debs yet
    # (apt names the files NAME_VERSION_ARCH.deb, ':' written %3a)
    missing=""
    for p in $pkgs; do
        n=${p%%=*}
        v=$(echo "${p#*=}" | sed 's/:/%3a/g')
        ls "$dir/debs/${n}_${v}_"*.deb >/dev/null 2>&1 || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        if ! (cd "$dir/debs" && papt apt-get download $missing) \
                >>"$log" 2>&1; then
            tail -n 20 "$log" >&2
            if grep -q 'resolve\|Failed to fetch\|Unable to connect' \
                    "$log"; then
                offline "$rel: cannot download from $mirror:" \
                    "is the network up? (log: $log)"
            fi
            die "$rel: apt-get download failed (log: $log)"
        fi
    fi

    rm -rf "$dir/root.tmp"
    mkdir -p "$dir/root.tmp"
    for p in $pkgs; do
        n=${p%%=*}
        v=$(echo "${p#*=}" | sed 's/:/%3a/g')
        for deb in "$dir/debs/${n}_${v}_"*.deb; do
            [ -f "$deb" ] || die "$rel: $n=${p#*=} was not downloaded"
            dpkg -x "$deb" "$dir/root.tmp"
        done
    done
    mv "$dir/root.tmp" "$dir/root"
    write_wrapper "$rel" "$dir/root" "$ver" "$w"
    if [ -n "$FOREIGN" ]; then
        # an $ARCH binary cannot run here: the package says what it is
        up=$(echo "$ver" | sed -e 's/^[0-9]*://' -e 's/[+~-].*//')
    else
        up=$(verify_oracle "$rel" "$w")
        dv=$(debian_version_of_binary "$w")
        [ "$dv" = "$ver" ] ||
            die "$rel: $w says it is Debian '$dv', the package is $ver"
    fi
    printf '%s\nversion=%s qemu=%s\n' "$want" "$ver" "$up" >"$dir/stamp"
    # the package lists and apt's caches of them are only needed to fetch
    # (about 60 MB a release); the .debs stay for a cheaper refetch
    rm -rf "$APTDIR/lists" "$APTDIR/cache"
    say "$rel: $w is QEMU $up (Debian $ver)"
}

# The dynamic loader of a root (a file of the root, not of the host:
# some loaders are absolute symlinks such as /lib64/ld-linux-x86-64.so.2)
root_loader() {
    root=$1
    for f in "$root"/lib/*/ld-linux*.so.* "$root"/usr/lib/*/ld-linux*.so.* \
             "$root"/lib/*/ld64.so.* "$root"/usr/lib/*/ld64.so.*; do
        [ -e "$f" ] || continue
        r=$(readlink -f "$f")
        case $r in "$root"/*) echo "$r"; return 0 ;; esac
    done
    return 1
}

# Every directory of the root holding shared libraries: the multiarch
# ones and what the root's ld.so.conf.d adds
root_library_path() {
    root=$1
    dirs=""
    for d in $(cat "$root"/etc/ld.so.conf.d/*.conf 2>/dev/null |
               sed -e 's/#.*//' -e '/^include/d') \
             /lib/$MULTIARCH /usr/lib/$MULTIARCH /lib /usr/lib; do
        [ -d "$root$d" ] || continue
        case ":$dirs:" in *":$root$d:"*) continue ;; esac
        dirs="${dirs:+$dirs:}$root$d"
    done
    echo "$dirs"
}

write_wrapper() {
    rel=$1
    root=$2
    ver=$3
    w=$4
    MULTIARCH=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_MULTIARCH \
                    2>/dev/null ||
                gcc -print-multiarch 2>/dev/null ||
                echo "$(uname -m)-linux-gnu")
    ld=$(root_loader "$root") || die "$rel: no dynamic loader in $root"
    libs=$(root_library_path "$root")
    # its own (maybe empty) module directory, not the host's
    moddir=$root/usr/lib/$MULTIARCH/qemu
    mkdir -p "$moddir"
    if [ -n "$FOREIGN" ]; then
        write_relative_wrapper "$rel" "$root" "$ver" "$w" "$ld" "$libs" \
            "$moddir"
        return
    fi
    cat >"$w.tmp" <<EOT
#!/bin/sh
# QEMU $rel: Debian's qemu-system-aarch64 $ver,
# run with its own dynamic loader and libraries, unpacked in
# $root
# (written by scripts/qemu-oracles.sh)
QEMU_MODULE_DIR='$moddir'
export QEMU_MODULE_DIR
exec '$ld' --library-path '$libs' \\
    '$root/usr/bin/qemu-system-aarch64' -L '$root/usr/share/qemu' "\$@"
EOT
    chmod +x "$w.tmp"
    mv "$w.tmp" "$w"
}

# The wrapper of a foreign build: every path relative to the wrapper's
# own directory, which holds X.Y/root
write_relative_wrapper() {
    rel=$1
    root=$2
    ver=$3
    w=$4
    base=$(dirname "$w")
    rld=${5#"$base"/}
    rlibs=$(echo "$6" | tr ':' '\n' | sed "s|^$base/|\$d/|" |
            paste -sd: -)
    rmod=${7#"$base"/}
    cat >"$w.tmp" <<EOT
#!/bin/sh
# QEMU $rel: Debian's $ARCH qemu-system-aarch64 $ver, run with its own
# dynamic loader and libraries from $rel/root next to this script
# (written by scripts/qemu-oracles.sh)
d=\$(cd "\$(dirname "\$0")" && pwd)
QEMU_MODULE_DIR="\$d/$rmod"
export QEMU_MODULE_DIR
exec "\$d/$rld" --library-path "$rlibs" \\
    "\$d/$rel/root/usr/bin/qemu-system-aarch64" \\
    -L "\$d/$rel/root/usr/share/qemu" "\$@"
EOT
    chmod +x "$w.tmp"
    mv "$w.tmp" "$w"
}

SANDBOX=""

for rel in $ORACLES; do
    oracle_spec "$rel" >/dev/null
    if [ "$rel" = 7.2 ] && [ -z "$FOREIGN" ] && system_is_release "$rel"; then
        system_oracle "$rel"
        continue
    fi
    fetch_oracle "$rel"
done
