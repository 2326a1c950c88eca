/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest client of the conformance tests: the client itself
 * (include/virt/qtest.h, in the library, shared with `virtboard
 * conform`) and the tests' policy: which QEMU binaries are the oracles,
 * which one is in use, and skipping (exit 77) or failing under CI=true
 * when there is none. The policy functions may exit; the library's
 * never do.
 */
#ifndef LIBQTEST_VIRT_H
#define LIBQTEST_VIRT_H

#include "virt/qtest.h"

G_BEGIN_DECLS

/* ---- the QEMU binary ---- */

/*
 * The binary sessions run: the oracle chosen with qts_use_oracle(), else
 * $QTEST_QEMU_BINARY, else /usr/bin/qemu-system-aarch64
 */
const char *qts_qemu_binary(void);

/*
 * Make sure the QEMU binary can be run. If not, print why and exit:
 * with status 1 when the environment has CI=true (a CI run must not skip
 * silently), else with status 77, meson's "skipped".
 */
void qts_require_qemu(void);

/* ---- the oracles: several QEMU releases ---- */

/*
 * The binaries to compare with: $QTEST_QEMU_BINARIES (':'-separated,
 * e.g. the wrappers of scripts/qemu-oracles.sh), else the one of
 * qts_qemu_binary(). Empty entries are dropped.
 */
GStrv qts_qemu_binaries(void);

typedef struct QtsOracle {
    char *binary;           /* the path, as listed */
    char *version;          /* "10.0.2", from QMP query-version */
    char *release;          /* "10.0" */
    char *package;          /* query-version's "package" (may be "") */
} QtsOracle;

void qts_oracle_free(QtsOracle *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QtsOracle, qts_oracle_free)

/*
 * Parse the reply of QMP query-version ({"return": {"qemu": {"micro":
 * 2, "minor": 0, "major": 10}, "package": "..."}}) into "10.0.2" and
 * "10.0" (and the package string, unescaped; "" when absent). Pure.
 */
bool qts_parse_query_version(const char *reply, char **version,
                             char **release, char **package,
                             GError **errp);

/* Start @binary (-M none) and ask it query-version */
QtsOracle *qts_oracle_probe(const char *binary, GError **errp);

/*
 * The oracles a conformance test runs against, in list order: every
 * binary of qts_qemu_binaries() is asked its version; each one that
 * cannot run, repeats an earlier one (same version and package) or is
 * of a release virtboard does not model yet is reported on stdout with
 * a "# " line saying why, and left out. A binary that runs but cannot
 * answer counts in *@failures. When no oracle is left, the skip/CI-fail
 * policy of qts_require_qemu() applies (this exits).
 */
GPtrArray *qts_require_oracles(const char *test_name, unsigned *failures);

/*
 * Make @o the QEMU that qts_start*() and qts_run_qemu*() run, and the
 * release qts_qemu_release() names; NULL: back to the default.
 */
void qts_use_oracle(const QtsOracle *o);

/* The release of the oracle in use ("7.2"), or NULL */
const char *qts_qemu_release(void);

/* ---- sessions of the oracle in use ---- */

/*
 * Start the oracle in use with @machine_args (NULL-terminated, e.g. "-M", "virt", ...)
 * and connect the qtest and QMP channels. If QEMU exits during start-up,
 * fail with QTS_ERROR_EXITED; @exit_info (may be NULL) then receives the
 * exit status and QEMU's stderr text.
 */
QTestState *qts_start_ex(const char *const *machine_args, QtsExit *exit_info,
                         GError **errp);
QTestState *qts_start(const char *const *machine_args, GError **errp);

/* ---- one-shot runs ---- */

/*
 * Run QEMU with @args (NULL-terminated, without the binary) to
 * completion, stdin from /dev/null. Kills it and fails with
 * QTS_ERROR_TIMEOUT after @timeout_s seconds (<= 0: the default).
 * Returns true when QEMU ran and exited (whatever its status).
 */
bool qts_run_qemu_timeout(const char *const *args, int timeout_s,
                          int *exit_status, char **stdout_text,
                          char **stderr_text, GError **errp);
bool qts_run_qemu(const char *const *args, int *exit_status,
                  char **stdout_text, char **stderr_text, GError **errp);

/* ---- a software TPM for -tpmdev emulator ---- */

/*
 * The -chardev and -tpmdev options of a TPM on @sock ("-chardev socket,
 * id=chrtpm,path=SOCK -tpmdev emulator,id=tpm0,chardev=chrtpm"), for
 * -device tpm-tis-device,tpmdev=tpm0.
 */
char *qts_swtpm_options(const char *sock);
/*
 * Start "swtpm socket --tpm2 --terminate" listening on @sock, its state
 * in @state_dir (made). Returns when the socket exists (bounded: 10 s),
 * with its pid; 0 and @errp set when swtpm is missing or does not listen.
 * It ends when QEMU closes the connection; qts_swtpm_stop() ends it
 * otherwise (QEMU refused the line before connecting).
 */
GPid qts_swtpm_start(const char *sock, const char *state_dir, GError **errp);
void qts_swtpm_stop(GPid pid);
G_END_DECLS

#endif /* LIBQTEST_VIRT_H */
