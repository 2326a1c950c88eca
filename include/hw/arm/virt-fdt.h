/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard: the flattened device tree of the Arm "virt" board.
 *
 * The blob is the one QEMU 7.2 hands the guest (and writes with
 * -M virt,dumpdtb=FILE): same nodes, same properties, same phandle
 * values, same node and property order, padded to 1 MiB.
 * See docs/devel/fdt.md.
 */
#ifndef HW_ARM_VIRT_FDT_H
#define HW_ARM_VIRT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "hw/arm/virt.h"

G_BEGIN_DECLS

/* QEMU's FDT_MAX_SIZE: the blob's totalsize */
#define VIRT_FDT_MAX_SIZE 0x100000

/*
 * Build the device tree of @vms. On success *@blob holds a g_malloc'd
 * blob (free with g_free) of *@size bytes (fdt_totalsize) that passes
 * fdt_check_full. On failure returns false with @errp set
 * (VIRT_ERROR_FDT, VIRT_ERROR_UNSUPPORTED, VIRT_ERROR_IO or
 * VIRT_ERROR_DOES_NOT_FIT) and leaves *@blob and *@size untouched.
 *
 * Reads the -kernel and -initrd files (their sizes and image headers
 * decide /chosen/linux,initrd-*). With dtb_randomness the /chosen
 * kaslr-seed and rng-seed are random.
 */
bool virt_fdt_build(const VirtMachineState *vms, void **blob, size_t *size,
                    GError **errp);

/*
 * Build the device tree and write it to @path atomically: on failure
 * @path is left as it was.
 */
bool virt_fdt_write(const VirtMachineState *vms, const char *path,
                    GError **errp);

G_END_DECLS

#endif /* HW_ARM_VIRT_FDT_H */
