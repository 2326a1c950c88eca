#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The README's contract in a clean room: a minimal Debian 12 root
# (debootstrap --variant=minbase plus make and git, what a new user has
# before reading the README), a clone of HEAD in it, and, as root in a
# chroot, `make run` and then `CI=true bash .ci/run`.
#
# Usage: scripts/check-fresh.sh [--keep] [--refresh]
#   --keep      leave the finished root in place (its path is printed)
#   --refresh   build the cached base root again
#
# Environment:
#   FRESH_CACHE  where the base root is cached between runs
#                (default /var/cache/virtboard/check-fresh)
#   FRESH_STEPS  what to run in the root, in order (default "run ci deb"):
#                run = `make run`, ci = `CI=true bash .ci/run`,
#                deb = `make deb` and scripts/check-deb.sh (the packages
#                install, their autopkgtests pass, they purge)
#
# The mirror and the apt settings that reach it come from this machine's
# own apt configuration; no host name is written here.  Everything it
# mounts is unmounted, and the root removed, on every exit path, Ctrl-C
# included.  Exit status: that of the first step that failed, 0 when all
# passed, 2 when the clean room itself cannot be set up.
set -euo pipefail

die() { echo "check-fresh: $*" >&2; exit 2; }
say() { echo "check-fresh: $*" >&2; }

keep=""
refresh=""
for a in "$@"; do
    case $a in
    --keep) keep=1 ;;
    --refresh) refresh=1 ;;
    -h|--help) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$a' (see --help)" ;;
    esac
done

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) ||
    die "not in a git checkout"
head=$(git -C "$src" rev-parse HEAD)
suite=bookworm
cache=${FRESH_CACHE:-/var/cache/virtboard/check-fresh}
steps=${FRESH_STEPS:-run ci deb}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# --- the host's tools ----------------------------------------------------

need=""
command -v debootstrap >/dev/null || need="$need debootstrap"
[ -r "$keyring" ] || need="$need debian-archive-keyring"
if [ -n "$need" ]; then
    say "installing on this machine:$need"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        -o DPkg::Lock::Timeout=900 \
        --no-install-recommends $need >&2 ||
        die "cannot install$need"
fi

# --- the mirror, from this machine's apt configuration -------------------

# The URI of an enabled source that serves $suite, from one-line .list
# files and deb822 .sources files alike
host_mirror() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk -v s="$suite" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == s) { print $i; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        # one stanza a paragraph: remember URIs, Suites, Enabled, Types
        awk -v s="$suite" '
            function flush() {
                if (uri != "" && types ~ /(^| )deb( |$)/ &&
                    enabled != "no" && (" " suites " ") ~ (" " s " "))
                    print uri
                uri = ""; suites = ""; enabled = ""; types = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            tolower($1) == "uris:" { uri = $2 }
            tolower($1) == "types:" { $1 = ""; types = $0 }
            tolower($1) == "suites:" { $1 = ""; suites = $0 }
            tolower($1) == "enabled:" { enabled = tolower($2) }
            END { flush() }' "$f"
    done
}

mirror=$(host_mirror | head -n1)
[ -n "$mirror" ] ||
    die "no enabled apt source for '$suite' in /etc/apt: cannot pick a mirror"

# --- the cached base root ------------------------------------------------

mkdir -p "$cache"
base="$cache/$suite-minbase.tar"
stamp="$cache/$suite-minbase.stamp"
want="suite=$suite variant=minbase include=make,git mirror=$mirror"

t_all=$(date +%s)
timings=()
step_time() { timings+=("$(printf '%-26s %5d s  %s' "$1" "$2" "$3")"); }

# summary INTERRUPTED RC: each step's time and exit status
summary() {
    local l verdict
    echo
    echo "check-fresh: $suite minbase + make, git; HEAD" \
         "$(git -C "$src" rev-parse --short "$head")"
    for l in "${timings[@]}"; do echo "  $l"; done
    if [ "$1" = 1 ]; then
        verdict="INTERRUPTED"
    elif [ "$2" = 0 ]; then
        verdict="PASSED"
    else
        verdict="FAILED (exit $2)"
    fi
    printf '  %-26s %5d s  %s\n' "total" $(($(date +%s) - t_all)) "$verdict"
}

if [ -n "$refresh" ] || [ ! -s "$base" ] ||
   [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    t0=$(date +%s)
    tmp=$(mktemp -d "$cache/debootstrap.XXXXXX")
    say "debootstrap $suite (minbase + make, git) from this machine's mirror"
    if ! debootstrap --variant=minbase --include=make,git \
            --keyring="$keyring" "$suite" "$tmp/root" "$mirror" \
            >"$cache/debootstrap.log" 2>&1; then
        tail -n 20 "$cache/debootstrap.log" >&2
        rm -rf --one-file-system "$tmp"
        die "debootstrap failed (log: $cache/debootstrap.log)"
    fi
    tar -C "$tmp/root" -cf "$base.tmp" .
    rm -rf --one-file-system "$tmp"
    mv "$base.tmp" "$base"
    echo "$want" >"$stamp"
    step_time "debootstrap (cached)" $(($(date +%s) - t0)) "ok"
fi

# --- the clean room ------------------------------------------------------

work=$(mktemp -d "$cache/root.XXXXXX")
root="$work/root"
mounts=()

# Unmount in reverse order; remove the root only when nothing is mounted
# below it any more, never crossing into another file system
cleanup() {
    local rc=$? i pids p
    trap - EXIT INT TERM HUP
    set +e
    # processes left in the chroot (a test's QEMU, a killed make)
    pids=""
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] &&
            pids="$pids ${p#/proc/}"
    done
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null && sleep 1
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[$i]}" 2>/dev/null ||
            umount -l "${mounts[$i]}" 2>/dev/null ||
            say "could not unmount ${mounts[$i]}"
    done
    if grep -q " $work/" /proc/mounts; then
        say "still mounted below $work: not removing it"
    elif [ -n "$keep" ]; then
        say "kept the root: $root"
    else
        rm -rf --one-file-system "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; summary 1 130; exit 130' INT TERM HUP

mkdir -p "$root"
tar -C "$root" -xf "$base"

# apt: the host's sources whose keys the new root has, and the host's
# settings for reaching that mirror (a snapshot mirror needs
# Check-Valid-Until off, a proxy needs its Acquire::*::Proxy)
mkdir -p "$root/etc/apt/sources.list.d" "$root/etc/apt/apt.conf.d"
: >"$root/etc/apt/sources.list"
rm -f "$root"/etc/apt/sources.list.d/*
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
         /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    ok=1
    for k in $(grep -oiE '(signed-by[:=][ ]*)[^] ]+' "$f" |
               sed -E 's/^[sS]igned-[bB]y[:=] *//'); do
        [ -e "$root$k" ] || ok=""
    done
    if [ -n "$ok" ]; then
        cp "$f" "$root/etc/apt/sources.list.d/host-$(basename "$f")"
        case $f in */sources.list)
            mv "$root/etc/apt/sources.list.d/host-sources.list" \
               "$root/etc/apt/sources.list.d/host.list" ;;
        esac
    fi
done
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|([a-z]+::)?Proxy)' \
    >"$root/etc/apt/apt.conf.d/00host-mirror" || true
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# /etc/hosts: the Debian installer writes it on every installed machine,
# debootstrap does not; without it "localhost" does not resolve (the
# corpus's syzkaller lines open a chardev on localhost)
[ -e "$root/etc/hosts" ] ||
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
        >"$root/etc/hosts"

mnt() { # TYPE SRC DIR [OPTS]
    mkdir -p "$root$3"
    if [ "$1" = bind ]; then
        mount --bind "$2" "$root$3"
    else
        mount -t "$1" ${4:+-o "$4"} "$2" "$root$3"
    fi
    mounts+=("$root$3")
}
mnt proc proc /proc
mnt sysfs sysfs /sys
mnt devtmpfs udev /dev
mnt devpts devpts /dev/pts "newinstance,ptmxmode=0666"
mnt tmpfs tmpfs /dev/shm
mnt tmpfs tmpfs /tmp "mode=1777"

# HEAD, as a new user's clone (committed work only)
git clone -q --no-hardlinks "$src" "$root/root/virtboard"
git -C "$root/root/virtboard" checkout -q "$head"

in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        "$@"
}

say "clean room $root at $(git -C "$src" log -1 --format='%h %s' "$head")"
rc=0
for s in $steps; do
    case $s in
    run) name="make run"; cmd="make run" ;;
    ci) name="CI=true bash .ci/run"; cmd="CI=true bash .ci/run" ;;
    deb) name="make deb + check-deb"
         cmd="make deb && scripts/check-deb.sh build/deb" ;;
    *) die "unknown step '$s' in FRESH_STEPS" ;;
    esac
    say "step: $name"
    t0=$(date +%s)
    # in the background, so that a signal to this script is handled at
    # once (bash runs traps only between foreground commands)
    set +e
    in_root sh -c "cd /root/virtboard && $cmd" </dev/null &
    wait $!
    src_rc=$?
    set -e
    step_time "$name" $(($(date +%s) - t0)) "exit $src_rc"
    if [ "$src_rc" != 0 ]; then
        rc=$src_rc
        break
    fi
done

summary 0 "$rc"
exit "$rc"
