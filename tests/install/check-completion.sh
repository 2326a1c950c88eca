#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The bash completion: source it, complete a few command lines the way
# readline would (COMP_LINE, COMP_POINT, COMP_WORDS split at
# COMP_WORDBREAKS) and compare COMPREPLY. The expected machine types,
# properties and values are those of the release named (-M help, -M
# virt,help, -cpu help of /work/shared/spec/qemu-help), else of the
# default, 10.0.
#
# Usage: check-completion.sh COMPLETION-SCRIPT VIRTBOARD
set -u

# shellcheck source=/dev/null
source "$1" || exit 1
vb=$2
rc=0
n=0

# complete LINE EXPECTED...: EXPECTED is COMPREPLY, sorted
complete_line() {
    local line=$1
    shift
    local want got
    COMP_LINE=$line
    COMP_POINT=${#line}
    # readline's words: split at blanks and at = and :
    read -r -a COMP_WORDS <<<"${line//[=:]/ = }"
    COMP_WORDS[0]=$vb
    [[ $line == *' ' ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _virtboard virtboard "${COMP_WORDS[COMP_CWORD]}" \
        "${COMP_WORDS[COMP_CWORD - 1]}"
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ')
    n=$((n + 1))
    if [[ $want != "$got" ]]; then
        echo "FAIL: '$line'"
        echo "  want: $want"
        echo "  got:  $got"
        rc=1
    fi
}

complete_line 'virtboard pl' plan
complete_line 'virtboard co' conform
complete_line 'virtboard conform --j' --json
complete_line 'virtboard --js' --json
complete_line 'virtboard --host-ipa' --host-ipa-bits
complete_line 'virtboard -M virt-2.1' virt-2.10 virt-2.11 virt-2.12
complete_line 'virtboard -M virt-7' virt-7.0 virt-7.1 virt-7.2
complete_line 'virtboard -M virt,gic-v' virt,gic-version=
complete_line 'virtboard -M virt,gic-version=' 2 3 4 host max
# QEMU 7.2 has no highmem-* properties; 10.0 (the default) has them
# (qemu-help/qemu-10.0.virt-help.txt)
complete_line 'virtboard --qemu-version 7.2 -M virt,highm' virt,highmem=
complete_line 'virtboard --qemu-version 10.0 -M virt,highm' virt,highmem= \
    virt,highmem-ecam= virt,highmem-mmio= virt,highmem-mmio-size= \
    virt,highmem-redists=
complete_line 'virtboard -M virt,highm' virt,highmem= \
    virt,highmem-ecam= virt,highmem-mmio= virt,highmem-mmio-size= \
    virt,highmem-redists=
complete_line 'virtboard --qemu-v' --qemu-version
complete_line 'virtboard --qemu-version ' 5.2 7.2 10.0 11.1
complete_line 'virtboard -M virt,its=o' on off
complete_line 'virtboard -M virt-6.2,highmem=off,acpi=' on off auto
complete_line 'virtboard -M virt,iommu=' none smmuv3
# readline replaces only what follows the last '='
complete_line 'virtboard -M virt,secure=on,virt' on,virtualization=
# QEMU 10.0's -cpu help (the default), and 7.2's
complete_line 'virtboard --qemu-version 10.0 -cpu cortex-a7' cortex-a7 \
    cortex-a710 cortex-a72 cortex-a76
complete_line 'virtboard --qemu-version 10.0 -cpu neo' neoverse-n1 \
    neoverse-n2 neoverse-v1
complete_line 'virtboard --qemu-version 7.2 -cpu neo' neoverse-n1
complete_line 'virtboard -cpu neo' neoverse-n1 neoverse-n2 neoverse-v1
complete_line 'virtboard plan -accel ' tcg kvm hvf help
complete_line 'virtboard -m 1G -accel k' kvm
complete_line 'virtboard --host-ipa-bits n' none

# the script registers itself
complete -p virtboard | grep -q -- '-F _virtboard' ||
    { echo "FAIL: complete -p virtboard"; rc=1; }
[[ $rc == 0 ]] && echo "check-completion: OK ($n command lines)"
exit $rc
