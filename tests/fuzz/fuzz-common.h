/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput(). It is linked twice: with
 * libFuzzer's main() in the fuzzing build (meson -Dfuzzing=true), and
 * with replay-main.c in every build, where it replays the committed seed
 * corpus and the regression inputs as an ordinary test.
 *
 * An invariant that does not hold is a crash: FUZZ_CHECK() prints what
 * failed and aborts, so libFuzzer saves the input.
 */
#ifndef TESTS_FUZZ_FUZZ_COMMON_H
#define TESTS_FUZZ_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "hw/arm/virt.h"

#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fuzz_fail(__FILE__, __LINE__, #cond);                           \
        }                                                                   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

G_GNUC_NORETURN void fuzz_fail(const char *file, int line, const char *what);

/* Make GLib criticals and warnings fatal: g_return_if_fail is a bug here */
void fuzz_init(void);

/* A NUL-terminated copy of @size bytes (embedded NULs end the string) */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * Split @data at NUL bytes into at most @max strings; the result is a
 * NULL-terminated GStrv, *argc its length.
 */
char **fuzz_split_argv(const uint8_t *data, size_t size, int max, int *argc);

/*
 * A failing library call returned @ok == false with a VIRT_ERROR set
 * and a non-empty message, or @ok == true with no error. Frees @err.
 */
void fuzz_check_result(bool ok, GError *err);

/* The memory map invariants of a resolved board */
void fuzz_check_machine(const VirtMachineState *vms);

#endif /* TESTS_FUZZ_FUZZ_COMMON_H */
