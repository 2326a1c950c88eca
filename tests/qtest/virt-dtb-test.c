/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virt-dtb-test: the device tree virtboard builds must be the one each
 * modelled QEMU release (5.2, 7.2, 10.0, 11.1) builds.
 *
 * For every configuration below, qemu-system-aarch64 writes its DTB with
 * -M ...,dumpdtb=FILE,dtb-randomness=off and virtboard builds one from the
 * same command line (virt_cmdline_parse + virt_machine_init +
 * virt_fdt_write; every 8th configuration also through the $VIRTBOARD
 * CLI, and whenever QEMU warns on stderr, whose text the CLI must print
 * too). Both are decompiled with "dtc -I dtb -O dts -s" and must be equal
 * as text, phandle values included. A difference is printed as a diff.
 *
 * A configuration the QEMU refuses must be refused by virtboard with
 * QEMU's message (its stderr without the "qemu-system-aarch64: " prefix,
 * the dump path replaced in both): the configurations a release lacks
 * (CPU models, machine types, gic-version=4 on 5.2) check its texts.
 *
 * A release without the dtb-randomness property (5.2) always writes a
 * random /chosen kaslr-seed (and one in /secure-chosen): there each blob
 * must have the property, 8 bytes long, in exactly the nodes QEMU's has,
 * and its value is zeroed in both blobs before they are compared, so
 * everything else is still compared byte for byte.
 *
 * Expected results are never stored: QEMU is the oracle on every run.
 *
 * The QEMUs are the oracles of $QTEST_QEMU_BINARIES (else
 * $QTEST_QEMU_BINARY, else /usr/bin/qemu-system-aarch64): each is asked
 * its version over QMP and the matrix runs against every one whose
 * release virtboard models (see qts_require_oracles()). Without any such
 * QEMU or without dtc the test is skipped (exit 77), except under
 * CI=true, where it fails.
 * VIRT_DTB_TEST_FILTER=SUBSTRING runs the matching configurations only;
 * VIRT_DTB_TEST_JOBS=1 runs them one at a time (default and maximum: 2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"
#include "libqtest-virt.h"
#include "test-util.h"

/*
 * The matrix. @K@, @I@ and @B@ stand for a dummy kernel, initrd and
 * firmware file made for the run; @BK@ is a 140 MiB raw kernel and
 * @IMG0@, @IMG8@, @IMGZ@ are arm64 Image headers (text_offset 0,
 * 0x80000, and a pre-3.17 one with image_size 0) that move the initrd
 * (see make_image()). @TPM@ is a software TPM, started for the QEMU run
 * (swtpm; without it the configuration is a SKIP, a failure under
 * CI=true), with its -chardev and "-tpmdev emulator,id=tpm0" (see
 * qts_swtpm_options()). The -M argument gets
 * ",dumpdtb=FILE,dtb-randomness=off" appended, and every command line
 * ends with "-accel tcg -display none -nodefaults".
 */
static const char *const configs[] = {
    "-M virt -cpu cortex-a7 -m 1G",
    "-M virt -cpu cortex-a15 -m 1G",
    "-M virt -cpu cortex-a35 -m 1G",
    "-M virt -cpu cortex-a53 -m 1G",
    "-M virt -cpu cortex-a57 -m 1G",
    "-M virt -cpu cortex-a72 -m 1G",
    "-M virt -cpu cortex-a76 -m 1G",
    "-M virt -cpu a64fx -m 1G",
    "-M virt -cpu neoverse-n1 -m 1G",
    "-M virt -cpu max -m 1G",
    "-M virt -cpu cortex-a7 -m 1G -smp 4",
    "-M virt -cpu cortex-a15 -m 2G -smp 8",
    "-M virt -cpu cortex-a35 -m 1G -smp 3",
    "-M virt -cpu cortex-a53 -m 1G -smp 8",
    "-M virt -cpu cortex-a57 -m 1G -smp 5",
    "-M virt -cpu cortex-a72 -m 1G -smp 6",
    "-M virt -cpu cortex-a76 -m 1G -smp 7",
    "-M virt -cpu a64fx -m 1G -smp 2",
    "-M virt -cpu neoverse-n1 -m 1G -smp 4",
    "-M virt -cpu max -m 1G -smp 8",
    "-M virt,gic-version=3 -cpu cortex-a7 -m 1G -smp 4",
    "-M virt,gic-version=3 -cpu cortex-a15 -m 1G -smp 20",
    "-M virt,gic-version=3 -cpu cortex-a35 -m 1G -smp 16",
    "-M virt,gic-version=3 -cpu cortex-a53 -m 1G -smp 17",
    "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 32",
    "-M virt,gic-version=3 -cpu cortex-a72 -m 1G -smp 64",
    "-M virt,gic-version=3 -cpu cortex-a76 -m 1G -smp 100",
    "-M virt,gic-version=3 -cpu a64fx -m 1G -smp 48",
    "-M virt,gic-version=3 -cpu neoverse-n1 -m 1G -smp 123",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 124",
    "-M virt,gic-version=max -cpu max -m 1G -smp 2",
    "-M virt,gic-version=max -cpu cortex-a53 -m 1G",
    "-M virt,gic-version=2 -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,its=off -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,its=off -cpu cortex-a57 -m 1G -smp 200",
    "-M virt,gic-version=4,virtualization=on -cpu max -m 1G",
    "-M virt,gic-version=4,virtualization=on -cpu max -m 1G -smp 61",
    "-M virt,gic-version=4,virtualization=on -cpu max -m 1G -smp 62",
    "-M virt,gic-version=4,virtualization=on -cpu max -m 1G -smp 300",
    "-M virt,gic-version=4,virtualization=on,its=off -cpu max -m 1G -smp 4",
    "-M virt,gic-version=4,virtualization=on -cpu neoverse-n1 -m 1G -smp 8",
    "-M virt,gic-version=4,virtualization=on -cpu cortex-a57 -m 2G -smp 2",
    "-M virt,gic-version=4,virtualization=on,iommu=smmuv3 -cpu max -m 1G -smp 3",
    "-M virt,gic-version=max,virtualization=on -cpu max -m 1G -smp 4",
    "-M virt,virtualization=on -cpu max -m 1G",
    "-M virt,virtualization=on -cpu cortex-a15 -m 1G -smp 2",
    "-M virt,virtualization=on -cpu cortex-a7 -m 1G -smp 4",
    "-M virt,virtualization=on -cpu cortex-a53 -m 1G -smp 8",
    "-M virt,virtualization=on -cpu cortex-a72 -m 1G",
    "-M virt,virtualization=on -cpu neoverse-n1 -m 1G -smp 2",
    "-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -m 1G -smp 2",
    "-M virt,virtualization=on,gic-version=3 -cpu cortex-a76 -m 1G -smp 130",
    "-M virt,secure=on -cpu max -m 1G",
    "-M virt,secure=on -cpu max -m 1G -smp 2",
    "-M virt,secure=on -cpu cortex-a15 -m 1G -smp 2",
    "-M virt,secure=on -cpu cortex-a7 -m 1G",
    "-M virt,secure=on -cpu cortex-a53 -m 1G -smp 4",
    "-M virt,secure=on -cpu cortex-a57 -m 1G",
    "-M virt,secure=on -cpu cortex-a72 -m 1G -smp 3",
    "-M virt,secure=on -cpu cortex-a35 -m 1G",
    "-M virt,secure=on,gic-version=3 -cpu max -m 1G -smp 4",
    "-M virt,secure=on,gic-version=3,its=off -cpu max -m 1G",
    "-M virt,secure=on,virtualization=on -cpu max -m 1G",
    "-M virt,secure=on,virtualization=on,gic-version=3 -cpu max -m 1G -smp 2",
    "-M virt,secure=on,virtualization=on -cpu cortex-a15 -m 1G -smp 2",
    "-M virt,secure=on,iommu=smmuv3 -cpu max -m 1G",
    "-M virt,secure=on,highmem=off -cpu max -m 1G",
    "-M virt,iommu=smmuv3 -cpu max -m 1G",
    "-M virt,iommu=smmuv3 -cpu max -m 1G -smp 4",
    "-M virt,iommu=smmuv3,gic-version=3 -cpu max -m 1G -smp 2",
    "-M virt,iommu=smmuv3,gic-version=3,its=off -cpu max -m 1G -smp 2",
    "-M virt,iommu=smmuv3,highmem=off -cpu cortex-a53 -m 1G",
    "-M virt,iommu=smmuv3 -cpu cortex-a15 -m 1G",
    "-M virt,highmem=off -cpu max -m 1G",
    "-M virt,highmem=off -cpu max -m 3G -smp 2",
    "-M virt,highmem=off -cpu cortex-a15 -m 1G",
    "-M virt,highmem=off -cpu cortex-a7 -m 2G -smp 2",
    "-M virt,highmem=off,gic-version=3 -cpu max -m 1G -smp 123",
    "-M virt,highmem=off,gic-version=3,its=off -cpu cortex-a57 -m 1G -smp 8",
    "-M virt,highmem=off,gic-version=4,virtualization=on -cpu max -m 1G -smp 61",
    "-M virt,highmem=off,virtualization=on -cpu max -m 1G",
    "-M virt -cpu max -m 8G",
    "-M virt -cpu cortex-a57 -m 4G -smp 2",
    "-M virt -cpu cortex-a15 -m 3G",
    "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=1022G",
    "-M virt -cpu cortex-a57 -m 1G,slots=1,maxmem=1022G",
    "-M virt -cpu cortex-a53 -m 1G,slots=4,maxmem=700G",
    "-M virt -cpu cortex-a53 -m 1G,slots=2,maxmem=300G",
    "-M virt -cpu cortex-a15 -m 1G,slots=1,maxmem=500G",
    "-M virt -cpu cortex-a15 -m 1G,slots=1,maxmem=1000G",
    "-M virt -cpu cortex-a76 -m 1G,slots=8,maxmem=900G",
    "-M virt -cpu a64fx -m 1G,slots=1,maxmem=1020G",
    "-M virt -cpu cortex-a72 -m 1G,slots=1,maxmem=4000G",
    "-M virt -cpu cortex-a72 -m 1G,slots=1,maxmem=16000G",
    "-M virt -cpu neoverse-n1 -m 1G,slots=1,maxmem=100T",
    "-M virt -cpu neoverse-n1 -m 1G,slots=1,maxmem=250T",
    "-M virt -cpu max -m 1G,slots=1,maxmem=2000G",
    "-M virt -cpu max -m 1G,slots=256,maxmem=3000T",
    "-M virt,gic-version=3 -cpu max -m 1G,slots=1,maxmem=300G -smp 124",
    "-M virt,gic-version=3 -cpu cortex-a53 -m 1G,slots=1,maxmem=1000G -smp 200",
    "-M virt,gic-version=3 -cpu cortex-a53 -m 1G,slots=1,maxmem=1020G -smp 200",
    "-M virt,gic-version=3 -cpu cortex-a57 -m 2G,slots=1,maxmem=1022G -smp 150",
    "-M virt,gic-version=4,virtualization=on -cpu cortex-a53 -m 1G,slots=1,maxmem=1000G -smp 100",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 512",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 256,sockets=4,clusters=2,cores=8,threads=4",
    "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 16,sockets=2,clusters=2,cores=2,threads=2",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 12,sockets=3,cores=4",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 8,threads=2",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 6,clusters=3",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 4,maxcpus=16",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 130,maxcpus=256",
    "-M virt,gic-version=3 -cpu max -m 1G -smp sockets=2,cores=3,threads=2",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 2,sockets=2,cores=2,threads=2,maxcpus=8",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 64,sockets=4,clusters=4,cores=4",
    "-M virt -cpu max -m 1G -smp 8,sockets=2,cores=2,threads=2",
    "-M virt -cpu max -m 1G -smp 4,sockets=4",
    "-M virt -cpu max -m 1G -smp 2,maxcpus=4",
    "-M virt -cpu cortex-a15 -m 1G -smp 4,clusters=2",
    "-M virt -cpu max -m 1G -kernel @K@",
    "-M virt -cpu max -m 1G -kernel @K@ -append \"console=ttyAMA0 root=/dev/vda rw\"",
    "-M virt -cpu cortex-a15 -m 1G -kernel @K@ -append console=ttyAMA0",
    "-M virt -cpu cortex-a7 -m 512M -smp 2 -kernel @K@ -initrd @I@ -append quiet",
    "-M virt -cpu max -m 1G -kernel @K@ -initrd @I@",
    "-M virt -cpu max -m 100M -kernel @K@ -initrd @I@ -append \"a b c\"",
    "-M virt,secure=on -cpu max -m 1G -kernel @K@",
    "-M virt,secure=on -cpu max -m 1G -smp 2 -kernel @K@ -append x",
    "-M virt,secure=on,virtualization=on -cpu max -m 1G -kernel @K@",
    "-M virt,virtualization=on -cpu max -m 1G -smp 2 -kernel @K@ -append \"y z\"",
    "-M virt,virtualization=on -cpu cortex-a15 -m 1G -kernel @K@",
    "-M virt,gic-version=3,iommu=smmuv3 -cpu max -m 1G -smp 4 -kernel @K@ -initrd @I@ -append \"root=/dev/vda\"",
    "-M virt -cpu max -m 1G -bios @B@",
    "-M virt -cpu max -m 1G -smp 2 -bios @B@",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 4 -bios @B@",
    "-M virt,secure=on -cpu max -m 1G -bios @B@",
    "-M virt,secure=on -cpu max -m 1G -smp 2 -bios @B@",
    "-M virt,secure=on,virtualization=on -cpu max -m 1G -bios @B@",
    "-M virt,virtualization=on -cpu max -m 1G -bios @B@",
    "-M virt,acpi=off -cpu max -m 1G -bios @B@",
    "-M virt,acpi=off -cpu max -m 1G",
    "-M virt -cpu cortex-a15 -m 1G -bios @B@",
    "-M virt -cpu max -m 1G -bios @B@ -kernel @K@ -append \"x y\"",
    "-M virt -cpu max -m 1G -bios @B@ -kernel @K@ -initrd @I@",
    "-M virt,secure=on -cpu max -m 1G -bios @B@ -kernel @K@ -append \"q\"",
    "-M virt,dt-compatible=acme,,board -cpu max -m 1G",
    "-M virt,phandle-start=0x100 -cpu max -m 1G -smp 2",
    "-M virt,phandle-start=5000,gic-version=3 -cpu max -m 1G -smp 3",
    "-M virt-7.2 -cpu max -m 1G",
    "-M virt-7.1 -cpu max -m 1G -smp 2",
    "-M virt-7.0 -cpu max -m 1G,slots=1,maxmem=2000G -smp 2",
    "-M virt-6.2,gic-version=3 -cpu max -m 1G -smp 2",
    "-M virt-6.1,gic-version=3 -cpu max -m 1G -smp 2",
    "-M virt-6.0 -cpu max -m 1G -smp 2 -bios @B@",
    "-M virt-5.2,secure=on -cpu max -m 1G",
    "-M virt-5.1,secure=on -cpu max -m 1G",
    "-M virt-4.1 -cpu max -m 1G -bios @B@",
    "-M virt-4.2 -cpu max -m 1G -bios @B@",
    "-M virt-3.0 -cpu max -m 1G",
    "-M virt-2.12 -cpu max -m 1G",
    "-M virt-2.12,gic-version=3 -cpu max -m 1G -smp 130",
    "-M virt-2.9 -cpu max -m 1G -smp 2",
    "-M virt-2.8 -cpu max -m 1G -smp 2",
    "-M virt-2.7,gic-version=3 -cpu max -m 1G -smp 20",
    "-M virt-2.6 -cpu max -m 1G -smp 8",
    "-M virt-2.6,gic-version=3 -cpu max -m 1G -smp 20",
    "-M virt,dt-compatible=myboard,gic-version=3 -cpu cortex-a53 -m 1G",
    "-M virt -cpu max -m 1G -kernel @BK@ -initrd @I@",
    "-M virt -cpu cortex-a15 -m 1G -kernel @BK@ -initrd @I@ -append big",
    "-M virt -cpu max -m 1G -kernel @IMG0@ -initrd @I@",
    "-M virt -cpu cortex-a53 -m 2G -kernel @IMG8@ -initrd @I@",
    "-M virt -cpu max -m 1G -kernel @IMGZ@ -initrd @I@ -append old",
    "-M virt -cpu max -m 1G,maxmem=2G",
    "-M virt-5.0 -cpu max -m 1G,maxmem=2G",
    "-M virt-5.1,gic-version=3 -cpu max -m 1G,maxmem=4G -smp 4",
    "-M virt-4.2 -cpu cortex-a53 -m 2G,slots=2,maxmem=8G",
    "-M virt-4.1,gic-version=3,its=off -cpu cortex-a53 -m 2G,slots=2,maxmem=8G",
    "-M virt-4.0 -cpu max -m 1G,slots=1,maxmem=4G",
    "-M virt -cpu max -m 1G,slots=2,maxmem=8G -kernel @K@ -initrd @I@",
    /* CPU properties: pmu=off drops the pmu node (issue 16) */
    "-M virt -cpu max,pmu=off -m 1G",
    "-M virt -cpu cortex-a15,pmu=off -m 1G",
    "-M virt,gic-version=3 -cpu cortex-a57,pmu=off -m 1G -smp 2",
    /* acpi=off: -no-acpi is 7.2's only (test-opts, the corpus) */
    "-M virt,acpi=off -cpu max,sve=off -m 1G",
    /*
     * A second -serial with a backend: UART1 and /aliases serial1 on
     * 10.0+, nothing on 7.2; not with secure=on (issue 16)
     */
    "-M virt -cpu max -m 1G -serial null -serial null",
    "-M virt -cpu max -m 1G -serial none -serial null",
    "-M virt -cpu max -m 1G -serial null -serial none",
    "-M virt-6.2 -cpu cortex-a57 -m 1G -serial null -serial null -serial null",
    "-M virt,secure=on -cpu max -m 1G -serial null -serial null",
    /* -numa node: one node, node 0, as QEMU's automatic one (issue 16) */
    "-M virt -cpu max -m 1G -object memory-backend-ram,id=m0,size=1G "
    "-numa node,memdev=m0",
    "-M virt,gic-version=3 -cpu max -m 2G -smp 4 -object "
    "memory-backend-ram,id=m0,size=2G -numa node,nodeid=0,cpus=0-3,memdev=m0",
    "-M virt -cpu cortex-a57 -m 1G,slots=2,maxmem=4G -smp 2 -object "
    "memory-backend-ram,id=m0,size=1G -numa node,memdev=m0,cpus=1",
    "-M virt-4.1 -cpu max -m 1G -object memory-backend-ram,id=m0,size=1G "
    "-numa node,memdev=m0",
    /* several nodes: memory split, numa-node-id, distance-map */
    "-M virt -cpu max -m 2G -smp 2 " "-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G "
    "-numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1",
    "-M virt -cpu max -m 2G -smp 2 " "-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G "
    "-numa node,cpus=0,memdev=m0 -numa node,cpus=1,memdev=m1 "
    "-numa dist,src=0,dst=1,val=21",
    "-M virt,gic-version=3 -cpu max -m 3G -smp 6,sockets=3,cores=2 " "-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G "
    "-object memory-backend-ram,id=m2,size=1G -numa node,memdev=m0 "
    "-numa node,memdev=m1 -numa node,memdev=m2 -numa dist,src=0,dst=1,val=21 "
    "-numa dist,src=0,dst=2,val=31 -numa dist,src=1,dst=2,val=41",
    "-M virt -cpu cortex-a57 -m 2G -smp 4,sockets=2,cores=2 -object "
    "memory-backend-ram,id=m0,size=2G -numa node,memdev=m0 -numa node",
    "-M virt -cpu max -m 2G,slots=2,maxmem=6G -smp 2 " "-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G "
    "-numa node,cpus=0,memdev=m0 -numa node,cpus=1,memdev=m1 "
    "-numa dist,src=1,dst=0,val=15",
    "-M virt -cpu max -m 1G -object memory-backend-ram,id=m0,size=1G "
    "-numa node,memdev=m0 -numa dist,src=0,dst=0,val=10",
    /* -device pc-dimm (firmware only): the DTB is the board's without it */
    "-M virt -cpu max -m 1G,slots=2,maxmem=2G -bios @B@ -object "
    "memory-backend-ram,id=d0,size=256M -device pc-dimm,memdev=d0",
    "-M virt,gic-version=3 -cpu cortex-a72 -m 1G,slots=4,maxmem=8G -smp 4 "
    "-bios @B@ -object memory-backend-ram,id=m0,size=512M -object "
    "memory-backend-ram,id=m1,size=512M -numa node,cpus=0-1,memdev=m0 "
    "-numa node,cpus=2-3,memdev=m1 -object memory-backend-ram,id=d0,size=256M "
    "-device pc-dimm,memdev=d0,node=1,slot=0",
    /*
     * -M nvdimm=on and -device nvdimm: a pmem node on 11.1 (no firmware
     * needed); earlier releases need the GED and add no node
     */
    "-M virt,nvdimm=on -cpu max -m 1G",
    "-M virt,nvdimm=on -cpu max -m 1G,slots=2,maxmem=4G -object "
    "memory-backend-ram,id=n0,size=16M -device nvdimm,id=nv0,memdev=n0",
    "-M virt,nvdimm=on -cpu max -m 1G,slots=4,maxmem=4G -bios @B@ -object "
    "memory-backend-ram,id=n0,size=16M -object memory-backend-ram,id=n1,"
    "size=32M -object memory-backend-ram,id=d0,size=64M -device "
    "nvdimm,memdev=n0,addr=0x90000000 -device pc-dimm,memdev=d0 -device "
    "nvdimm,memdev=n1,unarmed=on",
    "-M virt,gic-version=3,nvdimm=on -cpu max -m 2G,slots=2,maxmem=4G -smp 2 "
    "-bios @B@ -object memory-backend-ram,id=m0,size=1G -object "
    "memory-backend-ram,id=m1,size=1G -numa node,cpus=0,memdev=m0 -numa "
    "node,cpus=1,memdev=m1 -object memory-backend-ram,id=n0,size=16M "
    "-device nvdimm,memdev=n0,node=1",
    /* a TPM on the platform bus (@TPM@: a swtpm and its -tpmdev tpm0) */
    "-M virt -cpu max -m 1G @TPM@ -device tpm-tis-device,tpmdev=tpm0",
    "-M virt -cpu max -m 1G -bios @B@ @TPM@ "
    "-device tpm-tis-device,tpmdev=tpm0,id=tpm",
    "-M virt -cpu cortex-a15 -m 1G -smp 2 @TPM@ "
    "-device tpm-tis-device,tpmdev=tpm0",
    "-M virt,secure=on -cpu max -m 1G @TPM@ -device tpm-tis-device,tpmdev=tpm0",
    /* ... and QEMU's refusals */
    "-M virt -cpu max -m 1G -device tpm-tis-device",
    "-M virt -cpu max -m 1G @TPM@ -device tpm-tis-device",
    "-M virt -cpu max -m 1G @TPM@ -device tpm-tis-device,tpmdev=foo",
    "-M virt -cpu max -m 1G @TPM@ -device tpm-tis-device,tpmdev=tpm0 "
    "-device tpm-tis-device,tpmdev=tpm0",
    "-M virt -cpu max -m 1G @TPM@ -tpmdev emulator,id=tpm1,chardev=chrtpm "
    "-device tpm-tis-device,tpmdev=tpm0",
};

/*
 * Configurations that need release 10.0 (its properties, machine types
 * and CPU models, what it does differently), after those above in the
 * numbering; against an older oracle they are skipped.
 */
static const char *const configs_10_0[] = {
    /* a TPM given as JSON (5.2 has no JSON -device; 7.2 has) */
    "-M virt -cpu max -m 1G @TPM@ "
    "-device '{\"driver\":\"tpm-tis-device\",\"tpmdev\":\"tpm0\"}'",
    /* the CPU models 7.2 lacks; the EL2 virtual timer needs VHE */
    "-M virt -cpu cortex-a55 -m 1G -smp 2",
    "-M virt -cpu cortex-a710 -m 1G",
    "-M virt -cpu neoverse-n2 -m 1G -smp 3",
    "-M virt -cpu neoverse-v1 -m 1G",
    "-M virt,virtualization=on -cpu cortex-a55 -m 1G",
    "-M virt,virtualization=on,gic-version=3 -cpu neoverse-v1 -m 1G -smp 2",
    "-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -m 1G",
    "-M virt,virtualization=on,secure=on -cpu cortex-a710 -m 1G",
    "-M virt-9.0,virtualization=on -cpu max -m 1G",
    "-M virt-8.2,virtualization=on -cpu max -m 1G",
    "-M virt-9.2,virtualization=on,gic-version=4 -cpu max -m 1G -smp 4",
    /* no gic-version: GICv3 for more than 8 vCPUs, virt-7.2 too */
    "-M virt -cpu max -m 1G -smp 9",
    "-M virt -cpu cortex-a15 -m 1G -smp 9",
    "-M virt-7.2 -cpu max -m 1G -smp 4,maxcpus=12",
    "-M virt-6.2 -cpu cortex-a53 -m 1G -smp 16",
    "-M virt-8.0 -cpu max -m 1G",
    "-M virt-8.1 -cpu max -m 1G -smp 2",
    /* the 8.0+ properties alone */
    "-M virt,highmem-mmio=off -cpu max -m 1G",
    "-M virt,highmem-ecam=off -cpu max -m 1G",
    "-M virt,highmem-redists=off,gic-version=3 -cpu max -m 1G -smp 4",
    "-M virt,highmem-redists=off,gic-version=3 -cpu max -m 1G -smp 123",
    "-M virt,compact-highmem=off -cpu max -m 1G",
    "-M virt-7.1,compact-highmem=on -cpu max -m 1G",
    "-M virt,highmem-mmio-size=1T -cpu max -m 1G",
    "-M virt,highmem-mmio-size=4T -cpu max -m 1G,slots=2,maxmem=64G",
    /* ... and with CPUs whose PA range forces regions off */
    "-M virt,highmem-mmio-size=1T -cpu cortex-a53 -m 1G",
    "-M virt,highmem-mmio-size=1T -cpu cortex-a72 -m 1G",
    "-M virt,highmem-mmio-size=2T -cpu neoverse-n1 -m 1G",
    "-M virt,compact-highmem=off -cpu cortex-a53 -m 1G,slots=1,maxmem=300G",
    "-M virt,compact-highmem=on -cpu cortex-a55 -m 1G,slots=1,maxmem=300G",
    "-M virt,highmem-redists=off,gic-version=3 -cpu cortex-a76 "
        "-m 1G,slots=1,maxmem=600G -smp 8",
    "-M virt,highmem-ecam=off,highmem-mmio=off -cpu a64fx "
        "-m 1G,slots=1,maxmem=900G",
    "-M virt,highmem-ecam=off,gic-version=3 -cpu cortex-a710 "
        "-m 1G,slots=1,maxmem=700G -smp 130",
    "-M virt,highmem-mmio=off,compact-highmem=off -cpu cortex-a57 "
        "-m 1G,slots=1,maxmem=1000G",
    "-M virt,highmem=off,highmem-mmio-size=1T -cpu max -m 1G",
    "-M virt,secure=on,highmem-mmio-size=1T -cpu cortex-a72 -m 1G -smp 2",
    "-M virt,iommu=smmuv3,highmem-ecam=off -cpu neoverse-n2 -m 1G",
    "-M virt,its=off,highmem-redists=off,gic-version=3 -cpu cortex-a55 "
        "-m 1G -smp 6",
};

/*
 * Configurations that need release 11.1 (its properties, machine types
 * and the cache properties of its cpu nodes), after configs_10_0[] and
 * the newer types' matrix in the numbering.
 */
static const char *const configs_11_1[] = {
    /* cache properties: cpu-map types with every CPU model, and without */
    "-M virt -cpu cortex-a7 -m 1G -smp 3",
    "-M virt -cpu cortex-a35 -m 1G -smp 2",
    "-M virt -cpu a64fx -m 1G -smp 4,sockets=2,cores=2",
    "-M virt -cpu cortex-a53 -m 1G -smp 8,sockets=2,clusters=2,cores=2",
    "-M virt -cpu cortex-a72 -m 1G -smp 2,threads=2",
    "-M virt-6.2 -cpu cortex-a57 -m 1G -smp 2",
    "-M virt-6.1 -cpu cortex-a57 -m 1G -smp 2",
    "-M virt-6.0 -cpu cortex-a15 -m 1G -smp 3",
    "-M virt-5.2 -cpu max -m 1G",
    "-M virt-5.2,gic-version=3 -cpu neoverse-n1 -m 1G,slots=2,maxmem=4G "
        "-smp 4",
    "-M virt -cpu max -m 1G,slots=2,maxmem=8G -smp 2",
    "-M virt,phandle-start=0x100 -cpu cortex-a76 -m 1G -smp 2",
    /* the newer machine types */
    "-M virt-11.0 -cpu max -m 1G -smp 2",
    "-M virt-10.2,virtualization=on -cpu max -m 1G",
    "-M virt-10.1,gic-version=3,secure=on -cpu max -m 1G -smp 2",
    /* virtio-mmio-transports */
    "-M virt,virtio-mmio-transports=0 -cpu max -m 1G",
    "-M virt,virtio-mmio-transports=1 -cpu max -m 1G",
    "-M virt,virtio-mmio-transports=8 -cpu cortex-a15 -m 1G -smp 2",
    "-M virt,virtio-mmio-transports=32 -cpu max -m 1G",
    "-M virt,virtio-mmio-transports=0x10,gic-version=3 -cpu max -m 1G",
    "-M virt,virtio-mmio-transports=010,secure=on -cpu max -m 1G",
    /* msi and its */
    "-M virt,msi=auto -cpu max -m 1G -smp 2",
    "-M virt,msi=gicv2m -cpu max -m 1G -smp 2",
    "-M virt,msi=off -cpu max -m 1G -smp 2",
    "-M virt,msi=off,gic-version=2 -cpu cortex-a15 -m 1G",
    "-M virt,its=off -cpu max -m 1G",
    "-M virt,gic-version=3,msi=auto -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=gicv2m -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=its -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=off -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=auto,its=off -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=its,its=off -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,msi=gicv2m,its=on -cpu max -m 1G -smp 2",
    "-M virt,gic-version=3,its=off,msi=off,msi=auto -cpu max -m 1G",
    "-M virt,gic-version=max,its=on -cpu max -m 1G -smp 2",
    "-M virt,gic-version=2,msi=auto,its=on -cpu max -m 1G -smp 2",
    "-M virt,gic-version=4,virtualization=on,msi=gicv2m -cpu max -m 1G",
    "-M virt,gic-version=4,virtualization=on,msi=off -cpu max -m 1G -smp 4",
    "-M virt-6.1,gic-version=3,msi=its -cpu max -m 1G -smp 2",
    "-M virt-6.1,gic-version=3,msi=gicv2m -cpu max -m 1G -smp 2",
    "-M virt,msi=gicv2m,iommu=smmuv3,gic-version=3 -cpu max -m 1G",
    "-M virt,msi=off,acpi=off -cpu max -m 1G -bios @B@",
    "-M virt,x-change-vmfd-on-reset=on -cpu max -m 1G",
    /* ... with CPUs whose PA range forces regions off */
    "-M virt,msi=gicv2m,gic-version=3,highmem-mmio-size=1T -cpu cortex-a53 "
        "-m 1G,slots=1,maxmem=300G -smp 4",
    "-M virt,virtio-mmio-transports=4,highmem-redists=off,gic-version=3 "
        "-cpu cortex-a72 -m 1G,slots=1,maxmem=600G -smp 8",
    "-M virt,msi=its,gic-version=3,compact-highmem=off -cpu cortex-a76 "
        "-m 1G,slots=1,maxmem=900G -smp 2",
    "-M virt,msi=off,highmem-ecam=off,gic-version=3 -cpu neoverse-n2 "
        "-m 1G,slots=1,maxmem=100T -smp 130",
    "-M virt,highmem=off,msi=gicv2m,gic-version=3 -cpu max -m 1G -smp 2",
    /* boot files */
    "-M virt,virtio-mmio-transports=2 -cpu max -m 1G -smp 2 -kernel @K@ "
        "-initrd @I@ -append \"console=ttyAMA0\"",
    "-M virt,secure=on,virtualization=on,msi=gicv2m,gic-version=3 -cpu max "
        "-m 1G -smp 2 -bios @B@",
};

/*
 * Every machine type x hot-plug (none, slots) x GIC version, added to
 * configs[] by config_list_init(). The gic-version=max rows without
 * hot-plug load firmware.
 */
static const char *const matrix_types[] = {
    "7.2", "7.1", "7.0", "6.2", "6.1", "6.0", "5.2", "5.1", "5.0", "4.2",
    "4.1", "4.0", "3.1", "3.0", "2.12", "2.11", "2.10", "2.9", "2.8", "2.7",
    "2.6",
};
/* The types newer than 7.2, run where the release offers them */
static const char *const matrix_types_new[] = {
    "11.1", "11.0", "10.2", "10.1", "10.0", "9.2", "9.1", "9.0", "8.2",
    "8.1", "8.0",
};
static const char *const matrix_gics[] = { "2", "3", "max", "4" };

/*
 * Configurations of the releases before 10.0 only: a -smp value of 0
 * counts as omitted there, with a warning the CLI must print too on 7.2
 * and silently on 5.2 (10.0 refuses them: virt-memmap-test compares the
 * text).
 */
static const char *const configs_before_10_0[] = {
    "-M virt,gic-version=3 -cpu max -m 1G -smp 4,sockets=0",
    "-M virt -cpu max -m 1G -smp 0",
    "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 8,cores=0,threads=2",
    "-M virt,gic-version=3 -cpu max -m 1G -smp 2,maxcpus=0,dies=0",
};

/*
 * configs[], the matrix, configs_10_0[], the newer types' matrix,
 * configs_11_1[], configs_before_10_0[]: what the runs index
 */
static GPtrArray *config_list;
/* the release each configuration needs at least (VIRT_RELEASE_VERSION) */
static GArray *config_since;
/* the first release that no longer runs it (0: none) */
static GArray *config_until;

static void config_add_until(char *config, int since, int until)
{
    g_ptr_array_add(config_list, config);
    g_array_append_val(config_since, since);
    g_array_append_val(config_until, until);
}

static void config_add(char *config, int since)
{
    config_add_until(config, since, 0);
}

/* Every type of @types x GIC version x hot-plug (none, slots) */
static void config_add_matrix(const char *const *types, size_t n, int since)
{
    for (size_t t = 0; t < n; t++) {
        for (size_t g = 0; g < G_N_ELEMENTS(matrix_gics); g++) {
            for (int hp = 0; hp <= 1; hp++) {
                const char *gic = matrix_gics[g];

                config_add(g_strdup_printf(
                    "-M virt-%s,gic-version=%s%s -cpu max -m %s -smp 2%s",
                    types[t], gic,
                    !strcmp(gic, "4") ? ",virtualization=on" : "",
                    hp ? "1G,slots=4,maxmem=1T" : "1G",
                    !strcmp(gic, "max") && !hp ? " -bios @B@" : ""),
                    since);
            }
        }
    }
}

/* Returns how many configurations there are */
static int config_list_init(void)
{
    /*
     * The rows written for 7.2 run on 5.2 as well: what 5.2 lacks (CPU
     * models, properties, gic-version=4) it refuses, and virtboard must
     * refuse alike (compare_refusal())
     */
    const int v_all = 0;
    const int v10_0 = VIRT_RELEASE_VERSION(10, 0);
    const int v11_1 = VIRT_RELEASE_VERSION(11, 1);

    config_list = g_ptr_array_new_with_free_func(g_free);
    config_since = g_array_new(FALSE, FALSE, sizeof(int));
    config_until = g_array_new(FALSE, FALSE, sizeof(int));
    for (size_t i = 0; i < G_N_ELEMENTS(configs); i++) {
        config_add(g_strdup(configs[i]), v_all);
    }
    config_add_matrix(matrix_types, G_N_ELEMENTS(matrix_types), v_all);
    for (size_t i = 0; i < G_N_ELEMENTS(configs_10_0); i++) {
        config_add(g_strdup(configs_10_0[i]), v10_0);
    }
    config_add_matrix(matrix_types_new, G_N_ELEMENTS(matrix_types_new),
                      v10_0);
    for (size_t i = 0; i < G_N_ELEMENTS(configs_11_1); i++) {
        config_add(g_strdup(configs_11_1[i]), v11_1);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(configs_before_10_0); i++) {
        config_add_until(g_strdup(configs_before_10_0[i]), v_all, v10_0);
    }
    return (int)config_list->len;
}

static const char *config_at(int idx)
{
    return g_ptr_array_index(config_list, idx);
}

/* The machine type configuration @config names after -M ("virt" if none) */
static char *config_type(const char *config)
{
    const char *m = strstr(config, "-M ");
    size_t len;

    if (m == NULL) {
        return g_strdup("virt");
    }
    m += 3;
    len = strcspn(m, ", ");
    return g_strndup(m, len);
}

/*
 * Can the oracle in use (qts_qemu_release()) run configuration @idx? It
 * needs the release the row was written for, and a machine type the
 * release offers (-M help: 11.1 has no virt-5.1 and older).
 */
static bool config_offered(int idx)
{
    const VirtRelease *r = virt_release_find(qts_qemu_release());
    g_autofree char *type = config_type(config_at(idx));
    int since = g_array_index(config_since, int, idx);
    int until = g_array_index(config_until, int, idx);

    if (r == NULL) {
        return since < VIRT_RELEASE_VERSION(10, 0);
    }
    return r->version >= since && (until == 0 || r->version < until) &&
           virt_release_machine_type(r, type) != NULL;
}

#define MAX_JOBS 2
#define CLI_EVERY 8
#define DIFF_MAX_LINES 200

/* Exit codes of one configuration's child process */
enum {
    CASE_PASS_BYTES = 0, /* identical dts, and identical blobs */
    CASE_PASS = 1,       /* identical dts */
    CASE_FAIL = 2,
    CASE_PASS_REFUSED = 3, /* refused by both, with the same message */
    CASE_SKIP = 4,         /* needs swtpm, which is missing (not under CI) */
};

/* The dummy boot files: placeholder, file name */
enum { FILE_K, FILE_I, FILE_B, FILE_BK, FILE_IMG0, FILE_IMG8, FILE_IMGZ,
       FILE_COUNT };
static const char *const file_tags[FILE_COUNT][2] = {
    [FILE_K] = { "@K@", "kernel.img" },
    [FILE_I] = { "@I@", "initrd.img" },
    [FILE_B] = { "@B@", "bios.bin" },
    [FILE_BK] = { "@BK@", "big-kernel.img" },
    [FILE_IMG0] = { "@IMG0@", "Image-0" },
    [FILE_IMG8] = { "@IMG8@", "Image-80000" },
    [FILE_IMGZ] = { "@IMGZ@", "Image-old" },
};

typedef struct TestEnv {
    char *qemu;
    char *dtc;
    char *dir;
    char *files[FILE_COUNT];
    char *virtboard; /* the CLI, or NULL */
} TestEnv;

static char *replace_all(const char *s, const char *what, const char *with)
{
    g_auto(GStrv) parts = g_strsplit(s, what, -1);

    return g_strjoinv(with, parts);
}

static char *expand_config(const TestEnv *env, const char *config)
{
    char *s = g_strdup(config);

    for (int i = 0; i < FILE_COUNT; i++) {
        char *t = replace_all(s, file_tags[i][0], env->files[i]);

        g_free(s);
        s = t;
    }
    return s;
}

/*
 * argv for one run: @prog (NULL: none, for virt_cmdline_parse), for
 * virtboard the oracle's release, the configuration with the dump options
 * added to -M, then the fixed tail.
 */
/* Can the oracle's release turn the random /chosen properties off? */
static bool oracle_has_dtb_randomness(void)
{
    return test_release_has_dtb_randomness(qts_qemu_release());
}

static GPtrArray *make_argv(const char *prog, bool for_virtboard,
                            char **words, const char *dtb)
{
    static const char *const tail[] = {
        "-accel", "tcg", "-display", "none", "-nodefaults",
    };
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    bool machine_next = false;

    if (prog != NULL) {
        g_ptr_array_add(argv, g_strdup(prog));
    }
    if (for_virtboard && qts_qemu_release() != NULL) {
        g_ptr_array_add(argv, g_strdup("--qemu-version"));
        g_ptr_array_add(argv, g_strdup(qts_qemu_release()));
    }
    for (int i = 0; words[i] != NULL; i++) {
        if (machine_next) {
            g_ptr_array_add(argv, g_strdup_printf(
                "%s,dumpdtb=%s%s", words[i], dtb,
                oracle_has_dtb_randomness() ? ",dtb-randomness=off" : ""));
        } else {
            g_ptr_array_add(argv, g_strdup(words[i]));
        }
        machine_next = !strcmp(words[i], "-M") ||
                       !strcmp(words[i], "-machine");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(tail); i++) {
        g_ptr_array_add(argv, g_strdup(tail[i]));
    }
    g_ptr_array_add(argv, NULL);
    return argv;
}

/* Run @argv; on failure append why to @log */
static bool run_ex(char **argv, char **out, char **err_out, GString *log);

static bool run(char **argv, char **out, GString *log)
{
    return run_ex(argv, out, NULL, log);
}

/* ... and hand its standard error to @err_out */
static bool run_ex(char **argv, char **out, char **err_out, GString *log)
{
    g_autofree char *so = NULL;
    g_autofree char *se = NULL;
    g_autoptr(GError) err = NULL;
    int status;

    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &so, &se,
                      &status, &err)) {
        g_string_append_printf(log, "  cannot run %s: %s\n", argv[0],
                               err->message);
        return false;
    }
    if (!g_spawn_check_wait_status(status, &err)) {
        g_string_append_printf(log, "  %s failed (%s):\n%s", argv[0],
                               err->message, se);
        return false;
    }
    if (out != NULL) {
        *out = g_steal_pointer(&so);
    }
    if (err_out != NULL) {
        *err_out = g_steal_pointer(&se);
    }
    return true;
}

/*
 * The lines of @text that start with @prefix + "warning: Machine type '"
 * or "warning: Deprecated CPU topology" (the warnings virtboard models:
 * deprecated types, 7.2's -smp value of 0; not, e.g., QEMU's ACPI table
 * size warning), each with @prefix made "virtboard: "
 */
static char *type_warnings(const char *text, const char *prefix)
{
    g_autofree char *start = g_strconcat(prefix, "warning: Machine type '",
                                         NULL);
    g_autofree char *smp = g_strconcat(prefix,
                                       "warning: Deprecated CPU topology",
                                       NULL);
    g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
    GString *out = g_string_new(NULL);

    for (int i = 0; lines[i] != NULL; i++) {
        if (g_str_has_prefix(lines[i], start) ||
            g_str_has_prefix(lines[i], smp)) {
            g_string_append_printf(out, "virtboard: %s\n",
                                   lines[i] + strlen(prefix));
        }
    }
    return g_string_free(out, FALSE);
}

/*
 * Run QEMU: true when it wrote the DTB; *@err_out is then its standard
 * error (its warnings). When it refuses the configuration, *@refusal is
 * its message: stderr without the program prefix of each line and the
 * final newline, @dtb replaced by "DTB".
 */
static bool run_qemu(char **argv, const char *dtb, char **refusal,
                     char **err_out, GString *log)
{
    g_autofree char *se = NULL;
    g_autoptr(GError) err = NULL;
    g_auto(GStrv) lines = NULL;
    GString *msg;
    int status;

    *refusal = NULL;
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                      NULL, NULL, &se, &status, &err)) {
        g_string_append_printf(log, "  cannot run %s: %s\n", argv[0],
                               err->message);
        return false;
    }
    if (g_spawn_check_wait_status(status, NULL)) {
        *err_out = g_steal_pointer(&se);
        return true;
    }
    if (!WIFEXITED(status) || se == NULL || se[0] == '\0') {
        g_string_append_printf(log, "  %s failed (wait status %d):\n%s",
                               argv[0], status, se ? se : "");
        return false;
    }
    msg = g_string_new(NULL);
    lines = g_strsplit(g_strchomp(se), "\n", -1);
    for (int i = 0; lines[i] != NULL; i++) {
        const char *l = lines[i];
        const char *prefix = "qemu-system-aarch64: ";

        if (g_str_has_prefix(l, prefix)) {
            l += strlen(prefix);
        }
        g_string_append_printf(msg, "%s%s", i ? "\n" : "", l);
    }
    *refusal = replace_all(msg->str, dtb, "DTB");
    g_string_free(msg, TRUE);
    return false;
}

static char *decompile(const TestEnv *env, const char *dtb, GString *log)
{
    char *argv[] = {
        env->dtc, (char *)"-I", (char *)"dtb", (char *)"-O", (char *)"dts",
        (char *)"-s", (char *)dtb, NULL,
    };
    char *dts = NULL;

    if (!run(argv, &dts, log)) {
        return NULL;
    }
    return dts;
}

static void append_diff(const TestEnv *env, const char *expected,
                        const char *actual, const char *tag, GString *log)
{
    g_autofree char *qpath = g_strdup_printf("%s/%s-qemu.dts", env->dir, tag);
    g_autofree char *vpath = g_strdup_printf("%s/%s-virtboard.dts", env->dir,
                                             tag);
    char *argv[] = { (char *)"diff", (char *)"-u", qpath, vpath, NULL };
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;
    int status;

    if (!g_file_set_contents(qpath, expected, -1, NULL) ||
        !g_file_set_contents(vpath, actual, -1, NULL) ||
        !g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                      NULL, &status, NULL)) {
        g_string_append(log, "  (no diff available)\n");
        return;
    }
    lines = g_strsplit(out, "\n", -1);
    for (int i = 0; lines[i] != NULL && lines[i][0]; i++) {
        if (i == DIFF_MAX_LINES) {
            g_string_append(log, "  ... (diff truncated)\n");
            break;
        }
        g_string_append_printf(log, "  %s\n", lines[i]);
    }
}

/*
 * virtboard's DTB for @argv, through the library. When virtboard refuses
 * the configuration and @refusal is not NULL, *@refusal is its message
 * (@dtb replaced by "DTB") and nothing is logged.
 */
static bool build_with_library(GPtrArray *argv, const char *dtb,
                               char **refusal, GString *log)
{
    g_auto(VirtOptions) opts;
    VirtMachineState vms;
    VirtHelpRequest help = VIRT_HELP_NONE;
    g_autoptr(GError) err = NULL;

    virt_options_init(&opts);
    if (!virt_cmdline_parse(&opts, argv->len - 1, (char **)argv->pdata, &help,
                            &err) ||
        !virt_machine_init(&vms, &opts, &err) ||
        !virt_fdt_write(&vms, opts.dumpdtb, &err)) {
        if (refusal != NULL) {
            *refusal = replace_all(err->message, dtb, "DTB");
        } else {
            g_string_append_printf(log, "  virtboard: %s\n", err->message);
        }
        return false;
    }
    return true;
}

/* QEMU refused: virtboard must refuse with the same message */
static int compare_refusal(const TestEnv *env, int idx, char **words,
                           const char *qrefusal, GString *log)
{
    g_autofree char *vdtb = g_strdup_printf("%s/%d-virtboard.dtb", env->dir,
                                            idx);
    g_autofree char *cdtb = g_strdup_printf("%s/%d-cli.dtb", env->dir, idx);
    g_autofree char *vrefusal = NULL;
    g_autoptr(GPtrArray) vargv = make_argv(NULL, true, words, vdtb);

    if (build_with_library(vargv, vdtb, &vrefusal, log)) {
        g_string_append_printf(log, "  QEMU refuses it, virtboard "
                               "accepts it; QEMU: %s\n", qrefusal);
        return CASE_FAIL;
    }
    if (strcmp(qrefusal, vrefusal) != 0) {
        g_string_append_printf(log, "  both refuse it, with different "
                               "messages:\n  QEMU:      %s\n  virtboard: "
                               "%s\n", qrefusal, vrefusal);
        return CASE_FAIL;
    }
    if (env->virtboard != NULL && idx % CLI_EVERY == 0) {
        g_autoptr(GPtrArray) cargv = make_argv(env->virtboard, true, words,
                                               cdtb);
        g_autofree char *se = NULL;
        g_autofree char *first = NULL;
        g_autofree char *want = NULL;
        int status = 0;

        want = g_strdup_printf("virtboard: %.*s", (int)strcspn(qrefusal,
                                                                 "\n"),
                               qrefusal);
        if (!g_spawn_sync(NULL, (char **)cargv->pdata, NULL,
                          G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &se,
                          &status, NULL) ||
            g_spawn_check_wait_status(status, NULL)) {
            g_string_append(log, "  the virtboard CLI does not refuse "
                                 "it\n");
            return CASE_FAIL;
        }
        first = replace_all(se ? se : "", cdtb, "DTB");
        first[strcspn(first, "\n")] = '\0';
        if (strcmp(first, want) != 0) {
            g_string_append_printf(log, "  the virtboard CLI says \"%s\", "
                                   "not \"%s\"\n", first, want);
            return CASE_FAIL;
        }
    }
    return CASE_PASS_REFUSED;
}

static bool same_bytes(const char *a, const char *b)
{
    g_autofree char *da = NULL;
    g_autofree char *db = NULL;
    gsize la, lb;

    return g_file_get_contents(a, &da, &la, NULL) &&
           g_file_get_contents(b, &db, &lb, NULL) && la == lb &&
           memcmp(da, db, la) == 0;
}

/* One configuration: the child process's work */
static int run_case(const TestEnv *env, int idx, GString *log)
{
    g_autofree char *config = expand_config(env, config_at(idx));
    g_autofree char *qdtb = g_strdup_printf("%s/%d-qemu.dtb", env->dir, idx);
    g_autofree char *vdtb = g_strdup_printf("%s/%d-virtboard.dtb", env->dir,
                                            idx);
    g_autofree char *cdtb = g_strdup_printf("%s/%d-cli.dtb", env->dir, idx);
    g_autofree char *tag = g_strdup_printf("%d", idx);
    g_autofree char *ctag = g_strdup_printf("%d-cli", idx);
    g_autofree char *qdts = NULL;
    g_autofree char *vdts = NULL;
    g_autofree char *qerr = NULL;
    g_autofree char *want = NULL;
    g_auto(GStrv) words = NULL;
    g_autoptr(GPtrArray) qargv = NULL;
    g_autoptr(GPtrArray) vargv = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *qrefusal = NULL;
    bool bytes;

    g_autofree char *sock = g_strdup_printf("%s/%d-swtpm.sock", env->dir,
                                            idx);
    g_autofree char *tpmstate = g_strdup_printf("%s/%d-tpm", env->dir, idx);
    GPid swtpm = 0;
    bool qemu_ok;

    if (strstr(config, "@TPM@") != NULL) {
        g_autofree char *tpm = qts_swtpm_options(sock);
        char *t = replace_all(config, "@TPM@", tpm);

        g_free(config);
        config = t;
        swtpm = qts_swtpm_start(sock, tpmstate, &err);
        if (swtpm == 0) {
            g_string_append_printf(log, "  needs swtpm: %s\n", err->message);
            return g_strcmp0(g_getenv("CI"), "true") == 0 ? CASE_FAIL
                                                          : CASE_SKIP;
        }
    }
    if (!g_shell_parse_argv(config, NULL, &words, &err)) {
        qts_swtpm_stop(swtpm);
        g_string_append_printf(log, "  bad configuration: %s\n", err->message);
        return CASE_FAIL;
    }
    qargv = make_argv(env->qemu, false, words, qdtb);
    qemu_ok = run_qemu((char **)qargv->pdata, qdtb, &qrefusal, &qerr, log);
    qts_swtpm_stop(swtpm);
    if (!qemu_ok) {
        return qrefusal ? compare_refusal(env, idx, words, qrefusal, log)
                        : CASE_FAIL;
    }

    vargv = make_argv(NULL, true, words, vdtb);
    if (!build_with_library(vargv, vdtb, NULL, log)) {
        return CASE_FAIL;
    }
    if (!oracle_has_dtb_randomness()) {
        g_autoptr(GString) qnodes = g_string_new(NULL);
        g_autoptr(GString) vnodes = g_string_new(NULL);

        if (!test_dtb_zero_kaslr_seed(qdtb, qnodes, log) ||
            !test_dtb_zero_kaslr_seed(vdtb, vnodes, log)) {
            return CASE_FAIL;
        }
        if (strcmp(qnodes->str, vnodes->str) != 0) {
            g_string_append_printf(log, "  kaslr-seed in %s(QEMU), in "
                                   "%s(virtboard)\n",
                                   qnodes->str, vnodes->str);
            return CASE_FAIL;
        }
    }
    if ((qdts = decompile(env, qdtb, log)) == NULL ||
        (vdts = decompile(env, vdtb, log)) == NULL) {
        return CASE_FAIL;
    }
    if (strcmp(qdts, vdts) != 0) {
        g_string_append(log, "  dtc -s output differs (- QEMU, + virtboard):\n");
        append_diff(env, qdts, vdts, tag, log);
        return CASE_FAIL;
    }
    bytes = same_bytes(qdtb, vdtb);

    /* QEMU's warnings (type_warnings()): the CLI must print them */
    want = type_warnings(qerr, "qemu-system-aarch64: ");
    if (env->virtboard != NULL && (idx % CLI_EVERY == 0 || want[0])) {
        g_autoptr(GPtrArray) cargv = make_argv(env->virtboard, true,
                                                   words, cdtb);
        g_autofree char *cdts = NULL;
        g_autofree char *cerr = NULL;
        g_autofree char *got = NULL;

        g_autoptr(GString) cnodes = g_string_new(NULL);

        if (!run_ex((char **)cargv->pdata, NULL, &cerr, log) ||
            (!oracle_has_dtb_randomness() &&
             !test_dtb_zero_kaslr_seed(cdtb, cnodes, log)) ||
            (cdts = decompile(env, cdtb, log)) == NULL) {
            g_string_append(log, "  (through the virtboard CLI)\n");
            return CASE_FAIL;
        }
        got = type_warnings(cerr, "virtboard: ");
        if (strcmp(want, got) != 0) {
            g_string_append_printf(log, "  warnings differ: "
                                   "QEMU \"%s\", the virtboard CLI "
                                   "\"%s\"\n",
                                   qerr ? qerr : "", cerr ? cerr : "");
            return CASE_FAIL;
        }
        if (strcmp(qdts, cdts) != 0) {
            g_string_append(log, "  the virtboard CLI's dtc -s output "
                                 "differs (- QEMU, + CLI):\n");
            append_diff(env, qdts, cdts, ctag, log);
            return CASE_FAIL;
        }
        bytes = bytes && same_bytes(qdtb, cdtb);
    }
    return bytes ? CASE_PASS_BYTES : CASE_PASS;
}

static bool make_file(const char *path, gsize size, guint8 seed)
{
    g_autofree guint8 *data = g_malloc(size);

    for (gsize i = 0; i < size; i++) {
        data[i] = (guint8)(seed + i * 7 + (i >> 8));
    }
    return g_file_set_contents(path, (const char *)data, size, NULL);
}

/* @head_size bytes of @head, then a hole up to @total bytes */
static bool make_sparse(const char *path, const guint8 *head,
                        gsize head_size, goffset total)
{
    return g_file_set_contents(path, (const char *)head, head_size, NULL) &&
           truncate(path, total) == 0;
}

/*
 * An arm64 Image: the 64-byte header (text_offset at 8, image_size at 16,
 * little-endian, "ARM\x64" at 56) and a hole up to @total bytes.
 */
static bool make_image(const char *path, guint64 text_offset,
                       guint64 image_size, goffset total)
{
    guint8 head[64] = { 0 };

    for (int i = 0; i < 8; i++) {
        head[8 + i] = (guint8)(text_offset >> (8 * i));
        head[16 + i] = (guint8)(image_size >> (8 * i));
    }
    memcpy(head + 56, "ARM\x64", 4);
    return make_sparse(path, head, sizeof(head), total);
}

static int skip_or_fail(const char *why)
{
    const char *ci = g_getenv("CI");

    if (ci != NULL && !strcmp(ci, "true")) {
        printf("virt-dtb-test: %s; required under CI=true\n", why);
        return 1;
    }
    printf("SKIP: virt-dtb-test: %s\n", why);
    return 77;
}

static void env_clear(TestEnv *env)
{
    g_free(env->qemu);
    g_free(env->dtc);
    g_free(env->dir);
    for (int i = 0; i < FILE_COUNT; i++) {
        g_free(env->files[i]);
    }
    g_free(env->virtboard);
}

static bool env_init(TestEnv *env, GError **errp)
{
    const char *vb = g_getenv("VIRTBOARD");

    env->dtc = g_find_program_in_path("dtc");
    if (vb && *vb && g_file_test(vb, G_FILE_TEST_IS_EXECUTABLE)) {
        env->virtboard = g_strdup(vb);
    }
    env->dir = g_dir_make_tmp("virt-dtb-test-XXXXXX", errp);
    if (env->dir == NULL) {
        return false;
    }
    for (int i = 0; i < FILE_COUNT; i++) {
        env->files[i] = g_build_filename(env->dir, file_tags[i][1], NULL);
    }
    /*
     * A raw kernel (no image header), an initrd, a firmware blob; a raw
     * kernel that reaches past the initrd's usual place (128 MiB); arm64
     * Images whose image_size, not the file, decides where the initrd
     * goes (text_offset 0 is moved up by 2 MiB), and an old one without
     * image_size, placed by its file size.
     */
    if (!make_file(env->files[FILE_K], 12345, 0x10) ||
        !make_file(env->files[FILE_I], 300001, 0x20) ||
        !make_file(env->files[FILE_B], 4096, 0x30) ||
        !make_sparse(env->files[FILE_BK], (const guint8 *)"k", 1,
                     140 * 1024 * 1024 + 1) ||
        !make_image(env->files[FILE_IMG0], 0, 200 * 1024 * 1024, 64) ||
        !make_image(env->files[FILE_IMG8], 0x80000, 200 * 1024 * 1024 + 3,
                    64) ||
        !make_image(env->files[FILE_IMGZ], 0x12345, 0,
                    130 * 1024 * 1024 + 5)) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "cannot create the dummy boot files in %s", env->dir);
        return false;
    }
    return true;
}

typedef struct CaseRun {
    pid_t pid;
    int status;  /* CASE_* once done, -1 while running or not started */
    int wait_status; /* as waitpid() reported it */
    bool selected;
} CaseRun;

static void print_case(const TestEnv *env, int idx, const CaseRun *r)
{
    g_autofree char *logpath = g_strdup_printf("%s/%d.log", env->dir, idx);
    g_autofree char *log = NULL;

    printf("%s %3d: %s%s\n",
           r->status == CASE_FAIL   ? "FAIL"
           : r->status == CASE_SKIP ? "SKIP"
                                    : "PASS",
           idx,
           config_at(idx),
           r->status == CASE_PASS_BYTES     ? " (blob identical)"
           : r->status == CASE_PASS_REFUSED ? " (refused alike)"
                                            : "");
    if (g_file_get_contents(logpath, &log, NULL, NULL) && log[0]) {
        fputs(log, stdout);
    }
    if (WIFSIGNALED(r->wait_status)) {
        printf("  the test process died of signal %d\n",
               WTERMSIG(r->wait_status));
    }
    fflush(stdout);
}

static void child_main(const TestEnv *env, int idx)
{
    g_autofree char *logpath = g_strdup_printf("%s/%d.log", env->dir, idx);
    GString *log = g_string_new(NULL);
    int rc = run_case(env, idx, log);

    g_file_set_contents(logpath, log->str, log->len, NULL);
    g_string_free(log, TRUE);
    _exit(rc);
}

/* Every selected configuration against env->qemu, @jobs at a time */
static void run_matrix(const TestEnv *env, int jobs, const char *filter,
                       int *passed, int *failed, int *identical,
                       int *refused)
{
    const int n = (int)config_list->len;
    g_autofree CaseRun *runs = g_new0(CaseRun, n);
    int next = 0, printed = 0, running = 0, later = 0;

    for (int i = 0; i < n; i++) {
        runs[i].status = -1;
        runs[i].selected = (filter == NULL ||
                            strstr(config_at(i), filter)) &&
                           config_offered(i);
        later += !config_offered(i);
    }
    if (later) {
        printf("# %d configurations need a newer release or a machine type "
               "this QEMU lacks: skipped\n", later);
    }
    while (printed < n) {
        /* Start configurations while there is room */
        while (running < jobs && next < n) {
            if (!runs[next].selected) {
                next++;
                continue;
            }
            runs[next].pid = fork();
            if (runs[next].pid < 0) {
                printf("virt-dtb-test: fork: %s\n", g_strerror(errno));
                exit(1);
            }
            if (runs[next].pid == 0) {
                child_main(env, next);
            }
            running++;
            next++;
        }
        /* Print finished ones in order */
        while (printed < n &&
               (!runs[printed].selected || runs[printed].status >= 0)) {
            if (runs[printed].selected) {
                print_case(env, printed, &runs[printed]);
                if (runs[printed].status == CASE_FAIL) {
                    (*failed)++;
                } else if (runs[printed].status == CASE_SKIP) {
                    /* named by print_case() */
                } else if (runs[printed].status == CASE_PASS_REFUSED) {
                    (*passed)++;
                    (*refused)++;
                } else {
                    (*passed)++;
                    *identical += runs[printed].status == CASE_PASS_BYTES;
                }
            }
            printed++;
        }
        if (running > 0) {
            int status;
            pid_t pid = waitpid(-1, &status, 0);

            if (pid < 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (runs[i].pid == pid && runs[i].status < 0) {
                    runs[i].wait_status = status;
                    runs[i].status = WIFEXITED(status) &&
                                     WEXITSTATUS(status) <= CASE_SKIP
                                         ? WEXITSTATUS(status)
                                         : CASE_FAIL;
                    running--;
                    break;
                }
            }
        }
    }
}

int main(int argc, char **argv)
{
    const int n = config_list_init();
    const char *filter = g_getenv("VIRT_DTB_TEST_FILTER");
    const char *jobs_env = g_getenv("VIRT_DTB_TEST_JOBS");
    int jobs = jobs_env ? atoi(jobs_env) : MAX_JOBS;
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) oracles = NULL;
    TestEnv env = { 0 };
    unsigned oracle_failures = 0;
    int passed = 0, failed = 0, identical = 0, refused = 0;

    jobs = CLAMP(jobs, 1, MAX_JOBS);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!env_init(&env, &err)) {
        printf("virt-dtb-test: %s\n", err->message);
        return 1;
    }
    if (env.dtc == NULL) {
        int rc = skip_or_fail("dtc not found");

        test_rm_rf(env.dir);
        env_clear(&env);
        return rc;
    }
    oracles = qts_require_oracles("virt-dtb-test", &oracle_failures);
    failed = (int)oracle_failures;
    for (guint k = 0; k < oracles->len; k++) {
        const QtsOracle *o = g_ptr_array_index(oracles, k);

        /* the children inherit it: qts_qemu_release() names it there */
        qts_use_oracle(o);
        g_free(env.qemu);
        env.qemu = g_strdup(o->binary);
        printf("virt-dtb-test: %d configurations, qemu %s (%s), "
               "%d at a time%s\n", n, o->version, o->binary, jobs,
               env.virtboard ? ", CLI checked" : "");
        fflush(stdout);
        run_matrix(&env, jobs, filter, &passed, &failed, &identical,
                   &refused);
    }
    qts_use_oracle(NULL);

    if (failed == 0) {
        test_rm_rf(env.dir);
    } else {
        printf("virt-dtb-test: files kept in %s\n", env.dir);
    }
    printf("virt-dtb-test: %d of %d passing configurations have a "
           "byte-identical blob; %d are refused alike\n", identical,
           passed - refused, refused);
    printf("%d passed, %d failed\n", passed, failed);
    env_clear(&env);
    g_ptr_array_unref(config_list);
    g_array_unref(config_since);
    return failed ? 1 : 0;
}
