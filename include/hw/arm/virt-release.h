/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QEMU release axis: what one QEMU binary (release X.Y) offers and
 * how it behaves, as data.
 *
 * Two axes decide a board. The release is the binary: which machine types
 * and CPU models it offers, which -M properties exist, its error texts,
 * the order in which it creates DTB nodes and the ACPI tables and their
 * revisions. The machine type is the guest ABI: its compat flags come
 * from one table (virt_compat_init()) and are the same in every release
 * that offers the type.
 *
 * Nothing outside hw/arm/virt-release.c and the property table of
 * hw/arm/virt-opts.c compares version numbers: virt_machine_init()
 * resolves the release's flags into booleans of VirtMachineState, and the
 * writers read those. Adding a release: docs/devel/architecture.md.
 */
#ifndef HW_ARM_VIRT_RELEASE_H
#define HW_ARM_VIRT_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct VirtRelease VirtRelease;
typedef struct VirtMachineType VirtMachineType;
typedef struct VirtCpuModel VirtCpuModel;

/* A release as one comparable number: 7.2 is 702 */
#define VIRT_RELEASE_VERSION(major, minor) ((major) * 100 + (minor))

/*
 * The steps that create the DTB, one per node (or group of nodes one QEMU
 * function creates). A release lists them in its creation order; a step
 * whose device the board lacks writes nothing.
 */
typedef enum VirtDtStep {
    VIRT_DT_ROOT,
    VIRT_DT_CLOCK,
    VIRT_DT_DISTANCE_MAP,       /* -numa dist: /distance-map */
    VIRT_DT_TIMER,
    VIRT_DT_CPUS,
    VIRT_DT_FLASH,
    VIRT_DT_GIC,
    VIRT_DT_PMU,
    VIRT_DT_UART1,              /* the second UART, VirtMachineState.uarts */
    VIRT_DT_UART,
    VIRT_DT_SECURE_RAM,         /* secram, with secure=on */
    VIRT_DT_SECURE_UART,        /* the secure UART, with secure=on */
    VIRT_DT_RTC,
    VIRT_DT_PCIE,
    VIRT_DT_SMMU,
    VIRT_DT_POWER_KEY,          /* gpio-keys, when there is no ACPI GED */
    VIRT_DT_SECURE_GPIO,
    VIRT_DT_VIRTIO_MMIO,
    VIRT_DT_FW_CFG,
    VIRT_DT_PLATFORM_BUS,
    VIRT_DT_MEMORY,             /* hw/arm/boot.c from here on */
    VIRT_DT_CHOSEN,
    VIRT_DT_PMEM,               /* NVDIMMs' pmem nodes (nvdimm_without_ged) */
    VIRT_DT_PSCI,
    VIRT_DT_STEP_COUNT,
} VirtDtStep;

/* One ACPI table: its signature and the revision its header carries */
typedef struct VirtAcpiTableRev {
    const char *sig;
    unsigned revision;
} VirtAcpiTableRev;

/*
 * Messages whose text differs between releases. Each is a printf format
 * with the arguments listed; virt_release_error() fills one in.
 */
typedef enum VirtReleaseText {
    VIRT_TEXT_PROPERTY_NOT_FOUND,   /* %s machine type, %s property */
    VIRT_TEXT_UNSUPPORTED_MACHINE,  /* %s type, or "-M ARG" (5.2) */
    VIRT_TEXT_ADDRESSING_LIMITED,   /* %d bits, %" PRIu64 " bytes */
    VIRT_TEXT_TOO_MANY_CPUS,        /* %u requested, %u limit */
    VIRT_TEXT_TOO_MANY_CPUS_HINT,   /* no argument: appended when it helps */
    VIRT_TEXT_REDIST_CAPACITY,      /* %u capacity, %u vCPUs */
    VIRT_TEXT_GIC4_NEEDS_EL2,       /* no argument: TCG, GICv4, no EL2 */
    VIRT_TEXT_GIC4_KVM,             /* no argument: KVM, gic-version=4 */
    VIRT_TEXT_GIC2_KVM,             /* no argument: KVM host without GICv2 */
    VIRT_TEXT_CPU_NOT_SUPPORTED,    /* %s CPU model the board refuses */
    VIRT_TEXT_DEPRECATED_TYPE,      /* %s machine type (a warning) */
    VIRT_TEXT_INVALID_GIC,          /* no argument: bad gic-version value */
    /*
     * no argument: a -smp value of 0; an error when smp_zero_refused,
     * else a warning
     */
    VIRT_TEXT_SMP_ZERO,
    VIRT_TEXT_SMP_LEVEL,            /* %s level (dies...) given above 1 */
    VIRT_TEXT_VCPU_PA_BITS,         /* %d CPU PA bits, %d the map needs */
    VIRT_TEXT_REDIST_REGION_COUNT,  /* %u regions TCG's GICv3 refuses */
    VIRT_TEXT_COUNT,
} VirtReleaseText;

struct VirtRelease {
    const char *name;           /* "7.2" */
    int version;                /* VIRT_RELEASE_VERSION(7, 2) */

    /* Machine types offered, newest first; the first is aliased "virt" */
    const VirtMachineType *machine_types; /* ended by a zero entry */
    const VirtCpuModel *cpu_models;       /* ended by a zero entry */
    const char *default_cpu;    /* under TCG, when -cpu is not given */
    /*
     * The other models of its -cpu help: the board refuses them with
     * VIRT_TEXT_CPU_NOT_SUPPORTED, not "unable to find"; NULL-terminated
     */
    const char *const *other_cpus;
    /*
     * The feature properties of -cpu max, host and a64fx that change
     * neither table (SVE lengths, ...); NULL-terminated
     */
    const char *const *max_cpu_props;
    /*
     * VIRT_TEXT_UNSUPPORTED_MACHINE names the first -machine option as
     * written with its argument, "-machine foo,highmem=off" (5.2), not
     * the type (later releases)
     */
    bool unsupported_machine_names_arg;
    /*
     * NULL, or the options (as -help spells them, "-M" for -machine)
     * that open QEMU's machine options: "No machine specified" is then
     * prefixed with the first of them on the command line, as written
     * with its argument ("-nographic: ", "-kernel F: "; 5.2)
     */
    const char *const *no_machine_loc_opts;

    /* Behaviour flags (named for what the release does) */
    /* highmem=off caps the PA range at 32 bits (7.0+) */
    bool highmem_caps_pa_range;
    /*
     * The vCPU limit counts the high redistributor region only when
     * highmem-redists is on, with a hint (8.0+); before, always, and the
     * GIC then refuses the vCPUs that do not fit ("Capacity of ...")
     */
    bool vcpu_limit_needs_redist2_on;
    /* "Addressing limited ..." ends in a newline: a blank line (<= 8.2) */
    bool addressing_limited_blank_line;
    /* HVF: the VM gets the IPA size the map needs (9.2+), else default */
    bool hvf_ipa_from_map;
    /* DTB of every machine type: root "dma-coherent" (10.0+) */
    bool fdt_dma_coherent;
    /* DTB of every machine type: /aliases serial0, serial1 (10.0+) */
    bool fdt_aliases;
    /* DTB: /chosen linux,initrd-start/-end in 2 cells, not 1 (10.0) */
    bool fdt_initrd_u64;
    /*
     * No gic-version under TCG: GICv3 when the vCPUs do not fit GICv2's
     * 8, on every machine type (10.0); 7.2 always picks GICv2
     */
    bool gic_default_v3_above_8_cpus;
    /*
     * The map follows the PA range (7.0+, the reduced-IPA series): high
     * regions that do not fit are switched off and memory beyond it is
     * refused ("Addressing limited"). Before, every high region is
     * placed and counted in the highest GPA whatever the PA range, and a
     * TCG AArch64 vCPU with highmem on refuses a map it cannot address
     * ("VCPU supports less PA bits").
     */
    bool map_fits_pa_range;
    /*
     * A PCIe port (pcie-root-port, ioh3420, x3130-upstream) on a machine
     * without an MSI controller (no ITS instantiated, no GICv2m frame)
     * is refused: "MSI-X is not supported by interrupt controller"
     * (5.2, 7.2, 10.0; 11.1 accepts it)
     */
    bool pcie_port_needs_msi;
    /* gic-version=4 exists (7.1+) */
    bool gic_v4;
    /* TCG's GICv3 takes one redistributor region only (5.2; 7.2 two) */
    bool tcg_gicv3_one_redist_region;
    /* DTB: root "model" (7.2 has it, 5.2 not) */
    bool fdt_model;
    /* DTB: /psci lists "arm,psci-1.0" (7.2; 5.2: PSCI 0.2) */
    bool fdt_psci_1_0;
    /* DTB: /chosen rng-seed next to kaslr-seed (7.2, not 5.2) */
    bool fdt_rng_seed;
    /* DTB: "platform-bus@c000000", not 5.2's "platform@c000000" */
    bool fdt_platform_bus_name;
    /* DTB: gpio-keys has #address-cells 1, #size-cells 0 (5.2, not 7.2) */
    bool fdt_gpio_keys_cells;
    /* DTB: PCIe "msi-map" (7.2), not 5.2's "msi-parent" */
    bool fdt_pcie_msi_map;
    /*
     * DTB: with secure=on the non-secure flash node is named after its
     * own base, flash@4000000 (7.2); 5.2 names it after the whole
     * flash's, flash@0
     */
    bool fdt_flash_name_own_base;
    /* DTB: smmuv3 has clocks and clock-names apb_pclk (5.2, not 7.2) */
    bool fdt_smmu_clocks;
    /* DTB header: last_comp_version (7.2: 16; 5.2: 2) */
    unsigned fdt_last_comp_version;
    /*
     * Without -kernel the guest starts at the highest EL, and the DTB
     * drops a PSCI conduit that EL would answer (7.2); 5.2 keeps it
     */
    bool psci_boot_el_without_kernel;
    /*
     * -smp as QEMU 5.2 parses it: no clusters, dies ignored, omitted
     * levels computed preferring sockets, its texts
     */
    bool smp_prefers_sockets;
    /* -m's maxmem and slots are checked as -m is parsed, naming it (5.2) */
    bool mem_checked_at_parse;
    /*
     * A second -serial adds UART1 (pl011@9040000, the secure UART's
     * place, without secure=on) on every machine type: DTB node and
     * /aliases serial1, DSDT COM1 (10.0+)
     */
    bool second_serial_uart;
    /*
     * -device pc-dimm: the backend's size is checked against the 2 MiB
     * alignment before addr= is (10.0+); false: addr= first (5.2, 7.2)
     */
    bool dimm_size_align_first;
    /*
     * DTB: every cpu@N has next-level-cache (0: no cache node) and a
     * phandle; with cpu-map (virt-6.2+) its L1 cache geometry (11.1)
     */
    bool fdt_cpu_caches;
    /* gic-version=x-5 exists (experimental GICv5; virtboard refuses it) */
    bool gic_x5;
    /* its=on given with GICv2 is refused, "GICv2 + ITS ..." (11.1) */
    bool its_on_refuses_gicv2;
    /*
     * -smp: a value of 0 is refused (10.0+); before, it counts as
     * omitted, with a warning (VIRT_TEXT_SMP_ZERO either way)
     */
    bool smp_zero_refused;
    /* -smp: a value of 0 counts as omitted without a warning (5.2) */
    bool smp_zero_silent;
    /*
     * -numa: a CPU no cpus= names goes to node (CPU index % nodes), not
     * (socket % nodes); and a node without memory still gets a memory@
     * node of size 0 in the DTB (5.2)
     */
    bool numa_cpu_by_index;
    bool fdt_numa_empty_memory;
    /* -smp knows books, drawers and modules (10.0+; like dies, <= 1) */
    bool smp_more_levels;
    /*
     * -device nvdimm: checked for -M nvdimm=on first, plugged without the
     * ACPI GED, and given a DT pmem node (11.1). Before, a memory device
     * needs the GED first ("memory hotplug is not enabled"), and the DT
     * has no node for it.
     */
    bool nvdimm_without_ged;
    /*
     * -object memory-backend-file has readonly= (7.2+); without it
     * "Property 'memory-backend-file.readonly' not found" (5.2)
     */
    bool backend_file_readonly;
    /*
     * -device, -object and -netdev take JSON ('{' first) as well as
     * key=value (7.2+; -blockdev and -audiodev take it in every modelled
     * release). 5.2 reads a JSON argument as key=value: -device names
     * the text before its first comma as the driver ("'...' is not a
     * valid device model name", when the devices are created), -object
     * and -netdev find no id= ("Parameter 'id' is missing"; -netdev's
     * without the option's prefix).
     */
    bool json_device_object_netdev;

    /* Message texts, indexed by VirtReleaseText */
    const char *const *texts;

    /* DTB node creation order, VIRT_DT_STEP_COUNT entries */
    const VirtDtStep *dt_steps;
    /* ACPI tables in build order (the XSDT lists all but DSDT, XSDT) */
    const VirtAcpiTableRev *acpi_tables; /* ended by a zero entry */
    /* false: virt_acpi_build() refuses the release (not modelled yet) */
    bool acpi_modelled;
    /*
     * NULL, or the table after which the XSDT has one more entry that
     * has no table of its own: it points at the next table built, which
     * the XSDT so lists twice (11.1: "APIC", PPTT or GTDT twice)
     */
    const char *acpi_xsdt_extra_entry_after;

    /* ACPI layout details (docs/devel/acpi.md) */
    /* FADT Minor Version: 1 (5.2), 0 (7.2), 3 (10.0) */
    unsigned acpi_fadt_minor;
    /* GTDT: the Virtual EL2 Timer GSIV and flags (revision 3, 10.0) */
    bool acpi_gtdt_el2_vtimer;
    /* SPCR, DBG2: the PL011 as 32-bit registers, 32-bit access (10.0) */
    bool acpi_uart_32bit;
    /* PPTT: a cluster level only when -smp names clusters (10.0) */
    bool acpi_pptt_clusters_if_given;
    /* DSDT: PCI link devices L000-L003 in \_SB, not GSI0-3 in PCI0 */
    bool acpi_pci_links_in_sb;
    /* IORT: the root complex's bus-0 mapping counts 0xFF IDs (10.0) */
    bool acpi_iort_id_count_minus_one;
    /*
     * MADT, IORT: the ITS structure, the ITS group node and the mappings
     * to it only when an ITS is instantiated; else the SMMUv3 has no ID
     * mapping and the root complex none but the bus-0 one to the SMMU
     * (11.1). Before, always (but on types without an ITS).
     */
    bool acpi_its_if_present;
    /* IORT: the SMMUv3 node's Identifier is 0, its SMMU index (11.1) */
    bool acpi_iort_smmu_id_is_index;
    /* PPTT: one node above the sockets, the package of them all (11.1) */
    bool acpi_pptt_root_node;
    /* PPTT: the non-leaf nodes set Identical Implementation (11.1) */
    bool acpi_pptt_identical_impl;
    /*
     * DSDT: PCI0._OSC keeps the control mask in Local0 and returns once;
     * before, in the names SUPP and CTRL of PCI0, returning per branch
     */
    bool acpi_pci_osc_local;
    /* DSDT: PCI0._DSM's query answers 0 (no label function), not 1 */
    bool acpi_pci_dsm_query_none;
    /*
     * DSDT: \_SB.GEDD, an Error Device (PNP0C33), after PWRB, which
     * the GED's _EVT notifies on event bit 5 (11.1)
     */
    bool acpi_error_device;
    /*
     * DSDT: the devices of the root bus, Scope (\_SB.PCI0) with the
     * label helper EDSM and S00 for the host bridge (11.1). Other PCI
     * devices would add an Sxx each: not modelled, refused.
     */
    bool acpi_pci_bus_devices;
    /*
     * The DSDT's TPM0 comes after the error device, with _UID 1, _STA
     * and the Physical Presence Interface (_DSM, operation regions on
     * the page after the TPM's MMIO) (11.1)
     */
    bool acpi_tpm_ppi;
    /* The DSDT's TPM0 has no _STR "TPM 2.0 Device" (5.2) */
    bool acpi_tpm_no_str;
    /*
     * The default OEM Table ID is "BXPC" followed by the table's
     * signature ("BXPCAPIC"), not "BXPC    " for every table (5.2)
     */
    bool acpi_oem_table_id_sig;
    /* GTDT: CntControlBase and CntReadBase 0, not all ones (5.2) */
    bool acpi_gtdt_cnt_base_zero;
    /*
     * MADT: the GICC structure of ACPI 5.1, 76 bytes, without the
     * Processor Power Efficiency Class and its padding (5.2)
     */
    bool acpi_gicc_76_bytes;
    /*
     * etc/acpi/tables ends with the last table, not padded to a
     * multiple of 128 KiB (5.2)
     */
    bool acpi_tables_unpadded;
    /*
     * MADT ITS structure and IORT only when an ITS is instantiated,
     * which TCG never does (5.2: no TCG ITS model; the ACPI tables
     * followed the model, not the machine type)
     */
    bool acpi_its_if_instantiated;
};

/* "7.2", "7.2.22" or "7.2.0-rc1" -> its descriptor; NULL if not modelled */
const VirtRelease *virt_release_find(const char *version);
/* The newest modelled release */
const VirtRelease *virt_release_default(void);
/* "7.2" */
const char *virt_release_name(const VirtRelease *r);
/* Every modelled release, oldest first; *@n is set to their number */
const VirtRelease *const *virt_release_list(size_t *n);
/* "7.2, 10.0": the modelled releases for messages; caller frees */
char *virt_release_names(void);

/* Machine type @name ("virt-7.1" or the alias "virt") of release @r */
const VirtMachineType *virt_release_machine_type(const VirtRelease *r,
                                                 const char *name);
/* CPU model @name of release @r, or NULL */
const VirtCpuModel *virt_release_cpu_model(const VirtRelease *r,
                                           const char *name);
/* Revision of ACPI table @sig in release @r (asserts that it has one) */
unsigned virt_release_acpi_revision(const VirtRelease *r, const char *sig);

/* Set @errp (domain VIRT_ERROR, @code) to release @r's text @id */
void virt_release_error(const VirtRelease *r, GError **errp, int code,
                        VirtReleaseText id, ...);

/*
 * The release of a QEMU binary: runs "@path --version" and reads
 * "QEMU emulator version X.Y.Z". Fails when the binary cannot run, says
 * something else, or is a release virtboard does not model.
 */
const VirtRelease *virt_release_probe(const char *path, GError **errp);

G_END_DECLS

#endif /* HW_ARM_VIRT_RELEASE_H */
