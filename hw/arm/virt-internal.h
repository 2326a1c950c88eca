/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Declarations shared between the library's own files; not installed.
 */
#ifndef HW_ARM_VIRT_INTERNAL_H
#define HW_ARM_VIRT_INTERNAL_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "hw/arm/virt.h"

/*
 * Does QEMU option @opt ("-m", "--machine", "-nographic") take an
 * argument? Unknown options: false.
 */
bool virt_cmdline_takes_argument(const char *opt);

/* Is @opt one of virtboard's own (--host-ipa-bits, --qemu-version)? */
bool virt_cmdline_is_own(const char *opt);

/* @opt as the parser names it: "--smp" -> "-smp", "-machine" -> "-M" */
const char *virt_cmdline_normalize(const char *opt);
/* -m when it is not given (QEMU's default RAM size for the board) */
#define VIRT_DEFAULT_RAM_SIZE (128 * VIRT_MiB)

/*
 * Region @idx (VIRT_FLASH .. VIRT_MEMMAP_LAST - 1) as the report shows
 * it: its state ("on", "off" or "unused") and why, in words ("" for a
 * low region that is on); the table, the JSON and the SVG share them.
 */
const char *virt_report_state(const VirtMachineState *vms, int idx);
char *virt_report_reason(const VirtMachineState *vms, int idx);

/*
 * The "kind": "map" object of @vms as a tree (virt_machine_to_json()
 * writes it; the plan holds it as its "map"). Free with json_node_unref.
 */
JsonNode *virt_machine_json_node(const VirtMachineState *vms);

#endif /* HW_ARM_VIRT_INTERNAL_H */
