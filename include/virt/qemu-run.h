/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a QEMU binary as a child process: the one implementation the
 * qtest client (tests/qtest/libqtest-virt.c) and `virtboard conform`
 * share. Internal to the tree (not installed).
 *
 * Nothing here prints or exits; failures are GErrors of the domain
 * VIRT_QEMU_RUN_ERROR. Every function may be called from several
 * threads at once (each child is waited for by the thread that started
 * it).
 */
#ifndef VIRT_QEMU_RUN_H
#define VIRT_QEMU_RUN_H

#include <stdbool.h>
#include <sys/types.h>
#include <glib.h>

G_BEGIN_DECLS

#define VIRT_QEMU_RUN_ERROR (virt_qemu_run_error_quark())
GQuark virt_qemu_run_error_quark(void);

typedef enum {
    VIRT_QEMU_RUN_ERROR_SPAWN,      /* no temporary file, fork or exec */
    VIRT_QEMU_RUN_ERROR_TIMEOUT,    /* the child was killed after a timeout */
} VirtQemuRunError;

/* A child's wait status as an exit code: the code, or 128 + signal */
int virt_qemu_status_from_wait(int wstatus);

/*
 * fork + exec @argv[0] (a path) with stdin from /dev/null and
 * stdout/stderr on @out_fd/@err_fd (-1: /dev/null). The child gets
 * PR_SET_PDEATHSIG, so it dies with the thread that started it.
 * Returns its pid, or -1 with @errp set.
 */
pid_t virt_qemu_spawn(const char *const *argv, int out_fd, int err_fd,
                      GError **errp);

/*
 * Wait up to @timeout_ms (0: just look) for @pid. Returns true and sets
 * *@status (virt_qemu_status_from_wait(); -1 if it cannot be known)
 * once the child has been reaped; false while it still runs.
 */
bool virt_qemu_wait(pid_t pid, int timeout_ms, int *status);

/*
 * Time limits here catch hangs, not slowness: on a busy machine QEMU
 * takes many times longer, but it keeps using CPU. virt_qemu_busy() is
 * true when @pid has used CPU time (user + system, all threads) since
 * the last call with the same *@ticks (start it at -1): a limit that
 * ran out is then extended, up to VIRT_QEMU_MAX_EXTENSIONS times.
 */
#define VIRT_QEMU_MAX_EXTENSIONS 20
bool virt_qemu_busy(pid_t pid, long long *ticks);

/* SIGKILL @pid unless it has exited, reap it; returns its status */
int virt_qemu_kill(pid_t pid);

/*
 * Run @argv (argv[0] is the binary's path) to completion with stdin
 * from /dev/null; its stdout and stderr are collected through
 * temporary files. After @timeout_s seconds in which it used no CPU
 * (virt_qemu_busy()) the child is killed and
 * VIRT_QEMU_RUN_ERROR_TIMEOUT returned. True when it ran and exited,
 * whatever its status (*@exit_status); the texts are "" when empty.
 */
bool virt_qemu_run(const char *const *argv, int timeout_s, int *exit_status,
                   char **stdout_text, char **stderr_text, GError **errp);

/*
 * QEMU's error message in @stderr_text: its first line without the
 * "PROGRAM: " prefix (@program's basename, or "qemu-system-aarch64",
 * which the oracles' wrapper scripts exec), with the lines that continue
 * it (QEMU's hints, such as "Try 'highmem-redists=on' for more CPUs"); a
 * blank line or a prefixed line ends it. Never NULL.
 */
char *virt_qemu_first_error(const char *stderr_text, const char *program);

G_END_DECLS

#endif /* VIRT_QEMU_RUN_H */
