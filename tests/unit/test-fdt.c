/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the device tree writer (hw/arm/virt-fdt-build.c).
 *
 * Boards are built the way the CLI builds them (virt_cmdline_parse +
 * virt_machine_init), then the blob is checked against what the QEMU 7.2
 * facts say (docs/devel/fdt.md, docs/system/arm/virt.rst) and against the
 * state it was built from. Nothing here compares with a stored output of
 * virtboard; tests/qtest/virt-dtb-test compares with QEMU itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"
#include "test-util.h"

typedef struct Board {
    VirtOptions opts;
    VirtMachineState vms;
    void *fdt;
    size_t size;
} Board;

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

/* Parse @cmdline and resolve it; false if QEMU would refuse it too */
static bool board_init(Board *b, const char *cmdline, GError **errp)
{
    g_auto(GStrv) argv = NULL;
    VirtHelpRequest help = VIRT_HELP_NONE;

    memset(b, 0, sizeof(*b));
    virt_options_init(&b->opts);
    return g_shell_parse_argv(cmdline, NULL, &argv, errp) &&
           virt_cmdline_parse(&b->opts, g_strv_length(argv), argv, &help,
                              errp) &&
           virt_machine_init(&b->vms, &b->opts, errp);
}

static void board_clear(Board *b)
{
    g_free(b->fdt);
    virt_options_clear(&b->opts);
}

/* Build @cmdline's tree; the configuration must be valid */
static void board_build(Board *b, const char *cmdline)
{
    g_autoptr(GError) err = NULL;

    if (!board_init(b, cmdline, &err) ||
        !virt_fdt_build(&b->vms, &b->fdt, &b->size, &err)) {
        ck_abort_msg("%s: %s", cmdline, err->message);
    }
}

static int node(const Board *b, const char *path)
{
    int off = fdt_path_offset(b->fdt, path);

    ck_assert_msg(off >= 0, "no node %s", path);
    return off;
}

static bool has_node(const Board *b, const char *path)
{
    return fdt_path_offset(b->fdt, path) >= 0;
}

/* Property @name of @path as cells; *n = number of cells, NULL if absent */
static const fdt32_t *cells(const Board *b, const char *path,
                            const char *name, int *n)
{
    int len;
    const fdt32_t *p = fdt_getprop(b->fdt, node(b, path), name, &len);

    *n = p ? len / 4 : -1;
    return p;
}

static uint32_t cell(const Board *b, const char *path, const char *name,
                     int i)
{
    int n;
    const fdt32_t *p = cells(b, path, name, &n);

    ck_assert_msg(p != NULL && i < n, "%s %s[%d] missing", path, name, i);
    return fdt32_to_cpu(p[i]);
}

static uint64_t cell64(const Board *b, const char *path, const char *name,
                       int i)
{
    return ((uint64_t)cell(b, path, name, i) << 32) |
           cell(b, path, name, i + 1);
}

static const char *str(const Board *b, const char *path, const char *name)
{
    return fdt_getprop(b->fdt, node(b, path), name, NULL);
}

static char *pcie_path(const Board *b)
{
    return g_strdup_printf("/pcie@%" G_GINT64_MODIFIER "x",
                           (guint64)b->vms.memmap.entry[VIRT_PCIE_MMIO].base);
}

/* ---- structural invariants, over a sweep of configurations ---- */

static int phandle_node(const Board *b, uint32_t ph)
{
    int off = fdt_node_offset_by_phandle(b->fdt, ph);

    ck_assert_msg(off >= 0, "phandle 0x%x points nowhere", ph);
    return off;
}

/* Every phandle reference names a node, and phandles are unique */
static void check_references(const Board *b)
{
    static const struct {
        const char *name;
        int first;   /* index of the phandle in the first entry */
        int stride;  /* cells per entry, 0: one reference only */
    } refs[] = {
        { "interrupt-parent", 0, 0 }, { "clocks", 0, 1 },
        { "gpios", 0, 0 }, { "msi-map", 1, 0 }, { "iommu-map", 1, 0 },
        { "cpu", 0, 0 }, { "interrupt-map", 4, 10 },
    };
    g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
    int off, depth = 0;

    for (off = 0; off >= 0 && depth >= 0;
         off = fdt_next_node(b->fdt, off, &depth)) {
        uint32_t ph = fdt_get_phandle(b->fdt, off);

        if (ph) {
            ck_assert_msg(ph >= b->vms.phandle_start,
                          "phandle 0x%x below phandle-start", ph);
            ck_assert_msg(!g_hash_table_contains(seen, GUINT_TO_POINTER(ph)),
                          "phandle 0x%x used twice", ph);
            g_hash_table_add(seen, GUINT_TO_POINTER(ph));
        }
        for (size_t r = 0; r < G_N_ELEMENTS(refs); r++) {
            int len;
            const fdt32_t *p = fdt_getprop(b->fdt, off, refs[r].name, &len);

            if (p == NULL) {
                continue;
            }
            for (int i = refs[r].first; i < len / 4;
                 i += refs[r].stride ? refs[r].stride : len) {
                phandle_node(b, fdt32_to_cpu(p[i]));
            }
        }
    }
}

static const char *const sweep_cpus[] = {
    "cortex-a7", "cortex-a15", "cortex-a35", "cortex-a53", "cortex-a57",
    "cortex-a72", "cortex-a76", "a64fx", "neoverse-n1", "max",
};
static const char *const sweep_machines[] = {
    "virt", "virt,gic-version=3", "virt,gic-version=3,its=off",
    "virt,gic-version=4,virtualization=on", "virt,secure=on",
    "virt,virtualization=on", "virt,iommu=smmuv3,gic-version=max",
    "virt,highmem=off", "virt,secure=on,virtualization=on",
};
static const char *const sweep_rest[] = {
    "-m 1G", "-m 2G -smp 4", "-m 1G -smp 8,sockets=2,threads=2",
    "-m 1G,slots=2,maxmem=600G -smp 2", "-m 1G -smp 200",
};
#define SWEEP_N (G_N_ELEMENTS(sweep_cpus) * G_N_ELEMENTS(sweep_machines) * \
                 G_N_ELEMENTS(sweep_rest))

START_TEST(test_sweep)
{
    size_t i = _i;
    const char *cpu = sweep_cpus[i % G_N_ELEMENTS(sweep_cpus)];
    const char *mach = sweep_machines[(i / G_N_ELEMENTS(sweep_cpus)) %
                                      G_N_ELEMENTS(sweep_machines)];
    const char *rest = sweep_rest[i / (G_N_ELEMENTS(sweep_cpus) *
                                       G_N_ELEMENTS(sweep_machines))];
    g_autofree char *cmd = g_strdup_printf("-M %s,dtb-randomness=off "
                                           "-cpu %s %s", mach, cpu, rest);
    g_autoptr(GError) err = NULL;
    Board b;
    int off, depth = 0, virtio = 0, cpus = 0;

    /*
     * Combinations QEMU refuses (GICv2 with 200 CPUs, ...) are skipped,
     * but the plain ones must all be accepted.
     */
    if (!board_init(&b, cmd, &err)) {
        ck_assert_msg(i >= 2 * G_N_ELEMENTS(sweep_cpus) ||
                      strcmp(rest, "-m 1G") != 0,
                      "%s: %s", cmd, err->message);
        board_clear(&b);
        return;
    }
    ck_assert_msg(virt_fdt_build(&b.vms, &b.fdt, &b.size, &err), "%s: %s",
                  cmd, err ? err->message : "");
    ck_assert_int_eq(fdt_check_full(b.fdt, b.size), 0);
    ck_assert_uint_eq(b.size, VIRT_FDT_MAX_SIZE);
    ck_assert_uint_eq(fdt_totalsize(b.fdt), VIRT_FDT_MAX_SIZE);
    check_references(&b);

    for (off = 0; off >= 0 && depth >= 0;
         off = fdt_next_node(b.fdt, off, &depth)) {
        int namelen;
        const char *name = fdt_get_name(b.fdt, off, &namelen);

        ck_assert_msg(name != NULL, "node at %d: %s", off,
                      fdt_strerror(namelen));
        virtio += g_str_has_prefix(name, "virtio_mmio@");
        cpus += depth == 2 && g_str_has_prefix(name, "cpu@");
    }
    ck_assert_int_eq(virtio, VIRT_NUM_VIRTIO_TRANSPORTS);
    ck_assert_int_eq(cpus, (int)b.vms.smp.cpus);
    /* The root's interrupt parent is the GIC */
    ck_assert_int_eq(phandle_node(&b, cell(&b, "/", "interrupt-parent", 0)),
                     node(&b, "/intc@8000000"));
    board_clear(&b);
}
END_TEST

/* ---- one flag at a time ---- */

/* memmap.md §5.2: the 64-bit window is the third "ranges" triple */
START_TEST(test_highmem_mmio)
{
    Board on, off;
    g_autofree char *pon = NULL;
    g_autofree char *poff = NULL;
    const MemMapEntry *mmio64;
    int n;

    board_build(&on, "-M virt,dtb-randomness=off -cpu max -m 1G");
    board_build(&off, "-M virt,highmem=off,dtb-randomness=off -cpu max");
    pon = pcie_path(&on);
    poff = pcie_path(&off);
    ck_assert(on.vms.highmem_mmio);
    ck_assert(!off.vms.highmem_mmio);

    cells(&on, pon, "ranges", &n);
    ck_assert_int_eq(n, 3 * 7);
    mmio64 = &on.vms.memmap.entry[VIRT_HIGH_PCIE_MMIO];
    ck_assert_uint_eq(cell(&on, pon, "ranges", 14), 0x03000000);
    ck_assert_uint_eq(cell64(&on, pon, "ranges", 15), mmio64->base);
    ck_assert_uint_eq(cell64(&on, pon, "ranges", 17), mmio64->base);
    ck_assert_uint_eq(cell64(&on, pon, "ranges", 19), mmio64->size);

    cells(&off, poff, "ranges", &n);
    ck_assert_int_eq(n, 2 * 7);
    /* I/O then 32-bit MMIO, 1:1 at 0x1000_0000 */
    ck_assert_uint_eq(cell(&off, poff, "ranges", 0), 0x01000000);
    ck_assert_uint_eq(cell64(&off, poff, "ranges", 3), 0x3eff0000);
    ck_assert_uint_eq(cell(&off, poff, "ranges", 7), 0x02000000);
    ck_assert_uint_eq(cell64(&off, poff, "ranges", 8), 0x10000000);
    ck_assert_uint_eq(cell64(&off, poff, "ranges", 12), 0x2eff0000);
    board_clear(&on);
    board_clear(&off);
}
END_TEST

/* memmap.md §5.1: reg and bus-range follow the ECAM in use */
START_TEST(test_ecam)
{
    Board high, low;
    g_autofree char *ph = NULL;
    g_autofree char *pl = NULL;

    board_build(&high, "-M virt,dtb-randomness=off -cpu max -m 1G");
    board_build(&low, "-M virt,highmem=off,dtb-randomness=off -cpu max");
    ph = pcie_path(&high);
    pl = pcie_path(&low);
    ck_assert_int_eq(high.vms.ecam_id, VIRT_HIGH_PCIE_ECAM);
    ck_assert_int_eq(low.vms.ecam_id, VIRT_PCIE_ECAM);

    ck_assert_str_eq(ph, "/pcie@10000000");
    ck_assert_uint_eq(cell64(&high, ph, "reg", 0),
                      high.vms.memmap.entry[VIRT_HIGH_PCIE_ECAM].base);
    ck_assert_uint_eq(cell64(&high, ph, "reg", 2), 256 * VIRT_MiB);
    ck_assert_uint_eq(cell(&high, ph, "bus-range", 1), 255);

    ck_assert_uint_eq(cell64(&low, pl, "reg", 0), 0x3f000000);
    ck_assert_uint_eq(cell64(&low, pl, "reg", 2), 16 * VIRT_MiB);
    ck_assert_uint_eq(cell(&low, pl, "bus-range", 0), 0);
    ck_assert_uint_eq(cell(&low, pl, "bus-range", 1), 15);
    board_clear(&high);
    board_clear(&low);
}
END_TEST

/* dt-acpi.md §1.4: 123 CPUs fit the low redistributor region */
START_TEST(test_redist_regions)
{
    Board one, two;
    const MemMapEntry *r2;
    int n;

    board_build(&one, "-M virt,gic-version=3,dtb-randomness=off -cpu max "
                      "-smp 123");
    board_build(&two, "-M virt,gic-version=3,dtb-randomness=off -cpu max "
                      "-smp 124");
    ck_assert_uint_eq(one.vms.redist_region_count, 1);
    ck_assert_uint_eq(two.vms.redist_region_count, 2);

    ck_assert_uint_eq(cell(&one, "/intc@8000000", "#redistributor-regions",
                           0), 1);
    cells(&one, "/intc@8000000", "reg", &n);
    ck_assert_int_eq(n, 2 * 4);
    ck_assert_uint_eq(cell64(&one, "/intc@8000000", "reg", 4), 0x080a0000);
    ck_assert_uint_eq(cell64(&one, "/intc@8000000", "reg", 6), 0xf60000);

    ck_assert_uint_eq(cell(&two, "/intc@8000000", "#redistributor-regions",
                           0), 2);
    cells(&two, "/intc@8000000", "reg", &n);
    ck_assert_int_eq(n, 3 * 4);
    r2 = &two.vms.memmap.entry[VIRT_HIGH_GIC_REDIST2];
    ck_assert_uint_eq(cell64(&two, "/intc@8000000", "reg", 8), r2->base);
    ck_assert_uint_eq(cell64(&two, "/intc@8000000", "reg", 10), 64 * VIRT_MiB);
    board_clear(&one);
    board_clear(&two);
}
END_TEST

/* dt-acpi.md §1.2: GICv2 PPI flags carry the CPU mask, GICv3 ones not */
START_TEST(test_ppi_mask)
{
    unsigned ncpus = _i + 1;
    g_autofree char *v2 = g_strdup_printf(
        "-M virt,dtb-randomness=off -cpu max -smp %u", ncpus);
    g_autofree char *v3 = g_strdup_printf(
        "-M virt,gic-version=3,dtb-randomness=off -cpu max -smp %u", ncpus);
    Board a, b;

    board_build(&a, v2);
    board_build(&b, v3);
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(cell(&a, "/timer", "interrupts", 3 * i + 2),
                          (((1u << ncpus) - 1) << 8) | 4);
        ck_assert_uint_eq(cell(&b, "/timer", "interrupts", 3 * i + 2), 4);
    }
    ck_assert_uint_eq(cell(&a, "/pmu", "interrupts", 2),
                      (((1u << ncpus) - 1) << 8) | 4);
    /* enable-method only with more than one CPU */
    ck_assert((fdt_getprop(a.fdt, node(&a, "/cpus/cpu@0"), "enable-method",
                           NULL) != NULL) == (ncpus > 1));
    board_clear(&a);
    board_clear(&b);
}
END_TEST

/* dt-acpi.md §1.5: the PSCI presence rule and function IDs */
START_TEST(test_psci)
{
    g_autofree char *kernel = tmp_path("kernel");
    g_autofree char *bios = tmp_path("bios");
    g_autofree char *seck = NULL;
    g_autofree char *secbios = NULL;
    Board b;

    ck_assert(g_file_set_contents(kernel, "kernel", -1, NULL));
    ck_assert(g_file_set_contents(bios, "bios", -1, NULL));

    board_build(&b, "-M virt,dtb-randomness=off -cpu max");
    ck_assert_str_eq(str(&b, "/psci", "method"), "hvc");
    ck_assert_uint_eq(cell(&b, "/psci", "cpu_on", 0), 0xc4000003);
    ck_assert_uint_eq(cell(&b, "/psci", "cpu_off", 0), 0x84000002);
    board_clear(&b);

    board_build(&b, "-M virt,virtualization=on,dtb-randomness=off -cpu max");
    ck_assert_str_eq(str(&b, "/psci", "method"), "smc");
    board_clear(&b);

    board_build(&b, "-M virt,dtb-randomness=off -cpu cortex-a15");
    ck_assert_uint_eq(cell(&b, "/psci", "cpu_suspend", 0), 0x84000001);
    ck_assert_uint_eq(cell(&b, "/psci", "cpu_on", 0), 0x84000003);
    ck_assert_uint_eq(cell(&b, "/psci", "migrate", 0), 0x84000005);
    ck_assert_str_eq(str(&b, "/timer", "compatible"), "arm,armv7-timer");
    board_clear(&b);

    /* secure=on: the guest starts at EL3, no node; a kernel gets HVC */
    board_build(&b, "-M virt,secure=on,dtb-randomness=off -cpu max -smp 2");
    ck_assert(!has_node(&b, "/psci"));
    ck_assert_str_eq(str(&b, "/cpus/cpu@1", "enable-method"), "psci");
    board_clear(&b);

    seck = g_strdup_printf("-M virt,secure=on,dtb-randomness=off -cpu max "
                           "-kernel %s", kernel);
    board_build(&b, seck);
    ck_assert_str_eq(str(&b, "/psci", "method"), "hvc");
    board_clear(&b);

    /* secure firmware owns PSCI: no node and no enable-method */
    secbios = g_strdup_printf("-M virt,secure=on,dtb-randomness=off "
                              "-cpu max -smp 2 -bios %s", bios);
    board_build(&b, secbios);
    ck_assert(!has_node(&b, "/psci"));
    ck_assert(fdt_getprop(b.fdt, node(&b, "/cpus/cpu@1"), "enable-method",
                          NULL) == NULL);
    board_clear(&b);
}
END_TEST

/* dt-acpi.md §0.3: firmware + ACPI replaces the PL061 with a GED */
START_TEST(test_firmware_gpio)
{
    g_autofree char *bios = tmp_path("bios");
    g_autofree char *fw = NULL;
    g_autofree char *fw_noacpi = NULL;
    g_autofree char *fw32 = NULL;
    Board b;

    ck_assert(g_file_set_contents(bios, "bios", -1, NULL));
    fw = g_strdup_printf("-M virt,dtb-randomness=off -cpu max -bios %s", bios);
    fw_noacpi = g_strdup_printf("-M virt,acpi=off,dtb-randomness=off "
                                "-cpu max -bios %s", bios);
    fw32 = g_strdup_printf("-M virt,dtb-randomness=off -cpu cortex-a15 "
                           "-bios %s", bios);

    board_build(&b, "-M virt,dtb-randomness=off -cpu max");
    ck_assert(has_node(&b, "/pl061@9030000"));
    ck_assert_uint_eq(cell(&b, "/gpio-keys/poweroff", "gpios", 0),
                      fdt_get_phandle(b.fdt, node(&b, "/pl061@9030000")));
    ck_assert_uint_eq(cell(&b, "/gpio-keys/poweroff", "linux,code", 0), 116);
    board_clear(&b);

    board_build(&b, fw);
    ck_assert(!has_node(&b, "/pl061@9030000"));
    ck_assert(!has_node(&b, "/gpio-keys"));
    board_clear(&b);

    board_build(&b, fw_noacpi);
    ck_assert(has_node(&b, "/gpio-keys"));
    board_clear(&b);

    /* the GED is only created for 64-bit CPUs */
    board_build(&b, fw32);
    ck_assert(has_node(&b, "/gpio-keys"));
    board_clear(&b);
}
END_TEST

/* dt-acpi.md §1.2: phandles from phandle-start, clock first */
START_TEST(test_phandles)
{
    Board b;
    uint32_t gic;

    board_build(&b, "-M virt,phandle-start=0x100,dtb-randomness=off "
                    "-cpu max -smp 3");
    ck_assert_uint_eq(fdt_get_phandle(b.fdt, node(&b, "/apb-pclk")), 0x100);
    /* CPUs from the highest index down, then the GIC, then v2m */
    ck_assert_uint_eq(fdt_get_phandle(b.fdt, node(&b, "/cpus/cpu@2")), 0x101);
    ck_assert_uint_eq(fdt_get_phandle(b.fdt, node(&b, "/cpus/cpu@0")), 0x103);
    gic = fdt_get_phandle(b.fdt, node(&b, "/intc@8000000"));
    ck_assert_uint_eq(gic, 0x104);
    ck_assert_uint_eq(fdt_get_phandle(b.fdt,
                                      node(&b, "/intc@8000000/v2m@8020000")),
                      0x105);
    ck_assert_uint_eq(cell(&b, "/cpus/cpu-map/socket0/cluster0/core2", "cpu",
                           0), 0x101);
    board_clear(&b);
}
END_TEST

/* dt-acpi.md §1.6: seeds only with dtb-randomness, fresh every build */
START_TEST(test_randomness)
{
    Board a, b, off;
    const void *sa, *sb;
    int la, lb;

    board_build(&a, "-M virt,secure=on -cpu max");
    board_build(&b, "-M virt,secure=on -cpu max");
    board_build(&off, "-M virt,secure=on,dtb-randomness=off -cpu max");

    for (int i = 0; i < 2; i++) {
        const char *path = i ? "/secure-chosen" : "/chosen";

        sa = fdt_getprop(a.fdt, node(&a, path), "rng-seed", &la);
        sb = fdt_getprop(b.fdt, node(&b, path), "rng-seed", &lb);
        ck_assert_int_eq(la, 32);
        ck_assert_int_eq(lb, 32);
        ck_assert(memcmp(sa, sb, 32) != 0);
        ck_assert(fdt_getprop(a.fdt, node(&a, path), "kaslr-seed", &la));
        ck_assert_int_eq(la, 8);
        ck_assert(!fdt_getprop(off.fdt, node(&off, path), "rng-seed", NULL));
        ck_assert(!fdt_getprop(off.fdt, node(&off, path), "kaslr-seed",
                               NULL));
    }
    board_clear(&a);
    board_clear(&b);
    board_clear(&off);
}
END_TEST

/* -append and -initrd land in /chosen (initrd at RAM + min(RAM/2, 128M)) */
START_TEST(test_chosen_boot)
{
    g_autofree char *kernel = tmp_path("kernel");
    g_autofree char *initrd = tmp_path("initrd");
    g_autofree char *cmd = NULL;
    Board b;

    ck_assert(g_file_set_contents(kernel, "kernel", -1, NULL));
    ck_assert(g_file_set_contents(initrd, "0123456789", 10, NULL));
    cmd = g_strdup_printf("--qemu-version 10.0 "
                          "-M virt,dtb-randomness=off -cpu max -m 1G "
                          "-kernel %s -initrd %s -append 'console=ttyAMA0 rw'",
                          kernel, initrd);
    board_build(&b, cmd);
    ck_assert_str_eq(str(&b, "/chosen", "bootargs"), "console=ttyAMA0 rw");
    ck_assert_str_eq(str(&b, "/chosen", "stdout-path"), "/pl011@9000000");
    /* QEMU 10.0: two cells, as the root's #address-cells */
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-start", 0), 0);
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-start", 1),
                      0x40000000 + 128 * VIRT_MiB);
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-end", 0), 0);
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-end", 1),
                      0x40000000 + 128 * VIRT_MiB + 10);
    board_clear(&b);
    g_free(cmd);
    /* QEMU 7.2: one cell each */
    cmd = g_strdup_printf("--qemu-version 7.2 -M virt,dtb-randomness=off "
                          "-cpu max -m 1G -kernel %s -initrd %s",
                          kernel, initrd);
    board_build(&b, cmd);
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-start", 0),
                      0x40000000 + 128 * VIRT_MiB);
    ck_assert_uint_eq(cell(&b, "/chosen", "linux,initrd-end", 0),
                      0x40000000 + 128 * VIRT_MiB + 10);
    board_clear(&b);
}
END_TEST

/* ---- failures ---- */

START_TEST(test_unresolved_state)
{
    VirtMachineState vms;
    g_autoptr(GError) err = NULL;
    void *blob = (void *)&vms;
    size_t size = 12345;

    memset(&vms, 0, sizeof(vms));
    ck_assert(!virt_fdt_build(&vms, &blob, &size, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_FDT));
    /* outputs untouched on failure */
    ck_assert_ptr_eq(blob, &vms);
    ck_assert_uint_eq(size, 12345);
}
END_TEST

static void expect_build_error(const char *cmdline, int code)
{
    g_autoptr(GError) err = NULL;
    void *blob = NULL;
    size_t size = 0;
    Board b;

    ck_assert_msg(board_init(&b, cmdline, &err), "%s: %s", cmdline,
                  err ? err->message : "");
    ck_assert(!virt_fdt_build(&b.vms, &blob, &size, &err));
    ck_assert_msg(g_error_matches(err, VIRT_ERROR, code), "%s: %s", cmdline,
                  err->message);
    ck_assert_ptr_null(blob);
    board_clear(&b);
}

START_TEST(test_boot_file_errors)
{
    g_autofree char *elf = tmp_path("vmlinux");
    g_autofree char *kernel = tmp_path("kernel");
    g_autofree char *big = tmp_path("big-initrd");
    g_autofree char *missing = tmp_path("missing-kernel");
    g_autofree char *c1 = NULL;
    g_autofree char *c2 = NULL;
    g_autofree char *c3 = NULL;

    ck_assert(g_file_set_contents(elf, "\x7f" "ELF\2\1\1", 7, NULL));
    ck_assert(g_file_set_contents(kernel, "kernel", -1, NULL));
    ck_assert(g_file_set_contents(big, "x", 1, NULL));
    ck_assert_int_eq(truncate(big, 200 * 1024 * 1024), 0);

    /* an ELF kernel is placed by rules virtboard does not model */
    c1 = g_strdup_printf("-M virt -cpu max -kernel %s", elf);
    expect_build_error(c1, VIRT_ERROR_UNSUPPORTED);
    /* QEMU: "could not load initrd": 200 MiB from +64 MiB of 128 MiB */
    c2 = g_strdup_printf("-M virt -cpu max -m 128M -kernel %s -initrd %s",
                         kernel, big);
    expect_build_error(c2, VIRT_ERROR_DOES_NOT_FIT);
    g_unlink(missing);
    c3 = g_strdup_printf("-M virt -cpu max -kernel %s", missing);
    expect_build_error(c3, VIRT_ERROR_IO);
}
END_TEST

/*
 * Under KVM QEMU 7.2's tree is the TCG tree of a CPU with the host's PA
 * size, but for the CPU nodes' "compatible", which is "arm,armv8"
 * (observed on real KVM: docs/devel/kvm-testing.md; 10.0 writes
 * "arm,arm-v8"). HVF is refused.
 */
START_TEST(test_kvm_tree)
{
    g_autoptr(GError) err = NULL;
    g_autofree void *tcg = NULL, *kvm = NULL;
    size_t tcg_size = 0, kvm_size = 0;
    int cpus, off;
    Board b;

    ck_assert(board_init(&b, "--qemu-version 7.2 -M virt,gic-version=3,"
                             "dtb-randomness=off -cpu cortex-a53 -smp 2",
                         &err));
    ck_assert(virt_fdt_build(&b.vms, &tcg, &tcg_size, &err));
    board_clear(&b);
    ck_assert(board_init(&b, "--qemu-version 7.2 -M virt,dtb-randomness=off "
                             "-accel kvm --host-ipa-bits 40 -cpu host -smp 2",
                         &err));
    ck_assert(virt_fdt_build(&b.vms, &kvm, &kvm_size, &err));
    board_clear(&b);

    cpus = 0;
    fdt_for_each_subnode(off, kvm, fdt_path_offset(kvm, "/cpus")) {
        const char *compat = fdt_getprop(kvm, off, "compatible", NULL);

        if (compat) {
            ck_assert_str_eq(compat, "arm,armv8");
            cpus++;
        }
    }
    ck_assert_int_eq(cpus, 2);
    /* everything else is the TCG tree: values are padded to 4 bytes */
    ck_assert_int_eq(fdt_size_dt_struct(kvm),
                     fdt_size_dt_struct(tcg) -
                         2 * ((((int)sizeof("arm,cortex-a53") + 3) & ~3) -
                              (((int)sizeof("arm,armv8") + 3) & ~3)));
    ck_assert_int_eq(fdt_size_dt_strings(kvm), fdt_size_dt_strings(tcg));

    ck_assert(board_init(&b, "-M virt -accel hvf --host-ipa-bits 36:40 "
                             "-cpu host", &err));
    ck_assert(!virt_fdt_build(&b.vms, &kvm, &kvm_size, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED));
    board_clear(&b);
    g_clear_error(&err);

    /*
     * QEMU 11.1 gives the cpu nodes the L1 caches of the CPU (virt-6.2+):
     * the host CPU's are not known, so its tree is refused, by name;
     * virt-6.1 has no cache geometry to give
     */
    ck_assert(board_init(&b, "--qemu-version 11.1 -M virt -accel kvm "
                             "--host-ipa-bits 40 -cpu host", &err));
    ck_assert(!virt_fdt_build(&b.vms, &kvm, &kvm_size, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED));
    ck_assert(strstr(err->message, "-cpu host") != NULL);
    board_clear(&b);
    g_clear_error(&err);
    g_clear_pointer(&kvm, g_free);
    ck_assert(board_init(&b, "--qemu-version 11.1 -M virt-6.1 -accel kvm "
                             "--host-ipa-bits 40 -cpu host", &err));
    ck_assert(virt_fdt_build(&b.vms, &kvm, &kvm_size, &err));
    board_clear(&b);
}
END_TEST

START_TEST(test_write)
{
    g_autofree char *path = tmp_path("out.dtb");
    g_autofree char *nodir = tmp_path("no/such/dir/out.dtb");
    g_autofree char *elf = tmp_path("vmlinux");
    g_autofree char *cmd = NULL;
    g_autofree char *data = NULL;
    g_autoptr(GError) err = NULL;
    gsize len;
    Board b, bad;

    board_build(&b, "-M virt,dtb-randomness=off -cpu max");
    ck_assert(virt_fdt_write(&b.vms, path, &err));
    ck_assert(g_file_get_contents(path, &data, &len, NULL));
    ck_assert_uint_eq(len, b.size);
    ck_assert(memcmp(data, b.fdt, len) == 0);

    ck_assert(!virt_fdt_write(&b.vms, nodir, &err));
    ck_assert(g_error_matches(err, VIRT_ERROR, VIRT_ERROR_IO));
    ck_assert(!g_file_test(nodir, G_FILE_TEST_EXISTS));
    g_clear_error(&err);

    /* a failing build leaves the previous file alone */
    ck_assert(g_file_set_contents(elf, "\x7f" "ELF\2\1\1", 7, NULL));
    cmd = g_strdup_printf("-M virt -cpu max -kernel %s", elf);
    ck_assert(board_init(&bad, cmd, &err));
    ck_assert(!virt_fdt_write(&bad.vms, path, &err));
    g_free(data);
    data = NULL;
    ck_assert(g_file_get_contents(path, &data, &len, NULL));
    ck_assert_uint_eq(len, b.size);
    ck_assert(memcmp(data, b.fdt, len) == 0);
    board_clear(&bad);
    board_clear(&b);
}
END_TEST

static Suite *fdt_suite(void)
{
    Suite *s = suite_create("virt-fdt");
    TCase *tc = tcase_create("sweep");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_sweep, 0, SWEEP_N);
    suite_add_tcase(s, tc);

    tc = tcase_create("flags");
    tcase_add_test(tc, test_highmem_mmio);
    tcase_add_test(tc, test_ecam);
    tcase_add_test(tc, test_redist_regions);
    tcase_add_loop_test(tc, test_ppi_mask, 0, VIRT_GIC_NCPU);
    tcase_add_test(tc, test_psci);
    tcase_add_test(tc, test_firmware_gpio);
    tcase_add_test(tc, test_phandles);
    tcase_add_test(tc, test_randomness);
    tcase_add_test(tc, test_chosen_boot);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, test_unresolved_state);
    tcase_add_test(tc, test_boot_file_errors);
    tcase_add_test(tc, test_kvm_tree);
    tcase_add_test(tc, test_write);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    tmpdir = g_dir_make_tmp("test-fdt-XXXXXX", NULL);
    if (tmpdir == NULL) {
        fprintf(stderr, "test-fdt: cannot make a temporary directory\n");
        return 1;
    }
    sr = srunner_create(fdt_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    test_rm_rf(tmpdir);
    g_free(tmpdir);
    return failed ? 1 : 0;
}
