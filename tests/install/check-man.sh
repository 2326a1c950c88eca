#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# virtboard(1): man renders it without a warning, and it names every
# option of --help, every machine type (-M help), every -M property
# (-M virt,help), every CPU model (-cpu help), and the exit statuses.
#
# Usage: check-man.sh PAGE VIRTBOARD
# Needs man (man-db) and groff: exits 77 without them (fails with CI=true).
set -eu

page=$1
vb=$2

if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    echo "check-man: man or groff not found (man-db, groff-base)" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
rc=0

MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$page" \
    >"$tmp/out" 2>"$tmp/err" || { echo "check-man: man failed" >&2; rc=1; }
if [ -s "$tmp/err" ]; then
    echo "check-man: warnings from man:" >&2
    cat "$tmp/err" >&2
    rc=1
fi
[ -s "$tmp/out" ] || { echo "check-man: empty rendering" >&2; rc=1; }

# the source with roff escapes undone: "\-" is "-"; names are set in
# bold, by the font macros (.B, .BR, .BI, .RB, .IB, .OP, .SY)
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page" >"$tmp/text"
grep -E '^\.(B|BR|BI|RB|IB|OP|SY) ' "$tmp/text" >"$tmp/bold"
# want NAME WHERE [FILE]: NAME as a whole name in bold (not "its" in
# prose, not "highmem" in "highmem-ecam")
want() {
    re=$(printf '%s' "$1" | sed 's/[].[*^$\\]/\\&/g')
    grep -qE -e "(^|[^A-Za-z0-9-])$re([^A-Za-z0-9-]|\$)" "${3:-$tmp/bold}" || {
        echo "check-man: '$1' ($2) is not in the page" >&2
        rc=1
    }
}

# every option of --help: the words that start with - in its option lines
"$vb" --help | grep -E '^  +-' | sed 's/[][ ,/()]/\n/g' |
    grep -E '^--?[a-zA-Z]' | sed "s/=.*//; s/[').;:]*\$//" | sort -u \
    >"$tmp/opts"
[ -s "$tmp/opts" ] || { echo "check-man: no options in --help" >&2; rc=1; }
while read -r o; do want "$o" "--help"; done <"$tmp/opts"
"$vb" -M help | awk 'NR > 1 { print $1 }' >"$tmp/types"
while read -r t; do want "$t" "-M help"; done <"$tmp/types"
"$vb" -M virt,help | awk -F= '/^  [a-z]/ { sub(/^  /, "", $1); print $1 }' \
    >"$tmp/props"
while read -r p; do want "$p" "-M virt,help"; done <"$tmp/props"
"$vb" -cpu help | awk 'NR > 1 { print $1 }' >"$tmp/cpus"
while read -r c; do want "$c" "-cpu help"; done <"$tmp/cpus"
for s in 'EXIT STATUS' 'FILES' '/dev/kvm'; do want "$s" "section" "$tmp/text"; done
for n in 0 1 2 3 4; do
    grep -qx ".B $n" "$page" || { echo "check-man: exit status $n" >&2; rc=1; }
done

n=$(cat "$tmp/opts" "$tmp/types" "$tmp/props" "$tmp/cpus" | wc -l)
[ $rc = 0 ] && echo "check-man: OK ($n names, no warnings)"
exit $rc
