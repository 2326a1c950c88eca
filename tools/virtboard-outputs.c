/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output files of the CLI. Every path is checked and both writers
 * are run in memory first, so a configuration either writer refuses, or
 * a path that cannot be written, writes nothing. Each file then goes
 * through virt_output_write() (include/virt/output.h): a regular file is
 * replaced through a temporary file and rename(2), a device, FIFO or
 * socket is written in place, "-" is standard output, and the ACPI
 * directory is all tables or none.
 */
#include "virtboard-outputs.h"

#include <string.h>

#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"
#include "virt/output.h"

static bool virtboard_check_writers(const VirtMachineState *vms,
                                    const VirtOptions *opts,
                                    const char *svg_path, GError **errp)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    void *blob = NULL;
    size_t size;

    if ((opts->dumpdtb && !virt_output_check(opts->dumpdtb, errp)) ||
        (opts->dumpacpi && !virt_output_check_dir(opts->dumpacpi, errp)) ||
        (svg_path && !virt_output_check(svg_path, errp))) {
        return false;
    }
    if (opts->dumpdtb) {
        if (!virt_fdt_build(vms, &blob, &size, errp)) {
            return false;
        }
        g_free(blob);
    }
    return !opts->dumpacpi || virt_acpi_build(vms, &blobs, errp);
}

bool virtboard_outputs_on_stdout(const VirtOptions *opts,
                                 const char *svg_path, bool *on_stdout,
                                 GError **errp)
{
    const char *names[] = { "-M virt,dumpdtb=", "-M virt,dumpacpi=",
                            "--svg" };
    const char *paths[] = { opts->dumpdtb, opts->dumpacpi, svg_path };
    int first = -1;

    *on_stdout = false;
    for (int i = 0; i < (int)G_N_ELEMENTS(paths); i++) {
        if (!virt_output_is_stdout(paths[i])) {
            continue;
        }
        if (first >= 0) {
            g_set_error(errp, VIRT_ERROR, VIRT_ERROR_INVALID_OPTION,
                        "%s%s%s and %s%s%s both write to standard output",
                        names[first], first == 2 ? " " : "", paths[first],
                        names[i], i == 2 ? " " : "", paths[i]);
            return false;
        }
        first = i;
        *on_stdout = true;
    }
    return true;
}

bool virtboard_write_outputs(const VirtMachineState *vms,
                             const VirtOptions *opts, const char *svg_path,
                             const char *svg, GError **errp)
{
    if (!virtboard_check_writers(vms, opts, svg_path, errp)) {
        return false;
    }
    if (opts->dumpacpi &&
        !virt_acpi_write_dir(vms, opts->dumpacpi, VIRT_ACPI_DEFAULT_BASE,
                             errp)) {
        return false;
    }
    if (opts->dumpdtb && !virt_fdt_write(vms, opts->dumpdtb, errp)) {
        return false;
    }
    return !svg_path || virt_output_write(svg_path, svg, strlen(svg), errp);
}
