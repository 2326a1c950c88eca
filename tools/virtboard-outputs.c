/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output files of the CLI. Both writers are run in memory first, so
 * a configuration either writer refuses writes nothing; each file then
 * goes through a temporary file and rename(2), and the ACPI directory is
 * all tables or none, so no failure leaves a partial file behind.
 */
#include "virtboard-outputs.h"

#include <errno.h>
#include <unistd.h>

#include "hw/arm/virt-acpi.h"
#include "hw/arm/virt-fdt.h"

/* Can @path be created or replaced? Checked before anything is written */
static bool virtboard_check_path(const char *path, GError **errp)
{
    g_autofree char *dir = g_path_get_dirname(path);
    int e = 0;

    if (!*path) {
        e = ENOENT;
    } else if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        e = EISDIR;
    } else if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        e = ENOENT;
    } else if (access(dir, W_OK) < 0) {
        e = errno;
    }
    if (e) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "cannot write %s: %s",
                    path, g_strerror(e));
        return false;
    }
    return true;
}

static bool virtboard_check_writers(const VirtMachineState *vms,
                                    const VirtOptions *opts, GError **errp)
{
    g_auto(VirtAcpiBlobs) blobs = { 0 };
    void *blob = NULL;
    size_t size;

    if (opts->dumpdtb) {
        if (!virtboard_check_path(opts->dumpdtb, errp) ||
            !virt_fdt_build(vms, &blob, &size, errp)) {
            return false;
        }
        g_free(blob);
    }
    return !opts->dumpacpi || virt_acpi_build(vms, &blobs, errp);
}

bool virtboard_write_outputs(const VirtMachineState *vms,
                             const VirtOptions *opts, GError **errp)
{
    if (!virtboard_check_writers(vms, opts, errp)) {
        return false;
    }
    if (opts->dumpacpi &&
        !virt_acpi_write_dir(vms, opts->dumpacpi, VIRT_ACPI_DEFAULT_BASE,
                             errp)) {
        return false;
    }
    return !opts->dumpdtb || virt_fdt_write(vms, opts->dumpdtb, errp);
}
