#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the virtboard CLI under valgrind memcheck on representative
# configurations: success paths (text, JSON, help, DTB and ACPI written)
# and error paths (the option parser, the planner, the writers). Any
# memory error or definitely lost block fails the run.
#
#   tests/valgrind-cli.sh PATH/TO/virtboard
set -u

cli=$1
out=$(mktemp -d "${TMPDIR:-/tmp}/virtboard-valgrind.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
export G_SLICE=always-malloc G_DEBUG=gc-friendly

# status|arguments ("|" separated; @ is the scratch directory); the
# statuses are virtboard(1)'s: 1 refused, 3 invalid usage, 4 I/O error
cases="0|-M virt -cpu cortex-a57 -m 1G
0|--json -M virt,highmem=off -m 3G
0|-M virt,gic-version=3,dumpdtb=@/a.dtb,dumpacpi=@/acpi -cpu max -m 4G -smp 8
0|-M virt,iommu=smmuv3,dumpdtb=@/b.dtb -cpu cortex-a15 -m 1G,slots=2,maxmem=4G
0|-M virt,secure=on,virtualization=on,dumpdtb=@/c.dtb -cpu max -bios x
0|-accel kvm --host-ipa-bits 36 -cpu host -m 63G
0|-M virt,help
0|-cpu help
0|--json -M virt,help
0|--json -M help
0|--json -cpu help
2|plan --json -accel kvm --host-ipa-bits 36 -cpu host -m 64G
0|--quiet -M virt,acpi=off,dumpacpi=@/noacpi
3|-M virt,nosuch=on
3|-m 16E
3|--json --jsn -m 1G
3|plan -M virt,dumpdtb=@/p.dtb
1|-smp 4,sockets=3
1|--json -M virt,gic-version=host
1|-accel kvm --host-ipa-bits 36 -cpu host -m 64G
4|-M virt,dumpdtb=@/nodir/x.dtb
4|-M virt,dumpacpi=@/a.dtb -cpu max"

passed=0
failed=0
while IFS= read -r line; do
    want=${line%%|*}
    args=$(echo "${line#*|}" | sed "s|@|$out|g")
    log="$out/valgrind.log"
    # shellcheck disable=SC2086
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --track-origins=yes --log-file="$log" "$cli" $args \
        >/dev/null 2>"$out/stderr"
    rc=$?
    if [ "$rc" = "$want" ] && [ ! -s "$log" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "valgrind: FAIL (exit $rc, want $want): virtboard $args"
        sed 's/^/valgrind:   /' "$log" "$out/stderr" | head -40
    fi
done <<EOF_CASES
$cases
EOF_CASES
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
