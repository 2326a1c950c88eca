/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the unit and qtest programs.
 */
#ifndef TESTS_COMMON_TEST_UTIL_H
#define TESTS_COMMON_TEST_UTIL_H

#include "hw/arm/virt.h"

/*
 * Parse @args (NULL-terminated QEMU arguments) plus "-accel tcg", as the
 * qtests run QEMU, into @opts and resolve them into @vms.
 */
bool test_virtboard_init(const char *const *args, VirtOptions *opts,
                         VirtMachineState *vms, GError **errp);

/*
 * Remove @dir and everything under it; symlinks are removed, never
 * followed
 */
void test_rm_rf(const char *dir);

#endif /* TESTS_COMMON_TEST_UTIL_H */
