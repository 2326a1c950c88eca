/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to libvirtboard: the tables behind the command line parser
 * (hw/arm/virt-cmdline.c) and the value syntaxes virt-opts.c shares with
 * it. Nothing here is installed or exported.
 */
#ifndef HW_ARM_VIRT_CMDLINE_H
#define HW_ARM_VIRT_CMDLINE_H

#include "hw/arm/virt.h"

/* What virtboard does with a QEMU option */
typedef enum VirtQemuOptKind {
    VIRT_QOPT_IGNORED,   /* accepted: it does not change the board */
    VIRT_QOPT_BOARD,     /* applied by virt-opts.c (virt_cmdline_apply) */
    VIRT_QOPT_REFUSED,   /* changes the board; not modelled: refused */
    VIRT_QOPT_NO_TARGET, /* "Option not supported for this target" */
} VirtQemuOptKind;

/*
 * One option of qemu-system-aarch64, as `-help` lists it and as the
 * binary answers it alone (`qemu -OPT`: "requires an argument" or not).
 */
typedef struct VirtQemuOption {
    const char *name;      /* with one dash, as -help spells it */
    bool arg;              /* takes an argument (HAS_ARG) */
    VirtQemuOptKind kind;
    int since;             /* first release with it; 0: all modelled */
    int until;             /* first release without it; 0: still there */
    const char *why;       /* REFUSED: what it would change */
} VirtQemuOption;

/* @name (one dash) in release @r, or NULL when @r has no such option */
const VirtQemuOption *virt_qemu_option_find(const VirtRelease *r,
                                            const char *name);
/* The names release @r has, borrowed (for suggestions) */
void virt_qemu_option_names(const VirtRelease *r, GPtrArray *names);

/* What a -device does to the board */
typedef enum VirtDeviceKind {
    VIRT_DEV_PCI,        /* found by PCI enumeration: no DT/ACPI change */
    VIRT_DEV_BUS,        /* on a bus another device provides */
    VIRT_DEV_MMIO,       /* on a virtio-mmio transport the board has */
    VIRT_DEV_PLAIN,      /* no bus, no DT/ACPI node (ramfb, nvme-subsys) */
    VIRT_DEV_REFUSED,    /* changes the DT or ACPI: not modelled */
    VIRT_DEV_NVDIMM,     /* QEMU's plug checks, then refused (why) */
    VIRT_DEV_TPM,        /* the TPM on the platform bus (one -tpmdev) */
} VirtDeviceKind;

typedef struct VirtDeviceDesc {
    const char *name;
    VirtDeviceKind kind;
    const char *bus;     /* BUS: the bus it needs; else the bus it gives */
    const char *why;     /* REFUSED: what it would change */
} VirtDeviceDesc;

/* The row of -device driver @name, or NULL */
const VirtDeviceDesc *virt_device_find(const char *name);
/* Is @name a device of the board itself (refused in -global)? */
bool virt_device_is_board(const char *name);

/* One element of a key=value list (or of a flattened JSON object) */
typedef struct VirtKeyVal {
    char *key;   /* NULL for the leading implied value */
    char *value;
} VirtKeyVal;

void virt_keyval_free(gpointer p);

/*
 * A JSON object as QEMU takes it for -device/-object/-blockdev/-netdev/
 * -audiodev ("{...}"): its members flattened to key=value, nested
 * objects with dotted keys ("file.filename"), arrays as "key.N",
 * scalars as text (true/false, numbers as written). NULL with @errp set
 * on a syntax error.
 */
GPtrArray *virt_json_object_parse(const char *opt, const char *json,
                                  GError **errp);

#endif
