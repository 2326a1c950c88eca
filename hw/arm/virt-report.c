/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Describe a resolved board: the memory map with the state of every
 * region and why, as a text table or as JSON (docs/system/arm/json.md).
 * Returns strings; printing is the caller's business.
 */
#include "hw/arm/virt.h"

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
                           hs, "on", "hotplug: slots and maxmem");
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
    int order[VIRT_LOWMEMMAP_LAST];
    int i;

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
    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        order[i] = i;
    }
    g_qsort_with_data(order, VIRT_LOWMEMMAP_LAST, sizeof(int), virt_cmp_base,
                      (gpointer)vms);
    for (i = 0; i < VIRT_LOWMEMMAP_LAST; i++) {
        virt_report_row(s, vms, order[i]);
    }
    virt_report_device_memory(s, vms);
    for (i = VIRT_LOWMEMMAP_LAST; i < VIRT_MEMMAP_LAST; i++) {
        virt_report_row(s, vms, i);
    }
    virt_report_summary(s, vms);
    return g_string_free(s, FALSE);
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
