/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modelled QEMU releases, as data (include/hw/arm/virt-release.h),
 * and the machine-type compat table.
 *
 * Every fact here was observed on the release's own binary: Debian 12's
 * qemu-system-aarch64 7.2 for 7.2 (-M help, -M virt,help, -cpu help,
 * dumpdtb, the fw_cfg ACPI tables; /work/shared/spec/); Debian's 5.2,
 * 10.0 and 11.1 binaries for those releases.
 */
#include "hw/arm/virt.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* ---- the machine-type axis: compat flags ---- */

/*
 * Each row: a VirtCompat flag and the newest machine type that still has
 * the old behaviour; every type at or below it gets the flag. This is
 * QEMU's chain of virt_machine_X_Y_options() functions as one table.
 */
/* clang-format off */
static const struct {
    size_t offset;
    int last;                   /* VIRT_RELEASE_VERSION of the newest type */
} virt_compat_rules[] = {
#define COMPAT(field, major, minor) \
    { offsetof(VirtCompat, field), VIRT_RELEASE_VERSION(major, minor) }
    COMPAT(disallow_affinity_adjustment, 2, 6),
    COMPAT(no_pmu,                       2, 6),
    COMPAT(no_its,                       2, 7),
    COMPAT(claim_edge_triggered_timers,  2, 8),
    COMPAT(no_highmem_ecam,              2, 12),
    COMPAT(no_ged,                       4, 1),
    COMPAT(no_auto_numa_with_memhp,      4, 1),
    COMPAT(acpi_expose_flash,            5, 0),
    COMPAT(no_auto_numa_with_memdev,     5, 0),
    COMPAT(no_kvm_steal_time,            5, 1),
    COMPAT(no_secure_gpio,               5, 2),
    COMPAT(no_cpu_topology,              6, 1),
    COMPAT(no_tcg_its,                   6, 1),
    COMPAT(no_highmem_compact,           7, 1),
    COMPAT(no_el2_vtimer,                8, 2),
#undef COMPAT
};
/* clang-format on */

/* virt-2.12 and older allow 255 vCPUs, later types 512 */
#define VIRT_COMPAT_LEGACY_MAX_CPUS_LAST VIRT_RELEASE_VERSION(2, 12)

void virt_compat_init(VirtCompat *compat, const VirtMachineType *type)
{
    int v = VIRT_RELEASE_VERSION(type->major, type->minor);
    size_t i;

    memset(compat, 0, sizeof(*compat));
    for (i = 0; i < G_N_ELEMENTS(virt_compat_rules); i++) {
        *(bool *)((char *)compat + virt_compat_rules[i].offset) =
            v <= virt_compat_rules[i].last;
    }
    compat->max_cpus = v <= VIRT_COMPAT_LEGACY_MAX_CPUS_LAST
                           ? VIRT_MAX_CPUS_LEGACY
                           : VIRT_MAX_CPUS;
}

/* ---- QEMU 7.2 ---- */

/* -M help: newest first, the newest also as "virt" */
static const VirtMachineType virt_7_2_machine_types[] = {
    { "virt-7.2", 7, 2, "virt" },
    { "virt-7.1", 7, 1, NULL },
    { "virt-7.0", 7, 0, NULL },
    { "virt-6.2", 6, 2, NULL },
    { "virt-6.1", 6, 1, NULL },
    { "virt-6.0", 6, 0, NULL },
    { "virt-5.2", 5, 2, NULL },
    { "virt-5.1", 5, 1, NULL },
    { "virt-5.0", 5, 0, NULL },
    { "virt-4.2", 4, 2, NULL },
    { "virt-4.1", 4, 1, NULL },
    { "virt-4.0", 4, 0, NULL },
    { "virt-3.1", 3, 1, NULL },
    { "virt-3.0", 3, 0, NULL },
    { "virt-2.12", 2, 12, NULL },
    { "virt-2.11", 2, 11, NULL },
    { "virt-2.10", 2, 10, NULL },
    { "virt-2.9", 2, 9, NULL },
    { "virt-2.8", 2, 8, NULL },
    { "virt-2.7", 2, 7, NULL },
    { "virt-2.6", 2, 6, NULL },
    { NULL },
};

/*
 * The CPU models QEMU 7.2's virt board accepts. PA bits are arm_pamax():
 * ID_AA64MMFR0.PARange for AArch64 models, 40 for the LPAE AArch32 ones.
 */
/* clang-format off */
static const VirtCpuModel virt_7_2_cpu_models[] = {
    /* name          compatible          a64    pa  pmu    el2   el3   vhe */
    { "cortex-a7",   "arm,cortex-a7",    false, 40, false, true, true, false },
    { "cortex-a15",  "arm,cortex-a15",   false, 40, false, true, true, false },
    { "cortex-a35",  "arm,cortex-a35",   true,  40, true,  true, true, false },
    { "cortex-a53",  "arm,cortex-a53",   true,  40, true,  true, true, false },
    { "cortex-a57",  "arm,cortex-a57",   true,  44, true,  true, true, false },
    { "cortex-a72",  "arm,cortex-a72",   true,  44, true,  true, true, false },
    { "cortex-a76",  "arm,cortex-a76",   true,  40, true,  true, true, true },
    { "a64fx",       "arm,a64fx",        true,  40, true,  true, true, true },
    { "neoverse-n1", "arm,neoverse-n1",  true,  48, true,  true, true, true },
    { "max",         "arm,cortex-a57",   true,  52, true,  true, true, true },
    /* host: a64, pmu, no el2/el3/vhe modelled, host_only */
    { "host", "arm,armv8", true, 0, true, false, false, false, true },
    { NULL },
};
/* clang-format on */

/* The rest of 7.2's -cpu help: known to QEMU, refused by the board */
static const char *const virt_7_2_other_cpus[] = {
    "arm1026", "arm1136", "arm1136-r2", "arm1176", "arm11mpcore", "arm926",
    "arm946", "cortex-a8", "cortex-a9", "cortex-m0", "cortex-m3",
    "cortex-m33", "cortex-m4", "cortex-m55", "cortex-m7", "cortex-r5",
    "cortex-r5f", "pxa250", "pxa255", "pxa260", "pxa261", "pxa262",
    "pxa270-a0", "pxa270-a1", "pxa270", "pxa270-b0", "pxa270-b1",
    "pxa270-c0", "pxa270-c5", "sa1100", "sa1110", "ti925t", NULL,
};

/* -cpu max's feature properties (7.2, 10.0 and 11.1 alike) */
static const char *const virt_7_2_max_cpu_props[] = {
    "sve", "sve128", "sve256", "sve384", "sve512", "sve640", "sve768",
    "sve896", "sve1024", "sve1152", "sve1280", "sve1408", "sve1536",
    "sve1664", "sve1792", "sve1920", "sve2048", "sme", "sme128",
    "sme256", "sme512", "sme1024", "sme2048", "sme_fa64", "pauth",
    "pauth-impdef", "pauth-qarma3", "lpa2", NULL,
};

static const char *const virt_7_2_texts[VIRT_TEXT_COUNT] = {
    [VIRT_TEXT_PROPERTY_NOT_FOUND] = "Property '%s-machine.%s' not found",
    [VIRT_TEXT_UNSUPPORTED_MACHINE] =
        "unsupported machine type\n"
        "Use -machine help to list supported machines",
    /*
     * 7.2's message ends in a newline, so QEMU prints a blank line after
     * it (addressing_limited_blank_line); virtboard gives the line alone.
     */
    [VIRT_TEXT_ADDRESSING_LIMITED] =
        "Addressing limited to %d bits, but memory exceeds it by %" PRIu64
        " bytes",
    [VIRT_TEXT_TOO_MANY_CPUS] =
        "Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
        "machine 'mach-virt' (%u)",
    /* 7.2 has no hint (and no highmem-redists) */
    [VIRT_TEXT_TOO_MANY_CPUS_HINT] = "",
    [VIRT_TEXT_REDIST_CAPACITY] =
        "Capacity of the redist regions(%u) does not match the number of "
        "vcpus(%u)",
    [VIRT_TEXT_GIC4_NEEDS_EL2] =
        "gic-version=4 requires virtualization enabled",
    /* observed on real KVM, docs/devel/kvm-testing.md */
    [VIRT_TEXT_GIC4_KVM] = "gic-version=4 is not supported with KVM",
    /* observed on real KVM, docs/devel/kvm-testing.md */
    [VIRT_TEXT_GIC2_KVM] = "host does not support in-kernel GICv2 emulation",
    [VIRT_TEXT_CPU_NOT_SUPPORTED] = "mach-virt: CPU type %s-arm-cpu not "
                                    "supported",
    /* 7.2 deprecates no virt type */
    [VIRT_TEXT_DEPRECATED_TYPE] = "",
    [VIRT_TEXT_INVALID_GIC] =
        "Invalid gic-version value\n"
        "Valid values are 3, 2, host, max.",
    /* a warning: the 0 counts as omitted */
    [VIRT_TEXT_SMP_ZERO] = "Deprecated CPU topology (considered invalid): "
                           "CPU topology parameters must be greater than "
                           "zero",
    [VIRT_TEXT_SMP_LEVEL] = "%s not supported by this machine's CPU "
                            "topology",
    /* the map fits the PA range: never given */
    [VIRT_TEXT_VCPU_PA_BITS] =
        "VCPU supports less PA bits (%d) than requested by the memory map "
        "(%d)",
};

/*
 * QEMU 7.2 adds nodes in reverse so that libfdt's insertion order puts
 * them lowest address first; this is the order of the finished tree.
 */
static const VirtDtStep virt_7_2_dt_steps[VIRT_DT_STEP_COUNT] = {
    VIRT_DT_ROOT,         VIRT_DT_CLOCK,       VIRT_DT_DISTANCE_MAP,
    VIRT_DT_TIMER,        VIRT_DT_CPUS,        VIRT_DT_FLASH,
    VIRT_DT_GIC,          VIRT_DT_PMU,         VIRT_DT_UART1,
    VIRT_DT_UART,         VIRT_DT_SECURE_RAM,  VIRT_DT_SECURE_UART,
    VIRT_DT_RTC,          VIRT_DT_PCIE,        VIRT_DT_SMMU,
    VIRT_DT_POWER_KEY,    VIRT_DT_SECURE_GPIO, VIRT_DT_VIRTIO_MMIO,
    VIRT_DT_FW_CFG,       VIRT_DT_PLATFORM_BUS, VIRT_DT_MEMORY,
    VIRT_DT_CHOSEN,       VIRT_DT_PMEM,        VIRT_DT_PSCI,
};

/* Build order; FADT is "FACP", MADT "APIC" */
static const VirtAcpiTableRev virt_7_2_acpi_tables[] = {
    { "DSDT", 2 }, { "FACP", 6 }, { "APIC", 4 }, { "PPTT", 2 },
    { "GTDT", 2 }, { "MCFG", 1 }, { "SPCR", 2 }, { "DBG2", 0 },
    { "SRAT", 3 }, { "SLIT", 1 }, { "IORT", 3 }, 
    { "TPM2", 4 }, { "XSDT", 1 }, { NULL },
};

static const VirtRelease virt_release_7_2 = {
    .name = "7.2",
    .version = VIRT_RELEASE_VERSION(7, 2),
    .machine_types = virt_7_2_machine_types,
    .cpu_models = virt_7_2_cpu_models,
    .default_cpu = "cortex-a15",
    .other_cpus = virt_7_2_other_cpus,
    .max_cpu_props = virt_7_2_max_cpu_props,
    .highmem_caps_pa_range = true,
    .vcpu_limit_needs_redist2_on = false,
    .addressing_limited_blank_line = true,
    .hvf_ipa_from_map = false,
    .fdt_dma_coherent = false,
    .fdt_aliases = false,
    .fdt_initrd_u64 = false,
    .gic_default_v3_above_8_cpus = false,
    .map_fits_pa_range = true,
    .pcie_port_needs_msi = true,
    .gic_v4 = true,
    .tcg_gicv3_one_redist_region = false,
    .fdt_model = true,
    .fdt_psci_1_0 = true,
    .fdt_rng_seed = true,
    .fdt_platform_bus_name = true,
    .fdt_gpio_keys_cells = false,
    .fdt_pcie_msi_map = true,
    .fdt_flash_name_own_base = true,
    .fdt_smmu_clocks = false,
    .fdt_last_comp_version = 16,
    .psci_boot_el_without_kernel = true,
    .smp_prefers_sockets = false,
    .mem_checked_at_parse = false,
    .backend_file_readonly = true,
    .json_device_object_netdev = true,
    .texts = virt_7_2_texts,
    .dt_steps = virt_7_2_dt_steps,
    .acpi_tables = virt_7_2_acpi_tables,
    .acpi_modelled = true,
    .acpi_fadt_minor = 0,
    .acpi_gtdt_el2_vtimer = false,
    .acpi_uart_32bit = false,
    .acpi_pptt_clusters_if_given = false,
    .acpi_pci_links_in_sb = false,
    .acpi_iort_id_count_minus_one = false,
};

/* ---- QEMU 5.2 ---- */

/*
 * Debian 11's qemu-system-aarch64 1:5.2+dfsg-11+deb11u3: -M help lists
 * virt-2.6 ... virt-5.2, none deprecated.
 */
static const VirtMachineType virt_5_2_machine_types[] = {
    { "virt-5.2", 5, 2, "virt" },
    { "virt-5.1", 5, 1, NULL },
    { "virt-5.0", 5, 0, NULL },
    { "virt-4.2", 4, 2, NULL },
    { "virt-4.1", 4, 1, NULL },
    { "virt-4.0", 4, 0, NULL },
    { "virt-3.1", 3, 1, NULL },
    { "virt-3.0", 3, 0, NULL },
    { "virt-2.12", 2, 12, NULL },
    { "virt-2.11", 2, 11, NULL },
    { "virt-2.10", 2, 10, NULL },
    { "virt-2.9", 2, 9, NULL },
    { "virt-2.8", 2, 8, NULL },
    { "virt-2.7", 2, 7, NULL },
    { "virt-2.6", 2, 6, NULL },
    { NULL },
};

/*
 * The CPU models QEMU 5.2's virt board accepts (-cpu help has no
 * cortex-a35, cortex-a76, a64fx or neoverse-n1: "unable to find CPU
 * model"). PA bits as "VCPU supports less PA bits (N)" reports them
 * (-m 1G,slots=1,maxmem=8000T): max has 48, not 7.2's 52. Every one
 * takes virtualization=on,secure=on.
 */
/* clang-format off */
static const VirtCpuModel virt_5_2_cpu_models[] = {
    /* name          compatible          a64    pa  pmu    el2   el3   vhe */
    { "cortex-a7",   "arm,cortex-a7",    false, 40, false, true, true, false },
    { "cortex-a15",  "arm,cortex-a15",   false, 40, false, true, true, false },
    { "cortex-a53",  "arm,cortex-a53",   true,  40, true,  true, true, false },
    { "cortex-a57",  "arm,cortex-a57",   true,  44, true,  true, true, false },
    { "cortex-a72",  "arm,cortex-a72",   true,  44, true,  true, true, false },
    { "max",         "arm,cortex-a57",   true,  48, true,  true, true, true },
    /* host: a64, pmu, no el2/el3/vhe modelled, host_only */
    { "host", "arm,armv8", true, 0, true, false, false, false, true },
    { NULL },
};
/* clang-format on */

/* The rest of 5.2's -cpu help: 7.2's list without cortex-m55 */
static const char *const virt_5_2_other_cpus[] = {
    "arm1026", "arm1136", "arm1136-r2", "arm1176", "arm11mpcore", "arm926",
    "arm946", "cortex-a8", "cortex-a9", "cortex-m0", "cortex-m3",
    "cortex-m33", "cortex-m4", "cortex-m7", "cortex-r5", "cortex-r5f",
    "pxa250", "pxa255", "pxa260", "pxa261", "pxa262", "pxa270-a0",
    "pxa270-a1", "pxa270", "pxa270-b0", "pxa270-b1", "pxa270-c0",
    "pxa270-c5", "sa1100", "sa1110", "ti925t", NULL,
};

/*
 * 5.2's max has the SVE lengths only: pauth, pauth-impdef, pauth-qarma3,
 * lpa2 and the sme ones are "Property 'max-arm-cpu.X' not found"
 * (observed)
 */
static const char *const virt_5_2_max_cpu_props[] = {
    "sve", "sve128", "sve256", "sve384", "sve512", "sve640", "sve768",
    "sve896", "sve1024", "sve1152", "sve1280", "sve1408", "sve1536",
    "sve1664", "sve1792", "sve1920", "sve2048", NULL,
};

/*
 * 5.2 has no "Addressing limited" check, no redistributor capacity check
 * and no GICv4: those texts are 7.2's, never given (the rules that would
 * give them are off for 5.2).
 */
static const char *const virt_5_2_texts[VIRT_TEXT_COUNT] = {
    [VIRT_TEXT_PROPERTY_NOT_FOUND] = "Property '%s-machine.%s' not found",
    /*
     * 5.2 names its first -machine option as written, with the argument
     * (unsupported_machine_names_arg)
     */
    [VIRT_TEXT_UNSUPPORTED_MACHINE] =
        "%s: unsupported machine type\n"
        "Use -machine help to list supported machines",
    [VIRT_TEXT_ADDRESSING_LIMITED] =
        "Addressing limited to %d bits, but memory exceeds it by %" PRIu64
        " bytes",
    [VIRT_TEXT_TOO_MANY_CPUS] =
        "Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
        "machine 'mach-virt' (%u)",
    [VIRT_TEXT_TOO_MANY_CPUS_HINT] = "",
    [VIRT_TEXT_REDIST_CAPACITY] =
        "Capacity of the redist regions(%u) does not match the number of "
        "vcpus(%u)",
    [VIRT_TEXT_GIC4_NEEDS_EL2] = "",
    /* no gic-version=4 (gic_v4 is off): never given */
    [VIRT_TEXT_GIC4_KVM] = "",
    /*
     * KVM only, which cannot be seen with 5.2 here: borrowed from 7.2,
     * whose board code for it is the same
     */
    [VIRT_TEXT_GIC2_KVM] = "host does not support in-kernel GICv2 emulation",
    [VIRT_TEXT_CPU_NOT_SUPPORTED] = "mach-virt: CPU type %s-arm-cpu not "
                                    "supported",
    [VIRT_TEXT_DEPRECATED_TYPE] = "",
    /* observed: 4, x-5 and 5 all give it; the list is 7.2's */
    [VIRT_TEXT_INVALID_GIC] =
        "Invalid gic-version value\n"
        "Valid values are 3, 2, host, max.",
    [VIRT_TEXT_VCPU_PA_BITS] =
        "VCPU supports less PA bits (%d) than requested by the memory map "
        "(%d)",
    [VIRT_TEXT_REDIST_REGION_COUNT] =
        "VGICv3 redist region number(%u) not equal to 1",
};

/*
 * The options that open 5.2's machine options (observed: -mem-path,
 * -accel, -cpu, -m, -smp, -device, -nodefaults ... do not)
 */
static const char *const virt_5_2_no_machine_loc_opts[] = {
    "-M",     "-nographic", "-kernel",     "-initrd",  "-append",
    "-dtb",   "-bios",      "-usb",        "-enable-kvm", "-no-acpi",
    NULL,
};

/*
 * Build order: no PPTT nor DBG2; no IORT, which 5.2 builds only with an
 * ITS, and its TCG creates none (acpi_its_if_instantiated; under KVM,
 * which virtboard's ACPI does not model, it would). FADT 5 (ACPI 5.1:
 * no Hypervisor Vendor Identity), MADT 3.
 */
static const VirtAcpiTableRev virt_5_2_acpi_tables[] = {
    { "DSDT", 2 }, { "FACP", 5 }, { "APIC", 3 }, { "GTDT", 2 },
    { "MCFG", 1 }, { "SPCR", 2 }, { "SRAT", 3 }, { "SLIT", 1 },
    { "TPM2", 4 }, { "XSDT", 1 }, { NULL },
};

/*
 * QEMU 5.2: the map before the reduced-IPA series (highmem=off leaves
 * the PA range alone, nothing is switched off to fit it), TCG's GICv3
 * with one redistributor region, and the older DTB details. ACPI
 * (fw_cfg tables of the 5.2 oracle, tests/qtest/virt-acpi-test.c): the
 * tables above; OEM Table IDs "BXPC" + signature, the FADT's minor
 * version 1, 76-byte GICCs, the GTDT's counter bases 0, no padding.
 */
static const VirtRelease virt_release_5_2 = {
    .name = "5.2",
    .version = VIRT_RELEASE_VERSION(5, 2),
    .machine_types = virt_5_2_machine_types,
    .cpu_models = virt_5_2_cpu_models,
    .default_cpu = "cortex-a15",
    .other_cpus = virt_5_2_other_cpus,
    .max_cpu_props = virt_5_2_max_cpu_props,
    .unsupported_machine_names_arg = true,
    .no_machine_loc_opts = virt_5_2_no_machine_loc_opts,
    .highmem_caps_pa_range = false,
    .vcpu_limit_needs_redist2_on = false,
    .addressing_limited_blank_line = false,
    .hvf_ipa_from_map = false,
    .fdt_dma_coherent = false,
    .fdt_aliases = false,
    .fdt_initrd_u64 = false,
    .gic_default_v3_above_8_cpus = false,
    .map_fits_pa_range = false,
    .pcie_port_needs_msi = true,
    .gic_v4 = false,
    .tcg_gicv3_one_redist_region = true,
    .fdt_model = false,
    .fdt_psci_1_0 = false,
    .fdt_rng_seed = false,
    .fdt_platform_bus_name = false,
    .fdt_gpio_keys_cells = true,
    .fdt_pcie_msi_map = false,
    .fdt_flash_name_own_base = false,
    .fdt_smmu_clocks = true,
    .fdt_last_comp_version = 2,
    .psci_boot_el_without_kernel = false,
    .smp_prefers_sockets = true,
    .smp_zero_silent = true,
    .numa_cpu_by_index = true,
    .fdt_numa_empty_memory = true,
    .mem_checked_at_parse = true,
    /* observed: a second -serial adds no UART to the DTB */
    .dimm_size_align_first = false,
    .second_serial_uart = false,
    .fdt_cpu_caches = false,
    .gic_x5 = false,
    /* observed: gic-version=2,its=on is accepted (no ITS node) */
    .its_on_refuses_gicv2 = false,
    .backend_file_readonly = false,
    .json_device_object_netdev = false,
    .texts = virt_5_2_texts,
    .dt_steps = virt_7_2_dt_steps,
    .acpi_tables = virt_5_2_acpi_tables,
    .acpi_modelled = true,
    .acpi_fadt_minor = 1,
    .acpi_oem_table_id_sig = true,
    .acpi_gicc_76_bytes = true,
    .acpi_tables_unpadded = true,
    .acpi_tpm_no_str = true,
    .acpi_gtdt_cnt_base_zero = true,
    .acpi_its_if_instantiated = true,
};

/* ---- QEMU 10.0 ---- */

/*
 * Debian's qemu-system-aarch64 1:10.0.2+ds-2+deb13u1~bpo12+1: -M help
 * lists virt-2.6 ... virt-10.0, 2.6 to 7.0 "(deprecated)".
 */
/* clang-format off */
static const VirtMachineType virt_10_0_machine_types[] = {
    { "virt-10.0", 10, 0, "virt", false },
    { "virt-9.2",  9,  2, NULL,   false },
    { "virt-9.1",  9,  1, NULL,   false },
    { "virt-9.0",  9,  0, NULL,   false },
    { "virt-8.2",  8,  2, NULL,   false },
    { "virt-8.1",  8,  1, NULL,   false },
    { "virt-8.0",  8,  0, NULL,   false },
    { "virt-7.2",  7,  2, NULL,   false },
    { "virt-7.1",  7,  1, NULL,   false },
    { "virt-7.0",  7,  0, NULL,   true },
    { "virt-6.2",  6,  2, NULL,   true },
    { "virt-6.1",  6,  1, NULL,   true },
    { "virt-6.0",  6,  0, NULL,   true },
    { "virt-5.2",  5,  2, NULL,   true },
    { "virt-5.1",  5,  1, NULL,   true },
    { "virt-5.0",  5,  0, NULL,   true },
    { "virt-4.2",  4,  2, NULL,   true },
    { "virt-4.1",  4,  1, NULL,   true },
    { "virt-4.0",  4,  0, NULL,   true },
    { "virt-3.1",  3,  1, NULL,   true },
    { "virt-3.0",  3,  0, NULL,   true },
    { "virt-2.12", 2, 12, NULL,   true },
    { "virt-2.11", 2, 11, NULL,   true },
    { "virt-2.10", 2, 10, NULL,   true },
    { "virt-2.9",  2,  9, NULL,   true },
    { "virt-2.8",  2,  8, NULL,   true },
    { "virt-2.7",  2,  7, NULL,   true },
    { "virt-2.6",  2,  6, NULL,   true },
    { NULL },
};
/* clang-format on */

/*
 * The CPU models QEMU 10.0's virt board accepts, in the order of its
 * "valid models" message. PA bits as QEMU reports them in "Addressing
 * limited to N bits" (-m 1G,slots=1,maxmem=8000T); VHE as seen in the
 * DTB: the fifth timer interrupt with virt-10.0,virtualization=on.
 */
/* clang-format off */
static const VirtCpuModel virt_10_0_cpu_models[] = {
    /* name          compatible          a64    pa  pmu    el2   el3   vhe */
    { "cortex-a7",   "arm,cortex-a7",    false, 40, false, true, true, false },
    { "cortex-a15",  "arm,cortex-a15",   false, 40, false, true, true, false },
    { "cortex-a35",  "arm,cortex-a35",   true,  40, true,  true, true, false },
    { "cortex-a55",  "arm,cortex-a55",   true,  40, true,  true, true, true },
    { "cortex-a72",  "arm,cortex-a72",   true,  44, true,  true, true, false },
    { "cortex-a76",  "arm,cortex-a76",   true,  40, true,  true, true, true },
    { "cortex-a710", "arm,cortex-a710",  true,  40, true,  true, true, true },
    { "a64fx",       "arm,a64fx",        true,  40, true,  true, true, true },
    { "neoverse-n1", "arm,neoverse-n1",  true,  48, true,  true, true, true },
    { "neoverse-v1", "arm,neoverse-v1",  true,  48, true,  true, true, true },
    { "neoverse-n2", "arm,neoverse-n2",  true,  48, true,  true, true, true },
    { "cortex-a53",  "arm,cortex-a53",   true,  40, true,  true, true, false },
    { "cortex-a57",  "arm,cortex-a57",   true,  44, true,  true, true, false },
    { "max",         "arm,cortex-a57",   true,  52, true,  true, true, true },
    /*
     * host: a64, pmu, no el2/el3/vhe modelled, host_only; its compatible
     * as 10.0 writes it on real KVM (tests/guest/kvm-test.py)
     */
    { "host", "arm,arm-v8", true, 0, true, false, false, false, true },
    { NULL },
};
/* clang-format on */

/* 10.0's: 7.2's and cortex-r52 (the pxa models are deprecated) */
static const char *const virt_10_0_other_cpus[] = {
    "arm1026", "arm1136", "arm1136-r2", "arm1176", "arm11mpcore", "arm926",
    "arm946", "cortex-a8", "cortex-a9", "cortex-m0", "cortex-m3",
    "cortex-m33", "cortex-m4", "cortex-m55", "cortex-m7", "cortex-r5",
    "cortex-r52", "cortex-r5f", "pxa250", "pxa255", "pxa260", "pxa261",
    "pxa262", "pxa270-a0", "pxa270-a1", "pxa270", "pxa270-b0", "pxa270-b1",
    "pxa270-c0", "pxa270-c5", "sa1100", "sa1110", "ti925t", NULL,
};

static const char *const virt_10_0_texts[VIRT_TEXT_COUNT] = {
    [VIRT_TEXT_PROPERTY_NOT_FOUND] = "Property '%s-machine.%s' not found",
    [VIRT_TEXT_UNSUPPORTED_MACHINE] =
        "unsupported machine type: \"%s\"\n"
        "Use -machine help to list supported machines",
    [VIRT_TEXT_ADDRESSING_LIMITED] =
        "Addressing limited to %d bits, but memory exceeds it by %" PRIu64
        " bytes",
    [VIRT_TEXT_TOO_MANY_CPUS] =
        "Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
        "machine 'mach-virt' (%u)",
    [VIRT_TEXT_TOO_MANY_CPUS_HINT] = "Try 'highmem-redists=on' for more "
                                     "CPUs",
    [VIRT_TEXT_REDIST_CAPACITY] =
        "Capacity of the redist regions(%u) does not match the number of "
        "vcpus(%u)",
    [VIRT_TEXT_GIC4_NEEDS_EL2] =
        "tcg does not support GICv4 emulation, is virtualization=on?",
    /* observed on real KVM (arm64 10.0.2 in tests/guest/kvm-test.py) */
    [VIRT_TEXT_GIC4_KVM] =
        "KVM does not support GICv4 emulation, is virtualization=on?",
    /* observed on real KVM (arm64 10.0.2, tests/guest/kvm-test.py) */
    [VIRT_TEXT_GIC2_KVM] = "KVM does not support GICv2 emulation",
    [VIRT_TEXT_CPU_NOT_SUPPORTED] =
        "Invalid CPU model: %s\n"
        "The valid models are: cortex-a7, cortex-a15, cortex-a35, "
        "cortex-a55, cortex-a72, cortex-a76, cortex-a710, a64fx, "
        "neoverse-n1, neoverse-v1, neoverse-n2, cortex-a53, cortex-a57, max",
    [VIRT_TEXT_DEPRECATED_TYPE] =
        "Machine type '%s' is deprecated: machines more than 3 years old "
        "are subject to deletion after 6 years",
    [VIRT_TEXT_INVALID_GIC] =
        "Invalid gic-version value\n"
        "Valid values are 3, 2, host, max.",
    [VIRT_TEXT_SMP_ZERO] = "Invalid CPU topology: CPU topology parameters "
                           "must be greater than zero",
    [VIRT_TEXT_SMP_LEVEL] = "%s > 1 not supported by this machine's CPU "
                            "topology",
    /* the map fits the PA range: never given */
    [VIRT_TEXT_VCPU_PA_BITS] =
        "VCPU supports less PA bits (%d) than requested by the memory map "
        "(%d)",
};

/*
 * 7.2's order but for the secure UART, created before the secure RAM;
 * /aliases is created with /chosen (VIRT_DT_ROOT), filled by the UARTs.
 * UART1 (a second -serial) is created before UART0: after it in the blob.
 */
static const VirtDtStep virt_10_0_dt_steps[VIRT_DT_STEP_COUNT] = {
    VIRT_DT_ROOT,         VIRT_DT_CLOCK,       VIRT_DT_DISTANCE_MAP,
    VIRT_DT_TIMER,        VIRT_DT_CPUS,        VIRT_DT_FLASH,
    VIRT_DT_GIC,          VIRT_DT_PMU,         VIRT_DT_UART1,
    VIRT_DT_UART,         VIRT_DT_SECURE_UART, VIRT_DT_SECURE_RAM,
    VIRT_DT_RTC,          VIRT_DT_PCIE,        VIRT_DT_SMMU,
    VIRT_DT_POWER_KEY,    VIRT_DT_SECURE_GPIO, VIRT_DT_VIRTIO_MMIO,
    VIRT_DT_FW_CFG,       VIRT_DT_PLATFORM_BUS, VIRT_DT_MEMORY,
    VIRT_DT_CHOSEN,       VIRT_DT_PMEM,        VIRT_DT_PSCI,
};

/*
 * 7.2's build order; the GTDT is revision 3 (the Virtual EL2 Timer
 * fields, acpi_gtdt_el2_vtimer)
 */
static const VirtAcpiTableRev virt_10_0_acpi_tables[] = {
    { "DSDT", 2 }, { "FACP", 6 }, { "APIC", 4 }, { "PPTT", 2 },
    { "GTDT", 3 }, { "MCFG", 1 }, { "SPCR", 2 }, { "DBG2", 0 },
    { "SRAT", 3 }, { "SLIT", 1 }, { "IORT", 3 }, 
    { "TPM2", 4 }, { "XSDT", 1 }, { NULL },
};

/*
 * ACPI: 7.2's tables but for FADT minor version 3, the GTDT's Virtual
 * EL2 Timer, the PL011 as 32-bit registers in SPCR and DBG2, no PPTT
 * cluster level unless -smp names clusters, the PCI interrupt links
 * L000-L003 in \_SB, and the IORT's bus-0 ID count 0xFF (fw_cfg tables
 * of the 10.0.2 oracle, tests/qtest/virt-acpi-test.c).
 */
static const VirtRelease virt_release_10_0 = {
    .name = "10.0",
    .version = VIRT_RELEASE_VERSION(10, 0),
    .machine_types = virt_10_0_machine_types,
    .cpu_models = virt_10_0_cpu_models,
    .default_cpu = "cortex-a15",
    .other_cpus = virt_10_0_other_cpus,
    .max_cpu_props = virt_7_2_max_cpu_props,
    .highmem_caps_pa_range = true,
    .vcpu_limit_needs_redist2_on = true,
    .addressing_limited_blank_line = false,
    .hvf_ipa_from_map = true,
    .fdt_dma_coherent = true,
    .fdt_aliases = true,
    .fdt_initrd_u64 = true,
    .gic_default_v3_above_8_cpus = true,
    .map_fits_pa_range = true,
    .pcie_port_needs_msi = true,
    .gic_v4 = true,
    .tcg_gicv3_one_redist_region = false,
    .fdt_model = true,
    .fdt_psci_1_0 = true,
    .fdt_rng_seed = true,
    .fdt_platform_bus_name = true,
    .fdt_gpio_keys_cells = false,
    .fdt_pcie_msi_map = true,
    .fdt_flash_name_own_base = true,
    .fdt_smmu_clocks = false,
    .fdt_last_comp_version = 16,
    .psci_boot_el_without_kernel = true,
    .smp_prefers_sockets = false,
    .mem_checked_at_parse = false,
    .dimm_size_align_first = true,
    .second_serial_uart = true,
    .smp_zero_refused = true,
    .smp_more_levels = true,
    .backend_file_readonly = true,
    .json_device_object_netdev = true,
    .texts = virt_10_0_texts,
    .dt_steps = virt_10_0_dt_steps,
    .acpi_tables = virt_10_0_acpi_tables,
    .acpi_modelled = true,
    .acpi_fadt_minor = 3,
    .acpi_gtdt_el2_vtimer = true,
    .acpi_uart_32bit = true,
    .acpi_pptt_clusters_if_given = true,
    .acpi_pci_links_in_sb = true,
    .acpi_iort_id_count_minus_one = true,
};

/* ---- QEMU 11.1 ---- */

/*
 * Debian's qemu-system-aarch64 1:11.1.3+ds-1: -M help lists virt-5.2 ...
 * virt-11.1, 5.2 to 8.1 "(deprecated)". No DTB difference was seen
 * between virt-10.0 and the types after it, so they add no compat row.
 */
/* clang-format off */
static const VirtMachineType virt_11_1_machine_types[] = {
    { "virt-11.1", 11, 1, "virt", false },
    { "virt-11.0", 11, 0, NULL,   false },
    { "virt-10.2", 10, 2, NULL,   false },
    { "virt-10.1", 10, 1, NULL,   false },
    { "virt-10.0", 10, 0, NULL,   false },
    { "virt-9.2",  9,  2, NULL,   false },
    { "virt-9.1",  9,  1, NULL,   false },
    { "virt-9.0",  9,  0, NULL,   false },
    { "virt-8.2",  8,  2, NULL,   false },
    { "virt-8.1",  8,  1, NULL,   true },
    { "virt-8.0",  8,  0, NULL,   true },
    { "virt-7.2",  7,  2, NULL,   true },
    { "virt-7.1",  7,  1, NULL,   true },
    { "virt-7.0",  7,  0, NULL,   true },
    { "virt-6.2",  6,  2, NULL,   true },
    { "virt-6.1",  6,  1, NULL,   true },
    { "virt-6.0",  6,  0, NULL,   true },
    { "virt-5.2",  5,  2, NULL,   true },
    { NULL },
};
/* clang-format on */

/*
 * 11.1's virt board accepts 10.0's models (its "valid models" message is
 * the same; cortex-a78ae and the M/R profiles are refused). The L1
 * caches are those its DTB gives each model: size, sets, line bytes.
 */
#define L1(isize, isets, dsize, dsets, line) \
    { (isize) * 1024, (isets), (line) }, { (dsize) * 1024, (dsets), (line) }
/* clang-format off */
static const VirtCpuModel virt_11_1_cpu_models[] = {
    /* name          compatible          a64    pa  pmu    el2   el3   vhe */
    { "cortex-a7",   "arm,cortex-a7",    false, 40, false, true, true, false,
      false, L1(32, 256, 32, 256, 64) },
    { "cortex-a15",  "arm,cortex-a15",   false, 40, false, true, true, false,
      false, L1(32, 256, 32, 256, 64) },
    { "cortex-a35",  "arm,cortex-a35",   true,  40, true,  true, true, false,
      false, L1(32, 128, 32, 128, 64) },
    { "cortex-a55",  "arm,cortex-a55",   true,  40, true,  true, true, true,
      false, L1(32, 128, 32, 128, 64) },
    { "cortex-a72",  "arm,cortex-a72",   true,  44, true,  true, true, false,
      false, L1(48, 256, 32, 128, 64) },
    { "cortex-a76",  "arm,cortex-a76",   true,  40, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    { "cortex-a710", "arm,cortex-a710",  true,  40, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    { "a64fx",       "arm,a64fx",        true,  40, true,  true, true, true,
      false, L1(64, 64, 64, 64, 256) },
    { "neoverse-n1", "arm,neoverse-n1",  true,  48, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    { "neoverse-v1", "arm,neoverse-v1",  true,  48, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    { "neoverse-n2", "arm,neoverse-n2",  true,  48, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    { "cortex-a53",  "arm,cortex-a53",   true,  40, true,  true, true, false,
      false, L1(32, 512, 32, 128, 64) },
    { "cortex-a57",  "arm,cortex-a57",   true,  44, true,  true, true, false,
      false, L1(48, 256, 32, 128, 64) },
    { "max",         "arm,cortex-a57",   true,  52, true,  true, true, true,
      false, L1(64, 256, 64, 256, 64) },
    /* host: as 10.0 under KVM (not seen with 11.1); caches unknown */
    { "host", "arm,arm-v8", true, 0, true, false, false, false, true },
    { NULL },
};
/* clang-format on */
#undef L1

/* 11.1's: no pxa models any more; cortex-a78ae is new */
static const char *const virt_11_1_other_cpus[] = {
    "arm1026", "arm1136", "arm1136-r2", "arm1176", "arm11mpcore", "arm926",
    "arm946", "cortex-a78ae", "cortex-a8", "cortex-a9", "cortex-m0",
    "cortex-m3", "cortex-m33", "cortex-m4", "cortex-m55", "cortex-m7",
    "cortex-r5", "cortex-r52", "cortex-r5f", "sa1100", "sa1110", "ti925t",
    NULL,
};

static const char *const virt_11_1_texts[VIRT_TEXT_COUNT] = {
    [VIRT_TEXT_PROPERTY_NOT_FOUND] = "Property '%s-machine.%s' not found",
    [VIRT_TEXT_UNSUPPORTED_MACHINE] =
        "unsupported machine type: \"%s\"\n"
        "Use -machine help to list supported machines",
    [VIRT_TEXT_ADDRESSING_LIMITED] =
        "Addressing limited to %d bits, but memory exceeds it by %" PRIu64
        " bytes",
    [VIRT_TEXT_TOO_MANY_CPUS] =
        "Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
        "machine 'mach-virt' (%u)",
    [VIRT_TEXT_TOO_MANY_CPUS_HINT] = "Try 'highmem-redists=on' for more "
                                     "CPUs",
    [VIRT_TEXT_REDIST_CAPACITY] =
        "Capacity of the redist regions(%u) does not match the number of "
        "vcpus(%u)",
    [VIRT_TEXT_GIC4_NEEDS_EL2] =
        "tcg does not support GICv4 emulation, is virtualization=on?",
    /* KVM cannot be seen with 11.1 here: 10.0's text (kvm-test.py) */
    [VIRT_TEXT_GIC4_KVM] =
        "KVM does not support GICv4 emulation, is virtualization=on?",
    /* KVM cannot be seen with 11.1 here: 10.0's text */
    [VIRT_TEXT_GIC2_KVM] = "KVM does not support GICv2 emulation",
    [VIRT_TEXT_CPU_NOT_SUPPORTED] =
        "Invalid CPU model: %s\n"
        "The valid models are: cortex-a7, cortex-a15, cortex-a35, "
        "cortex-a55, cortex-a72, cortex-a76, cortex-a710, a64fx, "
        "neoverse-n1, neoverse-v1, neoverse-n2, cortex-a53, cortex-a57, max",
    [VIRT_TEXT_DEPRECATED_TYPE] =
        "Machine type '%s' is deprecated: machines more than 3 years old "
        "are subject to deletion after 6 years",
    [VIRT_TEXT_INVALID_GIC] =
        "Invalid gic-version value\n"
        "Valid values are 2, 3, 4, x-5, host, and max.",
    [VIRT_TEXT_SMP_ZERO] = "Invalid CPU topology: CPU topology parameters "
                           "must be greater than zero",
    [VIRT_TEXT_SMP_LEVEL] = "%s > 1 not supported by this machine's CPU "
                            "topology",
    /* the map fits the PA range: never given */
    [VIRT_TEXT_VCPU_PA_BITS] =
        "VCPU supports less PA bits (%d) than requested by the memory map "
        "(%d)",
};

/* 10.0's build order; the IORT is revision 5 */
static const VirtAcpiTableRev virt_11_1_acpi_tables[] = {
    { "DSDT", 2 }, { "FACP", 6 }, { "APIC", 4 }, { "PPTT", 2 },
    { "GTDT", 3 }, { "MCFG", 1 }, { "SPCR", 2 }, { "DBG2", 0 },
    { "SRAT", 3 }, { "SLIT", 1 }, { "IORT", 5 }, 
    { "TPM2", 4 }, { "XSDT", 1 }, { NULL },
};

/*
 * DTB nodes in 10.0's order. ACPI (fw_cfg tables of the 11.1.3 oracle,
 * tests/qtest/virt-acpi-test.c): 10.0's tables but for an XSDT entry
 * after the MADT with no table of its own (the next table is listed
 * twice), IORT revision 5 with the ITS group (and the MADT's ITS) only
 * when an ITS is selected and the SMMUv3 numbered 0, a PPTT package node
 * above the sockets and Identical Implementation on every non-leaf node,
 * and in the DSDT: PCI0._OSC with Local0, _DSM's query answering 0, the
 * Error Device GEDD (and the GED's event for it), the root bus devices
 * (S00, S08 for the default NIC). Other PCI devices are refused.
 */
static const VirtRelease virt_release_11_1 = {
    .name = "11.1",
    .version = VIRT_RELEASE_VERSION(11, 1),
    .machine_types = virt_11_1_machine_types,
    .cpu_models = virt_11_1_cpu_models,
    .default_cpu = "cortex-a15",
    .other_cpus = virt_11_1_other_cpus,
    .max_cpu_props = virt_7_2_max_cpu_props,
    .highmem_caps_pa_range = true,
    .vcpu_limit_needs_redist2_on = true,
    .addressing_limited_blank_line = false,
    .hvf_ipa_from_map = true,
    .fdt_dma_coherent = true,
    .fdt_aliases = true,
    .fdt_initrd_u64 = true,
    .gic_default_v3_above_8_cpus = true,
    .map_fits_pa_range = true,
    .gic_v4 = true,
    .tcg_gicv3_one_redist_region = false,
    .fdt_model = true,
    .fdt_psci_1_0 = true,
    .fdt_rng_seed = true,
    .fdt_platform_bus_name = true,
    .fdt_gpio_keys_cells = false,
    .fdt_pcie_msi_map = true,
    .fdt_flash_name_own_base = true,
    .fdt_smmu_clocks = false,
    /* observed: the dumpdtb header's last_comp_version */
    .fdt_last_comp_version = 16,
    .psci_boot_el_without_kernel = true,
    .smp_prefers_sockets = false,
    .mem_checked_at_parse = false,
    /* observed: a second -serial adds pl011@9040000, as on 10.0 */
    .dimm_size_align_first = true,
    .second_serial_uart = true,
    .fdt_cpu_caches = true,
    .gic_x5 = true,
    .its_on_refuses_gicv2 = true,
    .smp_zero_refused = true,
    .smp_more_levels = true,
    /* observed: nvdimm=on and -device nvdimm without firmware: accepted */
    .nvdimm_without_ged = true,
    .backend_file_readonly = true,
    .json_device_object_netdev = true,
    .texts = virt_11_1_texts,
    .dt_steps = virt_10_0_dt_steps,
    .acpi_tables = virt_11_1_acpi_tables,
    .acpi_modelled = true,
    .acpi_xsdt_extra_entry_after = "APIC",
    .acpi_fadt_minor = 3,
    .acpi_gtdt_el2_vtimer = true,
    .acpi_uart_32bit = true,
    .acpi_pptt_clusters_if_given = true,
    .acpi_pci_links_in_sb = true,
    .acpi_iort_id_count_minus_one = true,
    .acpi_its_if_present = true,
    .acpi_iort_smmu_id_is_index = true,
    .acpi_pptt_root_node = true,
    .acpi_pptt_identical_impl = true,
    .acpi_pci_osc_local = true,
    .acpi_pci_dsm_query_none = true,
    .acpi_error_device = true,
    .acpi_pci_bus_devices = true,
    .acpi_tpm_ppi = true,
};

/* ---- lookup ---- */

/* Oldest first; the default: virt_release_default() */
static const VirtRelease *const virt_releases[] = {
    &virt_release_5_2,
    &virt_release_7_2,
    &virt_release_10_0,
    &virt_release_11_1,
};

const VirtRelease *const *virt_release_list(size_t *n)
{
    if (n) {
        *n = G_N_ELEMENTS(virt_releases);
    }
    return virt_releases;
}

/*
 * The newest release virtboard models in full: a release whose ACPI
 * tables are not modelled yet, or not with PCI devices (11.1's DSDT
 * lists them: acpi_pci_bus_devices), is chosen only by name, so that the
 * default board writes everything a user can ask of it.
 */
const VirtRelease *virt_release_default(void)
{
    for (size_t i = G_N_ELEMENTS(virt_releases); i-- > 0;) {
        if (virt_releases[i]->acpi_modelled &&
            !virt_releases[i]->acpi_pci_bus_devices) {
            return virt_releases[i];
        }
    }
    return virt_releases[G_N_ELEMENTS(virt_releases) - 1];
}

const char *virt_release_name(const VirtRelease *r)
{
    return r ? r->name : NULL;
}

/* "X.Y" followed by the end, ".micro..." or "-suffix": X*100+Y, else -1 */
static int virt_release_parse(const char *s)
{
    char *end = NULL;
    unsigned long major, minor;

    if (!s || !g_ascii_isdigit(s[0])) {
        return -1;
    }
    major = strtoul(s, &end, 10);
    if (*end != '.' || !g_ascii_isdigit(end[1])) {
        return -1;
    }
    minor = strtoul(end + 1, &end, 10);
    if ((*end != '\0' && *end != '.' && *end != '-' && *end != ' ') ||
        major > 999 || minor > 99) {
        return -1;
    }
    return VIRT_RELEASE_VERSION((int)major, (int)minor);
}

const VirtRelease *virt_release_find(const char *version)
{
    int v = virt_release_parse(version);
    size_t i;

    for (i = 0; v >= 0 && i < G_N_ELEMENTS(virt_releases); i++) {
        if (virt_releases[i]->version == v) {
            return virt_releases[i];
        }
    }
    return NULL;
}

const VirtMachineType *virt_release_machine_type(const VirtRelease *r,
                                                 const char *name)
{
    const VirtMachineType *t;

    for (t = r->machine_types; t->name; t++) {
        if (!strcmp(t->name, name) || (t->alias && !strcmp(t->alias, name))) {
            return t;
        }
    }
    return NULL;
}

const VirtCpuModel *virt_release_cpu_model(const VirtRelease *r,
                                           const char *name)
{
    const VirtCpuModel *m;

    for (m = r->cpu_models; m->name; m++) {
        if (!strcmp(m->name, name)) {
            return m;
        }
    }
    return NULL;
}

unsigned virt_release_acpi_revision(const VirtRelease *r, const char *sig)
{
    const VirtAcpiTableRev *t;

    for (t = r->acpi_tables; t->sig; t++) {
        if (!strcmp(t->sig, sig)) {
            return t->revision;
        }
    }
    g_assert_not_reached();
}

void virt_release_error(const VirtRelease *r, GError **errp, int code,
                        VirtReleaseText id, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    g_assert(id < VIRT_TEXT_COUNT && r->texts[id] != NULL);
    va_start(ap, id);
    /* the formats are this file's constants, listed with their arguments */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    msg = g_strdup_vprintf(r->texts[id], ap);
#pragma GCC diagnostic pop
    va_end(ap);
    g_set_error_literal(errp, VIRT_ERROR, code, msg);
}

char *virt_release_names(void)
{
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virt_releases); i++) {
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               virt_releases[i]->name);
    }
    return g_string_free(s, FALSE);
}

const VirtRelease *virt_release_probe(const char *path, GError **errp)
{
    g_autofree char *out = NULL;
    g_autofree char *names = NULL;
    g_autoptr(GError) err = NULL;
    const char *argv[] = { path, "--version", NULL };
    const char *prefix = "QEMU emulator version ";
    const VirtRelease *r;
    const char *p;
    int status = 0;

    g_return_val_if_fail(path != NULL, NULL);

    if (!g_spawn_sync(NULL, (char **)argv, NULL,
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      &status, &err)) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "--qemu %s: cannot run it: %s", path, err->message);
        return NULL;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "--qemu %s: '%s --version' failed (wait status %d)",
                    path, path, status);
        return NULL;
    }
    p = out ? strstr(out, prefix) : NULL;
    if (!p) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_HOST,
                    "--qemu %s: '%s --version' does not say \"%s"
                    "X.Y.Z\"",
                    path, path, prefix);
        return NULL;
    }
    p += strlen(prefix);
    r = virt_release_find(p);
    if (!r) {
        names = virt_release_names();
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "--qemu %s: QEMU %.*s is not modelled (modelled "
                    "releases: %s)",
                    path, (int)strcspn(p, " \n("), p, names);
        return NULL;
    }
    return r;
}
