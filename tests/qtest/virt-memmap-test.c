/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virt-memmap-test: the memory map virtboard plans, checked against a
 * running qemu-system-aarch64 (the oracle).
 *
 * For each configuration the same argv is given to virt_cmdline_parse()
 * + virt_machine_init() and to QEMU. When QEMU refuses the
 * configuration, virtboard must refuse it too, with QEMU's first stderr
 * line (minus the "qemu-system-aarch64: " prefix) as its message. When
 * QEMU accepts it, the addresses virtboard computed are probed over qtest:
 *
 *   - the PCIe host bridge (1b36:0008) answers at the ECAM virtboard
 *     chose, and the other ECAM reads 0;
 *   - the GIC distributor's PIDR2 architecture revision matches the GIC
 *     version (GICv2 only with one vCPU: QEMU 7.2 crashes otherwise);
 *   - every vCPU's redistributor frame (GICv3/v4) is where virtboard puts
 *     it, with the processor number, the affinity virtboard computes and
 *     the Last bit at the end of each region; the frame after the last
 *     one in a region that is not full reads 0;
 *   - ITS / GICv2m frames exist exactly when virtboard says so;
 *   - a PL011 sits at the UART address, the DTB at the RAM base;
 *   - QEMU's live DTB (read from the RAM base): the memory node, the
 *     PCIe reg, bus-range and the I/O, 32-bit and 64-bit MMIO windows,
 *     and the GIC reg (distributor, redistributor regions) agree with
 *     virtboard's plan;
 *   - ACPI (read over fw_cfg): MCFG ECAM base and bus range, MADT GICD
 *     version and GICR regions agree with virtboard's plan.
 *
 * When $VIRTBOARD names the CLI (meson sets it), the CLI is run with the
 * same argv too: it must succeed when QEMU does, and otherwise fail with
 * "virtboard: " + QEMU's message as its first stderr line.
 *
 * Expected values come only from QEMU or from the spec tables (device ID
 * registers), never from virtboard itself.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libfdt.h>

#include <glib/gstdio.h>

#include "hw/arm/virt.h"
#include "libqtest-virt.h"
#include "virt/qemu-run.h"
#include "test-util.h"

#define MAX_ARGS 24
/* Replaced by the path of a dummy firmware image */
#define BIOS_ARG "@BIOS@"

/* PCI vendor 0x1b36 (Red Hat), device 0x0008 (PCIe host bridge) */
#define GPEX_ID                 UINT32_C(0x00081b36)
/* PL011 PeriphID0..3 (ARM PL011 TRM; spec dt-acpi.md 4.4) */
static const uint8_t pl011_periph_id[4] = { 0x11, 0x10, 0x14, 0x00 };

#define GICD_PIDR2_V2           0xfe8
#define GICD_PIDR2_V3           0xffe8
#define GITS_PIDR2              0xffe8
#define V2M_MSI_TYPER           0x008
#define GICR_TYPER              0x008
#define GICR_TYPER_PLPIS        (UINT64_C(1) << 0)
#define GICR_TYPER_VLPIS        (UINT64_C(1) << 1)
#define GICR_TYPER_LAST         (UINT64_C(1) << 4)

#define FDT_MAGIC_LE            UINT32_C(0xedfe0dd0) /* d00dfeed, BE */
/* QEMU's FDT_MAX_SIZE: the live DTB is never larger */
#define DTB_MAX_SIZE            0x100000

/* PCI "ranges" space codes (phys.hi bits 25:24) */
#define PCI_SPACE_IO            1
#define PCI_SPACE_MMIO32        2
#define PCI_SPACE_MMIO64        3

typedef struct MemmapCase {
    const char *name;
    bool refused;               /* per spec: QEMU 7.2 refuses it */
    const char *args[MAX_ARGS]; /* NULL-terminated */
    const char *accepted_since; /* refused: the first release accepting
                                 * it (NULL: every release refuses it) */
    const char *since;          /* the first release that has what it
                                 * uses (NULL: every release) */
    const char *refused_since;  /* accepted: the first release refusing
                                 * it (NULL: none) */
    const char *opposite_in;    /* a release with the opposite verdict:
                                 * 5.2, before the reduced-IPA series */
} MemmapCase;

/*
 * The verdicts are 7.2's; "5.2" in opposite_in marks the rows QEMU 5.2
 * decides the other way: no neoverse-n1 or GICv4, TCG's GICv3 with one
 * redistributor region (124+ vCPUs refused), maps past a 40-bit CPU's
 * PA range refused ("VCPU supports less PA bits"), machine types newer
 * than virt-5.2 unknown, highmem=off without the 32-bit cap.
 */
/* clang-format off */
static const MemmapCase cases[] = {
    /* CPU models: 40/44/48/52-bit PA, AArch32 LPAE (40) */
    { "a53", false, { "-M", "virt", "-cpu", "cortex-a53", "-m", "1G" } },
    { "a57", false, { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G" } },
    { "a72", false, { "-M", "virt", "-cpu", "cortex-a72", "-m", "1G" } },
    { "n1", false, { "-M", "virt", "-cpu", "neoverse-n1", "-m", "1G" },
      NULL, NULL, NULL, "5.2" },
    { "max", false, { "-M", "virt", "-cpu", "max", "-m", "1G" } },
    { "a15", false, { "-M", "virt", "-cpu", "cortex-a15", "-m", "1G" } },
    { "a7", false, { "-M", "virt", "-cpu", "cortex-a7", "-m", "1G" } },
    { "default-cpu", false, { "-M", "virt", "-m", "1G" } },
    /* highmem=off */
    { "a57-highmem-off", false,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a57", "-m", "1G" } },
    { "max-highmem-off", false,
      { "-M", "virt,highmem=off", "-cpu", "max", "-m", "1G" } },
    { "a15-highmem-off", false,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a15", "-m", "1G" } },
    { "highmem-off-memtop-4G", false,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=2G" } },
    /* GICv2 */
    { "gicv2-smp8", false,
      { "-M", "virt,gic-version=2", "-cpu", "cortex-a57", "-m", "1G",
        "-smp", "8" } },
    { "gicv2-virt", false,
      { "-M", "virt,virtualization=on", "-cpu", "max", "-m", "1G" } },
    { "gicv2-secure", false,
      { "-M", "virt,secure=on", "-cpu", "cortex-a57", "-m", "1G" } },
    /* GICv3 */
    { "gicv3-smp4", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
        "-smp", "4" } },
    { "gicv3-its-off", false,
      { "-M", "virt,gic-version=3,its=off", "-cpu", "max", "-m", "1G",
        "-smp", "2" } },
    { "gicv3-a15", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a15", "-m", "1G",
        "-smp", "4" } },
    { "gicv3-topology", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "16,sockets=2,cores=4,threads=2" } },
    { "gicv3-maxcpus", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,maxcpus=8" } },
    { "gicv3-smp123", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "123" } },
    { "gicv3-smp124", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "gicv3-smp200", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
        "-smp", "200" }, NULL, NULL, NULL, "5.2" },
    { "gicv3-smp512", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "512" }, NULL, NULL, NULL, "5.2" },
    { "gicv3-highmem-off-smp123", false,
      { "-M", "virt,gic-version=3,highmem=off", "-cpu", "max", "-m", "1G",
        "-smp", "123" } },
    /* GICv4 (needs virtualization=on) */
    { "gicv4-smp61", false,
      { "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G", "-smp", "61" }, NULL, NULL, NULL, "5.2" },
    { "gicv4-smp62", false,
      { "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "gicv4-smp317", false,
      { "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G", "-smp", "317" }, NULL, NULL, NULL, "5.2" },
    { "gicv4-its-off", false,
      { "-M", "virt,gic-version=4,virtualization=on,its=off", "-cpu", "max",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    /* Large address spaces (memmap.md section 8.1) */
    { "a57-maxmem-254G", false,
      { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G,slots=1,maxmem=254G" } },
    { "a57-maxmem-255G", false,
      { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G,slots=1,maxmem=255G" } },
    { "a53-slots4-maxmem-700G", false,
      { "-M", "virt", "-cpu", "cortex-a53", "-m", "1G,slots=4,maxmem=700G" },
      NULL, NULL, NULL, "5.2" },
    { "a53-maxmem-509G", false,
      { "-M", "virt", "-cpu", "cortex-a53", "-m", "1G,slots=1,maxmem=509G" } },
    { "a53-maxmem-520G", false,
      { "-M", "virt", "-cpu", "cortex-a53", "-m", "1G,slots=1,maxmem=520G" },
      NULL, NULL, NULL, "5.2" },
    { "a57-maxmem-520G", false,
      { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G,slots=1,maxmem=520G" } },
    { "a72-maxmem-520G", false,
      { "-M", "virt", "-cpu", "cortex-a72", "-m", "1G,slots=1,maxmem=520G" } },
    { "a53-maxmem-1021G", false,
      { "-M", "virt", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1021G" }, NULL, NULL, NULL, "5.2" },
    { "a53-maxmem-1022G", false,
      { "-M", "virt", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1022G" }, NULL, NULL, NULL, "5.2" },
    { "a57-maxmem-1022G", false,
      { "-M", "virt", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G" } },
    { "n1-maxmem-1100G", false,
      { "-M", "virt", "-cpu", "neoverse-n1",
        "-m", "1G,slots=1,maxmem=1100G" }, NULL, NULL, NULL, "5.2" },
    { "max-maxmem-4000G", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G,slots=1,maxmem=4000G" } },
    { "a15-maxmem-600G", false,
      { "-M", "virt", "-cpu", "cortex-a15", "-m", "1G,slots=1,maxmem=600G" } },
    { "max-slots256-maxmem-2T", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G,slots=256,maxmem=2T" } },
    { "gicv3-a57-maxmem-16000G-smp124", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=16000G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "gicv3-a53-maxmem-1000G-smp124", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1000G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "gicv4-max-maxmem-1100G-smp100", false,
      { "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G,slots=1,maxmem=1100G", "-smp", "100" }, NULL, NULL, NULL, "5.2" },
    /* Firmware: a 32-bit CPU booting firmware gets the low ECAM */
    { "a15-bios", false,
      { "-M", "virt", "-cpu", "cortex-a15", "-m", "1G", "-bios", BIOS_ARG } },
    { "a57-bios", false,
      { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G", "-bios", BIOS_ARG } },
    /* Machine types */
    { "virt-2.12", false,
      { "-M", "virt-2.12", "-cpu", "cortex-a57", "-m", "1G" } },
    { "virt-3.0", false,
      { "-M", "virt-3.0", "-cpu", "cortex-a57", "-m", "1G" } },
    { "virt-7.1-gicv3-smp124", false,
      { "-M", "virt-7.1,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    /*
     * Every machine type without and with hot-plug (a 44-bit CPU with
     * RAM + slots near 1 TiB, so the high regions move), the GIC version
     * turning over so that each one meets each hot-plug state; with
     * hot-plug, GICv3/v4 fill the low redistributor region and spill
     * into REDIST2.
     */
    { "mt-7.2-gicv2", false,
      { "-M", "virt-7.2,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" }, NULL, NULL, NULL, "5.2" },
    { "mt-7.2-gicmax-hp", false,
      { "-M", "virt-7.2,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" }, NULL, NULL, NULL, "5.2" },
    { "mt-7.1-gicv3", false,
      { "-M", "virt-7.1,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "4" }, NULL, NULL, NULL, "5.2" },
    { "mt-7.1-gicv4-hp", false,
      { "-M", "virt-7.1,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "mt-7.0-gicmax", false,
      { "-M", "virt-7.0,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-7.0-gicv2-hp", false,
      { "-M", "virt-7.0,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "1" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.2-gicv4", false,
      { "-M", "virt-6.2,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.2-gicv3-hp", false,
      { "-M", "virt-6.2,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.1-gicv2", false,
      { "-M", "virt-6.1,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.1-gicmax-hp", false,
      { "-M", "virt-6.1,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.0-gicv3", false,
      { "-M", "virt-6.0,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "4" }, NULL, NULL, NULL, "5.2" },
    { "mt-6.0-gicv4-hp", false,
      { "-M", "virt-6.0,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "mt-5.2-gicmax", false,
      { "-M", "virt-5.2,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" } },
    { "mt-5.2-gicv2-hp", false,
      { "-M", "virt-5.2,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "1" } },
    { "mt-5.1-gicv4", false,
      { "-M", "virt-5.1,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-5.1-gicv3-hp", false,
      { "-M", "virt-5.1,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "mt-5.0-gicv2", false,
      { "-M", "virt-5.0,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" } },
    { "mt-5.0-gicmax-hp", false,
      { "-M", "virt-5.0,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" } },
    { "mt-4.2-gicv3", false,
      { "-M", "virt-4.2,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "4" } },
    { "mt-4.2-gicv4-hp", false,
      { "-M", "virt-4.2,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "mt-4.1-gicmax", false,
      { "-M", "virt-4.1,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" } },
    { "mt-4.1-gicv2-hp", false,
      { "-M", "virt-4.1,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "1" } },
    { "mt-4.0-gicv4", false,
      { "-M", "virt-4.0,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-4.0-gicv3-hp", false,
      { "-M", "virt-4.0,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "mt-3.1-gicv2", false,
      { "-M", "virt-3.1,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" } },
    { "mt-3.1-gicmax-hp", false,
      { "-M", "virt-3.1,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" } },
    { "mt-3.0-gicv3", false,
      { "-M", "virt-3.0,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "4" } },
    { "mt-3.0-gicv4-hp", false,
      { "-M", "virt-3.0,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.12-gicmax", false,
      { "-M", "virt-2.12,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" } },
    { "mt-2.12-gicv2-hp", false,
      { "-M", "virt-2.12,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "1" } },
    { "mt-2.11-gicv4", false,
      { "-M", "virt-2.11,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.11-gicv3-hp", false,
      { "-M", "virt-2.11,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.10-gicv2", false,
      { "-M", "virt-2.10,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" } },
    { "mt-2.10-gicmax-hp", false,
      { "-M", "virt-2.10,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" } },
    { "mt-2.9-gicv3", false,
      { "-M", "virt-2.9,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "4" } },
    { "mt-2.9-gicv4-hp", false,
      { "-M", "virt-2.9,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "62" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.8-gicmax", false,
      { "-M", "virt-2.8,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" } },
    { "mt-2.8-gicv2-hp", false,
      { "-M", "virt-2.8,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "1" } },
    { "mt-2.7-gicv4", false,
      { "-M", "virt-2.7,gic-version=4,virtualization=on", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "2" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.7-gicv3-hp", false,
      { "-M", "virt-2.7,gic-version=3", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, NULL, NULL, "5.2" },
    { "mt-2.6-gicv2", false,
      { "-M", "virt-2.6,gic-version=2", "-cpu", "cortex-a57",
        "-m", "1G", "-smp", "1" } },
    { "mt-2.6-gicmax-hp", false,
      { "-M", "virt-2.6,gic-version=max", "-cpu", "cortex-a57",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "4" } },
    /*
     * Refusals (memmap.md sections 3.9 and 8.1). 5.2 accepts the
     * highmem=off ones (no 32-bit cap) and the 32-bit CPU past 40 bits
     * (nothing checks its PA range).
     */
    { "refuse-highmem-off-m4G", true,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a57", "-m", "4G" },
      NULL, NULL, NULL, "5.2" },
    { "refuse-highmem-off-4G", true,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a57",
        "-m", "1G,slots=2,maxmem=2G" }, NULL, NULL, NULL, "5.2" },
    { "refuse-highmem-off-1500M", true,
      { "-M", "virt,highmem=off", "-cpu", "cortex-a57",
        "-m", "1500M,slots=1,maxmem=2G" }, NULL, NULL, NULL, "5.2" },
    { "refuse-a53-maxmem-1100G", true,
      { "-M", "virt", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1100G" } },
    { "refuse-a53-maxmem-16383P", true,
      { "-M", "virt", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=16383P" } },
    { "refuse-a15-maxmem-2000G", true,
      { "-M", "virt", "-cpu", "cortex-a15",
        "-m", "1G,slots=1,maxmem=2000G" }, NULL, NULL, NULL, "5.2" },
    { "refuse-maxmem-too-huge", true,
      { "-M", "virt", "-cpu", "max",
        "-m", "1G,slots=1,maxmem=18446744072635809792" } },
    { "refuse-maxmem-equal", true,
      { "-M", "virt", "-cpu", "max", "-m", "1G,slots=1,maxmem=1G" } },
    { "refuse-slots-257", true,
      { "-M", "virt", "-cpu", "max", "-m", "1G,slots=257,maxmem=300G" } },
    /* 10.0 picks GICv3 without gic-version for more than 8 vCPUs */
    { "refuse-gicv2-default-smp9", true,
      { "-M", "virt", "-cpu", "cortex-a57", "-m", "1G", "-smp", "9" },
      "10.0" },
    { "refuse-gicv2-smp9", true,
      { "-M", "virt,gic-version=2", "-cpu", "max", "-m", "1G",
        "-smp", "9" } },
    { "refuse-gicv3-highmem-off-smp124", true,
      { "-M", "virt,gic-version=3,highmem=off", "-cpu", "max", "-m", "1G",
        "-smp", "124" } },
    { "refuse-gicv3-a53-maxmem-1022G-smp124", true,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" } },
    { "refuse-gicv4-no-virt", true,
      { "-M", "virt,gic-version=4", "-cpu", "max", "-m", "1G" } },
    { "refuse-gicv4-smp318", true,
      { "-M", "virt,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G", "-smp", "318" } },
    { "refuse-gicv3-smp513", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "513" } },
    { "refuse-gicv3-smp124-maxcpus513", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "124,maxcpus=513" } },
    /*
     * CPU models QEMU knows but the board refuses, per release: 7.2 and
     * 10.0 do not know cortex-a78ae, 11.1 no longer knows pxa250
     */
    { "refuse-cpu-cortex-a78ae", true,
      { "-M", "virt", "-cpu", "cortex-a78ae", "-m", "1G" } },
    { "refuse-cpu-cortex-r52", true,
      { "-M", "virt", "-cpu", "cortex-r52", "-m", "1G" } },
    { "refuse-cpu-pxa250", true,
      { "-M", "virt", "-cpu", "pxa250", "-m", "1G" } },
    /* each release's text for a bad gic-version (11.1 lists x-5) */
    { "refuse-gic-version-foo", true,
      { "-M", "virt,gic-version=foo", "-cpu", "max", "-m", "1G" } },
    /* 11.1: its machine types, msi, virtio-mmio-transports */
    { "mt-11.0-gicv3-hp", false,
      { "-M", "virt-11.0,gic-version=3", "-cpu", "max",
        "-m", "1G,slots=2,maxmem=8G", "-smp", "4" }, NULL, "11.1" },
    { "mt-10.1-gicv4", false,
      { "-M", "virt-10.1,gic-version=4,virtualization=on", "-cpu", "max",
        "-m", "1G", "-smp", "2" }, NULL, "11.1" },
    { "mt-8.1-deprecated", false,
      { "-M", "virt-8.1", "-cpu", "cortex-a57", "-m", "1G" }, NULL, "11.1" },
    { "msi-gicv2m-gicv3", false,
      { "-M", "virt,gic-version=3,msi=gicv2m", "-cpu", "max", "-m", "1G",
        "-smp", "2" }, NULL, "11.1" },
    { "msi-its-gicv3", false,
      { "-M", "virt,gic-version=3,msi=its,its=off", "-cpu", "max",
        "-m", "1G" }, NULL, "11.1" },
    { "msi-off-gicv3", false,
      { "-M", "virt,gic-version=3,msi=off", "-cpu", "max", "-m", "1G" },
      NULL, "11.1" },
    { "msi-auto-its-off", false,
      { "-M", "virt,gic-version=3,its=off,msi=auto", "-cpu", "cortex-a72",
        "-m", "1G,slots=1,maxmem=600G" }, NULL, "11.1" },
    { "msi-off-gicv2", false,
      { "-M", "virt,msi=off", "-cpu", "cortex-a15", "-m", "1G" },
      NULL, "11.1" },
    { "msi-gicv2m-6.1-gicv3", false,
      { "-M", "virt-6.1,gic-version=3,msi=gicv2m", "-cpu", "max",
        "-m", "1G" }, NULL, "11.1" },
    { "virtio-mmio-0", false,
      { "-M", "virt,virtio-mmio-transports=0", "-cpu", "max", "-m", "1G" },
      NULL, "11.1" },
    { "virtio-mmio-8-gicv3", false,
      { "-M", "virt,virtio-mmio-transports=8,gic-version=3", "-cpu",
        "cortex-a53", "-m", "1G,slots=1,maxmem=300G", "-smp", "8" },
      NULL, "11.1" },
    { "refuse-msi-its-gicv2", true,
      { "-M", "virt,msi=its", "-cpu", "max", "-m", "1G" }, NULL, "11.1" },
    { "refuse-its-on-gicv2", true,
      { "-M", "virt,gic-version=2,its=on", "-cpu", "max", "-m", "1G" },
      NULL, "11.1" },
    { "refuse-msi-foo", true,
      { "-M", "virt,msi=foo", "-cpu", "max", "-m", "1G" }, NULL, "11.1" },
    { "refuse-virtio-mmio-33", true,
      { "-M", "virt,virtio-mmio-transports=33", "-cpu", "max", "-m", "1G" },
      NULL, "11.1" },
    { "refuse-virtio-mmio-256", true,
      { "-M", "virt,virtio-mmio-transports=256", "-cpu", "max",
        "-m", "1G" }, NULL, "11.1" },
    { "refuse-virtio-mmio-x", true,
      { "-M", "virt,virtio-mmio-transports=x", "-cpu", "max", "-m", "1G" },
      NULL, "11.1" },
    { "refuse-msi-gicv3-a53-maxmem-1022G-smp124", true,
      { "-M", "virt,gic-version=3,msi=gicv2m", "-cpu", "cortex-a53",
        "-m", "1G,slots=1,maxmem=1022G", "-smp", "124" }, NULL, "11.1" },
    /*
     * A -smp value of 0: 7.2 counts it as omitted (with a warning),
     * 10.0 and 11.1 refuse it; 5.2 counts it as omitted silently, but
     * has no clusters and refuses a maxcpus below the CPUs
     */
    { "smp-zero-sockets", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,sockets=0" }, NULL, NULL, "10.0" },
    { "smp-zero-cpus", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G", "-smp", "0" },
      NULL, NULL, "10.0" },
    { "smp-zero-maxcpus", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "2,maxcpus=0" }, NULL, NULL, "10.0", "5.2" },
    { "smp-zero-cores-t2", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,cores=0,threads=2" }, NULL, NULL, "10.0" },
    { "smp-zero-clusters", false,
      { "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
        "-smp", "4,clusters=0" }, NULL, NULL, "10.0", "5.2" },
    { "smp-zero-dies", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "2,dies=0" }, NULL, NULL, "10.0" },
    { "smp-zero-cpus-maxcpus4", false,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "cpus=0,maxcpus=4" }, NULL, NULL, "10.0", "5.2" },
    /* the levels the board lacks: each release's text (5.2 ignores dies) */
    { "refuse-smp-dies-2", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,dies=2" }, NULL, NULL, NULL, "5.2" },
    { "refuse-smp-modules-2", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,modules=2" } },
    { "refuse-smp-books-0", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,books=0" } },
    { "smp-drawers-1", true,
      { "-M", "virt,gic-version=3", "-cpu", "max", "-m", "1G",
        "-smp", "4,drawers=1" }, "10.0" },
    /*
     * JSON -device, -object and -netdev (libvirt's syntax): 5.2 reads
     * them as key=value and refuses them, later releases take them
     */
    { "json-device", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G", "-device",
        "{\"driver\":\"virtio-rng-pci\",\"id\":\"r\"}" },
      NULL, NULL, NULL, "5.2" },
    { "json-object", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G", "-object",
        "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\","
        "\"size\":268435456}" },
      NULL, NULL, NULL, "5.2" },
    { "json-netdev", false,
      { "-M", "virt", "-cpu", "max", "-m", "1G", "-netdev",
        "{\"type\":\"user\",\"id\":\"n0\"}" },
      NULL, NULL, NULL, "5.2" },
    /*
     * -device pc-dimm: cold-plugged into the device memory, checked by
     * QEMU after the board (every release, its texts; 10.0+ checks the
     * backend's size before the alignment of addr=)
     */
#define DIMM_OBJ(sz) "-object", "memory-backend-ram,id=m0,size=" sz
    { "dimm", false,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-device", "pc-dimm,memdev=m0" } },
    { "dimm-addr-slot-node", false,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-device", "pc-dimm,memdev=m0,addr=0x90000000,slot=1,node=0" } },
    /*
     * Several DIMMs: addr= where given, the others in the lowest gap that
     * holds them; an addr= on a DIMM placed before is refused (the
     * device memory starts at 0x80000000 with 1G of RAM)
     */
#define DIMM_OBJS "-object", "memory-backend-ram,id=m0,size=256M", \
    "-object", "memory-backend-ram,id=m1,size=256M", \
    "-object", "memory-backend-ram,id=m2,size=1G"
    { "dimm-addr-gaps", false,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=4,maxmem=3G", DIMM_OBJS,
        "-device", "pc-dimm,memdev=m0,addr=0x90000000",
        "-device", "pc-dimm,memdev=m1", "-device", "pc-dimm,memdev=m2" } },
    { "refuse-dimm-addr-conflict", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=4,maxmem=3G", DIMM_OBJS,
        "-device", "pc-dimm,memdev=m0,id=d0",
        "-device", "pc-dimm,memdev=m1,addr=0x88000000" } },
    { "refuse-dimm-addr-conflict-unnamed", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=4,maxmem=3G", DIMM_OBJS,
        "-device", "pc-dimm,memdev=m2,addr=0x80000000",
        "-device", "pc-dimm,memdev=m0,addr=0xa0000000",
        "-device", "pc-dimm,memdev=m1" } },
    { "refuse-dimm-no-firmware", true,
      { "-M", "virt", "-cpu", "max", "-m", "1G,slots=2,maxmem=2G",
        DIMM_OBJ("256M"), "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-no-slots", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG, "-m", "1G",
        DIMM_OBJ("256M"), "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-memdev-unknown", true,
      { "-M", "virt", "-cpu", "max", "-m", "1G",
        "-device", "pc-dimm,memdev=zz" } },
    { "refuse-dimm-no-memdev", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", "-device", "pc-dimm" } },
    { "refuse-dimm-size-1M", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("1M"),
        "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-size-3M-addr-1", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("3M"),
        "-device", "pc-dimm,memdev=m0,addr=0x1" } },
    { "refuse-dimm-exceeds-maxmem", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("2G"),
        "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-addr-outside", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "2G,slots=1,maxmem=3G", DIMM_OBJ("4M"),
        "-device", "pc-dimm,memdev=m0,addr=0x100000000000" } },
    { "refuse-dimm-node-1", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-device", "pc-dimm,memdev=m0,node=1" } },
    { "refuse-dimm-slot-2", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-device", "pc-dimm,memdev=m0,slot=2" } },
    { "refuse-dimm-memdev-twice", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-device", "pc-dimm,memdev=m0", "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-numa-memdev", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "256M,slots=2,maxmem=2G", DIMM_OBJ("256M"),
        "-numa", "node,memdev=m0", "-device", "pc-dimm,memdev=m0" } },
    { "refuse-dimm-no-free-slot", true,
      { "-M", "virt", "-cpu", "max", "-bios", BIOS_ARG,
        "-m", "1G,slots=1,maxmem=2G", DIMM_OBJ("2M"),
        "-device", "pc-dimm,memdev=m0",
        "-device", "pc-dimm,memdev=m0" } },
#undef DIMM_OBJ
};
/* clang-format on */

/* What one configuration's probes compared, and what disagreed */
typedef struct Probe {
    QTestState *qts;
    const VirtMachineState *vms;
    GString *done;
    GString *problems;
    bool broken;                /* the qtest session failed: stop */
} Probe;

static void G_GNUC_PRINTF(2, 3) probe_done(Probe *p, const char *fmt, ...)
{
    va_list ap;

    if (p->done->len > 0) {
        g_string_append(p->done, "; ");
    }
    va_start(ap, fmt);
    g_string_append_vprintf(p->done, fmt, ap);
    va_end(ap);
}

static void G_GNUC_PRINTF(2, 3) probe_fail(Probe *p, const char *fmt, ...)
{
    va_list ap;

    if (p->problems->len > 0) {
        g_string_append(p->problems, "; ");
    }
    va_start(ap, fmt);
    g_string_append_vprintf(p->problems, fmt, ap);
    va_end(ap);
}

static bool probe_io_error(Probe *p, GError *err)
{
    probe_fail(p, "qtest: %s", err->message);
    g_error_free(err);
    p->broken = true;
    return false;
}

static bool probe_readl(Probe *p, uint64_t addr, uint32_t *v)
{
    GError *err = NULL;

    if (p->broken) {
        return false;
    }
    if (!qts_readl(p->qts, addr, v, &err)) {
        return probe_io_error(p, err);
    }
    return true;
}

static bool probe_readq(Probe *p, uint64_t addr, uint64_t *v)
{
    GError *err = NULL;

    if (p->broken) {
        return false;
    }
    if (!qts_readq(p->qts, addr, v, &err)) {
        return probe_io_error(p, err);
    }
    return true;
}

static const MemMapEntry *region(const Probe *p, int idx)
{
    return &p->vms->memmap.entry[idx];
}

/* ---- PCIe ECAM ---- */

static void probe_ecam(Probe *p)
{
    int other_id;
    uint64_t base;
    uint64_t other;
    uint32_t v;

    if (p->vms->ecam_id != VIRT_PCIE_ECAM &&
        p->vms->ecam_id != VIRT_HIGH_PCIE_ECAM) {
        probe_fail(p, "ecam_id %d is neither ECAM", p->vms->ecam_id);
        return;
    }
    other_id = p->vms->ecam_id == VIRT_PCIE_ECAM ? VIRT_HIGH_PCIE_ECAM
                                                 : VIRT_PCIE_ECAM;
    base = region(p, p->vms->ecam_id)->base;
    if (!probe_readl(p, base, &v)) {
        return;
    }
    if (v != GPEX_ID) {
        probe_fail(p, "ECAM 0x%" PRIx64 " reads 0x%08" PRIx32
                   " (no 1b36:0008 host bridge)", base, v);
    }
    other = region(p, other_id)->base;
    if (other != 0) {
        if (!probe_readl(p, other, &v)) {
            return;
        }
        if (v != 0) {
            probe_fail(p, "other ECAM 0x%" PRIx64 " reads 0x%08" PRIx32
                       " (QEMU uses it)", other, v);
        }
    }
    probe_done(p, "ecam 0x%" PRIx64 "=1b36:0008, 0x%" PRIx64 "=0", base,
               other);
}

/* ---- GIC ---- */

static void probe_gic_dist(Probe *p)
{
    uint64_t dist = region(p, VIRT_GIC_DIST)->base;
    int version = p->vms->gic_version;
    uint32_t pidr2;
    uint64_t off;

    if (version == VIRT_GIC_VERSION_2 && p->vms->smp.cpus > 1) {
        /* QEMU 7.2 segfaults on GICv2 accesses without a current CPU */
        probe_done(p, "gicv2 dist not probed (%u cpus)", p->vms->smp.cpus);
        return;
    }
    if (version != VIRT_GIC_VERSION_2 && version != VIRT_GIC_VERSION_3 &&
        version != VIRT_GIC_VERSION_4) {
        probe_fail(p, "gic_version %d unresolved", version);
        return;
    }
    off = version == VIRT_GIC_VERSION_2 ? GICD_PIDR2_V2 : GICD_PIDR2_V3;
    if (!probe_readl(p, dist + off, &pidr2)) {
        return;
    }
    if (((pidr2 >> 4) & 0xf) != (uint32_t)version) {
        probe_fail(p, "GICD PIDR2 at 0x%" PRIx64 " is 0x%" PRIx32
                   ": ArchRev %" PRIu32 ", virtboard says GICv%d",
                   dist + off, pidr2, (pidr2 >> 4) & 0xf, version);
        return;
    }
    probe_done(p, "gicd 0x%" PRIx64 " pidr2 0x%" PRIx32, dist, pidr2);
}

/* GICR_TYPER.Affinity_Value is Aff3.Aff2.Aff1.Aff0; MPIDR has Aff3 high */
static uint32_t mpidr_to_gicr_aff(uint64_t mpidr)
{
    return (uint32_t)(((mpidr >> 32) & 0xff) << 24) |
           (uint32_t)(mpidr & 0xffffff);
}

/*
 * Does QEMU's GICv3/v4 model have LPIs (GICR_TYPER.PLPIS, and VLPIS on
 * GICv4)? Observed on QEMU 7.2 under TCG: on virt-6.2 and later, also
 * with its=off; on virt-6.1 and older (no TCG ITS), never.
 */
static bool gic_has_lpis(const VirtMachineState *vms)
{
    return vms->gic_version != VIRT_GIC_VERSION_2 &&
           vms->accel == VIRT_ACCEL_TCG && !vms->compat.no_tcg_its;
}

/* Address of vCPU @cpu's redistributor frame, and its region's count */
static uint64_t redist_frame(const Probe *p, unsigned cpu, uint64_t stride,
                             unsigned *in_region, unsigned *region_count)
{
    unsigned cpus = p->vms->smp.cpus;
    unsigned low = p->vms->redist_region_count == 2
                       ? MIN(cpus, p->vms->redist_capacity[0])
                       : cpus;

    if (cpu < low) {
        *in_region = cpu;
        *region_count = low;
        return region(p, VIRT_GIC_REDIST)->base + cpu * stride;
    }
    *in_region = cpu - low;
    *region_count = cpus - low;
    return region(p, VIRT_HIGH_GIC_REDIST2)->base + (cpu - low) * stride;
}

static bool probe_one_redist(Probe *p, unsigned cpu, uint64_t stride)
{
    unsigned idx;
    unsigned count;
    uint64_t frame = redist_frame(p, cpu, stride, &idx, &count);
    uint64_t typer;
    uint32_t want_aff;
    bool want_last = idx == count - 1;
    bool want_plpis = gic_has_lpis(p->vms);
    bool want_vlpis = want_plpis && p->vms->gic_version == VIRT_GIC_VERSION_4;

    if (!probe_readq(p, frame + GICR_TYPER, &typer)) {
        return false;
    }
    want_aff = mpidr_to_gicr_aff(virt_cpu_mp_affinity(p->vms, (int)cpu));
    if (((typer >> 8) & 0xffff) != cpu || (typer >> 32) != want_aff ||
        !!(typer & GICR_TYPER_LAST) != want_last ||
        !!(typer & GICR_TYPER_PLPIS) != want_plpis ||
        !!(typer & GICR_TYPER_VLPIS) != want_vlpis) {
        probe_fail(p, "vCPU %u: GICR_TYPER at 0x%" PRIx64 " is 0x%016"
                   PRIx64 ", want processor %u, affinity 0x%" PRIx32
                   "%s%s%s", cpu, frame + GICR_TYPER, typer, cpu, want_aff,
                   want_last ? ", Last" : "",
                   want_plpis ? ", PLPIS" : "",
                   want_vlpis ? ", VLPIS" : "");
        return false;
    }
    return true;
}

/* The frame after a region's last one reads 0 unless the region is full */
static void probe_after_region(Probe *p, int idx, unsigned count,
                               uint64_t stride)
{
    const MemMapEntry *r = region(p, idx);
    uint64_t after = r->base + (uint64_t)count * stride;
    uint64_t typer;

    if (count == 0 || after + stride > r->base + r->size) {
        return;
    }
    if (!probe_readq(p, after + GICR_TYPER, &typer)) {
        return;
    }
    if (typer != 0) {
        probe_fail(p, "%s: frame after the last (0x%" PRIx64 ") reads "
                   "0x%" PRIx64 ": QEMU has more redistributors there",
                   virt_region_name(idx), after, typer);
    }
}

static void probe_redists(Probe *p)
{
    /*
     * A GICv4 frame has the VLPI pages only when the GIC has LPIs: on
     * old machine types QEMU 7.2 packs GICv4 frames at the GICv3 stride,
     * though the regions and their capacity stay as for GICv4.
     */
    uint64_t stride = p->vms->gic_version == VIRT_GIC_VERSION_4 &&
                              gic_has_lpis(p->vms)
                          ? VIRT_GICV4_REDIST_SIZE
                          : VIRT_GICV3_REDIST_SIZE;
    unsigned cpus = p->vms->smp.cpus;
    unsigned idx;
    unsigned count;
    uint64_t last;

    if (p->vms->gic_version == VIRT_GIC_VERSION_2) {
        return;
    }
    if (p->vms->redist_region_count != 1 &&
        p->vms->redist_region_count != 2) {
        probe_fail(p, "redist_region_count %u", p->vms->redist_region_count);
        return;
    }
    for (unsigned cpu = 0; cpu < cpus; cpu++) {
        if (!probe_one_redist(p, cpu, stride)) {
            return;
        }
    }
    last = redist_frame(p, cpus - 1, stride, &idx, &count);
    if (p->vms->redist_region_count == 2) {
        probe_after_region(p, VIRT_HIGH_GIC_REDIST2, count, stride);
    } else {
        probe_after_region(p, VIRT_GIC_REDIST, count, stride);
        /* Nothing of QEMU's at the unused REDIST2 address */
        if (region(p, VIRT_HIGH_GIC_REDIST2)->base != 0) {
            probe_after_region(p, VIRT_HIGH_GIC_REDIST2, 0, stride);
        }
    }
    probe_done(p, "%u redist frames in %u region(s), last 0x%" PRIx64
               " aff 0x%" PRIx32 " Last", cpus, p->vms->redist_region_count,
               last,
               mpidr_to_gicr_aff(virt_cpu_mp_affinity(p->vms,
                                                      (int)cpus - 1)));
}

static void probe_msi(Probe *p)
{
    uint64_t its = region(p, VIRT_GIC_ITS)->base;
    uint64_t v2m = region(p, VIRT_GIC_V2M)->base;
    uint32_t its_pidr2;
    uint32_t typer;

    if (!probe_readl(p, its + GITS_PIDR2, &its_pidr2) ||
        !probe_readl(p, v2m + V2M_MSI_TYPER, &typer)) {
        return;
    }
    if ((its_pidr2 != 0) != p->vms->its) {
        probe_fail(p, "ITS PIDR2 at 0x%" PRIx64 " reads 0x%" PRIx32
                   ", virtboard says its=%d", its + GITS_PIDR2, its_pidr2,
                   p->vms->its);
    }
    if ((typer != 0) != p->vms->v2m) {
        probe_fail(p, "v2m MSI_TYPER at 0x%" PRIx64 " reads 0x%" PRIx32
                   ", virtboard says v2m=%d", v2m + V2M_MSI_TYPER, typer,
                   p->vms->v2m);
    }
    probe_done(p, "its=%d v2m=%d", p->vms->its, p->vms->v2m);
}

/* ---- UART and RAM ---- */

static void probe_uart(Probe *p)
{
    uint64_t base = region(p, VIRT_UART)->base;
    uint32_t v;

    for (unsigned i = 0; i < 4; i++) {
        if (!probe_readl(p, base + 0xfe0 + 4 * i, &v)) {
            return;
        }
        if ((v & 0xff) != pl011_periph_id[i]) {
            probe_fail(p, "UART 0x%" PRIx64 ": PeriphID%u is 0x%" PRIx32
                       " (no PL011)", base, i, v);
            return;
        }
    }
    probe_done(p, "pl011 0x%" PRIx64, base);
}

static void probe_ram(Probe *p)
{
    const MemMapEntry *mem = region(p, VIRT_MEM);
    uint32_t magic;

    if (mem->size != p->vms->ram_size) {
        probe_fail(p, "VIRT_MEM size 0x%" PRIx64 " != ram_size 0x%" PRIx64,
                   mem->size, p->vms->ram_size);
    }
    if (!probe_readl(p, mem->base, &magic)) {
        return;
    }
    if (magic != FDT_MAGIC_LE) {
        probe_fail(p, "no DTB at RAM base 0x%" PRIx64 " (0x%08" PRIx32 ")",
                   mem->base, magic);
        return;
    }
    probe_done(p, "dtb @0x%" PRIx64, mem->base);
}

/* ---- QEMU's live DTB ---- */

static uint64_t fdt_cells64(const fdt32_t *c)
{
    return ((uint64_t)fdt32_to_cpu(c[0]) << 32) | fdt32_to_cpu(c[1]);
}

/* Compare reg pair @i (2 address + 2 size cells) of @prop with @want */
static void dtb_check_reg(Probe *p, const char *what, const fdt32_t *reg,
                          int len, int i, const MemMapEntry *want)
{
    uint64_t base;
    uint64_t size;

    if (reg == NULL || len < (i + 1) * 16) {
        probe_fail(p, "DTB %s: reg #%d missing", what, i);
        return;
    }
    base = fdt_cells64(reg + 4 * i);
    size = fdt_cells64(reg + 4 * i + 2);
    if (base != want->base || size != want->size) {
        probe_fail(p, "DTB %s: reg 0x%" PRIx64 "/0x%" PRIx64 ", virtboard "
                   "0x%" PRIx64 "/0x%" PRIx64, what, base, size, want->base,
                   want->size);
    }
}

static void dtb_check_pcie(Probe *p, const void *fdt)
{
    const MemMapEntry *ecam = region(p, p->vms->ecam_id);
    const fdt32_t *prop;
    bool seen[4] = { false, false, false, false };
    int node;
    int len;

    node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
    if (node < 0) {
        probe_fail(p, "DTB: no pcie node");
        return;
    }
    prop = fdt_getprop(fdt, node, "reg", &len);
    dtb_check_reg(p, "pcie", prop, len, 0, ecam);
    prop = fdt_getprop(fdt, node, "bus-range", &len);
    if (prop == NULL || len != 8 || fdt32_to_cpu(prop[0]) != 0 ||
        fdt32_to_cpu(prop[1]) != ecam->size / VIRT_MiB - 1) {
        probe_fail(p, "DTB pcie: bus-range does not match ECAM size 0x%"
                   PRIx64, ecam->size);
    }
    prop = fdt_getprop(fdt, node, "ranges", &len);
    if (prop == NULL || len % 28 != 0) {
        probe_fail(p, "DTB pcie: bad ranges");
        return;
    }
    /* <phys.hi phys.mid phys.lo> <cpu addr (2)> <size (2)> */
    for (int i = 0; i < len / 28; i++) {
        const fdt32_t *r = prop + 7 * i;
        unsigned space = (fdt32_to_cpu(r[0]) >> 24) & 3;
        uint64_t cpu = fdt_cells64(r + 3);
        uint64_t size = fdt_cells64(r + 5);
        int idx = space == PCI_SPACE_IO       ? VIRT_PCIE_PIO
                  : space == PCI_SPACE_MMIO32 ? VIRT_PCIE_MMIO
                                              : VIRT_HIGH_PCIE_MMIO;
        const MemMapEntry *want = region(p, idx);

        if (space == 0 || seen[space]) {
            probe_fail(p, "DTB pcie: unexpected ranges entry %d", i);
            continue;
        }
        seen[space] = true;
        if (space == PCI_SPACE_MMIO64 && !p->vms->highmem_mmio) {
            probe_fail(p, "DTB pcie: QEMU has a 64-bit window at 0x%" PRIx64
                       ", virtboard highmem_mmio=0", cpu);
        } else if (cpu != want->base || size != want->size) {
            probe_fail(p, "DTB pcie: %s window 0x%" PRIx64 "/0x%" PRIx64
                       ", virtboard 0x%" PRIx64 "/0x%" PRIx64,
                       virt_region_name(idx), cpu, size, want->base,
                       want->size);
        }
    }
    if (!seen[PCI_SPACE_MMIO64] && p->vms->highmem_mmio) {
        probe_fail(p, "DTB pcie: QEMU has no 64-bit window, virtboard has "
                   "0x%" PRIx64, region(p, VIRT_HIGH_PCIE_MMIO)->base);
    }
    if (seen[PCI_SPACE_MMIO64]) {
        probe_done(p, "dtb mmio64 0x%" PRIx64,
                   region(p, VIRT_HIGH_PCIE_MMIO)->base);
    } else {
        probe_done(p, "dtb no mmio64");
    }
}

static void dtb_check_gic(Probe *p, const void *fdt)
{
    const char *compat = p->vms->gic_version == VIRT_GIC_VERSION_2
                             ? "arm,cortex-a15-gic"
                             : "arm,gic-v3";
    const fdt32_t *reg;
    const fdt32_t *nr;
    int node;
    int len;

    node = fdt_node_offset_by_compatible(fdt, -1, compat);
    if (node < 0) {
        probe_fail(p, "DTB: no %s node", compat);
        return;
    }
    reg = fdt_getprop(fdt, node, "reg", &len);
    dtb_check_reg(p, "gic dist", reg, len, 0, region(p, VIRT_GIC_DIST));
    if (p->vms->gic_version == VIRT_GIC_VERSION_2) {
        dtb_check_reg(p, "gic cpu", reg, len, 1, region(p, VIRT_GIC_CPU));
        return;
    }
    nr = fdt_getprop(fdt, node, "#redistributor-regions", NULL);
    if (nr == NULL || fdt32_to_cpu(*nr) != p->vms->redist_region_count) {
        probe_fail(p, "DTB gic: #redistributor-regions %d, virtboard %u",
                   nr != NULL ? (int)fdt32_to_cpu(*nr) : -1,
                   p->vms->redist_region_count);
        return;
    }
    dtb_check_reg(p, "gic redist", reg, len, 1, region(p, VIRT_GIC_REDIST));
    if (p->vms->redist_region_count == 2) {
        dtb_check_reg(p, "gic redist2", reg, len, 2,
                      region(p, VIRT_HIGH_GIC_REDIST2));
    }
}

static void dtb_check_memory(Probe *p, const void *fdt)
{
    MemMapEntry want = { region(p, VIRT_MEM)->base, p->vms->ram_size };
    const fdt32_t *reg;
    int node;
    int len;

    node = fdt_path_offset(fdt, "/memory@40000000");
    if (node < 0) {
        probe_fail(p, "DTB: no /memory@40000000");
        return;
    }
    reg = fdt_getprop(fdt, node, "reg", &len);
    dtb_check_reg(p, "memory", reg, len, 0, &want);
}

static void probe_dtb(Probe *p)
{
    uint64_t base = region(p, VIRT_MEM)->base;
    g_autofree uint8_t *fdt = NULL;
    g_autoptr(GError) err = NULL;
    uint8_t head[8];
    uint32_t size;

    if (p->broken) {
        return;
    }
    if (!qts_memread(p->qts, base, head, sizeof(head), &err)) {
        probe_fail(p, "qtest: %s", err->message);
        p->broken = true;
        return;
    }
    size = ((uint32_t)head[4] << 24) | ((uint32_t)head[5] << 16) |
           ((uint32_t)head[6] << 8) | head[7];
    if (size < 40 || size > DTB_MAX_SIZE) {
        probe_fail(p, "DTB at 0x%" PRIx64 ": bad totalsize %" PRIu32, base,
                   size);
        return;
    }
    fdt = g_malloc(size);
    if (!qts_bufread(p->qts, base, fdt, size, &err)) {
        probe_fail(p, "qtest: %s", err->message);
        p->broken = true;
        return;
    }
    if (fdt_check_header(fdt) != 0) {
        probe_fail(p, "DTB at 0x%" PRIx64 ": bad header", base);
        return;
    }
    dtb_check_memory(p, fdt);
    dtb_check_pcie(p, fdt);
    dtb_check_gic(p, fdt);
}

/* ---- ACPI over fw_cfg ---- */

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
           ((uint32_t)b[3] << 24);
}

static uint64_t le64(const uint8_t *b)
{
    return le32(b) | ((uint64_t)le32(b + 4) << 32);
}

/* The table with @sig in the raw etc/acpi/tables blob (tables back to
 * back from offset 0, zero padding after the last) */
static const uint8_t *acpi_find(const uint8_t *blob, size_t len,
                                const char *sig, uint32_t *table_len)
{
    size_t off = 0;
    uint32_t n;

    while (off + 36 <= len) {
        n = le32(blob + off + 4);
        if (n < 36 || n > len - off) {
            return NULL;
        }
        if (memcmp(blob + off, sig, 4) == 0) {
            *table_len = n;
            return blob + off;
        }
        off += n;
    }
    return NULL;
}

static void probe_mcfg(Probe *p, const uint8_t *blob, size_t len)
{
    const MemMapEntry *ecam = region(p, p->vms->ecam_id);
    uint64_t want_end = ecam->size / VIRT_MiB - 1;
    const uint8_t *mcfg;
    uint32_t n;
    uint64_t base;

    mcfg = acpi_find(blob, len, "MCFG", &n);
    if (mcfg == NULL || n < 60) {
        probe_fail(p, "QEMU's ACPI has no MCFG");
        return;
    }
    base = le64(mcfg + 44);
    if (base != ecam->base || mcfg[55] != want_end || mcfg[54] != 0) {
        probe_fail(p, "MCFG: ECAM 0x%" PRIx64 " buses %u-%u, virtboard "
                   "0x%" PRIx64 " buses 0-%" PRIu64, base, mcfg[54],
                   mcfg[55], ecam->base, want_end);
        return;
    }
    probe_done(p, "mcfg ok");
}

static void probe_madt(Probe *p, const uint8_t *blob, size_t len)
{
    const uint8_t *madt;
    uint32_t n;
    unsigned gicr = 0;
    int gicd_version = -1;
    uint64_t gicd_base = 0;

    madt = acpi_find(blob, len, "APIC", &n);
    if (madt == NULL) {
        probe_fail(p, "QEMU's ACPI has no MADT");
        return;
    }
    for (uint32_t off = 44; off + 2 <= n && madt[off + 1] >= 2;
         off += madt[off + 1]) {
        const uint8_t *e = madt + off;

        if (off + e[1] > n) {
            break;
        }
        if (e[0] == 0xc && e[1] >= 24) {
            gicd_base = le64(e + 8);
            gicd_version = e[20];
        } else if (e[0] == 0xe && e[1] >= 16) {
            int idx = gicr == 0 ? VIRT_GIC_REDIST : VIRT_HIGH_GIC_REDIST2;
            const MemMapEntry *r = region(p, idx);

            if (gicr >= 2 || le64(e + 4) != r->base ||
                le32(e + 12) != r->size) {
                probe_fail(p, "MADT GICR %u: 0x%" PRIx64 "/0x%" PRIx32
                           ", virtboard %s 0x%" PRIx64 "/0x%" PRIx64, gicr,
                           le64(e + 4), le32(e + 12), virt_region_name(idx),
                           r->base, r->size);
            }
            gicr++;
        }
    }
    if (gicd_base != region(p, VIRT_GIC_DIST)->base ||
        gicd_version != (int)p->vms->gic_version) {
        probe_fail(p, "MADT GICD 0x%" PRIx64 " v%d, virtboard 0x%" PRIx64
                   " v%d", gicd_base, gicd_version,
                   region(p, VIRT_GIC_DIST)->base, p->vms->gic_version);
    }
    if (gicr != p->vms->redist_region_count) {
        probe_fail(p, "MADT lists %u GICR, virtboard %u regions", gicr,
                   p->vms->redist_region_count);
    }
    probe_done(p, "madt gicd v%d, %u gicr", gicd_version, gicr);
}

static void probe_acpi(Probe *p)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GArray) dir = NULL;
    g_autoptr(GBytes) tables = NULL;
    const uint8_t *blob;
    gsize len;
    bool present;

    if (p->broken) {
        return;
    }
    dir = qfw_cfg_read_dir(p->qts, &err);
    if (dir == NULL) {
        probe_fail(p, "fw_cfg: %s", err->message);
        return;
    }
    present = qfw_cfg_dir_find(dir, "etc/acpi/tables") != NULL;
    if (present != p->vms->acpi) {
        probe_fail(p, "QEMU %s ACPI tables, virtboard acpi=%d",
                   present ? "has" : "has no", p->vms->acpi);
        return;
    }
    if (!present) {
        probe_done(p, "no acpi");
        return;
    }
    tables = qfw_cfg_read_file(p->qts, "etc/acpi/tables", &err);
    if (tables == NULL) {
        probe_fail(p, "fw_cfg: %s", err->message);
        return;
    }
    blob = g_bytes_get_data(tables, &len);
    probe_mcfg(p, blob, len);
    probe_madt(p, blob, len);
}

/* ---- one configuration ---- */

/* The machine type @c names after -M ("virt" if none); caller frees */
static char *case_type(const MemmapCase *c)
{
    for (size_t i = 0; c->args[i] != NULL && c->args[i + 1] != NULL; i++) {
        if (!strcmp(c->args[i], "-M")) {
            return g_strndup(c->args[i + 1], strcspn(c->args[i + 1], ","));
        }
    }
    return g_strdup("virt");
}

/* Has the oracle's release what @c uses? */
static bool case_offered(const MemmapCase *c)
{
    const VirtRelease *r = virt_release_find(qts_qemu_release());
    const VirtRelease *since = c->since ? virt_release_find(c->since) : NULL;

    return c->since == NULL ||
           (r != NULL && since != NULL && r->version >= since->version);
}

/*
 * Does QEMU refuse @c, per the spec, in the oracle's release? A machine
 * type the release does not offer (-M help: 11.1 starts at virt-5.2) is
 * refused, with QEMU's text.
 */
static bool case_refused(const MemmapCase *c)
{
    const VirtRelease *r = virt_release_find(qts_qemu_release());
    const VirtRelease *since = c->accepted_since != NULL
                                   ? virt_release_find(c->accepted_since)
                                   : NULL;
    g_autofree char *type = case_type(c);
    bool refused = c->refused && !(r != NULL && since != NULL &&
                                   r->version >= since->version);

    if (r != NULL && virt_release_machine_type(r, type) == NULL) {
        return true;
    }
    if (c->refused_since != NULL && r != NULL &&
        r->version >= virt_release_find(c->refused_since)->version) {
        return true;
    }
    if (r != NULL && c->opposite_in != NULL &&
        !strcmp(c->opposite_in, virt_release_name(r))) {
        return !refused;
    }
    return refused;
}

static char *args_to_string(const char *const *args)
{
    return g_strjoinv(" ", (char **)args);
}

/* QEMU's message: the shared parser, for the binary in use */
static char *qemu_first_error(const char *stderr_text)
{
    return virt_qemu_first_error(stderr_text, qts_qemu_binary());
}

/*
 * Run the CLI ($VIRTBOARD) with @args. NULL when it agrees with QEMU
 * (@qemu_msg: QEMU's refusal, or NULL when QEMU accepted), else what
 * differs. *@ran tells whether the CLI was run at all.
 */
static char *cli_disagreement(const char *const *args, const char *qemu_msg,
                              bool *ran)
{
    const char *cli = g_getenv("VIRTBOARD");
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err_text = NULL;
    g_autofree char *want = NULL;
    const char *nl;
    int status;

    *ran = false;
    if (cli == NULL || !g_file_test(cli, G_FILE_TEST_IS_EXECUTABLE)) {
        return NULL;
    }
    g_ptr_array_add(argv, (gpointer)cli);
    if (qts_qemu_release() != NULL) {
        g_ptr_array_add(argv, (gpointer) "--qemu-version");
        g_ptr_array_add(argv, (gpointer)qts_qemu_release());
    }
    for (size_t i = 0; args[i] != NULL; i++) {
        g_ptr_array_add(argv, (gpointer)args[i]);
    }
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_DEFAULT, NULL, NULL, &out, &err_text, &status,
                      &err)) {
        return g_strdup_printf("cannot run %s: %s", cli, err->message);
    }
    *ran = true;
    /* the whole message, hint lines included, without the last newline */
    nl = strrchr(err_text, '\n');
    if (nl != NULL && nl[1] == '\0') {
        err_text[nl - err_text] = '\0';
    }
    if (qemu_msg == NULL) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            return g_strdup_printf("CLI fails: \"%s\"", err_text);
        }
        return NULL;
    }
    want = g_strdup_printf("virtboard: %s", qemu_msg);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return g_strdup("CLI accepts");
    }
    if (strcmp(err_text, want) != 0) {
        return g_strdup_printf("CLI says \"%s\"", err_text);
    }
    return NULL;
}

/* virtboard's verdict on @args: true with @vms filled, or false + @errp */
static bool run_refused(const MemmapCase *c, const char *const *args,
                        const char *qemu_msg, bool ours_ok,
                        const GError *ours_err)
{
    g_autofree char *cli_diff = NULL;
    bool cli_ran;

    if (ours_ok) {
        printf("FAIL %s: QEMU refuses (\"%s\"), virtboard accepts\n",
               c->name, qemu_msg);
        return false;
    }
    if (strcmp(qemu_msg, ours_err->message) != 0) {
        printf("FAIL %s: refusal text differs: QEMU \"%s\", virtboard "
               "\"%s\"\n", c->name, qemu_msg, ours_err->message);
        return false;
    }
    if (!case_refused(c)) {
        printf("FAIL %s: both refuse (\"%s\"), but the spec says QEMU "
               "accepts it\n", c->name, qemu_msg);
        return false;
    }
    cli_diff = cli_disagreement(args, qemu_msg, &cli_ran);
    if (cli_diff != NULL) {
        printf("FAIL %s: QEMU refuses (\"%s\"), %s\n", c->name, qemu_msg,
               cli_diff);
        return false;
    }
    printf("PASS %s: both refuse%s: \"%s\"\n", c->name,
           cli_ran ? " (library and CLI)" : "", qemu_msg);
    return true;
}

static bool run_accepted(const MemmapCase *c, const char *const *args,
                         QTestState *qts, const VirtMachineState *vms)
{
    g_autofree char *cli_diff = NULL;
    bool cli_ran;
    Probe p = {
        .qts = qts,
        .vms = vms,
        .done = g_string_new(NULL),
        .problems = g_string_new(NULL),
    };
    bool ok;

    probe_ecam(&p);
    probe_gic_dist(&p);
    probe_redists(&p);
    probe_msi(&p);
    probe_uart(&p);
    probe_ram(&p);
    probe_dtb(&p);
    probe_acpi(&p);
    cli_diff = cli_disagreement(args, NULL, &cli_ran);
    if (cli_diff != NULL) {
        probe_fail(&p, "%s", cli_diff);
    } else if (cli_ran) {
        probe_done(&p, "cli ok");
    }
    if (case_refused(c) && p.problems->len == 0) {
        probe_fail(&p, "QEMU accepts it, but the spec says it refuses");
    }
    ok = p.problems->len == 0;
    if (ok) {
        printf("PASS %s: %s\n", c->name, p.done->str);
    } else {
        printf("FAIL %s: %s (compared: %s)\n", c->name, p.problems->str,
               p.done->str);
    }
    g_string_free(p.done, TRUE);
    g_string_free(p.problems, TRUE);
    return ok;
}

/* @c's argv, with BIOS_ARG replaced by @bios */
static char **case_args(const MemmapCase *c, const char *bios)
{
    GPtrArray *argv = g_ptr_array_new();

    for (size_t i = 0; c->args[i] != NULL; i++) {
        const char *a = c->args[i];

        g_ptr_array_add(argv, g_strdup(strcmp(a, BIOS_ARG) == 0 ? bios : a));
    }
    g_ptr_array_add(argv, NULL);
    return (char **)g_ptr_array_free(argv, FALSE);
}

static bool run_case(const MemmapCase *c, const char *bios)
{
    g_auto(GStrv) args = case_args(c, bios);
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(GError) ours_err = NULL;
    g_autoptr(GError) qemu_err = NULL;
    g_autofree char *cmdline = args_to_string((const char *const *)args);
    g_autofree char *qemu_msg = NULL;
    VirtMachineState vms;
    QtsExit ex;
    QTestState *qts;
    bool ours_ok;
    bool ok;

    memset(&vms, 0, sizeof(vms));
    virt_options_init(&opts);
    ours_ok = test_virtboard_init_release(qts_qemu_release(),
                                          (const char *const *)args, &opts,
                                          &vms,
                             &ours_err);

    qts = qts_start_ex((const char *const *)args, &ex, &qemu_err);
    if (qts == NULL) {
        if (!ex.exited || ex.status == 0 || ex.status >= 128) {
            printf("FAIL %s: cannot run QEMU: %s\n", c->name,
                   qemu_err->message);
            qts_exit_clear(&ex);
            return false;
        }
        qemu_msg = qemu_first_error(ex.stderr_text);
        qts_exit_clear(&ex);
        ok = run_refused(c, (const char *const *)args, qemu_msg, ours_ok,
                         ours_err);
    } else if (!ours_ok) {
        printf("FAIL %s: QEMU accepts, virtboard refuses: \"%s\"\n",
               c->name, ours_err->message);
        ok = false;
    } else {
        ok = run_accepted(c, (const char *const *)args, qts, &vms);
    }
    if (!ok) {
        printf("     args: %s\n", cmdline);
    }
    qts_quit(qts);
    return ok;
}

/* A 64 KiB image of zeros: QEMU only needs a file to load */
static char *make_dummy_bios(char **dir)
{
    g_autoptr(GError) err = NULL;
    g_autofree uint8_t *zeros = g_malloc0(64 * 1024);
    char *path;

    *dir = g_dir_make_tmp("virt-memmap-test-XXXXXX", &err);
    if (*dir == NULL) {
        printf("cannot create a temporary directory: %s\n", err->message);
        exit(1);
    }
    path = g_build_filename(*dir, "bios.bin", NULL);
    if (!g_file_set_contents(path, (const char *)zeros, 64 * 1024, &err)) {
        printf("cannot write %s: %s\n", path, err->message);
        exit(1);
    }
    return path;
}

int main(int argc, char **argv)
{
    unsigned passed = 0;
    unsigned failed = 0;
    const char *only = argc > 1 ? argv[1] : NULL;
    g_autofree char *bios_dir = NULL;
    g_autofree char *bios = NULL;
    g_autoptr(GPtrArray) oracles = NULL;

    setvbuf(stdout, NULL, _IOLBF, 0);
    oracles = qts_require_oracles("virt-memmap-test", &failed);
    bios = make_dummy_bios(&bios_dir);
    for (guint k = 0; k < oracles->len; k++) {
        const QtsOracle *o = g_ptr_array_index(oracles, k);

        qts_use_oracle(o);
        printf("# virt-memmap-test: %zu configurations against qemu %s "
               "(%s)\n", G_N_ELEMENTS(cases), o->version, o->binary);
        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            if ((only != NULL && strstr(cases[i].name, only) == NULL) ||
                !case_offered(&cases[i])) {
                continue;
            }
            if (run_case(&cases[i], bios)) {
                passed++;
            } else {
                failed++;
            }
        }
    }
    qts_use_oracle(NULL);
    g_unlink(bios);
    g_rmdir(bios_dir);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
