/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: virt_output_write() and virt_output_write_dir() on a tree
 * the input builds in a private scratch directory.
 *
 * Input: a count byte, then per entry a kind byte (regular file,
 * directory, symlink, socket, character device 1,3 when run as root,
 * else a file), a name byte (one of a few fixed names, some nested) and,
 * for a symlink, a length byte and the target. Targets are spelt with
 * "abdex/" only and never start with '/', so no link leads out of the
 * scratch directory (no "..", nothing absolute). Then a byte picking the
 * path written and the call (file, padded file, directory of two files).
 *
 * Checked: the result is a clean success or a VIRT_ERROR with a message;
 * nothing that was not a regular file is replaced or changes type (a
 * symlink, a directory, a device node or a socket keeps its inode); no
 * temporary file is left; on failure nothing is created and no file's
 * content changes; on success the path reaches a regular file holding
 * the data, or a device or socket.
 */
#include "fuzz-common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "virt/output.h"

#define DATA "fuzz output"

static const char *const names[] = {
    "a", "b", "d", "e", "a/x", "d/e", "d/x/a", "x",
};

typedef struct FuzzIn {
    const uint8_t *p;
    size_t left;
} FuzzIn;

static unsigned take(FuzzIn *in)
{
    if (in->left == 0) {
        return 0;
    }
    in->left--;
    return *in->p++;
}

static char *scratch;

static void rm_tree(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;

    while (d != NULL && (n = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(dir, n, NULL);
        struct stat st;

        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rm_tree(p);
        } else {
            unlink(p);
        }
    }
    rmdir(dir);
}

static void remove_scratch(void)
{
    rm_tree(scratch);
}

static char *link_target(FuzzIn *in)
{
    static const char alphabet[] = "abdex/";
    unsigned n = take(in) % 12 + 1;
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < n; i++) {
        char ch = alphabet[take(in) % (sizeof(alphabet) - 1)];

        if (ch == '/' && s->len == 0) {
            continue;               /* never absolute */
        }
        g_string_append_c(s, ch);
    }
    if (s->len == 0) {
        g_string_append_c(s, 'a');
    }
    return g_string_free(s, FALSE);
}

static void make_socket(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        return;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    FUZZ_CHECK(fd >= 0);
    bind(fd, (struct sockaddr *)&sa, sizeof(sa));   /* no listener */
    close(fd);
}

static void make_entry(const char *run, FuzzIn *in)
{
    unsigned kind = take(in) % 5;
    g_autofree char *p = g_build_filename(run, names[take(in) % 8], NULL);
    g_autofree char *target = NULL;

    switch (kind) {
    case 0:
        g_file_set_contents(p, "old", -1, NULL);
        break;
    case 1:
        mkdir(p, 0755);
        break;
    case 2:
        target = link_target(in);
        FUZZ_CHECK(target[0] != '/' && strstr(target, "..") == NULL);
        symlink(target, p);
        break;
    case 3:
        make_socket(p);
        break;
    default:
        if (geteuid() == 0) {
            mknod(p, S_IFCHR | 0666, makedev(1, 3));
        } else {
            g_file_set_contents(p, "old", -1, NULL);
        }
        break;
    }
}

typedef struct Entry {
    struct stat st;
    char *content;              /* regular files */
} Entry;

static void entry_free(gpointer p)
{
    Entry *e = p;

    g_free(e->content);
    g_free(e);
}

/* Every name under @dir (relative) with its lstat and a file's content */
static void snapshot(const char *dir, const char *rel, GHashTable *h)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;

    while (d != NULL && (n = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(dir, n, NULL);
        char *r = rel ? g_build_filename(rel, n, NULL) : g_strdup(n);
        Entry *e = g_new0(Entry, 1);

        FUZZ_CHECK(lstat(p, &e->st) == 0);
        if (S_ISREG(e->st.st_mode)) {
            g_file_get_contents(p, &e->content, NULL, NULL);
        }
        g_hash_table_insert(h, r, e);
        if (S_ISDIR(e->st.st_mode)) {
            snapshot(p, r, h);
        }
    }
}

static void compare(GHashTable *before, GHashTable *after, bool ok)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, before);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const Entry *b = v;
        const Entry *a = g_hash_table_lookup(after, k);

        FUZZ_CHECK(a != NULL);                      /* nothing removed */
        FUZZ_CHECK((a->st.st_mode & S_IFMT) == (b->st.st_mode & S_IFMT));
        if (!S_ISREG(b->st.st_mode)) {
            FUZZ_CHECK(a->st.st_ino == b->st.st_ino);   /* not replaced */
        } else {
            FUZZ_CHECK((a->st.st_mode & 07777) == (b->st.st_mode & 07777));
            FUZZ_CHECK(ok || !g_strcmp0(a->content, b->content));
        }
    }
    g_hash_table_iter_init(&it, after);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *base = strrchr(k, '/') ? strrchr(k, '/') + 1 : k;

        FUZZ_CHECK(base[0] != '.');                 /* no temporary file */
        FUZZ_CHECK(ok || g_hash_table_contains(before, k));
    }
}

/* After a successful file write: what the path reaches holds the data */
static void check_written(const char *path, size_t size)
{
    g_autofree char *got = NULL;
    struct stat st;
    gsize len;

    FUZZ_CHECK(stat(path, &st) == 0);
    if (!S_ISREG(st.st_mode)) {
        FUZZ_CHECK(S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode));
        return;
    }
    FUZZ_CHECK(g_file_get_contents(path, &got, &len, NULL));
    FUZZ_CHECK(len == size && !memcmp(got, DATA, strlen(DATA)));
}

static void run_one(const char *run, FuzzIn *in)
{
    const VirtOutputFile files[] = { { "P.dat", "p", 1 },
                                     { "Q.dat", "q", 1 } };
    g_autoptr(GHashTable) before = NULL;
    g_autoptr(GHashTable) after = NULL;
    unsigned sel = take(in);
    g_autofree char *path = g_build_filename(run, names[sel % 8], NULL);
    GError *err = NULL;
    size_t size = strlen(DATA);
    bool ok;

    before = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                   entry_free);
    after = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                  entry_free);
    snapshot(run, NULL, before);
    switch (sel / 8 % 3) {
    case 0:
        ok = virt_output_write(path, DATA, size, &err);
        break;
    case 1:
        size = 4096;
        ok = virt_output_write_padded(path, DATA, strlen(DATA), size, &err);
        break;
    default:
        ok = virt_output_write_dir(path, files, 2, &err);
        size = 0;
        break;
    }
    fuzz_check_result(ok, err);
    snapshot(run, NULL, after);
    compare(before, after, ok);
    if (ok && size) {
        check_written(path, size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };
    g_autofree char *run = NULL;
    unsigned n;

    fuzz_init();
    if (scratch == NULL) {
        scratch = g_dir_make_tmp("virtboard-fuzz-output-XXXXXX", NULL);
        FUZZ_CHECK(scratch != NULL);
        atexit(remove_scratch);
    }
    run = g_build_filename(scratch, "run", NULL);
    FUZZ_CHECK(mkdir(run, 0755) == 0);
    n = take(&in) % 8;
    for (unsigned i = 0; i < n; i++) {
        make_entry(run, &in);
    }
    run_one(run, &in);
    rm_tree(run);
    return 0;
}
