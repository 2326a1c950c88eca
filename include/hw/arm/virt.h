/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard: the platform model of QEMU's Arm "virt" board.
 *
 * Data flows one way:
 *
 *   argv --virt_cmdline_parse()--> VirtOptions
 *        --virt_machine_init()---> VirtMachineState (resolved flags + plan)
 *        --virt_fdt_build() / virt_acpi_build()--> DTB / ACPI tables
 *
 * VirtOptions holds what the user said (QEMU's property names and
 * defaults). VirtMachineState holds what the board does with it: resolved
 * CPU model, GIC version, PA range and the memory map plan. The writers
 * take a const VirtMachineState and never change it.
 *
 * Facts (addresses, rules, error texts) follow the selected QEMU release
 * (include/hw/arm/virt-release.h; the default is the newest modelled
 * one). See docs/system/arm/virt.rst.
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "hw/arm/virt-release.h"
#include "virt/error.h"

G_BEGIN_DECLS

typedef uint64_t hwaddr;

#define VIRT_KiB (UINT64_C(1) << 10)
#define VIRT_MiB (UINT64_C(1) << 20)
#define VIRT_GiB (UINT64_C(1) << 30)
#define VIRT_TiB (UINT64_C(1) << 40)

/* Number of virtio-mmio transports, 0x200 bytes each */
#define VIRT_NUM_VIRTIO_TRANSPORTS 32
/* Number of PCIe INTx lines (SPI 3..6) */
#define VIRT_PCI_NUM_INTX 4
/* GICv2 can address at most 8 CPUs */
#define VIRT_GIC_NCPU 8
/* ACPI_MAX_RAM_SLOTS in QEMU */
#define VIRT_MAX_RAM_SLOTS 256
/* Machine-wide vCPU limit ("the maximum supported by KVM") */
#define VIRT_MAX_CPUS 512
/* ... and for virt-2.12 and older */
#define VIRT_MAX_CPUS_LEGACY 255
/* -numa node: virtboard models up to this many nodes (QEMU: 128) */
#define VIRT_NUMA_MAX_NODES 16
/* -device pc-dimm: virtboard models up to this many (QEMU: slots=) */
#define VIRT_DIMMS_MAX 16
/* Per-CPU redistributor frames: RD_base + SGI_base, plus VLPI for v4 */
#define VIRT_GICV3_REDIST_SIZE (0x20000)
#define VIRT_GICV4_REDIST_SIZE (0x40000)
/* Default size of the 64-bit PCIe MMIO window */
#define VIRT_HIGH_PCIE_MMIO_DEFAULT_SIZE (512 * VIRT_GiB)

/*
 * Memory map indices. The low ones index a fixed table (a frozen ABI that
 * firmware hard-codes); the high ones float above RAM and device memory.
 */
typedef enum VirtMemMapIndex {
    VIRT_FLASH,
    VIRT_MEM,
    VIRT_CPUPERIPHS,
    VIRT_GIC_DIST,
    VIRT_GIC_CPU,
    VIRT_GIC_V2M,
    VIRT_GIC_HYP,
    VIRT_GIC_VCPU,
    VIRT_GIC_ITS,
    VIRT_GIC_REDIST,
    VIRT_SMMU,
    VIRT_UART,
    VIRT_MMIO,
    VIRT_RTC,
    VIRT_FW_CFG,
    VIRT_PCIE_MMIO,
    VIRT_PCIE_PIO,
    VIRT_PCIE_ECAM,
    VIRT_PLATFORM_BUS,
    VIRT_GPIO,
    VIRT_SECURE_UART,
    VIRT_SECURE_MEM,
    VIRT_SECURE_GPIO,
    VIRT_PCDIMM_ACPI,
    VIRT_ACPI_GED,
    VIRT_NVDIMM_ACPI,
    VIRT_PVTIME,
    VIRT_LOWMEMMAP_LAST,
} VirtMemMapIndex;

enum {
    VIRT_HIGH_GIC_REDIST2 = VIRT_LOWMEMMAP_LAST,
    VIRT_HIGH_PCIE_ECAM,
    VIRT_HIGH_PCIE_MMIO,
    VIRT_MEMMAP_LAST,
};

#define VIRT_HIGH_REGION_COUNT (VIRT_MEMMAP_LAST - VIRT_LOWMEMMAP_LAST)
/* Index of high region @idx (VIRT_HIGH_*) in the per-high-region arrays */
#define VIRT_HIGH(idx) ((idx) - VIRT_LOWMEMMAP_LAST)

typedef struct MemMapEntry {
    hwaddr base;
    hwaddr size;
} MemMapEntry;

typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
} OnOffAuto;

typedef enum VirtAccel {
    VIRT_ACCEL_TCG,
    VIRT_ACCEL_KVM,
    VIRT_ACCEL_HVF,
} VirtAccel;

/* The most accelerators a command line may list (-accel, -M accel=) */
#define VIRT_ACCEL_LIST_MAX 8

typedef enum VirtGICType {
    VIRT_GIC_VERSION_NOSEL = 0, /* gic-version not given */
    VIRT_GIC_VERSION_2 = 2,
    VIRT_GIC_VERSION_3 = 3,
    VIRT_GIC_VERSION_4 = 4,
    VIRT_GIC_VERSION_MAX,
    VIRT_GIC_VERSION_HOST,
} VirtGICType;

/* -M virt,msi=... (11.1) */
typedef enum VirtMsiType {
    VIRT_MSI_NOSEL = 0, /* msi not given: the its property decides */
    VIRT_MSI_AUTO,      /* ITS with GICv3/v4, GICv2m with GICv2 */
    VIRT_MSI_GICV2M,    /* a GICv2m frame whatever the GIC */
    VIRT_MSI_ITS,       /* an ITS; GICv2 refuses it */
    VIRT_MSI_OFF,       /* no MSI controller */
} VirtMsiType;

typedef enum VirtIOMMUType {
    VIRT_IOMMU_NONE,
    VIRT_IOMMU_SMMUV3,
} VirtIOMMUType;

/* Who answers PSCI calls, as the machine decides it */
typedef enum VirtPsciConduit {
    VIRT_PSCI_CONDUIT_DISABLED,
    VIRT_PSCI_CONDUIT_HVC,
    VIRT_PSCI_CONDUIT_SMC,
} VirtPsciConduit;

/* A machine type: "virt-7.2", its alias "virt", ..., "virt-2.6" */
typedef struct VirtMachineType {
    const char *name;
    int major;
    int minor;
    const char *alias; /* "virt" for the newest, else NULL */
    bool deprecated;   /* -M help says "(deprecated)"; a warning on use */
} VirtMachineType;

/*
 * Compatibility settings of older machine types (QEMU's VirtMachineClass
 * flags), resolved from the machine type. Each is true for the machine
 * types named and older.
 */
typedef struct VirtCompat {
    bool disallow_affinity_adjustment; /* <= 2.6: 8 CPUs per Aff1 */
    bool no_pmu;                       /* <= 2.6 */
    bool no_its;                       /* <= 2.7: no "its" property */
    bool claim_edge_triggered_timers;  /* <= 2.8 */
    bool no_highmem_ecam;              /* <= 2.12: 16-bus low ECAM */
    bool no_ged;                       /* <= 4.1: GPIO power key only */
    bool no_auto_numa_with_memhp;      /* <= 4.1: slots alone add no node */
    bool acpi_expose_flash;            /* <= 5.0: flash in the DSDT */
    bool no_kvm_steal_time;            /* <= 5.1 */
    bool no_secure_gpio;               /* <= 5.2 */
    bool no_cpu_topology;              /* <= 6.1: no cpu-map, no PPTT */
    bool no_tcg_its;                   /* <= 6.1: TCG builds no ITS */
    bool no_highmem_compact;           /* <= 7.1: legacy high layout */
    bool no_el2_vtimer;                /* <= 8.2: no EL2 virtual timer */
    bool no_auto_numa_with_memdev;     /* <= 5.0: maxmem alone adds no node */
    unsigned max_cpus;                 /* 255 for <= 2.12, else 512 */
} VirtCompat;

/* One cache of a CPU model, as its CCSIDR describes it; size 0: none */
typedef struct VirtCpuCache {
    uint32_t size;  /* bytes */
    uint32_t sets;
    uint32_t line;  /* bytes per line */
} VirtCpuCache;

/* A CPU model the virt board accepts */
typedef struct VirtCpuModel {
    const char *name;          /* -cpu NAME */
    const char *dt_compatible; /* cpu@N "compatible" */
    bool aarch64;              /* AArch64 (else AArch32 v7 with LPAE) */
    int pa_bits;               /* arm_pamax(): PARange, or 40 for LPAE */
    bool has_pmu;              /* PMUv3: "pmu" node, GICC perf GSIV */
    bool has_el2;              /* can provide virtualization=on */
    bool has_el3;              /* can provide secure=on */
    bool has_vhe;              /* FEAT_VHE: EL2 virtual timer (virt-9.0+) */
    bool host_only;            /* "host": needs KVM or HVF */
    /* L1 caches, for the DTB of releases that describe them (11.1) */
    VirtCpuCache l1i;
    VirtCpuCache l1d;
} VirtCpuModel;

typedef struct VirtSmp {
    unsigned cpus;     /* smp.cpus: CPUs present at boot */
    unsigned max_cpus; /* smp.max_cpus */
    unsigned sockets;
    unsigned clusters;
    unsigned cores;
    unsigned threads;
    bool has_clusters; /* -smp named clusters (QEMU's smp.has_clusters) */
} VirtSmp;

/*
 * The host, for -accel kvm and -accel hvf. Ignored under TCG.
 *   kvm_ipa_bits: KVM_CAP_ARM_VM_IPA_SIZE; 0 = the kernel lacks the
 *                 capability (fixed 40-bit IPA, VM type 0);
 *                 -1 = not given: probe /dev/kvm.
 *   hvf_default_ipa/hvf_max_ipa: hv_vm_config_get_{default,max}_ipa_size.
 */
typedef struct VirtHost {
    int kvm_ipa_bits;
    int hvf_default_ipa;
    int hvf_max_ipa;
} VirtHost;

/* What the user asked for: one field per option, QEMU's defaults. */
/*
 * One "-device pc-dimm" or "-device nvdimm": a DIMM cold-plugged into
 * the device-memory (hotplug) area. A pc-dimm changes neither the DT nor
 * the ACPI tables (QEMU 5.2-11.1: both stay byte for byte those of the
 * board without it), but QEMU checks it against the board: slots,
 * maxmem, alignment, NUMA. An NVDIMM adds a DT pmem node on 11.1, and
 * ACPI NFIT and SSDT (not modelled).
 */
typedef struct VirtDimm {
    char *arg;                  /* the -device argument, QEMU's prefix */
    char *memdev;               /* memdev=, or NULL when not given */
    bool memdev_found;          /* an -object memory-backend-* has that id */
    /* already RAM: -numa memdev=, -M memory-backend=, an earlier DIMM */
    bool memdev_busy;
    uint64_t size;              /* the backend's size */
    uint32_t node;              /* node= (default 0) */
    int slot;                   /* slot=; -1: the first free one */
    bool has_addr;              /* addr= given */
    uint64_t addr;
    char *id;                   /* id=, or NULL */
    bool nvdimm;                /* -device nvdimm */
    bool unarmed;               /* nvdimm's unarmed=on */
    bool memdev_readonly;       /* the backend is readonly=on */
} VirtDimm;

typedef struct VirtOptions {
    const VirtRelease *release;  /* --qemu-version, --qemu PATH */
    const VirtMachineType *type; /* -M TYPE */
    /*
     * QEMU's rule for aarch64, which has no default machine: a command
     * line without -M TYPE is refused ("No machine specified ...") by
     * virt_cmdline_parse(). false (the default): @type NULL means the
     * release's newest type, "virt".
     */
    bool no_default_machine;
    const VirtCpuModel *cpu;     /* -cpu; NULL = the machine's default */
    char *cpu_name;              /* -cpu as given, also when not valid here */
    OnOffAuto cpu_pmu;           /* -cpu ...,pmu=on|off; AUTO: the model's */
    char *cpu_kvm_prop;          /* -cpu ...,kvm-*=V: KVM only, or NULL */
    VirtAccel accel;             /* the first of @accels */
    /*
     * Repeated -accel, or -M accel=A:B: QEMU takes the first that works
     * here (KVM and HVF when the host's IPA size is known). 0: @accel.
     */
    unsigned n_accels;
    VirtAccel accels[VIRT_ACCEL_LIST_MAX];
    VirtHost host;

    /* -m SIZE[,slots=N,maxmem=SIZE]; maxram_size 0: maxmem not given */
    uint64_t ram_size;
    uint64_t maxram_size;
    unsigned ram_slots;

    /* -smp */
    VirtSmp smp;

    /* -M virt properties */
    bool highmem;
    OnOffAuto compact_highmem;  /* AUTO: on for virt >= 7.2 */
    OnOffAuto highmem_redists;  /* AUTO: on */
    OnOffAuto highmem_ecam;     /* AUTO: on for virt >= 3.0 */
    OnOffAuto highmem_mmio;     /* AUTO: on */
    uint64_t highmem_mmio_size; /* 0: the default 512 GiB */
    VirtGICType gic_version;
    bool its;
    bool virtualization;
    bool secure;
    bool mte;                   /* refused: KVM cannot, TCG not modelled */
    VirtIOMMUType iommu;
    OnOffAuto acpi;             /* AUTO: on */
    bool dtb_randomness;
    uint32_t phandle_start;
    char *dt_compatible;        /* root "compatible" override, or NULL */
    char *oem_id;               /* x-oem-id, or NULL for "BOCHS " */
    char *oem_table_id;         /* x-oem-table-id, or NULL for "BXPC    " */
    char *dumpdtb;              /* write the DTB here */
    char *dumpacpi;             /* write the ACPI tables to this directory */

    /*
     * -serial: how many were given, "none" included (it takes an index,
     * QEMU's serial_hd(N)); bit N of @serials_none: the (N+1)th is
     * "none", no backend. A second one with a backend is UART1 (10.0+).
     */
    unsigned serials;
    uint32_t serials_none;
    /*
     * -numa node: how many nodes (0: none given), each node's memory (a
     * memdev's size; the sum is -m's), the node of each CPU cpus= names
     * (node + 1; 0: not named, QEMU's default: socket % nodes), and
     * -numa dist's distances (0: not given). -numa cpu/hmat-* are
     * refused as not modelled.
     */
    unsigned numa_nodes;
    uint64_t numa_mem[VIRT_NUMA_MAX_NODES];
    uint8_t numa_cpu_node[VIRT_MAX_CPUS];
    uint8_t numa_dist[VIRT_NUMA_MAX_NODES][VIRT_NUMA_MAX_NODES];
    /* -M pflash0=NODE, pflash1=NODE: -blockdev node names, or NULL */
    char *pflash[2];
    /* -M memory-backend=ID: an -object memory-backend-* of -m's size */
    char *memory_backend;
    /* -M nvdimm=on (the NVDIMMs themselves are in dimms[]) */
    bool nvdimm;
    /* -device tpm-tis-device (with its -tpmdev): a TPM on the platform bus */
    bool tpm;

    /* boot */
    bool firmware_loaded;       /* -bios, pflash unit 0 or -M pflash0 */
    char *kernel;
    char *initrd;
    char *append;

    /* -M virt properties of 11.1 */
    VirtMsiType msi;
    bool its_set;               /* its= was given (11.1 refuses on + GICv2) */
    bool virtio_mmio_transports_set; /* else the default 32 */
    unsigned virtio_mmio_transports;

    /*
     * PCI devices on the command line: only 11.1's DSDT lists them.
     * QEMU's default NIC (virtio-net-pci at 00:01.0) exists unless
     * -nodefaults, -net, -nic or -netdev is given.
     */
    bool no_default_nic;
    /* -device of a PCI driver, -nic/-net nic, a virtio -drive, -vga... */
    unsigned pci_devices;
    /*
     * The argument of the first -device of a PCIe port whose realize
     * needs an MSI controller (pcie-root-port: MSI-X; ioh3420,
     * x3130-upstream: MSI), or NULL (VirtRelease.pcie_port_needs_msi)
     */
    char *msi_port_device;
    bool msi_port_msix;
    /* a -smp value was 0: counted as omitted, with a warning (7.2) */
    bool smp_zero;
    /* -device pc-dimm, in command-line order */
    unsigned n_dimms;
    VirtDimm dimms[VIRT_DIMMS_MAX];
} VirtOptions;

/* Why a high region is on or off */
typedef enum VirtRegionState {
    VIRT_REGION_ENABLED,
    VIRT_REGION_UNUSED,         /* REDIST2 enabled, but the CPUs fit low */
    VIRT_REGION_OFF_HIGHMEM,    /* highmem=off: PA range capped at 32 bits */
    VIRT_REGION_OFF_PA_RANGE,   /* does not fit below 2^pa_bits */
    VIRT_REGION_OFF_PROPERTY,   /* highmem-redists/-ecam/-mmio=off */
    VIRT_REGION_OFF_COMPAT,     /* machine-type default (virt <= 2.12 ECAM) */
    VIRT_REGION_OFF_FIRMWARE32, /* 32-bit CPU booting firmware: low ECAM */
} VirtRegionState;

/* What the memory map planner needs: a pure function of these. */
typedef struct VirtMemMapRequest {
    const VirtRelease *release; /* its error texts; NULL: the default */
    uint64_t ram_size;
    uint64_t maxram_size;
    unsigned ram_slots;
    int pa_bits;                /* CPU PARange or host IPA limit */
    bool highmem;               /* false: pa_bits capped at 32 */
    /*
     * The release's map rules before 7.0 (false: 7.0's): highmem=off
     * leaves the PA range alone; the map ignores the PA range: no high
     * region is switched off and memory beyond it is not refused.
     */
    bool highmem_keeps_pa_range;
    bool pa_range_ignored;
    bool compact;               /* compact-highmem layout */
    bool enabled[VIRT_HIGH_REGION_COUNT]; /* starting enable flags */
    hwaddr high_mmio_size;      /* highmem-mmio-size */
} VirtMemMapRequest;

/* The plan: every region's place, and whether each high region is used. */
typedef struct VirtMemMap {
    MemMapEntry entry[VIRT_MEMMAP_LAST];
    bool enabled[VIRT_HIGH_REGION_COUNT];  /* after the fit check */
    bool fits[VIRT_HIGH_REGION_COUNT];     /* end <= 2^pa_bits */
    int pa_bits;                /* effective: 32 with highmem=off */
    hwaddr device_memory_base;
    hwaddr device_memory_size;  /* 0: no hotplug area */
    hwaddr memtop;              /* end of RAM + device memory, 1 GiB aligned */
    hwaddr high_base;           /* start of the floating area, >= 256 GiB */
    hwaddr highest_gpa;         /* last guest-physical address in use */
} VirtMemMap;

/* The board after all options are resolved. Writers read only this. */
typedef struct VirtMachineState {
    const VirtRelease *release; /* the QEMU binary */
    const VirtMachineType *type; /* the guest ABI */
    VirtCompat compat;
    const VirtCpuModel *cpu;
    VirtAccel accel;

    uint64_t ram_size;
    uint64_t maxram_size;
    unsigned ram_slots;
    VirtSmp smp;

    /* resolved properties */
    bool highmem;
    bool highmem_compact;
    bool highmem_redists;       /* after the fit check */
    bool highmem_ecam;          /* after the fit check and firmware rule */
    bool highmem_mmio;          /* after the fit check */
    VirtRegionState region_state[VIRT_HIGH_REGION_COUNT];
    VirtGICType gic_version;    /* 2, 3 or 4 */
    bool its;                   /* an ITS is instantiated (GICv3/v4) */
    bool v2m;                   /* a GICv2m frame is instantiated (GICv2) */
    bool virtualization;
    bool secure;
    VirtIOMMUType iommu;
    bool acpi;
    bool dtb_randomness;
    bool firmware_loaded;
    /*
     * NUMA nodes: those given (-numa node), or 1 when QEMU creates a
     * node by itself for memory hotplug (-m slots=N on virt-4.2 and
     * later, or maxmem > size on virt-5.1 and later), else 0. With
     * nodes, RAM is split in node order (numa_mem: one memory node
     * each, numa-node-id and an SRAT memory range when not empty), every
     * CPU has its node (numa_cpu_node: DT numa-node-id, SRAT GICC
     * affinity) and hotplugged memory goes to the last node. With
     * -numa dist (numa_have_dist), the full matrix, completed as QEMU
     * does: DT distance-map and ACPI SLIT.
     */
    unsigned numa_nodes;
    uint64_t numa_mem[VIRT_NUMA_MAX_NODES];
    uint8_t numa_cpu_node[VIRT_MAX_CPUS];
    bool numa_have_dist;
    uint8_t numa_dist[VIRT_NUMA_MAX_NODES][VIRT_NUMA_MAX_NODES];
    /*
     * Devices, resolved once from the machine type, CPU and boot: the
     * writers and the report read these, never the compat flags behind
     * them.
     */
    bool acpi_ged;              /* ACPI GED power button, not GPIO keys */
    bool pmu;                   /* the vCPUs have a PMU: DT node, GSIV */
    bool secure_gpio;           /* secure GPIO (secure=on, virt >= 6.0) */
    bool pvtime;                /* KVM stolen-time region (virt >= 5.2) */
    bool el2_vtimer;            /* EL2 virtual timer PPI (virt-9.0+, VHE) */
    bool fdt_dma_coherent;      /* root "dma-coherent" (the release) */
    bool fdt_aliases;           /* /aliases serial0/1 (the release) */
    /*
     * Non-secure PL011s: 1, or 2 when the release adds UART1 for a second
     * -serial with a backend (10.0+; not with secure=on, whose UART takes
     * that place). UART1 is VIRT_SECURE_UART's region and interrupt.
     */
    unsigned uarts;
    bool fdt_initrd_u64;        /* initrd-start/end in 2 cells (release) */
    bool acpi_pptt_clusters;    /* PPTT has a cluster level (the release) */
    /* The release's DTB details (VirtRelease has what each means) */
    bool fdt_model;             /* root "model" */
    bool fdt_psci_1_0;          /* /psci lists arm,psci-1.0 */
    bool fdt_rng_seed;          /* rng-seed next to kaslr-seed */
    bool fdt_platform_bus_name; /* platform-bus@, not platform@ */
    bool fdt_gpio_keys_cells;   /* gpio-keys #address/#size-cells */
    bool fdt_pcie_msi_map;      /* msi-map, not msi-parent */
    bool fdt_flash_name_own_base; /* secure=on: flash@4000000 */
    bool fdt_smmu_clocks;       /* smmuv3 clocks, clock-names */
    unsigned fdt_last_comp_version; /* the blob header's */
    bool type_deprecated;       /* the release warns about the type */
    VirtPsciConduit psci_conduit;   /* machine level: CPU enable-method, FADT */
    VirtPsciConduit boot_psci_conduit; /* after the boot EL rule: DT psci node */
    uint32_t phandle_start;
    const char *dt_compatible;  /* borrowed from VirtOptions */
    const char *oem_id;
    /* NULL: "BXPC" + each table's signature (acpi_oem_table_id_sig) */
    const char *oem_table_id;
    const char *kernel;
    const char *initrd;
    const char *append;

    /* the plan, and the request it was computed from */
    VirtMemMapRequest memmap_request;
    VirtMemMap memmap;
    int ecam_id;                /* VIRT_PCIE_ECAM or VIRT_HIGH_PCIE_ECAM */
    unsigned redist_region_count; /* 1 or 2 (GICv3/v4), 0 for GICv2 */
    unsigned redist_capacity[2];  /* vCPUs each region can hold */
    unsigned max_cpus;          /* vCPUs this configuration can boot */
    int requested_ipa_bits;     /* max(32, bit length of highest_gpa) */
    int kvm_type;               /* KVM_CREATE_VM type, -1 if not KVM */

    /* cpu@N: next-level-cache and a phandle; L1 geometry with cpu-map */
    bool fdt_cpu_caches;
    unsigned virtio_transports; /* virtio-mmio transports instantiated */
    /* the MADT and IORT describe an ITS (acpi_its_if_present) */
    bool acpi_its;
    /* the IORT is built (not on virt-2.7 and older; 5.2: with an ITS) */
    bool acpi_iort;
    /* PCI root bus: QEMU's default NIC at 00:01.0; other PCI devices */
    bool default_nic;
    bool pci_devices;
    /*
     * The devices on the platform bus (VIRT_PLATFORM_BUS): a TPM TIS at
     * tpm_offset from the bus's base, tpm_size bytes of MMIO
     */
    bool tpm;
    uint64_t tpm_offset;
    uint64_t tpm_size;
    /* print the release's VIRT_TEXT_SMP_ZERO as a warning (7.2) */
    bool smp_zero_warning;
    /*
     * Cold-plugged DIMMs (-device pc-dimm) and their total size, in the
     * device-memory area (memmap.device_memory_base). Nothing in the DT
     * or the ACPI tables depends on them (observed, QEMU 5.2-11.1).
     */
    unsigned dimms;
    uint64_t dimm_size;
    /*
     * -M nvdimm=on (ACPI NFIT and its SSDT: not modelled), and the
     * NVDIMMs among the DIMMs, where QEMU placed them, by address
     */
    bool nvdimm;
    unsigned n_nvdimms;
    struct {
        uint64_t base, size;
        uint32_t node;
    } nvdimms[VIRT_DIMMS_MAX];
} VirtMachineState;

/* ---- tables ---- */

/* The fixed low map, indexed by VirtMemMapIndex (VIRT_MEM has size 0). */
extern const MemMapEntry virt_base_memmap[VIRT_LOWMEMMAP_LAST];
/* SPI numbers (FDT interrupt cells; ACPI GSIV = SPI + 32) */
extern const int virt_irqmap[VIRT_MEMMAP_LAST];

/* Region name as QEMU's enum minus "VIRT_", e.g. "HIGH_PCIE_ECAM" */
const char *virt_region_name(int idx);
/* User property that controls a high region, e.g. "highmem-ecam" */
const char *virt_high_region_property(int idx);

/* The same lookups in the default release (virt_release_default()) */
const VirtMachineType *virt_machine_type_find(const char *name);
/* NULL-terminated by a zero entry; newest first */
const VirtMachineType *virt_machine_types(void);
const VirtCpuModel *virt_cpu_model_find(const char *name);
/* NULL-terminated by a zero entry */
const VirtCpuModel *virt_cpu_models(void);

/* Fill @compat for machine type @type */
void virt_compat_init(VirtCompat *compat, const VirtMachineType *type);

/* ---- options ---- */

/*
 * Parse a size as QEMU's qemu_strtosz does: "N[.F][B|K|M|G|T|P|E]", @unit
 * when no suffix is given. Returns 0, -EINVAL (syntax) or -ERANGE.
 */
int virt_parse_size(const char *str, uint64_t unit, uint64_t *result);

void virt_options_init(VirtOptions *opts);
void virt_options_clear(VirtOptions *opts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(VirtOptions, virt_options_clear)

/* One "-M" argument: "TYPE[,key=value...]" or "key=value,..." */
bool virt_options_set_machine(VirtOptions *opts, const char *arg,
                              GError **errp);
/* One "-m" argument: "SIZE[,slots=N,maxmem=SIZE]" or "size=..." */
bool virt_options_set_memory(VirtOptions *opts, const char *arg,
                             GError **errp);
/* One "-smp" argument: "N[,maxcpus=,sockets=,clusters=,cores=,threads=]" */
bool virt_options_set_smp(VirtOptions *opts, const char *arg, GError **errp);
bool virt_options_set_cpu(VirtOptions *opts, const char *arg, GError **errp);
/* "-accel tcg|kvm|hvf" */
bool virt_options_set_accel(VirtOptions *opts, const char *arg,
                            GError **errp);
/* "--qemu-version X.Y[.Z]": the QEMU release to model */
bool virt_options_set_release(VirtOptions *opts, const char *arg,
                              GError **errp);
/*
 * The rules the parser applies, for a VirtOptions filled in by hand: every
 * property given exists in the release (else QEMU's "Property ... not
 * found"), and is within its limits.
 */
bool virt_options_check(const VirtOptions *opts, GError **errp);
/* Does release @r have the -M property @name? */
bool virt_release_has_property(const VirtRelease *r, const char *name);
/* The -smp topology rules: the product is maxcpus, cpus <= maxcpus */
bool virt_smp_check(const VirtSmp *smp, GError **errp);
/* The IPA sizes --host-ipa-bits accepts */
#define VIRT_IPA_BITS_MIN 32
#define VIRT_IPA_BITS_MAX 52

/* "--host-ipa-bits N" (KVM) or "D:M" (HVF default:max) */
bool virt_options_set_host_ipa(VirtOptions *opts, const char *arg,
                               GError **errp);

/* What a command line asked to be listed instead of run */
typedef enum VirtHelpRequest {
    VIRT_HELP_NONE,
    VIRT_HELP_MACHINES,         /* -M help */
    VIRT_HELP_PROPERTIES,       /* -M virt,help */
    VIRT_HELP_CPUS,             /* -cpu help */
    VIRT_HELP_ACCELS,           /* -accel help */
} VirtHelpRequest;

/*
 * Parse a QEMU-style command line (argv[0] is not skipped: pass the
 * arguments only). Options that do not change the board are accepted and
 * ignored; any other unknown option is an error naming it.
 */
bool virt_cmdline_parse(VirtOptions *opts, int argc, char *const argv[],
                        VirtHelpRequest *help, GError **errp);
/*
 * The same; on failure *@failed (when not NULL) is the index in @argv of
 * the option refused, or -1 when no single option is to blame.
 */
bool virt_cmdline_parse_at(VirtOptions *opts, int argc, char *const argv[],
                           VirtHelpRequest *help, int *failed,
                           GError **errp);
/*
 * Every option name virt_cmdline_parse() knows, as QEMU spells it (one
 * dash; two for virtboard's own), borrowed strings: for suggestions.
 */
GPtrArray *virt_cmdline_option_names(void);
/* The text "-M help" / "-M virt,help" / "-cpu help" print */
char *virt_help_text(VirtHelpRequest help, const VirtOptions *opts);
/*
 * The same lists as one JSON object on one line, "kind" "machines",
 * "machine-properties", "cpus" or "accels" (docs/system/arm/json.md);
 * @help is not VIRT_HELP_NONE.
 */
char *virt_help_to_json(VirtHelpRequest help, const VirtOptions *opts);

/* ---- the board ---- */

/*
 * Compute the memory map: device memory, memtop, the three high regions
 * and which of them fit. Pure: depends only on @req. Fails with QEMU's
 * error text when RAM does not fit the PA range.
 */
bool virt_memmap_plan(const VirtMemMapRequest *req, VirtMemMap *map,
                      GError **errp);

/*
 * Resolve @opts into @vms: CPU model, PA range, GIC version, memory map,
 * vCPU limits, ECAM choice, KVM VM type. Checks run in the order QEMU 7.2
 * runs them, so the first error is the one QEMU prints.
 */
bool virt_machine_init(VirtMachineState *vms, const VirtOptions *opts,
                       GError **errp);

/* The PA bits the map is computed against, before highmem=off caps it */
int virt_pa_bits(const VirtOptions *opts, const VirtCpuModel *cpu);

/* vCPUs the redistributor region @idx holds (VIRT_GIC_REDIST or REDIST2) */
unsigned virt_redist_capacity(const VirtMachineState *vms, int idx);

/* Is high region @idx (VIRT_HIGH_*) in use by the board? */
bool virt_high_region_used(const VirtMachineState *vms, int idx);

/* One line on why high region @idx is on or off; caller frees */
char *virt_region_reason(const VirtMachineState *vms, int idx);

/* The MPIDR affinity of CPU @cpu_index as the FDT reg/ACPI GICC show it */
uint64_t virt_cpu_mp_affinity(const VirtMachineState *vms, int cpu_index);

/* Bit length of @v (0 for 0) */
int virt_bit_length(uint64_t v);

/* Is low region @idx (VIRT_FLASH..) instantiated for this configuration? */
bool virt_low_region_used(const VirtMachineState *vms, int idx);

/* Largest -m that fits the PA range, keeping the hotplug space or not */
uint64_t virt_max_ram(const VirtMachineState *vms, bool with_hotplug);

/*
 * @v in QEMU's human format (its size_to_str(): "512 B", "4 KiB",
 * "15.4 MiB", "16 TiB"; three significant digits); caller frees
 */
char *virt_size_to_str(uint64_t v);

/* The width virt_machine_describe() fits: a terminal's default */
#define VIRT_TABLE_DEFAULT_WIDTH 80

/*
 * The memory map as a text table, then limits, fitted to @width columns
 * (reasons wrapped, columns dropped: END, then SIZE; at least 40 columns
 * are used); @width <= 0 means one line per region. Caller frees.
 */
char *virt_machine_describe_width(const VirtMachineState *vms, int width);

/* virt_machine_describe_width() for VIRT_TABLE_DEFAULT_WIDTH columns */
char *virt_machine_describe(const VirtMachineState *vms);

/* The same as one JSON object (docs/system/arm/json.md); caller frees */
char *virt_machine_to_json(const VirtMachineState *vms);

/* ---- host ---- */

/*
 * Read the host's maximum IPA size through KVM_CAP_ARM_VM_IPA_SIZE on
 * /dev/kvm. Returns the size, 0 when KVM lacks the capability, or -1 with
 * @errp set when there is no usable /dev/kvm (or the host is not arm64).
 */
int virt_host_kvm_ipa_bits(GError **errp);

/* ---- output helpers ---- */

/*
 * The old names of virt_output_write() and virt_output_write_padded()
 * (include/virt/output.h), kept for callers not yet converted: a
 * regular file is replaced through a temporary file and rename(2), a
 * device, FIFO or socket is written in place.
 */
bool virt_write_file_atomic(const char *path, const void *data, size_t len,
                            GError **errp);
bool virt_write_file_atomic_padded(const char *path, const void *data,
                                   size_t len, size_t size, GError **errp);

G_END_DECLS

#endif /* HW_ARM_VIRT_H */
