/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small qtest client for a real qemu-system-aarch64, shared by the
 * conformance tests and `virtboard conform`. See include/virt/qtest.h
 * and docs/devel/testing.md.
 */
#include "virt/qtest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "virt/qemu-run.h"

/* How long qts_quit() waits for QEMU after "quit" before SIGKILL */
#define QTS_QUIT_TIMEOUT_MS 10000
/* How long to wait for QEMU to exit once its sockets hung up */
#define QTS_EXIT_GRACE_MS 5000
/* Largest single read/b64read/DMA transfer */
#define QTS_CHUNK (1024 * 1024)

struct QTestState {
    pid_t pid;
    bool exited;
    int status;
    char *tmpdir;
    char *qtest_path;
    char *qmp_path;
    int stderr_fd;              /* QEMU's stderr, an unlinked file */
    int qtest_fd;
    int qmp_fd;
    GString *qtest_buf;
    GString *qmp_buf;
    int timeout_ms;
    long long cpu_ticks;        /* QEMU's CPU time at the last check */
    int extensions;             /* time limits extended while it worked */
    int fw_cfg_dma;             /* -1: not probed yet, 0: no, 1: yes */
};

G_DEFINE_QUARK(qts-error-quark, qts_error)

/* ---- small helpers ---- */

static int64_t qts_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* A GError of virt_qemu_run/spawn as the client's own error */
static void qts_take_run_error(GError *err, GError **errp)
{
    int code = g_error_matches(err, VIRT_QEMU_RUN_ERROR,
                               VIRT_QEMU_RUN_ERROR_TIMEOUT)
        ? QTS_ERROR_TIMEOUT : QTS_ERROR_SPAWN;

    g_set_error_literal(errp, QTS_ERROR, code, err->message);
    g_error_free(err);
}

void qts_exit_clear(QtsExit *ex)
{
    if (ex == NULL) {
        return;
    }
    g_clear_pointer(&ex->stderr_text, g_free);
    ex->exited = false;
    ex->status = 0;
}


/* fork + exec @argv[0]; see virt_qemu_spawn() */
static pid_t qts_spawn(const char *const *argv, int out_fd, int err_fd,
                       GError **errp)
{
    GError *err = NULL;
    pid_t pid = virt_qemu_spawn(argv, out_fd, err_fd, &err);

    if (pid < 0) {
        qts_take_run_error(err, errp);
    }
    return pid;
}

/* ---- sessions ---- */

static int qts_listen(const char *path, GError **errp)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN,
                    "socket path too long: %s", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN, "socket: %s",
                    g_strerror(errno));
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN, "listen on %s: %s",
                    path, g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static char *qts_read_stderr(const QTestState *s)
{
    GString *text = g_string_new(NULL);
    char chunk[4096];
    off_t off = 0;
    ssize_t n;

    while (s->stderr_fd >= 0) {
        n = pread(s->stderr_fd, chunk, sizeof(chunk), off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        g_string_append_len(text, chunk, n);
        off += n;
    }
    return g_string_free(text, FALSE);
}

/*
 * QEMU hung up or stopped answering: give it a moment to exit, then
 * report its status and stderr (killing it if it is still around).
 */
static void qts_set_exit_error(QTestState *s, const char *what,
                               GError **errp)
{
    g_autofree char *err_text = NULL;

    if (!s->exited) {
        if (virt_qemu_wait(s->pid, QTS_EXIT_GRACE_MS, &s->status)) {
            s->exited = true;
        } else {
            s->status = virt_qemu_kill(s->pid);
            s->exited = true;
            err_text = qts_read_stderr(s);
            g_set_error(errp, QTS_ERROR, QTS_ERROR_TIMEOUT,
                        "%s, and QEMU did not exit (killed): %s", what,
                        err_text);
            return;
        }
    }
    err_text = qts_read_stderr(s);
    g_set_error(errp, QTS_ERROR, QTS_ERROR_EXITED,
                "%s: QEMU exited with status %d: %s", what, s->status,
                err_text);
}

/* Accept one connection on @listen_fd while watching the child */
/*
 * The time limit ran out: extend it to @deadline + timeout while QEMU
 * still uses CPU (a busy machine), a bounded number of times
 */
static bool qts_extend(QTestState *s, int64_t *deadline)
{
    if (s->pid <= 0 || s->extensions >= VIRT_QEMU_MAX_EXTENSIONS ||
        !virt_qemu_busy(s->pid, &s->cpu_ticks)) {
        return false;
    }
    s->extensions++;
    *deadline = qts_now_ms() + s->timeout_ms;
    return true;
}

static int qts_accept(QTestState *s, int listen_fd, int64_t *deadline,
                      GError **errp)
{
    struct pollfd pfd = { .fd = listen_fd, .events = POLLIN };
    int fd;
    int r;

    for (;;) {
        if (virt_qemu_wait(s->pid, 0, &s->status)) {
            s->exited = true;
            qts_set_exit_error(s, "QEMU did not connect", errp);
            return -1;
        }
        if (qts_now_ms() >= *deadline && !qts_extend(s, deadline)) {
            qts_set_exit_error(s, "timed out waiting for QEMU to connect",
                               errp);
            return -1;
        }
        r = poll(&pfd, 1, 50);
        if (r < 0 && errno != EINTR) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN, "poll: %s",
                        g_strerror(errno));
            return -1;
        }
        if (r > 0) {
            fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            if (errno != EINTR && errno != EAGAIN) {
                g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN, "accept: %s",
                            g_strerror(errno));
                return -1;
            }
        }
    }
}

static bool qts_send_all(QTestState *s, int fd, const char *data,
                         size_t len, GError **errp)
{
    ssize_t n;

    while (len > 0) {
        n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            qts_set_exit_error(s, "cannot send to QEMU", errp);
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* Read one line (without its "\n") from @fd, buffering in @buf */
static char *qts_read_line(QTestState *s, int fd, GString *buf,
                           GError **errp)
{
    int64_t deadline = qts_now_ms() + s->timeout_ms;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    char chunk[65536];
    const char *nl;
    char *line;
    int64_t left;
    ssize_t n;
    int r;

    for (;;) {
        nl = memchr(buf->str, '\n', buf->len);
        if (nl != NULL) {
            line = g_strndup(buf->str, (gsize)(nl - buf->str));
            g_string_erase(buf, 0, nl - buf->str + 1);
            s->extensions = 0;      /* the bound is per answer */
            return line;
        }
        left = deadline - qts_now_ms();
        if (left <= 0 && qts_extend(s, &deadline)) {
            continue;
        }
        if (left <= 0) {
            qts_set_exit_error(s, "timed out waiting for a reply", errp);
            return NULL;
        }
        r = poll(&pfd, 1, (int)MIN(left, 1000));
        if (r < 0 && errno != EINTR) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL, "poll: %s",
                        g_strerror(errno));
            return NULL;
        }
        if (r <= 0) {
            continue;
        }
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            qts_set_exit_error(s, "connection to QEMU closed", errp);
            return NULL;
        }
        g_string_append_len(buf, chunk, n);
    }
}

char *qts_qmp(QTestState *s, const char *json, GError **errp)
{
    g_autofree char *req = g_strdup_printf("%s\n", json);
    char *line;

    if (!qts_send_all(s, s->qmp_fd, req, strlen(req), errp)) {
        return NULL;
    }
    for (;;) {
        line = qts_read_line(s, s->qmp_fd, s->qmp_buf, errp);
        if (line == NULL) {
            return NULL;
        }
        g_strchomp(line);
        if (g_str_has_prefix(line, "{\"return\"")) {
            return line;
        }
        if (g_str_has_prefix(line, "{\"error\"")) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_FAILED,
                        "QMP '%s' failed: %s", json, line);
            g_free(line);
            return NULL;
        }
        /* an event (or anything else): not our reply */
        g_free(line);
    }
}

static bool qts_handshake(QTestState *s, GError **errp)
{
    g_autofree char *greeting = NULL;
    g_autofree char *ret = NULL;
    g_autofree char *endian = NULL;

    greeting = qts_read_line(s, s->qmp_fd, s->qmp_buf, errp);
    if (greeting == NULL) {
        return false;
    }
    if (!g_str_has_prefix(greeting, "{\"QMP\"")) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                    "unexpected QMP greeting: %s", greeting);
        return false;
    }
    ret = qts_qmp(s, "{\"execute\": \"qmp_capabilities\"}", errp);
    if (ret == NULL) {
        return false;
    }
    endian = qts_request(s, "endianness", errp);
    if (endian == NULL) {
        return false;
    }
    if (strcmp(endian, "little") != 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                    "unexpected target endianness '%s'", endian);
        return false;
    }
    return true;
}

static QTestState *qts_new(void)
{
    QTestState *s = g_new0(QTestState, 1);

    s->pid = -1;
    s->qtest_fd = -1;
    s->qmp_fd = -1;
    s->stderr_fd = -1;
    s->qtest_buf = g_string_new(NULL);
    s->qmp_buf = g_string_new(NULL);
    s->timeout_ms = QTS_DEFAULT_TIMEOUT * 1000;
    s->cpu_ticks = -1;
    s->fw_cfg_dma = -1;
    return s;
}

/* Remove the temporary directory (nothing in it is needed any more) */
static void qts_remove_tmpdir(QTestState *s)
{
    if (s->qtest_path != NULL) {
        g_unlink(s->qtest_path);
    }
    if (s->qmp_path != NULL) {
        g_unlink(s->qmp_path);
    }
    if (s->tmpdir != NULL) {
        g_rmdir(s->tmpdir);
    }
    g_clear_pointer(&s->qtest_path, g_free);
    g_clear_pointer(&s->qmp_path, g_free);
    g_clear_pointer(&s->tmpdir, g_free);
}

/* Close everything, reap QEMU, remove the temporary directory */
static void qts_free(QTestState *s)
{
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
    }
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    if (s->pid > 0 && !s->exited) {
        if (!virt_qemu_wait(s->pid, QTS_QUIT_TIMEOUT_MS, &s->status)) {
            s->status = virt_qemu_kill(s->pid);
        }
        s->exited = true;
    }
    if (s->stderr_fd >= 0) {
        close(s->stderr_fd);
    }
    qts_remove_tmpdir(s);
    g_string_free(s->qtest_buf, TRUE);
    g_string_free(s->qmp_buf, TRUE);
    g_free(s);
}

static const char *const *qts_build_argv(GPtrArray *argv, QTestState *s,
                                         const char *binary,
                                         const char *const *machine_args)
{
    g_ptr_array_add(argv, g_strdup(binary));
    g_ptr_array_add(argv, g_strdup("-qtest"));
    g_ptr_array_add(argv, g_strdup_printf("unix:%s", s->qtest_path));
    g_ptr_array_add(argv, g_strdup("-qtest-log"));
    g_ptr_array_add(argv, g_strdup("none"));
    g_ptr_array_add(argv, g_strdup("-chardev"));
    g_ptr_array_add(argv, g_strdup_printf("socket,path=%s,id=char0",
                                          s->qmp_path));
    /*
     * The QMP monitor on that chardev. "-mon chardev=...,mode=control"
     * is deprecated in 11.1 (a warning on stderr, which the tests read
     * as QEMU's message); "-qmp chardev:ID" means the same in 5.2 ...
     * 11.1 and warns about nothing.
     */
    g_ptr_array_add(argv, g_strdup("-qmp"));
    g_ptr_array_add(argv, g_strdup("chardev:char0"));
    g_ptr_array_add(argv, g_strdup("-display"));
    g_ptr_array_add(argv, g_strdup("none"));
    g_ptr_array_add(argv, g_strdup("-nodefaults"));
    for (size_t i = 0; machine_args != NULL && machine_args[i]; i++) {
        g_ptr_array_add(argv, g_strdup(machine_args[i]));
    }
    g_ptr_array_add(argv, g_strdup("-accel"));
    g_ptr_array_add(argv, g_strdup("tcg"));
    g_ptr_array_add(argv, g_strdup("-S"));
    g_ptr_array_add(argv, NULL);
    return (const char *const *)argv->pdata;
}

static void qts_fill_exit(const QTestState *s, QtsExit *exit_info)
{
    if (exit_info == NULL) {
        return;
    }
    exit_info->exited = s->exited;
    exit_info->status = s->exited ? s->status : 0;
    exit_info->stderr_text = qts_read_stderr(s);
}

QTestState *qts_start_binary(const char *binary,
                                    const char *const *machine_args,
                                    QtsExit *exit_info, GError **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) tmp_err = NULL;
    QTestState *s = qts_new();
    int qtest_listen = -1;
    int qmp_listen = -1;
    g_autofree char *err_path = NULL;
    int64_t deadline;

    if (exit_info != NULL) {
        memset(exit_info, 0, sizeof(*exit_info));
    }
    s->tmpdir = g_dir_make_tmp("qtest-virt-XXXXXX", &tmp_err);
    if (s->tmpdir == NULL) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN,
                    "cannot create a temporary directory: %s",
                    tmp_err->message);
        goto fail;
    }
    s->qtest_path = g_build_filename(s->tmpdir, "qtest.sock", NULL);
    s->qmp_path = g_build_filename(s->tmpdir, "qmp.sock", NULL);
    err_path = g_build_filename(s->tmpdir, "stderr", NULL);

    qtest_listen = qts_listen(s->qtest_path, errp);
    if (qtest_listen < 0) {
        goto fail;
    }
    qmp_listen = qts_listen(s->qmp_path, errp);
    if (qmp_listen < 0) {
        goto fail;
    }
    /* Opened O_APPEND so that QEMU's writes and our preads agree */
    s->stderr_fd = open(err_path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND |
                        O_CLOEXEC, 0600);
    if (s->stderr_fd < 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_SPAWN, "cannot create %s: %s",
                    err_path, g_strerror(errno));
        goto fail;
    }
    g_unlink(err_path);

    s->pid = qts_spawn(qts_build_argv(argv, s, binary, machine_args), -1,
                       s->stderr_fd, errp);
    if (s->pid < 0) {
        goto fail;
    }

    deadline = qts_now_ms() + s->timeout_ms;
    s->qtest_fd = qts_accept(s, qtest_listen, &deadline, errp);
    if (s->qtest_fd < 0) {
        goto fail;
    }
    s->qmp_fd = qts_accept(s, qmp_listen, &deadline, errp);
    if (s->qmp_fd < 0) {
        goto fail;
    }
    close(qtest_listen);
    close(qmp_listen);
    qtest_listen = qmp_listen = -1;
    /* Connected: a test killed from now on leaves nothing behind */
    qts_remove_tmpdir(s);

    if (!qts_handshake(s, errp)) {
        goto fail;
    }
    return s;

fail:
    if (qtest_listen >= 0) {
        close(qtest_listen);
    }
    if (qmp_listen >= 0) {
        close(qmp_listen);
    }
    if (s->pid > 0 && !s->exited) {
        s->status = virt_qemu_kill(s->pid);
        s->exited = true;
    }
    qts_fill_exit(s, exit_info);
    qts_free(s);
    return NULL;
}



void qts_quit(QTestState *s)
{
    static const char quit[] = "{\"execute\": \"quit\"}\n";

    if (s == NULL) {
        return;
    }
    if (!s->exited && s->qmp_fd >= 0) {
        /* Best effort: QEMU may close the socket before replying */
        if (send(s->qmp_fd, quit, sizeof(quit) - 1, MSG_NOSIGNAL) < 0) {
            kill(s->pid, SIGTERM);
        }
        /* Keep the sockets open until QEMU has read the command */
        if (virt_qemu_wait(s->pid, QTS_QUIT_TIMEOUT_MS, &s->status)) {
            s->exited = true;
        }
    }
    qts_free(s);
}

int qts_pid(const QTestState *s)
{
    return s->pid;
}

/* ---- the qtest channel ---- */

/* Send @request, wait for its reply (skipping IRQ lines) */
static char *qts_transact(QTestState *s, const char *request,
                          QtsReply *reply, GError **errp)
{
    g_autofree char *req = g_strdup_printf("%s\n", request);
    char *line;

    if (!qts_send_all(s, s->qtest_fd, req, strlen(req), errp)) {
        return NULL;
    }
    for (;;) {
        line = qts_read_line(s, s->qtest_fd, s->qtest_buf, errp);
        if (line == NULL) {
            return NULL;
        }
        qts_parse_reply(line, strlen(line), reply);
        switch (reply->kind) {
        case QTS_REPLY_IRQ:
            g_free(line);
            continue;
        case QTS_REPLY_OK:
            return line;
        case QTS_REPLY_FAIL:
        case QTS_REPLY_ERR:
            g_set_error(errp, QTS_ERROR, QTS_ERROR_FAILED,
                        "qtest '%.60s' failed: %s", request, line);
            g_free(line);
            return NULL;
        case QTS_REPLY_INVALID:
        default:
            g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                        "qtest '%.60s': malformed reply '%.80s'", request,
                        line);
            g_free(line);
            return NULL;
        }
    }
}

char *qts_request(QTestState *s, const char *request, GError **errp)
{
    QtsReply reply;
    g_autofree char *line = qts_transact(s, request, &reply, errp);

    if (line == NULL) {
        return NULL;
    }
    return g_strndup(line + reply.arg_offset, reply.arg_len);
}

static bool qts_read_value(QTestState *s, const char *op, uint64_t addr,
                           uint64_t max, uint64_t *value, GError **errp)
{
    g_autofree char *req = g_strdup_printf("%s 0x%" PRIx64, op, addr);
    g_autofree char *line = NULL;
    QtsReply reply;

    line = qts_transact(s, req, &reply, errp);
    if (line == NULL) {
        return false;
    }
    if (!reply.has_value || reply.value > max) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                    "qtest '%s': bad value in reply '%s'", req, line);
        return false;
    }
    *value = reply.value;
    return true;
}

static bool qts_write_value(QTestState *s, const char *op, uint64_t addr,
                            uint64_t value, GError **errp)
{
    g_autofree char *req = g_strdup_printf("%s 0x%" PRIx64 " 0x%" PRIx64,
                                           op, addr, value);
    g_autofree char *line = NULL;
    QtsReply reply;

    line = qts_transact(s, req, &reply, errp);
    return line != NULL;
}

bool qts_readb(QTestState *s, uint64_t addr, uint8_t *value, GError **errp)
{
    uint64_t v;

    if (!qts_read_value(s, "readb", addr, UINT8_MAX, &v, errp)) {
        return false;
    }
    *value = (uint8_t)v;
    return true;
}

bool qts_readw(QTestState *s, uint64_t addr, uint16_t *value, GError **errp)
{
    uint64_t v;

    if (!qts_read_value(s, "readw", addr, UINT16_MAX, &v, errp)) {
        return false;
    }
    *value = (uint16_t)v;
    return true;
}

bool qts_readl(QTestState *s, uint64_t addr, uint32_t *value, GError **errp)
{
    uint64_t v;

    if (!qts_read_value(s, "readl", addr, UINT32_MAX, &v, errp)) {
        return false;
    }
    *value = (uint32_t)v;
    return true;
}

bool qts_readq(QTestState *s, uint64_t addr, uint64_t *value, GError **errp)
{
    return qts_read_value(s, "readq", addr, UINT64_MAX, value, errp);
}

bool qts_writeb(QTestState *s, uint64_t addr, uint8_t value, GError **errp)
{
    return qts_write_value(s, "writeb", addr, value, errp);
}

bool qts_writew(QTestState *s, uint64_t addr, uint16_t value, GError **errp)
{
    return qts_write_value(s, "writew", addr, value, errp);
}

bool qts_writel(QTestState *s, uint64_t addr, uint32_t value, GError **errp)
{
    return qts_write_value(s, "writel", addr, value, errp);
}

bool qts_writeq(QTestState *s, uint64_t addr, uint64_t value, GError **errp)
{
    return qts_write_value(s, "writeq", addr, value, errp);
}

bool qts_memread(QTestState *s, uint64_t addr, void *buf, size_t size,
                 GError **errp)
{
    uint8_t *out = buf;

    while (size > 0) {
        size_t n = MIN(size, (size_t)QTS_CHUNK);
        g_autofree char *req = g_strdup_printf("read 0x%" PRIx64 " 0x%zx",
                                               addr, n);
        g_autofree char *line = NULL;
        QtsReply reply;

        line = qts_transact(s, req, &reply, errp);
        if (line == NULL) {
            return false;
        }
        if (!qts_parse_hex_bytes(line + reply.arg_offset, reply.arg_len, out,
                                 n)) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                        "qtest '%s': bad hex data in reply", req);
            return false;
        }
        out += n;
        addr += n;
        size -= n;
    }
    return true;
}

bool qts_memwrite(QTestState *s, uint64_t addr, const void *buf,
                  size_t size, GError **errp)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *in = buf;

    while (size > 0) {
        size_t n = MIN(size, (size_t)QTS_CHUNK);
        g_autoptr(GString) req = g_string_sized_new(64 + 2 * n);
        g_autofree char *line = NULL;
        QtsReply reply;

        g_string_printf(req, "write 0x%" PRIx64 " 0x%zx 0x", addr, n);
        for (size_t i = 0; i < n; i++) {
            g_string_append_c(req, digits[in[i] >> 4]);
            g_string_append_c(req, digits[in[i] & 0xf]);
        }
        line = qts_transact(s, req->str, &reply, errp);
        if (line == NULL) {
            return false;
        }
        in += n;
        addr += n;
        size -= n;
    }
    return true;
}

bool qts_bufread(QTestState *s, uint64_t addr, void *buf, size_t size,
                 GError **errp)
{
    uint8_t *out = buf;

    while (size > 0) {
        size_t n = MIN(size, (size_t)QTS_CHUNK);
        g_autofree char *req = g_strdup_printf("b64read 0x%" PRIx64 " 0x%zx",
                                               addr, n);
        g_autofree char *line = NULL;
        g_autofree uint8_t *data = NULL;
        size_t data_len = 0;
        QtsReply reply;

        line = qts_transact(s, req, &reply, errp);
        if (line == NULL) {
            return false;
        }
        data = qts_base64_decode(line + reply.arg_offset, reply.arg_len,
                                 &data_len);
        if (data == NULL || data_len != n) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_PROTOCOL,
                        "qtest '%s': bad base64 data in reply", req);
            return false;
        }
        memcpy(out, data, n);
        out += n;
        addr += n;
        size -= n;
    }
    return true;
}

bool qts_bufwrite(QTestState *s, uint64_t addr, const void *buf,
                  size_t size, GError **errp)
{
    const uint8_t *in = buf;

    while (size > 0) {
        size_t n = MIN(size, (size_t)QTS_CHUNK);
        g_autofree char *b64 = g_base64_encode(in, n);
        g_autofree char *req = g_strdup_printf("b64write 0x%" PRIx64
                                               " 0x%zx %s", addr, n, b64);
        g_autofree char *line = NULL;
        QtsReply reply;

        line = qts_transact(s, req, &reply, errp);
        if (line == NULL) {
            return false;
        }
        in += n;
        addr += n;
        size -= n;
    }
    return true;
}

bool qfw_cfg_read_acpi(QTestState *s, VirtAcpiBlobs *out, GError **errp)
{
    g_autoptr(GArray) dir = qfw_cfg_read_dir(s, errp);

    memset(out, 0, sizeof(*out));
    if (dir == NULL) {
        return false;
    }
    if (qfw_cfg_dir_find(dir, VIRT_ACPI_TABLES_FILE) == NULL) {
        return true;
    }
    out->tables = qfw_cfg_read_file(s, VIRT_ACPI_TABLES_FILE, errp);
    if (out->tables != NULL) {
        out->rsdp = qfw_cfg_read_file(s, VIRT_ACPI_RSDP_FILE, errp);
    }
    if (out->rsdp != NULL) {
        out->loader = qfw_cfg_read_file(s, VIRT_ACPI_LOADER_FILE, errp);
    }
    if (out->loader == NULL) {
        virt_acpi_blobs_clear(out);
        return false;
    }
    return true;
}

char *qts_acpi_signatures(const GPtrArray *tables)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < tables->len; i++) {
        const AcpiLinkedTable *t = g_ptr_array_index(tables, i);

        g_string_append_printf(s, "%s%s", i ? " " : "", t->sig);
    }
    return g_string_free(s, FALSE);
}

/* ---- one-shot runs ---- */

bool qts_run_binary(const char *binary, const char *const *args,
                    int timeout_s, int *exit_status, char **stdout_text,
                    char **stderr_text, GError **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    GError *err = NULL;

    g_ptr_array_add(argv, g_strdup(binary));
    for (size_t i = 0; args != NULL && args[i] != NULL; i++) {
        g_ptr_array_add(argv, g_strdup(args[i]));
    }
    g_ptr_array_add(argv, NULL);
    if (!virt_qemu_run((const char *const *)argv->pdata,
                       timeout_s > 0 ? timeout_s : QTS_DEFAULT_TIMEOUT,
                       exit_status, stdout_text, stderr_text, &err)) {
        qts_take_run_error(err, errp);
        return false;
    }
    return true;
}

/* ---- pure helpers ---- */

static int qts_hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* A whole number: 0x<1..16 hex digits> or decimal without overflow */
static bool qts_parse_u64(const char *p, size_t len, uint64_t *value)
{
    uint64_t v = 0;
    size_t i;
    int d;

    if (len == 0) {
        return false;
    }
    if (len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        if (len - 2 > 16) {
            /* allow leading zeros beyond 16 digits? QEMU never sends them */
            return false;
        }
        for (i = 2; i < len; i++) {
            d = qts_hex_digit(p[i]);
            if (d < 0) {
                return false;
            }
            v = (v << 4) | (uint64_t)d;
        }
        *value = v;
        return true;
    }
    for (i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
        d = p[i] - '0';
        if (v > (UINT64_MAX - (uint64_t)d) / 10) {
            return false;
        }
        v = v * 10 + (uint64_t)d;
    }
    *value = v;
    return true;
}

static bool qts_parse_irq(const char *p, size_t len, QtsReply *reply)
{
    uint64_t num;

    if (len > 6 && memcmp(p, "raise ", 6) == 0) {
        reply->irq_raise = true;
    } else if (len > 6 && memcmp(p, "lower ", 6) == 0) {
        reply->irq_raise = false;
    } else {
        return false;
    }
    if (p[6] < '0' || p[6] > '9' || !qts_parse_u64(p + 6, len - 6, &num) ||
        num > INT_MAX) {
        return false;
    }
    reply->irq_num = (int)num;
    return true;
}

bool qts_parse_reply(const char *line, size_t len, QtsReply *reply)
{
    static const struct {
        const char *word;
        QtsReplyKind kind;
    } words[] = {
        { "OK", QTS_REPLY_OK },
        { "FAIL", QTS_REPLY_FAIL },
        { "ERR", QTS_REPLY_ERR },
        { "IRQ", QTS_REPLY_IRQ },
    };
    QtsReplyKind kind = QTS_REPLY_INVALID;
    size_t word_len = 0;
    size_t start;

    memset(reply, 0, sizeof(*reply));
    reply->kind = QTS_REPLY_INVALID;
    if (line == NULL) {
        return false;
    }
    /* Drop the line terminator and trailing blanks */
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                       line[len - 1] == ' ')) {
        len--;
    }
    /* Printable ASCII only: no NUL, no embedded newline */
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] > 0x7e) {
            return false;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        size_t n = strlen(words[i].word);

        if (len >= n && memcmp(line, words[i].word, n) == 0 &&
            (len == n || line[n] == ' ')) {
            kind = words[i].kind;
            word_len = n;
            break;
        }
    }
    if (kind == QTS_REPLY_INVALID) {
        return false;
    }
    start = word_len;
    while (start < len && line[start] == ' ') {
        start++;
    }
    reply->arg_offset = start;
    reply->arg_len = len - start;
    if (kind == QTS_REPLY_IRQ &&
        !qts_parse_irq(line + start, len - start, reply)) {
        reply->arg_offset = 0;
        reply->arg_len = 0;
        return false;
    }
    reply->has_value = qts_parse_u64(line + start, len - start,
                                     &reply->value);
    if (!reply->has_value) {
        reply->value = 0;
    }
    reply->kind = kind;
    return true;
}

bool qts_parse_hex_bytes(const char *text, size_t len, uint8_t *out,
                         size_t size)
{
    int hi;
    int lo;

    if (text == NULL || size > (SIZE_MAX - 2) / 2 || len != 2 + 2 * size ||
        text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return false;
    }
    for (size_t i = 0; i < size; i++) {
        hi = qts_hex_digit(text[2 + 2 * i]);
        lo = qts_hex_digit(text[3 + 2 * i]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return true;
}

static int qts_b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

uint8_t *qts_base64_decode(const char *text, size_t len, size_t *out_len)
{
    g_autofree uint8_t *out = NULL;
    size_t pad = 0;
    size_t n = 0;
    int v[4];

    *out_len = 0;
    if (text == NULL || len % 4 != 0) {
        return NULL;
    }
    if (len > 0 && text[len - 1] == '=') {
        pad = (len > 1 && text[len - 2] == '=') ? 2 : 1;
    }
    out = g_malloc(len / 4 * 3 + 1);
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;

        for (size_t j = 0; j < 4; j++) {
            if (last && j >= 4 - pad) {
                v[j] = 0;
                continue;
            }
            v[j] = qts_b64_value(text[i + j]);
            if (v[j] < 0) {
                return NULL;
            }
        }
        /* Non-canonical encodings (stray bits under the padding) */
        if (last && pad == 1 && (v[2] & 0x3) != 0) {
            return NULL;
        }
        if (last && pad == 2 && (v[1] & 0xf) != 0) {
            return NULL;
        }
        out[n++] = (uint8_t)((v[0] << 2) | (v[1] >> 4));
        if (!last || pad < 2) {
            out[n++] = (uint8_t)(((v[1] & 0xf) << 4) | (v[2] >> 2));
        }
        if (!last || pad < 1) {
            out[n++] = (uint8_t)(((v[2] & 0x3) << 6) | v[3]);
        }
    }
    *out_len = n;
    return g_steal_pointer(&out);
}

/* ---- fw_cfg ---- */

static uint32_t qfw_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

static void qfw_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void qfw_put_be64(uint8_t *p, uint64_t v)
{
    qfw_put_be32(p, (uint32_t)(v >> 32));
    qfw_put_be32(p + 4, (uint32_t)v);
}

GArray *qfw_cfg_parse_dir(const uint8_t *data, size_t len, GError **errp)
{
    g_autoptr(GArray) dir = g_array_new(FALSE, TRUE, sizeof(QfwCfgFile));
    const uint8_t *e;
    uint32_t count;
    QfwCfgFile f;

    if (data == NULL || len < 4) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "fw_cfg directory too short (%zu bytes)", len);
        return NULL;
    }
    count = qfw_be32(data);
    if (count > (len - 4) / 64) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "fw_cfg directory holds %" PRIu32 " entries but only "
                    "%zu bytes", count, len);
        return NULL;
    }
    for (uint32_t i = 0; i < count; i++) {
        e = data + 4 + (size_t)i * 64;
        if (memchr(e + 8, '\0', QFW_CFG_MAX_FILE_PATH) == NULL) {
            g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                        "fw_cfg directory entry %" PRIu32
                        ": name not NUL-terminated", i);
            return NULL;
        }
        memset(&f, 0, sizeof(f));
        f.size = qfw_be32(e);
        f.select = (uint16_t)((e[4] << 8) | e[5]);
        memcpy(f.name, e + 8, QFW_CFG_MAX_FILE_PATH);
        g_array_append_val(dir, f);
    }
    return g_steal_pointer(&dir);
}

const QfwCfgFile *qfw_cfg_dir_find(const GArray *dir, const char *name)
{
    for (guint i = 0; dir != NULL && i < dir->len; i++) {
        const QfwCfgFile *f = &g_array_index(dir, QfwCfgFile, i);

        if (strcmp(f->name, name) == 0) {
            return f;
        }
    }
    return NULL;
}

static bool qfw_cfg_select(QTestState *s, uint16_t key, GError **errp)
{
    /* The selector is big-endian; qtest writes in target (LE) order */
    return qts_writew(s, QFW_CFG_VIRT_BASE + QFW_CFG_REG_SELECTOR,
                      GUINT16_SWAP_LE_BE(key), errp);
}

/* Read @size bytes of the selected item through the data register */
static bool qfw_cfg_read_data(QTestState *s, uint8_t *buf, size_t size,
                              GError **errp)
{
    uint8_t word[8];
    size_t n;

    while (size > 0) {
        n = MIN(size, sizeof(word));
        if (!qts_memread(s, QFW_CFG_VIRT_BASE + QFW_CFG_REG_DATA, word,
                         sizeof(word), errp)) {
            return false;
        }
        memcpy(buf, word, n);
        buf += n;
        size -= n;
    }
    return true;
}

bool qfw_cfg_check_signature(QTestState *s, GError **errp)
{
    uint8_t sig[4];

    if (!qfw_cfg_select(s, QFW_CFG_SIGNATURE, errp)) {
        return false;
    }
    for (size_t i = 0; i < sizeof(sig); i++) {
        if (!qts_readb(s, QFW_CFG_VIRT_BASE + QFW_CFG_REG_DATA, &sig[i],
                       errp)) {
            return false;
        }
    }
    if (memcmp(sig, "QEMU", 4) != 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "no fw_cfg at 0x%" PRIx64 ": signature %02x %02x %02x "
                    "%02x", QFW_CFG_VIRT_BASE, sig[0], sig[1], sig[2],
                    sig[3]);
        return false;
    }
    return true;
}

bool qfw_cfg_dma_supported(QTestState *s)
{
    uint8_t id[4];
    uint8_t sig[8];

    if (s->fw_cfg_dma >= 0) {
        return s->fw_cfg_dma == 1;
    }
    s->fw_cfg_dma = 0;
    if (!qfw_cfg_select(s, QFW_CFG_ID, NULL) ||
        !qfw_cfg_read_data(s, id, sizeof(id), NULL)) {
        return false;
    }
    /* FW_CFG_ID is little-endian */
    if ((id[0] & QFW_CFG_VERSION_DMA) == 0) {
        return false;
    }
    if (!qts_memread(s, QFW_CFG_VIRT_BASE + QFW_CFG_REG_DMA, sig,
                     sizeof(sig), NULL) ||
        memcmp(sig, "QEMU CFG", 8) != 0) {
        return false;
    }
    s->fw_cfg_dma = 1;
    return true;
}

/* One DMA transfer of @len bytes into guest RAM at @buf_addr */
static bool qfw_cfg_dma_xfer(QTestState *s, uint32_t control, uint32_t len,
                             uint64_t buf_addr, GError **errp)
{
    uint8_t desc[16];
    uint8_t ctl[4];
    uint32_t result;

    qfw_put_be32(desc, control);
    qfw_put_be32(desc + 4, len);
    qfw_put_be64(desc + 8, buf_addr);
    if (!qts_memwrite(s, QFW_CFG_DMA_SCRATCH, desc, sizeof(desc), errp)) {
        return false;
    }
    /* The DMA address register is big-endian; this write starts it */
    if (!qts_writeq(s, QFW_CFG_VIRT_BASE + QFW_CFG_REG_DMA,
                    GUINT64_SWAP_LE_BE(QFW_CFG_DMA_SCRATCH), errp)) {
        return false;
    }
    if (!qts_memread(s, QFW_CFG_DMA_SCRATCH, ctl, sizeof(ctl), errp)) {
        return false;
    }
    result = qfw_be32(ctl);
    if (result != 0) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "fw_cfg DMA (control 0x%08" PRIx32 ") ended with "
                    "control 0x%08" PRIx32, control, result);
        return false;
    }
    return true;
}

static bool qfw_cfg_read_dma(QTestState *s, uint16_t key, uint8_t *buf,
                             size_t size, GError **errp)
{
    const uint64_t buf_addr = QFW_CFG_DMA_SCRATCH + 0x1000;
    uint32_t control = ((uint32_t)key << 16) | QFW_CFG_DMA_CTL_SELECT |
                       QFW_CFG_DMA_CTL_READ;
    size_t n;

    do {
        n = MIN(size, (size_t)QTS_CHUNK);
        if (!qfw_cfg_dma_xfer(s, control, (uint32_t)n, buf_addr, errp) ||
            !qts_bufread(s, buf_addr, buf, n, errp)) {
            return false;
        }
        /* Later chunks continue where the item offset is */
        control = QFW_CFG_DMA_CTL_READ;
        buf += n;
        size -= n;
    } while (size > 0);
    return true;
}

GBytes *qfw_cfg_read_key(QTestState *s, uint16_t key, size_t size,
                         GError **errp)
{
    g_autofree uint8_t *buf = g_malloc0(size + 1);

    if (size == 0) {
        return g_bytes_new(NULL, 0);
    }
    if (qfw_cfg_dma_supported(s)) {
        if (!qfw_cfg_read_dma(s, key, buf, size, errp)) {
            return NULL;
        }
    } else if (!qfw_cfg_select(s, key, errp) ||
               !qfw_cfg_read_data(s, buf, size, errp)) {
        return NULL;
    }
    return g_bytes_new_take(g_steal_pointer(&buf), size);
}

GArray *qfw_cfg_read_dir(QTestState *s, GError **errp)
{
    g_autoptr(GBytes) head = NULL;
    g_autoptr(GBytes) all = NULL;
    const uint8_t *data;
    uint32_t count;
    gsize len;

    head = qfw_cfg_read_key(s, QFW_CFG_FILE_DIR, 4, errp);
    if (head == NULL) {
        return NULL;
    }
    count = qfw_be32(g_bytes_get_data(head, NULL));
    if (count > 0xffff) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "implausible fw_cfg file count %" PRIu32, count);
        return NULL;
    }
    all = qfw_cfg_read_key(s, QFW_CFG_FILE_DIR, 4 + (size_t)count * 64,
                           errp);
    if (all == NULL) {
        return NULL;
    }
    data = g_bytes_get_data(all, &len);
    return qfw_cfg_parse_dir(data, len, errp);
}

GBytes *qfw_cfg_read_file(QTestState *s, const char *name, GError **errp)
{
    g_autoptr(GArray) dir = qfw_cfg_read_dir(s, errp);
    const QfwCfgFile *f;

    if (dir == NULL) {
        return NULL;
    }
    f = qfw_cfg_dir_find(dir, name);
    if (f == NULL) {
        g_set_error(errp, QTS_ERROR, QTS_ERROR_FW_CFG,
                    "no fw_cfg file '%s'", name);
        return NULL;
    }
    return qfw_cfg_read_key(s, f->select, f->size, errp);
}
