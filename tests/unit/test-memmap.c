/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory map planner and machine resolution.
 *
 * The worked examples: E* were observed on Debian's QEMU 7.2 (each row is
 * the command line given to QEMU and what QEMU did with it), D* derived
 * from the rules of later QEMU releases (docs/system/arm/virt.rst, "Memory
 * map"). The expected values are those observations, not our output.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/arm/virt.h"
#include "test-util.h"

#define NONE UINT64_MAX /* region not used */
#define ANY (UINT64_MAX - 1) /* not checked */

typedef struct MemmapCase {
    const char *id;
    const char *args;
    const char *error;      /* expected first line of the error, or NULL */
    uint64_t ecam;          /* ECAM base in use */
    uint64_t mmio;          /* 64-bit window base, NONE if not used */
    uint64_t redist2;       /* REDIST2 base, NONE if one region */
    uint64_t highest_gpa;   /* ANY: not given by the spec */
    int ipa;                /* requested IPA bits, 0: not checked */
    int kvm_type;           /* -2: not checked */
} MemmapCase;

#define LOW_ECAM 0x3f000000ULL

/* clang-format off */
static const MemmapCase cases[] = {
    { "E1", "-M virt -cpu cortex-a57 -m 4G", NULL,
      0x4010000000, 0x8000000000, NONE, 0xffffffffff, 40, -2 },
    { "E3", "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 123", NULL,
      0x4010000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E4", "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 124", NULL,
      0x4010000000, 0x8000000000, 0x4000000000, ANY, 0, -2 },
    { "E45", "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 512", NULL,
      0x4010000000, 0x8000000000, 0x4000000000, ANY, 0, -2 },
    { "E8", "-M virt,gic-version=3 -cpu cortex-a57 -m 1G -smp 513",
      "Invalid SMP CPUs 513. The max CPUs supported by machine 'virt-7.2' "
      "is 512" },
    { "E5", "-M virt,gic-version=3,highmem=off -m 1G -smp 124",
      "Capacity of the redist regions(123) does not match the number of "
      "vcpus(124)" },
    { "E25", "-M virt,gic-version=3,highmem=off -m 1G -smp 123", NULL,
      LOW_ECAM, NONE, NONE, ANY, 0, -2 },
    { "E6", "-M virt,gic-version=2 -smp 9",
      "Number of SMP CPUs requested (9) exceeds max CPUs supported by "
      "machine 'mach-virt' (8)" },
    { "E7", "-M virt -smp 9",
      "Number of SMP CPUs requested (9) exceeds max CPUs supported by "
      "machine 'mach-virt' (8)" },
    { "E21", "-M virt,gic-version=4,virtualization=on -cpu max -smp 61",
      NULL, 0x4010000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E22", "-M virt,gic-version=4,virtualization=on -cpu max -smp 62",
      NULL, 0x4010000000, 0x8000000000, 0x4000000000, ANY, 0, -2 },
    { "E23", "-M virt,gic-version=4,virtualization=on -cpu max -smp 318",
      "Number of SMP CPUs requested (318) exceeds max CPUs supported by "
      "machine 'mach-virt' (317)" },
    { "E24", "-M virt,gic-version=4",
      "gic-version=4 requires virtualization enabled" },
    { "E9", "-M virt,highmem=off -cpu cortex-a57 -m 3G", NULL,
      LOW_ECAM, NONE, NONE, 0xffffffff, 32, -2 },
    { "E10", "-M virt,highmem=off -m 4G",
      "Addressing limited to 32 bits, but memory exceeds it by 1073741824 "
      "bytes" },
    { "E43", "-M virt,highmem=off -m 1G,slots=1,maxmem=2G", NULL,
      LOW_ECAM, NONE, NONE, 0xffffffff, 32, -2 },
    { "E42", "-M virt,highmem=off -m 1G,slots=2,maxmem=2G",
      "Addressing limited to 32 bits, but memory exceeds it by 1073741824 "
      "bytes" },
    { "E44", "-M virt,highmem=off -m 1500M,slots=1,maxmem=2G",
      "Addressing limited to 32 bits, but memory exceeds it by 1073741824 "
      "bytes" },
    { "E31", "-M virt -cpu cortex-a57 -m 1G,slots=1,maxmem=254G", NULL,
      0x4010000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E30", "-M virt -cpu cortex-a57 -m 1G,slots=1,maxmem=255G", NULL,
      0x4050000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E46", "-M virt -cpu cortex-a53 -m 4G,maxmem=511G", NULL,
      0x8010000000, NONE, NONE, 0x801fffffff, 40, -2 },
    { "E12", "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, NONE, NONE, ANY, 0, -2 },
    { "E27", "-M virt -cpu cortex-a76 -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, NONE, NONE, ANY, 0, -2 },
    { "E28", "-M virt -cpu a64fx -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, NONE, NONE, ANY, 0, -2 },
    { "E36", "-M virt -cpu cortex-a35 -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, NONE, NONE, ANY, 0, -2 },
    { "E13", "-M virt -cpu cortex-a57 -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, 0x10000000000, NONE, 0x17fffffffff, 41, -2 },
    { "E29", "-M virt -cpu cortex-a72 -m 1G,slots=1,maxmem=520G", NULL,
      0x8290000000, 0x10000000000, NONE, 0x17fffffffff, 41, -2 },
    { "E15", "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=1021G", NULL,
      0xffd0000000, NONE, NONE, ANY, 0, -2 },
    { "E14", "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=1100G",
      "Addressing limited to 40 bits, but memory exceeds it by 83751862272 "
      "bytes" },
    { "E26", "-M virt -cpu neoverse-n1 -m 1G,slots=1,maxmem=1100G", NULL,
      0x11390000000, 0x18000000000, NONE, ANY, 0, -2 },
    { "E40", "-M virt,gic-version=3 -cpu cortex-a57 "
      "-m 1G,slots=1,maxmem=16000G -smp 124", NULL,
      0xfa090000000, NONE, 0xfa080000000, ANY, 44, -2 },
    { "E19", "-M virt -cpu max -m 1G,slots=1,maxmem=4000G", NULL,
      0x3e890000000, 0x40000000000, NONE, ANY, 0, -2 },
    { "E16", "-M virt -cpu cortex-a15 -m 3G", NULL,
      0x4010000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E17", "-M virt -cpu cortex-a15 -m 3G -bios dummy.bin", NULL,
      LOW_ECAM, 0x8000000000, NONE, ANY, 0, -2 },
    { "E38", "-M virt -cpu cortex-a7 -m 4G", NULL,
      0x4010000000, 0x8000000000, NONE, ANY, 0, -2 },
    { "E18", "-M virt-2.12 -cpu cortex-a57 -m 1G", NULL,
      LOW_ECAM, 0x8000000000, NONE, ANY, 0, -2 },
    { "E20", "-M virt -m 1G,slots=257,maxmem=300G",
      "unsupported number of memory slots: 257" },
    { "E41", "-M virt -cpu max -m 1G,slots=1,maxmem=18446744072635809792",
      "maxmem/slots too huge" },
    { "E34", "-M virt -cpu cortex-a53 -m 1G,slots=1,maxmem=16383P",
      "Addressing limited to 40 bits, but memory exceeds it by "
      "18445617076438564864 bytes" },
    /* 8.2: KVM and HVF hosts, 8.0+ properties */
    { "D4", "-M virt -accel kvm --host-ipa-bits 36 -cpu host -m 4G", NULL,
      LOW_ECAM, NONE, NONE, 0x13fffffff, 33, 33 },
    { "D4-63G", "-M virt -accel kvm --host-ipa-bits 36 -cpu host -m 63G",
      NULL, LOW_ECAM, NONE, NONE, 0xfffffffff, 36, 36 },
    /* under KVM the map is computed in the accelerator's kvm_type hook,
     * so QEMU prefixes its location (observed on real, nested KVM:
     * docs/devel/kvm-testing.md) */
    { "D4-64G", "-M virt -accel kvm --host-ipa-bits 36 -cpu host -m 64G",
      "-accel kvm: Addressing limited to 36 bits, but memory exceeds it by "
      "1073741824 bytes" },
    { "D5", "-M virt -accel kvm --host-ipa-bits 39 -cpu host -m 4G", NULL,
      0x4010000000, NONE, NONE, 0x401fffffff, 39, 39 },
    { "D6", "-M virt -accel kvm --host-ipa-bits 48 -cpu host -m 4G", NULL,
      0x4010000000, 0x8000000000, NONE, 0xffffffffff, 40, 40 },
    { "D7", "-M virt -accel kvm --host-ipa-bits none -cpu host -m 4G", NULL,
      0x4010000000, 0x8000000000, NONE, 0xffffffffff, 40, 0 },
    { "D8", "-M virt,highmem=off -accel kvm --host-ipa-bits 40 -cpu host "
      "-m 1G", NULL, LOW_ECAM, NONE, NONE, 0x7fffffff, 32, 32 },
    { "D14", "-M virt -accel hvf --host-ipa-bits 36:40 -cpu host -m 4G",
      NULL, 0x4010000000, 0x8000000000, NONE, 0xffffffffff, 40, -1 },
    { "D14-36", "-M virt -accel hvf --host-ipa-bits 36:36 -cpu host -m 4G",
      NULL, LOW_ECAM, NONE, NONE, 0x13fffffff, 36, -1 },
};

/*
 * Rows that need a later release: 8.0's compact-highmem and
 * highmem-redists/-ecam/-mmio, 10.0's highmem-mmio-size (QEMU 7.2 refuses
 * them: "Property 'virt-7.2-machine.highmem-mmio' not found"). 10.0 is the
 * first of them virtboard will model (issue 14); they run once it does.
 */
typedef struct LaterCase {
    const char *release;
    MemmapCase c;
} LaterCase;

#define LATER(...) { "10.0", { __VA_ARGS__ } }
static const LaterCase later_cases[] = {
    LATER("D9", "-M virt,highmem-redists=off,highmem-ecam=off -cpu cortex-a53 "
      "-m 4G,maxmem=511G", NULL,
      LOW_ECAM, 0x8000000000, NONE, 0xffffffffff, 40, -2 ),
    LATER("D9-legacy", "-M virt,highmem-redists=off,highmem-ecam=off,"
      "compact-highmem=off -cpu cortex-a53 -m 4G,maxmem=511G", NULL,
      LOW_ECAM, NONE, NONE, 0x801fffffff, 40, -2 ),
    LATER("D10", "-M virt,highmem-mmio=off -accel kvm --host-ipa-bits 40 "
      "-cpu host -m 4G", NULL,
      0x4010000000, NONE, NONE, 0x401fffffff, 39, 39 ),
    LATER("D10-legacy", "-M virt,highmem-mmio=off,compact-highmem=off "
      "-accel kvm --host-ipa-bits 40 -cpu host -m 4G", NULL,
      0x4010000000, NONE, NONE, 0xffffffffff, 40, 40 ),
    LATER("D11", "-M virt,highmem=off,highmem-redists=on,gic-version=3 "
      "-m 1G -smp 124",
      "Number of SMP CPUs requested (124) exceeds max CPUs supported by "
      "machine 'mach-virt' (123)" ),
    LATER("D12", "-M virt,highmem-mmio-size=1T -cpu cortex-a57 -m 4G", NULL,
      0x4010000000, 0x10000000000, NONE, 0x1ffffffffff, 41, -2 ),
    LATER("D12-40", "-M virt,highmem-mmio-size=1T -cpu cortex-a53 -m 4G", NULL,
      0x4010000000, NONE, NONE, 0x401fffffff, 39, -2 ),
    LATER("D13", "-M virt,highmem-mmio-size=768G",
      "highmem-mmio-size is not a power of 2" ),
};
#undef LATER
/* clang-format on */

static bool init_from_args(const char *args, VirtMachineState *vms,
                           GError **errp)
{
    g_auto(VirtOptions) opts;
    g_auto(GStrv) argv = NULL;
    VirtHelpRequest help;
    int argc;

    virt_options_init(&opts);
    ck_assert(g_shell_parse_argv(args, &argc, &argv, NULL));
    return virt_cmdline_parse(&opts, argc, argv, &help, errp) &&
           virt_machine_init(vms, &opts, errp);
}

/* Run case @c on release @release (NULL: the default) */
static void check_case(const MemmapCase *c, const char *release)
{
    VirtMachineState vms;
    g_autoptr(GError) err = NULL;
    g_autofree char *args =
        release ? g_strdup_printf("--qemu-version %s %s", release, c->args)
                : g_strdup(c->args);
    bool ok = init_from_args(args, &vms, &err);
    uint64_t mmio, redist2;

    if (c->error) {
        ck_assert_msg(!ok, "%s: accepted, expected '%s'", c->id, c->error);
        ck_assert_msg(g_str_has_prefix(err->message, c->error),
                      "%s: got '%s', expected '%s'", c->id, err->message,
                      c->error);
        return;
    }
    ck_assert_msg(ok, "%s: refused: %s", c->id, err ? err->message : "");
    ck_assert_msg(vms.memmap.entry[vms.ecam_id].base == c->ecam,
                  "%s: ECAM 0x%" G_GINT64_MODIFIER "x", c->id,
                  (guint64)vms.memmap.entry[vms.ecam_id].base);
    mmio = vms.highmem_mmio ? vms.memmap.entry[VIRT_HIGH_PCIE_MMIO].base
                            : NONE;
    ck_assert_msg(mmio == c->mmio, "%s: window 0x%" G_GINT64_MODIFIER "x",
                  c->id, (guint64)mmio);
    redist2 = vms.redist_region_count == 2
                  ? vms.memmap.entry[VIRT_HIGH_GIC_REDIST2].base
                  : NONE;
    ck_assert_msg(redist2 == c->redist2, "%s: redist2 0x%" G_GINT64_MODIFIER
                  "x", c->id, (guint64)redist2);
    if (c->highest_gpa != ANY) {
        ck_assert_msg(vms.memmap.highest_gpa == c->highest_gpa,
                      "%s: highest 0x%" G_GINT64_MODIFIER "x", c->id,
                      (guint64)vms.memmap.highest_gpa);
    }
    if (c->ipa) {
        ck_assert_int_eq(vms.requested_ipa_bits, c->ipa);
    }
    if (c->kvm_type != -2) {
        ck_assert_int_eq(vms.kvm_type, c->kvm_type);
    }
}

START_TEST(test_spec_examples)
{
    /* the spec examples were observed on QEMU 7.2 (memmap.md) */
    check_case(&cases[_i], "7.2");
}
END_TEST

START_TEST(test_later_examples)
{
    const LaterCase *l = &later_cases[_i];

    if (test_release_modelled(l->release, l->c.id)) {
        check_case(&l->c, l->release);
    }
}
END_TEST

/* The 8.0+ hint follows the error when highmem-redists is the limit */
START_TEST(test_redists_hint)
{
    VirtMachineState vms;
    g_autoptr(GError) err = NULL;

    if (!test_release_modelled("10.0", "test_redists_hint")) {
        return;
    }
    ck_assert(!init_from_args("--qemu-version 10.0 "
                              "-M virt,gic-version=3,highmem-redists=off "
                              "-m 1G -smp 124",
                              &vms, &err));
    ck_assert_str_eq(err->message,
                     "Number of SMP CPUs requested (124) exceeds max CPUs "
                     "supported by machine 'mach-virt' (123)\n"
                     "Try 'highmem-redists=on' for more CPUs");
}
END_TEST

/* Compact vs legacy with highmem-redists=off (memmap.md 3.6) */
START_TEST(test_compact_redists_off)
{
    VirtMachineState vms;
    g_autoptr(GError) err = NULL;

    if (!test_release_modelled("10.0", "test_compact_redists_off")) {
        return;
    }
    ck_assert(init_from_args("--qemu-version 10.0 "
                             "-M virt,highmem-redists=off -cpu cortex-a57 "
                             "-m 1G",
                             &vms, &err));
    ck_assert_uint_eq(vms.memmap.entry[VIRT_HIGH_PCIE_ECAM].base,
                      0x4000000000);
    ck_assert_uint_eq(vms.memmap.entry[VIRT_HIGH_PCIE_MMIO].base,
                      0x8000000000);
    ck_assert(init_from_args("--qemu-version 10.0 "
                             "-M virt,highmem-redists=off,"
                             "compact-highmem=off -cpu cortex-a57 -m 1G",
                             &vms, &err));
    ck_assert_uint_eq(vms.memmap.entry[VIRT_HIGH_PCIE_ECAM].base,
                      0x4010000000);
}
END_TEST

/* The planner alone: pure, no side effects on failure paths */
START_TEST(test_plan_pure)
{
    VirtMemMapRequest req = {
        .ram_size = VIRT_GiB, .maxram_size = VIRT_GiB, .pa_bits = 40,
        .highmem = true, .enabled = { true, true, true },
        .high_mmio_size = VIRT_HIGH_PCIE_MMIO_DEFAULT_SIZE,
    };
    VirtMemMap a, b;

    ck_assert(virt_memmap_plan(&req, &a, NULL));
    ck_assert(virt_memmap_plan(&req, &b, NULL));
    ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
    ck_assert_uint_eq(a.memtop, 2 * VIRT_GiB);
    ck_assert_uint_eq(a.high_base, 256 * VIRT_GiB);
    /* a region ending exactly at 2^pa_bits fits */
    ck_assert(a.fits[2]);
    ck_assert_uint_eq(a.highest_gpa, VIRT_TiB - 1);
}
END_TEST

/* ---- invariants over a generated sweep ---- */

/*
 * The NUMA node QEMU 7.2 adds by itself for memory hot-plug, observed as
 * numa-node-id in its dumpdtb output: for slots since virt-4.2, for
 * maxmem above -m alone since virt-5.1.
 */
static const struct {
    const char *args;
    unsigned nodes;
} numa_cases[] = {
    { "-M virt -cpu max -m 1G", 0 },
    { "-M virt -cpu max -m 1G,slots=1,maxmem=2G", 1 },
    { "-M virt -cpu max -m 1G,maxmem=2G", 1 },
    { "-M virt-5.1 -cpu max -m 1G,maxmem=2G", 1 },
    { "-M virt-5.0 -cpu max -m 1G,maxmem=2G", 0 },
    { "-M virt-5.0 -cpu max -m 1G,slots=1,maxmem=2G", 1 },
    { "-M virt-4.2 -cpu max -m 1G,slots=4,maxmem=1T", 1 },
    { "-M virt-4.2 -cpu max -m 1G,maxmem=2G", 0 },
    { "-M virt-4.1 -cpu max -m 1G,slots=1,maxmem=2G", 0 },
    { "-M virt-4.1 -cpu max -m 1G,slots=4,maxmem=1T -bios fw.bin", 0 },
    { "-M virt-2.6 -cpu max -m 1G,slots=4,maxmem=1T", 0 },
};

START_TEST(test_auto_numa_node)
{
    g_autoptr(GError) err = NULL;
    VirtMachineState vms;

    ck_assert_msg(init_from_args(numa_cases[_i].args, &vms, &err), "%s: %s",
                  numa_cases[_i].args, err ? err->message : "");
    ck_assert_msg(vms.numa_nodes == numa_cases[_i].nodes,
                  "%s: %u NUMA nodes, QEMU 7.2 has %u", numa_cases[_i].args,
                  vms.numa_nodes, numa_cases[_i].nodes);
}
END_TEST

static bool overlaps(hwaddr a, hwaddr as, hwaddr b, hwaddr bs)
{
    return as && bs && a < b + bs && b < a + as;
}

static void check_invariants(const VirtMachineState *vms, const char *args)
{
    const VirtMemMap *m = &vms->memmap;
    hwaddr limit = (hwaddr)1 << m->pa_bits;
    MemMapEntry used[VIRT_MEMMAP_LAST + 1];
    int n = 0, i, j;

    for (i = VIRT_LOWMEMMAP_LAST; i < VIRT_MEMMAP_LAST; i++) {
        int h = i - VIRT_LOWMEMMAP_LAST;
        g_autofree char *why = virt_region_reason(vms, i);

        ck_assert_msg(why && *why, "%s: no reason for region %d", args, i);
        if (!m->enabled[h]) {
            ck_assert_msg(vms->region_state[h] != VIRT_REGION_ENABLED,
                          "%s: region %d off without a reason", args, i);
        }
        if (!virt_high_region_used(vms, i)) {
            continue;
        }
        ck_assert_msg(m->entry[i].base % m->entry[i].size == 0,
                      "%s: region %d misaligned", args, i);
        ck_assert_msg(m->entry[i].base + m->entry[i].size <= limit,
                      "%s: region %d beyond 2^%d", args, i, m->pa_bits);
        ck_assert_msg(m->entry[i].base + m->entry[i].size - 1 <=
                          m->highest_gpa,
                      "%s: region %d above highest_gpa", args, i);
        used[n++] = m->entry[i];
    }
    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        if (i != VIRT_CPUPERIPHS && i != VIRT_MEM &&
            virt_low_region_used(vms, i)) {
            used[n] = m->entry[i];
            if (i == VIRT_MMIO) {
                used[n].size *= VIRT_NUM_VIRTIO_TRANSPORTS;
            }
            n++;
        }
    }
    used[n].base = m->entry[VIRT_MEM].base;
    used[n++].size = vms->ram_size;
    if (m->device_memory_size) {
        used[n].base = m->device_memory_base;
        used[n++].size = m->device_memory_size;
    }
    ck_assert_msg(m->memtop <= limit, "%s: memtop beyond PA", args);
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            ck_assert_msg(!overlaps(used[i].base, used[i].size, used[j].base,
                                    used[j].size),
                          "%s: regions 0x%" G_GINT64_MODIFIER "x and 0x%"
                          G_GINT64_MODIFIER "x overlap",
                          args, (guint64)used[i].base,
                          (guint64)used[j].base);
        }
    }
    ck_assert_int_ge(vms->requested_ipa_bits,
                     virt_bit_length(m->highest_gpa));
    ck_assert_int_ge(vms->requested_ipa_bits, 32);
    /* max_cpus: vCPUs this configuration can boot */
    ck_assert_uint_le(vms->smp.cpus, vms->max_cpus);
}

START_TEST(test_sweep_invariants)
{
    static const char *const cpus[] = {
        "cortex-a7", "cortex-a15", "cortex-a35", "cortex-a53", "cortex-a57",
        "cortex-a72", "cortex-a76", "a64fx", "neoverse-n1", "max",
    };
    static const char *const mem[] = {
        "128M", "3G", "4G", "1G,slots=1,maxmem=254G",
        "1G,slots=1,maxmem=255G", "4G,maxmem=511G",
        "1G,slots=4,maxmem=700G", "1G,slots=1,maxmem=1021G",
        "1G,slots=256,maxmem=2000G", "16G,slots=8,maxmem=15000G",
    };
    /* -M flags, each with the first modelled release that has them */
    static const struct {
        const char *release;
        const char *flags;
    } flags[] = {
        { "7.2", "" },
        { "7.2", ",highmem=off" },
        { "7.2", ",its=off" },
        { "7.2", ",iommu=smmuv3" },
        { "7.2", ",secure=on" },
        { "7.2", ",highmem=off,its=off" },
        { "10.0", ",highmem-redists=off" },
        { "10.0", ",highmem-ecam=off" },
        { "10.0", ",highmem-mmio=off" },
        { "10.0", ",compact-highmem=off,highmem-ecam=off" },
        { "10.0", ",highmem-redists=off,highmem-ecam=off" },
        { "10.0", ",highmem-mmio-size=1T" },
        { "10.0", ",highmem-mmio-size=4T,highmem-mmio=off" },
    };
    static const char *const gics[] = {
        "gic-version=2 -smp 8", "gic-version=3 -smp 123",
        "gic-version=3 -smp 124", "gic-version=3 -smp 4,maxcpus=512",
        "gic-version=4,virtualization=on -smp 62",
        "gic-version=max,virtualization=on -smp 2",
    };
    static const char *const types[] = { "virt", "virt-7.1", "virt-2.12" };
    unsigned tried = 0, accepted = 0;
    size_t c, me, f, g, t;

    for (c = 0; c < G_N_ELEMENTS(cpus); c++) {
        for (me = 0; me < G_N_ELEMENTS(mem); me++) {
            for (f = 0; f < G_N_ELEMENTS(flags); f++) {
                if (!virt_release_find(flags[f].release)) {
                    if (c == 0 && me == 0) {
                        test_release_modelled(flags[f].release,
                                              flags[f].flags);
                    }
                    continue;
                }
                for (g = 0; g < G_N_ELEMENTS(gics); g++) {
                    for (t = 0; t < G_N_ELEMENTS(types); t++) {
                        g_autofree char *args = g_strdup_printf(
                            "--qemu-version %s -M %s%s,%s -cpu %s -m %s",
                            flags[f].release, types[t], flags[f].flags,
                            gics[g], cpus[c], mem[me]);
                        g_autoptr(GError) err = NULL;
                        VirtMachineState vms;

                        tried++;
                        if (!init_from_args(args, &vms, &err)) {
                            ck_assert_msg(err && err->message[0],
                                          "%s: refused without a message",
                                          args);
                            continue;
                        }
                        accepted++;
                        check_invariants(&vms, args);
                    }
                }
            }
        }
    }
    ck_assert_uint_ge(tried, 10000);
    ck_assert_uint_ge(accepted, tried / 4);
}
END_TEST

static Suite *memmap_suite(void)
{
    Suite *s = suite_create("memmap");
    TCase *tc = tcase_create("spec");

    tcase_add_loop_test(tc, test_spec_examples, 0, G_N_ELEMENTS(cases));
    tcase_add_loop_test(tc, test_later_examples, 0,
                        G_N_ELEMENTS(later_cases));
    tcase_add_test(tc, test_redists_hint);
    tcase_add_test(tc, test_compact_redists_off);
    tcase_add_test(tc, test_plan_pure);
    tcase_add_loop_test(tc, test_auto_numa_node, 0,
                        G_N_ELEMENTS(numa_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("sweep");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_sweep_invariants);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(memmap_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
