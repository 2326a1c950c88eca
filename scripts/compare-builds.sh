#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# compare-builds.sh BEFORE AFTER [SED_SCRIPT]
#
# Run two virtboard binaries over the same matrix of command lines and
# compare everything they produce: stdout, stderr, exit status, the DTB,
# every ACPI table and the SVG picture. Each line of the matrix is run
# in five modes: text (plus -M dumpdtb=,dumpacpi=), --json, --svg, plan
# and plan --json.
#
# The matrix: every "-M virt..." configuration quoted in tests/qtest and
# tests/unit, every command line shown in README.md and
# docs/system/arm/*.md, and the list at the end of this script.
#
# SED_SCRIPT: applied to AFTER's stdout, stderr and SVG before comparing,
# to take out an intended change (a new header line, a new JSON field),
# e.g. '/^QEMU 7.2$/d; s/"qemu_version":"7.2",//; s/QEMU 7.2, //'.
#
# Output: one line per differing case with its diff, then the counts.
# Exit status 0 when no case differs.
set -u
before=$(realpath "$1") after=$(realpath "$2") sed_after=${3:-}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

matrix() {
    grep -ho '"-M virt[^"]*"' "$src"/tests/qtest/*.c "$src"/tests/unit/*.c |
        sed 's/^"//; s/"$//' |
        grep -v -e '%' -e '@' -e ': ' -e 'dumpdtb' -e 'dumpacpi'
    grep -ho '^\$ virtboard .*\|^virtboard .*' "$src"/README.md \
        "$src"/docs/system/arm/*.md |
        sed 's/^\$ //; s/^virtboard //; s/#.*//; s/^plan //; s/--json//;
             s/--svg [^ ]*//' |
        grep -v -e 'dumpdtb' -e 'dumpacpi'
    sed -n '/^# MATRIX$/,$p' "$0" | grep -v '^#'
}

# run BIN OUTDIR MODE ARGS...: everything the run produces goes in OUTDIR
run() {
    local bin=$1 out=$2 mode=$3
    shift 3
    mkdir -p "$out"
    (
        cd "$out" || exit 1
        case $mode in
        text) "$bin" "$@" -M dtb-randomness=off,dumpdtb=virt.dtb,dumpacpi=acpi ;;
        json) "$bin" --json "$@" ;;
        svg) "$bin" --svg map.svg "$@" ;;
        plan) "$bin" plan "$@" ;;
        planjson) "$bin" plan --json "$@" ;;
        esac >stdout 2>stderr
        echo $? >rc
    )
    if [ -n "$ignore" ]; then
        for f in "$out"/stdout "$out"/stderr "$out"/map.svg; do
            if [ -f "$f" ]; then
                sed -e "$ignore" "$f" >"$f.f" && mv "$f.f" "$f"
            fi
        done
    fi
}

n=0 same=0 ignored=0 differ=0
matrix | sort -u | while read -r line; do
    read -ra args <<<"$line"
    for mode in text json svg plan planjson; do
        n=$((n + 1))
        ignore= run "$before" "$work/b/$n" "$mode" "${args[@]}"
        ignore=$sed_after run "$after" "$work/a/$n" "$mode" "${args[@]}"
        if ! diff -r "$work/b/$n" "$work/a/$n" >"$work/d" 2>&1; then
            echo "DIFF [$mode] $line"
            sed 's/^/    /' "$work/d" | head -40
            echo differ >>"$work/counts"
        else
            echo same >>"$work/counts"
        fi
        rm -rf "$work/b/$n" "$work/a/$n"
    done
done
total=$(wc -l <"$work/counts")
ndiff=$(grep -c differ "$work/counts")
echo "compared $total runs ($(matrix | sort -u | wc -l) command lines x 5" \
     "modes): $((total - ndiff)) identical, $ndiff differ"
[ "$ndiff" = 0 ]
exit

# MATRIX
# hand-picked: every machine type, accelerators, hosts, help, refusals
-M virt-2.6 -cpu max -m 1G
-M virt-2.7 -cpu max -m 1G -smp 2
-M virt-2.8 -cpu cortex-a57 -m 1G
-M virt-2.9 -cpu max -m 1G -smp 4
-M virt-2.10 -cpu max -m 1G
-M virt-2.11 -cpu max -m 1G
-M virt-2.12 -cpu max -m 1G -smp 300
-M virt-3.0 -cpu max -m 1G
-M virt-3.1 -cpu max -m 1G,slots=2,maxmem=4G
-M virt-4.0 -cpu max -m 1G
-M virt-4.1 -cpu max -m 1G
-M virt-4.2 -cpu max -m 1G
-M virt-5.0 -cpu max -m 1G,maxmem=2G
-M virt-5.1 -cpu max -m 1G,maxmem=2G
-M virt-5.2 -cpu max -m 1G,maxmem=2G
-M virt-6.0 -cpu max -m 1G
-M virt-6.1 -cpu max -m 1G -smp 4
-M virt-6.2 -cpu max -m 1G -smp 4
-M virt-7.0 -cpu max -m 1G -smp 4,sockets=2
-M virt-7.1 -cpu max -m 1G
-M virt-7.2 -cpu max -m 1G
-M virt-8.0 -cpu max -m 1G
-M virt-11.1 -cpu max -m 1G
-M virt,compact-highmem=on -cpu max -m 1G
-M virt,compact-highmem=off -cpu max -m 1G
-M virt,highmem-redists=off -cpu max -m 1G
-M virt,highmem-ecam=off -cpu max -m 1G
-M virt,highmem-mmio=off -cpu max -m 1G
-M virt,highmem-mmio-size=1T -cpu max -m 1G
-M virt-7.1,highmem-mmio=off -cpu max -m 1G
-M virt,gic-version=3,highmem-redists=off -cpu max -m 1G -smp 124
-M virt,x-oem-id=ABCDEFG
-M virt,x-oem-table-id=ABCDEFGHI
-M virt,x-oem-id=TEST,x-oem-table-id=OEM -cpu max
-M virt,foo=on
-M virt,help
-M help
-cpu help
-accel help
-cpu cortex-a9
-cpu foo
-m 1G -smp 4,sockets=3
-m 1G -smp 2,maxcpus=1
-accel kvm --host-ipa-bits none -cpu host -m 1G
-accel kvm --host-ipa-bits 32 -cpu host -m 1G
-accel kvm --host-ipa-bits 36 -cpu host -m 4G -smp 8
-accel kvm --host-ipa-bits 39 -cpu host -m 16G -M virt,gic-version=3 -smp 200
-accel kvm --host-ipa-bits 40 -cpu host -m 200G -M virt,gic-version=3 -smp 300
-accel kvm --host-ipa-bits 44 -cpu host -m 1T
-accel kvm --host-ipa-bits 48 -cpu max -m 1G,slots=4,maxmem=64G
-accel kvm --host-ipa-bits 40 -cpu cortex-a15 -m 1G
-accel kvm --host-ipa-bits 40 -cpu cortex-a57 -m 1G
-accel kvm --host-ipa-bits 40 -M virt,secure=on -cpu host
-accel hvf --host-ipa-bits 36:40 -cpu host -m 1G
-accel hvf --host-ipa-bits 36:40 -cpu host -m 80G
-accel hvf --host-ipa-bits 40:42 -cpu host -m 1G -M virt,gic-version=3 -smp 16
-cpu max -m 3G -M virt,highmem=off
-cpu max -m 4G -M virt,highmem=off
-cpu cortex-a15 -m 16G -bios /dev/null
-cpu cortex-a15 -m 1G -bios /dev/null -M virt,highmem=off
-cpu max -m 1G -kernel /dev/null -append console=ttyAMA0
-cpu max -m 1G -M virt,secure=on,virtualization=on -bios /dev/null
-cpu max -m 1G -M virt,acpi=off
-cpu max -m 1G -M virt,iommu=smmuv3,gic-version=3
-cpu max -m 1G -M virt,mte=on
-cpu cortex-a53 -m 1T
-cpu cortex-a57 -m 16T
-cpu max -m 1G,slots=257,maxmem=300G
-cpu max -m 4G,maxmem=2G
