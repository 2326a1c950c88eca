/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Describe a resolved board: the memory map with the state of every
 * region and why, as a text table or as JSON (docs/system/arm/json.md).
 * Returns strings; printing is the caller's business.
 */
#include "hw/arm/virt.h"

#include <string.h>

#include "hw/arm/virt-internal.h"
#include "virt/json.h"

/* The table's row of the hotplug area, after the regions */
#define VIRT_REPORT_DEVICE_MEMORY VIRT_MEMMAP_LAST
#define VIRT_REPORT_ROWS (VIRT_MEMMAP_LAST + 1)
#define VIRT_REPORT_DEVICE_MEMORY_REASON "hotplug: slots and maxmem"

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
        return vms->secure || vms->uarts > 1; /* or UART1 */
    case VIRT_SECURE_MEM:
        return vms->secure;
    case VIRT_SECURE_GPIO:
        return vms->secure_gpio;
    case VIRT_PCIE_ECAM:
        return vms->ecam_id == VIRT_PCIE_ECAM;
    case VIRT_NVDIMM_ACPI:
        return vms->nvdimm;     /* with or without firmware (observed) */
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
        if (vms->release->second_serial_uart) {
            return g_strdup("only with secure=on, or a second -serial "
                            "(UART1)");
        }
        return g_strdup("only with secure=on");
    case VIRT_SECURE_MEM:
        return g_strdup("only with secure=on");
    case VIRT_SECURE_GPIO:
        if (!vms->secure) {
            return g_strdup("only with secure=on");
        }
        return g_strdup_printf("machine type %s has no secure GPIO",
                               vms->type->name);
    case VIRT_NVDIMM_ACPI:
        return g_strdup("only with nvdimm=on");
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
    if (!vms->highmem && !vms->memmap_request.highmem_keeps_pa_range) {
        return g_strdup("highmem=off caps it at 32 bits");
    }
    if (vms->memmap_request.pa_range_ignored) {
        /* 5.2: the map is laid out whatever the PA range */
        return g_strdup("the map ignores it: only a TCG AArch64 vCPU "
                        "with highmem on refuses a larger one");
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

/*
 * The rows of the table and of the JSON "regions": every region and the
 * hotplug area (when there is one), in address order as a guest reads
 * the map; a container (CPUPERIPHS holds the GIC) before what it holds,
 * else QEMU's order.
 */
static hwaddr virt_row_base(const VirtMachineState *vms, int row)
{
    return row == VIRT_REPORT_DEVICE_MEMORY
        ? vms->memmap.device_memory_base : vms->memmap.entry[row].base;
}

static int virt_cmp_base(gconstpointer a, gconstpointer b, gpointer data)
{
    const VirtMachineState *vms = data;
    int ra = *(const int *)a, rb = *(const int *)b;
    hwaddr ba = virt_row_base(vms, ra), bb = virt_row_base(vms, rb);

    if (ba != bb) {
        return ba < bb ? -1 : 1;
    }
    if (ra == VIRT_CPUPERIPHS || rb == VIRT_CPUPERIPHS) {
        return ra == VIRT_CPUPERIPHS ? -1 : 1;
    }
    return ra - rb;
}

/* Fill @rows (VIRT_REPORT_ROWS long) in table order; returns how many */
static int virt_report_order(const VirtMachineState *vms, int *rows)
{
    int i, n = 0;

    for (i = 0; i < VIRT_MEMMAP_LAST; i++) {
        rows[n++] = i;
    }
    if (vms->memmap.device_memory_size) {
        rows[n++] = VIRT_REPORT_DEVICE_MEMORY;
    }
    g_qsort_with_data(rows, n, sizeof(int), virt_cmp_base, (gpointer)vms);
    return n;
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

/* Every row, in the order of virt_report_order() */
static GArray *virt_report_rows(const VirtMachineState *vms)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(VirtReportRow));
    const VirtMemMap *m = &vms->memmap;
    int order[VIRT_REPORT_ROWS];
    int i, n;

    g_array_set_clear_func(rows, virt_report_row_clear);
    n = virt_report_order(vms, order);
    for (i = 0; i < n; i++) {
        if (order[i] == VIRT_REPORT_DEVICE_MEMORY) {
            VirtReportRow r = {
                .name = "DEVICE_MEMORY",
                .base = m->device_memory_base,
                .end = m->device_memory_base + m->device_memory_size - 1,
                .size = virt_size_to_str(m->device_memory_size),
                .state = "on",
                .reason = g_strdup(VIRT_REPORT_DEVICE_MEMORY_REASON),
            };

            g_array_append_val(rows, r);
        } else {
            virt_report_add(rows, vms, order[i]);
        }
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

static void json_region(JsonBuilder *b, const VirtMachineState *vms, int idx)
{
    bool high = idx >= VIRT_LOWMEMMAP_LAST;
    g_autofree char *why = virt_report_reason(vms, idx);

    json_builder_begin_object(b);
    virt_json_str(b, "name", virt_region_name(idx));
    virt_json_u64(b, "base", vms->memmap.entry[idx].base);
    virt_json_u64(b, "size", virt_report_size(vms, idx));
    virt_json_str(b, "state", virt_state_word(vms, idx));
    virt_json_bool(b, "high", high);
    virt_json_str(b, "property", high ? virt_high_region_property(idx)
                                      : NULL);
    json_builder_set_member_name(b, "fits");
    if (high) {
        json_builder_add_boolean_value(
            b, vms->memmap.fits[idx - VIRT_LOWMEMMAP_LAST]);
    } else {
        json_builder_add_null_value(b);
    }
    virt_json_str(b, "reason", why && *why ? why : NULL);
    json_builder_end_object(b);
}

/* The hotplug area, the table's DEVICE_MEMORY row */
static void json_device_memory(JsonBuilder *b, const VirtMachineState *vms)
{
    json_builder_begin_object(b);
    virt_json_str(b, "name", "DEVICE_MEMORY");
    virt_json_u64(b, "base", vms->memmap.device_memory_base);
    virt_json_u64(b, "size", vms->memmap.device_memory_size);
    virt_json_str(b, "state", "on");
    virt_json_bool(b, "high", false);
    virt_json_str(b, "property", NULL);
    virt_json_str(b, "fits", NULL);
    virt_json_str(b, "reason", VIRT_REPORT_DEVICE_MEMORY_REASON);
    json_builder_end_object(b);
}

JsonNode *virt_machine_json_node(const VirtMachineState *vms)
{
    const VirtMemMap *m;
    bool kvm, hotplug;
    int order[VIRT_REPORT_ROWS];
    int i, n;
    JsonBuilder *b;
    JsonNode *node;

    g_return_val_if_fail(vms != NULL, NULL);

    m = &vms->memmap;
    kvm = vms->accel == VIRT_ACCEL_KVM;
    hotplug = m->device_memory_size > 0;
    b = virt_json_begin("map");
    virt_json_str(b, "qemu_version", virt_release_name(vms->release));
    virt_json_str(b, "machine", vms->type->name);
    virt_json_str(b, "cpu", vms->cpu->name);
    virt_json_str(b, "accel", virt_accel_name(vms->accel));
    virt_json_int(b, "gic_version", (int)vms->gic_version);
    virt_json_bool(b, "highmem", vms->highmem);
    virt_json_bool(b, "compact_highmem", vms->highmem_compact);
    virt_json_int(b, "pa_bits", m->pa_bits);
    virt_json_u64(b, "ram_size", vms->ram_size);
    virt_json_u64(b, "maxram_size", vms->maxram_size);
    virt_json_int(b, "ram_slots", vms->ram_slots);
    virt_json_u64_or_null(b, "device_memory_base", hotplug,
                          m->device_memory_base);
    virt_json_u64_or_null(b, "device_memory_size", hotplug,
                          m->device_memory_size);
    virt_json_u64(b, "memtop", m->memtop);
    virt_json_u64(b, "high_base", m->high_base);
    virt_json_u64(b, "highest_gpa", m->highest_gpa);
    virt_json_int(b, "requested_ipa_bits", vms->requested_ipa_bits);
    virt_json_int_or_null(b, "kvm_type", kvm, vms->kvm_type);
    virt_json_int(b, "cpus", vms->smp.cpus);
    virt_json_int(b, "max_cpus", vms->smp.max_cpus);
    virt_json_int(b, "cpu_limit", vms->max_cpus);
    virt_json_int(b, "redist_regions", vms->redist_region_count);
    virt_json_u64(b, "ecam_base", m->entry[vms->ecam_id].base);
    virt_json_int(b, "ecam_buses",
                  (int64_t)(m->entry[vms->ecam_id].size / VIRT_MiB));
    virt_json_u64_or_null(b, "max_ram", virt_max_ram(vms, false) > 0,
                          virt_max_ram(vms, false));
    virt_json_u64_or_null(b, "max_ram_with_hotplug",
                          virt_max_ram(vms, true) > 0,
                          virt_max_ram(vms, true));
    json_builder_set_member_name(b, "regions");
    json_builder_begin_array(b);
    n = virt_report_order(vms, order);
    for (i = 0; i < n; i++) {
        if (order[i] == VIRT_REPORT_DEVICE_MEMORY) {
            json_device_memory(b, vms);
        } else {
            json_region(b, vms, order[i]);
        }
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    node = json_builder_get_root(b);
    g_object_unref(b);
    return node;
}

char *virt_machine_to_json(const VirtMachineState *vms)
{
    g_autoptr(JsonNode) node = NULL;

    g_return_val_if_fail(vms != NULL, NULL);

    node = virt_machine_json_node(vms);
    return virt_json_node_to_string(node);
}
