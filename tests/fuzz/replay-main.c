/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replay driver: runs a fuzz target's LLVMFuzzerTestOneInput() on every
 * file named on the command line, or in the directories named, without
 * libFuzzer. Every build links each target with it, so the committed
 * seed corpus and regression inputs (tests/fuzz/corpus/<target>/,
 * tests/fuzz/regress/<target>/) run as ordinary tests, under the
 * sanitizers in the sanitizer build.
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool replay_file(const char *path, unsigned *count)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) err = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, &err)) {
        fprintf(stderr, "replay: %s\n", err->message);
        return false;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    (*count)++;
    return true;
}

static gint replay_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool replay_path(const char *path, unsigned *count)
{
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GError) err = NULL;
    const char *name;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        return replay_file(path, count);
    }
    dir = g_dir_open(path, 0, &err);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s\n", err->message);
        return false;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir)) != NULL) {
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    }
    g_ptr_array_sort(names, replay_cmp);
    for (guint i = 0; i < names->len; i++) {
        if (!replay_file(g_ptr_array_index(names, i), count)) {
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    unsigned count = 0;

    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_EXISTS)) {
            continue;   /* a target may have no regression inputs yet */
        }
        if (!replay_path(argv[i], &count)) {
            printf("0 passed, 1 failed\n");
            return 1;
        }
    }
    printf("replayed %u inputs\n", count);
    return 0;
}
