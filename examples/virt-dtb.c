/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An example of libvirtboard through pkg-config: describe a configuration
 * with QEMU's options, print the highest guest-physical address and the
 * IPA size a KVM VM needs, and write the device tree.
 *
 *   cc -o virt-dtb virt-dtb.c $(pkg-config --cflags --libs virtboard)
 *   ./virt-dtb OUT.dtb [QEMU options...]
 *
 * Without options it describes -M virt,gic-version=3 -cpu cortex-a57
 * -m 4G -smp 8.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"

int main(int argc, char **argv)
{
    static char *defaults[] = {
        "-M", "virt,gic-version=3,dtb-randomness=off",
        "-cpu", "cortex-a57", "-m", "4G", "-smp", "8",
    };
    g_auto(VirtOptions) opts = { 0 };
    VirtMachineState vms;
    VirtHelpRequest help;
    GError *err = NULL;
    char **args = argv + 2;
    int nargs = argc - 2;

    if (argc < 2) {
        fprintf(stderr, "usage: %s OUT.dtb [QEMU options...]\n", argv[0]);
        return 2;
    }
    if (nargs == 0) {
        args = defaults;
        nargs = (int)G_N_ELEMENTS(defaults);
    }
    virt_options_init(&opts);
    if (!virt_cmdline_parse(&opts, nargs, args, &help, &err)) {
        fprintf(stderr, "virt-dtb: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    if (help != VIRT_HELP_NONE) {
        char *text = virt_help_text(help, &opts);

        fputs(text, stdout);
        g_free(text);
        return 0;
    }
    if (!virt_machine_init(&vms, &opts, &err) ||
        !virt_fdt_write(&vms, argv[1], &err)) {
        fprintf(stderr, "virt-dtb: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    printf("highest GPA: 0x%016" G_GINT64_MODIFIER "x\n",
           vms.memmap.highest_gpa);
    printf("IPA bits: %d\n", vms.requested_ipa_bits);
    printf("DTB: %s\n", argv[1]);
    return 0;
}
