/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Arm "virt" board: machine types, CPU models, the memory map planner
 * and the resolution of user options into a VirtMachineState.
 *
 * Nothing here prints or exits: every failure is a GError carrying the
 * text QEMU 7.2 prints for the same configuration.
 */
#include "hw/arm/virt.h"
#include "hw/arm/virt-internal.h"

#include <string.h>

G_DEFINE_QUARK(virt-error-quark, virt_error)

/*
 * The low memory map: a frozen ABI. Firmware (EDK2's ArmVirtPkg) and old
 * guests hard-code parts of it, so entries never move. The RAM entry only
 * fixes the base; its size is -m.
 *
 *   0x0000_0000 flash (2 x 64 MiB)
 *   0x0800_0000 GIC, ITS, redistributors (123 x 128 KiB)
 *   0x0900_0000 UART, RTC, fw_cfg, GPIO, secure UART, SMMU, ACPI devices
 *   0x0a00_0000 virtio-mmio transports
 *   0x0c00_0000 platform bus, 0x0e00_0000 secure RAM
 *   0x1000_0000 32-bit PCIe window, PIO, low ECAM (16 buses)
 *   0x4000_0000 RAM
 */
/* clang-format off */
const MemMapEntry virt_base_memmap[VIRT_LOWMEMMAP_LAST] = {
    [VIRT_FLASH] =              {          0, 0x08000000 },
    [VIRT_CPUPERIPHS] =         { 0x08000000, 0x00020000 },
    [VIRT_GIC_DIST] =           { 0x08000000, 0x00010000 },
    [VIRT_GIC_CPU] =            { 0x08010000, 0x00010000 },
    [VIRT_GIC_V2M] =            { 0x08020000, 0x00001000 },
    [VIRT_GIC_HYP] =            { 0x08030000, 0x00010000 },
    [VIRT_GIC_VCPU] =           { 0x08040000, 0x00010000 },
    [VIRT_GIC_ITS] =            { 0x08080000, 0x00020000 },
    /* This redistributor space allows up to 2*64kB*123 CPUs */
    [VIRT_GIC_REDIST] =         { 0x080A0000, 0x00F60000 },
    [VIRT_UART] =               { 0x09000000, 0x00001000 },
    [VIRT_RTC] =                { 0x09010000, 0x00001000 },
    [VIRT_FW_CFG] =             { 0x09020000, 0x00000018 },
    [VIRT_GPIO] =               { 0x09030000, 0x00001000 },
    [VIRT_SECURE_UART] =        { 0x09040000, 0x00001000 },
    [VIRT_SMMU] =               { 0x09050000, 0x00020000 },
    [VIRT_PCDIMM_ACPI] =        { 0x09070000, 0x00000018 },
    [VIRT_ACPI_GED] =           { 0x09080000, 0x00000004 },
    [VIRT_NVDIMM_ACPI] =        { 0x09090000, 0x00000004 },
    [VIRT_PVTIME] =             { 0x090a0000, 0x00010000 },
    [VIRT_SECURE_GPIO] =        { 0x090b0000, 0x00001000 },
    [VIRT_MMIO] =               { 0x0a000000, 0x00000200 },
    /* ...repeating for a total of VIRT_NUM_VIRTIO_TRANSPORTS, each 0x200 */
    [VIRT_PLATFORM_BUS] =       { 0x0c000000, 0x02000000 },
    [VIRT_SECURE_MEM] =         { 0x0e000000, 0x01000000 },
    [VIRT_PCIE_MMIO] =          { 0x10000000, 0x2eff0000 },
    [VIRT_PCIE_PIO] =           { 0x3eff0000, 0x00010000 },
    [VIRT_PCIE_ECAM] =          { 0x3f000000, 0x01000000 },
    [VIRT_MEM] =                { 0x40000000, 0 },
};

/* MMIO of a tpm-tis-device on the platform bus (observed: reg 0x5000) */
#define VIRT_TPM_TIS_SIZE 0x5000

/* SPI numbers. FDT cells use them as is; ACPI GSIV = SPI + 32. */
const int virt_irqmap[VIRT_MEMMAP_LAST] = {
    [VIRT_UART] = 1,
    [VIRT_RTC] = 2,
    [VIRT_PCIE_MMIO] = 3,       /* ... to 6 */
    [VIRT_GPIO] = 7,
    [VIRT_SECURE_UART] = 8,
    [VIRT_ACPI_GED] = 9,
    [VIRT_MMIO] = 16,           /* ...to 16 + NUM_VIRTIO_TRANSPORTS - 1 */
    [VIRT_GIC_V2M] = 48,        /* ...to 48 + NUM_GICV2M_SPIS - 1 */
    [VIRT_SMMU] = 74,           /* ...to 74 + NUM_SMMU_IRQS - 1 */
    [VIRT_PLATFORM_BUS] = 112,  /* ...to 112 + PLATFORM_BUS_NUM_IRQS -1 */
};
/* clang-format on */

/*
 * The floating high regions, placed in this order above RAM and device
 * memory. Each base is aligned to the region's own size, so a 512 GiB
 * window sits on a 512 GiB boundary. The area never starts below 256 GiB
 * (1 GiB + the pre-4.0 255 GiB RAM limit), which keeps the pre-4.0 layout
 * for guests with less than 255 GiB of RAM + hotplug space.
 */
#define VIRT_LEGACY_RAMLIMIT (255 * VIRT_GiB)

static const struct {
    const char *name;
    const char *property;
    hwaddr size;
} virt_high_regions[VIRT_HIGH_REGION_COUNT] = {
    [VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)] =
        { "HIGH_GIC_REDIST2", "highmem-redists", 64 * VIRT_MiB },
    [VIRT_HIGH(VIRT_HIGH_PCIE_ECAM)] =
        { "HIGH_PCIE_ECAM", "highmem-ecam", 256 * VIRT_MiB },
    [VIRT_HIGH(VIRT_HIGH_PCIE_MMIO)] =
        { "HIGH_PCIE_MMIO", "highmem-mmio", VIRT_HIGH_PCIE_MMIO_DEFAULT_SIZE },
};

static const char *const virt_low_region_names[VIRT_LOWMEMMAP_LAST] = {
    [VIRT_FLASH] = "FLASH",
    [VIRT_MEM] = "MEM",
    [VIRT_CPUPERIPHS] = "CPUPERIPHS",
    [VIRT_GIC_DIST] = "GIC_DIST",
    [VIRT_GIC_CPU] = "GIC_CPU",
    [VIRT_GIC_V2M] = "GIC_V2M",
    [VIRT_GIC_HYP] = "GIC_HYP",
    [VIRT_GIC_VCPU] = "GIC_VCPU",
    [VIRT_GIC_ITS] = "GIC_ITS",
    [VIRT_GIC_REDIST] = "GIC_REDIST",
    [VIRT_SMMU] = "SMMU",
    [VIRT_UART] = "UART",
    [VIRT_MMIO] = "MMIO",
    [VIRT_RTC] = "RTC",
    [VIRT_FW_CFG] = "FW_CFG",
    [VIRT_PCIE_MMIO] = "PCIE_MMIO",
    [VIRT_PCIE_PIO] = "PCIE_PIO",
    [VIRT_PCIE_ECAM] = "PCIE_ECAM",
    [VIRT_PLATFORM_BUS] = "PLATFORM_BUS",
    [VIRT_GPIO] = "GPIO",
    [VIRT_SECURE_UART] = "SECURE_UART",
    [VIRT_SECURE_MEM] = "SECURE_MEM",
    [VIRT_SECURE_GPIO] = "SECURE_GPIO",
    [VIRT_PCDIMM_ACPI] = "PCDIMM_ACPI",
    [VIRT_ACPI_GED] = "ACPI_GED",
    [VIRT_NVDIMM_ACPI] = "NVDIMM_ACPI",
    [VIRT_PVTIME] = "PVTIME",
};

const char *virt_region_name(int idx)
{
    if (idx >= 0 && idx < VIRT_LOWMEMMAP_LAST) {
        return virt_low_region_names[idx];
    }
    if (idx >= VIRT_LOWMEMMAP_LAST && idx < VIRT_MEMMAP_LAST) {
        return virt_high_regions[VIRT_HIGH(idx)].name;
    }
    return NULL;
}

const char *virt_high_region_property(int idx)
{
    if (idx >= VIRT_LOWMEMMAP_LAST && idx < VIRT_MEMMAP_LAST) {
        return virt_high_regions[VIRT_HIGH(idx)].property;
    }
    return NULL;
}

const VirtMachineType *virt_machine_types(void)
{
    return virt_release_default()->machine_types;
}

const VirtMachineType *virt_machine_type_find(const char *name)
{
    return virt_release_machine_type(virt_release_default(), name);
}

const VirtCpuModel *virt_cpu_models(void)
{
    return virt_release_default()->cpu_models;
}

const VirtCpuModel *virt_cpu_model_find(const char *name)
{
    return virt_release_cpu_model(virt_release_default(), name);
}

int virt_bit_length(uint64_t v)
{
    return v ? 64 - __builtin_clzll(v) : 0;
}

static hwaddr virt_align_up(hwaddr v, hwaddr align, bool *overflow)
{
    hwaddr r = (v + align - 1) & ~(align - 1);

    if (r < v) {
        *overflow = true;
    }
    return r;
}

/*
 * Device memory and memtop, in 64-bit wrap-around arithmetic and in the
 * order QEMU checks them, so the same inputs give the same error:
 *
 *   device_memory_base = ROUND_UP(1 GiB + ram, 1 GiB)
 *   device_memory_size = maxmem - ram + slots * 1 GiB
 *   memtop             = device_memory_base + ROUND_UP(size, 1 GiB)
 *
 * Every hotplug slot reserves 1 GiB ("1GiB page max alignment per slot").
 * A wrapped memtop is small, passes the PA check and is then caught as
 * "too huge".
 */
static bool virt_plan_memtop(const VirtMemMapRequest *req, VirtMemMap *map,
                             GError **errp)
{
    hwaddr gib_mask = VIRT_GiB - 1;
    hwaddr base, size, top;

    if (req->ram_slots > VIRT_MAX_RAM_SLOTS) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                    "unsupported number of memory slots: %u", req->ram_slots);
        return false;
    }
    /*
     * QEMU computes this in wrapping 64-bit arithmetic and only fails
     * later, allocating the RAM; a RAM whose end wraps is refused here.
     */
    if (req->ram_size >
        UINT64_MAX - virt_base_memmap[VIRT_MEM].base - gib_mask) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                    "RAM size 0x%" G_GINT64_MODIFIER "x does not fit in the "
                    "64-bit physical address space",
                    (guint64)req->ram_size);
        return false;
    }
    base = (virt_base_memmap[VIRT_MEM].base + req->ram_size + gib_mask) &
           ~gib_mask;
    size = req->maxram_size - req->ram_size +
           (hwaddr)req->ram_slots * VIRT_GiB;
    top = base + ((size + gib_mask) & ~gib_mask);

    if (!req->pa_range_ignored && top > ((hwaddr)1 << map->pa_bits)) {
        virt_release_error(req->release ? req->release
                                        : virt_release_default(),
                           errp, VIRT_ERROR_DOES_NOT_FIT,
                           VIRT_TEXT_ADDRESSING_LIMITED, map->pa_bits,
                           (uint64_t)(top - ((hwaddr)1 << map->pa_bits)));
        return false;
    }
    if (top < base) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                            "maxmem/slots too huge");
        return false;
    }
    map->device_memory_base = size ? base : 0;
    map->device_memory_size = size;
    map->memtop = top;
    return true;
}

/*
 * Place the high regions from @base up. Each region is aligned to its
 * size and used only if it ends at or below 2^pa_bits. In the legacy
 * layout every region takes its space whether used or not; in the compact
 * layout a disabled region takes none.
 */
static void virt_plan_high(const VirtMemMapRequest *req, VirtMemMap *map,
                           hwaddr base)
{
    int i;

    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        hwaddr size = virt_high_regions[i].size;
        hwaddr region_base, end;
        bool overflow = false;

        if (i == VIRT_HIGH(VIRT_HIGH_PCIE_MMIO) && req->high_mmio_size) {
            size = req->high_mmio_size;
        }
        region_base = virt_align_up(base, size, &overflow);
        end = region_base + size;
        map->entry[VIRT_LOWMEMMAP_LAST + i].base = region_base;
        map->entry[VIRT_LOWMEMMAP_LAST + i].size = size;
        /* before 7.0 every region is placed, whatever the PA range */
        map->fits[i] = !overflow && end > region_base &&
                       (req->pa_range_ignored ||
                        end <= ((hwaddr)1 << map->pa_bits));
        map->enabled[i] = req->enabled[i] && map->fits[i];

        if (req->compact && !map->enabled[i]) {
            continue;
        }
        base = end;
        if (map->fits[i]) {
            map->highest_gpa = end - 1;
        }
    }
}

bool virt_memmap_plan(const VirtMemMapRequest *req, VirtMemMap *map,
                      GError **errp)
{
    g_return_val_if_fail(req != NULL && map != NULL, false);

    memset(map, 0, sizeof(*map));
    memcpy(map->entry, virt_base_memmap, sizeof(virt_base_memmap));
    map->entry[VIRT_MEM].size = req->ram_size;
    map->pa_bits = req->highmem || req->highmem_keeps_pa_range
                       ? req->pa_bits
                       : 32;

    if (req->maxram_size < req->ram_size) {
        g_autofree char *max = virt_size_to_str(req->maxram_size);
        g_autofree char *ram = virt_size_to_str(req->ram_size);

        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "maxmem (%s) is below the RAM size (%s)", max, ram);
        return false;
    }
    if (req->pa_bits < 32 || req->pa_bits > 63) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "PA range of %d bits is outside 32..63", req->pa_bits);
        return false;
    }
    if (!virt_plan_memtop(req, map, errp)) {
        return false;
    }

    /* We know for sure that at least the memory fits in the PA space */
    map->highest_gpa = map->memtop - 1;
    map->high_base = MAX(map->memtop,
                         virt_base_memmap[VIRT_MEM].base +
                             VIRT_LEGACY_RAMLIMIT);
    virt_plan_high(req, map, map->high_base);
    return true;
}

/* ---- machine resolution ---- */

int virt_pa_bits(const VirtOptions *opts, const VirtCpuModel *cpu)
{
    switch (opts->accel) {
    case VIRT_ACCEL_KVM:
        /* Without KVM_CAP_ARM_VM_IPA_SIZE the IPA space is fixed at 40 */
        return opts->host.kvm_ipa_bits > 0 ? opts->host.kvm_ipa_bits : 40;
    case VIRT_ACCEL_HVF:
        return opts->host.hvf_max_ipa;
    case VIRT_ACCEL_TCG:
    default:
        return cpu->pa_bits;
    }
}

unsigned virt_redist_capacity(const VirtMachineState *vms, int idx)
{
    hwaddr stride = vms->gic_version == VIRT_GIC_VERSION_4
                        ? VIRT_GICV4_REDIST_SIZE
                        : VIRT_GICV3_REDIST_SIZE;

    return vms->memmap.entry[idx].size / stride;
}

uint64_t virt_cpu_mp_affinity(const VirtMachineState *vms, int cpu_index)
{
    unsigned per_cluster = 16;

    /*
     * GICv2 target lists hold 8 CPUs; KVM and GICv3 group 16 CPUs per
     * Aff1 cluster. virt-2.6 and older always used 8.
     */
    if (vms->compat.disallow_affinity_adjustment) {
        per_cluster = 8;
    } else if (vms->accel == VIRT_ACCEL_TCG &&
               vms->gic_version == VIRT_GIC_VERSION_2) {
        per_cluster = 8;
    }
    return ((uint64_t)(cpu_index / per_cluster) << 8) |
           (uint64_t)(cpu_index % per_cluster);
}

static bool on_off_auto(OnOffAuto v, bool dflt)
{
    return v == ON_OFF_AUTO_AUTO ? dflt : v == ON_OFF_AUTO_ON;
}

/* Can accelerator @a run here? KVM and HVF when the host IPA is known */
static bool virt_accel_works(const VirtOptions *opts, VirtAccel a)
{
    switch (a) {
    case VIRT_ACCEL_KVM:
        return opts->host.kvm_ipa_bits >= 0;
    case VIRT_ACCEL_HVF:
        return opts->host.hvf_max_ipa != 0;
    case VIRT_ACCEL_TCG:
    default:
        return true;
    }
}

/*
 * QEMU tries the accelerators of -accel (repeated) or -M accel=A:B in
 * order and takes the first that works. When none does, the first is
 * kept, and virt_check_host() says why it does not work.
 */
static VirtAccel virt_pick_accel(const VirtOptions *opts)
{
    unsigned n = MIN(opts->n_accels, VIRT_ACCEL_LIST_MAX);
    unsigned i;

    for (i = 0; i < n; i++) {
        if (virt_accel_works(opts, opts->accels[i])) {
            return opts->accels[i];
        }
    }
    return n ? opts->accels[0] : opts->accel;
}

/* The accelerator's IPA limit must be known: the map depends on it */
static bool virt_check_host(VirtMachineState *vms, const VirtOptions *opts,
                            GError **errp)
{
    if (vms->accel == VIRT_ACCEL_KVM && opts->host.kvm_ipa_bits < 0) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                            "-accel kvm: the host IPA size is unknown; give "
                            "it with --host-ipa-bits N (or probe /dev/kvm)");
        return false;
    }
    if (vms->accel == VIRT_ACCEL_HVF && opts->host.hvf_max_ipa == 0) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                            "-accel hvf: the host IPA sizes are unknown; give "
                            "them with --host-ipa-bits DEFAULT:MAX");
        return false;
    }
    /* What virt_options_set_host_ipa() accepts, for library callers */
    if ((vms->accel == VIRT_ACCEL_KVM && opts->host.kvm_ipa_bits != 0 &&
         (opts->host.kvm_ipa_bits < VIRT_IPA_BITS_MIN ||
          opts->host.kvm_ipa_bits > VIRT_IPA_BITS_MAX)) ||
        (vms->accel == VIRT_ACCEL_HVF &&
         (opts->host.hvf_default_ipa < VIRT_IPA_BITS_MIN ||
          opts->host.hvf_max_ipa > VIRT_IPA_BITS_MAX ||
          opts->host.hvf_default_ipa > opts->host.hvf_max_ipa))) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                    "--host-ipa-bits: IPA sizes are whole numbers of bits "
                    "from %d to %d, the default at most the maximum",
                    VIRT_IPA_BITS_MIN, VIRT_IPA_BITS_MAX);
        return false;
    }
    return true;
}

/*
 * -numa dist: QEMU's checks once every node is known (a pair with no
 * distance either way; a pair given both ways differently makes every
 * pair need both), then the matrix completed: 10 to itself, else the
 * other direction's.
 */
static bool virt_numa_distances(VirtMachineState *vms, GError **errp)
{
    unsigned n = vms->numa_nodes, i, j;
    bool asymmetric = false;

    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            uint8_t ij = vms->numa_dist[i][j], ji = vms->numa_dist[j][i];

            if (!ij && !ji) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "The distance between node %u and %u is "
                            "missing, at least one distance value between "
                            "each nodes should be provided.",
                            i, j);
                return false;
            }
            asymmetric |= ij && ji && ij != ji;
        }
    }
    for (i = 0; i < n && asymmetric; i++) {
        for (j = 0; j < n; j++) {
            if (i != j && !vms->numa_dist[i][j]) {
                g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                                    "At least one asymmetrical pair of "
                                    "distances is given, please provide "
                                    "distances for both directions of all "
                                    "node pairs.");
                return false;
            }
        }
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            if (!vms->numa_dist[i][j]) {
                vms->numa_dist[i][j] = i == j ? 10 : vms->numa_dist[j][i];
            }
        }
    }
    return true;
}

/*
 * The NUMA nodes: those -numa node gave, else QEMU's automatic one for
 * memory hotplug (numa_nodes already 1) holding all RAM. A CPU no cpus=
 * names goes to its socket modulo the node count (virt's default; 5.2:
 * its index modulo the node count).
 */
static bool virt_numa_resolve(VirtMachineState *vms, const VirtOptions *opts,
                              GError **errp)
{
    unsigned per_socket =
        vms->smp.clusters * vms->smp.cores * vms->smp.threads;
    unsigned i, j;

    if (opts->numa_nodes) {
        vms->numa_nodes = opts->numa_nodes;
        memcpy(vms->numa_mem, opts->numa_mem, sizeof(vms->numa_mem));
    } else {
        vms->numa_mem[0] = vms->numa_nodes ? vms->ram_size : 0;
    }
    /* more vCPUs than VIRT_MAX_CPUS are refused later */
    for (i = 0; vms->numa_nodes && i < MIN(vms->smp.max_cpus, VIRT_MAX_CPUS);
         i++) {
        vms->numa_cpu_node[i] =
            opts->numa_cpu_node[i]
                ? opts->numa_cpu_node[i] - 1
                : vms->release->numa_cpu_by_index
                      ? (uint8_t)(i % vms->numa_nodes)
                      : (uint8_t)(i / MAX(per_socket, 1) % vms->numa_nodes);
    }
    for (i = 0; i < opts->numa_nodes; i++) {
        for (j = 0; j < opts->numa_nodes; j++) {
            vms->numa_have_dist |= opts->numa_dist[i][j] != 0;
        }
    }
    if (!vms->numa_have_dist) {
        return true;
    }
    memcpy(vms->numa_dist, opts->numa_dist, sizeof(vms->numa_dist));
    return virt_numa_distances(vms, errp);
}

/* Generic machine checks QEMU runs before the board's own init */
static bool virt_check_generic(VirtMachineState *vms, const VirtOptions *opts,
                               GError **errp)
{
    /* what the parser refuses, for library callers: the same rules */
    if (!virt_options_check(opts, errp) || !virt_smp_check(&vms->smp, errp)) {
        return false;
    }
    if (vms->smp.max_cpus > vms->compat.max_cpus) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                    "Invalid SMP CPUs %u. The max CPUs supported by machine "
                    "'%s' is %u",
                    vms->smp.max_cpus, vms->type->name, vms->compat.max_cpus);
        return false;
    }
    if (opts->ram_slots && !opts->maxram_size) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "slots specified but no max-size");
        return false;
    }
    if (vms->maxram_size < vms->ram_size) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "invalid value of maxmem: maximum memory size (0x%" G_GINT64_MODIFIER
                    "x) must be at least the initial memory size (0x%" G_GINT64_MODIFIER
                    "x)",
                    (guint64)vms->maxram_size, (guint64)vms->ram_size);
        return false;
    }
    if (vms->ram_slots && vms->maxram_size == vms->ram_size) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "invalid value of maxmem: memory slots were specified "
                    "but maximum memory size (0x%" G_GINT64_MODIFIER
                    "x) is equal to the initial memory size (0x%" G_GINT64_MODIFIER
                    "x)",
                    (guint64)vms->maxram_size, (guint64)vms->ram_size);
        return false;
    }
    return true;
}

static bool virt_resolve_cpu(VirtMachineState *vms, const VirtOptions *opts,
                             GError **errp)
{
    if (opts->cpu_name && !opts->cpu) {
        virt_release_error(vms->release, errp, VIRT_ERROR_REFUSED,
                           VIRT_TEXT_CPU_NOT_SUPPORTED, opts->cpu_name);
        return false;
    }
    vms->cpu = virt_release_cpu_model(vms->release,
                                      opts->cpu ? opts->cpu->name
                                                : vms->release->default_cpu);
    if (!vms->cpu) {
        virt_release_error(vms->release, errp, VIRT_ERROR_REFUSED,
                           VIRT_TEXT_CPU_NOT_SUPPORTED, opts->cpu->name);
        return false;
    }
    /* QEMU's kvm-* CPU properties exist under KVM only */
    if (vms->accel != VIRT_ACCEL_KVM && opts->cpu_kvm_prop) {
        g_autofree char *key = g_strndup(opts->cpu_kvm_prop,
                                         strcspn(opts->cpu_kvm_prop, "="));

        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "can't apply global %s-arm-cpu.%s: Property "
                    "'%s-arm-cpu.%s' not found",
                    vms->cpu->name, opts->cpu_kvm_prop, vms->cpu->name, key);
        return false;
    }
    if (vms->accel == VIRT_ACCEL_TCG && vms->cpu->host_only) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "unable to find CPU model '%s'", vms->cpu->name);
        return false;
    }
    /* Under KVM and HVF "max" is the host CPU */
    if (vms->accel != VIRT_ACCEL_TCG && !strcmp(vms->cpu->name, "max")) {
        vms->cpu = virt_release_cpu_model(vms->release, "host");
    }
    return true;
}

/*
 * Under KVM the vCPUs are created last, and only the host's own CPU can
 * be: an AArch32 model fails in KVM's vCPU init. Whether a named AArch64
 * core works depends on the host's MIDR, which virtboard cannot know.
 */
static bool virt_check_vcpu(const VirtMachineState *vms,
                            const VirtOptions *opts, GError **errp)
{
    /* no -cpu: QEMU's default CPU; the one that runs is "host" */
    const char *hint = opts->cpu ? "" : "\nadd -cpu host";

    if (vms->accel == VIRT_ACCEL_TCG || vms->cpu->host_only) {
        return true;
    }
    if (vms->accel == VIRT_ACCEL_KVM && !vms->cpu->aarch64) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "KVM is not supported for this guest CPU type\n"
                    "kvm_init_vcpu: kvm_arch_init_vcpu failed (0): "
                    "Invalid argument%s",
                    hint);
        return false;
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                "-cpu %s: with -accel %s it works only on a host with that "
                "core; virtboard models -cpu host (or max)%s",
                vms->cpu->name, vms->accel == VIRT_ACCEL_KVM ? "kvm" : "hvf",
                hint);
    return false;
}

/* The plan request from the options; @pa_bits before highmem=off */
static void virt_plan_request(const VirtMachineState *vms,
                              const VirtOptions *opts, int pa_bits,
                              VirtMemMapRequest *req)
{
    memset(req, 0, sizeof(*req));
    req->release = vms->release;
    req->ram_size = vms->ram_size;
    req->maxram_size = vms->maxram_size;
    req->ram_slots = vms->ram_slots;
    req->pa_bits = pa_bits;
    req->highmem = opts->highmem;
    req->highmem_keeps_pa_range = !vms->release->highmem_caps_pa_range;
    req->pa_range_ignored = !vms->release->map_fits_pa_range;
    req->compact = vms->highmem_compact;
    req->enabled[VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)] =
        on_off_auto(opts->highmem_redists, true);
    req->enabled[VIRT_HIGH(VIRT_HIGH_PCIE_ECAM)] =
        on_off_auto(opts->highmem_ecam, !vms->compat.no_highmem_ecam);
    req->enabled[VIRT_HIGH(VIRT_HIGH_PCIE_MMIO)] =
        on_off_auto(opts->highmem_mmio, true);
    req->high_mmio_size = opts->highmem_mmio_size
                              ? opts->highmem_mmio_size
                              : VIRT_HIGH_PCIE_MMIO_DEFAULT_SIZE;
}

/* Why each high region ended up on or off */
static void virt_resolve_region_state(VirtMachineState *vms,
                                      const VirtOptions *opts,
                                      const VirtMemMapRequest *req)
{
    int i;

    for (i = 0; i < VIRT_HIGH_REGION_COUNT; i++) {
        VirtRegionState st = VIRT_REGION_ENABLED;

        if (!req->enabled[i]) {
            st = (i == VIRT_HIGH(VIRT_HIGH_PCIE_ECAM) &&
                  opts->highmem_ecam == ON_OFF_AUTO_AUTO)
                     ? VIRT_REGION_OFF_COMPAT
                     : VIRT_REGION_OFF_PROPERTY;
        } else if (!vms->memmap.fits[i]) {
            st = opts->highmem ? VIRT_REGION_OFF_PA_RANGE
                               : VIRT_REGION_OFF_HIGHMEM;
        }
        vms->region_state[i] = st;
    }
    vms->highmem_redists =
        vms->memmap.enabled[VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)];
    vms->highmem_ecam = vms->memmap.enabled[VIRT_HIGH(VIRT_HIGH_PCIE_ECAM)];
    vms->highmem_mmio = vms->memmap.enabled[VIRT_HIGH(VIRT_HIGH_PCIE_MMIO)];

    /*
     * Before 7.0 highmem=off does not touch the map: the board just
     * leaves the high ECAM and the 64-bit PCIe window unused. The second
     * redistributor region is still used for more vCPUs than the first
     * one holds.
     */
    if (!opts->highmem && req->highmem_keeps_pa_range) {
        static const int off[] = { VIRT_HIGH_PCIE_ECAM, VIRT_HIGH_PCIE_MMIO };

        for (i = 0; i < (int)G_N_ELEMENTS(off); i++) {
            if (vms->region_state[VIRT_HIGH(off[i])] == VIRT_REGION_ENABLED) {
                vms->region_state[VIRT_HIGH(off[i])] =
                    VIRT_REGION_OFF_HIGHMEM;
            }
        }
        vms->highmem_ecam = false;
        vms->highmem_mmio = false;
    }

    /* 32-bit firmware cannot reach a high ECAM (decided after the map) */
    if (vms->highmem_ecam && vms->firmware_loaded && !vms->cpu->aarch64) {
        vms->highmem_ecam = false;
        vms->region_state[VIRT_HIGH(VIRT_HIGH_PCIE_ECAM)] =
            VIRT_REGION_OFF_FIRMWARE32;
    }
    vms->ecam_id = vms->highmem_ecam ? VIRT_HIGH_PCIE_ECAM : VIRT_PCIE_ECAM;
}

/* The IPA size the accelerator is asked for */
static bool virt_resolve_ipa(VirtMachineState *vms, const VirtOptions *opts,
                             GError **errp)
{
    int requested = MAX(32, virt_bit_length(vms->memmap.highest_gpa));
    int max;

    vms->requested_ipa_bits = requested;
    vms->kvm_type = -1;
    switch (vms->accel) {
    case VIRT_ACCEL_KVM:
        max = virt_pa_bits(opts, vms->cpu);
        if (requested > max) {
            break;
        }
        vms->kvm_type = opts->host.kvm_ipa_bits > 0 ? requested : 0;
        return true;
    case VIRT_ACCEL_HVF:
        max = opts->host.hvf_max_ipa;
        if (requested > max) {
            break;
        }
        vms->requested_ipa_bits = requested <= opts->host.hvf_default_ipa
                                      ? opts->host.hvf_default_ipa
                                      : max;
        return true;
    case VIRT_ACCEL_TCG:
    default:
        return true;
    }
    g_set_error(errp, VIRT_ERROR, VIRT_ERROR_DOES_NOT_FIT,
                "-m and ,maxmem option values require an IPA range (%d "
                "bits) larger than the one supported by the host (%d bits)",
                requested, max);
    return false;
}

static bool virt_plan_memory(VirtMachineState *vms, const VirtOptions *opts,
                             GError **errp)
{
    VirtMemMapRequest *req = &vms->memmap_request;

    virt_plan_request(vms, opts, virt_pa_bits(opts, vms->cpu), req);
    if (!virt_memmap_plan(req, &vms->memmap, errp)) {
        return false;
    }
    virt_resolve_region_state(vms, opts, req);
    return virt_resolve_ipa(vms, opts, errp);
}

static bool virt_resolve_gic(VirtMachineState *vms, const VirtOptions *opts,
                             GError **errp)
{
    VirtGICType v = opts->gic_version;

    if (v == VIRT_GIC_VERSION_4 && !vms->release->gic_v4) {
        /* what the parser refuses, for library callers */
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                            "Invalid gic-version value\n"
                            "Valid values are 3, 2, host, max.");
        return false;
    }

    if (vms->accel == VIRT_ACCEL_TCG) {
        switch (v) {
        case VIRT_GIC_VERSION_HOST:
            g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                                "gic-version=host requires KVM");
            return false;
        case VIRT_GIC_VERSION_MAX:
            /* GICv4 only makes sense if the CPU has EL2 */
            v = vms->virtualization && vms->release->gic_v4
                    ? VIRT_GIC_VERSION_4
                    : VIRT_GIC_VERSION_3;
            break;
        case VIRT_GIC_VERSION_NOSEL:
            /* 10.0: GICv2 only while its 8 CPU interfaces are enough */
            v = vms->release->gic_default_v3_above_8_cpus &&
                        vms->smp.max_cpus > VIRT_GIC_NCPU
                    ? VIRT_GIC_VERSION_3
                    : VIRT_GIC_VERSION_2;
            break;
        default:
            break;
        }
        if (v == VIRT_GIC_VERSION_4 && !vms->virtualization) {
            virt_release_error(vms->release, errp, VIRT_ERROR_REFUSED,
                               VIRT_TEXT_GIC4_NEEDS_EL2);
            return false;
        }
    } else {
        /*
         * A GICv3 host without GICv2 emulation: the common case today, and
         * what KVM in an emulated GICv3 host offers (no GICV resource).
         */
        if (v == VIRT_GIC_VERSION_2 && vms->accel == VIRT_ACCEL_KVM) {
            virt_release_error(vms->release, errp, VIRT_ERROR_REFUSED,
                               VIRT_TEXT_GIC2_KVM);
            return false;
        }
        if (v == VIRT_GIC_VERSION_2) {
            /* HVF: 7.2's text; no later release was seen under HVF */
            g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                                "host does not support in-kernel GICv2 "
                                "emulation");
            return false;
        }
        if (v == VIRT_GIC_VERSION_4 && vms->accel == VIRT_ACCEL_KVM) {
            virt_release_error(vms->release, errp, VIRT_ERROR_REFUSED,
                               VIRT_TEXT_GIC4_KVM);
            return false;
        }
        if (v == VIRT_GIC_VERSION_4) {
            /* HVF: 7.2's text; no later release was seen under HVF */
            g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                                "gic-version=4 is not supported with HVF");
            return false;
        }
        v = VIRT_GIC_VERSION_3;
    }
    /* 11.1: an ITS asked for, by msi=its or by its=on, needs GICv3 */
    if (v == VIRT_GIC_VERSION_2 &&
        (opts->msi == VIRT_MSI_ITS ||
         (opts->msi == VIRT_MSI_NOSEL && opts->its_set && opts->its &&
          vms->release->its_on_refuses_gicv2))) {
        g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "GICv2 + ITS is an invalid configuration.");
        return false;
    }
    vms->gic_version = v;
    return true;
}

static bool virt_check_accel_features(VirtMachineState *vms,
                                      const VirtOptions *opts, GError **errp)
{
    const char *accel = vms->accel == VIRT_ACCEL_KVM ? "KVM" : "HVF";

    if (vms->accel == VIRT_ACCEL_TCG) {
        if (opts->mte) {
            g_set_error_literal(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                                "-M virt,mte=on: virtboard does not model "
                                "the tag memory of an MTE guest");
            return false;
        }
        return true;
    }
    if (vms->secure) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "mach-virt: %s does not support providing Security "
                    "extensions (TrustZone) to the guest CPU",
                    accel);
        return false;
    }
    if (vms->virtualization) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "mach-virt: %s does not support providing "
                    "Virtualization extensions to the guest CPU",
                    accel);
        return false;
    }
    if (opts->mte) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "mach-virt: %s does not support providing MTE to the "
                    "guest CPU",
                    accel);
        return false;
    }
    return true;
}

/*
 * vCPU limits. QEMU 7.2 counts the high redistributor region whether or
 * not it can be used, and the GIC then refuses the vCPUs the low region
 * cannot hold. QEMU 8.0 counts it only when highmem-redists is on and adds
 * a hint (VirtRelease.vcpu_limit_needs_redist2_on).
 */
static bool virt_check_cpus(VirtMachineState *vms, const VirtOptions *opts,
                            GError **errp)
{
    const VirtRelease *r = vms->release;
    bool v8 = r->vcpu_limit_needs_redist2_on;
    bool v2 = vms->gic_version == VIRT_GIC_VERSION_2;
    unsigned low = 0, high = 0, limit, cap;

    if (v2) {
        limit = VIRT_GIC_NCPU;
    } else {
        low = virt_redist_capacity(vms, VIRT_GIC_REDIST);
        high = virt_redist_capacity(vms, VIRT_HIGH_GIC_REDIST2);
        limit = low + ((!v8 || vms->highmem_redists) ? high : 0);
    }
    vms->redist_capacity[0] = low;
    vms->redist_capacity[1] = high;
    if (vms->smp.max_cpus > limit) {
        virt_release_error(r, errp, VIRT_ERROR_DOES_NOT_FIT,
                           VIRT_TEXT_TOO_MANY_CPUS, vms->smp.max_cpus,
                           limit);
        if (v8 && !v2 && !vms->highmem_redists && errp && *errp) {
            char *m = g_strconcat((*errp)->message, "\n",
                                  r->texts[VIRT_TEXT_TOO_MANY_CPUS_HINT],
                                  NULL);

            g_free((*errp)->message);
            (*errp)->message = m;
        }
        return false;
    }
    if (v2) {
        vms->redist_region_count = 0;
        vms->max_cpus = VIRT_GIC_NCPU;
        return true;
    }

    /* GIC realize: the regions in use must hold every vCPU */
    vms->redist_region_count =
        (vms->smp.cpus > low && vms->highmem_redists) ? 2 : 1;
    if (vms->accel == VIRT_ACCEL_TCG && r->tcg_gicv3_one_redist_region &&
        vms->redist_region_count > 1) {
        virt_release_error(r, errp, VIRT_ERROR_DOES_NOT_FIT,
                           VIRT_TEXT_REDIST_REGION_COUNT,
                           vms->redist_region_count);
        return false;
    }
    cap = MIN(vms->smp.cpus, low);
    if (vms->redist_region_count == 2) {
        cap += MIN(vms->smp.cpus - cap, high);
    }
    if (cap != vms->smp.cpus) {
        virt_release_error(r, errp, VIRT_ERROR_DOES_NOT_FIT,
                           VIRT_TEXT_REDIST_CAPACITY, cap, vms->smp.cpus);
        return false;
    }
    if (vms->redist_region_count < 2 &&
        vms->region_state[VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)] ==
            VIRT_REGION_ENABLED) {
        vms->region_state[VIRT_HIGH(VIRT_HIGH_GIC_REDIST2)] =
            VIRT_REGION_UNUSED;
    }
    vms->max_cpus = MIN(vms->highmem_redists ? low + high : low,
                        vms->compat.max_cpus);
    return true;
}

/*
 * A TCG AArch64 vCPU must reach the whole map when highmem is on. Since
 * 7.0 the map is planned within the CPU's PA range, so only a release
 * whose map ignores it (VirtRelease.map_fits_pa_range) gets here with a
 * map too large.
 */
static bool virt_check_vcpu_pa_range(const VirtMachineState *vms,
                                     GError **errp)
{
    int needed = virt_bit_length(vms->memmap.highest_gpa);

    if (vms->accel != VIRT_ACCEL_TCG || !vms->cpu->aarch64 ||
        !vms->highmem || vms->cpu->pa_bits >= needed) {
        return true;
    }
    virt_release_error(vms->release, errp, VIRT_ERROR_DOES_NOT_FIT,
                       VIRT_TEXT_VCPU_PA_BITS, vms->cpu->pa_bits, needed);
    return false;
}

/*
 * PSCI: the machine picks a conduit (none if secure firmware owns EL3,
 * SMC if the guest has EL2, else HVC). The boot code then drops it when
 * the guest starts at or above the conduit's level: HVC from EL2 or EL3,
 * SMC from EL3. The DT psci node follows the second; CPU enable-method
 * and the FADT follow the first.
 */
static void virt_resolve_psci(VirtMachineState *vms)
{
    int boot_el;

    if (vms->secure && vms->firmware_loaded) {
        vms->psci_conduit = VIRT_PSCI_CONDUIT_DISABLED;
    } else if (vms->virtualization) {
        vms->psci_conduit = VIRT_PSCI_CONDUIT_SMC;
    } else {
        vms->psci_conduit = VIRT_PSCI_CONDUIT_HVC;
    }

    if (vms->kernel) {
        boot_el = vms->virtualization ? 2 : 1;
    } else {
        boot_el = vms->secure ? 3 : vms->virtualization ? 2 : 1;
    }
    vms->boot_psci_conduit = vms->psci_conduit;
    if (!vms->kernel && !vms->release->psci_boot_el_without_kernel) {
        /* 5.2: without -kernel the DTB keeps the machine's conduit */
        return;
    }
    if ((vms->psci_conduit == VIRT_PSCI_CONDUIT_HVC && boot_el >= 2) ||
        (vms->psci_conduit == VIRT_PSCI_CONDUIT_SMC && boot_el == 3)) {
        vms->boot_psci_conduit = VIRT_PSCI_CONDUIT_DISABLED;
    }
}

/*
 * Is an ITS selected on a GIC @gicv2 or not, when the machine can have
 * one (@possible)? Without msi= (every release before 11.1) a GICv3/v4
 * gets one unless its=off; msi=auto ignores its=.
 */
static bool virt_its_selected(const VirtOptions *opts, bool gicv2,
                              bool possible)
{
    switch (opts->msi) {
    case VIRT_MSI_NOSEL:
    case VIRT_MSI_AUTO:
        return !gicv2 && possible &&
               (opts->msi == VIRT_MSI_AUTO || opts->its);
    case VIRT_MSI_ITS:
        return !gicv2 && possible;
    default:
        return false;
    }
}

static void virt_resolve_devices(VirtMachineState *vms,
                                 const VirtOptions *opts)
{
    bool its_possible = !vms->compat.no_its &&
                        !(vms->accel == VIRT_ACCEL_TCG &&
                          vms->compat.no_tcg_its);

    bool gicv2 = vms->gic_version == VIRT_GIC_VERSION_2;

    /*
     * The MSI controller: a GICv2 gets a GICv2m frame unless msi= says
     * otherwise, msi=gicv2m puts the frame on any GIC; the ITS as
     * virt_its_selected() says.
     */
    switch (opts->msi) {
    case VIRT_MSI_NOSEL:
    case VIRT_MSI_AUTO:
        vms->v2m = gicv2;
        break;
    case VIRT_MSI_GICV2M:
        vms->v2m = true;
        break;
    default:
        vms->v2m = false;
        break;
    }
    vms->its = virt_its_selected(opts, gicv2, its_possible);
    /*
     * What the ACPI tables say: 7.2 and 10.0 describe an ITS on every
     * type that has the property; 11.1 (acpi_its_if_present) when one is
     * selected, even on virt-6.1 and older whose TCG then creates none.
     */
    if (vms->release->acpi_its_if_instantiated) {
        vms->acpi_its = vms->its;
        vms->acpi_iort = vms->its;
    } else {
        vms->acpi_its =
            vms->release->acpi_its_if_present
                ? virt_its_selected(opts, gicv2, !vms->compat.no_its)
                : !vms->compat.no_its;
        vms->acpi_iort = !vms->compat.no_its;
    }
    vms->smp_zero_warning = opts->smp_zero;
    vms->default_nic = !opts->no_default_nic;
    vms->pci_devices = opts->pci_devices > 0;
    /*
     * The platform bus maps its devices from its base, in the order they
     * are created; the TPM (the only one modelled) is the first.
     */
    vms->tpm = opts->tpm;
    vms->tpm_offset = 0;
    vms->tpm_size = opts->tpm ? VIRT_TPM_TIS_SIZE : 0;
    vms->iommu = opts->iommu;
    vms->acpi = on_off_auto(opts->acpi, true);
    /* A 64-bit CPU booting firmware with ACPI: GED instead of GPIO keys */
    vms->acpi_ged = !vms->compat.no_ged && vms->cpu->aarch64 &&
                    vms->firmware_loaded && vms->acpi;
    vms->secure_gpio = vms->secure && !vms->compat.no_secure_gpio;
    /* -cpu ...,pmu=off removes the "pmu" node and the GICC perf GSIV */
    vms->pmu = !vms->compat.no_pmu && opts->cpu_pmu != ON_OFF_AUTO_OFF;
    vms->pvtime = vms->accel == VIRT_ACCEL_KVM &&
                  !vms->compat.no_kvm_steal_time;
    /* virt-9.0+: the EL2 virtual timer, when the CPU has EL2 and VHE */
    vms->el2_vtimer = vms->virtualization && vms->cpu->has_vhe &&
                      !vms->compat.no_el2_vtimer;
    vms->fdt_dma_coherent = vms->release->fdt_dma_coherent;
    vms->fdt_aliases = vms->release->fdt_aliases;
    vms->acpi_pptt_clusters = !vms->release->acpi_pptt_clusters_if_given ||
                              vms->smp.has_clusters;
    vms->fdt_initrd_u64 = vms->release->fdt_initrd_u64;
    vms->fdt_cpu_caches = vms->release->fdt_cpu_caches;
    vms->virtio_transports = opts->virtio_mmio_transports_set
                                 ? opts->virtio_mmio_transports
                                 : VIRT_NUM_VIRTIO_TRANSPORTS;
    vms->fdt_model = vms->release->fdt_model;
    vms->fdt_psci_1_0 = vms->release->fdt_psci_1_0;
    vms->fdt_rng_seed = vms->release->fdt_rng_seed;
    vms->fdt_platform_bus_name = vms->release->fdt_platform_bus_name;
    vms->fdt_gpio_keys_cells = vms->release->fdt_gpio_keys_cells;
    vms->fdt_pcie_msi_map = vms->release->fdt_pcie_msi_map;
    vms->fdt_flash_name_own_base = vms->release->fdt_flash_name_own_base;
    vms->fdt_smmu_clocks = vms->release->fdt_smmu_clocks;
    vms->fdt_last_comp_version = vms->release->fdt_last_comp_version;
    /* without the property (5.2) the seed is always there */
    vms->dtb_randomness =
        opts->dtb_randomness ||
        !virt_release_has_property(vms->release, "dtb-randomness");
    vms->phandle_start = opts->phandle_start;
    vms->dt_compatible = opts->dt_compatible;
    vms->oem_id = opts->oem_id ? opts->oem_id : "BOCHS ";
    if (opts->oem_table_id != NULL) {
        vms->oem_table_id = opts->oem_table_id;
    } else {
        vms->oem_table_id =
            vms->release->acpi_oem_table_id_sig ? NULL : "BXPC    ";
    }
    vms->kernel = opts->kernel;
    vms->initrd = opts->initrd;
    vms->append = opts->append;
    virt_resolve_psci(vms);
}

static bool virt_copy_options(VirtMachineState *vms, const VirtOptions *opts,
                              GError **errp)
{
    vms->release = opts->release ? opts->release : virt_release_default();
    vms->type = virt_release_machine_type(vms->release,
                                          opts->type ? opts->type->name
                                                     : "virt");
    if (!vms->type) {
        /* a type of another release, from a library caller: no -M */
        g_autofree char *loc = g_strdup_printf("-M %s", opts->type->name);

        virt_release_error(vms->release, errp, VIRT_ERROR_UNKNOWN_OPTION,
                           VIRT_TEXT_UNSUPPORTED_MACHINE,
                           vms->release->unsupported_machine_names_arg
                               ? loc
                               : opts->type->name);
        return false;
    }
    virt_compat_init(&vms->compat, vms->type);
    vms->type_deprecated = vms->type->deprecated;
    vms->accel = virt_pick_accel(opts);
    vms->ram_size = opts->ram_size ? opts->ram_size : VIRT_DEFAULT_RAM_SIZE;
    vms->maxram_size = opts->maxram_size ? opts->maxram_size : vms->ram_size;
    vms->ram_slots = opts->ram_slots;
    vms->smp = opts->smp;
    if (vms->smp.cpus == 0) {
        vms->smp.cpus = 1;
    }
    if (vms->smp.max_cpus == 0) {
        vms->smp.max_cpus = vms->smp.cpus;
    }
    /* No -smp: QEMU's default topology is one of everything */
    if (vms->smp.sockets == 0) {
        vms->smp.sockets = 1;
        vms->smp.clusters = 1;
        vms->smp.cores = vms->smp.max_cpus;
        vms->smp.threads = 1;
    }
    /*
     * QEMU adds one NUMA node by itself when memory can be hotplugged:
     * for slots since virt-4.2, for maxmem alone since virt-5.1.
     */
    vms->numa_nodes =
        ((vms->ram_slots > 0 && !vms->compat.no_auto_numa_with_memhp) ||
         (vms->maxram_size > vms->ram_size &&
          !vms->compat.no_auto_numa_with_memdev)) ? 1 : 0;
    if (!virt_numa_resolve(vms, opts, errp)) {
        return false;
    }
    vms->highmem = opts->highmem;
    vms->highmem_compact =
        on_off_auto(opts->compact_highmem, !vms->compat.no_highmem_compact);
    vms->virtualization = opts->virtualization;
    vms->secure = opts->secure;
    /* serial_hd(1) exists: "-serial none -serial X" counts, "X none" not */
    vms->uarts = vms->release->second_serial_uart && !vms->secure &&
                         opts->serials >= 2 && !(opts->serials_none & 2)
                     ? 2
                     : 1;
    vms->firmware_loaded = opts->firmware_loaded;
    return true;
}

/*
 * The devices are realized after the board: a PCIe port that needs MSI
 * fails there when the board has no MSI controller (GICv3 with no ITS:
 * its=off, or a TCG without an ITS model, virt-6.1 and older)
 */
static bool virt_check_msi_ports(const VirtMachineState *vms,
                                 const VirtOptions *opts, GError **errp)
{
    if (vms->release->pcie_port_needs_msi && opts->msi_port_device &&
        !vms->its && !vms->v2m) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-device %s: %s is not supported by interrupt "
                    "controller",
                    opts->msi_port_device,
                    opts->msi_port_msix ? "MSI-X" : "MSI");
        return false;
    }
    return true;
}

/*
 * -device pc-dimm, each in command-line order as QEMU creates them once
 * the board is built (observed on 5.2, 7.2, 10.0 and 11.1, same texts):
 * the memdev link, then the board's pre-plug (GED, slot, the device
 * memory's space and alignment), then the DIMM's realize (busy backend,
 * NUMA node). A DIMM adds nothing to the DT or the ACPI tables.
 */
#define VIRT_DIMM_ALIGN (2 * VIRT_MiB)

/* An NVDIMM needs -M nvdimm=on */
static bool virt_nvdimm_enabled(const VirtOptions *opts, const VirtDimm *d,
                                GError **errp)
{
    if (!opts->nvdimm) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-device %s: nvdimm is not enabled: add 'nvdimm=on' to "
                    "'-M'",
                    d->arg);
        return false;
    }
    return true;
}

/* addr= and the size on 2 MiB, in the release's order */
static bool virt_dimm_check_align(const VirtMachineState *vms,
                                  const VirtDimm *d, GError **errp)
{
    bool addr_bad = d->has_addr && d->addr % VIRT_DIMM_ALIGN;
    bool size_bad = d->size % VIRT_DIMM_ALIGN;

    if (addr_bad && (!size_bad || !vms->release->dimm_size_align_first)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-device %s: address must be aligned to 0x%"
                    G_GINT64_MODIFIER "x bytes",
                    d->arg, (guint64)VIRT_DIMM_ALIGN);
        return false;
    }
    if (size_bad) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                    "-device %s: backend memory size must be multiple of 0x%"
                    G_GINT64_MODIFIER "x",
                    d->arg, (guint64)VIRT_DIMM_ALIGN);
        return false;
    }
    return true;
}

/*
 * Where QEMU puts a DIMM in the device memory [@base, @base + @size)
 * (observed on 5.2 to 11.1): at addr= if it overlaps none of the DIMMs
 * placed before it (else "address range conflicts with memory device
 * id='ID'", "(unnamed)" without id=), otherwise in the lowest gap between
 * them that holds it. Addresses and sizes are on 2 MiB already.
 * @placed holds the @n DIMMs placed so far, by address.
 */
static bool virt_dimm_place(const VirtDimm *d, const VirtDimm *const *placed,
                            unsigned n, hwaddr base, hwaddr size,
                            hwaddr *addr, GError **errp)
{
    hwaddr at = d->has_addr ? d->addr : base;

    for (unsigned i = 0; i < n; i++) {
        const VirtDimm *p = placed[i];

        if (at + d->size <= p->addr) {
            break;
        }
        if (at < p->addr + p->size) {
            if (d->has_addr) {
                g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                            "-device %s: address range conflicts with "
                            "memory device id='%s'",
                            d->arg, p->id ? p->id : "(unnamed)");
                return false;
            }
            at = p->addr + p->size;
        }
    }
    if (at + d->size > base + size) {
        /* the device memory has 1 GiB per slot to spare: not seen */
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-device %s: no gap in the device memory holds the DIMM; "
                    "QEMU's answer to that is not modelled by virtboard",
                    d->arg);
        return false;
    }
    *addr = at;
    return true;
}

static bool virt_plug_dimms(VirtMachineState *vms, const VirtOptions *opts,
                            GError **errp)
{
    uint64_t space = vms->maxram_size - vms->ram_size;
    hwaddr base = vms->memmap.device_memory_base;
    hwaddr size = vms->memmap.device_memory_size;
    bool busy[VIRT_MAX_RAM_SLOTS] = { false };
    VirtDimm dimms[VIRT_DIMMS_MAX];
    const VirtDimm *placed[VIRT_DIMMS_MAX];
    VirtDimm *at_dimm;
    hwaddr addr;
    unsigned i, j;

    for (i = 0; i < opts->n_dimms; i++) {
        const VirtDimm *d = &opts->dimms[i];
        int slot = d->slot;

        if (d->memdev && !d->memdev_found) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: Device '%s' not found", d->arg,
                        d->memdev);
            return false;
        }
        /* 11.1 checks nvdimm=on first and needs no GED for an NVDIMM */
        if (d->nvdimm && vms->release->nvdimm_without_ged &&
            !virt_nvdimm_enabled(opts, d, errp)) {
            return false;
        }
        if (!vms->acpi_ged &&
            !(d->nvdimm && vms->release->nvdimm_without_ged)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: memory hotplug is not enabled: missing "
                        "acpi-ged device",
                        d->arg);
            return false;
        }
        if (d->nvdimm && !virt_nvdimm_enabled(opts, d, errp)) {
            return false;
        }
        if (vms->ram_slots == 0) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: no slots where allocated, please "
                        "specify the 'slots' option",
                        d->arg);
            return false;
        }
        if (slot >= (int)vms->ram_slots) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: invalid slot number %d, valid range "
                        "is [0-%u]",
                        d->arg, slot, vms->ram_slots - 1);
            return false;
        }
        if (slot >= 0 && busy[slot]) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: slot %d is busy", d->arg, slot);
            return false;
        }
        for (unsigned s = 0; slot < 0 && s < vms->ram_slots; s++) {
            slot = busy[s] ? -1 : (int)s;
        }
        if (slot < 0) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: no free slots available", d->arg);
            return false;
        }
        if (!d->memdev) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: 'memdev' property must be set", d->arg);
            return false;
        }
        if (d->size > space - vms->dimm_size) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: not enough space, currently "
                        "0x%" G_GINT64_MODIFIER "x in use of total space "
                        "for memory devices 0x%" G_GINT64_MODIFIER "x",
                        d->arg, (guint64)vms->dimm_size, (guint64)space);
            return false;
        }
        if (d->nvdimm && d->size % VIRT_DIMM_ALIGN) {
            /* QEMU 11.1 takes it (observed); where it goes is not known */
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                        "-device %s: an NVDIMM whose size is not a multiple "
                        "of 2 MiB is not modelled by virtboard",
                        d->arg);
            return false;
        }
        if (!virt_dimm_check_align(vms, d, errp)) {
            return false;
        }
        if (d->has_addr &&
            (d->addr < base || d->addr > base + size ||
             d->size > base + size - d->addr)) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: can't add memory device "
                        "[0x%" G_GINT64_MODIFIER "x:0x%" G_GINT64_MODIFIER
                        "x], usable range for memory devices "
                        "[0x%" G_GINT64_MODIFIER "x:0x%" G_GINT64_MODIFIER
                        "x]",
                        d->arg, (guint64)d->addr, (guint64)d->size,
                        (guint64)base, (guint64)size);
            return false;
        }
        if (!virt_dimm_place(d, placed, vms->dimms, base, size, &addr,
                             errp)) {
            return false;
        }
        if (d->memdev_busy) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: can't use already busy memdev: %s",
                        d->arg, d->memdev);
            return false;
        }
        if (vms->numa_nodes > 0 && d->node >= vms->numa_nodes) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: 'DIMM property node has value %u' which "
                        "exceeds the number of numa nodes: %u",
                        d->arg, d->node, vms->numa_nodes);
            return false;
        }
        if (d->nvdimm && d->memdev_readonly && !d->unarmed) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_REFUSED,
                        "-device %s: 'unarmed' property must be 'on' since "
                        "memdev %s is read-only",
                        d->arg, d->memdev);
            return false;
        }
        if (d->nvdimm) {
            /* by address, as QEMU lists its memory devices */
            j = vms->n_nvdimms++;
            while (j > 0 && vms->nvdimms[j - 1].base > addr) {
                vms->nvdimms[j] = vms->nvdimms[j - 1];
                j--;
            }
            vms->nvdimms[j].base = addr;
            vms->nvdimms[j].size = d->size;
            vms->nvdimms[j].node = d->node;
        }
        busy[slot] = true;
        /* kept in address order: the next DIMM looks for a gap */
        at_dimm = &dimms[vms->dimms];
        *at_dimm = *d;
        at_dimm->addr = addr;
        at_dimm->has_addr = true;
        j = vms->dimms;
        while (j > 0 && placed[j - 1]->addr > addr) {
            placed[j] = placed[j - 1];
            j--;
        }
        placed[j] = at_dimm;
        vms->dimms++;
        vms->dimm_size += d->size;
    }
    return true;
}

bool virt_machine_init(VirtMachineState *vms, const VirtOptions *opts,
                       GError **errp)
{
    g_return_val_if_fail(vms != NULL && opts != NULL, false);

    memset(vms, 0, sizeof(*vms));
    if (!virt_copy_options(vms, opts, errp)) {
        return false;
    }

    if (!virt_check_generic(vms, opts, errp) ||
        !virt_check_host(vms, opts, errp)) {
        return false;
    }
    /*
     * Under KVM/HVF the map is frozen first, while the accelerator creates
     * the VM; its errors carry the accelerator's location, as in QEMU.
     */
    if (vms->accel != VIRT_ACCEL_TCG) {
        vms->cpu = virt_release_cpu_model(vms->release, "host");
        if (!virt_plan_memory(vms, opts, errp)) {
            g_prefix_error(errp, "-accel %s: ",
                           vms->accel == VIRT_ACCEL_KVM ? "kvm" : "hvf");
            return false;
        }
        if (!virt_resolve_cpu(vms, opts, errp)) {
            return false;
        }
    } else if (!virt_resolve_cpu(vms, opts, errp) ||
               !virt_plan_memory(vms, opts, errp)) {
        return false;
    }
    if (!virt_resolve_gic(vms, opts, errp) ||
        !virt_check_accel_features(vms, opts, errp) ||
        !virt_check_cpus(vms, opts, errp) ||
        !virt_check_vcpu_pa_range(vms, errp) ||
        !virt_check_vcpu(vms, opts, errp)) {
        return false;
    }
    virt_resolve_devices(vms, opts);
    if (!virt_check_msi_ports(vms, opts, errp)) {
        return false;
    }
    vms->nvdimm = opts->nvdimm;
    return virt_plug_dimms(vms, opts, errp);
}

bool virt_high_region_used(const VirtMachineState *vms, int idx)
{
    switch (idx) {
    case VIRT_HIGH_GIC_REDIST2:
        return vms->redist_region_count == 2;
    case VIRT_HIGH_PCIE_ECAM:
        return vms->highmem_ecam;
    case VIRT_HIGH_PCIE_MMIO:
        return vms->highmem_mmio;
    default:
        return false;
    }
}

char *virt_region_reason(const VirtMachineState *vms, int idx)
{
    int i = idx - VIRT_LOWMEMMAP_LAST;
    const char *prop = virt_high_region_property(idx);

    g_return_val_if_fail(i >= 0 && i < VIRT_HIGH_REGION_COUNT, NULL);

    switch (vms->region_state[i]) {
    case VIRT_REGION_ENABLED:
        if (idx == VIRT_HIGH_GIC_REDIST2 && vms->gic_version == 2) {
            return g_strdup("not needed: GICv2 has no redistributors");
        }
        return g_strdup_printf("fits below 2^%d", vms->memmap.pa_bits);
    case VIRT_REGION_UNUSED:
        return g_strdup_printf("not needed: %u vCPU%s in the low "
                               "region (%u)",
                               vms->smp.cpus,
                               vms->smp.cpus == 1 ? " fits" : "s fit",
                               vms->redist_capacity[0]);
    case VIRT_REGION_OFF_HIGHMEM:
        if (vms->memmap_request.highmem_keeps_pa_range) {
            return g_strdup("placed, but not used with highmem=off");
        }
        return g_strdup("disabled by highmem=off (PA range capped at "
                        "32 bits)");
    case VIRT_REGION_OFF_PA_RANGE:
        return g_strdup_printf("does not fit below 2^%d",
                               vms->memmap.pa_bits);
    case VIRT_REGION_OFF_PROPERTY:
        return g_strdup_printf("disabled by %s=off", prop);
    case VIRT_REGION_OFF_COMPAT:
        return g_strdup_printf("off by default for machine type %s",
                               vms->type->name);
    case VIRT_REGION_OFF_FIRMWARE32:
        return g_strdup("32-bit CPU booting firmware: low ECAM is used");
    default:
        return g_strdup("not used");
    }
}
