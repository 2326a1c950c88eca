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

/* The same for QEMU release @release ("7.2"; NULL: the default) */
bool test_virtboard_init_release(const char *release,
                                 const char *const *args, VirtOptions *opts,
                                 VirtMachineState *vms, GError **errp);

/*
 * Rows that need a QEMU release virtboard does not model yet stay in the
 * tables with their release; this says whether @version is modelled and,
 * if not, prints on stderr that @what is skipped until it is.
 */
bool test_release_modelled(const char *version, const char *what);

/*
 * Does QEMU release @version ("5.2") have -M dtb-randomness? Without it
 * (5.2) /chosen always has a random kaslr-seed. An unknown release:
 * true (the property is QEMU's since 7.2).
 */
bool test_release_has_dtb_randomness(const char *version);

/*
 * For a release without dtb-randomness: the DTB file @path must have an
 * 8-byte kaslr-seed in /chosen, and in /secure-chosen when that node
 * exists; they are zeroed in place so that the rest of the blob can be
 * compared byte for byte. @nodes gets the nodes that had one
 * ("/chosen /secure-chosen "). FALSE, with the reason on @log, when a
 * seed is missing or the blob is not valid.
 */
bool test_dtb_zero_kaslr_seed(const char *path, GString *nodes,
                              GString *log);

/*
 * Remove @dir and everything under it; symlinks are removed, never
 * followed
 */
void test_rm_rf(const char *dir);

#endif /* TESTS_COMMON_TEST_UTIL_H */
