/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VIRTBOARD_OUTPUTS_H
#define VIRTBOARD_OUTPUTS_H

#include "hw/arm/virt.h"

/*
 * Write the files the options ask for (dumpdtb=, dumpacpi=, and the SVG
 * picture @svg to @svg_path when it is not NULL). Every path is checked
 * and both writers are run in memory first, so nothing is written when
 * any of them is refused.
 */
bool virtboard_write_outputs(const VirtMachineState *vms,
                             const VirtOptions *opts, const char *svg_path,
                             const char *svg, GError **errp);

/*
 * Does one of the outputs go to standard output ("-", /dev/stdout, ...)?
 * Then the CLI prints no table, so that the file is all stdout holds.
 * Two outputs on standard output are an error.
 */
bool virtboard_outputs_on_stdout(const VirtOptions *opts,
                                 const char *svg_path, bool *on_stdout,
                                 GError **errp);

#endif
