/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The planner: limits and advice for hosts with a reduced IPA space.
 *
 * Nothing here re-derives the memory map. Every number comes from running
 * the model, virt_machine_init(), on copies of the options:
 *
 *   - a limit is the largest value the model accepts, found by bisection
 *     (every limit is monotonic: more RAM or more vCPUs never makes a
 *     configuration fit that did not);
 *   - an advised change is the option text itself, parsed by the real
 *     option parser onto a copy of the options and accepted by the model
 *     before it is offered. Changes are searched two deep (three for the
 *     HVF default-IPA advice), and a set of changes is kept only if no
 *     change in it can be left out.
 */
#include "hw/arm/virt-plan.h"
#include "hw/arm/virt-internal.h"

#include <string.h>

#define PLAN_DEFAULT_RAM (128 * VIRT_MiB) /* QEMU's -m default */
#define PLAN_MAX_FIXES 6
#define PLAN_HVF_MAX_IPA 40     /* Apple silicon, macOS 15 and later */

/* What a configuration must achieve to count as fitting */
typedef struct PlanGoal {
    int max_ipa;                /* 0: any; else the IPA used must be <= */
    bool relax_cpus;            /* judge it with -smp 1 (memory side only) */
    bool toggles;               /* candidates: region switches, RAM */
} PlanGoal;

/* ---- options ---- */

void virt_plan_options_copy(VirtOptions *dst, const VirtOptions *src)
{
    *dst = *src;
    dst->cpu_name = g_strdup(src->cpu_name);
    dst->dt_compatible = g_strdup(src->dt_compatible);
    dst->oem_id = g_strdup(src->oem_id);
    dst->oem_table_id = g_strdup(src->oem_table_id);
    dst->dumpdtb = g_strdup(src->dumpdtb);
    dst->dumpacpi = g_strdup(src->dumpacpi);
    dst->kernel = g_strdup(src->kernel);
    dst->initrd = g_strdup(src->initrd);
    dst->append = g_strdup(src->append);
    dst->msi_port_device = g_strdup(src->msi_port_device);
    for (unsigned i = 0; i < src->n_dimms; i++) {
        dst->dimms[i].arg = g_strdup(src->dimms[i].arg);
        dst->dimms[i].memdev = g_strdup(src->dimms[i].memdev);
        dst->dimms[i].id = g_strdup(src->dimms[i].id);
    }
}

bool virt_plan_has_request(const VirtOptions *o)
{
    return o->ram_size || o->maxram_size || o->ram_slots || o->smp.cpus ||
           o->smp.max_cpus || !o->highmem ||
           o->compact_highmem != ON_OFF_AUTO_AUTO ||
           o->highmem_redists != ON_OFF_AUTO_AUTO ||
           o->highmem_ecam != ON_OFF_AUTO_AUTO ||
           o->highmem_mmio != ON_OFF_AUTO_AUTO || o->highmem_mmio_size ||
           o->gic_version != VIRT_GIC_VERSION_NOSEL || o->virtualization ||
           o->secure;
}

static uint64_t plan_ram(const VirtOptions *o)
{
    return o->ram_size ? o->ram_size : PLAN_DEFAULT_RAM;
}

static uint64_t plan_maxram(const VirtOptions *o)
{
    return o->maxram_size ? o->maxram_size : plan_ram(o);
}

static unsigned plan_cpus(const VirtOptions *o)
{
    if (o->smp.max_cpus) {
        return o->smp.max_cpus;
    }
    return o->smp.cpus ? o->smp.cpus : 1;
}

/* The GIC version the model will pick, for wording */
static VirtGICType plan_gic(const VirtOptions *o)
{
    if (o->accel != VIRT_ACCEL_TCG) {
        return VIRT_GIC_VERSION_3;
    }
    switch (o->gic_version) {
    case VIRT_GIC_VERSION_NOSEL:
        return VIRT_GIC_VERSION_2;
    case VIRT_GIC_VERSION_MAX:
        return o->virtualization ? VIRT_GIC_VERSION_4 : VIRT_GIC_VERSION_3;
    default:
        return o->gic_version;
    }
}

static const VirtRelease *plan_release(const VirtOptions *o)
{
    return o->release ? o->release : virt_release_default();
}

static const VirtCpuModel *plan_cpu(const VirtOptions *o)
{
    const VirtRelease *r = plan_release(o);

    if (o->cpu) {
        return o->cpu;
    }
    return virt_release_cpu_model(r, o->accel == VIRT_ACCEL_TCG
                                         ? r->default_cpu
                                         : "host");
}

/* "63G", "1536M": an option value that parses back to @v */
static char *plan_size_arg(uint64_t v)
{
    if (v && v % VIRT_TiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "T", (guint64)(v >> 40));
    }
    if (v && v % VIRT_GiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "G", (guint64)(v >> 30));
    }
    if (v && v % VIRT_MiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "M", (guint64)(v >> 20));
    }
    if (v && v % VIRT_KiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "K", (guint64)(v >> 10));
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT "B", (guint64)v);
}

/* ---- running the model ---- */

/*
 * Does the model accept @o for goal @g? @o is copied shallowly: the model
 * only reads it. On success @vms (if given) holds the board, whose
 * borrowed strings point into @o.
 */
static bool plan_run(const VirtOptions *o, const PlanGoal *g,
                     VirtMachineState *vms, char **errmsg)
{
    VirtOptions tmp = *o;
    VirtMachineState local;
    VirtMachineState *m = vms ? vms : &local;
    GError *err = NULL;

    if (g && g->relax_cpus) {
        memset(&tmp.smp, 0, sizeof(tmp.smp));
    }
    if (!virt_machine_init(m, &tmp, &err)) {
        if (errmsg) {
            *errmsg = g_strdup(err->message);
        }
        g_error_free(err);
        return false;
    }
    if (g && g->max_ipa && m->requested_ipa_bits > g->max_ipa) {
        if (errmsg) {
            *errmsg = g_strdup_printf("the VM needs a %d-bit IPA",
                                      m->requested_ipa_bits);
        }
        return false;
    }
    return true;
}

typedef void (*PlanSet)(VirtOptions *o, uint64_t v);
typedef bool (*PlanPred)(const VirtMachineState *vms, const void *data);

static void set_ram_mib(VirtOptions *o, uint64_t v)
{
    o->ram_size = v * VIRT_MiB;
}

static void set_maxram_mib(VirtOptions *o, uint64_t v)
{
    o->maxram_size = v * VIRT_MiB;
}

static void set_slots(VirtOptions *o, uint64_t v)
{
    o->ram_slots = (unsigned)v;
}

static void set_cpus(VirtOptions *o, uint64_t v)
{
    g_autofree char *s = g_strdup_printf("%u", (unsigned)v);

    if (!virt_options_set_smp(o, s, NULL)) {
        memset(&o->smp, 0, sizeof(o->smp));
        o->smp.cpus = o->smp.max_cpus = (unsigned)v;
    }
}

/* memtop of @v GiB: -m (v - 1)G and no hotplug */
static void set_memtop_gib(VirtOptions *o, uint64_t v)
{
    o->ram_size = (v - 1) * VIRT_GiB;
    o->maxram_size = 0;
    o->ram_slots = 0;
    o->n_dimms = 0;
}

static void set_host_ipa(VirtOptions *o, uint64_t v)
{
    if (o->accel == VIRT_ACCEL_HVF) {
        o->host.hvf_max_ipa = (int)v;
        o->host.hvf_default_ipa = MIN(o->host.hvf_default_ipa, (int)v);
    }
    o->host.kvm_ipa_bits = (int)v;
}

static bool plan_pass(const VirtOptions *base, const PlanGoal *g,
                      PlanSet set, uint64_t v, PlanPred pred,
                      const void *data)
{
    VirtOptions tmp = *base;
    VirtMachineState vms;

    set(&tmp, v);
    if (!plan_run(&tmp, g, &vms, NULL)) {
        return false;
    }
    return !pred || pred(&vms, data);
}

/*
 * The largest v in [lo, hi] for which the model accepts @base changed by
 * @set (and @pred holds), given that acceptance only goes from yes to no
 * as v grows. False if even @lo is refused.
 */
static bool plan_search(const VirtOptions *base, const PlanGoal *g,
                        PlanSet set, uint64_t lo, uint64_t hi,
                        PlanPred pred, const void *data, uint64_t *out)
{
    if (lo > hi || !plan_pass(base, g, set, lo, pred, data)) {
        return false;
    }
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;

        if (plan_pass(base, g, set, mid, pred, data)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    *out = lo;
    return true;
}

/* ---- changes ---- */

static void change_free(gpointer p)
{
    VirtPlanChange *c = p;

    g_strfreev(c->argv);
    g_free(c->option);
    g_free(c->cost);
    g_free(c);
}

static VirtPlanChange *change_dup(const VirtPlanChange *c)
{
    VirtPlanChange *d = g_new0(VirtPlanChange, 1);

    *d = *c;
    d->argv = g_strdupv(c->argv);
    d->option = g_strdup(c->option);
    d->cost = g_strdup(c->cost);
    return d;
}

/* The options for @kind/@value, as a user types them */
static char **change_argv(VirtPlanChangeKind kind, uint64_t value,
                          const VirtCpuModel *cpu, const VirtOptions *from)
{
    g_autofree char *size = NULL;
    const char *opt = "-M";
    char *arg = NULL;

    switch (kind) {
    case VIRT_PLAN_RAM:
        opt = "-m";
        arg = plan_size_arg(value);
        break;
    case VIRT_PLAN_MAXMEM:
        opt = "-m";
        size = plan_size_arg(value);
        arg = g_strdup_printf("maxmem=%s", size);
        break;
    case VIRT_PLAN_SLOTS:
        opt = "-m";
        arg = g_strdup_printf("slots=%u", (unsigned)value);
        break;
    case VIRT_PLAN_HIGHMEM_ON:
        arg = g_strdup("highmem=on");
        break;
    case VIRT_PLAN_HIGHMEM_OFF:
        arg = g_strdup("highmem=off");
        break;
    case VIRT_PLAN_REDISTS_ON:
        arg = g_strdup("highmem-redists=on");
        break;
    case VIRT_PLAN_REDISTS_OFF:
        arg = g_strdup("highmem-redists=off");
        break;
    case VIRT_PLAN_ECAM_OFF:
        arg = g_strdup("highmem-ecam=off");
        break;
    case VIRT_PLAN_MMIO_OFF:
        arg = g_strdup("highmem-mmio=off");
        break;
    case VIRT_PLAN_GIC:
        arg = g_strdup_printf("gic-version=%u%s", (unsigned)value,
                              value == 4 && !from->virtualization
                                  ? ",virtualization=on"
                                  : "");
        break;
    case VIRT_PLAN_VIRT_ON:
        arg = g_strdup("virtualization=on");
        break;
    case VIRT_PLAN_CPUS:
        opt = "-smp";
        arg = g_strdup_printf("%u", (unsigned)value);
        break;
    case VIRT_PLAN_CPU_MODEL:
        opt = "-cpu";
        arg = g_strdup(cpu->name);
        break;
    case VIRT_PLAN_HVF_IPA:
    default:
        opt = "--host-ipa-bits";
        arg = g_strdup_printf("%d:%u",
                              MIN(from->host.hvf_default_ipa, (int)value),
                              (unsigned)value);
        break;
    }
    {
        char **argv = g_new0(char *, 3);

        argv[0] = g_strdup(opt);
        argv[1] = arg;
        return argv;
    }
}

/* Per mille of @part in @whole, for losses */
static unsigned plan_permille(uint64_t part, uint64_t whole)
{
    if (!whole) {
        return 0;
    }
    return (unsigned)((double)part * 1000.0 / (double)whole);
}

static unsigned plan_low_capacity(VirtGICType gic)
{
    hwaddr stride = gic == VIRT_GIC_VERSION_4 ? VIRT_GICV4_REDIST_SIZE
                                              : VIRT_GICV3_REDIST_SIZE;

    return virt_base_memmap[VIRT_GIC_REDIST].size / stride;
}

/*
 * What @c costs, in words, and how much it loses (the ordering key):
 * switches of optional features first, then resources the user asked
 * for, by the share lost, then changes of the host.
 */
static void change_cost(VirtPlanChange *c, const VirtOptions *from)
{
    uint64_t ram = plan_ram(from), maxram = plan_maxram(from);
    unsigned cpus = plan_cpus(from);
    VirtGICType gic = plan_gic(from);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autofree char *d = NULL;

    switch (c->kind) {
    case VIRT_PLAN_RAM:
        a = virt_size_to_str(ram);
        b = virt_size_to_str(c->value);
        d = virt_size_to_str(ram - c->value);
        c->cost = g_strdup_printf("RAM %s instead of %s (%s less)", b, a, d);
        c->loss = 100 + plan_permille(ram - c->value, ram);
        break;
    case VIRT_PLAN_MAXMEM:
        a = virt_size_to_str(maxram);
        b = virt_size_to_str(c->value);
        c->cost = g_strdup_printf("less room to hotplug memory: maxmem %s "
                                  "instead of %s",
                                  b, a);
        c->loss = 50 + plan_permille(maxram - c->value, maxram - ram) / 2;
        break;
    case VIRT_PLAN_SLOTS:
        c->cost = g_strdup_printf("%u hotplug slots instead of %u (each "
                                  "slot reserves 1 GiB of address space)",
                                  (unsigned)c->value, from->ram_slots);
        c->loss = 40 + plan_permille(from->ram_slots - c->value,
                                     from->ram_slots) / 2;
        break;
    case VIRT_PLAN_HIGHMEM_ON:
        c->cost = g_strdup("the PA range is no longer capped at 32 bits: "
                           "a 32-bit guest without LPAE cannot reach what "
                           "lies above 4 GiB");
        c->loss = 15;
        break;
    case VIRT_PLAN_HIGHMEM_OFF:
        c->cost = g_strdup("PA range capped at 32 bits: RAM at most 3 GiB, "
                           "ECAM falls back to 16 buses, no 64-bit PCI "
                           "window, at most 123 vCPUs with GICv3");
        c->loss = 80;
        break;
    case VIRT_PLAN_REDISTS_ON:
        c->cost = g_strdup_printf("none: the vCPUs past %u use the second "
                                  "redistributor region, above RAM",
                                  plan_low_capacity(gic));
        c->loss = 2;
        break;
    case VIRT_PLAN_REDISTS_OFF:
        c->cost = g_strdup_printf("at most %u vCPUs with GICv%d (the low "
                                  "redistributor region only)",
                                  plan_low_capacity(gic), (int)gic);
        c->loss = cpus <= plan_low_capacity(gic) ? 5 : 300;
        break;
    case VIRT_PLAN_ECAM_OFF:
        c->cost = g_strdup("ECAM falls back to 16 buses (the low ECAM at "
                           "0x3f000000): at most 16 PCIe buses, so at "
                           "most 15 root ports");
        c->loss = 20;
        break;
    case VIRT_PLAN_MMIO_OFF:
        a = virt_size_to_str(virt_base_memmap[VIRT_PCIE_MMIO].size);
        c->cost = g_strdup_printf("no 64-bit PCI window: 64-bit BARs go "
                                  "below 4 GiB, into the %s 32-bit window",
                                  a);
        c->loss = 40;
        break;
    case VIRT_PLAN_GIC:
        if (c->value == 3 && gic == VIRT_GIC_VERSION_2) {
            c->cost = g_strdup("GICv3 instead of GICv2: the guest needs a "
                               "GICv3 driver (any recent Linux has one)");
            c->loss = 10;
        } else if (c->value == 3) {
            c->cost = g_strdup("GICv3 instead of GICv4: no direct injection "
                               "of virtual LPIs for nested guests");
            c->loss = 30;
        } else if (c->value == 4) {
            c->cost = g_strdup_printf("GICv4 instead of GICv%d: the guest "
                                      "gets EL2 (virtualization=on, TCG "
                                      "only); 61 vCPUs in the low "
                                      "redistributor region",
                                      (int)gic);
            c->loss = 35;
        } else {
            c->cost = g_strdup_printf("GICv2 instead of GICv%d: at most 8 "
                                      "vCPUs, MSIs through GICv2m, no ITS",
                                      (int)gic);
            c->loss = 40;
        }
        break;
    case VIRT_PLAN_VIRT_ON:
        c->cost = g_strdup("the guest gets EL2 (virtualization=on): TCG "
                           "emulates more, so it runs slower");
        c->loss = 25;
        break;
    case VIRT_PLAN_CPUS:
        c->cost = g_strdup_printf("%u vCPUs instead of %u (%u fewer)",
                                  (unsigned)c->value, cpus,
                                  cpus - (unsigned)c->value);
        c->loss = 100 + plan_permille(cpus - c->value, cpus);
        break;
    case VIRT_PLAN_CPU_MODEL:
        c->cost = g_strdup_printf("the guest CPU is %s (%d-bit PA) instead "
                                  "of %s (%d-bit PA)",
                                  c->cpu->name, c->cpu->pa_bits,
                                  plan_cpu(from)->name,
                                  plan_cpu(from)->pa_bits);
        c->loss = 60;
        break;
    case VIRT_PLAN_HVF_IPA:
    default:
        c->cost = g_strdup_printf("needs a host whose maximum HVF IPA is "
                                  "%u bits (Apple silicon with macOS 15 or "
                                  "later: 40) and QEMU 9.2 or later; a VM "
                                  "above the %d-bit default IPA costs one "
                                  "more stage-2 translation level",
                                  (unsigned)c->value,
                                  from->host.hvf_default_ipa);
        c->loss = 400;
        break;
    }
}

static VirtPlanChange *change_new(VirtPlanChangeKind kind, uint64_t value,
                                  const VirtCpuModel *cpu,
                                  const VirtOptions *from)
{
    VirtPlanChange *c = g_new0(VirtPlanChange, 1);

    c->kind = kind;
    c->value = value;
    c->cpu = cpu;
    c->argv = change_argv(kind, value, cpu, from);
    c->option = g_strjoinv(" ", c->argv);
    change_cost(c, from);
    return c;
}

bool virt_plan_change_apply(const VirtPlanChange *change, VirtOptions *opts,
                            GError **errp)
{
    VirtHelpRequest help;

    g_return_val_if_fail(change != NULL && opts != NULL, false);

    return virt_cmdline_parse(opts, (int)g_strv_length(change->argv),
                              change->argv, &help, errp);
}

/* ---- candidate changes ---- */

static void add_candidate(GPtrArray *list, VirtPlanChange *c)
{
    guint i;

    for (i = 0; i < list->len; i++) {
        VirtPlanChange *o = g_ptr_array_index(list, i);

        if (!strcmp(o->option, c->option)) {
            change_free(c);
            return;
        }
    }
    g_ptr_array_add(list, c);
}

/* The largest value of a size or count below the current one */
static void add_searched(GPtrArray *list, const VirtOptions *o,
                         const PlanGoal *g, VirtPlanChangeKind kind,
                         PlanSet set, uint64_t lo, uint64_t hi,
                         uint64_t scale)
{
    PlanGoal relaxed = *g;
    const PlanGoal *goals[2] = { g, &relaxed };
    uint64_t v;
    int i;

    relaxed.relax_cpus = true;
    for (i = 0; i < 2; i++) {
        if (plan_search(o, goals[i], set, lo, hi, NULL, NULL, &v)) {
            add_candidate(list, change_new(kind, v * scale, NULL, o));
        }
    }
}

static void add_memory_candidates(GPtrArray *list, const VirtOptions *o,
                                  const PlanGoal *g)
{
    uint64_t ram_mib = plan_ram(o) / VIRT_MiB;
    uint64_t max_mib = plan_maxram(o) / VIRT_MiB;

    if (ram_mib > 1) {
        add_searched(list, o, g, VIRT_PLAN_RAM, set_ram_mib, 1, ram_mib - 1,
                     VIRT_MiB);
    }
    if (g->toggles) {
        return;
    }
    if (o->maxram_size > plan_ram(o) && max_mib > ram_mib + 1) {
        add_searched(list, o, g, VIRT_PLAN_MAXMEM, set_maxram_mib,
                     ram_mib + (o->ram_slots ? 1 : 0), max_mib - 1,
                     VIRT_MiB);
    }
    if (o->ram_slots) {
        add_searched(list, o, g, VIRT_PLAN_SLOTS, set_slots, 0,
                     o->ram_slots - 1, 1);
    }
}

/* Is @c accepted when applied to @o? (@c is consumed if not) */
static bool candidate_ok(const VirtOptions *o, const PlanGoal *g,
                         VirtPlanChange *c)
{
    g_auto(VirtOptions) tmp = { 0 };
    bool ok;

    virt_plan_options_copy(&tmp, o);
    ok = virt_plan_change_apply(c, &tmp, NULL) && plan_run(&tmp, g, NULL,
                                                           NULL);
    return ok;
}

/* The first of several host or CPU upgrades the model accepts */
static void add_larger_pa(GPtrArray *list, const VirtOptions *o,
                          const PlanGoal *g)
{
    PlanGoal relaxed = *g;
    const PlanGoal *goals[2] = { g, &relaxed };
    const VirtCpuModel *cur = plan_cpu(o), *m;
    int i, pa;

    relaxed.relax_cpus = true;
    for (i = 0; i < 2; i++) {
        if (o->accel == VIRT_ACCEL_TCG && cur) {
            for (pa = cur->pa_bits + 1; pa <= 52; pa++) {
                VirtPlanChange *c = NULL;

                /* the CPU models of the release, in its order */
                for (m = plan_release(o)->cpu_models; m->name && !c; m++) {
                    if (m->pa_bits == pa && m->aarch64 == cur->aarch64 &&
                        !m->host_only) {
                        c = change_new(VIRT_PLAN_CPU_MODEL, pa, m, o);
                    }
                }
                if (c && candidate_ok(o, goals[i], c)) {
                    add_candidate(list, c);
                    break;
                }
                if (c) {
                    change_free(c);
                }
            }
        }
        if (o->accel == VIRT_ACCEL_HVF) {
            /* HVF IPA sizes a vCPU's PARange can show: 36 and 40 */
            for (pa = 36; pa <= PLAN_HVF_MAX_IPA; pa += 4) {
                VirtPlanChange *c;

                if (pa <= o->host.hvf_max_ipa) {
                    continue;
                }
                c = change_new(VIRT_PLAN_HVF_IPA, pa, NULL, o);

                if (candidate_ok(o, goals[i], c)) {
                    add_candidate(list, c);
                    break;
                }
                change_free(c);
            }
        }
    }
}

/* Can the selected release express -M @prop? */
static bool plan_has(const VirtOptions *o, const char *prop)
{
    return virt_release_has_property(o->release ? o->release
                                                : virt_release_default(),
                                     prop);
}

static GPtrArray *plan_candidates(const VirtOptions *o, const PlanGoal *g)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(change_free);
    VirtGICType gic = plan_gic(o);
    unsigned cpus = plan_cpus(o);
    int v;

    add_memory_candidates(list, o, g);
    if (g->toggles) {
        if (o->highmem) {
            add_candidate(list, change_new(VIRT_PLAN_HIGHMEM_OFF, 0, NULL, o));
        }
        /* only what the selected release has */
        if (o->highmem_redists != ON_OFF_AUTO_OFF &&
            plan_has(o, "highmem-redists")) {
            add_candidate(list,
                          change_new(VIRT_PLAN_REDISTS_OFF, 0, NULL, o));
        }
        if (o->highmem_ecam != ON_OFF_AUTO_OFF &&
            plan_has(o, "highmem-ecam")) {
            add_candidate(list, change_new(VIRT_PLAN_ECAM_OFF, 0, NULL, o));
        }
        if (o->highmem_mmio != ON_OFF_AUTO_OFF &&
            plan_has(o, "highmem-mmio")) {
            add_candidate(list, change_new(VIRT_PLAN_MMIO_OFF, 0, NULL, o));
        }
        return list;
    }
    if (cpus > 1) {
        uint64_t n;

        if (plan_search(o, g, set_cpus, 1, cpus - 1, NULL, NULL, &n)) {
            add_candidate(list, change_new(VIRT_PLAN_CPUS, n, NULL, o));
        }
    }
    if (!o->highmem) {
        add_candidate(list, change_new(VIRT_PLAN_HIGHMEM_ON, 0, NULL, o));
    }
    if (o->highmem_redists == ON_OFF_AUTO_OFF) {
        add_candidate(list, change_new(VIRT_PLAN_REDISTS_ON, 0, NULL, o));
    }
    if (o->accel == VIRT_ACCEL_TCG) {
        for (v = VIRT_GIC_VERSION_3; v >= VIRT_GIC_VERSION_2; v--) {
            if (v != (int)gic) {
                add_candidate(list, change_new(VIRT_PLAN_GIC, v, NULL, o));
            }
        }
        if (gic != VIRT_GIC_VERSION_4) {
            add_candidate(list, change_new(VIRT_PLAN_GIC, 4, NULL, o));
        }
        if (o->gic_version == VIRT_GIC_VERSION_4 && !o->virtualization) {
            add_candidate(list, change_new(VIRT_PLAN_VIRT_ON, 0, NULL, o));
        }
    }
    add_larger_pa(list, o, g);
    return list;
}

/* ---- fixes ---- */

static void fix_free(gpointer p)
{
    VirtPlanFix *f = p;

    g_ptr_array_unref(f->changes);
    virt_options_clear(&f->opts);
    g_free(f);
}

/* Apply @changes (all but @skip, -1 for none) to a copy of @orig */
static bool fix_apply(const VirtOptions *orig, GPtrArray *changes, int skip,
                      VirtOptions *out)
{
    guint i;

    virt_plan_options_copy(out, orig);
    for (i = 0; i < changes->len; i++) {
        if ((int)i != skip &&
            !virt_plan_change_apply(g_ptr_array_index(changes, i), out,
                                    NULL)) {
            return false;
        }
    }
    return true;
}

/* Kept only if no change in it can be left out */
static bool fix_minimal(const VirtOptions *orig, const PlanGoal *g,
                        GPtrArray *changes)
{
    guint i;

    if (changes->len < 2) {
        return true;
    }
    for (i = 0; i < changes->len; i++) {
        g_auto(VirtOptions) tmp = { 0 };
        bool ok = fix_apply(orig, changes, (int)i, &tmp) &&
                  plan_run(&tmp, g, NULL, NULL);

        if (ok) {
            return false;
        }
    }
    return true;
}

static gint cmp_strp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *fix_key(GPtrArray *changes)
{
    g_autoptr(GPtrArray) opts = g_ptr_array_new();
    guint i;

    for (i = 0; i < changes->len; i++) {
        g_ptr_array_add(opts,
                        ((VirtPlanChange *)g_ptr_array_index(changes, i))
                            ->option);
    }
    g_ptr_array_sort(opts, cmp_strp);
    g_ptr_array_add(opts, NULL);
    return g_strjoinv("\n", (char **)opts->pdata);
}

/* Record @changes as a fix, if new, minimal and accepted from @orig */
static void fix_add(GPtrArray *out, GHashTable *seen, const VirtOptions *orig,
                    const PlanGoal *g, GPtrArray *changes)
{
    g_autofree char *key = fix_key(changes);
    VirtPlanFix *f;
    guint i;

    if (g_hash_table_contains(seen, key)) {
        return;
    }
    g_hash_table_add(seen, g_steal_pointer(&key));
    if (!fix_minimal(orig, g, changes)) {
        return;
    }
    f = g_new0(VirtPlanFix, 1);
    f->changes = g_ptr_array_new_with_free_func(change_free);
    for (i = 0; i < changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(changes, i);

        g_ptr_array_add(f->changes, change_dup(c));
        f->loss += c->loss;
    }
    /* The final word: the whole set, applied from the original options */
    if (!fix_apply(orig, f->changes, -1, &f->opts) ||
        !plan_run(&f->opts, g, &f->vms, NULL)) {
        fix_free(f);
        return;
    }
    f->ipa_bits = f->vms.requested_ipa_bits;
    f->kvm_type = f->vms.kvm_type;
    g_ptr_array_add(out, f);
}

static bool change_kind_used(GPtrArray *prefix, VirtPlanChangeKind kind)
{
    guint i;

    for (i = 0; i < prefix->len; i++) {
        if (((VirtPlanChange *)g_ptr_array_index(prefix, i))->kind == kind) {
            return true;
        }
    }
    return false;
}

static void plan_search_fixes(const VirtOptions *orig, const VirtOptions *o,
                              const PlanGoal *g, int depth, GPtrArray *prefix,
                              GPtrArray *out, GHashTable *seen)
{
    g_autoptr(GPtrArray) cands = plan_candidates(o, g);
    guint i;

    for (i = 0; i < cands->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(cands, i);
        g_auto(VirtOptions) next = { 0 };

        if (change_kind_used(prefix, c->kind)) {
            continue;
        }
        virt_plan_options_copy(&next, o);
        if (!virt_plan_change_apply(c, &next, NULL)) {
            continue;
        }
        g_ptr_array_add(prefix, c);
        if (plan_run(&next, g, NULL, NULL)) {
            fix_add(out, seen, orig, g, prefix);
        } else if (depth > 1) {
            plan_search_fixes(orig, &next, g, depth - 1, prefix, out, seen);
        }
        g_ptr_array_remove_index(prefix, prefix->len - 1);
    }
}

static gint fix_cmp(gconstpointer a, gconstpointer b)
{
    const VirtPlanFix *fa = *(VirtPlanFix *const *)a;
    const VirtPlanFix *fb = *(VirtPlanFix *const *)b;
    g_autofree char *ka = NULL;
    g_autofree char *kb = NULL;

    if (fa->loss != fb->loss) {
        return fa->loss < fb->loss ? -1 : 1;
    }
    if (fa->changes->len != fb->changes->len) {
        return fa->changes->len < fb->changes->len ? -1 : 1;
    }
    ka = fix_key(fa->changes);
    kb = fix_key(fb->changes);
    return strcmp(ka, kb);
}

static GPtrArray *plan_fixes(const VirtOptions *orig, const PlanGoal *g,
                             int depth)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(fix_free);
    g_autoptr(GPtrArray) prefix = g_ptr_array_new();
    g_autoptr(GHashTable) seen =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    plan_search_fixes(orig, orig, g, depth, prefix, out, seen);
    g_ptr_array_sort(out, fix_cmp);
    if (out->len > PLAN_MAX_FIXES) {
        g_ptr_array_remove_range(out, PLAN_MAX_FIXES,
                                 out->len - PLAN_MAX_FIXES);
    }
    return out;
}

/* ---- limits ---- */

static bool pred_region_fits(const VirtMachineState *vms, const void *data)
{
    int i = *(const int *)data - VIRT_LOWMEMMAP_LAST;

    return vms->memmap.fits[i];
}

static void plan_gic_limit(const VirtOptions *base, VirtPlanGicLimit *l)
{
    VirtOptions o = *base;
    VirtMachineState vms;
    g_autofree char *err = NULL;
    g_autofree char *reason = NULL;
    uint64_t n = 0;

    o.gic_version = l->version;
    if (l->version == VIRT_GIC_VERSION_4 && o.accel == VIRT_ACCEL_TCG) {
        o.virtualization = true;
    }
    set_cpus(&o, 1);
    if (!plan_run(&o, NULL, &vms, &err)) {
        l->why = g_strdup_printf("not possible here: %s", err);
        return;
    }
    l->possible = true;
    plan_search(&o, NULL, set_cpus, 1, VIRT_MAX_CPUS, NULL, NULL, &n);
    l->max_cpus = (unsigned)n;
    if (l->version == VIRT_GIC_VERSION_2) {
        l->why = g_strdup_printf("GICv2 addresses at most %u CPUs",
                                 VIRT_GIC_NCPU);
        return;
    }
    l->low_capacity = vms.redist_capacity[0];
    l->high_capacity = vms.redist_capacity[1];
    l->redist2_fits = vms.memmap.enabled[VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)];
    if (!l->redist2_fits) {
        reason = virt_region_reason(&vms, VIRT_HIGH_GIC_REDIST2);
        l->why = g_strdup_printf("%u in the low redistributor region; the "
                                 "second one (HIGH_GIC_REDIST2, 64 MiB at "
                                 "0x%" G_GINT64_MODIFIER "x) is off: %s",
                                 l->low_capacity,
                                 (guint64)vms.memmap
                                     .entry[VIRT_HIGH_GIC_REDIST2].base,
                                 reason);
    } else {
        l->why = g_strdup_printf("%u in the low redistributor region + %u "
                                 "in HIGH_GIC_REDIST2 (it fits below 2^%d)"
                                 "%s",
                                 l->low_capacity, l->high_capacity,
                                 vms.memmap.pa_bits,
                                 l->low_capacity + l->high_capacity > n
                                     ? ", capped by the machine's limit"
                                     : "");
    }
    if (l->version == VIRT_GIC_VERSION_4 && base->accel == VIRT_ACCEL_TCG &&
        !base->virtualization) {
        char *w = g_strconcat(l->why, " (with virtualization=on)", NULL);

        g_free(l->why);
        l->why = w;
    }
}

static void plan_region_limit(const VirtOptions *base, int idx,
                              const VirtMachineState *now,
                              VirtPlanRegionLimit *l)
{
    VirtOptions o = *base;
    VirtMachineState vms;
    int pa;
    uint64_t top = 0;
    g_autofree char *ram = NULL;
    g_autofree char *memtop = NULL;
    const char *prop = virt_high_region_property(idx);
    int i = idx - VIRT_LOWMEMMAP_LAST;

    l->idx = idx;
    set_memtop_gib(&o, 2);
    set_cpus(&o, 1);
    if (!plan_run(&o, NULL, &vms, NULL)) {
        l->why = g_strdup("the host cannot be planned");
        return;
    }
    pa = vms.memmap.pa_bits;
    l->fits_now = now && now->memmap.fits[i];
    l->ever_fits = plan_search(&o, NULL, set_memtop_gib, 2,
                               ((uint64_t)1 << pa) / VIRT_GiB,
                               pred_region_fits, &idx, &top);
    if (!l->ever_fits) {
        g_autofree char *at = virt_size_to_str(vms.memmap.entry[idx].base);

        l->why = g_strdup_printf("never fits below 2^%d: it would start at "
                                 "%s or above",
                                 pa, at);
    } else {
        l->max_memtop = top * VIRT_GiB;
        l->max_ram = l->max_memtop - VIRT_GiB;
        ram = plan_size_arg(l->max_ram);
        memtop = virt_size_to_str(l->max_memtop);
        l->why = g_strdup_printf("fits while RAM + hotplug space ends at or "
                                 "below %s (memtop): -m %s at most without "
                                 "hotplug",
                                 memtop, ram);
    }
    if (base->highmem &&
        ((i == VIRT_HIGH(VIRT_HIGH_GIC_REDIST2) &&
          base->highmem_redists == ON_OFF_AUTO_OFF) ||
         (i == VIRT_HIGH(VIRT_HIGH_PCIE_ECAM) &&
          base->highmem_ecam == ON_OFF_AUTO_OFF) ||
         (i == VIRT_HIGH(VIRT_HIGH_PCIE_MMIO) &&
          base->highmem_mmio == ON_OFF_AUTO_OFF))) {
        char *w = g_strdup_printf("%s; switched off by %s=off", l->why, prop);

        g_free(l->why);
        l->why = w;
    }
}

static void plan_limits(VirtPlan *plan)
{
    VirtPlanLimits *l = &plan->limits;
    VirtOptions mem = plan->opts, host = plan->opts;
    VirtMachineState vms;
    uint64_t v, ram = plan_ram(&plan->opts);
    static const VirtGICType versions[3] = {
        VIRT_GIC_VERSION_2, VIRT_GIC_VERSION_3, VIRT_GIC_VERSION_4,
    };
    PlanGoal relaxed = { .relax_cpus = true };
    int i;

    /* the host alone: no memory asked for, one vCPU, the default GIC */
    host.ram_size = host.maxram_size = 0;
    host.ram_slots = 0;
    host.n_dimms = 0;
    host.gic_version = VIRT_GIC_VERSION_NOSEL;
    set_cpus(&host, 1);
    if (!plan_run(&host, NULL, NULL, NULL)) {
        host.virtualization = host.secure = false;
    }
    if (plan_run(&host, NULL, &vms, NULL)) {
        l->pa_bits = vms.memmap.pa_bits;
    }
    if (plan_search(&host, NULL, set_ram_mib, 1,
                    ((uint64_t)1 << MIN(l->pa_bits ? l->pa_bits : 52, 52)) /
                        VIRT_MiB,
                    NULL, NULL, &v)) {
        l->max_ram = v * VIRT_MiB;
    }
    l->ram_for_maxmem = ram;
    l->slots = plan->opts.ram_slots ? plan->opts.ram_slots : 1;
    mem.ram_size = ram;
    mem.ram_slots = l->slots;
    mem.n_dimms = 0;            /* the area's limit, not what fills it */
    set_cpus(&mem, 1);
    if (plan_search(&mem, NULL, set_maxram_mib, ram / VIRT_MiB + 1,
                    ((uint64_t)1 << MIN(l->pa_bits ? l->pa_bits : 52, 52)) /
                        VIRT_MiB,
                    NULL, NULL, &v)) {
        l->max_maxmem = v * VIRT_MiB;
    }

    /* vCPUs: with the memory asked for when it fits, else the default */
    mem = plan->opts;
    if (!plan_run(&mem, &relaxed, NULL, NULL)) {
        mem.ram_size = mem.maxram_size = 0;
        mem.ram_slots = 0;
        mem.n_dimms = 0;
    }
    for (i = 0; i < 3; i++) {
        l->gic[i].version = versions[i];
        plan_gic_limit(&mem, &l->gic[i]);
    }
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        plan_region_limit(&host, VIRT_LOWMEMMAP_LAST + i,
                          plan->fits ? &plan->vms : NULL, &l->region[i]);
    }
}

/* ---- IPA ---- */

static bool pred_all_high_fit(const VirtMachineState *vms, const void *data)
{
    int i;

    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        if (!vms->memmap.fits[i]) {
            return false;
        }
    }
    return true;
}

static void plan_ipa(VirtPlan *plan)
{
    VirtOptions o = plan->opts;
    VirtMachineState vms;
    int n;

    plan->kvm_type = -1;
    if (plan->fits) {
        plan->ipa_bits = plan->vms.requested_ipa_bits;
        plan->kvm_type = plan->vms.kvm_type;
        plan->hvf_uses_max = plan->opts.accel == VIRT_ACCEL_HVF &&
                             plan->opts.host.hvf_max_ipa !=
                                 plan->opts.host.hvf_default_ipa &&
                             plan->ipa_bits == plan->opts.host.hvf_max_ipa;
    }
    if (o.accel == VIRT_ACCEL_TCG) {
        return;
    }
    for (n = 32; n <= 52; n++) {
        /* HVF sizes are PARange values: 32, 36, 40, 42, 44, 48, 52 */
        if (o.accel == VIRT_ACCEL_HVF && n != 32 && n != 36 && n != 40 &&
            n != 42 && n != 44 && n != 48 && n != 52) {
            continue;
        }
        set_host_ipa(&o, n);
        if (!plan->min_host_ipa && plan_run(&o, NULL, &vms, NULL)) {
            plan->min_host_ipa = n;
            plan->min_host_ipa_type = vms.requested_ipa_bits;
        }
        if (!plan->full_map_ipa && plan_run(&o, NULL, &vms, NULL) &&
            pred_all_high_fit(&vms, NULL)) {
            plan->full_map_ipa = n;
        }
    }
}

/* ---- QEMU command lines and version warnings ---- */

static const char *plan_accel_name(VirtAccel a)
{
    return a == VIRT_ACCEL_KVM ? "kvm" : a == VIRT_ACCEL_HVF ? "hvf" : "tcg";
}

/*
 * The command lines: the user's own QEMU arguments with the changes of
 * the fix applied in place, once per modelled release. An argument the
 * change does not touch stays as it was, where it was.
 */

/* The index of the last @opt in @args, or -1 */
static int plan_argv_last(GPtrArray *args, const char *opt)
{
    int last = -1;
    guint i;

    for (i = 0; i < args->len; i++) {
        const char *a = g_ptr_array_index(args, i);

        if (virt_cmdline_is_own(a)) {
            i++;
            continue;
        }
        if (a[0] != '-') {
            continue;       /* a positional image */
        }
        if (!strcmp(virt_cmdline_normalize(a), opt) && i + 1 < args->len) {
            last = (int)i;
        }
        if (virt_cmdline_takes_argument(a)) {
            i++;
        }
    }
    return last;
}

/* Keys compare as QEMU compares -M properties: '_' is '-' */
static bool plan_key_equal(const char *a, size_t alen, const char *b,
                           size_t blen)
{
    size_t i;

    if (alen != blen) {
        return false;
    }
    for (i = 0; i < alen; i++) {
        char x = a[i] == '_' ? '-' : a[i];
        char y = b[i] == '_' ? '-' : b[i];

        if (x != y) {
            return false;
        }
    }
    return true;
}

/*
 * The key of one "key=value" element of an option argument; an element
 * without '=' is the option's implied key (-m size, -smp cpus, -M type,
 * -cpu model), written "" here.
 */
static size_t plan_elem_key(const char *elem, const char **key)
{
    const char *eq = strchr(elem, '=');

    *key = eq ? elem : "";
    return eq ? (size_t)(eq - elem) : 0;
}

/*
 * Merge @change ("4G", "slots=2", "highmem-ecam=off") into the option
 * argument @arg: a key the argument has gets the new value in place, a
 * new one is appended. QEMU merges repeated -M, -m and -smp the same way.
 */
static char *plan_merge_arg(const char *arg, const char *change)
{
    g_auto(GStrv) have = g_strsplit(arg, ",", -1);
    g_auto(GStrv) add = g_strsplit(change, ",", -1);
    GString *s = g_string_new(NULL);
    guint i, j;

    for (j = 0; add[j]; j++) {
        const char *ak;
        size_t al = plan_elem_key(add[j], &ak);
        bool done = false;

        for (i = 0; have[i] && !done; i++) {
            const char *hk;
            size_t hl = plan_elem_key(have[i], &hk);

            if (plan_key_equal(hk, hl, ak, al)) {
                g_free(have[i]);
                have[i] = g_strdup(add[j]);
                done = true;
            }
        }
        if (!done) {
            guint n = g_strv_length(have);

            have = g_renew(char *, have, n + 2);
            have[n] = g_strdup(add[j]);
            have[n + 1] = NULL;
        }
    }
    for (i = 0; have[i]; i++) {
        g_string_append_printf(s, "%s%s", i ? "," : "", have[i]);
    }
    return g_string_free(s, FALSE);
}

/* Apply one change (its argv: an option and its argument) to @args */
static void plan_argv_apply(GPtrArray *args, char *const *change)
{
    const char *opt = change[0];
    int at;

    if (virt_cmdline_is_own(opt)) {
        return;             /* the host, not QEMU's command line */
    }
    at = plan_argv_last(args, opt);
    if (at < 0) {
        g_ptr_array_add(args, g_strdup(opt));
        g_ptr_array_add(args, g_strdup(change[1]));
        return;
    }
    {
        char *merged = plan_merge_arg(g_ptr_array_index(args, at + 1),
                                      change[1]);

        g_free(g_ptr_array_index(args, at + 1));
        g_ptr_array_index(args, at + 1) = merged;
    }
}

/*
 * Take out the -M properties release @r does not have, with a note each;
 * an option left empty goes too.
 */
static void plan_argv_drop_props(GPtrArray *args, const VirtRelease *r,
                                 GPtrArray *missing)
{
    guint i;

    for (i = 0; i + 1 < args->len; i++) {
        const char *a = g_ptr_array_index(args, i);
        g_auto(GStrv) elems = NULL;
        GString *kept;
        guint j;

        if (virt_cmdline_is_own(a)) {
            i++;
            continue;
        }
        if (a[0] != '-' || strcmp(virt_cmdline_normalize(a), "-M") != 0) {
            if (a[0] == '-' && virt_cmdline_takes_argument(a)) {
                i++;
            }
            continue;
        }
        elems = g_strsplit(g_ptr_array_index(args, i + 1), ",", -1);
        kept = g_string_new(NULL);
        for (j = 0; elems[j]; j++) {
            const char *eq = strchr(elems[j], '=');
            g_autofree char *name = eq ? g_strndup(elems[j], eq - elems[j])
                                       : NULL;

            if (name) {
                g_strdelimit(name, "_", '-');
            }
            if (name && !virt_release_has_property(r, name)) {
                g_ptr_array_add(missing,
                                g_strdup_printf("%s: QEMU %s has no such "
                                                "property",
                                                elems[j],
                                                virt_release_name(r)));
                continue;
            }
            g_string_append_printf(kept, "%s%s", kept->len ? "," : "",
                                   elems[j]);
        }
        if (kept->len) {
            g_free(g_ptr_array_index(args, i + 1));
            g_ptr_array_index(args, i + 1) = g_string_free(kept, FALSE);
            i++;
        } else {
            g_string_free(kept, TRUE);
            g_ptr_array_remove_range(args, i, 2);
            i--;
        }
    }
}

/* Shell words: quoted only where a shell would change them */
static char *plan_shell_line(char *const *argv)
{
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; argv[i]; i++) {
        const char *a = argv[i];
        bool plain = *a != '\0';
        const char *c;

        for (c = a; *c && plain; c++) {
            plain = g_ascii_isalnum(*c) || strchr(",._+:@%/=-", *c);
        }
        if (i) {
            g_string_append_c(s, ' ');
        }
        if (plain) {
            g_string_append(s, a);
        } else {
            g_autofree char *q = g_shell_quote(a);

            g_string_append(s, q);
        }
    }
    return g_string_free(s, FALSE);
}

/*
 * Append to @s ("; "-separated) each high region where board @got differs
 * from @want: "HIGH_PCIE_MMIO at 0x... instead of off"
 */
static void plan_region_diff(GString *s, const VirtMachineState *want,
                             const VirtMachineState *got)
{
    int i;

    for (i = VIRT_LOWMEMMAP_LAST; i < VIRT_MEMMAP_LAST; i++) {
        bool a = virt_high_region_used(want, i);
        bool b = virt_high_region_used(got, i);

        if (a == b && (!a || want->memmap.entry[i].base ==
                                 got->memmap.entry[i].base)) {
            continue;
        }
        g_string_append_printf(s, "%s%s ", s->len ? "; " : "",
                               virt_region_name(i));
        if (b) {
            g_string_append_printf(s, "at 0x%" G_GINT64_MODIFIER "x",
                                   (guint64)got->memmap.entry[i].base);
        } else {
            g_string_append(s, "off");
        }
        if (a) {
            g_string_append_printf(s, " instead of 0x%" G_GINT64_MODIFIER "x",
                                   (guint64)want->memmap.entry[i].base);
        } else {
            g_string_append(s, " instead of off");
        }
    }
}

/* Where board @got differs from the planned @want, in words; NULL: same */
static char *plan_board_diff(const VirtMachineState *want,
                             const VirtMachineState *got)
{
    GString *s = g_string_new(NULL);

    plan_region_diff(s, want, got);
    if (want->memmap.highest_gpa != got->memmap.highest_gpa) {
        g_string_append_printf(s, "%shighest GPA 0x%" G_GINT64_MODIFIER "x "
                               "(%d-bit IPA) instead of 0x%"
                               G_GINT64_MODIFIER "x",
                               s->len ? "; " : "",
                               (guint64)got->memmap.highest_gpa,
                               got->requested_ipa_bits,
                               (guint64)want->memmap.highest_gpa);
    }
    if (want->gic_version != got->gic_version) {
        g_string_append_printf(s, "%sGICv%d instead of GICv%d",
                               s->len ? "; " : "", (int)got->gic_version,
                               (int)want->gic_version);
    }
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

/* The line for release @r from the planned arguments @args */
static VirtPlanQemuLine *plan_line_new(const VirtRelease *r, GPtrArray *base,
                                       const VirtOptions *planned,
                                       const VirtMachineState *want)
{
    VirtPlanQemuLine *l = g_new0(VirtPlanQemuLine, 1);
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    VirtOptions o;
    VirtHelpRequest help;
    VirtMachineState got;
    GError *err = NULL;
    guint i;

    l->release = r;
    l->missing = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(args, g_strdup("qemu-system-aarch64"));
    for (i = 0; i < base->len; i++) {
        const char *a = g_ptr_array_index(base, i);

        if (virt_cmdline_is_own(a)) {
            i++;
            continue;
        }
        g_ptr_array_add(args, g_strdup(a));
    }
    plan_argv_drop_props(args, r, l->missing);
    g_ptr_array_add(args, NULL);
    l->argv = (char **)g_ptr_array_steal(args, NULL);
    l->line = plan_shell_line(l->argv);

    virt_options_init(&o);
    o.release = r;
    o.host = planned->host;
    if (!virt_cmdline_parse(&o, (int)g_strv_length(l->argv) - 1,
                            l->argv + 1, &help, &err) ||
        !virt_machine_init(&got, &o, &err)) {
        l->error = g_strdup(err->message);
        g_error_free(err);
    } else {
        l->fits = true;
        l->differs = plan_board_diff(want, &got);
    }
    virt_options_clear(&o);
    return l;
}

static void plan_line_free(gpointer p)
{
    VirtPlanQemuLine *l = p;

    g_strfreev(l->argv);
    g_free(l->line);
    g_free(l->error);
    g_free(l->differs);
    g_ptr_array_unref(l->missing);
    g_free(l);
}

/* "on", "off", or NULL for AUTO */
static const char *plan_on_off(OnOffAuto v)
{
    return v == ON_OFF_AUTO_ON ? "on" : v == ON_OFF_AUTO_OFF ? "off" : NULL;
}

/* The requested options @o as QEMU arguments (no user argv to keep) */
static void plan_argv_from_options(GPtrArray *args, const VirtOptions *o,
                                   const VirtMachineState *vms)
{
    /* "virt" stays "virt": each release has its own newest type */
    GString *m = g_string_new(o->type ? o->type->name : "virt");
    const struct {
        const char *name;
        OnOffAuto v;
    } sw[] = {
        { "compact-highmem", o->compact_highmem },
        { "highmem-redists", o->highmem_redists },
        { "highmem-ecam", o->highmem_ecam },
        { "highmem-mmio", o->highmem_mmio },
        { "acpi", o->acpi },
    };
    size_t i;

    if (!o->highmem) {
        g_string_append(m, ",highmem=off");
    }
    for (i = 0; i < G_N_ELEMENTS(sw); i++) {
        if (plan_on_off(sw[i].v)) {
            g_string_append_printf(m, ",%s=%s", sw[i].name,
                                   plan_on_off(sw[i].v));
        }
    }
    if (o->highmem_mmio_size) {
        g_autofree char *sz = plan_size_arg(o->highmem_mmio_size);

        g_string_append_printf(m, ",highmem-mmio-size=%s", sz);
    }
    if (o->gic_version != VIRT_GIC_VERSION_NOSEL) {
        g_string_append_printf(m, ",gic-version=%d", (int)vms->gic_version);
    }
    if (o->virtualization) {
        g_string_append(m, ",virtualization=on");
    }
    if (o->secure) {
        g_string_append(m, ",secure=on");
    }
    if (!o->its) {
        g_string_append(m, ",its=off");
    }
    if (o->iommu == VIRT_IOMMU_SMMUV3) {
        g_string_append(m, ",iommu=smmuv3");
    }
    g_ptr_array_add(args, g_strdup("-M"));
    g_ptr_array_add(args, g_string_free(m, FALSE));
    g_ptr_array_add(args, g_strdup("-accel"));
    g_ptr_array_add(args, g_strdup(plan_accel_name(o->accel)));
    g_ptr_array_add(args, g_strdup("-cpu"));
    g_ptr_array_add(args, g_strdup(vms->cpu->name));
    if (o->ram_size || o->maxram_size || o->ram_slots) {
        GString *mem = g_string_new(NULL);
        g_autofree char *ram = plan_size_arg(plan_ram(o));

        g_string_append(mem, ram);
        if (o->ram_slots) {
            g_string_append_printf(mem, ",slots=%u", o->ram_slots);
        }
        if (o->maxram_size) {
            g_autofree char *max = plan_size_arg(o->maxram_size);

            g_string_append_printf(mem, ",maxmem=%s", max);
        }
        g_ptr_array_add(args, g_strdup("-m"));
        g_ptr_array_add(args, g_string_free(mem, FALSE));
    }
    if (o->smp.cpus || o->smp.max_cpus) {
        g_ptr_array_add(args, g_strdup("-smp"));
        if (o->smp.max_cpus && o->smp.max_cpus != o->smp.cpus) {
            g_ptr_array_add(args, g_strdup_printf("%u,maxcpus=%u",
                                                  vms->smp.cpus,
                                                  o->smp.max_cpus));
        } else {
            g_ptr_array_add(args, g_strdup_printf("%u", vms->smp.cpus));
        }
    }
}

/*
 * The arguments the plan's board is made with: the user's (@argv) with
 * the changes of @fix applied, or, with no user argv, the board written
 * out from @vms.
 */
static GPtrArray *plan_base_argv(char *const *argv, const VirtPlanFix *fix,
                                 const VirtMachineState *vms,
                                 const VirtOptions *o)
{
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    guint i;

    if (argv) {
        for (i = 0; argv[i]; i++) {
            g_ptr_array_add(args, g_strdup(argv[i]));
        }
    } else {
        plan_argv_from_options(args, o, vms);
    }
    for (i = 0; fix && i < fix->changes->len; i++) {
        const VirtPlanChange *c = g_ptr_array_index(fix->changes, i);

        plan_argv_apply(args, c->argv);
    }
    return args;
}

/* Where the compact map differs from the legacy one QEMU 7.2 builds */
static char *plan_legacy_diff(const VirtMachineState *vms,
                              const VirtOptions *o)
{
    VirtOptions legacy = *o;
    VirtMachineState lv;
    GString *s;

    /* a release without the property cannot ask for the other layout */
    if (!vms->highmem_compact || !plan_has(o, "compact-highmem")) {
        return NULL;
    }
    legacy.compact_highmem = ON_OFF_AUTO_OFF;
    if (!plan_run(&legacy, NULL, &lv, NULL)) {
        return g_strdup("the legacy layout refuses this configuration");
    }
    s = g_string_new(NULL);
    plan_region_diff(s, vms, &lv);
    if (vms->memmap.highest_gpa != lv.memmap.highest_gpa) {
        g_string_append_printf(s, "%shighest GPA 0x%" G_GINT64_MODIFIER "x "
                               "(%d-bit IPA)",
                               s->len ? "; " : "",
                               (guint64)lv.memmap.highest_gpa,
                               lv.requested_ipa_bits);
    }
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

static void plan_warn(VirtPlan *plan, char *text)
{
    g_ptr_array_add(plan->warnings, text);
}

static void plan_warnings(VirtPlan *plan, const VirtMachineState *vms,
                          const VirtOptions *o)
{
    int pa = plan->limits.pa_bits;

    if (!plan->opts.highmem) {
        plan_warn(plan, g_strdup("highmem=off changed meaning in QEMU 7.0: "
                                 "before, it only hid the 64-bit PCI window "
                                 "and RAM could go past 4 GiB; since 7.0 it "
                                 "caps the PA range at 32 bits, so RAM is "
                                 "at most 3 GiB (it starts at 1 GiB) and "
                                 "every high region is off"));
    } else if (plan->opts.accel != VIRT_ACCEL_TCG && pa && pa < 40) {
        plan_warn(plan, g_strdup_printf(
            "QEMU before 7.0 always lays the map out for 40 bits, which "
            "this %d-bit host refuses; wrappers passed highmem=off to get "
            "around it. From 7.0 on do not: highmem=off then caps RAM at "
            "3 GiB", pa));
    }
    if (vms) {
        g_autofree char *diff = plan_legacy_diff(vms, o);

        if (diff) {
            plan_warn(plan, g_strdup_printf(
                "this map uses the compact layout of QEMU 8.0+ (machine "
                "types virt-7.2 and later: QEMU's docs say 'later than "
                "virt-7.2', its code includes virt-7.2); QEMU 7.2 and "
                "virt-7.1 or older use the legacy layout: %s", diff));
        }
    }
    if (plan->error && strstr(plan->error, "Addressing limited")) {
        plan_warn(plan, g_strdup("QEMU 7.0 to 8.2 print 'Addressing limited "
                                 "to N bits, ...' followed by an empty line "
                                 "(the message ends in a newline); 9.0 and "
                                 "later do not: match the first line only"));
    }
    if (plan->error &&
        g_str_has_prefix(plan->error, "Capacity of the redist")) {
        plan_warn(plan, g_strdup("QEMU 7.2 refuses this in the GIC ('Capacity "
                                 "of the redist regions(123) ...'); QEMU 8.0 "
                                 "and later refuse it earlier with 'Number "
                                 "of SMP CPUs requested (N) exceeds max CPUs "
                                 "supported by machine 'mach-virt' (123)' "
                                 "and the hint 'Try 'highmem-redists=on' for "
                                 "more CPUs', which does not help when the "
                                 "region does not fit"));
    }
    if (plan->opts.highmem_mmio_size) {
        plan_warn(plan, g_strdup("highmem-mmio-size exists from QEMU 10.0 "
                                 "on"));
    }
    if (vms && vms->accel == VIRT_ACCEL_HVF &&
        vms->requested_ipa_bits > o->host.hvf_default_ipa) {
        plan_warn(plan, g_strdup_printf(
            "the VM needs the %d-bit maximum HVF IPA: QEMU 9.2 and later "
            "ask for it; older QEMU creates a %d-bit VM and sizes the map "
            "from the vCPU's PARange, which fails (HV_BAD_ARGUMENT) or "
            "refuses the RAM",
            vms->requested_ipa_bits, o->host.hvf_default_ipa));
    }
    if (plan->opts.accel == VIRT_ACCEL_KVM &&
        plan->opts.host.kvm_ipa_bits == 0) {
        plan_warn(plan, g_strdup("this kernel lacks KVM_CAP_ARM_VM_IPA_SIZE: "
                                 "the VM gets the fixed 40-bit IPA (VM type "
                                 "0)"));
    }
}

static void plan_qemu(VirtPlan *plan, char *const *argv)
{
    const VirtMachineState *vms = NULL;
    const VirtOptions *o = &plan->opts;
    const VirtPlanFix *fix = NULL;

    if (plan->fits) {
        vms = &plan->vms;
    } else if (plan->fixes->len) {
        fix = g_ptr_array_index(plan->fixes, 0);
        vms = &fix->vms;
        o = &fix->opts;
        plan->qemu_for_fix = true;
    }
    if (vms) {
        g_autoptr(GPtrArray) base = plan_base_argv(argv, fix, vms,
                                                   &plan->opts);
        const VirtRelease *const *list;
        size_t n, i;

        list = virt_release_list(&n);
        /* newest first: the release most users should move to */
        for (i = n; i-- > 0;) {
            g_ptr_array_add(plan->qemu_lines,
                            plan_line_new(list[i], base, o, vms));
        }
    }
    plan_warnings(plan, vms, o);
}

/* ---- the plan ---- */

VirtPlan *virt_plan_new(const VirtOptions *opts, GError **errp)
{
    return virt_plan_new_argv(opts, NULL, errp);
}

VirtPlan *virt_plan_new_argv(const VirtOptions *opts, char *const *argv,
                             GError **errp)
{
    g_autoptr(VirtPlan) plan = g_new0(VirtPlan, 1);
    PlanGoal full = { 0 };
    VirtOptions host;

    g_return_val_if_fail(opts != NULL, NULL);

    virt_plan_options_copy(&plan->opts, opts);
    plan->fixes = g_ptr_array_new_with_free_func(fix_free);
    plan->default_ipa_fixes = g_ptr_array_new_with_free_func(fix_free);
    plan->qemu_lines = g_ptr_array_new_with_free_func(plan_line_free);
    plan->warnings = g_ptr_array_new_with_free_func(g_free);
    plan->requested = virt_plan_has_request(opts);

    /* The host must be plannable on its own */
    host = plan->opts;
    host.ram_size = host.maxram_size = 0;
    host.ram_slots = 0;
    host.n_dimms = 0;
    memset(&host.smp, 0, sizeof(host.smp));
    host.gic_version = VIRT_GIC_VERSION_NOSEL;
    host.highmem = true;
    host.virtualization = host.secure = false;
    {
        VirtMachineState vms;
        GError *err = NULL;

        if (!virt_machine_init(&vms, &host, &err)) {
            g_propagate_error(errp, err);
            return NULL;
        }
    }

    plan->fits = plan_run(&plan->opts, NULL, &plan->vms, &plan->error);
    if (!plan->fits) {
        g_ptr_array_unref(plan->fixes);
        plan->fixes = plan_fixes(&plan->opts, &full, 2);
    } else if (plan->opts.accel == VIRT_ACCEL_HVF &&
               plan->vms.requested_ipa_bits >
                   plan->opts.host.hvf_default_ipa) {
        PlanGoal dflt = { .max_ipa = plan->opts.host.hvf_default_ipa,
                          .toggles = true };

        g_ptr_array_unref(plan->default_ipa_fixes);
        plan->default_ipa_fixes = plan_fixes(&plan->opts, &dflt, 3);
    }
    plan_limits(plan);
    plan_ipa(plan);
    plan_qemu(plan, argv);
    return g_steal_pointer(&plan);
}

void virt_plan_free(VirtPlan *plan)
{
    int i;

    if (!plan) {
        return;
    }
    g_free(plan->error);
    virt_options_clear(&plan->opts);
    g_clear_pointer(&plan->fixes, g_ptr_array_unref);
    g_clear_pointer(&plan->default_ipa_fixes, g_ptr_array_unref);
    g_clear_pointer(&plan->qemu_lines, g_ptr_array_unref);
    g_clear_pointer(&plan->warnings, g_ptr_array_unref);
    for (i = 0; i < 3; i++) {
        g_free(plan->limits.gic[i].why);
    }
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        g_free(plan->limits.region[i].why);
    }
    g_free(plan);
}

const VirtMachineState *virt_plan_machine(const VirtPlan *plan, bool *fixed)
{
    g_return_val_if_fail(plan != NULL, NULL);

    if (fixed) {
        *fixed = false;
    }
    if (plan->fits) {
        return &plan->vms;
    }
    if (plan->fixes->len) {
        if (fixed) {
            *fixed = true;
        }
        return &((VirtPlanFix *)g_ptr_array_index(plan->fixes, 0))->vms;
    }
    return NULL;
}
