/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output files of the CLI. Each writer goes through a temporary file
 * and rename(2), so a failure leaves no partial file behind.
 */
#include "virtboard-outputs.h"

bool virtboard_write_outputs(const VirtMachineState *vms,
                             const VirtOptions *opts, GError **errp)
{
    if (opts->dumpdtb) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-M virt,dumpdtb=%s: the DTB writer is not built yet",
                    opts->dumpdtb);
        return false;
    }
    if (opts->dumpacpi) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_UNSUPPORTED,
                    "-M virt,dumpacpi=%s: the ACPI writer is not built yet",
                    opts->dumpacpi);
        return false;
    }
    return true;
}
