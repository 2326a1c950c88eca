#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-golden.sh VIRTBOARD GOLDEN RC [ARGS...]
# Run VIRTBOARD ARGS; its stdout must equal GOLDEN and its exit status RC.
set -u
vb=$1 golden=$2 want_rc=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$vb" "$@" >"$out"
rc=$?
if [ "$rc" != "$want_rc" ]; then
    echo "exit status $rc, expected $want_rc: $vb $*" >&2
    exit 1
fi
if ! diff -u "$golden" "$out"; then
    echo "output differs from $golden" >&2
    exit 1
fi
echo "1 passed, 0 failed"
