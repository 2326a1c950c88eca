/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Describe a resolved board: the memory map with the state of every
 * region and why, as a text table or as JSON (docs/system/arm/json.md).
 * Returns strings; printing is the caller's business.
 */
#include "hw/arm/virt.h"
#include "hw/arm/virt-internal.h"

#include <string.h>

#include "virt/json.h"

/* Is low region @idx instantiated for this configuration? */
bool virt_low_region_used(const VirtMachineState *vms, int idx)
{
    bool v2 = vms->gic_version == VIRT_GIC_VERSION_2;
    bool ged = vms->acpi_ged;

    switch (idx) {
    case VIRT_GIC_CPU:
        return v2;
    case VIRT_GIC_V2M:
        return vms->v2m;
    case VIRT_GIC_HYP:
    case VIRT_GIC_VCPU:
        return v2 && vms->virtualization;
    case VIRT_GIC_ITS:
        return vms->its;
    case VIRT_GIC_REDIST:
        return !v2;
    case VIRT_SMMU:
        return vms->iommu == VIRT_IOMMU_SMMUV3;
    case VIRT_GPIO:
        return !ged;
    case VIRT_ACPI_GED:
        return ged;
    case VIRT_PCDIMM_ACPI:
        return ged && vms->memmap.device_memory_size > 0;
    case VIRT_SECURE_UART:
    case VIRT_SECURE_MEM:
        return vms->secure;
    case VIRT_SECURE_GPIO:
        return vms->secure_gpio;
    case VIRT_PCIE_ECAM:
        return vms->ecam_id == VIRT_PCIE_ECAM;
    case VIRT_NVDIMM_ACPI:
        return false;
    case VIRT_PVTIME:
        return vms->pvtime;
    default:
        return true;
    }
}

/* Region size, with the virtio-mmio transports counted whole */
static hwaddr virt_report_size(const VirtMachineState *vms, int idx)
{
    if (idx == VIRT_MMIO) {
        return vms->memmap.entry[idx].size * VIRT_NUM_VIRTIO_TRANSPORTS;
    }
    return vms->memmap.entry[idx].size;
}

/*
 * QEMU's human size format (its size_to_str(), seen in `info qtree`:
 * "512 B", "1.5 KiB", "0.977 MiB", "16 TiB"): three significant digits,
 * and the next unit up from 1000 of a unit on, so a value never shows
 * four digits before the point.
 */
char *virt_size_to_str(uint64_t v)
{
    static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
                                        "PiB", "EiB" };
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    int u = 0;

    /* unit u from 1000 * 1024^(u - 1) bytes on */
    while (u < 6 && v >= (uint64_t)1000 << (10 * u)) {
        u++;
    }
    g_ascii_formatd(num, sizeof(num), "%.3g",
                    (double)v / (double)((uint64_t)1 << (10 * u)));
    return g_strdup_printf("%s %s", num, unit[u]);
}

static const char *virt_accel_name(VirtAccel a)
{
    return a == VIRT_ACCEL_KVM ? "kvm" : a == VIRT_ACCEL_HVF ? "hvf" : "tcg";
}

static const char *virt_state_word(const VirtMachineState *vms, int idx)
{
    if (idx < VIRT_LOWMEMMAP_LAST) {
        return virt_low_region_used(vms, idx) ? "on" : "off";
    }
    if (virt_high_region_used(vms, idx)) {
        return "on";
    }
    switch (vms->region_state[idx - VIRT_LOWMEMMAP_LAST]) {
    case VIRT_REGION_ENABLED:
    case VIRT_REGION_UNUSED:
        return "unused";
    default:
        return "off";
    }
}

/* Why the ACPI GED is not there: it needs all of these */
static char *virt_ged_reason(const VirtMachineState *vms)
{
    if (vms->compat.no_ged) {
        return g_strdup_printf("machine type %s has no ACPI GED",
                               vms->type->name);
    }
    if (!vms->cpu->aarch64) {
        return g_strdup_printf("the ACPI GED needs a 64-bit CPU (%s is "
                               "32-bit)",
                               vms->cpu->name);
    }
    if (!vms->firmware_loaded) {
        return g_strdup("the ACPI GED comes only with firmware (-bios or "
                        "pflash)");
    }
    return g_strdup("acpi=off: no ACPI GED");
}

/* Why the ITS is not there */
static char *virt_its_reason(const VirtMachineState *vms)
{
    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        return g_strdup("GICv2 has no ITS (MSIs go to GIC_V2M)");
    }
    if (vms->compat.no_its) {
        return g_strdup_printf("machine type %s has no ITS",
                               vms->type->name);
    }
    if (vms->accel == VIRT_ACCEL_TCG && vms->compat.no_tcg_its) {
        return g_strdup_printf("machine type %s has no ITS under TCG",
                               vms->type->name);
    }
    return g_strdup("disabled by its=off");
}

/* Why low region @idx is not instantiated ("" when it is) */
static char *virt_low_reason(const VirtMachineState *vms, int idx)
{
    int gic = (int)vms->gic_version;

    if (idx == VIRT_PCIE_ECAM) {
        return g_strdup(vms->ecam_id == VIRT_PCIE_ECAM
                            ? "16 buses: the high ECAM is not used"
                            : "not used: the high ECAM (256 buses) takes "
                              "its place");
    }
    if (virt_low_region_used(vms, idx)) {
        return g_strdup("");
    }
    switch (idx) {
    case VIRT_GIC_CPU:
        return g_strdup_printf("GICv%d: the CPU interface is in system "
                               "registers",
                               gic);
    case VIRT_GIC_V2M:
        return g_strdup_printf("GICv2 only (GICv%d has %s)", gic,
                               vms->its ? "the ITS" : "no MSI frame");
    case VIRT_GIC_HYP:
    case VIRT_GIC_VCPU:
        if (vms->gic_version != VIRT_GIC_VERSION_2) {
            return g_strdup_printf("GICv2 only (GICv%d has system "
                                   "registers)",
                                   gic);
        }
        return g_strdup("GICv2 with virtualization=on only");
    case VIRT_GIC_ITS:
        return virt_its_reason(vms);
    case VIRT_GIC_REDIST:
        return g_strdup("GICv2 has no redistributors");
    case VIRT_SMMU:
        return g_strdup("only with iommu=smmuv3");
    case VIRT_GPIO:
        return g_strdup("the ACPI GED takes the power button");
    case VIRT_ACPI_GED: {
        g_autofree char *why = virt_ged_reason(vms);

        return g_strdup_printf("%s; the PL061 GPIO takes the power button",
                               why);
    }
    case VIRT_PCDIMM_ACPI:
        if (!vms->acpi_ged) {
            return g_strdup("memory hotplug goes through the ACPI GED, "
                            "which is off");
        }
        return g_strdup("no hotplug memory (no slots=, maxmem= above -m)");
    case VIRT_SECURE_UART:
    case VIRT_SECURE_MEM:
        return g_strdup("only with secure=on");
    case VIRT_SECURE_GPIO:
        if (!vms->secure) {
            return g_strdup("only with secure=on");
        }
        return g_strdup_printf("machine type %s has no secure GPIO",
                               vms->type->name);
    case VIRT_NVDIMM_ACPI:
        return g_strdup("only with nvdimm=on, which virtboard does not "
                        "model");
    case VIRT_PVTIME:
        if (vms->accel != VIRT_ACCEL_KVM) {
            return g_strdup("stolen time: KVM only");
        }
        return g_strdup_printf("machine type %s has no stolen time",
                               vms->type->name);
    default:
        return g_strdup("not instantiated");
    }
}

const char *virt_report_state(const VirtMachineState *vms, int idx)
{
    return virt_state_word(vms, idx);
}

/* The REASON column: why a region is on, off or unused */
char *virt_report_reason(const VirtMachineState *vms, int idx)
{
    if (idx >= VIRT_LOWMEMMAP_LAST) {
        return virt_region_reason(vms, idx);
    }
    return virt_low_reason(vms, idx);
}

/* Where the PA limit comes from, in words */
static char *virt_pa_source(const VirtMachineState *vms)
{
    if (!vms->highmem) {
        return g_strdup("highmem=off caps it at 32 bits");
    }
    switch (vms->accel) {
    case VIRT_ACCEL_KVM:
        return g_strdup("the host's KVM IPA limit");
    case VIRT_ACCEL_HVF:
        return g_strdup("the host's maximum HVF IPA size");
    case VIRT_ACCEL_TCG:
    default:
        return g_strdup_printf("%s PARange", vms->cpu->name);
    }
}

/* Largest -m that fits with the current hotplug space (0: none fits) */
uint64_t virt_max_ram(const VirtMachineState *vms, bool with_hotplug)
{
    hwaddr limit = (hwaddr)1 << vms->memmap.pa_bits;
    hwaddr hotplug = 0;

    if (with_hotplug) {
        hotplug = vms->maxram_size - vms->ram_size +
                  (hwaddr)vms->ram_slots * VIRT_GiB;
        hotplug = (hotplug + VIRT_GiB - 1) & ~(VIRT_GiB - 1);
    }
    if (limit < virt_base_memmap[VIRT_MEM].base + hotplug) {
        return 0;
    }
    return limit - virt_base_memmap[VIRT_MEM].base - hotplug;
}

/* Low regions in address order, as a guest reads the map */
static int virt_cmp_base(gconstpointer a, gconstpointer b, gpointer data)
{
    const VirtMachineState *vms = data;
    hwaddr ba = vms->memmap.entry[*(const int *)a].base;
    hwaddr bb = vms->memmap.entry[*(const int *)b].base;

    if (ba != bb) {
        return ba < bb ? -1 : 1;
    }
    /* containers first: CPUPERIPHS holds the GIC */
    return *(const int *)a == VIRT_CPUPERIPHS ? -1 :
           *(const int *)b == VIRT_CPUPERIPHS ? 1 : 0;
}

/*
 * Append @text at column @col of the current line, breaking lines at
 * spaces so that none passes @width (0: no limit); continuation lines
 * start with @indent spaces. A word longer than the room stays whole.
 */
static void virt_wrap(GString *s, const char *text, int col, int indent,
                      int width)
{
    g_auto(GStrv) words = g_strsplit(text, " ", -1);
    int pos = col;
    int i;

    for (i = 0; words[i]; i++) {
        int len = (int)strlen(words[i]);

        if (!len) {
            continue;
        }
        if (pos > col && width > 0 && pos + 1 + len > width) {
            g_string_append_printf(s, "\n%*s", indent, "");
            pos = indent;
        } else if (pos > col) {
            g_string_append_c(s, ' ');
            pos++;
        }
        g_string_append(s, words[i]);
        pos += len;
    }
    g_string_append_c(s, '\n');
}

/* A summary line: a 20-column label, then @text wrapped under itself */
static void G_GNUC_PRINTF(4, 5)
virt_summary_line(GString *s, int width, const char *label,
                  const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_string_append_printf(s, "%-20s", label);
    virt_wrap(s, text, 20, 20, width);
}

static void virt_report_summary(GString *s, const VirtMachineState *vms,
                                int width)
{
    g_autofree char *pa = virt_pa_source(vms);
    g_autofree char *ram = virt_size_to_str(vms->ram_size);
    g_autofree char *max_ram = virt_size_to_str(virt_max_ram(vms, false));
    int gpa_bits = virt_bit_length(vms->memmap.highest_gpa);
    g_autofree char *ipa = NULL;

    g_string_append_c(s, '\n');
    virt_summary_line(s, width, "PA range:", "%d bits (%s)",
                      vms->memmap.pa_bits, pa);
    virt_summary_line(s, width, "highest GPA:",
                      "0x%016" G_GINT64_MODIFIER "x (%d bits)",
                      (guint64)vms->memmap.highest_gpa, gpa_bits);
    if (vms->accel == VIRT_ACCEL_KVM) {
        ipa = g_strdup_printf(" (KVM_CREATE_VM type %d)", vms->kvm_type);
    }
    virt_summary_line(s, width, "IPA bits required:", "%d%s",
                      vms->requested_ipa_bits, ipa ? ipa : "");
    virt_summary_line(s, width, "RAM:", "%s; -m can grow to %s without "
                      "hotplug (PA limit 2^%d)",
                      ram, max_ram, vms->memmap.pa_bits);
    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        virt_summary_line(s, width, "vCPUs:", "%u (max %u: GICv2 holds 8)",
                          vms->smp.cpus, vms->max_cpus);
    } else {
        virt_summary_line(s, width, "vCPUs:", "%u (max %u with GICv%d: %u "
                          "in the low redistributor region%s)",
                          vms->smp.cpus, vms->max_cpus,
                          (int)vms->gic_version, vms->redist_capacity[0],
                          vms->highmem_redists
                              ? ", the rest in the high one"
                              : "; the high one is off");
    }
    virt_summary_line(s, width, "PCIe ECAM:", "%s, %u buses",
                      vms->highmem_ecam ? "high" : "low",
                      (unsigned)(vms->memmap.entry[vms->ecam_id].size /
                                 VIRT_MiB));
}

/* One row of the table, every cell already a string */
typedef struct VirtReportRow {
    const char *name;
    hwaddr base;
    hwaddr end;
    char *size;
    const char *state;
    char *reason;
} VirtReportRow;

static void virt_report_row_clear(gpointer p)
{
    VirtReportRow *r = p;

    g_free(r->size);
    g_free(r->reason);
}

static void virt_report_add(GArray *rows, const VirtMachineState *vms,
                            int idx)
{
    hwaddr size = virt_report_size(vms, idx);
    VirtReportRow r = {
        .name = virt_region_name(idx),
        .base = vms->memmap.entry[idx].base,
        .end = vms->memmap.entry[idx].base + size - 1,
        .size = virt_size_to_str(size),
        .state = virt_state_word(vms, idx),
        .reason = virt_report_reason(vms, idx),
    };

    g_array_append_val(rows, r);
}

/* Every row in address order for the low map, then hotplug, then high */
static GArray *virt_report_rows(const VirtMachineState *vms)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(VirtReportRow));
    const VirtMemMap *m = &vms->memmap;
    int order[VIRT_LOWMEMMAP_LAST];
    int i;

    g_array_set_clear_func(rows, virt_report_row_clear);
    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        order[i] = i;
    }
    g_qsort_with_data(order, VIRT_LOWMEMMAP_LAST, sizeof(int), virt_cmp_base,
                      (gpointer)vms);
    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        virt_report_add(rows, vms, order[i]);
    }
    if (m->device_memory_size) {
        VirtReportRow r = {
            .name = "DEVICE_MEMORY",
            .base = m->device_memory_base,
            .end = m->device_memory_base + m->device_memory_size - 1,
            .size = virt_size_to_str(m->device_memory_size),
            .state = "on",
            .reason = g_strdup("hotplug: slots and maxmem"),
        };

        g_array_append_val(rows, r);
    }
    for (i = VIRT_LOWMEMMAP_LAST; i < VIRT_MEMMAP_LAST; i++) {
        virt_report_add(rows, vms, i);
    }
    return rows;
}

/*
 * The table's shape for a terminal @width columns wide. REASON takes
 * what the other columns leave; when that is too narrow to read, columns
 * go in this order (docs/virtboard.1, "OUTPUT"): END (BASE + SIZE tell
 * it), then SIZE, then REASON moves to lines of its own under its row.
 */
typedef struct VirtTableShape {
    int name_w;
    int addr_w;                 /* hex digits */
    int size_w;
    int state_w;
    bool end;
    bool size;
    bool reason_below;
    int reason_col;
} VirtTableShape;

#define VIRT_TABLE_MIN_WIDTH 40
#define VIRT_TABLE_REASON_ROOM 30  /* keep END while REASON gets this */
#define VIRT_TABLE_REASON_MIN 20   /* below it REASON leaves the row */

static int virt_table_fixed(const VirtTableShape *t, bool end, bool size)
{
    return t->name_w + 1 + (t->addr_w + 2) + 1 +
           (end ? t->addr_w + 3 : 0) + (size ? t->size_w + 2 : 0) +
           t->state_w + 1;
}

static void virt_table_shape(GArray *rows, int width, VirtTableShape *t)
{
    hwaddr top = 0;
    int reason_w = 0;
    guint i;

    t->name_w = (int)strlen("REGION");
    t->size_w = (int)strlen("SIZE");
    t->state_w = (int)strlen("STATE");
    for (i = 0; i < rows->len; i++) {
        VirtReportRow *r = &g_array_index(rows, VirtReportRow, i);

        t->name_w = MAX(t->name_w, (int)strlen(r->name));
        t->size_w = MAX(t->size_w, (int)strlen(r->size));
        t->state_w = MAX(t->state_w, (int)strlen(r->state));
        reason_w = MAX(reason_w, (int)strlen(r->reason));
        top = MAX(top, r->end);
    }
    /* as many hex digits as the highest address needs, at least 8 */
    t->addr_w = MAX(8, (virt_bit_length(top) + 3) / 4);
    t->end = t->size = true;
    t->reason_below = false;
    if (width > 0) {
        int fit_all = virt_table_fixed(t, true, true) + reason_w;

        width = MAX(width, VIRT_TABLE_MIN_WIDTH);
        if (fit_all > width &&
            width - virt_table_fixed(t, true, true) <
                VIRT_TABLE_REASON_ROOM) {
            t->end = false;
        }
        if (!t->end && width - virt_table_fixed(t, false, true) <
                           VIRT_TABLE_REASON_MIN) {
            t->size = false;
        }
        if (!t->size && width - virt_table_fixed(t, false, false) <
                            VIRT_TABLE_REASON_MIN) {
            /* REASON on lines of its own leaves room for SIZE again */
            t->reason_below = true;
            t->size = virt_table_fixed(t, false, true) - 1 <= width;
        }
    }
    t->reason_col = virt_table_fixed(t, t->end, t->size);
}

static void virt_table_row(GString *s, const VirtTableShape *t, int width,
                           const char *name, const char *base,
                           const char *end, const char *size,
                           const char *state, const char *reason)
{
    gsize start = s->len;

    g_string_append_printf(s, "%-*s %-*s ", t->name_w, name, t->addr_w + 2,
                           base);
    if (t->end) {
        g_string_append_printf(s, "%-*s ", t->addr_w + 2, end);
    }
    if (t->size) {
        g_string_append_printf(s, "%*s  ", t->size_w, size);
    }
    g_string_append_printf(s, "%-*s ", t->state_w, state);
    if (!*reason || t->reason_below) {
        /* no trailing blanks */
        while (s->len > start && s->str[s->len - 1] == ' ') {
            g_string_truncate(s, s->len - 1);
        }
        g_string_append_c(s, '\n');
    }
    if (!*reason) {
        return;
    }
    if (t->reason_below) {
        g_string_append(s, "    ");
        virt_wrap(s, reason, 4, 4, MAX(width, VIRT_TABLE_MIN_WIDTH));
    } else {
        virt_wrap(s, reason, t->reason_col, t->reason_col,
                  width > 0 ? MAX(width, VIRT_TABLE_MIN_WIDTH) : 0);
    }
}

static void virt_report_table(GString *s, const VirtMachineState *vms,
                              int width)
{
    g_autoptr(GArray) rows = virt_report_rows(vms);
    VirtTableShape t;
    guint i;

    virt_table_shape(rows, width, &t);
    virt_table_row(s, &t, width, "REGION", "BASE", "END", "SIZE", "STATE",
                   "REASON");
    for (i = 0; i < rows->len; i++) {
        VirtReportRow *r = &g_array_index(rows, VirtReportRow, i);
        g_autofree char *base = g_strdup_printf("0x%0*" G_GINT64_MODIFIER
                                                "x",
                                                t.addr_w, (guint64)r->base);
        g_autofree char *end = g_strdup_printf("0x%0*" G_GINT64_MODIFIER
                                               "x",
                                               t.addr_w, (guint64)r->end);

        virt_table_row(s, &t, width, r->name, base, end, r->size, r->state,
                       r->reason);
    }
}

char *virt_machine_describe_width(const VirtMachineState *vms, int width)
{
    GString *s;
    g_autofree char *head = NULL;

    g_return_val_if_fail(vms != NULL, NULL);

    s = g_string_new(NULL);
    g_string_append_printf(s, "QEMU %s\n",
                           virt_release_name(vms->release));
    head = g_strdup_printf("machine %s, cpu %s, accel %s, gic-version %d, "
                           "%s high layout",
                           vms->type->name, vms->cpu->name,
                           virt_accel_name(vms->accel),
                           (int)vms->gic_version,
                           vms->highmem_compact ? "compact" : "legacy");
    virt_wrap(s, head, 0, 2,
              width > 0 ? MAX(width, VIRT_TABLE_MIN_WIDTH) : 0);
    g_string_append_c(s, '\n');
    virt_report_table(s, vms, width);
    virt_report_summary(s, vms,
                        width > 0 ? MAX(width, VIRT_TABLE_MIN_WIDTH) : 0);
    return g_string_free(s, FALSE);
}

char *virt_machine_describe(const VirtMachineState *vms)
{
    return virt_machine_describe_width(vms, VIRT_TABLE_DEFAULT_WIDTH);
}

/* ---- JSON ---- */

static void json_str(GString *s, const char *key, const char *v)
{
    g_string_append_printf(s, "\"%s\":", key);
    virt_json_append_string(s, v ? v : "");
    g_string_append_c(s, ',');
}

static void json_u64(GString *s, const char *key, uint64_t v)
{
    g_string_append_printf(s, "\"%s\":%" G_GUINT64_FORMAT ",", key,
                           (guint64)v);
}

static void json_int(GString *s, const char *key, int v)
{
    g_string_append_printf(s, "\"%s\":%d,", key, v);
}

static void json_bool(GString *s, const char *key, bool v)
{
    g_string_append_printf(s, "\"%s\":%s,", key, v ? "true" : "false");
}

/* Drop a trailing comma and close with @c */
static void json_close(GString *s, char c)
{
    if (s->len && s->str[s->len - 1] == ',') {
        g_string_truncate(s, s->len - 1);
    }
    g_string_append_c(s, c);
    g_string_append_c(s, ',');
}

static void json_region(GString *s, const VirtMachineState *vms, int idx)
{
    g_autofree char *why = virt_report_reason(vms, idx);

    g_string_append_c(s, '{');
    json_str(s, "name", virt_region_name(idx));
    json_u64(s, "base", vms->memmap.entry[idx].base);
    json_u64(s, "size", virt_report_size(vms, idx));
    json_str(s, "state", virt_state_word(vms, idx));
    json_bool(s, "high", idx >= VIRT_LOWMEMMAP_LAST);
    if (idx >= VIRT_LOWMEMMAP_LAST) {
        json_str(s, "property", virt_high_region_property(idx));
        json_bool(s, "fits", vms->memmap.fits[idx - VIRT_LOWMEMMAP_LAST]);
    }
    json_str(s, "reason", why);
    json_close(s, '}');
}

char *virt_machine_to_json(const VirtMachineState *vms)
{
    GString *s = g_string_new("{");
    int i;

    g_return_val_if_fail(vms != NULL, NULL);

    json_int(s, "version", 1);
    json_str(s, "kind", "map");
    json_str(s, "qemu_version", virt_release_name(vms->release));
    json_str(s, "machine", vms->type->name);
    json_str(s, "cpu", vms->cpu->name);
    json_str(s, "accel", virt_accel_name(vms->accel));
    json_int(s, "gic_version", (int)vms->gic_version);
    json_bool(s, "highmem", vms->highmem);
    json_bool(s, "compact_highmem", vms->highmem_compact);
    json_int(s, "pa_bits", vms->memmap.pa_bits);
    json_u64(s, "ram_size", vms->ram_size);
    json_u64(s, "maxram_size", vms->maxram_size);
    json_int(s, "ram_slots", (int)vms->ram_slots);
    json_u64(s, "device_memory_base", vms->memmap.device_memory_base);
    json_u64(s, "device_memory_size", vms->memmap.device_memory_size);
    json_u64(s, "memtop", vms->memmap.memtop);
    json_u64(s, "high_base", vms->memmap.high_base);
    json_u64(s, "highest_gpa", vms->memmap.highest_gpa);
    json_int(s, "requested_ipa_bits", vms->requested_ipa_bits);
    json_int(s, "kvm_type", vms->kvm_type);
    json_int(s, "cpus", (int)vms->smp.cpus);
    json_int(s, "max_cpus", (int)vms->smp.max_cpus);
    json_int(s, "cpu_limit", (int)vms->max_cpus);
    json_int(s, "redist_regions", (int)vms->redist_region_count);
    json_u64(s, "ecam_base", vms->memmap.entry[vms->ecam_id].base);
    json_int(s, "ecam_buses",
             (int)(vms->memmap.entry[vms->ecam_id].size / VIRT_MiB));
    json_u64(s, "max_ram", virt_max_ram(vms, false));
    json_u64(s, "max_ram_with_hotplug", virt_max_ram(vms, true));
    g_string_append(s, "\"regions\":[");
    for (i = 0; i < VIRT_MEMMAP_LAST; i++) {
        json_region(s, vms, i);
    }
    json_close(s, ']');
    json_close(s, '}');
    g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}
