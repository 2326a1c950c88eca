/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plan as text or as JSON (docs/system/arm/json.md, "kind": "plan").
 * Returns strings; printing is the caller's business.
 */
#include "hw/arm/virt-plan.h"

#include <string.h>

#include "hw/arm/virt-internal.h"
#include "virt/json.h"

#define REPORT_WIDTH 78

static char *report_size_arg(uint64_t v)
{
    if (v && v % VIRT_TiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "T", (guint64)(v >> 40));
    }
    if (v && v % VIRT_GiB == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT "G", (guint64)(v >> 30));
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT "M", (guint64)(v >> 20));
}

/*
 * Append @text word-wrapped: the first line after @lead (already in @s,
 * @col columns wide), the next ones indented by @indent.
 */
static void report_wrap(GString *s, int col, int indent, const char *text)
{
    g_auto(GStrv) words = g_strsplit(text, " ", -1);
    int i, pos = col;

    for (i = 0; words[i]; i++) {
        int len = (int)strlen(words[i]);

        if (i > 0 && pos + 1 + len > REPORT_WIDTH) {
            g_string_append_printf(s, "\n%*s", indent, "");
            pos = indent;
        } else if (i > 0) {
            g_string_append_c(s, ' ');
            pos++;
        }
        g_string_append(s, words[i]);
        pos += len;
    }
    g_string_append_c(s, '\n');
}

static const char *report_accel(VirtAccel a)
{
    return a == VIRT_ACCEL_KVM ? "kvm" : a == VIRT_ACCEL_HVF ? "hvf" : "tcg";
}

static void report_host(GString *s, const VirtPlan *p)
{
    const VirtOptions *o = &p->opts;
    int pa = p->limits.pa_bits;
    g_autofree char *lim = virt_size_to_str(pa ? (uint64_t)1 << pa : 0);

    switch (o->accel) {
    case VIRT_ACCEL_KVM:
        if (o->host.kvm_ipa_bits == 0) {
            g_string_append(s, "Host: KVM without KVM_CAP_ARM_VM_IPA_SIZE "
                               "(fixed 40-bit IPA)");
        } else {
            g_string_append_printf(s, "Host: KVM, IPA limit %d bits",
                                   o->host.kvm_ipa_bits);
        }
        break;
    case VIRT_ACCEL_HVF:
        g_string_append_printf(s, "Host: HVF, default IPA %d bits, maximum "
                               "%d bits",
                               o->host.hvf_default_ipa, o->host.hvf_max_ipa);
        break;
    case VIRT_ACCEL_TCG:
    default:
        g_string_append(s, "Host: TCG, the CPU model's PA range");
        break;
    }
    g_string_append_printf(s, "; the map is computed against 2^%d (%s)%s\n",
                           pa, lim, o->highmem ? "" : ", by highmem=off");
}

static void report_limits(GString *s, const VirtPlan *p)
{
    const VirtPlanLimits *l = &p->limits;
    g_autofree char *ram = report_size_arg(l->max_ram);
    g_autofree char *for_ram = report_size_arg(l->ram_for_maxmem);
    int i;

    g_string_append(s, "\nLimits on this host\n");
    if (l->max_ram) {
        g_string_append_printf(s, "  RAM           -m %s at most without "
                               "hotplug (RAM starts at 1 GiB)\n",
                               ram);
    } else {
        g_string_append(s, "  RAM           none fits\n");
    }
    if (l->max_maxmem) {
        g_autofree char *mm = report_size_arg(l->max_maxmem);

        g_string_append_printf(s, "  hotplug       -m %s,slots=%u,maxmem=%s "
                               "at most (each slot reserves 1 GiB)\n",
                               for_ram, l->slots, mm);
    } else {
        g_string_append_printf(s, "  hotplug       with -m %s and %u slot%s: "
                               "no maxmem fits\n",
                               for_ram, l->slots, l->slots == 1 ? "" : "s");
    }
    for (i = 0; i < 3; i++) {
        const VirtPlanGicLimit *g = &l->gic[i];
        g_autofree char *lead = NULL;

        lead = g_strdup_printf("%-16sGICv%d: ", i ? "" : "  vCPUs",
                               (int)g->version);
        g_string_append(s, lead);
        if (g->possible) {
            g_autofree char *t = g_strdup_printf("%u (%s)", g->max_cpus,
                                                 g->why);

            report_wrap(s, (int)strlen(lead), 23, t);
        } else {
            report_wrap(s, (int)strlen(lead), 23, g->why);
        }
    }
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        const VirtPlanRegionLimit *r = &l->region[i];
        g_autofree char *lead = g_strdup_printf(
            "%s%-17s ", i ? "                " : "  high regions  ",
            virt_region_name(r->idx));

        g_string_append(s, lead);
        report_wrap(s, (int)strlen(lead), 34, r->why ? r->why : "");
    }
}

static void report_fix(GString *s, const VirtPlanFix *f, int n)
{
    GString *opts = g_string_new(NULL);
    guint i;

    for (i = 0; i < f->changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(f->changes, i);

        g_string_append_printf(opts, "%s%s", i ? " " : "", c->option);
    }
    g_string_append_printf(s, "  %d. %s\n", n, opts->str);
    g_string_free(opts, TRUE);
    for (i = 0; i < f->changes->len; i++) {
        VirtPlanChange *c = g_ptr_array_index(f->changes, i);
        g_autofree char *lead = g_strdup_printf("       %-22s ", c->option);

        if (strlen(c->option) > 22) {
            g_string_append_printf(s, "       %s\n%30s", c->option, "");
            report_wrap(s, 30, 30, c->cost);
            continue;
        }
        g_string_append(s, lead);
        report_wrap(s, (int)strlen(lead), 30, c->cost);
    }
    if (f->vms.accel == VIRT_ACCEL_TCG) {
        g_string_append_printf(s, "       then the map reaches %d bits",
                               f->ipa_bits);
    } else {
        g_string_append_printf(s, "       then the VM needs a %d-bit IPA",
                               f->ipa_bits);
    }
    if (f->kvm_type >= 0) {
        g_string_append_printf(s, " (KVM VM type %d)", f->kvm_type);
    }
    /* the ranking itself (f->loss) is in the JSON; the text gives order */
    g_string_append_c(s, '\n');
}

static void report_fixes(GString *s, GPtrArray *fixes)
{
    guint i;

    for (i = 0; i < fixes->len; i++) {
        report_fix(s, g_ptr_array_index(fixes, i), (int)i + 1);
    }
}

static void report_request(GString *s, const VirtPlan *p)
{
    g_string_append(s, "\nRequested configuration: ");
    if (p->fits) {
        g_string_append_printf(s, p->opts.accel == VIRT_ACCEL_TCG
                                      ? "fits; the map reaches %d bits"
                                      : "fits; the VM needs a %d-bit IPA",
                               p->ipa_bits);
        if (p->kvm_type >= 0) {
            g_string_append_printf(s, " (KVM_CREATE_VM type %d)",
                                   p->kvm_type);
        }
        if (p->opts.accel == VIRT_ACCEL_HVF) {
            g_string_append_printf(s, ", the HVF %s IPA",
                                   p->hvf_uses_max ? "maximum" : "default");
        }
        g_string_append(s, "\n");
        if (p->default_ipa_fixes->len) {
            g_autofree char *t = g_strdup_printf(
                "To stay within the default %d-bit HVF IPA (one stage-2 "
                "level less), the change that gives up least first:",
                p->opts.host.hvf_default_ipa);

            g_string_append_c(s, '\n');
            report_wrap(s, 0, 0, t);
            report_fixes(s, p->default_ipa_fixes);
        }
        return;
    }
    g_string_append(s, "does not fit\n  ");
    report_wrap(s, 2, 2, p->error);
    if (!p->fixes->len) {
        g_string_append(s, "\nNo change virtboard knows of makes it fit.\n");
        return;
    }
    g_string_append(s, "\n");
    report_wrap(s, 0, 0, "Changes that make it fit, each checked with the "
                         "model. The one that gives up least comes first: "
                         "switching off a feature, then less of what you "
                         "asked for (RAM, vCPUs; the smaller the share "
                         "lost, the earlier), then another host:");
    report_fixes(s, p->fixes);
}

static void report_ipa(GString *s, const VirtPlan *p)
{
    if (p->opts.accel == VIRT_ACCEL_TCG) {
        return;
    }
    g_string_append(s, "\nIPA sizes\n");
    if (p->min_host_ipa) {
        g_string_append_printf(s, "  smallest host IPA that holds it: %d bits"
                               " (the VM then needs %d)\n",
                               p->min_host_ipa, p->min_host_ipa_type);
    } else {
        g_string_append(s, "  no host IPA up to 52 bits holds it\n");
    }
    if (p->full_map_ipa) {
        g_string_append_printf(s, "  every high region on:            %d "
                               "bits\n",
                               p->full_map_ipa);
    }
}

/* The width of the widest "QEMU X.Y (selected):" */
static size_t report_qemu_head_width(const VirtPlan *p)
{
    size_t w = 0;
    guint i;

    for (i = 0; i < p->qemu_lines->len; i++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, i);
        size_t n = strlen("QEMU :") + strlen(virt_release_name(l->release)) +
                   (l->release == p->opts.release ? strlen(" (selected)")
                                                  : 0);

        w = MAX(w, n);
    }
    return w;
}

static void report_qemu(GString *s, const VirtPlan *p)
{
    guint i;

    if (p->qemu_lines->len && p->requested) {
        g_string_append_printf(s, "\nQEMU command lines%s, your other "
                               "arguments kept\n",
                               p->qemu_for_fix ? " with change 1" : "");
    }
    for (i = 0; p->requested && i < p->qemu_lines->len; i++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, i);
        g_autofree char *head = g_strdup_printf(
            "QEMU %s%s:", virt_release_name(l->release),
            l->release == p->opts.release ? " (selected)" : "");
        int col = 2 + (int)report_qemu_head_width(p) + 1;
        g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
        guint j;

        /* a command line is not wrapped: it is copied whole */
        g_string_append_printf(s, "  %-*s %s\n", col - 3, head, l->line);
        for (j = 0; j < l->missing->len; j++) {
            g_ptr_array_add(notes, g_strdup_printf(
                "left out: %s",
                (const char *)g_ptr_array_index(l->missing, j)));
        }
        if (!l->fits) {
            g_ptr_array_add(notes, g_strdup_printf(
                "QEMU %s refuses it: %s", virt_release_name(l->release),
                l->error));
        } else if (l->differs) {
            g_ptr_array_add(notes, g_strdup_printf("its map differs: %s",
                                                   l->differs));
        }
        for (j = 0; j < notes->len; j++) {
            g_string_append_printf(s, "%*s", col, "");
            report_wrap(s, col, col, g_ptr_array_index(notes, j));
        }
    }
    if (p->warnings->len) {
        g_string_append(s, "\nAcross QEMU versions\n");
    }
    for (i = 0; i < p->warnings->len; i++) {
        g_string_append(s, "  - ");
        report_wrap(s, 4, 4, g_ptr_array_index(p->warnings, i));
    }
}

char *virt_plan_describe(const VirtPlan *p)
{
    GString *s = g_string_new(NULL);
    const VirtMachineState *vms;
    bool fixed;

    g_return_val_if_fail(p != NULL, NULL);

    vms = virt_plan_machine(p, &fixed);
    g_string_append_printf(s, "QEMU %s\n",
                           virt_release_name(p->opts.release
                                                 ? p->opts.release
                                                 : virt_release_default()));
    report_host(s, p);
    if (vms) {
        g_string_append_printf(s, "Machine: %s, cpu %s, GICv%d, %s high "
                               "layout\n",
                               vms->type->name, vms->cpu->name,
                               (int)vms->gic_version,
                               vms->highmem_compact ? "compact" : "legacy");
    }
    report_limits(s, p);
    if (p->requested) {
        report_request(s, p);
        report_ipa(s, p);
    }
    report_qemu(s, p);
    return g_string_free(s, FALSE);
}

/* ---- JSON ---- */

static const char *const json_change_kinds[] = {
    [VIRT_PLAN_RAM] = "ram",
    [VIRT_PLAN_MAXMEM] = "maxmem",
    [VIRT_PLAN_SLOTS] = "slots",
    [VIRT_PLAN_HIGHMEM_ON] = "highmem-on",
    [VIRT_PLAN_HIGHMEM_OFF] = "highmem-off",
    [VIRT_PLAN_REDISTS_ON] = "highmem-redists-on",
    [VIRT_PLAN_REDISTS_OFF] = "highmem-redists-off",
    [VIRT_PLAN_ECAM_OFF] = "highmem-ecam-off",
    [VIRT_PLAN_MMIO_OFF] = "highmem-mmio-off",
    [VIRT_PLAN_GIC] = "gic-version",
    [VIRT_PLAN_VIRT_ON] = "virtualization-on",
    [VIRT_PLAN_CPUS] = "cpus",
    [VIRT_PLAN_CPU_MODEL] = "cpu-model",
    [VIRT_PLAN_HVF_IPA] = "hvf-max-ipa",
};

/* Does a change of @kind carry a number (bytes, a count, bits)? */
static bool json_change_has_value(VirtPlanChangeKind kind)
{
    switch (kind) {
    case VIRT_PLAN_RAM:
    case VIRT_PLAN_MAXMEM:
    case VIRT_PLAN_SLOTS:
    case VIRT_PLAN_GIC:
    case VIRT_PLAN_CPUS:
    case VIRT_PLAN_CPU_MODEL:
    case VIRT_PLAN_HVF_IPA:
        return true;
    default:
        return false;
    }
}

static void json_fixes(JsonBuilder *b, const char *key, GPtrArray *fixes)
{
    guint i, j;

    json_builder_set_member_name(b, key);
    json_builder_begin_array(b);
    for (i = 0; i < fixes->len; i++) {
        VirtPlanFix *f = g_ptr_array_index(fixes, i);

        json_builder_begin_object(b);
        virt_json_int(b, "loss", f->loss);
        virt_json_int(b, "ipa_bits", f->ipa_bits);
        virt_json_int_or_null(b, "kvm_type", f->kvm_type >= 0, f->kvm_type);
        json_builder_set_member_name(b, "changes");
        json_builder_begin_array(b);
        for (j = 0; j < f->changes->len; j++) {
            VirtPlanChange *c = g_ptr_array_index(f->changes, j);

            json_builder_begin_object(b);
            virt_json_str(b, "kind", json_change_kinds[c->kind]);
            virt_json_str(b, "option", c->option);
            virt_json_strv(b, "argv", (const char *const *)c->argv, -1);
            virt_json_u64_or_null(b, "value", json_change_has_value(c->kind),
                                  c->value);
            virt_json_str(b, "cost", c->cost);
            virt_json_int(b, "loss", c->loss);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void json_limits(JsonBuilder *b, const VirtPlan *p)
{
    const VirtPlanLimits *l = &p->limits;
    int i;

    json_builder_set_member_name(b, "limits");
    json_builder_begin_object(b);
    virt_json_int(b, "pa_bits", l->pa_bits);
    virt_json_u64_or_null(b, "max_ram", l->max_ram > 0, l->max_ram);
    virt_json_u64(b, "ram_for_maxmem", l->ram_for_maxmem);
    virt_json_int(b, "slots", l->slots);
    virt_json_u64_or_null(b, "max_maxmem", l->max_maxmem > 0,
                          l->max_maxmem);
    json_builder_set_member_name(b, "gic");
    json_builder_begin_array(b);
    for (i = 0; i < 3; i++) {
        const VirtPlanGicLimit *g = &l->gic[i];
        /* GICv2 has no redistributors */
        bool redists = g->possible && g->version != VIRT_GIC_VERSION_2;

        json_builder_begin_object(b);
        virt_json_int(b, "version", (int)g->version);
        virt_json_bool(b, "possible", g->possible);
        virt_json_int_or_null(b, "max_cpus", g->possible, g->max_cpus);
        virt_json_int_or_null(b, "low_capacity", redists, g->low_capacity);
        virt_json_int_or_null(b, "high_capacity", redists,
                              g->high_capacity);
        virt_json_bool(b, "redist2_fits", g->redist2_fits);
        virt_json_str(b, "reason", g->why);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "regions");
    json_builder_begin_array(b);
    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        const VirtPlanRegionLimit *r = &l->region[i];

        json_builder_begin_object(b);
        virt_json_str(b, "name", virt_region_name(r->idx));
        virt_json_str(b, "property", virt_high_region_property(r->idx));
        virt_json_bool(b, "ever_fits", r->ever_fits);
        virt_json_u64_or_null(b, "max_memtop", r->ever_fits, r->max_memtop);
        virt_json_u64_or_null(b, "max_ram", r->ever_fits, r->max_ram);
        virt_json_bool(b, "fits_now", r->fits_now);
        virt_json_str(b, "reason", r->why);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void json_host(JsonBuilder *b, const VirtPlan *p)
{
    const VirtOptions *o = &p->opts;
    bool kvm = o->accel == VIRT_ACCEL_KVM;
    bool hvf = o->accel == VIRT_ACCEL_HVF;

    json_builder_set_member_name(b, "host");
    json_builder_begin_object(b);
    virt_json_str(b, "accel", report_accel(o->accel));
    virt_json_int_or_null(b, "kvm_ipa_bits", kvm, o->host.kvm_ipa_bits);
    virt_json_int_or_null(b, "hvf_default_ipa", hvf,
                          o->host.hvf_default_ipa);
    virt_json_int_or_null(b, "hvf_max_ipa", hvf, o->host.hvf_max_ipa);
    virt_json_int(b, "pa_bits", p->limits.pa_bits);
    json_builder_end_object(b);
}

static void json_ipa(JsonBuilder *b, const VirtPlan *p)
{
    bool hvf = p->fits && p->opts.accel == VIRT_ACCEL_HVF;

    json_builder_set_member_name(b, "ipa");
    json_builder_begin_object(b);
    virt_json_int_or_null(b, "bits", p->ipa_bits != 0, p->ipa_bits);
    virt_json_int_or_null(b, "kvm_type", p->kvm_type >= 0, p->kvm_type);
    virt_json_str(b, "hvf_ipa",
                  hvf ? (p->hvf_uses_max ? "max" : "default") : NULL);
    virt_json_int_or_null(b, "min_host_ipa_bits", p->min_host_ipa != 0,
                          p->min_host_ipa);
    virt_json_int_or_null(b, "min_host_ipa_vm_bits",
                          p->min_host_ipa_type != 0, p->min_host_ipa_type);
    virt_json_int_or_null(b, "full_map_ipa_bits", p->full_map_ipa != 0,
                          p->full_map_ipa);
    json_builder_end_object(b);
}

/* One command line per modelled release, newest first */
static void json_qemu(JsonBuilder *b, const VirtPlan *p)
{
    json_builder_set_member_name(b, "qemu");
    json_builder_begin_object(b);
    virt_json_bool(b, "for_fix", p->qemu_for_fix);
    json_builder_set_member_name(b, "lines");
    json_builder_begin_array(b);
    for (guint i = 0; i < p->qemu_lines->len; i++) {
        const VirtPlanQemuLine *l = g_ptr_array_index(p->qemu_lines, i);

        json_builder_begin_object(b);
        virt_json_str(b, "release", virt_release_name(l->release));
        virt_json_str(b, "line", l->line);
        virt_json_strv(b, "argv", (const char *const *)l->argv, -1);
        virt_json_strv(b, "missing", (const char *const *)l->missing->pdata,
                       l->missing->len);
        virt_json_bool(b, "fits", l->fits);
        virt_json_str(b, "error", l->error);
        virt_json_str(b, "differs", l->differs);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

/* The board as its own "kind": "map" object, or null */
static void json_map(JsonBuilder *b, const VirtMachineState *vms)
{
    json_builder_set_member_name(b, "map");
    if (vms) {
        json_builder_add_value(b, virt_machine_json_node(vms));
    } else {
        json_builder_add_null_value(b);
    }
}

char *virt_plan_to_json(const VirtPlan *p)
{
    const VirtMachineState *vms;
    bool fixed;
    JsonBuilder *b;

    g_return_val_if_fail(p != NULL, NULL);

    vms = virt_plan_machine(p, &fixed);
    b = virt_json_begin("plan");
    virt_json_str(b, "qemu_version",
                  virt_release_name(p->opts.release ? p->opts.release
                                                    : virt_release_default()));
    json_host(b, p);
    virt_json_bool(b, "requested", p->requested);
    virt_json_bool(b, "fits", p->fits);
    virt_json_str(b, "error", p->error);
    json_limits(b, p);
    json_ipa(b, p);
    json_fixes(b, "fixes", p->fixes);
    json_fixes(b, "default_ipa_fixes", p->default_ipa_fixes);
    json_qemu(b, p);
    virt_json_strv(b, "warnings", (const char *const *)p->warnings->pdata,
                   p->warnings->len);
    virt_json_bool(b, "map_is_fix", fixed);
    json_map(b, vms);
    return virt_json_end(b);
}
