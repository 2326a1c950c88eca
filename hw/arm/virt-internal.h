/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Declarations shared between the library's own files; not installed.
 */
#ifndef HW_ARM_VIRT_INTERNAL_H
#define HW_ARM_VIRT_INTERNAL_H

#include <stdbool.h>

/*
 * Does QEMU option @opt ("-m", "--machine", "-nographic") take an
 * argument? Unknown options: false.
 */
bool virt_cmdline_takes_argument(const char *opt);

/* -m when it is not given (QEMU's default RAM size for the board) */
#define VIRT_DEFAULT_RAM_SIZE (128 * VIRT_MiB)

#endif /* HW_ARM_VIRT_INTERNAL_H */
