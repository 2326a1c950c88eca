#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run every libFuzzer target of a -Dfuzzing=true build for a bounded time.
#
#   tests/fuzz/run-fuzz.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target starts from the committed seeds (tests/fuzz/corpus/<t>) and
# the regression inputs (tests/fuzz/regress/<t>); what it learns goes to
# BUILD_DIR/fuzz-work/<t>/corpus, never into the source tree. A crash is
# saved as BUILD_DIR/fuzz-work/<t>/crash-* (copy it to
# tests/fuzz/regress/<t>/ with a descriptive name, then fix the bug).
# Two targets run at a time (the machine has 2 cores). Prints each
# target's executions and a closing "N passed, N failed" line; exits 1
# if any target crashed.
set -u

build=$1
seconds=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
targets=${*:-"fuzz-opts fuzz-pipeline fuzz-output fuzz-acpi-link fuzz-qtest-reply"}
work="$build/fuzz-work"

run_one() {
    t=$1
    dir="$work/$t"
    if [ ! -x "$build/tests/fuzz/$t" ]; then
        echo "skipped: $build/tests/fuzz/$t not built" >"$dir/log"
        echo 77 >"$dir/rc"
        return
    fi
    rm -rf "$dir/crash-"* "$dir/leak-"* "$dir/timeout-"* "$dir/oom-"*
    mkdir -p "$dir/corpus"
    # -rss_limit_mb: a DTB is 1 MiB, ASan's shadow several times that
    regress=
    if [ -d "$src/regress/$t" ]; then
        regress="$src/regress/$t"
    fi
    # shellcheck disable=SC2086
    "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$dir/" "$dir/corpus" "$src/corpus/$t" $regress \
        >"$dir/log" 2>&1
    echo $? >"$dir/rc"
}

for t in $targets; do
    mkdir -p "$work/$t"
done
set -- $targets
while [ $# -gt 0 ]; do
    run_one "$1" &
    if [ $# -gt 1 ]; then
        run_one "$2" &
        shift
    fi
    shift
    wait
done

passed=0
failed=0
for t in $targets; do
    dir="$work/$t"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")
    if [ "$(cat "$dir/rc")" = 77 ]; then
        echo "fuzz: $t: $(cat "$dir/log")"
    elif [ "$(cat "$dir/rc")" = 0 ]; then
        passed=$((passed + 1))
        echo "fuzz: $t: ${execs:-?} executions (${rate:-?}/s), no crash"
    else
        failed=$((failed + 1))
        echo "fuzz: $t: FAILED after ${execs:-?} executions; log: $dir/log"
        grep -E 'ERROR|invariant failed|runtime error|SUMMARY' "$dir/log" |
            head -5 | sed 's/^/fuzz:   /'
        ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* \
            2>/dev/null | sed 's/^/fuzz:   input: /'
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
