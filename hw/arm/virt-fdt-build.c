/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard: the device tree of the Arm "virt" board, as QEMU 7.2 builds
 * it (hw/arm/virt.c for the board nodes, hw/arm/boot.c for memory, psci
 * and the /chosen boot properties).
 *
 * The blob is built the way QEMU builds it so that it comes out identical,
 * not merely equivalent:
 *
 *  - an empty tree in a 1 MiB buffer, then the read-write libfdt API with
 *    node paths;
 *  - libfdt puts a new node before its existing siblings and a new
 *    property before the node's existing properties, so every node and
 *    property below is created in QEMU's creation order, which is the
 *    reverse of the order in the blob;
 *  - phandles are handed out from phandle_start in QEMU's allocation
 *    order: clock, CPUs from the highest index down, GIC, MSI controller,
 *    SMMUv3, PL061, secure PL061.
 *
 * docs/devel/fdt.md lists the nodes and what changes them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"

/* Interrupt specifier cells (the GIC binding) */
#define FDT_IRQ_TYPE_SPI 0
#define FDT_IRQ_TYPE_PPI 1
#define FDT_IRQ_FLAGS_EDGE_LO_HI 1
#define FDT_IRQ_FLAGS_LEVEL_HI 4
/* GICv2 only: PPI specifiers carry a CPU mask in bits 8..15 */
#define FDT_IRQ_PPI_CPU_SHIFT 8

/* PPI numbers (INTID - 16) */
#define PPI_TIMER_SECURE_PHYS 13
#define PPI_TIMER_NS_PHYS 14
#define PPI_TIMER_VIRT 11
#define PPI_TIMER_HYP 10
#define PPI_GIC_MAINTENANCE 9
#define PPI_PMU 7

/* PCI address space codes in the first cell of "ranges" */
#define FDT_PCI_RANGE_IOPORT 0x01000000
#define FDT_PCI_RANGE_MMIO 0x02000000
#define FDT_PCI_RANGE_MMIO_64BIT 0x03000000

/* PSCI function IDs: SMC32 and SMC64 calling conventions */
#define PSCI_FN_BASE 0x84000000u
#define PSCI_FN64_BASE 0xc4000000u
#define PSCI_FN_CPU_SUSPEND 1
#define PSCI_FN_CPU_OFF 2
#define PSCI_FN_CPU_ON 3
#define PSCI_FN_MIGRATE 5

/* Linux input event code of the power key (KEY_POWER) */
#define LINUX_KEY_POWER 116

/* Where hw/arm/boot.c puts the kernel and the initrd */
#define KERNEL_LOAD_OFFSET 0x10000     /* 32-bit zImage or raw image */
#define KERNEL64_LOAD_OFFSET 0x80000   /* arm64 Image without image_size */
#define BOOTLOADER_MAX_SIZE 0x1000     /* the boot stub at the RAM base */
#define ARM64_MAGIC_OFFSET 56
#define INITRD_MAX_OFFSET (128 * VIRT_MiB)
#define TARGET_PAGE_SIZE 0x1000

#define SMMU_NUM_IRQS 4
#define FLASH_BANK_WIDTH 4
#define APB_PCLK_HZ 24000000

/*
 * The tree under construction. Every helper is a no-op once an error has
 * been recorded, so the node functions read as plain sequences and the
 * first libfdt failure is the one reported.
 */
typedef struct FdtBuilder {
    const VirtMachineState *vms;
    void *fdt;
    uint32_t next_phandle;
    int err;             /* first libfdt error, 0 if none */
    char *err_where;     /* what failed */

    /* phandles handed out so far */
    uint32_t clock_phandle;
    uint32_t gic_phandle;
    uint32_t msi_phandle; /* 0: no MSI controller */
    uint32_t iommu_phandle;
    uint32_t *cpu_phandle;
} FdtBuilder;

/* What hw/arm/boot.c decides from the -kernel and -initrd files */
typedef struct BootImages {
    bool have_initrd;    /* /chosen/linux,initrd-* are written */
    hwaddr initrd_start;
    hwaddr initrd_end;
} BootImages;

static bool fdt_ok(const FdtBuilder *b)
{
    return b->err == 0;
}

static void fdt_fail(FdtBuilder *b, int err, const char *what,
                     const char *path, const char *name)
{
    if (!fdt_ok(b)) {
        return;
    }
    b->err = err;
    b->err_where = g_strdup_printf("%s %s%s%s", what, path,
                                   name ? " " : "", name ? name : "");
}

static int fdt_node_offset(FdtBuilder *b, const char *path)
{
    int off;

    if (!fdt_ok(b)) {
        return -1;
    }
    off = fdt_path_offset(b->fdt, path);
    if (off < 0) {
        fdt_fail(b, off, "lookup of", path, NULL);
    }
    return off;
}

/* Add the node @path; its parent must exist. */
static void fdt_node(FdtBuilder *b, const char *path)
{
    const char *slash = strrchr(path, '/');
    g_autofree char *parent = NULL;
    int poff, off;

    if (!fdt_ok(b)) {
        return;
    }
    g_assert(slash != NULL && slash[1] != '\0');
    parent = slash == path ? g_strdup("/") : g_strndup(path, slash - path);
    poff = fdt_node_offset(b, parent);
    if (poff < 0) {
        return;
    }
    off = fdt_add_subnode(b->fdt, poff, slash + 1);
    if (off < 0) {
        fdt_fail(b, off, "adding node", path, NULL);
    }
}

/* Add the node @path and any missing parents (QEMU's qemu_fdt_add_path) */
static void fdt_node_path(FdtBuilder *b, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    int off = 0;

    for (int i = 0; parts[i] != NULL && fdt_ok(b); i++) {
        int sub;

        if (parts[i][0] == '\0') {
            continue;
        }
        sub = fdt_subnode_offset(b->fdt, off, parts[i]);
        if (sub == -FDT_ERR_NOTFOUND) {
            sub = fdt_add_subnode(b->fdt, off, parts[i]);
        }
        if (sub < 0) {
            fdt_fail(b, sub, "adding path", path, NULL);
            return;
        }
        off = sub;
    }
}

static void fdt_prop(FdtBuilder *b, const char *path, const char *name,
                     const void *val, int len)
{
    int off = fdt_node_offset(b, path);
    int ret;

    if (off < 0) {
        return;
    }
    ret = fdt_setprop(b->fdt, off, name, val, len);
    if (ret < 0) {
        fdt_fail(b, ret, "setting", path, name);
    }
}

static void fdt_prop_empty(FdtBuilder *b, const char *path, const char *name)
{
    fdt_prop(b, path, name, NULL, 0);
}

static void fdt_prop_str(FdtBuilder *b, const char *path, const char *name,
                         const char *s)
{
    fdt_prop(b, path, name, s, strlen(s) + 1);
}

/* A string list given as one literal with embedded NULs: use sizeof */
#define fdt_prop_strlist(b, path, name, lit) \
    fdt_prop((b), (path), (name), (lit), sizeof(lit))

static void fdt_prop_u32s(FdtBuilder *b, const char *path, const char *name,
                          const uint32_t *cells, unsigned n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);

    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    fdt_prop(b, path, name, be, n * sizeof(fdt32_t));
}

/* @n 32-bit cells given as unsigned int varargs */
static void fdt_prop_cells(FdtBuilder *b, const char *path, const char *name,
                           unsigned n, ...)
{
    uint32_t cells[16];
    va_list ap;

    g_assert(n <= G_N_ELEMENTS(cells));
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++) {
        cells[i] = va_arg(ap, unsigned int);
    }
    va_end(ap);
    fdt_prop_u32s(b, path, name, cells, n);
}

static void fdt_prop_cell(FdtBuilder *b, const char *path, const char *name,
                          uint32_t v)
{
    fdt_prop_cells(b, path, name, 1, v);
}

/*
 * @n 64-bit values given as uint64_t varargs, each written as two cells:
 * "reg" with #address-cells = #size-cells = 2, or a u64 property.
 */
static void fdt_prop_u64s(FdtBuilder *b, const char *path, const char *name,
                          unsigned n, ...)
{
    uint32_t cells[16];
    va_list ap;

    g_assert(2 * n <= G_N_ELEMENTS(cells));
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = va_arg(ap, uint64_t);

        cells[2 * i] = (uint32_t)(v >> 32);
        cells[2 * i + 1] = (uint32_t)v;
    }
    va_end(ap);
    fdt_prop_u32s(b, path, name, cells, 2 * n);
}

static uint32_t fdt_alloc_phandle(FdtBuilder *b)
{
    return b->next_phandle++;
}

static const MemMapEntry *region(const FdtBuilder *b, int idx)
{
    return &b->vms->memmap.entry[idx];
}

/* Level-high PPI flags, with the GICv2 CPU mask */
static uint32_t ppi_flags(const FdtBuilder *b, uint32_t flags)
{
    const VirtMachineState *vms = b->vms;

    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        unsigned n = MIN(vms->smp.cpus, VIRT_GIC_NCPU);

        flags |= ((1u << n) - 1) << FDT_IRQ_PPI_CPU_SHIFT;
    }
    return flags;
}

/* ---- the nodes, in QEMU's creation order ---- */

static void fdt_add_randomness(FdtBuilder *b, const char *path)
{
    uint32_t seed[8];

    if (!b->vms->dtb_randomness) {
        return;
    }
    fdt_prop_u64s(b, path, "kaslr-seed", 1,
                  ((uint64_t)g_random_int() << 32) | g_random_int());
    for (unsigned i = 0; i < G_N_ELEMENTS(seed); i++) {
        seed[i] = g_random_int();
    }
    fdt_prop(b, path, "rng-seed", seed, sizeof(seed));
}

/*
 * The root. QEMU 7.2's virt board ignores the generic dt-compatible
 * machine property (only some other boards read it), so the root is
 * always "linux,dummy-virt" whatever vms->dt_compatible says.
 */
static void fdt_add_root(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;

    fdt_prop_str(b, "/", "compatible", "linux,dummy-virt");
    fdt_prop_cell(b, "/", "#address-cells", 2);
    fdt_prop_cell(b, "/", "#size-cells", 2);
    fdt_prop_str(b, "/", "model", "linux,dummy-virt");

    /* /chosen must exist for the boot properties added at the end */
    fdt_node(b, "/chosen");
    fdt_add_randomness(b, "/chosen");
    if (vms->secure) {
        fdt_node(b, "/secure-chosen");
        fdt_add_randomness(b, "/secure-chosen");
    }
}

static void fdt_add_clock(FdtBuilder *b)
{
    const char *path = "/apb-pclk";

    b->clock_phandle = fdt_alloc_phandle(b);
    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "fixed-clock");
    fdt_prop_cell(b, path, "#clock-cells", 0);
    fdt_prop_cell(b, path, "clock-frequency", APB_PCLK_HZ);
    fdt_prop_str(b, path, "clock-output-names", "clk24mhz");
    fdt_prop_cell(b, path, "phandle", b->clock_phandle);
}

static void fdt_add_cpu_map(FdtBuilder *b)
{
    const VirtSmp *smp = &b->vms->smp;

    for (int cpu = (int)smp->cpus - 1; cpu >= 0; cpu--) {
        unsigned per_socket = smp->clusters * smp->cores * smp->threads;
        unsigned per_cluster = smp->cores * smp->threads;
        g_autofree char *path = NULL;

        if (smp->threads > 1) {
            path = g_strdup_printf(
                "/cpus/cpu-map/socket%u/cluster%u/core%u/thread%u",
                cpu / per_socket, (cpu / per_cluster) % smp->clusters,
                (cpu / smp->threads) % smp->cores, cpu % smp->threads);
        } else {
            path = g_strdup_printf("/cpus/cpu-map/socket%u/cluster%u/core%u",
                                   cpu / per_socket,
                                   (cpu / per_cluster) % smp->clusters,
                                   (cpu / smp->threads) % smp->cores);
        }
        fdt_node_path(b, path);
        fdt_prop_cell(b, path, "cpu", b->cpu_phandle[cpu]);
    }
}

static void fdt_add_cpus(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    unsigned ncpus = vms->smp.cpus;
    unsigned addr_cells = 1;

    /* Two address cells only if some CPU has a non-zero Aff3 */
    for (unsigned cpu = 0; cpu < ncpus; cpu++) {
        if (virt_cpu_mp_affinity(vms, cpu) & ~UINT64_C(0xffffffff)) {
            addr_cells = 2;
            break;
        }
    }

    fdt_node(b, "/cpus");
    fdt_prop_cell(b, "/cpus", "#address-cells", addr_cells);
    fdt_prop_cell(b, "/cpus", "#size-cells", 0);

    b->cpu_phandle = g_new0(uint32_t, ncpus);
    for (int cpu = (int)ncpus - 1; cpu >= 0; cpu--) {
        g_autofree char *path = g_strdup_printf("/cpus/cpu@%d", cpu);
        uint64_t mpidr = virt_cpu_mp_affinity(vms, cpu);

        fdt_node(b, path);
        fdt_prop_str(b, path, "device_type", "cpu");
        fdt_prop_str(b, path, "compatible", vms->cpu->dt_compatible);
        if (vms->psci_conduit != VIRT_PSCI_CONDUIT_DISABLED && ncpus > 1) {
            fdt_prop_str(b, path, "enable-method", "psci");
        }
        if (addr_cells == 2) {
            fdt_prop_u64s(b, path, "reg", 1, mpidr);
        } else {
            fdt_prop_cell(b, path, "reg", (uint32_t)mpidr);
        }
        if (vms->numa_nodes > 0) {
            fdt_prop_cell(b, path, "numa-node-id", 0);
        }
        /* The phandles exist for cpu-map only (virt-6.2 and later) */
        if (!vms->compat.no_cpu_topology) {
            b->cpu_phandle[cpu] = fdt_alloc_phandle(b);
            fdt_prop_cell(b, path, "phandle", b->cpu_phandle[cpu]);
        }
    }

    if (!vms->compat.no_cpu_topology) {
        fdt_add_cpu_map(b);
    }
}

static void fdt_add_timer(FdtBuilder *b)
{
    const char *path = "/timer";
    /* virt-2.8 and older wrongly said edge; guests depend on it */
    uint32_t flags = ppi_flags(b, b->vms->compat.claim_edge_triggered_timers
                                      ? FDT_IRQ_FLAGS_EDGE_LO_HI
                                      : FDT_IRQ_FLAGS_LEVEL_HI);

    fdt_node(b, path);
    if (b->vms->cpu->aarch64) {
        fdt_prop_strlist(b, path, "compatible",
                         "arm,armv8-timer\0arm,armv7-timer");
    } else {
        fdt_prop_str(b, path, "compatible", "arm,armv7-timer");
    }
    fdt_prop_empty(b, path, "always-on");
    fdt_prop_cells(b, path, "interrupts", 12,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_SECURE_PHYS, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_NS_PHYS, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_VIRT, flags,
                   FDT_IRQ_TYPE_PPI, PPI_TIMER_HYP, flags);
}

static void fdt_add_flash_node(FdtBuilder *b, const char *name, hwaddr base,
                               hwaddr size, unsigned banks, bool secure)
{
    g_autofree char *path = g_strdup_printf("/%s@%" PRIx64, name, base);

    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "cfi-flash");
    if (banks == 2) {
        fdt_prop_u64s(b, path, "reg", 4, base, size, base + size, size);
    } else {
        fdt_prop_u64s(b, path, "reg", 2, base, size);
    }
    fdt_prop_cell(b, path, "bank-width", FLASH_BANK_WIDTH);
    if (secure) {
        fdt_prop_str(b, path, "status", "disabled");
        fdt_prop_str(b, path, "secure-status", "okay");
    }
}

static void fdt_add_flash(FdtBuilder *b)
{
    const MemMapEntry *flash = region(b, VIRT_FLASH);
    hwaddr bank = flash->size / 2;

    if (b->vms->secure) {
        /* Bank 0 is secure-only, bank 1 is the non-secure flash */
        fdt_add_flash_node(b, "secflash", flash->base, bank, 1, true);
        fdt_add_flash_node(b, "flash", flash->base + bank, bank, 1, false);
    } else {
        fdt_add_flash_node(b, "flash", flash->base, bank, 2, false);
    }
}

static void fdt_add_gic_v2m(FdtBuilder *b, const char *gic_path)
{
    const MemMapEntry *v2m = region(b, VIRT_GIC_V2M);
    g_autofree char *path = g_strdup_printf("%s/v2m@%" PRIx64, gic_path,
                                            v2m->base);

    b->msi_phandle = fdt_alloc_phandle(b);
    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "arm,gic-v2m-frame");
    fdt_prop_empty(b, path, "msi-controller");
    fdt_prop_u64s(b, path, "reg", 2, v2m->base, v2m->size);
    fdt_prop_cell(b, path, "phandle", b->msi_phandle);
}

static void fdt_add_gic_its(FdtBuilder *b, const char *gic_path)
{
    const MemMapEntry *its = region(b, VIRT_GIC_ITS);
    g_autofree char *path = g_strdup_printf("%s/its@%" PRIx64, gic_path,
                                            its->base);

    b->msi_phandle = fdt_alloc_phandle(b);
    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "arm,gic-v3-its");
    fdt_prop_empty(b, path, "msi-controller");
    fdt_prop_cell(b, path, "#msi-cells", 1);
    fdt_prop_u64s(b, path, "reg", 2, its->base, its->size);
    fdt_prop_cell(b, path, "phandle", b->msi_phandle);
}

static void fdt_add_gic(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    const MemMapEntry *dist = region(b, VIRT_GIC_DIST);
    g_autofree char *path = g_strdup_printf("/intc@%" PRIx64, dist->base);

    b->gic_phandle = fdt_alloc_phandle(b);
    fdt_prop_cell(b, "/", "interrupt-parent", b->gic_phandle);

    fdt_node(b, path);
    fdt_prop_cell(b, path, "#interrupt-cells", 3);
    fdt_prop_empty(b, path, "interrupt-controller");
    /* Room for the MSI controller child */
    fdt_prop_cell(b, path, "#address-cells", 2);
    fdt_prop_cell(b, path, "#size-cells", 2);
    fdt_prop_empty(b, path, "ranges");

    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        const MemMapEntry *cpu = region(b, VIRT_GIC_CPU);

        fdt_prop_str(b, path, "compatible", "arm,cortex-a15-gic");
        if (vms->virtualization) {
            const MemMapEntry *hyp = region(b, VIRT_GIC_HYP);
            const MemMapEntry *vcpu = region(b, VIRT_GIC_VCPU);

            fdt_prop_u64s(b, path, "reg", 8, dist->base, dist->size,
                          cpu->base, cpu->size, hyp->base, hyp->size,
                          vcpu->base, vcpu->size);
        } else {
            fdt_prop_u64s(b, path, "reg", 4, dist->base, dist->size,
                          cpu->base, cpu->size);
        }
    } else {
        const MemMapEntry *redist = region(b, VIRT_GIC_REDIST);
        const MemMapEntry *redist2 = region(b, VIRT_HIGH_GIC_REDIST2);

        fdt_prop_str(b, path, "compatible", "arm,gic-v3");
        fdt_prop_cell(b, path, "#redistributor-regions",
                      vms->redist_region_count);
        if (vms->redist_region_count == 2) {
            fdt_prop_u64s(b, path, "reg", 6, dist->base, dist->size,
                          redist->base, redist->size,
                          redist2->base, redist2->size);
        } else {
            fdt_prop_u64s(b, path, "reg", 4, dist->base, dist->size,
                          redist->base, redist->size);
        }
    }
    if (vms->virtualization) {
        fdt_prop_cells(b, path, "interrupts", 3, FDT_IRQ_TYPE_PPI,
                       PPI_GIC_MAINTENANCE, FDT_IRQ_FLAGS_LEVEL_HI);
    }
    fdt_prop_cell(b, path, "phandle", b->gic_phandle);

    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        if (vms->v2m) {
            fdt_add_gic_v2m(b, path);
        }
    } else if (vms->its) {
        fdt_add_gic_its(b, path);
    }
}

/*
 * Every CPU model the board accepts has a PMU, but QEMU 7.2 describes only
 * a PMUv3 (the v8 models): the v7 ones get an empty /pmu node. Machine
 * types up to virt-2.6 turn the PMU off, and then there is no node.
 */
static void fdt_add_pmu(FdtBuilder *b)
{
    if (b->vms->compat.no_pmu) {
        return;
    }
    fdt_node(b, "/pmu");
    if (!b->vms->cpu->has_pmu) {
        return;
    }
    fdt_prop_str(b, "/pmu", "compatible", "arm,armv8-pmuv3");
    fdt_prop_cells(b, "/pmu", "interrupts", 3, FDT_IRQ_TYPE_PPI, PPI_PMU,
                   ppi_flags(b, FDT_IRQ_FLAGS_LEVEL_HI));
}

static void fdt_secure_only(FdtBuilder *b, const char *path)
{
    fdt_prop_str(b, path, "status", "disabled");
    fdt_prop_str(b, path, "secure-status", "okay");
}

static void fdt_add_uart(FdtBuilder *b, int idx, bool secure)
{
    const MemMapEntry *uart = region(b, idx);
    g_autofree char *path = g_strdup_printf("/pl011@%" PRIx64, uart->base);

    fdt_node(b, path);
    fdt_prop_strlist(b, path, "compatible", "arm,pl011\0arm,primecell");
    fdt_prop_u64s(b, path, "reg", 2, uart->base, uart->size);
    fdt_prop_cells(b, path, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[idx], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cells(b, path, "clocks", 2, b->clock_phandle, b->clock_phandle);
    fdt_prop_strlist(b, path, "clock-names", "uartclk\0apb_pclk");
    if (secure) {
        fdt_secure_only(b, path);
        fdt_prop_str(b, "/secure-chosen", "stdout-path", path);
    } else {
        fdt_prop_str(b, "/chosen", "stdout-path", path);
    }
}

static void fdt_add_secram(FdtBuilder *b)
{
    const MemMapEntry *ram = region(b, VIRT_SECURE_MEM);
    g_autofree char *path = g_strdup_printf("/secram@%" PRIx64, ram->base);

    fdt_node(b, path);
    fdt_prop_str(b, path, "device_type", "memory");
    fdt_prop_u64s(b, path, "reg", 2, ram->base, ram->size);
    fdt_secure_only(b, path);
}

static void fdt_add_rtc(FdtBuilder *b)
{
    const MemMapEntry *rtc = region(b, VIRT_RTC);
    g_autofree char *path = g_strdup_printf("/pl031@%" PRIx64, rtc->base);

    fdt_node(b, path);
    fdt_prop_strlist(b, path, "compatible", "arm,pl031\0arm,primecell");
    fdt_prop_u64s(b, path, "reg", 2, rtc->base, rtc->size);
    fdt_prop_cells(b, path, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[VIRT_RTC], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cell(b, path, "clocks", b->clock_phandle);
    fdt_prop_str(b, path, "clock-names", "apb_pclk");
}

/* The legacy INTx lines: slot @dev pin @pin (1..4) swizzled onto SPIs */
static void fdt_add_pcie_irq_map(FdtBuilder *b, const char *path)
{
    uint32_t map[VIRT_PCI_NUM_INTX * VIRT_PCI_NUM_INTX * 10];
    uint32_t *p = map;
    int first = virt_irqmap[VIRT_PCIE_MMIO];

    for (unsigned dev = 0; dev < VIRT_PCI_NUM_INTX; dev++) {
        for (unsigned pin = 1; pin <= VIRT_PCI_NUM_INTX; pin++) {
            /* child unit address (phys.hi with the device number), pin */
            *p++ = dev << 11;
            *p++ = 0;
            *p++ = 0;
            *p++ = pin;
            /* parent: the GIC, unit address 0 0, SPI specifier */
            *p++ = b->gic_phandle;
            *p++ = 0;
            *p++ = 0;
            *p++ = FDT_IRQ_TYPE_SPI;
            *p++ = first + (pin - 1 + dev) % VIRT_PCI_NUM_INTX;
            *p++ = FDT_IRQ_FLAGS_LEVEL_HI;
        }
    }
    fdt_prop_cell(b, path, "#interrupt-cells", 1);
    fdt_prop_u32s(b, path, "interrupt-map", map, G_N_ELEMENTS(map));
    fdt_prop_cells(b, path, "interrupt-map-mask", 4, 3u << 11, 0, 0, 7);
}

static void fdt_add_pcie(FdtBuilder *b, char **pcie_path)
{
    const VirtMachineState *vms = b->vms;
    const MemMapEntry *mmio = region(b, VIRT_PCIE_MMIO);
    const MemMapEntry *pio = region(b, VIRT_PCIE_PIO);
    const MemMapEntry *ecam = region(b, vms->ecam_id);
    const MemMapEntry *mmio64 = region(b, VIRT_HIGH_PCIE_MMIO);
    g_autofree char *path = g_strdup_printf("/pcie@%" PRIx64, mmio->base);
    uint32_t ranges[3 * 7];
    unsigned n = 0;

    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "pci-host-ecam-generic");
    fdt_prop_str(b, path, "device_type", "pci");
    fdt_prop_cell(b, path, "#address-cells", 3);
    fdt_prop_cell(b, path, "#size-cells", 2);
    fdt_prop_cell(b, path, "linux,pci-domain", 0);
    fdt_prop_cells(b, path, "bus-range", 2, 0,
                   (uint32_t)(ecam->size / VIRT_MiB - 1));
    fdt_prop_empty(b, path, "dma-coherent");
    if (b->msi_phandle) {
        fdt_prop_cells(b, path, "msi-map", 4, 0, b->msi_phandle, 0, 0x10000);
    }
    fdt_prop_u64s(b, path, "reg", 2, ecam->base, ecam->size);

    /* (space code, PCI address hi/lo, CPU address hi/lo, size hi/lo) */
    const struct {
        uint32_t code;
        hwaddr pci, cpu, size;
    } windows[3] = {
        { FDT_PCI_RANGE_IOPORT, 0, pio->base, pio->size },
        { FDT_PCI_RANGE_MMIO, mmio->base, mmio->base, mmio->size },
        { FDT_PCI_RANGE_MMIO_64BIT, mmio64->base, mmio64->base,
          mmio64->size },
    };
    for (unsigned i = 0; i < (vms->highmem_mmio ? 3u : 2u); i++) {
        ranges[n++] = windows[i].code;
        ranges[n++] = (uint32_t)(windows[i].pci >> 32);
        ranges[n++] = (uint32_t)windows[i].pci;
        ranges[n++] = (uint32_t)(windows[i].cpu >> 32);
        ranges[n++] = (uint32_t)windows[i].cpu;
        ranges[n++] = (uint32_t)(windows[i].size >> 32);
        ranges[n++] = (uint32_t)windows[i].size;
    }
    fdt_prop_u32s(b, path, "ranges", ranges, n);

    fdt_add_pcie_irq_map(b, path);
    *pcie_path = g_steal_pointer(&path);
}

static void fdt_add_smmuv3(FdtBuilder *b, const char *pcie_path)
{
    const MemMapEntry *smmu = region(b, VIRT_SMMU);
    int irq = virt_irqmap[VIRT_SMMU];
    g_autofree char *path = g_strdup_printf("/smmuv3@%" PRIx64, smmu->base);

    b->iommu_phandle = fdt_alloc_phandle(b);
    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "arm,smmu-v3");
    fdt_prop_u64s(b, path, "reg", 2, smmu->base, smmu->size);
    fdt_prop_cells(b, path, "interrupts", 3 * SMMU_NUM_IRQS,
                   FDT_IRQ_TYPE_SPI, irq, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 1, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 2, FDT_IRQ_FLAGS_EDGE_LO_HI,
                   FDT_IRQ_TYPE_SPI, irq + 3, FDT_IRQ_FLAGS_EDGE_LO_HI);
    fdt_prop_strlist(b, path, "interrupt-names",
                     "eventq\0priq\0cmdq-sync\0gerror");
    fdt_prop_empty(b, path, "dma-coherent");
    fdt_prop_cell(b, path, "#iommu-cells", 1);
    fdt_prop_cell(b, path, "phandle", b->iommu_phandle);

    fdt_prop_cells(b, pcie_path, "iommu-map", 4, 0, b->iommu_phandle, 0,
                   0x10000);
}

static uint32_t fdt_add_pl061(FdtBuilder *b, int idx, bool secure)
{
    const MemMapEntry *gpio = region(b, idx);
    g_autofree char *path = g_strdup_printf("/pl061@%" PRIx64, gpio->base);
    uint32_t phandle = fdt_alloc_phandle(b);

    fdt_node(b, path);
    fdt_prop_u64s(b, path, "reg", 2, gpio->base, gpio->size);
    fdt_prop_strlist(b, path, "compatible", "arm,pl061\0arm,primecell");
    fdt_prop_cell(b, path, "#gpio-cells", 2);
    fdt_prop_empty(b, path, "gpio-controller");
    fdt_prop_cells(b, path, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                   virt_irqmap[idx], FDT_IRQ_FLAGS_LEVEL_HI);
    fdt_prop_cell(b, path, "clocks", b->clock_phandle);
    fdt_prop_str(b, path, "clock-names", "apb_pclk");
    fdt_prop_cell(b, path, "phandle", phandle);
    if (secure) {
        fdt_secure_only(b, path);
    }
    return phandle;
}

static void fdt_add_gpio_keys(FdtBuilder *b)
{
    uint32_t phandle = fdt_add_pl061(b, VIRT_GPIO, false);

    fdt_node(b, "/gpio-keys");
    fdt_prop_str(b, "/gpio-keys", "compatible", "gpio-keys");
    fdt_node(b, "/gpio-keys/poweroff");
    fdt_prop_str(b, "/gpio-keys/poweroff", "label", "GPIO Key Poweroff");
    fdt_prop_cell(b, "/gpio-keys/poweroff", "linux,code", LINUX_KEY_POWER);
    fdt_prop_cells(b, "/gpio-keys/poweroff", "gpios", 3, phandle, 3, 0);
}

static void fdt_add_secure_gpio(FdtBuilder *b)
{
    static const char *const names[] = { "gpio-poweroff", "gpio-restart" };
    uint32_t phandle = fdt_add_pl061(b, VIRT_SECURE_GPIO, true);

    for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = g_strdup_printf("/%s", names[i]);

        fdt_node(b, path);
        fdt_prop_str(b, path, "compatible", names[i]);
        fdt_prop_cells(b, path, "gpios", 3, phandle, i, 0);
        fdt_secure_only(b, path);
    }
}

static void fdt_add_virtio_mmio(FdtBuilder *b)
{
    const MemMapEntry *mmio = region(b, VIRT_MMIO);
    hwaddr stride = mmio->size;

    /* Highest first, so that they come out lowest address first */
    for (int i = VIRT_NUM_VIRTIO_TRANSPORTS - 1; i >= 0; i--) {
        hwaddr base = mmio->base + i * stride;
        g_autofree char *path = g_strdup_printf("/virtio_mmio@%" PRIx64,
                                                base);

        fdt_node(b, path);
        fdt_prop_str(b, path, "compatible", "virtio,mmio");
        fdt_prop_u64s(b, path, "reg", 2, base, stride);
        fdt_prop_cells(b, path, "interrupts", 3, FDT_IRQ_TYPE_SPI,
                       virt_irqmap[VIRT_MMIO] + i, FDT_IRQ_FLAGS_EDGE_LO_HI);
        fdt_prop_empty(b, path, "dma-coherent");
    }
}

static void fdt_add_fw_cfg(FdtBuilder *b)
{
    const MemMapEntry *fw = region(b, VIRT_FW_CFG);
    g_autofree char *path = g_strdup_printf("/fw-cfg@%" PRIx64, fw->base);

    fdt_node(b, path);
    fdt_prop_str(b, path, "compatible", "qemu,fw-cfg-mmio");
    fdt_prop_u64s(b, path, "reg", 2, fw->base, fw->size);
    fdt_prop_empty(b, path, "dma-coherent");
}

static void fdt_add_platform_bus(FdtBuilder *b)
{
    const MemMapEntry *pb = region(b, VIRT_PLATFORM_BUS);
    g_autofree char *path = g_strdup_printf("/platform-bus@%" PRIx64,
                                            pb->base);

    fdt_node(b, path);
    fdt_prop_strlist(b, path, "compatible", "qemu,platform\0simple-bus");
    fdt_prop_cell(b, path, "#size-cells", 1);
    fdt_prop_cell(b, path, "#address-cells", 1);
    fdt_prop_cells(b, path, "ranges", 4, 0, (uint32_t)(pb->base >> 32),
                   (uint32_t)pb->base, (uint32_t)pb->size);
    fdt_prop_cell(b, path, "interrupt-parent", b->gic_phandle);
}

/* ---- what hw/arm/boot.c adds ---- */

static bool read_head(const char *what, const char *path, guint8 *buf,
                      size_t len, size_t *got, goffset *file_size,
                      GError **errp)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    /* a directory opens, but reads nothing: QEMU cannot load it either */
    if (f == NULL || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "could not load %s '%s'",
                    what, path);
        if (f != NULL) {
            fclose(f);
        }
        return false;
    }
    *got = fread(buf, 1, len, f);
    *file_size = st.st_size;
    fclose(f);
    return true;
}

/*
 * Where the kernel image ends in guest memory. Only the plain formats are
 * modelled: a raw image (32-bit zImage included) and an arm64 Image.
 * ELF, U-Boot and gzip images are placed by rules virtboard does not
 * follow, so they are refused rather than given a different tree.
 */
static bool kernel_end(const VirtMachineState *vms, hwaddr *end,
                       GError **errp)
{
    static const guint8 elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
    static const guint8 uimage_magic[4] = { 0x27, 0x05, 0x19, 0x56 };
    static const guint8 gzip_magic[2] = { 0x1f, 0x8b };
    static const guint8 arm64_magic[4] = { 'A', 'R', 'M', 0x64 };
    hwaddr ram = vms->memmap.entry[VIRT_MEM].base;
    guint8 head[64];
    size_t got;
    goffset size;
    hwaddr offset, extent;

    if (!read_head("kernel", vms->kernel, head, sizeof(head), &got, &size,
                   errp)) {
        return false;
    }
    if ((got >= 4 && memcmp(head, elf_magic, 4) == 0) ||
        (got >= 4 && memcmp(head, uimage_magic, 4) == 0) ||
        (vms->cpu->aarch64 && got >= 2 && memcmp(head, gzip_magic, 2) == 0)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "kernel '%s': ELF, U-Boot and compressed images are not "
                    "supported; use a raw image or an arm64 Image",
                    vms->kernel);
        return false;
    }
    extent = (hwaddr)size;
    if (!vms->cpu->aarch64) {
        offset = KERNEL_LOAD_OFFSET;
    } else {
        offset = KERNEL64_LOAD_OFFSET;
        if (got >= ARM64_MAGIC_OFFSET + 4 &&
            memcmp(head + ARM64_MAGIC_OFFSET, arm64_magic, 4) == 0) {
            uint64_t text_offset = 0, image_size = 0;

            for (int i = 7; i >= 0; i--) {
                text_offset = (text_offset << 8) | head[8 + i];
                image_size = (image_size << 8) | head[16 + i];
            }
            /*
             * image_size 0: a pre-3.17 kernel, text_offset unreliable.
             * Otherwise the image claims text_offset..+image_size (BSS
             * included), and that, not the file, is what the initrd
             * must clear.
             */
            if (image_size != 0) {
                extent = image_size;
                offset = text_offset;
                /* Keep clear of the boot stub at the bottom of RAM */
                if (offset < BOOTLOADER_MAX_SIZE) {
                    offset += 2 * VIRT_MiB;
                }
            }
        }
    }
    *end = ram + offset + extent;
    return true;
}

static bool boot_images(const VirtMachineState *vms, BootImages *img,
                        GError **errp)
{
    hwaddr ram = vms->memmap.entry[VIRT_MEM].base;
    hwaddr end, start;
    guint8 head[4];
    size_t got;
    goffset size;

    memset(img, 0, sizeof(*img));
    /* With firmware the kernel and initrd go to fw_cfg, not the DT */
    if (vms->kernel == NULL || vms->firmware_loaded) {
        return true;
    }
    if (!kernel_end(vms, &end, errp)) {
        return false;
    }
    if (vms->initrd == NULL) {
        return true;
    }
    if (!read_head("initrd", vms->initrd, head, sizeof(head), &got, &size,
                   errp)) {
        return false;
    }
    if (got >= 4 && head[0] == 0x27 && head[1] == 0x05 && head[2] == 0x19 &&
        head[3] == 0x56) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "initrd '%s': U-Boot ramdisk images are not supported",
                    vms->initrd);
        return false;
    }
    start = ram + MIN(vms->ram_size / 2, INITRD_MAX_OFFSET);
    start = MAX(start, end);
    start = (start + TARGET_PAGE_SIZE - 1) & ~(hwaddr)(TARGET_PAGE_SIZE - 1);
    if (start >= ram + vms->ram_size ||
        (hwaddr)size > ram + vms->ram_size - start) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                    "could not load initrd '%s'", vms->initrd);
        return false;
    }
    img->have_initrd = true;
    img->initrd_start = start;
    img->initrd_end = start + (hwaddr)size;
    return true;
}

static void fdt_add_memory(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    hwaddr base = region(b, VIRT_MEM)->base;
    g_autofree char *path = g_strdup_printf("/memory@%" PRIx64, base);

    fdt_node(b, path);
    fdt_prop_str(b, path, "device_type", "memory");
    fdt_prop_u64s(b, path, "reg", 2, base, vms->ram_size);
    /* The one node QEMU adds for memory hotplug holds all of RAM */
    if (vms->numa_nodes > 0) {
        fdt_prop_cell(b, path, "numa-node-id", 0);
    }
}

static void fdt_add_boot_chosen(FdtBuilder *b, const BootImages *img)
{
    const VirtMachineState *vms = b->vms;

    if (vms->kernel != NULL && vms->append != NULL && vms->append[0]) {
        fdt_prop_str(b, "/chosen", "bootargs", vms->append);
    }
    if (img->have_initrd) {
        fdt_prop_cell(b, "/chosen", "linux,initrd-start",
                      (uint32_t)img->initrd_start);
        fdt_prop_cell(b, "/chosen", "linux,initrd-end",
                      (uint32_t)img->initrd_end);
    }
}

/*
 * The psci node follows the conduit left after hw/arm/boot.c's boot-EL
 * rule (vms->boot_psci_conduit): none when the guest starts at or above
 * the EL that would answer the calls.
 */
static void fdt_add_psci(FdtBuilder *b)
{
    const VirtMachineState *vms = b->vms;
    VirtPsciConduit conduit = vms->boot_psci_conduit;
    uint32_t base = vms->cpu->aarch64 ? PSCI_FN64_BASE : PSCI_FN_BASE;

    if (conduit == VIRT_PSCI_CONDUIT_DISABLED) {
        return;
    }
    fdt_node(b, "/psci");
    fdt_prop_strlist(b, "/psci", "compatible",
                     "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    fdt_prop_str(b, "/psci", "method",
                 conduit == VIRT_PSCI_CONDUIT_SMC ? "smc" : "hvc");
    fdt_prop_cell(b, "/psci", "cpu_suspend", base + PSCI_FN_CPU_SUSPEND);
    /* CPU_OFF takes no 64-bit argument: always the SMC32 ID */
    fdt_prop_cell(b, "/psci", "cpu_off", PSCI_FN_BASE + PSCI_FN_CPU_OFF);
    fdt_prop_cell(b, "/psci", "cpu_on", base + PSCI_FN_CPU_ON);
    fdt_prop_cell(b, "/psci", "migrate", base + PSCI_FN_MIGRATE);
}

/* ---- entry points ---- */

static bool fdt_check_supported(const VirtMachineState *vms, GError **errp)
{
    if (vms->cpu == NULL || vms->smp.cpus == 0 || vms->smp.sockets == 0 ||
        vms->smp.clusters == 0 || vms->smp.cores == 0 ||
        vms->smp.threads == 0 ||
        (vms->gic_version != VIRT_GIC_VERSION_2 &&
         vms->gic_version != VIRT_GIC_VERSION_3 &&
         vms->gic_version != VIRT_GIC_VERSION_4)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT,
                    "the machine state is not resolved "
                    "(run virt_machine_init first)");
        return false;
    }
    /*
     * Under KVM or HVF the tree follows the host (the PSCI version KVM
     * reports, whether it offers a PMU, "host" CPUs): not modelled.
     */
    if (vms->accel != VIRT_ACCEL_TCG) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "the device tree is modelled for -accel tcg only; under "
                    "%s it depends on the host",
                    vms->accel == VIRT_ACCEL_KVM ? "KVM" : "HVF");
        return false;
    }
    /* Only the node QEMU adds by itself: -numa is not modelled */
    if (vms->numa_nodes > 1) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "%u NUMA nodes: only QEMU's automatic single node is "
                    "supported", vms->numa_nodes);
        return false;
    }
    return true;
}

static bool fdt_builder_init(FdtBuilder *b, const VirtMachineState *vms,
                             GError **errp)
{
    int ret;

    memset(b, 0, sizeof(*b));
    b->vms = vms;
    b->next_phandle = vms->phandle_start;
    b->fdt = g_malloc0(VIRT_FDT_MAX_SIZE);

    /* An empty root, then open for read-write at the full size */
    ret = fdt_create(b->fdt, VIRT_FDT_MAX_SIZE);
    if (ret == 0) {
        ret = fdt_finish_reservemap(b->fdt);
    }
    if (ret == 0) {
        ret = fdt_begin_node(b->fdt, "");
    }
    if (ret == 0) {
        ret = fdt_end_node(b->fdt);
    }
    if (ret == 0) {
        ret = fdt_finish(b->fdt);
    }
    if (ret == 0) {
        ret = fdt_open_into(b->fdt, b->fdt, VIRT_FDT_MAX_SIZE);
    }
    if (ret < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT,
                    "creating an empty device tree: %s", fdt_strerror(ret));
        g_free(b->fdt);
        return false;
    }
    return true;
}

static void fdt_builder_clear(FdtBuilder *b)
{
    g_free(b->fdt);
    g_free(b->err_where);
    g_free(b->cpu_phandle);
}

bool virt_fdt_build(const VirtMachineState *vms, void **blob, size_t *size,
                    GError **errp)
{
    const VirtMachineState *v = vms;
    FdtBuilder b;
    BootImages img;
    g_autofree char *pcie_path = NULL;
    int ret;

    if (!fdt_check_supported(vms, errp) || !boot_images(vms, &img, errp)) {
        return false;
    }
    if (!fdt_builder_init(&b, vms, errp)) {
        return false;
    }

    /* hw/arm/virt.c */
    fdt_add_root(&b);
    fdt_add_clock(&b);
    fdt_add_timer(&b);
    fdt_add_cpus(&b);
    fdt_add_flash(&b);
    fdt_add_gic(&b);
    fdt_add_pmu(&b);
    fdt_add_uart(&b, VIRT_UART, false);
    if (v->secure) {
        fdt_add_secram(&b);
        fdt_add_uart(&b, VIRT_SECURE_UART, true);
    }
    fdt_add_rtc(&b);
    fdt_add_pcie(&b, &pcie_path);
    if (v->iommu == VIRT_IOMMU_SMMUV3) {
        fdt_add_smmuv3(&b, pcie_path);
    }
    /*
     * A 64-bit CPU booting firmware with ACPI gets a GED for the power
     * button instead (virt-4.2 and later)
     */
    if (v->compat.no_ged || !v->cpu->aarch64 || !v->firmware_loaded ||
        !v->acpi) {
        fdt_add_gpio_keys(&b);
    }
    if (v->secure && !v->compat.no_secure_gpio) {
        fdt_add_secure_gpio(&b);
    }
    fdt_add_virtio_mmio(&b);
    fdt_add_fw_cfg(&b);
    fdt_add_platform_bus(&b);

    /* hw/arm/boot.c */
    fdt_add_memory(&b);
    fdt_add_boot_chosen(&b, &img);
    fdt_add_psci(&b);

    if (!fdt_ok(&b)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT, "%s: %s",
                    b.err_where, fdt_strerror(b.err));
        fdt_builder_clear(&b);
        return false;
    }
    ret = fdt_check_full(b.fdt, VIRT_FDT_MAX_SIZE);
    if (ret < 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_FDT,
                    "the device tree fails its check: %s", fdt_strerror(ret));
        fdt_builder_clear(&b);
        return false;
    }
    *size = fdt_totalsize(b.fdt);
    *blob = g_steal_pointer(&b.fdt);
    fdt_builder_clear(&b);
    return true;
}

bool virt_fdt_write(const VirtMachineState *vms, const char *path,
                    GError **errp)
{
    g_autofree void *blob = NULL;
    size_t size;

    if (!virt_fdt_build(vms, &blob, &size, errp)) {
        return false;
    }
    return virt_write_file_atomic(path, blob, size, errp);
}
