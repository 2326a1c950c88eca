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

char *virt_size_to_str(uint64_t v)
{
    static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB",
                                        "PiB", "EiB" };
    int u = 0;

    while (u < 6 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        u++;
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT " %s", (guint64)v, unit[u]);
}

static char *virt_human_size(uint64_t size)
{
    static const char units[] = "BKMGTPE";
    int u = 0;

    while (u < 6 && size >= 1024 && size % 1024 == 0) {
        size /= 1024;
        u++;
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT "%c", (guint64)size,
                           units[u]);
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

static char *virt_report_reason(const VirtMachineState *vms, int idx)
{
    if (idx >= VIRT_LOWMEMMAP_LAST) {
        return virt_region_reason(vms, idx);
    }
    if (idx == VIRT_PCIE_ECAM) {
        return g_strdup(vms->ecam_id == VIRT_PCIE_ECAM
                            ? "16 buses: the high ECAM is not used"
                            : "not used: the high ECAM (256 buses) is");
    }
    return g_strdup("");
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

static void virt_report_row(GString *s, const VirtMachineState *vms, int idx)
{
    hwaddr base = vms->memmap.entry[idx].base;
    hwaddr size = virt_report_size(vms, idx);
    g_autofree char *hs = virt_human_size(size);
    g_autofree char *why = virt_report_reason(vms, idx);

    g_string_append_printf(s, "%-18s 0x%016" G_GINT64_MODIFIER "x 0x%016"
                           G_GINT64_MODIFIER "x %7s  %-6s %s\n",
                           virt_region_name(idx), (guint64)base,
                           (guint64)(base + size - 1), hs,
                           virt_state_word(vms, idx), why);
}

static void virt_report_device_memory(GString *s, const VirtMachineState *vms)
{
    const VirtMemMap *m = &vms->memmap;
    g_autofree char *hs = virt_human_size(m->device_memory_size);

    if (!m->device_memory_size) {
        return;
    }
    g_string_append_printf(s, "%-18s 0x%016" G_GINT64_MODIFIER "x 0x%016"
                           G_GINT64_MODIFIER "x %7s  %-6s %s\n",
                           "DEVICE_MEMORY", (guint64)m->device_memory_base,
                           (guint64)(m->device_memory_base +
                                     m->device_memory_size - 1),
                           hs, "on", VIRT_REPORT_DEVICE_MEMORY_REASON);
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

static void virt_report_summary(GString *s, const VirtMachineState *vms)
{
    g_autofree char *pa = virt_pa_source(vms);
    g_autofree char *ram = virt_human_size(vms->ram_size);
    g_autofree char *max_ram = virt_human_size(virt_max_ram(vms, false));
    int gpa_bits = virt_bit_length(vms->memmap.highest_gpa);

    g_string_append_printf(s, "\nPA range:           %d bits (%s)\n",
                           vms->memmap.pa_bits, pa);
    g_string_append_printf(s, "highest GPA:        0x%016" G_GINT64_MODIFIER
                           "x (%d bits)\n",
                           (guint64)vms->memmap.highest_gpa, gpa_bits);
    g_string_append_printf(s, "IPA bits required:  %d",
                           vms->requested_ipa_bits);
    if (vms->accel == VIRT_ACCEL_KVM) {
        g_string_append_printf(s, " (KVM_CREATE_VM type %d)", vms->kvm_type);
    }
    g_string_append_printf(s, "\nRAM:                %s; -m can grow to %s "
                           "without hotplug (PA limit 2^%d)\n",
                           ram, max_ram, vms->memmap.pa_bits);
    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        g_string_append_printf(s, "vCPUs:              %u (max %u: GICv2 "
                               "holds 8)\n",
                               vms->smp.cpus, vms->max_cpus);
    } else {
        g_string_append_printf(s, "vCPUs:              %u (max %u with "
                               "GICv%d: %u in the low redistributor "
                               "region%s)\n",
                               vms->smp.cpus, vms->max_cpus,
                               (int)vms->gic_version, vms->redist_capacity[0],
                               vms->highmem_redists
                                   ? ", the rest in the high one"
                                   : "; the high one is off");
    }
    g_string_append_printf(s, "PCIe ECAM:          %s, %u buses\n",
                           vms->highmem_ecam ? "high" : "low",
                           (unsigned)(vms->memmap.entry[vms->ecam_id].size /
                                      VIRT_MiB));
}

char *virt_machine_describe(const VirtMachineState *vms)
{
    GString *s = g_string_new(NULL);
    int order[VIRT_REPORT_ROWS];
    int i, n;

    g_return_val_if_fail(vms != NULL, NULL);

    g_string_append_printf(s, "QEMU %s\n",
                           virt_release_name(vms->release));
    g_string_append_printf(s, "machine %s, cpu %s, accel %s, gic-version "
                           "%d, %s high layout\n\n",
                           vms->type->name, vms->cpu->name,
                           virt_accel_name(vms->accel), (int)vms->gic_version,
                           vms->highmem_compact ? "compact" : "legacy");
    g_string_append_printf(s, "%-18s %-18s %-18s %7s  %-6s %s\n", "REGION",
                           "BASE", "END", "SIZE", "STATE", "REASON");
    n = virt_report_order(vms, order);
    for (i = 0; i < n; i++) {
        if (order[i] == VIRT_REPORT_DEVICE_MEMORY) {
            virt_report_device_memory(s, vms);
        } else {
            virt_report_row(s, vms, order[i]);
        }
    }
    virt_report_summary(s, vms);
    return g_string_free(s, FALSE);
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
