/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard planner: limits and advice for hosts with a reduced IPA space.
 *
 * A plan is computed for a host (accelerator + IPA bits, inside the
 * VirtOptions) and, optionally, a requested configuration (the rest of the
 * VirtOptions). Every number in it comes from running the model
 * (virt_machine_init) on copies of the options: limits are found by
 * searching the largest value the model accepts, and every advised change
 * is applied to a copy and accepted by the model before it is offered.
 *
 *   VirtOptions --virt_plan_new()--> VirtPlan
 *               --virt_plan_describe() / virt_plan_to_json()--> text, JSON
 */
#ifndef HW_ARM_VIRT_PLAN_H
#define HW_ARM_VIRT_PLAN_H

#include "hw/arm/virt.h"

G_BEGIN_DECLS

/* One change to a command line */
typedef enum VirtPlanChangeKind {
    VIRT_PLAN_RAM,          /* -m SIZE: less RAM */
    VIRT_PLAN_MAXMEM,       /* -m maxmem=SIZE: less hotplug space */
    VIRT_PLAN_SLOTS,        /* -m slots=N: fewer hotplug slots */
    VIRT_PLAN_HIGHMEM_ON,   /* -M highmem=on: no 32-bit PA cap */
    VIRT_PLAN_HIGHMEM_OFF,  /* -M highmem=off: 32-bit PA cap */
    VIRT_PLAN_REDISTS_ON,   /* -M highmem-redists=on */
    VIRT_PLAN_REDISTS_OFF,  /* -M highmem-redists=off */
    VIRT_PLAN_ECAM_OFF,     /* -M highmem-ecam=off */
    VIRT_PLAN_MMIO_OFF,     /* -M highmem-mmio=off */
    VIRT_PLAN_GIC,          /* -M gic-version=N */
    VIRT_PLAN_VIRT_ON,      /* -M virtualization=on (GICv4 under TCG) */
    VIRT_PLAN_CPUS,         /* -smp N: fewer vCPUs */
    VIRT_PLAN_CPU_MODEL,    /* -cpu MODEL with a larger PA range (TCG) */
    VIRT_PLAN_HVF_IPA,      /* a host with a larger maximum HVF IPA */
} VirtPlanChangeKind;

typedef struct VirtPlanChange {
    VirtPlanChangeKind kind;
    /* bytes (RAM, MAXMEM), a count (SLOTS, CPUS), a GIC version, bits */
    uint64_t value;
    const VirtCpuModel *cpu;    /* VIRT_PLAN_CPU_MODEL */
    char **argv;                /* the change as options, NULL-terminated */
    char *option;               /* the same as one string */
    char *cost;                 /* what it costs, in words */
    unsigned loss;              /* ordering key: lower loses less */
} VirtPlanChange;

/* A set of changes that, applied together in order, makes it fit */
typedef struct VirtPlanFix {
    GPtrArray *changes;         /* VirtPlanChange * */
    unsigned loss;              /* sum of the changes' losses */
    int ipa_bits;               /* IPA size the fixed VM requests */
    int kvm_type;               /* its KVM_CREATE_VM type, -1 if not KVM */
    VirtOptions opts;           /* the options with the changes applied */
    VirtMachineState vms;       /* ... as the model resolves them */
} VirtPlanFix;

/* The vCPU limit for one GIC version */
typedef struct VirtPlanGicLimit {
    VirtGICType version;        /* 2, 3 or 4 */
    bool possible;              /* this host/accelerator can have it */
    unsigned max_cpus;          /* largest -smp the model accepts */
    unsigned low_capacity;      /* vCPUs in the low redistributor region */
    unsigned high_capacity;     /* ... in REDIST2 */
    bool redist2_fits;          /* REDIST2 fits for this host and memory */
    char *why;                  /* the limit explained */
} VirtPlanGicLimit;

/* Where a high region stops fitting */
typedef struct VirtPlanRegionLimit {
    int idx;                    /* VIRT_HIGH_* */
    bool ever_fits;             /* fits with the smallest memory */
    hwaddr max_memtop;          /* largest memtop with which it fits */
    uint64_t max_ram;           /* the same as -m without hotplug */
    bool fits_now;              /* fits for the requested configuration */
    char *why;
} VirtPlanRegionLimit;

typedef struct VirtPlanLimits {
    int pa_bits;                /* the PA range the map is computed against */
    uint64_t max_ram;           /* largest -m with no hotplug, 0: none */
    uint64_t ram_for_maxmem;    /* the -m the maxmem limit is for */
    unsigned slots;             /* the slots the maxmem limit is for */
    uint64_t max_maxmem;        /* largest maxmem with those, 0: none */
    VirtPlanGicLimit gic[3];    /* GICv2, v3, v4 */
    VirtPlanRegionLimit region[VIRT_HIGH_REGION_COUNT];
} VirtPlanLimits;

/*
 * The planned board as a QEMU command line for one modelled release: the
 * user's arguments (virt_plan_new_argv()) with the fix's changes made in
 * place and every other argument kept, less the -M properties the release
 * lacks; then run through the model of that release.
 */
typedef struct VirtPlanQemuLine {
    const VirtRelease *release;
    char **argv;                /* "qemu-system-aarch64", its arguments */
    char *line;                 /* the same for a shell */
    GPtrArray *missing;         /* char *: what the release cannot express */
    bool fits;                  /* the release's model accepts it */
    char *error;                /* ... else its error */
    char *differs;              /* where its board differs, or NULL */
} VirtPlanQemuLine;

typedef struct VirtPlan {
    bool requested;             /* a configuration beyond the host given */
    bool fits;                  /* the model accepts it */
    char *error;                /* the model's error when it does not */
    VirtMachineState vms;       /* the resolved board, when it fits */
    VirtOptions opts;           /* a copy of the options planned */
    VirtPlanLimits limits;
    GPtrArray *fixes;           /* VirtPlanFix *, least loss first */
    /* HVF, when it fits with the maximum IPA: how to use the default */
    GPtrArray *default_ipa_fixes;
    int ipa_bits;               /* IPA size requested (fits), else 0 */
    int kvm_type;               /* -1 if not KVM or it does not fit */
    bool hvf_uses_max;          /* HVF: the maximum IPA is used */
    int min_host_ipa;           /* smallest host IPA accepting it; 0: none */
    int min_host_ipa_type;      /* ... and the IPA the VM requests there */
    int full_map_ipa;           /* smallest host IPA keeping every high
                                   region on; 0: none up to 52 */
    bool qemu_for_fix;          /* the command lines are for fix 1 */
    GPtrArray *qemu_lines;      /* VirtPlanQemuLine *, newest release first */
    GPtrArray *warnings;        /* char *: version differences */
} VirtPlan;

/* Does @opts ask for anything beyond the host (memory, vCPUs, -M)? */
bool virt_plan_has_request(const VirtOptions *opts);

/* Deep copy (strings duplicated); clear @dst with virt_options_clear */
void virt_plan_options_copy(VirtOptions *dst, const VirtOptions *src);

/* Apply @change to @opts; false with @errp set if it does not apply */
bool virt_plan_change_apply(const VirtPlanChange *change, VirtOptions *opts,
                            GError **errp);

/*
 * Plan @opts. Fails only when the host itself cannot be planned (unknown
 * IPA size, unknown CPU model); a configuration that does not fit gives a
 * plan with fits == false, its error and the fixes.
 */
VirtPlan *virt_plan_new(const VirtOptions *opts, GError **errp);
/*
 * The same, keeping the user's QEMU arguments @argv (NULL-terminated, the
 * ones @opts was parsed from, virtboard's --qemu-version and
 * --host-ipa-bits allowed) in the plan's command lines; NULL: the lines
 * are written from @opts.
 */
VirtPlan *virt_plan_new_argv(const VirtOptions *opts, char *const *argv,
                             GError **errp);
void virt_plan_free(VirtPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VirtPlan, virt_plan_free)

/*
 * The board the plan is about: the requested one when it fits, else the
 * one the least-loss fix leads to (@fixed set), else NULL.
 */
const VirtMachineState *virt_plan_machine(const VirtPlan *plan,
                                          bool *fixed);

/* The plan as text; caller frees */
char *virt_plan_describe(const VirtPlan *plan);

/* The plan as one JSON object (docs/system/arm/json.md); caller frees */
char *virt_plan_to_json(const VirtPlan *plan);

/*
 * The guest-physical address space as an SVG picture, not to scale: each
 * interval between region boundaries is one of four heights by its size
 * class, and from 1 GiB on it is drawn cut. Every region's base is on
 * the axis and every region has a <title> tooltip (name, base, end,
 * size, state, reason); the PA limit line, and the disabled high regions
 * hatched with their reason. @title (may be NULL) is a second title
 * line, under the one that names the release, machine, CPU and RAM.
 * Caller frees.
 */
char *virt_machine_to_svg(const VirtMachineState *vms, const char *title);

G_END_DECLS

#endif /* HW_ARM_VIRT_PLAN_H */
