/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VIRTBOARD_OUTPUTS_H
#define VIRTBOARD_OUTPUTS_H

#include "hw/arm/virt.h"

/* Write the files the options ask for (dumpdtb=, dumpacpi=) */
bool virtboard_write_outputs(const VirtMachineState *vms,
                             const VirtOptions *opts, GError **errp);

#endif
