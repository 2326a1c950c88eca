/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile input for the virtboard CLI: one row per bad command line.
 * Each must exit with the status of its row (no signal; 1: a
 * configuration QEMU refuses, 3: invalid usage, 4: an I/O error), print
 * nothing on stdout and exactly one message on stderr, "virtboard: " +
 * the text of the row (a suggestion on a second line, without prefix),
 * and leave nothing behind in the scratch directory (no output file, no
 * temporary file). Rows marked QEMU are refused by qemu-system-aarch64
 * 7.2 with the same text ("qemu-system-aarch64: " + text; its blank
 * lines and warnings dropped): when $QTEST_QEMU_BINARY or
 * /usr/bin/qemu-system-aarch64 exists, QEMU is run and compared too.
 *
 * In args and texts, "@" is the scratch directory (holding the fixtures
 * "file", a regular file, "dir", an empty directory, and the symlinks
 * "dirlink" to dir, "dangle" to nodir/x and "loop" to itself), "%L" a run of
 * 131000 'a's and "%N" one of 131000 '9's: close to the longest single
 * argument Linux passes (MAX_ARG_STRLEN, 128 KiB with the NUL). Longer
 * ones (1 MiB) go through the library in test-api.c.
 *
 * $VIRTBOARD names the CLI.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "test-util.h"

typedef struct HostileCase {
    const char *args;
    const char *text;   /* after "virtboard: " */
    bool qemu;          /* QEMU 7.2 refuses with the same text */
    int status;         /* virtboard's exit status (QEMU's is always 1) */
} HostileCase;

/* The exit statuses of virtboard(1) */
enum { REFUSED = 1, USAGE = 3, IO = 4 };

#define SIZE_HINT                                                           \
    "\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "       \
    "tera-, peta-\nand exabytes, respectively."
#define EXPECTS_SIZE(arg, name)                                             \
    "-m " arg ": Parameter '" name "' expects a non-negative number below " \
    "2^64" SIZE_HINT

/* clang-format off */
/*
 * Rows of a release virtboard does not model yet, run with
 * "--qemu-version RELEASE" once it does (issue 14). "qemu" is false: the
 * QEMU run here is 7.2.
 */
static const struct {
    const char *release;
    HostileCase c;
} later_cases[] = {
    { "10.0", { "-M virt,highmem-mmio-size=1000G", "highmem-mmio-size is "
      "not a power of 2", false, USAGE } },
    { "10.0", { "-M virt,highmem-mmio-size=256G", "highmem-mmio-size cannot "
      "be set to a lower value than the default (512 GiB)", false,
      USAGE } },
    { "10.0", { "-M virt,highmem-mmio-size=16E", "Value '16E' is out of "
      "range for parameter 'highmem-mmio-size'", false,
      USAGE } },
};

static const HostileCase cases[] = {
    /* -m: sizes that overflow, are negative, fractional or misspelt */
    { "-m 16E", "-m 16E: Value '16E' is out of range for parameter 'size'",
      true, USAGE },
    { "-m 8191E", "-m 8191E: Value '8191E' is out of range for parameter "
      "'size'", true, USAGE },
    { "-m 18446744073709551616", "-m 18446744073709551616: Value "
      "'18446744073709551616' is out of range for parameter 'size'", true,
      USAGE },
    { "-m 18446744073709551615", "Parameter 'memory.size' expects size",
      true, USAGE },
    { "-m 17592186044416", "Parameter 'memory.size' expects size", true,
      USAGE },
    { "-m 17179869184G", "-m 17179869184G: Value '17179869184G' is out of "
      "range for parameter 'size'", true, USAGE },
    { "-m -1", EXPECTS_SIZE("-1", "size"), true, USAGE },
    { "-m -1G", EXPECTS_SIZE("-1G", "size"), true, USAGE },
    { "-m 1.5", EXPECTS_SIZE("1.5", "size"), true, USAGE },
    { "-m 1Q", EXPECTS_SIZE("1Q", "size"), true, USAGE },
    { "-m 1GB", EXPECTS_SIZE("1GB", "size"), true, USAGE },
    { "-m 0x", EXPECTS_SIZE("0x", "size"), true, USAGE },
    { "-m 1e3", EXPECTS_SIZE("1e3", "size"), true, USAGE },
    { "-m %N", "-m %N: Value '%N' is out of range for parameter 'size'",
      true, USAGE },
    { "-m 1G,foo=1", "-m 1G,foo=1: Invalid parameter 'foo'", true, USAGE },
    { "-m 1G,maxmem=16E", "-m 1G,maxmem=16E: Value '16E' is out of range "
      "for parameter 'maxmem'", true, USAGE },
    { "-m 1G,maxmem=abc", EXPECTS_SIZE("1G,maxmem=abc", "maxmem"), true,
      USAGE },
    { "-m 1G,maxmem=", EXPECTS_SIZE("1G,maxmem=", "maxmem"), true, USAGE },
    { "-m 1G,maxmem=512M", "invalid value of maxmem: maximum memory size "
      "(0x20000000) must be at least the initial memory size (0x40000000)",
      true, REFUSED },
    { "-m 1G,maxmem=1G,slots=1", "invalid value of maxmem: memory slots "
      "were specified but maximum memory size (0x40000000) is equal to the "
      "initial memory size (0x40000000)", true, REFUSED },
    { "-m 1G,slots=1", "slots specified but no max-size", true, REFUSED },
    { "-m 1G,slots=257,maxmem=2G", "unsupported number of memory slots: 257",
      true, REFUSED },
    { "-m 1G,slots=x,maxmem=2G", "-m 1G,slots=x,maxmem=2G: Parameter "
      "'slots' expects a number", true, USAGE },
    { "-m 1G,maxmem=18446744073709551615", "maxmem/slots too huge", false,
      REFUSED },
    { "-m 18446744073709543424B", "RAM size 0xffffffffffffe000 does not fit "
      "in the 64-bit physical address space", false, REFUSED },
    { "-m 4G -M virt,highmem=off", "Addressing limited to 32 bits, but "
      "memory exceeds it by 1073741824 bytes", true, REFUSED },
    { "-m 1T -cpu cortex-a53", "Addressing limited to 40 bits, but memory "
      "exceeds it by 1073741824 bytes", false, REFUSED },
    { "-m 1G,slots=1,maxmem=2G -M virt,highmem=off -m 4G", "invalid value "
      "of maxmem: maximum memory size (0x80000000) must be at least the "
      "initial memory size (0x100000000)", true, REFUSED },

    /* -smp */
    { "-smp 513", "Invalid SMP CPUs 513. The max CPUs supported by machine "
      "'virt-7.2' is 512", true, REFUSED },
    { "-smp maxcpus=513", "Invalid SMP CPUs 513. The max CPUs supported by "
      "machine 'virt-7.2' is 512", true, REFUSED },
    { "-smp 256 -M virt-2.12", "Invalid SMP CPUs 256. The max CPUs "
      "supported by machine 'virt-2.12' is 255", true, REFUSED },
    { "-smp 9", "Number of SMP CPUs requested (9) exceeds max CPUs "
      "supported by machine 'mach-virt' (8)", true, REFUSED },
    { "-smp x", "Parameter 'smp.cpus' expects integer", true, USAGE },
    { "-smp 2.5", "Parameter 'smp.cpus' expects integer", true, USAGE },
    { "-M ''", "No machine specified, and there is no default\nUse "
      "-machine help to list supported machines", true, USAGE },
    { "-smp 4294967296", "Parameter 'smp.cpus' expects integer below "
      "4294967296", false, USAGE },
    { "-smp 4,sockets=3", "Invalid CPU topology: product of the hierarchy "
      "must match maxcpus: sockets (3) * clusters (1) * cores (1) * threads "
      "(1) != maxcpus (4)", true, REFUSED },
    { "-smp 4,clusters=3", "Invalid CPU topology: product of the hierarchy "
      "must match maxcpus: sockets (1) * clusters (3) * cores (1) * threads "
      "(1) != maxcpus (4)", true, REFUSED },
    { "-smp 4,maxcpus=2", "Invalid CPU topology: maxcpus must be equal to "
      "or greater than smp: sockets (1) * clusters (1) * cores (2) * "
      "threads (1) == maxcpus (2) < smp_cpus (4)", true, REFUSED },
    { "-smp 2,dies=2", "dies not supported by this machine's CPU topology",
      true, REFUSED },
    { "-smp 4,foo=1", "Parameter 'smp.foo' is unexpected", true, USAGE },
    { "-smp sockets=65536,threads=65536,cpus=4", "Invalid CPU topology: "
      "product of the hierarchy must match maxcpus: sockets (65536) * "
      "clusters (1) * cores (0) * threads (65536) != maxcpus (4)", false,
      REFUSED },
    { "-M virt,gic-version=3 -smp 513", "Invalid SMP CPUs 513. The max CPUs "
      "supported by machine 'virt-7.2' is 512", true, REFUSED },

    /* -M: machine types, properties, bools, keys */
    { "-M pc", "unsupported machine type\nUse -machine help to list "
      "supported machines", true, USAGE },
    { "-M virt-7.3", "unsupported machine type\nUse -machine help to list "
      "supported machines", true, USAGE },
    { "-M virt-2.5", "unsupported machine type\nUse -machine help to list "
      "supported machines", true, USAGE },
    { "-M %L", "unsupported machine type\nUse -machine help to list "
      "supported machines", true, USAGE },
    { "-M virt,nosuch=on", "Property 'virt-7.2-machine.nosuch' not found",
      true, USAGE },
    { "-M virt,help=on", "Property 'virt-7.2-machine.help' not found", true,
      USAGE },
    { "-M virt,%L=on", "-M virt,%L=on: Parameter '%L' is too long", true,
      USAGE },
    { "-M virt,highmem=", "Parameter 'highmem' expects 'on' or 'off'", true,
      USAGE },
    { "-M virt,highmem=1", "Parameter 'highmem' expects 'on' or 'off'", true,
      USAGE },
    { "-M virt,highmem=ON", "Parameter 'highmem' expects 'on' or 'off'",
      true, USAGE },
    { "-M virt,its=maybe", "Parameter 'its' expects 'on' or 'off'", true,
      USAGE },
    { "-M virt,secure=2", "Parameter 'secure' expects 'on' or 'off'", true,
      USAGE },
    { "-M virt,virtualization=%L", "Parameter 'virtualization' expects 'on' "
      "or 'off'", true, USAGE },
    { "-M virt,acpi=yes", "Parameter 'acpi' does not accept value 'yes'",
      true, USAGE },
    { "-M virt,highmem", "-M virt,highmem: Expected '=' after parameter "
      "'highmem'", false, USAGE },
    { "-M virt,,", "-M virt,,: Invalid parameter ''", true, USAGE },
    { "-M virt,=", "-M virt,=: Invalid parameter ''", true, USAGE },
    { "-M ,", "-M ,: Invalid parameter ''", true, USAGE },
    { "-M virt,gic-version=", "Invalid gic-version value\nValid values are "
      "3, 2, host, max.", true, USAGE },
    { "-M virt,gic-version=1", "Invalid gic-version value\nValid values are "
      "3, 2, host, max.", true, USAGE },
    { "-M virt,gic-version=host", "gic-version=host requires KVM", true,
      REFUSED },
    { "-M virt,gic-version=4", "gic-version=4 requires virtualization "
      "enabled", true, REFUSED },
    { "-M virt,iommu=smmuv2", "Invalid iommu value\nValid values are none, "
      "smmuv3.", true, USAGE },
    { "-M virt,phandle-start=x", "Parameter 'phandle-start' expects integer",
      true, USAGE },
    { "-M virt,phandle-start=-1", "Parameter 'phandle-start' expects "
      "integer", false, USAGE },
    { "-M virt,x-oem-id=TOOLONGID", "User specified oem-id value is bigger "
      "than 6 bytes in size", true, USAGE },
    { "-M virt,x-oem-table-id=123456789", "User specified oem-table-id "
      "value is bigger than 8 bytes in size", true, USAGE },
    /* 8.0's and 10.0's properties: QEMU 7.2 has none of them */
    { "-M virt,highmem-mmio=off", "Property 'virt-7.2-machine.highmem-mmio' "
      "not found", true, USAGE },
    { "-M virt,compact-highmem=on", "Property "
      "'virt-7.2-machine.compact-highmem' not found", true, USAGE },
    { "-M virt,highmem-ecam=off", "Property 'virt-7.2-machine.highmem-ecam' "
      "not found", true, USAGE },
    { "-M virt-7.1,highmem-redists=off", "Property "
      "'virt-7.1-machine.highmem-redists' not found", true, USAGE },
    { "-M virt,highmem-mmio-size=1T", "Property "
      "'virt-7.2-machine.highmem-mmio-size' not found", true, USAGE },
    { "--qemu-version 8.2", "--qemu-version 8.2: not a modelled QEMU "
      "release (modelled: 5.2, 7.2, 10.0, 11.1)", false, REFUSED },
    { "--qemu-version 7", "--qemu-version 7: not a modelled QEMU release "
      "(modelled: 5.2, 7.2, 10.0, 11.1)", false, REFUSED },
    { "-M virt,ras=on", "-M ras: QEMU accepts this property, but virtboard "
      "does not model it", false, REFUSED },

    /* -cpu, -accel, host */
    { "-cpu foo", "unable to find CPU model 'foo'", true, USAGE },
    { "-cpu ''", "-cpu option cannot be empty", true, USAGE },
    { "-cpu %L", "unable to find CPU model '%L'", true, USAGE },
    { "-cpu cortex-a8", "mach-virt: CPU type cortex-a8-arm-cpu not "
      "supported", true, REFUSED },
    { "-cpu host", "unable to find CPU model 'host'", true, REFUSED },
    /* CPU and accelerator properties: QEMU's names per class */
    { "-cpu cortex-a57,sve=off", "can't apply global "
      "cortex-a57-arm-cpu.sve=off: Property 'cortex-a57-arm-cpu.sve' not "
      "found", true, REFUSED },
    { "-cpu max,foo=on", "can't apply global max-arm-cpu.foo=on: Property "
      "'max-arm-cpu.foo' not found", true, REFUSED },
    { "-cpu cortex-a57,pmu=offf", "can't apply global "
      "cortex-a57-arm-cpu.pmu=offf: Parameter 'pmu' expects 'on' or 'off'",
      true, USAGE },
    { "-cpu max,has_el3=off", "-cpu max,has_el3=off: the CPU property "
      "'has_el3' changes the board; virtboard does not model it", false,
      REFUSED },
    { "-accel foo", "-accel foo: invalid accelerator foo", true, USAGE },
    /*
     * A list goes on past a name QEMU does not know, unless all are.
     * QEMU 7.2 and 11.1 print one line per name ("invalid accelerator
     * foo", "invalid accelerator bar"); virtboard the first.
     */
    { "-M virt,accel=foo:bar", "invalid accelerator foo", false, USAGE },
    { "-M virt,accel=:", "invalid accelerator ", false, USAGE },
    { "-M virt,accel=", "no accelerator found", true, USAGE },
    { "-accel tcg,foo=1", "-accel tcg,foo=1: Property 'tcg-accel.foo' not "
      "found", true, REFUSED },
    { "-accel tcg,thread=foo", "-accel tcg,thread=foo: Invalid 'thread' "
      "setting foo", true, USAGE },
    { "-accel tcg,tb-size=x", "-accel tcg,tb-size=x: Parameter 'tb-size' "
      "expects uint64", true, USAGE },
    { "-enable-kvm -accel tcg", "The -accel and \"-machine accel=\" options "
      "are incompatible", true, REFUSED },
    { "-M virt,accel=tcg -accel tcg", "The -accel and \"-machine accel=\" "
      "options are incompatible", true, REFUSED },
    { "--host-ipa-bits ''", "--host-ipa-bits : IPA sizes are whole numbers "
      "of bits from 32 to 52", false, USAGE },
    { "--host-ipa-bits abc", "--host-ipa-bits abc: IPA sizes are whole "
      "numbers of bits from 32 to 52", false, USAGE },
    { "--host-ipa-bits 53", "--host-ipa-bits 53: IPA sizes are whole "
      "numbers of bits from 32 to 52", false, USAGE },
    { "--host-ipa-bits 40:36", "--host-ipa-bits 40:36: the maximum IPA size "
      "is below the default", false, USAGE },
    { "--host-ipa-bits 40:41:42", "--host-ipa-bits 40:41:42: expected N or "
      "DEFAULT:MAX", false, USAGE },
    { "-accel kvm --host-ipa-bits 36 -cpu host -m 64G", "-accel kvm: "
      "Addressing limited to 36 bits, but memory exceeds it by 1073741824 "
      "bytes", false, REFUSED },
    { "-accel kvm --host-ipa-bits 36 -cpu host -M virt,gic-version=3 "
      "-smp 124", "Capacity of the redist regions(123) does not match the "
      "number of vcpus(124)", false, REFUSED },
    { "-accel kvm --host-ipa-bits 40 -cpu cortex-a57", "-cpu cortex-a57: "
      "with -accel kvm it works only on a host with that core; virtboard "
      "models -cpu host (or max)", false, REFUSED },
    /* no -cpu under KVM: QEMU's vCPU-init error, and what to add */
    { "-accel kvm --host-ipa-bits 36", "KVM is not supported for this guest "
      "CPU type\nkvm_init_vcpu: kvm_arch_init_vcpu failed (0): Invalid "
      "argument\nadd -cpu host", false, REFUSED },
    /* a host IPA size that fits no accelerator of the line */
    { "--host-ipa-bits 36 -m 1G", "--host-ipa-bits 36: the host's IPA size "
      "counts only under -accel kvm or hvf; under TCG the CPU model's PA "
      "size does", false, USAGE },
    { "-accel kvm --host-ipa-bits 36:40 -cpu host", "--host-ipa-bits 36:40: "
      "DEFAULT:MAX is HVF's pair of IPA sizes; KVM has one limit: give "
      "--host-ipa-bits N", false, USAGE },
    { "-accel hvf -cpu host", "-accel hvf: the host IPA sizes are unknown; "
      "give them with --host-ipa-bits DEFAULT:MAX", false, REFUSED },

    /* options without values, unknown options */
    { "-M", "-M: requires an argument", false, USAGE },
    { "-m", "-m: requires an argument", false, USAGE },
    { "-smp", "-smp: requires an argument", false, USAGE },
    { "-cpu", "-cpu: requires an argument", false, USAGE },
    { "-accel", "-accel: requires an argument", false, USAGE },
    { "--host-ipa-bits", "--host-ipa-bits: requires an argument", false,
      USAGE },
    { "-frobnicate x", "-frobnicate: invalid option", true, USAGE },
    { "-%L x", "-%L: invalid option", true, USAGE },
    /* unknown wherever it stands, as QEMU; the nearest option suggested */
    { "-X", "-X: invalid option", true, USAGE },
    { "-foo", "-foo: invalid option", true, USAGE },
    { "-m 1G -frobnicate", "-frobnicate: invalid option", true, USAGE },
    { "--jsn", "--jsn: invalid option\ndid you mean '--json'?", false,
      USAGE },
    { "-json -m 1G", "-json: invalid option\ndid you mean '--json'?", false,
      USAGE },
    { "--sgv x.svg", "--sgv: invalid option\ndid you mean '--svg'?", false,
      USAGE },
    { "-M virt -smpp 2", "-smpp: invalid option\ndid you mean '-smp'?",
      false, USAGE },
    { "--mashine virt", "--mashine: invalid option\ndid you mean "
      "'-machine'?", false, USAGE },
    { "--svg", "--svg: requires an argument", false, USAGE },
    { "-m 1G --qemu", "--qemu: requires an argument", false, USAGE },
    { "--qemu /bin/true --qemu-version 7.2", "--qemu and --qemu-version: "
      "give one of them", false, USAGE },
    /* plan writes no DTB or ACPI tables: refused, not ignored */
    { "plan -M virt,dumpdtb=@/x.dtb", "-M dumpdtb=@/x.dtb: 'virtboard "
      "plan' writes no device tree or ACPI tables; run virtboard without "
      "'plan', with the options of the plan's fix, to write them", false,
      USAGE },
    { "plan -M virt,dumpacpi=@/acpi -m 1G", "-M dumpacpi=@/acpi: "
      "'virtboard plan' writes no device tree or ACPI tables; run virtboard "
      "without 'plan', with the options of the plan's fix, to write them",
      false, USAGE },
    /* the option table of the release; a bare argument is a disk image */
    { "''", ": Device needs media, but drive is empty", true, REFUSED },
    { "-acpitable sig=FOOO", "-acpitable sig=FOOO: Option not supported "
      "for this target", true, REFUSED },
    { "-xen-attach", "-xen-attach: Option not supported for this target",
      true, REFUSED },
    { "-drive file=@/file,format=raw,if=sd", "-drive "
      "file=@/file,format=raw,if=sd: machine type does not support "
      "if=sd,bus=0,unit=0", true, REFUSED },
    { "-drive file=@/file,format=raw,if=ide,unit=1", "-drive "
      "file=@/file,format=raw,if=ide,unit=1: machine type does not support "
      "if=ide,bus=0,unit=1", true, REFUSED },
    { "--qemu-version 10.0 -no-acpi", "-no-acpi: invalid option", false,
      USAGE },
    { "-numa node,nodeid=16", "-numa node,nodeid=16: changes the board "
      "(more than 16 NUMA nodes); virtboard does not model it", false,
      REFUSED },
    { "-numa hmat-lb,initiator=0,target=0,hierarchy=memory,"
      "data-type=access-latency,latency=5", "-numa hmat-lb,initiator=0,"
      "target=0,hierarchy=memory,data-type=access-latency,latency=5: "
      "changes the board (-numa cpu, HMAT); virtboard does not model it",
      false, REFUSED },
    { "-set machine.foo=bar", "-set machine.foo=bar: changes the board (it "
      "sets any option of any group); virtboard does not model it", false,
      REFUSED },
    /* -device: keyval or JSON, a table of kinds, buses in order */
    { "-device usb-kbd", "-device usb-kbd: No 'usb-bus' bus found for "
      "device 'usb-kbd'", true, REFUSED },
    { "-device scsi-hd -device virtio-scsi", "-device scsi-hd: No 'SCSI' "
      "bus found for device 'scsi-hd'", true, REFUSED },
    { "-device virtconsole", "-device virtconsole: No 'virtio-serial-bus' "
      "bus found for device 'virtconsole'", true, REFUSED },
    { "-device {bad", "-device {bad: JSON parse error, invalid keyword "
      "'bad'", true, USAGE },
    { "-device id=x", "-device id=x: Parameter 'driver' is missing", true,
      USAGE },
    /* a TPM on the platform bus needs its -tpmdev (issue 16) */
    { "-device tpm-tis-device", "-device tpm-tis-device: 'tpmdev' property "
      "is required", true, REFUSED },
    { "-device tpm-tis-device,tpmdev=t0", "-device tpm-tis-device,"
      "tpmdev=t0: Property 'tpm-tis-device.tpmdev' can't find value 't0'",
      true, REFUSED },
    { "-tpmdev passthrough,id=t0,path=/dev/null -tpmdev "
      "passthrough,id=t1,path=/dev/null", "-tpmdev passthrough,id=t1,"
      "path=/dev/null: Only one TPM is allowed.", false, REFUSED },
    { "-device foo-bar", "-device foo-bar: 'foo-bar' is not in virtboard's "
      "table of devices, so whether it changes the board is not known",
      false, REFUSED },
    { "-global arm-gicv3.foo=1", "-global arm-gicv3.foo=1: arm-gicv3 is a "
      "device of the board itself; virtboard does not model its "
      "properties", false, REFUSED },
    /* -M: '_' for '-', pflash nodes */
    { "-M virt,gic_version=3,gic-version=2", "Conflict between "
      "'gic_version' and 'gic-version'", true, USAGE },
    { "-M virt,pflash0=f0", "Property 'cfi.pflash01.drive' can't find "
      "value 'f0'", true, REFUSED },
    /* -M memory-backend=: an -object of -m's size */
    { "-M virt,memory-backend=m0 -object rng-random,id=m0 -m 1G", "Memory "
      "backend 'm0' not found", true, REFUSED },
    { "-M virt,memory-backend=m0 -object memory-backend-ram,id=m0,size=2G "
      "-m 1G", "Machine memory size does not match the size of the memory "
      "backend", true, REFUSED },
    /* nvdimm=on: the DT is modelled, the NFIT and its SSDT are not */
    { "-M virt,nvdimm=on,dumpacpi=@/acpi -cpu max -bios @/file", "ACPI "
      "tables with -M nvdimm=on are not modelled: QEMU adds the NVDIMMs' "
      "NFIT and their SSDT", false, REFUSED },
    /* -device pc-dimm: its properties; the board's checks after it */
    { "-M virt -m 1G,slots=1,maxmem=2G -object memory-backend-ram,id=d0,"
      "size=2M -device pc-dimm,memdev=d0,node=-1", "-device pc-dimm,"
      "memdev=d0,node=-1: Parameter 'node' expects uint32_t", true, USAGE },
    { "-M virt -device pc-dimm,addr=0x10000000000000000", "-device "
      "pc-dimm,addr=0x10000000000000000: Parameter 'addr' expects "
      "uint64_t", false, USAGE },
    { "-M virt -device pc-dimm,foo=1", "-device pc-dimm,foo=1: pc-dimm "
      "property 'foo' is not modelled by virtboard", false, REFUSED },
    { "-M virt -m 1G -device pc-dimm,memdev=zz", "-device "
      "pc-dimm,memdev=zz: Device 'zz' not found", true, REFUSED },
    { "-M virt -m 1G,slots=1,maxmem=2G -object memory-backend-ram,id=d0,"
      "size=2M -device pc-dimm,memdev=d0", "-device pc-dimm,memdev=d0: "
      "memory hotplug is not enabled: missing acpi-ged device", true,
      REFUSED },
    /* addr= over a DIMM placed before it (at the device memory's base) */
    { "-M virt -cpu max -bios @/file -m 1G,slots=2,maxmem=2G -object "
      "memory-backend-ram,id=d0,size=2M -object memory-backend-ram,id=d1,"
      "size=2M -device pc-dimm,memdev=d0,id=x -device pc-dimm,memdev=d1,"
      "addr=0x80000000", "-device pc-dimm,memdev=d1,addr=0x80000000: "
      "address range conflicts with memory device id='x'", true, REFUSED },
    /* 5.2's memory-backend-file has no readonly= (kata's NVDIMM) */
    { "--qemu-version 5.2 -M virt -object memory-backend-file,id=m0,"
      "mem-path=@/file,size=1M,readonly=on", "-object memory-backend-file,"
      "id=m0,mem-path=@/file,size=1M,readonly=on: Property "
      "'memory-backend-file.readonly' not found", false, REFUSED },
    /*
     * 5.2 reads JSON -device/-object/-netdev as key=value (observed on
     * QEMU 5.2's binary): the driver is the text before the first comma
     * (",," a comma), "x=y" in it leaves no driver
     */
    { "--qemu-version 5.2 -M virt -device '{\"driver\":\"a,,b\",\"id\":1}'",
      "-device {\"driver\":\"a,,b\",\"id\":1}: '{\"driver\":\"a,b\"' "
      "is not a valid device model name", false, REFUSED },
    { "--qemu-version 5.2 -M virt -device '{\"driver\":\"x=y\"}'",
      "-device {\"driver\":\"x=y\"}: Parameter 'driver' is missing", false,
      REFUSED },
    { "--qemu-version 5.2 -M virt -object '{\"x\":1}'",
      "-object {\"x\":1}: Parameter 'id' is missing", false, REFUSED },
    { "--qemu-version 5.2 -M virt -netdev '{\"x\":1}'",
      "Parameter 'id' is missing", false, REFUSED },
    { "--qemu-version 5.2 -M virt -object '{\"a\":\",id=x\"}'",
      "-object {\"a\":\",id=x\"}: QEMU 5.2 reads JSON here as key=value; "
      "with an id= element that is not modelled by virtboard", false,
      REFUSED },
    /* -device nvdimm: QEMU's plug checks (GED first up to 10.0) */
    { "-M virt,nvdimm=on -m 1G,slots=2,maxmem=4G -object "
      "memory-backend-ram,id=m0,size=16M -device nvdimm,id=n0,memdev=m0",
      "-device nvdimm,id=n0,memdev=m0: memory hotplug is not enabled: "
      "missing acpi-ged device", true, REFUSED },
    { "-M virt -cpu max -bios @/file -m 1G,slots=2,maxmem=4G -object "
      "memory-backend-ram,id=m0,size=16M -device nvdimm,id=n0,memdev=m0",
      "-device nvdimm,id=n0,memdev=m0: nvdimm is not enabled: add "
      "'nvdimm=on' to '-M'", true, REFUSED },
    { "-M virt,nvdimm=on -cpu max -bios @/file -m 1G,slots=2,maxmem=4G "
      "-object memory-backend-file,id=m0,mem-path=@/file,size=2M,"
      "readonly=on -device nvdimm,memdev=m0", "-device nvdimm,memdev=m0: "
      "'unarmed' property must be 'on' since memdev m0 is read-only",
      false, REFUSED }, /* observed on 7.2 and 11.1 with a 2M file */
    { "--qemu-version 11.1 -M virt,nvdimm=on -m 1G,slots=2,maxmem=4G "
      "-object memory-backend-ram,id=m0,size=3M -device nvdimm,memdev=m0",
      "-device nvdimm,memdev=m0: an NVDIMM whose size is not a multiple of "
      "2 MiB is not modelled by virtboard", false, REFUSED },
    /* -numa: one node, node 0, is modelled (issue 16) */
    { "-M virt -m 1G -numa node", "total memory for NUMA nodes (0x0) "
      "should equal RAM size (0x40000000)", true, REFUSED },
    { "-M virt -m 1G -smp 2 -object memory-backend-ram,id=m0,size=1G "
      "-numa node,memdev=m0,cpus=0-3", "-numa node,memdev=m0,cpus=0-3: CPU "
      "index (2) should be smaller than maxcpus (2)", true, REFUSED },
    { "-M virt -numa node,memdev=zz", "-numa node,memdev=zz: memdev=zz is "
      "ambiguous", true, REFUSED },
    { "-M virt -numa node,foo=1", "-numa node,foo=1: Invalid parameter "
      "'foo'", true, USAGE },
    { "-M virt -numa foo", "-numa foo: Parameter 'type' does not accept "
      "value 'foo'", true, USAGE },
    { "-M virt -numa node,cpus=x", "-numa node,cpus=x: Parameter 'cpus' "
      "expects a uint64 value or range", true, USAGE },
    { "-M virt -numa node,cpus=", "-numa node,cpus=: Parameter 'cpus' "
      "expects a uint64 value or range", true, USAGE },
    { "-M virt -numa node,cpus=1-", "-numa node,cpus=1-: Parameter 'cpus' "
      "expects a uint64 value or range", true, USAGE },
    { "-M virt,hmat=on", "-M hmat: QEMU accepts this property, but "
      "virtboard does not model it", false, REFUSED },
    { "-M virt -numa node,nodeid=1", "numa: Node ID missing: 0", true,
      REFUSED },
    { "-M virt -numa node -numa node,nodeid=0", "-numa node,nodeid=0: "
      "Duplicate NUMA nodeid: 0", true, REFUSED },
    { "-M virt -numa node,nodeid=200", "-numa node,nodeid=200: Max number "
      "of NUMA nodes reached: 200", true, REFUSED },
    { "-M virt -numa node -numa dist,src=0,dst=1,val=21", "-numa "
      "dist,src=0,dst=1,val=21: Source/Destination NUMA node is missing. "
      "Please use '-numa node' option to declare it first.", true,
      REFUSED },
    { "-M virt -numa node -numa dist,src=0,dst=0,val=11", "-numa "
      "dist,src=0,dst=0,val=11: Local distance of node 0 should be 10.",
      true, REFUSED },
    { "-M virt -numa node -numa node -numa dist,src=0,dst=1,val=5", "-numa "
      "dist,src=0,dst=1,val=5: NUMA distance (5) is invalid, it shouldn't "
      "be less than 10.", true, REFUSED },
    { "-M virt -numa node -numa dist,src=0,dst=1", "-numa dist,src=0,dst=1: "
      "Parameter 'val' is missing", true, USAGE },
    { "-M virt -m 3G -object memory-backend-ram,id=a,size=1G -object "
      "memory-backend-ram,id=b,size=1G -object "
      "memory-backend-ram,id=c,size=1G -numa node,memdev=a -numa "
      "node,memdev=b -numa node,memdev=c -numa dist,src=0,dst=1,val=21",
      "The distance between node 0 and 2 is missing, at least one distance "
      "value between each nodes should be provided.", true, REFUSED },
    /* QEMU has no default machine: values are never reached */
    { "--no-default-machine -cpu foo -smp 4,sockets=3 -M gic-version=9",
      "No machine specified, and there is no default\nUse -machine help "
      "to list supported machines", false, REFUSED },

    /* output paths: nothing may be left behind */
    { "-M virt,dumpdtb=@", "cannot write @: Is a directory", false, IO },
    { "-M virt,dumpdtb=@/dir", "cannot write @/dir: Is a directory", false,
      IO },
    { "-M virt,dumpdtb=@/nodir/x.dtb", "cannot write @/nodir/x.dtb: No such "
      "file or directory", false, IO },
    { "-M virt,dumpdtb=@/file/x.dtb", "cannot write @/file/x.dtb: Not a "
      "directory", false, IO },
    { "-M virt,dumpdtb=@/dirlink", "cannot write @/dirlink (a link to "
      "@/dir): Is a directory", false, IO },
    { "-M virt,dumpdtb=@/dangle", "cannot write @/dangle (a link to "
      "@/nodir/x): No such file or directory", false, IO },
    { "-M virt,dumpdtb=@/loop", "cannot write @/loop: Too many levels of "
      "symbolic links", false, IO },
    { "--svg @/loop", "cannot write @/loop: Too many levels of symbolic "
      "links", false, IO },
    { "--svg @/dir -M virt,dumpdtb=@/x.dtb,dumpacpi=@/acpi",
      "cannot write @/dir: Is a directory", false, IO },
    { "--svg @/nodir/x.svg -M virt,dumpdtb=@/x.dtb", "cannot write "
      "@/nodir/x.svg: No such file or directory", false, IO },
    { "plan --svg @/dirlink", "cannot write @/dirlink (a link to @/dir): "
      "Is a directory", false, IO },
    { "--svg - -M virt,dumpdtb=-", "-M virt,dumpdtb=- and --svg - both "
      "write to standard output", false, USAGE },
    /* /proc/self/fd/1 is what /dev/stdout links to; a regression must
     * never be able to replace the machine's /dev/stdout */
    { "-M virt,dumpdtb=/proc/self/fd/1,dumpacpi=-", "-M virt,dumpdtb="
      "/proc/self/fd/1 and -M virt,dumpacpi=- both write to standard "
      "output", false, USAGE },
    { "-M virt,dumpacpi=@/nodir/acpi", "cannot create directory "
      "'@/nodir/acpi': No such file or directory", false, IO },
    { "-M virt,dumpacpi=@/dangle", "cannot create directory '@/dangle' (a "
      "link to '@/nodir/x'): No such file or directory", false, IO },
    { "-M virt,dumpacpi=@/loop", "cannot create directory '@/loop': Too "
      "many levels of symbolic links", false, IO },
    { "-M virt,dumpdtb=/proc/virtboard-x.dtb", "cannot write "
      "/proc/virtboard-x.dtb: No such file or directory", false, IO },
    { "-M virt,dumpdtb=", "cannot write : No such file or directory", false,
      IO },
    { "-M virt,dumpacpi=@/file", "cannot create directory '@/file': Not a "
      "directory", false, IO },
    { "-M virt,dumpacpi=@/file/sub", "cannot create directory "
      "'@/file/sub': Not a directory", false, IO },
    { "-M virt,dumpacpi=/proc/virtboard-acpi", "cannot create directory "
      "'/proc/virtboard-acpi': No such file or directory", false, IO },
    { "-M virt,dumpdtb=@/x.dtb,dumpacpi=@/file", "cannot create directory "
      "'@/file': Not a directory", false, IO },
    { "-M virt,dumpdtb=@/x.dtb,dumpacpi=@/acpi -m 16E", "-m 16E: Value "
      "'16E' is out of range for parameter 'size'", false, USAGE },
    { "-M virt,dumpdtb=@/x.dtb -accel hvf --host-ipa-bits 36:40 -cpu host",
      "the device tree is not modelled under HVF", false, REFUSED },
    { "-M virt,mte=on -accel kvm --host-ipa-bits 40 -cpu host",
      "mach-virt: KVM does not support providing MTE to the guest CPU",
      false, REFUSED },
    { "-M virt,dumpdtb=@/x.dtb -kernel @/nokernel", "could not load kernel "
      "'@/nokernel'", false, IO },
    { "-M virt,dumpdtb=@/x.dtb -kernel @/dir", "could not load kernel "
      "'@/dir'", false, IO },
    { "-M virt,dumpdtb=@/x.dtb -cpu cortex-a57 -kernel @/file -initrd "
      "@/dir", "could not load initrd '@/dir'", false, IO },
};
/* clang-format on */

#define LONG_LEN 131000

/* Replace "@" with the scratch directory, "%L"/"%N" with long runs */
static char *expand(const char *s, const char *dir)
{
    GString *out = g_string_new(NULL);

    for (const char *p = s; *p; p++) {
        if (*p == '@') {
            g_string_append(out, dir);
        } else if (p[0] == '%' && (p[1] == 'L' || p[1] == 'N')) {
            for (int i = 0; i < LONG_LEN; i++) {
                g_string_append_c(out, p[1] == 'L' ? 'a' : '9');
            }
            p++;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

/* Names in @dir other than the fixtures, recursively, "" if none */
static void leftovers(const char *dir, const char *rel, GString *found)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree char *r = g_build_filename(rel, name, NULL);

        if (!strcmp(r, "file") || !strcmp(r, "dirlink") ||
            !strcmp(r, "dangle") || !strcmp(r, "loop")) {
            continue;
        }
        if (!strcmp(r, "dir")) {
            leftovers(path, r, found);
            continue;
        }
        g_string_append_printf(found, " %s", r);
    }
}

static int symlink_at(const char *dir, const char *target, const char *name)
{
    g_autofree char *t = g_build_filename(dir, target, NULL);
    g_autofree char *p = g_build_filename(dir, name, NULL);

    return symlink(t, p);
}

static void run(const char *const *argv, const char *cwd, int *status,
                char **out, char **err)
{
    g_autoptr(GError) e = NULL;

    GSpawnFlags flags = G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_SEARCH_PATH;

    ck_assert_msg(g_spawn_sync(cwd, (char **)argv, NULL, flags, NULL, NULL,
                               out, err, status, &e),
                  "spawn %s: %s", argv[0], e ? e->message : "");
}

/* QEMU's stderr without warnings and blank lines */
static char *qemu_text(const char *err)
{
    g_auto(GStrv) lines = g_strsplit(err, "\n", -1);
    GString *s = g_string_new(NULL);

    for (int i = 0; lines[i]; i++) {
        if (!lines[i][0] || strstr(lines[i], ": warning: ")) {
            continue;
        }
        g_string_append_printf(s, "%s\n", lines[i]);
    }
    return g_string_free(s, FALSE);
}

static bool has_machine(char **argv)
{
    for (int i = 0; argv[i]; i++) {
        if (!strcmp(argv[i], "-M") || !strcmp(argv[i], "-machine")) {
            return true;
        }
    }
    return false;
}

static void check_qemu(const HostileCase *c, const char *qemu, char **args,
                       const char *dir, const char *text)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *got = NULL;
    g_autofree char *want = g_strdup_printf("qemu-system-aarch64: %s\n",
                                            text);
    int status;

    g_ptr_array_add(argv, (char *)"timeout");
    g_ptr_array_add(argv, (char *)"20");
    g_ptr_array_add(argv, (char *)qemu);
    for (int i = 0; args[i]; i++) {
        g_ptr_array_add(argv, args[i]);
    }
    if (!has_machine(args)) {
        g_ptr_array_add(argv, (char *)"-M");
        g_ptr_array_add(argv, (char *)"virt");
    }
    g_ptr_array_add(argv, (char *)"-display");
    g_ptr_array_add(argv, (char *)"none");
    g_ptr_array_add(argv, (char *)"-S");
    g_ptr_array_add(argv, (char *)"-nodefaults");
    g_ptr_array_add(argv, NULL);
    run((const char *const *)argv->pdata, dir, &status, &out, &err);
    got = qemu_text(err);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
                  "QEMU '%s': status 0x%x, stderr %s", c->args, status, err);
    ck_assert_msg(!strcmp(got, want), "QEMU '%.200s':\n  got  %.300s\n"
                  "  want %.300s", c->args, got, want);
}

/* Run row @c, with "--qemu-version @release" first unless NULL */
static void check_hostile(const HostileCase *c, const char *release)
{
    const char *cli = g_getenv("VIRTBOARD");
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    g_autofree char *dir = g_dir_make_tmp("virtboard-hostile-XXXXXX", NULL);
    g_autofree char *fixture = NULL;
    g_autofree char *fixdir = NULL;
    g_autofree char *args = NULL;
    g_autofree char *text = NULL;
    g_autofree char *want = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GPtrArray) full = g_ptr_array_new();
    g_autoptr(GString) left = g_string_new(NULL);
    int status;

    ck_assert_msg(cli != NULL, "set VIRTBOARD to the CLI");
    ck_assert_ptr_nonnull(dir);
    fixture = g_build_filename(dir, "file", NULL);
    fixdir = g_build_filename(dir, "dir", NULL);
    ck_assert(g_file_set_contents(fixture, "not a kernel", -1, NULL));
    ck_assert_int_eq(g_mkdir(fixdir, 0755), 0);
    ck_assert_int_eq(symlink_at(dir, "dir", "dirlink"), 0);
    ck_assert_int_eq(symlink_at(dir, "nodir/x", "dangle"), 0);
    ck_assert_int_eq(symlink_at(dir, "loop", "loop"), 0);

    args = expand(c->args, dir);
    if (release != NULL) {
        /* after the "plan" subcommand, which must come first */
        bool plan = g_str_has_prefix(args, "plan ");
        char *a = g_strdup_printf("%s--qemu-version %s %s",
                                  plan ? "plan " : "", release,
                                  plan ? args + 5 : args);

        g_free(args);
        args = a;
    }
    text = expand(c->text, dir);
    want = g_strdup_printf("virtboard: %s\n", text);
    ck_assert(g_shell_parse_argv(args, NULL, &argv, NULL));
    g_ptr_array_add(full, (char *)cli);
    for (int i = 0; argv[i]; i++) {
        g_ptr_array_add(full, argv[i]);
    }
    g_ptr_array_add(full, NULL);
    run((const char *const *)full->pdata, dir, &status, &out, &err);

    ck_assert_msg(WIFEXITED(status), "'%.200s': killed by signal %d",
                  c->args, WTERMSIG(status));
    ck_assert_msg(WEXITSTATUS(status) == c->status,
                  "'%.200s': exit %d, expected %d", c->args,
                  WEXITSTATUS(status), c->status);
    ck_assert_msg(out[0] == '\0', "'%.200s': stdout: %.200s", c->args, out);
    ck_assert_msg(!strcmp(err, want), "'%.200s':\n  got  %.300s\n"
                  "  want %.300s", c->args, err, want);
    /* one message: the prefix once, at the start */
    ck_assert_ptr_eq(strstr(err + 1, "virtboard: "), NULL);
    leftovers(dir, "", left);
    ck_assert_msg(left->len == 0, "'%.200s' left behind:%s", c->args,
                  left->str);

    if (c->qemu) {
        if (qemu == NULL &&
            g_file_test("/usr/bin/qemu-system-aarch64", G_FILE_TEST_EXISTS)) {
            qemu = "/usr/bin/qemu-system-aarch64";
        }
        if (qemu != NULL) {
            /* QEMU is not asked --qemu-version: it is the release */
            check_qemu(c, qemu, release != NULL ? argv + 2 : argv, dir,
                       text);
        }
    }
    test_rm_rf(dir);
}

START_TEST(test_hostile)
{
    /*
     * These rows hold QEMU 7.2's texts (the QEMU compared with is 7.2):
     * they run on release 7.2 unless they choose a release themselves
     */
    bool own = g_str_has_prefix(cases[_i].args, "--qemu-version");

    check_hostile(&cases[_i], own ? NULL : "7.2");
}
END_TEST

/* Does the CLI model @release? ("virtboard --version" lists them) */
static bool cli_models(const char *release)
{
    const char *cli = g_getenv("VIRTBOARD");
    const char *argv[] = { cli, "--version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *word = g_strdup_printf(" %s", release);
    const char *p;

    ck_assert_msg(cli != NULL, "set VIRTBOARD to the CLI");
    ck_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL,
                           NULL, &out, NULL, NULL, NULL));
    p = strstr(out, word);
    return p && (p[strlen(word)] == ' ' || p[strlen(word)] == '\n');
}

START_TEST(test_later_hostile)
{
    if (!cli_models(later_cases[_i].release)) {
        fprintf(stderr, "SKIP '%s': needs release %s (issue 14)\n",
                later_cases[_i].c.args, later_cases[_i].release);
        return;
    }
    check_hostile(&later_cases[_i].c, later_cases[_i].release);
}
END_TEST

static Suite *hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("cli");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_hostile, 0, G_N_ELEMENTS(cases));
    tcase_add_loop_test(tc, test_later_hostile, 0,
                        G_N_ELEMENTS(later_cases));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(hostile_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
