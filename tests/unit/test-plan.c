/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The planner, checked against the model.
 *
 * Every advised change is checked the way a user would use it: the
 * original command line plus the change's options, parsed afresh and run
 * through virt_machine_init. Every limit is checked at its edge: the
 * limit is accepted, one step more is not. The expected numbers of the
 * worked cases (docs/system/arm/reduced-ipa.md) come from QEMU's memory
 * map (docs/system/arm/virt.rst): RAM starts at 1 GiB, REDIST2 at or above
 * 256 GiB, the 64-bit window 512 GiB aligned, 123 GICv3 vCPUs in the low
 * redistributor region, 512 at most.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/arm/virt-plan.h"
#include "test-util.h"

#define ANY UINT64_MAX

typedef struct PlanCase {
    const char *id;
    const char *args;
    bool fits;
    int ipa;                /* requested IPA bits when it fits, 0: any */
    uint64_t max_ram;       /* limits.max_ram, ANY: not checked */
    unsigned gic3;          /* limits.gic[1].max_cpus, 0: not checked */
    const char *first_fix;  /* options of fix 1, NULL: not checked */
    int min_host_ipa;       /* 0: not checked */
} PlanCase;

#define G VIRT_GiB

/* clang-format off */
static const PlanCase cases[] = {
    /* Apple M1 under KVM (Asahi): 36-bit IPA */
    { "m1-63G", "-accel kvm --host-ipa-bits 36 -cpu host -m 63G "
      "-M virt,gic-version=3 -smp 123", true, 36, 63 * G, 123, NULL, 36 },
    { "m1-64G", "-accel kvm --host-ipa-bits 36 -cpu host -m 64G", false, 0,
      63 * G, 123, "-m 63G", 37 },
    { "m1-64G-124", "-accel kvm --host-ipa-bits 36 -cpu host -m 64G "
      "-smp 124 -M virt,gic-version=3", false, 0, 63 * G, 123,
      "-m 63G -smp 123", 39 },
    { "m1-124", "-accel kvm --host-ipa-bits 36 -cpu host -m 4G -smp 124",
      false, 0, 63 * G, 123, "-smp 123", 39 },
    { "m1-host", "-accel kvm --host-ipa-bits 36 -cpu host", true, 32,
      63 * G, 123, NULL, 32 },
    /* macOS 15 HVF: default 36, maximum 40; macOS 14: 36 only */
    { "hvf15-4G", "-accel hvf --host-ipa-bits 36:40 -cpu host -m 4G", true,
      40, 1023 * G, 512, NULL, 0 },
    { "hvf15-200G", "-accel hvf --host-ipa-bits 36:40 -cpu host -m 200G "
      "-smp 16", true, 40, 1023 * G, 512, NULL, 0 },
    { "hvf14-64G", "-accel hvf --host-ipa-bits 36:36 -cpu host -m 64G",
      false, 0, 63 * G, 123, "-m 63G", 0 },
    /* a 39-bit host: REDIST2 and ECAM fit, the 64-bit window does not */
    { "ipa39-255G", "-accel kvm --host-ipa-bits 39 -cpu host -m 255G "
      "-M virt,gic-version=3 -smp 200", true, 39, 511 * G, 512, NULL, 39 },
    { "ipa39-511G", "-accel kvm --host-ipa-bits 39 -cpu host -m 511G "
      "-M virt,gic-version=3 -smp 200", false, 0, 511 * G, 123, "-m 510G",
      40 },
    /* 40-bit cortex-a53 under TCG */
    { "a53-1T", "-cpu cortex-a53 -m 1T", false, 0, 1023 * G, 0, NULL, 0 },
    { "a53-1023G", "-cpu cortex-a53 -m 1023G", true, 40, 1023 * G, 0, NULL,
      0 },
    /* highmem=off, GICv2 and GICv4 limits */
    { "hm-off-4G", "-M virt,highmem=off -cpu cortex-a57 -m 4G", false, 0,
      3 * G, 0, "-M highmem=on", 0 },
    { "hm-off-124", "-M virt,highmem=off,gic-version=3 -cpu max -m 2G "
      "-smp 124", false, 0, 3 * G, 123, "-M highmem=on", 0 },
    /* QEMU 7.2 keeps GICv2 without gic-version; 10.0 picks GICv3 */
    { "gicv2-9", "--qemu-version 7.2 -M virt -cpu cortex-a57 -smp 9", false,
      0, ANY, 512, "-M gic-version=3", 0 },
    { "gicv3-9", "--qemu-version 10.0 -M virt -cpu cortex-a57 -smp 9", true,
      0, ANY, 0, NULL, 0 },
    { "gicv4-318", "-M virt,gic-version=4,virtualization=on -cpu max "
      "-smp 318", false, 0, ANY, 512, "-M gic-version=3", 0 },
    { "gicv4-novirt", "-M virt,gic-version=4 -cpu max", false, 0, ANY, 512,
      NULL, 0 },
    /* hotplug: slots and maxmem */
    { "slots-36", "-accel kvm --host-ipa-bits 36 -cpu host "
      "-m 32G,slots=8,maxmem=64G", false, 0, 63 * G, 123, NULL, 0 },
    { "legacy-7.1", "-M virt-7.1 -accel kvm --host-ipa-bits 40 -cpu host "
      "-m 4G,maxmem=600G", true, 40, 1023 * G, 512, NULL, 0 },
};
/* clang-format on */

static bool parse_args(const char *args, char **extra, VirtOptions *opts,
                       GError **errp)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    VirtHelpRequest help;
    int argc, i;

    ck_assert(g_shell_parse_argv(args, &argc, &argv, NULL));
    for (i = 0; i < argc; i++) {
        g_ptr_array_add(all, argv[i]);
    }
    for (i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(all, extra[i]);
    }
    virt_options_init(opts);
    return virt_cmdline_parse(opts, (int)all->len, (char **)all->pdata,
                              &help, errp);
}

/* Original command line + every change of @f, parsed and run afresh */
static bool fix_accepted(const char *args, const VirtPlanFix *f,
                         VirtMachineState *vms, char **why)
{
    g_autoptr(GPtrArray) extra = g_ptr_array_new();
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(GError) err = NULL;
    guint i, j;

    for (i = 0; i < f->changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(f->changes, i);

        for (j = 0; c->argv[j]; j++) {
            g_ptr_array_add(extra, c->argv[j]);
        }
    }
    g_ptr_array_add(extra, NULL);
    if (!parse_args(args, (char **)extra->pdata, &opts, &err) ||
        !virt_machine_init(vms, &opts, &err)) {
        *why = g_strdup(err->message);
        return false;
    }
    return true;
}

/* One change fewer must not fit: the fix is minimal */
static void check_minimal(const char *args, const VirtPlanFix *f)
{
    guint skip, i, j;

    if (f->changes->len < 2) {
        return;
    }
    for (skip = 0; skip < f->changes->len; skip++) {
        g_autoptr(GPtrArray) extra = g_ptr_array_new();
        g_auto(VirtOptions) opts = { 0 };
        VirtMachineState vms;

        for (i = 0; i < f->changes->len; i++) {
            VirtPlanChange *c = g_ptr_array_index(f->changes, i);

            for (j = 0; i != skip && c->argv[j]; j++) {
                g_ptr_array_add(extra, c->argv[j]);
            }
        }
        g_ptr_array_add(extra, NULL);
        ck_assert(parse_args(args, (char **)extra->pdata, &opts, NULL));
        ck_assert_msg(!virt_machine_init(&vms, &opts, NULL),
                      "%s: change %u is not needed", args, skip);
    }
}

static void check_fixes(const PlanCase *c, const VirtPlan *p)
{
    guint i;

    for (i = 0; i < p->fixes->len; i++) {
        const VirtPlanFix *f = g_ptr_array_index(p->fixes, i);
        g_autofree char *why = NULL;
        VirtMachineState vms;

        ck_assert_msg(fix_accepted(c->args, f, &vms, &why),
                      "%s: fix %u refused: %s", c->id, i + 1, why);
        ck_assert_int_eq(vms.requested_ipa_bits, f->ipa_bits);
        check_minimal(c->args, f);
        if (i) {
            const VirtPlanFix *prev = g_ptr_array_index(p->fixes, i - 1);

            ck_assert_uint_le(prev->loss, f->loss);
        }
    }
    for (i = 0; i < p->default_ipa_fixes->len; i++) {
        const VirtPlanFix *f = g_ptr_array_index(p->default_ipa_fixes, i);
        g_autofree char *why = NULL;
        VirtMachineState vms;

        ck_assert_msg(fix_accepted(c->args, f, &vms, &why),
                      "%s: default-IPA fix %u refused: %s", c->id, i + 1,
                      why);
        ck_assert_int_le(vms.requested_ipa_bits,
                         p->opts.host.hvf_default_ipa);
    }
}

static char *fix_options(const VirtPlanFix *f)
{
    GString *s = g_string_new(NULL);
    guint i;

    for (i = 0; i < f->changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(f->changes, i);

        g_string_append_printf(s, "%s%s", i ? " " : "", c->option);
    }
    return g_string_free(s, FALSE);
}

/* Run @args with "-m SIZE -smp 1" appended: accepted? */
static bool ram_ok(const char *args, uint64_t ram)
{
    g_autofree char *size = g_strdup_printf("%" G_GUINT64_FORMAT "M",
                                            (guint64)(ram / VIRT_MiB));
    char *extra[] = { (char *)"-m", size, (char *)"-smp", (char *)"1", NULL };
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;

    ck_assert(parse_args(args, extra, &opts, NULL));
    /* the RAM limit is the host's: no hotplug, the default GIC */
    opts.maxram_size = 0;
    opts.ram_slots = 0;
    opts.gic_version = VIRT_GIC_VERSION_NOSEL;
    return virt_machine_init(&vms, &opts, NULL);
}

/*
 * @n vCPUs with GIC @v: with the memory asked for when that fits with one
 * vCPU (as the plan does), else with the default memory
 */
static bool cpus_ok(const char *args, VirtGICType v, unsigned n)
{
    g_autofree char *smp = g_strdup_printf("%u", n);
    g_autofree char *gic = g_strdup_printf("gic-version=%d", (int)v);
    char *extra[] = { (char *)"-smp", smp, (char *)"-M", gic, NULL };
    char *one[] = { (char *)"-smp", (char *)"1", NULL };
    g_auto(VirtOptions) opts = { 0 };
    g_auto(VirtOptions) probe = { 0 };
    VirtMachineState vms;

    ck_assert(parse_args(args, one, &probe, NULL));
    ck_assert(parse_args(args, extra, &opts, NULL));
    if (!virt_machine_init(&vms, &probe, NULL)) {
        opts.ram_size = opts.maxram_size = 0;
        opts.ram_slots = 0;
    }
    if (v == VIRT_GIC_VERSION_4 && opts.accel == VIRT_ACCEL_TCG) {
        opts.virtualization = true;
    }
    return virt_machine_init(&vms, &opts, NULL);
}

/* Each limit at its edge, with the model */
static void check_limits(const PlanCase *c, const VirtPlan *p)
{
    const VirtPlanLimits *l = &p->limits;
    int i;

    if (l->max_ram) {
        ck_assert_msg(ram_ok(c->args, l->max_ram), "%s: max_ram refused",
                      c->id);
        ck_assert_msg(!ram_ok(c->args, l->max_ram + VIRT_MiB),
                      "%s: max_ram + 1M accepted", c->id);
    }
    for (i = 0; i < 3; i++) {
        const VirtPlanGicLimit *g = &l->gic[i];

        if (!g->possible) {
            continue;
        }
        ck_assert_msg(cpus_ok(c->args, g->version, g->max_cpus),
                      "%s: GICv%d %u vCPUs refused", c->id, (int)g->version,
                      g->max_cpus);
        ck_assert_msg(!cpus_ok(c->args, g->version, g->max_cpus + 1),
                      "%s: GICv%d %u vCPUs accepted", c->id,
                      (int)g->version, g->max_cpus + 1);
    }
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        const VirtPlanRegionLimit *r = &l->region[i];
        g_auto(VirtOptions) opts = { 0 };
        VirtMachineState vms;

        if (!r->ever_fits || r->max_ram + VIRT_GiB >= ((hwaddr)1 << 52)) {
            continue;
        }
        ck_assert(parse_args(c->args, NULL, &opts, NULL));
        opts.maxram_size = 0;
        opts.ram_slots = 0;
        memset(&opts.smp, 0, sizeof(opts.smp));
        opts.gic_version = VIRT_GIC_VERSION_NOSEL;
        opts.ram_size = r->max_ram;
        ck_assert(virt_machine_init(&vms, &opts, NULL));
        ck_assert_msg(vms.memmap.fits[i], "%s: region %d at its limit",
                      c->id, i);
        opts.ram_size = r->max_ram + VIRT_GiB;
        if (virt_machine_init(&vms, &opts, NULL)) {
            ck_assert_msg(!vms.memmap.fits[i], "%s: region %d past its limit",
                          c->id, i);
        }
    }
}

START_TEST(test_plan_cases)
{
    const PlanCase *c = &cases[_i];
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(GError) err = NULL;
    g_autoptr(VirtPlan) p = NULL;

    ck_assert(parse_args(c->args, NULL, &opts, &err));
    p = virt_plan_new(&opts, &err);
    ck_assert_msg(p != NULL, "%s: %s", c->id, err ? err->message : "");
    ck_assert_msg(p->fits == c->fits, "%s: fits %d", c->id, p->fits);
    if (c->fits && c->ipa) {
        ck_assert_int_eq(p->ipa_bits, c->ipa);
    }
    if (!c->fits) {
        ck_assert_msg(p->error && p->error[0], "%s: no error", c->id);
        ck_assert_msg(p->fixes->len > 0, "%s: no fix", c->id);
    }
    if (c->max_ram != ANY) {
        ck_assert_msg(p->limits.max_ram == c->max_ram,
                      "%s: max_ram %" G_GUINT64_FORMAT, c->id,
                      (guint64)p->limits.max_ram);
    }
    if (c->gic3) {
        ck_assert_uint_eq(p->limits.gic[1].max_cpus, c->gic3);
    }
    if (c->first_fix) {
        g_autofree char *got = fix_options(g_ptr_array_index(p->fixes, 0));

        ck_assert_str_eq(got, c->first_fix);
    }
    if (c->min_host_ipa) {
        ck_assert_int_eq(p->min_host_ipa, c->min_host_ipa);
    }
    check_fixes(c, p);
    check_limits(c, p);
    /* the text and JSON exist and name what they should */
    {
        g_autofree char *text = virt_plan_describe(p);
        g_autofree char *json = virt_plan_to_json(p);

        ck_assert_ptr_nonnull(strstr(text, "Limits on this host"));
        ck_assert_ptr_nonnull(strstr(json, "\"kind\":\"plan\""));
    }
}
END_TEST

/* The worked cases' facts, spelled out */
START_TEST(test_m1_regions)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    int i;

    ck_assert(parse_args("-accel kvm --host-ipa-bits 36 -cpu host -m 63G",
                         NULL, &opts, NULL));
    p = virt_plan_new(&opts, NULL);
    ck_assert_ptr_nonnull(p);
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        ck_assert(!p->limits.region[i].ever_fits);
    }
    ck_assert(!p->limits.gic[1].redist2_fits);
    ck_assert_uint_eq(p->limits.gic[1].low_capacity, 123);
    ck_assert_int_eq(p->full_map_ipa, 40);
    ck_assert_int_eq(p->kvm_type, 36);
    /*
     * QEMU 7.2 and 10.0 switch the high regions off by themselves on a
     * 36-bit KVM host (docs/system/arm/reduced-ipa.md): the line is the
     * request, unchanged, for every release. QEMU 5.2, before the
     * series, lays the map out for 40 bits and is refused (memmap.md D2)
     */
    ck_assert_uint_ge(p->qemu_lines->len, 3);
    for (guint j = 0; j < p->qemu_lines->len; j++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, j);

        ck_assert_uint_eq(l->missing->len, 0);
        ck_assert_str_eq(l->line, "qemu-system-aarch64 -M virt -accel kvm "
                                  "-cpu host -m 63G");
        if (!strcmp(virt_release_name(l->release), "5.2")) {
            ck_assert(!l->fits);
            ck_assert_str_eq(l->error,
                             "-accel kvm: -m and ,maxmem option values "
                             "require an IPA range (40 bits) larger than "
                             "the one supported by the host (36 bits)");
            continue;
        }
        ck_assert(l->fits);
        ck_assert_ptr_null(l->differs);
    }
}
END_TEST

/* The index of @word in @argv, or -1 */
static int argv_index(char **argv, const char *word)
{
    int i;

    for (i = 0; argv[i]; i++) {
        if (!strcmp(argv[i], word)) {
            return i;
        }
    }
    return -1;
}

static VirtPlan *plan_argv(const char *args, VirtOptions *opts)
{
    g_auto(GStrv) argv = NULL;

    ck_assert(parse_args(args, NULL, opts, NULL));
    ck_assert(g_shell_parse_argv(args, NULL, &argv, NULL));
    return virt_plan_new_argv(opts, argv, NULL);
}

/*
 * The command lines keep the user's arguments: the change is made in
 * place (-m, -smp), every other argument stays as written and where it
 * was, virtboard's own options go, and the shell line parses back to the
 * argv.
 */
START_TEST(test_qemu_lines_keep_args)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    guint i;

    p = plan_argv("--qemu-version 7.2 -accel kvm --host-ipa-bits 36 "
                  "-cpu host -machine virt,gic-version=3 -m 64G -smp 124 "
                  "-kernel /k -append 'console=ttyAMA0 root=/dev/vda' "
                  "-nographic -drive file=a.img,if=virtio", &opts);
    ck_assert_ptr_nonnull(p);
    ck_assert(!p->fits);
    ck_assert(p->qemu_for_fix);
    ck_assert_uint_ge(p->qemu_lines->len, 2);
    for (i = 0; i < p->qemu_lines->len; i++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, i);
        g_auto(GStrv) back = NULL;
        const char *want[] = {
            "qemu-system-aarch64", "-accel", "kvm", "-cpu", "host",
            "-machine", "virt,gic-version=3", "-m", "63G", "-smp", "123",
            "-kernel", "/k", "-append", "console=ttyAMA0 root=/dev/vda",
            "-nographic", "-drive", "file=a.img,if=virtio", NULL,
        };
        int j;

        /* 7.0 and later fit it on this 36-bit host (reduced-ipa.md) */
        if (l->release->version >= VIRT_RELEASE_VERSION(7, 0)) {
            ck_assert(l->fits);
        }
        ck_assert_uint_eq(l->missing->len, 0);
        ck_assert_uint_eq(g_strv_length(l->argv), G_N_ELEMENTS(want) - 1);
        for (j = 0; want[j]; j++) {
            ck_assert_str_eq(l->argv[j], want[j]);
        }
        ck_assert(g_shell_parse_argv(l->line, NULL, &back, NULL));
        ck_assert(g_strv_equal((const char *const *)back,
                               (const char *const *)l->argv));
    }
}
END_TEST

/* A property the release lacks is left out, named, and the map compared */
START_TEST(test_qemu_lines_release_lacks)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    bool seen72 = false, seen10 = false;
    guint i;

    p = plan_argv("--qemu-version 10.0 -accel kvm --host-ipa-bits 40 "
                  "-cpu host -M virt,compact-highmem=off,"
                  "highmem-mmio-size=1T -m 70G -nographic", &opts);
    ck_assert_ptr_nonnull(p);
    ck_assert(p->fits);
    for (i = 0; i < p->qemu_lines->len; i++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, i);
        int m = argv_index(l->argv, "-M");

        ck_assert_int_ge(m, 0);
        if (!strcmp(virt_release_name(l->release), "7.2")) {
            seen72 = true;
            ck_assert_str_eq(l->argv[m + 1], "virt");
            ck_assert_uint_eq(l->missing->len, 2);
            ck_assert(l->fits);
            /* 7.2 has no highmem-mmio-size: its 512 GiB window fits */
            ck_assert_ptr_nonnull(l->differs);
            ck_assert_ptr_nonnull(strstr(l->differs, "HIGH_PCIE_MMIO"));
        } else if (!strcmp(virt_release_name(l->release), "10.0")) {
            seen10 = true;
            ck_assert_str_eq(l->argv[m + 1],
                             "virt,compact-highmem=off,highmem-mmio-size=1T");
            ck_assert_uint_eq(l->missing->len, 0);
            ck_assert_ptr_null(l->differs);
        }
        ck_assert_int_lt(argv_index(l->argv, "--qemu-version"), 0);
        ck_assert_int_lt(argv_index(l->argv, "--host-ipa-bits"), 0);
    }
    ck_assert(seen72 && seen10);
}
END_TEST

START_TEST(test_ipa39_regions)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;

    ck_assert(parse_args("-accel kvm --host-ipa-bits 39 -cpu host -m 255G",
                         NULL, &opts, NULL));
    p = virt_plan_new(&opts, NULL);
    ck_assert(p->fits);
    ck_assert(p->limits.region[0].fits_now);
    ck_assert(p->limits.region[1].fits_now);
    ck_assert(!p->limits.region[2].fits_now);
    ck_assert(!p->limits.region[2].ever_fits);
    /* REDIST2 and ECAM fit while memtop <= 511 GiB (2^39 - 1 GiB) */
    ck_assert_uint_eq(p->limits.region[0].max_memtop, 511 * G);
    ck_assert_uint_eq(p->limits.region[1].max_memtop, 511 * G);
    /* highest GPA: the ECAM end, 0x40_1fff_ffff: 39 bits */
    ck_assert_uint_eq(p->vms.memmap.highest_gpa, 0x401fffffffULL);
    ck_assert_int_eq(p->kvm_type, 39);
}
END_TEST

START_TEST(test_a53_regions)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    gboolean cpu_fix = FALSE, ram_fix = FALSE;
    guint i;

    /* QEMU 7.2: no per-region property to offer */
    ck_assert(parse_args("--qemu-version 7.2 -cpu cortex-a53 -m 1T", NULL,
                         &opts, NULL));
    p = virt_plan_new(&opts, NULL);
    ck_assert(!p->fits);
    ck_assert_str_eq(p->error, "Addressing limited to 40 bits, but memory "
                               "exceeds it by 1073741824 bytes");
    /* the 512 GiB window at 512 GiB fits while memtop <= 511 GiB (E46) */
    ck_assert_uint_eq(p->limits.region[2].max_memtop, 511 * G);
    ck_assert_uint_eq(p->limits.region[0].max_memtop, 1023 * G);
    for (i = 0; i < p->fixes->len; i++) {
        g_autofree char *o = fix_options(g_ptr_array_index(p->fixes, i));

        cpu_fix |= !strcmp(o, "-cpu cortex-a57");
        ram_fix |= !strcmp(o, "-m 1023G");
    }
    ck_assert(cpu_fix && ram_fix);
}
END_TEST

START_TEST(test_hvf_default_ipa)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    const VirtPlanFix *f;

    /* the three changes are highmem-redists/-ecam/-mmio=off (8.0+) */
    if (!test_release_modelled("10.0", "test_hvf_default_ipa")) {
        return;
    }
    ck_assert(parse_args("--qemu-version 10.0 -accel hvf "
                         "--host-ipa-bits 36:40 -cpu host -m 8G",
                         NULL, &opts, NULL));
    p = virt_plan_new(&opts, NULL);
    ck_assert(p->fits);
    ck_assert(p->hvf_uses_max);
    ck_assert_int_eq(p->ipa_bits, 40);
    ck_assert_uint_gt(p->default_ipa_fixes->len, 0);
    f = g_ptr_array_index(p->default_ipa_fixes, 0);
    /* all three high regions start at 256 GiB or more: all must go */
    ck_assert_uint_eq(f->changes->len, 3);
    ck_assert_int_eq(f->ipa_bits, 36);
}
END_TEST

START_TEST(test_change_apply)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autoptr(VirtPlan) p = NULL;
    const VirtPlanFix *f;
    g_auto(VirtOptions) copy = { 0 };
    VirtMachineState vms;
    guint i;

    ck_assert(parse_args("-accel kvm --host-ipa-bits 36 -cpu host -m 64G "
                         "-smp 124 -M virt,gic-version=3",
                         NULL, &opts, NULL));
    p = virt_plan_new(&opts, NULL);
    f = g_ptr_array_index(p->fixes, 0);
    virt_plan_options_copy(&copy, &opts);
    ck_assert(!virt_machine_init(&vms, &copy, NULL));
    for (i = 0; i < f->changes->len; i++) {
        ck_assert(virt_plan_change_apply(g_ptr_array_index(f->changes, i),
                                         &copy, NULL));
    }
    ck_assert(virt_machine_init(&vms, &copy, NULL));
    ck_assert_uint_eq(vms.ram_size, 63 * G);
    ck_assert_uint_eq(vms.smp.cpus, 123);
}
END_TEST

START_TEST(test_svg)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autofree char *svg = NULL;
    VirtMachineState vms;

    ck_assert(parse_args("-accel kvm --host-ipa-bits 36 -cpu host -m 63G",
                         NULL, &opts, NULL));
    ck_assert(virt_machine_init(&vms, &opts, NULL));
    svg = virt_machine_to_svg(&vms, "a <title> & more");
    ck_assert(g_str_has_prefix(svg, "<?xml"));
    ck_assert_ptr_nonnull(strstr(svg, "a &lt;title&gt; &amp; more"));
    ck_assert_ptr_nonnull(strstr(svg, "PA limit 2^36 = 64 GiB"));
    ck_assert_ptr_nonnull(strstr(svg, "does not fit below 2^36"));
    ck_assert_ptr_nonnull(strstr(svg, "url(#hatch)"));
    ck_assert(g_str_has_suffix(svg, "</svg>\n"));
    /*
     * the full title (of the default release, 10.0), then the caller's
     * as a line of its own
     */
    ck_assert_ptr_nonnull(strstr(svg, ">QEMU 10.0, virt-10.0, cpu host, "
                                      "-accel kvm, 63 GiB of RAM: guest "
                                      "physical address space</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "GICv3, 1 vCPU (max 123)"));
}
END_TEST

/*
 * "0x40_1000_0000": the SVG's address format, built here from 16-bit
 * groups (the most significant without leading zeros)
 */
static char *grouped_hex(uint64_t a)
{
    uint16_t group[4];
    int n = 0;
    GString *s = g_string_new("0x");

    do {
        group[n++] = (uint16_t)(a & 0xffff);
        a >>= 16;
    } while (a);
    g_string_append_printf(s, "%x", group[--n]);
    while (n--) {
        g_string_append_printf(s, "_%04x", group[n]);
    }
    return g_string_free(s, FALSE);
}

static guint count(const char *hay, const char *needle)
{
    guint n = 0;

    for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle)) {
        n++;
    }
    return n;
}

static const char *const svg_configs[] = {
    "-cpu cortex-a57 -m 4G",
    "-M virt,highmem=off -cpu cortex-a57 -m 3G",
    "-accel kvm --host-ipa-bits 36 -cpu host -m 63G",
    "-accel kvm --host-ipa-bits 39 -cpu host -m 255G",
    "-cpu max -m 16T -M virt,gic-version=3 -smp 300",
    "-cpu max -m 4G,slots=2,maxmem=8G -M virt,secure=on",
};

/*
 * Every region the table lists is in the picture: its base on the axis
 * (drawn as an address label, not only a tick) and a tooltip with its
 * name, base, size and state; plural only for more than one vCPU.
 */
START_TEST(test_svg_regions)
{
    g_auto(VirtOptions) opts = { 0 };
    g_autofree char *svg = NULL;
    VirtMachineState vms;
    int i;

    ck_assert(parse_args(svg_configs[_i], NULL, &opts, NULL));
    ck_assert(virt_machine_init(&vms, &opts, NULL));
    svg = virt_machine_to_svg(&vms, NULL);
    for (i = 0; i < VIRT_MEMMAP_LAST; i++) {
        const MemMapEntry *e = &vms.memmap.entry[i];
        g_autofree char *base = grouped_hex(e->base);
        g_autofree char *label = g_strdup_printf("text-anchor=\"end\">%s<",
                                                 base);
        g_autofree char *tip = g_strdup_printf("<title>%s\nbase %s, ",
                                               virt_region_name(i), base);
        bool compact_off = i >= VIRT_LOWMEMMAP_LAST && vms.highmem_compact &&
                           !vms.memmap.enabled[i - VIRT_LOWMEMMAP_LAST];

        if (i == VIRT_CPUPERIPHS || i == VIRT_MEM) {
            continue;           /* the GIC's container; RAM is "MEM (RAM" */
        }
        if (!compact_off) {     /* else drawn at its legacy place */
            ck_assert_msg(strstr(svg, tip), "%s: no tooltip for %s at %s",
                          svg_configs[_i], virt_region_name(i), base);
        }
        ck_assert_msg(compact_off || strstr(svg, label),
                      "%s: the base of %s (%s) is not on the axis",
                      svg_configs[_i], virt_region_name(i), base);
    }
    ck_assert_ptr_nonnull(strstr(svg, "<title>MEM (RAM, -m)\n"
                                      "base 0x4000_0000"));
    /* one tooltip per drawn region, and one for the picture */
    ck_assert_uint_eq(count(svg, "<title>"), count(svg, "<g><title>") + 1);
    ck_assert_uint_eq(count(svg, "<g><title>"), count(svg, "<rect x=") - 7);
    ck_assert_ptr_nonnull(strstr(svg, vms.smp.cpus == 1 ? " 1 vCPU (max"
                                                        : " vCPUs (max"));
}
END_TEST

static Suite *plan_suite(void)
{
    Suite *s = suite_create("plan");
    TCase *tc = tcase_create("cases");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_plan_cases, 0, G_N_ELEMENTS(cases));
    tcase_add_test(tc, test_m1_regions);
    tcase_add_test(tc, test_qemu_lines_keep_args);
    tcase_add_test(tc, test_qemu_lines_release_lacks);
    tcase_add_test(tc, test_ipa39_regions);
    tcase_add_test(tc, test_a53_regions);
    tcase_add_test(tc, test_hvf_default_ipa);
    tcase_add_test(tc, test_change_apply);
    tcase_add_test(tc, test_svg);
    tcase_add_loop_test(tc, test_svg_regions, 0, G_N_ELEMENTS(svg_configs));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plan_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
