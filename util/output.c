/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Output files: the one routine every file virtboard writes goes
 * through. include/virt/output.h states the rules; in short, only a new
 * or existing regular file is ever replaced (temporary file + rename),
 * everything else is written in place or refused.
 */
#include "virt/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define OUT_MAX_LINKS 40        /* as Linux's MAXSYMLINKS */

typedef enum OutKind {
    OUT_NEW,                    /* nothing there yet: create a file */
    OUT_REGULAR,                /* an existing regular file: replace it */
    OUT_DIRECT,                 /* character device or FIFO: write it */
    OUT_SOCKET,                 /* a socket: connect and write */
    OUT_STDOUT,                 /* "-" or the file standard output is */
    OUT_DIR,                    /* a directory */
} OutKind;

typedef struct OutTarget {
    char *path;                 /* as the user gave it, for messages */
    char *final;                /* after following symlinks */
    bool is_dir;                /* the target of virt_output_write_dir */
    bool magic;                 /* reached through a /proc magic link */
    OutKind kind;
    struct stat st;             /* of @final, unless OUT_NEW */
    char *tmp;                  /* the staged temporary file */
} OutTarget;

static void out_target_clear(OutTarget *t)
{
    if (t->tmp != NULL) {
        unlink(t->tmp);
    }
    g_clear_pointer(&t->tmp, g_free);
    g_clear_pointer(&t->path, g_free);
    g_clear_pointer(&t->final, g_free);
}

/* "cannot write PATH: REASON", naming the link target when there is one */
static bool out_fail_msg(GError **errp, const OutTarget *t, const char *why)
{
    const char *verb = t->is_dir ? "cannot create directory" : "cannot write";
    bool linked = t->final != NULL && !t->magic &&
                  strcmp(t->final, t->path) != 0;

    if (t->is_dir) {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "%s '%s'%s%s%s: %s",
                    verb, t->path, linked ? " (a link to '" : "",
                    linked ? t->final : "", linked ? "')" : "", why);
    } else {
        g_set_error(errp, VIRT_ERROR, VIRT_ERROR_IO, "%s %s%s%s%s: %s", verb,
                    t->path, linked ? " (a link to " : "",
                    linked ? t->final : "", linked ? ")" : "", why);
    }
    return false;
}

static bool out_fail(GError **errp, const OutTarget *t, int err)
{
    return out_fail_msg(errp, t, g_strerror(err));
}

static bool out_same_as_stdout(const struct stat *st)
{
    struct stat o;

    return fstat(STDOUT_FILENO, &o) == 0 && o.st_dev == st->st_dev &&
           o.st_ino == st->st_ino;
}

/* Replace t->final, a symlink, with what it points to */
static bool out_follow(OutTarget *t, GError **errp)
{
    char buf[PATH_MAX];
    ssize_t n = readlink(t->final, buf, sizeof(buf) - 1);
    char *next;

    if (n < 0) {
        return out_fail(errp, t, errno);
    }
    if (n == 0 || n >= (ssize_t)sizeof(buf) - 1) {
        return out_fail(errp, t, n == 0 ? ENOENT : ENAMETOOLONG);
    }
    buf[n] = '\0';
    if (buf[0] == '/' || strchr(t->final, '/') == NULL) {
        next = g_strdup(buf);
    } else {
        g_autofree char *dir = g_path_get_dirname(t->final);

        next = g_build_filename(dir, buf, NULL);
    }
    g_free(t->final);
    t->final = next;
    return true;
}

/* t->final does not exist (lstat failed with @err): may it be created? */
static bool out_resolve_new(OutTarget *t, int err, GError **errp)
{
    g_autofree char *dir = NULL;
    struct stat d;

    if (err != ENOENT) {
        return out_fail(errp, t, err);
    }
    dir = g_path_get_dirname(t->final);
    if (stat(dir, &d) < 0) {
        return out_fail(errp, t, errno);
    }
    if (!S_ISDIR(d.st_mode)) {
        return out_fail(errp, t, ENOTDIR);
    }
    t->kind = OUT_NEW;
    return true;
}

static bool out_classify(OutTarget *t, GError **errp)
{
    mode_t m = t->st.st_mode;

    if (S_ISREG(m)) {
        t->kind = OUT_REGULAR;
    } else if (S_ISCHR(m) || S_ISFIFO(m)) {
        t->kind = OUT_DIRECT;
    } else if (S_ISSOCK(m)) {
        t->kind = OUT_SOCKET;
    } else if (S_ISDIR(m)) {
        t->kind = OUT_DIR;
    } else if (S_ISBLK(m)) {
        return out_fail_msg(errp, t, "it is a block device (only regular "
                            "files, character devices, FIFOs and sockets "
                            "are written)");
    } else {
        return out_fail_msg(errp, t, "not a regular file, character device, "
                            "FIFO or socket");
    }
    if (t->magic && t->kind == OUT_REGULAR) {
        return out_fail_msg(errp, t, "it names an open file whose path "
                            "cannot be resolved");
    }
    return true;
}

/*
 * Follow t->path to what it names and sort it. The name reached by
 * reading the links must be the file the kernel reaches; when it is not
 * (a /proc/self/fd link to a pipe, a socket or a deleted file), the path
 * itself is opened and only non-regular files are accepted.
 */
static bool out_resolve(OutTarget *t, GError **errp)
{
    struct stat via;
    bool have_via;
    int hops = 0;
    int err = 0;

    if (!strcmp(t->path, "-")) {
        t->kind = OUT_STDOUT;
        return true;
    }
    if (!*t->path) {
        return out_fail(errp, t, ENOENT);
    }
    have_via = stat(t->path, &via) == 0;
    if (have_via && out_same_as_stdout(&via)) {
        t->kind = OUT_STDOUT;
        return true;
    }
    t->final = g_strdup(t->path);
    for (;;) {
        if (lstat(t->final, &t->st) < 0) {
            err = errno;
            break;
        }
        if (!S_ISLNK(t->st.st_mode)) {
            break;
        }
        if (++hops > OUT_MAX_LINKS) {
            return out_fail(errp, t, ELOOP);
        }
        if (!out_follow(t, errp)) {
            return false;
        }
    }
    if (have_via && (err || via.st_dev != t->st.st_dev ||
                     via.st_ino != t->st.st_ino)) {
        g_free(t->final);
        t->final = g_strdup(t->path);
        t->st = via;
        t->magic = true;
        return out_classify(t, errp);
    }
    return err ? out_resolve_new(t, err, errp) : out_classify(t, errp);
}

/* 0 or an errno; EINTR, short writes and a non-blocking fd handled */
static int out_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };

            if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
                return errno;
            }
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : EIO;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int out_write_padded(int fd, const void *data, size_t len,
                            size_t size)
{
    static const char zeros[65536];
    int e = out_write_all(fd, data, len);

    for (size -= len; e == 0 && size > 0;) {
        size_t k = MIN(size, sizeof(zeros));

        e = out_write_all(fd, zeros, k);
        size -= k;
    }
    return e;
}

static int out_connect(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;

        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* A character device, FIFO or socket: written where it is */
static bool out_write_direct(OutTarget *t, const void *data, size_t len,
                             size_t size, GError **errp)
{
    int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (t->magic ? 0 : O_NOFOLLOW);
    struct stat now;
    int fd, e;

    fd = t->kind == OUT_SOCKET ? out_connect(t->final)
                               : open(t->final, flags);
    if (fd < 0) {
        return out_fail(errp, t, errno);
    }
    if (t->kind != OUT_SOCKET &&
        (fstat(fd, &now) < 0 || now.st_dev != t->st.st_dev ||
         now.st_ino != t->st.st_ino)) {
        close(fd);
        return out_fail_msg(errp, t, "it changed while being opened");
    }
    e = out_write_padded(fd, data, len, size);
    if (close(fd) < 0 && e == 0 && errno != EINTR) {
        e = errno;
    }
    return e == 0 || out_fail(errp, t, e);
}

static bool out_write_stdout(OutTarget *t, const void *data, size_t len,
                             size_t size, GError **errp)
{
    int e;

    fflush(stdout);
    e = out_write_padded(STDOUT_FILENO, data, len, size);
    return e == 0 || out_fail(errp, t, e);
}

/* The new file takes the mode and owner of the one it replaces */
static bool out_keep_owner(int fd, const OutTarget *t, GError **errp)
{
    struct stat now;

    if (fstat(fd, &now) < 0) {
        return out_fail(errp, t, errno);
    }
    if ((now.st_uid != t->st.st_uid || now.st_gid != t->st.st_gid) &&
        fchown(fd, t->st.st_uid, t->st.st_gid) < 0) {
        g_autofree char *why = g_strdup_printf(
            "cannot keep its owner %u:%u: %s", (unsigned)t->st.st_uid,
            (unsigned)t->st.st_gid, g_strerror(errno));

        return out_fail_msg(errp, t, why);
    }
    if (fchmod(fd, t->st.st_mode & 07777) < 0) {
        return out_fail(errp, t, errno);
    }
    return true;
}

static bool out_fill_tmp(int fd, const OutTarget *t, const void *data,
                         size_t len, size_t size, GError **errp)
{
    int e = out_write_all(fd, data, len);

    if (e == 0 && size > len && ftruncate(fd, (off_t)size) < 0) {
        e = errno;
    }
    if (e != 0) {
        return out_fail(errp, t, e);
    }
    if (t->kind == OUT_REGULAR && !out_keep_owner(fd, t, errp)) {
        return false;
    }
    return fsync(fd) == 0 || out_fail(errp, t, errno);
}

/* A regular file: write a temporary file next to t->final */
static bool out_stage_file(OutTarget *t, const void *data, size_t len,
                           size_t size, GError **errp)
{
    g_autofree char *dir = g_path_get_dirname(t->final);
    g_autofree char *base = g_path_get_basename(t->final);
    int fd;

    t->tmp = strlen(base) < 200
                 ? g_strdup_printf("%s/.%s.XXXXXX", dir, base)
                 : g_strdup_printf("%s/.virtboard.XXXXXX", dir);
    fd = g_mkstemp_full(t->tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;

        g_clear_pointer(&t->tmp, g_free);
        return out_fail(errp, t, e);
    }
    if (!out_fill_tmp(fd, t, data, len, size, errp)) {
        close(fd);
        return false;
    }
    return close(fd) == 0 || out_fail(errp, t, errno);
}

static void out_sync_dir(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);              /* best effort: the file is in place */
        close(fd);
    }
}

/* Rename a staged file into place, if it is still a file's place */
static bool out_commit(OutTarget *t, GError **errp)
{
    struct stat now;

    if (t->tmp == NULL) {
        return true;
    }
    if (lstat(t->final, &now) == 0 && !S_ISREG(now.st_mode)) {
        return out_fail_msg(errp, t, "it changed while being written");
    }
    if (rename(t->tmp, t->final) < 0) {
        return out_fail(errp, t, errno);
    }
    g_clear_pointer(&t->tmp, g_free);
    out_sync_dir(t->final);
    return true;
}

/* Everything short of the rename */
static bool out_stage(OutTarget *t, const void *data, size_t len,
                      size_t size, GError **errp)
{
    if (!out_resolve(t, errp)) {
        return false;
    }
    switch (t->kind) {
    case OUT_STDOUT:
        return out_write_stdout(t, data, len, size, errp);
    case OUT_DIRECT:
    case OUT_SOCKET:
        return out_write_direct(t, data, len, size, errp);
    case OUT_NEW:
    case OUT_REGULAR:
        return out_stage_file(t, data, len, size, errp);
    case OUT_DIR:
        break;
    }
    return out_fail(errp, t, EISDIR);
}

bool virt_output_write_padded(const char *path, const void *data,
                              size_t len, size_t size, GError **errp)
{
    OutTarget t = { .path = g_strdup(path) };
    bool ok;

    g_return_val_if_fail(path != NULL && (data != NULL || len == 0), false);
    g_return_val_if_fail(size >= len, false);

    ok = out_stage(&t, data, len, size, errp) && out_commit(&t, errp);
    out_target_clear(&t);
    return ok;
}

bool virt_output_write(const char *path, const void *data, size_t len,
                       GError **errp)
{
    return virt_output_write_padded(path, data, len, len, errp);
}

static bool out_can_write(const OutTarget *t, GError **errp)
{
    g_autofree char *dir = NULL;
    const char *where = t->final;

    switch (t->kind) {
    case OUT_STDOUT:
        return true;
    case OUT_DIR:
        if (!t->is_dir) {
            return out_fail(errp, t, EISDIR);
        }
        break;
    case OUT_NEW:
    case OUT_REGULAR:
        if (t->is_dir && t->kind == OUT_REGULAR) {
            return out_fail(errp, t, ENOTDIR);
        }
        dir = g_path_get_dirname(t->final);
        where = dir;
        break;
    case OUT_DIRECT:
    case OUT_SOCKET:
        if (t->is_dir) {
            return out_fail(errp, t, ENOTDIR);
        }
        if (faccessat(AT_FDCWD, where, W_OK, AT_EACCESS) < 0) {
            return out_fail(errp, t, errno);
        }
        return true;
    }
    if (faccessat(AT_FDCWD, where, W_OK | X_OK, AT_EACCESS) < 0) {
        return out_fail(errp, t, errno);
    }
    return true;
}

static bool out_check(const char *path, bool is_dir, GError **errp)
{
    OutTarget t = { .path = g_strdup(path), .is_dir = is_dir };
    bool ok;

    g_return_val_if_fail(path != NULL, false);

    ok = out_resolve(&t, errp) && out_can_write(&t, errp);
    out_target_clear(&t);
    return ok;
}

bool virt_output_check(const char *path, GError **errp)
{
    return out_check(path, false, errp);
}

bool virt_output_check_dir(const char *dir, GError **errp)
{
    return out_check(dir, true, errp);
}

bool virt_output_is_stdout(const char *path)
{
    struct stat st;

    return path != NULL &&
           (!strcmp(path, "-") ||
            (*path && stat(path, &st) == 0 && out_same_as_stdout(&st)));
}

/* The directory for virt_output_write_dir: resolved, created if new */
static bool out_open_dir(OutTarget *d, bool *created, GError **errp)
{
    if (!out_resolve(d, errp)) {
        return false;
    }
    if (d->kind == OUT_NEW) {
        if (mkdir(d->final, 0777) < 0) {
            return out_fail(errp, d, errno);
        }
        *created = true;
        return true;
    }
    if (d->kind != OUT_DIR && d->kind != OUT_STDOUT) {
        return out_fail(errp, d, ENOTDIR);
    }
    return true;
}

static bool out_stage_all(const OutTarget *d, OutTarget *ts,
                          const VirtOutputFile *files, size_t n,
                          GError **errp)
{
    for (size_t i = 0; i < n; i++) {
        g_return_val_if_fail(strchr(files[i].name, '/') == NULL, false);

        if (d->kind == OUT_STDOUT) {
            ts[i].path = g_strdup(d->path);
            ts[i].kind = OUT_STDOUT;
            if (!out_write_stdout(&ts[i], files[i].data, files[i].len,
                                  files[i].len, errp)) {
                return false;
            }
            continue;
        }
        ts[i].path = g_build_filename(d->path, files[i].name, NULL);
        if (!out_stage(&ts[i], files[i].data, files[i].len, files[i].len,
                       errp)) {
            return false;
        }
    }
    return true;
}

static bool out_commit_all(OutTarget *ts, size_t n, GError **errp)
{
    for (size_t i = 0; i < n; i++) {
        if (!out_commit(&ts[i], errp)) {
            /* take back the files this call created */
            for (size_t j = 0; j < i; j++) {
                if (ts[j].kind == OUT_NEW) {
                    unlink(ts[j].final);
                }
            }
            return false;
        }
    }
    return true;
}

bool virt_output_write_dir(const char *dir, const VirtOutputFile *files,
                           size_t n, GError **errp)
{
    OutTarget d = { .path = g_strdup(dir), .is_dir = true };
    g_autofree OutTarget *ts = g_new0(OutTarget, n + 1);
    bool created = false;
    bool ok;

    g_return_val_if_fail(dir != NULL && (files != NULL || n == 0), false);

    ok = out_open_dir(&d, &created, errp) &&
         out_stage_all(&d, ts, files, n, errp) &&
         out_commit_all(ts, n, errp);
    for (size_t i = 0; i < n; i++) {
        out_target_clear(&ts[i]);       /* removes what was not renamed */
    }
    if (!ok && created) {
        rmdir(d.final);
    }
    out_target_clear(&d);
    return ok;
}
