/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the unit and qtest programs.
 */
#include "test-util.h"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libfdt.h>

bool test_virtboard_init(const char *const *args, VirtOptions *opts,
                         VirtMachineState *vms, GError **errp)
{
    return test_virtboard_init_release(NULL, args, opts, vms, errp);
}

bool test_virtboard_init_release(const char *release,
                                 const char *const *args, VirtOptions *opts,
                                 VirtMachineState *vms, GError **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    VirtHelpRequest help = VIRT_HELP_NONE;
    size_t i;

    if (release != NULL) {
        g_ptr_array_add(argv, (gpointer) "--qemu-version");
        g_ptr_array_add(argv, (gpointer)release);
    }
    for (i = 0; args[i] != NULL; i++) {
        g_ptr_array_add(argv, (gpointer)args[i]);
    }
    /*
     * the qtests run QEMU with TCG and -nodefaults (qts_start): say so
     * explicitly (no default NIC, which 11.1's DSDT would list)
     */
    g_ptr_array_add(argv, (gpointer) "-accel");
    g_ptr_array_add(argv, (gpointer) "tcg");
    g_ptr_array_add(argv, (gpointer) "-nodefaults");
    g_ptr_array_add(argv, NULL);
    if (!virt_cmdline_parse(opts, (int)argv->len - 1,
                            (char *const *)argv->pdata, &help, errp)) {
        return false;
    }
    return virt_machine_init(vms, opts, errp);
}

void test_rm_rf(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    if (d == NULL) {
        return;
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        GStatBuf st;

        /* never through a symlink: lstat, and unlink the link itself */
        if (g_lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            test_rm_rf(p);
        } else {
            g_unlink(p);
        }
    }
    g_dir_close(d);
    g_rmdir(dir);
}

bool test_release_modelled(const char *version, const char *what)
{
    if (virt_release_find(version) != NULL) {
        return true;
    }
    g_printerr("SKIP %s: needs release %s (issue 14)\n", what, version);
    return false;
}

bool test_release_has_dtb_randomness(const char *version)
{
    const VirtRelease *r = virt_release_find(version);

    return r == NULL || virt_release_has_property(r, "dtb-randomness");
}

bool test_dtb_zero_kaslr_seed(const char *path, GString *nodes,
                              GString *log)
{
    static const char *const paths[] = { "/chosen", "/secure-chosen" };
    g_autofree char *blob = NULL;
    gsize size;

    if (!g_file_get_contents(path, &blob, &size, NULL) ||
        fdt_check_full(blob, size) != 0) {
        g_string_append_printf(log, "  %s: not a valid DTB\n", path);
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        int node = fdt_path_offset(blob, paths[i]);
        int len = -1;

        if (node < 0) {
            if (i == 0) {
                g_string_append_printf(log, "  %s: no /chosen\n", path);
                return false;
            }
            continue;
        }
        if (fdt_getprop(blob, node, "kaslr-seed", &len) == NULL ||
            len != 8) {
            g_string_append_printf(log, "  %s: %s has no 8-byte "
                                   "kaslr-seed (length %d)\n",
                                   path, paths[i], len);
            return false;
        }
        g_string_append_printf(nodes, "%s ", paths[i]);
        if (fdt_setprop_inplace_u64(blob, node, "kaslr-seed", 0) != 0 ||
            !g_file_set_contents(path, blob, (gssize)size, NULL)) {
            g_string_append_printf(log, "  %s: cannot zero kaslr-seed\n",
                                   path);
            return false;
        }
    }
    return true;
}
