/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtboard error domain.
 *
 * Every library function that can fail takes a trailing GError **errp,
 * returns FALSE/NULL on failure and sets the error; it never prints and
 * never exits. Messages that QEMU also prints use QEMU's exact text, so a
 * caller that prefixes "virtboard: " shows what qemu-system-aarch64 shows.
 */
#ifndef VIRT_ERROR_H
#define VIRT_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define VIRT_ERROR (virt_error_quark())
GQuark virt_error_quark(void);

typedef enum {
    VIRT_ERROR_INVALID_OPTION,  /* malformed value, bad size, bad bool,
                                 * a missing argument */
    VIRT_ERROR_UNKNOWN_OPTION,  /* option, property, machine or CPU unknown */
    VIRT_ERROR_UNSUPPORTED,     /* QEMU accepts it, virtboard does not model it */
    VIRT_ERROR_DOES_NOT_FIT,    /* the configuration does not fit the board */
    VIRT_ERROR_HOST,            /* host probing (KVM ioctl) failed */
    VIRT_ERROR_FDT,             /* libfdt reported an error */
    VIRT_ERROR_ACPI,            /* ACPI table building failed */
    VIRT_ERROR_IO,              /* writing an output file failed */
    VIRT_ERROR_REFUSED,         /* valid options QEMU refuses together */
} VirtError;

G_END_DECLS

#endif /* VIRT_ERROR_H */
