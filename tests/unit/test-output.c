/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virt_output_write() and virt_output_write_dir() on every kind of path:
 * a regular file (new and existing: content, mode and owner after), a
 * symlink to a file, a dangling symlink, a symlink to a symlink, a
 * private character device node (mknod 1,3, as /dev/null, in the test's
 * own directory; never the system's /dev), a block device node, a FIFO
 * read by another process, a listening socket, "-" and a private link to
 * /proc/self/fd/1 (what /dev/stdout is; the system's own /dev/stdout is
 * never written: a regression would replace it for the whole machine), a
 * read-only directory, a missing parent and a directory.
 *
 * Each case runs twice, in a child process each time: as the user the
 * test runs as, and unprivileged (uid/gid 65534) when that user is root.
 * The read-only directory is written by root (root bypasses permissions)
 * and refused to an unprivileged user; mknod needs CAP_MKNOD, so the
 * device cases are skipped (reported) when not run as root. After every
 * case the scratch directory holds exactly the expected names: no
 * temporary file and no partial output.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "test-util.h"
#include "virt/output.h"

#define NOBODY 65534
#define DATA "virtboard output\n"

/* In the child: report and leave with status 1 */
static void G_GNUC_PRINTF(3, 4) expect(bool ok, int line, const char *fmt,
                                       ...)
{
    va_list ap;

    if (ok) {
        return;
    }
    fprintf(stderr, "test-output.c:%d: ", line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    _exit(1);
}
#define EXPECT(c, ...) expect((c), __LINE__, __VA_ARGS__)

typedef struct Ctx {
    const char *dir;            /* the scratch directory */
    bool unpriv;                /* running as 65534 */
    bool root;                  /* the test itself runs as root */
} Ctx;

static char *at(const Ctx *c, const char *name)
{
    return g_build_filename(c->dir, name, NULL);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The scratch directory holds exactly @names (space separated, sorted) */
static void expect_names(const Ctx *c, const char *names, int line)
{
    g_autoptr(GDir) d = g_dir_open(c->dir, 0, NULL);
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *joined = NULL;
    const char *n;

    expect(d != NULL, line, "cannot list %s", c->dir);
    while ((n = g_dir_read_name(d)) != NULL) {
        g_ptr_array_add(found, g_strdup(n));
    }
    g_ptr_array_sort(found, compare_names);
    g_ptr_array_add(found, NULL);
    joined = g_strjoinv(" ", (char **)found->pdata);
    expect(!strcmp(joined, names), line, "directory holds '%s', not '%s'",
           joined, names);
}
#define EXPECT_NAMES(c, n) expect_names((c), (n), __LINE__)

static void expect_content(const char *path, const char *want, int line)
{
    g_autofree char *got = NULL;
    gsize len;

    expect(g_file_get_contents(path, &got, &len, NULL), line,
           "cannot read %s", path);
    expect(len == strlen(want) && !memcmp(got, want, len), line,
           "%s holds '%.*s', not '%s'", path, (int)len, got, want);
}
#define EXPECT_CONTENT(p, w) expect_content((p), (w), __LINE__)

static void expect_mode(const char *path, mode_t type, int line)
{
    struct stat st;

    expect(lstat(path, &st) == 0, line, "%s: %s", path, g_strerror(errno));
    expect((st.st_mode & S_IFMT) == type, line, "%s: type 0%o, not 0%o",
           path, st.st_mode & S_IFMT, type);
}
#define EXPECT_TYPE(p, t) expect_mode((p), (t), __LINE__)

/* virt_output_write(@path) fails with a message naming @path and @why */
static void expect_refused(const char *path, const char *why, int line)
{
    GError *err = NULL;
    bool ok = virt_output_write(path, DATA, strlen(DATA), &err);

    expect(!ok, line, "%s: written", path);
    expect(err != NULL && strstr(err->message, path) != NULL &&
           strstr(err->message, why) != NULL, line,
           "%s: error '%s' does not name the path and '%s'", path,
           err ? err->message : "(none)", why);
    g_error_free(err);
}
#define EXPECT_REFUSED(p, w) expect_refused((p), (w), __LINE__)

static void expect_written(const char *path, int line)
{
    GError *err = NULL;
    bool ok = virt_output_write(path, DATA, strlen(DATA), &err);

    expect(ok, line, "%s: %s", path, err ? err->message : "");
}
#define EXPECT_WRITTEN(p) expect_written((p), __LINE__)

/* ---- the cases; each runs in a child, in its own scratch directory ---- */

static void case_new_file(const Ctx *c)
{
    g_autofree char *p = at(c, "new");
    struct stat st;
    mode_t mask = umask(022);

    EXPECT_WRITTEN(p);
    umask(mask);
    EXPECT_CONTENT(p, DATA);
    EXPECT(stat(p, &st) == 0 && (st.st_mode & 07777) == 0644,
           "new file mode 0%o, not 0666 & ~umask", st.st_mode & 07777);
    EXPECT(st.st_uid == geteuid(), "new file owner %u", st.st_uid);
    EXPECT_NAMES(c, "new");
}

/* An existing file keeps its content's place, mode and owner */
static void case_existing_file(const Ctx *c)
{
    g_autofree char *p = at(c, "file");
    uid_t owner = c->root && !c->unpriv ? 4242 : geteuid();
    gid_t group = c->root && !c->unpriv ? 4343 : getegid();
    struct stat st;

    EXPECT(g_file_set_contents(p, "old contents, longer than the new",
                               -1, NULL), "fixture");
    EXPECT(chmod(p, 0604) == 0, "chmod");
    if (c->root && !c->unpriv) {
        EXPECT(chown(p, owner, group) == 0, "chown");
    }
    EXPECT_WRITTEN(p);
    EXPECT_CONTENT(p, DATA);
    EXPECT(stat(p, &st) == 0, "stat");
    EXPECT((st.st_mode & 07777) == 0604, "mode 0%o, not 0604",
           st.st_mode & 07777);
    EXPECT(st.st_uid == owner && st.st_gid == group,
           "owner %u:%u, not %u:%u", st.st_uid, st.st_gid, owner, group);
    EXPECT_NAMES(c, "file");
}

/* Unprivileged: a file of another owner cannot keep it, so it stays */
static void case_foreign_file(const Ctx *c)
{
    g_autofree char *p = at(c, "foreign");

    if (!c->unpriv) {
        return;
    }
    /* made by the parent, as root: owner 0, mode 0666 */
    EXPECT_REFUSED(p, "cannot keep its owner 0:0");
    EXPECT_CONTENT(p, "root's");
    EXPECT_NAMES(c, "foreign");
}

static void case_symlink(const Ctx *c)
{
    g_autofree char *f = at(c, "target");
    g_autofree char *l = at(c, "link");

    EXPECT(g_file_set_contents(f, "old", -1, NULL), "fixture");
    EXPECT(symlink("target", l) == 0, "symlink");
    EXPECT_WRITTEN(l);
    EXPECT_TYPE(l, S_IFLNK);
    EXPECT_CONTENT(f, DATA);
    EXPECT_NAMES(c, "link target");
}

static void case_dangling_symlink(const Ctx *c)
{
    g_autofree char *f = at(c, "created");
    g_autofree char *l = at(c, "link");
    g_autofree char *l2 = at(c, "link2");

    EXPECT(symlink("created", l) == 0, "symlink");
    EXPECT_WRITTEN(l);
    EXPECT_TYPE(l, S_IFLNK);
    EXPECT_TYPE(f, S_IFREG);
    EXPECT_CONTENT(f, DATA);
    /* a dangling link into a missing directory is refused */
    EXPECT(symlink("nodir/x", l2) == 0, "symlink");
    EXPECT_REFUSED(l2, "No such file or directory");
    EXPECT_NAMES(c, "created link link2");
}

static void case_symlink_chain(const Ctx *c)
{
    g_autofree char *f = at(c, "target");
    g_autofree char *l1 = at(c, "l1");
    g_autofree char *l2 = at(c, "l2");
    g_autofree char *loop = at(c, "loop");

    EXPECT(g_file_set_contents(f, "old", -1, NULL), "fixture");
    EXPECT(symlink("target", l1) == 0 && symlink(l1, l2) == 0, "symlink");
    EXPECT_WRITTEN(l2);
    EXPECT_TYPE(l1, S_IFLNK);
    EXPECT_TYPE(l2, S_IFLNK);
    EXPECT_CONTENT(f, DATA);
    EXPECT(symlink("loop", loop) == 0, "symlink");
    EXPECT_REFUSED(loop, g_strerror(ELOOP));
    EXPECT_NAMES(c, "l1 l2 loop target");
}

/* mknod 1,3 (what /dev/null is) in the scratch directory */
static void case_char_device(const Ctx *c)
{
    g_autofree char *n = at(c, "null");
    g_autofree char *l = at(c, "link");
    struct stat st;

    if (!c->root) {
        return;
    }
    /* made by the parent, which is root */
    EXPECT(symlink("null", l) == 0, "symlink");
    EXPECT_WRITTEN(n);
    EXPECT(virt_output_write_padded(n, DATA, strlen(DATA), 1 << 20, NULL),
           "padded write to the device");
    EXPECT_WRITTEN(l);
    EXPECT(lstat(n, &st) == 0 && S_ISCHR(st.st_mode) &&
           st.st_rdev == makedev(1, 3), "the node is no longer 1,3");
    EXPECT_TYPE(l, S_IFLNK);
    EXPECT_NAMES(c, "link null");
}

static void case_block_device(const Ctx *c)
{
    g_autofree char *n = at(c, "blk");

    if (!c->root) {
        return;
    }
    EXPECT_REFUSED(n, "block device");
    EXPECT_TYPE(n, S_IFBLK);
    EXPECT_NAMES(c, "blk");
}

/* A reader process checks it gets @len bytes of DATA then zeros */
static pid_t fifo_reader(const char *path, size_t len)
{
    pid_t pid = fork();

    if (pid == 0) {
        g_autofree char *got = NULL;
        gsize n;

        if (!g_file_get_contents(path, &got, &n, NULL) || n != len ||
            memcmp(got, DATA, strlen(DATA)) != 0) {
            _exit(1);
        }
        for (gsize i = strlen(DATA); i < n; i++) {
            if (got[i] != 0) {
                _exit(1);
            }
        }
        _exit(0);
    }
    return pid;
}

static void case_fifo(const Ctx *c)
{
    g_autofree char *f = at(c, "fifo");
    int status;
    pid_t r;

    EXPECT(mkfifo(f, 0600) == 0, "mkfifo");
    r = fifo_reader(f, strlen(DATA));
    EXPECT_WRITTEN(f);
    EXPECT(waitpid(r, &status, 0) == r && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0, "the reader got something else");
    r = fifo_reader(f, 4096);
    EXPECT(virt_output_write_padded(f, DATA, strlen(DATA), 4096, NULL),
           "padded write to the FIFO");
    EXPECT(waitpid(r, &status, 0) == r && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0, "the reader got something else");
    EXPECT_TYPE(f, S_IFIFO);
    EXPECT_NAMES(c, "fifo");
}

static void case_socket(const Ctx *c)
{
    g_autofree char *p = at(c, "sock");
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    char buf[256];
    ssize_t n, got = 0;
    int s, a;

    EXPECT(strlen(p) < sizeof(sa.sun_path), "path too long for a socket");
    memcpy(sa.sun_path, p, strlen(p) + 1);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    EXPECT(s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
           listen(s, 1) == 0, "listen: %s", g_strerror(errno));
    EXPECT_WRITTEN(p);           /* the backlog holds the connection */
    a = accept(s, NULL, NULL);
    EXPECT(a >= 0, "accept");
    while ((n = read(a, buf + got, sizeof(buf) - (size_t)got)) > 0) {
        got += n;
    }
    EXPECT(got == (ssize_t)strlen(DATA) && !memcmp(buf, DATA, (size_t)got),
           "the socket got %zd bytes", got);
    close(a);
    close(s);
    EXPECT_TYPE(p, S_IFSOCK);
    EXPECT_NAMES(c, "sock");
}

/*
 * "-", /proc/self/fd/1 and a private link to it (what /dev/stdout is):
 * standard output, here redirected to a file
 */
static void case_stdout(const Ctx *c)
{
    g_autofree char *out = at(c, "out");
    g_autofree char *l = at(c, "stdout");
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    EXPECT(fd >= 0 && dup2(fd, STDOUT_FILENO) == STDOUT_FILENO, "dup2");
    close(fd);
    EXPECT(!virt_output_is_stdout(l), "virt_output_is_stdout(no file)");
    EXPECT(symlink("/proc/self/fd/1", l) == 0, "symlink");
    EXPECT(virt_output_is_stdout("-") && virt_output_is_stdout(l) &&
           virt_output_is_stdout("/proc/self/fd/1") &&
           virt_output_is_stdout(out), "virt_output_is_stdout");
    EXPECT_WRITTEN("-");
    EXPECT_WRITTEN("/proc/self/fd/1");
    EXPECT_WRITTEN(l);
    EXPECT_CONTENT(out, DATA DATA DATA);
    EXPECT_TYPE(l, S_IFLNK);
    EXPECT_NAMES(c, "out stdout");
}

static void case_readonly_dir(const Ctx *c)
{
    g_autofree char *ro = at(c, "ro");
    g_autofree char *p = g_build_filename(ro, "x", NULL);
    GError *err = NULL;

    EXPECT(mkdir(ro, 0555) == 0, "mkdir");
    if (c->unpriv || !c->root) {
        EXPECT(!virt_output_check(p, &err) &&
               strstr(err->message, g_strerror(EACCES)), "check");
        g_clear_error(&err);
        EXPECT_REFUSED(p, g_strerror(EACCES));
        EXPECT(rmdir(ro) == 0, "%s is not empty", ro);
    } else {
        EXPECT(virt_output_check(p, NULL), "check");
        EXPECT_WRITTEN(p);              /* root bypasses permissions */
        EXPECT_CONTENT(p, DATA);
        EXPECT(unlink(p) == 0 && rmdir(ro) == 0, "%s has more", ro);
    }
    EXPECT_NAMES(c, "");
}

static void case_missing_parent(const Ctx *c)
{
    g_autofree char *p = at(c, "nodir/x");
    g_autofree char *f = at(c, "file");
    g_autofree char *q = at(c, "file/x");
    GError *err = NULL;

    EXPECT_REFUSED(p, g_strerror(ENOENT));
    EXPECT(!virt_output_check(p, &err), "check");
    g_clear_error(&err);
    EXPECT(g_file_set_contents(f, "old", -1, NULL), "fixture");
    EXPECT_REFUSED(q, g_strerror(ENOTDIR));
    EXPECT_CONTENT(f, "old");
    EXPECT_REFUSED("", g_strerror(ENOENT));
    EXPECT_NAMES(c, "file");
}

static void case_directory(const Ctx *c)
{
    g_autofree char *d = at(c, "d");
    g_autofree char *l = at(c, "link");
    GError *err = NULL;

    EXPECT(mkdir(d, 0755) == 0 && symlink("d", l) == 0, "fixture");
    EXPECT_REFUSED(d, g_strerror(EISDIR));
    EXPECT_REFUSED(l, g_strerror(EISDIR));
    EXPECT(!virt_output_check(d, &err), "check");
    g_clear_error(&err);
    EXPECT_TYPE(d, S_IFDIR);
    EXPECT_TYPE(l, S_IFLNK);
    EXPECT_NAMES(c, "d link");
}

/* The ACPI directory: all files or none, only the last level created */
static void case_write_dir(const Ctx *c)
{
    const VirtOutputFile files[] = {
        { "A.dat", "aaaa", 4 }, { "B.dat", "bbbb", 4 }, { "C.dat", "c", 1 },
    };
    g_autofree char *d = at(c, "acpi");
    g_autofree char *bad = at(c, "bad");
    g_autofree char *b = g_build_filename(bad, "B.dat", NULL);
    g_autofree char *a = g_build_filename(d, "A.dat", NULL);
    g_autofree char *deep = at(c, "x/y");
    g_autofree char *f = at(c, "file");
    GError *err = NULL;
    bool ok;

    ok = virt_output_write_dir(d, files, 3, &err);
    EXPECT(ok, "write_dir: %s", err ? err->message : "");
    EXPECT_CONTENT(a, "aaaa");
    /* a file that cannot be written: nothing new, and no new directory */
    EXPECT(!virt_output_write_dir(deep, files, 3, &err) &&
           strstr(err->message, deep), "parents created");
    g_clear_error(&err);
    EXPECT(mkdir(bad, 0755) == 0 && mkdir(b, 0755) == 0, "fixture");
    EXPECT(!virt_output_write_dir(bad, files, 3, &err) &&
           strstr(err->message, b), "B.dat a directory");
    g_clear_error(&err);
    EXPECT(g_file_set_contents(f, "old", -1, NULL), "fixture");
    EXPECT(!virt_output_write_dir(f, files, 3, &err) &&
           strstr(err->message, g_strerror(ENOTDIR)), "a file as the dir");
    g_clear_error(&err);
    EXPECT_NAMES(c, "acpi bad file");
    EXPECT(rmdir(b) == 0 && rmdir(bad) == 0, "bad/ holds more than B.dat");
    EXPECT_CONTENT(f, "old");
}

typedef void (*OutputCase)(const Ctx *c);

static const struct {
    const char *name;
    OutputCase fn;
} cases[] = {
    { "new file", case_new_file },
    { "existing file", case_existing_file },
    { "another user's file", case_foreign_file },
    { "symlink", case_symlink },
    { "dangling symlink", case_dangling_symlink },
    { "symlink to a symlink", case_symlink_chain },
    { "character device", case_char_device },
    { "block device", case_block_device },
    { "FIFO", case_fifo },
    { "socket", case_socket },
    { "stdout", case_stdout },
    { "read-only directory", case_readonly_dir },
    { "missing parent", case_missing_parent },
    { "directory", case_directory },
    { "directory of files", case_write_dir },
};

/* Fixtures only root can make, made before the child drops privileges */
static void make_root_fixtures(int i, const char *dir)
{
    g_autofree char *p = NULL;

    if (cases[i].fn == case_char_device) {
        p = g_build_filename(dir, "null", NULL);
        ck_assert_int_eq(mknod(p, S_IFCHR | 0666, makedev(1, 3)), 0);
        ck_assert_int_eq(chmod(p, 0666), 0);
    } else if (cases[i].fn == case_block_device) {
        p = g_build_filename(dir, "blk", NULL);
        ck_assert_int_eq(mknod(p, S_IFBLK | 0600, makedev(7, 0)), 0);
    } else if (cases[i].fn == case_foreign_file) {
        p = g_build_filename(dir, "foreign", NULL);
        ck_assert(g_file_set_contents(p, "root's", -1, NULL));
        ck_assert_int_eq(chmod(p, 0666), 0);
    }
}

static void drop_privileges(void)
{
    gid_t g = NOBODY;

    if (setgroups(1, &g) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0) {
        fprintf(stderr, "cannot become %d: %s\n", NOBODY, g_strerror(errno));
        _exit(1);
    }
}

static void run_case(int i, bool unpriv)
{
    Ctx c = { .root = geteuid() == 0, .unpriv = unpriv };
    g_autofree char *dir = g_dir_make_tmp("virtboard-output-XXXXXX", NULL);
    int status;
    pid_t pid;

    ck_assert_ptr_nonnull(dir);
    c.dir = dir;
    if (c.root) {
        make_root_fixtures(i, dir);
    }
    if (unpriv) {
        ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
    }
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (unpriv) {
            drop_privileges();
        }
        cases[i].fn(&c);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    test_rm_rf(dir);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s (%s): failed, status 0x%x", cases[i].name,
                  unpriv ? "uid 65534" : "as is", status);
}

START_TEST(test_output_as_is)
{
    run_case(_i, false);
}
END_TEST

START_TEST(test_output_unprivileged)
{
    if (geteuid() != 0) {
        return;                 /* the as-is run already was unprivileged */
    }
    run_case(_i, true);
}
END_TEST

static Suite *output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("paths");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_output_as_is, 0, G_N_ELEMENTS(cases));
    tcase_add_loop_test(tc, test_output_unprivileged, 0,
                        G_N_ELEMENTS(cases));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(output_suite());
    int failed;

    if (geteuid() != 0) {
        fprintf(stderr, "test-output: not root: the device node cases and "
                "the uid 65534 runs are skipped\n");
    }
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
