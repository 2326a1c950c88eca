/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a QEMU binary as a child process. See include/virt/qemu-run.h.
 */
#include "virt/qemu-run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK(virt-qemu-run-error-quark, virt_qemu_run_error)

static int64_t qemu_run_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

int virt_qemu_status_from_wait(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return WEXITSTATUS(wstatus);
    }
    if (WIFSIGNALED(wstatus)) {
        return 128 + WTERMSIG(wstatus);
    }
    return -1;
}

bool virt_qemu_wait(pid_t pid, int timeout_ms, int *status)
{
    int64_t deadline = qemu_run_now_ms() + timeout_ms;
    int wstatus;
    pid_t r;

    for (;;) {
        r = waitpid(pid, &wstatus, WNOHANG);
        if (r == pid) {
            *status = virt_qemu_status_from_wait(wstatus);
            return true;
        }
        if (r < 0 && errno != EINTR) {
            *status = -1;
            return true;
        }
        if (qemu_run_now_ms() >= deadline) {
            return false;
        }
        g_usleep(2000);
    }
}

bool virt_qemu_busy(pid_t pid, long long *ticks)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *text = NULL;
    unsigned long long utime, stime;
    const char *p;
    long long now;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return false;
    }
    /* the command name may hold spaces: fields count after its ')' */
    p = strrchr(text, ')');
    if (p == NULL || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u "
                                   "%*u %*u %llu %llu", &utime, &stime) != 2) {
        return false;
    }
    now = (long long)(utime + stime);
    if (now == *ticks) {
        return false;
    }
    *ticks = now;
    return true;
}

int virt_qemu_kill(pid_t pid)
{
    int status = -1;

    if (!virt_qemu_wait(pid, 0, &status)) {
        kill(pid, SIGKILL);
        while (!virt_qemu_wait(pid, 1000, &status)) {
            kill(pid, SIGKILL);
        }
    }
    return status;
}

pid_t virt_qemu_spawn(const char *const *argv, int out_fd, int err_fd,
                      GError **errp)
{
    pid_t parent = getpid();
    int null_fd;
    pid_t pid;

    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) {
        g_set_error(errp, VIRT_QEMU_RUN_ERROR, VIRT_QEMU_RUN_ERROR_SPAWN,
                    "cannot open /dev/null: %s", g_strerror(errno));
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0) {
        g_set_error(errp, VIRT_QEMU_RUN_ERROR, VIRT_QEMU_RUN_ERROR_SPAWN,
                    "fork: %s", g_strerror(errno));
        close(null_fd);
        return -1;
    }
    if (pid == 0) {
        /* Only async-signal-safe calls from here on */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(127);
        }
        if (dup2(null_fd, STDIN_FILENO) < 0 ||
            dup2(out_fd >= 0 ? out_fd : null_fd, STDOUT_FILENO) < 0 ||
            dup2(err_fd >= 0 ? err_fd : null_fd, STDERR_FILENO) < 0) {
            _exit(127);
        }
        execv(argv[0], (char *const *)argv);
        {
            static const char msg[] = "cannot execute the QEMU binary\n";
            ssize_t unused = write(STDERR_FILENO, msg, sizeof(msg) - 1);
            (void)unused;
        }
        _exit(127);
    }
    close(null_fd);
    return pid;
}

/* The contents of @path ("" if unreadable), and @path removed */
static char *qemu_run_slurp(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        text = g_strdup("");
    }
    g_unlink(path);
    return text;
}

bool virt_qemu_run(const char *const *argv, int timeout_s, int *exit_status,
                   char **stdout_text, char **stderr_text, GError **errp)
{
    g_autoptr(GError) tmp_err = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *out_path = NULL;
    g_autofree char *err_path = NULL;
    g_autofree char *out_text = NULL;
    g_autofree char *err_text = NULL;
    int out_fd, err_fd;
    bool finished = false;
    int status = -1;
    pid_t pid = -1;

    g_return_val_if_fail(argv != NULL && argv[0] != NULL, false);

    dir = g_dir_make_tmp("virt-qemu-run-XXXXXX", &tmp_err);
    if (dir == NULL) {
        g_set_error(errp, VIRT_QEMU_RUN_ERROR, VIRT_QEMU_RUN_ERROR_SPAWN,
                    "cannot create a temporary directory: %s",
                    tmp_err->message);
        return false;
    }
    out_path = g_build_filename(dir, "stdout", NULL);
    err_path = g_build_filename(dir, "stderr", NULL);
    out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd >= 0 && err_fd >= 0) {
        pid = virt_qemu_spawn(argv, out_fd, err_fd, errp);
    } else {
        g_set_error(errp, VIRT_QEMU_RUN_ERROR, VIRT_QEMU_RUN_ERROR_SPAWN,
                    "cannot create %s: %s",
                    out_fd < 0 ? out_path : err_path, g_strerror(errno));
    }
    if (out_fd >= 0) {
        close(out_fd);
    }
    if (err_fd >= 0) {
        close(err_fd);
    }
    if (pid > 0) {
        long long ticks = -1;

        finished = virt_qemu_wait(pid, timeout_s * 1000, &status);
        /* slow, not stuck: a busy machine; wait on while it works */
        for (int i = 0; !finished && i < VIRT_QEMU_MAX_EXTENSIONS &&
                        virt_qemu_busy(pid, &ticks); i++) {
            finished = virt_qemu_wait(pid, timeout_s * 1000, &status);
        }
        if (!finished) {
            virt_qemu_kill(pid);
            g_set_error(errp, VIRT_QEMU_RUN_ERROR,
                        VIRT_QEMU_RUN_ERROR_TIMEOUT,
                        "%s did not finish within %d s and used no CPU in "
                        "the last of them (killed)", argv[0], timeout_s);
        }
    }
    out_text = qemu_run_slurp(out_path);
    err_text = qemu_run_slurp(err_path);
    g_rmdir(dir);
    if (!finished) {
        return false;
    }
    if (exit_status != NULL) {
        *exit_status = status;
    }
    if (stdout_text != NULL) {
        *stdout_text = g_steal_pointer(&out_text);
    }
    if (stderr_text != NULL) {
        *stderr_text = g_steal_pointer(&err_text);
    }
    return true;
}

static bool qemu_run_prefixed(const char *line, const char *own)
{
    return g_str_has_prefix(line, own) ||
           g_str_has_prefix(line, "qemu-system-aarch64: ");
}

char *virt_qemu_first_error(const char *stderr_text, const char *program)
{
    g_autofree char *prog = g_path_get_basename(program ? program
                                                : "qemu-system-aarch64");
    g_autofree char *own = g_strdup_printf("%s: ", prog);
    const char *line = stderr_text != NULL ? stderr_text : "";
    const char *nl = strchr(line, '\n');
    GString *msg = g_string_new_len(line, nl ? nl - line : -1);

    /* unprefixed lines continue the message; a blank or prefixed one ends */
    while (nl != NULL && nl[1] != '\0' && nl[1] != '\n' &&
           !qemu_run_prefixed(nl + 1, own)) {
        const char *next = strchr(nl + 1, '\n');

        g_string_append_c(msg, '\n');
        g_string_append_len(msg, nl + 1, next ? next - nl - 1 : -1);
        nl = next;
    }
    if (g_str_has_prefix(msg->str, own)) {
        g_string_erase(msg, 0, (gssize)strlen(own));
    } else if (g_str_has_prefix(msg->str, "qemu-system-aarch64: ")) {
        g_string_erase(msg, 0, (gssize)strlen("qemu-system-aarch64: "));
    }
    return g_string_free(msg, FALSE);
}
